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
// epsilon-optimality, so the usual theory holds: costs are scaled by at least
// n + 1 (n = rows + columns + 1 nodes) and the last phase ends 1-optimal,
// which makes the flow exactly optimal for the integer costs.
//
// Early exit by proof: after a phase, the flow of a connected component is
// often already optimal (always so, early, when costs take few distinct
// values: later phases would only tighten prices inside clusters of equal
// options). A label-correcting shortest-path pass over that component's
// residual graph either finds prices under which every residual arc has a
// non-negative reduced cost — a certificate of optimality (LP duality), and
// the component is frozen — or meets a negative cycle or its work budget and
// gives up (the phases go on). Exactness never depends on the proof.
//
// Components: each connected component of the row-column graph has its own
// copy of the sink (an equivalent network: no flow can cross components),
// and every decision — pushes, relabels, the sink's surplus, the proof and
// the freezing — reads and writes that component's state only, with one
// global phase schedule (Schedule). Rows are processed in one FIFO queue;
// the queue restricted to one component is that component's own FIFO order.
// Hence the result on a component is the same whether it is solved alone or
// together with others, provided the schedule is the same and rows, columns
// and each row's arcs keep their relative order (docs/allocation.md,
// "Independent regions").
//
// Data: the edges in row-major arrays (column and unscaled cost, 4 bytes
// each, plus the caller's arc id when arcs were added out of row order); each
// column keeps its current holders in a small max-heap keyed by price(row) +
// cost (constant while a row holds a place), so choosing whom to displace
// costs O(log b) whatever b is.
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
#include "base/internal/huge_pages.h"
#include "jobmatch/base/progress.h"

namespace jobmatch::internal {

class BipartiteCostScaling {
 public:
  // Scaled costs (|cost| * scale) stay below this and prices within 8
  // times it, so reduced costs and heap keys never overflow int64.
  static constexpr int64_t kDefaultCostLimit = int64_t{1} << 58;

  // The phase schedule. Two solves give the same result on a component only
  // if they use the same schedule: callers that split a problem pass the
  // whole problem's values to every part.
  struct Schedule {
    // Costs are multiplied by this (>= rows + columns + 2 of the largest
    // component); 0 = rows + columns + 2 of this instance.
    int64_t scale = 0;
    // Epsilon starts at this / alpha (>= max |cost| * scale for the empty
    // flow to be max_cost-optimal); 0 = max |cost| * scale of this instance.
    int64_t max_cost = 0;
    // Try the optimality proof after every phase (until it has failed three
    // times in a row for a component), not only after a phase that left the
    // component's cost unchanged: pays off when costs take few distinct
    // values (the flow is then optimal long before the last phase).
    bool eager_proofs = false;
  };

  // capacity[j] >= 0 places per column. cost_limit: see kDefaultCostLimit
  // (tests lower it to reach the OutOfRange paths).
  BipartiteCostScaling(int32_t num_rows, absl::Span<const int32_t> capacity,
                       int64_t cost_limit = kDefaultCostLimit);

  void ReserveArcs(int64_t arcs);
  // Adds the edge row -> col of cost `cost` (|cost| < 2^31); returns its id
  // (0, 1, 2, ... in call order).
  int64_t AddArc(int32_t row, int32_t col, int64_t cost);
  // Instead of AddArc: all arcs at once, row-major. first has num_rows + 1
  // entries (first[0] = 0); row i's arcs are positions first[i] ..
  // first[i + 1] - 1 of col and cost, and an arc's id is its position.
  void SetArcs(HugeVector<int64_t> first, HugeVector<int32_t> col, HugeVector<int32_t> cost);

  void SetSchedule(const Schedule& schedule) { schedule_ = schedule; }
  // The connected component of every row and column (ids 0 .. count - 1;
  // the two ends of every arc must share one; rows and columns without arcs
  // may have any id or -1). Without this call Solve finds them itself.
  void SetComponents(std::vector<int32_t> row_component, std::vector<int32_t> col_component,
                     int32_t count);

  // Call once, after the arcs. OutOfRange: costs or prices too wide for 64
  // bits; Cancelled: the progress callback (phases done, phases total) said
  // stop.
  absl::Status Solve(const ProgressFn& progress = {});

