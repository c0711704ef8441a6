// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Exact top-k on plain dense matrices, without a Scorer: the k largest
// entries of each row of a score matrix, or the k items with the largest
// inner product for each query (maximum inner-product search, the search
// faiss::IndexFlatIP does). The inner products use the library's packed
// embedding kernel (AVX2+FMA when the CPU has it), the same one the Scorer's
// embedding component uses.
//
// Results are exact and deterministic: ordered by (value descending, column
// index ascending), the same for every thread count. Each inner product is
// accumulated sequentially over the d coordinates (one fused multiply-add per
// coordinate with the AVX2 kernel, multiply then add with the portable one),
// so a value can differ from a BLAS sgemm's in the last bits, never in the
// order of evaluation between calls.
//
// Inputs are Eigen::Ref views: row-major float rows with any row stride, so
// numpy arrays (and slices of them) are used in place, never copied.
// Outputs go to caller-provided row-major buffers of rows * k entries (the
// *Into forms, for zero-copy bindings) or to a DenseTopKResult.
//
// Missing entries: a row with fewer than k candidates (k > columns, or
// TopKRows on a row holding -infinity values, which are never returned —
// the library's "ineligible" marker) is padded with index -1 and score
// -infinity at its end.
//
// Thread safety: the functions are re-entrant; inputs must not change during
// a call. Runs on `num_threads` threads (0 = all hardware threads); the
// calling thread reports progress (rows done, rows total) — first (0, total)
// before any work, then about every 200 ms, last (total, total) — and may
// cancel by returning false (absl::CancelledError; outputs then hold no
// complete result).
//
// Complexity: TopKInnerProduct O(nq * ni * d) time, O(threads * (chunk * d +
// tile)) scratch; TopKRows O(rows * cols) time. Both O(rows * k) output.
//
// Example:
//   jobmatch::RowMatrixXf q = ..., items = ...;   // nq x d, ni x d
//   jobmatch::DenseTopKOptions o; o.k = 10;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::DenseTopKResult r,
//       jobmatch::TopKInnerProduct(q, items, o));
//   // r.index[i * r.k + j]: item of query i's (j+1)-th largest inner product.
#ifndef JOBMATCH_SEARCH_DENSE_TOPK_H_
#define JOBMATCH_SEARCH_DENSE_TOPK_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/data/types.h"

namespace jobmatch {

struct DenseTopKOptions {
  int k = 10;           // >= 1
  int num_threads = 0;  // 0 = std::thread::hardware_concurrency()
  ProgressFn progress;  // (rows done, rows total); false cancels
};

// rows x k, row-major.
struct DenseTopKResult {
  int64_t rows = 0;
  int k = 0;
  std::vector<int64_t> index;
  std::vector<float> score;
};

// For each query row, the k items with the largest inner product.
// queries: nq x d, items: ni x d (same d >= 1; nq or ni may be 0). Fails
// with InvalidArgument on k < 1, mismatched dimensions, a non-finite input
// value (named by matrix, row and column), or inputs whose inner products can
// overflow float32: largest query norm x largest item norm x (1 + d 2^-23)
// above FLT_MAX. Every accepted input ranks every item: each query gets
// min(k, ni) finite scores. `index` and `score` must hold nq * k entries.
[[nodiscard]] absl::Status TopKInnerProductInto(Eigen::Ref<const RowMatrixXf> queries,
                                                Eigen::Ref<const RowMatrixXf> items,
                                                const DenseTopKOptions& options, int64_t* index,
                                                float* score);
[[nodiscard]] absl::StatusOr<DenseTopKResult> TopKInnerProduct(
    Eigen::Ref<const RowMatrixXf> queries, Eigen::Ref<const RowMatrixXf> items,
    const DenseTopKOptions& options);

// For each row of `scores`, the k largest entries. -infinity entries are
// never returned (rows with fewer than k others are padded, see above);
// +infinity is an ordinary value. Fails with InvalidArgument on k < 1 or a
// NaN (named by row and column). `index` and `score` must hold rows * k.
[[nodiscard]] absl::Status TopKRowsInto(Eigen::Ref<const RowMatrixXf> scores,
                                        const DenseTopKOptions& options, int64_t* index,
                                        float* score);
[[nodiscard]] absl::StatusOr<DenseTopKResult> TopKRows(Eigen::Ref<const RowMatrixXf> scores,
                                                       const DenseTopKOptions& options);

}  // namespace jobmatch

#endif  // JOBMATCH_SEARCH_DENSE_TOPK_H_
