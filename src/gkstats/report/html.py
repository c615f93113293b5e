"""The report as one standalone HTML file for a portal's 政府信息公开年报 column.

No external resource (no link, script, font or image): the style sheet is inline and the page
prints on A4 with the 公文 margins.  Tables are semantic: the column header rows in
``<thead>`` (repeated by browsers on each printed page), ``<th scope=…>`` for every label,
``rowspan``/``colspan`` as in the official template, and ``data-cell`` naming the cell id of
each figure so that scripts (and gkstats' own self-check) can read it back.
"""

from __future__ import annotations

from html import escape

from .._text import clean
from .._version import __version__
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

#: Chinese 公文 fonts first, then what Windows, macOS and Linux have instead.
_FANGSONG = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", serif'
_HEITI = '"黑体", "SimHei", "Heiti SC", "STHeiti", "Noto Sans CJK SC", sans-serif'
_KAITI = '"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", serif'
_XBS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", serif'

CSS = f"""
:root {{ color: #000; background: #fff; }}
body {{ margin: 0; }}
.gk-report {{ max-width: 46em; margin: 2em auto; padding: 0 1em;
  font-family: {_FANGSONG}; font-size: 16pt; line-height: 1.8; }}
.gk-report h1 {{ font-family: {_XBS}; font-size: 22pt; font-weight: normal;
  text-align: center; line-height: 1.5; margin: 0 0 1em; }}
.gk-report h2 {{ font-family: {_HEITI}; font-size: 16pt; font-weight: normal;
  text-indent: 2em; margin: 0; }}
.gk-report p {{ text-indent: 2em; margin: 0; text-align: justify; }}
.gk-report .gk-l2 {{ font-family: {_KAITI}; font-weight: normal; }}
.gk-report .gk-l3 {{ font-weight: normal; }}
.gk-report .gk-l4 {{ font-weight: normal; }}
.gk-report .gk-table-wrap {{ overflow-x: auto; margin: 0.5em 0 1em; }}
.gk-report table {{ border-collapse: collapse; width: 100%; font-size: 10.5pt;
  line-height: 1.4; }}
.gk-report th, .gk-report td {{ border: 1px solid #000; padding: 0.2em 0.3em;
  text-align: center; vertical-align: middle; font-weight: normal; }}
.gk-report thead th, .gk-report th.gk-caption, .gk-report th.gk-header {{
  font-family: {_HEITI}; }}
.gk-report th.gk-label {{ text-align: left; }}
.gk-report th.gk-group {{ text-align: center; }}
.gk-report td.gk-corner {{ font-size: 9pt; text-align: left; }}
.gk-report td.gk-value {{ font-variant-numeric: tabular-nums; }}
.gk-report .gk-sign {{ margin-top: 1.8em; }}
.gk-report .gk-sign p {{ text-indent: 0; text-align: right; }}
.gk-report thead th, .gk-report td.gk-value {{ min-width: 2.2em; }}
.gk-report .gk-attachment {{ break-before: page; page-break-before: always; margin-top: 3em; }}
.gk-report .gk-attachment-mark {{ font-family: {_HEITI}; text-indent: 0; }}
.gk-report .gk-attachment h2 {{ font-family: {_XBS}; font-size: 18pt; text-indent: 0;
  text-align: center; }}
.gk-report .gk-attachment .gk-subtitle {{ text-align: center; text-indent: 0; }}
@media print {{
  @page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
  .gk-report {{ max-width: none; margin: 0; padding: 0; }}
  .gk-report .gk-table-wrap {{ overflow: visible; }}
  .gk-report thead {{ display: table-header-group; }}
  .gk-report tr {{ break-inside: avoid; page-break-inside: avoid; }}
  .gk-report h2 {{ break-after: avoid; page-break-after: avoid; }}
}}
"""


