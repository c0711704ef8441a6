// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Key-group coverage and allocation summaries against a brute-force oracle
// written from the definitions (docs/cli.md, demo): membership read bit by
// bit, "has a recommendation" = any entry in the seeker's row, best score =
// the row's maximum, "in a vacancy's top-k" = appears in any vacancy row.
#include "jobmatch/analytics/coverage.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "gtest/gtest.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/search/topk.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

struct OracleRow {
  int64_t seekers = 0, with = 0, reached = 0, placed = 0;
  double best_sum = 0.0;
};

// Slot g < groups: members of group g; slot == groups: everyone.
std::vector<OracleRow> Oracle(const SeekerTable& seekers, int ng, const TopKResult& fs,
                              const TopKResult& fv, const std::vector<int64_t>* placement) {
  std::vector<OracleRow> rows(ng + 1);
  for (int64_t s = 0; s < seekers.size(); ++s) {
    bool has = false, reached = false;
    float best = -std::numeric_limits<float>::infinity();
    for (int64_t r = 0; r < fs.rows; ++r) {
      if (fs.row_ids[r] != s) continue;
      for (int j = 0; j < fs.k; ++j) {
        if (fs.index[r * fs.k + j] < 0) continue;
        has = true;
        best = std::max(best, fs.score[r * fs.k + j]);
      }
    }
    for (int64_t e : fv.index) reached |= e == s;
    for (int g = 0; g <= ng; ++g) {
      const bool member = g == ng || ((seekers.groups()[s] & (GroupMask{1} << g)) != 0);
      if (!member) continue;
      OracleRow& o = rows[g];
      ++o.seekers;
      o.with += has;
      o.reached += reached;
      o.best_sum += has ? static_cast<double>(best) : 0.0;
      if (placement != nullptr) o.placed += (*placement)[s] >= 0;
    }
  }
  return rows;
}

TEST(KeyGroupCoverage, EqualsTheOracleOnRandomInstances) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    testing::InstanceOptions io;
    io.num_seekers = 1 + static_cast<int>(seed * 7 % 60);
    io.num_vacancies = static_cast<int>(seed % 5 == 0 ? 1 : seed * 3 % 25 + 1);
    auto inst = testing::RandomInstance(seed, io);
    Policy p = testing::RandomPolicy(seed, inst->vocab);
    auto scorer = Scorer::Create(p, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    TopKOptions o;
    o.k = 1 + static_cast<int>(seed % 6);
    std::mt19937_64 rng(seed);
    if (seed % 3 == 0) {  // a shuffled subset of seekers
      for (int64_t s = 0; s < inst->seekers.size(); ++s) {
        if (rng() % 2) o.rows.push_back(s);
      }
      std::shuffle(o.rows.begin(), o.rows.end(), rng);
    }
    auto fs = TopVacanciesForSeekers(*scorer, o);
    o.rows.clear();
    auto fv = TopSeekersForVacancies(*scorer, o);
    ASSERT_TRUE(fs.ok() && fv.ok());
    auto cov = KeyGroupCoverage(inst->seekers, inst->vocab, *fs, *fv);
    ASSERT_TRUE(cov.ok()) << cov.status();
    const int ng = inst->vocab.groups().size();
    const auto want = Oracle(inst->seekers, ng, *fs, *fv, nullptr);
    size_t i = 0;
    for (int g = 0; g <= ng; ++g) {
      if (want[g].seekers == 0) continue;
      ASSERT_LT(i, cov->rows.size());
      const GroupCoverageRow& row = cov->rows[i++];
      EXPECT_EQ(row.all_seekers, g == ng);
      EXPECT_EQ(row.group, g == ng ? "" : std::string(inst->vocab.groups().Name(g)));
      EXPECT_EQ(row.seekers, want[g].seekers);
      EXPECT_EQ(row.with_recommendation, want[g].with);
      EXPECT_EQ(row.in_vacancy_top_k, want[g].reached);
      EXPECT_NEAR(row.best_score_sum, want[g].best_sum, 1e-9 * (1 + std::abs(want[g].best_sum)));
    }
    EXPECT_EQ(i, cov->rows.size()) << "seed " << seed;
  }
}

