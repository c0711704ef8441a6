// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The equal-employment audit against an oracle written from the definitions
// (docs/analytics.md): eligibility and best base scores by scoring every
// (seeker, open vacancy) pair with Scorer::Score / Explain, each open
// vacancy's seeker list by sorting all its eligible seekers, quintiles by
// counting, and every cell summed over the seekers. Random instances (ties
// frequent), the suppression boundaries (9/10/11 seekers), groups with
// nobody, everybody in one group, and the refusals of bad input.
#include "jobmatch/analytics/audit.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/matching/allocation.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using testing::InstanceOptions;
using testing::RandomInstance;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Fact {
  bool eligible = false, listed = false, placed = false, placed_off = false;
  int stratum = 0;
  double exposure = 0.0, score = 0.0, base = 0.0, base_off = 0.0;
};

struct Cell {
  std::string name;
  std::vector<int64_t> members;  // seeker rows
};

AuditRow OracleRow(const std::string& name, int stratum, const std::vector<Fact>& f,
                   const std::vector<int64_t>& members) {
  AuditRow r;
  r.group = name;
  r.stratum = stratum;
  const double n = static_cast<double>(members.size());
  r.seekers = static_cast<int64_t>(members.size());
  int64_t el = 0, li = 0;
  double ex = 0.0, sc = 0.0, ba = 0.0, bo = 0.0;
  r.placements = r.placements_no_priority = 0;
  for (int64_t s : members) {
    el += f[s].eligible;
    li += f[s].listed;
    ex += f[s].exposure;
    if (f[s].placed) {
      ++r.placements;
      sc += f[s].score;
      ba += f[s].base;
    }
    if (f[s].placed_off) {
      ++r.placements_no_priority;
      bo += f[s].base_off;
    }
  }
  const bool any = !members.empty();
  r.eligible_share = any ? el / n : kNaN;
  r.listed_share = any ? li / n : kNaN;
  r.exposure = any ? ex / n : kNaN;
  r.placement_rate = any ? r.placements / n : kNaN;
  r.mean_score_placed = r.placements > 0 ? sc / r.placements : kNaN;
  r.base_score_total = ba;
  r.placement_rate_no_priority = any ? r.placements_no_priority / n : kNaN;
  r.base_score_total_no_priority = bo;
  return r;
}

void OracleSuppress(AuditRow& r) {
  r.suppressed = true;
  r.seekers = r.placements = r.placements_no_priority = -1;
  r.eligible_share = r.listed_share = r.exposure = r.placement_rate = r.mean_score_placed =
      r.base_score_total = r.placement_rate_no_priority = r.base_score_total_no_priority = kNaN;
}

void OracleImpact(AuditRow& r, const AuditRow& none) {
  auto ratio = [](double a, double b) {
    return (std::isnan(a) || std::isnan(b) || b == 0.0) ? kNaN : a / b;
  };
  auto flag = [](double x) { return std::isnan(x) ? -1 : (x < 0.8 ? 1 : 0); };
  r.impact_ratio = ratio(r.placement_rate, none.placement_rate);
  r.four_fifths_flag = flag(r.impact_ratio);
  r.impact_ratio_no_priority = ratio(r.placement_rate_no_priority, none.placement_rate_no_priority);
  r.four_fifths_flag_no_priority = flag(r.impact_ratio_no_priority);
}

