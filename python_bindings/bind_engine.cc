// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch.Engine's compiled half: a live jobmatch::Engine (engine/engine.h)
// built from DataFrame columns (io/columns.h: numpy buffers and string
// cells, no CSV text), CSV files or a snapshot, updated in place, and the
// queries on one of its versions (_View). Glue only: every algorithm is the
// C++ library's. Heavy calls release the GIL.
#include <pybind11/stl.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bind.h"
#include "common.h"
#include "jobmatch/analytics/audit.h"
#include "jobmatch/analytics/mismatch.h"
#include "jobmatch/analytics/outreach.h"
#include "jobmatch/analytics/training.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/io/columns.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/matching/stable_matching.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/policy/quota_spec.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch::python {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// --------------------------------------------------------- DataFrame columns

// The cells of one table as the package prepared them (python_bindings/
// jobmatch/_engine.py, _cells): one entry per schema column, None when the
// DataFrame lacks it, else a tuple
//   ("text", object array)      str cells; None = empty
//   ("list", int64 offsets, object array of items)
//   ("numbers", float64 array)  NaN = empty
//   ("days", int64 array)       days since 1970-01-01; INT64_MIN = empty
//   ("matrix", float32 (n, d) array)
// `keep` holds the Python objects the string views point into (str cells,
// str() of other objects); the GIL may be released while they are alive.
struct Cells {
  std::vector<ColumnCells> columns;
  std::vector<py::object> keep;
};

// A cell that is not a str: None and NaN are empty, anything else is its
// str() (numbers, as pandas writes them to CSV).
std::string_view CellText(PyObject* o, std::vector<py::object>& keep) {
  if (o == Py_None) return {};
  if (PyFloat_Check(o) && std::isnan(PyFloat_AsDouble(o))) return {};
  // pandas' missing-value singletons (pd.NA, pd.NaT).
  const std::string_view type = Py_TYPE(o)->tp_name;
  if (type.ends_with("NAType") || type.ends_with("NaTType")) return {};
  py::object text = py::reinterpret_steal<py::object>(PyObject_Str(o));
  if (!text) throw py::error_already_set();
  keep.push_back(text);
  Py_ssize_t n = 0;
  const char* p = PyUnicode_AsUTF8AndSize(text.ptr(), &n);
  if (p == nullptr) throw py::error_already_set();
  return std::string_view(p, static_cast<size_t>(n));
}

void ReadTexts(const py::array& a, const std::string& what, std::vector<std::string_view>& out,
               std::vector<py::object>& keep) {
  if (a.dtype().kind() != 'O' || a.ndim() != 1) {
    throw py::type_error(what + ": expected a 1-D object array");
  }
  keep.push_back(a);
  const int64_t n = a.shape(0);
  const char* base = static_cast<const char*>(a.data());
  const py::ssize_t stride = a.strides(0);
  out.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    PyObject* o = *reinterpret_cast<PyObject* const*>(base + i * stride);
    if (PyUnicode_Check(o)) {
      Py_ssize_t len = 0;
      const char* p = PyUnicode_AsUTF8AndSize(o, &len);
      if (p == nullptr) {  // lone surrogates: not UTF-8; the reader says so
        PyErr_Clear();
        out[static_cast<size_t>(i)] = std::string_view("\xff", 1);
      } else {
        out[static_cast<size_t>(i)] = std::string_view(p, static_cast<size_t>(len));
      }
    } else {
      out[static_cast<size_t>(i)] = CellText(o, keep);
    }
  }
}

template <typename T>
absl::Span<const T> ReadNumbers(const py::object& obj, const std::string& what,
                                std::vector<py::object>& keep) {
  py::array a = obj.cast<py::array>();
  int64_t n = 0;
  const T* p = RequireVector<T>(a, what.c_str(), &n);
  keep.push_back(a);
  return absl::MakeConstSpan(p, static_cast<size_t>(n));
}

// Converts the package's cells (see Cells) for a table whose schema
// columns are `infos`. With the GIL held.
Cells ReadCells(const py::list& cells, absl::Span<const ColumnInfo> infos, const char* table) {
  if (cells.size() != infos.size()) {
    throw py::value_error(
        absl::StrCat(table, ": ", cells.size(), " columns, the schema has ", infos.size()));
  }
  Cells out;
  out.columns.resize(infos.size());
  for (size_t c = 0; c < infos.size(); ++c) {
    const py::handle cell = cells[c];
    if (cell.is_none()) continue;
    const std::string what = absl::StrCat(table, ".", std::string(infos[c].name));
    const py::tuple t = cell.cast<py::tuple>();
    const std::string form = t[0].cast<std::string>();
    ColumnCells& col = out.columns[c];
    if (form == "text") {
      col.form = ColumnCells::Form::kText;
      ReadTexts(t[1].cast<py::array>(), what, col.text, out.keep);
    } else if (form == "list") {
      col.form = ColumnCells::Form::kText;
      const absl::Span<const int64_t> off = ReadNumbers<int64_t>(t[1], what, out.keep);
      col.offsets.assign(off.begin(), off.end());
      ReadTexts(t[2].cast<py::array>(), what, col.text, out.keep);
    } else if (form == "numbers") {
      col.form = ColumnCells::Form::kNumbers;
      col.numbers = ReadNumbers<double>(t[1], what, out.keep);
    } else if (form == "days") {
      col.form = ColumnCells::Form::kDays;
      col.days = ReadNumbers<int64_t>(t[1], what, out.keep);
    } else if (form == "matrix") {
      col.form = ColumnCells::Form::kMatrix;
      py::array a = t[1].cast<py::array>();
      const std::string name = t.size() > 2 ? t[2].cast<std::string>() : what;
      const MatrixView m = RequireFloatMatrix(a, name.c_str());
      out.keep.push_back(a);
      col.matrix = m.data;
      col.matrix_rows = m.rows;
      col.matrix_cols = m.cols;
      col.matrix_stride = m.stride;
    } else {
      throw py::value_error(what + ": unknown cell form '" + form + "'");
    }
  }
  return out;
}

// Raises a StatusError; the row of a DataFrame error (io/columns.h) becomes
// the exception's `row`.
[[noreturn]] void ThrowStatus(const absl::Status& s) { throw StatusError(s, false); }

// -------------------------------------------------------------------- engine

// The live engine. Its methods may run from several Python threads at once
// (jobmatch::Engine is thread-safe); queries go through _View.
struct PyEngine {
  std::unique_ptr<Engine> engine;
};

// One version of an engine: every query on it sees the same data.
struct PyView {
  EngineView view;
};

std::unique_ptr<PyEngine> Wrap(absl::StatusOr<std::unique_ptr<Engine>> e, bool io = false) {
  ThrowIfError(e.status(), io);
  auto out = std::make_unique<PyEngine>();
  out->engine = *std::move(e);
  return out;
}

