// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Allocation end to end on random instances: feasibility, optimality against
// the solver on the same candidate graph, stability, household coverage and
// the consistency of every reason given.
#include "jobmatch/matching/allocation.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "jobmatch/search/topk.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

// The candidate graph as Allocate documents it: each seeker's top k eligible
// vacancies among those with openings.
EdgeList CandidateGraph(const Scorer& scorer, int k) {
  TopKOptions o;
  o.k = k;
  const int64_t nv = scorer.vacancies().size();
  std::vector<uint64_t> closed((nv + 63) / 64, 0);
  for (int64_t v = 0; v < nv; ++v) {
    if (scorer.vacancies().openings()[v] == 0) closed[v / 64] |= uint64_t{1} << (v % 64);
  }
  o.excluded_candidates = closed;
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

// The candidate graph recomputed without topk.cc: every eligible pair with a
// vacancy that has openings, scored with Scorer::Score, each seeker's list
// sorted by (score descending, vacancy row ascending) and cut at k — the
// rules allocation.h and topk.h document.
struct Candidates {
  std::vector<std::vector<std::pair<float, int64_t>>> of_seeker;   // (score, vacancy)
  std::vector<std::vector<std::pair<float, int64_t>>> of_vacancy;  // (score, seeker)
  int64_t edges = 0;
};

Candidates BruteForceCandidates(const Scorer& scorer, int k) {
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  Candidates c;
  c.of_seeker.resize(ns);
  c.of_vacancy.resize(nv);
  for (int64_t s = 0; s < ns; ++s) {
    auto& list = c.of_seeker[s];
    for (int64_t v = 0; v < nv; ++v) {
      if (scorer.vacancies().openings()[v] > 0 && scorer.Eligible(s, v))
        list.emplace_back(scorer.Score(s, v), v);
    }
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (static_cast<int64_t>(list.size()) > k) list.resize(k);
    for (const auto& [score, v] : list) c.of_vacancy[v].emplace_back(score, s);
    c.edges += static_cast<int64_t>(list.size());
  }
  return c;
}

// Zero-employment households recounted from the tables: members of `group`
// sharing a household id (an empty id is a household of its own).
std::pair<int64_t, int64_t> CountHouseholds(const Scorer& scorer, const std::string& group,
                                            const std::vector<int64_t>& vacancy_of_seeker) {
  const auto gid = scorer.vocabulary().FindGroup(group);
  if (!gid) return {0, 0};
  std::map<std::string, bool> covered;  // household -> a member placed
  const SeekerTable& seekers = scorer.seekers();
  for (int64_t s = 0; s < seekers.size(); ++s) {
    if (!((seekers.groups()[s] >> *gid) & 1)) continue;
    const std::string key = seekers.household_ids()[s].empty()
                                ? "seeker " + seekers.ids()[s]
                                : "household " + seekers.household_ids()[s];
    covered[key] = covered[key] || vacancy_of_seeker[s] >= 0;
  }
  int64_t n = 0;
  for (const auto& [key, c] : covered) n += c;
  return {static_cast<int64_t>(covered.size()), n};
}

// How often each outcome was seen, so that tests can require every reason
// to have been exercised.
struct OutcomeCounts {
  int64_t seeker[4] = {0, 0, 0, 0};
  int64_t vacancy[4] = {0, 0, 0, 0};
};

// Recomputes every figure and every reason of `r` independently and checks
// them against the documented rules (allocation.h, docs/allocation.md):
//   seeker:  placed | no eligible vacancy | all candidates below min_score |
//            outbid (then every acceptable candidate vacancy is full);
//   vacancy: filled (filled == openings, also when openings == 0) | in no
//            seeker's candidate list | every candidate pair below min_score |
//            candidates placed elsewhere (then every acceptable candidate
//            seeker is placed).
void CheckConsistent(const Scorer& scorer, const AllocationOptions& o, const AllocationResult& r,
                     OutcomeCounts* counts = nullptr) {
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  const std::vector<int32_t>& openings = scorer.vacancies().openings();
  const Candidates cand = BruteForceCandidates(scorer, o.candidates_per_seeker);
  ASSERT_EQ(static_cast<int64_t>(r.vacancy_of_seeker.size()), ns);
  ASSERT_EQ(static_cast<int64_t>(r.score_of_seeker.size()), ns);
  ASSERT_EQ(static_cast<int64_t>(r.seeker_outcome.size()), ns);
  ASSERT_EQ(static_cast<int64_t>(r.filled.size()), nv);
  ASSERT_EQ(static_cast<int64_t>(r.vacancy_outcome.size()), nv);
  EXPECT_EQ(r.candidate_edges, cand.edges);

  std::vector<int32_t> load(nv, 0);
  int64_t placed = 0, total_openings = 0;
  double total = 0.0;
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = r.vacancy_of_seeker[s];
    if (v < 0) continue;
    ASSERT_LT(v, nv);
    ASSERT_EQ(r.seeker_outcome[s], SeekerOutcome::kPlaced) << "seeker " << s;
    ASSERT_TRUE(scorer.Eligible(s, v));
    ASSERT_EQ(r.score_of_seeker[s], scorer.Score(s, v));
    ASSERT_GE(r.score_of_seeker[s], o.min_score);
    // Allocation runs on the candidate graph only.
    const auto& list = cand.of_seeker[s];
    ASSERT_TRUE(std::any_of(list.begin(), list.end(), [v](const auto& e) { return e.second == v; }))
        << "seeker " << s << " placed at vacancy " << v << " outside its top "
        << o.candidates_per_seeker;
    ++load[v];
    ++placed;
    total += r.score_of_seeker[s];
  }
  for (int64_t v = 0; v < nv; ++v) {
    ASSERT_EQ(load[v], r.filled[v]) << "vacancy " << v;
    ASSERT_LE(r.filled[v], openings[v]);
    total_openings += openings[v];
  }
  EXPECT_EQ(placed, r.placed);
  EXPECT_EQ(total_openings, r.total_openings);
  EXPECT_NEAR(total, r.total_score, 1e-6 * (1.0 + std::abs(total)));

  for (int64_t s = 0; s < ns; ++s) {
    if (r.vacancy_of_seeker[s] >= 0) {
      if (counts) ++counts->seeker[static_cast<int>(SeekerOutcome::kPlaced)];
      continue;
    }
    ASSERT_TRUE(std::isinf(r.score_of_seeker[s]) && r.score_of_seeker[s] < 0);
    const auto& list = cand.of_seeker[s];
    SeekerOutcome want;
    if (list.empty()) {
      want = SeekerOutcome::kNoEligibleVacancy;
    } else if (list.front().first < o.min_score) {  // the best candidate
      want = SeekerOutcome::kBelowMinScore;
    } else {
      want = SeekerOutcome::kOutbid;
      // "Acceptable vacancies went to others": none of them has room left.
      for (const auto& [score, v] : list) {
        if (score >= o.min_score) {
          EXPECT_EQ(r.filled[v], openings[v])
              << "seeker " << s
              << " is unplaced and called outbid, but its acceptable candidate vacancy " << v
              << " (score " << score << ") has " << openings[v] - r.filled[v] << " open place(s)";
        }
      }
    }
    ASSERT_EQ(r.seeker_outcome[s], want)
        << "seeker " << s << ": got " << SeekerOutcomeName(r.seeker_outcome[s]) << ", want "
        << SeekerOutcomeName(want);
    if (counts) ++counts->seeker[static_cast<int>(want)];
  }

  for (int64_t v = 0; v < nv; ++v) {
    const auto& list = cand.of_vacancy[v];
    VacancyOutcome want;
    if (r.filled[v] == openings[v]) {
      want = VacancyOutcome::kFilled;
    } else if (list.empty()) {
      want = VacancyOutcome::kNoCandidates;
    } else if (std::all_of(list.begin(), list.end(),
                           [&](const auto& e) { return e.first < o.min_score; })) {
      want = VacancyOutcome::kBelowMinScore;
    } else {
      want = VacancyOutcome::kCandidatesPlacedElsewhere;
      // "Acceptable candidates were placed elsewhere": none of them is left
      // unplaced while this vacancy has room.
      for (const auto& [score, s] : list) {
        if (score >= o.min_score) {
          EXPECT_GE(r.vacancy_of_seeker[s], 0)
              << "vacancy " << v
              << " has room and is reported candidates_placed_elsewhere, but its acceptable "
              << "candidate seeker " << s << " (score " << score << ") is unplaced";
        }
      }
    }
    ASSERT_EQ(r.vacancy_outcome[v], want)
        << "vacancy " << v << " (openings " << openings[v] << ", filled " << r.filled[v]
        << "): got " << VacancyOutcomeName(r.vacancy_outcome[v]) << ", want "
        << VacancyOutcomeName(want);
    if (counts) ++counts->vacancy[static_cast<int>(want)];
  }

  const auto [households, covered] =
      CountHouseholds(scorer, o.household_group, r.vacancy_of_seeker);
  EXPECT_EQ(r.households, households);
  EXPECT_EQ(r.households_covered, covered);
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
      EXPECT_TRUE(
          FindBlockingEdges(inst->seekers.size(), inst->vacancies.openings(), e, so, m).empty());
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
    // The "without coverage" figures are those of a plain run on the same data.
    AllocationOptions plain_options = o;
    plain_options.household_coverage = false;
    auto plain = Allocate(*scorer, plain_options);
    ASSERT_TRUE(plain.ok()) << plain.status();
    CheckConsistent(*scorer, plain_options, *plain);
    EXPECT_NEAR(r->total_score_without_coverage, plain->total_score,
                1e-9 * (1.0 + plain->total_score));
    EXPECT_EQ(r->households_covered_without_coverage, plain->households_covered);
    EXPECT_EQ(r->households, plain->households);
    EXPECT_GE(r->total_score_without_coverage - r->total_score, -1e-9)
        << "the price is never negative";
    EXPECT_GE(r->households_covered, r->households_covered_without_coverage);
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

// Every reason, for both methods, every objective, with and without a
// minimum score, against the independent recomputation in CheckConsistent.
TEST(AllocationTest, ReasonsMatchAnIndependentRecomputation) {
  OutcomeCounts counts;
  for (uint64_t seed = 1; seed <= 24; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 50, .num_vacancies = 30});
    Policy policy = testing::RandomPolicy(seed, inst->vocab);  // quotas on some seeds
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    const int k = std::vector<int>{1, 2, 5, 30}[seed % 4];
    // A minimum in the middle of the candidate scores, so that both sides of
    // it occur.
    std::vector<float> scores;
    for (const auto& list : BruteForceCandidates(*scorer, k).of_seeker) {
      for (const auto& e : list) scores.push_back(e.first);
    }
    ASSERT_FALSE(scores.empty());
    std::nth_element(scores.begin(), scores.begin() + scores.size() / 2, scores.end());
    const float median = scores[scores.size() / 2];
    struct Config {
      AllocationMethod method;
      AssignmentObjective objective;
      Proposer proposer;
      bool households;
    };
    const Config configs[] = {
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxWeight, Proposer::kRows, false},
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxCardinalityThenWeight,
         Proposer::kRows, false},
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxWeight, Proposer::kRows, true},
        {AllocationMethod::kStable, AssignmentObjective::kMaxWeight, Proposer::kRows, false},
        {AllocationMethod::kStable, AssignmentObjective::kMaxWeight, Proposer::kColumns, false},
    };
    for (const Config& c : configs) {
      for (float min_score : {-std::numeric_limits<float>::infinity(), median}) {
        AllocationOptions o;
        o.method = c.method;
        o.objective = c.objective;
        o.proposer = c.proposer;
        o.household_coverage = c.households;
        o.candidates_per_seeker = k;
        o.min_score = min_score;
        o.num_threads = 1 + static_cast<int>(seed % 2);
        auto r = Allocate(*scorer, o);
        if (c.proposer == Proposer::kColumns && !policy.quotas.empty()) {
          EXPECT_FALSE(r.ok()) << "quotas with vacancies proposing must be refused";
          continue;
        }
        ASSERT_TRUE(r.ok()) << r.status();
        SCOPED_TRACE(::testing::Message()
                     << "seed " << seed << " k " << k << " method " << static_cast<int>(c.method)
                     << " objective " << static_cast<int>(c.objective) << " proposer "
                     << static_cast<int>(c.proposer) << " households " << c.households
                     << " min_score " << min_score);
        CheckConsistent(*scorer, o, *r, &counts);
      }
    }
  }
  // Every reason must have been exercised, or the checks above prove little.
  for (int i = 0; i < 4; ++i) {
    EXPECT_GT(counts.seeker[i], 0) << SeekerOutcomeName(static_cast<SeekerOutcome>(i));
    EXPECT_GT(counts.vacancy[i], 0) << VacancyOutcomeName(static_cast<VacancyOutcome>(i));
  }
}

