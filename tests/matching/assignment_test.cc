// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Optimal assignment against independent oracles: exhaustive search on tiny
// instances, a negative-cycle test of the residual graph (an optimality
// certificate) on mid-size ones, and the unit-column expansion of
// capacities.
#include "jobmatch/matching/assignment.h"

#include <cmath>
#include <functional>
#include <random>

#include "gtest/gtest.h"
#include "testing/oracles.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using ::jobmatch::testing::ExhaustiveAssignment;

struct Problem {
  int64_t rows = 0;
  std::vector<int32_t> capacity;
  EdgeList edges;
};

Problem RandomProblem(uint64_t seed, int rows, int cols, double density, int max_cap, bool coarse) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  Problem p;
  p.rows = rows;
  for (int c = 0; c < cols; ++c) p.capacity.push_back(static_cast<int32_t>(rng() % (max_cap + 1)));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      if (u(rng) < density) {
        p.edges.row.push_back(r);
        p.edges.col.push_back(c);
        // Coarse weights tie often; some are negative.
        p.edges.weight.push_back(coarse
                                     ? static_cast<float>(static_cast<int>(rng() % 7) - 1) * 0.25f
                                     : static_cast<float>(u(rng) * 2 - 0.2));
      }
    }
  }
  return p;
}

void ExpectFeasible(const Problem& p, const Assignment& a, const AssignmentOptions& o) {
  testing::ExpectFeasibleAssignment(p.rows, p.capacity, p.edges, a, o.min_weight);
}

