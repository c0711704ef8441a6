// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Structure-of-arrays tables of seekers and vacancies, the form the scoring
// kernels read. Rows are addressed by a dense index 0..size()-1 in insertion
// order; string ids map to indexes through an Abseil hash map.
//
// Coordinates are stored as points on the sphere of radius kEarthRadiusKm
// (x, y, z in km, one row per entity). The distance between two entities is
// the straight-line (chord) distance between those points; below 300 km it
// differs from the great-circle distance by less than 0.01 %.
//
// Embeddings, when present, are stored L2-normalised, row-major, one row per
// entity (so the inner product of two rows is their cosine similarity). A
// table either has embeddings for every row (all of one dimension) or none.
//
// Append is all-or-nothing: every row of the batch is validated (ids unique,
// levels on the ladder, finite numbers, ids known to the Vocabulary, …) before
// any row is added; on error the table is unchanged and the status names the
// row (0-based index within the batch), the field and the reason.
//
// Thread safety: const methods may be called concurrently; Append must not
// run concurrently with anything else.
#ifndef JOBMATCH_DATA_TABLES_H_
#define JOBMATCH_DATA_TABLES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Eigen/Core"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"

namespace jobmatch {

namespace internal {
struct SnapshotAccess;  // lib/snapshot_internal.h: restores columns on load
}  // namespace internal

inline constexpr double kEarthRadiusKm = 6371.0088;

// Converts WGS84 degrees to a point on the sphere (km). Fails (returns
// nullopt) for non-finite values, |lat| > 90 or |lon| > 180.
std::optional<Eigen::Vector3f> LatLonToPoint(double lat, double lon);

// Sparse per-row lists in compressed-row form: row i owns entries
// [offsets[i], offsets[i+1]).
template <typename T>
struct RaggedArray {
  std::vector<int64_t> offsets{0};
  std::vector<T> values;
  int64_t rows() const { return static_cast<int64_t>(offsets.size()) - 1; }
  absl::Span<const T> row(int64_t i) const {
    return absl::MakeConstSpan(values.data() + offsets[i], values.data() + offsets[i + 1]);
  }
  bool operator==(const RaggedArray&) const = default;
};

using PointMatrix = Eigen::Matrix<float, Eigen::Dynamic, 3, Eigen::RowMajor>;

class SeekerTable {
 public:
  // Validates and appends `batch` (all-or-nothing, see above). `vocab` gives
  // the valid skill, industry and group ids.
  [[nodiscard]] absl::Status Append(absl::Span<const Seeker> batch, const Vocabulary& vocab);

  // Appends rows `rows` of `src` verbatim: the stored columns are copied as
  // they are (no re-validation, embeddings not normalised again), so a table
  // rebuilt from tables scores bit for bit like the original rows. For
  // engines that merge tables (engine.h); `src` must have been validated
  // against the same vocabulary. `rows` must be strictly increasing valid
  // indexes of `src`. All-or-nothing: fails, leaving this table unchanged,
  // when an id is already in this table or the embedding dimensions differ
  // (this table non-empty). O(rows + their list entries).
  [[nodiscard]] absl::Status AppendRowsFrom(const SeekerTable& src, absl::Span<const int64_t> rows);

  int64_t size() const { return static_cast<int64_t>(ids_.size()); }
  // Embedding dimension; 0 when the table has no embeddings.
  int embedding_dim() const { return static_cast<int>(embeddings_.cols()); }
  std::optional<int64_t> Find(std::string_view id) const;
  // Rebuilds row `i` as a Seeker (embedding normalised as stored).
  Seeker Get(int64_t i) const;

