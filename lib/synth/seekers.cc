// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Seekers of the synthetic city, one household at a time: each household has
// its own random stream (seed, kTagHousehold, index), so the first n seekers
// of a larger city equal a city of n seekers. The draws of a seeker happen in
// a fixed order (GenerateSeeker's steps); changing it changes the data.
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

struct HouseholdPlace {
  const Village* village;
  double north, east;
};

// Education level, with rural labour a step lower more often.
int DrawEducation(const World& w, Rng& rng, int age, bool rural) {
  const int age_class = age <= 24 ? 0 : age <= 44 ? 1 : 2;
  int edu = w.education_by_age[age_class].Sample(rng);
  if (rural && edu > 0 && rng.Bernoulli(0.4)) --edu;
  return edu;
}

// The key groups that follow from age, education and household; sets
// *disabled.
GroupMask DrawGroups(const World& w, Rng& rng, int age, int edu, bool rural, bool zero_employment,
                     bool* disabled) {
  GroupMask g = 0;
  if (age <= 24) {
    if (rng.Bernoulli(edu >= 4 ? 0.95 : 0.55)) g |= w.graduate_youth;
  } else if (age <= 29 && edu >= 4 && rng.Bernoulli(0.25)) {
    g |= w.graduate_youth;
  }
  if (age >= 50) g |= w.older_worker;
  if (age >= 20 && age <= 55 && rng.Bernoulli(0.035)) g |= w.veteran;
  *disabled = rng.Bernoulli(0.0145 + 0.0008 * (age - 16));
  if (*disabled) g |= w.disabled;
  if (rural) g |= w.rural_labour;
  if (zero_employment) g |= w.zero_employment;
  return g;
}

// Skills picked for a seeker of trade `ind`: at most 8, fixed-size scratch so
// that no seeker allocates.
struct SkillPicks {
  std::array<int32_t, 8> ids;
  std::array<bool, 8> generic;
  int count = 0;
};

// Draws the number of skills and the skills: mostly of the trade, some
// generic, sometimes one of a side trade.
void PickSkills(const World& w, Rng& rng, const Industry& ind, SkillPicks& picks) {
  const int num_skills = 2 + w.seeker_skill_count.Sample(rng);
  int num_generic = (rng.Bernoulli(0.55) ? 1 : 0) + (rng.Bernoulli(0.2) ? 1 : 0);
  const bool side_trade = rng.Bernoulli(0.15);
  std::array<int32_t, 8>& ids = picks.ids;
  int& count = picks.count;
  while (count < num_skills) {
    const int slot = count;
    const std::span<const int32_t> used(ids.data(), count);
    int32_t skill;
    bool is_generic = false;
    if (slot >= 1 && num_generic > 0) {
      skill = PickNewSkill(rng, w.generic_skills, w.generic_pick, used);
      is_generic = true;
      --num_generic;
    } else if (slot == 1 && side_trade) {
      const Industry& other = w.industries[w.seeker_industry_any.Sample(rng)];
      skill = PickNewSkill(rng, other.skills, other.skill_pick, used);
    } else {
      skill = PickNewSkill(rng, ind.skills, ind.skill_pick, used);
    }
    if (skill < 0) break;  // Pool exhausted: keep fewer skills.
    ids[count] = skill;
    picks.generic[count] = is_generic;
    ++count;
  }
}

// Levels on the eight-grade ladder, growing with experience, into s.skills;
// returns their mean.
double GradeSkills(Rng& rng, int age, int edu, const SkillPicks& picks, Seeker& s) {
  const double experience = std::max(0, age - kStartAge[edu]);
  const double talent = 0.6 * rng.Normal();
  s.skills.reserve(picks.count);
  double level_sum = 0.0;
  for (int k = 0; k < picks.count; ++k) {
    double x = 1.75 + 0.085 * experience + talent + 0.8 * rng.Normal();
    if (picks.generic[k]) x -= 0.4;
    const int level = std::clamp(RoundToInt(x), kMinSkillLevel, kMaxSkillLevel);
    s.skills.push_back(SkillLevel{picks.ids[k], static_cast<int8_t>(level)});
    level_sum += level;
  }
  return level_sum / picks.count;
}

// Unemployment spell and the hard-to-employ (就业困难人员) status that
// long spells, disability, age and zero-employment households bring.
void DrawUnemployment(const World& w, Rng& rng, int age, bool disabled, bool zero_employment,
                      Seeker& s, GroupMask& g) {
  const double mean_months =
      5.0 + (age >= 50 ? 4.0 : 0.0) + (disabled ? 4.0 : 0.0) + (zero_employment ? 6.0 : 0.0);
  s.months_unemployed = std::min(36, rng.Geometric(mean_months));
  double p_hard = 0.042 + (disabled ? 0.30 : 0.0) + (age >= 50 ? 0.06 : 0.0) +
                  (s.months_unemployed >= 12 ? 0.12 : 0.0) + (zero_employment ? 0.5 : 0.0);
  if (rng.Bernoulli(std::min(p_hard, 0.95))) g |= w.hard_to_employ;
}

