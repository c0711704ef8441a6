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

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

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

struct Flags {
  jobmatch::CityConfig cfg;
  int repeats = 3;
  bool keep = false;  // leave the snapshot file (e.g. for perf on `jobmatch snapshot load`)
  std::string dir = std::filesystem::temp_directory_path().string();
};

// Reads the command line into `fl`; false on an unknown flag or a missing value.
bool ParseFlags(int argc, char** argv, Flags& fl) {
  fl.cfg.num_seekers = 1000000;
  fl.cfg.num_vacancies = 100000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    if (a == "--seekers") {
      fl.cfg.num_seekers = std::atoll(v);
    } else if (a == "--vacancies") {
      fl.cfg.num_vacancies = std::atoll(v);
    } else if (a == "--embedding-dim") {
      fl.cfg.embedding_dim = std::atoi(v);
    } else if (a == "--repeats") {
      fl.repeats = std::max(1, std::atoi(v));
    } else if (a == "--keep") {
      fl.keep = std::atoi(v) != 0;
    } else if (a == "--dir") {
      fl.dir = v;
    } else {
      return false;
    }
  }
  return true;
}

struct Tables {
  jobmatch::Vocabulary vocab;
  jobmatch::SeekerTable seekers;
  jobmatch::VacancyTable vacancies;
};

// Generates the city into columnar tables (the generated rows are freed) and
// prints its size and generation time.
bool MakeTables(const jobmatch::CityConfig& cfg, Tables& out) {
  const auto t = Clock::now();
  auto city = jobmatch::GenerateCity(cfg);
  if (!city.ok()) {
    std::fprintf(stderr, "%s\n", std::string(city.status().message()).c_str());
    return false;
  }
  if (!out.seekers.Append(city->seekers, city->vocab).ok() ||
      !out.vacancies.Append(city->vacancies, city->vocab).ok()) {
    std::fprintf(stderr, "append failed\n");
    return false;
  }
  out.vocab = std::move(city->vocab);
  city->seekers.clear();
  city->seekers.shrink_to_fit();
  city->vacancies.clear();
  city->vacancies.shrink_to_fit();
  std::printf("city: %lld seekers, %lld vacancies, embedding dim %d (generated in %.2f s)\n",
              static_cast<long long>(out.seekers.size()),
              static_cast<long long>(out.vacancies.size()), cfg.embedding_dim, Since(t));
  return true;
}

// Best wall and CPU seconds over the repeats.
struct Best {
  double wall = 1e30, cpu = 1e30;
};

// Saves the snapshot `repeats` times, then prints its size and the best save.
bool TimeSave(const std::string& path, const Tables& tables, int repeats) {
  const jobmatch::Policy policy = jobmatch::Policy::Default();
  Best best;
  for (int r = 0; r < repeats; ++r) {
    const auto t = Clock::now();
    const double c0 = CpuSeconds();
    if (auto s =
            jobmatch::SaveSnapshot(path, tables.vocab, tables.seekers, tables.vacancies, policy);
        !s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
      return false;
    }
    best.wall = std::min(best.wall, Since(t));
    best.cpu = std::min(best.cpu, CpuSeconds() - c0);
  }
  const auto bytes = std::filesystem::file_size(path);
  std::printf("snapshot size: %.1f MB (%llu bytes)\n", bytes / 1e6,
              static_cast<unsigned long long>(bytes));
  std::printf("save (encode + write + fsync + rename), best of %d: %.3f s wall, %.3f s CPU\n",
              repeats, best.wall, best.cpu);
  return true;
}

// One InspectSnapshot call (header and payload checksum).
bool TimeInspect(const std::string& path) {
  const auto t = Clock::now();
  auto info = jobmatch::InspectSnapshot(path);
  const double inspect_s = Since(t);
  if (!info.ok() || !info->payload_ok) {
    std::fprintf(stderr, "inspect failed\n");
    return false;
  }
  std::printf("inspect (header + checksum of the whole payload): %.3f s\n", inspect_s);
  return true;
}

// LoadSnapshot `repeats` times; checks the loaded table sizes.
bool TimeLoad(const std::string& path, const Tables& tables, int repeats) {
  Best best;
  for (int r = 0; r < repeats; ++r) {
    const auto t = Clock::now();
    const double c0 = CpuSeconds();
    auto d = jobmatch::LoadSnapshot(path);
    const double s = Since(t), c = CpuSeconds() - c0;
    if (!d.ok()) {
      std::fprintf(stderr, "%s\n", std::string(d.status().message()).c_str());
      return false;
    }
    if ((*d)->seekers().size() != tables.seekers.size() ||
        (*d)->vacancies().size() != tables.vacancies.size()) {
      std::fprintf(stderr, "loaded sizes differ\n");
      return false;
    }
    best.wall = std::min(best.wall, s);
    best.cpu = std::min(best.cpu, c);
  }
  std::printf(
      "load (read + checksum + decode + validate + id maps), best of %d: %.3f s wall, %.3f s CPU\n",
      repeats, best.wall, best.cpu);
  return true;
}

// The service restart path: a whole live engine from the snapshot (load as
// above, then the engine's version and compiled scorer), ready to answer.
bool TimeEngineLoad(const std::string& path, const Tables& tables, int repeats) {
  Best best;
  for (int r = 0; r < repeats; ++r) {
    const auto t = Clock::now();
    const double c0 = CpuSeconds();
    auto engine = jobmatch::Engine::LoadSnapshot(path);
    const double s = Since(t), c = CpuSeconds() - c0;
    if (!engine.ok()) {
      std::fprintf(stderr, "%s\n", std::string(engine.status().message()).c_str());
      return false;
    }
    if ((*engine)->View().num_seekers() != tables.seekers.size()) {
      std::fprintf(stderr, "engine sizes differ\n");
      return false;
    }
    best.wall = std::min(best.wall, s);
    best.cpu = std::min(best.cpu, c);
  }
  std::printf(
      "Engine::LoadSnapshot (load + engine version + scorer), best of %d: %.3f s wall, "
      "%.3f s CPU\n",
      repeats, best.wall, best.cpu);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags fl;
  if (!ParseFlags(argc, argv, fl)) return Usage();
  Tables tables;
  if (!MakeTables(fl.cfg, tables)) return 1;
  const std::string path =
      (std::filesystem::path(fl.dir) / ("bench_snapshot_" + std::to_string(::getpid()) + ".jms"))
          .string();
  if (!TimeSave(path, tables, fl.repeats) || !TimeInspect(path) ||
      !TimeLoad(path, tables, fl.repeats) || !TimeEngineLoad(path, tables, fl.repeats)) {
    return 1;
  }
  if (fl.keep) {
    std::printf("kept %s\n", path.c_str());
  } else {
    std::filesystem::remove(path);
  }
  return 0;
}
