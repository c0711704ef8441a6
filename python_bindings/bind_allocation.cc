// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Allocation on a view (_View.allocate: jobmatch::Allocate) and allocation
// in steps for jobmatch.distributed (_View.allocation_plan and the
// _AllocationPlan class: allocation.h's PrepareAllocation, PlanAssignment,
// FinishAssignment, FinishAllocation). Glue only; heavy calls release the
// GIL.
#include <pybind11/stl.h>

#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bind.h"
#include "engine_glue.h"
#include "jobmatch/base/huge_pages.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/matching/stable_matching.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch::python {
namespace {

AllocationOptions AllocationOptionsFrom(const std::string& method, const std::string& objective,
                                        const std::string& proposer, int candidates,
                                        float min_score, bool households,
                                        const std::string& household_group,
                                        const std::vector<QuotaTuple>& quotas, int threads) {
  AllocationOptions o;
  if (method == "optimal") {
    o.method = AllocationMethod::kOptimal;
  } else if (method == "stable") {
    o.method = AllocationMethod::kStable;
  } else {
    throw py::value_error("method must be 'optimal' or 'stable', got '" + method + "'");
  }
  if (objective == "score") {
    o.objective = AssignmentObjective::kMaxWeight;
  } else if (objective == "cardinality") {
    o.objective = AssignmentObjective::kMaxCardinalityThenWeight;
  } else {
    throw py::value_error("objective must be 'score' or 'cardinality', got '" + objective + "'");
  }
  if (proposer == "seekers") {
    o.proposer = Proposer::kRows;
  } else if (proposer == "vacancies") {
    o.proposer = Proposer::kColumns;
  } else {
    throw py::value_error("proposer must be 'seekers' or 'vacancies', got '" + proposer + "'");
  }
  o.candidates_per_seeker = candidates;
  o.min_score = min_score;
  o.household_coverage = households;
  o.household_group = household_group;
  for (const auto& [name, groups, kinds, share] : quotas) {
    QuotaRule q;
    q.name = name;
    q.groups = groups;
    q.share = share;
    for (const std::string& k : kinds) {
      auto kind = ParseVacancyKind(k);
      if (!kind) {
        ThrowIfError(
            absl::InvalidArgumentError(absl::StrCat("quota '", name, "': unknown vacancy kind '", k,
                                                    "' (regular, trainee, public_welfare, gig)")));
      }
      q.kinds.push_back(*kind);
    }
    o.extra_quotas.push_back(std::move(q));
  }
  o.num_threads = threads;
  return o;
}

// An AllocationResult as the dict Engine.allocate reads.
py::dict AllocationDict(absl::StatusOr<AllocationResult>&& r, py::ssize_t ns, py::ssize_t nv) {
  ThrowIfError(r.status());
  std::vector<int8_t> so(r->seeker_outcome.size()), vo(r->vacancy_outcome.size());
  for (size_t i = 0; i < so.size(); ++i) so[i] = static_cast<int8_t>(r->seeker_outcome[i]);
  for (size_t i = 0; i < vo.size(); ++i) vo[i] = static_cast<int8_t>(r->vacancy_outcome[i]);
  py::list snames, vnames;
  for (int i = 0; i < 4; ++i) {
    snames.append(std::string(SeekerOutcomeName(static_cast<SeekerOutcome>(i))));
    vnames.append(std::string(VacancyOutcomeName(static_cast<VacancyOutcome>(i))));
  }
  py::dict d;
  d["vacancy_of_seeker"] = ToNumpy(std::move(r->vacancy_of_seeker), {ns});
  d["score_of_seeker"] = ToNumpy(std::move(r->score_of_seeker), {ns});
  d["seeker_outcome"] = ToNumpy(std::move(so), {ns});
  d["filled"] = ToNumpy(std::move(r->filled), {nv});
  d["vacancy_outcome"] = ToNumpy(std::move(vo), {nv});
  d["seeker_outcome_names"] = snames;
  d["vacancy_outcome_names"] = vnames;
  d["placed"] = r->placed;
  d["total_openings"] = r->total_openings;
  d["total_score"] = r->total_score;
  d["candidate_edges"] = r->candidate_edges;
  d["households"] = r->households;
  d["households_covered"] = r->households_covered;
  d["total_score_without_coverage"] = r->total_score_without_coverage;
  d["households_covered_without_coverage"] = r->households_covered_without_coverage;
  d["reserved_places"] = r->reserved_places;
  d["reserved_filled"] = r->reserved_filled;
  return d;
}

py::dict AllocateArrays(const PyView& pv, const std::string& method, const std::string& objective,
                        const std::string& proposer, int candidates, float min_score,
                        bool households, const std::string& household_group,
                        const std::vector<QuotaTuple>& quotas, int threads, py::object progress) {
  AllocationOptions o = AllocationOptionsFrom(method, objective, proposer, candidates, min_score,
                                              households, household_group, quotas, threads);
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<AllocationResult> r;
  {
    py::gil_scoped_release release;
    r = pv.view.Allocate(o);
  }
  prog.Finish(r.status());
  return AllocationDict(std::move(r), pv.view.num_seekers(), pv.view.num_vacancies());
}

// Allocation in steps for jobmatch.distributed (allocation.h): the problem
// from candidate lists computed on a cluster, the optimal solves planned
// into parts (solved there with solve_assignment_part), then the result.
struct PyAllocationPlan {
  explicit PyAllocationPlan(EngineView v) : view(std::move(v)) {}
  EngineView view;  // keeps the version and its compacted scorer alive
  AllocationOptions options;
  AllocationProblem problem;
  std::optional<AssignmentPlan> assignment, without_coverage;
  // Per solve (SolveIndex): take_parts moved the solver's arrays out of its parts.
  bool taken[2] = {false, false};
};

// 0 for the solve "assignment", 1 for "without_coverage".
int SolveIndex(const std::string& which) {
  if (which == "assignment") return 0;
  if (which == "without_coverage") return 1;
  throw py::value_error("which must be 'assignment' or 'without_coverage', got '" + which + "'");
}

// The plan of solve `which`; P is PyAllocationPlan, const or not.
template <typename P>
auto& PlanOf(P& p, const std::string& which) {
  auto& plan = SolveIndex(which) == 0 ? p.assignment : p.without_coverage;
  if (!plan.has_value()) throw py::value_error("this allocation has no '" + which + "' solve");
  return *plan;
}

// The same, refused once its parts were taken.
template <typename P>
auto& WholePlanOf(P& p, const std::string& which) {
  auto& plan = PlanOf(p, which);
  if (p.taken[SolveIndex(which)]) {
    throw py::value_error("the parts of '" + which + "' were taken already");
  }
  return plan;
}

// `o`, one 1-D array of dtype T or a list of them (pieces, joined in order):
// the cluster's candidate lists come in pieces, one per shard, and joining
// them here is the one copy they need.
template <typename T>
std::vector<T> JoinedVector(const py::object& o, const char* what) {
  std::vector<py::array> pieces;
  if (py::isinstance<py::array>(o)) {
    pieces.push_back(py::reinterpret_borrow<py::array>(o));
  } else if (py::isinstance<py::list>(o) || py::isinstance<py::tuple>(o)) {
    for (py::handle h : o) {
      if (!py::isinstance<py::array>(h)) {
        throw py::type_error(std::string(what) + ": expected numpy arrays in the list");
      }
      pieces.push_back(py::reinterpret_borrow<py::array>(h));
    }
  } else {
    throw py::type_error(std::string(what) + ": expected a numpy array or a list of them");
  }
  std::vector<std::pair<const T*, int64_t>> spans;
  int64_t total = 0;
  for (const py::array& a : pieces) {
    int64_t n = 0;
    const T* x = RequireVector<T>(a, what, &n);
    spans.emplace_back(x, n);
    total += n;
  }
  std::vector<T> out;
  ReserveHuge(out, static_cast<size_t>(total));  // fresh and large: see huge_pages.h
  for (const auto& [x, n] : spans) out.insert(out.end(), x, x + n);
  return out;
}

std::unique_ptr<PyAllocationPlan> MakeAllocationPlan(
    const PyView& pv, const std::string& method, const std::string& objective,
    const std::string& proposer, int candidates, float min_score, bool households,
    const std::string& household_group, const std::vector<QuotaTuple>& quotas,
    const py::object& rows, const py::object& cols, const py::object& scores, int parts_hint) {
  auto out = std::make_unique<PyAllocationPlan>(pv.view);
  out->options = AllocationOptionsFrom(method, objective, proposer, candidates, min_score,
                                       households, household_group, quotas, /*threads=*/1);
  EdgeList e;
  e.row = JoinedVector<int64_t>(rows, "rows");
  e.col = JoinedVector<int64_t>(cols, "cols");
  e.weight = JoinedVector<float>(scores, "scores");
  if (e.row.size() != e.col.size() || e.row.size() != e.weight.size())
    throw py::value_error("rows, cols and scores must have the same length");
  absl::Status st;
  {
    py::gil_scoped_release release;
    const Scorer& scorer = out->view.Compacted().scorer;
    absl::StatusOr<AllocationProblem> p = PrepareAllocation(scorer, out->options, std::move(e));
    st = p.status();
    if (st.ok()) out->problem = *std::move(p);
    if (st.ok() && out->options.method == AllocationMethod::kOptimal) {
      const int64_t ns = out->view.num_seekers();
      const auto& capacity = scorer.vacancies().openings();
      // With coverage the two solves' plans are independent and are made
      // side by side (the cluster's workers wait for them): the solve
      // without coverage on a thread of its own.
      // (std::jthread: joined also when this thread's plan throws.)
      absl::StatusOr<AssignmentPlan> f = absl::UnknownError("not planned");
      std::jthread other;
      if (out->options.household_coverage) {
        other = std::jthread([&] {
          try {
            f = PlanAssignment(ns, capacity, out->problem.candidates, out->problem.without_coverage,
                               parts_hint);
          } catch (const std::bad_alloc&) {
            f = absl::ResourceExhaustedError("out of memory planning the solve without coverage");
          } catch (const std::exception& e) {  // an exception may not leave a thread
            f = absl::InternalError(
                absl::StrCat("planning the solve without coverage failed: ", e.what()));
          }
        });
      }
      auto a = PlanAssignment(ns, capacity, out->problem.candidates, out->problem.assignment,
                              parts_hint);
      if (other.joinable()) other.join();
      st = a.status();
      if (st.ok()) out->assignment = *std::move(a);
      if (st.ok() && out->options.household_coverage) {
        st = f.status();
        if (st.ok()) out->without_coverage = *std::move(f);
      }
    }
  }
  ThrowIfError(st);
  return out;
}

// Step 1 of an allocation in steps, on one part of the data
// (jobmatch.distributed over a sharded directory): each seeker's
// `candidates` best eligible vacancies among those with openings, as
// Allocate lists them (AllocationCandidates); rows and columns are the
// view's.
py::tuple AllocationCandidateArrays(const PyView& pv, int candidates, int threads,
                                    bool exhaustive) {
  if (candidates < 1) throw py::value_error("candidates must be >= 1");
  if (threads < 0) throw py::value_error("threads must be >= 0");
  AllocationOptions o;
  o.candidates_per_seeker = candidates;
  o.num_threads = threads;
  o.exhaustive = exhaustive;
  absl::StatusOr<EdgeList> e;
  {
    py::gil_scoped_release release;
    e = AllocationCandidates(pv.view.Compacted().scorer, o);
  }
  ThrowIfError(e.status());
  const py::ssize_t n = static_cast<py::ssize_t>(e->size());
  return py::make_tuple(ToNumpy(std::move(e->row), {n}), ToNumpy(std::move(e->col), {n}),
                        ToNumpy(std::move(e->weight), {n}));
}

py::dict FinishAllocationPlan(const PyAllocationPlan& p, const std::vector<py::array>& answers,
                              const std::optional<std::vector<py::array>>& answers_free) {
  auto to_vectors = [](const std::vector<py::array>& arrays) {
    std::vector<std::vector<int64_t>> v;
    for (const py::array& a : arrays) {
      int64_t n = 0;
      const int64_t* x = RequireVector<int64_t>(a, "answer", &n);
      v.emplace_back(x, x + n);
    }
    return v;
  };
  const Scorer& scorer = p.view.Compacted().scorer;
  const int64_t ns = p.view.num_seekers();
  const auto& capacity = scorer.vacancies().openings();
  std::vector<std::vector<int64_t>> a = to_vectors(answers), f;
  if (answers_free) f = to_vectors(*answers_free);
  absl::StatusOr<AllocationResult> r;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<AllocationResult> {
      if (p.options.method == AllocationMethod::kStable) {
        JOBMATCH_ASSIGN_OR_RETURN(
            const Assignment m,
            SolveStableMatching(ns, capacity, p.problem.candidates, p.problem.stable));
        return FinishAllocation(scorer, p.options, p.problem, m, nullptr);
      }
      JOBMATCH_ASSIGN_OR_RETURN(const Assignment m,
                                FinishAssignment(ns, capacity, p.problem.candidates,
                                                 p.problem.assignment, *p.assignment, a));
      if (!p.options.household_coverage) {
        return FinishAllocation(scorer, p.options, p.problem, m, nullptr);
      }
      JOBMATCH_ASSIGN_OR_RETURN(
          const Assignment free,
          FinishAssignment(ns, capacity, p.problem.candidates, p.problem.without_coverage,
                           *p.without_coverage, f));
      return FinishAllocation(scorer, p.options, p.problem, m, &free);
    }();
  }
  return AllocationDict(std::move(r), p.view.num_seekers(), p.view.num_vacancies());
}

}  // namespace

