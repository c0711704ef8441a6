// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the reader of sharded directories (io/shards.h) behind
// Dataset::LoadShardedCsv / LoadShardedCsvPart and the snapshot layer's
// LoadShardedData / LoadShardedDataPart (snapshot/snapshot.h). The dataset
// layer knows no snapshot format: a snapshot shard is opened through
// `open_snapshot`, and its rows join the data set as a CSV shard's would
// (ids mapped by name, new industries in the order the rows name them).
#ifndef JOBMATCH_LIB_DATASET_INTERNAL_SHARDED_LOAD_H_
#define JOBMATCH_LIB_DATASET_INTERNAL_SHARDED_LOAD_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch::internal {

// Reads and validates one snapshot file (LoadSnapshot). Called from the
// loading threads, several at a time.
using OpenSnapshotFn =
    std::function<absl::StatusOr<std::shared_ptr<const Dataset>>(const std::string& path)>;

// The selected shards of DIR (all of them when `selection` is null), as
// Dataset::LoadShardedCsvPart documents. Snapshot shards need
// `open_snapshot`; without it they are refused (FailedPrecondition).
[[nodiscard]] absl::StatusOr<Dataset::ShardPart> LoadShardedPart(
    const std::string& directory, Policy policy, const Dataset::ShardSelection* selection,
    const CsvLimits& limits, const ProgressFn& progress, int num_threads,
    const OpenSnapshotFn& open_snapshot);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_DATASET_INTERNAL_SHARDED_LOAD_H_
