// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/exit_codes.h"

namespace jobmatch::cli {
namespace {

struct StdoutState {
  bool closed_at_start = false;
  bool wrote = false;
  int error = 0;  // first errno
};

StdoutState& State() {
  static StdoutState state;
  return state;
}

}  // namespace

void InitStandardStreams() {
  std::signal(SIGPIPE, SIG_IGN);
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // open() returns the lowest free descriptor: this one.
    const int got = ::open("/dev/null", (fd == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
    if (got >= 0 && got != fd) ::close(got);
    if (fd == 1) State().closed_at_start = true;
  }
}

void Print(std::string_view text) {
  StdoutState& st = State();
  if (text.empty()) return;
  st.wrote = true;
  if (st.error != 0) return;
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    st.error = errno != 0 ? errno : EIO;
  }
}

int FinishStdout(int code) {
  StdoutState& st = State();
  errno = 0;
  if (st.error == 0 && std::fflush(stdout) != 0) st.error = errno != 0 ? errno : EIO;
  std::cout.flush();  // CLI11's help goes through std::cout (synced with stdout)
  if (st.error == 0 && std::cout.bad()) st.error = EIO;
  if (st.error == 0 && st.closed_at_start && (st.wrote || std::ftell(stdout) > 0)) {
    st.error = EBADF;
  }
  // Closing shows errors a file system reports late (NFS, quotas). The
  // descriptor is then pointed at /dev/null so exit-time flushes are no-ops.
  if (st.error == 0 && !st.closed_at_start && ::close(1) != 0 && errno != EINTR) {
    st.error = errno;
  }
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd >= 0 && null_fd != 1) {
    ::dup2(null_fd, 1);
    ::close(null_fd);
  }
  if (st.error == 0) return code;
  std::fprintf(stderr, "jobmatch: error: cannot write standard output: %s\n",
               st.error == EBADF ? "standard output is closed" : std::strerror(st.error));
  return code != kExitOk ? code : kExitOutput;
}

}  // namespace jobmatch::cli
