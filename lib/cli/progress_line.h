// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The progress line on stderr and the timers of the timing summaries
// (docs/cli.md, "Progress and the timing summary").
#ifndef JOBMATCH_CLI_PROGRESS_LINE_H_
#define JOBMATCH_CLI_PROGRESS_LINE_H_

#include <chrono>
#include <string>

#include "CLI/CLI.hpp"
#include "jobmatch/base/progress.h"

namespace jobmatch::cli {

using Clock = std::chrono::steady_clock;

// Seconds since `a`.
double Seconds(Clock::time_point a);

struct ProgressOpts {
  bool quiet = false;  // --quiet: no progress line, no timing summary
  bool force = false;  // --progress: a line even when stderr is not a terminal
};

// Adds --quiet,-q and --progress to `app`.
void AddProgressOptions(CLI::App* app, ProgressOpts& p);

// A progress line on stderr, redrawn in place on a terminal; on a pipe, one
// line every few seconds so logs stay short. Empty (no reporting) with
// --quiet, or when stderr is not a terminal and --progress is not given.
ProgressFn MakeProgress(const std::string& what, const ProgressOpts& po,
                        const std::string& unit = "rows");

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_PROGRESS_LINE_H_
