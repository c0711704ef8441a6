// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Large arrays on transparent huge pages. A fresh array is faulted in by
// the kernel a page at a time as it is first written: 4 KiB pages cost one
// fault each, which on a virtual machine was most of the time of filling a
// large array (an allocation plan's parts, a part received from the network;
// docs/benchmarks.md, "Dask against one process"). Advised for huge pages,
// the kernel backs it 2 MiB at a time (Linux, THP mode "always" or
// "madvise", Debian's default). The advice never changes what an array
// holds; refused, or elsewhere than Linux, it is nothing.
#ifndef JOBMATCH_BASE_HUGE_PAGES_H_
#define JOBMATCH_BASE_HUGE_PAGES_H_

#include <cstddef>
#include <vector>

namespace jobmatch {

// Advises huge pages for the whole 2 MiB pages inside [p, p + bytes) when
// the range is at least 4 MiB long (Linux; elsewhere, and for shorter
// ranges, nothing). For memory that is not touched yet, such as the buffer
// of a vector just reserved: the kernel then backs it with huge pages as it
// is first written. Memory that malloc keeps after it is freed keeps the
// advice when reused: that changes its page size (a reused huge page is
// resident whole), never its contents.
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

}  // namespace jobmatch

#endif  // JOBMATCH_BASE_HUGE_PAGES_H_
