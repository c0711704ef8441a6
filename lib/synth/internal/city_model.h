// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private to lib/synth: the fixed world every population of the synthetic
// city lives in (map of districts, towns and villages; industries and their
// skills; embedding directions), the helpers seekers and vacancies share, and
// the three steps GenerateCity runs: BuildWorld (world.cc), GenerateHousehold
// (seekers.cc) and GenerateEmployer (vacancies.cc).
#ifndef JOBMATCH_LIB_SYNTH_INTERNAL_CITY_MODEL_H_
#define JOBMATCH_LIB_SYNTH_INTERNAL_CITY_MODEL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/synth/generator.h"
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

inline int RoundToInt(double x) { return static_cast<int>(std::floor(x + 0.5)); }
inline double Round100(double x) { return std::floor(x / 100.0 + 0.5) * 100.0; }
inline float Round1Decimal(double x) {
  return static_cast<float>(std::floor(x * 10.0 + 0.5) / 10.0);
}

// "S" + zero-padded decimal (wider when the number needs it).
inline std::string MakeId(char prefix, int64_t n, int width) {
  char digits[24];
  int len = 0;
  do {
    digits[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  std::string id;
  id.reserve(1 + std::max(len, width));
  id.push_back(prefix);
  for (int i = len; i < width; ++i) id.push_back('0');
  while (len > 0) id.push_back(digits[--len]);
  return id;
}

struct Village {
  Area area;
  double north = 0, east = 0;
  bool is_village = false;  // 村 (else 社区)
};
struct Town {
  double north = 0, east = 0;
  bool rural = false;  // 镇 (else 街道)
  std::vector<Village> villages;
  Categorical urban_villages, rural_villages;
};
struct District {
  std::vector<Town> towns;
  Categorical urban_towns, rural_towns, employer_towns, employer_rural_towns;
  Categorical employer_industry;
  // By [rural household][education class].
  Categorical seeker_industry[2][3];
};
struct Industry {
  std::vector<int32_t> skills;
  Categorical skill_pick;
};

struct World {
  double radius = 0;
  double km_per_deg_lat = 0, km_per_deg_lon = 0;
  std::vector<District> districts;
  Categorical seeker_district, employer_district;
  std::vector<Industry> industries;
  Categorical seeker_industry_any;
  std::vector<int32_t> generic_skills;
  Categorical generic_pick;
  Categorical age_band, household_size, seeker_skill_count, preferred_count, seeker_schedule,
      commute, vacancies_per_employer, regular_req_count, regular_min_level, openings_steep,
      openings_flat;
  Categorical education_by_age[3], min_education[5];
  GroupMask graduate_youth = 0, veteran = 0, disabled = 0, rural_labour = 0, hard_to_employ = 0,
            zero_employment = 0, older_worker = 0;
  // Embedding directions, row-major: one row of `dim` floats per skill and
  // per industry.
  int dim = 0;
  std::vector<float> skill_vectors, industry_vectors;
};

// Local (north, east) km -> WGS84, clamped to the city's radius.
inline void ToLatLon(const World& w, const CityConfig& c, double north, double east, double* lat,
                     double* lon) {
  const double d2 = north * north + east * east;
  if (d2 > w.radius * w.radius) {
    const double scale = w.radius / std::sqrt(d2);
    north *= scale;
    east *= scale;
  }
  *lat = c.center_lat + north / w.km_per_deg_lat;
  double x = c.center_lon + east / w.km_per_deg_lon;
  if (x > 180.0) x -= 360.0;
  if (x < -180.0) x += 360.0;
  *lon = x;
}

// Adds `scale * row` to `acc`.
inline void AddScaled(std::vector<float>& acc, const float* row, float scale) {
  for (size_t k = 0; k < acc.size(); ++k) acc[k] += scale * row[k];
}

inline void AddNoise(Rng& rng, std::vector<float>& v, double sigma) {
  for (float& x : v) x += static_cast<float>(sigma * rng.Normal());
}

// Draws a skill of `pool` (weighted) not yet in `used`; -1 after too many
// repeats (tiny pools).
inline int32_t PickNewSkill(Rng& rng, const std::vector<int32_t>& pool, const Categorical& pick,
                            std::span<const int32_t> used) {
  for (int attempt = 0; attempt < 32; ++attempt) {
    const int32_t s = pool[pick.Sample(rng)];
    if (std::find(used.begin(), used.end(), s) == used.end()) return s;
  }
  return -1;
}

// The world of `config` (radius, map projection, embedding dimension): its
// map and skill-embedding directions come from a constant seed, not
// config.seed. Adds the model's skills and industries to `vocab`.
void BuildWorld(const CityConfig& config, Vocabulary& vocab, World& w);

// Appends household `h` (at most `max_members` of its members) to `out`.
void GenerateHousehold(const World& w, const CityConfig& c, int64_t h, int64_t max_members,
                       std::vector<Seeker>& out);

// Appends employer `e`'s vacancies (at most `max_vacancies`) to `out`.
void GenerateEmployer(const World& w, const CityConfig& c, int64_t e, int64_t max_vacancies,
                      std::vector<Vacancy>& out);

}  // namespace jobmatch::internal::synth

#endif  // JOBMATCH_LIB_SYNTH_INTERNAL_CITY_MODEL_H_