void BindAllocationPlanClass(py::module_& m) {
  py::class_<PyAllocationPlan>(m, "_AllocationPlan",
                               "An allocation in steps (jobmatch.distributed.allocate).")
      .def(
          "schedule",
          [](const PyAllocationPlan& p, const std::string& which) {
            return ScheduleToDict(PlanOf(p, which).schedule);
          },
          py::arg("which"), "The schedule of 'assignment' or 'without_coverage' as a dict.")
      .def(
          "parts",
          [](py::object self, const std::string& which) {
            const PyAllocationPlan& p = self.cast<const PyAllocationPlan&>();
            py::list out;
            for (const AssignmentPart& part : WholePlanOf(p, which).parts) {
              out.append(PartToDict(part, self));
            }
            return out;
          },
          py::arg("which"),
          "The parts of a solve, each a dict of read-only numpy arrays that view the plan "
          "(which they keep alive).")
      .def(
          "take_parts",
          [](py::object self, const std::string& which) {
            PyAllocationPlan& p = self.cast<PyAllocationPlan&>();
            AssignmentPlan& plan = WholePlanOf(p, which);
            p.taken[SolveIndex(which)] = true;
            py::list out;
            for (AssignmentPart& part : plan.parts) out.append(TakePartDict(part, self));
            return out;
          },
          py::arg("which"),
          "The parts of a solve as parts() gives them, once: the arrays that finish() does not "
          "read are moved out of the plan into the dicts (so that the client does not hold a "
          "part twice once it is packed and sent); rows and edge ids stay read-only views. "
          "Afterwards parts() and take_parts() refuse that solve; finish() is unchanged.")
      .def("finish", &FinishAllocationPlan, py::arg("answers"),
           py::arg("answers_without_coverage") = py::none(),
           "The allocation dict (as _View.allocate) from every part's answer; the stable method "
           "matches here (no parts).")
      .def_property_readonly("candidate_edges",
                             [](const PyAllocationPlan& p) { return p.problem.candidates.size(); });
}

