// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "search/internal/prune_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace jobmatch::internal {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
// Group blocks are padded to whole AVX2 vectors of floats.
constexpr int64_t kColumnPad = 8;

// The smallest float >= x.
float RoundUp(double x) {
  float f = static_cast<float>(x);
  if (static_cast<double>(f) < x) f = std::nextafter(f, kInf);
  return f;
}

const float* VacancyPoint(const VacancyTable& t, int64_t v) { return t.points().data() + v * 3; }
const float* SeekerPoint(const SeekerTable& t, int64_t s) { return t.points().data() + s * 3; }

// Cuts the sorted items[begin, end) of one leaf into groups of at most
// `size`; a group also ends early, once at least half full, where the
// high half of the key (the trade) changes.
template <typename KeyOf, typename Emit>
void CutGroups(const std::vector<int64_t>& items, int64_t begin, int64_t end, int64_t size,
               const KeyOf& key_of, const Emit& emit) {
  int64_t g = begin;
  for (int64_t i = begin + 1; i <= end; ++i) {
    const bool full = i - g >= size;
    const bool trade_change =
        i < end && i - g >= size / 2 && (key_of(items[i]) >> 32) != (key_of(items[g]) >> 32);
    if (i == end || full || trade_change) {
      emit(g, i);
      g = i;
    }
  }
}

// Group ranges of the nodes from the groups' first items.
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

}  // namespace

PruneTuning& MutablePruneTuning() {
  static PruneTuning tuning;
  return tuning;
}

Box EmptyBox() { return Box{{kInf, kInf, kInf}, {-kInf, -kInf, -kInf}}; }

void ExtendBox(Box& b, float x, float y, float z) {
  const float p[3] = {x, y, z};
  for (int c = 0; c < 3; ++c) {
    b.lo[c] = std::min(b.lo[c], p[c]);
    b.hi[c] = std::max(b.hi[c], p[c]);
  }
}

void MergeBox(Box& b, const Box& o) {
  for (int c = 0; c < 3; ++c) {
    b.lo[c] = std::min(b.lo[c], o.lo[c]);
    b.hi[c] = std::max(b.hi[c], o.hi[c]);
  }
}

float BoxLowerBound(const Box& a, const Box& b) {
  float g[3];
  for (int c = 0; c < 3; ++c) {
    const float u = b.lo[c] - a.hi[c];
    const float w = a.lo[c] - b.hi[c];
    g[c] = std::max(0.0f, std::max(u, w));
  }
  // The kernel's order: (dx*dx + dy*dy) + dz*dz, then a correctly rounded root.
  return std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
}

int CommuteClass(float km) {
  if (!(km > 1.0f)) return 0;
  const int e = static_cast<int>(std::ceil(std::log2(static_cast<double>(km))));
  return std::clamp(e, 0, 40);
}

uint64_t SeekerKey(const SeekerTable& t, int64_t s) {
  // The two highest-level skills (ties: lower id) name the seeker's trade.
  int32_t a = -1, b = -1;
  int la = 0, lb = 0;
  for (const SkillLevel& sl : t.skills().row(s)) {
    const int l = sl.level;
    if (l > la || (l == la && sl.skill < a)) {
      b = a;
      lb = la;
      a = sl.skill;
      la = l;
    } else if (l > lb || (l == lb && sl.skill < b)) {
      b = sl.skill;
      lb = l;
    }
  }
  return (static_cast<uint64_t>(static_cast<uint32_t>(a + 1)) << 32) | static_cast<uint32_t>(b + 1);
}

uint64_t VacancyKey(const VacancyTable& t, int64_t v) {
  // Industry, then the most important requirement (ties: lower id).
  int32_t a = -1;
  float ia = -1.0f;
  for (const Requirement& r : t.requirements().row(v)) {
    if (r.importance > ia || (r.importance == ia && r.skill < a)) {
      a = r.skill;
      ia = r.importance;
    }
  }
  return (static_cast<uint64_t>(static_cast<uint32_t>(t.industry()[v])) << 32) |
         static_cast<uint32_t>(a + 1);
}

