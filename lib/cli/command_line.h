// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The jobmatch command line: the root CLI::App with every subcommand and its
// options registered, and the one place that parses arguments. main() runs
// it; tests and the fuzz target (tests/fuzz/cli_options_fuzz.cc) parse with
// it exactly as `jobmatch` does, without running a command, and read back
// what the numeric options stored (NumberRegistry, cli/number_options.h).
#ifndef JOBMATCH_CLI_COMMAND_LINE_H_
#define JOBMATCH_CLI_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/commands.h"
#include "cli/number_options.h"

namespace jobmatch::cli {

class CommandLine : public CLI::App, public NumberRegistry {
 public:
  // Registers every subcommand (docs/cli.md). Not copyable or movable: the
  // options point into the commands' option structs.
  CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  struct ParseResult {
    // kExitOk (parsed; also --help and --version) or kExitUsage (refused).
    int status = 0;
    // What jobmatch prints for --help/--version (stdout) or a refusal
    // (stderr): the message, then "Run with --help for more information.".
    // Control bytes and invalid UTF-8 are written as \xNN and CLI11's part
    // is cut at 1 KiB, so it is always printable, bounded text.
    std::string out, err;
    // The command to run when parsed (nullptr after --help, --version or a
    // refusal).
    const Command* command = nullptr;
  };

  // Parses `args` (without the program name) as `jobmatch` parses its argv;
  // runs nothing. A CommandLine parses once: build a new one for another
  // argument list (option values are not reset). Never throws (but
  // std::bad_alloc).
  ParseResult Parse(const std::vector<std::string>& args);

  // Parses argv, prints what Parse would return, runs the command; returns
  // the exit status (docs/cli.md, "Exit status").
  int Main(int argc, char** argv);

 private:
  ParseResult Finish(const CLI::ParseError* error);
  std::vector<Command> commands_;
};

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_COMMAND_LINE_H_
