// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Tables between Python and the library: a DataFrame's cells as the package
// prepared them (python_bindings/jobmatch/_engine.py, _cells) read into
// io/columns.h's ColumnCells without copying buffers, and tables written
// out as CSV files. Glue only.
#include <cmath>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine_glue.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/io/csv.h"

namespace jobmatch::python {
namespace {

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

}  // namespace

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

}  // namespace jobmatch::python
