// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Structural mismatch against an oracle written from the definitions
// (docs/analytics.md) on the row vectors (Seeker / Vacancy structs, not the
// column stores): every cell of skills x grades x districts x industries is
// recomputed by scanning all seekers and vacancies; plus hand-computed cases
// (thresholds hit exactly, supply 0, empty tables, reach, durations) and the
// refusals of bad options.
#include "jobmatch/analytics/mismatch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "jobmatch/dataset/dataset.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using testing::InstanceOptions;
using testing::RandomInstance;

constexpr double kInf = std::numeric_limits<double>::infinity();

int LevelOf(const Seeker& s, int32_t skill) {
  for (const SkillLevel& sl : s.skills)
    if (sl.skill == skill) return sl.level;
  return 0;
}

const Requirement* RequirementOf(const Vacancy& v, int32_t skill) {
  for (const Requirement& r : v.requirements)
    if (r.skill == skill) return &r;
  return nullptr;
}

bool OpenTo(const Seeker& s, int32_t industry) {
  if (industry < 0 || s.preferred_industries.empty()) return true;
  return std::find(s.preferred_industries.begin(), s.preferred_industries.end(), industry) !=
         s.preferred_industries.end();
}

bool Reaches(const Seeker& s, const Vacancy& v, const Policy& p) {
  if (!p.eligibility.enforce_max_commute) return true;
  if (v.remote && s.accepts_remote) return true;
  const Eigen::Vector3f a = *LatLonToPoint(s.lat, s.lon);
  const Eigen::Vector3f b = *LatLonToPoint(v.lat, v.lon);
  const float dx = a.x() - b.x(), dy = a.y() - b.y(), dz = a.z() - b.z();
  const float d = std::sqrt(dx * dx + dy * dy + dz * dz);
  const float dmax = s.max_commute_km > 0.0f ? s.max_commute_km : p.default_max_commute_km;
  return d <= dmax;
}

double OracleMedian(std::vector<int64_t> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? static_cast<double>(v[n / 2]) : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

void ExpectSameDouble(double want, double got, const std::string& what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what;
  } else if (std::isinf(want)) {
    EXPECT_EQ(want, got) << what;
  } else {
    EXPECT_NEAR(want, got, 1e-9 * std::max(1.0, std::abs(want))) << what;
  }
}

