// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/analytics/audit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/text.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_writer.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/search/topk.h"

namespace jobmatch {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kStages = 5;

// What the audit knows of one seeker (never leaves this file).
struct SeekerFacts {
  bool eligible = false;
  bool listed = false;
  int stratum = 0;  // 0: no eligible open vacancy; 1..5
  double exposure = 0.0;
  bool placed = false;
  double score = 0.0;  // priority-on score of the placement
  double base = 0.0;   // base score of the priority-on placement
  bool placed_off = false;
  double base_off = 0.0;  // base score of the priority-off placement
};

// Sums over the seekers of one cell (and stratum).
struct Sums {
  int64_t n = 0;
  int64_t eligible = 0;
  int64_t listed = 0;
  double exposure = 0.0;
  int64_t placed = 0;
  double score = 0.0;
  double base = 0.0;
  int64_t placed_off = 0;
  double base_off = 0.0;
  void Add(const SeekerFacts& f) {
    ++n;
    eligible += f.eligible ? 1 : 0;
    listed += f.listed ? 1 : 0;
    exposure += f.exposure;
    if (f.placed) {
      ++placed;
      score += f.score;
      base += f.base;
    }
    if (f.placed_off) {
      ++placed_off;
      base_off += f.base_off;
    }
  }
};

AuditRow RowOf(const std::string& name, int stratum, const Sums& s) {
  AuditRow r;
  r.group = name;
  r.stratum = stratum;
  r.seekers = s.n;
  const double n = static_cast<double>(s.n);
  r.eligible_share = s.n > 0 ? static_cast<double>(s.eligible) / n : kNaN;
  r.listed_share = s.n > 0 ? static_cast<double>(s.listed) / n : kNaN;
  r.exposure = s.n > 0 ? s.exposure / n : kNaN;
  r.placements = s.placed;
  r.placement_rate = s.n > 0 ? static_cast<double>(s.placed) / n : kNaN;
  r.mean_score_placed = s.placed > 0 ? s.score / static_cast<double>(s.placed) : kNaN;
  r.base_score_total = s.base;
  r.placements_no_priority = s.placed_off;
  r.placement_rate_no_priority = s.n > 0 ? static_cast<double>(s.placed_off) / n : kNaN;
  r.base_score_total_no_priority = s.base_off;
  return r;
}

void Suppress(AuditRow& r) {
  r.suppressed = true;
  r.seekers = -1;
  r.eligible_share = r.listed_share = r.exposure = kNaN;
  r.placements = -1;
  r.placement_rate = r.mean_score_placed = r.base_score_total = kNaN;
  r.placements_no_priority = -1;
  r.placement_rate_no_priority = r.base_score_total_no_priority = kNaN;
}

double Ratio(double rate, double reference) {
  if (std::isnan(rate) || std::isnan(reference) || reference == 0.0) return kNaN;
  return rate / reference;
}
int Flag(double ratio) { return std::isnan(ratio) ? -1 : (ratio < 0.8 ? 1 : 0); }

// Impact ratios of `rows` against the row of "none" (index `none`).
void SetImpact(AuditRow& r, const AuditRow& none) {
  r.impact_ratio = Ratio(r.placement_rate, none.placement_rate);
  r.four_fifths_flag = Flag(r.impact_ratio);
  r.impact_ratio_no_priority = Ratio(r.placement_rate_no_priority, none.placement_rate_no_priority);
  r.four_fifths_flag_no_priority = Flag(r.impact_ratio_no_priority);
}

absl::Status Step(const ProgressFn& progress, int done) {
  if (progress && !progress(done, kStages)) return absl::CancelledError("audit cancelled");
  return absl::OkStatus();
}

// A cell: seekers whose mask has every bit of `all_of` (all_of == 0: the
// seekers in no group when `none`, everybody otherwise).
struct CellDef {
  std::string name;
  GroupMask all_of = 0;
  bool none = false;
  bool Holds(GroupMask m) const { return none ? m == 0 : (m & all_of) == all_of; }
};

// The given placements (one vacancy row or -1 per seeker) fit the data:
// rows in range, no vacancy over its openings, every pair eligible.
absl::Status CheckPlacements(const Scorer& scorer, const std::vector<int64_t>& vacancy_of_seeker) {
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  const std::vector<int32_t>& openings = scorer.vacancies().openings();
  if (static_cast<int64_t>(vacancy_of_seeker.size()) != ns) {
    return absl::InvalidArgumentError(absl::StrCat("audit: the allocation has ",
                                                   vacancy_of_seeker.size(), " entries, the data ",
                                                   ns, " seekers"));
  }
  std::vector<int32_t> filled(static_cast<size_t>(nv), 0);
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = vacancy_of_seeker[s];
    if (v == -1) continue;
    if (v < 0 || v >= nv) {
      return absl::InvalidArgumentError(absl::StrCat("audit: allocation entry ", s,
                                                     ": vacancy row ", v, " is not in [0, ", nv,
                                                     ") (or -1 for not placed)"));
    }
    if (++filled[v] > openings[v]) {
      return absl::InvalidArgumentError(absl::StrCat("audit: allocation entry ", s,
                                                     ": vacancy row ", v, " has ", openings[v],
                                                     " openings and more placements"));
    }
    if (!scorer.Eligible(s, v)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "audit: allocation entry ", s, ": the pair (seeker row ", s, ", vacancy row ", v,
          ") is not eligible under this policy (the allocation belongs to other "
          "data or another policy)"));
    }
  }
  return absl::OkStatus();
}

