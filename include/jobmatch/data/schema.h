// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The schema: one declaration per table of its columns — name, kind, whether
// a CSV file or DataFrame must have it, whether it is personal data, the
// snapshot format that introduced it — bound to the field of the row type
// (types.h) that holds it. Everything that handles columns is driven by
// these two declarations, kSeekerSchema and kVacancySchema:
//   * the tables' storage (tables.h: one column store per entry, in order),
//     the row <-> column conversion (Append, Get) and validation (one
//     function for Append, CSV, DataFrames and snapshot loading);
//   * the CSV readers and writers (io/csv.h: header names, the text form of
//     each kind, which values are never echoed in messages);
//   * the snapshot payload (snapshot/snapshot.h: columns in schema order,
//     each encoded by its store type; a column with since_format > the
//     file's version is absent from it and takes its default);
//   * the Python DataFrame conversion (the package reads the schema through
//     the bindings: jobmatch.schema()).
//
// Adding a column: add the field to the row type (types.h) and one entry
// here, at the end of the table's list, with since_format = the next
// snapshot format version (snapshot.h: bump kSnapshotFormatVersion). Its
// kind decides everything else. Then add its tests.
//
// The kind of a column decides its row type (Value), its storage (Store),
// its check, its CSV text and its snapshot encoding:
//
//   kind             Value                  Store                  CSV text
//   kIdentifier      std::string            vector<string>         as is (non-empty, unique)
//   kReference       std::string            vector<string>         as is (may be empty)
//   kText            std::string            vector<string>         as is (UTF-8)
//   kLatitude        double                 vector<double>         degrees, [-90, 90]
//   kLongitude       double                 vector<double>         degrees, [-180, 180]
//   kKeyGroups       GroupMask              vector<GroupMask>      names, ';'-separated
//   kSkillLevels     vector<SkillLevel>     RaggedArray<...>       name:level;...
//   kRequirements    vector<Requirement>    RaggedArray<...>       name:min_level[:importance];...
//   kEducation       Education              vector<int8_t>         0..6
//   kAmount          float                  vector<float>          finite, >= 0
//   kCount           int32_t                vector<int32_t>        integer >= 0
//   kFlag            bool                   vector<uint8_t>        true/false/1/0/yes/no
//   kSeekerSchedule  Schedule               vector<int8_t> full_time|school_hours|flexible|any
//   kVacancySchedule Schedule               vector<int8_t>         full_time|school_hours|flexible
//   kVacancyKind     VacancyKind            vector<int8_t> regular|trainee|public_welfare|gig
//   kIndustry        int32_t (vocab id)     vector<int32_t>        name
//   kIndustries      vector<int32_t>        RaggedArray<int32_t>   names, ';'-separated
//   kEmbedding       vector<float>          RowMatrixXf            numbers, space-separated
//   kDate            optional<Date>         vector<int32_t>        YYYY-MM-DD or empty
#ifndef JOBMATCH_DATA_SCHEMA_H_
#define JOBMATCH_DATA_SCHEMA_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "absl/types/span.h"
#include "jobmatch/data/types.h"

