// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Congestion of recommendation lists: when every seeker is shown the same few
// good vacancies, those vacancies are recommended far beyond their openings
// and most seekers' lists hold nothing they can realistically get.
//
// AnalyseCongestion counts, for each vacancy, the seekers whose list holds
// it, against its openings. A vacancy is over-subscribed when it is on more
// than `factor` x openings lists. The headline measure is the share of
// seekers (with a non-empty list) whose list holds at least one vacancy that
// is not over-subscribed.
//
// CapacityAwareRecommendations starts from each seeker's plain top-k and
// repairs lists that hold only over-subscribed vacancies: the seeker's
// lowest entry is swapped for its best-scoring candidate (among its exact
// top `candidates`, a longer list than k) that still has room, i.e. stays
// within factor x openings lists after the swap. Each swap moves one
// appearance from a crowded vacancy to one with room, so a swap never makes
// another seeker lose an uncongested entry, and the headline measure never
// gets worse than the plain ranking. Seekers are visited in row order for a
// few passes (swaps free room on crowded vacancies). A seeker keeps its
// k - 1 best entries in score order, the swapped-in one last. Scores
// reported stay the pairs' true scores. Deterministic.
//
// Example:
//   auto report = jobmatch::AnalyseCongestion(top, vacancies, {});
//   jobmatch::RerankOptions o; o.k = 10;
//   JOBMATCH_ASSIGN_OR_RETURN(auto spread,
//       jobmatch::CapacityAwareRecommendations(scorer, o));
#ifndef JOBMATCH_MATCHING_CONGESTION_H_
#define JOBMATCH_MATCHING_CONGESTION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"

namespace jobmatch {

struct CongestionOptions {
  // Over-subscribed: on more than factor x openings lists (> 0).
  double factor = 2.0;
};

struct CongestionReport {
  std::vector<int64_t> recommended_to;  // per vacancy row
  std::vector<uint8_t> oversubscribed;  // per vacancy row
  int64_t oversubscribed_vacancies = 0;
  int64_t seekers_with_list = 0;
  int64_t seekers_with_uncongested = 0;  // with >= 1 vacancy not over-subscribed
  double share_with_uncongested = 0.0;   // of seekers_with_list (1 when none)
  double max_ratio = 0.0;                // max recommended_to / openings
};

// `lists` must be a kVacanciesForSeekers result over `vacancies` (checked:
// InvalidArgument otherwise).
[[nodiscard]] absl::StatusOr<CongestionReport> AnalyseCongestion(const TopKResult& lists,
                                                                 const VacancyTable& vacancies,
                                                                 const CongestionOptions& options);

struct RerankOptions {
  int k = 10;          // list length
  int candidates = 0;  // exact candidates per seeker; 0 = 3 * k
  int passes = 3;      // repair passes over the seekers (>= 0)
  CongestionOptions congestion;
  int num_threads = 0;  // for the candidate top-k
  ProgressFn progress;  // candidate top-k progress
  // Budget of the candidate top-k (TopKOptions::memory_budget_bytes); 0 =
  // default. Candidates beyond the number of vacancies are not kept.
  int64_t memory_budget_bytes = 0;
  // The candidate top-k scores every pair instead of pruning
  // (TopKOptions::exhaustive); the result is the same.
  bool exhaustive = false;
};

struct RerankResult {
  TopKResult lists;         // kVacanciesForSeekers, k entries per seeker
  CongestionReport before;  // plain ranking (first k candidates)
  CongestionReport after;   // after the repair
  int64_t swaps = 0;        // list entries replaced
};

[[nodiscard]] absl::StatusOr<RerankResult> CapacityAwareRecommendations(
    const Scorer& scorer, const RerankOptions& options);

}  // namespace jobmatch

#endif  // JOBMATCH_MATCHING_CONGESTION_H_
