// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Optimal capacity-constrained assignment at the shape: 100k seekers,
// 20k vacancies, 60k openings, 30 candidate edges per seeker, on random
// graphs and on realistic ones (top-30 lists from the synthetic city).
//
//   build/bench/bench_assignment --benchmark_counters_tabular=true
#include <string>

#include "benchmark/benchmark.h"
#include "jobmatch/matching/assignment.h"
#include "matching/bench_graphs.h"

namespace {

using jobmatch::bench::CityGraph;
using jobmatch::bench::Graph;
using jobmatch::bench::RandomGraph;

void Run(benchmark::State& state, const Graph& g, jobmatch::AssignmentObjective obj) {
  jobmatch::AssignmentOptions o;
  o.objective = obj;
  double total = 0;
  int64_t card = 0;
  for (auto _ : state) {
    auto a = jobmatch::SolveAssignment(g.rows, g.capacity, g.edges, o);
    if (!a.ok()) {
      state.SkipWithError(std::string(a.status().message()).c_str());
      return;
    }
    total = a->total_weight;
    card = a->cardinality;
  }
  state.counters["edges"] = static_cast<double>(g.edges.size());
  state.counters["placed"] = static_cast<double>(card);
  state.counters["total_weight"] = total;
}

void BM_AssignRandom(benchmark::State& state) {
  static const Graph g = RandomGraph(state.range(0), state.range(1), state.range(2), 30, 1);
  Run(state, g, static_cast<jobmatch::AssignmentObjective>(state.range(3)));
}
BENCHMARK(BM_AssignRandom)
    ->Args({100000, 20000, 60000, 0})
    ->Args({100000, 20000, 60000, 1})
    ->ArgNames({"rows", "cols", "openings", "card_first"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_AssignCity(benchmark::State& state) {
  static const Graph g = CityGraph(state.range(0), state.range(1), 30);
  Run(state, g, static_cast<jobmatch::AssignmentObjective>(state.range(2)));
}
BENCHMARK(BM_AssignCity)
    ->Args({100000, 20000, 0})
    ->ArgNames({"rows", "cols", "card_first"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
