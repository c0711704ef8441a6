// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "base/internal/text.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"

namespace jobmatch::internal {
namespace {

// Decodes one UTF-8 sequence at s[i]: its length and code point, or length
// 0 when the bytes there are not well-formed UTF-8.
struct Decoded {
  int length = 0;
  uint32_t code_point = 0;
};

Decoded DecodeAt(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {1, c};
  int len;
  uint32_t min;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return {};
  }
  if (s.size() - i < static_cast<size_t>(len)) return {};
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {len, cp};
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string CodePointName(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

// Valid UTF-8 without control characters, at most `max_bytes`; "" or why not.
std::string TextProblem(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return absl::StrCat("is ", text.size(), " bytes long, more than the limit of ", max_bytes);
  }
  for (size_t i = 0; i < text.size();) {
    const Decoded d = DecodeAt(text, i);
    if (d.length == 0) return absl::StrCat("is not valid UTF-8 (at byte ", i, ")");
    if (IsControl(d.code_point)) {
      return absl::StrCat("contains the control character ", CodePointName(d.code_point),
                          " (at byte ", i, ")");
    }
    i += static_cast<size_t>(d.length);
  }
  return "";
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Characters that print as nothing: a record id holding one looks like
// another id (and a BOM inside a file is a pasted fragment of another file).
bool IsInvisibleFormat(uint32_t cp) {
  return cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
         (cp >= 0xFFF9 && cp <= 0xFFFB);
}

bool IsEdgeSpace(uint32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x1680 || cp == 0x202F || cp == 0x205F;
}

// True when `text` (valid UTF-8) is in normalisation form NFC. ASCII always
// is, so ICU is asked only about text with other characters.
bool IsNfc(std::string_view text) {
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return true;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr) return false;  // no data: refuse, never guess
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const bool normalized = nfc->isNormalized(u, status);
  return U_SUCCESS(status) && normalized;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const Decoded d = DecodeAt(s, i);
    if (d.length == 0) return i;
    i += static_cast<size_t>(d.length);
  }
  return std::string_view::npos;
}

LineColumn LineColumnOf(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  LineColumn lc;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.column = 1;
    } else {
      ++lc.column;
    }
  }
  return lc;
}

std::string QuoteForMessage(std::string_view v, size_t max_bytes) {
  std::string out = "'";
  size_t i = 0;
  while (i < v.size() && i < max_bytes) {
    const Decoded d = DecodeAt(v, i);
    if (d.length > 0 && i + static_cast<size_t>(d.length) > max_bytes) break;  // cut before it
    if (d.length == 0 || IsControl(d.code_point) || v[i] == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<uint8_t>(v[i])));
      out += buf;
      ++i;
      continue;
    }
    out.append(v.substr(i, static_cast<size_t>(d.length)));
    i += static_cast<size_t>(d.length);
  }
  if (i < v.size()) return absl::StrCat(out, "...' (", v.size(), " bytes)");
  out += "'";
  return out;
}

std::string EscapeForMessage(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size();) {
    const Decoded d = DecodeAt(v, i);
    if (d.length == 0 || IsControl(d.code_point)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<uint8_t>(v[i])));
      out += buf;
      ++i;
    } else {
      out.append(v.substr(i, static_cast<size_t>(d.length)));
      i += static_cast<size_t>(d.length);
    }
  }
  return out;
}

std::string IdentifierProblem(std::string_view name) {
  if (name.empty()) return "must not be empty";
  std::string why = TextProblem(name, kMaxIdentifierBytes);
  if (!why.empty()) return why;
  if (IsAsciiSpace(name.front()) || IsAsciiSpace(name.back())) {
    return "has leading or trailing white space";
  }
  if (name.find(';') != std::string_view::npos) {
    return "contains ';' (the list separator of the CSV files)";
  }
  return "";
}

std::string RecordIdProblem(std::string_view id) {
  if (std::string why = TextProblem(id, kMaxRecordIdBytes); !why.empty()) return why;
  uint32_t first = 0, last = 0;
  for (size_t i = 0; i < id.size();) {
    const Decoded d = DecodeAt(id, i);  // valid: TextProblem checked
    if (IsInvisibleFormat(d.code_point)) {
      return absl::StrCat("contains the invisible character ", CodePointName(d.code_point),
                          " (at byte ", i, ")");
    }
    if (i == 0) first = d.code_point;
    last = d.code_point;
    i += static_cast<size_t>(d.length);
  }
  if (!id.empty() && (IsEdgeSpace(first) || IsEdgeSpace(last))) {
    return "has leading or trailing white space";
  }
  if (!IsNfc(id)) {
    return "is not in Unicode normalisation form NFC (the same name could be spelled two ways; "
           "normalise the data to NFC)";
  }
  return "";
}

std::string FreeTextProblem(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return absl::StrCat("is ", text.size(), " bytes long, more than the limit of ", max_bytes);
  }
  for (size_t i = 0; i < text.size();) {
    const Decoded d = DecodeAt(text, i);
    if (d.length == 0) return absl::StrCat("is not valid UTF-8 (at byte ", i, ")");
    const uint32_t cp = d.code_point;
    if (IsControl(cp) && cp != '\t' && cp != '\n' && cp != '\r') {
      return absl::StrCat("contains the control character ", CodePointName(cp), " (at byte ", i,
                          ")");
    }
    if (cp == 0xFEFF) return absl::StrCat("contains a byte order mark (at byte ", i, ")");
    i += static_cast<size_t>(d.length);
  }
  return "";
}

std::string LabelProblem(std::string_view text, size_t max_bytes) {
  return TextProblem(text, max_bytes);
}

bool IsValidUtf8(absl::string_view s) {
  return FindInvalidUtf8(std::string_view(s.data(), s.size())) == std::string_view::npos;
}

absl::string_view CutUtf8(absl::string_view v, size_t max) {
  if (v.size() <= max) return v;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
  return v.substr(0, n);
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
