// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The `jobmatch` command-line tool. Subcommands (docs/cli.md):
//   generate   write a synthetic city as CSV
//   recommend  exact top-k in either direction, to CSV (--explain adds
//              component columns)
//   explain    one pair, human-readable
//   policy     print the default policy or check a policy file
//   demo       generate a city, recommend both ways, print a summary
//   snapshot   save | load | inspect a snapshot of the whole engine state
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "base/internal/text.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/matching/congestion.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/report/results_csv.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/snapshot/snapshot.h"
#include "jobmatch/synth/generator.h"

namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

// Checks of numeric options, used instead of CLI::Range, CLI::NonNegativeNumber
// and CLI::PositiveNumber: those print their bounds with std::to_string, so
// `--congestion-factor inf` was refused as "not in range 0.000000 to
// 179769313486231570814527423731704356798070567525844996598917476803157260…"
// (a 309-digit number), and they let NaN through. Here every number is printed
// by the library's one formatter (shortest round-trip form) and NaN is
// refused. `description` is what --help shows, the same as before.
CLI::Validator NumberIn(double lo, double hi, bool finite, std::string reason,
                        std::string description) {
  return CLI::Validator(
      [lo, hi, finite, reason](std::string& input) -> std::string {
        double v = 0.0;
        if (!CLI::detail::lexical_cast(input, v)) return "value " + input + " is not a number";
        if (std::isnan(v) || v < lo || v > hi || (finite && !std::isfinite(v))) {
          return "value " + jobmatch::internal::FormatNumber(v) + " is not " + reason;
        }
        return std::string();
      },
      std::move(description));
}
CLI::Validator NonNegative() {
  return NumberIn(0.0, std::numeric_limits<double>::infinity(), true, "a finite number >= 0",
                  "NONNEGATIVE");
}
CLI::Validator Positive() {
  return NumberIn(std::numeric_limits<double>::denorm_min(),
                  std::numeric_limits<double>::infinity(), true, "a finite number > 0", "POSITIVE");
}
CLI::Validator IntegerIn(int lo, int hi) {
  return NumberIn(lo, hi, true,
                  "in [" + jobmatch::internal::FormatNumber(static_cast<double>(lo)) + ", " +
                      jobmatch::internal::FormatNumber(static_cast<double>(hi)) + "]",
                  "INT in [" + std::to_string(lo) + " - " + std::to_string(hi) + "]");
}

// Exit codes: 0 ok, 1 bad input or failure, 2 usage (CLI11).
int Fail(const absl::Status& s) {
  std::cerr << "jobmatch: error: " << s.message() << "\n";
  return 1;
}

struct ProgressOpts {
  bool quiet = false;
  bool force = false;
};

// A progress line on stderr, redrawn in place on a terminal; on a pipe, one
// line every few seconds so logs stay short.
jobmatch::ProgressFn MakeProgress(const std::string& what, const ProgressOpts& po,
                                  const std::string& unit = "rows") {
  if (po.quiet) return {};
  const bool tty = isatty(fileno(stderr)) != 0;
  if (!tty && !po.force) return {};
  auto start = std::make_shared<Clock::time_point>(Clock::now());
  auto last = std::make_shared<double>(-10.0);
  return [what, unit, tty, start, last](int64_t done, int64_t total) {
    const double t = Seconds(*start);
    const bool finished = done >= total;
    if (!tty && !finished && t - *last < 5.0) return true;
    *last = t;
    const double pct = total > 0 ? 100.0 * static_cast<double>(done) / total : 100.0;
    const double eta = done > 0 && !finished ? t * (total - done) / done : 0.0;
    std::fprintf(stderr, "%s[%s] %5.1f%%  %lld/%lld %s  %.1f s elapsed%s%s", tty ? "\r" : "",
                 what.c_str(), pct, static_cast<long long>(done), static_cast<long long>(total),
                 unit.c_str(), t, finished ? "" : absl::StrFormat(", ~%.0f s left", eta).c_str(),
                 tty && !finished ? "   " : "\n");
    std::fflush(stderr);
    return true;
  };
}

absl::StatusOr<jobmatch::Policy> LoadPolicy(const std::string& path) {
  if (path.empty()) return jobmatch::Policy::Default();
  return jobmatch::Policy::FromFile(path);
}

