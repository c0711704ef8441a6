// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Exact top-k recommendation in both directions: the k best vacancies for
// each seeker, or the k best seekers for each vacancy. Ineligible pairs are
// never returned. Results are exact: equal to scoring every pair with
// Scorer::Score and sorting by (score descending, row index ascending) —
// that tie-break makes results deterministic, independent of thread count.
//
// Pruning (the default; TopKOptions::exhaustive = true scores every pair).
// The candidates of a direction (vacancies for seeker rows, seekers for
// vacancy rows) are indexed once per Scorer: k-d trees over their points on
// the sphere, one per class (remote / on-site posts; seekers by remote
// acceptance and commute range), whose leaves are cut into small groups of
// alike candidates. A row considers only the groups it can reach under the
// commute rule (all of them when the rule is off, and remote posts for a
// seeker who accepts remote work), computes an upper bound of the score of
// every member of each, and scores a group only while that bound can still
// beat the row's current k-th result, ties included (an equal score with a
// lower index would win, so such a group is scored). The bounds apply the
// scorer's own float operations, in its order, to each group's most
// favourable values, and the commute test uses a float-exact lower bound of
// the scorer's chord distance, so nothing the scorer would list is skipped:
// results (lists, scores, order) are bit-identical to the exhaustive scan
// for every policy. A rule the policy switches off prunes nothing.
//
// The index is built by the first pruned query of each direction, in
// O(C log C) for C candidates and about 200 bytes per vacancy or 120 bytes
// per seeker, kept for the Scorer's lifetime and shared by concurrent
// queries (the build itself runs once, on the calling thread, before any
// progress is reported). A query of fewer than 64 rows on a Scorer without
// that index scans exhaustively instead (cheaper than building it), as does
// a policy scored by the embedding alone with no eligibility rule and no
// boost (nothing to bound), and a search over fewer than 4096 candidates
// (where the exhaustive scan is as fast). Either way the result is the same.
//
// Work is tiled and vectorised; embeddings use a blocked matrix-product
// kernel. Runs on `num_threads` threads (0 = all hardware threads); the
// calling thread reports progress.
//
// Complexity: exhaustive O(|S| * |V| * (r + d)) for r requirements per
// vacancy and embedding dimension d. Pruned: per row, a bound for each group
// within reach (O(candidates within reach / group size)) plus the scoring of
// the groups that can still enter, typically a few percent of the candidates
// within reach at city scale (docs/benchmarks.md); the worst case (bounds
// that never prune, e.g. identical candidates) is the exhaustive cost plus
// the bounds. O(rows * k) result memory plus O(threads * tile).
//
// Example:
//   jobmatch::TopKOptions opt; opt.k = 20;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::TopKResult r,
//       jobmatch::TopVacanciesForSeekers(scorer, opt));
//   // r.index[i * r.k + j]: vacancy row of seeker i's (j+1)-th best, or -1.
#ifndef JOBMATCH_SEARCH_TOPK_H_
#define JOBMATCH_SEARCH_TOPK_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch {

enum class Direction {
  kVacanciesForSeekers = 0,  // rows are seekers, entries vacancies
  kSeekersForVacancies = 1,  // rows are vacancies, entries seekers
};

struct TopKOptions {
  int k = 10;           // >= 1
  int num_threads = 0;  // 0 = all cores (ResolveThreadCount, base/threads.h)
  // Rows to answer (seeker rows or vacancy rows, by direction); empty = all.
  // Row i of the result answers rows[i].
  std::vector<int64_t> rows;
  // Called with (rows done, rows total).
  ProgressFn progress;
  // Candidates never returned (vacancy rows for kVacanciesForSeekers, seeker
  // rows for kSeekersForVacancies), as a bit set: candidate c is excluded
  // when bit c % 64 of word c / 64 is set. Empty = none excluded. Not owned:
  // must stay valid during the call and hold at least ceil(candidates / 64)
  // words. A public option with three users in the library: the live engine
  // (engine.h) skips removed rows, allocation (allocation.h) vacancies without
  // openings, outreach lists (analytics/outreach.h) vacancies the allocation
  // filled.
  absl::Span<const uint64_t> excluded_candidates;
  // The result takes rows x k x 12 bytes (+ 8 per row); a larger estimate is
  // refused with ResourceExhausted before anything is allocated. 0 = the
  // default budget (base/memory_budget.h: half the physical memory).
  int64_t memory_budget_bytes = 0;
  // false (default): the pruned search — only the candidates a row can reach
  // under the commute rule are considered, and a group of candidates whose
  // upper bound cannot beat the row's current k-th result is not scored.
  // true: score every pair (the exhaustive scan, the previous behaviour).
  // Both give identical results, scores and order, bit for bit; see
  // "Pruning" above. Honoured together with rows and excluded_candidates.
  bool exhaustive = false;
};

// Row-major rows x k result. Missing entries (fewer than k eligible
// candidates) have index -1 and score -infinity, always at the end of a row.
struct TopKResult {
  Direction direction = Direction::kVacanciesForSeekers;
  int64_t rows = 0;
  int k = 0;
  std::vector<int64_t> row_ids;  // the row index answered by each result row
  std::vector<int64_t> index;    // rows * k candidate row indexes
  std::vector<float> score;      // rows * k scores
};

[[nodiscard]] absl::StatusOr<TopKResult> TopK(const Scorer& scorer, Direction direction,
                                              const TopKOptions& options);

inline absl::StatusOr<TopKResult> TopVacanciesForSeekers(const Scorer& scorer,
                                                         const TopKOptions& options) {
  return TopK(scorer, Direction::kVacanciesForSeekers, options);
}
inline absl::StatusOr<TopKResult> TopSeekersForVacancies(const Scorer& scorer,
                                                         const TopKOptions& options) {
  return TopK(scorer, Direction::kSeekersForVacancies, options);
}

}  // namespace jobmatch

#endif  // JOBMATCH_SEARCH_TOPK_H_
