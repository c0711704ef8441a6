// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: Policy::FromJson. Properties: no crash, leak, undefined
// behaviour or exception; errors name the source and are printable UTF-8
// (no control byte, nothing that is not UTF-8, whatever the input held); a
// policy that loads passes CheckPolicy (the reader adds nothing the checker
// would refuse) and round-trips exactly through ToJson (what `jobmatch
// policy` writes reads back to the same policy). Each input is read with the
// default and with small limits. The seeds hold one file per bad-input class
// of docs/reliability.md (duplicate keys, NULs, invalid UTF-8, numbers just
// beyond a limit, bad names, policies that leave a protected group out).
#include <cstdint>
#include <string_view>

#include "base/internal/text.h"
#include "fuzz_util.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/policy/policy_check.h"

namespace jobmatch::fuzz {
namespace {

void ReadWith(std::string_view text, const PolicyLimits& limits) {
  absl::StatusOr<Policy> p = Policy::FromJson(text, "fuzz.json", limits);
  if (!p.ok()) {
    const absl::string_view am = p.status().message();
    const std::string_view m(am.data(), am.size());
    JOBMATCH_FUZZ_CHECK(m.substr(0, 9) == "fuzz.json");
    JOBMATCH_FUZZ_CHECK(m.size() < 4096);
    JOBMATCH_FUZZ_CHECK(internal::FindInvalidUtf8(m) == std::string_view::npos);
    for (char c : m) JOBMATCH_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    return;
  }
  JOBMATCH_FUZZ_CHECK(CheckPolicy(*p).ok());
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
