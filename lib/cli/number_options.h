// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The one mechanism for the CLI's numeric options (docs/cli.md, "Numbers").
// Every option whose value is a number (counts, limits, ratios, the seed,
// the memory budget) is added with AddNumberOption, so all of them:
//  * accept the same syntax, the decimal numbers of CSV and JSON
//    (internal::ParseNumber: std::from_chars, ASCII white space around the
//    number ignored); refused: hex ("0x10", "0x1p-1"), "inf", "nan", a
//    leading '+', digit separators, octal or binary prefixes ("010" is ten),
//    a fraction or an exponent for an integer, a number a double (or the
//    option's integer type) cannot hold ("1e400", "1e-400",
//    "99999999999999999999");
//  * store exactly the number the text denotes, checked against the
//    option's range as written (10.0000001 is outside [0, 10]);
//  * are refused with one message shape, "OPTION: value X is not R", where
//    X is the number in shortest round-trip form when it was one
//    (internal::FormatNumber) or else the text quoted by
//    internal::QuoteForMessage (at most 80 bytes, control bytes and invalid
//    UTF-8 as \xNN), and R the option's requirement ("an integer in [1,
//    100000]", "a finite number > 0", ...): bounded, printable UTF-8.
// Each option is also recorded on the command line (NumberRegistry), so
// tests and the fuzz target can enumerate the numeric options of every
// subcommand, parse argv and read back what was stored, without a copy of
// the option definitions.
#ifndef JOBMATCH_CLI_NUMBER_OPTIONS_H_
#define JOBMATCH_CLI_NUMBER_OPTIONS_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"

namespace jobmatch::cli {

enum class NumberKind {
  kInteger,   // signed, in [int_lo, int_hi]
  kUnsigned,  // any uint64_t (the seed)
  kReal,      // finite double (or float), in [lo, hi] or (lo, hi]
  kSize,      // bytes: an integer with an optional unit, in [0, INT64_MAX]
};

// What a numeric option accepts. Build with the functions below.
struct NumberRule {
  NumberKind kind = NumberKind::kInteger;
  int64_t int_lo = 0, int_hi = 0;  // kInteger
  double lo = 0, hi = 0;           // kReal
  bool lo_open = false;            // kReal: lo itself is refused (> lo)
  bool single = false;             // kReal: stored as float (parsed as float)
  std::string help;                // shown by --help after the type ("NONNEGATIVE")

  // The requirement in messages: "an integer in [1, 100000]", "a finite
  // number > 0", "a finite number >= 0", "a size in bytes ...".
  std::string Requirement() const;
};

NumberRule IntegerIn(int64_t lo, int64_t hi);  // help "INT in [lo - hi]"
NumberRule NonNegativeInteger();               // [0, the type's max]; help "NONNEGATIVE"
NumberRule AnyInteger();                       // the type's range; no help suffix
NumberRule AnyUnsigned();                      // uint64_t
NumberRule NonNegative();                      // finite real >= 0; help "NONNEGATIVE"
NumberRule Positive();                         // finite real > 0; help "POSITIVE"
NumberRule AnyReal();                          // any finite real (float: |x| <= FLT_MAX)
// Bytes, or with a unit b, k, kb, ki, kib, m, ..., e, eib (any case; 1 k =
// 1 KB = 1 KiB = 1024 bytes), white space allowed between: "512MiB",
// "8 GB". The number is a decimal integer; the product at most INT64_MAX.
NumberRule SizeInBytes();

// A parsed value: int64_t (kInteger, kSize), uint64_t (kUnsigned) or
// double (kReal; a float option's value converted exactly).
using Number = std::variant<int64_t, uint64_t, double>;

// Parses one option value by `rule`: the number, or InvalidArgument with
// "value X is not R" (without the option's name). The one parser of every
// numeric option; deterministic, no allocation beyond the message, never
// throws.
absl::StatusOr<Number> ParseNumberArg(std::string_view text, const NumberRule& rule);

// A numeric option as registered: enough for a test to give it a value
// and read back what the parse stored.
struct NumberOption {
  std::vector<std::string> command;  // subcommand path, e.g. {"recommend"}
  // As in messages and on the command line: the first long name, else the
  // short one ("--k", "-k", "--congestion-factor").
  std::string name;
  NumberRule rule;  // after narrowing to the storage type
  // What the options struct holds now: nullopt for an unset std::optional.
  std::function<std::optional<Number>()> stored;
};

// The numeric options of one command line. CommandLine (cli/command_line.h)
// derives from it; AddNumberOption records into the registry of the root
// App of `app` when that root is one (otherwise it records nothing).
class NumberRegistry {
 public:
  virtual ~NumberRegistry() = default;
  const std::vector<NumberOption>& number_options() const { return number_options_; }
  void RecordNumberOption(NumberOption o) { number_options_.push_back(std::move(o)); }

