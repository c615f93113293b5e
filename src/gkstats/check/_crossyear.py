"""The cross-year kinds: a cell carried over from last year's table (CARRY_OVER), a stock that
follows from last year's and this year's flows (STOCK_FLOW), a large change (SWING).

Their items name last year's cells as ``previous:…`` terms.  A rule runs when last year's
table is of a format this year's follows (the same family, not a newer edition) and at least
one of its items can be compared: its cells exist in both years' formats, and none is in a
table this year's format renewed (F21-16: table 二 does not compare across 2020 → 2021).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import cast

from ..findings import CellRef, Finding, FindingStatus
from ..formats import Format
from ..formats._rules import Rule, RuleKind, Severity, Term
from ..messages import Message
from ..table import Table
from ..values import CellValue, format_number
from ._registry import Compiler, Evaluator, Run, evaluator
from ._words import blocked, blocked_message

_OPS = {"==": operator.eq, "<=": operator.le}
_OP_ZH = {"==": "应等于", "<=": "不应大于"}
_OP_EN = {"==": "should equal", "<=": "should be at most"}

_Terms = tuple[tuple[Term, ...], tuple[Term, ...], str]


def _plans(rule: Rule) -> list[_Terms]:
    plans = []
    for item in rule.items:
        lhs, rhs = item.terms()
        plans.append((lhs, rhs, item.op or rule.op))
    return plans


def _comparable(terms: Iterable[Term], previous: Table, current: Table) -> bool:
    """Whether the cells exist in their year's format, and mean the same in both years."""
    same = previous.format == current.format
    renewed = current.format.renewed
    for t in terms:
        fmt = previous.format if t.previous else current.format
        if not fmt.has_cell(t.cell):
            return False
        if not same and t.cell.partition(".")[0] in renewed:
            return False
    return True


def _table(term: Term, previous: Table, current: Table) -> Table:
    return previous if term.previous else current


def _ref(term: Term, previous: Table, current: Table) -> CellRef:
    table = _table(term, previous, current)
    spec = table.format.cell(term.cell)
    return CellRef(
        id=term.cell,
        table=spec.table.number,
        row=spec.row_labels,
        column=spec.column_labels,
        value=table[term.cell],
        address=table.addresses.get(term.cell),
        year=table.year,
    )


def _name(term: Term, previous: Table, current: Table, lang: str) -> str:
    table = _table(term, previous, current)
    spec = table.format.cell(term.cell)
    if lang == "zh":
        return f"{table.year}年{spec.describe('zh')}" if term.previous else spec.describe("zh")
    return f"{table.year} {spec.describe('en')}" if term.previous else spec.describe("en")


def _expr(terms: Iterable[Term], previous: Table, current: Table, lang: str) -> str:
    out = ""
    for k, t in enumerate(terms):
        op = (" − " if t.sign < 0 else " + ") if k else ("−" if t.sign < 0 else "")
        out += op + _name(t, previous, current, lang)
    return out


def _applicable(fmt: Format, plans: list[_Terms], run: Run) -> tuple[Table, list[_Terms]] | None:
    """Last year's table and the items that compare it with this year's; None when the rule
    does not apply (no last year's table, another family, or nothing comparable)."""
    previous = run.previous
    if previous is None or not fmt.follows(previous.format):
        return None
    found = [p for p in plans if _comparable((*p[0], *p[1]), previous, run.table)]
    return (previous, found) if found else None


#: Judges the comparable items of a rule: (rule, last year's, this year's, items, findings).
_Judge = Callable[[Rule, Table, Table, list[_Terms], list[Finding]], tuple[int, int]]


def _cross_year(judge: _Judge) -> Compiler:
    """A compiler for a cross-year kind: the rule's items, judged where they apply."""

    def compile(fmt: Format, rule: Rule) -> Evaluator:
        plans = _plans(rule)

        def evaluate(run: Run, out: list[Finding]) -> tuple[int, int] | None:
            found = _applicable(fmt, plans, run)
            if found is None:
                return None
            previous, applicable = found
            return judge(rule, previous, run.table, applicable, out)

        return evaluate

    return compile


