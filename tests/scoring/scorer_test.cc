// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Every score component, rule kind and eligibility rule on hand-built pairs
// with values worked out by hand; the scalar explanation equals the batched
// kernel bit for bit; priority can never lower a score.
#include "jobmatch/scoring/scorer.h"

#include <cmath>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

// One seeker, one vacancy at the same place, everything neutral; tests
// change one attribute at a time.
class PairTest : public ::testing::Test {
 protected:
  void SetUp() override {
    welding_ = vocab_.AddSkill("welding");
    cnc_ = vocab_.AddSkill("cnc");
    safety_ = vocab_.AddSkill("safety");
    it_ = vocab_.AddIndustry("it");
    mfg_ = vocab_.AddIndustry("manufacturing");
    seeker_.id = "S";
    seeker_.lat = 36.0;
    seeker_.lon = 120.0;
    seeker_.schedule = Schedule::kAny;
    vacancy_.id = "V";
    vacancy_.lat = 36.0;
    vacancy_.lon = 120.0;
    vacancy_.industry = mfg_;
    policy_ = Policy::Default();
    policy_.rules.clear();
    policy_.eligibility.kind_restrictions.clear();
  }

  // Builds the tables and returns the explanation of the single pair.
  Explanation Run() {
    seekers_ = SeekerTable();
    vacancies_ = VacancyTable();
    EXPECT_TRUE(seekers_.Append({seeker_}, vocab_).ok());
    EXPECT_TRUE(vacancies_.Append({vacancy_}, vocab_).ok());
    auto scorer = Scorer::Create(policy_, vocab_, seekers_, vacancies_);
    EXPECT_TRUE(scorer.ok()) << scorer.status();
    Explanation e = scorer->Explain(0, 0);
    EXPECT_EQ(e.score, scorer->Score(0, 0)) << "explanation and kernel disagree";
    return e;
  }

  // Only component c counts.
  void OnlyComponent(Component c) {
    policy_.weights.fill(0.0f);
    policy_.weights[static_cast<int>(c)] = 1.0f;
  }

  Vocabulary vocab_;
  int32_t welding_, cnc_, safety_, it_, mfg_;
  Seeker seeker_;
  Vacancy vacancy_;
  Policy policy_;
  SeekerTable seekers_;
  VacancyTable vacancies_;
};

TEST_F(PairTest, SkillCoverageWeightedWithPartialCredit) {
  OnlyComponent(Component::kSkill);
  policy_.partial_credit_per_grade = 0.25f;
  // welding needs 5 (importance 2), cnc needs 3 (importance 1), safety 2 (1).
  vacancy_.requirements = {{welding_, 5, 2.0f}, {cnc_, 3, 1.0f}, {safety_, 2, 1.0f}};
  // welding at 3: 2 grades short -> 0.5; cnc at 4: full; safety missing: 0.
  seeker_.skills = {{welding_, 3}, {cnc_, 4}};
  Explanation e = Run();
  EXPECT_FLOAT_EQ(e.value[0], (2 * 0.5f + 1 * 1.0f + 0.0f) / 4.0f);
  EXPECT_FLOAT_EQ(e.score, e.value[0]);
  // Far below: credit floors at 0, not negative.
  seeker_.skills = {{welding_, 1}};
  EXPECT_FLOAT_EQ(Run().value[0], 0.0f);
  // No requirements: full coverage.
  vacancy_.requirements.clear();
  EXPECT_FLOAT_EQ(Run().value[0], 1.0f);
}

TEST_F(PairTest, EmbeddingCosine) {
  OnlyComponent(Component::kEmbedding);
  seeker_.embedding = {1.0f, 0.0f};
  vacancy_.embedding = {0.0f, 2.0f};  // orthogonal: (1 + 0) / 2
  EXPECT_FLOAT_EQ(Run().value[1], 0.5f);
  vacancy_.embedding = {-3.0f, 0.0f};  // opposite
  EXPECT_FLOAT_EQ(Run().value[1], 0.0f);
  vacancy_.embedding = {3.0f, 0.0f};  // same direction
  EXPECT_FLOAT_EQ(Run().value[1], 1.0f);
}

TEST_F(PairTest, EmbeddingUnusedWhenMissingOnOneSide) {
  policy_.weights = {1, 1, 0, 0, 0, 0, 0};
  seeker_.embedding = {1.0f, 0.0f};
  Explanation e = Run();
  EXPECT_FALSE(e.used[1]);
  EXPECT_FLOAT_EQ(e.weight[0], 1.0f);  // renormalised over skill alone
}

