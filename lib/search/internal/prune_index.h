// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the indexes behind pruned top-k (docs/design.md, "Top-k",
// "Pruning"). The candidates of a search (vacancies when the rows are
// seekers, seekers when the rows are vacancies) are cut into small groups of
// entities that are close on the sphere and alike (same trade), each with a
// summary from which an upper bound on the score of any member is computed
// for a given row; the groups are the leaves' parts of k-d trees over the 3-D
// points, one tree per class (remote / on-site posts; seekers by remote
// acceptance and commute range), so that a search visits only the groups a
// row can reach under the commute rule.
//
// Every bound and every distance test here is conservative in float: it
// never drops a pair the scoring kernel would accept, and never under-states
// a score (the arguments are written next to each function).
#ifndef JOBMATCH_LIB_SEARCH_INTERNAL_PRUNE_INDEX_H_
#define JOBMATCH_LIB_SEARCH_INTERNAL_PRUNE_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/types/span.h"
#include "scoring/internal/score_kernel.h"
#include "scoring/internal/scorer_internal.h"

namespace jobmatch::internal {

// Sizes of the pruning structures. The defaults were chosen on the synthetic
// city (docs/benchmarks.md): smaller groups give tighter bounds but more of
// them to evaluate. Process-wide and read when an index is built or a search
// is planned; tests shrink them so that small inputs exercise every tree
// level. Not to be changed while a search or an index build runs.
struct PruneTuning {
  int64_t vacancy_leaf = 256;  // candidate vacancies per k-d leaf
  int64_t vacancy_group = 32;  // ... per group (bound unit, scored together)
  int64_t seeker_leaf = 1024;  // candidate seekers per k-d leaf
  int64_t seeker_group = 128;  // ... per group
  int64_t row_leaf = 1024;     // rows = seekers: result seekers per k-d leaf
  int64_t row_chunk = 128;     // ... per chunk (bounds computed together)
  int64_t slice = 512;         // rows = vacancies: result vacancies per task
  // Rows = vacancies: seeker groups never mix members whose largest
  // priority boost falls in different bands of this width (score units;
  // 0 = no bands). A group's bound takes the largest boost of any member and
  // the best of every other term of any member, so a group that mixes
  // boosted and unboosted seekers is bounded as if its best-fitting member
  // had the boost too.
  float seeker_boost_band = 0.1f;
  // Rows = seekers: member coverage (pruned_vacancies.cc) for a tree class
  // when the chunk's skills have at most this many requirements per seeker
  // and candidate group of the class; 0 = never.
  int64_t member_coverage_posts = 8;
  // Fewer candidates than this: the exhaustive scan is as fast (a few
  // microseconds per row) and the pruned search is not used.
  int64_t min_candidates = 4096;
};
PruneTuning& MutablePruneTuning();

// Axis-aligned box of float points (km).
struct Box {
  float lo[3];
  float hi[3];
};
Box EmptyBox();
void ExtendBox(Box& b, float x, float y, float z);
void MergeBox(Box& b, const Box& other);

// A lower bound of the scoring kernel's float chord distance between any
// point of `a` and any point of `b`, exact in float: per axis the gap
// fl(b.lo - a.hi) (or the mirror, or 0 when the ranges overlap) is <= |fl(p -
// q)| for all p, q in the ranges because rounding is monotone; squares, sum
// and root are taken in the kernel's order, each monotone too.
float BoxLowerBound(const Box& a, const Box& b);

// One node of a k-d tree; its groups are [group_begin, group_end).
struct KdNode {
  Box box;
  int32_t left = -1;  // children, -1 for a leaf
  int32_t right = -1;
  int64_t item_begin = 0;  // items of the subtree
  int64_t item_end = 0;
  int32_t group_begin = 0;
  int32_t group_end = 0;
  float reach = 0.0f;  // seeker trees: largest commute limit below this node
};

inline constexpr uint32_t kSeekerTradeTree = 1u << 31;

struct KdTree {
  int32_t root = -1;
  // Vacancy trees: 0 = on-site posts, 1 = remote posts by place, 2 = the same
  // remote posts by trade (one leaf). Seeker trees: bit 0 = accepts remote,
  // then the commute class; kSeekerTradeTree | 1 = the acceptors once more,
  // by trade (one leaf).
  uint32_t cls = 0;
};

// ---------------------------------------------------------------- vacancies

// Vacancies laid out column-wise for the transposed kernel (VacancyBlock),
// block after block; each block's requirements padded to its own max_req.
struct VacancyColumns {
  std::vector<float> px, py, pz, wage_max, min_education;
  std::vector<int32_t> schedule, kind, accessible, remote, industry, zero_req;
  std::vector<int32_t> req_span;  // per block, max_req entries
  std::vector<int32_t> req_skill;
  std::vector<float> req_level, req_nimp;
  std::vector<int32_t> mask_id;  // the vacancy's rule mask id (row of the boost table)
  void Clear();
};
struct ColumnsAt {
  int64_t at = 0, n = 0, req_at = 0, span_at = 0;
  int max_req = 0;
};
// Appends vacancies `rows` as one block, padded to a multiple of `pad` by
// repeating the last vacancy (whole vector iterations in the kernel; the
// padding's scores are to be ignored). Row r's span is the last position
// with an r-th requirement, rounded up to `pad`: short when `rows` come in
// decreasing number of requirements.
ColumnsAt AppendColumns(const CompiledScorer& cs, absl::Span<const int64_t> rows,
                        VacancyColumns& cols, int64_t pad = 1);
// The block's view; valid until `cols` changes.
VacancyBlock BlockOf(const VacancyColumns& cols, const ColumnsAt& at);

struct VacancyGroup {
  Box box;
  int64_t begin = 0, end = 0;  // into VacancyIndex::rows (and its columns)
  int64_t min_row = 0;
  VacancyGroupBound bound{};  // points into the index (and the scorer's boost table)
  ColumnsAt columns;          // the members in VacancyIndex::columns (padded)
  VacancyBlock block{};       // the same, as the kernel's view
  int64_t packed_at = 0;      // members' embeddings as DotTile panels (when in use)
};

// Candidate vacancies for rows = seekers.
struct VacancyIndex {
  std::vector<int64_t> rows;  // vacancy rows, group after group
  std::vector<VacancyGroup> groups;
  std::vector<KdNode> nodes;
  std::vector<KdTree> trees;
  // Storage the groups' bounds point into.
  std::vector<int32_t> union_skill;
  std::vector<float> union_nimp, union_level;
  std::vector<uint64_t> industry_bits;
  std::vector<const float*> boost_rows;
  VacancyColumns columns;     // the rows, in group order
  std::vector<float> packed;  // per group, PackPanels of its members' embeddings
  // Positions of each tree class in rows: class c at [class_begin[c],
  // class_begin[c + 1]) (KdTree::cls).
  int64_t class_begin[4] = {0, 0, 0, 0};
  // Requirements by skill, for coverage per post (pruned_vacancies.cc,
  // MemberCoverage). List l = 3 s + c holds the requirements of skill s by
  // the posts of tree class c: entries [b, e) = [post_off[l], post_off[l +
  // 1]), in position order. Entry i: post_col[i], the post's column in
  // `columns`; post_term[8 b + (level - 1) (e - b) + (i - b)], the kernel's
  // coverage term (normalised importance times credit, the same float
  // operations) for a seeker at that level (1..8); post_group[i], the
  // index of the post's group in `groups`. Empty when the columns do not
  // fit 32 bits.
  std::vector<int64_t> post_off;
  std::vector<int32_t> post_col;
  std::vector<float> post_term;
  std::vector<int32_t> post_group;
};

// O(V log V + total requirements). The scorer must outlive the index.
std::shared_ptr<const VacancyIndex> BuildVacancyIndex(const CompiledScorer& cs);

// ---------------------------------------------------------------- seekers

struct SeekerGroup {
  Box box;
  int64_t begin = 0, end = 0;  // into SeekerIndex::rows
  int64_t min_row = 0;
  float reach = 0.0f;  // largest commute limit
  float reservation_min = 0.0f;
  float education_max = 0.0f;
  float sched_fit_max[3] = {0, 0, 0};  // best fit to a vacancy schedule 0..2
  float neutral_max = -1.0f;           // neutral preference, -1 when every seeker has preferences
  uint32_t elig_or = 0;                // union of the eligibility bits
  int32_t profile_begin = 0, profile_end = 0;  // distinct priority profiles (SeekerIndex::profiles)
  int32_t skill_begin = 0, skill_end = 0;      // sparse largest levels
};

// The kernel's per-seeker inputs, in SeekerIndex::rows order, so that a
// group is laid out for the kernel without touching the tables.
struct SeekerColumns {
  std::vector<float> px, py, pz, commute_km, reservation, education, pref_neutral;
  std::vector<float> sched_fit[3];
  std::vector<uint32_t> elig;
  std::vector<int32_t> profile;
  std::vector<int64_t> skill_off;  // skills of position i: [skill_off[i], skill_off[i + 1])
  std::vector<int32_t> skill_id;
  std::vector<uint8_t> skill_level;
  std::vector<uint64_t> pref_bits;  // per group g: [word][member] at pref_at[g]
  std::vector<int64_t> pref_at;
};

// Candidate seekers for rows = vacancies.
struct SeekerIndex {
  std::vector<int64_t> rows;
  std::vector<SeekerGroup> groups;
  std::vector<KdNode> nodes;
  std::vector<KdTree> trees;
  std::vector<int32_t> skill;  // per group: skills held, with the largest level
  std::vector<uint8_t> level;
  std::vector<int32_t> profiles;    // per group: the members' distinct priority profiles
  std::vector<uint64_t> pref_bits;  // groups x pref_words: preferred industries (seekers with any)
  SeekerColumns columns;
};

// GroupChunk scores whole vectors of this many lanes (SeekerChunk::lanes).
inline constexpr int64_t kLanePad = 8;

// A seeker group laid out as a kernel chunk: views into SeekerColumns, plus
// the dense skill levels written here (and cleared again by the next Lay).
class GroupChunk {
 public:
  const SeekerChunk& Lay(const CompiledScorer& cs, const SeekerIndex& index, int64_t group);
  // Packed embedding panels of the last group laid (cs.use_embeddings).
  const float* packed() const { return packed_.data(); }

