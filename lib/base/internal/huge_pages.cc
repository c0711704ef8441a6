// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "base/internal/huge_pages.h"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace jobmatch::internal {

#if defined(__linux__)
void* MapHuge(size_t bytes) {
  // Over-map by one huge page and trim, so the block starts on a boundary
  // (the kernel can only back aligned 2 MiB ranges with huge pages).
  const size_t span = bytes + kHugePage;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t begin = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = RoundUpToHugePage(begin);
  if (aligned > begin) munmap(raw, aligned - begin);
  const uintptr_t end = begin + span, used_end = aligned + bytes;
  if (end > used_end) munmap(reinterpret_cast<void*>(used_end), end - used_end);
  void* p = reinterpret_cast<void*>(aligned);
  (void)madvise(p, bytes, MADV_HUGEPAGE);  // a refusal only costs speed
  return p;
}

void UnmapHuge(void* p, size_t bytes) noexcept { munmap(p, bytes); }

#else
void* MapHuge(size_t bytes) { return ::operator new(bytes, std::align_val_t(kHugePage)); }
void UnmapHuge(void* p, size_t /*bytes*/) noexcept {
  ::operator delete(p, std::align_val_t(kHugePage));
}
#endif

}  // namespace jobmatch::internal
