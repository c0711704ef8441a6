// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: Policy::FromJson. Properties: no crash, leak, undefined
// behaviour or exception; errors name the source; a policy that loads
// round-trips exactly through ToJson (what `jobmatch policy` writes reads
// back to the same policy). Each input is read with the default and with
// small limits.
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch::fuzz {
namespace {

void ReadWith(std::string_view text, const PolicyLimits& limits) {
  absl::StatusOr<Policy> p = Policy::FromJson(text, "fuzz.json", limits);
  if (!p.ok()) {
    JOBMATCH_FUZZ_CHECK(p.status().message().substr(0, 9) == "fuzz.json");
    JOBMATCH_FUZZ_CHECK(p.status().message().size() < 4096);
    return;
  }
  absl::StatusOr<Policy> back = Policy::FromJson(p->ToJson(), "fuzz.json");
  JOBMATCH_FUZZ_CHECK(back.ok());
  JOBMATCH_FUZZ_CHECK(*back == *p);
}

}  // namespace
}  // namespace jobmatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = jobmatch::fuzz::AsText(data, size);
  jobmatch::fuzz::ReadWith(text, jobmatch::PolicyLimits{});
  jobmatch::PolicyLimits small;
  small.max_depth = 6;
  small.max_rules = 4;
  small.max_quotas = 2;
  small.max_list_items = 4;
  jobmatch::fuzz::ReadWith(text, small);
  return 0;
}
