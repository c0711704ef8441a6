// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: writing a CSV file (a header, then rows produced in chunks) so
// that readers never see a half-written file. Shared by the input-table
// writers (io/csv.h) and the result writers (report/results_csv.h).
#ifndef JOBMATCH_LIB_IO_INTERNAL_CSV_WRITER_H_
#define JOBMATCH_LIB_IO_INTERNAL_CSV_WRITER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jobmatch::internal {

// Writes `header`, then `append_row(i, &buffer)` for each row i in
// [0, rows), to `path` with the one crash-safe writer (base/file_io.h),
// creating it with `mode` (kPersonalDataFileMode for files that name
// individuals); a device, FIFO or link at `path` is written in place.
absl::Status WriteCsvRows(const std::string& path, unsigned mode, absl::string_view header,
                          int64_t rows,
                          const std::function<absl::Status(int64_t, std::string*)>& append_row);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_IO_INTERNAL_CSV_WRITER_H_
