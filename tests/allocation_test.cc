// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Allocation end to end on random instances: feasibility, optimality against
// the solver on the same candidate graph, stability, household coverage and
// the consistency of every reason given.
#include "jobmatch/allocation.h"

#include <cmath>

#include "gtest/gtest.h"
#include "jobmatch/topk.h"
#include "test_util.h"

namespace jobmatch {
namespace {

EdgeList CandidateGraph(const Scorer& scorer, int k) {
  TopKOptions o;
  o.k = k;
  auto top = TopVacanciesForSeekers(scorer, o);
  EdgeList e;
  for (int64_t s = 0; s < top->rows; ++s) {
    for (int j = 0; j < k && top->index[s * k + j] >= 0; ++j) {
      e.row.push_back(s);
      e.col.push_back(top->index[s * k + j]);
      e.weight.push_back(top->score[s * k + j]);
    }
  }
  return e;
}

void CheckConsistent(const Scorer& scorer, const AllocationOptions& o, const AllocationResult& r) {
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  std::vector<int32_t> load(nv, 0);
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = r.vacancy_of_seeker[s];
    if (v >= 0) {
      ASSERT_EQ(r.seeker_outcome[s], SeekerOutcome::kPlaced);
      ASSERT_TRUE(scorer.Eligible(s, v));
      ASSERT_EQ(r.score_of_seeker[s], scorer.Score(s, v));
      ASSERT_GE(r.score_of_seeker[s], o.min_score);
      ++load[v];
      continue;
    }
    ASSERT_NE(r.seeker_outcome[s], SeekerOutcome::kPlaced);
    bool any_eligible = false, any_acceptable = false;
    for (int64_t v2 = 0; v2 < nv; ++v2) {
      if (scorer.Eligible(s, v2)) {
        any_eligible = true;
        any_acceptable |= scorer.Score(s, v2) >= o.min_score;
      }
    }
    if (!any_eligible) {
      ASSERT_EQ(r.seeker_outcome[s], SeekerOutcome::kNoEligibleVacancy);
    } else if (r.seeker_outcome[s] == SeekerOutcome::kBelowMinScore) {
      // The candidates are the seeker's best pairs: if the best is below
      // the minimum, every pair is.
      ASSERT_FALSE(any_acceptable);
    } else {
      ASSERT_EQ(r.seeker_outcome[s], SeekerOutcome::kOutbid);
      ASSERT_TRUE(any_acceptable);
    }
  }
  int64_t placed = 0;
  for (int64_t v = 0; v < nv; ++v) {
    ASSERT_EQ(load[v], r.filled[v]);
    ASSERT_LE(r.filled[v], scorer.vacancies().openings()[v]);
    placed += load[v];
    if (r.filled[v] == scorer.vacancies().openings()[v]) {
      ASSERT_EQ(r.vacancy_outcome[v], VacancyOutcome::kFilled);
    } else {
      ASSERT_NE(r.vacancy_outcome[v], VacancyOutcome::kFilled);
    }
  }
  ASSERT_EQ(placed, r.placed);
}

TEST(AllocationTest, OptimalEqualsSolverOnTheCandidateGraphAndReasonsHold) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 60, .num_vacancies = 25});
    Policy policy = testing::RandomPolicy(seed, inst->vocab);
    policy.quotas.clear();  // compared with the plain solver below
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    AllocationOptions o;
    o.candidates_per_seeker = seed % 2 == 0 ? 25 : 4;
    if (seed % 3 == 0) o.min_score = 0.6f;
    auto r = Allocate(*scorer, o);
    ASSERT_TRUE(r.ok()) << r.status();
    CheckConsistent(*scorer, o, *r);
    AssignmentOptions ao;
    ao.min_weight = o.min_score;
    auto want = SolveAssignment(inst->seekers.size(), inst->vacancies.openings(),
                                CandidateGraph(*scorer, o.candidates_per_seeker), ao);
    ASSERT_TRUE(want.ok());
    EXPECT_NEAR(r->total_score, want->total_weight, 1e-4);
  }
}

