// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// glibc's huge pages for the whole `jobmatch` process (docs/cli.md, "Huge
// pages"). Where the kernel gives transparent huge pages only to memory that
// asks for them (THP mode "madvise", Debian's default), every block glibc
// hands out is faulted in 4 KiB at a time and each page costs a TLB entry;
// glibc 2.35 and later asks for huge pages for its large blocks when the
// process starts with GLIBC_TUNABLES=glibc.malloc.hugetlb=1. The library's
// own large arrays ask for them already (base/internal/huge_pages.h); the
// tables, candidate lists and index vectors are plain std::vectors.
//
// The tunable is read when a process starts, so the tool restarts itself
// (execv of /proc/self/exe, same pid, same arguments and descriptors) with
// it added, before it has read or written anything. It does not when the
// user set glibc.malloc.hugetlb themselves (either value), when
// JOBMATCH_HUGE_PAGES=0, when the THP mode is not "madvise" ("always" needs
// no advice, "never" ignores it), when glibc is older than 2.35, in builds
// with a sanitizer (whose malloc ignores the tunable), or when the restart
// fails (the run then goes on as started). Nothing it computes depends on
// it. The restart costs one more start-up, about 10 ms.
#ifndef JOBMATCH_LIB_CLI_MALLOC_HUGE_PAGES_H_
#define JOBMATCH_LIB_CLI_MALLOC_HUGE_PAGES_H_

#include <optional>
#include <string>
#include <string_view>

namespace jobmatch::cli {

inline constexpr std::string_view kHugeTlbTunable = "glibc.malloc.hugetlb";

// The decision, free of the process: the GLIBC_TUNABLES value to restart
// with, or nullopt to go on. `tunables` and `opt_out` are the current values
// of GLIBC_TUNABLES and JOBMATCH_HUGE_PAGES (nullptr: unset), `thp_enabled`
// the contents of /sys/kernel/mm/transparent_hugepage/enabled (empty when it
// could not be read), `glibc_version` gnu_get_libc_version() ("" when not
// glibc).
std::optional<std::string> HugePageTunables(const char* tunables, const char* opt_out,
                                            std::string_view thp_enabled,
                                            std::string_view glibc_version);

// Whether GLIBC_TUNABLES `tunables` (nullptr: unset) sets glibc.malloc.hugetlb
// to a non-zero value: what the process started with.
bool HugeTlbRequested(const char* tunables);

// Called first thing in main: restarts the process with the tunable when
// HugePageTunables says so; returns when it does not, or when the restart
// failed (GLIBC_TUNABLES is then as it was).
void RestartWithHugePagesIfUseful(char** argv);

}  // namespace jobmatch::cli

#endif  // JOBMATCH_LIB_CLI_MALLOC_HUGE_PAGES_H_
