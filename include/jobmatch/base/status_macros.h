// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Small status-propagation macros. Debian 12's Abseil (20220623) does not
// ship RETURN_IF_ERROR / ASSIGN_OR_RETURN, so jobmatch defines its own,
// prefixed JOBMATCH_. JOBMATCH_CHECK guards internal invariants (never user
// input): on failure it prints the condition and aborts.
#ifndef JOBMATCH_BASE_STATUS_MACROS_H_
#define JOBMATCH_BASE_STATUS_MACROS_H_

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status); returns it from the calling function
// when it is not OK.
#define JOBMATCH_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::absl::Status jobmatch_status_ = (expr);            \
    if (!jobmatch_status_.ok()) return jobmatch_status_; \
  } while (0)

#define JOBMATCH_CONCAT_INNER_(a, b) a##b
#define JOBMATCH_CONCAT_(a, b) JOBMATCH_CONCAT_INNER_(a, b)

// `lhs` = value of `rexpr` (an absl::StatusOr<T>), or returns its status.
#define JOBMATCH_ASSIGN_OR_RETURN(lhs, rexpr) \
  JOBMATCH_ASSIGN_OR_RETURN_IMPL_(JOBMATCH_CONCAT_(jobmatch_sor_, __LINE__), lhs, rexpr)
#define JOBMATCH_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                    \
  if (!tmp.ok()) return std::move(tmp).status();         \
  lhs = std::move(tmp).value()

// Aborts with a message when an internal invariant does not hold.
#define JOBMATCH_CHECK(cond)                                                                 \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "%s:%d: JOBMATCH_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

#endif  // JOBMATCH_BASE_STATUS_MACROS_H_
