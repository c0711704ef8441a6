// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Policy: the declarative part of scoring, read from a JSON policy file
// (format: docs/policy_file.md). It holds
//   * component weights and shape parameters of the base score,
//   * priority rules: non-negative boosts for key groups (重点群体), optionally
//     scoped to vacancy kinds, industries or schedules, with a cap on the
//     total boost,
//   * hard eligibility rules (public-welfare posts 公益性岗位 only for
//     hard-to-employ persons, accessibility, commute, trainee posts 见习岗位
//     for graduates and youth, …).
//
// Priority is a positive measure: a rule's weight must be >= 0 and rules only
// ever add to a score, so no membership (disability, older worker, …) can
// lower a score. Every check of a Policy (values, names, and the equal-
// treatment guarantees for protected groups) is CheckPolicy in
// policy_check.h; FromJson/FromFile, Scorer::Create, the engine and the
// allocation all run it, so a Policy built in C++ meets the rules of a file.
//
// Group and industry names are kept as strings here; ResolvePolicy
// (policy_check.h, called by the Scorer) resolves them against a Vocabulary.
//
// Example:
//   absl::StatusOr<jobmatch::Policy> p = jobmatch::Policy::FromFile("p.json");
//   jobmatch::Policy d = jobmatch::Policy::Default();
#ifndef JOBMATCH_POLICY_POLICY_H_
#define JOBMATCH_POLICY_POLICY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/data/types.h"

namespace jobmatch {

// Base-score components, in the fixed order used everywhere (explanations,
// CSV columns, weights).
enum class Component : int {
  kSkill = 0,       // weighted requirement coverage on the skill ladder
  kEmbedding = 1,   // (1 + cosine similarity of embeddings) / 2
  kDistance = 2,    // commute fit
  kWage = 3,        // offered wage vs reservation wage
  kSchedule = 4,    // wanted vs offered schedule
  kEducation = 5,   // education vs minimum education
  kPreference = 6,  // preferred industries
};
inline constexpr int kNumComponents = 7;
std::string_view ComponentName(Component c);  // "skill", "embedding", …

// A priority rule. It fires for a (seeker, vacancy) pair when every non-empty
// condition holds; its weight is then added to the pair's boost.
struct PriorityRule {
  std::string name;
  float weight = 0.0f;                     // >= 0
  std::vector<std::string> groups;         // seeker in any of these groups
  int32_t min_months_unemployed = 0;       // seeker unemployed at least this long
  std::vector<Schedule> seeker_schedules;  // seeker wants one of these
  std::vector<VacancyKind> kinds;          // vacancy is one of these kinds
  std::vector<std::string> industries;     // vacancy in one of these industries
  std::vector<Schedule> schedules;         // vacancy offers one of these
  bool operator==(const PriorityRule&) const = default;
};

// Hard eligibility: a vacancy kind reserved for members of some groups.
struct KindRestriction {
  VacancyKind kind = VacancyKind::kPublicWelfare;
  std::vector<std::string> groups;  // seeker must be in at least one
  bool operator==(const KindRestriction&) const = default;
};

// A reserved quota used by global allocation (allocation.h): of every
// vacancy of the given kinds (all kinds when empty), round(share * openings)
// places are reserved for seekers in any of `groups`; places the groups do
// not fill are released to everyone. A vacancy takes the first quota whose
// kinds match it.
struct QuotaRule {
  std::string name;
  std::vector<std::string> groups;
  std::vector<VacancyKind> kinds;
  float share = 0.0f;  // in [0, 1]
  bool operator==(const QuotaRule&) const = default;
};

// Labels of structural-mismatch monitoring (analytics/mismatch.h,
// docs/analytics.md): a cell whose openings per qualified seeker is >=
// shortage_ratio is a shortage, otherwise <= surplus_ratio a surplus,
// otherwise balanced. Both in [0, 1e6], surplus_ratio <= shortage_ratio.
// The thresholds compare as the decimal numbers the file writes (0.67 is
// 67/100, not the float nearest to it).
struct MismatchThresholds {
  float shortage_ratio = 1.5f;
  float surplus_ratio = 0.67f;
  bool operator==(const MismatchThresholds&) const = default;
};

// Outreach case lists (analytics/outreach.h, docs/analytics.md): a seeker in
// the graduate_youth group unemployed for at least long_unemployed_months
// months is listed as long-unemployed youth. An integer in [0, 1200].
struct OutreachSettings {
  int32_t long_unemployed_months = 6;
  bool operator==(const OutreachSettings&) const = default;
};

// Settings of the equal-employment audit (analytics/audit.h,
// docs/analytics.md): a cell (group, or group within a stratum) with fewer
// seekers than min_cell_seekers is suppressed (every value of it withheld,
// its size too). An integer in [1, 1000000].
struct AuditSettings {
  int32_t min_cell_seekers = 10;
  bool operator==(const AuditSettings&) const = default;
};

struct Eligibility {
  // Pairs farther apart than the seeker's max commute are ineligible unless
  // the vacancy is remote-possible and the seeker accepts remote work.
  bool enforce_max_commute = true;
  // A seeker who needs accessibility is eligible only for accessible
  // workplaces or remote posts they accept.
  bool enforce_accessibility = true;
  // Seeker education below the vacancy minimum makes the pair ineligible.
  bool enforce_min_education = false;
  // Offered wage_max below the seeker's reservation wage is ineligible.
  bool enforce_reservation_wage = false;
  std::vector<KindRestriction> kind_restrictions;
  bool operator==(const Eligibility&) const = default;
};

// Resource limits of the policy-file reader (docs/policy_file.md). Each is
// checked before the work it guards: the size before reading, the nesting
// depth before building the JSON tree, list lengths before the per-entry
// checks. Exceeding one gives InvalidArgument naming the file, the JSON path
// (or line:column) and the limit.
struct PolicyLimits {
  int64_t max_file_bytes = int64_t{4} << 20;
  int max_depth = 32;             // nested objects and arrays (a valid file needs 5)
  int max_rules = 64;             // priority rules (the Scorer uses at most 64)
  int max_quotas = 64;            // quotas
  int64_t max_list_items = 1024;  // entries of one array of names
};

struct Policy {
  std::string name = "default";
  // Extra key groups beyond the built-in ones (vocabulary.h).
  std::vector<std::string> extra_groups;

