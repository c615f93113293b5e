"""Findings and their words: the cells a finding is about, named as a person finds them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..findings import CellRef, Finding, FindingStatus
from ..formats import CellSpec, Format
from ..formats._rules import Item, Rule, Severity
from ..messages import Message
from ..table import Table
from ..values import Unreadable

Number = int | Decimal


def cell_ref(table: Table, cell_id: str) -> CellRef:
    """A cell of the table as a finding names it: id, labels, value, workbook address."""
    spec = table.format.cell(cell_id)
    return CellRef(
        id=cell_id,
        table=spec.table.number,
        row=spec.row_labels,
        column=spec.column_labels,
        value=table.values[spec.index],
        address=table.addresses.get(cell_id),
    )


def finding(
    table: Table,
    rule: Rule,
    item: Item,
    message: Message,
    lhs: Number | None = None,
    rhs: Number | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A broken rule: the item's cells, the message led by the rule id, both sides."""
    cells = tuple(cell_ref(table, c) for c in dict.fromkeys((*item.lhs, *item.rhs)))
    return Finding(
        rule=rule.id,
        severity=severity or rule.severity,
        status=FindingStatus.FAIL,
        cells=cells,
        message=Message(f"{rule.id} {message.zh}", f"{rule.id} {message.en}"),
        title=rule.title,
        lhs=lhs,
        rhs=rhs,
        imbalance=None if lhs is None or rhs is None else lhs - rhs,
    )


def blocked(values: Sequence[object]) -> str | None:
    """Why these inputs stop an item from being judged: ``"unreadable"`` (an unreadable
    value among them), ``"blank"`` (a blank one), or ``None``."""
    if any(isinstance(v, Unreadable) for v in values):
        return "unreadable"
    return "blank" if any(v is None for v in values) else None


def blocked_message(why: str, bad_zh: str, bad_en: str) -> Message:
    """Why an item cannot be judged, naming the cells that stop it (``why``: see
    :func:`blocked`)."""
    if why == "unreadable":
        zh = f"含无法识别的值（{bad_zh}），无法核对"
        return Message(zh, f"cannot be checked: unreadable input in {bad_en}")
    return Message(f"{bad_zh} 为空白，无法核对", f"cannot be checked: {bad_en} blank")


def not_assessable(table: Table, rule: Rule, item: Item, why: str) -> Finding:
    """An item whose blank or unreadable (``why``) cells stop it from being judged."""
    fmt = table.format
    ids = (*item.lhs, *item.rhs)
    bad = [i for i in ids if blocked((table[i],)) == why]
    text = blocked_message(why, join(fmt, bad, "zh"), join(fmt, bad, "en"))
    at = where(fmt, ids)
    found = finding(table, rule, item, Message(at.zh + text.zh, at.en + text.en))
    return attrs.evolve(found, severity=Severity.INFO, status=FindingStatus.NOT_ASSESSABLE)


def label(fmt: Format, cell_id: str) -> Message:
    """「row」, or 「row·column」 where the block has named columns."""
    spec = fmt.cell(cell_id)
    zh = f"「{spec.row.label}」"
    en = f"[{spec.row.label}]"
    if spec.column.label and len(spec.block.columns) + len(spec.column_path) > 2:
        zh = f"「{spec.row.label}·{spec.column.label}」"
        en = f"[{spec.row.label} / {spec.column.label}]"
    return Message(zh, en)


def cell_message(fmt: Format, cell_id: str, problem: Message) -> Message:
    """A problem of one cell, led by the cell's label."""
    name = label(fmt, cell_id)
    return Message(f"{name.zh}：{problem.zh}", f"{name.en}: {problem.en}")


def join(fmt: Format, ids: Sequence[str], lang: str, sep: str = "、") -> str:
    """Name cells briefly: by row when they share a column, by column when they share a row."""
    specs = [fmt.cell(i) for i in ids]
    if len(specs) > 6:
        first, last = specs[0], specs[-1]
        names = [short(first, specs), "…", short(last, specs)]
        more = f"（共{len(specs)}项）" if lang == "zh" else f" ({len(specs)} cells)"
        return sep.join(names) + more
    return sep.join(short(s, specs) for s in specs)


def short(spec: CellSpec, group: Sequence[Any]) -> str:
    """A cell among ``group``: its row, its column, or both, as much as tells it apart."""
    same_column = all(s.column is spec.column for s in group)
    same_row = all(s.row is spec.row for s in group)
    if same_column or not spec.column.label:
        return f"「{spec.row.label}」"
    if same_row:
        return f"「{spec.column.label}」"
    return f"「{spec.row.label}·{spec.column.label}」"


def where(fmt: Format, ids: Sequence[str]) -> Message:
    """表三「自然人」列：— the line all the cells share, if they share one."""
    specs = [fmt.cell(i) for i in ids]
    first = specs[0]
    head_zh = f"表{first.table.number}" if len(first.table.number) == 1 else ""
    head_en = f"table {first.table.number} " if len(first.table.number) == 1 else ""
    if len(specs) > 1 and all(s.column is first.column for s in specs) and first.column.label:
        if len(first.block.columns) > 1 or first.column.children or len(first.column_path) > 1:
            return Message(
                f"{head_zh}「{first.column.label}」列：",
                f"{head_en}column [{first.column.label}]: ",
            )
    if len(specs) > 1 and all(s.row is first.row for s in specs):
        return Message(f"{head_zh}「{first.row.label}」行：", f"{head_en}row [{first.row.label}]: ")
    return Message(f"{head_zh}：" if head_zh else "", head_en.strip() + ": " if head_en else "")


__all__ = [
    "blocked",
    "blocked_message",
    "cell_message",
    "cell_ref",
    "finding",
    "join",
    "label",
    "not_assessable",
    "short",
    "where",
]
