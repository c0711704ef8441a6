// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/command_line.h"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/internal/text.h"
#include "cli/exit_codes.h"

namespace jobmatch::cli {
namespace {

// CLI11's messages quote arguments as given ("The following argument was
// not expected: ..."): escape control bytes and invalid UTF-8 and cut long
// ones, like every other message of jobmatch.
std::string PrintableMessage(const CLI::App* app, const CLI::Error& e) {
  constexpr size_t kMaxBytes = 1024;
  const std::string what = e.what();
  const absl::string_view cut =
      internal::CutUtf8(absl::string_view(what.data(), what.size()), kMaxBytes);
  std::string m = internal::EscapeForMessage(std::string_view(cut.data(), cut.size()));
  if (what.size() > kMaxBytes) absl::StrAppend(&m, "... (", what.size(), " bytes)");
  m += "\n";
  if (const CLI::Option* help = app->get_help_ptr()) {
    absl::StrAppend(&m, "Run with ", help->get_name(), " for more information.\n");
  }
  return m;
}

}  // namespace

CommandLine::CommandLine()
    : CLI::App(
          "jobmatch: explainable, policy-aware matching of job seekers and vacancies for public "
          "employment services.\nRun 'jobmatch demo' for a first look, 'jobmatch SUBCOMMAND "
          "--help' for details.") {
  require_subcommand(1);
  set_version_flag("--version", "jobmatch 0.1.0");
  failure_message(PrintableMessage);
  for (auto add : {AddGenerateCommand, AddRecommendCommand, AddExplainCommand, AddPolicyCommand,
                   AddAllocateCommand, AddDemoCommand, AddSnapshotCommand, AddMismatchCommand,
                   AddOutreachCommand, AddTrainingCommand, AddAuditCommand}) {
    for (Command& c : add(*this)) commands_.push_back(std::move(c));
  }
}

CommandLine::ParseResult CommandLine::Finish(const CLI::ParseError* error) {
  ParseResult r;
  if (error != nullptr) {
    std::ostringstream out, err;
    // --help and --version exit 0; every usage error exits 2 (docs/cli.md).
    r.status = exit(*error, out, err) == 0 ? kExitOk : kExitUsage;
    r.out = out.str();
    r.err = err.str();
    return r;
  }
  for (const Command& c : commands_) {
    if (c.app->parsed()) {
      r.command = &c;
      return r;
    }
  }
  r.status = kExitUsage;  // cannot happen: require_subcommand(1)
  r.err = "jobmatch: no subcommand\n";
  return r;
}

CommandLine::ParseResult CommandLine::Parse(const std::vector<std::string>& args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
  try {
    parse(reversed);
  } catch (const CLI::ParseError& e) {
    return Finish(&e);
  }
  return Finish(nullptr);
}

int CommandLine::Main(int argc, char** argv) {
  if (argc > 0) name(argv[0]);  // as CLI11's parse(argc, argv): the usage line shows it
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  const ParseResult r = Parse(args);
  std::cout << r.out;
  std::cerr << r.err;
  if (r.command == nullptr) return r.status;
  return r.command->run();
}

}  // namespace jobmatch::cli
