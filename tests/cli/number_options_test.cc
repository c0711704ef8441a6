// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The CLI's numeric options (lib/cli/number_options.h) through the parser of
// the tool itself (cli::CommandLine): for every numeric option of every
// subcommand, many values of each class (valid, edges, just beyond, hex,
// octal, inf/nan, huge and tiny exponents, 20-digit integers, signs, white
// space, separators, units, NUL and control bytes, invalid UTF-8, long
// text) are parsed and checked against the oracle of number_oracle.h: the
// parse succeeds exactly when the oracle accepts; what is stored is the
// number the text denotes, in range; a refusal is bounded printable UTF-8
// naming the option. The fuzz target cli_options_fuzz checks the same.
#include "cli/number_options.h"

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command_line.h"
#include "cli/exit_codes.h"
#include "cli/number_oracle.h"
#include "gtest/gtest.h"

namespace jobmatch::cli {
namespace {

// The argument that gives `value` to option `name` ("--k=5", "-k5").
std::string Arg(const std::string& name, const std::string& value) {
  return name.size() == 2 ? name + value : name + "=" + value;
}

struct Outcome {
  CommandLine::ParseResult result;
  std::optional<Number> stored;
};

// Parses `command NAME=value` with a fresh command line, as jobmatch does.
Outcome ParseOne(const NumberOption& o, const std::string& value) {
  CommandLine cl;
  Outcome out;
  // The command's other required options get a placeholder: only parsing
  // is tested.
  std::vector<std::string> args = oracle::CommandArgs(cl, o.command, o.name);
  args.push_back(Arg(o.name, value));
  out.result = cl.Parse(args);
  for (const NumberOption& p : cl.number_options()) {
    if (p.command == o.command && p.name == o.name) out.stored = p.stored();
  }
  return out;
}

// Values of every class for `rule`, from `rng`.
std::vector<std::string> ValuesFor(const NumberRule& rule, std::mt19937_64& rng) {
  // clang-format off
  std::vector<std::string> v = {
      "", " ", "0", "-0", "+0", "1", "+1", "-1", "010", "007", "0x10", "0X1F", "0b101", "0o17",
      "1_000", "1'000", "1,000", "1 000", "5.0", "5.", ".5", "-.5", "1e3", "1E3", "1e+3", "1e-3",
      "1e", "e3", ".", "-", "--5", "inf", "-inf", "INF", "Infinity", "nan", "NaN", "-nan",
      "nan(0x1)", "0x1p-1", "0x1.8p1", "1e400", "-1e400", "1e-400", "4.9e-324", "2e-324",
      "1e-310", "1e-45", "1e-46", "3.4028235e38", "3.4028236e38", "1.7976931348623157e308",
      "1.7976931348623159e308", "99999999999999999999", "-99999999999999999999",
      "18446744073709551615", "18446744073709551616", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "2147483647", "2147483648", "true", "false",
      " 5", "5 ", "\t5\n", "5\v", "\f5\r", std::string("5\0", 2), std::string("\0" "5", 2),
      "5\x1b[31m", "\x7f" "5", "\xff", "\xc0\x80", "5\xe2\x80\x8b", "\xef\xbc\x95", "１",
      std::string(300, '9'), "1" + std::string(400, '0'), "0." + std::string(400, '0') + "1",
      std::string(5000, ' ') + "1", "1e" + std::string(30, '9'), "1e-" + std::string(30, '9'),
      "0e-400", "-0.0", "0.0e0", "00000000000000000000000000001",
      // sizes
      "1b", "1B", "1k", "1K", "1kb", "1KiB", "1 kib", "8GB", "8 gb", "512MiB", "1ki", "3TB", "2pib",
      "7EiB", "8EiB", "8e", "10EB", "1.5GB", "-1KB", "KB", "0x10MB", "1 2 KB", "1KBB", "1XB",
      "5 k b", "1 b ", " 512 MiB ",
  };
  // clang-format on
  // Edges and just beyond, for integer ranges.
  if (rule.kind == NumberKind::kInteger || rule.kind == NumberKind::kSize) {
    for (int64_t base : {rule.int_lo, rule.int_hi}) {
      for (int64_t d : {-1, 0, 1}) {
        const oracle::Int128 x = static_cast<oracle::Int128>(base) + d;
        if (x >= std::numeric_limits<int64_t>::min() && x <= std::numeric_limits<int64_t>::max()) {
          v.push_back(std::to_string(static_cast<int64_t>(x)));
        } else {
          v.push_back(d < 0 ? "-9223372036854775809" : "9223372036854775808");
        }
      }
    }
  }
  // Real limits, the next doubles and amounts just beyond (10.0000001 for 10).
  if (rule.kind == NumberKind::kReal) {
    for (double base : {rule.lo, rule.hi}) {
      if (!std::isfinite(base)) continue;
      for (double x : {base, std::nextafter(base, -1e300), std::nextafter(base, 1e300), base - 1e-7,
                       base + 1e-7, base * (1 + 1e-9), base * (1 - 1e-9)}) {
        v.push_back(internal::FormatNumber(x));
      }
    }
  }
  // Random numbers in every form.
  std::uniform_int_distribution<int> pick(0, 9);
  for (int i = 0; i < 120; ++i) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % 22);
    if (rng() % 3 == 0) s += '-';
    for (int j = 0; j < n; ++j) s += static_cast<char>('0' + pick(rng));
    if (rng() % 3 == 0) s += "." + std::to_string(rng() % 1000);
    if (rng() % 4 == 0) s += absl::StrCat("e", static_cast<int>(rng() % 700) - 350);
    if (rng() % 5 == 0) s = (rng() % 2 ? " " : "") + s + (rng() % 2 ? "\t" : "");
    if (rng() % 6 == 0) {
      static const char* units[] = {"b", "k", "KB", "MiB", "g", "TiB", "e", "xb", "kibb"};
      s += (rng() % 2 ? " " : "") + std::string(units[rng() % 9]);
    }
    if (rng() % 12 == 0) s.insert(rng() % (s.size() + 1), 1, static_cast<char>(rng() % 32));
    if (rng() % 12 == 0) s.insert(rng() % (s.size() + 1), 1, static_cast<char>(0x80 + rng() % 128));
    v.push_back(s);
  }
  // Uniform in-range integers and reals (accepted).
  if (rule.kind == NumberKind::kInteger) {
    std::uniform_int_distribution<int64_t> in(rule.int_lo, rule.int_hi);
    for (int i = 0; i < 30; ++i) v.push_back(std::to_string(in(rng)));
  }
  if (rule.kind == NumberKind::kReal) {
    std::uniform_real_distribution<double> in(std::max(rule.lo, -1e6), std::min(rule.hi, 1e6));
    for (int i = 0; i < 30; ++i) v.push_back(internal::FormatNumber(in(rng)));
  }
  return v;
}

