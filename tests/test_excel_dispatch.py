"""The add-in's Python side on xlwings' remote engine: each button's exact RunPython statement,
taken from the built add-in, run against a mock caller built from a real workbook; the marks it
makes equal those of the openpyxl path (what ``gkstats check --mark`` does)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from excel_support import AddinVBA, Client, built_addin, fill_rgb, hyperlink_text, payload
from excel_support import remote_engine as remote_engine  # the fixture
from fixtures import pingtan_2025
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from gkstats import get_format
from gkstats.cli import main
from gkstats.excel import _xlwings_gateway, buttons, dispatch
from gkstats.excel._xlwings_gateway import XlwingsGateway
from gkstats.workbook import template
from gkstats.workbook._openpyxl import OpenpyxlWorkbook
from gkstats.workbook.gateway import Workbook
from gkstats.workbook.marks import RECORD_SHEET, RESULTS_SHEET
from gkstats.workbook.reader import read_workbook

pytest.importorskip("pyopenvba", reason="pyOpenVBA (the excel extra) builds the add-in")

#: The cell the test workbook gets wrong (平潭 2025: 部分公开·自然人 38, typed as 83).
WRONG = "t3.partial.natural"
#: A cell whose note the user wrote and gkstats must leave alone.
NOTED = "t3.new.natural"


@pytest.fixture(scope="module")
def commands(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Button id → the exact statement the built add-in's VBA hands to RunPython."""
    vba = AddinVBA(built_addin(tmp_path_factory))
    out = {}
    for b in buttons.ribbon_buttons():
        (statement,) = vba.click(b.id)
        out[b.id] = statement
    return out


def filled_template(path: Path, changes: dict[str, object] | None = None) -> Path:
    """The f2021 template filled with 平潭 2025's figures, one typed wrong, and the user's own
    fill and note on that cell and a note on another: saved, as a user's file would be."""
    fmt = get_format("f2021")
    table = pingtan_2025()
    book = template.build(fmt, year=2025, organ="平潭综合实验区")
    where = {cid: (sheet, cell) for cid, sheet, cell in template.cells_of(book, fmt)}
    values = {**table.cells, WRONG: 83, **(changes or {})}
    for cell_id, value in values.items():
        sheet, cell = where[cell_id]
        book[sheet].cell(*cell).value = float(value) if not isinstance(value, int | str) else value
    sheet, cell = where[WRONG]
    book[sheet].cell(*cell).fill = PatternFill(
        "solid", start_color="FFFFFF00", end_color="FFFFFF00"
    )
    book[sheet].cell(*cell).comment = Comment("张三：此数待核", "张三")
    sheet, cell = where[NOTED]
    book[sheet].cell(*cell).comment = Comment("来源：登记台账", "张三")
    book.save(path)
    return path


def marks(book: Any) -> dict[tuple[str, str], tuple[object, str | None]]:
    """Every cell with a fill or a note, outside gkstats' own sheets: (fill RGB, note text)."""
    out = {}
    for ws in book.worksheets:
        if ws.title in (RECORD_SHEET, RESULTS_SHEET):
            continue
        for row in ws.iter_rows():
            for c in row:
                rgb = fill_rgb(c.fill)
                text = c.comment.text if c.comment is not None else None
                if rgb is not None or text is not None:
                    out[(ws.title, c.coordinate)] = (rgb, text)
    return out


def results(book: Any) -> list[list[object]]:
    """The 校验结果 sheet's values; a HYPERLINK formula counts as the text it shows."""
    ws = book[RESULTS_SHEET]
    rows = []
    for row in ws.iter_rows(values_only=True):
        rows.append([_shown(v) for v in row])
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def _shown(value: object) -> object:
    shown = hyperlink_text(value)
    return value if shown is None else shown


