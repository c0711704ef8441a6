// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// White-box checks of the pieces pruned top-k rests on, on both kernel
// builds side by side (the dispatcher picks only one per process):
//   * the transposed kernel (one seeker, many vacancies) gives the row
//     kernel's scores bit for bit, in every layout the search uses;
//   * a vacancy group's bound is >= the score of every member for every
//     seeker, and -infinity only when no member is eligible, including the
//     constructed case where summing the skill union in its own order falls
//     one float below a member's coverage (the slack is needed);
//   * a seeker group's bound (the transposed kernel on its most favourable
//     values) is >= every member's score for every vacancy;
//   * every row is in one group of the trees by place, remote posts and
//     the seekers who accept remote work once more in a trade tree whose
//     groups hold one trade each, the posts ordered by their next
//     requirements within it;
//   * the box distance never exceeds the kernel's chord.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "scoring/internal/score_kernel.h"
#include "scoring/internal/scorer_internal.h"
#include "search/internal/prune_index.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using internal::ChunkBuffer;
using internal::CompiledScorer;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Both builds of each kernel that this CPU can run.
struct Variant {
  const char* name;
  internal::ScoreRowFn row;
  internal::ScoreColumnFn column;
  internal::BoundRowFn bound;
  internal::DotFn dot;
};
std::vector<Variant> Variants() {
  std::vector<Variant> v = {{"generic", &internal::ScoreRowGeneric, &internal::ScoreColumnGeneric,
                             &internal::BoundRowGeneric, &internal::DotGeneric}};
#if defined(JOBMATCH_HAVE_AVX2_KERNEL)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    v.push_back({"avx2", &internal::ScoreRowAvx2, &internal::ScoreColumnAvx2,
                 &internal::BoundRowAvx2, &internal::DotAvx2});
  }
#endif
  return v;
}

// Row-kernel scores of every (seeker, vacancy): out[v * ns + s].
std::vector<float> RowScores(const CompiledScorer& cs, const Variant& k, const ChunkBuffer& buf) {
  const int64_t ns = cs.seekers->size(), nv = cs.vacancies->size();
  std::vector<float> out(static_cast<size_t>(ns * nv));
  std::vector<float> dots(static_cast<size_t>(ns) + 1, 0.0f);
  for (int64_t v = 0; v < nv; ++v) {
    if (cs.use_embeddings) {
      for (int64_t s = 0; s < ns; ++s) {
        dots[s] = k.dot(cs.vacancies->embeddings().row(v).data(),
                        cs.seekers->embeddings().row(s).data(), cs.params.embedding_dim);
      }
    }
    k.row(cs.params, buf.chunk(), cs.MakeVacancyRow(v), dots.data(), out.data() + v * ns);
  }
  return out;
}

