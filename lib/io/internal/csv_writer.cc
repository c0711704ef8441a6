// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "io/internal/csv_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {
namespace {

// Writers hand data to the file in chunks of about this size.
constexpr size_t kWriteChunkBytes = size_t{1} << 20;

// Writes `path + ".tmp"` and renames it over `path` on Commit, so readers
// never see a half-written file. Without Commit the temporary is removed.
// When `path` exists and is not a regular file (a device such as /dev/null,
// a pipe, a symbolic link such as /dev/stdout) it is written in place.
class AtomicFile {
 public:
  static absl::StatusOr<AtomicFile> Open(const std::string& path) {
    AtomicFile f;
    f.path_ = path;
    struct stat st;
    if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
      if (S_ISDIR(st.st_mode)) {
        return absl::FailedPreconditionError(absl::StrCat(path, ": is a directory"));
      }
      // A device, pipe, socket or symbolic link (/dev/stdout, /dev/null, a
      // FIFO, a link to a file): write through it in place. Renaming a
      // temporary over it would replace the node itself.
      f.direct_ = true;
      f.tmp_ = path;
      f.file_ = std::fopen(path.c_str(), "wb");
      if (f.file_ == nullptr) {
        return absl::ErrnoToStatus(errno, absl::StrCat(path, ": cannot open for writing"));
      }
      return f;
    }
    f.tmp_ = path + ".tmp";
    f.file_ = std::fopen(f.tmp_.c_str(), "wb");
    if (f.file_ == nullptr) {
      return absl::ErrnoToStatus(errno, absl::StrCat(f.tmp_, ": cannot create"));
    }
    return f;
  }
  AtomicFile(AtomicFile&& o) noexcept
      : path_(std::move(o.path_)),
        tmp_(std::move(o.tmp_)),
        file_(std::exchange(o.file_, nullptr)),
        direct_(o.direct_) {}
  AtomicFile& operator=(AtomicFile&&) = delete;
  ~AtomicFile() {
    if (file_ != nullptr) {
      std::fclose(file_);
      if (!direct_) std::remove(tmp_.c_str());
    }
  }

  absl::Status Write(absl::string_view data) {
    if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
      return absl::ErrnoToStatus(errno, absl::StrCat(tmp_, ": cannot write"));
    }
    return absl::OkStatus();
  }

  absl::Status Commit() {
    std::FILE* f = std::exchange(file_, nullptr);
    if (direct_) {
      const bool flushed = std::fflush(f) == 0;
      const int err = errno;
      const bool closed = std::fclose(f) == 0;
      if (!flushed || !closed) {
        return absl::ErrnoToStatus(flushed ? errno : err, absl::StrCat(path_, ": cannot write"));
      }
      return absl::OkStatus();
    }
    const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const int err = errno;
    const bool closed = std::fclose(f) == 0;
    if (!flushed || !closed) {
      std::remove(tmp_.c_str());
      return absl::ErrnoToStatus(flushed ? errno : err, absl::StrCat(tmp_, ": cannot write"));
    }
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
      const int rename_err = errno;
      std::remove(tmp_.c_str());
      return absl::ErrnoToStatus(rename_err,
                                 absl::StrCat(path_, ": cannot rename ", tmp_, " to it"));
    }
    return absl::OkStatus();
  }

 private:
  AtomicFile() = default;
  std::string path_;
  std::string tmp_;
  std::FILE* file_ = nullptr;
  bool direct_ = false;  // writing in place, no temporary (not a regular file)
};

}  // namespace

absl::Status WriteCsvRows(const std::string& path, absl::string_view header, int64_t rows,
                          const std::function<absl::Status(int64_t, std::string*)>& append_row) {
  JOBMATCH_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Open(path));
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
