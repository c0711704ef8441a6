// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The tables: row <-> column conversion, the one validation of stored values
// and committing, all driven by the schema (schema.h). What a kind of column
// means lives in KindOps<K> below, once.
#include "jobmatch/data/tables.h"

#include <cmath>
#include <numbers>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "data/internal/table_access.h"

namespace jobmatch {

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

namespace internal {
namespace {

constexpr std::string_view kSensitiveNote = " (value not shown: sensitive)";

// Room for `needed` elements, at least doubling the capacity when it grows,
// so that a table filled by many appends (the shards of a country) copies
// each element O(1) times instead of once per append.
template <typename V>
void ReserveAtLeast(V& v, size_t needed) {
  if (needed > v.capacity()) v.reserve(std::max(needed, 2 * v.capacity()));
}

// Marks ids seen in the current row; O(1) per check, no per-row allocation.
class RowSet {
 public:
  explicit RowSet(int32_t universe) : last_row_(static_cast<size_t>(std::max(universe, 0)), -1) {}
  bool Insert(int32_t id, int64_t row) {
    if (last_row_[static_cast<size_t>(id)] == row) return false;
    last_row_[static_cast<size_t>(id)] = row;
    return true;
  }

 private:
  std::vector<int64_t> last_row_;
};

// What the checks of one table need besides the values.
struct CheckState {
  explicit CheckState(const Vocabulary& v)
      : vocab(v),
        num_skills(v.skills().size()),
        num_industries(v.industries().size()),
        valid_groups(v.groups().size() >= 64 ? ~GroupMask{0}
                                             : ((GroupMask{1} << v.groups().size()) - 1)),
        skills_seen(num_skills),
        industries_seen(num_industries) {}
  const Vocabulary& vocab;
  int32_t num_skills, num_industries;
  GroupMask valid_groups;
  RowSet skills_seen, industries_seen;
};

using Reason = std::optional<std::string>;

// Everything a kind of column means, apart from its CSV text (io/) and its
// snapshot encoding (by store type, snapshot/): how a row's value is stored
// and read back, and the check every stored value must pass.
template <ColumnKind K>
struct KindOps;

// Kinds stored one element per row, with the same type in row and store or
// a plain cast between them.
template <ColumnKind K>
struct ScalarOps {
  using Value = typename schema::KindTypes<K>::Value;
  using Store = typename schema::KindTypes<K>::Store;
  static void Push(Store& s, const Value& v) {
    s.push_back(static_cast<typename Store::value_type>(v));
  }
  static Value Get(const Store& s, int64_t i) { return static_cast<Value>(s[i]); }
};

Reason CheckUtf8(const std::string& v) {
  if (!IsValidUtf8(v)) return std::string("not valid UTF-8");
  return std::nullopt;
}

// Record ids (base/internal/text.h, RecordIdProblem): one spelling per id.
Reason CheckRecordId(const std::string& v) {
  if (Reason bad = CheckUtf8(v)) return bad;
  if (std::string why = RecordIdProblem(v); !why.empty()) return why;
  return std::nullopt;
}

template <>
struct KindOps<ColumnKind::kIdentifier> : ScalarOps<ColumnKind::kIdentifier> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i].empty()) return std::string("empty");
    return CheckRecordId(s[i]);
  }
};
template <>
struct KindOps<ColumnKind::kReference> : ScalarOps<ColumnKind::kReference> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i].empty()) return std::nullopt;  // none
    return CheckRecordId(s[i]);
  }
};
template <>
struct KindOps<ColumnKind::kText> : ScalarOps<ColumnKind::kText> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (Reason bad = CheckUtf8(s[i])) return bad;
    if (std::string why = FreeTextProblem(s[i], kMaxFreeTextBytes); !why.empty()) return why;
    return std::nullopt;
  }
};
// Coordinates are checked as a pair (CheckAcross): a point needs both.
template <>
struct KindOps<ColumnKind::kLatitude> : ScalarOps<ColumnKind::kLatitude> {
  static Reason Check(const Store&, int64_t, CheckState&) { return std::nullopt; }
};
template <>
struct KindOps<ColumnKind::kLongitude> : ScalarOps<ColumnKind::kLongitude> {
  static Reason Check(const Store&, int64_t, CheckState&) { return std::nullopt; }
};
template <>
struct KindOps<ColumnKind::kKeyGroups> : ScalarOps<ColumnKind::kKeyGroups> {
  static Reason Check(const Store& s, int64_t i, CheckState& st) {
    if ((s[i] & ~st.valid_groups) != 0) return std::string("unknown key-group id");
    return std::nullopt;
  }
};