TEST(PruneKernelTest, ColumnKernelEqualsRowKernelBitForBit) {
  for (uint64_t seed = 1; seed <= 24; ++seed) {
    const int dim = seed % 3 == 0 ? static_cast<int>(seed % 5) + 1 : 0;
    auto inst = testing::RandomInstance(
        seed,
        {.num_seekers = 70, .num_vacancies = 90, .embedding_dim = dim, .coarse = seed % 2 == 0});
    auto scorer =
        Scorer::Create(seed % 4 == 0 ? Policy::Default() : testing::RandomPolicy(seed, inst->vocab),
                       inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    const CompiledScorer& cs = internal::ScorerAccess::Compiled(*scorer);
    const int64_t ns = inst->seekers.size(), nv = inst->vacancies.size();
    ChunkBuffer buf;
    buf.FillRange(cs, 0, ns);
    // The vacancies column-wise: in table order unpadded, and sorted by
    // requirement count and padded to 8 (the index's group layout).
    std::vector<int64_t> plain(static_cast<size_t>(nv)), sorted;
    for (int64_t v = 0; v < nv; ++v) plain[v] = v;
    sorted = plain;
    auto nreq = [&](int64_t v) {
      return inst->vacancies.requirements().offsets[v + 1] -
             inst->vacancies.requirements().offsets[v];
    };
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](int64_t a, int64_t b) { return nreq(a) > nreq(b); });
    internal::VacancyColumns cols;
    const internal::ColumnsAt at_plain = internal::AppendColumns(cs, plain, cols);
    const internal::ColumnsAt at_sorted = internal::AppendColumns(cs, sorted, cols, 8);
    for (const Variant& k : Variants()) {
      const std::vector<float> want = RowScores(cs, k, buf);
      for (int layout = 0; layout < 2; ++layout) {
        const internal::VacancyBlock blk =
            internal::BlockOf(cols, layout == 0 ? at_plain : at_sorted);
        const std::vector<int64_t>& order = layout == 0 ? plain : sorted;
        std::vector<float> out(static_cast<size_t>(blk.n)), dots(out.size(), 0.0f),
            boost(out.size(), 0.0f);
        std::vector<uint8_t> dense(static_cast<size_t>(cs.params.num_skills) + 3, 0);
        const internal::SeekerChunk& ch = buf.chunk();
        for (int64_t s = 0; s < ns; ++s) {
          internal::ColumnSeeker sk{};
          sk.lo[0] = sk.hi[0] = ch.px[s];
          sk.lo[1] = sk.hi[1] = ch.py[s];
          sk.lo[2] = sk.hi[2] = ch.pz[s];
          sk.commute_km = ch.commute_km[s];
          sk.reservation = ch.reservation[s];
          sk.education = ch.education[s];
          for (int q = 0; q < 3; ++q) sk.sched_fit[q] = ch.sched_fit[q][s];
          sk.pref_neutral = ch.pref_neutral[s];
          sk.pref_bits = ch.pref_bits + s;
          sk.pref_stride = ns;
          sk.elig = ch.elig[s];
          // Levels strided in the chunk (layout 0) or dense (layout 1).
          if (layout == 0) {
            sk.levels = ch.levels + s;
            sk.level_stride = ns;
          } else {
            for (const SkillLevel& sl : inst->seekers.skills().row(s)) {
              dense[sl.skill] = static_cast<uint8_t>(sl.level);
            }
            sk.levels = dense.data();
            sk.level_stride = 1;
          }
          const int64_t np = static_cast<int64_t>(cs.profile_masks.size());
          for (int64_t i = 0; i < blk.n; ++i) {
            const int64_t v = order[std::min<int64_t>(i, nv - 1)];
            boost[i] = cs.boost_table[cs.vac_mask_id[v] * np + ch.profile[s]];
            if (cs.use_embeddings) {
              dots[i] = k.dot(inst->vacancies.embeddings().row(v).data(),
                              inst->seekers.embeddings().row(s).data(), cs.params.embedding_dim);
            }
          }
          k.column(cs.params, sk, blk, dots.data(), boost.data(), out.data());
          for (int64_t i = 0; i < nv; ++i) {
            ASSERT_EQ(out[i], want[order[i] * ns + s])
                << k.name << " seed " << seed << " layout " << layout << " seeker " << s
                << " vacancy " << order[i];
          }
          if (layout == 1) {
            for (const SkillLevel& sl : inst->seekers.skills().row(s)) dense[sl.skill] = 0;
          }
        }
      }
    }
  }
}

// How often each row appears in the groups of the trees `pick` selects
// (the root's group range is its whole tree's).
template <typename Index, typename Pick>
std::vector<int> TimesInTrees(const Index& idx, int64_t rows, const Pick& pick) {
  std::vector<int> times(static_cast<size_t>(rows), 0);
  for (const internal::KdTree& tree : idx.trees) {
    if (!pick(tree.cls)) continue;
    const internal::KdNode& root = idx.nodes[tree.root];
    for (int32_t g = root.group_begin; g < root.group_end; ++g) {
      for (int64_t i = idx.groups[g].begin; i < idx.groups[g].end; ++i) ++times[idx.rows[i]];
    }
  }
  return times;
}

