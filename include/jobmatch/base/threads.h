// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The one rule for a thread-count parameter (`num_threads`, `--threads`).
#ifndef JOBMATCH_BASE_THREADS_H_
#define JOBMATCH_BASE_THREADS_H_

namespace jobmatch {

// The number of worker threads a call with `requested` uses: `requested`
// when it is positive; otherwise (0 = "all cores") the machine's hardware
// concurrency, and at least 1 when the machine does not report it.
// Thread-safe; O(1).
int ResolveThreadCount(int requested);

}  // namespace jobmatch

#endif  // JOBMATCH_BASE_THREADS_H_
