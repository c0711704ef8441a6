// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The oracle of the CLI's numeric options, shared by number_options_test.cc
// and the fuzz target tests/fuzz/cli_options_fuzz.cc: what a value must
// denote, decided without ParseNumberArg (a hand-written grammar of the
// documented syntax, strtod/strtof for the value, 128-bit integer
// arithmetic), and the properties every refusal message must have.
#ifndef JOBMATCH_TESTS_CLI_NUMBER_ORACLE_H_
#define JOBMATCH_TESTS_CLI_NUMBER_ORACLE_H_

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/internal/text.h"
#include "cli/command_line.h"
#include "cli/number_options.h"

namespace jobmatch::cli::oracle {

__extension__ typedef __int128 Int128;  // exact beyond int64 and uint64 (-Wpedantic)

inline bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

inline std::string_view StripSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// [-]digits, as an exact 128-bit value (saturated far beyond 2^64), or nullopt.
inline std::optional<Int128> DecimalInteger(std::string_view s, bool allow_minus) {
  bool neg = false;
  if (allow_minus && !s.empty() && s.front() == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  Int128 v = 0;
  const Int128 cap = static_cast<Int128>(1) << 100;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    if (v < cap) v = v * 10 + (c - '0');
  }
  return neg ? -v : v;
}

// The documented real syntax: [-](digits[.digits*] | .digits)([eE][+-]digits)?
inline bool IsDecimalReal(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

inline uint64_t UnitFactor(std::string unit) {
  for (char& c : unit) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (unit.empty() || unit == "b") return 1;
  const char* prefixes[] = {"k", "m", "g", "t", "p", "e"};
  uint64_t f = 1;
  for (const char* p : prefixes) {
    f *= 1024;
    for (const char* suffix : {"", "b", "i", "ib"}) {
      if (unit == std::string(p) + suffix) return f;
    }
  }
  return 0;
}

// What `text` denotes under `rule`, or nullopt when it must be refused.
inline std::optional<Number> Expected(std::string_view text, const NumberRule& rule) {
  const std::string_view s = StripSpace(text);
  switch (rule.kind) {
    case NumberKind::kInteger: {
      auto v = DecimalInteger(s, /*allow_minus=*/true);
      if (!v || *v < rule.int_lo || *v > rule.int_hi) return std::nullopt;
      return Number(static_cast<int64_t>(*v));
    }
    case NumberKind::kUnsigned: {
      auto v = DecimalInteger(s, /*allow_minus=*/false);
      if (!v || *v > static_cast<Int128>(std::numeric_limits<uint64_t>::max())) {
        return std::nullopt;
      }
      return Number(static_cast<uint64_t>(*v));
    }
    case NumberKind::kSize: {
      size_t u = s.size();
      while (u > 0 && IsAlpha(s[u - 1])) --u;
      const uint64_t factor = UnitFactor(std::string(s.substr(u)));
      auto v = DecimalInteger(StripSpace(s.substr(0, u)), /*allow_minus=*/false);
      if (factor == 0 || !v || *v > std::numeric_limits<int64_t>::max()) return std::nullopt;
      const Int128 bytes = *v * factor;
      if (bytes > std::numeric_limits<int64_t>::max()) return std::nullopt;
      return Number(static_cast<int64_t>(bytes));
    }
    case NumberKind::kReal:
      break;
  }
  if (!IsDecimalReal(s)) return std::nullopt;
  const std::string z(s);  // NUL-terminated for strtod
  errno = 0;
  const double d = rule.single ? static_cast<double>(std::strtof(z.c_str(), nullptr))
                               : std::strtod(z.c_str(), nullptr);
  // ERANGE with 0 or inf: beyond the type (a subnormal result is a number).
  if (errno == ERANGE && (d == 0.0 || std::isinf(d))) return std::nullopt;
  if (!std::isfinite(d)) return std::nullopt;
  if (rule.lo_open ? !(d > rule.lo) : !(d >= rule.lo)) return std::nullopt;
  if (!(d <= rule.hi)) return std::nullopt;
  return Number(d);
}

// Equal, doubles bit for bit (so -0 and 0 differ).
inline bool Same(const Number& a, const Number& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    return std::memcmp(x, &y, sizeof y) == 0;
  }
  return a == b;
}

// Inside the rule's range and finite.
inline bool InRange(const Number& n, const NumberRule& rule) {
  switch (rule.kind) {
    case NumberKind::kInteger:
    case NumberKind::kSize: {
      const auto* v = std::get_if<int64_t>(&n);
      return v != nullptr && *v >= rule.int_lo && *v <= rule.int_hi;
    }
    case NumberKind::kUnsigned:
      return std::holds_alternative<uint64_t>(n);
    case NumberKind::kReal: {
      const auto* v = std::get_if<double>(&n);
      return v != nullptr && std::isfinite(*v) && (rule.lo_open ? *v > rule.lo : *v >= rule.lo) &&
             *v <= rule.hi && (!rule.single || static_cast<double>(static_cast<float>(*v)) == *v);
    }
  }
  return false;
}

// What is wrong with a refusal `m` (what jobmatch prints on stderr), or "":
// under 4 KiB, valid UTF-8, two lines (the reason, then "Run with --help
// for more information.") and no other control byte, no run of more than 80 digits, and its first
// line starts with one of `names` followed by ": ".
inline std::string MessageProblem(std::string_view m, const std::vector<std::string>& names) {
  if (m.size() >= 4096) return "longer than 4 KiB";
  if (internal::FindInvalidUtf8(m) != std::string_view::npos) return "not valid UTF-8";
  size_t lines = 0;
  for (char c : m) lines += c == '\n';
  if (lines != 2 || m.back() != '\n') return "not two lines";
  size_t digits = 0;
  for (size_t i = 0; i < m.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(m[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return "a control byte";
    digits = IsDigit(static_cast<char>(c)) ? digits + 1 : 0;
    if (digits > 80) return "a number of more than 80 digits";
  }
  for (const std::string& n : names) {
    if (m.substr(0, n.size() + 2) == n + ": ") return "";
  }
  return "does not start with the option's name";
}

// The arguments that select subcommand `command` of `root`, followed by a
// placeholder for each of its required options other than `except` (snapshot
// save's --out): what a test of one option's parsing passes around it.
inline std::vector<std::string> CommandArgs(CLI::App& root, const std::vector<std::string>& command,
                                            std::string_view except = {}) {
  std::vector<std::string> args = command;
  CLI::App* app = &root;
  for (const std::string& c : command) app = app->get_subcommand(c);
  for (const CLI::Option* opt : app->get_options()) {
    if (opt->get_required() && opt->get_name() != except) {
      args.push_back(opt->get_name() + "=placeholder");
    }
  }
  return args;
}

}  // namespace jobmatch::cli::oracle

#endif  // JOBMATCH_TESTS_CLI_NUMBER_ORACLE_H_
