// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: independent regions of a bipartite candidate graph. The connected
// components of the rows and columns joined by a set of edges (and, for
// household coverage, by extra ties between rows) are found by union-find,
// grouped into parts of similar size, and each part is copied out as a
// problem of its own: its rows, columns and edges renumbered in increasing
// order of the originals, so that every relative order a solver may depend
// on (row order, column order, the order of a row's edges) is kept. Parts are
// solved on explicit threads (RunTasks, base/internal/task_runner.h) and
// the answers mapped back.
#ifndef JOBMATCH_LIB_MATCHING_INTERNAL_GRAPH_COMPONENTS_H_
#define JOBMATCH_LIB_MATCHING_INTERNAL_GRAPH_COMPONENTS_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "jobmatch/matching/assignment.h"

namespace jobmatch::internal {

// The message of an assignment or stable matching cancelled by its progress
// callback while its parts run.
inline constexpr absl::string_view kAssignmentCancelled = "assignment cancelled";

struct Components {
  int32_t count = 0;
  std::vector<int32_t> of_row;  // -1: the row is on no listed edge
  std::vector<int32_t> of_col;  // -1: the column is on no listed edge
  std::vector<int64_t> edges;   // listed edges per component
};

// Components of the graph formed by edges[edge_ids[k]] (row r is node r,
// column c node num_rows + c). Rows with the same row_tie label >= 0 are
// joined as well (row_tie empty: no ties; a tied row on no listed edge stays
// outside every component). Components are numbered in the order of their
// smallest row. O((E + V) alpha).
Components FindComponents(int64_t num_rows, int64_t num_cols, const EdgeList& edges,
                          absl::Span<const int64_t> edge_ids, absl::Span<const int64_t> row_tie);

// Groups the components into parts for `threads` threads: a component with
// at least `target` edges is a part of its own, smaller ones are packed in
// component order into parts of about `target` edges (target = max(min_part,
// total / (4 * threads))). Returns the part of each component.
std::vector<int32_t> PackComponents(const Components& comps, int threads, int64_t min_part,
                                    int32_t* num_parts);
// Tests: when > 0, replaces the target above (1 = every component a part of
// its own), so that small instances split into many parts.
void SetPartTargetForTesting(int64_t edges);

// One part as a problem of its own (assignment.h): local row k is global
// row rows[k], local column k global column cols[k], local edge k global
// edge edge_ids[k]; all three in increasing global order.
using Part = AssignmentPart;

// Copies every part out of the listed edges in one pass: rows, cols,
// edge_ids, capacity and edges; the caller fills the options it needs.
std::vector<Part> SplitParts(const EdgeList& edges, absl::Span<const int32_t> capacity,
                             absl::Span<const int64_t> edge_ids, const Components& comps,
                             const std::vector<int32_t>& part_of_comp, int32_t num_parts);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_MATCHING_INTERNAL_GRAPH_COMPONENTS_H_
