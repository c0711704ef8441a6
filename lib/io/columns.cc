// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Tables from typed columns (io/columns.h), driven by the schema: each
// column is read by the CSV cell parser of its kind, with fast paths for
// values that parser would accept unchanged.
#include "jobmatch/io/columns.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "data/internal/table_access.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_records.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/schema.h"

namespace jobmatch {
namespace {

using internal::CellContext;
using internal::ColumnSpec;
using internal::RowView;

template <typename Row>
std::vector<ColumnSpec> SpecsOf() {
  std::vector<ColumnSpec> specs;
  schema::ForEachColumn(SchemaOf<Row>::value, [&](const auto& col, auto) {
    specs.push_back(ColumnSpec{internal::Sv(col.info.name), col.info.required, col.info.sensitive});
  });
  return specs;
}

absl::Status WithRow(absl::Status st, int64_t row) {
  if (!st.ok()) st.SetPayload(internal::Sv(kRowPayload), absl::Cord(absl::StrCat(row)));
  return st;
}

// Where the cells go: one value per (column, row), rows in increasing order
// within a column.
template <typename Row>
struct RowSink {
  std::vector<Row> rows;
  explicit RowSink(int64_t n) : rows(static_cast<size_t>(n)) {}
  template <size_t I, typename Col>
  void Start(const Col&, int64_t) {}
  template <size_t I, typename Col>
  void Put(const Col&, int64_t i, typename Col::Value&& v) {
    Col::Field(rows[static_cast<size_t>(i)]) = std::move(v);
  }
  float& WageMin(int64_t i) { return rows[static_cast<size_t>(i)].wage_min; }
  float& WageMax(int64_t i) { return rows[static_cast<size_t>(i)].wage_max; }
};

template <typename Row>
struct StoreSink {
  typename Table<Row>::Stores stores;
  int64_t rows = 0;
  template <size_t I, typename Col>
  void Start(const Col&, int64_t n) {
    auto& s = std::get<I>(stores);
    rows = n;
    if constexpr (requires { s.offsets; }) {
      s.offsets.reserve(static_cast<size_t>(n) + 1);
    } else if constexpr (requires { s.reserve(size_t{0}); }) {
      s.reserve(static_cast<size_t>(n));
    }
  }
  template <size_t I, typename Col>
  void Put(const Col&, int64_t i, typename Col::Value&& v) {
    auto& s = std::get<I>(stores);
    constexpr ColumnKind K = Col::kKind;
    if constexpr (K == ColumnKind::kEmbedding) {
      // Every row has the first row's dimension (checked by the reader).
      if (i == 0) s.resize(rows, static_cast<int64_t>(v.size()));
      if (s.cols() > 0) {
        for (size_t j = 0; j < v.size(); ++j) s(i, static_cast<int64_t>(j)) = v[j];
      }
    } else if constexpr (K == ColumnKind::kDate) {
      s.push_back(v ? v->days : kNoDate);
    } else if constexpr (requires { s.offsets; }) {
      s.values.insert(s.values.end(), v.begin(), v.end());
      s.offsets.push_back(static_cast<int64_t>(s.values.size()));
    } else if constexpr (std::is_same_v<typename Col::Value, std::string>) {
      s.push_back(std::move(v));
    } else {
      s.push_back(static_cast<typename std::remove_cvref_t<decltype(s)>::value_type>(v));
    }
  }
  float& WageMin(int64_t i) {
    return std::get<schema::IndexOf(kVacancySchema, "wage_min")>(stores)[static_cast<size_t>(i)];
  }
  float& WageMax(int64_t i) {
    return std::get<schema::IndexOf(kVacancySchema, "wage_max")>(stores)[static_cast<size_t>(i)];
  }
};

// Shortest text of a number, as the CSV writer writes it.
template <typename T>
std::string NumberText(T v) {
  std::string s;
  internal::AppendShortestNumber(&s, v);
  return s;
}

// The value of a number cell when the CSV reader would read its text to
// exactly this value; nullopt sends the cell through the text parser.
template <ColumnKind K>
std::optional<typename schema::KindTypes<K>::Value> FastNumber(double x) {
  using enum ColumnKind;
  if constexpr (K == kLatitude || K == kLongitude) {
    const double limit = K == kLatitude ? 90.0 : 180.0;
    if (std::isfinite(x) && std::abs(x) <= limit) return x;
  } else if constexpr (K == kAmount) {
    const float f = static_cast<float>(x);
    if (std::isfinite(f) && x >= 0) return f;
  } else if constexpr (K == kCount || K == kEducation) {
    const double hi = K == kCount ? std::numeric_limits<int32_t>::max() : kMaxEducation;
    if (x >= 0 && x <= hi && x == std::floor(x)) {
      return static_cast<typename schema::KindTypes<K>::Value>(static_cast<int32_t>(x));
    }
  } else if constexpr (K == kFlag) {
    // -0.0 reads "-0", which is not a boolean.
    if ((x == 0.0 && !std::signbit(x)) || x == 1.0) return x == 1.0;
  }
  return std::nullopt;
}

// The skill lists ("name:level;..." and "name:min_level[:importance];...")
// without the cell parser's allocations: true with `out` filled when every
// item is well formed, names a known skill once and has a valid level (what
// the cell parser accepts, giving the same values); false sends the cell to
// the cell parser, which then gives the reason.
template <typename Item>
bool FastSkillList(std::string_view text, const Vocabulary& vocab, std::vector<Item>& out) {
  constexpr bool kRequirement = std::is_same_v<Item, Requirement>;
  constexpr size_t npos = absl::string_view::npos;
  absl::string_view rest = internal::Sv(text);
  while (true) {
    const size_t semi = rest.find(';');
    const absl::string_view item = internal::Strip(rest.substr(0, semi));
    if (!item.empty()) {
      const size_t c1 = item.find(':');
      if (c1 == npos) return false;
      const size_t c2 = item.find(':', c1 + 1);
      if (c2 != npos && (!kRequirement || item.find(':', c2 + 1) != npos)) return false;
      const absl::string_view name = internal::Strip(item.substr(0, c1));
      const std::optional<int32_t> id = vocab.FindSkill(internal::Std(name));
      if (!id) return false;
      for (const Item& seen : out) {
        if (seen.skill == *id) return false;
      }
      int level = 0;
      const absl::string_view level_text = item.substr(c1 + 1, c2 == npos ? npos : c2 - c1 - 1);
      if (internal::ParseNumber(level_text, &level) != internal::NumError::kOk ||
          level < kMinSkillLevel || level > kMaxSkillLevel) {
        return false;
      }
      Item it;
      it.skill = *id;
      if constexpr (kRequirement) {
        it.min_level = static_cast<int8_t>(level);
        if (c2 != npos) {
          float w = 0.0f;
          if (internal::ParseNumber(item.substr(c2 + 1), &w) != internal::NumError::kOk ||
              !(w > 0.0f)) {
            return false;
          }
          it.importance = w;
        }
      } else {
        it.level = static_cast<int8_t>(level);
      }
      out.push_back(it);
    }
    if (semi == npos) return true;
    rest.remove_prefix(semi + 1);
  }
}

// Kinds whose cells repeat a few values (names, enums, dates): their parse
// is remembered per distinct text within a column.
template <ColumnKind K>
inline constexpr bool kMemoised =
    K == ColumnKind::kKeyGroups || K == ColumnKind::kIndustries || K == ColumnKind::kIndustry ||
    K == ColumnKind::kSeekerSchedule || K == ColumnKind::kVacancySchedule ||
    K == ColumnKind::kVacancyKind || K == ColumnKind::kFlag || K == ColumnKind::kDate ||
    K == ColumnKind::kEducation;
// Distinct texts remembered per column at most (high-cardinality columns
// stop paying for the map).
inline constexpr size_t kMaxMemo = 4096;

template <typename Row>
class ColumnReader {
 public:
  ColumnReader(absl::Span<const ColumnCells> columns, int64_t rows, std::string_view source,
               Vocabulary& vocab, std::optional<int32_t> fixed_industries)
      : columns_(columns),
        rows_(rows),
        source_(internal::Sv(source)),
        specs_(SpecsOf<Row>()),
        ctx_{&vocab},
        fixed_industries_(fixed_industries) {}