// Closed vacancies (no openings) are never candidates nor list owners.
struct OpenVacancies {
  std::vector<uint64_t> closed;  // bit v: vacancy row v is closed
  std::vector<int64_t> rows;     // the open rows, ascending
};

OpenVacancies FindOpenVacancies(const std::vector<int32_t>& openings) {
  const int64_t nv = static_cast<int64_t>(openings.size());
  OpenVacancies out;
  out.closed.assign((static_cast<size_t>(nv) + 63) / 64, 0);
  for (int64_t v = 0; v < nv; ++v) {
    if (openings[v] > 0) {
      out.rows.push_back(v);
    } else {
      out.closed[v / 64] |= uint64_t{1} << (v % 64);
    }
  }
  return out;
}

// Stage 1: the seeker lists of the open vacancies give listed and exposure.
absl::Status AddListExposure(const Scorer& scorer, const AuditOptions& options,
                             const OpenVacancies& open, std::vector<SeekerFacts>& facts) {
  if (open.rows.empty() || facts.empty()) return absl::OkStatus();
  TopKOptions t;
  t.k = options.k;
  t.num_threads = options.num_threads;
  t.rows = open.rows;
  t.exhaustive = options.exhaustive;
  JOBMATCH_ASSIGN_OR_RETURN(TopKResult lists, TopK(scorer, Direction::kSeekersForVacancies, t));
  // Exposure per seeker, added in (vacancy row, rank) order.
  for (int64_t i = 0; i < lists.rows; ++i) {
    for (int j = 0; j < lists.k; ++j) {
      const int64_t s = lists.index[i * lists.k + j];
      if (s < 0) break;
      facts[s].listed = true;
      facts[s].exposure += 1.0 / std::log2(1.0 + static_cast<double>(j + 1));
    }
  }
  return absl::OkStatus();
}

// The strata of the eligible seekers: by best base score, ties in one
// stratum (the position of the first seeker of a tie block decides).
void AssignStrata(const std::vector<float>& best, std::vector<SeekerFacts>& facts) {
  const int64_t ns = static_cast<int64_t>(facts.size());
  std::vector<int64_t> order;
  for (int64_t s = 0; s < ns; ++s) {
    if (facts[s].eligible) order.push_back(s);
  }
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return best[a] < best[b] || (best[a] == best[b] && a < b);
  });
  const int64_t n = static_cast<int64_t>(order.size());
  int64_t first = 0;  // position of the first seeker of the current tie block
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0 && best[order[i]] != best[order[i - 1]]) first = i;
    facts[order[i]].stratum = 1 + static_cast<int>((kAuditStrata * first) / n);
  }
}

