// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Vacancies of the synthetic city, one employer at a time: each employer has
// its own random stream (seed, kTagEmployer, index). The draws of a vacancy
// happen in a fixed order (GenerateVacancy's steps); changing it changes the
// data.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jobmatch/data/types.h"
#include "jobmatch/synth/generator.h"
#include "synth/internal/city_model.h"
#include "synth/internal/city_tables.h"
#include "synth/internal/random.h"

// Bit-exact output needs every a * b + c rounded twice, never fused into an
// FMA, whatever flags this file is built with (the library's CMake also
// passes -ffp-contract=off; this guards other build systems). Every file of
// the generator that does its floating-point math carries this block after
// its includes.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace jobmatch::internal::synth {
namespace {

// Regular, trainee or gig post; an employer of public-welfare posts offers
// nothing else.
VacancyKind DrawKind(const IndustrySpec& spec, Rng& rng, bool welfare) {
  if (welfare) return VacancyKind::kPublicWelfare;
  const double u = rng.Uniform();
  return u < spec.p_gig                    ? VacancyKind::kGig
         : u < spec.p_gig + spec.p_trainee ? VacancyKind::kTrainee
                                           : VacancyKind::kRegular;
}

// How many skills a post asks for, at what grades, and the minimum education.
struct RequirementPlan {
  int num_req = 1;
  int base_level = 1;
  int max_level = 6;
  int edu = 0;
};

RequirementPlan PlanRequirements(const World& w, const IndustrySpec& spec, Rng& rng,
                                 VacancyKind kind) {
  RequirementPlan plan;
  switch (kind) {
    case VacancyKind::kRegular:
      plan.num_req = 1 + w.regular_req_count.Sample(rng);
      plan.base_level = 1 + w.regular_min_level.Sample(rng);
      plan.edu = w.min_education[spec.edu].Sample(rng);
      break;
    case VacancyKind::kTrainee:  // for graduates: low skill, some schooling
      plan.num_req = 1 + rng.UniformInt(3);
      plan.base_level = 1 + (rng.Bernoulli(0.4) ? 1 : 0);
      plan.max_level = 2;
      plan.edu = std::array{3, 4, 4, 5, 5}[rng.UniformInt(5)];
      break;
    case VacancyKind::kPublicWelfare:  // reserved for hard-to-employ persons
      plan.num_req = 1 + (rng.Bernoulli(0.4) ? 1 : 0);
      plan.base_level = 1 + (rng.Bernoulli(0.2) ? 1 : 0);
      plan.max_level = 2;
      plan.edu = rng.Bernoulli(0.5) ? 0 : 2;
      break;
    case VacancyKind::kGig:
      plan.num_req = 1 + (rng.Bernoulli(0.5) ? (rng.Bernoulli(0.7) ? 1 : 2) : 0);
      plan.base_level = 1 + w.regular_min_level.Sample(rng) / 2;
      plan.max_level = 4;
      plan.edu = rng.Bernoulli(0.8) ? 0 : 2;
      break;
  }
  return plan;
}

// The skill requirements of `plan` into v.requirements; returns their mean
// minimum grade.
double DrawRequirements(const World& w, const Industry& ind, Rng& rng, const RequirementPlan& plan,
                        Vacancy& v) {
  std::array<int32_t, 6> ids;
  int count = 0;
  const bool with_generic = v.kind != VacancyKind::kPublicWelfare && rng.Bernoulli(0.3);
  for (int k = 0; k < plan.num_req; ++k) {
    const bool generic = with_generic && k == plan.num_req - 1 && k > 0;
    const std::span<const int32_t> used(ids.data(), count);
    const int32_t skill = generic ? PickNewSkill(rng, w.generic_skills, w.generic_pick, used)
                                  : PickNewSkill(rng, ind.skills, ind.skill_pick, used);
    if (skill < 0) break;
    ids[count++] = skill;
    const int level = std::clamp(plan.base_level + RoundToInt(0.6 * rng.Normal()), kMinSkillLevel,
                                 plan.max_level);
    // The first requirement is the core of the post.
    const double importance = k == 0 ? rng.Uniform(1.5, 3.0) : rng.Uniform(0.5, 2.0);
    v.requirements.push_back(
        Requirement{skill, static_cast<int8_t>(level), Round1Decimal(importance)});
  }
  double level_sum = 0.0;
  for (const Requirement& r : v.requirements) level_sum += r.min_level;
  return level_sum / static_cast<double>(v.requirements.size());
}

// Monthly wage range, CNY; 2200 is about the local minimum wage.
void DrawWage(const IndustrySpec& spec, Rng& rng, int edu, double mean_level, Vacancy& v) {
  double lo = 0.0, hi = 0.0;
  switch (v.kind) {
    case VacancyKind::kRegular:
      lo = spec.wage_base * (0.8 + 0.1 * (mean_level - 1.0)) + kEducationBonus[edu];
      lo *= std::clamp(1.0 + 0.08 * rng.Normal(), 0.8, 1.25);
      lo = std::max(2200.0, Round100(lo));
      hi = Round100(lo * rng.Uniform(1.1, 1.6));
      break;
    case VacancyKind::kTrainee:
      lo = Round100(rng.Uniform(2200.0, 3000.0));
      hi = lo + Round100(rng.Uniform(0.0, 800.0));
      break;
    case VacancyKind::kPublicWelfare:
      lo = Round100(rng.Uniform(2200.0, 2700.0));
      hi = lo + Round100(rng.Uniform(0.0, 300.0));
      break;
    case VacancyKind::kGig:
      lo = std::max(2200.0, Round100(spec.wage_base * rng.Uniform(0.7, 1.0)));
      hi = Round100(lo * rng.Uniform(1.2, 1.8));
      break;
  }
  v.wage_min = static_cast<float>(lo);
  v.wage_max = static_cast<float>(std::max(lo, hi));
}

// Schedule: gig work is mostly flexible; mother posts (妈妈岗) cluster in
// services and assembly lines. Then whether the post can be done from home.
void DrawScheduleAndRemote(const IndustrySpec& spec, Rng& rng, Vacancy& v) {
  if (v.kind == VacancyKind::kGig) {
    const double u = rng.Uniform();
    v.schedule = u < 0.70   ? Schedule::kFlexible
                 : u < 0.95 ? Schedule::kFullTime
                            : Schedule::kSchoolHours;
  } else {
    const double p_school =
        v.kind == VacancyKind::kPublicWelfare ? 0.15 : 0.09 * spec.school_hours_factor;
    const double u = rng.Uniform();
    v.schedule = u < p_school          ? Schedule::kSchoolHours
                 : u < p_school + 0.06 ? Schedule::kFlexible
                                       : Schedule::kFullTime;
  }
  v.remote = (v.kind == VacancyKind::kRegular || v.kind == VacancyKind::kTrainee) &&
             rng.Bernoulli(spec.p_remote);
}

// The embedding before noise: requirements by importance, then the industry.
void VacancyEmbedding(const World& w, int industry, Vacancy& v) {
  v.embedding.assign(w.dim, 0.0f);
  for (const Requirement& r : v.requirements) {
    AddScaled(v.embedding, &w.skill_vectors[static_cast<size_t>(r.skill) * w.dim],
              0.5f + r.importance / 2.0f);
  }
  AddScaled(v.embedding, &w.industry_vectors[static_cast<size_t>(industry) * w.dim], 0.8f);
}

// One vacancy of an employer; the draws happen in the order of the steps.
void GenerateVacancy(const World& w, Rng& rng, int industry, bool welfare, Vacancy& v) {
  const IndustrySpec& spec = kIndustries[industry];
  v.industry = industry;
  v.kind = DrawKind(spec, rng, welfare);
  const RequirementPlan plan = PlanRequirements(w, spec, rng, v.kind);
  v.min_education = static_cast<Education>(plan.edu);
  const double mean_level = DrawRequirements(w, w.industries[industry], rng, plan, v);
  DrawWage(spec, rng, plan.edu, mean_level, v);
  DrawScheduleAndRemote(spec, rng, v);

  // Openings: heavy-tailed, most posts 1-3; gig and public-welfare posts and
  // production lines hire in bulk.
  const bool bulk = welfare || v.kind == VacancyKind::kGig || industry == kNev ||
                    industry == kSmartHome || industry == kManufacturing || industry == kLogistics;
  v.openings = 1 + (bulk ? w.openings_flat : w.openings_steep).Sample(rng);

  if (w.dim > 0) VacancyEmbedding(w, industry, v);
}

}  // namespace

