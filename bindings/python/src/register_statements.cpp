// Statements people read (issue 16): a payee's statement for a period as
// one self-contained HTML page, and a folder of them with an index, as
// `payplan statements` writes them (payplan/report/statement_page.hpp).
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "payplan/io/output.hpp"
#include "payplan/report/statement_page.hpp"
#include "payplan_python.hpp"

namespace payplan::python {

namespace {

Period period_of(const std::string& label) {
  auto p = parse_period(label);
  if (!p) throw py::value_error("period '" + label + "' is not a period label (2026-Q1, 2026-01 or 2026)");
  return *p;
}

// A person's id, else an account's (a rebate's payee, spec 4.7).
payee_kind kind_of(const Org& org, const std::string& payee) {
  if (org.find_person(payee).ok()) return payee_kind::person;
  if (org.find_account(payee).ok()) return payee_kind::account;
  throw py::value_error("no person or account '" + payee + "' in the org");
}

}  // namespace

void register_statements(py::module_& m) {
  m.def(
      "statement_html",
      [](const Plan& plan, const Org& org, const Ledger& ledger, const Evaluation& e, const std::string& payee,
         const std::string& period, std::shared_ptr<DealCredits> credits) {
        const Period p = period_of(period);
        const payee_kind kind = kind_of(org, payee);
        StatementPage page;
        {
          py::gil_scoped_release release;  // one traced run of the payee's orders
          page = statement_page(plan, org, ledger, e.result, payee, p, credits.get(), kind);
        }
        std::ostringstream out;
        write_statement_page(out, page);
        return out.str();
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("evaluation"), py::arg("payee"),
      py::arg("period"), py::arg("credits") = py::none());
  m.def(
      "write_statements",
      [](const Plan& plan, const Org& org, const Ledger& ledger, const Evaluation& e, const std::string& dir,
         std::optional<std::string> payee, std::optional<std::string> period, std::shared_ptr<DealCredits> credits) {
        const std::optional<Period> only = period ? std::optional(period_of(*period)) : std::nullopt;
        if (payee) (void)kind_of(org, *payee);
        // one page per (payee, period) the result has a statement for, as payee and period narrow them
        const std::vector<StatementRequest> requests =
            statement_requests(e.result, payee ? std::optional<std::string_view>(*payee) : std::nullopt, only);
        if (requests.empty())
          throw py::value_error("no statement of the result is for " + (payee ? "payee '" + *payee + "'" : std::string("anyone")) +
                                (only ? " in " + to_string(*only) : std::string()));
        {
          py::gil_scoped_release release;
          write_atomically(dir, statement_files(plan, org, ledger, e.result, requests, credits.get()));
        }
        return requests.size();
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("evaluation"), py::arg("directory"),
      py::arg("payee") = py::none(), py::arg("period") = py::none(), py::arg("credits") = py::none());
}

}  // namespace payplan::python
