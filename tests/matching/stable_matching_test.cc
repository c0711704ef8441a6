// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Stable matching against independent oracles: a plain textbook
// Gale–Shapley with capacities (simple loops, linear scans), a naive
// blocking-pair check, and exhaustive enumeration of all matchings on tiny
// instances (seeker-optimality, vacancy-optimality, rural hospitals
// theorem).
#include "jobmatch/matching/stable_matching.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <utility>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

struct Problem {
  int64_t rows = 0;
  std::vector<int32_t> capacity;
  EdgeList edges;
  std::vector<float> column_weight;  // empty = the edge weights
};

// Coarse weights tie often; they include negative values and both zeros.
float CoarseWeight(std::mt19937_64& rng) {
  static const float kValues[] = {-0.5f, -0.0f, 0.0f, 0.25f, 0.5f, 0.75f, 1.0f};
  return kValues[rng() % 7];
}

struct RandomSpec {
  int rows = 10;
  int cols = 4;
  double density = 0.5;
  int max_cap = 4;
  bool coarse = true;
  bool duplicates = true;      // some (row, col) pairs appear more than once
  bool column_weight = false;  // separate column-side weights
  bool shuffle = false;        // edges not grouped by row
  // Latin-square-like preferences (row r likes columns r, r+1, ...; column
  // c likes rows c+1, c+2, ...): the two sides disagree, so there are often
  // several stable matchings. Implies separate column weights.
  bool cyclic = false;
};

Problem RandomProblem(uint64_t seed, const RandomSpec& s) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  Problem p;
  p.rows = s.rows;
  for (int c = 0; c < s.cols; ++c)
    // Cyclic instances keep every column open (closed ones end the cycles).
    p.capacity.push_back(s.cyclic ? 1 + static_cast<int32_t>(rng() % s.max_cap)
                                  : static_cast<int32_t>(rng() % (s.max_cap + 1)));
  const auto weight = [&]() {
    return s.coarse ? CoarseWeight(rng) : static_cast<float>(u(rng) * 2 - 0.5);
  };
  for (int r = 0; r < s.rows; ++r) {
    for (int c = 0; c < s.cols; ++c) {
      if (u(rng) >= s.density) continue;
      const int copies = s.duplicates && u(rng) < 0.2 ? 2 + static_cast<int>(rng() % 2) : 1;
      for (int k = 0; k < copies; ++k) {
        p.edges.row.push_back(r);
        p.edges.col.push_back(c);
        if (s.cyclic) {
          // Small noise in {0, 0.125} keeps some exact ties.
          const int row_pos = ((c - r) % s.cols + s.cols) % s.cols;
          const int col_pos = ((r - c - 1) % s.rows + s.rows) % s.rows;
          p.edges.weight.push_back(0.25f * (s.cols - row_pos) + 0.125f * (rng() % 2));
          p.column_weight.push_back(0.25f * (s.rows - col_pos) + 0.125f * (rng() % 2));
          continue;
        }
        p.edges.weight.push_back(weight());
        if (s.column_weight) p.column_weight.push_back(weight());
      }
    }
  }
  if (s.shuffle) {
    std::vector<size_t> order(p.edges.row.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    Problem q = p;
    for (size_t i = 0; i < order.size(); ++i) {
      q.edges.row[i] = p.edges.row[order[i]];
      q.edges.col[i] = p.edges.col[order[i]];
      q.edges.weight[i] = p.edges.weight[order[i]];
      if (s.column_weight) q.column_weight[i] = p.column_weight[order[i]];
    }
    p = std::move(q);
  }
  return p;
}

StableMatchingOptions Options(const Problem& p, Proposer proposer, float min_weight) {
  StableMatchingOptions o;
  o.proposer = proposer;
  o.min_weight = min_weight;
  o.column_weight.assign(p.column_weight.begin(), p.column_weight.end());
  return o;
}

// ---------------------------------------------------------------------------
// Independent reference: preferences as plain sorted lists.

struct Prefs {
  const Problem* p = nullptr;
  std::map<std::pair<int64_t, int64_t>, int64_t> counting;  // (row, col) -> edge
  std::vector<std::vector<int64_t>> row_list;               // edges, best first
  std::vector<std::vector<int64_t>> col_list;               // edges, best first

  float Cw(int64_t e) const {
    return p->column_weight.empty() ? p->edges.weight[e] : p->column_weight[e];
  }
  // Row's view: higher row weight, then lower column.
  bool RowBetter(int64_t a, int64_t b) const {
    const float wa = p->edges.weight[a], wb = p->edges.weight[b];
    if (wa != wb) return wa > wb;
    return p->edges.col[a] < p->edges.col[b];
  }
  // Column's view: higher column weight, then lower row.
  bool ColBetter(int64_t a, int64_t b) const {
    const float wa = Cw(a), wb = Cw(b);
    if (wa != wb) return wa > wb;
    return p->edges.row[a] < p->edges.row[b];
  }
  int64_t Counting(int64_t r, int64_t c) const {
    auto it = counting.find({r, c});
    return it == counting.end() ? -1 : it->second;
  }
};

