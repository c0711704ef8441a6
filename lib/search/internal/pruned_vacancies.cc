// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Pruned top-k with rows = seekers (pruned_search.h).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "search/internal/pruned_search.h"

namespace jobmatch::internal {
namespace {

constexpr float kNegInf = kPrunedNegInf;
// Visit order of a seeker's groups: buckets of bounds (see VisitCandidates).
constexpr float kWindow = 0.25f;

// Per-thread buffers of VacanciesForSeekers, reused across its tasks so that
// large ones are not mapped and unmapped for every chunk.
struct SeekerChunkScratch {
  ChunkBuffer buf;
  std::vector<int64_t> rows;
  std::vector<RowHeap> heaps;
  std::vector<int32_t> cand, stack;
  std::vector<int64_t> cand_min_row;  // per candidate group: its smallest vacancy row
  std::vector<uint64_t> held;
  std::vector<int32_t> fskill;
  std::vector<float> fnimp, flevel;
  std::vector<float> ub, ubt, tops;
  std::vector<uint64_t> window;  // sort keys, DescendingKey
  std::vector<float> scores, boost, dots, seeker_boost;
  std::vector<uint8_t> dense;  // one seeker's levels, zero between seekers
  std::vector<float> gate;
  std::vector<int32_t> hits;
  std::vector<int32_t> pick;      // a seeker's candidates in its window
  std::vector<uint8_t> cand_cls;  // per candidate group: its tree class
  // MemberCoverage: per candidate and seeker ([c * n + j]) the largest
  // coverage of a member; per column of the index, one seeker's sums; per
  // group, its candidate index (or -1), whether the seeker's lists reach it
  // and its largest sum so far (both 0 between seekers); the groups they
  // reach.
  std::vector<float> mcov, acc, group_max;
  std::vector<int32_t> group_cand, reached;
  std::vector<uint8_t> group_seen;
  // The parts of the requirement lists within the chunk's reach
  // (ListsInReach): per tree class, the candidate groups' column ranges,
  // merged; per list l touched by the chunk, its entries there as spans
  // [span_first[l], span_first[l] + span_count[l]) of spans (-1 until
  // computed).
  std::vector<std::pair<int32_t, int32_t>> ranges[3];
  std::vector<std::pair<int64_t, int64_t>> spans;
  std::vector<int32_t> span_first, span_count, touched;
};

// Pruned top-k vacancies for one chunk of seekers (VacanciesForSeekers):
// candidate groups by the commute rule, bounds for the whole chunk, then
// each seeker visits the groups best bound first and scores a group only if
// its bound can still enter the seeker's top k.
class SeekerChunkSearch {
 public:
  SeekerChunkSearch(const CompiledScorer& cs, const VacancyIndex& idx, const TopKOptions& options,
                    const uint64_t* excluded, const std::vector<float>& zeros,
                    SeekerChunkScratch& x)
      : cs_(cs),
        idx_(idx),
        st_(*cs.seekers),
        kern_(ActiveKernels()),
        k_(options.k),
        excluded_(excluded),
        zeros_(zeros),
        x_(x) {}

  // Searches the seekers at result positions `positions[0, n)`.
  void Run(TopKResult& res, const int64_t* positions, int64_t n) {
    n_ = n;
    x_.rows.resize(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j) x_.rows[j] = res.row_ids[positions[j]];
    x_.buf.Fill(cs_, x_.rows);
    x_.heaps.clear();
    for (int64_t j = 0; j < n; ++j) {
      x_.heaps.emplace_back(res.score.data() + positions[j] * k_,
                            res.index.data() + positions[j] * k_, k_);
    }
    CollectCandidates();
    MarkHeldSkills();
    MemberCoverage();
    BoundCandidates();
    for (int64_t j = 0; j < n; ++j) {
      if (x_.tops[j] == kNegInf) continue;  // nothing the seeker can be eligible for
      StartSeeker(j);
      VisitCandidates(j);
      EndSeeker(j);
    }
    for (auto& h : x_.heaps) h.Finish();
  }

