// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The one writer and reader (base/file_io.h): atomic replacement under
// failures injected at every step, planted symbolic links, concurrent
// writers (separate processes), a full disk, file-size limits, FIFOs,
// devices, directories, modes and stale temporaries.
#include "jobmatch/base/file_io.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/internal/file_io_internal.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch {
namespace {

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

namespace fs = std::filesystem;
using internal::FileStep;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class TempDir {
 public:
  TempDir() {
    std::string t = (fs::temp_directory_path() / "jobmatch_file_io_test_XXXXXX").string();
    path_ = ::mkdtemp(t.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  std::vector<std::string> Entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteRaw(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

FileWriteOptions Opts(unsigned mode = kPublicFileMode,
                      NonRegularTarget nr = NonRegularTarget::kRefuse) {
  FileWriteOptions o;
  o.mode = mode;
  o.non_regular = nr;
  return o;
}

// Writes `text` in pieces of `piece` bytes (several write calls).
absl::Status WriteInPieces(const std::string& path, const std::string& text, size_t piece,
                           const FileWriteOptions& o = Opts()) {
  auto w = AtomicFileWriter::Create(path, o);
  if (!w.ok()) return w.status();
  for (size_t i = 0; i < text.size(); i += piece) {
    if (auto s = w->Write(std::string_view(text).substr(i, piece)); !s.ok()) return s;
  }
  return w->Commit();
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0);
  return st.st_mode;
}

class HookGuard {
 public:
  ~HookGuard() { internal::SetFileIoFailHookForTesting({}); }
};

class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t m) : old_(::umask(m)) {}
  ~UmaskGuard() { ::umask(old_); }

 private:
  mode_t old_;
};

// A pid that is certainly not running: a child that has exited and been
// reaped (pids are not reused that fast).
pid_t DeadPid() {
  const pid_t p = ::fork();
  if (p == 0) _exit(0);
  int st = 0;
  ::waitpid(p, &st, 0);
  return p;
}

// ------------------------------------------------------------ basics

TEST(AtomicFileWriter, WritesNewFileAndReplacesOldOneLeavingNoTemporary) {
  TempDir d;
  const std::string path = d.File("out.csv");
  ASSERT_TRUE(WriteFileAtomically(path, "first\n", Opts()).ok());
  EXPECT_EQ(ReadAll(path), "first\n");
  ASSERT_TRUE(WriteInPieces(path, std::string(100000, 'x'), 777).ok());
  EXPECT_EQ(ReadAll(path), std::string(100000, 'x'));
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"out.csv"});
  ASSERT_TRUE(WriteFileAtomically(path, "", Opts()).ok());
  EXPECT_EQ(ReadAll(path), "");
}

TEST(AtomicFileWriter, RelativePathInTheWorkingDirectory) {
  TempDir d;
  const fs::path old = fs::current_path();
  fs::current_path(d.path());
  const absl::Status s = WriteFileAtomically("rel.txt", "abc", Opts());
  fs::current_path(old);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(ReadAll(d.File("rel.txt")), "abc");
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"rel.txt"});
}

TEST(AtomicFileWriter, TemporaryIsHiddenBesideTheTargetWithPidAndRandomSuffix) {
  TempDir d;
  auto w = AtomicFileWriter::Create(d.File("t.csv"), Opts());
  ASSERT_TRUE(w.ok()) << w.status();
  const std::string name = fs::path(w->temporary_path()).filename().string();
  EXPECT_THAT(name, StartsWith(".t.csv.tmp-" + std::to_string(::getpid()) + "-"));
  EXPECT_EQ(internal::TemporaryOwnerPid(name, "t.csv"), ::getpid());
  EXPECT_EQ(fs::path(w->temporary_path()).parent_path(), fs::path(d.path()));
  EXPECT_TRUE(fs::exists(w->temporary_path()));
  EXPECT_FALSE(fs::exists(d.File("t.csv"))) << "the target appears only at Commit";
}

