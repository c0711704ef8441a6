// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Stable matching with capacities (the hospital/residents problem): rows
// (seekers) each take at most one column (vacancy), column j at most
// capacity[j] rows. Preferences come from edge weights on a candidate graph:
//   * a row ranks its edges by row weight, highest first (ties: lower column
//     index first);
//   * a column ranks its edges by column weight, highest first (ties: lower
//     row index first). Column weights default to the row weights — the
//     pair's score, which includes the priority boosts of key groups.
// Only listed edges are acceptable; a pair without an edge never matches.
//
// Deferred acceptance (Gale–Shapley), rows proposing (the seeker-optimal
// stable matching) or columns proposing (the vacancy-optimal one). The
// result has no blocking pair: no edge (r, c) where r prefers c to its match
// (or is unmatched) and c has a free place or prefers r to one of its rows.
//
// Complexity: O(E log E) to order preference lists plus O(E log b) for the
// proposals (b = largest capacity). Memory: about 8 bytes per edge with rows
// proposing, 12 with columns, plus 8 when the input is not grouped by row.
// Limits: at most 2^30 rows and 2^30 columns; -0.0 and +0.0 are equal
// weights; non-finite column weights and a NaN min_weight are refused. The
// last progress call is (done, done).
//
// Example:
//   jobmatch::StableMatchingOptions o;
//   o.proposer = jobmatch::Proposer::kRows;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::Assignment m,
//       jobmatch::SolveStableMatching(num_rows, capacity, edges, o));
#ifndef JOBMATCH_MATCHING_STABLE_MATCHING_H_
#define JOBMATCH_MATCHING_STABLE_MATCHING_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/matching/assignment.h"

namespace jobmatch {

enum class Proposer {
  kRows = 0,     // seekers propose: seeker-optimal stable matching
  kColumns = 1,  // vacancies propose: vacancy-optimal stable matching
};

struct StableMatchingOptions {
  Proposer proposer = Proposer::kRows;
  // Edges with a row weight below this are not acceptable to either side.
  float min_weight = -std::numeric_limits<float>::infinity();
  // Optional column-side weights, parallel to the edge list; empty = use
  // the edge weights for both sides.
  std::vector<float> column_weight;
  // Minority reserves (Hafalir, Yenmez and Yildirim 2013, "Effective
  // affirmative action in school choice"): reserved[j] of column j's places
  // go first to rows of class reserve_class[j] (bit set in row_classes).
  // Column j chooses from its applicants by taking, in its preference order,
  // up to reserved[j] rows of the class, then filling the remaining places
  // with the best of the rest; unfilled reserved places are thus released.
  // Rows propose (deferred acceptance with that choice function, which is
  // substitutable, so the result is stable and row-optimal under it);
  // Proposer::kColumns with reserves is refused. Shapes as in
  // AssignmentOptions; empty = no reserves.
  std::vector<int32_t> reserved;
  std::vector<int32_t> reserve_class;
  std::vector<uint64_t> row_classes;
  // Independent regions: with split_components, the connected components
  // of the graph of acceptable edges are matched apart, grouped into parts,
  // on up to num_threads threads (0 = all hardware threads). The stable
  // matching asked for (row- or column-optimal) is unique, so the answer is
  // the same as without (which saves the components' pass and copies: 8
  // bytes per acceptable edge plus the parts' edge lists, while they run).
  int num_threads = 1;
  bool split_components = false;
  // (proposals made, upper bound on proposals); with parts, (parts done,
  // parts total).
  ProgressFn progress;
};

// The result uses Assignment (assignment.h): col_of_row, edge_of_row,
// cardinality and total_weight (sum of row weights of matched edges).
// Fails with InvalidArgument on malformed input (as SolveAssignment) or a
// column_weight of the wrong length. Duplicate (row, col) edges: the one with
// the highest row weight (then lowest index) counts.
[[nodiscard]] absl::StatusOr<Assignment> SolveStableMatching(int64_t num_rows,
                                                             absl::Span<const int32_t> capacity,
                                                             const EdgeList& edges,
                                                             const StableMatchingOptions& options);

// Edges (indexes into `edges`) that block `matching` under the preferences
// above; empty means stable. The matching is read from col_of_row; each
// pair's preference comes from the edge that counts for it (see above).
// Malformed edges are skipped. Written independently of the solver, for
// tests and audits. O(E).
std::vector<int64_t> FindBlockingEdges(int64_t num_rows, absl::Span<const int32_t> capacity,
                                       const EdgeList& edges, const StableMatchingOptions& options,
                                       const Assignment& matching);

}  // namespace jobmatch

#endif  // JOBMATCH_MATCHING_STABLE_MATCHING_H_