// Stage 2: with the priority-off scorer `off`, which seekers have an
// eligible open vacancy, and their stratum by best base score.
absl::Status AddEligibilityAndStrata(const Scorer& off, const AuditOptions& options,
                                     const OpenVacancies& open, std::vector<SeekerFacts>& facts) {
  const int64_t ns = static_cast<int64_t>(facts.size());
  std::vector<float> best(static_cast<size_t>(ns), 0.0f);
  if (!open.rows.empty() && ns > 0) {
    TopKOptions t;
    t.k = 1;
    t.num_threads = options.num_threads;
    t.excluded_candidates = open.closed;
    t.exhaustive = options.exhaustive;
    JOBMATCH_ASSIGN_OR_RETURN(TopKResult top, TopK(off, Direction::kVacanciesForSeekers, t));
    for (int64_t s = 0; s < ns; ++s) {
      if (top.index[s] >= 0) {
        facts[s].eligible = true;
        best[s] = top.score[s];
      }
    }
  }
  AssignStrata(best, facts);
  return absl::OkStatus();
}

// Stage 3: the priority-on placements (given, or allocated here), their
// scores and base scores.
absl::Status AddPlacements(const Scorer& scorer, const Scorer& off, const AuditOptions& options,
                           const AllocationOptions& ao, AuditTable& table,
                           std::vector<SeekerFacts>& facts) {
  std::vector<int64_t> on_placement;
  if (options.vacancy_of_seeker.empty()) {
    JOBMATCH_ASSIGN_OR_RETURN(AllocationResult on, Allocate(scorer, ao));
    on_placement = std::move(on.vacancy_of_seeker);
    table.allocated = true;
  } else {
    on_placement = options.vacancy_of_seeker;
  }
  const int64_t ns = static_cast<int64_t>(facts.size());
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = on_placement[s];
    if (v < 0) continue;
    facts[s].placed = true;
    facts[s].score = scorer.Score(s, v);
    facts[s].base = off.Score(s, v);  // the base score: no boost without priority
  }
  return absl::OkStatus();
}

// Stage 4: the priority-off placements and their base scores.
absl::Status AddPlacementsWithoutPriority(const Scorer& off, const AllocationOptions& ao,
                                          std::vector<SeekerFacts>& facts) {
  JOBMATCH_ASSIGN_OR_RETURN(AllocationResult r, Allocate(off, ao));
  const int64_t ns = static_cast<int64_t>(facts.size());
  for (int64_t s = 0; s < ns; ++s) {
    const int64_t v = r.vacancy_of_seeker[s];
    if (v < 0) continue;
    facts[s].placed_off = true;
    facts[s].base_off = off.Score(s, v);
  }
  return absl::OkStatus();
}

// The cells of the table: each group, "none" (at *none_index), each pair of
// groups, "all".
std::vector<CellDef> AuditCells(const Vocabulary& vocab, size_t* none_index) {
  const int32_t ng = vocab.groups().size();
  std::vector<CellDef> cells;
  for (int32_t g = 0; g < ng; ++g) cells.push_back({vocab.groups().Name(g), GroupMask{1} << g});
  *none_index = cells.size();
  cells.push_back({"none", 0, true});
  for (int32_t a = 0; a < ng; ++a) {
    for (int32_t b = a + 1; b < ng; ++b) {
      cells.push_back({absl::StrCat(vocab.groups().Name(a), "&", vocab.groups().Name(b)),
                       (GroupMask{1} << a) | (GroupMask{1} << b)});
    }
  }
  cells.push_back({"all", 0, false});
  return cells;
}

