"""The project's gates: CI runs the linters and the README's test command, every public module
is importable as itself, and the public classes say what they are."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
from pathlib import Path

import pytest

import gkstats

ROOT = Path(__file__).resolve().parents[1]


def test_ci_lints_type_checks_and_runs_the_readmes_test_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    (test_command,) = re.findall(r"^(pip install -e \"\.\[test\]\" && python -m pytest)", readme,
                                 re.MULTILINE)  # fmt: skip
    steps = [line for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
             if line and not line.startswith("#")]  # fmt: skip
    assert steps[-1] == test_command
    assert {"ruff check src tests", "ruff format --check src tests", "mypy"} <= set(steps)


def _modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.walk_packages(gkstats.__path__, "gkstats.")
        if not m.name.endswith("__main__")
    ]


def test_no_module_is_shadowed_by_a_function_of_the_same_name() -> None:
    shadowed = []
    for name in _modules():
        parent, _, leaf = name.rpartition(".")
        importlib.import_module(name)
        if not isinstance(getattr(importlib.import_module(parent), leaf), types.ModuleType):
            shadowed.append(name)
    assert shadowed == []


def test_gkstats_check_is_the_module_and_checks_a_table_when_called() -> None:
    import gkstats.check as module

    assert isinstance(module, types.ModuleType) and module is gkstats.check
    table = gkstats.Table.from_cells("f2021", 2025, "x", {"t3.new.natural": 3})
    assert gkstats.check(table) == module.check(table)
    assert not gkstats.check(table).valid


@pytest.mark.parametrize(
    "module",
    ["gkstats", "gkstats.formats", "gkstats.rules", "gkstats.check", "gkstats.findings",
     "gkstats.messages", "gkstats.parse", "gkstats.report", "gkstats.crossyear"],
)  # fmt: skip
def test_public_classes_have_docstrings(module: str) -> None:
    mod = importlib.import_module(module)
    bare = [
        name
        for name in getattr(mod, "__all__", ())
        if inspect.isclass(obj := getattr(mod, name)) and not obj.__dict__.get("__doc__")
    ]
    assert bare == []
