// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: minimum-cost b-matching on the plain bipartite network that
// SolveAssignment builds for the pure weight objective:
//
//   row i (supply 1) -> column j   capacity 1, cost c(i, j)   (the edges)
//   row i            -> sink t     capacity 1, cost 0         (stay unplaced)
//   column j         -> sink t     capacity b(j), cost 0
//
// Algorithm: cost scaling (Goldberg and Tarjan) with a push-relabel refine
// specialised to this network in the spirit of Goldberg and Kennedy's cost
// scaling assignment code: only rows are ever active, and a row's push into
// a column is followed at once by the column's own push ("double push")
// either on to the sink (a free place) or back to the holder whose reverse
// arc is most admissible (the holder is displaced and becomes active).
// Every step is a push on an admissible arc or a price decrease that keeps
// epsilon-optimality, so the usual theory holds: costs are scaled by n + 1
// (n = rows + columns + 1 nodes) and the last phase ends 1-optimal, which
// makes the flow exactly optimal for the integer costs.
//
// Data: the edges in row-major arrays (column and unscaled cost, 4 bytes
// each, plus the caller's arc id unless arcs were added row by row); each column keeps its current
// holders in a small max-heap keyed by price(row) + cost (constant while a row holds a place), so
// choosing whom to displace costs O(log b) whatever b is.
//
// Costs must satisfy |cost| < 2^31. Solve reports OutOfRange when the scaled
// costs or prices would leave 64 bits (never a wrong answer); the caller then
// uses the general solver (min_cost_flow.h).
#ifndef JOBMATCH_LIB_MATCHING_INTERNAL_BIPARTITE_COST_SCALING_H_
#define JOBMATCH_LIB_MATCHING_INTERNAL_BIPARTITE_COST_SCALING_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "jobmatch/base/progress.h"

namespace jobmatch::internal {

class BipartiteCostScaling {
 public:
  // Scaled costs (|cost| * (n + 1)) stay below this and prices within 8
  // times it, so reduced costs and heap keys never overflow int64.
  static constexpr int64_t kDefaultCostLimit = int64_t{1} << 58;

  // capacity[j] >= 0 places per column. cost_limit: see kDefaultCostLimit
  // (tests lower it to reach the OutOfRange paths).
  BipartiteCostScaling(int32_t num_rows, absl::Span<const int32_t> capacity,
                       int64_t cost_limit = kDefaultCostLimit);

  void ReserveArcs(int64_t arcs);
  // Adds the edge row -> col of cost `cost` (|cost| < 2^31); returns its id
  // (0, 1, 2, ... in call order).
  int64_t AddArc(int32_t row, int32_t col, int64_t cost);

  // Call once, after the last AddArc. OutOfRange: costs or prices too wide
  // for 64 bits; Cancelled: the progress callback (phases done, phases total)
  // said stop.
  absl::Status Solve(const ProgressFn& progress = {});

  // After Solve: the arc id that places `row`, or -1 (unplaced).
  int64_t ArcOfRow(int32_t row) const;
  // After Solve: the sum of the chosen arcs' costs.
  int64_t TotalCost() const;

  int32_t num_rows() const { return num_rows_; }
  int32_t num_cols() const { return static_cast<int32_t>(capacity_.size()); }
  int64_t num_arcs() const { return num_arcs_; }

  // Work counters of the last Solve, for tests and benchmarks.
  struct Stats {
    int64_t phases = 0;
    int64_t row_scans = 0;  // active-row discharges
    int64_t relabels = 0;   // column price decreases
    int64_t kept_rows = 0;  // rows whose placement survived a phase start
    int64_t sink_relabels = 0;
    int64_t skipped_phases = 0;  // 1 when the flow was found optimal early
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Slot {
    int64_t key;  // price(row) + scaled cost of the held edge
    int32_t row;
    int32_t pos;  // the edge's position in the row-major arrays
  };
  static constexpr int32_t kActive = -2;  // row_pos_: row has excess 1
  static constexpr int32_t kSink = -1;    // row_pos_: row sends its unit to t

  void Build();
  bool StartPhase(int64_t eps);
  void DischargeRow(int32_t i, int64_t eps);
  void DischargeColumn(int32_t j, int64_t eps);
  void DischargeSink(int64_t eps);
  void Activate(int32_t i);
  void SinkHeapAdd(int64_t price, int32_t node);
  void HeapPush(int32_t j, const Slot& s);
  Slot HeapPop(int32_t j);
  void Heapify(int32_t j);

  bool TooBig(int64_t p) const { return p > price_limit_ || p < -price_limit_; }

  int32_t num_rows_;
  std::vector<int32_t> capacity_;
  int64_t cost_limit_;
  int64_t price_limit_;
  int64_t num_arcs_ = 0;
  // Input, until Build.
  std::vector<int32_t> in_row_, in_col_, in_cost_;
  // Row-major edges.
  std::vector<int64_t> first_;  // num_rows + 1
  std::vector<int32_t> col_;
  std::vector<int32_t> cost_;  // unscaled
  std::vector<int32_t> id_;    // input arc id; empty when input was row-major
  int64_t scale_ = 1;
  // Rows.
  std::vector<int64_t> row_price_;
  std::vector<int32_t> row_pos_;  // held edge position, kSink or kActive
  // Columns: price, flow on column -> t, excess (<= 0 at rest), heap.
  std::vector<int64_t> col_price_;
  std::vector<int32_t> col_flow_;
  std::vector<int32_t> col_excess_;
  std::vector<int64_t> slot_first_;
  std::vector<int32_t> heap_size_;
  std::vector<Slot> slots_;
  // Sink: price and excess (> 0 only when places given up at a phase start
  // are left empty after the rows have settled).
  int64_t sink_price_ = 0;
  int64_t sink_excess_ = 0;
  bool sink_heap_on_ = false;
  std::vector<std::pair<int64_t, int32_t>> sink_heap_;  // (price, column or num_cols + row)
  // FIFO of active rows (each at most once).
  std::vector<int32_t> queue_;
  size_t head_ = 0, tail_ = 0, queued_ = 0;
  bool overflow_ = false;
  bool built_ = false;
  bool solved_ = false;
  Stats stats_;
};

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_MATCHING_INTERNAL_BIPARTITE_COST_SCALING_H_
