// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Scorer: the score of a (seeker, vacancy) pair under a Policy, and its
// explanation. The formula (docs/scoring.md):
//
//   score = base + boost              when the pair is eligible,
//   score = -infinity                 otherwise;
//   base  = sum_c w_c f_c / sum_c w_c over the components in use, f_c in [0,1]
//   boost = min(max_total_boost, sum of the weights of the rules that fire)
//
// Scores are computed in float with a fixed operation order, so Score(),
// Explain() and the batched kernels (topk.h) give bit-identical values.
//
// A Scorer keeps the Dataset it was created from alive (dataset/dataset.h):
// the data it scores is immutable, so a Scorer may be kept and shared as
// long as needed.
//
// Thread safety: all methods are const and may be called concurrently.
//
// Example:
//   JOBMATCH_ASSIGN_OR_RETURN(auto scorer, jobmatch::Scorer::Create(dataset));
//   float s = scorer.Score(0, 3);
//   std::cout << scorer.Explain(0, 3).ToString(seekers, vacancies);
#ifndef JOBMATCH_SCORING_SCORER_H_
#define JOBMATCH_SCORING_SCORER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch {

namespace internal {
struct CompiledScorer;  // precomputed per-row arrays, private
struct ScorerAccess;    // lib/scoring/internal/scorer_internal.h: the kernels' access
}  // namespace internal

// Why a pair is ineligible. Several may hold at once.
enum class IneligibleReason : int {
  kCommute = 0,         // farther than the seeker's max commute, not remote
  kAccessibility = 1,   // seeker needs accessibility, workplace is not
  kKindRestricted = 2,  // vacancy kind reserved for groups the seeker is not in
  kEducation = 3,       // below the minimum education (when enforced)
  kWage = 4,            // below the reservation wage (when enforced)
};
std::string_view IneligibleReasonName(IneligibleReason r);

struct FiredRule {
  std::string name;
  float weight = 0.0f;
};

// Everything that went into one pair's score.
struct Explanation {
  int64_t seeker = 0;  // row indexes
  int64_t vacancy = 0;
  bool eligible = true;
  std::vector<IneligibleReason> ineligible;    // empty when eligible
  std::array<float, kNumComponents> value{};   // f_c in [0, 1]
  std::array<float, kNumComponents> weight{};  // w_c / sum of weights in use
  std::array<bool, kNumComponents> used{};     // component counted
  float base = 0.0f;
  std::vector<FiredRule> rules;  // rules that fired, in policy order
  float boost_uncapped = 0.0f;
  float boost = 0.0f;  // after the cap
  float score = 0.0f;  // base + boost, or -infinity when ineligible
  float distance_km = 0.0f;
  bool remote = false;  // the remote exemption applied to commute
  // Multi-line, human-readable rendering (English, UTF-8 ids).
  std::string ToString(const SeekerTable& seekers, const VacancyTable& vacancies) const;
};

class Scorer {
 public:
  // Checks the policy and resolves its group and industry names against the
  // vocabulary (ResolvePolicy, policy_check.h), then precomputes per-row
  // data. Fails with CheckPolicy's message on an invalid policy or unknown
  // name, or on mismatched embedding dimensions.
  static absl::StatusOr<Scorer> Create(std::shared_ptr<const Dataset> data);
  // The same on a Dataset made of these parts (Dataset::FromShared: the
  // vocabulary must hold the policy's key groups). Takes ownership: move the
  // tables in; lvalues are copied.
  static absl::StatusOr<Scorer> Create(Policy policy, Vocabulary vocab, SeekerTable seekers,
                                       VacancyTable vacancies);
  Scorer(Scorer&&) noexcept;
  Scorer& operator=(Scorer&&) noexcept;
  ~Scorer();

  // Score of (seeker row s, vacancy row v); -infinity when ineligible.
  // Preconditions (checked): 0 <= s < seekers.size(), 0 <= v < vacancies.size().
  float Score(int64_t s, int64_t v) const;
  bool Eligible(int64_t s, int64_t v) const;
  Explanation Explain(int64_t s, int64_t v) const;

  const Policy& policy() const;
  // The data scored, kept alive by the Scorer.
  const Dataset& dataset() const { return *data_; }
  const std::shared_ptr<const Dataset>& dataset_ptr() const { return data_; }
  const Vocabulary& vocabulary() const { return data_->vocabulary(); }
  const SeekerTable& seekers() const { return data_->seekers(); }
  const VacancyTable& vacancies() const { return data_->vacancies(); }
  // True when the embedding component is in use (both tables have
  // embeddings of one dimension and its weight is > 0).
  bool uses_embeddings() const;

 private:
  Scorer() = default;
  friend struct internal::ScorerAccess;
  std::shared_ptr<const Dataset> data_;
  std::unique_ptr<internal::CompiledScorer> compiled_;
};

// The scoring kernel this process runs: "avx2" (x86-64 with AVX2 and FMA)
// or "generic" (portable); JOBMATCH_KERNEL=generic in the environment forces
// the portable one. Both give the same scores (docs/scoring.md).
std::string_view ScoringKernelName();

}  // namespace jobmatch

#endif  // JOBMATCH_SCORING_SCORER_H_
