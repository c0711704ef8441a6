// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Loaders stay near-linear on valid rows at the documented limits (issue 10,
// class 9: one row with 100k preferred industries or requirements took
// 2.96 s when each item was checked against the row's earlier items by a
// linear scan). One CSV row whose list cell holds N items — a seeker's
// skills, a seeker's preferred industries, a vacancy's requirements — parsed
// with ParseSeekersCsv / ParseVacanciesCsv, for N = 12.5k ... 100k (100k
// items of 8-10 bytes stay under CsvLimits::max_field_bytes, 1 MiB). Google
// Benchmark fits the complexity: "BigO" near N (and a small RMS) is linear.
//
//   build/bench/bench_long_lists --benchmark_counters_tabular=true
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/io/csv.h"

namespace jobmatch {
namespace {

constexpr char kSeekerHeader[] = "id,lat,lon,skills,preferred_industries\n";
constexpr char kVacancyHeader[] = "id,lat,lon,requirements\n";

// Short distinct names: "n" + the number in base 36 (at most 4 digits here).
std::string Name(int64_t i) {
  std::string s = "n";
  do {
    s.push_back("0123456789abcdefghijklmnopqrstuvwxyz"[i % 36]);
    i /= 36;
  } while (i > 0);
  return s;
}

// A vocabulary that knows N skills and N industries.
Vocabulary KnownNames(int64_t n) {
  Vocabulary v;
  for (int64_t i = 0; i < n; ++i) {
    v.AddSkill(Name(i));
    v.AddIndustry(Name(i));
  }
  return v;
}

enum class Column { kSkills, kIndustries, kRequirements };

std::string OneRow(Column c, int64_t n) {
  std::string cell;
  cell.reserve(static_cast<size_t>(n) * 10);
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0) cell.push_back(';');
    cell += Name(i);
    if (c == Column::kSkills) cell += ":3";
    if (c == Column::kRequirements) cell += ":3:1";
  }
  switch (c) {
    case Column::kSkills:
      return absl::StrCat(kSeekerHeader, "S1,36.1,120.4,", cell, ",\n");
    case Column::kIndustries:
      return absl::StrCat(kSeekerHeader, "S1,36.1,120.4,,", cell, "\n");
    case Column::kRequirements:
      return absl::StrCat(kVacancyHeader, "V1,36.1,120.4,", cell, "\n");
  }
  return {};
}

void BM_OneLongList(benchmark::State& state, Column c) {
  const int64_t n = state.range(0);
  const Vocabulary known = KnownNames(n);
  const std::string text = OneRow(c, n);
  for (auto _ : state) {
    // The parser may add names: every iteration starts from the same
    // vocabulary, copied outside the timed part.
    state.PauseTiming();
    Vocabulary v = known;
    state.ResumeTiming();
    bool ok = false;
    if (c == Column::kRequirements) {
      auto rows = ParseVacanciesCsv(text, "vacancies.csv", v);
      ok = rows.ok() && rows->size() == 1 && rows->front().requirements.size() == size_t(n);
    } else {
      auto rows = ParseSeekersCsv(text, "seekers.csv", v);
      ok = rows.ok() && rows->size() == 1 &&
           (c == Column::kSkills ? rows->front().skills.size()
                                 : rows->front().preferred_industries.size()) == size_t(n);
    }
    if (!ok) {
      state.SkipWithError("the row was not parsed in full");
      break;
    }
  }
  state.SetComplexityN(n);
  state.counters["items"] = static_cast<double>(n);
  state.counters["bytes"] = static_cast<double>(text.size());
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {12500, 25000, 50000, 100000}) b->Arg(n);
  b->Complexity(benchmark::oN)->Unit(benchmark::kMillisecond);
}

BENCHMARK_CAPTURE(BM_OneLongList, skills, Column::kSkills)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_OneLongList, preferred_industries, Column::kIndustries)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_OneLongList, requirements, Column::kRequirements)->Apply(Sizes);

}  // namespace
}  // namespace jobmatch

BENCHMARK_MAIN();
