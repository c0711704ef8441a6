// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Guarantee 4 of policy_check.h. A seeker's boost depends on three things
// about the seeker (key groups, schedule asked for, months unemployed) and
// three about the vacancy (kind, schedule, industry). For the comparison only
// seekers with a single built-in key group matter (a seeker in several groups
// gets at least what each of them gets: rules only add), so a situation is a
// (seeker schedule, months, vacancy kind, schedule, industry) tuple, and all
// situations that fire the same set of rules are one. The months that matter
// are 0 and each rule's threshold; the industries those the rules name plus
// "any other".
#include "policy/internal/policy_fairness.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/policy/policy_check.h"

namespace jobmatch::internal {
namespace {

constexpr int kB = kNumBuiltinGroups;

int BuiltinIndex(std::string_view name) {
  for (int g = 0; g < kB; ++g) {
    if (kBuiltinGroups[g] == name) return g;
  }
  return -1;
}

struct GroupSplit {
  std::array<int, kNumProtectedGroups> protected_ids{};
  std::array<int, kNumComparedGroups> compared_ids{};
};

const GroupSplit& Split() {
  static const GroupSplit split = [] {
    GroupSplit s;
    int np = 0, nc = 0;
    for (int g = 0; g < kB; ++g) {
      bool prot = false;
      for (std::string_view p : kProtectedGroups) prot |= (p == kBuiltinGroups[g]);
      if (prot) {
        s.protected_ids[np++] = g;
      } else {
        s.compared_ids[nc++] = g;
      }
    }
    // The protected list names built-in groups only (policy_check_test
    // checks it too).
    JOBMATCH_CHECK(np == kNumProtectedGroups && nc == kNumComparedGroups);
    return s;
  }();
  return split;
}

std::string GroupName(int g) { return std::string(kBuiltinGroups[g]); }

std::string ProtectedList() {
  std::vector<std::string> names;
  for (std::string_view p : kProtectedGroups) names.emplace_back(p);
  return absl::StrJoin(names, ", ");
}

constexpr absl::string_view kWhy =
    "equal employment, measure (二十): priority for key groups is a positive measure and must not "
    "leave out a protected group (docs/policy_file.md, \"What the checker guarantees\")";

struct SeekerSituation {
  Schedule schedule;
  int32_t months;
  uint64_t mask;
};

struct VacancySituation {
  VacancyKind kind;
  Schedule schedule;
  int industry;  // index into the named industries, -1 for any other
  uint64_t mask;
};

bool Has(const auto& v, const auto& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Up to six quoted rule names, then "and N more".
std::string RuleList(const Policy& p, const std::vector<int>& rules) {
  std::vector<std::string> names;
  for (size_t i = 0; i < rules.size() && i < 6; ++i) {
    names.push_back(QuoteForMessage(p.rules[rules[i]].name));
  }
  std::string out = absl::StrJoin(names, ", ");
  if (rules.size() > 6) absl::StrAppend(&out, " and ", rules.size() - 6, " more");
  return out;
}

// Per rule: the built-in groups it names (bit g) and whether it has no
// group condition. Rules that name declared groups only never fire for a
// seeker with a single built-in group and are left out of `relevant`.
struct RuleGroups {
  std::vector<uint8_t> builtin;
  std::vector<bool> any_group;
  uint64_t relevant = 0;
};

RuleGroups ClassifyRules(const Policy& p) {
  const int nr = static_cast<int>(p.rules.size());
  RuleGroups rg;
  rg.builtin.assign(nr, 0);
  rg.any_group.assign(nr, false);
  for (int r = 0; r < nr; ++r) {
    rg.any_group[r] = p.rules[r].groups.empty();
    for (const std::string& g : p.rules[r].groups) {
      const int b = BuiltinIndex(g);
      if (b >= 0) rg.builtin[r] |= static_cast<uint8_t>(1u << b);
    }
    if (rg.any_group[r] || rg.builtin[r] != 0) rg.relevant |= uint64_t{1} << r;
  }
  return rg;
}

// The seeker situations (schedule, months) that fire distinct sets of the
// relevant rules; the months that matter are 0 and each rule's threshold.
std::vector<SeekerSituation> SeekerSituations(const Policy& p, uint64_t relevant) {
  const int nr = static_cast<int>(p.rules.size());
  std::vector<int32_t> months = {0};
  for (int r = 0; r < nr; ++r) months.push_back(p.rules[r].min_months_unemployed);
  std::sort(months.begin(), months.end());
  months.erase(std::unique(months.begin(), months.end()), months.end());
  std::vector<SeekerSituation> seekers;
  absl::flat_hash_set<uint64_t> seen;
  for (int s = 0; s < kNumSeekerSchedules; ++s) {
    const auto sched = static_cast<Schedule>(s);
    for (int32_t m : months) {
      uint64_t mask = 0;
      for (int r = 0; r < nr; ++r) {
        const PriorityRule& rule = p.rules[r];
        if (!((relevant >> r) & 1)) continue;
        if (!rule.seeker_schedules.empty() && !Has(rule.seeker_schedules, sched)) continue;
        if (m < rule.min_months_unemployed) continue;
        mask |= uint64_t{1} << r;
      }
      if (seen.insert(mask).second) seekers.push_back({sched, m, mask});
    }
  }
  return seekers;
}

// The vacancy situations (kind, schedule, industry) that fire distinct sets
// of the relevant rules, and the industries the relevant rules name (a
// situation's industry indexes them; -1 is any other).
struct VacancySituations {
  std::vector<std::string> industries;
  std::vector<VacancySituation> list;
};

VacancySituations FindVacancySituations(const Policy& p, uint64_t relevant) {
  const int nr = static_cast<int>(p.rules.size());
  VacancySituations out;
  std::vector<std::string>& industries = out.industries;
  // Each named industry with the rules that list it.
  absl::flat_hash_map<std::string, uint64_t> listed_by;
  uint64_t any_industry = 0;  // relevant rules without an industry condition
  std::array<uint64_t, kNumVacancyKinds> kind_ok{};
  std::array<uint64_t, kNumVacancySchedules> sched_ok{};
  for (int r = 0; r < nr; ++r) {
    if (!((relevant >> r) & 1)) continue;
    const PriorityRule& rule = p.rules[r];
    if (rule.industries.empty()) any_industry |= uint64_t{1} << r;
    for (const std::string& name : rule.industries) {
      auto [it, inserted] = listed_by.try_emplace(name, 0);
      if (inserted) industries.push_back(name);
      it->second |= uint64_t{1} << r;
    }
    for (int k = 0; k < kNumVacancyKinds; ++k) {
      if (rule.kinds.empty() || Has(rule.kinds, static_cast<VacancyKind>(k))) {
        kind_ok[k] |= uint64_t{1} << r;
      }
    }
    for (int s = 0; s < kNumVacancySchedules; ++s) {
      if (rule.schedules.empty() || Has(rule.schedules, static_cast<Schedule>(s))) {
        sched_ok[s] |= uint64_t{1} << r;
      }
    }
  }
  absl::flat_hash_set<uint64_t> seen;
  for (int i = -1; i < static_cast<int>(industries.size()); ++i) {
    const uint64_t ind = any_industry | (i < 0 ? 0 : listed_by[industries[i]]);
    for (int k = 0; k < kNumVacancyKinds; ++k) {
      for (int s = 0; s < kNumVacancySchedules; ++s) {
        const uint64_t mask = ind & kind_ok[k] & sched_ok[s];
        if (seen.insert(mask).second) {
          out.list.push_back({static_cast<VacancyKind>(k), static_cast<Schedule>(s), i, mask});
        }
      }
    }
  }
  return out;
}

// The boosts the rules `fired` give a seeker in no built-in group (none) and
// in each single built-in group (w[g]), capped at max_total_boost.
struct Boosts {
  double none = 0.0;
  std::array<double, kB> w{};
  bool Boosted(int g) const { return w[g] > none + kBoostTolerance; }
};

Boosts BoostsOf(const RuleGroups& rg, const std::vector<double>& weight, double cap,
                uint64_t fired) {
  double none = 0.0;
  std::array<double, kB> sum{};
  for (uint64_t left = fired; left != 0; left &= left - 1) {
    const int r = std::countr_zero(left);
    const double w = weight[r];
    if (rg.any_group[r]) {
      none += w;
    } else {
      for (unsigned b = rg.builtin[r]; b != 0; b &= b - 1) sum[std::countr_zero(b)] += w;
    }
  }
  Boosts out;
  out.none = std::min(cap, none);
  for (int g = 0; g < kB; ++g) out.w[g] = std::min(cap, none + sum[g]);
  return out;
}

// The rules to blame: those that fire for a compared group but not for the
// protected group `prot`, largest weight first (the rule most responsible
// is named first).
std::vector<int> BlameRules(const Policy& p, const RuleGroups& rg, uint64_t fired, int prot) {
  const int nr = static_cast<int>(p.rules.size());
  std::vector<int> blame;
  uint8_t compared_bits = 0;
  for (int g : Split().compared_ids) compared_bits |= static_cast<uint8_t>(1u << g);
  for (int r = 0; r < nr; ++r) {
    if (((fired >> r) & 1) && !rg.any_group[r] && (rg.builtin[r] & compared_bits) != 0 &&
        !((rg.builtin[r] >> prot) & 1)) {
      blame.push_back(r);
    }
  }
  std::stable_sort(blame.begin(), blame.end(),
                   [&](int a, int b) { return p.rules[a].weight > p.rules[b].weight; });
  return blame;
}

// "for a seeker asking for ... on a ... post ...": the situation in words.
std::string DescribeSituation(const SeekerSituation& s, const VacancySituation& v,
                              const std::vector<std::string>& industries) {
  return absl::StrCat(
      "for a seeker asking for '", Sv(ScheduleName(s.schedule)), "' work",
      s.months > 0 ? absl::StrCat(", unemployed for ", s.months, " months or more") : "",
      ", on a '", Sv(VacancyKindName(v.kind)), "' post with schedule '",
      Sv(ScheduleName(v.schedule)), "'",
      industries.empty() ? std::string()
      : v.industry < 0   ? std::string(" in an industry no rule names")
                         : absl::StrCat(" in industry ", QuoteForMessage(industries[v.industry])));
}

// The issue of protected group `prot` in a situation: left out of a measure
// that reaches most groups (`left_out`, `reached` compared groups boosted)
// or below every compared group.
PolicyIssue MakeIssue(const Policy& p, const RuleGroups& rg, uint64_t fired, const Boosts& b,
                      int prot, bool left_out, int reached, const std::string& where) {
  const std::vector<int> blame = BlameRules(p, rg, fired, prot);
  std::vector<std::string> amounts;
  for (int g : Split().compared_ids) {
    amounts.push_back(
        absl::StrCat(GroupName(g), " ", FormatNumber(static_cast<float>(b.w[g] - b.none))));
  }
  PolicyIssue issue;
  issue.path = blame.size() == 1 ? absl::StrCat("priority.rules[", blame[0], "]")
                                 : std::string("priority.rules");
  const std::string from = blame.empty() ? std::string()
                                         : absl::StrCat(blame.size() == 1 ? " (rule " : " (rules ",
                                                        RuleList(p, blame), ")");
  if (left_out) {
    issue.reason = absl::StrCat(
        where, ", ", reached, " of the ", kNumComparedGroups,
        " non-protected built-in key groups get a boost", from, " but the protected group '",
        GroupName(prot),
        "' gets none: a measure that reaches most key groups must reach every protected "
        "group (",
        ProtectedList(), "); ", kWhy);
  } else {
    issue.reason = absl::StrCat(
        where, ", the protected group '", GroupName(prot), "' gets a boost of ",
        FormatNumber(static_cast<float>(b.w[prot] - b.none)),
        ", less than every non-protected built-in key group (", absl::StrJoin(amounts, ", "), ")",
        from, ": no protected group may get less priority than all the others; ", kWhy);
  }
  return issue;
}

}  // namespace

std::optional<std::string> ReservationProblem(const std::vector<std::string>& groups,
                                              std::string_view what) {
  const GroupSplit& split = Split();
  std::vector<std::string> reached;
  for (int g : split.compared_ids) {
    if (Has(groups, kBuiltinGroups[g])) reached.push_back(GroupName(g));
  }
  if (static_cast<int>(reached.size()) < kBroadMeasureGroups) return std::nullopt;
  for (int p : split.protected_ids) {
    if (Has(groups, kBuiltinGroups[p])) continue;
    return absl::StrCat("reserves ", Sv(what), " for ", reached.size(), " of the ",
                        kNumComparedGroups, " non-protected built-in key groups (",
                        absl::StrJoin(reached, ", "), ") but not for the protected group '",
                        GroupName(p), "': a reservation for most key groups must include every ",
                        "protected group (", ProtectedList(), "); ", kWhy);
  }
  return std::nullopt;
}

std::optional<PolicyIssue> FindBoostIssue(const Policy& p) {
  const RuleGroups rg = ClassifyRules(p);
  if (rg.relevant == 0) return std::nullopt;
  const std::vector<SeekerSituation> seekers = SeekerSituations(p, rg.relevant);
  const VacancySituations vacancies = FindVacancySituations(p, rg.relevant);
  const int64_t situations =
      static_cast<int64_t>(seekers.size()) * static_cast<int64_t>(vacancies.list.size());
  if (situations > kMaxFairnessSituations) {
    return PolicyIssue{
        "priority.rules",
        absl::StrCat(situations,
                     " distinct combinations of rules to check for the equal "
                     "treatment of protected groups, more than the limit of ",
                     kMaxFairnessSituations,
                     " (kMaxFairnessSituations); use fewer distinct industry lists")};
  }

  const GroupSplit& split = Split();
  const double cap = p.max_total_boost;
  std::vector<double> weight(p.rules.size());
  for (size_t r = 0; r < p.rules.size(); ++r) weight[r] = p.rules[r].weight;
  absl::flat_hash_set<uint64_t> done;
  for (const VacancySituation& v : vacancies.list) {
    for (const SeekerSituation& s : seekers) {
      const uint64_t fired = v.mask & s.mask;
      if (!done.insert(fired).second) continue;
      const Boosts b = BoostsOf(rg, weight, cap, fired);
      for (int prot : split.protected_ids) {
        int reached = 0;
        bool below_all = true;
        for (int g : split.compared_ids) {
          reached += b.Boosted(g) ? 1 : 0;
          below_all = below_all && b.w[g] > b.w[prot] + kBoostTolerance;
        }
        const bool left_out = reached >= kBroadMeasureGroups && !b.Boosted(prot);
        if (!left_out && !below_all) continue;
        return MakeIssue(p, rg, fired, b, prot, left_out, reached,
                         DescribeSituation(s, v, vacancies.industries));
      }
    }
  }
  return std::nullopt;
}

}  // namespace jobmatch::internal
