// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The one parser of the quota syntax of the CLI (`allocate --quota`) and of
// Python (`Engine.allocate(quotas=["..."])`):
//
//   GROUP[+GROUP...]:SHARE[:KIND[+KIND...]]     e.g. graduate_youth:0.5:trainee
//
// GROUP: key-group names (at least one; checked against the vocabulary later,
// by Allocate). SHARE: a decimal number in [0, 1] written as CSV and JSON
// accept it (std::from_chars, general format): no hex float (0x1p-1), no inf,
// no nan, no sign '+', no surrounding spaces. KIND: regular, trainee,
// public_welfare or gig.
#ifndef JOBMATCH_POLICY_QUOTA_SPEC_H_
#define JOBMATCH_POLICY_QUOTA_SPEC_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch {

// The rule named `name`, or InvalidArgument "'SPEC': <why> (expected
// GROUP[+GROUP]:SHARE[:KIND[+KIND]])" where why is one of: wrong number of
// ':' fields, no group, share must be a number in [0, 1], unknown kind 'X'.
// Empty '+' items are skipped. Pure function; thread-safe.
[[nodiscard]] absl::StatusOr<QuotaRule> ParseQuotaSpec(std::string_view spec, std::string name);

}  // namespace jobmatch

#endif  // JOBMATCH_POLICY_QUOTA_SPEC_H_
