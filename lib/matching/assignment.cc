// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// SolveAssignment: validation, the usable edges, quantisation, the connected
// components of the candidate graph, then one solve over the whole graph or
// (split_components) one per part, on threads. Every solve uses the whole
// problem's parameters (AssignmentSchedule: quantisation, node counts that set the
// cost scaling and the phase schedule, the reserve bonus), and every network
// gives each component its own sink and sources, so a component's answer does
// not depend on what else is solved with it (docs/allocation.md, "Independent
// regions").
#include "jobmatch/matching/assignment.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/task_runner.h"
#include "jobmatch/base/status_macros.h"
#include "matching/internal/bipartite_cost_scaling.h"
#include "matching/internal/graph_components.h"
#include "matching/internal/min_cost_flow.h"

namespace jobmatch {
namespace {

using internal::Components;

// Per-arc flows (in AddArc order) and total cost of a solved network.
struct FlowOutcome {
  std::vector<int32_t> flow;
  int64_t cost = 0;
};

// The general solver's schedule for one network: the whole problem's node
// count (scale = nodes + 1, price update thresholds) and largest |cost|.
struct FlowSchedule {
  int64_t nodes = 0;
  int64_t max_abs_cost = 0;
};

// Solves the network `build(flow)` adds, in 64-bit arithmetic when its costs
// allow and otherwise (OutOfRange from the 64-bit solver) in 128-bit. The
// two run the same steps wherever 64 bits suffice, so the fallback does not
// change the answer of a part that fits.
template <typename Build>
absl::StatusOr<FlowOutcome> SolveFlow(int32_t n, const FlowSchedule& schedule, const Build& build,
                                      const ProgressFn& progress) {
  auto attempt = [&](auto& f) -> absl::StatusOr<FlowOutcome> {
    f.SetSchedule(schedule.nodes + 1, schedule.max_abs_cost, schedule.nodes);
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

// Whether the edges come grouped by row (rows non-decreasing), as top-k
// output does.
bool RowSorted(const EdgeList& e) {
  for (int64_t i = 1; i < e.size(); ++i) {
    if (e.row[i] < e.row[i - 1]) return false;
  }
  return true;
}

// The edges worth considering: into a column with places, weight >=
// min_weight (and >= 0 when only the weight counts), one per (row, col) pair
// (the heaviest, lowest index on ties), in index order. Linear: rows are
// visited one at a time (edges grouped by row, by a counting sort that keeps
// index order unless they come grouped already), and a per-column mark finds
// repeated pairs in a row.
std::vector<int64_t> UsableEdges(const EdgeList& e, int64_t num_rows,
                                 absl::Span<const int32_t> capacity, const AssignmentOptions& o,
                                 bool sorted) {
  const int64_t m = e.size();
  const int64_t num_cols = static_cast<int64_t>(capacity.size());
  auto wanted = [&](int64_t i) {
    const float w = e.weight[i];
    return w >= o.min_weight && !(o.objective == AssignmentObjective::kMaxWeight && w < 0.0f) &&
           capacity[e.col[i]] > 0;
  };
  // Row r's edges are by_row[start[r] .. start[r + 1]) (or the index range
  // itself when the input is grouped by row: `sorted`).
  std::vector<int64_t> start(static_cast<size_t>(num_rows) + 1, 0);
  std::vector<int64_t> by_row;
  if (sorted) {
    for (int64_t i = 0; i < m; ++i) ++start[e.row[i] + 1];
  } else {
    for (int64_t i = 0; i < m; ++i) {
      if (wanted(i)) ++start[e.row[i] + 1];
    }
  }
  for (int64_t r = 0; r < num_rows; ++r) start[r + 1] += start[r];
  if (!sorted) {
    by_row.resize(static_cast<size_t>(start[num_rows]));
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int64_t i = 0; i < m; ++i) {
      if (wanted(i)) by_row[fill[e.row[i]]++] = i;
    }
  }
  auto edge_at = [&](int64_t k) { return sorted ? k : by_row[k]; };
  std::vector<int32_t> mark(static_cast<size_t>(num_cols), -1);  // last row that used the column
  std::vector<int64_t> best(static_cast<size_t>(num_cols), -1);  // that row's best edge to it
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(sorted ? m : start[num_rows]));
  std::vector<int64_t> keep;  // this row's kept edges (sorted input: already in index order)
  for (int64_t r = 0; r < num_rows; ++r) {
    bool repeated = false;
    for (int64_t k = start[r]; k < start[r + 1]; ++k) {
      const int64_t i = edge_at(k);
      if (sorted && !wanted(i)) continue;
      const int64_t c = e.col[i];
      if (mark[c] != r) {
        mark[c] = static_cast<int32_t>(r);
        best[c] = i;
      } else {
        repeated = true;
        if (e.weight[i] > e.weight[best[c]]) best[c] = i;
      }
    }
    for (int64_t k = start[r]; k < start[r + 1]; ++k) {
      const int64_t i = edge_at(k);
      if (sorted && !wanted(i)) continue;
      if (!repeated || best[e.col[i]] == i) out.push_back(i);
    }
  }
  if (!sorted) std::sort(out.begin(), out.end());  // back to index order
  return out;
}

int64_t QuantisedCost(float w, double q) { return -std::llround(static_cast<double>(w) * q); }

AssignmentSchedule ComputeParams(int64_t num_rows, absl::Span<const int32_t> capacity,
                                 const EdgeList& edges, const std::vector<int64_t>& usable,
                                 const Components& comps, const AssignmentOptions& o) {
  AssignmentSchedule p;
  float max_abs = 0.0f;
  for (int64_t i : usable) max_abs = std::max(max_abs, std::abs(edges.weight[i]));
  p.q = max_abs > 0.0f ? std::ldexp(1.0, 30) / max_abs : 1.0;
  p.components = comps.count;
  for (int32_t c : comps.of_row) p.active_rows += c >= 0;
  for (int32_t c : comps.of_col) p.active_cols += c >= 0;
  p.all_cols = static_cast<int64_t>(capacity.size());
  for (int64_t c = 0; c < p.all_cols; ++c) {
    p.reserve_cols += HasReserve(o, c);
    if (comps.of_col[c] < 0) p.idle_col_nodes += 1 + (HasReserve(o, c) ? 1 : 0);
  }
  const bool cover = o.cover_groups && !o.row_group.empty();
  if (cover) {
    absl::flat_hash_set<int64_t> groups;
    for (int64_t r = 0; r < num_rows; ++r) {
      if (comps.of_row[r] >= 0 && o.row_group[r] >= 0) groups.insert(o.row_group[r]);
    }
    p.groups = static_cast<int64_t>(groups.size());
  }
  p.layered = cover || p.reserve_cols > 0;
  // Rounding is monotone: the largest |cost| is that of the largest |weight|.
  p.max_abs_cost = std::llround(static_cast<double>(max_abs) * p.q);
  if (p.reserve_cols > 0) {
    p.bonus = ReserveBonus(edges, usable, num_rows, p.q);
    for (int64_t i : usable) {
      if (Qualifies(o, edges.row[i], edges.col[i])) {
        p.max_abs_bonus_cost =
            std::max(p.max_abs_bonus_cost, std::abs(QuantisedCost(edges.weight[i], p.q) - p.bonus));
      }
    }
  }
  // Few distinct costs (ties everywhere): counted on an evenly spaced sample
  // of at most 65,536 usable edges.
  constexpr int64_t kSample = 1 << 16;
  constexpr size_t kFew = 1024;
  const int64_t m = static_cast<int64_t>(usable.size());
  const int64_t stride = std::max<int64_t>(1, m / kSample);
  absl::flat_hash_set<int64_t> distinct;
  for (int64_t k = 0; k < m && distinct.size() <= kFew; k += stride)
    distinct.insert(QuantisedCost(edges.weight[usable[k]], p.q));
  p.eager_proofs = distinct.size() <= kFew;
  return p;
}

// Node ids of the rows and columns of the plain and cardinality networks:
// rows with a usable edge, then columns with one, each in order of first
// appearance among the usable edges.
struct NodeIds {
  std::vector<int32_t> row_node, col_node;
  int32_t num_row_nodes = 0, num_col_nodes = 0;
};

NodeIds NumberNodes(int64_t num_rows, int64_t num_cols, const EdgeList& edges,
                    const std::vector<int64_t>& usable) {
  NodeIds ids;
  ids.row_node.assign(static_cast<size_t>(num_rows), -1);
  ids.col_node.assign(static_cast<size_t>(num_cols), -1);
  int32_t n = 0;
  for (int64_t i : usable) {
    if (ids.row_node[edges.row[i]] < 0) ids.row_node[edges.row[i]] = n++;
  }
  ids.num_row_nodes = n;
  for (int64_t i : usable) {
    if (ids.col_node[edges.col[i]] < 0) ids.col_node[edges.col[i]] = n++;
  }
  ids.num_col_nodes = n - ids.num_row_nodes;
  return ids;
}

// Lexicographic optimum with group coverage first. Network per row r:
// S -> r_in -> (T: stay unassigned) | r_mid -> r_out -> columns -> T, and
// Hsrc -> H_g -> r_mid for the members of group g. A unit from Hsrc must end
// in a placement of a member of a distinct group, and r_mid -> r_out (cap 1)
// keeps each row placed at most once. Phases fix the previous optimum as a
// supply: groups covered G, then (cardinality mode) placements F, then weight.
// Each component k has its own T, S and Hsrc (nodes sink_base + 3k, + 1,
// + 2), and its optima G_k and F_k are read from the flow, so the network is
// the disjoint union of the components' networks.
absl::Status SolveWithCoverage(int64_t num_rows, absl::Span<const int32_t> capacity,
                               const EdgeList& edges, const std::vector<int64_t>& usable,
                               const Components& comps, const AssignmentOptions& o,
                               const AssignmentSchedule& params, bool holds_first_component,
                               const ProgressFn& progress, std::vector<int64_t>& edge_of_row,
                               const std::vector<uint8_t>* only_comps = nullptr) {
  const int64_t nc = static_cast<int64_t>(capacity.size());
  const int64_t num_comps = comps.count;
  // only_comps: solve these components (usable holds only their edges);
  // the others keep their rows' placements and get no supply.
  std::vector<int64_t> active_rows;
  for (int64_t r = 0; r < num_rows; ++r) {
    if (comps.of_row[r] >= 0 && (only_comps == nullptr || (*only_comps)[comps.of_row[r]]))
      active_rows.push_back(r);
  }
  const bool groups = o.cover_groups && !o.row_group.empty();
  auto group_of = [&](int64_t r) { return groups ? o.row_group[r] : int64_t{-1}; };
  absl::flat_hash_map<int64_t, int32_t> group_index;
  std::vector<int32_t> comp_of_group;
  for (int64_t r : active_rows) {
    if (group_of(r) >= 0 &&
        group_index.try_emplace(group_of(r), static_cast<int32_t>(group_index.size())).second) {
      comp_of_group.push_back(comps.of_row[r]);
    }
  }
  const int64_t na = static_cast<int64_t>(active_rows.size());
  const int64_t ng = static_cast<int64_t>(group_index.size());
  // Node numbering.
  std::vector<int32_t> slot(num_rows, -1);
  for (int64_t k = 0; k < na; ++k) slot[active_rows[k]] = static_cast<int32_t>(k);
  const int32_t base_mid = static_cast<int32_t>(na), base_out = static_cast<int32_t>(2 * na);
  const int32_t base_group = static_cast<int32_t>(3 * na);
  const int32_t base_col = static_cast<int32_t>(3 * na + ng);
  const int32_t sink_base = static_cast<int32_t>(base_col + nc);
  auto sink = [&](int64_t k) { return static_cast<int32_t>(sink_base + 3 * k); };
  auto src = [&](int64_t k) { return static_cast<int32_t>(sink_base + 3 * k + 1); };
  auto hsrc = [&](int64_t k) { return static_cast<int32_t>(sink_base + 3 * k + 2); };
  // Reserved part of a column: its own node, so the bonus can apply there.
  std::vector<int32_t> res_node(nc, -1);
  int32_t n = static_cast<int32_t>(sink_base + 3 * num_comps);
  for (int64_t c = 0; c < nc; ++c) {
    if (HasReserve(o, c)) res_node[c] = n++;
  }
  const int64_t bonus = params.bonus;
  const bool cardinality = o.objective == AssignmentObjective::kMaxCardinalityThenWeight;
  std::vector<int64_t> rows_of_comp(num_comps, 0), groups_of_comp(num_comps, 0);
  for (int64_t r : active_rows) ++rows_of_comp[comps.of_row[r]];
  for (int32_t k : comp_of_group) ++groups_of_comp[k];
  // The whole problem's network size: the same for every part.
  const int64_t whole_nodes = 3 * params.active_rows + params.groups + params.all_cols +
                              3 * params.components + params.reserve_cols;

  // Builds and solves one phase; per component: supplies of S and Hsrc.
  struct Phase {
    std::vector<int64_t> s_supply;
    bool row_bypass;
    std::vector<int64_t> h_supply;
    bool h_bypass;
    int64_t group_cost;
  };
  std::vector<std::pair<int64_t, int64_t>> edge_arcs;
  std::vector<int64_t> group_arc(ng, -1);
  // Per component after a phase: groups covered and rows placed.
  std::vector<int64_t> covered(num_comps, 0), placed(num_comps, 0);
  auto run = [&](const Phase& ph, const std::function<int64_t(int64_t)>& edge_cost,
                 int64_t max_abs_cost, bool reserve_bonus) -> absl::Status {
    auto build = [&](auto& f) {
      for (int64_t k = 0; k < num_comps; ++k) {
        f.SetSupply(src(k), ph.s_supply[k]);
        f.SetSupply(hsrc(k), ph.h_supply[k]);
        f.SetSupply(sink(k), -(ph.s_supply[k] + ph.h_supply[k]));
      }
      for (int64_t x = 0; x < na; ++x) {
        const int32_t rin = static_cast<int32_t>(x);
        const int32_t k = comps.of_row[active_rows[x]];
        if (ph.s_supply[k] > 0) f.AddArc(src(k), rin, 1, 0);
        if (ph.row_bypass) f.AddArc(rin, sink(k), 1, 0);
        f.AddArc(rin, base_mid + rin, 1, 0);
        f.AddArc(base_mid + rin, base_out + rin, 1, 0);
        const int64_t g = group_of(active_rows[x]);
        if (g >= 0) f.AddArc(base_group + group_index[g], base_mid + rin, 1, 0);
      }
      for (int64_t g = 0; g < ng; ++g) {
        group_arc[g] = f.AddArc(hsrc(comp_of_group[g]), base_group + static_cast<int32_t>(g), 1,
                                ph.group_cost);
      }
      if (ph.h_bypass) {
        for (int64_t k = 0; k < num_comps; ++k) f.AddArc(hsrc(k), sink(k), ph.h_supply[k], 0);
      }
      for (int64_t c = 0; c < nc; ++c) {
        // A column on no usable edge (or without places) takes no part.
        if (capacity[c] == 0 || comps.of_col[c] < 0) continue;
        const int32_t t = sink(comps.of_col[c]);
        const int32_t res = HasReserve(o, c) ? o.reserved[c] : 0;
        if (capacity[c] > res)
          f.AddArc(base_col + static_cast<int32_t>(c), t, capacity[c] - res, 0);
        if (res > 0) f.AddArc(res_node[c], t, res, 0);
      }
      edge_arcs.clear();
      for (int64_t i : usable) {
        const int64_t c = edges.col[i];
        const int32_t from = base_out + slot[edges.row[i]];
        edge_arcs.emplace_back(f.AddArc(from, base_col + static_cast<int32_t>(c), 1, edge_cost(i)),
                               i);
        if (res_node[c] >= 0) {
          const bool b = reserve_bonus && Qualifies(o, edges.row[i], c);
          const int64_t arc = f.AddArc(from, res_node[c], 1, edge_cost(i) - (b ? bonus : 0));
          edge_arcs.emplace_back(arc, b ? ~i : i);
        }
      }
      // Nodes without an arc in this phase still count in their component's
      // size (the price update schedule), as they did when the network was
      // one piece: the weight of an idle S or Hsrc goes to its T, that of
      // the idle column nodes (all of them, also those of other parts) to
      // the first component's T.
      for (int64_t c = 0; c < nc; ++c) {
        if (capacity[c] > 0 && comps.of_col[c] >= 0) continue;
        f.SetNodeWeight(base_col + static_cast<int32_t>(c), 0);
        if (res_node[c] >= 0) f.SetNodeWeight(res_node[c], 0);
      }
      for (int64_t k = 0; k < num_comps; ++k) {
        int64_t w = 1;
        if (ph.s_supply[k] == 0) {
          f.SetNodeWeight(src(k), 0);
          ++w;
        }
        if (!ph.h_bypass && groups_of_comp[k] == 0) {
          f.SetNodeWeight(hsrc(k), 0);
          ++w;
        }
        if (k == 0 && holds_first_component) w += params.idle_col_nodes;
        f.SetNodeWeight(sink(k), w);
      }
    };
    JOBMATCH_ASSIGN_OR_RETURN(
        FlowOutcome sol, SolveFlow(n, FlowSchedule{whole_nodes, max_abs_cost}, build, progress));
    for (int64_t r : active_rows) edge_of_row[r] = -1;
    std::fill(covered.begin(), covered.end(), 0);
    std::fill(placed.begin(), placed.end(), 0);
    for (int64_t g = 0; g < ng; ++g) {
      if (sol.flow[group_arc[g]] > 0) ++covered[comp_of_group[g]];
    }
    for (const auto& [arc, ii] : edge_arcs) {
      const int64_t i = ii < 0 ? ~ii : ii;
      if (sol.flow[arc] > 0) {
        edge_of_row[edges.row[i]] = i;
        ++placed[comps.of_row[edges.row[i]]];
      }
    }
    return absl::OkStatus();
  };
  auto zero = [](int64_t) { return int64_t{0}; };
  auto minus_one = [](int64_t) { return int64_t{-1}; };
  auto weight = [&](int64_t i) { return QuantisedCost(edges.weight[i], params.q); };
  const std::vector<int64_t> none(num_comps, 0);
  const int64_t weight_max = std::max(params.max_abs_cost, params.max_abs_bonus_cost);
  // Phase 1: most groups covered.
  JOBMATCH_RETURN_IF_ERROR(
      run({none, false, groups_of_comp, true, -1}, zero, params.groups > 0 ? 1 : 0, false));
  const std::vector<int64_t> cov = covered;
  if (!cardinality) {
    return run({rows_of_comp, true, cov, false, 0}, weight, weight_max, true);
  }
  JOBMATCH_RETURN_IF_ERROR(run({rows_of_comp, true, cov, false, 0}, minus_one, 1, false));
  std::vector<int64_t> rest(num_comps);
  for (int64_t k = 0; k < num_comps; ++k) rest[k] = placed[k] - cov[k];
  return run({rest, false, cov, false, 0}, weight, weight_max, true);
}

// Pure weight objective with no coverage or reserves: rows -> columns ->
// sink with a bypass per row, solved by the bipartite cost-scaling solver
// (rows in index order, each row's arcs in edge order). Every edge's cost is
// lowered by placement_bonus (0 for the weight objective; cardinality first
// uses a large one, see SolveSingle). OutOfRange when its 64-bit range does
// not suffice.
absl::Status SolvePlain(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
                        const std::vector<int64_t>& usable, bool grouped, const Components& comps,
                        const AssignmentSchedule& params, int64_t placement_bonus,
                        const ProgressFn& progress, std::vector<int64_t>& edge_of_row) {
  // Solver rows and columns: those on a usable edge, in index order.
  std::vector<int64_t> row_of;
  std::vector<int32_t> solver_row(static_cast<size_t>(num_rows), -1);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (comps.of_row[r] < 0) continue;
    solver_row[r] = static_cast<int32_t>(row_of.size());
    row_of.push_back(r);
  }
  std::vector<int32_t> solver_col(capacity.size(), -1), cap, row_comp, col_comp;
  for (size_t c = 0; c < capacity.size(); ++c) {
    if (comps.of_col[c] < 0) continue;
    solver_col[c] = static_cast<int32_t>(cap.size());
    cap.push_back(capacity[c]);
    col_comp.push_back(comps.of_col[c]);
  }
  const int32_t nr = static_cast<int32_t>(row_of.size());
  for (int32_t k = 0; k < nr; ++k) row_comp.push_back(comps.of_row[row_of[k]]);
  internal::HugeVector<int64_t> first(static_cast<size_t>(nr) + 1, 0);
  internal::HugeVector<int32_t> col, cost;
  // arc position -> usable edge: usable itself when it is grouped by row.
  std::vector<int64_t> arc_edge;
  if (grouped) {
    // Already row-major: one pass, appending (no zero-filled arrays).
    col.reserve(usable.size());
    cost.reserve(usable.size());
    for (int64_t i : usable) {
      ++first[solver_row[edges.row[i]] + 1];
      col.push_back(solver_col[edges.col[i]]);
      cost.push_back(
          static_cast<int32_t>(QuantisedCost(edges.weight[i], params.q) - placement_bonus));
    }
    for (int32_t k = 0; k < nr; ++k) first[k + 1] += first[k];
  } else {
    for (int64_t i : usable) ++first[solver_row[edges.row[i]] + 1];
    for (int32_t k = 0; k < nr; ++k) first[k + 1] += first[k];
    arc_edge.resize(usable.size());
    col.resize(usable.size());
    cost.resize(usable.size());
    std::vector<int64_t> fill(first.begin(), first.end() - 1);
    for (int64_t i : usable) {
      const int64_t pos = fill[solver_row[edges.row[i]]]++;
      col[pos] = solver_col[edges.col[i]];
      cost[pos] = static_cast<int32_t>(QuantisedCost(edges.weight[i], params.q) - placement_bonus);
      arc_edge[pos] = i;
    }
  }
  internal::BipartiteCostScaling solver(nr, cap);
  solver.SetArcs(std::move(first), std::move(col), std::move(cost));
  solver.SetComponents(std::move(row_comp), std::move(col_comp), comps.count);
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
    edge_of_row[row_of[k]] = arc < 0 ? -1 : grouped ? usable[arc] : arc_edge[arc];
  }
  return absl::OkStatus();
}

