// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Notation: p(v) is the price of node v (a component's sink starts at 0 and
// only falls, like every price during a phase), and the reduced cost of a
// residual arc (v, w) is c(v, w) + p(v) - p(w). For a row i, a(k) = c(i, k) -
// p(k) is the row-independent part of the reduced cost of its arc to option
// k (a column, or the sink with a = -p(t)). A flow is eps-optimal when every
// residual arc has reduced cost >= -eps; an arc is admissible when its
// reduced cost is < 0.
#include "matching/internal/bipartite_cost_scaling.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {
namespace {
constexpr int64_t kAlpha = 8;  // epsilon divisor between phases
constexpr int64_t kInf = std::numeric_limits<int64_t>::max();
// Shortest-path labels of the optimality proof stay above -this (see
// ProveOptimal), so label + reduced cost never overflows.
constexpr int64_t kProofLimit = int64_t{1} << 61;
// Proof attempts per component before the policy stops trying (see Solve).
constexpr int32_t kMaxProofFailures = 3;
}  // namespace

BipartiteCostScaling::BipartiteCostScaling(int32_t num_rows, absl::Span<const int32_t> capacity,
                                           int64_t cost_limit)
    : num_rows_(num_rows),
      capacity_(capacity.begin(), capacity.end()),
      cost_limit_(std::min(cost_limit, kDefaultCostLimit)),
      price_limit_(8 * cost_limit_) {
  JOBMATCH_CHECK(cost_limit_ >= 1 && num_rows_ >= 0);
  for (int32_t c : capacity_) JOBMATCH_CHECK(c >= 0);
}

void BipartiteCostScaling::ReserveArcs(int64_t arcs) {
  in_row_.reserve(arcs);
  in_col_.reserve(arcs);
  in_cost_.reserve(arcs);
}

int64_t BipartiteCostScaling::AddArc(int32_t row, int32_t col, int64_t cost) {
  JOBMATCH_CHECK(!built_ && !bulk_);
  JOBMATCH_CHECK(row >= 0 && row < num_rows_ && col >= 0 && col < num_cols());
  JOBMATCH_CHECK(cost > std::numeric_limits<int32_t>::min() &&
                 cost <= std::numeric_limits<int32_t>::max());
  in_row_.push_back(row);
  in_col_.push_back(col);
  in_cost_.push_back(static_cast<int32_t>(cost));
  return num_arcs_++;
}

void BipartiteCostScaling::SetArcs(HugeVector<int64_t> first, HugeVector<int32_t> col,
                                   HugeVector<int32_t> cost) {
  JOBMATCH_CHECK(!built_ && !bulk_ && num_arcs_ == 0);
  JOBMATCH_CHECK(static_cast<int64_t>(first.size()) == int64_t{num_rows_} + 1 &&
                 first.front() == 0);
  JOBMATCH_CHECK(first.back() == static_cast<int64_t>(col.size()) && col.size() == cost.size());
  for (int32_t i = 0; i < num_rows_; ++i) JOBMATCH_CHECK(first[i] <= first[i + 1]);
  const int32_t nc = num_cols();
  for (int32_t j : col) JOBMATCH_CHECK(j >= 0 && j < nc);
  for (int32_t c : cost) JOBMATCH_CHECK(c > std::numeric_limits<int32_t>::min());
  first_ = std::move(first);
  col_ = std::move(col);
  cost_ = std::move(cost);
  num_arcs_ = static_cast<int64_t>(col_.size());
  bulk_ = true;
}

void BipartiteCostScaling::SetComponents(std::vector<int32_t> row_component,
                                         std::vector<int32_t> col_component, int32_t count) {
  JOBMATCH_CHECK(!built_);
  JOBMATCH_CHECK(static_cast<int64_t>(row_component.size()) == num_rows_ &&
                 col_component.size() == capacity_.size() && count >= 0);
  for (int32_t c : row_component) JOBMATCH_CHECK(c >= -1 && c < count);
  for (int32_t c : col_component) JOBMATCH_CHECK(c >= -1 && c < count);
  row_comp_ = std::move(row_component);
  col_comp_ = std::move(col_component);
  comps_.assign(static_cast<size_t>(count), Component());
  have_components_ = true;
}

void BipartiteCostScaling::Build() {
  const int64_t m = num_arcs();
  if (!bulk_) {
    first_.assign(static_cast<size_t>(num_rows_) + 1, 0);
    for (int64_t a = 0; a < m; ++a) ++first_[in_row_[a] + 1];
    for (int32_t i = 0; i < num_rows_; ++i) first_[i + 1] += first_[i];
    if (std::is_sorted(in_row_.begin(), in_row_.end())) {
      // Already row-major (the usual case): take the arrays as they are.
      col_ = std::move(in_col_);
      cost_ = std::move(in_cost_);
      id_.clear();
    } else {
      col_.resize(m);
      cost_.resize(m);
      id_.resize(m);
      std::vector<int64_t> fill(first_.begin(), first_.end() - 1);
      for (int64_t a = 0; a < m; ++a) {
        const int64_t k = fill[in_row_[a]]++;
        col_[k] = in_col_[a];
        cost_[k] = in_cost_[a];
        id_[k] = static_cast<int32_t>(a);
      }
    }
    HugeVector<int32_t>().swap(in_row_);
    HugeVector<int32_t>().swap(in_col_);
    HugeVector<int32_t>().swap(in_cost_);
  }
  // A column never holds more rows than it has places or edges, plus the
  // one that has just pushed in.
  const int32_t nc = num_cols();
  std::vector<int64_t> degree(nc, 0);
  for (int64_t k = 0; k < m; ++k) ++degree[col_[k]];
  cols_.assign(static_cast<size_t>(nc), ColState());
  int64_t slots = 0;
  for (int32_t j = 0; j < nc; ++j) {
    cols_[j].slot_first = slots;
    cols_[j].capacity = capacity_[j];
    slots += std::min<int64_t>(capacity_[j], degree[j]) + 1;
  }
  slots_.resize(static_cast<size_t>(slots));
}

