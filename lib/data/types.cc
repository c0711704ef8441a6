// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/data/types.h"

namespace jobmatch {
namespace {
constexpr std::string_view kScheduleNames[] = {"full_time", "school_hours", "flexible", "any"};
constexpr std::string_view kKindNames[] = {"regular", "trainee", "public_welfare", "gig"};
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

}  // namespace jobmatch
