// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "common.h"

#include <string>

#include "jobmatch/io/columns.h"

namespace jobmatch::python {

void RegisterStatusTranslator() {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      // The hierarchy lives in Python (jobmatch/_errors.py) so that it can
      // subclass ValueError, KeyError, OSError … and parse the message's
      // source:line: column '…' shape once.
      py::object make = py::module_::import("jobmatch._errors").attr("_from_status");
      py::object exc =
          make(static_cast<int>(e.status().code()), std::string(e.status().message()), e.io());
      // The DataFrame row of an error about DataFrame cells (io/columns.h).
      if (auto row =
              e.status().GetPayload(absl::string_view(kRowPayload.data(), kRowPayload.size()))) {
        exc.attr("row") = py::int_(std::stoll(std::string(*row)));
      }
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
    }
  });
}

bool PyProgress::Call(int64_t done, int64_t total) {
  py::gil_scoped_acquire gil;
  if (error_) return false;
  if (PyErr_CheckSignals() != 0) {  // a handler raised (Ctrl-C: KeyboardInterrupt)
    error_ = std::make_unique<py::error_already_set>();
    return false;
  }
  if (callback_.is_none()) return true;
  try {
    py::object r = callback_(done, total);
    // Only an explicit False cancels: tqdm's update() returns None or a bool.
    if (r.ptr() == Py_False) return false;
  } catch (py::error_already_set& e) {
    error_ = std::make_unique<py::error_already_set>(std::move(e));
    return false;
  }
  return true;
}

void PyProgress::Finish(const absl::Status& status) {
  if (error_) {
    // Keep the original exception (type, value, traceback).
    std::unique_ptr<py::error_already_set> e = std::move(error_);
    e->restore();
    throw py::error_already_set();
  }
  ThrowIfError(status);
}

MatrixView RequireFloatMatrix(const py::array& a, const char* what) {
  if (!a.dtype().is(py::dtype::of<float>())) {
    throw py::type_error(std::string(what) + ": expected dtype float32, got " +
                         std::string(py::str(a.dtype())) +
                         " (convert explicitly, e.g. x.astype(np.float32); jobmatch never "
                         "converts silently)");
  }
  if (a.ndim() != 2) {
    throw py::value_error(std::string(what) + ": expected a 2-D array, got " +
                          std::to_string(a.ndim()) + "-D");
  }
  MatrixView v;
  v.data = static_cast<const float*>(a.data());
  v.rows = a.shape(0);
  v.cols = a.shape(1);
  if (v.rows == 0 || v.cols == 0) {  // nothing to read: numpy's strides are arbitrary
    v.stride = v.cols;
    return v;
  }
  const py::ssize_t s0 = a.strides(0), s1 = a.strides(1);
  const bool inner_ok = v.cols <= 1 || s1 == static_cast<py::ssize_t>(sizeof(float));
  const bool outer_ok =
      v.rows <= 1 || (s0 > 0 && s0 % static_cast<py::ssize_t>(sizeof(float)) == 0 &&
                      s0 / static_cast<py::ssize_t>(sizeof(float)) >= v.cols);
  if (!inner_ok || !outer_ok) {
    throw py::value_error(
        std::string(what) +
        ": rows must be contiguous float32 (row-major, like np.ascontiguousarray); "
        "got strides (" +
        std::to_string(s0) + ", " + std::to_string(s1) + ")");
  }
  v.stride = v.rows <= 1 ? v.cols : s0 / static_cast<py::ssize_t>(sizeof(float));
  return v;
}

}  // namespace jobmatch::python