// Connected components (union-find over the arcs) unless the caller gave
// them; then the member lists. Rows and columns without arcs get -1: they
// never move (a row without arcs stays at the sink).
// Kept whole (a kernel, issue 9): one union-find pass and the member lists share its arrays.
void BipartiteCostScaling::FindComponents() {
  const int32_t nr = num_rows_, nc = num_cols();
  if (!have_components_) {
    std::vector<int32_t> parent(static_cast<size_t>(nr) + nc);
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int32_t x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    };
    for (int32_t i = 0; i < nr; ++i) {
      for (int64_t k = first_[i]; k < first_[i + 1]; ++k) {
        const int32_t a = find(i), b = find(nr + col_[k]);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
      }
    }
    std::vector<int32_t> id(static_cast<size_t>(nr) + nc, -1);
    int32_t count = 0;
    row_comp_.assign(nr, -1);
    col_comp_.assign(nc, -1);
    for (int32_t v = 0; v < nr + nc; ++v) {
      const int32_t r = find(v);
      if (id[r] < 0) id[r] = count++;
      if (v < nr) {
        row_comp_[v] = id[r];
      } else {
        col_comp_[v - nr] = id[r];
      }
    }
    comps_.assign(static_cast<size_t>(count), Component());
  }
  const int32_t k = static_cast<int32_t>(comps_.size());
  std::vector<uint8_t> col_has_arc(nc, 0);
  for (int64_t a = 0; a < num_arcs_; ++a) col_has_arc[col_[a]] = 1;
  for (int32_t i = 0; i < nr; ++i) {
    if (first_[i] == first_[i + 1]) {
      row_comp_[i] = -1;
      continue;
    }
    for (int64_t a = first_[i]; a < first_[i + 1]; ++a) {
      JOBMATCH_CHECK(row_comp_[i] >= 0 &&
                     row_comp_[i] == col_comp_[col_[a]]);  // one component per arc
    }
  }
  for (int32_t j = 0; j < nc; ++j) {
    if (!col_has_arc[j]) col_comp_[j] = -1;
  }
  comp_row_first_.assign(static_cast<size_t>(k) + 1, 0);
  comp_col_first_.assign(static_cast<size_t>(k) + 1, 0);
  for (int32_t c : row_comp_) {
    if (c >= 0) ++comp_row_first_[c + 1];
  }
  for (int32_t c : col_comp_) {
    if (c >= 0) ++comp_col_first_[c + 1];
  }
  for (int32_t c = 0; c < k; ++c) {
    comp_row_first_[c + 1] += comp_row_first_[c];
    comp_col_first_[c + 1] += comp_col_first_[c];
  }
  comp_rows_.resize(static_cast<size_t>(comp_row_first_[k]));
  comp_cols_.resize(static_cast<size_t>(comp_col_first_[k]));
  {
    std::vector<int64_t> fill(comp_row_first_.begin(), comp_row_first_.end() - 1);
    for (int32_t i = 0; i < nr; ++i) {
      if (row_comp_[i] >= 0) comp_rows_[fill[row_comp_[i]]++] = i;
    }
    fill.assign(comp_col_first_.begin(), comp_col_first_.end() - 1);
    for (int32_t j = 0; j < nc; ++j) {
      if (col_comp_[j] >= 0) comp_cols_[fill[col_comp_[j]]++] = j;
    }
  }
  stats_.components = 0;
  for (int32_t c = 0; c < k; ++c) {
    Component& comp = comps_[c];
    comp = Component();
    comp.sink_excess = -(comp_row_first_[c + 1] - comp_row_first_[c]);
    if (comp.sink_excess == 0) {
      comp.frozen = true;  // no rows: nothing to do
    } else {
      ++stats_.components;
    }
  }
}

