// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch allocate`: one allocation that respects openings, with reasons.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/allocation_summary.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/progress_line.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/policy/quota_spec.h"
#include "jobmatch/report/results_csv.h"

namespace jobmatch::cli {
namespace {

struct AllocateOpts {
  DataPaths paths;
  std::string method = "optimal";
  std::string objective = "score";
  std::string proposer = "seekers";
  int candidates = 30;
  float min_score = -INFINITY;
  bool households = false;
  std::vector<std::string> quotas;
  int threads = 0;
  std::string out = "allocation.csv";
  std::string vacancies_out;
  int64_t memory_budget = 0;
  bool exhaustive = false;
  ProgressOpts progress;
};

absl::StatusOr<AllocationOptions> ToOptions(const AllocateOpts& o) {
  AllocationOptions a;
  a.method = o.method == "stable" ? AllocationMethod::kStable : AllocationMethod::kOptimal;
  a.objective = o.objective == "cardinality" ? AssignmentObjective::kMaxCardinalityThenWeight
                                             : AssignmentObjective::kMaxWeight;
  a.proposer = o.proposer == "vacancies" ? Proposer::kColumns : Proposer::kRows;
  a.candidates_per_seeker = o.candidates;
  a.min_score = o.min_score;
  a.household_coverage = o.households;
  a.num_threads = o.threads;
  a.memory_budget_bytes = o.memory_budget;
  a.exhaustive = o.exhaustive;
  a.progress = MakeProgress("candidates", o.progress);
  for (size_t i = 0; i < o.quotas.size(); ++i) {
    auto q = ParseQuotaSpec(o.quotas[i], absl::StrCat("cli_quota_", i + 1));
    if (!q.ok()) return absl::InvalidArgumentError(absl::StrCat("--quota ", q.status().message()));
    a.extra_quotas.push_back(*std::move(q));
  }
  return a;
}

int RunAllocate(const AllocateOpts& o) {
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  auto scorer = Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  auto opt = ToOptions(o);
  if (!opt.ok()) return Fail(opt.status());
  const auto t0 = Clock::now();
  auto r = Allocate(*scorer, *opt);
  if (!r.ok()) return Fail(r.status());
  const double secs = Seconds(t0);
  if (auto s = WriteAllocationCsv(o.out, *r, *scorer); !s.ok()) return Fail(s);
  if (!o.vacancies_out.empty()) {
    if (auto s = WriteVacancyFillCsv(o.vacancies_out, *r, *scorer); !s.ok()) return Fail(s);
  }
  if (!o.progress.quiet) {
    if (auto s = PrintAllocationSummary(*r, *scorer, *opt, secs); !s.ok()) return Fail(s);
  }
  return kExitOk;
}

void AddOptions(CLI::App* a, AllocateOpts& o) {
  o.paths.Add(a);
  a->add_option("--method", o.method,
                "optimal (max total score, min-cost flow) or stable (deferred acceptance)")
      ->check(CLI::IsMember({"optimal", "stable"}))
      ->capture_default_str();
  a->add_option("--objective", o.objective,
                "optimal method: 'score', or 'cardinality' (most placements, then score)")
      ->check(CLI::IsMember({"score", "cardinality"}))
      ->capture_default_str();
  a->add_option("--proposer", o.proposer, "stable method: who proposes, 'seekers' or 'vacancies'")
      ->check(CLI::IsMember({"seekers", "vacancies"}))
      ->capture_default_str();
  AddNumberOption(a, "--candidates", o.candidates,
                  "Candidate vacancies per seeker (its top-k eligible)", IntegerIn(1, 10000),
                  /*show_default=*/true);
  AddNumberOption(a, "--min-score", o.min_score, "Never match pairs scoring below this", AnyReal());
  a->add_option(
       "--quota", o.quotas,
       "Reserve places: GROUP[+GROUP]:SHARE[:KIND[+KIND]], e.g. graduate_youth:0.5:trainee "
       "(repeatable; added to the policy's quotas)")
      ->check(CLI::Validator(
          [](std::string& spec) -> std::string {  // the syntax, before any data is loaded
            auto q = ParseQuotaSpec(spec, "cli_quota");
            return q.ok() ? std::string() : std::string(q.status().message());
          },
          ""));
  a->add_flag(
      "--households", o.households,
      "Optimal method: first place a member of as many zero-employment households as possible");
  AddNumberOption(a, "--threads", o.threads,
                  "Worker threads for candidate generation (0 = all cores)", NonNegativeInteger());
  a->add_option("--out,-o", o.out, "Assignment CSV: seeker_id,vacancy_id,score,outcome")
      ->capture_default_str();
  a->add_option("--vacancies-out", o.vacancies_out,
                "Also write vacancy_id,openings,filled,outcome");
  a->add_flag("--exhaustive", o.exhaustive,
              "Candidate lists by scoring every pair instead of the pruned search (same result)");
  AddProgressOptions(a, o.progress);
  AddMemoryBudgetOption(a, o.memory_budget);
}

}  // namespace

std::vector<Command> AddAllocateCommand(CLI::App& app) {
  auto o = std::make_shared<AllocateOpts>();
  auto* a = app.add_subcommand(
      "allocate", "One allocation that respects openings: optimal or stable, with reasons");
  AddOptions(a, *o);
  return {{a, [o] { return RunAllocate(*o); }}};
}

}  // namespace jobmatch::cli
