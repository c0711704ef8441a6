// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: guarantee 4 of policy_check.h (protected groups are never left
// out), the part of the checker that looks at outcomes rather than values.
#ifndef JOBMATCH_LIB_POLICY_INTERNAL_POLICY_FAIRNESS_H_
#define JOBMATCH_LIB_POLICY_INTERNAL_POLICY_FAIRNESS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobmatch/policy/policy.h"

namespace jobmatch::internal {

// The JSON path of the offending part of a policy and why it is refused.
struct PolicyIssue {
  std::string path;
  std::string reason;
};

// A reservation (a kind restriction or a quota) for `groups`: refused when it
// names at least kBroadMeasureGroups of the non-protected built-in groups but
// misses a protected group. `what` says what is reserved ("'regular' posts",
// "places"). Returns the reason, or nullopt.
std::optional<std::string> ReservationProblem(const std::vector<std::string>& groups,
                                              std::string_view what);

// Guarantee 4 (a) and (b) for the priority rules of a policy whose values and
// names have been checked: every situation is tried, the first one where a
// protected group is left out is returned (path "priority.rules[i]" when one
// rule is to blame, "priority.rules" otherwise).
std::optional<PolicyIssue> FindBoostIssue(const Policy& policy);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_POLICY_INTERNAL_POLICY_FAIRNESS_H_