  template <typename Sink>
  absl::Status Read(Sink& sink) {
    constexpr auto& sc = SchemaOf<Row>::value;
    if (columns_.size() != std::tuple_size_v<std::remove_cvref_t<decltype(sc)>>) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_, ": ", columns_.size(), " columns given, the schema has ",
                       std::tuple_size_v<std::remove_cvref_t<decltype(sc)>>));
    }
    JOBMATCH_RETURN_IF_ERROR(CheckShapes());
    // Every column is read; the error reported is the CSV reader's first:
    // the lowest row, then the first column in schema order.
    int64_t first_row = rows_;
    absl::Status first;
    schema::ForEachColumn(sc, [&](const auto& col, auto index) {
      absl::Status st = ReadColumn<decltype(index)::value>(col, sink);
      if (st.ok()) return;
      const int64_t row = RowOf(st);
      if (row < first_row) {
        first_row = row;
        first = std::move(st);
      }
    });
    // A row's wage rule comes after its cells and before the next row's.
    if constexpr (std::is_same_v<Row, Vacancy>) {
      JOBMATCH_RETURN_IF_ERROR(FinishWages(sink, std::max<int64_t>(first_row, 0)));
    }
    return first;
  }

  // The row of an error (its payload); -1 when it has none.
  static int64_t RowOf(const absl::Status& st) {
    const auto p = st.GetPayload(internal::Sv(kRowPayload));
    int64_t row = -1;
    if (!p || !absl::SimpleAtoi(std::string(*p), &row)) return -1;
    return row;
  }

  // The CSV line of row `i`: the header is line 1, and a text cell with
  // newlines spans several lines.
  int64_t LineOf(int64_t i) const {
    int64_t newlines = 0;
    for (const ColumnCells& c : columns_) {
      if (c.form != ColumnCells::Form::kText) continue;
      const int64_t end = c.offsets.empty()
                              ? std::min<int64_t>(i, static_cast<int64_t>(c.text.size()))
                              : c.offsets[static_cast<size_t>(i)];
      for (int64_t j = 0; j < end; ++j) {
        const std::string_view t = c.text[static_cast<size_t>(j)];
        for (char ch : t) newlines += ch == '\n';
      }
    }
    return 2 + i + newlines;
  }

  absl::Status ProblemError(const internal::RowProblem& p) const {
    return WithRow(internal::FieldError(source_, LineOf(p.row), p.field, p.reason), p.row);
  }

 private:
  absl::Status CheckShapes() const {
    for (size_t c = 0; c < columns_.size(); ++c) {
      const ColumnCells& col = columns_[c];
      const std::string what = absl::StrCat(source_, ": column '", specs_[c].name, "'");
      int64_t n = rows_;
      switch (col.form) {
        case ColumnCells::Form::kAbsent:
          if (specs_[c].required) {
            return internal::LineError(
                source_, 1, absl::StrCat("missing required column '", specs_[c].name, "'"));
          }
          break;
        case ColumnCells::Form::kText:
          if (!col.offsets.empty()) {
            if (static_cast<int64_t>(col.offsets.size()) != rows_ + 1 || col.offsets[0] != 0 ||
                col.offsets.back() != static_cast<int64_t>(col.text.size())) {
              return absl::InvalidArgumentError(absl::StrCat(what, ": malformed list offsets"));
            }
            for (int64_t i = 0; i < rows_; ++i) {
              if (col.offsets[i + 1] < col.offsets[i]) {
                return absl::InvalidArgumentError(absl::StrCat(what, ": list offsets decrease"));
              }
            }
          } else {
            n = static_cast<int64_t>(col.text.size());
          }
          break;
        case ColumnCells::Form::kNumbers:
          n = static_cast<int64_t>(col.numbers.size());
          break;
        case ColumnCells::Form::kDays:
          n = static_cast<int64_t>(col.days.size());
          break;
        case ColumnCells::Form::kMatrix:
          n = col.matrix_rows;
          if (col.matrix_cols < 0 || (n > 0 && col.matrix == nullptr) ||
              (n > 1 && col.matrix_stride < col.matrix_cols)) {
            return absl::InvalidArgumentError(absl::StrCat(what, ": malformed matrix"));
          }
          break;
      }
      if (n != rows_) {
        return absl::InvalidArgumentError(
            absl::StrCat(what, ": ", n, " cells for ", rows_, " rows"));
      }
    }
    return absl::OkStatus();
  }

  // Parses `text` as the CSV cell of column C in row i.
  template <ColumnKind K>
  absl::Status ParseText(int c, int64_t i, std::string_view text,
                         typename schema::KindTypes<K>::Value& out) {
    cell_.assign(text.data(), text.size());
    if (pos_column_ != c) {
      pos_.assign(specs_.size(), -1);
      pos_[static_cast<size_t>(c)] = 0;
      pos_column_ = c;
    }
    RowView r(source_, specs_, pos_);
    r.Reset(2 + i, absl::MakeConstSpan(&cell_, 1));
    const typename schema::KindTypes<K>::Value before = out;
    absl::Status st = internal::ParseCell<K>(r, c, ctx_, out);
    if (!st.ok()) {
      const int64_t line = LineOf(i);
      if (line != 2 + i) {  // parse again for the message with the right line
        out = before;
        cell_.assign(text.data(), text.size());
        r.Reset(line, absl::MakeConstSpan(&cell_, 1));
        st = internal::ParseCell<K>(r, c, ctx_, out);
      }
    }
    return WithRow(st, i);
  }

  // The text of a list cell given as items.
  std::string_view JoinedItems(const ColumnCells& col, int64_t i) {
    joined_.clear();
    for (int64_t j = col.offsets[i]; j < col.offsets[i + 1]; ++j) {
      if (j > col.offsets[i]) joined_.push_back(';');
      joined_.append(col.text[static_cast<size_t>(j)]);
    }
    return joined_;
  }

  template <size_t I, typename Col, typename Sink>
  absl::Status ReadColumn(const Col& col, Sink& sink) {
    using Value = typename Col::Value;
    constexpr ColumnKind K = Col::kKind;
    [[maybe_unused]] constexpr int c = static_cast<int>(I);
    const ColumnCells& in = columns_[I];
    sink.template Start<I>(col, rows_);
    constexpr bool kWageMax =
        std::is_same_v<Row, Vacancy> && I == schema::IndexOf(kVacancySchema, "wage_max");
    if constexpr (kWageMax) wage_max_empty_.assign(static_cast<size_t>(rows_), false);
    auto put = [&](int64_t i, Value&& v, bool empty) -> absl::Status {
      if constexpr (kWageMax) wage_max_empty_[static_cast<size_t>(i)] = empty;
      if constexpr (K == ColumnKind::kIndustry || K == ColumnKind::kIndustries) {
        if (fixed_industries_) JOBMATCH_RETURN_IF_ERROR(CheckFixedIndustries(c, i, v));
      }
      sink.template Put<I>(col, i, std::move(v));
      return absl::OkStatus();
    };
    switch (in.form) {
      case ColumnCells::Form::kAbsent:
        return ReadAbsent<I, Col>(in, put);
      case ColumnCells::Form::kText:
        return ReadText<I, Col>(in, put);
      case ColumnCells::Form::kNumbers:
        return ReadNumbers<I, Col>(in, put);
      case ColumnCells::Form::kDays:
        return ReadDays<I, Col>(in, put);
      case ColumnCells::Form::kMatrix:
        return ReadMatrix<I, Col>(in, put);
    }
    return absl::OkStatus();
  }

  // A column the input does not have: every row its default.
  template <size_t I, typename Col, typename Put>
  absl::Status ReadAbsent(const ColumnCells& /*in*/, const Put& put) {
    using Value = typename Col::Value;
    constexpr ColumnKind K = Col::kKind;
    constexpr int c = static_cast<int>(I);
    const Row defaults{};
    if constexpr (K == ColumnKind::kEmbedding) {
      for (int64_t i = 0; i < rows_; ++i) JOBMATCH_RETURN_IF_ERROR(put(i, Value{}, true));
      return absl::OkStatus();
    } else {
      // One empty cell, parsed once (an industry's default is a name).
      Value v = Col::Field(defaults);
      if (rows_ > 0) JOBMATCH_RETURN_IF_ERROR(ParseText<K>(c, 0, {}, v));
      for (int64_t i = 0; i < rows_; ++i) JOBMATCH_RETURN_IF_ERROR(put(i, Value(v), true));
      return absl::OkStatus();
    }
  }

  // Text cells: fast paths for plain texts and skill lists, memoised parses.
  template <size_t I, typename Col, typename Put>
  absl::Status ReadText(const ColumnCells& in, const Put& put) {
    using Value = typename Col::Value;
    constexpr ColumnKind K = Col::kKind;
    constexpr int c = static_cast<int>(I);
    const Row defaults{};
    absl::flat_hash_map<std::string_view, std::pair<Value, bool>> memo;
    for (int64_t i = 0; i < rows_; ++i) {
      const std::string_view text =
          in.offsets.empty() ? in.text[static_cast<size_t>(i)] : JoinedItems(in, i);
      Value v = Col::Field(defaults);
      if constexpr (K == ColumnKind::kIdentifier || K == ColumnKind::kReference ||
                    K == ColumnKind::kText) {
        // Taken as is when the CSV reader would (same rule, same
        // function); otherwise ParseText below gives its message.
        if ((K != ColumnKind::kIdentifier || !text.empty()) &&
            internal::TextCellProblem(K, text).empty()) {
          v.assign(text.data(), text.size());
          JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), text.empty()));
          continue;
        }
      } else if constexpr (K == ColumnKind::kSkillLevels || K == ColumnKind::kRequirements) {
        if (FastSkillList(text, *ctx_.vocab, v)) {
          const bool empty = v.empty();
          JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), empty));
          continue;
        }
        v.clear();
      } else if constexpr (kMemoised<K>) {
        if (auto it = memo.find(text); it != memo.end()) {
          JOBMATCH_RETURN_IF_ERROR(put(i, Value(it->second.first), it->second.second));
          continue;
        }
      }
      JOBMATCH_RETURN_IF_ERROR(ParseText<K>(c, i, text, v));
      const bool empty = internal::Strip(internal::Sv(text)).empty();
      if constexpr (kMemoised<K>) {
        if (memo.size() < kMaxMemo && in.offsets.empty()) memo.emplace(text, std::pair(v, empty));
      }
      JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), empty));
    }
    return absl::OkStatus();
  }

  // Numeric cells (a numeric DataFrame column).
  template <size_t I, typename Col, typename Put>
  absl::Status ReadNumbers(const ColumnCells& in, const Put& put) {
    using Value = typename Col::Value;
    constexpr ColumnKind K = Col::kKind;
    constexpr int c = static_cast<int>(I);
    const Row defaults{};
    for (int64_t i = 0; i < rows_; ++i) {
      const double x = in.numbers[static_cast<size_t>(i)];
      if constexpr (K == ColumnKind::kLatitude || K == ColumnKind::kLongitude ||
                    K == ColumnKind::kAmount || K == ColumnKind::kCount ||
                    K == ColumnKind::kEducation || K == ColumnKind::kFlag) {
        if (auto v = FastNumber<K>(x)) {
          JOBMATCH_RETURN_IF_ERROR(put(i, Value(*v), false));
          continue;
        }
      }
      Value v = Col::Field(defaults);
      const std::string text = std::isnan(x) ? std::string() : NumberText(x);
      JOBMATCH_RETURN_IF_ERROR(ParseText<K>(c, i, text, v));
      JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), text.empty()));
    }
    return absl::OkStatus();
  }

  // Day numbers (a datetime column).
  template <size_t I, typename Col, typename Put>
  absl::Status ReadDays(const ColumnCells& in, const Put& put) {
    using Value = typename Col::Value;
    constexpr ColumnKind K = Col::kKind;
    constexpr int c = static_cast<int>(I);
    const Row defaults{};
    for (int64_t i = 0; i < rows_; ++i) {
      const int64_t d = in.days[static_cast<size_t>(i)];
      Value v = Col::Field(defaults);
      if constexpr (K == ColumnKind::kDate) {
        if (d == kNoDays) {
          JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), true));
          continue;
        }
        if (d >= INT32_MIN + 1 && d <= INT32_MAX && IsValidDate(Date{static_cast<int32_t>(d)})) {
          JOBMATCH_RETURN_IF_ERROR(put(i, Date{static_cast<int32_t>(d)}, false));
          continue;
        }
      }
      // Outside the accepted years: the text parser gives the reason.
      const std::string text = d == kNoDays ? std::string()
                               : (d > -1000000 && d < 1000000)
                                   ? FormatIsoDate(Date{static_cast<int32_t>(d)})
                                   : absl::StrCat("day ", d);
      JOBMATCH_RETURN_IF_ERROR(ParseText<K>(c, i, text, v));
      JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), text.empty()));
    }
    return absl::OkStatus();
  }

  // Rows of a float matrix (embeddings).
  template <size_t I, typename Col, typename Put>
  absl::Status ReadMatrix(const ColumnCells& in, const Put& put) {
    using Value = typename Col::Value;
    constexpr ColumnKind K = Col::kKind;
    constexpr int c = static_cast<int>(I);
    const Row defaults{};
    for (int64_t i = 0; i < rows_; ++i) {
      const float* row = in.matrix + i * in.matrix_stride;
      Value v = Col::Field(defaults);
      if constexpr (K == ColumnKind::kEmbedding) {
        bool finite = in.matrix_cols > 0;
        for (int64_t j = 0; j < in.matrix_cols; ++j) finite = finite && std::isfinite(row[j]);
        if (finite) {
          v.assign(row, row + in.matrix_cols);
          JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), false));
          continue;
        }
      }
      std::string text;
      for (int64_t j = 0; j < in.matrix_cols; ++j) {
        if (j > 0) text.push_back(' ');
        internal::AppendShortestNumber(&text, row[j]);
      }
      JOBMATCH_RETURN_IF_ERROR(ParseText<K>(c, i, text, v));
      JOBMATCH_RETURN_IF_ERROR(put(i, std::move(v), text.empty()));
    }
    return absl::OkStatus();
  }

  // An engine's industries are fixed: a name the vocabulary lacks (added
  // by the cell parser to the working copy) is refused.
  template <typename Value>
  absl::Status CheckFixedIndustries(int c, int64_t i, const Value& v) const {
    auto check = [&](int32_t id) -> absl::Status {
      if (id < *fixed_industries_) return absl::OkStatus();
      return WithRow(
          internal::FieldError(
              source_, LineOf(i), specs_[static_cast<size_t>(c)].name,
              absl::StrCat("unknown industry ", internal::Echo(ctx_.vocab->industries().Name(id)),
                           " (an engine's industries are fixed when it is "
                           "built)")),
          i);
    };
    if constexpr (std::is_same_v<Value, int32_t>) {
      return check(v);
    } else {
      for (int32_t id : v) JOBMATCH_RETURN_IF_ERROR(check(id));
      return absl::OkStatus();
    }
  }

  // The CSV reader's rule across a vacancy's cells: no wage_max means a
  // fixed wage (wage_min), and a range must not be upside down. Rows
  // [0, rows).
  template <typename Sink>
  absl::Status FinishWages(Sink& sink, int64_t rows) {
    constexpr int kMax = static_cast<int>(schema::IndexOf(kVacancySchema, "wage_max"));
    for (int64_t i = 0; i < rows; ++i) {
      if (wage_max_empty_[static_cast<size_t>(i)]) {
        sink.WageMax(i) = sink.WageMin(i);
      } else if (sink.WageMax(i) < sink.WageMin(i)) {
        return WithRow(
            internal::FieldError(source_, LineOf(i), specs_[kMax].name,
                                 absl::StrCat("must be >= wage_min (", NumberText(sink.WageMin(i)),
                                              "): ", internal::Echo(NumberText(sink.WageMax(i))))),
            i);
      }
    }
    return absl::OkStatus();
  }

  absl::Span<const ColumnCells> columns_;
  int64_t rows_;
  absl::string_view source_;
  std::vector<ColumnSpec> specs_;
  CellContext ctx_;
  std::optional<int32_t> fixed_industries_;
  std::vector<int> pos_;
  int pos_column_ = -1;
  std::string cell_, joined_;
  std::vector<bool> wage_max_empty_;
};

