// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// White-box test of the private bipartite b-matching solver: on random
// instances (ties, parallel arcs, positive and negative costs, capacities
// above the degree, arcs in any order) its optimum equals the general
// min-cost flow solver's on the same network and its answer is feasible;
// degenerate inputs; the OutOfRange and Cancelled paths.
#include "matching/internal/bipartite_cost_scaling.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "matching/internal/min_cost_flow.h"

namespace jobmatch::internal {
namespace {

struct Instance {
  int32_t rows = 0;
  std::vector<int32_t> capacity;
  std::vector<int32_t> row, col;
  std::vector<int64_t> cost;
};

Instance RandomInstance(uint64_t seed, int max_rows, int max_cols, int max_cap, int64_t cost_lo,
                        int64_t cost_hi, bool shuffle) {
  std::mt19937_64 rng(seed);
  Instance p;
  p.rows = 1 + static_cast<int32_t>(rng() % max_rows);
  const int32_t cols = 1 + static_cast<int32_t>(rng() % max_cols);
  for (int32_t j = 0; j < cols; ++j)
    p.capacity.push_back(static_cast<int32_t>(rng() % (max_cap + 1)));
  const double density = 0.05 + 0.6 * static_cast<double>(rng() % 100) / 100.0;
  std::uniform_int_distribution<int64_t> cost(cost_lo, cost_hi);
  for (int32_t i = 0; i < p.rows; ++i) {
    for (int32_t j = 0; j < cols; ++j) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) >= density) continue;
      const int copies = rng() % 8 == 0 ? 2 : 1;  // some parallel arcs
      for (int k = 0; k < copies; ++k) {
        p.row.push_back(i);
        p.col.push_back(j);
        p.cost.push_back(cost(rng));
      }
    }
  }
  if (shuffle) {
    std::vector<size_t> perm(p.row.size());
    for (size_t k = 0; k < perm.size(); ++k) perm[k] = k;
    std::shuffle(perm.begin(), perm.end(), rng);
    Instance q = p;
    for (size_t k = 0; k < perm.size(); ++k) {
      q.row[k] = p.row[perm[k]];
      q.col[k] = p.col[perm[k]];
      q.cost[k] = p.cost[perm[k]];
    }
    p = q;
  }
  return p;
}

// The same network for the general solver: rows (supply 1), columns, sink.
absl::StatusOr<int64_t> GeneralOptimum(const Instance& p) {
  const int32_t nc = static_cast<int32_t>(p.capacity.size());
  const int32_t sink = p.rows + nc;
  MinCostFlow f(sink + 1);
  for (int32_t i = 0; i < p.rows; ++i) {
    f.SetSupply(i, 1);
    f.AddArc(i, sink, 1, 0);
  }
  f.SetSupply(sink, -p.rows);
  for (int32_t j = 0; j < nc; ++j) f.AddArc(p.rows + j, sink, p.capacity[j], 0);
  for (size_t a = 0; a < p.row.size(); ++a) f.AddArc(p.row[a], p.rows + p.col[a], 1, p.cost[a]);
  if (absl::Status st = f.Solve(); !st.ok()) return st;
  return f.TotalCost();
}

// Solves with the bipartite solver, checks feasibility of its answer and
// that TotalCost is the sum of the chosen arcs; returns that total.
int64_t SolveAndCheck(const Instance& p, const std::string& what,
                      BipartiteCostScaling::Stats* stats = nullptr) {
  BipartiteCostScaling s(p.rows, p.capacity);
  for (size_t a = 0; a < p.row.size(); ++a) {
    EXPECT_EQ(s.AddArc(p.row[a], p.col[a], p.cost[a]), static_cast<int64_t>(a));
  }
  const absl::Status st = s.Solve();
  EXPECT_TRUE(st.ok()) << what << ": " << st;
  if (!st.ok()) return 0;
  std::vector<int32_t> load(p.capacity.size(), 0);
  int64_t total = 0;
  for (int32_t i = 0; i < p.rows; ++i) {
    const int64_t a = s.ArcOfRow(i);
    if (a < 0) continue;
    EXPECT_LT(a, static_cast<int64_t>(p.row.size())) << what;
    EXPECT_EQ(p.row[a], i) << what;
    total += p.cost[a];
    EXPECT_LE(++load[p.col[a]], p.capacity[p.col[a]]) << what << " column " << p.col[a];
  }
  EXPECT_EQ(s.TotalCost(), total) << what;
  if (stats != nullptr) *stats = s.stats();
  return total;
}

TEST(BipartiteCostScalingTest, EqualsGeneralSolverOnRandomInstances) {
  struct Range {
    int64_t lo, hi;
  };
  // Ties (few distinct costs), mixed signs (positive costs are never worth
  // taking), wide costs near the 32-bit input limit.
  const Range ranges[] = {
      {-3, 0}, {-1000, 300}, {-(int64_t{1} << 31) + 1, (int64_t{1} << 31) - 1}, {-5, -5}};
  int placed_somewhere = 0, stopped_early = 0, sink_pushed_back = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    const Range& r = ranges[seed % 4];
    const Instance p =
        RandomInstance(seed, 40, 12, seed % 5 == 0 ? 40 : 4, r.lo, r.hi, seed % 3 == 0);
    const std::string what = "seed " + std::to_string(seed);
    BipartiteCostScaling::Stats stats;
    const int64_t got = SolveAndCheck(p, what, &stats);
    stopped_early += stats.skipped_phases > 0;
    sink_pushed_back += stats.sink_relabels > 0;
    auto want = GeneralOptimum(p);
    ASSERT_TRUE(want.ok()) << want.status();
    ASSERT_EQ(got, *want) << what;
    if (got < 0) ++placed_somewhere;
  }
  EXPECT_GT(placed_somewhere, 300);
  // Both special paths are exercised: the early stop on a flow found
  // 1-optimal at a phase start, and the sink handing places back.
  EXPECT_GT(stopped_early, 20);
  EXPECT_GT(sink_pushed_back, 5);
}

