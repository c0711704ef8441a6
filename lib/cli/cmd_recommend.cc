// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch recommend`: exact top-k lists in either direction, as CSV;
// optionally the congestion report or capacity-aware re-ranking.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/malloc_huge_pages.h"
#include "cli/number_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/threads.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/matching/congestion.h"
#include "jobmatch/report/results_csv.h"
#include "jobmatch/search/topk.h"

namespace jobmatch::cli {
namespace {

struct RecommendOpts {
  DataPaths paths;
  std::string direction = "vacancies";
  int k = 10;
  int threads = 0;
  bool explain = false;
  std::string out = "-";
  std::string ids;
  std::string stats_json;
  bool congestion = false;
  bool capacity_aware = false;
  double congestion_factor = 2.0;
  int rerank_candidates = 0;
  int64_t memory_budget = 0;
  bool exhaustive = false;
  ProgressOpts progress;
};

struct Timings {
  double load = 0, index = 0, topk = 0, write = 0;
};

void PrintCongestion(const char* title, const CongestionReport& r, double factor) {
  std::cerr << absl::StrFormat(
      "%s: %d vacancies over-subscribed (on more than %.3g x openings lists; max %.1f x); "
      "%.1f%% of seekers have a vacancy that is not over-subscribed in their list\n",
      title, r.oversubscribed_vacancies, factor, r.max_ratio, 100.0 * r.share_with_uncongested);
}

// --ids: rows to answer, in the order given.
absl::Status ResolveIds(const RecommendOpts& o, const Dataset& d, Direction dir, TopKOptions& opt) {
  for (absl::string_view id : absl::StrSplit(o.ids, ',', absl::SkipWhitespace())) {
    const std::string sid(id);
    auto row =
        dir == Direction::kVacanciesForSeekers ? d.seekers().Find(sid) : d.vacancies().Find(sid);
    if (!row) return absl::NotFoundError("--ids: unknown id '" + sid + "'");
    opt.rows.push_back(*row);
  }
  return absl::OkStatus();
}

absl::StatusOr<TopKResult> CapacityAware(const RecommendOpts& o, const Scorer& scorer,
                                         Direction dir, const TopKOptions& opt) {
  if (dir != Direction::kVacanciesForSeekers || !opt.rows.empty()) {
    return absl::InvalidArgumentError(
        "--capacity-aware re-ranks the lists of all seekers (--direction vacancies, no --ids)");
  }
  RerankOptions ro;
  ro.k = o.k;
  ro.num_threads = o.threads;
  ro.congestion.factor = o.congestion_factor;
  ro.candidates = o.rerank_candidates;
  ro.progress = opt.progress;
  ro.memory_budget_bytes = o.memory_budget;
  ro.exhaustive = o.exhaustive;
  auto rr = CapacityAwareRecommendations(scorer, ro);
  if (!rr.ok()) return rr.status();
  if (!o.progress.quiet) {
    PrintCongestion("congestion, plain ranking", rr->before, o.congestion_factor);
    PrintCongestion("congestion, capacity-aware", rr->after, o.congestion_factor);
  }
  return std::move(rr->lists);
}

absl::StatusOr<TopKResult> Lists(const RecommendOpts& o, const Dataset& d, const Scorer& scorer,
                                 Direction dir, const TopKOptions& opt) {
  if (o.capacity_aware) return CapacityAware(o, scorer, dir, opt);
  auto res = TopK(scorer, dir, opt);
  if (!res.ok() || !o.congestion) return res;
  if (dir != Direction::kVacanciesForSeekers) {
    return absl::InvalidArgumentError("--congestion reports on lists of vacancies for seekers");
  }
  CongestionOptions co;
  co.factor = o.congestion_factor;
  auto rep = AnalyseCongestion(*res, d.vacancies(), co);
  if (!rep.ok()) return rep.status();
  PrintCongestion("congestion", *rep, o.congestion_factor);
  return res;
}

absl::Status ReportTimings(const RecommendOpts& o, const TopKResult& res, int64_t other,
                           const Timings& t) {
  const double pairs = static_cast<double>(res.rows) * static_cast<double>(other);
  const int threads = ResolveThreadCount(o.threads);
  if (!o.progress.quiet) {
    std::cerr << absl::StrFormat(
        "recommend: %d rows x %d candidates = %.3g pairs in %.3f s (%.1f M pairs/s, %d threads); "
        "load %.2f s, index %.2f s, write %.2f s\n",
        res.rows, other, pairs, t.topk, pairs / t.topk / 1e6, threads, t.load, t.index, t.write);
  }
  if (o.stats_json.empty()) return absl::OkStatus();
  FileWriteOptions wo;  // timings only: 0644; /dev/stdout or a pipe written in place
  wo.non_regular = NonRegularTarget::kWriteInPlace;
  return WriteFileAtomically(
      o.stats_json,
      absl::StrFormat(
          "{\"rows\": %d, \"candidates\": %d, \"k\": %d, \"threads\": %d, \"pairs\": %.0f, "
          "\"load_seconds\": %.6f, \"index_seconds\": %.6f, \"topk_seconds\": %.6f, "
          "\"write_seconds\": %.6f, \"pairs_per_second\": %.1f, \"malloc_huge_pages\": %s}\n",
          res.rows, other, o.k, threads, pairs, t.load, t.index, t.topk, t.write, pairs / t.topk,
          HugeTlbRequested(std::getenv("GLIBC_TUNABLES")) ? "true" : "false"),
      wo);
}

int RunRecommend(const RecommendOpts& o) {
  Timings t;
  const auto t0 = Clock::now();
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  const Dataset& d = **data;
  t.load = Seconds(t0);
  const auto t1 = Clock::now();
  auto scorer = Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  t.index = Seconds(t1);
  const Direction dir =
      o.direction == "seekers" ? Direction::kSeekersForVacancies : Direction::kVacanciesForSeekers;
  TopKOptions opt;
  opt.k = o.k;
  opt.num_threads = o.threads;
  opt.memory_budget_bytes = o.memory_budget;
  opt.exhaustive = o.exhaustive;
  if (auto s = ResolveIds(o, d, dir, opt); !s.ok()) return Fail(s);
  opt.progress = MakeProgress("recommend", o.progress);
  const auto t2 = Clock::now();
  auto res = Lists(o, d, *scorer, dir, opt);
  if (!res.ok()) return Fail(res.status());
  t.topk = Seconds(t2);
  const auto t3 = Clock::now();
  if (o.out == "-") {
    Print(RecommendationsToCsv(*res, *scorer, o.explain));
  } else if (auto s = WriteRecommendationsCsv(o.out, *res, *scorer, o.explain); !s.ok()) {
    return Fail(s);
  }
  t.write = Seconds(t3);
  const int64_t other =
      dir == Direction::kVacanciesForSeekers ? d.vacancies().size() : d.seekers().size();
  if (auto s = ReportTimings(o, *res, other, t); !s.ok()) return Fail(s);
  return kExitOk;
}

void AddOptions(CLI::App* r, RecommendOpts& o) {
  o.paths.Add(r);
  r->add_option(
       "--direction", o.direction,
       "'vacancies': best vacancies for each seeker; 'seekers': best seekers for each vacancy")
      ->check(CLI::IsMember({"vacancies", "seekers"}))
      ->capture_default_str();
  AddNumberOption(r, "-k,--k", o.k, "List length", IntegerIn(1, 100000), /*show_default=*/true);
  AddNumberOption(r, "--threads", o.threads, "Worker threads (0 = all cores)",
                  NonNegativeInteger());
  r->add_flag("--explain", o.explain,
              "Add one column per score component, boost, distance and rules");
  r->add_option("--out,-o", o.out, "Output CSV ('-' = stdout)")->capture_default_str();
  r->add_option(
      "--ids", o.ids,
      "Comma-separated ids to answer (seeker ids, or vacancy ids with --direction seekers)");
  r->add_option("--stats-json", o.stats_json, "Write timings as JSON to this file");
  r->add_flag("--congestion", o.congestion,
              "Report how many lists each vacancy is on against its openings (stderr)");
  r->add_flag("--capacity-aware", o.capacity_aware,
              "Re-rank to spread seekers over vacancies that are not over-subscribed");
  AddNumberOption(r, "--rerank-candidates", o.rerank_candidates,
                  "With --capacity-aware: candidates per seeker to choose from (0 = 3 x k)",
                  NonNegativeInteger());
  AddNumberOption(r, "--congestion-factor", o.congestion_factor,
                  "Over-subscribed: on more than this many lists per opening", Positive(),
                  /*show_default=*/true);
  r->add_flag("--exhaustive", o.exhaustive,
              "Score every pair instead of the pruned search (same result; the oracle and "
              "the baseline of benchmarks)");
  AddProgressOptions(r, o.progress);
  AddMemoryBudgetOption(r, o.memory_budget);
}

}  // namespace

std::vector<Command> AddRecommendCommand(CLI::App& app) {
  auto o = std::make_shared<RecommendOpts>();
  auto* r =
      app.add_subcommand("recommend", "Exact top-k recommendations in either direction, as CSV");
  AddOptions(r, *o);
  return {{r, [o] { return RunRecommend(*o); }}};
}

}  // namespace jobmatch::cli
