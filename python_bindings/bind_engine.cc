// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch.Engine's compiled half: a live jobmatch::Engine (engine/engine.h)
// built from DataFrame columns (io/columns.h: numpy buffers and string
// cells, no CSV text; bind_frames.cc), CSV files or a snapshot, updated in
// place, and the queries on one of its versions (_View): top-k, rows,
// explanations and scores here; allocation in bind_allocation.cc, the
// analytics in bind_analytics.cc. Glue only: every algorithm is the C++
// library's. Heavy calls release the GIL.
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bind.h"
#include "common.h"
#include "engine_glue.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/io/columns.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/policy/quota_spec.h"
#include "jobmatch/report/results_csv.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch::python {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Raises a StatusError; the row of a DataFrame error (io/columns.h) becomes
// the exception's `row`.
[[noreturn]] void ThrowStatus(const absl::Status& s) { throw StatusError(s, false); }

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
                                LoadShardedData(directory, policy, {}, prog.Fn()));
      return Engine::Create(std::move(data));
    }();
  }
  prog.Finish(absl::OkStatus());
  return Wrap(std::move(e), /*io=*/true);
}

// Part of a sharded directory (LoadShardedDataPart, CSV or snapshot shards), as a task of
// jobmatch.distributed reads it: (engine, seeker_rows, vacancy_rows), the
// rows of the whole directory as int64 arrays.
py::tuple FromShardPart(const Policy& policy, const std::string& directory,
                        std::vector<int64_t> seekers, std::vector<int64_t> vacancies,
                        std::vector<int64_t> remote_vacancies) {
  absl::StatusOr<std::unique_ptr<Engine>> e;
  std::vector<int64_t> seeker_rows, vacancy_rows;
  {
    py::gil_scoped_release release;
    e = [&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
      const Dataset::ShardSelection selection{std::move(seekers), std::move(vacancies),
                                              std::move(remote_vacancies)};
      // One thread: a distributed job runs one such task per worker thread.
      JOBMATCH_ASSIGN_OR_RETURN(Dataset::ShardPart part,
                                LoadShardedDataPart(directory, policy, selection, {}, nullptr, 1));
      seeker_rows = std::move(part.seeker_rows);
      vacancy_rows = std::move(part.vacancy_rows);
      return Engine::Create(std::move(part.data));
    }();
  }
  std::unique_ptr<PyEngine> engine = Wrap(std::move(e), /*io=*/true);
  const auto ns = static_cast<py::ssize_t>(seeker_rows.size());
  const auto nv = static_cast<py::ssize_t>(vacancy_rows.size());
  return py::make_tuple(std::move(engine), ToNumpy(std::move(seeker_rows), {ns}),
                        ToNumpy(std::move(vacancy_rows), {nv}));
}

// Where rows lie, for the planning of jobmatch.distributed: the seekers' and
// vacancies' coordinates, commute limits (0 = the policy's default) and
// remote flags, as a dict of arrays (copies).
py::dict ExtentDict(const SeekerTable& s, const VacancyTable& v) {
  auto copy = [](const auto& column) {
    using T = typename std::remove_cvref_t<decltype(column)>::value_type;
    return ToNumpy(std::vector<T>(column.begin(), column.end()),
                   {static_cast<py::ssize_t>(column.size())});
  };
  py::dict out;
  out["seeker_lat"] = copy(s.lats());
  out["seeker_lon"] = copy(s.lons());
  out["max_commute_km"] = copy(s.max_commute_km());
  out["accepts_remote"] = copy(s.accepts_remote());
  out["vacancy_lat"] = copy(v.lats());
  out["vacancy_lon"] = copy(v.lons());
  out["remote"] = copy(v.remote());
  return out;
}

// A sharded directory's manifest as ReadShardManifest reads it, with all its
// checks (jobmatch.distributed plans its tasks from the declared counts):
// {"skills": path, "shards": [{"name", "format", "seekers", "vacancies",
// "num_seekers", "num_vacancies", "center_lat", "center_lon", "radius_km"}]},
// paths relative to the directory, absent coordinates None.
py::dict ShardManifestDict(const std::string& directory) {
  absl::StatusOr<ShardManifest> m;
  {
    py::gil_scoped_release release;
    m = ReadShardManifest(directory);
  }
  ThrowIfError(m.status(), /*io=*/true);
  auto optional = [](const std::optional<double>& x) {
    return x ? py::object(py::float_(*x)) : py::object(py::none());
  };
  py::list shards;
  for (const DataShard& d : m->shards) {
    py::dict s;
    s["name"] = d.name;
    s["format"] = d.is_snapshot() ? "snapshot" : "csv";
    s["seekers"] = d.seekers;
    s["vacancies"] = d.vacancies;
    s["num_seekers"] = d.num_seekers;
    s["num_vacancies"] = d.num_vacancies;
    s["center_lat"] = optional(d.center_lat);
    s["center_lon"] = optional(d.center_lon);
    s["radius_km"] = optional(d.radius_km);
    shards.append(std::move(s));
  }
  py::dict out;
  out["skills"] = m->skills;
  out["shards"] = std::move(shards);
  return out;
}

