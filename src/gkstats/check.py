"""The checker: every rule of a table's format, compiled once per rule set, run per table.

Rules are compiled to cell positions so that checking a clean table is a handful of C-level
sums; findings (and their messages) are only built for what fails.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .findings import CellRef, CheckResult, Finding, RuleSummary
from .formats import Format, Kind
from .rules import RuleSet, default_rules
from .rules._model import FORMAT_KINDS, Item, Message, Rule, RuleKind, Severity
from .table import Table
from .values import CellValue, Unreadable, format_number, quote

Number = int | Decimal
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}


def check(
    table: Table,
    rules: RuleSet | Sequence[Rule] | None = None,
    *,
    disable: Iterable[str] = (),
    previous: Table | None = None,
) -> CheckResult:
    """Check a table against the rules of its format (or the given ones).

    ``disable`` switches rules off by id for this call; ``previous`` (last year's table of the
    same organ) adds the cross-year rules (carry-over, stock and flow, large swings).
    """
    ruleset = _ruleset(table.format, rules)
    off = frozenset(disable)
    compiled = _compiled(ruleset, off)
    values = table.values
    findings: list[Finding] = []
    summary: list[RuleSummary] = []
    downgrade = table.format.id == "f2019" and table.year == 2019  # F19-16
    for rule, evaluate in compiled:
        before = len(findings)
        items, na = evaluate(table, values, findings)
        new = findings[before:]
        if downgrade and rule.kind in FORMAT_KINDS:
            for k, f in enumerate(new):
                if f.severity is Severity.ERROR:
                    findings[before + k] = attrs.evolve(f, severity=Severity.WARNING)
        fails = len(new) - na
        summary.append(
            RuleSummary(rule.id, rule.severity, rule.kind, items, items - fails - na, fails, na)
        )
    if previous is not None:
        from .crossyear import check_pair

        more, counts = check_pair(previous, table, off)
        findings.extend(more)
        summary.extend(counts)
    return CheckResult(table.format.id, table.year, table.organ, tuple(summary), tuple(findings))


def _ruleset(fmt: Format, rules: RuleSet | Sequence[Rule] | None) -> RuleSet:
    if rules is None:
        return default_rules(fmt)
    if isinstance(rules, RuleSet):
        return rules
    return RuleSet(fmt, tuple(rules))


# --- compilation -----------------------------------------------------------------------

_Evaluator = Callable[[Table, tuple[CellValue, ...], list[Finding]], tuple[int, int]]
_cache: dict[tuple[int, frozenset[str]], tuple[RuleSet, list[tuple[Rule, _Evaluator]]]] = {}


def _compiled(ruleset: RuleSet, off: frozenset[str]) -> list[tuple[Rule, _Evaluator]]:
    key = (id(ruleset), off)
    hit = _cache.get(key)
    if hit is not None and hit[0] is ruleset:
        return hit[1]
    compiled = _compile(ruleset, off)
    if len(_cache) > 256:  # rule sets built on the fly (rule files) must not pile up
        _cache.clear()
    _cache[key] = (ruleset, compiled)
    return compiled


def _compile(ruleset: RuleSet, off: frozenset[str]) -> list[tuple[Rule, _Evaluator]]:
    fmt = ruleset.format
    out = []
    for rule in ruleset.rules:
        if not rule.enabled or rule.id in off:
            continue
        out.append((rule, _COMPILERS[rule.kind](fmt, rule)))
    return out


def _getter(fmt: Format, ids: Sequence[str]) -> Callable[[tuple[CellValue, ...]], tuple[Any, ...]]:
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


def _compile_linear(fmt: Format, rule: Rule) -> _Evaluator:
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
            quick = _OPS[item.op or rule.op]
        plans.append((item, _getter(fmt, item.lhs), _getter(fmt, item.rhs), optional, quick))
    judge = _JUDGES[rule.kind]

    def evaluate(
        table: Table, values: tuple[CellValue, ...], out: list[Finding]
    ) -> tuple[int, int]:
        items = na = 0
        for item, left, right, optional, quick in plans:
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
            ls, rs = _side(lv), _side(rv)
            if ls is None or rs is None:
                items += 1
                na += 1
                out.append(_not_assessable(table, rule, item, "unreadable"))
                continue
            if optional and (ls.filled + rs.filled == 0 or not ls.filled):
                continue
            if ls.filled + rs.filled == 0:
                items += 1
                na += 1
                out.append(_not_assessable(table, rule, item, "blank"))
                continue
            items += 1
            blank_total = rule.kind is RuleKind.SUM and ls.blank
            empty_side = (item.lhs and not ls.filled) or (item.rhs and not rs.filled)
            if empty_side and rule.kind is RuleKind.COMPARE and _bounded_blank(item, rule, ls, rs):
                continue  # a pass: a blank side cannot exceed its bound
            if blank_total or (rule.kind is not RuleKind.SUM and empty_side):
                na += 1
                out.append(_not_assessable(table, rule, item, "blank"))
                continue
            finding = judge(table, rule, item, ls.total, rs.total, rv)
            if finding is not None:
                out.append(finding)
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
    tl = _short(fmt.cell(item.lhs[0]), [fmt.cell(c) for c in cells])
    where = _where(fmt, cells)
    zh = (
        f"{where.zh}{tl} 为 {format_number(total)}，而各分项"
        f"（{_join(fmt, item.rhs, 'zh')}）之和为 {format_number(parts)}，"
        f"相差 {format_number(total - parts)}"
    )
    en = (
        f"{where.en}{tl} is {format_number(total)} but its parts "
        f"({_join(fmt, item.rhs, 'en')}) add up to {format_number(parts)} "
        f"(off by {format_number(total - parts)})"
    )
    return _finding(table, rule, item, Message(zh, en), total, parts, severity)


def _judge_balance(
    table: Table, rule: Rule, item: Item, lhs: Number, rhs: Number, rv: tuple[Any, ...]
) -> Finding | None:
    if lhs == rhs:
        return None
    fmt = table.format
    where = _where(fmt, item.lhs + item.rhs)
    zh = (
        f"{where.zh}{_join(fmt, item.lhs, 'zh', ' + ')} = {format_number(lhs)}，"
        f"而 {_join(fmt, item.rhs, 'zh', ' + ')} = {format_number(rhs)}，"
        f"相差 {format_number(lhs - rhs)}"
    )
    en = (
        f"{where.en}{_join(fmt, item.lhs, 'en', ' + ')} = {format_number(lhs)} but "
        f"{_join(fmt, item.rhs, 'en', ' + ')} = {format_number(rhs)} "
        f"(off by {format_number(lhs - rhs)})"
    )
    return _finding(table, rule, item, Message(zh, en), lhs, rhs)


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
    if _OPS[op](lhs, rhs):
        return None
    fmt = table.format
    where = _where(fmt, item.lhs + item.rhs)
    right_zh = _join(fmt, item.rhs, "zh", " + ") if item.rhs else "0"
    right_en = _join(fmt, item.rhs, "en", " + ") if item.rhs else "0"
    zh = (
        f"{where.zh}{_join(fmt, item.lhs, 'zh', ' + ')}（{format_number(lhs)}）"
        f"{_OP_ZH[op]} {right_zh}（{format_number(rhs)}）"
    )
    en = (
        f"{where.en}{_join(fmt, item.lhs, 'en', ' + ')} ({format_number(lhs)}) "
        f"{_OP_EN[op]} {right_en} ({format_number(rhs)})"
    )
    return _finding(table, rule, item, Message(zh, en), lhs, rhs)


def _judge_ratio(
    table: Table, rule: Rule, item: Item, lhs: Number, rhs: Number, rv: tuple[Any, ...]
) -> Finding | None:
    if rhs < rule.min_denominator or rhs <= 0 or Decimal(lhs) / Decimal(rhs) <= rule.threshold:
        return None
    fmt = table.format
    share = (Decimal(lhs) * 100 / Decimal(rhs)).quantize(Decimal("0.1"))
    limit = format_number(rule.threshold * 100)
    zh = (
        f"{_join(fmt, item.lhs, 'zh')}（{format_number(lhs)}）占 {_join(fmt, item.rhs, 'zh')}"
        f"（{format_number(rhs)}）的 {share}%，超过 {limit}%，请说明原因"
    )
    en = (
        f"{_join(fmt, item.lhs, 'en')} ({format_number(lhs)}) is {share}% of "
        f"{_join(fmt, item.rhs, 'en')} ({format_number(rhs)}), above {limit}%"
    )
    return _finding(table, rule, item, Message(zh, en), lhs, rhs)


def _judge_dedup(
    table: Table, rule: Rule, item: Item, total: Number, channels: Number, rv: tuple[Any, ...]
) -> Finding | None:
    fmt = table.format
    tl = _label(fmt, item.lhs[0])
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
    return _finding(table, rule, item, Message(zh, en), total, channels)


_JUDGES = {
    RuleKind.SUM: _judge_sum,
    RuleKind.BALANCE: _judge_balance,
    RuleKind.COMPARE: _judge_compare,
    RuleKind.RATIO: _judge_ratio,
    RuleKind.DEDUP: _judge_dedup,
}


def _compile_value(fmt: Format, rule: Rule) -> _Evaluator:
    ids = rule.cells
    get = _getter(fmt, ids)
    kinds = [fmt.cell(i).kind for i in ids]
    counts = _getter(fmt, [i for i, k in zip(ids, kinds) if k is Kind.COUNT])
    others = [(i, k, fmt.cell(i).index) for i, k in zip(ids, kinds) if k is not Kind.COUNT]
    plain_types = {int, type(None)}

    def evaluate(
        table: Table, values: tuple[CellValue, ...], out: list[Finding]
    ) -> tuple[int, int]:
        vals = counts(values)
        if set(map(type, vals)) <= plain_types and min(filter(None, vals), default=0) >= 0:
            # every count is a whole number >= 0 or blank: only the other cells need a look
            for cell_id, other_kind, index in others:
                problem = _value_problem(values[index], other_kind)
                if problem is not None:
                    out.append(
                        _finding(
                            table, rule, Item((cell_id,)), _cell_message(fmt, cell_id, problem)
                        )
                    )
            return len(ids), 0
        vals = get(values)
        for cell_id, kind, v in zip(ids, kinds, vals):
            problem = _value_problem(v, kind)
            if problem is not None:
                out.append(
                    _finding(
                        table,
                        rule,
                        Item((cell_id,)),
                        _cell_message(fmt, cell_id, problem),
                    )
                )
        return len(vals), 0

    return evaluate


def _value_problem(v: CellValue, kind: Kind) -> Message | None:
    if v is None:
        return None
    if isinstance(v, Unreadable):
        return Message(f"{format_number(v)}{v.zh}", f"{quote(v.raw)!r}: {v.en}")
    if kind is Kind.AMOUNT:
        if v < 0:
            return Message(f"金额不能为负数（{format_number(v)}）", f"negative amount {v}")
        return None
    if not isinstance(v, int):
        return Message(f"应为整数，实为 {format_number(v)}", f"not a whole number: {v}")
    if kind is Kind.COUNT and v < 0:
        return Message(f"应为非负整数，实为 {v}", f"negative count: {v}")
    return None


def _cell_message(fmt: Format, cell_id: str, problem: Message) -> Message:
    label = _label(fmt, cell_id)
    return Message(f"{label.zh}：{problem.zh}", f"{label.en}: {problem.en}")


def _compile_blank(fmt: Format, rule: Rule) -> _Evaluator:
    ids = rule.cells
    get = _getter(fmt, ids)
    totals = [fmt.cell(i).is_total for i in ids]

    def evaluate(
        table: Table, values: tuple[CellValue, ...], out: list[Finding]
    ) -> tuple[int, int]:
        vals = get(values)
        if None not in vals:
            return len(vals), 0
        for cell_id, total, v in zip(ids, totals, vals):
            if v is None:
                severity = rule.total_severity if total and rule.total_severity else None
                zh = "为空白，合计项不能空白" if total else "为空白，没有数量应填 0"
                en = "is blank; a total must be filled" if total else "is blank; enter 0 for none"
                out.append(
                    _finding(
                        table,
                        rule,
                        Item((cell_id,)),
                        _cell_message(fmt, cell_id, Message(zh, en)),
                        severity=severity,
                    )
                )
        return len(vals), 0

    return evaluate


def _compile_filled_total(fmt: Format, rule: Rule) -> _Evaluator:
    plans = [(item, _getter(fmt, item.lhs), _getter(fmt, item.rhs)) for item in rule.items]

    def evaluate(
        table: Table, values: tuple[CellValue, ...], out: list[Finding]
    ) -> tuple[int, int]:
        for item, left, right in plans:
            if left(values)[0] is None and any(v is not None for v in right(values)):
                label = _label(fmt, item.lhs[0])
                out.append(
                    _finding(
                        table,
                        rule,
                        item,
                        Message(
                            f"{label.zh} 为空白，但其分项已填写，请填写合计",
                            f"{label.en} is blank although its parts are filled",
                        ),
                    )
                )
        return len(plans), 0

    return evaluate


def _compile_unit(fmt: Format, rule: Rule) -> _Evaluator:
    ids = rule.cells

    def evaluate(
        table: Table, values: tuple[CellValue, ...], out: list[Finding]
    ) -> tuple[int, int]:
        for cell_id in ids:
            spec = fmt.cell(cell_id)
            if values[spec.index] is not None and cell_id not in table.written_units:
                out.append(
                    _finding(
                        table,
                        rule,
                        Item((cell_id,)),
                        _cell_message(
                            fmt,
                            cell_id,
                            Message(
                                f"未注明单位（元或万元），按 {spec.unit} 计",
                                f"no unit given (元 or 万元); read as {spec.unit}",
                            ),
                        ),
                    )
                )
        return len(ids), 0

    return evaluate


def _compile_text(fmt: Format, rule: Rule) -> _Evaluator:
    """L-16 / F19-15 / F21-14: the figures the report's own text quotes (Table.narrative)."""

    def evaluate(
        table: Table, values: tuple[CellValue, ...], out: list[Finding]
    ) -> tuple[int, int]:
        text = "\n".join(t for t in table.narrative.values() if t)
        if not text.strip():
            return 0, 0
        from .parse.narrative import check_narrative

        (summary,), findings = check_narrative(table, text)
        out.extend(findings)
        return summary.items, summary.not_assessable

    return evaluate


