// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Pruned top-k with rows = vacancies (pruned_search.h).
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "search/internal/pruned_search.h"

namespace jobmatch::internal {
namespace {

constexpr float kNegInf = kPrunedNegInf;

// Candidates are visited best bound first so that the heaps fill with good
// scores early and later groups are skipped.
std::vector<int32_t> ByBoundDescending(const std::vector<float>& gmax) {
  std::vector<int32_t> ord(gmax.size());
  std::iota(ord.begin(), ord.end(), 0);
  std::stable_sort(ord.begin(), ord.end(), [&](int32_t a, int32_t b) { return gmax[a] > gmax[b]; });
  return ord;
}

// Pruned top-k seekers for one slice of vacancies (SeekersForVacancies):
// seeker groups within reach, each group's bound for every vacancy of the
// slice at once (the group as its most favourable seeker against the slice
// with the transposed kernel), then the groups best bound first, each scored
// only against the vacancies whose heaps it can still enter.
class VacancySliceSearch {
 public:
  VacancySliceSearch(const CompiledScorer& cs, const SeekerIndex& idx, const TopKOptions& options,
                     const uint64_t* excluded)
      : cs_(cs),
        idx_(idx),
        vt_(*cs.vacancies),
        kern_(ActiveKernels()),
        k_(options.k),
        excluded_(excluded) {}

  // Searches the vacancies at result positions `positions[0, m)`.
  void Run(TopKResult& res, const int64_t* positions, int64_t m) {
    m_ = m;
    vr_.resize(static_cast<size_t>(m));
    rows_.resize(static_cast<size_t>(m));
    heaps_.clear();
    heaps_.reserve(static_cast<size_t>(m));
    box_ = EmptyBox();
    any_remote_ = false;
    for (int64_t i = 0; i < m; ++i) {
      vr_[i] = res.row_ids[positions[i]];
      rows_[i] = cs_.MakeVacancyRow(vr_[i]);
      heaps_.emplace_back(res.score.data() + positions[i] * k_,
                          res.index.data() + positions[i] * k_, k_);
      ExtendBox(box_, rows_[i].px, rows_[i].py, rows_[i].pz);
      any_remote_ = any_remote_ || rows_[i].remote != 0;
    }
    CollectCandidates();
    BoundCandidates();
    Gate gate(m);
    for (int32_t c : ByBoundDescending(gmax_)) {
      if (gmax_[c] == kNegInf) break;
      ScoreGroup(c, gate);
    }
    for (auto& h : heaps_) h.Finish();
  }

 private:
  // Seeker groups within their own commute of the slice; groups that accept
  // remote work, for remote posts.
  void CollectCandidates() {
    const bool enforce = cs_.params.enforce_max_commute != 0;
    cand_.clear();
    for (const KdTree& tree : idx_.trees) {
      // Acceptors of remote work: by trade for a slice with remote posts
      // (where space does not prune them), by place otherwise; never both.
      const bool trade = (tree.cls & kSeekerTradeTree) != 0;
      if ((tree.cls & 1u) != 0 && trade != any_remote_) continue;
      const bool spatial = enforce && !trade;
      stack_.assign(1, tree.root);
      while (!stack_.empty()) {
        const KdNode& node = idx_.nodes[stack_.back()];
        stack_.pop_back();
        if (spatial && !(BoxLowerBound(box_, node.box) <= node.reach)) continue;
        if (node.left >= 0) {
          stack_.push_back(node.right);
          stack_.push_back(node.left);
          continue;
        }
        for (int32_t g = node.group_begin; g < node.group_end; ++g) {
          const SeekerGroup& sg = idx_.groups[g];
          if (!spatial || BoxLowerBound(box_, sg.box) <= sg.reach) cand_.push_back(g);
        }
      }
    }
  }

  // ub_[c * m + i]: group c's bound for vacancy i; gmax_[c]: its largest.
  void BoundCandidates() {
    const int64_t m = m_;
    const int64_t nc = static_cast<int64_t>(cand_.size());
    ub_.resize(static_cast<size_t>(nc * m));
    gmax_.assign(static_cast<size_t>(nc), kNegInf);
    // Dense largest levels of one group, with the kernel's 3 bytes of slack.
    std::vector<uint8_t> levels(static_cast<size_t>(std::max(1, cs_.params.num_skills)) + 3, 0);
    VacancyColumns cols;
    const VacancyBlock blk = BlockOf(cols, AppendColumns(cs_, vr_, cols));
    // The slice's distinct rule masks, for the groups' boosts.
    std::vector<int32_t> mask_at(static_cast<size_t>(m));  // index into distinct
    std::vector<int32_t> distinct;
    for (int64_t i = 0; i < m; ++i) {
      const int32_t mask = cs_.vac_mask_id[vr_[i]];
      auto it = std::find(distinct.begin(), distinct.end(), mask);
      mask_at[i] = static_cast<int32_t>(it - distinct.begin());
      if (it == distinct.end()) distinct.push_back(mask);
    }
    std::vector<float> ones(static_cast<size_t>(m), 1.0f), gboost(static_cast<size_t>(m), 0.0f);
    std::vector<float> mask_boost(distinct.size());
    for (int64_t c = 0; c < nc; ++c) {
      const SeekerGroup& g = idx_.groups[cand_[c]];
      if (cs_.params.has_boost) {
        for (size_t q = 0; q < distinct.size(); ++q)
          mask_boost[q] = GroupBoost(cs_, idx_, g, distinct[q]);
        for (int64_t i = 0; i < m; ++i) gboost[i] = mask_boost[mask_at[i]];
      }
      ExpandLevels(idx_, g, levels.data());
      const ColumnSeeker gs = GroupAsSeeker(cs_, idx_, cand_[c], levels.data());
      float* u = ub_.data() + c * m;
      kern_.score_column(cs_.params, gs, blk, ones.data(), gboost.data(), u);
      ClearLevels(idx_, g, levels.data());
      float mx = kNegInf;
      for (int64_t i = 0; i < m; ++i) mx = std::max(mx, u[i]);
      gmax_[c] = mx;
    }
  }

