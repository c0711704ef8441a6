// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The one way jobmatch writes and reads files (docs/reliability.md, "Files").
//
// Writing: AtomicFileWriter puts the bytes in a fresh temporary file beside
// the target (`DIR/.NAME.tmp-PID-XXXXXX`, created with O_CREAT|O_EXCL|
// O_NOFOLLOW|O_CLOEXEC, so a planted symbolic link or a second writer can
// never be written through), checks every write, fsyncs it, renames it over
// the target and fsyncs the directory. At every instant the target is the old
// complete file or the new complete one; a failure at any step removes the
// temporary. Two processes writing one target at once each rename a complete
// file: the last rename wins, never a mixture.
//
//   jobmatch::FileWriteOptions o;
//   o.mode = jobmatch::kPersonalDataFileMode;  // the file names individuals
//   auto w = jobmatch::AtomicFileWriter::Create("out/allocation.csv", o);
//   if (!w.ok()) return w.status();
//   JOBMATCH_RETURN_IF_ERROR(w->Write(text));
//   JOBMATCH_RETURN_IF_ERROR(w->Commit());
//
// Reading: FileReader opens with O_NONBLOCK, checks the type with fstat and
// refuses a directory, a device (and, unless allowed, a FIFO or socket) with a
// clear error before any read that could block; only then is O_NONBLOCK
// cleared.
//
// Thread safety: distinct objects may be used from distinct threads; one
// object is not thread-safe. Errors are absl::Status with the path and the
// system's reason; file contents never appear in messages.
#ifndef JOBMATCH_BASE_FILE_IO_H_
#define JOBMATCH_BASE_FILE_IO_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace jobmatch {

// Modes of created files (before the process umask is applied). Files that
// hold personal data (per-seeker recommendations, explanations, allocations,
// generated seeker tables, snapshots) are created 0600; the rest (skills,
// vacancies, vacancy fill) 0644. An existing target's mode is not kept: the
// new file has the mode asked for.
inline constexpr unsigned kPersonalDataFileMode = 0600;
inline constexpr unsigned kPublicFileMode = 0644;

// How long a temporary of another process must be left untouched before a
// later save may remove it even though its owner's pid seems alive (pid reuse,
// another pid namespace). See AtomicFileWriter::Create.
inline constexpr int64_t kStaleTemporaryAgeSeconds = 24 * 3600;

// ------------------------------------------------------------ FileDescriptor
// Owns one file descriptor; closes it when destroyed (errors ignored there;
// call Close() to see them). Movable, not copyable.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() { (void)Close(); }
  FileDescriptor(FileDescriptor&& o) noexcept : fd_(o.release()) {}
  FileDescriptor& operator=(FileDescriptor&& o) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes now: 0, or the errno of close(2). The descriptor is released
  // either way (close is never retried: Linux has freed it).
  int Close();

 private:
  int fd_ = -1;
};

// ------------------------------------------------------------ writing

// What to do when the target exists and is not a regular file.
enum class NonRegularTarget {
  // Refuse with FailedPrecondition before anything is written (snapshots).
  // A symbolic link whose destination is a regular file (or nothing) is
  // replaced by the new file; the link's destination is untouched.
  kRefuse,
  // Write through it in place, without a temporary (CSV outputs): a device
  // such as /dev/null or /dev/stdout, a FIFO (blocks until it has a reader,
  // like any writer of a FIFO), a socket, or a symbolic link (written through,
  // truncated first: not crash-safe, the link is kept). A directory is still
  // refused.
  kWriteInPlace,
};

struct FileWriteOptions {
  unsigned mode = kPublicFileMode;  // of the new file, before umask
  NonRegularTarget non_regular = NonRegularTarget::kRefuse;
  // Remove temporaries of the same target left by killed processes (see
  // AtomicFileWriter::Create).
  bool remove_stale_temporaries = true;
  // Word used in the message of a directory fsync failure ("<what> written,
  // but fsync of the directory failed").
  std::string_view what = "file";
};

