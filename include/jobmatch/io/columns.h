// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Reading seekers and vacancies column by column from typed cells — what a
// pandas DataFrame holds (the Python package's Engine builds and updates
// engines this way; no CSV text is made). Driven by the schema
// (data/schema.h): one ColumnCells per schema column, in schema order.
//
// The meaning of every cell is the CSV reader's (csv.h,
// docs/data_formats.md), so a DataFrame and the CSV file that write_csv
// makes of it give the same rows, the same vocabulary and the same errors:
//   * text cells are read by the CSV cell parser of the column's kind
//     (io/internal/cell_text.h) — list columns as ';'-separated items, dates
//     as YYYY-MM-DD, flags as true/false/1/0/yes/no, ...;
//   * numbers (NaN = empty), day counts and embedding matrices are taken as
//     they are when the CSV reader would accept their value; any other value
//     is rendered as text (shortest round trip) and given to the CSV cell
//     parser, whose message is the error;
//   * list cells given as items (offsets + values) are the items joined by
//     ';' (an item holding ';' is therefore two items);
//   * an absent column is a column of empty cells (a required one is an
//     error "missing required column").
// When several cells are bad, the error is the CSV reader's: the lowest
// row, then the first column in schema order (a vacancy's wage rule after
// its cells). Errors read "<source>:<line>: column '<name>': <reason>" where <line> is
// the line the row would have in the CSV file (header on line 1; a text cell
// holding newlines takes several lines) and carry the 0-based row as the
// payload kRowPayload (decimal text). As everywhere, values of sensitive
// columns are never shown.
//
// Thread safety: the functions only read their inputs and write their
// outputs; the memory the cells point at must not change during a call.
#ifndef JOBMATCH_IO_COLUMNS_H_
#define JOBMATCH_IO_COLUMNS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"

namespace jobmatch {

// The payload (absl::Status::GetPayload) holding the 0-based row of an error.
inline constexpr std::string_view kRowPayload = "jobmatch.dev/row";

// A day count meaning "no date" in ColumnCells::days.
inline constexpr int64_t kNoDays = INT64_MIN;

// One column: absent, or one form of cells with one cell per row.
struct ColumnCells {
  enum class Form : int8_t {
    kAbsent,   // no such column: every cell empty
    kText,     // text[i] (empty = empty cell); with offsets: lists of items
    kNumbers,  // numbers[i]; NaN = empty
    kDays,     // days[i] since 1970-01-01; kNoDays = empty (date columns)
    kMatrix,   // rows x cols floats, row i at matrix + i * stride (embeddings)
  };
  Form form = Form::kAbsent;
  // kText. When `offsets` is non-empty (rows + 1 entries, from 0, not
  // decreasing, ending at text.size()), row i is the list of items
  // text[offsets[i] .. offsets[i + 1]).
  std::vector<std::string_view> text;
  std::vector<int64_t> offsets;
  absl::Span<const double> numbers;
  absl::Span<const int64_t> days;
  const float* matrix = nullptr;
  int64_t matrix_rows = 0, matrix_cols = 0, matrix_stride = 0;
};

// Reads `rows` rows and appends them to `table` — the same table
// Append(rows) gives for the rows the CSV reader would read from the same
// cells (embeddings L2-normalised once, every value checked by the one
// validation of the tables). Industries the cells name are added to
// `vocab`; skills and key groups must be in it. `columns` has one entry
// per schema column (SeekerColumns()/VacancyColumns() order).
// All-or-nothing across `vocab` and `table`. O(cells + items).
[[nodiscard]] absl::Status AppendSeekerColumns(absl::Span<const ColumnCells> columns, int64_t rows,
                                               std::string_view source, Vocabulary& vocab,
                                               SeekerTable& table);
[[nodiscard]] absl::Status AppendVacancyColumns(absl::Span<const ColumnCells> columns, int64_t rows,
                                                std::string_view source, Vocabulary& vocab,
                                                VacancyTable& table);

// The rows as records, for the live engine's upserts (engine.h): read and
// checked as above against the fixed `vocab` (an industry it lacks is an
// error), except that ids may already be in a table. Embeddings are returned
// as given (the engine normalises them), so an engine updated with these
// rows equals one built from the same cells.
[[nodiscard]] absl::StatusOr<std::vector<Seeker>> SeekersFromColumns(
    absl::Span<const ColumnCells> columns, int64_t rows, std::string_view source,
    const Vocabulary& vocab);
[[nodiscard]] absl::StatusOr<std::vector<Vacancy>> VacanciesFromColumns(
    absl::Span<const ColumnCells> columns, int64_t rows, std::string_view source,
    const Vocabulary& vocab);

}  // namespace jobmatch

#endif  // JOBMATCH_IO_COLUMNS_H_
