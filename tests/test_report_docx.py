"""The Word report: re-opened with python-docx, it has the official headings and tables, the
right numbers, 仿宋_GB2312 on ``w:eastAsia`` and the GB/T 9704 page; LibreOffice (optional)
turns it into A4 PDF pages that carry the same text."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from fixtures import pingtan_2020, pingtan_2025, xz2017

pytestmark = pytest.mark.slow
docx = pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm  # noqa: E402
from lxml import etree  # noqa: E402

from gkstats import Table, get_format  # noqa: E402
from gkstats.cli._core import demo_table  # noqa: E402
from gkstats.report import build_context, render, render_bytes  # noqa: E402
from gkstats.report import docx as gkdocx  # noqa: E402
from gkstats.report._blocks import grids  # noqa: E402
from gkstats.report.context import signature_indents  # noqa: E402
from gkstats.report.selfcheck import east_asia_font, expected_rows, verify  # noqa: E402

DATE = dt.date(2026, 1, 20)
NARRATIVE = {
    "overview": "本年度，本机关持续推进政府信息公开。\n（一）主动公开方面。全年公开信息1200余条。",
    "problems": "一是队伍建设有待加强。",
    "other": "本年度未收取信息处理费。",
}


def f2021() -> Table:
    return demo_table().replace({"t3.partial.natural": 16}, narrative=NARRATIVE)


def tables_by_format() -> list[Table]:
    # 平潭 2020 (f2019) has a real F19-03 error: rendered with force=True
    return [f2021(), pingtan_2020(), xz2017().replace(narrative=NARRATIVE), pingtan_2025()]


def reopen(path: Path) -> object:
    return docx.Document(str(path))


@pytest.mark.parametrize(
    "index", range(4), ids=["f2021", "f2019-pingtan2020", "legacy", "f2021-pingtan2025"]
)
def test_docx_has_official_headings_tables_and_figures(tmp_path: Path, index: int) -> None:
    table = tables_by_format()[index]
    out = tmp_path / "report.docx"
    render(table, out, date=DATE, force=True)
    doc = reopen(out)
    ctx = build_context(table, date=DATE)
    headings = [p.text for p in doc.paragraphs if p.style.name == gkdocx.S_H1]
    assert headings == list(table.format.sections)
    titles = [p.text for p in doc.paragraphs if p.style.name == gkdocx.S_TITLE]
    assert "".join(titles) == f"{table.organ}{table.year}年政府信息公开工作年度报告"
    drawn = grids(ctx)
    assert len(doc.tables) == len(drawn)
    for grid, t in zip(drawn, doc.tables):
        got = [[t.cell(r, k).text for k in range(grid.n_cols)] for r in range(grid.n_rows)]
        assert got == expected_rows(grid, merged=True)
        for c in grid.values():
            value = table[c.cell_id]  # type: ignore[index]
            assert t.cell(c.row, c.col).text == ("" if value is None else str(value))
    # organ and date at the end, before any attachment
    texts = [p.text for p in doc.paragraphs]
    assert DATE.strftime("%Y年") + "1月20日" in texts
    assert table.organ in texts


def test_fonts_are_set_on_east_asia(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    render(f2021(), out, date=DATE)
    doc = reopen(out)
    body = [p for p in doc.paragraphs if p.style.name == gkdocx.S_BODY and p.text]
    assert body
    for p in body:
        for run in p.runs:
            font = east_asia_font(doc, p, run)
            want = "楷体_GB2312" if run.style.name == "公文二级标题" else "仿宋_GB2312"
            assert font == want, run.text
    style = doc.styles[gkdocx.S_BODY]
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rfonts.get(qn("w:eastAsiaTheme")) is None
    assert style.font.size.pt == 16
    assert style.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert style.paragraph_format.first_line_indent.pt == 32
    # theme fonts removed from the defaults (they would override w:eastAsia)
    defaults = etree.tostring(doc.styles.element.find(qn("w:docDefaults")), encoding="unicode")
    assert "eastAsiaTheme" not in defaults and 'w:eastAsia="仿宋_GB2312"' in defaults
    title = next(p for p in doc.paragraphs if p.style.name == gkdocx.S_TITLE)
    assert east_asia_font(doc, title, title.runs[0]) == "方正小标宋简体"
    assert doc.styles[gkdocx.S_TITLE].font.size.pt == 22
    h1 = next(p for p in doc.paragraphs if p.style.name == gkdocx.S_H1)
    assert east_asia_font(doc, h1, h1.runs[0]) == "黑体"


def test_page_is_gbt_9704(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    render(f2021(), out, date=DATE)
    doc = reopen(out)
    for s in doc.sections:
        assert abs(s.page_width - Mm(210)) < Mm(0.2) and abs(s.page_height - Mm(297)) < Mm(0.2)
        got = [round(m.mm, 1) for m in (s.top_margin, s.bottom_margin, s.left_margin,
                                         s.right_margin)]  # fmt: skip
        assert got == [37.0, 35.0, 28.0, 26.0]
        for footer in (s.footer, s.even_page_footer):
            assert "PAGE" in footer._element.xml
            assert footer.paragraphs[0].text == "— 1 —"
    assert doc.settings.odd_and_even_pages_header_footer
    # header rows of tables 三 and 四 repeat on each page; tables span the 版心
    t3 = doc.tables[1]
    for r in range(3):
        assert t3.rows[r]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert t3.rows[3]._tr.trPr.find(qn("w:tblHeader")) is None
    widths = [int(g.get(qn("w:w"))) for g in t3._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) / 56.7 - 156) < 1  # twips -> mm


def test_signature_as_for_a_document_without_seal(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    render(f2021(), out, date=DATE)
    doc = reopen(out)
    paras = {p.text: p for p in doc.paragraphs}
    organ, date = paras["示例县人民政府办公室"], paras["2026年1月20日"]
    assert organ.style.name == date.style.name == gkdocx.S_SIGN
    # 署名 (10 characters) two characters in; the date (6.5) starts two characters further right
    assert organ.paragraph_format.right_indent.pt == pytest.approx(2 * 16)
    assert date.paragraph_format.right_indent.pt == pytest.approx((10 - 6.5) * 16)
    # a short 署名: the date two characters in, the 署名 moved left to keep the 2-character shift
    assert signature_indents(2, 6.5) == (8.5, 2.0)
    assert signature_indents(0, 6.5) == (0.0, 2.0)


def test_selfcheck_catches_a_changed_figure_and_a_changed_sentence() -> None:
    table = f2021()
    ctx = build_context(table, date=DATE)
    data = render_bytes(ctx, "docx")
    assert verify(ctx, data, "docx") == []
    doc = docx.Document(io.BytesIO(data))
    cell = doc.tables[1].cell(3, 3)  # 一、本年新收 · 自然人
    cell.paragraphs[0].runs[0].text = "68"
    para = next(p for p in doc.paragraphs if p.text.startswith("本年度新收"))
    para.runs[0].text = para.runs[0].text.replace("98件", "89件")
    buf = io.BytesIO()
    doc.save(buf)
    problems = verify(ctx, buf.getvalue(), "docx")
    zh = [p.zh for p in problems]
    assert any("第4行第4列为「68」，应为「86」" in z for z in zh)
    assert any("找不到数据语句" in z for z in zh)


def test_selfcheck_catches_a_wrong_font_and_margin() -> None:
    ctx = build_context(f2021(), date=DATE)
    doc = docx.Document(io.BytesIO(render_bytes(ctx, "docx")))
    doc.sections[0].left_margin = Mm(30)
    p = next(p for p in doc.paragraphs if p.style.name == gkdocx.S_BODY and p.text)
    gkdocx.set_fonts(p.runs[0]._r, "宋体")
    buf = io.BytesIO()
    doc.save(buf)
    zh = [x.zh for x in verify(ctx, buf.getvalue(), "docx")]
    assert any("左边距为 30.0 mm" in z for z in zh)
    assert any("中文字体为 宋体，应为 仿宋_GB2312" in z for z in zh)


def test_users_own_word_template(tmp_path: Path) -> None:
    template = tmp_path / "ours.docx"
    base = docx.Document()
    base.add_paragraph("模板里原有的文字")
    style = base.styles.add_style(gkdocx.S_BODY, 1)  # WD_STYLE_TYPE.PARAGRAPH
    gkdocx.set_fonts(style.element, "楷体_GB2312")
    base.sections[0].left_margin = Mm(30)
    base.save(str(template))
    out = tmp_path / "r.docx"
    render(f2021(), out, date=DATE, template=template)
    doc = reopen(out)
    assert "模板里原有的文字" not in [p.text for p in doc.paragraphs]
    body = next(p for p in doc.paragraphs if p.style.name == gkdocx.S_BODY and p.text)
    assert east_asia_font(doc, body, body.runs[0]) == "楷体_GB2312"
    assert round(doc.sections[0].left_margin.mm) == 30  # the template's page setup is kept
    assert doc.styles[gkdocx.S_H1] is not None  # styles it lacks are added


def test_bad_template_is_a_clear_error(tmp_path: Path) -> None:
    from gkstats import GkError

    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    with pytest.raises(GkError) as err:
        render(f2021(), tmp_path / "r.docx", template=bad)
    assert err.value.code == "bad_template"
    assert not (tmp_path / "r.docx").exists()
    with pytest.raises(GkError) as err:
        render(f2021(), tmp_path / "r.html", template=bad)
    assert err.value.code == "template_not_docx"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_makes_a4_pages_with_the_text(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    render(f2021(), out, date=DATE)
    run = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    assert pdf.exists(), run.stderr.decode(errors="replace")
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdfinfo, pdftotext) not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size"))
    assert "595.3" in size and "841.8" in size  # A4 in points
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages")).split()[1])
    assert pages >= 3
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = "".join(text.split())
    for heading in get_format("f2021").sections:
        assert heading in flat
    assert "—1—" in flat and "—2—" in flat
    assert "申请人情况" in flat and "未经复议直接起诉" in flat


def test_forced_report_with_unreadable_cells_no_organ_and_control_characters(
    tmp_path: Path,
) -> None:
    table = f2021().replace(
        {"t3.new.natural": "八十六x", "t4.review.total": None},
        organ="",
        narrative={**NARRATIVE, "problems": "一是\x0b二是\x07。_x000D_"},
    )
    out = tmp_path / "r.docx"
    done = render(table, out, date=DATE, force=True)
    assert {f.rule for f in done.forced} >= {"F21-06"}
    doc = reopen(out)
    assert doc.tables[1].cell(3, 3).text == "八十六x"
    texts = [p.text for p in doc.paragraphs]
    assert "一是" in texts and "二是。" in texts
    assert [p.text for p in doc.paragraphs if p.style.name == gkdocx.S_TITLE] == [
        "2025年政府信息公开工作年度报告"
    ]
    # the sentences quoting the unreadable or blank cells are left out, and said so
    # a sentence stating an unreadable or blank cell is left out, and said so; a listing of
    # parts names only the parts the table reports
    assert not any("被申请行政复议" in t for t in texts)
    left_out = {c.id for n in done.notes if n.rule == "GK-SENTENCE" for c in n.cells}
    assert left_out == {"t4.review.total"}
    data = next(t for t in texts if "新收申请中" in t)
    assert "新收申请中，法人或其他组织12件。" in data and "自然人" not in data
    assert "新收政府信息公开申请98件" in data  # quotes 总计, still readable
