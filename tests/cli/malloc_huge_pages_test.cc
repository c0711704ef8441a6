// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The decision of cli/malloc_huge_pages.h, every branch; the restart itself
// is checked end to end by cli_huge_pages_test.sh (the stats JSON's
// "malloc_huge_pages").
#include "cli/malloc_huge_pages.h"

#include <optional>
#include <random>
#include <string>

#include "gtest/gtest.h"

namespace jobmatch::cli {
namespace {

constexpr const char* kMadvise = "always [madvise] never";

TEST(HugePageTunables, AddsTheTunableWhenNothingIsSet) {
  EXPECT_EQ(HugePageTunables(nullptr, nullptr, kMadvise, "2.36"), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(HugePageTunables("", nullptr, kMadvise, "2.35"), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(HugePageTunables(nullptr, nullptr, "always [madvise] never\n", "3.0"),
            "glibc.malloc.hugetlb=1");
}

TEST(HugePageTunables, KeepsTheUsersOtherTunables) {
  EXPECT_EQ(HugePageTunables("glibc.malloc.arena_max=2", nullptr, kMadvise, "2.36"),
            "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
  EXPECT_EQ(HugePageTunables("glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0", "1", kMadvise,
                             "2.36.1"),
            "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0:glibc.malloc.hugetlb=1");
  // A name that only starts like ours is another tunable.
  EXPECT_EQ(HugePageTunables("glibc.malloc.hugetlbx=0", nullptr, kMadvise, "2.36"),
            "glibc.malloc.hugetlbx=0:glibc.malloc.hugetlb=1");
}

TEST(HugePageTunables, NeverOverridesTheUsersOwnSetting) {
  for (const char* t : {"glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=1",
                        "glibc.malloc.hugetlb=2", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0",
                        "glibc.malloc.hugetlb=", "glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0"}) {
    EXPECT_EQ(HugePageTunables(t, nullptr, kMadvise, "2.36"), std::nullopt) << t;
  }
}

TEST(HugePageTunables, OptOutOnlyByZero) {
  EXPECT_EQ(HugePageTunables(nullptr, "0", kMadvise, "2.36"), std::nullopt);
  EXPECT_EQ(HugePageTunables(nullptr, "1", kMadvise, "2.36"), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(HugePageTunables(nullptr, "", kMadvise, "2.36"), "glibc.malloc.hugetlb=1");
}

TEST(HugePageTunables, OnlyWhereTheKernelWaitsForAdvice) {
  EXPECT_EQ(HugePageTunables(nullptr, nullptr, "[always] madvise never", "2.36"), std::nullopt);
  EXPECT_EQ(HugePageTunables(nullptr, nullptr, "always madvise [never]", "2.36"), std::nullopt);
  EXPECT_EQ(HugePageTunables(nullptr, nullptr, "", "2.36"), std::nullopt);  // unreadable
  EXPECT_EQ(HugePageTunables(nullptr, nullptr, "madvise", "2.36"), std::nullopt);
}

TEST(HugePageTunables, OnlyOnGlibcThatKnowsTheTunable) {
  for (const char* v : {"2.34", "2.31", "1.99", "", "2", "two.36", "2.x"}) {
    EXPECT_EQ(HugePageTunables(nullptr, nullptr, kMadvise, v), std::nullopt) << v;
  }
  EXPECT_EQ(HugePageTunables(nullptr, nullptr, kMadvise, "2.40"), "glibc.malloc.hugetlb=1");
}

TEST(HugeTlbRequested, ReadsTheLastSetting) {
  EXPECT_FALSE(HugeTlbRequested(nullptr));
  EXPECT_FALSE(HugeTlbRequested(""));
  EXPECT_FALSE(HugeTlbRequested("glibc.malloc.arena_max=2"));
  EXPECT_FALSE(HugeTlbRequested("glibc.malloc.hugetlb=0"));
  EXPECT_FALSE(HugeTlbRequested("glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0"));
  EXPECT_FALSE(HugeTlbRequested("glibc.malloc.hugetlb=yes"));
  EXPECT_TRUE(HugeTlbRequested("glibc.malloc.hugetlb=1"));
  EXPECT_TRUE(HugeTlbRequested("glibc.malloc.hugetlb=2"));
  EXPECT_TRUE(HugeTlbRequested("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"));
}

// Any GLIBC_TUNABLES value, well formed or not: a restart keeps the user's
// text as a prefix, puts the tunable in force, and is never asked for again
// by the restarted process (no restart loop, whatever the input).
TEST(HugePageTunables, RandomValuesNeverLoopAndKeepTheUsersText) {
  const std::string pieces[] = {"glibc.malloc.hugetlb",
                                "glibc.malloc.arena_max",
                                "glibc.malloc",
                                "hugetlb",
                                "=",
                                ":",
                                "0",
                                "1",
                                "2",
                                " ",
                                "x",
                                "",
                                "==",
                                "::"};
  std::mt19937_64 rng(20261208);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string t;
    const int n = static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) t += pieces[rng() % std::size(pieces)];
    const std::optional<std::string> next = HugePageTunables(t.c_str(), nullptr, kMadvise, "2.36");
    if (!next.has_value()) {
      // Only a setting of the name itself stops the restart.
      EXPECT_NE(t.find("glibc.malloc.hugetlb="), std::string::npos) << t;
      continue;
    }
    EXPECT_EQ(next->compare(0, t.size(), t), 0) << t;
    EXPECT_TRUE(HugeTlbRequested(next->c_str())) << t;
    EXPECT_EQ(HugePageTunables(next->c_str(), nullptr, kMadvise, "2.36"), std::nullopt) << t;
  }
}

}  // namespace
}  // namespace jobmatch::cli
