// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Standard output, checked: every write, the final flush and the close of
// stdout are checked, so `> /dev/full`, a closed stdout (`>&-`) and a
// broken pipe end in an error and kExitOutput instead of exit 0
// (docs/cli.md, "Exit status").
#ifndef JOBMATCH_CLI_OUTPUT_H_
#define JOBMATCH_CLI_OUTPUT_H_

#include <string_view>

namespace jobmatch::cli {

// Once, first thing in main: SIGPIPE is ignored (a closed pipe is reported
// as EPIPE), and a closed descriptor 0, 1 or 2 is replaced by /dev/null so
// that no file the CLI opens later can take its number (output meant for
// stdout would otherwise land in that file). Remembers whether stdout was
// closed.
void InitStandardStreams();

// Writes `text` to stdout; the first error is remembered (later writes are
// skipped) and reported by FinishStdout.
void Print(std::string_view text);

// Once, last thing in main: flushes and closes stdout. Returns `code` when
// stdout is fine; otherwise prints "jobmatch: error: cannot write standard
// output: <reason>" and returns `code` if it already signals an error, else
// kExitOutput.
int FinishStdout(int code);

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_OUTPUT_H_
