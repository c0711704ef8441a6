// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/policy/policy.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "jobmatch/policy/policy_check.h"
#include "testing/test_util.h"

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

TEST(PolicyTest, MismatchSectionIsOptionalAndRoundTrips) {
  // Absent: the defaults, and ToJson leaves the section out (files without
  // it read and write unchanged).
  const Policy d = Policy::Default();
  EXPECT_EQ(d.mismatch.shortage_ratio, 1.5f);
  EXPECT_EQ(d.mismatch.surplus_ratio, 0.67f);
  EXPECT_EQ(d.ToJson().find("mismatch"), std::string::npos);
  auto p = Policy::FromJson(
      R"({"format_version": 1, "mismatch": {"shortage_ratio": 2, "surplus_ratio": 0.5}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->mismatch.shortage_ratio, 2.0f);
  EXPECT_EQ(p->mismatch.surplus_ratio, 0.5f);
  const std::string json = p->ToJson();
  EXPECT_NE(json.find("\"mismatch\""), std::string::npos) << json;
  auto back = Policy::FromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, *p);
  // One key alone keeps the other's default; equal thresholds are allowed.
  p = Policy::FromJson(R"({"format_version": 1, "mismatch": {"surplus_ratio": 1.5}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->mismatch.shortage_ratio, 1.5f);
  // A Policy built in C++ meets the same check.
  Policy c = Policy::Default();
  c.mismatch.surplus_ratio = 3.0f;
  EXPECT_FALSE(CheckPolicy(c).ok());
}

TEST(PolicyTest, AuditSectionIsOptionalAndRoundTrips) {
  const Policy d = Policy::Default();
  EXPECT_EQ(d.audit.min_cell_seekers, 10);
  EXPECT_EQ(d.ToJson().find("\"audit\""), std::string::npos);
  auto p = Policy::FromJson(R"({"format_version": 1, "audit": {"min_cell_seekers": 25}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->audit.min_cell_seekers, 25);
  const std::string json = p->ToJson();
  EXPECT_NE(json.find("\"audit\""), std::string::npos) << json;
  auto back = Policy::FromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, *p);
  p = Policy::FromJson(R"({"format_version": 1, "audit": {}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->audit.min_cell_seekers, 10);
  Policy c = Policy::Default();
  c.audit.min_cell_seekers = 0;
  EXPECT_FALSE(CheckPolicy(c).ok());
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
  })",
                            "ex.json");
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
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": 0.1, "groups": ["veteran"]}, {"name": "x", "weight": 0.1, "groups": ["disabled"]}]}})",
       "priority.rules[1].name: duplicate rule name 'x'"},
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
      {R"({"format_version": 1, "mismatch": {"shortage_ratio": -1}})",
       "mismatch.shortage_ratio: must be a finite number in [0, 1000000]"},
      {R"({"format_version": 1, "mismatch": {"surplus_ratio": 2}})",
       "mismatch.surplus_ratio: must be <= mismatch.shortage_ratio (1.5), got 2"},
      {R"({"format_version": 1, "mismatch": {"shortage": 2}})", "mismatch: unknown key 'shortage'"},
      {R"({"format_version": 1, "mismatch": {"shortage_ratio": "high"}})",
       "mismatch.shortage_ratio: must be a number"},
      {R"({"format_version": 1, "audit": {"min_cell_seekers": 0}})",
       "audit.min_cell_seekers: must be a finite number in [1, 1000000]"},
      {R"({"format_version": 1, "audit": {"min_cell_seekers": 2.5}})",
       "audit.min_cell_seekers: must be an integer"},
      {R"({"format_version": 1, "audit": {"min_cells": 5}})", "audit: unknown key 'min_cells'"},
  };
  for (const BadCase& c : cases) {
    auto p = Policy::FromJson(c.json, "bad.json");
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_NE(Msg(p).find(c.expect), std::string::npos)
        << "got: " << Msg(p) << "\nwant: " << c.expect;
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

// ------------------------------------------------------------------ limits

std::string RulesJson(int n) {
  std::string rules;
  for (int i = 0; i < n; ++i) {
    if (i > 0) rules += ",";
    rules += R"({"name": "r)" + std::to_string(i) + R"(", "weight": 0.01, "groups": ["veteran"]})";
  }
  return R"({"format_version": 1, "priority": {"rules": [)" + rules + "]}}";
}

TEST(PolicyLimitsTest, DeepNestingRefusedWithLineAndColumn) {
  // 33 levels: the '{' of the root, then 32 '['; the last one is refused.
  const std::string prefix = R"({"format_version": 1, "description": )";
  const std::string deep = prefix + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto p = Policy::FromJson(deep, "deep.json");
  EXPECT_EQ(Msg(p), "deep.json:1:" + std::to_string(prefix.size() + 32) +
                        ": nested deeper than 32 levels (PolicyLimits::max_depth)");
  // Unbalanced: a megabyte of '[' and nothing else.
  EXPECT_EQ(Msg(Policy::FromJson(std::string(1 << 20, '['), "open.json")),
            "open.json:1:33: nested deeper than 32 levels (PolicyLimits::max_depth)");
  // Brackets in strings (with escaped quotes) and comments do not count.
  const std::string quiet =
      "{\"format_version\": 1,\n // [[[[[[\n /* {{{{{{ */ \"name\": \"\\\"[[[[[[\"}";
  PolicyLimits two;
  two.max_depth = 1;
  auto q = Policy::FromJson(quiet, "quiet.json", two);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->name, "\"[[[[[[");
  // The shipped file nests 5 deep (root, priority, rules, a rule, its groups).
  const std::string text = testing::ReadSourceFile("policies/default.json");
  PolicyLimits limits;
  limits.max_depth = 5;
  EXPECT_TRUE(Policy::FromJson(text, "default.json", limits).ok());
  limits.max_depth = 4;
  EXPECT_NE(Msg(Policy::FromJson(text, "default.json", limits))
                .find("nested deeper than 4 levels (PolicyLimits::max_depth)"),
            std::string::npos);
}