Prefs MakePrefs(const Problem& p, float min_weight) {
  Prefs f;
  f.p = &p;
  for (int64_t i = 0; i < p.edges.size(); ++i) {
    if (p.edges.weight[i] < min_weight) continue;
    const std::pair<int64_t, int64_t> key(p.edges.row[i], p.edges.col[i]);
    auto it = f.counting.find(key);
    if (it == f.counting.end()) {
      f.counting[key] = i;
    } else if (p.edges.weight[i] > p.edges.weight[it->second]) {
      it->second = i;
    }
  }
  f.row_list.resize(p.rows);
  f.col_list.resize(p.capacity.size());
  for (const auto& [key, i] : f.counting) {
    f.row_list[key.first].push_back(i);
    f.col_list[key.second].push_back(i);
  }
  for (auto& l : f.row_list)
    std::sort(l.begin(), l.end(), [&](int64_t a, int64_t b) { return f.RowBetter(a, b); });
  for (auto& l : f.col_list)
    std::sort(l.begin(), l.end(), [&](int64_t a, int64_t b) { return f.ColBetter(a, b); });
  return f;
}

// Textbook Gale–Shapley, rows proposing: repeatedly take any free row with
// a column left to try; the column adds it and, when over capacity, drops
// its worst row. Returns the edge of each row or -1.
std::vector<int64_t> ReferenceRowsPropose(const Prefs& f) {
  const Problem& p = *f.p;
  std::vector<size_t> next(p.rows, 0);
  std::vector<int64_t> match(p.rows, -1);
  std::vector<std::vector<int64_t>> held(p.capacity.size());
  for (;;) {
    int64_t r = 0;
    while (r < p.rows && !(match[r] < 0 && next[r] < f.row_list[r].size())) ++r;
    if (r == p.rows) break;
    const int64_t e = f.row_list[r][next[r]++];
    const int64_t c = p.edges.col[e];
    held[c].push_back(e);
    match[r] = e;
    if (static_cast<int64_t>(held[c].size()) > p.capacity[c]) {
      size_t worst = 0;
      for (size_t k = 1; k < held[c].size(); ++k) {
        if (f.ColBetter(held[c][worst], held[c][k])) worst = k;
      }
      match[p.edges.row[held[c][worst]]] = -1;
      held[c].erase(held[c].begin() + worst);
    }
  }
  return match;
}

// Textbook Gale–Shapley, columns proposing: repeatedly take any column with
// a free place and a row left to ask; the row keeps the better offer.
std::vector<int64_t> ReferenceColumnsPropose(const Prefs& f) {
  const Problem& p = *f.p;
  const int64_t nc = static_cast<int64_t>(p.capacity.size());
  std::vector<size_t> next(nc, 0);
  std::vector<int64_t> count(nc, 0);
  std::vector<int64_t> match(p.rows, -1);
  for (;;) {
    int64_t c = 0;
    while (c < nc && !(count[c] < p.capacity[c] && next[c] < f.col_list[c].size())) ++c;
    if (c == nc) break;
    const int64_t e = f.col_list[c][next[c]++];
    const int64_t r = p.edges.row[e];
    if (match[r] >= 0 && !f.RowBetter(e, match[r])) continue;
    if (match[r] >= 0) --count[p.edges.col[match[r]]];
    match[r] = e;
    ++count[c];
  }
  return match;
}

