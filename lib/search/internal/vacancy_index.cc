// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The candidate index of pruned top-k with rows = seekers (prune_index.h,
// VacancyIndex): groups of vacancies over k-d trees, on-site and remote, and
// the remote posts once more by trade.
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
// Group blocks are padded to whole AVX2 vectors of floats.
constexpr int64_t kColumnPad = 8;

// The smallest float >= x.
float RoundUp(double x) {
  float f = static_cast<float>(x);
  if (static_cast<double>(f) < x) f = std::nextafter(f, kInf);
  return f;
}

const float* VacancyPoint(const VacancyTable& t, int64_t v) { return t.points().data() + v * 3; }

}  // namespace

namespace {

// Builds a VacancyIndex in steps (BuildVacancyIndex). The groups' bounds
// point into storage that grows while they are summarised, so they are kept
// as offsets until ResolveBounds.
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
    CutLeafGroups();
    ResolveBounds();
    LayColumns();
    PackEmbeddings();
    // Columns are addressed with 32 bits there (2^31 of them would be
    // billions of posts, far beyond what the tables load).
    if (static_cast<int64_t>(idx_->columns.px.size()) < (int64_t{1} << 31)) IndexRequirements();
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

  // Class 0: on-site posts; class 1: remote posts, each a k-d tree over the
  // points. Class 2: the remote posts once more, in one leaf ordered by
  // trade, for seekers who accept remote work: to them a remote post is as
  // near as any other (the distance fit is 1), so its group is better cut by
  // what it asks for than by where it is; a group of one trade has a far
  // tighter skill bound than a group of the several trades of one place.
  // A search uses class 1 or class 2 for a row, never both.
  void BuildTrees() {
    const int64_t nv = t_.size();
    auto point_at = [this](int64_t v) { return VacancyPoint(t_, v); };
    idx_->rows.reserve(static_cast<size_t>(nv));
    for (int cls = 0; cls < 3; ++cls) {
      const int64_t begin = static_cast<int64_t>(idx_->rows.size());
      for (int64_t v = 0; v < nv; ++v) {
        if ((t_.remote()[v] != 0) == (cls != 0)) idx_->rows.push_back(v);
      }
      const int64_t end = static_cast<int64_t>(idx_->rows.size());
      idx_->class_begin[cls] = begin;
      idx_->class_begin[cls + 1] = end;
      if (end == begin) continue;
      if (cls == 2) trade_nodes_ = static_cast<int64_t>(idx_->nodes.size());
      const int64_t leaf = cls == 2 ? end - begin : tuning_.vacancy_leaf;
      const int32_t root = BuildKdTree(idx_->rows, begin, end, leaf, point_at, idx_->nodes);
      idx_->trees.push_back({root, static_cast<uint32_t>(cls)});
    }
  }

  // Each k-d leaf sorted by key (trade) and cut into groups; the trade leaf
  // (class 2) is ordered more finely and cut wherever the trade changes.
  void CutLeafGroups() {
    for (int64_t ni = 0; ni < static_cast<int64_t>(idx_->nodes.size()); ++ni) {
      const KdNode& node = idx_->nodes[ni];
      if (node.left >= 0) continue;
      const bool by_trade = trade_nodes_ >= 0 && ni >= trade_nodes_;
      SortByKey(node.item_begin, node.item_end, by_trade);
      auto emit = [this](int64_t b, int64_t e) { EmitGroup(b, e); };
      const int64_t at = node.item_begin;
      auto key_at = [this, at](int64_t i) { return sorted_[i - at].key; };
      if (!by_trade) {
        CutGroups(at, node.item_end, tuning_.vacancy_group, key_at, emit);
        continue;
      }
      CutTradeGroups(at, node.item_end, tuning_.vacancy_group, key_at, emit);
    }
  }