// Kept whole (a kernel, issue 9): the cost-scaling phase loop over all components' state.
absl::Status BipartiteCostScaling::Solve(const ProgressFn& progress) {
  JOBMATCH_CHECK(!built_);  // Solve consumes the input arcs: call it once
  built_ = true;
  if (2 * num_arcs() >= (int64_t{1} << 31)) {
    return absl::ResourceExhaustedError("b-matching: at most 2^30 edges");
  }
  stats_ = Stats();
  Build();
  FindComponents();
  const int32_t nr = num_rows_, nc = num_cols();
  scale_ = schedule_.scale > 0 ? schedule_.scale : static_cast<int64_t>(nr) + nc + 2;
  JOBMATCH_CHECK(scale_ >= 1);
  int64_t max_abs = 0;
  for (int32_t c : cost_) max_abs = std::max<int64_t>(max_abs, c < 0 ? -int64_t{c} : c);
  if (max_abs > cost_limit_ / scale_) {
    return absl::OutOfRangeError("b-matching: costs too wide for 64-bit scaling");
  }
  int64_t max_cost = std::max<int64_t>(1, max_abs * scale_);
  if (schedule_.max_cost > 0) {
    // The empty flow must be max_cost-optimal; a larger start is fine.
    JOBMATCH_CHECK(schedule_.max_cost >= max_abs * scale_);
    if (schedule_.max_cost > cost_limit_) {
      return absl::OutOfRangeError("b-matching: costs too wide for 64-bit scaling");
    }
    max_cost = schedule_.max_cost;
  }
  rows_.assign(static_cast<size_t>(nr), RowState());
  for (int32_t i = 0; i < nr; ++i) {
    rows_[i].comp = row_comp_[i];
    rows_[i].pos = row_comp_[i] < 0 ? kSink : kActive;
  }
  col_price_.assign(nc, 0);
  for (int32_t j = 0; j < nc; ++j) {
    cols_[j].flow = 0;
    cols_[j].excess = 0;
    cols_[j].heap_size = 0;
    cols_[j].comp = col_comp_[j];
  }
  queue_.assign(static_cast<size_t>(nr) + 1, 0);
  sink_pending_.clear();
  overflow_ = false;
  solved_ = false;
  int64_t live = 0;
  for (const Component& comp : comps_) live += comp.frozen ? 0 : 1;
  int64_t phases = 1;
  for (int64_t e = max_cost; e > 1; e = std::max<int64_t>(1, e / kAlpha)) ++phases;
  // The empty flow with zero prices is max_cost-optimal.
  int64_t eps = max_cost;
  for (int64_t phase = 1; live > 0; ++phase) {
    eps = std::max<int64_t>(1, eps / kAlpha);
    phase_ = static_cast<int32_t>(phase);
    StartPhase(eps);
    live = 0;
    for (const Component& comp : comps_) live += comp.frozen ? 0 : 1;
    if (live == 0) break;
    for (;;) {
      while (queued_ > 0 && !overflow_) {
        const int32_t i = queue_[head_];
        head_ = head_ + 1 == queue_.size() ? 0 : head_ + 1;
        --queued_;
        // The scan is bound by fetching a row's edges from memory: start on
        // the next row's edges (and the one after's offsets) now.
        if (queued_ > 0) {
          const int32_t next_row = queue_[head_];
          if (rows_[next_row].phase != phase_) {  // (prefetched one step ago) a full scan is coming
            const int64_t next = first_[next_row];  // <= num_arcs: pointers stay in range
            __builtin_prefetch(col_.data() + next);
            __builtin_prefetch(cost_.data() + next);
          }
          if (queued_ > 1) {
            const int32_t after = queue_[head_ + 1 == queue_.size() ? 0 : head_ + 1];
            __builtin_prefetch(first_.data() + after);
            __builtin_prefetch(rows_.data() + after);
          }
        }
        DischargeRow(i, eps);
      }
      if (overflow_ || sink_pending_.empty()) break;
      // Every row has settled: the sinks holding a surplus hand it back, one
      // component at a time (each call stops once it has activated a row of
      // its own component, which the queue then settles).
      std::vector<int32_t> pending;
      pending.swap(sink_pending_);
      for (int32_t c : pending) {
        Component& comp = comps_[c];
        comp.pending = false;
        if (comp.sink_excess > 0 && !overflow_) DischargeSink(c, eps);
        if (comp.sink_excess > 0 && !comp.pending) {
          comp.pending = true;
          sink_pending_.push_back(c);
        }
      }
    }
    if (overflow_) return absl::OutOfRangeError("b-matching: prices too wide for 64 bits");
    ++stats_.phases;
    // Proof policy, per component: after a phase that left its cost as it
    // was (the flow has probably settled), or after every phase with
    // eager_proofs; never after kMaxProofFailures failures.
    if (eps > 1) {
      for (int32_t c = 0; c < static_cast<int32_t>(comps_.size()); ++c) {
        Component& comp = comps_[c];
        if (comp.frozen) continue;
        const int64_t cost = ComponentCost(c);
        const bool settled = comp.has_last_cost && cost == comp.last_cost;
        comp.last_cost = cost;
        comp.has_last_cost = true;
        if (comp.proof_failures >= kMaxProofFailures || !(settled || schedule_.eager_proofs))
          continue;
        ++stats_.proofs_tried;
        if (ProveOptimal(c)) {
          comp.frozen = true;
          ++stats_.proofs_won;
        } else {
          ++comp.proof_failures;
        }
      }
    }
    live = 0;
    for (const Component& comp : comps_) live += comp.frozen ? 0 : 1;
    if (progress && !progress(live == 0 ? phases : phase, phases)) {
      return absl::CancelledError("assignment cancelled");
    }
    if (eps == 1) break;
  }
  solved_ = true;
  return absl::OkStatus();
}