// Naive blocking pairs of a matching given as an edge per row (-1 = none):
// for every counting edge, compare against the row's partner and against
// each row the column holds.
std::vector<int64_t> NaiveBlocking(const Prefs& f, const std::vector<int64_t>& match) {
  const Problem& p = *f.p;
  std::vector<int64_t> out;
  for (const auto& [key, e] : f.counting) {
    const auto [r, c] = key;
    const bool row_wants = match[r] < 0 || f.RowBetter(e, match[r]);
    if (!row_wants) continue;
    int64_t count = 0;
    bool prefers = false;
    for (int64_t s = 0; s < p.rows; ++s) {
      if (match[s] < 0 || p.edges.col[match[s]] != c) continue;
      ++count;
      if (f.ColBetter(e, match[s])) prefers = true;
    }
    if (count < p.capacity[c] || (p.capacity[c] > 0 && prefers)) out.push_back(e);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Assignment ToAssignment(const Problem& p, const std::vector<int64_t>& match) {
  Assignment a;
  a.edge_of_row = match;
  a.col_of_row.assign(p.rows, -1);
  for (int64_t r = 0; r < p.rows; ++r) {
    if (match[r] < 0) continue;
    a.col_of_row[r] = p.edges.col[match[r]];
    ++a.cardinality;
    a.total_weight += p.edges.weight[match[r]];
  }
  return a;
}

// The result is a matching along counting edges within capacity, and its
// totals add up.
void ExpectFeasible(const Problem& p, const Prefs& f, const Assignment& a) {
  testing::ExpectFeasibleAssignment(p.rows, p.capacity, p.edges, a, -INFINITY);
  for (int64_t r = 0; r < p.rows; ++r) {
    if (a.col_of_row[r] < 0) continue;
    ASSERT_EQ(f.Counting(r, a.col_of_row[r]), a.edge_of_row[r])
        << "row " << r << " not on the counting edge";
  }
}

Assignment Solve(const Problem& p, const StableMatchingOptions& o) {
  auto a = SolveStableMatching(p.rows, p.capacity, p.edges, o);
  EXPECT_TRUE(a.ok()) << a.status();
  return a.ok() ? *std::move(a) : Assignment{};
}

// ---------------------------------------------------------------------------

TEST(StableMatchingTest, NoBlockingPairOnRandomInstances) {
  for (uint64_t seed = 1; seed <= 1000; ++seed) {
    RandomSpec s;
    s.rows = 1 + static_cast<int>(seed % 60);
    s.cols = 1 + static_cast<int>(seed * 7 % 13);
    s.density = 0.1 + 0.1 * static_cast<double>(seed % 7);
    s.max_cap = 4;
    s.coarse = seed % 3 != 0;
    s.column_weight = seed % 2 == 0;
    s.shuffle = seed % 5 == 0;
    const Problem p = RandomProblem(seed, s);
    const float min_weight = seed % 4 == 0 ? 0.25f : (seed % 4 == 1 ? 0.0f : -INFINITY);
    const Prefs f = MakePrefs(p, min_weight);
    for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
      const StableMatchingOptions o = Options(p, who, min_weight);
      const Assignment a = Solve(p, o);
      ExpectFeasible(p, f, a);
      EXPECT_TRUE(FindBlockingEdges(p.rows, p.capacity, p.edges, o, a).empty())
          << "seed " << seed << " proposer " << static_cast<int>(who);
      EXPECT_TRUE(NaiveBlocking(f, a.edge_of_row).empty()) << "seed " << seed;
    }
  }
}

TEST(StableMatchingTest, RowsProposingEqualsTextbookGaleShapley) {
  for (uint64_t seed = 1; seed <= 600; ++seed) {
    RandomSpec s;
    s.rows = 5 + static_cast<int>(seed % 120);
    s.cols = 1 + static_cast<int>(seed * 5 % 30);
    s.density = 0.05 + 0.05 * static_cast<double>(seed % 9);
    s.coarse = seed % 2 == 0;
    s.column_weight = seed % 3 != 0;
    s.shuffle = seed % 4 == 0;
    const Problem p = RandomProblem(seed, s);
    const float min_weight = seed % 3 == 0 ? 0.3f : -INFINITY;
    const Prefs f = MakePrefs(p, min_weight);
    const Assignment a = Solve(p, Options(p, Proposer::kRows, min_weight));
    ExpectFeasible(p, f, a);
    EXPECT_EQ(a.edge_of_row, ReferenceRowsPropose(f)) << "seed " << seed;
  }
}

TEST(StableMatchingTest, ColumnsProposingEqualsTextbookGaleShapley) {
  for (uint64_t seed = 1; seed <= 600; ++seed) {
    RandomSpec s;
    s.rows = 5 + static_cast<int>(seed % 120);
    s.cols = 1 + static_cast<int>(seed * 5 % 30);
    s.density = 0.05 + 0.05 * static_cast<double>(seed % 9);
    s.coarse = seed % 2 == 0;
    s.column_weight = seed % 3 != 0;
    s.shuffle = seed % 4 == 0;
    s.max_cap = seed % 5 == 0 ? 40 : 4;  // long column lists: lazy sorting in chunks
    const Problem p = RandomProblem(seed, s);
    const float min_weight = seed % 3 == 0 ? 0.3f : -INFINITY;
    const Prefs f = MakePrefs(p, min_weight);
    const Assignment a = Solve(p, Options(p, Proposer::kColumns, min_weight));
    ExpectFeasible(p, f, a);
    EXPECT_EQ(a.edge_of_row, ReferenceColumnsPropose(f)) << "seed " << seed;
  }
}

// Every matching of a tiny instance: each row takes nothing or one of its
// acceptable columns, within capacities.
void EnumerateMatchings(const Prefs& f,
                        const std::function<void(const std::vector<int64_t>&)>& visit) {
  const Problem& p = *f.p;
  std::vector<int64_t> match(p.rows, -1);
  std::vector<int32_t> left(p.capacity);
  std::function<void(int64_t)> go = [&](int64_t r) {
    if (r == p.rows) {
      visit(match);
      return;
    }
    go(r + 1);
    for (int64_t e : f.row_list[r]) {
      const int64_t c = p.edges.col[e];
      if (left[c] == 0) continue;
      --left[c];
      match[r] = e;
      go(r + 1);
      match[r] = -1;
      ++left[c];
    }
  };
  go(0);
}

// Position of edge e in a preference list (best = 0); list size if absent
// (unmatched is worse than any acceptable partner).
size_t RankIn(const std::vector<int64_t>& list, int64_t e) {
  return static_cast<size_t>(std::find(list.begin(), list.end(), e) - list.begin());
}

// Ranks (in the column's list) of the rows a column holds, best first.
std::vector<size_t> ColumnRanks(const Prefs& f, const std::vector<int64_t>& match, int64_t c) {
  std::vector<size_t> out;
  for (int64_t e : match) {
    if (e >= 0 && f.p->edges.col[e] == c) out.push_back(RankIn(f.col_list[c], e));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(StableMatchingTest, LatticeExtremesAndRuralHospitalsByExhaustiveSearch) {
  int64_t instances_with_several_stable = 0;
  for (uint64_t seed = 1; seed <= 1000; ++seed) {
    RandomSpec s;
    s.coarse = seed % 2 == 0;
    s.column_weight = seed % 3 != 2;
    s.cyclic = seed % 2 == 1;
    if (s.cyclic) {  // nearly square and crowded: many stable matchings
      s.cols = 2 + static_cast<int>(seed / 2 % 3);
      s.rows = s.cols + static_cast<int>(seed / 6 % 2) * static_cast<int>(seed / 12 % 4);
      s.density = 0.7 + 0.1 * static_cast<double>(seed / 2 % 4);
      s.max_cap = seed % 8 == 1 ? 2 : 1;
    } else {
      s.rows = 1 + static_cast<int>(seed % 7);
      s.cols = 1 + static_cast<int>(seed * 3 % 4);
      s.density = 0.5 + 0.1 * static_cast<double>(seed % 5);
      s.max_cap = seed % 4 == 0 ? 3 : 1;
    }
    const Problem p = RandomProblem(seed, s);
    const float min_weight = seed % 5 == 0 ? 0.25f : -INFINITY;
    const Prefs f = MakePrefs(p, min_weight);
    const StableMatchingOptions o_rows = Options(p, Proposer::kRows, min_weight);
    const StableMatchingOptions o_cols = Options(p, Proposer::kColumns, min_weight);

    std::vector<std::vector<int64_t>> stable;
    EnumerateMatchings(f, [&](const std::vector<int64_t>& m) {
      const std::vector<int64_t> naive = NaiveBlocking(f, m);
      // FindBlockingEdges must agree with the naive check on every matching,
      // stable or not.
      ASSERT_EQ(FindBlockingEdges(p.rows, p.capacity, p.edges, o_rows, ToAssignment(p, m)), naive)
          << "seed " << seed;
      if (naive.empty()) stable.push_back(m);
    });
    ASSERT_FALSE(stable.empty()) << "seed " << seed;  // Gale–Shapley: one always exists
    if (stable.size() > 1) ++instances_with_several_stable;

    const Assignment by_rows = Solve(p, o_rows);
    const Assignment by_cols = Solve(p, o_cols);
    ExpectFeasible(p, f, by_rows);
    ExpectFeasible(p, f, by_cols);
    ASSERT_NE(std::find(stable.begin(), stable.end(), by_rows.edge_of_row), stable.end())
        << "seed " << seed;
    ASSERT_NE(std::find(stable.begin(), stable.end(), by_cols.edge_of_row), stable.end())
        << "seed " << seed;

    for (const auto& m : stable) {
      for (int64_t r = 0; r < p.rows; ++r) {
        const auto& list = f.row_list[r];
        // Seeker-optimal: every row's best stable partner; vacancy-optimal:
        // every row's worst.
        EXPECT_LE(RankIn(list, by_rows.edge_of_row[r]), RankIn(list, m[r]))
            << "seed " << seed << " row " << r;
        EXPECT_GE(RankIn(list, by_cols.edge_of_row[r]), RankIn(list, m[r]))
            << "seed " << seed << " row " << r;
        // Rural hospitals: the same rows are matched in every stable matching.
        EXPECT_EQ(m[r] >= 0, stable[0][r] >= 0) << "seed " << seed << " row " << r;
      }
      for (int64_t c = 0; c < static_cast<int64_t>(p.capacity.size()); ++c) {
        const std::vector<size_t> mine = ColumnRanks(f, m, c);
        const std::vector<size_t> first = ColumnRanks(f, stable[0], c);
        // Rural hospitals: each column fills the same number of places, and
        // one left with free places holds the very same rows.
        ASSERT_EQ(mine.size(), first.size()) << "seed " << seed << " col " << c;
        if (static_cast<int64_t>(mine.size()) < p.capacity[c]) {
          EXPECT_EQ(mine, first) << "seed " << seed;
        }
        // Vacancy-optimal: the k-th best row a column holds is at least as
        // good as in any stable matching; seeker-optimal: at most as good.
        const std::vector<size_t> best = ColumnRanks(f, by_cols.edge_of_row, c);
        const std::vector<size_t> worst = ColumnRanks(f, by_rows.edge_of_row, c);
        ASSERT_EQ(best.size(), mine.size());
        ASSERT_EQ(worst.size(), mine.size());
        for (size_t k = 0; k < mine.size(); ++k) {
          EXPECT_LE(best[k], mine[k]) << "seed " << seed << " col " << c;
          EXPECT_GE(worst[k], mine[k]) << "seed " << seed << " col " << c;
        }
      }
    }
  }
  // The search must exercise instances where the two sides disagree.
  EXPECT_GT(instances_with_several_stable, 100);  // 197 with these seeds
}

// The classic instance with two stable matchings: each side gets its first
// choices when it proposes.
TEST(StableMatchingTest, EachProposingSideGetsItsFirstChoices) {
  //   edge 0: (0,0)   edge 1: (0,1)   edge 2: (1,0)   edge 3: (1,1)
  EdgeList e;
  e.row = {0, 0, 1, 1};
  e.col = {0, 1, 0, 1};
  e.weight = {1.0f, 0.5f, 0.5f, 1.0f};  // row 0 likes column 0, row 1 column 1
  const std::vector<int32_t> cap = {1, 1};
  StableMatchingOptions o;
  o.column_weight = {0.5f, 1.0f, 1.0f, 0.5f};  // column 0 likes row 1, column 1 row 0
  auto a = SolveStableMatching(2, cap, e, o);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->edge_of_row, std::vector<int64_t>({0, 3}));
  EXPECT_DOUBLE_EQ(a->total_weight, 2.0);
  o.proposer = Proposer::kColumns;
  a = SolveStableMatching(2, cap, e, o);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->edge_of_row, std::vector<int64_t>({1, 2}));
  EXPECT_DOUBLE_EQ(a->total_weight, 1.0);
  EXPECT_TRUE(FindBlockingEdges(2, cap, e, o, *a).empty());
}

// ---------------------------------------------------------------------------
// FindBlockingEdges on hand-made matchings.

EdgeList Edges(std::vector<int64_t> row, std::vector<int64_t> col, std::vector<float> weight) {
  EdgeList e;
  e.row = std::move(row);
  e.col = std::move(col);
  e.weight = std::move(weight);
  return e;
}

Assignment Match(const EdgeList& e, int64_t rows, const std::vector<int64_t>& edge_of_row) {
  Assignment a;
  a.edge_of_row = edge_of_row;
  a.col_of_row.assign(rows, -1);
  for (int64_t r = 0; r < rows; ++r) {
    if (edge_of_row[r] >= 0) a.col_of_row[r] = e.col[edge_of_row[r]];
  }
  return a;
}

TEST(FindBlockingEdgesTest, FindsBlockingPairsInUnstableMatchings) {
  // Rows 0, 1; columns 0, 1 of capacity 1. Both rows prefer column 0; both
  // columns prefer row 0 (same weights both sides).
  //   edge 0: (0,0) 0.9   edge 1: (0,1) 0.5   edge 2: (1,0) 0.8   edge 3: (1,1) 0.4
  const EdgeList e = Edges({0, 0, 1, 1}, {0, 1, 0, 1}, {0.9f, 0.5f, 0.8f, 0.4f});
  const std::vector<int32_t> cap = {1, 1};
  const StableMatchingOptions o;
  // The stable one: 0-0, 1-1.
  EXPECT_TRUE(FindBlockingEdges(2, cap, e, o, Match(e, 2, {0, 3})).empty());
  // Swapped: row 0 and column 0 prefer each other.
  EXPECT_EQ(FindBlockingEdges(2, cap, e, o, Match(e, 2, {1, 2})), std::vector<int64_t>({0}));
  // Empty matching: every edge blocks (free places everywhere).
  EXPECT_EQ(FindBlockingEdges(2, cap, e, o, Match(e, 2, {-1, -1})),
            std::vector<int64_t>({0, 1, 2, 3}));
  // Row 1 left out while column 1 has a free place.
  EXPECT_EQ(FindBlockingEdges(2, cap, e, o, Match(e, 2, {0, -1})), std::vector<int64_t>({3}));
  // With capacity 2 at column 0, row 0 in column 1 wants column 0, which has room.
  const std::vector<int32_t> cap2 = {2, 1};
  EXPECT_EQ(FindBlockingEdges(2, cap2, e, o, Match(e, 2, {1, 2})), std::vector<int64_t>({0}));
  EXPECT_TRUE(FindBlockingEdges(2, cap2, e, o, Match(e, 2, {0, 2})).empty());
  // Column-side weights change who column 0 prefers: row 1 now, so
  // {0-1, 1-0} is stable and {0-0, 1-1} is blocked by (1, 0).
  StableMatchingOptions ow;
  ow.column_weight = {0.1f, 0.5f, 0.9f, 0.4f};
  EXPECT_TRUE(FindBlockingEdges(2, cap, e, ow, Match(e, 2, {1, 2})).empty());
  EXPECT_EQ(FindBlockingEdges(2, cap, e, ow, Match(e, 2, {0, 3})), std::vector<int64_t>({2}));
  // min_weight: edge 3 (0.4) is not acceptable, so row 1 alone is not blocked by it.
  StableMatchingOptions om;
  om.min_weight = 0.45f;
  EXPECT_TRUE(FindBlockingEdges(2, cap, e, om, Match(e, 2, {0, -1})).empty());
  // Zero capacity: nobody can block with column 1.
  const std::vector<int32_t> cap0 = {1, 0};
  EXPECT_TRUE(FindBlockingEdges(2, cap0, e, o, Match(e, 2, {0, -1})).empty());
}

TEST(FindBlockingEdgesTest, TiesAndDuplicates) {
  // Row 0 rates columns 0 and 1 equally (ties: lower column first); column 0
  // rates rows 0 and 1 equally (ties: lower row first).
  //   edge 0: (0,1) 0.5   edge 1: (0,0) 0.5   edge 2: (1,0) 0.5
  const EdgeList e = Edges({0, 0, 1}, {1, 0, 0}, {0.5f, 0.5f, 0.5f});
  const std::vector<int32_t> cap = {1, 1};
  const StableMatchingOptions o;
  EXPECT_TRUE(FindBlockingEdges(2, cap, e, o, Match(e, 2, {1, -1})).empty());
  EXPECT_EQ(FindBlockingEdges(2, cap, e, o, Match(e, 2, {0, 2})), std::vector<int64_t>({1}));
  // Duplicates: the heavier copy counts (edge 1, 0.9), so row 0 in column 1
  // (0.6) wants column 0; the lighter copy (edge 0) is not reported.
  const EdgeList d = Edges({0, 0, 0, 1}, {0, 0, 1, 0}, {0.2f, 0.9f, 0.6f, 0.5f});
  EXPECT_EQ(FindBlockingEdges(2, cap, d, o, Match(d, 2, {2, 3})), std::vector<int64_t>({1}));
}

// ---------------------------------------------------------------------------
// Edge cases.

TEST(StableMatchingTest, EmptyInputs) {
  const EdgeList none;
  const std::vector<int32_t> no_cols;
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    StableMatchingOptions o;
    o.proposer = who;
    auto a = SolveStableMatching(0, no_cols, none, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_TRUE(a->col_of_row.empty());
    a = SolveStableMatching(5, no_cols, none, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->col_of_row, std::vector<int64_t>(5, -1));
    EXPECT_EQ(a->edge_of_row, std::vector<int64_t>(5, -1));
    EXPECT_EQ(a->cardinality, 0);
    const std::vector<int32_t> cols = {3, 0, 2};
    a = SolveStableMatching(4, cols, none, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->cardinality, 0);
  }
}

TEST(StableMatchingTest, ZeroCapacityAndUnlimitedCapacity) {
  // Everyone's first choice, column 0, has no place.
  const EdgeList e = Edges({0, 0, 1, 1, 2}, {0, 1, 0, 1, 0}, {0.9f, 0.5f, 0.8f, 0.4f, 0.7f});
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    StableMatchingOptions o;
    o.proposer = who;
    const std::vector<int32_t> cap = {0, 1};
    auto a = SolveStableMatching(3, cap, e, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->col_of_row, std::vector<int64_t>({1, -1, -1}));
    EXPECT_EQ(a->edge_of_row, std::vector<int64_t>({1, -1, -1}));
    // A huge capacity takes every row without reserving memory for it.
    const std::vector<int32_t> big = {INT32_MAX, 0};
    a = SolveStableMatching(3, big, e, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->col_of_row, std::vector<int64_t>({0, 0, 0}));
    EXPECT_EQ(a->cardinality, 3);
    EXPECT_NEAR(a->total_weight, 0.9 + 0.8 + 0.7, 1e-6);
  }
}