std::unique_ptr<PyEngine> FromFrames(const Policy& policy, const std::string& skills,
                                     const std::string& skills_source, const py::list& seekers,
                                     int64_t num_seekers, const std::string& seekers_source,
                                     const py::list& vacancies, int64_t num_vacancies,
                                     const std::string& vacancies_source) {
  Cells s = ReadCells(seekers, SeekerColumns(), "seekers");
  Cells v = ReadCells(vacancies, VacancyColumns(), "vacancies");
  absl::StatusOr<std::unique_ptr<Engine>> e;
  {
    py::gil_scoped_release release;
    e = [&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
      Vocabulary vocab;
      JOBMATCH_RETURN_IF_ERROR(AddPolicyGroups(policy, vocab));
      JOBMATCH_RETURN_IF_ERROR(ParseSkillsCsv(skills, skills_source, vocab));
      SeekerTable st;
      JOBMATCH_RETURN_IF_ERROR(
          AppendSeekerColumns(s.columns, num_seekers, seekers_source, vocab, st));
      VacancyTable vt;
      JOBMATCH_RETURN_IF_ERROR(
          AppendVacancyColumns(v.columns, num_vacancies, vacancies_source, vocab, vt));
      JOBMATCH_ASSIGN_OR_RETURN(
          std::shared_ptr<const Dataset> data,
          Dataset::Create(std::move(vocab), std::move(st), std::move(vt), policy));
      return Engine::Create(std::move(data));
    }();
  }
  if (!e.ok()) ThrowStatus(e.status());
  return Wrap(std::move(e));
}

std::unique_ptr<PyEngine> FromFiles(const Policy& policy, const std::string& skills,
                                    const std::string& seekers, const std::string& vacancies) {
  absl::StatusOr<std::unique_ptr<Engine>> e;
  {
    py::gil_scoped_release release;
    e = [&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
      JOBMATCH_ASSIGN_OR_RETURN(
          std::shared_ptr<const Dataset> data,
          Dataset::LoadCsv(Dataset::CsvFiles{skills, seekers, vacancies}, policy));
      return Engine::Create(std::move(data));
    }();
  }
  return Wrap(std::move(e), /*io=*/true);
}

// A sharded directory (manifest.json, io/shards.h), like the CLI's --data DIR.
std::unique_ptr<PyEngine> FromShardedDirectory(const Policy& policy, const std::string& directory,
                                               py::object progress) {
  PyProgress prog(std::move(progress));
  absl::StatusOr<std::unique_ptr<Engine>> e;
  {
    py::gil_scoped_release release;
    e = [&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
      JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> data,
                                Dataset::LoadShardedCsv(directory, policy, {}, prog.Fn()));
      return Engine::Create(std::move(data));
    }();
  }
  prog.Finish(absl::OkStatus());
  return Wrap(std::move(e), /*io=*/true);
}

std::unique_ptr<PyEngine> LoadSnapshot(const std::string& path, py::object progress) {
  PyProgress prog(std::move(progress));
  absl::StatusOr<std::unique_ptr<Engine>> e;
  {
    py::gil_scoped_release release;
    e = Engine::LoadSnapshot(path, {}, prog.Fn());
  }
  prog.Finish(absl::OkStatus());  // re-raises the callback's exception, if any
  return Wrap(std::move(e), /*io=*/true);
}

// Upserts a table's cells (all-or-nothing): read and checked against the
// current version's vocabulary, then one engine update.
void Upsert(PyEngine& pe, bool seekers, const py::list& cells, int64_t rows,
            const std::string& source, py::object progress) {
  Cells c = ReadCells(cells, seekers ? SeekerColumns() : VacancyColumns(),
                      seekers ? "seekers" : "vacancies");
  PyProgress prog(std::move(progress));
  absl::Status st;
  {
    py::gil_scoped_release release;
    const EngineView view = pe.engine->View();
    if (seekers) {
      auto r = SeekersFromColumns(c.columns, rows, source, view.vocabulary());
      st = r.ok() ? pe.engine->UpsertSeekers(*r, prog.Fn()) : r.status();
    } else {
      auto r = VacanciesFromColumns(c.columns, rows, source, view.vocabulary());
      st = r.ok() ? pe.engine->UpsertVacancies(*r, prog.Fn()) : r.status();
    }
  }
  prog.Finish(absl::OkStatus());
  if (!st.ok()) ThrowStatus(st);
}

void Remove(PyEngine& pe, bool seekers, const std::vector<std::string>& ids) {
  absl::Status st;
  {
    py::gil_scoped_release release;
    st = seekers ? pe.engine->RemoveSeekers(ids) : pe.engine->RemoveVacancies(ids);
  }
  ThrowIfError(st);
}

// ---------------------------------------------------------------- queries

std::vector<int64_t> RowsOf(const EngineView& v, const std::vector<std::string>& ids,
                            bool seekers) {
  std::vector<int64_t> rows;
  rows.reserve(ids.size());
  for (const std::string& id : ids) {
    std::optional<int64_t> r = seekers ? v.FindSeeker(id) : v.FindVacancy(id);
    if (!r) {
      ThrowIfError(absl::NotFoundError(
          absl::StrCat("unknown ", seekers ? "seeker" : "vacancy", " id '", id, "'")));
    }
    rows.push_back(*r);
  }
  return rows;
}

std::vector<int64_t> CheckedRows(const py::array& a, const char* what, int64_t limit) {
  int64_t n = 0;
  const int64_t* p = RequireVector<int64_t>(a, what, &n);
  std::vector<int64_t> rows(p, p + n);
  for (int64_t r : rows) {
    if (r < 0 || r >= limit) {
      ThrowIfError(
          absl::OutOfRangeError(absl::StrCat(what, ": row ", r, " outside 0..", limit - 1)));
    }
  }
  return rows;
}

