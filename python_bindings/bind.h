// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: one Bind* function per bind_<concept>.cc, called by module.cc.
#ifndef JOBMATCH_PYTHON_BINDINGS_BIND_H_
#define JOBMATCH_PYTHON_BINDINGS_BIND_H_

#include <pybind11/pybind11.h>

namespace jobmatch::python {

void BindPolicy(pybind11::module_& m);
void BindEngine(pybind11::module_& m);
void BindGenerator(pybind11::module_& m);
void BindDenseTopK(pybind11::module_& m);
void BindAssignment(pybind11::module_& m);

}  // namespace jobmatch::python

#endif  // JOBMATCH_PYTHON_BINDINGS_BIND_H_
