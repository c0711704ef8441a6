// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: what the two directions of pruned top-k share
// (pruned_vacancies.cc: rows = seekers; pruned_seekers.cc: rows = vacancies;
// pruned_topk.cc chooses and builds the index).
#ifndef JOBMATCH_LIB_SEARCH_INTERNAL_PRUNED_SEARCH_H_
#define JOBMATCH_LIB_SEARCH_INTERNAL_PRUNED_SEARCH_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "jobmatch/search/topk.h"
#include "search/internal/prune_index.h"
#include "search/internal/topk_internal.h"

namespace jobmatch::internal {

inline constexpr float kPrunedNegInf = -std::numeric_limits<float>::infinity();

// The largest float below x (x finite): std::nextafter(x, -inf) without the
// library call.
inline float NextBelow(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  if ((b & 0x7fffffffu) == 0) return -std::numeric_limits<float>::denorm_min();
  b = (b & 0x80000000u) ? b + 1 : b - 1;
  float y;
  std::memcpy(&y, &b, sizeof y);
  return y;
}

inline bool IsExcluded(const uint64_t* ex, int64_t c) {
  return ex != nullptr && ((ex[c >> 6] >> (c & 63)) & 1) != 0;
}

// What a candidate must reach to enter a row's heap, mirrored from the heap.
// A candidate (or a bound on a group of them) with score x and index i can
// enter iff x > thr, or x == thr and i < tie; thr_ge is the largest float
// below thr, so that score > thr_ge lists the possible entrants, ties included.
struct Gate {
  std::vector<float> thr, thr_ge;
  std::vector<int64_t> tie;
  explicit Gate(int64_t n) : thr(n, kPrunedNegInf), thr_ge(n, kPrunedNegInf), tie(n, -1) {}
  void Update(int64_t j, const RowHeap& h) {
    if (h.full()) {
      thr[j] = h.root_score();
      thr_ge[j] = NextBelow(thr[j]);
      tie[j] = h.root_index();
    }
  }
  // Could a group with bound `ub` and smallest index `min_index` enter row j?
  bool Open(int64_t j, float ub, int64_t min_index) const {
    return ub > thr[j] || (ub == thr[j] && min_index < tie[j]);
  }
};

// Result positions in task order, and the task boundaries: positions sorted
// by class, then k-d leaves of at most `leaf` over the rows' points, then by
// key within a leaf, cut every `chunk`.
template <typename ClassOf, typename PointAt, typename KeyOf>
void PlanTasks(int64_t rows, int64_t leaf, int64_t chunk, const ClassOf& class_of,
               const PointAt& point_at, const KeyOf& key_of, std::vector<int64_t>& order,
               std::vector<int64_t>& bounds) {
  std::vector<std::pair<uint32_t, int64_t>> cls(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) cls[i] = {class_of(i), i};
  std::sort(cls.begin(), cls.end());
  order.resize(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) order[i] = cls[i].second;
  std::vector<KdNode> nodes;
  for (int64_t b = 0; b < rows;) {
    int64_t e = b;
    while (e < rows && cls[e].first == cls[b].first) ++e;
    BuildKdTree(order, b, e, leaf, point_at, nodes);
    b = e;
  }
  std::vector<std::pair<int64_t, int64_t>> leaves;
  for (const KdNode& n : nodes) {
    if (n.left < 0) leaves.emplace_back(n.item_begin, n.item_end);
  }
  std::sort(leaves.begin(), leaves.end());
  bounds.clear();
  std::vector<std::pair<uint64_t, int64_t>> keyed;
  for (auto [b, e] : leaves) {
    keyed.clear();
    for (int64_t i = b; i < e; ++i) keyed.emplace_back(key_of(order[i]), order[i]);
    std::sort(keyed.begin(), keyed.end());
    for (int64_t i = b; i < e; ++i) order[i] = keyed[i - b].second;
    for (int64_t c = b; c < e; c += chunk) bounds.push_back(c);
  }
  bounds.push_back(rows);
}

// Best vacancies for the seekers res.row_ids, and best seekers for the
// vacancies res.row_ids: exact (equal to the exhaustive scan bit for bit),
// each result row written in place.
absl::Status VacanciesForSeekers(const CompiledScorer& cs, const VacancyIndex& idx,
                                 const TopKOptions& options, const uint64_t* excluded, int threads,
                                 TopKResult& res);
absl::Status SeekersForVacancies(const CompiledScorer& cs, const SeekerIndex& idx,
                                 const TopKOptions& options, const uint64_t* excluded, int threads,
                                 TopKResult& res);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SEARCH_INTERNAL_PRUNED_SEARCH_H_
