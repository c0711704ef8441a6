// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Outreach case lists against an oracle written from the definitions
// (analytics/outreach.h, docs/analytics.md) on the row vectors: who is
// listed and why, the station, the need order, and each person's vacancies
// by scoring every pair with Scorer::Score and sorting; properties (every
// listed vacancy is eligible and has a free place, every uncovered
// zero-employment household is at exactly one station, everyone once); the
// files (CSV lines, HTML pages, mode 0600); refusals of bad options; the
// policy file's outreach section.
#include "jobmatch/analytics/outreach.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "jobmatch/analytics/mismatch.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/policy/policy.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using testing::InstanceOptions;
using testing::RandomInstance;

bool InGroup(const Seeker& s, const Vocabulary& vocab, std::string_view name) {
  const auto g = vocab.FindGroup(name);
  return g && ((s.groups >> *g) & 1);
}

std::string Unknown(const std::string& v) { return v.empty() ? "(unknown)" : v; }

std::string OracleStation(const Seeker& s, OutreachLevel level) {
  std::string n = Unknown(s.area.district);
  if (level != OutreachLevel::kDistrict) n += "/" + Unknown(s.area.town);
  if (level == OutreachLevel::kVillage) n += "/" + Unknown(s.area.village);
  return n;
}

struct OracleCase {
  int64_t seeker;
  int reasons;
  std::string station;
  std::vector<std::pair<int64_t, float>> vacancies;
};

// The whole list from the definitions. Returns station name -> cases in
// need order.
std::map<std::string, std::vector<OracleCase>> Oracle(
    const Scorer& scorer, const std::vector<Seeker>& S, const std::vector<Vacancy>& V,
    const std::vector<int64_t>& placed, OutreachLevel level, int top, int months_threshold,
    int64_t* uncovered_households) {
  const Vocabulary& vocab = scorer.vocabulary();
  const int64_t ns = static_cast<int64_t>(S.size()), nv = static_cast<int64_t>(V.size());
  // Households: members by key (a member without an id is alone).
  std::map<std::string, std::vector<int64_t>> members;
  for (int64_t s = 0; s < ns; ++s) {
    if (!InGroup(S[s], vocab, "zero_employment_household")) continue;
    const std::string key =
        S[s].household_id.empty() ? "\x01" + std::to_string(s) : "\x02" + S[s].household_id;
    members[key].push_back(s);
  }
  std::vector<int> reasons(ns, 0);
  std::vector<int64_t> anchor(ns, -1);
  std::vector<int> unit_reasons(ns, 0);
  std::vector<int64_t> unit_months(ns, 0);
  *uncovered_households = 0;
  for (const auto& [key, m] : members) {
    bool covered = false;
    for (int64_t s : m) covered |= placed[s] >= 0;
    if (covered) continue;
    ++*uncovered_households;
    for (int64_t s : m) {
      reasons[s] |= 1;
      anchor[s] = *std::min_element(m.begin(), m.end());
    }
  }
  for (int64_t s = 0; s < ns; ++s) {
    if (InGroup(S[s], vocab, "hard_to_employ")) reasons[s] |= 2;
    if (InGroup(S[s], vocab, "disabled")) reasons[s] |= 4;
    if (InGroup(S[s], vocab, "graduate_youth") && S[s].months_unemployed >= months_threshold)
      reasons[s] |= 8;
  }
  for (const auto& [key, m] : members) {
    for (int64_t s : m) {
      if (!(reasons[s] & 1)) continue;
      for (int64_t t : m) {
        unit_reasons[s] =
            std::max(unit_reasons[s], std::popcount(static_cast<unsigned>(reasons[t])));
        unit_months[s] = std::max<int64_t>(unit_months[s], S[t].months_unemployed);
      }
    }
  }
  std::vector<int32_t> filled(nv, 0);
  for (int64_t v : placed) {
    if (v >= 0) ++filled[v];
  }
  std::map<std::string,
           std::vector<std::pair<std::tuple<int, int, int64_t, int64_t, int64_t>, OracleCase>>>
      by;
  for (int64_t s = 0; s < ns; ++s) {
    if (reasons[s] == 0) continue;
    OracleCase c;
    c.seeker = s;
    c.reasons = reasons[s];
    const bool zeh = reasons[s] & 1;
    c.station = OracleStation(S[zeh ? anchor[s] : s], level);
    std::vector<std::pair<float, int64_t>> all;
    for (int64_t v = 0; v < nv; ++v) {
      if (filled[v] >= V[v].openings) continue;
      const float sc = scorer.Score(s, v);
      if (std::isinf(sc)) continue;
      all.push_back({sc, v});
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (int j = 0; j < top && j < static_cast<int>(all.size()); ++j)
      c.vacancies.push_back({all[j].second, all[j].first});
    int urgent = 0;
    while (!((reasons[s] >> urgent) & 1)) ++urgent;
    const int nr = zeh ? unit_reasons[s] : std::popcount(static_cast<unsigned>(reasons[s]));
    const int64_t months = zeh ? unit_months[s] : S[s].months_unemployed;
    by[c.station].push_back({{urgent, -nr, -months, zeh ? anchor[s] : s, s}, c});
  }
  std::map<std::string, std::vector<OracleCase>> out;
  for (auto& [name, v] : by) {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [k, c] : v) out[name].push_back(c);
  }
  return out;
}

