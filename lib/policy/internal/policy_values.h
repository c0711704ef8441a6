// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the documented range of every number of a policy, in one table
// used by the file reader (on the JSON number, a double, before it becomes a
// float) and by the checker (on the float of a Policy built in C++), and the
// checker entry point that names its source.
#ifndef JOBMATCH_LIB_POLICY_INTERNAL_POLICY_VALUES_H_
#define JOBMATCH_LIB_POLICY_INTERNAL_POLICY_VALUES_H_

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch::internal {

// An inclusive range. The reader compares a double with [lo, hi]; the checker
// compares a float with [float(lo), float(hi)], which holds every float a
// double in [lo, hi] converts to.
struct ValueRange {
  double lo;
  double hi;
};

inline constexpr ValueRange kComponentWeightRange = {0, 1000};
inline constexpr ValueRange kPartialCreditRange = {0, 1};
inline constexpr ValueRange kMismatchRatioRange = {0, 1e6};
inline constexpr ValueRange kDefaultMaxCommuteRange = {0.001, 20000};
inline constexpr ValueRange kWageZeroRatioRange = {0, 0.99};
inline constexpr ValueRange kEducationPenaltyRange = {0, 1};
inline constexpr ValueRange kNeutralPreferenceRange = {0, 1};
inline constexpr ValueRange kScheduleFitRange = {0, 1};
inline constexpr ValueRange kMaxTotalBoostRange = {0, 10};
inline constexpr ValueRange kRuleWeightRange = {0, 10};
inline constexpr ValueRange kMinMonthsRange = {0, 1200};  // an integer
inline constexpr ValueRange kQuotaShareRange = {0, 1};
inline constexpr ValueRange kAuditMinCellRange = {1, 1e6};  // an integer

// Hard limits of the engine (PolicyLimits may only lower the reader's).
inline constexpr int kMaxPolicyRules = 64;   // a rule mask is 64 bits
inline constexpr int kMaxPolicyQuotas = 64;  // a quota class mask is 64 bits
// A policy's `name` is a label: one line, at most this long.
inline constexpr size_t kMaxPolicyNameBytes = 256;

// "must be a finite number in [lo, hi], got v", numbers in shortest form.
std::string RangeReason(ValueRange r, double v);
std::string RangeReason(ValueRange r, float v);

// CheckPolicy with messages starting "<source>: " (a file name for
// Policy::FromJson, "policy" otherwise).
absl::Status CheckPolicyFrom(const Policy& policy, std::string_view source);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_POLICY_INTERNAL_POLICY_VALUES_H_
