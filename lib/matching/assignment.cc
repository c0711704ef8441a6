// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// SolveAssignment: validation, the usable edges, quantisation, the connected
// components of the candidate graph, then one solve over the whole graph or
// (split_components) one per part, on threads. Every solve uses the whole
// problem's parameters (AssignmentSchedule: quantisation, node counts that set the
// cost scaling and the phase schedule, the reserve bonus), and every network
// gives each component its own sink and sources, so a component's answer does
// not depend on what else is solved with it (docs/allocation.md, "Independent
// regions"). This file holds the plan, the parts and the public calls; the
// steps are in assignment_prepare.cc, assignment_bipartite.cc and
// assignment_network.cc (matching/internal/assignment_steps.h).
#include "jobmatch/matching/assignment.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/task_runner.h"
#include "jobmatch/base/status_macros.h"
#include "matching/internal/assignment_steps.h"
#include "matching/internal/graph_components.h"

namespace jobmatch {
namespace {

using internal::Components;
using internal::ComputeParams;
using internal::Qualifies;
using internal::RowSorted;
using internal::SolveSingle;
using internal::UsableEdges;
using internal::Validate;
using internal::ValidateGroups;
using internal::ValidateReserves;

// The totals of an assignment whose edge_of_row is set: col_of_row,
// cardinality, total weight, groups covered, reserved places filled.
void Finish(const EdgeList& e, const AssignmentOptions& o, Assignment& a) {
  a.cardinality = 0;
  a.total_weight = 0.0;
  absl::flat_hash_set<int64_t> covered;
  for (size_t r = 0; r < a.edge_of_row.size(); ++r) {
    const int64_t i = a.edge_of_row[r];
    a.col_of_row[r] = i < 0 ? -1 : e.col[i];
    if (i >= 0) {
      ++a.cardinality;
      a.total_weight += e.weight[i];
      if (!o.row_group.empty() && o.row_group[r] >= 0) covered.insert(o.row_group[r]);
    }
  }
  a.groups_covered = static_cast<int64_t>(covered.size());
  a.reserved_filled = 0;
  if (!o.reserved.empty()) {
    absl::flat_hash_map<int64_t, int64_t> qualifying;
    for (size_t r = 0; r < a.edge_of_row.size(); ++r) {
      const int64_t c = a.col_of_row[r];
      if (c >= 0 && Qualifies(o, static_cast<int64_t>(r), c)) ++qualifying[c];
    }
    for (const auto& [c, k] : qualifying) a.reserved_filled += std::min<int64_t>(k, o.reserved[c]);
  }
}

// Rows left unplaced with a usable edge into a column that still has a free
// place: the optimum was indifferent (such an edge's quantised weight is 0 —
// a positive one would improve the optimum, and so would a placement that
// covers a group or fills a reserve), so each takes its heaviest such edge
// (lowest index on ties), rows in index order. Every objective stays
// optimal, the total weight can only grow, and no unplaced row is left with
// a free place in reach (AssignmentOptions documents this).
void PlaceIntoFreePlaces(int64_t num_rows, absl::Span<const int32_t> capacity,
                         const EdgeList& edges, const std::vector<int64_t>& usable,
                         const std::vector<uint8_t>& col_on_usable_edge,
                         std::vector<int64_t>& edge_of_row) {
  std::vector<int32_t> load(capacity.size(), 0);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (edge_of_row[r] >= 0) ++load[edges.col[edge_of_row[r]]];
  }
  bool room = false;  // a column on a usable edge with a free place
  for (size_t c = 0; c < capacity.size() && !room; ++c) {
    room = col_on_usable_edge[c] != 0 && load[c] < capacity[c];
  }
  if (!room) return;
  // The usable edges of unplaced rows, grouped by row in index order.
  std::vector<int64_t> start(static_cast<size_t>(num_rows) + 1, 0);
  for (int64_t i : usable) {
    if (edge_of_row[edges.row[i]] < 0) ++start[edges.row[i] + 1];
  }
  for (int64_t r = 0; r < num_rows; ++r) start[r + 1] += start[r];
  if (start[num_rows] == 0) return;
  std::vector<int64_t> by_row(static_cast<size_t>(start[num_rows]));
  {
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int64_t i : usable) {
      if (edge_of_row[edges.row[i]] < 0) by_row[fill[edges.row[i]]++] = i;
    }
  }
  for (int64_t r = 0; r < num_rows; ++r) {
    int64_t best = -1;
    for (int64_t k = start[r]; k < start[r + 1]; ++k) {
      const int64_t i = by_row[k];
      if (load[edges.col[i]] >= capacity[edges.col[i]]) continue;
      if (best < 0 || edges.weight[i] > edges.weight[best]) best = i;
    }
    if (best < 0) continue;
    edge_of_row[r] = best;
    ++load[edges.col[best]];
  }
}