// Recomputes the whole table from the rows and compares.
void CheckAgainstOracle(const std::vector<Seeker>& seekers, const std::vector<Vacancy>& vacancies,
                        const Vocabulary& vocab, const Policy& policy, const MismatchOptions& o,
                        const MismatchTable& t) {
  std::set<std::string> district_set;
  for (const Seeker& s : seekers) district_set.insert(s.area.district);
  for (const Vacancy& v : vacancies) district_set.insert(v.area.district);
  const std::vector<std::string> districts(district_set.begin(), district_set.end());
  ASSERT_EQ(t.districts, districts);

  std::vector<int32_t> dlist = {-1}, ilist = {-1};
  if (o.by_district) {
    dlist.clear();
    for (size_t d = 0; d < districts.size(); ++d) dlist.push_back(static_cast<int32_t>(d));
  }
  if (o.by_industry) {
    ilist.clear();
    for (int32_t i = 0; i < vocab.industries().size(); ++i) ilist.push_back(i);
  }
  std::vector<MismatchRow> want;
  for (int32_t k = 0; k < vocab.skills().size(); ++k) {
    for (int g = 1; g <= 8; ++g) {
      for (int32_t d : dlist) {
        for (int32_t i : ilist) {
          MismatchRow r;
          r.skill = k;
          r.grade = g;
          r.district = d;
          r.industry = i;
          r.unfilled_openings = o.filled.empty() ? -1 : 0;
          std::vector<size_t> open;
          for (size_t v = 0; v < vacancies.size(); ++v) {
            const Vacancy& vac = vacancies[v];
            const Requirement* req = RequirementOf(vac, k);
            if (!req || req->min_level != g) continue;
            if (d >= 0 && vac.area.district != districts[d]) continue;
            if (i >= 0 && vac.industry != i) continue;
            ++r.vacancies;
            r.demand_openings += vac.openings;
            double total = 0.0;
            for (const Requirement& q : vac.requirements) total += q.importance;
            r.demand_weighted += vac.openings * (req->importance / total);
            if (!o.filled.empty()) r.unfilled_openings += std::max(0, vac.openings - o.filled[v]);
            if (vac.openings > 0) open.push_back(v);
          }
          r.supply_in_reach = o.compute_reach ? 0 : -1;
          for (const Seeker& s : seekers) {
            if (LevelOf(s, k) < g) continue;
            if (d >= 0 && s.area.district != districts[d]) continue;
            if (!OpenTo(s, i)) continue;
            ++r.supply_seekers;
            if (o.compute_reach && std::any_of(open.begin(), open.end(), [&](size_t v) {
                  return Reaches(s, vacancies[v], policy);
                })) {
              ++r.supply_in_reach;
            }
          }
          if (r.demand_openings == 0 && r.supply_seekers == 0) continue;
          r.ratio = r.supply_seekers == 0
                        ? kInf
                        : static_cast<double>(r.demand_openings) / r.supply_seekers;
          r.label = r.ratio >= *o.shortage_ratio  ? MismatchLabel::kShortage
                    : r.ratio <= *o.surplus_ratio ? MismatchLabel::kSurplus
                                                  : MismatchLabel::kBalanced;
          want.push_back(r);
        }
      }
    }
  }
  ASSERT_EQ(want.size(), t.rows.size());
  for (size_t j = 0; j < want.size(); ++j) {
    const MismatchRow& w = want[j];
    const MismatchRow& g = t.rows[j];
    const std::string at = "row " + std::to_string(j) + " skill " + std::to_string(w.skill) +
                           " grade " + std::to_string(w.grade);
    EXPECT_EQ(std::tie(w.skill, w.grade, w.district, w.industry),
              std::tie(g.skill, g.grade, g.district, g.industry))
        << at;
    EXPECT_EQ(w.vacancies, g.vacancies) << at;
    EXPECT_EQ(w.demand_openings, g.demand_openings) << at;
    ExpectSameDouble(w.demand_weighted, g.demand_weighted, at + " weighted");
    EXPECT_EQ(w.supply_seekers, g.supply_seekers) << at;
    EXPECT_EQ(w.supply_in_reach, g.supply_in_reach) << at;
    ExpectSameDouble(w.ratio, g.ratio, at + " ratio");
    EXPECT_EQ(w.unfilled_openings, g.unfilled_openings) << at;
    EXPECT_EQ(w.label, g.label) << at;
  }

  // Reference date and durations.
  std::optional<Date> as_of = o.as_of;
  if (!as_of) {
    for (const Vacancy& v : vacancies)
      if (v.posted_on && (!as_of || *v.posted_on > *as_of)) as_of = v.posted_on;
    for (const Seeker& s : seekers)
      if (s.registered_on && (!as_of || *s.registered_on > *as_of)) as_of = s.registered_on;
  }
  EXPECT_EQ(as_of, t.as_of);
  const int32_t ni = vocab.industries().size();
  ASSERT_EQ(t.tightness.size(), districts.size() * ni);
  std::vector<int64_t> all_post, all_reg;
  size_t j = 0;
  for (size_t d = 0; d < districts.size(); ++d) {
    int64_t seekers_in = 0;
    std::vector<int64_t> reg;
    for (const Seeker& s : seekers) {
      if (s.area.district != districts[d]) continue;
      ++seekers_in;
      if (as_of && s.registered_on && *s.registered_on <= *as_of)
        reg.push_back(as_of->days - s.registered_on->days);
    }
    all_reg.insert(all_reg.end(), reg.begin(), reg.end());
    for (int32_t i = 0; i < ni; ++i, ++j) {
      const TightnessRow& row = t.tightness[j];
      const std::string at = "tightness " + districts[d] + " " + std::to_string(i);
      EXPECT_EQ(row.district, static_cast<int32_t>(d)) << at;
      EXPECT_EQ(row.industry, i) << at;
      int64_t nvac = 0, openings = 0;
      std::vector<int64_t> post;
      for (const Vacancy& v : vacancies) {
        if (v.area.district != districts[d] || v.industry != i) continue;
        ++nvac;
        openings += v.openings;
        if (as_of && v.posted_on && *v.posted_on <= *as_of)
          post.push_back(as_of->days - v.posted_on->days);
      }
      all_post.insert(all_post.end(), post.begin(), post.end());
      EXPECT_EQ(nvac, row.vacancies) << at;
      EXPECT_EQ(openings, row.openings) << at;
      EXPECT_EQ(seekers_in, row.seekers) << at;
      const double tight = seekers_in > 0 ? static_cast<double>(openings) / seekers_in
                           : openings > 0 ? kInf
                                          : std::nan("");
      ExpectSameDouble(tight, row.tightness, at);
      EXPECT_EQ(static_cast<int64_t>(post.size()), row.vacancies_dated) << at;
      ExpectSameDouble(OracleMedian(post), row.vacancy_duration_median_days, at);
      EXPECT_EQ(static_cast<int64_t>(reg.size()), row.seekers_dated) << at;
      ExpectSameDouble(OracleMedian(reg), row.registration_duration_median_days, at);
    }
  }
  ExpectSameDouble(OracleMedian(all_post), t.vacancy_duration_median_days, "city vacancies");
  ExpectSameDouble(OracleMedian(all_reg), t.registration_duration_median_days, "city seekers");
}

