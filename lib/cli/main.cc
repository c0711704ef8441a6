// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The `jobmatch` command-line tool (docs/cli.md): dispatch only. Each
// subcommand lives in cmd_<name>.cc:
//   generate   write a synthetic city as CSV
//   recommend  exact top-k in either direction, to CSV
//   explain    one pair, human-readable
//   policy     print the default policy or check a policy file
//   allocate   one allocation that respects openings
//   demo       generate a city, recommend both ways, print a summary
//   snapshot   save | load | inspect a snapshot of the whole engine state
// Parsing is cli/command_line.h. Nothing escapes main: an exception ends in a message and a
// documented exit status (cli/exit_codes.h), never an abort.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

#include "cli/command_line.h"
#include "cli/exit_codes.h"
#include "cli/malloc_huge_pages.h"
#include "cli/output.h"

namespace jobmatch::cli {
namespace {

int Run(int argc, char** argv) {
  CommandLine command_line;
  return command_line.Main(argc, argv);
}

// An exception that escapes a worker thread (or a noexcept function) ends in
// std::terminate: report it like main does instead of aborting.
[[noreturn]] void OnTerminate() {
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      std::fputs("jobmatch: error: out of memory (try a smaller input or --memory-budget)\n",
                 stderr);
      std::_Exit(kExitResource);
    } catch (const std::exception& x) {
      std::fprintf(stderr, "jobmatch: internal error: %s\n", x.what());
    } catch (...) {
      std::fputs("jobmatch: internal error: unknown exception\n", stderr);
    }
  } else {
    std::fputs("jobmatch: internal error: terminate called\n", stderr);
  }
  std::_Exit(kExitInternal);
}

}  // namespace
}  // namespace jobmatch::cli

int main(int argc, char** argv) {
  using namespace jobmatch::cli;
  // Before anything is read or written: may replace this process with
  // itself under glibc's huge pages (cli/malloc_huge_pages.h).
  RestartWithHugePagesIfUseful(argv);
  std::set_terminate(OnTerminate);
  InitStandardStreams();
  int code = kExitInternal;
  try {
    code = Run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("jobmatch: error: out of memory (try a smaller input or --memory-budget)\n", stderr);
    code = kExitResource;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jobmatch: internal error: %s\n", e.what());
    code = kExitInternal;
  } catch (...) {
    std::fputs("jobmatch: internal error: unknown exception\n", stderr);
    code = kExitInternal;
  }
  return FinishStdout(code);
}
