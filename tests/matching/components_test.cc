// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Independent regions: splitting a problem into its connected components and
// solving them apart (in parts, on threads) must give exactly the answer of
// the single solve over the whole graph — the same edge for every row, not
// only the same optimum — for the optimal assignment with every objective,
// household coverage and reserves, and for stable matching. Instances are
// unions of random blocks with interleaved row and column indexes (so the
// single solve's queue mixes components), few distinct weights (ties
// everywhere), duplicate edges, columns without places, rows and columns on
// no edge, and edges in row order or shuffled. White-box tests check the
// two min-cost flow solvers' separability directly: a disjoint union solved
// at once equals its parts solved alone with the same schedule.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/matching/stable_matching.h"
#include "matching/internal/bipartite_cost_scaling.h"
#include "matching/internal/graph_components.h"
#include "matching/internal/min_cost_flow.h"
#include "testing/oracles.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using ::jobmatch::testing::ExhaustiveAssignment;
using ::jobmatch::testing::RandomCases;

struct Problem {
  int64_t rows = 0;
  std::vector<int32_t> capacity;
  EdgeList edges;
  std::vector<int32_t> block_of_row, block_of_col;
  int blocks = 0;
};

// `blocks` random bipartite blocks; rows and columns of the blocks are
// interleaved at random. levels > 0: weights from {0, 1/levels, ..., 1}
// (and, with negatives, -1/levels); levels == 0: continuous weights.
Problem RandomBlocks(std::mt19937_64& rng, int blocks, int max_rows, int max_cols, int levels,
                     bool negatives, bool shuffle) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Problem p;
  p.blocks = blocks;
  std::vector<int> rows_in(blocks), cols_in(blocks);
  for (int b = 0; b < blocks; ++b) {
    rows_in[b] = uni(1, max_rows);
    cols_in[b] = uni(1, max_cols);
  }
  // Global indexes: a random interleaving of the blocks, plus a few rows and
  // columns on no edge (block -1).
  for (int b = 0; b < blocks; ++b) {
    p.block_of_row.insert(p.block_of_row.end(), rows_in[b], b);
    p.block_of_col.insert(p.block_of_col.end(), cols_in[b], b);
  }
  p.block_of_row.insert(p.block_of_row.end(), uni(0, 2), -1);
  p.block_of_col.insert(p.block_of_col.end(), uni(0, 2), -1);
  std::shuffle(p.block_of_row.begin(), p.block_of_row.end(), rng);
  std::shuffle(p.block_of_col.begin(), p.block_of_col.end(), rng);
  p.rows = static_cast<int64_t>(p.block_of_row.size());
  const int64_t nc = static_cast<int64_t>(p.block_of_col.size());
  for (int64_t c = 0; c < nc; ++c) p.capacity.push_back(uni(0, 4) == 0 ? 0 : uni(1, 3));
  std::vector<std::vector<int64_t>> cols_of_block(blocks);
  for (int64_t c = 0; c < nc; ++c) {
    if (p.block_of_col[c] >= 0) cols_of_block[p.block_of_col[c]].push_back(c);
  }
  std::uniform_real_distribution<float> cont(0.0f, 1.0f);
  for (int64_t r = 0; r < p.rows; ++r) {
    const int b = p.block_of_row[r];
    if (b < 0) continue;
    const double density = 0.3 + 0.1 * uni(0, 5);
    for (int64_t c : cols_of_block[b]) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) >= density) continue;
      const int copies = uni(0, 9) == 0 ? 2 : 1;
      for (int k = 0; k < copies; ++k) {
        float w = levels > 0 ? static_cast<float>(uni(negatives ? -1 : 0, levels)) /
                                   static_cast<float>(levels)
                             : cont(rng);
        if (levels == 0 && negatives && uni(0, 6) == 0) w = -w;
        p.edges.row.push_back(r);
        p.edges.col.push_back(c);
        p.edges.weight.push_back(w);
      }
    }
  }
  if (shuffle) {
    std::vector<size_t> perm(p.edges.row.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    EdgeList e;
    for (size_t k : perm) {
      e.row.push_back(p.edges.row[k]);
      e.col.push_back(p.edges.col[k]);
      e.weight.push_back(p.edges.weight[k]);
    }
    p.edges = std::move(e);
  }
  return p;
}

