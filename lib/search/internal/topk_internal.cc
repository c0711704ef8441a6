// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "search/internal/topk_internal.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "jobmatch/base/threads.h"

namespace jobmatch::internal {

absl::Status RunTasks(int64_t tasks, int threads, const ProgressFn& progress, int64_t total_units,
                      const std::function<int64_t(int64_t)>& run) {
  if (progress && !progress(0, total_units)) {
    return absl::CancelledError("top-k cancelled by the progress callback");
  }
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> done_units{0};
  std::atomic<bool> cancel{false};
  std::mutex mu;
  std::condition_variable cv;
  int running = threads;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (int t = 0; t < threads; ++t) {
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
  if (cancel.load()) return absl::CancelledError("top-k cancelled by the progress callback");
  if (progress) progress(total_units, total_units);
  return absl::OkStatus();
}

int ResolveThreads(int n) { return ResolveThreadCount(n); }

}  // namespace jobmatch::internal
