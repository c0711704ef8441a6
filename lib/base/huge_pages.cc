// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/base/huge_pages.h"

#include <cstdint>

#include "base/internal/huge_pages.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace jobmatch {

void AdviseHugePages(const void* p, size_t bytes) noexcept {
#if defined(__linux__)
  using internal::kHugeBlock;
  using internal::kHugePage;
  if (bytes < kHugeBlock) return;
  const uintptr_t begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t first = internal::RoundUpToHugePage(begin);
  const uintptr_t last = (begin + bytes) / kHugePage * kHugePage;  // rounded down
  // A refusal (THP off, an old kernel) only costs speed.
  if (last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace jobmatch
