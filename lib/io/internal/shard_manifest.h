// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the text of a sharded directory's manifest.json
// (jobmatch/io/shards.h), read and written without the file, so that the
// reader's checks are exercised in one place by ReadShardManifest,
// WriteShardManifest (what it writes must read back) and the fuzz target
// tests/fuzz/manifest_fuzz.cc.
#ifndef JOBMATCH_LIB_IO_INTERNAL_SHARD_MANIFEST_H_
#define JOBMATCH_LIB_IO_INTERNAL_SHARD_MANIFEST_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "jobmatch/io/shards.h"

namespace jobmatch::internal {

// The manifest held by `text` with every check of ReadShardManifest (valid
// UTF-8 first). Errors start with `source` (the manifest's path), then the
// JSON path and the reason; they never quote more than a cut of the input.
[[nodiscard]] absl::StatusOr<ShardManifest> ParseShardManifest(std::string_view text,
                                                               const std::string& source);

// The JSON that WriteShardManifest writes for `m` (version 1 when every
// shard is CSV, 2 otherwise), ending in a newline; an error (after `source`)
// when a name or path is not UTF-8, which JSON cannot hold. It checks
// nothing else: ParseShardManifest of the text does.
[[nodiscard]] absl::StatusOr<std::string> ShardManifestText(const ShardManifest& m,
                                                            const std::string& source);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_IO_INTERNAL_SHARD_MANIFEST_H_