// The placement bonus of cardinality first on the bipartite solver: the
// largest that keeps every arc cost (quantised cost - bonus) within the
// solver's 32-bit range, at least 2^30 - 1.
int64_t CardinalityBonus(const AssignmentSchedule& params) {
  return (int64_t{1} << 31) - 1 - params.max_abs_cost;
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

// Household coverage first (weight objective, no reserves) on the bipartite
// solver. Each row of a household earns the bonus B = CardinalityBonus on
// every edge (cost - B), and a household with k >= 2 rows gets a column of
// its own with k - 1 places that each of its rows reaches at cost -B. A
// household with p >= 1 rows placed then costs (their costs) - kB (the
// others fill its column), one with none placed (k - 1)(-B): the optimum is
// that of weight + B x households covered. Its coverage is compared, per
// component, with the most households that can be covered at all (a unit-
// cost b-matching of households to columns); an optimum of weight + B x
// covered that covers the most households is an optimum of coverage first.
// Returns, per component, 1 where it covers fewer (to be solved again by
// the layered network). Rows and columns in index order, household columns
// after the columns in order of their first row, each row's household arc
// after its edges: every part keeps the relative order of the whole.
absl::StatusOr<std::vector<uint8_t>> SolveCoverageBipartite(
    int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
    const std::vector<int64_t>& usable, const Components& comps, const AssignmentOptions& o,
    const AssignmentSchedule& params, const ProgressFn& progress,
    std::vector<int64_t>& edge_of_row) {
  const int64_t bonus = CardinalityBonus(params);
  std::vector<int64_t> row_of;
  std::vector<int32_t> solver_row(static_cast<size_t>(num_rows), -1);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (comps.of_row[r] < 0) continue;
    solver_row[r] = static_cast<int32_t>(row_of.size());
    row_of.push_back(r);
  }
  std::vector<int32_t> solver_col(capacity.size(), -1), cap, col_comp;
  for (size_t c = 0; c < capacity.size(); ++c) {
    if (comps.of_col[c] < 0) continue;
    solver_col[c] = static_cast<int32_t>(cap.size());
    cap.push_back(capacity[c]);
    col_comp.push_back(comps.of_col[c]);
  }
  const int32_t num_real_cols = static_cast<int32_t>(cap.size());
  const int32_t nr = static_cast<int32_t>(row_of.size());
  // Households of the active rows, in order of their first row.
  absl::flat_hash_map<int64_t, int32_t> house_index;
  std::vector<int32_t> house_of(static_cast<size_t>(nr), -1), house_size, house_comp;
  for (int32_t k = 0; k < nr; ++k) {
    const int64_t g = o.row_group[row_of[k]];
    if (g < 0) continue;
    auto [it, fresh] = house_index.try_emplace(g, static_cast<int32_t>(house_size.size()));
    if (fresh) {
      house_size.push_back(0);
      house_comp.push_back(comps.of_row[row_of[k]]);
    }
    house_of[k] = it->second;
    ++house_size[it->second];
  }
  const int32_t nh = static_cast<int32_t>(house_size.size());
  std::vector<int32_t> house_col(static_cast<size_t>(nh), -1);
  for (int32_t h = 0; h < nh; ++h) {
    if (house_size[h] < 2) continue;
    house_col[h] = static_cast<int32_t>(cap.size());
    cap.push_back(house_size[h] - 1);
    col_comp.push_back(house_comp[h]);
  }
  // Usable edges by solver row, in index order within a row.
  std::vector<int64_t> start(static_cast<size_t>(nr) + 1, 0);
  for (int64_t i : usable) ++start[solver_row[edges.row[i]] + 1];
  for (int32_t k = 0; k < nr; ++k) start[k + 1] += start[k];
  std::vector<int64_t> by_row(usable.size());
  {
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int64_t i : usable) by_row[fill[solver_row[edges.row[i]]]++] = i;
  }
  internal::HugeVector<int64_t> first(static_cast<size_t>(nr) + 1, 0);
  internal::HugeVector<int32_t> col, cost;
  std::vector<int64_t> arc_edge;  // arc position -> usable edge, or -1 (household column)
  col.reserve(usable.size() + static_cast<size_t>(nr));
  cost.reserve(col.capacity());
  arc_edge.reserve(col.capacity());
  std::vector<int32_t> row_comp(static_cast<size_t>(nr));
  for (int32_t k = 0; k < nr; ++k) {
    row_comp[k] = comps.of_row[row_of[k]];
    const int64_t shift = house_of[k] >= 0 ? bonus : 0;
    for (int64_t x = start[k]; x < start[k + 1]; ++x) {
      const int64_t i = by_row[x];
      col.push_back(solver_col[edges.col[i]]);
      cost.push_back(static_cast<int32_t>(QuantisedCost(edges.weight[i], params.q) - shift));
      arc_edge.push_back(i);
    }
    if (house_of[k] >= 0 && house_col[house_of[k]] >= 0) {
      col.push_back(house_col[house_of[k]]);
      cost.push_back(static_cast<int32_t>(-bonus));
      arc_edge.push_back(-1);
    }
    first[k + 1] = static_cast<int64_t>(col.size());
  }
  internal::BipartiteCostScaling solver(nr, cap);
  solver.SetArcs(std::move(first), std::move(col), std::move(cost));
  solver.SetComponents(std::move(row_comp), std::vector<int32_t>(col_comp), comps.count);
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
  std::vector<uint8_t> house_covered(static_cast<size_t>(nh), 0);
  for (int32_t k = 0; k < nr; ++k) {
    const int64_t arc = solver.ArcOfRow(k);
    const int64_t i = arc < 0 ? -1 : arc_edge[arc];
    edge_of_row[row_of[k]] = i;
    if (i >= 0 && house_of[k] >= 0 && !house_covered[house_of[k]]) {
      house_covered[house_of[k]] = 1;
      ++covered[comps.of_row[row_of[k]]];
    }
  }
  // The most households that can be covered: households -> columns (the
  // union of their rows' edges), each needing one place.
  std::vector<int64_t> hstart(static_cast<size_t>(nh) + 1, 0);
  for (int32_t k = 0; k < nr; ++k) {
    if (house_of[k] >= 0) hstart[house_of[k] + 1] += start[k + 1] - start[k];
  }
  for (int32_t h = 0; h < nh; ++h) hstart[h + 1] += hstart[h];
  std::vector<int64_t> most(static_cast<size_t>(comps.count), 0);
  if (nh > 0 && hstart[nh] > 0) {
    internal::HugeVector<int64_t> hfirst(hstart.begin(), hstart.end());
    internal::HugeVector<int32_t> hcol(static_cast<size_t>(hstart[nh]));
    internal::HugeVector<int32_t> hcost(static_cast<size_t>(hstart[nh]), -1);
    {
      std::vector<int64_t> fill(hstart.begin(), hstart.end() - 1);
      for (int32_t k = 0; k < nr; ++k) {
        if (house_of[k] < 0) continue;
        for (int64_t x = start[k]; x < start[k + 1]; ++x)
          hcol[fill[house_of[k]]++] = solver_col[edges.col[by_row[x]]];
      }
    }
    std::vector<int32_t> real_cap(cap.begin(), cap.begin() + num_real_cols);
    internal::BipartiteCostScaling count(nh, real_cap);
    count.SetArcs(std::move(hfirst), std::move(hcol), std::move(hcost));
    count.SetComponents(std::vector<int32_t>(house_comp),
                        std::vector<int32_t>(col_comp.begin(), col_comp.begin() + num_real_cols),
                        comps.count);
    internal::BipartiteCostScaling::Schedule cs;
    cs.scale = params.groups + params.active_cols + 2;
    cs.max_cost = cs.scale;
    count.SetSchedule(cs);
    JOBMATCH_RETURN_IF_ERROR(count.Solve());
    for (int32_t h = 0; h < nh; ++h) {
      if (count.ArcOfRow(h) >= 0) ++most[house_comp[h]];
    }
  }
  std::vector<uint8_t> is_short(static_cast<size_t>(comps.count), 0);
  for (int32_t c = 0; c < comps.count; ++c) is_short[c] = covered[c] < most[c];
  return is_short;
}

