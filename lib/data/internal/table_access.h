// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: column-level access to the tables for the rest of the library —
// the one validation of stored values (shared by Append, the CSV and
// DataFrame readers and snapshot loading), installing whole columns (the
// snapshot loader) and verbatim row copies (the live engine's compaction).
#ifndef JOBMATCH_LIB_DATA_INTERNAL_TABLE_ACCESS_H_
#define JOBMATCH_LIB_DATA_INTERNAL_TABLE_ACCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"

namespace jobmatch::internal {

// What is wrong with a table's values: the first bad row (0-based within
// the columns checked), the field and why. `reason` never holds the value
// of a sensitive column.
struct RowProblem {
  int64_t row = 0;
  std::string field;
  std::string reason;
};

// "seekers row 3 (id 'S7'): field 'education': outside 0..6" with the given
// code. `ids` are the ids of the rows the problem's row indexes (may be
// shorter: then no id is shown).
absl::Status ProblemStatus(absl::StatusCode code, std::string_view table, const RowProblem& p,
                           absl::Span<const std::string> ids);

struct TableAccess {
  // The one validation of a table's stored values (schema.h): every column's
  // check, the checks across columns (lat/lon, wage_min <= wage_max), unique
  // ids within `stores` and, when `existing` is given, against it.
  template <typename Row>
  static std::optional<RowProblem> Validate(const typename Table<Row>::Stores& stores,
                                            const Vocabulary& vocab,
                                            const Table<Row>* existing = nullptr);

  // Checks that every store has `rows` rows and well-formed offsets (what a
  // decoder needs before values can be checked). Messages name
  // "<table>.<column>".
  template <typename Row>
  static absl::Status CheckShapes(const typename Table<Row>::Stores& stores, int64_t rows,
                                  absl::StatusCode code);

  // Converts rows to column stores: embeddings are L2-normalised here (in
  // double when float would overflow). Fails only when embedding dimensions
  // differ from each other or from `table_dim` (table_rows > 0).
  template <typename Row>
  static std::optional<RowProblem> FromRows(absl::Span<const Row> rows,
                                            typename Table<Row>::Stores& out, int64_t table_rows,
                                            int table_dim);

  // L2-normalises every row of `m` in place, bit for bit as FromRows stores
  // embeddings (for readers that build stores without rows).
  static void NormaliseRows(RowMatrixXf& m);

  // Appends validated stores to `t` (rebuilding the id map and the points
  // of the new rows). Precondition: Validate(stores, vocab, &t) passed.
  template <typename Row>
  static void Commit(typename Table<Row>::Stores&& stores, Table<Row>& t);

  // Fills the stores of the columns that a snapshot of format `version`
  // does not hold (since_format > version) with `rows` default values (those
  // of a default-constructed row).
  template <typename Row>
  static void FillAbsentColumns(typename Table<Row>::Stores& stores, int64_t rows,
                                uint32_t version);

  // Installs decoded stores into the empty table `t` after CheckShapes and
  // Validate, both reported with `code` (DataLoss for snapshots).
  // `unchecked` skips both (tests build corrupt tables with it).
  template <typename Row>
  static absl::Status Install(typename Table<Row>::Stores&& stores, const Vocabulary& vocab,
                              Table<Row>& t, absl::StatusCode code, bool unchecked = false);

  // A copy of the stores (tests corrupt them to build hostile snapshots).
  template <typename Row>
  static typename Table<Row>::Stores CopyStores(const Table<Row>& t) {
    return t.stores_;
  }
  template <typename Row>
  static typename Table<Row>::Stores& MutableStores(Table<Row>& t) {
    return t.stores_;
  }

  // Appends rows `rows` of `src` verbatim: the stores are copied as they
  // are (no re-validation, embeddings not normalised again), so a table
  // rebuilt from tables scores bit for bit like the original rows. `src`
  // must have been validated against the same vocabulary. `rows` must be
  // strictly increasing valid indexes of `src`. All-or-nothing: fails,
  // leaving `dst` unchanged, when an id is already in `dst` or the
  // embedding dimensions differ (dst non-empty). O(rows + their entries).
  template <typename Row>
  static absl::Status AppendRowsFrom(Table<Row>& dst, const Table<Row>& src,
                                     absl::Span<const int64_t> rows);
};

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_DATA_INTERNAL_TABLE_ACCESS_H_
