// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/matching/congestion.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch {
namespace {

// Headline measure and loads for lists given as (seeker, entries) with
// entries = vacancy rows (-1 padding).
CongestionReport Measure(int64_t rows, int k, const std::vector<int64_t>& index,
                         const std::vector<int32_t>& openings, double factor) {
  const int64_t nv = static_cast<int64_t>(openings.size());
  CongestionReport r;
  r.recommended_to.assign(nv, 0);
  for (int64_t i = 0; i < rows * k; ++i) {
    if (index[i] >= 0) ++r.recommended_to[index[i]];
  }
  r.oversubscribed.assign(nv, 0);
  for (int64_t v = 0; v < nv; ++v) {
    r.oversubscribed[v] = static_cast<double>(r.recommended_to[v]) > factor * openings[v] ? 1 : 0;
    r.oversubscribed_vacancies += r.oversubscribed[v];
    if (r.recommended_to[v] > 0) {
      const double ratio = openings[v] > 0 ? static_cast<double>(r.recommended_to[v]) / openings[v]
                                           : std::numeric_limits<double>::infinity();
      r.max_ratio = std::max(r.max_ratio, ratio);
    }
  }
  for (int64_t s = 0; s < rows; ++s) {
    if (index[s * k] < 0) continue;
    ++r.seekers_with_list;
    for (int j = 0; j < k; ++j) {
      const int64_t v = index[s * k + j];
      if (v >= 0 && !r.oversubscribed[v]) {
        ++r.seekers_with_uncongested;
        break;
      }
    }
  }
  r.share_with_uncongested =
      r.seekers_with_list > 0
          ? static_cast<double>(r.seekers_with_uncongested) / r.seekers_with_list
          : 1.0;
  return r;
}

}  // namespace

absl::StatusOr<CongestionReport> AnalyseCongestion(const TopKResult& lists,
                                                   const VacancyTable& vacancies,
                                                   const CongestionOptions& options) {
  if (lists.direction != Direction::kVacanciesForSeekers) {
    return absl::InvalidArgumentError("congestion needs lists of vacancies for seekers");
  }
  if (!(options.factor > 0.0) || !std::isfinite(options.factor)) {
    return absl::InvalidArgumentError("congestion factor must be finite and > 0");
  }
  if (static_cast<int64_t>(lists.index.size()) != lists.rows * lists.k) {
    return absl::InvalidArgumentError("malformed top-k result");
  }
  for (int64_t v : lists.index) {
    if (v < -1 || v >= vacancies.size()) {
      return absl::InvalidArgumentError(absl::StrCat("vacancy row ", v, " outside the table"));
    }
  }
  return Measure(lists.rows, lists.k, lists.index, vacancies.openings(), options.factor);
}

absl::StatusOr<RerankResult> CapacityAwareRecommendations(const Scorer& scorer,
                                                          const RerankOptions& options) {
  if (options.k < 1) return absl::InvalidArgumentError("k must be >= 1");
  if (options.passes < 0) return absl::InvalidArgumentError("passes must be >= 0");
  if (!(options.congestion.factor > 0.0) || !std::isfinite(options.congestion.factor)) {
    return absl::InvalidArgumentError("congestion factor must be finite and > 0");
  }
  const int k = options.k;
  // No seeker has more candidates than there are vacancies: a larger kc
  // would only add empty entries (same result, more memory).
  const int64_t nv = scorer.vacancies().size();
  const int64_t wanted = options.candidates > 0 ? options.candidates : 3 * int64_t{k};
  const int kc = static_cast<int>(std::max<int64_t>(k, std::min<int64_t>(wanted, nv)));
  TopKOptions topt;
  topt.k = kc;
  topt.memory_budget_bytes = options.memory_budget_bytes;
  topt.num_threads = options.num_threads;
  topt.progress = options.progress;
  topt.exhaustive = options.exhaustive;
  JOBMATCH_ASSIGN_OR_RETURN(TopKResult cand, TopVacanciesForSeekers(scorer, topt));
  const int64_t ns = cand.rows;
  const std::vector<int32_t>& openings = scorer.vacancies().openings();
  const double factor = options.congestion.factor;

  RerankResult out;
  out.lists.direction = Direction::kVacanciesForSeekers;
  out.lists.rows = ns;
  out.lists.k = k;
  out.lists.row_ids = cand.row_ids;
  out.lists.index.assign(static_cast<size_t>(ns) * k, -1);
  out.lists.score.assign(static_cast<size_t>(ns) * k, -std::numeric_limits<float>::infinity());
  for (int64_t s = 0; s < ns; ++s) {
    for (int j = 0; j < k; ++j) {
      out.lists.index[s * k + j] = cand.index[s * kc + j];
      out.lists.score[s * k + j] = cand.score[s * kc + j];
    }
  }
  out.before = Measure(ns, k, out.lists.index, openings, factor);
  std::vector<int64_t> load = out.before.recommended_to;
  auto room = [&](int64_t v, int64_t extra) {
    return static_cast<double>(load[v] + extra) <= factor * openings[v];
  };
  for (int pass = 0; pass < options.passes; ++pass) {
    int64_t swaps = 0;
    for (int64_t s = 0; s < ns; ++s) {
      int64_t* li = out.lists.index.data() + s * k;
      float* ls = out.lists.score.data() + s * k;
      int n = 0;
      bool ok = false;
      for (; n < k && li[n] >= 0; ++n) ok |= room(li[n], 0);
      if (ok || n == 0) continue;
      // The best candidate not in the list that has room for one more.
      const int64_t* ci = cand.index.data() + s * kc;
      const float* cs = cand.score.data() + s * kc;
      for (int c = 0; c < kc && ci[c] >= 0; ++c) {
        if (std::find(li, li + n, ci[c]) != li + n || !room(ci[c], 1)) continue;
        if (n < k) {  // fewer than k entries: append
          li[n] = ci[c];
          ls[n] = cs[c];
        } else {
          --load[li[k - 1]];
          li[k - 1] = ci[c];
          ls[k - 1] = cs[c];
        }
        ++load[ci[c]];
        ++swaps;
        break;
      }
    }
    out.swaps += swaps;
    if (swaps == 0) break;
  }
  out.after = Measure(ns, k, out.lists.index, openings, factor);
  return out;
}

}  // namespace jobmatch