  // Candidate group c against the vacancies whose heaps it can still enter.
  void ScoreGroup(int32_t c, Gate& gate) {
    const SeekerGroup& g = idx_.groups[cand_[c]];
    open_.clear();
    for (int64_t i = 0; i < m_; ++i) {
      if (gate.Open(i, ub_[int64_t{c} * m_ + i], g.min_row)) open_.push_back(i);
    }
    if (open_.empty()) return;
    const int64_t n = g.end - g.begin;
    const int64_t* members = idx_.rows.data() + g.begin;
    const SeekerChunk& chunk = gchunk_.Lay(cs_, idx_, cand_[c]);
    scores_.resize(static_cast<size_t>(chunk.lanes));
    const int64_t no = static_cast<int64_t>(open_.size());
    const bool emb = cs_.use_embeddings;
    if (emb) {
      const int d = cs_.params.embedding_dim;
      vgather_.resize(static_cast<size_t>(no * d));
      for (int64_t t = 0; t < no; ++t) {
        const float* src = vt_.embeddings().row(vr_[open_[t]]).data();
        std::copy(src, src + d, vgather_.data() + t * d);
      }
      dots_.resize(static_cast<size_t>(no * n + kLanePad));
      kern_.dot_tile(vgather_.data(), d, no, gchunk_.packed(), n, d, dots_.data(), n);
    } else {
      dots_.assign(1, 0.0f);
    }
    for (int64_t t = 0; t < no; ++t) {
      const int64_t i = open_[t];
      kern_.score_row(cs_.params, chunk, rows_[i], emb ? dots_.data() + t * n : dots_.data(),
                      scores_.data());
      // Possible entrants (score >= threshold, vector compare), then the
      // heap's exact test.
      gate_row_.assign(static_cast<size_t>(n), gate.thr_ge[i]);
      hits_.resize(static_cast<size_t>(n));
      const int64_t nh = kern_.compact_above(scores_.data(), gate_row_.data(), n, hits_.data());
      RowHeap& h = heaps_[i];
      for (int64_t q = 0; q < nh; ++q) {
        const int32_t j = hits_[q];
        if (IsExcluded(excluded_, members[j])) continue;
        h.Offer(scores_[j], members[j]);
        gate.Update(i, h);
      }
    }
  }

  const CompiledScorer& cs_;
  const SeekerIndex& idx_;
  const VacancyTable& vt_;
  const KernelSet& kern_;
  const int k_;
  const uint64_t* excluded_;
  int64_t m_ = 0;
  std::vector<int64_t> vr_;
  std::vector<VacancyRow> rows_;
  std::vector<RowHeap> heaps_;
  Box box_{};
  bool any_remote_ = false;
  std::vector<int32_t> cand_, stack_;
  std::vector<float> ub_, gmax_;
  GroupChunk gchunk_;
  std::vector<float> scores_, dots_, vgather_, gate_row_;
  std::vector<int32_t> hits_;
  std::vector<int64_t> open_;
};

}  // namespace

absl::Status SeekersForVacancies(const CompiledScorer& cs, const SeekerIndex& idx,
                                 const TopKOptions& options, const uint64_t* excluded, int threads,
                                 TopKResult& res) {
  const VacancyTable& vt = *cs.vacancies;
  std::vector<int64_t> order, bounds;
  PlanTasks(
      res.rows, MutablePruneTuning().slice, MutablePruneTuning().slice,
      [&](int64_t pos) { return static_cast<uint32_t>(vt.remote()[res.row_ids[pos]] ? 1 : 0); },
      [&](int64_t pos) { return vt.points().data() + res.row_ids[pos] * 3; },
      [&](int64_t pos) { return VacancyKey(vt, res.row_ids[pos]); }, order, bounds);
  const int64_t tasks = static_cast<int64_t>(bounds.size()) - 1;
  auto run = [&](int64_t task) -> int64_t {
    const int64_t m = bounds[task + 1] - bounds[task];
    VacancySliceSearch(cs, idx, options, excluded).Run(res, order.data() + bounds[task], m);
    return m;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress,
                  res.rows, run);
}
}  // namespace jobmatch::internal
