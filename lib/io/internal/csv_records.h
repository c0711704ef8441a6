// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: reading CSV records (RFC 4180 through libcsv) with line numbers,
// limits and a header resolved against a table's columns, and the messages
// every CSV reader gives ("file:line: column 'x': reason").
#ifndef JOBMATCH_LIB_IO_INTERNAL_CSV_RECORDS_H_
#define JOBMATCH_LIB_IO_INTERNAL_CSV_RECORDS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "base/internal/text.h"
#include "jobmatch/io/csv.h"

namespace jobmatch::internal {

// Appended to a reason in place of the value of a sensitive column.
inline constexpr absl::string_view kSensitiveColumnNote = " (value not shown: sensitive column)";

// A user value quoted for a message (cut, control bytes escaped).
inline std::string Echo(absl::string_view v) {
  return QuoteForMessage(std::string_view(v.data(), v.size()));
}

absl::Status FileError(absl::string_view source, absl::string_view reason);
absl::Status LineError(absl::string_view source, int64_t line, absl::string_view reason);
absl::Status FieldError(absl::string_view source, int64_t line, absl::string_view column,
                        absl::string_view reason);

// A column a reader knows.
struct ColumnSpec {
  absl::string_view name;
  bool required;
  bool sensitive;  // value never shown in messages
};

// One data record seen through the header: column c of the specs.
class RowView {
 public:
  RowView(absl::string_view source, absl::Span<const ColumnSpec> specs, const std::vector<int>& pos)
      : source_(source), specs_(specs), pos_(pos) {}

  void Reset(int64_t line, absl::Span<const std::string> fields) {
    line_ = line;
    fields_ = fields;
  }
  int64_t line() const { return line_; }
  bool Has(int c) const { return pos_[c] >= 0; }
  // The raw field; empty when the column is absent.
  absl::string_view Get(int c) const {
    return pos_[c] >= 0 ? absl::string_view(fields_[pos_[c]]) : absl::string_view();
  }
  // "source:line: column 'name': reason" (+ the sensitive note).
  // `reason` must not contain the value of a sensitive column.
  absl::Status Error(int c, absl::string_view reason) const;
  // "reason: 'value'", or the sensitive note instead of the value.
  absl::Status ValueError(int c, absl::string_view reason, absl::string_view value) const;
  bool sensitive(int c) const { return specs_[c].sensitive; }

 private:
  absl::string_view source_;
  absl::Span<const ColumnSpec> specs_;
  const std::vector<int>& pos_;
  int64_t line_ = 0;
  absl::Span<const std::string> fields_;
};

// Maps the header's fields to `specs`: pos[c] = field index of column c, or
// -1. Unknown, duplicate or missing required columns are errors; unknown
// names are shown only when they look like column names and the required
// columns are there (otherwise the first row may be data: a missing header).
absl::Status ResolveHeader(absl::string_view source, int64_t line,
                           absl::Span<const std::string> fields, absl::Span<const ColumnSpec> specs,
                           std::vector<int>* pos);

// What a table is parsed from: text in memory, or a file read in chunks.
struct Input {
  absl::string_view text;
  const std::string* path = nullptr;  // when set, read this file instead
};

// Parses a table with a header: checks limits, strips the BOM, resolves the
// header against `specs` and calls `on_row` for each data record.
absl::Status ParseTable(const Input& in, absl::string_view source, const CsvLimits& limits,
                        absl::Span<const ColumnSpec> specs,
                        const std::function<absl::Status(const RowView&)>& on_row);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_IO_INTERNAL_CSV_RECORDS_H_
