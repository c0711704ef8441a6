// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The solves of SolveAssignment on the bipartite cost-scaling solver
// (matching/internal/assignment_steps.h): the plain weight objective, the
// placement bonus of cardinality first and its exact check, and household
// coverage by a household bonus and its exact check.
#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "jobmatch/base/status_macros.h"
#include "matching/internal/assignment_steps.h"
#include "matching/internal/bipartite_cost_scaling.h"

namespace jobmatch::internal {
namespace {

// The rows and columns the bipartite solver sees: those on a usable edge,
// in index order.
struct SolverIndex {
  std::vector<int64_t> row_of;      // solver row -> row
  std::vector<int32_t> solver_row;  // row -> solver row, or -1
  std::vector<int32_t> solver_col;  // column -> solver column, or -1
  std::vector<int32_t> cap;         // per solver column: its places
  std::vector<int32_t> col_comp;    // per solver column: its component
  int32_t num_rows() const { return static_cast<int32_t>(row_of.size()); }
};

SolverIndex IndexSolverNodes(int64_t num_rows, absl::Span<const int32_t> capacity,
                             const Components& comps) {
  SolverIndex x;
  x.solver_row.assign(static_cast<size_t>(num_rows), -1);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (comps.of_row[r] < 0) continue;
    x.solver_row[r] = static_cast<int32_t>(x.row_of.size());
    x.row_of.push_back(r);
  }
  x.solver_col.assign(capacity.size(), -1);
  for (size_t c = 0; c < capacity.size(); ++c) {
    if (comps.of_col[c] < 0) continue;
    x.solver_col[c] = static_cast<int32_t>(x.cap.size());
    x.cap.push_back(capacity[c]);
    x.col_comp.push_back(comps.of_col[c]);
  }
  return x;
}

// The solver's arcs, row-major (BipartiteCostScaling::SetArcs), and the
// usable edge of each arc position.
struct RowMajorArcs {
  HugeVector<int64_t> first;
  HugeVector<int32_t> col, cost;
  std::vector<int64_t> arc_edge;  // empty when the arcs are `usable` itself
};

// The arcs of SolvePlain: every usable edge at cost (quantised cost -
// placement_bonus), each row's arcs in edge order.
RowMajorArcs PlainArcs(const EdgeList& edges, const std::vector<int64_t>& usable, bool grouped,
                       const SolverIndex& x, const AssignmentSchedule& params,
                       int64_t placement_bonus) {
  const int32_t nr = x.num_rows();
  RowMajorArcs a;
  a.first.assign(static_cast<size_t>(nr) + 1, 0);
  if (grouped) {
    // Already row-major: one pass, appending (no zero-filled arrays).
    a.col.reserve(usable.size());
    a.cost.reserve(usable.size());
    for (int64_t i : usable) {
      ++a.first[x.solver_row[edges.row[i]] + 1];
      a.col.push_back(x.solver_col[edges.col[i]]);
      a.cost.push_back(
          static_cast<int32_t>(QuantisedCost(edges.weight[i], params.q) - placement_bonus));
    }
    for (int32_t k = 0; k < nr; ++k) a.first[k + 1] += a.first[k];
    return a;
  }
  for (int64_t i : usable) ++a.first[x.solver_row[edges.row[i]] + 1];
  for (int32_t k = 0; k < nr; ++k) a.first[k + 1] += a.first[k];
  a.arc_edge.resize(usable.size());
  a.col.resize(usable.size());
  a.cost.resize(usable.size());
  std::vector<int64_t> fill(a.first.begin(), a.first.end() - 1);
  for (int64_t i : usable) {
    const int64_t pos = fill[x.solver_row[edges.row[i]]]++;
    a.col[pos] = x.solver_col[edges.col[i]];
    a.cost[pos] = static_cast<int32_t>(QuantisedCost(edges.weight[i], params.q) - placement_bonus);
    a.arc_edge[pos] = i;
  }
  return a;
}

}  // namespace