// Every vacancy is in one group of the on-site or by-place remote trees, and
// every remote post once more in the trade tree, whose groups each hold one
// trade; nothing else is there.
void ExpectVacancyTrees(const CompiledScorer& cs, const internal::VacancyIndex& idx,
                        const std::string& where) {
  const VacancyTable& t = *cs.vacancies;
  const int64_t nv = t.size();
  const std::vector<int> by_place = TimesInTrees(idx, nv, [](uint32_t c) { return c != 2; });
  const std::vector<int> by_trade = TimesInTrees(idx, nv, [](uint32_t c) { return c == 2; });
  for (int64_t v = 0; v < nv; ++v) {
    ASSERT_EQ(by_place[v], 1) << where << " vacancy " << v;
    ASSERT_EQ(by_trade[v], t.remote()[v] ? 1 : 0) << where << " vacancy " << v;
  }
  for (const internal::KdTree& tree : idx.trees) {
    if (tree.cls != 2) continue;
    const internal::KdNode& root = idx.nodes[tree.root];
    // One leaf cut in order of trade, then of the next requirements (the
    // members of a group are laid out by their number of requirements).
    std::vector<std::pair<uint64_t, uint64_t>> order;
    for (int32_t g = root.group_begin; g < root.group_end; ++g) {
      const size_t first = order.size();
      for (int64_t i = idx.groups[g].begin; i < idx.groups[g].end; ++i) {
        order.emplace_back(internal::VacancyKey(t, idx.rows[i]),
                           internal::VacancyNextSkills(t, idx.rows[i]));
      }
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(first), order.end());
    }
    ASSERT_TRUE(std::is_sorted(order.begin(), order.end())) << where;
    for (int32_t g = root.group_begin; g < root.group_end; ++g) {
      const internal::VacancyGroup& grp = idx.groups[g];
      for (int64_t i = grp.begin; i < grp.end; ++i) {
        ASSERT_EQ(internal::VacancyKey(t, idx.rows[i]),
                  internal::VacancyKey(t, idx.rows[grp.begin]))
            << where << " trade group " << g;
      }
    }
  }
}

// The index's requirement lists (VacancyIndex::post_off) against a scan of
// the groups: list 3 s + c holds exactly the requirements of skill s by the
// posts of tree class c, in position order and in increasing column order
// (the search cuts lists by column), each with the post's column and the
// kernel's term at every level and the post's group.
void ExpectRequirementLists(const CompiledScorer& cs, const internal::VacancyIndex& idx,
                            const std::string& where) {
  const int64_t lists = 3 * int64_t{std::max(1, cs.params.num_skills)};
  ASSERT_EQ(static_cast<int64_t>(idx.post_off.size()), lists + 1) << where;
  struct Entry {
    int64_t col;
    int32_t group;
    float term[kMaxSkillLevel];
  };
  std::vector<std::vector<Entry>> want(static_cast<size_t>(lists));
  const float pc = cs.params.partial_credit_per_grade;
  std::vector<std::pair<int64_t, int32_t>> by_pos;  // (first position, group)
  for (size_t gi = 0; gi < idx.groups.size(); ++gi) {
    by_pos.emplace_back(idx.groups[gi].begin, static_cast<int32_t>(gi));
  }
  std::sort(by_pos.begin(), by_pos.end());
  for (const auto& [first, gi] : by_pos) {
    const internal::VacancyGroup& g = idx.groups[gi];
    const int cls = g.begin >= idx.class_begin[2] ? 2 : g.begin >= idx.class_begin[1] ? 1 : 0;
    for (int64_t p = g.begin; p < g.end; ++p) {
      const int64_t v = idx.rows[p];
      const auto& off = cs.vacancies->requirements().offsets;
      for (int64_t r = off[v]; r < off[v + 1]; ++r) {
        const int64_t list = 3 * int64_t{cs.req_skill[r]} + cls;
        Entry e{g.columns.at + (p - g.begin), gi, {}};
        for (int level = 1; level <= kMaxSkillLevel; ++level) {
          const float l = static_cast<float>(level), req = cs.req_level[r];
          const float cr = l >= req ? 1.0f : std::max(0.0f, 1.0f - pc * (req - l));
          e.term[level - 1] = cs.req_nimp[r] * cr;
        }
        want[list].push_back(e);
      }
    }
  }
  for (int64_t list = 0; list < lists; ++list) {
    const int64_t b = idx.post_off[list], len = idx.post_off[list + 1] - b;
    ASSERT_EQ(len, static_cast<int64_t>(want[list].size())) << where << " list " << list;
    for (int64_t i = 0; i < len; ++i) {
      ASSERT_EQ(idx.post_col[b + i], want[list][i].col) << where << " list " << list;
      if (i > 0) {
        ASSERT_LT(idx.post_col[b + i - 1], idx.post_col[b + i]) << where << " list " << list;
      }
      ASSERT_EQ(idx.post_group[b + i], want[list][i].group) << where << " list " << list;
      for (int level = 1; level <= kMaxSkillLevel; ++level) {
        ASSERT_EQ(idx.post_term[kMaxSkillLevel * b + (level - 1) * len + i],
                  want[list][i].term[level - 1])
            << where << " list " << list << " level " << level;
      }
    }
  }
}