template <typename T>
struct RaggedOps {
  using Value = std::vector<T>;
  using Store = RaggedArray<T>;
  static void Push(Store& s, const Value& v) {
    s.values.insert(s.values.end(), v.begin(), v.end());
    s.offsets.push_back(static_cast<int64_t>(s.values.size()));
  }
  static Value Get(const Store& s, int64_t i) {
    auto r = s.row(i);
    return Value(r.begin(), r.end());
  }
};

Reason CheckSkill(int32_t skill, int level, int64_t row, CheckState& st) {
  if (skill < 0 || skill >= st.num_skills) return absl::StrCat("unknown skill id ", skill);
  if (level < kMinSkillLevel || level > kMaxSkillLevel) {
    return absl::StrCat("level ", level, " outside 1..8");
  }
  if (!st.skills_seen.Insert(skill, row)) {
    return absl::StrCat("skill id ", skill, " ('", st.vocab.skills().Name(skill),
                        "') listed twice");
  }
  return std::nullopt;
}

template <>
struct KindOps<ColumnKind::kSkillLevels> : RaggedOps<SkillLevel> {
  static Reason Check(const Store& s, int64_t i, CheckState& st) {
    for (const SkillLevel& sl : s.row(i)) {
      if (Reason r = CheckSkill(sl.skill, sl.level, i, st)) return r;
    }
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kRequirements> : RaggedOps<Requirement> {
  static Reason Check(const Store& s, int64_t i, CheckState& st) {
    for (const Requirement& r : s.row(i)) {
      if (Reason why = CheckSkill(r.skill, r.min_level, i, st)) return why;
      if (!std::isfinite(r.importance) || r.importance <= 0) {
        return std::string("importance must be finite and > 0");
      }
    }
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kEducation> : ScalarOps<ColumnKind::kEducation> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i] < 0 || s[i] > kMaxEducation) return std::string("outside 0..6");
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kAmount> : ScalarOps<ColumnKind::kAmount> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (!std::isfinite(s[i]) || s[i] < 0) return std::string("must be finite and >= 0");
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kCount> : ScalarOps<ColumnKind::kCount> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i] < 0) return std::string("must be >= 0");
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kFlag> : ScalarOps<ColumnKind::kFlag> {
  static Value Get(const Store& s, int64_t i) { return s[i] != 0; }
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i] > 1) return std::string("not 0 or 1");
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kSeekerSchedule> : ScalarOps<ColumnKind::kSeekerSchedule> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i] < 0 || s[i] >= kNumSeekerSchedules) return std::string("invalid");
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kVacancySchedule> : ScalarOps<ColumnKind::kVacancySchedule> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i] < 0 || s[i] >= kNumVacancySchedules) {
      return std::string("must be full_time, school_hours or flexible");
    }
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kVacancyKind> : ScalarOps<ColumnKind::kVacancyKind> {
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i] < 0 || s[i] >= kNumVacancyKinds) return std::string("invalid");
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kIndustry> : ScalarOps<ColumnKind::kIndustry> {
  static Reason Check(const Store& s, int64_t i, CheckState& st) {
    if (s[i] < 0 || s[i] >= st.num_industries) {
      return absl::StrCat("unknown industry id ", s[i]);
    }
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kIndustries> : RaggedOps<int32_t> {
  static Reason Check(const Store& s, int64_t i, CheckState& st) {
    for (int32_t ind : s.row(i)) {
      if (ind < 0 || ind >= st.num_industries) return absl::StrCat("unknown industry id ", ind);
      if (!st.industries_seen.Insert(ind, i)) {
        return absl::StrCat("industry id ", ind, " ('", st.vocab.industries().Name(ind),
                            "') listed twice");
      }
    }
    return std::nullopt;
  }
};
// Embeddings are converted by FromRows (they need the whole batch for the
// dimension), stored normalised.
template <>
struct KindOps<ColumnKind::kEmbedding> {
  using Value = std::vector<float>;
  using Store = RowMatrixXf;
  static Value Get(const Store& s, int64_t i) {
    if (s.cols() == 0) return {};
    return Value(s.row(i).data(), s.row(i).data() + s.cols());
  }
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    const int64_t cols = s.cols();
    if (cols == 0) return std::nullopt;
    // No branch per element: a NaN or infinite element makes the sum
    // non-finite.
    const float* row = s.data() + i * cols;
    double norm2 = 0.0;
    for (int64_t j = 0; j < cols; ++j) norm2 += double{row[j]} * row[j];
    if (!std::isfinite(norm2)) return std::string("not finite");
    // Stored rows are L2-normalised (or all zero for a zero input vector).
    if (norm2 != 0.0 && std::abs(norm2 - 1.0) > 1e-3) {
      return absl::StrCat("not normalised (squared norm ", norm2, ")");
    }
    return std::nullopt;
  }
};
template <>
struct KindOps<ColumnKind::kDate> {
  using Value = std::optional<Date>;
  using Store = std::vector<int32_t>;
  static void Push(Store& s, const Value& v) { s.push_back(v ? v->days : kNoDate); }
  static Value Get(const Store& s, int64_t i) {
    if (s[i] == kNoDate) return std::nullopt;
    return Date{s[i]};
  }
  static Reason Check(const Store& s, int64_t i, CheckState&) {
    if (s[i] != kNoDate && !IsValidDate(Date{s[i]})) {
      return absl::StrCat("not a date in ", kMinDateYear, "-01-01..", kMaxDateYear, "-12-31");
    }
    return std::nullopt;
  }
};

template <typename Col>
using OpsOf = KindOps<std::remove_cvref_t<Col>::kKind>;

// Writes row `i` of an embedding batch into `m`, L2-normalised. The float
// formula of earlier versions is kept bit for bit where it is finite; a
// vector so small that 1/norm overflows float (subnormal inputs) is scaled
// in double instead, so no finite input becomes inf or NaN.
void PutNormalised(RowMatrixXf& m, int64_t row, const float* e, int dim) {
  double norm2 = 0.0;
  for (int j = 0; j < dim; ++j) norm2 += double{e[j]} * e[j];
  const double inv_d = norm2 > 0.0 ? 1.0 / std::sqrt(norm2) : 0.0;
  const float inv = static_cast<float>(inv_d);
  // Element j is read before it is written: `e` may be row `row` of `m`.
  if (std::isfinite(inv)) {
    for (int j = 0; j < dim; ++j) m(row, j) = e[j] * inv;
  } else {
    for (int j = 0; j < dim; ++j) m(row, j) = static_cast<float>(double{e[j]} * inv_d);
  }
}

// The checks across columns of one row, before the per-column ones.
template <typename Row>
std::optional<RowProblem> CheckAcross(const typename Table<Row>::Stores& s, int64_t i) {
  constexpr auto& sc = SchemaOf<Row>::value;
  const double lat = std::get<schema::IndexOf(sc, "lat")>(s)[i];
  const double lon = std::get<schema::IndexOf(sc, "lon")>(s)[i];
  if (!LatLonToPoint(lat, lon)) return RowProblem{i, "lat/lon", "not finite or out of range"};
  if constexpr (std::is_same_v<Row, Vacancy>) {
    const float lo = std::get<schema::IndexOf(sc, "wage_min")>(s)[i];
    const float hi = std::get<schema::IndexOf(sc, "wage_max")>(s)[i];
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo < 0 || hi < lo) {
      return RowProblem{i, "wage_min/wage_max", "must be finite with 0 <= wage_min <= wage_max"};
    }
  }
  return std::nullopt;
}