// Optimality certificate for kMaxWeight: no negative-cost cycle in the
// residual graph of the flow (Bellman-Ford, double precision).
bool HasImprovingCycle(const Problem& p, const Assignment& a, const AssignmentOptions& o) {
  const int64_t nr = p.rows, nc = static_cast<int64_t>(p.capacity.size());
  const int64_t sink = nr + nc, n = nr + nc + 1;
  struct Arc {
    int64_t u, v;
    double cost;
  };
  std::vector<Arc> arcs;
  std::vector<int32_t> load(nc, 0);
  for (int64_t r = 0; r < nr; ++r) {
    if (a.col_of_row[r] >= 0) ++load[a.col_of_row[r]];
  }
  for (int64_t i = 0; i < p.edges.size(); ++i) {
    const float w = p.edges.weight[i];
    if (w < o.min_weight || w < 0) continue;
    const int64_t r = p.edges.row[i], c = p.edges.col[i];
    if (a.edge_of_row[r] == i) {
      arcs.push_back({nr + c, r, w});  // undo the placement
    } else {
      arcs.push_back({r, nr + c, -w});
    }
  }
  // Each row's unit flows either into its column or down its own bypass
  // arc row -> sink (cost 0). An unassigned row's bypass carries the unit, so
  // its residual arc is sink -> row; a placed row can still take the bypass.
  for (int64_t r = 0; r < nr; ++r) {
    if (a.col_of_row[r] < 0)
      arcs.push_back({sink, r, 0.0});
    else
      arcs.push_back({r, sink, 0.0});
  }
  for (int64_t c = 0; c < nc; ++c) {
    if (load[c] < p.capacity[c]) arcs.push_back({nr + c, sink, 0.0});
    if (load[c] > 0) arcs.push_back({sink, nr + c, 0.0});
  }
  std::vector<double> dist(n, 0.0);
  for (int64_t it = 0; it < n; ++it) {
    bool changed = false;
    for (const Arc& e : arcs) {
      if (dist[e.u] + e.cost < dist[e.v] - 1e-7) {
        dist[e.v] = dist[e.u] + e.cost;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

TEST(AssignmentTest, EqualsExhaustiveSearchOnTinyInstances) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    const int rows = 1 + static_cast<int>(seed % 9);
    const int cols = 1 + static_cast<int>(seed * 7 % 5);
    Problem p = RandomProblem(seed, rows, cols, 0.6, 3, seed % 2 == 0);
    for (auto obj :
         {AssignmentObjective::kMaxWeight, AssignmentObjective::kMaxCardinalityThenWeight}) {
      AssignmentOptions o;
      o.objective = obj;
      if (seed % 3 == 0) o.min_weight = 0.3f;
      auto got = SolveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(got.ok()) << got.status();
      auto want = ExhaustiveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(want.ok());
      ExpectFeasible(p, *got, o);
      if (obj == AssignmentObjective::kMaxCardinalityThenWeight) {
        ASSERT_EQ(got->cardinality, want->cardinality) << "seed " << seed;
      }
      ASSERT_NEAR(got->total_weight, want->total_weight, 1e-5)
          << "seed " << seed << " obj " << static_cast<int>(obj);
    }
  }
}

// Household coverage (零就业家庭 动态清零): most groups covered first, then
// the objective; compared with exhaustive search.
TEST(AssignmentTest, GroupCoverageEqualsExhaustiveSearch) {
  int coverage_changed_result = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    const int rows = 2 + static_cast<int>(seed % 9);
    const int cols = 1 + static_cast<int>(seed * 3 % 4);
    Problem p = RandomProblem(seed + 1000, rows, cols, 0.5, 2, seed % 2 == 0);
    std::mt19937_64 rng(seed);
    std::vector<int64_t> group(rows);
    for (int r = 0; r < rows; ++r) group[r] = rng() % 3 == 0 ? -1 : static_cast<int64_t>(rng() % 4);
    for (auto obj :
         {AssignmentObjective::kMaxWeight, AssignmentObjective::kMaxCardinalityThenWeight}) {
      AssignmentOptions o;
      o.objective = obj;
      o.row_group = group;
      o.cover_groups = true;
      auto got = SolveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(got.ok()) << got.status();
      auto want = ExhaustiveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(want.ok());
      ExpectFeasible(p, *got, o);
      ASSERT_EQ(got->groups_covered, want->groups_covered) << "seed " << seed;
      if (obj == AssignmentObjective::kMaxCardinalityThenWeight) {
        ASSERT_EQ(got->cardinality, want->cardinality) << "seed " << seed;
      }
      ASSERT_NEAR(got->total_weight, want->total_weight, 1e-5) << "seed " << seed;
      AssignmentOptions plain = o;
      plain.cover_groups = false;
      auto free = SolveAssignment(p.rows, p.capacity, p.edges, plain);
      ASSERT_TRUE(free.ok());
      // Coverage has a price: never more weight than without it.
      if (obj == AssignmentObjective::kMaxWeight) {
        ASSERT_LE(got->total_weight, free->total_weight + 1e-5);
      }
      ASSERT_GE(got->groups_covered, free->groups_covered);
      if (got->groups_covered > free->groups_covered) ++coverage_changed_result;
    }
  }
  EXPECT_GT(coverage_changed_result, 5) << "instances should exercise coverage";
}

// Reserved places: filled by their class as far as possible (after coverage
// and cardinality), released to others otherwise; exhaustive search agrees.
TEST(AssignmentTest, ReservesEqualExhaustiveSearch) {
  int reserve_mattered = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    const int rows = 2 + static_cast<int>(seed % 9);
    const int cols = 1 + static_cast<int>(seed * 5 % 4);
    Problem p = RandomProblem(seed + 5000, rows, cols, 0.55, 3, seed % 2 == 0);
    std::mt19937_64 rng(seed);
    AssignmentOptions o;
    o.objective = seed % 3 == 0 ? AssignmentObjective::kMaxCardinalityThenWeight
                                : AssignmentObjective::kMaxWeight;
    for (int c = 0; c < cols; ++c) {
      o.reserved.push_back(p.capacity[c] == 0 ? 0
                                              : static_cast<int32_t>(rng() % (p.capacity[c] + 1)));
      o.reserve_class.push_back(rng() % 4 == 0 ? -1 : static_cast<int32_t>(rng() % 2));
    }
    for (int r = 0; r < rows; ++r) o.row_classes.push_back(rng() % 4);
    if (seed % 4 == 0) {
      for (int r = 0; r < rows; ++r) o.row_group.push_back(static_cast<int64_t>(rng() % 3) - 1);
      o.cover_groups = true;
    }
    auto got = SolveAssignment(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(got.ok()) << got.status();
    auto want = ExhaustiveAssignment(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(want.ok());
    ExpectFeasible(p, *got, o);
    ASSERT_EQ(got->groups_covered, want->groups_covered) << "seed " << seed;
    if (o.objective == AssignmentObjective::kMaxCardinalityThenWeight) {
      ASSERT_EQ(got->cardinality, want->cardinality) << "seed " << seed;
    }
    ASSERT_EQ(got->reserved_filled, want->reserved_filled) << "seed " << seed;
    ASSERT_NEAR(got->total_weight, want->total_weight, 1e-5) << "seed " << seed;
    AssignmentOptions plain = o;
    plain.reserved.clear();
    plain.reserve_class.clear();
    plain.row_classes.clear();
    auto free = SolveAssignment(p.rows, p.capacity, p.edges, plain);
    ASSERT_TRUE(free.ok());
    if (std::abs(free->total_weight - got->total_weight) > 1e-6) ++reserve_mattered;
  }
  EXPECT_GT(reserve_mattered, 10) << "instances should exercise reserves";
}

TEST(AssignmentTest, NoImprovingCycleOnMidSizeInstances) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Problem p = RandomProblem(seed, 120, 40, 0.15, 4, seed % 2 == 0);
    AssignmentOptions o;
    auto got = SolveAssignment(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(got.ok()) << got.status();
    ExpectFeasible(p, *got, o);
    EXPECT_FALSE(HasImprovingCycle(p, *got, o)) << "seed " << seed;
  }
}

// A column of capacity b equals b columns of capacity 1.
TEST(AssignmentTest, CapacitiesEqualUnitColumnExpansion) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    Problem p = RandomProblem(seed, 60, 15, 0.25, 5, false);
    Problem unit;
    unit.rows = p.rows;
    std::vector<int64_t> first(p.capacity.size());
    for (size_t c = 0; c < p.capacity.size(); ++c) {
      first[c] = static_cast<int64_t>(unit.capacity.size());
      for (int k = 0; k < p.capacity[c]; ++k) unit.capacity.push_back(1);
    }
    for (int64_t i = 0; i < p.edges.size(); ++i) {
      for (int k = 0; k < p.capacity[p.edges.col[i]]; ++k) {
        unit.edges.row.push_back(p.edges.row[i]);
        unit.edges.col.push_back(first[p.edges.col[i]] + k);
        unit.edges.weight.push_back(p.edges.weight[i]);
      }
    }
    for (auto obj :
         {AssignmentObjective::kMaxWeight, AssignmentObjective::kMaxCardinalityThenWeight}) {
      AssignmentOptions o;
      o.objective = obj;
      auto a = SolveAssignment(p.rows, p.capacity, p.edges, o);
      auto b = SolveAssignment(unit.rows, unit.capacity, unit.edges, o);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(a->cardinality, b->cardinality);
      EXPECT_NEAR(a->total_weight, b->total_weight, 1e-4) << "seed " << seed;
    }
  }
}

