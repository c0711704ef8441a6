// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch.assignment / jobmatch.stable_matching on edge lists given as
// numpy arrays (include/jobmatch/assignment.h, stable_matching.h). The
// solvers own their edge list (std::vector), so the three edge arrays are
// copied once into it; results are returned without a copy.
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bind.h"
#include "common.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/matching/stable_matching.h"

namespace jobmatch::python {
namespace {

struct Problem {
  int64_t num_rows = 0;
  std::vector<int32_t> capacity;
  EdgeList edges;
};

Problem MakeProblem(const py::array& rows, const py::array& cols, const py::array& weights,
                    const py::array& capacity, std::optional<int64_t> num_rows) {
  Problem p;
  int64_t nr = 0, nc = 0, nw = 0, ncap = 0;
  const int64_t* r = RequireVector<int64_t>(rows, "rows", &nr);
  const int64_t* c = RequireVector<int64_t>(cols, "cols", &nc);
  const float* w = RequireVector<float>(weights, "weights", &nw);
  const int32_t* cap = RequireVector<int32_t>(capacity, "capacity", &ncap);
  if (nr != nc || nr != nw) {
    throw py::value_error("rows, cols and weights must have the same length (got " +
                          std::to_string(nr) + ", " + std::to_string(nc) + ", " +
                          std::to_string(nw) + ")");
  }
  p.edges.row.assign(r, r + nr);
  p.edges.col.assign(c, c + nc);
  p.edges.weight.assign(w, w + nw);
  p.capacity.assign(cap, cap + ncap);
  if (num_rows) {
    p.num_rows = *num_rows;
  } else {
    for (int64_t x : p.edges.row) {
      // x + 1 would overflow (signed: undefined) for INT64_MAX.
      if (x == std::numeric_limits<int64_t>::max()) {
        throw py::value_error("rows: row index " + std::to_string(x) +
                              " is too large (num_rows would overflow int64)");
      }
      p.num_rows = std::max(p.num_rows, x + 1);
    }
  }
  return p;
}

py::dict ToDict(Assignment&& a, int64_t num_rows) {
  py::dict d;
  const py::ssize_t n = num_rows;
  d["col_of_row"] = ToNumpy(std::move(a.col_of_row), {n});
  d["edge_of_row"] = ToNumpy(std::move(a.edge_of_row), {n});
  d["cardinality"] = a.cardinality;
  d["total_weight"] = a.total_weight;
  d["groups_covered"] = a.groups_covered;
  return d;
}

float MinWeight(std::optional<float> w) { return w ? *w : -std::numeric_limits<float>::infinity(); }

}  // namespace

void BindAssignment(py::module_& m) {
  m.def(
      "assignment",
      [](const py::array& rows, const py::array& cols, const py::array& weights,
         const py::array& capacity, std::optional<int64_t> num_rows, const std::string& objective,
         std::optional<float> min_weight, std::optional<py::array> row_groups, bool cover_groups,
         py::object progress) {
        Problem p = MakeProblem(rows, cols, weights, capacity, num_rows);
        AssignmentOptions o;
        if (objective == "weight") {
          o.objective = AssignmentObjective::kMaxWeight;
        } else if (objective == "cardinality") {
          o.objective = AssignmentObjective::kMaxCardinalityThenWeight;
        } else {
          throw py::value_error("objective must be 'weight' or 'cardinality', got '" + objective +
                                "'");
        }
        o.min_weight = MinWeight(min_weight);
        if (row_groups) {
          int64_t n = 0;
          const int64_t* g = RequireVector<int64_t>(*row_groups, "row_groups", &n);
          o.row_group.assign(g, g + n);
        }
        o.cover_groups = cover_groups;
        PyProgress prog(std::move(progress));
        o.progress = prog.Fn();
        absl::StatusOr<Assignment> a;
        {
          py::gil_scoped_release release;
          a = SolveAssignment(p.num_rows, p.capacity, p.edges, o);
        }
        prog.Finish(a.status());
        return ToDict(*std::move(a), p.num_rows);
      },
      py::arg("rows"), py::arg("cols"), py::arg("weights"), py::arg("capacity"),
      py::arg("num_rows") = py::none(), py::arg("objective") = "weight",
      py::arg("min_weight") = py::none(), py::arg("row_groups") = py::none(),
      py::arg("cover_groups") = false, py::arg("progress") = py::none(),
      "Optimal capacity-constrained assignment (jobmatch::SolveAssignment) as a dict.");
  m.def(
      "stable_matching",
      [](const py::array& rows, const py::array& cols, const py::array& weights,
         const py::array& capacity, std::optional<int64_t> num_rows, const std::string& proposer,
         std::optional<float> min_weight, std::optional<py::array> column_weights,
         py::object progress) {
        Problem p = MakeProblem(rows, cols, weights, capacity, num_rows);
        StableMatchingOptions o;
        if (proposer == "rows") {
          o.proposer = Proposer::kRows;
        } else if (proposer == "columns") {
          o.proposer = Proposer::kColumns;
        } else {
          throw py::value_error("proposer must be 'rows' or 'columns', got '" + proposer + "'");
        }
        o.min_weight = MinWeight(min_weight);
        if (column_weights) {
          int64_t n = 0;
          const float* w = RequireVector<float>(*column_weights, "column_weights", &n);
          o.column_weight.assign(w, w + n);
        }
        PyProgress prog(std::move(progress));
        o.progress = prog.Fn();
        absl::StatusOr<Assignment> a;
        {
          py::gil_scoped_release release;
          a = SolveStableMatching(p.num_rows, p.capacity, p.edges, o);
        }
        prog.Finish(a.status());
        return ToDict(*std::move(a), p.num_rows);
      },
      py::arg("rows"), py::arg("cols"), py::arg("weights"), py::arg("capacity"),
      py::arg("num_rows") = py::none(), py::arg("proposer") = "rows",
      py::arg("min_weight") = py::none(), py::arg("column_weights") = py::none(),
      py::arg("progress") = py::none(),
      "Stable matching with capacities (jobmatch::SolveStableMatching) as a dict.");
}

}  // namespace jobmatch::python
