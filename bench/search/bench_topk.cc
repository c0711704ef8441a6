// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Google Benchmark programs for scoring and exact top-k on the synthetic
// city: pairs/s at 10^3..10^5 seekers x 10^3..2*10^4 vacancies and embedding
// dimension 0/64/256, full rules (default policy) or embedding-only.
//
//   build/bench/bench_topk --benchmark_filter=TopK --benchmark_counters_tabular=true
//
// Counters: pairs_per_s (seeker-vacancy pairs scored per second, wall
// clock), threads. Results are cached per shape so generation is not timed.
#include <map>
#include <memory>
#include <thread>
#include <tuple>

#include "benchmark/benchmark.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace {

struct Fixture {
  jobmatch::Vocabulary vocab;
  jobmatch::SeekerTable seekers;
  jobmatch::VacancyTable vacancies;
};

const Fixture& City(int64_t ns, int64_t nv, int dim) {
  static std::map<std::tuple<int64_t, int64_t, int>, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[{ns, nv, dim}];
  if (!slot) {
    jobmatch::CityConfig cfg;
    cfg.num_seekers = ns;
    cfg.num_vacancies = nv;
    cfg.embedding_dim = dim;
    auto city = jobmatch::GenerateCity(cfg);
    if (!city.ok()) std::abort();
    slot = std::make_unique<Fixture>();
    slot->vocab = city->vocab;
    if (!slot->seekers.Append(city->seekers, slot->vocab).ok()) std::abort();
    if (!slot->vacancies.Append(city->vacancies, slot->vocab).ok()) std::abort();
  }
  return *slot;
}

jobmatch::Policy EmbeddingOnly() {
  jobmatch::Policy p;
  p.weights.fill(0.0f);
  p.weights[static_cast<int>(jobmatch::Component::kEmbedding)] = 1.0f;
  p.rules.clear();
  p.eligibility = {};
  p.eligibility.enforce_max_commute = false;
  p.eligibility.enforce_accessibility = false;
  return p;
}

// Args: seekers, vacancies, embedding dim, direction (0 = vacancies for
// seekers), embedding-only (0/1), threads (0 = all), exhaustive (0 = the
// default pruned search, 1 = TopKOptions::exhaustive; compare_pruned_topk
// sets the two side by side).
void BM_TopK(benchmark::State& state) {
  const Fixture& f = City(state.range(0), state.range(1), static_cast<int>(state.range(2)));
  const auto dir = static_cast<jobmatch::Direction>(state.range(3));
  const jobmatch::Policy policy = state.range(4) ? EmbeddingOnly() : jobmatch::Policy::Default();
  auto scorer = jobmatch::Scorer::Create(policy, f.vocab, f.seekers, f.vacancies);
  if (!scorer.ok()) {
    state.SkipWithError(std::string(scorer.status().message()).c_str());
    return;
  }
  jobmatch::TopKOptions opt;
  opt.k = 20;
  opt.num_threads = static_cast<int>(state.range(5));
  opt.exhaustive = state.range(6) != 0;
  for (auto _ : state) {
    auto r = jobmatch::TopK(*scorer, dir, opt);
    benchmark::DoNotOptimize(r);
  }
  const double pairs =
      static_cast<double>(f.seekers.size()) * static_cast<double>(f.vacancies.size());
  state.counters["pairs_per_s"] =
      benchmark::Counter(pairs, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["threads"] =
      opt.num_threads > 0 ? opt.num_threads : std::thread::hardware_concurrency();
}

void TopKArgs(benchmark::internal::Benchmark* b) {
  // Full rules, no embeddings: the size ladder.
  for (int64_t ns : {1000, 10000, 100000}) {
    for (int64_t nv : {1000, 20000}) b->Args({ns, nv, 0, 0, 0, 0, 0});
  }
  // Full rules with embeddings.
  for (int dim : {64, 256}) b->Args({10000, 20000, dim, 0, 0, 0, 0});
  b->Args({10000, 20000, 64, 0, 0, 0, 1});  // the same, exhaustive
  // The target shape, both directions, pruned and exhaustive.
  b->Args({100000, 20000, 0, 1, 0, 0, 0});
  b->Args({100000, 20000, 0, 0, 0, 0, 1});
  b->Args({100000, 20000, 0, 1, 0, 0, 1});
  // Embedding-only (compare with faiss.IndexFlatIP: bench/compare_topk.py).
  b->Args({100000, 20000, 64, 0, 1, 0, 0});
  // Single thread for per-core throughput.
  b->Args({10000, 20000, 0, 0, 0, 1, 0});
}

BENCHMARK(BM_TopK)
    ->Apply(TopKArgs)
    ->ArgNames({"seekers", "vacancies", "dim", "dir", "emb_only", "threads", "exhaustive"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Single-pair scoring through the scalar path (Scorer::Score), for scale.
void BM_ScorePair(benchmark::State& state) {
  const Fixture& f = City(1000, 1000, 0);
  auto scorer =
      jobmatch::Scorer::Create(jobmatch::Policy::Default(), f.vocab, f.seekers, f.vacancies);
  int64_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(scorer->Score(i % 1000, (i * 7) % 1000));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScorePair);

// Explanation of one pair (what `jobmatch explain` does).
void BM_Explain(benchmark::State& state) {
  const Fixture& f = City(1000, 1000, 0);
  auto scorer =
      jobmatch::Scorer::Create(jobmatch::Policy::Default(), f.vocab, f.seekers, f.vacancies);
  int64_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(scorer->Explain(i % 1000, (i * 7) % 1000));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Explain);

}  // namespace

BENCHMARK_MAIN();
