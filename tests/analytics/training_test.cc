// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Training advice against a brute force written from the definitions
// (docs/analytics.md): for every seeker, every skill of the vocabulary and
// every grade above the one held, the seeker row is modified, a fresh
// Scorer is built on it and every vacancy rescored; the top-m mean, the
// newly met vacancies, the candidate rule (grades above G_s(k) repeat
// G_s(k)), the filter and the ranking are recomputed and compared bit for
// bit. The per-area course table is recomputed the same way (eligibility
// from Scorer::Eligible, requirements from the row structs).
#include "jobmatch/analytics/training.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/dataset/dataset.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using testing::InstanceOptions;
using testing::RandomInstance;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

int LevelOf(const Seeker& s, int32_t skill) {
  for (const SkillLevel& sl : s.skills)
    if (sl.skill == skill) return sl.level;
  return 0;
}

void SetLevel(Seeker& s, int32_t skill, int level) {
  for (SkillLevel& sl : s.skills) {
    if (sl.skill == skill) {
      sl.level = static_cast<int8_t>(level);
      return;
    }
  }
  s.skills.push_back({skill, static_cast<int8_t>(level)});
}

bool FullyMet(const Seeker& s, const Vacancy& v) {
  for (const Requirement& r : v.requirements)
    if (LevelOf(s, r.skill) < r.min_level) return false;
  return true;
}

double TopMeanSum(std::vector<float> scores, int64_t m) {
  std::sort(scores.begin(), scores.end(), std::greater<float>());
  double sum = 0.0;
  for (int64_t i = 0; i < m; ++i) sum += static_cast<double>(scores[i]);
  return sum;
}

struct World {
  Vocabulary vocab;
  std::vector<Seeker> seekers;
  std::vector<Vacancy> vacancies;
  Policy policy;
};

// Scores of `seeker` (a modified row) against every vacancy, from a fresh
// Scorer on a one-seeker data set.
std::vector<float> RescoreAll(const World& w, const Seeker& seeker) {
  auto data = Dataset::FromRows(w.vocab, {&seeker, 1}, w.vacancies, w.policy);
  EXPECT_TRUE(data.ok()) << data.status();
  auto scorer = Scorer::Create(*data);
  EXPECT_TRUE(scorer.ok()) << scorer.status();
  std::vector<float> out(w.vacancies.size());
  for (size_t v = 0; v < w.vacancies.size(); ++v) out[v] = scorer->Score(0, v);
  return out;
}

