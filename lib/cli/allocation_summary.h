// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The allocation summary printed by `allocate` and `demo` (docs/cli.md):
// aggregates only, never an individual's key-group membership.
#ifndef JOBMATCH_CLI_ALLOCATION_SUMMARY_H_
#define JOBMATCH_CLI_ALLOCATION_SUMMARY_H_

#include "absl/status/status.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch::cli {

// Prints the summary of `r` (computed with `o` in `seconds`) to stdout.
absl::Status PrintAllocationSummary(const AllocationResult& r, const Scorer& scorer,
                                    const AllocationOptions& o, double seconds);

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_ALLOCATION_SUMMARY_H_