// ---------------------------------------------------------------- columns

void VacancyColumns::Clear() {
  for (auto* v : {&px, &py, &pz, &wage_max, &min_education, &req_level, &req_nimp}) v->clear();
  for (auto* v :
       {&schedule, &kind, &accessible, &remote, &industry, &zero_req, &req_span, &req_skill}) {
    v->clear();
  }
  mask_id.clear();
}

ColumnsAt AppendColumns(const CompiledScorer& cs, absl::Span<const int64_t> rows,
                        VacancyColumns& cols, int64_t pad) {
  const VacancyTable& t = *cs.vacancies;
  ColumnsAt at;
  at.at = static_cast<int64_t>(cols.px.size());
  const int64_t real = static_cast<int64_t>(rows.size());
  at.n = real == 0 ? 0 : (real + pad - 1) / pad * pad;
  at.req_at = static_cast<int64_t>(cols.req_skill.size());
  for (int64_t i = 0; i < at.n; ++i) {
    const int64_t v = rows[std::min(i, real - 1)];
    const int64_t nr = t.requirements().offsets[v + 1] - t.requirements().offsets[v];
    at.max_req = std::max(at.max_req, static_cast<int>(nr));
    cols.px.push_back(t.points()(v, 0));
    cols.py.push_back(t.points()(v, 1));
    cols.pz.push_back(t.points()(v, 2));
    cols.wage_max.push_back(t.wage_max()[v]);
    cols.min_education.push_back(static_cast<float>(t.min_education()[v]));
    cols.schedule.push_back(t.schedule()[v]);
    cols.kind.push_back(t.kind()[v]);
    cols.accessible.push_back(t.accessible()[v]);
    cols.remote.push_back(t.remote()[v]);
    cols.industry.push_back(t.industry()[v]);
    cols.zero_req.push_back(nr == 0 ? 1 : 0);
    cols.mask_id.push_back(cs.vac_mask_id[v]);
  }
  at.span_at = static_cast<int64_t>(cols.req_span.size());
  cols.req_span.resize(static_cast<size_t>(at.span_at + at.max_req), 0);
  for (int64_t i = 0; i < real; ++i) {
    const int64_t nr = t.requirements().offsets[rows[i] + 1] - t.requirements().offsets[rows[i]];
    for (int64_t r = 0; r < nr; ++r) {
      int32_t& span = cols.req_span[static_cast<size_t>(at.span_at + r)];
      span = static_cast<int32_t>(std::max<int64_t>(span, std::min(at.n, (i + pad) / pad * pad)));
    }
  }
  // The padding repeats the last vacancy; its entries must lie in the span.
  if (real > 0) {
    const int64_t nr =
        t.requirements().offsets[rows[real - 1] + 1] - t.requirements().offsets[rows[real - 1]];
    for (int64_t r = 0; r < nr; ++r) cols.req_span[static_cast<size_t>(at.span_at + r)] = at.n;
  }
  const size_t req_size = static_cast<size_t>(at.req_at + int64_t{at.max_req} * at.n);
  // Padding: skill 0, level 1, importance 0 (adds an exact +0).
  cols.req_skill.resize(req_size, 0);
  cols.req_level.resize(req_size, 1.0f);
  cols.req_nimp.resize(req_size, 0.0f);
  for (int64_t i = 0; i < at.n; ++i) {
    const int64_t v = rows[std::min(i, real - 1)];
    const int64_t b = t.requirements().offsets[v];
    const int64_t e = t.requirements().offsets[v + 1];
    for (int64_t r = b; r < e; ++r) {
      const size_t to = static_cast<size_t>(at.req_at + (r - b) * at.n + i);
      cols.req_skill[to] = cs.req_skill[r];
      cols.req_level[to] = cs.req_level[r];
      cols.req_nimp[to] = cs.req_nimp[r];
    }
  }
  return at;
}

