// payplan._core: shared declarations of the module's registration areas.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "payplan/engine/compare.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/engine/pay_history.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"

namespace py = pybind11;

namespace payplan::python {

/// A run's result; it owns its order facts (Result::orders), so the
/// ledger may go first.
struct Evaluation {
  Result result;
  std::shared_ptr<const PaidRun> paid;  ///< spec 6: the earlier run settled against, whose closed rows are written
};

void register_errors(py::module_& m);
void register_model(py::module_& m);
void register_orders(py::module_& m);
void register_result(py::module_& m);
void register_partitioned(py::module_& m);
void register_statements(py::module_& m);

/// "2026-01-01", or a period label meaning its first (or last) day.
RunRange run_range(const std::optional<std::string>& start, const std::optional<std::string>& end);

}  // namespace payplan::python
