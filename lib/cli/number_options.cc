// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/number_options.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/internal/text.h"

namespace jobmatch::cli {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string Bound(double v, bool single) {
  return single ? internal::FormatNumber(static_cast<float>(v)) : internal::FormatNumber(v);
}

absl::Status Refuse(const std::string& shown, const NumberRule& rule) {
  return absl::InvalidArgumentError(absl::StrCat("value ", shown, " is not ", rule.Requirement()));
}

// The factor of a size unit (lower case), or 0 when it is not one.
uint64_t UnitFactor(absl::string_view unit) {
  if (unit.empty() || unit == "b") return 1;
  static constexpr char kPrefixes[] = "kmgtpe";
  const size_t p = std::string_view(kPrefixes).find(unit[0]);
  if (p == std::string_view::npos) return 0;
  const absl::string_view rest = unit.substr(1);
  if (!(rest.empty() || rest == "b" || rest == "i" || rest == "ib")) return 0;
  return uint64_t{1} << (10 * (p + 1));
}

absl::StatusOr<Number> ParseSize(std::string_view text, const NumberRule& rule) {
  const absl::string_view s = internal::Strip(View(text));
  size_t u = s.size();
  while (u > 0 && absl::ascii_isalpha(static_cast<unsigned char>(s[u - 1]))) --u;
  const uint64_t factor = UnitFactor(absl::AsciiStrToLower(s.substr(u)));
  uint64_t n = 0;
  if (factor == 0 || internal::ParseNumber(s.substr(0, u), &n) != internal::NumError::kOk ||
      n > static_cast<uint64_t>(kInt64Max) / factor) {
    return Refuse(internal::QuoteForMessage(text), rule);
  }
  return Number(static_cast<int64_t>(n * factor));
}

template <typename F>
absl::StatusOr<Number> ParseReal(std::string_view text, const NumberRule& rule) {
  F v{};
  const internal::NumError e = internal::ParseNumber(View(text), &v);
  if (e == internal::NumError::kOutOfRange) {  // "1e400", "1e-400": say why, it looks like one
    return absl::InvalidArgumentError(absl::StrCat("value ", internal::QuoteForMessage(text),
                                                   " is not ", rule.Requirement(), " (out of ",
                                                   rule.single ? "float" : "double", " range)"));
  }
  if (e != internal::NumError::kOk) return Refuse(internal::QuoteForMessage(text), rule);
  const double d = v;
  if ((rule.lo_open ? !(d > rule.lo) : !(d >= rule.lo)) || !(d <= rule.hi)) {
    return Refuse(internal::FormatNumber(v), rule);
  }
  return Number(d);
}

}  // namespace

std::string NumberRule::Requirement() const {
  switch (kind) {
    case NumberKind::kInteger:
      return absl::StrCat("an integer in [", int_lo, ", ", int_hi, "]");
    case NumberKind::kUnsigned:
      return absl::StrCat("an integer in [0, ", std::numeric_limits<uint64_t>::max(), "]");
    case NumberKind::kSize:
      return absl::StrCat(
          "a size in bytes in [0, ", kInt64Max,
          "]: a whole number, optionally with a unit (512MiB, 8GB; 1 KB = 1024 bytes)");
    case NumberKind::kReal:
      break;
  }
  if (!single && hi == kInf) {  // a float option shows its bounds: 1e39 is finite but too large
    if (lo == -kInf) return "a finite number";
    return absl::StrCat("a finite number ", lo_open ? "> " : ">= ", Bound(lo, single));
  }
  return absl::StrCat("a finite number in ", lo_open ? "(" : "[", Bound(lo, single), ", ",
                      Bound(hi, single), "]");
}

NumberRule IntegerIn(int64_t lo, int64_t hi) {
  NumberRule r;
  r.kind = NumberKind::kInteger;
  r.int_lo = lo;
  r.int_hi = hi;
  r.help = absl::StrCat("INT in [", lo, " - ", hi, "]");
  return r;
}