VacancyBlock BlockOf(const VacancyColumns& c, const ColumnsAt& at) {
  VacancyBlock b{};
  b.n = at.n;
  b.px = c.px.data() + at.at;
  b.py = c.py.data() + at.at;
  b.pz = c.pz.data() + at.at;
  b.wage_max = c.wage_max.data() + at.at;
  b.min_education = c.min_education.data() + at.at;
  b.schedule = c.schedule.data() + at.at;
  b.kind = c.kind.data() + at.at;
  b.accessible = c.accessible.data() + at.at;
  b.remote = c.remote.data() + at.at;
  b.industry = c.industry.data() + at.at;
  b.zero_req = c.zero_req.data() + at.at;
  b.max_req = at.max_req;
  b.req_span = c.req_span.data() + at.span_at;
  b.req_skill = c.req_skill.data() + at.req_at;
  b.req_level = c.req_level.data() + at.req_at;
  b.req_nimp = c.req_nimp.data() + at.req_at;
  return b;
}

// ---------------------------------------------------------------- vacancies

namespace {

// Builds a VacancyIndex in steps (BuildVacancyIndex). The groups' bounds and
// the remote hierarchy's bounds point into storage that grows while they are
// summarised, so they are kept as offsets until Finish.
class VacancyIndexBuilder {
 public:
  explicit VacancyIndexBuilder(const CompiledScorer& cs)
      : cs_(cs),
        t_(*cs.vacancies),
        tuning_(MutablePruneTuning()),
        idx_(std::make_shared<VacancyIndex>()),
        slot_(static_cast<size_t>(std::max(1, cs.params.num_skills)), -1) {}

  std::shared_ptr<const VacancyIndex> Build() {
    BuildTrees();
    CutSpatialGroups();
    CutRemoteGroups();
    if (idx_->remote_group_begin < static_cast<int32_t>(idx_->groups.size())) {
      BuildRemoteNode(idx_->remote_group_begin, static_cast<int32_t>(idx_->groups.size()));
    }
    ResolveBounds();
    LayColumns();
    PackEmbeddings();
    AssignNodeGroups(idx_->nodes, idx_->groups);
    return idx_;
  }

 private:
  struct Offsets {
    int64_t union_begin, industry_begin, boost_begin;
  };
  struct Summary {
    Box box;
    int64_t min_row;
    VacancyGroupBound bound;
    Offsets at;
  };

  // Class 0: on-site posts; class 1: remote posts (reachable from anywhere
  // by seekers who accept remote work), each a k-d tree over the points.
  void BuildTrees() {
    const int64_t nv = t_.size();
    auto point_at = [this](int64_t v) { return VacancyPoint(t_, v); };
    idx_->rows.reserve(static_cast<size_t>(nv));
    for (int cls = 0; cls < 2; ++cls) {
      const int64_t begin = static_cast<int64_t>(idx_->rows.size());
      for (int64_t v = 0; v < nv; ++v) {
        if ((t_.remote()[v] != 0) == (cls == 1)) idx_->rows.push_back(v);
      }
      const int64_t end = static_cast<int64_t>(idx_->rows.size());
      if (end == begin) continue;
      const int32_t root =
          BuildKdTree(idx_->rows, begin, end, tuning_.vacancy_leaf, point_at, idx_->nodes);
      idx_->trees.push_back({root, static_cast<uint32_t>(cls)});
    }
  }

  // Each k-d leaf sorted by key (trade) and cut into groups.
  void CutSpatialGroups() {
    auto key = [this](int64_t v) { return VacancyKey(t_, v); };
    for (const KdNode& node : idx_->nodes) {
      if (node.left >= 0) continue;
      SortByKey(node.item_begin, node.item_end);
      CutGroups(idx_->rows, node.item_begin, node.item_end, tuning_.vacancy_group, key,
                [this](int64_t b, int64_t e) { EmitGroup(b, e); });
    }
  }

