// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The cost of crash safety: AtomicFileWriter (unique O_EXCL temporary,
// checked writes, fsync, rename, directory fsync) against what a caller
// would otherwise write with -- a plain std::ofstream (no fsync, not atomic)
// and the CSV writer this replaced (fopen of a fixed FILE.tmp, fwrite,
// fflush + fsync, rename; no directory fsync). Same bytes, same directory.
//
//   bench_file_io --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "jobmatch/base/file_io.h"

namespace {

std::string Dir() {
  static const std::string dir = [] {
    std::string t = (std::filesystem::temp_directory_path() / "jobmatch_bench_io_XXXXXX").string();
    return std::string(::mkdtemp(t.data()));
  }();
  return dir;
}

std::string Payload(int64_t bytes) { return std::string(static_cast<size_t>(bytes), 'x'); }

void BM_AtomicFileWriter(benchmark::State& state) {
  const std::string text = Payload(state.range(0)), path = Dir() + "/atomic.csv";
  jobmatch::FileWriteOptions o;
  o.mode = jobmatch::kPersonalDataFileMode;
  for (auto _ : state) {
    auto w = jobmatch::AtomicFileWriter::Create(path, o);
    if (!w.ok() || !w->Write(text).ok() || !w->Commit().ok()) state.SkipWithError("write failed");
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// The CSV writer before this change (lib/io/csv.cc, AtomicFile).
void BM_OldFixedTmpWriter(benchmark::State& state) {
  const std::string text = Payload(state.range(0)), path = Dir() + "/old.csv";
  const std::string tmp = path + ".tmp";
  for (auto _ : state) {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    bool ok = f != nullptr && std::fwrite(text.data(), 1, text.size(), f) == text.size() &&
              std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    ok = f != nullptr && std::fclose(f) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) state.SkipWithError("write failed");
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// What a caller would write without thinking about crashes.
void BM_PlainOfstream(benchmark::State& state) {
  const std::string text = Payload(state.range(0)), path = Dir() + "/plain.csv";
  for (auto _ : state) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) state.SkipWithError("write failed");
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_AtomicFileWriter)->Arg(1 << 10)->Arg(1 << 20)->Arg(32 << 20)->UseRealTime();
BENCHMARK(BM_OldFixedTmpWriter)->Arg(1 << 10)->Arg(1 << 20)->Arg(32 << 20)->UseRealTime();
BENCHMARK(BM_PlainOfstream)->Arg(1 << 10)->Arg(1 << 20)->Arg(32 << 20)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(Dir());
  return 0;
}