// Coverage of vacancy v for seeker s with the kernel's terms (normalised
// importance times credit) summed in reverse requirement order, the
// opposite of the kernel's: what a member-coverage bound may be given.
float ReverseOrderCoverage(const CompiledScorer& cs, int64_t s, int64_t v) {
  const float pc = cs.params.partial_credit_per_grade;
  float sum = 0.0f;
  const auto& off = cs.vacancies->requirements().offsets;
  for (int64_t r = off[v + 1] - 1; r >= off[v]; --r) {
    float l = 0.0f;
    for (const SkillLevel& sl : cs.seekers->skills().row(s)) {
      if (sl.skill == cs.req_skill[r]) l = static_cast<float>(sl.level);
    }
    if (l == 0.0f) continue;
    const float req = cs.req_level[r];
    const float cr = l >= req ? 1.0f : std::max(0.0f, 1.0f - pc * (req - l));
    sum = sum + cs.req_nimp[r] * cr;
  }
  return sum;
}

// For each group: every member's score <= the group's bound, for every
// seeker, with the union of the group's skills and with each seeker's
// largest member coverage (summed in another order than the kernel's); the
// bound is -inf only when every member is ineligible.
void ExpectVacancyGroupBounds(const CompiledScorer& cs, const std::string& where) {
  const int64_t ns = cs.seekers->size();
  ChunkBuffer buf;
  buf.FillRange(cs, 0, ns);
  auto idx = internal::BuildVacancyIndex(cs);
  for (const Variant& k : Variants()) {
    const std::vector<float> score = RowScores(cs, k, buf);
    std::vector<float> bound(static_cast<size_t>(ns)), member_cov(static_cast<size_t>(ns));
    for (const internal::VacancyGroup& g : idx->groups) {
      for (int by_member = 0; by_member < 2; ++by_member) {
        internal::VacancyGroupBound gb = g.bound;
        if (by_member == 1) {
          for (int64_t s = 0; s < ns; ++s) {
            member_cov[s] = 0.0f;
            for (int64_t i = g.begin; i < g.end; ++i) {
              member_cov[s] = std::max(member_cov[s], ReverseOrderCoverage(cs, s, idx->rows[i]));
            }
          }
          gb.member_cov = member_cov.data();
        }
        k.bound(cs.params, buf.chunk(), gb, bound.data());
        for (int64_t s = 0; s < ns; ++s) {
          bool any = false;
          for (int64_t i = g.begin; i < g.end; ++i) {
            const float x = score[idx->rows[i] * ns + s];
            ASSERT_LE(x, bound[s]) << where << " " << k.name << " seeker " << s << " vacancy "
                                   << idx->rows[i] << (by_member ? " (member coverage)" : "");
            any = any || x != kNegInf;
          }
          if (bound[s] == kNegInf) {
            ASSERT_FALSE(any);
          }
        }
      }
    }
  }
  ExpectVacancyTrees(cs, *idx, where);
  ExpectRequirementLists(cs, *idx, where);
}

TEST(PruneKernelTest, VacancyGroupBoundCoversEveryMember) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    auto inst = testing::RandomInstance(
        seed, {.num_seekers = 60, .num_vacancies = 120, .coarse = seed % 3 != 0});
    auto scorer =
        Scorer::Create(seed % 5 == 0 ? Policy::Default() : testing::RandomPolicy(seed, inst->vocab),
                       inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    internal::PruneTuning& t = internal::MutablePruneTuning();
    const internal::PruneTuning saved = t;
    t.vacancy_leaf = seed % 2 == 0 ? 256 : 16;
    t.vacancy_group = seed % 2 == 0 ? 32 : 1 + static_cast<int64_t>(seed % 7);
    ExpectVacancyGroupBounds(internal::ScorerAccess::Compiled(*scorer),
                             absl::StrCat("seed ", seed));
    t = saved;
  }
}

