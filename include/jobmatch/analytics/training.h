// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Training advice (policy measures 六–八: training should follow the gaps).
// Two questions on a Scorer's data and policy:
//   * AdviseTraining: for each seeker, which single upgrade (skill k, target
//     grade g on the 1–8 ladder, 八级工) most raises what the seeker can
//     reach: the gain in the mean of the seeker's top-k eligible scores, and
//     the number of eligible vacancies whose skill requirements it newly
//     fully meets;
//   * RankCourses: per area (district or town), the courses (skill, grade)
//     ranked by the openings left unfilled that they would let the area's
//     seekers fill.
// Exact definitions with a worked example: docs/analytics.md, "Training
// advice".
//
//   jobmatch::TrainingOptions o;
//   o.seekers = {17, 42};  // seeker rows; empty = every seeker
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::TrainingAdvice a, jobmatch::AdviseTraining(scorer, o));
//   for (size_t i = 0; i < a.seekers.size(); ++i)
//     for (const jobmatch::TrainingUpgrade& u : a.upgrades_of(i)) ...
//
// Definitions in short (seeker s, S_E = the vacancy rows eligible for s under
// Scorer::Eligible, all rows whatever their openings, as top-k lists them;
// lvl_s(k) = the grade s holds in skill k, 0 when not held):
//   * an upgrade (k, g) sets lvl_s(k) to g; it changes nothing else about s,
//     and eligibility does not depend on skills, so S_E stays the same;
//   * m = min(k, |S_E|); top_m(x) = the m largest of s's scores over S_E,
//     added in double in descending order; gain = (top_m(after) -
//     top_m(before)) / m, a double >= 0 (scores never fall when a grade
//     rises). A seeker with no eligible vacancy has m = 0 and no advice;
//     k larger than |S_E| averages over all of S_E;
//   * newly_met = |{v in S_E : some requirement of v is unmet before (held
//     grade < its minimum grade) and all are met after}|: v's only unmet
//     requirement is on k with minimum grade <= g;
//   * candidates: every skill k and grade g with lvl_s(k) < g <= G_s(k),
//     where G_s(k) = the highest minimum grade for k among the requirements
//     of S_E (no candidate for k when there is none). A grade above G_s(k)
//     gives every requirement of k in S_E full credit already reached at
//     G_s(k), so every score and newly_met equal those of G_s(k): that row
//     would repeat (k, G_s(k)) and is not listed (tests check this on the
//     brute force);
//   * a candidate (k, g) is listed when it does better than the grade below
//     it: gain or newly_met larger than those of (k, g - 1), where the grade
//     held counts as gain 0 and newly_met 0 (both only grow with g). So an
//     upgrade that changes nothing is not listed, nor a higher grade that
//     adds nothing to a lower one (a longer course for the same effect). The
//     listed ones are ranked by gain desc, newly_met desc, skill id asc,
//     grade asc, and the first `top` kept.
// The results are bit for bit those of rescoring the seeker with each
// upgrade applied (a fresh Scorer on the modified seeker): the fast path
// rescores only the eligible vacancies requiring k whose score could enter
// the top m, with the Scorer's own kernel.
//
// Cost (AdviseTraining): one exhaustive scoring pass, O(|seekers| * |V| *
// (r + d)) for r requirements per vacancy and embedding dimension d, plus
// per seeker O(|S_E| * r) for the unmet requirements and the bounds, an
// O(|S_E|) selection, and 8 kernel scores per (skill, vacancy) pair whose
// upper bound reaches the top m, for the skills visited (in order of their
// gain bound, until the kept rows beat it). Memory: the eligible (score,
// vacancy) pairs of one chunk of 128 seekers per thread, plus the result.
// Runs on num_threads threads (0 = all); deterministic (independent of the
// thread count and of which seekers are asked together); thread-safe (reads
// its arguments). RankCourses: one exhaustive eligibility pass over
// (seekers, open vacancies with requirements) with the score components
// switched off, plus O(r) per eligible pair; counters per (area,
// requirement). City scale (100k x 20k): docs/benchmarks.md.
#ifndef JOBMATCH_ANALYTICS_TRAINING_H_
#define JOBMATCH_ANALYTICS_TRAINING_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch {

struct TrainingOptions {
  // Seeker rows to advise, answered in this order; empty = every seeker.
  // Each must be in range and listed once (InvalidArgument otherwise).
  std::vector<int64_t> seekers;
  int k = 10;           // size of the top list whose mean is raised, >= 1
  int top = 3;          // upgrades kept per seeker, >= 1
  int num_threads = 0;  // 0 = all cores (ResolveThreadCount, base/threads.h)
  // Called with (seekers done, seekers total); returning false cancels
  // (absl::CancelledError).
  ProgressFn progress;
};

