// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Dates (types.h) against the C++20 calendar of <chrono> as an independent
// oracle, over every day of the accepted range and beyond it.
#include "jobmatch/data/types.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace jobmatch {
namespace {

namespace chr = std::chrono;

TEST(DateTest, EveryDayOfTheRangeAgreesWithTheChronoCalendar) {
  const chr::sys_days first = chr::year{kMinDateYear} / 1 / 1;
  const chr::sys_days last = chr::year{kMaxDateYear} / 12 / 31;
  int64_t checked = 0;
  for (chr::sys_days d = first - chr::days{3}; d <= last + chr::days{3}; d += chr::days{1}) {
    const chr::year_month_day ymd{d};
    const int y = static_cast<int>(ymd.year());
    const int m = static_cast<int>(static_cast<unsigned>(ymd.month()));
    const int day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    const bool in_range = d >= first && d <= last;
    const auto got = DateFromYmd(y, m, day);
    ASSERT_EQ(got.has_value(), in_range) << y << "-" << m << "-" << day;
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, day);
    ASSERT_EQ(ParseIsoDate(iso), got) << iso;
    if (!in_range) continue;
    ASSERT_EQ(got->days, d.time_since_epoch().count()) << iso;
    ASSERT_EQ(FormatIsoDate(*got), iso);
    ASSERT_TRUE(IsValidDate(*got));
    ++checked;
  }
  EXPECT_EQ(checked, (last - first).count() + 1);
}

TEST(DateTest, DaysThatDoNotExistAreRefused) {
  for (const auto& [y, m, d] : std::initializer_list<std::tuple<int, int, int>>{{2023, 2, 29},
                                                                                {1900, 2, 29},
                                                                                {2100, 2, 29},
                                                                                {2024, 4, 31},
                                                                                {2024, 0, 1},
                                                                                {2024, 13, 1},
                                                                                {2024, 1, 0},
                                                                                {2024, 1, 32}}) {
    EXPECT_FALSE(DateFromYmd(y, m, d)) << y << "-" << m << "-" << d;
  }
  EXPECT_TRUE(DateFromYmd(2000, 2, 29));
  for (const char* bad : {"", "2024-1-01", "2024-01-1", " 2024-01-01", "2024-01-01 ", "2024_01_01",
                          "0x7e8-01-01", "-024-01-01", "2024-01-01T00"}) {
    EXPECT_FALSE(ParseIsoDate(bad)) << bad;
  }
}

}  // namespace
}  // namespace jobmatch