// A random allocation that respects openings.
std::vector<int64_t> RandomPlacement(const std::vector<Vacancy>& V, int64_t ns,
                                     std::mt19937_64& rng) {
  std::vector<int64_t> placed(ns, -1);
  std::vector<int32_t> room;
  for (const Vacancy& v : V) room.push_back(v.openings);
  for (int64_t s = 0; s < ns; ++s) {
    if (std::uniform_int_distribution<int>(0, 2)(rng) != 0 || V.empty()) continue;
    const int64_t v = std::uniform_int_distribution<int64_t>(0, V.size() - 1)(rng);
    if (room[v] > 0) {
      --room[v];
      placed[s] = v;
    }
  }
  return placed;
}

void CheckList(const OutreachList& got, const std::map<std::string, std::vector<OracleCase>>& want,
               const Scorer& scorer, int64_t uncovered) {
  ASSERT_EQ(got.stations.size(), want.size());
  EXPECT_EQ(got.households_uncovered, uncovered);
  int64_t cases = 0, station_households = 0;
  std::set<int64_t> seen;
  size_t k = 0;
  for (const auto& [name, wc] : want) {
    const OutreachStation& st = got.stations[k++];
    ASSERT_EQ(st.name, name);
    ASSERT_EQ(st.cases.size(), wc.size()) << name;
    station_households += st.households_uncovered;
    for (size_t i = 0; i < wc.size(); ++i) {
      const OutreachCase& c = st.cases[i];
      EXPECT_EQ(c.need_rank, static_cast<int64_t>(i) + 1);
      ASSERT_EQ(c.seeker, wc[i].seeker) << name << " need rank " << i + 1;
      EXPECT_EQ(c.reasons, wc[i].reasons);
      EXPECT_TRUE(seen.insert(c.seeker).second) << "listed twice";
      ASSERT_EQ(c.vacancies.size(), wc[i].vacancies.size()) << "seeker row " << c.seeker;
      for (size_t j = 0; j < c.vacancies.size(); ++j) {
        EXPECT_EQ(c.vacancies[j].vacancy, wc[i].vacancies[j].first);
        EXPECT_EQ(c.vacancies[j].score, wc[i].vacancies[j].second);  // bit for bit
        EXPECT_TRUE(scorer.Eligible(c.seeker, c.vacancies[j].vacancy));
        const Explanation e = scorer.Explain(c.seeker, c.vacancies[j].vacancy);
        ASSERT_EQ(c.vacancies[j].rules.size(), e.rules.size());
        for (size_t r = 0; r < e.rules.size(); ++r)
          EXPECT_EQ(c.vacancies[j].rules[r], e.rules[r].name);
        EXPECT_EQ(c.vacancies[j].distance_km, e.distance_km);
      }
      ++cases;
    }
  }
  EXPECT_EQ(got.cases, cases);
  EXPECT_EQ(station_households, uncovered);
}

TEST(OutreachTest, EqualsOracleOnRandomInstances) {
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937_64 rng(seed * 7919);
    InstanceOptions io;
    io.num_seekers = std::uniform_int_distribution<int>(0, 60)(rng);
    io.num_vacancies = std::uniform_int_distribution<int>(0, 40)(rng);
    io.coarse = seed % 2 == 0;
    auto inst = RandomInstance(seed, io);
    // Households of 1-3 members across districts; some members without an id.
    for (size_t s = 0; s < inst->seeker_rows.size(); ++s) {
      Seeker& row = inst->seeker_rows[s];
      const int h = std::uniform_int_distribution<int>(0, 9)(rng);
      row.household_id = h == 0 ? "" : "户" + std::to_string(s / 3) + "-" + std::to_string(h % 2);
      if (seed % 5 == 0) row.area.town = std::uniform_int_distribution<int>(0, 1)(rng) ? "镇A" : "";
    }
    Policy policy = seed % 3 == 0 ? testing::RandomPolicy(seed, inst->vocab) : Policy::Default();
    policy.outreach.long_unemployed_months = std::uniform_int_distribution<int>(0, 24)(rng);
    auto data = Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, policy);
    ASSERT_TRUE(data.ok()) << data.status();
    auto scorer = Scorer::Create(*data);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    OutreachOptions o;
    o.level = static_cast<OutreachLevel>(seed % 3);
    o.top = std::uniform_int_distribution<int>(0, 7)(rng);
    o.num_threads = 1 + static_cast<int>(seed % 2);
    const int64_t ns = static_cast<int64_t>(inst->seeker_rows.size());
    std::vector<int64_t> placed;
    if (seed % 4 == 0) {
      // Allocated inside: the same as Allocate with household coverage.
      AllocationOptions ao;
      ao.household_coverage = true;
      auto r = Allocate(*scorer, ao);
      ASSERT_TRUE(r.ok()) << r.status();
      placed = r->vacancy_of_seeker;
    } else {
      placed = RandomPlacement(inst->vacancy_rows, ns, rng);
      o.vacancy_of_seeker = placed;
    }
    if (ns == 0) placed.clear();
    auto got = Outreach(*scorer, o);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->allocated_here, seed % 4 == 0 && ns > 0);
    int64_t uncovered = 0;
    const auto want = Oracle(*scorer, inst->seeker_rows, inst->vacancy_rows,
                             placed.empty() ? std::vector<int64_t>(ns, -1) : placed, o.level, o.top,
                             policy.outreach.long_unemployed_months, &uncovered);
    CheckList(*got, want, *scorer, uncovered);
    for (const OutreachStation& st : got->stations) {
      for (const OutreachCase& c : st.cases) {
        EXPECT_EQ(c.allocated_vacancy, placed[c.seeker]);
        // The training advice is AdviseTraining's for the person alone.
        TrainingOptions to;
        to.seekers = {c.seeker};
        to.k = 10;
        to.top = 2;
        auto advice = AdviseTraining(*scorer, to);
        ASSERT_TRUE(advice.ok()) << advice.status();
        const auto want = advice->upgrades_of(0);
        ASSERT_EQ(c.training.size(), want.size());
        for (size_t j = 0; j < want.size(); ++j) {
          EXPECT_EQ(c.training[j].skill, want[j].skill);
          EXPECT_EQ(c.training[j].grade, want[j].grade);
          EXPECT_EQ(c.training[j].gain, want[j].gain);
          EXPECT_EQ(c.training[j].newly_met, want[j].newly_met);
        }
      }
    }
  }
}

TEST(OutreachTest, ThresholdFromOptionsOverridesPolicy) {
  auto inst = RandomInstance(3, {.num_seekers = 50, .num_vacancies = 20});
  auto data =
      Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, Policy::Default());
  ASSERT_TRUE(data.ok());
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok());
  OutreachOptions o;
  o.vacancy_of_seeker.assign(50, -1);
  int64_t youth_low = 0, youth_high = 0;
  for (int32_t m : {0, 1000}) {
    o.long_unemployed_months = m;
    auto l = Outreach(*scorer, o);
    ASSERT_TRUE(l.ok());
    EXPECT_EQ(l->long_unemployed_months, m);
    int64_t n = 0;
    for (const auto& st : l->stations)
      for (const auto& c : st.cases) n += (c.reasons & kOutreachLongUnemployedYouth) != 0;
    (m == 0 ? youth_low : youth_high) = n;
  }
  int64_t youth = 0;
  const auto g = inst->vocab.FindGroup("graduate_youth");
  for (const Seeker& s : inst->seeker_rows) youth += (s.groups >> *g) & 1;
  EXPECT_EQ(youth_low, youth);
  EXPECT_GT(youth_low, 0);
  EXPECT_EQ(youth_high, 0);
}

TEST(OutreachTest, RefusesBadOptions) {
  auto inst = RandomInstance(5, {.num_seekers = 10, .num_vacancies = 5});
  auto data =
      Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, Policy::Default());
  ASSERT_TRUE(data.ok());
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok());
  auto code = [&](const OutreachOptions& o) { return Outreach(*scorer, o).status().code(); };
  OutreachOptions o;
  o.vacancy_of_seeker.assign(10, -1);
  o.top = -1;
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.top = 1001;
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.top = 5;
  o.training_top = 21;
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.training_top = 2;
  o.training_k = 0;
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.training_k = 10;
  o.long_unemployed_months = -1;
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.long_unemployed_months.reset();
  o.vacancy_of_seeker.assign(9, -1);
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.vacancy_of_seeker.assign(10, -1);
  o.vacancy_of_seeker[3] = 5;  // not a vacancy row
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.vacancy_of_seeker[3] = -2;
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  // More placements than openings.
  o.vacancy_of_seeker.assign(10, 0);
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.vacancy_of_seeker.assign(10, -1);
  o.num_threads = -1;
  EXPECT_EQ(code(o), absl::StatusCode::kInvalidArgument);
  o.num_threads = 0;
  o.memory_budget_bytes = 1;
  EXPECT_EQ(code(o), absl::StatusCode::kResourceExhausted);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(OutreachTest, FilesHoldEveryCaseAndArePrivate) {
  auto inst = RandomInstance(11, {.num_seekers = 80, .num_vacancies = 30});
  inst->seeker_rows[0].area.district = "崂山区<&>\"";  // escaped in HTML, quoted in CSV
  inst->seeker_rows[0].groups |= GroupMask{1} << *inst->vocab.FindGroup("hard_to_employ");
  auto data =
      Dataset::FromRows(inst->vocab, inst->seeker_rows, inst->vacancy_rows, Policy::Default());
  ASSERT_TRUE(data.ok()) << data.status();
  auto scorer = Scorer::Create(*data);
  ASSERT_TRUE(scorer.ok());
  OutreachOptions o;
  o.level = OutreachLevel::kDistrict;
  o.top = 3;
  auto list = Outreach(*scorer, o);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_GT(list->cases, 0);
  const std::string dir = ::testing::TempDir() + "/outreach_files";
  std::filesystem::remove_all(dir);
  const std::string csv = ::testing::TempDir() + "/outreach_test.csv";
  ASSERT_TRUE(WriteOutreachCsv(csv, *list, *scorer).ok());
  EXPECT_EQ(ModeOf(csv), 0600);
  int64_t want_lines = 1;
  for (const auto& st : list->stations)
    for (const auto& c : st.cases) want_lines += std::max<int64_t>(1, c.vacancies.size());
  const std::string text = ReadAll(csv);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), want_lines);
  EXPECT_NE(text.find("\"崂山区<&>\"\"\""), std::string::npos);
  auto files = WriteOutreachHtml(dir, *list, *scorer);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->size(), list->stations.size() + 1);
  EXPECT_EQ(ModeOf(dir), 0700);
  bool escaped = false;
  for (size_t k = 0; k < files->size(); ++k) {
    EXPECT_EQ(ModeOf((*files)[k]), 0600);
    const std::string page = ReadAll((*files)[k]);
    EXPECT_EQ(page.find("<&>"), std::string::npos);
    escaped |= page.find("崂山区&lt;&amp;&gt;&quot;") != std::string::npos;
    if (k == 0) continue;
    const OutreachStation& st = list->stations[k - 1];
    size_t sections = 0;
    for (size_t p = page.find("<section class=\"case\""); p != std::string::npos;
         p = page.find("<section class=\"case\"", p + 1))
      ++sections;
    EXPECT_EQ(sections, st.cases.size());
    EXPECT_NE(page.find("@media print"), std::string::npos);
    EXPECT_EQ(page.find("http://"), std::string::npos);  // no external assets
    EXPECT_EQ(page.find("https://"), std::string::npos);
  }
  EXPECT_TRUE(escaped);
  // Each person's training advice is in both files.
  int64_t with_training = 0;
  for (const auto& st : list->stations) {
    for (const auto& c : st.cases) {
      const std::string t = OutreachTrainingText(c, scorer->vocabulary());
      if (t.empty()) continue;
      ++with_training;
      EXPECT_NE(text.find(t), std::string::npos) << t;
    }
  }
  EXPECT_GT(with_training, 0);
  // A file where the directory should be is refused.
  EXPECT_FALSE(WriteOutreachHtml(csv, *list, *scorer).ok());
}

TEST(OutreachTest, PolicyFileSection) {
  auto p = Policy::FromJson(R"({"format_version": 1, "outreach": {"long_unemployed_months": 12}})",
                            "p.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->outreach.long_unemployed_months, 12);
  auto back = Policy::FromJson(p->ToJson(), "back.json");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->outreach.long_unemployed_months, 12);
  EXPECT_EQ(Policy::Default().ToJson().find("outreach"), std::string::npos);
  for (const char* bad : {R"({"format_version": 1, "outreach": {"long_unemployed_months": 6.5}})",
                          R"({"format_version": 1, "outreach": {"long_unemployed_months": -1}})",
                          R"({"format_version": 1, "outreach": {"long_unemployed_months": 1201}})",
                          R"({"format_version": 1, "outreach": {"long_unemployed_months": "6"}})",
                          R"({"format_version": 1, "outreach": {"months": 6}})"}) {
    auto r = Policy::FromJson(bad, "bad.json");
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(std::string(r.status().message()).find("outreach"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace jobmatch
