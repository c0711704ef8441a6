// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Sharded directories (io/shards.h, Dataset::LoadShardedCsv): a country
// written shard by shard loads into the same tables as its rows appended in
// one go; every class of bad manifest is refused with the file and the JSON
// path, never a crash; shards that disagree with the manifest are refused.
#include <algorithm>
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
#include "testing/sharded_country.h"

namespace jobmatch {
namespace {

namespace fs = std::filesystem;
using testing::ExpectSameSeeker;
using testing::ExpectSameVacancy;
using testing::FreshDir;
using testing::WriteCountry;
using testing::WriteText;

TEST(LoadShardedTest, EqualsTheRowsAppendedInOneGo) {
  const fs::path dir = FreshDir("equal");
  City all = WriteCountry(dir, 4);
  ASSERT_TRUE(IsShardedDirectory(dir.string()));
  auto data = Dataset::LoadShardedCsv(dir.string(), Policy::Default());
  ASSERT_TRUE(data.ok()) << data.status();
  auto direct = Dataset::FromRows(all.vocab, all.seekers, all.vacancies, Policy::Default());
  ASSERT_TRUE(direct.ok());
  ASSERT_EQ((*data)->seekers().size(), (*direct)->seekers().size());
  ASSERT_EQ((*data)->vacancies().size(), (*direct)->vacancies().size());
  for (int64_t i = 0; i < (*data)->seekers().size(); ++i) {
    ASSERT_NO_FATAL_FAILURE(ExpectSameSeeker(**data, i, **direct, i));
  }
  for (int64_t i = 0; i < (*data)->vacancies().size(); ++i) {
    ASSERT_NO_FATAL_FAILURE(ExpectSameVacancy(**data, i, **direct, i));
  }
  auto round = ReadShardManifest(dir.string());
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->shards.size(), 4u);
  EXPECT_TRUE(round->shards[1].center_lat.has_value());
}

// Shards are parsed on several threads and appended in manifest order: the
// data set is the same for every thread count — industry ids included, where
// shards name industries the earlier ones did not — and so is the error
// reported when several shards are bad (the first in manifest order).
// Progress runs from 0 to the shard count.
TEST(LoadShardedTest, ThreadCountChangesNothing) {
  const fs::path dir = FreshDir("threads");
  WriteCountry(dir, 7, /*new_industries=*/true);
  auto one = Dataset::LoadShardedCsv(dir.string(), Policy::Default(), {}, nullptr, 1);
  ASSERT_TRUE(one.ok()) << one.status();
  const Vocabulary& vocab = (*one)->vocabulary();
  ASSERT_TRUE(vocab.FindIndustry("新行业-6-8").has_value());
  ASSERT_LT(*vocab.FindIndustry("新行业-1-0"), *vocab.FindIndustry("新行业-2-0"));
  for (int threads : {2, 3, 8, 0}) {
    SCOPED_TRACE(::testing::Message() << "threads " << threads);
    std::vector<int64_t> seen;
    auto many = Dataset::LoadShardedCsv(
        dir.string(), Policy::Default(), {},
        [&](int64_t done, int64_t total) {
          EXPECT_EQ(total, 7);
          seen.push_back(done);
          return true;
        },
        threads);
    ASSERT_TRUE(many.ok()) << many.status();
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), 0);
    EXPECT_EQ(seen.back(), 7);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    ASSERT_TRUE((*many)->vocabulary().industries() == vocab.industries());
    ASSERT_EQ((*many)->seekers().size(), (*one)->seekers().size());
    ASSERT_EQ((*many)->vacancies().size(), (*one)->vacancies().size());
    for (int64_t i = 0; i < (*one)->seekers().size(); ++i) {
      ASSERT_TRUE((*many)->seekers().Get(i) == (*one)->seekers().Get(i)) << i;
    }
    for (int64_t i = 0; i < (*one)->vacancies().size(); ++i) {
      ASSERT_TRUE((*many)->vacancies().Get(i) == (*one)->vacancies().Get(i)) << i;
    }
  }
  // Bad shards: each damage alone, then with a later one; the message is
  // the one reading the shards in turn gives, for every thread count.
  auto m = ReadShardManifest(dir.string());
  ASSERT_TRUE(m.ok());
  const auto file = [&](int shard, bool seekers) {
    return dir / (seekers ? m->shards[shard].seekers : m->shards[shard].vacancies);
  };
  const auto append = [](const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary | std::ios::app) << text;
  };
  std::vector<std::pair<fs::path, std::string>> saved;
  for (int shard = 0; shard < 7; ++shard) {
    for (bool seekers : {true, false}) {
      std::ifstream in(file(shard, seekers), std::ios::binary);
      saved.emplace_back(file(shard, seekers), std::string((std::istreambuf_iterator<char>(in)),
                                                           std::istreambuf_iterator<char>()));
    }
  }
  const auto restore = [&] {
    for (const auto& [p, text] : saved) WriteText(p, text);
  };
  struct Damage {
    int shard;
    bool seekers;
    std::string text;  // appended to the file
  };
  const std::vector<std::vector<Damage>> cases = {
      {{2, true, "S-bad,not-a-number\n"}},           {{4, false, "V-bad\n"}},
      {{2, false, "V-bad\n"}, {5, true, "S-bad\n"}}, {{5, true, "S-bad\n"}, {2, false, "V-bad\n"}},
      {{3, true, "S-bad\n"}, {3, false, "V-bad\n"}}, {{1, false, "V-bad\n"}, {1, true, "S-bad\n"}},
  };
  for (const auto& damages : cases) {
    restore();
    for (const Damage& d : damages) append(file(d.shard, d.seekers), d.text);
    auto want = Dataset::LoadShardedCsv(dir.string(), Policy::Default(), {}, nullptr, 1);
    ASSERT_FALSE(want.ok());
    // The first damaged file in reading order: a shard's seekers, then its
    // vacancies.
    Damage first = damages[0];
    for (const Damage& d : damages) {
      if (d.shard < first.shard || (d.shard == first.shard && d.seekers && !first.seekers)) {
        first = d;
      }
    }
    EXPECT_THAT(std::string(want.status().message()),
                ::testing::HasSubstr(file(first.shard, first.seekers).string()));
    for (int threads : {2, 3, 8}) {
      auto got = Dataset::LoadShardedCsv(dir.string(), Policy::Default(), {}, nullptr, threads);
      ASSERT_FALSE(got.ok());
      EXPECT_EQ(got.status(), want.status()) << "threads " << threads;
    }
  }
  // The same id in two shards and a later bad file: the duplicate is
  // reported, naming the second file.
  restore();
  WriteText(file(4, true), saved[2 * 1].second);
  append(file(6, false), "V-bad\n");
  auto dup = Dataset::LoadShardedCsv(dir.string(), Policy::Default(), {}, nullptr, 1);
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(std::string(dup.status().message()), ::testing::HasSubstr("already in the table"));
  for (int threads : {2, 3, 8}) {
    auto got = Dataset::LoadShardedCsv(dir.string(), Policy::Default(), {}, nullptr, threads);
    EXPECT_EQ(got.status(), dup.status()) << "threads " << threads;
  }
  restore();
}

