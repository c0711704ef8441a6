// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Sharded directories (io/shards.h, Dataset::LoadShardedCsv): a country
// written shard by shard loads into the same tables as its rows appended in
// one go; every class of bad manifest is refused with the file and the JSON
// path, never a crash; shards that disagree with the manifest are refused.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/synth/country.h"

namespace jobmatch {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  const fs::path d = fs::path(::testing::TempDir()) / ("jobmatch_sharded_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void WriteText(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Writes a small country as `jobmatch generate --country` does; returns all
// rows in shard order.
City WriteCountry(const fs::path& dir, int cities) {
  CountryConfig cc;
  cc.num_seekers = 3000;
  cc.num_vacancies = 400;
  cc.num_cities = cities;
  auto plan = PlanCountry(cc);
  EXPECT_TRUE(plan.ok());
  City all;
  ShardManifest m;
  for (const CountryCity& c : *plan) {
    auto city = GenerateCountryCity(cc, c);
    EXPECT_TRUE(city.ok());
    all.vocab = city->vocab;
    SeekerTable s;
    VacancyTable v;
    EXPECT_TRUE(s.Append(city->seekers, city->vocab).ok());
    EXPECT_TRUE(v.Append(city->vacancies, city->vocab).ok());
    fs::create_directories(dir / "shards" / c.name);
    const std::string sp = "shards/" + c.name + "/seekers.csv",
                      vp = "shards/" + c.name + "/vacancies.csv";
    EXPECT_TRUE(WriteSeekersCsv((dir / sp).string(), s, city->vocab).ok());
    EXPECT_TRUE(WriteVacanciesCsv((dir / vp).string(), v, city->vocab).ok());
    m.shards.push_back(
        DataShard{c.name, sp, vp, s.size(), v.size(), c.center_lat, c.center_lon, c.radius_km});
    all.seekers.insert(all.seekers.end(), city->seekers.begin(), city->seekers.end());
    all.vacancies.insert(all.vacancies.end(), city->vacancies.begin(), city->vacancies.end());
  }
  EXPECT_TRUE(WriteSkillsCsv((dir / "skills.csv").string(), all.vocab).ok());
  EXPECT_TRUE(WriteShardManifest(dir.string(), m).ok());
  return all;
}

TEST(LoadShardedTest, EqualsTheRowsAppendedInOneGo) {
  const fs::path dir = FreshDir("equal");
  City all = WriteCountry(dir, 4);
  ASSERT_TRUE(IsShardedDirectory(dir.string()));
  std::vector<int64_t> seen;
  auto data = Dataset::LoadShardedCsv(dir.string(), Policy::Default(), {},
                                      [&](int64_t done, int64_t total) {
                                        seen.push_back(done);
                                        EXPECT_EQ(total, 4);
                                        return true;
                                      });
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2, 3, 4}));
  auto direct = Dataset::FromRows(all.vocab, all.seekers, all.vacancies, Policy::Default());
  ASSERT_TRUE(direct.ok());
  ASSERT_EQ((*data)->seekers().size(), (*direct)->seekers().size());
  ASSERT_EQ((*data)->vacancies().size(), (*direct)->vacancies().size());
  // Industry ids are assigned as the files are read, so rows are compared
  // with their industries as names.
  const Vocabulary &va = (*data)->vocabulary(), &vb = (*direct)->vocabulary();
  auto names = [](const Vocabulary& v, const std::vector<int32_t>& ids) {
    std::vector<std::string> out;
    for (int32_t id : ids) out.emplace_back(v.industries().Name(id));
    return out;
  };
  for (int64_t i = 0; i < (*data)->seekers().size(); ++i) {
    Seeker a = (*data)->seekers().Get(i), b = (*direct)->seekers().Get(i);
    ASSERT_EQ(names(va, a.preferred_industries), names(vb, b.preferred_industries)) << i;
    a.preferred_industries.clear();
    b.preferred_industries.clear();
    ASSERT_TRUE(a == b) << i;
  }
  for (int64_t i = 0; i < (*data)->vacancies().size(); ++i) {
    Vacancy a = (*data)->vacancies().Get(i), b = (*direct)->vacancies().Get(i);
    ASSERT_EQ(va.industries().Name(a.industry), vb.industries().Name(b.industry)) << i;
    a.industry = b.industry = 0;
    ASSERT_TRUE(a == b) << i;
  }
  auto round = ReadShardManifest(dir.string());
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->shards.size(), 4u);
  EXPECT_TRUE(round->shards[1].center_lat.has_value());
}

