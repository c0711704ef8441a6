// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Bipartite candidate graphs shared by the allocation benchmarks
// (bench_assignment, bench_stable_matching, compare_lemon): random graphs
// and realistic ones (top-k lists of the synthetic city).
#ifndef JOBMATCH_BENCH_MATCHING_BENCH_GRAPHS_H_
#define JOBMATCH_BENCH_MATCHING_BENCH_GRAPHS_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch::bench {

struct Graph {
  int64_t rows = 0;
  std::vector<int32_t> capacity;
  EdgeList edges;
};

// `rows` x `cols`, `openings` in total (every column at least one), `per_row`
// edges per row to uniform random columns with uniform weights in [0, 1).
// With weight_levels > 0 each weight is rounded up to a multiple of
// 1 / weight_levels (ties everywhere; the graph is otherwise the same).
inline Graph RandomGraph(int64_t rows, int64_t cols, int64_t openings, int per_row, uint64_t seed,
                         int weight_levels = 0) {
  std::mt19937_64 rng(seed);
  Graph g;
  g.rows = rows;
  g.capacity.assign(cols, 1);
  for (int64_t extra = openings - cols; extra > 0; --extra) ++g.capacity[rng() % cols];
  std::uniform_real_distribution<float> w(0.0f, 1.0f);
  const int64_t n = rows * per_row;
  g.edges.row.reserve(n);
  g.edges.col.reserve(n);
  g.edges.weight.reserve(n);
  for (int64_t r = 0; r < rows; ++r) {
    for (int k = 0; k < per_row; ++k) {
      g.edges.row.push_back(r);
      g.edges.col.push_back(static_cast<int64_t>(rng() % cols));
      g.edges.weight.push_back(w(rng));
    }
  }
  if (weight_levels > 0) {
    const float l = static_cast<float>(weight_levels);
    for (float& x : g.edges.weight) x = (std::floor(x * l) + 1.0f) / l;
  }
  return g;
}

// Skewed demand: a few vacancies are wanted by many seekers. Each of a row's
// `per_row` edges goes to column floor(cols * u^3) for uniform u, so the
// first 1 % of the columns receive about 22 % of all edges and the first
// 10 % about 46 %; popular columns are also better (weight = 0.5 * (1 -
// column / cols) + 0.5 * uniform), so seekers really compete for them.
// Capacities as in RandomGraph (every column at least one opening).
inline Graph SkewedGraph(int64_t rows, int64_t cols, int64_t openings, int per_row, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Graph g;
  g.rows = rows;
  g.capacity.assign(cols, 1);
  for (int64_t extra = openings - cols; extra > 0; --extra) ++g.capacity[rng() % cols];
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int64_t n = rows * per_row;
  g.edges.row.reserve(n);
  g.edges.col.reserve(n);
  g.edges.weight.reserve(n);
  for (int64_t r = 0; r < rows; ++r) {
    for (int k = 0; k < per_row; ++k) {
      const double x = u(rng);
      const int64_t c =
          std::min<int64_t>(cols - 1, static_cast<int64_t>(static_cast<double>(cols) * x * x * x));
      g.edges.row.push_back(r);
      g.edges.col.push_back(c);
      g.edges.weight.push_back(static_cast<float>(
          0.5 * (1.0 - static_cast<double>(c) / static_cast<double>(cols)) + 0.5 * u(rng)));
    }
  }
  return g;
}

// District-confined: `districts` independent regions of (about) equal size.
// Row r and column c belong to district r % districts and c % districts; a
// row's `per_row` edges go to uniform random columns of its own district
// (uniform weights in [0, 1)), so the graph falls apart into (at least)
// `districts` connected components. Capacities as in RandomGraph.
inline Graph DistrictGraph(int64_t rows, int64_t cols, int64_t openings, int per_row,
                           int64_t districts, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Graph g;
  g.rows = rows;
  g.capacity.assign(cols, 1);
  for (int64_t extra = openings - cols; extra > 0; --extra) ++g.capacity[rng() % cols];
  std::uniform_real_distribution<float> w(0.0f, 1.0f);
  const int64_t n = rows * per_row;
  g.edges.row.reserve(n);
  g.edges.col.reserve(n);
  g.edges.weight.reserve(n);
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t d = r % districts;
    const int64_t in_district =
        (cols - d + districts - 1) / districts;  // columns d, d + D, d + 2D, ...
    if (in_district <= 0) continue;
    for (int k = 0; k < per_row; ++k) {
      g.edges.row.push_back(r);
      g.edges.col.push_back(d + districts * static_cast<int64_t>(rng() % in_district));
      g.edges.weight.push_back(w(rng));
    }
  }
  return g;
}

// The realistic graph: the synthetic city with `rows` seekers and `cols`
// vacancies (default seed), an edge from each seeker to each of its top
// `per_row` vacancies under the default policy (weight = score), capacities
// = the vacancies' openings. Aborts if the city cannot be built.
inline Graph CityGraph(int64_t rows, int64_t cols, int per_row) {
  auto die = [](const char* what, const absl::Status& s) {
    std::fprintf(stderr, "CityGraph: %s: %s\n", what, std::string(s.message()).c_str());
    std::abort();
  };
  jobmatch::CityConfig cfg;
  cfg.num_seekers = rows;
  cfg.num_vacancies = cols;
  auto city = jobmatch::GenerateCity(cfg);
  if (!city.ok()) die("GenerateCity", city.status());
  jobmatch::SeekerTable s;
  jobmatch::VacancyTable v;
  if (auto st = s.Append(city->seekers, city->vocab); !st.ok()) die("seekers", st);
  if (auto st = v.Append(city->vacancies, city->vocab); !st.ok()) die("vacancies", st);
  auto scorer = jobmatch::Scorer::Create(jobmatch::Policy::Default(), city->vocab, s, v);
  if (!scorer.ok()) die("Scorer::Create", scorer.status());
  jobmatch::TopKOptions opt;
  opt.k = per_row;
  auto top = jobmatch::TopVacanciesForSeekers(*scorer, opt);
  if (!top.ok()) die("top-k", top.status());
  Graph g;
  g.rows = rows;
  g.capacity = v.openings();
  for (int64_t r = 0; r < top->rows; ++r) {
    for (int j = 0; j < per_row; ++j) {
      const int64_t c = top->index[r * per_row + j];
      if (c < 0) break;
      g.edges.row.push_back(r);
      g.edges.col.push_back(c);
      g.edges.weight.push_back(top->score[r * per_row + j]);
    }
  }
  return g;
}

}  // namespace jobmatch::bench

#endif  // JOBMATCH_BENCH_MATCHING_BENCH_GRAPHS_H_
