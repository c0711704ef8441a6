// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/base/memory_budget.h"

#include <unistd.h>

#include <algorithm>
#include <limits>

#include "absl/strings/str_format.h"
#include "base/internal/absl_compat.h"

namespace jobmatch {

int64_t DefaultMemoryBudgetBytes() {
  static const int64_t budget = [] {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0) return int64_t{8} << 30;
    const int64_t phys = SaturatingBytes(pages, page);
    return std::max<int64_t>(phys / 2, int64_t{256} << 20);
  }();
  return budget;
}

int64_t ResolveMemoryBudget(int64_t budget) {
  return budget > 0 ? budget : DefaultMemoryBudgetBytes();
}

int64_t SaturatingBytes(int64_t a, int64_t b, int64_t c) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t r = 1;
  for (int64_t x : {a, b, c}) {
    if (x <= 0) return 0;
    if (r > kMax / x) return kMax;
    r *= x;
  }
  return r;
}

absl::Status CheckMemoryBudget(int64_t bytes, int64_t budget, std::string_view what) {
  const int64_t limit = ResolveMemoryBudget(budget);
  if (bytes <= limit) return absl::OkStatus();
  constexpr double kMiB = 1024.0 * 1024.0;
  return absl::ResourceExhaustedError(absl::StrFormat(
      "%s needs about %.0f MiB, more than the memory budget of %.0f MiB (memory_budget_bytes, "
      "CLI --memory-budget)",
      internal::Sv(what), static_cast<double>(bytes) / kMiB, static_cast<double>(limit) / kMiB));
}

}  // namespace jobmatch
