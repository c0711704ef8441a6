// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The pruned top-k (the default, TopKOptions::exhaustive = false) must
// equal the exhaustive scan and the test-only oracle BruteForceTopK (every
// pair through Scorer::Score, sorted by score desc, index asc) bit for bit,
// in both directions: on random worlds of one to several cities (near the
// antimeridian and the poles too), with many exact ties, pairs exactly at
// the float commute limit, remote-only matches, rows with nothing in reach,
// k beyond the reachable set, excluded candidates, every policy switch that
// turns a pruning rule off, any thread count and any subset of rows.
// White-box only to assert that the pruned path is really taken, so that no
// comparison passes by comparing the exhaustive scan with itself.
#include "search/internal/pruned_topk.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/search/topk.h"
#include "scoring/internal/scorer_internal.h"
#include "search/internal/prune_index.h"
#include "testing/oracles.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using ::jobmatch::testing::BruteForceTopK;
using ::jobmatch::testing::Instance;
using ::jobmatch::testing::RandomCases;
using ::jobmatch::testing::RandomPolicy;

constexpr Direction kBoth[] = {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies};

std::string DirName(Direction d) {
  return d == Direction::kVacanciesForSeekers ? "vacancies-for-seekers" : "seekers-for-vacancies";
}

void ExpectSameTopK(const TopKResult& got, const TopKResult& want, const std::string& where) {
  ASSERT_EQ(got.rows, want.rows) << where;
  ASSERT_EQ(got.k, want.k) << where;
  ASSERT_EQ(got.row_ids, want.row_ids) << where;
  for (int64_t i = 0; i < got.rows * got.k; ++i) {
    ASSERT_EQ(got.index[i], want.index[i])
        << where << ": row " << i / got.k << " rank " << i % got.k;
    ASSERT_EQ(got.score[i], want.score[i]) << where << ": row " << i / got.k;
  }
}

// Pruned (asserted to be the pruned path) == exhaustive == brute force.
// Returns the pruned result.
TopKResult CheckAllWays(const Scorer& scorer, Direction dir, TopKOptions o,
                        const std::string& where, bool oracle = true) {
  const int64_t universe =
      dir == Direction::kVacanciesForSeekers ? scorer.seekers().size() : scorer.vacancies().size();
  const int64_t rows = o.rows.empty() ? universe : static_cast<int64_t>(o.rows.size());
  EXPECT_TRUE(internal::UsePrunedTopK(internal::ScorerAccess::Compiled(scorer), dir, rows))
      << where << ": the pruned path would not be taken";
  o.exhaustive = false;
  auto pruned = TopK(scorer, dir, o);
  EXPECT_TRUE(pruned.ok()) << where << ": " << pruned.status();
  if (!pruned.ok()) return {};
  o.exhaustive = true;
  auto exhaustive = TopK(scorer, dir, o);
  EXPECT_TRUE(exhaustive.ok()) << where << ": " << exhaustive.status();
  if (!exhaustive.ok()) return {};
  ExpectSameTopK(*pruned, *exhaustive, where + " (vs exhaustive)");
  if (oracle) ExpectSameTopK(*pruned, BruteForceTopK(scorer, dir, o), where + " (vs brute force)");
  return *pruned;
}

// Sets the sizes of the pruning structures for one scope. Small sizes make
// small inputs exercise every level: one-seeker chunks and one-vacancy groups
// put the k-d tree's box tests (not only the per-seeker bounds) on the
// commute boundary.
class ScopedTuning {
 public:
  explicit ScopedTuning(const internal::PruneTuning& t) : saved_(internal::MutablePruneTuning()) {
    internal::MutablePruneTuning() = t;
  }
  ~ScopedTuning() { internal::MutablePruneTuning() = saved_; }
  ScopedTuning(const ScopedTuning&) = delete;
  ScopedTuning& operator=(const ScopedTuning&) = delete;

 private:
  internal::PruneTuning saved_;
};

// The default sizes, but pruning whatever the number of candidates (these
// inputs are small).
internal::PruneTuning Defaults() {
  internal::PruneTuning t;
  t.min_candidates = 0;
  return t;
}

internal::PruneTuning Tuning(int64_t leaf, int64_t group, int64_t chunk) {
  internal::PruneTuning t = Defaults();
  t.vacancy_leaf = t.seeker_leaf = t.row_leaf = leaf;
  t.vacancy_group = t.seeker_group = group;
  t.row_chunk = t.slice = chunk;
  return t;
}