py::tuple TopKArrays(const PyView& pv, int direction, int k, const std::optional<py::array>& rows,
                     int threads, py::object progress, bool exhaustive) {
  const EngineView& v = pv.view;
  TopKOptions opt;
  opt.k = k;
  opt.num_threads = threads;
  opt.exhaustive = exhaustive;
  const Direction dir =
      direction == 0 ? Direction::kVacanciesForSeekers : Direction::kSeekersForVacancies;
  if (rows) {
    opt.rows =
        CheckedRows(*rows, "rows",
                    dir == Direction::kVacanciesForSeekers ? v.num_seekers() : v.num_vacancies());
  }
  PyProgress prog(std::move(progress));
  opt.progress = prog.Fn();
  absl::StatusOr<TopKResult> r;
  double seconds = 0.0;
  {
    py::gil_scoped_release release;
    const auto t0 = std::chrono::steady_clock::now();
    r = v.TopK(dir, opt);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  prog.Finish(r.status());
  const py::ssize_t n = r->rows, kk = r->k;
  return py::make_tuple(ToNumpy(std::move(r->index), {n, kk}),
                        ToNumpy(std::move(r->score), {n, kk}), ToNumpy(std::move(r->row_ids), {n}),
                        seconds);
}

void CheckPair(const EngineView& v, int64_t s, int64_t t) {
  if (s < 0 || s >= v.num_seekers() || t < 0 || t >= v.num_vacancies()) {
    ThrowIfError(absl::OutOfRangeError("seeker or vacancy row out of range"));
  }
}

py::dict ExplainOne(const PyView& pv, int64_t s, int64_t v) {
  CheckPair(pv.view, s, v);
  const Explanation x = pv.view.Explain(s, v);
  py::list components;
  for (int c = 0; c < kNumComponents; ++c) {
    components.append(py::make_tuple(std::string(ComponentName(static_cast<Component>(c))),
                                     x.used[c] ? x.value[c] : kNaN, x.weight[c], x.used[c]));
  }
  py::list ineligible, rules;
  for (IneligibleReason r : x.ineligible) ineligible.append(std::string(IneligibleReasonName(r)));
  for (const FiredRule& r : x.rules) rules.append(py::make_tuple(r.name, r.weight));
  py::dict d;
  d["seeker_id"] = pv.view.SeekerId(s);
  d["vacancy_id"] = pv.view.VacancyId(v);
  d["eligible"] = x.eligible;
  d["ineligible"] = ineligible;
  d["components"] = components;
  d["base"] = x.base;
  d["rules"] = rules;
  d["boost_uncapped"] = x.boost_uncapped;
  d["boost"] = x.boost;
  d["score"] = x.score;
  d["distance_km"] = x.distance_km;
  d["remote"] = x.remote;
  d["text"] = pv.view.ExplanationText(x);
  return d;
}

// Explanation columns of many pairs (the CLI's --explain columns).
py::dict ExplainPairs(const PyView& pv, const py::array& s_rows, const py::array& v_rows) {
  const EngineView& e = pv.view;
  const std::vector<int64_t> s = CheckedRows(s_rows, "seeker_rows", e.num_seekers());
  const std::vector<int64_t> v = CheckedRows(v_rows, "vacancy_rows", e.num_vacancies());
  if (s.size() != v.size()) throw py::value_error("seeker_rows and vacancy_rows differ in length");
  const size_t n = s.size();
  std::vector<float> values(n * kNumComponents), base(n), boost(n), dist(n), score(n);
  std::vector<std::string> rules(n);
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < n; ++i) {
      const Explanation x = e.Explain(s[i], v[i]);
      for (int c = 0; c < kNumComponents; ++c)
        values[i * kNumComponents + c] = x.used[c] ? x.value[c] : kNaN;
      base[i] = x.base;
      boost[i] = x.boost;
      dist[i] = x.distance_km;
      score[i] = x.score;
      for (size_t j = 0; j < x.rules.size(); ++j) {
        if (j) rules[i] += ';';
        rules[i] += x.rules[j].name;
      }
    }
  }
  py::list names;
  for (int c = 0; c < kNumComponents; ++c)
    names.append(std::string(ComponentName(static_cast<Component>(c))));
  py::dict d;
  d["components"] = names;
  d["values"] = ToNumpy(std::move(values), {static_cast<py::ssize_t>(n), kNumComponents});
  d["base"] = ToNumpy(std::move(base), {static_cast<py::ssize_t>(n)});
  d["boost"] = ToNumpy(std::move(boost), {static_cast<py::ssize_t>(n)});
  d["distance_km"] = ToNumpy(std::move(dist), {static_cast<py::ssize_t>(n)});
  d["score"] = ToNumpy(std::move(score), {static_cast<py::ssize_t>(n)});
  d["rules"] = rules;
  return d;
}

py::array_t<float> ScorePairs(const PyView& pv, const py::array& s_rows, const py::array& v_rows) {
  const EngineView& e = pv.view;
  const std::vector<int64_t> s = CheckedRows(s_rows, "seeker_rows", e.num_seekers());
  const std::vector<int64_t> v = CheckedRows(v_rows, "vacancy_rows", e.num_vacancies());
  if (s.size() != v.size()) throw py::value_error("seeker_rows and vacancy_rows differ in length");
  std::vector<float> out(s.size());
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < s.size(); ++i) out[i] = e.Score(s[i], v[i]);
  }
  return ToNumpy(std::move(out), {static_cast<py::ssize_t>(s.size())});
}

// quotas: (name, [groups], [kinds], share) tuples.
using QuotaTuple =
    std::tuple<std::string, std::vector<std::string>, std::vector<std::string>, float>;

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
};

const AssignmentPlan& PlanOf(const PyAllocationPlan& p, const std::string& which) {
  const std::optional<AssignmentPlan>* plan = which == "assignment"         ? &p.assignment
                                              : which == "without_coverage" ? &p.without_coverage
                                                                            : nullptr;
  if (plan == nullptr) {
    throw py::value_error("which must be 'assignment' or 'without_coverage', got '" + which + "'");
  }
  if (!plan->has_value()) throw py::value_error("this allocation has no '" + which + "' solve");
  return **plan;
}

std::unique_ptr<PyAllocationPlan> MakeAllocationPlan(
    const PyView& pv, const std::string& method, const std::string& objective,
    const std::string& proposer, int candidates, float min_score, bool households,
    const std::string& household_group, const std::vector<QuotaTuple>& quotas,
    const py::array& rows, const py::array& cols, const py::array& scores, int parts_hint) {
  auto out = std::make_unique<PyAllocationPlan>(pv.view);
  out->options = AllocationOptionsFrom(method, objective, proposer, candidates, min_score,
                                       households, household_group, quotas, /*threads=*/1);
  EdgeList e;
  int64_t nr = 0, nc = 0, nw = 0;
  const int64_t* r = RequireVector<int64_t>(rows, "rows", &nr);
  const int64_t* c = RequireVector<int64_t>(cols, "cols", &nc);
  const float* w = RequireVector<float>(scores, "scores", &nw);
  if (nr != nc || nr != nw)
    throw py::value_error("rows, cols and scores must have the same length");
  e.row.assign(r, r + nr);
  e.col.assign(c, c + nc);
  e.weight.assign(w, w + nw);
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
      auto a = PlanAssignment(ns, capacity, out->problem.candidates, out->problem.assignment,
                              parts_hint);
      st = a.status();
      if (st.ok()) out->assignment = *std::move(a);
      if (st.ok() && out->options.household_coverage) {
        auto f = PlanAssignment(ns, capacity, out->problem.candidates,
                                out->problem.without_coverage, parts_hint);
        st = f.status();
        if (st.ok()) out->without_coverage = *std::move(f);
      }
    }
  }
  ThrowIfError(st);
  return out;
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

