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

#define JOBMATCH_INSTANTIATE_TABLE_ACCESS(ROW)                                            \
  template std::optional<RowProblem> TableAccess::Validate<ROW>(                          \
      const Table<ROW>::Stores&, const Vocabulary&, const Table<ROW>*);                   \
  template absl::Status TableAccess::CheckShapes<ROW>(const Table<ROW>::Stores&, int64_t, \
                                                      absl::StatusCode);                  \
  template std::optional<RowProblem> TableAccess::FromRows<ROW>(                          \
      absl::Span<const ROW>, Table<ROW>::Stores&, int64_t, int);                          \
  template void TableAccess::FillAbsentColumns<ROW>(Table<ROW>::Stores&, int64_t, uint32_t);
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
