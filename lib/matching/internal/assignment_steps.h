// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the steps of SolveAssignment, one file each (assignment.cc has the
// plan, the parts and the public calls):
//   assignment_prepare.cc    the checks, the usable edges and the schedule;
//   assignment_bipartite.cc  the solves on the bipartite cost-scaling solver
//                            (plain weight, cardinality by a placement
//                            bonus, household coverage by a household bonus);
//   assignment_network.cc    the solves on the general min-cost-flow solver
//                            (the layered coverage and reserve network, the
//                            exact two-step cardinality first) and
//                            SolveSingle, which picks among them.
// Every solve takes the whole problem's AssignmentSchedule, so a part's
// answer is the whole problem's answer on its rows (docs/allocation.md,
// "Independent regions").
#ifndef JOBMATCH_LIB_MATCHING_INTERNAL_ASSIGNMENT_STEPS_H_
#define JOBMATCH_LIB_MATCHING_INTERNAL_ASSIGNMENT_STEPS_H_

#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/matching/assignment.h"
#include "matching/internal/graph_components.h"

namespace jobmatch::internal {

// Whether column `col` has reserved places for a class.
inline bool HasReserve(const AssignmentOptions& o, int64_t col) {
  return !o.reserved.empty() && o.reserved[col] > 0 && o.reserve_class[col] >= 0;
}

// Whether row `row` belongs to the class column `col` reserves places for.
inline bool Qualifies(const AssignmentOptions& o, int64_t row, int64_t col) {
  return HasReserve(o, col) && ((o.row_classes[row] >> o.reserve_class[col]) & 1) != 0;
}

// An edge's integer cost: its weight quantised by q, negated (the solvers
// minimise).
inline int64_t QuantisedCost(float w, double q) {
  return -std::llround(static_cast<double>(w) * q);
}

// The placement bonus of cardinality first on the bipartite solver: the
// largest that keeps every arc cost (quantised cost - bonus) within the
// solver's 32-bit range, at least 2^30 - 1.
inline int64_t CardinalityBonus(const AssignmentSchedule& params) {
  return (int64_t{1} << 31) - 1 - params.max_abs_cost;
}

// --- assignment_prepare.cc ---------------------------------------------

// The shapes and values of a problem: rows, capacities, edge arrays.
absl::Status Validate(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& e);
// row_group: one entry per row (or none), each >= -1.
absl::Status ValidateGroups(int64_t num_rows, const AssignmentOptions& o);
// reserved, reserve_class (per column) and row_classes (per row): all or
// none, within range.
absl::Status ValidateReserves(int64_t num_rows, absl::Span<const int32_t> capacity,
                              const AssignmentOptions& o);

// Whether the edges come grouped by row (rows non-decreasing), as top-k
// output does.
bool RowSorted(const EdgeList& e);

// The edges worth considering: into a column with places, weight >=
// min_weight (and >= 0 when only the weight counts), one per (row, col) pair
// (the heaviest, lowest index on ties), in index order. `sorted`: the edges
// are grouped by row (RowSorted). O(edges + rows + columns).
std::vector<int64_t> UsableEdges(const EdgeList& e, int64_t num_rows,
                                 absl::Span<const int32_t> capacity, const AssignmentOptions& o,
                                 bool sorted);

// The whole problem's schedule: quantisation, node counts, largest costs,
// the reserve bonus and whether costs are few (eager optimality proofs).
AssignmentSchedule ComputeParams(int64_t num_rows, absl::Span<const int32_t> capacity,
                                 const EdgeList& edges, const std::vector<int64_t>& usable,
                                 const Components& comps, const AssignmentOptions& o);

// --- assignment_bipartite.cc -------------------------------------------

// Pure weight objective with no coverage or reserves: rows -> columns ->
// sink with a bypass per row, solved by the bipartite cost-scaling solver
// (rows in index order, each row's arcs in edge order). Every edge's cost is
// lowered by placement_bonus (0 for the weight objective; cardinality first
// uses a large one, see SolveSingle). OutOfRange when its 64-bit range does
// not suffice.
absl::Status SolvePlain(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
                        const std::vector<int64_t>& usable, bool grouped, const Components& comps,
                        const AssignmentSchedule& params, int64_t placement_bonus,
                        const ProgressFn& progress, std::vector<int64_t>& edge_of_row);

// Per component (by id): 1 when the assignment could place one more row of
// it, i.e. the residual graph has an augmenting path from an unplaced row
// to a column with a free place (Berge). One breadth-first search from all
// unplaced rows at once: O(rows + columns + usable edges).
std::vector<uint8_t> ComponentsShortOfMaximum(int64_t num_rows, absl::Span<const int32_t> capacity,
                                              const EdgeList& edges,
                                              const std::vector<int64_t>& usable,
                                              const Components& comps,
                                              const std::vector<int64_t>& edge_of_row);

// Household coverage first (weight objective, no reserves) on the bipartite
// solver; returns, per component, 1 where it covers fewer households than
// possible (to be solved again by the layered network). The .cc explains
// the construction.
absl::StatusOr<std::vector<uint8_t>> SolveCoverageBipartite(
    int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
    const std::vector<int64_t>& usable, const Components& comps, const AssignmentOptions& o,
    const AssignmentSchedule& params, const ProgressFn& progress,
    std::vector<int64_t>& edge_of_row);

// --- assignment_network.cc ---------------------------------------------

// Lexicographic optimum with group coverage first (and reserves) on the
// layered network; only_comps: solve these components (usable holds only
// their edges), the others keep their rows' placements. The .cc explains
// the network.
absl::Status SolveWithCoverage(int64_t num_rows, absl::Span<const int32_t> capacity,
                               const EdgeList& edges, const std::vector<int64_t>& usable,
                               const Components& comps, const AssignmentOptions& o,
                               const AssignmentSchedule& params, bool holds_first_component,
                               const ProgressFn& progress, std::vector<int64_t>& edge_of_row,
                               const std::vector<uint8_t>* only_comps = nullptr);

// One solve over a problem (the whole one, or a part of a split one) with
// the whole problem's parameters: picks the solver for the objective and
// options. force_general: the plain objective on the general solver (after
// the bipartite one ran out of range somewhere). edge_of_row is filled for
// the rows on usable edges.
absl::Status SolveSingle(int64_t num_rows, absl::Span<const int32_t> capacity,
                         const EdgeList& edges, const std::vector<int64_t>& usable_all,
                         bool grouped, const Components& comps, const AssignmentOptions& o,
                         const AssignmentSchedule& params, bool holds_first_component,
                         bool force_general, const ProgressFn& progress,
                         std::vector<int64_t>& edge_of_row);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_MATCHING_INTERNAL_ASSIGNMENT_STEPS_H_