// The keys that order posts by trade rank requirements by importance, ties
// by lower skill id: checked against a sort of each post's requirements.
TEST(PruneKernelTest, TradeKeysRankRequirementsByImportanceThenSkill) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    auto inst = testing::RandomInstance(
        seed, {.num_seekers = 5, .num_vacancies = 200, .coarse = seed % 2 == 0});
    const VacancyTable& t = inst->vacancies;
    for (int64_t v = 0; v < t.size(); ++v) {
      std::vector<Requirement> req(t.requirements().row(v).begin(), t.requirements().row(v).end());
      std::sort(req.begin(), req.end(), [](const Requirement& a, const Requirement& b) {
        return a.importance > b.importance || (a.importance == b.importance && a.skill < b.skill);
      });
      auto nth = [&req](size_t i) -> uint64_t {
        return i < req.size() ? static_cast<uint64_t>(req[i].skill) + 1 : 0;
      };
      EXPECT_EQ(internal::VacancyKey(t, v) & 0xffffffffu, nth(0)) << "seed " << seed << " " << v;
      EXPECT_EQ(internal::VacancyNextSkills(t, v), (nth(1) << 32) | nth(2))
          << "seed " << seed << " vacancy " << v;
    }
  }
}

// Two posts requiring a, b, c with importances 3*2^22, 1, 1 in opposite
// orders: in float the second one's coverage is 1 while the union summed in
// the first one's order is 0.99999994. Without the slack the bound would be
// one float too low.
TEST(PruneKernelTest, SkillUnionSlackCoversTheSummationOrder) {
  Vocabulary vocab;
  for (const char* s : {"a", "b", "c"}) vocab.AddSkill(s);
  vocab.AddIndustry("i");
  Vacancy v0;
  v0.id = "V0";
  v0.lat = 36.0;
  v0.lon = 120.0;
  v0.wage_max = 5000.0f;
  v0.requirements = {{0, 1, 12582912.0f}, {1, 1, 1.0f}, {2, 1, 1.0f}};
  Vacancy v1 = v0;
  v1.id = "V1";
  v1.requirements = {{1, 1, 1.0f}, {2, 1, 1.0f}, {0, 1, 12582912.0f}};
  Seeker s;
  s.id = "S";
  s.lat = 36.0;
  s.lon = 120.0;
  s.skills = {{0, 8}, {1, 8}, {2, 8}};
  SeekerTable seekers;
  VacancyTable vacancies;
  ASSERT_TRUE(seekers.Append(std::vector<Seeker>{s}, vocab).ok());
  ASSERT_TRUE(vacancies.Append(std::vector<Vacancy>{v0, v1}, vocab).ok());
  Policy p = Policy::Default();
  p.weights.fill(0.0f);
  p.weights[static_cast<int>(Component::kSkill)] = 1.0f;
  p.rules.clear();
  auto scorer = Scorer::Create(p, vocab, seekers, vacancies);
  ASSERT_TRUE(scorer.ok());
  ASSERT_EQ(scorer->Score(0, 0), 0.99999994f);
  ASSERT_EQ(scorer->Score(0, 1), 1.0f);
  const CompiledScorer& cs = internal::ScorerAccess::Compiled(*scorer);
  auto idx = internal::BuildVacancyIndex(cs);
  ASSERT_EQ(idx->groups.size(), 1u);
  const internal::VacancyGroupBound& gb = idx->groups[0].bound;
  // The union in its own order (V0's) sums to less than V1's coverage.
  float sum = 0.0f;
  for (int u = 0; u < gb.num_union; ++u) sum = sum + gb.union_nimp[u] * 1.0f;
  EXPECT_LT(sum, 1.0f) << "the constructed case no longer needs the slack";
  ChunkBuffer buf;
  buf.FillRange(cs, 0, 1);
  for (const Variant& k : Variants()) {
    float bound = 0.0f;
    k.bound(cs.params, buf.chunk(), gb, &bound);
    EXPECT_GE(bound, 1.0f) << k.name;
    // The same with member coverage: V1's terms summed in V0's order.
    internal::VacancyGroupBound by_member = gb;
    by_member.member_cov = &sum;
    bound = 0.0f;
    k.bound(cs.params, buf.chunk(), by_member, &bound);
    EXPECT_GE(bound, 1.0f) << k.name << " (member coverage)";
  }
}