struct DataPaths {
  std::string dir;
  std::string skills, seekers, vacancies;
  std::string policy;
  std::string snapshot;
  void Add(CLI::App* app, bool allow_snapshot = true) {
    auto* d =
        app->add_option("--data", dir, "Directory holding skills.csv, seekers.csv, vacancies.csv");
    auto* sk = app->add_option("--skills", skills, "skills.csv (overrides --data)");
    auto* se = app->add_option("--seekers", seekers, "seekers.csv (overrides --data)");
    auto* va = app->add_option("--vacancies", vacancies, "vacancies.csv (overrides --data)");
    app->add_option("--policy", policy,
                    allow_snapshot
                        ? "Policy file (JSON); default: the built-in policy (with --snapshot: "
                          "the snapshot's policy)"
                        : "Policy file (JSON); default: the built-in policy");
    if (allow_snapshot) {
      // A usage error (exit 2) when combined with any CSV option.
      app->add_option("--snapshot", snapshot,
                      "Load the data from this snapshot instead of CSV files")
          ->excludes(d)
          ->excludes(sk)
          ->excludes(se)
          ->excludes(va);
    }
  }
  std::string Resolve(const std::string& explicit_path, const char* name) const {
    if (!explicit_path.empty()) return explicit_path;
    return (std::filesystem::path(dir.empty() ? "." : dir) / name).string();
  }
};

// The data of a subcommand: a snapshot (with --policy replacing its policy)
// or the three CSV files under the policy.
absl::StatusOr<std::shared_ptr<const jobmatch::Dataset>> LoadData(const DataPaths& paths) {
  if (!paths.snapshot.empty()) {
    auto data = jobmatch::LoadSnapshot(paths.snapshot);
    if (!data.ok() || paths.policy.empty()) return data;
    auto policy = jobmatch::Policy::FromFile(paths.policy);
    if (!policy.ok()) return policy.status();
    return (*data)->WithPolicy(*std::move(policy));
  }
  auto policy = LoadPolicy(paths.policy);
  if (!policy.ok()) return policy.status();
  return jobmatch::Dataset::LoadCsv(
      jobmatch::Dataset::CsvFiles{paths.Resolve(paths.skills, "skills.csv"),
                                  paths.Resolve(paths.seekers, "seekers.csv"),
                                  paths.Resolve(paths.vacancies, "vacancies.csv")},
      *std::move(policy));
}

jobmatch::Direction ParseDirection(const std::string& s) {
  return s == "seekers" ? jobmatch::Direction::kSeekersForVacancies
                        : jobmatch::Direction::kVacanciesForSeekers;
}

// ------------------------------------------------------------- generate

struct GenerateOpts {
  jobmatch::CityConfig city;
  std::string out = "data";
};

int RunGenerate(const GenerateOpts& o) {
  const auto t0 = Clock::now();
  auto city = jobmatch::GenerateCity(o.city);
  if (!city.ok()) return Fail(city.status());
  jobmatch::SeekerTable seekers;
  jobmatch::VacancyTable vacancies;
  if (auto s = seekers.Append(city->seekers, city->vocab); !s.ok()) return Fail(s);
  if (auto s = vacancies.Append(city->vacancies, city->vocab); !s.ok()) return Fail(s);
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) return Fail(absl::InternalError(absl::StrFormat("%s: %s", o.out, ec.message())));
  const std::filesystem::path dir(o.out);
  if (auto s = jobmatch::WriteSkillsCsv((dir / "skills.csv").string(), city->vocab); !s.ok())
    return Fail(s);
  if (auto s = jobmatch::WriteSeekersCsv((dir / "seekers.csv").string(), seekers, city->vocab);
      !s.ok()) {
    return Fail(s);
  }
  if (auto s =
          jobmatch::WriteVacanciesCsv((dir / "vacancies.csv").string(), vacancies, city->vocab);
      !s.ok()) {
    return Fail(s);
  }
  std::cerr << absl::StrFormat(
      "generated %d seekers, %d vacancies (%d openings), %d skills, %d industries into %s/ in %.2f "
      "s\n",
      seekers.size(), vacancies.size(), vacancies.total_openings(), city->vocab.skills().size(),
      city->vocab.industries().size(), o.out, Seconds(t0));
  return 0;
}

// ------------------------------------------------------------ recommend

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
  ProgressOpts progress;
};

void PrintCongestion(const char* title, const jobmatch::CongestionReport& r, double factor) {
  std::cerr << absl::StrFormat(
      "%s: %d vacancies over-subscribed (on more than %.3g x openings lists; max %.1f x); "
      "%.1f%% of seekers have a vacancy that is not over-subscribed in their list\n",
      title, r.oversubscribed_vacancies, factor, r.max_ratio, 100.0 * r.share_with_uncongested);
}

