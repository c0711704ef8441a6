// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// AVX2+FMA kernel. This file is compiled with -mavx2 -mfma and its functions
// are only called after ActiveKernels() checked the CPU. It must not define
// or instantiate any inline function shared with other translation units
// (the linker could pick this AVX2 copy for everyone): only the .inc body
// (anonymous namespace), intrinsics and builtins.
#include <immintrin.h>

#include "scoring/internal/score_kernel.h"

#define JOBMATCH_KERNEL_SUFFIX Avx2
#include "scoring/internal/bound_kernel_impl.inc"
#include "scoring/internal/column_kernel_impl.inc"
#include "scoring/internal/score_kernel_impl.inc"

namespace jobmatch::internal {

float DotAvx2(const float* a, const float* b, int d) {
  float acc = 0.0f;
  for (int k = 0; k < d; ++k) acc = __builtin_fmaf(a[k], b[k], acc);
  return acc;
}

namespace {

void Store(__m256 v, float* dst, int lanes) {
  if (lanes == kPanel) {
    _mm256_storeu_ps(dst, v);
  } else {
    alignas(32) float tmp[kPanel];
    _mm256_store_ps(tmp, v);
    for (int l = 0; l < lanes; ++l) dst[l] = tmp[l];
  }
}

// Six rows of a against two panels (16 seekers): twelve accumulators held in
// registers (15 of the 16 ymm registers in use).
void Kernel6x16(const float* a, int64_t lda, const float* p0, const float* p1, int d, float* out,
                int64_t ldo, int lanes0, int lanes1) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  const float* a0 = a;
  const float* a1 = a + lda;
  const float* a2 = a + 2 * lda;
  const float* a3 = a + 3 * lda;
  const float* a4 = a + 4 * lda;
  const float* a5 = a + 5 * lda;
  for (int k = 0; k < d; ++k) {
    const __m256 b0 = _mm256_loadu_ps(p0 + k * kPanel);
    const __m256 b1 = _mm256_loadu_ps(p1 + k * kPanel);
    __m256 x = _mm256_broadcast_ss(a0 + k);
    c00 = _mm256_fmadd_ps(x, b0, c00);
    c01 = _mm256_fmadd_ps(x, b1, c01);
    x = _mm256_broadcast_ss(a1 + k);
    c10 = _mm256_fmadd_ps(x, b0, c10);
    c11 = _mm256_fmadd_ps(x, b1, c11);
    x = _mm256_broadcast_ss(a2 + k);
    c20 = _mm256_fmadd_ps(x, b0, c20);
    c21 = _mm256_fmadd_ps(x, b1, c21);
    x = _mm256_broadcast_ss(a3 + k);
    c30 = _mm256_fmadd_ps(x, b0, c30);
    c31 = _mm256_fmadd_ps(x, b1, c31);
    x = _mm256_broadcast_ss(a4 + k);
    c40 = _mm256_fmadd_ps(x, b0, c40);
    c41 = _mm256_fmadd_ps(x, b1, c41);
    x = _mm256_broadcast_ss(a5 + k);
    c50 = _mm256_fmadd_ps(x, b0, c50);
    c51 = _mm256_fmadd_ps(x, b1, c51);
  }
  const __m256 first[6] = {c00, c10, c20, c30, c40, c50};
  const __m256 second[6] = {c01, c11, c21, c31, c41, c51};
  for (int r = 0; r < 6; ++r) {
    Store(first[r], out + r * ldo, lanes0);
    if (lanes1 > 0) Store(second[r], out + r * ldo + kPanel, lanes1);
  }
}

// One row of a against two panels.
void Kernel1x16(const float* a, const float* p0, const float* p1, int d, float* out, int lanes0,
                int lanes1) {
  __m256 c0 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps();
  for (int k = 0; k < d; ++k) {
    const __m256 x = _mm256_broadcast_ss(a + k);
    c0 = _mm256_fmadd_ps(x, _mm256_loadu_ps(p0 + k * kPanel), c0);
    c1 = _mm256_fmadd_ps(x, _mm256_loadu_ps(p1 + k * kPanel), c1);
  }
  Store(c0, out, lanes0);
  if (lanes1 > 0) Store(c1, out + kPanel, lanes1);
}

}  // namespace

void DotTileAvx2(const float* a, int64_t lda, int64_t na, const float* packed, int64_t nb, int d,
                 float* out, int64_t ldo) {
  const int64_t panels = (nb + kPanel - 1) / kPanel;
  const int64_t panel_floats = int64_t{d} * kPanel;
  for (int64_t p = 0; p < panels; p += 2) {
    const float* p0 = packed + p * panel_floats;
    const bool two = p + 1 < panels;
    // With one panel left, the second pointer repeats the first; its
    // results are computed but not stored (lanes1 == 0).
    const float* p1 = two ? p0 + panel_floats : p0;
    const int64_t j0 = p * kPanel;
    const int lanes0 = static_cast<int>(nb - j0 < kPanel ? nb - j0 : kPanel);
    const int lanes1 =
        two ? static_cast<int>(nb - j0 - kPanel < kPanel ? nb - j0 - kPanel : kPanel) : 0;
    int64_t i = 0;
    for (; i + 6 <= na; i += 6) {
      Kernel6x16(a + i * lda, lda, p0, p1, d, out + i * ldo + j0, ldo, lanes0, lanes1);
    }
    for (; i < na; ++i) Kernel1x16(a + i * lda, p0, p1, d, out + i * ldo + j0, lanes0, lanes1);
  }
}

}  // namespace jobmatch::internal
