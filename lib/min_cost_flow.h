// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: minimum-cost flow by cost scaling (Goldberg 1997, "An efficient
// implementation of a scaling minimum-cost flow algorithm"): push-relabel
// refinement with epsilon-scaling and FIFO selection of active nodes, plus
// the global price update heuristic: a bucket-Dijkstra pass from the deficit
// nodes that lowers each price by eps times its distance (arc length
// floor(reduced cost / eps) + 1, or 0 for admissible arcs), which keeps
// eps-optimality and points every active node straight at a deficit.
//
// Integer capacities and costs. Node supplies must sum to zero; a problem
// with no feasible flow is reported. Arcs are stored in compressed form
// (forward and reverse arc of each pair adjacent by index: a ^ 1).
#ifndef JOBMATCH_LIB_MIN_COST_FLOW_H_
#define JOBMATCH_LIB_MIN_COST_FLOW_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "jobmatch/progress.h"

namespace jobmatch::internal {

// Scaled costs and prices are 128-bit: costs are multiplied by (n + 1) and
// prices can move by O(n) times the largest cost, which 64 bits cannot
// hold for large networks with lexicographic (big-M) costs.
__extension__ typedef __int128 FlowCost;

class MinCostFlow {
 public:
  explicit MinCostFlow(int32_t num_nodes) : supply_(num_nodes, 0) {}

  void SetSupply(int32_t node, int64_t supply) { supply_[node] = supply; }
  // Adds arc u -> v; returns its id (use Flow(id) after Solve).
  int64_t AddArc(int32_t u, int32_t v, int64_t capacity, int64_t cost);

  // Finds a minimum-cost flow meeting every supply. Fails with
  // FailedPrecondition when none exists, Cancelled when `progress` says so.
  absl::Status Solve(const ProgressFn& progress = {});

  int64_t Flow(int64_t arc) const;
  int64_t TotalCost() const;
  int32_t num_nodes() const { return static_cast<int32_t>(supply_.size()); }

 private:
  void BuildAdjacency();
  void Refine(FlowCost eps);
  void Discharge(int32_t u, FlowCost eps);
  bool Relabel(int32_t u, FlowCost eps);
  bool HasAdmissible(int32_t v);
  void GlobalUpdate(FlowCost eps);

  std::vector<int64_t> supply_;
  // Arc input, in AddArc order (pair index = id).
  std::vector<int32_t> in_tail_, in_head_;
  std::vector<int64_t> in_cap_, in_cost_;
  // Compressed residual graph: arcs of node u are [first_[u], first_[u+1]).
  std::vector<int64_t> first_;
  std::vector<int32_t> head_;
  std::vector<int64_t> rescap_;
  std::vector<FlowCost> cost_;  // scaled by (n + 1)
  std::vector<int64_t> rev_;   // index of the reverse arc
  std::vector<int64_t> pos_of_input_;  // compressed index of each input arc
  std::vector<FlowCost> price_;
  std::vector<int64_t> excess_;
  std::vector<int64_t> current_;
  std::vector<int32_t> queue_;
  std::vector<uint8_t> in_queue_;
  int64_t relabels_since_update_ = 0;
  std::vector<int64_t> dist_;
  std::vector<std::vector<int32_t>> buckets_;
  std::vector<uint8_t> done_;
};

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_MIN_COST_FLOW_H_