int RunRecommend(const RecommendOpts& o) {
  const auto t0 = Clock::now();
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  const double load_s = Seconds(t0);
  const auto t1 = Clock::now();
  auto scorer = jobmatch::Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  const double index_s = Seconds(t1);
  const jobmatch::Direction dir = ParseDirection(o.direction);
  jobmatch::TopKOptions opt;
  opt.k = o.k;
  opt.num_threads = o.threads;
  if (!o.ids.empty()) {
    for (absl::string_view id : absl::StrSplit(o.ids, ',', absl::SkipWhitespace())) {
      const std::string sid(id);
      auto row = dir == jobmatch::Direction::kVacanciesForSeekers ? (*data)->seekers().Find(sid)
                                                                  : (*data)->vacancies().Find(sid);
      if (!row) return Fail(absl::NotFoundError("--ids: unknown id '" + sid + "'"));
      opt.rows.push_back(*row);
    }
  }
  opt.progress = MakeProgress("recommend", o.progress);
  const auto t2 = Clock::now();
  absl::StatusOr<jobmatch::TopKResult> res;
  if (o.capacity_aware) {
    if (dir != jobmatch::Direction::kVacanciesForSeekers || !opt.rows.empty()) {
      return Fail(absl::InvalidArgumentError(
          "--capacity-aware re-ranks the lists of all seekers (--direction vacancies, no --ids)"));
    }
    jobmatch::RerankOptions ro;
    ro.k = o.k;
    ro.num_threads = o.threads;
    ro.congestion.factor = o.congestion_factor;
    ro.candidates = o.rerank_candidates;
    ro.progress = opt.progress;
    auto rr = jobmatch::CapacityAwareRecommendations(*scorer, ro);
    if (!rr.ok()) return Fail(rr.status());
    if (!o.progress.quiet) {
      PrintCongestion("congestion, plain ranking", rr->before, o.congestion_factor);
      PrintCongestion("congestion, capacity-aware", rr->after, o.congestion_factor);
    }
    res = std::move(rr->lists);
  } else {
    res = jobmatch::TopK(*scorer, dir, opt);
    if (!res.ok()) return Fail(res.status());
    if (o.congestion) {
      if (dir != jobmatch::Direction::kVacanciesForSeekers) {
        return Fail(
            absl::InvalidArgumentError("--congestion reports on lists of vacancies for seekers"));
      }
      jobmatch::CongestionOptions co;
      co.factor = o.congestion_factor;
      auto rep = jobmatch::AnalyseCongestion(*res, (*data)->vacancies(), co);
      if (!rep.ok()) return Fail(rep.status());
      PrintCongestion("congestion", *rep, o.congestion_factor);
    }
  }
  const double topk_s = Seconds(t2);
  const auto t3 = Clock::now();
  if (o.out == "-") {
    std::cout << jobmatch::RecommendationsToCsv(*res, *scorer, o.explain);
  } else if (auto s = jobmatch::WriteRecommendationsCsv(o.out, *res, *scorer, o.explain); !s.ok()) {
    return Fail(s);
  }
  const double write_s = Seconds(t3);
  const int64_t other = dir == jobmatch::Direction::kVacanciesForSeekers
                            ? (*data)->vacancies().size()
                            : (*data)->seekers().size();
  const double pairs = static_cast<double>(res->rows) * static_cast<double>(other);
  const int threads =
      o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (!o.progress.quiet) {
    std::cerr << absl::StrFormat(
        "recommend: %d rows x %d candidates = %.3g pairs in %.3f s (%.1f M pairs/s, %d threads); "
        "load %.2f s, index %.2f s, write %.2f s\n",
        res->rows, other, pairs, topk_s, pairs / topk_s / 1e6, threads, load_s, index_s, write_s);
  }
  if (!o.stats_json.empty()) {
    std::ofstream js(o.stats_json);
    js << absl::StrFormat(
        "{\"rows\": %d, \"candidates\": %d, \"k\": %d, \"threads\": %d, \"pairs\": %.0f, "
        "\"load_seconds\": %.6f, \"index_seconds\": %.6f, \"topk_seconds\": %.6f, "
        "\"write_seconds\": %.6f, \"pairs_per_second\": %.1f}\n",
        res->rows, other, o.k, threads, pairs, load_s, index_s, topk_s, write_s, pairs / topk_s);
    if (!js) return Fail(absl::InternalError("cannot write " + o.stats_json));
  }
  return 0;
}

// -------------------------------------------------------------- explain

struct ExplainOpts {
  DataPaths paths;
  std::string seeker, vacancy;
};

int RunExplain(const ExplainOpts& o) {
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  auto scorer = jobmatch::Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  auto s = (*data)->seekers().Find(o.seeker);
  if (!s) return Fail(absl::NotFoundError("unknown seeker id '" + o.seeker + "'"));
  auto v = (*data)->vacancies().Find(o.vacancy);
  if (!v) return Fail(absl::NotFoundError("unknown vacancy id '" + o.vacancy + "'"));
  std::cout << scorer->Explain(*s, *v).ToString((*data)->seekers(), (*data)->vacancies());
  return 0;
}