TEST_F(PairTest, DistanceFitAndCommuteEligibility) {
  OnlyComponent(Component::kDistance);
  seeker_.max_commute_km = 20.0f;
  vacancy_.lat = 36.0 + 10.0 / 111.195;  // ~10 km north
  Explanation e = Run();
  EXPECT_NEAR(e.distance_km, 10.0, 0.01);
  EXPECT_NEAR(e.value[2], 0.5, 0.001);
  EXPECT_TRUE(e.eligible);
  vacancy_.lat = 36.0 + 25.0 / 111.195;  // beyond 20 km
  e = Run();
  EXPECT_FALSE(e.eligible);
  ASSERT_EQ(e.ineligible.size(), 1u);
  EXPECT_EQ(e.ineligible[0], IneligibleReason::kCommute);
  EXPECT_EQ(e.score, -INFINITY);
  // Remote work lifts the commute limit only when both sides allow it.
  vacancy_.remote = true;
  EXPECT_FALSE(Run().eligible);
  seeker_.accepts_remote = true;
  e = Run();
  EXPECT_TRUE(e.eligible);
  EXPECT_TRUE(e.remote);
  EXPECT_FLOAT_EQ(e.value[2], 1.0f);
  // Switching the rule off makes the far pair eligible with fit 0.
  seeker_.accepts_remote = false;
  policy_.eligibility.enforce_max_commute = false;
  e = Run();
  EXPECT_TRUE(e.eligible);
  EXPECT_FLOAT_EQ(e.value[2], 0.0f);
  // No stated commute: the policy default applies.
  seeker_.max_commute_km = 0.0f;
  policy_.eligibility.enforce_max_commute = true;
  policy_.default_max_commute_km = 30.0f;
  EXPECT_TRUE(Run().eligible);
}

TEST_F(PairTest, WageFit) {
  OnlyComponent(Component::kWage);
  policy_.wage_zero_ratio = 0.5f;
  seeker_.reservation_wage = 6000;
  vacancy_.wage_max = 6000;
  EXPECT_FLOAT_EQ(Run().value[3], 1.0f);
  vacancy_.wage_max = 4500;  // ratio 0.75 -> halfway between 0.5 and 1
  EXPECT_FLOAT_EQ(Run().value[3], 0.5f);
  vacancy_.wage_max = 2000;
  EXPECT_FLOAT_EQ(Run().value[3], 0.0f);
  seeker_.reservation_wage = 0;  // no stated wage
  EXPECT_FLOAT_EQ(Run().value[3], 1.0f);
  seeker_.reservation_wage = 6000;
  policy_.eligibility.enforce_reservation_wage = true;
  Explanation e = Run();
  EXPECT_FALSE(e.eligible);
  EXPECT_EQ(e.ineligible[0], IneligibleReason::kWage);
}

TEST_F(PairTest, ScheduleFitFromPolicyTable) {
  OnlyComponent(Component::kSchedule);
  for (int a = 0; a < kNumSeekerSchedules; ++a) {
    for (int b = 0; b < kNumVacancySchedules; ++b) {
      seeker_.schedule = static_cast<Schedule>(a);
      vacancy_.schedule = static_cast<Schedule>(b);
      policy_.schedule_fit[a][b] = 0.1f * (a + 1) + 0.01f * b;
      EXPECT_FLOAT_EQ(Run().value[4], policy_.schedule_fit[a][b]);
    }
  }
}

TEST_F(PairTest, EducationFit) {
  OnlyComponent(Component::kEducation);
  policy_.education_penalty_per_level = 0.5f;
  vacancy_.min_education = Education::kBachelor;
  seeker_.education = Education::kPostgraduate;
  EXPECT_FLOAT_EQ(Run().value[5], 1.0f);
  seeker_.education = Education::kAssociate;  // one level short
  EXPECT_FLOAT_EQ(Run().value[5], 0.5f);
  seeker_.education = Education::kPrimary;
  EXPECT_FLOAT_EQ(Run().value[5], 0.0f);
  policy_.eligibility.enforce_min_education = true;
  Explanation e = Run();
  EXPECT_FALSE(e.eligible);
  EXPECT_EQ(e.ineligible[0], IneligibleReason::kEducation);
}

TEST_F(PairTest, PreferenceFit) {
  OnlyComponent(Component::kPreference);
  policy_.neutral_preference = 0.4f;
  EXPECT_FLOAT_EQ(Run().value[6], 0.4f);
  seeker_.preferred_industries = {it_};
  EXPECT_FLOAT_EQ(Run().value[6], 0.0f);
  seeker_.preferred_industries = {it_, mfg_};
  EXPECT_FLOAT_EQ(Run().value[6], 1.0f);
}

TEST_F(PairTest, BaseIsWeightedMeanOfComponents) {
  policy_.weights = {2, 0, 1, 1, 0, 0, 0};
  seeker_.skills = {{welding_, 2}};
  vacancy_.requirements = {{welding_, 4, 1.0f}};  // 0.5
  seeker_.reservation_wage = 1000;
  vacancy_.wage_max = 1000;  // 1
  Explanation e = Run();     // distance 0 -> 1
  EXPECT_FLOAT_EQ(e.base, (2 * 0.5f + 1 + 1) / 4.0f);
  EXPECT_FLOAT_EQ(e.weight[0], 0.5f);
}