// Outreach case lists (analytics/outreach.h) on the view's compacted rows: a
// dict of flat columns, one entry per listed vacancy and one per person
// without any ("rank" 0, "vacancy" -1), in list order; plus the station
// names. `placed`: None or the vacancy row per seeker row (an Allocation);
// `allocation_path`: an allocation CSV instead ("" = none); `out_dir`: also
// write outreach.csv and the HTML pages there ("" = no files).
py::dict OutreachArrays(const PyView& pv, const std::string& level, int top,
                        std::optional<int32_t> months, std::optional<std::vector<int64_t>> placed,
                        const std::string& allocation_path, const std::string& out_dir,
                        int training_top, int threads, py::object progress) {
  OutreachOptions o;
  o.training_top = training_top;
  const std::optional<OutreachLevel> lv = ParseOutreachLevel(level);
  if (!lv) {
    ThrowIfError(absl::InvalidArgumentError("level must be district, town or village"));
  }
  o.level = *lv;
  o.top = top;
  o.long_unemployed_months = months;
  o.num_threads = threads;
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<OutreachList> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<OutreachList> {
      const CompactedTables t = pv.view.Compacted();
      if (placed) o.vacancy_of_seeker = *std::move(placed);
      if (!allocation_path.empty()) {
        auto f = ReadPlacementsFromAllocationCsv(allocation_path, t.scorer.dataset());
        if (!f.ok()) {
          io_error = absl::IsNotFound(f.status()) || absl::IsPermissionDenied(f.status());
          return f.status();
        }
        o.vacancy_of_seeker = *std::move(f);
      }
      auto list = Outreach(t.scorer, o);
      if (!list.ok() || out_dir.empty()) return list;
      auto pages = WriteOutreachHtml(out_dir, *list, t.scorer);
      if (!pages.ok()) {
        io_error = true;
        return pages.status();
      }
      if (absl::Status s = WriteOutreachCsv(out_dir + "/outreach.csv", *list, t.scorer); !s.ok()) {
        io_error = true;
        return s;
      }
      return list;
    }();
  }
  prog.Finish(r.status());
  ThrowIfError(r.status(), io_error);
  std::vector<int32_t> station;
  std::vector<int64_t> seeker, need_rank, rank, vacancy, allocated;
  std::vector<uint8_t> reasons, remote;
  std::vector<float> score, distance;
  std::vector<std::string> rules;
  py::list household, training;
  const CompactedTables tables = pv.view.Compacted();
  const std::vector<std::string>& household_ids = tables.seekers.household_ids();
  for (size_t k = 0; k < r->stations.size(); ++k) {
    for (const OutreachCase& c : r->stations[k].cases) {
      const size_t lines = std::max<size_t>(1, c.vacancies.size());
      for (size_t j = 0; j < lines; ++j) {
        station.push_back(static_cast<int32_t>(k));
        seeker.push_back(c.seeker);
        need_rank.push_back(c.need_rank);
        reasons.push_back(c.reasons);
        allocated.push_back(c.allocated_vacancy);
        household.append(py::str(household_ids[c.seeker]));
        training.append(py::str(OutreachTrainingText(c, tables.vocabulary)));
        if (c.vacancies.empty()) {
          rank.push_back(0);
          vacancy.push_back(-1);
          score.push_back(std::numeric_limits<float>::quiet_NaN());
          distance.push_back(std::numeric_limits<float>::quiet_NaN());
          remote.push_back(0);
          rules.emplace_back();
          continue;
        }
        const OutreachVacancy& ov = c.vacancies[j];
        rank.push_back(static_cast<int64_t>(j) + 1);
        vacancy.push_back(ov.vacancy);
        score.push_back(ov.score);
        distance.push_back(ov.distance_km);
        remote.push_back(ov.remote ? 1 : 0);
        std::string joined;
        for (const std::string& x : ov.rules)
          absl::StrAppend(&joined, joined.empty() ? "" : "+", x);
        rules.push_back(std::move(joined));
      }
    }
  }
  const py::ssize_t n = static_cast<py::ssize_t>(station.size());
  std::vector<std::string> names, reason_names;
  for (const OutreachStation& st : r->stations) names.push_back(st.name);
  for (int i = 0; i < kNumOutreachReasons; ++i) reason_names.emplace_back(OutreachReasonName(i));
  py::dict d;
  d["station"] = ToNumpy(std::move(station), {n});
  d["seeker"] = ToNumpy(std::move(seeker), {n});
  d["need_rank"] = ToNumpy(std::move(need_rank), {n});
  d["reasons"] = ToNumpy(std::move(reasons), {n});
  d["allocated"] = ToNumpy(std::move(allocated), {n});
  d["rank"] = ToNumpy(std::move(rank), {n});
  d["vacancy"] = ToNumpy(std::move(vacancy), {n});
  d["score"] = ToNumpy(std::move(score), {n});
  d["distance_km"] = ToNumpy(std::move(distance), {n});
  d["remote"] = ToNumpy(std::move(remote), {n});
  d["rules"] = rules;
  d["household_id"] = household;
  d["training"] = training;
  d["stations"] = names;
  d["reason_names"] = reason_names;
  d["cases"] = r->cases;
  d["households"] = r->households;
  d["households_uncovered"] = r->households_uncovered;
  d["long_unemployed_months"] = r->long_unemployed_months;
  d["allocated_here"] = r->allocated_here;
  return d;
}

// The equal-employment audit (analytics/audit.h) on the view's compacted
// rows: a dict of column arrays for the group rows ("group_*") and, with
// strata, the strata rows ("strata_*"); suppressed counts -1, flags -1.
// `placements`: None or the vacancy row per seeker row (an Allocation);
// `allocation_path`: an allocation CSV instead ("" = allocate here).
void AuditRowsToDict(const std::vector<AuditRow>& rows, const std::string& prefix, py::dict& d) {
  const py::ssize_t n = static_cast<py::ssize_t>(rows.size());
  py::list names;
  std::vector<int32_t> stratum(n), ff(n), ffo(n);
  std::vector<int64_t> seekers(n), placements(n), placements_off(n);
  std::vector<double> eligible(n), listed(n), exposure(n), rate(n), mean(n), base(n), impact(n),
      rate_off(n), base_off(n), impact_off(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const AuditRow& r = rows[i];
    names.append(r.group);
    stratum[i] = r.stratum;
    seekers[i] = r.seekers;
    eligible[i] = r.eligible_share;
    listed[i] = r.listed_share;
    exposure[i] = r.exposure;
    placements[i] = r.placements;
    rate[i] = r.placement_rate;
    mean[i] = r.mean_score_placed;
    base[i] = r.base_score_total;
    impact[i] = r.impact_ratio;
    ff[i] = r.four_fifths_flag;
    placements_off[i] = r.placements_no_priority;
    rate_off[i] = r.placement_rate_no_priority;
    base_off[i] = r.base_score_total_no_priority;
    impact_off[i] = r.impact_ratio_no_priority;
    ffo[i] = r.four_fifths_flag_no_priority;
  }
  d[py::str(prefix + "group")] = names;
  d[py::str(prefix + "stratum")] = ToNumpy(std::move(stratum), {n});
  d[py::str(prefix + "seekers")] = ToNumpy(std::move(seekers), {n});
  d[py::str(prefix + "eligible_share")] = ToNumpy(std::move(eligible), {n});
  d[py::str(prefix + "listed_share")] = ToNumpy(std::move(listed), {n});
  d[py::str(prefix + "exposure")] = ToNumpy(std::move(exposure), {n});
  d[py::str(prefix + "placements")] = ToNumpy(std::move(placements), {n});
  d[py::str(prefix + "placement_rate")] = ToNumpy(std::move(rate), {n});
  d[py::str(prefix + "mean_score_placed")] = ToNumpy(std::move(mean), {n});
  d[py::str(prefix + "base_score_total")] = ToNumpy(std::move(base), {n});
  d[py::str(prefix + "impact_ratio")] = ToNumpy(std::move(impact), {n});
  d[py::str(prefix + "four_fifths_flag")] = ToNumpy(std::move(ff), {n});
  d[py::str(prefix + "placements_no_priority")] = ToNumpy(std::move(placements_off), {n});
  d[py::str(prefix + "placement_rate_no_priority")] = ToNumpy(std::move(rate_off), {n});
  d[py::str(prefix + "base_score_total_no_priority")] = ToNumpy(std::move(base_off), {n});
  d[py::str(prefix + "impact_ratio_no_priority")] = ToNumpy(std::move(impact_off), {n});
  d[py::str(prefix + "four_fifths_flag_no_priority")] = ToNumpy(std::move(ffo), {n});
}