TEST(AssignmentTest, DuplicateEdgesKeepTheHeaviest) {
  EdgeList e;
  e.row = {0, 0, 0};
  e.col = {0, 0, 0};
  e.weight = {0.5f, 0.9f, 0.1f};
  const std::vector<int32_t> cap = {1};
  auto a = SolveAssignment(1, cap, e, {});
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->edge_of_row[0], 1);
  EXPECT_FLOAT_EQ(a->total_weight, 0.9);
}

TEST(AssignmentTest, CardinalityFirstTradesWeightForPlacements) {
  // Row 0 alone would take col 0 (weight 1.0); placing both rows needs
  // row 0 -> col 1 (0.1) and row 1 -> col 0 (0.2).
  EdgeList e;
  e.row = {0, 0, 1};
  e.col = {0, 1, 0};
  e.weight = {1.0f, 0.1f, 0.2f};
  const std::vector<int32_t> cap = {1, 1};
  auto w = SolveAssignment(2, cap, e, {});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->cardinality, 1);
  EXPECT_FLOAT_EQ(w->total_weight, 1.0);
  AssignmentOptions o;
  o.objective = AssignmentObjective::kMaxCardinalityThenWeight;
  auto c = SolveAssignment(2, cap, e, o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->cardinality, 2);
  EXPECT_NEAR(c->total_weight, 0.3, 1e-6);
  o.min_weight = 0.15f;  // the 0.1 edge is no longer allowed
  c = SolveAssignment(2, cap, e, o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->cardinality, 1);
  EXPECT_FLOAT_EQ(c->total_weight, 1.0);
}

