// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Numbers that overflow inside (issue 10, class 6), tested as a class:
// random cities whose every numeric field is drawn from the extremes the
// tables accept (subnormals, FLT_MAX, sums that overflow a float). For any
// accepted input no score is NaN or +inf, Score / Explain / TopK agree, the
// top-k lists are as long as the eligible sets allow, and every saved
// snapshot loads back to the same scores.
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch {
namespace {

constexpr float kMax = std::numeric_limits<float>::max();
constexpr float kDenorm = std::numeric_limits<float>::denorm_min();

float Pick(std::mt19937_64& rng, std::initializer_list<float> values) {
  std::uniform_int_distribution<size_t> d(0, values.size() - 1);
  return *(values.begin() + d(rng));
}

struct City {
  Vocabulary vocab;
  std::vector<Seeker> seekers;
  std::vector<Vacancy> vacancies;
};

City ExtremeCity(uint64_t seed, int dim) {
  std::mt19937_64 rng(seed);
  City c;
  for (int s = 0; s < 4; ++s) c.vocab.AddSkill(absl::StrCat("skill", s));
  c.vocab.AddIndustry("industry0");
  auto embedding = [&] {
    std::vector<float> e(dim);
    for (float& x : e) x = Pick(rng, {0.0f, kDenorm, -kDenorm, 1e-38f, 1.0f, kMax, -kMax});
    return e;
  };
  std::uniform_int_distribution<int> level(1, 8);
  for (int i = 0; i < 12; ++i) {
    Seeker s;
    s.id = absl::StrCat("S", i);
    s.lat = 36.0 + 0.01 * (i % 3);
    s.lon = 120.0;
    for (int k = 0; k < 4; ++k) {
      if (rng() % 2) s.skills.push_back({k, static_cast<int8_t>(level(rng))});
    }
    s.reservation_wage = Pick(rng, {0.0f, kDenorm, 1.0f, 3000.0f, 1e30f, kMax});
    s.max_commute_km = Pick(rng, {0.0f, kDenorm, 5.0f, 1e30f, kMax});
    s.accepts_remote = rng() % 2;
    const int32_t months[] = {0, 1, 24, std::numeric_limits<int32_t>::max()};
    s.months_unemployed = months[rng() % 4];
    if (dim > 0) s.embedding = embedding();
    c.seekers.push_back(std::move(s));
  }
  for (int i = 0; i < 10; ++i) {
    Vacancy v;
    v.id = absl::StrCat("V", i);
    v.lat = 36.0 + 0.02 * (i % 2);
    v.lon = 120.0;
    v.openings = static_cast<int32_t>(rng() % 3);
    for (int k = 0; k < 4; ++k) {
      if (rng() % 2) {
        v.requirements.push_back(
            {k, static_cast<int8_t>(level(rng)), Pick(rng, {kDenorm, 1e-38f, 1.0f, 3e38f, kMax})});
      }
    }
    v.wage_min = Pick(rng, {0.0f, kDenorm, 1000.0f});
    v.wage_max = std::max(v.wage_min, Pick(rng, {0.0f, kDenorm, 5000.0f, 1e30f, kMax}));
    v.remote = rng() % 4 == 0;
    if (dim > 0) v.embedding = embedding();
    c.vacancies.push_back(std::move(v));
  }
  return c;
}

TEST(ExtremeValuesTest, ImportancesWhoseSumOverflowsAFloatKeepFullSkillFit) {
  Vocabulary vocab;
  vocab.AddSkill("a");
  vocab.AddSkill("b");
  vocab.AddIndustry("x");
  Seeker s;
  s.id = "S";
  s.lat = 36.0;
  s.lon = 120.0;
  s.skills = {{0, 5}, {1, 5}};
  Vacancy v;
  v.id = "V";
  v.lat = 36.0;
  v.lon = 120.0;
  v.requirements = {{0, 3, 3e38f}, {1, 3, 3e38f}};  // 3e38 + 3e38 overflows a float
  Vacancy w = v;
  w.id = "W";
  w.requirements = {{0, 3, 1.0f}, {1, 3, 1.0f}};  // the same requirements, small weights
  auto data = Dataset::FromRows(vocab, std::vector<Seeker>{s}, std::vector<Vacancy>{v, w},
                                Policy::Default());
  ASSERT_TRUE(data.ok()) << data.status();
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  const float big = scorer->Score(0, 0), small = scorer->Score(0, 1);
  ASSERT_TRUE(std::isfinite(big));
  // Equal importances mean the same skill fit, whatever their scale.
  EXPECT_EQ(big, small);
}

TEST(ExtremeValuesTest, NoAcceptedInputYieldsNanOrInfiniteScores) {
  int cities = 0, scored_pairs = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    const int dim = static_cast<int>(seed % 3) * 3;  // 0, 3 or 6
    City c = ExtremeCity(seed, dim);
    auto data = Dataset::FromRows(c.vocab, c.seekers, c.vacancies, Policy::Default());
    if (!data.ok()) continue;  // refused is fine; accepted must score sanely
    ++cities;
    auto scorer = Scorer::Create(*data);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    const int64_t ns = (*data)->seekers().size(), nv = (*data)->vacancies().size();
    std::vector<int> eligible(ns, 0);
    for (int64_t i = 0; i < ns; ++i) {
      for (int64_t j = 0; j < nv; ++j) {
        const float x = scorer->Score(i, j);
        SCOPED_TRACE(absl::StrCat("seed ", seed, " pair ", i, ",", j));
        ASSERT_FALSE(std::isnan(x));
        ASSERT_NE(x, std::numeric_limits<float>::infinity());
        const Explanation e = scorer->Explain(i, j);
        EXPECT_EQ(e.eligible, x != -std::numeric_limits<float>::infinity());
        if (e.eligible) {
          EXPECT_EQ(e.score, x);
          ++eligible[i];
          ++scored_pairs;
        }
      }
    }
    for (bool exhaustive : {false, true}) {
      TopKOptions o;
      o.k = 4;
      o.exhaustive = exhaustive;
      auto top = TopVacanciesForSeekers(*scorer, o);
      ASSERT_TRUE(top.ok()) << top.status();
      for (int64_t i = 0; i < ns; ++i) {
        int n = 0;
        while (n < o.k && top->index[i * o.k + n] >= 0) ++n;
        EXPECT_EQ(n, std::min(eligible[i], o.k)) << "seed " << seed << " seeker " << i;
      }
    }
    // Only the ratios of a vacancy's importances matter: scaled by 2^-20
    // (exact in float, no underflow above 1e-30) the scores stay the same, up
    // to rounding when the original sum overflowed a float.
    std::vector<Vacancy> scaled = c.vacancies;
    for (Vacancy& v : scaled) {
      bool ok = true;
      for (const Requirement& r : v.requirements) ok &= r.importance >= 1e-30f;
      if (!ok) continue;
      for (Requirement& r : v.requirements) r.importance = std::ldexp(r.importance, -20);
    }
    auto scaled_data = Dataset::FromRows(c.vocab, c.seekers, scaled, Policy::Default());
    ASSERT_TRUE(scaled_data.ok()) << scaled_data.status();
    auto scaled_scorer = Scorer::Create(*scaled_data);
    ASSERT_TRUE(scaled_scorer.ok());
    for (int64_t i = 0; i < ns; ++i) {
      for (int64_t j = 0; j < nv; ++j) {
        const float a = scorer->Score(i, j), b = scaled_scorer->Score(i, j);
        if (std::isinf(a) || std::isinf(b)) {
          EXPECT_EQ(a, b);
        } else {
          EXPECT_NEAR(a, b, 1e-5f * std::max(1.0f, std::fabs(a)))
              << "seed " << seed << " pair " << i << "," << j;
        }
      }
    }

    // Every saved snapshot loads back, with the same scores.
    auto bytes = SaveSnapshotToString(**data);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    auto loaded = LoadSnapshotFromBuffer(*bytes, "extreme.jms");
    ASSERT_TRUE(loaded.ok()) << "seed " << seed << ": " << loaded.status();
    auto again = Scorer::Create(*loaded);
    ASSERT_TRUE(again.ok());
    for (int64_t i = 0; i < ns; ++i) {
      for (int64_t j = 0; j < nv; ++j) {
        const float a = scorer->Score(i, j), b = again->Score(i, j);
        EXPECT_TRUE(a == b) << "seed " << seed << " pair " << i << "," << j;
      }
    }
  }
  // The generator must mostly produce accepted cities, or the test checks little.
  EXPECT_GT(cities, 40);
  EXPECT_GT(scored_pairs, 500);
}

}  // namespace
}  // namespace jobmatch
