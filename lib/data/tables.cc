// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/data/tables.h"

#include <cmath>
#include <numbers>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"

namespace jobmatch {
namespace {

absl::Status RowError(absl::string_view table, size_t row, absl::string_view id,
                      absl::string_view field, absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat(table, " row ", row, " (id '", id, "'): field '", field, "': ", reason));
}

bool Finite(float x) { return std::isfinite(x); }

// Embedding dimension of a batch appended to a table that has `table_dim`
// columns (0 = none yet) and `table_rows` rows. Returns -1 with `err` set
// on inconsistency.
template <typename Row>
absl::Status CheckEmbeddings(absl::string_view table, absl::Span<const Row> batch,
                             int64_t table_rows, int table_dim, int* dim) {
  *dim = table_rows > 0 ? table_dim
                        : (batch.empty() ? 0 : static_cast<int>(batch[0].embedding.size()));
  for (size_t i = 0; i < batch.size(); ++i) {
    const auto& e = batch[i].embedding;
    if (static_cast<int>(e.size()) != *dim) {
      return RowError(table, i, batch[i].id, "embedding",
                      absl::StrCat("dimension ", e.size(), ", expected ", *dim,
                                   " (all rows must have one dimension)"));
    }
    for (float x : e) {
      if (!Finite(x)) return RowError(table, i, batch[i].id, "embedding", "not finite");
    }
  }
  return absl::OkStatus();
}

void AppendNormalised(RowMatrixXf& m, int64_t old_rows, int dim,
                      const std::vector<const std::vector<float>*>& rows) {
  if (dim == 0) {
    m.resize(old_rows + static_cast<int64_t>(rows.size()), 0);
    return;
  }
  m.conservativeResize(old_rows + static_cast<int64_t>(rows.size()), dim);
  for (size_t i = 0; i < rows.size(); ++i) {
    double norm2 = 0.0;
    for (float x : *rows[i]) norm2 += double{x} * x;
    const float inv = norm2 > 0.0 ? static_cast<float>(1.0 / std::sqrt(norm2)) : 0.0f;
    for (int j = 0; j < dim; ++j) m(old_rows + static_cast<int64_t>(i), j) = (*rows[i])[j] * inv;
  }
}

void AppendPoints(PointMatrix& pts, const std::vector<Eigen::Vector3f>& add) {
  const int64_t old = pts.rows();
  pts.conservativeResize(old + static_cast<int64_t>(add.size()), 3);
  for (size_t i = 0; i < add.size(); ++i)
    pts.row(old + static_cast<int64_t>(i)) = add[i].transpose();
}

}  // namespace

std::optional<Eigen::Vector3f> LatLonToPoint(double lat, double lon) {
  if (!std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90.0 || std::abs(lon) > 180.0) {
    return std::nullopt;
  }
  const double kDeg = std::numbers::pi / 180.0;
  const double phi = lat * kDeg, lam = lon * kDeg;
  return Eigen::Vector3f(static_cast<float>(kEarthRadiusKm * std::cos(phi) * std::cos(lam)),
                         static_cast<float>(kEarthRadiusKm * std::cos(phi) * std::sin(lam)),
                         static_cast<float>(kEarthRadiusKm * std::sin(phi)));
}

// ---------------------------------------------------------------- seekers