  // After Solve: the arc id that places `row`, or -1 (unplaced).
  int64_t ArcOfRow(int32_t row) const;
  // After Solve, for arcs given by SetArcs: the id of `row`'s first arc
  // (first[row]).
  int64_t FirstArcOfRow(int32_t row) const;
  // After Solve: the sum of the chosen arcs' costs.
  int64_t TotalCost() const;

  int32_t num_rows() const { return num_rows_; }
  int32_t num_cols() const { return static_cast<int32_t>(capacity_.size()); }
  int64_t num_arcs() const { return num_arcs_; }

  // Work counters of the last Solve, for tests and benchmarks.
  struct Stats {
    int64_t phases = 0;     // phases run (for any component)
    int64_t row_scans = 0;  // active-row discharges
    int64_t relabels = 0;   // column price decreases
    int64_t kept_rows = 0;  // rows whose placement survived a phase start
    int64_t sink_relabels = 0;
    int64_t skipped_phases = 0;  // components found 1-optimal at a phase start
    int64_t proofs_tried = 0;    // optimality proofs attempted (per component)
    int64_t proofs_won = 0;      // components frozen by a proof
    int64_t components = 0;      // connected components with at least one arc
    int64_t cached_scans = 0;    // row discharges answered by the quick minima
    int64_t sink_pushes = 0;     // units the sinks handed back
  };
  const Stats& stats() const { return stats_; }

 private:
  static constexpr int32_t kActive = -2;  // RowState::pos: row has excess 1
  static constexpr int32_t kSink = -1;    // RowState::pos: row sends its unit to t
  struct Slot {
    int64_t key;  // price(row) + scaled cost of the held edge
    int32_t row;
    int32_t pos;  // the edge's position in the row-major arrays
  };
  // Quick minima (Goldberg and Kennedy): a row's kCached best arcs when it
  // was last scanned in full in this phase, and the value of its next best,
  // a lower bound on every other arc's value for the rest of the phase
  // (column prices only fall within a phase, so values only rise).
  static constexpr int kCached = 3;
  // Everything a row's discharge touches, in one cache line.
  struct alignas(64) RowState {
    int64_t price = 0;
    int64_t bound = 0;                     // quick minima: value of the best arc not cached
    int32_t pos = kActive;                 // held edge position, kSink or kActive
    int32_t comp = -1;                     // component (-1: no arcs)
    int32_t phase = 0;                     // quick minima: the phase they belong to (0: none)
    int32_t cpos[kCached] = {-1, -1, -1};  // quick minima: cached arcs (position, column, cost)
    int32_t ccol[kCached] = {0, 0, 0};
    int32_t ccost[kCached] = {0, 0, 0};
  };
  // The rows at a sink, highest price first (ties: the one pushed last).
  // A row enters the sink at a price below the sink's, and the sink's price
  // stays below the price of the last row it took out, so every row pushed
  // is priced at most as high as every row popped before: a monotone queue,
  // here a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan) — O(1) to push,
  // amortised O(log range) to pop, with sequential memory access instead of
  // a binary heap's cache misses. Push checks the monotonicity. Top does not
  // move the radix base (the sink may take a column instead, and rows priced
  // above this top may still come).
  class RowQueue {
   public:
    void Clear();
    void Push(int64_t price, int32_t node);
    bool Empty() const { return size_ == 0; }
    // The highest-priced entry (price, node); requires !Empty().
    std::pair<int64_t, int32_t> Top() const;
    void Pop();  // removes Top()

