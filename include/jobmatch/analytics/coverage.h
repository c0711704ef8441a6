// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Key-group coverage of recommendations and allocations: aggregates per key
// group (counts and sums only; no individual's membership leaves these
// functions). The CLI's `demo` and `allocate` print them (docs/cli.md).
//
//   auto cov = jobmatch::KeyGroupCoverage(seekers, vocab, for_seekers, for_vacancies);
//   for (const auto& row : cov->rows) ...  // one row per non-empty group, then all seekers
//
// Both functions run in O(seekers x (groups + k) + vacancy rows x k) time,
// allocate O(seekers + groups), are deterministic and thread-safe (they read
// their arguments only).
#ifndef JOBMATCH_ANALYTICS_COVERAGE_H_
#define JOBMATCH_ANALYTICS_COVERAGE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/search/topk.h"

namespace jobmatch {

// One key group (or every seeker: all_seekers, group empty).
struct GroupCoverageRow {
  std::string group;
  bool all_seekers = false;
  int64_t seekers = 0;              // members (> 0: empty groups are left out)
  int64_t with_recommendation = 0;  // members whose own list has >= 1 vacancy
  int64_t in_vacancy_top_k = 0;     // members on at least one vacancy's list
  double best_score_sum = 0.0;      // sum over members of their best score (0 if none),
                                    // added in seeker-row order
};

struct KeyGroupCoverageTable {
  // Vocabulary group order, groups with no member left out; last, all seekers
  // (when there is at least one seeker).
  std::vector<GroupCoverageRow> rows;
};

// `for_seekers`: a kVacanciesForSeekers result, `for_vacancies`: a
// kSeekersForVacancies result, both over `seekers` (any subset of rows, in any
// order; seekers without a row count as having no recommendation).
// InvalidArgument on a wrong direction, a row or entry outside the table, or
// inconsistent shapes.
[[nodiscard]] absl::StatusOr<KeyGroupCoverageTable> KeyGroupCoverage(
    const SeekerTable& seekers, const Vocabulary& vocab, const TopKResult& for_seekers,
    const TopKResult& for_vacancies);

struct GroupPlacementRow {
  std::string group;
  bool all_seekers = false;
  int64_t seekers = 0;  // members (> 0)
  int64_t placed = 0;   // members with a vacancy
};

struct AllocationGroupSummary {
  std::vector<GroupPlacementRow> rows;        // as KeyGroupCoverageTable::rows
  std::array<int64_t, 4> seeker_outcomes{};   // by SeekerOutcome value
  std::array<int64_t, 4> vacancy_outcomes{};  // by VacancyOutcome value
};

// InvalidArgument when `result` does not have one entry per seeker (and its
// vacancy outcomes one per vacancy of some table: not checked here).
[[nodiscard]] absl::StatusOr<AllocationGroupSummary> SummariseAllocationByGroup(
    const AllocationResult& result, const SeekerTable& seekers, const Vocabulary& vocab);

}  // namespace jobmatch

#endif  // JOBMATCH_ANALYTICS_COVERAGE_H_
