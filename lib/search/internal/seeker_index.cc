// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The candidate index of pruned top-k with rows = vacancies (prune_index.h,
// SeekerIndex): groups of seekers and their most favourable values.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "search/internal/prune_index.h"

namespace jobmatch::internal {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

const float* SeekerPoint(const SeekerTable& t, int64_t s) { return t.points().data() + s * 3; }

}  // namespace

namespace {

// Builds a SeekerIndex in steps (BuildSeekerIndex).
class SeekerIndexBuilder {
 public:
  explicit SeekerIndexBuilder(const CompiledScorer& cs)
      : cs_(cs),
        t_(*cs.seekers),
        tuning_(MutablePruneTuning()),
        idx_(std::make_shared<SeekerIndex>()),
        best_(static_cast<size_t>(std::max(1, cs.params.num_skills)), 0) {}

  std::shared_ptr<const SeekerIndex> Build() {
    BuildTrees();
    CutLeafGroups();
    LayColumns();
    LayPreferences();
    AssignNodeGroups(idx_->nodes, idx_->groups);
    for (KdNode& n : idx_->nodes) {
      n.reach = 0.0f;
      for (int32_t gi = n.group_begin; gi < n.group_end; ++gi) {
        n.reach = std::max(n.reach, idx_->groups[gi].reach);
      }
    }
    return idx_;
  }

 private:
  // One tree per class: remote acceptance (bit 0) and commute range, so
  // that a tree's reach is not set by a few long-commute seekers.
  void BuildTrees() {
    const int64_t ns = t_.size();
    auto point_at = [this](int64_t s) { return SeekerPoint(t_, s); };
    std::vector<std::pair<uint32_t, int64_t>> by_class(static_cast<size_t>(ns));
    for (int64_t s = 0; s < ns; ++s) {
      by_class[s] = {static_cast<uint32_t>(((cs_.elig[s] & kEligAcceptsRemote) != 0 ? 1 : 0) |
                                           (CommuteClass(cs_.commute_km[s]) << 1)),
                     s};
    }
    std::sort(by_class.begin(), by_class.end());
    idx_->rows.resize(static_cast<size_t>(ns));
    for (int64_t i = 0; i < ns; ++i) idx_->rows[i] = by_class[i].second;
    for (int64_t b = 0; b < ns;) {
      int64_t e = b;
      while (e < ns && by_class[e].first == by_class[b].first) ++e;
      const int32_t root =
          BuildKdTree(idx_->rows, b, e, tuning_.seeker_leaf, point_at, idx_->nodes);
      idx_->trees.push_back({root, by_class[b].first});
      b = e;
    }
    // The seekers who accept remote work once more, in one leaf ordered by
    // trade, for slices of remote posts: to such a post they are all as
    // near as each other (the distance fit is 1), so their groups are better
    // cut by what they can do than by where they live. A search uses these
    // or the spatial trees of the acceptors, never both.
    const int64_t begin = static_cast<int64_t>(idx_->rows.size());
    for (int64_t s = 0; s < ns; ++s) {
      if ((cs_.elig[s] & kEligAcceptsRemote) != 0) idx_->rows.push_back(s);
    }
    const int64_t end = static_cast<int64_t>(idx_->rows.size());
    if (end > begin) {
      trade_nodes_ = static_cast<int64_t>(idx_->nodes.size());
      const int32_t root = BuildKdTree(idx_->rows, begin, end, end - begin, point_at, idx_->nodes);
      idx_->trees.push_back({root, kSeekerTradeTree | 1u});
    }
  }