// The brute force for one seeker.
std::vector<TrainingUpgrade> OracleAdvice(const World& w, int64_t s, int k, int top,
                                          int64_t* eligible, double* mean_before) {
  const Seeker& seeker = w.seekers[s];
  const std::vector<float> base = RescoreAll(w, seeker);
  std::vector<float> elig;
  std::vector<size_t> elig_v;
  for (size_t v = 0; v < base.size(); ++v) {
    if (base[v] != kNegInf) {
      elig.push_back(base[v]);
      elig_v.push_back(v);
    }
  }
  *eligible = static_cast<int64_t>(elig.size());
  const int64_t m = std::min<int64_t>(k, *eligible);
  if (m == 0) {
    *mean_before = std::numeric_limits<double>::quiet_NaN();
    return {};
  }
  const double before = TopMeanSum(elig, m);
  *mean_before = before / m;
  std::vector<TrainingUpgrade> listed;
  for (int32_t sk = 0; sk < w.vocab.skills().size(); ++sk) {
    const int cur = LevelOf(seeker, sk);
    int gmax = 0;
    for (size_t v : elig_v) {
      for (const Requirement& r : w.vacancies[v].requirements)
        if (r.skill == sk) gmax = std::max<int>(gmax, r.min_level);
    }
    std::map<int, TrainingUpgrade> all;
    for (int g = cur + 1; g <= 8; ++g) {
      Seeker mod = seeker;
      SetLevel(mod, sk, g);
      const std::vector<float> after_scores = RescoreAll(w, mod);
      std::vector<float> after;
      int64_t newly = 0;
      for (size_t v = 0; v < after_scores.size(); ++v) {
        // Eligibility does not depend on skills.
        EXPECT_EQ(after_scores[v] == kNegInf, base[v] == kNegInf);
        EXPECT_GE(after_scores[v], base[v]);
        if (base[v] == kNegInf) continue;
        after.push_back(after_scores[v]);
        if (!FullyMet(seeker, w.vacancies[v]) && FullyMet(mod, w.vacancies[v])) ++newly;
      }
      all[g] = {sk, g, (TopMeanSum(after, m) - before) / m, newly};
    }
    // Grades above G_s(k) repeat G_s(k) (or nothing at all).
    for (int g = std::max(cur, gmax) + 1; g <= 8; ++g) {
      if (gmax > cur) {
        EXPECT_EQ(all[g].gain, all[gmax].gain) << "skill " << sk << " grade " << g;
        EXPECT_EQ(all[g].newly_met, all[gmax].newly_met);
      } else {
        EXPECT_EQ(all[g].gain, 0.0);
        EXPECT_EQ(all[g].newly_met, 0);
      }
    }
    for (int g = cur + 1; g <= gmax; ++g) {
      // Listed when it does better than the grade below (the grade held:
      // gain 0, nothing newly met).
      const double below_gain = g == cur + 1 ? 0.0 : all[g - 1].gain;
      const int64_t below_newly = g == cur + 1 ? 0 : all[g - 1].newly_met;
      EXPECT_GE(all[g].gain, below_gain);
      EXPECT_GE(all[g].newly_met, below_newly);
      if (all[g].gain > below_gain || all[g].newly_met > below_newly) listed.push_back(all[g]);
    }
  }
  std::sort(listed.begin(), listed.end(), [](const TrainingUpgrade& a, const TrainingUpgrade& b) {
    if (a.gain != b.gain) return a.gain > b.gain;
    if (a.newly_met != b.newly_met) return a.newly_met > b.newly_met;
    if (a.skill != b.skill) return a.skill < b.skill;
    return a.grade < b.grade;
  });
  if (listed.size() > static_cast<size_t>(top)) listed.resize(top);
  return listed;
}

// Random world: the test-instance generator's rows, adversarial edits, and
// a policy with rules and components switched on and off.
World MakeWorld(uint64_t seed, std::mt19937_64& rng) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  InstanceOptions io;
  io.num_seekers = uni(0, 14);
  io.num_vacancies = uni(0, 30);
  io.num_skills = uni(1, 5);
  io.num_industries = uni(1, 3);
  io.embedding_dim = uni(0, 2) == 0 ? 3 : 0;
  io.coarse = uni(0, 2) != 0;  // coarse values: many exact ties
  auto inst = RandomInstance(seed, io);
  World w;
  w.vocab = inst->vocab;
  w.seekers = inst->seeker_rows;
  w.vacancies = inst->vacancy_rows;
  for (Seeker& s : w.seekers) {
    switch (uni(0, 7)) {
      case 0:  // every skill at the top grade already
        s.skills.clear();
        for (int32_t k = 0; k < io.num_skills; ++k) s.skills.push_back({k, 8});
        break;
      case 1:  // no skill at all
        s.skills.clear();
        break;
      case 2:  // no vacancy within reach (when commute is enforced)
        s.max_commute_km = 0.001f;
        s.accepts_remote = false;
        break;
      default:
        break;
    }
    if (uni(0, 2) == 0) s.area.town = absl::StrCat("镇", uni(0, 1));
  }
  switch (uni(0, 3)) {
    case 0:
      w.policy = Policy::Default();
      break;
    case 1:
      w.policy = testing::RandomPolicy(seed, w.vocab);
      break;
    case 2: {  // rules and eligibility switched off
      w.policy = Policy::Default();
      w.policy.rules.clear();
      w.policy.eligibility = Eligibility{};
      w.policy.eligibility.enforce_max_commute = false;
      w.policy.eligibility.enforce_accessibility = false;
      w.policy.eligibility.kind_restrictions.clear();
      break;
    }
    default: {
      w.policy = testing::RandomPolicy(seed, w.vocab);
      // Skill weight off, or no partial credit, or full partial credit.
      const int c = uni(0, 2);
      if (c == 0) w.policy.weights[0] = 0.0f;
      if (c == 1) w.policy.partial_credit_per_grade = 0.0f;
      if (c == 2) w.policy.partial_credit_per_grade = 1.0f;
      break;
    }
  }
  return w;
}

