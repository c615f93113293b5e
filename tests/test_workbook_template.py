"""The template: the official form, drawn from the declaration, as a real xlsx file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from gkstats import FORMATS, Format, Kind
from gkstats.rules import RuleKind, default_rules
from gkstats.workbook import template
from gkstats.workbook.gateway import parse_reference

IDS = [f.id for f in FORMATS]


@pytest.fixture(scope="module", params=IDS)
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    fmt = next(f for f in FORMATS if f.id == request.param)
    path = tmp_path_factory.mktemp("tpl") / f"{fmt.id}.xlsx"
    template.write(path, fmt, year=fmt.years[0], organ="测试单位")
    return fmt, openpyxl.load_workbook(path)


def _texts(ws: Worksheet) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_every_cell_has_its_name_on_an_unlocked_cell(
    made: tuple[Format, openpyxl.Workbook],
) -> None:
    fmt, book = made
    omitted = {i for sp in template.plan(fmt) for i in sp.omitted}
    seen = set()
    for spec in fmt.cells:
        dn = book.defined_names.get(spec.name)
        if spec.id in omitted:
            assert dn is None and spec.optional
            continue
        assert dn is not None, spec.id
        sheet, (row, col) = parse_reference(dn.attr_text)  # type: ignore[misc]
        cell = book[sheet].cell(row=row, column=col)
        assert cell.protection.locked is False
        assert (sheet, row, col) not in seen
        seen.add((sheet, row, col))
    # only the (六) subtotal row some reports add is left out, and only in f2021
    assert {fmt.cell(i).row.key for i in omitted} <= {"other"}


def test_labels_are_verbatim_and_locked(made: tuple[Format, openpyxl.Workbook]) -> None:
    fmt, book = made
    for table, sp in zip(fmt.tables, template.plan(fmt)):
        ws = book[sp.name]
        assert ws.protection.sheet is True
        texts = set(_texts(ws))
        expected = {table.title}
        for block in table.blocks:
            expected |= {block.caption, block.row_header, block.unit_header} - {None}  # type: ignore[arg-type]
            for top in (*block.rows, *block.columns):
                expected |= {n.label for _, n in top.walk() if n.label}
        if table.corner_note:
            expected.add(table.corner_note)
        # the optional (六) subtotal is drawn as its group label, so every label is there
        assert expected <= texts, expected - texts
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert c.protection.locked is not False


def test_headers_are_merged_as_on_the_printed_form(made: tuple[Format, openpyxl.Workbook]) -> None:
    fmt, book = made
    for sp in template.plan(fmt):
        ws = book[sp.name]
        merged = {(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges}
        for lb in sp.labels:
            if lb.bottom > lb.top or lb.right > lb.left:
                assert (lb.top, lb.left, lb.bottom, lb.right) in merged
                assert ws.cell(lb.top, lb.left).value == (lb.text or None)


def test_table_three_and_four_shapes() -> None:
    fmt = next(f for f in FORMATS if f.id == "f2021")
    t2, t3, t4 = template.plan(fmt)
    labels = {lb.text: lb for lb in t3.labels}
    # the corner note over the three row-label columns and three header rows
    corner = labels[fmt.table("t3").corner_note]  # type: ignore[index]
    assert (corner.left, corner.right, corner.bottom - corner.top) == (1, 3, 2)
    # 申请人情况 spans the 7 figure columns; 法人或其他组织 its 5 parts
    assert labels["申请人情况"].right - labels["申请人情况"].left == 6
    assert labels["法人或其他组织"].right - labels["法人或其他组织"].left == 4
    # 三、本年度办理结果 spans every result row, from （一） to （七）
    where = t3.where()
    results = labels["三、本年度办理结果"]
    assert results.top == where["t3.disclosed.natural"][0]
    assert results.bottom == where["t3.total.natural"][0]
    # 表四 is one line of 15 cells under 行政复议 | 行政诉讼 › 未经复议直接起诉 | 复议后起诉
    rows = {i.row for i in t4.inputs}
    assert len(rows) == 1 and len(t4.inputs) == 15 and t4.width == 15
    t4_labels = {lb.text: lb for lb in t4.labels}
    assert (t4_labels["行政复议"].left, t4_labels["行政复议"].right) == (1, 5)
    assert (t4_labels["行政诉讼"].left, t4_labels["行政诉讼"].right) == (6, 15)
    assert t4.where()["t4.after_review.total"] == (rows.pop(), 15)
    # table 二's single-column blocks spread their figure over the table's width
    inputs = {i.cell_id: i for i in t2.inputs}
    assert (inputs["t2.licensing.decisions"].col, inputs["t2.licensing.decisions"].right) == (2, 4)


def test_validation_by_kind_with_chinese_messages(made: tuple[Format, openpyxl.Workbook]) -> None:
    fmt, book = made
    for sp in template.plan(fmt):
        ws = book[sp.name]
        rules = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                for row in range(rng.min_row, rng.max_row + 1):
                    for col in range(rng.min_col, rng.max_col + 1):
                        rules[(row, col)] = dv
        for i in sp.inputs:
            dv = rules[(i.row, i.col)]
            kind = fmt.cell(i.cell_id).kind
            expected = {Kind.COUNT: ("whole", "0"), Kind.AMOUNT: ("decimal", "0"),
                        Kind.SIGNED: ("whole", "-999999999")}[kind]  # fmt: skip
            assert (dv.type, dv.formula1) == expected
            assert dv.showInputMessage and "请填写" in dv.prompt
            assert dv.showErrorMessage and dv.error


def test_totals_turn_red_when_they_differ_from_their_parts(
    made: tuple[Format, openpyxl.Workbook],
) -> None:
    fmt, book = made
    where = {}
    for sp in template.plan(fmt):
        for cell_id, cell in sp.where().items():
            where[cell_id] = (sp.name, cell)
    formatted = set()
    for sp in template.plan(fmt):
        for rng in book[sp.name].conditional_formatting:
            for rule in rng.rules:
                assert rule.dxf.font.color.rgb == "FFC00000"
                for cr in rng.sqref.ranges:
                    formatted.add((sp.name, (cr.min_row, cr.min_col)))
    sums = [
        item.lhs[0]
        for rule in default_rules(fmt).rules
        if rule.kind is RuleKind.SUM
        for item in rule.items
        if all(c in where for c in (*item.lhs, *item.rhs))
    ]
    assert sums
    assert {where[t] for t in sums} <= formatted


def test_print_setup_panes_fonts(made: tuple[Format, openpyxl.Workbook]) -> None:
    fmt, book = made
    for sp in template.plan(fmt):
        ws = book[sp.name]
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes is not None and ws.freeze_panes != "A1"
        assert ws.print_title_rows
        title = ws.cell(1, 1)
        assert title.value == sp.table.title and title.font.name == "黑体"
        label = next(lb for lb in sp.labels if lb.role in ("row", "header") and lb.text)
        assert ws.cell(label.top, label.left).font.name == "宋体"
        assert all(8 <= w <= 70 for w in sp.widths.values())


def test_info_and_guide_sheets(made: tuple[Format, openpyxl.Workbook]) -> None:
    fmt, book = made
    assert book.defined_names[template.FORMAT_NAME].attr_text == f'"{fmt.id}"'
    info = book[template.INFO_SHEET]
    for key, label in template.META_FIELDS:
        sheet, (row, col) = parse_reference(book.defined_names[template.meta_name(key)].attr_text)  # type: ignore[misc]
        assert sheet == template.INFO_SHEET and info.cell(row, 1).value == label
    sheet, (row, col) = parse_reference(book.defined_names["GK_year"].attr_text)  # type: ignore[misc]
    assert info.cell(row, col).value == fmt.years[0]
    sheet, (row, col) = parse_reference(book.defined_names["GK_organ"].attr_text)  # type: ignore[misc]
    assert info.cell(row, col).value == "测试单位"
    texts = set(_texts(info))
    for key, heading in template.narrative_sections(fmt):
        assert heading in texts
        assert template.text_name(key) in book.defined_names
    guide = "\n".join(_texts(book[template.GUIDE_SHEET]))
    assert fmt.guidance
    for g in fmt.guidance:
        assert g.text in guide


def test_narrative_sections_are_the_text_ones() -> None:
    f21 = next(f for f in FORMATS if f.id == "f2021")
    assert [k for k, _ in template.narrative_sections(f21)] == ["overview", "problems", "other"]
    assert [h for _, h in template.narrative_sections(f21)] == [
        f21.sections[0],
        f21.sections[4],
        f21.sections[5],
    ]
    legacy = next(f for f in FORMATS if f.id == "legacy")
    assert len(template.narrative_sections(legacy)) == 6


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
@pytest.mark.parametrize("format_id", IDS)
def test_libreoffice_prints_the_form(format_id: str, tmp_path: Path) -> None:
    """The template converted to PDF has one table per page and shows the official labels."""
    fmt = next(f for f in FORMATS if f.id == format_id)
    path = template.write(tmp_path / f"{format_id}.xlsx", fmt, year=fmt.years[0], organ="测试单位")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / f"{format_id}.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed to read the PDF back")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    flat = "".join(text.split())
    for table in fmt.tables:
        assert "".join(table.title.split()) in flat
    leaf = fmt.cells[-1]
    assert "".join(leaf.row.label.split()) in flat
    # every table starts a page with its title (one sheet, fit to the page width)
    firsts = ["".join(p.split()) for p in pages if p.strip()]
    for table in fmt.tables:
        assert any(f.startswith("".join(table.title.split())) for f in firsts)
