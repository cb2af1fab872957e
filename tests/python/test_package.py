"""The package layout: one module per concept behind the same public names.

`payplan/__init__.py` only re-exports; each name must resolve from the
package, be the very object its module defines, and say (``__module__``)
which module that is, so a class moved back into ``__init__`` or into
another module, or a name dropped from the re-exports, fails here.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from typing import Any

import pytest

import payplan

# Where each public name lives (the layout docs/architecture.md describes).
HOMES = {
    "Plan": "payplan._plan",
    "Org": "payplan._plan",
    "Orders": "payplan._orders",
    "Result": "payplan._result",
    "StatementPage": "payplan._result",
    "evaluate": "payplan._result",
    "Comparison": "payplan._compare",
    "compare": "payplan._compare",
    "Credits": "payplan._credits",
    "InputError": "payplan._core",  # the engine's exception type, re-exported by _common
    "PayplanWarning": "payplan._common",
}


def test_all_is_the_public_api() -> None:
    assert payplan.__all__ == ["Comparison", "Credits", "InputError", "Org", "Orders", "PayplanWarning", "Plan",
                               "Result", "StatementPage", "compare", "evaluate"]
    assert sorted(HOMES) == sorted(payplan.__all__)
    namespace: dict[str, Any] = {}
    exec("from payplan import *", namespace)
    assert sorted(n for n in namespace if n != "__builtins__") == sorted(payplan.__all__)


@pytest.mark.parametrize("name", sorted(HOMES))
def test_name_resolves_to_the_object_of_its_module(name: str) -> None:
    obj = getattr(payplan, name)
    assert obj.__module__ == HOMES[name]
    assert getattr(importlib.import_module(HOMES[name]), name) is obj


def test_the_other_public_names() -> None:
    """Not in __all__, but public before the split: the version and the argument types."""
    assert payplan.__version__ == "0.1.0"
    assert payplan.PathOrText is payplan._common.PathOrText
    assert payplan.DateLike is payplan._common.DateLike
    assert payplan.InputError is payplan._common.InputError is payplan._core.InputError
    assert payplan.__doc__ is not None and payplan.__doc__.startswith("payplan: exact commission and incentive plans")


def _functions(obj: Any) -> list[Any]:
    """obj if it is a function, else the functions, class methods and property getters a class defines."""
    if not inspect.isclass(obj):
        return [obj]
    found = []
    for member in vars(obj).values():
        member = getattr(member, "__func__", getattr(member, "fget", getattr(member, "func", member)))
        if inspect.isfunction(member):
            found.append(member)
    return found


@pytest.mark.parametrize("name", ["Plan", "Org", "Orders", "Result", "evaluate", "Comparison", "compare"])
def test_annotations_resolve(name: str) -> None:
    """Each module imports the names its annotations use (Result's use Plan, Org and Orders),
    so typing.get_type_hints works as it did when they shared one module."""
    functions = _functions(getattr(payplan, name))
    assert functions
    for function in functions:
        typing.get_type_hints(function)  # NameError if a name is imported only under TYPE_CHECKING


def test_plan_evaluate_returns_the_result_type() -> None:
    hints = typing.get_type_hints(payplan.Plan.evaluate)
    assert hints["return"] is payplan.Result
    assert hints["org"] is payplan.Org
    assert typing.get_type_hints(payplan.Result.__init__)["plan"] is payplan.Plan


@pytest.mark.parametrize("name", sorted(HOMES))
def test_public_objects_keep_their_docstrings(name: str) -> None:
    assert inspect.getdoc(getattr(payplan, name))
