// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: the CLI's parsing of numeric options and quotas, through
// cli::CommandLine, the parser `jobmatch` itself uses (no command is run).
// The subcommands and their numeric options are read from the command
// line's registry (cli/number_options.h), so a new option is fuzzed without
// touching this file.
//
// Input: text lines. The first names the subcommand by its path, e.g.
// "snapshot save" (any other text picks one by its hash); each further line
// is NAME=VALUE (NAME: an option of that subcommand without its dashes, e.g.
// "k", "congestion-factor", or "quota" for allocate) or a bare VALUE given
// to the next option in turn. At most 12 options, each at most once; a
// value is passed attached ("--name=VALUE", "-kVALUE" for a short-only
// option) or as the next argument, so every byte but '\n' reaches the option as from a shell.
//
// Properties: no crash, leak, undefined behaviour or escaping exception; the
// parse succeeds exactly when every value is valid by the oracle
// (tests/cli/number_oracle.h: decimal grammar, strtod, 128-bit integers,
// the option's range; for --quota its share); then every given option holds
// exactly the number its text denotes (doubles bit for bit) inside its
// range, and every other option keeps its default; a refusal's message is
// bounded (< 4 KiB, no run of > 80 digits), printable UTF-8 in two lines,
// and starts with the name of the first option (in the order they were
// added, as CLI11 validates) whose value is invalid, or --quota.
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_line.h"
#include "cli/exit_codes.h"
#include "cli/number_oracle.h"
#include "fuzz_util.h"
#include "jobmatch/policy/quota_spec.h"

namespace jobmatch::fuzz {
namespace {

using cli::CommandLine;
using cli::NumberOption;

std::vector<std::string_view> Lines(std::string_view in) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t nl = in.find('\n');
    out.push_back(in.substr(0, nl));
    if (nl == std::string_view::npos) return out;
    in.remove_prefix(nl + 1);
  }
}

std::string Path(const std::vector<std::string>& command) {
  std::string out;
  for (const std::string& c : command) out += (out.empty() ? "" : " ") + c;
  return out;
}

std::string Bare(const std::string& name) { return name.substr(name.find_first_not_of('-')); }

// The share of a quota spec when it is a valid GROUP[+GROUP]:SHARE[:KINDS]
// by the oracle's reading of the share (the rest is ParseQuotaSpec's, fuzzed
// by quota_spec_fuzz).
bool QuotaShareValid(std::string_view spec) {
  const size_t a = spec.find(':');
  if (a == std::string_view::npos) return false;
  const size_t b = spec.find(':', a + 1);
  const std::string_view share =
      spec.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
  // No white space around the share (quota_spec.h).
  if (share != cli::oracle::StripSpace(share)) return false;
  cli::NumberRule r = cli::NonNegative();
  r.hi = 1.0;  // as written, in double (quota_spec.h)
  return cli::oracle::Expected(share, r).has_value();
}

struct Given {
  const NumberOption* option;  // nullptr: --quota
  std::string value;
};

