// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the pruned top-k searches behind TopK (topk.h) when
// TopKOptions::exhaustive is false. Same results as the exhaustive scan, bit
// for bit; design in docs/design.md ("Top-k", "Pruning").
#ifndef JOBMATCH_LIB_SEARCH_INTERNAL_PRUNED_TOPK_H_
#define JOBMATCH_LIB_SEARCH_INTERNAL_PRUNED_TOPK_H_

#include <cstdint>

#include "absl/status/status.h"
#include "jobmatch/search/topk.h"
#include "scoring/internal/scorer_internal.h"

namespace jobmatch::internal {

// Whether TopK takes the pruned path for `rows` result rows: the policy must
// leave something to bound (a policy scored by the embedding alone, with no
// eligibility rule and no boost, has nothing), there must be at least
// PruneTuning::min_candidates candidates (4096; below, the exhaustive scan
// is as fast), and the candidate index must exist or be worth building (at
// least kMinRowsToBuildIndex rows; a smaller query on a fresh Scorer scans
// exhaustively, which is cheaper than the build).
inline constexpr int64_t kMinRowsToBuildIndex = 64;
bool UsePrunedTopK(const CompiledScorer& cs, Direction direction, int64_t rows);

// Fills `res` (row_ids, rows and k set, index/score preset to -1/-inf) with
// the exact top-k. `excluded` is the candidate bit set or null.
absl::Status PrunedTopK(const CompiledScorer& cs, Direction direction, const TopKOptions& options,
                        const uint64_t* excluded, int threads, TopKResult& res);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SEARCH_INTERNAL_PRUNED_TOPK_H_
