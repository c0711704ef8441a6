// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch snapshot save | load | inspect`.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch::cli {
namespace {

struct SnapshotOpts {
  DataPaths paths;      // for save
  std::string out;      // save target
  std::string file;     // load / inspect
  bool shards = false;  // save: a directory of snapshot shards
  int threads = 0;
  ProgressOpts progress;
};

// `snapshot save --shards`: the sharded directory --data as snapshot shards.
int RunSaveShards(const SnapshotOpts& o) {
  if (o.paths.dir.empty() || !o.paths.skills.empty() || !o.paths.seekers.empty() ||
      !o.paths.vacancies.empty() || !IsShardedDirectory(o.paths.dir)) {
    return Fail(absl::InvalidArgumentError(
        "--shards needs --data DIR naming a sharded directory (with manifest.json) and no "
        "--skills/--seekers/--vacancies"));
  }
  auto policy = LoadPolicy(o.paths.policy);
  if (!policy.ok()) return Fail(policy.status());
  const auto t0 = Clock::now();
  if (auto s = SaveSnapshotShards(o.paths.dir, o.out, *policy,
                                  MakeProgress("snapshot save", o.progress, "shards"), o.threads);
      !s.ok()) {
    return Fail(s);
  }
  if (!o.progress.quiet) {
    auto manifest = ReadShardManifest(o.out);
    if (!manifest.ok()) return Fail(manifest.status());
    int64_t seekers = 0, vacancies = 0;
    for (const DataShard& d : manifest->shards) {
      seekers += d.num_seekers;
      vacancies += d.num_vacancies;
    }
    std::cerr << absl::StrFormat(
        "saved %d shards (%d seekers, %d vacancies), policy '%s', as snapshots to %s in %.2f s\n",
        manifest->shards.size(), seekers, vacancies, policy->name, o.out, Seconds(t0));
  }
  return kExitOk;
}

int RunSave(const SnapshotOpts& o) {
  if (o.shards) return RunSaveShards(o);
  const auto t0 = Clock::now();
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  const Dataset& d = **data;
  const double load_s = Seconds(t0);
  const auto t1 = Clock::now();
  if (auto s = SaveSnapshot(o.out, d, MakeProgress("snapshot save", o.progress, "bytes"));
      !s.ok()) {
    return Fail(s);
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(o.out, ec);
  if (!o.progress.quiet) {
    std::cerr << absl::StrFormat(
        "saved %d seekers, %d vacancies, %d skills, policy '%s' to %s (%.1f MB) in %.2f s (CSV "
        "load %.2f s)\n",
        d.seekers().size(), d.vacancies().size(), d.vocabulary().skills().size(), d.policy().name,
        o.out, ec ? 0.0 : static_cast<double>(bytes) / 1e6, Seconds(t1), load_s);
  }
  return kExitOk;
}

int RunLoad(const SnapshotOpts& o) {
  const auto t0 = Clock::now();
  auto d = LoadSnapshot(o.file, MakeProgress("snapshot load", o.progress, "bytes"));
  if (!d.ok()) return Fail(d.status());
  Print(absl::StrFormat(
      "%s: ok (%d seekers, %d vacancies, %d openings; %d skills, %d industries, %d key groups; "
      "policy '%s'; loaded and validated in %.2f s)\n",
      o.file, (*d)->seekers().size(), (*d)->vacancies().size(), (*d)->vacancies().total_openings(),
      (*d)->vocabulary().skills().size(), (*d)->vocabulary().industries().size(),
      (*d)->vocabulary().groups().size(), (*d)->policy().name, Seconds(t0)));
  return kExitOk;
}

int RunInspect(const SnapshotOpts& o) {
  auto info = InspectSnapshot(o.file);
  if (!info.ok()) return Fail(info.status());
  Print(info->ToString());
  return info->payload_ok ? kExitOk : kExitFailure;
}

}  // namespace

std::vector<Command> AddSnapshotCommand(CLI::App& app) {
  auto o = std::make_shared<SnapshotOpts>();
  auto* sn =
      app.add_subcommand("snapshot", "Save, load or inspect a snapshot of the whole engine state");
  sn->require_subcommand(1);
  auto* save =
      sn->add_subcommand("save", "Load CSV data (and a policy) and save them as one snapshot file");
  o->paths.Add(save, /*allow_snapshot=*/false);
  save->add_option("--out,-o", o->out,
                   "Snapshot file to write (replaced atomically); with --shards, a directory")
      ->required();
  save->add_flag("--shards", o->shards,
                 "With a sharded --data DIR: write --out as a sharded directory of snapshot "
                 "shards (one snapshot per shard, manifest.json last), which loads faster");
  AddNumberOption(save, "--threads", o->threads, "Worker threads for --shards (0 = all cores)",
                  NonNegativeInteger());
  AddProgressOptions(save, o->progress);
  auto* load =
      sn->add_subcommand("load", "Load a snapshot, validate it fully and print its counts");
  load->add_option("file", o->file, "Snapshot file")->required();
  AddProgressOptions(load, o->progress);
  auto* inspect = sn->add_subcommand(
      "inspect", "Print a snapshot's header and check its checksum without decoding it");
  inspect->add_option("file", o->file, "Snapshot file")->required();
  return {{save, [o] { return RunSave(*o); }},
          {load, [o] { return RunLoad(*o); }},
          {inspect, [o] { return RunInspect(*o); }}};
}

}  // namespace jobmatch::cli
