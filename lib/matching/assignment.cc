// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/matching/assignment.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/status_macros.h"
#include "matching/internal/bipartite_cost_scaling.h"
#include "matching/internal/min_cost_flow.h"

namespace jobmatch {
namespace {

// Per-arc flows (in AddArc order) and total cost of a solved network.
struct FlowOutcome {
  std::vector<int32_t> flow;
  int64_t cost = 0;
};

// Solves the network `build(flow)` adds, in 64-bit arithmetic when its costs
// allow and otherwise (OutOfRange from the 64-bit solver) in 128-bit.
template <typename Build>
absl::StatusOr<FlowOutcome> SolveFlow(int32_t n, const Build& build, const ProgressFn& progress) {
  auto attempt = [&](auto& f) -> absl::StatusOr<FlowOutcome> {
    build(f);
    JOBMATCH_RETURN_IF_ERROR(f.Solve(progress));
    FlowOutcome out;
    out.flow.resize(static_cast<size_t>(f.num_arcs()));
    for (int64_t a = 0; a < f.num_arcs(); ++a) out.flow[a] = static_cast<int32_t>(f.Flow(a));
    out.cost = f.TotalCost();
    return out;
  };
  {
    internal::MinCostFlow64 f(n);
    absl::StatusOr<FlowOutcome> r = attempt(f);
    if (r.ok() || r.status().code() != absl::StatusCode::kOutOfRange) return r;
  }
  internal::MinCostFlow f(n);
  return attempt(f);
}

absl::Status ValidateGroups(int64_t num_rows, const AssignmentOptions& o) {
  if (!o.row_group.empty() && static_cast<int64_t>(o.row_group.size()) != num_rows) {
    return absl::InvalidArgumentError(
        absl::StrCat("row_group has ", o.row_group.size(), " entries for ", num_rows, " rows"));
  }
  for (int64_t g : o.row_group) {
    if (g < -1) return absl::InvalidArgumentError("row_group entries must be >= -1");
  }
  return absl::OkStatus();
}

absl::Status ValidateReserves(int64_t num_rows, absl::Span<const int32_t> capacity,
                              const AssignmentOptions& o) {
  if (o.reserved.empty() && o.reserve_class.empty() && o.row_classes.empty())
    return absl::OkStatus();
  const size_t nc = capacity.size();
  if (o.reserved.size() != nc || o.reserve_class.size() != nc ||
      static_cast<int64_t>(o.row_classes.size()) != num_rows) {
    return absl::InvalidArgumentError(
        "reserves: reserved and reserve_class need one entry per column, row_classes one per row");
  }
  for (size_t j = 0; j < nc; ++j) {
    if (o.reserved[j] < 0 || o.reserved[j] > capacity[j]) {
      return absl::InvalidArgumentError(absl::StrCat("reserved[", j, "] outside 0..capacity"));
    }
    if (o.reserve_class[j] < -1 || o.reserve_class[j] > 63) {
      return absl::InvalidArgumentError(absl::StrCat("reserve_class[", j, "] outside -1..63"));
    }
  }
  return absl::OkStatus();
}

bool HasReserve(const AssignmentOptions& o, int64_t col) {
  return !o.reserved.empty() && o.reserved[col] > 0 && o.reserve_class[col] >= 0;
}

bool Qualifies(const AssignmentOptions& o, int64_t row, int64_t col) {
  return HasReserve(o, col) && ((o.row_classes[row] >> o.reserve_class[col]) & 1) != 0;
}

// The bonus that makes one more reserved place filled by its class worth
// more than any change in total (quantised) weight: the widest possible
// swing of the weight part plus one.
int64_t ReserveBonus(const EdgeList& e, const std::vector<int64_t>& usable, int64_t num_rows,
                     double q) {
  std::vector<int64_t> hi(num_rows, 0), lo(num_rows, 0);
  for (int64_t i : usable) {
    const int64_t w = std::llround(static_cast<double>(e.weight[i]) * q);
    hi[e.row[i]] = std::max(hi[e.row[i]], w);
    lo[e.row[i]] = std::min(lo[e.row[i]], w);
  }
  int64_t total = 1;
  for (int64_t r = 0; r < num_rows; ++r) total += hi[r] - lo[r];
  return total;
}

absl::Status Validate(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& e) {
  if (num_rows < 0) return absl::InvalidArgumentError("num_rows must be >= 0");
  if (e.col.size() != e.row.size() || e.weight.size() != e.row.size()) {
    return absl::InvalidArgumentError(absl::StrCat("edge arrays differ in length: row ",
                                                   e.row.size(), ", col ", e.col.size(),
                                                   ", weight ", e.weight.size()));
  }
  if (num_rows >= (int64_t{1} << 30) ||
      static_cast<int64_t>(capacity.size()) >= (int64_t{1} << 30)) {
    return absl::InvalidArgumentError("at most 2^30 rows and 2^30 columns");
  }
  for (size_t j = 0; j < capacity.size(); ++j) {
    if (capacity[j] < 0)
      return absl::InvalidArgumentError(absl::StrCat("capacity[", j, "] is negative"));
  }
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  for (int64_t i = 0; i < e.size(); ++i) {
    if (e.row[i] < 0 || e.row[i] >= num_rows) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", i, ": row ", e.row[i], " outside 0..", num_rows - 1));
    }
    if (e.col[i] < 0 || e.col[i] >= ncols) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", i, ": col ", e.col[i], " outside 0..", ncols - 1));
    }
    if (!std::isfinite(e.weight[i])) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", i, ": weight is not finite"));
    }
  }
  return absl::OkStatus();
}

