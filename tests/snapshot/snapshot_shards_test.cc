// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Snapshot shards (snapshot.h: SaveSnapshotShards, LoadShardedData and
// LoadShardedDataPart): a directory of snapshot shards, or one that mixes
// snapshot and CSV shards, loads into exactly the data set of its CSV
// shards — vocabulary and industry ids included — whole or in random parts,
// at every thread count; every class of bad shard is refused with the file
// named, in the order of reading the shards one after the other.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/snapshot/snapshot.h"
#include "testing/sharded_country.h"

namespace jobmatch {
namespace {

namespace fs = std::filesystem;
using testing::ExpectSameData;
using testing::FreshDir;
using ::testing::HasSubstr;
using testing::RandomSelection;
using testing::WriteCountry;
using testing::WriteText;

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A CSV country of `cities` shards in DIR/csv and its snapshot shards in
// DIR/snap.
struct Country {
  fs::path csv, snap;
};
Country MakeCountry(const std::string& name, int cities, const Policy& policy = Policy::Default()) {
  const fs::path root = FreshDir("snapshot_" + name);
  Country c{root / "csv", root / "snap"};
  fs::create_directories(c.csv);
  WriteCountry(c.csv, cities, /*new_industries=*/true, policy.extra_groups);
  const absl::Status saved = SaveSnapshotShards(c.csv.string(), c.snap.string(), policy);
  EXPECT_TRUE(saved.ok()) << saved;
  return c;
}

TEST(SnapshotShardsTest, LoadExactlyAsTheirCsvShards) {
  const Country c = MakeCountry("equal", 7);
  auto manifest = ReadShardManifest(c.snap.string());
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  auto csv_manifest = ReadShardManifest(c.csv.string());
  ASSERT_TRUE(csv_manifest.ok());
  EXPECT_THAT(ReadText(c.snap / kShardManifestFile), HasSubstr("\"version\": 2"));
  EXPECT_THAT(ReadText(c.csv / kShardManifestFile), HasSubstr("\"version\": 1"));
  ASSERT_EQ(manifest->shards.size(), 7u);
  for (size_t i = 0; i < manifest->shards.size(); ++i) {
    const DataShard& s = manifest->shards[i];
    const DataShard& t = csv_manifest->shards[i];
    EXPECT_TRUE(s.is_snapshot());
    EXPECT_FALSE(t.is_snapshot());
    EXPECT_EQ(s.seekers, "shards/" + t.name + "/seekers.jms");
    EXPECT_EQ(s.vacancies, "shards/" + t.name + "/vacancies.jms");
    EXPECT_EQ(
        std::tie(s.name, s.num_seekers, s.num_vacancies, s.center_lat, s.center_lon, s.radius_km),
        std::tie(t.name, t.num_seekers, t.num_vacancies, t.center_lat, t.center_lon, t.radius_km));
    for (const std::string& file : {s.seekers, s.vacancies}) {
      struct stat st {};
      ASSERT_EQ(::stat((c.snap / file).c_str(), &st), 0);
      EXPECT_EQ(st.st_mode & 0777, 0600u) << "shard snapshots hold personal data";
    }
    // Each file holds one table, under the shard's vocabulary.
    auto seekers = LoadSnapshot((c.snap / s.seekers).string());
    auto vacancies = LoadSnapshot((c.snap / s.vacancies).string());
    ASSERT_TRUE(seekers.ok() && vacancies.ok());
    EXPECT_EQ((*seekers)->seekers().size(), t.num_seekers);
    EXPECT_EQ((*seekers)->vacancies().size(), 0);
    EXPECT_EQ((*vacancies)->seekers().size(), 0);
    EXPECT_EQ((*vacancies)->vacancies().size(), t.num_vacancies);
  }
  auto want = Dataset::LoadShardedCsv(c.csv.string(), Policy::Default());
  ASSERT_TRUE(want.ok()) << want.status();
  ASSERT_TRUE((*want)->vocabulary().FindIndustry("新行业-6-8").has_value());
  for (int threads : {1, 2, 3, 0}) {
    SCOPED_TRACE(::testing::Message() << "threads " << threads);
    std::vector<int64_t> seen;
    auto got = LoadShardedData(
        c.snap.string(), Policy::Default(), {},
        [&](int64_t done, int64_t total) {
          EXPECT_EQ(total, 7);
          seen.push_back(done);
          return true;
        },
        threads);
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 7);
    ASSERT_NO_FATAL_FAILURE(ExpectSameData(**got, **want));
    // The CSV directory through the general reader.
    auto csv = LoadShardedData(c.csv.string(), Policy::Default(), {}, nullptr, threads);
    ASSERT_TRUE(csv.ok()) << csv.status();
    ASSERT_NO_FATAL_FAILURE(ExpectSameData(**csv, **want));
  }
  // The dataset layer's reader knows no snapshot format: it says which
  // reader does.
  auto refused = Dataset::LoadShardedCsv(c.snap.string(), Policy::Default());
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("LoadShardedData"));
}

// Directories that mix both kinds (random subsets of the shards as
// snapshots) load as the CSV directory, whole and in random parts.
TEST(SnapshotShardsTest, MixedDirectoriesAndPartsLoadAsCsv) {
  const Country c = MakeCountry("mixed", 6);
  auto csv = ReadShardManifest(c.csv.string());
  auto snap = ReadShardManifest(c.snap.string());
  ASSERT_TRUE(csv.ok() && snap.ok());
  const int64_t shards = static_cast<int64_t>(csv->shards.size());
  // Snapshot files beside the CSV shards.
  for (const DataShard& s : snap->shards) {
    for (const std::string& file : {s.seekers, s.vacancies}) {
      fs::create_directories((c.csv / file).parent_path());
      fs::copy_file(c.snap / file, c.csv / file, fs::copy_options::overwrite_existing);
    }
  }
  std::mt19937_64 rng(23);
  int remote_only = 0;
  for (int trial = 0; trial < 30; ++trial) {
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    // The mixed directory: the CSV directory with another manifest.
    ShardManifest m = *csv;
    for (int64_t i = 0; i < shards; ++i) {
      if (trial % 3 == 2 || rng() % 2) {
        m.shards[i].format = ShardFormat::kSnapshot;
        m.shards[i].seekers = snap->shards[i].seekers;
        m.shards[i].vacancies = snap->shards[i].vacancies;
      }
    }
    ASSERT_TRUE(WriteShardManifest(c.csv.string(), m).ok());
    const Dataset::ShardSelection sel = RandomSelection(rng, shards);
    remote_only += static_cast<int>(sel.remote_vacancies.size());
    const int threads = 1 + trial % 3;
    auto got = LoadShardedDataPart(c.csv.string(), Policy::Default(), sel, {}, nullptr, threads);
    ASSERT_TRUE(WriteShardManifest(c.csv.string(), *csv).ok());  // all CSV again
    auto want = Dataset::LoadShardedCsvPart(c.csv.string(), Policy::Default(), sel);
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_TRUE(want.ok()) << want.status();
    ASSERT_EQ(got->seeker_rows, want->seeker_rows);
    ASSERT_EQ(got->vacancy_rows, want->vacancy_rows);
    ASSERT_NO_FATAL_FAILURE(ExpectSameData(*got->data, *want->data));
    if (trial % 5 == 0) {  // whole loads too
      ASSERT_TRUE(WriteShardManifest(c.csv.string(), m).ok());
      auto whole = LoadShardedData(c.csv.string(), Policy::Default(), {}, nullptr, threads);
      ASSERT_TRUE(WriteShardManifest(c.csv.string(), *csv).ok());
      auto whole_csv = Dataset::LoadShardedCsv(c.csv.string(), Policy::Default());
      ASSERT_TRUE(whole.ok() && whole_csv.ok()) << whole.status();
      ASSERT_NO_FATAL_FAILURE(ExpectSameData(**whole, **whole_csv));
    }
  }
  EXPECT_GT(remote_only, 10);
}

// Shards saved under a policy with its own key group need that policy; a
// skills file that lacks a snapshot's skill is refused. Messages name the
// file and the vocabulary's names, never a row's memberships.
TEST(SnapshotShardsTest, VocabularyMismatchesAreRefused) {
  Policy with_group = Policy::Default();
  with_group.extra_groups = {"returning_migrant", "gig_worker"};
  const Country c = MakeCountry("groups", 3, with_group);
  auto refused = LoadShardedData(c.snap.string(), Policy::Default());
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << refused.status();
  const std::string message(refused.status().message());
  EXPECT_THAT(message, HasSubstr("returning_migrant"));
  EXPECT_THAT(message, HasSubstr((c.snap / "shards" / "C0000" / "seekers.jms").string()));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("C0000-S")));
  // Under a policy that declares the groups in another order, memberships
  // follow the names.
  Policy reordered = Policy::Default();
  reordered.extra_groups = {"gig_worker", "returning_migrant"};
  for (const Policy& p : {with_group, reordered}) {
    auto loaded = LoadShardedData(c.snap.string(), p);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    auto want = Dataset::LoadShardedCsv(c.csv.string(), p);
    ASSERT_TRUE(want.ok()) << want.status();
    ASSERT_NO_FATAL_FAILURE(ExpectSameData(**loaded, **want));
    const GroupMask migrant = GroupMask{1}
                              << *(*loaded)->vocabulary().FindGroup("returning_migrant");
    int64_t members = 0;
    for (GroupMask g : (*loaded)->seekers().groups()) members += (g & migrant) != 0;
    EXPECT_GT(members, 500);
  }
  // A skills file without the last skill.
  std::string skills = ReadText(c.snap / "skills.csv");
  skills.erase(skills.find_last_of('\n', skills.size() - 2) + 1);
  WriteText(c.snap / "skills.csv", skills);
  auto no_skill = LoadShardedData(c.snap.string(), with_group);
  ASSERT_EQ(no_skill.status().code(), absl::StatusCode::kInvalidArgument) << no_skill.status();
  EXPECT_THAT(std::string(no_skill.status().message()), HasSubstr("skills file"));
}