TEST(StableMatchingTest, DuplicateEdgesTheHeaviestCounts) {
  // Row 0 -> column 0 three times: 0.2, 0.9, 0.9 (edge 1 counts: heaviest,
  // then lowest index); row 0 -> column 1 at 0.5. So row 0 prefers column 0.
  const EdgeList e = Edges({0, 0, 0, 0}, {0, 0, 0, 1}, {0.2f, 0.9f, 0.9f, 0.5f});
  const std::vector<int32_t> cap = {1, 1};
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    StableMatchingOptions o;
    o.proposer = who;
    auto a = SolveStableMatching(1, cap, e, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->edge_of_row[0], 1);
    EXPECT_EQ(a->col_of_row[0], 0);
    EXPECT_FLOAT_EQ(a->total_weight, 0.9);
  }
  // The column-side weight of the counting edge is the one that counts: row
  // 1 competes for column 0 at 0.5; row 0's light copy says 1.0 but its
  // counting copy says 0.1, so column 0 takes row 1.
  const EdgeList d = Edges({0, 0, 1, 0}, {0, 0, 0, 1}, {0.3f, 0.8f, 0.6f, 0.2f});
  const std::vector<int32_t> one = {1, 1};
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    StableMatchingOptions o;
    o.proposer = who;
    o.column_weight = {1.0f, 0.1f, 0.5f, 0.5f};
    auto a = SolveStableMatching(2, one, d, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->col_of_row, std::vector<int64_t>({1, 0}));
    EXPECT_EQ(a->edge_of_row, std::vector<int64_t>({3, 2}));
  }
}

