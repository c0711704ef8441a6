// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch.Engine's compiled half: the tables, vocabulary and scorer of one
// data set, loaded from CSV text (what the pandas layer produces) or CSV
// files, and the batch calls on it. Glue only: every algorithm is the C++
// library's. Heavy calls release the GIL.
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
#include "jobmatch/base/file_io.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/policy/quota_spec.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch::python {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Everything a Scorer points at. Held by pointer (pybind11 unique_ptr
// holder) so the Scorer's pointers stay valid; immutable once built, so its
// const methods may run from several Python threads at once.
struct Engine {
  Policy policy;
  Vocabulary vocab;
  SeekerTable seekers;
  VacancyTable vacancies;
  std::unique_ptr<Scorer> scorer;
};

// Copies the rows of an optional (n, d) float32 matrix into the entities'
// embedding vectors (the tables store them normalised, so a copy happens
// anyway).
template <typename Entity>
absl::Status AttachEmbeddings(const std::optional<MatrixView>& m, const char* what,
                              std::vector<Entity>& rows) {
  if (!m) return absl::OkStatus();
  if (m->rows != static_cast<int64_t>(rows.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", m->rows, " rows for ", rows.size(), " table rows"));
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].embedding.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": given both as a matrix and in the 'embedding' column"));
    }
    const float* r = m->data + static_cast<int64_t>(i) * m->stride;
    rows[i].embedding.assign(r, r + m->cols);
  }
  return absl::OkStatus();
}

absl::Status Finish(Engine& e) {
  auto scorer = Scorer::Create(e.policy, e.vocab, e.seekers, e.vacancies);
  if (!scorer.ok()) return scorer.status();
  e.scorer = std::make_unique<Scorer>(*std::move(scorer));
  return absl::OkStatus();
}

std::unique_ptr<Engine> FromTexts(const Policy& policy, const std::string& skills,
                                  const std::string& skills_source, const std::string& seekers,
                                  const std::string& seekers_source, const std::string& vacancies,
                                  const std::string& vacancies_source,
                                  const std::optional<py::array>& seeker_emb,
                                  const std::optional<py::array>& vacancy_emb) {
  std::optional<MatrixView> se, ve;
  if (seeker_emb) se = RequireFloatMatrix(*seeker_emb, "seeker_embeddings");
  if (vacancy_emb) ve = RequireFloatMatrix(*vacancy_emb, "vacancy_embeddings");
  auto e = std::make_unique<Engine>();
  e->policy = policy;
  absl::Status st;
  {
    py::gil_scoped_release release;
    st = [&]() -> absl::Status {
      if (auto s = AddPolicyGroups(e->policy, e->vocab); !s.ok()) return s;
      if (auto s = ParseSkillsCsv(skills, skills_source, e->vocab); !s.ok()) return s;
      auto srows = ParseSeekersCsv(seekers, seekers_source, e->vocab);
      if (!srows.ok()) return srows.status();
      if (auto s = AttachEmbeddings(se, "seeker_embeddings", *srows); !s.ok()) return s;
      if (auto s = e->seekers.Append(*srows, e->vocab); !s.ok()) return s;
      auto vrows = ParseVacanciesCsv(vacancies, vacancies_source, e->vocab);
      if (!vrows.ok()) return vrows.status();
      if (auto s = AttachEmbeddings(ve, "vacancy_embeddings", *vrows); !s.ok()) return s;
      if (auto s = e->vacancies.Append(*vrows, e->vocab); !s.ok()) return s;
      return Finish(*e);
    }();
  }
  ThrowIfError(st);
  return e;
}

std::unique_ptr<Engine> FromFiles(const Policy& policy, const std::string& skills,
                                  const std::string& seekers, const std::string& vacancies) {
  auto e = std::make_unique<Engine>();
  e->policy = policy;
  absl::Status st;
  {
    py::gil_scoped_release release;
    st = [&]() -> absl::Status {
      if (auto s = AddPolicyGroups(e->policy, e->vocab); !s.ok()) return s;
      if (auto s = ReadSkillsCsv(skills, e->vocab); !s.ok()) return s;
      if (auto s = LoadSeekersCsv(seekers, e->vocab, e->seekers); !s.ok()) return s;
      if (auto s = LoadVacanciesCsv(vacancies, e->vocab, e->vacancies); !s.ok()) return s;
      return Finish(*e);
    }();
  }
  ThrowIfError(st, /*io=*/true);
  return e;
}