  // Each k-d leaf sorted by boost band, then key (trade), and cut into
  // groups that never mix bands; the trade leaf is cut wherever the band or
  // the best skill changes.
  void CutLeafGroups() {
    const std::vector<uint8_t> band = BoostBands();
    struct Keyed {
      uint8_t band;
      uint64_t key;
      int64_t row;
      bool operator<(const Keyed& o) const {
        return std::tie(band, key, row) < std::tie(o.band, o.key, o.row);
      }
    };
    std::vector<Keyed> keyed;
    for (int64_t ni = 0; ni < static_cast<int64_t>(idx_->nodes.size()); ++ni) {
      const KdNode& node = idx_->nodes[ni];
      if (node.left >= 0) continue;
      keyed.clear();
      for (int64_t i = node.item_begin; i < node.item_end; ++i) {
        const int64_t s = idx_->rows[i];
        keyed.push_back({band[cs_.profile[s]], SeekerKey(t_, s), s});
      }
      std::sort(keyed.begin(), keyed.end());
      for (size_t i = 0; i < keyed.size(); ++i) idx_->rows[node.item_begin + i] = keyed[i].row;
      auto emit = [this](int64_t b, int64_t e) { EmitGroup(b, e); };
      const int64_t at = node.item_begin;
      if (trade_nodes_ < 0 || ni < trade_nodes_) {
        CutClassGroups(
            at, node.item_end, tuning_.seeker_group,
            [&keyed, at](int64_t i) { return keyed[i - at].band; },
            [&keyed, at](int64_t i) { return keyed[i - at].key; }, emit);
        continue;
      }
      CutTradeGroups(
          at, node.item_end, tuning_.seeker_group,
          [&keyed, at](int64_t i) {
            return std::make_pair(keyed[i - at].band, keyed[i - at].key >> 32);
          },
          emit);
    }
  }

  // Per priority profile: the band of its largest boost over every vacancy
  // rule mask (PruneTuning::seeker_boost_band; all 0 without bands or
  // boosts).
  std::vector<uint8_t> BoostBands() const {
    const size_t np = cs_.profile_masks.size();
    std::vector<uint8_t> band(np, 0);
    const float width = tuning_.seeker_boost_band;
    if (!(width > 0.0f) || np == 0) return band;
    for (size_t at = 0; at < cs_.boost_table.size(); ++at) {
      // Boosts are sums of a policy's weights (0.03 + 0.07 ...): a boost
      // on a band's edge, give or take its float rounding, stays below it.
      const float q = std::ceil(cs_.boost_table[at] / width - 1e-3f);
      const uint8_t b = q >= 255.0f ? 255 : q > 0.0f ? static_cast<uint8_t>(q) : 0;
      band[at % np] = std::max(band[at % np], b);
    }
    return band;
  }

  // The group of seekers rows[b, e): their most favourable values.
  void EmitGroup(int64_t b, int64_t e) {
    const Policy& policy = cs_.policy;
    SeekerGroup g;
    g.box = EmptyBox();
    g.begin = b;
    g.end = e;
    g.min_row = std::numeric_limits<int64_t>::max();
    g.reach = 0.0f;
    g.reservation_min = kInf;
    g.education_max = 0.0f;
    g.neutral_max = -1.0f;
    const size_t pref_at = idx_->pref_bits.size();
    idx_->pref_bits.resize(pref_at + static_cast<size_t>(cs_.params.pref_words), 0);
    g.profile_begin = static_cast<int32_t>(idx_->profiles.size());
    profile_seen_.resize(cs_.profile_masks.size(), 0);
    for (int64_t i = b; i < e; ++i) {
      const int64_t s = idx_->rows[i];
      const float* p = SeekerPoint(t_, s);
      ExtendBox(g.box, p[0], p[1], p[2]);
      g.min_row = std::min(g.min_row, s);
      g.reach = std::max(g.reach, cs_.commute_km[s]);
      g.reservation_min = std::min(g.reservation_min, t_.reservation_wage()[s]);
      g.education_max = std::max(g.education_max, static_cast<float>(t_.education()[s]));
      const int sched = t_.schedule()[s];
      for (int vs = 0; vs < kNumVacancySchedules; ++vs) {
        g.sched_fit_max[vs] = std::max(g.sched_fit_max[vs], policy.schedule_fit[sched][vs]);
      }
      g.neutral_max = std::max(g.neutral_max, cs_.pref_neutral[s]);
      g.elig_or |= cs_.elig[s];
      const int32_t profile = cs_.profile[s];
      if (!profile_seen_[profile]) {
        profile_seen_[profile] = 1;
        idx_->profiles.push_back(profile);
      }
      if (cs_.pref_neutral[s] < 0.0f) {
        for (int32_t ind : t_.preferred_industries().row(s)) {
          idx_->pref_bits[pref_at + ind / 64] |= uint64_t{1} << (ind % 64);
        }
      }
      for (const SkillLevel& sl : t_.skills().row(s)) {
        uint8_t& cur = best_[sl.skill];
        if (cur == 0) touched_.push_back(sl.skill);
        cur = std::max(cur, static_cast<uint8_t>(sl.level));
      }
    }
    std::sort(touched_.begin(), touched_.end());
    g.skill_begin = static_cast<int32_t>(idx_->skill.size());
    for (int32_t sk : touched_) {
      idx_->skill.push_back(sk);
      idx_->level.push_back(best_[sk]);
      best_[sk] = 0;
    }
    touched_.clear();
    g.skill_end = static_cast<int32_t>(idx_->skill.size());
    g.profile_end = static_cast<int32_t>(idx_->profiles.size());
    for (int32_t i = g.profile_begin; i < g.profile_end; ++i) profile_seen_[idx_->profiles[i]] = 0;
    idx_->groups.push_back(g);
  }