// The whole audit recomputed by brute force. `on` are the priority-on
// placements; the priority-off ones are allocated here under a policy built
// by hand (no rules, no boost).
AuditTable OracleAudit(const Scorer& scorer, int k, int min_cell, const AllocationOptions& ao,
                       const std::vector<int64_t>& on) {
  const SeekerTable& S = scorer.seekers();
  const VacancyTable& V = scorer.vacancies();
  const int64_t ns = S.size(), nv = V.size();
  Policy off_policy = scorer.policy();
  off_policy.rules = {};
  off_policy.max_total_boost = 0.0f;
  auto off = Scorer::Create(off_policy, scorer.vocabulary(), S, V);
  EXPECT_TRUE(off.ok()) << off.status();
  std::vector<Fact> f(ns);
  std::vector<float> best(ns, -std::numeric_limits<float>::infinity());
  for (int64_t s = 0; s < ns; ++s) {
    for (int64_t v = 0; v < nv; ++v) {
      if (V.openings()[v] <= 0) continue;
      const Explanation e = scorer.Explain(s, v);
      if (!e.eligible) continue;
      f[s].eligible = true;
      best[s] = std::max(best[s], e.base);
    }
  }
  int64_t n_el = 0;
  for (int64_t s = 0; s < ns; ++s) n_el += f[s].eligible;
  for (int64_t s = 0; s < ns; ++s) {
    if (!f[s].eligible) continue;
    int64_t below = 0;
    for (int64_t t = 0; t < ns; ++t) below += f[t].eligible && best[t] < best[s];
    f[s].stratum = 1 + static_cast<int>(5 * below / n_el);
  }
  for (int64_t v = 0; v < nv; ++v) {
    if (V.openings()[v] <= 0) continue;
    std::vector<std::pair<float, int64_t>> list;
    for (int64_t s = 0; s < ns; ++s) {
      const float x = scorer.Score(s, v);
      if (std::isfinite(x)) list.push_back({-x, s});
    }
    std::sort(list.begin(), list.end());
    for (size_t j = 0; j < list.size() && j < static_cast<size_t>(k); ++j) {
      f[list[j].second].listed = true;
      f[list[j].second].exposure += 1.0 / std::log2(2.0 + static_cast<double>(j));
    }
  }
  for (int64_t s = 0; s < ns; ++s) {
    if (on[s] < 0) continue;
    f[s].placed = true;
    f[s].score = scorer.Score(s, on[s]);
    f[s].base = scorer.Explain(s, on[s]).base;
  }
  auto r_off = Allocate(*off, ao);
  EXPECT_TRUE(r_off.ok()) << r_off.status();
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = r_off->vacancy_of_seeker[s];
    if (v < 0) continue;
    f[s].placed_off = true;
    f[s].base_off = scorer.Explain(s, v).base;
  }

  const Vocabulary& vocab = scorer.vocabulary();
  const int ng = vocab.groups().size();
  auto in = [&](int64_t s, int g) { return (S.groups()[s] >> g) & 1; };
  std::vector<Cell> cells;
  for (int g = 0; g < ng; ++g) {
    Cell c{vocab.groups().Name(g), {}};
    for (int64_t s = 0; s < ns; ++s)
      if (in(s, g)) c.members.push_back(s);
    cells.push_back(c);
  }
  const size_t none = cells.size();
  {
    Cell c{"none", {}};
    for (int64_t s = 0; s < ns; ++s)
      if (S.groups()[s] == 0) c.members.push_back(s);
    cells.push_back(c);
  }
  for (int a = 0; a < ng; ++a) {
    for (int b = a + 1; b < ng; ++b) {
      Cell c{vocab.groups().Name(a) + "&" + vocab.groups().Name(b), {}};
      for (int64_t s = 0; s < ns; ++s)
        if (in(s, a) && in(s, b)) c.members.push_back(s);
      cells.push_back(c);
    }
  }
  {
    Cell c{"all", {}};
    for (int64_t s = 0; s < ns; ++s) c.members.push_back(s);
    cells.push_back(c);
  }
  AuditTable t;
  t.k = k;
  t.min_cell_seekers = min_cell;
  for (const Cell& c : cells) {
    t.groups.push_back(OracleRow(c.name, -1, f, c.members));
    if (static_cast<int>(c.members.size()) < min_cell) OracleSuppress(t.groups.back());
  }
  for (AuditRow& r : t.groups) OracleImpact(r, t.groups[none]);
  for (const Cell& c : cells) {
    std::vector<std::vector<int64_t>> parts(6);
    for (int64_t s : c.members) parts[f[s].stratum].push_back(s);
    std::vector<bool> hide(6);
    int64_t hidden = 0;
    for (int st = 0; st < 6; ++st) {
      hide[st] = static_cast<int>(parts[st].size()) < min_cell;
      if (hide[st]) hidden += static_cast<int64_t>(parts[st].size());
    }
    while (hidden > 0 && hidden < min_cell) {  // smallest shown stratum, lowest first
      int pick = -1;
      for (int st = 0; st < 6; ++st)
        if (!hide[st] && (pick < 0 || parts[st].size() < parts[pick].size())) pick = st;
      if (pick < 0) break;
      hide[pick] = true;
      hidden += static_cast<int64_t>(parts[pick].size());
    }
    EXPECT_TRUE(hidden == 0 || hidden >= min_cell ||
                hidden == static_cast<int64_t>(c.members.size()));
    for (int st = 0; st < 6; ++st) {
      t.strata.push_back(OracleRow(c.name, st, f, parts[st]));
      if (hide[st]) OracleSuppress(t.strata.back());
    }
  }
  for (size_t c = 0; c < cells.size(); ++c)
    for (int st = 0; st < 6; ++st) OracleImpact(t.strata[c * 6 + st], t.strata[none * 6 + st]);
  return t;
}

