"""gkstats template, check --mark, clear: through the real command line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workbook_support import filled_template, snapshot

from gkstats import FORMATS, Table
from gkstats.cli import main
from gkstats.workbook import OpenpyxlWorkbook, read_file
from gkstats.workbook.marks import RESULTS_SHEET


def _broken() -> Table:
    fmt = next(f for f in FORMATS if f.id == "f2021")
    cells: dict[str, object] = {c.id: 0 for c in fmt.cells if not c.optional}
    cells["t3.partial.natural"] = 16
    cells["t3.partial.total"] = 61
    return Table.from_cells(fmt, 2025, "测试单位", cells)


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "模板.xlsx"
    assert (
        main(["template", "--format", "f2021", "--year", "2025", "--organ", "某局", "-o", str(out)])
        == 0
    )
    assert "f2021" in capsys.readouterr().out
    read = read_file(out)
    assert (read.table.format.id, read.table.year, read.table.organ) == ("f2021", 2025, "某局")
    # never overwrites unless asked
    assert main(["template", "-o", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["template", "--year", "2017", "-o", str(out), "--force"]) == 0
    assert read_file(out).table.format.id == "legacy"


def test_template_refuses_a_year_the_format_does_not_cover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["template", "--format", "f2019", "--year", "2025", "-o", str(tmp_path / "a.xlsx")])
        == 2
    )
    assert "f2019" in capsys.readouterr().err
    assert not (tmp_path / "a.xlsx").exists()
    assert main(["template", "-o", str(tmp_path / "a.csv")]) == 2


def test_check_mark_then_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = filled_template(_broken(), tmp_path / "表.xlsx")
    before = snapshot(src)
    assert main(["check", str(src), "--mark"]) == 1
    out = capsys.readouterr().out
    marked = tmp_path / "表_校验.xlsx"
    assert marked.exists() and str(marked) in out and "F21-02" in out
    assert RESULTS_SHEET in OpenpyxlWorkbook.open(marked).sheet_names()
    assert (
        main(["check", str(src), "--mark", "--locate", "-o", str(tmp_path / "m.xlsx"), "--json"])
        == 1
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["marked"]["output"] == str(tmp_path / "m.xlsx")
    assert payload["marked"]["cells"] >= 1
    assert main(["clear", str(marked)]) == 0
    cleared = tmp_path / "表_校验_清除标记.xlsx"
    assert str(cleared) in capsys.readouterr().out
    after = snapshot(cleared)
    for key in before.keys() | after.keys():
        assert before.get(key, (None, None)) == after.get(key, (None, None))
    # nothing to clear: said so, nothing written
    assert main(["clear", str(src), "-o", str(tmp_path / "x.xlsx")]) == 0
    assert "没有" in capsys.readouterr().out and not (tmp_path / "x.xlsx").exists()


def test_check_mark_in_place_keeps_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = filled_template(_broken(), tmp_path / "表.xlsx")
    original = src.read_bytes()
    assert main(["check", str(src), "--mark", "--in-place"]) == 1
    backup = tmp_path / "表.bak.xlsx"
    assert backup.read_bytes() == original
    assert RESULTS_SHEET in OpenpyxlWorkbook.open(src).sheet_names()
    assert str(backup) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["-o", "out.xlsx"], "--mark"),
        (["--in-place"], "--mark"),
        (["--mark", "--in-place", "-o", "out.xlsx"], "--in-place"),
        (["--mark", "-o", "out.csv"], ".xlsx"),
    ],
)
def test_mark_option_mistakes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: str
) -> None:
    src = filled_template(_broken(), tmp_path / "表.xlsx")
    before = src.read_bytes()
    args = [a if not a.startswith("out") else str(tmp_path / a) for a in args]
    assert main(["check", str(src), *args]) == 2
    assert code in capsys.readouterr().err
    assert src.read_bytes() == before


def test_mark_refuses_a_table_that_is_not_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gkstats.convert import table_to_json

    path = tmp_path / "t.json"
    path.write_text(json.dumps(table_to_json(_broken()), ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(path), "--mark"]) == 2
    assert "--mark" in capsys.readouterr().err


def test_check_reads_workbooks_and_names_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = filled_template(_broken(), tmp_path / "表.xlsx")
    assert main(["check", str(src)]) == 1
    out = capsys.readouterr().out
    assert "t3.partial.total @ 三、收到和处理政府信息公开申请情况!J9" in out


def test_not_a_workbook_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "不是 Excel 工作簿" in capsys.readouterr().err
    assert main(["clear", str(path)]) == 2


def test_regression_a_workbook_without_a_year_is_refused_not_defaulted(tmp_path) -> None:
    from gkstats import GkError
    from gkstats.readers import read_table
    from gkstats.workbook import template as _template

    path = tmp_path / "no-year.xlsx"
    _template.write(path, "f2021")  # 年度 left blank, as a user may forget
    try:
        read_table(path)
    except GkError as exc:
        assert exc.code == "missing_year" and "年度" in exc.zh
    else:
        raise AssertionError("a workbook without a year was read with a default year")
