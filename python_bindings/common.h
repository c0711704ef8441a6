// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private glue shared by the bind_*.cc files of the Python module
// jobmatch._jobmatch: absl::Status -> Python exception, progress callbacks
// that re-acquire the GIL and watch for Ctrl-C, and numpy <-> C++ buffers
// without hidden copies.
#ifndef JOBMATCH_PYTHON_BINDINGS_COMMON_H_
#define JOBMATCH_PYTHON_BINDINGS_COMMON_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "jobmatch/base/progress.h"

namespace jobmatch::python {

namespace py = pybind11;

// Thrown by the glue for a non-OK status; translated (module.cc) into the
// jobmatch.JobmatchError hierarchy by jobmatch._errors._from_status. `io`
// marks statuses of file operations (NotFound there means a missing file,
// not an unknown id).
class StatusError : public std::exception {
 public:
  StatusError(absl::Status status, bool io) : status_(std::move(status)), io_(io) {}
  const char* what() const noexcept override { return "jobmatch status error"; }
  const absl::Status& status() const { return status_; }
  bool io() const { return io_; }

 private:
  absl::Status status_;
  bool io_;
};

inline void ThrowIfError(const absl::Status& s, bool io = false) {
  if (!s.ok()) throw StatusError(s, io);
}

// Installs the exception translator. Called once from PYBIND11_MODULE.
void RegisterStatusTranslator();

// Adapts an optional Python callable `progress(done, total)` to a ProgressFn
// that may be called while the GIL is released. Each call re-acquires the
// GIL, runs pending signal handlers (so Ctrl-C raises KeyboardInterrupt),
// then calls the callable; returning False cancels. A Python exception from
// either is stored and the C++ call is cancelled; Finish() re-raises it.
// Must be created and destroyed with the GIL held (declare it before the
// py::gil_scoped_release block).
class PyProgress {
 public:
  explicit PyProgress(py::object callback) : callback_(std::move(callback)) {}
  PyProgress(const PyProgress&) = delete;
  PyProgress& operator=(const PyProgress&) = delete;

  ProgressFn Fn() {
    return [this](int64_t done, int64_t total) { return Call(done, total); };
  }
  // With the GIL held, after the C++ call: re-raises a stored Python
  // exception (KeyboardInterrupt, or whatever the callback raised), else
  // throws StatusError for a non-OK status (Cancelled when the callback
  // returned False).
  void Finish(const absl::Status& status);

 private:
  bool Call(int64_t done, int64_t total);
  py::object callback_;
  std::unique_ptr<py::error_already_set> error_;
};

// Checked views of numpy input. Wrong dtype, dimension or layout raises
// TypeError / ValueError naming `what`; nothing is converted or copied.
struct MatrixView {
  const float* data = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t stride = 0;  // elements between rows
};
MatrixView RequireFloatMatrix(const py::array& a, const char* what);

// Whether `got` is T's dtype. By value, not identity: an array unpickled in
// another process (Dask) may carry an equal dtype object of another type
// code ('q' for 'l').
template <typename T>
bool IsDtypeOf(const py::dtype& got) {
  const py::dtype want = py::dtype::of<T>();
  const bool native_order =
      got.byteorder() == '=' || got.byteorder() == '|' || got.byteorder() == want.byteorder();
  return got.kind() == want.kind() && got.itemsize() == want.itemsize() && native_order;
}

// A 1-D contiguous array of exactly dtype T.
template <typename T>
const T* RequireVector(const py::array& a, const char* what, int64_t* n) {
  if (!IsDtypeOf<T>(a.dtype())) {
    throw py::type_error(std::string(what) + ": expected dtype " +
                         std::string(py::str(py::dtype::of<T>())) + ", got " +
                         std::string(py::str(a.dtype())) + " (convert explicitly with .astype())");
  }
  if (a.ndim() != 1) {
    throw py::value_error(std::string(what) + ": expected a 1-D array, got " +
                          std::to_string(a.ndim()) + "-D");
  }
  if (a.shape(0) > 1 && a.strides(0) != static_cast<py::ssize_t>(sizeof(T))) {
    throw py::value_error(std::string(what) + ": expected a contiguous array");
  }
  *n = a.shape(0);
  return static_cast<const T*>(a.data());
}

// A numpy array owning `v` (moved, not copied); shape must multiply to
// v.size(). The array's base is a capsule that frees the vector.
template <typename T>
py::array_t<T> ToNumpy(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
  auto* holder = new std::vector<T>(std::move(v));
  py::capsule owner(holder, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(std::move(shape), holder->data(), owner);
}

// A read-only numpy view of memory owned by `owner` (kept alive as the
// array's base).
template <typename T>
py::array_t<T> ReadOnlyView(const T* data, std::vector<py::ssize_t> shape, py::handle owner) {
  py::array_t<T> a(std::move(shape), data, owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

}  // namespace jobmatch::python

#endif  // JOBMATCH_PYTHON_BINDINGS_COMMON_H_