TEST(AtomicFileWriter, WithoutCommitTheTemporaryIsRemovedAndTheTargetKept) {
  TempDir d;
  const std::string path = d.File("keep.csv");
  WriteRaw(path, "old");
  {
    auto w = AtomicFileWriter::Create(path, Opts());
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->Write("new new new").ok());
    AtomicFileWriter moved(std::move(*w));  // the moved-from object must not unlink it
    EXPECT_TRUE(fs::exists(moved.temporary_path()));
  }
  EXPECT_EQ(ReadAll(path), "old");
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"keep.csv"});
}

TEST(AtomicFileWriter, RefusesPathsThatNameNoFileAndMissingDirectories) {
  TempDir d;
  EXPECT_EQ(AtomicFileWriter::Create("", Opts()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AtomicFileWriter::Create(d.path() + "/", Opts()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AtomicFileWriter::Create(d.File(".."), Opts()).status().code(),
            absl::StatusCode::kInvalidArgument);
  const auto s = AtomicFileWriter::Create(d.File("no/such/dir/x.csv"), Opts());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(s.status()), HasSubstr("no/such/dir"));
}

// ------------------------------------------------------------ modes

TEST(AtomicFileWriter, ModesArePersonal0600OrPublic0644UnderUmask) {
  TempDir d;
  {
    UmaskGuard u(022);
    ASSERT_TRUE(WriteFileAtomically(d.File("p"), "x", Opts(kPersonalDataFileMode)).ok());
    ASSERT_TRUE(WriteFileAtomically(d.File("q"), "x", Opts(kPublicFileMode)).ok());
    EXPECT_EQ(ModeOf(d.File("p")) & 07777, 0600u);
    EXPECT_EQ(ModeOf(d.File("q")) & 07777, 0644u);
    // Replacing an existing world-readable file with personal data narrows it.
    ASSERT_TRUE(WriteFileAtomically(d.File("q"), "y", Opts(kPersonalDataFileMode)).ok());
    EXPECT_EQ(ModeOf(d.File("q")) & 07777, 0600u);
  }
  {
    UmaskGuard u(077);
    ASSERT_TRUE(WriteFileAtomically(d.File("r"), "x", Opts(kPublicFileMode)).ok());
    EXPECT_EQ(ModeOf(d.File("r")) & 07777, 0600u);
  }
}

TEST(AtomicFileWriter, PersonalTemporaryIsNeverReadableByOthersWhileWritten) {
  TempDir d;
  UmaskGuard u(0);
  auto w = AtomicFileWriter::Create(d.File("p"), Opts(kPersonalDataFileMode));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(ModeOf(w->temporary_path()) & 07777, 0600u);
}

// ------------------------------------------------------------ planted links

TEST(AtomicFileWriter, SymlinksPlantedAtEveryPredictableNameAreNeverWrittenThrough) {
  TempDir d;
  const std::string victim = d.File("victim");
  WriteRaw(victim, "precious");
  const std::string path = d.File("out.csv");
  const std::string pid = std::to_string(::getpid());
  // The old fixed temporary name, the new prefix with this pid and some
  // suffixes, a dead pid's name (the stale-temporary sweep must not follow
  // or remove links), and a legacy name.
  const std::vector<std::string> planted = {"out.csv.tmp",
                                            ".out.csv.tmp",
                                            ".out.csv.tmp-" + pid + "-aaaaaa",
                                            ".out.csv.tmp-" + pid + "-000000",
                                            ".out.csv.tmp-" + std::to_string(DeadPid()) + "-zzzzzz",
                                            ".out.csv.tmp-abcdef"};
  for (const std::string& p : planted) fs::create_symlink(victim, d.File(p));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(WriteFileAtomically(path, "result " + std::to_string(i), Opts()).ok());
  }
  EXPECT_EQ(ReadAll(victim), "precious");
  EXPECT_EQ(ReadAll(path), "result 19");
  for (const std::string& p : planted) {
    EXPECT_TRUE(fs::is_symlink(d.File(p))) << p << " was removed or replaced";
  }
}

