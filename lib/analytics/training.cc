// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/analytics/training.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "base/internal/text.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_writer.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "scoring/internal/scorer_internal.h"
#include "search/internal/topk_internal.h"

namespace jobmatch {
namespace {

using internal::ChunkBuffer;
using internal::CompiledScorer;
using internal::KernelSet;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr int64_t kChunk = 128;    // seekers scored together
constexpr int64_t kVacBlock = 60;  // vacancies per embedding tile (6-row micro-kernel)
constexpr int kGrades = 8;         // the 1..8 ladder (八级工)

struct Entry {
  float score;
  int32_t v;
};
bool Better(const Entry& a, const Entry& b) {
  return a.score > b.score || (a.score == b.score && a.v < b.v);
}

// Scores the seekers `rows` against the vacancies `vacs` with the kernels of
// top-k (bit-identical to Scorer::Score) and keeps the eligible pairs:
// lists[j] = {(score, vacs[i]) : pair (rows[j], vacs[i]) eligible}, in the
// order of vacs. With eligibility_only the score components are skipped
// (the scores are then 0, not the Scorer's; only which pairs are eligible).
class BlockScorer {
 public:
  BlockScorer(const Scorer& scorer, bool eligibility_only)
      : scorer_(scorer),
        cs_(internal::ScorerAccess::Compiled(scorer)),
        kern_(internal::ActiveKernels()),
        params_(cs_.params),
        emb_(cs_.use_embeddings && !eligibility_only) {
    if (eligibility_only) {
      // Only the -inf of ineligible pairs is read: skip every component and
      // the boost (eligibility does not depend on them).
      for (float& w : params_.w) w = 0.0f;
      params_.has_boost = 0;
    }
  }

  void Score(std::span<const int64_t> rows, std::span<const int32_t> vacs,
             std::vector<std::vector<Entry>>& lists) {
    const int64_t n = static_cast<int64_t>(rows.size());
    const int64_t nv = static_cast<int64_t>(vacs.size());
    lists.resize(static_cast<size_t>(n));
    for (auto& l : lists) l.clear();
    buf_.Fill(cs_, absl::MakeConstSpan(rows.data(), rows.size()));
    const int d = cs_.params.embedding_dim;
    const RowMatrixXf& vemb = scorer_.vacancies().embeddings();
    tmp_.resize(static_cast<size_t>(n));
    floor_.assign(static_cast<size_t>(n), kNegInf);
    hits_.resize(static_cast<size_t>(n));
    dots_.assign(emb_ ? static_cast<size_t>(kVacBlock * n) : 1, 0.0f);
    for (int64_t b0 = 0; b0 < nv; b0 += kVacBlock) {
      const int64_t nb = std::min(kVacBlock, nv - b0);
      if (emb_) {
        gathered_.resize(static_cast<size_t>(nb * d));
        for (int64_t i = 0; i < nb; ++i) {
          const float* src = vemb.row(vacs[b0 + i]).data();
          std::copy(src, src + d, gathered_.data() + i * d);
        }
        kern_.dot_tile(gathered_.data(), d, nb, buf_.packed(), n, d, dots_.data(), n);
      }
      for (int64_t i = 0; i < nb; ++i) {
        const int32_t v = vacs[b0 + i];
        kern_.score_row(params_, buf_.chunk(), cs_.MakeVacancyRow(v),
                        emb_ ? dots_.data() + i * n : dots_.data(), tmp_.data());
        const int64_t nh = kern_.compact_above(tmp_.data(), floor_.data(), n, hits_.data());
        for (int64_t h = 0; h < nh; ++h) lists[hits_[h]].push_back({tmp_[hits_[h]], v});
      }
    }
  }

