// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Reads a parsed policy document into a Policy, one section at a time, with
// the JSON path of the first error found (policy.cc parses the text).
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "jobmatch/base/status_macros.h"
#include "policy/internal/policy_json.h"
#include "policy/internal/policy_values.h"

namespace jobmatch::internal {
namespace {

using Json = PolicyJson;

std::string Quote(absl::string_view v) { return QuoteForMessage(Std(v)); }

// Reads one policy document, tracking the JSON path for error messages.
class Reader {
 public:
  Reader(absl::string_view source, const PolicyLimits& limits) : source_(source), limits_(limits) {}

  const PolicyLimits& limits() const { return limits_; }

  // Refuses an array longer than `max` before its entries are looked at
  // (some checks on entries are quadratic).
  absl::Status CheckLength(const Json& array, absl::string_view path, int64_t max,
                           absl::string_view limit_name) const {
    if (static_cast<int64_t>(array.size()) > max) {
      return Error(path, absl::StrCat("has ", array.size(), " entries, more than the limit of ",
                                      max, " (PolicyLimits::", limit_name, ")"));
    }
    return absl::OkStatus();
  }

  absl::Status Error(absl::string_view path, absl::string_view why) const {
    return absl::InvalidArgumentError(absl::StrCat(source_, ": ", path, ": ", why));
  }

  static std::string Join(absl::string_view path, absl::string_view key) {
    return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
  }

  absl::Status CheckKeys(const Json& obj, absl::string_view path,
                         std::initializer_list<absl::string_view> allowed) const {
    if (!obj.is_object()) return Error(path, "must be an object");
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (absl::string_view a : allowed) ok |= (a == it.key());
      if (!ok) {
        return Error(path, absl::StrCat("unknown key ", Quote(it.key()),
                                        " (allowed: ", absl::StrJoin(allowed, ", "), ")"));
      }
    }
    return absl::OkStatus();
  }

  // Reads a finite number in `range` when present. The JSON number (a
  // double) is compared, so 10.0000001 is outside [0, 10] although it would
  // round to the float 10.
  absl::Status Number(const Json& obj, absl::string_view key, absl::string_view path,
                      internal::ValueRange range, float* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    const std::string p = Join(path, key);
    if (!it->is_number()) return Error(p, "must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < range.lo || v > range.hi) {
      return Error(p, internal::RangeReason(range, v));
    }
    *out = static_cast<float>(v);
    return absl::OkStatus();
  }

  absl::Status Bool(const Json& obj, absl::string_view key, absl::string_view path,
                    bool* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    if (!it->is_boolean()) return Error(Join(path, key), "must be true or false");
    *out = it->get<bool>();
    return absl::OkStatus();
  }

  absl::Status String(const Json& obj, absl::string_view key, absl::string_view path,
                      std::string* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    if (!it->is_string()) return Error(Join(path, key), "must be a string");
    *out = it->get<std::string>();
    return absl::OkStatus();
  }

  absl::Status Strings(const Json& obj, absl::string_view key, absl::string_view path,
                       std::vector<std::string>* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    const std::string p = Join(path, key);
    if (!it->is_array()) return Error(p, "must be an array of strings");
    JOBMATCH_RETURN_IF_ERROR(CheckLength(*it, p, limits_.max_list_items, "max_list_items"));
    out->clear();
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& e = (*it)[i];
      if (!e.is_string() || e.get<std::string>().empty()) {
        return Error(absl::StrCat(p, "[", i, "]"), "must be a non-empty string");
      }
      out->push_back(e.get<std::string>());
    }
    return absl::OkStatus();
  }

  template <typename Enum, typename ParseFn>
  absl::Status Enums(const Json& obj, absl::string_view key, absl::string_view path, ParseFn parse,
                     absl::string_view allowed, std::vector<Enum>* out) const {
    std::vector<std::string> names;
    JOBMATCH_RETURN_IF_ERROR(Strings(obj, key, path, &names));
    out->clear();
    for (size_t i = 0; i < names.size(); ++i) {
      auto e = parse(names[i]);
      if (!e) {
        return Error(absl::StrCat(Join(path, key), "[", i, "]"),
                     absl::StrCat("unknown value ", Quote(names[i]), " (allowed: ", allowed, ")"));
      }
      out->push_back(*e);
    }
    return absl::OkStatus();
  }

 private:
  std::string source_;
  PolicyLimits limits_;
};

constexpr absl::string_view kKindList = "regular, trainee, public_welfare, gig";
constexpr absl::string_view kVacancyScheduleList = "full_time, school_hours, flexible";
constexpr absl::string_view kScheduleList = "full_time, school_hours, flexible, any";

