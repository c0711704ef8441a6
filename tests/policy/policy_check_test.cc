// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// CheckPolicy / ResolvePolicy (policy_check.h): one set of rules for files and
// for Policies built in C++, and the outcome guarantees of
// docs/policy_file.md, "What the checker guarantees". The protected-group
// guarantee is tested against a brute-force oracle written from the
// documentation (every concrete situation, boosts summed rule by rule), and
// the oracle's boosts against the Scorer's own.
#include "jobmatch/policy/policy_check.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/scoring/scorer.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

std::string Msg(const absl::Status& st) { return std::string(st.message()); }

// ------------------------------------------------------------ the oracle

// The documented meaning, written independently of policy_fairness.cc.
const std::vector<std::string> kProtected = {"disabled", "older_worker"};
const std::vector<std::string> kCompared = {"graduate_youth", "veteran", "rural_labour",
                                            "hard_to_employ", "zero_employment_household"};
constexpr double kTol = 1e-5;
constexpr int kBroad = 3;

bool Has(const auto& v, const auto& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

struct Situation {
  Schedule seeker_schedule;
  int32_t months;
  VacancyKind kind;
  Schedule schedule;
  std::string industry;  // "" = an industry no rule names
};

std::vector<Situation> AllSituations(const Policy& p) {
  std::set<int32_t> months = {0};
  std::vector<std::string> industries = {""};
  for (const PriorityRule& r : p.rules) {
    months.insert(r.min_months_unemployed);
    for (const std::string& i : r.industries) {
      if (!Has(industries, i)) industries.push_back(i);
    }
  }
  std::vector<Situation> out;
  for (int ss = 0; ss < 4; ++ss) {
    for (int32_t m : months) {
      for (int k = 0; k < 4; ++k) {
        for (int vs = 0; vs < 3; ++vs) {
          for (const std::string& i : industries) {
            out.push_back({static_cast<Schedule>(ss), m, static_cast<VacancyKind>(k),
                           static_cast<Schedule>(vs), i});
          }
        }
      }
    }
  }
  return out;
}

// The boost of a seeker in `groups` (none: {}) in situation `s`.
double OracleBoost(const Policy& p, const std::vector<std::string>& groups, const Situation& s) {
  double sum = 0;
  for (const PriorityRule& r : p.rules) {
    bool fires = r.groups.empty();
    for (const std::string& g : groups) fires = fires || Has(r.groups, g);
    fires = fires && (r.seeker_schedules.empty() || Has(r.seeker_schedules, s.seeker_schedule));
    fires = fires && s.months >= r.min_months_unemployed;
    fires = fires && (r.kinds.empty() || Has(r.kinds, s.kind));
    fires = fires && (r.industries.empty() || Has(r.industries, s.industry));
    fires = fires && (r.schedules.empty() || Has(r.schedules, s.schedule));
    if (fires) sum += r.weight;
  }
  return std::min<double>(p.max_total_boost, sum);
}

bool BroadWithoutProtected(const std::vector<std::string>& groups) {
  int n = 0;
  for (const std::string& g : kCompared) n += Has(groups, g) ? 1 : 0;
  if (n < kBroad) return false;
  for (const std::string& g : kProtected) {
    if (!Has(groups, g)) return true;
  }
  return false;
}

// "" when the policy meets guarantees 3 and 4, else the path the checker
// must name first (its check order: rules, restrictions, quotas, boosts).
std::string OracleViolation(const Policy& p) {
  for (size_t i = 0; i < p.rules.size(); ++i) {
    const PriorityRule& r = p.rules[i];
    bool all = true;
    for (int s = 0; s < 4; ++s) all = all && Has(r.seeker_schedules, static_cast<Schedule>(s));
    if (r.groups.empty() && r.min_months_unemployed == 0 && all) {
      return absl::StrCat("priority.rules[", i, "]");
    }
  }
  for (size_t i = 0; i < p.eligibility.kind_restrictions.size(); ++i) {
    if (BroadWithoutProtected(p.eligibility.kind_restrictions[i].groups)) {
      return absl::StrCat("eligibility.kind_restrictions[", i, "]");
    }
  }
  for (size_t i = 0; i < p.quotas.size(); ++i) {
    if (BroadWithoutProtected(p.quotas[i].groups)) return absl::StrCat("quotas[", i, "]");
  }
  for (const Situation& s : AllSituations(p)) {
    const double none = OracleBoost(p, {}, s);
    for (const std::string& prot : kProtected) {
      const double wp = OracleBoost(p, {prot}, s);
      int boosted = 0;
      bool below_all = true;
      for (const std::string& g : kCompared) {
        const double wg = OracleBoost(p, {g}, s);
        boosted += wg > none + kTol ? 1 : 0;
        below_all = below_all && wg > wp + kTol;
      }
      if ((boosted >= kBroad && !(wp > none + kTol)) || below_all) return "priority.rules";
    }
  }
  return "";
}

// ------------------------------------------------------- random policies

const std::vector<std::string> kIndustries = {"it", "retail", "logistics"};

template <typename T>
std::vector<T> RandomSubset(std::mt19937_64& rng, const std::vector<T>& all, double p) {
  std::vector<T> out;
  for (const T& x : all) {
    if (std::uniform_real_distribution<double>(0, 1)(rng) < p) out.push_back(x);
  }
  return out;
}

std::vector<std::string> AllBuiltin() {
  return std::vector<std::string>(std::begin(kBuiltinGroups), std::end(kBuiltinGroups));
}

// Policies from a wide distribution: some fair, some not, in every class.
Policy BroadRandomPolicy(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const float weights[] = {0.0f, 0.01f, 0.03f, 0.04f, 0.05f, 0.06f, 0.1f, 0.2f, 1.0f, 10.0f};
  const float caps[] = {0.0f, 0.05f, 0.1f, 0.25f, 1.0f, 10.0f};
  Policy p;
  p.name = absl::StrCat("broad-", seed);
  if (coin(0.3)) p.extra_groups = {"migrant_worker"};
  std::vector<std::string> groups = AllBuiltin();
  groups.insert(groups.end(), p.extra_groups.begin(), p.extra_groups.end());
  p.max_total_boost = caps[uni(0, 5)];
  const int nrules = uni(0, 9);
  for (int i = 0; i < nrules; ++i) {
    PriorityRule r;
    r.name = absl::StrCat("r", i);
    r.weight = weights[uni(0, 9)];
    const int shape = uni(0, 9);
    if (shape < 5) {
      r.groups = {groups[uni(0, static_cast<int>(groups.size()) - 1)]};
    } else if (shape < 8) {
      r.groups = RandomSubset(rng, groups, 0.6);
    }
    if (coin(0.25)) r.min_months_unemployed = uni(0, 2) * 6;
    const std::vector<Schedule> all_ss = {Schedule::kFullTime, Schedule::kSchoolHours,
                                          Schedule::kFlexible, Schedule::kAny};
    if (coin(0.3) || (r.groups.empty() && r.min_months_unemployed == 0)) {
      r.seeker_schedules = coin(0.15) ? all_ss : RandomSubset(rng, all_ss, 0.5);
      if (r.seeker_schedules.empty()) r.seeker_schedules = {all_ss[uni(0, 3)]};
    }
    if (coin(0.3)) {
      r.kinds =
          RandomSubset(rng,
                       std::vector<VacancyKind>{VacancyKind::kRegular, VacancyKind::kTrainee,
                                                VacancyKind::kPublicWelfare, VacancyKind::kGig},
                       0.5);
    }
    if (coin(0.2)) r.industries = RandomSubset(rng, kIndustries, 0.5);
    if (coin(0.2)) {
      r.schedules = RandomSubset(
          rng,
          std::vector<Schedule>{Schedule::kFullTime, Schedule::kSchoolHours, Schedule::kFlexible},
          0.5);
    }
    p.rules.push_back(r);
  }
  for (int k = 0; k < 4; ++k) {
    if (!coin(0.2)) continue;
    KindRestriction kr{static_cast<VacancyKind>(k),
                       RandomSubset(rng, groups, coin(0.5) ? 0.2 : 0.7)};
    if (kr.groups.empty()) kr.groups = {groups[uni(0, static_cast<int>(groups.size()) - 1)]};
    p.eligibility.kind_restrictions.push_back(kr);
  }
  if (coin(0.3)) {
    QuotaRule q;
    q.name = "q";
    q.groups = RandomSubset(rng, groups, coin(0.5) ? 0.2 : 0.7);
    if (q.groups.empty()) q.groups = {"graduate_youth"};
    q.share = 0.5f;
    p.quotas.push_back(q);
  }
  return p;
}

// ------------------------------------------------------------------ tests

TEST(PolicyCheckTest, ProtectedGroupsAreBuiltInAndListedOnce) {
  EXPECT_EQ(std::vector<std::string>(std::begin(kProtectedGroups), std::end(kProtectedGroups)),
            kProtected);
  EXPECT_EQ(kNumProtectedGroups + kNumComparedGroups, kNumBuiltinGroups);
  for (std::string_view g : kProtectedGroups) {
    EXPECT_TRUE(
        Has(std::vector<std::string_view>(std::begin(kBuiltinGroups), std::end(kBuiltinGroups)), g))
        << g;
  }
}

TEST(PolicyCheckTest, ShippedAndDocumentedPoliciesPass) {
  EXPECT_TRUE(CheckPolicy(Policy::Default()).ok()) << CheckPolicy(Policy::Default());
  // The migrant-worker example of docs/policy_file.md.
  Policy mw = Policy::Default();
  mw.extra_groups = {"migrant_worker"};
  PriorityRule r1{"migrant_worker", 0.04f, {"migrant_worker"}};
  PriorityRule r2{"migrant_worker_gig_post", 0.02f, {"migrant_worker"}};
  r2.kinds = {VacancyKind::kGig};
  mw.rules.push_back(r1);
  mw.rules.push_back(r2);
  EXPECT_TRUE(CheckPolicy(mw).ok()) << CheckPolicy(mw);
  // The quota of the docs and of cli_golden_test (--quota graduate_youth:0.5:trainee+regular).
  Policy q = Policy::Default();
  q.quotas = {
      {"trainee_posts_for_graduates", {"graduate_youth"}, {VacancyKind::kTrainee}, 0.5f},
      {"cli_quota_1", {"graduate_youth"}, {VacancyKind::kTrainee, VacancyKind::kRegular}, 0.5f}};
  EXPECT_TRUE(CheckPolicy(q).ok()) << CheckPolicy(q);
  // The policies the other tests build.
  Vocabulary vocab;
  vocab.AddIndustry("it");
  for (uint64_t seed = 0; seed < 300; ++seed) {
    const Policy p = testing::RandomPolicy(seed, vocab);
    EXPECT_TRUE(CheckPolicy(p).ok()) << seed << ": " << CheckPolicy(p);
  }
}

TEST(PolicyCheckTest, CheckerAgreesWithBruteForceOracle) {
  int fair = 0, unfair = 0;
  std::set<std::string> classes;
  for (uint64_t seed = 1; seed <= 3000; ++seed) {
    const Policy p = BroadRandomPolicy(seed);
    const std::string want = OracleViolation(p);
    const absl::Status st = CheckPolicy(p);
    if (want.empty()) {
      ++fair;
      EXPECT_TRUE(st.ok()) << "seed " << seed << ": " << st << "\n" << p.ToJson();
    } else {
      ++unfair;
      classes.insert(want.substr(0, want.find('[')));
      ASSERT_FALSE(st.ok()) << "seed " << seed << " should be refused at " << want << "\n"
                            << p.ToJson();
      EXPECT_EQ(Msg(st).rfind("policy: " + want, 0), 0u)
          << "seed " << seed << ": " << Msg(st) << "\nwant path " << want;
      EXPECT_TRUE(Msg(st).find("(二十)") != std::string::npos ||
                  Msg(st).find("selects every seeker") != std::string::npos)
          << Msg(st);
    }
  }
  // Not vacuous: both outcomes and every class occur often.
  EXPECT_GT(fair, 500);
  EXPECT_GT(unfair, 500);
  EXPECT_EQ(classes,
            (std::set<std::string>{"eligibility.kind_restrictions", "priority.rules", "quotas"}));
}

// The oracle's boosts are the Scorer's: a table with one seeker per
// (single built-in group or none, schedule, months) and one vacancy per
// (kind, schedule, industry), every pair compared.
TEST(PolicyCheckTest, OracleBoostsEqualTheScorers) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    Policy p = BroadRandomPolicy(seed);
    p.eligibility.kind_restrictions.clear();
    p.quotas.clear();
    if (!CheckPolicy(p).ok()) continue;
    Vocabulary vocab;
    for (const std::string& g : p.extra_groups) ASSERT_TRUE(vocab.AddGroup(g).ok());
    vocab.AddSkill("s");
    for (const std::string& i : kIndustries) vocab.AddIndustry(i);
    const int32_t other = vocab.AddIndustry("other");
    const std::vector<Situation> situations = AllSituations(p);
    std::vector<Seeker> seekers;
    std::vector<std::vector<std::string>> seeker_groups;
    std::vector<std::string> singles = {""};
    for (std::string_view g : kBuiltinGroups) singles.emplace_back(g);
    std::set<std::pair<int, int32_t>> seen_seeker;
    for (const Situation& s : situations) {
      if (!seen_seeker.insert({static_cast<int>(s.seeker_schedule), s.months}).second) continue;
      for (const std::string& g : singles) {
        Seeker row;
        row.id = absl::StrCat("S", seekers.size());
        row.lat = 36.0;
        row.lon = 120.3;
        if (!g.empty()) row.groups = GroupMask{1} << *vocab.FindGroup(g);
        row.schedule = s.seeker_schedule;
        row.months_unemployed = s.months;
        seekers.push_back(row);
        seeker_groups.push_back(g.empty() ? std::vector<std::string>{}
                                          : std::vector<std::string>{g});
      }
    }
    std::vector<Vacancy> vacancies;
    std::vector<Situation> vacancy_situation;
    std::set<std::tuple<int, int, std::string>> seen_vacancy;
    for (const Situation& s : situations) {
      if (!seen_vacancy.insert({static_cast<int>(s.kind), static_cast<int>(s.schedule), s.industry})
               .second) {
        continue;
      }
      Vacancy row;
      row.id = absl::StrCat("V", vacancies.size());
      row.lat = 36.0;
      row.lon = 120.3;
      row.openings = 1;
      row.kind = s.kind;
      row.schedule = s.schedule;
      row.industry = s.industry.empty() ? other : *vocab.FindIndustry(s.industry);
      vacancies.push_back(row);
      vacancy_situation.push_back(s);
    }
    SeekerTable st;
    VacancyTable vt;
    ASSERT_TRUE(st.Append(seekers, vocab).ok());
    ASSERT_TRUE(vt.Append(vacancies, vocab).ok());
    auto scorer = Scorer::Create(p, vocab, st, vt);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    for (size_t si = 0; si < seekers.size(); ++si) {
      for (size_t vi = 0; vi < vacancies.size(); ++vi) {
        Situation s = vacancy_situation[vi];
        s.seeker_schedule = seekers[si].schedule;
        s.months = seekers[si].months_unemployed;
        const double want = OracleBoost(p, seeker_groups[si], s);
        const float got = scorer->Explain(static_cast<int64_t>(si), static_cast<int64_t>(vi)).boost;
        ASSERT_NEAR(got, want, 1e-5) << "seed " << seed << " seeker " << si << " vacancy " << vi;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 100000);
}

// ---------------------------------------------------- hostile generators

// Random policies built to defeat the intent, one attack each, on top of
// random fair noise. Every one must be refused, the message naming the
// protected group and the rule, restriction or quota at fault.
struct Attack {
  Policy policy;
  std::string path_prefix;                // the message starts "policy: " + this
  std::vector<std::string> must_mention;  // and contains each of these
};

Attack MakeAttack(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  Attack a;
  Policy& p = a.policy;
  p.name = absl::StrCat("attack-", seed);
  p.max_total_boost = coin(0.5) ? 10.0f : 0.25f * uni(1, 8);
  const std::string prot = kProtected[uni(0, 1)];
  const std::string other_prot = prot == kProtected[0] ? kProtected[1] : kProtected[0];
  // Fair noise first: rules that give the protected groups as much as anyone,
  // on gig posts only, so that the attacks below have situations of their own
  // (they never target gig posts alone).
  const int noise = uni(0, 3);
  for (int i = 0; i < noise; ++i) {
    PriorityRule r;
    r.name = absl::StrCat("noise", i);
    r.weight = 0.01f * uni(0, 5);
    r.groups = kProtected;
    r.groups.push_back(kCompared[uni(0, 4)]);
    r.kinds = {VacancyKind::kGig};
    p.rules.push_back(r);
  }
  const auto attack_kinds = [&]() -> std::vector<VacancyKind> {
    if (coin(0.6)) return {};
    return {static_cast<VacancyKind>(uni(0, 2))};  // regular, trainee or public_welfare
  };
  // Some compared groups the attack reaches: all five, or a majority.
  std::vector<std::string> reached = kCompared;
  std::shuffle(reached.begin(), reached.end(), rng);
  reached.resize(static_cast<size_t>(uni(kBroad, 5)));
  if (coin(0.3)) reached.push_back(other_prot);  // the other protected group may be in
  const int kind = uni(0, 4);
  if (kind == 0) {
    // (b) boosts for most groups, none for `prot`: one rule or one rule per
    // group, optionally scoped to a kind or a schedule of post.
    const bool split = coin(0.5);
    const float w = 0.05f * uni(1, 40);
    const std::vector<VacancyKind> kinds = attack_kinds();
    std::vector<std::string> names;
    if (split) {
      for (const std::string& g : reached) {
        PriorityRule r{absl::StrCat("favour_", g), w, {g}};
        r.kinds = kinds;
        names.push_back(r.name);
        p.rules.push_back(r);
      }
    } else {
      PriorityRule r{"favour_most", w, reached};
      r.kinds = kinds;
      names.push_back(r.name);
      p.rules.push_back(r);
    }
    p.max_total_boost = std::max(p.max_total_boost, 2 * w + 1.0f);
    a.path_prefix = "priority.rules";
    // The other protected group may be left out too and be named first.
    a.must_mention = {"protected group '", "'" + names[0] + "'", "gets none"};
  } else if (kind == 1) {
    // (a) all five compared groups get more than `prot`, which gets a token
    // amount.
    const float w = 1.0f + uni(0, 8);
    PriorityRule r{"favour_all_but_one", w, kCompared};
    r.groups.push_back(other_prot);
    r.kinds = attack_kinds();
    PriorityRule token{"token", 0.001f * uni(1, 500), {prot}};
    p.rules.push_back(r);
    p.rules.push_back(token);
    p.max_total_boost = 10.0f;
    a.path_prefix = "priority.rules";
    a.must_mention = {"'" + prot + "'", "'favour_all_but_one'", "less than every"};
  } else if (kind == 2) {
    // A kind restriction for most groups but not `prot`.
    KindRestriction kr{static_cast<VacancyKind>(uni(0, 3)), reached};
    if (coin(0.3)) kr.groups.push_back("hard_to_employ");
    std::sort(kr.groups.begin(), kr.groups.end());
    kr.groups.erase(std::unique(kr.groups.begin(), kr.groups.end()), kr.groups.end());
    p.eligibility.kind_restrictions.push_back(kr);
    a.path_prefix = "eligibility.kind_restrictions[0]";
    a.must_mention = {"protected group '", std::string(VacancyKindName(kr.kind))};
  } else if (kind == 3) {
    QuotaRule q{"reserve_most", reached, {}, 0.1f * uni(1, 10)};
    if (coin(0.5)) q.kinds = {static_cast<VacancyKind>(uni(0, 3))};
    p.quotas.push_back(q);
    a.path_prefix = "quotas[0]";
    a.must_mention = {"'reserve_most'", "protected group '"};
  } else {
    // A rule that selects every seeker, optionally scoped to vacancies.
    PriorityRule r{"everyone", 0.01f * uni(1, 30)};
    r.seeker_schedules = {Schedule::kFullTime, Schedule::kSchoolHours, Schedule::kFlexible,
                          Schedule::kAny};
    std::shuffle(r.seeker_schedules.begin(), r.seeker_schedules.end(), rng);
    if (coin(0.5)) r.seeker_schedules.push_back(Schedule::kAny);  // a repeat changes nothing
    r.kinds = attack_kinds();
    a.path_prefix = absl::StrCat("priority.rules[", p.rules.size(), "]");
    p.rules.push_back(r);
    a.must_mention = {"'everyone'", "selects every seeker"};
  }
  return a;
}

TEST(ProtectedGroupsTest, RandomAttacksAreRefusedNamingTheCulprit) {
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    const Attack a = MakeAttack(seed);
    const absl::Status st = CheckPolicy(a.policy);
    ASSERT_FALSE(st.ok()) << "seed " << seed << "\n" << a.policy.ToJson();
    EXPECT_EQ(OracleViolation(a.policy).empty(), false) << seed;
    EXPECT_EQ(Msg(st).rfind("policy: " + a.path_prefix, 0), 0u) << seed << ": " << Msg(st);
    for (const std::string& m : a.must_mention) {
      EXPECT_NE(Msg(st).find(m), std::string::npos)
          << seed << ": want '" << m << "' in " << Msg(st);
    }
    // The same policy as a file is refused with the same reason.
    auto file = Policy::FromJson(a.policy.ToJson(), "attack.json");
    ASSERT_FALSE(file.ok()) << seed;
    EXPECT_EQ(Msg(file.status()).substr(std::string("attack.json").size()),
              Msg(st).substr(std::string("policy").size()))
        << seed;
  }
}