absl::Status SeekerTable::Append(absl::Span<const Seeker> batch, const Vocabulary& vocab) {
  constexpr absl::string_view kT = "seekers";
  // Validate everything before touching any column.
  absl::flat_hash_set<absl::string_view> batch_ids;
  std::vector<Eigen::Vector3f> points;
  points.reserve(batch.size());
  const int num_groups = vocab.groups().size();
  const GroupMask valid_groups =
      num_groups >= 64 ? ~GroupMask{0} : ((GroupMask{1} << num_groups) - 1);
  for (size_t i = 0; i < batch.size(); ++i) {
    const Seeker& s = batch[i];
    if (s.id.empty()) return RowError(kT, i, s.id, "id", "empty");
    if (index_.contains(s.id)) return RowError(kT, i, s.id, "id", "already in the table");
    if (!batch_ids.insert(s.id).second) return RowError(kT, i, s.id, "id", "duplicate in batch");
    auto p = LatLonToPoint(s.lat, s.lon);
    if (!p) return RowError(kT, i, s.id, "lat/lon", "not finite or out of range");
    points.push_back(*p);
    if ((s.groups & ~valid_groups) != 0) {
      return RowError(kT, i, s.id, "groups", "unknown key-group id");
    }
    absl::flat_hash_set<int32_t> seen;
    for (const SkillLevel& sl : s.skills) {
      if (sl.skill < 0 || sl.skill >= vocab.skills().size()) {
        return RowError(kT, i, s.id, "skills", absl::StrCat("unknown skill id ", sl.skill));
      }
      if (sl.level < kMinSkillLevel || sl.level > kMaxSkillLevel) {
        return RowError(kT, i, s.id, "skills",
                        absl::StrCat("level ", int{sl.level}, " outside 1..8"));
      }
      if (!seen.insert(sl.skill).second) {
        return RowError(kT, i, s.id, "skills",
                        absl::StrCat("skill '", vocab.skills().Name(sl.skill), "' listed twice"));
      }
    }
    const int edu = static_cast<int>(s.education);
    if (edu < 0 || edu > kMaxEducation) return RowError(kT, i, s.id, "education", "outside 0..6");
    if (!Finite(s.reservation_wage) || s.reservation_wage < 0) {
      return RowError(kT, i, s.id, "reservation_wage", "must be finite and >= 0");
    }
    if (!Finite(s.max_commute_km) || s.max_commute_km < 0) {
      return RowError(kT, i, s.id, "max_commute_km", "must be finite and >= 0");
    }
    const int sch = static_cast<int>(s.schedule);
    if (sch < 0 || sch >= kNumSeekerSchedules) return RowError(kT, i, s.id, "schedule", "invalid");
    if (s.months_unemployed < 0) {
      return RowError(kT, i, s.id, "months_unemployed",
                      "must be >= 0 (value not shown: sensitive)");
    }
    absl::flat_hash_set<int32_t> seen_ind;
    for (int32_t ind : s.preferred_industries) {
      if (ind < 0 || ind >= vocab.industries().size()) {
        return RowError(kT, i, s.id, "preferred_industries",
                        absl::StrCat("unknown industry id ", ind));
      }
      if (!seen_ind.insert(ind).second) {
        return RowError(kT, i, s.id, "preferred_industries",
                        absl::StrCat("industry '", vocab.industries().Name(ind), "' listed twice"));
      }
    }
  }
  int dim = 0;
  if (auto st = CheckEmbeddings(kT, batch, size(), embedding_dim(), &dim); !st.ok()) return st;

  // Commit. Only allocation failure can stop us from here on.
  std::vector<const std::vector<float>*> emb;
  emb.reserve(batch.size());
  const int64_t old_rows = size();
  for (const Seeker& s : batch) {
    index_.emplace(s.id, size());
    ids_.push_back(s.id);
    household_ids_.push_back(s.household_id);
    areas_.push_back(s.area);
    lats_.push_back(s.lat);
    lons_.push_back(s.lon);
    groups_.push_back(s.groups);
    for (const SkillLevel& sl : s.skills) skills_.values.push_back(sl);
    skills_.offsets.push_back(static_cast<int64_t>(skills_.values.size()));
    education_.push_back(static_cast<int8_t>(s.education));
    reservation_wage_.push_back(s.reservation_wage);
    max_commute_km_.push_back(s.max_commute_km);
    schedule_.push_back(static_cast<int8_t>(s.schedule));
    needs_accessibility_.push_back(s.needs_accessibility ? 1 : 0);
    accepts_remote_.push_back(s.accepts_remote ? 1 : 0);
    months_unemployed_.push_back(s.months_unemployed);
    for (int32_t ind : s.preferred_industries) preferred_industries_.values.push_back(ind);
    preferred_industries_.offsets.push_back(
        static_cast<int64_t>(preferred_industries_.values.size()));
    emb.push_back(&s.embedding);
  }
  AppendPoints(points_, points);
  AppendNormalised(embeddings_, old_rows, dim, emb);
  return absl::OkStatus();
}