// Writes one file crash-safely (see the top of this header).
class AtomicFileWriter {
 public:
  // Checks the target, then creates the temporary `DIR/.NAME.tmp-PID-XXXXXX`
  // (PID: this process, XXXXXX: random) with `options.mode`. Errors:
  // InvalidArgument (empty path, path ending in '/'); FailedPrecondition (a
  // directory, or a non-regular target with kRefuse); the errno's code for a
  // failed system call (NotFound: no such directory, PermissionDenied, ...).
  //
  // Stale temporaries: with `remove_stale_temporaries`, entries of DIR named
  // `.NAME.tmp-*` that are regular files owned by this user are removed when
  // their PID (parsed from the name) is not a running process on this host,
  // or when they were last modified more than kStaleTemporaryAgeSeconds ago.
  // A temporary of a live writer is never removed by the pid rule; a writer
  // on another host sharing DIR (or in another pid namespace) can lose its
  // temporary, and then its rename fails: an error, never a mixed file.
  // Symbolic links and other users' files are never touched.
  [[nodiscard]] static absl::StatusOr<AtomicFileWriter> Create(const std::string& path,
                                                               const FileWriteOptions& options);

  AtomicFileWriter(AtomicFileWriter&& o) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  // Without a successful Commit the temporary is closed and removed.
  ~AtomicFileWriter();

  // Writes all of `bytes` (short writes and EINTR retried). On error the
  // temporary is removed at once and every later call fails.
  [[nodiscard]] absl::Status Write(std::string_view bytes);
  // fsync, close, rename over the target, fsync the directory. After a
  // failure of the directory fsync the new file is already in place (the
  // message says so). In place: close only.
  [[nodiscard]] absl::Status Commit();

  const std::string& path() const { return path_; }
  // The temporary's path; equals path() when writing in place.
  const std::string& temporary_path() const { return tmp_; }
  bool in_place() const { return in_place_; }
  // How many stale temporaries Create removed.
  int stale_temporaries_removed() const { return stale_removed_; }

 private:
  AtomicFileWriter() = default;
  void Discard();
  absl::Status Fail(absl::Status s);

  std::string path_, tmp_, dir_, tmp_name_, target_name_;
  std::string what_;
  FileDescriptor fd_, dir_fd_;
  bool in_place_ = false;
  bool failed_ = false;
  bool done_ = false;
  int stale_removed_ = 0;
};

// Create + Write(contents) + Commit.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, std::string_view contents,
                                               const FileWriteOptions& options);

// ------------------------------------------------------------ reading

struct FileReadOptions {
  // Accept a FIFO or socket (a pipe, `<(cmd)`): the CSV and policy readers
  // stream from these. A named FIFO then waits for its writer, like `cat`.
  // Directories and devices are always refused.
  bool allow_pipes = false;
  // With false, a symbolic link as the last component is refused (O_NOFOLLOW,
  // "too many levels of symbolic links"). Default: links are followed.
  bool follow_symlinks = true;
  // Used in messages: "PATH: is a directory, not a <noun>" (noun empty:
  // "PATH: is a directory").
  std::string_view noun;
};

// Reads one file (see the top of this header).
class FileReader {
 public:
  // Errors: the errno's code ("PATH: cannot open: <reason>"; NotFound when
  // missing), FailedPrecondition for a directory, device, or FIFO/socket
  // without allow_pipes. Never blocks on a FIFO that is refused.
  [[nodiscard]] static absl::StatusOr<FileReader> Open(const std::string& path,
                                                       const FileReadOptions& options);

  // Reads up to `n` bytes: the count, 0 at end of file. EINTR is retried.
  [[nodiscard]] absl::StatusOr<size_t> ReadSome(char* dst, size_t n);
  // Reads exactly `n` bytes; DataLoss "file shrank while being read" if the
  // file ends first.
  [[nodiscard]] absl::Status ReadExactly(char* dst, size_t n);

  bool is_regular() const { return regular_; }
  // Size from fstat at open (regular files; 0 otherwise).
  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  FileReader() = default;
  std::string path_;
  FileDescriptor fd_;
  bool regular_ = false;
  int64_t size_ = 0;
};

}  // namespace jobmatch

#endif  // JOBMATCH_BASE_FILE_IO_H_
