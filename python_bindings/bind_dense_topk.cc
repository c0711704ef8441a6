// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch.topk / jobmatch.topk_inner_product: numpy views in, numpy arrays
// out, the GIL released while the C++ runs (include/jobmatch/dense_topk.h).
#include <cstdint>
#include <utility>
#include <vector>

#include "bind.h"
#include "common.h"
#include "jobmatch/search/dense_topk.h"

namespace jobmatch::python {
namespace {

using ConstMap = Eigen::Map<const RowMatrixXf, 0, Eigen::OuterStride<>>;

ConstMap AsEigen(const MatrixView& v) {
  return ConstMap(v.data, v.rows, v.cols, Eigen::OuterStride<>(v.stride));
}

py::tuple Run(bool inner, const py::array& a, const py::array* b, int k, int threads,
              py::object progress) {
  const MatrixView av = RequireFloatMatrix(a, inner ? "queries" : "scores");
  MatrixView bv;
  if (inner) bv = RequireFloatMatrix(*b, "items");
  if (k < 1) throw py::value_error("k must be >= 1");
  const py::ssize_t rows = av.rows;
  // Results are written straight into the numpy arrays returned.
  py::array_t<int64_t> index({rows, static_cast<py::ssize_t>(k)});
  py::array_t<float> score({rows, static_cast<py::ssize_t>(k)});
  int64_t* ip = index.mutable_data();
  float* sp = score.mutable_data();
  DenseTopKOptions o;
  o.k = k;
  o.num_threads = threads;
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::Status st;
  {
    py::gil_scoped_release release;
    const ConstMap am = AsEigen(av);
    if (inner) {
      const ConstMap bm = AsEigen(bv);
      st = TopKInnerProductInto(am, bm, o, ip, sp);
    } else {
      st = TopKRowsInto(am, o, ip, sp);
    }
  }
  prog.Finish(st);
  return py::make_tuple(index, score);
}

}  // namespace

void BindDenseTopK(py::module_& m) {
  m.def(
      "topk_rows",
      [](const py::array& scores, int k, int threads, py::object progress) {
        return Run(false, scores, nullptr, k, threads, std::move(progress));
      },
      py::arg("scores"), py::arg("k"), py::arg("threads") = 0, py::arg("progress") = py::none(),
      "k largest entries per row of a float32 matrix: (index int64 [rows, k], score float32 [rows, "
      "k]).");
  m.def(
      "topk_inner_product",
      [](const py::array& queries, const py::array& items, int k, int threads,
         py::object progress) {
        return Run(true, queries, &items, k, threads, std::move(progress));
      },
      py::arg("queries"), py::arg("items"), py::arg("k"), py::arg("threads") = 0,
      py::arg("progress") = py::none(),
      "k items of largest inner product per query: (index int64 [nq, k], score float32 [nq, k]).");
}

}  // namespace jobmatch::python