void ExpectSame(double want, double got, const std::string& what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what << ": got " << got;
  } else {
    EXPECT_NEAR(want, got, 1e-9 * std::max(1.0, std::abs(want))) << what;
  }
}

void ExpectSameRows(const std::vector<AuditRow>& want, const std::vector<AuditRow>& got,
                    const std::string& where) {
  ASSERT_EQ(want.size(), got.size()) << where;
  for (size_t i = 0; i < want.size(); ++i) {
    const AuditRow& a = want[i];
    const AuditRow& b = got[i];
    const std::string w = absl::StrCat(where, " row ", i, " ", a.group, " stratum ", a.stratum);
    EXPECT_EQ(a.group, b.group) << w;
    EXPECT_EQ(a.stratum, b.stratum) << w;
    EXPECT_EQ(a.suppressed, b.suppressed) << w;
    EXPECT_EQ(a.seekers, b.seekers) << w;
    EXPECT_EQ(a.placements, b.placements) << w;
    EXPECT_EQ(a.placements_no_priority, b.placements_no_priority) << w;
    EXPECT_EQ(a.four_fifths_flag, b.four_fifths_flag) << w;
    EXPECT_EQ(a.four_fifths_flag_no_priority, b.four_fifths_flag_no_priority) << w;
    ExpectSame(a.eligible_share, b.eligible_share, w + " eligible_share");
    ExpectSame(a.listed_share, b.listed_share, w + " listed_share");
    ExpectSame(a.exposure, b.exposure, w + " exposure");
    ExpectSame(a.placement_rate, b.placement_rate, w + " placement_rate");
    ExpectSame(a.mean_score_placed, b.mean_score_placed, w + " mean_score_placed");
    ExpectSame(a.base_score_total, b.base_score_total, w + " base_score_total");
    ExpectSame(a.impact_ratio, b.impact_ratio, w + " impact_ratio");
    ExpectSame(a.placement_rate_no_priority, b.placement_rate_no_priority, w + " rate_np");
    ExpectSame(a.base_score_total_no_priority, b.base_score_total_no_priority, w + " base_np");
    ExpectSame(a.impact_ratio_no_priority, b.impact_ratio_no_priority, w + " impact_np");
  }
}