 private:
  // Vacancy groups the chunk can reach: the commute rule against the
  // chunk's box and longest commute, except remote posts when some seeker
  // of the chunk accepts remote work.
  void CollectCandidates() {
    Box box = EmptyBox();
    float reach = 0.0f;
    bool accepts = false;
    for (int64_t s : x_.rows) {
      const float* p = st_.points().data() + s * 3;
      ExtendBox(box, p[0], p[1], p[2]);
      reach = std::max(reach, cs_.commute_km[s]);
      accepts = accepts || (cs_.elig[s] & kEligAcceptsRemote) != 0;
    }
    const bool enforce = cs_.params.enforce_max_commute != 0;
    std::vector<int32_t>& cand = x_.cand;
    cand.clear();
    x_.cand_min_row.clear();
    x_.cand_cls.clear();
    for (const KdTree& tree : idx_.trees) {
      // Remote posts: by trade for a chunk that accepts remote work (where
      // space does not prune them), by place otherwise; never both.
      if ((tree.cls == 1 && accepts) || (tree.cls == 2 && !accepts)) continue;
      const bool spatial = enforce && tree.cls != 2;
      x_.stack.assign(1, tree.root);
      while (!x_.stack.empty()) {
        const KdNode& node = idx_.nodes[x_.stack.back()];
        x_.stack.pop_back();
        if (spatial && !(BoxLowerBound(box, node.box) <= reach)) continue;
        if (node.left >= 0) {
          x_.stack.push_back(node.right);
          x_.stack.push_back(node.left);
          continue;
        }
        for (int32_t g = node.group_begin; g < node.group_end; ++g) {
          if (!spatial || BoxLowerBound(box, idx_.groups[g].box) <= reach) {
            cand.push_back(g);
            x_.cand_min_row.push_back(idx_.groups[g].min_row);
            x_.cand_cls.push_back(static_cast<uint8_t>(tree.cls));
          }
        }
      }
    }
  }

  // The skills some seeker of the chunk holds.
  void MarkHeldSkills() {
    x_.held.assign(static_cast<size_t>((cs_.params.num_skills + 63) / 64), 0);
    for (int64_t s : x_.rows) {
      for (const SkillLevel& sl : st_.skills().row(s)) {
        x_.held[sl.skill / 64] |= uint64_t{1} << (sl.skill % 64);
      }
    }
  }

  // The bound of summary `gb` for every seeker of the chunk. Required skills
  // no seeker of the chunk holds add an exact +0 to the bound's coverage
  // sum, so they are dropped from the union first.
  void ChunkBound(VacancyGroupBound gb, float* out) {
    x_.fskill.clear();
    x_.fnimp.clear();
    x_.flevel.clear();
    for (int u = 0; u < gb.num_union; ++u) {
      const int32_t sk = gb.union_skill[u];
      if (((x_.held[sk / 64] >> (sk % 64)) & 1) == 0) continue;
      x_.fskill.push_back(sk);
      x_.fnimp.push_back(gb.union_nimp[u]);
      x_.flevel.push_back(gb.union_level[u]);
    }
    gb.num_union = static_cast<int>(x_.fskill.size());
    gb.union_skill = x_.fskill.data();
    gb.union_nimp = x_.fnimp.data();
    gb.union_level = x_.flevel.data();
    kern_.bound_row(cs_.params, x_.buf.chunk(), gb, out);
  }