TEST(AtomicFileWriter, SymlinkTargetIsReplacedWhenRefusingAndWrittenThroughInPlace) {
  TempDir d;
  const std::string victim = d.File("dest");
  WriteRaw(victim, "dest");
  fs::create_symlink(victim, d.File("link"));
  ASSERT_TRUE(WriteFileAtomically(d.File("link"), "new", Opts()).ok());
  EXPECT_FALSE(fs::is_symlink(d.File("link")));
  EXPECT_EQ(ReadAll(d.File("link")), "new");
  EXPECT_EQ(ReadAll(victim), "dest");

  fs::create_symlink(victim, d.File("link2"));
  ASSERT_TRUE(WriteFileAtomically(d.File("link2"), "through",
                                  Opts(kPublicFileMode, NonRegularTarget::kWriteInPlace))
                  .ok());
  EXPECT_TRUE(fs::is_symlink(d.File("link2")));
  EXPECT_EQ(ReadAll(victim), "through");
}

// ------------------------------------------------------------ non-regular targets

TEST(AtomicFileWriter, DirectoryTargetIsRefusedEitherWay) {
  TempDir d;
  fs::create_directory(d.File("dir"));
  fs::create_directory_symlink(d.File("dir"), d.File("dirlink"));
  for (auto nr : {NonRegularTarget::kRefuse, NonRegularTarget::kWriteInPlace}) {
    for (const char* name : {"dir", "dirlink"}) {
      const absl::Status s = WriteFileAtomically(d.File(name), "x", Opts(kPublicFileMode, nr));
      EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << name;
      EXPECT_EQ(s.message(), d.File(name) + ": is a directory");
    }
  }
  EXPECT_EQ(d.Entries(), (std::vector<std::string>{"dir", "dirlink"}));
}

TEST(AtomicFileWriter, FifoTargetIsRefusedOrWrittenInPlaceNeverReplaced) {
  TempDir d;
  const std::string fifo = d.File("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const absl::Status refused = WriteFileAtomically(fifo, "x", Opts());
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(refused), HasSubstr("is not a regular file (a FIFO)"));
  std::string got;
  std::thread reader([&] { got = ReadAll(fifo); });
  const absl::Status s =
      WriteFileAtomically(fifo, "through the pipe\n", Opts(0600, NonRegularTarget::kWriteInPlace));
  reader.join();
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(got, "through the pipe\n");
  EXPECT_TRUE(S_ISFIFO(ModeOf(fifo)));
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"pipe"});
}

TEST(AtomicFileWriter, DevicesAreWrittenInPlaceAndAFullDeviceIsAnError) {
  FileWriteOptions o = Opts(kPublicFileMode, NonRegularTarget::kWriteInPlace);
  EXPECT_TRUE(WriteFileAtomically("/dev/null", "discarded", o).ok());
  EXPECT_TRUE(S_ISCHR(ModeOf("/dev/null")));
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  const absl::Status s = WriteFileAtomically("/dev/full", std::string(1 << 16, 'x'), o);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  EXPECT_THAT(Msg(s), HasSubstr(std::strerror(ENOSPC)));
  EXPECT_EQ(WriteFileAtomically("/dev/null", "x", Opts()).code(),
            absl::StatusCode::kFailedPrecondition);
}

// ------------------------------------------------------------ failures

struct StepCase {
  FileStep step;
  int nth;
  int err;
};

class WriterFailureTest : public ::testing::TestWithParam<StepCase> {};

TEST_P(WriterFailureTest, OldFileSurvivesAndNoTemporaryIsLeft) {
  const StepCase c = GetParam();
  TempDir d;
  const std::string path = d.File("target.csv");
  const std::string old_text(5000, 'o'), new_text(5000, 'n');
  ASSERT_TRUE(WriteFileAtomically(path, old_text, Opts()).ok());
  HookGuard guard;
  int seen = 0;
  internal::SetFileIoFailHookForTesting(
      [&](FileStep s) { return s == c.step && ++seen == c.nth ? c.err : 0; });
  const absl::Status s = WriteInPieces(path, new_text, 1000);
  internal::SetFileIoFailHookForTesting({});
  ASSERT_FALSE(s.ok()) << internal::FileStepName(c.step);
  EXPECT_THAT(Msg(s), HasSubstr(std::strerror(c.err)));
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"target.csv"}) << "temporary left behind";
  if (c.step == FileStep::kFsyncDir) {
    EXPECT_THAT(Msg(s), HasSubstr("file written, but fsync of the directory failed"));
    EXPECT_EQ(ReadAll(path), new_text);
  } else {
    EXPECT_EQ(ReadAll(path), old_text) << internal::FileStepName(c.step);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryStep, WriterFailureTest,
    ::testing::Values(StepCase{FileStep::kCreateTemp, 1, EIO}, StepCase{FileStep::kWrite, 1, EIO},
                      StepCase{FileStep::kWrite, 3, EIO}, StepCase{FileStep::kWrite, 5, ENOSPC},
                      StepCase{FileStep::kWrite, 2, EDQUOT}, StepCase{FileStep::kFsyncFile, 1, EIO},
                      StepCase{FileStep::kClose, 1, EIO}, StepCase{FileStep::kRename, 1, EIO},
                      StepCase{FileStep::kFsyncDir, 1, EIO}));

