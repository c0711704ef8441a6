// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch.assignment / jobmatch.stable_matching on edge lists given as
// numpy arrays (include/jobmatch/assignment.h, stable_matching.h). The
// solvers own their edge list (std::vector), so the three edge arrays are
// copied once into it; results are returned without a copy. Also the parts
// of a planned assignment as jobmatch.distributed ships them, and the
// decoder of the integer arrays it packs for the wire (_unpack_array).
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
#include "jobmatch/base/huge_pages.h"
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

// jobmatch.distributed's wire form of an integer array (_pack): `data`
// holds the values in a narrower integer type or, with `delta`, the
// differences of a non-decreasing array that starts at `first`. Decoded
// into T, the array's own type, in one pass; every value is checked to fit
// T (and no step to be negative or to overflow), since lists, parts and
// answers come over the network.
template <typename T, typename U>
void DecodeTyped(const U* x, int64_t n, int64_t first, bool delta, T* out, const char* what) {
  auto out_of_range = [what] {
    return py::value_error(std::string(what) + ": a packed value does not fit the array's dtype");
  };
  if (!delta) {
    for (int64_t i = 0; i < n; ++i) {
      if (!std::in_range<T>(x[i])) throw out_of_range();
      out[i] = static_cast<T>(x[i]);
    }
    return;
  }
  int64_t v = first;
  if (!std::in_range<T>(v)) throw out_of_range();
  out[0] = static_cast<T>(v);
  for (int64_t i = 0; i < n; ++i) {
    if (!std::in_range<int64_t>(x[i]) || x[i] < 0 ||
        __builtin_add_overflow(v, static_cast<int64_t>(x[i]), &v) || !std::in_range<T>(v)) {
      throw py::value_error(std::string(what) +
                            ": a packed step is negative or leaves the array's dtype");
    }
    out[i + 1] = static_cast<T>(v);
  }
}

// The packed array as a numpy array of T (numpy's allocator advises huge
// pages for large ones).
template <typename T>
py::array DecodePacked(int64_t first, bool delta, const py::array& data) {
  const char* what = "packed array";
  const py::dtype d = data.dtype();
  if (data.ndim() != 1 || (d.kind() != 'i' && d.kind() != 'u')) {
    throw py::value_error(std::string(what) + ": packed data must be a 1-D integer array");
  }
  const py::array c = py::array::ensure(data, py::array::c_style);
  if (!c) throw py::value_error(std::string(what) + ": packed data is not an array");
  const int64_t n = c.shape(0);
  py::array_t<T> out(static_cast<py::ssize_t>(delta ? n + 1 : n));
  T* o = out.mutable_data();
  const void* x = c.data();
  const bool s = d.kind() == 'i';
  switch (d.itemsize()) {
    case 1:
      s ? DecodeTyped(static_cast<const int8_t*>(x), n, first, delta, o, what)
        : DecodeTyped(static_cast<const uint8_t*>(x), n, first, delta, o, what);
      break;
    case 2:
      s ? DecodeTyped(static_cast<const int16_t*>(x), n, first, delta, o, what)
        : DecodeTyped(static_cast<const uint16_t*>(x), n, first, delta, o, what);
      break;
    case 4:
      s ? DecodeTyped(static_cast<const int32_t*>(x), n, first, delta, o, what)
        : DecodeTyped(static_cast<const uint32_t*>(x), n, first, delta, o, what);
      break;
    case 8:
      s ? DecodeTyped(static_cast<const int64_t*>(x), n, first, delta, o, what)
        : DecodeTyped(static_cast<const uint64_t*>(x), n, first, delta, o, what);
      break;
    default:
      throw py::value_error(std::string(what) + ": packed data of an unknown integer size");
  }
  return out;
}

