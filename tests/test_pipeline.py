"""parse → check → report as one pipeline (issue 17): the table JSON ``parse -o`` writes and
the ``parse --json`` document are read by check, report and consolidate; cells a report did
not let be read never sink the whole file, and ``--set`` (or the JSON) settles them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fixtures import pingtan_2025
from parse_samples import to_html, to_text

from gkstats import check, converter
from gkstats.cli import main
from gkstats.readers import read_table
from gkstats.values import Unreadable

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PINGTAN_2019 = CORPUS / "pingtan_2019.txt"

#: What table 二 of 平潭 2019 reads in its HTML page (the text runs the figures together).
PINGTAN_2019_T2 = {
    "t2.normative.new_made": "89", "t2.normative.new_published": "89",
    "t2.normative.total_published": "89", "t2.licensing.prev_items": "396",
    "t2.licensing.change": "0", "t2.licensing.decisions": "181",
    "t2.other_services.prev_items": "10", "t2.other_services.change": "0",
    "t2.other_services.decisions": "153", "t2.penalty.prev_items": "2648",
    "t2.penalty.change": "0", "t2.penalty.decisions": "430",
    "t2.enforcement.prev_items": "126", "t2.enforcement.change": "0",
    "t2.enforcement.decisions": "25", "t2.fees.prev_items": "35", "t2.fees.change": "0",
    "t2.procurement.projects": "135", "t2.procurement.amount": "75394432.52元",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def run_together(tmp_path: Path) -> Path:
    """平潭 2025's tables as a text page prints them: table 二's figures run together
    (「5845546」 for 58, 45, 546), which splits several ways."""
    path = tmp_path / "示例2025.txt"
    path.write_text(to_text(pingtan_2025()), encoding="utf-8")
    return path


def test_parse_writes_the_table_json_check_report_and_consolidate_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    report.write_text(to_html(pingtan_2025()), encoding="utf-8")
    table = tmp_path / "table.json"
    assert run(capsys, "parse", str(report), "-o", str(table))[0] == 0
    assert read_table(table) == read_table(report)
    assert run(capsys, "check", str(table))[0] == 0
    code, out, _ = run(capsys, "report", str(table), "-o", str(tmp_path / "r.md"))
    assert code == 0 and (tmp_path / "r.md").exists(), out
    summed = tmp_path / "sum.json"
    assert run(capsys, "consolidate", str(table), str(table), "-o", str(summed))[0] == 0
    assert read_table(summed)["t3.total.total"] == 2 * pingtan_2025()["t3.total.total"]


def test_the_parse_json_document_is_a_table_too(  # was: 「表格 JSON 含未知字段」
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    report.write_text(to_html(pingtan_2025(), "一、总体情况\n本年度收到申请154件。"), "utf-8")
    code, out, _ = run(capsys, "parse", str(report), "--json")
    document = tmp_path / "parsed.json"
    document.write_text(out, encoding="utf-8")
    assert read_table(document) == read_table(report)
    # the part's text, without its heading (the report writes the heading)
    assert read_table(document).narrative["overview"] == "本年度收到申请154件。"
    code, out, err = run(capsys, "check", str(document))
    assert (code, err) == (0, ""), out


def test_a_folders_parse_document_says_to_write_each_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(to_html(pingtan_2025()), "utf-8")
    document = tmp_path / "all.json"
    document.write_text(run(capsys, "parse", str(folder), "--json")[1], "utf-8")
    code, _, err = run(capsys, "check", str(document))
    assert code == 2 and "parse 报告 -o" in err


def test_ambiguous_cells_do_not_sink_check_report_or_batch(
    run_together: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", str(run_together))
    assert (code, err) == (1, "")  # was: exit 2, the whole file refused
    assert "可能是" in out and "--set t2.normative.issued=值" in out
    code, out, _ = run(capsys, "report", str(run_together), "-o", str(tmp_path / "r.md"))
    assert code == 1 and "未生成报告" in out and "可能是" in out
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(run_together, folder)
    summary = tmp_path / "s.json"
    assert run(capsys, "batch", str(folder), "-o", str(summary), "--workers", "1")[0] == 1
    (row,) = json.loads(summary.read_text("utf-8"))["files"]
    assert (row["status"], row["valid"], row["errors"]) == ("checked", False, 3)


def test_rules_over_unread_cells_are_not_assessable(run_together: Path) -> None:
    table = read_table(run_together)
    cell = table["t2.normative.issued"]
    assert isinstance(cell, Unreadable) and cell.candidates[:2] == ("5", "58")

    result = check(table)
    assert {f.rule for f in result.errors} == {"F21-06"}
    assert {f.cell_ids[0] for f in result.errors} == {
        "t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force",
    }  # fmt: skip


def test_set_settles_what_the_text_ran_together(
    run_together: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "t.json"
    code, out, _ = run(
        capsys, "parse", str(run_together), "-o", str(table),
        "--set", "t2.normative.issued=58", "--set", "t2.normative.repealed=45",
        "--set", "t2.normative.in_force=546",
    )  # fmt: skip
    assert code == 0 and "未能读出" not in out
    assert read_table(table) == pingtan_2025().replace(narrative=read_table(table).narrative)
    assert run(capsys, "report", str(table), "-o", str(tmp_path / "r.md"))[0] == 0


def test_editing_the_written_json_settles_a_cell(
    run_together: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "t.json"
    assert run(capsys, "parse", str(run_together), "-o", str(table))[0] == 1
    data = json.loads(table.read_text("utf-8"))
    assert data["unread"]["t2.normative.issued"]["candidates"][:2] == [5, 58]
    assert "t2.normative.issued" not in data["cells"]  # never a figure guessed
    # what a person does: writes the right figures into cells (the unread entries may stay)
    data["cells"].update({"t2.normative.issued": 58, "t2.normative.repealed": 45,
                          "t2.normative.in_force": 546})  # fmt: skip
    table.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert run(capsys, "check", str(table))[0] == 0


def test_unread_cells_survive_a_json_round_trip(run_together: Path) -> None:
    table = read_table(run_together)
    again = converter.structure(json.loads(json.dumps(converter.unstructure(table))), type(table))
    assert again == table
    assert again["t2.normative.issued"].candidates == table["t2.normative.issued"].candidates


def test_set_refuses_an_unknown_cell_or_a_value_that_is_not_a_figure(
    run_together: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "parse", str(run_together), "--set", "t2.normative.issue=58")
    assert code == 2 and "t2.normative.issued" in err  # the near miss is named
    code, _, err = run(capsys, "parse", str(run_together), "--set", "t2.normative.issued=五十八x")
    assert code == 2 and "无法识别" in err
    code, _, err = run(capsys, "parse", str(run_together), "--set", "58")
    assert code == 2 and "单元格编号=值" in err


def test_parse_o_refuses_to_replace_a_file_without_overwrite(
    run_together: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "t.json"
    table.write_text("{}", "utf-8")
    code, _, err = run(capsys, "parse", str(run_together), "-o", str(table))
    assert code == 2 and "--overwrite" in err and table.read_text("utf-8") == "{}"
    assert run(capsys, "parse", str(run_together), "-o", str(table), "--overwrite")[0] == 1
    assert json.loads(table.read_text("utf-8"))["format"] == "f2021"


def test_parse_a_folder_writes_a_table_per_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text(to_html(pingtan_2025()), "utf-8")
    (folder / "sub" / "b.html").write_text(to_html(pingtan_2025()), "utf-8")
    out = tmp_path / "tables"
    assert run(capsys, "parse", str(folder), "-o", str(out))[0] == 0
    assert read_table(out / "a.json") == read_table(out / "sub" / "b.json")


@pytest.mark.skipif(not PINGTAN_2019.exists(), reason="the 平潭 2019 report is not in ../shared")
def test_pingtan_2019_text_settled_reads_as_its_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = [a for k, v in PINGTAN_2019_T2.items() for a in ("--set", f"{k}={v}")]
    text_table, html_table = tmp_path / "text.json", tmp_path / "html.json"
    assert run(capsys, "parse", str(PINGTAN_2019), "-o", str(text_table), *settings)[0] == 0
    html = PINGTAN_2019.with_suffix(".html")
    assert run(capsys, "parse", str(html), "-o", str(html_table))[0] == 0
    text_data = json.loads(text_table.read_text("utf-8"))
    html_data = json.loads(html_table.read_text("utf-8"))
    assert text_data["cells"] == html_data["cells"]
    assert (
        text_data["written_units"] == html_data["written_units"] == {"t2.procurement.amount": "元"}
    )


def _t4_line(page: str) -> tuple[int, int]:
    """Where table 四's line of figures is in a page ``to_html`` wrote (its last row)."""
    end = page.rindex("</tr>") + len("</tr>")
    return page.rindex("<tr>", 0, end), end


def test_regression_a_blank_table_4_line_is_blank_not_missing() -> None:
    """Table 四 printed with its one line empty read as 15 cells 「not found」, which are
    unread (errors) now that a cell not found is not taken for a blank."""
    from gkstats.parse import Status, parse_html

    table = pingtan_2025().replace({c.id: None for c in pingtan_2025().format.cells
                                    if c.table.key == "t4"})  # fmt: skip
    result = parse_html(to_html(table))
    assert {result.reading(c).status for c in table.format.ids if c.startswith("t4.")} == {
        Status.BLANK
    }
    assert not result.check.by_rule("F21-06")


def test_an_empty_row_around_table_4s_line_does_not_hide_its_figures() -> None:
    from gkstats.parse import parse_html

    page = to_html(pingtan_2025())
    start, end = _t4_line(page)
    line = page[start:end]
    empty = "<tr>" + "<td><p><span></span></p></td>" * 15 + "</tr>"
    for variant in (page[:start] + empty + line + page[end:], page[:end] + empty + page[end:]):
        result = parse_html(variant)
        assert result.table["t4.review.total"] == 36
        assert not [n for n in result.notes if n.code == "duplicate_cell"]
