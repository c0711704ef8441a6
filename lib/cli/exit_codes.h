// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The CLI's exit statuses (docs/cli.md, "Exit status") and the one place
// that turns an absl::Status into a message and a status.
#ifndef JOBMATCH_CLI_EXIT_CODES_H_
#define JOBMATCH_CLI_EXIT_CODES_H_

#include "absl/status/status.h"

namespace jobmatch::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // bad input, unknown id, file errors, ...
inline constexpr int kExitUsage = 2;     // CLI11: unknown option, value out of range, ...
inline constexpr int kExitOutput = 3;    // standard output could not be written
inline constexpr int kExitResource = 4;  // memory budget, out of memory, disk full
inline constexpr int kExitInternal = 5;  // an unexpected exception (a bug)

// kExitResource for ResourceExhausted, kExitFailure for any other error.
int ExitCodeFor(const absl::Status& s);

// Prints "jobmatch: error: <message>" on stderr; returns ExitCodeFor(s).
int Fail(const absl::Status& s);

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_EXIT_CODES_H_
