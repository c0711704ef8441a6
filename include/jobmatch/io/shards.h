// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Sharded data directories (docs/data_formats.md, "Sharded directories"): a
// data set too large to handle as one pair of CSV files — a country — is one
// skills.csv plus many shards, each a seekers CSV and a vacancies CSV of the
// usual formats, listed by DIR/manifest.json:
//
//   {"format": "jobmatch-shards", "version": 1, "skills": "skills.csv",
//    "shards": [{"name": "C0000", "seekers": "shards/C0000/seekers.csv",
//                "vacancies": "shards/C0000/vacancies.csv",
//                "num_seekers": 1234, "num_vacancies": 56,
//                "center_lat": 31.2, "center_lon": 121.5, "radius_km": 40}]}
//
// Version 2 adds snapshot shards: a shard with "format": "snapshot" names
// two snapshot files (docs/snapshot_format.md) as its seekers and vacancies,
// each holding one of the tables (so that a reader of one table never
// decodes the other). A manifest is written as version 1 when every shard is
// CSV (so older readers still read it) and as version 2 otherwise.
//
// Paths are relative to DIR and may not leave it. Shards are read in the order
// listed; a row's position in the data set is its position in that order.
// The centre and radius (optional) describe where a shard's rows lie, so that
// a distributed job can send each worker only the shards within reach.
#ifndef JOBMATCH_IO_SHARDS_H_
#define JOBMATCH_IO_SHARDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace jobmatch {

// How a shard's two files are written.
enum class ShardFormat : int8_t {
  kCsv,       // seekers and vacancies CSV files
  kSnapshot,  // two snapshots: the seekers (no vacancies), the vacancies (no seekers)
};

struct DataShard {
  std::string name;         // unique, non-empty
  std::string seekers;      // path relative to the directory
  std::string vacancies;    // path relative to the directory
  int64_t num_seekers = 0;  // rows as written (checked on load)
  int64_t num_vacancies = 0;
  std::optional<double> center_lat, center_lon, radius_km;
  ShardFormat format = ShardFormat::kCsv;  // kSnapshot: manifest version 2
  bool is_snapshot() const { return format == ShardFormat::kSnapshot; }
};

struct ShardManifest {
  std::string skills = "skills.csv";  // relative to the directory
  std::vector<DataShard> shards;
};

inline constexpr char kShardManifestFile[] = "manifest.json";

// True when `directory` holds a manifest.json (it is then read as sharded).
bool IsShardedDirectory(const std::string& directory);

// Reads and checks DIR/manifest.json: JSON of the shape above, version 1 or
// 2, unique shard names, formats "csv" (the default) or "snapshot" (version
// 2 only), relative paths that stay inside DIR (no "..", not absolute),
// counts >= 0, coordinates in range. Errors name the file and the
// JSON path (`manifest.json: shards[3].seekers: ...`).
[[nodiscard]] absl::StatusOr<ShardManifest> ReadShardManifest(const std::string& directory);

// Writes DIR/manifest.json through the crash-safe writer (mode 0644: it holds
// no personal data). The manifest must pass the checks of ReadShardManifest.
[[nodiscard]] absl::Status WriteShardManifest(const std::string& directory,
                                              const ShardManifest& manifest);

}  // namespace jobmatch

#endif  // JOBMATCH_IO_SHARDS_H_