// Member coverage (rows = seekers) never, where the default finds it
// cheaper, or for every tree class whatever it costs.
internal::PruneTuning WithMemberCoverage(internal::PruneTuning t, uint64_t mode) {
  const int64_t per_group[] = {0, t.member_coverage_posts, int64_t{1} << 40};
  t.member_coverage_posts = per_group[mode % 3];
  return t;
}

// Seeker groups (rows = vacancies) by boost band of the default width,
// without bands, or with bands so narrow that nearly every boost has its own.
internal::PruneTuning WithBoostBands(internal::PruneTuning t, uint64_t mode) {
  const float width[] = {t.seeker_boost_band, 0.0f, 0.004f};
  t.seeker_boost_band = width[mode % 3];
  return t;
}

int CountTies(const TopKResult& r) {
  int ties = 0;
  for (int64_t i = 0; i < r.rows; ++i) {
    for (int j = 1; j < r.k; ++j) {
      const float a = r.score[i * r.k + j - 1], b = r.score[i * r.k + j];
      if (a == b && std::isfinite(a)) ++ties;
    }
  }
  return ties;
}

// ------------------------------------------------------------ worlds

struct Place {
  double lat, lon;
};

// Several cities; entities are spread up to `spread_km` around a random
// city centre. Coarse worlds put entities on a 1 km lattice and draw coarse
// values, so that exact score ties are frequent.
struct WorldOptions {
  std::vector<Place> cities = {{36.07, 120.38}};
  int num_seekers = 120;
  int num_vacancies = 80;
  double spread_km = 20.0;
  bool coarse = true;
  int embedding_dim = 0;
  double p_remote = 0.2;
  double p_accepts_remote = 0.3;
  double p_long_commute = 0.05;  // a commute limit of 300..3000 km
};

double WrapLon(double lon) {
  while (lon > 180.0) lon -= 360.0;
  while (lon < -180.0) lon += 360.0;
  return lon;
}

std::unique_ptr<Instance> MakeWorld(uint64_t seed, const WorldOptions& opt) {
  auto inst = std::make_unique<Instance>();
  std::mt19937_64 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto real = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  const int num_skills = 6, num_industries = 4;
  for (int i = 0; i < num_skills; ++i) inst->vocab.AddSkill(absl::StrCat("skill", i));
  for (int i = 0; i < num_industries; ++i) inst->vocab.AddIndustry(absl::StrCat("ind", i));
  const int ngroups = inst->vocab.groups().size();
  auto place = [&](double& lat, double& lon) {
    const Place& c = opt.cities[uni(0, static_cast<int>(opt.cities.size()) - 1)];
    const double km_per_deg = 111.2;
    double north, east;
    if (opt.coarse) {
      const int steps = std::max(1, static_cast<int>(opt.spread_km / 4));
      north = 4.0 * uni(-steps, steps);
      east = 4.0 * uni(-steps, steps);
    } else {
      north = real(-opt.spread_km, opt.spread_km);
      east = real(-opt.spread_km, opt.spread_km);
    }
    lat = std::clamp(c.lat + north / km_per_deg, -90.0, 90.0);
    const double cosl = std::max(0.01, std::cos(lat * 3.14159265358979 / 180.0));
    lon = WrapLon(c.lon + east / (km_per_deg * cosl));
  };
  auto embedding = [&]() {
    std::vector<float> e(opt.embedding_dim);
    for (float& x : e)
      x = opt.coarse ? static_cast<float>(uni(-2, 2)) : static_cast<float>(real(-1, 1));
    if (opt.embedding_dim > 0) e[0] = 3.0f;  // no zero vectors
    return e;
  };
  for (int i = 0; i < opt.num_seekers; ++i) {
    Seeker s;
    s.id = absl::StrCat("S", i);
    place(s.lat, s.lon);
    for (int g = 0; g < ngroups; ++g) {
      if (coin(0.25)) s.groups |= GroupMask{1} << g;
    }
    for (int k = 0; k < num_skills; ++k) {
      if (coin(0.5)) s.skills.push_back({k, static_cast<int8_t>(uni(1, 8))});
    }
    s.education = static_cast<Education>(uni(0, 6));
    s.reservation_wage = coin(0.2) ? 0.0f : 1000.0f * uni(2, 8);
    s.max_commute_km = coin(opt.p_long_commute) ? 300.0f * uni(1, 10)
                       : coin(0.3)              ? 0.0f
                                                : 5.0f * uni(1, 6);
    s.schedule = static_cast<Schedule>(uni(0, 3));
    s.needs_accessibility = coin(0.15);
    s.accepts_remote = coin(opt.p_accepts_remote);
    s.months_unemployed = uni(0, 24);
    for (int k = 0; k < num_industries; ++k) {
      if (coin(0.2)) s.preferred_industries.push_back(k);
    }
    s.embedding = embedding();
    inst->seeker_rows.push_back(std::move(s));
  }
  for (int i = 0; i < opt.num_vacancies; ++i) {
    Vacancy v;
    v.id = absl::StrCat("V", i);
    v.employer_id = absl::StrCat("E", i / 3);
    place(v.lat, v.lon);
    v.openings = uni(0, 4);
    for (int k = 0; k < num_skills; ++k) {
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
    v.remote = coin(opt.p_remote);
    v.kind = static_cast<VacancyKind>(uni(0, 3));
    v.industry = uni(0, num_industries - 1);
    v.embedding = embedding();
    inst->vacancy_rows.push_back(std::move(v));
  }
  EXPECT_TRUE(inst->seekers.Append(inst->seeker_rows, inst->vocab).ok());
  EXPECT_TRUE(inst->vacancies.Append(inst->vacancy_rows, inst->vocab).ok());
  return inst;
}

// City centres: ordinary places, both sides of the antimeridian, next to
// either pole, and the poles themselves.
const Place kPlaces[] = {{36.07, 120.38}, {48.85, 2.35},   {-33.9, 151.2},  {0.0, 179.95},
                         {0.0, -179.95},  {65.0, 179.99},  {-16.5, -180.0}, {89.9, 0.0},
                         {89.99, 135.0},  {-89.95, -45.0}, {90.0, 0.0},     {-90.0, 0.0},
                         {51.5, -0.1},    {40.7, -74.0}};

WorldOptions RandomWorld(uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 1);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  WorldOptions w;
  const int ncities = uni(1, 5);
  w.cities.clear();
  for (int c = 0; c < ncities; ++c) {
    w.cities.push_back(kPlaces[uni(0, static_cast<int>(std::size(kPlaces)) - 1)]);
  }
  w.num_seekers = 64 + uni(0, 180);
  w.num_vacancies = 64 + uni(0, 120);
  w.spread_km = 4.0 * uni(1, 10);
  w.coarse = seed % 5 != 0;
  w.embedding_dim = seed % 4 == 0 ? uni(1, 6) : 0;
  w.p_remote = 0.05 * uni(0, 6);
  w.p_accepts_remote = 0.1 * uni(0, 6);
  w.p_long_commute = 0.02 * uni(0, 4);
  return w;
}