// One solve over a problem (the whole one, or a part of a split one) with
// the whole problem's parameters. force_general: the plain objective on the
// general solver (after the bipartite one ran out of range somewhere).
absl::Status SolveSingle(int64_t num_rows, absl::Span<const int32_t> capacity,
                         const EdgeList& edges, const std::vector<int64_t>& usable_all,
                         bool grouped, const Components& comps, const AssignmentOptions& o,
                         const AssignmentSchedule& params, bool holds_first_component,
                         bool force_general, const ProgressFn& progress,
                         std::vector<int64_t>& edge_of_row) {
  if (usable_all.empty()) return absl::OkStatus();
  const bool cardinality = o.objective == AssignmentObjective::kMaxCardinalityThenWeight;
  if (params.layered) {
    if (!cardinality && params.reserve_cols == 0 && !force_general) {
      // Household coverage with the weight objective: the bipartite solver
      // first (SolveCoverageBipartite), the layered network for the
      // components where it covers fewer households than possible.
      JOBMATCH_ASSIGN_OR_RETURN(std::vector<uint8_t> is_short,
                                SolveCoverageBipartite(num_rows, capacity, edges, usable_all, comps,
                                                       o, params, progress, edge_of_row));
      std::vector<int64_t> short_edges;
      for (int64_t i : usable_all) {
        if (is_short[comps.of_row[edges.row[i]]]) short_edges.push_back(i);
      }
      if (short_edges.empty()) return absl::OkStatus();
      return SolveWithCoverage(num_rows, capacity, edges, short_edges, comps, o, params,
                               holds_first_component, progress, edge_of_row, &is_short);
    }
    // The layered network handles coverage and reserves (with no groups,
    // its coverage phase is empty).
    return SolveWithCoverage(num_rows, capacity, edges, usable_all, comps, o, params,
                             holds_first_component, progress, edge_of_row);
  }
  if (!cardinality && !force_general) {
    return SolvePlain(num_rows, capacity, edges, usable_all, grouped, comps, params,
                      /*placement_bonus=*/0, progress, edge_of_row);
  }
  std::vector<int64_t> short_edges;
  if (cardinality && !force_general) {
    // Cardinality first on the bipartite solver: every placement earns a
    // bonus as large as the 32-bit arc costs allow (more than any single
    // edge's weight), which usually makes the weight optimum place as many
    // rows as possible. Whether it does is checked exactly, per component
    // (no augmenting path: Berge); an optimum for "weight + bonus per
    // placement" that places the most rows is an optimum of cardinality
    // first. Components short of the maximum are solved again below by the
    // exact two-step method; since both methods decide per component, the
    // answer does not depend on how the problem is split.
    const int64_t bonus = CardinalityBonus(params);
    JOBMATCH_RETURN_IF_ERROR(SolvePlain(num_rows, capacity, edges, usable_all, grouped, comps,
                                        params, bonus, progress, edge_of_row));
    const std::vector<uint8_t> is_short =
        ComponentsShortOfMaximum(num_rows, capacity, edges, usable_all, comps, edge_of_row);
    for (int64_t i : usable_all) {
      if (is_short[comps.of_row[edges.row[i]]]) {
        short_edges.push_back(i);
        edge_of_row[edges.row[i]] = -1;
      }
    }
    if (short_edges.empty()) return absl::OkStatus();
  }
  const std::vector<int64_t>& usable = cardinality && !force_general ? short_edges : usable_all;
  const int64_t nc = static_cast<int64_t>(capacity.size());
  const NodeIds ids = NumberNodes(num_rows, nc, edges, usable);
  const int32_t num_row_nodes = ids.num_row_nodes;
  const int64_t num_comps = comps.count;
  const int32_t base = ids.num_row_nodes + ids.num_col_nodes;
  std::vector<int64_t> rows_of_comp(num_comps, 0);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (ids.row_node[r] >= 0) ++rows_of_comp[comps.of_row[r]];
  }
  std::vector<int64_t> placeable(num_comps, 0);
  if (cardinality) {
    // Phase 1: the largest number of rows that can be placed, per component,
    // as a min-cost flow where every placement costs -1 and staying
    // unassigned costs 0: the bipartite solver (its 64-bit range cannot run
    // out with costs of -1 below 2^30 nodes; if it did, the general solver
    // would count instead). Only the counts are used: they are unique.
    std::vector<int32_t> cap(static_cast<size_t>(ids.num_col_nodes));
    for (int64_t c = 0; c < nc; ++c) {
      if (ids.col_node[c] >= 0) cap[ids.col_node[c] - num_row_nodes] = capacity[c];
    }
    internal::BipartiteCostScaling count(num_row_nodes, cap);
    count.ReserveArcs(static_cast<int64_t>(usable.size()));
    for (int64_t i : usable)
      count.AddArc(ids.row_node[edges.row[i]], ids.col_node[edges.col[i]] - num_row_nodes, -1);
    internal::BipartiteCostScaling::Schedule schedule;
    schedule.scale = params.active_rows + params.active_cols + 2;
    schedule.max_cost = schedule.scale;
    count.SetSchedule(schedule);
    if (absl::Status st = count.Solve(); st.ok()) {
      for (int64_t r = 0; r < num_rows; ++r) {
        if (ids.row_node[r] >= 0 && count.ArcOfRow(ids.row_node[r]) >= 0)
          ++placeable[comps.of_row[r]];
      }
    } else if (st.code() == absl::StatusCode::kOutOfRange) {
      std::vector<std::pair<int64_t, int64_t>> arcs;
      auto build_count = [&](auto& f) {
        for (int64_t k = 0; k < num_comps; ++k)
          f.SetSupply(base + static_cast<int32_t>(k), -rows_of_comp[k]);
        for (int64_t r = 0; r < num_rows; ++r) {
          if (ids.row_node[r] < 0) continue;
          f.SetSupply(ids.row_node[r], 1);
          f.AddArc(ids.row_node[r], base + comps.of_row[r], 1, 0);
        }
        for (int64_t c = 0; c < nc; ++c) {
          if (ids.col_node[c] >= 0)
            f.AddArc(ids.col_node[c], base + comps.of_col[c], capacity[c], 0);
        }
        arcs.clear();
        for (int64_t i : usable) {
          arcs.emplace_back(f.AddArc(ids.row_node[edges.row[i]], ids.col_node[edges.col[i]], 1, -1),
                            i);
        }
      };
      const FlowSchedule fs{params.active_rows + params.active_cols + params.components, 1};
      JOBMATCH_ASSIGN_OR_RETURN(
          FlowOutcome counted,
          SolveFlow(base + static_cast<int32_t>(num_comps), fs, build_count, ProgressFn()));
      for (const auto& [arc, i] : arcs) {
        if (counted.flow[arc] > 0) ++placeable[comps.of_row[edges.row[i]]];
      }
    } else {
      return st;
    }
  }
  // The general network: per component a sink (and with cardinality a
  // source), after the rows and columns: sink k = base + k (plain) or
  // base + 2k with source base + 2k + 1 (cardinality).
  auto sink = [&](int64_t k) { return base + static_cast<int32_t>(cardinality ? 2 * k : k); };
  auto source = [&](int64_t k) { return base + static_cast<int32_t>(2 * k + 1); };
  const int32_t n = base + static_cast<int32_t>((cardinality ? 2 : 1) * num_comps);
  std::vector<std::pair<int64_t, int64_t>> edge_arcs;  // (arc id, edge index)
  auto build = [&](auto& mcf) {
    mcf.ReserveArcs(static_cast<int64_t>(usable.size()) + num_row_nodes + nc);
    if (cardinality) {
      for (int64_t k = 0; k < num_comps; ++k) {
        mcf.SetSupply(source(k), placeable[k]);
        mcf.SetSupply(sink(k), -placeable[k]);
      }
      for (int64_t r = 0; r < num_rows; ++r) {
        if (ids.row_node[r] >= 0) mcf.AddArc(source(comps.of_row[r]), ids.row_node[r], 1, 0);
      }
    } else {
      for (int64_t k = 0; k < num_comps; ++k) mcf.SetSupply(sink(k), -rows_of_comp[k]);
      for (int64_t r = 0; r < num_rows; ++r) {
        if (ids.row_node[r] < 0) continue;
        mcf.SetSupply(ids.row_node[r], 1);
        mcf.AddArc(ids.row_node[r], sink(comps.of_row[r]), 1, 0);  // stay unassigned
      }
    }
    for (int64_t c = 0; c < nc; ++c) {
      if (ids.col_node[c] >= 0) mcf.AddArc(ids.col_node[c], sink(comps.of_col[c]), capacity[c], 0);
    }
    edge_arcs.clear();
    edge_arcs.reserve(usable.size());
    for (int64_t i : usable) {
      edge_arcs.emplace_back(mcf.AddArc(ids.row_node[edges.row[i]], ids.col_node[edges.col[i]], 1,
                                        QuantisedCost(edges.weight[i], params.q)),
                             i);
    }
  };
  const FlowSchedule fs{
      params.active_rows + params.active_cols + (cardinality ? 2 : 1) * params.components,
      params.max_abs_cost};
  JOBMATCH_ASSIGN_OR_RETURN(FlowOutcome sol, SolveFlow(n, fs, build, progress));
  for (const auto& [arc, i] : edge_arcs) {
    if (sol.flow[arc] > 0) edge_of_row[edges.row[i]] = i;
  }
  return absl::OkStatus();
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
  if (options.split_components && prep.comps.count > 1) {
    // Independent regions: parts of whole components, solved apart with the
    // whole problem's schedule, on explicit threads.
    const int threads = ResolveThreadCount(options.num_threads);
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