  // The coverage term of the bounds from each member's own coverage, for the
  // tree classes where that is cheaper than the union of a group's skills
  // (few requirements of the chunk's skills per candidate group of the
  // class, as when every post of a city is within reach): per seeker, the
  // terms of the requirements of its skills (VacancyIndex::post_off) are
  // summed per post, then each post the lists reach gives its sum to its
  // group's maximum. A member's terms are the kernel's own products; only
  // their order differs (bound_kernel_impl.inc). Missing skills add +0 in
  // the kernel and are never visited here; a post no list reaches has
  // coverage 0, which changes no maximum (every sum is >= 0).
  void MemberCoverage() {
    use_[0] = use_[1] = use_[2] = false;
    if (idx_.post_off.empty() || cs_.params.w[0] == 0.0f) return;
    const int64_t nc = static_cast<int64_t>(x_.cand.size());
    const int64_t n = n_;
    const int64_t* off = idx_.post_off.data();
    auto list_size = [off](int32_t skill, int cls) {
      return off[3 * skill + cls + 1] - off[3 * skill + cls];
    };
    int64_t groups_in[3] = {0, 0, 0};
    for (int64_t c = 0; c < nc; ++c) ++groups_in[x_.cand_cls[c]];
    int64_t posts[3] = {0, 0, 0};
    int64_t most = 0;  // entries of one seeker's lists, at most
    for (int64_t s : x_.rows) {
      int64_t mine[3] = {0, 0, 0};
      for (const SkillLevel& sl : st_.skills().row(s)) {
        for (int cls = 0; cls < 3; ++cls) mine[cls] += list_size(sl.skill, cls);
      }
      for (int cls = 0; cls < 3; ++cls) posts[cls] += mine[cls];
      most = std::max(most, mine[0] + mine[1] + mine[2]);
    }
    const int64_t per_group = MutablePruneTuning().member_coverage_posts;
    bool any = false;
    for (int cls = 0; cls < 3; ++cls) {
      use_[cls] = groups_in[cls] > 0 && posts[cls] <= per_group * n * groups_in[cls];
      any = any || use_[cls];
    }
    if (!any) return;
    ListsInReach();
    x_.group_cand.resize(idx_.groups.size(), -1);
    x_.group_seen.resize(idx_.groups.size(), 0);
    x_.group_max.resize(idx_.groups.size(), 0.0f);
    for (int64_t c = 0; c < nc; ++c) {
      if (use_[x_.cand_cls[c]]) x_.group_cand[x_.cand[c]] = static_cast<int32_t>(c);
    }
    x_.reached.resize(static_cast<size_t>(most));
    x_.acc.resize(idx_.columns.px.size(), 0.0f);
    x_.mcov.assign(static_cast<size_t>(nc * n), 0.0f);
    float* acc = x_.acc.data();
    float* gmax = x_.group_max.data();
    uint8_t* seen = x_.group_seen.data();
    int32_t* reached = x_.reached.data();
    const int32_t* col = idx_.post_col.data();
    const int32_t* grp = idx_.post_group.data();
    // Calls fn(term, b, e) for the entries [b, e) within reach of each list
    // of a skill the seeker holds, in the classes that use member coverage;
    // term[i] is entry i's coverage term at the seeker's level.
    auto for_each_list = [this, off](const auto& skills, auto&& fn) {
      for (const SkillLevel& sl : skills) {
        for (int cls = 0; cls < 3; ++cls) {
          if (!use_[cls]) continue;
          const int32_t l = ListSpans(sl.skill, cls);
          const int64_t lb = off[l], len = off[l + 1] - lb;
          const float* term =
              idx_.post_term.data() + kMaxSkillLevel * lb + (sl.level - 1) * len - lb;
          const auto* sp = x_.spans.data() + x_.span_first[l];
          for (int32_t k = 0; k < x_.span_count[l]; ++k) fn(term, sp[k].first, sp[k].second);
        }
      }
    };
    for (int64_t j = 0; j < n; ++j) {
      const auto skills = st_.skills().row(x_.rows[j]);
      for_each_list(skills, [&](const float* term, int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) acc[col[i]] += term[i];
      });
      // Each post's final sum, read once and cleared (a post on several of
      // the seeker's lists reads 0 after the first).
      int64_t nr = 0;
      for_each_list(skills, [&](const float*, int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          const int32_t g = grp[i];
          const float v = acc[col[i]];
          acc[col[i]] = 0.0f;
          gmax[g] = gmax[g] < v ? v : gmax[g];
          reached[nr] = g;
          nr += seen[g] ^ 1;
          seen[g] = 1;
        }
      });
      // Groups outside the candidates (beyond the chunk's reach) are
      // cleared too; the groups no list reaches keep 0.
      float* out = x_.mcov.data() + j;
      for (int64_t t = 0; t < nr; ++t) {
        const int32_t g = reached[t];
        seen[g] = 0;
        const int32_t c = x_.group_cand[g];
        if (c >= 0) out[c * n] = gmax[g];
        gmax[g] = 0.0f;
      }
    }
    for (int64_t c = 0; c < nc; ++c) x_.group_cand[x_.cand[c]] = -1;
  }

