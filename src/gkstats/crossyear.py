"""导入上年: this year's table with the cells carried over from last year's filled in.

The cells come from the format's carry-over rule (F19-05, F21-05: 二、上年结转 = last year's
四、结转下年度继续办理, per column), so the check and the import say the same.  The cross-year
rules themselves are in the catalogue with the others (``gkstats rules``).
"""

from __future__ import annotations

from ._errors import GkError
from .formats import Format
from .formats._rules import RuleKind, Term
from .rules import default_rules
from .table import Table


def carried_pairs(current: Format, previous: Format) -> tuple[tuple[str, str], ...]:
    """(this year's cell, last year's cell) of every cell ``current`` carries over from a
    table of ``previous``."""
    if not current.follows(previous):
        return ()
    pairs = []
    for rule in default_rules(current).rules:
        if rule.kind is not RuleKind.CARRY_OVER:
            continue
        for item in rule.items:
            (now,), (before,) = (tuple(map(Term.parse, side)) for side in (item.lhs, item.rhs))
            if current.has_cell(now.cell) and previous.has_cell(before.cell):
                pairs.append((now.cell, before.cell))
    return tuple(pairs)


def carried_cells(fmt: Format) -> tuple[str, ...]:
    """The cells of ``fmt`` that 导入上年 fills (二、上年结转 …)."""
    return tuple(now for now, _ in carried_pairs(fmt, fmt))


def carry_over(previous: Table, current: Table) -> Table:
    """This year's table with 二、上年结转 filled from last year's 结转下年度 (导入上年)."""
    pairs = carried_pairs(current.format, previous.format)
    if not pairs:
        raise GkError(
            "no_carry_over",
            zh=f"{previous.format.id} → {current.format.id} 之间没有可结转的栏目"
            "（旧统计表无结转行）",
            en=f"nothing to carry over from {previous.format.id} to {current.format.id}",
        )
    if previous.year != current.year - 1:
        raise GkError(
            "not_previous_year",
            zh=f"上年表应为 {current.year - 1} 年度，实为 {previous.year} 年度",
            en=f"last year's table should be for {current.year - 1}, got {previous.year}",
        )
    # a blank 结转下年度 last year means none (F19-14): this year's 上年结转 is then 0
    return current.replace(
        {now: 0 if (v := previous[before]) is None else v for now, before in pairs}
    )


__all__ = ["carried_cells", "carried_pairs", "carry_over"]
