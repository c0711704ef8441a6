// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Equal-employment audit (policy measure 二十): are the key groups (重点群体)
// served at least as well as seekers in no key group, within comparable
// skill, and what does priority cost. Aggregates only: one row per cell, no
// individual's data; cells smaller than the policy's audit.min_cell_seekers
// are suppressed. Exact definitions, a worked example and the cost:
// docs/analytics.md, "Equal-employment audit (二十)".
//
//   jobmatch::AuditOptions o;
//   o.k = 10;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::AuditTable t, jobmatch::Audit(scorer, o));
//   for (const jobmatch::AuditRow& r : t.groups) ...
//
// Definitions in short. Only vacancies with openings >= 1 ("open") count.
// Cells: every key group of the Vocabulary (id order), "none" (seekers in
// no key group), every pair of groups a < b as "a&b" (seekers in both), and
// "all". For the seekers of a cell (n of them):
//   * eligible_share: share with at least one eligible open vacancy;
//   * listed_share: share in at least one open vacancy's top-k seeker list
//     (search/topk.h, vacancy direction, the policy's scores, ties by row);
//   * exposure: sum over those lists of 1 / log2(1 + rank) (rank 1-based),
//     summed per seeker and averaged over the n seekers;
//   * placements, placement_rate = placements / n, mean_score_placed (the
//     policy's score, boosts included; NaN when nobody is placed) and
//     base_score_total (sum of Explanation::base of the placed pairs) in the
//     priority-on allocation (the given one, or Allocate under the policy);
//   * the same *_no_priority in the priority-off allocation: Allocate with
//     the same AllocationOptions under a copy of the policy without priority
//     rules and with max_total_boost 0 (eligibility, quotas and household
//     coverage unchanged), where a pair's score is its base score;
//   * impact_ratio = placement_rate / placement_rate of "none" in the same
//     stratum (NaN when either cell is suppressed or none's rate is 0);
//     four_fifths_flag = impact_ratio < 0.8 (1), >= 0.8 (0), -1 when the
//     ratio is NaN. The same for the priority-off side.
// Strata of comparable skill: a seeker's best base score over the eligible
// open vacancies, b(s). With N seekers having one, and r(s) the number of
// them with a best base strictly below b(s), the stratum is
// 1 + floor(5 r(s) / N), in 1..5 (quintiles; tied seekers share the
// stratum of the first of them). Seekers with no eligible open vacancy are
// stratum 0, shown apart (their placement rate is 0 by construction).
// Suppression: a cell with n < min_cell_seekers is suppressed: seekers -1,
// every rate, share, total and flag NaN / -1 (the size is withheld too). In
// the strata table, per cell label, when the suppressed strata together
// hold between 1 and min_cell_seekers - 1 seekers, the smallest shown
// strata are suppressed too until they hold at least min_cell_seekers or
// all are suppressed (so the row for the whole cell minus the shown strata
// does not reveal a small one). Cells of overlapping groups are not
// protected against differencing across groups: docs/analytics.md.
//
// Cost: one vacancy-direction top-k (k per open vacancy) under the policy,
// one seeker-direction top-1 under the priority-off policy (sharing its
// candidate index with the priority-off allocation), the allocations (one
// or two) and O(S * cells) aggregation, where cells = G + 2 + G (G - 1) / 2
// for G key groups (x 6 with strata). Memory: the top-k lists (V * k * 12
// bytes) and the allocations. Deterministic (independent of num_threads:
// sums are added in seeker row order); thread-safe (reads its arguments).
#ifndef JOBMATCH_ANALYTICS_AUDIT_H_
#define JOBMATCH_ANALYTICS_AUDIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/analytics/mismatch.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch {

struct AuditOptions {
  // Length of each open vacancy's seeker list, >= 1.
  int k = 10;
  // The priority-on placements: the vacancy row of each seeker row, or -1
  // (e.g. AllocationResult::vacancy_of_seeker, or ReadPlacementsFromAllocationCsv).
  // Empty: allocate with `allocation` under the scorer's policy. Otherwise
  // one entry per seeker row; every placed pair must be eligible and no
  // vacancy placed beyond its openings (InvalidArgument otherwise).
  std::vector<int64_t> vacancy_of_seeker;
  // Method and options of the allocations made here (the priority-off one
  // always; the priority-on one when none is given). Its num_threads,
  // progress and exhaustive fields are replaced by the ones below.
  AllocationOptions allocation;
  // nullopt = the policy's audit.min_cell_seekers (default 10); >= 1.
  std::optional<int32_t> min_cell_seekers;
  // False: the strata table is left empty.
  bool strata = true;
  int num_threads = 0;  // 0 = all cores
  // Top-k searches score every pair (TopKOptions::exhaustive); same result.
  bool exhaustive = false;
  // Called with (stages done, 5) after each stage: vacancy lists, best base
  // scores, priority-on allocation, priority-off allocation, aggregation.
  // Returning false cancels (CancelledError).
  ProgressFn progress;
};

inline constexpr int kAuditStrata = 5;

struct AuditRow {
  std::string group;  // a key group's name, "none", "a&b" or "all"
  // -1: all seekers of the cell; 0: no eligible open vacancy; 1..5: quintile.
  int stratum = -1;
  bool suppressed = false;
  int64_t seekers = 0;  // -1 when suppressed
  double eligible_share = 0.0;
  double listed_share = 0.0;
  double exposure = 0.0;
  int64_t placements = 0;  // -1 when suppressed
  double placement_rate = 0.0;
  double mean_score_placed = 0.0;  // NaN when nobody of the cell is placed
  double base_score_total = 0.0;
  double impact_ratio = 0.0;
  int four_fifths_flag = -1;  // 1: impact_ratio < 0.8; 0: >= 0.8; -1: NaN
  int64_t placements_no_priority = 0;
  double placement_rate_no_priority = 0.0;
  double base_score_total_no_priority = 0.0;
  double impact_ratio_no_priority = 0.0;
  int four_fifths_flag_no_priority = -1;
};

struct AuditTable {
  // One row per cell (stratum -1): the key groups in id order, "none", the
  // pairs (a, b) with a < b in id order, "all".
  std::vector<AuditRow> groups;
  // Per cell in the same order, strata 0..5 (empty with strata = false).
  std::vector<AuditRow> strata;
  int k = 0;
  int32_t min_cell_seekers = 0;
  // True when the priority-on allocation was made here (none given).
  bool allocated = false;
};

// InvalidArgument on k < 1, min_cell_seekers < 1 or a bad given
// allocation (see AuditOptions); ResourceExhausted / Cancelled from the
// searches and allocations.
[[nodiscard]] absl::StatusOr<AuditTable> Audit(const Scorer& scorer, const AuditOptions& options);

// The policy without priority: `policy` with no priority rules and
// max_total_boost 0 (everything else unchanged).
Policy PolicyWithoutPriority(const Policy& policy);

// ReadPlacementsFromAllocationCsv (analytics/mismatch.h) reads the placed
// pairs of an allocation CSV from `jobmatch allocate`.

// The group cells as CSV (mode 0644: aggregates): group,seekers,
// eligible_share,listed_share,exposure,placements,placement_rate,
// mean_score_placed,base_score_total,impact_ratio,four_fifths_flag,
// placements_no_priority,placement_rate_no_priority,
// base_score_total_no_priority,impact_ratio_no_priority,
// four_fifths_flag_no_priority; NaN, -1 counts and -1 flags written empty.
[[nodiscard]] absl::Status WriteAuditCsv(const std::string& path, const AuditTable& table);
// The strata table: the same columns with `stratum` after `group`.
[[nodiscard]] absl::Status WriteAuditStrataCsv(const std::string& path, const AuditTable& table);

}  // namespace jobmatch

#endif  // JOBMATCH_ANALYTICS_AUDIT_H_