std::vector<uint8_t> ColumnsOnUsableEdges(const Components& comps) {
  std::vector<uint8_t> on(comps.of_col.size(), 0);
  for (size_t c = 0; c < on.size(); ++c) on[c] = comps.of_col[c] >= 0 ? 1 : 0;
  return on;
}

// What PlanAssignment and SolveAssignment share: the checks, the usable
// edges, the components and the schedule.
struct Prepared {
  bool grouped = false;
  bool cover = false;
  std::vector<int64_t> usable;
  Components comps;
  AssignmentSchedule schedule;
};

absl::StatusOr<Prepared> Prepare(int64_t num_rows, absl::Span<const int32_t> capacity,
                                 const EdgeList& edges, const AssignmentOptions& options) {
  JOBMATCH_RETURN_IF_ERROR(Validate(num_rows, capacity, edges));
  JOBMATCH_RETURN_IF_ERROR(ValidateGroups(num_rows, options));
  JOBMATCH_RETURN_IF_ERROR(ValidateReserves(num_rows, capacity, options));
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  // As SolveStableMatching: a NaN bound would silently make every edge unusable.
  if (std::isnan(options.min_weight)) return absl::InvalidArgumentError("min_weight is NaN");
  Prepared p;
  // Parts keep the index order of the edges: grouped by row iff the whole is.
  p.grouped = RowSorted(edges);
  p.usable = UsableEdges(edges, num_rows, capacity, options, p.grouped);
  p.cover = options.cover_groups && !options.row_group.empty();
  if (p.usable.empty()) return p;
  p.comps = internal::FindComponents(
      num_rows, static_cast<int64_t>(capacity.size()), edges, p.usable,
      p.cover ? absl::Span<const int64_t>(options.row_group) : absl::Span<const int64_t>());
  p.schedule = ComputeParams(num_rows, capacity, edges, p.usable, p.comps, options);
  return p;
}

AssignmentPlan MakePlan(const EdgeList& edges, absl::Span<const int32_t> capacity,
                        const AssignmentOptions& options, Prepared&& prep, int parts_hint) {
  AssignmentPlan plan;
  plan.schedule = prep.schedule;
  plan.col_on_usable_edge.assign(capacity.size(), 0);
  if (!prep.usable.empty()) {
    plan.col_on_usable_edge = ColumnsOnUsableEdges(prep.comps);
    int32_t num_parts = 0;
    const std::vector<int32_t> part_of_comp =
        internal::PackComponents(prep.comps, std::max(1, parts_hint), int64_t{1} << 14, &num_parts);
    plan.parts =
        internal::SplitParts(edges, capacity, prep.usable, prep.comps, part_of_comp, num_parts);
    for (int32_t k = 0; k < num_parts; ++k) {
      AssignmentPart& p = plan.parts[k];
      const int64_t rows = static_cast<int64_t>(p.rows.size());
      AssignmentOptions& po = p.options;
      po.objective = options.objective;
      po.min_weight = options.min_weight;
      po.cover_groups = options.cover_groups;
      po.num_threads = 1;
      po.split_components = false;
      if (!options.row_group.empty()) {
        po.row_group.resize(rows);
        for (int64_t r = 0; r < rows; ++r) po.row_group[r] = options.row_group[p.rows[r]];
      }
      if (!options.reserved.empty()) {
        po.reserved.resize(p.cols.size());
        po.reserve_class.resize(p.cols.size());
        for (size_t c = 0; c < p.cols.size(); ++c) {
          po.reserved[c] = options.reserved[p.cols[c]];
          po.reserve_class[c] = options.reserve_class[p.cols[c]];
        }
        po.row_classes.resize(rows);
        for (int64_t r = 0; r < rows; ++r) po.row_classes[r] = options.row_classes[p.rows[r]];
      }
      p.grouped = prep.grouped;
      p.holds_first_component = part_of_comp[0] == k;
    }
  }
  plan.usable_edges = std::move(prep.usable);
  return plan;
}

