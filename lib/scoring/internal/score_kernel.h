// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: the batched scoring kernel. Plain structs of pointers only, so the
// header can be included by translation units compiled for different
// instruction sets (score_kernel_generic.cc, score_kernel_avx2.cc) without
// one-definition-rule hazards: no inline functions, no templates.
//
// A "chunk" is a set of seekers laid out contiguously (structure of arrays);
// the kernel scores one vacancy against every seeker of a chunk.
#ifndef JOBMATCH_LIB_SCORING_INTERNAL_SCORE_KERNEL_H_
#define JOBMATCH_LIB_SCORING_INTERNAL_SCORE_KERNEL_H_

#include <cstdint>

namespace jobmatch::internal {

// Seeker-side elig bits.
inline constexpr uint32_t kEligNoAccessNeed = 1u << 4;  // no accessibility need (or not enforced)
inline constexpr uint32_t kEligAcceptsRemote = 1u << 5;

struct KernelParams {
  // Normalised weights, component order of policy.h; 0 = component skipped.
  float w[7];
  float partial_credit_per_grade;
  float wage_zero_ratio;
  float wage_inv_span;  // 1 / (1 - wage_zero_ratio)
  float education_penalty_per_level;
  int enforce_max_commute;
  int enforce_min_education;
  int enforce_reservation_wage;
  int num_skills;
  int pref_words;  // 64-bit words per seeker in the preferred-industry bit set
  int embedding_dim;
  // Work that can be skipped when a policy does not need it (results are the
  // same either way).
  int need_distance;     // w[2] != 0 or commute enforced
  int need_eligibility;  // any hard eligibility rule can fail
  int has_boost;         // some boost table entry is non-zero
};

// Seekers of one chunk, n of them, each array of length n (row stride n for
// the 2-D ones).
struct SeekerChunk {
  int64_t n;
  const float* px;
  const float* py;
  const float* pz;
  const float* commute_km;   // effective max commute
  const float* reservation;  // reservation wage, 0 = none
  const float* education;
  const float* sched_fit[3];  // fit to a vacancy schedule 0..2
  const float* pref_neutral;  // neutral preference, or -1 when the seeker has preferences
  const uint64_t* pref_bits;  // [word][n]
  const uint32_t* elig;       // allowed kinds (bits 0..3) | kElig* bits
  const int32_t* profile;     // priority profile id
  const uint8_t* levels;      // [skill][n], 0 = skill not held
};

struct VacancyRow {
  float px, py, pz;
  float wage_max;
  float min_education;
  int schedule;
  int kind;
  int accessible;
  int remote;
  int industry;
  int num_req;
  const int32_t* req_skill;
  const float* req_level;  // min level as float
  const float* req_nimp;   // importance / sum of importances
  const float* boost;      // [profile] capped boost for this vacancy
};

// Scores vacancy `v` against all seekers of `c`; dots[j] is the embedding
// inner product for seeker j (ignored when params.w[1] == 0). Writes
// c.n scores to out (-infinity = ineligible).
void ScoreRowGeneric(const KernelParams& p, const SeekerChunk& c, const VacancyRow& v,
                     const float* dots, float* out);
void ScoreRowAvx2(const KernelParams& p, const SeekerChunk& c, const VacancyRow& v,
                  const float* dots, float* out);

// Embedding inner products. B rows (seekers) are packed once into panels of
// kPanel rows: packed[p * d * kPanel + k * kPanel + l] = b[p * kPanel + l][k]
// (zero past nb); PackedSize(nb, d) floats. Then
//   out[i * ldo + j] = <a_i, b_j>   for i < na, j < nb.
// Every inner product is accumulated sequentially over the d coordinates
// (a fused multiply-add per step in the AVX2 variant, multiply then add in
// the generic one), exactly like Dot(), so a value never depends on the tile
// shape or position.
inline constexpr int kPanel = 8;
int64_t PackedSize(int64_t nb, int d);
void PackPanels(const float* b, int64_t ldb, int64_t nb, int d, float* packed);
void DotTileGeneric(const float* a, int64_t lda, int64_t na, const float* packed, int64_t nb, int d,
                    float* out, int64_t ldo);
void DotTileAvx2(const float* a, int64_t lda, int64_t na, const float* packed, int64_t nb, int d,
                 float* out, int64_t ldo);
float DotGeneric(const float* a, const float* b, int d);
float DotAvx2(const float* a, const float* b, int d);

// Writes to idx the positions j < n where score[j] > thresh[j], in
// increasing order; returns how many.
int64_t CompactAboveGeneric(const float* score, const float* thresh, int64_t n, int32_t* idx);
int64_t CompactAboveAvx2(const float* score, const float* thresh, int64_t n, int32_t* idx);

// Runtime-dispatched entry points (score_kernel_dispatch.cc).
using ScoreRowFn = void (*)(const KernelParams&, const SeekerChunk&, const VacancyRow&,
                            const float*, float*);
using DotTileFn = void (*)(const float*, int64_t, int64_t, const float*, int64_t, int, float*,
                           int64_t);
using DotFn = float (*)(const float*, const float*, int);
using CompactFn = int64_t (*)(const float*, const float*, int64_t, int32_t*);
struct KernelSet {
  ScoreRowFn score_row;
  DotTileFn dot_tile;
  DotFn dot;
  CompactFn compact_above;
  const char* name;  // "avx2" or "generic"
};
// The best kernel set this CPU supports; JOBMATCH_KERNEL=generic in the
// environment forces the portable one.
const KernelSet& ActiveKernels();

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SCORING_INTERNAL_SCORE_KERNEL_H_