TEST(AtomicFileWriter, ShortWritesAreCompleted) {
  TempDir d;
  HookGuard guard;
  int writes = 0;
  internal::SetFileIoFailHookForTesting([&](FileStep s) {
    if (s != FileStep::kWrite) return 0;
    ++writes;
    return internal::kInjectShortWrite;
  });
  std::string text;
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + ",";
  ASSERT_TRUE(WriteInPieces(d.File("s"), text, 4096).ok());
  internal::SetFileIoFailHookForTesting({});
  EXPECT_EQ(ReadAll(d.File("s")), text);
  EXPECT_GT(writes, 30);  // every piece took several calls
}

TEST(AtomicFileWriter, WriteAfterFailureAndCommitTwiceAreRefused) {
  TempDir d;
  HookGuard guard;
  auto w = AtomicFileWriter::Create(d.File("f"), Opts());
  ASSERT_TRUE(w.ok());
  internal::SetFileIoFailHookForTesting([](FileStep) { return EIO; });
  EXPECT_FALSE(w->Write("a").ok());
  internal::SetFileIoFailHookForTesting({});
  EXPECT_EQ(w->Write("b").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(w->Commit().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(d.Entries().empty());
  auto v = AtomicFileWriter::Create(d.File("g"), Opts());
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->Commit().ok());
  EXPECT_EQ(v->Commit().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"g"});
}

// A real file-size limit (RLIMIT_FSIZE: the kernel refuses the write with
// EFBIG, as a full disk refuses it with ENOSPC), in a child process.
TEST(AtomicFileWriter, FileSizeLimitFailsTheWriteAndKeepsTheOldFile) {
  TempDir d;
  const std::string path = d.File("big.csv");
  WriteRaw(path, "old");
  const pid_t p = ::fork();
  if (p == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{1 << 16, 1 << 16};
    if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) _exit(3);
    const absl::Status s = WriteInPieces(path, std::string(1 << 20, 'n'), 1 << 14);
    if (s.ok()) _exit(1);
    if (std::string(s.message()).find(std::strerror(EFBIG)) == std::string::npos) _exit(2);
    _exit(0);
  }
  int st = 0;
  ASSERT_EQ(::waitpid(p, &st, 0), p);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 0) << "1: write succeeded, 2: wrong message, 3: setrlimit";
  EXPECT_EQ(ReadAll(path), "old");
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"big.csv"});
}

// ------------------------------------------------------------ concurrency

// Several processes replace one target many times; a reader checks that
// every version it sees is complete (one writer's full content).
TEST(AtomicFileWriter, ConcurrentWritersAlwaysLeaveOneCompleteVersion) {
  TempDir d;
  const std::string path = d.File("shared.csv");
  constexpr int kWriters = 4, kRounds = 25;
  constexpr size_t kSize = 200000;
  auto content = [](int w, int r) {
    std::string s(kSize, static_cast<char>('a' + w));
    s.replace(0, 12, absl::StrCat("w", w, "r", r, "        ").substr(0, 12));
    return s;
  };
  ASSERT_TRUE(WriteFileAtomically(path, content(0, -1), Opts()).ok());
  std::vector<pid_t> kids;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t p = ::fork();
    if (p == 0) {
      for (int r = 0; r < kRounds; ++r) {
        if (!WriteInPieces(path, content(w, r), 65536).ok()) _exit(1);
      }
      _exit(0);
    }
    kids.push_back(p);
  }
  int bad = 0, reads = 0;
  bool running = true;
  while (running) {
    const std::string got = ReadAll(path);
    ++reads;
    const bool complete = got.size() == kSize && got[0] == 'w' &&
                          std::all_of(got.begin() + 12, got.end(), [&](char ch) {
                            return ch == got.back() && ch >= 'a' && ch < 'a' + kWriters;
                          });
    bad += !complete;
    running = false;
    for (pid_t k : kids) {
      int st = 0;
      if (::waitpid(k, &st, WNOHANG) == 0) running = true;
    }
  }
  EXPECT_EQ(bad, 0) << "of " << reads << " reads";
  const std::string last = ReadAll(path);
  EXPECT_EQ(last.size(), kSize);
  EXPECT_EQ(d.Entries(), std::vector<std::string>{"shared.csv"});
}