// Makes the current flow a pseudoflow that is eps-optimal: column prices are
// moved into the band their sink arc allows, then every row takes the
// lowest price its arcs allow; a row whose placement cannot be kept within
// eps gives it up (its column is left one unit short) and becomes active.
//
// A component whose flow is already 1-optimal (every row placed, every column
// within 1 of its sink's price band, every row within 2 of its best option)
// is optimal: it is frozen, and the remaining phases leave it alone.
void BipartiteCostScaling::StartPhase(int64_t eps) {
  const int32_t nr = num_rows_, nc = num_cols();
  for (Component& comp : comps_) {
    comp.one_optimal = true;
    comp.sink_heap_on = false;
  }
  for (int32_t j = 0; j < nc; ++j) {
    const int32_t c = cols_[j].comp;
    if (c < 0 || comps_[c].frozen) continue;
    Component& comp = comps_[c];
    const int64_t sp = comp.sink_price;
    int64_t& p = col_price_[j];
    if ((cols_[j].flow < cols_[j].capacity && p < sp - 1) || (cols_[j].flow > 0 && p > sp + 1))
      comp.one_optimal = false;
    if (cols_[j].flow < cols_[j].capacity) p = std::max(p, sp - eps);  // arc j -> t residual
    if (cols_[j].flow > 0) p = std::min(p, sp + eps);                  // arc t -> j residual
    cols_[j].heap_size = 0;
  }
  head_ = tail_ = queued_ = 0;
  for (int32_t i = 0; i < nr; ++i) {
    const int32_t c = row_comp_[i];
    if (c < 0 || comps_[c].frozen) continue;
    Component& comp = comps_[c];
    const int32_t held = rows_[i].pos;
    // Best value over the options other than the held one, and the held one's.
    int64_t best_other = held == kSink ? kInf : -comp.sink_price;
    int64_t held_value = -comp.sink_price;
    for (int64_t k = first_[i]; k < first_[i + 1]; ++k) {
      const int64_t a = int64_t{cost_[k]} * scale_ - col_price_[col_[k]];
      if (k == held) {
        held_value = a;
      } else {
        best_other = std::min(best_other, a);
      }
    }
    if (best_other == kInf) best_other = held_value;  // no other option than the sink
    if (held == kActive || held_value - best_other > 2) comp.one_optimal = false;
    if (held != kActive && held_value - best_other <= 2 * eps) {
      // Forward arcs need p >= -best_other - eps, the held arc's reverse
      // p <= eps - held_value; take the lowest.
      rows_[i].price = -best_other - eps;
      ++stats_.kept_rows;
      if (held >= 0) {
        const int32_t j = col_[held];
        slots_[cols_[j].slot_first + cols_[j].heap_size++] = {
            rows_[i].price + int64_t{cost_[held]} * scale_, i, held};
      }
      continue;
    }
    if (held >= 0) --cols_[col_[held]].excess;
    if (held == kSink) --comp.sink_excess;
    rows_[i].pos = kActive;
    rows_[i].price = -std::min(best_other, held == kActive ? kInf : held_value);
    queue_[tail_++] = i;
    ++queued_;
  }
  if (tail_ == queue_.size()) tail_ = 0;
  for (int32_t j = 0; j < nc; ++j) {
    const int32_t c = cols_[j].comp;
    if (c >= 0 && !comps_[c].frozen) Heapify(j);
  }
  // No row of a 1-optimal component was activated (that needs a gap > 2 eps
  // >= 2) and no price of it moved: freezing it changes nothing.
  for (Component& comp : comps_) {
    if (!comp.frozen && comp.one_optimal) {
      comp.frozen = true;
      ++stats_.skipped_phases;
    }
  }
}

// Kept whole (a kernel, issue 9): the innermost push/relabel loop, most of a solve's time.
void BipartiteCostScaling::DischargeRow(int32_t i, int64_t eps) {
  ++stats_.row_scans;
  RowState& row = rows_[i];
  const int32_t c = row.comp;
  Component& comp = comps_[c];
  // The two best options; the sink (a = -p(t)) first, so ties keep a row out
  // (among arcs, the first in position order wins a tie).
  int64_t a1 = -comp.sink_price, a2 = kInf;
  int64_t k1 = kSink;
  RowState& mc = row;
  int32_t j1 = -1, cost1 = 0;  // column and cost of the best arc
  bool exact = false;
  if (mc.phase == phase_) {
    // The cached arcs, in value order at caching time: compare (value,
    // position) so that a tie goes to the lower position, as in a full scan.
    for (int x = 0; x < kCached && mc.cpos[x] >= 0; ++x) {
      const int64_t a = int64_t{mc.ccost[x]} * scale_ - col_price_[mc.ccol[x]];
      if (a < a1 || (a == a1 && k1 != kSink && mc.cpos[x] < k1)) {
        a2 = a1;
        a1 = a;
        k1 = mc.cpos[x];
        j1 = mc.ccol[x];
        cost1 = mc.ccost[x];
      } else if (a < a2) {
        a2 = a;
      }
    }
    // Every other arc is worth at least mc.bound: if the second best is
    // strictly below it, both best values (and the first best arc) are those
    // a full scan would find.
    exact = a2 < mc.bound;
    if (exact) ++stats_.cached_scans;
  }
  if (!exact) {
    a1 = -comp.sink_price;
    a2 = kInf;
    k1 = kSink;
    // The kCached + 1 best arcs by (value, position).
    int64_t best_a[kCached + 1];
    int32_t best_k[kCached + 1];
    int kept = 0;
    const int64_t end = first_[i + 1];
    for (int64_t k = first_[i]; k < end; ++k) {
      const int64_t a = int64_t{cost_[k]} * scale_ - col_price_[col_[k]];
      if (a < a1) {
        a2 = a1;
        a1 = a;
        k1 = k;
      } else if (a < a2) {
        a2 = a;
      }
      if (kept == kCached + 1 && a >= best_a[kCached]) continue;
      int x = kept < kCached + 1 ? kept++ : kCached;
      while (x > 0 && best_a[x - 1] > a) {  // stable: equal values keep position order
        best_a[x] = best_a[x - 1];
        best_k[x] = best_k[x - 1];
        --x;
      }
      best_a[x] = a;
      best_k[x] = static_cast<int32_t>(k);
    }
    mc.phase = phase_;
    for (int x = 0; x < kCached; ++x) {
      mc.cpos[x] = x < kept ? best_k[x] : -1;
      if (x < kept) {
        mc.ccol[x] = col_[best_k[x]];
        mc.ccost[x] = cost_[best_k[x]];
      }
    }
    mc.bound = kept == kCached + 1 ? best_a[kCached] : kInf;
    if (k1 != kSink) {
      j1 = col_[k1];
      cost1 = cost_[k1];
    }
  }
  // Relabel if nothing is admissible, push on the best arc, then lower the
  // price as far as eps-optimality allows with the pushed arc saturated (a
  // row without edges has only the sink: its reverse arc bounds the price).
  if (a2 == kInf) a2 = a1;
  row.price = -a2 - eps;
  if (TooBig(row.price)) overflow_ = true;
  if (k1 == kSink) {
    row.pos = kSink;
    AddSinkExcess(c);
    if (comp.sink_heap_on) SinkHeapAdd(comp, row.price, num_cols() + i);
    return;
  }
  const int32_t pos = static_cast<int32_t>(k1);
  const int32_t j = j1;
  row.pos = pos;
  HeapPush(j, {row.price + int64_t{cost1} * scale_, i, pos});
  if (cols_[j].excess < 0) {  // a place left by a row that gave it up
    ++cols_[j].excess;
    return;
  }
  DischargeColumn(j, eps);
}