  // The remote posts once more, all of them sorted by key and cut into
  // groups: the units of the remote hierarchy (prune_index.h, BoundNode).
  void CutRemoteGroups() {
    idx_->remote_group_begin = static_cast<int32_t>(idx_->groups.size());
    const int64_t begin = static_cast<int64_t>(idx_->rows.size());
    for (int64_t v = 0; v < t_.size(); ++v) {
      if (t_.remote()[v] != 0) idx_->rows.push_back(v);
    }
    const int64_t end = static_cast<int64_t>(idx_->rows.size());
    SortByKey(begin, end);
    auto key = [this](int64_t v) { return VacancyKey(t_, v); };
    if (end > begin) {
      CutGroups(idx_->rows, begin, end, tuning_.vacancy_group, key,
                [this](int64_t b, int64_t e) { EmitGroup(b, e); });
    }
  }

  // Node over remote groups [g0, g1): a leaf for one group, otherwise the
  // summary of all their posts over two halves. Returns the node's id.
  int32_t BuildRemoteNode(int32_t g0, int32_t g1) {
    const int32_t id = static_cast<int32_t>(idx_->remote_nodes.size());
    idx_->remote_nodes.emplace_back();
    node_at_.emplace_back();
    if (g1 - g0 == 1) {
      idx_->remote_nodes[id].group = g0;
      idx_->remote_nodes[id].min_row = idx_->groups[g0].min_row;
      node_at_[id] = group_at_[g0];
      return id;
    }
    const Summary s = Summarise(idx_->groups[g0].begin, idx_->groups[g1 - 1].end);
    const int32_t mid = g0 + (g1 - g0) / 2;
    const int32_t left = BuildRemoteNode(g0, mid);
    const int32_t right = BuildRemoteNode(mid, g1);
    BoundNode& n = idx_->remote_nodes[id];
    n.bound = s.bound;
    n.min_row = s.min_row;
    n.left = left;
    n.right = right;
    node_at_[id] = s.at;
    return id;
  }

  void SortByKey(int64_t begin, int64_t end) {
    keyed_.clear();
    for (int64_t i = begin; i < end; ++i) {
      keyed_.emplace_back(VacancyKey(t_, idx_->rows[i]), idx_->rows[i]);
    }
    std::sort(keyed_.begin(), keyed_.end());
    for (size_t i = 0; i < keyed_.size(); ++i) idx_->rows[begin + i] = keyed_[i].second;
  }

  void EmitGroup(int64_t b, int64_t e) {
    const Summary s = Summarise(b, e);
    VacancyGroup g;
    g.box = s.box;
    g.begin = b;
    g.end = e;
    g.min_row = s.min_row;
    g.bound = s.bound;
    group_at_.push_back(s.at);
    idx_->groups.push_back(g);
  }