// A schedule that PlanAssignment could have made: no negative count, a
// finite positive quantisation, costs within the 62 bits quantisation gives.
absl::Status ValidateSchedule(const AssignmentSchedule& s) {
  constexpr int64_t kMaxCount = int64_t{1} << 40;
  constexpr int64_t kMaxCost = int64_t{1} << 62;
  const int64_t counts[] = {s.components, s.active_rows,  s.active_cols,   s.groups,
                            s.all_cols,   s.reserve_cols, s.idle_col_nodes};
  for (int64_t c : counts) {
    if (c < 0 || c > kMaxCount) return absl::InvalidArgumentError("schedule: a count out of range");
  }
  if (!std::isfinite(s.q) || !(s.q > 0.0)) {
    return absl::InvalidArgumentError("schedule: quantisation must be finite and > 0");
  }
  const int64_t costs[] = {s.max_abs_cost, s.bonus, s.max_abs_bonus_cost};
  for (int64_t c : costs) {
    if (c < 0 || c > kMaxCost) return absl::InvalidArgumentError("schedule: a cost out of range");
  }
  return absl::OkStatus();
}

// The checks of a part beyond those of a whole problem: the global numbers
// are increasing and the local tables match them in size.
absl::Status ValidatePart(const AssignmentPart& p) {
  auto increasing = [](const std::vector<int64_t>& v) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] < 0 || (i > 0 && v[i] <= v[i - 1])) return false;
    }
    return true;
  };
  if (!increasing(p.rows) || !increasing(p.cols) || !increasing(p.edge_ids)) {
    return absl::InvalidArgumentError("part: rows, cols and edge_ids must be increasing and >= 0");
  }
  if (p.capacity.size() != p.cols.size()) {
    return absl::InvalidArgumentError("part: capacity must have one entry per column");
  }
  if (static_cast<size_t>(p.edges.size()) != p.edge_ids.size() ||
      p.edges.col.size() != p.edges.row.size() || p.edges.weight.size() != p.edges.row.size()) {
    return absl::InvalidArgumentError("part: edges must have one entry per edge id");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AssignmentPlan> PlanAssignment(int64_t num_rows, absl::Span<const int32_t> capacity,
                                              const EdgeList& edges,
                                              const AssignmentOptions& options, int parts_hint) {
  JOBMATCH_ASSIGN_OR_RETURN(Prepared prep, Prepare(num_rows, capacity, edges, options));
  return MakePlan(edges, capacity, options, std::move(prep), parts_hint);
}

absl::StatusOr<std::vector<int64_t>> SolveAssignmentPart(const AssignmentSchedule& schedule,
                                                         const AssignmentPart& part,
                                                         bool force_general) {
  JOBMATCH_RETURN_IF_ERROR(ValidateSchedule(schedule));
  JOBMATCH_RETURN_IF_ERROR(ValidatePart(part));
  const int64_t rows = static_cast<int64_t>(part.rows.size());
  const AssignmentOptions& po = part.options;
  JOBMATCH_RETURN_IF_ERROR(Validate(rows, part.capacity, part.edges));
  JOBMATCH_RETURN_IF_ERROR(ValidateGroups(rows, po));
  JOBMATCH_RETURN_IF_ERROR(ValidateReserves(rows, part.capacity, po));
  if (std::isnan(po.min_weight)) return absl::InvalidArgumentError("min_weight is NaN");
  const bool cover = po.cover_groups && !po.row_group.empty();
  // Every edge of a plan's part is usable; a part built otherwise is solved
  // over its usable edges (the same set when it came from a plan).
  const std::vector<int64_t> usable =
      UsableEdges(part.edges, rows, part.capacity, po, RowSorted(part.edges));
  std::vector<int64_t> edge_of_row(static_cast<size_t>(rows), -1);
  if (usable.empty()) return edge_of_row;
  const Components pc = internal::FindComponents(
      rows, static_cast<int64_t>(part.cols.size()), part.edges, usable,
      cover ? absl::Span<const int64_t>(po.row_group) : absl::Span<const int64_t>());
  JOBMATCH_RETURN_IF_ERROR(SolveSingle(rows, part.capacity, part.edges, usable, part.grouped, pc,
                                       po, schedule, part.holds_first_component, force_general,
                                       ProgressFn(), edge_of_row));
  return edge_of_row;
}

absl::StatusOr<Assignment> FinishAssignment(int64_t num_rows, absl::Span<const int32_t> capacity,
                                            const EdgeList& edges, const AssignmentOptions& options,
                                            const AssignmentPlan& plan,
                                            absl::Span<const std::vector<int64_t>> answers) {
  if (answers.size() != plan.parts.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected ", plan.parts.size(), " part answers, got ", answers.size()));
  }
  if (plan.col_on_usable_edge.size() != capacity.size()) {
    return absl::InvalidArgumentError("the plan is for a problem with another number of columns");
  }
  Assignment out;
  out.col_of_row.assign(static_cast<size_t>(num_rows), -1);
  out.edge_of_row.assign(static_cast<size_t>(num_rows), -1);
  std::vector<int64_t> load(capacity.size(), 0);
  for (size_t k = 0; k < answers.size(); ++k) {
    const AssignmentPart& p = plan.parts[k];
    if (answers[k].size() != p.rows.size()) {
      return absl::InvalidArgumentError(absl::StrCat("part ", k, ": expected ", p.rows.size(),
                                                     " answers, got ", answers[k].size()));
    }
    for (size_t r = 0; r < p.rows.size(); ++r) {
      const int64_t e = answers[k][r];
      if (e < 0) continue;
      if (e >= static_cast<int64_t>(p.edge_ids.size()) || p.rows[r] >= num_rows ||
          p.edge_ids[e] >= edges.size() || edges.row[p.edge_ids[e]] != p.rows[r]) {
        return absl::InvalidArgumentError(
            absl::StrCat("part ", k, ": row ", r, " takes an edge that is not its own"));
      }
      const int64_t global = p.edge_ids[e];
      const int64_t c = edges.col[global];
      if (++load[c] > capacity[c]) {
        return absl::InvalidArgumentError(
            absl::StrCat("part ", k, ": column ", c, " is given more rows than its capacity"));
      }
      out.edge_of_row[p.rows[r]] = global;
    }
  }
  if (!plan.usable_edges.empty()) {
    PlaceIntoFreePlaces(num_rows, capacity, edges, plan.usable_edges, plan.col_on_usable_edge,
                        out.edge_of_row);
  }
  Finish(edges, options, out);
  return out;
}

absl::StatusOr<Assignment> SolveAssignment(int64_t num_rows, absl::Span<const int32_t> capacity,
                                           const EdgeList& edges,
                                           const AssignmentOptions& options) {
  JOBMATCH_ASSIGN_OR_RETURN(Prepared prep, Prepare(num_rows, capacity, edges, options));
  const int threads = ResolveThreadCount(options.num_threads);
  if (options.split_components && prep.comps.count > 1 && threads > 1) {
    // Independent regions: parts of whole components, solved apart with the
    // whole problem's schedule, on explicit threads. On one thread the parts
    // would only copy the graph (the answer is the same either way).
    const AssignmentPlan plan = MakePlan(edges, capacity, options, std::move(prep), threads);
    std::vector<std::vector<int64_t>> answers(plan.parts.size());
    auto solve_parts = [&](bool force_general) {
      return internal::RunTasks(
          static_cast<int64_t>(plan.parts.size()), threads, options.progress,
          internal::kAssignmentCancelled, [&](int64_t k) -> absl::Status {
            JOBMATCH_ASSIGN_OR_RETURN(
                answers[k], SolveAssignmentPart(plan.schedule, plan.parts[k], force_general));
            return absl::OkStatus();
          });
    };
    absl::Status st = solve_parts(false);
    if (st.code() == absl::StatusCode::kOutOfRange) st = solve_parts(true);  // as the whole solve
    JOBMATCH_RETURN_IF_ERROR(st);
    return FinishAssignment(num_rows, capacity, edges, options, plan, answers);
  }
  Assignment out;
  out.col_of_row.assign(num_rows, -1);
  out.edge_of_row.assign(num_rows, -1);
  if (prep.usable.empty()) {
    Finish(edges, options, out);
    return out;
  }
  absl::Status st = SolveSingle(num_rows, capacity, edges, prep.usable, prep.grouped, prep.comps,
                                options, prep.schedule, /*holds_first_component=*/true,
                                /*force_general=*/false, options.progress, out.edge_of_row);
  if (st.code() == absl::StatusCode::kOutOfRange) {
    // The bipartite solver's 64 bits did not suffice: the general solver,
    // which has a 128-bit mode, takes the whole problem.
    std::fill(out.edge_of_row.begin(), out.edge_of_row.end(), -1);
    st = SolveSingle(num_rows, capacity, edges, prep.usable, prep.grouped, prep.comps, options,
                     prep.schedule, /*holds_first_component=*/true, /*force_general=*/true,
                     options.progress, out.edge_of_row);
  }
  JOBMATCH_RETURN_IF_ERROR(st);
  PlaceIntoFreePlaces(num_rows, capacity, edges, prep.usable, ColumnsOnUsableEdges(prep.comps),
                      out.edge_of_row);
  Finish(edges, options, out);
  return out;
}

}  // namespace jobmatch
