// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The batched top-k must equal brute-force scoring of every pair
// (Scorer::Score + sort by score desc, index asc), in both directions, on
// random instances with many exact ties, for any thread count and subset.
#include "jobmatch/search/topk.h"

#include <cmath>
#include <thread>

#include "gtest/gtest.h"
#include "testing/oracles.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using ::jobmatch::testing::BruteForceTopK;

using testing::InstanceOptions;
using testing::RandomInstance;
using testing::RandomPolicy;

void ExpectSameTopK(const TopKResult& got, const TopKResult& want, const std::string& where) {
  ASSERT_EQ(got.rows, want.rows) << where;
  ASSERT_EQ(got.k, want.k) << where;
  ASSERT_EQ(got.row_ids, want.row_ids) << where;
  for (int64_t i = 0; i < got.rows * got.k; ++i) {
    ASSERT_EQ(got.index[i], want.index[i])
        << where << " row " << i / got.k << " rank " << i % got.k;
    // Bit-identical scores (both -inf for padding).
    ASSERT_EQ(got.score[i], want.score[i]) << where << " row " << i / got.k;
  }
}

int CountTies(const TopKResult& r) {
  int ties = 0;
  for (int64_t i = 0; i < r.rows; ++i) {
    for (int j = 1; j < r.k; ++j) {
      const float a = r.score[i * r.k + j - 1], b = r.score[i * r.k + j];
      if (a == b && std::isfinite(a)) ++ties;
    }
  }
  return ties;
}

// 60 random instances x both directions x several k and thread counts.
TEST(TopKTest, EqualsBruteForceOnRandomInstancesWithTies) {
  int total_ties = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    InstanceOptions opt;
    opt.num_seekers = 20 + static_cast<int>(seed * 37 % 90);
    opt.num_vacancies = 10 + static_cast<int>(seed * 53 % 70);
    opt.embedding_dim = seed % 3 == 0 ? static_cast<int>(seed % 7) + 1 : 0;
    opt.coarse = seed % 5 != 0;
    auto inst = RandomInstance(seed, opt);
    Policy policy = seed % 4 == 0 ? Policy::Default() : RandomPolicy(seed, inst->vocab);
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    for (Direction dir : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
      TopKOptions o;
      o.k = 1 + static_cast<int>(seed % 12);
      o.num_threads = 1 + static_cast<int>(seed % 3);
      auto got = TopK(*scorer, dir, o);
      ASSERT_TRUE(got.ok()) << got.status();
      const TopKResult want = BruteForceTopK(*scorer, dir, o);
      total_ties += CountTies(want);
      ExpectSameTopK(
          *got, want,
          "seed " + std::to_string(seed) + " dir " + std::to_string(static_cast<int>(dir)));
    }
  }
  // The instances are built to tie; make sure the test exercised tie-breaks.
  EXPECT_GT(total_ties, 100);
}