// A vacancy with no openings is filled, whatever its candidates.
TEST(AllocationTest, VacancyWithoutOpeningsIsFilled) {
  int seen = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto inst = testing::RandomInstance(seed, {.num_seekers = 30, .num_vacancies = 20});
    auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    AllocationOptions o;
    o.candidates_per_seeker = 3;
    auto r = Allocate(*scorer, o);
    ASSERT_TRUE(r.ok()) << r.status();
    for (int64_t v = 0; v < inst->vacancies.size(); ++v) {
      if (inst->vacancies.openings()[v] != 0) continue;
      ++seen;
      EXPECT_EQ(r->filled[v], 0);
      EXPECT_EQ(r->vacancy_outcome[v], VacancyOutcome::kFilled);
    }
  }
  EXPECT_GT(seen, 0);
}

// Reserved places recomputed from the documented rule: a vacancy takes the
// first quota (the policy's, then extra_quotas) whose kinds match it (no
// kinds = every kind) and reserves round(share x openings) places, half
// rounding up, with the share taken as the decimal written. Here shares are
// num/20 and the rounding is done in integers: floor((num*openings + 10)/20).
struct QuotaSpec {
  QuotaRule rule;
  int num;  // share = num / 20
};

QuotaRule MakeQuota(const std::string& name, std::vector<std::string> groups,
                    std::vector<VacancyKind> kinds, int num) {
  QuotaRule q;
  q.name = name;
  q.groups = std::move(groups);
  q.kinds = std::move(kinds);
  q.share = static_cast<float>(num / 20.0);  // as the policy and CLI parsers store "0.35"
  return q;
}

