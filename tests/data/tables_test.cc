// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/data/tables.h"

#include <cmath>
#include <functional>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

float Distance(const Eigen::Vector3f& a, const Eigen::Vector3f& b) { return (a - b).norm(); }

TEST(DatasetTest, ChordDistanceMatchesHaversineAtCityScale) {
  // Qingdao to Jimo (~35 km) and 1 degree of latitude (111.2 km).
  auto a = LatLonToPoint(36.067, 120.383), b = LatLonToPoint(36.389, 120.447);
  ASSERT_TRUE(a && b);
  const double kDeg = M_PI / 180;
  const double dlat = (36.389 - 36.067) * kDeg, dlon = (120.447 - 120.383) * kDeg;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(36.067 * kDeg) * std::cos(36.389 * kDeg) * std::sin(dlon / 2) * std::sin(dlon / 2);
  const double haversine = 2 * kEarthRadiusKm * std::asin(std::sqrt(h));
  EXPECT_NEAR(Distance(*a, *b), haversine, 0.01);
  auto c = LatLonToPoint(0, 0), d = LatLonToPoint(1, 0);
  EXPECT_NEAR(Distance(*c, *d), 111.195, 0.01);
  EXPECT_FALSE(LatLonToPoint(91, 0));
  EXPECT_FALSE(LatLonToPoint(0, 180.5));
  EXPECT_FALSE(LatLonToPoint(NAN, 0));
  EXPECT_FALSE(LatLonToPoint(0, INFINITY));
}

TEST(DatasetTest, AppendGetRoundTrip) {
  auto inst =
      testing::RandomInstance(3, {.num_seekers = 20, .num_vacancies = 10, .embedding_dim = 3});
  ASSERT_EQ(inst->seekers.size(), 20);
  for (int64_t i = 0; i < 20; ++i) {
    Seeker s = inst->seekers.Get(i);
    Seeker want = inst->seeker_rows[i];
    // Embeddings are stored normalised.
    float n = 0;
    for (float x : want.embedding) n += x * x;
    for (float& x : want.embedding) x /= std::sqrt(n);
    ASSERT_EQ(s.embedding.size(), want.embedding.size());
    for (size_t k = 0; k < s.embedding.size(); ++k)
      EXPECT_NEAR(s.embedding[k], want.embedding[k], 1e-6);
    s.embedding = want.embedding;
    EXPECT_EQ(s, want);
    EXPECT_EQ(inst->seekers.Find(want.id), i);
  }
  for (int64_t i = 0; i < 10; ++i) {
    Vacancy v = inst->vacancies.Get(i);
    v.embedding = inst->vacancy_rows[i].embedding = {};
    EXPECT_EQ(v, inst->vacancy_rows[i]);
  }
  EXPECT_FALSE(inst->seekers.Find("nope"));
}

TEST(DatasetTest, BadBatchIsRejectedWholeAndTableUnchanged) {
  Vocabulary vocab;
  vocab.AddSkill("a");
  vocab.AddIndustry("x");
  SeekerTable t;
  Seeker good;
  good.id = "S1";
  good.lat = 36;
  good.lon = 120;
  ASSERT_TRUE(t.Append({good}, vocab).ok());
  struct Case {
    std::function<void(Seeker&)> breakit;
    std::string expect;
  };
  std::vector<Case> cases = {
      {[](Seeker& s) { s.id = "S1"; }, "already in the table"},
      {[](Seeker& s) { s.id = ""; }, "empty"},
      {[](Seeker& s) { s.lat = 95; }, "lat/lon"},
      {[](Seeker& s) {
         s.skills = {{0, 9}};
       },
       "outside 1..8"},
      {[](Seeker& s) {
         s.skills = {{0, 0}};
       },
       "outside 1..8"},
      {[](Seeker& s) {
         s.skills = {{5, 3}};
       },
       "unknown skill id 5"},
      {[](Seeker& s) {
         s.skills = {{0, 3}, {0, 4}};
       },
       "listed twice"},
      {[](Seeker& s) { s.reservation_wage = NAN; }, "reservation_wage"},
      {[](Seeker& s) { s.max_commute_km = -1; }, "max_commute_km"},
      {[](Seeker& s) { s.months_unemployed = -1; }, "months_unemployed"},
      {[](Seeker& s) { s.preferred_industries = {3}; }, "unknown industry id 3"},
      {[](Seeker& s) { s.groups = GroupMask{1} << 40; }, "unknown key-group id"},
      {[](Seeker& s) { s.embedding = {1.0f}; }, "dimension 1, expected 0"},
  };
  for (const Case& c : cases) {
    Seeker ok2 = good;
    ok2.id = "S2";
    Seeker bad = good;
    bad.id = "S3";
    c.breakit(bad);
    const absl::Status st = t.Append({ok2, bad}, vocab);
    ASSERT_FALSE(st.ok()) << c.expect;
    EXPECT_NE(st.message().find(c.expect), std::string_view::npos) << st.message();
    EXPECT_EQ(t.size(), 1) << "a rejected batch must leave the table unchanged";
    EXPECT_FALSE(t.Find("S2"));
  }
  // Duplicate inside the batch.
  Seeker a = good, b = good;
  a.id = b.id = "S9";
  EXPECT_FALSE(t.Append({a, b}, vocab).ok());
  EXPECT_EQ(t.size(), 1);
}