// The strata rows of one cell (first at table.strata[first]), suppressed
// below min_cell seekers, then complementary suppression: the hidden strata
// together hold 0 or at least min_cell seekers.
void AddStrataRows(const CellDef& cell, const Sums* by_stratum, int32_t min_cell,
                   std::vector<AuditRow>& strata) {
  const size_t first = strata.size();
  int64_t hidden = 0;
  for (int st = 0; st <= kAuditStrata; ++st) {
    const Sums& s = by_stratum[st];
    strata.push_back(RowOf(cell.name, st, s));
    if (s.n < min_cell) {
      Suppress(strata.back());
      hidden += s.n;
    }
  }
  while (hidden > 0 && hidden < min_cell) {
    int pick = -1;
    for (int st = 0; st <= kAuditStrata; ++st) {
      const AuditRow& r = strata[first + st];
      if (r.suppressed) continue;
      const int64_t n = by_stratum[st].n;
      if (pick < 0 || n < by_stratum[pick].n) pick = st;
    }
    if (pick < 0) break;
    Suppress(strata[first + pick]);
    hidden += by_stratum[pick].n;
  }
}

// Stage 5: the rows of every cell (and stratum), with small cells
// suppressed and impact ratios against "none".
void Aggregate(const Scorer& scorer, const AuditOptions& options, int32_t min_cell,
               const std::vector<SeekerFacts>& facts, AuditTable& table) {
  size_t none_index = 0;
  const std::vector<CellDef> cells = AuditCells(scorer.vocabulary(), &none_index);
  const std::vector<GroupMask>& masks = scorer.seekers().groups();
  const int64_t ns = static_cast<int64_t>(facts.size());
  constexpr size_t kRows = kAuditStrata + 1;  // strata rows per cell
  std::vector<Sums> total(cells.size());
  std::vector<Sums> by_stratum(cells.size() * kRows);
  for (size_t c = 0; c < cells.size(); ++c) {
    for (int64_t s = 0; s < ns; ++s) {
      if (!cells[c].Holds(masks[s])) continue;
      total[c].Add(facts[s]);
      by_stratum[c * kRows + facts[s].stratum].Add(facts[s]);
    }
  }

  for (size_t c = 0; c < cells.size(); ++c) {
    table.groups.push_back(RowOf(cells[c].name, -1, total[c]));
    if (total[c].n < min_cell) Suppress(table.groups.back());
  }
  for (AuditRow& r : table.groups) SetImpact(r, table.groups[none_index]);

  if (!options.strata) return;
  for (size_t c = 0; c < cells.size(); ++c) {
    AddStrataRows(cells[c], &by_stratum[c * kRows], min_cell, table.strata);
  }
  for (size_t c = 0; c < cells.size(); ++c) {
    for (size_t st = 0; st < kRows; ++st) {
      SetImpact(table.strata[c * kRows + st], table.strata[none_index * kRows + st]);
    }
  }
}

}  // namespace

Policy PolicyWithoutPriority(const Policy& policy) {
  Policy p = policy;
  p.rules.clear();
  p.max_total_boost = 0.0f;
  return p;
}