// Policies that switch one pruning rule off (or change what bounds see).
Policy SwitchedPolicy(int which, uint64_t seed, const Vocabulary& vocab) {
  Policy p = seed % 2 == 0 ? Policy::Default() : RandomPolicy(seed, vocab);
  switch (which) {
    case 0:
      break;
    case 1:  // commute not enforced: every city can reach every other
      p.eligibility.enforce_max_commute = false;
      break;
    case 2:  // and no distance in the score either
      p.eligibility.enforce_max_commute = false;
      p.weights[static_cast<int>(Component::kDistance)] = 0.0f;
      break;
    case 3:  // no reserved post kinds
      p.eligibility.kind_restrictions.clear();
      break;
    case 4:  // accessibility not enforced
      p.eligibility.enforce_accessibility = false;
      break;
    case 5:  // education and wage enforced
      p.eligibility.enforce_min_education = true;
      p.eligibility.enforce_reservation_wage = true;
      break;
    case 6:  // nothing enforced at all
      p.eligibility = {};
      p.eligibility.enforce_max_commute = false;
      p.eligibility.enforce_accessibility = false;
      break;
    case 7:  // no boost
      p.rules.clear();
      break;
    case 8:  // skill alone
      p.weights.fill(0.0f);
      p.weights[static_cast<int>(Component::kSkill)] = 1.0f;
      break;
    case 9:  // no skill: bounds must rest on the other components
      p.weights[static_cast<int>(Component::kSkill)] = 0.0f;
      p.weights[static_cast<int>(Component::kWage)] = 0.3f;
      break;
    default:
      break;
  }
  return p;
}
constexpr int kNumSwitches = 10;

// Every test prunes small inputs too (see Defaults()).
class PruneSmallInputs : public ::testing::Environment {
 public:
  void SetUp() override { internal::MutablePruneTuning() = Defaults(); }
};
const auto* const kPruneSmallInputs =
    ::testing::AddGlobalTestEnvironment(new PruneSmallInputs);  // NOLINT: owned by gtest

// ------------------------------------------------------------ tests

