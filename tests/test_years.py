"""A report year after the current one is an error wherever a year enters (issue 17): table
JSON, a workbook, a parsed report, ``--year``, a template, the Python API."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from fixtures import pingtan_2025
from parse_samples import to_html
from workbook_support import filled_template

from gkstats import GkError, Table, converter
from gkstats.cli import main
from gkstats.readers import read_table
from gkstats.table import require_year
from gkstats.workbook import template

NEXT = datetime.date.today().year + 1


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_this_year_is_a_report_year_and_next_year_is_not() -> None:
    this = datetime.date.today().year
    assert require_year(this) == this
    with pytest.raises(GkError) as err:
        require_year(NEXT)
    assert err.value.code == "future_year" and str(NEXT) in err.value.zh


@pytest.mark.parametrize("year", [NEXT, 2099])
def test_regression_a_future_year_in_table_json_is_refused(
    year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.json"
    data = converter.unstructure(pingtan_2025())
    path.write_text(json.dumps({**data, "year": year}, ensure_ascii=False), "utf-8")
    code, out, err = run(capsys, "check", str(path))  # was: checked as a 2099 table
    assert (code, out) == (2, "")
    assert f"{path}：报告年度 {year} 在今年" in err


def test_a_future_year_through_the_python_api_is_refused() -> None:
    with pytest.raises(GkError):
        Table.from_cells("f2021", NEXT, "", {})
    with pytest.raises(GkError):
        pingtan_2025().replace(year=NEXT)


def test_a_future_year_in_a_workbook_is_refused(tmp_path: Path) -> None:
    path = filled_template(pingtan_2025(), tmp_path / "t.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet, cell = next(iter(book.defined_names["GK_year"].destinations))
    book[sheet][cell.replace("$", "")] = NEXT
    book.save(path)
    with pytest.raises(GkError) as err:
        read_table(path)
    assert err.value.code == "future_year" and str(path) in err.value.zh


def test_a_future_year_in_a_report_title_is_refused(tmp_path: Path) -> None:
    page = to_html(pingtan_2025()).replace("2025年", f"{NEXT}年")
    path = tmp_path / "report.html"
    path.write_text(page, "utf-8")
    with pytest.raises(GkError) as err:
        read_table(path)
    assert err.value.code == "future_year"


@pytest.mark.parametrize("command", ["check", "report", "batch", "parse", "template"])
def test_a_future_year_option_is_refused(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(converter.unstructure(pingtan_2025()), ensure_ascii=False), "utf-8")
    given = {"batch": [str(tmp_path), "-o", str(tmp_path / "s.json")], "template": []}
    args = given.get(command, [str(path)])
    code, _, err = run(capsys, command, *args, "--year", str(NEXT))
    assert code == 2 and "在今年" in err and "Traceback" not in err


def test_a_template_for_a_future_year_is_not_written(tmp_path: Path) -> None:
    with pytest.raises(GkError):
        template.write(tmp_path / "t.xlsx", "f2021", year=NEXT)
    assert not (tmp_path / "t.xlsx").exists()
