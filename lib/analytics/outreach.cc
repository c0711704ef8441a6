// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Outreach case lists: who is listed, where, in which order, with which
// vacancies (definitions in analytics/outreach.h and docs/analytics.md).
#include "jobmatch/analytics/outreach.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/search/topk.h"

namespace jobmatch {
namespace {

constexpr std::string_view kReasonNames[kNumOutreachReasons] = {
    "zero_employment_household", "hard_to_employ", "disabled", "long_unemployed_youth"};
// The key group behind each reason (long-unemployed youth: graduate_youth).
constexpr std::string_view kReasonGroups[kNumOutreachReasons] = {
    "zero_employment_household", "hard_to_employ", "disabled", "graduate_youth"};

std::string AreaName(std::string_view v) {
  return v.empty() ? std::string("(unknown)") : std::string(v);
}

std::string StationName(const SeekerTable& s, int64_t row, OutreachLevel level) {
  std::string name = AreaName(s.districts()[row]);
  if (level >= OutreachLevel::kTown) absl::StrAppend(&name, "/", AreaName(s.towns()[row]));
  if (level >= OutreachLevel::kVillage) absl::StrAppend(&name, "/", AreaName(s.villages()[row]));
  return name;
}

// The need order's key of one case (smaller first).
struct NeedKey {
  int urgent = 0;     // index of the most urgent reason
  int reasons = 0;    // number of reasons (negated in the comparison)
  int64_t months = 0;  // months unemployed (negated)
  int64_t unit = 0;   // household's lowest row, or the seeker's row
  int64_t row = 0;
  auto Tuple() const { return std::make_tuple(urgent, -reasons, -months, unit, row); }
};

}  // namespace

std::string_view OutreachLevelName(OutreachLevel level) {
  switch (level) {
    case OutreachLevel::kDistrict:
      return "district";
    case OutreachLevel::kTown:
      return "town";
    case OutreachLevel::kVillage:
      return "village";
  }
  return "unknown";
}

std::optional<OutreachLevel> ParseOutreachLevel(std::string_view name) {
  for (OutreachLevel l : {OutreachLevel::kDistrict, OutreachLevel::kTown, OutreachLevel::kVillage}) {
    if (OutreachLevelName(l) == name) return l;
  }
  return std::nullopt;
}

std::string_view OutreachReasonName(int i) {
  return i >= 0 && i < kNumOutreachReasons ? kReasonNames[i] : std::string_view("unknown");
}

std::string OutreachReasonsText(uint8_t reasons) {
  std::string out;
  for (int i = 0; i < kNumOutreachReasons; ++i) {
    if (!((reasons >> i) & 1)) continue;
    if (!out.empty()) out.push_back('+');
    out.append(kReasonNames[i]);
  }
  return out;
}

absl::StatusOr<OutreachList> Outreach(const Scorer& scorer, const OutreachOptions& options) {
  const SeekerTable& S = scorer.seekers();
  const VacancyTable& V = scorer.vacancies();
  const Vocabulary& vocab = scorer.vocabulary();
  const int64_t ns = S.size(), nv = V.size();
  if (options.top < 0 || options.top > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("top must be in [0, 1000], got ", options.top));
  }
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  const int32_t months_threshold =
      options.long_unemployed_months.value_or(scorer.policy().outreach.long_unemployed_months);
  if (months_threshold < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("long_unemployed_months must be >= 0, got ", months_threshold));
  }
  JOBMATCH_RETURN_IF_ERROR(CheckMemoryBudget(
      SaturatingBytes(ns, 1, 64) + SaturatingBytes(ns, std::max(options.top, 1), 64),
      options.memory_budget_bytes, absl::StrCat("outreach lists over ", ns, " seekers")));

  std::optional<int32_t> group[kNumOutreachReasons];
  for (int i = 0; i < kNumOutreachReasons; ++i) group[i] = vocab.FindGroup(kReasonGroups[i]);

  OutreachList list;
  list.level = options.level;
  list.long_unemployed_months = months_threshold;
  list.top = options.top;

  // The allocation: given, or run here (households covered first when the
  // zero-employment household group exists).
  std::vector<int64_t> placed_in = options.vacancy_of_seeker;
  if (placed_in.empty() && ns > 0) {
    AllocationOptions ao;
    ao.household_coverage = group[0].has_value();
    ao.num_threads = options.num_threads;
    ao.memory_budget_bytes = options.memory_budget_bytes;
    JOBMATCH_ASSIGN_OR_RETURN(AllocationResult r, Allocate(scorer, ao));
    placed_in = std::move(r.vacancy_of_seeker);
    list.allocated_here = true;
  }
  if (static_cast<int64_t>(placed_in.size()) != ns) {
    return absl::InvalidArgumentError(absl::StrCat("vacancy_of_seeker has ", placed_in.size(),
                                                   " entries for ", ns, " seekers"));
  }
  std::vector<int32_t> filled(static_cast<size_t>(nv), 0);
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = placed_in[s];
    if (v < -1 || v >= nv) {
      return absl::InvalidArgumentError(
          absl::StrCat("vacancy_of_seeker[", s, "] = ", v, " is not a vacancy row or -1"));
    }
    if (v >= 0 && ++filled[v] > V.openings()[v]) {
      return absl::InvalidArgumentError(
          absl::StrCat("the allocation places more seekers in vacancy row ", v, " than its ",
                       V.openings()[v], " openings"));
    }
  }

  // Zero-employment households: keyed by household id among the group's
  // members (a member without one is a household of one), as Allocate does.
  std::vector<int64_t> household(static_cast<size_t>(ns), -1);
  std::vector<int64_t> anchor;   // lowest row per household
  std::vector<uint8_t> covered;  // a member is placed
  if (group[0]) {
    absl::flat_hash_map<std::string_view, int64_t> ids;
    for (int64_t s = 0; s < ns; ++s) {
      if (!((S.groups()[s] >> *group[0]) & 1)) continue;
      const std::string& id = S.household_ids()[s];
      int64_t h;
      if (id.empty()) {
        h = static_cast<int64_t>(anchor.size());
      } else {
        auto [it, inserted] = ids.try_emplace(id, static_cast<int64_t>(anchor.size()));
        h = it->second;
      }
      if (h == static_cast<int64_t>(anchor.size())) {
        anchor.push_back(s);
        covered.push_back(0);
      }
      household[s] = h;
      if (placed_in[s] >= 0) covered[h] = 1;
    }
  }
  list.households = static_cast<int64_t>(anchor.size());
  for (uint8_t c : covered) list.households_uncovered += c == 0;

  // Who is listed, and why.
  std::vector<uint8_t> reasons(static_cast<size_t>(ns), 0);
  std::vector<int64_t> listed;
  for (int64_t s = 0; s < ns; ++s) {
    const GroupMask g = S.groups()[s];
    uint8_t r = 0;
    if (household[s] >= 0 && !covered[household[s]]) r |= kOutreachZeroEmploymentHousehold;
    if (group[1] && ((g >> *group[1]) & 1)) r |= kOutreachHardToEmploy;
    if (group[2] && ((g >> *group[2]) & 1)) r |= kOutreachDisabled;
    if (group[3] && ((g >> *group[3]) & 1) && S.months_unemployed()[s] >= months_threshold)
      r |= kOutreachLongUnemployedYouth;
    reasons[s] = r;
    if (r != 0) listed.push_back(s);
  }
  list.cases = static_cast<int64_t>(listed.size());

  // Household-level need (so that members stay together): the largest
  // number of reasons and months among the listed members.
  std::vector<int> h_reasons(anchor.size(), 0);
  std::vector<int64_t> h_months(anchor.size(), 0);
  for (int64_t s : listed) {
    if (!(reasons[s] & kOutreachZeroEmploymentHousehold)) continue;
    const int64_t h = household[s];
    h_reasons[h] = std::max(h_reasons[h], std::popcount(reasons[s]));
    h_months[h] = std::max<int64_t>(h_months[h], S.months_unemployed()[s]);
  }

  // Stations.
  absl::flat_hash_map<std::string, int32_t> station_of_name;
  std::vector<std::string> names;
  std::vector<int32_t> station(listed.size(), -1);
  for (size_t i = 0; i < listed.size(); ++i) {
    const int64_t s = listed[i];
    const int64_t home = (reasons[s] & kOutreachZeroEmploymentHousehold) ? anchor[household[s]] : s;
    std::string name = StationName(S, home, options.level);
    auto [it, inserted] = station_of_name.try_emplace(name, static_cast<int32_t>(names.size()));
    if (inserted) names.push_back(std::move(name));
    station[i] = it->second;
  }
  std::vector<int32_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return names[a] < names[b]; });
  std::vector<int32_t> rank_of(names.size());
  list.stations.resize(names.size());
  for (size_t k = 0; k < order.size(); ++k) {
    rank_of[order[k]] = static_cast<int32_t>(k);
    list.stations[k].name = names[order[k]];
  }

  // Vacancies: the best `top` eligible ones with a free place.
  TopKResult top;
  if (options.top > 0 && !listed.empty()) {
    std::vector<uint64_t> full(static_cast<size_t>((nv + 63) / 64), 0);
    bool any_full = false;
    for (int64_t v = 0; v < nv; ++v) {
      if (filled[v] >= V.openings()[v]) {
        full[v / 64] |= uint64_t{1} << (v % 64);
        any_full = true;
      }
    }
    TopKOptions to;
    to.k = options.top;
    to.rows = listed;
    to.num_threads = options.num_threads;
    to.progress = options.progress;
    to.memory_budget_bytes = options.memory_budget_bytes;
    if (any_full) to.excluded_candidates = full;
    JOBMATCH_ASSIGN_OR_RETURN(top, TopVacanciesForSeekers(scorer, to));
  }

  std::vector<std::vector<std::pair<NeedKey, OutreachCase>>> by_station(names.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    const int64_t s = listed[i];
    OutreachCase c;
    c.seeker = s;
    c.reasons = reasons[s];
    c.allocated_vacancy = placed_in[s];
    for (int j = 0; j < top.k; ++j) {
      const size_t cell = i * static_cast<size_t>(top.k) + j;
      const int64_t v = top.index[cell];
      if (v < 0) break;
      const Explanation e = scorer.Explain(s, v);
      OutreachVacancy ov;
      ov.vacancy = v;
      ov.score = top.score[cell];
      ov.distance_km = e.distance_km;
      ov.remote = e.remote;
      for (const FiredRule& r : e.rules) ov.rules.push_back(r.name);
      c.vacancies.push_back(std::move(ov));
    }
    NeedKey key;
    key.urgent = std::countr_zero(reasons[s]);
    key.row = s;
    if (reasons[s] & kOutreachZeroEmploymentHousehold) {
      const int64_t h = household[s];
      key.reasons = h_reasons[h];
      key.months = h_months[h];
      key.unit = anchor[h];
    } else {
      key.reasons = std::popcount(reasons[s]);
      key.months = S.months_unemployed()[s];
      key.unit = s;
    }
    by_station[rank_of[station[i]]].emplace_back(key, std::move(c));
  }
  for (size_t k = 0; k < by_station.size(); ++k) {
    auto& cases = by_station[k];
    std::sort(cases.begin(), cases.end(),
              [](const auto& a, const auto& b) { return a.first.Tuple() < b.first.Tuple(); });
    OutreachStation& st = list.stations[k];
    st.cases.reserve(cases.size());
    for (auto& [key, c] : cases) {
      c.need_rank = static_cast<int64_t>(st.cases.size()) + 1;
      if (c.reasons & kOutreachZeroEmploymentHousehold && anchor[household[c.seeker]] == c.seeker)
        ++st.households_uncovered;
      st.cases.push_back(std::move(c));
    }
  }
  return list;
}

}  // namespace jobmatch