std::optional<Schedule> ParseVacancySchedule(std::string_view s) {
  auto r = ParseSchedule(s);
  if (r && *r == Schedule::kAny) return std::nullopt;
  return r;
}

absl::Status ParseRule(const Reader& rd, const Json& j, absl::string_view path,
                       PriorityRule* rule) {
  JOBMATCH_RETURN_IF_ERROR(
      rd.CheckKeys(j, path,
                   {"name", "weight", "groups", "min_months_unemployed", "seeker_schedules",
                    "kinds", "industries", "schedules", "description"}));
  if (!j.contains("name") || !j.contains("weight")) {
    return rd.Error(path, "a rule needs 'name' and 'weight'");
  }
  JOBMATCH_RETURN_IF_ERROR(rd.String(j, "name", path, &rule->name));
  if (j["weight"].is_number() && j["weight"].get<double>() < 0) {
    return rd.Error(absl::StrCat(path, ".weight"),
                    "must be >= 0: priority for key groups is a positive measure and "
                    "no rule may lower a score");
  }
  JOBMATCH_RETURN_IF_ERROR(rd.Number(j, "weight", path, internal::kRuleWeightRange, &rule->weight));
  JOBMATCH_RETURN_IF_ERROR(rd.Strings(j, "groups", path, &rule->groups));
  float months = 0;
  JOBMATCH_RETURN_IF_ERROR(
      rd.Number(j, "min_months_unemployed", path, internal::kMinMonthsRange, &months));
  if (months != std::floor(months)) {
    return rd.Error(absl::StrCat(path, ".min_months_unemployed"), "must be an integer");
  }
  rule->min_months_unemployed = static_cast<int32_t>(months);
  JOBMATCH_RETURN_IF_ERROR(
      rd.Enums(j, "seeker_schedules", path, ParseSchedule, kScheduleList, &rule->seeker_schedules));
  JOBMATCH_RETURN_IF_ERROR(rd.Enums(j, "kinds", path, ParseVacancyKind, kKindList, &rule->kinds));
  JOBMATCH_RETURN_IF_ERROR(rd.Strings(j, "industries", path, &rule->industries));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Enums(j, "schedules", path, ParseVacancySchedule, kVacancyScheduleList, &rule->schedules));
  return absl::OkStatus();
}

absl::Status ParseFormatVersion(const Reader& rd, const Json& root) {
  if (!root.contains("format_version")) {
    return rd.Error("format_version", absl::StrCat("missing (this library reads version ",
                                                   kPolicyFormatVersion, ")"));
  }
  if (!root["format_version"].is_number_integer()) {
    return rd.Error("format_version", "must be an integer");
  }
  if (root["format_version"].get<int64_t>() != kPolicyFormatVersion) {
    return rd.Error("format_version", absl::StrCat("unsupported (this library reads version ",
                                                   kPolicyFormatVersion, ")"));
  }
  return absl::OkStatus();
}

absl::Status ParseWeights(const Reader& rd, const Json& w, Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(
      w, "weights",
      {"skill", "embedding", "distance", "wage", "schedule", "education", "preference"}));
  for (int c = 0; c < kNumComponents; ++c) {
    JOBMATCH_RETURN_IF_ERROR(rd.Number(w, Sv(ComponentName(static_cast<Component>(c))), "weights",
                                       kComponentWeightRange, &p.weights[c]));
  }
  return absl::OkStatus();
}

// "scoring.schedule_fit": one object per seeker schedule, each with the
// vacancy schedules.
absl::Status ParseScheduleFit(const Reader& rd, const Json& sf, Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(
      rd.CheckKeys(sf, "scoring.schedule_fit", {"full_time", "school_hours", "flexible", "any"}));
  for (int a = 0; a < kNumSeekerSchedules; ++a) {
    const absl::string_view an = Sv(ScheduleName(static_cast<Schedule>(a)));
    auto row = sf.find(std::string(an));
    if (row == sf.end()) continue;
    const std::string path = absl::StrCat("scoring.schedule_fit.", an);
    JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(*row, path, {"full_time", "school_hours", "flexible"}));
    for (int b = 0; b < kNumVacancySchedules; ++b) {
      JOBMATCH_RETURN_IF_ERROR(rd.Number(*row, Sv(ScheduleName(static_cast<Schedule>(b))), path,
                                         kScheduleFitRange, &p.schedule_fit[a][b]));
    }
  }
  return absl::OkStatus();
}

