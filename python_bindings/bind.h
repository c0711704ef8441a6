// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: one Bind* function per bind_<concept>.cc, called by module.cc.
#ifndef JOBMATCH_PYTHON_BINDINGS_BIND_H_
#define JOBMATCH_PYTHON_BINDINGS_BIND_H_

#include <pybind11/pybind11.h>

#include "jobmatch/matching/assignment.h"

namespace jobmatch::python {

void BindPolicy(pybind11::module_& m);
void BindEngine(pybind11::module_& m);
void BindGenerator(pybind11::module_& m);
void BindDenseTopK(pybind11::module_& m);
void BindAssignment(pybind11::module_& m);

// Split solves (assignment.h) to and from plain dicts of numpy arrays, the
// form in which jobmatch.distributed ships them to workers. PartToDict's
// arrays are read-only views of `p`, whose storage `owner` keeps alive.
// TakePartDict gives the same dict but moves out of `p` every array that
// FinishAssignment does not read (they are then owned by their numpy
// arrays; `p` keeps its rows and edge ids, which it lends as PartToDict).
pybind11::dict ScheduleToDict(const AssignmentSchedule& s);
AssignmentSchedule ScheduleFromDict(const pybind11::dict& d);
pybind11::dict PartToDict(const AssignmentPart& p, pybind11::handle owner);
pybind11::dict TakePartDict(AssignmentPart& p, pybind11::handle owner);
AssignmentPart PartFromDict(const pybind11::dict& d);

}  // namespace jobmatch::python

#endif  // JOBMATCH_PYTHON_BINDINGS_BIND_H_