struct ReserveOracle {
  std::vector<int32_t> reserved;  // per vacancy
  std::vector<int> quota;         // per vacancy: index into the list, or -1
  int64_t places = 0;
};

ReserveOracle ExpectedReserves(const Scorer& scorer, const std::vector<QuotaSpec>& quotas) {
  const VacancyTable& vac = scorer.vacancies();
  ReserveOracle o;
  o.reserved.assign(vac.size(), 0);
  o.quota.assign(vac.size(), -1);
  for (int64_t v = 0; v < vac.size(); ++v) {
    const auto kind = static_cast<VacancyKind>(vac.kind()[v]);
    for (size_t i = 0; i < quotas.size(); ++i) {
      const auto& kinds = quotas[i].rule.kinds;
      if (!kinds.empty() && std::count(kinds.begin(), kinds.end(), kind) == 0) continue;
      o.quota[v] = static_cast<int>(i);
      o.reserved[v] = (quotas[i].num * vac.openings()[v] + 10) / 20;
      o.places += o.reserved[v];
      break;
    }
  }
  return o;
}

// Placed seekers in the quota's groups on each reserved vacancy, capped by
// that vacancy's reserved places.
int64_t ExpectedReservedFilled(const Scorer& scorer, const std::vector<QuotaSpec>& quotas,
                               const ReserveOracle& reserves,
                               const std::vector<int64_t>& vacancy_of_seeker) {
  std::vector<int32_t> in_group(scorer.vacancies().size(), 0);
  for (int64_t s = 0; s < scorer.seekers().size(); ++s) {
    const int64_t v = vacancy_of_seeker[s];
    if (v < 0 || reserves.quota[v] < 0) continue;
    bool member = false;
    for (const std::string& g : quotas[reserves.quota[v]].rule.groups) {
      const auto id = scorer.vocabulary().FindGroup(g);
      member |= id && ((scorer.seekers().groups()[s] >> *id) & 1);
    }
    in_group[v] += member;
  }
  int64_t filled = 0;
  for (size_t v = 0; v < in_group.size(); ++v)
    filled += std::min(in_group[v], reserves.reserved[v]);
  return filled;
}