// The edges worth considering: into a column with places, weight >=
// min_weight (and >= 0 when only the weight counts), one per (row, col) pair
// (the heaviest, lowest index on ties), in index order. Linear: edges are bucketed by row (a
// counting sort keeps index order), and a per-column mark finds repeated pairs in a row.
std::vector<int64_t> UsableEdges(const EdgeList& e, int64_t num_rows,
                                 absl::Span<const int32_t> capacity, const AssignmentOptions& o) {
  const int64_t m = e.size();
  const int64_t num_cols = static_cast<int64_t>(capacity.size());
  auto wanted = [&](int64_t i) {
    const float w = e.weight[i];
    return w >= o.min_weight && !(o.objective == AssignmentObjective::kMaxWeight && w < 0.0f) &&
           capacity[e.col[i]] > 0;
  };
  std::vector<int64_t> start(static_cast<size_t>(num_rows) + 1, 0);
  for (int64_t i = 0; i < m; ++i) {
    if (wanted(i)) ++start[e.row[i] + 1];
  }
  for (int64_t r = 0; r < num_rows; ++r) start[r + 1] += start[r];
  std::vector<int64_t> by_row(static_cast<size_t>(start[num_rows]));
  {
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int64_t i = 0; i < m; ++i) {
      if (wanted(i)) by_row[fill[e.row[i]]++] = i;
    }
  }
  std::vector<uint8_t> keep(static_cast<size_t>(m), 0);
  std::vector<int64_t> mark(static_cast<size_t>(num_cols), -1);  // last row that used the column
  std::vector<int64_t> best(static_cast<size_t>(num_cols), -1);  // that row's best edge to it
  int64_t kept = 0;
  for (int64_t r = 0; r < num_rows; ++r) {
    for (int64_t k = start[r]; k < start[r + 1]; ++k) {
      const int64_t i = by_row[k], c = e.col[i];
      if (mark[c] != r) {
        mark[c] = r;
        best[c] = i;
      } else if (e.weight[i] > e.weight[best[c]]) {
        best[c] = i;
      }
    }
    for (int64_t k = start[r]; k < start[r + 1]; ++k) {
      const int64_t i = by_row[k];
      if (best[e.col[i]] == i) {
        keep[i] = 1;
        ++kept;
      }
    }
  }
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(kept));
  for (int64_t i = 0; i < m; ++i) {
    if (keep[i]) out.push_back(i);
  }
  return out;
}

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

