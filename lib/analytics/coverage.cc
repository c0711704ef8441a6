// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/analytics/coverage.h"

#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jobmatch {
namespace {

absl::Status CheckShape(const TopKResult& r, Direction want, int64_t rows_universe,
                        int64_t entry_universe, const char* what) {
  if (r.direction != want)
    return absl::InvalidArgumentError(absl::StrCat(what, ": wrong direction"));
  const size_t cells =
      static_cast<size_t>(r.rows < 0 ? 0 : r.rows) * static_cast<size_t>(r.k < 0 ? 0 : r.k);
  if (r.rows < 0 || r.k < 0 || r.row_ids.size() != static_cast<size_t>(r.rows) ||
      r.index.size() != cells || r.score.size() != cells) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": inconsistent shape"));
  }
  for (int64_t id : r.row_ids) {
    if (id < 0 || id >= rows_universe) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": row ", id, " outside the table"));
    }
  }
  for (int64_t e : r.index) {
    if (e >= entry_universe) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": entry ", e, " outside the table"));
    }
  }
  return absl::OkStatus();
}

// Calls add(g, s) for every key group g of seeker s and for the "all
// seekers" slot (g == number of groups).
template <typename Add>
void ForEachSlot(const SeekerTable& seekers, int ng, int64_t s, Add&& add) {
  const GroupMask gm = seekers.groups()[s];
  for (int g = 0; g <= ng; ++g) {
    if (g < ng && !((gm >> g) & 1)) continue;
    add(g);
  }
}

}  // namespace

absl::StatusOr<KeyGroupCoverageTable> KeyGroupCoverage(const SeekerTable& seekers,
                                                       const Vocabulary& vocab,
                                                       const TopKResult& for_seekers,
                                                       const TopKResult& for_vacancies) {
  const int64_t ns = seekers.size();
  if (auto s = CheckShape(for_seekers, Direction::kVacanciesForSeekers, ns, INT64_MAX,
                          "vacancies for seekers");
      !s.ok()) {
    return s;
  }
  if (auto s = CheckShape(for_vacancies, Direction::kSeekersForVacancies, INT64_MAX, ns,
                          "seekers for vacancies");
      !s.ok()) {
    return s;
  }
  const int ng = vocab.groups().size();
  std::vector<char> in_vacancy_list(static_cast<size_t>(ns), 0);
  for (int64_t e : for_vacancies.index) {
    if (e >= 0) in_vacancy_list[e] = 1;
  }
  // Each seeker's best score, from its own row (the first entry).
  std::vector<char> has(static_cast<size_t>(ns), 0);
  std::vector<double> best(static_cast<size_t>(ns), 0.0);
  for (int64_t r = 0; r < for_seekers.rows && for_seekers.k > 0; ++r) {
    const int64_t s = for_seekers.row_ids[r];
    has[s] = for_seekers.index[r * for_seekers.k] >= 0;
    best[s] = has[s] ? for_seekers.score[r * for_seekers.k] : 0.0;
  }
  std::vector<GroupCoverageRow> slot(static_cast<size_t>(ng) + 1);
  for (int64_t s = 0; s < ns; ++s) {
    ForEachSlot(seekers, ng, s, [&](int g) {
      GroupCoverageRow& row = slot[g];
      ++row.seekers;
      row.with_recommendation += has[s];
      row.in_vacancy_top_k += in_vacancy_list[s];
      row.best_score_sum += best[s];
    });
  }
  KeyGroupCoverageTable out;
  for (int g = 0; g <= ng; ++g) {
    if (slot[g].seekers == 0) continue;
    slot[g].all_seekers = g == ng;
    if (g < ng) slot[g].group = std::string(vocab.groups().Name(g));
    out.rows.push_back(std::move(slot[g]));
  }
  return out;
}

absl::StatusOr<AllocationGroupSummary> SummariseAllocationByGroup(const AllocationResult& result,
                                                                  const SeekerTable& seekers,
                                                                  const Vocabulary& vocab) {
  const int64_t ns = seekers.size();
  if (result.vacancy_of_seeker.size() != static_cast<size_t>(ns) ||
      result.seeker_outcome.size() != static_cast<size_t>(ns)) {
    return absl::InvalidArgumentError(absl::StrCat("allocation result has ",
                                                   result.vacancy_of_seeker.size(),
                                                   " seeker entries, the table ", ns, " seekers"));
  }
  const int ng = vocab.groups().size();
  std::vector<GroupPlacementRow> slot(static_cast<size_t>(ng) + 1);
  for (int64_t s = 0; s < ns; ++s) {
    const bool placed = result.vacancy_of_seeker[s] >= 0;
    ForEachSlot(seekers, ng, s, [&](int g) {
      ++slot[g].seekers;
      slot[g].placed += placed;
    });
  }
  AllocationGroupSummary out;
  for (int g = 0; g <= ng; ++g) {
    if (slot[g].seekers == 0) continue;
    slot[g].all_seekers = g == ng;
    if (g < ng) slot[g].group = std::string(vocab.groups().Name(g));
    out.rows.push_back(std::move(slot[g]));
  }
  for (SeekerOutcome x : result.seeker_outcome) {
    const int i = static_cast<int>(x);
    if (i >= 0 && i < 4) ++out.seeker_outcomes[i];
  }
  for (VacancyOutcome x : result.vacancy_outcome) {
    const int i = static_cast<int>(x);
    if (i >= 0 && i < 4) ++out.vacancy_outcomes[i];
  }
  return out;
}

}  // namespace jobmatch