template <typename Store>
int64_t StoreRows(const Store& s) {
  if constexpr (requires { s.rows(); }) {
    return static_cast<int64_t>(s.rows());
  } else {
    return static_cast<int64_t>(s.size());
  }
}

}  // namespace

absl::Status ProblemStatus(absl::StatusCode code, std::string_view table, const RowProblem& p,
                           absl::Span<const std::string> ids) {
  const std::string id =
      p.row >= 0 && p.row < static_cast<int64_t>(ids.size())
          ? absl::StrCat(" (id ", QuoteForMessage(ids[static_cast<size_t>(p.row)], 64), ")")
          : std::string();
  return absl::Status(
      code, absl::StrCat(Sv(table), " row ", p.row, id, ": field '", p.field, "': ", p.reason));
}

template <typename Row>
std::optional<RowProblem> TableAccess::Validate(const typename Table<Row>::Stores& stores,
                                                const Vocabulary& vocab,
                                                const Table<Row>* existing) {
  constexpr auto& sc = SchemaOf<Row>::value;
  const auto& ids = std::get<schema::IndexOf(sc, "id")>(stores);
  const int64_t n = static_cast<int64_t>(ids.size());
  CheckState st(vocab);
  absl::flat_hash_map<absl::string_view, int64_t> batch_ids;
  batch_ids.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    if (auto p = CheckAcross<Row>(stores, i)) return p;
    std::optional<RowProblem> problem;
    schema::ForEachColumn(sc, [&](const auto& col, auto index) {
      if (problem) return;
      if (Reason why =
              OpsOf<decltype(col)>::Check(std::get<decltype(index)::value>(stores), i, st)) {
        if (col.info.sensitive) why->append(kSensitiveNote);
        problem = RowProblem{i, std::string(col.info.name), *std::move(why)};
      }
    });
    if (problem) return problem;
    if (existing != nullptr && existing->Find(ids[i])) {
      return RowProblem{i, "id", "already in the table"};
    }
    auto [it, inserted] = batch_ids.emplace(ids[i], i);
    if (!inserted) {
      return RowProblem{i, "id", absl::StrCat("duplicate (also row ", it->second, ")")};
    }
  }
  return std::nullopt;
}

