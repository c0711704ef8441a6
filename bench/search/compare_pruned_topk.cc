// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Pruned top-k (the default) against the exhaustive scan a user would
// otherwise run (TopKOptions::exhaustive = true), side by side in one run on
// the same data, both directions, k = 20, the full default policy.
//
//   1. One synthetic city, 100 000 seekers x 20 000 vacancies (GenerateCity,
//      default seed): wall and CPU seconds of each, the ratio, and a check
//      that both give the same lists and scores.
//   2. Several cities far apart (each its own GenerateCity, 10 000 x 2 000,
//      placed 1 000+ km from each other): the pruned cost per row against the
//      number of candidates within reach of a row (commute rule and remote
//      posts), for 1, 10 and 50 cities. The exhaustive scan scores every
//      pair, so its cost per row grows with all candidates; above
//      --max-exhaustive-pairs it is timed on a sample of rows and scaled.
//
//   build/bench/compare_pruned_topk [--threads N] [--reps R] [--quick]
//
// Times are the best of R repetitions (pruned and exhaustive interleaved);
// the first pruned call, which builds the index, is reported separately.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "jobmatch/data/tables.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace {

using jobmatch::Direction;

double WallNow() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double CpuNow() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct World {
  jobmatch::Vocabulary vocab;
  jobmatch::SeekerTable seekers;
  jobmatch::VacancyTable vacancies;
};

// `cities` generated cities, the first at Qingdao, the others spread over
// the globe at least ~1 000 km apart (a 10 x 5 lattice of latitudes and
// longitudes); ids are prefixed with the city number.
World MakeWorld(int cities, int64_t seekers_per_city, int64_t vacancies_per_city) {
  World w;
  for (int c = 0; c < cities; ++c) {
    jobmatch::CityConfig cfg;
    cfg.num_seekers = seekers_per_city;
    cfg.num_vacancies = vacancies_per_city;
    if (c > 0) {
      cfg.seed = 20250301 + static_cast<uint64_t>(c);
      cfg.center_lat = -60.0 + 12.0 * (c % 10) + 1.0 * (c / 10);
      cfg.center_lon = -175.0 + 72.0 * (c / 10) + 5.0 * (c % 10);
    }
    auto city = jobmatch::GenerateCity(cfg);
    if (!city.ok()) {
      std::fprintf(stderr, "GenerateCity: %s\n", std::string(city.status().message()).c_str());
      std::exit(1);
    }
    if (c == 0) w.vocab = city->vocab;
    if (cities > 1) {
      char prefix[32];
      std::snprintf(prefix, sizeof prefix, "c%d_", c);
      for (auto& s : city->seekers) s.id.insert(0, prefix);
      for (auto& v : city->vacancies) v.id.insert(0, prefix);
    }
    // Every generated city has the same vocabulary (same names, same order).
    if (!w.seekers.Append(city->seekers, w.vocab).ok() ||
        !w.vacancies.Append(city->vacancies, w.vocab).ok()) {
      std::fprintf(stderr, "append failed\n");
      std::exit(1);
    }
  }
  return w;
}

struct Timing {
  double wall = 1e300, cpu = 1e300;
  void Keep(double w, double c) {
    wall = std::min(wall, w);
    cpu = std::min(cpu, c);
  }
};

template <typename Fn>
void Time(Timing& t, const Fn& fn) {
  const double w0 = WallNow(), c0 = CpuNow();
  fn();
  t.Keep(WallNow() - w0, CpuNow() - c0);
}

