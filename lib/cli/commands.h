// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The subcommands (docs/cli.md). Each Add*Command registers its subcommand
// (and options) on `app` and returns what to run when it was parsed; the
// options live as long as the returned functions.
#ifndef JOBMATCH_CLI_COMMANDS_H_
#define JOBMATCH_CLI_COMMANDS_H_

#include <functional>
#include <vector>

#include "CLI/CLI.hpp"

namespace jobmatch::cli {

struct Command {
  CLI::App* app;             // runs when this (sub)subcommand was parsed
  std::function<int()> run;  // returns the exit status
};

std::vector<Command> AddGenerateCommand(CLI::App& app);   // cmd_generate.cc
std::vector<Command> AddRecommendCommand(CLI::App& app);  // cmd_recommend.cc
std::vector<Command> AddExplainCommand(CLI::App& app);    // cmd_explain.cc
std::vector<Command> AddPolicyCommand(CLI::App& app);     // cmd_policy.cc
std::vector<Command> AddAllocateCommand(CLI::App& app);   // cmd_allocate.cc
std::vector<Command> AddDemoCommand(CLI::App& app);       // cmd_demo.cc
std::vector<Command> AddSnapshotCommand(CLI::App& app);   // cmd_snapshot.cc: save, load, inspect
std::vector<Command> AddMismatchCommand(CLI::App& app);   // cmd_mismatch.cc
std::vector<Command> AddOutreachCommand(CLI::App& app);   // cmd_outreach.cc

// Training advice (issue 11 item 2).
std::vector<Command> AddTrainingCommand(CLI::App& app);  // cmd_training.cc

std::vector<Command> AddAuditCommand(CLI::App& app);  // cmd_audit.cc

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_COMMANDS_H_