TEST(StableMatchingTest, TiesBreakByIndexAndSignedZerosTie) {
  // Row 0 rates both columns equally -> the lower column. Column 0 rates both
  // rows equally -> the lower row. -0.0 and +0.0 are equal weights.
  for (bool neg_first : {false, true}) {
    const float a0 = neg_first ? -0.0f : 0.0f, a1 = neg_first ? 0.0f : -0.0f;
    const EdgeList e = Edges({0, 0, 1}, {1, 0, 0}, {a0, a1, a1});
    const std::vector<int32_t> cap = {1, 1};
    for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
      StableMatchingOptions o;
      o.proposer = who;
      auto a = SolveStableMatching(2, cap, e, o);
      ASSERT_TRUE(a.ok()) << a.status();
      EXPECT_EQ(a->col_of_row, std::vector<int64_t>({0, -1})) << neg_first;
      // Row 1's only column is taken by the row it ties with and loses to.
      EXPECT_TRUE(FindBlockingEdges(2, cap, e, o, *a).empty());
    }
  }
}

TEST(StableMatchingTest, MinWeightMakesEdgesUnacceptable) {
  // Row 1's only edge is below min_weight: it stays unmatched although
  // column 0 has room; row 0's best edge is below too, so it takes column 1.
  const EdgeList e = Edges({0, 0, 1}, {0, 1, 0}, {0.1f, 0.5f, 0.2f});
  const std::vector<int32_t> cap = {2, 1};
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    StableMatchingOptions o;
    o.proposer = who;
    o.min_weight = 0.3f;
    // Column-side weights do not rescue an edge whose row weight is too low.
    o.column_weight = {0.9f, 0.9f, 0.9f};
    auto a = SolveStableMatching(2, cap, e, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->col_of_row, std::vector<int64_t>({1, -1}));
    EXPECT_TRUE(FindBlockingEdges(2, cap, e, o, *a).empty());
  }
}