// Fair by construction: wherever a rule or reservation reaches a
// non-protected built-in group, it reaches every protected group too.
TEST(ProtectedGroupsTest, RandomFairPoliciesAreAccepted) {
  int with_rules = 0;
  const int policies = testing::RandomCases(3000, 300);
  for (uint64_t seed = 1; seed <= static_cast<uint64_t>(policies); ++seed) {
    Policy p = BroadRandomPolicy(seed);
    auto include_protected = [](std::vector<std::string>& groups) {
      bool reaches = false;
      for (const std::string& g : kCompared) reaches = reaches || Has(groups, g);
      if (!reaches) return;
      for (const std::string& g : kProtected) {
        if (!Has(groups, g)) groups.push_back(g);
      }
    };
    for (PriorityRule& r : p.rules) {
      include_protected(r.groups);
      // Not every seeker: drop one schedule from a rule that lists all four.
      if (r.groups.empty() && r.min_months_unemployed == 0 && r.seeker_schedules.size() >= 4) {
        r.seeker_schedules = {Schedule::kSchoolHours};
      }
    }
    for (KindRestriction& kr : p.eligibility.kind_restrictions) include_protected(kr.groups);
    for (QuotaRule& q : p.quotas) include_protected(q.groups);
    with_rules += p.rules.empty() ? 0 : 1;
    EXPECT_TRUE(CheckPolicy(p).ok()) << seed << ": " << CheckPolicy(p) << "\n" << p.ToJson();
    EXPECT_EQ(OracleViolation(p), "") << seed;
    auto file = Policy::FromJson(p.ToJson(), "fair.json");
    EXPECT_TRUE(file.ok()) << seed << ": " << file.status();
  }
  EXPECT_GT(with_rules, policies * 2 / 3);
}

