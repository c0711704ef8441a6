// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "analytics/internal/training_adviser.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <tuple>
#include <vector>

#include "absl/types/span.h"

namespace jobmatch::internal {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr int kGrades = 8;  // the 1..8 ladder (八级工)

bool Better(const TrainingEntry& a, const TrainingEntry& b) {
  return a.score > b.score || (a.score == b.score && a.v < b.v);
}

// The kernel's credit of a requirement of minimum grade `need` for a held
// grade `lvl` (score_kernel_impl.inc), used for the upper bound only.
float Credit(float pc, int lvl, int need) {
  if (lvl == 0) return 0.0f;
  if (lvl >= need) return 1.0f;
  return std::max(0.0f, 1.0f - pc * static_cast<float>(need - lvl));
}

}  // namespace

TrainingAdviser::TrainingAdviser(const Scorer& scorer, int k, int top)
    : scorer_(scorer),
      cs_(internal::ScorerAccess::Compiled(scorer)),
      kern_(internal::ActiveKernels()),
      k_(k),
      top_(top),
      ns_(cs_.params.num_skills) {
  level_.assign(ns_, 0);
  gmax_.assign(ns_, 0);
  in_top_.assign(ns_, 0);
  thresh_.assign(ns_, 0.0f);
  excess_.assign(ns_, 0.0);
  newly_.assign(static_cast<size_t>(ns_) * (kGrades + 1), 0);
  cand_.resize(ns_);
  const auto& req = scorer.vacancies().requirements();
  min_level_.resize(req.values.size());
  for (size_t i = 0; i < req.values.size(); ++i) min_level_[i] = req.values[i].min_level;
}

