// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "min_cost_flow.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "absl/strings/str_cat.h"
#include "jobmatch/status_macros.h"

namespace jobmatch::internal {
namespace {
constexpr int64_t kAlpha = 8;  // epsilon divisor between phases
}  // namespace

int64_t MinCostFlow::AddArc(int32_t u, int32_t v, int64_t capacity, int64_t cost) {
  in_tail_.push_back(u);
  in_head_.push_back(v);
  in_cap_.push_back(capacity);
  in_cost_.push_back(cost);
  return static_cast<int64_t>(in_tail_.size()) - 1;
}

void MinCostFlow::BuildAdjacency() {
  const int32_t n = num_nodes();
  const int64_t m = static_cast<int64_t>(in_tail_.size());
  first_.assign(static_cast<size_t>(n) + 1, 0);
  for (int64_t a = 0; a < m; ++a) {
    ++first_[in_tail_[a] + 1];
    ++first_[in_head_[a] + 1];
  }
  for (int32_t u = 0; u < n; ++u) first_[u + 1] += first_[u];
  std::vector<int64_t> fill(first_.begin(), first_.end() - 1);
  head_.resize(2 * m);
  rescap_.resize(2 * m);
  cost_.resize(2 * m);
  rev_.resize(2 * m);
  pos_of_input_.resize(m);
  const int64_t scale = static_cast<int64_t>(n) + 1;
  for (int64_t a = 0; a < m; ++a) {
    const int64_t f = fill[in_tail_[a]]++;
    const int64_t r = fill[in_head_[a]]++;
    head_[f] = in_head_[a];
    rescap_[f] = in_cap_[a];
    cost_[f] = FlowCost{in_cost_[a]} * scale;
    rev_[f] = r;
    head_[r] = in_tail_[a];
    rescap_[r] = 0;
    cost_[r] = -FlowCost{in_cost_[a]} * scale;
    rev_[r] = f;
    pos_of_input_[a] = f;
  }
}

absl::Status MinCostFlow::Solve(const ProgressFn& progress) {
  const int32_t n = num_nodes();
  int64_t total = 0;
  for (int64_t s : supply_) total += s;
  if (total != 0) {
    return absl::InvalidArgumentError(absl::StrCat("supplies sum to ", total, ", not 0"));
  }
  BuildAdjacency();
  price_.assign(n, 0);
  excess_ = supply_;
  current_.assign(first_.begin(), first_.end() - 1);
  in_queue_.assign(n, 0);
  FlowCost max_cost = 1;
  for (FlowCost c : cost_) max_cost = std::max(max_cost, c < 0 ? -c : c);
  // Phases: eps = max_cost / alpha^i down to 1.
  int phases = 1;
  for (FlowCost e = max_cost; e > 1; e = std::max<FlowCost>(1, e / kAlpha)) ++phases;
  int phase = 0;
  FlowCost eps = max_cost;
  for (;;) {
    eps = std::max<FlowCost>(1, eps / kAlpha);
    Refine(eps);
    // Refine ends with every excess at zero unless no feasible flow exists
    // (a stranded node, or the step guard tripped).
    for (int32_t u = 0; u < n; ++u) {
      if (excess_[u] != 0) return absl::FailedPreconditionError("no feasible flow meets every supply");
    }
    ++phase;
    if (progress && !progress(phase, phases)) return absl::CancelledError("assignment cancelled");
    if (eps == 1) break;
  }
  return absl::OkStatus();
}

void MinCostFlow::Refine(FlowCost eps) {
  const int32_t n = num_nodes();
  // Saturate every admissible arc: the flow becomes 0-optimal (a pseudoflow).
  for (int32_t u = 0; u < n; ++u) {
    const FlowCost pu = price_[u];
    for (int64_t a = first_[u]; a < first_[u + 1]; ++a) {
      if (rescap_[a] > 0 && cost_[a] + pu - price_[head_[a]] < 0) {
        const int64_t d = rescap_[a];
        rescap_[a] = 0;
        rescap_[rev_[a]] += d;
        excess_[u] -= d;
        excess_[head_[a]] += d;
      }
    }
  }
  queue_.clear();
  for (int32_t u = 0; u < n; ++u) {
    current_[u] = first_[u];
    in_queue_[u] = excess_[u] > 0;
    if (excess_[u] > 0) queue_.push_back(u);
  }
  if (queue_.empty()) return;
  GlobalUpdate(eps);
  relabels_since_update_ = 0;
  // FIFO discharge; the vector is used as a growing queue and compacted.
  size_t head = 0;
  int64_t guard = 0;
  // A feasible problem needs at most O(n^2) relabels per phase; this guard
  // only stops runaway loops on infeasible input (reported by Solve).
  const int64_t kMaxSteps = int64_t{64} * (static_cast<int64_t>(n) + 1) * (static_cast<int64_t>(n) + 1) + (int64_t{1} << 24);
  while (head < queue_.size()) {
    const int32_t u = queue_[head++];
    in_queue_[u] = 0;
    Discharge(u, eps);
    if (relabels_since_update_ > 4 * n + 16) {
      GlobalUpdate(eps);
      relabels_since_update_ = 0;
    }
    if (++guard > kMaxSteps) break;
    if (head > (int64_t{1} << 20) && head * 2 > queue_.size()) {
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<int64_t>(head));
      head = 0;
    }
  }
}

