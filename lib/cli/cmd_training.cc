// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch training`: training advice per seeker and courses per area
// (docs/analytics.md, "Training advice").
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/internal/text.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "jobmatch/analytics/mismatch.h"
#include "jobmatch/analytics/training.h"
#include "jobmatch/base/threads.h"

namespace jobmatch::cli {
namespace {

struct TrainingOpts {
  DataPaths paths;
  std::string allocation;
  std::string seekers;
  int k = 10;
  int top = 3;
  std::string level = "district";
  int threads = 0;
  std::string out = "training.csv";
  std::string areas_out;
  ProgressOpts progress;
};

int RunTraining(const TrainingOpts& o) {
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  TrainingOptions t;
  t.k = o.k;
  t.top = o.top;
  t.num_threads = o.threads;
  std::vector<uint8_t> listed;  // per seeker row, once --ids names one
  for (absl::string_view piece : absl::StrSplit(o.seekers, ',', absl::SkipWhitespace())) {
    const std::string_view id(piece.data(), piece.size());
    const std::optional<int64_t> row = (*data)->seekers().Find(id);
    if (!row) {
      return Fail(absl::NotFoundError(
          absl::StrCat("--ids: unknown seeker id ", internal::QuoteForMessage(id))));
    }
    if (listed.empty()) listed.assign((*data)->seekers().size(), 0);
    if (listed[*row]++ != 0) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat("--ids: seeker id ", internal::QuoteForMessage(id), " listed twice")));
    }
    t.seekers.push_back(*row);
  }
  CourseOptions c;
  c.level = o.level == "town" ? AreaLevel::kTown : AreaLevel::kDistrict;
  c.num_threads = o.threads;
  if (!o.allocation.empty()) {
    auto counts = ReadAllocationCountsCsv(o.allocation, **data);
    if (!counts.ok()) return Fail(counts.status());
    c.filled = std::move(counts->filled);
    c.placed = std::move(counts->placed);
  }
  auto scorer = Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  const auto t0 = Clock::now();
  t.progress = MakeProgress("training advice", o.progress, "seekers");
  auto advice = AdviseTraining(*scorer, t);
  if (!advice.ok()) return Fail(advice.status());
  const double secs = Seconds(t0);
  if (auto s = WriteTrainingCsv(o.out, *advice, *scorer); !s.ok()) return Fail(s);
  double course_secs = 0.0;
  int64_t course_rows = 0;
  if (!o.areas_out.empty()) {
    const auto t1 = Clock::now();
    c.progress = MakeProgress("courses per area", o.progress, "seekers");
    auto courses = RankCourses(*scorer, c);
    if (!courses.ok()) return Fail(courses.status());
    course_secs = Seconds(t1);
    course_rows = static_cast<int64_t>(courses->rows.size());
    if (auto s = WriteCoursesCsv(o.areas_out, *courses, scorer->vocabulary()); !s.ok()) {
      return Fail(s);
    }
  }
  if (!o.progress.quiet) {
    int64_t with = 0, none = 0;
    for (size_t i = 0; i < advice->seekers.size(); ++i) {
      if (advice->offsets[i + 1] > advice->offsets[i]) ++with;
      if (advice->eligible[i] == 0) ++none;
    }
    Print(absl::StrCat("training: ", advice->seekers.size(), " seekers, ", with, " with advice, ",
                       none, " with no eligible vacancy (k = ", o.k, ", top = ", o.top, ", ",
                       ResolveThreadCount(o.threads), " threads) in ", internal::FormatNumber(secs),
                       " s; wrote ", o.out, " (mode 0600)\n"));
    if (!o.areas_out.empty()) {
      Print(absl::StrCat("courses: ", course_rows, " rows by ", o.level,
                         o.allocation.empty() ? " (all openings)" : " (openings left unfilled)",
                         " in ", internal::FormatNumber(course_secs), " s; wrote ", o.areas_out,
                         "\n"));
    }
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> AddTrainingCommand(CLI::App& app) {
  auto o = std::make_shared<TrainingOpts>();
  auto* a = app.add_subcommand(
      "training",
      "Training advice: the skill upgrades that most raise each seeker's best scores, and the "
      "courses per area that would fill open vacancies");
  o->paths.Add(a);
  // --seekers is the seekers.csv path (DataPaths), so the subset is --ids as
  // in `jobmatch recommend`.
  a->add_option("--ids", o->seekers,
                "Only these seeker ids, in this order (comma-separated; default: every seeker)");
  AddNumberOption(a, "-k", o->k, "Size of the top list whose mean score an upgrade raises",
                  IntegerIn(1, 1000000), /*show_default=*/true);
  AddNumberOption(a, "--top", o->top, "Upgrades listed per seeker", IntegerIn(1, 1000),
                  /*show_default=*/true);
  a->add_option("--allocation", o->allocation,
                "Allocation CSV from `jobmatch allocate`: courses count only openings it leaves "
                "unfilled and seekers it leaves unplaced");
  a->add_option("--level", o->level, "Areas of the course table: district or town")
      ->check(CLI::IsMember({"district", "town"}))
      ->capture_default_str();
  AddNumberOption(a, "--threads", o->threads, "Worker threads (0 = all cores)",
                  NonNegativeInteger());
  a->add_option("--out,-o", o->out,
                "Per-seeker CSV: seeker_id,rank,skill,grade,gain,newly_met (personal data, mode "
                "0600)")
      ->capture_default_str();
  a->add_option("--areas-out", o->areas_out,
                "Also write the courses per area CSV (aggregates, mode 0644)");
  AddProgressOptions(a, o->progress);
  return {{a, [o] { return RunTraining(*o); }}};
}

}  // namespace jobmatch::cli
