// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: text helpers shared by every reader, validator and the command
// line — strict UTF-8, cutting on a character boundary, quoting user values
// in messages, identifiers, and locale-independent number parsing and
// formatting. One place for each, so that every input path (CSV, snapshots,
// DataFrames, policies) refuses and reports the same way. Every number that
// appears in an error message goes through FormatNumber, so a value just
// outside a limit shows the digits that put it outside ("10.0000001", not
// "10") and a huge one stays short ("1.7976931348623157e+308", "inf", not a
// 309-digit expansion).
#ifndef JOBMATCH_LIB_BASE_INTERNAL_TEXT_H_
#define JOBMATCH_LIB_BASE_INTERNAL_TEXT_H_

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace jobmatch::internal {

// The shortest decimal text that reads back to exactly `v` (std::to_chars),
// written out in full for magnitudes in [1e-7, 1e21) and in scientific
// notation otherwise (the thresholds of JavaScript's Number#toString):
// 10.0000001 -> "10.0000001", 100000 -> "100000", 0.001 -> "0.001",
// 1e300 -> "1e+300", 1.7976931348623157e+308, "inf", "-inf", "nan". The float
// overload gives the float's shortest form, so 0.99f prints as "0.99".
template <typename T>
std::string FormatNumberImpl(T v) {
  char buf[400];  // a fixed-notation float or double below 1e21 needs < 350
  const T a = v < 0 ? -v : v;
  const bool fixed = a == 0 || (a >= static_cast<T>(1e-7) && a < static_cast<T>(1e21));
  const std::to_chars_result r =
      fixed ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
            : std::to_chars(buf, buf + sizeof buf, v);
  if (r.ec != std::errc()) return "?";  // cannot happen: the buffer holds any of them
  return std::string(buf, r.ptr);
}
inline std::string FormatNumber(double v) { return FormatNumberImpl(v); }
inline std::string FormatNumber(float v) { return FormatNumberImpl(v); }

// Offset of the first byte of `s` that is not part of well-formed UTF-8, or
// std::string_view::npos. Strict: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF.
size_t FindInvalidUtf8(std::string_view s);

// 1-based line and column (in bytes) of byte `offset` of `text`.
struct LineColumn {
  size_t line = 1;
  size_t column = 1;
};
LineColumn LineColumnOf(std::string_view text, size_t offset);

// A name from an input, quoted for an error message: at most `max_bytes`
// bytes of it (cut on a UTF-8 boundary, then "...' (N bytes)"), with control
// characters, backslashes and bytes that are not UTF-8 written as \xNN, so a
// message is always printable, valid UTF-8 text.
std::string QuoteForMessage(std::string_view v, size_t max_bytes = 80);

// `v` with control characters and bytes that are not UTF-8 written as \xNN
// (the rest unchanged): for messages of other libraries that quote input.
std::string EscapeForMessage(std::string_view v);

// Names that are identifiers (key groups, rule and quota names, industries):
// at most this many bytes.
inline constexpr size_t kMaxIdentifierBytes = 128;

// Why `name` is not a valid identifier, or "" when it is one. An identifier
// is non-empty, at most kMaxIdentifierBytes bytes of valid UTF-8, has no
// control character (U+0000..U+001F, U+007F..U+009F), no leading or
// trailing white space, and no ';' (the list separator of the CSV files, so
// that the name can be written to and read back from a list column).
std::string IdentifierProblem(std::string_view name);

// Record identifiers (seeker, vacancy, household and employer ids): at most
// this many bytes.
inline constexpr size_t kMaxRecordIdBytes = 256;
// Free text stored in tables (area names): at most this many bytes.
inline constexpr size_t kMaxFreeTextBytes = 1024;

// Why `id` is not a valid record identifier, or "" when it is one
// (docs/data_formats.md, "Identifiers"). Ids are compared byte for byte, so
// an id must have one spelling: at most kMaxRecordIdBytes bytes of valid
// UTF-8 in Unicode normalisation form NFC (so that a composed and a
// decomposed 'José' cannot be two people), with no control character, no
// invisible format character (U+00AD, U+200B..U+200F, U+202A..U+202E,
// U+2060..U+2064, U+2066..U+2069, U+FEFF byte order mark, U+FFF9..U+FFFB) and
// no leading or trailing white space (ASCII, U+00A0, U+3000). Emptiness is
// the caller's rule (a household id may be empty, a seeker id not).
std::string RecordIdProblem(std::string_view id);

// Why `text` cannot be stored as free text (area names), or "": at most
// max_bytes of valid UTF-8 without control characters other than TAB, LF and
// CR (ESC, BEL, NUL, … could drive a terminal) or a U+FEFF byte order mark.
std::string FreeTextProblem(std::string_view text, size_t max_bytes);

// Why `text` cannot be shown as a one-line label (a policy name), or "":
// at most `max_bytes` bytes of valid UTF-8 without control characters.
std::string LabelProblem(std::string_view text, size_t max_bytes);

// True when all of `s` is well-formed UTF-8 (FindInvalidUtf8 finds nothing).
bool IsValidUtf8(absl::string_view s);

// The longest prefix of `v` of at most `max` bytes that does not cut a
// UTF-8 character.
absl::string_view CutUtf8(absl::string_view v, size_t max);

inline absl::string_view Strip(absl::string_view s) { return absl::StripAsciiWhitespace(s); }

enum class NumError { kOk, kEmpty, kInvalid, kTrailing, kNotFinite, kOutOfRange };

// Locale-independent number parsing (std::from_chars); surrounding ASCII
// whitespace is ignored, anything else after the number is an error. Only
// decimal forms are accepted (no hex floats; "inf"/"nan" are not finite).
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

// Shortest decimal text that parses back to the same value (std::to_chars
// default form): the form of numbers in the CSV files jobmatch writes.
template <typename T>
void AppendShortestNumber(std::string* out, T v) {
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_BASE_INTERNAL_TEXT_H_