class PartTarget {
 public:
  explicit PartTarget(int64_t edges) { internal::SetPartTargetForTesting(edges); }
  ~PartTarget() { internal::SetPartTargetForTesting(0); }
};

TEST(ComponentsTest, FindComponentsTiesRowsAndNumbersBySmallestRow) {
  // Rows 0..3, columns 0..2: edges 0-0, 1-1, 3-1, 2-2; rows 0 and 2 tied.
  EdgeList e;
  e.row = {0, 1, 3, 2};
  e.col = {0, 1, 1, 2};
  e.weight = {1, 1, 1, 1};
  const std::vector<int64_t> ids = {0, 1, 2, 3};
  internal::Components c = internal::FindComponents(5, 4, e, ids, {});
  EXPECT_EQ(c.count, 3);
  EXPECT_EQ(c.of_row, (std::vector<int32_t>{0, 1, 2, 1, -1}));
  EXPECT_EQ(c.of_col, (std::vector<int32_t>{0, 1, 2, -1}));
  EXPECT_EQ(c.edges, (std::vector<int64_t>{1, 2, 1}));
  const std::vector<int64_t> tie = {7, -1, 7, -1, 7};  // row 4 is on no edge: not tied in
  c = internal::FindComponents(5, 4, e, ids, tie);
  EXPECT_EQ(c.count, 2);
  EXPECT_EQ(c.of_row, (std::vector<int32_t>{0, 1, 0, 1, -1}));
  EXPECT_EQ(c.of_col, (std::vector<int32_t>{0, 1, 0, -1}));
}

struct Config {
  AssignmentObjective objective;
  bool groups;
  bool reserves;
  bool min_weight;
};

constexpr Config kConfigs[] = {
    {AssignmentObjective::kMaxWeight, false, false, false},
    {AssignmentObjective::kMaxCardinalityThenWeight, false, false, false},
    {AssignmentObjective::kMaxWeight, true, false, true},
    {AssignmentObjective::kMaxCardinalityThenWeight, true, true, false},
    {AssignmentObjective::kMaxWeight, false, true, false},
};

// Options of configuration `cfg` for problem `p`: households of small
// groups, some spanning two blocks (their components are then one region);
// random reserves and classes.
AssignmentOptions RandomOptions(std::mt19937_64& rng, const Problem& p, const Config& cfg) {
  AssignmentOptions o;
  o.objective = cfg.objective;
  if (cfg.min_weight) o.min_weight = 0.25f;
  if (cfg.groups) {
    // Households: small groups, some spanning two blocks (their components
    // are then one region).
    o.cover_groups = true;
    o.row_group.assign(p.rows, -1);
    for (int64_t r = 0; r < p.rows; ++r) {
      if (rng() % 3 != 0)
        o.row_group[r] = static_cast<int64_t>(rng() % std::max<int64_t>(1, p.rows / 3));
    }
  }
  if (cfg.reserves) {
    const size_t nc = p.capacity.size();
    o.reserved.assign(nc, 0);
    o.reserve_class.assign(nc, -1);
    for (size_t c = 0; c < nc; ++c) {
      if (rng() % 2 == 0) {
        o.reserved[c] = static_cast<int32_t>(rng() % (p.capacity[c] + 1));
        o.reserve_class[c] = static_cast<int32_t>(rng() % 3);
      }
    }
    o.row_classes.assign(p.rows, 0);
    for (int64_t r = 0; r < p.rows; ++r) o.row_classes[r] = rng() % 8;
  }
  return o;
}

