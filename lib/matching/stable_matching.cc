// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Deferred acceptance on compact arrays. Preferences are turned into 64-bit
// keys where smaller means better, so every comparison is one integer
// compare and no rank array (nor a full sort of the receiving side's lists)
// is needed:
//   row side:    (~Ord(row weight) << 32) | col
//   column side: (~Ord(column weight) << 32) | row
// Ord maps floats to unsigned integers in the same order; rows and columns
// are below 2^30, so the keys are unique per (row, col) pair.
//
// Rows proposing: rows sort their own short lists; each column keeps a
// bounded max-heap of the keys it holds. Columns proposing: a column reads
// only a prefix of its list, so the list is ordered lazily in doubling
// chunks (nth_element + sort). Input already grouped by row (as top-k output
// is) is used in place; otherwise a permutation is built (8 bytes per edge).
// Working memory: about 8 bytes per usable edge (rows proposing) or 12
// (columns proposing), plus O(rows + columns).
#include "jobmatch/matching/stable_matching.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/task_runner.h"
#include "jobmatch/base/status_macros.h"
#include "matching/internal/graph_components.h"

namespace jobmatch {
namespace {

constexpr int64_t kMaxIndex = int64_t{1} << 30;
constexpr int64_t kProgressEvery = int64_t{1} << 20;  // proposals between reports
constexpr uint64_t kNone = ~uint64_t{0};
constexpr uint64_t kLow32 = 0xffffffffu;

// Order-preserving map of a finite float to uint32 (-0 and +0 compare equal
// as floats, so they map to the same value).
inline uint32_t Ord(float w) {
  if (w == 0.0f) w = 0.0f;
  const uint32_t u = std::bit_cast<uint32_t>(w);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}
// Smaller = preferred: higher weight first.
inline uint32_t Inv(float w) { return ~Ord(w); }

// What one validating pass learns about the edge list.
struct Scan {
  bool rows_sorted = true;
  std::vector<int64_t> row_count;  // all edges per row
  std::vector<int64_t> col_count;  // usable edges per column (before dedup)
};

absl::Status ValidateAndScan(int64_t num_rows, absl::Span<const int32_t> capacity,
                             const EdgeList& e, const StableMatchingOptions& o, Scan& scan) {
  if (num_rows < 0) return absl::InvalidArgumentError("num_rows must be >= 0");
  if (e.col.size() != e.row.size() || e.weight.size() != e.row.size()) {
    return absl::InvalidArgumentError(absl::StrCat("edge arrays differ in length: row ",
                                                   e.row.size(), ", col ", e.col.size(),
                                                   ", weight ", e.weight.size()));
  }
  if (!o.column_weight.empty() && o.column_weight.size() != e.row.size()) {
    return absl::InvalidArgumentError(absl::StrCat("column_weight has ", o.column_weight.size(),
                                                   " entries for ", e.row.size(), " edges"));
  }
  if (std::isnan(o.min_weight)) return absl::InvalidArgumentError("min_weight is NaN");
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  if (num_rows >= kMaxIndex || ncols >= kMaxIndex) {
    return absl::InvalidArgumentError("at most 2^30 rows and 2^30 columns");
  }
  for (int64_t j = 0; j < ncols; ++j) {
    if (capacity[j] < 0) {
      return absl::InvalidArgumentError(absl::StrCat("capacity[", j, "] is negative"));
    }
  }
  scan.row_count.assign(num_rows, 0);
  scan.col_count.assign(ncols, 0);
  const bool has_cw = !o.column_weight.empty();
  int64_t prev_row = 0;
  for (int64_t i = 0; i < e.size(); ++i) {
    const int64_t r = e.row[i], c = e.col[i];
    const float w = e.weight[i];
    if (r < 0 || r >= num_rows) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", i, ": row ", r, " outside 0..", num_rows - 1));
    }
    if (c < 0 || c >= ncols) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", i, ": col ", c, " outside 0..", ncols - 1));
    }
    if (!std::isfinite(w)) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", i, ": weight is not finite"));
    }
    if (has_cw && !std::isfinite(o.column_weight[i])) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", i, ": column_weight is not finite"));
    }
    scan.rows_sorted &= r >= prev_row;
    prev_row = r;
    ++scan.row_count[r];
    if (w >= o.min_weight && capacity[c] > 0) ++scan.col_count[c];
  }
  return absl::OkStatus();
}