 private:
  const Scorer& scorer_;
  const CompiledScorer& cs_;
  const KernelSet& kern_;
  internal::KernelParams params_;
  const bool emb_;
  ChunkBuffer buf_;
  std::vector<float> tmp_, floor_, dots_, gathered_;
  std::vector<int32_t> hits_;
};

// The kernel's credit of a requirement of minimum grade `need` for a held
// grade `lvl` (score_kernel_impl.inc), used for the upper bound only.
float Credit(float pc, int lvl, int need) {
  if (lvl == 0) return 0.0f;
  if (lvl >= need) return 1.0f;
  return std::max(0.0f, 1.0f - pc * static_cast<float>(need - lvl));
}

// Per-thread state of AdviseTraining: every per-skill array is reset after
// each seeker through `touched_` / `in_top_list_`.
class Adviser {
 public:
  Adviser(const Scorer& scorer, int k, int top)
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
  void Advise(int64_t s, std::vector<Entry>& elig, int64_t* eligible, double* mean_before,
              std::vector<TrainingUpgrade>* out) {
    out->clear();
    elig_.swap(elig);
    const VacancyTable& V = scorer_.vacancies();
    const auto& offsets = V.requirements().offsets;
    const int64_t ne = static_cast<int64_t>(elig_.size());
    *eligible = ne;
    const int64_t m = std::min<int64_t>(k_, ne);
    if (m == 0) {
      *mean_before = std::numeric_limits<double>::quiet_NaN();
      return;
    }
    for (const SkillLevel& sl : scorer_.seekers().skills().row(s)) level_[sl.skill] = sl.level;

    // The best M eligible entries in order; the untouched top m of a skill
    // (U_k) is read from them.
    // (elig_ is reordered; its order does not matter below.)
    const int64_t big_m = std::min<int64_t>(ne, 2 * m + 32);
    if (big_m < ne) std::nth_element(elig_.begin(), elig_.begin() + big_m, elig_.end(), Better);
    top_list_.assign(elig_.begin(), elig_.begin() + big_m);
    std::sort(top_list_.begin(), top_list_.end(), Better);
    double before = 0.0;
    for (int64_t i = 0; i < m; ++i) before += static_cast<double>(top_list_[i].score);
    *mean_before = before / static_cast<double>(m);

    // Thresholds t_k: the m-th best score over the eligible vacancies that
    // the upgrade of k leaves alone (-inf when there are fewer than m). For
    // a skill no top-m vacancy is affected by, that is the m-th best score.
    const float t_default = top_list_[m - 1].score;
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

    // One pass over the eligible vacancies: for each unmet requirement (the
    // pairs an upgrade of its skill changes), the highest grade asked, the
    // vacancies met by that upgrade alone, and the candidates for
    // rescoring: those whose upper bound after any upgrade of k (full
    // credit for k's requirement) exceeds t_k. The float chain's rounding
    // is within the slack (a few ulps per operation; the slack is ~1e3).
    const double w0 = cs_.params.w[0];
    const float pc = cs_.params.partial_credit_per_grade;
    for (const Entry& e : elig_) {
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

    // Skills by that bound of their gain, largest first: once the `top` best
    // rows so far have a gain above a skill's bound, neither that skill's
    // rows nor those of the skills after it can be kept.
    for (int32_t sk : touched_) {
      if (in_top_[sk] && thresh_[sk] == kNegInf) {
        excess_[sk] = std::numeric_limits<double>::infinity();
      }
    }
    std::sort(touched_.begin(), touched_.end(), [&](int32_t a, int32_t b) {
      return excess_[a] > excess_[b] || (excess_[a] == excess_[b] && a < b);
    });
    auto better = [](const TrainingUpgrade& a, const TrainingUpgrade& b) {
      return std::tie(b.gain, b.newly_met, a.skill, a.grade) <
             std::tie(a.gain, a.newly_met, b.skill, b.grade);
    };

    // The 8-row chunk of seeker s, one row per grade of the skill rescored.
    bool chunk_ready = false;
    for (int32_t sk : touched_) {
      if (rows_.size() >= static_cast<size_t>(top_)) {
        // gain <= excess / m in exact arithmetic (each candidate adds at
        // most bound - t_k to a top-m list whose smallest entry is >= t_k);
        // the margin covers the rounding of the double sums.
        const double worst = rows_[top_ - 1].gain;
        const double ub = excess_[sk] / static_cast<double>(m);
        if (ub + 1e-9 * (ub + std::fabs(*mean_before)) + 1e-12 < worst) break;
      }
      const int cur = level_[sk];
      const int gmax = gmax_[sk];
      const std::vector<int32_t>& cand = cand_[sk];
      const size_t nc = cand.size();
      // mod_[i * 8 + g - 1]: score of cand[i] with k at grade g.
      mod_.resize(nc * kGrades);
      if (nc > 0) {
        if (!chunk_ready) {
          const int64_t rows[kGrades] = {s, s, s, s, s, s, s, s};
          one_.Fill(cs_, absl::MakeConstSpan(rows, kGrades));
          levels8_.assign(one_.chunk().levels, one_.chunk().levels + ns_ * kGrades + 3);
          chunk8_ = one_.chunk();
          chunk8_.levels = levels8_.data();
          chunk_ready = true;
        }
        for (int g = 0; g < kGrades; ++g) levels8_[sk * kGrades + g] = static_cast<uint8_t>(g + 1);
        for (size_t i = 0; i < nc; ++i) {
          float dots[kGrades];
          const float dot = cs_.use_embeddings
                                ? kern_.dot(V.embeddings().row(cand[i]).data(),
                                            scorer_.seekers().embeddings().row(s).data(),
                                            cs_.params.embedding_dim)
                                : 0.0f;
          std::fill(dots, dots + kGrades, dot);
          kern_.score_row(cs_.params, chunk8_, cs_.MakeVacancyRow(cand[i]), dots,
                          mod_.data() + i * kGrades);
        }
        for (int g = 0; g < kGrades; ++g) levels8_[sk * kGrades + g] = static_cast<uint8_t>(cur);
        // U_k in full (values of the untouched top m).
        if (in_top_[sk]) {
          Untouched(sk, m, ne, &untouched_);
        } else {
          untouched_.resize(m);
          for (int64_t i = 0; i < m; ++i) untouched_[i] = top_list_[i].score;
        }
      }
      // The grade held counts as gain 0, newly_met 0; a grade is listed only
      // when it does better than the grade below it.
      int64_t newly = 0, prev_newly = 0;
      double prev_gain = 0.0;
      for (int g = cur + 1; g <= gmax; ++g) {
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
      // Keep the `top` best rows so far, in order.
      const size_t keep = std::min(rows_.size(), static_cast<size_t>(top_));
      std::partial_sort(rows_.begin(), rows_.begin() + keep, rows_.end(), better);
      rows_.resize(keep);
    }
    out->assign(rows_.begin(), rows_.end());
    rows_.clear();

    // Reset the per-skill state.
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

 private:
  // True when the upgrade of skill sk changes the score of vacancy v.
  bool Affects(int32_t v, int32_t sk) const {
    const auto& offsets = scorer_.vacancies().requirements().offsets;
    for (int64_t p = offsets[v]; p < offsets[v + 1]; ++p) {
      if (cs_.req_skill[p] == sk) return level_[sk] < min_level_[p];
    }
    return false;
  }

  // The best min(m, available) scores over the eligible vacancies that the
  // upgrade of sk leaves alone, in descending order, into *values (when not
  // null); returns the m-th of them or -inf when there are fewer than m.
  float Untouched(int32_t sk, int64_t m, int64_t ne, std::vector<float>* values) {
    std::vector<float>& u = values != nullptr ? *values : scratch_;
    u.clear();
    for (const Entry& e : top_list_) {
      if (static_cast<int64_t>(u.size()) == m) break;
      if (!Affects(e.v, sk)) u.push_back(e.score);
    }
    if (static_cast<int64_t>(u.size()) < m && static_cast<int64_t>(top_list_.size()) < ne) {
      // The best M were not enough: select among all eligible entries.
      u.clear();
      for (const Entry& e : elig_) {
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
  std::vector<Entry> elig_, top_list_;
  std::vector<TrainingUpgrade> rows_;
  std::vector<double> excess_;
  std::vector<float> thresh_, mod_, vals_, untouched_, scratch_;
  ChunkBuffer one_;
  internal::SeekerChunk chunk8_{};
  std::vector<uint8_t> levels8_;
};

}  // namespace

absl::StatusOr<TrainingAdvice> AdviseTraining(const Scorer& scorer,
                                              const TrainingOptions& options) {
  if (options.k < 1)
    return absl::InvalidArgumentError(absl::StrCat("k must be >= 1, got ", options.k));
  if (options.top < 1) {
    return absl::InvalidArgumentError(absl::StrCat("top must be >= 1, got ", options.top));
  }
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  const int64_t ns = scorer.seekers().size();
  TrainingAdvice res;
  res.k = options.k;
  res.top = options.top;
  if (options.seekers.empty()) {
    res.seekers.resize(ns);
    for (int64_t s = 0; s < ns; ++s) res.seekers[s] = s;
  } else {
    std::vector<uint8_t> seen(ns, 0);
    for (size_t i = 0; i < options.seekers.size(); ++i) {
      const int64_t s = options.seekers[i];
      if (s < 0 || s >= ns) {
        return absl::InvalidArgumentError(
            absl::StrCat("seekers[", i, "]: row ", s, " outside 0..", ns - 1));
      }
      if (seen[s]) {
        return absl::InvalidArgumentError(
            absl::StrCat("seekers[", i, "]: row ", s, " listed twice"));
      }
      seen[s] = 1;
    }
    res.seekers = options.seekers;
  }
  const int64_t n = static_cast<int64_t>(res.seekers.size());
  res.eligible.assign(n, 0);
  res.mean_before.assign(n, 0.0);
  std::vector<std::vector<TrainingUpgrade>> per(n);
  const int64_t nv = scorer.vacancies().size();
  std::vector<int32_t> all_vacs(nv);
  for (int64_t v = 0; v < nv; ++v) all_vacs[v] = static_cast<int32_t>(v);

  const int64_t tasks = (n + kChunk - 1) / kChunk;
  const int threads = static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(ResolveThreadCount(options.num_threads), tasks)));
  auto run = [&](int64_t task) -> int64_t {
    thread_local std::vector<std::vector<Entry>> lists;
    const int64_t r0 = task * kChunk;
    const int64_t m = std::min(kChunk, n - r0);
    BlockScorer block(scorer, /*eligibility_only=*/false);
    Adviser adviser(scorer, options.k, options.top);
    block.Score(std::span<const int64_t>(res.seekers.data() + r0, m), all_vacs, lists);
    for (int64_t j = 0; j < m; ++j) {
      adviser.Advise(res.seekers[r0 + j], lists[j], &res.eligible[r0 + j], &res.mean_before[r0 + j],
                     &per[r0 + j]);
    }
    return m;
  };
  if (tasks > 0) {
    JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(tasks, threads, options.progress, n, run));
  }
  res.offsets.assign(n + 1, 0);
  for (int64_t i = 0; i < n; ++i) {
    res.offsets[i + 1] = res.offsets[i] + static_cast<int64_t>(per[i].size());
  }
  res.upgrades.reserve(res.offsets[n]);
  for (auto& p : per) res.upgrades.insert(res.upgrades.end(), p.begin(), p.end());
  return res;
}

absl::StatusOr<CourseTable> RankCourses(const Scorer& scorer, const CourseOptions& options) {
  const SeekerTable& S = scorer.seekers();
  const VacancyTable& V = scorer.vacancies();
  const int64_t ns = S.size(), nv = V.size();
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  if (!options.filled.empty() && static_cast<int64_t>(options.filled.size()) != nv) {
    return absl::InvalidArgumentError(absl::StrCat(
        "filled has ", options.filled.size(), " entries, one per vacancy row (", nv, ") needed"));
  }
  if (!options.placed.empty() && static_cast<int64_t>(options.placed.size()) != ns) {
    return absl::InvalidArgumentError(absl::StrCat(
        "placed has ", options.placed.size(), " entries, one per seeker row (", ns, ") needed"));
  }
  for (size_t v = 0; v < options.filled.size(); ++v) {
    if (options.filled[v] < 0 || options.filled[v] > V.openings()[v]) {
      return absl::InvalidArgumentError(absl::StrCat("filled[", v, "] = ", options.filled[v],
                                                     ": outside 0..", V.openings()[v],
                                                     " (the vacancy's openings)"));
    }
  }
  CourseTable table;
  table.level = options.level;
  table.has_allocation = !options.filled.empty() || !options.placed.empty();
  const bool town = options.level == AreaLevel::kTown;

  // Areas of the seekers, sorted; seekers grouped by area so that a task
  // never spans two areas.
  std::vector<std::pair<std::string_view, std::string_view>> keys(ns);
  for (int64_t s = 0; s < ns; ++s) {
    keys[s] = {S.districts()[s], town ? std::string_view(S.towns()[s]) : std::string_view()};
  }
  std::vector<int64_t> order(ns);
  for (int64_t s = 0; s < ns; ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return keys[a] < keys[b]; });
  std::vector<int32_t> area_of(ns, 0);
  for (int64_t i = 0; i < ns; ++i) {
    const int64_t s = order[i];
    if (i == 0 || keys[s] != keys[order[i - 1]]) {
      table.districts.emplace_back(keys[s].first);
      table.towns.emplace_back(keys[s].second);
    }
    area_of[s] = static_cast<int32_t>(table.districts.size()) - 1;
  }
  // Tasks: runs of at most kChunk seekers of one area, not placed.
  std::vector<int64_t> rows;
  std::vector<std::pair<int64_t, int64_t>> tasks;  // [begin, end) in rows
  for (int64_t i = 0; i < ns; ++i) {
    const int64_t s = order[i];
    if (!options.placed.empty() && options.placed[s] != 0) continue;
    const bool new_task = tasks.empty() || tasks.back().second - tasks.back().first == kChunk ||
                          area_of[rows[tasks.back().first]] != area_of[s];
    if (new_task) tasks.push_back({static_cast<int64_t>(rows.size()), 0});
    rows.push_back(s);
    tasks.back().second = static_cast<int64_t>(rows.size());
  }
  // Open vacancies with requirements (one without any is met by everyone).
  std::vector<int32_t> open;
  std::vector<int64_t> remaining(nv, 0);
  const auto& offsets = V.requirements().offsets;
  for (int64_t v = 0; v < nv; ++v) {
    remaining[v] = V.openings()[v] - (options.filled.empty() ? 0 : options.filled[v]);
    if (remaining[v] > 0 && offsets[v + 1] > offsets[v]) open.push_back(static_cast<int32_t>(v));
  }
  const CompiledScorer& cs = internal::ScorerAccess::Compiled(scorer);
  std::vector<int8_t> min_level(V.requirements().values.size());
  for (size_t i = 0; i < min_level.size(); ++i) min_level[i] = V.requirements().values[i].min_level;

  // (area, requirement position) -> seekers credited; (area, skill, grade)
  // -> distinct seekers credited.
  std::mutex mu;
  absl::flat_hash_map<std::pair<int32_t, int64_t>, int64_t> credit;
  absl::flat_hash_map<std::tuple<int32_t, int32_t, int>, int64_t> distinct;
  const int ntasks = static_cast<int>(tasks.size());
  const int threads = static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(ResolveThreadCount(options.num_threads), ntasks)));
  auto run = [&](int64_t t) -> int64_t {
    thread_local std::vector<std::vector<Entry>> lists;
    const auto [b, e] = tasks[t];
    const int64_t m = e - b;
    const int32_t area = area_of[rows[b]];
    BlockScorer block(scorer, /*eligibility_only=*/true);
    block.Score(std::span<const int64_t>(rows.data() + b, m), open, lists);
    // Seekers credited per requirement position (dense, reset through
    // `used`), and per course.
    thread_local std::vector<int64_t> local;
    thread_local std::vector<int64_t> used;
    local.resize(min_level.size(), 0);
    used.clear();
    absl::flat_hash_map<std::pair<int32_t, int>, int64_t> local_distinct;
    std::vector<int> level(cs.params.num_skills, 0);
    std::vector<std::pair<int32_t, int>> courses;
    for (int64_t j = 0; j < m; ++j) {
      const int64_t s = rows[b + j];
      for (const SkillLevel& sl : S.skills().row(s)) level[sl.skill] = sl.level;
      courses.clear();
      for (const Entry& en : lists[j]) {
        const int32_t v = en.v;
        int unmet = 0;
        int64_t last = -1;
        for (int64_t p = offsets[v]; p < offsets[v + 1] && unmet < 2; ++p) {
          if (level[cs.req_skill[p]] < min_level[p]) {
            ++unmet;
            last = p;
          }
        }
        if (unmet != 1) continue;
        if (local[last]++ == 0) used.push_back(last);
        courses.push_back({cs.req_skill[last], min_level[last]});
      }
      std::sort(courses.begin(), courses.end());
      courses.erase(std::unique(courses.begin(), courses.end()), courses.end());
      for (const auto& c : courses) ++local_distinct[c];
      for (const SkillLevel& sl : S.skills().row(s)) level[sl.skill] = 0;
    }
    std::lock_guard<std::mutex> lock(mu);
    for (int64_t p : used) {
      credit[{area, p}] += local[p];
      local[p] = 0;
    }
    for (const auto& [c, n] : local_distinct) distinct[{area, c.first, c.second}] += n;
    return m;
  };
  if (ntasks > 0) {
    JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(ntasks, threads, options.progress,
                                                static_cast<int64_t>(rows.size()), run));
  }
  // Aggregate per (area, skill, grade).
  absl::flat_hash_map<std::tuple<int32_t, int32_t, int>, std::pair<int64_t, int64_t>> agg;
  for (const auto& [key, c] : credit) {
    const int64_t p = key.second;
    const int64_t v = std::upper_bound(offsets.begin(), offsets.end(), p) - offsets.begin() - 1;
    auto& a = agg[{key.first, cs.req_skill[p], static_cast<int>(min_level[p])}];
    a.first += std::min(remaining[v], c);
    a.second += 1;
  }
  for (const auto& [key, a] : agg) {
    CourseRow r;
    r.area = std::get<0>(key);
    r.skill = std::get<1>(key);
    r.grade = std::get<2>(key);
    r.openings = a.first;
    r.vacancies = a.second;
    r.seekers = distinct[key];
    table.rows.push_back(r);
  }
  std::sort(table.rows.begin(), table.rows.end(), [](const CourseRow& a, const CourseRow& b) {
    return std::tie(a.area, b.openings, b.seekers, a.skill, a.grade) <
           std::tie(b.area, a.openings, a.seekers, b.skill, b.grade);
  });
  for (size_t i = 0; i < table.rows.size(); ++i) {
    table.rows[i].rank =
        (i > 0 && table.rows[i - 1].area == table.rows[i].area) ? table.rows[i - 1].rank + 1 : 1;
  }
  return table;
}

