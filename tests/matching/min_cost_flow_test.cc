// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// White-box test of the private flow solver: 64- and 128-bit variants agree,
// and the 64-bit one refuses (OutOfRange) rather than overflows.
#include "matching/internal/min_cost_flow.h"

#include <random>

#include "gtest/gtest.h"

namespace jobmatch::internal {
namespace {

// Random transportation problem: sources with supply, sinks with demand,
// random arcs plus a costly bypass so a feasible flow always exists.
template <typename F>
void Build(F& f, uint64_t seed, int64_t cost_scale) {
  std::mt19937_64 rng(seed);
  const int32_t ns = 6, nt = 5;  // nodes 0..5 sources, 6..10 sinks, 11 hub
  int64_t total = 0;
  for (int32_t s = 0; s < ns; ++s) {
    const int64_t sup = static_cast<int64_t>(rng() % 4);
    f.SetSupply(s, sup);
    total += sup;
    f.AddArc(s, 11, sup, cost_scale * 10);  // bypass to the hub
  }
  for (int32_t t = 0; t < nt; ++t) f.AddArc(11, ns + t, total, 0);
  int64_t left = total;
  for (int32_t t = 0; t < nt; ++t) {
    const int64_t dem = t + 1 == nt ? left : static_cast<int64_t>(rng() % (left + 1));
    f.SetSupply(ns + t, -dem);
    left -= dem;
  }
  for (int k = 0; k < 20; ++k) {
    const int32_t s = static_cast<int32_t>(rng() % ns), t = ns + static_cast<int32_t>(rng() % nt);
    f.AddArc(s, t, static_cast<int64_t>(rng() % 3),
             cost_scale * (static_cast<int64_t>(rng() % 11) - 5));
  }
}

TEST(MinCostFlowTest, SixtyFourAndOneTwentyEightBitAgree) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    MinCostFlow64 a(12);
    MinCostFlow b(12);
    Build(a, seed, 1000);
    Build(b, seed, 1000);
    ASSERT_TRUE(a.Solve().ok());
    ASSERT_TRUE(b.Solve().ok());
    EXPECT_EQ(a.TotalCost(), b.TotalCost()) << "seed " << seed;
  }
}

TEST(MinCostFlowTest, SixtyFourBitRefusesCostsItCannotScale) {
  MinCostFlow64 a(12);
  MinCostFlow b(12);
  const int64_t huge = int64_t{1} << 56;  // x (n + 1) = 13 overflows the 2^59 budget
  Build(a, 7, huge / 10);
  Build(b, 7, huge / 10);
  EXPECT_EQ(a.Solve().code(), absl::StatusCode::kOutOfRange);
  ASSERT_TRUE(b.Solve().ok());
  MinCostFlow c(12);
  Build(c, 7, 1);
  ASSERT_TRUE(c.Solve().ok());
  EXPECT_EQ(b.TotalCost(), c.TotalCost() * (huge / 10));  // same flow, scaled cost
}

}  // namespace
}  // namespace jobmatch::internal