TEST(StableMatchingTest, BadInputIsRejected) {
  const auto code = [](int64_t rows, const std::vector<int32_t>& cap, const EdgeList& e,
                       const StableMatchingOptions& o) {
    return SolveStableMatching(rows, cap, e, o).status().code();
  };
  const auto kBad = absl::StatusCode::kInvalidArgument;
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    StableMatchingOptions o;
    o.proposer = who;
    const std::vector<int32_t> cap = {1, 1};
    EdgeList e = Edges({0}, {1}, {1.0f});
    EXPECT_EQ(code(1, cap, e, o), absl::StatusCode::kOk);
    EXPECT_EQ(code(1, cap, Edges({0}, {2}, {1.0f}), o), kBad);   // column out of range
    EXPECT_EQ(code(1, cap, Edges({0}, {-1}, {1.0f}), o), kBad);  // negative column
    EXPECT_EQ(code(1, cap, Edges({1}, {0}, {1.0f}), o), kBad);   // row out of range
    EXPECT_EQ(code(-1, cap, Edges({}, {}, {}), o), kBad);        // negative row count
    EXPECT_EQ(code(1, cap, Edges({0}, {0}, {NAN}), o), kBad);
    EXPECT_EQ(code(1, cap, Edges({0}, {0}, {INFINITY}), o), kBad);
    EXPECT_EQ(code(1, {-1, 1}, e, o), kBad);                       // negative capacity
    EXPECT_EQ(code(1, cap, Edges({0, 0}, {0}, {1.0f}), o), kBad);  // length mismatch
    EXPECT_EQ(code(1, cap, Edges({0}, {0}, {1.0f, 2.0f}), o), kBad);
    StableMatchingOptions w = o;
    w.column_weight = {1.0f, 2.0f};  // two for one edge
    EXPECT_EQ(code(1, cap, e, w), kBad);
    w.column_weight = {};
    w.column_weight.push_back(NAN);
    EXPECT_EQ(code(1, cap, e, w), kBad);
    w.column_weight = {0.5f};
    EXPECT_EQ(code(1, cap, e, w), absl::StatusCode::kOk);
    StableMatchingOptions m = o;
    m.min_weight = NAN;
    EXPECT_EQ(code(1, cap, e, m), kBad);
  }
}

