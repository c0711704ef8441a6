// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "matching/internal/min_cost_flow.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "absl/strings/str_cat.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {
namespace {
constexpr int64_t kAlpha = 8;  // epsilon divisor between phases
// With Cost = int64_t, scaled costs stay below 2^59 and prices below 2^61,
// so a reduced cost (cost + price - price) never overflows.
constexpr int64_t kCostLimit64 = int64_t{1} << 59;
constexpr int64_t kPriceLimit64 = int64_t{1} << 61;

template <typename Cost>
bool TooBig(Cost x) {
  if constexpr (sizeof(Cost) == sizeof(int64_t)) {
    return x > kPriceLimit64 || x < -kPriceLimit64;
  } else {
    return false;
  }
}
}  // namespace

template <typename Cost>
void MinCostFlowT<Cost>::ReserveArcs(int64_t arcs) {
  in_tail_.reserve(arcs);
  in_head_.reserve(arcs);
  in_cap_.reserve(arcs);
  in_cost_.reserve(arcs);
}

template <typename Cost>
int64_t MinCostFlowT<Cost>::AddArc(int32_t u, int32_t v, int64_t capacity, int64_t cost) {
  JOBMATCH_CHECK(capacity >= 0 && capacity < (int64_t{1} << 31));
  in_tail_.push_back(u);
  in_head_.push_back(v);
  in_cap_.push_back(static_cast<int32_t>(capacity));
  in_cost_.push_back(cost);
  return static_cast<int64_t>(in_tail_.size()) - 1;
}

template <typename Cost>
absl::Status MinCostFlowT<Cost>::BuildAdjacency() {
  const int32_t n = num_nodes();
  const int64_t m = static_cast<int64_t>(in_tail_.size());
  if (2 * m >= (int64_t{1} << 31)) {
    return absl::ResourceExhaustedError("min-cost flow: at most 2^30 arcs");
  }
  scale_ = sched_scale_ > 0 ? sched_scale_ : static_cast<int64_t>(n) + 1;
  threshold_nodes_ = sched_nodes_ > 0 ? sched_nodes_ : n;
  if constexpr (sizeof(Cost) == sizeof(int64_t)) {
    for (int64_t c : in_cost_) {
      if (c > kCostLimit64 / scale_ || c < -kCostLimit64 / scale_) {
        return absl::OutOfRangeError("min-cost flow: costs too wide for 64-bit scaling");
      }
    }
  }
  first_.assign(static_cast<size_t>(n) + 1, 0);
  for (int64_t a = 0; a < m; ++a) {
    ++first_[in_tail_[a] + 1];
    ++first_[in_head_[a] + 1];
  }
  for (int32_t u = 0; u < n; ++u) first_[u + 1] += first_[u];
  std::vector<int64_t> fill(first_.begin(), first_.end() - 1);
  arcs_.resize(2 * m);
  pos_of_input_.resize(m);
  for (int64_t a = 0; a < m; ++a) {
    const int64_t f = fill[in_tail_[a]]++;
    const int64_t r = fill[in_head_[a]]++;
    const Cost c = static_cast<Cost>(in_cost_[a]) * static_cast<Cost>(scale_);
    arcs_[f] = {c, in_head_[a], in_cap_[a], in_cap_[a], static_cast<int32_t>(r)};
    arcs_[r] = {-c, in_tail_[a], 0, in_cap_[a], static_cast<int32_t>(f)};
    pos_of_input_[a] = static_cast<int32_t>(f);
  }
  // The input copies are no longer needed.
  std::vector<int32_t>().swap(in_tail_);
  std::vector<int32_t>().swap(in_head_);
  std::vector<int32_t>().swap(in_cap_);
  std::vector<int64_t>().swap(in_cost_);
  return absl::OkStatus();
}