// The input edges grouped by row, in increasing index order within a row
// (so that on equal weights the lowest index is met first). A row-sorted
// input needs no permutation.
class RowGroups {
 public:
  RowGroups(const EdgeList& e, Scan& scan) {
    const int64_t n = static_cast<int64_t>(scan.row_count.size());
    start_.resize(n + 1);
    start_[0] = 0;
    for (int64_t r = 0; r < n; ++r) start_[r + 1] = start_[r] + scan.row_count[r];
    if (!scan.rows_sorted) {
      perm_.resize(e.size());
      std::vector<int64_t> fill(start_.begin(), start_.end() - 1);
      for (int64_t i = 0; i < e.size(); ++i) perm_[fill[e.row[i]]++] = i;
    }
    scan.row_count = {};
  }
  int64_t begin(int64_t r) const { return start_[r]; }
  int64_t end(int64_t r) const { return start_[r + 1]; }
  int64_t edge(int64_t p) const { return perm_.empty() ? p : perm_[p]; }

 private:
  std::vector<int64_t> start_;
  std::vector<int64_t> perm_;
};

// Visits, row by row, the edges that count: usable (row weight >= min_weight,
// column capacity > 0) and, per (row, col) pair, the heaviest (lowest index
// on ties). fn(row, cols) receives the columns; best_edge(col) gives the
// counting edge of (row, col) while fn runs.
class Dedup {
 public:
  Dedup(const EdgeList& e, absl::Span<const int32_t> capacity, float min_weight)
      : e_(e),
        capacity_(capacity),
        min_weight_(min_weight),
        mark_(capacity.size(), -1),
        best_(capacity.size(), -1) {}

  template <typename Fn>
  void ForEachRow(const RowGroups& g, int64_t num_rows, Fn&& fn) {
    std::vector<int32_t> cols;
    for (int64_t r = 0; r < num_rows; ++r) {
      cols.clear();
      for (int64_t p = g.begin(r); p < g.end(r); ++p) {
        const int64_t i = g.edge(p);
        const float w = e_.weight[i];
        if (w < min_weight_) continue;
        const int64_t c = e_.col[i];
        if (capacity_[c] == 0) continue;
        if (mark_[c] != r) {
          mark_[c] = static_cast<int32_t>(r);
          best_[c] = i;
          cols.push_back(static_cast<int32_t>(c));
        } else if (w > e_.weight[best_[c]]) {
          best_[c] = i;
        }
      }
      fn(r, cols);
    }
  }
  int64_t best_edge(int32_t c) const { return best_[c]; }

 private:
  const EdgeList& e_;
  absl::Span<const int32_t> capacity_;
  float min_weight_;
  std::vector<int32_t> mark_;  // row that last touched the column
  std::vector<int64_t> best_;  // its counting edge
};

// The counting edge of (r, c), scanning r's input edges (only for the
// matched pairs, at the end).
int64_t CountingEdge(const EdgeList& e, const RowGroups& g, float min_weight, int64_t r,
                     int64_t c) {
  int64_t best = -1;
  for (int64_t p = g.begin(r); p < g.end(r); ++p) {
    const int64_t i = g.edge(p);
    if (e.col[i] != c || e.weight[i] < min_weight) continue;
    if (best < 0 || e.weight[i] > e.weight[best]) best = i;
  }
  return best;
}