TEST(LoadShardedTest, ShardsThatDisagreeWithTheManifestAreRefused) {
  const fs::path dir = FreshDir("counts");
  WriteCountry(dir, 2);
  auto m = ReadShardManifest(dir.string());
  ASSERT_TRUE(m.ok());
  m->shards[1].num_vacancies += 1;
  ASSERT_TRUE(WriteShardManifest(dir.string(), *m).ok());
  auto data = Dataset::LoadShardedCsv(dir.string(), Policy::Default());
  ASSERT_EQ(data.status().code(), absl::StatusCode::kDataLoss) << data.status();
  EXPECT_THAT(std::string(data.status().message()), ::testing::HasSubstr("shard 'C0001'"));
  // The same id in two shards: refused by the table, naming the file.
  m->shards[1].num_vacancies -= 1;
  m->shards[1].seekers = m->shards[0].seekers;
  m->shards[1].num_seekers = m->shards[0].num_seekers;
  ASSERT_TRUE(WriteShardManifest(dir.string(), *m).ok());
  data = Dataset::LoadShardedCsv(dir.string(), Policy::Default());
  ASSERT_FALSE(data.ok());
  EXPECT_THAT(std::string(data.status().message()), ::testing::HasSubstr("already in the table"));
}

// Every class of bad manifest: each is refused with a message that starts
// with the manifest's path; none crashes.
TEST(LoadShardedTest, BadManifestsAreRefusedByClass) {
  const fs::path dir = FreshDir("bad");
  WriteCountry(dir, 2);
  const std::string path = (dir / kShardManifestFile).string();
  std::ifstream in(path);
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "JSON"},
      {"[]", "must be a JSON object"},
      {"{\"format\": \"x\"}", "format"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 2}", "version"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"s.csv\"}", "shards"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"../s.csv\", \"shards\": "
       "[]}",
       "skills: must stay inside the directory"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"/etc/passwd\", "
       "\"shards\": []}",
       "must be relative"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"s.csv\", \"shards\": [1]}",
       "shards[0]: must be an object"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"s.csv\", \"shards\": "
       "[{\"name\": \"a\", \"seekers\": \"x\", \"vacancies\": \"y\", \"num_seekers\": -1, "
       "\"num_vacancies\": 0}]}",
       "num_seekers: must be an integer >= 0"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"s.csv\", \"shards\": "
       "[{\"name\": \"a\", \"seekers\": \"x\", \"vacancies\": \"y\", \"num_seekers\": 1, "
       "\"num_vacancies\": 0}, {\"name\": \"a\", \"seekers\": \"x\", \"vacancies\": \"y\", "
       "\"num_seekers\": 1, \"num_vacancies\": 0}]}",
       "duplicate shard name"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"s.csv\", \"shards\": "
       "[{\"name\": \"a\", \"seekers\": \"x\", \"vacancies\": \"y\", \"num_seekers\": 1, "
       "\"num_vacancies\": 0, \"center_lat\": 91}]}",
       "center_lat"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"s\\u0000.csv\", "
       "\"shards\": []}",
       "NUL"},
      {"\xff\xfe", "UTF-8"},
  };
  for (const auto& [text, want] : cases) {
    WriteText(path, text);
    auto m = ReadShardManifest(dir.string());
    ASSERT_FALSE(m.ok()) << text;
    EXPECT_THAT(std::string(m.status().message()), ::testing::StartsWith(path)) << text;
    EXPECT_THAT(std::string(m.status().message()), ::testing::HasSubstr(want)) << text;
  }
  // Random damage to a good manifest: refused or read, never a crash.
  std::mt19937_64 rng(4);
  for (int t = 0; t < 300; ++t) {
    std::string text = good;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = static_cast<char>(rng() & 0xFF);
          break;
        case 1:
          text.erase(at, 1 + rng() % 20);
          break;
        default:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), "{}[]\",:0-9e."[rng() % 12]);
      }
      if (text.empty()) text.push_back('{');
    }
    WriteText(path, text);
    auto data = Dataset::LoadShardedCsv(dir.string(), Policy::Default());
    if (!data.ok()) {
      EXPECT_FALSE(std::string(data.status().message()).empty());
    }
  }
}

}  // namespace
}  // namespace jobmatch
