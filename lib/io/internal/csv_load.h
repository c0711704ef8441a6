// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: loading a vacancies CSV file but keeping only some of its rows,
// for the readers of parts of a sharded directory (dataset/dataset.h,
// Dataset::LoadShardedCsvPart: a distributed task reads only the remote
// posts of the shards out of its reach).
#ifndef JOBMATCH_LIB_IO_INTERNAL_CSV_LOAD_H_
#define JOBMATCH_LIB_IO_INTERNAL_CSV_LOAD_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/io/csv.h"

namespace jobmatch::internal {

// LoadVacanciesCsv (io/csv.h), appending only the rows `keep` accepts:
// every row is still parsed and checked, and the error messages, the
// all-or-nothing rule and the vocabulary update are LoadVacanciesCsv's.
// When the whole file parses, `keep` is called once per row, in file order.
// `*rows_in_file` receives the number of rows the file holds.
[[nodiscard]] absl::Status LoadVacanciesCsvIf(const std::string& path, Vocabulary& vocab,
                                              VacancyTable& table, const CsvLimits& limits,
                                              absl::FunctionRef<bool(const Vacancy&)> keep,
                                              int64_t* rows_in_file);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_IO_INTERNAL_CSV_LOAD_H_