py::dict AuditArrays(const PyView& pv, int k, std::optional<std::vector<int64_t>> placements,
                     const std::string& allocation_path, const std::string& method,
                     const std::string& objective, const std::string& proposer, int candidates,
                     bool households, std::optional<int32_t> min_cell_seekers, bool strata,
                     int threads, bool exhaustive) {
  AuditOptions o;
  o.k = k;
  if (method != "optimal" && method != "stable") {
    throw py::value_error("method must be 'optimal' or 'stable', got '" + method + "'");
  }
  if (objective != "score" && objective != "cardinality") {
    throw py::value_error("objective must be 'score' or 'cardinality', got '" + objective + "'");
  }
  if (proposer != "seekers" && proposer != "vacancies") {
    throw py::value_error("proposer must be 'seekers' or 'vacancies', got '" + proposer + "'");
  }
  o.allocation.method = method == "stable" ? AllocationMethod::kStable : AllocationMethod::kOptimal;
  o.allocation.objective = objective == "cardinality"
                               ? AssignmentObjective::kMaxCardinalityThenWeight
                               : AssignmentObjective::kMaxWeight;
  o.allocation.proposer = proposer == "vacancies" ? Proposer::kColumns : Proposer::kRows;
  o.allocation.candidates_per_seeker = candidates;
  o.allocation.household_coverage = households;
  o.min_cell_seekers = min_cell_seekers;
  o.strata = strata;
  o.num_threads = threads;
  o.exhaustive = exhaustive;
  absl::StatusOr<AuditTable> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<AuditTable> {
      std::shared_ptr<const Dataset> data = pv.view.CompactedDataset();
      if (placements) o.vacancy_of_seeker = *std::move(placements);
      if (!allocation_path.empty()) {
        auto p = ReadPlacementsFromAllocationCsv(allocation_path, *data);
        if (!p.ok()) {
          io_error = absl::IsNotFound(p.status()) || absl::IsPermissionDenied(p.status());
          return p.status();
        }
        o.vacancy_of_seeker = *std::move(p);
      }
      JOBMATCH_ASSIGN_OR_RETURN(Scorer scorer, Scorer::Create(data));
      return Audit(scorer, o);
    }();
  }
  ThrowIfError(r.status(), io_error);
  py::dict d;
  AuditRowsToDict(r->groups, "group_", d);
  AuditRowsToDict(r->strata, "strata_", d);
  d["k"] = r->k;
  d["min_cell_seekers"] = r->min_cell_seekers;
  d["allocated"] = r->allocated;
  return d;
}

// Structural mismatch (analytics/mismatch.h) on the view's compacted rows:
// a dict of column arrays for the cells ("cell_*") and the tightness table
// ("tight_*"), the district names, the reference date and the medians.
// `filled`: None or int32 per vacancy row; `allocation_path`: an allocation
// CSV instead ("" = none).
py::dict MismatchArrays(const PyView& pv, bool by_district, bool by_industry,
                        std::optional<double> shortage, std::optional<double> surplus, bool reach,
                        std::optional<std::vector<int32_t>> filled,
                        const std::string& allocation_path, std::optional<int32_t> as_of_days) {
  MismatchOptions o;
  o.by_district = by_district;
  o.by_industry = by_industry;
  o.shortage_ratio = shortage;
  o.surplus_ratio = surplus;
  o.compute_reach = reach;
  if (as_of_days) o.as_of = Date{*as_of_days};
  absl::StatusOr<MismatchTable> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<MismatchTable> {
      std::shared_ptr<const Dataset> data = pv.view.CompactedDataset();
      if (filled) o.filled = *std::move(filled);
      if (!allocation_path.empty()) {
        auto f = ReadFilledFromAllocationCsv(allocation_path, *data);
        if (!f.ok()) {
          io_error = absl::IsNotFound(f.status()) || absl::IsPermissionDenied(f.status());
          return f.status();
        }
        o.filled = *std::move(f);
      }
      return Mismatch(*data, o);
    }();
  }
  ThrowIfError(r.status(), io_error);
  const py::ssize_t n = static_cast<py::ssize_t>(r->rows.size());
  std::vector<int32_t> skill(n), grade(n), district(n), industry(n);
  std::vector<int64_t> vacancies(n), demand(n), supply(n), reach_n(n), unfilled(n);
  std::vector<double> weighted(n), ratio(n);
  std::vector<int8_t> label(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const MismatchRow& x = r->rows[i];
    skill[i] = x.skill;
    grade[i] = x.grade;
    district[i] = x.district;
    industry[i] = x.industry;
    vacancies[i] = x.vacancies;
    demand[i] = x.demand_openings;
    weighted[i] = x.demand_weighted;
    supply[i] = x.supply_seekers;
    reach_n[i] = x.supply_in_reach;
    ratio[i] = x.ratio;
    unfilled[i] = x.unfilled_openings;
    label[i] = static_cast<int8_t>(x.label);
  }
  const py::ssize_t m = static_cast<py::ssize_t>(r->tightness.size());
  std::vector<int32_t> td(m), ti(m);
  std::vector<int64_t> tv(m), to(m), ts(m), tvd(m), tsd(m);
  std::vector<double> tt(m), tvm(m), tsm(m);
  for (py::ssize_t i = 0; i < m; ++i) {
    const TightnessRow& x = r->tightness[i];
    td[i] = x.district;
    ti[i] = x.industry;
    tv[i] = x.vacancies;
    to[i] = x.openings;
    ts[i] = x.seekers;
    tt[i] = x.tightness;
    tvm[i] = x.vacancy_duration_median_days;
    tvd[i] = x.vacancies_dated;
    tsm[i] = x.registration_duration_median_days;
    tsd[i] = x.seekers_dated;
  }
  py::dict d;
  d["cell_skill"] = ToNumpy(std::move(skill), {n});
  d["cell_grade"] = ToNumpy(std::move(grade), {n});
  d["cell_district"] = ToNumpy(std::move(district), {n});
  d["cell_industry"] = ToNumpy(std::move(industry), {n});
  d["cell_vacancies"] = ToNumpy(std::move(vacancies), {n});
  d["cell_demand_openings"] = ToNumpy(std::move(demand), {n});
  d["cell_demand_weighted"] = ToNumpy(std::move(weighted), {n});
  d["cell_supply_seekers"] = ToNumpy(std::move(supply), {n});
  d["cell_supply_in_reach"] = ToNumpy(std::move(reach_n), {n});
  d["cell_ratio"] = ToNumpy(std::move(ratio), {n});
  d["cell_unfilled_openings"] = ToNumpy(std::move(unfilled), {n});
  d["cell_label"] = ToNumpy(std::move(label), {n});
  d["tight_district"] = ToNumpy(std::move(td), {m});
  d["tight_industry"] = ToNumpy(std::move(ti), {m});
  d["tight_vacancies"] = ToNumpy(std::move(tv), {m});
  d["tight_openings"] = ToNumpy(std::move(to), {m});
  d["tight_seekers"] = ToNumpy(std::move(ts), {m});
  d["tight_tightness"] = ToNumpy(std::move(tt), {m});
  d["tight_vacancy_duration_median_days"] = ToNumpy(std::move(tvm), {m});
  d["tight_vacancies_dated"] = ToNumpy(std::move(tvd), {m});
  d["tight_registration_duration_median_days"] = ToNumpy(std::move(tsm), {m});
  d["tight_seekers_dated"] = ToNumpy(std::move(tsd), {m});
  py::list districts, labels;
  for (const std::string& x : r->districts) districts.append(x);
  for (int i = 0; i < 3; ++i)
    labels.append(std::string(MismatchLabelName(static_cast<MismatchLabel>(i))));
  d["districts"] = districts;
  d["label_names"] = labels;
  d["has_reach"] = r->has_reach;
  d["shortage_ratio"] = r->shortage_ratio;
  d["surplus_ratio"] = r->surplus_ratio;
  d["has_unfilled"] = r->has_unfilled;
  d["as_of_days"] = r->as_of ? py::object(py::int_(r->as_of->days)) : py::object(py::none());
  d["vacancy_duration_median_days"] = r->vacancy_duration_median_days;
  d["registration_duration_median_days"] = r->registration_duration_median_days;
  return d;
}

