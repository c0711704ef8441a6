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
//     ("double push"), early exit once the flow is provably optimal.
//   * Cardinality-first (second step), household coverage and reserved
//     places: the general solver (FIFO discharge, push look-ahead, global
//     price updates) on the extended network; 64-bit costs with an exact
//     overflow check and a 128-bit fallback.
// Weights are quantised to integers (resolution 2^-30 of the largest
// |weight|; the result is exactly optimal for the quantised weights, so its
// total is within rows * 2^-31 * max|weight| of the float optimum).
//
// Complexity: O(V^2 E log(V C)) worst case; near-linear in E in practice.
// Memory at peak: about 22 bytes per candidate edge for the plain score
// objective, about 100 for the other objectives, plus O(rows + columns).
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
  ProgressFn progress;  // (scaling phases done, phases total)
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
// range, negative capacities or non-finite weights.
[[nodiscard]] absl::StatusOr<Assignment> SolveAssignment(int64_t num_rows,
                                                         absl::Span<const int32_t> capacity,
                                                         const EdgeList& edges,
                                                         const AssignmentOptions& options);

}  // namespace jobmatch

#endif  // JOBMATCH_MATCHING_ASSIGNMENT_H_
