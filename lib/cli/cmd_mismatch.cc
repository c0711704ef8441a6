// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch mismatch`: structural-mismatch monitoring (docs/analytics.md).
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/internal/text.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "jobmatch/analytics/mismatch.h"

namespace jobmatch::cli {
namespace {

struct MismatchOpts {
  DataPaths paths;
  std::vector<std::string> by;
  std::string allocation;
  std::optional<double> shortage_ratio;  // unset: the policy's
  std::optional<double> surplus_ratio;
  std::string as_of;
  bool no_reach = false;
  std::string out = "mismatch.csv";
  std::string tightness_out;
  int threads = 0;  // accepted like every analytics subcommand; mismatch runs on one
  ProgressOpts progress;
};

std::string Days(double d) {
  return std::isnan(d) ? std::string("-") : absl::StrCat(internal::FormatNumber(d), " days");
}

int RunMismatch(const MismatchOpts& o) {
  MismatchOptions m;
  for (const std::string& b : o.by) {
    if (b == "district") m.by_district = true;
    if (b == "industry") m.by_industry = true;
  }
  m.shortage_ratio = o.shortage_ratio;
  m.surplus_ratio = o.surplus_ratio;
  m.compute_reach = !o.no_reach;
  if (!o.as_of.empty()) {
    m.as_of = ParseIsoDate(o.as_of);
    if (!m.as_of) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat("--as-of: not a date YYYY-MM-DD: ", internal::QuoteForMessage(o.as_of))));
    }
  }
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  if (!o.allocation.empty()) {
    auto filled = ReadFilledFromAllocationCsv(o.allocation, **data);
    if (!filled.ok()) return Fail(filled.status());
    m.filled = *std::move(filled);
  }
  const auto t0 = Clock::now();
  auto t = Mismatch(**data, m);
  if (!t.ok()) return Fail(t.status());
  const double secs = Seconds(t0);
  if (auto s = WriteMismatchCsv(o.out, *t, (*data)->vocabulary(), m); !s.ok()) return Fail(s);
  if (!o.tightness_out.empty()) {
    if (auto s = WriteTightnessCsv(o.tightness_out, *t, (*data)->vocabulary()); !s.ok()) {
      return Fail(s);
    }
  }
  if (!o.progress.quiet) {
    int64_t n[3] = {0, 0, 0};
    for (const MismatchRow& r : t->rows) ++n[static_cast<int>(r.label)];
    Print(absl::StrCat("mismatch: ", t->rows.size(), " cells: ", n[0], " shortage, ", n[1],
                       " balanced, ", n[2],
                       " surplus (ratio >= ", internal::FormatNumber(t->shortage_ratio),
                       " / <= ", internal::FormatNumber(t->surplus_ratio), ")\n"));
    if (t->as_of) {
      Print(absl::StrCat("as of ", FormatIsoDate(*t->as_of), ": median vacancy duration ",
                         Days(t->vacancy_duration_median_days), ", median registration duration ",
                         Days(t->registration_duration_median_days), "\n"));
    }
    Print(absl::StrCat("wrote ", o.out, o.tightness_out.empty() ? "" : " and ", o.tightness_out,
                       " in ", internal::FormatNumber(secs), " s\n"));
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> AddMismatchCommand(CLI::App& app) {
  auto o = std::make_shared<MismatchOpts>();
  auto* a = app.add_subcommand(
      "mismatch",
      "Structural mismatch: openings vs qualified seekers per skill and grade (岗位求职比)");
  o->paths.Add(a);
  a->add_option("--by", o->by, "Also split by: district, industry (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember({"district", "industry"}));
  a->add_option("--allocation", o->allocation,
                "Allocation CSV from `jobmatch allocate`: adds unfilled_openings");
  AddNumberOption(
      a, "--shortage-ratio", o->shortage_ratio,
      "Label shortage when ratio >= this (default: the policy's mismatch.shortage_ratio, "
      "1.5)",
      NonNegative());
  AddNumberOption(a, "--surplus-ratio", o->surplus_ratio,
                  "Label surplus when ratio <= this (default: the policy's mismatch.surplus_ratio, "
                  "0.67)",
                  NonNegative());
  a->add_option("--as-of", o->as_of,
                "Reference date of the durations, YYYY-MM-DD (default: latest date in the data)");
  a->add_flag("--no-reach", o->no_reach, "Skip supply_in_reach (the commute scan)");
  a->add_option("--out,-o", o->out, "Mismatch CSV (aggregates, mode 0644)")->capture_default_str();
  a->add_option("--tightness-out", o->tightness_out,
                "Also write the district x industry tightness CSV");
  AddNumberOption(a, "--threads", o->threads,
                  "Accepted for uniformity with the other analytics subcommands; mismatch runs on "
                  "one thread (it takes about a second at city scale)",
                  IntegerIn(0, 4096));
  AddProgressOptions(a, o->progress);
  return {{a, [o] { return RunMismatch(*o); }}};
}

}  // namespace jobmatch::cli