TEST(BipartiteCostScalingTest, LargerInstancesEqualGeneralSolver) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const Instance p =
        RandomInstance(seed + 77, 600, 120, 6, -(int64_t{1} << 30), 0, seed % 2 == 0);
    const int64_t got = SolveAndCheck(p, "seed " + std::to_string(seed));
    auto want = GeneralOptimum(p);
    ASSERT_TRUE(want.ok()) << want.status();
    EXPECT_EQ(got, *want) << "seed " << seed;
  }
}

TEST(BipartiteCostScalingTest, DegenerateInputs) {
  {  // no rows, no columns
    BipartiteCostScaling s(0, {});
    ASSERT_TRUE(s.Solve().ok());
    EXPECT_EQ(s.TotalCost(), 0);
  }
  {  // rows without any arc, a column nobody reaches
    const std::vector<int32_t> cap = {3};
    BipartiteCostScaling s(4, cap);
    ASSERT_TRUE(s.Solve().ok());
    for (int32_t i = 0; i < 4; ++i) EXPECT_EQ(s.ArcOfRow(i), -1);
  }
  {  // a column of capacity 0 and one far above its degree
    const std::vector<int32_t> cap = {0, 1000};
    BipartiteCostScaling s(3, cap);
    s.AddArc(0, 0, -9);
    s.AddArc(1, 1, -1);
    s.AddArc(2, 1, -2);
    s.AddArc(2, 0, -9);
    ASSERT_TRUE(s.Solve().ok());
    EXPECT_EQ(s.ArcOfRow(0), -1);
    EXPECT_EQ(s.ArcOfRow(1), 1);
    EXPECT_EQ(s.ArcOfRow(2), 2);
    EXPECT_EQ(s.TotalCost(), -3);
  }
  {  // only positive costs: nobody is placed
    const std::vector<int32_t> cap = {2};
    BipartiteCostScaling s(2, cap);
    s.AddArc(0, 0, 5);
    s.AddArc(1, 0, 1);
    ASSERT_TRUE(s.Solve().ok());
    EXPECT_EQ(s.TotalCost(), 0);
  }
  {  // a zero-cost arc may or may not be used; the optimum is 0 either way
    const std::vector<int32_t> cap = {1};
    BipartiteCostScaling s(1, cap);
    s.AddArc(0, 0, 0);
    ASSERT_TRUE(s.Solve().ok());
    EXPECT_EQ(s.TotalCost(), 0);
  }
}

TEST(BipartiteCostScalingTest, ReportsOutOfRangeInsteadOfOverflowing) {
  const std::vector<int32_t> cap = {1, 1};
  // Scaled costs: 1000 * (2 + 2 + 2) = 6000 > the lowered limit.
  BipartiteCostScaling s(2, cap, /*cost_limit=*/4096);
  s.AddArc(0, 0, -1000);
  s.AddArc(1, 1, -10);
  EXPECT_EQ(s.Solve().code(), absl::StatusCode::kOutOfRange);
  // Within the limit, the same solver class answers.
  BipartiteCostScaling t(2, cap, /*cost_limit=*/int64_t{1} << 20);
  t.AddArc(0, 0, -1000);
  t.AddArc(1, 1, -10);
  ASSERT_TRUE(t.Solve().ok());
  EXPECT_EQ(t.TotalCost(), -1010);
}

TEST(BipartiteCostScalingTest, PriceLimitGivesOutOfRangeOrTheOptimum) {
  // With a limit just above the scaled costs, prices may or may not leave
  // the range on the way; the solver must either answer exactly or refuse.
  int refused = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    const Instance p = RandomInstance(seed + 500, 30, 8, 3, -1000, 0, false);
    const int64_t nodes = p.rows + static_cast<int64_t>(p.capacity.size()) + 2;
    BipartiteCostScaling s(p.rows, p.capacity, /*cost_limit=*/1000 * nodes);
    for (size_t a = 0; a < p.row.size(); ++a) s.AddArc(p.row[a], p.col[a], p.cost[a]);
    const absl::Status st = s.Solve();
    if (st.code() == absl::StatusCode::kOutOfRange) {
      ++refused;
      continue;
    }
    ASSERT_TRUE(st.ok()) << st;
    auto want = GeneralOptimum(p);
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(s.TotalCost(), *want) << "seed " << seed;
  }
  SUCCEED() << refused << " refused";
}

TEST(BipartiteCostScalingTest, ProgressCanCancel) {
  const Instance p = RandomInstance(3, 30, 8, 3, -1000, 0, false);
  BipartiteCostScaling s(p.rows, p.capacity);
  for (size_t a = 0; a < p.row.size(); ++a) s.AddArc(p.row[a], p.col[a], p.cost[a]);
  int64_t calls = 0, last_total = 0;
  const absl::Status st = s.Solve([&](int64_t done, int64_t total) {
    ++calls;
    EXPECT_LE(done, total);
    last_total = total;
    return done < 2;
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 2);
  EXPECT_GT(last_total, 2);
}

}  // namespace
}  // namespace jobmatch::internal