// Weakly connected components by union-find over the arcs, numbered in the
// order of their smallest node; members listed in index order.
template <typename Cost>
void MinCostFlowT<Cost>::FindComponents() {
  const int32_t n = num_nodes();
  std::vector<int32_t> parent(n);
  for (int32_t v = 0; v < n; ++v) parent[v] = v;
  auto find = [&](int32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (int32_t u = 0; u < n; ++u) {
    for (int64_t a = first_[u]; a < first_[u + 1]; ++a) {
      const int32_t x = find(u), y = find(arcs_[a].head);
      if (x != y) parent[std::max(x, y)] = std::min(x, y);
    }
  }
  comp_.assign(n, -1);
  std::vector<int32_t> id(n, -1);
  int32_t count = 0;
  for (int32_t v = 0; v < n; ++v) {
    const int32_t r = find(v);
    if (id[r] < 0) id[r] = count++;
    comp_[v] = id[r];
  }
  comp_first_.assign(static_cast<size_t>(count) + 1, 0);
  for (int32_t v = 0; v < n; ++v) ++comp_first_[comp_[v] + 1];
  for (int32_t c = 0; c < count; ++c) comp_first_[c + 1] += comp_first_[c];
  comp_nodes_.resize(n);
  std::vector<int64_t> fill(comp_first_.begin(), comp_first_.end() - 1);
  for (int32_t v = 0; v < n; ++v) comp_nodes_[fill[comp_[v]]++] = v;
  comp_relabels_.assign(count, 0);
  comp_limit_.assign(count, 16);
  for (int32_t v = 0; v < n; ++v) comp_limit_[comp_[v]] += 4 * weight_[v];
}

template <typename Cost>
absl::Status MinCostFlowT<Cost>::Solve(const ProgressFn& progress) {
  const int32_t n = num_nodes();
  int64_t total = 0;
  for (int64_t s : supply_) total += s;
  if (total != 0) {
    return absl::InvalidArgumentError(absl::StrCat("supplies sum to ", total, ", not 0"));
  }
  JOBMATCH_RETURN_IF_ERROR(BuildAdjacency());
  FindComponents();
  price_.assign(n, 0);
  excess_ = supply_;
  current_.assign(first_.begin(), first_.end() - 1);
  in_queue_.assign(n, 0);
  dist_.assign(n, 0);
  done_.assign(n, 0);
  Cost max_cost = 1;
  if (sched_max_abs_cost_ > 0) {
    // The whole problem's largest cost: at least this part's.
    for (const Arc& a : arcs_)
      JOBMATCH_CHECK((a.cost < 0 ? -a.cost : a.cost) <=
                     static_cast<Cost>(sched_max_abs_cost_) * static_cast<Cost>(scale_));
    max_cost =
        std::max<Cost>(1, static_cast<Cost>(sched_max_abs_cost_) * static_cast<Cost>(scale_));
    if constexpr (sizeof(Cost) == sizeof(int64_t)) {
      if (sched_max_abs_cost_ > kCostLimit64 / scale_) {
        return absl::OutOfRangeError("min-cost flow: costs too wide for 64-bit scaling");
      }
    }
  } else {
    for (const Arc& a : arcs_) max_cost = std::max(max_cost, a.cost < 0 ? -a.cost : a.cost);
  }
  int phases = 1;
  for (Cost e = max_cost; e > 1; e = std::max<Cost>(1, e / kAlpha)) ++phases;
  int phase = 0;
  Cost eps = max_cost;
  overflow_ = false;
  for (;;) {
    eps = std::max<Cost>(1, eps / kAlpha);
    Refine(eps);
    if (overflow_) return absl::OutOfRangeError("min-cost flow: prices too wide for 64 bits");
    // Refine ends with every excess at zero unless no feasible flow exists.
    for (int32_t u = 0; u < n; ++u) {
      if (excess_[u] != 0)
        return absl::FailedPreconditionError("no feasible flow meets every supply");
    }
    ++phase;
    if (progress && !progress(phase, phases)) return absl::CancelledError("assignment cancelled");
    if (eps == 1) break;
  }
  return absl::OkStatus();
}

template <typename Cost>
void MinCostFlowT<Cost>::Push(int64_t a, int32_t u, int64_t d) {
  Arc& arc = arcs_[a];
  arc.rescap -= static_cast<int32_t>(d);
  arcs_[arc.rev].rescap += static_cast<int32_t>(d);
  excess_[u] -= d;
  excess_[arc.head] += d;
}

template <typename Cost>
void MinCostFlowT<Cost>::Refine(Cost eps) {
  const int32_t n = num_nodes();
  // Saturate every admissible arc: the flow becomes 0-optimal (a pseudoflow).
  for (int32_t u = 0; u < n; ++u) {
    const Cost pu = price_[u];
    for (int64_t a = first_[u]; a < first_[u + 1]; ++a) {
      const Arc& arc = arcs_[a];
      if (arc.rescap > 0 && arc.cost + pu - price_[arc.head] < 0) Push(a, u, arc.rescap);
    }
  }
  queue_.clear();
  for (int32_t u = 0; u < n; ++u) {
    current_[u] = first_[u];
    in_queue_[u] = excess_[u] > 0;
    if (excess_[u] > 0) queue_.push_back(u);
  }
  if (queue_.empty()) return;
  // A price update for every component with an active node (components
  // without one have no deficit either: nothing to update).
  {
    std::vector<uint8_t> seen(comp_relabels_.size(), 0);
    for (int32_t u : queue_) {
      const int32_t c = comp_[u];
      if (seen[c]) continue;
      seen[c] = 1;
    }
    for (size_t c = 0; c < seen.size(); ++c) {
      if (!seen[c]) continue;
      GlobalUpdate(static_cast<int32_t>(c), eps);
      comp_relabels_[c] = 0;
    }
  }
  const int64_t nt = threshold_nodes_;
  size_t head = 0;
  int64_t guard = 0;
  const int64_t kMaxSteps = int64_t{64} * (nt + 1) * (nt + 1) + (int64_t{1} << 24);
  while (head < queue_.size() && !overflow_) {
    const int32_t u = queue_[head++];
    in_queue_[u] = 0;
    Discharge(u, eps);
    const int32_t c = comp_[u];
    if (comp_relabels_[c] > comp_limit_[c]) {
      GlobalUpdate(c, eps);
      comp_relabels_[c] = 0;
    }
    if (++guard > kMaxSteps) break;
    if (head > (size_t{1} << 20) && head * 2 > queue_.size()) {
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<int64_t>(head));
      head = 0;
    }
  }
}