std::shared_ptr<const Dataset> Build(const World& w) {
  auto data = Dataset::FromRows(w.vocab, w.seekers, w.vacancies, w.policy);
  EXPECT_TRUE(data.ok()) << data.status();
  return data.ok() ? *data : nullptr;
}

TEST(TrainingTest, AdviceEqualsBruteForceRescoringOnRandomInstances) {
  int64_t rows_checked = 0, seekers_without_eligible = 0;
  for (uint64_t seed = 1; seed <= 130; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937_64 rng(seed * 104729);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    World w = MakeWorld(seed, rng);
    auto data = Build(w);
    ASSERT_NE(data, nullptr);
    auto scorer = Scorer::Create(data);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    TrainingOptions o;
    const int ks[] = {1, 2, 3, 10, 100};
    o.k = ks[uni(0, 4)];
    o.top = uni(0, 3) == 0 ? 100 : uni(1, 3);
    o.num_threads = uni(1, 2);
    if (uni(0, 2) == 0 && !w.seekers.empty()) {
      // A subset in a scrambled order.
      for (size_t s = 0; s < w.seekers.size(); ++s)
        if (uni(0, 1)) o.seekers.push_back(static_cast<int64_t>(s));
      std::shuffle(o.seekers.begin(), o.seekers.end(), rng);
    }
    auto advice = AdviseTraining(*scorer, o);
    ASSERT_TRUE(advice.ok()) << advice.status();
    const std::vector<int64_t> want_rows = [&] {
      if (!o.seekers.empty()) return o.seekers;
      std::vector<int64_t> r(w.seekers.size());
      for (size_t s = 0; s < r.size(); ++s) r[s] = static_cast<int64_t>(s);
      return r;
    }();
    ASSERT_EQ(advice->seekers, want_rows);
    ASSERT_EQ(advice->offsets.size(), want_rows.size() + 1);
    for (size_t i = 0; i < want_rows.size(); ++i) {
      SCOPED_TRACE(want_rows[i]);
      int64_t eligible = 0;
      double mean_before = 0.0;
      const std::vector<TrainingUpgrade> want =
          OracleAdvice(w, want_rows[i], o.k, o.top, &eligible, &mean_before);
      EXPECT_EQ(advice->eligible[i], eligible);
      if (eligible == 0) {
        ++seekers_without_eligible;
        EXPECT_TRUE(std::isnan(advice->mean_before[i]));
      } else {
        EXPECT_EQ(advice->mean_before[i], mean_before);
      }
      const auto got = advice->upgrades_of(i);
      ASSERT_EQ(got.size(), want.size());
      for (size_t j = 0; j < want.size(); ++j) {
        EXPECT_EQ(got[j].skill, want[j].skill) << "rank " << j + 1;
        EXPECT_EQ(got[j].grade, want[j].grade) << "rank " << j + 1;
        EXPECT_EQ(got[j].gain, want[j].gain) << "rank " << j + 1;  // bit for bit
        EXPECT_EQ(got[j].newly_met, want[j].newly_met) << "rank " << j + 1;
        ++rows_checked;
      }
    }
    if (::testing::Test::HasFailure()) return;
  }
  // The instances exercise both listed rows and seekers with nothing eligible.
  EXPECT_GT(rows_checked, 300);
  EXPECT_GT(seekers_without_eligible, 10);
}

TEST(TrainingTest, ResultDoesNotDependOnThreadsOrChunking) {
  InstanceOptions io;
  io.num_seekers = 700;  // several chunks of seekers
  io.num_vacancies = 150;
  io.num_skills = 8;
  io.coarse = false;
  auto inst = RandomInstance(99, io);
  auto data =
      Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, Policy::Default());
  ASSERT_TRUE(data.ok());
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok());
  TrainingOptions o;
  o.num_threads = 1;
  auto one = AdviseTraining(*scorer, o);
  o.num_threads = 2;
  auto two = AdviseTraining(*scorer, o);
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(one->offsets, two->offsets);
  ASSERT_EQ(one->upgrades.size(), two->upgrades.size());
  EXPECT_GT(one->upgrades.size(), 100u);
  for (size_t i = 0; i < one->upgrades.size(); ++i) {
    EXPECT_EQ(one->upgrades[i].skill, two->upgrades[i].skill);
    EXPECT_EQ(one->upgrades[i].grade, two->upgrades[i].grade);
    EXPECT_EQ(one->upgrades[i].gain, two->upgrades[i].gain);
    EXPECT_EQ(one->upgrades[i].newly_met, two->upgrades[i].newly_met);
  }
  // One seeker asked alone gets the same advice as within the whole run.
  o.seekers = {417};
  auto alone = AdviseTraining(*scorer, o);
  ASSERT_TRUE(alone.ok());
  const auto a = alone->upgrades_of(0), b = one->upgrades_of(417);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].gain, b[i].gain);
}