// Cardinality first runs the bipartite solver with a bonus per placement
// (about the largest weight) and re-solves, by the exact two-step method,
// the components where an augmenting path is left. Here the bonus cannot pay
// for the swap: row 0 must leave its 1.0 edge for a 0.0 one so that row 1
// (whose only edge is worth 0.0) is placed too. The second component (rows
// 2-3, columns 2-3) is decided by the bonus alone; the answer must be the
// same whether the two are solved together or apart.
TEST(AssignmentTest, CardinalityFirstBeyondThePlacementBonus) {
  EdgeList e;
  e.row = {0, 0, 1, 2, 2, 3};
  e.col = {0, 1, 0, 2, 3, 2};
  e.weight = {1.0f, 0.0f, 0.0f, 0.9f, 0.5f, 0.6f};
  const std::vector<int32_t> cap = {1, 1, 1, 1};
  AssignmentOptions o;
  o.objective = AssignmentObjective::kMaxCardinalityThenWeight;
  for (bool split : {false, true}) {
    o.split_components = split;
    o.num_threads = split ? 2 : 1;  // one thread solves the whole graph
    auto c = SolveAssignment(4, cap, e, o);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->cardinality, 4) << "split " << split;
    EXPECT_EQ(c->col_of_row, (std::vector<int64_t>{1, 0, 3, 2})) << "split " << split;
    EXPECT_NEAR(c->total_weight, 1.1, 1e-6);
  }
  // A long chain: row k holds column k at weight 1, row k can also take
  // column k + 1 at weight 0, and the last row reaches only column 0 (at 0):
  // placing everyone moves every row off its heavy edge.
  for (int n : {2, 3, 8, 40}) {
    EdgeList ch;
    for (int k = 0; k < n; ++k) {
      ch.row.push_back(k);
      ch.col.push_back(k);
      ch.weight.push_back(1.0f);
      ch.row.push_back(k);
      ch.col.push_back(k + 1);
      ch.weight.push_back(0.0f);
    }
    ch.row.push_back(n);
    ch.col.push_back(0);
    ch.weight.push_back(0.0f);
    const std::vector<int32_t> ccap(static_cast<size_t>(n) + 1, 1);
    auto c = SolveAssignment(n + 1, ccap, ch, o);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->cardinality, n + 1) << "chain " << n;
    EXPECT_NEAR(c->total_weight, 0.0, 1e-9) << "chain " << n;
    auto w = SolveAssignment(n + 1, ccap, ch, {});
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(w->cardinality, n) << "chain " << n;  // the weight objective keeps the heavy edges
  }
}

// Cardinality first on 0/1 weights (the placement bonus is often not enough:
// swaps trade heavy edges for light ones), against exhaustive search, split
// and single.
TEST(AssignmentTest, CardinalityFirstOnZeroOneWeightsEqualsExhaustiveSearch) {
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    std::mt19937_64 rng(seed);
    const int rows = 2 + static_cast<int>(seed % 9);
    const int cols = 1 + static_cast<int>(seed * 5 % 6);
    Problem p = RandomProblem(seed, rows, cols, 0.5, 2, false);
    for (float& w : p.edges.weight) w = rng() % 3 == 0 ? 0.0f : 1.0f;
    AssignmentOptions o;
    o.objective = AssignmentObjective::kMaxCardinalityThenWeight;
    auto want = ExhaustiveAssignment(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(want.ok());
    std::vector<int64_t> single;
    for (bool split : {false, true}) {
      o.split_components = split;
      o.num_threads = split ? 2 : 1;  // one thread solves the whole graph
      auto got = SolveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(got.ok()) << got.status();
      ExpectFeasible(p, *got, o);
      ASSERT_EQ(got->cardinality, want->cardinality) << "seed " << seed;
      ASSERT_NEAR(got->total_weight, want->total_weight, 1e-5) << "seed " << seed;
      if (split) {
        EXPECT_EQ(got->edge_of_row, single) << "seed " << seed;
      } else {
        single = got->edge_of_row;
      }
    }
  }
}

// Household coverage (weight objective) runs the bipartite solver with a
// bonus per covered household and re-solves, on the layered network, the
// components that cover fewer households than possible. Here the bonus
// cannot pay for covering household 7: its one member (row 0) reaches only
// column 0, held at weight 1.0 by row 1, whose only edge it is. The second
// component (rows 2-4, household 8 of rows 2 and 3) is decided by the
// bonus alone: row 2 covers the household at 0.2 and column 2 goes to row 4
// (0.9) rather than row 3 (0.3). Split and single solves agree.
TEST(AssignmentTest, HouseholdCoverageBeyondTheBonus) {
  EdgeList e;
  e.row = {0, 1, 2, 3, 4};
  e.col = {0, 0, 1, 2, 2};
  e.weight = {0.0f, 1.0f, 0.2f, 0.3f, 0.9f};
  const std::vector<int32_t> cap = {1, 1, 1};
  AssignmentOptions o;
  o.cover_groups = true;
  o.row_group = {7, -1, 8, 8, -1};
  for (bool split : {false, true}) {
    o.split_components = split;
    o.num_threads = split ? 2 : 1;  // one thread solves the whole graph
    auto c = SolveAssignment(5, cap, e, o);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->groups_covered, 2) << "split " << split;
    EXPECT_EQ(c->col_of_row, (std::vector<int64_t>{0, -1, 1, -1, 2})) << "split " << split;
    EXPECT_NEAR(c->total_weight, 1.1, 1e-6);
  }
  auto w = SolveAssignment(5, cap, e, {});  // without coverage row 1 keeps column 0
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->col_of_row[1], 0);
}