  // Column access, all of length size().
  const std::vector<std::string>& ids() const { return ids_; }
  const std::vector<std::string>& household_ids() const { return household_ids_; }
  const std::vector<Area>& areas() const { return areas_; }
  const std::vector<double>& lats() const { return lats_; }
  const std::vector<double>& lons() const { return lons_; }
  const PointMatrix& points() const { return points_; }
  const std::vector<GroupMask>& groups() const { return groups_; }
  const RaggedArray<SkillLevel>& skills() const { return skills_; }
  const std::vector<int8_t>& education() const { return education_; }
  const std::vector<float>& reservation_wage() const { return reservation_wage_; }
  const std::vector<float>& max_commute_km() const { return max_commute_km_; }
  const std::vector<int8_t>& schedule() const { return schedule_; }
  const std::vector<uint8_t>& needs_accessibility() const { return needs_accessibility_; }
  const std::vector<uint8_t>& accepts_remote() const { return accepts_remote_; }
  const std::vector<int32_t>& months_unemployed() const { return months_unemployed_; }
  const RaggedArray<int32_t>& preferred_industries() const { return preferred_industries_; }
  const RowMatrixXf& embeddings() const { return embeddings_; }

 private:
  friend struct internal::SnapshotAccess;
  std::vector<std::string> ids_;
  absl::flat_hash_map<std::string, int64_t> index_;
  std::vector<std::string> household_ids_;
  std::vector<Area> areas_;
  std::vector<double> lats_, lons_;
  PointMatrix points_;
  std::vector<GroupMask> groups_;
  RaggedArray<SkillLevel> skills_;
  std::vector<int8_t> education_;
  std::vector<float> reservation_wage_;
  std::vector<float> max_commute_km_;
  std::vector<int8_t> schedule_;
  std::vector<uint8_t> needs_accessibility_;
  std::vector<uint8_t> accepts_remote_;
  std::vector<int32_t> months_unemployed_;
  RaggedArray<int32_t> preferred_industries_;
  RowMatrixXf embeddings_;
};

class VacancyTable {
 public:
  [[nodiscard]] absl::Status Append(absl::Span<const Vacancy> batch, const Vocabulary& vocab);
  // As SeekerTable::AppendRowsFrom.
  [[nodiscard]] absl::Status AppendRowsFrom(const VacancyTable& src,
                                            absl::Span<const int64_t> rows);

  int64_t size() const { return static_cast<int64_t>(ids_.size()); }
  int embedding_dim() const { return static_cast<int>(embeddings_.cols()); }
  std::optional<int64_t> Find(std::string_view id) const;
  Vacancy Get(int64_t i) const;
  // Sum of openings over all rows.
  int64_t total_openings() const;

  const std::vector<std::string>& ids() const { return ids_; }
  const std::vector<std::string>& employer_ids() const { return employer_ids_; }
  const std::vector<Area>& areas() const { return areas_; }
  const std::vector<double>& lats() const { return lats_; }
  const std::vector<double>& lons() const { return lons_; }
  const PointMatrix& points() const { return points_; }
  const std::vector<int32_t>& openings() const { return openings_; }
  const RaggedArray<Requirement>& requirements() const { return requirements_; }
  const std::vector<int8_t>& min_education() const { return min_education_; }
  const std::vector<float>& wage_min() const { return wage_min_; }
  const std::vector<float>& wage_max() const { return wage_max_; }
  const std::vector<int8_t>& schedule() const { return schedule_; }
  const std::vector<uint8_t>& accessible() const { return accessible_; }
  const std::vector<uint8_t>& remote() const { return remote_; }
  const std::vector<int8_t>& kind() const { return kind_; }
  const std::vector<int32_t>& industry() const { return industry_; }
  const RowMatrixXf& embeddings() const { return embeddings_; }

 private:
  friend struct internal::SnapshotAccess;
  std::vector<std::string> ids_;
  absl::flat_hash_map<std::string, int64_t> index_;
  std::vector<std::string> employer_ids_;
  std::vector<Area> areas_;
  std::vector<double> lats_, lons_;
  PointMatrix points_;
  std::vector<int32_t> openings_;
  RaggedArray<Requirement> requirements_;
  std::vector<int8_t> min_education_;
  std::vector<float> wage_min_, wage_max_;
  std::vector<int8_t> schedule_;
  std::vector<uint8_t> accessible_;
  std::vector<uint8_t> remote_;
  std::vector<int8_t> kind_;
  std::vector<int32_t> industry_;
  RowMatrixXf embeddings_;
};

}  // namespace jobmatch

#endif  // JOBMATCH_DATA_TABLES_H_
