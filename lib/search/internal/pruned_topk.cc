// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "search/internal/pruned_topk.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <utility>
#include <vector>

#include "search/internal/prune_index.h"
#include "search/internal/topk_internal.h"

namespace jobmatch::internal {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
// Visit order of a seeker's groups: buckets of bounds (see VacanciesForSeekers).
constexpr float kWindow = 0.25f;

template <typename T, typename Build>
std::shared_ptr<const T> GetIndex(const CompiledScorer& cs, int slot, const Build& build) {
  LazyIndexSlot& s = cs.search_index[slot];
  std::call_once(s.once, [&] {
    s.value = build(cs);
    s.ready.store(true, std::memory_order_release);
  });
  return std::static_pointer_cast<const T>(s.value);
}

// The largest float below x (x finite): std::nextafter(x, -inf) without the
// library call.
float NextBelow(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  if ((b & 0x7fffffffu) == 0) return -std::numeric_limits<float>::denorm_min();
  b = (b & 0x80000000u) ? b + 1 : b - 1;
  float y;
  std::memcpy(&y, &b, sizeof y);
  return y;
}

bool IsExcluded(const uint64_t* ex, int64_t c) {
  return ex != nullptr && ((ex[c >> 6] >> (c & 63)) & 1) != 0;
}

// What a candidate must reach to enter a row's heap, mirrored from the heap.
// A candidate (or a bound on a group of them) with score x and index i can
// enter iff x > thr, or x == thr and i < tie; thr_ge is the largest float
// below thr, so that score > thr_ge lists the possible entrants, ties included.
struct Gate {
  std::vector<float> thr, thr_ge;
  std::vector<int64_t> tie;
  explicit Gate(int64_t n) : thr(n, kNegInf), thr_ge(n, kNegInf), tie(n, -1) {}
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

// Candidates are visited best bound first so that the heaps fill with good
// scores early and later groups are skipped.
std::vector<int32_t> ByBoundDescending(const std::vector<float>& gmax) {
  std::vector<int32_t> ord(gmax.size());
  std::iota(ord.begin(), ord.end(), 0);
  std::stable_sort(ord.begin(), ord.end(), [&](int32_t a, int32_t b) { return gmax[a] > gmax[b]; });
  return ord;
}

// ------------------------------------------------- vacancies for seekers

// Per-thread buffers of VacanciesForSeekers, reused across its tasks so that
// large ones are not mapped and unmapped for every chunk.
struct SeekerChunkScratch {
  ChunkBuffer buf;
  std::vector<int64_t> rows;
  std::vector<RowHeap> heaps;
  std::vector<int32_t> cand, stack;
  std::vector<uint64_t> held;
  std::vector<int32_t> fskill;
  std::vector<float> fnimp, flevel;
  std::vector<float> ub, ubt, tops;
  std::vector<std::pair<float, int32_t>> window;
  std::vector<float> scores, boost, dots, seeker_boost;
  std::vector<uint8_t> dense;  // one seeker's levels, zero between seekers
  std::vector<float> gate;
  std::vector<int32_t> hits;
};

absl::Status VacanciesForSeekers(const CompiledScorer& cs, const VacancyIndex& idx,
                                 const TopKOptions& options, const uint64_t* excluded, int threads,
                                 TopKResult& res) {
  const SeekerTable& st = *cs.seekers;
  const int k = options.k;
  const KernelSet& kern = ActiveKernels();
  const bool emb = cs.use_embeddings;
  const int d = cs.params.embedding_dim;
  const RowMatrixXf& semb = st.embeddings();
  const bool enforce = cs.params.enforce_max_commute != 0;
  const bool has_boost = cs.params.has_boost != 0;
  const int64_t num_profiles = static_cast<int64_t>(cs.profile_masks.size());
  const int64_t num_masks = static_cast<int64_t>(cs.distinct_masks.size());
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
    const int64_t b = bounds[task];
    const int64_t n = bounds[task + 1] - b;
    x.rows.resize(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j) x.rows[j] = res.row_ids[order[b + j]];
    x.buf.Fill(cs, x.rows);
    x.heaps.clear();
    for (int64_t j = 0; j < n; ++j) {
      const int64_t pos = order[b + j];
      x.heaps.emplace_back(res.score.data() + pos * k, res.index.data() + pos * k, k);
    }

    // Vacancy groups the chunk can reach: the commute rule against the
    // chunk's box and longest commute, except remote posts when some seeker
    // of the chunk accepts remote work.
    Box box = EmptyBox();
    float reach = 0.0f;
    bool accepts = false;
    for (int64_t s : x.rows) {
      const float* p = st.points().data() + s * 3;
      ExtendBox(box, p[0], p[1], p[2]);
      reach = std::max(reach, cs.commute_km[s]);
      accepts = accepts || (cs.elig[s] & kEligAcceptsRemote) != 0;
    }
    std::vector<int32_t>& cand = x.cand;
    cand.clear();
    for (const KdTree& tree : idx.trees) {
      const bool spatial = enforce && !(tree.cls == 1 && accepts);
      x.stack.assign(1, tree.root);
      while (!x.stack.empty()) {
        const KdNode& node = idx.nodes[x.stack.back()];
        x.stack.pop_back();
        if (spatial && !(BoxLowerBound(box, node.box) <= reach)) continue;
        if (node.left >= 0) {
          x.stack.push_back(node.right);
          x.stack.push_back(node.left);
          continue;
        }
        for (int32_t g = node.group_begin; g < node.group_end; ++g) {
          if (!spatial || BoxLowerBound(box, idx.groups[g].box) <= reach) cand.push_back(g);
        }
      }
    }

    // Upper bounds of every candidate group for every seeker of the chunk.
    // Required skills no seeker of the chunk holds add an exact +0 to the
    // bound's coverage sum, so they are dropped from the union first.
    const int64_t nc = static_cast<int64_t>(cand.size());
    x.held.assign(static_cast<size_t>((cs.params.num_skills + 63) / 64), 0);
    for (int64_t s : x.rows) {
      for (const SkillLevel& sl : st.skills().row(s)) {
        x.held[sl.skill / 64] |= uint64_t{1} << (sl.skill % 64);
      }
    }
    x.ub.resize(static_cast<size_t>(nc * n));
    for (int64_t c = 0; c < nc; ++c) {
      VacancyGroupBound gb = idx.groups[cand[c]].bound;
      x.fskill.clear();
      x.fnimp.clear();
      x.flevel.clear();
      for (int u = 0; u < gb.num_union; ++u) {
        const int32_t sk = gb.union_skill[u];
        if (((x.held[sk / 64] >> (sk % 64)) & 1) == 0) continue;
        x.fskill.push_back(sk);
        x.fnimp.push_back(gb.union_nimp[u]);
        x.flevel.push_back(gb.union_level[u]);
      }
      gb.num_union = static_cast<int>(x.fskill.size());
      gb.union_skill = x.fskill.data();
      gb.union_nimp = x.fnimp.data();
      gb.union_level = x.flevel.data();
      kern.bound_row(cs.params, x.buf.chunk(), gb, x.ub.data() + c * n);
    }
    // Seeker-major copy, and each seeker's largest bound.
    x.ubt.resize(static_cast<size_t>(nc * n));
    x.tops.assign(static_cast<size_t>(n), kNegInf);
    for (int64_t c = 0; c < nc; ++c) {
      const float* row = x.ub.data() + c * n;
      for (int64_t j = 0; j < n; ++j) x.tops[j] = x.tops[j] < row[j] ? row[j] : x.tops[j];
      for (int64_t j = 0; j < n; ++j) x.ubt[j * nc + c] = row[j];
    }

    // Each seeker then visits its candidate groups, best bound first, and
    // scores a group (the seeker against the group's vacancies, with the
    // transposed kernel) only if the group's bound can still beat the
    // seeker's k-th result (RowHeap order: score, then lower index).
    const SeekerChunk& ch = x.buf.chunk();
    for (int64_t j = 0; j < n; ++j) {
      const float top = x.tops[j];
      if (top == kNegInf) continue;  // nothing the seeker can be eligible for
      ColumnSeeker sk{};
      sk.lo[0] = sk.hi[0] = ch.px[j];
      sk.lo[1] = sk.hi[1] = ch.py[j];
      sk.lo[2] = sk.hi[2] = ch.pz[j];
      sk.commute_km = ch.commute_km[j];
      sk.reservation = ch.reservation[j];
      sk.education = ch.education[j];
      for (int q = 0; q < 3; ++q) sk.sched_fit[q] = ch.sched_fit[q][j];
      sk.pref_neutral = ch.pref_neutral[j];
      sk.pref_bits = ch.pref_bits + j;
      sk.pref_stride = n;
      // The seeker's levels, dense and contiguous: the kernel's gathers then
      // touch a few cache lines instead of one per skill.
      x.dense.resize(static_cast<size_t>(cs.params.num_skills) + 3, 0);
      const auto held_skills = st.skills().row(x.rows[j]);
      for (const SkillLevel& sl : held_skills) x.dense[sl.skill] = static_cast<uint8_t>(sl.level);
      sk.levels = x.dense.data();
      sk.level_stride = 1;
      sk.elig = ch.elig[j];
      const int64_t profile = ch.profile[j];
      // The seeker's boost per vacancy mask; none at all is common.
      bool any_boost = false;
      if (has_boost) {
        x.seeker_boost.resize(static_cast<size_t>(num_masks));
        for (int64_t m = 0; m < num_masks; ++m) {
          const float bo = cs.boost_table[m * num_profiles + profile];
          x.seeker_boost[m] = bo;
          any_boost = any_boost || bo != 0.0f;
        }
      }
      const int64_t srow = x.rows[j];
      RowHeap& heap = x.heaps[j];
      float thr = kNegInf, thr_ge = kNegInf;
      int64_t tie = -1;
      auto score_group = [&](const VacancyGroup& g) {
        const VacancyBlock& blk = g.block;
        const int64_t nb = blk.n;  // padded
        const int64_t nm = g.end - g.begin;
        x.scores.resize(static_cast<size_t>(nb));
        // Adding the +0 of a zero boost is what the kernel does too.
        const float* boost = zeros.data();
        if (any_boost) {
          x.boost.resize(static_cast<size_t>(nb));
          const int32_t* mask = idx.columns.mask_id.data() + g.columns.at;
          for (int64_t i = 0; i < nb; ++i) x.boost[i] = x.seeker_boost[mask[i]];
          boost = x.boost.data();
        }
        if (emb) {
          x.dots.assign(static_cast<size_t>(nb), 0.0f);
          kern.dot_tile(semb.row(srow).data(), d, 1, idx.packed.data() + g.packed_at, nm, d,
                        x.dots.data(), nm);
        }
        kern.score_column(cs.params, sk, blk, x.dots.data(), boost, x.scores.data());
        // Possible entrants (score >= threshold, vector compare), then the
        // heap's exact test.
        x.gate.assign(static_cast<size_t>(nm), thr_ge);
        x.hits.resize(static_cast<size_t>(nm));
        const int64_t nh = kern.compact_above(x.scores.data(), x.gate.data(), nm, x.hits.data());
        const int64_t* members = idx.rows.data() + g.begin;
        for (int64_t h = 0; h < nh; ++h) {
          const int32_t i = x.hits[h];
          if (IsExcluded(excluded, members[i])) continue;
          heap.Offer(x.scores[i], members[i]);
          if (heap.full()) {
            thr = heap.root_score();
            thr_ge = NextBelow(thr);
            tie = heap.root_index();
          }
        }
      };
      auto visit = [&](float u, int32_t c) {
        if (!(u > thr || u == thr)) return;
        const VacancyGroup& g = idx.groups[cand[c]];
        if (u > thr || g.min_row < tie) score_group(g);
      };
      // Best first, in two windows: the groups within kWindow of the best
      // bound, sorted; then, if the threshold is still below that window,
      // the remaining ones that can enter, sorted. Most seekers stop after
      // the first window. The order only decides how soon the threshold
      // rises; every group is checked exactly before it is scored.
      const float* u = x.ubt.data() + j * nc;
      const float floor = top - kWindow;
      auto better = [](const std::pair<float, int32_t>& a, const std::pair<float, int32_t>& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
      };
      x.window.clear();
      for (int32_t c = 0; c < nc; ++c) {
        if (u[c] >= floor) x.window.emplace_back(u[c], c);
      }
      std::sort(x.window.begin(), x.window.end(), better);
      for (const auto& [uc, c] : x.window) visit(uc, c);
      if (thr <= floor) {
        x.window.clear();
        for (int32_t c = 0; c < nc; ++c) {
          if (u[c] < floor && u[c] != kNegInf && (u[c] > thr || u[c] == thr)) {
            x.window.emplace_back(u[c], c);
          }
        }
        std::sort(x.window.begin(), x.window.end(), better);
        for (const auto& [uc, c] : x.window) visit(uc, c);
      }
      for (const SkillLevel& sl : held_skills) x.dense[sl.skill] = 0;
    }
    for (auto& h : x.heaps) h.Finish();
    return n;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress,
                  res.rows, run);
}

// ------------------------------------------------- seekers for vacancies

absl::Status SeekersForVacancies(const CompiledScorer& cs, const SeekerIndex& idx,
                                 const TopKOptions& options, const uint64_t* excluded, int threads,
                                 TopKResult& res) {
  const VacancyTable& vt = *cs.vacancies;
  const int k = options.k;
  const KernelSet& kern = ActiveKernels();
  const bool emb = cs.use_embeddings;
  const int d = cs.params.embedding_dim;
  const RowMatrixXf& vemb = vt.embeddings();
  const bool enforce = cs.params.enforce_max_commute != 0;

  std::vector<int64_t> order, bounds;
  PlanTasks(
      res.rows, MutablePruneTuning().slice, MutablePruneTuning().slice,
      [&](int64_t pos) { return static_cast<uint32_t>(vt.remote()[res.row_ids[pos]] ? 1 : 0); },
      [&](int64_t pos) { return vt.points().data() + res.row_ids[pos] * 3; },
      [&](int64_t pos) { return VacancyKey(vt, res.row_ids[pos]); }, order, bounds);
  const int64_t tasks = static_cast<int64_t>(bounds.size()) - 1;

  auto run = [&](int64_t task) -> int64_t {
    const int64_t b = bounds[task];
    const int64_t m = bounds[task + 1] - b;
    std::vector<int64_t> vr(static_cast<size_t>(m));
    std::vector<VacancyRow> rows(static_cast<size_t>(m));
    std::vector<RowHeap> heaps;
    heaps.reserve(static_cast<size_t>(m));
    Box box = EmptyBox();
    bool any_remote = false;
    for (int64_t i = 0; i < m; ++i) {
      const int64_t pos = order[b + i];
      vr[i] = res.row_ids[pos];
      rows[i] = cs.MakeVacancyRow(vr[i]);
      heaps.emplace_back(res.score.data() + pos * k, res.index.data() + pos * k, k);
      ExtendBox(box, rows[i].px, rows[i].py, rows[i].pz);
      any_remote = any_remote || rows[i].remote != 0;
    }

    // Seeker groups within their own commute of the slice; groups that
    // accept remote work, for remote posts.
    std::vector<int32_t> cand;
    std::vector<int32_t> stack;
    for (const KdTree& tree : idx.trees) {
      const bool spatial = enforce && !((tree.cls & 1u) != 0 && any_remote);
      stack.assign(1, tree.root);
      while (!stack.empty()) {
        const KdNode& node = idx.nodes[stack.back()];
        stack.pop_back();
        if (spatial && !(BoxLowerBound(box, node.box) <= node.reach)) continue;
        if (node.left >= 0) {
          stack.push_back(node.right);
          stack.push_back(node.left);
          continue;
        }
        for (int32_t g = node.group_begin; g < node.group_end; ++g) {
          const SeekerGroup& sg = idx.groups[g];
          if (!spatial || BoxLowerBound(box, sg.box) <= sg.reach) cand.push_back(g);
        }
      }
    }

    const int64_t nc = static_cast<int64_t>(cand.size());
    std::vector<float> ub(static_cast<size_t>(nc * m));
    std::vector<float> gmax(static_cast<size_t>(nc), kNegInf);
    // Dense largest levels of one group, with the kernel's 3 bytes of slack.
    std::vector<uint8_t> levels(static_cast<size_t>(std::max(1, cs.params.num_skills)) + 3, 0);
    // The slice column-wise; each group, as its most favourable seeker,
    // against it with the transposed kernel gives every bound at once.
    VacancyColumns cols;
    const VacancyBlock blk = BlockOf(cols, AppendColumns(cs, vr, cols));
    std::vector<int32_t> mask_at(static_cast<size_t>(m));  // index into distinct
    std::vector<int32_t> distinct;
    for (int64_t i = 0; i < m; ++i) {
      const int32_t mask = cs.vac_mask_id[vr[i]];
      auto it = std::find(distinct.begin(), distinct.end(), mask);
      mask_at[i] = static_cast<int32_t>(it - distinct.begin());
      if (it == distinct.end()) distinct.push_back(mask);
    }
    std::vector<float> ones(static_cast<size_t>(m), 1.0f), gboost(static_cast<size_t>(m), 0.0f);
    std::vector<float> mask_boost(distinct.size());
    for (int64_t c = 0; c < nc; ++c) {
      const SeekerGroup& g = idx.groups[cand[c]];
      if (cs.params.has_boost) {
        for (size_t q = 0; q < distinct.size(); ++q) mask_boost[q] = GroupBoost(cs, g, distinct[q]);
        for (int64_t i = 0; i < m; ++i) gboost[i] = mask_boost[mask_at[i]];
      }
      ExpandLevels(idx, g, levels.data());
      const ColumnSeeker gs = GroupAsSeeker(cs, idx, cand[c], levels.data());
      float* u = ub.data() + c * m;
      kern.score_column(cs.params, gs, blk, ones.data(), gboost.data(), u);
      ClearLevels(idx, g, levels.data());
      float mx = kNegInf;
      for (int64_t i = 0; i < m; ++i) mx = std::max(mx, u[i]);
      gmax[c] = mx;
    }

    Gate gate(m);
    GroupChunk gchunk;
    std::vector<float> scores, dots(1, 0.0f), vgather, gate_row;
    std::vector<int32_t> hits;
    std::vector<int64_t> open;
    for (int32_t c : ByBoundDescending(gmax)) {
      if (gmax[c] == kNegInf) break;
      const SeekerGroup& g = idx.groups[cand[c]];
      open.clear();
      for (int64_t i = 0; i < m; ++i) {
        if (gate.Open(i, ub[int64_t{c} * m + i], g.min_row)) open.push_back(i);
      }
      if (open.empty()) continue;
      const int64_t n = g.end - g.begin;
      const int64_t* members = idx.rows.data() + g.begin;
      const SeekerChunk& chunk = gchunk.Lay(cs, idx, cand[c]);
      scores.resize(static_cast<size_t>(n));
      const int64_t no = static_cast<int64_t>(open.size());
      if (emb) {
        vgather.resize(static_cast<size_t>(no * d));
        for (int64_t t = 0; t < no; ++t) {
          const float* src = vemb.row(vr[open[t]]).data();
          std::copy(src, src + d, vgather.data() + t * d);
        }
        dots.resize(static_cast<size_t>(no * n));
        kern.dot_tile(vgather.data(), d, no, gchunk.packed(), n, d, dots.data(), n);
      }
      for (int64_t t = 0; t < no; ++t) {
        const int64_t i = open[t];
        kern.score_row(cs.params, chunk, rows[i], emb ? dots.data() + t * n : dots.data(),
                       scores.data());
        // Possible entrants (score >= threshold, vector compare), then the
        // heap's exact test.
        gate_row.assign(static_cast<size_t>(n), gate.thr_ge[i]);
        hits.resize(static_cast<size_t>(n));
        const int64_t nh = kern.compact_above(scores.data(), gate_row.data(), n, hits.data());
        RowHeap& h = heaps[i];
        for (int64_t q = 0; q < nh; ++q) {
          const int32_t j = hits[q];
          if (IsExcluded(excluded, members[j])) continue;
          h.Offer(scores[j], members[j]);
          gate.Update(i, h);
        }
      }
    }
    for (auto& h : heaps) h.Finish();
    return m;
  };
  return RunTasks(tasks, static_cast<int>(std::min<int64_t>(threads, tasks)), options.progress,
                  res.rows, run);
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
