// Orders: from a CSV file, or from DataFrame columns handed over as numpy
// arrays (one C++ loop per column, no Python per row).
#include <charconv>
#include <cmath>

#include "payplan_python.hpp"

namespace payplan::python {

namespace {

/// One column of a frame as the binding sees it: a numpy array of objects
/// (str, Decimal, int, None...), of int64 (whole units, or days for dates),
/// of float64, or an (n, 2) int64 array of 128-bit micros (pyarrow decimals).
struct Column {
  std::string name;
  py::array values;
  bool present = false;
};

[[noreturn]] void fail(const std::string& source, std::size_t row, const std::string& field, const std::string& text) {
  throw input_error({source, 0, 0, row, field}, text);
}

// A str cell as UTF-8, without copying; empty for None and NaN.
std::string_view text_of(PyObject* o, bool& missing) {
  missing = false;
  if (PyUnicode_Check(o)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) throw py::error_already_set();
    return {data, static_cast<std::size_t>(size)};
  }
  if (o == Py_None || (PyFloat_Check(o) && std::isnan(PyFloat_AsDouble(o)))) {
    missing = true;
    return {};
  }
  return {};
}

class FrameReader {
 public:
  FrameReader(py::dict columns, std::string source, bool allow_float)
      : source_(std::move(source)), allow_float_(allow_float) {
    for (auto [key, value] : columns) {
      Column c;
      c.name = py::cast<std::string>(key);
      c.values = py::reinterpret_borrow<py::array>(value);
      c.present = true;
      columns_.push_back(std::move(c));
    }
  }

  const Column* find(const std::string& name) const {
    for (const auto& c : columns_)
      if (c.name == name) return &c;
    return nullptr;
  }
  const Column& need(const std::string& name) const {
    const Column* c = find(name);
    if (c == nullptr) throw input_error({source_}, "column '" + name + "' is missing from the DataFrame");
    return *c;
  }

  // A string cell: str, or None/NaN for an empty optional cell.
  std::string_view text(const Column& c, std::size_t i, bool required, std::string& scratch) const {
    PyObject* o = static_cast<PyObject**>(const_cast<void*>(c.values.data()))[i];
    bool missing = false;
    std::string_view v = text_of(o, missing);
    if (missing) {
      if (required) fail(source_, i + 1, c.name, "is empty");
      return {};
    }
    if (!PyUnicode_Check(o)) {
      // ints or other objects as ids: their str()
      scratch = py::str(py::handle(o));
      return scratch;
    }
    return v;
  }

  Date date(const Column& c, std::size_t i, std::string& scratch) const {
    if (c.values.dtype().kind() == 'i') return Date::from_days(static_cast<std::int32_t>(*static_cast<const std::int64_t*>(c.values.data(i))));
    std::string_view t = text(c, i, true, scratch);
    auto d = parse_date(t);
    if (!d) fail(source_, i + 1, c.name, "'" + std::string(t) + "' is not a date (YYYY-MM-DD)");
    return *d;
  }

  Money amount(const Column& c, std::size_t i, std::string& scratch) const {
    const char kind = c.values.dtype().kind();
    if (c.values.ndim() == 2) {  // 128-bit micros from a pyarrow decimal column
      const auto* words = static_cast<const std::int64_t*>(c.values.data(i, 0));
      const detail::int128 v = (static_cast<detail::int128>(words[1]) << 64) | static_cast<std::uint64_t>(words[0]);
      if (v > INT64_MAX || v < INT64_MIN) fail(source_, i + 1, c.name, "is too large");
      return Money::from_micros(static_cast<std::int64_t>(v));
    }
    if (kind == 'i') {
      const auto units = *static_cast<const std::int64_t*>(c.values.data(i));
      std::int64_t micros = 0;
      if (__builtin_mul_overflow(units, Money::scale, &micros)) fail(source_, i + 1, c.name, "is too large");
      return Money::from_micros(micros);
    }
    if (kind == 'f') {
      if (!allow_float_)
        fail(source_, i + 1, c.name,
             "is a binary float, which has already lost the cents: pass Decimal, str or int amounts, or "
             "allow_float=True to take each float's shortest decimal form");
      return float_amount(*static_cast<const double*>(c.values.data(i)), i, c.name);
    }
    PyObject* o = static_cast<PyObject**>(const_cast<void*>(c.values.data()))[i];
    if (PyBool_Check(o)) fail(source_, i + 1, c.name, "is a bool, not an amount");
    if (PyLong_Check(o)) {
      int overflow = 0;
      long long units = PyLong_AsLongLongAndOverflow(o, &overflow);
      std::int64_t micros = 0;
      if (overflow != 0 || __builtin_mul_overflow(static_cast<std::int64_t>(units), Money::scale, &micros))
        fail(source_, i + 1, c.name, "is too large");
      return Money::from_micros(micros);
    }
    if (PyFloat_Check(o)) {
      if (std::isnan(PyFloat_AsDouble(o))) fail(source_, i + 1, c.name, "is empty");
      if (!allow_float_)
        fail(source_, i + 1, c.name,
             "is a binary float, which has already lost the cents: pass Decimal, str or int amounts, or "
             "allow_float=True to take each float's shortest decimal form");
      return float_amount(PyFloat_AsDouble(o), i, c.name);
    }
    if (o == Py_None) fail(source_, i + 1, c.name, "is empty");
    // str, Decimal, or anything whose str() is a decimal
    std::string_view t;
    if (PyUnicode_Check(o)) {
      bool missing = false;
      t = text_of(o, missing);
    } else {
      scratch = py::str(py::handle(o));
      t = scratch;
    }
    auto m = parse_money(t);
    if (!m.ok())
      fail(source_, i + 1, c.name,
           "'" + std::string(t) + "' " +
               (m.ec == detail::decimal_errc::too_many_digits ? std::string("has more than 6 fractional digits")
                                                               : std::string(detail::describe(m.ec))));
    return m.value;
  }