// ExtentDict of one shard, read from its files (not the manifest's centre
// and radius, which are not checked against the rows).
py::dict ShardExtent(const Policy& policy, const std::string& directory, int64_t shard) {
  absl::StatusOr<Dataset::ShardPart> part;
  {
    py::gil_scoped_release release;
    part = LoadShardedDataPart(directory, policy, {{shard}, {shard}, {}}, {}, nullptr, 1);
  }
  ThrowIfError(part.status(), /*io=*/true);
  return ExtentDict(part->data->seekers(), part->data->vacancies());
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

// 0 = vacancies for seekers, 1 = seekers for vacancies (the Python side's code).
Direction DirectionOf(int direction) {
  return direction == 0 ? Direction::kVacanciesForSeekers : Direction::kSeekersForVacancies;
}

// The options of a top-k query from Python (rows checked against the view).
TopKOptions TopKOptionsFor(const EngineView& v, Direction dir, int k,
                           const std::optional<py::array>& rows, int threads, bool exhaustive) {
  TopKOptions opt;
  opt.k = k;
  opt.num_threads = threads;
  opt.exhaustive = exhaustive;
  if (rows) {
    opt.rows =
        CheckedRows(*rows, "rows",
                    dir == Direction::kVacanciesForSeekers ? v.num_seekers() : v.num_vacancies());
  }
  return opt;
}

py::tuple TopKArrays(const PyView& pv, int direction, int k, const std::optional<py::array>& rows,
                     int threads, py::object progress, bool exhaustive) {
  const EngineView& v = pv.view;
  const Direction dir = DirectionOf(direction);
  TopKOptions opt = TopKOptionsFor(v, dir, k, rows, threads, exhaustive);
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

// TopKArrays written straight to a CSV file in the CLI's format
// (WriteRecommendationsCsv; created 0600): no Python object per line.
// Returns (list entries written, seconds spent in the C++ top-k).
py::tuple WriteTopKCsv(const PyView& pv, const std::string& path, int direction, int k,
                       const std::optional<py::array>& rows, int threads, py::object progress,
                       bool exhaustive, bool explain) {
  const EngineView& v = pv.view;
  const Direction dir = DirectionOf(direction);
  TopKOptions opt = TopKOptionsFor(v, dir, k, rows, threads, exhaustive);
  PyProgress prog(std::move(progress));
  opt.progress = prog.Fn();
  absl::Status st;
  double seconds = 0.0;
  int64_t entries = 0;
  {
    py::gil_scoped_release release;
    st = [&]() -> absl::Status {
      const auto t0 = std::chrono::steady_clock::now();
      JOBMATCH_ASSIGN_OR_RETURN(const TopKResult r, v.TopK(dir, opt));
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      for (int64_t e : r.index) entries += e >= 0;
      return WriteRecommendationsCsv(path, r, v.Compacted().scorer, explain);
    }();
  }
  // The callback's exception or its cancellation first; then a write error
  // as an I/O error (FileError).
  prog.Finish(absl::IsCancelled(st) ? st : absl::OkStatus());
  ThrowIfError(st, /*io=*/true);
  return py::make_tuple(entries, seconds);
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

py::object EmbeddingView(const RowMatrixXf& m, py::handle owner) {
  if (m.cols() == 0) return py::none();
  return ReadOnlyView<float>(m.data(), {m.rows(), m.cols()}, owner);
}

// Module-level helpers: the crash-safe file writer, the quota parser, the
// schema and the names an explanation uses.
void BindModuleHelpers(py::module_& m) {
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
  // A sharded directory's shards as snapshots (snapshot.h).
  m.def(
      "_save_snapshot_shards",
      [](const std::string& source, const std::string& target, const Policy& policy,
         int num_threads, py::object progress) {
        PyProgress prog(std::move(progress));
        absl::Status st;
        {
          py::gil_scoped_release release;
          st = SaveSnapshotShards(source, target, policy, prog.Fn(), num_threads);
        }
        prog.Finish(absl::OkStatus());  // re-raises the callback's exception, if any
        ThrowIfError(st, /*io=*/true);
      },
      py::arg("source"), py::arg("target"), py::arg("policy"), py::arg("num_threads"),
      py::arg("progress") = py::none(),
      "Writes target as source with every shard as a snapshot (SaveSnapshotShards).");
  // Merged lists (jobmatch.distributed) in the CLI's recommendations format.
  m.def(
      "_write_lists_csv",
      [](const std::string& path, int direction, const std::vector<std::string>& answer_ids,
         const py::array_t<int64_t, py::array::c_style | py::array::forcecast>& rank,
         const std::vector<std::string>& entry_ids,
         const py::array_t<float, py::array::c_style | py::array::forcecast>& score) {
        if (rank.ndim() != 1 || score.ndim() != 1) {
          ThrowIfError(absl::InvalidArgumentError("_write_lists_csv: rank and score must be 1-D"));
        }
        absl::Status st;
        {
          py::gil_scoped_release release;
          st = WriteListsCsv(path, DirectionOf(direction), answer_ids,
                             absl::MakeConstSpan(rank.data(), static_cast<size_t>(rank.size())),
                             entry_ids,
                             absl::MakeConstSpan(score.data(), static_cast<size_t>(score.size())));
        }
        ThrowIfError(st, /*io=*/true);
      },
      py::arg("path"), py::arg("direction"), py::arg("answer_ids"), py::arg("rank"),
      py::arg("entry_ids"), py::arg("score"),
      "Writes lists given as columns as `jobmatch recommend --out` would (0600).");
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
}

void BindEngineClass(py::module_& m) {
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
      .def_static("from_shard_part", &FromShardPart, py::arg("policy"), py::arg("directory"),
                  py::arg("seekers"), py::arg("vacancies"), py::arg("remote_vacancies"),
                  "Part of a sharded directory (jobmatch.distributed's tasks): (engine, "
                  "seeker_rows, vacancy_rows), rows of the whole directory (int64).")
      .def_static("shard_extent", &ShardExtent, py::arg("policy"), py::arg("directory"),
                  py::arg("shard"),
                  "One shard's coordinates, commute limits and remote flags (dict of arrays).")
      .def_static("shard_manifest", &ShardManifestDict, py::arg("directory"),
                  "A sharded directory's manifest.json, read and checked by the native reader "
                  "(dict: skills, shards).")
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
}

// _View's queries: top-k, rows of ids, explanations and scores.
void BindViewQueries(PyViewClass& view) {
  view.def("write_topk_csv", &WriteTopKCsv, py::arg("path"), py::arg("direction"), py::arg("k"),
           py::arg("rows") = py::none(), py::arg("threads") = 0, py::arg("progress") = py::none(),
           py::arg("exhaustive") = false, py::arg("explain") = false,
           "Exact top-k written to a CSV file as `jobmatch recommend --out` writes it (0600): "
           "(entries written, seconds spent in the C++ top-k).");
  view.def("topk", &TopKArrays, py::arg("direction"), py::arg("k"), py::arg("rows") = py::none(),
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
           "Scores of many pairs (float32; -inf = ineligible).");
}

// _View's exports: CSV files and a new engine under another policy.
void BindViewExports(PyViewClass& view) {
  view.def(
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
          "A new engine on this version's data under another policy (the tables are shared).");
}

// _View's read-only properties: sizes, names and zero-copy views of columns.
void BindViewProperties(PyViewClass& view) {
  view.def_property_readonly("sequence", [](const PyView& v) { return v.view.sequence(); })
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
      .def(
          "extent",
          [](const PyView& v) {
            const CompactedTables t = v.view.Compacted();
            return ExtentDict(t.seekers, t.vacancies);
          },
          "Every row's coordinates, commute limit and remote flag (dict of arrays, copies; "
          "as _Engine.shard_extent).")
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

}  // namespace

void BindEngine(py::module_& m) {
  BindModuleHelpers(m);
  BindEngineClass(m);
  BindAllocationPlanClass(m);
  PyViewClass view(m, "_View", "One version of a live engine. Use jobmatch.EngineView.");
  BindViewQueries(view);
  BindViewAllocation(view);
  BindViewAnalytics(view);
  BindViewExports(view);
  BindViewProperties(view);
}

}  // namespace jobmatch::python