// Training advice (analytics/training.h) on the view's compacted rows:
// one entry per listed upgrade ("seeker" = its seeker row, "rank" 1-based)
// and, per answered seeker, "answered", "eligible", "mean_before".
py::dict TrainingArrays(const PyView& pv, std::optional<std::vector<int64_t>> rows, int k, int top,
                        int threads, py::object progress) {
  TrainingOptions o;
  if (rows) o.seekers = *std::move(rows);
  o.k = k;
  o.top = top;
  o.num_threads = threads;
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<TrainingAdvice> r;
  {
    py::gil_scoped_release release;
    r = AdviseTraining(pv.view.Compacted().scorer, o);
  }
  prog.Finish(r.status());
  const py::ssize_t n = static_cast<py::ssize_t>(r->upgrades.size());
  const py::ssize_t na = static_cast<py::ssize_t>(r->seekers.size());
  std::vector<int64_t> seeker(n), rank(n), newly(n);
  std::vector<int32_t> skill(n), grade(n);
  std::vector<double> gain(n);
  for (py::ssize_t i = 0; i < na; ++i) {
    for (int64_t j = r->offsets[i]; j < r->offsets[i + 1]; ++j) {
      const TrainingUpgrade& u = r->upgrades[j];
      seeker[j] = r->seekers[i];
      rank[j] = j - r->offsets[i] + 1;
      skill[j] = u.skill;
      grade[j] = u.grade;
      gain[j] = u.gain;
      newly[j] = u.newly_met;
    }
  }
  py::dict d;
  d["seeker"] = ToNumpy(std::move(seeker), {n});
  d["rank"] = ToNumpy(std::move(rank), {n});
  d["skill"] = ToNumpy(std::move(skill), {n});
  d["grade"] = ToNumpy(std::move(grade), {n});
  d["gain"] = ToNumpy(std::move(gain), {n});
  d["newly_met"] = ToNumpy(std::move(newly), {n});
  d["answered"] = ToNumpy(std::move(r->seekers), {na});
  d["eligible"] = ToNumpy(std::move(r->eligible), {na});
  d["mean_before"] = ToNumpy(std::move(r->mean_before), {na});
  return d;
}

// Courses per area (analytics/training.h). `filled`/`placed`: None or one
// entry per vacancy / seeker row; `allocation_path`: an allocation CSV
// instead ("" = none).
py::dict CoursesArrays(const PyView& pv, const std::string& level,
                       std::optional<std::vector<int32_t>> filled,
                       std::optional<std::vector<uint8_t>> placed,
                       const std::string& allocation_path, int threads, py::object progress) {
  CourseOptions o;
  if (level == "district") {
    o.level = AreaLevel::kDistrict;
  } else if (level == "town") {
    o.level = AreaLevel::kTown;
  } else {
    throw py::value_error("level must be 'district' or 'town', got '" + level + "'");
  }
  o.num_threads = threads;
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<CourseTable> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<CourseTable> {
      CompactedTables t = pv.view.Compacted();
      if (filled) o.filled = *std::move(filled);
      if (placed) o.placed = *std::move(placed);
      if (!allocation_path.empty()) {
        auto c = ReadAllocationCountsCsv(allocation_path, t.dataset);
        if (!c.ok()) {
          io_error = absl::IsNotFound(c.status()) || absl::IsPermissionDenied(c.status());
          return c.status();
        }
        o.filled = std::move(c->filled);
        o.placed = std::move(c->placed);
      }
      return RankCourses(t.scorer, o);
    }();
  }
  if (io_error) ThrowIfError(r.status(), true);
  prog.Finish(r.status());
  const py::ssize_t n = static_cast<py::ssize_t>(r->rows.size());
  std::vector<int32_t> area(n), skill(n), grade(n);
  std::vector<int64_t> rank(n), openings(n), seekers(n), vacancies(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const CourseRow& x = r->rows[i];
    area[i] = x.area;
    skill[i] = x.skill;
    grade[i] = x.grade;
    rank[i] = x.rank;
    openings[i] = x.openings;
    seekers[i] = x.seekers;
    vacancies[i] = x.vacancies;
  }
  py::dict d;
  d["area"] = ToNumpy(std::move(area), {n});
  d["rank"] = ToNumpy(std::move(rank), {n});
  d["skill"] = ToNumpy(std::move(skill), {n});
  d["grade"] = ToNumpy(std::move(grade), {n});
  d["openings"] = ToNumpy(std::move(openings), {n});
  d["seekers"] = ToNumpy(std::move(seekers), {n});
  d["vacancies"] = ToNumpy(std::move(vacancies), {n});
  py::list districts, towns;
  for (const std::string& x : r->districts) districts.append(x);
  for (const std::string& x : r->towns) towns.append(x);
  d["districts"] = districts;
  d["towns"] = towns;
  return d;
}

void WriteCsv(const Vocabulary& vocab, const SeekerTable& seekers, const VacancyTable& vacancies,
              const std::string& dir) {
  namespace fs = std::filesystem;
  absl::Status st;
  {
    py::gil_scoped_release release;
    st = [&]() -> absl::Status {
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) return absl::InternalError(absl::StrCat(dir, ": ", ec.message()));
      const fs::path d(dir);
      JOBMATCH_RETURN_IF_ERROR(WriteSkillsCsv((d / "skills.csv").string(), vocab));
      JOBMATCH_RETURN_IF_ERROR(WriteSeekersCsv((d / "seekers.csv").string(), seekers, vocab));
      return WriteVacanciesCsv((d / "vacancies.csv").string(), vacancies, vocab);
    }();
  }
  ThrowIfError(st, /*io=*/true);
}

py::object EmbeddingView(const RowMatrixXf& m, py::handle owner) {
  if (m.cols() == 0) return py::none();
  return ReadOnlyView<float>(m.data(), {m.rows(), m.cols()}, owner);
}

}  // namespace