// Lexicographic optimum with group coverage first. Network per row r:
// S -> r_in -> (T: stay unassigned) | r_mid -> r_out -> columns -> T, and
// Hsrc -> H_g -> r_mid for the members of group g. A unit from Hsrc must end
// in a placement of a member of a distinct group, and r_mid -> r_out (cap 1)
// keeps each row placed at most once. Phases fix the previous optimum as a
// supply: groups covered G, then (cardinality mode) placements F, then weight.
absl::Status SolveWithCoverage(int64_t num_rows, absl::Span<const int32_t> capacity,
                               const EdgeList& edges, const std::vector<int64_t>& usable,
                               const AssignmentOptions& o, double q, Assignment& out) {
  const int64_t nc = static_cast<int64_t>(capacity.size());
  std::vector<int64_t> active_rows;
  {
    std::vector<uint8_t> has(num_rows, 0);
    for (int64_t i : usable) {
      if (capacity[edges.col[i]] > 0) has[edges.row[i]] = 1;
    }
    for (int64_t r = 0; r < num_rows; ++r) {
      if (has[r]) active_rows.push_back(r);
    }
  }
  const bool groups = o.cover_groups && !o.row_group.empty();
  auto group_of = [&](int64_t r) { return groups ? o.row_group[r] : int64_t{-1}; };
  absl::flat_hash_map<int64_t, int32_t> group_index;
  for (int64_t r : active_rows) {
    if (group_of(r) >= 0)
      group_index.try_emplace(group_of(r), static_cast<int32_t>(group_index.size()));
  }
  const int64_t na = static_cast<int64_t>(active_rows.size());
  const int64_t ng = static_cast<int64_t>(group_index.size());
  // Node numbering.
  std::vector<int32_t> slot(num_rows, -1);
  for (int64_t k = 0; k < na; ++k) slot[active_rows[k]] = static_cast<int32_t>(k);
  const int32_t base_mid = static_cast<int32_t>(na), base_out = static_cast<int32_t>(2 * na);
  const int32_t base_group = static_cast<int32_t>(3 * na);
  const int32_t base_col = static_cast<int32_t>(3 * na + ng);
  const int32_t sink = static_cast<int32_t>(base_col + nc), src = sink + 1, hsrc = sink + 2;
  // Reserved part of a column: its own node, so the bonus can apply there.
  std::vector<int32_t> res_node(nc, -1);
  int32_t n = sink + 3;
  for (int64_t c = 0; c < nc; ++c) {
    if (HasReserve(o, c)) res_node[c] = n++;
  }
  const int64_t bonus = o.reserved.empty() ? 0 : ReserveBonus(edges, usable, num_rows, q);
  const bool cardinality = o.objective == AssignmentObjective::kMaxCardinalityThenWeight;

  // Builds and solves one phase. edge_cost(i) gives the cost of edge i.
  struct Phase {
    int64_t s_supply;
    bool row_bypass;
    int64_t h_supply;
    bool h_bypass;
    int64_t group_cost;
  };
  std::vector<std::pair<int64_t, int64_t>> edge_arcs;
  auto run = [&](const Phase& ph, const std::function<int64_t(int64_t)>& edge_cost,
                 int64_t* total_cost, bool reserve_bonus) -> absl::Status {
    auto build = [&](auto& f) {
      f.SetSupply(src, ph.s_supply);
      f.SetSupply(hsrc, ph.h_supply);
      f.SetSupply(sink, -(ph.s_supply + ph.h_supply));
      for (int64_t k = 0; k < na; ++k) {
        const int32_t rin = static_cast<int32_t>(k);
        if (ph.s_supply > 0) f.AddArc(src, rin, 1, 0);
        if (ph.row_bypass) f.AddArc(rin, sink, 1, 0);
        f.AddArc(rin, base_mid + rin, 1, 0);
        f.AddArc(base_mid + rin, base_out + rin, 1, 0);
        const int64_t g = group_of(active_rows[k]);
        if (g >= 0) f.AddArc(base_group + group_index[g], base_mid + rin, 1, 0);
      }
      for (int64_t g = 0; g < ng; ++g)
        f.AddArc(hsrc, base_group + static_cast<int32_t>(g), 1, ph.group_cost);
      if (ph.h_bypass) f.AddArc(hsrc, sink, ph.h_supply, 0);
      for (int64_t c = 0; c < nc; ++c) {
        if (capacity[c] == 0) continue;
        const int32_t res = HasReserve(o, c) ? o.reserved[c] : 0;
        if (capacity[c] > res)
          f.AddArc(base_col + static_cast<int32_t>(c), sink, capacity[c] - res, 0);
        if (res > 0) f.AddArc(res_node[c], sink, res, 0);
      }
      edge_arcs.clear();
      for (int64_t i : usable) {
        const int64_t c = edges.col[i];
        if (capacity[c] == 0) continue;
        const int32_t from = base_out + slot[edges.row[i]];
        edge_arcs.emplace_back(f.AddArc(from, base_col + static_cast<int32_t>(c), 1, edge_cost(i)),
                               i);
        if (res_node[c] >= 0) {
          const bool b = reserve_bonus && Qualifies(o, edges.row[i], c);
          const int64_t arc = f.AddArc(from, res_node[c], 1, edge_cost(i) - (b ? bonus : 0));
          edge_arcs.emplace_back(arc, b ? ~i : i);
        }
      }
    };
    JOBMATCH_ASSIGN_OR_RETURN(FlowOutcome sol, SolveFlow(n, build, o.progress));
    int64_t bonus_units = 0;
    for (const auto& [arc, i] : edge_arcs) {
      if (i < 0 && sol.flow[arc] > 0) ++bonus_units;
    }
    *total_cost = sol.cost + bonus_units * bonus;
    for (int64_t r = 0; r < num_rows; ++r) out.edge_of_row[r] = -1;
    for (const auto& [arc, ii] : edge_arcs) {
      const int64_t i = ii < 0 ? ~ii : ii;
      if (sol.flow[arc] > 0) out.edge_of_row[edges.row[i]] = i;
    }
    return absl::OkStatus();
  };
  auto zero = [](int64_t) { return int64_t{0}; };
  auto minus_one = [](int64_t) { return int64_t{-1}; };
  auto weight = [&](int64_t i) { return -std::llround(static_cast<double>(edges.weight[i]) * q); };
  int64_t cost = 0;
  // Phase 1: most groups covered.
  JOBMATCH_RETURN_IF_ERROR(run({0, false, ng, true, -1}, zero, &cost, false));
  const int64_t covered = -cost;
  if (!cardinality) {
    return run({na, true, covered, false, 0}, weight, &cost, true);
  }
  JOBMATCH_RETURN_IF_ERROR(run({na, true, covered, false, 0}, minus_one, &cost, false));
  const int64_t placed = -cost;
  return run({placed - covered, false, covered, false, 0}, weight, &cost, true);
}

