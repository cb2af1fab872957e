// Orders: from a CSV file, or from DataFrame columns handed over as numpy
// arrays (one C++ loop per column, no Python per row).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <vector>

#include "payplan/io/orders_origin.hpp"
#include "payplan_python.hpp"

#include <datetime.h>  // after Python.h, which pybind11 includes

namespace payplan::python {

using namespace pybind11::literals;

namespace {

/// One column of a frame as the binding sees it: a numpy array of objects
/// (str, Decimal, int, date, None...), of int64 (whole units, or days for
/// dates), of float64 or float32, or an (n, 2) int64 array of 128-bit micros
/// (pyarrow decimals); or, for a pyarrow-backed string column, kind 'T':
/// its int64 offsets (n + 1) and its UTF-8 bytes, read with no Python
/// object per row. The constructor checks the dtype: nothing is read from
/// an array as anything but what it holds.
struct Column {
  std::string name;
  py::array values;
  char kind = 'O';
  py::ssize_t itemsize = 0;
  py::array text_bytes;  ///< kind 'T': the bytes `values` (offsets) index

  [[nodiscard]] std::size_t rows() const { return static_cast<std::size_t>(values.shape(0)) - (kind == 'T' ? 1 : 0); }
};

/// Types looked up once: decimal.Decimal and numpy.floating.
struct PythonTypes {
  py::object decimal, numpy_floating, format_float_positional;
};
PythonTypes& python_types() {
  static auto* types = new PythonTypes{py::module_::import("decimal").attr("Decimal"),
                                       py::module_::import("numpy").attr("floating"),
                                       py::module_::import("numpy").attr("format_float_positional")};
  return *types;  // never destroyed: it outlives the interpreter's teardown order
}

// spec 2: the columns an orders file may have; others are ignored.
constexpr const char* known_columns[] = {"order_id", "date", "account", "amount", "currency", "closed_by", "refund_of", "product"};

// The engine's dates in days since 1970-01-01: what parse_date reads, 0000-01-01
// to 9999-12-31 (spec 1: YYYY-MM-DD).
constexpr std::int64_t first_day = -719528, last_day = 2932896;

[[noreturn]] void fail(const std::string& source, std::size_t row, const std::string& field, const std::string& text) {
  throw input_error({source, 0, 0, row, field}, text);
}

bool is_nan_float(PyObject* o) { return PyFloat_Check(o) && std::isnan(PyFloat_AsDouble(o)); }

/// The shortest digits that read back as v in its own type (as repr and numpy
/// print it: a float32 5e12 is "5e+12", not its exact 4999999913984), as a
/// sign, digit string and power of ten.
struct Digits {
  bool negative = false;
  std::string digits;
  long long exponent = 0;
};

template <class F>
Digits shortest_digits(F v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  if (ec != std::errc{}) throw std::runtime_error("float text does not fit");
  const std::string_view t(buf, static_cast<std::size_t>(end - buf));  // "-4.18622e+03"
  Digits d;
  std::size_t i = 0;
  if (t[0] == '-') d.negative = true, i = 1;
  const std::size_t e = t.find('e');
  for (; i < e; ++i)
    if (t[i] != '.') d.digits += t[i];
  const long long power = std::stoll(std::string(t.substr(e + 1)));
  d.exponent = power - static_cast<long long>(d.digits.size() - 1);
  return d;
}

/// digits x 10^exponent written out without exponent ("12", -4 -> "0.0012").
std::string plain_text(Digits d) {
  if (d.digits.find_first_not_of('0') == std::string::npos) return "0";
  std::string text = d.negative ? "-" : "";
  if (d.exponent >= 0) return text + d.digits + std::string(static_cast<std::size_t>(d.exponent), '0');
  const auto frac = static_cast<std::size_t>(-d.exponent);
  if (d.digits.size() <= frac) d.digits.insert(0, frac - d.digits.size() + 1, '0');
  return text + d.digits.substr(0, d.digits.size() - frac) + "." + d.digits.substr(d.digits.size() - frac);
}

class FrameReader {
 public:
  FrameReader(const py::dict& columns, std::string source, bool allow_float)
      : source_(std::move(source)), allow_float_(allow_float) {
    for (auto [key, value] : columns) {
      if (!PyUnicode_Check(key.ptr())) throw input_error({source_}, "a column name is not a str");
      Column c;
      c.name = utf8(key.ptr(), 0, "column name");
      if (std::find(std::begin(known_columns), std::end(known_columns), c.name) == std::end(known_columns))
        continue;  // unknown extra columns are ignored (spec 2)
      if (py::isinstance<py::tuple>(value)) {
        text_column(c, py::reinterpret_borrow<py::tuple>(value));
        columns_.push_back(std::move(c));
        continue;
      }
      if (!py::isinstance<py::array>(value))
        throw input_error({source_, 0, 0, 0, c.name},
                          "is a " + std::string(Py_TYPE(value.ptr())->tp_name) + ", not a numpy array");
      c.values = py::reinterpret_borrow<py::array>(value);
      c.kind = c.values.dtype().kind();
      c.itemsize = c.values.itemsize();
      check_dtype(c);
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
    if (c.kind == 'T') {  // checked in text_column: offsets rise within the bytes
      const auto* offsets = static_cast<const std::int64_t*>(c.values.data());
      return {static_cast<const char*>(c.text_bytes.data()) + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
    }
    PyObject* o = object(c, i);
    if (o == Py_None || is_nan_float(o)) {
      if (required) fail(source_, i + 1, c.name, "is empty");
      return {};
    }
    if (PyUnicode_Check(o)) return utf8_view(o, i + 1, c.name);
    scratch = str_of(o, i + 1, c.name);  // ints or other objects as ids: their str()
    return scratch;
  }

  Date date(const Column& c, std::size_t i, std::string& scratch) const {
    if (c.kind == 'i') {
      const auto days = *static_cast<const std::int64_t*>(c.values.data(i));
      if (days < first_day || days > last_day)
        fail(source_, i + 1, c.name,
             "day " + std::to_string(days) + " after 1970-01-01 is outside the dates payplan takes (0000-01-01 to 9999-12-31)");
      return Date::from_days(static_cast<std::int32_t>(days));
    }
    if (c.kind == 'T') {  // ISO text from a pyarrow string column
      std::string_view t = text(c, i, true, scratch);
      auto d = parse_date(t);
      if (!d) fail(source_, i + 1, c.name, "'" + std::string(t) + "' is not a date (YYYY-MM-DD)");
      return *d;
    }
    PyObject* o = object(c, i);
    if (PyDate_Check(o) && std::string_view(Py_TYPE(o)->tp_name) != "NaTType") {
      // a date, datetime or pandas Timestamp: the calendar date as written, in its own
      // time zone (contract-notes: a local date is never moved to UTC)
      date::year_month_day ymd{date::year{PyDateTime_GET_YEAR(o)}, date::month{static_cast<unsigned>(PyDateTime_GET_MONTH(o))},
                               date::day{static_cast<unsigned>(PyDateTime_GET_DAY(o))}};
      return Date(ymd);
    }
    std::string_view t = text(c, i, true, scratch);
    auto d = parse_date(t);
    if (!d) fail(source_, i + 1, c.name, "'" + std::string(t) + "' is not a date (YYYY-MM-DD)");
    return *d;
  }

  Money amount(const Column& c, std::size_t i, std::string& scratch) const {
    if (c.values.ndim() == 2) {  // 128-bit micros from a pyarrow decimal column
      const auto* words = static_cast<const std::int64_t*>(c.values.data(i, 0));
      const auto high = *static_cast<const std::int64_t*>(c.values.data(i, 1));
      const detail::int128 v = (static_cast<detail::int128>(high) << 64) | static_cast<std::uint64_t>(words[0]);
      if (v > INT64_MAX || v < INT64_MIN) fail(source_, i + 1, c.name, "is too large");
      return Money::from_micros(static_cast<std::int64_t>(v));
    }
    if (c.kind == 'i') {
      const auto units = *static_cast<const std::int64_t*>(c.values.data(i));
      std::int64_t micros = 0;
      if (__builtin_mul_overflow(units, Money::scale, &micros)) fail(source_, i + 1, c.name, "is too large");
      return Money::from_micros(micros);
    }
    if (c.kind == 'f') {
      refuse_float(i, c.name);
      if (c.itemsize == 4) return float_amount(*static_cast<const float*>(c.values.data(i)), i, c.name);
      return float_amount(*static_cast<const double*>(c.values.data(i)), i, c.name);
    }
    PyObject* o = object(c, i);
    if (PyBool_Check(o)) fail(source_, i + 1, c.name, "is a bool, not an amount");
    if (PyLong_Check(o)) {
      int overflow = 0;
      long long units = PyLong_AsLongLongAndOverflow(o, &overflow);
      std::int64_t micros = 0;
      if (overflow != 0 || __builtin_mul_overflow(static_cast<std::int64_t>(units), Money::scale, &micros))
        fail(source_, i + 1, c.name, "is too large");
      return Money::from_micros(micros);
    }
    if (PyFloat_Check(o)) {  // float and numpy.float64
      if (std::isnan(PyFloat_AsDouble(o))) fail(source_, i + 1, c.name, "is empty");
      refuse_float(i, c.name);
      return float_amount(PyFloat_AsDouble(o), i, c.name);
    }
    if (o == Py_None) fail(source_, i + 1, c.name, "is empty");
    if (PyObject_IsInstance(o, python_types().numpy_floating.ptr()) == 1) {
      // numpy.float32, float16, longdouble: binary floats like any other
      const double v = PyFloat_AsDouble(o);
      if (std::isnan(v)) fail(source_, i + 1, c.name, "is empty");
      refuse_float(i, c.name);
      if (!std::isfinite(v)) fail(source_, i + 1, c.name, "is not a finite number");
      // its own shortest digits (a float16 0.1 is "0.1", not 0.0999755859375)
      const std::string t =
          py::cast<std::string>(python_types().format_float_positional(py::handle(o), "unique"_a = true, "trim"_a = "-"));
      Digits d;
      d.negative = t[0] == '-';
      const std::size_t first = d.negative ? 1 : 0, point = t.find('.');
      d.digits = t.substr(first, point == std::string::npos ? std::string::npos : point - first);
      if (point != std::string::npos) {
        d.digits += t.substr(point + 1);
        d.exponent = -static_cast<long long>(t.size() - point - 1);
      }
      return money_of(d, "float '" + str_of(o, i + 1, c.name) + "'", i, c.name);
    }
    // str, Decimal, or anything whose str() is a decimal
    std::string_view t = PyUnicode_Check(o) ? utf8_view(o, i + 1, c.name) : std::string_view(scratch = str_of(o, i + 1, c.name));
    auto m = parse_money(t);
    if (!m.ok() && !PyUnicode_Check(o) && PyObject_IsInstance(o, python_types().decimal.ptr()) == 1)
      return decimal_amount(o, i, c.name);  // Decimal('1E+2') is 100: str() wrote an exponent
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
    const std::size_t n = order_id.rows();
    for (const auto& c : columns_)
      if (c.rows() != n)
        throw input_error({source_, 0, 0, 0, c.name}, "column has a different length from order_id");
    auto places = std::make_shared<detail::orders_origin>(source_);
    LedgerBuilder b(places);
    b.reserve(n);
    std::string s1, s2, s3, s4, s5, s6, s7, s8;
    return detail::read_ledger(*places, b, [&] {
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
        b.add(o);
      }
    });
  }

 private:
  // (offsets, bytes) of a pyarrow string column (payplan._orders._arrow_text):
  // 1-D int64 offsets from 0, never falling, the last within 1-D uint8 bytes
  void text_column(Column& c, const py::tuple& parts) const {
    auto bad = [&] { throw input_error({source_, 0, 0, 0, c.name}, "is not an (offsets, bytes) pair of a text column"); };
    if (c.name == "amount")  // read as numbers or objects only
      throw input_error({source_, 0, 0, 0, c.name}, "is an (offsets, bytes) text column; amounts come as numbers or objects");
    if (parts.size() != 2 || !py::isinstance<py::array>(parts[0]) || !py::isinstance<py::array>(parts[1])) bad();
    c.values = py::reinterpret_borrow<py::array>(parts[0]);
    c.text_bytes = py::reinterpret_borrow<py::array>(parts[1]);
    c.kind = 'T';
    if (c.values.ndim() != 1 || c.values.dtype().kind() != 'i' || c.values.itemsize() != 8 || c.values.shape(0) < 1 ||
        !(c.values.flags() & py::array::c_style) || c.text_bytes.ndim() != 1 || c.text_bytes.itemsize() != 1 ||
        !(c.text_bytes.flags() & py::array::c_style))
      bad();
    const auto* offsets = static_cast<const std::int64_t*>(c.values.data());
    const auto n = static_cast<std::size_t>(c.values.shape(0));
    if (offsets[0] < 0) bad();
    for (std::size_t i = 1; i < n; ++i)
      if (offsets[i] < offsets[i - 1]) bad();
    if (offsets[n - 1] > static_cast<std::int64_t>(c.text_bytes.shape(0))) bad();
  }

  // Only what each column can be read as: anything else would be memory read as the wrong type.
  void check_dtype(const Column& c) const {
    const py::array& a = c.values;
    bool ok = false;
    if (a.ndim() == 1) {
      const bool objects = c.kind == 'O';
      const bool int64 = c.kind == 'i' && c.itemsize == 8;
      const bool float_ = c.kind == 'f' && (c.itemsize == 8 || c.itemsize == 4);
      if (c.name == "date") ok = objects || int64;
      else if (c.name == "amount") ok = objects || int64 || float_;
      else ok = objects;
    } else if (a.ndim() == 2 && c.name == "amount") {
      ok = c.kind == 'i' && c.itemsize == 8 && a.shape(1) == 2;
    }
    if (!ok)
      throw input_error({source_, 0, 0, 0, c.name},
                        "is an array of " + std::string(py::str(a.dtype())) + " with " + std::to_string(a.ndim()) +
                            " dimension(s), which this column cannot be read from (object" +
                            (c.name == "date" ? ", int64 days" : c.name == "amount" ? ", int64, float64, float32, (n, 2) int64 micros" : "") +
                            ")");
  }

  static PyObject* object(const Column& c, std::size_t i) { return *static_cast<PyObject* const*>(c.values.data(i)); }

  // A str as UTF-8, without copying; a lone surrogate cannot be UTF-8.
  std::string_view utf8_view(PyObject* o, std::size_t row, const std::string& field) const {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) {
      PyErr_Clear();
      fail(source_, row, field, "holds a lone surrogate, which is not text (it has no UTF-8 form)");
    }
    return {data, static_cast<std::size_t>(size)};
  }
  std::string utf8(PyObject* o, std::size_t row, const std::string& field) const { return std::string(utf8_view(o, row, field)); }

