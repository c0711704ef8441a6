// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Notation: p(v) is the price of node v (the sink's starts at 0 and only
// falls, like every price during a phase), and the reduced cost of a
// residual arc (v, w) is c(v, w) + p(v) - p(w). For a row i, a(k) = c(i, k) -
// p(k) is the row-independent part of the reduced cost of its arc to option
// k (a column, or the sink with a = -p(t)). A flow is eps-optimal when every
// residual arc has reduced cost >= -eps; an arc is admissible when its
// reduced cost is < 0.
#include "matching/internal/bipartite_cost_scaling.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {
namespace {
constexpr int64_t kAlpha = 8;  // epsilon divisor between phases
constexpr int64_t kInf = std::numeric_limits<int64_t>::max();
}  // namespace

BipartiteCostScaling::BipartiteCostScaling(int32_t num_rows, absl::Span<const int32_t> capacity,
                                           int64_t cost_limit)
    : num_rows_(num_rows),
      capacity_(capacity.begin(), capacity.end()),
      cost_limit_(std::min(cost_limit, kDefaultCostLimit)),
      price_limit_(8 * cost_limit_) {
  JOBMATCH_CHECK(cost_limit_ >= 1);
  for (int32_t c : capacity_) JOBMATCH_CHECK(c >= 0);
}

void BipartiteCostScaling::ReserveArcs(int64_t arcs) {
  in_row_.reserve(arcs);
  in_col_.reserve(arcs);
  in_cost_.reserve(arcs);
}

int64_t BipartiteCostScaling::AddArc(int32_t row, int32_t col, int64_t cost) {
  JOBMATCH_CHECK(row >= 0 && row < num_rows_ && col >= 0 && col < num_cols());
  JOBMATCH_CHECK(cost > std::numeric_limits<int32_t>::min() &&
                 cost <= std::numeric_limits<int32_t>::max());
  in_row_.push_back(row);
  in_col_.push_back(col);
  JOBMATCH_CHECK(!built_);
  in_cost_.push_back(static_cast<int32_t>(cost));
  return num_arcs_++;
}

void BipartiteCostScaling::Build() {
  const int64_t m = num_arcs();
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
  std::vector<int32_t>().swap(in_row_);
  std::vector<int32_t>().swap(in_col_);
  std::vector<int32_t>().swap(in_cost_);
  // A column never holds more rows than it has places or edges, plus the
  // one that has just pushed in.
  const int32_t nc = num_cols();
  std::vector<int64_t> degree(nc, 0);
  for (int64_t k = 0; k < m; ++k) ++degree[col_[k]];
  slot_first_.assign(static_cast<size_t>(nc) + 1, 0);
  for (int32_t j = 0; j < nc; ++j)
    slot_first_[j + 1] = slot_first_[j] + std::min<int64_t>(capacity_[j], degree[j]) + 1;
  slots_.resize(static_cast<size_t>(slot_first_[nc]));
  heap_size_.assign(nc, 0);
}

