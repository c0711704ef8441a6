// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include "absl/strings/str_format.h"

namespace jobmatch::cli {

double Seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

void AddProgressOptions(CLI::App* app, ProgressOpts& p) {
  app->add_flag("--quiet,-q", p.quiet, "No progress line or timing summary on stderr");
  app->add_flag("--progress", p.force, "Progress line on stderr even when it is not a terminal");
}

ProgressFn MakeProgress(const std::string& what, const ProgressOpts& po, const std::string& unit) {
  if (po.quiet) return {};
  const bool tty = isatty(fileno(stderr)) != 0;
  if (!tty && !po.force) return {};
  auto start = std::make_shared<Clock::time_point>(Clock::now());
  auto last = std::make_shared<double>(-10.0);
  return [what, unit, tty, start, last](int64_t done, int64_t total) {
    const double t = Seconds(*start);
    const bool finished = done >= total;
    if (!tty && !finished && t - *last < 5.0) return true;
    *last = t;
    const double pct = total > 0 ? 100.0 * static_cast<double>(done) / total : 100.0;
    const double eta = done > 0 && !finished ? t * (total - done) / done : 0.0;
    std::fprintf(stderr, "%s[%s] %5.1f%%  %lld/%lld %s  %.1f s elapsed%s%s", tty ? "\r" : "",
                 what.c_str(), pct, static_cast<long long>(done), static_cast<long long>(total),
                 unit.c_str(), t, finished ? "" : absl::StrFormat(", ~%.0f s left", eta).c_str(),
                 tty && !finished ? "   " : "\n");
    std::fflush(stderr);
    return true;
  };
}

}  // namespace jobmatch::cli
