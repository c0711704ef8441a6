// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Structural-mismatch monitoring (结构性就业矛盾, policy measures 六–八): demand
// and supply per skill and grade of the 1–8 ladder, optionally split by
// district and/or industry, their ratio (岗位求职比, openings per qualified
// seeker) with a shortage / balanced / surplus label, and a district x
// industry tightness table with vacancy and registration duration medians.
// Aggregates only: counts, sums and medians, no individual's data.
// Exact definitions, with a worked example: docs/analytics.md.
//
//   jobmatch::MismatchOptions o;
//   o.by_district = true;
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::MismatchTable t, jobmatch::Mismatch(*data, o));
//   for (const jobmatch::MismatchRow& r : t.rows) ...
//
// Definitions in short (cell = skill k, grade g, and the district d and/or
// industry i when split):
//   * demand_openings: sum of openings of the vacancies (of district d, of
//     industry i) whose requirement for k has minimum grade exactly g;
//   * demand_weighted: the same sum with each vacancy's openings multiplied
//     by the requirement's importance share (importance / sum of the
//     vacancy's requirement importances);
//   * supply_seekers: seekers (of district d; open to industry i: no
//     preferred industry, or i among them) holding k at grade >= g;
//   * supply_in_reach: those of them within commuting reach (the policy's
//     commute rule, below) of at least one vacancy of the cell with openings;
//   * ratio = demand_openings / supply_seekers; +inf when supply is 0 (a
//     cell is only listed when demand_openings > 0 or supply_seekers > 0, so
//     the ratio is never NaN);
//   * unfilled_openings (with MismatchOptions::filled): sum over the cell's
//     vacancies of max(0, openings - filled);
//   * label: shortage when ratio >= shortage_ratio, otherwise surplus when
//     ratio <= surplus_ratio, otherwise balanced.
// Commute rule (the policy's eligibility.enforce_max_commute): seeker s
// reaches vacancy v when the rule is off, or v is remote and s accepts
// remote work, or the chord distance between them (km, as the Scorer
// computes it, in float) is <= s's max commute (the policy default when s
// states none).
//
// Cost: O(V * R + S * K * 8 * I + the reach scan) time where V, R = vacancies
// and requirements per vacancy, S, K = seekers and skills per seeker, I = the
// industries a seeker is open to (1 when not split by industry); the reach
// scan is, per (seeker, cell) of its supply, at most the number of the
// cell's vacancies with openings (stops at the first reachable one); plus
// O(S + V) for the tightness table. Memory O(cells + V * R). Deterministic
// (the row order is fixed, sums are added in row order); thread-safe (reads
// its arguments only); single-threaded.
#ifndef JOBMATCH_ANALYTICS_MISMATCH_H_
#define JOBMATCH_ANALYTICS_MISMATCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/data/types.h"
#include "jobmatch/dataset/dataset.h"