TEST(AuditTest, EqualsBruteForceOnRandomInstances) {
  int checked = 0, with_suppressed = 0, with_flag = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    InstanceOptions io;
    io.num_seekers = uni(0, 9) == 0 ? uni(0, 3) : uni(20, 90);
    io.num_vacancies = uni(0, 9) == 0 ? uni(0, 2) : uni(5, 40);
    io.coarse = seed % 3 != 0;
    io.max_openings = uni(1, 4);
    auto inst = RandomInstance(seed, io);
    Policy policy = testing::RandomPolicy(seed, inst->vocab);
    policy.audit.min_cell_seekers = std::vector<int>{1, 3, 10}[seed % 3];
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    AuditOptions o;
    o.k = uni(1, 6);
    o.allocation.method = seed % 4 == 0 ? AllocationMethod::kStable : AllocationMethod::kOptimal;
    o.allocation.candidates_per_seeker = uni(1, 8);
    o.num_threads = 1 + static_cast<int>(seed % 2);
    o.exhaustive = seed % 5 == 0;
    std::vector<int64_t> on;
    if (seed % 2 == 0) {  // a given allocation (another method than the audit's)
      AllocationOptions g;
      g.method = AllocationMethod::kStable;
      auto r = Allocate(*scorer, g);
      ASSERT_TRUE(r.ok()) << r.status();
      on = r->vacancy_of_seeker;
      o.vacancy_of_seeker = on;
    } else {
      AllocationOptions g = o.allocation;
      auto r = Allocate(*scorer, g);
      ASSERT_TRUE(r.ok()) << r.status();
      on = r->vacancy_of_seeker;
    }
    auto got = Audit(*scorer, o);
    ASSERT_TRUE(got.ok()) << got.status();
    const AuditTable want =
        OracleAudit(*scorer, o.k, policy.audit.min_cell_seekers, o.allocation, on);
    const std::string where = absl::StrCat("seed ", seed);
    EXPECT_EQ(got->allocated, seed % 2 != 0) << where;
    EXPECT_EQ(got->min_cell_seekers, policy.audit.min_cell_seekers) << where;
    ExpectSameRows(want.groups, got->groups, where + " groups");
    ExpectSameRows(want.strata, got->strata, where + " strata");
    for (const AuditRow& r : got->groups) {
      with_suppressed += r.suppressed;
      with_flag += r.four_fifths_flag == 1;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 60);
  // The instances exercise both suppression and the four-fifths flag.
  EXPECT_GT(with_suppressed, 0);
  EXPECT_GT(with_flag, 0);
}

// An instance whose seekers 0..members-1 are veterans only and the rest in
// no group.
std::unique_ptr<testing::Instance> VeteranInstance(int seekers, int members) {
  InstanceOptions io;
  io.num_seekers = seekers;
  io.num_vacancies = 25;
  auto inst = RandomInstance(42, io);
  const int32_t veteran = *inst->vocab.FindGroup("veteran");
  for (int i = 0; i < seekers; ++i) {
    inst->seeker_rows[i].groups = i < members ? GroupMask{1} << veteran : 0;
  }
  inst->seekers = SeekerTable();
  EXPECT_TRUE(inst->seekers.Append(inst->seeker_rows, inst->vocab).ok());
  return inst;
}

const AuditRow& Row(const AuditTable& t, const std::string& group) {
  for (const AuditRow& r : t.groups)
    if (r.group == group) return r;
  ADD_FAILURE() << "no row " << group;
  return t.groups.front();
}

