// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The data a command scores: from CSV files (--data, --skills, --seekers,
// --vacancies) or a snapshot (--snapshot), with a policy (--policy).
#ifndef JOBMATCH_CLI_DATA_LOADING_H_
#define JOBMATCH_CLI_DATA_LOADING_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch::cli {

struct DataPaths {
  std::string dir;
  std::string skills, seekers, vacancies;
  std::string policy;
  std::string snapshot;
  // Adds --data, --skills, --seekers, --vacancies, --policy and (unless
  // `allow_snapshot` is false) --snapshot, which excludes the CSV options.
  void Add(CLI::App* app, bool allow_snapshot = true);
  // `explicit_path`, or DIR/name.
  std::string Resolve(const std::string& explicit_path, const char* name) const;
};

// The policy file at `path`, or the built-in policy when `path` is empty.
absl::StatusOr<Policy> LoadPolicy(const std::string& path);

// Loads the snapshot (its policy unless --policy overrides it) or the three
// CSV files under the policy, as one Dataset.
absl::StatusOr<std::shared_ptr<const Dataset>> LoadData(const DataPaths& paths);

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_DATA_LOADING_H_