def _attrs(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _cell(cell: GridCell) -> str:
    text = escape(cell.text)
    span = _attrs(cell)
    if cell.role is Role.VALUE:
        return f'<td class="gk-value" data-cell="{escape(cell.cell_id or "")}"{span}>{text}</td>'
    if cell.role in (Role.EMPTY, Role.UNIT):
        return f'<td class="gk-{cell.role.value}"{span}>{text}</td>'
    if cell.role is Role.CORNER:
        return f'<td class="gk-corner"{span}>{text}</td>'
    if cell.role is Role.CAPTION:
        return f'<th class="gk-caption" scope="rowgroup"{span}>{text}</th>'
    if cell.role is Role.HEADER:
        scope = "colgroup" if cell.group else "col"
        return f'<th class="gk-header" scope="{scope}"{span}>{text}</th>'
    scope = "rowgroup" if cell.group and cell.rowspan > 1 else "row"
    classes = "gk-label gk-group" if cell.group and cell.rowspan > 1 else "gk-label"
    style = f' style="padding-left: {0.3 + cell.indent:.1f}em"' if cell.indent else ""
    return f'<th class="{classes}" scope="{scope}"{span}{style}>{text}</th>'


def table_html(grid: Grid, label_id: str | None = None) -> str:
    label = f' aria-labelledby="{label_id}"' if label_id else ""
    lines = [f'<table class="gk-table" id="gk-{escape(grid.spec.key)}"{label}>']
    rows = grid.rows()
    head, body = rows[: grid.header_rows], rows[grid.header_rows :]
    if head:
        lines.append("<thead>")
        lines += ["<tr>" + "".join(_cell(c) for c in r) + "</tr>" for r in head]
        lines.append("</thead>")
    # one <tbody> per block of table 二 (each starts with its caption row)
    groups: list[list[list[GridCell]]] = []
    for r in body:
        if not groups or (r and r[0].role is Role.CAPTION):
            groups.append([])
        groups[-1].append(r)
    for g in groups:
        lines.append("<tbody>")
        lines += ["<tr>" + "".join(_cell(c) for c in r) + "</tr>" for r in g]
        lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def _paragraph_html(level: int, head: str, body: str) -> str:
    if not level:
        return f"<p>{escape(body)}</p>"
    return f'<p><span class="gk-l{level}">{escape(head)}</span>{escape(body)}</p>'


def render(ctx: ReportContext) -> bytes:
    out: list[str] = []
    count = 0
    label = ""
    open_section = False

    def open_(tag: str) -> None:
        nonlocal open_section
        if open_section:
            out.append("</section>")
        if tag:
            out.append(tag)
        open_section = bool(tag)

    for block in blocks(ctx):
        if isinstance(block, Title):
            out.append("<h1>" + "<br>".join(escape(x) for x in block.lines) + "</h1>")
        elif isinstance(block, Heading):
            count += 1
            label = f"gk-s{count}"
            open_("<section>")
            out.append(f'<h2 id="{label}">{escape(block.text)}</h2>')
        elif isinstance(block, Text):
            p = block.paragraph
            out.append(_paragraph_html(p.level, p.head, p.body))
        elif isinstance(block, Data):
            out.append(f'<p class="gk-data">{escape(block.text)}</p>')
        elif isinstance(block, TableBlock):
            out.append('<div class="gk-table-wrap">')
            out.append(table_html(block.grid, label or None))
            out.append("</div>")
        elif isinstance(block, AttachmentNote):
            out.append(f'<p class="gk-attachment-note">{escape(block.text)}</p>')
        elif isinstance(block, Signature):
            open_("")
            out.append('<footer class="gk-sign">')
            organ_in, date_in = signature_indents(text_width(block.organ), text_width(block.date))
            if block.organ:
                out.append(
                    f'<p class="gk-organ" style="padding-right: {organ_in:g}em">'
                    f"{escape(block.organ)}</p>"
                )
            out.append(
                f'<p class="gk-date" style="padding-right: {date_in:g}em">'
                f'<time datetime="{block.iso}">{escape(block.date)}</time></p>'
            )
            out.append("</footer>")
        elif isinstance(block, Attachment):
            count += 1
            label = f"gk-s{count}"
            open_('<section class="gk-attachment">')
            out.append(f'<p class="gk-attachment-mark">{escape(block.mark)}</p>')
            out.append(f'<h2 id="{label}">{escape(block.title)}</h2>')
            out.append(f'<p class="gk-subtitle">{escape(block.subtitle)}</p>')
    open_("")
    page = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="gkstats {escape(__version__)}">',
        f"<title>{escape(ctx.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<article class="gk-report">',
        *out,
        "</article>",
        "</body>",
        "</html>",
        "",
    ]
    return clean("\n".join(page)).encode("utf-8")  # nothing XML or a browser cannot take


__all__ = ["CSS", "render", "table_html"]
