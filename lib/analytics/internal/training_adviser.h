// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private to lib/analytics: the per-seeker search of AdviseTraining
// (training.cc), which finds the skill upgrades that most raise a seeker's
// mean best-k score without rescoring every upgrade of every pair.
#ifndef JOBMATCH_LIB_ANALYTICS_INTERNAL_TRAINING_ADVISER_H_
#define JOBMATCH_LIB_ANALYTICS_INTERNAL_TRAINING_ADVISER_H_

#include <cstdint>
#include <vector>

#include "jobmatch/analytics/training.h"
#include "scoring/internal/score_kernel.h"
#include "scoring/internal/scorer_internal.h"

namespace jobmatch::internal {

// An eligible vacancy of a seeker and the pair's score.
struct TrainingEntry {
  float score;
  int32_t v;
};

// Per-thread state of AdviseTraining (one per task of seekers): every per-skill array is reset
// after each seeker through `touched_` / `in_top_list_`.
class TrainingAdviser {
 public:
  TrainingAdviser(const Scorer& scorer, int k, int top);

  // Advice for seeker row s whose eligible vacancies, with their scores,
  // are `elig` (taken over).
  void Advise(int64_t s, std::vector<TrainingEntry>& elig, int64_t* eligible, double* mean_before,
              std::vector<TrainingUpgrade>* out);

 private:
  // The best M eligible entries in order into top_list_ (the untouched top
  // m of a skill, U_k, is read from them); returns the sum of the best m
  // scores. elig_ is reordered; its order does not matter below.
  double SortBest(int64_t m, int64_t ne);

  // Thresholds t_k: the m-th best score over the eligible vacancies that the
  // upgrade of k leaves alone (-inf when there are fewer than m), for the
  // skills a top-m vacancy asks more of (in_top_). For any other skill it is
  // the m-th best score.
  void SetThresholds(int64_t m, int64_t ne);

  // One pass over the eligible vacancies: for each unmet requirement (the
  // pairs an upgrade of its skill changes), the highest grade asked, the
  // vacancies met by that upgrade alone, and the candidates for
  // rescoring: those whose upper bound after any upgrade of k (full
  // credit for k's requirement) exceeds t_k. The float chain's rounding
  // is within the slack (a few ulps per operation; the slack is ~1e3).
  void ScanUnmetRequirements(int64_t m);

  // Skills by that bound of their gain, largest first: once the `top` best
  // rows so far have a gain above a skill's bound, neither that skill's
  // rows nor those of the skills after it can be kept.
  void OrderSkillsByBound();

  // The `top` best upgrades into rows_, in order: the skills in bound
  // order, each rescored at every grade above the one held.
  void RankUpgrades(int64_t s, int64_t m, int64_t ne, double before, double mean_before);

  // mod_[i * 8 + g - 1]: the score of candidate cand_[sk][i] with skill sk
  // at grade g, from the 8-row chunk of seeker s (one row per grade); and
  // untouched_: U_k in full (the values of the untouched top m).
  void RescoreCandidates(int64_t s, int32_t sk, int64_t m, int64_t ne);

  // The rows of skill sk, one per grade above the one held up to the highest
  // asked: gain (mean of the best m after the upgrade minus `before` / m)
  // and vacancies newly met. The grade held counts as gain 0, newly_met 0;
  // a grade is listed only when it does better than the grade below it.
  void AddGradeRows(int32_t sk, int64_t m, double before);

  // Resets the per-skill state after seeker s.
  void Reset(int64_t s);

  // True when the upgrade of skill sk changes the score of vacancy v.
  bool Affects(int32_t v, int32_t sk) const;

  // The best min(m, available) scores over the eligible vacancies that the
  // upgrade of sk leaves alone, in descending order, into *values (when not
  // null); returns the m-th of them or -inf when there are fewer than m.
  float Untouched(int32_t sk, int64_t m, int64_t ne, std::vector<float>* values);

  const Scorer& scorer_;
  const CompiledScorer& cs_;
  const KernelSet& kern_;
  const int k_, top_, ns_;
  std::vector<int8_t> min_level_;
  std::vector<int> level_, gmax_;
  std::vector<uint8_t> in_top_;
  std::vector<int32_t> in_top_list_;
  std::vector<int64_t> newly_;
  std::vector<std::vector<int32_t>> cand_;
  std::vector<int32_t> touched_;
  std::vector<TrainingEntry> elig_, top_list_;
  std::vector<TrainingUpgrade> rows_;
  std::vector<double> excess_;
  std::vector<float> thresh_, mod_, vals_, untouched_, scratch_;
  ChunkBuffer one_;
  bool chunk_ready_ = false;  // one_, chunk8_ and levels8_ hold the current seeker
  internal::SeekerChunk chunk8_{};
  std::vector<uint8_t> levels8_;
};

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_ANALYTICS_INTERNAL_TRAINING_ADVISER_H_
