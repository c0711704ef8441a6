// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Allocation by independent regions: the single solve over the whole
// candidate graph against the split solve (its connected components solved
// apart) on 1 and 2 threads. The three give identical allocations
// (tests/components_test.cc, tests/allocation_test.cc); this measures what
// splitting costs or saves.
//
//   build/bench/bench_regions --benchmark_counters_tabular=true
//
// * BM_RegionsAssign: SolveAssignment on the district-confined graph of
//   bench_graphs.h (100k seekers x 20k vacancies, 60k openings, 30 edges per
//   seeker, 100 districts: 100 components), score objective, cardinality
//   first, and household coverage (households of two seekers of a district).
// * BM_RegionsStable: SolveStableMatching (seekers propose) on the same graph.
// * BM_RegionsAllocate: Allocate end to end (candidate top-k included) on
//   eight copies of the synthetic city (10k seekers, 2k vacancies each) set
//   side by side 150 km apart, with no remote work: about eight regions;
//   2 threads, single solve (split 0) or split (split 1).
//
// mode: 0 = single solve, 1 = split on 1 thread, 2 = split on 2 threads.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/matching/stable_matching.h"
#include "jobmatch/synth/generator.h"
#include "matching/bench_graphs.h"

namespace {

using jobmatch::bench::Graph;

const Graph& Districts() {
  static const Graph g = jobmatch::bench::DistrictGraph(100000, 20000, 60000, 30, 100, 1);
  return g;
}

void SetMode(int64_t mode, bool& split, int& threads) {
  split = mode != 0;
  threads = mode == 2 ? 2 : 1;
}

void BM_RegionsAssign(benchmark::State& state) {
  const Graph& g = Districts();
  jobmatch::AssignmentOptions o;
  SetMode(state.range(0), o.split_components, o.num_threads);
  const int64_t what = state.range(1);
  o.objective = what == 1 ? jobmatch::AssignmentObjective::kMaxCardinalityThenWeight
                          : jobmatch::AssignmentObjective::kMaxWeight;
  if (what == 2) {
    // Rows r and r + 100 are in the same district: households of two.
    o.cover_groups = true;
    o.row_group.resize(g.rows);
    for (int64_t r = 0; r < g.rows; ++r) o.row_group[r] = (r / 200) * 100 + r % 100;
  }
  double total = 0;
  int64_t placed = 0;
  for (auto _ : state) {
    auto a = jobmatch::SolveAssignment(g.rows, g.capacity, g.edges, o);
    if (!a.ok()) {
      state.SkipWithError(std::string(a.status().message()).c_str());
      return;
    }
    total = a->total_weight;
    placed = a->cardinality;
  }
  state.counters["edges"] = static_cast<double>(g.edges.size());
  state.counters["placed"] = static_cast<double>(placed);
  state.counters["total_weight"] = total;
}
BENCHMARK(BM_RegionsAssign)
    ->ArgsProduct({{0, 1, 2}, {0, 1, 2}})
    ->ArgNames({"mode", "objective"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_RegionsStable(benchmark::State& state) {
  const Graph& g = Districts();
  jobmatch::StableMatchingOptions o;
  SetMode(state.range(0), o.split_components, o.num_threads);
  int64_t placed = 0;
  for (auto _ : state) {
    auto a = jobmatch::SolveStableMatching(g.rows, g.capacity, g.edges, o);
    if (!a.ok()) {
      state.SkipWithError(std::string(a.status().message()).c_str());
      return;
    }
    placed = a->cardinality;
  }
  state.counters["placed"] = static_cast<double>(placed);
}
BENCHMARK(BM_RegionsStable)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("mode")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

// Eight copies of one synthetic city, 150 km apart (no commute reaches the
// next one), with remote work switched off so that cities stay apart.
struct Towns {
  jobmatch::Vocabulary vocab;
  jobmatch::SeekerTable seekers;
  jobmatch::VacancyTable vacancies;
};

const Towns& EightCities() {
  static const Towns* t = [] {
    auto* out = new Towns;
    jobmatch::CityConfig cfg;
    cfg.num_seekers = 10000;
    cfg.num_vacancies = 2000;
    auto city = jobmatch::GenerateCity(cfg);
    if (!city.ok()) std::abort();
    out->vocab = city->vocab;
    std::vector<jobmatch::Seeker> s;
    std::vector<jobmatch::Vacancy> v;
    for (int k = 0; k < 8; ++k) {
      for (jobmatch::Seeker x : city->seekers) {
        x.id = absl::StrCat(x.id, "_", k);
        if (!x.household_id.empty()) x.household_id = absl::StrCat(x.household_id, "_", k);
        x.lat += 1.35 * k;
        x.accepts_remote = false;
        s.push_back(std::move(x));
      }
      for (jobmatch::Vacancy x : city->vacancies) {
        x.id = absl::StrCat(x.id, "_", k);
        x.lat += 1.35 * k;
        x.remote = false;
        v.push_back(std::move(x));
      }
    }
    if (!out->seekers.Append(s, out->vocab).ok() || !out->vacancies.Append(v, out->vocab).ok())
      std::abort();
    return out;
  }();
  return *t;
}

void BM_RegionsAllocate(benchmark::State& state) {
  const Towns& t = EightCities();
  auto scorer =
      jobmatch::Scorer::Create(jobmatch::Policy::Default(), t.vocab, t.seekers, t.vacancies);
  if (!scorer.ok()) {
    state.SkipWithError(std::string(scorer.status().message()).c_str());
    return;
  }
  jobmatch::AllocationOptions o;
  o.split_components = state.range(0) != 0;
  o.num_threads = 2;  // the candidate top-k and (split) the regions on both cores
  o.household_coverage = state.range(1) != 0;
  double total = 0;
  for (auto _ : state) {
    auto r = jobmatch::Allocate(*scorer, o);
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    total = r->total_score;
  }
  state.counters["total_score"] = total;
}
BENCHMARK(BM_RegionsAllocate)
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->ArgNames({"split", "households"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
