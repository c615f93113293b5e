"""All or nothing: a button that fails part-way leaves the workbook as it was, and says so.

Each scenario is clicked once to see which calls into the engine change the workbook; then,
from the same workbook each time, the click is repeated with the 1st, the 2nd, … the last of
those calls failing (as Excel fails a call: a protected sheet, a busy application). After
each, the workbook must be exactly as before the click (every sheet, its visibility, every
cell's value, fill, note and boldness) and the alert must say that the changes were undone.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from excel_engine import DesktopEngine
from excel_engine import desktop_engine as desktop_engine  # the fixture
from excel_support import (
    WRONG,
    Client,
    changes_made,
    click,
    filled_template,
    state,
)
from excel_support import commands as commands  # the fixture
from excel_support import remote_engine as remote_engine  # the fixture
from fixtures import pingtan_2025

pytest.importorskip("pyopenvba", reason="pyOpenVBA (the excel extra) builds the add-in")


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The error log of the failed clicks goes to a home of the test's own."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))


def marked(path: Path, engine: DesktopEngine, commands: dict[str, str]) -> Path:
    """The workbook as 校验 in Excel leaves it, saved."""
    client = Client(openpyxl.load_workbook(path))
    click(engine, client, commands["check"])
    out = path.with_name(f"marked_{path.name}")
    client.wb.save(out)
    return out


def fail_each_change(engine: DesktopEngine, start: Path, statement: str) -> int:
    """Click once, then once per change with that change failing; the number of changes."""
    before = state(openpyxl.load_workbook(start))
    click(engine, Client(openpyxl.load_workbook(start)), statement)
    assert [] == engine.refused
    writes = changes_made(engine)
    assert writes, "the click changed nothing"
    for n in writes:
        client = Client(openpyxl.load_workbook(start))
        alerts = click(engine, client, statement, fail_at=n)
        failed = engine.calls[n - 1][0]
        assert before == state(client.wb), f"call {n} ({failed}) failing left the workbook changed"
        ((message, mode),) = alerts
        undone = "已全部撤销" in message or "没有被改动" in message
        assert "critical" == mode and undone, (n, failed, message)
    return len(writes)


def test_check_that_fails_part_way_leaves_the_workbook_as_it_was(
    desktop_engine, commands, tmp_path
):
    start = filled_template(tmp_path / "t.xlsx")
    assert fail_each_change(desktop_engine, start, commands["check"]) > 50


def test_check_again_that_fails_part_way_leaves_the_old_marks(desktop_engine, commands, tmp_path):
    start = marked(filled_template(tmp_path / "t.xlsx"), desktop_engine, commands)
    fail_each_change(desktop_engine, start, commands["check"])


def test_clear_marks_that_fails_part_way_leaves_the_marks(desktop_engine, commands, tmp_path):
    start = marked(filled_template(tmp_path / "t.xlsx"), desktop_engine, commands)
    fail_each_change(desktop_engine, start, commands["clear_marks"])


def test_import_last_year_that_fails_part_way_leaves_the_figures(
    desktop_engine, commands, monkeypatch, tmp_path
):
    from workbook_support import filled_template as fill

    from gkstats.excel import _choose

    last = pingtan_2025().replace({"t3.carry_forward.natural": 9}, year=2024)
    last_path = fill(last, tmp_path / "2024.xlsx")
    monkeypatch.setattr(_choose, "choose_files", lambda title, multiple: [last_path])
    start = filled_template(tmp_path / "t.xlsx", {WRONG: pingtan_2025()[WRONG]})
    fail_each_change(desktop_engine, start, commands["import_last_year"])
