// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/data/schema.h"

#include <array>
#include <tuple>

namespace jobmatch {

std::string_view ColumnKindName(ColumnKind k) {
  switch (k) {
    case ColumnKind::kIdentifier:
      return "identifier";
    case ColumnKind::kReference:
      return "reference";
    case ColumnKind::kText:
      return "text";
    case ColumnKind::kLatitude:
      return "latitude";
    case ColumnKind::kLongitude:
      return "longitude";
    case ColumnKind::kKeyGroups:
      return "key_groups";
    case ColumnKind::kSkillLevels:
      return "skill_levels";
    case ColumnKind::kRequirements:
      return "requirements";
    case ColumnKind::kEducation:
      return "education";
    case ColumnKind::kAmount:
      return "amount";
    case ColumnKind::kCount:
      return "count";
    case ColumnKind::kFlag:
      return "flag";
    case ColumnKind::kSeekerSchedule:
      return "seeker_schedule";
    case ColumnKind::kVacancySchedule:
      return "vacancy_schedule";
    case ColumnKind::kVacancyKind:
      return "vacancy_kind";
    case ColumnKind::kIndustry:
      return "industry";
    case ColumnKind::kIndustries:
      return "industries";
    case ColumnKind::kEmbedding:
      return "embedding";
    case ColumnKind::kDate:
      return "date";
  }
  return "unknown";
}

namespace {

template <typename Schema>
constexpr auto InfosOf(const Schema& schema) {
  std::array<ColumnInfo, std::tuple_size_v<Schema>> out{};
  schema::ForEachColumn(schema, [&](const auto& col, auto index) { out[index] = col.info; });
  return out;
}

constexpr auto kSeekerInfos = InfosOf(kSeekerSchema);
constexpr auto kVacancyInfos = InfosOf(kVacancySchema);

}  // namespace

absl::Span<const ColumnInfo> SeekerColumns() { return kSeekerInfos; }
absl::Span<const ColumnInfo> VacancyColumns() { return kVacancyInfos; }

}  // namespace jobmatch
