// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch outreach`: case lists per service station (docs/analytics.md).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "jobmatch/analytics/mismatch.h"
#include "jobmatch/analytics/outreach.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch::cli {
namespace {

struct OutreachOpts {
  DataPaths paths;
  std::string level = "town";
  int top = 5;
  int months = -1;  // -1: the policy's
  int training = 2;
  std::string allocation;
  std::string out = "outreach";
  int threads = 0;
  int64_t memory_budget = 0;
  ProgressOpts progress;
};

int RunOutreach(const OutreachOpts& o) {
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  auto scorer = Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  OutreachOptions opt;
  opt.level = *ParseOutreachLevel(o.level);  // checked by CLI11
  opt.top = o.top;
  opt.training_top = o.training;
  if (o.months >= 0) opt.long_unemployed_months = o.months;
  opt.num_threads = o.threads;
  opt.memory_budget_bytes = o.memory_budget;
  opt.progress = MakeProgress("outreach", o.progress);
  if (!o.allocation.empty()) {
    auto placed = ReadPlacementsFromAllocationCsv(o.allocation, **data);
    if (!placed.ok()) return Fail(placed.status());
    opt.vacancy_of_seeker = *std::move(placed);
  }
  const auto t0 = Clock::now();
  auto list = Outreach(*scorer, opt);
  if (!list.ok()) return Fail(list.status());
  const std::string csv = absl::StrCat(o.out, "/outreach.csv");
  auto pages = WriteOutreachHtml(o.out, *list, *scorer);
  if (!pages.ok()) return Fail(pages.status());
  if (auto s = WriteOutreachCsv(csv, *list, *scorer); !s.ok()) return Fail(s);
  if (!o.progress.quiet) {
    Print(absl::StrCat("outreach: ", list->cases, " people to visit at ", list->stations.size(),
                       " service stations (", o.level, " level); ", list->households_uncovered,
                       " of ", list->households, " zero-employment households not covered by ",
                       list->allocated_here ? "the allocation computed here" : "the allocation",
                       "\nwrote ", csv, " and ", pages->size(), " HTML pages in ", o.out,
                       "/ (personal data, mode 0600) in ", absl::StrFormat("%.2f", Seconds(t0)),
                       " s\n"));
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> AddOutreachCommand(CLI::App& app) {
  auto o = std::make_shared<OutreachOpts>();
  auto* a = app.add_subcommand(
      "outreach",
      "Outreach case lists per service station (就享家, 敲门送岗): CSV and printable HTML");
  o->paths.Add(a);
  a->add_option("--level", o->level, "Station level: district, town or village")
      ->check(CLI::IsMember({"district", "town", "village"}))
      ->capture_default_str();
  AddNumberOption(a, "--top", o->top, "Vacancies listed per person (0-1000)", IntegerIn(0, 1000),
                  /*show_default=*/true);
  AddNumberOption(a, "--long-unemployed-months", o->months,
                  "Youth unemployed this many months or more are listed (default: the policy's "
                  "outreach.long_unemployed_months, 6)",
                  IntegerIn(0, 1200));
  AddNumberOption(a, "--training", o->training,
                  "Training advice per person: best upgrades listed (0-20; 0 = none)",
                  IntegerIn(0, 20), /*show_default=*/true);
  a->add_option("--allocation", o->allocation,
                "Allocation CSV from `jobmatch allocate` (default: allocate here, households "
                "covered first)");
  a->add_option("--out,-o", o->out,
                "Output directory: outreach.csv, index.html, station-NNNN.html (mode 0600)")
      ->capture_default_str();
  AddNumberOption(a, "--threads", o->threads, "Threads (0 = all cores)", IntegerIn(0, 4096));
  AddMemoryBudgetOption(a, o->memory_budget);
  AddProgressOptions(a, o->progress);
  return {{a, [o] { return RunOutreach(*o); }}};
}

}  // namespace jobmatch::cli