// _unpack_array(dtype, first, delta, data): the array _pack packed, as a
// numpy array of its own dtype (every integer dtype _pack handles).
py::array UnpackArray(const std::string& dtype, int64_t first, bool delta, const py::array& data) {
  const py::dtype d(dtype);
  if (IsDtypeOf<int64_t>(d)) return DecodePacked<int64_t>(first, delta, data);
  if (IsDtypeOf<int32_t>(d)) return DecodePacked<int32_t>(first, delta, data);
  if (IsDtypeOf<int16_t>(d)) return DecodePacked<int16_t>(first, delta, data);
  if (IsDtypeOf<int8_t>(d)) return DecodePacked<int8_t>(first, delta, data);
  if (IsDtypeOf<uint64_t>(d)) return DecodePacked<uint64_t>(first, delta, data);
  if (IsDtypeOf<uint32_t>(d)) return DecodePacked<uint32_t>(first, delta, data);
  if (IsDtypeOf<uint16_t>(d)) return DecodePacked<uint16_t>(first, delta, data);
  if (IsDtypeOf<uint8_t>(d)) return DecodePacked<uint8_t>(first, delta, data);
  throw py::value_error("packed array: dtype '" + dtype + "' is not a native integer dtype");
}

// Reads the values of a dict shipped by jobmatch.distributed (a schedule or
// a part), each optionally passed through `unpack` (a Python callable) and,
// with `consume`, taken out of the dict as it is read, so that a caller
// holding a part in a compact form can let each array go as soon as it is
// copied (solve_assignment_part). A missing key is a KeyError that names it,
// after `what` when given.
struct DictSource {
  py::dict d;
  const char* what = nullptr;
  py::object unpack = py::none();
  bool consume = false;

  py::object Take(const char* key) const {
    if (!d.contains(key)) {
      throw py::key_error((what ? std::string(what) + ": " : std::string()) + "missing '" + key +
                          "'");
    }
    py::object v = consume ? d.attr("pop")(key) : py::object(d[key]);
    return unpack.is_none() ? v : unpack(v);
  }
  // A part's arrays are large and fresh: reserved on huge pages before
  // they are filled (a part of 10^7 edges read in 0.54-0.70 s instead of
  // 0.89-1.15 s on a 2-core virtual machine, where page faults were most of
  // it).
  template <typename T>
  std::vector<T> Vector(const char* key) const {
    const py::array a = Take(key).cast<py::array>();
    int64_t n = 0;
    const T* x = RequireVector<T>(a, key, &n);
    std::vector<T> v;
    ReserveHuge(v, static_cast<size_t>(n));
    v.assign(x, x + n);
    return v;
  }
  template <typename T>
  T Value(const char* key) const {
    return Take(key).cast<T>();
  }
};

AssignmentPart PartFrom(const DictSource& src) {
  AssignmentPart p;
  p.rows = src.Vector<int64_t>("rows");
  p.cols = src.Vector<int64_t>("cols");
  p.edge_ids = src.Vector<int64_t>("edge_ids");
  p.capacity = src.Vector<int32_t>("capacity");
  p.edges.row = src.Vector<int64_t>("edge_row");
  p.edges.col = src.Vector<int64_t>("edge_col");
  p.edges.weight = src.Vector<float>("edge_weight");
  const int objective = src.Value<int>("objective");
  if (objective != 0 && objective != 1) throw py::value_error("part: objective must be 0 or 1");
  p.options.objective = static_cast<AssignmentObjective>(objective);
  p.options.min_weight = src.Value<float>("min_weight");
  p.options.cover_groups = src.Value<bool>("cover_groups");
  p.options.row_group = src.Vector<int64_t>("row_group");
  p.options.reserved = src.Vector<int32_t>("reserved");
  p.options.reserve_class = src.Vector<int32_t>("reserve_class");
  p.options.row_classes = src.Vector<uint64_t>("row_classes");
  p.options.num_threads = 1;
  p.options.split_components = false;
  p.grouped = src.Value<bool>("grouped");
  p.holds_first_component = src.Value<bool>("holds_first_component");
  return p;
}

}  // namespace

