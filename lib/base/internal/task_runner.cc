// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "base/internal/task_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace jobmatch::internal {
namespace {

constexpr absl::string_view kTopKCancelled = "top-k cancelled by the progress callback";

// The pool: runs the tasks as RunTasks documents, except the final progress
// report. Returns false when the progress callback cancelled (at the start
// or while the workers ran).
bool RunUntilCancelled(int64_t tasks, int threads, const ProgressFn& progress, int64_t total_units,
                       const std::function<int64_t(int64_t)>& run) {
  if (progress && !progress(0, total_units)) return false;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> done_units{0};
  std::atomic<bool> cancel{false};
  std::mutex mu;
  std::condition_variable cv;
  const int workers = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, tasks)));
  int running = workers;
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(workers));
  for (int t = 0; t < workers; ++t) {
    pool.emplace_back([&] {
      for (;;) {
        if (cancel.load(std::memory_order_relaxed)) break;
        const int64_t task = next.fetch_add(1);
        if (task >= tasks) break;
        done_units.fetch_add(run(task), std::memory_order_relaxed);
      }
      std::lock_guard<std::mutex> lock(mu);
      if (--running == 0) cv.notify_all();
    });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    while (running > 0) {
      cv.wait_for(lock, std::chrono::milliseconds(200));
      if (progress && running > 0) {
        lock.unlock();
        if (!progress(done_units.load(), total_units)) cancel.store(true);
        lock.lock();
      }
    }
  }
  for (auto& th : pool) th.join();
  return !cancel.load();
}

}  // namespace

absl::Status RunTasks(int64_t tasks, int threads, const ProgressFn& progress, int64_t total_units,
                      const std::function<int64_t(int64_t)>& run) {
  if (!RunUntilCancelled(tasks, threads, progress, total_units, run)) {
    return absl::CancelledError(kTopKCancelled);
  }
  if (progress) progress(total_units, total_units);
  return absl::OkStatus();
}

absl::Status RunTasks(int64_t tasks, int threads, const ProgressFn& progress,
                      absl::string_view cancelled_message,
                      const std::function<absl::Status(int64_t)>& run) {
  std::vector<absl::Status> status(static_cast<size_t>(std::max<int64_t>(0, tasks)));
  const bool finished = RunUntilCancelled(tasks, threads, progress, tasks, [&](int64_t task) {
    status[task] = run(task);
    return int64_t{1};
  });
  for (const absl::Status& st : status) {
    if (!st.ok()) return st;
  }
  if (!finished) return absl::CancelledError(cancelled_message);
  if (progress) progress(tasks, tasks);
  return absl::OkStatus();
}

}  // namespace jobmatch::internal