// Ties within the documented tolerance are equal: 0.07 + 0.03 against 0.1.
TEST(ProtectedGroupsTest, FloatRoundingIsNotAnExclusion) {
  Policy p;
  p.max_total_boost = 1.0f;
  for (const std::string& g : kCompared) p.rules.push_back({absl::StrCat("r_", g), 0.1f, {g}});
  p.rules.push_back({"d1", 0.07f, {"disabled", "older_worker"}});
  p.rules.push_back({"d2", 0.03f, {"disabled", "older_worker"}});
  EXPECT_TRUE(CheckPolicy(p).ok()) << CheckPolicy(p);
  p.rules.back().weight = 0.0299f;  // 1e-4 less: refused
  EXPECT_FALSE(CheckPolicy(p).ok());
}

// A group that is declared and never used cannot stand in for a left-out
// protected group: declared groups are not compared.
TEST(ProtectedGroupsTest, DeclaredGroupsDoNotHideAnExclusion) {
  Policy p;
  p.extra_groups = {"nobody"};
  p.max_total_boost = 10.0f;
  p.rules.push_back({"most", 5.0f, kCompared});
  p.rules.push_back({"nobody", 0.0f, {"nobody"}});
  const absl::Status st = CheckPolicy(p);
  EXPECT_EQ(Msg(st).rfind("policy: priority.rules[0]: ", 0), 0u) << st;
  EXPECT_NE(Msg(st).find("the protected group 'disabled' gets none"), std::string::npos) << st;
}

