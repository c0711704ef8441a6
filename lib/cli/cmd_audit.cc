// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch audit`: the equal-employment audit (二十; docs/analytics.md).
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/text.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "jobmatch/analytics/audit.h"

namespace jobmatch::cli {
namespace {

struct AuditOpts {
  DataPaths paths;
  std::string allocation;
  int k = 10;
  std::string method = "optimal";
  std::string objective = "score";
  std::string proposer = "seekers";
  int candidates = 30;
  bool households = false;
  std::optional<int> min_cell_seekers;  // unset: the policy's
  int threads = 0;
  bool exhaustive = false;
  std::string out = "audit.csv";
  std::string strata_out;
  ProgressOpts progress;
};

std::string Num(double v) { return std::isnan(v) ? std::string("-") : internal::FormatNumber(v); }

int RunAudit(const AuditOpts& o) {
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  auto scorer = Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  AuditOptions a;
  a.k = o.k;
  a.allocation.method =
      o.method == "stable" ? AllocationMethod::kStable : AllocationMethod::kOptimal;
  a.allocation.objective = o.objective == "cardinality"
                               ? AssignmentObjective::kMaxCardinalityThenWeight
                               : AssignmentObjective::kMaxWeight;
  a.allocation.proposer = o.proposer == "vacancies" ? Proposer::kColumns : Proposer::kRows;
  a.allocation.candidates_per_seeker = o.candidates;
  a.allocation.household_coverage = o.households;
  if (o.min_cell_seekers) a.min_cell_seekers = *o.min_cell_seekers;
  a.strata = !o.strata_out.empty();
  a.num_threads = o.threads;
  a.exhaustive = o.exhaustive;
  a.progress = MakeProgress("audit", o.progress, "stages");
  if (!o.allocation.empty()) {
    auto placed = ReadPlacementsFromAllocationCsv(o.allocation, **data);
    if (!placed.ok()) return Fail(placed.status());
    a.vacancy_of_seeker = *std::move(placed);
  }
  const auto t0 = Clock::now();
  auto t = Audit(*scorer, a);
  if (!t.ok()) return Fail(t.status());
  const double secs = Seconds(t0);
  if (auto s = WriteAuditCsv(o.out, *t); !s.ok()) return Fail(s);
  if (!o.strata_out.empty()) {
    if (auto s = WriteAuditStrataCsv(o.strata_out, *t); !s.ok()) return Fail(s);
  }
  if (!o.progress.quiet) {
    int64_t suppressed = 0;
    std::vector<std::string> flagged, flagged_off;
    for (const AuditRow& r : t->groups) {
      suppressed += r.suppressed ? 1 : 0;
      if (r.four_fifths_flag == 1) flagged.push_back(r.group);
      if (r.four_fifths_flag_no_priority == 1) flagged_off.push_back(r.group);
    }
    const AuditRow& all = t->groups.back();
    Print(absl::StrCat("audit: ", t->groups.size(), " cells (", suppressed, " suppressed below ",
                       t->min_cell_seekers, " seekers), k = ", t->k, ", priority-on allocation ",
                       t->allocated ? "made here" : absl::StrCat("from ", o.allocation), "\n"));
    Print(absl::StrCat("four-fifths flag (impact ratio < 0.8 vs none): ",
                       flagged.empty() ? "none" : absl::StrJoin(flagged, ", "),
                       "; without priority: ",
                       flagged_off.empty() ? "none" : absl::StrJoin(flagged_off, ", "), "\n"));
    if (!all.suppressed) {
      Print(absl::StrCat("price of priority: placements ", all.placements, " vs ",
                         all.placements_no_priority, " without, total base score ",
                         Num(all.base_score_total), " vs ", Num(all.base_score_total_no_priority),
                         "\n"));
    }
    Print(absl::StrCat("wrote ", o.out, o.strata_out.empty() ? "" : " and ", o.strata_out, " in ",
                       internal::FormatNumber(secs), " s\n"));
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> AddAuditCommand(CLI::App& app) {
  auto o = std::make_shared<AuditOpts>();
  auto* a = app.add_subcommand(
      "audit",
      "Equal-employment audit (二十): key groups vs seekers in no key group, the price of "
      "priority");
  o->paths.Add(a);
  a->add_option("--allocation", o->allocation,
                "Allocation CSV from `jobmatch allocate` (the priority-on side; default: "
                "allocate here with the options below)");
  AddNumberOption(a, "-k", o->k,
                  "Length of each open vacancy's seeker list (listed_share, exposure)",
                  IntegerIn(1, 10000), /*show_default=*/true);
  a->add_option("--method", o->method,
                "Allocations made here: optimal (min-cost flow) or stable (deferred acceptance)")
      ->check(CLI::IsMember({"optimal", "stable"}))
      ->capture_default_str();
  a->add_option("--objective", o->objective,
                "optimal method: 'score', or 'cardinality' (most placements, then score)")
      ->check(CLI::IsMember({"score", "cardinality"}))
      ->capture_default_str();
  a->add_option("--proposer", o->proposer, "stable method: who proposes, 'seekers' or 'vacancies'")
      ->check(CLI::IsMember({"seekers", "vacancies"}))
      ->capture_default_str();
  AddNumberOption(a, "--candidates", o->candidates,
                  "Candidate vacancies per seeker (its top-k eligible)", IntegerIn(1, 10000),
                  /*show_default=*/true);
  a->add_flag(
      "--households", o->households,
      "Optimal method: first place a member of as many zero-employment households as possible");
  AddNumberOption(a, "--min-cell-seekers", o->min_cell_seekers,
                  "Suppress cells with fewer seekers (default: the policy's "
                  "audit.min_cell_seekers, 10)",
                  IntegerIn(1, 1000000));
  AddNumberOption(a, "--threads", o->threads, "Worker threads (0 = all cores)",
                  NonNegativeInteger());
  a->add_flag("--exhaustive", o->exhaustive,
              "Top-k lists by scoring every pair instead of the pruned search (same result)");
  a->add_option("--out,-o", o->out, "Audit CSV per group (aggregates, mode 0644)")
      ->capture_default_str();
  a->add_option("--strata-out", o->strata_out,
                "Also write the audit per stratum of comparable skill (quintiles of the best base "
                "score)");
  AddProgressOptions(a, o->progress);
  return {{a, [o] { return RunAudit(*o); }}};
}

}  // namespace jobmatch::cli