absl::Status ParseScoring(const Reader& rd, const Json& s, Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(
      rd.CheckKeys(s, "scoring",
                   {"partial_credit_per_grade", "default_max_commute_km", "wage_zero_ratio",
                    "education_penalty_per_level", "neutral_preference", "schedule_fit"}));
  JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "partial_credit_per_grade", "scoring", kPartialCreditRange,
                                     &p.partial_credit_per_grade));
  JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "default_max_commute_km", "scoring",
                                     kDefaultMaxCommuteRange, &p.default_max_commute_km));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Number(s, "wage_zero_ratio", "scoring", kWageZeroRatioRange, &p.wage_zero_ratio));
  JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "education_penalty_per_level", "scoring",
                                     kEducationPenaltyRange, &p.education_penalty_per_level));
  JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "neutral_preference", "scoring", kNeutralPreferenceRange,
                                     &p.neutral_preference));
  if (auto sf = s.find("schedule_fit"); sf != s.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseScheduleFit(rd, *sf, p));
  }
  return absl::OkStatus();
}

absl::Status ParsePriority(const Reader& rd, const Json& pr, Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(pr, "priority", {"max_total_boost", "rules"}));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Number(pr, "max_total_boost", "priority", kMaxTotalBoostRange, &p.max_total_boost));
  if (auto rules = pr.find("rules"); rules != pr.end()) {
    if (!rules->is_array()) return rd.Error("priority.rules", "must be an array");
    JOBMATCH_RETURN_IF_ERROR(
        rd.CheckLength(*rules, "priority.rules", rd.limits().max_rules, "max_rules"));
    for (size_t i = 0; i < rules->size(); ++i) {
      PriorityRule r;
      JOBMATCH_RETURN_IF_ERROR(
          ParseRule(rd, (*rules)[i], absl::StrCat("priority.rules[", i, "]"), &r));
      p.rules.push_back(std::move(r));
    }
  }
  return absl::OkStatus();
}

absl::Status ParseMismatch(const Reader& rd, const Json& m, Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(m, "mismatch", {"shortage_ratio", "surplus_ratio"}));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Number(m, "shortage_ratio", "mismatch", kMismatchRatioRange, &p.mismatch.shortage_ratio));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Number(m, "surplus_ratio", "mismatch", kMismatchRatioRange, &p.mismatch.surplus_ratio));
  return absl::OkStatus();
}

absl::Status ParseOutreach(const Reader& rd, const Json& o, Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(o, "outreach", {"long_unemployed_months"}));
  float months = static_cast<float>(p.outreach.long_unemployed_months);
  JOBMATCH_RETURN_IF_ERROR(
      rd.Number(o, "long_unemployed_months", "outreach", kMinMonthsRange, &months));
  if (months != std::floor(months)) {
    return rd.Error("outreach.long_unemployed_months", "must be an integer");
  }
  p.outreach.long_unemployed_months = static_cast<int32_t>(months);
  return absl::OkStatus();
}

absl::Status ParseAudit(const Reader& rd, const Json& a, Policy& p) {
  JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(a, "audit", {"min_cell_seekers"}));
  float cells = static_cast<float>(p.audit.min_cell_seekers);
  JOBMATCH_RETURN_IF_ERROR(rd.Number(a, "min_cell_seekers", "audit", kAuditMinCellRange, &cells));
  if (cells != std::floor(cells)) {
    return rd.Error("audit.min_cell_seekers", "must be an integer");
  }
  p.audit.min_cell_seekers = static_cast<int32_t>(cells);
  return absl::OkStatus();
}

// "eligibility.kind_restrictions": each kind at most once.
absl::Status ParseKindRestrictions(const Reader& rd, const Json& kr, Eligibility& el) {
  if (!kr.is_array()) return rd.Error("eligibility.kind_restrictions", "must be an array");
  // Each kind at most once: a longer list repeats one.
  if (kr.size() > static_cast<size_t>(kNumVacancyKinds)) {
    return rd.Error("eligibility.kind_restrictions",
                    absl::StrCat("has ", kr.size(), " entries, more than the ", kNumVacancyKinds,
                                 " vacancy kinds (each kind at most once)"));
  }
  for (size_t i = 0; i < kr.size(); ++i) {
    const std::string path = absl::StrCat("eligibility.kind_restrictions[", i, "]");
    const Json& r = kr[i];
    JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(r, path, {"kind", "groups", "description"}));
    std::string kind;
    JOBMATCH_RETURN_IF_ERROR(rd.String(r, "kind", path, &kind));
    auto k = ParseVacancyKind(kind);
    if (!k) {
      return rd.Error(absl::StrCat(path, ".kind"),
                      absl::StrCat("unknown kind ", Quote(kind), " (allowed: ", kKindList, ")"));
    }
    KindRestriction res;
    res.kind = *k;
    JOBMATCH_RETURN_IF_ERROR(rd.Strings(r, "groups", path, &res.groups));
    el.kind_restrictions.push_back(std::move(res));
  }
  return absl::OkStatus();
}