TEST(ProtectedGroupsTest, ComplexityIsBounded) {
  // 64 rules, each with its own 1024 industries in distinct pairs: the
  // situations would be many millions; the check refuses instead of
  // running for minutes.
  Policy p;
  p.max_total_boost = 1.0f;
  for (int r = 0; r < 64; ++r) {
    PriorityRule rule{absl::StrCat("r", r), 0.01f, {kCompared[r % 5]}};
    rule.min_months_unemployed = r;
    p.rules.push_back(rule);
  }
  // Each industry listed by its own triple of rules (up to 1024 per rule):
  // about 21,000 distinct vacancy situations times 65 seeker ones.
  int n = 0;
  for (int a = 0; a < 64; ++a) {
    for (int b = a + 1; b < 64; ++b) {
      for (int c = b + 1; c < 64; ++c) {
        if (p.rules[a].industries.size() >= 1024 || p.rules[b].industries.size() >= 1024 ||
            p.rules[c].industries.size() >= 1024) {
          continue;
        }
        const std::string name = absl::StrCat("i", n++);
        for (int r : {a, b, c}) p.rules[r].industries.push_back(name);
      }
    }
  }
  ASSERT_GT(n, 15000);
  const absl::Status st = CheckPolicy(p);
  EXPECT_NE(Msg(st).find("(kMaxFairnessSituations)"), std::string::npos) << st;
}