// --------------------------------------------------------------- policy

int RunPolicy(const std::string& check) {
  if (check.empty()) {
    std::cout << jobmatch::Policy::Default().ToJson();
    return 0;
  }
  auto p = jobmatch::Policy::FromFile(check);
  if (!p.ok()) return Fail(p.status());
  std::cout << absl::StrFormat("%s: ok (policy '%s', %d priority rules, %d kind restrictions)\n",
                               check, p->name, p->rules.size(),
                               p->eligibility.kind_restrictions.size());
  return 0;
}

// ------------------------------------------------------------- allocate

struct AllocateOpts {
  DataPaths paths;
  std::string method = "optimal";
  std::string objective = "score";
  std::string proposer = "seekers";
  int candidates = 30;
  double min_score = -INFINITY;
  bool households = false;
  std::vector<std::string> quotas;
  int threads = 0;
  std::string out = "allocation.csv";
  std::string vacancies_out;
  ProgressOpts progress;
};

// --quota GROUP[+GROUP...]:SHARE[:KIND[+KIND...]]
absl::StatusOr<jobmatch::QuotaRule> ParseQuota(const std::string& spec, int n) {
  std::vector<std::string> parts = absl::StrSplit(spec, ':');
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError("--quota '" + spec + "': " + why +
                                      " (expected GROUP[+GROUP]:SHARE[:KIND[+KIND]])");
  };
  if (parts.size() < 2 || parts.size() > 3) return bad("wrong number of ':' fields");
  jobmatch::QuotaRule q;
  q.name = absl::StrCat("cli_quota_", n);
  for (absl::string_view g : absl::StrSplit(parts[0], '+', absl::SkipEmpty()))
    q.groups.emplace_back(g);
  if (q.groups.empty()) return bad("no group");
  char* end = nullptr;
  const double share = std::strtod(parts[1].c_str(), &end);
  if (end == parts[1].c_str() || *end != '\0' || !(share >= 0.0 && share <= 1.0)) {
    return bad("share must be a number in [0, 1]");
  }
  q.share = static_cast<float>(share);
  if (parts.size() == 3) {
    for (absl::string_view k : absl::StrSplit(parts[2], '+', absl::SkipEmpty())) {
      auto kind = jobmatch::ParseVacancyKind(std::string_view(k.data(), k.size()));
      if (!kind) return bad("unknown kind '" + std::string(k) + "'");
      q.kinds.push_back(*kind);
    }
  }
  return q;
}

jobmatch::AllocationOptions ToOptions(const AllocateOpts& o) {
  jobmatch::AllocationOptions a;
  a.method = o.method == "stable" ? jobmatch::AllocationMethod::kStable
                                  : jobmatch::AllocationMethod::kOptimal;
  a.objective = o.objective == "cardinality"
                    ? jobmatch::AssignmentObjective::kMaxCardinalityThenWeight
                    : jobmatch::AssignmentObjective::kMaxWeight;
  a.proposer = o.proposer == "vacancies" ? jobmatch::Proposer::kColumns : jobmatch::Proposer::kRows;
  a.candidates_per_seeker = o.candidates;
  a.min_score = static_cast<float>(o.min_score);
  a.household_coverage = o.households;
  a.num_threads = o.threads;
  a.progress = MakeProgress("candidates", o.progress);
  return a;
}

