// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Snapshot save/load times and size for a generated city (default: 1M
// seekers + 100k vacancies, the size named in issue 5).
//
// Usage: bench_snapshot [--seekers N] [--vacancies N] [--embedding-dim D]
//                       [--repeats R] [--dir DIR] [--keep 1]
// Prints one line per measurement; load is the best of R runs (the file is
// in the page cache after the save, as after a restart on the same machine).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "jobmatch/data/tables.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/snapshot/snapshot.h"
#include "jobmatch/synth/generator.h"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// User + system CPU seconds of this process: stable when other jobs share
// the machine, unlike wall time.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

int Usage() {
  std::fprintf(
      stderr,
      "usage: bench_snapshot [--seekers N] [--vacancies N] [--embedding-dim D] [--repeats R] "
      "[--dir DIR] [--keep 1]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  jobmatch::CityConfig cfg;
  cfg.num_seekers = 1000000;
  cfg.num_vacancies = 100000;
  int repeats = 3;
  bool keep = false;  // leave the snapshot file (e.g. for perf on `jobmatch snapshot load`)
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return Usage();
    const char* v = argv[++i];
    if (a == "--seekers") {
      cfg.num_seekers = std::atoll(v);
    } else if (a == "--vacancies") {
      cfg.num_vacancies = std::atoll(v);
    } else if (a == "--embedding-dim") {
      cfg.embedding_dim = std::atoi(v);
    } else if (a == "--repeats") {
      repeats = std::max(1, std::atoi(v));
    } else if (a == "--keep") {
      keep = std::atoi(v) != 0;
    } else if (a == "--dir") {
      dir = v;
    } else {
      return Usage();
    }
  }
  auto t = Clock::now();
  auto city = jobmatch::GenerateCity(cfg);
  if (!city.ok()) {
    std::fprintf(stderr, "%s\n", std::string(city.status().message()).c_str());
    return 1;
  }
  jobmatch::SeekerTable seekers;
  jobmatch::VacancyTable vacancies;
  if (!seekers.Append(city->seekers, city->vocab).ok() ||
      !vacancies.Append(city->vacancies, city->vocab).ok()) {
    std::fprintf(stderr, "append failed\n");
    return 1;
  }
  city->seekers.clear();
  city->seekers.shrink_to_fit();
  city->vacancies.clear();
  city->vacancies.shrink_to_fit();
  std::printf("city: %lld seekers, %lld vacancies, embedding dim %d (generated in %.2f s)\n",
              static_cast<long long>(seekers.size()), static_cast<long long>(vacancies.size()),
              cfg.embedding_dim, Since(t));

  const std::string path =
      (std::filesystem::path(dir) / ("bench_snapshot_" + std::to_string(::getpid()) + ".jms"))
          .string();
  const jobmatch::Policy policy = jobmatch::Policy::Default();
  double best_save = 1e30, best_save_cpu = 1e30;
  for (int r = 0; r < repeats; ++r) {
    t = Clock::now();
    const double c0 = CpuSeconds();
    if (auto s = jobmatch::SaveSnapshot(path, city->vocab, seekers, vacancies, policy); !s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
      return 1;
    }
    best_save = std::min(best_save, Since(t));
    best_save_cpu = std::min(best_save_cpu, CpuSeconds() - c0);
  }
  const auto bytes = std::filesystem::file_size(path);
  std::printf("snapshot size: %.1f MB (%llu bytes)\n", bytes / 1e6,
              static_cast<unsigned long long>(bytes));
  std::printf("save (encode + write + fsync + rename), best of %d: %.3f s wall, %.3f s CPU\n",
              repeats, best_save, best_save_cpu);

  t = Clock::now();
  auto info = jobmatch::InspectSnapshot(path);
  const double inspect_s = Since(t);
  if (!info.ok() || !info->payload_ok) {
    std::fprintf(stderr, "inspect failed\n");
    return 1;
  }
  std::printf("inspect (header + checksum of the whole payload): %.3f s\n", inspect_s);

  double best_load = 1e30, best_load_cpu = 1e30;
  for (int r = 0; r < repeats; ++r) {
    t = Clock::now();
    const double c0 = CpuSeconds();
    auto d = jobmatch::LoadSnapshot(path);
    const double s = Since(t), c = CpuSeconds() - c0;
    if (!d.ok()) {
      std::fprintf(stderr, "%s\n", std::string(d.status().message()).c_str());
      return 1;
    }
    if ((*d)->seekers().size() != seekers.size() || (*d)->vacancies().size() != vacancies.size()) {
      std::fprintf(stderr, "loaded sizes differ\n");
      return 1;
    }
    best_load = std::min(best_load, s);
    best_load_cpu = std::min(best_load_cpu, c);
  }
  std::printf(
      "load (read + checksum + decode + validate + id maps), best of %d: %.3f s wall, %.3f s CPU\n",
      repeats, best_load, best_load_cpu);

  // The service restart path: a whole live engine from the snapshot (load as
  // above, then the engine's version and compiled scorer), ready to answer.
  double best_engine = 1e30, best_engine_cpu = 1e30;
  for (int r = 0; r < repeats; ++r) {
    t = Clock::now();
    const double c0 = CpuSeconds();
    auto engine = jobmatch::Engine::LoadSnapshot(path);
    const double s = Since(t), c = CpuSeconds() - c0;
    if (!engine.ok()) {
      std::fprintf(stderr, "%s\n", std::string(engine.status().message()).c_str());
      return 1;
    }
    if ((*engine)->View().num_seekers() != seekers.size()) {
      std::fprintf(stderr, "engine sizes differ\n");
      return 1;
    }
    best_engine = std::min(best_engine, s);
    best_engine_cpu = std::min(best_engine_cpu, c);
  }
  std::printf(
      "Engine::LoadSnapshot (load + engine version + scorer), best of %d: %.3f s wall, "
      "%.3f s CPU\n",
      repeats, best_engine, best_engine_cpu);
  if (keep) {
    std::printf("kept %s\n", path.c_str());
  } else {
    std::filesystem::remove(path);
  }
  return 0;
}
