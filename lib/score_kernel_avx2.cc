// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// AVX2+FMA kernel. This file is compiled with -mavx2 -mfma and its functions
// are only called after ActiveKernels() checked the CPU. It must not define
// or instantiate any inline function shared with other translation units
// (the linker could pick this AVX2 copy for everyone): only the .inc body
// (anonymous namespace), intrinsics and builtins.
#include <immintrin.h>

#include "score_kernel.h"

#define JOBMATCH_KERNEL_SUFFIX Avx2
#include "score_kernel_impl.inc"

namespace jobmatch::internal {

float DotAvx2(const float* a, const float* b, int d) {
  float acc = 0.0f;
  for (int k = 0; k < d; ++k) acc = __builtin_fmaf(a[k], b[k], acc);
  return acc;
}

namespace {

// 4 rows of a against two panels (16 seekers): 8 accumulators.
template <int R>
void MicroKernel(const float* a, int64_t lda, const float* p0, const float* p1,
                 int d, __m256 (&acc)[4][2]) {
  for (int r = 0; r < R; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
  for (int k = 0; k < d; ++k) {
    const __m256 b0 = _mm256_loadu_ps(p0 + k * kPanel);
    const __m256 b1 = _mm256_loadu_ps(p1 + k * kPanel);
    for (int r = 0; r < R; ++r) {
      const __m256 x = _mm256_broadcast_ss(a + r * lda + k);
      acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
    }
  }
}

void Store(__m256 v, float* dst, int lanes) {
  if (lanes == kPanel) {
    _mm256_storeu_ps(dst, v);
  } else {
    alignas(32) float tmp[kPanel];
    _mm256_store_ps(tmp, v);
    for (int l = 0; l < lanes; ++l) dst[l] = tmp[l];
  }
}

}  // namespace

void DotTileAvx2(const float* a, int64_t lda, int64_t na, const float* packed,
                 int64_t nb, int d, float* out, int64_t ldo) {
  const int64_t panels = (nb + kPanel - 1) / kPanel;
  const int64_t panel_floats = int64_t{d} * kPanel;
  for (int64_t p = 0; p < panels; p += 2) {
    const float* p0 = packed + p * panel_floats;
    const bool two = p + 1 < panels;
    const float* p1 = two ? p0 + panel_floats : p0;
    const int64_t j0 = p * kPanel;
    const int lanes0 = static_cast<int>(nb - j0 < kPanel ? nb - j0 : kPanel);
    const int lanes1 = two ? static_cast<int>(nb - j0 - kPanel < kPanel ? nb - j0 - kPanel : kPanel) : 0;
    __m256 acc[4][2];
    int64_t i = 0;
    for (; i + 4 <= na; i += 4) {
      MicroKernel<4>(a + i * lda, lda, p0, p1, d, acc);
      for (int r = 0; r < 4; ++r) {
        Store(acc[r][0], out + (i + r) * ldo + j0, lanes0);
        if (two) Store(acc[r][1], out + (i + r) * ldo + j0 + kPanel, lanes1);
      }
    }
    for (; i < na; ++i) {
      MicroKernel<1>(a + i * lda, lda, p0, p1, d, acc);
      Store(acc[0][0], out + i * ldo + j0, lanes0);
      if (two) Store(acc[0][1], out + i * ldo + j0 + kPanel, lanes1);
    }
  }
}

}  // namespace jobmatch::internal
