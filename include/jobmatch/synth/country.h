// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// A seeded synthetic country: many cities of heavy-tailed sizes, each built by
// the city model of generator.h (its district / town / village structure,
// industry mix, remote posts and seekers who accept remote work at the city
// model's rates), with centres spread over a land area. Generated one city at
// a time, so a caller can write 10^7 seekers without holding more than the
// largest city in memory (`jobmatch generate --country` writes one CSV shard
// per city: docs/data_formats.md, "Sharded directories").
//
// Deterministic: the same config gives the same plan and the same cities, on
// any machine and in any order of generation (each city has its own seed).
//
// Example:
//   jobmatch::CountryConfig cfg;
//   cfg.num_seekers = 10'000'000;
//   cfg.num_vacancies = 1'000'000;
//   JOBMATCH_ASSIGN_OR_RETURN(std::vector<jobmatch::CountryCity> plan,
//                             jobmatch::PlanCountry(cfg));
//   for (const jobmatch::CountryCity& c : plan) {
//     JOBMATCH_ASSIGN_OR_RETURN(jobmatch::City city, jobmatch::GenerateCountryCity(cfg, c));
//     // ... write or use `city`, then let it go
//   }
#ifndef JOBMATCH_SYNTH_COUNTRY_H_
#define JOBMATCH_SYNTH_COUNTRY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch {

struct CountryConfig {
  uint64_t seed = 20250301;
  int64_t num_seekers = 1'000'000;
  int64_t num_vacancies = 100'000;
  // Cities; 0 = one per 40,000 seekers (at least 1, at most kMaxCountryCities).
  int num_cities = 0;
  // City sizes (seekers and vacancies alike) follow Zipf's rank-size rule:
  // the city of rank r gets a share proportional to 1 / r^zipf_exponent.
  double zipf_exponent = 1.0;
  int embedding_dim = 0;  // as CityConfig
  // Land area for the centres (degrees; default: eastern China).
  double min_lat = 22.0, max_lat = 46.0;
  double min_lon = 100.0, max_lon = 128.0;
  // Budget of one city (CityConfig::memory_budget_bytes): the largest city
  // must fit it. 0 = the default budget.
  int64_t memory_budget_bytes = 0;
};

inline constexpr int kMaxCountryCities = 5000;

// One city of the plan.
struct CountryCity {
  int index = 0;            // rank by size, from 0 (largest)
  std::string name;         // "C0000", "C0001", …: the prefix of its ids and districts
  uint64_t seed = 0;        // its CityConfig seed
  double center_lat = 0.0;  // WGS84 degrees
  double center_lon = 0.0;
  double radius_km = 0.0;  // urban radius (CityConfig::radius_km)
  int64_t num_seekers = 0;
  int64_t num_vacancies = 0;
};

// The cities, largest first: sizes by Zipf's rule apportioned exactly (they
// sum to num_seekers and num_vacancies), radii growing with the square root
// of the size (40 km for 20,000 seekers, between 8 and 80 km), centres drawn
// uniformly on the sphere inside the land area and at least the sum of the two
// radii plus 60 km apart (relaxed only when the area is too full to place a
// city after many tries). InvalidArgument on a bad config.
[[nodiscard]] absl::StatusOr<std::vector<CountryCity>> PlanCountry(const CountryConfig& config);

// The people and vacancies of one planned city: GenerateCity with the city's
// seed, centre, radius and sizes, then every id, household id and employer id
// prefixed with "<name>-" and every district name with "<name>·", so that ids
// are unique in the whole country. The vocabulary is the same for every city
// (the city model's skills, industries and key groups).
[[nodiscard]] absl::StatusOr<City> GenerateCountryCity(const CountryConfig& config,
                                                       const CountryCity& city);

}  // namespace jobmatch

#endif  // JOBMATCH_SYNTH_COUNTRY_H_
