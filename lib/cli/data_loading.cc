// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/data_loading.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch::cli {

void DataPaths::Add(CLI::App* app, bool allow_snapshot) {
  auto* d = app->add_option("--data", dir,
                            "Directory holding skills.csv, seekers.csv, vacancies.csv (or a "
                            "sharded directory with manifest.json)");
  auto* sk = app->add_option("--skills", skills, "skills.csv (overrides --data)");
  auto* se = app->add_option("--seekers", seekers, "seekers.csv (overrides --data)");
  auto* va = app->add_option("--vacancies", vacancies, "vacancies.csv (overrides --data)");
  app->add_option("--policy", policy,
                  allow_snapshot
                      ? "Policy file (JSON); default: the built-in policy (with --snapshot: "
                        "the snapshot's policy)"
                      : "Policy file (JSON); default: the built-in policy");
  if (allow_snapshot) {
    // A usage error (exit 2) when combined with any CSV option.
    app->add_option("--snapshot", snapshot, "Load the data from this snapshot instead of CSV files")
        ->excludes(d)
        ->excludes(sk)
        ->excludes(se)
        ->excludes(va);
  }
}

std::string DataPaths::Resolve(const std::string& explicit_path, const char* name) const {
  if (!explicit_path.empty()) return explicit_path;
  return (std::filesystem::path(dir.empty() ? "." : dir) / name).string();
}

absl::StatusOr<Policy> LoadPolicy(const std::string& path) {
  if (path.empty()) return Policy::Default();
  return Policy::FromFile(path);
}

absl::StatusOr<std::shared_ptr<const Dataset>> LoadData(const DataPaths& paths) {
  if (!paths.snapshot.empty()) {
    auto data = LoadSnapshot(paths.snapshot);
    if (!data.ok() || paths.policy.empty()) return data;
    auto policy = Policy::FromFile(paths.policy);  // --policy overrides the stored one
    if (!policy.ok()) return policy.status();
    return (*data)->WithPolicy(*std::move(policy));
  }
  // --data names a directory; a file there (often a snapshot) would
  // otherwise surface as "<file>/skills.csv: cannot open: Not a directory".
  if (!paths.dir.empty() &&
      (paths.skills.empty() || paths.seekers.empty() || paths.vacancies.empty())) {
    std::error_code ec;
    const auto st = std::filesystem::status(paths.dir, ec);
    if (!ec && std::filesystem::exists(st) && !std::filesystem::is_directory(st)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--data ", paths.dir, ": not a directory (a snapshot file is loaded with --snapshot)"));
    }
  }
  auto policy = LoadPolicy(paths.policy);
  if (!policy.ok()) return policy.status();
  // A sharded directory (manifest.json: a country) unless files are named.
  if (!paths.dir.empty() && paths.skills.empty() && paths.seekers.empty() &&
      paths.vacancies.empty() && IsShardedDirectory(paths.dir)) {
    return LoadShardedData(paths.dir, *std::move(policy));
  }
  return Dataset::LoadCsv(Dataset::CsvFiles{paths.Resolve(paths.skills, "skills.csv"),
                                            paths.Resolve(paths.seekers, "seekers.csv"),
                                            paths.Resolve(paths.vacancies, "vacancies.csv")},
                          *std::move(policy));
}

}  // namespace jobmatch::cli
