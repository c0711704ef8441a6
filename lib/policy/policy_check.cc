// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/policy/policy_check.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "jobmatch/base/status_macros.h"
#include "policy/internal/policy_fairness.h"
#include "policy/internal/policy_values.h"

namespace jobmatch {
namespace internal {
namespace {

constexpr std::string_view kComponentKeys[kNumComponents] = {
    "skill", "embedding", "distance", "wage", "schedule", "education", "preference"};

// Builds messages "<source>: <path>: <reason>".
class Checker {
 public:
  explicit Checker(std::string_view source) : source_(source) {}

  absl::Status Error(std::string_view path, std::string_view why) const {
    if (source_.empty()) return absl::InvalidArgumentError(absl::StrCat(Sv(path), ": ", Sv(why)));
    return absl::InvalidArgumentError(absl::StrCat(Sv(source_), ": ", Sv(path), ": ", Sv(why)));
  }

  absl::Status Number(std::string_view path, float v, ValueRange r) const {
    if (!std::isfinite(v) || v < static_cast<float>(r.lo) || v > static_cast<float>(r.hi)) {
      return Error(path, RangeReason(r, v));
    }
    return absl::OkStatus();
  }

  absl::Status Identifier(std::string_view path, std::string_view what,
                          std::string_view name) const {
    const std::string why = IdentifierProblem(name);
    if (why.empty()) return absl::OkStatus();
    return Error(path, absl::StrCat("invalid ", Sv(what), " name: ", why));
  }