absl::Status WriteTrainingCsv(const std::string& path, const TrainingAdvice& advice,
                              const Scorer& scorer) {
  const int64_t n = static_cast<int64_t>(advice.seekers.size());
  const Vocabulary& vocab = scorer.vocabulary();
  const auto& ids = scorer.seekers().ids();
  return internal::WriteCsvRows(
      path, kPersonalDataFileMode, "seeker_id,rank,skill,grade,gain,newly_met", n,
      [&](int64_t i, std::string* out) {
        int rank = 0;
        for (const TrainingUpgrade& u : advice.upgrades_of(static_cast<size_t>(i))) {
          internal::AppendCsvField(out, ids[advice.seekers[i]]);
          absl::StrAppend(out, ",", ++rank, ",");
          internal::AppendCsvField(out, vocab.skills().Name(u.skill));
          absl::StrAppend(out, ",", u.grade, ",", internal::FormatNumber(u.gain), ",", u.newly_met,
                          "\n");
        }
        return absl::OkStatus();
      });
}

absl::Status WriteCoursesCsv(const std::string& path, const CourseTable& table,
                             const Vocabulary& vocab) {
  const bool town = table.level == AreaLevel::kTown;
  return internal::WriteCsvRows(
      path, kPublicFileMode,
      town ? "district,town,rank,skill,grade,openings,seekers,vacancies"
           : "district,rank,skill,grade,openings,seekers,vacancies",
      static_cast<int64_t>(table.rows.size()), [&](int64_t i, std::string* out) {
        const CourseRow& r = table.rows[i];
        internal::AppendCsvField(out, table.districts[r.area]);
        if (town) {
          out->push_back(',');
          internal::AppendCsvField(out, table.towns[r.area]);
        }
        absl::StrAppend(out, ",", r.rank, ",");
        internal::AppendCsvField(out, vocab.skills().Name(r.skill));
        absl::StrAppend(out, ",", r.grade, ",", r.openings, ",", r.seekers, ",", r.vacancies, "\n");
        return absl::OkStatus();
      });
}

}  // namespace jobmatch
