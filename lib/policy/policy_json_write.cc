// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Writes a Policy as a JSON document, one section at a time (Policy::ToJson
// dumps it).
#include <charconv>
#include <cstdlib>
#include <string>

#include "policy/internal/policy_json.h"

namespace jobmatch::internal {
namespace {

using Json = PolicyJson;

// The double closest to the shortest decimal that round-trips `f`, so the
// JSON shows 0.03 rather than 0.029999999329447746.
double Pretty(float f) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, f);
  return std::strtod(std::string(buf, r.ptr).c_str(), nullptr);
}

Json WeightsJson(const Policy& p) {
  Json w = Json::object();
  for (int c = 0; c < kNumComponents; ++c)
    w[std::string(ComponentName(static_cast<Component>(c)))] = Pretty(p.weights[c]);
  return w;
}

Json ScoringJson(const Policy& p) {
  Json s;
  s["partial_credit_per_grade"] = Pretty(p.partial_credit_per_grade);
  s["default_max_commute_km"] = Pretty(p.default_max_commute_km);
  s["wage_zero_ratio"] = Pretty(p.wage_zero_ratio);
  s["education_penalty_per_level"] = Pretty(p.education_penalty_per_level);
  s["neutral_preference"] = Pretty(p.neutral_preference);
  Json sf = Json::object();
  for (int a = 0; a < kNumSeekerSchedules; ++a) {
    Json row = Json::object();
    for (int b = 0; b < kNumVacancySchedules; ++b) {
      row[std::string(ScheduleName(static_cast<Schedule>(b)))] = Pretty(p.schedule_fit[a][b]);
    }
    sf[std::string(ScheduleName(static_cast<Schedule>(a)))] = row;
  }
  s["schedule_fit"] = sf;
  return s;
}

// A rule with only the conditions it sets.
Json RuleJson(const PriorityRule& r) {
  Json j;
  j["name"] = r.name;
  j["weight"] = Pretty(r.weight);
  if (!r.groups.empty()) j["groups"] = r.groups;
  if (r.min_months_unemployed > 0) j["min_months_unemployed"] = r.min_months_unemployed;
  auto names = [](const auto& v, auto namefn) {
    Json a = Json::array();
    for (auto e : v) a.push_back(std::string(namefn(e)));
    return a;
  };
  if (!r.seeker_schedules.empty()) j["seeker_schedules"] = names(r.seeker_schedules, ScheduleName);
  if (!r.kinds.empty()) j["kinds"] = names(r.kinds, VacancyKindName);
  if (!r.industries.empty()) j["industries"] = r.industries;
  if (!r.schedules.empty()) j["schedules"] = names(r.schedules, ScheduleName);
  return j;
}

Json EligibilityJson(const Eligibility& el) {
  Json e;
  e["enforce_max_commute"] = el.enforce_max_commute;
  e["enforce_accessibility"] = el.enforce_accessibility;
  e["enforce_min_education"] = el.enforce_min_education;
  e["enforce_reservation_wage"] = el.enforce_reservation_wage;
  Json kr = Json::array();
  for (const auto& r : el.kind_restrictions) {
    kr.push_back({{"kind", std::string(VacancyKindName(r.kind))}, {"groups", r.groups}});
  }
  e["kind_restrictions"] = kr;
  return e;
}

Json QuotasJson(const Policy& p) {
  Json quotas = Json::array();
  for (const QuotaRule& q : p.quotas) {
    Json j;
    j["name"] = q.name;
    j["groups"] = q.groups;
    Json kinds = Json::array();
    for (VacancyKind k : q.kinds) kinds.push_back(std::string(VacancyKindName(k)));
    j["kinds"] = kinds;
    j["share"] = Pretty(q.share);
    quotas.push_back(j);
  }
  return quotas;
}

// The mismatch, outreach and audit sections, each only when it differs from
// the defaults.
void AddAnalyticsSections(const Policy& p, Json& root) {
  if (p.mismatch != MismatchThresholds{}) {
    Json m;
    m["shortage_ratio"] = Pretty(p.mismatch.shortage_ratio);
    m["surplus_ratio"] = Pretty(p.mismatch.surplus_ratio);
    root["mismatch"] = m;
  }
  if (p.outreach != OutreachSettings{}) {
    Json m;
    m["long_unemployed_months"] = p.outreach.long_unemployed_months;
    root["outreach"] = m;
  }
  if (p.audit != AuditSettings{}) {
    Json a;
    a["min_cell_seekers"] = p.audit.min_cell_seekers;
    root["audit"] = a;
  }
}

}  // namespace

PolicyJson PolicyToDocument(const Policy& p) {
  Json root;
  root["format_version"] = kPolicyFormatVersion;
  root["name"] = p.name;
  root["groups"] = p.extra_groups;
  root["weights"] = WeightsJson(p);
  root["scoring"] = ScoringJson(p);
  Json rules = Json::array();
  for (const PriorityRule& r : p.rules) rules.push_back(RuleJson(r));
  root["priority"] = {{"max_total_boost", Pretty(p.max_total_boost)}, {"rules", rules}};
  root["eligibility"] = EligibilityJson(p.eligibility);
  root["quotas"] = QuotasJson(p);
  AddAnalyticsSections(p, root);
  return root;
}

}  // namespace jobmatch::internal