template <typename Row>
absl::Status AppendColumns(absl::Span<const ColumnCells> columns, int64_t rows,
                           std::string_view source, Vocabulary& vocab,
                           typename TableOf<Row>::type& table) {
  using internal::TableAccess;
  Vocabulary work = vocab;
  ColumnReader<Row> reader(columns, rows, source, work, std::nullopt);
  StoreSink<Row> sink;
  JOBMATCH_RETURN_IF_ERROR(reader.Read(sink));
  auto& emb = std::get<schema::IndexOf(SchemaOf<Row>::value, "embedding")>(sink.stores);
  if (emb.rows() != rows) emb.resize(rows, 0);  // no embeddings
  if (table.size() > 0 && emb.cols() != table.embedding_dim()) {
    return WithRow(
        absl::InvalidArgumentError(absl::StrCat(
            internal::Sv(source), ": column 'embedding': dimension ", emb.cols(), ", expected ",
            table.embedding_dim(), " (all rows must have one dimension)")),
        0);
  }
  TableAccess::NormaliseRows(emb);
  if (auto p = TableAccess::Validate<Row>(sink.stores, work, &table)) {
    return reader.ProblemError(*p);
  }
  TableAccess::Commit<Row>(std::move(sink.stores), table);
  vocab = std::move(work);
  return absl::OkStatus();
}

