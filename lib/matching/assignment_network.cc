// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The solves of SolveAssignment on the general min-cost-flow solver
// (matching/internal/assignment_steps.h): the layered network of group
// coverage and reserves, the exact two-step cardinality first, and
// SolveSingle, which picks the solver for a problem.
#include <algorithm>
#include <functional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "jobmatch/base/status_macros.h"
#include "matching/internal/assignment_steps.h"
#include "matching/internal/bipartite_cost_scaling.h"
#include "matching/internal/min_cost_flow.h"

namespace jobmatch::internal {
namespace {

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
// the disjoint union of the components' networks. One object per
// SolveWithCoverage: the node layout, then one Run per phase.
class CoverageNetwork {
 public:
  // Per component: supplies of S and Hsrc, and the arcs of one phase.
  struct Phase {
    std::vector<int64_t> s_supply;
    bool row_bypass;
    std::vector<int64_t> h_supply;
    bool h_bypass;
    int64_t group_cost;
  };
  using EdgeCost = std::function<int64_t(int64_t)>;

  // only_comps: solve these components (usable holds only their edges);
  // the others keep their rows' placements and get no supply.
  CoverageNetwork(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
                  const std::vector<int64_t>& usable, const Components& comps,
                  const AssignmentOptions& o, const AssignmentSchedule& params,
                  bool holds_first_component, const std::vector<uint8_t>* only_comps);

  // Builds and solves one phase, and writes its placements of the active
  // rows into edge_of_row; covered() and placed() then hold its optima.
  absl::Status Run(const Phase& ph, const EdgeCost& edge_cost, int64_t max_abs_cost,
                   bool reserve_bonus, const ProgressFn& progress,
                   std::vector<int64_t>& edge_of_row);

  int64_t num_comps() const { return comps_.count; }
  const std::vector<int64_t>& rows_of_comp() const { return rows_of_comp_; }
  const std::vector<int64_t>& groups_of_comp() const { return groups_of_comp_; }
  // Per component after a phase: groups covered and rows placed.
  const std::vector<int64_t>& covered() const { return covered_; }
  const std::vector<int64_t>& placed() const { return placed_; }

 private:
  int32_t sink(int64_t k) const { return static_cast<int32_t>(sink_base_ + 3 * k); }
  int32_t src(int64_t k) const { return static_cast<int32_t>(sink_base_ + 3 * k + 1); }
  int32_t hsrc(int64_t k) const { return static_cast<int32_t>(sink_base_ + 3 * k + 2); }
  int64_t group_of(int64_t r) const { return groups_ ? o_.row_group[r] : int64_t{-1}; }

  template <typename Flow>
  void Build(Flow& f, const Phase& ph, const EdgeCost& edge_cost, bool reserve_bonus);
  template <typename Flow>
  void AddRowAndGroupArcs(Flow& f, const Phase& ph);
  template <typename Flow>
  void AddColumnAndEdgeArcs(Flow& f, const EdgeCost& edge_cost, bool reserve_bonus);
  template <typename Flow>
  void SetIdleNodeWeights(Flow& f, const Phase& ph);
  void ReadPhase(const FlowOutcome& sol, std::vector<int64_t>& edge_of_row);