TEST(PruneKernelTest, SeekerGroupBoundCoversEveryMember) {
  int seeds_with_bands = 0;  // seeds whose seekers fall in more than one band
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const int dim = seed % 4 == 0 ? 3 : 0;
    auto inst = testing::RandomInstance(
        seed,
        {.num_seekers = 150, .num_vacancies = 50, .embedding_dim = dim, .coarse = seed % 3 != 0});
    auto scorer =
        Scorer::Create(seed % 5 == 0 ? Policy::Default() : testing::RandomPolicy(seed, inst->vocab),
                       inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    const CompiledScorer& cs = internal::ScorerAccess::Compiled(*scorer);
    internal::PruneTuning& t = internal::MutablePruneTuning();
    const internal::PruneTuning saved = t;
    t.seeker_leaf = seed % 2 == 0 ? 1024 : 20;
    t.seeker_group = seed % 2 == 0 ? 128 : 1 + static_cast<int64_t>(seed % 9);
    const float band_width[] = {saved.seeker_boost_band, 0.0f, 0.004f};
    t.seeker_boost_band = band_width[seed % 3];
    auto idx = internal::BuildSeekerIndex(cs);
    t = saved;
    const int64_t ns = inst->seekers.size(), nv = inst->vacancies.size();
    ChunkBuffer buf;
    buf.FillRange(cs, 0, ns);
    std::vector<int64_t> all(static_cast<size_t>(nv));
    for (int64_t v = 0; v < nv; ++v) all[v] = v;
    internal::VacancyColumns cols;
    const internal::VacancyBlock blk =
        internal::BlockOf(cols, internal::AppendColumns(cs, all, cols));
    std::vector<uint8_t> levels(static_cast<size_t>(cs.params.num_skills) + 3, 0);
    std::vector<float> ones(static_cast<size_t>(nv), 1.0f), boost(ones.size()), bound(ones.size());
    for (const Variant& k : Variants()) {
      const std::vector<float> score = RowScores(cs, k, buf);
      for (int64_t gi = 0; gi < static_cast<int64_t>(idx->groups.size()); ++gi) {
        const internal::SeekerGroup& g = idx->groups[gi];
        for (int64_t v = 0; v < nv; ++v) {
          boost[v] = internal::GroupBoost(cs, *idx, g, cs.vac_mask_id[v]);
          // The largest member boost, exactly (boosts are >= 0).
          float best = 0.0f;
          for (int64_t i = g.begin; i < g.end; ++i) {
            best = std::max(best, cs.MakeVacancyRow(v).boost[cs.profile[idx->rows[i]]]);
          }
          ASSERT_EQ(boost[v], best) << "seed " << seed << " group " << gi << " vacancy " << v;
        }
        internal::ExpandLevels(*idx, g, levels.data());
        k.column(cs.params, internal::GroupAsSeeker(cs, *idx, gi, levels.data()), blk, ones.data(),
                 boost.data(), bound.data());
        internal::ClearLevels(*idx, g, levels.data());
        for (int64_t v = 0; v < nv; ++v) {
          bool any = false;
          for (int64_t i = g.begin; i < g.end; ++i) {
            const float x = score[v * ns + idx->rows[i]];
            ASSERT_LE(x, bound[v])
                << k.name << " seed " << seed << " vacancy " << v << " seeker " << idx->rows[i];
            any = any || x != kNegInf;
          }
          if (bound[v] == kNegInf) {
            ASSERT_FALSE(any);
          }
        }
      }
    }
    // No group mixes boost bands: the band of a seeker's largest boost over
    // every vacancy, restated here from the boosts the kernel reads.
    if (band_width[seed % 3] > 0.0f) {
      auto band_of = [&](int64_t s) {
        float most = 0.0f;
        for (int64_t v = 0; v < nv; ++v)
          most = std::max(most, cs.MakeVacancyRow(v).boost[cs.profile[s]]);
        return std::min(255.0f, std::ceil(most / band_width[seed % 3] - 1e-3f));
      };
      std::vector<float> band(static_cast<size_t>(ns));
      for (int64_t s = 0; s < ns; ++s) band[s] = band_of(s);
      for (const internal::SeekerGroup& g : idx->groups) {
        for (int64_t i = g.begin; i < g.end; ++i) {
          ASSERT_EQ(band[idx->rows[i]], band[idx->rows[g.begin]]) << "seed " << seed;
        }
      }
      seeds_with_bands +=
          *std::max_element(band.begin(), band.end()) > *std::min_element(band.begin(), band.end());
    }
    // Every seeker once in the trees by place; the acceptors of remote work
    // once more in the trade tree, each of its groups of one best skill.
    const std::vector<int> by_place =
        TimesInTrees(*idx, ns, [](uint32_t c) { return (c & internal::kSeekerTradeTree) == 0; });
    const std::vector<int> by_trade =
        TimesInTrees(*idx, ns, [](uint32_t c) { return (c & internal::kSeekerTradeTree) != 0; });
    for (int64_t s = 0; s < ns; ++s) {
      ASSERT_EQ(by_place[s], 1) << "seed " << seed << " seeker " << s;
      ASSERT_EQ(by_trade[s], inst->seekers.accepts_remote()[s] ? 1 : 0)
          << "seed " << seed << " seeker " << s;
    }
    for (const internal::KdTree& tree : idx->trees) {
      if ((tree.cls & internal::kSeekerTradeTree) == 0) continue;
      const internal::KdNode& root = idx->nodes[tree.root];
      for (int32_t g = root.group_begin; g < root.group_end; ++g) {
        const internal::SeekerGroup& grp = idx->groups[g];
        for (int64_t i = grp.begin; i < grp.end; ++i) {
          ASSERT_EQ(internal::SeekerKey(inst->seekers, idx->rows[i]) >> 32,
                    internal::SeekerKey(inst->seekers, idx->rows[grp.begin]) >> 32)
              << "seed " << seed << " trade group " << g;
        }
      }
    }
  }
  EXPECT_GE(seeds_with_bands, 5) << "the band cut was not exercised";
}

