// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Outreach case lists (敲门送岗, policy measures 九, 十二, 二十四): per
// service station (就享家) at district, town or village level, the people a
// case worker should visit, ordered by need, each with their best eligible
// vacancies that still have a free place and the rules that fired.
// Exact definitions, with a worked example: docs/analytics.md ("Outreach").
//
//   jobmatch::OutreachOptions o;
//   o.level = jobmatch::OutreachLevel::kTown;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::OutreachList list, jobmatch::Outreach(scorer, o));
//   JOBMATCH_RETURN_IF_ERROR(jobmatch::WriteOutreachCsv("outreach.csv", list, scorer));
//
// Who is listed (a seeker may have several reasons; all are reported):
//   * zero_employment_household: every member (seekers in the
//     zero_employment_household key group sharing a household_id; a member
//     without one is a household of one) of a household of which the
//     allocation places nobody;
//   * hard_to_employ: seekers in the hard_to_employ key group;
//   * disabled: seekers in the disabled key group;
//   * long_unemployed_youth: seekers in the graduate_youth key group with
//     months_unemployed >= the policy's outreach.long_unemployed_months (6).
// A key group missing from the vocabulary lists nobody for its reason.
//
// Station: the seeker's area at the level (district; district/town;
// district/town/village — names joined with "/", an empty name written
// "(unknown)"). Every person is listed once. The members of an uncovered
// zero-employment household are all listed at ONE station, that of the
// member with the lowest row (so every uncovered household appears in
// exactly one station's list); everyone else at their own station.
//
// Order of need within a station (need_rank 1, 2, ...): by the most urgent
// reason (zero_employment_household, hard_to_employ, disabled,
// long_unemployed_youth, in that order), then by the number of reasons
// (more first), then by months_unemployed (longer first; for a household's
// members, the household's longest, so that members stay together, then
// the household's lowest row), then by row. Stations are sorted by name
// (bytes).
//
// Vacancies per person: the `top` best by score (ties: lower row) among the
// vacancies eligible for the person that have a free place after the
// allocation (openings - places filled > 0) — exactly TopVacanciesForSeekers
// with the full vacancies excluded. The rules are those of
// Scorer::Explain.
//
// Training: each person's best `training_top` upgrades by AdviseTraining
// (analytics/training.h) with k = training_k: the courses that most raise
// what the person can reach.
//
// Cost: one allocation when none is given (Allocate, household coverage
// on), then a top-`top` search over the listed seekers (pruned), one
// Explain per listed pair, training advice for the listed seekers (one
// scoring pass over them x all vacancies), and O(S log S) to sort. Thread-safe (reads its
// arguments only); deterministic (independent of num_threads).
#ifndef JOBMATCH_ANALYTICS_OUTREACH_H_
#define JOBMATCH_ANALYTICS_OUTREACH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/analytics/training.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch {

enum class OutreachLevel : int8_t { kDistrict = 0, kTown = 1, kVillage = 2 };
std::string_view OutreachLevelName(OutreachLevel level);  // "district", "town", "village"
std::optional<OutreachLevel> ParseOutreachLevel(std::string_view name);

// Reasons as bits of OutreachCase::reasons, in order of urgency.
enum OutreachReason : uint8_t {
  kOutreachZeroEmploymentHousehold = 1,
  kOutreachHardToEmploy = 2,
  kOutreachDisabled = 4,
  kOutreachLongUnemployedYouth = 8,
};
inline constexpr int kNumOutreachReasons = 4;
// "zero_employment_household", "hard_to_employ", "disabled",
// "long_unemployed_youth" (bit 1 << i).
std::string_view OutreachReasonName(int i);
// The reasons set in `reasons`, in order of urgency, joined with "+".
std::string OutreachReasonsText(uint8_t reasons);

