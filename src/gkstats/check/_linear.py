"""The linear kinds: a total and its parts (SUM), two sides (BALANCE), a comparison
(COMPARE), a share (RATIO), a deduplicated total (DEDUP): one comparison of two sides per item.

Each rule is compiled to cell positions; checking a clean table is a handful of C-level sums,
and findings (and their messages) are only built for what fails.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..findings import Finding
from ..formats import Format
from ..formats._rules import Item, Rule, RuleKind
from ..messages import Message
from ..table import Table
from ..values import CellValue, Unreadable, format_number
from ._registry import Evaluator, Run, evaluator
from ._stand_in import SKIP, SUBTOTAL, not_printed, swap
from ._words import finding, join, label, not_assessable, short, where

Number = int | Decimal
OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}


def getter(fmt: Format, ids: Sequence[str]) -> Callable[[tuple[CellValue, ...]], tuple[Any, ...]]:
    idx = [fmt.cell(i).index for i in ids]
    if not idx:
        return lambda values: ()
    if len(idx) == 1:
        only = idx[0]
        return lambda values: (values[only],)
    return operator.itemgetter(*idx)


def _is_optional(fmt: Format, ids: Iterable[str]) -> bool:
    return all(fmt.cell(i).optional for i in ids)


@attrs.frozen
class _Side:
    total: Number
    filled: int
    blank: int
    unreadable: tuple[str, ...]


def _side(vals: tuple[Any, ...]) -> _Side | None:
    """Sum one side with its blanks counted; ``None`` when it holds unreadable input."""
    total: Number = 0
    filled = blank = 0
    for v in vals:
        if v is None:
            blank += 1
        elif isinstance(v, Unreadable):
            return None
        else:
            total += v
            filled += 1
    return _Side(total, filled, blank, ())


@evaluator(RuleKind.SUM, RuleKind.BALANCE, RuleKind.COMPARE, RuleKind.RATIO, RuleKind.DEDUP)
def _compile_linear(fmt: Format, rule: Rule) -> Evaluator:
    """SUM, BALANCE, COMPARE, RATIO, DEDUP: one comparison of two sides per item."""
    plans = []
    for item in rule.items:
        # An optional total (a （六） subtotal row the official form does not have) that is
        # left blank means the row is absent, not that the item cannot be judged.
        optional = _is_optional(fmt, (*item.lhs, *item.rhs)) or (
            rule.kind is RuleKind.SUM and _is_optional(fmt, item.lhs)
        )
        quick: Callable[[Any, Any], bool] | None = None
        if rule.kind in (RuleKind.SUM, RuleKind.BALANCE):
            quick = operator.eq
        elif rule.kind is RuleKind.COMPARE:
            quick = OPS[item.op or rule.op]
        at = (
            tuple(fmt.cell(i).index for i in item.lhs),
            tuple(fmt.cell(i).index for i in item.rhs),
        )
        plans.append((item, getter(fmt, item.lhs), getter(fmt, item.rhs), optional, quick, at))
    judge = _JUDGES[rule.kind]

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        table, values = run.table, run.values
        items = na = 0
        old_rows: list[Item] = []
        for item, left, right, optional, quick, at in plans:
            lv, rv = left(values), right(values)
            if optional and lv.count(None) == len(lv):
                continue  # an optional row left out (a （六） subtotal, legacy 回应解读)
            try:  # every cell filled: the common case, no bookkeeping
                lsum, rsum = sum(lv), sum(rv)
            except TypeError:
                pass
            else:
                items += 1
                if quick is None or not quick(lsum, rsum):
                    finding = judge(table, rule, item, lsum, rsum, rv)
                    if finding is not None:
                        out.append(finding)
                continue
            if run.stand_in:  # a subtotal printed in place of its parts
                swapped = swap(*at, run.stand_in, values)
                if swapped == SUBTOTAL:
                    old_rows.append(item)
                    continue
                if swapped == SKIP:
                    continue
                if isinstance(swapped, tuple):
                    lv, rv = swapped
            ls, rs = _side(lv), _side(rv)
            if ls is None or rs is None:
                items += 1
                na += 1
                out.append(not_assessable(table, rule, item, "unreadable"))
                continue
            if optional and (ls.filled + rs.filled == 0 or not ls.filled):
                continue
            if ls.filled + rs.filled == 0:
                items += 1
                na += 1
                out.append(not_assessable(table, rule, item, "blank"))
                continue
            items += 1
            blank_total = rule.kind is RuleKind.SUM and ls.blank
            empty_side = (item.lhs and not ls.filled) or (item.rhs and not rs.filled)
            if empty_side and rule.kind is RuleKind.COMPARE and _bounded_blank(item, rule, ls, rs):
                continue  # a pass: a blank side cannot exceed its bound
            if blank_total or (rule.kind is not RuleKind.SUM and empty_side):
                na += 1
                out.append(not_assessable(table, rule, item, "blank"))
                continue
            finding = judge(table, rule, item, ls.total, rs.total, rv)
            if finding is not None:
                out.append(finding)
        if old_rows:  # said once for the rule, not per column
            out.append(not_printed(table, rule, old_rows))
            items, na = items + 1, na + 1
        return items, na

    return evaluate


def _bounded_blank(item: Item, rule: Rule, lhs: _Side, rhs: _Side) -> bool:
    """A wholly blank side that is only bounded (a blank 「其中」 under its parent) passes."""
    op = item.op or rule.op
    if op in ("<=", "<"):
        return lhs.filled == 0
    if op in (">=", ">"):
        return bool(item.rhs) and rhs.filled == 0
    return False


def _judge_sum(
    table: Table, rule: Rule, item: Item, total: Number, parts: Number, rv: tuple[Any, ...]
) -> Finding | None:
    if total == parts:
        return None
    severity = rule.severity
    if rule.under_severity is not None and parts < total:
        severity = rule.under_severity
    fmt = table.format
    cells = item.lhs + item.rhs
    tl = short(fmt.cell(item.lhs[0]), [fmt.cell(c) for c in cells])
    at = where(fmt, cells)
    zh = (
        f"{at.zh}{tl} 为 {format_number(total)}，而各分项"
        f"（{join(fmt, item.rhs, 'zh')}）之和为 {format_number(parts)}，"
        f"相差 {format_number(total - parts)}"
    )
    en = (
        f"{at.en}{tl} is {format_number(total)} but its parts "
        f"({join(fmt, item.rhs, 'en')}) add up to {format_number(parts)} "
        f"(off by {format_number(total - parts)})"
    )
    return finding(table, rule, item, Message(zh, en), total, parts, severity)


def _judge_balance(
    table: Table, rule: Rule, item: Item, lhs: Number, rhs: Number, rv: tuple[Any, ...]
) -> Finding | None:
    if lhs == rhs:
        return None
    fmt = table.format
    at = where(fmt, item.lhs + item.rhs)
    zh = (
        f"{at.zh}{join(fmt, item.lhs, 'zh', ' + ')} = {format_number(lhs)}，"
        f"而 {join(fmt, item.rhs, 'zh', ' + ')} = {format_number(rhs)}，"
        f"相差 {format_number(lhs - rhs)}"
    )
    en = (
        f"{at.en}{join(fmt, item.lhs, 'en', ' + ')} = {format_number(lhs)} but "
        f"{join(fmt, item.rhs, 'en', ' + ')} = {format_number(rhs)} "
        f"(off by {format_number(lhs - rhs)})"
    )
    return finding(table, rule, item, Message(zh, en), lhs, rhs)


_OP_ZH = {"<=": "不应大于", ">=": "不应小于", "==": "应等于", "<": "应小于", ">": "应大于"}
_OP_EN = {
    "<=": "should be at most",
    ">=": "should be at least",
    "==": "should equal",
    "<": "should be less than",
    ">": "should be more than",
}


def _judge_compare(
    table: Table, rule: Rule, item: Item, lhs: Number, rhs: Number, rv: tuple[Any, ...]
) -> Finding | None:
    op = item.op or rule.op
    if OPS[op](lhs, rhs):
        return None
    fmt = table.format
    at = where(fmt, item.lhs + item.rhs)
    right_zh = join(fmt, item.rhs, "zh", " + ") if item.rhs else "0"
    right_en = join(fmt, item.rhs, "en", " + ") if item.rhs else "0"
    zh = (
        f"{at.zh}{join(fmt, item.lhs, 'zh', ' + ')}（{format_number(lhs)}）"
        f"{_OP_ZH[op]} {right_zh}（{format_number(rhs)}）"
    )
    en = (
        f"{at.en}{join(fmt, item.lhs, 'en', ' + ')} ({format_number(lhs)}) "
        f"{_OP_EN[op]} {right_en} ({format_number(rhs)})"
    )
    return finding(table, rule, item, Message(zh, en), lhs, rhs)


def _judge_ratio(
    table: Table, rule: Rule, item: Item, lhs: Number, rhs: Number, rv: tuple[Any, ...]
) -> Finding | None:
    if rhs < rule.min_denominator or rhs <= 0 or Decimal(lhs) / Decimal(rhs) <= rule.threshold:
        return None
    fmt = table.format
    share = (Decimal(lhs) * 100 / Decimal(rhs)).quantize(Decimal("0.1"))
    limit = format_number(rule.threshold * 100)
    zh = (
        f"{join(fmt, item.lhs, 'zh')}（{format_number(lhs)}）占 {join(fmt, item.rhs, 'zh')}"
        f"（{format_number(rhs)}）的 {share}%，超过 {limit}%，请说明原因"
    )
    en = (
        f"{join(fmt, item.lhs, 'en')} ({format_number(lhs)}) is {share}% of "
        f"{join(fmt, item.rhs, 'en')} ({format_number(rhs)}), above {limit}%"
    )
    return finding(table, rule, item, Message(zh, en), lhs, rhs)


def _judge_dedup(
    table: Table, rule: Rule, item: Item, total: Number, channels: Number, rv: tuple[Any, ...]
) -> Finding | None:
    fmt = table.format
    tl = label(fmt, item.lhs[0])
    if total > channels:
        zh = (
            f"{tl.zh}（{format_number(total)}）大于各渠道之和（{format_number(channels)}），"
            "同一信息去重后不应更多"
        )
        en = (
            f"{tl.en} ({format_number(total)}) exceeds the sum of channels "
            f"({format_number(channels)}); a deduplicated count cannot be larger"
        )
    elif total == channels and sum(1 for v in rv if v) >= 2:
        zh = (
            f"{tl.zh}（{format_number(total)}）恰好等于各渠道之和，"
            "多渠道公开的同一信息似未按「计1条」去重"
        )
        en = (
            f"{tl.en} ({format_number(total)}) exactly equals the sum of channels: "
            "information published on several channels seems not deduplicated"
        )
    else:
        return None
    return finding(table, rule, item, Message(zh, en), total, channels)


_JUDGES = {
    RuleKind.SUM: _judge_sum,
    RuleKind.BALANCE: _judge_balance,
    RuleKind.COMPARE: _judge_compare,
    RuleKind.RATIO: _judge_ratio,
    RuleKind.DEDUP: _judge_dedup,
}