  // Sorts rows[begin, end) by trade key (then row), keeping the keys in
  // sorted_. With `finer`, posts of one trade are further ordered by their
  // second and third requirements, so that the groups cut from a long run
  // of one trade also share those.
  void SortByKey(int64_t begin, int64_t end, bool finer) {
    sorted_.clear();
    for (int64_t i = begin; i < end; ++i) {
      const int64_t v = idx_->rows[i];
      sorted_.push_back({VacancyKey(t_, v), finer ? VacancyNextSkills(t_, v) : 0, v});
    }
    std::sort(sorted_.begin(), sorted_.end());
    for (size_t i = 0; i < sorted_.size(); ++i) {
      idx_->rows[begin + static_cast<int64_t>(i)] = sorted_[i].row;
    }
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

  // The requirements by skill and tree class (VacancyIndex::post_off), each
  // list in position order, with the kernel's coverage term for every
  // seeker level and the post's group.
  void IndexRequirements() {
    const size_t ng = idx_->groups.size();
    std::vector<int64_t> column(idx_->rows.size());  // per position
    std::vector<int32_t> group(idx_->rows.size());
    for (size_t gi = 0; gi < ng; ++gi) {
      const VacancyGroup& g = idx_->groups[gi];
      for (int64_t p = g.begin; p < g.end; ++p) {
        column[p] = g.columns.at + (p - g.begin);
        group[p] = static_cast<int32_t>(gi);
      }
    }
    const int64_t lists = 3 * int64_t{std::max(1, cs_.params.num_skills)};
    std::vector<int64_t>& off = idx_->post_off;
    off.assign(static_cast<size_t>(lists + 1), 0);
    auto for_each_requirement = [this](auto&& fn) {
      for (int cls = 0; cls < 3; ++cls) {
        for (int64_t pos = idx_->class_begin[cls]; pos < idx_->class_begin[cls + 1]; ++pos) {
          const int64_t v = idx_->rows[pos];
          for (int64_t r = t_.requirements().offsets[v]; r < t_.requirements().offsets[v + 1];
               ++r) {
            fn(3 * int64_t{cs_.req_skill[r]} + cls, pos, r);
          }
        }
      }
    };
    for_each_requirement([&off](int64_t list, int64_t, int64_t) { ++off[list + 1]; });
    for (size_t i = 1; i < off.size(); ++i) off[i] += off[i - 1];
    const int64_t total = off.back();
    idx_->post_col.resize(static_cast<size_t>(total));
    idx_->post_term.resize(static_cast<size_t>(total * kMaxSkillLevel));
    idx_->post_group.resize(static_cast<size_t>(total));
    std::vector<int64_t> next(off.begin(), off.end() - 1);
    const float pc = cs_.params.partial_credit_per_grade;
    for_each_requirement([&](int64_t list, int64_t pos, int64_t r) {
      const int64_t b = off[list], len = off[list + 1] - b, e = next[list]++;
      idx_->post_col[e] = static_cast<int32_t>(column[pos]);
      idx_->post_group[e] = group[pos];
      // The float operations of column_kernel_impl.inc (both compiled
      // without contraction), so the terms are the kernel's bit for bit.
      const float req = cs_.req_level[r];
      for (int level = kMinSkillLevel; level <= kMaxSkillLevel; ++level) {
        const float l = static_cast<float>(level);
        const float cr = l >= req ? 1.0f : std::max(0.0f, 1.0f - pc * (req - l));
        idx_->post_term[kMaxSkillLevel * b + (level - 1) * len + (e - b)] = cs_.req_nimp[r] * cr;
      }
    });
  }

  const CompiledScorer& cs_;
  const VacancyTable& t_;
  const PruneTuning tuning_;
  std::shared_ptr<VacancyIndex> idx_;
  std::vector<Offsets> group_at_;
  std::vector<int32_t> slot_;  // per skill: its place in the union being built, -1
  std::vector<int32_t> masks_;
  struct SortKey {
    uint64_t key, next;  // VacancyKey, VacancyNextSkills (or 0)
    int64_t row;
    bool operator<(const SortKey& o) const {
      return std::tie(key, next, row) < std::tie(o.key, o.next, o.row);
    }
  };
  std::vector<SortKey> sorted_;  // the last leaf sorted
  int64_t trade_nodes_ = -1;     // first node of the class-2 tree, -1 when none
};

}  // namespace

std::shared_ptr<const VacancyIndex> BuildVacancyIndex(const CompiledScorer& cs) {
  return VacancyIndexBuilder(cs).Build();
}

}  // namespace jobmatch::internal