// Aggregates only: counts per key group, never an individual's membership.
void PrintAllocationSummary(const jobmatch::AllocationResult& r, const jobmatch::Scorer& scorer,
                            const jobmatch::AllocationOptions& o, double seconds) {
  const auto& seekers = scorer.seekers();
  const int64_t ns = seekers.size();
  std::cout << absl::StrFormat(
      "  %s allocation over %d candidate pairs in %.2f s\n"
      "  placed %d of %d seekers (%.1f%%); openings filled %d of %d (%.1f%%); total score %.3f\n",
      o.method == jobmatch::AllocationMethod::kOptimal ? "optimal" : "stable", r.candidate_edges,
      seconds, r.placed, ns, ns ? 100.0 * r.placed / ns : 0.0, r.placed, r.total_openings,
      r.total_openings ? 100.0 * r.placed / r.total_openings : 0.0, r.total_score);
  if (r.households > 0) {
    std::cout << absl::StrFormat("  zero-employment households with a member placed: %d of %d",
                                 r.households_covered, r.households);
    if (o.household_coverage) {
      std::cout << absl::StrFormat(" (without coverage: %d; price in total score: %.4f)",
                                   r.households_covered_without_coverage,
                                   r.total_score_without_coverage - r.total_score);
    }
    std::cout << "\n";
  }
  if (r.reserved_places > 0) {
    std::cout << absl::StrFormat(
        "  reserved places (quotas): %d, filled by their groups: %d (the rest released)\n",
        r.reserved_places, r.reserved_filled);
  }
  const auto& groups = scorer.vocabulary().groups();
  std::cout << absl::StrFormat("  %-28s %8s %8s %8s\n", "key group", "seekers", "placed", "share");
  for (int g = 0; g <= groups.size(); ++g) {
    int64_t members = 0, placed = 0;
    for (int64_t s = 0; s < ns; ++s) {
      if (g < groups.size() && !((seekers.groups()[s] >> g) & 1)) continue;
      ++members;
      placed += r.vacancy_of_seeker[s] >= 0;
    }
    if (members == 0) continue;
    std::cout << absl::StrFormat("  %-28s %8d %8d %7.1f%%\n",
                                 g < groups.size() ? groups.Name(g) : "(all seekers)", members,
                                 placed, 100.0 * placed / members);
  }
  int64_t reasons[4] = {0, 0, 0, 0};
  for (auto x : r.seeker_outcome) ++reasons[static_cast<int>(x)];
  std::cout << "  seekers by outcome:";
  for (int i = 0; i < 4; ++i) {
    std::cout << absl::StrFormat(
        " %s %d", jobmatch::SeekerOutcomeName(static_cast<jobmatch::SeekerOutcome>(i)), reasons[i]);
  }
  int64_t vreasons[4] = {0, 0, 0, 0};
  for (auto x : r.vacancy_outcome) ++vreasons[static_cast<int>(x)];
  std::cout << "\n  vacancies by outcome:";
  for (int i = 0; i < 4; ++i) {
    std::cout << absl::StrFormat(
        " %s %d", jobmatch::VacancyOutcomeName(static_cast<jobmatch::VacancyOutcome>(i)),
        vreasons[i]);
  }
  std::cout << "\n";
}

int RunAllocate(const AllocateOpts& o) {
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  auto scorer = jobmatch::Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  jobmatch::AllocationOptions opt = ToOptions(o);
  for (size_t i = 0; i < o.quotas.size(); ++i) {
    auto q = ParseQuota(o.quotas[i], static_cast<int>(i) + 1);
    if (!q.ok()) return Fail(q.status());
    opt.extra_quotas.push_back(*q);
  }
  const auto t0 = Clock::now();
  auto r = jobmatch::Allocate(*scorer, opt);
  if (!r.ok()) return Fail(r.status());
  const double secs = Seconds(t0);
  if (auto s = jobmatch::WriteAllocationCsv(o.out, *r, *scorer); !s.ok()) return Fail(s);
  if (!o.vacancies_out.empty()) {
    if (auto s = jobmatch::WriteVacancyFillCsv(o.vacancies_out, *r, *scorer); !s.ok())
      return Fail(s);
  }
  if (!o.progress.quiet) PrintAllocationSummary(*r, *scorer, opt, secs);
  return 0;
}

// ----------------------------------------------------------------- demo

struct DemoOpts {
  jobmatch::CityConfig city;
  int k = 10;
  int threads = 0;
  std::string policy;
  std::string out;
  ProgressOpts progress;
};

