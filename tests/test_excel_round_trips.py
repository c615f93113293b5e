"""Few round trips and a fast start: every call into xlwings' engine is a round trip to Excel
on the desktop (a COM call on Windows, an AppleScript event on a Mac), and every click starts
a fresh Python process. 校验 on a standard template reads each sheet once and makes at most 50
calls plus 5 per cell it marks, however large the table; 校验 and 清除标记 import none of the
heavy libraries. (``benchmarks/bench_click.py`` prints the count and times a click.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from excel_engine import DesktopEngine
from excel_engine import desktop_engine as desktop_engine  # the fixture
from excel_support import (
    CLICK,
    WRONG,
    Client,
    click,
    click_payload,
    filled_template,
)
from excel_support import commands as commands  # the fixture
from excel_support import remote_engine as remote_engine  # the fixture

from gkstats.workbook.marks import RECORD_SHEET

pytest.importorskip("pyopenvba", reason="pyOpenVBA (the excel extra) builds the add-in")

#: What 校验 and 清除标记 must not import (a click starts a fresh process each time).
HEAVY = ("openpyxl", "lxml", "PIL", "docx", "pdfplumber")


def marked_cells(client: Client) -> int:
    """How many cells 校验 marked: the rows of its record (two header rows)."""
    return client.wb[RECORD_SHEET].max_row - 2


def own_notes(client: Client) -> int:
    """Marked cells that had a note of their own (reading its text is one more call)."""
    ws = client.wb[RECORD_SHEET]
    return sum(1 for r in range(3, ws.max_row + 1) if ws.cell(r, 4).value == 1)


def check_calls(engine: DesktopEngine, path: Path, commands: dict[str, str]) -> tuple[int, int]:
    client = Client(openpyxl.load_workbook(path))
    click(engine, client, commands["check"])
    assert [] == engine.refused
    return len(engine.calls), marked_cells(client)


def test_check_on_the_template_makes_at_most_50_calls_and_5_per_marked_cell(
    desktop_engine, commands, tmp_path
):
    calls, marked = check_calls(desktop_engine, filled_template(tmp_path / "t.xlsx"), commands)
    assert marked >= 1
    assert calls <= 50 + 5 * marked, desktop_engine.tally()
    assert 1 == sum(1 for c, _ in desktop_engine.calls if c == "Name.refers_to.get")
    # one 2-D read per sheet the table is on (three tables and 报告信息), never per cell
    assert 4 == sum(1 for c, _ in desktop_engine.calls if c == "Range.raw_value.get")


def test_the_count_does_not_grow_with_the_table(desktop_engine, commands, tmp_path):
    standard = filled_template(tmp_path / "standard.xlsx")
    larger = openpyxl.load_workbook(standard)
    for ws in larger.worksheets[:3]:  # the user's own notes under every table, 400 rows
        for r in range(ws.max_row + 3, ws.max_row + 403):
            ws.cell(r, 1, f"备注 {r}")
            ws.cell(r, 2, r)
    larger.save(tmp_path / "larger.xlsx")
    assert check_calls(desktop_engine, standard, commands) == check_calls(
        desktop_engine, tmp_path / "larger.xlsx", commands
    )


def test_each_more_marked_cell_costs_at_most_five_calls(desktop_engine, commands, tmp_path):
    one = check_calls(desktop_engine, filled_template(tmp_path / "1.xlsx"), commands)
    # a second wrong figure, in 表四 (its own rules, its own cells)
    two = check_calls(
        desktop_engine,
        filled_template(tmp_path / "2.xlsx", {"t4.review.upheld": 99}),
        commands,
    )
    assert two[1] > one[1]
    assert two[0] - one[0] <= 5 * (two[1] - one[1])


def test_clear_marks_makes_few_calls_too(desktop_engine, commands, tmp_path):
    client = Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx")))
    click(desktop_engine, client, commands["check"])
    marked, noted = marked_cells(client), own_notes(client)
    click(desktop_engine, client, commands["clear_marks"])
    assert [] == desktop_engine.refused
    # per cell: its range, fill and note read, note text read, fill and note put back
    assert len(desktop_engine.calls) <= 30 + 6 * marked + noted, desktop_engine.tally()


@pytest.mark.parametrize("button", ["check", "clear_marks"])
def test_a_click_imports_none_of_the_heavy_libraries(remote_engine, commands, button, tmp_path):
    book = openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx"))
    if button == "clear_marks":  # a marked workbook, as 校验 leaves it
        client = Client(book)
        engine_free = click_payload(book, tmp_path / "before.json")
        done = _run_click(engine_free, commands["check"])
        assert "校验未通过" in done["alerts"][0]
        _mark_with_the_openpyxl_path(tmp_path, client)
        book = client.wb
    path = click_payload(book, tmp_path / "payload.json")
    done = _run_click(path, commands[button])
    assert 1 == len(done["alerts"]) and "内部错误" not in done["alerts"][0], done["alerts"]
    assert [] == [m for m in done["modules"] if m.split(".")[0] in HEAVY]
    assert "gkstats.check" in done["modules"] or button == "clear_marks"


def _run_click(payload_path: Path, statement: str) -> dict[str, list[str]]:
    run = subprocess.run(
        [sys.executable, "-c", CLICK, str(payload_path), statement, "--modules"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert 0 == run.returncode, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def _mark_with_the_openpyxl_path(tmp_path: Path, client: Client) -> None:
    """The workbook as 校验 leaves it (marked through the openpyxl path: same marks)."""
    from gkstats.cli import main

    client.wb.save(tmp_path / "in.xlsx")
    assert 1 == main(["check", str(tmp_path / "in.xlsx"), "--mark", "-o", str(tmp_path / "m.xlsx")])
    client.wb = openpyxl.load_workbook(tmp_path / "m.xlsx")


assert WRONG