TEST_F(PairTest, PriorityRulesAddScopedBoostsWithCap) {
  const int veteran = *vocab_.FindGroup("veteran");
  const int rural = *vocab_.FindGroup("rural_labour");
  auto rule = [](const char* name, float w) {
    PriorityRule r;
    r.name = name;
    r.weight = w;
    return r;
  };
  PriorityRule r1 = rule("veteran", 0.1f);
  r1.groups = {"veteran"};
  PriorityRule r2 = rule("rural_mfg", 0.2f);
  r2.groups = {"rural_labour"};
  r2.industries = {"manufacturing"};
  PriorityRule r3 = rule("rural_trainee", 0.3f);
  r3.groups = {"rural_labour"};
  r3.kinds = {VacancyKind::kTrainee};
  PriorityRule r4 = rule("long_unemployed", 0.05f);
  r4.min_months_unemployed = 6;
  PriorityRule r5 = rule("school_hours", 0.07f);
  r5.seeker_schedules = {Schedule::kSchoolHours};
  r5.schedules = {Schedule::kSchoolHours};
  policy_.rules = {r1, r2, r3, r4, r5};
  policy_.max_total_boost = 10.0f;
  Explanation none = Run();
  EXPECT_TRUE(none.rules.empty());
  EXPECT_FLOAT_EQ(none.boost, 0.0f);

  seeker_.groups = GroupMask{1} << veteran | GroupMask{1} << rural;
  Explanation e = Run();
  ASSERT_EQ(e.rules.size(), 2u);  // r1, r2 (industry matches), not r3 (kind)
  EXPECT_EQ(e.rules[0].name, "veteran");
  EXPECT_EQ(e.rules[1].name, "rural_mfg");
  EXPECT_FLOAT_EQ(e.boost, 0.3f);
  EXPECT_FLOAT_EQ(e.score, e.base + e.boost);

  vacancy_.industry = it_;
  vacancy_.kind = VacancyKind::kTrainee;
  seeker_.months_unemployed = 6;
  seeker_.schedule = Schedule::kSchoolHours;
  vacancy_.schedule = Schedule::kSchoolHours;
  e = Run();
  ASSERT_EQ(e.rules.size(), 4u);  // r1, r3, r4, r5
  EXPECT_FLOAT_EQ(e.boost_uncapped, 0.1f + 0.3f + 0.05f + 0.07f);

  policy_.max_total_boost = 0.25f;
  e = Run();
  EXPECT_FLOAT_EQ(e.boost, 0.25f);
  EXPECT_GT(e.boost_uncapped, e.boost);
}

TEST_F(PairTest, KindRestrictionsAndAccessibility) {
  policy_.eligibility.kind_restrictions = {{VacancyKind::kPublicWelfare, {"hard_to_employ"}},
                                           {VacancyKind::kTrainee, {"graduate_youth"}}};
  vacancy_.kind = VacancyKind::kPublicWelfare;
  Explanation e = Run();
  EXPECT_FALSE(e.eligible);
  EXPECT_EQ(e.ineligible[0], IneligibleReason::kKindRestricted);
  seeker_.groups = GroupMask{1} << *vocab_.FindGroup("hard_to_employ");
  EXPECT_TRUE(Run().eligible);
  vacancy_.kind = VacancyKind::kTrainee;
  EXPECT_FALSE(Run().eligible);
  seeker_.groups |= GroupMask{1} << *vocab_.FindGroup("graduate_youth");
  EXPECT_TRUE(Run().eligible);
  vacancy_.kind = VacancyKind::kRegular;

  seeker_.needs_accessibility = true;
  vacancy_.accessible = false;
  e = Run();
  EXPECT_FALSE(e.eligible);
  EXPECT_EQ(e.ineligible[0], IneligibleReason::kAccessibility);
  vacancy_.accessible = true;
  EXPECT_TRUE(Run().eligible);
  vacancy_.accessible = false;
  vacancy_.remote = true;
  seeker_.accepts_remote = true;  // home-based work (居家就业)
  EXPECT_TRUE(Run().eligible);
  seeker_.accepts_remote = false;
  policy_.eligibility.enforce_accessibility = false;
  EXPECT_TRUE(Run().eligible);
}

