// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Test-only reference implementations ("oracles") that the optimised code is
// checked against. Deliberately simple and slow: they share no code with the
// algorithms they check beyond Scorer::Score. Part of the test-only target
// jobmatch_testing, never of the installed library.
#ifndef JOBMATCH_TESTS_TESTING_ORACLES_H_
#define JOBMATCH_TESTS_TESTING_ORACLES_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"

namespace jobmatch::testing {

// Top-k by scoring every pair with Scorer::Score and sorting by (score
// descending, index ascending); honours options.rows, options.k and
// options.excluded_candidates. O(|S| |V| log) and single-threaded.
TopKResult BruteForceTopK(const Scorer& scorer, Direction direction, const TopKOptions& options);

// Exhaustive search over all feasible assignments, with the objectives of
// SolveAssignment (coverage, then cardinality when asked, then reserved
// places filled, then weight). Only for tiny inputs: InvalidArgument above
// 12 rows or on malformed input.
absl::StatusOr<Assignment> ExhaustiveAssignment(int64_t num_rows,
                                                absl::Span<const int32_t> capacity,
                                                const EdgeList& edges,
                                                const AssignmentOptions& options);

}  // namespace jobmatch::testing

#endif  // JOBMATCH_TESTS_TESTING_ORACLES_H_