// Relabel: the smallest price drop that makes an arc admissible while every
// residual arc out of u keeps reduced cost >= -eps:
// p(u) = max over residual (u, v) of p(v) - c(u, v), minus eps.
template <typename Cost>
bool MinCostFlowT<Cost>::Relabel(int32_t u, Cost eps) {
  Cost best = 0;
  bool found = false;
  for (int64_t b = first_[u]; b < first_[u + 1]; ++b) {
    const Arc& arc = arcs_[b];
    if (arc.rescap <= 0) continue;
    const Cost cand = price_[arc.head] - arc.cost;
    if (!found || cand > best) best = cand;
    found = true;
  }
  if (!found) return false;  // stranded: infeasible
  price_[u] = best - eps;
  if (TooBig(price_[u])) overflow_ = true;
  current_[u] = first_[u];
  ++comp_relabels_[comp_[u]];
  return true;
}

// Whether v has an admissible arc; advances v's current arc past arcs that
// are not (they stay so until v is relabeled).
template <typename Cost>
bool MinCostFlowT<Cost>::HasAdmissible(int32_t v) {
  const Cost pv = price_[v];
  int64_t a = current_[v];
  for (; a < first_[v + 1]; ++a) {
    const Arc& arc = arcs_[a];
    if (arc.rescap > 0 && arc.cost + pv - price_[arc.head] < 0) break;
  }
  current_[v] = a;
  return a < first_[v + 1];
}

template <typename Cost>
void MinCostFlowT<Cost>::Discharge(int32_t u, Cost eps) {
  const int64_t end = first_[u + 1];
  int relabels = 0;
  while (excess_[u] > 0) {
    int64_t a = current_[u];
    for (; a < end; ++a) {
      const Arc& arc = arcs_[a];
      if (arc.rescap <= 0) continue;
      const int32_t v = arc.head;
      if (arc.cost + price_[u] - price_[v] >= 0) continue;
      // Push look-ahead (Goldberg): a node with no excess to spare and no
      // admissible arc would only send the flow back; relabel it first and
      // look at this arc again.
      if (excess_[v] >= 0 && !HasAdmissible(v)) {
        if (Relabel(v, eps)) {
          --a;
          continue;
        }
      }
      Push(a, u, std::min<int64_t>(excess_[u], arc.rescap));
      if (excess_[v] > 0 && !in_queue_[v]) {
        in_queue_[v] = 1;
        queue_.push_back(v);
      }
      if (excess_[u] == 0) break;
    }
    current_[u] = a;
    if (excess_[u] == 0) return;
    if (!Relabel(u, eps) || overflow_) return;
    if (++relabels > 1 << 20) return;  // runaway guard (infeasible input)
  }
}