absl::Status SolvePlain(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
                        const std::vector<int64_t>& usable, bool grouped, const Components& comps,
                        const AssignmentSchedule& params, int64_t placement_bonus,
                        const ProgressFn& progress, std::vector<int64_t>& edge_of_row) {
  SolverIndex x = IndexSolverNodes(num_rows, capacity, comps);
  const int32_t nr = x.num_rows();
  std::vector<int32_t> row_comp;
  for (int32_t k = 0; k < nr; ++k) row_comp.push_back(comps.of_row[x.row_of[k]]);
  RowMajorArcs a = PlainArcs(edges, usable, grouped, x, params, placement_bonus);
  internal::BipartiteCostScaling solver(nr, x.cap);
  solver.SetArcs(std::move(a.first), std::move(a.col), std::move(a.cost));
  solver.SetComponents(std::move(row_comp), std::move(x.col_comp), comps.count);
  internal::BipartiteCostScaling::Schedule schedule;
  schedule.scale = params.active_rows + params.active_cols + 2;
  const int64_t max_abs_cost = params.max_abs_cost + placement_bonus;
  schedule.max_cost = std::max<int64_t>(1, max_abs_cost * schedule.scale);
  if (max_abs_cost > internal::BipartiteCostScaling::kDefaultCostLimit / schedule.scale) {
    return absl::OutOfRangeError("b-matching: costs too wide for 64-bit scaling");
  }
  schedule.eager_proofs = params.eager_proofs;
  solver.SetSchedule(schedule);
  JOBMATCH_RETURN_IF_ERROR(solver.Solve(progress));
  for (int32_t k = 0; k < nr; ++k) {
    const int64_t arc = solver.ArcOfRow(k);
    edge_of_row[x.row_of[k]] = arc < 0 ? -1 : grouped ? usable[arc] : a.arc_edge[arc];
  }
  return absl::OkStatus();
}

// Per component (by id): 1 when the assignment could place one more row of
// it, i.e. the residual graph has an augmenting path from an unplaced row
// to a column with a free place (Berge). One breadth-first search from all
// unplaced rows at once: O(rows + columns + usable edges).
std::vector<uint8_t> ComponentsShortOfMaximum(int64_t num_rows, absl::Span<const int32_t> capacity,
                                              const EdgeList& edges,
                                              const std::vector<int64_t>& usable,
                                              const Components& comps,
                                              const std::vector<int64_t>& edge_of_row) {
  const int64_t nc = static_cast<int64_t>(capacity.size());
  std::vector<uint8_t> is_short(static_cast<size_t>(comps.count), 0);
  // Usable edges by row, and the rows placed in each column, as CSR arrays.
  std::vector<int64_t> row_first(static_cast<size_t>(num_rows) + 1, 0);
  std::vector<int64_t> col_first(static_cast<size_t>(nc) + 1, 0);
  for (int64_t i : usable) ++row_first[edges.row[i] + 1];
  for (int64_t r = 0; r < num_rows; ++r) {
    if (edge_of_row[r] >= 0) ++col_first[edges.col[edge_of_row[r]] + 1];
  }
  for (int64_t r = 0; r < num_rows; ++r) row_first[r + 1] += row_first[r];
  for (int64_t c = 0; c < nc; ++c) col_first[c + 1] += col_first[c];
  std::vector<int64_t> row_edges(usable.size());
  std::vector<int64_t> holders(static_cast<size_t>(col_first[nc]));
  {
    std::vector<int64_t> fill(row_first.begin(), row_first.end() - 1);
    for (int64_t i : usable) row_edges[fill[edges.row[i]]++] = i;
    std::vector<int64_t> cfill(col_first.begin(), col_first.end() - 1);
    for (int64_t r = 0; r < num_rows; ++r) {
      if (edge_of_row[r] >= 0) holders[cfill[edges.col[edge_of_row[r]]]++] = r;
    }
  }
  std::vector<uint8_t> row_seen(static_cast<size_t>(num_rows), 0), col_seen(nc, 0);
  std::vector<int64_t> queue;
  for (int64_t r = 0; r < num_rows; ++r) {
    if (edge_of_row[r] < 0 && row_first[r + 1] > row_first[r]) {
      row_seen[r] = 1;
      queue.push_back(r);
    }
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    const int64_t r = queue[head];
    if (is_short[comps.of_row[r]]) continue;
    for (int64_t k = row_first[r]; k < row_first[r + 1]; ++k) {
      const int64_t i = row_edges[k];
      const int64_t c = edges.col[i];
      if (i == edge_of_row[r] || col_seen[c]) continue;
      col_seen[c] = 1;
      if (col_first[c + 1] - col_first[c] < capacity[c]) {
        is_short[comps.of_row[r]] = 1;
        break;
      }
      for (int64_t h = col_first[c]; h < col_first[c + 1]; ++h) {
        if (!row_seen[holders[h]]) {
          row_seen[holders[h]] = 1;
          queue.push_back(holders[h]);
        }
      }
    }
  }
  return is_short;
}

