// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The first steps of SolveAssignment and PlanAssignment: the checks of the
// input, the usable edges and the whole problem's schedule
// (matching/internal/assignment_steps.h).
#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/internal/huge_pages.h"
#include "matching/internal/assignment_steps.h"

namespace jobmatch::internal {
namespace {

// The bonus that makes one more reserved place filled by its class worth
// more than any change in total (quantised) weight: the widest possible
// swing of the weight part plus one.
int64_t ReserveBonus(const EdgeList& e, const std::vector<int64_t>& usable, int64_t num_rows,
                     double q) {
  std::vector<int64_t> hi(num_rows, 0), lo(num_rows, 0);
  for (int64_t i : usable) {
    const int64_t w = std::llround(static_cast<double>(e.weight[i]) * q);
    hi[e.row[i]] = std::max(hi[e.row[i]], w);
    lo[e.row[i]] = std::min(lo[e.row[i]], w);
  }
  int64_t total = 1;
  for (int64_t r = 0; r < num_rows; ++r) total += hi[r] - lo[r];
  return total;
}

}  // namespace

absl::Status ValidateGroups(int64_t num_rows, const AssignmentOptions& o) {
  if (!o.row_group.empty() && static_cast<int64_t>(o.row_group.size()) != num_rows) {
    return absl::InvalidArgumentError(
        absl::StrCat("row_group has ", o.row_group.size(), " entries for ", num_rows, " rows"));
  }
  for (int64_t g : o.row_group) {
    if (g < -1) return absl::InvalidArgumentError("row_group entries must be >= -1");
  }
  return absl::OkStatus();
}

absl::Status ValidateReserves(int64_t num_rows, absl::Span<const int32_t> capacity,
                              const AssignmentOptions& o) {
  if (o.reserved.empty() && o.reserve_class.empty() && o.row_classes.empty())
    return absl::OkStatus();
  const size_t nc = capacity.size();
  if (o.reserved.size() != nc || o.reserve_class.size() != nc ||
      static_cast<int64_t>(o.row_classes.size()) != num_rows) {
    return absl::InvalidArgumentError(
        "reserves: reserved and reserve_class need one entry per column, row_classes one per row");
  }
  for (size_t j = 0; j < nc; ++j) {
    if (o.reserved[j] < 0 || o.reserved[j] > capacity[j]) {
      return absl::InvalidArgumentError(absl::StrCat("reserved[", j, "] outside 0..capacity"));
    }
    if (o.reserve_class[j] < -1 || o.reserve_class[j] > 63) {
      return absl::InvalidArgumentError(absl::StrCat("reserve_class[", j, "] outside -1..63"));
    }
  }
  return absl::OkStatus();
}

absl::Status Validate(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& e) {
  if (num_rows < 0) return absl::InvalidArgumentError("num_rows must be >= 0");
  if (e.col.size() != e.row.size() || e.weight.size() != e.row.size()) {
    return absl::InvalidArgumentError(absl::StrCat("edge arrays differ in length: row ",
                                                   e.row.size(), ", col ", e.col.size(),
                                                   ", weight ", e.weight.size()));
  }
  if (num_rows >= (int64_t{1} << 30) ||
      static_cast<int64_t>(capacity.size()) >= (int64_t{1} << 30)) {
    return absl::InvalidArgumentError("at most 2^30 rows and 2^30 columns");
  }
  for (size_t j = 0; j < capacity.size(); ++j) {
    if (capacity[j] < 0)
      return absl::InvalidArgumentError(absl::StrCat("capacity[", j, "] is negative"));
  }
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  for (int64_t i = 0; i < e.size(); ++i) {
    if (e.row[i] < 0 || e.row[i] >= num_rows) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", i, ": row ", e.row[i], " outside 0..", num_rows - 1));
    }
    if (e.col[i] < 0 || e.col[i] >= ncols) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", i, ": col ", e.col[i], " outside 0..", ncols - 1));
    }
    if (!std::isfinite(e.weight[i])) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", i, ": weight is not finite"));
    }
  }
  return absl::OkStatus();
}

// Whether the edges come grouped by row (rows non-decreasing), as top-k
// output does.
bool RowSorted(const EdgeList& e) {
  for (int64_t i = 1; i < e.size(); ++i) {
    if (e.row[i] < e.row[i - 1]) return false;
  }
  return true;
}