NumberRule NonNegativeInteger() {
  NumberRule r = IntegerIn(0, kInt64Max);
  r.help = "NONNEGATIVE";
  return r;
}

NumberRule AnyInteger() {
  NumberRule r = IntegerIn(std::numeric_limits<int64_t>::min(), kInt64Max);
  r.help.clear();
  return r;
}

NumberRule AnyUnsigned() {
  NumberRule r;
  r.kind = NumberKind::kUnsigned;
  return r;
}

NumberRule NonNegative() {
  NumberRule r;
  r.kind = NumberKind::kReal;
  r.lo = 0.0;
  r.hi = kInf;
  r.help = "NONNEGATIVE";
  return r;
}

NumberRule Positive() {
  NumberRule r = NonNegative();
  r.lo_open = true;
  r.help = "POSITIVE";
  return r;
}

NumberRule AnyReal() {
  NumberRule r;
  r.kind = NumberKind::kReal;
  r.lo = -kInf;
  r.hi = kInf;
  return r;
}

NumberRule SizeInBytes() {
  NumberRule r;
  r.kind = NumberKind::kSize;
  r.int_lo = 0;
  r.int_hi = kInt64Max;
  r.help = "SIZE [b, kb(=1024b), ...]:NONNEGATIVE";
  return r;
}

absl::StatusOr<Number> ParseNumberArg(std::string_view text, const NumberRule& rule) {
  switch (rule.kind) {
    case NumberKind::kInteger: {
      int64_t v = 0;
      if (internal::ParseNumber(View(text), &v) != internal::NumError::kOk) {
        return Refuse(internal::QuoteForMessage(text), rule);
      }
      if (v < rule.int_lo || v > rule.int_hi) return Refuse(std::to_string(v), rule);
      return Number(v);
    }
    case NumberKind::kUnsigned: {
      uint64_t v = 0;
      if (internal::ParseNumber(View(text), &v) != internal::NumError::kOk) {
        return Refuse(internal::QuoteForMessage(text), rule);
      }
      return Number(v);
    }
    case NumberKind::kReal:
      return rule.single ? ParseReal<float>(text, rule) : ParseReal<double>(text, rule);
    case NumberKind::kSize:
      return ParseSize(text, rule);
  }
  return absl::InternalError("unknown number kind");
}

namespace number_internal {

std::string FormatStored(const Number& n) {
  if (const auto* i = std::get_if<int64_t>(&n)) return std::to_string(*i);
  if (const auto* u = std::get_if<uint64_t>(&n)) return std::to_string(*u);
  return internal::FormatNumber(std::get<double>(n));
}

CLI::Option* AddNumberOptionImpl(CLI::App* app, const std::string& names,
                                 const std::string& description, NumberRule rule, Binding b,
                                 bool show_default) {
  // The validator refuses with the message; the callback (run after every
  // validator passed) parses again with the same rule and stores.
  CLI::Option* opt = app->add_option(
      names,
      [rule, store = b.store](const CLI::results_t& res) {
        if (res.size() != 1) return false;
        absl::StatusOr<Number> n = ParseNumberArg(res[0], rule);
        if (!n.ok()) return false;
        store(*n);
        return true;
      },
      description, false, b.default_str);
  opt->type_name(b.type_name);
  opt->type_size(1, 1);
  opt->expected(1);
  opt->check(CLI::Validator(
      [rule](std::string& input) -> std::string {
        absl::StatusOr<Number> n = ParseNumberArg(input, rule);
        return n.ok() ? std::string() : std::string(n.status().message());
      },
      rule.help));
  if (show_default) opt->capture_default_str();

  std::vector<std::string> path;
  CLI::App* root = app;
  for (; root->get_parent() != nullptr; root = root->get_parent()) {
    path.insert(path.begin(), root->get_name());
  }
  if (auto* registry = dynamic_cast<NumberRegistry*>(root)) {
    registry->RecordNumberOption({std::move(path), opt->get_name(), rule, std::move(b.read)});
  }
  return opt;
}

}  // namespace number_internal
}  // namespace jobmatch::cli
