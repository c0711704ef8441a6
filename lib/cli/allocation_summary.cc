// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/allocation_summary.h"

#include <string>

#include "absl/strings/str_format.h"
#include "cli/output.h"
#include "jobmatch/analytics/coverage.h"

namespace jobmatch::cli {
namespace {

void PrintTotals(const AllocationResult& r, int64_t ns, const AllocationOptions& o,
                 double seconds) {
  Print(absl::StrFormat(
      "  %s allocation over %d candidate pairs in %.2f s\n"
      "  placed %d of %d seekers (%.1f%%); openings filled %d of %d (%.1f%%); total score %.3f\n",
      o.method == AllocationMethod::kOptimal ? "optimal" : "stable", r.candidate_edges, seconds,
      r.placed, ns, ns ? 100.0 * r.placed / ns : 0.0, r.placed, r.total_openings,
      r.total_openings ? 100.0 * r.placed / r.total_openings : 0.0, r.total_score));
  if (r.households > 0) {
    Print(absl::StrFormat("  zero-employment households with a member placed: %d of %d",
                          r.households_covered, r.households));
    if (o.household_coverage) {
      Print(absl::StrFormat(" (without coverage: %d; price in total score: %.4f)",
                            r.households_covered_without_coverage,
                            r.total_score_without_coverage - r.total_score));
    }
    Print("\n");
  }
  if (r.reserved_places > 0) {
    Print(absl::StrFormat(
        "  reserved places (quotas): %d, filled by their groups: %d (the rest released)\n",
        r.reserved_places, r.reserved_filled));
  }
}

void PrintOutcomes(const AllocationGroupSummary& sum) {
  Print("  seekers by outcome:");
  for (int i = 0; i < 4; ++i) {
    Print(absl::StrFormat(" %s %d", SeekerOutcomeName(static_cast<SeekerOutcome>(i)),
                          sum.seeker_outcomes[i]));
  }
  Print("\n  vacancies by outcome:");
  for (int i = 0; i < 4; ++i) {
    Print(absl::StrFormat(" %s %d", VacancyOutcomeName(static_cast<VacancyOutcome>(i)),
                          sum.vacancy_outcomes[i]));
  }
  Print("\n");
}

}  // namespace

absl::Status PrintAllocationSummary(const AllocationResult& r, const Scorer& scorer,
                                    const AllocationOptions& o, double seconds) {
  auto sum = SummariseAllocationByGroup(r, scorer.seekers(), scorer.vocabulary());
  if (!sum.ok()) return sum.status();
  PrintTotals(r, scorer.seekers().size(), o, seconds);
  Print(absl::StrFormat("  %-28s %8s %8s %8s\n", "key group", "seekers", "placed", "share"));
  for (const GroupPlacementRow& row : sum->rows) {
    Print(absl::StrFormat("  %-28s %8d %8d %7.1f%%\n",
                          row.all_seekers ? "(all seekers)" : row.group, row.seekers, row.placed,
                          100.0 * row.placed / row.seekers));
  }
  PrintOutcomes(*sum);
  return absl::OkStatus();
}

}  // namespace jobmatch::cli
