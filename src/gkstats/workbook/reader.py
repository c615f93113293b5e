"""Reading the statistics table out of a filled workbook, whoever made the workbook.

A workbook made from our template names every input cell (``GK_t3_total_natural``), and
those names are followed first: they survive rows inserted in Excel.  Where a name is
missing or broken (a workbook from a province's own template, a hand-made one, a row deleted
under a name) the cell is found by its labels instead: the row label to its left and the
column label above it (or, for 表四 printed on one line, the group label above the column
label), matched through :mod:`gkstats.labels` so that spaces, line breaks, 1．/1., quote
styles and merged cells do not matter and inserted rows or columns are followed.  A cell
that cannot be found unambiguously is reported, never guessed.

The format is taken from the workbook's ``GK_format`` name, else from which format's cells
its names or labels resolve best, with the report year to decide between equals.  Every
value goes through :func:`gkstats.values.read_value`; a formula is read as the result the
workbook stored, and a formula without a stored result is kept as unreadable input (so the
checker reports it) instead of being read as blank.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from .._errors import GkError
from ..formats import FORMATS, Block, Format, Kind, Node, TableSpec, get_format
from ..labels import How, LabelIndex, normalize_label
from ..table import Table
from ..values import CellValue, Unreadable, read_value
from ._template_names import FORMAT_NAME, GUIDE_SHEET, META_FIELDS, meta_name, narrative_sections
from ._template_names import text_name as narrative_name
from .gateway import Cell, SheetData, Uncached, WorkbookReader, address, parse_reference
from .marks import RECORD_SHEET, RESULTS_SHEET

#: Sheets gkstats itself adds when marking; never read as data.
OWN_SHEETS = frozenset({RESULTS_SHEET, RECORD_SHEET})


@attrs.frozen
class WorkbookRead:
    """A table read from a workbook, and how each cell was found."""

    table: Table
    #: cell id → (sheet, cell) for every cell found.
    located: Mapping[str, tuple[str, Cell]]
    #: Cell ids found through a defined name (the others through labels).
    by_name: frozenset[str]
    #: Required cells found neither way.
    missing: tuple[str, ...]
    #: Cells holding a formula without a stored result.
    uncached: tuple[str, ...]
    #: False when the workbook states no report year (the table then carries the format's
    #: first year, which the file readers refuse to use silently).
    year_stated: bool = True

    @property
    def complete(self) -> bool:
        return not self.missing


# --- the label vocabulary of a format ---------------------------------------------------


@attrs.frozen(eq=False)
class Entry:
    """A label the format prints: a row or a column node of a block, or a caption."""

    table: TableSpec
    block: Block
    axis: str  # "row" | "col"
    node: Node
    order: int

    @property
    def label(self) -> str:
        return self.node.label

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.node.aliases


@attrs.frozen
class _Hit:
    entry: Entry
    top: int
    left: int
    bottom: int
    right: int
    rank: int
    #: The last column the label heads: its merged span, or, unmerged, up to the next label
    #: in its row (a group header typed over the first of its columns only).
    reach: int


#: Text that is a figure, as typed (「29」「1,234件」「0.5万元」「—」), never a label.
_FIGURE = re.compile(
    r"^\s*[-+—/]?[\d０-９,，.．\s]*(?:件|条|次|人次|人|个|篇|项|起|份|家|万元|元)?\s*$"
)


@functools.cache
def _vocabulary(fmt: Format) -> LabelIndex[Entry]:
    entries: list[Entry] = []
    for table in fmt.tables:
        for block in table.blocks:
            for axis, tops in (("row", block.rows), ("col", block.columns)):
                for top in tops:
                    for _, node in top.walk():
                        if node.label:
                            entries.append(Entry(table, block, axis, node, len(entries)))
    return LabelIndex(entries)


# --- sheets ---------------------------------------------------------------------------


class _Sheets:
    """Sheets read on demand, once each."""

    def __init__(self, wb: WorkbookReader) -> None:
        self.wb = wb
        self.names = wb.sheet_names()
        self._data: dict[str, SheetData] = {}
        self._texts: dict[str, list[tuple[str, int, int, int, int]]] = {}
        self.hits: dict[tuple[str, str, bool], dict[Entry, list[_Hit]]] = {}

    def data(self, name: str) -> SheetData:
        got = self._data.get(name)
        if got is None:
            got = self._data[name] = self.wb.read_sheet(name)
        return got

    def searchable(self) -> list[str]:
        return [
            n
            for n in self.names
            if n not in OWN_SHEETS and n != GUIDE_SHEET and not self.wb.sheet_hidden(n)
        ]

    def texts(self, name: str) -> list[tuple[str, int, int, int, int]]:
        """Every text cell with its merged span: (text, top, left, bottom, right)."""
        got = self._texts.get(name)
        if got is None:
            data = self.data(name)
            spans = {(m[0], m[1]): m for m in data.merged}
            got = []
            for (r, c), v in data.values.items():
                if isinstance(v, str) and v.strip():
                    top, left, bottom, right = spans.get((r, c), (r, c, r, c))
                    got.append((v, top, left, bottom, right))
            got.sort(key=lambda t: (t[1], t[2]))
            self._texts[name] = got
        return got


# --- finding cells by their labels ----------------------------------------------------


def _hits(fmt: Format, sheets: _Sheets, sheet: str, fuzzy: bool) -> dict[Entry, list[_Hit]]:
    cached = sheets.hits.get((fmt.id, sheet, fuzzy))
    if cached is None:
        cached = sheets.hits[(fmt.id, sheet, fuzzy)] = _find_hits(fmt, sheets, sheet, fuzzy)
    return cached


def _find_hits(fmt: Format, sheets: _Sheets, sheet: str, fuzzy: bool) -> dict[Entry, list[_Hit]]:
    index = _vocabulary(fmt)
    found: dict[Entry, list[_Hit]] = {}
    texts = sheets.texts(sheet)
    last_col = max((c for _, c in sheets.data(sheet).values), default=1)
    next_left: dict[tuple[int, int], int] = {}
    by_row: dict[int, list[int]] = {}
    for _, top, left, _, _ in texts:
        by_row.setdefault(top, []).append(left)
    for top, lefts in by_row.items():
        lefts.sort()
        for a, b in zip(lefts, [*lefts[1:], last_col + 1]):
            next_left[(top, a)] = b
    for text, top, left, bottom, right in texts:
        if _FIGURE.match(text):
            continue  # a figure typed as text (「29件」), not a label
        reach = right if right > left else max(right, next_left[(top, left)] - 1)
        for m in index.lookup_all(text, fuzzy=fuzzy):
            rank = m.how.rank if m.how is not How.FUZZY else m.how.rank + 1
            hit = _Hit(m.target, top, left, bottom, right, rank, reach)
            found.setdefault(m.target, []).append(hit)
    # an entry uses its best-matching cells only (「（七）总计」 over a bare 「总计」)
    for entry, hits in found.items():
        best = min(h.rank for h in hits)
        found[entry] = [h for h in hits if h.rank == best]
    _assign_repeated(found)
    return found


def _assign_repeated(found: dict[Entry, list[_Hit]]) -> None:
    """Entries of one table that print the same label (the legacy form's two 「（二）被依法
    纠错数」, f2019's three 「上一年项目数量」) take its occurrences in order."""
    groups: dict[tuple[str, str, str], list[Entry]] = {}
    for entry in found:
        key = (entry.table.key, entry.axis, normalize_label(entry.label))
        groups.setdefault(key, []).append(entry)
    for entries in groups.values():
        if len(entries) < 2:
            continue
        entries.sort(key=lambda e: e.order)
        cells = sorted({(h.top, h.left): h for e in entries for h in found[e]}.values(),
                       key=lambda h: (h.top, h.left))  # fmt: skip
        if len(cells) == len(entries):
            for entry, hit in zip(entries, cells):
                found[entry] = [attrs.evolve(hit, entry=entry)]


def _position(row: _Hit, columns: Sequence[_Hit]) -> Cell | None:
    """Where the row label's line meets the column label's line, or ``None``."""
    # the usual grid: the nearest column label above the row and to the right of its label
    above = [h for h in columns if h.bottom < row.top and h.left > row.right]
    if above:
        nearest = max(h.bottom for h in above)
        lefts = {h.left for h in above if h.bottom == nearest}
        return (row.top, lefts.pop()) if len(lefts) == 1 else None
    # 表四 on one line: the row node is a group label over its columns, values underneath
    below = [h for h in columns if h.top > row.bottom and row.left <= h.left <= row.reach]
    if below:
        nearest = min(h.top for h in below)
        under = [h for h in below if h.top == nearest]
        if len({h.left for h in under}) == 1:
            return (max(h.bottom for h in under) + 1, under[0].left)
    return None


@attrs.frozen
class _Resolution:
    sheet: str
    cells: dict[str, Cell]
    required_found: int


def _resolve_table(
    fmt: Format, table: TableSpec, sheets: _Sheets, fuzzy: bool
) -> _Resolution | None:
    best: list[_Resolution] = []
    for sheet in sheets.searchable():
        hits = _hits(fmt, sheets, sheet, fuzzy)
        if not any(e.table is table for e in hits):
            continue
        label_cells = {(h.top, h.left) for hs in hits.values() for h in hs}
        by_node: dict[tuple[Block, str, Node], list[_Hit]] = {}
        for e, hs in hits.items():
            by_node.setdefault((e.block, e.axis, e.node), []).extend(hs)
        claims: dict[Cell, list[tuple[str, bool]]] = {}
        for spec in fmt.cells:
            if spec.table is not table:
                continue
            row_hits = by_node.get((spec.block, "row", spec.row), [])
            col_hits = by_node.get((spec.block, "col", spec.column), [])
            positions = {_position(r, col_hits) for r in row_hits} - {None}
            if len(positions) != 1:
                continue
            pos = positions.pop()
            if pos is None or pos in label_cells:
                continue
            leaf = not spec.row.children and not spec.column.children
            claims.setdefault(pos, []).append((spec.id, leaf))
        cells: dict[str, Cell] = {}
        for pos, ids in claims.items():
            if len(ids) > 1:
                ids = [i for i in ids if i[1]]
            if len(ids) == 1:
                cells[ids[0][0]] = pos
        required = sum(1 for i in cells if not fmt.cell(i).optional)
        if cells:
            best.append(_Resolution(sheet, cells, required))
    if not best:
        return None
    best.sort(key=lambda r: -r.required_found)
    if len(best) > 1 and best[0].required_found == best[1].required_found:
        raise GkError(
            "ambiguous_table",
            zh=f"工作表「{best[0].sheet}」和「{best[1].sheet}」都含有表{table.number}，"
            "无法确定读取哪一个：请删除多余的副本后重试",
            en=f"sheets {best[0].sheet!r} and {best[1].sheet!r} both hold table "
            f"{table.number}; remove the extra copy",
        )
    return best[0]


def _by_labels(fmt: Format, sheets: _Sheets, fuzzy: bool = True) -> dict[str, tuple[str, Cell]]:
    """Cells found by their labels; ``fuzzy`` also accepts near-misses (slower, so format
    detection goes without, and the chosen format retries with it if cells are missing)."""
    out: dict[str, tuple[str, Cell]] = {}
    for table in fmt.tables:
        res = _resolve_table(fmt, table, sheets, fuzzy)
        if res is not None:
            for cell_id, cell in res.cells.items():
                out[cell_id] = (res.sheet, cell)
    return out


# --- names ------------------------------------------------------------------------------


def _by_names(
    fmt: Format, names: Mapping[str, str], sheets: _Sheets
) -> dict[str, tuple[str, Cell]]:
    out: dict[str, tuple[str, Cell]] = {}
    known = set(sheets.names)
    for spec in fmt.cells:
        ref = names.get(spec.name)
        if ref is None:
            continue
        target = parse_reference(ref)
        if target is not None and target[0] in known:
            out[spec.id] = target
    return out


def _name_value(names: Mapping[str, str], name: str, sheets: _Sheets) -> object:
    ref = names.get(name)
    target = parse_reference(ref) if ref else None
    if target is None or target[0] not in sheets.names:
        return None
    return sheets.data(target[0]).values.get(target[1])


def _format_constant(names: Mapping[str, str]) -> Format | None:
    raw = names.get(FORMAT_NAME, "").strip().lstrip("=").strip('"')
    if not raw:
        return None
    try:
        return get_format(raw)
    except GkError:
        return None


# --- the year and the organ ---------------------------------------------------------------

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(度)?")


def _as_year(raw: object) -> int | None:
    if raw is None or isinstance(raw, Uncached):
        return None
    if isinstance(raw, str):
        m = _YEAR.search(raw) or re.search(r"(?:19|20)\d{2}", raw)
        raw = m.group(1) if m and m.groups() else (m.group(0) if m else raw)
    value = read_value(raw, Kind.COUNT).value
    return value if isinstance(value, int) and 1990 <= value <= 2100 else None


def _year_from_labels(sheets: _Sheets) -> int | None:
    label = normalize_label(dict(META_FIELDS)["year"])
    counts: Counter[int] = Counter()
    for sheet in sheets.searchable():
        data = sheets.data(sheet)
        for text, top, _left, _bottom, right in sheets.texts(sheet):
            if normalize_label(text) in (label, "报告年度"):
                got = _as_year(_right_of(data, top, right))
                if got is not None:
                    counts[got] += 10
            for m in _YEAR.finditer(text):
                counts[int(m.group(1))] += 2 if m.group(2) else 1
    return counts.most_common(1)[0][0] if counts else None


def _right_of(data: SheetData, row: int, right: int) -> object:
    for col in range(right + 1, right + 6):
        v = data.values.get((row, col))
        if v is not None:
            return v
    return None


_ORGAN_LABELS = ("单位名称", "填报单位", "报告单位")


def _organ_from_labels(sheets: _Sheets) -> str:
    wanted = {normalize_label(t) for t in _ORGAN_LABELS}
    for sheet in sheets.searchable():
        data = sheets.data(sheet)
        for text, top, _left, _bottom, right in sheets.texts(sheet):
            norm = normalize_label(text)
            if norm in wanted:
                v = _right_of(data, top, right)
                if isinstance(v, str) and v.strip():
                    return v.strip()
            for label in wanted:
                if norm.startswith(label + ":") and len(norm) > len(label) + 1:
                    return text.split("：" if "：" in text else ":", 1)[1].strip()
    return ""


def _narrative_from_labels(fmt: Format, sheets: _Sheets) -> dict[str, str]:
    wanted = {normalize_label(h): k for k, h in narrative_sections(fmt)}
    out: dict[str, str] = {}
    for sheet in sheets.searchable():
        data = sheets.data(sheet)
        for text, _top, left, bottom, _right in sheets.texts(sheet):
            key = wanted.get(normalize_label(text))
            if key is None or key in out:
                continue
            for row in range(bottom + 1, bottom + 4):
                v = data.values.get((row, left))
                if isinstance(v, str) and v.strip():
                    if normalize_label(v) not in wanted:
                        out[key] = v.strip()
                    break
    return out


# --- reading ------------------------------------------------------------------------------


def _score(fmt: Format, located: Mapping[str, object]) -> float:
    required = [c.id for c in fmt.cells if not c.optional]
    return sum(1 for i in required if i in located) / len(required)


def _detect(
    names: Mapping[str, str], sheets: _Sheets, year: int | None
) -> tuple[Format, dict[str, tuple[str, Cell]] | None]:
    """The format whose cells the workbook's names (else labels) resolve best, and what its
    labels resolved when it took labels to tell."""
    scored: list[tuple[float, Format, dict[str, tuple[str, Cell]] | None]] = []
    for fmt in FORMATS:
        scored.append((_score(fmt, _by_names(fmt, names, sheets)), fmt, None))
    top = max(s for s, _, _ in scored)
    if top < 0.5:
        scored = []
        for fmt in FORMATS:
            by_label = _by_labels(fmt, sheets, fuzzy=False)
            scored.append((_score(fmt, by_label), fmt, by_label))
        top = max(s for s, _, _ in scored)
    if top < 0.5:
        raise GkError(
            "no_table_found",
            zh="工作簿中找不到政府信息公开工作年度报告统计表（既没有 gkstats 模板的名称，"
            "也找不到足够的表格标签）",
            en="no statistics table found in the workbook (neither template names nor "
            "enough of the official labels)",
        )
    leaders = [(f, n) for s, f, n in scored if top - s < 1e-9]
    if len(leaders) > 1 and year is not None:
        leaders = [(f, n) for f, n in leaders if f.covers(year)] or leaders
    if len(leaders) > 1:
        ids = "、".join(f.id for f, _ in leaders)
        raise GkError(
            "ambiguous_format",
            zh=f"无法判断工作簿是哪一种格式（{ids}）：请填写报告年度或用 --format 指定",
            en=f"cannot tell the workbook's format ({ids}); fill in the year or give --format",
        )
    return leaders[0]


def read_workbook(
    wb: WorkbookReader, *, format: str | Format | None = None, year: int | None = None
) -> WorkbookRead:
    """Read the table a workbook holds (see the module docstring for how cells are found)."""
    sheets = _Sheets(wb)
    names = wb.defined_names()
    if year is None:
        year = _as_year(_name_value(names, meta_name("year"), sheets))
    fmt = get_format(format) if format is not None else _format_constant(names)
    by_label: dict[str, tuple[str, Cell]] | None = None
    if fmt is None:
        if year is None:
            year = _year_from_labels(sheets)
        fmt, by_label = _detect(names, sheets, year)
    by_name = _by_names(fmt, names, sheets)
    located: dict[str, tuple[str, Cell]] = dict(by_name)
    required = [c.id for c in fmt.cells if not c.optional]
    ours = _format_constant(names) is not None
    if any(i not in located for i in required) or (not ours and len(located) < len(fmt.ids)):
        if by_label is None or any(i not in by_label for i in required):
            by_label = _by_labels(fmt, sheets)
        for cell_id, where in by_label.items():
            if cell_id not in located:
                located[cell_id] = where
    if year is None:
        year = _year_from_labels(sheets)
    if year is not None and not fmt.covers(year):
        last = fmt.years[1] or "今"
        raise GkError(
            "year_format_mismatch",
            zh=f"报告年度 {year} 不适用工作簿的格式 {fmt.id}（{fmt.title}，"
            f"适用于 {fmt.years[0]}–{last} 年度）：请检查年度或改用对应年度的模板",
            en=f"report year {year} does not match the workbook's format {fmt.id} "
            f"(for {fmt.years[0]}–{fmt.years[1] or 'now'})",
        )
    organ_raw = _name_value(names, meta_name("organ"), sheets)
    organ = str(organ_raw).strip() if isinstance(organ_raw, (str, int)) else ""
    if not organ and meta_name("organ") not in names:
        organ = _organ_from_labels(sheets)
    narrative: dict[str, str] = {}
    for key, _heading in narrative_sections(fmt):
        text = _name_value(names, narrative_name(key), sheets)
        if isinstance(text, str) and text.strip():
            narrative[key] = text.strip()
    if not any(narrative_name(k) in names for k, _ in narrative_sections(fmt)):
        narrative = _narrative_from_labels(fmt, sheets)
    values: list[CellValue] = [None] * len(fmt.cells)
    written: dict[str, str] = {}
    addresses: dict[str, str] = {}
    uncached: list[str] = []
    for spec in fmt.cells:
        found = located.get(spec.id)
        if found is None:
            continue
        sheet, cell = found
        addresses[spec.id] = address(sheet, cell)
        raw = sheets.data(sheet).values.get(cell)
        if isinstance(raw, Uncached):
            uncached.append(spec.id)
            values[spec.index] = Unreadable(
                raw.formula,
                "是公式但工作簿中没有保存计算结果（请在 Excel 或 WPS 中打开并保存后再试）",
                "a formula without a stored result (open and save the workbook in Excel)",
            )
            continue
        reading = read_value(raw, spec.kind, spec.unit)
        values[spec.index] = reading.value
        if reading.unit and spec.kind is Kind.AMOUNT:
            written[spec.id] = reading.unit
    table = Table(
        fmt,
        year if year is not None else fmt.years[0],
        organ,
        tuple(values),
        written_units=written,
        addresses=addresses,
        narrative=narrative,
    )
    missing = tuple(i for i in required if i not in located)
    return WorkbookRead(
        table, located, frozenset(by_name), missing, tuple(uncached), year is not None
    )


def missing_error(read: WorkbookRead, source: str) -> GkError:
    """The error that lists the cells a workbook lacks, by their official labels."""
    fmt = read.table.format
    shown = [fmt.cell(i).describe("zh") for i in read.missing[:8]]
    more = f" 等共 {len(read.missing)} 个" if len(read.missing) > 8 else ""
    shown_en = [fmt.cell(i).describe("en") for i in read.missing[:8]]
    return GkError(
        "cells_not_found",
        zh=f"{source}：在工作簿中找不到这些单元格（{fmt.id}）：{'；'.join(shown)}{more}。"
        "请使用 gkstats template 生成的模板，或保持官方表格的行列标签",
        en=f"{source}: cannot find these cells ({fmt.id}): {'; '.join(shown_en)}"
        + (f" and {len(read.missing) - 8} more" if len(read.missing) > 8 else ""),
    )


def values_for(table: Table, cells: Iterable[str]) -> dict[str, int | Decimal | str | None]:
    """Plain values to write into a workbook for some cells (unreadable input as its text)."""
    out: dict[str, int | Decimal | str | None] = {}
    for cell_id in cells:
        v = table[cell_id]
        out[cell_id] = v.raw if isinstance(v, Unreadable) else v
    return out


__all__ = ["OWN_SHEETS", "WorkbookRead", "missing_error", "read_workbook", "values_for"]