  std::string str_of(PyObject* o, std::size_t row, const std::string& field) const {
    py::object s = py::reinterpret_steal<py::object>(PyObject_Str(o));
    if (!s) throw py::error_already_set();
    return utf8(s.ptr(), row, field);
  }

  void refuse_float(std::size_t i, const std::string& field) const {
    if (!allow_float_)
      fail(source_, i + 1, field,
           "is a binary float, which has already lost the cents: read the CSV with dtype=str, or pass "
           "allow_float=True to take each float's shortest decimal form (Decimal, str and int amounts are exact)");
  }

  template <class F>
  Money float_amount(F v, std::size_t i, const std::string& field) const {
    if (std::isnan(v)) fail(source_, i + 1, field, "is empty");
    if (!std::isfinite(v)) fail(source_, i + 1, field, "is not a finite number");
    char shown[64];
    const auto end = std::to_chars(shown, shown + sizeof shown, v).ptr;  // as repr shows it: 1e+300
    return money_of(shortest_digits(v), "float '" + std::string(shown, end) + "'", i, field);
  }

  /// Exact money from digits x 10^exponent; `name` is the value as the user sees it.
  Money money_of(Digits d, const std::string& name, std::size_t i, const std::string& field) const {
    while (d.exponent < 0 && d.digits.size() > 1 && d.digits.back() == '0') {  // trailing zeros carry no value
      d.digits.pop_back();
      ++d.exponent;
    }
    if (d.digits.find_first_not_of('0') != std::string::npos) {
      // said so without writing out a huge exponent's digits
      if (d.exponent < -Money::digits) fail(source_, i + 1, field, name + " has more than 6 fractional digits");
      if (static_cast<long long>(d.digits.size()) + d.exponent > 40) fail(source_, i + 1, field, name + " is too large");
    }
    auto m = parse_money(plain_text(d));
    if (!m.ok())
      fail(source_, i + 1, field,
           name + " " +
               (m.ec == detail::decimal_errc::too_many_digits ? std::string("has more than 6 fractional digits")
                                                               : std::string(detail::describe(m.ec))));
    return m.value;
  }