// Column j holds one unit too many: it passes the unit on, to the sink when
// a place is free and that arc is at least as good, else to the holder whose
// reverse arc has the lowest reduced cost p(j) - key (that row is displaced).
void BipartiteCostScaling::DischargeColumn(int32_t j, int64_t eps) {
  const int32_t c = cols_[j].comp;
  Component& comp = comps_[c];
  const bool free_place = cols_[j].flow < cols_[j].capacity;
  const int64_t top = cols_[j].heap_size > 0 ? slots_[cols_[j].slot_first].key : -kInf;
  const bool to_sink = free_place && comp.sink_price >= top;
  const int64_t best = to_sink ? comp.sink_price : top;
  if (col_price_[j] >= best) {  // no admissible arc: relabel
    col_price_[j] = best - eps;
    ++stats_.relabels;
    if (TooBig(col_price_[j])) overflow_ = true;
    if (comp.sink_heap_on && cols_[j].flow > 0) SinkHeapAdd(comp, col_price_[j], j);
  }
  if (to_sink) {
    if (comp.sink_heap_on && cols_[j].flow == 0) SinkHeapAdd(comp, col_price_[j], j);
    ++cols_[j].flow;
    AddSinkExcess(c);
    return;
  }
  const Slot out = HeapPop(j);
  Activate(out.row);
}

void BipartiteCostScaling::AddSinkExcess(int32_t c) {
  Component& comp = comps_[c];
  if (++comp.sink_excess > 0 && !comp.pending) {
    comp.pending = true;
    sink_pending_.push_back(c);
  }
}

void BipartiteCostScaling::Activate(int32_t i) {
  rows_[i].pos = kActive;
  queue_[tail_] = i;
  tail_ = tail_ + 1 == queue_.size() ? 0 : tail_ + 1;
  ++queued_;
  activated_ = true;
}

