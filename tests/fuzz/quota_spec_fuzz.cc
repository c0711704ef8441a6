// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: ParseQuotaSpec, the one parser of the quota syntax of the
// CLI (`allocate --quota`) and of Python (`allocate(quotas=[...])`).
// Properties: no crash, leak or undefined behaviour; an error quotes the spec
// safely (printable UTF-8, bounded) and names the expected syntax; an
// accepted spec has at least one group, no empty group name, a share that is
// a finite number in [0, 1] written in plain decimal (the fuzz input is
// checked for what CSV and JSON refuse: hex floats, inf, nan, a leading '+',
// spaces), and reads back to the same rule when written out again.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/text.h"
#include "fuzz_util.h"
#include "jobmatch/policy/quota_spec.h"

namespace jobmatch::fuzz {
namespace {

std::string_view ShareField(std::string_view spec) {
  const size_t a = spec.find(':');
  if (a == std::string_view::npos) return {};
  const size_t b = spec.find(':', a + 1);
  return spec.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
}

void Check(std::string_view spec) {
  absl::StatusOr<QuotaRule> q = ParseQuotaSpec(spec, "fuzz_quota");
  if (!q.ok()) {
    const absl::string_view am = q.status().message();
    const std::string_view m(am.data(), am.size());
    JOBMATCH_FUZZ_CHECK(m.size() < 4096);
    JOBMATCH_FUZZ_CHECK(internal::FindInvalidUtf8(m) == std::string_view::npos);
    for (char c : m) JOBMATCH_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    JOBMATCH_FUZZ_CHECK(m.find("GROUP[+GROUP]:SHARE") != std::string_view::npos);
    return;
  }
  JOBMATCH_FUZZ_CHECK(!q->groups.empty());
  for (const std::string& g : q->groups) JOBMATCH_FUZZ_CHECK(!g.empty());
  JOBMATCH_FUZZ_CHECK(std::isfinite(q->share) && q->share >= 0.0f && q->share <= 1.0f);
  const std::string_view share = ShareField(spec);
  // No hex float, inf, nan, space or leading '+' (an exponent's sign is fine).
  JOBMATCH_FUZZ_CHECK(!share.empty() && share.front() != '+');
  for (char c : share) {
    JOBMATCH_FUZZ_CHECK(c != 'x' && c != 'X' && c != ' ' && c != 'n' && c != 'N' && c != 'i' &&
                        c != 'I');
  }
  // Written back in the documented syntax, it reads to the same rule.
  std::string again = absl::StrCat(absl::StrJoin(q->groups, "+"), ":", std::string(share));
  if (!q->kinds.empty()) {
    std::vector<std::string> kinds;
    for (VacancyKind k : q->kinds) kinds.emplace_back(VacancyKindName(k));
    absl::StrAppend(&again, ":", absl::StrJoin(kinds, "+"));
  }
  absl::StatusOr<QuotaRule> back = ParseQuotaSpec(again, "fuzz_quota");
  JOBMATCH_FUZZ_CHECK(back.ok());
  JOBMATCH_FUZZ_CHECK(*back == *q);
}

}  // namespace
}  // namespace jobmatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jobmatch::fuzz::Check(jobmatch::fuzz::AsText(data, size));
  return 0;
}