// Random parts of a country (LoadShardedCsvPart, what each task of
// jobmatch.distributed reads): every row loaded equals the whole load's row
// at the reported position; a shard read whole brings all its rows, a
// remote-only shard exactly its remote posts; rows ascend.
TEST(LoadShardedTest, PartsEqualTheWholeLoadAtTheirRows) {
  const fs::path dir = FreshDir("parts");
  WriteCountry(dir, 6);
  auto whole = Dataset::LoadShardedCsv(dir.string(), Policy::Default());
  ASSERT_TRUE(whole.ok()) << whole.status();
  auto m = ReadShardManifest(dir.string());
  ASSERT_TRUE(m.ok());
  const int64_t shards = static_cast<int64_t>(m->shards.size());
  std::vector<int64_t> seeker_start{0}, vacancy_start{0};
  for (const DataShard& s : m->shards) {
    seeker_start.push_back(seeker_start.back() + s.num_seekers);
    vacancy_start.push_back(vacancy_start.back() + s.num_vacancies);
  }
  const std::vector<uint8_t>& remote = (*whole)->vacancies().remote();
  int remote_rows_checked = 0;
  std::mt19937_64 rng(17);
  for (int trial = 0; trial < 40; ++trial) {
    const Dataset::ShardSelection sel = testing::RandomSelection(rng, shards);
    auto part = Dataset::LoadShardedCsvPart(dir.string(), Policy::Default(), sel);
    ASSERT_TRUE(part.ok()) << part.status();
    std::vector<int64_t> want_seekers, want_vacancies;
    for (int64_t i = 0; i < shards; ++i) {
      const bool s = std::count(sel.seekers.begin(), sel.seekers.end(), i) > 0;
      const bool all = std::count(sel.vacancies.begin(), sel.vacancies.end(), i) > 0;
      const bool rem = std::count(sel.remote_vacancies.begin(), sel.remote_vacancies.end(), i) > 0;
      for (int64_t r = seeker_start[i]; s && r < seeker_start[i + 1]; ++r) {
        want_seekers.push_back(r);
      }
      for (int64_t r = vacancy_start[i]; r < vacancy_start[i + 1]; ++r) {
        if (all || (rem && remote[r])) want_vacancies.push_back(r);
        remote_rows_checked += rem && remote[r];
      }
    }
    ASSERT_EQ(part->seeker_rows, want_seekers) << "trial " << trial;
    ASSERT_EQ(part->vacancy_rows, want_vacancies) << "trial " << trial;
    ASSERT_EQ(part->data->seekers().size(), static_cast<int64_t>(want_seekers.size()));
    ASSERT_EQ(part->data->vacancies().size(), static_cast<int64_t>(want_vacancies.size()));
    for (size_t i = 0; i < want_seekers.size(); ++i) {
      ASSERT_NO_FATAL_FAILURE(
          ExpectSameSeeker(*part->data, static_cast<int64_t>(i), **whole, want_seekers[i]));
    }
    for (size_t i = 0; i < want_vacancies.size(); ++i) {
      ASSERT_NO_FATAL_FAILURE(
          ExpectSameVacancy(*part->data, static_cast<int64_t>(i), **whole, want_vacancies[i]));
    }
  }
  EXPECT_GT(remote_rows_checked, 20) << "the country must have remote posts";
}