class Progress {
 public:
  Progress(const ProgressFn& fn, int64_t total) : fn_(fn), total_(total) {}
  // Counts one proposal; false when the callback asked to stop.
  bool Tick() {
    if ((++done_ & (kProgressEvery - 1)) != 0 || !fn_) return true;
    return fn_(done_, total_);
  }
  void Finish() {
    if (fn_) fn_(done_, done_);
  }

 private:
  const ProgressFn& fn_;
  int64_t total_;
  int64_t done_ = 0;
};

absl::Status Cancelled() {
  return absl::CancelledError("stable matching cancelled by the progress callback");
}

// The rows' preference lists for RowsPropose: row r's acceptable columns,
// best first, are slots[start[r] .. start[r + 1]), each with the column's
// view of the row; indegree counts the rows that list each column.
struct RowLists {
  struct Slot {
    uint32_t cw_inv;  // the column's view of this row
    int32_t col;
  };
  std::vector<Slot> slots;
  std::vector<int64_t> start;
  std::vector<int64_t> indegree;
};

RowLists SortRowLists(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& e,
                      const StableMatchingOptions& o, const RowGroups& groups) {
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  const std::vector<float>& cw = o.column_weight.empty() ? e.weight : o.column_weight;
  RowLists lists;
  lists.slots.reserve(e.row.size());
  lists.start.assign(num_rows + 1, 0);
  lists.indegree.assign(ncols, 0);
  Dedup dedup(e, capacity, o.min_weight);
  std::vector<uint64_t> keys;
  dedup.ForEachRow(groups, num_rows, [&](int64_t r, const std::vector<int32_t>& cols) {
    keys.clear();
    for (int32_t c : cols) {
      keys.push_back((uint64_t{Inv(e.weight[dedup.best_edge(c)])} << 32) | uint32_t(c));
    }
    std::sort(keys.begin(), keys.end());
    for (uint64_t k : keys) {
      const int32_t c = static_cast<int32_t>(k & kLow32);
      lists.slots.push_back({Inv(cw[dedup.best_edge(c)]), c});
      ++lists.indegree[c];
    }
    lists.start[r + 1] = static_cast<int64_t>(lists.slots.size());
  });
  return lists;
}