TEST(AuditTest, SuppressionBoundary) {
  for (int members : {9, 10, 11}) {
    auto inst = VeteranInstance(60, members);
    auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    auto t = Audit(*scorer, AuditOptions{});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->min_cell_seekers, 10);
    const AuditRow& v = Row(*t, "veteran");
    EXPECT_EQ(v.suppressed, members < 10) << members;
    EXPECT_EQ(v.seekers, members < 10 ? -1 : members) << members;
    EXPECT_EQ(std::isnan(v.placement_rate), members < 10) << members;
    EXPECT_EQ(std::isnan(v.impact_ratio), members < 10 || Row(*t, "none").placement_rate == 0)
        << members;
    EXPECT_EQ(Row(*t, "none").seekers, 60 - members);
    EXPECT_EQ(Row(*t, "all").seekers, 60);
    // Nobody in the other groups: suppressed, size withheld.
    const AuditRow& d = Row(*t, "disabled");
    EXPECT_TRUE(d.suppressed);
    EXPECT_EQ(d.seekers, -1);
    EXPECT_EQ(d.four_fifths_flag, -1);
    EXPECT_TRUE(Row(*t, "graduate_youth&veteran").suppressed);
    // The same with a lower threshold from the options.
    AuditOptions o;
    o.min_cell_seekers = 9;
    auto t9 = Audit(*scorer, o);
    ASSERT_TRUE(t9.ok());
    EXPECT_EQ(Row(*t9, "veteran").seekers, members);
    // Strata: the suppressed strata of a cell hold 0 or >= 10 seekers.
    for (size_t c = 0; c < t->groups.size(); ++c) {
      if (t->groups[c].suppressed) continue;
      int64_t shown = 0;
      for (int st = 0; st <= kAuditStrata; ++st) {
        const AuditRow& r = t->strata[c * (kAuditStrata + 1) + st];
        if (!r.suppressed) shown += r.seekers;
      }
      const int64_t hidden = t->groups[c].seekers - shown;
      EXPECT_TRUE(hidden == 0 || hidden >= 10) << t->groups[c].group << " hidden " << hidden;
    }
  }
}

TEST(AuditTest, EverybodyInOneGroup) {
  auto inst = VeteranInstance(30, 30);
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  auto t = Audit(*scorer, AuditOptions{});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Row(*t, "veteran").seekers, 30);
  EXPECT_TRUE(Row(*t, "none").suppressed);
  // No reference group: no impact ratio, no flag.
  for (const AuditRow& r : t->groups) {
    EXPECT_TRUE(std::isnan(r.impact_ratio)) << r.group;
    EXPECT_EQ(r.four_fifths_flag, -1) << r.group;
    EXPECT_EQ(r.four_fifths_flag_no_priority, -1) << r.group;
  }
  EXPECT_FALSE(std::isnan(Row(*t, "veteran").placement_rate));
}

TEST(AuditTest, NoSeekersOrNoVacancies) {
  for (auto [ns, nv] : {std::pair{0, 10}, std::pair{20, 0}}) {
    InstanceOptions io;
    io.num_seekers = ns;
    io.num_vacancies = nv;
    auto inst = RandomInstance(7, io);
    auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    AuditOptions o;
    o.min_cell_seekers = 1;
    auto t = Audit(*scorer, o);
    ASSERT_TRUE(t.ok()) << t.status();
    const AuditRow& all = Row(*t, "all");
    EXPECT_EQ(all.suppressed, ns == 0);
    if (ns > 0) {
      EXPECT_EQ(all.seekers, ns);
      EXPECT_EQ(all.eligible_share, 0.0);
      EXPECT_EQ(all.placements, 0);
      EXPECT_TRUE(std::isnan(all.mean_score_placed));
      // Everybody is in stratum 0 (no eligible open vacancy).
      EXPECT_EQ(t->strata[(t->groups.size() - 1) * 6].seekers, ns);
    }
  }
}

TEST(AuditTest, PriorityOffMatchesAHandBuiltPolicy) {
  Policy p = Policy::Default();
  ASSERT_FALSE(p.rules.empty());
  const Policy q = PolicyWithoutPriority(p);
  EXPECT_TRUE(q.rules.empty());
  EXPECT_EQ(q.max_total_boost, 0.0f);
  EXPECT_EQ(q.eligibility, p.eligibility);
  EXPECT_EQ(q.quotas, p.quotas);
  EXPECT_EQ(q.weights, p.weights);
}

