// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The tables' storage: committing checked columns (appends grow every store
// geometrically), installing loaded ones, copying rows between tables, and
// the derived id index and points. The checks are in tables.cc.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "data/internal/table_access.h"
#include "jobmatch/data/tables.h"

namespace jobmatch::internal {

namespace {

template <typename Store>
int64_t StoreRows(const Store& s) {
  if constexpr (requires { s.rows(); }) {
    return static_cast<int64_t>(s.rows());
  } else {
    return static_cast<int64_t>(s.size());
  }
}

// Room for `needed` elements, at least doubling the capacity when it grows,
// so that a table filled by many appends (the shards of a country) copies
// each element O(1) times instead of once per append.
template <typename V>
void ReserveAtLeast(V& v, size_t needed) {
  if (needed > v.capacity()) v.reserve(std::max(needed, 2 * v.capacity()));
}

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

#define JOBMATCH_INSTANTIATE_TABLE_STORAGE(ROW)                                            \
  template void TableAccess::Commit<ROW>(Table<ROW>::Stores&&, Table<ROW>&);               \
  template absl::Status TableAccess::Install<ROW>(Table<ROW>::Stores&&, const Vocabulary&, \
                                                  Table<ROW>&, absl::StatusCode, bool);    \
  template absl::Status TableAccess::AppendRowsFrom<ROW>(Table<ROW>&, const Table<ROW>&,   \
                                                         absl::Span<const int64_t>);
JOBMATCH_INSTANTIATE_TABLE_STORAGE(Seeker)
JOBMATCH_INSTANTIATE_TABLE_STORAGE(Vacancy)
#undef JOBMATCH_INSTANTIATE_TABLE_STORAGE

}  // namespace jobmatch::internal
