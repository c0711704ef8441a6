// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "matching/internal/graph_components.h"

#include <algorithm>
#include <atomic>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "base/internal/huge_pages.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {

Components FindComponents(int64_t num_rows, int64_t num_cols, const EdgeList& edges,
                          absl::Span<const int64_t> edge_ids, absl::Span<const int64_t> row_tie) {
  const int64_t n = num_rows + num_cols;
  std::vector<int32_t> parent(static_cast<size_t>(n));
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  auto unite = [&](int32_t a, int32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  };
  std::vector<uint8_t> on_edge(static_cast<size_t>(num_rows), 0);
  for (int64_t i : edge_ids) {
    const int32_t r = static_cast<int32_t>(edges.row[i]);
    on_edge[r] = 1;
    unite(r, static_cast<int32_t>(num_rows + edges.col[i]));
  }
  if (!row_tie.empty()) {
    absl::flat_hash_map<int64_t, int32_t> first_of_tie;
    for (int64_t r = 0; r < num_rows; ++r) {
      if (row_tie[r] < 0 || !on_edge[r]) continue;
      auto [it, inserted] = first_of_tie.try_emplace(row_tie[r], static_cast<int32_t>(r));
      if (!inserted) unite(it->second, static_cast<int32_t>(r));
    }
  }
  Components c;
  c.of_row.assign(static_cast<size_t>(num_rows), -1);
  c.of_col.assign(static_cast<size_t>(num_cols), -1);
  std::vector<int32_t> id(static_cast<size_t>(n), -1);
  for (int64_t r = 0; r < num_rows; ++r) {
    if (!on_edge[r]) continue;
    const int32_t root = find(static_cast<int32_t>(r));
    if (id[root] < 0) id[root] = c.count++;
    c.of_row[r] = id[root];
  }
  c.edges.assign(static_cast<size_t>(c.count), 0);
  for (int64_t i : edge_ids) {
    const int32_t comp = c.of_row[edges.row[i]];
    c.of_col[edges.col[i]] = comp;
    ++c.edges[comp];
  }
  return c;
}

namespace {
std::atomic<int64_t> part_target_for_testing{0};
}  // namespace

void SetPartTargetForTesting(int64_t edges) { part_target_for_testing.store(edges); }

std::vector<int32_t> PackComponents(const Components& comps, int threads, int64_t min_part,
                                    int32_t* num_parts) {
  int64_t total = 0;
  for (int64_t e : comps.edges) total += e;
  int64_t target = std::max<int64_t>(min_part, total / (4 * std::max(1, threads)));
  if (const int64_t t = part_target_for_testing.load(); t > 0) target = t;
  std::vector<int32_t> part(static_cast<size_t>(comps.count), -1);
  int32_t parts = 0;
  int32_t open = -1;  // the part small components are being packed into
  int64_t open_size = 0;
  for (int32_t c = 0; c < comps.count; ++c) {
    if (comps.edges[c] >= target) {
      part[c] = parts++;
      continue;
    }
    if (open < 0 || open_size + comps.edges[c] > target) {
      open = parts++;
      open_size = 0;
    }
    part[c] = open;
    open_size += comps.edges[c];
  }
  *num_parts = parts;
  return part;
}

std::vector<Part> SplitParts(const EdgeList& edges, absl::Span<const int32_t> capacity,
                             absl::Span<const int64_t> edge_ids, const Components& comps,
                             const std::vector<int32_t>& part_of_comp, int32_t num_parts) {
  // Every array is reserved at its final size first (no growth, no copy)
  // and advised for huge pages before it is written: on a virtual machine
  // faulting a large fresh array in 4 KiB at a time was most of the time
  // this took (docs/benchmarks.md, "Dask against one process").
  std::vector<Part> parts(static_cast<size_t>(num_parts));
  std::vector<int64_t> rows_in(parts.size(), 0), cols_in(parts.size(), 0),
      edges_in(parts.size(), 0);
  for (int32_t c : comps.of_row) {
    if (c >= 0) ++rows_in[part_of_comp[c]];
  }
  for (int32_t c : comps.of_col) {
    if (c >= 0) ++cols_in[part_of_comp[c]];
  }
  for (int64_t i : edge_ids) ++edges_in[part_of_comp[comps.of_row[edges.row[i]]]];
  for (int32_t k = 0; k < num_parts; ++k) {
    Part& p = parts[k];
    ReserveHuge(p.rows, static_cast<size_t>(rows_in[k]));
    ReserveHuge(p.cols, static_cast<size_t>(cols_in[k]));
    ReserveHuge(p.capacity, static_cast<size_t>(cols_in[k]));
    ReserveHuge(p.edge_ids, static_cast<size_t>(edges_in[k]));
    ReserveHuge(p.edges.row, static_cast<size_t>(edges_in[k]));
    ReserveHuge(p.edges.col, static_cast<size_t>(edges_in[k]));
    ReserveHuge(p.edges.weight, static_cast<size_t>(edges_in[k]));
  }
  std::vector<int64_t> local_row, local_col;
  ReserveHuge(local_row, comps.of_row.size());
  ReserveHuge(local_col, comps.of_col.size());
  local_row.assign(comps.of_row.size(), -1);
  local_col.assign(comps.of_col.size(), -1);
  for (size_t r = 0; r < comps.of_row.size(); ++r) {
    if (comps.of_row[r] < 0) continue;
    Part& p = parts[part_of_comp[comps.of_row[r]]];
    local_row[r] = static_cast<int64_t>(p.rows.size());
    p.rows.push_back(static_cast<int64_t>(r));
  }
  for (size_t c = 0; c < comps.of_col.size(); ++c) {
    if (comps.of_col[c] < 0) continue;
    Part& p = parts[part_of_comp[comps.of_col[c]]];
    local_col[c] = static_cast<int64_t>(p.cols.size());
    p.cols.push_back(static_cast<int64_t>(c));
    p.capacity.push_back(capacity[c]);
  }
  for (int64_t i : edge_ids) {
    Part& p = parts[part_of_comp[comps.of_row[edges.row[i]]]];
    p.edge_ids.push_back(i);
    p.edges.row.push_back(local_row[edges.row[i]]);
    p.edges.col.push_back(local_col[edges.col[i]]);
    p.edges.weight.push_back(edges.weight[i]);
  }
  return parts;
}

}  // namespace jobmatch::internal
