// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The one atomic writer and the one reader (base/file_io.h). Every path is
// resolved against a directory descriptor opened once, so the temporary, the
// rename and the directory fsync all act on the same directory even if a
// component of the path is renamed meanwhile.
#include "jobmatch/base/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <random>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "base/internal/file_io_internal.h"

namespace jobmatch {
namespace internal {
namespace {

std::function<int(FileStep)>& Hook() {
  static auto* hook = new std::function<int(FileStep)>();
  return *hook;
}

// 0, an errno to fail with, or kInjectShortWrite.
int Inject(FileStep s) { return Hook() ? Hook()(s) : 0; }

}  // namespace

std::string_view FileStepName(FileStep s) {
  switch (s) {
    case FileStep::kCreateTemp:
      return "create temporary file";
    case FileStep::kWrite:
      return "write";
    case FileStep::kFsyncFile:
      return "fsync";
    case FileStep::kClose:
      return "close";
    case FileStep::kRename:
      return "rename";
    case FileStep::kFsyncDir:
      return "fsync directory";
    case FileStep::kRead:
      return "read";
  }
  return "?";
}

void SetFileIoFailHookForTesting(std::function<int(FileStep)> hook) { Hook() = std::move(hook); }

std::string TemporaryPrefix(std::string_view target_name) {
  return absl::StrCat(".", Sv(target_name), ".tmp-");
}

std::optional<long> TemporaryOwnerPid(std::string_view entry, std::string_view target_name) {
  const std::string prefix = TemporaryPrefix(target_name);
  if (entry.substr(0, prefix.size()) != prefix) return std::nullopt;
  entry.remove_prefix(prefix.size());
  const size_t dash = entry.find('-');
  if (dash == std::string_view::npos || dash == 0 || entry.size() - dash - 1 != 6) {
    return std::nullopt;
  }
  long pid = 0;
  if (!absl::SimpleAtoi(Sv(entry.substr(0, dash)), &pid) || pid <= 0) return std::nullopt;
  if (entry.substr(0, dash).find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return pid;
}

}  // namespace internal

namespace {

using internal::FileStep;
using internal::Inject;
using internal::Sv;

absl::Status Errno(int err, absl::string_view path, absl::string_view what) {
  return absl::ErrnoToStatus(err, absl::StrCat(path, ": ", what));
}

const char* TypeName(mode_t m) {
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISLNK(m)) return "a symbolic link";
  return "not a regular file";
}

// Six characters for a temporary's name; unpredictable enough that a name
// cannot be planted in advance (O_EXCL refuses it anyway).
std::string RandomSuffix() {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng([] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd() ^
           static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
           static_cast<uint64_t>(::getpid());
  }());
  uint64_t x = rng() ^ (counter.fetch_add(1) * 0x9e3779b97f4a7c15ULL);
  std::string s(6, 'a');
  for (char& c : s) {
    c = kChars[x % 62];
    x /= 62;
  }
  return s;
}

// Removes temporaries of `target` left by dead processes (file_io.h). Best
// effort: a directory that cannot be listed is skipped silently.
int RemoveStaleTemporaries(int dir_fd, const std::string& target) {
  const int dup = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return 0;
  DIR* d = ::fdopendir(dup);
  if (d == nullptr) {
    ::close(dup);
    return 0;
  }
  const std::string prefix = internal::TemporaryPrefix(target);
  const time_t now = std::time(nullptr);
  const uid_t uid = ::geteuid();
  const pid_t me = ::getpid();
  int removed = 0;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name(e->d_name);
    if (name.substr(0, prefix.size()) != prefix) continue;
    struct stat st {};
    if (::fstatat(dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(st.st_mode) || st.st_uid != uid) continue;
    bool stale = now - st.st_mtime > kStaleTemporaryAgeSeconds;
    const std::optional<long> pid = internal::TemporaryOwnerPid(name, target);
    if (pid && *pid != me && ::kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH) {
      stale = true;
    }
    if (stale && ::unlinkat(dir_fd, e->d_name, 0) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

}  // namespace

// ------------------------------------------------------------ FileDescriptor

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& o) noexcept {
  if (this != &o) {
    (void)Close();
    fd_ = o.release();
  }
  return *this;
}

int FileDescriptor::Close() {
  if (fd_ < 0) return 0;
  const int r = ::close(fd_);
  fd_ = -1;
  return r == 0 || errno == EINTR ? 0 : errno;
}

// ------------------------------------------------------------ writer

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& o) noexcept
    : path_(std::move(o.path_)),
      tmp_(std::move(o.tmp_)),
      dir_(std::move(o.dir_)),
      tmp_name_(std::move(o.tmp_name_)),
      target_name_(std::move(o.target_name_)),
      what_(std::move(o.what_)),
      fd_(std::move(o.fd_)),
      dir_fd_(std::move(o.dir_fd_)),
      in_place_(o.in_place_),
      failed_(o.failed_),
      done_(o.done_),
      stale_removed_(o.stale_removed_) {
  o.done_ = true;
  o.tmp_name_.clear();
}

AtomicFileWriter::~AtomicFileWriter() { Discard(); }

void AtomicFileWriter::Discard() {
  (void)fd_.Close();
  if (!in_place_ && !done_ && !tmp_name_.empty() && dir_fd_.valid()) {
    ::unlinkat(dir_fd_.get(), tmp_name_.c_str(), 0);
  }
  done_ = true;
}

absl::Status AtomicFileWriter::Fail(absl::Status s) {
  Discard();
  failed_ = true;
  return s;
}

absl::StatusOr<AtomicFileWriter> AtomicFileWriter::Create(const std::string& path,
                                                          const FileWriteOptions& options) {
  const size_t slash = path.rfind('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "': the path must name a file"));
  }
  AtomicFileWriter w;
  w.path_ = path;
  w.target_name_ = name;
  w.what_ = std::string(options.what);
  w.dir_ = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  w.dir_fd_ = FileDescriptor(::open(w.dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!w.dir_fd_.valid()) return Errno(errno, w.dir_, "cannot open the directory");
  const int dfd = w.dir_fd_.get();

  struct stat st {};
  const bool exists = ::fstatat(dfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (!exists && errno != ENOENT) return Errno(errno, path, "cannot stat");
  if (exists && !S_ISREG(st.st_mode)) {
    struct stat to {};
    const bool followed = ::fstatat(dfd, name.c_str(), &to, 0) == 0;
    if (S_ISDIR(st.st_mode) || (followed && S_ISDIR(to.st_mode))) {
      return absl::FailedPreconditionError(absl::StrCat(path, ": is a directory"));
    }
    const bool link_to_regular_or_nothing =
        S_ISLNK(st.st_mode) && (!followed || S_ISREG(to.st_mode));
    if (options.non_regular == NonRegularTarget::kWriteInPlace) {
      w.in_place_ = true;
      w.tmp_ = path;
      w.fd_ =
          FileDescriptor(::openat(dfd, name.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY));
      if (!w.fd_.valid()) return Errno(errno, path, "cannot open for writing");
      return w;
    }
    if (!link_to_regular_or_nothing) {
      return absl::FailedPreconditionError(absl::StrCat(path, ": is not a regular file (",
                                                        TypeName(followed ? to.st_mode : 0),
                                                        "); only regular files are replaced"));
    }
  }
  if (options.remove_stale_temporaries) w.stale_removed_ = RemoveStaleTemporaries(dfd, name);
  const std::string prefix = absl::StrCat(internal::TemporaryPrefix(name), ::getpid(), "-");
  for (int attempt = 0;; ++attempt) {
    w.tmp_name_ = prefix + RandomSuffix();
    w.tmp_ = w.dir_ == "." && slash == std::string::npos ? w.tmp_name_
                                                         : absl::StrCat(w.dir_, "/", w.tmp_name_);
    if (const int e = Inject(FileStep::kCreateTemp); e > 0) {
      w.tmp_name_.clear();
      return Errno(e, w.tmp_, "cannot create temporary file");
    }
    w.fd_ = FileDescriptor(::openat(dfd, w.tmp_name_.c_str(),
                                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                    static_cast<mode_t>(options.mode & 07777)));
    if (w.fd_.valid()) break;
    const int e = errno;
    if (e != EEXIST || attempt >= 100) {
      w.tmp_name_.clear();
      return Errno(e, w.tmp_, "cannot create temporary file");
    }
  }
  return w;
}

absl::Status AtomicFileWriter::Write(std::string_view bytes) {
  if (failed_ || done_) {
    return absl::FailedPreconditionError(absl::StrCat(path_, ": write after a failure or commit"));
  }
  while (!bytes.empty()) {
    size_t want = std::min<size_t>(bytes.size(), size_t{1} << 30);
    const int inject = Inject(FileStep::kWrite);
    if (inject > 0) return Fail(Errno(inject, tmp_, "cannot write"));
    if (inject == internal::kInjectShortWrite) want = std::max<size_t>(1, want / 2);
    const ssize_t n = ::write(fd_.get(), bytes.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(Errno(errno, tmp_, "cannot write"));
    }
    if (n == 0) return Fail(Errno(EIO, tmp_, "cannot write (no progress)"));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status AtomicFileWriter::Commit() {
  if (failed_ || done_) {
    return absl::FailedPreconditionError(absl::StrCat(path_, ": commit after a failure or commit"));
  }
  if (in_place_) {
    const int e = fd_.Close();
    done_ = true;
    if (e != 0) return Fail(Errno(e, path_, "cannot write"));
    return absl::OkStatus();
  }
  int e = Inject(FileStep::kFsyncFile);
  if (e > 0 || (e == 0 && ::fsync(fd_.get()) != 0)) {
    return Fail(Errno(e > 0 ? e : errno, tmp_, "cannot fsync"));
  }
  e = Inject(FileStep::kClose);
  if (e == 0) e = fd_.Close();
  if (e > 0) return Fail(Errno(e, tmp_, "cannot close"));
  e = Inject(FileStep::kRename);
  if (e > 0 || (e == 0 && ::renameat(dir_fd_.get(), tmp_name_.c_str(), dir_fd_.get(),
                                     target_name_.c_str()) != 0)) {
    return Fail(Errno(e > 0 ? e : errno, path_, absl::StrCat("cannot rename ", tmp_, " over it")));
  }
  done_ = true;  // the temporary is the target now
  e = Inject(FileStep::kFsyncDir);
  if (e > 0 || (e == 0 && ::fsync(dir_fd_.get()) != 0)) {
    failed_ = true;
    return Errno(e > 0 ? e : errno, dir_,
                 absl::StrCat(what_, " written, but fsync of the directory failed"));
  }
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path, std::string_view contents,
                                 const FileWriteOptions& options) {
  auto w = AtomicFileWriter::Create(path, options);
  if (!w.ok()) return w.status();
  if (auto s = w->Write(contents); !s.ok()) return s;
  return w->Commit();
}

// ------------------------------------------------------------ reader

absl::StatusOr<FileReader> FileReader::Open(const std::string& path,
                                            const FileReadOptions& options) {
  FileReader r;
  r.path_ = path;
  const int flags =
      O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (options.follow_symlinks ? 0 : O_NOFOLLOW);
  r.fd_ = FileDescriptor(::open(path.c_str(), flags));
  if (!r.fd_.valid()) return Errno(errno, path, "cannot open");
  struct stat st {};
  if (::fstat(r.fd_.get(), &st) != 0) return Errno(errno, path, "cannot stat");
  const std::string not_a =
      options.noun.empty() ? std::string() : absl::StrCat(", not a ", Sv(options.noun));
  if (S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": is a directory", not_a));
  }
  const bool pipe = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
  if (!S_ISREG(st.st_mode) && !(pipe && options.allow_pipes)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": is not a regular file (", TypeName(st.st_mode), ")", not_a,
                     options.allow_pipes ? "; regular files and pipes are read"
                                         : "; only regular files are read"));
  }
  r.regular_ = S_ISREG(st.st_mode);
  r.size_ = r.regular_ ? static_cast<int64_t>(st.st_size) : 0;
  if (S_ISFIFO(st.st_mode)) {
    // A named FIFO opened before its writer reads as empty: wait for a writer
    // (data or its hang-up), as a blocking open would have.
    pollfd p{r.fd_.get(), POLLIN, 0};
    while (::poll(&p, 1, -1) < 0) {
      if (errno != EINTR) return Errno(errno, path, "cannot wait for the writer");
    }
  }
  const int fl = ::fcntl(r.fd_.get(), F_GETFL);
  if (fl < 0 || ::fcntl(r.fd_.get(), F_SETFL, fl & ~O_NONBLOCK) != 0) {
    return Errno(errno, path, "cannot clear O_NONBLOCK");
  }
  return r;
}

absl::StatusOr<size_t> FileReader::ReadSome(char* dst, size_t n) {
  while (true) {
    if (const int e = Inject(FileStep::kRead); e > 0) return Errno(e, path_, "cannot read");
    const ssize_t got = ::read(fd_.get(), dst, std::min<size_t>(n, size_t{1} << 30));
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return Errno(errno, path_, "cannot read");
  }
}

absl::Status FileReader::ReadExactly(char* dst, size_t n) {
  size_t done = 0;
  while (done < n) {
    auto got = ReadSome(dst + done, n - done);
    if (!got.ok()) return got.status();
    if (*got == 0) {
      return absl::DataLossError(absl::StrCat(path_, ": file shrank while being read"));
    }
    done += *got;
  }
  return absl::OkStatus();
}

}  // namespace jobmatch