// The box distance is a lower bound of the kernel's chord (Explain reports
// the kernel's float distance) for points inside the boxes, including
// points on the box faces and degenerate (point) boxes; at a pole, across
// the antimeridian and at random.
TEST(PruneKernelTest, BoxDistanceNeverExceedsTheKernelChord) {
  std::mt19937_64 rng(5);
  auto real = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  auto point = [](double lat, double lon) { return *LatLonToPoint(lat, lon); };
  int64_t checked = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const double lat0 = trial % 3 == 0 ? real(89.0, 90.0) : real(-90.0, 90.0);
    const double lon0 = trial % 3 == 1 ? (trial % 2 ? 179.99 : -179.99) : real(-180.0, 180.0);
    const double spread = trial % 4 == 0 ? 0.0 : real(0.0, 0.5);
    internal::Box a = internal::EmptyBox(), b = internal::EmptyBox();
    std::vector<Eigen::Vector3f> pa, pb;
    for (int i = 0; i < 4; ++i) {
      pa.push_back(point(std::clamp(lat0 + real(-spread, spread), -90.0, 90.0),
                         std::clamp(lon0 + real(-spread, spread), -180.0, 180.0)));
      pb.push_back(point(std::clamp(lat0 + real(-3 * spread, 3 * spread), -90.0, 90.0),
                         std::clamp(-lon0 + real(-spread, spread), -180.0, 180.0)));
      if (trial % 5 == 0) pb.back() = pa.back();  // the same point
    }
    for (const auto& p : pa) internal::ExtendBox(a, p.x(), p.y(), p.z());
    for (const auto& p : pb) internal::ExtendBox(b, p.x(), p.y(), p.z());
    const float lb = internal::BoxLowerBound(a, b);
    for (const auto& p : pa) {
      for (const auto& q : pb) {
        // The kernel's distance: seeker point minus vacancy point.
        const float dx = p.x() - q.x(), dy = p.y() - q.y(), dz = p.z() - q.z();
        const float d = std::sqrt(dx * dx + dy * dy + dz * dz);
        ASSERT_LE(lb, d) << "trial " << trial;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3000 * 16);
}

}  // namespace
}  // namespace jobmatch