void GenerateEmployer(const World& w, const CityConfig& c, int64_t e, int64_t max_vacancies,
                      std::vector<Vacancy>& out) {
  Rng rng(StreamSeed(c.seed, kTagEmployer, static_cast<uint64_t>(e)));
  const bool welfare = rng.Bernoulli(kPublicWelfareEmployerRate);
  const int di = w.employer_district.Sample(rng);
  const District& d = w.districts[di];
  const int industry =
      welfare ? static_cast<int>(kPublicServices) : d.employer_industry.Sample(rng);
  const IndustrySpec& spec = kIndustries[industry];
  const Town& t =
      d.towns[(spec.rural_sites ? d.employer_rural_towns : d.employer_towns).Sample(rng)];
  const Village& vil =
      t.villages[(spec.rural_sites ? t.rural_villages : t.urban_villages).Sample(rng)];
  const double sigma = 0.006 * w.radius;
  const double north = vil.north + sigma * rng.TruncatedNormal(3.0);
  const double east = vil.east + sigma * rng.TruncatedNormal(3.0);
  double lat, lon;
  ToLatLon(w, c, north, east, &lat, &lon);
  const bool accessible = rng.Bernoulli(welfare ? 0.6 : spec.p_accessible);
  const std::string employer_id = MakeId('E', e + 1, 5);
  const int size = welfare ? 1 + rng.UniformInt(3) : 1 + w.vacancies_per_employer.Sample(rng);
  const int64_t n = std::min<int64_t>(size, max_vacancies);
  for (int64_t k = 0; k < n; ++k) {
    Vacancy& v = out.emplace_back();
    v.id = MakeId('V', static_cast<int64_t>(out.size()), 6);
    v.employer_id = employer_id;
    v.area = vil.area;
    v.lat = lat;
    v.lon = lon;
    v.accessible = accessible;
    GenerateVacancy(w, rng, industry, welfare, v);
  }
}

}  // namespace jobmatch::internal::synth
