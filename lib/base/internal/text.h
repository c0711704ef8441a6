// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: text helpers shared by every reader and validator — strict UTF-8,
// cutting on a character boundary, quoting user values in messages, and
// locale-independent number parsing. One place for each, so that every
// input path (CSV, snapshots, DataFrames, policies) refuses and reports the
// same way.
#ifndef JOBMATCH_LIB_BASE_INTERNAL_TEXT_H_
#define JOBMATCH_LIB_BASE_INTERNAL_TEXT_H_

#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace jobmatch::internal {

// Strict UTF-8: no overlong forms, no surrogates, at most U+10FFFF.
bool IsValidUtf8(absl::string_view s);

// The longest prefix of `v` of at most `max` bytes that does not cut a
// UTF-8 character.
absl::string_view CutUtf8(absl::string_view v, size_t max);

// A user value quoted for an error message: cut to `max` bytes on a
// character boundary (with the full size added), control characters and
// invalid bytes escaped as \xNN, so that nothing raw reaches a terminal.
std::string QuoteForMessage(absl::string_view v, size_t max = 80);

inline absl::string_view Strip(absl::string_view s) { return absl::StripAsciiWhitespace(s); }

enum class NumError { kOk, kEmpty, kInvalid, kTrailing, kNotFinite, kOutOfRange };

// Locale-independent number parsing (std::from_chars); surrounding ASCII
// whitespace is ignored, anything else after the number is an error. Only
// decimal forms are accepted (no hex floats, no "inf"/"nan": not finite).
template <typename T>
NumError ParseNumber(absl::string_view s, T* out) {
  s = Strip(s);
  if (s.empty()) return NumError::kEmpty;
  const char* first = s.data();
  const char* last = first + s.size();
  T v{};
  std::from_chars_result r;
  if constexpr (std::is_floating_point_v<T>) {
    r = std::from_chars(first, last, v, std::chars_format::general);
  } else {
    r = std::from_chars(first, last, v);
  }
  if (r.ec == std::errc::invalid_argument) return NumError::kInvalid;
  if (r.ec == std::errc::result_out_of_range) return NumError::kOutOfRange;
  if (r.ptr != last) return NumError::kTrailing;
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(v)) return NumError::kNotFinite;
  }
  *out = v;
  return NumError::kOk;
}

// "not a number", "number out of range", ... (for messages).
absl::string_view NumberReason(NumError e, bool integer);

// true/false/1/0/yes/no, any case; empty is false. nullopt otherwise.
std::optional<bool> ParseBool(absl::string_view s);

// Shortest decimal text that parses back to the same value.
template <typename T>
void AppendShortestNumber(std::string* out, T v) {
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_BASE_INTERNAL_TEXT_H_
