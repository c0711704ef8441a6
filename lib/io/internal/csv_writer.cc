// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "io/internal/csv_writer.h"

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {
namespace {

// Writers hand data to the file in chunks of about this size.
constexpr size_t kWriteChunkBytes = size_t{1} << 20;

}  // namespace

absl::Status WriteCsvRows(const std::string& path, unsigned mode, absl::string_view header,
                          int64_t rows,
                          const std::function<absl::Status(int64_t, std::string*)>& append_row) {
  FileWriteOptions wo;
  wo.mode = mode;
  wo.non_regular = NonRegularTarget::kWriteInPlace;
  JOBMATCH_ASSIGN_OR_RETURN(AtomicFileWriter file, AtomicFileWriter::Create(path, wo));
  std::string buf(header);
  buf.push_back('\n');
  for (int64_t i = 0; i < rows; ++i) {
    JOBMATCH_RETURN_IF_ERROR(append_row(i, &buf));
    if (buf.size() >= kWriteChunkBytes) {
      JOBMATCH_RETURN_IF_ERROR(file.Write(buf));
      buf.clear();
    }
  }
  JOBMATCH_RETURN_IF_ERROR(file.Write(buf));
  return file.Commit();
}

}  // namespace jobmatch::internal