// The whole edge_of_row of the split solve (threads, part sizes) equals the
// single solve's, on hundreds of tie-heavy multi-component instances.
TEST(ComponentsTest, SplitAssignmentEqualsSingleSolve) {
  int split_runs = 0, differs_from_greedy = 0;
  const int instances = RandomCases(300, 60);
  for (uint64_t seed = 1; seed <= static_cast<uint64_t>(instances); ++seed) {
    std::mt19937_64 rng(seed);
    const int levels = seed % 5 == 0 ? 0 : static_cast<int>(1 + seed % 4);  // mostly 1-4 levels
    // Mostly small blocks; every fourth instance larger ones (longer
    // displacement chains, sink surplus handed back, proofs that fail).
    const bool large = seed % 4 == 3;
    const Problem p = RandomBlocks(rng, 2 + static_cast<int>(seed % 7), large ? 40 : 7,
                                   large ? 12 : 4, levels, seed % 3 == 0, seed % 4 == 1);
    const Config& cfg = kConfigs[seed % 5];
    AssignmentOptions o = RandomOptions(rng, p, cfg);
    o.split_components = false;
    auto single = SolveAssignment(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(single.ok()) << single.status();
    // A greedy assignment (rows in order, heaviest edge with room) is usually
    // not the one the solver picks among the ties: evidence that the
    // comparison below is between non-trivial choices.
    {
      std::vector<int32_t> load(p.capacity.size(), 0);
      std::vector<int64_t> greedy(p.rows, -1);
      for (int64_t i = 0; i < p.edges.size(); ++i) {
        const int64_t r = p.edges.row[i], c = p.edges.col[i];
        if (p.edges.weight[i] < 0 || load[c] >= p.capacity[c]) continue;
        if (greedy[r] < 0 || p.edges.weight[i] > p.edges.weight[greedy[r]]) greedy[r] = i;
      }
      differs_from_greedy += greedy != single->edge_of_row;
    }
    for (int threads : {1, 2, 3}) {
      for (int64_t target : {int64_t{1}, int64_t{7}, int64_t{0}}) {
        PartTarget pt(target);
        AssignmentOptions so = o;
        so.split_components = true;
        so.num_threads = threads;
        auto split = SolveAssignment(p.rows, p.capacity, p.edges, so);
        ASSERT_TRUE(split.ok()) << split.status();
        ++split_runs;
        SCOPED_TRACE(::testing::Message()
                     << "seed " << seed << " threads " << threads << " part target " << target
                     << " levels " << levels << " objective " << static_cast<int>(cfg.objective)
                     << " groups " << cfg.groups << " reserves " << cfg.reserves);
        ASSERT_EQ(split->edge_of_row, single->edge_of_row);
        ASSERT_EQ(split->col_of_row, single->col_of_row);
        EXPECT_EQ(split->cardinality, single->cardinality);
        EXPECT_EQ(split->total_weight, single->total_weight);
        EXPECT_EQ(split->groups_covered, single->groups_covered);
        EXPECT_EQ(split->reserved_filled, single->reserved_filled);
      }
    }
  }
  EXPECT_EQ(split_runs, instances * 9);
  EXPECT_GT(differs_from_greedy, instances / 6);
}

// The public split API (PlanAssignment, SolveAssignmentPart on every part in
// any order, on copies as another process would receive them,
// FinishAssignment) gives the single solve's answer.
TEST(ComponentsTest, PlannedPartsSolvedApartEqualSingleSolve) {
  int multi_part = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    const int levels = seed % 5 == 0 ? 0 : static_cast<int>(1 + seed % 4);
    const bool large = seed % 4 == 3;
    const Problem p = RandomBlocks(rng, 2 + static_cast<int>(seed % 7), large ? 40 : 7,
                                   large ? 12 : 4, levels, seed % 3 == 0, seed % 4 == 1);
    AssignmentOptions o = RandomOptions(rng, p, kConfigs[seed % 5]);
    o.split_components = false;
    auto single = SolveAssignment(p.rows, p.capacity, p.edges, o);
    ASSERT_TRUE(single.ok()) << single.status();
    PartTarget pt(seed % 2 == 0 ? 1 : 0);
    auto plan = PlanAssignment(p.rows, p.capacity, p.edges, o, 1 + static_cast<int>(seed % 3));
    ASSERT_TRUE(plan.ok()) << plan.status();
    multi_part += plan->parts.size() > 1;
    std::vector<size_t> order(plan->parts.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::vector<int64_t>> answers(plan->parts.size());
    for (size_t k : order) {
      const AssignmentSchedule schedule = plan->schedule;  // as received elsewhere
      const AssignmentPart part = plan->parts[k];
      auto a = SolveAssignmentPart(schedule, part);
      ASSERT_TRUE(a.ok()) << a.status();
      answers[k] = *std::move(a);
    }
    auto done = FinishAssignment(p.rows, p.capacity, p.edges, o, *plan, answers);
    ASSERT_TRUE(done.ok()) << done.status();
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    ASSERT_EQ(done->edge_of_row, single->edge_of_row);
    EXPECT_EQ(done->col_of_row, single->col_of_row);
    EXPECT_EQ(done->total_weight, single->total_weight);
    EXPECT_EQ(done->groups_covered, single->groups_covered);
    EXPECT_EQ(done->reserved_filled, single->reserved_filled);
  }
  EXPECT_GT(multi_part, 80);
}

// Parts and answers that did not come from the plan are refused with
// InvalidArgument, never a crash: every field of schedules, parts and
// answers damaged at random.
TEST(ComponentsTest, DamagedPartsSchedulesAndAnswersAreRefused) {
  int refused = 0, tried = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    std::mt19937_64 rng(seed);
    const Problem p = RandomBlocks(rng, 3, 7, 4, 3, false, false);
    const AssignmentOptions o = RandomOptions(rng, p, kConfigs[seed % 5]);
    PartTarget pt(1);
    auto plan = PlanAssignment(p.rows, p.capacity, p.edges, o, 2);
    ASSERT_TRUE(plan.ok()) << plan.status();
    if (plan->parts.empty()) continue;
    const size_t k = rng() % plan->parts.size();
    AssignmentSchedule s = plan->schedule;
    AssignmentPart part = plan->parts[k];
    const int what = static_cast<int>(seed % 9);
    switch (what) {
      case 0:
        s.q = seed % 2 ? std::nan("") : -1.0;
        break;
      case 1:
        s.active_rows = -1;
        break;
      case 2:
        s.max_abs_cost = std::numeric_limits<int64_t>::max();
        break;
      case 3:
        part.capacity.push_back(1);
        break;
      case 4:
        part.edges.row.push_back(0);
        break;
      case 5:
        if (!part.rows.empty()) part.rows.back() = -5;
        break;
      case 6:
        if (!part.edges.col.empty()) part.edges.col[0] = static_cast<int64_t>(part.cols.size());
        break;
      case 7:
        if (!part.edges.weight.empty()) part.edges.weight[0] = std::nanf("");
        break;
      default:
        part.edge_ids.push_back(part.edge_ids.empty() ? 0 : part.edge_ids.back());
        break;
    }
    auto a = SolveAssignmentPart(s, part);
    ++tried;
    // Every damage above is one the checks must see (an empty part aside).
    if (!part.rows.empty() && !part.edges.row.empty()) {
      EXPECT_FALSE(a.ok()) << "damage " << what;
    }
    if (!a.ok()) {
      EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument) << a.status();
      ++refused;
    }
    // Answers: wrong count, an edge of another row, more rows than places.
    std::vector<std::vector<int64_t>> answers;
    for (const AssignmentPart& q : plan->parts) {
      auto good = SolveAssignmentPart(plan->schedule, q);
      ASSERT_TRUE(good.ok());
      answers.push_back(*good);
    }
    std::vector<std::vector<int64_t>> bad = answers;
    if (seed % 3 == 0) {
      bad.pop_back();
    } else if (seed % 3 == 1) {
      bad[k].push_back(0);
    } else {
      // Every row of the part takes its first edge: other rows' edges or a
      // column over capacity, unless that happens to be valid.
      for (size_t r = 0; r < bad[k].size(); ++r) bad[k][r] = 0;
    }
    auto f = FinishAssignment(p.rows, p.capacity, p.edges, o, *plan, bad);
    if (seed % 3 != 2) {
      EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
    } else if (!f.ok()) {
      EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  EXPECT_GT(tried, 100);
  EXPECT_GT(refused, tried * 2 / 3);
}

// The optimum of the split solve is the optimum: exhaustive search on tiny
// multi-component instances (the equality above would also hold for two
// equally wrong answers).
TEST(ComponentsTest, SplitAssignmentIsOptimalOnTinyInstances) {
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    std::mt19937_64 rng(seed + 1000);
    const Problem p = RandomBlocks(rng, 3, 3, 2, 2, seed % 2 == 0, false);
    if (p.rows > 12) continue;
    for (AssignmentObjective obj :
         {AssignmentObjective::kMaxWeight, AssignmentObjective::kMaxCardinalityThenWeight}) {
      AssignmentOptions o;
      o.objective = obj;
      PartTarget pt(1);
      auto split = SolveAssignment(p.rows, p.capacity, p.edges, o);
      auto want = ExhaustiveAssignment(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(split.ok() && want.ok());
      if (obj == AssignmentObjective::kMaxCardinalityThenWeight) {
        EXPECT_EQ(split->cardinality, want->cardinality) << "seed " << seed;
      }
      EXPECT_NEAR(split->total_weight, want->total_weight, 1e-6) << "seed " << seed;
    }
  }
}

TEST(ComponentsTest, SplitStableMatchingEqualsSingle) {
  int multi = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    std::mt19937_64 rng(seed + 77);
    const Problem p = RandomBlocks(rng, 2 + static_cast<int>(seed % 6), 8, 4,
                                   1 + static_cast<int>(seed % 3), true, seed % 2 == 0);
    for (Proposer proposer : {Proposer::kRows, Proposer::kColumns}) {
      StableMatchingOptions o;
      o.proposer = proposer;
      if (seed % 3 == 0) o.min_weight = 0.0f;
      if (seed % 4 == 0) {
        // Column-side preferences of their own, with ties.
        o.column_weight.resize(p.edges.row.size());
        for (float& w : o.column_weight) w = static_cast<float>(rng() % 3);
      }
      if (proposer == Proposer::kRows && seed % 5 == 0) {
        const size_t nc = p.capacity.size();
        o.reserved.assign(nc, 0);
        o.reserve_class.assign(nc, -1);
        for (size_t c = 0; c < nc; ++c) {
          o.reserved[c] = static_cast<int32_t>(rng() % (p.capacity[c] + 1));
          o.reserve_class[c] = static_cast<int32_t>(rng() % 2);
        }
        o.row_classes.assign(p.rows, 0);
        for (int64_t r = 0; r < p.rows; ++r) o.row_classes[r] = rng() % 4;
      }
      auto single = SolveStableMatching(p.rows, p.capacity, p.edges, o);
      ASSERT_TRUE(single.ok()) << single.status();
      for (int threads : {1, 2}) {
        PartTarget pt(threads == 1 ? 1 : 5);
        StableMatchingOptions so = o;
        so.split_components = true;
        so.num_threads = threads;
        auto split = SolveStableMatching(p.rows, p.capacity, p.edges, so);
        ASSERT_TRUE(split.ok()) << split.status();
        ASSERT_EQ(split->col_of_row, single->col_of_row) << "seed " << seed;
        ASSERT_EQ(split->edge_of_row, single->edge_of_row) << "seed " << seed;
        EXPECT_EQ(split->total_weight, single->total_weight);
        multi += p.blocks > 1;
      }
    }
  }
  EXPECT_GT(multi, 500);
}