 private:
  std::string_view source_;
};

// A group a rule, restriction or quota names: an identifier, and built in or
// declared (`known`).
absl::Status CheckGroupRefs(const Checker& ck, const std::vector<std::string>& groups,
                            const std::string& path,
                            const absl::flat_hash_set<std::string>& known) {
  for (size_t i = 0; i < groups.size(); ++i) {
    const std::string p = absl::StrCat(path, "[", i, "]");
    JOBMATCH_RETURN_IF_ERROR(ck.Identifier(p, "key-group", groups[i]));
    if (!known.contains(groups[i])) {
      return ck.Error(p, absl::StrCat("unknown key group ", QuoteForMessage(groups[i]),
                                      " (built-in groups, or declare it in \"groups\")"));
    }
  }
  return absl::OkStatus();
}

bool ValidKind(VacancyKind k) {
  return static_cast<int>(k) >= 0 && static_cast<int>(k) < kNumVacancyKinds;
}
bool ValidSeekerSchedule(Schedule s) {
  return static_cast<int>(s) >= 0 && static_cast<int>(s) < kNumSeekerSchedules;
}
bool ValidVacancySchedule(Schedule s) {
  return static_cast<int>(s) >= 0 && static_cast<int>(s) < kNumVacancySchedules;
}

absl::Status CheckKinds(const Checker& ck, const std::vector<VacancyKind>& kinds,
                        const std::string& path) {
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (!ValidKind(kinds[i])) {
      return ck.Error(absl::StrCat(path, "[", i, "]"),
                      absl::StrCat("not a vacancy kind (value ", static_cast<int>(kinds[i]), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRule(const Checker& ck, const PriorityRule& r, size_t index,
                       const absl::flat_hash_set<std::string>& known,
                       absl::flat_hash_set<std::string>& names) {
  const std::string path = absl::StrCat("priority.rules[", index, "]");
  JOBMATCH_RETURN_IF_ERROR(ck.Identifier(path + ".name", "rule", r.name));
  if (!names.insert(r.name).second) {
    return ck.Error(path + ".name", absl::StrCat("duplicate rule name ", QuoteForMessage(r.name)));
  }
  if (r.weight < 0.0f) {
    return ck.Error(path + ".weight",
                    "must be >= 0: priority for key groups is a positive measure and no rule "
                    "may lower a score");
  }
  JOBMATCH_RETURN_IF_ERROR(ck.Number(path + ".weight", r.weight, kRuleWeightRange));
  JOBMATCH_RETURN_IF_ERROR(CheckGroupRefs(ck, r.groups, path + ".groups", known));
  if (r.min_months_unemployed < kMinMonthsRange.lo ||
      r.min_months_unemployed > kMinMonthsRange.hi) {
    return ck.Error(
        path + ".min_months_unemployed",
        absl::StrCat("must be an integer in [", FormatNumber(kMinMonthsRange.lo), ", ",
                     FormatNumber(kMinMonthsRange.hi), "], got ", r.min_months_unemployed));
  }
  for (size_t i = 0; i < r.seeker_schedules.size(); ++i) {
    if (!ValidSeekerSchedule(r.seeker_schedules[i])) {
      return ck.Error(
          absl::StrCat(path, ".seeker_schedules[", i, "]"),
          absl::StrCat("not a schedule (value ", static_cast<int>(r.seeker_schedules[i]), ")"));
    }
  }
  JOBMATCH_RETURN_IF_ERROR(CheckKinds(ck, r.kinds, path + ".kinds"));
  for (size_t i = 0; i < r.industries.size(); ++i) {
    JOBMATCH_RETURN_IF_ERROR(
        ck.Identifier(absl::StrCat(path, ".industries[", i, "]"), "industry", r.industries[i]));
  }
  for (size_t i = 0; i < r.schedules.size(); ++i) {
    if (!ValidVacancySchedule(r.schedules[i])) {
      return ck.Error(
          absl::StrCat(path, ".schedules[", i, "]"),
          absl::StrCat("not a vacancy schedule (value ", static_cast<int>(r.schedules[i]),
                       "; 'any' is a seeker's schedule only)"));
    }
  }
  // Guarantee 3: the rule is about who the seeker is.
  if (r.groups.empty() && r.seeker_schedules.empty() && r.min_months_unemployed == 0) {
    return ck.Error(path,
                    "a rule must select seekers by 'groups', 'seeker_schedules' or "
                    "'min_months_unemployed'");
  }
  if (r.groups.empty() && r.min_months_unemployed == 0) {
    bool all = true;
    for (int s = 0; s < kNumSeekerSchedules; ++s) {
      all = all && std::find(r.seeker_schedules.begin(), r.seeker_schedules.end(),
                             static_cast<Schedule>(s)) != r.seeker_schedules.end();
    }
    if (all) {
      return ck.Error(
          path, absl::StrCat("rule ", QuoteForMessage(r.name),
                             " selects every seeker (its seeker_schedules list all four schedules "
                             "and it sets no groups or min_months_unemployed): priority is about "
                             "who the seeker is, not a bonus for a kind of vacancy"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckQuota(const Checker& ck, const QuotaRule& q, size_t index,
                        const absl::flat_hash_set<std::string>& known,
                        absl::flat_hash_set<std::string>& names) {
  const std::string path = absl::StrCat("quotas[", index, "]");
  JOBMATCH_RETURN_IF_ERROR(ck.Identifier(path + ".name", "quota", q.name));
  if (!names.insert(q.name).second) {
    return ck.Error(path + ".name", absl::StrCat("duplicate quota name ", QuoteForMessage(q.name)));
  }
  if (q.groups.empty()) return ck.Error(path + ".groups", "must list at least one group");
  JOBMATCH_RETURN_IF_ERROR(CheckGroupRefs(ck, q.groups, path + ".groups", known));
  JOBMATCH_RETURN_IF_ERROR(CheckKinds(ck, q.kinds, path + ".kinds"));
  JOBMATCH_RETURN_IF_ERROR(ck.Number(path + ".share", q.share, kQuotaShareRange));
  if (auto why = ReservationProblem(q.groups, "places")) {
    return ck.Error(path, absl::StrCat("quota ", QuoteForMessage(q.name), " ", *why));
  }
  return absl::OkStatus();
}

absl::Status CheckQuotaList(const Checker& ck, absl::Span<const QuotaRule> quotas,
                            const absl::flat_hash_set<std::string>& known) {
  if (quotas.size() > static_cast<size_t>(kMaxPolicyQuotas)) {
    return ck.Error("quotas", absl::StrCat("has ", quotas.size(),
                                           " entries, more than the limit of ", kMaxPolicyQuotas));
  }
  absl::flat_hash_set<std::string> names;
  for (size_t i = 0; i < quotas.size(); ++i) {
    JOBMATCH_RETURN_IF_ERROR(CheckQuota(ck, quotas[i], i, known, names));
  }
  return absl::OkStatus();
}

// The declared key groups: identifiers, not built in, not repeated, at most
// kMaxGroups in all. Fills `known` with the built-in and declared groups.
absl::Status CheckGroups(const Checker& ck, const Policy& p,
                         absl::flat_hash_set<std::string>& known) {
  // Key groups: the built-in ones plus the declared ones, 64 in all.
  if (kNumBuiltinGroups + p.extra_groups.size() > static_cast<size_t>(kMaxGroups)) {
    return ck.Error("groups", absl::StrCat("at most ", kMaxGroups, " key groups in all"));
  }
  known.insert(std::begin(kBuiltinGroups), std::end(kBuiltinGroups));
  for (size_t i = 0; i < p.extra_groups.size(); ++i) {
    const std::string& g = p.extra_groups[i];
    JOBMATCH_RETURN_IF_ERROR(ck.Identifier(absl::StrCat("groups[", i, "]"), "key-group", g));
    if (!known.insert(g).second) {
      return ck.Error("groups", absl::StrCat("group ", QuoteForMessage(g),
                                             " is declared twice or is built in"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckWeights(const Checker& ck, const Policy& p) {
  float sum = 0.0f;
  for (int c = 0; c < kNumComponents; ++c) {
    JOBMATCH_RETURN_IF_ERROR(ck.Number(absl::StrCat("weights.", Sv(kComponentKeys[c])),
                                       p.weights[c], kComponentWeightRange));
    sum += p.weights[c];
  }
  if (!(sum > 0.0f)) return ck.Error("weights", "at least one weight must be > 0");
  return absl::OkStatus();
}

// The thresholds of the analytics sections: mismatch ratios in order, the
// outreach months and the audit's smallest cell.
absl::Status CheckAnalyticsSettings(const Checker& ck, const Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(
      ck.Number("mismatch.shortage_ratio", p.mismatch.shortage_ratio, kMismatchRatioRange));
  JOBMATCH_RETURN_IF_ERROR(
      ck.Number("mismatch.surplus_ratio", p.mismatch.surplus_ratio, kMismatchRatioRange));
  if (p.mismatch.surplus_ratio > p.mismatch.shortage_ratio) {
    return ck.Error("mismatch.surplus_ratio",
                    absl::StrCat("must be <= mismatch.shortage_ratio (",
                                 FormatNumber(p.mismatch.shortage_ratio), "), got ",
                                 FormatNumber(p.mismatch.surplus_ratio)));
  }
  if (p.outreach.long_unemployed_months < kMinMonthsRange.lo ||
      p.outreach.long_unemployed_months > kMinMonthsRange.hi) {
    return ck.Error("outreach.long_unemployed_months",
                    absl::StrCat("must be an integer in [0, ", FormatNumber(kMinMonthsRange.hi),
                                 "], got ", p.outreach.long_unemployed_months));
  }
  if (p.audit.min_cell_seekers < kAuditMinCellRange.lo ||
      p.audit.min_cell_seekers > kAuditMinCellRange.hi) {
    return ck.Error(
        "audit.min_cell_seekers",
        absl::StrCat("must be an integer in [", FormatNumber(kAuditMinCellRange.lo), ", ",
                     FormatNumber(kAuditMinCellRange.hi), "], got ", p.audit.min_cell_seekers));
  }
  return absl::OkStatus();
}

// The scoring values after partial_credit_per_grade (which CheckPolicyFrom
// checks before the analytics settings, as it always has).
absl::Status CheckScoring(const Checker& ck, const Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(ck.Number("scoring.default_max_commute_km", p.default_max_commute_km,
                                     kDefaultMaxCommuteRange));
  JOBMATCH_RETURN_IF_ERROR(
      ck.Number("scoring.wage_zero_ratio", p.wage_zero_ratio, kWageZeroRatioRange));
  JOBMATCH_RETURN_IF_ERROR(ck.Number("scoring.education_penalty_per_level",
                                     p.education_penalty_per_level, kEducationPenaltyRange));
  JOBMATCH_RETURN_IF_ERROR(
      ck.Number("scoring.neutral_preference", p.neutral_preference, kNeutralPreferenceRange));
  for (int a = 0; a < kNumSeekerSchedules; ++a) {
    for (int b = 0; b < kNumVacancySchedules; ++b) {
      JOBMATCH_RETURN_IF_ERROR(ck.Number(
          absl::StrCat("scoring.schedule_fit.", Sv(ScheduleName(static_cast<Schedule>(a))), ".",
                       Sv(ScheduleName(static_cast<Schedule>(b)))),
          p.schedule_fit[a][b], kScheduleFitRange));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPriority(const Checker& ck, const Policy& p,
                           const absl::flat_hash_set<std::string>& known) {
  JOBMATCH_RETURN_IF_ERROR(
      ck.Number("priority.max_total_boost", p.max_total_boost, kMaxTotalBoostRange));
  if (p.rules.size() > static_cast<size_t>(kMaxPolicyRules)) {
    return ck.Error(
        "priority.rules",
        absl::StrCat("has ", p.rules.size(), " entries, more than the limit of ", kMaxPolicyRules));
  }
  absl::flat_hash_set<std::string> rule_names;
  for (size_t i = 0; i < p.rules.size(); ++i) {
    JOBMATCH_RETURN_IF_ERROR(CheckRule(ck, p.rules[i], i, known, rule_names));
  }
  return absl::OkStatus();
}

// Each kind restricted at most once, to known groups, and never reserved
// for most key groups without the protected ones.
absl::Status CheckKindRestrictions(const Checker& ck, const Policy& p,
                                   const absl::flat_hash_set<std::string>& known) {
  const auto& restrictions = p.eligibility.kind_restrictions;
  for (size_t i = 0; i < restrictions.size(); ++i) {
    const KindRestriction& kr = restrictions[i];
    const std::string path = absl::StrCat("eligibility.kind_restrictions[", i, "]");
    if (!ValidKind(kr.kind)) {
      return ck.Error(path + ".kind",
                      absl::StrCat("not a vacancy kind (value ", static_cast<int>(kr.kind), ")"));
    }
    const absl::string_view kind = Sv(VacancyKindName(kr.kind));
    for (size_t j = 0; j < i; ++j) {
      if (restrictions[j].kind == kr.kind) {
        return ck.Error(path, absl::StrCat("kind '", kind, "' restricted twice"));
      }
    }
    if (kr.groups.empty()) return ck.Error(path + ".groups", "must list at least one group");
    JOBMATCH_RETURN_IF_ERROR(CheckGroupRefs(ck, kr.groups, path + ".groups", known));
    if (auto why = ReservationProblem(kr.groups, absl::StrCat("'", kind, "' posts"))) {
      return ck.Error(path, *why);
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string RangeReason(ValueRange r, double v) {
  return absl::StrCat("must be a finite number in [", FormatNumber(r.lo), ", ", FormatNumber(r.hi),
                      "], got ", FormatNumber(v));
}

std::string RangeReason(ValueRange r, float v) {
  return absl::StrCat("must be a finite number in [", FormatNumber(static_cast<float>(r.lo)), ", ",
                      FormatNumber(static_cast<float>(r.hi)), "], got ", FormatNumber(v));
}

absl::Status CheckPolicyFrom(const Policy& p, std::string_view source) {
  const Checker ck(source);
  if (std::string why = LabelProblem(p.name, kMaxPolicyNameBytes); !why.empty()) {
    return ck.Error("name", why);
  }
  // In this order: the first error found is the one reported.
  absl::flat_hash_set<std::string> known;
  JOBMATCH_RETURN_IF_ERROR(CheckGroups(ck, p, known));
  JOBMATCH_RETURN_IF_ERROR(CheckWeights(ck, p));
  JOBMATCH_RETURN_IF_ERROR(ck.Number("scoring.partial_credit_per_grade", p.partial_credit_per_grade,
                                     kPartialCreditRange));
  JOBMATCH_RETURN_IF_ERROR(CheckAnalyticsSettings(ck, p));
  JOBMATCH_RETURN_IF_ERROR(CheckScoring(ck, p));
  JOBMATCH_RETURN_IF_ERROR(CheckPriority(ck, p, known));
  JOBMATCH_RETURN_IF_ERROR(CheckKindRestrictions(ck, p, known));
  JOBMATCH_RETURN_IF_ERROR(CheckQuotaList(ck, p.quotas, known));

  // Guarantee 4 on the boosts, last: it assumes every value above is valid.
  if (std::optional<PolicyIssue> issue = FindBoostIssue(p)) {
    return ck.Error(issue->path, issue->reason);
  }
  return absl::OkStatus();
}

}  // namespace internal

absl::Status CheckPolicy(const Policy& policy) {
  return internal::CheckPolicyFrom(policy, "policy");
}

absl::Status CheckPolicy(const Policy& policy, const Vocabulary& vocab) {
  return ResolvePolicy(policy, vocab).status();
}

absl::StatusOr<ResolvedPolicy> ResolvePolicy(const Policy& p, const Vocabulary& vocab) {
  JOBMATCH_RETURN_IF_ERROR(CheckPolicy(p));
  auto error = [](std::string_view path, std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy: ", internal::Sv(path), ": ", internal::Sv(why)));
  };
  for (size_t i = 0; i < p.extra_groups.size(); ++i) {
    if (!vocab.FindGroup(p.extra_groups[i])) {
      return error(absl::StrCat("groups[", i, "]"),
                   absl::StrCat("the policy declares key group ",
                                internal::QuoteForMessage(p.extra_groups[i]),
                                " but the vocabulary lacks it (add it with Vocabulary::AddGroup "
                                "first)"));
    }
  }
  // Every name below is built in or declared (CheckPolicy), and declared
  // ones are in `vocab` (above); built-in ones are in every Vocabulary.
  auto mask_of = [&](const std::vector<std::string>& names,
                     const std::string& path) -> absl::StatusOr<GroupMask> {
    GroupMask m = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      const std::optional<int32_t> id = vocab.FindGroup(names[i]);
      if (!id) {
        return error(absl::StrCat(path, "[", i, "]"),
                     absl::StrCat("unknown key group ", internal::QuoteForMessage(names[i]),
                                  " (known: ", absl::StrJoin(vocab.groups().names(), ", "), ")"));
      }
      m |= GroupMask{1} << *id;
    }
    return m;
  };
  ResolvedPolicy out;
  for (size_t r = 0; r < p.rules.size(); ++r) {
    const PriorityRule& rule = p.rules[r];
    const std::string path = absl::StrCat("priority.rules[", r, "]");
    JOBMATCH_ASSIGN_OR_RETURN(GroupMask m, mask_of(rule.groups, path + ".groups"));
    out.rule_groups.push_back(m);
    std::vector<int32_t> ids;
    for (size_t i = 0; i < rule.industries.size(); ++i) {
      const std::optional<int32_t> id = vocab.FindIndustry(rule.industries[i]);
      if (!id) {
        return error(
            absl::StrCat(path, ".industries[", i, "]"),
            absl::StrCat("rule ", internal::QuoteForMessage(rule.name), ": unknown industry ",
                         internal::QuoteForMessage(rule.industries[i]),
                         " (not in the data's vocabulary)"));
      }
      ids.push_back(*id);
    }
    out.rule_industries.push_back(std::move(ids));
  }
  for (size_t k = 0; k < p.eligibility.kind_restrictions.size(); ++k) {
    const KindRestriction& kr = p.eligibility.kind_restrictions[k];
    JOBMATCH_ASSIGN_OR_RETURN(
        GroupMask m,
        mask_of(kr.groups, absl::StrCat("eligibility.kind_restrictions[", k, "].groups")));
    out.kind_groups[static_cast<int>(kr.kind)] = m;
  }
  JOBMATCH_ASSIGN_OR_RETURN(out.quota_groups, ResolveQuotas(p.quotas, vocab));
  return out;
}

absl::StatusOr<std::vector<GroupMask>> ResolveQuotas(absl::Span<const QuotaRule> quotas,
                                                     const Vocabulary& vocab) {
  const internal::Checker ck("");  // quotas may come from outside a policy (--quota)
  absl::flat_hash_set<std::string> known(vocab.groups().names().begin(),
                                         vocab.groups().names().end());
  JOBMATCH_RETURN_IF_ERROR(internal::CheckQuotaList(ck, quotas, known));
  std::vector<GroupMask> masks;
  masks.reserve(quotas.size());
  for (const QuotaRule& q : quotas) {
    GroupMask m = 0;
    for (const std::string& g : q.groups) m |= GroupMask{1} << *vocab.FindGroup(g);
    masks.push_back(m);
  }
  return masks;
}

}  // namespace jobmatch