template <typename Row>
absl::Status TableAccess::CheckShapes(const typename Table<Row>::Stores& stores, int64_t rows,
                                      absl::StatusCode code) {
  constexpr auto& sc = SchemaOf<Row>::value;
  constexpr std::string_view table = SchemaOf<Row>::kTable;
  absl::Status status;
  schema::ForEachColumn(sc, [&](const auto& col, auto index) {
    if (!status.ok()) return;
    const auto& s = std::get<decltype(index)::value>(stores);
    const std::string what = absl::StrCat(Sv(table), ".", Sv(col.info.name));
    if constexpr (requires { s.offsets; }) {
      if (static_cast<int64_t>(s.offsets.size()) != rows + 1 || s.offsets[0] != 0) {
        status = absl::Status(code, absl::StrCat(what,
                                                 ": offsets do not start at 0 or have the "
                                                 "wrong length"));
        return;
      }
      for (int64_t i = 0; i < rows; ++i) {
        if (s.offsets[i + 1] < s.offsets[i]) {
          status = absl::Status(code, absl::StrCat(what, ": offsets decrease at row ", i));
          return;
        }
      }
      if (s.offsets[rows] != static_cast<int64_t>(s.values.size())) {
        status = absl::Status(code, absl::StrCat(what, ": offsets end at ", s.offsets[rows],
                                                 " but there are ", s.values.size(), " values"));
      }
    } else if constexpr (requires { s.cols(); }) {
      if (s.rows() != rows) {
        status = absl::Status(code, absl::StrCat(what, ": ", s.rows(), " rows, expected ", rows));
      }
    } else if (static_cast<int64_t>(s.size()) != rows) {
      status = absl::Status(code, absl::StrCat(what, ": ", s.size(), " entries, expected ", rows));
    }
  });
  return status;
}

