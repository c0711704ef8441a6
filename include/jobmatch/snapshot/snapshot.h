// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Snapshots: the whole engine state (vocabulary, policy, seeker and vacancy
// tables) in one versioned binary file, so a long-running service restarts
// from disk in seconds. Format: docs/snapshot_format.md.
//
// Saving is crash-safe: the file is written to a temporary file in the same
// directory, fsync'ed, renamed over the target and the directory fsync'ed.
// At every instant the target path holds either the old complete snapshot or
// the new complete snapshot, never a partial one (AtomicFileWriter,
// base/file_io.h; mode 0600: snapshots hold personal data). A crash can leave
// a stray temporary file (".NAME.tmp-PID-XXXXXX") beside the target; it is
// never read, and the next save of the same target removes it.
//
// Loading treats the file as untrusted. Before anything is deserialised it
// checks the magic, format version, header checksum, byte order and type
// sizes, that the file length equals header + declared payload length, and
// the XXH3-64 checksum of the payload. While deserialising every declared
// count is checked against the bytes that remain (no allocation is ever
// larger than the file), and afterwards every invariant of every table is
// re-checked (column lengths, monotone offsets, unique ids, levels on the
// skill ladder, finite numbers, ids within the vocabulary, normalised
// embeddings, valid policy). Any failure returns an error naming the file and
// what is wrong; nothing is returned half-built.
//
// Derived data is not stored but rebuilt on load: the id -> row hash maps
// and the points on the sphere (from lat/lon, as Append computes them).
// Scorer indexes are built by Scorer::Create as usual.
//
// Error codes: NotFound (no such file), FailedPrecondition (not a regular
// file, e.g. a directory), InvalidArgument (not a snapshot: bad magic;
// unsupported format version; other byte order or type sizes), DataLoss
// (truncated, trailing bytes, checksum mismatch, inconsistent content),
// Cancelled (progress returned false), Internal / the errno class for I/O
// errors while saving.
//
// Thread safety: the functions share no state; Save may run while other
// threads read the same tables (it only reads them).
//
// Example:
//   JOBMATCH_RETURN_IF_ERROR(jobmatch::SaveSnapshot("city.jms", *dataset));
//   JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const jobmatch::Dataset> d,
//                             jobmatch::LoadSnapshot("city.jms"));
//   JOBMATCH_ASSIGN_OR_RETURN(auto scorer, jobmatch::Scorer::Create(d));
#ifndef JOBMATCH_SNAPSHOT_SNAPSHOT_H_
#define JOBMATCH_SNAPSHOT_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch {

// Current snapshot format version (written by SaveSnapshot). LoadSnapshot
// reads every version from kOldestSnapshotFormatVersion to this one (columns
// added since a file's version take their defaults, data/schema.h) and says
// so for any other. Version 2 added the seekers' registered_on and the
// vacancies' posted_on dates.
inline constexpr uint32_t kSnapshotFormatVersion = 2;
inline constexpr uint32_t kOldestSnapshotFormatVersion = 1;

// Header fields and what InspectSnapshot found (docs/snapshot_format.md).
struct SnapshotInfo {
  std::string path;
  uint32_t format_version = 0;
  std::string library_version;  // jobmatch version of the writer, "0.1.0"
  uint32_t boost_archive_version = 0;
  int64_t file_bytes = 0;
  int64_t header_bytes = 0;
  int64_t payload_bytes = 0;      // as declared by the header
  uint64_t payload_checksum = 0;  // XXH3-64 as stored in the header
  int64_t num_seekers = 0;
  int64_t num_vacancies = 0;
  int32_t num_skills = 0;
  int32_t num_industries = 0;
  int32_t num_groups = 0;
  int32_t seeker_embedding_dim = 0;
  int32_t vacancy_embedding_dim = 0;
  // True when the file length matches the header and the payload checksum
  // matches; otherwise `payload_problem` says what is wrong.
  bool payload_ok = false;
  std::string payload_problem;
  // Multi-line rendering for `jobmatch snapshot inspect`.
  std::string ToString() const;
};

// Writes a snapshot of the given state to `path` (crash-safe, see above).
// `progress` gets (bytes written, total bytes); returning false cancels, and
// the target is then left as it was. The output is deterministic: the same
// state gives the same bytes.
[[nodiscard]] absl::Status SaveSnapshot(const std::string& path, const Vocabulary& vocabulary,
                                        const SeekerTable& seekers, const VacancyTable& vacancies,
                                        const Policy& policy, ProgressFn progress = {});