TEST(AllocationTest, ReservedPlacesAreRoundedHalfUpFromTheDecimalShare) {
  auto inst =
      testing::RandomInstance(3, {.num_seekers = 40, .num_vacancies = 60, .max_openings = 12});
  Policy policy = Policy::Default();
  auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  int halves = 0;
  for (int num = 0; num <= 20; ++num) {
    std::vector<QuotaSpec> quotas = {{MakeQuota("all", {"veteran"}, {}, num), num}};
    const ReserveOracle want = ExpectedReserves(*scorer, quotas);
    for (int64_t v = 0; v < inst->vacancies.size(); ++v) {
      halves += (num * inst->vacancies.openings()[v]) % 20 == 10;
    }
    AllocationOptions o;
    o.candidates_per_seeker = 5;
    o.extra_quotas = {quotas[0].rule};
    auto r = Allocate(*scorer, o);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->reserved_places, want.places) << "share " << num << "/20";
  }
  // Hand-checked: 0.5 of 1 opening and 0.7 of 5 openings are exact halves.
  EXPECT_EQ((10 * 1 + 10) / 20, 1);
  EXPECT_EQ((14 * 5 + 10) / 20, 4);
  EXPECT_GT(halves, 20) << "the instance must contain many exact halves";
}

TEST(AllocationTest, FirstMatchingQuotaReservesAndReservedFilledIsCounted) {
  const VacancyKind all_kinds[] = {VacancyKind::kRegular, VacancyKind::kTrainee,
                                   VacancyKind::kPublicWelfare, VacancyKind::kGig};
  int filled_somewhere = 0, later_quota_shadowed = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto inst =
        testing::RandomInstance(seed, {.num_seekers = 60, .num_vacancies = 20, .max_openings = 7});
    const int ngroups = inst->vocab.groups().size();
    std::vector<QuotaSpec> quotas;
    const int nq = uni(1, 4);
    for (int i = 0; i < nq; ++i) {
      std::vector<std::string> groups;
      for (int g = uni(1, 2); g > 0; --g)
        groups.push_back(inst->vocab.groups().Name(uni(0, ngroups - 1)));
      std::vector<VacancyKind> kinds;
      if (uni(0, 9) >= 3) {
        for (VacancyKind kind : all_kinds) {
          if (uni(0, 1)) kinds.push_back(kind);
        }
      }
      const int num = uni(0, 20);
      quotas.push_back(
          {MakeQuota(std::string("q").append(std::to_string(i)), groups, kinds, num), num});
    }
    // The first `in_policy` quotas come from the policy, the rest from
    // extra_quotas: together they are one ordered list.
    const int in_policy = uni(0, nq);
    Policy policy = Policy::Default();
    policy.quotas.clear();
    for (int i = 0; i < in_policy; ++i) policy.quotas.push_back(quotas[i].rule);
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    const ReserveOracle want = ExpectedReserves(*scorer, quotas);
    for (int64_t v = 0; v < inst->vacancies.size(); ++v) {
      // A vacancy that a later quota matches too, but an earlier one took.
      if (want.quota[v] < 0) continue;
      for (int i = want.quota[v] + 1; i < nq; ++i) {
        const auto& kinds = quotas[i].rule.kinds;
        const auto kind = static_cast<VacancyKind>(inst->vacancies.kind()[v]);
        if (kinds.empty() || std::count(kinds.begin(), kinds.end(), kind) > 0) {
          later_quota_shadowed += quotas[i].num != quotas[want.quota[v]].num;
          break;
        }
      }
    }
    for (AllocationMethod m : {AllocationMethod::kOptimal, AllocationMethod::kStable}) {
      for (bool households : {false, true}) {
        if (households && m == AllocationMethod::kStable) continue;
        AllocationOptions o;
        o.method = m;
        o.household_coverage = households;
        o.candidates_per_seeker = 6;
        for (int i = in_policy; i < nq; ++i) o.extra_quotas.push_back(quotas[i].rule);
        auto r = Allocate(*scorer, o);
        ASSERT_TRUE(r.ok()) << r.status();
        SCOPED_TRACE(::testing::Message() << "seed " << seed << " method " << static_cast<int>(m)
                                          << " households " << households);
        CheckConsistent(*scorer, o, *r);
        EXPECT_EQ(r->reserved_places, want.places);
        const int64_t filled = ExpectedReservedFilled(*scorer, quotas, want, r->vacancy_of_seeker);
        EXPECT_EQ(r->reserved_filled, filled);
        filled_somewhere += filled > 0;
        if (m == AllocationMethod::kOptimal && !households) {
          // Reserved places filled come before the score: no allocation on
          // the same candidate graph fills more, in particular not the one
          // that ignores the quotas.
          Policy plain_policy = policy;
          plain_policy.quotas.clear();
          auto plain_scorer =
              Scorer::Create(plain_policy, inst->vocab, inst->seekers, inst->vacancies);
          ASSERT_TRUE(plain_scorer.ok());
          AllocationOptions po = o;
          po.extra_quotas.clear();
          auto plain = Allocate(*plain_scorer, po);
          ASSERT_TRUE(plain.ok());
          EXPECT_EQ(plain->reserved_places, 0);
          EXPECT_GE(r->reserved_filled,
                    ExpectedReservedFilled(*scorer, quotas, want, plain->vacancy_of_seeker));
          EXPECT_LE(r->total_score, plain->total_score + 1e-4);
        }
      }
    }
  }
  EXPECT_GT(filled_somewhere, 10);
  EXPECT_GT(later_quota_shadowed, 0) << "precedence must be exercised";
}