std::vector<int64_t> RowsOf(const Engine& e, const std::vector<std::string>& ids, bool seekers) {
  std::vector<int64_t> rows;
  rows.reserve(ids.size());
  for (const std::string& id : ids) {
    std::optional<int64_t> r = seekers ? e.seekers.Find(id) : e.vacancies.Find(id);
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

py::tuple TopKArrays(Engine& e, int direction, int k, const std::optional<py::array>& rows,
                     int threads, py::object progress) {
  TopKOptions opt;
  opt.k = k;
  opt.num_threads = threads;
  const Direction dir =
      direction == 0 ? Direction::kVacanciesForSeekers : Direction::kSeekersForVacancies;
  if (rows) {
    opt.rows =
        CheckedRows(*rows, "rows",
                    dir == Direction::kVacanciesForSeekers ? e.seekers.size() : e.vacancies.size());
  }
  PyProgress prog(std::move(progress));
  opt.progress = prog.Fn();
  absl::StatusOr<TopKResult> r;
  double seconds = 0.0;
  {
    py::gil_scoped_release release;
    const auto t0 = std::chrono::steady_clock::now();
    r = TopK(*e.scorer, dir, opt);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  prog.Finish(r.status());
  const py::ssize_t n = r->rows, kk = r->k;
  return py::make_tuple(ToNumpy(std::move(r->index), {n, kk}),
                        ToNumpy(std::move(r->score), {n, kk}), ToNumpy(std::move(r->row_ids), {n}),
                        seconds);
}

py::dict ExplainOne(const Engine& e, int64_t s, int64_t v) {
  if (s < 0 || s >= e.seekers.size() || v < 0 || v >= e.vacancies.size()) {
    ThrowIfError(absl::OutOfRangeError("seeker or vacancy row out of range"));
  }
  const Explanation x = e.scorer->Explain(s, v);
  py::list components;
  for (int c = 0; c < kNumComponents; ++c) {
    components.append(py::make_tuple(std::string(ComponentName(static_cast<Component>(c))),
                                     x.used[c] ? x.value[c] : kNaN, x.weight[c], x.used[c]));
  }
  py::list ineligible, rules;
  for (IneligibleReason r : x.ineligible) ineligible.append(std::string(IneligibleReasonName(r)));
  for (const FiredRule& r : x.rules) rules.append(py::make_tuple(r.name, r.weight));
  py::dict d;
  d["seeker_id"] = e.seekers.ids()[s];
  d["vacancy_id"] = e.vacancies.ids()[v];
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
  d["text"] = x.ToString(e.seekers, e.vacancies);
  return d;
}

// Explanation columns of many pairs (the CLI's --explain columns).
py::dict ExplainPairs(const Engine& e, const py::array& s_rows, const py::array& v_rows) {
  const std::vector<int64_t> s = CheckedRows(s_rows, "seeker_rows", e.seekers.size());
  const std::vector<int64_t> v = CheckedRows(v_rows, "vacancy_rows", e.vacancies.size());
  if (s.size() != v.size()) throw py::value_error("seeker_rows and vacancy_rows differ in length");
  const size_t n = s.size();
  std::vector<float> values(n * kNumComponents), base(n), boost(n), dist(n), score(n);
  std::vector<std::string> rules(n);
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < n; ++i) {
      const Explanation x = e.scorer->Explain(s[i], v[i]);
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

py::array_t<float> ScorePairs(const Engine& e, const py::array& s_rows, const py::array& v_rows) {
  const std::vector<int64_t> s = CheckedRows(s_rows, "seeker_rows", e.seekers.size());
  const std::vector<int64_t> v = CheckedRows(v_rows, "vacancy_rows", e.vacancies.size());
  if (s.size() != v.size()) throw py::value_error("seeker_rows and vacancy_rows differ in length");
  std::vector<float> out(s.size());
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < s.size(); ++i) out[i] = e.scorer->Score(s[i], v[i]);
  }
  return ToNumpy(std::move(out), {static_cast<py::ssize_t>(s.size())});
}

// quotas: (name, [groups], [kinds], share) tuples.
using QuotaTuple =
    std::tuple<std::string, std::vector<std::string>, std::vector<std::string>, float>;

py::dict AllocateArrays(const Engine& e, const std::string& method, const std::string& objective,
                        const std::string& proposer, int candidates, float min_score,
                        bool households, const std::string& household_group,
                        const std::vector<QuotaTuple>& quotas, int threads, py::object progress) {
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
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<AllocationResult> r;
  {
    py::gil_scoped_release release;
    r = Allocate(*e.scorer, o);
  }
  prog.Finish(r.status());
  const py::ssize_t ns = e.seekers.size(), nv = e.vacancies.size();
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

void WriteCsv(const Engine& e, const std::string& dir) {
  namespace fs = std::filesystem;
  absl::Status st;
  {
    py::gil_scoped_release release;
    st = [&]() -> absl::Status {
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) return absl::InternalError(absl::StrCat(dir, ": ", ec.message()));
      const fs::path d(dir);
      if (auto s = WriteSkillsCsv((d / "skills.csv").string(), e.vocab); !s.ok()) return s;
      if (auto s = WriteSeekersCsv((d / "seekers.csv").string(), e.seekers, e.vocab); !s.ok())
        return s;
      return WriteVacanciesCsv((d / "vacancies.csv").string(), e.vacancies, e.vocab);
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
  py::class_<Engine>(m, "_Engine",
                     "Tables, vocabulary and scorer of one data set. Use jobmatch.Engine.")
      .def_static("from_texts", &FromTexts, py::arg("policy"), py::arg("skills"),
                  py::arg("skills_source"), py::arg("seekers"), py::arg("seekers_source"),
                  py::arg("vacancies"), py::arg("vacancies_source"),
                  py::arg("seeker_embeddings") = py::none(),
                  py::arg("vacancy_embeddings") = py::none(),
                  "Builds an engine from CSV text (docs/data_formats.md); all-or-nothing.")
      .def_static("from_files", &FromFiles, py::arg("policy"), py::arg("skills"),
                  py::arg("seekers"), py::arg("vacancies"),
                  "Builds an engine from CSV files, like the CLI's --data.")
      .def("topk", &TopKArrays, py::arg("direction"), py::arg("k"), py::arg("rows") = py::none(),
           py::arg("threads") = 0, py::arg("progress") = py::none(),
           "Exact top-k: (index[rows, k] int64, score[rows, k] float32, row_ids[rows] int64, "
           "seconds spent in jobmatch::TopK), arrays owned by numpy (no copy). direction 0 = "
           "vacancies for seekers, 1 = seekers "
           "for vacancies.")
      .def(
          "rows_of",
          [](const Engine& e, const std::vector<std::string>& ids, bool seekers) {
            return ToNumpy(RowsOf(e, ids, seekers), {static_cast<py::ssize_t>(ids.size())});
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
      .def("write_csv", &WriteCsv, py::arg("directory"),
           "Writes skills.csv, seekers.csv and vacancies.csv into `directory`.")
      .def_property_readonly("policy", [](const Engine& e) { return e.policy; })
      .def_property_readonly("num_seekers", [](const Engine& e) { return e.seekers.size(); })
      .def_property_readonly("num_vacancies", [](const Engine& e) { return e.vacancies.size(); })
      .def_property_readonly("seeker_ids", [](const Engine& e) { return e.seekers.ids(); })
      .def_property_readonly("vacancy_ids", [](const Engine& e) { return e.vacancies.ids(); })
      .def_property_readonly("skill_names",
                             [](const Engine& e) { return e.vocab.skills().names(); })
      .def_property_readonly("industry_names",
                             [](const Engine& e) { return e.vocab.industries().names(); })
      .def_property_readonly("group_names",
                             [](const Engine& e) { return e.vocab.groups().names(); })
      .def_property_readonly("uses_embeddings",
                             [](const Engine& e) { return e.scorer->uses_embeddings(); })
      .def_property_readonly(
          "seeker_groups",
          [](py::object self) {
            const Engine& e = self.cast<const Engine&>();
            return ReadOnlyView<uint64_t>(e.seekers.groups().data(), {e.seekers.size()}, self);
          },
          "Key-group bit set per seeker (bit g = group_names[g]); read-only view, no copy.")
      .def_property_readonly(
          "openings",
          [](py::object self) {
            const Engine& e = self.cast<const Engine&>();
            return ReadOnlyView<int32_t>(e.vacancies.openings().data(), {e.vacancies.size()}, self);
          },
          "Openings per vacancy; read-only view, no copy.")
      .def_property_readonly(
          "seeker_embeddings",
          [](py::object self) {
            return EmbeddingView(self.cast<const Engine&>().seekers.embeddings(), self);
          },
          "Stored (L2-normalised) seeker embeddings, read-only view, no copy; None without.")
      .def_property_readonly(
          "vacancy_embeddings",
          [](py::object self) {
            return EmbeddingView(self.cast<const Engine&>().vacancies.embeddings(), self);
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
        Engine e;  // tables only, to reuse the CSV writers
        absl::Status st;
        {
          py::gil_scoped_release release;
          st = [&]() -> absl::Status {
            auto city = GenerateCity(cfg);
            if (!city.ok()) return city.status();
            e.vocab = city->vocab;
            if (auto s = e.seekers.Append(city->seekers, e.vocab); !s.ok()) return s;
            if (auto s = e.vacancies.Append(city->vacancies, e.vocab); !s.ok()) return s;
            return absl::OkStatus();
          }();
        }
        ThrowIfError(st);
        WriteCsv(e, out_dir);
        auto take = [](const RowMatrixXf& mtx) -> py::object {
          if (mtx.cols() == 0) return py::none();
          std::vector<float> v(mtx.data(), mtx.data() + mtx.size());
          return ToNumpy(std::move(v), {mtx.rows(), mtx.cols()});
        };
        return py::make_tuple(take(e.seekers.embeddings()), take(e.vacancies.embeddings()));
      },
      py::arg("seed"), py::arg("seekers"), py::arg("vacancies"), py::arg("embedding_dim"),
      py::arg("center_lat"), py::arg("center_lon"), py::arg("radius_km"), py::arg("out_dir"),
      "Generates a city (jobmatch::GenerateCity), writes its CSV files into out_dir and returns "
      "(seeker_embeddings, vacancy_embeddings) (None without embeddings).");
}

}  // namespace jobmatch::python