  // The bound summary of the posts rows[b, e) (VacancyGroupBound), its
  // variable-length parts appended to the index's storage.
  Summary Summarise(int64_t b, int64_t e) {
    const int words = cs_.params.pref_words;
    Summary s;
    s.box = EmptyBox();
    s.min_row = std::numeric_limits<int64_t>::max();
    s.at = {static_cast<int64_t>(idx_->union_skill.size()),
            static_cast<int64_t>(idx_->industry_bits.size()),
            static_cast<int64_t>(idx_->boost_rows.size())};
    VacancyGroupBound& gb = s.bound;
    gb = VacancyGroupBound{};
    gb.min_education = kInf;
    idx_->industry_bits.resize(idx_->industry_bits.size() + static_cast<size_t>(words), 0);
    int max_req = 0;
    masks_.clear();
    for (int64_t i = b; i < e; ++i) {
      const int64_t v = idx_->rows[i];
      const float* p = VacancyPoint(t_, v);
      ExtendBox(s.box, p[0], p[1], p[2]);
      s.min_row = std::min(s.min_row, v);
      max_req = std::max(max_req, AddRequirements(v, gb));
      gb.any_remote |= t_.remote()[v] ? 1 : 0;
      gb.any_accessible |= t_.accessible()[v] ? 1 : 0;
      gb.kind_bits |= 1u << t_.kind()[v];
      gb.sched_bits |= 1u << t_.schedule()[v];
      gb.wage_max = std::max(gb.wage_max, t_.wage_max()[v]);
      gb.min_education = std::min(gb.min_education, static_cast<float>(t_.min_education()[v]));
      const int32_t industry = t_.industry()[v];
      idx_->industry_bits[s.at.industry_begin + industry / 64] |= uint64_t{1} << (industry % 64);
      const int32_t mask = cs_.vac_mask_id[v];
      if (std::find(masks_.begin(), masks_.end(), mask) == masks_.end()) masks_.push_back(mask);
    }
    gb.num_union =
        static_cast<int>(static_cast<int64_t>(idx_->union_skill.size()) - s.at.union_begin);
    for (int64_t u = s.at.union_begin; u < static_cast<int64_t>(idx_->union_skill.size()); ++u) {
      slot_[idx_->union_skill[u]] = -1;
    }
    // See bound_kernel_impl.inc: covers the summation order, generously.
    gb.cov_slack = RoundUp(1.0 + static_cast<double>(max_req + gb.num_union + 4) * 0x1p-23);
    std::sort(masks_.begin(), masks_.end());
    const int64_t np = static_cast<int64_t>(cs_.profile_masks.size());
    for (int32_t m : masks_) idx_->boost_rows.push_back(cs_.boost_table.data() + int64_t{m} * np);
    gb.num_boost_rows = static_cast<int>(masks_.size());
    for (int c = 0; c < 3; ++c) {
      gb.lo[c] = s.box.lo[c];
      gb.hi[c] = s.box.hi[c];
    }
    return s;
  }

  // Adds post v's requirements to the union being summarised (largest
  // importance, smallest level per skill) and its coverage with full credit
  // to the cap; returns its number of requirements.
  int AddRequirements(int64_t v, VacancyGroupBound& gb) {
    const int64_t rb = t_.requirements().offsets[v];
    const int64_t re = t_.requirements().offsets[v + 1];
    if (re == rb) {
      gb.zero_req = 1;
    } else {
      // The kernel's coverage with full credit: its sum of the importances.
      float full = 0.0f;
      for (int64_t r = rb; r < re; ++r) full = full + cs_.req_nimp[r] * 1.0f;
      gb.cov_cap = std::max(gb.cov_cap, full);
    }
    for (int64_t r = rb; r < re; ++r) {
      const int32_t sk = cs_.req_skill[r];
      int32_t& u = slot_[sk];
      if (u < 0) {
        u = static_cast<int32_t>(idx_->union_skill.size());
        idx_->union_skill.push_back(sk);
        idx_->union_nimp.push_back(cs_.req_nimp[r]);
        idx_->union_level.push_back(cs_.req_level[r]);
      } else {
        idx_->union_nimp[u] = std::max(idx_->union_nimp[u], cs_.req_nimp[r]);
        idx_->union_level[u] = std::min(idx_->union_level[u], cs_.req_level[r]);
      }
    }
    return static_cast<int>(re - rb);
  }