// The per-area table recomputed from the definition.
CourseTable OracleCourses(const World& w, const Scorer& scorer, const CourseOptions& o) {
  CourseTable t;
  t.level = o.level;
  std::set<std::pair<std::string, std::string>> area_set;
  auto key = [&](const Seeker& s) {
    return std::make_pair(s.area.district,
                          o.level == AreaLevel::kTown ? s.area.town : std::string());
  };
  for (const Seeker& s : w.seekers) area_set.insert(key(s));
  std::vector<std::pair<std::string, std::string>> areas(area_set.begin(), area_set.end());
  for (const auto& a : areas) {
    t.districts.push_back(a.first);
    t.towns.push_back(a.second);
  }
  for (size_t a = 0; a < areas.size(); ++a) {
    std::vector<CourseRow> rows;
    for (int32_t sk = 0; sk < w.vocab.skills().size(); ++sk) {
      for (int g = 1; g <= 8; ++g) {
        CourseRow r;
        r.area = static_cast<int32_t>(a);
        r.skill = sk;
        r.grade = g;
        std::set<size_t> who;
        for (size_t v = 0; v < w.vacancies.size(); ++v) {
          const Vacancy& vac = w.vacancies[v];
          const int64_t left = vac.openings - (o.filled.empty() ? 0 : o.filled[v]);
          if (left <= 0) continue;
          bool asks = false;
          for (const Requirement& q : vac.requirements) asks |= q.skill == sk && q.min_level == g;
          if (!asks) continue;
          int64_t c = 0;
          for (size_t s = 0; s < w.seekers.size(); ++s) {
            const Seeker& sr = w.seekers[s];
            if (key(sr) != areas[a]) continue;
            if (!o.placed.empty() && o.placed[s]) continue;
            if (!scorer.Eligible(static_cast<int64_t>(s), static_cast<int64_t>(v))) continue;
            Seeker mod = sr;
            SetLevel(mod, sk, std::max(LevelOf(sr, sk), g));
            if (FullyMet(sr, vac) || !FullyMet(mod, vac)) continue;
            ++c;
            who.insert(s);
          }
          r.openings += std::min(left, c);
          r.vacancies += c > 0;
        }
        r.seekers = static_cast<int64_t>(who.size());
        if (r.openings > 0) rows.push_back(r);
      }
    }
    std::sort(rows.begin(), rows.end(), [](const CourseRow& x, const CourseRow& y) {
      if (x.openings != y.openings) return x.openings > y.openings;
      if (x.seekers != y.seekers) return x.seekers > y.seekers;
      if (x.skill != y.skill) return x.skill < y.skill;
      return x.grade < y.grade;
    });
    for (size_t i = 0; i < rows.size(); ++i) {
      rows[i].rank = static_cast<int>(i) + 1;
      t.rows.push_back(rows[i]);
    }
  }
  return t;
}

