// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private glue shared by the bind_*.cc files of jobmatch._Engine, _View and
// _AllocationPlan: the wrapped engine and view, the DataFrame cells
// (bind_frames.cc), and the functions that add each concept's methods to
// the _View class (bind_engine.cc defines the classes and calls them in
// order, so the classes' attributes keep their order).
#ifndef JOBMATCH_PYTHON_BINDINGS_ENGINE_GLUE_H_
#define JOBMATCH_PYTHON_BINDINGS_ENGINE_GLUE_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/types/span.h"
#include "common.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/io/columns.h"

namespace jobmatch::python {

// The live engine. Its methods may run from several Python threads at once
// (jobmatch::Engine is thread-safe); queries go through _View.
struct PyEngine {
  std::unique_ptr<Engine> engine;
};

// One version of an engine: every query on it sees the same data.
struct PyView {
  EngineView view;
};

using PyViewClass = pybind11::class_<PyView>;

// --- bind_frames.cc: tables in (DataFrame cells) and out (CSV files) ------

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
  std::vector<pybind11::object> keep;
};

// Converts the package's cells (see Cells) for a table whose schema
// columns are `infos`. With the GIL held; TypeError / ValueError on a
// malformed cell.
Cells ReadCells(const pybind11::list& cells, absl::Span<const ColumnInfo> infos, const char* table);

// Writes skills.csv, seekers.csv and vacancies.csv into `dir` (created if
// needed), with the GIL released; an I/O StatusError on failure.
void WriteCsv(const Vocabulary& vocab, const SeekerTable& seekers, const VacancyTable& vacancies,
              const std::string& dir);

// --- bind_allocation.cc ----------------------------------------------------

// quotas: (name, [groups], [kinds], share) tuples.
using QuotaTuple =
    std::tuple<std::string, std::vector<std::string>, std::vector<std::string>, float>;

// The _AllocationPlan class (jobmatch.distributed.allocate).
void BindAllocationPlanClass(pybind11::module_& m);
// _View.allocate and _View.allocation_plan.
void BindViewAllocation(PyViewClass& view);

// --- bind_analytics.cc -----------------------------------------------------

// _View.mismatch, outreach, training_advice, training_courses and audit.
void BindViewAnalytics(PyViewClass& view);

}  // namespace jobmatch::python

#endif  // JOBMATCH_PYTHON_BINDINGS_ENGINE_GLUE_H_