// ------------------------------------------------ one set of value rules

struct Mutation {
  const char* what;
  void (*apply)(Policy&);
  const char* expect;  // the message after "policy: "
};

TEST(PolicyCheckTest, PoliciesBuiltInCppMeetTheFileRules) {
  const Mutation cases[] = {
      {"negative weight", [](Policy& p) { p.rules[0].weight = -0.1f; },
       "priority.rules[0].weight: must be >= 0: priority for key groups is a positive measure and "
       "no rule may lower a score"},
      {"NaN weight", [](Policy& p) { p.rules[1].weight = std::nanf(""); },
       "priority.rules[1].weight: must be a finite number in [0, 10], got nan"},
      {"weight just above 10", [](Policy& p) { p.rules[1].weight = std::nextafter(10.0f, 11.0f); },
       "priority.rules[1].weight: must be a finite number in [0, 10], got 10.000001"},
      {"infinite cap",
       [](Policy& p) { p.max_total_boost = std::numeric_limits<float>::infinity(); },
       "priority.max_total_boost: must be a finite number in [0, 10], got inf"},
      {"all weights 0", [](Policy& p) { p.weights.fill(0.0f); },
       "weights: at least one weight must be > 0"},
      {"huge component weight", [](Policy& p) { p.weights[3] = 3.4e38f; },
       "weights.wage: must be a finite number in [0, 1000], got 3.4e+38"},
      {"wage ratio 1", [](Policy& p) { p.wage_zero_ratio = 1.0f; },
       "scoring.wage_zero_ratio: must be a finite number in [0, 0.99], got 1"},
      {"schedule fit", [](Policy& p) { p.schedule_fit[1][2] = 1.5f; },
       "scoring.schedule_fit.school_hours.flexible: must be a finite number in [0, 1], got 1.5"},
      {"commute 0", [](Policy& p) { p.default_max_commute_km = 0.0f; },
       "scoring.default_max_commute_km: must be a finite number in [0.001, 20000], got 0"},
      {"months", [](Policy& p) { p.rules[0].min_months_unemployed = 1201; },
       "priority.rules[0].min_months_unemployed: must be an integer in [0, 1200], got 1201"},
      {"bad kind value", [](Policy& p) { p.rules[1].kinds = {static_cast<VacancyKind>(9)}; },
       "priority.rules[1].kinds[0]: not a vacancy kind (value 9)"},
      {"'any' as a vacancy schedule", [](Policy& p) { p.rules[4].schedules = {Schedule::kAny}; },
       "priority.rules[4].schedules[0]: not a vacancy schedule (value 3; 'any' is a seeker's "
       "schedule only)"},
      {"restriction without groups",
       [](Policy& p) { p.eligibility.kind_restrictions[0].groups.clear(); },
       "eligibility.kind_restrictions[0].groups: must list at least one group"},
      {"kind restricted twice",
       [](Policy& p) {
         p.eligibility.kind_restrictions.push_back({VacancyKind::kTrainee, {"veteran"}});
       },
       "eligibility.kind_restrictions[2]: kind 'trainee' restricted twice"},
      {"unknown group", [](Policy& p) { p.rules[0].groups = {"veterans"}; },
       "priority.rules[0].groups[0]: unknown key group 'veterans' (built-in groups, or declare it "
       "in \"groups\")"},
      {"duplicate rule", [](Policy& p) { p.rules[3].name = p.rules[2].name; },
       "priority.rules[3].name: duplicate rule name 'veteran'"},
      {"rule without a seeker condition",
       [](Policy& p) {
         p.rules[0].groups.clear();
         p.rules[0].kinds = {VacancyKind::kGig};
       },
       "priority.rules[0]: a rule must select seekers by 'groups', 'seeker_schedules' or "
       "'min_months_unemployed'"},
      {"control character in a declared group", [](Policy& p) { p.extra_groups = {"a\x01z"}; },
       "groups[0]: invalid key-group name: contains the control character U+0001 (at byte 1)"},
      {"';' in a rule name", [](Policy& p) { p.rules[0].name = "a;b"; },
       "priority.rules[0].name: invalid rule name: contains ';' (the list separator of the CSV "
       "files)"},
      {"white space around an industry", [](Policy& p) { p.rules[0].industries = {" it"}; },
       "priority.rules[0].industries[0]: invalid industry name: has leading or trailing white "
       "space"},
      {"long group name", [](Policy& p) { p.extra_groups = {std::string(129, 'g')}; },
       "groups[0]: invalid key-group name: is 129 bytes long, more than the limit of 128"},
      {"C1 control in a quota name",
       [](Policy& p) {
         p.quotas = {{"q\xc2\x85", {"graduate_youth"}, {}, 0.5f}};
       },
       "quotas[0].name: invalid quota name: contains the control character U+0085 (at byte 1)"},
      {"policy name with a newline", [](Policy& p) { p.name = "two\nlines"; },
       "name: contains the control character U+000A (at byte 3)"},
      {"65 rules",
       [](Policy& p) {
         p.rules.resize(65, p.rules[0]);
         for (size_t i = 0; i < p.rules.size(); ++i) p.rules[i].name = absl::StrCat("r", i);
       },
       "priority.rules: has 65 entries, more than the limit of 64"},
  };
  for (const Mutation& m : cases) {
    Policy p = Policy::Default();
    m.apply(p);
    const absl::Status st = CheckPolicy(p);
    EXPECT_EQ(Msg(st), std::string("policy: ") + m.expect) << m.what;
    // The Scorer and a vocabulary check refuse it the same way.
    Vocabulary vocab;
    SeekerTable s;
    VacancyTable v;
    EXPECT_EQ(Msg(Scorer::Create(p, vocab, s, v).status()), Msg(st)) << m.what;
  }
}

