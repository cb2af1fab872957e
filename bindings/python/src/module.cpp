// payplan._core: the C++ engine for the payplan Python package, registered
// area by area (errors, plan and org, orders, results, the partitioned
// evaluation's phases, statement pages).
#include "payplan_python.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "payplan's C++ engine; use the payplan package, not this module";
  payplan::python::register_errors(m);
  payplan::python::register_model(m);
  payplan::python::register_orders(m);
  payplan::python::register_result(m);
  payplan::python::register_partitioned(m);
  payplan::python::register_statements(m);
}
