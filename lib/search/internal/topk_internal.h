// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private pieces shared by the top-k searches (topk.cc over a Scorer,
// dense_topk.cc over plain matrices): the bounded per-row heap that keeps
// the k best (score desc, index asc). Their worker pool with progress and
// cancellation is the library's one task runner, RunTasks
// (base/internal/task_runner.h, included here for them).
#ifndef JOBMATCH_LIB_SEARCH_INTERNAL_TOPK_INTERNAL_H_
#define JOBMATCH_LIB_SEARCH_INTERNAL_TOPK_INTERNAL_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "base/internal/task_runner.h"
#include "jobmatch/search/topk.h"

namespace jobmatch::internal {

inline constexpr float kTopKNegInf = -std::numeric_limits<float>::infinity();

// A bounded heap of the k best (score desc, index asc) candidates of one row;
// the root is the worst kept candidate.
class RowHeap {
 public:
  RowHeap(float* score, int64_t* index, int k) : score_(score), index_(index), k_(k) {}
  // Threshold a candidate must beat (strictly) to enter.
  float threshold() const { return size_ < k_ ? kTopKNegInf : score_[0]; }
  // Candidates arrive in increasing index order, so on equal scores the one
  // kept is the earlier: a newcomer must score strictly more than the root.
  void Push(float s, int64_t i) {
    if (size_ < k_) {
      int c = size_++;
      score_[c] = s;
      index_[c] = i;
      while (c > 0) {
        const int parent = (c - 1) / 2;
        if (!Worse(c, parent)) break;
        Swap(c, parent);
        c = parent;
      }
    } else {
      score_[0] = s;
      index_[0] = i;
      int c = 0;
      for (;;) {
        const int l = 2 * c + 1, r = l + 1;
        int w = c;
        if (l < k_ && Worse(l, w)) w = l;
        if (r < k_ && Worse(r, w)) w = r;
        if (w == c) break;
        Swap(c, w);
        c = w;
      }
    }
  }
  // Order-free variant of Push for searches that visit candidates in any
  // order (pruned top-k): keeps the k best by (score desc, index asc), so an
  // equal score with a lower index displaces the root. `s` must not be -inf.
  void Offer(float s, int64_t i) {
    if (size_ < k_ || s > score_[0] || (s == score_[0] && i < index_[0])) Push(s, i);
  }
  bool full() const { return size_ == k_; }
  // The worst kept candidate; only meaningful when full().
  float root_score() const { return score_[0]; }
  int64_t root_index() const { return index_[0]; }
  // Sorts best first and pads with (-inf, -1).
  void Finish() {
    std::vector<std::pair<float, int64_t>> v(size_);
    for (int i = 0; i < size_; ++i) v[i] = {score_[i], index_[i]};
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    for (int i = 0; i < k_; ++i) {
      score_[i] = i < size_ ? v[i].first : kTopKNegInf;
      index_[i] = i < size_ ? v[i].second : -1;
    }
  }

 private:
  bool Worse(int a, int b) const {
    return score_[a] < score_[b] || (score_[a] == score_[b] && index_[a] > index_[b]);
  }
  void Swap(int a, int b) {
    std::swap(score_[a], score_[b]);
    std::swap(index_[a], index_[b]);
  }
  float* score_;
  int64_t* index_;
  int k_;
  int size_ = 0;
};

// The result a top-k fills: the rows options.rows asks for (all
// 0..universe-1 when empty), every slot empty (index -1, score -inf). The
// one initialisation for TopK and the engine's merged queries.
TopKResult EmptyTopKResult(Direction direction, const TopKOptions& options, int64_t universe);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SEARCH_INTERNAL_TOPK_INTERNAL_H_