  // The storage has stopped growing: offsets become pointers.
  void ResolveBounds() {
    auto resolve = [this](VacancyGroupBound& gb, const Offsets& o) {
      gb.union_skill = idx_->union_skill.data() + o.union_begin;
      gb.union_nimp = idx_->union_nimp.data() + o.union_begin;
      gb.union_level = idx_->union_level.data() + o.union_begin;
      gb.industry_bits = idx_->industry_bits.data() + o.industry_begin;
      gb.boost_rows = idx_->boost_rows.data() + o.boost_begin;
    };
    for (size_t gi = 0; gi < idx_->groups.size(); ++gi)
      resolve(idx_->groups[gi].bound, group_at_[gi]);
    for (size_t ni = 0; ni < idx_->remote_nodes.size(); ++ni) {
      BoundNode& n = idx_->remote_nodes[ni];
      if (n.group >= 0) {
        n.bound = idx_->groups[n.group].bound;
      } else {
        resolve(n.bound, node_at_[ni]);
      }
    }
  }

  // Column layout, group by group, in the order of rows; members by
  // decreasing number of requirements (then row), for short spans.
  void LayColumns() {
    auto nreq = [this](int64_t v) {
      return t_.requirements().offsets[v + 1] - t_.requirements().offsets[v];
    };
    std::vector<ColumnsAt> at(idx_->groups.size());
    for (size_t gi = 0; gi < idx_->groups.size(); ++gi) {
      const VacancyGroup& g = idx_->groups[gi];
      std::sort(
          idx_->rows.begin() + g.begin, idx_->rows.begin() + g.end,
          [&](int64_t a, int64_t b) { return nreq(a) > nreq(b) || (nreq(a) == nreq(b) && a < b); });
      at[gi] = AppendColumns(
          cs_,
          absl::MakeConstSpan(idx_->rows.data() + g.begin, static_cast<size_t>(g.end - g.begin)),
          idx_->columns, kColumnPad);
    }
    for (size_t gi = 0; gi < idx_->groups.size(); ++gi) {
      idx_->groups[gi].columns = at[gi];
      idx_->groups[gi].block = BlockOf(idx_->columns, at[gi]);
    }
  }

  // Embeddings as DotTile panels: one seeker against a group is then one
  // tile call, each inner product accumulated like Dot() (bit-identical).
  void PackEmbeddings() {
    if (!cs_.use_embeddings) return;
    const int d = cs_.params.embedding_dim;
    std::vector<float> rows_emb;
    for (VacancyGroup& g : idx_->groups) {
      const int64_t n = g.end - g.begin;
      rows_emb.resize(static_cast<size_t>(n) * d);
      for (int64_t i = 0; i < n; ++i) {
        const float* src = t_.embeddings().row(idx_->rows[g.begin + i]).data();
        std::copy(src, src + d, rows_emb.data() + i * d);
      }
      g.packed_at = static_cast<int64_t>(idx_->packed.size());
      idx_->packed.resize(idx_->packed.size() + static_cast<size_t>(PackedSize(n, d)));
      PackPanels(rows_emb.data(), d, n, d, idx_->packed.data() + g.packed_at);
    }
  }

  const CompiledScorer& cs_;
  const VacancyTable& t_;
  const PruneTuning tuning_;
  std::shared_ptr<VacancyIndex> idx_;
  std::vector<Offsets> group_at_, node_at_;
  std::vector<int32_t> slot_;  // per skill: its place in the union being built, -1
  std::vector<int32_t> masks_;
  std::vector<std::pair<uint64_t, int64_t>> keyed_;
};

}  // namespace

std::shared_ptr<const VacancyIndex> BuildVacancyIndex(const CompiledScorer& cs) {
  return VacancyIndexBuilder(cs).Build();
}

// ---------------------------------------------------------------- seekers