TEST(AuditTest, RefusesBadInput) {
  InstanceOptions io;
  io.num_seekers = 30;
  io.num_vacancies = 10;
  auto inst = RandomInstance(3, io);
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  AuditOptions o;
  o.k = 0;
  EXPECT_EQ(Audit(*scorer, o).status().code(), absl::StatusCode::kInvalidArgument);
  o = AuditOptions{};
  o.min_cell_seekers = 0;
  EXPECT_EQ(Audit(*scorer, o).status().code(), absl::StatusCode::kInvalidArgument);
  o = AuditOptions{};
  o.vacancy_of_seeker.assign(29, -1);  // wrong size
  EXPECT_EQ(Audit(*scorer, o).status().code(), absl::StatusCode::kInvalidArgument);
  o.vacancy_of_seeker.assign(30, -1);
  o.vacancy_of_seeker[0] = 10;  // out of range
  auto st = Audit(*scorer, o).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("allocation entry 0"), std::string::npos) << st;
  // An ineligible pair, and a vacancy placed beyond its openings.
  int64_t bad_s = -1, bad_v = -1;
  for (int64_t s = 0; s < 30 && bad_s < 0; ++s)
    for (int64_t v = 0; v < 10; ++v)
      if (inst->vacancy_rows[v].openings > 0 && !scorer->Eligible(s, v)) {
        bad_s = s;
        bad_v = v;
        break;
      }
  ASSERT_GE(bad_s, 0);
  o.vacancy_of_seeker.assign(30, -1);
  o.vacancy_of_seeker[bad_s] = bad_v;
  st = Audit(*scorer, o).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("not eligible"), std::string::npos) << st;
  int64_t closed = -1;
  for (int64_t v = 0; v < 10; ++v)
    if (inst->vacancy_rows[v].openings == 0) closed = v;
  if (closed >= 0) {
    o.vacancy_of_seeker.assign(30, -1);
    o.vacancy_of_seeker[0] = closed;
    st = Audit(*scorer, o).status();
    EXPECT_NE(st.message().find("openings and more placements"), std::string::npos) << st;
  }
  // Cancelled through progress.
  o = AuditOptions{};
  o.progress = [](int64_t done, int64_t) { return done < 2; };
  EXPECT_EQ(Audit(*scorer, o).status().code(), absl::StatusCode::kCancelled);
}

TEST(AuditTest, ReadsPlacementsFromAllocationCsv) {
  InstanceOptions io;
  io.num_seekers = 20;
  io.num_vacancies = 8;
  auto inst = RandomInstance(5, io);
  auto data = Dataset::Create(inst->vocab, inst->seekers, inst->vacancies, Policy::Default());
  ASSERT_TRUE(data.ok());
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok());
  auto r = Allocate(*scorer, AllocationOptions{});
  ASSERT_TRUE(r.ok());
  const std::string path = ::testing::TempDir() + "/audit_alloc.csv";
  {
    std::ofstream out(path);
    out << "seeker_id,vacancy_id,score,outcome\n";
    for (int64_t s = 19; s >= 0; --s) {  // any order
      const int64_t v = r->vacancy_of_seeker[s];
      out << inst->seeker_rows[s].id << "," << (v >= 0 ? inst->vacancy_rows[v].id : "") << ",,x\n";
    }
  }
  auto got = ReadPlacementsFromAllocationCsv(path, **data);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, r->vacancy_of_seeker);
  auto filled = ReadFilledFromAllocationCsv(path, **data);
  ASSERT_TRUE(filled.ok());
  EXPECT_EQ(*filled, r->filled);
  // The audit of the file equals the audit of the allocation it was written from.
  AuditOptions a, b;
  a.vacancy_of_seeker = *got;
  b.vacancy_of_seeker = r->vacancy_of_seeker;
  a.min_cell_seekers = b.min_cell_seekers = 1;
  auto ta = Audit(*scorer, a), tb = Audit(*scorer, b);
  ASSERT_TRUE(ta.ok() && tb.ok());
  ExpectSameRows(tb->groups, ta->groups, "file");
}

}  // namespace
}  // namespace jobmatch
