"""The official tables as an Excel workbook, drawn from the format declaration.

Nothing here is retyped: titles, captions, row and column labels, the corner note, units,
the report sections and the official filling instructions all come from the
:class:`~gkstats.formats.Format`; the sum checks shown in red come from the format's rules.

Layout follows the printed form:

* a block of a table is a *grid*: the row tree down the left (a group label spans the rows of
  its children, a leaf label runs across to the values), the column tree over the top (a group
  spans its children's columns); table 二 stacks its 第二十条 blocks, each with its caption and
  its 信息内容 header, a single-column block spreading its value over the table's width;
* a ``one_line`` table (表四) prints its rows as column groups over one line of values;
* the legacy 统计表 is a *list*: one line per indicator, indented by depth, with a unit column.

Every input cell gets the workbook-scoped defined name of its cell (``GK_t3_total_natural``),
a validation by kind with a Chinese input message, and is the only unlocked cell of a
protected sheet.  The layout is computed first, as data (:func:`plan`), so that tests and
other renderers can see where each cell is without reading a workbook back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import openpyxl
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .._cells import put_cell
from ..formats import Block, Format, Kind, Node, TableSpec, get_format
from ..rules import RuleKind, default_rules
from ._sheetfit import text_width
from ._template_names import (
    FORMAT_NAME,
    GUIDE_SHEET,
    INFO_SHEET,
    META_FIELDS,
    meta_name,
    narrative_sections,
    text_name,
)
from .gateway import Cell, a1, column_letter, reference

# --- the layout, as data ----------------------------------------------------------------


@attrs.define
class Label:
    """A printed text: a title, a header, a row label; spans ``top..bottom × left..right``."""

    text: str
    top: int
    left: int
    bottom: int
    right: int
    role: str  # title, caption, header, group, row, unit, note, blank
    indent: int = 0


@attrs.define
class Input:
    """An input cell of the format (``right`` > ``col`` when the value spans columns)."""

    cell_id: str
    row: int
    col: int
    right: int


@attrs.define
class SheetPlan:
    """Where everything of one official table goes on its sheet: labels, inputs, merges."""

    name: str
    table: TableSpec
    width: int = 0
    labels: list[Label] = attrs.Factory(list)
    inputs: list[Input] = attrs.Factory(list)
    widths: dict[int, float] = attrs.Factory(dict)
    #: Rows repeated on every printed page, and where the panes freeze.
    title_rows: tuple[int, int] | None = None
    freeze: Cell = (2, 1)
    landscape: bool = False
    #: Cells of the format the layout has no place for (optional subtotals the form lacks).
    omitted: list[str] = attrs.Factory(list)

    @property
    def last_row(self) -> int:
        rows = [lb.bottom for lb in self.labels] + [i.row for i in self.inputs]
        return max(rows, default=1)

    def where(self) -> dict[str, Cell]:
        return {i.cell_id: (i.row, i.col) for i in self.inputs}


def _sheet_name(text: str) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", text).strip("'")
    return name[:31] or "表"


def _leaves(node: Node) -> int:
    """How many lines (rows or columns) the node occupies in a grid."""
    return sum(_leaves(c) for c in node.children) if node.children else 1


def _depth(nodes: Iterable[Node]) -> int:
    return max((1 + _depth(n.children) for n in nodes), default=0)


def _cell_id(table: TableSpec, row: Node, column: Node) -> str:
    return f"{table.key}.{row.key}" + (f".{column.key}" if column.key else "")


def _is_list(block: Block) -> bool:
    return len(block.columns) == 1 and not block.columns[0].children and _depth(block.rows) > 2


def plan(fmt: Format) -> list[SheetPlan]:
    """Where every label and input cell of every table goes, one sheet per table."""
    return [_plan_table(fmt, table) for table in fmt.tables]


def _plan_table(fmt: Format, table: TableSpec) -> SheetPlan:
    sheet = SheetPlan(_sheet_name(table.title), table)
    blocks = table.blocks
    if table.one_line:
        _plan_one_line(sheet, blocks[0], first=3)
    elif len(blocks) == 1 and _is_list(blocks[0]):
        _plan_list(sheet, blocks[0], first=3)
    else:
        depth = max(_depth(b.rows) for b in blocks)
        values = max(sum(_leaves(c) for c in b.columns) for b in blocks)
        sheet.width = depth + values
        row = 3
        for i, block in enumerate(blocks):
            row = _plan_grid(sheet, table, block, row, depth, corner=i == 0)
    sheet.labels.insert(0, Label(table.title, 1, 1, 1, sheet.width, "title"))
    placed = set(sheet.where())
    for c in fmt.cells:
        if c.table is table and c.id not in placed:
            if not c.optional:
                raise ValueError(f"the template layout has no place for {c.id}")
            sheet.omitted.append(c.id)
    _size_columns(sheet)
    sheet.landscape = sum(sheet.widths.values()) > 130
    return sheet


def _plan_grid(
    sheet: SheetPlan, table: TableSpec, block: Block, row: int, depth: int, corner: bool
) -> int:
    width = sheet.width
    if block.caption:
        sheet.labels.append(Label(block.caption, row, 1, row, width, "caption"))
        row += 1
    height = _depth(block.columns)
    header_top = row
    note = table.corner_note if corner else None
    corner_text = note or block.row_header or ""
    role = "note" if note else "header" if corner_text else "blank"
    sheet.labels.append(Label(corner_text, row, 1, row + height - 1, depth, role))
    # value columns: spread the block's leaf columns over the table's value width
    leaves = sum(_leaves(c) for c in block.columns)
    avail = width - depth
    spans = [avail // leaves] * leaves
    for k in range(avail % leaves):
        spans[leaves - 1 - k] += 1
    starts = [depth + 1 + sum(spans[:k]) for k in range(leaves)]
    columns: list[tuple[Node, int, int]] = []  # leaf column node, first col, last col

    def place_columns(nodes: tuple[Node, ...], index: int, level: int) -> int:
        for node in nodes:
            n = _leaves(node)
            left = starts[index]
            right = starts[index + n - 1] + spans[index + n - 1] - 1
            if node.children:
                top = bottom = header_top + level
                sheet.labels.append(Label(node.label, top, left, bottom, right, "header"))
                place_columns(node.children, index, level + 1)
            else:
                sheet.labels.append(
                    Label(
                        node.label,
                        header_top + level,
                        left,
                        header_top + height - 1,
                        right,
                        "header",
                    )
                )
                columns.append((node, left, right))
            index += n
        return index

    place_columns(block.columns, 0, 0)
    if corner and header_top + height > sheet.freeze[0]:
        sheet.freeze = (header_top + height, depth + 1)
        sheet.title_rows = (header_top, header_top + height - 1)
    row = header_top + height

    def place_rows(nodes: tuple[Node, ...], level: int) -> None:
        nonlocal row
        for node in nodes:
            if node.children:
                top = row
                n = _leaves(node)
                sheet.labels.append(
                    Label(node.label, top, level + 1, top + n - 1, level + 1, "group")
                )
                place_rows(node.children, level + 1)
                continue
            sheet.labels.append(Label(node.label, row, level + 1, row, depth, "row"))
            if node.data:
                for col_node, left, right in columns:
                    if col_node.data:
                        sheet.inputs.append(
                            Input(_cell_id(table, node, col_node), row, left, right)
                        )
            row += 1

    place_rows(block.rows, 0)
    return row


def _plan_one_line(sheet: SheetPlan, block: Block, first: int) -> None:
    """表四: the row tree over the top as column groups, the columns under each, one line."""
    table = sheet.table
    per_group = sum(_leaves(c) for c in block.columns)
    row_depth = _depth(block.rows)
    col_height = _depth(block.columns)
    groups: list[tuple[Node, int]] = []
    col = 1

    def place(nodes: tuple[Node, ...], level: int) -> None:
        nonlocal col
        for node in nodes:
            left = col
            if node.children:
                right = left + _leaves(node) * per_group - 1
                sheet.labels.append(
                    Label(node.label, first + level, left, first + level, right, "header")
                )
                place(node.children, level + 1)
            else:
                right = left + per_group - 1
                sheet.labels.append(
                    Label(node.label, first + level, left, first + row_depth - 1, right, "header")
                )
                groups.append((node, left))
                col = right + 1

    place(block.rows, 0)
    sheet.width = col - 1
    head = first + row_depth
    value_row = head + col_height
    for row_node, left in groups:
        c = left

        def place_cols(nodes: tuple[Node, ...], level: int, row_node: Node = row_node) -> None:
            nonlocal c
            for node in nodes:
                if node.children:
                    n = _leaves(node)
                    sheet.labels.append(
                        Label(node.label, head + level, c, head + level, c + n - 1, "header")
                    )
                    place_cols(node.children, level + 1)
                else:
                    sheet.labels.append(
                        Label(node.label, head + level, c, head + col_height - 1, c, "header")
                    )
                    if row_node.data and node.data:
                        sheet.inputs.append(Input(_cell_id(table, row_node, node), value_row, c, c))
                    c += 1

        place_cols(block.columns, 0)
    sheet.freeze = (value_row, 1)
    sheet.title_rows = (first, value_row - 1)


def _plan_list(sheet: SheetPlan, block: Block, first: int) -> None:
    """The legacy 统计表: indicator | unit | figure, one line per node."""
    table = sheet.table
    column = block.columns[0]
    unit_col = 2 if block.unit_header is not None else 0
    value_col = 3 if unit_col else 2
    sheet.width = value_col
    sheet.labels.append(Label(block.row_header or "", first, 1, first, 1, "header"))
    if unit_col:
        sheet.labels.append(
            Label(block.unit_header or "", first, unit_col, first, unit_col, "header")
        )
    sheet.labels.append(Label(column.label, first, value_col, first, value_col, "header"))
    sheet.freeze = (first + 1, 1)
    sheet.title_rows = (first, first)
    row = first + 1
    for top in block.rows:
        for path, node in top.walk():
            level = len(path) - 1
            role = "row" if node.data or level else "heading"
            sheet.labels.append(Label(node.label, row, 1, row, 1, role, indent=max(level - 1, 0)))
            if node.data:
                cell_id = _cell_id(table, node, column)
                if unit_col:
                    unit = node.unit or block.unit
                    sheet.labels.append(Label(unit, row, unit_col, row, unit_col, "unit"))
                sheet.inputs.append(Input(cell_id, row, value_col, value_col))
            else:
                for c in range(2, value_col + 1):
                    sheet.labels.append(Label("", row, c, row, c, "blank"))
            row += 1


# --- sizes ------------------------------------------------------------------------------


#: Column units across an A4 portrait page between the margins (at 100 %).
PAGE_WIDTH = 90


def _size_columns(sheet: SheetPlan) -> None:
    inputs = {c for i in sheet.inputs for c in range(i.col, i.right + 1)}
    widths: dict[int, float] = {}
    for col in range(1, sheet.width + 1):
        single = [lb for lb in sheet.labels if lb.left == col and lb.right == col]
        texts = [lb for lb in single if lb.role in ("row", "header", "unit", "group", "heading")]
        if col in inputs:
            # aim at headers of at most two lines
            need = max((math.ceil(text_width(lb.text) / 2) for lb in texts), default=8)
            widths[col] = float(min(max(need + 2, 9), 16))
        elif any(lb.role == "group" for lb in texts) and all(
            lb.role == "group" or lb.bottom > lb.top for lb in texts
        ):
            # a column of group labels spanning several rows: a few characters a line
            need = max(
                math.ceil(text_width(lb.text) / max(1, min(lb.bottom - lb.top + 1, 6)))
                for lb in texts
            )
            widths[col] = float(min(max(need + 2, 8), 12))
        else:
            need = max((text_width(lb.text) for lb in texts), default=10)
            widths[col] = float(min(max(need + 2, 10), 40))
    # a narrow table is widened to the page, as the printed form runs across it
    total = sum(widths.values())
    if total < PAGE_WIDTH:
        widths = {c: round(w * PAGE_WIDTH / total, 1) for c, w in widths.items()}
    sheet.widths = widths


def _row_heights(sheet: SheetPlan, line: float = 14.0) -> dict[int, float]:
    heights: dict[int, float] = {}

    def lines(lb: Label) -> int:
        room = sum(sheet.widths.get(c, 9.0) for c in range(lb.left, lb.right + 1)) - 1.5
        return max(1, math.ceil(text_width(lb.text) / max(room, 2.0)))

    for lb in sheet.labels:
        if lb.top == lb.bottom:
            base = 24.0 if lb.role == "title" else line
            need = lines(lb) * base + 6
            heights[lb.top] = max(heights.get(lb.top, 20.0), need)
    for i in sheet.inputs:
        heights.setdefault(i.row, 20.0)
    for lb in sheet.labels:
        if lb.bottom > lb.top:
            span = range(lb.top, lb.bottom + 1)
            for r in span:
                heights.setdefault(r, 20.0)
            need = lines(lb) * line + 6
            have = sum(heights[r] for r in span)
            if have < need:
                extra = (need - have) / len(span)
                for r in span:
                    heights[r] += extra
    return heights


# --- rendering --------------------------------------------------------------------------

_THIN = Side(style="thin", color="FF000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SONG = "宋体"
_HEI = "黑体"
_GB2312 = 134  # the font charset Excel and WPS use for Simplified Chinese


def _font(name: str = _SONG, size: float = 10.5, bold: bool = False) -> Font:
    return Font(name=name, size=size, bold=bold, charset=_GB2312)


_STYLE = {
    "title": (_font(_HEI, 14), Alignment(horizontal="center", vertical="center", wrap_text=True)),
    "caption": (_font(bold=True), Alignment(horizontal="left", vertical="center", wrap_text=True)),
    "header": (_font(bold=True),
               Alignment(horizontal="center", vertical="center", wrap_text=True)),
    "note": (_font(size=9), Alignment(horizontal="center", vertical="center", wrap_text=True)),
    "group": (_font(), Alignment(horizontal="center", vertical="center", wrap_text=True)),
    "row": (_font(), Alignment(horizontal="left", vertical="center", wrap_text=True)),
    "heading": (_font(bold=True),
                Alignment(horizontal="left", vertical="center", wrap_text=True)),
    "unit": (_font(), Alignment(horizontal="center", vertical="center")),
    "blank": (_font(), Alignment(horizontal="center", vertical="center")),
}  # fmt: skip
_INPUT_FONT = _font(size=11)
_INPUT_ALIGN = Alignment(horizontal="right", vertical="center")
_TEXT_ALIGN = Alignment(horizontal="left", vertical="top", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)


def _input_message(kind: Kind, unit: str) -> tuple[str, str, str, str, str, str | None]:
    """(type, operator, formula1, title, prompt, formula2) for a cell kind and unit."""
    u = f"（单位：{unit}）" if unit else ""
    if kind is Kind.AMOUNT:
        return (
            "decimal",
            "greaterThanOrEqual",
            "0",
            "填写金额",
            f"请填写金额{u}，可带小数；没有请填 0，不要留空。",
            None,
        )
    if kind is Kind.SIGNED:
        return (
            "whole",
            "between",
            "-999999999",
            "填写增减数",
            f"请填写整数{u}：增加填正数，减少填负数，没有变化填 0。",
            "999999999",
        )
    return (
        "whole",
        "greaterThanOrEqual",
        "0",
        "填写数量",
        f"请填写非负整数{u}；没有请填 0，不要留空（空白不等于 0）。",
        None,
    )


def _error_message(kind: Kind) -> str:
    if kind is Kind.AMOUNT:
        return "这里只能填写不小于 0 的数字（万元，可带小数）。"
    if kind is Kind.SIGNED:
        return "这里只能填写整数（减少填负数）。"
    return "这里只能填写不小于 0 的整数。"


def build(
    fmt: Format | str, *, year: int | None = None, organ: str | None = None
) -> openpyxl.Workbook:
    """The template workbook of a format, optionally with the year and organ filled in."""
    fmt = get_format(fmt)
    if year is not None:
        from ..table import require_year

        require_year(year)
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    plans = plan(fmt)
    where: dict[str, tuple[str, Cell]] = {}
    for sp in plans:
        ws = book.create_sheet(sp.name)
        _render_table(book, ws, fmt, sp)
        for cell_id, cell in sp.where().items():
            where[cell_id] = (sp.name, cell)
    _add_sum_highlights(book, fmt, where)
    _render_info(book, fmt, year, organ)
    _render_guide(book, fmt, plans)
    book.defined_names[FORMAT_NAME] = DefinedName(FORMAT_NAME, attr_text=f'"{fmt.id}"')
    _add_layout_marker(book, fmt)
    book.active = 0
    book.calculation.fullCalcOnLoad = True
    return book


def _add_layout_marker(book: openpyxl.Workbook, fmt: Format) -> None:
    """``GK_layout``: where every named cell is, read from the workbook just built, so that
    the Excel add-in finds them without reading each name (see :mod:`._marker`)."""
    from ._marker import LAYOUT_NAME, layout_of
    from ._openpyxl import OpenpyxlWorkbook

    marker = layout_of(OpenpyxlWorkbook(book), fmt).formula()
    book.defined_names[LAYOUT_NAME] = DefinedName(LAYOUT_NAME, attr_text=marker)


def write(
    path: str | Path, fmt: Format | str, *, year: int | None = None, organ: str | None = None
) -> Path:
    """Write the template to ``path`` (atomically)."""
    from ._openpyxl import save_atomic

    target = Path(path)
    save_atomic(build(fmt, year=year, organ=organ), target)
    return target


def _render_table(book: openpyxl.Workbook, ws: Worksheet, fmt: Format, sp: SheetPlan) -> None:
    for col, width in sp.widths.items():
        ws.column_dimensions[column_letter(col)].width = width
    for r, h in _row_heights(sp).items():
        ws.row_dimensions[r].height = round(h, 1)
    ws.row_dimensions[2].height = 8
    for lb in sp.labels:
        font, align = _STYLE[lb.role]
        cell = ws.cell(row=lb.top, column=lb.left, value=lb.text or None)
        cell.font, cell.alignment, cell.protection = font, align, _LOCKED
        if lb.indent:
            cell.alignment = Alignment(
                horizontal="left", vertical="center", wrap_text=True, indent=lb.indent
            )
        if lb.bottom > lb.top or lb.right > lb.left:
            ws.merge_cells(
                start_row=lb.top, start_column=lb.left, end_row=lb.bottom, end_column=lb.right
            )
        if lb.role != "title":
            _border(ws, lb.top, lb.left, lb.bottom, lb.right)
    groups: dict[tuple[Kind, str], list[str]] = {}
    for inp in sp.inputs:
        spec = fmt.cell(inp.cell_id)
        target = ws.cell(row=inp.row, column=inp.col)
        target.font, target.alignment, target.protection = _INPUT_FONT, _INPUT_ALIGN, _UNLOCKED
        target.number_format = "General"
        if inp.right > inp.col:
            ws.merge_cells(
                start_row=inp.row, start_column=inp.col, end_row=inp.row, end_column=inp.right
            )
        _border(ws, inp.row, inp.col, inp.row, inp.right)
        book.defined_names[spec.name] = DefinedName(
            spec.name, attr_text=reference(sp.name, (inp.row, inp.col))
        )
        groups.setdefault((spec.kind, spec.unit), []).append(a1((inp.row, inp.col)))
    for (kind, unit), refs in groups.items():
        vtype, op, f1, title, prompt, f2 = _input_message(kind, unit)
        dv = DataValidation(
            type=vtype,  # type: ignore[arg-type]
            operator=op,  # type: ignore[arg-type]
            formula1=f1,
            formula2=f2,
            allow_blank=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=prompt,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="输入有误",
            error=_error_message(kind),
        )
        dv.sqref = " ".join(refs)
        ws.add_data_validation(dv)
    ws.freeze_panes = a1(sp.freeze)
    _print_setup(ws, sp.landscape, sp.title_rows, sp.width, sp.last_row)
    _protect(ws)


def _border(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(row=r, column=c).border = _BORDER


def _print_setup(
    ws: Worksheet, landscape: bool, title_rows: tuple[int, int] | None, width: int, last: int
) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    footer = ws.oddFooter
    if footer is not None and footer.center is not None:
        footer.center.text = "第 &P 页，共 &N 页"
    ws.print_area = f"A1:{column_letter(width)}{last}"
    if title_rows is not None:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"


def _protect(ws: Worksheet) -> None:
    """Labels locked, inputs open; formatting, resizing and selecting stay allowed."""
    p = ws.protection
    p.sheet = True
    p.formatCells = False
    p.formatColumns = False
    p.formatRows = False


def _add_sum_highlights(
    book: openpyxl.Workbook, fmt: Format, where: dict[str, tuple[str, Cell]]
) -> None:
    """A total shows red while it differs from its parts (and a balance while it is off)."""
    red = Font(name=_SONG, size=10.5, bold=True, color="FFC00000", charset=_GB2312)
    fill = PatternFill(start_color="FFFFC7CE", end_color="FFFFC7CE", fill_type="solid")
    for rule in default_rules(fmt).rules:
        if rule.kind not in (RuleKind.SUM, RuleKind.BALANCE):
            continue
        for item in rule.items:
            cells = [*item.lhs, *item.rhs]
            if not all(c in where for c in cells):
                continue
            sheets = {where[c][0] for c in cells}
            if len(sheets) != 1:
                continue
            sheet = sheets.pop()
            refs = {c: _abs(where[c][1]) for c in cells}
            left = ",".join(refs[c] for c in item.lhs)
            right = ",".join(refs[c] for c in item.rhs)
            every = ",".join(refs.values())
            formula = f"AND(COUNT({every})>0,ROUND(SUM({left})-SUM({right}),6)<>0)"
            if rule.kind is RuleKind.SUM:
                targets = list(item.lhs)
            else:
                targets = cells
            ws = book[sheet]
            for target in targets:
                ws.conditional_formatting.add(
                    a1(where[target][1]),
                    FormulaRule(formula=[formula], font=red, fill=fill),  # type: ignore[no-untyped-call]
                )


def _abs(cell: Cell) -> str:
    return f"${column_letter(cell[1])}${cell[0]}"


def _render_info(book: openpyxl.Workbook, fmt: Format, year: int | None, organ: str | None) -> None:
    ws = book.create_sheet(INFO_SHEET)
    for col, width in zip("ABCD", (16, 30, 30, 30)):
        ws.column_dimensions[col].width = width
    title = ws.cell(row=1, column=1, value=fmt.title)
    title.font, title.alignment = _STYLE["title"]
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 30
    basis = ws.cell(row=2, column=1, value=f"（{fmt.basis}）")
    basis.font, basis.alignment = _font(), Alignment(horizontal="center")
    ws.merge_cells("A2:D2")
    row = 4
    filled: dict[str, object] = {"organ": organ, "year": year}
    for key, label in META_FIELDS:
        head = ws.cell(row=row, column=1, value=label)
        head.font, head.alignment = _STYLE["header"]
        value = ws.cell(row=row, column=2)
        put_cell(value, filled.get(key))  # an organ typed as 「=…」 stays a text
        value.font, value.protection = _INPUT_FONT, _UNLOCKED
        value.alignment = Alignment(horizontal="left", vertical="center")
        if key != "year":
            value.number_format = "@"
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        _border(ws, row, 1, row, 4)
        ws.row_dimensions[row].height = 22
        book.defined_names[meta_name(key)] = DefinedName(
            meta_name(key), attr_text=reference(INFO_SHEET, (row, 2))
        )
        if key == "year":
            last = fmt.years[1] or 2100
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1=str(fmt.years[0]),
                formula2=str(last),
                allow_blank=True,
                showInputMessage=True,
                promptTitle="报告年度",
                showErrorMessage=True,
                errorTitle="输入有误",
                prompt=f"本格式适用于 {fmt.span()}的报告。",
                error=f"本格式适用于 {fmt.span()}的报告。",
            )
            dv.add(a1((row, 2)))
            ws.add_data_validation(dv)
        row += 1
    row += 1
    for key, heading in narrative_sections(fmt):
        head = ws.cell(row=row, column=1, value=heading)
        head.font = _font(_HEI, 12)
        head.alignment = Alignment(horizontal="left", vertical="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 24
        row += 1
        box = ws.cell(row=row, column=1)
        box.font, box.alignment, box.protection = _INPUT_FONT, _TEXT_ALIGN, _UNLOCKED
        box.number_format = "@"
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        _border(ws, row, 1, row, 4)
        ws.row_dimensions[row].height = 150
        book.defined_names[text_name(key)] = DefinedName(
            text_name(key), attr_text=reference(INFO_SHEET, (row, 1))
        )
        notes = [g.text for g in fmt.guidance if g.about == heading]
        prompt = "；".join(notes) if notes else "请在此填写本部分文字。"
        dv = DataValidation(
            allow_blank=True,
            showInputMessage=True,
            promptTitle=heading[:32],
            prompt=prompt[:255],
        )
        dv.add(a1((row, 1)))
        ws.add_data_validation(dv)
        row += 2
    ws.freeze_panes = "A3"
    _print_setup(ws, False, None, 4, row)
    _protect(ws)


def _render_guide(book: openpyxl.Workbook, fmt: Format, plans: list[SheetPlan]) -> None:
    """How to fill the template (gkstats' words), then the official instructions, quoted."""
    ws = book.create_sheet(GUIDE_SHEET)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80
    title = ws.cell(row=1, column=1, value=GUIDE_SHEET)
    title.font, title.alignment = _STYLE["title"]
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 30
    tables = {t.key: t for t in fmt.tables}
    rows: list[tuple[str, str, bool]] = [("一、填写方法", "", True)]
    for i, text in enumerate(_HOW_TO, start=1):
        rows.append((f"{i}.", text, False))
    rows.append((f"二、{fmt.basis}的填报要求（原文摘录）", "", True))
    for g in fmt.guidance:
        if g.about in tables:
            t = tables[g.about]
            about = f"表{t.number}" if len(t.number) == 1 else t.title
        else:
            about = g.about or "总体要求"
        rows.append((about, f"「{g.text}」" + (f"（{g.source}）" if g.source else ""), False))
    row = 3
    for about, text, heading in rows:
        a = ws.cell(row=row, column=1, value=about)
        b = ws.cell(row=row, column=2, value=text or None)
        if heading:
            a.font = _font(_HEI, 12)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            ws.row_dimensions[row].height = 24
        else:
            a.font, b.font = _font(bold=True), _font()
            a.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            b.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            lines = max(1, math.ceil(text_width(text) / 78))
            ws.row_dimensions[row].height = max(20, lines * 14 + 6)
        row += 1
    _print_setup(ws, False, None, 2, row)
    _protect(ws)


#: gkstats' own instructions for the template (not official text).
_HOW_TO = (
    "只在白色的填写格中填写数字；标签格已锁定（工作表保护未设密码）。",
    "没有发生的事项请填 0，不要留空：空白不等于 0，校验时空白会被报告。",
    "金额一律以万元为单位，可带小数；其他各格填写整数。",
    "合计（总计）与各分项之和不一致时，合计格显示为红色；请核对后修正。",
    "报告的单位名称、年度、联系人和文字部分填在「" + INFO_SHEET + "」工作表。",
    "填好后可用 gkstats check 文件.xlsx --mark 校验：有问题的单元格会被标色并加批注，"
    "另附「校验结果」工作表；gkstats clear 文件.xlsx 可清除这些标记。",
)


def cells_of(book: openpyxl.Workbook, fmt: Format) -> Iterator[tuple[str, str, Cell]]:
    """(cell id, sheet, cell) of every input of ``fmt`` found by name in a template."""
    from .gateway import parse_reference

    for c in fmt.cells:
        dn = book.defined_names.get(c.name)
        if dn is None:
            continue
        ref = parse_reference(dn.attr_text)
        if ref is not None:
            yield c.id, ref[0], ref[1]


__all__ = [
    "FORMAT_NAME",
    "GUIDE_SHEET",
    "INFO_SHEET",
    "META_FIELDS",
    "SheetPlan",
    "build",
    "cells_of",
    "meta_name",
    "narrative_sections",
    "plan",
    "text_name",
    "write",
]