  Ledger build(const std::string& plan_currency) const {
    const Column& order_id = need("order_id");
    const Column& date_col = need("date");
    const Column& account = need("account");
    const Column& amount_col = need("amount");
    const Column* currency = find("currency");
    const Column* closed_by = find("closed_by");
    const Column* refund_of = find("refund_of");
    const Column* product = find("product");
    const std::size_t n = static_cast<std::size_t>(order_id.values.shape(0));
    for (const auto& c : columns_)
      if (static_cast<std::size_t>(c.values.shape(0)) != n)
        throw input_error({source_, 0, 0, 0, c.name}, "column has a different length from order_id");
    LedgerBuilder b(source_);
    b.reserve(n);
    std::string s1, s2, s3, s4, s5, s6, s7, s8;
    for (std::size_t i = 0; i < n; ++i) {
      OrderRow o;
      o.order_id = text(order_id, i, true, s1);
      o.date = date(date_col, i, s2);
      o.account = text(account, i, true, s3);
      o.amount = amount(amount_col, i, s4);
      if (currency != nullptr) {
        auto cur = text(*currency, i, false, s5);
        if (!cur.empty() && cur != plan_currency)
          fail(source_, i + 1, "currency", "currency '" + std::string(cur) + "' differs from the plan currency " + plan_currency);
      }
      if (closed_by != nullptr) o.closed_by = text(*closed_by, i, false, s6);
      if (refund_of != nullptr) o.refund_of = text(*refund_of, i, false, s7);
      if (product != nullptr) o.product = text(*product, i, false, s8);
      b.add(o, i + 1);
    }
    return b.finish();
  }

 private:
  Money float_amount(double v, std::size_t i, const std::string& field) const {
    if (!std::isfinite(v)) fail(source_, i + 1, field, "is not a finite number");
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // the shortest form that reads back as v
    std::string text(buf, end);
    if (text.find('e') != std::string::npos) fail(source_, i + 1, field, "'" + text + "' is out of range for money");
    auto m = parse_money(text);
    if (!m.ok()) fail(source_, i + 1, field, "float '" + text + "' " + detail::describe(m.ec));
    return m.value;
  }

  std::vector<Column> columns_;
  std::string source_;
  bool allow_float_;
};

}  // namespace

void register_orders(py::module_& m) {
  py::class_<Ledger, std::shared_ptr<Ledger>>(m, "Ledger")
      .def_static(
          "load_csv", [](const std::string& path, const std::string& currency) {
            auto cur = currency_from_code(currency);
            if (!cur) throw usage_error("currency '" + currency + "' is not an ISO 4217 code");
            return std::make_shared<Ledger>(load_orders(path, *cur));
          },
          py::arg("path"), py::arg("currency"), "Loads an orders CSV (spec 2).")
      .def_static(
          "from_columns",
          [](py::dict columns, const std::string& currency, bool allow_float, const std::string& source) {
            FrameReader reader(std::move(columns), source, allow_float);
            return std::make_shared<Ledger>(reader.build(currency));
          },
          py::arg("columns"), py::arg("currency"), py::arg("allow_float"), py::arg("source"),
          "Builds a ledger from column arrays (see payplan.Orders.from_frame).")
      .def("__len__", &Ledger::size)
      .def_property_readonly("source", &Ledger::source);
}

}  // namespace payplan::python