struct OutreachOptions {
  OutreachLevel level = OutreachLevel::kTown;
  // Vacancies listed per person, 0..1000 (0: none).
  int top = 5;
  // nullopt = the policy's outreach.long_unemployed_months.
  std::optional<int32_t> long_unemployed_months;
  // The allocation (AllocationResult::vacancy_of_seeker: one vacancy row or
  // -1 per seeker row). Empty: Outreach allocates first (Allocate, optimal,
  // household coverage on, other options at their defaults, num_threads).
  std::vector<int64_t> vacancy_of_seeker;
  // Training advice per person: upgrades kept (0..20; 0 = none) and the
  // top-list size whose mean they raise (>= 1).
  int training_top = 2;
  int training_k = 10;
  int num_threads = 0;  // 0 = all cores
  ProgressFn progress;  // the vacancy search (rows done, rows total)
  // Estimated memory beyond the inputs is checked against this budget
  // (ResourceExhausted); 0 = the default (base/memory_budget.h).
  int64_t memory_budget_bytes = 0;
};

struct OutreachVacancy {
  int64_t vacancy = 0;  // vacancy row
  float score = 0.0f;
  float distance_km = 0.0f;
  bool remote = false;             // the remote exemption applied
  std::vector<std::string> rules;  // priority rules that fired, in policy order
};

struct OutreachCase {
  int64_t seeker = 0;  // seeker row
  uint8_t reasons = 0;
  int64_t need_rank = 0;                   // 1-based within the station
  int64_t allocated_vacancy = -1;          // the allocation's vacancy row, or -1
  std::vector<OutreachVacancy> vacancies;  // best first, at most `top`
  std::vector<TrainingUpgrade> training;   // best first, at most training_top
};

// A case's training advice as text, e.g. "welding→5 (+0.031, 4 newly met);
// cnc→3 (+0.012)"; empty without advice.
std::string OutreachTrainingText(const OutreachCase& c, const Vocabulary& vocab);

struct OutreachStation {
  std::string name;                 // see "Station" above
  std::vector<OutreachCase> cases;  // in need order
  int64_t households_uncovered = 0;
};

struct OutreachList {
  OutreachLevel level = OutreachLevel::kTown;
  int32_t long_unemployed_months = 0;  // the threshold used
  int top = 0;
  std::vector<OutreachStation> stations;  // sorted by name; only those with cases
  int64_t cases = 0;
  int64_t households = 0;            // zero-employment households
  int64_t households_uncovered = 0;  // of which the allocation places nobody
  bool allocated_here = false;       // Outreach ran the allocation itself
};

// InvalidArgument on `top` out of range, a negative threshold, or a
// vacancy_of_seeker of the wrong size or with an entry out of range;
// ResourceExhausted over the memory budget; the allocation's errors.
[[nodiscard]] absl::StatusOr<OutreachList> Outreach(const Scorer& scorer,
                                                    const OutreachOptions& options);

// The list as one CSV (personal data: created with mode 0600):
// station,need_rank,seeker_id,household_id,reason,allocated_vacancy_id,
// rank,vacancy_id,employer_id,kind,schedule,wage_min,wage_max,distance_km,
// remote,score,rules,training — one line per listed vacancy, and one line
// with rank and the vacancy columns empty for a person with none; training
// is OutreachTrainingText.
[[nodiscard]] absl::Status WriteOutreachCsv(const std::string& path, const OutreachList& list,
                                            const Scorer& scorer);

// One printable HTML page per station in `dir` (created mode 0700 when
// missing), station-0001.html, ... in station order, and index.html linking
// them; UTF-8, a print stylesheet, no external assets, every text escaped.
// Personal data: every file is created with mode 0600. Returns the paths
// written (index first).
[[nodiscard]] absl::StatusOr<std::vector<std::string>> WriteOutreachHtml(const std::string& dir,
                                                                         const OutreachList& list,
                                                                         const Scorer& scorer);

}  // namespace jobmatch

#endif  // JOBMATCH_ANALYTICS_OUTREACH_H_