void Check(std::string_view input) {
  // Never parsed: what an option not given must still hold (built once;
  // reachable, so not a leak).
  static const CommandLine* const defaults_line = new CommandLine;
  const CommandLine& defaults = *defaults_line;
  CommandLine cl;
  // Commands by their whole path ("snapshot save"), as the first line names
  // them.
  std::vector<std::string> commands;
  std::map<std::string, std::vector<const NumberOption*>> by_command;
  for (const NumberOption& o : cl.number_options()) {
    const std::string path = Path(o.command);
    if (by_command[path].empty()) commands.push_back(path);
    by_command[path].push_back(&o);
  }
  JOBMATCH_FUZZ_CHECK(!commands.empty());
  const std::vector<std::string_view> lines = Lines(input);
  std::string command(lines[0]);
  if (!by_command.count(command)) {
    command = commands[std::hash<std::string_view>{}(lines[0]) % commands.size()];
  }
  const std::vector<const NumberOption*>& options = by_command[command];
  const bool has_quota = command == "allocate";

  std::vector<Given> given;
  std::vector<bool> used(options.size() + 1, false);
  size_t next = 0;
  for (size_t i = 1; i < lines.size() && given.size() < 12; ++i) {
    const std::string_view line = lines[i];
    const size_t eq = line.find('=');
    size_t pick = options.size() + 1;  // none
    std::string_view value = line;
    if (eq != std::string_view::npos) {
      const std::string_view name = line.substr(0, eq);
      for (size_t j = 0; j < options.size(); ++j) {
        if (Bare(options[j]->name) == name) pick = j;
      }
      if (has_quota && name == "quota") pick = options.size();
      if (pick <= options.size()) value = line.substr(eq + 1);
    }
    if (pick > options.size()) pick = next++ % (options.size() + (has_quota ? 1 : 0));
    if (used[pick]) continue;
    used[pick] = true;
    given.push_back({pick < options.size() ? options[pick] : nullptr, std::string(value)});
  }

  // The command's required options (snapshot save's --out) get a
  // placeholder: only parsing is fuzzed.
  std::vector<std::string> args = cli::oracle::CommandArgs(cl, options[0]->command);
  // CLI11 validates in the order the options were added: the refusal names
  // the first option (in that order) whose value is invalid, or --quota.
  // Attached ("--k=VALUE", "-kVALUE") for every other option, else two
  // arguments ("--k", "VALUE": CLI11 takes the next argument whatever it
  // looks like). An empty value is always given apart: attached, it would
  // be no value, and CLI11 would take the next argument instead.
  const NumberOption* first_invalid = nullptr;
  bool quota_invalid = false;
  for (size_t i = 0; i < given.size(); ++i) {
    const Given& g = given[i];
    const std::string name = g.option ? g.option->name : "--quota";
    if (g.value.empty() || i % 2 == 1) {
      args.push_back(name);
      args.push_back(g.value);
    } else {
      args.push_back(name.size() == 2 ? name + g.value : name + "=" + g.value);
    }
    if (g.option == nullptr) {
      quota_invalid = !QuotaShareValid(g.value);
    } else if (!cli::oracle::Expected(g.value, g.option->rule) &&
               (first_invalid == nullptr || g.option < first_invalid)) {
      first_invalid = g.option;
    }
  }

  const CommandLine::ParseResult r = cl.Parse(args);
  if (first_invalid != nullptr || quota_invalid) {
    JOBMATCH_FUZZ_CHECK(r.status == cli::kExitUsage);
    JOBMATCH_FUZZ_CHECK(r.command == nullptr && r.out.empty());
    std::vector<std::string> names;
    if (first_invalid != nullptr) names.push_back(first_invalid->name);
    if (has_quota && used[options.size()]) names.push_back("--quota");
    const std::string problem = cli::oracle::MessageProblem(r.err, names);
    if (!problem.empty()) {
      std::fprintf(stderr, "message: %s\nproblem: %s\n", r.err.c_str(), problem.c_str());
    }
    JOBMATCH_FUZZ_CHECK(problem.empty());
    return;
  }
  if (r.status != cli::kExitOk) {
    // Only the quota's groups or kinds may refuse what the oracle allows.
    JOBMATCH_FUZZ_CHECK(has_quota && used[options.size()]);
    const std::string problem = cli::oracle::MessageProblem(r.err, {"--quota"});
    JOBMATCH_FUZZ_CHECK(problem.empty());
    return;
  }
  JOBMATCH_FUZZ_CHECK(r.command != nullptr && r.err.empty());
  for (const Given& g : given) {
    if (g.option == nullptr) {
      JOBMATCH_FUZZ_CHECK(ParseQuotaSpec(g.value, "q").ok());
      continue;
    }
    const std::optional<cli::Number> want = cli::oracle::Expected(g.value, g.option->rule);
    const std::optional<cli::Number> got = g.option->stored();
    JOBMATCH_FUZZ_CHECK(want && got);
    JOBMATCH_FUZZ_CHECK(cli::oracle::Same(*want, *got));
    JOBMATCH_FUZZ_CHECK(cli::oracle::InRange(*got, g.option->rule));
  }
  // Options not given keep their defaults.
  for (size_t j = 0; j < options.size(); ++j) {
    if (used[j]) continue;
    const size_t index = static_cast<size_t>(options[j] - cl.number_options().data());
    const std::optional<cli::Number> now = options[j]->stored();
    const std::optional<cli::Number> before = defaults.number_options()[index].stored();
    JOBMATCH_FUZZ_CHECK(now.has_value() == before.has_value());
    if (now) JOBMATCH_FUZZ_CHECK(cli::oracle::Same(*now, *before));
  }
}

}  // namespace
}  // namespace jobmatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jobmatch::fuzz::Check(jobmatch::fuzz::AsText(data, size));
  return 0;
}
