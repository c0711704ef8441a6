// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: Debian 12's Abseil is built with its own absl::string_view (not
// an alias of std::string_view), so std::string_view values must be
// converted before they reach absl::StrCat or heterogeneous hash lookups.
#ifndef JOBMATCH_LIB_BASE_INTERNAL_ABSL_COMPAT_H_
#define JOBMATCH_LIB_BASE_INTERNAL_ABSL_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace jobmatch::internal {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view Std(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_BASE_INTERNAL_ABSL_COMPAT_H_
