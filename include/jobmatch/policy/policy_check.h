// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Policy checks, in one place. Every way a Policy reaches the engine goes
// through these functions, so a Policy built in C++ (or Python) meets exactly
// the rules a policy file meets:
//   * Policy::FromJson / FromFile run CheckPolicy on what they read;
//   * Scorer::Create runs ResolvePolicy (CheckPolicy, then names to ids);
//   * Engine::Create and Engine::Apply (ReplacePolicy) run CheckPolicy before
//     anything changes;
//   * Allocate runs ResolveQuotas on the policy's quotas plus
//     AllocationOptions::extra_quotas (the CLI's --quota).
//
// What a policy that passes guarantees, stated on outcomes (scores,
// eligibility, reserved places) rather than on the text of the rules, is in
// docs/policy_file.md, "What the checker guarantees". In short:
//   1. Values and names: every number finite and in its documented range,
//      every name a valid identifier (text.h), no name twice, every group
//      built in or declared.
//   2. Priority only adds: no negative weight; a key-group membership never
//      lowers a seeker's score, never closes a vacancy kind, never removes
//      them from reserved places (monotone by construction: rule and
//      reservation conditions are "member of any of", never "not a member").
//   3. Priority is about the seeker: every rule selects seekers, and no rule
//      selects every seeker (a vacancy-only bonus in disguise).
//   4. Protected groups are never left out (equal employment, measure (二十)):
//      in every situation (vacancy kind, schedule, industry; seeker schedule,
//      months unemployed), a seeker whose key group is a protected one
//      (a) gets a boost no smaller than that of at least one of the five
//          non-protected built-in key groups, and
//      (b) gets some boost whenever at least kBroadMeasureGroups of those five
//          do;
//      and a kind restriction or quota that names at least
//      kBroadMeasureGroups of them names every protected group.
//
// Thread safety: pure functions of their arguments. Cost: linear in the size
// of the policy, plus the situations of guarantee 4 (at most
// kMaxFairnessSituations distinct rule combinations; a policy with more is
// refused as too complex to check).
//
// Example:
//   absl::Status st = jobmatch::CheckPolicy(policy);
//   // "policy: priority.rules: the protected group 'disabled' gets a boost
//   //  of 0, less than every non-protected built-in key group ..."
#ifndef JOBMATCH_POLICY_POLICY_CHECK_H_
#define JOBMATCH_POLICY_POLICY_CHECK_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch {

// The protected groups: the built-in key groups that stand for a
// characteristic the equal-employment measure (二十) protects ("no score may
// penalise gender, age or disability"):
//   * "disabled"     (残疾人)   — disability;
//   * "older_worker" (大龄劳动者) — age; the measure names older workers'
//     rights explicitly.
// Gender has no group and no field anywhere in the data model, so nothing can
// select by it ("mother posts" 妈妈岗 are matched by the school_hours schedule
// a seeker asks for). "graduate_youth" is not in the list: it is a targeted
// measure for a stage of working life (measure (九)), and the shipped policy
// rightly gives trainee posts to it alone. Declared groups (Policy::
// extra_groups) are never protected: the checker cannot know what they stand
// for, and counting them would let a declared, unused group hide an exclusion.
inline constexpr std::string_view kProtectedGroups[] = {"disabled", "older_worker"};
inline constexpr int kNumProtectedGroups = 2;
// The non-protected built-in key groups (kBuiltinGroups minus the above),
// against which guarantee 4 compares the protected ones.
inline constexpr int kNumComparedGroups = kNumBuiltinGroups - kNumProtectedGroups;  // 5
// A measure that reaches at least this many of the kNumComparedGroups
// non-protected built-in groups is a broad one, which must reach every
// protected group too (guarantee 4b and reservations): a majority.
inline constexpr int kBroadMeasureGroups = 3;
// Boost differences up to this size count as equal in guarantee 4: float
// rounding of the weights (0.07f + 0.03f vs 0.1f), nothing a policy means.
inline constexpr double kBoostTolerance = 1e-5;
// Guarantee 4 looks at every distinct combination of rules a situation can
// fire; a policy with more combinations than this is refused.
inline constexpr int64_t kMaxFairnessSituations = int64_t{1} << 20;

// Checks everything that does not need data: guarantees 1-4 above. Errors
// are InvalidArgument "policy: <JSON path>: <reason>", the path being that of
// the same value in a policy file (e.g. "priority.rules[2].weight").
[[nodiscard]] absl::Status CheckPolicy(const Policy& policy);

// CheckPolicy plus the names that need the data: every declared group is in
// `vocab`, every industry a rule names is one of vocab's industries.
[[nodiscard]] absl::Status CheckPolicy(const Policy& policy, const Vocabulary& vocab);

// A checked policy's names as vocabulary ids: what the Scorer and the
// allocation use.
struct ResolvedPolicy {
  // Per priority rule, in order: the rule's groups as a mask (0: the rule has
  // no group condition) and its industries as ids (empty: any industry).
  std::vector<GroupMask> rule_groups;
  std::vector<std::vector<int32_t>> rule_industries;
  // Per vacancy kind: the groups it is reserved for (0: not restricted).
  std::array<GroupMask, kNumVacancyKinds> kind_groups = {0, 0, 0, 0};
  // Per quota of policy.quotas, in order.
  std::vector<GroupMask> quota_groups;
};

// CheckPolicy(policy, vocab), then the names resolved.
[[nodiscard]] absl::StatusOr<ResolvedPolicy> ResolvePolicy(const Policy& policy,
                                                           const Vocabulary& vocab);

// Checks a list of quotas the way CheckPolicy checks policy.quotas (at most
// 64, names valid and unique, shares in [0, 1], groups in `vocab`, no broad
// reservation without the protected groups) and returns their group masks.
// Errors name "quotas[i]" (the index in `quotas`) and the quota's name.
[[nodiscard]] absl::StatusOr<std::vector<GroupMask>> ResolveQuotas(
    absl::Span<const QuotaRule> quotas, const Vocabulary& vocab);

}  // namespace jobmatch

#endif  // JOBMATCH_POLICY_POLICY_CHECK_H_
