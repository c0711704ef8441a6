// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch.Policy's compiled half: parse, validate and serialise policy JSON
// with the C++ parser, so errors carry the same JSON path detail.
#include <string>

#include "bind.h"
#include "common.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch::python {

void BindPolicy(py::module_& m) {
  py::class_<Policy>(m, "_Policy",
                     "A validated policy (C++ jobmatch::Policy). Use jobmatch.Policy.")
      .def_static("default", &Policy::Default, "The built-in policy.")
      .def_static(
          "from_json",
          [](const std::string& text, const std::string& source) {
            auto p = Policy::FromJson(text, source);
            ThrowIfError(p.status());
            return *std::move(p);
          },
          py::arg("text"), py::arg("source") = "<policy>",
          "Parses and validates policy JSON; `source` names it in errors.")
      .def_static(
          "from_file",
          [](const std::string& path) {
            auto p = Policy::FromFile(path);
            ThrowIfError(p.status(), /*io=*/true);
            return *std::move(p);
          },
          py::arg("path"), "Reads and validates a policy file.")
      .def("to_json", &Policy::ToJson, "Serialises to the policy file format.")
      .def_property_readonly("name", [](const Policy& p) { return p.name; })
      .def(
          "__eq__", [](const Policy& a, const Policy& b) { return a == b; }, py::arg("other"));
}

}  // namespace jobmatch::python