// 120 random worlds x both directions: random policy or a switched one,
// k from 1 to 40 (often beyond the reachable set), 1-3 threads. (Fewer
// under a sanitizer: RandomCases.)
TEST(PrunedTopKTest, EqualsExhaustiveAndBruteForceOnRandomWorlds) {
  int total_ties = 0, instances = 0;
  const int worlds = RandomCases(120, 24);
  for (uint64_t seed = 1; seed <= static_cast<uint64_t>(worlds); ++seed) {
    const WorldOptions w = RandomWorld(seed);
    auto inst = MakeWorld(seed, w);
    const int which = static_cast<int>(seed % kNumSwitches);
    const Policy policy =
        seed % 3 == 0 ? RandomPolicy(seed, inst->vocab) : SwitchedPolicy(which, seed, inst->vocab);
    // Default sizes, or small ones so that the trees prune on these inputs.
    const internal::PruneTuning tunings[] = {Defaults(), Tuning(16, 4, 8), Tuning(1, 1, 1),
                                             Tuning(64, 8, 3)};
    const int tuning = static_cast<int>(seed % 4);
    ScopedTuning scoped(WithBoostBands(WithMemberCoverage(tunings[tuning], seed / 4), seed / 12));
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    for (Direction dir : kBoth) {
      TopKOptions o;
      o.k = 1 + static_cast<int>((seed * 13) % 40);
      o.num_threads = 1 + static_cast<int>(seed % 3);
      const TopKResult r =
          CheckAllWays(*scorer, dir, o,
                       absl::StrCat("seed ", seed, " ", DirName(dir), " cities ", w.cities.size(),
                                    " switch ", which, " tuning ", tuning, " member coverage ",
                                    (seed / 4) % 3, " boost bands ", (seed / 12) % 3));
      total_ties += CountTies(r);
      ++instances;
    }
  }
  EXPECT_EQ(instances, 2 * worlds);
  EXPECT_GT(total_ties, 4 * worlds)
      << "the worlds are built to tie; the tie-break was not exercised";
}

