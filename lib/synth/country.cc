// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/synth/country.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include "absl/strings/str_cat.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kEarthRadiusKm = 6371.0088;
constexpr int64_t kSeekersPerCity = 40'000;
constexpr double kCitySeparationKm = 60.0;

// A uniform double in [0, 1) from the top 53 bits: std::mt19937_64 is the
// same everywhere, the standard distributions are not.
double Unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1p-53; }

uint64_t CitySeed(uint64_t seed, int index) {
  // SplitMix64 of (seed, index): independent streams per city.
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (static_cast<uint64_t>(index) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Splits `total` in proportion to `weights` exactly (largest remainders, ties
// to the lower rank).
std::vector<int64_t> Apportion(int64_t total, const std::vector<double>& weights) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int64_t> out(weights.size());
  std::vector<std::pair<double, size_t>> rest;
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<int64_t>(std::floor(exact));
    given += out[i];
    rest.emplace_back(exact - static_cast<double>(out[i]), i);
  }
  std::stable_sort(rest.begin(), rest.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t j = 0; given < total; ++j, ++given) ++out[rest[j % rest.size()].second];
  return out;
}

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  const double r = kPi / 180.0;
  const double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * r) * std::cos(lat2 * r) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

absl::Status ValidateCountry(const CountryConfig& c) {
  if (c.num_seekers < 0 || c.num_vacancies < 0) {
    return absl::InvalidArgumentError("num_seekers and num_vacancies must be >= 0");
  }
  if (c.num_cities < 0 || c.num_cities > kMaxCountryCities) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_cities must be in [0, ", kMaxCountryCities, "], got ", c.num_cities));
  }
  if (!std::isfinite(c.zipf_exponent) || c.zipf_exponent < 0.0 || c.zipf_exponent > 4.0) {
    return absl::InvalidArgumentError(
        absl::StrCat("zipf_exponent must be in [0, 4], got ", c.zipf_exponent));
  }
  const bool lat_ok = std::isfinite(c.min_lat) && std::isfinite(c.max_lat) && c.min_lat >= -70.0 &&
                      c.max_lat <= 70.0 && c.min_lat < c.max_lat;
  const bool lon_ok = std::isfinite(c.min_lon) && std::isfinite(c.max_lon) && c.min_lon >= -180.0 &&
                      c.max_lon <= 180.0 && c.min_lon < c.max_lon;
  if (!lat_ok || !lon_ok) {
    return absl::InvalidArgumentError(
        "the land area must satisfy -70 <= min_lat < max_lat <= 70 and "
        "-180 <= min_lon < max_lon <= 180 (degrees)");
  }
  return absl::OkStatus();
}

std::string CityName(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "C%04d", index);
  return buf;
}

}  // namespace

absl::StatusOr<std::vector<CountryCity>> PlanCountry(const CountryConfig& config) {
  JOBMATCH_RETURN_IF_ERROR(ValidateCountry(config));
  int64_t n =
      config.num_cities > 0
          ? config.num_cities
          : std::clamp<int64_t>((config.num_seekers + kSeekersPerCity / 2) / kSeekersPerCity, 1,
                                kMaxCountryCities);
  std::vector<double> weights(static_cast<size_t>(n));
  for (int64_t r = 0; r < n; ++r) {
    weights[r] = 1.0 / std::pow(static_cast<double>(r + 1), config.zipf_exponent);
  }
  const std::vector<int64_t> seekers = Apportion(config.num_seekers, weights);
  const std::vector<int64_t> vacancies = Apportion(config.num_vacancies, weights);

  std::mt19937_64 rng(CitySeed(config.seed, -1));
  const double r = kPi / 180.0;
  const double s0 = std::sin(config.min_lat * r), s1 = std::sin(config.max_lat * r);
  std::vector<CountryCity> plan;
  plan.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    CountryCity c;
    c.index = static_cast<int>(i);
    c.name = CityName(c.index);
    c.seed = CitySeed(config.seed, c.index);
    c.num_seekers = seekers[i];
    c.num_vacancies = vacancies[i];
    c.radius_km = std::clamp(
        40.0 * std::sqrt(static_cast<double>(std::max<int64_t>(c.num_seekers, 1)) / 20000.0), 8.0,
        80.0);
    // Uniform on the sphere inside the box; a place far enough from every
    // city placed so far, relaxing the distance after many failed tries.
    double separation = 1.0;
    for (int attempt = 0;; ++attempt) {
      const double lat = std::asin(s0 + (s1 - s0) * Unit(rng)) / r;
      const double lon = config.min_lon + (config.max_lon - config.min_lon) * Unit(rng);
      bool ok = true;
      for (const CountryCity& o : plan) {
        const double need = separation * (c.radius_km + o.radius_km + kCitySeparationKm);
        if (GreatCircleKm(lat, lon, o.center_lat, o.center_lon) < need) {
          ok = false;
          break;
        }
      }
      if (ok) {
        c.center_lat = lat;
        c.center_lon = lon;
        break;
      }
      if (attempt % 200 == 199) separation *= 0.8;
    }
    plan.push_back(std::move(c));
  }
  return plan;
}

absl::StatusOr<City> GenerateCountryCity(const CountryConfig& config, const CountryCity& c) {
  CityConfig cc;
  cc.seed = c.seed;
  cc.num_seekers = c.num_seekers;
  cc.num_vacancies = c.num_vacancies;
  cc.embedding_dim = config.embedding_dim;
  cc.center_lat = c.center_lat;
  cc.center_lon = c.center_lon;
  cc.radius_km = c.radius_km;
  cc.memory_budget_bytes = config.memory_budget_bytes;
  JOBMATCH_ASSIGN_OR_RETURN(City city, GenerateCity(cc));
  const std::string id_prefix = c.name + "-";
  const std::string district_prefix = c.name + "\xc2\xb7";  // "·"
  auto prefix = [&](std::string& s, const std::string& p) {
    if (!s.empty()) s.insert(0, p);
  };
  for (Seeker& s : city.seekers) {
    prefix(s.id, id_prefix);
    prefix(s.household_id, id_prefix);
    prefix(s.area.district, district_prefix);
  }
  for (Vacancy& v : city.vacancies) {
    prefix(v.id, id_prefix);
    prefix(v.employer_id, id_prefix);
    prefix(v.area.district, district_prefix);
  }
  return city;
}

}  // namespace jobmatch