_COMPILERS: dict[RuleKind, Callable[[Format, Rule], _Evaluator]] = {
    RuleKind.SUM: _compile_linear,
    RuleKind.BALANCE: _compile_linear,
    RuleKind.COMPARE: _compile_linear,
    RuleKind.RATIO: _compile_linear,
    RuleKind.DEDUP: _compile_linear,
    RuleKind.VALUE: _compile_value,
    RuleKind.BLANK: _compile_blank,
    RuleKind.FILLED_TOTAL: _compile_filled_total,
    RuleKind.UNIT: _compile_unit,
    RuleKind.TEXT: _compile_text,
}


# --- findings and their words ----------------------------------------------------------


def cell_ref(table: Table, cell_id: str) -> CellRef:
    spec = table.format.cell(cell_id)
    return CellRef(
        id=cell_id,
        table=spec.table.number,
        row=spec.row_labels,
        column=spec.column_labels,
        value=table.values[spec.index],
        address=table.addresses.get(cell_id),
    )


def _finding(
    table: Table,
    rule: Rule,
    item: Item,
    message: Message,
    lhs: Number | None = None,
    rhs: Number | None = None,
    severity: Severity | None = None,
) -> Finding:
    cells = tuple(cell_ref(table, c) for c in dict.fromkeys((*item.lhs, *item.rhs)))
    return Finding(
        rule=rule.id,
        severity=severity or rule.severity,
        status="fail",
        cells=cells,
        message=Message(f"{rule.id} {message.zh}", f"{rule.id} {message.en}"),
        title=rule.title,
        lhs=lhs,
        rhs=rhs,
        imbalance=None if lhs is None or rhs is None else lhs - rhs,
    )