  // The candidate groups' columns per tree class that uses member
  // coverage, as merged ranges, and no list's spans computed yet
  // (ListSpans). A list's entries are in column order, and a group's
  // members are columns [at, at + n).
  void ListsInReach() {
    for (auto& r : x_.ranges) r.clear();
    for (size_t c = 0; c < x_.cand.size(); ++c) {
      if (!use_[x_.cand_cls[c]]) continue;
      const ColumnsAt& at = idx_.groups[x_.cand[c]].columns;
      x_.ranges[x_.cand_cls[c]].emplace_back(static_cast<int32_t>(at.at),
                                             static_cast<int32_t>(at.at + at.n));
    }
    for (auto& r : x_.ranges) {
      std::sort(r.begin(), r.end());
      size_t m = 0;
      for (size_t i = 0; i < r.size(); ++i) {
        if (m > 0 && r[m - 1].second >= r[i].first) {
          r[m - 1].second = std::max(r[m - 1].second, r[i].second);
        } else {
          r[m++] = r[i];
        }
      }
      r.resize(m);
    }
    for (int32_t l : x_.touched) x_.span_first[l] = -1;
    x_.touched.clear();
    const size_t lists = idx_.post_off.size() - 1;
    x_.span_first.resize(lists, -1);
    x_.span_count.resize(lists, 0);
    x_.spans.clear();
  }

  // List (skill, cls)'s entries within the chunk's reach (ListsInReach),
  // found once per chunk; returns the list's index, l = 3 skill + cls.
  int32_t ListSpans(int32_t skill, int cls) {
    const int32_t l = 3 * skill + cls;
    if (x_.span_first[l] >= 0) return l;
    x_.touched.push_back(l);
    x_.span_first[l] = static_cast<int32_t>(x_.spans.size());
    const int32_t* col = idx_.post_col.data();
    int64_t i = idx_.post_off[l];
    const int64_t e = idx_.post_off[l + 1];
    for (const auto& [lo, hi] : x_.ranges[cls]) {
      if (i == e) break;
      i = std::lower_bound(col + i, col + e, lo) - col;
      const int64_t j = std::lower_bound(col + i, col + e, hi) - col;
      if (j > i) x_.spans.emplace_back(i, j);
      i = j;
    }
    x_.span_count[l] = static_cast<int32_t>(x_.spans.size()) - x_.span_first[l];
    return l;
  }

  // Bounds of every candidate group for every seeker, seeker-major, and
  // each seeker's largest bound.
  void BoundCandidates() {
    const int64_t nc = static_cast<int64_t>(x_.cand.size());
    const int64_t n = n_;
    x_.ub.resize(static_cast<size_t>(nc * n));
    for (int64_t c = 0; c < nc; ++c) {
      if (use_[x_.cand_cls[c]]) {
        VacancyGroupBound gb = idx_.groups[x_.cand[c]].bound;
        gb.member_cov = x_.mcov.data() + c * n;
        kern_.bound_row(cs_.params, x_.buf.chunk(), gb, x_.ub.data() + c * n);
      } else {
        ChunkBound(idx_.groups[x_.cand[c]].bound, x_.ub.data() + c * n);
      }
    }
    x_.ubt.resize(static_cast<size_t>(nc * n));
    x_.tops.assign(static_cast<size_t>(n), kNegInf);
    for (int64_t c = 0; c < nc; ++c) {
      const float* row = x_.ub.data() + c * n;
      for (int64_t j = 0; j < n; ++j) x_.tops[j] = x_.tops[j] < row[j] ? row[j] : x_.tops[j];
    }
    // Transposed in tiles, so that both sides stay in cache.
    constexpr int64_t kTile = 16;
    for (int64_t c0 = 0; c0 < nc; c0 += kTile) {
      const int64_t c1 = std::min(nc, c0 + kTile);
      for (int64_t j0 = 0; j0 < n; j0 += kTile) {
        const int64_t j1 = std::min(n, j0 + kTile);
        for (int64_t c = c0; c < c1; ++c) {
          const float* row = x_.ub.data() + c * n;
          for (int64_t j = j0; j < j1; ++j) x_.ubt[j * nc + c] = row[j];
        }
      }
    }
  }

