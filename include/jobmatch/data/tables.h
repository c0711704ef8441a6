// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Structure-of-arrays tables of seekers and vacancies, the form the scoring
// kernels read: one store per column of the schema (schema.h), in schema
// order. Rows are addressed by a dense index 0..size()-1 in insertion order;
// string ids map to indexes through an Abseil hash map.
//
// Coordinates are also stored as points on the sphere of radius
// kEarthRadiusKm (x, y, z in km, one row per entity). The distance between
// two entities is the straight-line (chord) distance between those points;
// below 300 km it differs from the great-circle distance by less than 0.01 %.
//
// Embeddings, when present, are stored L2-normalised (the norm computed in
// double), row-major, one row per entity (so the inner product of two rows
// is their cosine similarity). A table either has embeddings for every row
// (all of one dimension) or none.
//
// Append is all-or-nothing: the batch is converted to columns, then every
// value is validated by the one validation of the schema (the same that
// checks CSV files, DataFrames and snapshots: ids unique and well formed,
// levels on the ladder, finite numbers, ids known to the Vocabulary, ...)
// before any row is added; on error the table is unchanged and the status
// names the row (0-based index within the batch), the field and the reason
// — never the value of a sensitive field.
//
// Thread safety: const methods may be called concurrently; Append must not
// run concurrently with anything else.
#ifndef JOBMATCH_DATA_TABLES_H_
#define JOBMATCH_DATA_TABLES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "Eigen/Core"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"

namespace jobmatch {

namespace internal {
struct TableAccess;  // lib/data/internal/table_access.h: column-level access for the library
}  // namespace internal

inline constexpr double kEarthRadiusKm = 6371.0088;

// Converts WGS84 degrees to a point on the sphere (km). Fails (returns
// nullopt) for non-finite values, |lat| > 90 or |lon| > 180.
std::optional<Eigen::Vector3f> LatLonToPoint(double lat, double lon);

using PointMatrix = Eigen::Matrix<float, Eigen::Dynamic, 3, Eigen::RowMajor>;
// A table's points, viewed in place (valid until the table changes).
using PointView = Eigen::Map<const PointMatrix>;

// A table of rows of type Row (Seeker or Vacancy), stored by column.
template <typename Row>
class Table {
 public:
  using Schema = std::remove_cvref_t<decltype(SchemaOf<Row>::value)>;
  using Stores = typename schema::StoresOf<Schema>::type;

  // Validates and appends `batch` (all-or-nothing, see above). `vocab` gives
  // the valid skill, industry and group ids.
  [[nodiscard]] absl::Status Append(absl::Span<const Row> batch, const Vocabulary& vocab);

  int64_t size() const { return static_cast<int64_t>(std::get<0>(stores_).size()); }
  // Embedding dimension; 0 when the table has no embeddings.
  int embedding_dim() const { return static_cast<int>(column<"embedding">().cols()); }
  std::optional<int64_t> Find(std::string_view id) const;
  // Rebuilds row `i` (embedding normalised as stored).
  Row Get(int64_t i) const;

  // The store of the column called `Name` (schema.h), e.g. column<"lat">().
  template <schema::Name Name>
  const auto& column() const {
    return std::get<schema::IndexOf(SchemaOf<Row>::value, Name.view())>(stores_);
  }
  // Points on the sphere, derived from lat/lon: size() x 3, row-major.
  PointView points() const { return PointView(points_.data(), size(), 3); }
  // The whole column stores, in schema order.
  const Stores& stores() const { return stores_; }

  const std::vector<std::string>& ids() const { return column<"id">(); }
  const std::vector<std::string>& districts() const { return column<"district">(); }
  const std::vector<std::string>& towns() const { return column<"town">(); }
  const std::vector<std::string>& villages() const { return column<"village">(); }
  Area area(int64_t i) const { return Area{districts()[i], towns()[i], villages()[i]}; }
  const std::vector<double>& lats() const { return column<"lat">(); }
  const std::vector<double>& lons() const { return column<"lon">(); }
  const RowMatrixXf& embeddings() const { return column<"embedding">(); }

 protected:
  friend struct internal::TableAccess;
  Stores stores_;
  absl::flat_hash_map<std::string, int64_t> index_;
  std::vector<float> points_;  // x, y, z per row; grows geometrically over appends
};

class SeekerTable : public Table<Seeker> {
 public:
  // Column access, all of length size().
  const std::vector<std::string>& household_ids() const { return column<"household_id">(); }
  const std::vector<GroupMask>& groups() const { return column<"groups">(); }
  const RaggedArray<SkillLevel>& skills() const { return column<"skills">(); }
  const std::vector<int8_t>& education() const { return column<"education">(); }
  const std::vector<float>& reservation_wage() const { return column<"reservation_wage">(); }
  const std::vector<float>& max_commute_km() const { return column<"max_commute_km">(); }
  const std::vector<int8_t>& schedule() const { return column<"schedule">(); }
  const std::vector<uint8_t>& needs_accessibility() const {
    return column<"needs_accessibility">();
  }
  const std::vector<uint8_t>& accepts_remote() const { return column<"accepts_remote">(); }
  const std::vector<int32_t>& months_unemployed() const { return column<"months_unemployed">(); }
  const RaggedArray<int32_t>& preferred_industries() const {
    return column<"preferred_industries">();
  }
  // Days since 1970-01-01, or kNoDate.
  const std::vector<int32_t>& registered_on() const { return column<"registered_on">(); }
};

class VacancyTable : public Table<Vacancy> {
 public:
  // Sum of openings over all rows.
  int64_t total_openings() const;

  const std::vector<std::string>& employer_ids() const { return column<"employer_id">(); }
  const std::vector<int32_t>& openings() const { return column<"openings">(); }
  const RaggedArray<Requirement>& requirements() const { return column<"requirements">(); }
  const std::vector<int8_t>& min_education() const { return column<"min_education">(); }
  const std::vector<float>& wage_min() const { return column<"wage_min">(); }
  const std::vector<float>& wage_max() const { return column<"wage_max">(); }
  const std::vector<int8_t>& schedule() const { return column<"schedule">(); }
  const std::vector<uint8_t>& accessible() const { return column<"accessible">(); }
  const std::vector<uint8_t>& remote() const { return column<"remote">(); }
  const std::vector<int8_t>& kind() const { return column<"kind">(); }
  const std::vector<int32_t>& industry() const { return column<"industry">(); }
  // Days since 1970-01-01, or kNoDate.
  const std::vector<int32_t>& posted_on() const { return column<"posted_on">(); }
};

// The table type of a row type.
template <typename Row>
struct TableOf;
template <>
struct TableOf<Seeker> {
  using type = SeekerTable;
};
template <>
struct TableOf<Vacancy> {
  using type = VacancyTable;
};

extern template class Table<Seeker>;
extern template class Table<Vacancy>;

}  // namespace jobmatch

#endif  // JOBMATCH_DATA_TABLES_H_
