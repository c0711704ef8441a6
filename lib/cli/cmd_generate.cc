// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch generate`: a seeded synthetic city as three CSV files, or with
// --country a synthetic country as a sharded directory (one shard per city).
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/progress_line.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/synth/country.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch::cli {
namespace {

struct GenerateOpts {
  CityConfig city;
  std::string out = "data";
  bool country = false;
  int cities = 0;
  double zipf = 1.0;
  ProgressOpts progress;
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
  if (o.progress.quiet) return kExitOk;
  std::cerr << absl::StrFormat(
      "generated %d seekers, %d vacancies (%d openings), %d skills, %d industries into %s/ in %.2f "
      "s\n",
      seekers.size(), vacancies.size(), vacancies.total_openings(), city->vocab.skills().size(),
      city->vocab.industries().size(), o.out, Seconds(t0));
  return kExitOk;
}

absl::Status MakeDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(absl::StrFormat("%s: %s", dir.string(), ec.message()));
  return absl::OkStatus();
}

// One city at a time: generate, write its shard, let it go. The manifest is
// written last, so a run that fails or is killed leaves no manifest and the
// directory is not mistaken for a complete data set.
absl::Status WriteCountry(const GenerateOpts& o, int64_t* seekers_out, int64_t* vacancies_out,
                          int64_t* shards_out) {
  CountryConfig cc;
  cc.seed = o.city.seed;
  cc.num_seekers = o.city.num_seekers;
  cc.num_vacancies = o.city.num_vacancies;
  cc.num_cities = o.cities;
  cc.zipf_exponent = o.zipf;
  cc.embedding_dim = o.city.embedding_dim;
  cc.memory_budget_bytes = o.city.memory_budget_bytes;
  JOBMATCH_ASSIGN_OR_RETURN(const std::vector<CountryCity> plan, PlanCountry(cc));
  const std::filesystem::path dir(o.out);
  JOBMATCH_RETURN_IF_ERROR(MakeDirectory(dir));
  std::error_code ec;
  std::filesystem::remove(dir / kShardManifestFile, ec);  // incomplete until written again
  ShardManifest manifest;
  std::optional<Vocabulary> vocab;
  const ProgressFn progress = MakeProgress("generate", o.progress, "cities");
  const int64_t total = static_cast<int64_t>(plan.size());
  if (progress && !progress(0, total)) return absl::CancelledError("cancelled");
  for (const CountryCity& c : plan) {
    JOBMATCH_ASSIGN_OR_RETURN(City city, GenerateCountryCity(cc, c));
    if (!vocab) {
      vocab = city.vocab;
      JOBMATCH_RETURN_IF_ERROR(WriteSkillsCsv((dir / "skills.csv").string(), *vocab));
    } else if (!(city.vocab == *vocab)) {
      return absl::InternalError("the cities of a country have different vocabularies");
    }
    SeekerTable seekers;
    VacancyTable vacancies;
    JOBMATCH_RETURN_IF_ERROR(seekers.Append(city.seekers, city.vocab));
    JOBMATCH_RETURN_IF_ERROR(vacancies.Append(city.vacancies, city.vocab));
    const std::filesystem::path rel = std::filesystem::path("shards") / c.name;
    JOBMATCH_RETURN_IF_ERROR(MakeDirectory(dir / rel));
    JOBMATCH_RETURN_IF_ERROR(
        WriteSeekersCsv((dir / rel / "seekers.csv").string(), seekers, city.vocab));
    JOBMATCH_RETURN_IF_ERROR(
        WriteVacanciesCsv((dir / rel / "vacancies.csv").string(), vacancies, city.vocab));
    DataShard shard;
    shard.name = c.name;
    shard.seekers = (rel / "seekers.csv").string();
    shard.vacancies = (rel / "vacancies.csv").string();
    shard.num_seekers = seekers.size();
    shard.num_vacancies = vacancies.size();
    shard.center_lat = c.center_lat;
    shard.center_lon = c.center_lon;
    shard.radius_km = c.radius_km;
    manifest.shards.push_back(std::move(shard));
    *seekers_out += seekers.size();
    *vacancies_out += vacancies.size();
    if (progress && !progress(c.index + 1, total)) return absl::CancelledError("cancelled");
  }
  *shards_out = total;
  return WriteShardManifest(o.out, manifest);
}

int RunGenerateCountry(const GenerateOpts& o) {
  const auto t0 = Clock::now();
  int64_t seekers = 0, vacancies = 0, shards = 0;
  if (auto s = WriteCountry(o, &seekers, &vacancies, &shards); !s.ok()) return Fail(s);
  if (!o.progress.quiet) {
    std::cerr << absl::StrFormat(
        "generated a country of %d cities: %d seekers, %d vacancies into %s/ (manifest.json, "
        "shards/) in %.2f s\n",
        shards, seekers, vacancies, o.out, Seconds(t0));
  }
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
  g->add_flag("--country", o->country,
              "A country of many cities, written as a sharded directory (manifest.json, one "
              "shard per city; docs/data_formats.md)");
  AddNumberOption(g, "--cities", o->cities,
                  "With --country: number of cities (0 = one per 40,000 "
                  "seekers)",
                  IntegerIn(0, kMaxCountryCities));
  AddNumberOption(g, "--zipf", o->zipf, "With --country: city sizes follow 1 / rank^ZIPF",
                  NonNegative(), /*show_default=*/true);
  AddProgressOptions(g, o->progress);
  AddMemoryBudgetOption(g, o->city.memory_budget_bytes);
  return {{g, [o] { return o->country ? RunGenerateCountry(*o) : RunGenerate(*o); }}};
}

}  // namespace jobmatch::cli