  // Seeker j as the transposed kernel's one seeker: its values, its levels
  // dense and contiguous (the kernel's gathers then touch a few cache lines
  // instead of one per skill), its boost per vacancy mask.
  void StartSeeker(int64_t j) {
    const SeekerChunk& ch = x_.buf.chunk();
    ColumnSeeker& sk = sk_;
    sk = ColumnSeeker{};
    sk.lo[0] = sk.hi[0] = ch.px[j];
    sk.lo[1] = sk.hi[1] = ch.py[j];
    sk.lo[2] = sk.hi[2] = ch.pz[j];
    sk.commute_km = ch.commute_km[j];
    sk.reservation = ch.reservation[j];
    sk.education = ch.education[j];
    for (int q = 0; q < 3; ++q) sk.sched_fit[q] = ch.sched_fit[q][j];
    sk.pref_neutral = ch.pref_neutral[j];
    sk.pref_bits = ch.pref_bits + j;
    sk.pref_stride = n_;
    x_.dense.resize(static_cast<size_t>(cs_.params.num_skills) + 3, 0);
    for (const SkillLevel& sl : st_.skills().row(x_.rows[j])) {
      x_.dense[sl.skill] = static_cast<uint8_t>(sl.level);
    }
    sk.levels = x_.dense.data();
    sk.level_stride = 1;
    sk.elig = ch.elig[j];
    any_boost_ = false;
    if (cs_.params.has_boost != 0) {
      const int64_t num_profiles = static_cast<int64_t>(cs_.profile_masks.size());
      const int64_t num_masks = static_cast<int64_t>(cs_.distinct_masks.size());
      x_.seeker_boost.resize(static_cast<size_t>(num_masks));
      for (int64_t m = 0; m < num_masks; ++m) {
        const float bo = cs_.boost_table[m * num_profiles + ch.profile[j]];
        x_.seeker_boost[m] = bo;
        any_boost_ = any_boost_ || bo != 0.0f;
      }
    }
    srow_ = x_.rows[j];
    heap_ = &x_.heaps[j];
    thr_ = thr_ge_ = kNegInf;
    tie_ = -1;
  }

  void EndSeeker(int64_t j) {
    for (const SkillLevel& sl : st_.skills().row(x_.rows[j])) x_.dense[sl.skill] = 0;
  }

  // Could a group with bound u and smallest row min_row still enter
  // the current seeker's heap (RowHeap order: score, then lower index)?
  bool Open(float u, int64_t min_row) const { return u > thr_ || (u == thr_ && min_row < tie_); }

  // Scores the current seeker against group g and offers the results.
  void ScoreGroup(const VacancyGroup& g) {
    const VacancyBlock& blk = g.block;
    const int64_t nb = blk.n;  // padded
    const int64_t nm = g.end - g.begin;
    x_.scores.resize(static_cast<size_t>(nb));
    // Adding the +0 of a zero boost is what the kernel does too.
    const float* boost = zeros_.data();
    if (any_boost_) {
      x_.boost.resize(static_cast<size_t>(nb));
      const int32_t* mask = idx_.columns.mask_id.data() + g.columns.at;
      for (int64_t i = 0; i < nb; ++i) x_.boost[i] = x_.seeker_boost[mask[i]];
      boost = x_.boost.data();
    }
    if (cs_.use_embeddings) {
      const int d = cs_.params.embedding_dim;
      x_.dots.assign(static_cast<size_t>(nb), 0.0f);
      kern_.dot_tile(st_.embeddings().row(srow_).data(), d, 1, idx_.packed.data() + g.packed_at, nm,
                     d, x_.dots.data(), nm);
    }
    kern_.score_column(cs_.params, sk_, blk, x_.dots.data(), boost, x_.scores.data());
    // Possible entrants (score >= threshold, vector compare), then the
    // heap's exact test.
    x_.gate.assign(static_cast<size_t>(nm), thr_ge_);
    x_.hits.resize(static_cast<size_t>(nm));
    const int64_t nh = kern_.compact_above(x_.scores.data(), x_.gate.data(), nm, x_.hits.data());
    const int64_t* members = idx_.rows.data() + g.begin;
    for (int64_t h = 0; h < nh; ++h) {
      const int32_t i = x_.hits[h];
      if (IsExcluded(excluded_, members[i])) continue;
      heap_->Offer(x_.scores[i], members[i]);
      if (heap_->full()) {
        thr_ = heap_->root_score();
        thr_ge_ = NextBelow(thr_);
        tie_ = heap_->root_index();
      }
    }
  }

