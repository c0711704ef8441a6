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
  explicit MinCostFlowT(int32_t num_nodes) : supply_(num_nodes, 0) {}

  void SetSupply(int32_t node, int64_t supply) { supply_[node] = supply; }
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
  void Refine(Cost eps);
  void Discharge(int32_t u, Cost eps);
  bool Relabel(int32_t u, Cost eps);
  bool HasAdmissible(int32_t v);
  void GlobalUpdate(Cost eps);
  void Push(int64_t a, int32_t u, int64_t d);

  std::vector<int64_t> supply_;
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
  int64_t relabels_since_update_ = 0;
  bool overflow_ = false;
  std::vector<int64_t> dist_;
  std::vector<std::vector<int32_t>> buckets_;
  std::vector<uint8_t> done_;
};

using MinCostFlow = MinCostFlowT<FlowCost>;
using MinCostFlow64 = MinCostFlowT<int64_t>;

extern template class MinCostFlowT<int64_t>;
extern template class MinCostFlowT<FlowCost>;

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_MATCHING_INTERNAL_MIN_COST_FLOW_H_