template <typename Row>
absl::StatusOr<std::vector<Row>> RowsFromColumns(absl::Span<const ColumnCells> columns,
                                                 int64_t rows, std::string_view source,
                                                 const Vocabulary& vocab) {
  using internal::TableAccess;
  Vocabulary work = vocab;
  ColumnReader<Row> reader(columns, rows, source, work, vocab.industries().size());
  RowSink<Row> sink(rows);
  JOBMATCH_RETURN_IF_ERROR(reader.Read(sink));
  typename Table<Row>::Stores stores;
  if (auto p = TableAccess::FromRows<Row>(sink.rows, stores, 0, 0)) return reader.ProblemError(*p);
  if (auto p = TableAccess::Validate<Row>(stores, vocab)) return reader.ProblemError(*p);
  return std::move(sink.rows);
}

}  // namespace

absl::Status AppendSeekerColumns(absl::Span<const ColumnCells> columns, int64_t rows,
                                 std::string_view source, Vocabulary& vocab, SeekerTable& table) {
  return AppendColumns<Seeker>(columns, rows, source, vocab, table);
}

absl::Status AppendVacancyColumns(absl::Span<const ColumnCells> columns, int64_t rows,
                                  std::string_view source, Vocabulary& vocab, VacancyTable& table) {
  return AppendColumns<Vacancy>(columns, rows, source, vocab, table);
}

absl::StatusOr<std::vector<Seeker>> SeekersFromColumns(absl::Span<const ColumnCells> columns,
                                                       int64_t rows, std::string_view source,
                                                       const Vocabulary& vocab) {
  return RowsFromColumns<Seeker>(columns, rows, source, vocab);
}

absl::StatusOr<std::vector<Vacancy>> VacanciesFromColumns(absl::Span<const ColumnCells> columns,
                                                          int64_t rows, std::string_view source,
                                                          const Vocabulary& vocab) {
  return RowsFromColumns<Vacancy>(columns, rows, source, vocab);
}

}  // namespace jobmatch
