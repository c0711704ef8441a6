// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "search/internal/prune_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace jobmatch::internal {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

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

namespace {

// Post v's three most important required skills (ties: lower id), -1 where
// it has fewer: the one ranking behind VacancyKey and VacancyNextSkills.
std::array<int32_t, 3> TopRequirements(const VacancyTable& t, int64_t v) {
  std::array<int32_t, 3> skill = {-1, -1, -1};
  float imp[3] = {-1.0f, -1.0f, -1.0f};
  for (const Requirement& r : t.requirements().row(v)) {
    int32_t sk = r.skill;
    float im = r.importance;
    for (int p = 0; p < 3; ++p) {
      if (im > imp[p] || (im == imp[p] && sk < skill[p])) {
        std::swap(sk, skill[p]);
        std::swap(im, imp[p]);
      }
    }
  }
  return skill;
}

}  // namespace

uint64_t VacancyKey(const VacancyTable& t, int64_t v) {
  // Industry, then the most important requirement.
  return (static_cast<uint64_t>(static_cast<uint32_t>(t.industry()[v])) << 32) |
         static_cast<uint32_t>(TopRequirements(t, v)[0] + 1);
}

uint64_t VacancyNextSkills(const VacancyTable& t, int64_t v) {
  const std::array<int32_t, 3> skill = TopRequirements(t, v);
  return (static_cast<uint64_t>(static_cast<uint32_t>(skill[1] + 1)) << 32) |
         static_cast<uint32_t>(skill[2] + 1);
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

}  // namespace jobmatch::internal
