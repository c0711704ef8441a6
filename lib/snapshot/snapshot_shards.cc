// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Snapshot shards: sharded directories whose shards are snapshot files
// (snapshot.h; the reader is the dataset layer's, dataset/internal/
// sharded_load.h, given a way to open a snapshot).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/internal/task_runner.h"
#include "dataset/internal/sharded_load.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/base/threads.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch {
namespace {

absl::StatusOr<std::shared_ptr<const Dataset>> OpenShardSnapshot(const std::string& path) {
  return LoadSnapshot(path);
}

// The directories of the shards' snapshots: a shard's name when that is a
// plain file name not taken yet (compared without case, for filesystems
// that ignore it), otherwise "~" and its position (never a plain name).
std::vector<std::string> ShardDirectoryNames(const std::vector<DataShard>& shards) {
  std::vector<std::string> out;
  absl::flat_hash_set<std::string> taken;
  for (size_t i = 0; i < shards.size(); ++i) {
    const std::string& n = shards[i].name;
    const bool plain =
        n.size() <= 200 && n != "." && n != ".." && std::all_of(n.begin(), n.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';
        });
    if (plain && taken.insert(absl::AsciiStrToLower(n)).second) {
      out.push_back(n);
    } else {
      out.push_back(absl::StrCat("~", i));
    }
  }
  return out;
}

absl::Status IoError(const std::string& what, const std::filesystem::path& p,
                     const std::error_code& ec) {
  return absl::InternalError(absl::StrCat(p.string(), ": ", what, ": ", ec.message()));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Dataset>> LoadShardedData(const std::string& directory,
                                                               Policy policy,
                                                               const CsvLimits& limits,
                                                               const ProgressFn& progress,
                                                               int num_threads) {
  JOBMATCH_ASSIGN_OR_RETURN(Dataset::ShardPart part,
                            internal::LoadShardedPart(directory, std::move(policy), nullptr, limits,
                                                      progress, num_threads, OpenShardSnapshot));
  return std::move(part.data);
}

absl::StatusOr<Dataset::ShardPart> LoadShardedDataPart(const std::string& directory, Policy policy,
                                                       const Dataset::ShardSelection& selection,
                                                       const CsvLimits& limits,
                                                       const ProgressFn& progress,
                                                       int num_threads) {
  return internal::LoadShardedPart(directory, std::move(policy), &selection, limits, progress,
                                   num_threads, OpenShardSnapshot);
}

absl::Status SaveSnapshotShards(const std::string& source, const std::string& target,
                                const Policy& policy, const ProgressFn& progress, int num_threads) {
  namespace fs = std::filesystem;
  JOBMATCH_ASSIGN_OR_RETURN(const ShardManifest in, ReadShardManifest(source));
  std::error_code ec;
  if (fs::exists(target, ec) && fs::equivalent(source, target, ec)) {
    return absl::InvalidArgumentError(absl::StrCat(
        target, ": the target directory is the source; write the snapshots elsewhere"));
  }
  const fs::path dir(target);
  if (fs::create_directories(dir / "shards", ec); ec) {
    return IoError("cannot create the directory", dir / "shards", ec);
  }
  // An earlier manifest goes first: from here until the new one is written
  // the directory is not a data set, so a failed run cannot leave an old
  // manifest over new shards.
  if (fs::remove(dir / kShardManifestFile, ec); ec) {
    return IoError("cannot remove the earlier manifest", dir / kShardManifestFile, ec);
  }
  // The skills file, checked as the loader reads it.
  Vocabulary skills;
  JOBMATCH_RETURN_IF_ERROR(ReadSkillsCsv((fs::path(source) / in.skills).string(), skills));
  JOBMATCH_RETURN_IF_ERROR(WriteSkillsCsv((dir / "skills.csv").string(), skills));
  ShardManifest out;
  out.skills = "skills.csv";
  out.shards = in.shards;
  const std::vector<std::string> names = ShardDirectoryNames(in.shards);
  for (size_t i = 0; i < out.shards.size(); ++i) {
    DataShard& d = out.shards[i];
    const fs::path sub = fs::path("shards") / names[i];
    d.format = ShardFormat::kSnapshot;
    d.seekers = (sub / "seekers.jms").string();
    d.vacancies = (sub / "vacancies.jms").string();
  }
  // Each table in a snapshot of its own (with the shard's vocabulary), so
  // that a part reading only a shard's vacancies never decodes its seekers.
  auto save_shard = [&](int64_t i) -> absl::Status {
    const Dataset::ShardSelection one{{i}, {i}, {}};
    JOBMATCH_ASSIGN_OR_RETURN(Dataset::ShardPart part,
                              LoadShardedDataPart(source, policy, one, {}, nullptr, 1));
    const DataShard& d = out.shards[static_cast<size_t>(i)];
    const Dataset& data = *part.data;
    std::error_code mkdir_error;
    if (fs::create_directories((dir / d.seekers).parent_path(), mkdir_error); mkdir_error) {
      return IoError("cannot create the directory", (dir / d.seekers).parent_path(), mkdir_error);
    }
    JOBMATCH_RETURN_IF_ERROR(SaveSnapshot((dir / d.seekers).string(), data.vocabulary(),
                                          data.seekers(), VacancyTable(), data.policy()));
    return SaveSnapshot((dir / d.vacancies).string(), data.vocabulary(), SeekerTable(),
                        data.vacancies(), data.policy());
  };
  const int threads = std::max(1, ResolveThreadCount(num_threads));
  JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(static_cast<int64_t>(out.shards.size()), threads,
                                              progress, "cancelled", save_shard));
  return WriteShardManifest(target, out);
}

}  // namespace jobmatch