  // Best first, in two windows: the candidate groups within kWindow of the
  // best bound, sorted; then, if the threshold is still below that window,
  // the remaining ones that can enter, sorted. Most seekers stop after the
  // first window. The order only decides how soon the threshold rises;
  // every group is checked exactly before it is scored.
  void VisitCandidates(int64_t j) {
    const float top = x_.tops[j];
    const int64_t nc = static_cast<int64_t>(x_.cand.size());
    const float* u = x_.ubt.data() + j * nc;
    const float floor = top - kWindow;
    // Visits the window in order. Bounds only fall along it, so once one
    // is below the threshold no later group can enter.
    auto visit_window = [&] {
      std::sort(x_.window.begin(), x_.window.end());
      for (const uint64_t key : x_.window) {
        const int32_t c = static_cast<int32_t>(key & 0xffffffffu);
        const float uc = u[c];
        if (uc < thr_) return;
        if (Open(uc, x_.cand_min_row[c])) ScoreGroup(idx_.groups[x_.cand[c]]);
      }
    };
    // The window's members, gathered without branches (most candidates of
    // most seekers are below it), as sort keys: best bound first, then the
    // lower candidate position.
    auto gather = [&](auto in_window) {
      x_.pick.resize(static_cast<size_t>(nc));
      int32_t* hits = x_.pick.data();
      int64_t m = 0;
      for (int32_t c = 0; c < nc; ++c) {
        hits[m] = c;
        m += in_window(u[c]) ? 1 : 0;
      }
      x_.window.resize(static_cast<size_t>(m));
      for (int64_t i = 0; i < m; ++i) x_.window[i] = DescendingKey(u[hits[i]], hits[i]);
    };
    gather([floor](float b) { return b >= floor; });
    visit_window();
    if (thr_ > floor) return;
    const float thr = thr_;
    gather([floor, thr](float b) { return b < floor && b != kNegInf && b >= thr; });
    visit_window();
  }

  // A key whose ascending order is bound descending, then c ascending
  // (bounds are never NaN).
  static uint64_t DescendingKey(float bound, int32_t c) {
    uint32_t b;
    std::memcpy(&b, &bound, sizeof b);
    const uint32_t ordered = (b & 0x80000000u) != 0 ? ~b : (b | 0x80000000u);
    return (uint64_t{~ordered} << 32) | static_cast<uint32_t>(c);
  }

  const CompiledScorer& cs_;
  const VacancyIndex& idx_;
  const SeekerTable& st_;
  const KernelSet& kern_;
  const int k_;
  const uint64_t* excluded_;
  const std::vector<float>& zeros_;
  SeekerChunkScratch& x_;
  int64_t n_ = 0;
  bool use_[3] = {false, false, false};  // member coverage per tree class
  // The seeker being searched.
  ColumnSeeker sk_{};
  bool any_boost_ = false;
  int64_t srow_ = 0;
  RowHeap* heap_ = nullptr;
  float thr_ = kNegInf, thr_ge_ = kNegInf;
  int64_t tie_ = -1;
};

}  // namespace

absl::Status VacanciesForSeekers(const CompiledScorer& cs, const VacancyIndex& idx,
                                 const TopKOptions& options, const uint64_t* excluded, int threads,
                                 TopKResult& res) {
  const SeekerTable& st = *cs.seekers;
  // Largest padded group: the size of the zero boosts handed to the kernel.
  int64_t max_block = 1;
  for (const VacancyGroup& g : idx.groups) max_block = std::max(max_block, g.block.n);
  const std::vector<float> zeros(static_cast<size_t>(max_block), 0.0f);

  std::vector<int64_t> order, bounds;
  PlanTasks(
      res.rows, MutablePruneTuning().row_leaf, MutablePruneTuning().row_chunk,
      [&](int64_t pos) {
        const int64_t s = res.row_ids[pos];
        return static_cast<uint32_t>(((cs.elig[s] & kEligAcceptsRemote) != 0 ? 1 : 0) |
                                     (CommuteClass(cs.commute_km[s]) << 1));
      },
      [&](int64_t pos) { return st.points().data() + res.row_ids[pos] * 3; },
      [&](int64_t pos) { return SeekerKey(st, res.row_ids[pos]); }, order, bounds);
  const int64_t tasks = static_cast<int64_t>(bounds.size()) - 1;
  auto run = [&](int64_t task) -> int64_t {
    thread_local SeekerChunkScratch x;
    const int64_t n = bounds[task + 1] - bounds[task];
    SeekerChunkSearch(cs, idx, options, excluded, zeros, x)
        .Run(res, order.data() + bounds[task], n);
    return n;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress,
                  res.rows, run);
}

}  // namespace jobmatch::internal
