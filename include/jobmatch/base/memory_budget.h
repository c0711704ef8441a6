// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// A memory budget: the calls whose memory grows with a caller's size
// parameter (top-k lists: rows x k; capacity-aware re-ranking: seekers x
// candidates; allocation: seekers x candidates; the generator: seekers and
// vacancies) estimate what they will allocate and refuse with
// ResourceExhausted, before allocating, when the estimate passes the budget.
// docs/reliability.md lists the estimates.
#ifndef JOBMATCH_BASE_MEMORY_BUDGET_H_
#define JOBMATCH_BASE_MEMORY_BUDGET_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"

namespace jobmatch {

// Half of the machine's physical memory (sysconf), at least 256 MiB; 8 GiB
// when the machine does not report it. Computed once; thread-safe.
int64_t DefaultMemoryBudgetBytes();

// `budget` when positive, else DefaultMemoryBudgetBytes().
int64_t ResolveMemoryBudget(int64_t budget);

// a * b * c bytes, saturating at INT64_MAX (negative factors count as 0).
int64_t SaturatingBytes(int64_t a, int64_t b, int64_t c = 1);

// OK when `bytes` <= ResolveMemoryBudget(budget); otherwise
// ResourceExhausted: "<what> needs about N MiB, more than the memory budget
// of M MiB (<option>)".
[[nodiscard]] absl::Status CheckMemoryBudget(int64_t bytes, int64_t budget, std::string_view what);

}  // namespace jobmatch

#endif  // JOBMATCH_BASE_MEMORY_BUDGET_H_
