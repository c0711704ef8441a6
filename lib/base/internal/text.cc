// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "base/internal/text.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace jobmatch::internal {
namespace {

// Length of the valid UTF-8 character at p (1..4), or 0 when the bytes at p
// do not start one.
size_t Utf8CharLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = *p;
  if (c < 0x80) return 1;
  size_t len;
  uint32_t min;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) < len) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

bool IsValidUtf8(absl::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const size_t len = Utf8CharLength(p, end);
    if (len == 0) return false;
    p += len;
  }
  return true;
}

absl::string_view CutUtf8(absl::string_view v, size_t max) {
  if (v.size() <= max) return v;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
  return v.substr(0, n);
}

std::string QuoteForMessage(absl::string_view v, size_t max) {
  const absl::string_view shown = CutUtf8(v, max);
  std::string out = "'";
  const auto* p = reinterpret_cast<const unsigned char*>(shown.data());
  const auto* end = p + shown.size();
  while (p < end) {
    const unsigned char c = *p;
    const size_t len = c < 0x80 ? 1 : Utf8CharLength(p, end);
    // C0 controls, DEL, invalid bytes and C1 controls (U+0080..U+009F,
    // encoded C2 80..C2 9F) are escaped; everything else is shown as is.
    const bool c1 = len == 2 && c == 0xC2 && p[1] < 0xA0;
    if (len == 0 || c < 0x20 || c == 0x7F || c1) {
      const size_t n = len == 0 ? 1 : len;
      for (size_t i = 0; i < n; ++i) {
        absl::StrAppend(&out, "\\x", absl::Hex(p[i], absl::kZeroPad2));
      }
      p += n;
      continue;
    }
    out.append(reinterpret_cast<const char*>(p), len);
    p += len;
  }
  out.push_back('\'');
  if (shown.size() < v.size()) {
    out.insert(out.size() - 1, "...");
    absl::StrAppend(&out, " (", v.size(), " bytes)");
  }
  return out;
}

absl::string_view NumberReason(NumError e, bool integer) {
  switch (e) {
    case NumError::kEmpty:
      return "value is empty";
    case NumError::kTrailing:
      return "unexpected characters after the number";
    case NumError::kNotFinite:
      return "not a finite number";
    case NumError::kOutOfRange:
      return "number out of range";
    case NumError::kOk:
    case NumError::kInvalid:
      break;
  }
  return integer ? "not an integer" : "not a number";
}

std::optional<bool> ParseBool(absl::string_view s) {
  const std::string v = absl::AsciiStrToLower(Strip(s));
  if (v.empty() || v == "false" || v == "0" || v == "no") return false;
  if (v == "true" || v == "1" || v == "yes") return true;
  return std::nullopt;
}

}  // namespace jobmatch::internal