absl::Status ParseEligibility(const Reader& rd, const Json& e, Eligibility& el) {
  JOBMATCH_RETURN_IF_ERROR(
      rd.CheckKeys(e, "eligibility",
                   {"enforce_max_commute", "enforce_accessibility", "enforce_min_education",
                    "enforce_reservation_wage", "kind_restrictions"}));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Bool(e, "enforce_max_commute", "eligibility", &el.enforce_max_commute));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Bool(e, "enforce_accessibility", "eligibility", &el.enforce_accessibility));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Bool(e, "enforce_min_education", "eligibility", &el.enforce_min_education));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Bool(e, "enforce_reservation_wage", "eligibility", &el.enforce_reservation_wage));
  if (auto kr = e.find("kind_restrictions"); kr != e.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseKindRestrictions(rd, *kr, el));
  }
  return absl::OkStatus();
}

absl::Status ParseQuotas(const Reader& rd, const Json& qs, Policy& p) {
  if (!qs.is_array()) return rd.Error("quotas", "must be an array");
  JOBMATCH_RETURN_IF_ERROR(rd.CheckLength(qs, "quotas", rd.limits().max_quotas, "max_quotas"));
  for (size_t i = 0; i < qs.size(); ++i) {
    const std::string path = absl::StrCat("quotas[", i, "]");
    const Json& q = qs[i];
    JOBMATCH_RETURN_IF_ERROR(
        rd.CheckKeys(q, path, {"name", "groups", "kinds", "share", "description"}));
    QuotaRule rule;
    if (!q.contains("name") || !q.contains("share") || !q.contains("groups")) {
      return rd.Error(path, "a quota needs 'name', 'groups' and 'share'");
    }
    JOBMATCH_RETURN_IF_ERROR(rd.String(q, "name", path, &rule.name));
    JOBMATCH_RETURN_IF_ERROR(rd.Strings(q, "groups", path, &rule.groups));
    JOBMATCH_RETURN_IF_ERROR(rd.Enums(q, "kinds", path, ParseVacancyKind, kKindList, &rule.kinds));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(q, "share", path, kQuotaShareRange, &rule.share));
    p.quotas.push_back(std::move(rule));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Policy> PolicyFromDocument(const Json& root, absl::string_view source,
                                          const PolicyLimits& limits) {
  Reader rd(source, limits);
  Policy p;
  p.rules.clear();
  p.eligibility.kind_restrictions.clear();
  JOBMATCH_RETURN_IF_ERROR(
      rd.CheckKeys(root, "(root)",
                   {"format_version", "name", "description", "groups", "weights", "scoring",
                    "priority", "eligibility", "quotas", "mismatch", "outreach", "audit"}));
  JOBMATCH_RETURN_IF_ERROR(ParseFormatVersion(rd, root));
  JOBMATCH_RETURN_IF_ERROR(rd.String(root, "name", "", &p.name));
  JOBMATCH_RETURN_IF_ERROR(rd.Strings(root, "groups", "", &p.extra_groups));
  // Sections in this order: the first error found is the one reported.
  if (auto it = root.find("weights"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseWeights(rd, *it, p));
  }
  if (auto it = root.find("scoring"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseScoring(rd, *it, p));
  }
  if (auto it = root.find("priority"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParsePriority(rd, *it, p));
  }
  if (auto it = root.find("mismatch"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseMismatch(rd, *it, p));
  }
  if (auto it = root.find("outreach"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseOutreach(rd, *it, p));
  }
  if (auto it = root.find("audit"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseAudit(rd, *it, p));
  }
  if (auto it = root.find("eligibility"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseEligibility(rd, *it, p.eligibility));
  }
  if (auto it = root.find("quotas"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(ParseQuotas(rd, *it, p));
  }

  // Every value check (ranges of the floats, names, duplicates, groups
  // built in or declared, the equal-treatment guarantees) is CheckPolicy's:
  // the same for a file and for a Policy built in C++ (policy_check.h).
  JOBMATCH_RETURN_IF_ERROR(CheckPolicyFrom(p, Std(source)));
  return p;
}

}  // namespace jobmatch::internal