// The edges worth considering: into a column with places, weight >=
// min_weight (and >= 0 when only the weight counts), one per (row, col) pair
// (the heaviest, lowest index on ties), in index order. Linear: rows are
// visited one at a time (edges grouped by row, by a counting sort that keeps
// index order unless they come grouped already), and a per-column mark finds
// repeated pairs in a row.
std::vector<int64_t> UsableEdges(const EdgeList& e, int64_t num_rows,
                                 absl::Span<const int32_t> capacity, const AssignmentOptions& o,
                                 bool sorted) {
  const int64_t m = e.size();
  const int64_t num_cols = static_cast<int64_t>(capacity.size());
  auto wanted = [&](int64_t i) {
    const float w = e.weight[i];
    return w >= o.min_weight && !(o.objective == AssignmentObjective::kMaxWeight && w < 0.0f) &&
           capacity[e.col[i]] > 0;
  };
  // Row r's edges are by_row[start[r] .. start[r + 1]) (or the index range
  // itself when the input is grouped by row: `sorted`).
  std::vector<int64_t> start(static_cast<size_t>(num_rows) + 1, 0);
  std::vector<int64_t> by_row;
  if (sorted) {
    for (int64_t i = 0; i < m; ++i) ++start[e.row[i] + 1];
  } else {
    for (int64_t i = 0; i < m; ++i) {
      if (wanted(i)) ++start[e.row[i] + 1];
    }
  }
  for (int64_t r = 0; r < num_rows; ++r) start[r + 1] += start[r];
  if (!sorted) {
    ReserveHuge(by_row, static_cast<size_t>(start[num_rows]));
    by_row.resize(static_cast<size_t>(start[num_rows]));
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int64_t i = 0; i < m; ++i) {
      if (wanted(i)) by_row[fill[e.row[i]]++] = i;
    }
  }
  auto edge_at = [&](int64_t k) { return sorted ? k : by_row[k]; };
  std::vector<int32_t> mark(static_cast<size_t>(num_cols), -1);  // last row that used the column
  std::vector<int64_t> best(static_cast<size_t>(num_cols), -1);  // that row's best edge to it
  std::vector<int64_t> out;
  ReserveHuge(out, static_cast<size_t>(sorted ? m : start[num_rows]));
  std::vector<int64_t> keep;  // this row's kept edges (sorted input: already in index order)
  for (int64_t r = 0; r < num_rows; ++r) {
    bool repeated = false;
    for (int64_t k = start[r]; k < start[r + 1]; ++k) {
      const int64_t i = edge_at(k);
      if (sorted && !wanted(i)) continue;
      const int64_t c = e.col[i];
      if (mark[c] != r) {
        mark[c] = static_cast<int32_t>(r);
        best[c] = i;
      } else {
        repeated = true;
        if (e.weight[i] > e.weight[best[c]]) best[c] = i;
      }
    }
    for (int64_t k = start[r]; k < start[r + 1]; ++k) {
      const int64_t i = edge_at(k);
      if (sorted && !wanted(i)) continue;
      if (!repeated || best[e.col[i]] == i) out.push_back(i);
    }
  }
  if (!sorted) std::sort(out.begin(), out.end());  // back to index order
  return out;
}

AssignmentSchedule ComputeParams(int64_t num_rows, absl::Span<const int32_t> capacity,
                                 const EdgeList& edges, const std::vector<int64_t>& usable,
                                 const Components& comps, const AssignmentOptions& o) {
  AssignmentSchedule p;
  float max_abs = 0.0f;
  for (int64_t i : usable) max_abs = std::max(max_abs, std::abs(edges.weight[i]));
  p.q = max_abs > 0.0f ? std::ldexp(1.0, 30) / max_abs : 1.0;
  p.components = comps.count;
  for (int32_t c : comps.of_row) p.active_rows += c >= 0;
  for (int32_t c : comps.of_col) p.active_cols += c >= 0;
  p.all_cols = static_cast<int64_t>(capacity.size());
  for (int64_t c = 0; c < p.all_cols; ++c) {
    p.reserve_cols += HasReserve(o, c);
    if (comps.of_col[c] < 0) p.idle_col_nodes += 1 + (HasReserve(o, c) ? 1 : 0);
  }
  const bool cover = o.cover_groups && !o.row_group.empty();
  if (cover) {
    absl::flat_hash_set<int64_t> groups;
    for (int64_t r = 0; r < num_rows; ++r) {
      if (comps.of_row[r] >= 0 && o.row_group[r] >= 0) groups.insert(o.row_group[r]);
    }
    p.groups = static_cast<int64_t>(groups.size());
  }
  p.layered = cover || p.reserve_cols > 0;
  // Rounding is monotone: the largest |cost| is that of the largest |weight|.
  p.max_abs_cost = std::llround(static_cast<double>(max_abs) * p.q);
  if (p.reserve_cols > 0) {
    p.bonus = ReserveBonus(edges, usable, num_rows, p.q);
    for (int64_t i : usable) {
      if (Qualifies(o, edges.row[i], edges.col[i])) {
        p.max_abs_bonus_cost =
            std::max(p.max_abs_bonus_cost, std::abs(QuantisedCost(edges.weight[i], p.q) - p.bonus));
      }
    }
  }
  // Few distinct costs (ties everywhere): counted on an evenly spaced sample
  // of at most 65,536 usable edges.
  constexpr int64_t kSample = 1 << 16;
  constexpr size_t kFew = 1024;
  const int64_t m = static_cast<int64_t>(usable.size());
  const int64_t stride = std::max<int64_t>(1, m / kSample);
  absl::flat_hash_set<int64_t> distinct;
  for (int64_t k = 0; k < m && distinct.size() <= kFew; k += stride)
    distinct.insert(QuantisedCost(edges.weight[usable[k]], p.q));
  p.eager_proofs = distinct.size() <= kFew;
  return p;
}

}  // namespace jobmatch::internal