TEST(AllocationTest, ExtraQuotasComeAfterThePolicysQuotas) {
  auto inst =
      testing::RandomInstance(5, {.num_seekers = 40, .num_vacancies = 30, .max_openings = 6});
  Policy policy = Policy::Default();
  policy.quotas = {MakeQuota("policy_all", {"veteran"}, {}, 5)};  // 0.25 of every vacancy
  auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  AllocationOptions o;
  o.candidates_per_seeker = 4;
  auto base = Allocate(*scorer, o);
  ASSERT_TRUE(base.ok());
  // A catch-all extra quota never applies: the policy's quota matches first.
  o.extra_quotas = {MakeQuota("extra_all", {"graduate_youth"}, {}, 20)};
  auto with_extra = Allocate(*scorer, o);
  ASSERT_TRUE(with_extra.ok());
  int64_t want = 0;
  for (int32_t n : inst->vacancies.openings()) want += (5 * n + 10) / 20;
  EXPECT_EQ(base->reserved_places, want);
  EXPECT_EQ(with_extra->reserved_places, want);
  EXPECT_EQ(with_extra->vacancy_of_seeker, base->vacancy_of_seeker);
}

// Issue: a vacancy without openings took the only candidate slot of a
// seeker (k = 1), who was then left unplaced and called outbid although
// nobody took any place. Vacancies without openings are not candidates.
TEST(AllocationTest, VacancyWithoutOpeningsIsNotACandidate) {
  Vocabulary vocab;
  vocab.AddSkill("welding");
  vocab.AddIndustry("manufacturing");
  Seeker s;
  s.id = "s0";
  s.lat = 36.0;
  s.lon = 120.0;
  s.max_commute_km = 20.0f;
  Vacancy v0;
  v0.id = "v0";
  v0.lat = 36.0;
  v0.lon = 120.0;
  v0.openings = 0;
  v0.wage_min = v0.wage_max = 5000.0f;
  Vacancy v1 = v0;
  v1.id = "v1";
  v1.lat = 36.05;
  v1.openings = 1;
  // A second seeker whose only eligible vacancy has no openings (v2 is out of
  // everyone's reach but s1's).
  Seeker s1 = s;
  s1.id = "s1";
  s1.lat = 37.0;
  s1.max_commute_km = 5.0f;
  Vacancy v2 = v0;
  v2.id = "v2";
  v2.lat = 37.0;
  SeekerTable seekers;
  VacancyTable vacancies;
  ASSERT_TRUE(seekers.Append({s, s1}, vocab).ok());
  ASSERT_TRUE(vacancies.Append({v0, v1, v2}, vocab).ok());
  auto scorer = Scorer::Create(Policy::Default(), vocab, seekers, vacancies);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  ASSERT_TRUE(scorer->Eligible(0, 0) && scorer->Eligible(0, 1));
  ASSERT_GT(scorer->Score(0, 0), scorer->Score(0, 1))
      << "v0 (closer) would be s0's first candidate";
  ASSERT_TRUE(scorer->Eligible(1, 2) && !scorer->Eligible(1, 0) && !scorer->Eligible(1, 1));
  for (AllocationMethod m : {AllocationMethod::kOptimal, AllocationMethod::kStable}) {
    AllocationOptions o;
    o.method = m;
    o.candidates_per_seeker = 1;
    auto r = Allocate(*scorer, o);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->vacancy_of_seeker[0], 1) << "s0 is placed at v1";
    EXPECT_EQ(r->seeker_outcome[0], SeekerOutcome::kPlaced);
    EXPECT_EQ(r->seeker_outcome[1], SeekerOutcome::kNoEligibleVacancy)
        << "no eligible vacancy with an opening";
    EXPECT_EQ(r->vacancy_outcome[0], VacancyOutcome::kFilled);
    EXPECT_EQ(r->vacancy_outcome[1], VacancyOutcome::kFilled);
    EXPECT_EQ(r->vacancy_outcome[2], VacancyOutcome::kFilled);
    EXPECT_EQ(r->candidate_edges, 1);
    CheckConsistent(*scorer, o, *r);
  }
}

