// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Training advice (analytics/training.h) at city scale, side by side with
// what a user of the library would do instead: for each seeker, load every
// candidate upgrade as a seeker row of its own (skills some vacancy
// requires, every grade above the one held up to 8) into one fresh Scorer
// and take the top-k lists of all those rows with the pruned top-k search
// (search/topk.h), then average. That route is timed on a sample of seekers
// (BM_UpgradeRowsTopK, counter seconds_per_seeker) and extrapolated; the
// library's AdviseTraining runs on every seeker (BM_AdviseTraining) and on
// the same sample.
//
//   build/bench/bench_training --benchmark_counters_tabular=true
//   build/bench/bench_training --benchmark_counters_tabular=true
//       --benchmark_filter='seekers:100000'     (city scale only)
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "jobmatch/analytics/training.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace {

struct Fixture {
  jobmatch::City city;
  std::shared_ptr<const jobmatch::Dataset> data;
  std::unique_ptr<jobmatch::Scorer> scorer;
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
    slot->city = *std::move(city);
    auto data = jobmatch::Dataset::FromRows(slot->city.vocab, slot->city.seekers,
                                            slot->city.vacancies, jobmatch::Policy::Default());
    if (!data.ok()) std::abort();
    slot->data = *data;
    auto scorer = jobmatch::Scorer::Create(slot->data);
    if (!scorer.ok()) std::abort();
    slot->scorer = std::make_unique<jobmatch::Scorer>(*std::move(scorer));
  }
  return *slot;
}

// kSample seekers, evenly spaced over the rows.
constexpr int64_t kSample = 40;
std::vector<int64_t> Sample(int64_t ns) {
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < kSample && i < ns; ++i) rows.push_back(i * (ns / kSample));
  return rows;
}

// Args: seekers, vacancies, embedding dim, threads, sample only (0/1).
void BM_AdviseTraining(benchmark::State& state) {
  const Fixture& f = City(state.range(0), state.range(1), static_cast<int>(state.range(2)));
  jobmatch::TrainingOptions o;
  o.num_threads = static_cast<int>(state.range(3));
  if (state.range(4)) o.seekers = Sample(state.range(0));
  int64_t rows = 0;
  for (auto _ : state) {
    auto a = jobmatch::AdviseTraining(*f.scorer, o);
    if (!a.ok()) {
      state.SkipWithError(std::string(a.status().message()).c_str());
      return;
    }
    rows = static_cast<int64_t>(a->seekers.size());
    benchmark::DoNotOptimize(a->upgrades.data());
  }
  state.counters["seekers"] = static_cast<double>(rows);
  state.counters["seconds_per_seeker"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

// The user's route on the sample; each top-k call on `threads` threads.
void BM_UpgradeRowsTopK(benchmark::State& state) {
  const Fixture& f = City(state.range(0), state.range(1), static_cast<int>(state.range(2)));
  const std::vector<int64_t> sample = Sample(state.range(0));
  int max_req[512] = {};
  for (const jobmatch::Vacancy& v : f.city.vacancies) {
    for (const jobmatch::Requirement& r : v.requirements)
      max_req[r.skill] = std::max<int>(max_req[r.skill], r.min_level);
  }
  double checksum = 0.0;
  for (auto _ : state) {
    for (int64_t s : sample) {
      const jobmatch::Seeker& base = f.city.seekers[s];
      std::vector<jobmatch::Seeker> rows;
      for (int32_t k = 0; k < f.city.vocab.skills().size() && k < 512; ++k) {
        int cur = 0;
        for (const jobmatch::SkillLevel& sl : base.skills)
          if (sl.skill == k) cur = sl.level;
        for (int g = cur + 1; g <= std::min(8, max_req[k]); ++g) {
          jobmatch::Seeker m = base;
          m.id = absl::StrCat(base.id, "|", k, "|", g);
          bool found = false;
          for (jobmatch::SkillLevel& sl : m.skills) {
            if (sl.skill == k) {
              sl.level = static_cast<int8_t>(g);
              found = true;
            }
          }
          if (!found) m.skills.push_back({k, static_cast<int8_t>(g)});
          rows.push_back(std::move(m));
        }
      }
      auto data = jobmatch::Dataset::FromRows(f.city.vocab, rows, f.city.vacancies,
                                              jobmatch::Policy::Default());
      if (!data.ok()) std::abort();
      auto scorer = jobmatch::Scorer::Create(*data);
      if (!scorer.ok()) std::abort();
      jobmatch::TopKOptions o;
      o.k = 10;
      o.num_threads = static_cast<int>(state.range(3));
      auto r = jobmatch::TopVacanciesForSeekers(*scorer, o);
      if (!r.ok()) std::abort();
      for (float x : r->score) checksum += x > -1e30f ? x : 0.0f;
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.counters["seekers"] = static_cast<double>(sample.size());
  state.counters["seconds_per_seeker"] = benchmark::Counter(
      static_cast<double>(sample.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void Sizes(benchmark::internal::Benchmark* b, bool sample_arg) {
  for (auto [ns, nv] : {std::pair<int64_t, int64_t>{20000, 4000}, {100000, 20000}}) {
    for (int dim : {0, 64}) {
      if (sample_arg) {
        b->Args({ns, nv, dim, 0, 0});
        b->Args({ns, nv, dim, 0, 1});
      } else {
        b->Args({ns, nv, dim, 0});
      }
    }
  }
}

BENCHMARK(BM_AdviseTraining)
    ->ArgNames({"seekers", "vacancies", "dim", "threads", "sample"})
    ->Apply([](benchmark::internal::Benchmark* b) { Sizes(b, true); })
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK(BM_UpgradeRowsTopK)
    ->ArgNames({"seekers", "vacancies", "dim", "threads"})
    ->Apply([](benchmark::internal::Benchmark* b) { Sizes(b, false); })
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