template <typename Row>
std::optional<RowProblem> TableAccess::FromRows(absl::Span<const Row> rows,
                                                typename Table<Row>::Stores& out,
                                                int64_t table_rows, int table_dim) {
  constexpr auto& sc = SchemaOf<Row>::value;
  const int64_t n = static_cast<int64_t>(rows.size());
  const int dim =
      table_rows > 0 ? table_dim : (rows.empty() ? 0 : static_cast<int>(rows[0].embedding.size()));
  for (int64_t i = 0; i < n; ++i) {
    if (static_cast<int>(rows[i].embedding.size()) != dim) {
      return RowProblem{i, "embedding",
                        absl::StrCat("dimension ", rows[i].embedding.size(), ", expected ", dim,
                                     " (all rows must have one dimension)")};
    }
  }
  schema::ForEachColumn(sc, [&](const auto& col, auto index) {
    using Col = std::remove_cvref_t<decltype(col)>;
    auto& store = std::get<decltype(index)::value>(out);
    if constexpr (Col::kKind == ColumnKind::kEmbedding) {
      store.resize(n, dim);
      if (dim > 0) {
        for (int64_t i = 0; i < n; ++i) {
          PutNormalised(store, i, Col::Field(rows[i]).data(), dim);
        }
      }
    } else {
      if constexpr (requires { store.reserve(size_t{0}); }) store.reserve(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) OpsOf<Col>::Push(store, Col::Field(rows[i]));
    }
  });
  return std::nullopt;
}

void TableAccess::NormaliseRows(RowMatrixXf& m) {
  const int dim = static_cast<int>(m.cols());
  for (int64_t i = 0; i < m.rows(); ++i) PutNormalised(m, i, m.row(i).data(), dim);
}

template <typename Row>
void TableAccess::FillAbsentColumns(typename Table<Row>::Stores& stores, int64_t rows,
                                    uint32_t version) {
  const Row defaults{};
  schema::ForEachColumn(SchemaOf<Row>::value, [&](const auto& col, auto index) {
    using Col = std::remove_cvref_t<decltype(col)>;
    if (col.info.since_format <= version) return;
    auto& store = std::get<decltype(index)::value>(stores);
    if constexpr (Col::kKind == ColumnKind::kEmbedding) {
      store.resize(rows, 0);
    } else {
      for (int64_t i = 0; i < rows; ++i) OpsOf<Col>::Push(store, Col::Field(defaults));
    }
  });
}

namespace {

template <typename T>
void AppendStore(std::vector<T>& dst, std::vector<T>&& src) {
  if (dst.empty()) {
    dst = std::move(src);
  } else {
    dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
  }
}

template <typename T>
void AppendStore(RaggedArray<T>& dst, RaggedArray<T>&& src) {
  if (dst.values.empty() && dst.offsets.size() == 1) {
    dst = std::move(src);
    return;
  }
  const int64_t base = static_cast<int64_t>(dst.values.size());
  dst.values.insert(dst.values.end(), src.values.begin(), src.values.end());
  ReserveAtLeast(dst.offsets, dst.offsets.size() + src.offsets.size() - 1);
  for (size_t i = 1; i < src.offsets.size(); ++i) dst.offsets.push_back(base + src.offsets[i]);
}

void AppendStore(RowMatrixXf& dst, RowMatrixXf&& src) {
  if (dst.rows() == 0) {
    dst = std::move(src);
    return;
  }
  const int64_t old = dst.rows();
  dst.conservativeResize(old + src.rows(), dst.cols());
  if (dst.cols() > 0) dst.bottomRows(src.rows()) = src;
}

// The derived data of rows [from, size): id map and points.
template <typename Row>
void BuildDerived(Table<Row>& t, absl::flat_hash_map<std::string, int64_t>& index,
                  std::vector<float>& points, int64_t from) {
  const int64_t n = t.size();
  // Only a first fill reserves: reserving the new size on every append
  // rehashed the whole map each time (quadratic over the 250 shards of a
  // country); later appends let the map grow geometrically.
  if (from == 0) index.reserve(static_cast<size_t>(n));
  ReserveAtLeast(points, static_cast<size_t>(n) * 3);
  points.resize(static_cast<size_t>(n) * 3);
  for (int64_t i = from; i < n; ++i) {
    index.emplace(t.ids()[i], i);
    const auto p = LatLonToPoint(t.lats()[i], t.lons()[i]);
    float* dst = points.data() + i * 3;
    for (int c = 0; c < 3; ++c)
      dst[c] = p ? (*p)[c] : 0.0f;  // 0: only in unchecked (test) installs
  }
}

}  // namespace

