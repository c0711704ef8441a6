// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private to lib/synth: the generator's pseudo-random numbers and
// distributions, bit-exact on every IEEE 754 platform (lib/synth/generator.cc
// says why). Every distribution is built from +, -, *, /, sqrt and floor only.
#ifndef JOBMATCH_LIB_SYNTH_INTERNAL_RANDOM_H_
#define JOBMATCH_LIB_SYNTH_INTERNAL_RANDOM_H_

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "jobmatch/base/status_macros.h"

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

inline constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

inline uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Independent stream seed for entity `index` of kind `tag`.
inline uint64_t StreamSeed(uint64_t seed, uint64_t tag, uint64_t index) {
  return Mix64(Mix64(seed + tag * kGolden) + (index + 1) * kGolden);
}

// Stream tags. Changing one changes the generated data: the golden hash in
// tests/synth/generator_test.cc pins them.
inline constexpr uint64_t kTagHousehold = 1;
inline constexpr uint64_t kTagEmployer = 2;
inline constexpr uint64_t kTagSeekerEmbedding = 3;
inline constexpr uint64_t kTagVacancyEmbedding = 4;
inline constexpr uint64_t kTagMap = 5;
inline constexpr uint64_t kTagSkillVector = 6;
inline constexpr uint64_t kTagIndustryVector = 7;
// The world (map and embedding directions) does not depend on config.seed.
inline constexpr uint64_t kWorldSeed = 0x51a6da0'2025'0301ULL;

inline constexpr double kLn2 = 0.6931471805599453;
inline constexpr double kSqrt2 = 1.4142135623730951;
inline constexpr double kSqrtHalf = 0.7071067811865476;
inline constexpr double kHalfPi = 1.5707963267948966;

// Natural log of a positive, finite, normal x. Bit-exact on every IEEE 754
// platform (unlike std::log): exponent split plus an atanh series.
inline double Log(double x) {
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  int e = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  double m =
      std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // [1, 2)
  if (m > kSqrt2) {
    m *= 0.5;
    ++e;
  }
  const double s = (m - 1.0) / (m + 1.0);  // |s| <= 0.1716
  const double s2 = s * s;
  double p = 1.0 / 21.0;
  for (int k = 19; k >= 1; k -= 2) p = p * s2 + 1.0 / k;
  return 2.0 * s * p + e * kLn2;
}

// sin and cos of 2*pi*turns, bit-exact on every IEEE 754 platform.
inline void SinCosTurns(double turns, double* sin_out, double* cos_out) {
  const double t = turns - std::floor(turns);  // [0, 1)
  const double q4 = t * 4.0;
  int q = static_cast<int>(q4);
  if (q > 3) q = 3;
  const double x = (q4 - q - 0.5) * kHalfPi;  // [-pi/4, pi/4)
  const double x2 = x * x;
  // Taylor series in Horner form, to x^13 and x^12: error < 1e-16 here.
  double sp = 1.0;
  for (int k = 13; k >= 3; k -= 2) sp = 1.0 - x2 / (k * (k - 1)) * sp;
  double cp = 1.0;
  for (int k = 12; k >= 2; k -= 2) cp = 1.0 - x2 / (k * (k - 1)) * cp;
  const double sx = x * sp;
  const double cx = cp;
  // Angle within the quadrant is x + pi/4.
  const double sa = (sx + cx) * kSqrtHalf;
  const double ca = (cx - sx) * kSqrtHalf;
  switch (q) {
    case 0:
      *sin_out = sa;
      *cos_out = ca;
      break;
    case 1:
      *sin_out = ca;
      *cos_out = -sa;
      break;
    case 2:
      *sin_out = -sa;
      *cos_out = -ca;
      break;
    default:
      *sin_out = -ca;
      *cos_out = sa;
      break;
  }
}

// xoshiro256** (Blackman & Vigna), state filled by splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& w : s_) {
      seed += kGolden;
      w = Mix64(seed);
    }
  }

  uint64_t Next() {
    const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  // [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // [0, n), n >= 1.
  int UniformInt(int n) {
    const int k = static_cast<int>(Uniform() * n);
    return k < n ? k : n - 1;
  }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Standard normal by Box-Muller; the second value is kept for the next call.
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53;
    double s, c;
    SinCosTurns(Uniform(), &s, &c);
    const double r = std::sqrt(-2.0 * Log(u1));
    spare_ = r * s;
    has_spare_ = true;
    return r * c;
  }
  // Normal clamped to [-limit, limit]: keeps places inside the city.
  double TruncatedNormal(double limit) { return std::clamp(Normal(), -limit, limit); }
  // Number of failures before the first success, mean `mean`.
  int Geometric(double mean) {
    const double u = static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53;
    const double k = std::floor(Log(u) / Log(mean / (mean + 1.0)));
    return k > 1e6 ? 1000000 : static_cast<int>(k);
  }

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Sampling by cumulative table and binary search.
class Categorical {
 public:
  Categorical() = default;
  explicit Categorical(std::span<const double> weights) {
    cum_.reserve(weights.size());
    double total = 0.0;
    for (double w : weights) {
      JOBMATCH_CHECK(w >= 0.0);
      total += w;
      cum_.push_back(total);
    }
    JOBMATCH_CHECK(total > 0.0);
  }
  int Sample(Rng& rng) const {
    const double u = rng.Uniform() * cum_.back();
    const auto it = std::upper_bound(cum_.begin(), cum_.end(), u);
    const int i = static_cast<int>(it - cum_.begin());
    return std::min(i, static_cast<int>(cum_.size()) - 1);
  }

 private:
  std::vector<double> cum_;
};

inline Categorical MakeCategorical(std::span<const double> w) { return Categorical(w); }

}  // namespace jobmatch::internal::synth

#endif  // JOBMATCH_LIB_SYNTH_INTERNAL_RANDOM_H_