TEST(ScorerTest, ExplanationEqualsKernelBitForBitOnRandomPairs) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 30,
                                               .num_vacancies = 20,
                                               .embedding_dim = static_cast<int>(seed % 3) * 3,
                                               .coarse = seed % 2 == 0});
    auto scorer = Scorer::Create(testing::RandomPolicy(seed, inst->vocab), inst->vocab,
                                 inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    for (int64_t s = 0; s < inst->seekers.size(); ++s) {
      for (int64_t v = 0; v < inst->vacancies.size(); ++v) {
        const Explanation e = scorer->Explain(s, v);
        ASSERT_EQ(e.score, scorer->Score(s, v)) << "seed " << seed << " pair " << s << "," << v;
        ASSERT_EQ(e.eligible, e.score != -INFINITY);
        if (e.eligible) {
          ASSERT_GE(e.base, 0.0f);
          ASSERT_LE(e.base, 1.0f + 1e-6f);
        }
      }
    }
  }
}

// Priority is a positive measure: adding any key-group membership (disabled,
// older worker, …) never lowers a score or removes eligibility, under any
// valid policy. The data model has no gender or age field at all.
TEST(ScorerTest, NoMembershipEverLowersAScore) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 15, .num_vacancies = 15});
    const Policy policy = testing::RandomPolicy(seed * 7, inst->vocab);
    auto base = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(base.ok());
    for (int g = 0; g < inst->vocab.groups().size(); ++g) {
      std::vector<Seeker> more = inst->seeker_rows;
      for (Seeker& s : more) s.groups |= GroupMask{1} << g;
      SeekerTable t;
      ASSERT_TRUE(t.Append(more, inst->vocab).ok());
      auto with = Scorer::Create(policy, inst->vocab, t, inst->vacancies);
      ASSERT_TRUE(with.ok());
      for (int64_t s = 0; s < t.size(); ++s) {
        for (int64_t v = 0; v < inst->vacancies.size(); ++v) {
          ASSERT_GE(with->Score(s, v), base->Score(s, v))
              << "group " << inst->vocab.groups().Name(g) << " lowered a score";
        }
      }
    }
  }
}

TEST(ScorerTest, RejectsNegativeRuleWeightBuiltInCode) {
  Vocabulary vocab;
  SeekerTable s;
  VacancyTable v;
  Policy p = Policy::Default();
  p.rules[0].weight = -0.1f;
  auto r = Scorer::Create(p, vocab, s, v);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("positive measure"), std::string_view::npos);
}

TEST(ScorerTest, UnknownGroupOrIndustryInPolicyIsAnError) {
  Vocabulary vocab;
  SeekerTable s;
  VacancyTable v;
  Policy p = Policy::Default();
  p.rules[0].groups = {"veterans"};  // typo
  auto r = Scorer::Create(p, vocab, s, v);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown key group 'veterans'"), std::string_view::npos);
  p = Policy::Default();
  p.rules[0].industries = {"nope"};
  EXPECT_FALSE(Scorer::Create(p, vocab, s, v).ok());
  p = Policy::Default();
  p.extra_groups = {"new_group"};
  EXPECT_FALSE(Scorer::Create(p, vocab, s, v).ok());
  ASSERT_TRUE(vocab.AddGroup("new_group").ok());
  EXPECT_TRUE(Scorer::Create(p, vocab, s, v).ok());
}

TEST(ScorerTest, MismatchedEmbeddingDimensionsAreAnError) {
  auto a = testing::RandomInstance(1, {.num_seekers = 3, .num_vacancies = 3, .embedding_dim = 4});
  auto b = testing::RandomInstance(1, {.num_seekers = 3, .num_vacancies = 3, .embedding_dim = 5});
  EXPECT_FALSE(Scorer::Create(Policy::Default(), a->vocab, a->seekers, b->vacancies).ok());
}

TEST(ScorerTest, ExplanationTextNamesComponentsRulesAndReasons) {
  auto inst = testing::RandomInstance(4, {.num_seekers = 10, .num_vacancies = 10});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  bool saw_ineligible = false, saw_eligible = false;
  for (int64_t s = 0; s < 10; ++s) {
    for (int64_t v = 0; v < 10; ++v) {
      const Explanation e = scorer->Explain(s, v);
      const std::string text = e.ToString(inst->seekers, inst->vacancies);
      EXPECT_NE(text.find("skill"), std::string::npos);
      EXPECT_NE(text.find(inst->seekers.ids()[s]), std::string::npos);
      if (!e.eligible) {
        saw_ineligible = true;
        EXPECT_NE(text.find("INELIGIBLE"), std::string::npos);
        EXPECT_NE(text.find(IneligibleReasonName(e.ineligible[0])), std::string::npos);
      } else {
        saw_eligible = true;
        for (const FiredRule& r : e.rules) EXPECT_NE(text.find(r.name), std::string::npos);
      }
    }
  }
  EXPECT_TRUE(saw_ineligible);
  EXPECT_TRUE(saw_eligible);
}

}  // namespace
}  // namespace jobmatch