TEST(TrainingTest, CoursesEqualBruteForceOnRandomInstances) {
  int64_t rows_checked = 0;
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937_64 rng(seed * 15485863);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    World w = MakeWorld(seed, rng);
    // More seekers per area than the advice test: counts above openings.
    for (int i = 0; i < 3 && !w.seekers.empty(); ++i) {
      const size_t n = w.seekers.size();
      for (size_t s = 0; s < n; ++s) {
        Seeker c = w.seekers[s];
        absl::StrAppend(&c.id, "c", i);
        w.seekers.push_back(c);
      }
    }
    auto data = Build(w);
    ASSERT_NE(data, nullptr);
    auto scorer = Scorer::Create(data);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    CourseOptions o;
    o.level = uni(0, 1) ? AreaLevel::kTown : AreaLevel::kDistrict;
    o.num_threads = uni(1, 2);
    if (uni(0, 1)) {
      for (const Vacancy& v : w.vacancies) o.filled.push_back(uni(0, v.openings));
      for (size_t s = 0; s < w.seekers.size(); ++s) o.placed.push_back(uni(0, 3) == 0);
    }
    auto got = RankCourses(*scorer, o);
    ASSERT_TRUE(got.ok()) << got.status();
    const CourseTable want = OracleCourses(w, *scorer, o);
    EXPECT_EQ(got->districts, want.districts);
    EXPECT_EQ(got->towns, want.towns);
    ASSERT_EQ(got->rows.size(), want.rows.size());
    for (size_t i = 0; i < want.rows.size(); ++i) {
      const CourseRow &g = got->rows[i], &x = want.rows[i];
      EXPECT_EQ(std::tie(g.area, g.rank, g.skill, g.grade, g.openings, g.seekers, g.vacancies),
                std::tie(x.area, x.rank, x.skill, x.grade, x.openings, x.seekers, x.vacancies))
          << "row " << i;
      ++rows_checked;
    }
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(rows_checked, 200);
}

// A small city written out by hand: the worked example of docs/analytics.md.
TEST(TrainingTest, WorkedExampleOfTheDocs) {
  World w;
  const int32_t weld = w.vocab.AddSkill("welding");
  const int32_t cnc = w.vocab.AddSkill("cnc");
  w.vocab.AddIndustry("manufacturing");
  w.policy = Policy::Default();
  w.policy.weights = {1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};  // skill coverage only
  w.policy.rules.clear();
  auto vac = [&](const std::string& id, std::vector<Requirement> req, int openings) {
    Vacancy v;
    v.id = id;
    v.area.district = "黄岛区";
    v.lat = 36.0;
    v.lon = 120.3;
    v.openings = openings;
    v.requirements = std::move(req);
    w.vacancies.push_back(v);
  };
  vac("V1", {{weld, 3, 1.0f}}, 2);                  // welding 3
  vac("V2", {{weld, 5, 1.0f}, {cnc, 2, 1.0f}}, 1);  // welding 5 + cnc 2, equal importance
  vac("V3", {{cnc, 4, 1.0f}}, 3);                   // cnc 4
  Seeker s;
  s.id = "S1";
  s.area.district = "黄岛区";
  s.lat = 36.0;
  s.lon = 120.3;
  s.skills = {{weld, 3}};
  w.seekers.push_back(s);
  auto data = Build(w);
  auto scorer = Scorer::Create(data);
  ASSERT_TRUE(scorer.ok());
  // Scores today (partial credit 0.25 per grade short): V1 = 1, V2 = 0.5 *
  // 0.5 + 0.5 * 0 = 0.25, V3 = 0. k = 2: mean 0.625.
  TrainingOptions o;
  o.k = 2;
  o.top = 10;
  auto a = AdviseTraining(*scorer, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->mean_before[0], 0.625);
  // Upgrades (V1 stays 1): welding 4 -> V2 = 0.375, gain 0.0625; welding 5
  // -> V2 = 0.5, gain 0.125 (V2 still lacks cnc: nothing newly met); cnc 1
  // -> V2 = 0.625, V3 = 0.25, gain 0.1875; cnc 2 -> V2 = 0.75, V3 = 0.5,
  // gain 0.25; cnc 3 -> V2 = 0.75, V3 = 0.75, gain 0.25, nothing more than
  // cnc 2: not listed; cnc 4 -> V3 = 1, top 2 = {1, 1}, gain 0.375, newly
  // meets V3. Welding 6..8 would repeat welding 5 and cnc 5..8 cnc 4: not
  // candidates.
  std::ostringstream listing;
  for (const TrainingUpgrade& u : a->upgrades_of(0)) {
    listing << w.vocab.skills().Name(u.skill) << " " << u.grade << " " << u.gain << " "
            << u.newly_met << "\n";
  }
  EXPECT_EQ(listing.str(),
            "cnc 4 0.375 1\n"
            "cnc 2 0.25 0\n"
            "cnc 1 0.1875 0\n"
            "welding 5 0.125 0\n"
            "welding 4 0.0625 0\n");
  // Courses of 黄岛区: V3 (3 openings) needs only cnc 4 of S1 -> 1 opening;
  // V2 lacks two skills, V1 is met already.
  auto c = RankCourses(*scorer, {});
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->rows.size(), 1u);
  EXPECT_EQ(c->districts, std::vector<std::string>{"黄岛区"});
  EXPECT_EQ(std::tie(c->rows[0].skill, c->rows[0].grade, c->rows[0].openings, c->rows[0].seekers,
                     c->rows[0].vacancies, c->rows[0].rank),
            std::make_tuple(cnc, 4, int64_t{1}, int64_t{1}, int64_t{1}, 1));
}