template <typename Row>
void TableAccess::Commit(typename Table<Row>::Stores&& stores, Table<Row>& t) {
  const int64_t old = t.size();
  [&]<size_t... I>(std::index_sequence<I...>) {
    (AppendStore(std::get<I>(t.stores_), std::move(std::get<I>(stores))), ...);
  }
  (std::make_index_sequence<std::tuple_size_v<typename Table<Row>::Stores>>{});
  BuildDerived(t, t.index_, t.points_, old);
}

template <typename Row>
absl::Status TableAccess::Install(typename Table<Row>::Stores&& stores, const Vocabulary& vocab,
                                  Table<Row>& t, absl::StatusCode code, bool unchecked) {
  constexpr std::string_view table = SchemaOf<Row>::kTable;
  const int64_t n = StoreRows(std::get<0>(stores));
  if (!unchecked) {
    if (absl::Status s = CheckShapes<Row>(stores, n, code); !s.ok()) return s;
    if (auto p = Validate<Row>(stores, vocab)) {
      return ProblemStatus(code, table, *p, std::get<0>(stores));
    }
  }
  Table<Row> fresh;
  fresh.stores_ = std::move(stores);
  BuildDerived(fresh, fresh.index_, fresh.points_, 0);
  t = std::move(fresh);
  return absl::OkStatus();
}

namespace {

template <typename T>
void CopyRows(std::vector<T>& dst, const std::vector<T>& src, absl::Span<const int64_t> rows) {
  ReserveAtLeast(dst, dst.size() + rows.size());
  for (int64_t r : rows) dst.push_back(src[static_cast<size_t>(r)]);
}

template <typename T>
void CopyRows(RaggedArray<T>& dst, const RaggedArray<T>& src, absl::Span<const int64_t> rows) {
  int64_t extra = 0;
  for (int64_t r : rows) extra += src.offsets[r + 1] - src.offsets[r];
  ReserveAtLeast(dst.values, dst.values.size() + static_cast<size_t>(extra));
  ReserveAtLeast(dst.offsets, dst.offsets.size() + rows.size());
  for (int64_t r : rows) {
    auto row = src.row(r);
    dst.values.insert(dst.values.end(), row.begin(), row.end());
    dst.offsets.push_back(static_cast<int64_t>(dst.values.size()));
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

void CopyRows(RowMatrixXf& dst, const RowMatrixXf& src, absl::Span<const int64_t> rows) {
  CopyMatrixRows(dst, dst.rows(), src, rows);
}

}  // namespace

template <typename Row>
absl::Status TableAccess::AppendRowsFrom(Table<Row>& dst, const Table<Row>& src,
                                         absl::Span<const int64_t> rows) {
  constexpr std::string_view table = SchemaOf<Row>::kTable;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0 || rows[i] >= src.size() || (i > 0 && rows[i] <= rows[i - 1])) {
      return absl::InvalidArgumentError(absl::StrCat(
          Sv(table), ": rows to copy must be strictly increasing indexes below ", src.size()));
    }
    if (dst.Find(src.ids()[rows[i]])) {
      return ProblemStatus(absl::StatusCode::kInvalidArgument, table,
                           RowProblem{static_cast<int64_t>(i), "id", "already in the table"}, {});
    }
  }
  if (!rows.empty() && dst.size() > 0 && src.embedding_dim() != dst.embedding_dim()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(table), ": embedding dimension ", src.embedding_dim(), ", expected ",
                     dst.embedding_dim(), " (all rows must have one dimension)"));
  }
  if (rows.empty()) return absl::OkStatus();
  const int64_t old = dst.size();
  ReserveAtLeast(dst.points_, (static_cast<size_t>(old) + rows.size()) * 3);
  for (int64_t r : rows) {
    dst.points_.insert(dst.points_.end(), src.points_.begin() + r * 3,
                       src.points_.begin() + r * 3 + 3);
  }
  [&]<size_t... I>(std::index_sequence<I...>) {
    (CopyRows(std::get<I>(dst.stores_), std::get<I>(src.stores_), rows), ...);
  }
  (std::make_index_sequence<std::tuple_size_v<typename Table<Row>::Stores>>{});
  for (int64_t i = old; i < dst.size(); ++i) dst.index_.emplace(dst.ids()[i], i);
  return absl::OkStatus();
}

