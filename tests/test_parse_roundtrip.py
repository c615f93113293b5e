"""Any valid table, printed as a site would print it, parses back.

The table comes from ``valid_tables``; ``parse_samples`` prints it from the declaration
(HTML with site chrome and merged headers, run-together text, one cell per line, Word).
HTML, lines and Word give the table back exactly; run-together text gives each cell back
or says it is ambiguous with the true value among the candidates — never a wrong value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parse_samples import to_docx, to_html, to_text
from strategies import valid_tables

from gkstats import Table
from gkstats.parse import ParseResult, Status, parse_document, parse_html, parse_report, parse_text
from gkstats.parse.html import lxml_document, stdlib_document

FORMATS = ("legacy", "f2019", "f2021")
SETTINGS = settings(max_examples=25)
pytestmark = pytest.mark.slow


def _organ(table: Table) -> Table:
    return table.replace(organ="测试市测试局")


def assert_exact(result: ParseResult, table: Table) -> None:
    """Every cell as the table has it; optional cells the printer leaves out may be missing."""
    assert result.table.format.id == table.format.id
    assert result.table.year == table.year
    assert result.table.organ == table.organ
    for spec in table.format.cells:
        reading = result.reading(spec.id)
        if reading.status is Status.MISSING:
            assert spec.optional, spec.id
            continue
        assert reading.status in (Status.OK, Status.BLANK), (spec.id, reading)
        assert result.table[spec.id] == table[spec.id], spec.id


def assert_never_wrong(result: ParseResult, table: Table) -> None:
    for spec in table.format.cells:
        reading = result.reading(spec.id)
        if reading.status is Status.OK:
            assert result.table[spec.id] == table[spec.id], spec.id
        elif reading.status is Status.AMBIGUOUS:
            # the true value is a candidate, unless the search gave up on a very long run
            gave_up = reading.how == "too_many_splits" and not reading.candidates
            assert gave_up or table[spec.id] in reading.candidates, (spec.id, reading)
        elif reading.status is Status.MISSING:
            assert spec.optional, spec.id


@pytest.mark.parametrize("format_id", FORMATS)
@SETTINGS
@given(data=st.data())
def test_html_round_trip(format_id: str, data: st.DataObject) -> None:
    table = _organ(data.draw(valid_tables(format_id)))
    assert_exact(parse_html(to_html(table)), table)


@pytest.mark.parametrize("format_id", FORMATS)
@SETTINGS
@given(data=st.data())
def test_one_cell_per_line_round_trip(format_id: str, data: st.DataObject) -> None:
    table = _organ(data.draw(valid_tables(format_id)))
    assert_exact(parse_text(to_text(table, sep="\n")), table)


@pytest.mark.parametrize("format_id", FORMATS)
@SETTINGS
@given(data=st.data())
def test_run_together_text_is_never_wrong(format_id: str, data: st.DataObject) -> None:
    table = _organ(data.draw(valid_tables(format_id)))
    result = parse_text(to_text(table))
    assert_never_wrong(result, table)
    # what stays ambiguous is said in a note naming the cells
    unclear = {r.id for r in result.readings if r.status is Status.AMBIGUOUS}
    noted = {c for n in result.notes for c in n.cells}
    assert unclear <= noted


def test_run_together_table_3_needs_the_cross_rules() -> None:
    """「330000033」 splits two ways alone (33|0… or 3|30…); F21-03 per column settles it."""
    from fixtures import pingtan_2025

    table = pingtan_2025()
    result = parse_text(to_text(table))
    t3 = [c for c in table.format.cells if c.table.key == "t3" and not c.optional]
    assert all(result.reading(c.id).status is Status.OK for c in t3)
    how = result.reading("t3.disclosed.natural").how or ""
    assert how.startswith("split+") and "F21-03" in how


@pytest.mark.parametrize("format_id", FORMATS)
@settings(max_examples=5)
@given(data=st.data())
def test_docx_round_trip(
    format_id: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    pytest.importorskip("docx")
    table = _organ(data.draw(valid_tables(format_id)))
    path = to_docx(table, tmp_path_factory.mktemp("docx") / "report.docx")
    result = parse_report(path)
    assert result.kind == "docx"
    assert_exact(result, table)


@pytest.mark.parametrize("format_id", FORMATS)
@settings(max_examples=10)
@given(data=st.data())
def test_stdlib_html_reads_as_lxml(format_id: str, data: st.DataObject) -> None:
    """Without lxml the standard library's parser gives the same document and cells."""
    pytest.importorskip("lxml")
    table = _organ(data.draw(valid_tables(format_id)))
    page = to_html(table)
    a = parse_document(lxml_document(page, "a.html"), source="a.html")
    b = parse_document(stdlib_document(page, "a.html"), source="a.html")
    assert a.table == b.table
    assert [r.status for r in a.readings] == [r.status for r in b.readings]


def test_gbk_page(tmp_path: Path) -> None:
    from fixtures import pingtan_2025

    table = pingtan_2025()
    page = to_html(table).replace("charset='utf-8'", "charset='gb2312'")
    path = tmp_path / "report.html"
    path.write_bytes(page.encode("gb18030"))
    assert_exact(parse_report(path), table)


@pytest.mark.parametrize("format_id", FORMATS)
@pytest.mark.parametrize("suffix", [".html", ".docx"])
@settings(max_examples=4)
@given(data=st.data())
def test_our_own_report_reads_back(
    format_id: str, suffix: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A report written by gkstats (tables and generated sentences) gives the same table,
    and its sentences agree with it (DESIGN §6)."""
    if suffix == ".docx":
        pytest.importorskip("docx")
    from gkstats.report import render

    table = _organ(data.draw(valid_tables(format_id)))
    path = tmp_path_factory.mktemp("report") / f"report{suffix}"
    render(table, path, force=True)
    result = parse_report(path)
    assert_exact(result, table)
    rule = {"legacy": "L-16", "f2019": "F19-15", "f2021": "F21-14"}[format_id]
    assert not [f.message.zh for f in result.check.by_rule(rule) if f.status == "fail"]