 private:
  std::vector<NumberOption> number_options_;
};

namespace number_internal {

struct Binding {
  std::function<void(const Number&)> store;
  std::function<std::optional<Number>()> read;
  std::function<std::string()> default_str;
  std::string type_name;
};

CLI::Option* AddNumberOptionImpl(CLI::App* app, const std::string& names,
                                 const std::string& description, NumberRule rule, Binding b,
                                 bool show_default);

template <typename T>
struct Storage {
  static_assert(std::is_same_v<T, int> || std::is_same_v<T, int64_t> ||
                    std::is_same_v<T, uint64_t> || std::is_same_v<T, double> ||
                    std::is_same_v<T, float>,
                "numeric options are int, int64_t, uint64_t, double or float");
  static NumberRule Narrow(NumberRule r) {
    if constexpr (std::is_same_v<T, float>) {
      r.single = true;
      r.lo = std::max(r.lo, -static_cast<double>(std::numeric_limits<float>::max()));
      r.hi = std::min(r.hi, static_cast<double>(std::numeric_limits<float>::max()));
    } else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, int64_t>) {
      if (r.kind == NumberKind::kInteger) {
        r.int_lo = std::max<int64_t>(r.int_lo, std::numeric_limits<T>::min());
        r.int_hi = std::min<int64_t>(r.int_hi, std::numeric_limits<T>::max());
      }
    }
    return r;
  }
  static void Store(const Number& n, T& t) {
    if constexpr (std::is_same_v<T, uint64_t>) {
      t = std::get<uint64_t>(n);
    } else if constexpr (std::is_floating_point_v<T>) {
      t = static_cast<T>(std::get<double>(n));  // exact: a float option parses as float
    } else {
      t = static_cast<T>(std::get<int64_t>(n));  // in range: the rule was narrowed to T
    }
  }
  static Number Read(const T& t) {
    if constexpr (std::is_same_v<T, uint64_t>) {
      return Number(t);
    } else if constexpr (std::is_floating_point_v<T>) {
      return Number(static_cast<double>(t));
    } else {
      return Number(static_cast<int64_t>(t));
    }
  }
  static std::string TypeName() {
    if constexpr (std::is_same_v<T, uint64_t>) return "UINT";
    if constexpr (std::is_floating_point_v<T>) return "FLOAT";
    return "INT";
  }
};

std::string FormatStored(const Number& n);

}  // namespace number_internal

// Adds option `names` ("-k,--k") to `app`, storing into `target` (int,
// int64_t, uint64_t, double, float, or std::optional of one: unset unless
// given). `rule` is narrowed to the storage type (NonNegativeInteger on an
// int is [0, 2147483647]; a float option is parsed as float). With
// `show_default`, --help shows the value `target` holds when the option is
// added. `target` must outlive `app`. Values are checked when CLI11
// validates (a refusal is a CLI::ValidationError naming the option, exit
// status 2) and stored by the option's callback (at the end of the parse).
template <typename T>
CLI::Option* AddNumberOption(CLI::App* app, const std::string& names, T& target,
                             const std::string& description, const NumberRule& rule,
                             bool show_default = false) {
  number_internal::Binding b;
  if constexpr (requires { typename T::value_type; }) {
    using V = typename T::value_type;
    static_assert(std::is_same_v<T, std::optional<V>>);
    using S = number_internal::Storage<V>;
    b.store = [&target](const Number& n) {
      V v{};
      S::Store(n, v);
      target = v;
    };
    b.read = [&target]() -> std::optional<Number> {
      if (!target) return std::nullopt;
      return S::Read(*target);
    };
    b.default_str = [&target]() {
      return target ? number_internal::FormatStored(S::Read(*target)) : std::string();
    };
    b.type_name = S::TypeName();
    return number_internal::AddNumberOptionImpl(app, names, description, S::Narrow(rule),
                                                std::move(b), show_default);
  } else {
    using S = number_internal::Storage<T>;
    b.store = [&target](const Number& n) { S::Store(n, target); };
    b.read = [&target]() -> std::optional<Number> { return S::Read(target); };
    b.default_str = [&target]() { return number_internal::FormatStored(S::Read(target)); };
    b.type_name = S::TypeName();
    return number_internal::AddNumberOptionImpl(app, names, description, S::Narrow(rule),
                                                std::move(b), show_default);
  }
}

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_NUMBER_OPTIONS_H_
