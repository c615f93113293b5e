"""The report as a Word document laid out per GB/T 9704-2012 《党政机关公文格式》.

* A4; margins 37 mm top, 35 mm bottom, 28 mm left (订口), 26 mm right (版心 156 × 225 mm).
* Title 方正小标宋简体 二号, centred; body 仿宋_GB2312 三号, first line indented two
  characters, fixed line spacing of 28.95 pt (22 lines a page).
* Heading levels: 一、 黑体; （一） 楷体_GB2312; 1. and （1） 仿宋_GB2312.  A
  level 2–4 heading that runs on into its paragraph keeps its own font up to the first 。.
* Page numbers 「— 1 —」 in 四号 宋体, odd pages right and even pages left, one character in.
* Tables as wide as the 版心, their header rows repeated on every page, rows never split.
* 发文机关署名 two characters in from the right, the 成文日期 under it shifted two characters
  right (the layout of a 公文 without a seal, as a report published online is).

Chinese fonts are set on ``w:eastAsia`` (Word ignores ``w:ascii`` for CJK text) and theme fonts
are removed from the defaults, since a theme font would override them.  All formatting sits
on named paragraph and character styles (公文正文, 公文一级标题 …), so an office that brings its
own Word template (``template=``) gets its styles wherever it defines one with the same name,
and its page setup, headers and footers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._errors import GkError
from .._extras import install_hint
from .._files import require_file
from ._blocks import (
    Attachment,
    AttachmentNote,
    Data,
    Heading,
    Signature,
    TableBlock,
    Text,
    Title,
    blocks,
)
from .context import ReportContext, signature_indents, text_width
from .layout import Grid, GridCell, Role

try:  # python-docx is the optional extra ``gkstats[docx]``
    import docx as _docx
    from docx.enum.section import WD_SECTION_START
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    HAVE_DOCX = True
except ModuleNotFoundError:  # pragma: no cover - exercised only without the extra
    HAVE_DOCX = False

# --- GB/T 9704 as numbers (also what the self-check verifies) ------------------------------

PAGE_MM = (210.0, 297.0)
#: top, bottom, left, right
MARGINS_MM = (37.0, 35.0, 28.0, 26.0)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]  # 156
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
BODY_PT = 16.0  # 三号
TITLE_PT = 22.0  # 二号
PAGE_NUMBER_PT = 14.0  # 四号
LINE_PT = 28.95  # 225 mm / 22 lines
CHAR_PT = BODY_PT

#: Style names (a user template may define any of them; ours are used otherwise).
S_TITLE = "公文标题"
S_BODY = "公文正文"
S_H1 = "公文一级标题"
S_CHAR = {2: "公文二级标题", 3: "公文三级标题", 4: "公文四级标题"}
S_TABLE = "公文表格"
S_TABLE_HEAD = "公文表头"
S_SIGN = "公文落款"
S_ATTACH_MARK = "公文附件标识"
S_ATTACH_TITLE = "公文附件标题"
S_PAGE = "公文页码"


def require_docx() -> None:
    if not HAVE_DOCX:
        raise GkError(
            "missing_dependency",
            zh=f"生成 Word 报告需要 python-docx：{install_hint('docx')}",
            en=f"writing a Word report needs python-docx: {install_hint('docx')}",
        )


def render(ctx: ReportContext, template: str | Path | None = None) -> bytes:
    """The report as .docx bytes (on ``template``'s styles and page setup when given)."""
    require_docx()
    writer = _Writer(ctx, template)
    for block in blocks(ctx):
        writer.block(block)
    return writer.save()


# --- fonts and styles ------------------------------------------------------------------------


def set_fonts(rpr_owner: Any, east: str, west: str | None = None) -> None:
    """Set a run's or style's fonts, East Asian on ``w:eastAsia`` and no theme override."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    west = west or east
    rfonts.set(qn("w:ascii"), west)
    rfonts.set(qn("w:hAnsi"), west)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:cs"), west)


def _has_style(doc: Any, name: str) -> bool:
    return doc.styles.element.get_by_name(name) is not None


def _paragraph_style(
    doc: Any,
    name: str,
    font: str,
    size: float,
    *,
    first_line: float = 0.0,
    align: Any = None,
    line: float | None = LINE_PT,
    bold: bool = False,
    keep_next: bool = False,
) -> None:
    if _has_style(doc, name):
        return
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    style.quick_style = True
    set_fonts(style.element, font)
    style.font.size = Pt(size)
    style.font.bold = bold
    pf = style.paragraph_format
    pf.first_line_indent = Pt(first_line) if first_line else Pt(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if line is None:
        pf.line_spacing = 1.0
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
    if align is not None:
        pf.alignment = align
    pf.widow_control = False
    if keep_next:
        pf.keep_with_next = True


def _character_style(doc: Any, name: str, font: str, bold: bool = False) -> None:
    if _has_style(doc, name):
        return
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.quick_style = True
    set_fonts(style.element, font)
    style.font.bold = bold


def _defaults(doc: Any) -> None:
    """Document defaults: 仿宋_GB2312 三号, Chinese language, no theme fonts."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))

        class _Owner:
            def get_or_add_rPr(self) -> Any:
                return rpr

        set_fonts(_Owner(), BODY_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
        lang.set(qn("w:val"), "zh-CN")
    ppr_default = defaults.find(qn("w:pPrDefault")) if defaults is not None else None
    if ppr_default is not None:
        spacing = ppr_default.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None:
            spacing.set(qn("w:after"), "0")
    normal = doc.styles["Normal"]
    set_fonts(normal.element, BODY_FONT)
    normal.font.size = Pt(BODY_PT)


def _styles(doc: Any, own_template: bool) -> None:
    if not own_template:
        _defaults(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, S_TITLE, TITLE_FONT, TITLE_PT, align=center, line=36.0)
    _paragraph_style(doc, S_BODY, BODY_FONT, BODY_PT, first_line=2 * CHAR_PT,
                     align=WD_ALIGN_PARAGRAPH.JUSTIFY)  # fmt: skip
    _paragraph_style(doc, S_H1, HEADING_FONTS[1], BODY_PT, first_line=2 * CHAR_PT,
                     keep_next=True)  # fmt: skip
    _character_style(doc, S_CHAR[2], HEADING_FONTS[2])
    _character_style(doc, S_CHAR[3], HEADING_FONTS[3])
    _character_style(doc, S_CHAR[4], HEADING_FONTS[4])
    _paragraph_style(doc, S_TABLE, BODY_FONT, 10.5, align=center, line=None)
    _paragraph_style(doc, S_TABLE_HEAD, HEADING_FONTS[1], 10.5, align=center, line=None)
    _paragraph_style(doc, S_SIGN, BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(doc, S_ATTACH_MARK, HEADING_FONTS[1], BODY_PT)
    _paragraph_style(doc, S_ATTACH_TITLE, TITLE_FONT, TITLE_PT, align=center, line=36.0)
    _paragraph_style(doc, S_PAGE, PAGE_NUMBER_FONT, PAGE_NUMBER_PT, line=None)


# --- page setup and page numbers ------------------------------------------------------------


def _page_setup(doc: Any) -> None:
    for section in doc.sections:
        section.page_width = Mm(PAGE_MM[0])
        section.page_height = Mm(PAGE_MM[1])
        top, bottom, left, right = MARGINS_MM
        section.top_margin = Mm(top)
        section.bottom_margin = Mm(bottom)
        section.left_margin = Mm(left)
        section.right_margin = Mm(right)
        section.header_distance = Mm(15)
        # the page number's dash sits 7 mm under the text block
        section.footer_distance = Mm(bottom - 7 - 5)
        section.start_type = WD_SECTION_START.NEW_PAGE


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    def run_with(*elements: Any) -> None:
        run = paragraph.add_run()
        for el in elements:
            run._r.append(el)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(begin)
    run_with(instr)
    run_with(separate)
    paragraph.add_run(shown)
    run_with(end)


def _page_numbers(doc: Any) -> None:
    """「— 1 —」: odd pages right, even pages left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            if any(p.text.strip() for p in footer.paragraphs):
                continue  # the user's template has its own footer
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            p.style = doc.styles[S_PAGE]
            p.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
            else:
                p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
            p.add_run("— ")
            _field(p, "PAGE", "1")
            p.add_run(" —")


# --- tables ----------------------------------------------------------------------------------


def column_widths(grid: Grid, total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """Column widths in mm that add up to the 版心: label columns after their longest leaf
    label (wrapping past 13 characters), group columns narrow, figure columns even."""
    weights = [2.0] * grid.n_cols
    for c in grid.cells:
        if c.colspan != 1:
            continue
        width = text_width(c.text)
        if c.role is Role.LABEL:
            cap = 4.0 if c.group and c.rowspan > 1 else 13.0
            width = min(width + c.indent, cap)
        elif c.role is Role.UNIT:
            width = max(width, 2.0)
        else:
            width = min(width, 3.0 if grid.n_cols > 4 else 6.0)
        weights[c.col] = max(weights[c.col], width)
    if not any(c.role is Role.UNIT for c in grid.cells):
        # the figure columns of a matrix (and of table 四) are all as wide as the widest
        widest = max(weights[grid.label_cols :])
        weights[grid.label_cols :] = [widest] * (grid.n_cols - grid.label_cols)
    scale = total_mm / sum(weights)
    return [w * scale for w in weights]


def table_font_pt(grid: Grid) -> float:
    """小四 for narrow tables (table 二, the legacy form), 五号 for tables 三 and 四."""
    return 12.0 if grid.n_cols <= 4 else 10.5


def _borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("top", 0), ("left", 57), ("bottom", 0), ("right", 57)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(twips))  # 57 twips = 1 mm
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def _row_flags(table: Any, header_rows: int) -> None:
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        tr_pr.append(cant)
        if i < header_rows:
            head = OxmlElement("w:tblHeader")
            tr_pr.append(head)


# --- the writer ------------------------------------------------------------------------------


class _Writer:
    def __init__(self, ctx: ReportContext, template: str | Path | None) -> None:
        self.ctx = ctx
        self.own_template = template is not None
        self._styles: dict[str, Any] = {}
        if template is not None:
            self.doc = _open_template(Path(template))
        else:
            self.doc = _docx.Document()
            _page_setup(self.doc)
        _styles(self.doc, self.own_template)
        _page_numbers(self.doc)
        props = self.doc.core_properties
        props.title = ctx.title
        props.author = ctx.organ or "gkstats"
        props.subject = f"{ctx.year}年政府信息公开工作年度报告"
        props.language = "zh-CN"
        props.comments = f"gkstats · {ctx.format.id}"

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def set_style(self, paragraph: Any, name: str) -> None:
        # by id: python-docx's style setter scans all styles for the default on each call
        paragraph._p.style = self.style(name).style_id

    def style(self, name: str) -> Any:
        """A style object, looked up once (python-docx looks names up linearly)."""
        found = self._styles.get(name)
        if found is None:
            found = self._styles[name] = self.doc.styles[name]
        return found

    def paragraph(self, text: str = "", style: str = S_BODY) -> Any:
        p = self.doc.add_paragraph()
        self.set_style(p, style)
        if text:
            p.add_run(text)
        return p

    def block(self, block: object) -> None:
        if isinstance(block, Title):
            for line in block.lines:
                self.paragraph(line, S_TITLE)
            self.paragraph()
        elif isinstance(block, Heading):
            self.paragraph(block.text, S_H1)
        elif isinstance(block, Text):
            par = block.paragraph
            p = self.paragraph(style=S_BODY)
            if par.level:
                p.add_run(par.head, style=self.style(S_CHAR[par.level]))
                if par.body:
                    p.add_run(par.body)
            else:
                p.add_run(par.text)
        elif isinstance(block, Data):
            self.paragraph(block.text)
        elif isinstance(block, TableBlock):
            self.table(block.grid)
        elif isinstance(block, AttachmentNote):
            self.paragraph()
            self.paragraph(block.text)
        elif isinstance(block, Signature):
            self.signature(block)
        elif isinstance(block, Attachment):
            p = self.paragraph(style=S_ATTACH_MARK)
            p.paragraph_format.page_break_before = True
            p.add_run(block.mark)
            self.paragraph()
            self.paragraph(block.title, S_ATTACH_TITLE)
            sub = self.paragraph(block.subtitle)
            sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
            sub.paragraph_format.first_line_indent = Pt(0)

    def signature(self, block: Signature) -> None:
        """A published report carries no seal: GB/T 9704's 不加盖印章的公文 — one blank line
        under the text, 署名 two characters in from the right, the date on the next line
        starting two characters right of the 署名; a date that would then come closer than
        two characters to the edge stands two characters in, and the 署名 moves left."""
        self.paragraph()
        w_date, w_organ = text_width(block.date), text_width(block.organ)
        organ_in, date_in = signature_indents(w_organ, w_date)
        if block.organ:
            p = self.paragraph(block.organ, S_SIGN)
            p.paragraph_format.right_indent = Pt(organ_in * CHAR_PT)
        p = self.paragraph(block.date, S_SIGN)
        p.paragraph_format.right_indent = Pt(date_in * CHAR_PT)

    def table(self, grid: Grid) -> None:
        doc = self.doc
        table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _borders(table)
        widths = [Mm(w) for w in column_widths(grid)]
        for k, col in enumerate(table.columns):
            col.width = widths[k]
        for row in table.rows:
            for k, cell in enumerate(row.cells):
                cell.width = widths[k]
        before = table._cells  # merges never overlap, so these stay valid while merging
        n = grid.n_cols
        for c in grid.cells:
            if c.rowspan > 1 or c.colspan > 1:
                last = (c.row + c.rowspan - 1) * n + c.col + c.colspan - 1
                before[c.row * n + c.col].merge(before[last])
        size = Pt(table_font_pt(grid))
        # python-docx recomputes every cell on each table.cell() call: take them once
        cells = table._cells
        for c in grid.cells:
            self.fill(cells[c.row * grid.n_cols + c.col], c, size)
        # a caption or heading row stays on the page of the figures under it
        for line in grid.rows():
            if line and not any(c.role is Role.VALUE for c in line):
                for c in line:
                    for p in cells[c.row * grid.n_cols + c.col].paragraphs:
                        p.paragraph_format.keep_with_next = True
        _row_flags(table, grid.header_rows)
        # a small gap after a table, so the next heading does not stick to it
        gap = self.paragraph(style=S_TABLE)
        gap.paragraph_format.space_after = Pt(6)

    def fill(self, cell: Any, c: GridCell, size: Any) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        head = c.role in (Role.HEADER, Role.CAPTION)
        self.set_style(p, S_TABLE_HEAD if head else S_TABLE)
        if c.role is Role.CORNER or (c.role is Role.LABEL and not (c.group and c.rowspan > 1)):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if c.indent:
            p.paragraph_format.left_indent = Pt(size.pt * c.indent)
        if c.text:
            run = p.add_run(c.text)
            run.font.size = Pt(9) if c.role is Role.CORNER and size > Pt(9) else size


def _open_template(path: Path) -> Any:
    """A user's Word template with its body emptied (styles, page setup, footers kept)."""
    require_file(path, "Word 模板", "Word template")
    try:
        doc = _docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise GkError(
            "bad_template",
            zh=f"无法打开 Word 模板 {path}（应为 .docx 文件）：{exc}",
            en=f"cannot open the Word template {path} (a .docx is expected): {exc}",
        ) from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def styles_used() -> Iterable[str]:
    """Every style name the report uses (for the docs and for template authors)."""
    return (S_TITLE, S_BODY, S_H1, *S_CHAR.values(), S_TABLE, S_TABLE_HEAD, S_SIGN,
            S_ATTACH_MARK, S_ATTACH_TITLE, S_PAGE)  # fmt: skip


__all__ = [
    "BODY_FONT",
    "MARGINS_MM",
    "PAGE_MM",
    "TITLE_FONT",
    "column_widths",
    "render",
    "require_docx",
    "set_fonts",
    "styles_used",
]
