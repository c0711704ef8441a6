// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// What the policy checks cost (policy_check.h), side by side with what they
// replace or sit beside:
//   * CheckPolicy(policy, vocab) against Scorer::Create on empty tables, the
//     way the engine validated a policy before;
//   * Policy::FromJson (parse, duplicate keys, UTF-8, all checks) against a
//     bare nlohmann-json parse of the same text, what a user would otherwise
//     call;
//   * CheckPolicy against Scorer::Create on the default demo city
//     (20,000 x 4,000), which runs it once per scorer.
// Policies: the shipped default (11 rules) and a large one (64 rules over
// 8 industries, kinds, schedules, months thresholds: the protected-group
// check's worst realistic case).
//
//   build/bench/bench_policy --benchmark_counters_tabular=true
#include <cstdlib>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/policy/policy_check.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/synth/generator.h"
#include "nlohmann/json.hpp"

namespace {

using jobmatch::Policy;

// 64 rules: every built-in group (protected ones included in every rule
// that reaches another group, so the policy passes), 8 industries, kinds,
// vacancy and seeker schedules, 8 months thresholds.
Policy LargePolicy() {
  std::mt19937_64 rng(42);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Policy p = Policy::Default();
  p.rules.clear();
  p.max_total_boost = 0.5f;
  for (int r = 0; r < 64; ++r) {
    jobmatch::PriorityRule rule;
    rule.name = absl::StrCat("rule", r);
    rule.weight = 0.01f * uni(1, 10);
    rule.groups = {std::string(jobmatch::kBuiltinGroups[uni(0, 6)]), "disabled", "older_worker"};
    if (uni(0, 3) == 0) rule.min_months_unemployed = 3 * uni(1, 8);
    if (uni(0, 3) == 0) rule.seeker_schedules = {static_cast<jobmatch::Schedule>(uni(0, 3))};
    if (uni(0, 2) == 0) rule.kinds = {static_cast<jobmatch::VacancyKind>(uni(0, 3))};
    if (uni(0, 2) == 0) rule.schedules = {static_cast<jobmatch::Schedule>(uni(0, 2))};
    if (uni(0, 2) == 0) {
      for (int i = 0; i < 8; ++i) {
        if (uni(0, 1)) rule.industries.push_back(absl::StrCat("industry", i));
      }
    }
    p.rules.push_back(rule);
  }
  return p;
}

const Policy& GetPolicy(int which) {
  static const Policy d = Policy::Default();
  static const Policy l = LargePolicy();
  return which == 0 ? d : l;
}

jobmatch::Vocabulary VocabFor() {
  jobmatch::Vocabulary v;
  for (int i = 0; i < 8; ++i) v.AddIndustry(absl::StrCat("industry", i));
  return v;
}

void SetLabel(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "default (11 rules)" : "large (64 rules)");
}

void BM_CheckPolicy(benchmark::State& state) {
  const Policy& p = GetPolicy(static_cast<int>(state.range(0)));
  if (!jobmatch::CheckPolicy(p).ok()) std::abort();
  for (auto _ : state) benchmark::DoNotOptimize(jobmatch::CheckPolicy(p));
  SetLabel(state);
}
BENCHMARK(BM_CheckPolicy)->Arg(0)->Arg(1);

