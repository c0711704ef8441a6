// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch policy`: print the built-in policy, or check a policy file.
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch::cli {
namespace {

int RunPolicy(const std::string& check) {
  if (check.empty()) {
    Print(Policy::Default().ToJson());
    return kExitOk;
  }
  auto p = Policy::FromFile(check);
  if (!p.ok()) return Fail(p.status());
  Print(absl::StrFormat("%s: ok (policy '%s', %d priority rules, %d kind restrictions)\n", check,
                        p->name, p->rules.size(), p->eligibility.kind_restrictions.size()));
  return kExitOk;
}

}  // namespace

std::vector<Command> AddPolicyCommand(CLI::App& app) {
  auto check = std::make_shared<std::string>();
  auto* p =
      app.add_subcommand("policy", "Print the built-in policy as JSON, or check a policy file");
  p->add_option("--check", *check, "Policy file to validate");
  return {{p, [check] { return RunPolicy(*check); }}};
}

}  // namespace jobmatch::cli