// Advice for seeker row s whose eligible vacancies, with their scores,
// are `elig` (taken over).
void TrainingAdviser::Advise(int64_t s, std::vector<TrainingEntry>& elig, int64_t* eligible,
                             double* mean_before, std::vector<TrainingUpgrade>* out) {
  out->clear();
  elig_.swap(elig);
  const int64_t ne = static_cast<int64_t>(elig_.size());
  *eligible = ne;
  const int64_t m = std::min<int64_t>(k_, ne);
  if (m == 0) {
    *mean_before = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  for (const SkillLevel& sl : scorer_.seekers().skills().row(s)) level_[sl.skill] = sl.level;
  const double before = SortBest(m, ne);
  *mean_before = before / static_cast<double>(m);
  SetThresholds(m, ne);
  ScanUnmetRequirements(m);
  OrderSkillsByBound();
  RankUpgrades(s, m, ne, before, *mean_before);
  out->assign(rows_.begin(), rows_.end());
  rows_.clear();
  Reset(s);
}

// The best M eligible entries in order into top_list_ (the untouched top
// m of a skill, U_k, is read from them); returns the sum of the best m
// scores. elig_ is reordered; its order does not matter below.
double TrainingAdviser::SortBest(int64_t m, int64_t ne) {
  const int64_t big_m = std::min<int64_t>(ne, 2 * m + 32);
  if (big_m < ne) std::nth_element(elig_.begin(), elig_.begin() + big_m, elig_.end(), Better);
  top_list_.assign(elig_.begin(), elig_.begin() + big_m);
  std::sort(top_list_.begin(), top_list_.end(), Better);
  double before = 0.0;
  for (int64_t i = 0; i < m; ++i) before += static_cast<double>(top_list_[i].score);
  return before;
}

// Thresholds t_k: the m-th best score over the eligible vacancies that the
// upgrade of k leaves alone (-inf when there are fewer than m), for the
// skills a top-m vacancy asks more of (in_top_). For any other skill it is
// the m-th best score.
void TrainingAdviser::SetThresholds(int64_t m, int64_t ne) {
  const auto& offsets = scorer_.vacancies().requirements().offsets;
  for (int64_t i = 0; i < m; ++i) {
    const int32_t v = top_list_[i].v;
    for (int64_t p = offsets[v]; p < offsets[v + 1]; ++p) {
      const int32_t sk = cs_.req_skill[p];
      if (level_[sk] < min_level_[p] && !in_top_[sk]) {
        in_top_[sk] = 1;
        in_top_list_.push_back(sk);
      }
    }
  }
  for (int32_t sk : in_top_list_) thresh_[sk] = Untouched(sk, m, ne, nullptr);
}

// One pass over the eligible vacancies: for each unmet requirement (the
// pairs an upgrade of its skill changes), the highest grade asked, the
// vacancies met by that upgrade alone, and the candidates for
// rescoring: those whose upper bound after any upgrade of k (full
// credit for k's requirement) exceeds t_k. The float chain's rounding
// is within the slack (a few ulps per operation; the slack is ~1e3).
void TrainingAdviser::ScanUnmetRequirements(int64_t m) {
  const auto& offsets = scorer_.vacancies().requirements().offsets;
  const float t_default = top_list_[m - 1].score;
  const double w0 = cs_.params.w[0];
  const float pc = cs_.params.partial_credit_per_grade;
  for (const TrainingEntry& e : elig_) {
    const int64_t b = offsets[e.v], en = offsets[e.v + 1];
    const double score = static_cast<double>(e.score);
    const double slack = (1e-4 + 1e-6 * static_cast<double>(en - b)) * (1.0 + std::fabs(score));
    int unmet = 0;
    int64_t last = -1;
    for (int64_t p = b; p < en; ++p) {
      const int32_t sk = cs_.req_skill[p];
      const int need = min_level_[p];
      if (level_[sk] >= need) continue;
      ++unmet;
      last = p;
      if (gmax_[sk] == 0) touched_.push_back(sk);
      gmax_[sk] = std::max(gmax_[sk], need);
      const double t = in_top_[sk] ? static_cast<double>(thresh_[sk]) : t_default;
      const double bound = score +
                           w0 * static_cast<double>(cs_.req_nimp[p]) *
                               (1.0 - static_cast<double>(Credit(pc, level_[sk], need))) +
                           slack;
      if (bound > t) {
        cand_[sk].push_back(e.v);
        excess_[sk] += bound - t;
      }
    }
    if (unmet == 1) {
      ++newly_[static_cast<size_t>(cs_.req_skill[last]) * (kGrades + 1) + min_level_[last]];
    }
  }
}

// Skills by that bound of their gain, largest first: once the `top` best
// rows so far have a gain above a skill's bound, neither that skill's
// rows nor those of the skills after it can be kept.
void TrainingAdviser::OrderSkillsByBound() {
  for (int32_t sk : touched_) {
    if (in_top_[sk] && thresh_[sk] == kNegInf) {
      excess_[sk] = std::numeric_limits<double>::infinity();
    }
  }
  std::sort(touched_.begin(), touched_.end(), [&](int32_t a, int32_t b) {
    return excess_[a] > excess_[b] || (excess_[a] == excess_[b] && a < b);
  });
}

// The `top` best upgrades into rows_, in order: the skills in bound
// order, each rescored at every grade above the one held.
void TrainingAdviser::RankUpgrades(int64_t s, int64_t m, int64_t ne, double before,
                                   double mean_before) {
  auto better = [](const TrainingUpgrade& a, const TrainingUpgrade& b) {
    return std::tie(b.gain, b.newly_met, a.skill, a.grade) <
           std::tie(a.gain, a.newly_met, b.skill, b.grade);
  };
  chunk_ready_ = false;
  for (int32_t sk : touched_) {
    if (rows_.size() >= static_cast<size_t>(top_)) {
      // gain <= excess / m in exact arithmetic (each candidate adds at
      // most bound - t_k to a top-m list whose smallest entry is >= t_k);
      // the margin covers the rounding of the double sums.
      const double worst = rows_[top_ - 1].gain;
      const double ub = excess_[sk] / static_cast<double>(m);
      if (ub + 1e-9 * (ub + std::fabs(mean_before)) + 1e-12 < worst) break;
    }
    if (!cand_[sk].empty()) RescoreCandidates(s, sk, m, ne);
    AddGradeRows(sk, m, before);
    // Keep the `top` best rows so far, in order.
    const size_t keep = std::min(rows_.size(), static_cast<size_t>(top_));
    std::partial_sort(rows_.begin(), rows_.begin() + keep, rows_.end(), better);
    rows_.resize(keep);
  }
}

// mod_[i * 8 + g - 1]: the score of candidate cand_[sk][i] with skill sk
// at grade g, from the 8-row chunk of seeker s (one row per grade); and
// untouched_: U_k in full (the values of the untouched top m).
void TrainingAdviser::RescoreCandidates(int64_t s, int32_t sk, int64_t m, int64_t ne) {
  const VacancyTable& V = scorer_.vacancies();
  const int cur = level_[sk];
  const std::vector<int32_t>& cand = cand_[sk];
  const size_t nc = cand.size();
  mod_.resize(nc * kGrades);
  if (!chunk_ready_) {
    const int64_t rows[kGrades] = {s, s, s, s, s, s, s, s};
    one_.Fill(cs_, absl::MakeConstSpan(rows, kGrades));
    levels8_.assign(one_.chunk().levels, one_.chunk().levels + ns_ * kGrades + 3);
    chunk8_ = one_.chunk();
    chunk8_.levels = levels8_.data();
    chunk_ready_ = true;
  }
  for (int g = 0; g < kGrades; ++g) levels8_[sk * kGrades + g] = static_cast<uint8_t>(g + 1);
  for (size_t i = 0; i < nc; ++i) {
    float dots[kGrades];
    const float dot = cs_.use_embeddings ? kern_.dot(V.embeddings().row(cand[i]).data(),
                                                     scorer_.seekers().embeddings().row(s).data(),
                                                     cs_.params.embedding_dim)
                                         : 0.0f;
    std::fill(dots, dots + kGrades, dot);
    kern_.score_row(cs_.params, chunk8_, cs_.MakeVacancyRow(cand[i]), dots,
                    mod_.data() + i * kGrades);
  }
  for (int g = 0; g < kGrades; ++g) levels8_[sk * kGrades + g] = static_cast<uint8_t>(cur);
  if (in_top_[sk]) {
    Untouched(sk, m, ne, &untouched_);
  } else {
    untouched_.resize(m);
    for (int64_t i = 0; i < m; ++i) untouched_[i] = top_list_[i].score;
  }
}

// The rows of skill sk, one per grade above the one held up to the highest
// asked: gain (mean of the best m after the upgrade minus `before` / m)
// and vacancies newly met. The grade held counts as gain 0, newly_met 0;
// a grade is listed only when it does better than the grade below it.
void TrainingAdviser::AddGradeRows(int32_t sk, int64_t m, double before) {
  const size_t nc = cand_[sk].size();
  int64_t newly = 0, prev_newly = 0;
  double prev_gain = 0.0;
  for (int g = level_[sk] + 1; g <= gmax_[sk]; ++g) {
    newly += newly_[static_cast<size_t>(sk) * (kGrades + 1) + g];
    double gain = 0.0;
    if (nc > 0) {
      vals_.resize(nc);
      for (size_t i = 0; i < nc; ++i) vals_[i] = mod_[i * kGrades + g - 1];
      std::sort(vals_.begin(), vals_.end(), std::greater<float>());
      // Merge the two descending lists; add the m largest in order.
      double after = 0.0;
      size_t a = 0, c = 0;
      for (int64_t i = 0; i < m; ++i) {
        float x;
        if (c < nc && (a >= untouched_.size() || vals_[c] > untouched_[a])) {
          x = vals_[c++];
        } else {
          x = untouched_[a++];
        }
        after += static_cast<double>(x);
      }
      gain = (after - before) / static_cast<double>(m);
    }
    if (gain > prev_gain || newly > prev_newly) rows_.push_back({sk, g, gain, newly});
    prev_gain = gain;
    prev_newly = newly;
  }
}

// Resets the per-skill state after seeker s.
void TrainingAdviser::Reset(int64_t s) {
  for (int32_t sk : touched_) {
    gmax_[sk] = 0;
    excess_[sk] = 0.0;
    cand_[sk].clear();
    std::fill(newly_.begin() + static_cast<int64_t>(sk) * (kGrades + 1),
              newly_.begin() + static_cast<int64_t>(sk + 1) * (kGrades + 1), 0);
  }
  touched_.clear();
  for (int32_t sk : in_top_list_) in_top_[sk] = 0;
  in_top_list_.clear();
  for (const SkillLevel& sl : scorer_.seekers().skills().row(s)) level_[sl.skill] = 0;
}

// True when the upgrade of skill sk changes the score of vacancy v.
bool TrainingAdviser::Affects(int32_t v, int32_t sk) const {
  const auto& offsets = scorer_.vacancies().requirements().offsets;
  for (int64_t p = offsets[v]; p < offsets[v + 1]; ++p) {
    if (cs_.req_skill[p] == sk) return level_[sk] < min_level_[p];
  }
  return false;
}

// The best min(m, available) scores over the eligible vacancies that the
// upgrade of sk leaves alone, in descending order, into *values (when not
// null); returns the m-th of them or -inf when there are fewer than m.
float TrainingAdviser::Untouched(int32_t sk, int64_t m, int64_t ne, std::vector<float>* values) {
  std::vector<float>& u = values != nullptr ? *values : scratch_;
  u.clear();
  for (const TrainingEntry& e : top_list_) {
    if (static_cast<int64_t>(u.size()) == m) break;
    if (!Affects(e.v, sk)) u.push_back(e.score);
  }
  if (static_cast<int64_t>(u.size()) < m && static_cast<int64_t>(top_list_.size()) < ne) {
    // The best M were not enough: select among all eligible entries.
    u.clear();
    for (const TrainingEntry& e : elig_) {
      if (!Affects(e.v, sk)) u.push_back(e.score);
    }
    if (static_cast<int64_t>(u.size()) > m) {
      std::nth_element(u.begin(), u.begin() + m, u.end(), std::greater<float>());
      u.resize(m);
    }
    std::sort(u.begin(), u.end(), std::greater<float>());
  }
  return static_cast<int64_t>(u.size()) == m ? u[m - 1] : kNegInf;
}

}  // namespace jobmatch::internal