void BindEngine(py::module_& m) {
  // The one crash-safe writer (base/file_io.h), for files Python writes.
  m.def(
      "_write_file",
      [](const std::string& path, const std::string& text, bool personal) {
        FileWriteOptions o;
        o.mode = personal ? kPersonalDataFileMode : kPublicFileMode;
        o.non_regular = NonRegularTarget::kWriteInPlace;  // as the CSV writers
        absl::Status st;
        {
          py::gil_scoped_release release;
          st = WriteFileAtomically(path, text, o);
        }
        ThrowIfError(st, /*io=*/true);
      },
      py::arg("path"), py::arg("text"), py::arg("personal"),
      "Writes text (UTF-8) to path crash-safely; personal data is created 0600.");
  // The one quota parser (policy/quota_spec.h), shared with the CLI.
  m.def(
      "_parse_quota",
      [](const std::string& spec, const std::string& name) -> QuotaTuple {
        auto q = ParseQuotaSpec(spec, name);
        if (!q.ok()) {
          ThrowIfError(absl::InvalidArgumentError(absl::StrCat("quota ", q.status().message())));
        }
        std::vector<std::string> kinds;
        for (VacancyKind k : q->kinds) kinds.emplace_back(VacancyKindName(k));
        return {q->name, q->groups, kinds, q->share};
      },
      py::arg("spec"), py::arg("name"),
      "Parses GROUP[+GROUP]:SHARE[:KIND[+KIND]] into (name, groups, kinds, share).");
  m.def(
      "_schema",
      []() {
        py::dict d;
        for (const auto& [table, infos] :
             {std::pair{"seekers", SeekerColumns()}, std::pair{"vacancies", VacancyColumns()}}) {
          py::list cols;
          for (const ColumnInfo& c : infos) {
            py::dict col;
            col["name"] = std::string(c.name);
            col["kind"] = std::string(ColumnKindName(c.kind));
            col["required"] = c.required;
            col["sensitive"] = c.sensitive;
            col["written_when_present"] = c.written_when_present;
            col["since_format"] = c.since_format;
            col["description"] = std::string(c.description);
            cols.append(col);
          }
          d[table] = cols;
        }
        return d;
      },
      "The columns of each table (data/schema.h): {'seekers': [{name, kind, required, "
      "sensitive, written_when_present, since_format, description}, ...], 'vacancies': [...]}.");
  m.attr("_ROW_PAYLOAD") = std::string(kRowPayload);
  {
    py::list reasons;  // every name an explanation's `ineligible` list can hold
    for (int r = 0; r <= static_cast<int>(IneligibleReason::kWage); ++r) {
      reasons.append(std::string(IneligibleReasonName(static_cast<IneligibleReason>(r))));
    }
    m.attr("_INELIGIBLE_REASONS") = reasons;
  }

  py::class_<PyEngine>(m, "_Engine", "A live jobmatch::Engine. Use jobmatch.Engine.")
      .def_static("from_frames", &FromFrames, py::arg("policy"), py::arg("skills"),
                  py::arg("skills_source"), py::arg("seekers"), py::arg("num_seekers"),
                  py::arg("seekers_source"), py::arg("vacancies"), py::arg("num_vacancies"),
                  py::arg("vacancies_source"),
                  "Builds an engine from DataFrame cells (one entry per schema column); "
                  "all-or-nothing.")
      .def_static("from_files", &FromFiles, py::arg("policy"), py::arg("skills"),
                  py::arg("seekers"), py::arg("vacancies"),
                  "Builds an engine from CSV files, like the CLI's --data.")
      .def_static("from_sharded_directory", &FromShardedDirectory, py::arg("policy"),
                  py::arg("directory"), py::arg("progress") = py::none(),
                  "Builds an engine from a sharded directory (manifest.json), like --data DIR.")
      .def_static("load_snapshot", &LoadSnapshot, py::arg("path"), py::arg("progress") = py::none(),
                  "Builds an engine from a snapshot file (fully validated first).")
      .def(
          "view", [](const PyEngine& e) { return PyView{e.engine->View()}; },
          "The current version.")
      .def("upsert", &Upsert, py::arg("seekers"), py::arg("cells"), py::arg("rows"),
           py::arg("source"), py::arg("progress") = py::none(),
           "Inserts or replaces rows given as DataFrame cells; all-or-nothing.")
      .def("remove", &Remove, py::arg("seekers"), py::arg("ids"),
           "Removes rows by id; all-or-nothing.")
      .def(
          "replace_policy",
          [](PyEngine& e, const Policy& p) {
            absl::Status st;
            {
              py::gil_scoped_release release;
              st = e.engine->ReplacePolicy(p);
            }
            ThrowIfError(st);
          },
          py::arg("policy"), "Replaces the policy (recompiles the scorers); all-or-nothing.")
      .def(
          "save_snapshot",
          [](const PyEngine& e, const std::string& path, py::object progress) {
            PyProgress prog(std::move(progress));
            absl::Status st;
            {
              py::gil_scoped_release release;
              st = e.engine->SaveSnapshot(path, prog.Fn());
            }
            prog.Finish(absl::OkStatus());
            ThrowIfError(st, /*io=*/true);
          },
          py::arg("path"), py::arg("progress") = py::none(),
          "Writes the current version to a snapshot file, crash-safely.")
      .def(
          "compact",
          [](PyEngine& e) {
            absl::Status st;
            {
              py::gil_scoped_release release;
              st = e.engine->Compact();
            }
            ThrowIfError(st);
          },
          "Merges the updates into new base tables (same results, faster queries).")
      .def_property_readonly("sequence", [](const PyEngine& e) { return e.engine->sequence(); });

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
          [](const PyAllocationPlan& p, const std::string& which) {
            py::list out;
            for (const AssignmentPart& part : PlanOf(p, which).parts) out.append(PartToDict(part));
            return out;
          },
          py::arg("which"), "The parts of a solve, each a dict of numpy arrays.")
      .def("finish", &FinishAllocationPlan, py::arg("answers"),
           py::arg("answers_without_coverage") = py::none(),
           "The allocation dict (as _View.allocate) from every part's answer; the stable method "
           "matches here (no parts).")
      .def_property_readonly("candidate_edges",
                             [](const PyAllocationPlan& p) { return p.problem.candidates.size(); });

  py::class_<PyView>(m, "_View", "One version of a live engine. Use jobmatch.EngineView.")
      .def("topk", &TopKArrays, py::arg("direction"), py::arg("k"), py::arg("rows") = py::none(),
           py::arg("threads") = 0, py::arg("progress") = py::none(), py::arg("exhaustive") = false,
           "Exact top-k (exhaustive: score every pair instead of the pruned search, same result): "
           "(index[rows, k] int64, score[rows, k] float32, row_ids[rows] int64, "
           "seconds spent in the C++ top-k), arrays owned by numpy (no copy). direction 0 = "
           "vacancies for seekers, 1 = seekers for vacancies.")
      .def(
          "rows_of",
          [](const PyView& v, const std::vector<std::string>& ids, bool seekers) {
            return ToNumpy(RowsOf(v.view, ids, seekers), {static_cast<py::ssize_t>(ids.size())});
          },
          py::arg("ids"), py::arg("seekers"), "Row indexes of ids; NotFoundError on an unknown id.")
      .def("explain", &ExplainOne, py::arg("seeker_row"), py::arg("vacancy_row"),
           "Explanation of one pair as a dict.")
      .def("explain_pairs", &ExplainPairs, py::arg("seeker_rows"), py::arg("vacancy_rows"),
           "Explanation columns of many pairs.")
      .def("score_pairs", &ScorePairs, py::arg("seeker_rows"), py::arg("vacancy_rows"),
           "Scores of many pairs (float32; -inf = ineligible).")
      .def("allocate", &AllocateArrays, py::arg("method"), py::arg("objective"),
           py::arg("proposer"), py::arg("candidates"), py::arg("min_score"), py::arg("households"),
           py::arg("household_group"), py::arg("quotas"), py::arg("threads"),
           py::arg("progress") = py::none(),
           "One allocation (jobmatch::Allocate) as a dict of arrays and totals.")
      .def("allocation_plan", &MakeAllocationPlan, py::arg("method"), py::arg("objective"),
           py::arg("proposer"), py::arg("candidates"), py::arg("min_score"), py::arg("households"),
           py::arg("household_group"), py::arg("quotas"), py::arg("rows"), py::arg("cols"),
           py::arg("scores"), py::arg("parts_hint"),
           "Allocation in steps (jobmatch.distributed): the problem over the given candidate "
           "lists (seeker rows grouped, best first) and, for the optimal method, its solves "
           "planned into parts.")
      .def("mismatch", &MismatchArrays, py::arg("by_district"), py::arg("by_industry"),
           py::arg("shortage_ratio"), py::arg("surplus_ratio"), py::arg("reach"), py::arg("filled"),
           py::arg("allocation_path"), py::arg("as_of_days"),
           "Structural mismatch (jobmatch::Mismatch) as a dict of arrays.")
      .def("outreach", &OutreachArrays, py::arg("level"), py::arg("top"), py::arg("months"),
           py::arg("placed"), py::arg("allocation_path"), py::arg("out_dir"),
           py::arg("training_top"), py::arg("threads"), py::arg("progress") = py::none(),
           "Outreach case lists (jobmatch::Outreach) as a dict of flat arrays.")
      // Training advice (issue 11 item 2).
      .def("training_advice", &TrainingArrays, py::arg("rows"), py::arg("k"), py::arg("top"),
           py::arg("threads"), py::arg("progress") = py::none(),
           "Training advice (jobmatch::AdviseTraining) as a dict of arrays.")
      .def("training_courses", &CoursesArrays, py::arg("level"), py::arg("filled"),
           py::arg("placed"), py::arg("allocation_path"), py::arg("threads"),
           py::arg("progress") = py::none(),
           "Courses per area (jobmatch::RankCourses) as a dict of arrays.")
      .def("audit", &AuditArrays, py::arg("k"), py::arg("placements"), py::arg("allocation_path"),
           py::arg("method"), py::arg("objective"), py::arg("proposer"), py::arg("candidates"),
           py::arg("households"), py::arg("min_cell_seekers"), py::arg("strata"),
           py::arg("threads"), py::arg("exhaustive"),
           "Equal-employment audit (jobmatch::Audit) as a dict of arrays.")
      .def(
          "write_csv",
          [](const PyView& v, const std::string& dir) {
            const CompactedTables t = v.view.Compacted();
            WriteCsv(t.vocabulary, t.seekers, t.vacancies, dir);
          },
          py::arg("directory"),
          "Writes skills.csv, seekers.csv and vacancies.csv into `directory`.")
      .def(
          "with_policy",
          [](const PyView& v, const Policy& p) {
            absl::StatusOr<std::unique_ptr<Engine>> e;
            {
              py::gil_scoped_release release;
              e = [&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
                JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> data,
                                          v.view.CompactedDataset()->WithPolicy(p));
                return Engine::Create(std::move(data));
              }();
            }
            return Wrap(std::move(e));
          },
          py::arg("policy"),
          "A new engine on this version's data under another policy (the tables are shared).")
      .def_property_readonly("sequence", [](const PyView& v) { return v.view.sequence(); })
      .def_property_readonly("policy", [](const PyView& v) { return v.view.policy(); })
      .def_property_readonly("num_seekers", [](const PyView& v) { return v.view.num_seekers(); })
      .def_property_readonly("num_vacancies",
                             [](const PyView& v) { return v.view.num_vacancies(); })
      .def_property_readonly("seeker_ids",
                             [](const PyView& v) { return v.view.Compacted().seekers.ids(); })
      .def_property_readonly("vacancy_ids",
                             [](const PyView& v) { return v.view.Compacted().vacancies.ids(); })
      .def_property_readonly("skill_names",
                             [](const PyView& v) { return v.view.vocabulary().skills().names(); })
      .def_property_readonly(
          "industry_names",
          [](const PyView& v) { return v.view.vocabulary().industries().names(); })
      .def_property_readonly("group_names",
                             [](const PyView& v) { return v.view.vocabulary().groups().names(); })
      .def_property_readonly(
          "uses_embeddings",
          [](const PyView& v) { return v.view.Compacted().scorer.uses_embeddings(); })
      .def_property_readonly(
          "seeker_groups",
          [](py::object self) {
            const SeekerTable& t = self.cast<const PyView&>().view.Compacted().seekers;
            return ReadOnlyView<uint64_t>(t.groups().data(), {t.size()}, self);
          },
          "Key-group bit set per seeker (bit g = group_names[g]); read-only view, no copy.")
      .def_property_readonly(
          "openings",
          [](py::object self) {
            const VacancyTable& t = self.cast<const PyView&>().view.Compacted().vacancies;
            return ReadOnlyView<int32_t>(t.openings().data(), {t.size()}, self);
          },
          "Openings per vacancy; read-only view, no copy.")
      .def_property_readonly(
          "seeker_embeddings",
          [](py::object self) {
            return EmbeddingView(self.cast<const PyView&>().view.Compacted().seekers.embeddings(),
                                 self);
          },
          "Stored (L2-normalised) seeker embeddings, read-only view, no copy; None without.")
      .def_property_readonly(
          "vacancy_embeddings",
          [](py::object self) {
            return EmbeddingView(self.cast<const PyView&>().view.Compacted().vacancies.embeddings(),
                                 self);
          },
          "Stored (L2-normalised) vacancy embeddings, read-only view, no copy; None without.");
}