// Reservation wage, commute, schedule, remote work and accessibility need.
void DrawWorkTerms(const World& w, Rng& rng, int home, int edu, double mean_level, bool disabled,
                   Seeker& s) {
  // Reservation wage, CNY/month; some state none (0).
  if (rng.Bernoulli(0.04)) {
    s.reservation_wage = 0.0f;
  } else {
    double wage = kIndustries[home].wage_base * 0.72 + 380.0 * (mean_level - 1.0) +
                  0.8 * kEducationBonus[edu];
    wage *= std::clamp(1.0 + 0.12 * rng.Normal(), 0.75, 1.35);
    s.reservation_wage = static_cast<float>(std::clamp(Round100(wage), 2500.0, 15000.0));
  }
  s.max_commute_km =
      rng.Bernoulli(0.25) ? 0.0f : static_cast<float>(kCommuteKm[w.commute.Sample(rng)]);
  s.schedule = static_cast<Schedule>(w.seeker_schedule.Sample(rng));
  s.accepts_remote =
      rng.Bernoulli(0.125 + (kIndustries[home].tech ? 0.15 : 0.0) + (disabled ? 0.15 : 0.0));
  s.needs_accessibility = rng.Bernoulli(disabled ? 0.6 : 0.003);
}

// Preferred industries: the trade first most often, without repeats.
void DrawPreferredIndustries(const World& w, Rng& rng, int home, Seeker& s) {
  const int num_pref = w.preferred_count.Sample(rng);
  for (int k = 0; k < num_pref; ++k) {
    const int32_t p = (k == 0 && rng.Bernoulli(0.7)) ? home : w.seeker_industry_any.Sample(rng);
    if (std::find(s.preferred_industries.begin(), s.preferred_industries.end(), p) ==
        s.preferred_industries.end()) {
      s.preferred_industries.push_back(p);
    }
  }
}

// The embedding before noise: skills by level, the trade, the preferences.
void SeekerEmbedding(const World& w, int home, Seeker& s) {
  s.embedding.assign(w.dim, 0.0f);
  for (const SkillLevel& sl : s.skills) {
    AddScaled(s.embedding, &w.skill_vectors[static_cast<size_t>(sl.skill) * w.dim],
              0.5f + sl.level / 8.0f);
  }
  AddScaled(s.embedding, &w.industry_vectors[static_cast<size_t>(home) * w.dim], 0.8f);
  for (int32_t p : s.preferred_industries) {
    AddScaled(s.embedding, &w.industry_vectors[static_cast<size_t>(p) * w.dim], 0.4f);
  }
}

// One seeker of a household; the draws happen in the order of the steps.
void GenerateSeeker(const World& w, const CityConfig& c, Rng& rng, int age, bool rural,
                    bool zero_employment, int district, const HouseholdPlace& place, Seeker& s) {
  s.area = place.village->area;
  ToLatLon(w, c, place.north, place.east, &s.lat, &s.lon);
  const int edu = DrawEducation(w, rng, age, rural);
  s.education = static_cast<Education>(edu);
  bool disabled = false;
  GroupMask g = DrawGroups(w, rng, age, edu, rural, zero_employment, &disabled);

  // Trade and skills.
  const int edu_class = edu <= 2 ? 0 : edu == 3 ? 1 : 2;
  const int home = w.districts[district].seeker_industry[rural ? 1 : 0][edu_class].Sample(rng);
  SkillPicks picks;
  PickSkills(w, rng, w.industries[home], picks);
  const double mean_level = GradeSkills(rng, age, edu, picks, s);

  DrawUnemployment(w, rng, age, disabled, zero_employment, s, g);
  s.groups = g;
  DrawWorkTerms(w, rng, home, edu, mean_level, disabled, s);
  DrawPreferredIndustries(w, rng, home, s);
  if (w.dim > 0) SeekerEmbedding(w, home, s);
}

int SampleAge(const World& w, Rng& rng) {
  const AgeBand& b = kAgeBands[w.age_band.Sample(rng)];
  return b.lo + rng.UniformInt(b.hi - b.lo + 1);
}

}  // namespace

void GenerateHousehold(const World& w, const CityConfig& c, int64_t h, int64_t max_members,
                       std::vector<Seeker>& out) {
  Rng rng(StreamSeed(c.seed, kTagHousehold, static_cast<uint64_t>(h)));
  const int size = 1 + w.household_size.Sample(rng);
  const bool zero_employment = size >= 2 && rng.Bernoulli(kZeroEmploymentRate);
  const int di = w.seeker_district.Sample(rng);
  const District& d = w.districts[di];
  const bool rural = rng.Bernoulli(kDistricts[di].rural_share);
  const Town& t = d.towns[(rural ? d.rural_towns : d.urban_towns).Sample(rng)];
  const Village& v = t.villages[(rural ? t.rural_villages : t.urban_villages).Sample(rng)];
  // One home for the household.
  const double sigma = 0.008 * w.radius;
  const HouseholdPlace place{&v, v.north + sigma * rng.TruncatedNormal(3.0),
                             v.east + sigma * rng.TruncatedNormal(3.0)};
  const std::string household_id = MakeId('H', h + 1, 6);
  const int head_age = SampleAge(w, rng);
  const int64_t n = std::min<int64_t>(size, max_members);
  for (int64_t m = 0; m < n; ++m) {
    int age = head_age;
    if (m > 0) {
      // A partner of similar age, or another working-age relative.
      age = rng.Bernoulli(0.5) ? std::clamp(head_age + RoundToInt(2.5 * rng.Normal()), 16, 64)
                               : SampleAge(w, rng);
    }
    Seeker& s = out.emplace_back();
    s.id = MakeId('S', static_cast<int64_t>(out.size()), 7);
    s.household_id = household_id;
    GenerateSeeker(w, c, rng, age, rural, zero_employment, di, place, s);
  }
}

}  // namespace jobmatch::internal::synth