jobmatch::TopKResult Run(const jobmatch::Scorer& scorer, Direction dir,
                         const jobmatch::TopKOptions& o) {
  auto r = jobmatch::TopK(scorer, dir, o);
  if (!r.ok()) {
    std::fprintf(stderr, "TopK: %s\n", std::string(r.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(r);
}

const char* Name(Direction d) {
  return d == Direction::kVacanciesForSeekers ? "vacancies for seekers" : "seekers for vacancies";
}

// Mean number of candidates within reach of a row under the commute rule
// (the kernel's float chord <= the seeker's limit, or a remote post for a
// seeker who accepts remote work), over a sample of rows.
double MeanInReach(const jobmatch::Scorer& scorer, Direction dir, int64_t sample) {
  const auto& S = scorer.seekers();
  const auto& V = scorer.vacancies();
  const float default_km = scorer.policy().default_max_commute_km;
  const int64_t rows = dir == Direction::kVacanciesForSeekers ? S.size() : V.size();
  const int64_t cands = dir == Direction::kVacanciesForSeekers ? V.size() : S.size();
  const int64_t step = std::max<int64_t>(1, rows / sample);
  double total = 0;
  int64_t counted = 0;
  for (int64_t r = 0; r < rows; r += step, ++counted) {
    int64_t n = 0;
    for (int64_t c = 0; c < cands; ++c) {
      const int64_t s = dir == Direction::kVacanciesForSeekers ? r : c;
      const int64_t v = dir == Direction::kVacanciesForSeekers ? c : r;
      const float mc = S.max_commute_km()[s];
      const float limit = mc > 0.0f ? mc : default_km;
      const float dx = S.points()(s, 0) - V.points()(v, 0);
      const float dy = S.points()(s, 1) - V.points()(v, 1);
      const float dz = S.points()(s, 2) - V.points()(v, 2);
      const float d = std::sqrt(dx * dx + dy * dy + dz * dz);
      n += (d <= limit || (V.remote()[v] && S.accepts_remote()[s])) ? 1 : 0;
    }
    total += static_cast<double>(n);
  }
  return total / static_cast<double>(counted);
}

struct Flags {
  int threads = 0, reps = 3;
  bool quick = false;
  double max_exhaustive_pairs = 2.5e9;
};

// Reads the command line into `fl`; prints the usage and returns false on
// anything it does not know.
bool ParseFlags(int argc, char** argv, Flags& fl) {
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) {
      fl.threads = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) {
      fl.reps = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--max-exhaustive-pairs") && i + 1 < argc) {
      fl.max_exhaustive_pairs = std::atof(argv[++i]);
    } else if (!std::strcmp(argv[i], "--quick")) {
      fl.quick = true;
    } else {
      std::fprintf(stderr,
                   "usage: %s [--threads N] [--reps R] [--max-exhaustive-pairs X] [--quick]\n",
                   argv[0]);
      return false;
    }
  }
  return true;
}

// Part 1, one direction: the first pruned call, then pruned and exhaustive
// interleaved; prints one table row. False if the two lists differ.
bool OneCityRow(const jobmatch::Scorer& scorer, Direction dir, const Flags& fl) {
  jobmatch::TopKOptions o;
  o.k = 20;
  o.num_threads = fl.threads;
  Timing first, pruned, exhaustive;
  jobmatch::TopKResult rp, re;
  Time(first, [&] { rp = Run(scorer, dir, o); });
  for (int r = 0; r < fl.reps; ++r) {
    o.exhaustive = false;
    Time(pruned, [&] { rp = Run(scorer, dir, o); });
    o.exhaustive = true;
    Time(exhaustive, [&] { re = Run(scorer, dir, o); });
  }
  const bool same = rp.index == re.index && rp.score == re.score;
  std::printf("| %s | %.3f | %.3f | %.3f | %.3f | **%.2fx** | %.2fx | %.3f | %s |\n", Name(dir),
              pruned.wall, pruned.cpu, exhaustive.wall, exhaustive.cpu,
              exhaustive.wall / pruned.wall, exhaustive.cpu / pruned.cpu, first.wall,
              same ? "yes" : "NO");
  return same;
}

// Part 1: one synthetic city, both directions.
bool OneCity(const Flags& fl) {
  const int64_t ns = fl.quick ? 20000 : 100000, nv = fl.quick ? 4000 : 20000;
  World w = MakeWorld(1, ns, nv);
  auto scorer =
      jobmatch::Scorer::Create(jobmatch::Policy::Default(), w.vocab, w.seekers, w.vacancies);
  if (!scorer.ok()) return false;
  std::printf("\n## One city, %" PRId64 " seekers x %" PRId64 " vacancies\n\n", ns, nv);
  std::printf(
      "| direction | pruned wall s | pruned CPU s | exhaustive wall s | exhaustive CPU s "
      "| ratio (wall) | ratio (CPU) | first pruned call (builds index) s | same |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (Direction dir : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
    if (!OneCityRow(*scorer, dir, fl)) return false;
  }
  return true;
}

// Part 2, one number of cities and one direction: pruned on every row, the
// exhaustive scan on every row or an even sample of them (above
// --max-exhaustive-pairs); prints one table row. False if the exhaustive scan
// covered every row and its lists differ from the pruned ones.
bool ManyCitiesRow(const jobmatch::Scorer& scorer, const World& w, int cities, Direction dir,
                   const Flags& fl) {
  const int64_t rows =
      dir == Direction::kVacanciesForSeekers ? w.seekers.size() : w.vacancies.size();
  const int64_t cands =
      dir == Direction::kVacanciesForSeekers ? w.vacancies.size() : w.seekers.size();
  jobmatch::TopKOptions o;
  o.k = 20;
  o.num_threads = fl.threads;
  Timing pruned, exhaustive;
  jobmatch::TopKResult rp;
  Run(scorer, dir, o);  // builds the index
  for (int r = 0; r < fl.reps; ++r) Time(pruned, [&] { rp = Run(scorer, dir, o); });
  // The exhaustive scan on every row, or on an even sample of them.
  jobmatch::TopKOptions e = o;
  e.exhaustive = true;
  int64_t timed_rows = rows;
  if (static_cast<double>(rows) * static_cast<double>(cands) > fl.max_exhaustive_pairs) {
    timed_rows = std::max<int64_t>(
        1000, static_cast<int64_t>(fl.max_exhaustive_pairs / static_cast<double>(cands)));
    timed_rows = std::min(timed_rows, rows);
    const int64_t step = rows / timed_rows;
    for (int64_t i = 0; i < timed_rows; ++i) e.rows.push_back(i * step);
  }
  for (int r = 0; r < std::min(fl.reps, 2); ++r) {
    jobmatch::TopKResult re;
    Time(exhaustive, [&] { re = Run(scorer, dir, e); });
    if (timed_rows == rows && !(re.index == rp.index && re.score == rp.score)) {
      std::printf("MISMATCH\n");
      return false;
    }
  }
  char timed_on[32];
  if (timed_rows == rows) {
    std::snprintf(timed_on, sizeof timed_on, "all rows");
  } else {
    std::snprintf(timed_on, sizeof timed_on, "%" PRId64 " rows", timed_rows);
  }
  const double pruned_us = 1e6 * pruned.wall / static_cast<double>(rows);
  const double pruned_cpu = 1e6 * pruned.cpu / static_cast<double>(rows);
  const double exhaustive_us = 1e6 * exhaustive.wall / static_cast<double>(timed_rows);
  const double exhaustive_cpu = 1e6 * exhaustive.cpu / static_cast<double>(timed_rows);
  std::printf(
      "| %d | %s | %.0f | %" PRId64 " | %.1f (%.1f) | %.1f (%.1f) | **%.1fx** (%.1fx) | %s |\n",
      cities, Name(dir), MeanInReach(scorer, dir, 400), cands, pruned_us, pruned_cpu, exhaustive_us,
      exhaustive_cpu, exhaustive_us / pruned_us, exhaustive_cpu / pruned_cpu, timed_on);
  return true;
}

// Part 2: 1, 10 and 50 cities far apart (50 skipped with --quick).
bool ManyCities(const Flags& fl) {
  const int64_t per_ns = fl.quick ? 2000 : 10000, per_nv = fl.quick ? 400 : 2000;
  std::printf("\n## Cities far apart, %" PRId64 " seekers x %" PRId64 " vacancies each\n\n", per_ns,
              per_nv);
  std::printf(
      "| cities | direction | candidates in reach per row (mean) | all candidates "
      "| pruned us/row wall (CPU) | exhaustive us/row wall (CPU) | ratio wall (CPU) "
      "| exhaustive timed on |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (int cities : {1, 10, 50}) {
    if (fl.quick && cities == 50) continue;
    World w = MakeWorld(cities, per_ns, per_nv);
    auto scorer =
        jobmatch::Scorer::Create(jobmatch::Policy::Default(), w.vocab, w.seekers, w.vacancies);
    if (!scorer.ok()) return false;
    for (Direction dir : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
      if (!ManyCitiesRow(*scorer, w, cities, dir, fl)) return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags fl;
  if (!ParseFlags(argc, argv, fl)) return 2;
  const int nthreads =
      fl.threads > 0 ? fl.threads : static_cast<int>(std::thread::hardware_concurrency());
  std::printf("compare_pruned_topk: k=20, default policy, %d thread(s), best of %d, kernel %s\n",
              nthreads, fl.reps, std::string(jobmatch::ScoringKernelName()).c_str());
  if (!OneCity(fl) || !ManyCities(fl)) return 1;
  return 0;
}
