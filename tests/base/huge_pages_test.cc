// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The huge-page helpers (jobmatch/base/huge_pages.h and
// base/internal/huge_pages.h): they never change what a vector holds, and on
// Linux the advice reaches the kernel (the memory's mapping carries the "hg"
// flag in /proc/self/smaps).
#include "base/internal/huge_pages.h"

#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace jobmatch::internal {
namespace {

TEST(HugePagesTest, ReserveHugeKeepsTheElementsAndReserves) {
  for (size_t have : {size_t{0}, size_t{1}, size_t{1000}, size_t{3} << 20}) {
    std::vector<int64_t> v(have);
    std::iota(v.begin(), v.end(), int64_t{7});
    const size_t want = (size_t{8} << 20) + 3;  // 64 MiB and a bit: advised
    ReserveHuge(v, want);
    ASSERT_GE(v.capacity(), want);
    ASSERT_EQ(v.size(), have);
    for (size_t i = 0; i < have; ++i) ASSERT_EQ(v[i], static_cast<int64_t>(i) + 7) << i;
    // The reserved tail is written and read like any memory.
    v.resize(want, -1);
    EXPECT_EQ(v[want - 1], -1);
    EXPECT_EQ(v[have], -1);
  }
}

TEST(HugePagesTest, ReserveHugeBelowTheCapacityLeavesTheBuffer) {
  std::vector<float> v(100, 1.5f);
  v.reserve(size_t{4} << 20);
  const float* before = v.data();
  ReserveHuge(v, 1000);
  EXPECT_EQ(v.data(), before);
  ReserveHuge(v, size_t{4} << 20);
  EXPECT_EQ(v.data(), before);
  EXPECT_EQ(v.size(), 100u);
  EXPECT_EQ(v[99], 1.5f);
}

TEST(HugePagesTest, AdviceOnShortOrUnalignedRangesIsHarmless) {
  std::vector<uint8_t> small(4096, 9);
  AdviseHugePages(small.data(), small.size());
  AdviseHugePages(small.data(), 0);
  AdviseHugePages(nullptr, 0);
  // A range of kHugeBlock bytes starting one byte past a boundary holds
  // fewer whole huge pages than it spans; its contents stay.
  std::vector<uint8_t> big(kHugeBlock + 2 * kHugePage, 3);
  AdviseHugePages(big.data() + 1, kHugeBlock);
  for (size_t i = 0; i < big.size(); i += 4093) ASSERT_EQ(big[i], 3) << i;
  for (uint8_t b : small) ASSERT_EQ(b, 9);
}

#if defined(__linux__)
// The VmFlags of the mapping of /proc/self/smaps that contains `addr`, or ""
// when it is not found.
std::string VmFlagsAt(uintptr_t addr) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= addr && addr < hi;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

TEST(HugePagesTest, TheAdviceReachesTheKernel) {
  // A kernel built without transparent huge pages refuses the advice
  // (EINVAL) and has no flag to show; Debian's kernels, CI's included, have
  // them, so there this test always runs.
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) {
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  }
  // A fresh mapping has no advice until AdviseHugePages gives it, and then
  // only on its whole huge pages.
  const size_t bytes = size_t{32} << 20;
  void* raw = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(raw, MAP_FAILED);
  const uintptr_t begin = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t first = (begin + kHugePage - 1) / kHugePage * kHugePage;
  EXPECT_EQ(VmFlagsAt(first).find(" hg"), std::string::npos) << VmFlagsAt(first);
  AdviseHugePages(raw, bytes);
  EXPECT_NE(VmFlagsAt(first).find(" hg"), std::string::npos) << VmFlagsAt(first);
  if (first > begin) {
    EXPECT_EQ(VmFlagsAt(begin).find(" hg"), std::string::npos) << VmFlagsAt(begin);
  }
  munmap(raw, bytes);
  // ReserveHuge advises the buffer it reserves.
  std::vector<uint64_t> v;
  const size_t n = (size_t{16} << 20) / sizeof(uint64_t);
  ReserveHuge(v, n);
  const uintptr_t vb = reinterpret_cast<uintptr_t>(v.data());
  const uintptr_t vf = (vb + kHugePage - 1) / kHugePage * kHugePage;
  ASSERT_LT(vf + kHugePage, vb + n * sizeof(uint64_t));
  EXPECT_NE(VmFlagsAt(vf).find(" hg"), std::string::npos) << VmFlagsAt(vf);
}
#endif

}  // namespace
}  // namespace jobmatch::internal
