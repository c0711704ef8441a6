// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/policy.h"

#include <set>

#include "gtest/gtest.h"
#include "test_util.h"

namespace jobmatch {
namespace {

std::string Msg(const absl::StatusOr<Policy>& p) { return std::string(p.status().message()); }

TEST(PolicyTest, ShippedDefaultFileEqualsBuiltInDefault) {
  const std::string text = testing::ReadSourceFile("policies/default.json");
  ASSERT_FALSE(text.empty());
  auto p = Policy::FromJson(text, "default.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, Policy::Default());
}

TEST(PolicyTest, DefaultCoversTheKeyGroupsOfTheBrief) {
  const Policy p = Policy::Default();
  std::set<std::string> groups;
  for (const PriorityRule& r : p.rules) {
    EXPECT_GE(r.weight, 0.0f);
    groups.insert(r.groups.begin(), r.groups.end());
  }
  for (const char* g : {"graduate_youth", "veteran", "disabled", "rural_labour", "hard_to_employ",
                        "zero_employment_household", "older_worker"}) {
    EXPECT_TRUE(groups.count(g)) << g;
  }
  ASSERT_EQ(p.eligibility.kind_restrictions.size(), 2u);
  EXPECT_EQ(p.eligibility.kind_restrictions[0].kind, VacancyKind::kPublicWelfare);
  EXPECT_EQ(p.eligibility.kind_restrictions[0].groups, std::vector<std::string>{"hard_to_employ"});
  EXPECT_EQ(p.eligibility.kind_restrictions[1].kind, VacancyKind::kTrainee);
}

TEST(PolicyTest, JsonRoundTripsRandomPolicies) {
  Vocabulary vocab;
  vocab.AddIndustry("it");
  vocab.AddIndustry("logistics");
  for (uint64_t seed = 1; seed < 30; ++seed) {
    const Policy p = testing::RandomPolicy(seed, vocab);
    auto back = Policy::FromJson(p.ToJson());
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << p.ToJson();
    EXPECT_EQ(*back, p) << p.ToJson();
  }
}

TEST(PolicyTest, MinimalFileTakesDefaults) {
  auto p = Policy::FromJson(R"({"format_version": 1})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->rules.empty());
  EXPECT_TRUE(p->eligibility.kind_restrictions.empty());
  EXPECT_EQ(p->weights, Policy().weights);
}

TEST(PolicyTest, FullExample) {
  auto p = Policy::FromJson(R"({
    "format_version": 1, "name": "test", "groups": ["long_term_carer"],
    // comments are allowed
    "weights": {"skill": 2, "distance": 1, "embedding": 0},
    "scoring": {"default_max_commute_km": 12.5,
                "schedule_fit": {"school_hours": {"full_time": 0.1}}},
    "priority": {"max_total_boost": 0.3, "rules": [
      {"name": "carers", "weight": 0.1, "groups": ["long_term_carer"], "kinds": ["gig"],
       "industries": ["retail"], "schedules": ["flexible"], "seeker_schedules": ["any"],
       "min_months_unemployed": 3, "description": "carers on flexible gig work"}]},
    "quotas": [{"name": "trainee_for_graduates", "groups": ["graduate_youth"], "kinds": ["trainee"], "share": 0.5}],
    "eligibility": {"enforce_min_education": true,
                    "kind_restrictions": [{"kind": "public_welfare", "groups": ["hard_to_employ", "disabled"]}]}
  })", "ex.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "test");
  EXPECT_EQ(p->extra_groups, std::vector<std::string>{"long_term_carer"});
  EXPECT_EQ(p->weights[0], 2.0f);
  EXPECT_EQ(p->weights[1], 0.0f);
  EXPECT_EQ(p->default_max_commute_km, 12.5f);
  EXPECT_EQ(p->schedule_fit[1][0], 0.1f);
  EXPECT_EQ(p->schedule_fit[1][1], 1.0f);  // untouched default
  ASSERT_EQ(p->rules.size(), 1u);
  EXPECT_EQ(p->rules[0].kinds, std::vector<VacancyKind>{VacancyKind::kGig});
  EXPECT_EQ(p->rules[0].schedules, std::vector<Schedule>{Schedule::kFlexible});
  EXPECT_EQ(p->rules[0].min_months_unemployed, 3);
  EXPECT_TRUE(p->eligibility.enforce_min_education);
  EXPECT_EQ(p->eligibility.kind_restrictions[0].groups.size(), 2u);
  ASSERT_EQ(p->quotas.size(), 1u);
  EXPECT_EQ(p->quotas[0].kinds, std::vector<VacancyKind>{VacancyKind::kTrainee});
  EXPECT_EQ(p->quotas[0].share, 0.5f);
}

struct BadCase {
  const char* json;
  const char* expect;  // substring of the message
};

TEST(PolicyTest, BadFilesAreRefusedWithPathAndReason) {
  const BadCase cases[] = {
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": -0.1, "groups": ["veteran"]}]}})",
       "priority.rules[0].weight: must be >= 0: priority for key groups is a positive measure"},
      {R"({"format_version": 2})", "format_version: unsupported"},
      {R"({"name": "x"})", "format_version: missing"},
      {R"({"format_version": 1, "wieghts": {}})", "unknown key 'wieghts'"},
      {R"({"format_version": 1, "weights": {"skil": 1}})", "weights: unknown key 'skil'"},
      {R"({"format_version": 1, "weights": {"skill": "high"}})", "weights.skill: must be a number"},
      {R"({"format_version": 1, "weights": {"skill": 0, "embedding": 0, "distance": 0, "wage": 0, "schedule": 0, "education": 0, "preference": 0}})",
       "at least one weight must be > 0"},
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": 0.1, "kinds": ["welfare"], "groups": ["veteran"]}]}})",
       "priority.rules[0].kinds[0]: unknown value 'welfare'"},
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": 0.1, "kinds": ["gig"]}]}})",
       "must select seekers"},
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": 0.1, "groups": ["a"]}, {"name": "x", "weight": 0.1, "groups": ["b"]}]}})",
       "duplicate rule name 'x'"},
      {R"({"format_version": 1, "priority": {"rules": [{"weight": 0.1, "groups": ["a"]}]}})",
       "needs 'name' and 'weight'"},
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": 0.1, "schedules": ["any"], "groups": ["a"]}]}})",
       "schedules[0]: unknown value 'any'"},
      {R"({"format_version": 1, "scoring": {"partial_credit_per_grade": 1.5}})",
       "scoring.partial_credit_per_grade: must be a finite number in [0, 1]"},
      {R"({"format_version": 1, "eligibility": {"enforce_max_commute": "yes"}})",
       "eligibility.enforce_max_commute: must be true or false"},
      {R"({"format_version": 1, "eligibility": {"kind_restrictions": [{"kind": "trainee", "groups": []}]}})",
       "must list at least one group"},
      {R"({"format_version": 1, "groups": [""]})", "groups[0]: must be a non-empty string"},
      {R"([1, 2])", "(root): must be an object"},
      {R"({"format_version": 1.0})", "format_version: must be an integer"},
      {R"({"format_version": 1, "name": 3})", "bad.json: name: must be a string"},
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": 0.1, "groups": ["veterans"]}]}})",
       "priority.rules[0].groups[0]: unknown key group 'veterans'"},
      {R"({"format_version": 1, "eligibility": {"kind_restrictions": [{"kind": "trainee", "groups": ["grads"]}]}})",
       "eligibility.kind_restrictions[0].groups[0]: unknown key group 'grads'"},
      {R"({"format_version": 1, "groups": ["veteran"]})", "declared twice or is built in"},
      {R"({"format_version": 1, "quotas": [{"name": "q", "groups": ["veteran"], "share": 1.5}]})",
       "quotas[0].share: must be a finite number in [0, 1]"},
      {R"({"format_version": 1, "quotas": [{"name": "q", "groups": ["vets"], "share": 0.5}]})",
       "quotas[0].groups[0]: unknown key group 'vets'"},
      {R"({"format_version": 1, "quotas": [{"name": "q", "share": 0.5}]})", "a quota needs"},
  };
  for (const BadCase& c : cases) {
    auto p = Policy::FromJson(c.json, "bad.json");
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_NE(Msg(p).find(c.expect), std::string::npos) << "got: " << Msg(p) << "\nwant: " << c.expect;
    EXPECT_EQ(Msg(p).rfind("bad.json", 0), 0u) << Msg(p);
  }
}

TEST(PolicyTest, SyntaxErrorsGiveLineAndColumn) {
  auto p = Policy::FromJson("{\n  \"format_version\": 1,\n  \"name\": \"x\",,\n}", "p.json");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(Msg(p).find("p.json:3:"), std::string::npos) << Msg(p);
  EXPECT_NE(Msg(p).find("invalid JSON"), std::string::npos);
}

TEST(PolicyTest, MissingFileIsNotFound) {
  auto p = Policy::FromFile("/nonexistent/policy.json");
  EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace jobmatch
