// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/data/types.h"

#include <cstdio>

namespace jobmatch {
namespace {
constexpr std::string_view kScheduleNames[] = {"full_time", "school_hours", "flexible", "any"};
constexpr std::string_view kKindNames[] = {"regular", "trainee", "public_welfare", "gig"};

// Days from 1970-01-01 to (y, m, d) in the proleptic Gregorian calendar
// (H. Hinnant's days_from_civil).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Ymd {
  int64_t y;
  unsigned m, d;
};

constexpr Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int64_t kMinDays = DaysFromCivil(kMinDateYear, 1, 1);
constexpr int64_t kMaxDays = DaysFromCivil(kMaxDateYear, 12, 31);

}  // namespace

std::string_view ScheduleName(Schedule s) { return kScheduleNames[static_cast<int>(s)]; }
std::string_view VacancyKindName(VacancyKind k) { return kKindNames[static_cast<int>(k)]; }
std::optional<Schedule> ParseSchedule(std::string_view name) {
  for (int i = 0; i < kNumSeekerSchedules; ++i) {
    if (kScheduleNames[i] == name) return static_cast<Schedule>(i);
  }
  return std::nullopt;
}
std::optional<VacancyKind> ParseVacancyKind(std::string_view name) {
  for (int i = 0; i < kNumVacancyKinds; ++i) {
    if (kKindNames[i] == name) return static_cast<VacancyKind>(i);
  }
  return std::nullopt;
}

std::optional<Date> DateFromYmd(int year, int month, int day) {
  if (year < kMinDateYear || year > kMaxDateYear || month < 1 || month > 12 || day < 1) {
    return std::nullopt;
  }
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int last = kDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
  if (day > last) return std::nullopt;
  return Date{static_cast<int32_t>(
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)))};
}

std::optional<Date> ParseIsoDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lens[p]; ++i) {
      const char c = t[static_cast<size_t>(starts[p] + i)];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  return DateFromYmd(parts[0], parts[1], parts[2]);
}

std::string FormatIsoDate(Date d) {
  const Ymd c = CivilFromDays(d.days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.y), c.m, c.d);
  return buf;
}

bool IsValidDate(Date d) { return d.days >= kMinDays && d.days <= kMaxDays; }

}  // namespace jobmatch