absl::StatusOr<AuditTable> Audit(const Scorer& scorer, const AuditOptions& options) {
  if (options.k < 1) {
    return absl::InvalidArgumentError(absl::StrCat("audit: k must be >= 1, got ", options.k));
  }
  const Policy& policy = scorer.policy();
  const int32_t min_cell = options.min_cell_seekers.value_or(policy.audit.min_cell_seekers);
  if (min_cell < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("audit: min_cell_seekers must be >= 1, got ", min_cell));
  }
  // The given placements, checked before any work.
  if (!options.vacancy_of_seeker.empty()) {
    JOBMATCH_RETURN_IF_ERROR(CheckPlacements(scorer, options.vacancy_of_seeker));
  }
  const OpenVacancies open = FindOpenVacancies(scorer.vacancies().openings());
  std::vector<SeekerFacts> facts(static_cast<size_t>(scorer.seekers().size()));

  JOBMATCH_RETURN_IF_ERROR(AddListExposure(scorer, options, open, facts));
  JOBMATCH_RETURN_IF_ERROR(Step(options.progress, 1));

  JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> off_data,
                            scorer.dataset().WithPolicy(PolicyWithoutPriority(policy)));
  JOBMATCH_ASSIGN_OR_RETURN(Scorer off, Scorer::Create(off_data));
  JOBMATCH_RETURN_IF_ERROR(AddEligibilityAndStrata(off, options, open, facts));
  JOBMATCH_RETURN_IF_ERROR(Step(options.progress, 2));

  AllocationOptions ao = options.allocation;
  ao.num_threads = options.num_threads;
  ao.exhaustive = options.exhaustive;
  ao.progress = nullptr;
  AuditTable table;
  table.k = options.k;
  table.min_cell_seekers = min_cell;
  JOBMATCH_RETURN_IF_ERROR(AddPlacements(scorer, off, options, ao, table, facts));
  JOBMATCH_RETURN_IF_ERROR(Step(options.progress, 3));

  JOBMATCH_RETURN_IF_ERROR(AddPlacementsWithoutPriority(off, ao, facts));
  JOBMATCH_RETURN_IF_ERROR(Step(options.progress, 4));

  Aggregate(scorer, options, min_cell, facts, table);
  JOBMATCH_RETURN_IF_ERROR(Step(options.progress, 5));
  return table;
}

namespace {

void AppendNumber(std::string* out, double v) {
  if (!std::isnan(v)) out->append(internal::FormatNumber(v));
}
void AppendCount(std::string* out, int64_t v) {
  if (v >= 0) absl::StrAppend(out, v);
}

void AppendRow(std::string* out, const AuditRow& r, bool with_stratum) {
  internal::AppendCsvField(out, r.group);
  if (with_stratum) absl::StrAppend(out, ",", r.stratum);
  out->push_back(',');
  AppendCount(out, r.seekers);
  for (double v : {r.eligible_share, r.listed_share, r.exposure}) {
    out->push_back(',');
    AppendNumber(out, v);
  }
  out->push_back(',');
  AppendCount(out, r.placements);
  for (double v : {r.placement_rate, r.mean_score_placed, r.base_score_total, r.impact_ratio}) {
    out->push_back(',');
    AppendNumber(out, v);
  }
  out->push_back(',');
  AppendCount(out, r.four_fifths_flag);
  out->push_back(',');
  AppendCount(out, r.placements_no_priority);
  for (double v :
       {r.placement_rate_no_priority, r.base_score_total_no_priority, r.impact_ratio_no_priority}) {
    out->push_back(',');
    AppendNumber(out, v);
  }
  out->push_back(',');
  AppendCount(out, r.four_fifths_flag_no_priority);
  out->push_back('\n');
}

constexpr char kAuditColumns[] =
    "seekers,eligible_share,listed_share,exposure,placements,placement_rate,mean_score_placed,"
    "base_score_total,impact_ratio,four_fifths_flag,placements_no_priority,"
    "placement_rate_no_priority,base_score_total_no_priority,impact_ratio_no_priority,"
    "four_fifths_flag_no_priority";

}  // namespace

absl::Status WriteAuditCsv(const std::string& path, const AuditTable& table) {
  return internal::WriteCsvRows(path, kPublicFileMode, absl::StrCat("group,", kAuditColumns),
                                static_cast<int64_t>(table.groups.size()),
                                [&](int64_t i, std::string* out) {
                                  AppendRow(out, table.groups[i], false);
                                  return absl::OkStatus();
                                });
}

absl::Status WriteAuditStrataCsv(const std::string& path, const AuditTable& table) {
  return internal::WriteCsvRows(
      path, kPublicFileMode, absl::StrCat("group,stratum,", kAuditColumns),
      static_cast<int64_t>(table.strata.size()), [&](int64_t i, std::string* out) {
        AppendRow(out, table.strata[i], true);
        return absl::OkStatus();
      });
}

}  // namespace jobmatch
