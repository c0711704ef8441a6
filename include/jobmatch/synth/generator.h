// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// A seeded synthetic city: areas on the four-level service network,
// industries with clustered skill sets, seekers with key-group shares and
// multi-member households, and vacancies by industry with openings. It gives
// jobmatch a built-in default to run and benchmark on. The same config and
// seed give the same city on every platform (own PRNG and distributions,
// no std:: distributions). Model and parameters: docs/generator.md.
//
// Example:
//   jobmatch::CityConfig cfg; cfg.num_seekers = 10000; cfg.num_vacancies = 2000;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::City city, jobmatch::GenerateCity(cfg));
#ifndef JOBMATCH_SYNTH_GENERATOR_H_
#define JOBMATCH_SYNTH_GENERATOR_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"

namespace jobmatch {

struct CityConfig {
  uint64_t seed = 20250301;
  int64_t num_seekers = 20000;
  int64_t num_vacancies = 4000;
  int embedding_dim = 0;  // 0 = no embeddings
  // City centre (default: Qingdao) and radius of the urban area in km.
  double center_lat = 36.067;
  double center_lon = 120.383;
  double radius_km = 40.0;
  // Estimated memory: (seekers + vacancies) x (1 KiB + 8 x embedding_dim)
  // bytes (the rows, then the tables built from them); a larger estimate is
  // refused with ResourceExhausted before anything is generated. 0 = the
  // default budget (base/memory_budget.h).
  int64_t memory_budget_bytes = 0;
};

struct City {
  Vocabulary vocab;  // skills, industries, built-in groups
  std::vector<Seeker> seekers;
  std::vector<Vacancy> vacancies;
};

// Fails on invalid config (negative sizes, embedding_dim > 4096, …) and, with
// ResourceExhausted, on a city larger than the memory budget.
[[nodiscard]] absl::StatusOr<City> GenerateCity(const CityConfig& config);

}  // namespace jobmatch

#endif  // JOBMATCH_SYNTH_GENERATOR_H_
