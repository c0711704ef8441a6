// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include <cstdlib>
#include <cstring>

#include "scoring/internal/score_kernel.h"

namespace jobmatch::internal {

const KernelSet& ActiveKernels() {
  static const KernelSet kSet = [] {
    const char* force = std::getenv("JOBMATCH_KERNEL");
    const bool generic = force != nullptr && std::strcmp(force, "generic") == 0;
#if defined(JOBMATCH_HAVE_AVX2_KERNEL)
    if (!generic && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      return KernelSet{&ScoreRowAvx2, &DotTileAvx2,     &DotAvx2, &CompactAboveAvx2,
                       &BoundRowAvx2, &ScoreColumnAvx2, "avx2"};
    }
#else
    (void)generic;
#endif
    return KernelSet{&ScoreRowGeneric, &DotTileGeneric,     &DotGeneric, &CompactAboveGeneric,
                     &BoundRowGeneric, &ScoreColumnGeneric, "generic"};
  }();
  return kSet;
}

}  // namespace jobmatch::internal