  // The members' kernel inputs, column-wise in rows order.
  void LayColumns() {
    const Policy& policy = cs_.policy;
    SeekerColumns& col = idx_->columns;
    col.skill_off.assign(1, 0);
    for (int64_t s : idx_->rows) {
      col.px.push_back(t_.points()(s, 0));
      col.py.push_back(t_.points()(s, 1));
      col.pz.push_back(t_.points()(s, 2));
      col.commute_km.push_back(cs_.commute_km[s]);
      col.reservation.push_back(t_.reservation_wage()[s]);
      col.education.push_back(static_cast<float>(t_.education()[s]));
      col.pref_neutral.push_back(cs_.pref_neutral[s]);
      for (int b = 0; b < kNumVacancySchedules; ++b) {
        col.sched_fit[b].push_back(policy.schedule_fit[t_.schedule()[s]][b]);
      }
      col.elig.push_back(cs_.elig[s]);
      col.profile.push_back(cs_.profile[s]);
      for (const SkillLevel& sl : t_.skills().row(s)) {
        col.skill_id.push_back(sl.skill);
        col.skill_level.push_back(static_cast<uint8_t>(sl.level));
      }
      col.skill_off.push_back(static_cast<int64_t>(col.skill_id.size()));
    }
    // Lanes past the last group (GroupChunk pads to whole vectors): finite
    // values, no division by zero, and profile 0, which every scorer has.
    for (auto* v : {&col.px, &col.py, &col.pz, &col.reservation, &col.education, &col.pref_neutral,
                    &col.sched_fit[0], &col.sched_fit[1], &col.sched_fit[2]}) {
      v->resize(v->size() + kLanePad, 0.0f);
    }
    col.commute_km.resize(col.commute_km.size() + kLanePad, 1.0f);
    col.elig.resize(col.elig.size() + kLanePad, 0);
    col.profile.resize(col.profile.size() + kLanePad, 0);
  }

  // Per group, the members' preferred industries as [word][member] bits.
  void LayPreferences() {
    const int words = cs_.params.pref_words;
    SeekerColumns& col = idx_->columns;
    for (const SeekerGroup& g : idx_->groups) {
      const int64_t n = g.end - g.begin;
      const size_t at = col.pref_bits.size();
      col.pref_at.push_back(static_cast<int64_t>(at));
      col.pref_bits.resize(at + static_cast<size_t>(n * words), 0);
      for (int64_t j = 0; j < n; ++j) {
        for (int32_t ind : t_.preferred_industries().row(idx_->rows[g.begin + j])) {
          col.pref_bits[at + static_cast<size_t>((ind / 64) * n + j)] |= uint64_t{1} << (ind % 64);
        }
      }
    }
    col.pref_bits.resize(col.pref_bits.size() + kLanePad, 0);
  }

  const CompiledScorer& cs_;
  const SeekerTable& t_;
  const PruneTuning tuning_;
  int64_t trade_nodes_ = -1;  // first node of the trade tree, -1 when none
  std::shared_ptr<SeekerIndex> idx_;
  std::vector<uint8_t> best_;  // per skill: the group's largest level so far, 0 between groups
  std::vector<int32_t> touched_;
  std::vector<uint8_t> profile_seen_;  // per priority profile: listed for the group being built
};

}  // namespace

std::shared_ptr<const SeekerIndex> BuildSeekerIndex(const CompiledScorer& cs) {
  return SeekerIndexBuilder(cs).Build();
}