  // Base score = sum_c weight[c] * f_c / sum_c weight[c] over the components
  // in use (embedding only when both tables have embeddings). In [0, 1].
  std::array<float, kNumComponents> weights = {0.40f, 0.15f, 0.15f, 0.10f, 0.10f, 0.05f, 0.05f};
  // Credit for a held skill below the required level: 1 - per_grade * gap,
  // floored at 0. A missing skill earns 0.
  float partial_credit_per_grade = 0.25f;
  // Commute used when a seeker states none (max_commute_km == 0).
  float default_max_commute_km = 15.0f;
  // Wage fit with r = wage_max / reservation_wage: 1 for r >= 1, 0 for
  // r <= wage_zero_ratio, linear between. 1 when the seeker states no wage.
  float wage_zero_ratio = 0.5f;
  // Education fit below the minimum: 1 - per_level * gap, floored at 0.
  float education_penalty_per_level = 0.5f;
  // Preference fit when the seeker states no preferred industry.
  float neutral_preference = 0.5f;
  // schedule_fit[seeker schedule][vacancy schedule], each in [0, 1].
  std::array<std::array<float, kNumVacancySchedules>, kNumSeekerSchedules> schedule_fit = {
      {{1.0f, 0.5f, 0.7f}, {0.2f, 1.0f, 0.8f}, {0.4f, 0.8f, 1.0f}, {1.0f, 1.0f, 1.0f}}};

  std::vector<PriorityRule> rules;
  float max_total_boost = 0.25f;  // cap on the sum of fired rule weights

  Eligibility eligibility;

  // Reserved quotas for allocation; none by default.
  std::vector<QuotaRule> quotas;

  // Structural-mismatch labels. Written by ToJson only when not the
  // defaults, so files without the section read and write unchanged.
  MismatchThresholds mismatch;

  // Outreach case lists. Written by ToJson only when not the defaults.
  OutreachSettings outreach;
  // Equal-employment audit. Written by ToJson only when not the defaults.
  AuditSettings audit;

  // The policy shipped with jobmatch (policies/default.json holds the same
  // content): the key groups of the Qingdao employment measures.
  static Policy Default();
  // Parses JSON text; `source` names it in error messages. Refuses, besides
  // bad values (CheckPolicy): NUL bytes, bytes that are not UTF-8 (both with
  // source:line:column) and duplicate keys at any depth (with their path).
  static absl::StatusOr<Policy> FromJson(std::string_view text,
                                         std::string_view source = "<policy>");
  static absl::StatusOr<Policy> FromJson(std::string_view text, std::string_view source,
                                         const PolicyLimits& limits);
  // Reads a regular file (FileReader, base/file_io.h): one larger than
  // limits.max_file_bytes is refused without being read; a directory, FIFO,
  // socket or device is refused with FailedPrecondition before any read.
  static absl::StatusOr<Policy> FromFile(const std::string& path);
  static absl::StatusOr<Policy> FromFile(const std::string& path, const PolicyLimits& limits);
  // Serialises to the JSON file format (round-trips through FromJson for a
  // policy that passes CheckPolicy; never throws).
  std::string ToJson() const;

  bool operator==(const Policy&) const = default;
};

}  // namespace jobmatch

#endif  // JOBMATCH_POLICY_POLICY_H_
