// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/search/topk.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/status_macros.h"
#include "scoring/internal/scorer_internal.h"
#include "search/internal/pruned_topk.h"
#include "search/internal/topk_internal.h"

namespace jobmatch {
namespace {

using internal::ChunkBuffer;
using internal::CompiledScorer;
using internal::KernelSet;
using internal::RowHeap;
using internal::RunTasks;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr int64_t kChunk = 1024;  // seekers per chunk
constexpr int64_t kVacBlock =
    60;  // vacancies per embedding tile (a multiple of the 6-row micro-kernel)

bool IsExcluded(const uint64_t* excluded, int64_t c) {
  return excluded != nullptr && ((excluded[c >> 6] >> (c & 63)) & 1) != 0;
}

// The options' checks; the exclusion bitmap (or nullptr) on success.
absl::StatusOr<const uint64_t*> CheckOptions(const Scorer& scorer, Direction direction,
                                             const TopKOptions& options) {
  if (options.k < 1) return absl::InvalidArgumentError("k must be >= 1");
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  const bool seeker_rows = direction == Direction::kVacanciesForSeekers;
  const int64_t universe = seeker_rows ? ns : nv;
  for (int64_t r : options.rows) {
    if (r < 0 || r >= universe) {
      return absl::OutOfRangeError(absl::StrCat("row ", r, " outside 0..", universe - 1));
    }
  }
  const int64_t candidates = seeker_rows ? nv : ns;
  if (options.excluded_candidates.empty()) return nullptr;
  if (static_cast<int64_t>(options.excluded_candidates.size()) < (candidates + 63) / 64) {
    return absl::InvalidArgumentError(absl::StrCat("excluded_candidates holds ",
                                                   options.excluded_candidates.size(), " words, ",
                                                   (candidates + 63) / 64, " needed"));
  }
  return options.excluded_candidates.data();
}

// The result to fill, once its memory is within the budget.
absl::StatusOr<TopKResult> EmptyResult(Direction direction, int64_t universe,
                                       const TopKOptions& options) {
  const int64_t answered =
      options.rows.empty() ? universe : static_cast<int64_t>(options.rows.size());
  JOBMATCH_RETURN_IF_ERROR(CheckMemoryBudget(
      SaturatingBytes(answered, options.k, 12) + SaturatingBytes(answered, 8),
      options.memory_budget_bytes, absl::StrCat("top-k of ", answered, " rows x k = ", options.k)));
  return internal::EmptyTopKResult(direction, options, universe);
}

// Exhaustive, rows = seekers: a task is a chunk of result rows, each
// scanning all vacancies.
absl::Status ScanVacanciesForSeekers(const CompiledScorer& cs, const TopKOptions& options,
                                     const uint64_t* excluded, int threads, TopKResult& res) {
  const KernelSet& kern = internal::ActiveKernels();
  const int d = cs.params.embedding_dim;
  const bool emb = cs.use_embeddings;
  const RowMatrixXf& vemb = cs.vacancies->embeddings();
  const int64_t nv = cs.vacancies->size();
  const int k = options.k;
  const int64_t tasks = (res.rows + kChunk - 1) / kChunk;
  auto run = [&](int64_t task) -> int64_t {
    const int64_t r0 = task * kChunk;
    const int64_t n = std::min(kChunk, res.rows - r0);
    ChunkBuffer buf;
    buf.Fill(cs, absl::MakeConstSpan(res.row_ids.data() + r0, n));
    std::vector<RowHeap> heaps;
    heaps.reserve(n);
    for (int64_t j = 0; j < n; ++j) {
      heaps.emplace_back(res.score.data() + (r0 + j) * k, res.index.data() + (r0 + j) * k, k);
    }
    std::vector<float> thresh(n, kNegInf);
    std::vector<float> scores(n);
    std::vector<int32_t> hits(n);
    std::vector<float> dots(emb ? kVacBlock * n : 1, 0.0f);
    for (int64_t vb = 0; vb < nv; vb += kVacBlock) {
      const int64_t nb = std::min(kVacBlock, nv - vb);
      if (emb) kern.dot_tile(vemb.row(vb).data(), d, nb, buf.packed(), n, d, dots.data(), n);
      for (int64_t i = 0; i < nb; ++i) {
        const int64_t v = vb + i;
        if (IsExcluded(excluded, v)) continue;
        kern.score_row(cs.params, buf.chunk(), cs.MakeVacancyRow(v),
                       emb ? dots.data() + i * n : dots.data(), scores.data());
        const int64_t nh = kern.compact_above(scores.data(), thresh.data(), n, hits.data());
        for (int64_t h = 0; h < nh; ++h) {
          const int32_t j = hits[h];
          heaps[j].Push(scores[j], v);
          thresh[j] = heaps[j].threshold();
        }
      }
    }
    for (auto& h : heaps) h.Finish();
    return n;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress,
                  res.rows, run);
}

// Exhaustive, rows = vacancies: each task takes a slice of them and scans
// all seekers chunk by chunk (chunks in increasing seeker order).
absl::Status ScanSeekersForVacancies(const CompiledScorer& cs, const TopKOptions& options,
                                     const uint64_t* excluded, int threads, TopKResult& res) {
  const KernelSet& kern = internal::ActiveKernels();
  const int d = cs.params.embedding_dim;
  const bool emb = cs.use_embeddings;
  const RowMatrixXf& vemb = cs.vacancies->embeddings();
  const int64_t ns = cs.seekers->size();
  const int k = options.k;
  const int64_t slice =
      std::max<int64_t>(kVacBlock, (res.rows + int64_t{threads} * 4 - 1) / (int64_t{threads} * 4));
  const int64_t tasks = (res.rows + slice - 1) / slice;
  auto run = [&](int64_t task) -> int64_t {
    const int64_t r0 = task * slice;
    const int64_t m = std::min(slice, res.rows - r0);
    std::vector<RowHeap> heaps;
    heaps.reserve(m);
    for (int64_t i = 0; i < m; ++i) {
      heaps.emplace_back(res.score.data() + (r0 + i) * k, res.index.data() + (r0 + i) * k, k);
    }
    std::vector<internal::VacancyRow> vrows(m);
    for (int64_t i = 0; i < m; ++i) vrows[i] = cs.MakeVacancyRow(res.row_ids[r0 + i]);
    // Gathered vacancy embeddings of this slice, for the tile kernel.
    std::vector<float> vslice;
    if (emb) {
      vslice.resize(static_cast<size_t>(m) * d);
      for (int64_t i = 0; i < m; ++i) {
        const float* src = vemb.row(res.row_ids[r0 + i]).data();
        std::copy(src, src + d, vslice.data() + i * d);
      }
    }
    ChunkBuffer buf;
    std::vector<float> scores(kChunk);
    std::vector<float> dots(emb ? kVacBlock * kChunk : 1, 0.0f);
    for (int64_t s0 = 0; s0 < ns; s0 += kChunk) {
      const int64_t n = std::min(kChunk, ns - s0);
      buf.FillRange(cs, s0, n + s0);
      for (int64_t ib = 0; ib < m; ib += kVacBlock) {
        const int64_t nb = std::min(kVacBlock, m - ib);
        if (emb) kern.dot_tile(vslice.data() + ib * d, d, nb, buf.packed(), n, d, dots.data(), n);
        for (int64_t i = 0; i < nb; ++i) {
          RowHeap& h = heaps[ib + i];
          kern.score_row(cs.params, buf.chunk(), vrows[ib + i],
                         emb ? dots.data() + i * n : dots.data(), scores.data());
          float t = h.threshold();
          for (int64_t j = 0; j < n; ++j) {
            if (scores[j] > t && !IsExcluded(excluded, s0 + j)) {
              h.Push(scores[j], s0 + j);
              t = h.threshold();
            }
          }
        }
      }
    }
    for (auto& h : heaps) h.Finish();
    return m;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress,
                  res.rows, run);
}

}  // namespace

absl::StatusOr<TopKResult> TopK(const Scorer& scorer, Direction direction,
                                const TopKOptions& options) {
  JOBMATCH_ASSIGN_OR_RETURN(const uint64_t* excluded, CheckOptions(scorer, direction, options));
  const CompiledScorer& cs = internal::ScorerAccess::Compiled(scorer);
  const int64_t universe = direction == Direction::kVacanciesForSeekers ? scorer.seekers().size()
                                                                        : scorer.vacancies().size();
  JOBMATCH_ASSIGN_OR_RETURN(TopKResult res, EmptyResult(direction, universe, options));
  if (res.rows == 0) return res;
  const int threads = ResolveThreadCount(options.num_threads);
  if (!options.exhaustive && internal::UsePrunedTopK(cs, direction, res.rows)) {
    JOBMATCH_RETURN_IF_ERROR(internal::PrunedTopK(cs, direction, options, excluded, threads, res));
  } else if (direction == Direction::kVacanciesForSeekers) {
    JOBMATCH_RETURN_IF_ERROR(ScanVacanciesForSeekers(cs, options, excluded, threads, res));
  } else {
    JOBMATCH_RETURN_IF_ERROR(ScanSeekersForVacancies(cs, options, excluded, threads, res));
  }
  return res;
}

namespace internal {

TopKResult EmptyTopKResult(Direction direction, const TopKOptions& options, int64_t universe) {
  TopKResult res;
  res.direction = direction;
  res.k = options.k;
  if (options.rows.empty()) {
    res.row_ids.resize(static_cast<size_t>(universe));
    std::iota(res.row_ids.begin(), res.row_ids.end(), int64_t{0});
  } else {
    res.row_ids = options.rows;
  }
  res.rows = static_cast<int64_t>(res.row_ids.size());
  res.index.assign(static_cast<size_t>(res.rows) * options.k, -1);
  res.score.assign(static_cast<size_t>(res.rows) * options.k, kTopKNegInf);
  return res;
}

}  // namespace internal
}  // namespace jobmatch