TEST(MismatchTest, MatchesOracleOnRandomInstances) {
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937_64 rng(seed * 7919);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    InstanceOptions io;
    io.num_seekers = uni(0, 60);
    io.num_vacancies = uni(0, 40);
    io.num_skills = uni(1, 6);
    io.num_industries = uni(1, 4);
    io.coarse = uni(0, 1) == 0;
    auto inst = RandomInstance(seed, io);
    Policy policy = Policy::Default();
    policy.eligibility.enforce_max_commute = uni(0, 3) != 0;
    policy.default_max_commute_km = 5.0f * uni(1, 4);
    MismatchOptions o;
    o.by_district = uni(0, 1);
    // The oracle reads the thresholds from the options.
    o.by_industry = uni(0, 1);
    o.compute_reach = uni(0, 4) != 0;
    // Thresholds on a coarse grid so that ratios hit them exactly.
    // Thresholds from the options or from the policy.
    const double surplus = 0.5 * uni(0, 2), shortage = surplus + 0.5 * uni(0, 3);
    if (uni(0, 1)) {
      o.surplus_ratio = surplus;
      o.shortage_ratio = shortage;
    } else {
      policy.mismatch.surplus_ratio = static_cast<float>(surplus);
      policy.mismatch.shortage_ratio = static_cast<float>(shortage);
    }
    if (uni(0, 1)) {
      for (const Vacancy& v : inst->vacancy_rows) o.filled.push_back(uni(0, v.openings + 1));
    }
    if (uni(0, 2) == 0) o.as_of = Date{uni(19000, 21000)};
    auto data = Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, policy);
    ASSERT_TRUE(data.ok()) << data.status();
    auto t = Mismatch(**data, o);
    ASSERT_TRUE(t.ok()) << t.status();
    if (!o.shortage_ratio) {
      o.shortage_ratio = shortage;
      o.surplus_ratio = surplus;
    }
    EXPECT_EQ(t->shortage_ratio, *o.shortage_ratio);
    EXPECT_EQ(t->surplus_ratio, *o.surplus_ratio);
    EXPECT_EQ(t->has_reach, o.compute_reach);
    EXPECT_EQ(t->has_unfilled, !o.filled.empty());
    CheckAgainstOracle(inst->seeker_rows, inst->vacancy_rows, (*data)->vocabulary(), policy, o, *t);
    if (::testing::Test::HasFailure()) return;
  }
}