// Same, for a Dataset.
[[nodiscard]] absl::Status SaveSnapshot(const std::string& path, const Dataset& data,
                                        ProgressFn progress = {});

// Reads and fully validates a snapshot into a Dataset (dataset/dataset.h).
// `progress` gets (bytes read, file bytes) while reading; returning false
// cancels. Regular files only: a directory, FIFO, socket or device is
// refused with FailedPrecondition before any read (a FIFO without a writer
// never blocks).
[[nodiscard]] absl::StatusOr<std::shared_ptr<const Dataset>> LoadSnapshot(const std::string& path,
                                                                          ProgressFn progress = {});

// --- Snapshot shards (docs/data_formats.md, "Sharded directories"). A
// sharded directory's shard may hold its seekers and its vacancies as two
// snapshot files instead of two CSV files (manifest version 2, "format":
// "snapshot"). Loading them is faster than parsing CSV, and every file is
// fully validated as LoadSnapshot validates one.

// Reads a sharded directory whose shards are CSV files, snapshots or both,
// as Dataset::LoadShardedCsv reads CSV shards: the same data set (rows,
// industry ids, tie-breaks), the same checks and the same order of errors.
// A shard snapshot's own policy is ignored: `policy` applies, and it must
// declare every key group the snapshot's vocabulary holds (saved under it);
// its skills must all be in the directory's skills file.
[[nodiscard]] absl::StatusOr<std::shared_ptr<const Dataset>> LoadShardedData(
    const std::string& directory, Policy policy, const CsvLimits& limits = {},
    const ProgressFn& progress = nullptr, int num_threads = 0);

// Part of such a directory, as Dataset::LoadShardedCsvPart reads one.
[[nodiscard]] absl::StatusOr<Dataset::ShardPart> LoadShardedDataPart(
    const std::string& directory, Policy policy, const Dataset::ShardSelection& selection,
    const CsvLimits& limits = {}, const ProgressFn& progress = nullptr, int num_threads = 0);

// Writes `target` as a copy of the sharded directory `source` with every
// shard as snapshots (`shards/<name>/seekers.jms` and `vacancies.jms`, each
// with one table, 0600; the skills file and the manifest 0644), for faster
// loading: one shard at a time per thread, so
// memory stays that of `num_threads` shards (0 = all cores). Each shard is
// read as LoadShardedDataPart reads it alone and saved under `policy`
// (read the target with a policy that declares the same key groups). The
// manifest keeps the shards' order, names, counts, centres and radii, and
// is written last; an earlier manifest in `target` is removed first, so a
// failed or interrupted run leaves no manifest and the directory is never
// read as a data set. `target` may not be `source`. `progress`: (shards
// written, shards); returning false cancels.
[[nodiscard]] absl::Status SaveSnapshotShards(const std::string& source, const std::string& target,
                                              const Policy& policy,
                                              const ProgressFn& progress = nullptr,
                                              int num_threads = 0);

// Reads the header, checks the file length and the payload checksum, without
// deserialising the payload. Fails only when the header itself cannot be
// trusted (missing/short file, bad magic, unsupported version, header
// checksum); payload problems are reported in SnapshotInfo::payload_ok.
[[nodiscard]] absl::StatusOr<SnapshotInfo> InspectSnapshot(const std::string& path);

// In-memory variants, for tests, fuzzers and callers that hold the bytes
// already. `source` names the bytes in error messages.
[[nodiscard]] absl::StatusOr<std::string> SaveSnapshotToString(const Vocabulary& vocabulary,
                                                               const SeekerTable& seekers,
                                                               const VacancyTable& vacancies,
                                                               const Policy& policy);
[[nodiscard]] absl::StatusOr<std::string> SaveSnapshotToString(const Dataset& data);
[[nodiscard]] absl::StatusOr<std::shared_ptr<const Dataset>> LoadSnapshotFromBuffer(
    std::string_view bytes, std::string_view source = "<buffer>");
[[nodiscard]] absl::StatusOr<SnapshotInfo> InspectSnapshotBuffer(
    std::string_view bytes, std::string_view source = "<buffer>");

}  // namespace jobmatch

#endif  // JOBMATCH_SNAPSHOT_SNAPSHOT_H_