// Adds `key` to the max-heap h[0 .. size) (size below its storage).
inline void HeapPush(uint64_t* h, int32_t& size, uint64_t key) {
  int32_t i = size++;
  while (i > 0) {
    const int32_t parent = (i - 1) / 2;
    if (h[parent] >= key) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = key;
}

// Replaces the top of the max-heap h[0 .. size) by a smaller `key`.
inline void HeapReplaceTop(uint64_t* h, int32_t size, uint64_t key) {
  int32_t i = 0;
  for (;;) {
    const int32_t l = 2 * i + 1;
    if (l >= size) break;
    const int32_t m = (l + 1 < size && h[l + 1] > h[l]) ? l + 1 : l;
    if (h[m] <= key) break;
    h[i] = h[m];
    i = m;
  }
  h[i] = key;
}

// Rows propose. Each row's list is sorted by its preference; each column
// keeps its accepted rows in a max-heap of column-side keys, bounded by
// min(capacity, in-degree), so the worst held row sits at the top.
absl::Status RowsPropose(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& e,
                         const StableMatchingOptions& o, const RowGroups& groups,
                         std::vector<int64_t>& col_of_row) {
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  RowLists lists = SortRowLists(num_rows, capacity, e, o, groups);
  const std::vector<RowLists::Slot>& slots = lists.slots;
  const std::vector<int64_t>& rstart = lists.start;
  // Heap storage: min(capacity, in-degree) places per column.
  std::vector<int64_t> hstart(capacity.size() + 1, 0);
  std::vector<int32_t> hcap(capacity.size()), hsize(capacity.size(), 0);
  for (int64_t c = 0; c < ncols; ++c) {
    hcap[c] = static_cast<int32_t>(std::min<int64_t>(capacity[c], lists.indegree[c]));
    hstart[c + 1] = hstart[c] + hcap[c];
  }
  lists.indegree = {};
  std::vector<uint64_t> heap(hstart[ncols]);

  std::vector<int64_t> next(rstart.begin(), rstart.end() - 1);
  std::vector<int32_t> free_rows;
  free_rows.reserve(num_rows);
  for (int64_t r = num_rows - 1; r >= 0; --r) {
    if (rstart[r] < rstart[r + 1]) free_rows.push_back(static_cast<int32_t>(r));
  }
  Progress progress(o.progress, static_cast<int64_t>(slots.size()));
  while (!free_rows.empty()) {
    const int32_t r = free_rows.back();
    free_rows.pop_back();
    const int64_t end = rstart[r + 1];
    int64_t p = next[r];
    for (; p < end; ++p) {
      if (!progress.Tick()) return Cancelled();
      const RowLists::Slot s = slots[p];
      const uint64_t key = (uint64_t{s.cw_inv} << 32) | uint32_t(r);
      uint64_t* h = heap.data() + hstart[s.col];
      int32_t& size = hsize[s.col];
      if (size < hcap[s.col]) {  // free place
        HeapPush(h, size, key);
        break;
      }
      if (size > 0 && key < h[0]) {  // displaces the worst held row
        const int32_t loser = static_cast<int32_t>(h[0] & kLow32);
        HeapReplaceTop(h, size, key);
        ++next[loser];
        free_rows.push_back(loser);
        break;
      }
    }
    next[r] = p;
  }
  progress.Finish();
  for (int64_t r = 0; r < num_rows; ++r) {
    col_of_row[r] = next[r] < rstart[r + 1] ? slots[next[r]].col : -1;
  }
  return absl::OkStatus();
}

// Columns propose. Each column's list is ordered by its preference lazily:
// a column only ever reads a prefix, so the prefix is extended in doubling
// chunks (nth_element + sort) instead of sorting the whole list up front.
absl::Status ColumnsPropose(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& e,
                            const StableMatchingOptions& o, const RowGroups& groups,
                            const Scan& scan, std::vector<int64_t>& col_of_row) {
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  const std::vector<float>& cw = o.column_weight.empty() ? e.weight : o.column_weight;
  struct Entry {
    uint32_t cw_inv;
    uint32_t row;
    uint32_t rw_inv;  // the row's view of this column
  };
  // Places sized by the usable edges per column; duplicates leave gaps.
  std::vector<int64_t> cstart(ncols + 1, 0);
  for (int64_t c = 0; c < ncols; ++c) cstart[c + 1] = cstart[c] + scan.col_count[c];
  std::vector<int64_t> cend(cstart.begin(), cstart.end() - 1);
  std::vector<Entry> entries(cstart[ncols]);
  {
    Dedup dedup(e, capacity, o.min_weight);
    dedup.ForEachRow(groups, num_rows, [&](int64_t r, const std::vector<int32_t>& cols) {
      for (int32_t c : cols) {
        const int64_t i = dedup.best_edge(c);
        entries[cend[c]++] = {Inv(cw[i]), static_cast<uint32_t>(r), Inv(e.weight[i])};
      }
    });
  }
  const auto better = [](const Entry& a, const Entry& b) {
    return a.cw_inv < b.cw_inv || (a.cw_inv == b.cw_inv && a.row < b.row);
  };
  std::vector<int64_t> ptr(cstart.begin(), cstart.end() - 1);
  std::vector<int64_t> sorted_end = ptr;
  std::vector<int32_t> load(ncols, 0);
  std::vector<uint8_t> queued(ncols, 0);
  std::vector<uint64_t> held(num_rows, kNone);  // row-side key of the held proposal
  std::vector<int32_t> free_cols;
  for (int64_t c = ncols - 1; c >= 0; --c) {
    if (cstart[c] < cend[c]) {
      free_cols.push_back(static_cast<int32_t>(c));
      queued[c] = 1;
    }
  }
  int64_t usable = 0;
  for (int64_t c = 0; c < ncols; ++c) usable += cend[c] - cstart[c];
  Progress progress(o.progress, usable);
  while (!free_cols.empty()) {
    const int32_t c = free_cols.back();
    free_cols.pop_back();
    queued[c] = 0;
    while (load[c] < capacity[c] && ptr[c] < cend[c]) {
      if (ptr[c] == sorted_end[c]) {
        Entry* first = entries.data() + sorted_end[c];
        Entry* last = entries.data() + cend[c];
        const int64_t chunk =
            std::max<int64_t>({32, sorted_end[c] - cstart[c], int64_t{capacity[c]} - load[c]});
        if (last - first > chunk) {
          std::nth_element(first, first + chunk, last, better);
          last = first + chunk;
        }
        std::sort(first, last, better);
        sorted_end[c] += last - first;
      }
      if (!progress.Tick()) return Cancelled();
      const Entry& x = entries[ptr[c]++];
      const uint64_t key = (uint64_t{x.rw_inv} << 32) | uint32_t(c);
      uint64_t& h = held[x.row];
      if (key >= h) continue;  // the row holds a better offer
      if (h != kNone) {
        const int32_t loser = static_cast<int32_t>(h & kLow32);
        --load[loser];
        if (!queued[loser]) {
          queued[loser] = 1;
          free_cols.push_back(loser);
        }
      }
      h = key;
      ++load[c];
    }
  }
  progress.Finish();
  for (int64_t r = 0; r < num_rows; ++r) {
    col_of_row[r] = held[r] == kNone ? -1 : static_cast<int64_t>(held[r] & kLow32);
  }
  return absl::OkStatus();
}

// Rows propose to columns whose choice function honours minority reserves.
// Plain and direct: a column re-chooses among its held rows plus the new
// proposer, O(capacity log capacity) per proposal.
absl::Status RowsProposeWithReserves(int64_t num_rows, absl::Span<const int32_t> capacity,
                                     const EdgeList& e, const StableMatchingOptions& o,
                                     std::vector<int64_t>& col_of_row) {
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  const std::vector<float>& cw = o.column_weight.empty() ? e.weight : o.column_weight;
  // The counting edge of each usable (row, col) pair.
  absl::flat_hash_map<std::pair<int64_t, int64_t>, int64_t> best;
  for (int64_t i = 0; i < e.size(); ++i) {
    if (e.weight[i] < o.min_weight || capacity[e.col[i]] == 0) continue;
    auto [it, inserted] = best.try_emplace(std::make_pair(e.row[i], e.col[i]), i);
    if (!inserted && e.weight[i] > e.weight[it->second]) it->second = i;
  }
  std::vector<std::vector<std::pair<uint64_t, int64_t>>> lists(num_rows);  // (key, edge)
  for (const auto& [rc, i] : best) {
    lists[rc.first].emplace_back((uint64_t{Inv(e.weight[i])} << 32) | uint32_t(rc.second), i);
  }
  for (auto& l : lists) std::sort(l.begin(), l.end());
  // Column-side key of a held edge: smaller = preferred.
  auto ckey = [&](int64_t i) { return (uint64_t{Inv(cw[i])} << 32) | uint32_t(e.row[i]); };
  auto qualifies = [&](int64_t row, int64_t col) {
    return o.reserved[col] > 0 && o.reserve_class[col] >= 0 &&
           ((o.row_classes[row] >> o.reserve_class[col]) & 1) != 0;
  };
  std::vector<std::vector<int64_t>> held(ncols);  // edges
  std::vector<size_t> next(num_rows, 0);
  std::vector<int64_t> stack;
  for (int64_t r = num_rows - 1; r >= 0; --r) stack.push_back(r);
  Progress progress(o.progress, static_cast<int64_t>(best.size()));
  std::vector<int64_t> order, chosen;
  std::vector<uint8_t> taken;
  while (!stack.empty()) {
    const int64_t r = stack.back();
    stack.pop_back();
    if (next[r] >= lists[r].size()) continue;  // list exhausted: stays unmatched
    const int64_t i = lists[r][next[r]++].second;
    if (!progress.Tick()) return Cancelled();
    const int64_t c = e.col[i];
    std::vector<int64_t>& h = held[c];
    h.push_back(i);
    if (static_cast<int64_t>(h.size()) <= capacity[c]) continue;
    // Choose: reserved places to the class in preference order, then the rest.
    order = h;
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return ckey(a) < ckey(b); });
    taken.assign(order.size(), 0);
    int64_t n_taken = 0, n_res = 0;
    for (size_t k = 0; k < order.size() && n_res < o.reserved[c]; ++k) {
      if (qualifies(e.row[order[k]], c)) {
        taken[k] = 1;
        ++n_res;
        ++n_taken;
      }
    }
    for (size_t k = 0; k < order.size() && n_taken < capacity[c]; ++k) {
      if (!taken[k]) {
        taken[k] = 1;
        ++n_taken;
      }
    }
    chosen.clear();
    for (size_t k = 0; k < order.size(); ++k) {
      if (taken[k]) {
        chosen.push_back(order[k]);
      } else {
        stack.push_back(e.row[order[k]]);  // rejected: proposes again
      }
    }
    h = chosen;
  }
  progress.Finish();
  for (int64_t c = 0; c < ncols; ++c) {
    for (int64_t i : held[c]) col_of_row[e.row[i]] = c;
  }
  return absl::OkStatus();
}

