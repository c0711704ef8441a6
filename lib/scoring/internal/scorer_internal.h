// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: a Policy compiled against a Vocabulary and the two tables into
// flat per-row arrays the kernels read, and chunk buffers that lay a set of
// seekers out contiguously for the kernel.
#ifndef JOBMATCH_LIB_SCORING_INTERNAL_SCORER_INTERNAL_H_
#define JOBMATCH_LIB_SCORING_INTERNAL_SCORER_INTERNAL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/types/span.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"
#include "scoring/internal/score_kernel.h"

namespace jobmatch::internal {

// A search index that the top-k search (lib/search/internal/prune_index.h)
// builds on first use and keeps for the Scorer's lifetime. Opaque here so
// that scoring does not depend on search; `value` is set once, under `once`,
// and `ready` tells a caller without blocking whether it exists.
struct LazyIndexSlot {
  std::once_flag once;
  std::atomic<bool> ready{false};
  std::shared_ptr<const void> value;
};

struct CompiledScorer {
  Policy policy;
  KernelParams params{};
  bool use_embeddings = false;

  // Per rule: seeker-side group mask (0 = any) and resolved industries.
  std::vector<GroupMask> rule_groups;
  std::vector<std::vector<int32_t>> rule_industries;
  // Per vacancy kind: groups allowed (0 = unrestricted).
  GroupMask kind_groups[kNumVacancyKinds] = {0, 0, 0, 0};

  // Seeker side, one entry per seeker row.
  std::vector<float> commute_km;
  std::vector<float> pref_neutral;
  std::vector<uint32_t> elig;
  std::vector<int32_t> profile;
  std::vector<uint64_t> profile_masks;  // distinct seeker-side rule masks

  // Vacancy side.
  std::vector<int32_t> vac_mask_id;      // index into distinct_masks
  std::vector<uint64_t> distinct_masks;  // distinct vacancy-side rule masks
  std::vector<float> boost_table;        // [mask id][profile]
  std::vector<float> req_level;          // parallel to requirements().values
  std::vector<float> req_nimp;
  std::vector<int32_t> req_skill;

  const SeekerTable* seekers = nullptr;
  const VacancyTable* vacancies = nullptr;

  // Pruning indexes of top-k, built lazily: [0] over the vacancies (rows =
  // seekers), [1] over the seekers (rows = vacancies). Mutable: filling the
  // cache does not change any result.
  mutable LazyIndexSlot search_index[2];

  VacancyRow MakeVacancyRow(int64_t v) const;
  // Seeker-side rule mask of seeker s (bit r: rule r's seeker conditions hold).
  uint64_t SeekerRuleMask(int64_t s) const;
  uint64_t VacancyRuleMask(int64_t v) const;
};

// The batched kernels' access to a Scorer's compiled data.
struct ScorerAccess {
  static const CompiledScorer& Compiled(const Scorer& s) { return *s.compiled_; }
};

// Owns the arrays of a SeekerChunk. Reused across chunks to avoid
// reallocation.
class ChunkBuffer {
 public:
  // Lays out the seekers `rows` (any order, any subset).
  void Fill(const CompiledScorer& cs, absl::Span<const int64_t> rows);
  // Lays out the contiguous range [begin, end).
  void FillRange(const CompiledScorer& cs, int64_t begin, int64_t end);
  const SeekerChunk& chunk() const { return chunk_; }
  // Packed embedding panels of the chunk (empty when not in use).
  const float* packed() const { return packed_.data(); }

 private:
  template <typename RowAt>
  void FillImpl(const CompiledScorer& cs, int64_t n, RowAt row_at);

  SeekerChunk chunk_{};
  std::vector<float> px_, py_, pz_, commute_, res_, edu_, sf_[3], pn_;
  std::vector<uint64_t> pref_bits_;
  std::vector<uint32_t> elig_;
  std::vector<int32_t> profile_;
  std::vector<uint8_t> levels_;  // [skill][n], then 3 bytes of slack
  std::vector<float> emb_;       // gathered rows, n x d
  std::vector<float> packed_;
};

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SCORING_INTERNAL_SCORER_INTERNAL_H_
