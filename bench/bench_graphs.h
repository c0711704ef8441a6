// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Random bipartite candidate graphs shared by the allocation benchmarks.
#ifndef JOBMATCH_BENCH_BENCH_GRAPHS_H_
#define JOBMATCH_BENCH_BENCH_GRAPHS_H_

#include <cstdint>
#include <random>
#include <vector>

#include "jobmatch/assignment.h"

namespace jobmatch::bench {

struct Graph {
  int64_t rows = 0;
  std::vector<int32_t> capacity;
  EdgeList edges;
};

// `rows` x `cols`, `openings` in total (every column at least one), `per_row`
// edges per row to uniform random columns with uniform weights in [0, 1).
inline Graph RandomGraph(int64_t rows, int64_t cols, int64_t openings, int per_row, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Graph g;
  g.rows = rows;
  g.capacity.assign(cols, 1);
  for (int64_t extra = openings - cols; extra > 0; --extra) ++g.capacity[rng() % cols];
  std::uniform_real_distribution<float> w(0.0f, 1.0f);
  const int64_t n = rows * per_row;
  g.edges.row.reserve(n);
  g.edges.col.reserve(n);
  g.edges.weight.reserve(n);
  for (int64_t r = 0; r < rows; ++r) {
    for (int k = 0; k < per_row; ++k) {
      g.edges.row.push_back(r);
      g.edges.col.push_back(static_cast<int64_t>(rng() % cols));
      g.edges.weight.push_back(w(rng));
    }
  }
  return g;
}

}  // namespace jobmatch::bench

#endif  // JOBMATCH_BENCH_BENCH_GRAPHS_H_
