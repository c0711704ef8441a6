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
  // ScoreRow may also score lanes [n, lanes) when lanes > n: every array
  // above is then readable that far past each of its rows (values
  // arbitrary but finite, profile ids valid), and out has room for them.
  int64_t lanes = 0;
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

// A group of vacancies summarised for an upper bound on the score of any of
// them for each seeker of a chunk (top-k pruning, lib/search/internal/
// prune_index.h). Every field over-approximates the group: the bound is
// computed with the kernel's float operations in the kernel's order, on
// values each of which is >= (or, for penalties, <=) the corresponding
// value of every vacancy of the group, so by monotonicity of IEEE rounding it
// is >= every eligible score of the group (bound_kernel_impl.inc).
struct VacancyGroupBound {
  // Union of the group's required skills: for each, the largest normalised
  // importance and the smallest required level (as float) over the group.
  int num_union;
  const int32_t* union_skill;
  const float* union_nimp;
  const float* union_level;
  float cov_slack;     // >= 1: covers the summation-order difference (see .inc)
  float cov_cap;       // largest coverage with full credit of a vacancy with requirements
  int zero_req;        // some vacancy has no requirement (coverage 1)
  float lo[3], hi[3];  // bounding box of the points
  int any_remote;
  int any_accessible;
  uint32_t kind_bits;             // bit k: some vacancy of kind k
  uint32_t sched_bits;            // bit b: some vacancy offers schedule b
  float wage_max;                 // largest wage_max
  float min_education;            // smallest min_education
  const uint64_t* industry_bits;  // pref_words words: industries present
  int num_boost_rows;
  const float* const* boost_rows;  // boost rows ([profile]) of the group's distinct masks
  // Optional, per seeker j of the chunk: the largest coverage of a member of
  // the group, its requirements' terms summed in any order. When set it
  // replaces the sum over the union (a tighter bound; see the .inc).
  const float* member_cov = nullptr;
};

// For each seeker j of c: out[j] >= the kernel's score of (j, v) for every
// vacancy v of g; -infinity when no vacancy of g can be eligible for j.
void BoundRowGeneric(const KernelParams& p, const SeekerChunk& c, const VacancyGroupBound& g,
                     float* out);
void BoundRowAvx2(const KernelParams& p, const SeekerChunk& c, const VacancyGroupBound& g,
                  float* out);

// One seeker against a block of vacancies (the transposed kernel, for
// pruned top-k with rows = seekers): the same per-pair float operations in
// the same order as ScoreRow, so the scores are bit-identical to it. With a
// degenerate box (lo == hi == the seeker's point) the distance is the
// kernel's chord; the component values of a real seeker give its exact
// scores. Given the most favourable values of a group of seekers instead
// (the box of their points, the longest commute, the lowest reservation
// wage, the highest education, the best schedule fits, the largest skill
// levels, the union of eligibility bits and preferred industries) and
// per-vacancy boosts that dominate theirs, the same chain is an upper bound
// of every member's score (monotone float operations; see
// bound_kernel_impl.inc for the argument).
struct ColumnSeeker {
  float lo[3], hi[3];  // the seeker's point (lo == hi), or a box
  float commute_km;
  float reservation;
  float education;
  float sched_fit[3];  // fit to a vacancy schedule 0..2
  // Neutral preference (>= 0, seeker without preferences, no bits set) or
  // -1 (preferences in pref_bits); the fit is max(pref_neutral, hit).
  float pref_neutral;
  const uint64_t* pref_bits;  // word w at pref_bits[w * pref_stride]
  int64_t pref_stride;
  // Level of skill s at levels[s * level_stride]; readable 3 bytes past the
  // last skill's entry (the AVX2 copy loads 4 bytes per level).
  const uint8_t* levels;
  int64_t level_stride;
  uint32_t elig;  // allowed kinds (bits 0..3) | kElig* bits
};

// Vacancies laid out column-wise, n of them; requirements padded to max_req
// per vacancy ([r * n + i]; padding: skill 0, level 1, importance 0, which
// adds an exact +0 to the coverage).
struct VacancyBlock {
  int64_t n;
  const float* px;
  const float* py;
  const float* pz;
  const float* wage_max;
  const float* min_education;
  const int32_t* schedule;
  const int32_t* kind;
  const int32_t* accessible;
  const int32_t* remote;
  const int32_t* industry;
  const int32_t* zero_req;  // 1 when the vacancy has no requirement
  int max_req;
  // Per requirement row r: entries at i >= req_span[r] are all padding and
  // are skipped (blocks sorted by requirement count keep that short).
  const int32_t* req_span;
  const int32_t* req_skill;
  const float* req_level;
  const float* req_nimp;
};

// out[i] = score of (s, vacancy i of b). dots[i]: embedding inner product
// (read when params.w[1] != 0); boost[i]: the pair's capped boost (read when
// params.has_boost).
void ScoreColumnGeneric(const KernelParams& p, const ColumnSeeker& s, const VacancyBlock& b,
                        const float* dots, const float* boost, float* out);
void ScoreColumnAvx2(const KernelParams& p, const ColumnSeeker& s, const VacancyBlock& b,
                     const float* dots, const float* boost, float* out);

// Runtime-dispatched entry points (score_kernel_dispatch.cc).
using ScoreRowFn = void (*)(const KernelParams&, const SeekerChunk&, const VacancyRow&,
                            const float*, float*);
using DotTileFn = void (*)(const float*, int64_t, int64_t, const float*, int64_t, int, float*,
                           int64_t);
using DotFn = float (*)(const float*, const float*, int);
using CompactFn = int64_t (*)(const float*, const float*, int64_t, int32_t*);
using BoundRowFn = void (*)(const KernelParams&, const SeekerChunk&, const VacancyGroupBound&,
                            float*);
using ScoreColumnFn = void (*)(const KernelParams&, const ColumnSeeker&, const VacancyBlock&,
                               const float*, const float*, float*);
struct KernelSet {
  ScoreRowFn score_row;
  DotTileFn dot_tile;
  DotFn dot;
  CompactFn compact_above;
  BoundRowFn bound_row;
  ScoreColumnFn score_column;
  const char* name;  // "avx2" or "generic"
};
// The best kernel set this CPU supports; JOBMATCH_KERNEL=generic in the
// environment forces the portable one.
const KernelSet& ActiveKernels();

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SCORING_INTERNAL_SCORE_KERNEL_H_