TEST(DatasetTest, VacancyValidation) {
  Vocabulary vocab;
  vocab.AddSkill("a");
  vocab.AddIndustry("x");
  VacancyTable t;
  Vacancy good;
  good.id = "V1";
  good.lat = 36;
  good.lon = 120;
  ASSERT_TRUE(t.Append({good}, vocab).ok());
  std::vector<std::pair<std::function<void(Vacancy&)>, std::string>> cases = {
      {[](Vacancy& v) { v.openings = -1; }, "openings"},
      {[](Vacancy& v) {
         v.requirements = {{0, 9, 1}};
       },
       "outside 1..8"},
      {[](Vacancy& v) {
         v.requirements = {{0, 3, 0}};
       },
       "importance"},
      {[](Vacancy& v) {
         v.requirements = {{0, 3, INFINITY}};
       },
       "importance"},
      {[](Vacancy& v) {
         v.wage_min = 5;
         v.wage_max = 4;
       },
       "wage_min"},
      {[](Vacancy& v) { v.schedule = Schedule::kAny; }, "schedule"},
      {[](Vacancy& v) { v.industry = 7; }, "unknown industry id 7"},
      {[](Vacancy& v) { v.lon = NAN; }, "lat/lon"},
  };
  for (auto& [breakit, expect] : cases) {
    Vacancy bad = good;
    bad.id = "V2";
    breakit(bad);
    const absl::Status st = t.Append({bad}, vocab);
    ASSERT_FALSE(st.ok()) << expect;
    EXPECT_NE(st.message().find(expect), std::string_view::npos) << st.message();
    EXPECT_EQ(t.size(), 1);
  }
  Vacancy more = good;
  more.id = "V2";
  more.openings = 5;
  ASSERT_TRUE(t.Append({more}, vocab).ok());
  EXPECT_EQ(t.total_openings(), 6);
}

TEST(VocabularyTest, GroupsAndIds) {
  Vocabulary v;
  EXPECT_EQ(v.groups().size(), kNumBuiltinGroups);
  EXPECT_EQ(*v.FindGroup("veteran"), 1);
  EXPECT_EQ(v.AddSkill("焊工"), 0);
  EXPECT_EQ(v.AddSkill("焊工"), 0);
  EXPECT_EQ(v.AddSkill("b"), 1);
  EXPECT_EQ(v.skills().Name(0), "焊工");
  auto g = v.AddGroup("carer");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g, kNumBuiltinGroups);
  EXPECT_FALSE(v.AddGroup("").ok());
  for (int i = v.groups().size(); i < kMaxGroups; ++i)
    ASSERT_TRUE(v.AddGroup("g" + std::to_string(i)).ok());
  EXPECT_EQ(v.AddGroup("one_too_many").status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(v.AddGroup("carer").ok());  // existing name is fine
}

}  // namespace
}  // namespace jobmatch
