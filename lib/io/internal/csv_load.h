// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the steps of loading a seekers or vacancies CSV file, for the
// reader of sharded directories (dataset/dataset.h): parsing, which may run
// on any thread, apart from appending to the tables, which runs in file
// order; and a vacancies file of which only some rows are kept
// (Dataset::LoadShardedCsvPart: a distributed task reads only the remote
// posts of the shards out of its reach).
#ifndef JOBMATCH_LIB_IO_INTERNAL_CSV_LOAD_H_
#define JOBMATCH_LIB_IO_INTERNAL_CSV_LOAD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/io/csv.h"

namespace jobmatch::internal {

// One file's rows, parsed with a copy of a base vocabulary; the industries
// the base lacked have ids from base_industries on.
template <typename Row>
struct ParsedFile {
  std::string path;
  std::vector<Row> rows;
  std::vector<int64_t> lines;  // the line each row starts on
  Vocabulary vocab;            // the base and the file's new industries
  int32_t base_industries = 0;
  int64_t rows_in_file = 0;  // before `keep`
};

// Parses a file as LoadSeekersCsv / LoadVacanciesCsv (io/csv.h) do, with the
// same errors, against `base` (read only: several threads may parse with
// one base). Vacancies: only the rows `keep` accepts (when given) are kept;
// it sees every row once, in file order, after the whole file parsed.
[[nodiscard]] absl::Status ParseSeekersFile(const std::string& path, const Vocabulary& base,
                                            const CsvLimits& limits, ParsedFile<Seeker>& out);
[[nodiscard]] absl::Status ParseVacanciesFile(const std::string& path, const Vocabulary& base,
                                              const CsvLimits& limits,
                                              const absl::FunctionRef<bool(const Vacancy&)>* keep,
                                              ParsedFile<Vacancy>& out);

// Appends a parsed file to `table` as the Load functions do: its new
// industries join `vocab` by name, in the order the file named them (so
// files appended in order give the ids of files loaded in order), ids
// already in the table are refused with the row's line, all or nothing.
// `vocab` must be the parse's base or an extension of it.
[[nodiscard]] absl::Status AppendParsed(ParsedFile<Seeker>&& parsed, Vocabulary& vocab,
                                        SeekerTable& table);
[[nodiscard]] absl::Status AppendParsed(ParsedFile<Vacancy>&& parsed, Vocabulary& vocab,
                                        VacancyTable& table);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_IO_INTERNAL_CSV_LOAD_H_