// Every way a policy reaches the engine refuses the same policy with the
// same reason: the file reader, CheckPolicy, Scorer::Create, Engine::Create,
// Engine::ReplacePolicy and Allocate's extra quotas.
TEST(PolicyCheckTest, EveryEntryPointRefusesTheSamePolicy) {
  Policy unfair = Policy::Default();
  unfair.max_total_boost = 10.0f;
  unfair.rules.push_back({"favour_most", 5.0f, kCompared});
  const std::string reason = Msg(CheckPolicy(unfair)).substr(std::string("policy").size());
  ASSERT_EQ(reason.rfind(": priority.rules: ", 0), 0u) << reason;
  EXPECT_NE(reason.find("(rules 'favour_most', 'zero_employment_household', "), std::string::npos)
      << reason;

  auto file = Policy::FromJson(unfair.ToJson(), "unfair.json");
  EXPECT_EQ(Msg(file.status()), "unfair.json" + reason);

  auto inst = testing::RandomInstance(3);
  EXPECT_EQ(Msg(Scorer::Create(unfair, inst->vocab, inst->seekers, inst->vacancies).status()),
            "policy" + reason);

  auto refused = Engine::Create(inst->vocab, inst->seekers, inst->vacancies, unfair);
  EXPECT_EQ(Msg(refused.status()), "policy" + reason);

  auto engine = Engine::Create(inst->vocab, inst->seekers, inst->vacancies, Policy::Default());
  ASSERT_TRUE(engine.ok()) << engine.status();
  const uint64_t before = (*engine)->sequence();
  EXPECT_EQ(Msg((*engine)->ReplacePolicy(unfair)),
            "update rejected, nothing applied: policy" + reason);
  EXPECT_EQ((*engine)->sequence(), before);
  EXPECT_EQ((*engine)->View().policy(), Policy::Default());

  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  AllocationOptions o;
  o.extra_quotas = {{"reserve_most", kCompared, {VacancyKind::kRegular}, 0.5f}};
  EXPECT_EQ(
      Msg(Allocate(*scorer, o).status())
          .rfind("quotas[0]: quota 'reserve_most' reserves places for 5 of the 5 non-protected "
                 "built-in key groups",
                 0),
      0u)
      << Allocate(*scorer, o).status();
  o.extra_quotas = {{"graduates", {"graduate_youth"}, {VacancyKind::kTrainee}, 0.5f}};
  EXPECT_TRUE(Allocate(*scorer, o).ok());
}