struct TrainingUpgrade {
  int32_t skill = 0;  // Vocabulary skill id
  int grade = 1;      // target grade 1..8
  double gain = 0.0;  // see the top of this header
  int64_t newly_met = 0;
};

struct TrainingAdvice {
  int k = 0;
  int top = 0;
  // The seeker rows answered (TrainingOptions::seekers, or 0..n-1).
  std::vector<int64_t> seekers;
  // Per answered seeker: |S_E| and the mean of its top-m scores before
  // any upgrade (NaN when m = 0).
  std::vector<int64_t> eligible;
  std::vector<double> mean_before;
  // Upgrades of seekers[i]: upgrades[offsets[i] .. offsets[i+1]), best
  // first (rank = position + 1). offsets.size() == seekers.size() + 1.
  std::vector<int64_t> offsets;
  std::vector<TrainingUpgrade> upgrades;

  std::span<const TrainingUpgrade> upgrades_of(size_t i) const {
    return std::span<const TrainingUpgrade>(upgrades.data() + offsets[i],
                                            static_cast<size_t>(offsets[i + 1] - offsets[i]));
  }
};

// InvalidArgument on k < 1, top < 1, num_threads < 0, a seeker row out of
// range or listed twice; Cancelled when the progress callback says so.
[[nodiscard]] absl::StatusOr<TrainingAdvice> AdviseTraining(const Scorer& scorer,
                                                            const TrainingOptions& options);

enum class AreaLevel : int8_t {
  kDistrict = 0,
  kTown = 1,  // (district, town) pairs
};

struct CourseOptions {
  AreaLevel level = AreaLevel::kDistrict;
  // Places filled per vacancy row (e.g. AllocationResult::filled or
  // ReadFilledFromAllocationCsv, analytics/mismatch.h): empty = no
  // allocation (every opening is unfilled). Otherwise one entry per vacancy
  // row, 0 <= filled <= openings.
  std::vector<int32_t> filled;
  // Seekers placed by that allocation, one entry per seeker row (non-zero =
  // placed, not counted); empty = nobody placed.
  std::vector<uint8_t> placed;
  int num_threads = 0;
  ProgressFn progress;  // (seekers done, seekers total)
};

// Definitions (docs/analytics.md): a vacancy v is open when r_v = openings
// - filled > 0. A course (k, g) is credited with the pairs (s, v) where v is
// open, v requires k at minimum grade exactly g, s is not placed, s is
// eligible for v, and k is v's only requirement s does not meet (s holds k
// below g): the course would let s fill v. (A course to a higher grade
// would too; each pair is credited to the grade v asks for, so an opening
// is never counted under two grades.) For area a: c_a(v, k) = the area's
// seekers so credited for v; openings(a, k, g) = sum over v of min(r_v,
// c_a(v, k)); seekers(a, k, g) = the distinct seekers of a credited for at
// least one v; vacancies(a, k, g) = the v with c_a(v, k) > 0.
struct CourseRow {
  int32_t area = 0;  // index into CourseTable::districts / towns
  int32_t skill = 0;
  int grade = 1;
  int rank = 1;  // 1 = best course of the area
  int64_t openings = 0;
  int64_t seekers = 0;
  int64_t vacancies = 0;
};

struct CourseTable {
  AreaLevel level = AreaLevel::kDistrict;
  // Area i = districts[i] (and towns[i] at the town level, "" otherwise):
  // every area of a seeker, sorted by bytes (district, then town).
  std::vector<std::string> districts;
  std::vector<std::string> towns;
  // Rows with openings > 0, sorted by area, then openings desc, seekers
  // desc, skill asc, grade asc (which is also the rank order).
  std::vector<CourseRow> rows;
  bool has_allocation = false;
};

// InvalidArgument on a `filled` or `placed` of the wrong size, a filled
// entry < 0 or above the vacancy's openings, num_threads < 0.
[[nodiscard]] absl::StatusOr<CourseTable> RankCourses(const Scorer& scorer,
                                                      const CourseOptions& options);

// Per-seeker CSV: seeker_id,rank,skill,grade,gain,newly_met (gain in its
// shortest round-trip form: it reads back as the same double). It names
// persons, so it is written with mode 0600 through the one crash-safe
// writer (base/file_io.h).
[[nodiscard]] absl::Status WriteTrainingCsv(const std::string& path, const TrainingAdvice& advice,
                                            const Scorer& scorer);
// Per-area CSV (aggregates, mode 0644): district[,town],rank,skill,grade,
// openings,seekers,vacancies.
[[nodiscard]] absl::Status WriteCoursesCsv(const std::string& path, const CourseTable& table,
                                           const Vocabulary& vocab);

}  // namespace jobmatch

#endif  // JOBMATCH_ANALYTICS_TRAINING_H_