// Global price update of one component: a bucket-Dijkstra pass from its
// deficit nodes backwards along residual arcs, lengths in units of eps
// (rounded up); each price drops by eps times its distance.
template <typename Cost>
void MinCostFlowT<Cost>::GlobalUpdate(int32_t comp, Cost eps) {
  constexpr int64_t kUnset = std::numeric_limits<int64_t>::max();
  const int32_t* nodes = comp_nodes_.data() + comp_first_[comp];
  const int64_t count = comp_first_[comp + 1] - comp_first_[comp];
  for (int64_t k = 0; k < count; ++k) {
    dist_[nodes[k]] = kUnset;
    done_[nodes[k]] = 0;
  }
  // Labels above this are not expanded: such nodes keep the cap, which is a
  // lower bound on their distance and so still keeps eps-optimality.
  const int64_t cap = comp_limit_[comp];
  if (buckets_.size() < 64) buckets_.resize(64);
  for (size_t b = 0; b < std::min(buckets_used_, buckets_.size()); ++b) buckets_[b].clear();
  buckets_used_ = 1;
  int64_t active_left = 0;
  for (int64_t k = 0; k < count; ++k) {
    const int32_t v = nodes[k];
    if (excess_[v] < 0) {
      dist_[v] = 0;
      buckets_[0].push_back(v);
    }
    active_left += excess_[v] > 0;
  }
  int64_t max_done = 0;
  for (int64_t d = 0; d < cap && d < static_cast<int64_t>(buckets_.size()) && active_left > 0;
       ++d) {
    for (size_t i = 0; i < buckets_[d].size(); ++i) {
      const int32_t v = buckets_[d][i];
      if (done_[v] || dist_[v] != d) continue;
      done_[v] = 1;
      max_done = d;
      if (excess_[v] > 0) --active_left;
      const Cost pv = price_[v];
      // Residual arcs u -> v are the reverses of v's records; their residual
      // capacity is the pair's capacity minus this record's, their cost minus
      // this record's cost: no read of the reverse record.
      for (int64_t b = first_[v]; b < first_[v + 1]; ++b) {
        const Arc& arc = arcs_[b];
        if (arc.cap - arc.rescap <= 0) continue;
        const int32_t u = arc.head;
        if (done_[u]) continue;
        const Cost rc = -arc.cost + price_[u] - pv;
        const Cost len = rc < 0 ? 0 : rc / eps + 1;
        if (len >= cap) continue;
        const int64_t nd = d + static_cast<int64_t>(len);
        if (nd < dist_[u] && nd < cap) {
          dist_[u] = nd;
          if (static_cast<int64_t>(buckets_.size()) <= nd)
            buckets_.resize(static_cast<size_t>(nd) + 1);
          buckets_used_ = std::max(buckets_used_, static_cast<size_t>(nd) + 1);
          buckets_[nd].push_back(u);
        }
      }
    }
  }
  // Unfinished nodes get a label no smaller than any finished one and no
  // larger than their true distance: the scan stopped after max_done.
  const int64_t rest = max_done + 1;
  for (int64_t k = 0; k < count; ++k) {
    const int32_t u = nodes[k];
    const int64_t d = done_[u] ? dist_[u] : rest;
    if (d > 0) {
      if constexpr (sizeof(Cost) == sizeof(int64_t)) {
        if (d > kPriceLimit64 / eps) {
          overflow_ = true;
          continue;
        }
      }
      price_[u] -= static_cast<Cost>(d) * eps;
      if (TooBig(price_[u])) overflow_ = true;
    }
    current_[u] = first_[u];
  }
}

template <typename Cost>
int64_t MinCostFlowT<Cost>::Flow(int64_t arc) const {
  const Arc& a = arcs_[pos_of_input_[arc]];
  return int64_t{a.cap} - a.rescap;
}

template <typename Cost>
int64_t MinCostFlowT<Cost>::TotalCost() const {
  Cost c = 0;
  for (size_t a = 0; a < pos_of_input_.size(); ++a) {
    const Arc& r = arcs_[pos_of_input_[a]];
    c += static_cast<Cost>(int64_t{r.cap} - r.rescap) * (r.cost / static_cast<Cost>(scale_));
  }
  return static_cast<int64_t>(c);
}

template class MinCostFlowT<int64_t>;
template class MinCostFlowT<FlowCost>;

}  // namespace jobmatch::internal
