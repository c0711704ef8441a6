// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Progress reporting and cancellation for long calls.
#ifndef JOBMATCH_BASE_PROGRESS_H_
#define JOBMATCH_BASE_PROGRESS_H_

#include <cstdint>
#include <functional>

namespace jobmatch {

// Called from the calling thread (never concurrently) with the work done so
// far and the total, in units the call documents (rows, pairs, …). Return
// false to cancel: the call then stops soon and returns absl::CancelledError.
// An empty function means no reporting.
using ProgressFn = std::function<bool(int64_t done, int64_t total)>;

}  // namespace jobmatch

#endif  // JOBMATCH_BASE_PROGRESS_H_