TEST(PolicyLimitsTest, LongListsRefusedBeforeTheirEntriesAreChecked) {
  // 50,000 distinct rule names: checking them for duplicates pairwise
  // would take long; the count is refused first.
  EXPECT_EQ(Msg(Policy::FromJson(RulesJson(50000), "rules.json")),
            "rules.json: priority.rules: has 50000 entries, more than the limit of 64 "
            "(PolicyLimits::max_rules)");
  EXPECT_TRUE(Policy::FromJson(RulesJson(64), "rules.json").ok());
  PolicyLimits limits;
  limits.max_rules = 3;
  EXPECT_EQ(Msg(Policy::FromJson(RulesJson(4), "rules.json", limits)),
            "rules.json: priority.rules: has 4 entries, more than the limit of 3 "
            "(PolicyLimits::max_rules)");

  std::string quotas;
  for (int i = 0; i < 65; ++i) {
    quotas += std::string(i ? "," : "") + R"({"name": "q)" + std::to_string(i) +
              R"(", "groups": ["veteran"], "share": 0.1})";
  }
  EXPECT_EQ(Msg(Policy::FromJson(R"({"format_version": 1, "quotas": [)" + quotas + "]}", "q.json")),
            "q.json: quotas: has 65 entries, more than the limit of 64 (PolicyLimits::max_quotas)");

  auto groups_json = [](int n) {
    std::string g;
    for (int i = 0; i < n; ++i) g += std::string(i ? "," : "") + "\"g" + std::to_string(i) + "\"";
    return R"({"format_version": 1, "groups": [)" + g + "]}";
  };
  EXPECT_EQ(Msg(Policy::FromJson(groups_json(200000), "g.json")),
            "g.json: groups: has 200000 entries, more than the limit of 1024 "
            "(PolicyLimits::max_list_items)");
  EXPECT_EQ(Msg(Policy::FromJson(groups_json(58), "g.json")),
            "g.json: groups: at most 64 key groups in all");
  EXPECT_TRUE(Policy::FromJson(groups_json(57), "g.json").ok());
}

