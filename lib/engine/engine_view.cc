// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// EngineView (engine.h): the queries on one version of the live engine —
// rows and ids, exports, the merged top-k over the version's cells,
// scores, explanations and the compacted form. engine.cc builds and
// publishes the versions.
#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "engine/internal/engine_internal.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/engine/engine.h"
#include "search/internal/topk_internal.h"

namespace jobmatch {
namespace {

using internal::CompactedOf;
using internal::EngineVersion;
using internal::RowMap;
using internal::Tombstones;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Merges two candidate lists of one result row (each sorted by score
// descending, then index ascending) into the first k of both.
void MergeRow(const float* as, const int64_t* ai, const float* bs, const int64_t* bi, int k,
              float* out_s, int64_t* out_i) {
  int a = 0, b = 0;
  for (int j = 0; j < k; ++j) {
    const bool a_ok = ai != nullptr && a < k && ai[a] >= 0;
    const bool b_ok = bi != nullptr && b < k && bi[b] >= 0;
    if (!a_ok && !b_ok) {
      out_s[j] = kNegInf;
      out_i[j] = -1;
      continue;
    }
    const bool take_a = a_ok && (!b_ok || as[a] > bs[b] || (as[a] == bs[b] && ai[a] < bi[b]));
    if (take_a) {
      out_s[j] = as[a];
      out_i[j] = ai[a++];
    } else {
      out_s[j] = bs[b];
      out_i[j] = bi[b++];
    }
  }
}

}  // namespace

// ------------------------------------------------------------- EngineView

uint64_t EngineView::sequence() const { return v_->sequence; }
int64_t EngineView::num_seekers() const { return v_->seekers.map().size(); }
int64_t EngineView::num_vacancies() const { return v_->vacancies.map().size(); }
const Vocabulary& EngineView::vocabulary() const { return *v_->vocab; }
const Policy& EngineView::policy() const { return *v_->policy; }

EngineStats EngineView::stats() const {
  EngineStats s;
  s.sequence = v_->sequence;
  s.seekers = num_seekers();
  s.vacancies = num_vacancies();
  s.seeker_base_rows = v_->seekers.base->size();
  s.vacancy_base_rows = v_->vacancies.base->size();
  s.seeker_delta_rows = v_->seekers.delta->size();
  s.vacancy_delta_rows = v_->vacancies.delta->size();
  s.seeker_removed_base_rows = static_cast<int64_t>(v_->seekers.dead->rows.size());
  s.vacancy_removed_base_rows = static_cast<int64_t>(v_->vacancies.dead->rows.size());
  s.compactions = v_->compactions;
  return s;
}

std::optional<int64_t> EngineView::FindSeeker(std::string_view id) const {
  return v_->seekers.Find(id);
}
std::optional<int64_t> EngineView::FindVacancy(std::string_view id) const {
  return v_->vacancies.Find(id);
}

const std::string& EngineView::SeekerId(int64_t row) const {
  JOBMATCH_CHECK(row >= 0 && row < num_seekers());
  auto [p, l] = v_->seekers.map().Locate(row);
  return v_->seekers.part(p).ids()[l];
}
const std::string& EngineView::VacancyId(int64_t row) const {
  JOBMATCH_CHECK(row >= 0 && row < num_vacancies());
  auto [p, l] = v_->vacancies.map().Locate(row);
  return v_->vacancies.part(p).ids()[l];
}
Seeker EngineView::GetSeeker(int64_t row) const {
  JOBMATCH_CHECK(row >= 0 && row < num_seekers());
  auto [p, l] = v_->seekers.map().Locate(row);
  return v_->seekers.part(p).Get(l);
}
Vacancy EngineView::GetVacancy(int64_t row) const {
  JOBMATCH_CHECK(row >= 0 && row < num_vacancies());
  auto [p, l] = v_->vacancies.map().Locate(row);
  return v_->vacancies.part(p).Get(l);
}

std::vector<Seeker> EngineView::ExportSeekers() const {
  std::vector<Seeker> out;
  out.reserve(static_cast<size_t>(num_seekers()));
  for (int64_t r : v_->seekers.LiveBaseRows()) out.push_back(v_->seekers.base->Get(r));
  for (int64_t r = 0; r < v_->seekers.delta->size(); ++r) out.push_back(v_->seekers.delta->Get(r));
  return out;
}
std::vector<Vacancy> EngineView::ExportVacancies() const {
  std::vector<Vacancy> out;
  out.reserve(static_cast<size_t>(num_vacancies()));
  for (int64_t r : v_->vacancies.LiveBaseRows()) out.push_back(v_->vacancies.base->Get(r));
  for (int64_t r = 0; r < v_->vacancies.delta->size(); ++r) {
    out.push_back(v_->vacancies.delta->Get(r));
  }
  return out;
}

namespace {

// One row part's share of a merged top-k: its rows (local numbers, and
// their positions in the result) against each candidate part with live
// rows, one sub-query per cell, merged into `res`. `offset` counts the
// result rows of the sub-queries run so far (progress over all of them:
// `total`).
absl::Status QueryRowPart(const EngineVersion& v, Direction direction, const TopKOptions& options,
                          int rp, const std::vector<int64_t>& local,
                          const std::vector<int64_t>& pos, int64_t total, int64_t& offset,
                          TopKResult& res) {
  const bool seeker_rows = direction == Direction::kVacanciesForSeekers;
  const RowMap cm = seeker_rows ? v.vacancies.map() : v.seekers.map();
  const Tombstones& cdead = seeker_rows ? *v.vacancies.dead : *v.seekers.dead;
  const int k = options.k;
  std::optional<TopKResult> part[2];
  for (int cp = 0; cp < 2; ++cp) {
    if (cm.part_live(cp) == 0) continue;
    const auto& cell = seeker_rows ? v.cells[rp][cp] : v.cells[cp][rp];
    JOBMATCH_CHECK(cell != nullptr);
    TopKOptions o;
    o.k = k;
    o.num_threads = options.num_threads;
    o.rows = local;
    o.exhaustive = options.exhaustive;
    if (options.progress) {
      o.progress = [&options, offset, total](int64_t done, int64_t) {
        return options.progress(offset + done, total);
      };
    }
    if (cp == 0 && !cdead.rows.empty()) o.excluded_candidates = cdead.bits;
    JOBMATCH_ASSIGN_OR_RETURN(TopKResult r, jobmatch::TopK(*cell, direction, o));
    for (int64_t& c : r.index) {
      if (c >= 0) c = cm.Global(cp, c);
    }
    offset += static_cast<int64_t>(local.size());
    part[cp] = std::move(r);
  }
  for (size_t j = 0; j < local.size(); ++j) {
    const size_t at = static_cast<size_t>(pos[j]) * k;
    const size_t from = j * k;
    MergeRow(part[0] ? part[0]->score.data() + from : nullptr,
             part[0] ? part[0]->index.data() + from : nullptr,
             part[1] ? part[1]->score.data() + from : nullptr,
             part[1] ? part[1]->index.data() + from : nullptr, k, res.score.data() + at,
             res.index.data() + at);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TopKResult> EngineView::TopK(Direction direction, const TopKOptions& options) const {
  if (options.k < 1) return absl::InvalidArgumentError("k must be >= 1");
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  if (!options.excluded_candidates.empty()) {
    return absl::InvalidArgumentError("EngineView::TopK: excluded_candidates is not supported");
  }
  const EngineVersion& v = *v_;
  const bool seeker_rows = direction == Direction::kVacanciesForSeekers;
  const RowMap rm = seeker_rows ? v.seekers.map() : v.vacancies.map();
  const RowMap cm = seeker_rows ? v.vacancies.map() : v.seekers.map();
  const int64_t universe = rm.size();
  for (int64_t r : options.rows) {
    if (r < 0 || r >= universe) {
      return absl::OutOfRangeError(absl::StrCat("row ", r, " outside 0..", universe - 1));
    }
  }
  TopKResult res = internal::EmptyTopKResult(direction, options, universe);
  // Split the rows asked for by part.
  std::vector<int64_t> local[2], pos[2];
  for (int64_t i = 0; i < res.rows; ++i) {
    auto [p, l] = rm.Locate(res.row_ids[i]);
    local[p].push_back(l);
    pos[p].push_back(i);
  }
  // Progress over all sub-queries, in result rows.
  int64_t total = 0;
  for (int rp = 0; rp < 2; ++rp) {
    for (int cp = 0; cp < 2; ++cp) {
      if (!local[rp].empty() && cm.part_live(cp) > 0)
        total += static_cast<int64_t>(local[rp].size());
    }
  }
  int64_t offset = 0;
  for (int rp = 0; rp < 2; ++rp) {
    if (local[rp].empty()) continue;
    JOBMATCH_RETURN_IF_ERROR(
        QueryRowPart(v, direction, options, rp, local[rp], pos[rp], total, offset, res));
  }
  return res;
}

float EngineView::Score(int64_t seeker_row, int64_t vacancy_row) const {
  JOBMATCH_CHECK(seeker_row >= 0 && seeker_row < num_seekers() && vacancy_row >= 0 &&
                 vacancy_row < num_vacancies());
  auto [sp, sl] = v_->seekers.map().Locate(seeker_row);
  auto [vp, vl] = v_->vacancies.map().Locate(vacancy_row);
  return v_->cells[sp][vp]->Score(sl, vl);
}

Explanation EngineView::Explain(int64_t seeker_row, int64_t vacancy_row) const {
  JOBMATCH_CHECK(seeker_row >= 0 && seeker_row < num_seekers() && vacancy_row >= 0 &&
                 vacancy_row < num_vacancies());
  auto [sp, sl] = v_->seekers.map().Locate(seeker_row);
  auto [vp, vl] = v_->vacancies.map().Locate(vacancy_row);
  Explanation e = v_->cells[sp][vp]->Explain(sl, vl);
  e.seeker = seeker_row;
  e.vacancy = vacancy_row;
  return e;
}

absl::StatusOr<Explanation> EngineView::ExplainIds(std::string_view seeker_id,
                                                   std::string_view vacancy_id) const {
  auto s = FindSeeker(seeker_id);
  if (!s)
    return absl::NotFoundError(absl::StrCat("no seeker with id '", internal::Sv(seeker_id), "'"));
  auto v = FindVacancy(vacancy_id);
  if (!v) {
    return absl::NotFoundError(absl::StrCat("no vacancy with id '", internal::Sv(vacancy_id), "'"));
  }
  return Explain(*s, *v);
}

std::string EngineView::ExplanationText(const Explanation& e) const {
  JOBMATCH_CHECK(e.seeker >= 0 && e.seeker < num_seekers() && e.vacancy >= 0 &&
                 e.vacancy < num_vacancies());
  auto [sp, sl] = v_->seekers.map().Locate(e.seeker);
  auto [vp, vl] = v_->vacancies.map().Locate(e.vacancy);
  Explanation local = e;
  local.seeker = sl;
  local.vacancy = vl;
  return local.ToString(v_->seekers.part(sp), v_->vacancies.part(vp));
}

CompactedTables EngineView::Compacted() const {
  absl::Status st;
  const Scorer* c = CompactedOf(*v_, &st);
  // Building can only fail on a policy the compiled parts accepted when the
  // union of their rule profiles exceeds the boost-table limit (scorer.cc).
  JOBMATCH_CHECK(st.ok() && c != nullptr);
  return CompactedTables{c->dataset(),   c->vocabulary(), c->seekers(),
                         c->vacancies(), c->policy(),     *c};
}

std::shared_ptr<const Dataset> EngineView::CompactedDataset() const {
  absl::Status st;
  const Scorer* c = CompactedOf(*v_, &st);
  JOBMATCH_CHECK(st.ok() && c != nullptr);
  return c->dataset_ptr();
}

absl::StatusOr<AllocationResult> EngineView::Allocate(const AllocationOptions& options) const {
  absl::Status st;
  const Scorer* c = CompactedOf(*v_, &st);
  JOBMATCH_RETURN_IF_ERROR(st);
  return jobmatch::Allocate(*c, options);
}

}  // namespace jobmatch