  const absl::Span<const int32_t> capacity_;
  const EdgeList& edges_;
  const std::vector<int64_t>& usable_;
  const Components& comps_;
  const AssignmentOptions& o_;
  const AssignmentSchedule& params_;
  const bool holds_first_component_;
  const int64_t nc_;
  bool groups_ = false;
  std::vector<int64_t> active_rows_;
  absl::flat_hash_map<int64_t, int32_t> group_index_;
  std::vector<int32_t> comp_of_group_;
  int64_t na_ = 0, ng_ = 0;
  // Node numbering: r_in = slot, r_mid = base_mid + slot, r_out = base_out
  // + slot, H_g = base_group + g, column c = base_col + c, then three per
  // component from sink_base, then the reserved parts of columns.
  std::vector<int32_t> slot_;
  int32_t base_mid_ = 0, base_out_ = 0, base_group_ = 0, base_col_ = 0, sink_base_ = 0;
  // Reserved part of a column: its own node, so the bonus can apply there.
  std::vector<int32_t> res_node_;
  int32_t n_ = 0;
  std::vector<int64_t> rows_of_comp_, groups_of_comp_;
  // The whole problem's network size: the same for every part.
  int64_t whole_nodes_ = 0;
  std::vector<std::pair<int64_t, int64_t>> edge_arcs_;
  std::vector<int64_t> group_arc_;
  std::vector<int64_t> covered_, placed_;
};

CoverageNetwork::CoverageNetwork(int64_t num_rows, absl::Span<const int32_t> capacity,
                                 const EdgeList& edges, const std::vector<int64_t>& usable,
                                 const Components& comps, const AssignmentOptions& o,
                                 const AssignmentSchedule& params, bool holds_first_component,
                                 const std::vector<uint8_t>* only_comps)
    : capacity_(capacity),
      edges_(edges),
      usable_(usable),
      comps_(comps),
      o_(o),
      params_(params),
      holds_first_component_(holds_first_component),
      nc_(static_cast<int64_t>(capacity.size())) {
  const int64_t num_comps = comps.count;
  for (int64_t r = 0; r < num_rows; ++r) {
    if (comps.of_row[r] >= 0 && (only_comps == nullptr || (*only_comps)[comps.of_row[r]]))
      active_rows_.push_back(r);
  }
  groups_ = o.cover_groups && !o.row_group.empty();
  for (int64_t r : active_rows_) {
    if (group_of(r) >= 0 &&
        group_index_.try_emplace(group_of(r), static_cast<int32_t>(group_index_.size())).second) {
      comp_of_group_.push_back(comps.of_row[r]);
    }
  }
  na_ = static_cast<int64_t>(active_rows_.size());
  ng_ = static_cast<int64_t>(group_index_.size());
  slot_.assign(num_rows, -1);
  for (int64_t k = 0; k < na_; ++k) slot_[active_rows_[k]] = static_cast<int32_t>(k);
  base_mid_ = static_cast<int32_t>(na_);
  base_out_ = static_cast<int32_t>(2 * na_);
  base_group_ = static_cast<int32_t>(3 * na_);
  base_col_ = static_cast<int32_t>(3 * na_ + ng_);
  sink_base_ = static_cast<int32_t>(base_col_ + nc_);
  res_node_.assign(nc_, -1);
  n_ = static_cast<int32_t>(sink_base_ + 3 * num_comps);
  for (int64_t c = 0; c < nc_; ++c) {
    if (HasReserve(o, c)) res_node_[c] = n_++;
  }
  rows_of_comp_.assign(num_comps, 0);
  groups_of_comp_.assign(num_comps, 0);
  for (int64_t r : active_rows_) ++rows_of_comp_[comps.of_row[r]];
  for (int32_t k : comp_of_group_) ++groups_of_comp_[k];
  whole_nodes_ = 3 * params.active_rows + params.groups + params.all_cols + 3 * params.components +
                 params.reserve_cols;
  group_arc_.assign(ng_, -1);
  covered_.assign(num_comps, 0);
  placed_.assign(num_comps, 0);
}

// Supplies, then per active row its arcs (S, bypass, in -> mid -> out, its
// group's), then the group arcs from Hsrc and the Hsrc bypasses.
template <typename Flow>
void CoverageNetwork::AddRowAndGroupArcs(Flow& f, const Phase& ph) {
  const int64_t num_comps = comps_.count;
  for (int64_t k = 0; k < num_comps; ++k) {
    f.SetSupply(src(k), ph.s_supply[k]);
    f.SetSupply(hsrc(k), ph.h_supply[k]);
    f.SetSupply(sink(k), -(ph.s_supply[k] + ph.h_supply[k]));
  }
  for (int64_t x = 0; x < na_; ++x) {
    const int32_t rin = static_cast<int32_t>(x);
    const int32_t k = comps_.of_row[active_rows_[x]];
    if (ph.s_supply[k] > 0) f.AddArc(src(k), rin, 1, 0);
    if (ph.row_bypass) f.AddArc(rin, sink(k), 1, 0);
    f.AddArc(rin, base_mid_ + rin, 1, 0);
    f.AddArc(base_mid_ + rin, base_out_ + rin, 1, 0);
    const int64_t g = group_of(active_rows_[x]);
    if (g >= 0) f.AddArc(base_group_ + group_index_[g], base_mid_ + rin, 1, 0);
  }
  for (int64_t g = 0; g < ng_; ++g) {
    group_arc_[g] =
        f.AddArc(hsrc(comp_of_group_[g]), base_group_ + static_cast<int32_t>(g), 1, ph.group_cost);
  }
  if (ph.h_bypass) {
    for (int64_t k = 0; k < num_comps; ++k) f.AddArc(hsrc(k), sink(k), ph.h_supply[k], 0);
  }
}

// Column arcs to their component's T (unreserved and reserved parts), then
// every usable edge (to the column and, with a reserve, to its reserved
// part, at the bonus when the row qualifies).
template <typename Flow>
void CoverageNetwork::AddColumnAndEdgeArcs(Flow& f, const EdgeCost& edge_cost, bool reserve_bonus) {
  for (int64_t c = 0; c < nc_; ++c) {
    // A column on no usable edge (or without places) takes no part.
    if (capacity_[c] == 0 || comps_.of_col[c] < 0) continue;
    const int32_t t = sink(comps_.of_col[c]);
    const int32_t res = HasReserve(o_, c) ? o_.reserved[c] : 0;
    if (capacity_[c] > res) f.AddArc(base_col_ + static_cast<int32_t>(c), t, capacity_[c] - res, 0);
    if (res > 0) f.AddArc(res_node_[c], t, res, 0);
  }
  edge_arcs_.clear();
  for (int64_t i : usable_) {
    const int64_t c = edges_.col[i];
    const int32_t from = base_out_ + slot_[edges_.row[i]];
    edge_arcs_.emplace_back(f.AddArc(from, base_col_ + static_cast<int32_t>(c), 1, edge_cost(i)),
                            i);
    if (res_node_[c] >= 0) {
      const bool b = reserve_bonus && Qualifies(o_, edges_.row[i], c);
      const int64_t arc = f.AddArc(from, res_node_[c], 1, edge_cost(i) - (b ? params_.bonus : 0));
      edge_arcs_.emplace_back(arc, b ? ~i : i);
    }
  }
}

// Nodes without an arc in this phase still count in their component's size
// (the price update schedule), as they did when the network was one piece:
// the weight of an idle S or Hsrc goes to its T, that of the idle column
// nodes (all of them, also those of other parts) to the first component's T.
template <typename Flow>
void CoverageNetwork::SetIdleNodeWeights(Flow& f, const Phase& ph) {
  for (int64_t c = 0; c < nc_; ++c) {
    if (capacity_[c] > 0 && comps_.of_col[c] >= 0) continue;
    f.SetNodeWeight(base_col_ + static_cast<int32_t>(c), 0);
    if (res_node_[c] >= 0) f.SetNodeWeight(res_node_[c], 0);
  }
  for (int64_t k = 0; k < comps_.count; ++k) {
    int64_t w = 1;
    if (ph.s_supply[k] == 0) {
      f.SetNodeWeight(src(k), 0);
      ++w;
    }
    if (!ph.h_bypass && groups_of_comp_[k] == 0) {
      f.SetNodeWeight(hsrc(k), 0);
      ++w;
    }
    if (k == 0 && holds_first_component_) w += params_.idle_col_nodes;
    f.SetNodeWeight(sink(k), w);
  }
}

template <typename Flow>
void CoverageNetwork::Build(Flow& f, const Phase& ph, const EdgeCost& edge_cost,
                            bool reserve_bonus) {
  AddRowAndGroupArcs(f, ph);
  AddColumnAndEdgeArcs(f, edge_cost, reserve_bonus);
  SetIdleNodeWeights(f, ph);
}

// The placements of the active rows, and per component the groups covered
// and the rows placed.
void CoverageNetwork::ReadPhase(const FlowOutcome& sol, std::vector<int64_t>& edge_of_row) {
  for (int64_t r : active_rows_) edge_of_row[r] = -1;
  std::fill(covered_.begin(), covered_.end(), 0);
  std::fill(placed_.begin(), placed_.end(), 0);
  for (int64_t g = 0; g < ng_; ++g) {
    if (sol.flow[group_arc_[g]] > 0) ++covered_[comp_of_group_[g]];
  }
  for (const auto& [arc, ii] : edge_arcs_) {
    const int64_t i = ii < 0 ? ~ii : ii;
    if (sol.flow[arc] > 0) {
      edge_of_row[edges_.row[i]] = i;
      ++placed_[comps_.of_row[edges_.row[i]]];
    }
  }
}

absl::Status CoverageNetwork::Run(const Phase& ph, const EdgeCost& edge_cost, int64_t max_abs_cost,
                                  bool reserve_bonus, const ProgressFn& progress,
                                  std::vector<int64_t>& edge_of_row) {
  auto build = [&](auto& f) { Build(f, ph, edge_cost, reserve_bonus); };
  JOBMATCH_ASSIGN_OR_RETURN(
      FlowOutcome sol, SolveFlow(n_, FlowSchedule{whole_nodes_, max_abs_cost}, build, progress));
  ReadPhase(sol, edge_of_row);
  return absl::OkStatus();
}

// The largest number of rows that can be placed, per component, as a
// min-cost flow where every placement costs -1 and staying unassigned costs
// 0, on the general solver (when the bipartite one ran out of range).
absl::StatusOr<std::vector<int64_t>> CountPlaceableGeneral(
    int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
    const std::vector<int64_t>& usable, const Components& comps, const AssignmentSchedule& params,
    const NodeIds& ids, const std::vector<int64_t>& rows_of_comp) {
  const int64_t nc = static_cast<int64_t>(capacity.size());
  const int64_t num_comps = comps.count;
  const int32_t base = ids.num_row_nodes + ids.num_col_nodes;
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
      if (ids.col_node[c] >= 0) f.AddArc(ids.col_node[c], base + comps.of_col[c], capacity[c], 0);
    }
    arcs.clear();
    for (int64_t i : usable) {
      arcs.emplace_back(f.AddArc(ids.row_node[edges.row[i]], ids.col_node[edges.col[i]], 1, -1), i);
    }
  };
  const FlowSchedule fs{params.active_rows + params.active_cols + params.components, 1};
  JOBMATCH_ASSIGN_OR_RETURN(FlowOutcome counted, SolveFlow(base + static_cast<int32_t>(num_comps),
                                                           fs, build_count, ProgressFn()));
  std::vector<int64_t> placeable(num_comps, 0);
  for (const auto& [arc, i] : arcs) {
    if (counted.flow[arc] > 0) ++placeable[comps.of_row[edges.row[i]]];
  }
  return placeable;
}