// White-box: the bipartite solver on a disjoint union equals each part
// solved alone with the same schedule, arc for arc.
TEST(ComponentsTest, BipartiteSolverIsSeparable) {
  int proofs = 0, frozen_early = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    std::mt19937_64 rng(seed + 5000);
    const int blocks = 2 + static_cast<int>(seed % 5);
    // Blocks' rows and columns interleaved; costs with few levels.
    struct Arc {
      int32_t row, col, cost;
    };
    std::vector<int> row_block, col_block;
    for (int b = 0; b < blocks; ++b) {
      row_block.insert(row_block.end(), 3 + static_cast<int>(rng() % 20), b);
      col_block.insert(col_block.end(), 1 + static_cast<int>(rng() % 6), b);
    }
    std::shuffle(row_block.begin(), row_block.end(), rng);
    std::shuffle(col_block.begin(), col_block.end(), rng);
    const int32_t nr = static_cast<int32_t>(row_block.size()),
                  nc = static_cast<int32_t>(col_block.size());
    std::vector<int32_t> cap(nc);
    for (int32_t& c : cap) c = static_cast<int32_t>(rng() % 4);
    std::vector<Arc> arcs;
    const int levels = 1 + static_cast<int>(seed % 3);
    for (int32_t r = 0; r < nr; ++r) {
      for (int32_t c = 0; c < nc; ++c) {
        if (col_block[c] != row_block[r] || rng() % 2 == 0) continue;
        arcs.push_back({r, c, -static_cast<int32_t>(rng() % (levels + 1)) * 1000});
      }
    }
    internal::BipartiteCostScaling::Schedule sched;
    sched.scale = nr + nc + 2;
    sched.max_cost = int64_t{1000} * levels * sched.scale;
    sched.eager_proofs = seed % 2 == 0;
    internal::BipartiteCostScaling whole(nr, cap);
    for (const Arc& a : arcs) whole.AddArc(a.row, a.col, a.cost);
    whole.SetSchedule(sched);
    ASSERT_TRUE(whole.Solve().ok());
    proofs += whole.stats().proofs_won;
    frozen_early += whole.stats().skipped_phases;
    for (int b = 0; b < blocks; ++b) {
      std::vector<int32_t> rmap(nr, -1), cmap(nc, -1), pcap;
      int32_t pr = 0;
      for (int32_t r = 0; r < nr; ++r) {
        if (row_block[r] == b) rmap[r] = pr++;
      }
      for (int32_t c = 0; c < nc; ++c) {
        if (col_block[c] == b) {
          cmap[c] = static_cast<int32_t>(pcap.size());
          pcap.push_back(cap[c]);
        }
      }
      internal::BipartiteCostScaling part(pr, pcap);
      std::vector<int64_t> id_of;  // part arc -> whole arc
      for (size_t k = 0; k < arcs.size(); ++k) {
        if (row_block[arcs[k].row] != b) continue;
        part.AddArc(rmap[arcs[k].row], cmap[arcs[k].col], arcs[k].cost);
        id_of.push_back(static_cast<int64_t>(k));
      }
      part.SetSchedule(sched);
      ASSERT_TRUE(part.Solve().ok());
      for (int32_t r = 0; r < nr; ++r) {
        if (row_block[r] != b) continue;
        const int64_t got = part.ArcOfRow(rmap[r]);
        EXPECT_EQ(got < 0 ? -1 : id_of[got], whole.ArcOfRow(r))
            << "seed " << seed << " block " << b << " row " << r;
      }
    }
  }
  EXPECT_GT(proofs, 20) << "the optimality proof must be exercised";
  EXPECT_GT(frozen_early, 20) << "freezing 1-optimal components must be exercised";
}