namespace jobmatch {

enum class MismatchLabel : int8_t {
  kShortage = 0,  // more openings than qualified seekers (ratio >= shortage_ratio)
  kBalanced = 1,
  kSurplus = 2,  // more qualified seekers than openings (ratio <= surplus_ratio)
};
// "shortage", "balanced", "surplus".
std::string_view MismatchLabelName(MismatchLabel label);

struct MismatchOptions {
  bool by_district = false;
  bool by_industry = false;
  // Label thresholds on the ratio; nullopt = the policy's (Policy::mismatch,
  // the policy file's optional "mismatch" section; defaults 1.5 and 0.67).
  // The effective pair must be finite with 0 <= surplus_ratio <=
  // shortage_ratio (InvalidArgument otherwise).
  std::optional<double> shortage_ratio;
  std::optional<double> surplus_ratio;
  // False: supply_in_reach is not computed (left -1), saving the reach scan.
  bool compute_reach = true;
  // Places filled per vacancy row (e.g. AllocationResult::filled): empty =
  // no allocation given (unfilled_openings -1). Otherwise one non-negative
  // entry per vacancy row (InvalidArgument otherwise).
  std::vector<int32_t> filled;
  // Reference date of the durations; nullopt = the latest posted_on or
  // registered_on date in the data (no date at all: durations NaN).
  std::optional<Date> as_of;
};

// One cell. district is an index into MismatchTable::districts (-1 when not
// split by district); industry a Vocabulary industry id (-1 when not split).
struct MismatchRow {
  int32_t skill = 0;
  int grade = 1;  // 1..8
  int32_t district = -1;
  int32_t industry = -1;
  int64_t vacancies = 0;  // vacancies of the cell (any openings, 0 included)
  int64_t demand_openings = 0;
  double demand_weighted = 0.0;
  int64_t supply_seekers = 0;
  int64_t supply_in_reach = -1;  // -1 when compute_reach is off
  double ratio = 0.0;
  int64_t unfilled_openings = -1;  // -1 without an allocation
  MismatchLabel label = MismatchLabel::kBalanced;
};

// District x industry tightness: one row per district (every district named
// by a seeker or a vacancy, "" for unknown) and every Vocabulary industry.
struct TightnessRow {
  int32_t district = 0;  // index into MismatchTable::districts
  int32_t industry = 0;  // Vocabulary industry id
  int64_t vacancies = 0;
  int64_t openings = 0;  // sum of openings of the district's vacancies in the industry
  int64_t seekers = 0;   // seekers registered in the district (all industries)
  // openings / seekers; +inf when seekers == 0 < openings; NaN when both 0.
  double tightness = 0.0;
  // Median of (as_of - posted_on) in days over the cell's vacancies with
  // posted_on <= as_of (NaN when none); how many there were.
  double vacancy_duration_median_days = 0.0;
  int64_t vacancies_dated = 0;
  // Median of (as_of - registered_on) over the district's seekers with
  // registered_on <= as_of (NaN when none); how many there were.
  double registration_duration_median_days = 0.0;
  int64_t seekers_dated = 0;
};

struct MismatchTable {
  // Every district named by a seeker or a vacancy, sorted by bytes ("" first
  // when present). Filled whether or not the rows are split by district.
  std::vector<std::string> districts;
  // Sorted by (skill id, grade, district index, industry id); a cell is
  // listed when demand_openings > 0 or supply_seekers > 0.
  std::vector<MismatchRow> rows;
  bool has_reach = false;
  bool has_unfilled = false;
  // Sorted by (district index, industry id).
  std::vector<TightnessRow> tightness;
  // The thresholds used (the options', or the policy's).
  double shortage_ratio = 0.0;
  double surplus_ratio = 0.0;
  // The reference date used (nullopt when the data has no date and none was
  // given); the whole-city duration medians (NaN when none).
  std::optional<Date> as_of;
  double vacancy_duration_median_days = 0.0;
  double registration_duration_median_days = 0.0;
};

// Label of a ratio under the thresholds (see the top of this header).
MismatchLabel LabelRatio(double ratio, double shortage_ratio, double surplus_ratio);

// A policy threshold (a float) as the decimal number it prints as: 0.67f ->
// 0.67 (the double nearest to 67/100), so that a ratio of exactly 67/100
// meets a threshold written "0.67".
double ThresholdAsDecimal(float threshold);

// InvalidArgument on bad thresholds or a `filled` of the wrong size or with
// a negative entry. Everything else about `data` was checked when it was
// built.
[[nodiscard]] absl::StatusOr<MismatchTable> Mismatch(const Dataset& data,
                                                     const MismatchOptions& options);

// Places filled per vacancy row of `data` from an allocation CSV as
// `jobmatch allocate` writes it (docs/data_formats.md: seeker_id,vacancy_id,
// score,outcome; only seeker_id and vacancy_id are read): the number of
// lines naming each vacancy. Errors (InvalidArgument, "file:line: column
// 'x': reason"): a seeker or vacancy id not in `data`, a seeker twice, a
// vacancy named more often than it has openings (the file belongs to other
// data); file errors as the CSV readers (io/csv.h).
[[nodiscard]] absl::StatusOr<std::vector<int32_t>> ReadFilledFromAllocationCsv(
    const std::string& path, const Dataset& data);

// The placed pairs of the same file (checked the same way): the vacancy row
// of each seeker row of `data`, -1 when not placed or not listed. The
// equal-employment audit (analytics/audit.h) reads an allocation with it;
// ReadFilledFromAllocationCsv counts its entries per vacancy.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> ReadPlacementsFromAllocationCsv(
    const std::string& path, const Dataset& data);

// Writes the cells as CSV (mode 0644: aggregates, no personal data):
// skill,grade[,district][,industry],vacancies,demand_openings,demand_weighted,
// supply_seekers,supply_in_reach,ratio,unfilled_openings,label
// (district/industry columns only when split; supply_in_reach and
// unfilled_openings empty when not computed; ratio "inf" for supply 0).
[[nodiscard]] absl::Status WriteMismatchCsv(const std::string& path, const MismatchTable& table,
                                            const Vocabulary& vocab,
                                            const MismatchOptions& options);
// The tightness table as CSV (mode 0644): district,industry,vacancies,
// openings,seekers,tightness,vacancy_duration_median_days,vacancies_dated,
// registration_duration_median_days,seekers_dated (NaN written empty).
[[nodiscard]] absl::Status WriteTightnessCsv(const std::string& path, const MismatchTable& table,
                                             const Vocabulary& vocab);

}  // namespace jobmatch

#endif  // JOBMATCH_ANALYTICS_MISMATCH_H_