   private:
    // Order-reversing map: higher price, smaller key.
    static uint64_t Key(int64_t price) {
      return ~(static_cast<uint64_t>(price) ^ (uint64_t{1} << 63));
    }
    static int64_t Price(uint64_t key) { return static_cast<int64_t>(~key ^ (uint64_t{1} << 63)); }
    int Bucket(uint64_t key) const { return key == last_ ? 0 : 64 - __builtin_clzll(key ^ last_); }
    void Add(int b, uint64_t key, int32_t node);
    int FirstBucket() const;
    uint64_t last_ = 0;  // the base: at most every key held
    size_t size_ = 0;
    std::vector<std::pair<uint64_t, int32_t>> buckets_[65];
    uint64_t min_[65] = {};  // smallest key of each bucket (set by Clear)
    size_t at_[65] = {};     // position of its last occurrence
  };
  // Per connected component: its copy of the sink, and its own bookkeeping.
  struct Component {
    int64_t sink_price = 0;
    int64_t sink_excess = 0;  // > 0: places given up at a phase start, unclaimed
    bool sink_heap_on = false;
    bool pending = false;     // in sink_pending_
    bool frozen = false;      // optimal: never touched again
    bool one_optimal = true;  // scratch of StartPhase
    int32_t proof_failures = 0;
    int64_t last_cost = 0;
    bool has_last_cost = false;
    // The residual arcs out of the sink: (price, column) in a 4-ary heap
    // (columns are re-entered at every relabel, at any price) and (price,
    // num_cols + row) in a monotone queue.
    std::vector<std::pair<int64_t, int32_t>> sink_cols;
    RowQueue sink_rows;
  };

  void Build();
  void FindComponents();
  void StartPhase(int64_t eps);
  void DischargeRow(int32_t i, int64_t eps);
  void DischargeColumn(int32_t j, int64_t eps);
  void DischargeSink(int32_t c, int64_t eps);
  void AddSinkExcess(int32_t c);
  void Activate(int32_t i);
  void SinkHeapAdd(Component& comp, int64_t price, int32_t node);
  static void SinkHeapify(std::vector<std::pair<int64_t, int32_t>>& h);
  static std::pair<int64_t, int32_t> SinkHeapPop(std::vector<std::pair<int64_t, int32_t>>& h);
  void HeapPush(int32_t j, const Slot& s);
  Slot HeapPop(int32_t j);
  void Heapify(int32_t j);
  int64_t ComponentCost(int32_t c) const;
  bool ProveOptimal(int32_t c);

  bool TooBig(int64_t p) const { return p > price_limit_ || p < -price_limit_; }

  int32_t num_rows_;
  std::vector<int32_t> capacity_;
  int64_t cost_limit_;
  int64_t price_limit_;
  int64_t num_arcs_ = 0;
  Schedule schedule_;
  // Input, until Build.
  HugeVector<int32_t> in_row_, in_col_, in_cost_;
  bool bulk_ = false;
  // Row-major edges.
  HugeVector<int64_t> first_;  // num_rows + 1
  HugeVector<int32_t> col_;
  HugeVector<int32_t> cost_;  // unscaled
  HugeVector<int32_t> id_;    // input arc id; empty when input was row-major
  int64_t scale_ = 1;
  // Components: of each row and column (-1: no arcs), and their members in
  // index order.
  bool have_components_ = false;
  std::vector<int32_t> row_comp_, col_comp_;
  std::vector<Component> comps_;
  std::vector<int64_t> comp_row_first_, comp_col_first_;
  std::vector<int32_t> comp_rows_, comp_cols_;
  std::vector<int32_t> sink_pending_;  // components whose sink has a surplus
  // Rows.
  HugeVector<RowState> rows_;
  int32_t phase_ = 0;
  // Columns: price (read by every row scan: an array of its own), and the
  // rest a column operation touches in one 32-byte record.
  struct ColState {
    int64_t slot_first = 0;  // its heap: slots_[slot_first ..]
    int32_t flow = 0;        // on column -> t
    int32_t excess = 0;      // <= 0 at rest: places given up, not retaken
    int32_t heap_size = 0;
    int32_t capacity = 0;
    int32_t comp = -1;
    int32_t pad = 0;
  };
  HugeVector<int64_t> col_price_;
  HugeVector<ColState> cols_;
  HugeVector<Slot> slots_;
  // FIFO of active rows (each at most once).
  HugeVector<int32_t> queue_;
  size_t head_ = 0, tail_ = 0, queued_ = 0;
  bool activated_ = false;  // DischargeSink: a row was activated
  // Optimality proof scratch (indexed by node: rows, columns, sinks).
  std::vector<int64_t> dist_;
  std::vector<int32_t> parent_;
  std::vector<uint8_t> in_queue_;
  std::vector<uint8_t> color_;
  std::vector<int32_t> proof_queue_;
  bool overflow_ = false;
  bool built_ = false;
  bool solved_ = false;
  Stats stats_;
};

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_MATCHING_INTERNAL_BIPARTITE_COST_SCALING_H_