// Pure weight objective with no coverage or reserves: rows -> columns ->
// sink with a bypass per row, solved by the bipartite cost-scaling solver.
absl::Status SolvePlain(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
                        const std::vector<int64_t>& usable, const std::vector<int32_t>& row_node,
                        const std::vector<int32_t>& col_node, int32_t num_row_nodes,
                        int32_t num_nodes, double q, const ProgressFn& progress, Assignment& out) {
  std::vector<int32_t> cap(static_cast<size_t>(num_nodes - num_row_nodes));
  for (size_t c = 0; c < capacity.size(); ++c) {
    if (col_node[c] >= 0) cap[col_node[c] - num_row_nodes] = capacity[c];
  }
  internal::BipartiteCostScaling solver(num_row_nodes, cap);
  solver.ReserveArcs(static_cast<int64_t>(usable.size()));
  for (int64_t i : usable) {  // arc id k is usable[k]
    const int64_t cost = -std::llround(static_cast<double>(edges.weight[i]) * q);
    solver.AddArc(row_node[edges.row[i]], col_node[edges.col[i]] - num_row_nodes, cost);
  }
  JOBMATCH_RETURN_IF_ERROR(solver.Solve(progress));
  for (int64_t r = 0; r < num_rows; ++r) {
    if (row_node[r] < 0) continue;
    const int64_t arc = solver.ArcOfRow(row_node[r]);
    out.edge_of_row[r] = arc < 0 ? -1 : usable[arc];
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Assignment> SolveAssignment(int64_t num_rows, absl::Span<const int32_t> capacity,
                                           const EdgeList& edges,
                                           const AssignmentOptions& options) {
  JOBMATCH_RETURN_IF_ERROR(Validate(num_rows, capacity, edges));
  JOBMATCH_RETURN_IF_ERROR(ValidateGroups(num_rows, options));
  JOBMATCH_RETURN_IF_ERROR(ValidateReserves(num_rows, capacity, options));
  const std::vector<int64_t> usable = UsableEdges(edges, num_rows, capacity, options);
  Assignment out;
  out.col_of_row.assign(num_rows, -1);
  out.edge_of_row.assign(num_rows, -1);

  // Compact node ids: only rows and columns that have a usable edge.
  const int64_t nc = static_cast<int64_t>(capacity.size());
  std::vector<int32_t> row_node(num_rows, -1), col_node(nc, -1);
  int32_t n = 0;
  for (int64_t i : usable) {
    if (capacity[edges.col[i]] == 0) continue;
    if (row_node[edges.row[i]] < 0) row_node[edges.row[i]] = n++;
  }
  const int32_t num_row_nodes = n;
  for (int64_t i : usable) {
    if (capacity[edges.col[i]] == 0) continue;
    if (col_node[edges.col[i]] < 0) col_node[edges.col[i]] = n++;
  }
  if (num_row_nodes == 0) {
    Finish(edges, options, out);
    return out;
  }
  float max_abs = 0.0f;
  for (int64_t i : usable) max_abs = std::max(max_abs, std::abs(edges.weight[i]));
  const double q = max_abs > 0.0f ? std::ldexp(1.0, 30) / max_abs : 1.0;
  bool reserves = false;
  for (int64_t c = 0; c < nc && !reserves; ++c) reserves = HasReserve(options, c);
  if ((options.cover_groups && !options.row_group.empty()) || reserves) {
    // The layered network handles coverage and reserves (with no groups,
    // its coverage phase is empty).
    JOBMATCH_RETURN_IF_ERROR(SolveWithCoverage(num_rows, capacity, edges, usable, options, q, out));
    Finish(edges, options, out);
    return out;
  }

  const bool cardinality = options.objective == AssignmentObjective::kMaxCardinalityThenWeight;
  if (!cardinality) {
    // The plain network: the specialised solver, unless its 64-bit range
    // does not suffice (then the general one below, which has 128 bits).
    absl::Status st = SolvePlain(num_rows, capacity, edges, usable, row_node, col_node,
                                 num_row_nodes, n, q, options.progress, out);
    if (st.ok()) {
      Finish(edges, options, out);
      return out;
    }
    if (st.code() != absl::StatusCode::kOutOfRange) return st;
  }
  const int32_t sink = n++;
  const int32_t source = cardinality ? n++ : -1;
  int64_t placeable = 0;
  if (cardinality) {
    // Phase 1: the largest number of rows that can be placed, as a min-cost
    // flow where every placement costs -1 and staying unassigned costs 0.
    auto build_count = [&](auto& count) {
      count.SetSupply(sink, -num_row_nodes);
      for (int64_t r = 0; r < num_rows; ++r) {
        if (row_node[r] < 0) continue;
        count.SetSupply(row_node[r], 1);
        count.AddArc(row_node[r], sink, 1, 0);
      }
      for (int64_t c = 0; c < nc; ++c) {
        if (col_node[c] >= 0) count.AddArc(col_node[c], sink, capacity[c], 0);
      }
      for (int64_t i : usable) {
        if (capacity[edges.col[i]] > 0)
          count.AddArc(row_node[edges.row[i]], col_node[edges.col[i]], 1, -1);
      }
    };
    // The plain network with unit costs: the bipartite solver (its 64-bit
    // range cannot run out with costs of -1 below 2^30 nodes; if it did,
    // the general solver would count instead).
    std::vector<int32_t> cap(static_cast<size_t>(n - num_row_nodes));
    for (int64_t c = 0; c < nc; ++c) {
      if (col_node[c] >= 0) cap[col_node[c] - num_row_nodes] = capacity[c];
    }
    internal::BipartiteCostScaling count(num_row_nodes, cap);
    count.ReserveArcs(static_cast<int64_t>(usable.size()));
    for (int64_t i : usable)
      count.AddArc(row_node[edges.row[i]], col_node[edges.col[i]] - num_row_nodes, -1);
    if (absl::Status st = count.Solve(); st.ok()) {
      placeable = -count.TotalCost();
    } else if (st.code() == absl::StatusCode::kOutOfRange) {
      JOBMATCH_ASSIGN_OR_RETURN(FlowOutcome counted, SolveFlow(n - 1, build_count, ProgressFn()));
      placeable = -counted.cost;
    } else {
      return st;
    }
  }
  std::vector<std::pair<int64_t, int64_t>> edge_arcs;  // (arc id, edge index)
  auto build = [&](auto& mcf) {
    mcf.ReserveArcs(static_cast<int64_t>(usable.size()) + num_row_nodes + nc);
    if (cardinality) {
      mcf.SetSupply(source, placeable);
      mcf.SetSupply(sink, -placeable);
      for (int64_t r = 0; r < num_rows; ++r) {
        if (row_node[r] >= 0) mcf.AddArc(source, row_node[r], 1, 0);
      }
    } else {
      mcf.SetSupply(sink, -num_row_nodes);
      for (int64_t r = 0; r < num_rows; ++r) {
        if (row_node[r] < 0) continue;
        mcf.SetSupply(row_node[r], 1);
        mcf.AddArc(row_node[r], sink, 1, 0);  // stay unassigned
      }
    }
    for (int64_t c = 0; c < nc; ++c) {
      if (col_node[c] >= 0) mcf.AddArc(col_node[c], sink, capacity[c], 0);
    }
    edge_arcs.clear();
    edge_arcs.reserve(usable.size());
    for (int64_t i : usable) {
      if (capacity[edges.col[i]] == 0) continue;
      const int64_t cost = -std::llround(static_cast<double>(edges.weight[i]) * q);
      edge_arcs.emplace_back(mcf.AddArc(row_node[edges.row[i]], col_node[edges.col[i]], 1, cost),
                             i);
    }
  };
  JOBMATCH_ASSIGN_OR_RETURN(FlowOutcome sol, SolveFlow(n, build, options.progress));
  for (const auto& [arc, i] : edge_arcs) {
    if (sol.flow[arc] > 0) out.edge_of_row[edges.row[i]] = i;
  }
  Finish(edges, options, out);
  return out;
}

}  // namespace jobmatch
