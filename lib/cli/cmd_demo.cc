// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch demo`: generate a city, recommend both ways, print throughput,
// key-group coverage and an allocation summary.
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "cli/allocation_summary.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "jobmatch/analytics/coverage.h"
#include "jobmatch/base/threads.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/report/results_csv.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch::cli {
namespace {

struct DemoOpts {
  CityConfig city;
  int k = 10;
  int threads = 0;
  std::string policy;
  std::string out;
  ProgressOpts progress;
};

struct DemoLists {
  TopKResult for_seekers, for_vacancies;
};

absl::StatusOr<std::shared_ptr<const Dataset>> BuildCity(const DemoOpts& o) {
  auto city = GenerateCity(o.city);
  if (!city.ok()) return city.status();
  auto policy = LoadPolicy(o.policy);
  if (!policy.ok()) return policy.status();
  return Dataset::FromRows(std::move(city->vocab), city->seekers, city->vacancies,
                           *std::move(policy));
}

// Both directions, timed; prints the throughput table.
absl::StatusOr<DemoLists> RecommendBothWays(const DemoOpts& o, const Dataset& d,
                                            const Scorer& scorer) {
  TopKOptions opt;
  opt.k = o.k;
  opt.num_threads = o.threads;
  opt.memory_budget_bytes = o.city.memory_budget_bytes;
  const double pairs =
      static_cast<double>(d.seekers().size()) * static_cast<double>(d.vacancies().size());
  DemoLists lists;
  opt.progress = MakeProgress("vacancies for seekers", o.progress);
  auto t1 = Clock::now();
  auto for_seekers = TopVacanciesForSeekers(scorer, opt);
  if (!for_seekers.ok()) return for_seekers.status();
  const double s1 = Seconds(t1);
  opt.progress = MakeProgress("seekers for vacancies", o.progress);
  t1 = Clock::now();
  auto for_vacancies = TopSeekersForVacancies(scorer, opt);
  if (!for_vacancies.ok()) return for_vacancies.status();
  const double s2 = Seconds(t1);
  Print(absl::StrFormat("\n  %-34s %14s %9s %14s\n", "exact top-k (k=" + std::to_string(o.k) + ")",
                        "pairs covered", "seconds", "pairs/second"));
  Print(absl::StrFormat("  %-34s %14.0f %9.3f %14.3g\n", "best vacancies for each seeker", pairs,
                        s1, pairs / s1));
  Print(absl::StrFormat("  %-34s %14.0f %9.3f %14.3g\n", "best seekers for each vacancy", pairs, s2,
                        pairs / s2));
  Print(
      "  (pairs covered = rows x candidates: the lists are exact over all of them; the pruned\n"
      "   search scores only the pairs within reach that can still enter a list)\n");
  lists.for_seekers = *std::move(for_seekers);
  lists.for_vacancies = *std::move(for_vacancies);
  return lists;
}

// Key-group coverage: aggregates only (no individual is reported).
absl::Status PrintCoverage(const Dataset& d, const DemoLists& lists) {
  auto cov = KeyGroupCoverage(d.seekers(), d.vocabulary(), lists.for_seekers, lists.for_vacancies);
  if (!cov.ok()) return cov.status();
  Print(absl::StrFormat("\n  %-28s %8s %18s %20s %12s\n", "key group", "seekers",
                        "with >=1 eligible", "in a vacancy's top-k", "mean best"));
  for (const GroupCoverageRow& row : cov->rows) {
    const double m = static_cast<double>(row.seekers);
    Print(absl::StrFormat("  %-28s %8d %17.1f%% %19.1f%% %12.3f\n",
                          row.all_seekers ? "(all seekers)" : row.group, row.seekers,
                          100.0 * row.with_recommendation / m, 100.0 * row.in_vacancy_top_k / m,
                          row.best_score_sum / m));
  }
  return absl::OkStatus();
}

// Allocation: optimal, covering zero-employment households first.
absl::Status AllocateAndSummarise(const DemoOpts& o, const Scorer& scorer) {
  AllocationOptions ao;
  ao.candidates_per_seeker = 30;
  ao.num_threads = o.threads;
  ao.household_coverage = true;
  ao.memory_budget_bytes = o.city.memory_budget_bytes;
  const auto ta = Clock::now();
  auto alloc = Allocate(scorer, ao);
  if (!alloc.ok()) return alloc.status();
  Print("\n");
  return PrintAllocationSummary(*alloc, scorer, ao, Seconds(ta));
}

absl::Status WriteLists(const std::string& out, const DemoLists& lists, const Scorer& scorer) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return absl::InternalError(absl::StrFormat("%s: %s", out, ec.message()));
  const std::filesystem::path dir(out);
  if (auto s = WriteRecommendationsCsv((dir / "recommendations_for_seekers.csv").string(),
                                       lists.for_seekers, scorer, false);
      !s.ok()) {
    return s;
  }
  if (auto s = WriteRecommendationsCsv((dir / "recommendations_for_vacancies.csv").string(),
                                       lists.for_vacancies, scorer, false);
      !s.ok()) {
    return s;
  }
  Print("\n  recommendations written to " + out + "/\n");
  return absl::OkStatus();
}

int RunDemo(const DemoOpts& o) {
  Print(absl::StrFormat("jobmatch demo: synthetic city of %d seekers and %d vacancies (seed %d)\n",
                        o.city.num_seekers, o.city.num_vacancies, o.city.seed));
  const auto t0 = Clock::now();
  auto data = BuildCity(o);
  if (!data.ok()) return Fail(data.status());
  const Dataset& d = **data;
  const double gen_s = Seconds(t0);
  auto scorer = Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  const int threads = ResolveThreadCount(o.threads);
  Print(absl::StrFormat("  generated in %.2f s; policy '%s' with %d priority rule%s; %d thread%s\n",
                        gen_s, d.policy().name, d.policy().rules.size(),
                        d.policy().rules.size() == 1 ? "" : "s", threads, threads == 1 ? "" : "s"));
  auto lists = RecommendBothWays(o, d, *scorer);
  if (!lists.ok()) return Fail(lists.status());
  if (auto s = PrintCoverage(d, *lists); !s.ok()) return Fail(s);
  if (auto s = AllocateAndSummarise(o, *scorer); !s.ok()) return Fail(s);
  if (!o.out.empty()) {
    if (auto s = WriteLists(o.out, *lists, *scorer); !s.ok()) return Fail(s);
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> AddDemoCommand(CLI::App& app) {
  auto o = std::make_shared<DemoOpts>();
  auto* dm = app.add_subcommand("demo", "Generate a city, recommend both ways and print a summary");
  AddCityOptions(dm, o->city);
  AddNumberOption(dm, "-k,--k", o->k, "List length", IntegerIn(1, 1000), /*show_default=*/true);
  AddNumberOption(dm, "--threads", o->threads, "Worker threads (0 = all cores)",
                  NonNegativeInteger());
  dm->add_option("--policy", o->policy, "Policy file (JSON); default: the built-in policy");
  dm->add_option("--out,-o", o->out, "Also write the recommendation CSVs to this directory");
  AddProgressOptions(dm, o->progress);
  AddMemoryBudgetOption(dm, o->city.memory_budget_bytes);
  return {{dm, [o] { return RunDemo(*o); }}};
}

}  // namespace jobmatch::cli
