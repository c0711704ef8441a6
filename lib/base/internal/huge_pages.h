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
// computes. For the plain std::vectors of public types (an assignment
// plan's parts), ReserveHuge gives the same advice to a reserved buffer
// before it is filled.
#ifndef JOBMATCH_LIB_BASE_INTERNAL_HUGE_PAGES_H_
#define JOBMATCH_LIB_BASE_INTERNAL_HUGE_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

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

// Advises huge pages for the whole 2 MiB pages inside [p, p + bytes) when
// the range is at least kHugeBlock long (Linux; elsewhere, and for shorter
// ranges, nothing). For memory that is not touched yet, such as the buffer
// of a vector just reserved: the kernel then backs it with huge pages as
// it is first written, as MapHuge's blocks are. Memory that malloc keeps
// after it is freed keeps the advice when reused: that changes its page
// size (a reused huge page is resident whole), never its contents.
void AdviseHugePages(const void* p, size_t bytes) noexcept;

// v.reserve(n), the new buffer advised for huge pages (AdviseHugePages).
// Call it on a vector that is empty or about to be filled, before the
// elements are written: the advice helps only pages not yet touched.
template <typename T, typename A>
void ReserveHuge(std::vector<T, A>& v, size_t n) {
  const T* before = v.data();
  v.reserve(n);
  if (v.data() != before) {
    AdviseHugePages(v.data() + v.size(), (v.capacity() - v.size()) * sizeof(T));
  }
}

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