// A small city written out by hand.
struct Hand {
  Vocabulary vocab;
  std::vector<Seeker> seekers;
  std::vector<Vacancy> vacancies;
  int32_t a, b, c, ind;
  Hand() {
    a = vocab.AddSkill("A");
    b = vocab.AddSkill("B");
    c = vocab.AddSkill("C");
    ind = vocab.AddIndustry("manufacturing");
  }
  Seeker AddSeeker(std::vector<SkillLevel> skills, double lat = 36.0) {
    Seeker s;
    s.id = "S" + std::to_string(seekers.size());
    s.area.district = "市南区";
    s.lat = lat;
    s.lon = 120.3;
    s.skills = std::move(skills);
    s.max_commute_km = 10.0f;
    seekers.push_back(s);
    return s;
  }
  Vacancy& AddVacancy(int openings, std::vector<Requirement> reqs) {
    Vacancy v;
    v.id = "V" + std::to_string(vacancies.size());
    v.area.district = "市南区";
    v.lat = 36.0;
    v.lon = 120.3;
    v.openings = openings;
    v.requirements = std::move(reqs);
    v.industry = ind;
    vacancies.push_back(v);
    return vacancies.back();
  }
  absl::StatusOr<MismatchTable> Run(const MismatchOptions& o) {
    auto data = Dataset::FromRows(vocab, seekers, vacancies, Policy::Default());
    if (!data.ok()) return data.status();
    return Mismatch(**data, o);
  }
};

const MismatchRow* Find(const MismatchTable& t, int32_t skill, int grade) {
  for (const MismatchRow& r : t.rows)
    if (r.skill == skill && r.grade == grade) return &r;
  return nullptr;
}

TEST(MismatchTest, HandComputedCity) {
  Hand h;
  // One vacancy, 3 openings: A at grade 3 (importance 1), B at 5 (importance 3).
  h.AddVacancy(3, {{h.a, 3, 1.0f}, {h.b, 5, 3.0f}});
  h.AddSeeker({{h.a, 3}});
  h.AddSeeker({{h.a, 5}, {h.b, 5}});
  h.AddSeeker({{h.a, 2}});
  // Far away (about 111 km north): counts in supply, not in reach.
  h.AddSeeker({{h.a, 8}}, /*lat=*/37.0);
  // The vacancy's 2 places are filled, one left.
  MismatchOptions o;
  o.filled = {2};
  auto t = h.Run(o);
  ASSERT_TRUE(t.ok()) << t.status();
  // A: grades 1-2 supply 4, grade 3 supply 3 (demand 3), grades 4-5 supply 2,
  // 6-8 supply 1. B: grades 1-5 supply 1 (demand 3 at grade 5).
  ASSERT_EQ(t->rows.size(), 8u + 5u);
  const MismatchRow* a3 = Find(*t, h.a, 3);
  ASSERT_NE(a3, nullptr);
  EXPECT_EQ(a3->vacancies, 1);
  EXPECT_EQ(a3->demand_openings, 3);
  EXPECT_DOUBLE_EQ(a3->demand_weighted, 0.75);  // 3 x 1/4
  EXPECT_EQ(a3->supply_seekers, 3);
  EXPECT_EQ(a3->supply_in_reach, 2);  // the far seeker does not reach it
  EXPECT_EQ(a3->ratio, 1.0);
  EXPECT_EQ(a3->unfilled_openings, 1);
  EXPECT_EQ(a3->label, MismatchLabel::kBalanced);
  const MismatchRow* b5 = Find(*t, h.b, 5);
  ASSERT_NE(b5, nullptr);
  EXPECT_DOUBLE_EQ(b5->demand_weighted, 2.25);  // 3 x 3/4
  EXPECT_EQ(b5->supply_seekers, 1);
  EXPECT_EQ(b5->ratio, 3.0);
  EXPECT_EQ(b5->label, MismatchLabel::kShortage);
  const MismatchRow* a1 = Find(*t, h.a, 1);
  ASSERT_NE(a1, nullptr);
  EXPECT_EQ(a1->demand_openings, 0);
  EXPECT_EQ(a1->supply_seekers, 4);
  EXPECT_EQ(a1->supply_in_reach, 0);  // no vacancy in the cell
  EXPECT_EQ(a1->ratio, 0.0);
  EXPECT_EQ(a1->unfilled_openings, 0);
  EXPECT_EQ(a1->label, MismatchLabel::kSurplus);
  EXPECT_EQ(Find(*t, h.c, 1), nullptr);  // nobody holds or asks for C
  ASSERT_EQ(t->districts, std::vector<std::string>{"市南区"});
  ASSERT_EQ(t->tightness.size(), 1u);
  EXPECT_EQ(t->tightness[0].openings, 3);
  EXPECT_EQ(t->tightness[0].seekers, 4);
  EXPECT_EQ(t->tightness[0].tightness, 0.75);
  EXPECT_FALSE(t->as_of.has_value());  // no date anywhere
  EXPECT_TRUE(std::isnan(t->tightness[0].vacancy_duration_median_days));
}