def _compare(
    rule: Rule, previous: Table, current: Table, applicable: list[_Terms], out: list[Finding]
) -> tuple[int, int]:
    """CARRY_OVER, STOCK_FLOW: each side's terms added up and compared.

    A blank or unreadable cell on either side, in either year's table, makes the item not
    assessable, as for the same-year rules: last year's blank may be a cell its report
    did not print or the parser could not read, and taking it as 0 would blame this year's
    figure for it.
    """
    items = na = 0
    for lhs, rhs, op in applicable:
        terms = (*lhs, *rhs)
        vals = [_table(t, previous, current)[t.cell] for t in terms]
        if all(v is None for v in vals) and _optional(terms, previous, current):
            continue  # an optional row both years left out
        items += 1
        refs = tuple(_ref(t, previous, current) for t in terms)
        why = blocked(vals)
        if why is not None:
            na += 1
            out.append(_not_assessable(rule, why, terms, vals, refs, previous, current))
            continue
        nums = cast("list[int | Decimal]", vals)
        left = sum(t.sign * v for t, v in zip(lhs, nums))
        right = sum(t.sign * v for t, v in zip(rhs, nums[len(lhs) :]))
        if _OPS[op](left, right):
            continue
        out.append(_broken(rule, (lhs, rhs, op), refs, left, right, previous, current))
    return items, na


def _optional(terms: Iterable[Term], previous: Table, current: Table) -> bool:
    return all(_table(t, previous, current).format.cell(t.cell).optional for t in terms)


def _not_assessable(
    rule: Rule, why: str, terms: tuple[Term, ...], vals: list[CellValue],
    refs: tuple[CellRef, ...], previous: Table, current: Table,
) -> Finding:  # fmt: skip
    """The item's cells that stop it (``why``: blank or unreadable), named with their year."""
    bad = [t for t, v in zip(terms, vals) if blocked((v,)) == why]
    text = blocked_message(
        why,
        "、".join(_name(t, previous, current, "zh") for t in bad),
        ", ".join(_name(t, previous, current, "en") for t in bad),
    )
    return Finding(
        rule=rule.id,
        severity=Severity.INFO,
        status=FindingStatus.NOT_ASSESSABLE,
        cells=refs,
        message=Message(f"{rule.id} {text.zh}", f"{rule.id} {text.en}"),
        title=rule.title,
    )


def _broken(
    rule: Rule, plan: _Terms, refs: tuple[CellRef, ...], left: int | Decimal,
    right: int | Decimal, previous: Table, current: Table,
) -> Finding:  # fmt: skip
    lhs, rhs, op = plan
    left_zh, right_zh = (_expr(side, previous, current, "zh") for side in (lhs, rhs))
    left_en, right_en = (_expr(side, previous, current, "en") for side in (lhs, rhs))
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        status=FindingStatus.FAIL,
        cells=refs,
        message=Message(
            f"{rule.id} {left_zh}（{format_number(left)}）{_OP_ZH[op]} "
            f"{right_zh}（{format_number(right)}），相差 {format_number(left - right)}",
            f"{rule.id} {left_en} ({format_number(left)}) {_OP_EN[op]} "
            f"{right_en} ({format_number(right)}), off by {format_number(left - right)}",
        ),
        title=rule.title,
        lhs=left,
        rhs=right,
        imbalance=left - right,
    )


def _swings(
    rule: Rule, previous: Table, current: Table, applicable: list[_Terms], out: list[Finding]
) -> tuple[int, int]:
    """SWING: a figure that grew or shrank ``threshold`` times, the larger at least
    ``min_denominator``."""
    items = 0
    for (now_term,), (before_term,), _ in applicable:
        now, before = current[now_term.cell], previous[before_term.cell]
        if not isinstance(now, (int, Decimal)) or not isinstance(before, (int, Decimal)):
            continue
        items += 1
        big, small = max(now, before), min(now, before)
        if big < rule.min_denominator or big < rule.threshold * max(small, 0) or small < 0:
            continue
        spec = current.format.cell(now_term.cell)
        out.append(
            Finding(
                rule=rule.id,
                severity=rule.severity,
                status=FindingStatus.FAIL,
                cells=(
                    _ref(now_term, previous, current),
                    _ref(before_term, previous, current),
                ),
                message=Message(
                    f"{rule.id} {spec.describe('zh')} 由 {previous.year}年的 "
                    f"{format_number(before)} 变为 {format_number(now)}，变化较大，请核实",
                    f"{rule.id} {spec.describe('en')} went from {format_number(before)} "
                    f"in {previous.year} to {format_number(now)}: worth a check",
                ),
                title=rule.title,
                lhs=now,
                rhs=before,
                imbalance=now - before,
            )
        )
    return items, 0


evaluator(RuleKind.CARRY_OVER, RuleKind.STOCK_FLOW)(_cross_year(_compare))
evaluator(RuleKind.SWING)(_cross_year(_swings))

__all__: list[str] = []
