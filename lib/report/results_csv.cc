// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/report/results_csv.h"

#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_writer.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch {
namespace {

absl::Status CheckResult(const TopKResult& result, const Scorer& scorer) {
  const bool by_seeker = result.direction == Direction::kVacanciesForSeekers;
  const int64_t row_n = by_seeker ? scorer.seekers().size() : scorer.vacancies().size();
  const int64_t entry_n = by_seeker ? scorer.vacancies().size() : scorer.seekers().size();
  const size_t cells = static_cast<size_t>(std::max<int64_t>(result.rows, 0)) *
                       static_cast<size_t>(std::max(result.k, 0));
  if (result.rows < 0 || result.k < 0 ||
      result.row_ids.size() != static_cast<size_t>(result.rows) || result.index.size() != cells ||
      result.score.size() != cells) {
    return absl::InvalidArgumentError(
        "TopKResult has inconsistent sizes (rows, k, row_ids, index, score)");
  }
  for (int64_t id : result.row_ids) {
    if (id < 0 || id >= row_n) {
      return absl::InvalidArgumentError(
          absl::StrCat("TopKResult row id ", id, " is not a row of the scorer's tables"));
    }
  }
  for (int64_t id : result.index) {
    if (id < -1 || id >= entry_n) {
      return absl::InvalidArgumentError(
          absl::StrCat("TopKResult index ", id, " is not a row of the scorer's tables"));
    }
  }
  return absl::OkStatus();
}

std::string RecommendationsHeader(Direction direction, bool explain) {
  std::string h = direction == Direction::kVacanciesForSeekers ? "seeker_id,rank,vacancy_id,score"
                                                               : "vacancy_id,rank,seeker_id,score";
  if (explain) {
    for (int c = 0; c < kNumComponents; ++c) {
      absl::StrAppend(&h, ",", internal::Sv(ComponentName(static_cast<Component>(c))));
    }
    h.append(",base,boost,distance_km,rules");
  }
  return h;
}

// Appends the lines of result row `i`.
void AppendRecommendations(const TopKResult& result, const Scorer& scorer, bool explain, int64_t i,
                           std::string* out) {
  const bool by_seeker = result.direction == Direction::kVacanciesForSeekers;
  const std::vector<std::string>& row_ids =
      by_seeker ? scorer.seekers().ids() : scorer.vacancies().ids();
  const std::vector<std::string>& entry_ids =
      by_seeker ? scorer.vacancies().ids() : scorer.seekers().ids();
  const int64_t row = result.row_ids[i];
  for (int j = 0; j < result.k; ++j) {
    const size_t cell = static_cast<size_t>(i) * result.k + j;
    const int64_t entry = result.index[cell];
    if (entry < 0) continue;
    internal::AppendCsvField(out, row_ids[row]);
    absl::StrAppend(out, ",", j + 1, ",");
    internal::AppendCsvField(out, entry_ids[entry]);
    out->push_back(',');
    internal::AppendShortestNumber(out, result.score[cell]);
    if (explain) {
      const Explanation e = by_seeker ? scorer.Explain(row, entry) : scorer.Explain(entry, row);
      for (int c = 0; c < kNumComponents; ++c) {
        out->push_back(',');
        // A component not in use (say, embeddings absent) has no value.
        if (e.used[c]) internal::AppendShortestNumber(out, e.value[c]);
      }
      out->push_back(',');
      internal::AppendShortestNumber(out, e.base);
      out->push_back(',');
      internal::AppendShortestNumber(out, e.boost);
      out->push_back(',');
      internal::AppendShortestNumber(out, e.distance_km);
      out->push_back(',');
      std::string rules;
      for (const FiredRule& fr : e.rules) {
        if (!rules.empty()) rules.push_back(';');
        rules.append(fr.name);
      }
      internal::AppendCsvField(out, rules);
    }
    out->push_back('\n');
  }
}

}  // namespace

absl::Status WriteRecommendationsCsv(const std::string& path, const TopKResult& result,
                                     const Scorer& scorer, bool explain) {
  JOBMATCH_RETURN_IF_ERROR(CheckResult(result, scorer));
  return internal::WriteCsvRows(path, kPersonalDataFileMode,
                                RecommendationsHeader(result.direction, explain), result.rows,
                                [&](int64_t i, std::string* out) {
                                  AppendRecommendations(result, scorer, explain, i, out);
                                  return absl::OkStatus();
                                });
}