TEST(MismatchTest, LabelsAtExactThresholds) {
  // The default thresholds: 1.5 is a shortage, 0.67 a surplus (67 / 100 is
  // the same double as 0.67).
  EXPECT_EQ(LabelRatio(1.5, 1.5, 0.67), MismatchLabel::kShortage);
  EXPECT_EQ(LabelRatio(std::nextafter(1.5, 0.0), 1.5, 0.67), MismatchLabel::kBalanced);
  EXPECT_EQ(LabelRatio(67.0 / 100.0, 1.5, 0.67), MismatchLabel::kSurplus);
  EXPECT_EQ(LabelRatio(std::nextafter(0.67, 1.0), 1.5, 0.67), MismatchLabel::kBalanced);
  EXPECT_EQ(LabelRatio(kInf, 1.5, 0.67), MismatchLabel::kShortage);
  EXPECT_EQ(LabelRatio(0.0, 1.5, 0.0), MismatchLabel::kSurplus);
  // Equal thresholds: shortage wins.
  EXPECT_EQ(LabelRatio(1.0, 1.0, 1.0), MismatchLabel::kShortage);

  // Through the table: 3 openings for 2 seekers is exactly 1.5.
  Hand h;
  h.AddVacancy(3, {{h.a, 2, 1.0f}});
  h.AddSeeker({{h.a, 2}});
  h.AddSeeker({{h.a, 2}});
  auto t = h.Run({});
  ASSERT_TRUE(t.ok()) << t.status();
  const MismatchRow* a2 = Find(*t, h.a, 2);
  ASSERT_NE(a2, nullptr);
  EXPECT_EQ(a2->ratio, 1.5);
  EXPECT_EQ(a2->label, MismatchLabel::kShortage);
  MismatchOptions o;
  o.shortage_ratio = 2.0;
  o.surplus_ratio = 1.5;
  t = h.Run(o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Find(*t, h.a, 2)->label, MismatchLabel::kSurplus);
}

TEST(MismatchTest, PolicyThresholdsCompareAsDecimals) {
  // 67 openings for 100 seekers: exactly the default surplus threshold 0.67
  // of the policy (a float, compared as the decimal 0.67).
  EXPECT_EQ(ThresholdAsDecimal(0.67f), 0.67);
  EXPECT_EQ(ThresholdAsDecimal(1.5f), 1.5);
  Hand h;
  h.AddVacancy(67, {{h.a, 1, 1.0f}});
  for (int i = 0; i < 100; ++i) h.AddSeeker({{h.a, 1}});
  auto t = h.Run({});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].ratio, 0.67);
  EXPECT_EQ(t->rows[0].label, MismatchLabel::kSurplus);
  EXPECT_EQ(t->surplus_ratio, 0.67);
  // The policy's thresholds, unless the options give them.
  Policy p = Policy::Default();
  p.mismatch.surplus_ratio = 0.5f;
  p.mismatch.shortage_ratio = 0.6f;
  auto data = Dataset::FromRows(h.vocab, h.seekers, h.vacancies, p);
  ASSERT_TRUE(data.ok()) << data.status();
  t = Mismatch(**data, {});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0].label, MismatchLabel::kShortage);
  MismatchOptions o;
  o.shortage_ratio = 0.7;
  t = Mismatch(**data, o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0].label, MismatchLabel::kBalanced);
}

TEST(MismatchTest, SupplyZeroIsInfiniteShortage) {
  Hand h;
  h.AddVacancy(2, {{h.c, 4, 1.0f}});
  auto t = h.Run({});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].skill, h.c);
  EXPECT_EQ(t->rows[0].grade, 4);
  EXPECT_EQ(t->rows[0].supply_seekers, 0);
  EXPECT_EQ(t->rows[0].supply_in_reach, 0);
  EXPECT_EQ(t->rows[0].ratio, kInf);
  EXPECT_EQ(t->rows[0].label, MismatchLabel::kShortage);
  EXPECT_EQ(t->rows[0].unfilled_openings, -1);
  // Seekers 0: tightness +inf.
  ASSERT_EQ(t->tightness.size(), 1u);
  EXPECT_EQ(t->tightness[0].tightness, kInf);
}