int RunDemo(const DemoOpts& o) {
  std::cout << absl::StrFormat(
      "jobmatch demo: synthetic city of %d seekers and %d vacancies (seed %d)\n",
      o.city.num_seekers, o.city.num_vacancies, o.city.seed);
  const auto t0 = Clock::now();
  auto city = jobmatch::GenerateCity(o.city);
  if (!city.ok()) return Fail(city.status());
  auto policy = LoadPolicy(o.policy);
  if (!policy.ok()) return Fail(policy.status());
  auto data =
      jobmatch::Dataset::FromRows(city->vocab, city->seekers, city->vacancies, *std::move(policy));
  if (!data.ok()) return Fail(data.status());
  const double gen_s = Seconds(t0);
  auto scorer = jobmatch::Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  const int threads =
      o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  std::cout << absl::StrFormat(
      "  generated in %.2f s; policy '%s' with %d priority rule%s; %d thread%s\n", gen_s,
      (*data)->policy().name, (*data)->policy().rules.size(),
      (*data)->policy().rules.size() == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
  jobmatch::TopKOptions opt;
  opt.k = o.k;
  opt.num_threads = o.threads;
  const double pairs = static_cast<double>((*data)->seekers().size()) *
                       static_cast<double>((*data)->vacancies().size());

  opt.progress = MakeProgress("vacancies for seekers", o.progress);
  auto t1 = Clock::now();
  auto for_seekers = jobmatch::TopVacanciesForSeekers(*scorer, opt);
  if (!for_seekers.ok()) return Fail(for_seekers.status());
  const double s1 = Seconds(t1);
  opt.progress = MakeProgress("seekers for vacancies", o.progress);
  t1 = Clock::now();
  auto for_vacancies = jobmatch::TopSeekersForVacancies(*scorer, opt);
  if (!for_vacancies.ok()) return Fail(for_vacancies.status());
  const double s2 = Seconds(t1);
  std::cout << absl::StrFormat("\n  %-34s %14s %9s %14s\n",
                               "exact top-k (k=" + std::to_string(o.k) + ")", "pairs scored",
                               "seconds", "pairs/second");
  std::cout << absl::StrFormat("  %-34s %14.0f %9.3f %14.3g\n", "best vacancies for each seeker",
                               pairs, s1, pairs / s1);
  std::cout << absl::StrFormat("  %-34s %14.0f %9.3f %14.3g\n", "best seekers for each vacancy",
                               pairs, s2, pairs / s2);

  // Key-group coverage: aggregates only (no individual is reported).
  const auto& groups = (*data)->vocabulary().groups();
  const int ng = groups.size();
  std::vector<int64_t> members(ng + 1, 0), with_rec(ng + 1, 0), reached(ng + 1, 0);
  std::vector<double> top1(ng + 1, 0.0);
  std::vector<char> in_vacancy_list((*data)->seekers().size(), 0);
  for (int64_t v = 0; v < for_vacancies->rows; ++v) {
    for (int j = 0; j < o.k; ++j) {
      const int64_t s = for_vacancies->index[v * o.k + j];
      if (s >= 0) in_vacancy_list[s] = 1;
    }
  }
  for (int64_t s = 0; s < (*data)->seekers().size(); ++s) {
    const bool has = for_seekers->index[s * o.k] >= 0;
    const double best = has ? for_seekers->score[s * o.k] : 0.0;
    const jobmatch::GroupMask gm = (*data)->seekers().groups()[s];
    for (int g = 0; g <= ng; ++g) {
      if (g < ng && !((gm >> g) & 1)) continue;
      ++members[g];
      with_rec[g] += has;
      reached[g] += in_vacancy_list[s];
      top1[g] += best;
    }
  }
  std::cout << absl::StrFormat("\n  %-28s %8s %18s %20s %12s\n", "key group", "seekers",
                               "with >=1 eligible", "in a vacancy's top-k", "mean best");
  for (int g = 0; g <= ng; ++g) {
    if (members[g] == 0) continue;
    const double m = static_cast<double>(members[g]);
    std::cout << absl::StrFormat("  %-28s %8d %17.1f%% %19.1f%% %12.3f\n",
                                 g < ng ? groups.Name(g) : "(all seekers)", members[g],
                                 100.0 * with_rec[g] / m, 100.0 * reached[g] / m, top1[g] / m);
  }
  // Allocation: optimal, covering zero-employment households first.
  {
    jobmatch::AllocationOptions ao;
    ao.candidates_per_seeker = 30;
    ao.num_threads = o.threads;
    ao.household_coverage = true;
    const auto ta = Clock::now();
    auto alloc = jobmatch::Allocate(*scorer, ao);
    if (!alloc.ok()) return Fail(alloc.status());
    std::cout << "\n";
    PrintAllocationSummary(*alloc, *scorer, ao, Seconds(ta));
  }
  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    const std::filesystem::path dir(o.out);
    if (auto s = jobmatch::WriteRecommendationsCsv(
            (dir / "recommendations_for_seekers.csv").string(), *for_seekers, *scorer, false);
        !s.ok()) {
      return Fail(s);
    }
    if (auto s = jobmatch::WriteRecommendationsCsv(
            (dir / "recommendations_for_vacancies.csv").string(), *for_vacancies, *scorer, false);
        !s.ok()) {
      return Fail(s);
    }
    std::cout << "\n  recommendations written to " << o.out << "/\n";
  }
  return 0;
}

// ------------------------------------------------------------- snapshot

struct SnapshotOpts {
  DataPaths paths;   // for save
  std::string out;   // save target
  std::string file;  // load / inspect
  ProgressOpts progress;
};