@pytest.fixture
def client_side(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Makes the dispatcher's gateway a :class:`ClientGateway` of the client given."""

    def use(client: Client) -> Client:
        monkeypatch.setattr(_xlwings_gateway, "XlwingsGateway", client.gateway_class())
        return client

    return use


def click(xw: Any, client: Client, statement: str) -> list[tuple[str, str]]:
    """Press a button: run its RunPython statement with the client's workbook as caller."""
    book = client.open(xw)
    exec(statement, {})
    client.sync(book)
    return client.alerts()


# --- the gateway ----------------------------------------------------------------------------


def test_the_xlwings_gateway_reads_the_same_table_as_the_openpyxl_one(remote_engine, tmp_path):
    xw = remote_engine
    path = filled_template(tmp_path / "t.xlsx", {"t3.new.other": "十几"})
    expected = read_workbook(OpenpyxlWorkbook.open(path))
    book = xw.Book(json=payload(openpyxl.load_workbook(path)))
    gateway = XlwingsGateway(book)
    assert isinstance(gateway, Workbook)
    actual = read_workbook(gateway)
    assert expected.table == actual.table
    assert dict(expected.table.addresses) == dict(actual.table.addresses)
    assert (expected.located, expected.by_name) == (actual.located, actual.by_name)
    assert [] == book.json()["actions"]  # reading writes nothing


# --- 校验 and 清除标记 through the add-in's own RunPython statements ----------------------------


def test_clicking_check_marks_what_check_mark_marks_and_clear_restores_it(
    remote_engine, client_side, commands, tmp_path
):
    xw = remote_engine
    path = filled_template(tmp_path / "2025年报.xlsx")
    original = openpyxl.load_workbook(path)

    # the command line: `gkstats check 2025年报.xlsx --mark -o marked.xlsx`
    marked_file = tmp_path / "marked.xlsx"
    assert 1 == main(["check", str(path), "--mark", "-o", str(marked_file)])
    expected = openpyxl.load_workbook(marked_file)

    # the add-in: 校验
    client = client_side(Client(openpyxl.load_workbook(path)))
    alerts = click(xw, client, commands["check"])
    assert marks(expected) == marks(client.wb)
    assert marks(original) != marks(client.wb)  # it did mark something
    assert results(expected) == results(client.wb)
    assert "hidden" == client.wb[RECORD_SHEET].sheet_state
    assert expected.sheetnames == client.wb.sheetnames
    ((message, mode),) = alerts
    assert "critical" == mode
    assert "校验未通过" in message and "个单元格标色并加批注" in message

    # 清除标记, on the marked workbook as Excel now holds it
    alerts = click(xw, client, commands["clear_marks"])
    cleared_file = tmp_path / "cleared.xlsx"  # `gkstats clear marked.xlsx -o cleared.xlsx`
    assert 0 == main(["clear", str(marked_file), "-o", str(cleared_file)])
    assert marks(original) == marks(client.wb) == marks(openpyxl.load_workbook(cleared_file))
    assert original.sheetnames == client.wb.sheetnames
    ((message, mode),) = alerts
    assert "info" == mode and "已清除校验标记" in message


def test_clear_on_an_unmarked_workbook_says_so_and_changes_nothing(
    remote_engine, client_side, commands, tmp_path
):
    client = client_side(Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx"))))
    alerts = click(remote_engine, client, commands["clear_marks"])
    assert [("这个工作簿中没有 gkstats 的校验标记。", "info")] == alerts
    assert [] == [a for a in client.unapplied if a["func"] != "alert"]


# --- user errors are Chinese alerts ----------------------------------------------------------


def test_a_workbook_without_a_gkstats_table_gets_a_chinese_alert(
    remote_engine, client_side, commands
):
    book = openpyxl.Workbook()
    book.active["A1"] = "会议纪要"
    client = client_side(Client(book, "会议纪要.xlsx"))
    ((message, mode),) = click(remote_engine, client, commands["check"])
    assert "critical" == mode and "Traceback" not in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert [] == [a for a in client.unapplied if a["func"] != "alert"]  # nothing written


def test_unreadable_cells_are_findings_marked_in_the_workbook(
    remote_engine, client_side, commands, tmp_path
):
    path = filled_template(tmp_path / "t.xlsx", {"t3.new.other": "十几"})
    client = client_side(Client(openpyxl.load_workbook(path)))
    ((message, mode),) = click(remote_engine, client, commands["check"])
    assert "critical" == mode and "校验未通过" in message
    read = read_workbook(OpenpyxlWorkbook.open(path))
    sheet, cell = read.located["t3.new.other"]
    note = client.wb[sheet].cell(*cell).comment
    assert note is not None and "十几" in note.text


def test_an_unknown_id_runs_nothing(remote_engine, client_side, tmp_path):
    client = client_side(Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx"))))
    statement = "import gkstats.excel.dispatch as gkd;gkd.run('format_c')"
    ((message, mode),) = click(remote_engine, client, statement)
    assert ("不认识的按钮「format_c」，已拒绝执行。", "critical") == (message, mode)
    assert [] == client.gateways


def test_report_is_written_next_to_the_workbook(
    remote_engine, client_side, commands, monkeypatch, tmp_path
):
    monkeypatch.chdir(tmp_path)  # the remote engine's book has a bare name: "next to" is here
    path = filled_template(tmp_path / "t.xlsx", {WRONG: pingtan_2025()[WRONG]})
    client = client_side(Client(openpyxl.load_workbook(path), "本单位.xlsx"))
    for expected in ("本单位_年度报告.docx", "本单位_年度报告 (2).docx"):
        ((message, mode),) = click(remote_engine, client, commands["report"])
        assert "info" == mode and "已生成报告" in message, message
        assert (tmp_path / expected).exists()  # an earlier report is never replaced


def test_import_last_year_fills_carried_from_the_picked_workbook(
    remote_engine, client_side, commands, monkeypatch, tmp_path
):
    from gkstats.excel import _choose

    last = pingtan_2025().replace(
        {
            "t3.carry_forward.natural": 3,
            "t3.carry_forward.total": 3,
            "t3.new.natural": 154,
            "t3.new.total": 157,
        },
        year=2024,
    )
    from workbook_support import filled_template as fill

    last_path = fill(last, tmp_path / "2024.xlsx")
    monkeypatch.setattr(_choose, "choose_files", lambda title, multiple: [last_path])
    path = filled_template(tmp_path / "t.xlsx", {WRONG: pingtan_2025()[WRONG]})
    client = client_side(Client(openpyxl.load_workbook(path)))
    ((message, mode),) = click(remote_engine, client, commands["import_last_year"])
    assert "info" == mode and "已从 2024.xlsx 导入上年结转" in message, message
    read = read_workbook(OpenpyxlWorkbook(client.wb))
    assert read.table["t3.carried.natural"] == 3 and read.table["t3.carried.total"] == 3
    assert read.table["t3.carried.commercial"] == 2  # last year's 结转 of 商业企业


def test_import_last_year_cancelled_changes_nothing(
    remote_engine, client_side, commands, monkeypatch, tmp_path
):
    from gkstats.excel import _choose

    monkeypatch.setattr(_choose, "choose_files", lambda title, multiple: [])
    client = client_side(Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx"))))
    alerts = click(remote_engine, client, commands["import_last_year"])
    assert [("已取消导入上年。", "info")] == alerts
    assert [] == [a for a in client.unapplied if a["func"] != "alert"]


def test_consolidate_sums_the_picked_workbooks_into_documents(
    remote_engine, client_side, commands, monkeypatch, tmp_path
):
    from workbook_support import filled_template as fill

    from gkstats.excel import _choose
    from gkstats.readers import read_table

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    units = [fill(pingtan_2025().replace(organ=n), tmp_path / f"{n}.xlsx") for n in ("甲", "乙")]
    monkeypatch.setattr(_choose, "choose_files", lambda title, multiple: units)
    client = client_side(Client(openpyxl.Workbook()))
    ((message, mode),) = click(remote_engine, client, commands["consolidate"])
    assert "info" == mode and "已汇总 2 个单位" in message, message
    (made,) = (tmp_path / "Documents").glob("汇总*.xlsx")
    assert read_table(made)["t4.review.total"] == 72


def test_an_internal_error_is_an_alert_pointing_to_a_log(
    remote_engine, client_side, commands, monkeypatch, tmp_path
):
    def broken(ctx: Any) -> Any:
        raise ZeroDivisionError("deliberate")

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setitem(buttons.COMMANDS, "check", broken)  # type: ignore[index]
    client = client_side(Client(openpyxl.Workbook()))
    ((message, mode),) = click(remote_engine, client, commands["check"])
    log = dispatch.log_path()
    assert "critical" == mode and "ZeroDivisionError" in message and str(log) in message
    assert "deliberate" in log.read_text("utf-8")


def test_doctor_shows_the_diagnosis(remote_engine, client_side, commands):
    client = client_side(Client(openpyxl.Workbook()))
    ((message, _mode),) = click(remote_engine, client, commands["doctor"])
    assert "Python 解释器" in message and sys.executable in message


def test_new_template_writes_a_template_into_documents(
    remote_engine, client_side, commands, monkeypatch, tmp_path
):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    client = client_side(Client(openpyxl.Workbook()))
    messages = []
    for _ in range(2):  # the second click must not overwrite the first template
        ((message, mode),) = click(remote_engine, client, commands["new_template"])
        assert "info" == mode and "已新建" in message
        messages.append(message)
    made = sorted((tmp_path / "Documents").glob("*.xlsx"))
    assert 2 == len(made)
    assert all(any(str(p) in m for m in messages) for p in made)
    for p in made:
        read = read_workbook(OpenpyxlWorkbook.open(p))
        required = {c.id for c in read.table.format.cells if not c.optional}
        assert () == read.missing and required <= read.by_name


# --- the product does not depend on xlwings PRO --------------------------------------------------


def test_the_add_in_imports_no_xlwings_pro_code():
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    code = (
        "import sys, gkstats.excel.dispatch, gkstats.excel._xlwings_gateway, "
        "gkstats.excel.build, gkstats.excel.install, gkstats.excel.doctor, gkstats.cli._excel;"
        "bad = sorted(m for m in sys.modules if m.startswith('xlwings.pro'));"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert 0 == done.returncode, done.stderr