TEST(PolicyLimitsTest, HugeNumbersRefused) {
  const BadCase cases[] = {
      // Before the fix, nlohmann's out_of_range exception escaped the API.
      {R"({"format_version": 1, "weights": {"skill": 1e400}})",
       "big.json: invalid JSON: number overflow parsing '1e400'"},
      {R"({"format_version": 1, "weights": {"skill": 1e38}})",
       "big.json: weights.skill: must be a finite number in [0, 1000]"},
      {R"({"format_version": 18446744073709551616})",
       "big.json: format_version: must be an integer"},
      {R"({"format_version": 18446744073709551615})", "big.json: format_version: unsupported"},
      {R"({"format_version": -1})", "big.json: format_version: unsupported"},
      {R"({"format_version": 1, "priority": {"rules": [{"name": "x", "weight": 0.1, "min_months_unemployed": 1e300}]}})",
       "big.json: priority.rules[0].min_months_unemployed: must be a finite number in [0, 1200]"},
      {R"({"format_version": 1, "priority": {"max_total_boost": -1e308}})",
       "big.json: priority.max_total_boost: must be a finite number in [0, 10]"},
  };
  for (const BadCase& c : cases) {
    auto p = Policy::FromJson(c.json, "big.json");
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_EQ(Msg(p).rfind(c.expect, 0), 0u) << "got: " << Msg(p) << "\nwant: " << c.expect;
  }
}

TEST(PolicyLimitsTest, LongNamesAreCutInMessages) {
  const std::string key(10000, 'k');
  const std::string msg =
      Msg(Policy::FromJson(R"({"format_version": 1, ")" + key + R"(": 1})", "k.json"));
  EXPECT_EQ(msg.rfind("k.json: (root): unknown key '" + std::string(80, 'k') +
                          "...' (10000 bytes) (allowed: ",
                      0),
            0u)
      << msg.substr(0, 200);
  // A megabyte-long string that never ends: the parser's message quotes
  // the token it read; it is cut.
  const std::string open = R"({"format_version": 1, "name": ")" + std::string(1 << 20, 'x');
  const std::string m2 = Msg(Policy::FromJson(open, "open.json"));
  EXPECT_EQ(m2.rfind("open.json:1:", 0), 0u) << m2.substr(0, 200);
  EXPECT_NE(m2.find("invalid JSON"), std::string::npos) << m2.substr(0, 200);
  EXPECT_LT(m2.size(), 400u);
}

TEST(PolicyLimitsTest, BinaryGarbageRefused) {
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 100000; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 24));
  }
  auto p = Policy::FromJson(garbage, "bin.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(Msg(p).rfind("bin.json:1:", 0), 0u) << Msg(p);
  EXPECT_LT(Msg(p).size(), 400u);
}

TEST(PolicyLimitsTest, BigFilesRefusedBeforeReading) {
  const std::string big(5 << 20, ' ');
  EXPECT_EQ(Msg(Policy::FromJson(big, "big.json")),
            "big.json: policy is 5242880 bytes, larger than the limit of 4194304 "
            "(PolicyLimits::max_file_bytes)");
  // A sparse 2 GiB file is refused from its size alone.
  const std::string path = ::testing::TempDir() + "jobmatch_policy_sparse.json";
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(fd, 0);
  const bool sized = ::ftruncate(fd, int64_t{2} << 30) == 0;
  ::close(fd);
  if (sized) {
    EXPECT_EQ(Msg(Policy::FromFile(path)),
              path +
                  ": policy file is 2147483648 bytes, larger than the limit of 4194304 "
                  "(PolicyLimits::max_file_bytes)");
  }
  std::remove(path.c_str());
  EXPECT_EQ(Msg(Policy::FromFile(::testing::TempDir())), ::testing::TempDir() + ": is a directory");
  // Limits apply to files too; a small file within them loads.
  const std::string small = ::testing::TempDir() + "jobmatch_policy_small.json";
  {
    std::ofstream f(small);
    f << R"({"format_version": 1, "name": "small"})";
  }
  PolicyLimits limits;
  limits.max_file_bytes = 10;
  EXPECT_EQ(Msg(Policy::FromFile(small, limits)),
            small +
                ": policy file is 38 bytes, larger than the limit of 10 "
                "(PolicyLimits::max_file_bytes)");
  auto ok = Policy::FromFile(small);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->name, "small");
  std::remove(small.c_str());
}

}  // namespace
}  // namespace jobmatch
