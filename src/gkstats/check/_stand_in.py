"""A subtotal printed in place of its parts: the 2019 form's single 「（六）其他处理」 row in a
table of the 2021 format, which split it into three rows (spec §3.5 D9).

The 2021 format declares the （六） subtotal as an optional row that adds up its three parts
(F21-09).  A table whose subtotal is filled while all its parts are blank printed the old
single row: its parts were not left blank, they were never printed.  The rules then read the
subtotal where they add up the parts (F21-03: （七）总计 = … + （六）), say once that the parts
are not printed (F21-09), and report none of them as blank.  Derived from the declaration (an
optional total over required parts), so any format with such a row gets the same.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import attrs

from ..findings import Finding, FindingStatus
from ..formats import Format
from ..formats._rules import Item, Rule, Severity
from ..messages import Message
from ..table import Table
from ..values import CellValue
from ._words import finding


@functools.cache
def stand_in_groups(fmt: Format) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(the optional total's position, its parts' positions) for each total row the format
    declares optional over required parts, per column."""
    out = []
    for s in fmt.sums():
        total = fmt.cell(s.total)
        parts = [fmt.cell(p) for p in s.parts]
        if s.axis == "row" and total.optional and not any(p.optional for p in parts):
            out.append((total.index, tuple(p.index for p in parts)))
    return tuple(out)


def stand_ins(fmt: Format, values: Sequence[CellValue]) -> dict[int, int]:
    """The parts not printed, by position, each with the position of the subtotal printed in
    their place (filled while every part is blank)."""
    out: dict[int, int] = {}
    for total, parts in stand_in_groups(fmt):
        if values[total] is not None and all(values[p] is None for p in parts):
            out.update(dict.fromkeys(parts, total))
    return out


#: What :func:`swap` says of an item that reads parts not printed.
SKIP = "skip"  # about the parts alone (a part's row total, its share): nothing to judge
SUBTOTAL = "subtotal"  # the subtotal against its parts (F21-09): said once, not per column


def swap(
    lhs: Sequence[int], rhs: Sequence[int], stand_in: Mapping[int, int],
    values: Sequence[CellValue],
) -> tuple[tuple[CellValue, ...], tuple[CellValue, ...]] | str | None:  # fmt: skip
    """An item's two sides with the subtotal read in place of its parts not printed
    (``None``: the item reads none of them; or :data:`SKIP`, :data:`SUBTOTAL`)."""
    gone = [i for i in (*lhs, *rhs) if i in stand_in]
    if not gone:
        return None
    totals = {stand_in[i] for i in gone}
    if len(lhs) == 1 and lhs[0] in totals and all(i in stand_in for i in rhs):
        return SUBTOTAL
    whole = all(all(p in rhs for p, t in stand_in.items() if t == total) for total in totals)
    if whole and not any(i in stand_in for i in lhs) and totals.isdisjoint((*lhs, *rhs)):
        right = [values[i] for i in rhs if i not in stand_in]
        return tuple(values[i] for i in lhs), (*right, *(values[t] for t in sorted(totals)))
    return SKIP


def not_printed(table: Table, rule: Rule, items: Sequence[Item]) -> Finding:
    """The one finding for a subtotal printed in place of its parts: which parts are not
    printed, and that the other rules read the subtotal (a warning: the table follows the
    older form)."""
    fmt = table.format
    total = fmt.cell(items[0].lhs[0])
    parts = [fmt.cell(i) for i in items[0].rhs]
    names = "、".join(f"「{p.row.label}」" for p in parts)
    names_en = ", ".join(f"[{p.row.label}]" for p in parts)
    cells = Item(tuple(i.lhs[0] for i in items), tuple(c for i in items for c in i.rhs))
    message = Message(
        f"表{total.table.number}只列了「{total.row.label}」一行（{fmt.years[0]}年以前"
        f"表式的写法），其下 {names} 未列出，无法核对本规则；其余规则按该行核对",
        f"table {total.table.number} prints only the row [{total.row.label}] (the form "
        f"before {fmt.years[0]}); its parts {names_en} are not printed, so this rule cannot "
        "be checked; the other rules use that row",
    )
    found = finding(table, rule, cells, message)
    return attrs.evolve(found, severity=Severity.WARNING, status=FindingStatus.NOT_ASSESSABLE)


__all__ = ["SKIP", "SUBTOTAL", "not_printed", "stand_in_groups", "stand_ins", "swap"]