// reserved, reserve_class (per column) and row_classes (per row): all or
// none, within range, and only with rows proposing.
absl::Status ValidateReserves(int64_t num_rows, absl::Span<const int32_t> capacity,
                              const StableMatchingOptions& options) {
  const size_t nc = capacity.size();
  if (options.reserved.size() != nc || options.reserve_class.size() != nc ||
      static_cast<int64_t>(options.row_classes.size()) != num_rows) {
    return absl::InvalidArgumentError(
        "reserves: reserved and reserve_class need one entry per column, row_classes one per "
        "row");
  }
  for (size_t j = 0; j < nc; ++j) {
    if (options.reserved[j] < 0 || options.reserved[j] > capacity[j] ||
        options.reserve_class[j] < -1 || options.reserve_class[j] > 63) {
      return absl::InvalidArgumentError(absl::StrCat("reserve of column ", j, " out of range"));
    }
  }
  if (options.proposer != Proposer::kRows) {
    return absl::InvalidArgumentError("with reserves, only rows (seekers) can propose");
  }
  return absl::OkStatus();
}

// The options of one part: the whole problem's, with the per-edge, per-column
// and per-row tables cut down to the part's (in its local numbering).
StableMatchingOptions PartOptions(const StableMatchingOptions& options, const internal::Part& p,
                                  bool reserves) {
  StableMatchingOptions po;
  po.proposer = options.proposer;
  po.min_weight = options.min_weight;
  po.split_components = false;
  if (!options.column_weight.empty()) {
    po.column_weight.resize(p.edge_ids.size());
    for (size_t i = 0; i < p.edge_ids.size(); ++i)
      po.column_weight[i] = options.column_weight[p.edge_ids[i]];
  }
  if (reserves) {
    po.reserved.resize(p.cols.size());
    po.reserve_class.resize(p.cols.size());
    for (size_t c = 0; c < p.cols.size(); ++c) {
      po.reserved[c] = options.reserved[p.cols[c]];
      po.reserve_class[c] = options.reserve_class[p.cols[c]];
    }
    po.row_classes.resize(p.rows.size());
    for (size_t r = 0; r < p.rows.size(); ++r) po.row_classes[r] = options.row_classes[p.rows[r]];
  }
  return po;
}

