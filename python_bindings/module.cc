// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The compiled module jobmatch._jobmatch. Private: the public API is the
// pure-Python package jobmatch (python_bindings/jobmatch/, docs/python.md),
// which wraps these functions and adds pandas conveniences.
#include <string>

#include "bind.h"
#include "common.h"
#include "jobmatch/scoring/scorer.h"

PYBIND11_MODULE(_jobmatch, m) {
  m.doc() = "Compiled core of the jobmatch package (private; use `import jobmatch`).";
  jobmatch::python::RegisterStatusTranslator();
  jobmatch::python::BindPolicy(m);
  jobmatch::python::BindEngine(m);
  jobmatch::python::BindGenerator(m);
  jobmatch::python::BindDenseTopK(m);
  jobmatch::python::BindAssignment(m);
  m.attr("kernel") = std::string(jobmatch::ScoringKernelName());
}
