// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Synthetic Qingdao-like city. The model, every constant's meaning and the
// target shares are documented in docs/generator.md; keep the two in sync.
//
// Determinism: every random number comes from xoshiro256** seeded through
// splitmix64, and every distribution (uniform, normal, geometric, categorical)
// is built from +, -, *, /, sqrt and floor only, which IEEE 754 defines
// exactly (internal/random.h). log, sin and cos are implemented there for the
// same reason: libm implementations differ in the last bit between platforms. The
// library is compiled with -ffp-contract=off so no FMA contraction changes a
// rounding, and every file of the generator says so again with a pragma.
//
// Streams: the fixed "world" (map, villages, skill embedding directions) uses
// its own constant seed, so every population seed lives in the same city.
// Each household, employer and embedding has its own stream derived from
// (seed, tag, index); hence the first n seekers of a larger city equal a
// city of n seekers, and turning embeddings on changes no other field.
//
// Files: internal/random.h (streams, distributions), internal/city_tables.h
// (the model's tables), internal/city_model.h (the world's types and shared
// helpers), world.cc (the world), seekers.cc (households and seekers),
// vacancies.cc (employers and vacancies), this file (GenerateCity).
#include "jobmatch/synth/generator.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/status_macros.h"
#include "synth/internal/city_model.h"
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

namespace jobmatch {
namespace {

using internal::synth::AddNoise;
using internal::synth::kTagSeekerEmbedding;
using internal::synth::kTagVacancyEmbedding;
using internal::synth::Rng;
using internal::synth::StreamSeed;

absl::Status ValidateConfig(const CityConfig& c) {
  // Beyond this the output alone would not fit one machine's memory.
  constexpr int64_t kMaxRows = 1'000'000'000;
  if (c.num_seekers < 0 || c.num_seekers > kMaxRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_seekers must be in [0, ", kMaxRows, "], got ", c.num_seekers));
  }
  if (c.num_vacancies < 0 || c.num_vacancies > kMaxRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_vacancies must be in [0, ", kMaxRows, "], got ", c.num_vacancies));
  }
  if (c.embedding_dim < 0 || c.embedding_dim > 4096) {
    return absl::InvalidArgumentError(
        absl::StrCat("embedding_dim must be in [0, 4096], got ", c.embedding_dim));
  }
  // The city is laid out on a local flat map: it must stay small and away
  // from the poles for that to hold.
  if (!std::isfinite(c.radius_km) || c.radius_km <= 0.0 || c.radius_km > 1000.0) {
    return absl::InvalidArgumentError(
        absl::StrCat("radius_km must be finite and in (0, 1000], got ", c.radius_km));
  }
  if (!std::isfinite(c.center_lat) || c.center_lat < -80.0 || c.center_lat > 80.0) {
    return absl::InvalidArgumentError(
        absl::StrCat("center_lat must be finite and in [-80, 80] degrees, got ", c.center_lat));
  }
  if (!std::isfinite(c.center_lon) || c.center_lon < -180.0 || c.center_lon > 180.0) {
    return absl::InvalidArgumentError(
        absl::StrCat("center_lon must be finite and in [-180, 180] degrees, got ", c.center_lon));
  }
  return absl::OkStatus();
}

void GenerateEmbeddingsNoise(const CityConfig& c, City& city) {
  // Separate streams per row, so embeddings never shift the other fields.
  for (size_t i = 0; i < city.seekers.size(); ++i) {
    Rng rng(StreamSeed(c.seed, kTagSeekerEmbedding, i));
    AddNoise(rng, city.seekers[i].embedding, 0.5);
  }
  for (size_t i = 0; i < city.vacancies.size(); ++i) {
    Rng rng(StreamSeed(c.seed, kTagVacancyEmbedding, i));
    AddNoise(rng, city.vacancies[i].embedding, 0.5);
  }
}

}  // namespace

absl::StatusOr<City> GenerateCity(const CityConfig& config) {
  JOBMATCH_RETURN_IF_ERROR(ValidateConfig(config));
  JOBMATCH_RETURN_IF_ERROR(
      CheckMemoryBudget(SaturatingBytes(config.num_seekers + config.num_vacancies,
                                        1024 + 8 * int64_t{config.embedding_dim}),
                        config.memory_budget_bytes,
                        absl::StrCat("a city of ", config.num_seekers, " seekers and ",
                                     config.num_vacancies, " vacancies")));
  City city;
  internal::synth::World w;
  internal::synth::BuildWorld(config, city.vocab, w);

  city.seekers.reserve(static_cast<size_t>(config.num_seekers));
  for (int64_t h = 0; static_cast<int64_t>(city.seekers.size()) < config.num_seekers; ++h) {
    internal::synth::GenerateHousehold(
        w, config, h, config.num_seekers - static_cast<int64_t>(city.seekers.size()), city.seekers);
  }
  city.vacancies.reserve(static_cast<size_t>(config.num_vacancies));
  for (int64_t e = 0; static_cast<int64_t>(city.vacancies.size()) < config.num_vacancies; ++e) {
    internal::synth::GenerateEmployer(
        w, config, e, config.num_vacancies - static_cast<int64_t>(city.vacancies.size()),
        city.vacancies);
  }
  if (w.dim > 0) GenerateEmbeddingsNoise(config, city);
  return city;
}

}  // namespace jobmatch