void BindViewAllocation(PyViewClass& view) {
  view.def("allocate", &AllocateArrays, py::arg("method"), py::arg("objective"),
           py::arg("proposer"), py::arg("candidates"), py::arg("min_score"), py::arg("households"),
           py::arg("household_group"), py::arg("quotas"), py::arg("threads"),
           py::arg("progress") = py::none(),
           "One allocation (jobmatch::Allocate) as a dict of arrays and totals.")
      .def("allocation_candidates", &AllocationCandidateArrays, py::arg("candidates"),
           py::arg("threads") = 0, py::arg("exhaustive") = false,
           "Each seeker's best `candidates` eligible vacancies among those with openings, as "
           "allocate lists them: (rows int64, cols int64, scores float32), grouped by seeker "
           "in row order, best first.")
      .def("allocation_plan", &MakeAllocationPlan, py::arg("method"), py::arg("objective"),
           py::arg("proposer"), py::arg("candidates"), py::arg("min_score"), py::arg("households"),
           py::arg("household_group"), py::arg("quotas"), py::arg("rows"), py::arg("cols"),
           py::arg("scores"), py::arg("parts_hint"),
           "Allocation in steps (jobmatch.distributed): the problem over the given candidate "
           "lists (seeker rows grouped, best first; rows, cols and scores each one array or a "
           "list of pieces joined in order) and, for the optimal method, its solves planned "
           "into parts.");
}

}  // namespace jobmatch::python