TEST(MismatchTest, ZeroOpeningsAndNoSupplyIsNotListed) {
  Hand h;
  h.AddVacancy(0, {{h.c, 4, 1.0f}});
  auto t = h.Run({});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->rows.empty());
  ASSERT_EQ(t->tightness.size(), 1u);
  EXPECT_EQ(t->tightness[0].vacancies, 1);
  EXPECT_TRUE(std::isnan(t->tightness[0].tightness));  // 0 openings, 0 seekers
}

TEST(MismatchTest, EmptyTables) {
  Hand h;
  MismatchOptions o;
  o.by_district = o.by_industry = true;
  auto t = h.Run(o);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->rows.empty());
  EXPECT_TRUE(t->districts.empty());
  EXPECT_TRUE(t->tightness.empty());
  EXPECT_FALSE(t->as_of.has_value());
  EXPECT_TRUE(std::isnan(t->vacancy_duration_median_days));
  EXPECT_TRUE(std::isnan(t->registration_duration_median_days));
}

TEST(MismatchTest, RemoteVacancyIsInReach) {
  Hand h;
  Vacancy& v = h.AddVacancy(1, {{h.a, 1, 1.0f}});
  v.remote = true;
  h.AddSeeker({{h.a, 1}}, /*lat=*/37.0);
  h.seekers.back().accepts_remote = true;
  h.AddSeeker({{h.a, 1}}, /*lat=*/37.0);  // far, no remote work
  auto t = h.Run({});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].supply_seekers, 2);
  EXPECT_EQ(t->rows[0].supply_in_reach, 1);
}

TEST(MismatchTest, DurationMedians) {
  Hand h;
  const int32_t day0 = DateFromYmd(2026, 1, 1)->days;
  for (int offset : {10, 20, 40, 100}) {
    h.AddVacancy(1, {{h.a, 1, 1.0f}}).posted_on = Date{day0 - offset};
  }
  h.AddVacancy(1, {{h.a, 1, 1.0f}}).posted_on = Date{day0 + 5};  // after as_of: left out
  h.AddVacancy(1, {{h.a, 1, 1.0f}});                             // no date
  h.AddSeeker({{h.a, 1}});
  h.seekers.back().registered_on = Date{day0 - 7};
  MismatchOptions o;
  o.as_of = Date{day0};
  auto t = h.Run(o);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->tightness.size(), 1u);
  EXPECT_EQ(t->tightness[0].vacancies_dated, 4);
  EXPECT_EQ(t->tightness[0].vacancy_duration_median_days, 30.0);  // (20 + 40) / 2
  EXPECT_EQ(t->tightness[0].registration_duration_median_days, 7.0);
  EXPECT_EQ(t->vacancy_duration_median_days, 30.0);
  // Without as_of: the latest date in the data (day0 + 5).
  t = h.Run({});
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t->as_of.has_value());
  EXPECT_EQ(t->as_of->days, day0 + 5);
  EXPECT_EQ(t->tightness[0].vacancies_dated, 5);
  EXPECT_EQ(t->tightness[0].vacancy_duration_median_days, 25.0);  // 0, 15, 25, 45, 105
}

TEST(MismatchTest, RefusesBadOptions) {
  Hand h;
  h.AddVacancy(2, {{h.a, 1, 1.0f}});
  MismatchOptions o;
  o.filled = {1, 1};
  auto t = h.Run(o);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(t.status().message().find("filled has 2 entries"), std::string::npos);
  o.filled = {-1};
  EXPECT_EQ(h.Run(o).status().code(), absl::StatusCode::kInvalidArgument);
  o.filled.clear();
  o.surplus_ratio = 2.0;  // above shortage_ratio
  EXPECT_EQ(h.Run(o).status().code(), absl::StatusCode::kInvalidArgument);
  o.surplus_ratio = std::nan("");
  EXPECT_EQ(h.Run(o).status().code(), absl::StatusCode::kInvalidArgument);
  o.surplus_ratio = -0.1;
  EXPECT_EQ(h.Run(o).status().code(), absl::StatusCode::kInvalidArgument);
  o.surplus_ratio = 0.5;
  o.shortage_ratio = kInf;
  EXPECT_EQ(h.Run(o).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobmatch
