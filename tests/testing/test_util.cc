// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "testing/test_util.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/policy/policy_check.h"

namespace jobmatch::testing {

std::unique_ptr<Instance> RandomInstance(uint64_t seed, const InstanceOptions& opt) {
  auto inst = std::make_unique<Instance>();
  std::mt19937_64 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto real = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  for (int i = 0; i < opt.num_skills; ++i) inst->vocab.AddSkill(absl::StrCat("skill", i));
  for (int i = 0; i < opt.num_industries; ++i) inst->vocab.AddIndustry(absl::StrCat("ind", i));
  const int ngroups = inst->vocab.groups().size();
  // Coarse grid of locations so that distances repeat exactly.
  auto coord = [&](double& lat, double& lon) {
    if (opt.coarse) {
      lat = 36.0 + 0.05 * uni(0, 4);
      lon = 120.3 + 0.05 * uni(0, 4);
    } else {
      lat = real(35.9, 36.2);
      lon = real(120.2, 120.6);
    }
  };
  auto embedding = [&]() {
    std::vector<float> e(opt.embedding_dim);
    for (float& x : e)
      x = opt.coarse ? static_cast<float>(uni(-2, 2)) : static_cast<float>(real(-1, 1));
    if (opt.embedding_dim > 0 && opt.coarse) e[0] = 3.0f;  // avoid zero vectors
    return e;
  };
  for (int i = 0; i < opt.num_seekers; ++i) {
    Seeker s;
    s.id = absl::StrCat("S", i);
    s.household_id = absl::StrCat("H", i / 2);
    s.area = {absl::StrCat("区", uni(0, 2)), "街道", "社区"};
    coord(s.lat, s.lon);
    for (int g = 0; g < ngroups; ++g) {
      if (coin(0.25)) s.groups |= GroupMask{1} << g;
    }
    for (int k = 0; k < opt.num_skills; ++k) {
      if (coin(0.5)) s.skills.push_back({k, static_cast<int8_t>(uni(1, 8))});
    }
    s.education = static_cast<Education>(uni(0, 6));
    s.reservation_wage = coin(0.2) ? 0.0f : 1000.0f * uni(2, 8);
    s.max_commute_km = coin(0.3) ? 0.0f : 5.0f * uni(1, 4);
    s.schedule = static_cast<Schedule>(uni(0, 3));
    s.needs_accessibility = coin(0.15);
    s.accepts_remote = coin(0.3);
    s.months_unemployed = uni(0, 24);
    for (int k = 0; k < opt.num_industries; ++k) {
      if (coin(0.2)) s.preferred_industries.push_back(k);
    }
    s.embedding = embedding();
    inst->seeker_rows.push_back(std::move(s));
  }
  for (int i = 0; i < opt.num_vacancies; ++i) {
    Vacancy v;
    v.id = absl::StrCat("V", i);
    v.employer_id = absl::StrCat("E", i / 3);
    v.area = {absl::StrCat("区", uni(0, 2)), "", ""};
    coord(v.lat, v.lon);
    v.openings = uni(0, opt.max_openings);
    for (int k = 0; k < opt.num_skills; ++k) {
      if (coin(0.35)) {
        v.requirements.push_back(
            {k, static_cast<int8_t>(uni(1, 8)),
             opt.coarse ? static_cast<float>(uni(1, 3)) : static_cast<float>(real(0.1, 3))});
      }
    }
    v.min_education = static_cast<Education>(uni(0, 6));
    v.wage_min = 1000.0f * uni(2, 6);
    v.wage_max = v.wage_min + 1000.0f * uni(0, 4);
    v.schedule = static_cast<Schedule>(uni(0, 2));
    v.accessible = coin(0.5);
    v.remote = coin(0.2);
    v.kind = static_cast<VacancyKind>(uni(0, 3));
    v.industry = uni(0, opt.num_industries - 1);
    v.embedding = embedding();
    inst->vacancy_rows.push_back(std::move(v));
  }
  // Dates from a generator of their own, so that the other fields stay what
  // they were before dates existed (tests and reference files rely on it).
  std::mt19937_64 date_rng(seed * 0x9E3779B97F4A7C15ULL + 17);
  auto date = [&]() -> std::optional<Date> {
    if (std::uniform_int_distribution<int>(0, 3)(date_rng) == 0) return std::nullopt;
    return Date{std::uniform_int_distribution<int32_t>(19000, 20800)(date_rng)};
  };
  for (Seeker& s : inst->seeker_rows) s.registered_on = date();
  for (Vacancy& v : inst->vacancy_rows) v.posted_on = date();
  EXPECT_TRUE(inst->seekers.Append(inst->seeker_rows, inst->vocab).ok());
  EXPECT_TRUE(inst->vacancies.Append(inst->vacancy_rows, inst->vocab).ok());
  return inst;
}

Policy RandomPolicy(uint64_t seed, const Vocabulary& vocab) {
  std::mt19937_64 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  Policy p = Policy::Default();
  for (float& w : p.weights) w = coin(0.2) ? 0.0f : 0.05f * uni(1, 10);
  p.weights[0] = 0.05f * uni(1, 10);  // keep the sum > 0
  p.partial_credit_per_grade = 0.125f * uni(0, 8);
  p.wage_zero_ratio = 0.25f * uni(0, 3);
  p.education_penalty_per_level = 0.25f * uni(0, 4);
  p.default_max_commute_km = 5.0f * uni(1, 6);
  p.max_total_boost = 0.05f * uni(0, 8);
  p.rules.clear();
  const int nrules = uni(0, 8);
  for (int r = 0; r < nrules; ++r) {
    PriorityRule rule;
    rule.name = absl::StrCat("rule", r);
    rule.weight = 0.025f * uni(0, 6);
    const int ng = uni(coin(0.3) ? 0 : 1, 2);
    for (int i = 0; i < ng; ++i)
      rule.groups.push_back(vocab.groups().Name(uni(0, vocab.groups().size() - 1)));
    if (coin(0.3)) rule.min_months_unemployed = uni(1, 12);
    if (coin(0.2) || (rule.groups.empty() && rule.min_months_unemployed == 0)) {
      rule.seeker_schedules.push_back(static_cast<Schedule>(uni(0, 3)));
    }
    if (coin(0.3)) rule.kinds.push_back(static_cast<VacancyKind>(uni(0, 3)));
    if (coin(0.2) && vocab.industries().size() > 0) {
      rule.industries.push_back(vocab.industries().Name(uni(0, vocab.industries().size() - 1)));
    }
    if (coin(0.2)) rule.schedules.push_back(static_cast<Schedule>(uni(0, 2)));
    p.rules.push_back(rule);
  }
  p.eligibility.enforce_max_commute = coin(0.6);
  p.eligibility.enforce_accessibility = coin(0.7);
  p.eligibility.enforce_min_education = coin(0.3);
  p.eligibility.enforce_reservation_wage = coin(0.3);
  p.eligibility.kind_restrictions.clear();
  if (coin(0.6))
    p.eligibility.kind_restrictions.push_back({VacancyKind::kPublicWelfare, {"hard_to_employ"}});
  if (coin(0.5))
    p.eligibility.kind_restrictions.push_back(
        {VacancyKind::kTrainee, {"graduate_youth", "veteran"}});
  p.quotas.clear();
  if (coin(0.3)) {
    QuotaRule q;
    q.name = "quota";
    q.groups = {"graduate_youth"};
    if (coin(0.5)) q.kinds = {VacancyKind::kTrainee, VacancyKind::kRegular};
    q.share = 0.25f * uni(1, 4);
    p.quotas.push_back(q);
  }
  // Random rules may leave a protected group out (policy_check.h, guarantee
  // 4), which the checker refuses. Such a policy gets one more rule that
  // gives the protected groups as much as all the rules together, so it
  // passes; every other policy is unchanged (no random draw is added).
  if (!CheckPolicy(p).ok()) {
    PriorityRule r;
    r.name = "protected_groups";
    for (const PriorityRule& other : p.rules) r.weight += other.weight;
    r.groups.assign(std::begin(kProtectedGroups), std::end(kProtectedGroups));
    p.rules.push_back(r);
  }
  const absl::Status st = CheckPolicy(p);
  EXPECT_TRUE(st.ok()) << st;
  return p;
}

void ExpectFeasibleAssignment(int64_t rows, absl::Span<const int32_t> capacity,
                              const EdgeList& edges, const Assignment& a, float min_weight) {
  ASSERT_EQ(static_cast<int64_t>(a.col_of_row.size()), rows);
  ASSERT_EQ(static_cast<int64_t>(a.edge_of_row.size()), rows);
  std::vector<int64_t> load(capacity.size(), 0);
  int64_t card = 0;
  double w = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t e = a.edge_of_row[r];
    if (e < 0) {
      ASSERT_EQ(a.col_of_row[r], -1);
      continue;
    }
    ASSERT_EQ(edges.row[e], r);
    ASSERT_EQ(edges.col[e], a.col_of_row[r]);
    ASSERT_GE(edges.weight[e], min_weight);
    ++load[a.col_of_row[r]];
    ++card;
    w += edges.weight[e];
  }
  for (size_t c = 0; c < load.size(); ++c) ASSERT_LE(load[c], capacity[c]) << "column " << c;
  EXPECT_EQ(card, a.cardinality);
  EXPECT_NEAR(w, a.total_weight, 1e-6);
}

std::string ReadSourceFile(const std::string& relative_path) {
  std::ifstream in(std::string(JOBMATCH_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int RandomCases(int full, int minimum) {
  const char* text = std::getenv("JOBMATCH_TEST_SCALE");
  if (text == nullptr || *text == '\0') return full;
  char* end = nullptr;
  const double scale = std::strtod(text, &end);
  if (*end != '\0' || !(scale > 0.0 && scale <= 1.0)) {
    ADD_FAILURE() << "JOBMATCH_TEST_SCALE must be a number in (0, 1], got '" << text << "'";
    return full;
  }
  const int scaled = static_cast<int>(std::ceil(full * scale));
  return std::min(full, std::max(minimum, scaled));
}

}  // namespace jobmatch::testing