// Independent regions: the components of the acceptable edges, packed into
// parts and matched apart on explicit threads; each part's matching is
// written into col_of_row in the global numbering.
absl::Status SolveParts(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& edges,
                        const StableMatchingOptions& options, bool reserves,
                        const std::vector<int64_t>& acceptable, const internal::Components& comps,
                        std::vector<int64_t>& col_of_row) {
  const int threads = ResolveThreadCount(options.num_threads);
  int32_t num_parts = 0;
  const std::vector<int32_t> part_of_comp =
      internal::PackComponents(comps, threads, int64_t{1} << 14, &num_parts);
  const std::vector<internal::Part> parts =
      internal::SplitParts(edges, capacity, acceptable, comps, part_of_comp, num_parts);
  std::vector<std::vector<int64_t>> col_of(num_parts);
  absl::Status st = internal::RunTasks(
      num_parts, threads, options.progress, internal::kAssignmentCancelled,
      [&](int64_t k) -> absl::Status {
        const internal::Part& p = parts[k];
        JOBMATCH_ASSIGN_OR_RETURN(
            Assignment a, SolveStableMatching(static_cast<int64_t>(p.rows.size()), p.capacity,
                                              p.edges, PartOptions(options, p, reserves)));
        col_of[k] = std::move(a.col_of_row);
        return absl::OkStatus();
      });
  if (st.code() == absl::StatusCode::kCancelled) return Cancelled();
  JOBMATCH_RETURN_IF_ERROR(st);
  for (int32_t k = 0; k < num_parts; ++k) {
    for (size_t r = 0; r < parts[k].rows.size(); ++r) {
      const int64_t c = col_of[k][r];
      col_of_row[parts[k].rows[r]] = c < 0 ? -1 : parts[k].cols[c];
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Assignment> SolveStableMatching(int64_t num_rows, absl::Span<const int32_t> capacity,
                                               const EdgeList& edges,
                                               const StableMatchingOptions& options) {
  Scan scan;
  JOBMATCH_RETURN_IF_ERROR(ValidateAndScan(num_rows, capacity, edges, options, scan));
  const RowGroups groups(edges, scan);
  Assignment out;
  out.col_of_row.assign(num_rows, -1);
  out.edge_of_row.assign(num_rows, -1);
  const bool reserves =
      !(options.reserved.empty() && options.reserve_class.empty() && options.row_classes.empty());
  if (reserves) JOBMATCH_RETURN_IF_ERROR(ValidateReserves(num_rows, capacity, options));
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  // Independent regions: components of the acceptable edges.
  std::vector<int64_t> acceptable;
  if (options.split_components) {
    for (int64_t i = 0; i < edges.size(); ++i) {
      if (edges.weight[i] >= options.min_weight && capacity[edges.col[i]] > 0)
        acceptable.push_back(i);
    }
  }
  const internal::Components comps =
      options.split_components
          ? internal::FindComponents(num_rows, static_cast<int64_t>(capacity.size()), edges,
                                     acceptable, {})
          : internal::Components();
  if (comps.count > 1) {
    JOBMATCH_RETURN_IF_ERROR(SolveParts(num_rows, capacity, edges, options, reserves, acceptable,
                                        comps, out.col_of_row));
  } else if (reserves) {
    JOBMATCH_RETURN_IF_ERROR(
        RowsProposeWithReserves(num_rows, capacity, edges, options, out.col_of_row));
  } else if (options.proposer == Proposer::kRows) {
    JOBMATCH_RETURN_IF_ERROR(
        RowsPropose(num_rows, capacity, edges, options, groups, out.col_of_row));
  } else {
    JOBMATCH_RETURN_IF_ERROR(
        ColumnsPropose(num_rows, capacity, edges, options, groups, scan, out.col_of_row));
  }
  for (int64_t r = 0; r < num_rows; ++r) {
    if (out.col_of_row[r] < 0) continue;
    const int64_t i = CountingEdge(edges, groups, options.min_weight, r, out.col_of_row[r]);
    JOBMATCH_CHECK(i >= 0);
    out.edge_of_row[r] = i;
    ++out.cardinality;
    out.total_weight += edges.weight[i];
  }
  return out;
}

}  // namespace jobmatch