// Phase 1 of the exact cardinality first: the largest number of rows that
// can be placed, per component, as a min-cost flow where every placement
// costs -1 and staying unassigned costs 0: the bipartite solver (its 64-bit
// range cannot run out with costs of -1 below 2^30 nodes; if it did, the
// general solver would count instead). Only the counts are used: they are
// unique.
absl::StatusOr<std::vector<int64_t>> CountPlaceable(
    int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
    const std::vector<int64_t>& usable, const Components& comps, const AssignmentSchedule& params,
    const NodeIds& ids, const std::vector<int64_t>& rows_of_comp) {
  const int64_t nc = static_cast<int64_t>(capacity.size());
  const int32_t num_row_nodes = ids.num_row_nodes;
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
  absl::Status st = count.Solve();
  if (st.code() == absl::StatusCode::kOutOfRange) {
    return CountPlaceableGeneral(num_rows, capacity, edges, usable, comps, params, ids,
                                 rows_of_comp);
  }
  JOBMATCH_RETURN_IF_ERROR(st);
  std::vector<int64_t> placeable(comps.count, 0);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (ids.row_node[r] >= 0 && count.ArcOfRow(ids.row_node[r]) >= 0) ++placeable[comps.of_row[r]];
  }
  return placeable;
}

// The plain objective (cardinality false: every row has a bypass to its
// component's sink) or phase 2 of the exact cardinality first (each
// component's source supplies its `placeable` count) on the general solver.
// The network: per component a sink (and with cardinality a source), after
// the rows and columns: sink k = base + k (plain) or base + 2k with source
// base + 2k + 1 (cardinality).
absl::Status SolveGeneralNetwork(int64_t num_rows, absl::Span<const int32_t> capacity,
                                 const EdgeList& edges, const std::vector<int64_t>& usable,
                                 const Components& comps, const AssignmentSchedule& params,
                                 bool cardinality, const NodeIds& ids,
                                 const std::vector<int64_t>& rows_of_comp,
                                 const std::vector<int64_t>& placeable, const ProgressFn& progress,
                                 std::vector<int64_t>& edge_of_row) {
  const int64_t nc = static_cast<int64_t>(capacity.size());
  const int64_t num_comps = comps.count;
  const int32_t base = ids.num_row_nodes + ids.num_col_nodes;
  auto sink = [&](int64_t k) { return base + static_cast<int32_t>(cardinality ? 2 * k : k); };
  auto source = [&](int64_t k) { return base + static_cast<int32_t>(2 * k + 1); };
  const int32_t n = base + static_cast<int32_t>((cardinality ? 2 : 1) * num_comps);
  std::vector<std::pair<int64_t, int64_t>> edge_arcs;  // (arc id, edge index)
  auto build = [&](auto& mcf) {
    mcf.ReserveArcs(static_cast<int64_t>(usable.size()) + ids.num_row_nodes + nc);
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

// Cardinality first on the bipartite solver: every placement earns a bonus
// as large as the 32-bit arc costs allow (more than any single edge's
// weight), which usually makes the weight optimum place as many rows as
// possible. Whether it does is checked exactly, per component (no
// augmenting path: Berge); an optimum for "weight + bonus per placement"
// that places the most rows is an optimum of cardinality first. Returns the
// usable edges of the components short of the maximum, whose rows are left
// unplaced: SolveSingle solves them again by the exact two-step method;
// since both methods decide per component, the answer does not depend on
// how the problem is split.
absl::StatusOr<std::vector<int64_t>> CardinalityByBonus(
    int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
    const std::vector<int64_t>& usable, bool grouped, const Components& comps,
    const AssignmentSchedule& params, const ProgressFn& progress,
    std::vector<int64_t>& edge_of_row) {
  const int64_t bonus = CardinalityBonus(params);
  JOBMATCH_RETURN_IF_ERROR(SolvePlain(num_rows, capacity, edges, usable, grouped, comps, params,
                                      bonus, progress, edge_of_row));
  const std::vector<uint8_t> is_short =
      ComponentsShortOfMaximum(num_rows, capacity, edges, usable, comps, edge_of_row);
  std::vector<int64_t> short_edges;
  for (int64_t i : usable) {
    if (is_short[comps.of_row[edges.row[i]]]) {
      short_edges.push_back(i);
      edge_of_row[edges.row[i]] = -1;
    }
  }
  return short_edges;
}

// Coverage or reserves (params.layered). Household coverage with the weight
// objective: the bipartite solver first (SolveCoverageBipartite), the
// layered network for the components where it covers fewer households than
// possible. Otherwise the layered network handles coverage and reserves
// (with no groups, its coverage phase is empty).
absl::Status SolveLayered(int64_t num_rows, absl::Span<const int32_t> capacity,
                          const EdgeList& edges, const std::vector<int64_t>& usable_all,
                          const Components& comps, const AssignmentOptions& o,
                          const AssignmentSchedule& params, bool holds_first_component,
                          bool force_general, const ProgressFn& progress,
                          std::vector<int64_t>& edge_of_row) {
  const bool cardinality = o.objective == AssignmentObjective::kMaxCardinalityThenWeight;
  if (cardinality || params.reserve_cols != 0 || force_general) {
    return SolveWithCoverage(num_rows, capacity, edges, usable_all, comps, o, params,
                             holds_first_component, progress, edge_of_row);
  }
  JOBMATCH_ASSIGN_OR_RETURN(std::vector<uint8_t> is_short,
                            SolveCoverageBipartite(num_rows, capacity, edges, usable_all, comps, o,
                                                   params, progress, edge_of_row));
  std::vector<int64_t> short_edges;
  for (int64_t i : usable_all) {
    if (is_short[comps.of_row[edges.row[i]]]) short_edges.push_back(i);
  }
  if (short_edges.empty()) return absl::OkStatus();
  return SolveWithCoverage(num_rows, capacity, edges, short_edges, comps, o, params,
                           holds_first_component, progress, edge_of_row, &is_short);
}

}  // namespace

absl::Status SolveWithCoverage(int64_t num_rows, absl::Span<const int32_t> capacity,
                               const EdgeList& edges, const std::vector<int64_t>& usable,
                               const Components& comps, const AssignmentOptions& o,
                               const AssignmentSchedule& params, bool holds_first_component,
                               const ProgressFn& progress, std::vector<int64_t>& edge_of_row,
                               const std::vector<uint8_t>* only_comps) {
  CoverageNetwork net(num_rows, capacity, edges, usable, comps, o, params, holds_first_component,
                      only_comps);
  using Phase = CoverageNetwork::Phase;
  const int64_t num_comps = net.num_comps();
  const bool cardinality = o.objective == AssignmentObjective::kMaxCardinalityThenWeight;
  auto zero = [](int64_t) { return int64_t{0}; };
  auto minus_one = [](int64_t) { return int64_t{-1}; };
  auto weight = [&](int64_t i) { return QuantisedCost(edges.weight[i], params.q); };
  const std::vector<int64_t> none(num_comps, 0);
  const int64_t weight_max = std::max(params.max_abs_cost, params.max_abs_bonus_cost);
  // Phase 1: most groups covered.
  JOBMATCH_RETURN_IF_ERROR(net.Run(Phase{none, false, net.groups_of_comp(), true, -1}, zero,
                                   params.groups > 0 ? 1 : 0, false, progress, edge_of_row));
  const std::vector<int64_t> cov = net.covered();
  if (!cardinality) {
    return net.Run(Phase{net.rows_of_comp(), true, cov, false, 0}, weight, weight_max, true,
                   progress, edge_of_row);
  }
  JOBMATCH_RETURN_IF_ERROR(net.Run(Phase{net.rows_of_comp(), true, cov, false, 0}, minus_one, 1,
                                   false, progress, edge_of_row));
  std::vector<int64_t> rest(num_comps);
  for (int64_t k = 0; k < num_comps; ++k) rest[k] = net.placed()[k] - cov[k];
  return net.Run(Phase{rest, false, cov, false, 0}, weight, weight_max, true, progress,
                 edge_of_row);
}

absl::Status SolveSingle(int64_t num_rows, absl::Span<const int32_t> capacity,
                         const EdgeList& edges, const std::vector<int64_t>& usable_all,
                         bool grouped, const Components& comps, const AssignmentOptions& o,
                         const AssignmentSchedule& params, bool holds_first_component,
                         bool force_general, const ProgressFn& progress,
                         std::vector<int64_t>& edge_of_row) {
  if (usable_all.empty()) return absl::OkStatus();
  const bool cardinality = o.objective == AssignmentObjective::kMaxCardinalityThenWeight;
  if (params.layered) {
    return SolveLayered(num_rows, capacity, edges, usable_all, comps, o, params,
                        holds_first_component, force_general, progress, edge_of_row);
  }
  if (!cardinality && !force_general) {
    return SolvePlain(num_rows, capacity, edges, usable_all, grouped, comps, params,
                      /*placement_bonus=*/0, progress, edge_of_row);
  }
  std::vector<int64_t> short_edges;
  if (cardinality && !force_general) {
    JOBMATCH_ASSIGN_OR_RETURN(
        short_edges, CardinalityByBonus(num_rows, capacity, edges, usable_all, grouped, comps,
                                        params, progress, edge_of_row));
    if (short_edges.empty()) return absl::OkStatus();
  }
  // The general solver: the plain objective, or the exact two-step
  // cardinality first (the most placements per component, then the weight).
  const std::vector<int64_t>& usable = cardinality && !force_general ? short_edges : usable_all;
  const NodeIds ids = NumberNodes(num_rows, static_cast<int64_t>(capacity.size()), edges, usable);
  std::vector<int64_t> rows_of_comp(comps.count, 0);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (ids.row_node[r] >= 0) ++rows_of_comp[comps.of_row[r]];
  }
  std::vector<int64_t> placeable(comps.count, 0);
  if (cardinality) {
    JOBMATCH_ASSIGN_OR_RETURN(placeable, CountPlaceable(num_rows, capacity, edges, usable, comps,
                                                        params, ids, rows_of_comp));
  }
  return SolveGeneralNetwork(num_rows, capacity, edges, usable, comps, params, cardinality, ids,
                             rows_of_comp, placeable, progress, edge_of_row);
}

}  // namespace jobmatch::internal