// ------------------------------------------------------------ stale temporaries

TEST(AtomicFileWriter, StaleTemporariesOfDeadOrOldWritersAreRemovedOthersKept) {
  TempDir d;
  const std::string target = "t.csv";
  const std::string dead = ".t.csv.tmp-" + std::to_string(DeadPid()) + "-abcdef";
  const std::string live = ".t.csv.tmp-" + std::to_string(::getppid()) + "-abcdef";
  const std::string live_old = ".t.csv.tmp-" + std::to_string(::getppid()) + "-ghijkl";
  const std::string legacy_new = ".t.csv.tmp-ABCDEF";
  const std::string legacy_old = ".t.csv.tmp-GHIJKL";
  const std::string other_target = ".u.csv.tmp-" + std::to_string(DeadPid()) + "-abcdef";
  for (const auto& n : {dead, live, live_old, legacy_new, legacy_old, other_target}) {
    WriteRaw(d.File(n), "partial");
  }
  const timespec old_time[2] = {{::time(nullptr) - 2 * kStaleTemporaryAgeSeconds, 0},
                                {::time(nullptr) - 2 * kStaleTemporaryAgeSeconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, d.File(live_old).c_str(), old_time, 0), 0);
  ASSERT_EQ(::utimensat(AT_FDCWD, d.File(legacy_old).c_str(), old_time, 0), 0);
  auto w = AtomicFileWriter::Create(d.File(target), Opts());
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->stale_temporaries_removed(), 3);
  ASSERT_TRUE(w->Commit().ok());
  std::vector<std::string> want = {legacy_new, live, "t.csv", other_target};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(d.Entries(), want);
}

TEST(AtomicFileWriter, StaleSweepCanBeTurnedOff) {
  TempDir d;
  const std::string dead = ".t.tmp-" + std::to_string(DeadPid()) + "-abcdef";
  WriteRaw(d.File(dead), "partial");
  FileWriteOptions o = Opts();
  o.remove_stale_temporaries = false;
  ASSERT_TRUE(WriteFileAtomically(d.File("t"), "x", o).ok());
  EXPECT_EQ(d.Entries(), (std::vector<std::string>{dead, "t"}));
}

TEST(TemporaryOwnerPid, ParsesOnlyTheWritersOwnNameForm) {
  EXPECT_EQ(internal::TemporaryOwnerPid(".a.csv.tmp-123-abcdef", "a.csv"), 123);
  EXPECT_EQ(internal::TemporaryOwnerPid(".a.csv.tmp-abcdef", "a.csv"), std::nullopt);
  EXPECT_EQ(internal::TemporaryOwnerPid(".a.csv.tmp-123-abcde", "a.csv"), std::nullopt);
  EXPECT_EQ(internal::TemporaryOwnerPid(".a.csv.tmp-+12-abcdef", "a.csv"), std::nullopt);
  EXPECT_EQ(internal::TemporaryOwnerPid(".a.csv.tmp-0-abcdef", "a.csv"), std::nullopt);
  EXPECT_EQ(internal::TemporaryOwnerPid(".b.csv.tmp-123-abcdef", "a.csv"), std::nullopt);
  EXPECT_EQ(internal::TemporaryOwnerPid(".a.csv.tmp--abcdef", "a.csv"), std::nullopt);
}

// ------------------------------------------------------------ reader