TEST(PolicyCheckTest, NamesTheDataDecidesAreResolved) {
  Vocabulary vocab;
  vocab.AddIndustry("retail");
  Policy p = Policy::Default();
  p.rules[0].industries = {"retial"};
  EXPECT_EQ(Msg(CheckPolicy(p, vocab)),
            "policy: priority.rules[0].industries[0]: rule 'graduate_youth': unknown industry "
            "'retial' (not in the data's vocabulary)");
  p.rules[0].industries = {"retail"};
  auto resolved = ResolvePolicy(p, vocab);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->rule_industries[0], std::vector<int32_t>{0});
  EXPECT_EQ(resolved->rule_groups[0], GroupMask{1} << *vocab.FindGroup("graduate_youth"));
  EXPECT_EQ(resolved->kind_groups[static_cast<int>(VacancyKind::kPublicWelfare)],
            GroupMask{1} << *vocab.FindGroup("hard_to_employ"));
  EXPECT_EQ(resolved->kind_groups[static_cast<int>(VacancyKind::kRegular)], 0u);
  p.extra_groups = {"migrant_worker"};
  EXPECT_EQ(Msg(CheckPolicy(p, vocab)),
            "policy: groups[0]: the policy declares key group 'migrant_worker' but the "
            "vocabulary lacks it (add it with Vocabulary::AddGroup first)");
}