TEST(CliNumberOptions, EveryNumericOptionOfEverySubcommandIsRegistered) {
  CommandLine cl;
  std::set<std::string> registered;
  for (const NumberOption& o : cl.number_options()) {
    registered.insert(absl::StrCat(o.command[0], " ", o.name));
  }
  // Walk the tool's options: any option typed as a number must be one of
  // ours (so it gets the one parser), not a plain CLI11 option.
  int numeric = 0;
  std::function<void(const CLI::App*, std::string)> walk = [&](const CLI::App* app,
                                                               std::string path) {
    for (const CLI::Option* opt : app->get_options()) {
      const std::string t = opt->get_type_name();
      if (t.rfind("INT", 0) == 0 || t.rfind("UINT", 0) == 0 || t.rfind("FLOAT", 0) == 0 ||
          t.rfind("NUMBER", 0) == 0) {
        ++numeric;
        EXPECT_TRUE(registered.count(absl::StrCat(path, " ", opt->get_name())))
            << path << " " << opt->get_name() << " (" << t << ") bypasses AddNumberOption";
      }
    }
    for (const CLI::App* sub : app->get_subcommands({})) {
      walk(sub, path.empty() ? sub->get_name() : path);
    }
  };
  walk(&cl, "");
  EXPECT_EQ(numeric, static_cast<int>(cl.number_options().size()));
  for (const char* c :
       {"generate", "recommend", "allocate", "demo", "mismatch", "outreach", "training", "audit"}) {
    bool found = false;
    for (const NumberOption& o : cl.number_options()) found |= o.command[0] == c;
    EXPECT_TRUE(found) << c;
  }
}