void BindGenerator(py::module_& m) {
  m.def(
      "_generate_city",
      [](uint64_t seed, int64_t seekers, int64_t vacancies, int embedding_dim, double center_lat,
         double center_lon, double radius_km, const std::string& out_dir) {
        CityConfig cfg;
        cfg.seed = seed;
        cfg.num_seekers = seekers;
        cfg.num_vacancies = vacancies;
        cfg.embedding_dim = embedding_dim;
        cfg.center_lat = center_lat;
        cfg.center_lon = center_lon;
        cfg.radius_km = radius_km;
        Vocabulary vocab;
        SeekerTable seeker_table;
        VacancyTable vacancy_table;
        absl::Status st;
        {
          py::gil_scoped_release release;
          st = [&]() -> absl::Status {
            auto city = GenerateCity(cfg);
            if (!city.ok()) return city.status();
            vocab = city->vocab;
            JOBMATCH_RETURN_IF_ERROR(seeker_table.Append(city->seekers, vocab));
            return vacancy_table.Append(city->vacancies, vocab);
          }();
        }
        ThrowIfError(st);
        WriteCsv(vocab, seeker_table, vacancy_table, out_dir);
        auto take = [](const RowMatrixXf& mtx) -> py::object {
          if (mtx.cols() == 0) return py::none();
          std::vector<float> v(mtx.data(), mtx.data() + mtx.size());
          return ToNumpy(std::move(v), {mtx.rows(), mtx.cols()});
        };
        return py::make_tuple(take(seeker_table.embeddings()), take(vacancy_table.embeddings()));
      },
      py::arg("seed"), py::arg("seekers"), py::arg("vacancies"), py::arg("embedding_dim"),
      py::arg("center_lat"), py::arg("center_lon"), py::arg("radius_km"), py::arg("out_dir"),
      "Generates a city (jobmatch::GenerateCity), writes its CSV files into out_dir and returns "
      "(seeker_embeddings, vacancy_embeddings) (None without embeddings).");
}

}  // namespace jobmatch::python