std::optional<int64_t> SeekerTable::Find(std::string_view id) const {
  auto it = index_.find(internal::Sv(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

Seeker SeekerTable::Get(int64_t i) const {
  Seeker s;
  s.id = ids_[i];
  s.household_id = household_ids_[i];
  s.area = areas_[i];
  s.lat = lats_[i];
  s.lon = lons_[i];
  s.groups = groups_[i];
  auto sk = skills_.row(i);
  s.skills.assign(sk.begin(), sk.end());
  s.education = static_cast<Education>(education_[i]);
  s.reservation_wage = reservation_wage_[i];
  s.max_commute_km = max_commute_km_[i];
  s.schedule = static_cast<Schedule>(schedule_[i]);
  s.needs_accessibility = needs_accessibility_[i] != 0;
  s.accepts_remote = accepts_remote_[i] != 0;
  s.months_unemployed = months_unemployed_[i];
  auto pi = preferred_industries_.row(i);
  s.preferred_industries.assign(pi.begin(), pi.end());
  if (embedding_dim() > 0) {
    s.embedding.assign(embeddings_.row(i).data(), embeddings_.row(i).data() + embedding_dim());
  }
  return s;
}

// -------------------------------------------------------------- vacancies

absl::Status VacancyTable::Append(absl::Span<const Vacancy> batch, const Vocabulary& vocab) {
  constexpr absl::string_view kT = "vacancies";
  absl::flat_hash_set<absl::string_view> batch_ids;
  std::vector<Eigen::Vector3f> points;
  points.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    const Vacancy& v = batch[i];
    if (v.id.empty()) return RowError(kT, i, v.id, "id", "empty");
    if (index_.contains(v.id)) return RowError(kT, i, v.id, "id", "already in the table");
    if (!batch_ids.insert(v.id).second) return RowError(kT, i, v.id, "id", "duplicate in batch");
    auto p = LatLonToPoint(v.lat, v.lon);
    if (!p) return RowError(kT, i, v.id, "lat/lon", "not finite or out of range");
    points.push_back(*p);
    if (v.openings < 0) return RowError(kT, i, v.id, "openings", "must be >= 0");
    absl::flat_hash_set<int32_t> seen;
    for (const Requirement& r : v.requirements) {
      if (r.skill < 0 || r.skill >= vocab.skills().size()) {
        return RowError(kT, i, v.id, "requirements", absl::StrCat("unknown skill id ", r.skill));
      }
      if (r.min_level < kMinSkillLevel || r.min_level > kMaxSkillLevel) {
        return RowError(kT, i, v.id, "requirements",
                        absl::StrCat("level ", int{r.min_level}, " outside 1..8"));
      }
      if (!Finite(r.importance) || r.importance <= 0) {
        return RowError(kT, i, v.id, "requirements", "importance must be finite and > 0");
      }
      if (!seen.insert(r.skill).second) {
        return RowError(kT, i, v.id, "requirements",
                        absl::StrCat("skill '", vocab.skills().Name(r.skill), "' listed twice"));
      }
    }
    const int edu = static_cast<int>(v.min_education);
    if (edu < 0 || edu > kMaxEducation)
      return RowError(kT, i, v.id, "min_education", "outside 0..6");
    if (!Finite(v.wage_min) || !Finite(v.wage_max) || v.wage_min < 0 || v.wage_max < v.wage_min) {
      return RowError(kT, i, v.id, "wage_min/wage_max",
                      "must be finite with 0 <= wage_min <= wage_max");
    }
    const int sch = static_cast<int>(v.schedule);
    if (sch < 0 || sch >= kNumVacancySchedules) {
      return RowError(kT, i, v.id, "schedule", "must be full_time, school_hours or flexible");
    }
    const int kind = static_cast<int>(v.kind);
    if (kind < 0 || kind >= kNumVacancyKinds) return RowError(kT, i, v.id, "kind", "invalid");
    if (v.industry < 0 || v.industry >= vocab.industries().size()) {
      return RowError(kT, i, v.id, "industry", absl::StrCat("unknown industry id ", v.industry));
    }
  }
  int dim = 0;
  if (auto st = CheckEmbeddings(kT, batch, size(), embedding_dim(), &dim); !st.ok()) return st;

  std::vector<const std::vector<float>*> emb;
  emb.reserve(batch.size());
  const int64_t old_rows = size();
  for (const Vacancy& v : batch) {
    index_.emplace(v.id, size());
    ids_.push_back(v.id);
    employer_ids_.push_back(v.employer_id);
    areas_.push_back(v.area);
    lats_.push_back(v.lat);
    lons_.push_back(v.lon);
    openings_.push_back(v.openings);
    for (const Requirement& r : v.requirements) requirements_.values.push_back(r);
    requirements_.offsets.push_back(static_cast<int64_t>(requirements_.values.size()));
    min_education_.push_back(static_cast<int8_t>(v.min_education));
    wage_min_.push_back(v.wage_min);
    wage_max_.push_back(v.wage_max);
    schedule_.push_back(static_cast<int8_t>(v.schedule));
    accessible_.push_back(v.accessible ? 1 : 0);
    remote_.push_back(v.remote ? 1 : 0);
    kind_.push_back(static_cast<int8_t>(v.kind));
    industry_.push_back(v.industry);
    emb.push_back(&v.embedding);
  }
  AppendPoints(points_, points);
  AppendNormalised(embeddings_, old_rows, dim, emb);
  return absl::OkStatus();
}

std::optional<int64_t> VacancyTable::Find(std::string_view id) const {
  auto it = index_.find(internal::Sv(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

int64_t VacancyTable::total_openings() const {
  int64_t t = 0;
  for (int32_t o : openings_) t += o;
  return t;
}

Vacancy VacancyTable::Get(int64_t i) const {
  Vacancy v;
  v.id = ids_[i];
  v.employer_id = employer_ids_[i];
  v.area = areas_[i];
  v.lat = lats_[i];
  v.lon = lons_[i];
  v.openings = openings_[i];
  auto rq = requirements_.row(i);
  v.requirements.assign(rq.begin(), rq.end());
  v.min_education = static_cast<Education>(min_education_[i]);
  v.wage_min = wage_min_[i];
  v.wage_max = wage_max_[i];
  v.schedule = static_cast<Schedule>(schedule_[i]);
  v.accessible = accessible_[i] != 0;
  v.remote = remote_[i] != 0;
  v.kind = static_cast<VacancyKind>(kind_[i]);
  v.industry = industry_[i];
  if (embedding_dim() > 0) {
    v.embedding.assign(embeddings_.row(i).data(), embeddings_.row(i).data() + embedding_dim());
  }
  return v;
}

// ------------------------------------------------------- verbatim copies

namespace {

// Checks shared by both tables' AppendRowsFrom.
template <typename Table>
absl::Status CheckRowsFrom(absl::string_view table, const Table& dst, const Table& src,
                           absl::Span<const int64_t> rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0 || rows[i] >= src.size() || (i > 0 && rows[i] <= rows[i - 1])) {
      return absl::InvalidArgumentError(absl::StrCat(
          table, ": rows to copy must be strictly increasing indexes below ", src.size()));
    }
    if (dst.Find(src.ids()[rows[i]])) {
      return RowError(table, i, src.ids()[rows[i]], "id", "already in the table");
    }
  }
  if (!rows.empty() && dst.size() > 0 && src.embedding_dim() != dst.embedding_dim()) {
    return absl::InvalidArgumentError(
        absl::StrCat(table, ": embedding dimension ", src.embedding_dim(), ", expected ",
                     dst.embedding_dim(), " (all rows must have one dimension)"));
  }
  return absl::OkStatus();
}

template <typename T>
void CopyRagged(RaggedArray<T>& dst, const RaggedArray<T>& src, absl::Span<const int64_t> rows) {
  int64_t extra = 0;
  for (int64_t r : rows) extra += src.offsets[r + 1] - src.offsets[r];
  dst.values.reserve(dst.values.size() + static_cast<size_t>(extra));
  dst.offsets.reserve(dst.offsets.size() + rows.size());
  for (int64_t r : rows) {
    auto row = src.row(r);
    dst.values.insert(dst.values.end(), row.begin(), row.end());
    dst.offsets.push_back(static_cast<int64_t>(dst.values.size()));
  }
}

template <typename T>
void CopyColumn(std::vector<T>& dst, const std::vector<T>& src, absl::Span<const int64_t> rows) {
  dst.reserve(dst.size() + rows.size());
  for (int64_t r : rows) dst.push_back(src[r]);
}

// Appends the ids of `rows` of the source table and their id -> row entries.
template <typename Index>
void CopyIds(Index& index, std::vector<std::string>& ids, const std::vector<std::string>& src_ids,
             absl::Span<const int64_t> rows) {
  index.reserve(index.size() + rows.size());
  ids.reserve(ids.size() + rows.size());
  for (int64_t r : rows) {
    index.emplace(src_ids[r], static_cast<int64_t>(ids.size()));
    ids.push_back(src_ids[r]);
  }
}

template <typename M>
void CopyMatrixRows(M& dst, int64_t old_rows, const M& src, absl::Span<const int64_t> rows) {
  const int64_t cols = old_rows > 0 ? dst.cols() : src.cols();
  if (old_rows == 0) {
    dst.resize(static_cast<int64_t>(rows.size()), cols);
  } else {
    dst.conservativeResize(old_rows + static_cast<int64_t>(rows.size()), cols);
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (cols > 0) dst.row(old_rows + static_cast<int64_t>(i)) = src.row(rows[i]);
  }
}

}  // namespace

absl::Status SeekerTable::AppendRowsFrom(const SeekerTable& src, absl::Span<const int64_t> rows) {
  if (auto st = CheckRowsFrom("seekers", *this, src, rows); !st.ok()) return st;
  if (rows.empty()) return absl::OkStatus();
  const int64_t old_rows = size();
  CopyIds(index_, ids_, src.ids_, rows);
  CopyColumn(household_ids_, src.household_ids_, rows);
  CopyColumn(areas_, src.areas_, rows);
  CopyColumn(lats_, src.lats_, rows);
  CopyColumn(lons_, src.lons_, rows);
  CopyColumn(groups_, src.groups_, rows);
  CopyRagged(skills_, src.skills_, rows);
  CopyColumn(education_, src.education_, rows);
  CopyColumn(reservation_wage_, src.reservation_wage_, rows);
  CopyColumn(max_commute_km_, src.max_commute_km_, rows);
  CopyColumn(schedule_, src.schedule_, rows);
  CopyColumn(needs_accessibility_, src.needs_accessibility_, rows);
  CopyColumn(accepts_remote_, src.accepts_remote_, rows);
  CopyColumn(months_unemployed_, src.months_unemployed_, rows);
  CopyRagged(preferred_industries_, src.preferred_industries_, rows);
  CopyMatrixRows(points_, old_rows, src.points_, rows);
  CopyMatrixRows(embeddings_, old_rows, src.embeddings_, rows);
  return absl::OkStatus();
}

absl::Status VacancyTable::AppendRowsFrom(const VacancyTable& src, absl::Span<const int64_t> rows) {
  if (auto st = CheckRowsFrom("vacancies", *this, src, rows); !st.ok()) return st;
  if (rows.empty()) return absl::OkStatus();
  const int64_t old_rows = size();
  CopyIds(index_, ids_, src.ids_, rows);
  CopyColumn(employer_ids_, src.employer_ids_, rows);
  CopyColumn(areas_, src.areas_, rows);
  CopyColumn(lats_, src.lats_, rows);
  CopyColumn(lons_, src.lons_, rows);
  CopyColumn(openings_, src.openings_, rows);
  CopyRagged(requirements_, src.requirements_, rows);
  CopyColumn(min_education_, src.min_education_, rows);
  CopyColumn(wage_min_, src.wage_min_, rows);
  CopyColumn(wage_max_, src.wage_max_, rows);
  CopyColumn(schedule_, src.schedule_, rows);
  CopyColumn(accessible_, src.accessible_, rows);
  CopyColumn(remote_, src.remote_, rows);
  CopyColumn(kind_, src.kind_, rows);
  CopyColumn(industry_, src.industry_, rows);
  CopyMatrixRows(points_, old_rows, src.points_, rows);
  CopyMatrixRows(embeddings_, old_rows, src.embeddings_, rows);
  return absl::OkStatus();
}

}  // namespace jobmatch