TEST(CliNumberOptions, EveryClassOfValueOnEveryOptionAgreesWithTheOracle) {
  std::mt19937_64 rng(20261205);
  const CommandLine reference;
  int cases = 0;
  for (const NumberOption& o : reference.number_options()) {
    int accepted = 0, refused = 0;
    for (const std::string& value : ValuesFor(o.rule, rng)) {
      SCOPED_TRACE(absl::StrCat(o.command[0], " ", Arg(o.name, value)));
      ++cases;
      const std::optional<Number> want = oracle::Expected(value, o.rule);
      const Outcome got = ParseOne(o, value);
      if (want) {
        ++accepted;
        ASSERT_EQ(got.result.status, kExitOk) << got.result.err;
        ASSERT_NE(got.result.command, nullptr);
        ASSERT_TRUE(got.stored.has_value());
        EXPECT_TRUE(oracle::Same(*got.stored, *want))
            << number_internal::FormatStored(*got.stored) << " vs "
            << number_internal::FormatStored(*want);
        EXPECT_TRUE(oracle::InRange(*got.stored, o.rule));
      } else {
        ++refused;
        ASSERT_EQ(got.result.status, kExitUsage) << "accepted";
        EXPECT_EQ(got.result.command, nullptr);
        EXPECT_EQ(oracle::MessageProblem(got.result.err, {o.name}), "") << got.result.err;
      }
    }
    // Not vacuous: each option accepted some values and refused others.
    EXPECT_GT(accepted, 10) << o.command[0] << " " << o.name;
    EXPECT_GT(refused, 100) << o.command[0] << " " << o.name;
  }
  EXPECT_GT(cases, 5000);
}

TEST(CliNumberOptions, RandomTextAgreesWithTheOracleForEveryKindOfRule) {
  std::mt19937_64 rng(7);
  NumberRule bounded = NonNegative();
  bounded.hi = 10.0;
  NumberRule single = AnyReal();
  single.single = true;
  single.lo = -std::numeric_limits<float>::max();
  single.hi = std::numeric_limits<float>::max();
  const std::vector<NumberRule> rules = {
      IntegerIn(1, 100000), IntegerIn(-5, 5), AnyInteger(), AnyUnsigned(), NonNegative(),
      Positive(),           AnyReal(),        bounded,      single,        SizeInBytes()};
  static const char kAlphabet[] = "0123456789012345678901234567890123456789.-+eExXinfaKMGbB _\t";
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    const size_t n = rng() % 14;
    for (size_t j = 0; j < n; ++j) s += kAlphabet[rng() % (sizeof kAlphabet - 1)];
    const NumberRule& r = rules[rng() % rules.size()];
    const absl::StatusOr<Number> got = ParseNumberArg(s, r);
    const std::optional<Number> want = oracle::Expected(s, r);
    ASSERT_EQ(got.ok(), want.has_value()) << "'" << s << "' " << r.Requirement();
    if (got.ok()) {
      ++accepted;
      ASSERT_TRUE(oracle::Same(*got, *want)) << "'" << s << "'";
    } else {
      ASSERT_LT(got.status().message().size(), 400u);
    }
  }
  EXPECT_GT(accepted, 10000);
}

