// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The live engine (engine.h) at 10^6 seekers x 10^5 vacancies (synthetic
// city, default policy): the cost of one incremental update against a full
// rebuild from the records, compaction, and query latency on a version that
// has a delta and removed rows.
//
//   build/bench/bench_engine --benchmark_counters_tabular=true
//   build/bench/bench_engine --benchmark_filter=Upsert   # a subset
//
// The benchmarks share one engine per shape and run in registration order:
// the update benchmarks leave a delta (a few hundred rows) and removed base
// rows behind, so the query benchmarks measure the merged path. Records are
// generated once per shape and not timed.
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace {

using jobmatch::Engine;

struct Shape {
  jobmatch::City city;
  std::unique_ptr<Engine> engine;  // automatic compaction off
  int64_t next_id = 0;
};

Shape& Get(int64_t ns, int64_t nv) {
  static std::map<std::pair<int64_t, int64_t>, std::unique_ptr<Shape>> cache;
  auto& slot = cache[{ns, nv}];
  if (!slot) {
    slot = std::make_unique<Shape>();
    jobmatch::CityConfig cfg;
    cfg.num_seekers = ns;
    cfg.num_vacancies = nv;
    auto city = jobmatch::GenerateCity(cfg);
    if (!city.ok()) std::abort();
    slot->city = *std::move(city);
    jobmatch::SeekerTable s;
    jobmatch::VacancyTable v;
    if (!s.Append(slot->city.seekers, slot->city.vocab).ok()) std::abort();
    if (!v.Append(slot->city.vacancies, slot->city.vocab).ok()) std::abort();
    jobmatch::EngineOptions opt;
    opt.auto_compact = false;
    auto e = Engine::Create(slot->city.vocab, std::move(s), std::move(v),
                            jobmatch::Policy::Default(), opt);
    if (!e.ok()) std::abort();
    slot->engine = *std::move(e);
  }
  return *slot;
}

void Counters(benchmark::State& state, const Engine& e) {
  const jobmatch::EngineStats s = e.stats();
  state.counters["delta_rows"] = static_cast<double>(s.seeker_delta_rows + s.vacancy_delta_rows);
  state.counters["removed_rows"] =
      static_cast<double>(s.seeker_removed_base_rows + s.vacancy_removed_base_rows);
}

// What a rebuild from scratch costs: validate and load the records into
// tables, compile the scorer.
void BM_FullRebuild(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  for (auto _ : state) {
    jobmatch::SeekerTable s;
    jobmatch::VacancyTable v;
    if (!s.Append(sh.city.seekers, sh.city.vocab).ok()) std::abort();
    if (!v.Append(sh.city.vacancies, sh.city.vocab).ok()) std::abort();
    auto scorer = jobmatch::Scorer::Create(jobmatch::Policy::Default(), sh.city.vocab, s, v);
    benchmark::DoNotOptimize(scorer);
  }
}

// One seeker upserted: a new id (arg 0) or replacing a base row (arg 1).
void BM_UpsertSeeker(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  const bool existing = state.range(2) != 0;
  const auto& rows = sh.city.seekers;
  for (auto _ : state) {
    const int64_t i = sh.next_id++;
    jobmatch::Seeker s = rows[static_cast<size_t>((i * 7919) % static_cast<int64_t>(rows.size()))];
    s.id = existing ? rows[static_cast<size_t>(i % static_cast<int64_t>(rows.size()))].id
                    : absl::StrCat("new-seeker-", i);
    if (!sh.engine->UpsertSeeker(s).ok()) std::abort();
  }
  Counters(state, *sh.engine);
}

void BM_UpsertVacancy(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  const auto& rows = sh.city.vacancies;
  for (auto _ : state) {
    const int64_t i = sh.next_id++;
    jobmatch::Vacancy v = rows[static_cast<size_t>((i * 7919) % static_cast<int64_t>(rows.size()))];
    v.id = absl::StrCat("new-vacancy-", i);
    if (!sh.engine->UpsertVacancy(v).ok()) std::abort();
  }
  Counters(state, *sh.engine);
}

void BM_RemoveSeeker(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  const auto& rows = sh.city.seekers;
  int64_t i = static_cast<int64_t>(rows.size()) / 2;
  for (auto _ : state) {
    if (!sh.engine->RemoveSeeker(rows[static_cast<size_t>(i++)].id).ok()) std::abort();
  }
  Counters(state, *sh.engine);
}

// A batch of 1,000 new seekers in one update.
void BM_UpsertSeekerBatch1000(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  const auto& rows = sh.city.seekers;
  std::vector<jobmatch::Seeker> batch(1000);
  for (auto _ : state) {
    state.PauseTiming();
    for (auto& s : batch) {
      const int64_t i = sh.next_id++;
      s = rows[static_cast<size_t>((i * 7919) % static_cast<int64_t>(rows.size()))];
      s.id = absl::StrCat("batch-seeker-", i);
    }
    state.ResumeTiming();
    if (!sh.engine->UpsertSeekers(batch).ok()) std::abort();
  }
  Counters(state, *sh.engine);
}

// Latency of one top-10 query on the current version (delta and removed
// rows present): the best vacancies of one seeker, single-threaded.
void BM_QueryVacanciesForOneSeeker(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  jobmatch::EngineView view = sh.engine->View();
  jobmatch::TopKOptions opt;
  opt.k = 10;
  opt.num_threads = 1;
  int64_t i = 0;
  for (auto _ : state) {
    opt.rows = {(i++ * 104729) % view.num_seekers()};
    auto r = view.TopK(jobmatch::Direction::kVacanciesForSeekers, opt);
    if (!r.ok()) std::abort();
    benchmark::DoNotOptimize(r);
  }
  Counters(state, *sh.engine);
}

// The best seekers of one vacancy: a scan of every seeker, all threads.
void BM_QuerySeekersForOneVacancy(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  jobmatch::EngineView view = sh.engine->View();
  jobmatch::TopKOptions opt;
  opt.k = 10;
  opt.num_threads = 0;
  int64_t i = 0;
  for (auto _ : state) {
    opt.rows = {(i++ * 7919) % view.num_vacancies()};
    auto r = view.TopK(jobmatch::Direction::kSeekersForVacancies, opt);
    if (!r.ok()) std::abort();
    benchmark::DoNotOptimize(r);
  }
  Counters(state, *sh.engine);
}

void BM_ExplainIds(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  jobmatch::EngineView view = sh.engine->View();
  int64_t i = 0;
  for (auto _ : state) {
    const int64_t s = (i * 104729) % view.num_seekers(), v = (i * 7919) % view.num_vacancies();
    ++i;
    auto e = view.ExplainIds(view.SeekerId(s), view.VacancyId(v));
    benchmark::DoNotOptimize(e);
  }
}

// Taking a view (what every reader does per query).
void BM_TakeView(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(sh.engine->View());
}

// Merging the delta and removed rows into new base tables.
void BM_Compact(benchmark::State& state) {
  Shape& sh = Get(state.range(0), state.range(1));
  for (auto _ : state) {
    state.PauseTiming();
    // Make sure there is something to compact.
    jobmatch::Seeker s = sh.city.seekers[0];
    s.id = absl::StrCat("compact-", sh.next_id++);
    if (!sh.engine->UpsertSeeker(s).ok()) std::abort();
    Counters(state, *sh.engine);
    state.ResumeTiming();
    if (!sh.engine->Compact().ok()) std::abort();
  }
}

constexpr int64_t kSeekers = 1000000, kVacancies = 100000;

BENCHMARK(BM_FullRebuild)
    ->Args({kSeekers, kVacancies})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK(BM_UpsertSeeker)
    ->Args({kSeekers, kVacancies, 0})
    ->Args({kSeekers, kVacancies, 1})
    ->ArgNames({"seekers", "vacancies", "existing"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200);
BENCHMARK(BM_RemoveSeeker)
    ->Args({kSeekers, kVacancies})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200);
BENCHMARK(BM_UpsertVacancy)
    ->Args({kSeekers, kVacancies})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20);
BENCHMARK(BM_UpsertSeekerBatch1000)
    ->Args({kSeekers, kVacancies})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK(BM_QueryVacanciesForOneSeeker)
    ->Args({kSeekers, kVacancies})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuerySeekersForOneVacancy)
    ->Args({kSeekers, kVacancies})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExplainIds)->Args({kSeekers, kVacancies})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TakeView)->Args({kSeekers, kVacancies});
BENCHMARK(BM_Compact)->Args({kSeekers, kVacancies})->Unit(benchmark::kMillisecond)->Iterations(2);
// The same queries after compaction (no delta, no removed rows).
BENCHMARK(BM_QueryVacanciesForOneSeeker)
    ->Name("BM_QueryVacanciesForOneSeeker/compacted")
    ->Args({kSeekers, kVacancies})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