// Component c's sink holds more than its demand: places rows gave up at the
// phase start that nobody took. It pushes units back on its most admissible
// arc (the reverse of a column's sink arc, or of an unplaced row's bypass),
// or, when that one is not admissible, lowers its price to make it so. The
// residual arcs out of the sink sit in a max-heap by head price, built at the
// first call in a phase and kept up to date (lazily: stale entries are
// skipped) from then on. Returns once it has activated a row (the caller
// lets the rows settle first) or has no surplus left.
void BipartiteCostScaling::DischargeSink(int32_t c, int64_t eps) {
  Component& comp = comps_[c];
  const int32_t nc = num_cols();
  if (!comp.sink_heap_on) {
    comp.sink_heap_on = true;
    comp.sink_cols.clear();
    comp.sink_rows.Clear();
    for (int64_t x = comp_col_first_[c]; x < comp_col_first_[c + 1]; ++x) {
      const int32_t j = comp_cols_[x];
      if (cols_[j].flow > 0) comp.sink_cols.emplace_back(col_price_[j], j);
    }
    for (int64_t x = comp_row_first_[c]; x < comp_row_first_[c + 1]; ++x) {
      const int32_t i = comp_rows_[x];
      if (rows_[i].pos == kSink) comp.sink_rows.Push(rows_[i].price, nc + i);
    }
    SinkHeapify(comp.sink_cols);
  }
  // Drops stale entries (the arc is gone or the head's price has moved)
  // from the top of a queue.
  auto valid = [&](int64_t p, int32_t w) {
    return w < nc ? cols_[w].flow > 0 && col_price_[w] == p
                  : rows_[w - nc].pos == kSink && rows_[w - nc].price == p;
  };
  activated_ = false;
  while (comp.sink_excess > 0 && !overflow_) {
    while (!comp.sink_cols.empty() &&
           !valid(comp.sink_cols.front().first, comp.sink_cols.front().second)) {
      SinkHeapPop(comp.sink_cols);
    }
    while (!comp.sink_rows.Empty()) {
      const auto [p, w] = comp.sink_rows.Top();
      if (valid(p, w)) break;
      comp.sink_rows.Pop();
    }
    JOBMATCH_CHECK(!comp.sink_cols.empty() || !comp.sink_rows.Empty());
    // The highest price of the two; on equal prices a row, as in one heap of
    // both ordered by (price, node) (row nodes come after the columns).
    const bool take_row =
        comp.sink_cols.empty() ||
        (!comp.sink_rows.Empty() && comp.sink_cols.front().first <= comp.sink_rows.Top().first);
    std::pair<int64_t, int32_t> top;
    if (take_row) {
      top = comp.sink_rows.Top();
      comp.sink_rows.Pop();
    } else {
      top = SinkHeapPop(comp.sink_cols);
    }
    const auto [p, w] = top;
    const bool is_col = w < nc;
    if (p <= comp.sink_price) {  // nothing admissible: relabel
      ++stats_.sink_relabels;
      comp.sink_price = p - eps;
      if (TooBig(comp.sink_price)) overflow_ = true;
    }
    --comp.sink_excess;
    ++stats_.sink_pushes;
    if (!is_col) {
      Activate(w - nc);
      return;  // let the row settle first
    }
    --cols_[w].flow;
    if (cols_[w].excess < 0) {
      ++cols_[w].excess;
    } else {
      DischargeColumn(w, eps);
    }
    if (cols_[w].flow > 0) SinkHeapAdd(comp, col_price_[w], w);
    if (activated_) return;
  }
}

void BipartiteCostScaling::SinkHeapAdd(Component& comp, int64_t price, int32_t node) {
  if (node >= num_cols()) {
    comp.sink_rows.Push(price, node);
    return;
  }
  // Sift up in the 4-ary max-heap of columns.
  auto& h = comp.sink_cols;
  const std::pair<int64_t, int32_t> x(price, node);
  size_t k = h.size();
  h.emplace_back(x);
  while (k > 0) {
    const size_t parent = (k - 1) / 4;
    if (!(h[parent] < x)) break;
    h[k] = h[parent];
    k = parent;
  }
  h[k] = x;
}

// The sink heaps are 4-ary max-heaps of (price, node): half the levels of a
// binary heap, and the four children of a node share a cache line or two.
// Pop returns the largest pair, as std::pop_heap would (equal pairs are
// interchangeable), so the heap's shape does not change the result.
namespace {
void SiftDown4(std::vector<std::pair<int64_t, int32_t>>& h, size_t k) {
  const size_t n = h.size();
  const std::pair<int64_t, int32_t> x = h[k];
  for (;;) {
    const size_t c0 = 4 * k + 1;
    if (c0 >= n) break;
    size_t best = c0;
    const size_t c_end = std::min(c0 + 4, n);
    for (size_t c = c0 + 1; c < c_end; ++c) {
      if (h[best] < h[c]) best = c;
    }
    if (!(x < h[best])) break;
    h[k] = h[best];
    k = best;
  }
  h[k] = x;
}
}  // namespace

void BipartiteCostScaling::SinkHeapify(std::vector<std::pair<int64_t, int32_t>>& h) {
  if (h.size() < 2) return;
  for (size_t k = (h.size() - 2) / 4 + 1; k-- > 0;) SiftDown4(h, k);
}

std::pair<int64_t, int32_t> BipartiteCostScaling::SinkHeapPop(
    std::vector<std::pair<int64_t, int32_t>>& h) {
  const std::pair<int64_t, int32_t> top = h.front();
  h.front() = h.back();
  h.pop_back();
  if (!h.empty()) SiftDown4(h, 0);
  return top;
}

void BipartiteCostScaling::HeapPush(int32_t j, const Slot& s) {
  Slot* h = slots_.data() + cols_[j].slot_first;
  int32_t k = cols_[j].heap_size++;
  while (k > 0) {
    const int32_t parent = (k - 1) / 2;
    if (h[parent].key >= s.key) break;
    h[k] = h[parent];
    k = parent;
  }
  h[k] = s;
}

BipartiteCostScaling::Slot BipartiteCostScaling::HeapPop(int32_t j) {
  Slot* h = slots_.data() + cols_[j].slot_first;
  const Slot top = h[0];
  const int32_t n = --cols_[j].heap_size;
  if (n == 0) return top;
  const Slot last = h[n];
  int32_t k = 0;
  for (;;) {
    int32_t c = 2 * k + 1;
    if (c >= n) break;
    if (c + 1 < n && h[c + 1].key > h[c].key) ++c;
    if (h[c].key <= last.key) break;
    h[k] = h[c];
    k = c;
  }
  h[k] = last;
  return top;
}

