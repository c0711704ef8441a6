// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/exit_codes.h"

#include <iostream>

namespace jobmatch::cli {

int ExitCodeFor(const absl::Status& s) {
  if (s.ok()) return kExitOk;
  return s.code() == absl::StatusCode::kResourceExhausted ? kExitResource : kExitFailure;
}

int Fail(const absl::Status& s) {
  std::cerr << "jobmatch: error: " << s.message() << "\n";
  return ExitCodeFor(s);
}

}  // namespace jobmatch::cli