#define JOBMATCH_INSTANTIATE_TABLE_ACCESS(ROW)                                               \
  template std::optional<RowProblem> TableAccess::Validate<ROW>(                             \
      const Table<ROW>::Stores&, const Vocabulary&, const Table<ROW>*);                      \
  template absl::Status TableAccess::CheckShapes<ROW>(const Table<ROW>::Stores&, int64_t,    \
                                                      absl::StatusCode);                     \
  template std::optional<RowProblem> TableAccess::FromRows<ROW>(                             \
      absl::Span<const ROW>, Table<ROW>::Stores&, int64_t, int);                             \
  template void TableAccess::Commit<ROW>(Table<ROW>::Stores&&, Table<ROW>&);                 \
  template void TableAccess::FillAbsentColumns<ROW>(Table<ROW>::Stores&, int64_t, uint32_t); \
  template absl::Status TableAccess::Install<ROW>(Table<ROW>::Stores&&, const Vocabulary&,   \
                                                  Table<ROW>&, absl::StatusCode, bool);      \
  template absl::Status TableAccess::AppendRowsFrom<ROW>(Table<ROW>&, const Table<ROW>&,     \
                                                         absl::Span<const int64_t>);
JOBMATCH_INSTANTIATE_TABLE_ACCESS(Seeker)
JOBMATCH_INSTANTIATE_TABLE_ACCESS(Vacancy)
#undef JOBMATCH_INSTANTIATE_TABLE_ACCESS

}  // namespace internal

// ------------------------------------------------------------------- Table

template <typename Row>
absl::Status Table<Row>::Append(absl::Span<const Row> batch, const Vocabulary& vocab) {
  using internal::TableAccess;
  constexpr std::string_view table = SchemaOf<Row>::kTable;
  std::vector<std::string> batch_ids;
  batch_ids.reserve(batch.size());
  for (const Row& r : batch) batch_ids.push_back(r.id);
  Stores staging;
  if (auto p = TableAccess::FromRows<Row>(batch, staging, size(), embedding_dim())) {
    return internal::ProblemStatus(absl::StatusCode::kInvalidArgument, table, *p, batch_ids);
  }
  if (auto p = TableAccess::Validate<Row>(staging, vocab, this)) {
    return internal::ProblemStatus(absl::StatusCode::kInvalidArgument, table, *p, batch_ids);
  }
  // Commit. Only allocation failure can stop us from here on.
  TableAccess::Commit<Row>(std::move(staging), *this);
  return absl::OkStatus();
}

template <typename Row>
std::optional<int64_t> Table<Row>::Find(std::string_view id) const {
  auto it = index_.find(internal::Sv(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

template <typename Row>
Row Table<Row>::Get(int64_t i) const {
  Row r;
  schema::ForEachColumn(SchemaOf<Row>::value, [&](const auto& col, auto index) {
    using Col = std::remove_cvref_t<decltype(col)>;
    Col::Field(r) = internal::OpsOf<Col>::Get(std::get<decltype(index)::value>(stores_), i);
  });
  return r;
}

template class Table<Seeker>;
template class Table<Vacancy>;

int64_t VacancyTable::total_openings() const {
  int64_t t = 0;
  for (int32_t o : openings()) t += o;
  return t;
}

}  // namespace jobmatch