void BipartiteCostScaling::Heapify(int32_t j) {
  Slot* h = slots_.data() + cols_[j].slot_first;
  const int32_t n = cols_[j].heap_size;
  for (int32_t start = n / 2 - 1; start >= 0; --start) {
    const Slot s = h[start];
    int32_t k = start;
    for (;;) {
      int32_t c = 2 * k + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1].key > h[c].key) ++c;
      if (h[c].key <= s.key) break;
      h[k] = h[c];
      k = c;
    }
    h[k] = s;
  }
}

int64_t BipartiteCostScaling::ComponentCost(int32_t c) const {
  int64_t total = 0;
  for (int64_t x = comp_row_first_[c]; x < comp_row_first_[c + 1]; ++x) {
    const int32_t pos = rows_[comp_rows_[x]].pos;
    if (pos >= 0) total += cost_[pos];
  }
  return total;
}

// Optimality proof for component c's current flow (between phases, so every
// row is placed or at the sink and every column within capacity): shortest
// paths from a virtual root (a 0-length arc to every node) in the residual
// graph, lengths = reduced costs at the current prices, by FIFO label
// correcting (Bellman-Ford-Moore). If the labels settle, prices p + d give
// every residual arc a non-negative reduced cost: the flow is optimal. A
// negative cycle (found by walking up the parent pointers of an updated node,
// and by a full check of the parent graph every n updates) or an exhausted
// budget of arc relaxations ends the attempt: it proves nothing either way.
//
// Residual arcs: row -> column for every edge but the held one (cost c),
// column -> holder (cost -c, from the column's heap: p(j) - key), a placed
// row's bypass row -> t, column -> t while it has a free place, t -> column
// while it holds someone, t -> row for rows at the sink.
// Kept whole (a kernel, issue 9): one residual-graph search; its arc cases share one budget.
bool BipartiteCostScaling::ProveOptimal(int32_t c) {
  const int32_t nr = num_rows_, nc = num_cols();
  const int64_t num_nodes = static_cast<int64_t>(nr) + nc + static_cast<int64_t>(comps_.size());
  if (static_cast<int64_t>(dist_.size()) != num_nodes) {
    dist_.assign(static_cast<size_t>(num_nodes), 0);
    parent_.assign(static_cast<size_t>(num_nodes), -1);
    in_queue_.assign(static_cast<size_t>(num_nodes), 0);
    color_.assign(static_cast<size_t>(num_nodes), 0);
  }
  const Component& comp = comps_[c];
  const int32_t t = nr + nc + c;
  const int64_t r0 = comp_row_first_[c], r1 = comp_row_first_[c + 1];
  const int64_t c0 = comp_col_first_[c], c1 = comp_col_first_[c + 1];
  const int64_t comp_nodes = (r1 - r0) + (c1 - c0) + 1;
  int64_t comp_arcs = 0;
  for (int64_t x = r0; x < r1; ++x) comp_arcs += first_[comp_rows_[x] + 1] - first_[comp_rows_[x]];
  // Every node once, the arcs a few times: enough for the settled cases seen
  // in practice (1-4 passes); beyond it the attempt is abandoned.
  const int64_t budget = 6 * (comp_arcs + 2 * comp_nodes) + 64;
  proof_queue_.clear();
  auto reset = [&](int32_t v) {
    dist_[v] = 0;
    parent_[v] = -1;
    in_queue_[v] = 1;
    proof_queue_.push_back(v);
  };
  for (int64_t x = r0; x < r1; ++x) reset(comp_rows_[x]);
  for (int64_t x = c0; x < c1; ++x) reset(nr + comp_cols_[x]);
  reset(t);
  auto price = [&](int32_t v) {
    return v < nr ? rows_[v].price : v < nr + nc ? col_price_[v - nr] : comp.sink_price;
  };
  int64_t work = 0, updates = 0, next_check = comp_nodes;
  bool cycle = false;
  auto relax = [&](int32_t v, int32_t w, int64_t len) {
    ++work;
    const int64_t nd = dist_[v] + len;
    if (nd >= dist_[w]) return;
    if (nd < -kProofLimit) {  // labels this deep: give up rather than risk overflow
      cycle = true;
      return;
    }
    dist_[w] = nd;
    parent_[w] = v;
    ++updates;
    // A short cycle closes at once: w is among v's nearest ancestors.
    int32_t u = v;
    for (int s = 0; s < 64 && u >= 0; ++s, u = parent_[u]) {
      if (u == w) {
        cycle = true;
        return;
      }
    }
    if (!in_queue_[w]) {
      in_queue_[w] = 1;
      proof_queue_.push_back(w);
    }
  };
  // A cycle in the parent graph is a negative cycle. Colors (color_, all 0
  // between calls): 1 on the current walk, 2 done; the component's nodes only.
  std::vector<int32_t> walk;
  auto parent_graph_has_cycle = [&]() {
    bool found = false;
    auto visit = [&](int32_t v) {
      if (found || color_[v] != 0) return;
      walk.clear();
      int32_t u = v;
      while (u >= 0 && color_[u] == 0) {
        color_[u] = 1;
        walk.push_back(u);
        u = parent_[u];
      }
      found = u >= 0 && color_[u] == 1;
      for (int32_t x : walk) color_[x] = 2;
    };
    for (int64_t x = r0; x < r1; ++x) visit(comp_rows_[x]);
    for (int64_t x = c0; x < c1; ++x) visit(nr + comp_cols_[x]);
    visit(t);
    for (int64_t x = r0; x < r1; ++x) color_[comp_rows_[x]] = 0;
    for (int64_t x = c0; x < c1; ++x) color_[nr + comp_cols_[x]] = 0;
    color_[t] = 0;
    return found;
  };
  size_t head = 0;
  while (head < proof_queue_.size()) {
    if (cycle || work > budget) break;
    if (updates > next_check) {
      next_check = updates + comp_nodes;
      if (parent_graph_has_cycle()) {
        cycle = true;
        break;
      }
    }
    const int32_t v = proof_queue_[head++];
    if (head > (size_t{1} << 16) && 2 * head > proof_queue_.size()) {
      proof_queue_.erase(proof_queue_.begin(), proof_queue_.begin() + static_cast<int64_t>(head));
      head = 0;
    }
    in_queue_[v] = 0;
    const int64_t pv = price(v);
    if (v < nr) {
      const int32_t held = rows_[v].pos;
      for (int64_t k = first_[v]; k < first_[v + 1]; ++k) {
        if (k == held) continue;
        relax(v, nr + col_[k], int64_t{cost_[k]} * scale_ + pv - col_price_[col_[k]]);
      }
      if (held >= 0) relax(v, t, pv - comp.sink_price);
    } else if (v < nr + nc) {
      const int32_t j = v - nr;
      const Slot* h = slots_.data() + cols_[j].slot_first;
      for (int32_t s = 0; s < cols_[j].heap_size; ++s) relax(v, h[s].row, pv - h[s].key);
      if (cols_[j].flow < cols_[j].capacity) relax(v, t, pv - comp.sink_price);
    } else {
      for (int64_t x = c0; x < c1; ++x) {
        const int32_t j = comp_cols_[x];
        if (cols_[j].flow > 0) relax(v, nr + j, pv - col_price_[j]);
      }
      for (int64_t x = r0; x < r1; ++x) {
        const int32_t i = comp_rows_[x];
        if (rows_[i].pos == kSink) relax(v, i, pv - rows_[i].price);
      }
    }
  }
  const bool proved = !cycle && work <= budget && head >= proof_queue_.size();
  // Leave the scratch clean for the next attempt on any component.
  for (int32_t v : proof_queue_) in_queue_[v] = 0;
  for (int64_t x = r0; x < r1; ++x) in_queue_[comp_rows_[x]] = 0;
  for (int64_t x = c0; x < c1; ++x) in_queue_[nr + comp_cols_[x]] = 0;
  in_queue_[t] = 0;
  return proved;
}

