"""Reports rendered from a table, the way real sites print them, for the parser's tests.

Everything comes from the format declaration: the header rows and spans of each table are
built from the column and row trees (table 三's three-level header with 申请人情况 over
法人或其他组织; table 四 as one line of 15 cells under a three-level header; the legacy form
with its unit column).  The narrative sentences are our own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from gkstats import Table
from gkstats.formats import Block, Node, TableSpec
from gkstats.values import format_number

Cell = tuple[str, int, int]  # text, rowspan, colspan


def _leaves(node: Node) -> list[Node]:
    return [n for _, n in node.walk() if n.data and not n.children] or [node]


def _depth(nodes: tuple[Node, ...]) -> int:
    return max((len(path) for top in nodes for path, _ in top.walk()), default=1)


def _value(table: Table, cell_id: str) -> str:
    v = table[cell_id]
    return "" if v is None else format_number(v)


def _column_header(columns: tuple[Node, ...], lead: list[Cell]) -> list[list[Cell]]:
    depth = _depth(columns)
    rows: list[list[Cell]] = [list(lead) if i == 0 else [] for i in range(depth)]

    def place(node: Node, level: int) -> None:
        leaves = [n for _, n in node.walk() if n.data]
        span = len(leaves) if node.children else 1
        rowspan = 1 if node.children else depth - level
        rows[level].append((node.label, rowspan, span))
        for child in node.children:
            place(child, level + 1)

    for top in columns:
        place(top, 0)
    return rows


def _data_rows(
    table: Table, spec: TableSpec, block: Block, label_cols: int, unit: bool = False,
    single: tuple[str, ...] = (),
) -> list[list[Cell]]:  # fmt: skip
    fmt = table.format
    columns = [n for top in block.columns for _, n in top.walk() if n.data]
    out: list[list[Cell]] = []

    def emit(node: Node, level: int, lead: list[Cell]) -> None:
        if node.key in single:  # one row for the node, its parts left out (an older form)
            out.append([*lead, (node.label, 1, label_cols - level), *_values(node)])
            return
        if unit and not node.data:  # the legacy form prints a group as a row of its own
            out.append([(node.label, 1, 1), ("", 1, 1), ("", 1, 1)])
            for child in node.children:
                emit(child, level, [])
            return
        if node.children and (not node.data or (node.optional and not unit)):
            data_below = [n for _, n in node.walk() if n.data and not n.children]
            cell = (node.label, len(data_below), 1)
            first = True
            for child in node.children:
                emit(child, level + 1, [*lead, cell] if first else lead)
                first = False
            return
        if node.children:  # a data row with parts (legacy 「（一）收到申请数」)
            row = [*lead, (node.label, 1, label_cols - level)]
            out.append(row + _values(node))
            for child in node.children:
                emit(child, level, [])
            return
        row = [*lead, (node.label, 1, label_cols - level)]
        out.append(row + _values(node))

    def _values(node: Node) -> list[Cell]:
        cells: list[Cell] = []
        if unit:
            c = fmt.cell(f"{spec.key}.{node.key}")
            cells.append((c.unit if c.unit in ("万元", "人次") else "", 1, 1))
        for col in columns:
            cid = f"{spec.key}.{node.key}" + (f".{col.key}" if col.key else "")
            cells.append((_value(table, cid), 1, 1))
        return cells

    for top in block.rows:
        emit(top, 0, [])
    return out


def _one_line(table: Table, spec: TableSpec) -> list[list[Cell]]:
    """Table 四: its rows become column groups over one line of figures."""
    block = spec.blocks[0]
    cols = [n for n in block.columns if n.data]
    depth = _depth(block.rows) + 1
    head: list[list[Cell]] = [[] for _ in range(depth)]

    def place(node: Node, level: int) -> None:
        if node.children:
            leaves = [n for _, n in node.walk() if n.data]
            head[level].append((node.label, 1, len(leaves) * len(cols)))
            for child in node.children:
                place(child, level + 1)
            return
        head[level].append((node.label, 1, len(cols)))
        for col in cols:
            head[level + 1].append((col.label, depth - level - 1, 1))

    for top in block.rows:
        place(top, 0)
    line: list[Cell] = []
    for top in block.rows:
        for row in _leaves(top):
            for col in cols:
                line.append((_value(table, f"{spec.key}.{row.key}.{col.key}"), 1, 1))
    return [*head, line]


def grids(
    table: Table, single: tuple[str, ...] = ()
) -> Iterator[tuple[TableSpec, list[list[Cell]]]]:
    """Each official table as rows of (text, rowspan, colspan); the rows of ``single`` (node
    keys) printed as one row without their parts, as the 2019 form prints （六）其他处理."""
    fmt = table.format
    for spec in fmt.tables:
        rows: list[list[Cell]] = []
        if spec.one_line:
            rows = _one_line(table, spec)
        elif fmt.id == "legacy":
            block = spec.blocks[0]
            rows = [[(block.row_header or "", 1, 1), ("单位", 1, 1), ("统计数", 1, 1)]]
            rows += _data_rows(table, spec, block, 1, unit=True)
        else:
            for block in spec.blocks:
                label_cols = _depth(block.rows)
                width = label_cols + len([n for t in block.columns for _, n in t.walk() if n.data])
                if block.caption:
                    rows.append([(block.caption, 1, width)])
                lead_text = block.row_header or (spec.corner_note or "")
                depth = _depth(block.columns)
                lead = [(lead_text, depth, label_cols)]
                rows += _column_header(block.columns, lead)
                rows += _data_rows(table, spec, block, label_cols, single=single)
        yield spec, rows


def to_html(
    table: Table, narrative: str = "", chrome: bool = True, single: tuple[str, ...] = ()
) -> str:
    """A page with site chrome, a title, the narrative and each table (``single``: see
    :func:`grids`)."""
    parts = []
    if chrome:
        parts.append(
            "<html><head><meta charset='utf-8'><title>政府信息公开</title>"
            "<script>var x = '<table><tr><td>1</td></tr></table>';</script></head><body>"
            "<table class='layout'><tr><td><div class='nav'>首页 | 政务公开 | 政府信息公开年报 |"
            " 这里是网站的导航栏和一段很长的说明文字，用来模拟站点外框。" * 3 + "</div></td></tr>"
            "<tr><td>"
        )
    parts.append(f"<h1>{html.escape(table.organ)}{table.year}年度政府信息公开工作年度报告</h1>")
    for line in narrative.splitlines():
        parts.append(f"<p>{html.escape(line)}</p>")
    for spec, rows in grids(table, single):
        parts.append(f"<p>{html.escape(spec.title)}</p><table border='1'>")
        for row in rows:
            parts.append("<tr>")
            for text, rowspan, colspan in row:
                attrs = (f" rowspan='{rowspan}'" if rowspan > 1 else "") + (
                    f" colspan='{colspan}'" if colspan > 1 else ""
                )
                parts.append(f"<td{attrs}><p><span>{html.escape(text)}</span></p></td>")
            parts.append("</tr>")
        parts.append("</table>")
    if chrome:
        parts.append("</td></tr></table><div class='footer'>版权所有</div></body></html>")
    return "".join(parts)


def to_text(table: Table, narrative: str = "", sep: str = "", single: tuple[str, ...] = ()) -> str:
    """The page as text: cells joined by ``sep`` ("" runs them together, "\\n" one a line;
    ``single``: see :func:`grids`)."""
    out = [f"标题: {table.organ}{table.year}年度政府信息公开工作年度报告", narrative]
    for spec, rows in grids(table, single):
        out.append(spec.title)
        out.append(sep.join(text for row in rows for text, _, _ in row if text or sep))
    return "\n".join(out)


def to_docx(table: Table, path: Path, narrative: str = "") -> Path:
    """A Word file with real merged cells (python-docx ``merge``)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from gkstats.parse._document import Grid

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(42), Cm(29.7)
    document.add_paragraph(f"{table.organ}{table.year}年度政府信息公开工作年度报告")
    for line in narrative.splitlines():
        document.add_paragraph(line)
    for spec, rows in grids(table):
        document.add_paragraph(spec.title)
        grid = Grid.from_rows(rows)
        t = document.add_table(rows=grid.nrows, cols=len(grid.matrix[0]))
        t.style = "Table Grid"
        t.autofit = False
        for c in range(len(grid.matrix[0])):  # wide enough that labels do not overflow
            longest = max((len(x.text) for x in grid.cells if x.col == c and x.colspan == 1),
                          default=2)  # fmt: skip
            for row in t.rows:
                row.cells[c].width = Cm(min(7.0, max(1.2, longest * 0.45)))
        for cell in grid.cells:
            target = t.cell(cell.row, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(
                    t.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
                )
            target.text = cell.text
    document.save(str(path))
    return path


def strip_tags(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


__all__ = ["grids", "strip_tags", "to_docx", "to_html", "to_text"]