TEST(AssignmentTest, BadInputIsRejected) {
  EdgeList e;
  e.row = {0};
  e.col = {2};
  e.weight = {1.0f};
  std::vector<int32_t> cap = {1, 1};
  EXPECT_EQ(SolveAssignment(1, cap, e, {}).status().code(), absl::StatusCode::kInvalidArgument);
  e.col = {0};
  {
    AssignmentOptions nan_bound;  // refused as by SolveStableMatching, not an empty result
    nan_bound.min_weight = NAN;
    const auto r = SolveAssignment(1, cap, e, nan_bound);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), "min_weight is NaN");
  }
  e.weight = {NAN};
  EXPECT_FALSE(SolveAssignment(1, cap, e, {}).ok());
  e.weight = {1.0f};
  cap = {-1, 1};
  EXPECT_FALSE(SolveAssignment(1, cap, e, {}).ok());
  cap = {1, 1};
  e.row = {1};
  EXPECT_FALSE(SolveAssignment(1, cap, e, {}).ok());
  e.row = {0};
  AssignmentOptions bad_groups;
  bad_groups.row_group = {0, 1};  // 2 entries for 1 row
  EXPECT_FALSE(SolveAssignment(1, cap, e, bad_groups).ok());
  AssignmentOptions bad_reserve;
  bad_reserve.reserved = {2, 0};  // more than capacity 1
  bad_reserve.reserve_class = {0, -1};
  bad_reserve.row_classes = {1};
  EXPECT_FALSE(SolveAssignment(1, cap, e, bad_reserve).ok());
  bad_reserve.reserved = {1, 0};
  bad_reserve.reserve_class = {64, -1};
  EXPECT_FALSE(SolveAssignment(1, cap, e, bad_reserve).ok());
  e.row = {0, 0};
  EXPECT_FALSE(SolveAssignment(1, cap, e, {}).ok());  // length mismatch
}

TEST(AssignmentTest, EmptyAndZeroCapacity) {
  EdgeList e;
  const std::vector<int32_t> none;
  auto a = SolveAssignment(5, none, e, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->cardinality, 0);
  e.row = {0, 1};
  e.col = {0, 0};
  e.weight = {1.0f, 2.0f};
  const std::vector<int32_t> zero = {0};
  a = SolveAssignment(2, zero, e, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->cardinality, 0);
}

// The pure weight objective goes to the bipartite solver; asking for group
// coverage with no row in any group routes the same problem through the
// layered network and the general min-cost flow. Both must reach the same
// integer optimum (so the same float total up to the quantisation, which is
// identical on both paths), on instances with duplicates, negative weights,
// min_weight, all-equal weights and capacities above the degree.
TEST(AssignmentTest, BipartiteSolverEqualsGeneralFlowPath) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    Problem p = RandomProblem(seed + 900, 150 + static_cast<int>(seed % 7) * 20, 30, 0.12,
                              seed % 4 == 0 ? 60 : 4, seed % 2 == 0);
    if (seed % 5 == 0) {
      for (float& w : p.edges.weight) w = 0.5f;  // all equal
    }
    if (seed % 3 == 0) {  // duplicate some edges with other weights
      const int64_t m = p.edges.size();
      for (int64_t i = 0; i < m; i += 3) {
        p.edges.row.push_back(p.edges.row[i]);
        p.edges.col.push_back(p.edges.col[i]);
        p.edges.weight.push_back(p.edges.weight[i] * 0.5f + 0.1f);
      }
    }
    AssignmentOptions o;
    if (seed % 4 == 1) o.min_weight = 0.4f;
    auto fast = SolveAssignment(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(fast.ok()) << fast.status();
    ExpectFeasible(p, *fast, o);
    AssignmentOptions general = o;
    general.cover_groups = true;
    general.row_group.assign(p.rows, -1);
    auto slow = SolveAssignment(p.rows, p.capacity, p.edges, general);
    ASSERT_TRUE(slow.ok()) << slow.status();
    EXPECT_NEAR(fast->total_weight, slow->total_weight, 1e-6 * (1.0 + std::abs(slow->total_weight)))
        << "seed " << seed;
    EXPECT_FALSE(HasImprovingCycle(p, *fast, o)) << "seed " << seed;
  }
}

