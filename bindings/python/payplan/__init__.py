"""payplan: exact commission and incentive plans over order ledgers.

Plans and orgs come from YAML (or dicts), orders from a pandas DataFrame or
a CSV file; payouts come back as DataFrames with exact decimal money
(pyarrow decimal columns). The arithmetic is payplan's C++ engine, so the
results are the same, to the cent, as the ``payplan`` command line.

    >>> import payplan
    >>> plan = payplan.Plan.from_yaml("plan.yaml")
    >>> org = payplan.Org.from_yaml("org.yaml")
    >>> result = plan.evaluate(orders_df, org)
    >>> result.statements

Orders also come from a pyarrow Table (``Orders.from_frame(table)``) or a
Parquet file (``Orders.from_parquet(path)``), text kept as text and decimals
as decimals. For people who do not read DataFrames: ``result.to_excel(path)``
writes a workbook (statements, lines, exceptions, adjustments; money as
numbers in the currency's format; needs ``pip install "payplan[excel]"``),
``result.statement(payee, period)`` is a rep's statement as an HTML page
and ``result.to_html(directory)`` writes them all with an index,
a Result or Comparison shows a summary table in a notebook, and
``result.to_float()`` gives float columns for ``describe()`` and charts
(never for paying). ``pip install .`` also installs the ``payplan`` command
line; ``pip install "payplan[notebook]"`` what the example notebook needs.
A plan or org from a dict names the key path in its errors:
``plan dict: components[2].tiers.table[1].rate: ...``.
"""

from __future__ import annotations

# One module per concept; this module only re-exports the public names.
#   _plan     Plan and Org, loaded from YAML (a path or text) or a dict
#   _orders   Orders: the order ledger, from a CSV file, a DataFrame, a pyarrow Table or Parquet
#   _credits  Credits: deal-level split credit (spec 3.1), from a CSV file or a DataFrame
#   _result   Result (lines, statements, exceptions, total, explain, statement pages, to_excel) and evaluate
#   _compare  Comparison and compare
#   _common   InputError, the argument types and run bounds, shared by all
#   _frames   the exact decimal and categorical columns of the output frames, the summary table
#   _core     the C++ engine (pybind11; typed by _core.pyi)
from ._common import DateLike as DateLike
from ._common import InputError as InputError
from ._common import PathOrText as PathOrText
from ._common import PayplanWarning as PayplanWarning
from ._compare import Comparison as Comparison
from ._compare import compare as compare
from ._credits import Credits as Credits
from ._orders import Orders as Orders
from ._plan import Org as Org
from ._plan import Plan as Plan
from ._result import Result as Result
from ._result import StatementPage as StatementPage
from ._result import evaluate as evaluate

__all__ = ["Comparison", "Credits", "InputError", "Org", "Orders", "PayplanWarning", "Plan", "Result", "StatementPage", "compare",
           "evaluate"]
__version__ = "0.1.0"
