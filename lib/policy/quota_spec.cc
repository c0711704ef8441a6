// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/policy/quota_spec.h"

#include <charconv>
#include <cmath>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"

namespace jobmatch {
namespace {

// The share as CSV fields and JSON numbers are read: the whole text is one
// finite decimal number.
bool ParseShare(std::string_view s, double* out) {
  if (s.empty()) return false;
  double v = 0.0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

}  // namespace

absl::StatusOr<QuotaRule> ParseQuotaSpec(std::string_view spec_in, std::string name) {
  const absl::string_view spec = internal::Sv(spec_in);
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(internal::QuoteForMessage(spec_in), ": ", why,
                     " (expected GROUP[+GROUP]:SHARE[:KIND[+KIND]])"));
  };
  const std::vector<absl::string_view> parts = absl::StrSplit(spec, ':');
  if (parts.size() < 2 || parts.size() > 3) return bad("wrong number of ':' fields");
  QuotaRule q;
  q.name = std::move(name);
  for (absl::string_view g : absl::StrSplit(parts[0], '+', absl::SkipEmpty())) {
    q.groups.emplace_back(g);
  }
  if (q.groups.empty()) return bad("no group");
  double share = 0.0;
  if (!ParseShare(std::string_view(parts[1].data(), parts[1].size()), &share) ||
      !(share >= 0.0 && share <= 1.0)) {
    return bad("share must be a number in [0, 1]");
  }
  q.share = static_cast<float>(share);
  if (parts.size() == 3) {
    for (absl::string_view k : absl::StrSplit(parts[2], '+', absl::SkipEmpty())) {
      auto kind = ParseVacancyKind(std::string_view(k.data(), k.size()));
      if (!kind) {
        return bad(absl::StrCat("unknown kind ",
                                internal::QuoteForMessage(std::string_view(k.data(), k.size()))));
      }
      q.kinds.push_back(*kind);
    }
  }
  return q;
}

}  // namespace jobmatch
