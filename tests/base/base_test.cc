// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The thread-count rule and the memory budget (base/threads.h,
// base/memory_budget.h).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/threads.h"

namespace jobmatch {
namespace {

TEST(ResolveThreadCount, PositiveAsGivenOtherwiseAllCoresAtLeastOne) {
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  for (int n : {1, 2, 3, 64, 1000}) EXPECT_EQ(ResolveThreadCount(n), n);
  for (int n : {0, -1, std::numeric_limits<int>::min()}) {
    EXPECT_EQ(ResolveThreadCount(n), cores > 0 ? cores : 1);
    EXPECT_GE(ResolveThreadCount(n), 1);
  }
}

TEST(SaturatingBytes, MultipliesAndSaturatesWithoutOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(SaturatingBytes(3, 4, 5), 60);
  EXPECT_EQ(SaturatingBytes(3, 4), 12);
  EXPECT_EQ(SaturatingBytes(0, kMax, kMax), 0);
  EXPECT_EQ(SaturatingBytes(-5, 10), 0);
  EXPECT_EQ(SaturatingBytes(int64_t{1} << 40, int64_t{1} << 30), kMax);
  EXPECT_EQ(SaturatingBytes(kMax, 1, 1), kMax);
  EXPECT_EQ(SaturatingBytes(2000000000, 2000000000, 2), 8000000000000000000);
  EXPECT_EQ(SaturatingBytes(2000000000, 2000000000, 12), kMax);
}

TEST(MemoryBudget, DefaultIsHalfThePhysicalMemoryAndChecksAreInclusive) {
  const int64_t phys = int64_t{::sysconf(_SC_PHYS_PAGES)} * ::sysconf(_SC_PAGESIZE);
  EXPECT_EQ(DefaultMemoryBudgetBytes(), std::max<int64_t>(phys / 2, int64_t{256} << 20));
  EXPECT_EQ(ResolveMemoryBudget(0), DefaultMemoryBudgetBytes());
  EXPECT_EQ(ResolveMemoryBudget(-3), DefaultMemoryBudgetBytes());
  EXPECT_EQ(ResolveMemoryBudget(12345), 12345);
  EXPECT_TRUE(CheckMemoryBudget(1000, 1000, "x").ok());
  const absl::Status s = CheckMemoryBudget(int64_t{3} << 20, int64_t{1} << 20, "top-k of 5 rows");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(),
            "top-k of 5 rows needs about 3 "
            "MiB, more than the memory "
            "budget of 1 MiB "
            "(memory_budget_bytes, CLI "
            "--memory-budget)");
}

}  // namespace
}  // namespace jobmatch