TEST(PolicyCheckTest, QuotasFromOutsideAPolicyMeetTheSameRules) {
  Vocabulary vocab;
  std::vector<QuotaRule> q = {{"a", {"graduate_youth"}, {}, 0.5f}};
  auto m = ResolveQuotas(q, vocab);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)[0], GroupMask{1} << *vocab.FindGroup("graduate_youth"));
  q.push_back({"a", {"veteran"}, {}, 0.5f});
  EXPECT_EQ(Msg(ResolveQuotas(q, vocab).status()), "quotas[1].name: duplicate quota name 'a'");
  q[1] = {"b", {"veterans"}, {}, 0.5f};
  EXPECT_EQ(Msg(ResolveQuotas(q, vocab).status()),
            "quotas[1].groups[0]: unknown key group 'veterans' (built-in groups, or declare it in "
            "\"groups\")");
  q[1] = {"b", {"veteran"}, {}, 1.5f};
  EXPECT_EQ(Msg(ResolveQuotas(q, vocab).status()),
            "quotas[1].share: must be a finite number in [0, 1], got 1.5");
  q[1] = {"b", {"veteran", "rural_labour", "hard_to_employ", "disabled"}, {}, 0.5f};
  EXPECT_EQ(
      Msg(ResolveQuotas(q, vocab).status())
          .rfind("quotas[1]: quota 'b' reserves places for 3 of the 5 non-protected built-in key "
                 "groups (veteran, rural_labour, hard_to_employ) but not for the protected group "
                 "'older_worker'",
                 0),
      0u)
      << ResolveQuotas(q, vocab).status();
}

}  // namespace
}  // namespace jobmatch
