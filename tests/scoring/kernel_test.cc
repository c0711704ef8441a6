// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The portable and AVX2 kernels side by side in one process (the dispatcher
// picks only one): bit-identical scores without embeddings; with embeddings
// the AVX2 dot product uses fused multiply-add, so the embedding term may
// differ in the last bits, and nothing else.
#include <cmath>

#include "gtest/gtest.h"
#include "scoring/internal/score_kernel.h"
#include "scoring/internal/scorer_internal.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

bool CpuHasAvx2() {
#if defined(JOBMATCH_HAVE_AVX2_KERNEL)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

void CompareKernels(uint64_t seed, int dim) {
  auto inst = testing::RandomInstance(
      seed,
      {.num_seekers = 700, .num_vacancies = 40, .embedding_dim = dim, .coarse = seed % 2 == 0});
  auto scorer = Scorer::Create(testing::RandomPolicy(seed, inst->vocab), inst->vocab, inst->seekers,
                               inst->vacancies);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  const internal::CompiledScorer& cs = internal::ScorerAccess::Compiled(*scorer);
  internal::ChunkBuffer buf;
  buf.FillRange(cs, 0, inst->seekers.size());
  const int64_t n = inst->seekers.size(), nv = inst->vacancies.size();
  const int d = cs.params.embedding_dim;
  std::vector<float> dots_g(static_cast<size_t>(nv * n) + 1, 0.0f), dots_a(dots_g.size(), 0.0f);
  if (cs.use_embeddings) {
    const float* vemb = inst->vacancies.embeddings().data();
    internal::DotTileGeneric(vemb, d, nv, buf.packed(), n, d, dots_g.data(), n);
#if defined(JOBMATCH_HAVE_AVX2_KERNEL)
    internal::DotTileAvx2(vemb, d, nv, buf.packed(), n, d, dots_a.data(), n);
#endif
    // Tile values equal the single-pair dot of the same kernel.
    for (int64_t v = 0; v < nv; ++v) {
      for (int64_t j = 0; j < n; j += 37) {
        ASSERT_EQ(dots_g[v * n + j],
                  internal::DotGeneric(inst->vacancies.embeddings().row(v).data(),
                                       inst->seekers.embeddings().row(j).data(), d));
#if defined(JOBMATCH_HAVE_AVX2_KERNEL)
        ASSERT_EQ(dots_a[v * n + j],
                  internal::DotAvx2(inst->vacancies.embeddings().row(v).data(),
                                    inst->seekers.embeddings().row(j).data(), d));
#endif
      }
    }
  }
  std::vector<float> g(n), a(n);
  for (int64_t v = 0; v < nv; ++v) {
    const internal::VacancyRow row = cs.MakeVacancyRow(v);
    internal::ScoreRowGeneric(cs.params, buf.chunk(), row, dots_g.data() + v * n, g.data());
#if defined(JOBMATCH_HAVE_AVX2_KERNEL)
    internal::ScoreRowAvx2(cs.params, buf.chunk(), row, dots_a.data() + v * n, a.data());
#endif
    for (int64_t j = 0; j < n; ++j) {
      if (!cs.use_embeddings) {
        ASSERT_EQ(g[j], a[j]) << "seed " << seed << " pair " << j << "," << v;
      } else {
        ASSERT_EQ(std::isinf(g[j]), std::isinf(a[j]));
        if (!std::isinf(g[j])) {
          ASSERT_NEAR(g[j], a[j], 1e-6f);
        }
      }
    }
  }
}

TEST(KernelTest, GenericAndAvx2AgreeWithoutEmbeddingsBitForBit) {
  if (!CpuHasAvx2()) GTEST_SKIP() << "CPU without AVX2+FMA";
  for (uint64_t seed = 1; seed <= 12; ++seed) CompareKernels(seed, 0);
}

TEST(KernelTest, GenericAndAvx2AgreeWithEmbeddingsToRounding) {
  if (!CpuHasAvx2()) GTEST_SKIP() << "CPU without AVX2+FMA";
  for (uint64_t seed = 1; seed <= 12; ++seed)
    CompareKernels(seed, 1 + static_cast<int>(seed * 5 % 40));
}

TEST(KernelTest, CompactAboveFindsExactlyTheRisingPositions) {
  std::vector<float> s(1000), t(1000);
  for (int i = 0; i < 1000; ++i) {
    s[i] = static_cast<float>((i * 7919) % 101);
    t[i] = static_cast<float>((i * 104729) % 97);
  }
  t[5] = -INFINITY;
  s[6] = -INFINITY;
  t[6] = -INFINITY;  // -inf is not above -inf
  std::vector<int32_t> want;
  for (int i = 0; i < 1000; ++i) {
    if (s[i] > t[i]) want.push_back(i);
  }
  std::vector<int32_t> got(1000);
  got.resize(internal::CompactAboveGeneric(s.data(), t.data(), 1000, got.data()));
  EXPECT_EQ(got, want);
#if defined(JOBMATCH_HAVE_AVX2_KERNEL)
  if (CpuHasAvx2()) {
    for (int64_t n : {0, 1, 7, 8, 9, 1000}) {
      std::vector<int32_t> got2(1000);
      got2.resize(internal::CompactAboveAvx2(s.data(), t.data(), n, got2.data()));
      std::vector<int32_t> prefix;
      for (int32_t i : want) {
        if (i < n) prefix.push_back(i);
      }
      EXPECT_EQ(got2, prefix) << "n " << n;
    }
  }
#endif
}

}  // namespace
}  // namespace jobmatch