// The schedule's fields by name: one list for both directions.
constexpr std::pair<const char*, int64_t AssignmentSchedule::*> kScheduleCounts[] = {
    {"components", &AssignmentSchedule::components},
    {"active_rows", &AssignmentSchedule::active_rows},
    {"active_cols", &AssignmentSchedule::active_cols},
    {"groups", &AssignmentSchedule::groups},
    {"all_cols", &AssignmentSchedule::all_cols},
    {"reserve_cols", &AssignmentSchedule::reserve_cols},
    {"idle_col_nodes", &AssignmentSchedule::idle_col_nodes},
    {"max_abs_cost", &AssignmentSchedule::max_abs_cost},
    {"bonus", &AssignmentSchedule::bonus},
    {"max_abs_bonus_cost", &AssignmentSchedule::max_abs_bonus_cost},
};
constexpr std::pair<const char*, bool AssignmentSchedule::*> kScheduleFlags[] = {
    {"layered", &AssignmentSchedule::layered},
    {"eager_proofs", &AssignmentSchedule::eager_proofs},
};

py::dict ScheduleToDict(const AssignmentSchedule& s) {
  py::dict d;
  d["q"] = s.q;
  for (const auto& [name, field] : kScheduleCounts) d[name] = s.*field;
  for (const auto& [name, field] : kScheduleFlags) d[name] = s.*field;
  return d;
}

AssignmentSchedule ScheduleFromDict(const py::dict& d) {
  const DictSource src{d};
  AssignmentSchedule s;
  s.q = src.Value<double>("q");
  for (const auto& [name, field] : kScheduleCounts) s.*field = src.Value<int64_t>(name);
  for (const auto& [name, field] : kScheduleFlags) s.*field = src.Value<bool>(name);
  return s;
}

py::dict PartToDict(const AssignmentPart& p, py::handle owner) {
  auto view = [&](const auto& v) {
    return ReadOnlyView(v.data(), {static_cast<py::ssize_t>(v.size())}, owner);
  };
  py::dict d;
  d["rows"] = view(p.rows);
  d["cols"] = view(p.cols);
  d["edge_ids"] = view(p.edge_ids);
  d["capacity"] = view(p.capacity);
  d["edge_row"] = view(p.edges.row);
  d["edge_col"] = view(p.edges.col);
  d["edge_weight"] = view(p.edges.weight);
  d["objective"] = static_cast<int>(p.options.objective);
  d["min_weight"] = p.options.min_weight;
  d["cover_groups"] = p.options.cover_groups;
  d["row_group"] = view(p.options.row_group);
  d["reserved"] = view(p.options.reserved);
  d["reserve_class"] = view(p.options.reserve_class);
  d["row_classes"] = view(p.options.row_classes);
  d["grouped"] = p.grouped;
  d["holds_first_component"] = p.holds_first_component;
  return d;
}

py::dict TakePartDict(AssignmentPart& p, py::handle owner) {
  auto take = [](auto& v) {
    const py::ssize_t n = static_cast<py::ssize_t>(v.size());
    return ToNumpy(std::move(v), {n});
  };
  py::dict d = PartToDict(p, owner);  // the scalars, and rows and edge ids as views
  d["cols"] = take(p.cols);
  d["capacity"] = take(p.capacity);
  d["edge_row"] = take(p.edges.row);
  d["edge_col"] = take(p.edges.col);
  d["edge_weight"] = take(p.edges.weight);
  d["row_group"] = take(p.options.row_group);
  d["reserved"] = take(p.options.reserved);
  d["reserve_class"] = take(p.options.reserve_class);
  d["row_classes"] = take(p.options.row_classes);
  return d;
}

AssignmentPart PartFromDict(const py::dict& d) { return PartFrom(DictSource{d, "part"}); }