// Subsets (with repeats) answered after the index exists, so even one-row
// queries take the pruned path.
TEST(PrunedTopKTest, RowSubsetsAndRepeatsAfterTheIndexIsBuilt) {
  for (uint64_t seed = 200; seed < 215; ++seed) {
    auto inst = MakeWorld(seed, RandomWorld(seed));
    ScopedTuning scoped(seed % 2 == 0 ? Defaults() : Tuning(8, 3, 5));
    auto scorer = Scorer::Create(RandomPolicy(seed, inst->vocab), inst->vocab, inst->seekers,
                                 inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    for (Direction dir : kBoth) {
      TopKOptions o;
      o.k = 7;
      CheckAllWays(*scorer, dir, o, "warm-up");  // builds the index
      const int64_t universe =
          dir == Direction::kVacanciesForSeekers ? inst->seekers.size() : inst->vacancies.size();
      std::mt19937_64 rng(seed);
      for (int q = 0; q < 4; ++q) {
        o.rows.clear();
        const int n = 1 + q * 3;
        for (int i = 0; i < n; ++i) {
          o.rows.push_back(std::uniform_int_distribution<int64_t>(0, universe - 1)(rng));
        }
        if (n > 1) o.rows.push_back(o.rows.front());  // a repeated row
        CheckAllWays(*scorer, dir, o, absl::StrCat("seed ", seed, " subset ", q, DirName(dir)));
      }
    }
  }
}

// A fresh Scorer answers a small query without building the index (the
// exhaustive scan is cheaper), with the same result.
TEST(PrunedTopKTest, SmallQueryOnAFreshScorerScansExhaustively) {
  auto inst = MakeWorld(3, RandomWorld(3));
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  EXPECT_FALSE(internal::UsePrunedTopK(internal::ScorerAccess::Compiled(*scorer),
                                       Direction::kVacanciesForSeekers, 3));
  TopKOptions o;
  o.k = 5;
  o.rows = {0, 1, 2};
  auto r = TopVacanciesForSeekers(*scorer, o);
  ASSERT_TRUE(r.ok());
  ExpectSameTopK(*r, BruteForceTopK(*scorer, Direction::kVacanciesForSeekers, o), "fresh");
  EXPECT_TRUE(internal::UsePrunedTopK(internal::ScorerAccess::Compiled(*scorer),
                                      Direction::kVacanciesForSeekers,
                                      internal::kMinRowsToBuildIndex));
}

// Seekers whose commute limit is exactly the kernel's float chord distance
// to a vacancy (eligible: the rule is distance <= limit), one float below
// (ineligible) and one above (eligible), in ordinary places, across the
// antimeridian and next to the poles. No pair is remote, so only the commute
// rule decides; other vacancies keep the lists busy.
TEST(PrunedTopKTest, CommuteLimitIsDecidedExactlyAsTheKernelDoes) {
  const Place centres[] = {{36.07, 120.38}, {0.0, 179.999},  {-12.0, -179.9999},
                           {89.999, 10.0},  {-89.99, 170.0}, {90.0, 0.0}};
  std::mt19937_64 rng(42);
  auto real = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  // One seeker per chunk, one vacancy per group and per slice: the trees'
  // box tests meet the exact limit, not only the per-seeker bounds.
  ScopedTuning scoped(Tuning(1, 1, 1));
  int at_limit = 0, probed = 0;
  for (const Place& c : centres) {
    WorldOptions w;
    w.cities = {c};
    w.num_seekers = 0;
    w.num_vacancies = 70;
    w.spread_km = 12.0;
    w.coarse = false;
    w.p_remote = 0.0;
    // Through int64: a negative double converted straight to uint64 is
    // undefined (clang's UBSan reports it; GCC on x86-64 gave this value).
    auto inst = MakeWorld(static_cast<uint64_t>(static_cast<int64_t>(c.lat * 1000 + c.lon)), w);
    // Seekers near random vacancies, with a provisional limit.
    std::vector<Seeker> seekers;
    std::vector<int64_t> target;
    for (int i = 0; i < 24; ++i) {
      const int64_t v = static_cast<int64_t>(real(0, 69.999));
      Seeker s;
      s.id = absl::StrCat("P", i);
      s.lat = std::clamp(inst->vacancy_rows[v].lat + real(-0.05, 0.05), -90.0, 90.0);
      s.lon = WrapLon(inst->vacancy_rows[v].lon + real(-0.05, 0.05));
      s.max_commute_km = 1.0f;
      s.accepts_remote = false;
      for (int k = 0; k < 6; ++k) s.skills.push_back({k, 5});
      s.schedule = Schedule::kAny;
      seekers.push_back(s);
      target.push_back(v);
    }
    // The kernel's distance for each (seeker, target) pair.
    SeekerTable probe;
    ASSERT_TRUE(probe.Append(seekers, inst->vocab).ok());
    Policy policy = Policy::Default();
    policy.eligibility.kind_restrictions.clear();
    policy.eligibility.enforce_accessibility = false;
    auto ps = Scorer::Create(policy, inst->vocab, probe, inst->vacancies);
    ASSERT_TRUE(ps.ok());
    std::vector<Seeker> placed;
    std::vector<int64_t> placed_target;
    for (size_t i = 0; i < seekers.size(); ++i) {
      const float d = ps->Explain(static_cast<int64_t>(i), target[i]).distance_km;
      if (!(d > 0.0f)) continue;  // the same point (at a pole): no limit to probe
      placed_target.push_back(target[i]);
      for (int which = 0; which < 3; ++which) {
        Seeker s = seekers[i];
        s.id = absl::StrCat("P", i, "_", which);
        s.max_commute_km = which == 0   ? d
                           : which == 1 ? std::nextafter(d, 0.0f)
                                        : std::nextafter(d, 1e30f);
        placed.push_back(s);
      }
    }
    inst->seekers = SeekerTable();
    ASSERT_TRUE(inst->seekers.Append(placed, inst->vocab).ok());
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    const size_t probes = placed_target.size();
    probed += static_cast<int>(probes);
    for (size_t i = 0; i < probes; ++i) {
      const auto s0 = static_cast<int64_t>(3 * i);
      ASSERT_EQ(scorer->Explain(s0, placed_target[i]).distance_km, placed[3 * i].max_commute_km);
      EXPECT_TRUE(scorer->Eligible(s0, placed_target[i])) << "at the limit";
      EXPECT_FALSE(scorer->Eligible(s0 + 1, placed_target[i])) << "one float below";
      EXPECT_TRUE(scorer->Eligible(s0 + 2, placed_target[i])) << "one float above";
    }
    for (Direction dir : kBoth) {
      TopKOptions o;
      o.k = 80;  // every eligible candidate is listed
      o.rows.clear();
      const int64_t universe =
          dir == Direction::kVacanciesForSeekers ? inst->seekers.size() : inst->vacancies.size();
      for (int64_t r = 0; r < std::max<int64_t>(universe, internal::kMinRowsToBuildIndex); ++r) {
        o.rows.push_back(r % universe);
      }
      const TopKResult r =
          CheckAllWays(*scorer, dir, o, absl::StrCat("limit at ", c.lat, ",", c.lon, DirName(dir)));
      if (dir != Direction::kVacanciesForSeekers) continue;
      for (size_t i = 0; i < probes; ++i) {
        for (int which = 0; which < 3; ++which) {
          const int64_t row = static_cast<int64_t>(3 * i) + which;
          const auto* begin = r.index.data() + row * r.k;
          const bool listed = std::find(begin, begin + r.k, placed_target[i]) != begin + r.k;
          EXPECT_EQ(listed, which != 1) << "seeker " << row << " at " << c.lat << "," << c.lon;
          at_limit += which == 0 && listed;
        }
      }
    }
  }
  EXPECT_EQ(at_limit, probed);
  EXPECT_GT(probed, 100);
}

// Seekers far from every vacancy: only remote posts, for those who accept
// remote work; the others get empty lists. k beyond what is reachable.
TEST(PrunedTopKTest, RemoteOnlyMatchesAndRowsWithNothingInReach) {
  auto vac = MakeWorld(7, [] {
    WorldOptions w;
    w.cities = {{36.07, 120.38}, {-33.9, 151.2}};
    w.num_seekers = 0;
    w.num_vacancies = 150;
    w.p_remote = 0.3;
    return w;
  }());
  auto far = MakeWorld(8, [] {
    WorldOptions w;
    w.cities = {{48.85, 2.35}, {40.7, -74.0}, {0.0, -179.99}};
    w.num_seekers = 130;
    w.num_vacancies = 0;
    w.p_accepts_remote = 0.5;
    w.p_long_commute = 0.0;
    return w;
  }());
  // Far seekers against the two-city vacancies, in one vocabulary.
  SeekerTable seekers;
  ASSERT_TRUE(seekers.Append(far->seeker_rows, vac->vocab).ok());
  for (int variant = 0; variant < 3; ++variant) {
    ScopedTuning scoped(variant == 0 ? Defaults() : Tuning(4, 2, 2));
    Policy p = Policy::Default();
    if (variant == 1) p.eligibility.kind_restrictions.clear();
    if (variant == 2) {
      p = RandomPolicy(99, vac->vocab);
      p.eligibility.enforce_max_commute = true;
    }
    auto scorer = Scorer::Create(p, vac->vocab, seekers, vac->vacancies);
    ASSERT_TRUE(scorer.ok());
    for (Direction dir : kBoth) {
      TopKOptions o;
      o.k = 60;
      const TopKResult r =
          CheckAllWays(*scorer, dir, o, absl::StrCat("remote only ", variant, DirName(dir)));
      if (dir != Direction::kVacanciesForSeekers) continue;
      int empty = 0, remote_listed = 0;
      for (int64_t i = 0; i < r.rows; ++i) {
        const int64_t s = r.row_ids[i];
        for (int j = 0; j < r.k; ++j) {
          const int64_t v = r.index[i * r.k + j];
          if (v < 0) continue;
          EXPECT_TRUE(vac->vacancies.remote()[v] && seekers.accepts_remote()[s]);
          ++remote_listed;
        }
        empty += r.index[i * r.k] < 0;
      }
      EXPECT_GT(empty, 30);
      EXPECT_GT(remote_listed, 100);
    }
  }
}

// Many remote posts and seekers who accept remote work (remote groups are
// not pruned by space for them, only by their bounds): worlds across several
// cities, small groups, k small and large, every policy switch, ties on the
// coarse lattice.
TEST(PrunedTopKTest, RemoteHeavyWorldsEqualBruteForce) {
  for (uint64_t seed = 400; seed < 400 + static_cast<uint64_t>(RandomCases(40)); ++seed) {
    WorldOptions w = RandomWorld(seed);
    w.num_seekers = 150 + static_cast<int>(seed % 7) * 20;
    w.num_vacancies = 200 + static_cast<int>(seed % 5) * 40;
    w.p_remote = 0.3 + 0.1 * static_cast<double>(seed % 5);
    w.p_accepts_remote = seed % 3 == 0 ? 1.0 : 0.6;
    auto inst = MakeWorld(seed, w);
    const int which = static_cast<int>(seed % kNumSwitches);
    const Policy policy = SwitchedPolicy(which, seed, inst->vocab);
    const internal::PruneTuning tunings[] = {Defaults(), Tuning(16, 1, 4), Tuning(8, 2, 16),
                                             Tuning(32, 3, 1)};
    ScopedTuning scoped(WithMemberCoverage(tunings[seed % 4], seed / 4));
    auto scorer = Scorer::Create(policy, inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    TopKOptions o;
    o.k = seed % 2 == 0 ? 1 + static_cast<int>(seed % 5) : 30 + static_cast<int>(seed % 40);
    o.num_threads = 1 + static_cast<int>(seed % 2);
    const TopKResult r = CheckAllWays(*scorer, Direction::kVacanciesForSeekers, o,
                                      absl::StrCat("seed ", seed, " switch ", which));
    int remote_listed = 0;
    for (int64_t i = 0; i < r.rows * r.k; ++i) {
      remote_listed += r.index[i] >= 0 && inst->vacancies.remote()[r.index[i]] ? 1 : 0;
    }
    EXPECT_GT(remote_listed, 0) << "seed " << seed << ": no remote post was listed";
  }
}

// All seekers alike and all vacancies alike: every eligible pair ties, so
// the lists are the lowest indexes. Repeats across policies and k.
TEST(PrunedTopKTest, AllScoresEqualKeepsTheLowestIndexes) {
  Vocabulary vocab;
  vocab.AddSkill("a");
  vocab.AddIndustry("i");
  std::vector<Seeker> ss;
  std::vector<Vacancy> vs;
  for (int i = 0; i < 90; ++i) {
    Seeker s;
    s.id = absl::StrCat("S", i);
    s.lat = 36.0 + (i % 3) * 1e-7;  // a hair apart: the same float point or not
    s.lon = 120.0;
    s.skills = {{0, 4}};
    ss.push_back(s);
  }
  for (int i = 0; i < 110; ++i) {
    Vacancy v;
    v.id = absl::StrCat("V", i);
    v.lat = 36.01;
    v.lon = 120.0;
    v.requirements = {{0, 3, 1.0f}};
    v.wage_min = v.wage_max = 5000.0f;
    v.schedule = Schedule::kFullTime;
    v.remote = i % 10 == 0;
    vs.push_back(v);
  }
  SeekerTable seekers;
  VacancyTable vacancies;
  ASSERT_TRUE(seekers.Append(ss, vocab).ok());
  ASSERT_TRUE(vacancies.Append(vs, vocab).ok());
  for (int which = 0; which < kNumSwitches; ++which) {
    Policy p = SwitchedPolicy(which, 0, vocab);
    auto scorer = Scorer::Create(p, vocab, seekers, vacancies);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    for (Direction dir : kBoth) {
      for (int k : {1, 5, 33, 200}) {
        TopKOptions o;
        o.k = k;
        const TopKResult r =
            CheckAllWays(*scorer, dir, o, absl::StrCat("ties ", which, " k ", k, DirName(dir)));
        if (k > 1) {
          EXPECT_GT(CountTies(r), 0) << "switch " << which << " k " << k;
        }
      }
    }
  }
}

// Several cities far apart, every policy switch, long-commute seekers that
// reach other cities: cross-city pairs appear exactly when a rule allows.
TEST(PrunedTopKTest, EveryPolicySwitchOnSeveralCities) {
  for (int which = 0; which < kNumSwitches; ++which) {
    for (uint64_t seed = 300; seed < 304; ++seed) {
      WorldOptions w;
      w.cities = {{36.07, 120.38}, {36.9, 121.5}, {0.0, 179.99}, {0.0, -179.99}, {89.95, 0.0}};
      w.num_seekers = 150;
      w.num_vacancies = 110;
      w.p_long_commute = 0.1;
      w.coarse = seed % 2 == 0;
      w.embedding_dim = seed == 303 ? 4 : 0;
      auto inst = MakeWorld(seed * 31 + which, w);
      ScopedTuning scoped(
          WithMemberCoverage(seed % 2 == 0 ? Defaults() : Tuning(8, 2, 4), seed / 2 + which));
      auto scorer = Scorer::Create(SwitchedPolicy(which, seed, inst->vocab), inst->vocab,
                                   inst->seekers, inst->vacancies);
      ASSERT_TRUE(scorer.ok()) << scorer.status();
      for (Direction dir : kBoth) {
        TopKOptions o;
        o.k = 12;
        o.num_threads = 2;
        CheckAllWays(*scorer, dir, o,
                     absl::StrCat("switch ", which, " seed ", seed, " ", DirName(dir)));
      }
    }
  }
}

// The live engine's masks: excluded candidates never appear, others move up.
TEST(PrunedTopKTest, ExcludedCandidatesAreNeverListed) {
  for (uint64_t seed = 400; seed < 410; ++seed) {
    auto inst = MakeWorld(seed, RandomWorld(seed));
    ScopedTuning scoped(seed % 2 == 0 ? Defaults() : Tuning(4, 2, 3));
    auto scorer =
        Scorer::Create(SwitchedPolicy(static_cast<int>(seed % kNumSwitches), seed, inst->vocab),
                       inst->vocab, inst->seekers, inst->vacancies);
    ASSERT_TRUE(scorer.ok());
    for (Direction dir : kBoth) {
      const int64_t candidates =
          dir == Direction::kVacanciesForSeekers ? inst->vacancies.size() : inst->seekers.size();
      std::vector<uint64_t> bits(static_cast<size_t>((candidates + 63) / 64), 0);
      std::mt19937_64 rng(seed);
      for (int64_t c = 0; c < candidates; ++c) {
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0)
          bits[c / 64] |= uint64_t{1} << (c % 64);
      }
      TopKOptions o;
      o.k = 9;
      o.excluded_candidates = bits;
      const TopKResult r = CheckAllWays(*scorer, dir, o, absl::StrCat("excluded ", seed));
      for (int64_t c : r.index) {
        if (c >= 0) {
          EXPECT_EQ((bits[c / 64] >> (c % 64)) & 1, 0u);
        }
      }
    }
  }
}

TEST(PrunedTopKTest, ThreadCountDoesNotChangeTheResult) {
  WorldOptions w = RandomWorld(11);
  w.num_seekers = 900;
  w.num_vacancies = 500;
  auto inst = MakeWorld(11, w);
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  for (Direction dir : kBoth) {
    TopKOptions o;
    o.k = 10;
    o.num_threads = 1;
    auto one = TopK(*scorer, dir, o);
    ASSERT_TRUE(one.ok());
    o.exhaustive = true;
    auto ex = TopK(*scorer, dir, o);
    ASSERT_TRUE(ex.ok());
    ExpectSameTopK(*one, *ex, "one thread");
    o.exhaustive = false;
    for (int t : {2, 3, 8}) {
      o.num_threads = t;
      auto many = TopK(*scorer, dir, o);
      ASSERT_TRUE(many.ok());
      ExpectSameTopK(*many, *one, absl::StrCat("threads ", t));
    }
  }
}

TEST(PrunedTopKTest, ProgressIsReportedAndCancellationStops) {
  WorldOptions w = RandomWorld(12);
  w.num_seekers = 3000;
  w.num_vacancies = 700;
  auto inst = MakeWorld(12, w);
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  for (Direction dir : kBoth) {
    const int64_t universe = dir == Direction::kVacanciesForSeekers ? 3000 : 700;
    TopKOptions o;
    o.k = 3;
    int64_t last_done = -1, last_total = -1, calls = 0;
    o.progress = [&](int64_t done, int64_t total) {
      EXPECT_GE(done, last_done);
      last_done = done;
      last_total = total;
      ++calls;
      return true;
    };
    ASSERT_TRUE(TopK(*scorer, dir, o).ok());
    EXPECT_GE(calls, 2);
    EXPECT_EQ(last_done, universe);
    EXPECT_EQ(last_total, universe);
    o.progress = [](int64_t, int64_t) { return false; };
    // The first call (before any work) already cancels.
    auto r = TopK(*scorer, dir, o);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kCancelled);
  }
}

