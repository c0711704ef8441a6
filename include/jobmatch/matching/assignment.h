// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Optimal capacity-constrained assignment (bipartite b-matching): every row
// (seeker) takes at most one column (vacancy), column j at most
// capacity[j] rows; the total weight of the chosen edges is maximised over a
// sparse candidate graph (for example the top-k edges per seeker from
// topk.h, or any weighted edge list).
//
// Algorithm: minimum-cost flow by cost scaling (Goldberg's epsilon-scaling
// push-relabel) on the network source -> rows -> columns -> sink.
//   * Plain score objective: a solver specialised to this network
//     (lib/bipartite_cost_scaling.h): only rows are active, a column passes
//     an extra unit straight on to the sink or displaces its cheapest holder
//     ("double push"), each row keeps its three best arcs between scans
//     (quick minima), and after a phase a shortest-path pass may prove the
//     flow optimal and end the solve early (with few distinct weights it
//     usually does after one or two phases).
//   * Cardinality first: the same specialised solver with a bonus on every
//     placement (about the largest weight, the most its 32-bit costs
//     allow); the result is checked exactly (no augmenting path, per
//     connected component), and a component where one is left is solved
//     again by counting its placeable rows and then maximising the weight
//     with that many placements on the general solver.
//   * Household coverage (weight objective, no reserves): the same solver
//     with a bonus per covered group (each group gets a column of
//     size - 1 places for its unplaced members), checked per component
//     against the most groups that can be covered; a component that covers
//     fewer is solved again on the layered network below.
//   * Reserved places, coverage with cardinality first, and the components
//     sent back: the general solver (FIFO discharge, push look-ahead,
//     global price updates) on the extended network; 64-bit costs with an
//     exact overflow check and a 128-bit fallback.
// Weights are quantised to integers: round(w * q) with q = 2^30 / max|w|
// over the usable edges (one step = 2^-30 max|w|), each weight moved by at
// most half a step. The result is exactly optimal for the quantised weights
// (and lexicographically for coverage, placements and reserved places, which
// are counts). Its total weight is therefore at least the float optimum of
// the same objective minus (P + P*) x 2^-31 x max|w|, where P is the number
// of rows it places and P* the number an optimum places: the rounding errors
// of the chosen edges and of the optimal ones add up. So the gap is below
// 2 x min(rows, sum of capacities) x 2^-31 x max|w| (tests/assignment_test:
// QuantisationBoundHolds, against an exact brute force; the earlier
// statement, rows x 2^-31 x max|w|, was exceeded up to twofold).
//
// Maximal: no row is left unplaced while one of its usable edges leads to a
// column with a free place (for the weight objective such an edge's
// quantised weight is 0: the optimum is indifferent, and the row is placed
// on the heaviest such edge, rows in index order).
//
// Independent regions (split_components, num_threads): the connected
// components of the graph of usable edges (with cover_groups, a group's
// members tie their components together) are solved apart, in parts, on
// explicit threads. The answer is identical, row for row, to the single
// solve over the whole graph (split_components = false): every solve uses
// the whole problem's quantisation and phase schedule, every network gives
// each component its own sink (and sources), and both solvers keep all their
// decisions per component (docs/allocation.md, "Independent regions").
// Deterministic: the same input and options give the same answer whatever
// num_threads is. Thread safety: SolveAssignment may be called concurrently
// on different inputs.
//
// Complexity: O(V^2 E log(V C)) worst case; near-linear in E in practice.
// Memory at peak: about 24 bytes per candidate edge for the plain score
// objective, about 100 for the other objectives, plus O(rows + columns);
// splitting copies the usable edges once more (20 bytes each) while parts
// are solved.
//
// Example:
//   jobmatch::EdgeList g;             // g.row, g.col, g.weight, same length
//   std::vector<int32_t> capacity = {2, 1};
//   JOBMATCH_ASSIGN_OR_RETURN(auto a, jobmatch::SolveAssignment(
//       /*num_rows=*/3, capacity, g, {}));
//   // a.col_of_row[i]: column of row i, or -1.
#ifndef JOBMATCH_MATCHING_ASSIGNMENT_H_
#define JOBMATCH_MATCHING_ASSIGNMENT_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/base/progress.h"

