// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The synthetic city (synth/generator.h) for Python: jobmatch's
// generate_city writes its CSV files and returns its embeddings. Glue only.
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bind.h"
#include "common.h"
#include "engine_glue.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/synth/generator.h"

namespace jobmatch::python {

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
