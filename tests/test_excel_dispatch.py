"""The add-in's Python side on xlwings' remote engine restricted to the desktop engines' API:
each button's exact RunPython statement, taken from the built add-in, run against a mock caller
built from a real workbook; the marks it makes equal those of the openpyxl path (what
``gkstats check --mark`` does), and no button calls what desktop Excel lacks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import openpyxl
import pytest
from excel_engine import desktop_engine as desktop_engine  # the fixture
from excel_support import (
    NOTED,
    WRONG,
    Client,
    click,
    fill_rgb,
    filled_template,
    hyperlink_text,
    payload,
)
from excel_support import commands as commands  # the fixture
from excel_support import remote_engine as remote_engine  # the fixture
from fixtures import pingtan_2025

from gkstats.cli import main
from gkstats.excel import buttons, dispatch
from gkstats.excel._xlwings_gateway import XlwingsGateway
from gkstats.workbook._openpyxl import OpenpyxlWorkbook
from gkstats.workbook.gateway import Workbook
from gkstats.workbook.marks import RECORD_SHEET, RESULTS_SHEET
from gkstats.workbook.reader import read_workbook

pytest.importorskip("pyopenvba", reason="pyOpenVBA (the excel extra) builds the add-in")

assert NOTED  # the template's second note, on a cell that is not marked


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


def nothing_written(client: Client) -> bool:
    return [] == [a for a in client.unapplied if a["func"] != "alert"]


# --- the gateway ----------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["none", "rows_inserted", "old_template", "hand_made"])
def test_the_xlwings_gateway_reads_the_same_table_as_the_openpyxl_one(
    desktop_engine, change, tmp_path
):
    """From the template's layout marker when it is fresh; from the names when the marker is
    stale (a row inserted) or missing (an older template); from the labels without names."""
    import xlwings as xw
    from workbook_support import hand_made

    from gkstats.workbook._marker import LAYOUT_NAME

    path = filled_template(tmp_path / "t.xlsx", {"t3.new.other": "十几"})
    book = openpyxl.load_workbook(path)
    if change == "rows_inserted":
        book["三、收到和处理政府信息公开申请情况"].insert_rows(8)  # as Excel does, names move
        for dn in book.defined_names.values():
            dn.attr_text = _shift_rows(dn.attr_text, "三、收到和处理政府信息公开申请情况", 8)
    elif change == "old_template":
        del book.defined_names[LAYOUT_NAME]
    elif change == "hand_made":
        book = openpyxl.load_workbook(hand_made(pingtan_2025(), tmp_path / "h.xlsx"))
    book.save(path)
    expected = read_workbook(OpenpyxlWorkbook.open(path))
    remote = xw.Book(json=payload(openpyxl.load_workbook(path)))
    desktop_engine.client = Client(openpyxl.load_workbook(path))
    gateway = XlwingsGateway(remote)
    assert isinstance(gateway, Workbook)
    actual = read_workbook(gateway)
    assert expected.table == actual.table
    assert dict(expected.table.addresses) == dict(actual.table.addresses)
    assert (expected.located, expected.by_name) == (actual.located, actual.by_name)
    with desktop_engine.unobserved():
        assert [] == remote.json()["actions"]  # reading writes nothing
    assert [] == desktop_engine.refused
    names_read = sum(1 for c, _ in desktop_engine.calls if c == "Name.refers_to.get")
    names = len(openpyxl.load_workbook(path).defined_names)
    marker = {"none": 1, "rows_inserted": 1, "old_template": 0, "hand_made": 0}[change]
    assert marker + (0 if change == "none" else names) == names_read


def _shift_rows(ref: str, sheet: str, at: int) -> str:
    import re

    if sheet not in ref:
        return ref
    return re.sub(r"\$(\d+)", lambda m: f"${int(m[1]) + 1 if int(m[1]) >= at else int(m[1])}", ref)


# --- 校验 and 清除标记 through the add-in's own RunPython statements ----------------------------


def test_clicking_check_marks_what_check_mark_marks_and_clear_restores_it(
    desktop_engine, commands, tmp_path
):
    path = filled_template(tmp_path / "2025年报.xlsx")
    original = openpyxl.load_workbook(path)

    # the command line: `gkstats check 2025年报.xlsx --mark -o marked.xlsx`
    marked_file = tmp_path / "marked.xlsx"
    assert 1 == main(["check", str(path), "--mark", "-o", str(marked_file)])
    expected = openpyxl.load_workbook(marked_file)

    # the add-in: 校验
    client = Client(openpyxl.load_workbook(path))
    alerts = click(desktop_engine, client, commands["check"])
    assert [] == desktop_engine.refused
    assert marks(expected) == marks(client.wb)
    assert marks(original) != marks(client.wb)  # it did mark something
    assert results(expected) == results(client.wb)
    assert "hidden" == client.wb[RECORD_SHEET].sheet_state
    assert expected.sheetnames == client.wb.sheetnames
    ((message, mode),) = alerts
    assert "critical" == mode
    assert "校验未通过" in message and "个单元格标色并加批注" in message

    # 校验 again on the marked workbook: the same marks, not the marks recorded as the user's
    alerts = click(desktop_engine, client, commands["check"])
    assert marks(expected) == marks(client.wb)
    assert results(expected) == results(client.wb)
    assert expected.sheetnames == client.wb.sheetnames

    # 清除标记, on the marked workbook as Excel now holds it
    alerts = click(desktop_engine, client, commands["clear_marks"])
    assert [] == desktop_engine.refused
    cleared_file = tmp_path / "cleared.xlsx"  # `gkstats clear marked.xlsx -o cleared.xlsx`
    assert 0 == main(["clear", str(marked_file), "-o", str(cleared_file)])
    assert marks(original) == marks(client.wb) == marks(openpyxl.load_workbook(cleared_file))
    assert original.sheetnames == client.wb.sheetnames
    ((message, mode),) = alerts
    assert "info" == mode and "已清除校验标记" in message


def test_clear_on_an_unmarked_workbook_says_so_and_changes_nothing(
    desktop_engine, commands, tmp_path
):
    client = Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx")))
    alerts = click(desktop_engine, client, commands["clear_marks"])
    assert [("这个工作簿中没有 gkstats 的校验标记。", "info")] == alerts
    assert nothing_written(client)


# --- user errors are Chinese alerts ----------------------------------------------------------


def test_a_workbook_without_a_gkstats_table_gets_a_chinese_alert(desktop_engine, commands):
    book = openpyxl.Workbook()
    book.active["A1"] = "会议纪要"
    client = Client(book, "会议纪要.xlsx")
    ((message, mode),) = click(desktop_engine, client, commands["check"])
    assert "critical" == mode and "Traceback" not in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert "撤销" not in message  # nothing was changed, so nothing was undone
    assert nothing_written(client)


def test_unreadable_cells_are_findings_marked_in_the_workbook(desktop_engine, commands, tmp_path):
    path = filled_template(tmp_path / "t.xlsx", {"t3.new.other": "十几"})
    client = Client(openpyxl.load_workbook(path))
    ((message, mode),) = click(desktop_engine, client, commands["check"])
    assert "critical" == mode and "校验未通过" in message
    read = read_workbook(OpenpyxlWorkbook.open(path))
    sheet, cell = read.located["t3.new.other"]
    note = client.wb[sheet].cell(*cell).comment
    assert note is not None and "十几" in note.text


def test_an_unknown_id_runs_nothing(desktop_engine, tmp_path):
    client = Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx")))
    statement = "import gkstats.excel.dispatch as gkd;gkd.run('format_c')"
    ((message, mode),) = click(desktop_engine, client, statement)
    assert ("不认识的按钮「format_c」，已拒绝执行。", "critical") == (message, mode)
    assert ["Book.app.get", "App.pid.get", "App.alert"] == [c for c, _ in desktop_engine.calls]


def test_report_is_written_next_to_the_workbook(desktop_engine, commands, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the remote engine's book has a bare name: "next to" is here
    path = filled_template(tmp_path / "t.xlsx", {WRONG: pingtan_2025()[WRONG]})
    client = Client(openpyxl.load_workbook(path), "本单位.xlsx")
    for expected in ("本单位_年度报告.docx", "本单位_年度报告 (2).docx"):
        ((message, mode),) = click(desktop_engine, client, commands["report"])
        assert "info" == mode and "已生成报告" in message, message
        assert (tmp_path / expected).exists()  # an earlier report is never replaced
        assert [] == desktop_engine.refused
    assert nothing_written(client)


def test_import_last_year_fills_carried_from_the_picked_workbook(
    desktop_engine, commands, monkeypatch, tmp_path
):
    from workbook_support import filled_template as fill

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
    last_path = fill(last, tmp_path / "2024.xlsx")
    monkeypatch.setattr(_choose, "choose_files", lambda title, multiple: [last_path])
    path = filled_template(tmp_path / "t.xlsx", {WRONG: pingtan_2025()[WRONG]})
    client = Client(openpyxl.load_workbook(path))
    ((message, mode),) = click(desktop_engine, client, commands["import_last_year"])
    assert "info" == mode and "已从 2024.xlsx 导入上年结转" in message, message
    assert [] == desktop_engine.refused
    read = read_workbook(OpenpyxlWorkbook(client.wb))
    assert read.table["t3.carried.natural"] == 3 and read.table["t3.carried.total"] == 3
    assert read.table["t3.carried.commercial"] == 2  # last year's 结转 of 商业企业


def test_import_last_year_cancelled_changes_nothing(
    desktop_engine, commands, monkeypatch, tmp_path
):
    from gkstats.excel import _choose

    monkeypatch.setattr(_choose, "choose_files", lambda title, multiple: [])
    client = Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx")))
    alerts = click(desktop_engine, client, commands["import_last_year"])
    assert [("已取消导入上年。", "info")] == alerts
    assert nothing_written(client)


def test_consolidate_sums_the_picked_workbooks_into_documents(
    desktop_engine, commands, monkeypatch, tmp_path
):
    from workbook_support import filled_template as fill

    from gkstats.excel import _choose
    from gkstats.readers import read_table

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    units = [fill(pingtan_2025().replace(organ=n), tmp_path / f"{n}.xlsx") for n in ("甲", "乙")]
    monkeypatch.setattr(_choose, "choose_files", lambda title, multiple: units)
    client = Client(openpyxl.Workbook())
    ((message, mode),) = click(desktop_engine, client, commands["consolidate"])
    assert "info" == mode and "已汇总 2 个单位" in message, message
    assert [] == desktop_engine.refused
    (made,) = (tmp_path / "Documents").glob("汇总*.xlsx")
    assert read_table(made)["t4.review.total"] == 72


def test_an_internal_error_is_an_alert_pointing_to_a_log(
    desktop_engine, commands, monkeypatch, tmp_path
):
    def broken(ctx: Any) -> Any:
        raise ZeroDivisionError("deliberate")

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setitem(buttons.COMMANDS, "check", broken)  # type: ignore[index]
    client = Client(openpyxl.Workbook())
    ((message, mode),) = click(desktop_engine, client, commands["check"])
    log = dispatch.log_path()
    assert "critical" == mode and "ZeroDivisionError" in message and str(log) in message
    assert "「校验」未能完成" in message
    assert "deliberate" in log.read_text("utf-8")


def test_doctor_shows_the_diagnosis(desktop_engine, commands):
    client = Client(openpyxl.Workbook())
    ((message, _mode),) = click(desktop_engine, client, commands["doctor"])
    assert "Python 解释器" in message and sys.executable in message
    assert [] == desktop_engine.refused


def test_new_template_writes_a_template_into_documents(
    desktop_engine, commands, monkeypatch, tmp_path
):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    client = Client(openpyxl.Workbook())
    messages = []
    for _ in range(2):  # the second click must not overwrite the first template
        ((message, mode),) = click(desktop_engine, client, commands["new_template"])
        assert "info" == mode and "已新建" in message
        assert [] == desktop_engine.refused
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


@pytest.mark.parametrize("fixture", ["xz2017", "pingtan_2020", "pingtan_2025"])
def test_check_marks_every_format_as_the_command_line_does(
    desktop_engine, commands, fixture, tmp_path
):
    """Each format's template (legacy, f2019, f2021) with one figure wrong, through 校验 and
    清除标记 on the desktop-restricted engine, against ``gkstats check --mark``."""
    import fixtures
    from workbook_support import filled_template as fill

    from gkstats import RuleKind, default_rules

    table = getattr(fixtures, fixture)()
    rule = next(r for r in default_rules(table.format).rules if r.kind is RuleKind.SUM)
    part = rule.items[0].rhs[0]
    wrong = table.replace({part: (table[part] or 0) + 10})
    path = fill(wrong, tmp_path / f"{fixture}.xlsx")
    marked_file = tmp_path / "marked.xlsx"
    main(["check", str(path), "--mark", "-o", str(marked_file)])
    expected = openpyxl.load_workbook(marked_file)
    client = Client(openpyxl.load_workbook(path))
    click(desktop_engine, client, commands["check"])
    assert [] == desktop_engine.refused
    assert marks(expected) == marks(client.wb) != {}
    assert results(expected) == results(client.wb)
    marked = client.wb[RECORD_SHEET].max_row - 2
    assert len(desktop_engine.calls) <= 50 + 5 * marked, desktop_engine.tally()
    assert 1 == sum(1 for c, _ in desktop_engine.calls if c == "Name.refers_to.get")
    click(desktop_engine, client, commands["clear_marks"])
    assert marks(openpyxl.load_workbook(path)) == marks(client.wb)
    assert openpyxl.load_workbook(path).sheetnames == client.wb.sheetnames


def test_the_results_sheet_wraps_its_text_and_names_cells_as_people_do(
    desktop_engine, commands, tmp_path
):
    # issue 17: the list showed internal ids run into the next column; in Excel its text
    # wraps (Excel grows the rows itself), the footer is set through .api on the desktop
    # only (the remote engine has no page setup: _desktop.print_setup says so with False)
    client = Client(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx")))
    click(desktop_engine, client, commands["check"])
    assert [] == desktop_engine.refused
    ws = client.wb[RESULTS_SHEET]
    listed = results(client.wb)
    body = [
        ws.cell(r, c)
        for r in range(2, 2 + sum(1 for row in listed[1:] if isinstance(row[0], int)))
        for c in range(1, len(listed[0]) + 1)
        if ws.cell(r, c).value is not None
    ]
    assert body and all(c.alignment.wrap_text for c in body)
    assert not any(re.search(r"\bt[234]\.\w+\.\w+", str(v)) for row in listed for v in row)
