// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: minimum-cost flow by cost scaling (Goldberg 1997, "An efficient
// implementation of a scaling minimum-cost flow algorithm"): push-relabel
// refinement with epsilon-scaling, FIFO selection of active nodes, push
// look-ahead, and the global price update heuristic (a bucket-Dijkstra pass
// from the deficit nodes that lowers each price by eps times its distance).
//
// Integer capacities (< 2^31) and costs. Node supplies must sum to zero.
// Costs are scaled by (n + 1) and prices move by multiples of eps: Cost =
// int64_t is fast but can run out of range on extreme inputs, which Solve
// reports as OutOfRange (never a wrong answer); Cost = FlowCost (128-bit)
// always fits. SolveMinCostFlow below tries 64 bits first.
//
// Arcs live in one array of records sorted by tail; each record holds its
// pair's capacity, so the reverse arc's residual capacity and cost are known
// without touching the reverse record (the price update reads only local
// memory).
//
// Components: the weakly connected components of the network are solved
// independently in one pass. Nodes are discharged from one FIFO queue, but
// the global price update runs per component, triggered by that component's
// own relabel count against its own size (SetNodeWeight), and only for
// components that have active nodes. With a fixed schedule, the flow found on
// a component is therefore the same whether the network holds only that
// component or others beside it (with its nodes and arcs in the same
// relative order and the same weights): splitting a problem into its
// components gives the same answer (docs/allocation.md).
#ifndef JOBMATCH_LIB_MATCHING_INTERNAL_MIN_COST_FLOW_H_
#define JOBMATCH_LIB_MATCHING_INTERNAL_MIN_COST_FLOW_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "jobmatch/base/progress.h"

namespace jobmatch::internal {

__extension__ typedef __int128 FlowCost;

template <typename Cost>
class MinCostFlowT {
 public:
  explicit MinCostFlowT(int32_t num_nodes) : supply_(num_nodes, 0), weight_(num_nodes, 1) {}

  // The schedule: costs are multiplied by `scale` (>= num_nodes + 1; 0 =
  // num_nodes + 1), epsilon starts at max(1, max_abs_cost * scale) / alpha
  // (max_abs_cost >= every |cost|; 0 = the largest |cost|); threshold_nodes
  // (0 = num_nodes) bounds the work guard against infeasible input. A
  // problem split into parts passes the whole problem's values to every
  // part.
  void SetSchedule(int64_t scale, int64_t max_abs_cost, int64_t threshold_nodes) {
    sched_scale_ = scale;
    sched_max_abs_cost_ = max_abs_cost;
    sched_nodes_ = threshold_nodes;
  }
  void SetSupply(int32_t node, int64_t supply) { supply_[node] = supply; }
  // How much a node counts in its component's size, which sets when that
  // component's global price update runs (every 4 x size + 16 relabels)
  // and how far it looks (labels up to 4 x size + 16). Default 1. A caller
  // that wants a component's schedule to include nodes that are not in the
  // network (or have no arc) moves their weight onto one of its nodes.
  void SetNodeWeight(int32_t node, int64_t weight) { weight_[node] = weight; }
  void ReserveArcs(int64_t arcs);
  // Adds arc u -> v (0 <= capacity < 2^31); returns its id.
  int64_t AddArc(int32_t u, int32_t v, int64_t capacity, int64_t cost);

  // FailedPrecondition: no feasible flow; OutOfRange: Cost too narrow;
  // Cancelled: the progress callback said stop.
  absl::Status Solve(const ProgressFn& progress = {});

  int64_t Flow(int64_t arc) const;
  int64_t TotalCost() const;
  int32_t num_nodes() const { return static_cast<int32_t>(supply_.size()); }
  int64_t num_arcs() const { return static_cast<int64_t>(pos_of_input_.size()); }

 private:
  struct Arc {
    Cost cost;  // scaled by (n + 1)
    int32_t head;
    int32_t rescap;
    int32_t cap;  // capacity of the pair (forward arc's capacity)
    int32_t rev;  // index of the reverse record
  };
  absl::Status BuildAdjacency();
  void FindComponents();
  void Refine(Cost eps);
  void Discharge(int32_t u, Cost eps);
  bool Relabel(int32_t u, Cost eps);
  bool HasAdmissible(int32_t v);
  void GlobalUpdate(int32_t comp, Cost eps);
  void Push(int64_t a, int32_t u, int64_t d);

  std::vector<int64_t> supply_;
  std::vector<int64_t> weight_;
  int64_t sched_scale_ = 0, sched_max_abs_cost_ = 0, sched_nodes_ = 0;
  int64_t threshold_nodes_ = 0;
  std::vector<int32_t> in_tail_, in_head_, in_cap_;
  std::vector<int64_t> in_cost_;
  int64_t scale_ = 1;
  std::vector<int64_t> first_;
  std::vector<Arc> arcs_;
  std::vector<int32_t> pos_of_input_;  // record index of each input arc
  std::vector<Cost> price_;
  std::vector<int64_t> excess_;
  std::vector<int64_t> current_;
  std::vector<int32_t> queue_;
  std::vector<uint8_t> in_queue_;
  bool overflow_ = false;
  // Weakly connected components: of each node, members in index order, and
  // relabels since the component's last price update.
  std::vector<int32_t> comp_;
  std::vector<int64_t> comp_first_;
  std::vector<int32_t> comp_nodes_;
  std::vector<int64_t> comp_relabels_;
  std::vector<int64_t> comp_limit_;  // 4 x the component's weight + 16
  std::vector<int64_t> dist_;
  std::vector<std::vector<int32_t>> buckets_;
  size_t buckets_used_ = 0;
  std::vector<uint8_t> done_;
};

using MinCostFlow = MinCostFlowT<FlowCost>;
using MinCostFlow64 = MinCostFlowT<int64_t>;

extern template class MinCostFlowT<int64_t>;
extern template class MinCostFlowT<FlowCost>;

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_MATCHING_INTERNAL_MIN_COST_FLOW_H_