// Issue: with the score objective an eligible pair scoring exactly 0 could be
// left out while its vacancy had room (placing it changes nothing in the
// total), and the seeker was called outbid. Scores here are 0 or 1 (only the
// preferred-industry component counts, 0 for seekers without preferences),
// and every reason is recomputed independently (CheckConsistent: outbid
// means every acceptable candidate vacancy is full).
TEST(AllocationTest, ZeroScoresAreNotOutbid) {
  OutcomeCounts counts;
  int zero_placed = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    auto inst =
        testing::RandomInstance(seed, {.num_seekers = 50, .num_vacancies = 20, .max_openings = 5});
    Policy policy = Policy::Default();
    policy.weights.fill(0.0f);
    policy.weights[static_cast<int>(Component::kPreference)] = 1.0f;
    policy.neutral_preference = 0.0f;
    if (seed % 2 == 0) policy.rules.clear();  // no boosts: most scores are exactly 0
    policy.quotas.clear();
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    for (AssignmentObjective obj :
         {AssignmentObjective::kMaxWeight, AssignmentObjective::kMaxCardinalityThenWeight}) {
      for (bool households : {false, true}) {
        AllocationOptions o;
        o.objective = obj;
        o.household_coverage = households;
        o.candidates_per_seeker = 1 + static_cast<int>(seed % 4);
        if (seed % 5 == 0) o.extra_quotas = {MakeQuota("q", {"veteran"}, {}, 10)};
        auto r = Allocate(*scorer, o);
        ASSERT_TRUE(r.ok()) << r.status();
        SCOPED_TRACE(::testing::Message() << "seed " << seed << " objective "
                                          << static_cast<int>(obj) << " households " << households);
        CheckConsistent(*scorer, o, *r, &counts);
        for (int64_t sk = 0; sk < inst->seekers.size(); ++sk)
          zero_placed += r->score_of_seeker[sk] == 0.0f;
      }
    }
  }
  EXPECT_GT(zero_placed, 100) << "many placements must score exactly 0";
  EXPECT_GT(counts.seeker[static_cast<int>(SeekerOutcome::kOutbid)], 10);
}

// Seekers and vacancies in `clusters` towns 55 km apart, commutes below
// 20 km and no remote work: the candidate graph falls apart into (at least)
// one region per town. Households pair seekers 2i and 2i + 1: in the same
// town, or (span_towns) in neighbouring towns, which ties their regions.
std::unique_ptr<testing::Instance> Towns(uint64_t seed, int clusters, bool span_towns, int seekers,
                                         int vacancies) {
  auto inst = testing::RandomInstance(
      seed, {.num_seekers = seekers, .num_vacancies = vacancies, .max_openings = 3});
  for (size_t i = 0; i < inst->seeker_rows.size(); ++i) {
    Seeker& sk = inst->seeker_rows[i];
    const int town = static_cast<int>((span_towns ? i : i / 2) % clusters);
    sk.lat += 0.5 * town;
    sk.accepts_remote = false;
    if (sk.max_commute_km == 0.0f || sk.max_commute_km > 20.0f) sk.max_commute_km = 15.0f;
  }
  for (size_t j = 0; j < inst->vacancy_rows.size(); ++j) {
    inst->vacancy_rows[j].lat += 0.5 * static_cast<double>(j % clusters);
    inst->vacancy_rows[j].remote = false;
  }
  inst->seekers = SeekerTable();
  inst->vacancies = VacancyTable();
  EXPECT_TRUE(inst->seekers.Append(inst->seeker_rows, inst->vocab).ok());
  EXPECT_TRUE(inst->vacancies.Append(inst->vacancy_rows, inst->vocab).ok());
  return inst;
}

// Regions of the candidate graph (union-find written here, independently of
// lib/graph_components.cc).
int CountRegions(const Candidates& cand, int64_t nv) {
  const int64_t ns = static_cast<int64_t>(cand.of_seeker.size());
  std::vector<int64_t> parent(ns + nv);
  for (int64_t x = 0; x < ns + nv; ++x) parent[x] = x;
  std::function<int64_t(int64_t)> find = [&](int64_t x) {
    return parent[x] == x ? x : parent[x] = find(parent[x]);
  };
  for (int64_t s = 0; s < ns; ++s) {
    for (const auto& [score, v] : cand.of_seeker[s]) parent[find(s)] = find(ns + v);
  }
  int regions = 0;
  for (int64_t s = 0; s < ns; ++s) regions += !cand.of_seeker[s].empty() && find(s) == s;
  for (int64_t v = 0; v < nv; ++v) regions += !cand.of_vacancy[v].empty() && find(ns + v) == ns + v;
  return regions;
}