// The assignment is maximal: no row is left unplaced while one of its usable
// edges (weight >= min_weight, and >= 0 for the weight objective) leads to a
// column with a free place. Before this was enforced, an edge of weight 0
// tied with staying out and could be left out, which Allocate then reported
// as "outbid". Many zero weights, both objectives, coverage and reserves;
// the optimum itself is checked against exhaustive search.
TEST(AssignmentTest, NoUnplacedRowHasAFreePlaceInReach) {
  int zero_edges_used = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    const int rows = 1 + static_cast<int>(seed % 10), cols = 1 + static_cast<int>(seed % 4);
    Problem p;
    p.rows = rows;
    for (int c = 0; c < cols; ++c) p.capacity.push_back(static_cast<int32_t>(rng() % 4));
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        if (rng() % 3 == 0) continue;
        p.edges.row.push_back(r);
        p.edges.col.push_back(c);
        // Mostly exactly 0; some tiny positive weights that quantise to 0.
        const int kind = static_cast<int>(rng() % 6);
        p.edges.weight.push_back(kind < 3 ? 0.0f : kind == 3 ? 1e-12f : kind == 4 ? 0.5f : 1.0f);
      }
    }
    for (auto obj :
         {AssignmentObjective::kMaxWeight, AssignmentObjective::kMaxCardinalityThenWeight}) {
      AssignmentOptions o;
      o.objective = obj;
      if (seed % 3 == 1) {
        o.cover_groups = true;
        for (int r = 0; r < rows; ++r)
          o.row_group.push_back(rng() % 3 == 0 ? -1 : static_cast<int64_t>(rng() % 3));
      }
      if (seed % 4 == 2) {
        for (int c = 0; c < cols; ++c) {
          o.reserved.push_back(static_cast<int32_t>(rng() % (p.capacity[c] + 1)));
          o.reserve_class.push_back(static_cast<int32_t>(rng() % 2));
        }
        for (int r = 0; r < rows; ++r) o.row_classes.push_back(rng() % 4);
      }
      auto got = SolveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(got.ok()) << got.status();
      ExpectFeasible(p, *got, o);
      std::vector<int32_t> load(cols, 0);
      for (int r = 0; r < rows; ++r) {
        if (got->col_of_row[r] >= 0) ++load[got->col_of_row[r]];
      }
      for (int64_t i = 0; i < p.edges.size(); ++i) {
        const int64_t r = p.edges.row[i], c = p.edges.col[i];
        if (got->edge_of_row[r] == i && p.edges.weight[i] == 0.0f) ++zero_edges_used;
        if (got->col_of_row[r] >= 0 || p.capacity[c] == 0) continue;
        EXPECT_GE(load[c], p.capacity[c])
            << "seed " << seed << ": row " << r << " is unplaced but column " << c
            << " (edge weight " << p.edges.weight[i] << ") has room";
      }
      auto want = ExhaustiveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(want.ok());
      EXPECT_EQ(got->groups_covered, want->groups_covered) << "seed " << seed;
      EXPECT_EQ(got->reserved_filled, want->reserved_filled) << "seed " << seed;
      if (obj == AssignmentObjective::kMaxCardinalityThenWeight) {
        EXPECT_EQ(got->cardinality, want->cardinality);
      }
      EXPECT_NEAR(got->total_weight, want->total_weight, 1e-6) << "seed " << seed;
    }
  }
  EXPECT_GT(zero_edges_used, 200);
}

