// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Restoring table columns on load (SnapshotAccess) and re-checking every
// invariant SeekerTable/VacancyTable::Append guarantees, for tables that came
// from a file rather than from Append.
#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "jobmatch/data/tables.h"
#include "snapshot/internal/snapshot_internal.h"

namespace jobmatch::internal {
namespace {

// Ids in messages are cut short: a hostile file may hold megabyte ids.
std::string ShortId(const std::string& id) {
  return id.size() <= 64 ? id : absl::StrCat(id.substr(0, 64), "...");
}

absl::Status RowError(absl::string_view table, int64_t row, const std::string& id,
                      absl::string_view field, absl::string_view reason) {
  return absl::DataLossError(absl::StrCat(table, " row ", row, " (id '", ShortId(id), "'): field '",
                                          field, "': ", reason));
}

template <typename T>
absl::Status CheckRagged(absl::string_view what, const RaggedArray<T>& r, int64_t n) {
  if (static_cast<int64_t>(r.offsets.size()) != n + 1 || r.offsets[0] != 0) {
    return absl::DataLossError(
        absl::StrCat(what, ": offsets do not start at 0 or have the wrong length"));
  }
  for (int64_t i = 0; i < n; ++i) {
    if (r.offsets[i + 1] < r.offsets[i]) {
      return absl::DataLossError(absl::StrCat(what, ": offsets decrease at row ", i));
    }
  }
  if (r.offsets[n] != static_cast<int64_t>(r.values.size())) {
    return absl::DataLossError(absl::StrCat(what, ": offsets end at ", r.offsets[n],
                                            " but there are ", r.values.size(), " values"));
  }
  return absl::OkStatus();
}

absl::Status CheckLength(absl::string_view what, size_t got, int64_t n) {
  if (static_cast<int64_t>(got) != n) {
    return absl::DataLossError(absl::StrCat(what, ": ", got, " entries, expected ", n));
  }
  return absl::OkStatus();
}

// Points and id map, as Append builds them.
template <typename Map>
absl::Status BuildDerived(absl::string_view table, const std::vector<std::string>& ids,
                          const std::vector<double>& lats, const std::vector<double>& lons,
                          PointMatrix& points, Map& index, bool unchecked) {
  const int64_t n = static_cast<int64_t>(ids.size());
  points.resize(n, 3);
  index.clear();
  index.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    // (unchecked installs of corrupt test columns may have short lat/lon)
    const size_t k = static_cast<size_t>(i);
    auto p = k < lats.size() && k < lons.size() ? LatLonToPoint(lats[k], lons[k]) : std::nullopt;
    if (!p && !unchecked)
      return RowError(table, i, ids[i], "lat/lon", "not finite or out of range");
    if (p) {
      points.row(i) = p->transpose();
    } else {
      points.row(i).setZero();
    }
    if (!index.emplace(ids[i], i).second && !unchecked) {
      return RowError(table, i, ids[i], "id", "duplicate");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEmbeddings(absl::string_view table, const RowMatrixXf& m,
                             const std::vector<std::string>& ids) {
  const int64_t cols = m.cols();
  if (cols == 0) return absl::OkStatus();
  for (int64_t i = 0; i < m.rows(); ++i) {
    // No branch per element: a NaN or infinite element makes the sum
    // non-finite.
    const float* row = m.data() + i * cols;
    double norm2 = 0.0;
    for (int64_t j = 0; j < cols; ++j) norm2 += double{row[j]} * row[j];
    if (!std::isfinite(norm2)) return RowError(table, i, ids[i], "embedding", "not finite");
    // Stored rows are L2-normalised (or all zero for a zero input vector).
    if (norm2 != 0.0 && std::abs(norm2 - 1.0) > 1e-3) {
      return RowError(table, i, ids[i], "embedding",
                      absl::StrCat("not normalised (squared norm ", norm2, ")"));
    }
  }
  return absl::OkStatus();
}

// Marks ids seen in the current row; O(1) per check, no per-row allocation.
class RowSet {
 public:
  explicit RowSet(int32_t universe) : last_row_(static_cast<size_t>(universe), -1) {}
  bool Insert(int32_t id, int64_t row) {
    if (last_row_[id] == row) return false;
    last_row_[id] = row;
    return true;
  }

 private:
  std::vector<int64_t> last_row_;
};

}  // namespace

SeekerColumns SnapshotAccess::Columns(const SeekerTable& t) {
  SeekerColumns c;
  c.ids = t.ids_;
  c.household_ids = t.household_ids_;
  c.areas = t.areas_;
  c.lats = t.lats_;
  c.lons = t.lons_;
  c.groups = t.groups_;
  c.skills = t.skills_;
  c.education = t.education_;
  c.reservation_wage = t.reservation_wage_;
  c.max_commute_km = t.max_commute_km_;
  c.schedule = t.schedule_;
  c.needs_accessibility = t.needs_accessibility_;
  c.accepts_remote = t.accepts_remote_;
  c.months_unemployed = t.months_unemployed_;
  c.preferred_industries = t.preferred_industries_;
  c.embeddings = t.embeddings_;
  return c;
}

VacancyColumns SnapshotAccess::Columns(const VacancyTable& t) {
  VacancyColumns c;
  c.ids = t.ids_;
  c.employer_ids = t.employer_ids_;
  c.areas = t.areas_;
  c.lats = t.lats_;
  c.lons = t.lons_;
  c.openings = t.openings_;
  c.requirements = t.requirements_;
  c.min_education = t.min_education_;
  c.wage_min = t.wage_min_;
  c.wage_max = t.wage_max_;
  c.schedule = t.schedule_;
  c.accessible = t.accessible_;
  c.remote = t.remote_;
  c.kind = t.kind_;
  c.industry = t.industry_;
  c.embeddings = t.embeddings_;
  return c;
}

absl::Status SnapshotAccess::Install(SeekerColumns&& c, SeekerTable& t, bool unchecked) {
  const int64_t n = static_cast<int64_t>(c.ids.size());
  if (!unchecked) {
    for (auto [what, got] :
         {std::pair<const char*, size_t>{"seekers.household_id", c.household_ids.size()},
          {"seekers.area", c.areas.size()},
          {"seekers.lat", c.lats.size()},
          {"seekers.lon", c.lons.size()},
          {"seekers.groups", c.groups.size()},
          {"seekers.education", c.education.size()},
          {"seekers.reservation_wage", c.reservation_wage.size()},
          {"seekers.max_commute_km", c.max_commute_km.size()},
          {"seekers.schedule", c.schedule.size()},
          {"seekers.needs_accessibility", c.needs_accessibility.size()},
          {"seekers.accepts_remote", c.accepts_remote.size()},
          {"seekers.months_unemployed", c.months_unemployed.size()},
          {"seekers.embedding", static_cast<size_t>(c.embeddings.rows())}}) {
      if (auto s = CheckLength(what, got, n); !s.ok()) return s;
    }
    if (auto s = CheckRagged("seekers.skills", c.skills, n); !s.ok()) return s;
    if (auto s = CheckRagged("seekers.preferred_industries", c.preferred_industries, n); !s.ok())
      return s;
  }
  SeekerTable fresh;
  if (auto s =
          BuildDerived("seekers", c.ids, c.lats, c.lons, fresh.points_, fresh.index_, unchecked);
      !s.ok()) {
    return s;
  }
  fresh.ids_ = std::move(c.ids);
  fresh.household_ids_ = std::move(c.household_ids);
  fresh.areas_ = std::move(c.areas);
  fresh.lats_ = std::move(c.lats);
  fresh.lons_ = std::move(c.lons);
  fresh.groups_ = std::move(c.groups);
  fresh.skills_ = std::move(c.skills);
  fresh.education_ = std::move(c.education);
  fresh.reservation_wage_ = std::move(c.reservation_wage);
  fresh.max_commute_km_ = std::move(c.max_commute_km);
  fresh.schedule_ = std::move(c.schedule);
  fresh.needs_accessibility_ = std::move(c.needs_accessibility);
  fresh.accepts_remote_ = std::move(c.accepts_remote);
  fresh.months_unemployed_ = std::move(c.months_unemployed);
  fresh.preferred_industries_ = std::move(c.preferred_industries);
  fresh.embeddings_ = std::move(c.embeddings);
  t = std::move(fresh);
  return absl::OkStatus();
}

absl::Status SnapshotAccess::Install(VacancyColumns&& c, VacancyTable& t, bool unchecked) {
  const int64_t n = static_cast<int64_t>(c.ids.size());
  if (!unchecked) {
    for (auto [what, got] :
         {std::pair<const char*, size_t>{"vacancies.employer_id", c.employer_ids.size()},
          {"vacancies.area", c.areas.size()},
          {"vacancies.lat", c.lats.size()},
          {"vacancies.lon", c.lons.size()},
          {"vacancies.openings", c.openings.size()},
          {"vacancies.min_education", c.min_education.size()},
          {"vacancies.wage_min", c.wage_min.size()},
          {"vacancies.wage_max", c.wage_max.size()},
          {"vacancies.schedule", c.schedule.size()},
          {"vacancies.accessible", c.accessible.size()},
          {"vacancies.remote", c.remote.size()},
          {"vacancies.kind", c.kind.size()},
          {"vacancies.industry", c.industry.size()},
          {"vacancies.embedding", static_cast<size_t>(c.embeddings.rows())}}) {
      if (auto s = CheckLength(what, got, n); !s.ok()) return s;
    }
    if (auto s = CheckRagged("vacancies.requirements", c.requirements, n); !s.ok()) return s;
  }
  VacancyTable fresh;
  if (auto s =
          BuildDerived("vacancies", c.ids, c.lats, c.lons, fresh.points_, fresh.index_, unchecked);
      !s.ok()) {
    return s;
  }
  fresh.ids_ = std::move(c.ids);
  fresh.employer_ids_ = std::move(c.employer_ids);
  fresh.areas_ = std::move(c.areas);
  fresh.lats_ = std::move(c.lats);
  fresh.lons_ = std::move(c.lons);
  fresh.openings_ = std::move(c.openings);
  fresh.requirements_ = std::move(c.requirements);
  fresh.min_education_ = std::move(c.min_education);
  fresh.wage_min_ = std::move(c.wage_min);
  fresh.wage_max_ = std::move(c.wage_max);
  fresh.schedule_ = std::move(c.schedule);
  fresh.accessible_ = std::move(c.accessible);
  fresh.remote_ = std::move(c.remote);
  fresh.kind_ = std::move(c.kind);
  fresh.industry_ = std::move(c.industry);
  fresh.embeddings_ = std::move(c.embeddings);
  t = std::move(fresh);
  return absl::OkStatus();
}

absl::Status ValidateTable(const SeekerTable& t, const Vocabulary& vocab) {
  constexpr absl::string_view kT = "seekers";
  const int num_groups = vocab.groups().size();
  const GroupMask valid_groups =
      num_groups >= 64 ? ~GroupMask{0} : ((GroupMask{1} << num_groups) - 1);
  const int32_t num_skills = vocab.skills().size(), num_industries = vocab.industries().size();
  RowSet skills_seen(num_skills), industries_seen(num_industries);
  const auto& ids = t.ids();
  for (int64_t i = 0; i < t.size(); ++i) {
    if (ids[i].empty()) return RowError(kT, i, ids[i], "id", "empty");
    if ((t.groups()[i] & ~valid_groups) != 0)
      return RowError(kT, i, ids[i], "groups", "unknown key-group id");
    for (const SkillLevel& sl : t.skills().row(i)) {
      if (sl.skill < 0 || sl.skill >= num_skills) {
        return RowError(kT, i, ids[i], "skills", absl::StrCat("unknown skill id ", sl.skill));
      }
      if (sl.level < kMinSkillLevel || sl.level > kMaxSkillLevel) {
        return RowError(kT, i, ids[i], "skills",
                        absl::StrCat("level ", int{sl.level}, " outside 1..8"));
      }
      if (!skills_seen.Insert(sl.skill, i)) {
        return RowError(kT, i, ids[i], "skills",
                        absl::StrCat("skill id ", sl.skill, " listed twice"));
      }
    }
    if (t.education()[i] < 0 || t.education()[i] > kMaxEducation) {
      return RowError(kT, i, ids[i], "education", "outside 0..6");
    }
    const float rw = t.reservation_wage()[i], mc = t.max_commute_km()[i];
    if (!std::isfinite(rw) || rw < 0)
      return RowError(kT, i, ids[i], "reservation_wage", "must be finite and >= 0");
    if (!std::isfinite(mc) || mc < 0)
      return RowError(kT, i, ids[i], "max_commute_km", "must be finite and >= 0");
    if (t.schedule()[i] < 0 || t.schedule()[i] >= kNumSeekerSchedules) {
      return RowError(kT, i, ids[i], "schedule", "invalid");
    }
    if (t.needs_accessibility()[i] > 1) {
      return RowError(kT, i, ids[i], "needs_accessibility",
                      "not 0 or 1 (value not shown: sensitive)");
    }
    if (t.accepts_remote()[i] > 1) return RowError(kT, i, ids[i], "accepts_remote", "not 0 or 1");
    if (t.months_unemployed()[i] < 0) {
      return RowError(kT, i, ids[i], "months_unemployed",
                      "must be >= 0 (value not shown: sensitive)");
    }
    for (int32_t ind : t.preferred_industries().row(i)) {
      if (ind < 0 || ind >= num_industries) {
        return RowError(kT, i, ids[i], "preferred_industries",
                        absl::StrCat("unknown industry id ", ind));
      }
      if (!industries_seen.Insert(ind, i)) {
        return RowError(kT, i, ids[i], "preferred_industries",
                        absl::StrCat("industry id ", ind, " listed twice"));
      }
    }
  }
  return CheckEmbeddings(kT, t.embeddings(), ids);
}

absl::Status ValidateTable(const VacancyTable& t, const Vocabulary& vocab) {
  constexpr absl::string_view kT = "vacancies";
  const int32_t num_skills = vocab.skills().size(), num_industries = vocab.industries().size();
  RowSet skills_seen(num_skills);
  const auto& ids = t.ids();
  for (int64_t i = 0; i < t.size(); ++i) {
    if (ids[i].empty()) return RowError(kT, i, ids[i], "id", "empty");
    if (t.openings()[i] < 0) return RowError(kT, i, ids[i], "openings", "must be >= 0");
    for (const Requirement& r : t.requirements().row(i)) {
      if (r.skill < 0 || r.skill >= num_skills) {
        return RowError(kT, i, ids[i], "requirements", absl::StrCat("unknown skill id ", r.skill));
      }
      if (r.min_level < kMinSkillLevel || r.min_level > kMaxSkillLevel) {
        return RowError(kT, i, ids[i], "requirements",
                        absl::StrCat("level ", int{r.min_level}, " outside 1..8"));
      }
      if (!std::isfinite(r.importance) || r.importance <= 0) {
        return RowError(kT, i, ids[i], "requirements", "importance must be finite and > 0");
      }
      if (!skills_seen.Insert(r.skill, i)) {
        return RowError(kT, i, ids[i], "requirements",
                        absl::StrCat("skill id ", r.skill, " listed twice"));
      }
    }
    if (t.min_education()[i] < 0 || t.min_education()[i] > kMaxEducation) {
      return RowError(kT, i, ids[i], "min_education", "outside 0..6");
    }
    const float lo = t.wage_min()[i], hi = t.wage_max()[i];
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo < 0 || hi < lo) {
      return RowError(kT, i, ids[i], "wage_min/wage_max",
                      "must be finite with 0 <= wage_min <= wage_max");
    }
    if (t.schedule()[i] < 0 || t.schedule()[i] >= kNumVacancySchedules) {
      return RowError(kT, i, ids[i], "schedule", "must be full_time, school_hours or flexible");
    }
    if (t.accessible()[i] > 1) return RowError(kT, i, ids[i], "accessible", "not 0 or 1");
    if (t.remote()[i] > 1) return RowError(kT, i, ids[i], "remote", "not 0 or 1");
    if (t.kind()[i] < 0 || t.kind()[i] >= kNumVacancyKinds)
      return RowError(kT, i, ids[i], "kind", "invalid");
    if (t.industry()[i] < 0 || t.industry()[i] >= num_industries) {
      return RowError(kT, i, ids[i], "industry",
                      absl::StrCat("unknown industry id ", t.industry()[i]));
    }
  }
  return CheckEmbeddings(kT, t.embeddings(), ids);
}

}  // namespace jobmatch::internal
