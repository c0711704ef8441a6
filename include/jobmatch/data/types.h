// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Core value types of the data model: a job seeker, a vacancy, and the small
// enumerations they use. These are the row-at-a-time ("array of structs")
// forms used to build, inspect and exchange data; the engine stores them as
// structure-of-arrays tables (see dataset.h).
//
// Sensitive attributes (personal data, never logged by jobmatch): key-group
// memberships, household id, accessibility needs, months unemployed.
//
// Example:
//   jobmatch::Seeker s;
//   s.id = "S1"; s.lat = 36.07; s.lon = 120.38;
//   s.skills = {{/*skill=*/3, /*level=*/5}};
#ifndef JOBMATCH_DATA_TYPES_H_
#define JOBMATCH_DATA_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Eigen/Core"

namespace jobmatch {

// Row-major float matrix, the layout numpy uses by default.
using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The eight-grade worker skill ladder (八级工): 1 = apprentice (学徒工) …
// 8 = chief technician (首席技师). 0 means "does not have the skill".
inline constexpr int kMinSkillLevel = 1;
inline constexpr int kMaxSkillLevel = 8;

// Education levels, ordered. Values are the integers used in CSV files.
enum class Education : int8_t {
  kNone = 0,
  kPrimary = 1,
  kJuniorSecondary = 2,  // 初中
  kSeniorSecondary = 3,  // 高中 / 中专 / 技工学校
  kAssociate = 4,        // 大专
  kBachelor = 5,         // 本科
  kPostgraduate = 6,     // 研究生
};
inline constexpr int kMaxEducation = 6;

// Working-time arrangement. A seeker states what they want; a vacancy states
// what it offers (kAny is only meaningful for seekers).
// kSchoolHours is the "mother post" (妈妈岗) schedule: matched by schedule
// preference, never by gender.
enum class Schedule : int8_t {
  kFullTime = 0,
  kSchoolHours = 1,
  kFlexible = 2,
  kAny = 3,
};
inline constexpr int kNumVacancySchedules = 3;  // kAny excluded
inline constexpr int kNumSeekerSchedules = 4;

// What kind of post a vacancy is.
enum class VacancyKind : int8_t {
  kRegular = 0,
  kTrainee = 1,        // trainee / internship post (见习岗位)
  kPublicWelfare = 2,  // public-welfare post (公益性岗位)
  kGig = 3,            // gig work (零工)
};
inline constexpr int kNumVacancyKinds = 4;

// Canonical lower-case names used in CSV and policy files:
// "full_time", "school_hours", "flexible", "any";
// "regular", "trainee", "public_welfare", "gig".
std::string_view ScheduleName(Schedule s);
std::string_view VacancyKindName(VacancyKind k);
std::optional<Schedule> ParseSchedule(std::string_view name);
std::optional<VacancyKind> ParseVacancyKind(std::string_view name);

// Four-level public employment service network: city (implicit) > district
// (区/市) > town or street (镇/街道) > village or community (村/社区).
// UTF-8 strings; may be empty when unknown.
struct Area {
  std::string district;
  std::string town;
  std::string village;
  bool operator==(const Area&) const = default;
};

// A skill held at a level of the ladder. `skill` is a dense id from the
// Vocabulary (vocabulary.h).
struct SkillLevel {
  int32_t skill = 0;
  int8_t level = 0;  // 1..8
  bool operator==(const SkillLevel&) const = default;
};

// A vacancy's requirement: a skill at a minimum level, with an importance
// weight (> 0) used by the weighted coverage score.
struct Requirement {
  int32_t skill = 0;
  int8_t min_level = 1;  // 1..8
  float importance = 1.0f;
  bool operator==(const Requirement&) const = default;
};

// A calendar date (proleptic Gregorian), as the number of days since
// 1970-01-01. Written as ISO 8601 "YYYY-MM-DD" in CSV files; accepted years
// are kMinDateYear..kMaxDateYear.
struct Date {
  int32_t days = 0;
  auto operator<=>(const Date&) const = default;
};
inline constexpr int kMinDateYear = 1900;
inline constexpr int kMaxDateYear = 2199;
// The date of (year, month 1-12, day 1-31); nullopt when it does not exist
// or the year is outside kMinDateYear..kMaxDateYear.
std::optional<Date> DateFromYmd(int year, int month, int day);
// "YYYY-MM-DD" exactly (no surrounding spaces, no time part).
std::optional<Date> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(Date d);
// True when `d` lies in kMinDateYear-01-01 .. kMaxDateYear-12-31.
bool IsValidDate(Date d);

// Key-group memberships as a bit set over the Vocabulary's group ids (at most
// 64 groups: the built-in ones and any the policy file declares).
using GroupMask = uint64_t;
inline constexpr int kMaxGroups = 64;

struct Seeker {
  std::string id;            // unique, non-empty
  std::string household_id;  // sensitive; empty = single-person household
  Area area;
  double lat = 0.0;  // WGS84 degrees
  double lon = 0.0;
  GroupMask groups = 0;            // sensitive
  std::vector<SkillLevel> skills;  // at most one entry per skill
  Education education = Education::kNone;
  float reservation_wage = 0.0f;  // lowest acceptable monthly wage; 0 = none
  float max_commute_km = 0.0f;    // 0 = use the policy's default
  Schedule schedule = Schedule::kAny;
  bool needs_accessibility = false;  // sensitive
  bool accepts_remote = false;
  int32_t months_unemployed = 0;              // sensitive
  std::vector<int32_t> preferred_industries;  // industry ids; empty = no preference
  std::vector<float> embedding;               // optional; same dimension for every seeker
  std::optional<Date> registered_on;          // registration with the PES; optional
  bool operator==(const Seeker&) const = default;
};

struct Vacancy {
  std::string id;  // unique, non-empty
  std::string employer_id;
  Area area;
  double lat = 0.0;
  double lon = 0.0;
  int32_t openings = 1;                   // capacity, >= 0
  std::vector<Requirement> requirements;  // at most one entry per skill
  Education min_education = Education::kNone;
  float wage_min = 0.0f;
  float wage_max = 0.0f;                    // >= wage_min
  Schedule schedule = Schedule::kFullTime;  // never kAny
  bool accessible = false;                  // barrier-free workplace
  bool remote = false;                      // can be done from home (居家就业)
  VacancyKind kind = VacancyKind::kRegular;
  int32_t industry = 0;           // industry id from the Vocabulary
  std::vector<float> embedding;   // optional
  std::optional<Date> posted_on;  // publication of the vacancy; optional
  bool operator==(const Vacancy&) const = default;
};

}  // namespace jobmatch

#endif  // JOBMATCH_DATA_TYPES_H_