namespace {

// The households of the solver rows, in order of their first row; a
// household with k >= 2 rows gets a solver column of its own with k - 1
// places (appended to x.cap and x.col_comp, after the real columns).
struct Households {
  std::vector<int32_t> of_row;  // per solver row: its household, or -1
  std::vector<int32_t> size;    // per household: its rows
  std::vector<int32_t> comp;    // per household: its component
  std::vector<int32_t> col;     // per household: its solver column, or -1
  int32_t count() const { return static_cast<int32_t>(size.size()); }
};

Households FindHouseholds(const AssignmentOptions& o, const Components& comps, SolverIndex& x) {
  const int32_t nr = x.num_rows();
  Households h;
  absl::flat_hash_map<int64_t, int32_t> house_index;
  h.of_row.assign(static_cast<size_t>(nr), -1);
  for (int32_t k = 0; k < nr; ++k) {
    const int64_t g = o.row_group[x.row_of[k]];
    if (g < 0) continue;
    auto [it, fresh] = house_index.try_emplace(g, static_cast<int32_t>(h.size.size()));
    if (fresh) {
      h.size.push_back(0);
      h.comp.push_back(comps.of_row[x.row_of[k]]);
    }
    h.of_row[k] = it->second;
    ++h.size[it->second];
  }
  h.col.assign(static_cast<size_t>(h.count()), -1);
  for (int32_t k = 0; k < h.count(); ++k) {
    if (h.size[k] < 2) continue;
    h.col[k] = static_cast<int32_t>(x.cap.size());
    x.cap.push_back(h.size[k] - 1);
    x.col_comp.push_back(h.comp[k]);
  }
  return h;
}

// Usable edges grouped by solver row, in index order within a row: row k's
// are by_row[start[k] .. start[k + 1]). When `usable` is already so grouped
// (edges grouped by row, as the candidate lists are), by_row is `usable`
// itself: no copy of 8 bytes per edge.
// by_row may view `own`: moved (the buffer moves with it), never copied.
struct EdgesByRow {
  EdgesByRow() = default;
  EdgesByRow(EdgesByRow&&) = default;
  EdgesByRow(const EdgesByRow&) = delete;
  EdgesByRow& operator=(const EdgesByRow&) = delete;
  std::vector<int64_t> start;
  std::vector<int64_t> own;
  absl::Span<const int64_t> by_row;
};

EdgesByRow GroupBySolverRow(const EdgeList& edges, const std::vector<int64_t>& usable,
                            const SolverIndex& x) {
  const int32_t nr = x.num_rows();
  EdgesByRow g;
  g.start.assign(static_cast<size_t>(nr) + 1, 0);
  bool grouped = true;
  int32_t last = 0;
  for (int64_t i : usable) {
    const int32_t k = x.solver_row[edges.row[i]];
    ++g.start[k + 1];
    grouped = grouped && k >= last;
    last = k;
  }
  for (int32_t k = 0; k < nr; ++k) g.start[k + 1] += g.start[k];
  if (grouped) {
    g.by_row = usable;
    return g;
  }
  g.own.resize(usable.size());
  std::vector<int64_t> fill(g.start.begin(), g.start.end() - 1);
  for (int64_t i : usable) g.own[fill[x.solver_row[edges.row[i]]]++] = i;
  g.by_row = g.own;
  return g;
}

// The arcs of the household bonus: a household row's edges cost (quantised
// cost - bonus), then its arc to its household's column (cost -bonus). Row
// k's arc at offset j < g.start[k + 1] - g.start[k] is the edge
// g.by_row[g.start[k] + j]; the one after them, its household arc.
RowMajorArcs HouseholdArcs(const EdgeList& edges, const std::vector<int64_t>& usable,
                           const SolverIndex& x, const Households& h, const EdgesByRow& g,
                           const AssignmentSchedule& params, int64_t bonus) {
  const int32_t nr = x.num_rows();
  RowMajorArcs a;
  a.first.assign(static_cast<size_t>(nr) + 1, 0);
  a.col.reserve(usable.size() + static_cast<size_t>(nr));
  a.cost.reserve(a.col.capacity());
  for (int32_t k = 0; k < nr; ++k) {
    const int64_t shift = h.of_row[k] >= 0 ? bonus : 0;
    for (int64_t p = g.start[k]; p < g.start[k + 1]; ++p) {
      const int64_t i = g.by_row[p];
      a.col.push_back(x.solver_col[edges.col[i]]);
      a.cost.push_back(static_cast<int32_t>(QuantisedCost(edges.weight[i], params.q) - shift));
    }
    if (h.of_row[k] >= 0 && h.col[h.of_row[k]] >= 0) {
      a.col.push_back(h.col[h.of_row[k]]);
      a.cost.push_back(static_cast<int32_t>(-bonus));
    }
    a.first[k + 1] = static_cast<int64_t>(a.col.size());
  }
  return a;
}

// Per component: the most households that can be covered at all, a unit-
// cost b-matching of households to the real columns (the union of their
// rows' edges), each needing one place.
absl::StatusOr<std::vector<int64_t>> MostHouseholdsCoverable(
    const EdgeList& edges, const SolverIndex& x, const Households& h, const EdgesByRow& g,
    int32_t num_real_cols, const Components& comps, const AssignmentSchedule& params) {
  const int32_t nr = x.num_rows();
  const int32_t nh = h.count();
  std::vector<int64_t> hstart(static_cast<size_t>(nh) + 1, 0);
  for (int32_t k = 0; k < nr; ++k) {
    if (h.of_row[k] >= 0) hstart[h.of_row[k] + 1] += g.start[k + 1] - g.start[k];
  }
  for (int32_t k = 0; k < nh; ++k) hstart[k + 1] += hstart[k];
  std::vector<int64_t> most(static_cast<size_t>(comps.count), 0);
  if (nh == 0 || hstart[nh] == 0) return most;
  internal::HugeVector<int64_t> hfirst(hstart.begin(), hstart.end());
  internal::HugeVector<int32_t> hcol(static_cast<size_t>(hstart[nh]));
  internal::HugeVector<int32_t> hcost(static_cast<size_t>(hstart[nh]), -1);
  {
    std::vector<int64_t> fill(hstart.begin(), hstart.end() - 1);
    for (int32_t k = 0; k < nr; ++k) {
      if (h.of_row[k] < 0) continue;
      for (int64_t p = g.start[k]; p < g.start[k + 1]; ++p)
        hcol[fill[h.of_row[k]]++] = x.solver_col[edges.col[g.by_row[p]]];
    }
  }
  std::vector<int32_t> real_cap(x.cap.begin(), x.cap.begin() + num_real_cols);
  internal::BipartiteCostScaling count(nh, real_cap);
  count.SetArcs(std::move(hfirst), std::move(hcol), std::move(hcost));
  count.SetComponents(std::vector<int32_t>(h.comp),
                      std::vector<int32_t>(x.col_comp.begin(), x.col_comp.begin() + num_real_cols),
                      comps.count);
  internal::BipartiteCostScaling::Schedule cs;
  cs.scale = params.groups + params.active_cols + 2;
  cs.max_cost = cs.scale;
  count.SetSchedule(cs);
  JOBMATCH_RETURN_IF_ERROR(count.Solve());
  for (int32_t k = 0; k < nh; ++k) {
    if (count.ArcOfRow(k) >= 0) ++most[h.comp[k]];
  }
  return most;
}

}  // namespace

