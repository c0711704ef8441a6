// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "testing/oracles.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch::testing {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

absl::Status CheckInput(int64_t num_rows, absl::Span<const int32_t> capacity, const EdgeList& e,
                        const AssignmentOptions& o) {
  const int64_t ncols = static_cast<int64_t>(capacity.size());
  if (num_rows < 0 || e.col.size() != e.row.size() || e.weight.size() != e.row.size()) {
    return absl::InvalidArgumentError("exhaustive search: malformed edge list");
  }
  for (int64_t i = 0; i < e.size(); ++i) {
    if (e.row[i] < 0 || e.row[i] >= num_rows || e.col[i] < 0 || e.col[i] >= ncols ||
        !std::isfinite(e.weight[i])) {
      return absl::InvalidArgumentError("exhaustive search: bad edge");
    }
  }
  if (!o.row_group.empty() && static_cast<int64_t>(o.row_group.size()) != num_rows) {
    return absl::InvalidArgumentError("exhaustive search: row_group length");
  }
  if (!o.reserved.empty() && (static_cast<int64_t>(o.reserved.size()) != ncols ||
                              static_cast<int64_t>(o.reserve_class.size()) != ncols ||
                              static_cast<int64_t>(o.row_classes.size()) != num_rows)) {
    return absl::InvalidArgumentError("exhaustive search: reserve lengths");
  }
  return absl::OkStatus();
}

bool Qualifies(const AssignmentOptions& o, int64_t row, int64_t col) {
  return !o.reserved.empty() && o.reserved[col] > 0 && o.reserve_class[col] >= 0 &&
         ((o.row_classes[row] >> o.reserve_class[col]) & 1) != 0;
}

// The derived fields of an Assignment from edge_of_row.
void Summarise(const EdgeList& e, const AssignmentOptions& o, Assignment& a) {
  a.col_of_row.assign(a.edge_of_row.size(), -1);
  a.cardinality = 0;
  a.total_weight = 0.0;
  absl::flat_hash_set<int64_t> covered;
  absl::flat_hash_map<int64_t, int64_t> qualifying;
  for (size_t r = 0; r < a.edge_of_row.size(); ++r) {
    const int64_t i = a.edge_of_row[r];
    if (i < 0) continue;
    a.col_of_row[r] = e.col[i];
    ++a.cardinality;
    a.total_weight += e.weight[i];
    if (!o.row_group.empty() && o.row_group[r] >= 0) covered.insert(o.row_group[r]);
    if (Qualifies(o, static_cast<int64_t>(r), e.col[i])) ++qualifying[e.col[i]];
  }
  a.groups_covered = static_cast<int64_t>(covered.size());
  a.reserved_filled = 0;
  for (const auto& [c, k] : qualifying) a.reserved_filled += std::min<int64_t>(k, o.reserved[c]);
}

}  // namespace

TopKResult BruteForceTopK(const Scorer& scorer, Direction direction, const TopKOptions& options) {
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  const bool seeker_rows = direction == Direction::kVacanciesForSeekers;
  TopKResult res;
  res.direction = direction;
  res.k = options.k;
  if (options.rows.empty()) {
    res.row_ids.resize(seeker_rows ? ns : nv);
    std::iota(res.row_ids.begin(), res.row_ids.end(), int64_t{0});
  } else {
    res.row_ids = options.rows;
  }
  res.rows = static_cast<int64_t>(res.row_ids.size());
  res.index.assign(static_cast<size_t>(res.rows) * options.k, -1);
  res.score.assign(static_cast<size_t>(res.rows) * options.k, kNegInf);
  const int64_t m = seeker_rows ? nv : ns;
  std::vector<std::pair<float, int64_t>> all;
  for (int64_t r = 0; r < res.rows; ++r) {
    all.clear();
    for (int64_t c = 0; c < m; ++c) {
      if (!options.excluded_candidates.empty() &&
          ((options.excluded_candidates[c >> 6] >> (c & 63)) & 1) != 0) {
        continue;
      }
      const float s =
          seeker_rows ? scorer.Score(res.row_ids[r], c) : scorer.Score(c, res.row_ids[r]);
      if (s != kNegInf) all.emplace_back(s, c);
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    for (int i = 0; i < options.k && i < static_cast<int>(all.size()); ++i) {
      res.score[r * options.k + i] = all[i].first;
      res.index[r * options.k + i] = all[i].second;
    }
  }
  return res;
}

absl::StatusOr<Assignment> ExhaustiveAssignment(int64_t num_rows,
                                                absl::Span<const int32_t> capacity,
                                                const EdgeList& edges,
                                                const AssignmentOptions& options) {
  JOBMATCH_RETURN_IF_ERROR(CheckInput(num_rows, capacity, edges, options));
  if (num_rows > 12) return absl::InvalidArgumentError("exhaustive search: at most 12 rows");
  const bool cover = options.cover_groups && !options.row_group.empty();
  const bool cardinality = options.objective == AssignmentObjective::kMaxCardinalityThenWeight;
  std::vector<std::vector<int64_t>> by_row(num_rows);
  for (int64_t i = 0; i < edges.size(); ++i) {
    if (edges.weight[i] < options.min_weight) continue;
    if (!cardinality && edges.weight[i] < 0.0f) continue;
    by_row[edges.row[i]].push_back(i);
  }
  std::vector<int32_t> left(capacity.begin(), capacity.end());
  std::vector<int64_t> cur(num_rows, -1), best(num_rows, -1);
  int64_t best_card = -1, best_cov = -1, best_res = -1;
  double best_w = -1e300;
  std::function<void(int64_t, int64_t, double)> go = [&](int64_t r, int64_t card, double w) {
    if (r == num_rows) {
      int64_t cov = 0;
      if (cover) {
        absl::flat_hash_set<int64_t> gs;
        for (int64_t k = 0; k < num_rows; ++k) {
          if (cur[k] >= 0 && options.row_group[k] >= 0) gs.insert(options.row_group[k]);
        }
        cov = static_cast<int64_t>(gs.size());
      }
      int64_t res = 0;
      if (!options.reserved.empty()) {
        std::vector<int64_t> q(capacity.size(), 0);
        for (int64_t k = 0; k < num_rows; ++k) {
          if (cur[k] >= 0 && Qualifies(options, k, edges.col[cur[k]])) ++q[edges.col[cur[k]]];
        }
        for (size_t c = 0; c < q.size(); ++c) res += std::min<int64_t>(q[c], options.reserved[c]);
      }
      bool better;
      if (cov != best_cov) {
        better = cov > best_cov;
      } else if (cardinality && card != best_card) {
        better = card > best_card;
      } else if (res != best_res) {
        better = res > best_res;
      } else {
        better = w > best_w + 1e-9;
      }
      if (better) {
        best_res = res;
        best_cov = cov;
        best_card = card;
        best_w = w;
        best = cur;
      }
      return;
    }
    go(r + 1, card, w);
    for (int64_t i : by_row[r]) {
      const int64_t c = edges.col[i];
      if (left[c] == 0) continue;
      --left[c];
      cur[r] = i;
      go(r + 1, card + 1, w + edges.weight[i]);
      cur[r] = -1;
      ++left[c];
    }
  };
  go(0, 0, 0.0);
  Assignment out;
  out.col_of_row.assign(num_rows, -1);
  out.edge_of_row = best;
  Summarise(edges, options, out);
  return out;
}

}  // namespace jobmatch::testing