TEST(FileReader, ReadsRegularFilesInPiecesAndReportsTheirSize) {
  TempDir d;
  std::string text;
  for (int i = 0; i < 100000; ++i) text += static_cast<char>('a' + i % 26);
  WriteRaw(d.File("f"), text);
  auto r = FileReader::Open(d.File("f"), {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->is_regular());
  EXPECT_EQ(r->size(), 100000);
  std::string got(100000, '\0');
  ASSERT_TRUE(r->ReadExactly(got.data(), 40000).ok());
  ASSERT_TRUE(r->ReadExactly(got.data() + 40000, 60000).ok());
  EXPECT_EQ(got, text);
  char c;
  EXPECT_EQ(*r->ReadSome(&c, 1), 0u);
  EXPECT_EQ(r->ReadExactly(&c, 1).code(), absl::StatusCode::kDataLoss);
}

TEST(FileReader, MissingDirectoryDeviceAndFifoAreRefusedBeforeAnyRead) {
  TempDir d;
  const auto missing = FileReader::Open(d.File("nope"), {});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(missing.status()), StartsWith(d.File("nope") + ": cannot open"));
  EXPECT_EQ(FileReader::Open(d.path(), {}).status().message(), d.path() + ": is a directory");
  FileReadOptions snap;
  snap.noun = "snapshot file";
  EXPECT_EQ(FileReader::Open(d.path(), snap).status().message(),
            d.path() + ": is a directory, not a snapshot file");
  const auto dev = FileReader::Open("/dev/null", {});
  EXPECT_EQ(dev.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(dev.status()), HasSubstr("character device"));
  FileReadOptions pipes;
  pipes.allow_pipes = true;
  EXPECT_EQ(FileReader::Open("/dev/zero", pipes).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // A FIFO with no writer: refused at once (this call would block forever if
  // the type were checked after a blocking open or read).
  const std::string fifo = d.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto f = FileReader::Open(fifo, {});
  EXPECT_EQ(f.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(f.status()), HasSubstr("is not a regular file (a FIFO)"));
}

TEST(FileReader, PipesAreReadWhenAllowed) {
  TempDir d;
  const std::string fifo = d.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo) << "streamed"; });
  FileReadOptions o;
  o.allow_pipes = true;
  auto r = FileReader::Open(fifo, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->is_regular());
  std::string got;
  char buf[4];
  while (true) {
    auto n = r->ReadSome(buf, sizeof buf);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    got.append(buf, *n);
  }
  writer.join();
  EXPECT_EQ(got, "streamed");
}

TEST(FileReader, SymlinksFollowedUnlessRefused) {
  TempDir d;
  WriteRaw(d.File("real"), "x");
  fs::create_symlink(d.File("real"), d.File("link"));
  EXPECT_TRUE(FileReader::Open(d.File("link"), {}).ok());
  FileReadOptions o;
  o.follow_symlinks = false;
  EXPECT_FALSE(FileReader::Open(d.File("link"), o).ok());
  EXPECT_TRUE(FileReader::Open(d.File("real"), o).ok());
}

TEST(FileReader, ReadErrorsAreReported) {
  TempDir d;
  WriteRaw(d.File("f"), "abc");
  HookGuard guard;
  auto r = FileReader::Open(d.File("f"), {});
  ASSERT_TRUE(r.ok());
  internal::SetFileIoFailHookForTesting([](FileStep s) { return s == FileStep::kRead ? EIO : 0; });
  char buf[3];
  const absl::Status s = r->ReadExactly(buf, 3);
  EXPECT_THAT(Msg(s), HasSubstr(std::strerror(EIO)));
  EXPECT_THAT(Msg(s), StartsWith(d.File("f") + ": cannot read"));
}

TEST(FileDescriptor, ClosesOnceAndMoves) {
  TempDir d;
  WriteRaw(d.File("f"), "x");
  FileDescriptor a(::open(d.File("f").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(a.valid());
  const int raw = a.get();
  FileDescriptor b(std::move(a));
  EXPECT_FALSE(a.valid());
  EXPECT_EQ(b.get(), raw);
  EXPECT_EQ(::fcntl(raw, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(b.Close(), 0);
  EXPECT_EQ(::fcntl(raw, F_GETFD), -1);
  EXPECT_EQ(b.Close(), 0);
}

}  // namespace
}  // namespace jobmatch