void ExpectSameAllocation(const AllocationResult& a, const AllocationResult& b) {
  EXPECT_EQ(a.vacancy_of_seeker, b.vacancy_of_seeker);
  EXPECT_EQ(a.score_of_seeker, b.score_of_seeker);
  EXPECT_EQ(a.seeker_outcome, b.seeker_outcome);
  EXPECT_EQ(a.filled, b.filled);
  EXPECT_EQ(a.vacancy_outcome, b.vacancy_outcome);
  EXPECT_EQ(a.placed, b.placed);
  EXPECT_EQ(a.total_openings, b.total_openings);
  EXPECT_EQ(a.total_score, b.total_score);
  EXPECT_EQ(a.candidate_edges, b.candidate_edges);
  EXPECT_EQ(a.households, b.households);
  EXPECT_EQ(a.households_covered, b.households_covered);
  EXPECT_EQ(a.total_score_without_coverage, b.total_score_without_coverage);
  EXPECT_EQ(a.households_covered_without_coverage, b.households_covered_without_coverage);
  EXPECT_EQ(a.reserved_places, b.reserved_places);
  EXPECT_EQ(a.reserved_filled, b.reserved_filled);
}

// Independent regions: the allocation solved region by region, on 1-3
// threads, equals the single solve over the whole candidate graph, seeker for
// seeker, with every reason and figure; for both objectives, household
// coverage (households inside a town or spanning two) and quotas, on
// tie-heavy instances (coarse locations, few distinct wages and levels). The
// stable method matches the whole graph either way (the option must not
// change it); its split is tested on SolveStableMatching in
// components_test.cc.
TEST(AllocationTest, SplitRegionsEqualTheSingleSolve) {
  int runs = 0, many_regions = 0;
  const int instances = testing::RandomCases(40, 12);
  for (uint64_t seed = 1; seed <= static_cast<uint64_t>(instances); ++seed) {
    const int towns = 3 + static_cast<int>(seed % 6);
    const bool span = seed % 4 == 0;
    auto inst = Towns(seed, towns, span, 90, 45);
    Policy policy = testing::RandomPolicy(seed, inst->vocab);
    policy.eligibility.enforce_max_commute = true;
    policy.default_max_commute_km = 15.0f;
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    const int k = 2 + static_cast<int>(seed % 5);
    many_regions += CountRegions(BruteForceCandidates(*scorer, k), inst->vacancies.size()) >= towns;
    struct Config {
      AllocationMethod method;
      AssignmentObjective objective;
      Proposer proposer;
      bool households;
      bool quota;
    };
    const Config configs[] = {
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxWeight, Proposer::kRows, false,
         false},
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxCardinalityThenWeight,
         Proposer::kRows, false, false},
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxWeight, Proposer::kRows, true, false},
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxCardinalityThenWeight,
         Proposer::kRows, true, true},
        {AllocationMethod::kOptimal, AssignmentObjective::kMaxWeight, Proposer::kRows, false, true},
        {AllocationMethod::kStable, AssignmentObjective::kMaxWeight, Proposer::kRows, false, false},
        {AllocationMethod::kStable, AssignmentObjective::kMaxWeight, Proposer::kColumns, false,
         false},
        {AllocationMethod::kStable, AssignmentObjective::kMaxWeight, Proposer::kRows, false, true},
    };
    for (const Config& c : configs) {
      if (c.proposer == Proposer::kColumns && !policy.quotas.empty()) continue;
      AllocationOptions o;
      o.method = c.method;
      o.objective = c.objective;
      o.proposer = c.proposer;
      o.household_coverage = c.households;
      o.candidates_per_seeker = k;
      if (seed % 3 == 0) o.min_score = 0.3f;
      if (c.quota) o.extra_quotas = {MakeQuota("q", {"veteran", "graduate_youth"}, {}, 10)};
      o.split_components = false;
      o.num_threads = 1;
      auto single = Allocate(*scorer, o);
      ASSERT_TRUE(single.ok()) << single.status();
      SCOPED_TRACE(::testing::Message()
                   << "seed " << seed << " towns " << towns << " span " << span << " method "
                   << static_cast<int>(c.method) << " objective " << static_cast<int>(c.objective)
                   << " proposer " << static_cast<int>(c.proposer) << " households " << c.households
                   << " quota " << c.quota);
      CheckConsistent(*scorer, o, *single);
      for (int threads : {1, 2, 3}) {
        AllocationOptions so = o;
        so.split_components = true;
        so.num_threads = threads;
        auto split = Allocate(*scorer, so);
        ASSERT_TRUE(split.ok()) << split.status();
        ExpectSameAllocation(*split, *single);
        ++runs;
      }
    }
  }
  EXPECT_GT(runs, instances * 20);
  EXPECT_GT(many_regions, instances * 3 / 4) << "the instances must fall apart into regions";
}