TEST(AllocationTest, StableHasNoBlockingPairOnTheCandidateGraph) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 60, .num_vacancies = 25});
    auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    for (Proposer p : {Proposer::kRows, Proposer::kColumns}) {
      AllocationOptions o;
      o.method = AllocationMethod::kStable;
      o.proposer = p;
      o.candidates_per_seeker = 6;
      auto r = Allocate(*scorer, o);
      ASSERT_TRUE(r.ok()) << r.status();
      CheckConsistent(*scorer, o, *r);
      const EdgeList e = CandidateGraph(*scorer, 6);
      Assignment m;
      m.col_of_row = r->vacancy_of_seeker;
      m.edge_of_row.assign(m.col_of_row.size(), -1);
      for (int64_t i = 0; i < e.size(); ++i) {
        if (m.col_of_row[e.row[i]] == e.col[i]) m.edge_of_row[e.row[i]] = i;
      }
      StableMatchingOptions so;
      so.proposer = p;
      EXPECT_TRUE(FindBlockingEdges(inst->seekers.size(), inst->vacancies.openings(), e, so, m).empty());
    }
  }
}

TEST(AllocationTest, HouseholdCoverageCoversMoreAtAReportedPrice) {
  int improved = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 80, .num_vacancies = 10});
    auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    AllocationOptions o;
    o.household_coverage = true;
    auto r = Allocate(*scorer, o);
    ASSERT_TRUE(r.ok()) << r.status();
    CheckConsistent(*scorer, o, *r);
    EXPECT_GE(r->households_covered, r->households_covered_without_coverage);
    EXPECT_LE(r->total_score, r->total_score_without_coverage + 1e-4);
    EXPECT_LE(r->households_covered, r->households);
    improved += r->households_covered > r->households_covered_without_coverage;
  }
  EXPECT_GT(improved, 0) << "coverage should matter on some instance";
}

TEST(AllocationTest, QuotasFillReservedPlacesAndReleaseTheRest) {
  int mattered = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 70, .num_vacancies = 15});
    Policy policy = Policy::Default();
    policy.eligibility.kind_restrictions.clear();
    QuotaRule q;
    q.name = "veterans_half";
    q.groups = {"veteran"};
    q.share = 0.5f;
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    for (AllocationMethod m : {AllocationMethod::kOptimal, AllocationMethod::kStable}) {
      AllocationOptions o;
      o.method = m;
      o.candidates_per_seeker = 8;
      auto without = Allocate(*scorer, o);
      o.extra_quotas = {q};
      auto with = Allocate(*scorer, o);
      ASSERT_TRUE(with.ok() && without.ok()) << with.status();
      CheckConsistent(*scorer, o, *with);
      EXPECT_GT(with->reserved_places, 0);
      EXPECT_LE(with->reserved_filled, with->reserved_places);
      if (m == AllocationMethod::kOptimal) {
        // Reserved places come before the score, so the score can only drop.
        EXPECT_LE(with->total_score, without->total_score + 1e-4);
        mattered += with->total_score < without->total_score - 1e-6;
      }
    }
    AllocationOptions bad;
    bad.method = AllocationMethod::kStable;
    bad.proposer = Proposer::kColumns;
    bad.extra_quotas = {q};
    EXPECT_FALSE(Allocate(*scorer, bad).ok());
  }
  EXPECT_GT(mattered, 0) << "a quota should cost score somewhere";
}

TEST(AllocationTest, BadOptions) {
  auto inst = testing::RandomInstance(1, {.num_seekers = 5, .num_vacancies = 5});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  AllocationOptions o;
  o.candidates_per_seeker = 0;
  EXPECT_FALSE(Allocate(*scorer, o).ok());
  o.candidates_per_seeker = 3;
  o.method = AllocationMethod::kStable;
  o.household_coverage = true;
  EXPECT_FALSE(Allocate(*scorer, o).ok());
  o.method = AllocationMethod::kOptimal;
  o.household_group = "no_such_group";
  EXPECT_FALSE(Allocate(*scorer, o).ok());
}

}  // namespace
}  // namespace jobmatch
