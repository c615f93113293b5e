"""Re-open what was rendered and verify it, before it replaces anything on disk.

For every output: each official table reads back cell by cell as the layout drew it (labels
and figures), every generated sentence is there word for word, each number in it is exactly
the figure it claims and equals the sum of the table cells it cites *as read back from the
document*, and no other digit slipped into it.  For a docx (without a user template) the
GB/T 9704 page setup and fonts are verified too: A4, margins, 仿宋_GB2312 on ``w:eastAsia``
for the body, the title and heading fonts, the fixed line spacing and the page numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import attrs

from ..formats import Format
from ..values import normalize
from ._blocks import grids
from .context import ReportContext
from .layout import Grid
from .sentences import Sentence


@attrs.frozen
class Problem:
    """Something a rendered report says that its table does not (the self-check's finding)."""

    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


class SelfCheckFailed(Exception):
    """The rendered report does not say what the table says (a gkstats defect, not the
    user's): the output is not written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.en for p in problems[:5]))
        self.problems = problems


@attrs.frozen
class Readback:
    """What a rendered report contains, as a reader sees it."""

    #: Each table as rows of cell texts; a merged cell's text at every position it covers
    #: (docx, HTML) or only at its top-left (Markdown).
    tables: list[list[list[str]]]
    paragraphs: list[str]


def verify(ctx: ReportContext, data: bytes, kind: str, *, gbt: bool = True) -> list[Problem]:
    """Problems found in rendered ``data`` of ``kind`` ("docx", "html", "md")."""
    if kind == "docx":
        import docx

        doc = docx.Document(io.BytesIO(data))
        read = _read_docx(doc)
        problems = _compare(ctx, read, merged=True)
        if gbt:
            problems += _gbt_9704(doc)
        problems += _header_rows(ctx, doc)
        return problems
    if kind == "html":
        return _compare(ctx, _read_html(data.decode("utf-8")), merged=True)
    if kind == "md":
        return _compare(ctx, _read_markdown(data.decode("utf-8")), merged=False)
    raise ValueError(kind)


# --- comparing ----------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_rows(grid: Grid, merged: bool) -> list[list[str]]:
    rows = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    for c in grid.cells:
        for r in range(c.row, c.row + (c.rowspan if merged else 1)):
            for k in range(c.col, c.col + (c.colspan if merged else 1)):
                rows[r][k] = c.text
    return rows


def _compare(ctx: ReportContext, read: Readback, *, merged: bool) -> list[Problem]:
    problems: list[Problem] = []
    drawn = grids(ctx)
    if len(read.tables) != len(drawn):
        problems.append(
            Problem(
                f"报告中有 {len(read.tables)} 张表，应为 {len(drawn)} 张",
                f"the report has {len(read.tables)} tables, expected {len(drawn)}",
            )
        )
        return problems
    cells: dict[str, str] = {}
    for grid, rows in zip(drawn, read.tables):
        want = expected_rows(grid, merged)
        name = grid.spec.number
        if len(rows) != len(want) or any(len(a) != len(b) for a, b in zip(rows, want)):
            problems.append(
                Problem(
                    f"表{name} 的行列数与官方表式不符",
                    f"table {name} does not have the official rows and columns",
                )
            )
            continue
        for r, (got_row, want_row) in enumerate(zip(rows, want)):
            for k, (got, exp) in enumerate(zip(got_row, want_row)):
                if _squash(got) != _squash(exp):
                    problems.append(
                        Problem(
                            f"表{name} 第{r + 1}行第{k + 1}列为「{got}」，应为「{exp}」",
                            f"table {name} row {r + 1} column {k + 1} reads {got!r}, "
                            f"expected {exp!r}",
                        )
                    )
        for c in grid.values():
            if c.cell_id:
                cells[c.cell_id] = rows[c.row][c.col]
    text = [_squash(p) for p in read.paragraphs]
    for sentence in ctx.sentences:
        problems += _sentence(sentence, text, cells, ctx.format)
    return problems


def _read(text: str, cell_id: str, fmt: Format) -> object:
    """A figure as printed for a cell, read as that cell reads it (an amount in 元 is
    converted to the cell's 万元)."""
    spec = fmt.cell(cell_id)
    return normalize(text, spec.kind, spec.unit)


def _sentence(
    sentence: Sentence, paragraphs: list[str], cells: dict[str, str], fmt: Format
) -> list[Problem]:
    problems = []
    said = sentence.text
    if not any(_squash(said) in p for p in paragraphs):
        return [Problem(f"报告中找不到数据语句「{said}」", f"data sentence missing: {said!r}")]
    covered: set[int] = set()
    for fig in sentence.figures:
        covered.update(range(fig.start, fig.end))
        shown = _read(said[fig.start : fig.end], fig.cells[0], fmt)
        read_values = [_read(cells.get(c, ""), c, fmt) for c in fig.cells]
        if any(not isinstance(v, (int, Decimal)) for v in read_values):
            missing = [
                c for c, v in zip(fig.cells, read_values) if not isinstance(v, (int, Decimal))
            ]
            problems.append(
                Problem(
                    f"数据语句「{said}」引用的单元格 {'、'.join(missing)} 在表中没有数字",
                    f"sentence {said!r} cites {', '.join(missing)}, which have no figure in "
                    "the table",
                )
            )
            continue
        total = sum(v for v in read_values if isinstance(v, (int, Decimal)))
        if shown != fig.value or total != fig.value:
            problems.append(
                Problem(
                    f"数据语句「{said}」中的「{said[fig.start : fig.end]}」与表中单元格 "
                    f"{'、'.join(fig.cells)} 之和 {total} 不一致",
                    f"in {said!r}, {said[fig.start : fig.end]!r} differs from the sum {total} of "
                    f"table cells {', '.join(fig.cells)}",
                )
            )
    for m in re.finditer(r"\d", said):
        if m.start() not in covered:
            problems.append(
                Problem(
                    f"数据语句「{said}」含有不是来自表格的数字",
                    f"sentence {said!r} has a digit that does not come from the table",
                )
            )
            break
    return problems


# --- reading a docx ---------------------------------------------------------------------------


def _read_docx(doc: Any) -> Readback:
    tables = []
    for t in doc.tables:
        n_cols = len(t.columns)
        cells = [c.text for c in t._cells]  # every grid position, merged cells repeated
        tables.append([cells[i : i + n_cols] for i in range(0, len(cells), n_cols)])
    return Readback(tables, [p.text for p in doc.paragraphs])


def _header_rows(ctx: ReportContext, doc: Any) -> list[Problem]:
    from docx.oxml.ns import qn

    problems = []
    for grid, table in zip(grids(ctx), doc.tables):
        for r in range(grid.header_rows):
            tr_pr = table.rows[r]._tr.trPr
            if tr_pr is None or tr_pr.find(qn("w:tblHeader")) is None:
                problems.append(
                    Problem(
                        f"表{grid.spec.number} 的表头第{r + 1}行未设置跨页重复",
                        f"table {grid.spec.number} header row {r + 1} does not repeat on each page",
                    )
                )
    return problems


def _gbt_9704(doc: Any) -> list[Problem]:
    from docx.shared import Mm

    from . import docx as d

    problems: list[Problem] = []
    tol = Mm(0.3)
    for i, section in enumerate(doc.sections, 1):
        checks = (
            ("页面宽度", "page width", section.page_width, d.PAGE_MM[0]),
            ("页面高度", "page height", section.page_height, d.PAGE_MM[1]),
            ("上边距", "top margin", section.top_margin, d.MARGINS_MM[0]),
            ("下边距", "bottom margin", section.bottom_margin, d.MARGINS_MM[1]),
            ("左边距", "left margin", section.left_margin, d.MARGINS_MM[2]),
            ("右边距", "right margin", section.right_margin, d.MARGINS_MM[3]),
        )
        for zh, en, got, mm in checks:
            if got is None or abs(got - Mm(mm)) > tol:
                shown = "未设置" if got is None else f"{got.mm:.1f} mm"
                problems.append(
                    Problem(
                        f"第{i}节{zh}为 {shown}，GB/T 9704 要求 {mm:g} mm",
                        f"section {i} {en} is {shown}; GB/T 9704 asks {mm:g} mm",
                    )
                )
    want = {d.S_BODY: d.BODY_FONT, d.S_TITLE: d.TITLE_FONT, d.S_H1: d.HEADING_FONTS[1]}
    by_level = {name: d.HEADING_FONTS[level] for level, name in d.S_CHAR.items()}
    seen = dict.fromkeys(want, 0)
    styles = {s.style_id: s for s in doc.styles}  # python-docx looks ids up linearly
    for p in doc.paragraphs:
        p_style = styles.get(p._p.style)
        name = p_style.name if p_style is not None else ""
        if name not in want:
            continue
        for run in p.runs:
            if not run.text.strip():
                continue
            seen[name] += 1
            r_style = styles.get(run._r.style)
            expected = want[name]
            if r_style is not None and r_style.name in by_level:
                expected = by_level[r_style.name]
            got = east_asia_font(doc, p, run, styles)
            if got != expected:
                problems.append(
                    Problem(
                        f"「{run.text[:12]}」的中文字体为 {got}，应为 {expected}",
                        f"{run.text[:12]!r} has East Asian font {got}, expected {expected}",
                    )
                )
    for name, count in seen.items():
        if not count:
            problems.append(Problem(f"没有使用「{name}」样式的文字", f"no text in style {name!r}"))
    body = doc.styles[d.S_BODY]
    pf = body.paragraph_format
    if pf.line_spacing is None or abs(pf.line_spacing.pt - d.LINE_PT) > 0.05:
        problems.append(Problem("正文未设置固定行距", "body text has no fixed line spacing"))
    if pf.first_line_indent is None or abs(pf.first_line_indent.pt - 2 * d.CHAR_PT) > 0.5:
        problems.append(Problem("正文首行未缩进两字", "body text is not indented two characters"))
    if body.font.size is None or abs(body.font.size.pt - d.BODY_PT) > 0.01:
        problems.append(Problem("正文字号不是三号", "body text is not 三号 (16 pt)"))
    for section in doc.sections:
        for footer in (section.footer, section.even_page_footer):
            xml = footer._element.xml
            if "PAGE" not in xml or "—" not in "".join(p.text for p in footer.paragraphs):
                problems.append(
                    Problem("页脚缺少「— 1 —」页码", "footer lacks the — 1 — page number")
                )
    return problems


def east_asia_font(
    doc: Any, paragraph: Any, run: Any, styles: dict[str, Any] | None = None
) -> str | None:
    """The East Asian font Word uses for a run: run, character style, paragraph style (and
    what they are based on), document defaults; theme fonts count as not set."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    def of(rpr: Any) -> str | None:
        if rpr is None:
            return None
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            return None
        value: str | None = rfonts.get(qn("w:eastAsia"))
        return value

    def chain(style: Any) -> Iterable[Any]:
        while style is not None:
            yield style
            style = style.base_style

    if styles is None:
        styles = {s.style_id: s for s in doc.styles}
    found = of(run._r.rPr)
    if found:
        return found
    for style in chain(styles.get(run._r.style)):
        found = of(style.element.rPr)
        if found:
            return found
    for style in chain(
        styles.get(paragraph._p.style) or doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    ):
        found = of(style.element.rPr)
        if found:
            return found
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        return of(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    return None


# --- reading HTML -----------------------------------------------------------------------------


class _HTMLReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._para: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._span = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
        elif tag == "p":
            self._para = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(("".join(self._cell), *self._span))
            self._cell = None
        elif tag == "p" and self._para is not None:
            self.paragraphs.append("".join(self._para))
            self._para = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._para is not None:
            self._para.append(data)


def _expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """An HTML table as a full grid, each spanned cell's text at every position it covers."""
    grid: dict[tuple[int, int], str] = {}
    width = 0
    for r, row in enumerate(rows):
        k = 0
        for text, rowspan, colspan in row:
            while (r, k) in grid:
                k += 1
            for dr in range(rowspan):
                for dk in range(colspan):
                    grid[(r + dr, k + dk)] = text
            k += colspan
            width = max(width, k)
    return [[grid.get((r, k), "") for k in range(width)] for r in range(len(rows))]


def _read_html(text: str) -> Readback:
    reader = _HTMLReader()
    reader.feed(text)
    reader.close()
    return Readback([_expand(t) for t in reader.tables], reader.paragraphs)


# --- reading Markdown -------------------------------------------------------------------------

_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>|#.)+=&~!-])")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _read_markdown(text: str) -> Readback:
    tables: list[list[list[str]]] = []
    paragraphs: list[str] = []
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in _CELL_SPLIT.split(line.strip())[1:-1]]
            if all(re.fullmatch(r"-+", c) for c in cells):
                continue
            if current is None:
                current = []
                tables.append(current)
            current.append([_UNESCAPE.sub(r"\1", c.replace("<br>", "\n")) for c in cells])
            continue
        current = None
        if line.strip():
            paragraphs.append(_UNESCAPE.sub(r"\1", line.replace("**", "")))
    return Readback(tables, paragraphs)


__all__ = ["Problem", "Readback", "SelfCheckFailed", "east_asia_font", "verify"]