 private:
  void Clear();
  SeekerChunk chunk_{};
  std::vector<uint8_t> levels_;  // [skill][n], then kLanePad bytes of slack
  const SeekerIndex* index_ = nullptr;
  int64_t group_ = -1;
  std::vector<float> emb_, packed_;
};

std::shared_ptr<const SeekerIndex> BuildSeekerIndex(const CompiledScorer& cs);

// The most favourable values of seeker group `group` as a ColumnSeeker, so
// that the transposed kernel gives, for each vacancy, an upper bound of the
// score of every member (given boosts from GroupBoost). `levels` must hold
// the group's largest levels, dense (ExpandLevels), and outlive the result.
ColumnSeeker GroupAsSeeker(const CompiledScorer& cs, const SeekerIndex& index, int64_t group,
                           const uint8_t* levels);
// The largest boost of a member of group g with vacancy mask `mask_id`:
// the largest boost table entry over the group's distinct profiles (0 when
// none is positive), so >= the boost of every member, and as tight as a
// per-group value can be.
float GroupBoost(const CompiledScorer& cs, const SeekerIndex& index, const SeekerGroup& g,
                 int32_t mask_id);
// Writes group g's largest levels into `dense` (zero elsewhere) / clears them.
void ExpandLevels(const SeekerIndex& index, const SeekerGroup& g, uint8_t* dense);
void ClearLevels(const SeekerIndex& index, const SeekerGroup& g, uint8_t* dense);

// ---------------------------------------------------------------- shared

// Similarity keys: entities with equal keys tend to score alike (same trade).
uint64_t SeekerKey(const SeekerTable& t, int64_t s);
uint64_t VacancyKey(const VacancyTable& t, int64_t v);
// The second and third most important requirements (same order as
// VacancyKey's), to order the posts of one trade.
uint64_t VacancyNextSkills(const VacancyTable& t, int64_t v);

// Reorders items[begin, end) into the leaves of a k-d tree (median split of
// the widest axis, ties by item) with at most `leaf` items each; appends the
// nodes (boxes of the points, item ranges) and returns the root. Leaves come
// in item order. `point_at(item)` returns the item's 3 float coordinates.
// O(n log(n / leaf)).
template <typename PointAt>
int32_t BuildKdTree(std::vector<int64_t>& items, int64_t begin, int64_t end, int64_t leaf,
                    const PointAt& point_at, std::vector<KdNode>& nodes) {
  const int32_t id = static_cast<int32_t>(nodes.size());
  nodes.emplace_back();
  Box box = EmptyBox();
  for (int64_t i = begin; i < end; ++i) {
    const float* p = point_at(items[i]);
    ExtendBox(box, p[0], p[1], p[2]);
  }
  nodes[id].box = box;
  nodes[id].item_begin = begin;
  nodes[id].item_end = end;
  if (end - begin <= leaf) return id;
  int axis = 0;
  for (int c = 1; c < 3; ++c) {
    if (box.hi[c] - box.lo[c] > box.hi[axis] - box.lo[axis]) axis = c;
  }
  const int64_t mid = begin + (end - begin) / 2;
  std::nth_element(items.begin() + begin, items.begin() + mid, items.begin() + end,
                   [&](int64_t a, int64_t b) {
                     const float pa = point_at(a)[axis], pb = point_at(b)[axis];
                     return pa < pb || (pa == pb && a < b);
                   });
  const int32_t left = BuildKdTree(items, begin, mid, leaf, point_at, nodes);
  const int32_t right = BuildKdTree(items, mid, end, leaf, point_at, nodes);
  nodes[id].left = left;
  nodes[id].right = right;
  return id;
}

// Cuts positions [begin, end) of a leaf sorted by (class, key) into groups
// of at most `size`, calling emit(group_begin, group_end); a group ends
// wherever class_at(position) changes, and also early, once at least half
// full, where the high half of key_at(position) (the trade) changes.
template <typename ClassAt, typename KeyAt, typename Emit>
void CutClassGroups(int64_t begin, int64_t end, int64_t size, const ClassAt& class_at,
                    const KeyAt& key_at, const Emit& emit) {
  int64_t g = begin;
  for (int64_t i = begin + 1; i <= end; ++i) {
    const bool full = i - g >= size;
    const bool class_change = i < end && class_at(i) != class_at(g);
    const bool trade_change =
        i < end && i - g >= size / 2 && (key_at(i) >> 32) != (key_at(g) >> 32);
    if (i == end || full || class_change || trade_change) {
      emit(g, i);
      g = i;
    }
  }
}

// CutClassGroups for a leaf of one class.
template <typename KeyAt, typename Emit>
void CutGroups(int64_t begin, int64_t end, int64_t size, const KeyAt& key_at, const Emit& emit) {
  CutClassGroups(
      begin, end, size, [](int64_t) { return 0; }, key_at, emit);
}

// Cuts positions [begin, end) of a leaf sorted by trade into groups of at
// most `size` that never mix trades: a group also ends wherever
// trade_at(position) changes. For the trade-ordered copies of the remote
// posts and of the seekers who accept remote work.
template <typename TradeAt, typename Emit>
void CutTradeGroups(int64_t begin, int64_t end, int64_t size, const TradeAt& trade_at,
                    const Emit& emit) {
  int64_t g = begin;
  for (int64_t i = begin + 1; i <= end; ++i) {
    if (i == end || i - g >= size || trade_at(i) != trade_at(g)) {
      emit(g, i);
      g = i;
    }
  }
}

// Group ranges of the k-d nodes from the groups' first items (groups in
// item order).
template <typename Group>
void AssignNodeGroups(std::vector<KdNode>& nodes, const std::vector<Group>& groups) {
  std::vector<int64_t> first(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) first[i] = groups[i].begin;
  for (KdNode& n : nodes) {
    n.group_begin = static_cast<int32_t>(
        std::lower_bound(first.begin(), first.end(), n.item_begin) - first.begin());
    n.group_end = static_cast<int32_t>(std::lower_bound(first.begin(), first.end(), n.item_end) -
                                       first.begin());
  }
}

// Commute class of a seeker limit: ceil(log2(km)), clamped to [0, 40].
int CommuteClass(float km);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SEARCH_INTERNAL_PRUNE_INDEX_H_