TEST(TrainingTest, NoEligibleVacancyNoAdviceAndEmptyInputs) {
  World w;
  w.vocab.AddSkill("a");
  w.policy = Policy::Default();
  auto data = Build(w);
  auto scorer = Scorer::Create(data);
  ASSERT_TRUE(scorer.ok());
  auto a = AdviseTraining(*scorer, {});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->seekers.empty());
  EXPECT_EQ(a->offsets, std::vector<int64_t>{0});
  auto c = RankCourses(*scorer, {});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->rows.empty());
}

TEST(TrainingTest, RefusesBadOptions) {
  auto inst = RandomInstance(5);
  auto data =
      Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, Policy::Default());
  ASSERT_TRUE(data.ok());
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok());
  TrainingOptions o;
  o.k = 0;
  EXPECT_EQ(AdviseTraining(*scorer, o).status().code(), absl::StatusCode::kInvalidArgument);
  o.k = 10;
  o.top = 0;
  EXPECT_EQ(AdviseTraining(*scorer, o).status().code(), absl::StatusCode::kInvalidArgument);
  o.top = 3;
  o.seekers = {0, 40};
  auto st = AdviseTraining(*scorer, o).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("seekers[1]"), std::string::npos) << st;
  o.seekers = {3, 3};
  st = AdviseTraining(*scorer, o).status();
  EXPECT_NE(st.message().find("twice"), std::string::npos) << st;
  o.seekers = {};
  o.num_threads = -1;
  EXPECT_EQ(AdviseTraining(*scorer, o).status().code(), absl::StatusCode::kInvalidArgument);
  CourseOptions c;
  c.filled = {1, 2};
  EXPECT_EQ(RankCourses(*scorer, c).status().code(), absl::StatusCode::kInvalidArgument);
  c.filled.assign(inst->vacancy_rows.size(), 0);
  c.filled[4] = inst->vacancy_rows[4].openings + 1;
  st = RankCourses(*scorer, c).status();
  EXPECT_NE(st.message().find("filled[4]"), std::string::npos) << st;
  c.filled.clear();
  c.placed = {1};
  EXPECT_EQ(RankCourses(*scorer, c).status().code(), absl::StatusCode::kInvalidArgument);
  // Cancelled by the progress callback.
  TrainingOptions p;
  p.progress = [](int64_t, int64_t) { return false; };
  EXPECT_EQ(AdviseTraining(*scorer, p).status().code(), absl::StatusCode::kCancelled);
}

TEST(TrainingTest, CsvNamesPersonsAndIsPrivate) {
  auto inst = RandomInstance(11);
  auto data =
      Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, Policy::Default());
  ASSERT_TRUE(data.ok());
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok());
  auto a = AdviseTraining(*scorer, {});
  ASSERT_TRUE(a.ok());
  const std::string path = ::testing::TempDir() + "/training_advice.csv";
  ASSERT_TRUE(WriteTrainingCsv(path, *a, *scorer).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "seeker_id,rank,skill,grade,gain,newly_met");
  int64_t lines = 0;
  while (std::getline(in, line)) ++lines;
  EXPECT_EQ(lines, static_cast<int64_t>(a->upgrades.size()));
  auto c = RankCourses(*scorer, {});
  ASSERT_TRUE(c.ok());
  const std::string cpath = ::testing::TempDir() + "/training_courses.csv";
  ASSERT_TRUE(WriteCoursesCsv(cpath, *c, scorer->vocabulary()).ok());
  ASSERT_EQ(stat(cpath.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u & ~static_cast<unsigned>(umask(0)) & 0777);
}

}  // namespace
}  // namespace jobmatch
