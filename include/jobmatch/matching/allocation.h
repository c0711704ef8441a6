// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Global allocation: one coherent assignment of seekers to vacancies that
// respects openings, built on the candidate graph of each seeker's top-k
// eligible vacancies among those with openings (topk.h; a vacancy without
// openings can take nobody and is never a candidate):
//   * kOptimal: maximum total score (or most placements, then score) by
//     min-cost flow (assignment.h), optionally covering as many
//     zero-employment households (零就业家庭) as possible first;
//   * kStable: stable matching with capacities (stable_matching.h), seekers
//     or vacancies proposing, both sides ranking by the pair's score
//     (priority boosts included).
// Every seeker left unplaced and every vacancy left open gets a reason.
// The candidate graph falls apart into independent regions (its connected
// components; with household coverage a household's members tie theirs
// together); the optimal method solves them apart and in parallel, with a
// result identical to one solve over the whole graph (split_components).
//
// Example:
//   jobmatch::AllocationOptions o;
//   o.household_coverage = true;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::AllocationResult r,
//       jobmatch::Allocate(scorer, o));
#ifndef JOBMATCH_MATCHING_ALLOCATION_H_
#define JOBMATCH_MATCHING_ALLOCATION_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/matching/stable_matching.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch {

enum class AllocationMethod { kOptimal = 0, kStable = 1 };

// Why a seeker ends where they do.
enum class SeekerOutcome {
  kPlaced = 0,
  kNoEligibleVacancy = 1,  // no eligible vacancy with an opening (reach,
                           // kind, access…; or only vacancies without openings)
  kBelowMinScore = 2,      // eligible vacancies exist, all below min_score
  kOutbid = 3,             // every acceptable candidate vacancy is full, with
                           // others (an assignment never leaves a seeker out
                           // while an acceptable candidate has room)
};
// Why a vacancy is (not) full.
enum class VacancyOutcome {
  kFilled = 0,                     // every opening filled (or it has none)
  kNoCandidates = 1,               // in no seeker's candidate list
  kBelowMinScore = 2,              // every candidate pair below min_score
  kCandidatesPlacedElsewhere = 3,  // acceptable candidates went elsewhere
};
std::string_view SeekerOutcomeName(SeekerOutcome o);    // "placed", "no_eligible_vacancy", …
std::string_view VacancyOutcomeName(VacancyOutcome o);  // "filled", "no_candidates", …

struct AllocationOptions {
  AllocationMethod method = AllocationMethod::kOptimal;
  // kOptimal: the objective.
  AssignmentObjective objective = AssignmentObjective::kMaxWeight;
  // kStable: who proposes (kRows = seekers).
  Proposer proposer = Proposer::kRows;
  // Candidate edges per seeker (its best eligible vacancies), >= 1.
  int candidates_per_seeker = 30;
  // Pairs scoring below this are never matched.
  float min_score = -std::numeric_limits<float>::infinity();
  // kOptimal only: place at least one member of as many zero-employment
  // households as possible first (members: seekers in `household_group`
  // sharing a household_id), then optimise; the price in total score is
  // reported.
  bool household_coverage = false;
  std::string household_group = "zero_employment_household";
  // Reserved quotas: the policy's `quotas` (policy.h) apply, then these.
  // A vacancy takes the first matching quota: round(share * openings) of
  // its places are reserved for the quota's groups and released to others
  // when those groups do not fill them. kOptimal fills as many reserved
  // places with their groups as possible before maximising the score;
  // kStable uses minority reserves (stable_matching.h; seekers propose).
  std::vector<QuotaRule> extra_quotas;
  // Threads for the candidate top-k and for solving independent regions; 0 =
  // all cores. The result does not depend on it.
  int num_threads = 0;
  // kOptimal, independent regions: the connected components of the
  // candidate graph (with household coverage, a household's members tie
  // theirs together) are solved apart, in parallel. The allocation is
  // identical to the single solve over the whole graph (false), which tests
  // keep as the reference. kStable always matches the whole graph: its
  // matching is unique, and deferred acceptance costs less than splitting.
  bool split_components = true;
  ProgressFn progress;  // candidate generation (rows done, rows total)
  // Estimated memory: seekers x candidates_per_seeker x 12 bytes of candidate
  // lists plus seekers x min(candidates_per_seeker, vacancies) x 160 bytes of
  // edges and flow network (measured: about 115 bytes per candidate edge with
  // household coverage); a larger estimate is refused with
  // ResourceExhausted before anything is allocated. 0 = the default budget
  // (base/memory_budget.h).
  int64_t memory_budget_bytes = 0;
  // The candidate top-k scores every pair instead of pruning
  // (TopKOptions::exhaustive); the result is the same.
  bool exhaustive = false;
};