absl::Status BipartiteCostScaling::Solve(const ProgressFn& progress) {
  JOBMATCH_CHECK(!built_);  // Solve consumes the input arcs: call it once
  built_ = true;
  if (2 * num_arcs() >= (int64_t{1} << 31)) {
    return absl::ResourceExhaustedError("b-matching: at most 2^30 edges");
  }
  Build();
  const int32_t nr = num_rows_, nc = num_cols();
  scale_ = static_cast<int64_t>(nr) + nc + 2;
  int64_t max_abs = 0;
  for (int32_t c : cost_) max_abs = std::max<int64_t>(max_abs, c < 0 ? -int64_t{c} : c);
  if (max_abs > cost_limit_ / scale_) {
    return absl::OutOfRangeError("b-matching: costs too wide for 64-bit scaling");
  }
  row_price_.assign(nr, 0);
  row_pos_.assign(nr, kActive);
  col_price_.assign(nc, 0);
  col_flow_.assign(nc, 0);
  col_excess_.assign(nc, 0);
  sink_price_ = 0;
  sink_excess_ = -static_cast<int64_t>(nr);
  queue_.assign(static_cast<size_t>(nr) + 1, 0);
  stats_ = Stats();
  overflow_ = false;
  solved_ = false;
  const int64_t max_cost = std::max<int64_t>(1, max_abs * scale_);
  int64_t phases = 1;
  for (int64_t e = max_cost; e > 1; e = std::max<int64_t>(1, e / kAlpha)) ++phases;
  // The empty flow with zero prices is max_cost-optimal.
  int64_t eps = max_cost;
  for (int64_t phase = 1;; ++phase) {
    eps = std::max<int64_t>(1, eps / kAlpha);
    if (StartPhase(eps)) {
      // Already optimal: nothing is active and the last phases are skipped.
      ++stats_.skipped_phases;
      if (progress && !progress(phases, phases))
        return absl::CancelledError("assignment cancelled");
      break;
    }
    for (;;) {
      while (queued_ > 0 && !overflow_) {
        const int32_t i = queue_[head_];
        head_ = head_ + 1 == queue_.size() ? 0 : head_ + 1;
        --queued_;
        // The scan is bound by fetching a row's edges from memory: start on
        // the next row's edges (and the one after's offsets) now.
        if (queued_ > 0) {
          const int64_t next = first_[queue_[head_]];  // <= num_arcs: pointers stay in range
          __builtin_prefetch(col_.data() + next);
          __builtin_prefetch(cost_.data() + next);
          if (queued_ > 1)
            __builtin_prefetch(first_.data() + queue_[head_ + 1 == queue_.size() ? 0 : head_ + 1]);
        }
        DischargeRow(i, eps);
      }
      if (sink_excess_ <= 0 || overflow_) break;
      DischargeSink(eps);
    }
    if (overflow_) return absl::OutOfRangeError("b-matching: prices too wide for 64 bits");
    ++stats_.phases;
    if (progress && !progress(phase, phases)) return absl::CancelledError("assignment cancelled");
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
// Returns whether the flow it was given is already 1-optimal (every row
// placed, every column within 1 of the sink's price band, every row within
// 2 of its best option): then it is optimal and the remaining phases would
// change nothing.
bool BipartiteCostScaling::StartPhase(int64_t eps) {
  const int32_t nr = num_rows_, nc = num_cols();
  bool one_optimal = true;
  for (int32_t j = 0; j < nc; ++j) {
    int64_t& p = col_price_[j];
    if ((col_flow_[j] < capacity_[j] && p < sink_price_ - 1) ||
        (col_flow_[j] > 0 && p > sink_price_ + 1)) {
      one_optimal = false;
    }
    if (col_flow_[j] < capacity_[j]) p = std::max(p, sink_price_ - eps);  // arc j -> t residual
    if (col_flow_[j] > 0) p = std::min(p, sink_price_ + eps);             // arc t -> j residual
    heap_size_[j] = 0;
  }
  head_ = tail_ = queued_ = 0;
  sink_heap_on_ = false;
  for (int32_t i = 0; i < nr; ++i) {
    const int32_t held = row_pos_[i];
    // Best value over the options other than the held one, and the held one's.
    int64_t best_other = held == kSink ? kInf : -sink_price_;
    int64_t held_value = -sink_price_;
    for (int64_t k = first_[i]; k < first_[i + 1]; ++k) {
      const int64_t a = int64_t{cost_[k]} * scale_ - col_price_[col_[k]];
      if (k == held) {
        held_value = a;
      } else {
        best_other = std::min(best_other, a);
      }
    }
    if (best_other == kInf) best_other = held_value;  // no edges: only the sink
    if (held == kActive || held_value - best_other > 2) one_optimal = false;
    if (held != kActive && held_value - best_other <= 2 * eps) {
      // Forward arcs need p >= -best_other - eps, the held arc's reverse
      // p <= eps - held_value; take the lowest.
      row_price_[i] = -best_other - eps;
      ++stats_.kept_rows;
      if (held >= 0) {
        const int32_t j = col_[held];
        slots_[slot_first_[j] + heap_size_[j]++] = {row_price_[i] + int64_t{cost_[held]} * scale_,
                                                    i, held};
      }
      continue;
    }
    if (held >= 0) --col_excess_[col_[held]];
    if (held == kSink) --sink_excess_;
    row_pos_[i] = kActive;
    row_price_[i] = -std::min(best_other, held == kActive ? kInf : held_value);
    queue_[tail_++] = i;
    ++queued_;
  }
  if (tail_ == queue_.size()) tail_ = 0;
  for (int32_t j = 0; j < nc; ++j) Heapify(j);
  return one_optimal;
}

void BipartiteCostScaling::DischargeRow(int32_t i, int64_t eps) {
  ++stats_.row_scans;
  // The two best options; the sink (a = -p(t)) first, so ties keep a row out.
  int64_t a1 = -sink_price_, a2 = kInf;
  int64_t k1 = kSink;
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
  }
  // Relabel if nothing is admissible, push on the best arc, then lower the
  // price as far as eps-optimality allows with the pushed arc saturated (a
  // row without edges has only the sink: its reverse arc bounds the price).
  if (a2 == kInf) a2 = a1;
  row_price_[i] = -a2 - eps;
  if (TooBig(row_price_[i])) overflow_ = true;
  if (k1 == kSink) {
    row_pos_[i] = kSink;
    ++sink_excess_;
    if (sink_heap_on_) SinkHeapAdd(row_price_[i], num_cols() + i);
    return;
  }
  const int32_t pos = static_cast<int32_t>(k1);
  const int32_t j = col_[pos];
  row_pos_[i] = pos;
  HeapPush(j, {row_price_[i] + int64_t{cost_[pos]} * scale_, i, pos});
  if (col_excess_[j] < 0) {  // a place left by a row that gave it up
    ++col_excess_[j];
    return;
  }
  DischargeColumn(j, eps);
}

// Column j holds one unit too many: it passes the unit on, to the sink when
// a place is free and that arc is at least as good, else to the holder whose
// reverse arc has the lowest reduced cost p(j) - key (that row is displaced).
void BipartiteCostScaling::DischargeColumn(int32_t j, int64_t eps) {
  const bool free_place = col_flow_[j] < capacity_[j];
  const int64_t top = heap_size_[j] > 0 ? slots_[slot_first_[j]].key : -kInf;
  const bool to_sink = free_place && sink_price_ >= top;
  const int64_t best = to_sink ? sink_price_ : top;
  if (col_price_[j] >= best) {  // no admissible arc: relabel
    col_price_[j] = best - eps;
    ++stats_.relabels;
    if (TooBig(col_price_[j])) overflow_ = true;
    if (sink_heap_on_ && col_flow_[j] > 0) SinkHeapAdd(col_price_[j], j);
  }
  if (to_sink) {
    if (sink_heap_on_ && col_flow_[j] == 0) SinkHeapAdd(col_price_[j], j);
    ++col_flow_[j];
    ++sink_excess_;
    return;
  }
  const Slot out = HeapPop(j);
  Activate(out.row);
}

void BipartiteCostScaling::Activate(int32_t i) {
  row_pos_[i] = kActive;
  queue_[tail_] = i;
  tail_ = tail_ + 1 == queue_.size() ? 0 : tail_ + 1;
  ++queued_;
}

// The sink holds more than its demand: places rows gave up at the phase
// start that nobody took. It pushes units back on its most admissible arc
// (the reverse of a column's sink arc, or of an unplaced row's bypass), or,
// when that one is not admissible, lowers its price to make it so. The
// residual arcs out of the sink sit in a max-heap by head price, built at
// the first call in a phase and kept up to date (lazily: stale entries are
// skipped) from then on.
void BipartiteCostScaling::DischargeSink(int64_t eps) {
  const int32_t nr = num_rows_, nc = num_cols();
  if (!sink_heap_on_) {
    sink_heap_on_ = true;
    sink_heap_.clear();
    for (int32_t j = 0; j < nc; ++j) {
      if (col_flow_[j] > 0) sink_heap_.emplace_back(col_price_[j], j);
    }
    for (int32_t i = 0; i < nr; ++i) {
      if (row_pos_[i] == kSink) sink_heap_.emplace_back(row_price_[i], nc + i);
    }
    std::make_heap(sink_heap_.begin(), sink_heap_.end());
  }
  while (sink_excess_ > 0 && !overflow_) {
    JOBMATCH_CHECK(!sink_heap_.empty());
    std::pop_heap(sink_heap_.begin(), sink_heap_.end());
    const auto [p, w] = sink_heap_.back();
    sink_heap_.pop_back();
    const bool is_col = w < nc;
    if (is_col ? col_flow_[w] == 0 || col_price_[w] != p
               : row_pos_[w - nc] != kSink || row_price_[w - nc] != p) {
      continue;  // stale
    }
    if (p <= sink_price_) {  // nothing admissible: relabel
      ++stats_.sink_relabels;
      sink_price_ = p - eps;
      if (TooBig(sink_price_)) overflow_ = true;
    }
    --sink_excess_;
    if (!is_col) {
      Activate(w - nc);
      return;  // let the row settle first
    }
    --col_flow_[w];
    if (col_excess_[w] < 0) {
      ++col_excess_[w];
    } else {
      DischargeColumn(w, eps);
    }
    if (col_flow_[w] > 0) SinkHeapAdd(col_price_[w], w);
    if (queued_ > 0) return;
  }
}

void BipartiteCostScaling::SinkHeapAdd(int64_t price, int32_t node) {
  sink_heap_.emplace_back(price, node);
  std::push_heap(sink_heap_.begin(), sink_heap_.end());
}

void BipartiteCostScaling::HeapPush(int32_t j, const Slot& s) {
  Slot* h = slots_.data() + slot_first_[j];
  int32_t k = heap_size_[j]++;
  while (k > 0) {
    const int32_t parent = (k - 1) / 2;
    if (h[parent].key >= s.key) break;
    h[k] = h[parent];
    k = parent;
  }
  h[k] = s;
}

BipartiteCostScaling::Slot BipartiteCostScaling::HeapPop(int32_t j) {
  Slot* h = slots_.data() + slot_first_[j];
  const Slot top = h[0];
  const int32_t n = --heap_size_[j];
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
  Slot* h = slots_.data() + slot_first_[j];
  const int32_t n = heap_size_[j];
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

int64_t BipartiteCostScaling::ArcOfRow(int32_t row) const {
  JOBMATCH_CHECK(solved_);
  const int32_t pos = row_pos_[row];
  if (pos < 0) return -1;
  return id_.empty() ? pos : id_[pos];
}

int64_t BipartiteCostScaling::TotalCost() const {
  JOBMATCH_CHECK(solved_);
  int64_t total = 0;
  for (int32_t i = 0; i < num_rows_; ++i) {
    if (row_pos_[i] >= 0) total += cost_[row_pos_[i]];
  }
  return total;
}

}  // namespace jobmatch::internal
