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
#include "absl/strings/str_format.h"
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
  int urgent = 0;      // index of the most urgent reason
  int reasons = 0;     // number of reasons (negated in the comparison)
  int64_t months = 0;  // months unemployed (negated)
  int64_t unit = 0;    // household's lowest row, or the seeker's row
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
  for (OutreachLevel l :
       {OutreachLevel::kDistrict, OutreachLevel::kTown, OutreachLevel::kVillage}) {
    if (OutreachLevelName(l) == name) return l;
  }
  return std::nullopt;
}

std::string_view OutreachReasonName(int i) {
  return i >= 0 && i < kNumOutreachReasons ? kReasonNames[i] : std::string_view("unknown");
}

std::string OutreachTrainingText(const OutreachCase& c, const Vocabulary& vocab) {
  std::string out;
  for (const TrainingUpgrade& u : c.training) {
    if (!out.empty()) out.append("; ");
    absl::StrAppend(&out, vocab.skills().Name(u.skill), "\u2192", u.grade, " (+",
                    absl::StrFormat("%.3f", u.gain));
    if (u.newly_met > 0) absl::StrAppend(&out, ", ", u.newly_met, " newly met");
    out.push_back(')');
  }
  return out;
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

namespace {

// The allocation's vacancy row per seeker row: the given one (checked), or
// one run here with households covered first when their key group exists.
absl::StatusOr<std::vector<int64_t>> ResolvePlacements(const Scorer& scorer,
                                                       const OutreachOptions& options,
                                                       bool cover_households,
                                                       bool* allocated_here) {
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  std::vector<int64_t> placed = options.vacancy_of_seeker;
  if (placed.empty() && ns > 0) {
    AllocationOptions ao;
    ao.household_coverage = cover_households;
    ao.num_threads = options.num_threads;
    ao.memory_budget_bytes = options.memory_budget_bytes;
    JOBMATCH_ASSIGN_OR_RETURN(AllocationResult r, Allocate(scorer, ao));
    placed = std::move(r.vacancy_of_seeker);
    *allocated_here = true;
  }
  if (static_cast<int64_t>(placed.size()) != ns) {
    return absl::InvalidArgumentError(
        absl::StrCat("vacancy_of_seeker has ", placed.size(), " entries for ", ns, " seekers"));
  }
  std::vector<int32_t> filled(static_cast<size_t>(nv), 0);
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = placed[s];
    if (v < -1 || v >= nv) {
      return absl::InvalidArgumentError(
          absl::StrCat("vacancy_of_seeker[", s, "] = ", v, " is not a vacancy row or -1"));
    }
    if (v >= 0 && ++filled[v] > scorer.vacancies().openings()[v]) {
      return absl::InvalidArgumentError(
          absl::StrCat("the allocation places more seekers in vacancy row ", v, " than its ",
                       scorer.vacancies().openings()[v], " openings"));
    }
  }
  return placed;
}

// Zero-employment households, keyed by household id among the group's
// members (a member without one is a household of one), as Allocate does.
struct Households {
  std::vector<int64_t> of_seeker;  // household index, or -1
  std::vector<int64_t> anchor;     // lowest row per household
  std::vector<uint8_t> covered;    // a member is placed
};

Households FindHouseholds(const SeekerTable& S, std::optional<int32_t> group,
                          const std::vector<int64_t>& placed) {
  Households h;
  h.of_seeker.assign(static_cast<size_t>(S.size()), -1);
  if (!group) return h;
  absl::flat_hash_map<std::string_view, int64_t> ids;
  for (int64_t s = 0; s < S.size(); ++s) {
    if (!((S.groups()[s] >> *group) & 1)) continue;
    const std::string& id = S.household_ids()[s];
    const int64_t next = static_cast<int64_t>(h.anchor.size());
    const int64_t k = id.empty() ? next : ids.try_emplace(id, next).first->second;
    if (k == next) {
      h.anchor.push_back(s);
      h.covered.push_back(0);
    }
    h.of_seeker[s] = k;
    if (placed[s] >= 0) h.covered[k] = 1;
  }
  return h;
}

// The reasons of every seeker (0 = not listed).
std::vector<uint8_t> FindReasons(const SeekerTable& S,
                                 const std::optional<int32_t> (&group)[kNumOutreachReasons],
                                 const Households& h, int32_t months_threshold) {
  std::vector<uint8_t> reasons(static_cast<size_t>(S.size()), 0);
  for (int64_t s = 0; s < S.size(); ++s) {
    const GroupMask g = S.groups()[s];
    auto in = [&](int i) { return group[i] && ((g >> *group[i]) & 1); };
    uint8_t r = 0;
    if (h.of_seeker[s] >= 0 && !h.covered[h.of_seeker[s]]) r |= kOutreachZeroEmploymentHousehold;
    if (in(1)) r |= kOutreachHardToEmploy;
    if (in(2)) r |= kOutreachDisabled;
    if (in(3) && S.months_unemployed()[s] >= months_threshold) r |= kOutreachLongUnemployedYouth;
    reasons[s] = r;
  }
  return reasons;
}

// Need-order keys of the listed seekers; household members take their
// household's largest number of reasons and months, so they stay together.
std::vector<NeedKey> NeedKeys(const SeekerTable& S, const std::vector<int64_t>& listed,
                              const std::vector<uint8_t>& reasons, const Households& h) {
  std::vector<int> h_reasons(h.anchor.size(), 0);
  std::vector<int64_t> h_months(h.anchor.size(), 0);
  for (int64_t s : listed) {
    if (!(reasons[s] & kOutreachZeroEmploymentHousehold)) continue;
    const int64_t k = h.of_seeker[s];
    h_reasons[k] = std::max(h_reasons[k], std::popcount(reasons[s]));
    h_months[k] = std::max<int64_t>(h_months[k], S.months_unemployed()[s]);
  }
  std::vector<NeedKey> keys(listed.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    const int64_t s = listed[i];
    NeedKey& key = keys[i];
    key.urgent = std::countr_zero(reasons[s]);
    key.row = s;
    if (reasons[s] & kOutreachZeroEmploymentHousehold) {
      const int64_t k = h.of_seeker[s];
      key.reasons = h_reasons[k];
      key.months = h_months[k];
      key.unit = h.anchor[k];
    } else {
      key.reasons = std::popcount(reasons[s]);
      key.months = S.months_unemployed()[s];
      key.unit = s;
    }
  }
  return keys;
}

// The station (index into the returned, sorted names) of each listed seeker:
// an uncovered household's members at their anchor's station.
std::vector<int32_t> AssignStations(const SeekerTable& S, const std::vector<int64_t>& listed,
                                    const std::vector<uint8_t>& reasons, const Households& h,
                                    OutreachLevel level, std::vector<std::string>* sorted_names) {
  absl::flat_hash_map<std::string, int32_t> index;
  std::vector<std::string> names;
  std::vector<int32_t> station(listed.size(), -1);
  for (size_t i = 0; i < listed.size(); ++i) {
    const int64_t s = listed[i];
    const bool zeh = reasons[s] & kOutreachZeroEmploymentHousehold;
    std::string name = StationName(S, zeh ? h.anchor[h.of_seeker[s]] : s, level);
    auto [it, inserted] = index.try_emplace(name, static_cast<int32_t>(names.size()));
    if (inserted) names.push_back(std::move(name));
    station[i] = it->second;
  }
  std::vector<int32_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return names[a] < names[b]; });
  std::vector<int32_t> rank_of(names.size());
  sorted_names->clear();
  for (size_t k = 0; k < order.size(); ++k) {
    rank_of[order[k]] = static_cast<int32_t>(k);
    sorted_names->push_back(names[order[k]]);
  }
  for (int32_t& st : station) st = rank_of[st];
  return station;
}

// Each listed seeker's best `top` eligible vacancies with a free place.
absl::StatusOr<TopKResult> FreeVacancies(const Scorer& scorer, const OutreachOptions& options,
                                         const std::vector<int64_t>& listed,
                                         const std::vector<int64_t>& placed) {
  TopKResult top;
  if (options.top == 0 || listed.empty()) return top;
  const VacancyTable& V = scorer.vacancies();
  const int64_t nv = V.size();
  std::vector<int32_t> filled(static_cast<size_t>(nv), 0);
  for (int64_t v : placed) {
    if (v >= 0) ++filled[v];
  }
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
  return TopVacanciesForSeekers(scorer, to);
}

// Listed row i's vacancies, with what Explain says about each pair.
std::vector<OutreachVacancy> Explained(const Scorer& scorer, const TopKResult& top, size_t i) {
  std::vector<OutreachVacancy> out;
  for (int j = 0; j < top.k; ++j) {
    const size_t cell = i * static_cast<size_t>(top.k) + j;
    const int64_t v = top.index[cell];
    if (v < 0) break;
    const Explanation e = scorer.Explain(top.row_ids[i], v);
    OutreachVacancy ov;
    ov.vacancy = v;
    ov.score = top.score[cell];
    ov.distance_km = e.distance_km;
    ov.remote = e.remote;
    for (const FiredRule& r : e.rules) ov.rules.push_back(r.name);
    out.push_back(std::move(ov));
  }
  return out;
}

// The options Outreach checks before any work, with the threshold of
// long-unemployed youth (the option, else the policy's).
absl::StatusOr<int32_t> CheckOutreachOptions(const Scorer& scorer, const OutreachOptions& options) {
  if (options.top < 0 || options.top > 1000) {
    return absl::InvalidArgumentError(absl::StrCat("top must be in [0, 1000], got ", options.top));
  }
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  if (options.training_top < 0 || options.training_top > 20 || options.training_k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("training_top must be in [0, 20] and training_k >= 1, got ",
                     options.training_top, " and ", options.training_k));
  }
  const int32_t months_threshold =
      options.long_unemployed_months.value_or(scorer.policy().outreach.long_unemployed_months);
  if (months_threshold < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("long_unemployed_months must be >= 0, got ", months_threshold));
  }
  const int64_t ns = scorer.seekers().size();
  JOBMATCH_RETURN_IF_ERROR(CheckMemoryBudget(
      SaturatingBytes(ns, 1, 64) + SaturatingBytes(ns, std::max(options.top, 1), 64),
      options.memory_budget_bytes, absl::StrCat("outreach lists over ", ns, " seekers")));
  return months_threshold;
}

// Training advice for the listed seekers (none when options.training_top
// is 0 or nobody is listed).
absl::StatusOr<TrainingAdvice> ListedTraining(const Scorer& scorer, const OutreachOptions& options,
                                              const std::vector<int64_t>& listed) {
  TrainingAdvice advice;
  if (options.training_top > 0 && !listed.empty()) {
    TrainingOptions to;
    to.seekers = listed;
    to.k = options.training_k;
    to.top = options.training_top;
    to.num_threads = options.num_threads;
    JOBMATCH_ASSIGN_OR_RETURN(advice, AdviseTraining(scorer, to));
  }
  return advice;
}

// What Outreach found, for the cases of the stations: the listed seekers,
// their reasons, need keys, placements, vacancies and advice.
struct CaseInputs {
  const std::vector<int64_t>& listed;
  const std::vector<uint8_t>& reasons;
  const std::vector<NeedKey>& keys;
  const std::vector<int64_t>& placed;
  const Households& h;
  const TopKResult& top;
  const TrainingAdvice& advice;
};

// The stations (names[k] is station k's) with their cases in need order.
void FillStations(const Scorer& scorer, const CaseInputs& in, const std::vector<int32_t>& station,
                  std::vector<std::string>& names, OutreachList& list) {
  std::vector<std::vector<size_t>> by_station(names.size());
  for (size_t i = 0; i < in.listed.size(); ++i) by_station[station[i]].push_back(i);
  list.stations.resize(names.size());
  for (size_t k = 0; k < names.size(); ++k) {
    std::vector<size_t>& idx = by_station[k];
    std::sort(idx.begin(), idx.end(),
              [&](size_t a, size_t b) { return in.keys[a].Tuple() < in.keys[b].Tuple(); });
    OutreachStation& st = list.stations[k];
    st.name = std::move(names[k]);
    st.cases.reserve(idx.size());
    for (size_t i : idx) {
      const int64_t s = in.listed[i];
      OutreachCase c;
      c.seeker = s;
      c.reasons = in.reasons[s];
      c.need_rank = static_cast<int64_t>(st.cases.size()) + 1;
      c.allocated_vacancy = in.placed[s];
      if (in.top.k > 0) c.vacancies = Explained(scorer, in.top, i);
      if (!in.advice.seekers.empty()) {
        const auto u = in.advice.upgrades_of(i);
        c.training.assign(u.begin(), u.end());
      }
      if ((c.reasons & kOutreachZeroEmploymentHousehold) && in.h.anchor[in.h.of_seeker[s]] == s)
        ++st.households_uncovered;
      st.cases.push_back(std::move(c));
    }
  }
}

}  // namespace

absl::StatusOr<OutreachList> Outreach(const Scorer& scorer, const OutreachOptions& options) {
  const SeekerTable& S = scorer.seekers();
  const int64_t ns = S.size();
  JOBMATCH_ASSIGN_OR_RETURN(const int32_t months_threshold, CheckOutreachOptions(scorer, options));
  std::optional<int32_t> group[kNumOutreachReasons];
  for (int i = 0; i < kNumOutreachReasons; ++i)
    group[i] = scorer.vocabulary().FindGroup(kReasonGroups[i]);

  OutreachList list;
  list.level = options.level;
  list.long_unemployed_months = months_threshold;
  list.top = options.top;
  JOBMATCH_ASSIGN_OR_RETURN(
      const std::vector<int64_t> placed,
      ResolvePlacements(scorer, options, group[0].has_value(), &list.allocated_here));
  const Households h = FindHouseholds(S, group[0], placed);
  list.households = static_cast<int64_t>(h.anchor.size());
  for (uint8_t c : h.covered) list.households_uncovered += c == 0;
  const std::vector<uint8_t> reasons = FindReasons(S, group, h, months_threshold);
  std::vector<int64_t> listed;
  for (int64_t s = 0; s < ns; ++s) {
    if (reasons[s] != 0) listed.push_back(s);
  }
  list.cases = static_cast<int64_t>(listed.size());
  std::vector<std::string> names;
  const std::vector<int32_t> station = AssignStations(S, listed, reasons, h, options.level, &names);
  const std::vector<NeedKey> keys = NeedKeys(S, listed, reasons, h);
  JOBMATCH_ASSIGN_OR_RETURN(const TopKResult top, FreeVacancies(scorer, options, listed, placed));
  JOBMATCH_ASSIGN_OR_RETURN(const TrainingAdvice advice, ListedTraining(scorer, options, listed));
  FillStations(scorer, CaseInputs{listed, reasons, keys, placed, h, top, advice}, station, names,
               list);
  return list;
}

}  // namespace jobmatch