TEST(StableMatchingTest, ProgressReportsAndCancels) {
  RandomSpec s;
  s.rows = 3000;
  s.cols = 200;
  s.density = 0.05;
  s.max_cap = 3;
  const Problem p = RandomProblem(7, s);
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    StableMatchingOptions o = Options(p, who, -INFINITY);
    int64_t calls = 0, last_done = -1;
    o.progress = [&](int64_t done, int64_t total) {
      ++calls;
      EXPECT_LE(done, total);
      EXPECT_GE(done, last_done);
      last_done = done;
      return true;
    };
    auto a = SolveStableMatching(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_GE(calls, 1);
    EXPECT_GT(last_done, 0);
  }
  // Cancelling: a graph large enough for periodic reports (over 2^20 proposals).
  Problem big;
  big.rows = 100000;
  big.capacity.assign(1000, 1);
  std::mt19937_64 rng(3);
  for (int64_t r = 0; r < big.rows; ++r) {
    for (int k = 0; k < 15; ++k) {
      big.edges.row.push_back(r);
      big.edges.col.push_back(static_cast<int64_t>(rng() % 1000));
      big.edges.weight.push_back(static_cast<float>(rng() % 1000));
    }
  }
  StableMatchingOptions o;
  o.progress = [](int64_t, int64_t) { return false; };
  EXPECT_EQ(SolveStableMatching(big.rows, big.capacity, big.edges, o).status().code(),
            absl::StatusCode::kCancelled);
}

