// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// FindBlockingEdges (stable_matching.h): the stability check, in a file of
// its own so that it shares nothing with the solver in stable_matching.cc.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "jobmatch/matching/stable_matching.h"

namespace jobmatch {

// Written independently of the solver (hash map, plain comparisons) so that
// tests using it as an oracle do not share the solver's shortcuts. The
// matching is read from col_of_row; malformed parts of the input (indexes
// out of range, non-finite weights) are skipped rather than trusted.
std::vector<int64_t> FindBlockingEdges(int64_t num_rows, absl::Span<const int32_t> capacity,
                                       const EdgeList& edges, const StableMatchingOptions& options,
                                       const Assignment& matching) {
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  const int64_t n = std::min<int64_t>({edges.size(), static_cast<int64_t>(edges.col.size()),
                                       static_cast<int64_t>(edges.weight.size())});
  const bool has_cw = options.column_weight.size() == edges.row.size() && !edges.row.empty();
  const auto col_weight = [&](int64_t i) {
    return has_cw ? options.column_weight[i] : edges.weight[i];
  };
  // Counting edge per acceptable (row, col) pair.
  absl::flat_hash_map<std::pair<int64_t, int64_t>, int64_t> best;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = edges.row[i], c = edges.col[i];
    const float w = edges.weight[i];
    if (r < 0 || r >= num_rows || c < 0 || c >= ncols) continue;
    if (!std::isfinite(w) || !std::isfinite(col_weight(i)) || !(w >= options.min_weight)) continue;
    auto [it, inserted] = best.try_emplace(std::make_pair(r, c), i);
    if (!inserted && w > edges.weight[it->second]) it->second = i;
  }
  const auto partner = [&](int64_t r) -> int64_t {
    if (r >= static_cast<int64_t>(matching.col_of_row.size())) return -1;
    const int64_t c = matching.col_of_row[r];
    return c >= 0 && c < ncols ? c : -1;
  };
  // Each row's current edge (-1 if unmatched or matched along a pair that
  // is not acceptable: then every acceptable edge is better).
  std::vector<int64_t> cur(num_rows, -1);
  std::vector<int64_t> load(ncols, 0);
  // Each column's worst held row: its edge, or -2 when it holds a row along
  // an unacceptable pair (worse than any acceptable one); -1 when empty.
  std::vector<int64_t> worst(ncols, -1);
  const auto col_prefers = [&](int64_t a, int64_t b) {  // edges a, b into one column
    const float wa = col_weight(a), wb = col_weight(b);
    return wa > wb || (wa == wb && edges.row[a] < edges.row[b]);
  };
  for (int64_t r = 0; r < num_rows; ++r) {
    const int64_t c = partner(r);
    if (c < 0) continue;
    ++load[c];
    const auto it = best.find(std::make_pair(r, c));
    if (it == best.end()) {
      worst[c] = -2;
      continue;
    }
    cur[r] = it->second;
    if (worst[c] == -1 || (worst[c] >= 0 && col_prefers(worst[c], it->second))) {
      worst[c] = it->second;
    }
  }
  std::vector<int64_t> out;
  for (const auto& [rc, i] : best) {
    const auto [r, c] = rc;
    const int64_t m = cur[r];
    bool row_wants;
    if (m < 0) {
      row_wants = true;
    } else {
      const float wi = edges.weight[i], wm = edges.weight[m];
      row_wants = wi > wm || (wi == wm && c < edges.col[m]);
    }
    if (!row_wants) continue;
    const bool col_wants =
        load[c] < capacity[c] ||
        (capacity[c] > 0 && (worst[c] == -2 || (worst[c] >= 0 && col_prefers(i, worst[c]))));
    if (col_wants) out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace jobmatch
