// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: a policy as a JSON document (nlohmann's ordered_json), both ways.
// policy.cc checks and parses the text; policy_json_read.cc reads the
// document's sections, policy_json_write.cc writes them.
#ifndef JOBMATCH_LIB_POLICY_INTERNAL_POLICY_JSON_H_
#define JOBMATCH_LIB_POLICY_INTERNAL_POLICY_JSON_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jobmatch/policy/policy.h"
#include "nlohmann/json.hpp"

namespace jobmatch::internal {

using PolicyJson = nlohmann::ordered_json;

// The "format_version" this library reads and writes.
inline constexpr int kPolicyFormatVersion = 1;

// The Policy a parsed document describes, checked by CheckPolicyFrom; errors
// are InvalidArgument "<source>: <JSON path>: <why>". `limits` bounds the
// lengths of lists. May throw nlohmann::json::exception (Policy::FromJson
// turns it into a status).
absl::StatusOr<Policy> PolicyFromDocument(const PolicyJson& root, absl::string_view source,
                                          const PolicyLimits& limits);

// The document of a policy, every section in the order of docs/policy_file.md
// (mismatch, outreach and audit only when they differ from the defaults);
// floats as the shortest decimal that round-trips them.
PolicyJson PolicyToDocument(const Policy& policy);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_POLICY_INTERNAL_POLICY_JSON_H_
