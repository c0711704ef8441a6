// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the text form of a cell of each column kind (data/schema.h), read
// from CSV files and DataFrame text columns, written to CSV files. One
// parser and one writer per kind, whatever the table or the input.
#ifndef JOBMATCH_LIB_IO_INTERNAL_CELL_TEXT_H_
#define JOBMATCH_LIB_IO_INTERNAL_CELL_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "io/internal/csv_records.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/data/vocabulary.h"

namespace jobmatch::internal {

// An industry cell left empty means this industry.
inline constexpr absl::string_view kUnspecifiedIndustry = "unspecified";

// What parsing the cells of one input needs beyond a cell: the vocabulary
// (skills and key groups are looked up, industries added) and the
// embedding dimension, fixed by the first row that has one.
struct CellContext {
  Vocabulary* vocab = nullptr;
  size_t embedding_dim = 0;
  int64_t embedding_line = 0;
};

// Parses the text of column `c` of the record `r` into `out`. An empty cell
// leaves `out` as it is (the row type's default) for optional kinds; a
// required identifier or coordinate must not be empty. Messages follow
// docs/data_formats.md and never show the value of a sensitive column.
// Why a cell of a text kind (kIdentifier, kReference, kText) cannot be
// stored, or "" when it can: the reason ParseCell gives for it (UTF-8, then
// the record-id or free-text rule of base/internal/text.h). Emptiness of a
// required id is not checked here.
std::string TextCellProblem(ColumnKind kind, std::string_view text);

template <ColumnKind K>
absl::Status ParseCell(const RowView& r, int c, CellContext& ctx,
                       typename schema::KindTypes<K>::Value& out);

// Appends the CSV text of row `i` of a column store (not quoted: the caller
// quotes the whole field). Fails when a vocabulary name cannot be written
// (it would not read back) or an id is outside the vocabulary.
template <ColumnKind K>
absl::Status FormatCell(const typename schema::KindTypes<K>::Store& store, int64_t i,
                        const Vocabulary& vocab, std::string* out);

// A field quoted as RFC 4180 needs (only when it holds ',', '"', CR or LF).
void AppendCsvField(std::string* out, absl::string_view v);

// Names that go into ';'-separated (and, for skills, ':'-separated) lists
// must survive splitting and trimming to read back unchanged.
absl::Status CheckWritableName(absl::string_view kind, absl::string_view name,
                               absl::string_view forbidden);

#define JOBMATCH_CELL_TEXT_EXTERN(K)                                                         \
  extern template absl::Status ParseCell<ColumnKind::K>(                                     \
      const RowView&, int, CellContext&, typename schema::KindTypes<ColumnKind::K>::Value&); \
  extern template absl::Status FormatCell<ColumnKind::K>(                                    \
      const typename schema::KindTypes<ColumnKind::K>::Store&, int64_t, const Vocabulary&,   \
      std::string*);
JOBMATCH_CELL_TEXT_EXTERN(kIdentifier)
JOBMATCH_CELL_TEXT_EXTERN(kReference)
JOBMATCH_CELL_TEXT_EXTERN(kText)
JOBMATCH_CELL_TEXT_EXTERN(kLatitude)
JOBMATCH_CELL_TEXT_EXTERN(kLongitude)
JOBMATCH_CELL_TEXT_EXTERN(kKeyGroups)
JOBMATCH_CELL_TEXT_EXTERN(kSkillLevels)
JOBMATCH_CELL_TEXT_EXTERN(kRequirements)
JOBMATCH_CELL_TEXT_EXTERN(kEducation)
JOBMATCH_CELL_TEXT_EXTERN(kAmount)
JOBMATCH_CELL_TEXT_EXTERN(kCount)
JOBMATCH_CELL_TEXT_EXTERN(kFlag)
JOBMATCH_CELL_TEXT_EXTERN(kSeekerSchedule)
JOBMATCH_CELL_TEXT_EXTERN(kVacancySchedule)
JOBMATCH_CELL_TEXT_EXTERN(kVacancyKind)
JOBMATCH_CELL_TEXT_EXTERN(kIndustry)
JOBMATCH_CELL_TEXT_EXTERN(kIndustries)
JOBMATCH_CELL_TEXT_EXTERN(kEmbedding)
JOBMATCH_CELL_TEXT_EXTERN(kDate)
#undef JOBMATCH_CELL_TEXT_EXTERN

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_IO_INTERNAL_CELL_TEXT_H_
