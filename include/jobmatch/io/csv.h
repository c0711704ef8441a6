// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// CSV exchange (RFC 4180, UTF-8 with or without BOM, LF or CRLF line ends,
// quoted fields with embedded commas, quotes and newlines), parsed with
// libcsv. The schema of each file is in docs/data_formats.md.
//
// Readers are all-or-nothing: on any bad input they return an error naming
// the file, line (1-based, counting physical lines), column and reason, and
// leave the vocabulary and tables untouched. Values of sensitive columns
// (groups, household_id, needs_accessibility, months_unemployed) are never
// echoed in error messages.
//
// Example:
//   jobmatch::Vocabulary vocab;
//   JOBMATCH_RETURN_IF_ERROR(jobmatch::ReadSkillsCsv("skills.csv", vocab));
//   jobmatch::SeekerTable seekers;
//   JOBMATCH_RETURN_IF_ERROR(jobmatch::LoadSeekersCsv("seekers.csv", vocab, seekers));
#ifndef JOBMATCH_IO_CSV_H_
#define JOBMATCH_IO_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"

namespace jobmatch {

// Resource limits of the readers (docs/data_formats.md, docs/reliability.md).
// Each is checked while reading, before the memory it guards is spent: a
// file is read in 1 MiB chunks and never held whole, so a huge or garbage
// file is refused after reading at most about one row of it (a regular
// file larger than max_file_bytes without reading anything). Exceeding a
// limit gives InvalidArgument naming the file, line and limit.
struct CsvLimits {
  int64_t max_file_bytes = int64_t{4} << 30;   // refuse larger files up front
  int64_t max_field_bytes = int64_t{1} << 20;  // one field (incl. embedding)
  int64_t max_fields_per_row = 1024;
  // One row (record): its field bytes plus one per separator, so a quoted
  // field spanning several physical lines counts towards its row's total.
  int64_t max_line_bytes = int64_t{4} << 20;
};

// --- skills.csv: the skill vocabulary. Column `skill` (name, unique);
// optional `description`. Adds the names, in file order, to `vocab`.
[[nodiscard]] absl::Status ParseSkillsCsv(std::string_view text, std::string_view source,
                                          Vocabulary& vocab, const CsvLimits& limits = {});
[[nodiscard]] absl::Status ReadSkillsCsv(const std::string& path, Vocabulary& vocab,
                                         const CsvLimits& limits = {});

// --- seekers.csv / vacancies.csv. Skills must be in `vocab` already
// (unknown skill = error); new industry names are added to `vocab` on
// success. Key-group names must be known to `vocab`.
[[nodiscard]] absl::StatusOr<std::vector<Seeker>> ParseSeekersCsv(std::string_view text,
                                                                  std::string_view source,
                                                                  Vocabulary& vocab,
                                                                  const CsvLimits& limits = {});
[[nodiscard]] absl::StatusOr<std::vector<Vacancy>> ParseVacanciesCsv(std::string_view text,
                                                                     std::string_view source,
                                                                     Vocabulary& vocab,
                                                                     const CsvLimits& limits = {});

// Read a file and append its rows to `table` (ids must not already be in
// the table). All-or-nothing across vocabulary and table. Files are read
// with FileReader (base/file_io.h) in 1 MiB chunks: regular files and pipes
// (a named FIFO waits for its writer); a directory or a device is refused
// (FailedPrecondition) before anything is read.
[[nodiscard]] absl::Status LoadSeekersCsv(const std::string& path, Vocabulary& vocab,
                                          SeekerTable& table, const CsvLimits& limits = {});
[[nodiscard]] absl::Status LoadVacanciesCsv(const std::string& path, Vocabulary& vocab,
                                            VacancyTable& table, const CsvLimits& limits = {});

// --- writers. Output is UTF-8 without BOM, LF line ends, RFC 4180 quoting.
// Writers use AtomicFileWriter (base/file_io.h): a unique temporary beside
// `path`, fsync, rename, directory fsync; on failure `path` is untouched and
// no temporary is left. A target that exists and is not a regular file (a
// device such as /dev/null or /dev/stdout, a FIFO, a symbolic link) is written
// in place (NonRegularTarget::kWriteInPlace); a directory is refused. Modes:
// seekers, recommendations and allocations hold personal data and are
// created 0600; skills, vacancies and vacancy fill 0644 (before umask).
[[nodiscard]] absl::Status WriteSkillsCsv(const std::string& path, const Vocabulary& vocab);
[[nodiscard]] absl::Status WriteSeekersCsv(const std::string& path, const SeekerTable& table,
                                           const Vocabulary& vocab);
[[nodiscard]] absl::Status WriteVacanciesCsv(const std::string& path, const VacancyTable& table,
                                             const Vocabulary& vocab);
}  // namespace jobmatch

#endif  // JOBMATCH_IO_CSV_H_