absl::Status WriteListsCsv(const std::string& path, Direction direction,
                           absl::Span<const std::string> answer_ids, absl::Span<const int64_t> rank,
                           absl::Span<const std::string> entry_ids, absl::Span<const float> score) {
  const size_t n = answer_ids.size();
  if (rank.size() != n || entry_ids.size() != n || score.size() != n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "WriteListsCsv: the columns differ in length (", n, " answer ids, ", rank.size(),
        " ranks, ", entry_ids.size(), " entry ids, ", score.size(), " scores)"));
  }
  for (size_t i = 0; i < n; ++i) {
    if (rank[i] < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("WriteListsCsv: rank ", rank[i], " on line ", i + 2, " is not >= 1"));
    }
  }
  // Lines in chunks of 4096 (the writer's unit is a row).
  constexpr int64_t kChunk = 4096;
  const int64_t chunks = (static_cast<int64_t>(n) + kChunk - 1) / kChunk;
  return internal::WriteCsvRows(
      path, kPersonalDataFileMode, RecommendationsHeader(direction, /*explain=*/false), chunks,
      [&](int64_t c, std::string* out) {
        const size_t end = std::min(n, static_cast<size_t>((c + 1) * kChunk));
        for (size_t i = static_cast<size_t>(c * kChunk); i < end; ++i) {
          internal::AppendCsvField(out, answer_ids[i]);
          absl::StrAppend(out, ",", rank[i], ",");
          internal::AppendCsvField(out, entry_ids[i]);
          out->push_back(',');
          internal::AppendShortestNumber(out, score[i]);
          out->push_back('\n');
        }
        return absl::OkStatus();
      });
}

std::string RecommendationsToCsv(const TopKResult& result, const Scorer& scorer, bool explain) {
  // No status to return: a result that does not belong to `scorer` is a
  // programming error.
  JOBMATCH_CHECK(CheckResult(result, scorer).ok());
  std::string out = RecommendationsHeader(result.direction, explain);
  out.push_back('\n');
  for (int64_t i = 0; i < result.rows; ++i) {
    AppendRecommendations(result, scorer, explain, i, &out);
  }
  return out;
}

// ----------------------------------------------------------------- allocation

absl::Status WriteAllocationCsv(const std::string& path, const AllocationResult& result,
                                const Scorer& scorer) {
  const SeekerTable& seekers = scorer.seekers();
  const VacancyTable& vacancies = scorer.vacancies();
  if (static_cast<int64_t>(result.vacancy_of_seeker.size()) != seekers.size() ||
      static_cast<int64_t>(result.filled.size()) != vacancies.size()) {
    return absl::InvalidArgumentError("allocation result does not match the scorer's tables");
  }
  return internal::WriteCsvRows(path, kPersonalDataFileMode, "seeker_id,vacancy_id,score,outcome",
                                seekers.size(), [&](int64_t s, std::string* out) {
                                  internal::AppendCsvField(out, seekers.ids()[s]);
                                  out->push_back(',');
                                  const int64_t v = result.vacancy_of_seeker[s];
                                  if (v >= 0) internal::AppendCsvField(out, vacancies.ids()[v]);
                                  out->push_back(',');
                                  if (v >= 0)
                                    internal::AppendShortestNumber(out, result.score_of_seeker[s]);
                                  out->push_back(',');
                                  out->append(SeekerOutcomeName(result.seeker_outcome[s]));
                                  out->push_back('\n');
                                  return absl::OkStatus();
                                });
}

absl::Status WriteVacancyFillCsv(const std::string& path, const AllocationResult& result,
                                 const Scorer& scorer) {
  const VacancyTable& vacancies = scorer.vacancies();
  if (static_cast<int64_t>(result.filled.size()) != vacancies.size()) {
    return absl::InvalidArgumentError("allocation result does not match the scorer's tables");
  }
  return internal::WriteCsvRows(path, kPublicFileMode, "vacancy_id,openings,filled,outcome",
                                vacancies.size(), [&](int64_t v, std::string* out) {
                                  internal::AppendCsvField(out, vacancies.ids()[v]);
                                  out->push_back(',');
                                  internal::AppendShortestNumber(out, vacancies.openings()[v]);
                                  out->push_back(',');
                                  internal::AppendShortestNumber(out, result.filled[v]);
                                  out->push_back(',');
                                  out->append(VacancyOutcomeName(result.vacancy_outcome[v]));
                                  out->push_back('\n');
                                  return absl::OkStatus();
                                });
}

}  // namespace jobmatch