// Relabel: the smallest price drop that makes an arc admissible while every
// residual arc out of u keeps reduced cost >= -eps:
// p(u) = max over residual (u, v) of p(v) - c(u, v), minus eps.
bool MinCostFlow::Relabel(int32_t u, FlowCost eps) {
  FlowCost best = 0;
  bool found = false;
  for (int64_t b = first_[u]; b < first_[u + 1]; ++b) {
    if (rescap_[b] <= 0) continue;
    const FlowCost cand = price_[head_[b]] - cost_[b];
    if (!found || cand > best) best = cand;
    found = true;
  }
  if (!found) return false;  // stranded: infeasible
  price_[u] = best - eps;
  current_[u] = first_[u];
  ++relabels_since_update_;
  return true;
}

// Whether v has an admissible arc; advances v's current arc past arcs that
// are not (they stay so until v is relabeled).
bool MinCostFlow::HasAdmissible(int32_t v) {
  const FlowCost pv = price_[v];
  int64_t a = current_[v];
  for (; a < first_[v + 1]; ++a) {
    if (rescap_[a] > 0 && cost_[a] + pv - price_[head_[a]] < 0) break;
  }
  current_[v] = a;
  return a < first_[v + 1];
}

void MinCostFlow::Discharge(int32_t u, FlowCost eps) {
  const int64_t end = first_[u + 1];
  int relabels = 0;
  while (excess_[u] > 0) {
    int64_t a = current_[u];
    for (; a < end; ++a) {
      if (rescap_[a] <= 0) continue;
      const int32_t v = head_[a];
      if (cost_[a] + price_[u] - price_[v] >= 0) continue;
      // Push look-ahead (Goldberg): a node with no excess to spare and no
      // admissible arc would only send the flow back; relabel it first and
      // look at this arc again.
      if (excess_[v] >= 0 && !HasAdmissible(v)) {
        if (Relabel(v, eps)) {
          --a;
          continue;
        }
      }
      const int64_t d = std::min(excess_[u], rescap_[a]);
      rescap_[a] -= d;
      rescap_[rev_[a]] += d;
      excess_[u] -= d;
      excess_[v] += d;
      if (excess_[v] > 0 && !in_queue_[v]) {
        in_queue_[v] = 1;
        queue_.push_back(v);
      }
      if (excess_[u] == 0) break;
    }
    current_[u] = a;
    if (excess_[u] == 0) return;
    if (!Relabel(u, eps)) return;
    if (++relabels > 1 << 20) return;  // runaway guard (infeasible input)
  }
}

void MinCostFlow::GlobalUpdate(FlowCost eps) {
  const int32_t n = num_nodes();
  constexpr int64_t kUnset = std::numeric_limits<int64_t>::max();
  dist_.assign(n, kUnset);
  done_.assign(n, 0);
  // Labels above this are not expanded: such nodes keep the cap, which is a
  // lower bound on their distance and so still keeps eps-optimality.
  const int64_t cap = 4 * static_cast<int64_t>(n) + 16;
  if (buckets_.size() < 64) buckets_.resize(64);
  for (auto& b : buckets_) b.clear();
  for (int32_t v = 0; v < n; ++v) {
    if (excess_[v] < 0) {
      dist_[v] = 0;
      buckets_[0].push_back(v);
    }
  }
  int64_t active_left = 0;
  for (int32_t v = 0; v < n; ++v) active_left += excess_[v] > 0;
  int64_t max_done = 0;
  for (int64_t d = 0; d < cap && d < static_cast<int64_t>(buckets_.size()) && active_left > 0; ++d) {
    // Buckets grow while scanning; index, not iterator.
    for (size_t i = 0; i < buckets_[d].size(); ++i) {
      const int32_t v = buckets_[d][i];
      if (done_[v] || dist_[v] != d) continue;
      done_[v] = 1;
      max_done = d;
      if (excess_[v] > 0) --active_left;
      // Residual arcs u -> v are the reverses of v's arcs that have spare
      // capacity in the reverse direction.
      for (int64_t b = first_[v]; b < first_[v + 1]; ++b) {
        const int64_t a = rev_[b];  // arc u -> v
        if (rescap_[a] <= 0) continue;
        const int32_t u = head_[b];
        if (done_[u]) continue;
        const FlowCost rc = cost_[a] + price_[u] - price_[v];
        const FlowCost len = rc < 0 ? 0 : rc / eps + 1;
        if (len >= cap) continue;
        const int64_t nd = d + static_cast<int64_t>(len);
        if (nd < dist_[u] && nd < cap) {
          dist_[u] = nd;
          if (static_cast<int64_t>(buckets_.size()) <= nd) buckets_.resize(static_cast<size_t>(nd) + 1);
          buckets_[nd].push_back(u);
        }
      }
    }
  }
  // Unfinished nodes get a label no smaller than any finished one and no
  // larger than their true distance: the scan stopped at max_done or beyond.
  const int64_t rest = max_done + 1;
  for (int32_t u = 0; u < n; ++u) {
    const int64_t d = done_[u] ? dist_[u] : rest;
    if (d > 0) price_[u] -= FlowCost{d} * eps;
    current_[u] = first_[u];
  }
}

int64_t MinCostFlow::Flow(int64_t arc) const {
  const int64_t f = pos_of_input_[arc];
  return in_cap_[arc] - rescap_[f];
}

int64_t MinCostFlow::TotalCost() const {
  int64_t c = 0;
  for (size_t a = 0; a < in_tail_.size(); ++a) c += Flow(static_cast<int64_t>(a)) * in_cost_[a];
  return c;
}

}  // namespace jobmatch::internal