// The worst the protected-group check accepts: 64 rules with distinct months
// thresholds (65 seeker situations) and industries each listed by its own
// triple of rules, about 15,000 of them: close to kMaxFairnessSituations
// combinations, every one evaluated.
void BM_CheckPolicyNearTheSituationLimit(benchmark::State& state) {
  static const Policy p = [] {
    Policy q;
    q.max_total_boost = 1.0f;
    for (int r = 0; r < 64; ++r) {
      jobmatch::PriorityRule rule;
      rule.name = absl::StrCat("r", r);
      rule.weight = 0.01f;
      rule.groups = {std::string(jobmatch::kBuiltinGroups[r % 7]), "disabled", "older_worker"};
      rule.min_months_unemployed = r;
      q.rules.push_back(rule);
    }
    int n = 0;
    for (int a = 0; a < 64 && n < 15000; ++a) {
      for (int b = a + 1; b < 64 && n < 15000; ++b) {
        for (int c = b + 1; c < 64 && n < 15000; ++c) {
          const std::string name = absl::StrCat("i", n++);
          for (int r : {a, b, c}) q.rules[r].industries.push_back(name);
        }
      }
    }
    return q;
  }();
  if (!jobmatch::CheckPolicy(p).ok()) std::abort();
  for (auto _ : state) benchmark::DoNotOptimize(jobmatch::CheckPolicy(p));
  state.SetLabel("64 rules, 15000 industries");
}
BENCHMARK(BM_CheckPolicyNearTheSituationLimit)->Unit(benchmark::kMillisecond);

void BM_CheckPolicyWithVocabulary(benchmark::State& state) {
  const Policy& p = GetPolicy(static_cast<int>(state.range(0)));
  const jobmatch::Vocabulary vocab = VocabFor();
  for (auto _ : state) benchmark::DoNotOptimize(jobmatch::CheckPolicy(p, vocab));
  SetLabel(state);
}
BENCHMARK(BM_CheckPolicyWithVocabulary)->Arg(0)->Arg(1);

// The engine's former validation: a Scorer over empty tables. (Today it
// runs CheckPolicy too, so this is an upper bound of the old cost plus the
// new check; the difference to the benchmark above is the Scorer's part.)
void BM_ScorerCreateOnEmptyTables(benchmark::State& state) {
  const Policy& p = GetPolicy(static_cast<int>(state.range(0)));
  const jobmatch::Vocabulary vocab = VocabFor();
  const jobmatch::SeekerTable s;
  const jobmatch::VacancyTable v;
  for (auto _ : state) benchmark::DoNotOptimize(jobmatch::Scorer::Create(p, vocab, s, v));
  SetLabel(state);
}
BENCHMARK(BM_ScorerCreateOnEmptyTables)->Arg(0)->Arg(1);

void BM_FromJson(benchmark::State& state) {
  const std::string text = GetPolicy(static_cast<int>(state.range(0))).ToJson();
  for (auto _ : state) benchmark::DoNotOptimize(Policy::FromJson(text, "p.json"));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  SetLabel(state);
}
BENCHMARK(BM_FromJson)->Arg(0)->Arg(1);

void BM_NlohmannParseOnly(benchmark::State& state) {
  const std::string text = GetPolicy(static_cast<int>(state.range(0))).ToJson();
  for (auto _ : state) {
    benchmark::DoNotOptimize(nlohmann::ordered_json::parse(text, nullptr, true, true));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  SetLabel(state);
}
BENCHMARK(BM_NlohmannParseOnly)->Arg(0)->Arg(1);

// The default demo city (jobmatch generate): the scorer that runs the check.
void BM_ScorerCreateDemoCity(benchmark::State& state) {
  static jobmatch::City* city = [] {
    auto c = jobmatch::GenerateCity(jobmatch::CityConfig{});
    if (!c.ok()) std::abort();
    return new jobmatch::City(*std::move(c));
  }();
  static jobmatch::SeekerTable* s = [] {
    auto* t = new jobmatch::SeekerTable;
    if (!t->Append(city->seekers, city->vocab).ok()) std::abort();
    return t;
  }();
  static jobmatch::VacancyTable* v = [] {
    auto* t = new jobmatch::VacancyTable;
    if (!t->Append(city->vacancies, city->vocab).ok()) std::abort();
    return t;
  }();
  const Policy& p = Policy::Default();
  for (auto _ : state) benchmark::DoNotOptimize(jobmatch::Scorer::Create(p, city->vocab, *s, *v));
  state.SetLabel(absl::StrCat(city->seekers.size(), " x ", city->vacancies.size(), ", default"));
}
BENCHMARK(BM_ScorerCreateDemoCity)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