void GroupChunk::Clear() {
  if (group_ < 0) return;
  const SeekerGroup& g = index_->groups[group_];
  const int64_t n = g.end - g.begin;
  // Only the rows of skills some member holds were written: zeroed row by
  // row, which is cheaper than one byte per member skill.
  for (int32_t i = g.skill_begin; i < g.skill_end; ++i) {
    std::memset(levels_.data() + static_cast<size_t>(index_->skill[i]) * n, 0,
                static_cast<size_t>(n));
  }
  group_ = -1;
}

const SeekerChunk& GroupChunk::Lay(const CompiledScorer& cs, const SeekerIndex& index,
                                   int64_t group) {
  Clear();
  index_ = &index;
  group_ = group;
  const SeekerGroup& g = index.groups[group];
  const SeekerColumns& col = index.columns;
  const int64_t n = g.end - g.begin;
  const size_t need = static_cast<size_t>(std::max(1, cs.params.num_skills)) * n + kLanePad;
  if (levels_.size() < need) levels_.resize(need, 0);
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t q = col.skill_off[g.begin + j]; q < col.skill_off[g.begin + j + 1]; ++q) {
      levels_[static_cast<size_t>(col.skill_id[q]) * n + j] = col.skill_level[q];
    }
  }
  const int64_t b = g.begin;
  chunk_.n = n;
  chunk_.px = col.px.data() + b;
  chunk_.py = col.py.data() + b;
  chunk_.pz = col.pz.data() + b;
  chunk_.commute_km = col.commute_km.data() + b;
  chunk_.reservation = col.reservation.data() + b;
  chunk_.education = col.education.data() + b;
  for (int q = 0; q < 3; ++q) chunk_.sched_fit[q] = col.sched_fit[q].data() + b;
  chunk_.pref_neutral = col.pref_neutral.data() + b;
  chunk_.pref_bits = col.pref_bits.data() + col.pref_at[group];
  chunk_.elig = col.elig.data() + b;
  chunk_.profile = col.profile.data() + b;
  chunk_.levels = levels_.data();
  chunk_.lanes = (n + kLanePad - 1) / kLanePad * kLanePad;
  if (cs.use_embeddings) {
    const int d = cs.params.embedding_dim;
    emb_.resize(static_cast<size_t>(n) * d);
    for (int64_t j = 0; j < n; ++j) {
      const float* src = cs.seekers->embeddings().row(index.rows[b + j]).data();
      std::copy(src, src + d, emb_.data() + j * d);
    }
    packed_.resize(static_cast<size_t>(PackedSize(n, d)));
    PackPanels(emb_.data(), d, n, d, packed_.data());
  }
  return chunk_;
}

void ExpandLevels(const SeekerIndex& index, const SeekerGroup& g, uint8_t* dense) {
  for (int32_t i = g.skill_begin; i < g.skill_end; ++i) dense[index.skill[i]] = index.level[i];
}

void ClearLevels(const SeekerIndex& index, const SeekerGroup& g, uint8_t* dense) {
  for (int32_t i = g.skill_begin; i < g.skill_end; ++i) dense[index.skill[i]] = 0;
}

ColumnSeeker GroupAsSeeker(const CompiledScorer& cs, const SeekerIndex& index, int64_t group,
                           const uint8_t* levels) {
  const SeekerGroup& g = index.groups[group];
  ColumnSeeker s{};
  for (int c = 0; c < 3; ++c) {
    s.lo[c] = g.box.lo[c];
    s.hi[c] = g.box.hi[c];
  }
  s.commute_km = g.reach;
  s.reservation = g.reservation_min;
  s.education = g.education_max;
  for (int b = 0; b < 3; ++b) s.sched_fit[b] = g.sched_fit_max[b];
  s.pref_neutral = g.neutral_max;
  s.pref_bits = index.pref_bits.data() + group * cs.params.pref_words;
  s.pref_stride = 1;
  s.levels = levels;
  s.level_stride = 1;
  s.elig = g.elig_or;
  return s;
}

float GroupBoost(const CompiledScorer& cs, const SeekerIndex& index, const SeekerGroup& g,
                 int32_t mask_id) {
  const int64_t np = static_cast<int64_t>(cs.profile_masks.size());
  const float* row = cs.boost_table.data() + int64_t{mask_id} * np;
  float best = 0.0f;
  for (int32_t i = g.profile_begin; i < g.profile_end; ++i) {
    best = std::max(best, row[index.profiles[i]]);
  }
  return best;
}

}  // namespace jobmatch::internal
