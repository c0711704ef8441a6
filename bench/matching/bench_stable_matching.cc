// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Stable matching (deferred acceptance) at city scale: 1M seekers, 50k
// vacancies, about 150k openings, 30 random candidate edges per seeker
// (30M edges), seekers proposing and vacancies proposing. The time covers
// the whole call: validation, de-duplication, preference lists, proposals.
//
//   build/bench/bench_stable_matching --benchmark_counters_tabular=true
#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "jobmatch/matching/stable_matching.h"
#include "matching/bench_graphs.h"

namespace {

using jobmatch::bench::Graph;
using jobmatch::bench::RandomGraph;

void BM_StableMatchingRandom(benchmark::State& state) {
  static const Graph g = RandomGraph(state.range(0), state.range(1), state.range(2), 30, 1);
  jobmatch::StableMatchingOptions o;
  o.proposer = static_cast<jobmatch::Proposer>(state.range(3));
  int64_t card = 0;
  double total = 0;
  for (auto _ : state) {
    auto a = jobmatch::SolveStableMatching(g.rows, g.capacity, g.edges, o);
    if (!a.ok()) {
      state.SkipWithError(std::string(a.status().message()).c_str());
      return;
    }
    card = a->cardinality;
    total = a->total_weight;
  }
  state.counters["edges"] = static_cast<double>(g.edges.size());
  state.counters["placed"] = static_cast<double>(card);
  state.counters["total_weight"] = total;
}
BENCHMARK(BM_StableMatchingRandom)
    ->Args({1000000, 50000, 150000, 0})
    ->Args({1000000, 50000, 150000, 1})
    ->ArgNames({"rows", "cols", "openings", "cols_propose"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