struct AllocationResult {
  std::vector<int64_t> vacancy_of_seeker;  // vacancy row, or -1
  std::vector<float> score_of_seeker;      // the placement's score, or -inf
  std::vector<SeekerOutcome> seeker_outcome;
  std::vector<int32_t> filled;  // per vacancy row
  std::vector<VacancyOutcome> vacancy_outcome;
  int64_t placed = 0;
  int64_t total_openings = 0;
  double total_score = 0.0;
  int64_t candidate_edges = 0;
  // Household coverage (filled when household_coverage is on, counted
  // always): households with a member in household_group, and how many of
  // them have a placed member.
  int64_t households = 0;
  int64_t households_covered = 0;
  // With household_coverage: total score and households covered of the same
  // allocation without coverage, so the price is the difference.
  double total_score_without_coverage = 0.0;
  int64_t households_covered_without_coverage = 0;
  // Quotas: places reserved, and reserved places filled by their groups.
  int64_t reserved_places = 0;
  int64_t reserved_filled = 0;
};

[[nodiscard]] absl::StatusOr<AllocationResult> Allocate(const Scorer& scorer,
                                                        const AllocationOptions& options);

// ------------------------------------------------------ allocation in steps
//
// Allocate runs four steps, public so that the costly ones can run elsewhere
// (jobmatch.distributed computes the candidate lists and solves the parts of
// the optimal assignment on a cluster) with Allocate's answer:
//
//   JOBMATCH_ASSIGN_OR_RETURN(EdgeList c, AllocationCandidates(scorer, o));
//   JOBMATCH_ASSIGN_OR_RETURN(AllocationProblem p,
//                             PrepareAllocation(scorer, o, std::move(c)));
//   // kOptimal: SolveAssignment(num_seekers, capacity, p.candidates, X) for
//   // X = p.without_coverage (when household_coverage) and p.assignment,
//   // or the split steps of assignment.h; kStable: SolveStableMatching.
//   JOBMATCH_ASSIGN_OR_RETURN(AllocationResult r,
//                             FinishAllocation(scorer, o, p, a, &a_without));

// Per seeker in row order, its candidate vacancies best first (score
// descending, vacancy row ascending): the top candidates_per_seeker eligible
// vacancies among those with openings. Lists computed elsewhere must have
// exactly this content and order for Allocate's answer.
[[nodiscard]] absl::StatusOr<EdgeList> AllocationCandidates(const Scorer& scorer,
                                                            const AllocationOptions& options);

struct AllocationProblem {
  EdgeList candidates;
  // The optimal solve's options: objective, min_score, reserves and classes
  // of the quotas, threads, split_components; with household_coverage the
  // households' groups and cover_groups.
  AssignmentOptions assignment;
  // With household_coverage: the same without coverage (the price).
  AssignmentOptions without_coverage;
  // The stable method's options (reserves and classes as above).
  StableMatchingOptions stable;
  std::vector<int64_t> row_group;  // household group per seeker, -1 none
  int64_t households = 0;
  int64_t reserved_places = 0;
};

// Checks the options (as Allocate) and the candidate lists (seekers and
// vacancies in range, grouped by seeker, finite scores), and derives the
// households and the quotas' reserved places.
[[nodiscard]] absl::StatusOr<AllocationProblem> PrepareAllocation(const Scorer& scorer,
                                                                  const AllocationOptions& options,
                                                                  EdgeList candidates);

// The result from the solved assignment `a` (and, with household_coverage,
// `without_coverage`, the solve of problem.without_coverage): placements,
// outcomes, households and quotas as Allocate reports them.
[[nodiscard]] absl::StatusOr<AllocationResult> FinishAllocation(const Scorer& scorer,
                                                                const AllocationOptions& options,
                                                                const AllocationProblem& problem,
                                                                const Assignment& a,
                                                                const Assignment* without_coverage);

}  // namespace jobmatch

#endif  // JOBMATCH_MATCHING_ALLOCATION_H_
