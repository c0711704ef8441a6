// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/matching/congestion.h"

#include <set>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

TEST(CongestionTest, ReportCountsListsAgainstOpenings) {
  auto inst = testing::RandomInstance(3, {.num_seekers = 200, .num_vacancies = 30});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  TopKOptions o;
  o.k = 5;
  auto top = TopVacanciesForSeekers(*scorer, o);
  ASSERT_TRUE(top.ok());
  CongestionOptions co;
  co.factor = 3.0;
  auto r = AnalyseCongestion(*top, inst->vacancies, co);
  ASSERT_TRUE(r.ok());
  std::vector<int64_t> count(30, 0);
  for (int64_t v : top->index) {
    if (v >= 0) ++count[v];
  }
  EXPECT_EQ(r->recommended_to, count);
  int64_t with = 0, good = 0;
  for (int64_t s = 0; s < top->rows; ++s) {
    if (top->index[s * 5] < 0) continue;
    ++with;
    for (int j = 0; j < 5; ++j) {
      const int64_t v = top->index[s * 5 + j];
      if (v >= 0 && count[v] <= 3.0 * inst->vacancies.openings()[v]) {
        ++good;
        break;
      }
    }
  }
  EXPECT_EQ(r->seekers_with_list, with);
  EXPECT_EQ(r->seekers_with_uncongested, good);
  TopKResult wrong = *top;
  wrong.direction = Direction::kSeekersForVacancies;
  EXPECT_FALSE(AnalyseCongestion(wrong, inst->vacancies, co).ok());
  co.factor = 0;
  EXPECT_FALSE(AnalyseCongestion(*top, inst->vacancies, co).ok());
}

TEST(CongestionTest, CapacityAwareListsAreValidAndNeverWorse) {
  int improved = 0;
  for (uint64_t seed = 1; seed <= 15; ++seed) {
    // Many seekers, few openings: crowded.
    auto inst = testing::RandomInstance(seed, {.num_seekers = 300, .num_vacancies = 25});
    Policy p = Policy::Default();
    p.eligibility.enforce_max_commute = false;
    auto scorer = Scorer::Create(p, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    RerankOptions o;
    o.k = 4;
    o.candidates = 12;
    o.congestion.factor = 2.0;
    auto r = CapacityAwareRecommendations(*scorer, o);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_GE(r->after.seekers_with_uncongested, r->before.seekers_with_uncongested);
    improved += r->after.seekers_with_uncongested > r->before.seekers_with_uncongested;
    auto again = AnalyseCongestion(r->lists, inst->vacancies, o.congestion);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->seekers_with_uncongested, r->after.seekers_with_uncongested);
    TopKOptions t;
    t.k = 12;
    auto cand = TopVacanciesForSeekers(*scorer, t);
    for (int64_t s = 0; s < r->lists.rows; ++s) {
      std::set<int64_t> seen;
      for (int j = 0; j < 4; ++j) {
        const int64_t v = r->lists.index[s * 4 + j];
        if (v < 0) continue;
        ASSERT_TRUE(seen.insert(v).second) << "duplicate entry";
        ASSERT_TRUE(scorer->Eligible(s, v));
        ASSERT_EQ(r->lists.score[s * 4 + j], scorer->Score(s, v));
        bool in_candidates = false;
        for (int c = 0; c < 12; ++c) in_candidates |= cand->index[s * 12 + c] == v;
        ASSERT_TRUE(in_candidates);
      }
      // The first k - 1 entries are the plain top entries.
      for (int j = 0; j + 1 < 4; ++j) ASSERT_EQ(r->lists.index[s * 4 + j], cand->index[s * 12 + j]);
    }
  }
  EXPECT_GT(improved, 5);
}

TEST(CongestionTest, BadOptions) {
  auto inst = testing::RandomInstance(1, {.num_seekers = 5, .num_vacancies = 5});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  RerankOptions o;
  o.k = 0;
  EXPECT_FALSE(CapacityAwareRecommendations(*scorer, o).ok());
  o.k = 2;
  o.passes = -1;
  EXPECT_FALSE(CapacityAwareRecommendations(*scorer, o).ok());
}

}  // namespace
}  // namespace jobmatch