// Each row of a household earns the bonus B = CardinalityBonus on every
// edge (cost - B), and a household with k >= 2 rows gets a column of its own
// with k - 1 places that each of its rows reaches at cost -B. A household
// with p >= 1 rows placed then costs (their costs) - kB (the others fill its
// column), one with none placed (k - 1)(-B): the optimum is that of weight +
// B x households covered. Its coverage is compared, per component, with the
// most households that can be covered at all (MostHouseholdsCoverable); an
// optimum of weight + B x covered that covers the most households is an
// optimum of coverage first. Rows and columns in index order, household
// columns after the columns in order of their first row, each row's
// household arc after its edges: every part keeps the relative order of the
// whole.
absl::StatusOr<std::vector<uint8_t>> SolveCoverageBipartite(
    int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
    const std::vector<int64_t>& usable, const Components& comps, const AssignmentOptions& o,
    const AssignmentSchedule& params, const ProgressFn& progress,
    std::vector<int64_t>& edge_of_row) {
  const int64_t bonus = CardinalityBonus(params);
  SolverIndex x = IndexSolverNodes(num_rows, capacity, comps);
  const int32_t num_real_cols = static_cast<int32_t>(x.cap.size());
  const int32_t nr = x.num_rows();
  const Households h = FindHouseholds(o, comps, x);
  const EdgesByRow g = GroupBySolverRow(edges, usable, x);
  // The most households coverable first: its network is small, and the
  // main solve's may then be the last large thing allocated.
  JOBMATCH_ASSIGN_OR_RETURN(const std::vector<int64_t> most,
                            MostHouseholdsCoverable(edges, x, h, g, num_real_cols, comps, params));
  RowMajorArcs a = HouseholdArcs(edges, usable, x, h, g, params, bonus);
  std::vector<int32_t> row_comp(static_cast<size_t>(nr));
  for (int32_t k = 0; k < nr; ++k) row_comp[k] = comps.of_row[x.row_of[k]];
  internal::BipartiteCostScaling solver(nr, x.cap);
  solver.SetArcs(std::move(a.first), std::move(a.col), std::move(a.cost));
  solver.SetComponents(std::move(row_comp), std::vector<int32_t>(x.col_comp), comps.count);
  internal::BipartiteCostScaling::Schedule schedule;
  schedule.scale = params.active_rows + params.active_cols + params.groups + 2;
  const int64_t max_abs_cost = params.max_abs_cost + bonus;
  if (max_abs_cost > internal::BipartiteCostScaling::kDefaultCostLimit / schedule.scale) {
    return absl::OutOfRangeError("b-matching: costs too wide for 64-bit scaling");
  }
  schedule.max_cost = std::max<int64_t>(1, max_abs_cost * schedule.scale);
  schedule.eager_proofs = params.eager_proofs;
  solver.SetSchedule(schedule);
  JOBMATCH_RETURN_IF_ERROR(solver.Solve(progress));
  std::vector<int64_t> covered(static_cast<size_t>(comps.count), 0);
  std::vector<uint8_t> house_covered(static_cast<size_t>(h.count()), 0);
  for (int32_t k = 0; k < nr; ++k) {
    const int64_t arc = solver.ArcOfRow(k);
    const int64_t offset = arc < 0 ? -1 : arc - solver.FirstArcOfRow(k);
    const int64_t i = offset >= 0 && offset < g.start[k + 1] - g.start[k]
                          ? g.by_row[g.start[k] + offset]
                          : -1;  // unplaced, or on its household's column
    edge_of_row[x.row_of[k]] = i;
    if (i >= 0 && h.of_row[k] >= 0 && !house_covered[h.of_row[k]]) {
      house_covered[h.of_row[k]] = 1;
      ++covered[comps.of_row[x.row_of[k]]];
    }
  }
  std::vector<uint8_t> is_short(static_cast<size_t>(comps.count), 0);
  for (int32_t c = 0; c < comps.count; ++c) is_short[c] = covered[c] < most[c];
  return is_short;
}

}  // namespace jobmatch::internal
