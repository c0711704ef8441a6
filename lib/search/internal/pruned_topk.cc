// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "search/internal/pruned_topk.h"

#include <atomic>
#include <memory>
#include <mutex>

#include "search/internal/prune_index.h"
#include "search/internal/pruned_search.h"

namespace jobmatch::internal {
namespace {

template <typename T, typename Build>
std::shared_ptr<const T> GetIndex(const CompiledScorer& cs, int slot, const Build& build) {
  LazyIndexSlot& s = cs.search_index[slot];
  std::call_once(s.once, [&] {
    s.value = build(cs);
    s.ready.store(true, std::memory_order_release);
  });
  return std::static_pointer_cast<const T>(s.value);
}

}  // namespace

bool UsePrunedTopK(const CompiledScorer& cs, Direction direction, int64_t rows) {
  const KernelParams& p = cs.params;
  bool bounded = p.need_eligibility != 0 || p.has_boost != 0;
  for (int c : {0, 2, 3, 4, 5, 6}) bounded = bounded || p.w[c] != 0.0f;
  if (!bounded) return false;
  const int64_t candidates =
      direction == Direction::kVacanciesForSeekers ? cs.vacancies->size() : cs.seekers->size();
  if (candidates < MutablePruneTuning().min_candidates) return false;
  const int slot = direction == Direction::kVacanciesForSeekers ? 0 : 1;
  if (cs.search_index[slot].ready.load(std::memory_order_acquire)) return true;
  return rows >= kMinRowsToBuildIndex;
}

absl::Status PrunedTopK(const CompiledScorer& cs, Direction direction, const TopKOptions& options,
                        const uint64_t* excluded, int threads, TopKResult& res) {
  if (direction == Direction::kVacanciesForSeekers) {
    auto idx = GetIndex<VacancyIndex>(cs, 0, BuildVacancyIndex);
    return VacanciesForSeekers(cs, *idx, options, excluded, threads, res);
  }
  auto idx = GetIndex<SeekerIndex>(cs, 1, BuildSeekerIndex);
  return SeekersForVacancies(cs, *idx, options, excluded, threads, res);
}

}  // namespace jobmatch::internal