std::shared_ptr<const SeekerIndex> BuildSeekerIndex(const CompiledScorer& cs) {
  const PruneTuning tuning = MutablePruneTuning();
  auto idx = std::make_shared<SeekerIndex>();
  const SeekerTable& t = *cs.seekers;
  const int64_t ns = t.size();
  const int words = cs.params.pref_words;
  auto point_at = [&t](int64_t s) { return SeekerPoint(t, s); };

  // One tree per class: remote acceptance (bit 0) and commute range, so that
  // a tree's reach is not set by a few long-commute seekers.
  auto cls_of = [&cs](int64_t s) {
    return static_cast<uint32_t>(((cs.elig[s] & kEligAcceptsRemote) != 0 ? 1 : 0) |
                                 (CommuteClass(cs.commute_km[s]) << 1));
  };
  std::vector<std::pair<uint32_t, int64_t>> by_class(static_cast<size_t>(ns));
  for (int64_t s = 0; s < ns; ++s) by_class[s] = {cls_of(s), s};
  std::sort(by_class.begin(), by_class.end());
  idx->rows.resize(static_cast<size_t>(ns));
  for (int64_t i = 0; i < ns; ++i) idx->rows[i] = by_class[i].second;
  for (int64_t b = 0; b < ns;) {
    int64_t e = b;
    while (e < ns && by_class[e].first == by_class[b].first) ++e;
    const int32_t root = BuildKdTree(idx->rows, b, e, tuning.seeker_leaf, point_at, idx->nodes);
    idx->trees.push_back({root, by_class[b].first});
    b = e;
  }
  by_class.clear();
  by_class.shrink_to_fit();

  std::vector<uint8_t> best(static_cast<size_t>(std::max(1, cs.params.num_skills)), 0);
  std::vector<int32_t> touched;
  const Policy& policy = cs.policy;
  auto emit = [&](int64_t b, int64_t e) {
    SeekerGroup g;
    g.box = EmptyBox();
    g.begin = b;
    g.end = e;
    g.min_row = std::numeric_limits<int64_t>::max();
    g.reach = 0.0f;
    g.reservation_min = kInf;
    g.education_max = 0.0f;
    g.neutral_max = -1.0f;
    const size_t pref_at = idx->pref_bits.size();
    idx->pref_bits.resize(pref_at + static_cast<size_t>(words), 0);
    touched.clear();
    for (int64_t i = b; i < e; ++i) {
      const int64_t s = idx->rows[i];
      const float* p = SeekerPoint(t, s);
      ExtendBox(g.box, p[0], p[1], p[2]);
      g.min_row = std::min(g.min_row, s);
      g.reach = std::max(g.reach, cs.commute_km[s]);
      g.reservation_min = std::min(g.reservation_min, t.reservation_wage()[s]);
      g.education_max = std::max(g.education_max, static_cast<float>(t.education()[s]));
      const int sched = t.schedule()[s];
      for (int vs = 0; vs < kNumVacancySchedules; ++vs) {
        g.sched_fit_max[vs] = std::max(g.sched_fit_max[vs], policy.schedule_fit[sched][vs]);
      }
      g.neutral_max = std::max(g.neutral_max, cs.pref_neutral[s]);
      g.elig_or |= cs.elig[s];
      g.profile_union |= cs.profile_masks[cs.profile[s]];
      if (cs.pref_neutral[s] < 0.0f) {
        for (int32_t ind : t.preferred_industries().row(s)) {
          idx->pref_bits[pref_at + ind / 64] |= uint64_t{1} << (ind % 64);
        }
      }
      for (const SkillLevel& sl : t.skills().row(s)) {
        uint8_t& cur = best[sl.skill];
        if (cur == 0) touched.push_back(sl.skill);
        cur = std::max(cur, static_cast<uint8_t>(sl.level));
      }
    }
    std::sort(touched.begin(), touched.end());
    g.skill_begin = static_cast<int32_t>(idx->skill.size());
    for (int32_t sk : touched) {
      idx->skill.push_back(sk);
      idx->level.push_back(best[sk]);
      best[sk] = 0;
    }
    g.skill_end = static_cast<int32_t>(idx->skill.size());
    idx->groups.push_back(g);
  };
  for (const KdNode& node : idx->nodes) {
    if (node.left >= 0) continue;
    auto key = [&t](int64_t s) { return SeekerKey(t, s); };
    std::vector<std::pair<uint64_t, int64_t>> keyed;
    keyed.reserve(static_cast<size_t>(node.item_end - node.item_begin));
    for (int64_t i = node.item_begin; i < node.item_end; ++i) {
      keyed.emplace_back(key(idx->rows[i]), idx->rows[i]);
    }
    std::sort(keyed.begin(), keyed.end());
    for (size_t i = 0; i < keyed.size(); ++i) idx->rows[node.item_begin + i] = keyed[i].second;
    CutGroups(idx->rows, node.item_begin, node.item_end, tuning.seeker_group, key, emit);
  }
  // The members' kernel inputs, column-wise in rows order.
  SeekerColumns& col = idx->columns;
  col.skill_off.assign(1, 0);
  for (int64_t i = 0; i < ns; ++i) {
    const int64_t s = idx->rows[i];
    col.px.push_back(t.points()(s, 0));
    col.py.push_back(t.points()(s, 1));
    col.pz.push_back(t.points()(s, 2));
    col.commute_km.push_back(cs.commute_km[s]);
    col.reservation.push_back(t.reservation_wage()[s]);
    col.education.push_back(static_cast<float>(t.education()[s]));
    col.pref_neutral.push_back(cs.pref_neutral[s]);
    for (int b = 0; b < kNumVacancySchedules; ++b) {
      col.sched_fit[b].push_back(policy.schedule_fit[t.schedule()[s]][b]);
    }
    col.elig.push_back(cs.elig[s]);
    col.profile.push_back(cs.profile[s]);
    for (const SkillLevel& sl : t.skills().row(s)) {
      col.skill_id.push_back(sl.skill);
      col.skill_level.push_back(static_cast<uint8_t>(sl.level));
    }
    col.skill_off.push_back(static_cast<int64_t>(col.skill_id.size()));
  }
  for (const SeekerGroup& g : idx->groups) {
    const int64_t n = g.end - g.begin;
    const size_t at = col.pref_bits.size();
    col.pref_at.push_back(static_cast<int64_t>(at));
    col.pref_bits.resize(at + static_cast<size_t>(n * words), 0);
    for (int64_t j = 0; j < n; ++j) {
      for (int32_t ind : t.preferred_industries().row(idx->rows[g.begin + j])) {
        col.pref_bits[at + static_cast<size_t>((ind / 64) * n + j)] |= uint64_t{1} << (ind % 64);
      }
    }
  }
  AssignNodeGroups(idx->nodes, idx->groups);
  for (KdNode& n : idx->nodes) {
    n.reach = 0.0f;
    for (int32_t gi = n.group_begin; gi < n.group_end; ++gi) {
      n.reach = std::max(n.reach, idx->groups[gi].reach);
    }
  }
  return idx;
}

void GroupChunk::Clear() {
  if (group_ < 0) return;
  const SeekerGroup& g = index_->groups[group_];
  const SeekerColumns& col = index_->columns;
  const int64_t n = g.end - g.begin;
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t q = col.skill_off[g.begin + j]; q < col.skill_off[g.begin + j + 1]; ++q) {
      levels_[static_cast<size_t>(col.skill_id[q]) * n + j] = 0;
    }
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
  const size_t need = static_cast<size_t>(std::max(1, cs.params.num_skills)) * n + 3;
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

float GroupBoost(const CompiledScorer& cs, const SeekerGroup& g, int32_t mask_id) {
  const uint64_t fired = cs.distinct_masks[mask_id] & g.profile_union;
  float sum = 0.0f;
  for (size_t r = 0; r < cs.policy.rules.size(); ++r) {
    if ((fired >> r) & 1) sum += cs.policy.rules[r].weight;
  }
  return std::min(cs.policy.max_total_boost, sum);
}

}  // namespace jobmatch::internal
