// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: an allocator for large arrays that are read at random (the
// assignment solver's edges, row and column states). Blocks of at least
// kHugeBlock bytes are mapped anonymously, 2 MiB aligned, and advised for
// transparent huge pages (Linux madvise MADV_HUGEPAGE), which the kernel
// honours when its THP mode is "always" or "madvise" (Debian's default):
// one TLB entry then covers 2 MiB instead of 4 KiB, and a fresh array costs
// one page fault per 2 MiB instead of per 4 KiB. On the benchmark graphs
// this saves about 15 % of the solver's CPU time (docs/benchmarks.md).
// Smaller blocks and other systems use ordinary memory, and refused advice
// leaves ordinary pages: the allocator never changes what a program
// computes. For plain std::vectors (an assignment plan's parts), the public
// ReserveHuge (jobmatch/base/huge_pages.h) gives the same advice to a
// reserved buffer before it is filled.
#ifndef JOBMATCH_LIB_BASE_INTERNAL_HUGE_PAGES_H_
#define JOBMATCH_LIB_BASE_INTERNAL_HUGE_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include "jobmatch/base/huge_pages.h"

namespace jobmatch::internal {

inline constexpr size_t kHugePage = size_t{2} << 20;
inline constexpr size_t kHugeBlock = size_t{4} << 20;

// x rounded up to a multiple of kHugePage (a size, or an address as an
// integer): the one rounding of this file's mappings and advice.
constexpr size_t RoundUpToHugePage(size_t x) { return (x + kHugePage - 1) / kHugePage * kHugePage; }

// Maps `bytes` (a multiple of kHugePage) of zeroed memory aligned to
// kHugePage and advises huge pages (ignored if refused); throws
// std::bad_alloc when no memory is left. Where memory cannot be mapped
// (not Linux), plain operator new / delete.
void* MapHuge(size_t bytes);
void UnmapHuge(void* p, size_t bytes) noexcept;

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: allocator rebind

  // Whether a block is mapped depends on its size only, so deallocate knows.
  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const size_t bytes = n * sizeof(T);
    if (bytes >= kHugeBlock) return static_cast<T*>(MapHuge(RoundUpToHugePage(bytes)));
    return static_cast<T*>(::operator new(bytes, std::align_val_t(alignof(T))));
  }
  void deallocate(T* p, size_t n) noexcept {
    const size_t bytes = n * sizeof(T);
    if (bytes >= kHugeBlock) {
      UnmapHuge(p, RoundUpToHugePage(bytes));
    } else {
      ::operator delete(p, std::align_val_t(alignof(T)));
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept {
    return false;
  }
};

template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_BASE_INTERNAL_HUGE_PAGES_H_