// Chunk boundaries (1024 seekers) and vacancy blocks (64) are crossed.
TEST(TopKTest, EqualsBruteForceAcrossChunkBoundaries) {
  InstanceOptions opt;
  opt.num_seekers = 2300;
  opt.num_vacancies = 150;
  opt.embedding_dim = 5;
  auto inst = RandomInstance(99, opt);
  auto scorer =
      Scorer::Create(RandomPolicy(7, inst->vocab), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  for (Direction dir : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
    TopKOptions o;
    o.k = 7;
    o.num_threads = 2;
    auto got = TopK(*scorer, dir, o);
    ASSERT_TRUE(got.ok());
    ExpectSameTopK(*got, BruteForceTopK(*scorer, dir, o), "chunks");
  }
}

TEST(TopKTest, ThreadCountDoesNotChangeResult) {
  auto inst = RandomInstance(5, {.num_seekers = 1500, .num_vacancies = 200});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  for (Direction dir : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
    TopKOptions o;
    o.k = 10;
    o.num_threads = 1;
    auto one = TopK(*scorer, dir, o);
    for (int t : {2, 3, 8}) {
      o.num_threads = t;
      auto many = TopK(*scorer, dir, o);
      ASSERT_TRUE(many.ok());
      ExpectSameTopK(*many, *one, "threads " + std::to_string(t));
    }
  }
}

TEST(TopKTest, SubsetOfRowsAnswersThoseRowsInOrder) {
  auto inst = RandomInstance(11, {.num_seekers = 300, .num_vacancies = 80});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  TopKOptions o;
  o.k = 5;
  o.rows = {299, 0, 17, 17, 150};
  auto got = TopVacanciesForSeekers(*scorer, o);
  ASSERT_TRUE(got.ok());
  ExpectSameTopK(*got, BruteForceTopK(*scorer, Direction::kVacanciesForSeekers, o), "subset");
  o.rows = {79, 3};
  auto got2 = TopSeekersForVacancies(*scorer, o);
  ASSERT_TRUE(got2.ok());
  ExpectSameTopK(*got2, BruteForceTopK(*scorer, Direction::kSeekersForVacancies, o), "subset v");
}

TEST(TopKTest, FewerEligibleThanKIsPaddedAtTheEnd) {
  auto inst = RandomInstance(3, {.num_seekers = 30, .num_vacancies = 5});
  Policy p = Policy::Default();
  auto scorer = Scorer::Create(p, inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  TopKOptions o;
  o.k = 9;
  auto got = TopVacanciesForSeekers(*scorer, o);
  ASSERT_TRUE(got.ok());
  for (int64_t i = 0; i < got->rows; ++i) {
    bool padding = false;
    for (int j = 0; j < o.k; ++j) {
      const int64_t idx = got->index[i * o.k + j];
      if (idx < 0) {
        padding = true;
        EXPECT_EQ(got->score[i * o.k + j], -INFINITY);
      } else {
        EXPECT_FALSE(padding) << "a candidate after padding";
        EXPECT_TRUE(scorer->Eligible(got->row_ids[i], idx));
      }
    }
    EXPECT_TRUE(padding) << "only 5 vacancies exist, k = 9";
  }
}

TEST(TopKTest, RejectsBadOptions) {
  auto inst = RandomInstance(3, {.num_seekers = 3, .num_vacancies = 3});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  TopKOptions o;
  o.k = 0;
  EXPECT_EQ(TopVacanciesForSeekers(*scorer, o).status().code(), absl::StatusCode::kInvalidArgument);
  o.k = 2;
  o.rows = {3};
  EXPECT_EQ(TopVacanciesForSeekers(*scorer, o).status().code(), absl::StatusCode::kOutOfRange);
  o.rows = {-1};
  EXPECT_EQ(TopSeekersForVacancies(*scorer, o).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(TopKTest, ProgressIsReportedAndCancellationStops) {
  auto inst = RandomInstance(8, {.num_seekers = 3000, .num_vacancies = 400});
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  TopKOptions o;
  o.k = 3;
  int64_t last_done = -1, last_total = -1;
  o.progress = [&](int64_t done, int64_t total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
    return true;
  };
  ASSERT_TRUE(TopVacanciesForSeekers(*scorer, o).ok());
  EXPECT_EQ(last_done, 3000);
  EXPECT_EQ(last_total, 3000);
  o.progress = [](int64_t, int64_t) { return false; };
  // Cancellation is only observed on the 200 ms progress tick; a run that
  // finishes first is fine, otherwise it must report kCancelled.
  auto r = TopSeekersForVacancies(*scorer, o);
  EXPECT_TRUE(r.ok() || r.status().code() == absl::StatusCode::kCancelled);
}

TEST(TopKTest, EmptyTables) {
  Vocabulary vocab;
  SeekerTable seekers;
  VacancyTable vacancies;
  auto scorer = Scorer::Create(Policy::Default(), vocab, seekers, vacancies);
  ASSERT_TRUE(scorer.ok());
  auto r = TopVacanciesForSeekers(*scorer, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows, 0);
}

}  // namespace
}  // namespace jobmatch
