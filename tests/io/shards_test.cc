// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The manifest of a sharded directory as text (io/internal/shard_manifest.h,
// behind ReadShardManifest and WriteShardManifest): every field given every
// JSON type is refused with the manifest's name and the field's JSON path, or
// read; never an exception. What the writer writes reads back equal. The
// directory-level classes (bad paths, counts, shards that disagree with the
// manifest) are in tests/dataset/load_sharded_test.cc; tests/fuzz/
// manifest_fuzz.cc fuzzes the same entry point.
#include "jobmatch/io/shards.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/internal/shard_manifest.h"
#include "nlohmann/json.hpp"

namespace jobmatch {
namespace {

using Json = nlohmann::ordered_json;
using internal::ParseShardManifest;
using internal::ShardManifestText;

constexpr char kSource[] = "DIR/manifest.json";

Json GoodManifest() {
  return Json::parse(R"({
    "format": "jobmatch-shards", "version": 2, "skills": "skills.csv",
    "shards": [
      {"name": "C0000", "format": "snapshot", "seekers": "shards/C0000/seekers.jms",
       "vacancies": "shards/C0000/vacancies.jms", "num_seekers": 3, "num_vacancies": 1,
       "center_lat": 31.2, "center_lon": 121.5, "radius_km": 40},
      {"name": "青岛", "seekers": "shards/q/seekers.csv", "vacancies": "shards/q/vacancies.csv",
       "num_seekers": 0, "num_vacancies": 0}
    ]})");
}

// One value of every JSON type, and the edge values of numbers.
std::vector<Json> EveryType() {
  return {Json(nullptr),   Json(true),
          Json(false),     Json(0),
          Json(-1),        Json(1),
          Json(2),         Json(3),
          Json(1.5),       Json(-0.0),
          Json(1e300),     Json(18446744073709551615ULL),
          Json(INT64_MIN), Json(""),
          Json("x"),       Json("../x"),
          Json("/x"),      Json("snapshot"),
          Json("csv"),     Json("jobmatch-shards"),
          Json::array(),   Json::array({1, 2}),
          Json::object(),  Json({{"a", 1}})};
}

// Where a field's JSON path starts in an error about it.
std::string PathOf(const std::vector<std::string>& keys) {
  if (keys.size() == 1) return keys[0];
  return absl::StrCat("shards[", keys[1], "].", keys[2]);
}

void ExpectReadOrRefusedNamingField(const Json& doc, const std::string& field) {
  const std::string text = doc.dump();
  absl::StatusOr<ShardManifest> m;
  ASSERT_NO_THROW(m = ParseShardManifest(text, kSource)) << text;
  if (m.ok()) return;
  const std::string msg(m.status().message());
  EXPECT_THAT(msg, ::testing::StartsWith(absl::StrCat(kSource, ": "))) << text;
  // The field, its shard, or the level that lacks it (a missing key is
  // reported at its object).
  EXPECT_TRUE(
      msg.find(field) != std::string::npos || msg.find("(top level)") != std::string::npos ||
      msg.find("shards[") != std::string::npos || msg.find(": shards:") != std::string::npos)
      << text << " -> " << msg;
}

TEST(ShardManifestTest, EveryFieldWithEveryTypeIsReadOrRefusedByName) {
  const Json good = GoodManifest();
  ASSERT_TRUE(ParseShardManifest(good.dump(), kSource).ok());
  std::vector<std::vector<std::string>> fields = {{"format"}, {"version"}, {"skills"}, {"shards"}};
  for (const char* key : {"name", "format", "seekers", "vacancies", "num_seekers", "num_vacancies",
                          "center_lat", "center_lon", "radius_km"}) {
    fields.push_back({"shards", "0", key});
    fields.push_back({"shards", "1", key});
  }
  int refused = 0, read = 0;
  for (const auto& keys : fields) {
    for (const Json& value : EveryType()) {
      Json doc = good;
      if (keys.size() == 1) {
        doc[keys[0]] = value;
      } else {
        doc[keys[0]][std::stoi(keys[1])][keys[2]] = value;
      }
      const std::string field = PathOf(keys);
      SCOPED_TRACE(absl::StrCat(field, " = ", value.dump()));
      ExpectReadOrRefusedNamingField(doc, field);
      (ParseShardManifest(doc.dump(), kSource).ok() ? read : refused) += 1;
    }
    // The field left out.
    Json doc = good;
    if (keys.size() == 1) {
      doc.erase(keys[0]);
    } else {
      doc[keys[0]][std::stoi(keys[1])].erase(keys[2]);
    }
    ExpectReadOrRefusedNamingField(doc, PathOf(keys));
  }
  // Both outcomes occur: the loop is not refusing (or reading) everything.
  EXPECT_GT(read, 20);
  EXPECT_GT(refused, 300);
}

TEST(ShardManifestTest, TypesThatUsedToThrowAreRefused) {
  // nlohmann's value() threw type_error.302 on a non-string format, which
  // reached the CLI as an internal error without the file's name.
  for (const char* text :
       {R"({"format": 5, "version": 1})", R"({"format": null})", R"({"format": ["x"]})",
        R"({"format": {"a": "jobmatch-shards"}})", R"({"format": true, "version": 1})"}) {
    const absl::StatusOr<ShardManifest> m = ParseShardManifest(text, kSource);
    ASSERT_FALSE(m.ok()) << text;
    EXPECT_EQ(m.status().message(), absl::StrCat(kSource, ": format: must be \"jobmatch-shards\""))
        << text;
  }
}

TEST(ShardManifestTest, WhatIsWrittenReadsBackEqual) {
  ShardManifest m;
  m.skills = "技能/skills.csv";
  DataShard a;
  a.name = "C0001·市南区";
  a.seekers = "shards/a/seekers.csv";
  a.vacancies = "shards/a/vacancies.csv";
  a.num_seekers = int64_t{1} << 40;
  a.num_vacancies = 0;
  a.center_lat = -89.999999;
  a.center_lon = 179.99999999999997;
  a.radius_km = 0.1 + 0.2;  // not exact in decimal: the text must still read back bit for bit
  DataShard b = a;
  b.name = "b";
  b.format = ShardFormat::kSnapshot;
  b.center_lat.reset();
  m.shards = {a, b};
  const absl::StatusOr<std::string> text = ShardManifestText(m, kSource);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_THAT(*text, ::testing::HasSubstr("\"version\": 2"));
  const absl::StatusOr<ShardManifest> back = ParseShardManifest(*text, kSource);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->skills, m.skills);
  ASSERT_EQ(back->shards.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const DataShard& s = m.shards[i];
    const DataShard& t = back->shards[i];
    EXPECT_EQ(std::tie(s.name, s.seekers, s.vacancies, s.num_seekers, s.num_vacancies, s.center_lat,
                       s.center_lon, s.radius_km, s.format),
              std::tie(t.name, t.seekers, t.vacancies, t.num_seekers, t.num_vacancies, t.center_lat,
                       t.center_lon, t.radius_km, t.format));
  }
  // CSV shards only: version 1, which older readers read.
  m.shards = {a};
  EXPECT_THAT(*ShardManifestText(m, kSource), ::testing::HasSubstr("\"version\": 1"));
}

TEST(ShardManifestTest, NamesAndPathsThatAreNotUtf8AreRefusedByTheWriter) {
  ShardManifest m;
  DataShard a;
  a.name = "a";
  a.seekers = "s.csv";
  a.vacancies = "v.csv";
  m.shards = {a};
  m.shards[0].vacancies = "v\xff.csv";
  absl::StatusOr<std::string> text = ShardManifestText(m, kSource);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            absl::StrCat(kSource, ": shards[0].vacancies: is not valid UTF-8"));
  m.shards[0].vacancies = "v.csv";
  m.skills = "\xc3";
  text = ShardManifestText(m, kSource);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), absl::StrCat(kSource, ": skills: is not valid UTF-8"));
}

}  // namespace
}  // namespace jobmatch
