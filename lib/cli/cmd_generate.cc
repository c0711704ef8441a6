// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch generate`: a seeded synthetic city as three CSV files.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/progress_line.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch::cli {
namespace {

struct GenerateOpts {
  CityConfig city;
  std::string out = "data";
};

absl::Status WriteCity(const std::filesystem::path& dir, const City& city,
                       const SeekerTable& seekers, const VacancyTable& vacancies) {
  if (auto s = WriteSkillsCsv((dir / "skills.csv").string(), city.vocab); !s.ok()) return s;
  if (auto s = WriteSeekersCsv((dir / "seekers.csv").string(), seekers, city.vocab); !s.ok()) {
    return s;
  }
  return WriteVacanciesCsv((dir / "vacancies.csv").string(), vacancies, city.vocab);
}

int RunGenerate(const GenerateOpts& o) {
  const auto t0 = Clock::now();
  auto city = GenerateCity(o.city);
  if (!city.ok()) return Fail(city.status());
  SeekerTable seekers;
  VacancyTable vacancies;
  if (auto s = seekers.Append(city->seekers, city->vocab); !s.ok()) return Fail(s);
  if (auto s = vacancies.Append(city->vacancies, city->vocab); !s.ok()) return Fail(s);
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) return Fail(absl::InternalError(absl::StrFormat("%s: %s", o.out, ec.message())));
  if (auto s = WriteCity(o.out, *city, seekers, vacancies); !s.ok()) return Fail(s);
  std::cerr << absl::StrFormat(
      "generated %d seekers, %d vacancies (%d openings), %d skills, %d industries into %s/ in %.2f "
      "s\n",
      seekers.size(), vacancies.size(), vacancies.total_openings(), city->vocab.skills().size(),
      city->vocab.industries().size(), o.out, Seconds(t0));
  return kExitOk;
}

}  // namespace

std::vector<Command> AddGenerateCommand(CLI::App& app) {
  auto o = std::make_shared<GenerateOpts>();
  o->city.num_seekers = 20000;
  o->city.num_vacancies = 4000;
  auto* g = app.add_subcommand(
      "generate", "Write a seeded synthetic city (skills.csv, seekers.csv, vacancies.csv)");
  AddCityOptions(g, o->city);
  g->add_option("--out,-o", o->out, "Output directory")->capture_default_str();
  AddMemoryBudgetOption(g, o->city.memory_budget_bytes);
  return {{g, [o] { return RunGenerate(*o); }}};
}

}  // namespace jobmatch::cli