// White-box: the general solver on a disjoint union of networks equals each
// network solved alone with the same schedule, arc for arc.
TEST(ComponentsTest, GeneralSolverIsSeparable) {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    std::mt19937_64 rng(seed + 9000);
    const int parts = 2 + static_cast<int>(seed % 4);
    // Each part: rows (supply 1) -> columns -> its own sink, row bypass.
    struct Net {
      int32_t rows, cols;
      std::vector<int32_t> cap;
      std::vector<std::pair<int32_t, int32_t>> edges;
      std::vector<int64_t> cost;
    };
    std::vector<Net> nets(parts);
    int32_t total_nodes = 0;
    int64_t max_abs = 1;
    for (Net& n : nets) {
      n.rows = 2 + static_cast<int32_t>(rng() % 30);
      n.cols = 1 + static_cast<int32_t>(rng() % 8);
      for (int32_t c = 0; c < n.cols; ++c) n.cap.push_back(static_cast<int32_t>(rng() % 3));
      for (int32_t r = 0; r < n.rows; ++r) {
        for (int32_t c = 0; c < n.cols; ++c) {
          if (rng() % 2) {
            n.edges.emplace_back(r, c);
            n.cost.push_back(-static_cast<int64_t>(rng() % 3) * 5);
          }
        }
      }
      total_nodes += n.rows + n.cols + 1;
      for (int64_t x : n.cost) max_abs = std::max(max_abs, -x);
    }
    // Interleave the parts' nodes in the union: node order by (local index,
    // part), so the single FIFO queue mixes parts; arcs added part by part.
    auto add = [&](auto& f, const Net& n, auto node) {
      std::vector<int64_t> ids;
      f.SetSupply(node(n.rows + n.cols), -n.rows);
      for (int32_t r = 0; r < n.rows; ++r) {
        f.SetSupply(node(r), 1);
        f.AddArc(node(r), node(n.rows + n.cols), 1, 0);
      }
      for (int32_t c = 0; c < n.cols; ++c)
        f.AddArc(node(n.rows + c), node(n.rows + n.cols), n.cap[c], 0);
      for (size_t k = 0; k < n.edges.size(); ++k) {
        ids.push_back(
            f.AddArc(node(n.edges[k].first), node(n.rows + n.edges[k].second), 1, n.cost[k]));
      }
      return ids;
    };
    std::vector<std::vector<int32_t>> global(parts);
    {
      int32_t next = 0;
      for (int32_t local = 0;; ++local) {
        bool any = false;
        for (int p = 0; p < parts; ++p) {
          if (local < nets[p].rows + nets[p].cols + 1) {
            global[p].push_back(next++);
            any = true;
          }
        }
        if (!any) break;
      }
    }
    internal::MinCostFlow64 whole(total_nodes);
    // A low update threshold: global price updates (per component) happen often.
    whole.SetSchedule(total_nodes + 1, max_abs, 1);
    std::vector<std::vector<int64_t>> whole_ids(parts);
    for (int p = 0; p < parts; ++p) {
      whole_ids[p] = add(whole, nets[p], [&](int32_t v) { return global[p][v]; });
    }
    ASSERT_TRUE(whole.Solve().ok());
    for (int p = 0; p < parts; ++p) {
      const Net& n = nets[p];
      internal::MinCostFlow64 alone(n.rows + n.cols + 1);
      alone.SetSchedule(total_nodes + 1, max_abs, 1);
      const std::vector<int64_t> ids = add(alone, n, [](int32_t v) { return v; });
      ASSERT_TRUE(alone.Solve().ok());
      for (size_t k = 0; k < ids.size(); ++k) {
        EXPECT_EQ(alone.Flow(ids[k]), whole.Flow(whole_ids[p][k]))
            << "seed " << seed << " part " << p << " arc " << k;
      }
    }
  }
}

}  // namespace
}  // namespace jobmatch