// Damaged shards by class — missing, not a snapshot, truncated, flipped
// bytes, counts that disagree with the manifest, an id in two shards — are
// refused naming the shard's file; with two damaged shards the first in
// manifest order is reported, whatever the thread count.
TEST(SnapshotShardsTest, BadShardsAreRefusedInReadingOrder) {
  const Country c = MakeCountry("bad", 6);
  auto m = ReadShardManifest(c.snap.string());
  ASSERT_TRUE(m.ok());
  // A shard's seekers file (seekers = true) or vacancies file.
  const auto file = [&](int shard, bool seekers) {
    return c.snap / (seekers ? m->shards[shard].seekers : m->shards[shard].vacancies);
  };
  std::vector<std::string> saved;
  for (int i = 0; i < 6; ++i) {
    saved.push_back(ReadText(file(i, true)));
    saved.push_back(ReadText(file(i, false)));
  }
  const auto restore = [&] {
    for (int i = 0; i < 6; ++i) {
      WriteText(file(i, true), saved[2 * i]);
      WriteText(file(i, false), saved[2 * i + 1]);
    }
    ASSERT_TRUE(WriteShardManifest(c.snap.string(), *m).ok());
  };
  std::mt19937_64 rng(5);
  using Damage = std::function<void(const fs::path&, const std::string&)>;
  const std::vector<std::pair<std::string, Damage>> damages = {
      {"missing", [&](const fs::path& p, const std::string&) { fs::remove(p); }},
      {"csv", [&](const fs::path& p, const std::string&) { WriteText(p, "id,lat,lon\nS1,1,2\n"); }},
      {"truncated",
       [&](const fs::path& p, const std::string& good) {
         WriteText(p, good.substr(0, rng() % good.size()));
       }},
      {"flipped",
       [&](const fs::path& p, const std::string& good) {
         std::string bytes = good;
         bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
         WriteText(p, bytes);
       }},
      {"empty", [&](const fs::path& p, const std::string&) { WriteText(p, ""); }},
      {"the other table",  // a vacancies snapshot where the seekers one belongs, and back
       [&](const fs::path& p, const std::string&) {
         for (int i = 0; i < 6; ++i) {
           if (p == file(i, true)) WriteText(p, saved[2 * i + 1]);
           if (p == file(i, false)) WriteText(p, saved[2 * i]);
         }
       }},
  };
  for (const auto& [name, damage] : damages) {
    for (int round = 0; round < 4; ++round) {
      SCOPED_TRACE(::testing::Message() << name << " round " << round);
      restore();
      const int first = static_cast<int>(rng() % 5);
      const int later = first + 1 + static_cast<int>(rng() % (5 - first));
      const bool first_seekers = rng() % 2 == 0, later_seekers = rng() % 2 == 0;
      damage(file(later, later_seekers), saved[2 * later + (later_seekers ? 0 : 1)]);
      damage(file(first, first_seekers), saved[2 * first + (first_seekers ? 0 : 1)]);
      auto want = LoadShardedData(c.snap.string(), Policy::Default(), {}, nullptr, 1);
      ASSERT_FALSE(want.ok());
      EXPECT_THAT(std::string(want.status().message()),
                  HasSubstr(file(first, first_seekers).string()));
      for (int threads : {2, 3, 8}) {
        auto got = LoadShardedData(c.snap.string(), Policy::Default(), {}, nullptr, threads);
        EXPECT_EQ(got.status(), want.status()) << "threads " << threads;
      }
      // A part reads only the files of the tables it selects: the damaged
      // file fails it, the other table of the shard does not.
      using Sel = Dataset::ShardSelection;
      const std::vector<int64_t> one{first};
      const Sel reads_damaged = first_seekers ? Sel{one, {}, {}} : Sel{{}, {}, one};
      const Sel reads_other = first_seekers ? Sel{{}, {}, one} : Sel{one, {}, {}};
      EXPECT_FALSE(LoadShardedDataPart(c.snap.string(), Policy::Default(), reads_damaged).ok());
      auto other = LoadShardedDataPart(c.snap.string(), Policy::Default(), reads_other);
      EXPECT_TRUE(other.ok()) << other.status();
      std::vector<int64_t> rest;
      for (int i = 0; i < 6; ++i) {
        if (i != first && i != later) rest.push_back(i);
      }
      EXPECT_TRUE(
          LoadShardedDataPart(c.snap.string(), Policy::Default(), Sel{rest, rest, {}}).ok());
    }
  }
  // Counts that disagree with the manifest.
  restore();
  ShardManifest wrong = *m;
  wrong.shards[3].num_vacancies += 1;
  ASSERT_TRUE(WriteShardManifest(c.snap.string(), wrong).ok());
  auto count = LoadShardedData(c.snap.string(), Policy::Default());
  ASSERT_EQ(count.status().code(), absl::StatusCode::kDataLoss) << count.status();
  EXPECT_THAT(std::string(count.status().message()), HasSubstr("shard 'C0003' declares"));
  // One shard's files listed twice: its ids are already in the table.
  wrong = *m;
  wrong.shards[4] = m->shards[1];
  wrong.shards[4].name = "again";
  ASSERT_TRUE(WriteShardManifest(c.snap.string(), wrong).ok());
  auto dup = LoadShardedData(c.snap.string(), Policy::Default(), {}, nullptr, 1);
  ASSERT_EQ(dup.status().code(), absl::StatusCode::kInvalidArgument) << dup.status();
  EXPECT_THAT(std::string(dup.status().message()),
              HasSubstr(file(1, true).string() + ": seekers row 1: column 'id'"));
  EXPECT_THAT(std::string(dup.status().message()), HasSubstr("already in the table"));
  for (int threads : {2, 3}) {
    EXPECT_EQ(LoadShardedData(c.snap.string(), Policy::Default(), {}, nullptr, threads).status(),
              dup.status());
  }
  restore();
  EXPECT_TRUE(LoadShardedData(c.snap.string(), Policy::Default()).ok());
}

