// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Results as CSV: recommendation lists (top-k, optionally with the score of
// every component) and allocations (one line per seeker, one per vacancy).
// Formats in docs/data_formats.md. Output is UTF-8 without BOM, LF line
// ends, RFC 4180 quoting; files are written through a temporary file and
// renamed, so readers never see a half-written one.
//
// These files can hold personal data: explained recommendations name the
// priority rules that fired (which reveals key-group memberships), and an
// allocation says who was placed where.
//
// Example:
//   JOBMATCH_RETURN_IF_ERROR(jobmatch::WriteRecommendationsCsv(
//       "recs.csv", top, scorer, /*explain=*/true));
#ifndef JOBMATCH_REPORT_RESULTS_CSV_H_
#define JOBMATCH_REPORT_RESULTS_CSV_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"

namespace jobmatch {

// Recommendations: one line per (row, rank). With `explain`, adds one column
// per score component, the boost, distance and the fired rules.
[[nodiscard]] absl::Status WriteRecommendationsCsv(const std::string& path,
                                                   const TopKResult& result, const Scorer& scorer,
                                                   bool explain);
// Recommendation lists given as columns, in the format WriteRecommendationsCsv
// writes without `explain` (a merged distributed result, python
// jobmatch.distributed): line i is `answer_ids[i],rank[i],entry_ids[i],
// score[i]` under the header of `direction`, score as the shortest text
// that reads back to the same float. The four columns must have one length
// and ranks must be >= 1 (InvalidArgument otherwise; nothing is written).
[[nodiscard]] absl::Status WriteListsCsv(const std::string& path, Direction direction,
                                         absl::Span<const std::string> answer_ids,
                                         absl::Span<const int64_t> rank,
                                         absl::Span<const std::string> entry_ids,
                                         absl::Span<const float> score);
// Allocation results (docs/data_formats.md): one line per seeker,
// `seeker_id,vacancy_id,score,outcome` (vacancy and score empty when
// unplaced), and one per vacancy, `vacancy_id,openings,filled,outcome`.
[[nodiscard]] absl::Status WriteAllocationCsv(const std::string& path,
                                              const AllocationResult& result, const Scorer& scorer);
[[nodiscard]] absl::Status WriteVacancyFillCsv(const std::string& path,
                                               const AllocationResult& result,
                                               const Scorer& scorer);
// Same, to a string (for tests and bindings). Precondition (checked, aborts):
// `result` was computed by TopK on `scorer` (row and candidate indexes in
// range); WriteRecommendationsCsv returns InvalidArgument instead.
std::string RecommendationsToCsv(const TopKResult& result, const Scorer& scorer, bool explain);

}  // namespace jobmatch

#endif  // JOBMATCH_REPORT_RESULTS_CSV_H_