// Below PruneTuning::min_candidates the exhaustive scan is used (as fast on
// so few candidates), with the same result.
TEST(PrunedTopKTest, FewCandidatesScanExhaustively) {
  internal::PruneTuning t = Defaults();
  t.min_candidates = 4096;
  ScopedTuning scoped(t);
  auto inst = MakeWorld(14, RandomWorld(14));
  auto scorer = Scorer::Create(Policy::Default(), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  for (Direction dir : kBoth) {
    EXPECT_FALSE(internal::UsePrunedTopK(internal::ScorerAccess::Compiled(*scorer), dir, 1000));
    TopKOptions o;
    o.k = 6;
    auto r = TopK(*scorer, dir, o);
    ASSERT_TRUE(r.ok());
    ExpectSameTopK(*r, BruteForceTopK(*scorer, dir, o), "few candidates");
  }
}

// A policy with nothing to bound (embedding only, no rule) keeps the
// exhaustive scan, with the same results.
TEST(PrunedTopKTest, EmbeddingOnlyPolicyScansExhaustively) {
  WorldOptions w = RandomWorld(13);
  w.embedding_dim = 5;
  auto inst = MakeWorld(13, w);
  Policy p;
  p.weights.fill(0.0f);
  p.weights[static_cast<int>(Component::kEmbedding)] = 1.0f;
  p.rules.clear();
  p.eligibility = {};
  p.eligibility.enforce_max_commute = false;
  p.eligibility.enforce_accessibility = false;
  auto scorer = Scorer::Create(p, inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(scorer.ok());
  for (Direction dir : kBoth) {
    EXPECT_FALSE(internal::UsePrunedTopK(internal::ScorerAccess::Compiled(*scorer), dir, 1000));
    TopKOptions o;
    o.k = 6;
    auto r = TopK(*scorer, dir, o);
    ASSERT_TRUE(r.ok());
    ExpectSameTopK(*r, BruteForceTopK(*scorer, dir, o), "embedding only");
  }
}

}  // namespace
}  // namespace jobmatch