void BipartiteCostScaling::RowQueue::Clear() {
  for (auto& b : buckets_) b.clear();
  for (uint64_t& m : min_) m = ~uint64_t{0};
  last_ = 0;
  size_ = 0;
}

void BipartiteCostScaling::RowQueue::Add(int b, uint64_t key, int32_t node) {
  if (key <= min_[b]) {  // the last of equal keys is the one taken first
    min_[b] = key;
    at_[b] = buckets_[b].size();
  }
  buckets_[b].emplace_back(key, node);
}

void BipartiteCostScaling::RowQueue::Push(int64_t price, int32_t node) {
  const uint64_t key = Key(price);
  JOBMATCH_CHECK(key >= last_);  // monotone: see the class comment
  Add(Bucket(key), key, node);
  ++size_;
}

int BipartiteCostScaling::RowQueue::FirstBucket() const {
  int i = 0;
  while (buckets_[i].empty()) ++i;
  return i;
}

std::pair<int64_t, int32_t> BipartiteCostScaling::RowQueue::Top() const {
  // Bucket 0 holds equal keys: its last entry; another bucket: its smallest
  // key's last occurrence, which Pop moves to the end of bucket 0.
  const int i = FirstBucket();
  const auto& e = i == 0 ? buckets_[0].back() : buckets_[i][at_[i]];
  return {Price(e.first), e.second};
}

void BipartiteCostScaling::RowQueue::Pop() {
  const int i = FirstBucket();
  if (i > 0) {
    // The new base is the smallest key; every entry of bucket i agrees with
    // the old base above bit i - 1 and moves to a lower bucket, in order, so
    // the entry Top() named ends last in bucket 0.
    last_ = min_[i];
    std::vector<std::pair<uint64_t, int32_t>> moving;
    moving.swap(buckets_[i]);
    min_[i] = ~uint64_t{0};
    for (const auto& e : moving) Add(Bucket(e.first), e.first, e.second);
    moving.clear();
    buckets_[i].swap(moving);  // keep the capacity
  }
  buckets_[0].pop_back();
  if (buckets_[0].empty()) min_[0] = ~uint64_t{0};
  --size_;
}

int64_t BipartiteCostScaling::ArcOfRow(int32_t row) const {
  JOBMATCH_CHECK(solved_);
  const int32_t pos = rows_[row].pos;
  if (pos < 0) return -1;
  return id_.empty() ? pos : id_[pos];
}

int64_t BipartiteCostScaling::FirstArcOfRow(int32_t row) const {
  JOBMATCH_CHECK(solved_ && id_.empty());
  return first_[row];
}

int64_t BipartiteCostScaling::TotalCost() const {
  JOBMATCH_CHECK(solved_);
  int64_t total = 0;
  for (int32_t i = 0; i < num_rows_; ++i) {
    if (rows_[i].pos >= 0) total += cost_[rows_[i].pos];
  }
  return total;
}

}  // namespace jobmatch::internal