  /// A finite Decimal as exact money ("1E+2" is 100), without ever writing
  /// out a huge exponent.
  Money decimal_amount(PyObject* o, std::size_t i, const std::string& field) const {
    const std::string shown = "'" + str_of(o, i + 1, field) + "'";
    py::tuple parts = py::handle(o).attr("as_tuple")();
    py::object exponent = parts[2];
    if (!PyLong_Check(exponent.ptr()))  // 'n', 'N' (NaN, sNaN) or 'F' (Infinity)
      fail(source_, i + 1, field,
           shown + " is " + (py::cast<std::string>(exponent) == "F" ? "not a finite number" : "not a number"));
    Digits d;
    d.negative = py::cast<int>(parts[0]) != 0;
    for (auto digit : py::tuple(parts[1])) d.digits += static_cast<char>('0' + py::cast<int>(digit));
    d.exponent = py::cast<long long>(exponent);
    return money_of(d, shown, i, field);
  }

  std::vector<Column> columns_;
  std::string source_;
  bool allow_float_;
};

}  // namespace

void register_orders(py::module_& m) {
  PyDateTime_IMPORT;  // the datetime C API, for date cells
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
            FrameReader reader(columns, source, allow_float);
            return std::make_shared<Ledger>(reader.build(currency));
          },
          py::arg("columns"), py::arg("currency"), py::arg("allow_float"), py::arg("source"),
          "Builds a ledger from column arrays (see payplan.Orders.from_frame).")
      .def("__len__", &Ledger::size)
      .def_property_readonly("source", [](const Ledger& l) { return l.where({subject::kind::input}).file; });
}

}  // namespace payplan::python
