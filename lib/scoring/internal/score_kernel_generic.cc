// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Portable kernel: baseline instruction set of the target (SSE2 on x86-64).
#include "scoring/internal/score_kernel.h"

#define JOBMATCH_KERNEL_SUFFIX Generic
#include "scoring/internal/bound_kernel_impl.inc"
#include "scoring/internal/column_kernel_impl.inc"
#include "scoring/internal/score_kernel_impl.inc"

namespace jobmatch::internal {

int64_t PackedSize(int64_t nb, int d) { return (nb + kPanel - 1) / kPanel * kPanel * int64_t{d}; }

void PackPanels(const float* b, int64_t ldb, int64_t nb, int d, float* packed) {
  const int64_t panels = (nb + kPanel - 1) / kPanel;
  for (int64_t p = 0; p < panels; ++p) {
    float* dst = packed + p * d * kPanel;
    for (int l = 0; l < kPanel; ++l) {
      const int64_t row = p * kPanel + l;
      if (row < nb) {
        const float* src = b + row * ldb;
        for (int k = 0; k < d; ++k) dst[k * kPanel + l] = src[k];
      } else {
        for (int k = 0; k < d; ++k) dst[k * kPanel + l] = 0.0f;
      }
    }
  }
}

float DotGeneric(const float* a, const float* b, int d) {
  float acc = 0.0f;
  for (int k = 0; k < d; ++k) acc = acc + a[k] * b[k];
  return acc;
}

void DotTileGeneric(const float* a, int64_t lda, int64_t na, const float* packed, int64_t nb, int d,
                    float* out, int64_t ldo) {
  const int64_t panels = (nb + kPanel - 1) / kPanel;
  for (int64_t p = 0; p < panels; ++p) {
    const float* pan = packed + p * d * kPanel;
    const int64_t j0 = p * kPanel;
    const int lanes = static_cast<int>(nb - j0 < kPanel ? nb - j0 : kPanel);
    for (int64_t i = 0; i < na; ++i) {
      const float* ai = a + i * lda;
      float acc[kPanel] = {};
      for (int k = 0; k < d; ++k) {
        const float x = ai[k];
        for (int l = 0; l < kPanel; ++l) acc[l] = acc[l] + x * pan[k * kPanel + l];
      }
      for (int l = 0; l < lanes; ++l) out[i * ldo + j0 + l] = acc[l];
    }
  }
}

}  // namespace jobmatch::internal
