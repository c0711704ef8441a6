// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The synthetic country (synth/country.h): a deterministic plan whose sizes
// sum exactly and follow Zipf's rule, separated centres inside the land area,
// cities with unique prefixed ids and the city model's remote rates.
#include "jobmatch/synth/country.h"

#include <cmath>
#include <set>
#include <string>

#include "gtest/gtest.h"

namespace jobmatch {
namespace {

double Km(double lat1, double lon1, double lat2, double lon2) {
  const double r = 3.14159265358979323846 / 180.0;
  const double a =
      std::pow(std::sin((lat2 - lat1) * r / 2), 2) +
      std::cos(lat1 * r) * std::cos(lat2 * r) * std::pow(std::sin((lon2 - lon1) * r / 2), 2);
  return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(a)));
}

TEST(CountryTest, PlanIsDeterministicExactAndHeavyTailed) {
  for (int cities : {0, 1, 7, 60}) {
    CountryConfig c;
    c.seed = 99 + static_cast<uint64_t>(cities);
    c.num_seekers = 1'234'567;
    c.num_vacancies = 123'457;
    c.num_cities = cities;
    auto a = PlanCountry(c), b = PlanCountry(c);
    ASSERT_TRUE(a.ok() && b.ok());
    const size_t n = cities == 0 ? 31 : static_cast<size_t>(cities);  // 1,234,567 / 40,000
    ASSERT_EQ(a->size(), n);
    int64_t s = 0, v = 0;
    std::set<std::string> names;
    for (size_t i = 0; i < n; ++i) {
      const CountryCity& x = (*a)[i];
      EXPECT_EQ(x.name, (*b)[i].name);
      EXPECT_EQ(x.center_lat, (*b)[i].center_lat);
      EXPECT_EQ(x.center_lon, (*b)[i].center_lon);
      EXPECT_EQ(x.seed, (*b)[i].seed);
      EXPECT_TRUE(names.insert(x.name).second);
      EXPECT_GE(x.center_lat, c.min_lat);
      EXPECT_LE(x.center_lat, c.max_lat);
      EXPECT_GE(x.center_lon, c.min_lon);
      EXPECT_LE(x.center_lon, c.max_lon);
      if (i > 0) {
        EXPECT_LE(x.num_seekers, (*a)[i - 1].num_seekers) << "largest first";
      }
      // Zipf: the city of rank r has about 1/r of the largest.
      EXPECT_NEAR(static_cast<double>(x.num_seekers),
                  static_cast<double>((*a)[0].num_seekers) / static_cast<double>(i + 1), 2.0);
      s += x.num_seekers;
      v += x.num_vacancies;
    }
    EXPECT_EQ(s, c.num_seekers);
    EXPECT_EQ(v, c.num_vacancies);
  }
}

TEST(CountryTest, CentresAreSeparatedWhenTheAreaHasRoom) {
  CountryConfig c;
  c.num_seekers = 2'000'000;
  c.num_vacancies = 200'000;
  c.num_cities = 50;
  auto plan = PlanCountry(c);
  ASSERT_TRUE(plan.ok());
  for (size_t i = 0; i < plan->size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const CountryCity &a = (*plan)[i], &b = (*plan)[j];
      EXPECT_GE(Km(a.center_lat, a.center_lon, b.center_lat, b.center_lon),
                a.radius_km + b.radius_km + 60.0 - 1e-6)
          << a.name << " " << b.name;
    }
  }
}

TEST(CountryTest, RefusesBadConfigs) {
  CountryConfig c;
  c.num_cities = kMaxCountryCities + 1;
  EXPECT_FALSE(PlanCountry(c).ok());
  c = CountryConfig();
  c.zipf_exponent = -1;
  EXPECT_FALSE(PlanCountry(c).ok());
  c = CountryConfig();
  c.min_lat = 50;
  c.max_lat = 40;
  EXPECT_FALSE(PlanCountry(c).ok());
  c = CountryConfig();
  c.num_seekers = -5;
  EXPECT_FALSE(PlanCountry(c).ok());
}

TEST(CountryTest, CitiesHaveUniquePrefixedIdsAndTheCityModelsRates) {
  CountryConfig c;
  c.num_seekers = 60'000;
  c.num_vacancies = 8'000;
  c.num_cities = 4;
  auto plan = PlanCountry(c);
  ASSERT_TRUE(plan.ok());
  std::set<std::string> ids;
  Vocabulary first;
  int64_t remote = 0, vacancies = 0, accepts = 0, seekers = 0;
  for (const CountryCity& p : *plan) {
    auto city = GenerateCountryCity(c, p);
    ASSERT_TRUE(city.ok()) << city.status();
    auto again = GenerateCountryCity(c, p);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(city->seekers == again->seekers) << "deterministic";
    if (p.index == 0) {
      first = city->vocab;
    } else {
      EXPECT_TRUE(city->vocab == first) << "one vocabulary for the country";
    }
    ASSERT_EQ(static_cast<int64_t>(city->seekers.size()), p.num_seekers);
    ASSERT_EQ(static_cast<int64_t>(city->vacancies.size()), p.num_vacancies);
    for (const Seeker& s : city->seekers) {
      EXPECT_EQ(s.id.rfind(p.name + "-", 0), 0u);
      EXPECT_EQ(s.area.district.rfind(p.name + "\xc2\xb7", 0), 0u);
      EXPECT_TRUE(ids.insert(s.id).second) << s.id;
      EXPECT_LT(Km(s.lat, s.lon, p.center_lat, p.center_lon), p.radius_km + 1.0);
      accepts += s.accepts_remote;
      ++seekers;
    }
    for (const Vacancy& v : city->vacancies) {
      EXPECT_EQ(v.id.rfind(p.name + "-", 0), 0u);
      EXPECT_TRUE(ids.insert(v.id).second) << v.id;
      remote += v.remote;
      ++vacancies;
    }
  }
  // The city model's rates: the same generator on one city of this size.
  CityConfig one;
  one.num_seekers = 60'000;
  one.num_vacancies = 8'000;
  auto city = GenerateCity(one);
  ASSERT_TRUE(city.ok());
  int64_t r1 = 0, a1 = 0;
  for (const Vacancy& v : city->vacancies) r1 += v.remote;
  for (const Seeker& s : city->seekers) a1 += s.accepts_remote;
  const double country_remote = static_cast<double>(remote) / vacancies,
               city_remote = static_cast<double>(r1) / one.num_vacancies;
  const double country_accepts = static_cast<double>(accepts) / seekers,
               city_accepts = static_cast<double>(a1) / one.num_seekers;
  EXPECT_GT(city_remote, 0.0);
  EXPECT_NEAR(country_remote, city_remote, 0.25 * city_remote + 0.005);
  EXPECT_NEAR(country_accepts, city_accepts, 0.25 * city_accepts + 0.005);
}

}  // namespace
}  // namespace jobmatch