// Shard names that are no plain file names, or that differ only in case,
// get directories of their own.
TEST(SnapshotShardsTest, ShardNamesThatAreNoFileNamesGetTheirOwnDirectories) {
  const Country c = MakeCountry("names", 4);
  auto m = ReadShardManifest(c.csv.string());
  ASSERT_TRUE(m.ok());
  m->shards[0].name = "青岛/市南";
  m->shards[1].name = "~2";
  m->shards[2].name = "c0003";  // the next one is C0003
  ASSERT_TRUE(WriteShardManifest(c.csv.string(), *m).ok());
  const fs::path out = c.snap.parent_path() / "names";
  ASSERT_TRUE(SaveSnapshotShards(c.csv.string(), out.string(), Policy::Default()).ok());
  auto snap = ReadShardManifest(out.string());
  ASSERT_TRUE(snap.ok());
  std::vector<std::string> dirs;
  for (const DataShard& s : snap->shards)
    dirs.push_back(fs::path(s.seekers).parent_path().string());
  EXPECT_EQ(dirs,
            (std::vector<std::string>{"shards/~0", "shards/~1", "shards/c0003", "shards/~3"}));
  auto got = LoadShardedData(out.string(), Policy::Default());
  auto want = Dataset::LoadShardedCsv(c.csv.string(), Policy::Default());
  ASSERT_TRUE(got.ok() && want.ok()) << got.status();
  ASSERT_NO_FATAL_FAILURE(ExpectSameData(**got, **want));
}

// Saving refuses its own source, and a save that fails or is cancelled
// leaves no manifest (an earlier one is removed first), so the target is
// never read as a data set.
TEST(SnapshotShardsTest, FailedSavesLeaveNoManifest) {
  const Country c = MakeCountry("save", 4);
  auto same = SaveSnapshotShards(c.csv.string(), c.csv.string(), Policy::Default());
  ASSERT_EQ(same.code(), absl::StatusCode::kInvalidArgument) << same;
  ASSERT_TRUE(IsShardedDirectory(c.snap.string()));
  // Cancelled (at the first report: progress is reported every 200 ms).
  auto cancelled = SaveSnapshotShards(
      c.csv.string(), c.snap.string(), Policy::Default(), [](int64_t, int64_t) { return false; },
      1);
  EXPECT_EQ(cancelled.code(), absl::StatusCode::kCancelled) << cancelled;
  EXPECT_FALSE(IsShardedDirectory(c.snap.string()));
  // A damaged source shard.
  ASSERT_TRUE(SaveSnapshotShards(c.csv.string(), c.snap.string(), Policy::Default()).ok());
  auto m = ReadShardManifest(c.csv.string());
  ASSERT_TRUE(m.ok());
  std::ofstream(c.csv / m->shards[2].vacancies, std::ios::app) << "V-bad\n";
  auto failed = SaveSnapshotShards(c.csv.string(), c.snap.string(), Policy::Default());
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(std::string(failed.message()), HasSubstr(m->shards[2].vacancies));
  EXPECT_FALSE(IsShardedDirectory(c.snap.string()));
  // A source that is not a sharded directory.
  auto not_sharded = SaveSnapshotShards(c.snap.string(), c.csv.string() + "-x", Policy::Default());
  EXPECT_EQ(not_sharded.code(), absl::StatusCode::kNotFound) << not_sharded;
}

}  // namespace
}  // namespace jobmatch
