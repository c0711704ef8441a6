// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/search/dense_topk.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/internal/text.h"
#include "scoring/internal/score_kernel.h"
#include "search/internal/topk_internal.h"

namespace jobmatch {
namespace {

using internal::RunTasks;
using Heap = internal::RowHeap;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr int64_t kItemBlock = 60;   // items per dot tile: a multiple of the 6-row micro-kernel
constexpr int64_t kScanBlock = 512;  // TopKRows: entries compared against one threshold fill

absl::Status CheckFinite(const Eigen::Ref<const RowMatrixXf>& m, const char* what, bool allow_inf) {
  for (int64_t i = 0; i < m.rows(); ++i) {
    const float* r = m.row(i).data();
    bool bad = false;
    for (int64_t j = 0; j < m.cols(); ++j) {
      bad |= allow_inf ? std::isnan(r[j]) : !std::isfinite(r[j]);
    }
    if (bad) {
      for (int64_t j = 0; j < m.cols(); ++j) {
        if (allow_inf ? std::isnan(r[j]) : !std::isfinite(r[j])) {
          return absl::InvalidArgumentError(absl::StrCat(
              what, ": ", allow_inf ? "NaN" : "non-finite value", " at row ", i, ", column ", j));
        }
      }
    }
  }
  return absl::OkStatus();
}

// Largest Euclidean row norm of `m`, in double (cannot overflow for finite
// float entries: at most sqrt(d) x 3.4e38).
double MaxRowNorm(const Eigen::Ref<const RowMatrixXf>& m) {
  double best = 0.0;
  for (int64_t i = 0; i < m.rows(); ++i) {
    double sq = 0.0;
    for (int64_t j = 0; j < m.cols(); ++j) {
      const double x = m(i, j);
      sq += x * x;
    }
    best = std::max(best, std::sqrt(sq));
  }
  return best;
}

// Every inner product, and every partial sum the kernels form on the way, is
// at most |q| |x| (1 + d 2^-23) in magnitude (Cauchy-Schwarz plus float
// rounding). Inputs for which that bound can exceed the float range are
// refused: a product that overflowed would become -inf or NaN and the item
// would silently drop out of the lists.
absl::Status CheckNoOverflow(const Eigen::Ref<const RowMatrixXf>& queries,
                             const Eigen::Ref<const RowMatrixXf>& items) {
  if (queries.rows() == 0 || items.rows() == 0) return absl::OkStatus();
  const double nq = MaxRowNorm(queries), ni = MaxRowNorm(items);
  const double bound = nq * ni * (1.0 + static_cast<double>(queries.cols()) * 0x1p-23);
  if (bound <= static_cast<double>(std::numeric_limits<float>::max())) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "inner products can overflow float32: the largest query norm (", internal::FormatNumber(nq),
      ") times the largest item norm (", internal::FormatNumber(ni),
      ") is beyond 3.4e38; scale the queries or the items down"));
}

absl::Status CheckCommon(const DenseTopKOptions& o) {
  if (o.k < 1) return absl::InvalidArgumentError(absl::StrCat("k must be >= 1, got ", o.k));
  if (o.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  return absl::OkStatus();
}

}  // namespace

absl::Status TopKInnerProductInto(Eigen::Ref<const RowMatrixXf> queries,
                                  Eigen::Ref<const RowMatrixXf> items,
                                  const DenseTopKOptions& options, int64_t* index, float* score) {
  if (auto s = CheckCommon(options); !s.ok()) return s;
  const int64_t nq = queries.rows(), ni = items.rows();
  const int64_t d64 = queries.cols();
  if (d64 != items.cols()) {
    return absl::InvalidArgumentError(
        absl::StrCat("queries have dimension ", d64, ", items ", items.cols()));
  }
  if (d64 < 1 || d64 > std::numeric_limits<int>::max() / 64) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dimension must be in 1..", std::numeric_limits<int>::max() / 64, ", got ", d64));
  }
  const int d = static_cast<int>(d64);
  if (auto s = CheckFinite(queries, "queries", false); !s.ok()) return s;
  if (auto s = CheckFinite(items, "items", false); !s.ok()) return s;
  if (auto s = CheckNoOverflow(queries, items); !s.ok()) return s;
  const int k = options.k;
  std::fill(index, index + nq * k, int64_t{-1});
  std::fill(score, score + nq * k, kNegInf);
  if (nq == 0) return absl::OkStatus();
  const int threads = ResolveThreadCount(options.num_threads);

  // Queries are packed into panels chunk by chunk (the kernel's "b" side, at
  // most ~256 KiB so they stay in L2); items stream past them in blocks, read
  // in place. For a block the kernel gives, per item, the inner products
  // with every query of the chunk, which the vector compaction filters
  // against each query's current k-th best.
  int64_t chunk = std::clamp<int64_t>(65536 / d, 64, 1024);
  const int64_t per_thread = (nq + 2 * threads - 1) / (2 * threads);
  chunk = std::min(chunk, std::max<int64_t>(16, (per_thread + 15) / 16 * 16));
  const int64_t tasks = (nq + chunk - 1) / chunk;
  const internal::KernelSet& kern = internal::ActiveKernels();
  const float* qdata = queries.data();
  const int64_t qstride = queries.outerStride();
  const float* idata = items.data();
  const int64_t istride = items.outerStride();

  auto run = [&](int64_t task) -> int64_t {
    const int64_t q0 = task * chunk;
    const int64_t n = std::min(chunk, nq - q0);
    std::vector<float> packed(internal::PackedSize(n, d));
    internal::PackPanels(qdata + q0 * qstride, qstride, n, d, packed.data());
    std::vector<Heap> heaps;
    heaps.reserve(n);
    for (int64_t j = 0; j < n; ++j)
      heaps.emplace_back(score + (q0 + j) * k, index + (q0 + j) * k, k);
    std::vector<float> thresh(n, kNegInf);
    std::vector<float> dots(kItemBlock * n);
    std::vector<int32_t> hits(n);
    for (int64_t b0 = 0; b0 < ni; b0 += kItemBlock) {
      const int64_t nb = std::min(kItemBlock, ni - b0);
      kern.dot_tile(idata + b0 * istride, istride, nb, packed.data(), n, d, dots.data(), n);
      for (int64_t i = 0; i < nb; ++i) {
        const float* row = dots.data() + i * n;
        const int64_t nh = kern.compact_above(row, thresh.data(), n, hits.data());
        for (int64_t h = 0; h < nh; ++h) {
          const int32_t j = hits[h];
          heaps[j].Push(row[j], b0 + i);
          thresh[j] = heaps[j].threshold();
        }
      }
    }
    for (auto& h : heaps) h.Finish();
    return n;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress, nq,
                  run);
}