// Allocation in steps, as jobmatch.distributed runs it: the candidate lists
// (checked against this file's own top-k), PrepareAllocation, each optimal
// solve planned and its parts solved apart in reverse order, then
// FinishAssignment and FinishAllocation: Allocate's result, figure for
// figure; the stable method through SolveStableMatching likewise.
TEST(AllocationTest, StepsWithPartsSolvedApartEqualAllocate) {
  int runs = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    auto inst = Towns(seed, 3 + static_cast<int>(seed % 5), seed % 3 == 0, 80, 40);
    Policy policy = testing::RandomPolicy(seed, inst->vocab);
    policy.eligibility.enforce_max_commute = true;
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    for (int c = 0; c < 4; ++c) {
      AllocationOptions o;
      o.candidates_per_seeker = 2 + static_cast<int>((seed + c) % 4);
      o.method = c == 3 ? AllocationMethod::kStable : AllocationMethod::kOptimal;
      o.household_coverage = c == 1 || c == 2;
      if (c == 2) o.extra_quotas = {MakeQuota("q", {"veteran", "graduate_youth"}, {}, 10)};
      if (c == 2) o.objective = AssignmentObjective::kMaxCardinalityThenWeight;
      o.num_threads = 1;
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " config " << c);
      auto whole = Allocate(*scorer, o);
      ASSERT_TRUE(whole.ok()) << whole.status();
      auto cand = AllocationCandidates(*scorer, o);
      ASSERT_TRUE(cand.ok()) << cand.status();
      const EdgeList mine = CandidateGraph(*scorer, o.candidates_per_seeker);
      EXPECT_EQ(cand->row, mine.row);
      EXPECT_EQ(cand->col, mine.col);
      EXPECT_EQ(cand->weight, mine.weight);
      auto prob = PrepareAllocation(*scorer, o, *std::move(cand));
      ASSERT_TRUE(prob.ok()) << prob.status();
      const int64_t ns = scorer->seekers().size();
      const auto& capacity = scorer->vacancies().openings();
      auto solve_apart = [&](const AssignmentOptions& ao) -> Assignment {
        auto plan = PlanAssignment(ns, capacity, prob->candidates, ao, 3);
        EXPECT_TRUE(plan.ok()) << plan.status();
        std::vector<std::vector<int64_t>> answers(plan->parts.size());
        for (size_t k = plan->parts.size(); k-- > 0;) {
          answers[k] = *SolveAssignmentPart(plan->schedule, plan->parts[k]);
        }
        auto a = FinishAssignment(ns, capacity, prob->candidates, ao, *plan, answers);
        EXPECT_TRUE(a.ok()) << a.status();
        return *std::move(a);
      };
      absl::StatusOr<AllocationResult> steps;
      if (o.method == AllocationMethod::kStable) {
        auto a = SolveStableMatching(ns, capacity, prob->candidates, prob->stable);
        ASSERT_TRUE(a.ok()) << a.status();
        steps = FinishAllocation(*scorer, o, *prob, *a, nullptr);
      } else {
        const Assignment a = solve_apart(prob->assignment);
        if (o.household_coverage) {
          const Assignment free = solve_apart(prob->without_coverage);
          steps = FinishAllocation(*scorer, o, *prob, a, &free);
        } else {
          steps = FinishAllocation(*scorer, o, *prob, a, nullptr);
        }
      }
      ASSERT_TRUE(steps.ok()) << steps.status();
      ExpectSameAllocation(*steps, *whole);
      ++runs;
    }
  }
  EXPECT_EQ(runs, 120);
}

// Candidate lists from elsewhere are checked: out of range, not grouped by
// seeker, not finite, ragged.
TEST(AllocationTest, BadCandidateListsAreRefused) {
  auto inst = Towns(7, 3, false, 30, 15);
  Policy policy = Policy::Default();
  auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  AllocationOptions o;
  auto good = AllocationCandidates(*scorer, o);
  ASSERT_TRUE(good.ok());
  ASSERT_GT(good->size(), 3);
  std::mt19937_64 rng(11);
  for (int t = 0; t < 200; ++t) {
    EdgeList e = *good;
    const size_t i = 1 + rng() % (e.row.size() - 1);
    switch (t % 6) {
      case 0:
        e.row[i] = scorer->seekers().size() + static_cast<int64_t>(rng() % 5);
        break;
      case 1:
        e.col[i] = -1 - static_cast<int64_t>(rng() % 5);
        break;
      case 2:
        e.weight[i] = t % 12 == 2 ? std::nanf("") : std::numeric_limits<float>::infinity();
        break;
      case 3:
        e.col[i] = scorer->vacancies().size();
        break;
      case 4:
        std::swap(e.row[0], e.row.back());
        break;
      default:
        e.weight.pop_back();
        break;
    }
    if (t % 6 == 4 && e.row[0] == e.row.back()) continue;
    auto p = PrepareAllocation(*scorer, o, std::move(e));
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << "case " << t % 6;
  }
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