namespace jobmatch {

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

enum class ColumnKind : int8_t {
  kIdentifier,
  kReference,
  kText,
  kLatitude,
  kLongitude,
  kKeyGroups,
  kSkillLevels,
  kRequirements,
  kEducation,
  kAmount,
  kCount,
  kFlag,
  kSeekerSchedule,
  kVacancySchedule,
  kVacancyKind,
  kIndustry,
  kIndustries,
  kEmbedding,
  kDate,
};
// "identifier", "reference", ... (for docs and the Python schema).
std::string_view ColumnKindName(ColumnKind k);

// A stored date column holds this for "no date".
inline constexpr int32_t kNoDate = INT32_MIN;

// The description of one column, independent of its C++ types.
struct ColumnInfo {
  std::string_view name;  // CSV header, DataFrame column, field name in messages
  ColumnKind kind;
  bool required;          // a CSV file / DataFrame must have the column
  bool sensitive;         // personal data: its values never appear in a message
  uint32_t since_format;  // snapshot format version that introduced it
  // Written by the CSV writer only when some row has a value (embeddings,
  // dates): files of data without them stay as they were.
  bool written_when_present;
  std::string_view description;
};

enum class Presence { kRequired, kOptional };
enum class Privacy { kPublic, kSensitive };

namespace schema {

// Row and storage types of each kind (see the table above).
template <ColumnKind K>
struct KindTypes;
#define JOBMATCH_KIND_TYPES(KIND, VALUE, STORE) \
  template <>                                   \
  struct KindTypes<ColumnKind::KIND> {          \
    using Value = VALUE;                        \
    using Store = STORE;                        \
  }
JOBMATCH_KIND_TYPES(kIdentifier, std::string, std::vector<std::string>);
JOBMATCH_KIND_TYPES(kReference, std::string, std::vector<std::string>);
JOBMATCH_KIND_TYPES(kText, std::string, std::vector<std::string>);
JOBMATCH_KIND_TYPES(kLatitude, double, std::vector<double>);
JOBMATCH_KIND_TYPES(kLongitude, double, std::vector<double>);
JOBMATCH_KIND_TYPES(kKeyGroups, GroupMask, std::vector<GroupMask>);
JOBMATCH_KIND_TYPES(kSkillLevels, std::vector<SkillLevel>, RaggedArray<SkillLevel>);
JOBMATCH_KIND_TYPES(kRequirements, std::vector<Requirement>, RaggedArray<Requirement>);
JOBMATCH_KIND_TYPES(kEducation, Education, std::vector<int8_t>);
JOBMATCH_KIND_TYPES(kAmount, float, std::vector<float>);
JOBMATCH_KIND_TYPES(kCount, int32_t, std::vector<int32_t>);
JOBMATCH_KIND_TYPES(kFlag, bool, std::vector<uint8_t>);
JOBMATCH_KIND_TYPES(kSeekerSchedule, Schedule, std::vector<int8_t>);
JOBMATCH_KIND_TYPES(kVacancySchedule, Schedule, std::vector<int8_t>);
JOBMATCH_KIND_TYPES(kVacancyKind, VacancyKind, std::vector<int8_t>);
JOBMATCH_KIND_TYPES(kIndustry, int32_t, std::vector<int32_t>);
JOBMATCH_KIND_TYPES(kIndustries, std::vector<int32_t>, RaggedArray<int32_t>);
JOBMATCH_KIND_TYPES(kEmbedding, std::vector<float>, RowMatrixXf);
JOBMATCH_KIND_TYPES(kDate, std::optional<Date>, std::vector<int32_t>);
#undef JOBMATCH_KIND_TYPES

// A column of a table bound to the field of its row type that holds it.
// `Path` is the chain of member pointers from the row to the field
// (usually one: &Seeker::id; two for the area levels: &Seeker::area,
// &Area::town).
template <ColumnKind K, auto... Path>
struct Column {
  static constexpr ColumnKind kKind = K;
  using Value = typename KindTypes<K>::Value;
  using Store = typename KindTypes<K>::Store;

  ColumnInfo info;

  constexpr Column(std::string_view name, Presence presence, Privacy privacy,
                   std::string_view description, uint32_t since_format = 1)
      : info{name,
             K,
             presence == Presence::kRequired,
             privacy == Privacy::kSensitive,
             since_format,
             K == ColumnKind::kEmbedding || K == ColumnKind::kDate,
             description} {}