// Selections that are not ascending, repeat a shard, name a shard the
// manifest lacks, or read a shard both whole and remote-only are refused
// before anything is read; a remote-only shard's file is still checked
// against the manifest.
TEST(LoadShardedTest, BadSelectionsAndRemoteShardCountsAreRefused) {
  const fs::path dir = FreshDir("selections");
  WriteCountry(dir, 3);
  using Sel = Dataset::ShardSelection;
  const Sel bad[] = {Sel{{1, 0}, {}, {}}, Sel{{0, 0}, {}, {}}, Sel{{3}, {}, {}},
                     Sel{{}, {-1}, {}},   Sel{{}, {}, {2, 1}}, Sel{{}, {1}, {1}}};
  for (const Sel& s : bad) {
    auto part = Dataset::LoadShardedCsvPart(dir.string(), Policy::Default(), s);
    ASSERT_EQ(part.status().code(), absl::StatusCode::kInvalidArgument) << part.status();
    EXPECT_THAT(std::string(part.status().message()), ::testing::HasSubstr("shard selection"));
  }
  auto m = ReadShardManifest(dir.string());
  ASSERT_TRUE(m.ok());
  m->shards[2].num_vacancies += 1;
  ASSERT_TRUE(WriteShardManifest(dir.string(), *m).ok());
  auto part = Dataset::LoadShardedCsvPart(dir.string(), Policy::Default(), Sel{{0}, {0}, {2}});
  ASSERT_EQ(part.status().code(), absl::StatusCode::kDataLoss) << part.status();
  EXPECT_THAT(std::string(part.status().message()), ::testing::HasSubstr("shard 'C0002'"));
  // The shards not read are not checked: a part without shard 2 loads.
  EXPECT_TRUE(
      Dataset::LoadShardedCsvPart(dir.string(), Policy::Default(), Sel{{0, 1}, {0, 1}, {}}).ok());
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
      {"{\"format\": \"jobmatch-shards\", \"version\": 3}", "version"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 1, \"skills\": \"s.csv\", \"shards\": "
       "[{\"name\": \"a\", \"format\": \"snapshot\", \"seekers\": \"x\", \"vacancies\": \"y\", "
       "\"num_seekers\": 1, \"num_vacancies\": 0}]}",
       "shards[0].format: snapshot shards need manifest version 2"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 2, \"skills\": \"s.csv\", \"shards\": "
       "[{\"name\": \"a\", \"format\": \"parquet\", \"seekers\": \"x\", \"vacancies\": \"y\", "
       "\"num_seekers\": 1, \"num_vacancies\": 0}]}",
       "shards[0].format: must be \"csv\" or \"snapshot\""},
      {"{\"format\": \"jobmatch-shards\", \"version\": 2, \"skills\": \"s.csv\", \"shards\": "
       "[{\"name\": \"a\", \"format\": 2, \"seekers\": \"x\", \"vacancies\": \"y\", "
       "\"num_seekers\": 1, \"num_vacancies\": 0}]}",
       "shards[0].format: must be"},
      {"{\"format\": \"jobmatch-shards\", \"version\": 2, \"skills\": \"s.csv\", \"shards\": "
       "[{\"name\": \"a\", \"format\": \"snapshot\", \"seekers\": \"../x.jms\", "
       "\"vacancies\": \"y\", \"num_seekers\": 1, \"num_vacancies\": 0}]}",
       "shards[0].seekers: must stay inside the directory"},
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
