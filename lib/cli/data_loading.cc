// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/data_loading.h"

#include <filesystem>
#include <utility>

#include "jobmatch/io/csv.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch::cli {

void DataPaths::Add(CLI::App* app, bool allow_snapshot) {
  auto* d =
      app->add_option("--data", dir, "Directory holding skills.csv, seekers.csv, vacancies.csv");
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

absl::Status AddPolicyGroups(const Policy& p, Vocabulary& vocab) {
  for (const std::string& g : p.extra_groups) {
    auto id = vocab.AddGroup(g);
    if (!id.ok()) return id.status();
  }
  return absl::OkStatus();
}

namespace {

absl::Status LoadFromSnapshot(const DataPaths& paths, Data& d) {
  auto snap = LoadSnapshot(paths.snapshot);
  if (!snap.ok()) return snap.status();
  d.vocab = std::move(snap->vocabulary);
  d.seekers = std::move(snap->seekers);
  d.vacancies = std::move(snap->vacancies);
  d.policy = std::move(snap->policy);
  if (!paths.policy.empty()) {  // --policy overrides the stored policy
    auto policy = Policy::FromFile(paths.policy);
    if (!policy.ok()) return policy.status();
    d.policy = *std::move(policy);
  }
  return AddPolicyGroups(d.policy, d.vocab);
}

}  // namespace

absl::Status LoadData(const DataPaths& paths, Data& d) {
  if (!paths.snapshot.empty()) return LoadFromSnapshot(paths, d);
  auto policy = LoadPolicy(paths.policy);
  if (!policy.ok()) return policy.status();
  d.policy = *policy;
  if (auto s = AddPolicyGroups(d.policy, d.vocab); !s.ok()) return s;
  if (auto s = ReadSkillsCsv(paths.Resolve(paths.skills, "skills.csv"), d.vocab); !s.ok()) {
    return s;
  }
  if (auto s = LoadSeekersCsv(paths.Resolve(paths.seekers, "seekers.csv"), d.vocab, d.seekers);
      !s.ok()) {
    return s;
  }
  return LoadVacanciesCsv(paths.Resolve(paths.vacancies, "vacancies.csv"), d.vocab, d.vacancies);
}

}  // namespace jobmatch::cli
