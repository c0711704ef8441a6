// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the one task runner. Every parallel loop of the library (the
// top-k searches, training advice, the parts of an assignment or a stable
// matching) runs its tasks here: explicit threads started for the call (no
// hidden pool), a shared task counter, and the calling thread waiting,
// reporting progress and relaying cancellation. Callers resolve their
// `num_threads` option with ResolveThreadCount (jobmatch/base/threads.h).
#ifndef JOBMATCH_LIB_BASE_INTERNAL_TASK_RUNNER_H_
#define JOBMATCH_LIB_BASE_INTERNAL_TASK_RUNNER_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/base/threads.h"

namespace jobmatch::internal {

// Runs task ids 0..tasks-1, each exactly once (unless cancelled), on
// min(threads, tasks) worker threads (at least 1); tasks are handed out in
// increasing id order. `run(task)` returns the units of work it did. The
// calling thread reports progress: first (0, total_units), then (units done,
// total_units) every 200 ms while workers run, and (total_units,
// total_units) at the end; when the callback returns false the workers stop
// after their current task and the call returns Cancelled ("top-k cancelled
// by the progress callback"). `run` is called from several threads at once.
absl::Status RunTasks(int64_t tasks, int threads, const ProgressFn& progress, int64_t total_units,
                      const std::function<int64_t(int64_t)>& run);

// The same runner for tasks that can fail: a task's unit of work is the task
// itself (progress reports (tasks done, tasks)). A failing task does not
// stop the others. Returns the error of the lowest-numbered failing task,
// else Cancelled(`cancelled_message`) if the progress callback cancelled,
// else OK.
absl::Status RunTasks(int64_t tasks, int threads, const ProgressFn& progress,
                      absl::string_view cancelled_message,
                      const std::function<absl::Status(int64_t)>& run);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_BASE_INTERNAL_TASK_RUNNER_H_