def _not_assessable(table: Table, rule: Rule, item: Item, why: str) -> Finding:
    fmt = table.format
    ids = (*item.lhs, *item.rhs)
    if why == "unreadable":
        bad = [i for i in ids if isinstance(table[i], Unreadable)]
        zh = f"含无法识别的值（{_join(fmt, bad, 'zh')}），无法核对"
        en = f"cannot be checked: unreadable input in {_join(fmt, bad, 'en')}"
    else:
        blank = [i for i in ids if table[i] is None]
        zh = f"{_join(fmt, blank, 'zh')} 为空白，无法核对"
        en = f"cannot be checked: {_join(fmt, blank, 'en')} blank"
    where = _where(fmt, ids)
    finding = _finding(table, rule, item, Message(where.zh + zh, where.en + en))
    return attrs.evolve(finding, severity=Severity.INFO, status="not_assessable")


def _label(fmt: Format, cell_id: str) -> Message:
    spec = fmt.cell(cell_id)
    zh = f"「{spec.row.label}」"
    en = f"[{spec.row.label}]"
    if spec.column.label and len(spec.block.columns) + len(spec.column_path) > 2:
        zh = f"「{spec.row.label}·{spec.column.label}」"
        en = f"[{spec.row.label} / {spec.column.label}]"
    return Message(zh, en)


def _join(fmt: Format, ids: Sequence[str], lang: str, sep: str = "、") -> str:
    """Name cells briefly: by row when they share a column, by column when they share a row."""
    specs = [fmt.cell(i) for i in ids]
    if len(specs) > 6:
        first, last = specs[0], specs[-1]
        names = [_short(first, specs), "…", _short(last, specs)]
        more = f"（共{len(specs)}项）" if lang == "zh" else f" ({len(specs)} cells)"
        return sep.join(names) + more
    return sep.join(_short(s, specs) for s in specs)


def _short(spec: Any, group: Sequence[Any]) -> str:
    same_column = all(s.column is spec.column for s in group)
    same_row = all(s.row is spec.row for s in group)
    if same_column or not spec.column.label:
        return f"「{spec.row.label}」"
    if same_row:
        return f"「{spec.column.label}」"
    return f"「{spec.row.label}·{spec.column.label}」"


def _where(fmt: Format, ids: Sequence[str]) -> Message:
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