// Exact optimum of max-weight b-matching with integer weights, by trying
// every assignment (rows <= 8): the float optimum when the float weights are
// these integers times a power of two.
int64_t BruteForceMaxWeight(const Problem& p, const std::vector<int64_t>& units, int64_t* placed) {
  std::vector<std::vector<int64_t>> by_row(p.rows);
  for (int64_t i = 0; i < p.edges.size(); ++i) {
    if (units[i] >= 0) by_row[p.edges.row[i]].push_back(i);
  }
  std::vector<int32_t> left(p.capacity);
  int64_t best = -1, best_placed = 0;
  std::function<void(int64_t, int64_t, int64_t)> go = [&](int64_t r, int64_t w, int64_t n) {
    if (r == p.rows) {
      if (w > best) {
        best = w;
        best_placed = n;
      }
      return;
    }
    go(r + 1, w, n);
    for (int64_t i : by_row[r]) {
      const int64_t c = p.edges.col[i];
      if (left[c] == 0) continue;
      --left[c];
      go(r + 1, w + units[i], n + 1);
      ++left[c];
    }
  };
  go(0, 0, 0);
  *placed = best_placed;
  return best;
}

// The quantisation bound (assignment.h): weights are rounded to multiples of
// 2^-30 max|w|, each by at most half a step, and the chosen edges' and an
// optimum's errors add up, so the total is within (placed + placed in an
// optimum) x 2^-31 x max|w| of the float optimum — not within rows x 2^-31 x
// max|w| as the header used to say. Weights here are exact multiples of
// 2^-33 (max|w| = 1, so one quantisation step is 8 units), which makes the
// float optimum an exact integer sum; the brute force above is the oracle.
TEST(AssignmentTest, QuantisationBoundHolds) {
  constexpr double kUnit = 1.0 / 8589934592.0;  // 2^-33
  int old_bound_exceeded = 0, ties_lost = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    std::mt19937_64 rng(seed);
    Problem p;
    const int rows = 2 + static_cast<int>(seed % 6);  // + the heavy row below: at most 8
    const int cols = 1 + static_cast<int>(seed % 3);
    p.rows = rows + 1;
    for (int c = 0; c < cols; ++c) p.capacity.push_back(1 + static_cast<int32_t>(rng() % 2));
    std::vector<int64_t> units;
    auto add = [&](int64_t r, int64_t c, int64_t u) {
      p.edges.row.push_back(r);
      p.edges.col.push_back(c);
      p.edges.weight.push_back(static_cast<float>(static_cast<double>(u) * kUnit));
      units.push_back(u);
    };
    for (int r = 0; r < rows; ++r) {
      // Around a common level, on both sides of quantisation boundaries: 8j + 4
      // rounds up by half a step, 8j + 11 down by 3/8 of one.
      const int64_t j = 1000 + static_cast<int64_t>(rng() % 4);
      for (int c = 0; c < cols; ++c) {
        const int64_t u = seed % 2 == 0 ? (rng() % 2 ? 8 * j + 4 : 8 * j + 11)
                                        : 8 * j + static_cast<int64_t>(rng() % 16);
        add(r, c, u);
      }
    }
    p.capacity.push_back(1);
    add(rows, cols, int64_t{1} << 33);  // weight 1.0: max|w| = 1, q = 2^30
    for (const float w : p.edges.weight)
      ASSERT_EQ(static_cast<double>(w) / kUnit, std::round(static_cast<double>(w) / kUnit));
    auto got = SolveAssignment(p.rows, p.capacity, p.edges, {});
    ASSERT_TRUE(got.ok()) << got.status();
    int64_t got_units = 0;
    for (int64_t r = 0; r < p.rows; ++r) {
      if (got->edge_of_row[r] >= 0) got_units += units[got->edge_of_row[r]];
    }
    int64_t opt_placed = 0;
    const int64_t opt_units = BruteForceMaxWeight(p, units, &opt_placed);
    const int64_t loss = opt_units - got_units;  // in units of 2^-33
    ASSERT_GE(loss, 0);
    // 2^-31 x max|w| = 4 units.
    EXPECT_LE(loss, 4 * (got->cardinality + opt_placed)) << "seed " << seed;
    ties_lost += loss > 0;
    old_bound_exceeded += loss > 4 * p.rows;
    // The reported total is the float sum of the chosen weights.
    EXPECT_NEAR(got->total_weight, static_cast<double>(got_units) * kUnit, 1e-12)
        << "seed " << seed;
  }
  EXPECT_GT(ties_lost, 20) << "quantisation must cost something on these instances";
  EXPECT_GT(old_bound_exceeded, 0)
      << "the instances must show that rows x 2^-31 x max|w| was not a bound";
}

}  // namespace
}  // namespace jobmatch
