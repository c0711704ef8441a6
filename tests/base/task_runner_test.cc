// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The one task runner (base/internal/task_runner.h): every task runs exactly
// once, units and progress add up, the error of the lowest-numbered failing
// task wins, a false from the progress callback stops the workers early, and
// more threads than tasks is fine. No timing is asserted: cancellation is
// forced by tasks that wait until the callback has cancelled.
#include "base/internal/task_runner.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::internal {
namespace {

using ::testing::HasSubstr;

// Records every progress report (thread-safe: only the calling thread
// reports, but the test reads after the call).
struct ProgressLog {
  std::mutex mu;
  std::vector<std::pair<int64_t, int64_t>> calls;
  ProgressFn fn() {
    return [this](int64_t done, int64_t total) {
      std::lock_guard<std::mutex> lock(mu);
      calls.emplace_back(done, total);
      return true;
    };
  }
};

TEST(RunTasks, EveryTaskRunsOnceForAnyThreadCount) {
  for (int64_t tasks : {0, 1, 2, 7, 100, 1000}) {
    for (int threads : {1, 2, 3, 8, 64}) {  // also more threads than tasks
      std::vector<std::atomic<int>> runs(static_cast<size_t>(tasks));
      ProgressLog log;
      const int64_t total = 3 * tasks;
      absl::Status st = RunTasks(tasks, threads, log.fn(), total, [&](int64_t t) {
        runs[t].fetch_add(1);
        return int64_t{3};
      });
      ASSERT_TRUE(st.ok()) << st;
      for (int64_t t = 0; t < tasks; ++t) EXPECT_EQ(runs[t].load(), 1) << tasks << " " << t;
      ASSERT_GE(log.calls.size(), 2u);
      EXPECT_EQ(log.calls.front(), std::make_pair(int64_t{0}, total));
      EXPECT_EQ(log.calls.back(), std::make_pair(total, total));
      for (size_t i = 1; i < log.calls.size(); ++i) {
        EXPECT_LE(log.calls[i - 1].first, log.calls[i].first);  // units never go back
        EXPECT_LE(log.calls[i].first, total);
      }
    }
  }
}

TEST(RunTasks, WithoutProgressCallbackRunsEverything) {
  std::atomic<int64_t> sum{0};
  ASSERT_TRUE(RunTasks(500, 4, ProgressFn(), 500, [&](int64_t t) {
                sum.fetch_add(t);
                return int64_t{1};
              }).ok());
  EXPECT_EQ(sum.load(), 499 * 500 / 2);
}

TEST(RunTasks, FailingTasksReportTheLowestNumberedErrorAndAllStillRun) {
  for (int threads : {1, 2, 5, 40}) {
    std::vector<std::atomic<int>> runs(30);
    ProgressLog log;
    absl::Status st = RunTasks(30, threads, log.fn(), "cancelled here", [&](int64_t t) {
      runs[t].fetch_add(1);
      if (t == 21) return absl::InternalError("task 21");
      if (t == 7) return absl::NotFoundError("task 7");
      if (t == 13) return absl::InvalidArgumentError("task 13");
      return absl::OkStatus();
    });
    EXPECT_EQ(st.code(), absl::StatusCode::kNotFound) << st;
    EXPECT_EQ(st.message(), "task 7");
    for (int t = 0; t < 30; ++t) EXPECT_EQ(runs[t].load(), 1) << t;
    // No final (total, total) report after a failure.
    ASSERT_FALSE(log.calls.empty());
    EXPECT_EQ(log.calls.front(), std::make_pair(int64_t{0}, int64_t{30}));
    EXPECT_NE(log.calls.back(), std::make_pair(int64_t{30}, int64_t{30}));
  }
}

TEST(RunTasks, StatusTasksCountTasksAsUnits) {
  ProgressLog log;
  std::atomic<int> ran{0};
  ASSERT_TRUE(RunTasks(9, 3, log.fn(), "unused", [&](int64_t) {
                ran.fetch_add(1);
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(ran.load(), 9);
  EXPECT_EQ(log.calls.front(), std::make_pair(int64_t{0}, int64_t{9}));
  EXPECT_EQ(log.calls.back(), std::make_pair(int64_t{9}, int64_t{9}));
}

TEST(RunTasks, FalseAtTheFirstReportRunsNothing) {
  std::atomic<int> ran{0};
  auto refuse = [](int64_t, int64_t) { return false; };
  absl::Status st = RunTasks(100, 4, refuse, 100, [&](int64_t) {
    ran.fetch_add(1);
    return int64_t{1};
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled);
  EXPECT_THAT(st.message(), HasSubstr("top-k cancelled"));
  st = RunTasks(100, 4, refuse, "parts cancelled", [&](int64_t) {
    ran.fetch_add(1);
    return absl::OkStatus();
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(st.message(), "parts cancelled");
  EXPECT_EQ(ran.load(), 0);
}

// Every task waits until the progress callback is about to return false (the
// second report, made while the workers run), so before the cancel each
// worker holds at most one task: at most `threads` tasks start before it.
// Between the callback's flag and its return a worker may still finish its
// task and take a few more (they no longer wait; under TSan this window is
// wide), but the runner must stop long before the many tasks are done.
template <typename Call>
void ExpectCancelStopsEarly(int threads, const Call& call) {
  constexpr int64_t kTasks = 10000;
  std::atomic<bool> cancelled{false};
  std::atomic<int64_t> ran{0}, before_cancel{0};
  int reports = 0;
  std::vector<std::pair<int64_t, int64_t>> calls;
  ProgressFn progress = [&](int64_t done, int64_t total) {
    calls.emplace_back(done, total);
    if (++reports < 2) return true;
    cancelled.store(true);
    return false;
  };
  auto task = [&](int64_t) {
    ran.fetch_add(1);
    if (!cancelled.load()) before_cancel.fetch_add(1);
    while (!cancelled.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  absl::Status st = call(kTasks, threads, progress, task);
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled) << st;
  EXPECT_GE(before_cancel.load(), 1);
  EXPECT_LE(before_cancel.load(), threads);
  EXPECT_LT(ran.load(), kTasks / 10);
  EXPECT_EQ(calls.size(), 2u);  // no report after the cancel
}

TEST(RunTasks, FalseFromProgressWhileRunningStopsTheWorkersEarly) {
  for (int threads : {1, 2, 4}) {
    ExpectCancelStopsEarly(threads, [](int64_t tasks, int th, const ProgressFn& p, auto& task) {
      return RunTasks(tasks, th, p, tasks, [&](int64_t t) {
        task(t);
        return int64_t{1};
      });
    });
    ExpectCancelStopsEarly(threads, [](int64_t tasks, int th, const ProgressFn& p, auto& task) {
      return RunTasks(tasks, th, p, "stopped", [&](int64_t t) {
        task(t);
        return absl::OkStatus();
      });
    });
  }
}

TEST(RunTasks, AFailureStillWinsOverACancel) {
  std::atomic<bool> cancelled{false};
  int reports = 0;
  ProgressFn progress = [&](int64_t, int64_t) {
    if (++reports < 2) return true;
    cancelled.store(true);
    return false;
  };
  absl::Status st = RunTasks(1000, 2, progress, "stopped", [&](int64_t t) {
    while (!cancelled.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return t == 0 ? absl::DataLossError("task 0") : absl::OkStatus();
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kDataLoss) << st;
}

}  // namespace
}  // namespace jobmatch::internal