namespace {

// assignment(): SolveAssignment on numpy edge arrays, as a dict.
py::dict AssignmentArrays(const py::array& rows, const py::array& cols, const py::array& weights,
                          const py::array& capacity, std::optional<int64_t> num_rows,
                          const std::string& objective, std::optional<float> min_weight,
                          std::optional<py::array> row_groups, bool cover_groups,
                          py::object progress) {
  Problem p = MakeProblem(rows, cols, weights, capacity, num_rows);
  AssignmentOptions o;
  if (objective == "weight") {
    o.objective = AssignmentObjective::kMaxWeight;
  } else if (objective == "cardinality") {
    o.objective = AssignmentObjective::kMaxCardinalityThenWeight;
  } else {
    throw py::value_error("objective must be 'weight' or 'cardinality', got '" + objective + "'");
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
}

// stable_matching(): SolveStableMatching on numpy edge arrays, as a dict.
py::dict StableMatchingArrays(const py::array& rows, const py::array& cols,
                              const py::array& weights, const py::array& capacity,
                              std::optional<int64_t> num_rows, const std::string& proposer,
                              std::optional<float> min_weight,
                              std::optional<py::array> column_weights, py::object progress) {
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
}

// solve_assignment_part(): one part of a planned assignment; None when the
// fast solver's 64 bits do not suffice. With `unpack`, every value of the
// part is passed through it first; with `consume`, the part's entries are
// taken out of the dict one by one as they are copied (the dict is left
// empty, also when the part is refused).
py::object SolvePartArray(const py::dict& schedule, py::dict part, bool force_general,
                          py::object unpack, bool consume) {
  const AssignmentSchedule s = ScheduleFromDict(schedule);
  const AssignmentPart p = [&] {
    try {
      return PartFrom(DictSource{part, "part", std::move(unpack), consume});
    } catch (...) {
      if (consume) part.clear();
      throw;
    }
  }();
  if (consume) part.clear();  // entries the solver does not read
  absl::StatusOr<std::vector<int64_t>> a;
  {
    py::gil_scoped_release release;
    a = SolveAssignmentPart(s, p, force_general);
  }
  if (a.status().code() == absl::StatusCode::kOutOfRange) return py::none();
  ThrowIfError(a.status());
  const py::ssize_t n = static_cast<py::ssize_t>(a->size());
  return ToNumpy(*std::move(a), {n});
}

}  // namespace

void BindAssignment(py::module_& m) {
  m.def("assignment", &AssignmentArrays, py::arg("rows"), py::arg("cols"), py::arg("weights"),
        py::arg("capacity"), py::arg("num_rows") = py::none(), py::arg("objective") = "weight",
        py::arg("min_weight") = py::none(), py::arg("row_groups") = py::none(),
        py::arg("cover_groups") = false, py::arg("progress") = py::none(),
        "Optimal capacity-constrained assignment (jobmatch::SolveAssignment) as a dict.");
  m.def("stable_matching", &StableMatchingArrays, py::arg("rows"), py::arg("cols"),
        py::arg("weights"), py::arg("capacity"), py::arg("num_rows") = py::none(),
        py::arg("proposer") = "rows", py::arg("min_weight") = py::none(),
        py::arg("column_weights") = py::none(), py::arg("progress") = py::none(),
        "Stable matching with capacities (jobmatch::SolveStableMatching) as a dict.");
  m.def("_unpack_array", &UnpackArray, py::arg("dtype"), py::arg("first"), py::arg("delta"),
        py::arg("data"),
        "The integer array that jobmatch.distributed._pack packed (dtype string, first value, "
        "delta flag, narrow data), decoded in one pass; ValueError when a value does not fit.");
  m.def(
      "solve_assignment_part", &SolvePartArray, py::arg("schedule"), py::arg("part"),
      py::arg("force_general") = false, py::kw_only(), py::arg("unpack") = py::none(),
      py::arg("consume") = false,
      "One part of a planned optimal assignment (jobmatch::SolveAssignmentPart): per local row "
      "the local edge taken or -1 (int64), or None when the fast solver's 64 bits do not suffice "
      "(then solve every part with force_general=True). unpack: a callable each value of the part "
      "is passed through first; consume: take the part's entries out of the dict as they are "
      "copied, leaving it empty.");
}

}  // namespace jobmatch::python