TEST(KeyGroupCoverage, EmptyTablesAndWrongInputs) {
  auto inst = testing::RandomInstance(4, {.num_seekers = 10, .num_vacancies = 5});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  TopKOptions o;
  o.k = 2;
  auto fs = TopVacanciesForSeekers(*scorer, o);
  auto fv = TopSeekersForVacancies(*scorer, o);
  ASSERT_TRUE(fs.ok() && fv.ok());
  EXPECT_EQ(KeyGroupCoverage(inst->seekers, inst->vocab, *fv, *fv).status().code(),
            absl::StatusCode::kInvalidArgument);
  TopKResult bad = *fs;
  bad.index[0] = 5;  // a vacancy index is fine here; a seeker index out of range is not
  EXPECT_TRUE(KeyGroupCoverage(inst->seekers, inst->vocab, bad, *fv).ok());
  TopKResult bad_v = *fv;
  bad_v.index[0] = 10;
  EXPECT_FALSE(KeyGroupCoverage(inst->seekers, inst->vocab, *fs, bad_v).ok());
  bad.row_ids[0] = -1;
  EXPECT_FALSE(KeyGroupCoverage(inst->seekers, inst->vocab, bad, *fv).ok());
  bad = *fs;
  bad.score.pop_back();
  EXPECT_FALSE(KeyGroupCoverage(inst->seekers, inst->vocab, bad, *fv).ok());
  SeekerTable none;
  TopKResult empty_s, empty_v;
  empty_v.direction = Direction::kSeekersForVacancies;
  auto cov = KeyGroupCoverage(none, inst->vocab, empty_s, empty_v);
  ASSERT_TRUE(cov.ok());
  EXPECT_TRUE(cov->rows.empty());
}

TEST(SummariseAllocationByGroup, EqualsTheOracleOnRandomAllocations) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 50, .num_vacancies = 12});
    auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    AllocationOptions ao;
    ao.candidates_per_seeker = 1 + static_cast<int>(seed % 5);
    ao.method = seed % 2 ? AllocationMethod::kOptimal : AllocationMethod::kStable;
    auto r = Allocate(*scorer, ao);
    ASSERT_TRUE(r.ok()) << r.status();
    auto sum = SummariseAllocationByGroup(*r, inst->seekers, inst->vocab);
    ASSERT_TRUE(sum.ok());
    const int ng = inst->vocab.groups().size();
    TopKResult none_s, none_v;
    none_v.direction = Direction::kSeekersForVacancies;
    const auto want = Oracle(inst->seekers, ng, none_s, none_v, &r->vacancy_of_seeker);
    size_t i = 0;
    for (int g = 0; g <= ng; ++g) {
      if (want[g].seekers == 0) continue;
      ASSERT_LT(i, sum->rows.size());
      EXPECT_EQ(sum->rows[i].seekers, want[g].seekers);
      EXPECT_EQ(sum->rows[i].placed, want[g].placed);
      EXPECT_EQ(sum->rows[i].all_seekers, g == ng);
      ++i;
    }
    EXPECT_EQ(i, sum->rows.size());
    int64_t placed = 0;
    for (auto x : r->seeker_outcome) placed += x == SeekerOutcome::kPlaced;
    EXPECT_EQ(sum->seeker_outcomes[0], placed);
    EXPECT_EQ(std::accumulate(sum->seeker_outcomes.begin(), sum->seeker_outcomes.end(), int64_t{0}),
              inst->seekers.size());
    EXPECT_EQ(
        std::accumulate(sum->vacancy_outcomes.begin(), sum->vacancy_outcomes.end(), int64_t{0}),
        inst->vacancies.size());
  }
  AllocationResult wrong;
  auto inst = testing::RandomInstance(1, {.num_seekers = 3, .num_vacancies = 2});
  EXPECT_EQ(SummariseAllocationByGroup(wrong, inst->seekers, inst->vocab).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobmatch
