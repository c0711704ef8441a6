// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/matching/allocation.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/task_runner.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/policy/policy_check.h"
#include "jobmatch/search/topk.h"
#include "matching/internal/graph_components.h"

namespace jobmatch {
namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

int64_t CountCovered(const std::vector<int64_t>& row_group, const Assignment& a) {
  absl::flat_hash_set<int64_t> covered;
  for (size_t r = 0; r < row_group.size(); ++r) {
    if (row_group[r] >= 0 && a.col_of_row[r] >= 0) covered.insert(row_group[r]);
  }
  return static_cast<int64_t>(covered.size());
}
// round(share x openings), half up, with the share read as the shortest
// decimal that converts back to this float: the number the policy file or the
// command line gave. Rounding the float product instead gives 0.7 x 5 =
// 3.4999999 -> 3 (0.7f is just below 0.7), where the documented rule says 4.
// Exact integer arithmetic; `share` in [0, 1], `openings` >= 0.
int32_t ReservedPlaces(float share, int32_t openings) {
  if (openings <= 0 || !(share > 0.0f)) return 0;
  if (share >= 1.0f) return openings;
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, share, std::chars_format::scientific);
  JOBMATCH_CHECK(ec == std::errc());
  // "d.dddde-XX": share = mantissa / 10^decimals.
  int64_t mantissa = 0;
  int digits = 0;
  const char* p = buf;
  for (; p < end && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') {
      mantissa = mantissa * 10 + (*p - '0');
      ++digits;
    }
  }
  int exponent = 0;
  JOBMATCH_CHECK(p < end &&
                 std::from_chars(p + (p[1] == '+' ? 2 : 1), end, exponent).ec == std::errc());
  const int decimals = digits - 1 - exponent;  // >= 1 as 0 < share < 1
  JOBMATCH_CHECK(decimals >= 1 && digits <= 9);
  // mantissa < 10^9 and openings < 2^31: 2 * mantissa * openings < 4.3e18,
  // so beyond 18 decimals the product is below one half.
  if (decimals > 18) return 0;
  int64_t pow10 = 1;
  for (int i = 0; i < decimals; ++i) pow10 *= 10;
  return static_cast<int32_t>((2 * mantissa * openings + pow10) / (2 * pow10));
}
}  // namespace

std::string_view SeekerOutcomeName(SeekerOutcome o) {
  switch (o) {
    case SeekerOutcome::kPlaced:
      return "placed";
    case SeekerOutcome::kNoEligibleVacancy:
      return "no_eligible_vacancy";
    case SeekerOutcome::kBelowMinScore:
      return "below_min_score";
    case SeekerOutcome::kOutbid:
      return "outbid";
  }
  return "unknown";
}

std::string_view VacancyOutcomeName(VacancyOutcome o) {
  switch (o) {
    case VacancyOutcome::kFilled:
      return "filled";
    case VacancyOutcome::kNoCandidates:
      return "no_candidates";
    case VacancyOutcome::kBelowMinScore:
      return "below_min_score";
    case VacancyOutcome::kCandidatesPlacedElsewhere:
      return "candidates_placed_elsewhere";
  }
  return "unknown";
}

namespace {

absl::Status CheckOptions(const Scorer& scorer, const AllocationOptions& options) {
  if (options.candidates_per_seeker < 1) {
    return absl::InvalidArgumentError("candidates_per_seeker must be >= 1");
  }
  if (std::isnan(options.min_score)) return absl::InvalidArgumentError("min_score is NaN");
  if (options.household_coverage && options.method != AllocationMethod::kOptimal) {
    return absl::InvalidArgumentError(
        "household coverage is available with the optimal method only");
  }
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  return CheckMemoryBudget(
      SaturatingBytes(ns, options.candidates_per_seeker, 12) +
          SaturatingBytes(ns, std::min<int64_t>(options.candidates_per_seeker, nv), 160),
      options.memory_budget_bytes,
      absl::StrCat("allocation over ", ns, " seekers x ", options.candidates_per_seeker,
                   " candidates"));
}

// Candidate lists from elsewhere: in range, grouped by seeker, finite.
absl::Status CheckCandidates(const EdgeList& e, int64_t ns, int64_t nv) {
  if (e.col.size() != e.row.size() || e.weight.size() != e.row.size()) {
    return absl::InvalidArgumentError("candidates: row, col and weight differ in length");
  }
  for (int64_t i = 0; i < e.size(); ++i) {
    if (e.row[i] < 0 || e.row[i] >= ns || e.col[i] < 0 || e.col[i] >= nv) {
      return absl::InvalidArgumentError(absl::StrCat("candidates: pair ", i, " is out of range (",
                                                     ns, " seekers, ", nv, " vacancies)"));
    }
    if (!std::isfinite(e.weight[i])) {
      return absl::InvalidArgumentError(absl::StrCat("candidates: pair ", i, ": score not finite"));
    }
    if (i > 0 && e.row[i] < e.row[i - 1]) {
      return absl::InvalidArgumentError(
          "candidates: pairs must be grouped by seeker, in row order");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EdgeList> AllocationCandidates(const Scorer& scorer,
                                              const AllocationOptions& options) {
  JOBMATCH_RETURN_IF_ERROR(CheckOptions(scorer, options));
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  const std::vector<int32_t>& capacity = scorer.vacancies().openings();
  // Each seeker's best eligible vacancies among those with openings (a
  // vacancy without openings can take nobody: as a candidate it would only
  // push a vacancy with room out of a seeker's list).
  std::vector<uint64_t> no_openings(static_cast<size_t>((nv + 63) / 64), 0);
  bool any_without = false;
  for (int64_t v = 0; v < nv; ++v) {
    if (capacity[v] <= 0) {
      no_openings[v / 64] |= uint64_t{1} << (v % 64);
      any_without = true;
    }
  }
  TopKOptions topt;
  topt.k = options.candidates_per_seeker;
  topt.num_threads = options.num_threads;
  topt.progress = options.progress;
  topt.memory_budget_bytes = options.memory_budget_bytes;
  topt.exhaustive = options.exhaustive;
  if (any_without) topt.excluded_candidates = no_openings;
  JOBMATCH_ASSIGN_OR_RETURN(TopKResult top, TopVacanciesForSeekers(scorer, topt));
  EdgeList edges;
  edges.row.reserve(static_cast<size_t>(ns) * topt.k);
  edges.col.reserve(edges.row.capacity());
  edges.weight.reserve(edges.row.capacity());
  for (int64_t s = 0; s < ns; ++s) {
    for (int j = 0; j < topt.k; ++j) {
      const int64_t v = top.index[s * topt.k + j];
      if (v < 0) break;
      edges.row.push_back(s);
      edges.col.push_back(v);
      edges.weight.push_back(top.score[s * topt.k + j]);
    }
  }
  return edges;
}

namespace {

// Zero-employment households: one group per household id among members of
// the household group (p.row_group, p.households). InvalidArgument when the
// group is unknown and household coverage is asked for.
absl::Status GroupHouseholds(const Scorer& scorer, const AllocationOptions& options,
                             AllocationProblem& p) {
  const SeekerTable& seekers = scorer.seekers();
  const int64_t ns = seekers.size();
  p.row_group.assign(ns, -1);
  if (auto gid = scorer.vocabulary().FindGroup(options.household_group)) {
    // Keyed by the household id itself; a member without one is a household
    // of one with a group of its own (no key that user data could forge).
    absl::flat_hash_map<std::string_view, int64_t> ids;
    for (int64_t s = 0; s < ns; ++s) {
      if (!((seekers.groups()[s] >> *gid) & 1)) continue;
      const std::string& household = seekers.household_ids()[s];
      if (household.empty()) {
        p.row_group[s] = p.households++;
        continue;
      }
      auto [it, inserted] = ids.try_emplace(household, p.households);
      if (inserted) ++p.households;
      p.row_group[s] = it->second;
    }
  } else if (options.household_coverage) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown key group '", options.household_group, "' for household coverage"));
  }
  return absl::OkStatus();
}

// The reserves of the quotas (assignment.h's reserved, reserve_class,
// row_classes); all empty without quotas.
struct QuotaReserves {
  std::vector<int32_t> reserved, reserve_class;
  std::vector<uint64_t> row_classes;
  int64_t reserved_places = 0;
};

// Quotas: the first matching quota per vacancy; a class bit per quota.
absl::StatusOr<QuotaReserves> ReserveQuotas(const Scorer& scorer,
                                            const AllocationOptions& options) {
  const SeekerTable& seekers = scorer.seekers();
  const VacancyTable& vacancies = scorer.vacancies();
  const int64_t ns = seekers.size(), nv = vacancies.size();
  const std::vector<int32_t>& capacity = vacancies.openings();
  std::vector<QuotaRule> quotas = scorer.policy().quotas;
  quotas.insert(quotas.end(), options.extra_quotas.begin(), options.extra_quotas.end());
  // The quota checks of a policy, applied to the whole list (policy_check.h).
  JOBMATCH_ASSIGN_OR_RETURN(const std::vector<GroupMask> quota_groups,
                            ResolveQuotas(quotas, scorer.vocabulary()));
  QuotaReserves q;
  if (quotas.empty()) return q;
  q.reserved.assign(nv, 0);
  q.reserve_class.assign(nv, -1);
  for (int64_t v = 0; v < nv; ++v) {
    const auto kind = static_cast<VacancyKind>(vacancies.kind()[v]);
    for (size_t k = 0; k < quotas.size(); ++k) {
      const auto& kinds = quotas[k].kinds;
      if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
      q.reserved[v] = std::min(ReservedPlaces(quotas[k].share, capacity[v]), capacity[v]);
      q.reserve_class[v] = static_cast<int32_t>(k);
      q.reserved_places += q.reserved[v];
      break;
    }
  }
  q.row_classes.assign(ns, 0);
  for (int64_t s = 0; s < ns; ++s) {
    for (size_t k = 0; k < quotas.size(); ++k) {
      if ((seekers.groups()[s] & quota_groups[k]) != 0) q.row_classes[s] |= uint64_t{1} << k;
    }
  }
  if (options.method == AllocationMethod::kStable && options.proposer != Proposer::kRows) {
    return absl::InvalidArgumentError("quotas with the stable method need seekers to propose");
  }
  return q;
}

}  // namespace

absl::StatusOr<AllocationProblem> PrepareAllocation(const Scorer& scorer,
                                                    const AllocationOptions& options,
                                                    EdgeList candidates) {
  JOBMATCH_RETURN_IF_ERROR(CheckOptions(scorer, options));
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  JOBMATCH_RETURN_IF_ERROR(CheckCandidates(candidates, ns, nv));
  AllocationProblem p;
  p.candidates = std::move(candidates);
  JOBMATCH_RETURN_IF_ERROR(GroupHouseholds(scorer, options, p));
  JOBMATCH_ASSIGN_OR_RETURN(QuotaReserves q, ReserveQuotas(scorer, options));
  p.reserved_places = q.reserved_places;

  AssignmentOptions& ao = p.assignment;
  ao.objective = options.objective;
  ao.min_weight = options.min_score;
  ao.reserved = q.reserved;
  ao.reserve_class = q.reserve_class;
  ao.row_classes = q.row_classes;
  ao.num_threads = options.num_threads;
  ao.split_components = options.split_components;
  if (options.household_coverage) {
    p.without_coverage = ao;
    ao.row_group = p.row_group;
    ao.cover_groups = true;
  }
  StableMatchingOptions& so = p.stable;
  so.proposer = options.proposer;
  so.min_weight = options.min_score;
  so.reserved = std::move(q.reserved);
  so.reserve_class = std::move(q.reserve_class);
  so.row_classes = std::move(q.row_classes);
  // The stable matching decomposes too (it is unique, so the parts give
  // the same answer: tests/components_test.cc), but deferred acceptance
  // is linear and cheaper than splitting the graph (0.17 s whole against
  // 0.54 s split on 3M edges, bench_regions): it runs whole.
  so.split_components = false;
  return p;
}

absl::StatusOr<AllocationResult> FinishAllocation(const Scorer& scorer,
                                                  const AllocationOptions& options,
                                                  const AllocationProblem& problem,
                                                  const Assignment& a,
                                                  const Assignment* without_coverage) {
  const VacancyTable& vacancies = scorer.vacancies();
  const int64_t ns = scorer.seekers().size(), nv = vacancies.size();
  const std::vector<int32_t>& capacity = vacancies.openings();
  const EdgeList& edges = problem.candidates;
  if (static_cast<int64_t>(a.edge_of_row.size()) != ns ||
      static_cast<int64_t>(a.col_of_row.size()) != ns) {
    return absl::InvalidArgumentError("assignment: one entry per seeker expected");
  }
  if (options.household_coverage && without_coverage == nullptr) {
    return absl::InvalidArgumentError("household coverage: the solve without coverage is missing");
  }
  AllocationResult res;
  res.reserved_places = problem.reserved_places;
  if (options.household_coverage) {
    res.total_score_without_coverage = without_coverage->total_weight;
    res.households_covered_without_coverage = CountCovered(problem.row_group, *without_coverage);
  }
  res.vacancy_of_seeker = a.col_of_row;
  res.score_of_seeker.assign(ns, kNegInf);
  res.seeker_outcome.assign(ns, SeekerOutcome::kOutbid);
  res.filled.assign(nv, 0);
  res.vacancy_outcome.assign(nv, VacancyOutcome::kFilled);
  res.candidate_edges = edges.size();
  res.households = problem.households;
  res.households_covered = CountCovered(problem.row_group, a);
  res.total_openings = vacancies.total_openings();
  // Per seeker and vacancy: any candidate at all, any acceptable one.
  std::vector<uint8_t> s_any(ns, 0), s_ok(ns, 0), v_any(nv, 0), v_ok(nv, 0);
  for (int64_t i = 0; i < edges.size(); ++i) {
    const bool ok = edges.weight[i] >= options.min_score;
    s_any[edges.row[i]] = v_any[edges.col[i]] = 1;
    if (ok) s_ok[edges.row[i]] = v_ok[edges.col[i]] = 1;
  }
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t e = a.edge_of_row[s];
    if (e >= 0) {
      if (e >= edges.size() || edges.row[e] != s || edges.col[e] != a.col_of_row[s]) {
        return absl::InvalidArgumentError("assignment: a seeker takes a pair that is not its own");
      }
      res.seeker_outcome[s] = SeekerOutcome::kPlaced;
      res.score_of_seeker[s] = edges.weight[e];
      ++res.filled[edges.col[e]];
      ++res.placed;
      res.total_score += edges.weight[e];
    } else if (!s_any[s]) {
      res.seeker_outcome[s] = SeekerOutcome::kNoEligibleVacancy;
    } else if (!s_ok[s]) {
      res.seeker_outcome[s] = SeekerOutcome::kBelowMinScore;
    }
  }
  const std::vector<int32_t>& reserved = problem.assignment.reserved;
  if (!reserved.empty()) {
    const std::vector<int32_t>& reserve_class = problem.assignment.reserve_class;
    const std::vector<uint64_t>& row_classes = problem.assignment.row_classes;
    std::vector<int32_t> by_class(nv, 0);
    for (int64_t s = 0; s < ns; ++s) {
      const int64_t v = res.vacancy_of_seeker[s];
      if (v >= 0 && reserve_class[v] >= 0 && ((row_classes[s] >> reserve_class[v]) & 1))
        ++by_class[v];
    }
    for (int64_t v = 0; v < nv; ++v) res.reserved_filled += std::min(by_class[v], reserved[v]);
  }
  for (int64_t v = 0; v < nv; ++v) {
    if (res.filled[v] > capacity[v]) {
      return absl::InvalidArgumentError("assignment: a vacancy takes more seekers than openings");
    }
    if (res.filled[v] >= capacity[v]) continue;
    res.vacancy_outcome[v] = !v_any[v]  ? VacancyOutcome::kNoCandidates
                             : !v_ok[v] ? VacancyOutcome::kBelowMinScore
                                        : VacancyOutcome::kCandidatesPlacedElsewhere;
  }
  return res;
}

absl::StatusOr<AllocationResult> Allocate(const Scorer& scorer, const AllocationOptions& options) {
  JOBMATCH_ASSIGN_OR_RETURN(EdgeList candidates, AllocationCandidates(scorer, options));
  JOBMATCH_ASSIGN_OR_RETURN(AllocationProblem p,
                            PrepareAllocation(scorer, options, std::move(candidates)));
  const int64_t ns = scorer.seekers().size();
  const std::vector<int32_t>& capacity = scorer.vacancies().openings();
  if (options.method == AllocationMethod::kStable) {
    JOBMATCH_ASSIGN_OR_RETURN(const Assignment a,
                              SolveStableMatching(ns, capacity, p.candidates, p.stable));
    return FinishAllocation(scorer, options, p, a, nullptr);
  }
  if (!options.household_coverage) {
    JOBMATCH_ASSIGN_OR_RETURN(const Assignment a,
                              SolveAssignment(ns, capacity, p.candidates, p.assignment));
    return FinishAllocation(scorer, options, p, a, nullptr);
  }
  // With coverage, the solve without it only prices coverage. The two are
  // independent: they run side by side, each on its share of the threads (a
  // candidate graph that is one component, as a generated country's is,
  // gains nothing from more threads inside one solve). Each solve's answer
  // does not depend on its thread count, so the result is that of the two
  // solves run in turn.
  const int threads = ResolveThreadCount(options.num_threads);
  const int side_by_side = threads >= 2 ? 2 : 1;
  p.assignment.num_threads = threads - threads / 2;  // all of them when there is one
  p.without_coverage.num_threads = std::max(1, threads / 2);
  Assignment solved[2];  // with coverage, without
  JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(
      2, side_by_side, ProgressFn(), internal::kAssignmentCancelled,
      [&](int64_t k) -> absl::Status {
        JOBMATCH_ASSIGN_OR_RETURN(solved[k],
                                  SolveAssignment(ns, capacity, p.candidates,
                                                  k == 0 ? p.assignment : p.without_coverage));
        return absl::OkStatus();
      }));
  return FinishAllocation(scorer, options, p, solved[0], &solved[1]);
}

}  // namespace jobmatch
