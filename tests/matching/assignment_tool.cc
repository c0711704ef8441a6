// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Test helper for the Python oracle tests (tests/python): reads a problem
// from stdin and prints SolveAssignment's result.
//   input:  rows cols edges objective(0|1) \n capacities... \n (row col weight)...
//   output: cardinality total_weight \n col_of_row...
#include <cstdio>
#include <iostream>

#include "jobmatch/matching/assignment.h"

int main() {
  int64_t rows = 0, cols = 0, m = 0;
  int objective = 0;
  if (!(std::cin >> rows >> cols >> m >> objective)) return 2;
  std::vector<int32_t> cap(cols);
  for (auto& c : cap) std::cin >> c;
  jobmatch::EdgeList e;
  e.row.resize(m);
  e.col.resize(m);
  e.weight.resize(m);
  for (int64_t i = 0; i < m; ++i) std::cin >> e.row[i] >> e.col[i] >> e.weight[i];
  if (!std::cin) return 2;
  jobmatch::AssignmentOptions o;
  o.objective = static_cast<jobmatch::AssignmentObjective>(objective);
  auto a = jobmatch::SolveAssignment(rows, cap, e, o);
  if (!a.ok()) {
    std::cerr << a.status() << "\n";
    return 1;
  }
  std::printf("%lld %.9f\n", static_cast<long long>(a->cardinality), a->total_weight);
  for (int64_t r = 0; r < rows; ++r)
    std::printf("%lld\n", static_cast<long long>(a->col_of_row[r]));
  return 0;
}