TEST(CliNumberOptions, TheIssueExamples) {
  // Hex floats, octal, inf: refused or read as the decimal they are.
  EXPECT_FALSE(ParseNumberArg("0x1p-1", Positive()).ok());
  EXPECT_EQ(std::get<int64_t>(*ParseNumberArg("010", IntegerIn(1, 100))), 10);
  NumberRule ten = NonNegative();
  ten.hi = 10;
  // "in [0, 10], got 10" for 10.0000001: the number is shown as written.
  EXPECT_EQ(ParseNumberArg("10.0000001", ten).status().message(),
            "value 10.0000001 is not a finite number in [0, 10]");
  EXPECT_TRUE(ParseNumberArg("10", ten).ok());
  // inf: quoted text, not a 309-digit number.
  EXPECT_EQ(ParseNumberArg("inf", Positive()).status().message(),
            "value 'inf' is not a finite number > 0");
  EXPECT_EQ(ParseNumberArg("1e400", Positive()).status().message(),
            "value '1e400' is not a finite number > 0 (out of double range)");
  // A 2^64 - 1 wrap and a silent clamp of a size are gone.
  EXPECT_FALSE(ParseNumberArg("-1", AnyUnsigned()).ok());
  EXPECT_FALSE(ParseNumberArg("10EB", SizeInBytes()).ok());
  EXPECT_EQ(std::get<int64_t>(*ParseNumberArg("7EiB", SizeInBytes())), int64_t{7} << 60);
  EXPECT_EQ(std::get<int64_t>(*ParseNumberArg(" 512 MiB ", SizeInBytes())), int64_t{512} << 20);
  // Control bytes are escaped and long text cut.
  const std::string m(
      ParseNumberArg("\x1b[2J" + std::string(1000, '7'), IntegerIn(1, 2)).status().message());
  EXPECT_EQ(m.find('\x1b'), std::string::npos);
  EXPECT_NE(m.find("\\x1b[2J"), std::string::npos);
  EXPECT_LT(m.size(), 200u);
}

TEST(CliNumberOptions, ParseThroughTheToolStoresTheValuesAndKeepsTheDefaults) {
  CommandLine cl;
  const CommandLine::ParseResult r = cl.Parse(
      {"recommend", "-k", "010", "--congestion-factor=4.9e-324", "--memory-budget", "8 GB"});
  ASSERT_EQ(r.status, kExitOk) << r.err;
  std::map<std::string, Number> got;
  for (const NumberOption& o : cl.number_options()) {
    if (o.command[0] == "recommend") got.emplace(o.name, *o.stored());
  }
  EXPECT_EQ(std::get<int64_t>(got.at("--k")), 10);
  EXPECT_EQ(std::get<double>(got.at("--congestion-factor")), 4.9e-324);
  EXPECT_EQ(std::get<int64_t>(got.at("--memory-budget")), int64_t{8} << 30);
  EXPECT_EQ(std::get<int64_t>(got.at("--threads")), 0);
  EXPECT_EQ(std::get<int64_t>(got.at("--rerank-candidates")), 0);

  // A quota is checked when parsed, with the quota parser's message.
  CommandLine q;
  const CommandLine::ParseResult bad = q.Parse({"allocate", "--quota", "veteran:0x1p-1"});
  EXPECT_EQ(bad.status, kExitUsage);
  EXPECT_EQ(bad.err.rfind("--quota: 'veteran:0x1p-1': share must be a number in [0, 1]", 0), 0u)
      << bad.err;
  // An argument CLI11 echoes (an unexpected one) is escaped too.
  CommandLine x;
  const CommandLine::ParseResult extra = x.Parse({"recommend", "\x1b]0;pwned\x07"});
  EXPECT_EQ(extra.status, kExitUsage);
  EXPECT_EQ(extra.err.find('\x1b'), std::string::npos) << extra.err;
  EXPECT_NE(extra.err.find("\\x1b]0;pwned\\x07"), std::string::npos) << extra.err;
}

}  // namespace
}  // namespace jobmatch::cli
