// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "testing/sharded_country.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/io/shards.h"

namespace jobmatch::testing {

namespace fs = std::filesystem;

namespace {

// Industry ids are assigned as the files are read, so rows are compared
// with their industries as names.
std::vector<std::string> IndustryNames(const Vocabulary& v, const std::vector<int32_t>& ids) {
  std::vector<std::string> out;
  for (int32_t id : ids) out.emplace_back(v.industries().Name(id));
  return out;
}

}  // namespace

fs::path FreshDir(const std::string& name) {
  const fs::path d = fs::path(::testing::TempDir()) / ("jobmatch_sharded_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void WriteText(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

City WriteCountry(const fs::path& dir, int cities, bool new_industries,
                  const std::vector<std::string>& extra_groups) {
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
    if (const int k = static_cast<int>(m.shards.size()); new_industries && k > 0) {
      for (size_t r = 0; r < city->vacancies.size(); r += 4) {
        city->vacancies[r].industry = city->vocab.AddIndustry(
            absl::StrCat("新行业-", k - static_cast<int>(r % 8 == 4), "-", r % 3));
      }
      for (size_t r = 0; r < city->seekers.size(); r += 5) {
        city->seekers[r].preferred_industries.push_back(
            city->vocab.AddIndustry(absl::StrCat("新行业-", k, "-", 7 + r % 2)));
      }
    }
    for (size_t g = 0; g < extra_groups.size(); ++g) {
      auto id = city->vocab.AddGroup(extra_groups[g]);
      EXPECT_TRUE(id.ok());
      for (size_t r = g; r < city->seekers.size(); r += 3 + g) {
        city->seekers[r].groups |= GroupMask{1} << *id;
      }
    }
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

void ExpectSameSeeker(const Dataset& a, int64_t i, const Dataset& b, int64_t j) {
  Seeker x = a.seekers().Get(i), y = b.seekers().Get(j);
  ASSERT_EQ(IndustryNames(a.vocabulary(), x.preferred_industries),
            IndustryNames(b.vocabulary(), y.preferred_industries))
      << i << " " << j;
  x.preferred_industries.clear();
  y.preferred_industries.clear();
  ASSERT_TRUE(x == y) << i << " " << j;
}

void ExpectSameVacancy(const Dataset& a, int64_t i, const Dataset& b, int64_t j) {
  Vacancy x = a.vacancies().Get(i), y = b.vacancies().Get(j);
  ASSERT_EQ(a.vocabulary().industries().Name(x.industry),
            b.vocabulary().industries().Name(y.industry))
      << i << " " << j;
  x.industry = y.industry = 0;
  ASSERT_TRUE(x == y) << i << " " << j;
}

Dataset::ShardSelection RandomSelection(std::mt19937_64& rng, int64_t shards) {
  Dataset::ShardSelection sel;
  for (int64_t i = 0; i < shards; ++i) {
    if (rng() % 2) sel.seekers.push_back(i);
    switch (rng() % 3) {
      case 0:
        sel.vacancies.push_back(i);
        break;
      case 1:
        sel.remote_vacancies.push_back(i);
        break;
      default:
        break;
    }
  }
  return sel;
}

void ExpectSameData(const Dataset& a, const Dataset& b) {
  ASSERT_TRUE(a.vocabulary() == b.vocabulary());
  ASSERT_EQ(a.seekers().size(), b.seekers().size());
  ASSERT_EQ(a.vacancies().size(), b.vacancies().size());
  for (int64_t i = 0; i < a.seekers().size(); ++i) {
    ASSERT_TRUE(a.seekers().Get(i) == b.seekers().Get(i)) << "seeker " << i;
  }
  for (int64_t i = 0; i < a.vacancies().size(); ++i) {
    ASSERT_TRUE(a.vacancies().Get(i) == b.vacancies().Get(i)) << "vacancy " << i;
  }
}

}  // namespace jobmatch::testing