  template <typename Row>
  static auto& Field(Row& row) {
    return (row.*....*Path);
  }
};

// Store types of a schema, as a tuple.
template <typename Schema>
struct StoresOf;
template <typename... Cols>
struct StoresOf<std::tuple<Cols...>> {
  using type = std::tuple<typename Cols::Store...>;
};

// Calls f(column) for each column of `schema`, in order, with the column's
// index as a template-visible constant: f(col, std::integral_constant<...>).
template <typename Schema, typename F>
constexpr void ForEachColumn(const Schema& schema, F&& f) {
  [&]<size_t... I>(std::index_sequence<I...>) {
    (f(std::get<I>(schema), std::integral_constant<size_t, I>{}), ...);
  }
  (std::make_index_sequence<std::tuple_size_v<Schema>>{});
}

// Index of the column called `name`; a compile error when there is none.
template <typename Schema>
consteval size_t IndexOf(const Schema& schema, std::string_view name) {
  size_t found = std::tuple_size_v<Schema>;
  ForEachColumn(schema, [&](const auto& col, auto index) {
    if (col.info.name == name) found = index;
  });
  if (found == std::tuple_size_v<Schema>) throw "no column of that name";  // compile error
  return found;
}

// A string literal usable as a template argument: table.column<"lat">().
template <size_t N>
struct Name {
  char chars[N];
  consteval Name(const char (&s)[N]) {  // NOLINT(google-explicit-constructor)
    for (size_t i = 0; i < N; ++i) chars[i] = s[i];
  }
  constexpr std::string_view view() const { return std::string_view(chars, N - 1); }
};

}  // namespace schema

using schema::Column;
inline constexpr Presence kRequired = Presence::kRequired;
inline constexpr Presence kOptional = Presence::kOptional;
inline constexpr Privacy kPublic = Privacy::kPublic;
inline constexpr Privacy kSensitive = Privacy::kSensitive;

// ------------------------------------------------------------------ seekers
// seekers.csv (docs/data_formats.md), SeekerTable, the snapshot's seeker
// table, the seekers DataFrame.
inline constexpr auto kSeekerSchema = std::tuple(
    Column<ColumnKind::kIdentifier, &Seeker::id>("id", kRequired, kPublic, "unique seeker id"),
    Column<ColumnKind::kReference, &Seeker::household_id>(
        "household_id", kOptional, kSensitive,
        "seekers sharing it form a household (zero-employment households); empty = alone"),
    Column<ColumnKind::kText, &Seeker::area, &Area::district>("district", kOptional, kPublic,
                                                              "district (区/市)"),
    Column<ColumnKind::kText, &Seeker::area, &Area::town>("town", kOptional, kPublic,
                                                          "town or street (镇/街道)"),
    Column<ColumnKind::kText, &Seeker::area, &Area::village>("village", kOptional, kPublic,
                                                             "village or community (村/社区)"),
    Column<ColumnKind::kLatitude, &Seeker::lat>("lat", kRequired, kPublic, "WGS84 latitude"),
    Column<ColumnKind::kLongitude, &Seeker::lon>("lon", kRequired, kPublic, "WGS84 longitude"),
    Column<ColumnKind::kKeyGroups, &Seeker::groups>("groups", kOptional, kSensitive,
                                                    "key groups (重点群体) the seeker is in"),
    Column<ColumnKind::kSkillLevels, &Seeker::skills>("skills", kOptional, kPublic,
                                                      "skills held, on the 1-8 ladder"),
    Column<ColumnKind::kEducation, &Seeker::education>("education", kOptional, kPublic,
                                                       "0 none .. 6 postgraduate"),
    Column<ColumnKind::kAmount, &Seeker::reservation_wage>(
        "reservation_wage", kOptional, kPublic, "lowest acceptable monthly wage; 0 = none"),
    Column<ColumnKind::kAmount, &Seeker::max_commute_km>("max_commute_km", kOptional, kPublic,
                                                         "0 = the policy's default"),
    Column<ColumnKind::kSeekerSchedule, &Seeker::schedule>("schedule", kOptional, kPublic,
                                                           "working time wanted"),
    Column<ColumnKind::kFlag, &Seeker::needs_accessibility>(
        "needs_accessibility", kOptional, kSensitive, "needs a barrier-free workplace"),
    Column<ColumnKind::kFlag, &Seeker::accepts_remote>("accepts_remote", kOptional, kPublic,
                                                       "accepts home-based work (居家就业)"),
    Column<ColumnKind::kCount, &Seeker::months_unemployed>("months_unemployed", kOptional,
                                                           kSensitive, "months without work"),
    Column<ColumnKind::kIndustries, &Seeker::preferred_industries>(
        "preferred_industries", kOptional, kPublic, "industries wanted; empty = any"),
    Column<ColumnKind::kEmbedding, &Seeker::embedding>("embedding", kOptional, kPublic,
                                                       "optional vector, one dimension per table"),
    Column<ColumnKind::kDate, &Seeker::registered_on>("registered_on", kOptional, kPublic,
                                                      "date of registration with the PES", 2));

// ---------------------------------------------------------------- vacancies
inline constexpr auto kVacancySchema = std::tuple(
    Column<ColumnKind::kIdentifier, &Vacancy::id>("id", kRequired, kPublic, "unique vacancy id"),
    Column<ColumnKind::kReference, &Vacancy::employer_id>("employer_id", kOptional, kPublic,
                                                          "the employer"),
    Column<ColumnKind::kText, &Vacancy::area, &Area::district>("district", kOptional, kPublic,
                                                               "district (区/市)"),
    Column<ColumnKind::kText, &Vacancy::area, &Area::town>("town", kOptional, kPublic,
                                                           "town or street (镇/街道)"),
    Column<ColumnKind::kText, &Vacancy::area, &Area::village>("village", kOptional, kPublic,
                                                              "village or community (村/社区)"),
    Column<ColumnKind::kLatitude, &Vacancy::lat>("lat", kRequired, kPublic, "WGS84 latitude"),
    Column<ColumnKind::kLongitude, &Vacancy::lon>("lon", kRequired, kPublic, "WGS84 longitude"),
    Column<ColumnKind::kCount, &Vacancy::openings>("openings", kOptional, kPublic,
                                                   "places to fill (default 1)"),
    Column<ColumnKind::kRequirements, &Vacancy::requirements>(
        "requirements", kOptional, kPublic, "skills required, minimum level, importance"),
    Column<ColumnKind::kEducation, &Vacancy::min_education>("min_education", kOptional, kPublic,
                                                            "0 none .. 6 postgraduate"),
    Column<ColumnKind::kAmount, &Vacancy::wage_min>("wage_min", kOptional, kPublic,
                                                    "monthly wage, lower end"),
    Column<ColumnKind::kAmount, &Vacancy::wage_max>("wage_max", kOptional, kPublic,
                                                    "monthly wage, upper end (default wage_min)"),
    Column<ColumnKind::kVacancySchedule, &Vacancy::schedule>("schedule", kOptional, kPublic,
                                                             "working time offered"),
    Column<ColumnKind::kFlag, &Vacancy::accessible>("accessible", kOptional, kPublic,
                                                    "barrier-free workplace"),
    Column<ColumnKind::kFlag, &Vacancy::remote>("remote", kOptional, kPublic,
                                                "can be done from home"),
    Column<ColumnKind::kVacancyKind, &Vacancy::kind>("kind", kOptional, kPublic,
                                                     "regular, trainee (见习), public_welfare "
                                                     "(公益性岗位) or gig (零工)"),
    Column<ColumnKind::kIndustry, &Vacancy::industry>("industry", kOptional, kPublic,
                                                      "industry (default 'unspecified')"),
    Column<ColumnKind::kEmbedding, &Vacancy::embedding>("embedding", kOptional, kPublic,
                                                        "optional vector, one dimension per table"),
    Column<ColumnKind::kDate, &Vacancy::posted_on>("posted_on", kOptional, kPublic,
                                                   "date the vacancy was published", 2));

using SeekerSchema = std::remove_cvref_t<decltype(kSeekerSchema)>;
using VacancySchema = std::remove_cvref_t<decltype(kVacancySchema)>;

// The schema of a row type.
template <typename Row>
struct SchemaOf;
template <>
struct SchemaOf<Seeker> {
  static constexpr const SeekerSchema& value = kSeekerSchema;
  static constexpr std::string_view kTable = "seekers";
};
template <>
struct SchemaOf<Vacancy> {
  static constexpr const VacancySchema& value = kVacancySchema;
  static constexpr std::string_view kTable = "vacancies";
};

// The columns as plain descriptions, in schema order (for messages, docs
// and the Python package).
absl::Span<const ColumnInfo> SeekerColumns();
absl::Span<const ColumnInfo> VacancyColumns();

}  // namespace jobmatch

#endif  // JOBMATCH_DATA_SCHEMA_H_
