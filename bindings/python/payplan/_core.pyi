# Type stubs for payplan._core, the C++ engine (bindings/python/src/).
from typing import Any, Optional, Union

import numpy as np
import numpy.typing as npt

class InputError(ValueError): ...

class Plan:
    @staticmethod
    def parse(text: str, source: str) -> Plan: ...
    @staticmethod
    def load(path: str) -> Plan: ...
    @property
    def id(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def minor_unit(self) -> int: ...
    @property
    def source(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

class Org:
    @staticmethod
    def parse(text: str, source: str) -> Org: ...
    @staticmethod
    def load(path: str) -> Org: ...
    def to_dict(self) -> dict[str, Any]: ...

class Ledger:
    @staticmethod
    def load_csv(path: str, currency: str) -> Ledger: ...
    @staticmethod
    def from_columns(
        columns: dict[str, Union[npt.NDArray[Any], tuple[npt.NDArray[Any], npt.NDArray[Any]]]],
        currency: str,
        allow_float: bool,
        source: str,
    ) -> Ledger: ...
    def __len__(self) -> int: ...
    @property
    def source(self) -> str: ...

class Credits:
    @staticmethod
    def load(path: str) -> Credits: ...
    @staticmethod
    def from_rows(
        order_ids: list[str], persons: list[str], shares: list[str], overlays: list[bool], source: str
    ) -> Credits: ...
    def __len__(self) -> int: ...

class PaidRun:
    @staticmethod
    def load(dir: str, closed_through: Optional[str]) -> PaidRun: ...
    @property
    def closed_lines(self) -> str: ...

class ManualAdjustments:
    @staticmethod
    def load(path: str) -> ManualAdjustments: ...
    @staticmethod
    def parse(text: str, source: str) -> ManualAdjustments: ...
    def __len__(self) -> int: ...

class Evaluation:
    def settle(
        self,
        plan: Plan,
        org: Org,
        paid: Optional[PaidRun],
        closed_through: Optional[str],
        manual: Optional[ManualAdjustments],
    ) -> None: ...
    def adjustments(
        self,
    ) -> list[tuple[str, str, str, Optional[str], Optional[int], Optional[int], int]]: ...
    @property
    def closed_lines(self) -> str: ...
    def lines_columns(self) -> dict[str, npt.NDArray[Any]]: ...
    def statements_columns(self) -> dict[str, npt.NDArray[Any]]: ...
    def exceptions(self) -> list[tuple[str, str, str]]: ...
    def period_label(self, ordinal: int) -> str: ...
    @property
    def payees(self) -> list[str]: ...
    @property
    def components(self) -> list[str]: ...
    @property
    def notes(self) -> list[str]: ...
    @property
    def minor_unit(self) -> int: ...
    def order_ids(self) -> list[str]: ...
    def account_names(self) -> list[str]: ...
    def total_micros(self) -> int: ...
    def write(self, dir: str) -> None: ...
    @property
    def lines_kept(self) -> bool: ...
    @property
    def line_count(self) -> int: ...

class Comparison:
    @property
    def plan_a(self) -> str: ...
    @property
    def plan_b(self) -> str: ...
    @property
    def minor_unit(self) -> int: ...
    @property
    def totals_micros(self) -> tuple[int, int, int, int]: ...
    def rows(self) -> list[tuple[str, str, str, int, int]]: ...
    def payees(self) -> list[tuple[str, int, int]]: ...
    def periods(self) -> list[tuple[str, int, int]]: ...
    def summary_text(self, top: int = 10) -> str: ...
    def summary_csv(self) -> str: ...
    def write_report(self, path: str) -> None: ...
    def write(self, dir: str) -> None: ...

def compare(
    plan_a: Plan,
    plan_b: Plan,
    org: Org,
    ledger: Ledger,
    start: Optional[str] = None,
    end: Optional[str] = None,
    credits: Optional[Credits] = None,
) -> Comparison: ...
def validate(plan: Plan, org: Org) -> None: ...
def evaluate(
    plan: Plan,
    org: Org,
    ledger: Ledger,
    start: Optional[str] = None,
    end: Optional[str] = None,
    lines: bool = True,
    credits: Optional[Credits] = None,
) -> Evaluation: ...
def warnings(
    plan: Plan, org: Org, start: Optional[str] = None, end: Optional[str] = None
) -> list[dict[str, Any]]: ...
def explain(
    plan: Plan,
    org: Org,
    ledger: Ledger,
    payee: str,
    order_id: str,
    start: Optional[str] = None,
    end: Optional[str] = None,
    credits: Optional[Credits] = None,
) -> list[dict[str, Any]]: ...
def explain_period(
    plan: Plan,
    org: Org,
    ledger: Ledger,
    payee: str,
    period: str,
    component: str = "",
    start: Optional[str] = None,
    end: Optional[str] = None,
    credits: Optional[Credits] = None,
) -> list[dict[str, Any]]: ...

def statement_html(
    plan: Plan,
    org: Org,
    ledger: Ledger,
    evaluation: Evaluation,
    payee: str,
    period: str,
    credits: Optional[Credits] = None,
) -> str: ...
def write_statements(
    plan: Plan,
    org: Org,
    ledger: Ledger,
    evaluation: Evaluation,
    directory: str,
    payee: Optional[str] = None,
    period: Optional[str] = None,
    credits: Optional[Credits] = None,
) -> int: ...

# the partitioned evaluation's phases (engine/partitioned.hpp; payplan.dask)
ExceptionRow = tuple[str, str, str, int, int]  # kind, order_id, detail, stage, date (days)

class Measured:
    def __init__(self) -> None: ...
    def merge(self, other: Measured) -> None: ...
    def __len__(self) -> int: ...

class PayeePart:
    @property
    def line_count(self) -> int: ...

def account_phase(
    plan: Plan,
    org: Org,
    ledger: Ledger,
    groups: int,
    credits: Optional[Credits] = None,
    start: Optional[str] = None,
    end: Optional[str] = None,
) -> dict[str, Any]: ...
def returns_phase(
    plan: Plan, org: Org, ledger: Ledger, start: Optional[str] = None, end: Optional[str] = None
) -> tuple[list[ExceptionRow], list[ExceptionRow]]: ...
def payee_phase(
    plan: Plan,
    org: Org,
    ledger: Ledger,
    elig_order: list[str],
    eligible: list[str],
    share: list[str],
    note: list[str],
    groups: int,
    wanted: list[int],
    lines: bool = True,
    credits: Optional[Credits] = None,
    start: Optional[str] = None,
    end: Optional[str] = None,
) -> PayeePart: ...
def check_credits(credits: Credits, org: Org, ledger: Ledger) -> None: ...
def compare_results(
    plan_a: Plan, plan_b: Plan, org: Org, a: Evaluation, b: Evaluation, revenue_a_micros: int, revenue_b_micros: int
) -> Comparison: ...
def assemble(
    plan: Plan,
    org: Org,
    start: Optional[str],
    end: Optional[str],
    lines: bool,
    measured: list[Measured],
    parts: list[PayeePart],
    exceptions: list[ExceptionRow],
    unpaid: list[ExceptionRow],
) -> Evaluation: ...