absl::StatusOr<DenseTopKResult> TopKInnerProduct(Eigen::Ref<const RowMatrixXf> queries,
                                                 Eigen::Ref<const RowMatrixXf> items,
                                                 const DenseTopKOptions& options) {
  if (auto s = CheckCommon(options); !s.ok()) return s;
  DenseTopKResult r;
  r.rows = queries.rows();
  r.k = options.k;
  r.index.resize(static_cast<size_t>(r.rows) * r.k);
  r.score.resize(static_cast<size_t>(r.rows) * r.k);
  if (auto s = TopKInnerProductInto(queries, items, options, r.index.data(), r.score.data());
      !s.ok())
    return s;
  return r;
}

absl::Status TopKRowsInto(Eigen::Ref<const RowMatrixXf> scores, const DenseTopKOptions& options,
                          int64_t* index, float* score) {
  if (auto s = CheckCommon(options); !s.ok()) return s;
  if (auto s = CheckFinite(scores, "scores", true); !s.ok()) return s;
  const int64_t rows = scores.rows(), cols = scores.cols();
  const int k = options.k;
  std::fill(index, index + rows * k, int64_t{-1});
  std::fill(score, score + rows * k, kNegInf);
  if (rows == 0) return absl::OkStatus();
  const int threads = ResolveThreadCount(options.num_threads);
  const int64_t per_task =
      std::max<int64_t>(1, std::min<int64_t>(256, (rows + 4 * threads - 1) / (4 * threads)));
  const int64_t tasks = (rows + per_task - 1) / per_task;
  const internal::KernelSet& kern = internal::ActiveKernels();
  auto run = [&](int64_t task) -> int64_t {
    const int64_t r0 = task * per_task;
    const int64_t n = std::min(per_task, rows - r0);
    std::vector<float> thresh(kScanBlock);
    std::vector<int32_t> hits(kScanBlock);
    for (int64_t r = r0; r < r0 + n; ++r) {
      Heap heap(score + r * k, index + r * k, k);
      const float* row = scores.row(r).data();
      float t = kNegInf;
      std::fill(thresh.begin(), thresh.end(), t);
      for (int64_t c0 = 0; c0 < cols; c0 += kScanBlock) {
        const int64_t nb = std::min(kScanBlock, cols - c0);
        const int64_t nh = kern.compact_above(row + c0, thresh.data(), nb, hits.data());
        for (int64_t h = 0; h < nh; ++h) {
          const float v = row[c0 + hits[h]];
          if (v > heap.threshold()) heap.Push(v, c0 + hits[h]);
        }
        if (heap.threshold() != t) {
          t = heap.threshold();
          std::fill(thresh.begin(), thresh.end(), t);
        }
      }
      heap.Finish();
    }
    return n;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress,
                  rows, run);
}

absl::StatusOr<DenseTopKResult> TopKRows(Eigen::Ref<const RowMatrixXf> scores,
                                         const DenseTopKOptions& options) {
  if (auto s = CheckCommon(options); !s.ok()) return s;
  DenseTopKResult r;
  r.rows = scores.rows();
  r.k = options.k;
  r.index.resize(static_cast<size_t>(r.rows) * r.k);
  r.score.resize(static_cast<size_t>(r.rows) * r.k);
  if (auto s = TopKRowsInto(scores, options, r.index.data(), r.score.data()); !s.ok()) return s;
  return r;
}

}  // namespace jobmatch