int RunSnapshotSave(const SnapshotOpts& o) {
  const auto t0 = Clock::now();
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  const double load_s = Seconds(t0);
  const auto t1 = Clock::now();
  if (auto s =
          jobmatch::SaveSnapshot(o.out, **data, MakeProgress("snapshot save", o.progress, "bytes"));
      !s.ok()) {
    return Fail(s);
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(o.out, ec);
  if (!o.progress.quiet) {
    std::cerr << absl::StrFormat(
        "saved %d seekers, %d vacancies, %d skills, policy '%s' to %s (%.1f MB) in %.2f s (CSV "
        "load %.2f s)\n",
        (*data)->seekers().size(), (*data)->vacancies().size(),
        (*data)->vocabulary().skills().size(), (*data)->policy().name, o.out,
        ec ? 0.0 : static_cast<double>(bytes) / 1e6, Seconds(t1), load_s);
  }
  return 0;
}

int RunSnapshotLoad(const SnapshotOpts& o) {
  const auto t0 = Clock::now();
  auto d = jobmatch::LoadSnapshot(o.file, MakeProgress("snapshot load", o.progress, "bytes"));
  if (!d.ok()) return Fail(d.status());
  std::cout << absl::StrFormat(
      "%s: ok (%d seekers, %d vacancies, %d openings; %d skills, %d industries, %d key groups; "
      "policy '%s'; loaded and validated in %.2f s)\n",
      o.file, (*d)->seekers().size(), (*d)->vacancies().size(), (*d)->vacancies().total_openings(),
      (*d)->vocabulary().skills().size(), (*d)->vocabulary().industries().size(),
      (*d)->vocabulary().groups().size(), (*d)->policy().name, Seconds(t0));
  return 0;
}

int RunSnapshotInspect(const SnapshotOpts& o) {
  auto info = jobmatch::InspectSnapshot(o.file);
  if (!info.ok()) return Fail(info.status());
  std::cout << info->ToString();
  return info->payload_ok ? 0 : 1;
}

void AddCityOptions(CLI::App* app, jobmatch::CityConfig& c) {
  app->add_option("--seekers,--num-seekers", c.num_seekers, "Number of job seekers")
      ->capture_default_str();
  app->add_option("--vacancies,--num-vacancies", c.num_vacancies, "Number of vacancies")
      ->capture_default_str();
  app->add_option("--seed", c.seed, "Random seed (same seed, same city)")->capture_default_str();
  app->add_option("--embedding-dim", c.embedding_dim, "Embedding dimension (0 = none)")
      ->capture_default_str();
}

void AddProgressOptions(CLI::App* app, ProgressOpts& p) {
  app->add_flag("--quiet,-q", p.quiet, "No progress line or timing summary on stderr");
  app->add_flag("--progress", p.force, "Progress line on stderr even when it is not a terminal");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "jobmatch: explainable, policy-aware matching of job seekers and vacancies for public "
      "employment services.\nRun 'jobmatch demo' for a first look, 'jobmatch SUBCOMMAND --help' "
      "for details."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jobmatch 0.1.0");

  GenerateOpts gen;
  gen.city.num_seekers = 20000;
  gen.city.num_vacancies = 4000;
  auto* g = app.add_subcommand(
      "generate", "Write a seeded synthetic city (skills.csv, seekers.csv, vacancies.csv)");
  AddCityOptions(g, gen.city);
  g->add_option("--out,-o", gen.out, "Output directory")->capture_default_str();

  RecommendOpts rec;
  auto* r =
      app.add_subcommand("recommend", "Exact top-k recommendations in either direction, as CSV");
  rec.paths.Add(r);
  r->add_option(
       "--direction", rec.direction,
       "'vacancies': best vacancies for each seeker; 'seekers': best seekers for each vacancy")
      ->check(CLI::IsMember({"vacancies", "seekers"}))
      ->capture_default_str();
  r->add_option("-k,--k", rec.k, "List length")->check(IntegerIn(1, 100000))->capture_default_str();
  r->add_option("--threads", rec.threads, "Worker threads (0 = all cores)")->check(NonNegative());
  r->add_flag("--explain", rec.explain,
              "Add one column per score component, boost, distance and rules");
  r->add_option("--out,-o", rec.out, "Output CSV ('-' = stdout)")->capture_default_str();
  r->add_option(
      "--ids", rec.ids,
      "Comma-separated ids to answer (seeker ids, or vacancy ids with --direction seekers)");
  r->add_option("--stats-json", rec.stats_json, "Write timings as JSON to this file");
  r->add_flag("--congestion", rec.congestion,
              "Report how many lists each vacancy is on against its openings (stderr)");
  r->add_flag("--capacity-aware", rec.capacity_aware,
              "Re-rank to spread seekers over vacancies that are not over-subscribed");
  r->add_option("--rerank-candidates", rec.rerank_candidates,
                "With --capacity-aware: candidates per seeker to choose from (0 = 3 x k)")
      ->check(NonNegative());
  r->add_option("--congestion-factor", rec.congestion_factor,
                "Over-subscribed: on more than this many lists per opening")
      ->check(Positive())
      ->capture_default_str();
  AddProgressOptions(r, rec.progress);

  ExplainOpts ex;
  auto* e = app.add_subcommand("explain", "Explain the score of one (seeker, vacancy) pair");
  ex.paths.Add(e);
  e->add_option("--seeker", ex.seeker, "Seeker id")->required();
  e->add_option("--vacancy", ex.vacancy, "Vacancy id")->required();

  std::string check;
  auto* p =
      app.add_subcommand("policy", "Print the built-in policy as JSON, or check a policy file");
  p->add_option("--check", check, "Policy file to validate");

  AllocateOpts al;
  auto* a = app.add_subcommand(
      "allocate", "One allocation that respects openings: optimal or stable, with reasons");
  al.paths.Add(a);
  a->add_option("--method", al.method,
                "optimal (max total score, min-cost flow) or stable (deferred acceptance)")
      ->check(CLI::IsMember({"optimal", "stable"}))
      ->capture_default_str();
  a->add_option("--objective", al.objective,
                "optimal method: 'score', or 'cardinality' (most placements, then score)")
      ->check(CLI::IsMember({"score", "cardinality"}))
      ->capture_default_str();
  a->add_option("--proposer", al.proposer, "stable method: who proposes, 'seekers' or 'vacancies'")
      ->check(CLI::IsMember({"seekers", "vacancies"}))
      ->capture_default_str();
  a->add_option("--candidates", al.candidates,
                "Candidate vacancies per seeker (its top-k eligible)")
      ->check(IntegerIn(1, 10000))
      ->capture_default_str();
  a->add_option("--min-score", al.min_score, "Never match pairs scoring below this");
  a->add_option(
      "--quota", al.quotas,
      "Reserve places: GROUP[+GROUP]:SHARE[:KIND[+KIND]], e.g. graduate_youth:0.5:trainee "
      "(repeatable; added to the policy's quotas)");
  a->add_flag(
      "--households", al.households,
      "Optimal method: first place a member of as many zero-employment households as possible");
  a->add_option("--threads", al.threads, "Worker threads for candidate generation (0 = all cores)")
      ->check(NonNegative());
  a->add_option("--out,-o", al.out, "Assignment CSV: seeker_id,vacancy_id,score,outcome")
      ->capture_default_str();
  a->add_option("--vacancies-out", al.vacancies_out,
                "Also write vacancy_id,openings,filled,outcome");
  AddProgressOptions(a, al.progress);

  DemoOpts demo;
  auto* dm = app.add_subcommand("demo", "Generate a city, recommend both ways and print a summary");
  AddCityOptions(dm, demo.city);
  dm->add_option("-k,--k", demo.k, "List length")->check(IntegerIn(1, 1000))->capture_default_str();
  dm->add_option("--threads", demo.threads, "Worker threads (0 = all cores)")->check(NonNegative());
  dm->add_option("--policy", demo.policy, "Policy file (JSON); default: the built-in policy");
  dm->add_option("--out,-o", demo.out, "Also write the recommendation CSVs to this directory");
  AddProgressOptions(dm, demo.progress);

  SnapshotOpts snap;
  auto* sn =
      app.add_subcommand("snapshot", "Save, load or inspect a snapshot of the whole engine state");
  sn->require_subcommand(1);
  auto* sn_save =
      sn->add_subcommand("save", "Load CSV data (and a policy) and save them as one snapshot file");
  snap.paths.Add(sn_save, /*allow_snapshot=*/false);
  sn_save->add_option("--out,-o", snap.out, "Snapshot file to write (replaced atomically)")
      ->required();
  AddProgressOptions(sn_save, snap.progress);
  auto* sn_load =
      sn->add_subcommand("load", "Load a snapshot, validate it fully and print its counts");
  sn_load->add_option("file", snap.file, "Snapshot file")->required();
  AddProgressOptions(sn_load, snap.progress);
  auto* sn_inspect = sn->add_subcommand(
      "inspect", "Print a snapshot's header and check its checksum without decoding it");
  sn_inspect->add_option("file", snap.file, "Snapshot file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& err) {
    // --help and --version exit 0; every usage error exits 2 (docs/cli.md).
    return app.exit(err) == 0 ? 0 : 2;
  }
  if (g->parsed()) return RunGenerate(gen);
  if (r->parsed()) return RunRecommend(rec);
  if (e->parsed()) return RunExplain(ex);
  if (p->parsed()) return RunPolicy(check);
  if (a->parsed()) return RunAllocate(al);
  if (dm->parsed()) return RunDemo(demo);
  if (sn_save->parsed()) return RunSnapshotSave(snap);
  if (sn_load->parsed()) return RunSnapshotLoad(snap);
  if (sn_inspect->parsed()) return RunSnapshotInspect(snap);
  return 2;
}