// A larger random graph: stable under both proposers, and the two stable
// matchings place the same rows and fill each column equally (rural
// hospitals).
TEST(StableMatchingTest, ScaleSmoke) {
  const int64_t rows = 200000, cols = 10000, per_row = 20;
  std::mt19937_64 rng(11);
  Problem p;
  p.rows = rows;
  for (int64_t c = 0; c < cols; ++c) p.capacity.push_back(static_cast<int32_t>(rng() % 6));
  std::uniform_real_distribution<float> w(0.0f, 1.0f);
  for (int64_t r = 0; r < rows; ++r) {
    for (int k = 0; k < per_row; ++k) {
      p.edges.row.push_back(r);
      p.edges.col.push_back(static_cast<int64_t>(rng() % cols));
      p.edges.weight.push_back(w(rng));
      p.column_weight.push_back(w(rng));
    }
  }
  std::vector<Assignment> results;
  for (Proposer who : {Proposer::kRows, Proposer::kColumns}) {
    const StableMatchingOptions o = Options(p, who, 0.05f);
    auto a = SolveStableMatching(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_GT(a->cardinality, 0);
    EXPECT_TRUE(FindBlockingEdges(p.rows, p.capacity, p.edges, o, *a).empty());
    std::vector<int32_t> load(cols, 0);
    for (int64_t r = 0; r < rows; ++r) {
      if (a->col_of_row[r] < 0) continue;
      const int64_t e = a->edge_of_row[r];
      ASSERT_EQ(p.edges.row[e], r);
      ASSERT_EQ(p.edges.col[e], a->col_of_row[r]);
      ASSERT_GE(p.edges.weight[e], 0.05f);
      ++load[a->col_of_row[r]];
    }
    for (int64_t c = 0; c < cols; ++c) ASSERT_LE(load[c], p.capacity[c]);
    results.push_back(*std::move(a));
  }
  EXPECT_EQ(results[0].cardinality, results[1].cardinality);
  for (int64_t r = 0; r < rows; ++r) {
    ASSERT_EQ(results[0].col_of_row[r] >= 0, results[1].col_of_row[r] >= 0) << "row " << r;
  }
}

// ---------------------------------------------------------------------------
// Minority reserves (Hafalir, Yenmez and Yildirim).

// The reserve choice function from its definition: the column takes, in its
// preference order, up to `reserved` applicants of the class, then fills the
// rest of its places with the best remaining applicants.
std::vector<int64_t> ReserveChoice(const Prefs& f, std::vector<int64_t> applicants,
                                   int64_t capacity, int64_t reserved,
                                   const std::function<bool(int64_t)>& in_class) {
  std::sort(applicants.begin(), applicants.end(),
            [&](int64_t a, int64_t b) { return f.ColBetter(a, b); });
  std::vector<int64_t> chosen;
  for (int64_t e : applicants) {
    if (static_cast<int64_t>(chosen.size()) < reserved && in_class(e)) chosen.push_back(e);
  }
  for (int64_t e : applicants) {
    if (static_cast<int64_t>(chosen.size()) >= capacity) break;
    if (std::find(chosen.begin(), chosen.end(), e) == chosen.end()) chosen.push_back(e);
  }
  return chosen;
}

TEST(StableMatchingTest, ReservesStableAndRowOptimalByExhaustiveSearch) {
  int reserves_mattered = 0;
  for (uint64_t seed = 1; seed <= 600; ++seed) {
    RandomSpec s;
    s.rows = 2 + static_cast<int>(seed % 6);
    s.cols = 1 + static_cast<int>(seed * 3 % 3);
    s.max_cap = 3;
    s.coarse = seed % 2 == 0;
    s.column_weight = seed % 3 != 0;
    const Problem p = RandomProblem(seed + 77, s);
    std::mt19937_64 rng(seed);
    StableMatchingOptions o = Options(p, Proposer::kRows, -INFINITY);
    for (size_t c = 0; c < p.capacity.size(); ++c) {
      o.reserved.push_back(p.capacity[c] == 0 ? 0
                                              : static_cast<int32_t>(rng() % (p.capacity[c] + 1)));
      o.reserve_class.push_back(static_cast<int32_t>(rng() % 2));
    }
    for (int64_t r = 0; r < p.rows; ++r) o.row_classes.push_back(rng() % 4);
    auto got = SolveStableMatching(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(got.ok()) << got.status();
    const Prefs f = MakePrefs(p, -INFINITY);
    auto in_class = [&](int64_t e) {
      const int64_t c = p.edges.col[e];
      return o.reserved[c] > 0 && ((o.row_classes[p.edges.row[e]] >> o.reserve_class[c]) & 1) != 0;
    };
    auto stable = [&](const std::vector<int64_t>& m) {
      for (int64_t r = 0; r < p.rows; ++r) {
        for (int64_t e : f.row_list[r]) {
          if (m[r] == e) break;  // the rest are worse than r's match
          const int64_t c = p.edges.col[e];
          std::vector<int64_t> applicants = {e};
          for (int64_t x : m) {
            if (x >= 0 && p.edges.col[x] == c) applicants.push_back(x);
          }
          const auto ch = ReserveChoice(f, applicants, p.capacity[c], o.reserved[c], in_class);
          if (std::find(ch.begin(), ch.end(), e) != ch.end()) return false;
        }
      }
      return true;
    };
    std::vector<std::vector<int64_t>> all_stable;
    EnumerateMatchings(f, [&](const std::vector<int64_t>& m) {
      if (stable(m)) all_stable.push_back(m);
    });
    ASSERT_FALSE(all_stable.empty()) << "seed " << seed;
    ASSERT_TRUE(stable(got->edge_of_row)) << "seed " << seed;
    // Row-optimal: no row is better off in any stable matching.
    for (const auto& m : all_stable) {
      for (int64_t r = 0; r < p.rows; ++r) {
        ASSERT_LE(RankIn(f.row_list[r], got->edge_of_row[r]), RankIn(f.row_list[r], m[r]))
            << "seed " << seed << " row " << r;
      }
    }
    StableMatchingOptions plain = Options(p, Proposer::kRows, -INFINITY);
    auto without = SolveStableMatching(p.rows, p.capacity, p.edges, plain);
    ASSERT_TRUE(without.ok());
    if (without->col_of_row != got->col_of_row) ++reserves_mattered;
  }
  EXPECT_GT(reserves_mattered, 20) << "instances should exercise reserves";
}

TEST(StableMatchingTest, ReservesRejectBadShapesAndColumnProposing) {
  EdgeList e;
  e.row = {0};
  e.col = {0};
  e.weight = {1.0f};
  const std::vector<int32_t> cap = {1};
  StableMatchingOptions o;
  o.reserved = {1};
  o.reserve_class = {0};
  o.row_classes = {1};
  EXPECT_TRUE(SolveStableMatching(1, cap, e, o).ok());
  o.proposer = Proposer::kColumns;
  EXPECT_FALSE(SolveStableMatching(1, cap, e, o).ok());
  o.proposer = Proposer::kRows;
  o.reserved = {2};
  EXPECT_FALSE(SolveStableMatching(1, cap, e, o).ok());
  o.reserved = {1};
  o.row_classes = {};
  EXPECT_FALSE(SolveStableMatching(1, cap, e, o).ok());
}

}  // namespace
}  // namespace jobmatch