namespace jobmatch {

// Weighted bipartite edges; parallel arrays of equal length. Duplicate
// (row, col) pairs are allowed (the best one counts).
struct EdgeList {
  std::vector<int64_t> row;
  std::vector<int64_t> col;
  std::vector<float> weight;
  int64_t size() const { return static_cast<int64_t>(row.size()); }
};

enum class AssignmentObjective {
  kMaxWeight = 0,                 // maximise the total weight
  kMaxCardinalityThenWeight = 1,  // place as many rows as possible, then
                                  // maximise the weight among those
};

struct AssignmentOptions {
  AssignmentObjective objective = AssignmentObjective::kMaxWeight;
  // Edges with a weight below this are ignored. With kMaxWeight, edges of
  // negative weight are never worth taking, whatever this says.
  float min_weight = -std::numeric_limits<float>::infinity();
  // Household coverage (零就业家庭 动态清零): a group id per row (-1 = in no
  // group; empty = no groups). With cover_groups, the solver first places at
  // least one member of as many groups as possible, then optimises the
  // objective among the solutions that cover that many groups (exact:
  // lexicographic optimum, by flows with a node per group).
  std::vector<int64_t> row_group;
  bool cover_groups = false;
  // Reserved places (quotas): reserved[j] of column j's places are kept for
  // rows of reserve class reserve_class[j] (bit set in row_classes[row]);
  // places a class does not fill are released to everyone. The solver
  // maximises the reserved places filled by their class before the weight
  // (after coverage and cardinality, when those are asked for). Empty
  // vectors = no reserves; otherwise reserved and reserve_class have one
  // entry per column (0 <= reserved[j] <= capacity[j], class -1..63) and
  // row_classes one per row.
  std::vector<int32_t> reserved;
  std::vector<int32_t> reserve_class;
  std::vector<uint64_t> row_classes;
  // Independent regions: the connected components of the graph of usable
  // edges (with cover_groups, the members of a group tie theirs together)
  // are solved apart, grouped into parts, on up to num_threads threads (0 =
  // all hardware threads; with one thread the whole graph is solved at once,
  // as parts would only copy it). The answer is identical to the single
  // solve over the whole graph (split_components = false): every solve runs
  // the whole problem's schedule and each component has its own sink in the
  // networks.
  int num_threads = 1;
  bool split_components = true;
  // (scaling phases done, phases total) of the single solve; with parts,
  // (parts done, parts total).
  ProgressFn progress;
};

struct Assignment {
  std::vector<int64_t> col_of_row;   // -1 = unassigned
  std::vector<int64_t> edge_of_row;  // index into the EdgeList, or -1
  int64_t cardinality = 0;
  double total_weight = 0.0;   // sum of the chosen edges' float weights
  int64_t groups_covered = 0;  // groups (row_group) with a placed member
  // Reserved places filled by their class: sum over columns of
  // min(reserved[j], rows of class reserve_class[j] placed in j).
  int64_t reserved_filled = 0;
};

// Fails with InvalidArgument on mismatched array lengths, indexes out of
// range, negative capacities, non-finite weights or negative num_threads.
[[nodiscard]] absl::StatusOr<Assignment> SolveAssignment(int64_t num_rows,
                                                         absl::Span<const int32_t> capacity,
                                                         const EdgeList& edges,
                                                         const AssignmentOptions& options);

// ------------------------------------------------------------ split solves
//
// SolveAssignment with split_components runs three steps, public so that the
// parts can be solved elsewhere — other processes or machines
// (jobmatch.distributed) — with an answer identical to SolveAssignment's:
//
//   JOBMATCH_ASSIGN_OR_RETURN(AssignmentPlan plan,
//                             PlanAssignment(rows, capacity, edges, options, 8));
//   std::vector<std::vector<int64_t>> answers;
//   for (const AssignmentPart& p : plan.parts)   // anywhere, in any order
//     answers.push_back(*SolveAssignmentPart(plan.schedule, p));
//   JOBMATCH_ASSIGN_OR_RETURN(Assignment a,
//       FinishAssignment(rows, capacity, edges, options, plan, answers));
//
// When any part's solve returns OutOfRange (its costs need more than the
// fast solver's 64 bits), every part is solved again with force_general =
// true, as SolveAssignment does; the answer is then still SolveAssignment's.

// The whole problem's parameters, which every part follows: quantisation,
// node counts that set the cost scaling and the phase schedule, the reserve
// bonus. Plain numbers, to be copied to wherever a part is solved; only
// PlanAssignment's values give SolveAssignment's answer (values that are not
// well-formed are refused; others may give a different, never an invalid,
// assignment, which FinishAssignment checks).
struct AssignmentSchedule {
  double q = 1.0;                  // quantisation: cost = -llround(weight * q)
  int64_t components = 0;          // connected components of the whole graph
  int64_t active_rows = 0;         // rows with a usable edge
  int64_t active_cols = 0;         // columns with a usable edge
  int64_t groups = 0;              // distinct groups of active rows (coverage)
  int64_t all_cols = 0;            // columns
  int64_t reserve_cols = 0;        // columns with a reserve
  int64_t idle_col_nodes = 0;      // layered-network nodes of columns on no usable edge
  bool layered = false;            // coverage or reserves: the layered network
  int64_t max_abs_cost = 0;        // largest |quantised cost| of a usable edge
  int64_t bonus = 0;               // reserve bonus
  int64_t max_abs_bonus_cost = 0;  // largest |cost - bonus| of a qualifying edge
  bool eager_proofs = false;       // few distinct costs: the proof after every phase
};

// One part: whole components of the graph as a problem of its own. Local
// row k is global row rows[k], local column k global column cols[k], local
// edge k global edge edge_ids[k], each in increasing global order; `edges`,
// `capacity` and `options` (groups, classes, reserves; threads and progress
// unused) are in local numbers.
struct AssignmentPart {
  std::vector<int64_t> rows;
  std::vector<int64_t> cols;
  std::vector<int64_t> edge_ids;
  std::vector<int32_t> capacity;
  EdgeList edges;
  AssignmentOptions options;
  bool grouped = false;                // the whole problem's edges come grouped by row
  bool holds_first_component = false;  // the part of the component with the smallest row
};

struct AssignmentPlan {
  AssignmentSchedule schedule;
  std::vector<AssignmentPart> parts;
  // For FinishAssignment: the usable edges (global, increasing) and whether
  // each column is on one.
  std::vector<int64_t> usable_edges;
  std::vector<uint8_t> col_on_usable_edge;
};

// Validates the problem as SolveAssignment does, finds the components of the
// usable edges and packs them into parts of about equal size: about
// 4 x `parts_hint` parts when the graph allows (a component is never cut;
// parts of at least 16,384 edges unless a component is smaller). O(E + V).
[[nodiscard]] absl::StatusOr<AssignmentPlan> PlanAssignment(int64_t num_rows,
                                                            absl::Span<const int32_t> capacity,
                                                            const EdgeList& edges,
                                                            const AssignmentOptions& options,
                                                            int parts_hint);

// Solves one part with the whole problem's schedule: per local row, the
// local edge it takes, or -1. InvalidArgument for a part that is not
// well-formed (sizes, indexes, weights, groups, reserves); OutOfRange when
// the fast solver's 64 bits do not suffice (then solve every part with
// force_general). Single-threaded; thread-safe.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> SolveAssignmentPart(
    const AssignmentSchedule& schedule, const AssignmentPart& part, bool force_general = false);

// The assignment from every part's answer (answers[k] for plan.parts[k]),
// completed and summed as SolveAssignment completes its own. The answers are
// checked (sizes, edges of their rows, capacities): InvalidArgument if not.
[[nodiscard]] absl::StatusOr<Assignment> FinishAssignment(
    int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
    const AssignmentOptions& options, const AssignmentPlan& plan,
    absl::Span<const std::vector<int64_t>> answers);

}  // namespace jobmatch

#endif  // JOBMATCH_MATCHING_ASSIGNMENT_H_
