"""Checks against last year's table: carry-over, stock and flow, and large swings.

The rules are data (ids from the spec: F19-05/F21-05, F21-07, F19-08, F19-10) over terms that
say which year each cell is read from.  Carry-over also runs across the f2019 → f2021
switch, because table 三's columns did not change; the table 二 rules do not (F21-16).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal

import attrs

from ._errors import GkError
from .findings import CellRef, Finding, RuleSummary
from .formats import Format, get_format
from .rules._model import Message, RuleKind, Severity
from .table import Table
from .values import Unreadable, format_number

Number = int | Decimal

#: A swing is reported (as info) when a figure grows or shrinks by this factor or more …
SWING_FACTOR = 3
#: … and the larger of the two years is at least this big.
SWING_MINIMUM = 20


@attrs.frozen
class Term:
    cell: str
    previous: bool = False
    sign: int = 1


@attrs.frozen
class XItem:
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    op: str = "=="


@attrs.frozen
class XRule:
    id: str
    kind: RuleKind
    severity: Severity
    title: Message
    description: Message
    source: str
    #: (format last year, format this year) pairs the rule applies to.
    pairs: tuple[tuple[str, str], ...]
    items: tuple[XItem, ...] = ()


_S60 = "国办公开办函〔2019〕60号"
_S30 = "国办公开办函〔2021〕30号"
_T3_COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")


def _carry(rule_id: str, pairs: tuple[tuple[str, str], ...], source: str) -> XRule:
    return XRule(
        id=rule_id,
        kind=RuleKind.COMPARE,
        severity=Severity.WARNING,
        title=Message(
            "上年结转应等于上年报告的结转下年度继续办理",
            "carried over = last year's carried forward",
        ),
        description=Message(
            "每列：二、上年结转（本年）= 四、结转下年度继续办理（上年），同一机关；"
            "不一致须说明（如机构调整）",
            "per column: 二 (this year) = 四 (last year); a difference needs an explanation",
        ),
        source=source,
        pairs=pairs,
        items=tuple(
            XItem((Term(f"t3.carried.{c}"),), (Term(f"t3.carry_forward.{c}", previous=True),))
            for c in _T3_COLUMNS
        ),
    )


def _stock_flow() -> XRule:
    items = []
    for row in ("regulations", "normative"):
        now = Term(f"t2.{row}.in_force")
        before = Term(f"t2.{row}.in_force", previous=True)
        issued = Term(f"t2.{row}.issued")
        repealed = Term(f"t2.{row}.repealed", sign=-1)
        items.append(XItem((now,), (before, issued, repealed)))
        items.append(XItem((Term(f"t2.{row}.repealed"),), (before, issued), op="<="))
    return XRule(
        id="F21-07",
        kind=RuleKind.COMPARE,
        severity=Severity.WARNING,
        title=Message("现行有效件数应与上年现行有效、本年制发和废止相衔接",
                      "documents in force follow from last year's, issued and repealed"),
        description=Message(
            "现行有效件数（本年）≈ 现行有效件数（上年）+ 本年制发件数 − 本年废止件数；"
            "本年废止件数 ≤ 现行有效件数（上年）+ 本年制发件数",
            "in force (N) ~ in force (N-1) + issued (N) - repealed (N); "
            "repealed (N) <= in force (N-1) + issued (N)",
        ),
        source=f"{_S30} 表二",
        pairs=(("f2021", "f2021"),),
        items=tuple(items),
    )  # fmt: skip


def _items_f19() -> XRule:
    rows = ("licensing", "other_services", "penalty", "enforcement", "fees")
    return XRule(
        id="F19-08",
        kind=RuleKind.COMPARE,
        severity=Severity.WARNING,
        title=Message("上一年项目数量应等于上年报告的项目数量加增减",
                      "last year's items = last report's items + change"),
        description=Message(
            "上一年项目数量（本年）= 上一年项目数量（上年）+ 本年增/减（上年）",
            "items (N) = items (N-1) + change (N-1)",
        ),
        source=f"{_S60} 表二",
        pairs=(("f2019", "f2019"),),
        items=tuple(
            XItem(
                (Term(f"t2.{r}.prev_items"),),
                (Term(f"t2.{r}.prev_items", previous=True), Term(f"t2.{r}.change", previous=True)),
            )
            for r in rows
        ),
    )  # fmt: skip


def _published_f19() -> XRule:
    return XRule(
        id="F19-10",
        kind=RuleKind.COMPARE,
        severity=Severity.WARNING,
        title=Message("对外公开总数量应与上年总数量和本年新公开数量相衔接",
                      "total published follows from last year's and this year's new"),
        description=Message(
            "对外公开总数量（本年）≈ 对外公开总数量（上年）+ 本年新公开数量（本年）",
            "total published (N) ~ total published (N-1) + new published (N)",
        ),
        source=f"{_S60} 表二",
        pairs=(("f2019", "f2019"),),
        items=tuple(
            XItem(
                (Term(f"t2.{r}.total_published"),),
                (Term(f"t2.{r}.total_published", previous=True), Term(f"t2.{r}.new_published")),
            )
            for r in ("regulations", "normative")
        ),
    )  # fmt: skip


SWING = XRule(
    id="GK-YOY",
    kind=RuleKind.RATIO,
    severity=Severity.INFO,
    title=Message("与上年相比变化较大", "a large change from last year"),
    description=Message(
        f"合计数与上年相比增减到 {SWING_FACTOR} 倍以上（较大一年不少于 {SWING_MINIMUM}），"
        "提示核实（gkstats 自设规则，非官方）",
        f"a total changed by a factor of {SWING_FACTOR} or more (larger year >= "
        f"{SWING_MINIMUM}): worth a look (a gkstats rule, not official)",
    ),
    source="gkstats",
    pairs=(("legacy", "legacy"), ("f2019", "f2019"), ("f2019", "f2021"), ("f2021", "f2021")),
)


@functools.cache
def crossyear_rules() -> tuple[XRule, ...]:
    return (
        _carry("F19-05", (("f2019", "f2019"),), f"{_S60} 表三"),
        _carry("F21-05", (("f2019", "f2021"), ("f2021", "f2021")), f"{_S30} 表三"),
        _stock_flow(),
        _items_f19(),
        _published_f19(),
        SWING,
    )


def rules_for(format: str | Format) -> tuple[XRule, ...]:
    """The cross-year rules that can apply to a table of this format (as this year's)."""
    fid = get_format(format).id
    return tuple(r for r in crossyear_rules() if any(now == fid for _, now in r.pairs))


def check_pair(
    previous: Table, current: Table, disable: Iterable[str] = ()
) -> tuple[list[Finding], list[RuleSummary]]:
    """Findings and per-rule counts of the cross-year rules for last year's and this year's."""
    if previous.year != current.year - 1:
        raise GkError(
            "not_previous_year",
            zh=f"上年表应为 {current.year - 1} 年度，实为 {previous.year} 年度",
            en=f"last year's table should be for {current.year - 1}, got {previous.year}",
        )
    off = set(disable)
    pair = (previous.format.id, current.format.id)
    findings: list[Finding] = []
    summary: list[RuleSummary] = []
    for rule in crossyear_rules():
        if pair not in rule.pairs or rule.id in off:
            continue
        before = len(findings)
        if rule.kind is RuleKind.RATIO:
            items, na = _swings(rule, previous, current, findings)
        else:
            items, na = _compare(rule, previous, current, findings)
        fails = len(findings) - before - na
        summary.append(
            RuleSummary(rule.id, rule.severity, rule.kind, items, items - fails - na, fails, na)
        )
    return findings, summary


def _value(term: Term, previous: Table, current: Table) -> object:
    table = previous if term.previous else current
    return table[term.cell]


def _ref(term: Term, previous: Table, current: Table) -> CellRef:
    table = previous if term.previous else current
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
    table = previous if term.previous else current
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


_OPS = {"==": lambda a, b: a == b, "<=": lambda a, b: a <= b}
_OP_ZH = {"==": "应等于", "<=": "不应大于"}
_OP_EN = {"==": "should equal", "<=": "should be at most"}


def _compare(rule: XRule, previous: Table, current: Table, out: list[Finding]) -> tuple[int, int]:
    items = na = 0
    for item in rule.items:
        terms = (*item.lhs, *item.rhs)
        if not all((previous if t.previous else current).format.has_cell(t.cell) for t in terms):
            continue
        vals = [_value(t, previous, current) for t in terms]
        if all(v is None for v in vals):
            continue
        items += 1
        refs = tuple(_ref(t, previous, current) for t in terms)
        if any(isinstance(v, Unreadable) for v in vals):
            na += 1
            out.append(
                Finding(
                    rule=rule.id,
                    severity=Severity.INFO,
                    status="not_assessable",
                    cells=refs,
                    message=Message(
                        f"{rule.id} {'、'.join(_name(t, previous, current, 'zh') for t in terms)}"
                        " 含无法识别的值，无法核对",
                        f"{rule.id} cannot be checked: an unreadable value among "
                        f"{', '.join(_name(t, previous, current, 'en') for t in terms)}",
                    ),
                    title=rule.title,
                )
            )
            continue
        # blank is 0 here, as table 三 asks (F19-14 reports the blank itself)
        nums = [v if isinstance(v, (int, Decimal)) else 0 for v in vals]
        lhs = sum(t.sign * v for t, v in zip(item.lhs, nums))
        rhs = sum(t.sign * v for t, v in zip(item.rhs, nums[len(item.lhs) :]))
        if _OPS[item.op](lhs, rhs):
            continue
        left_zh = _expr(item.lhs, previous, current, "zh")
        right_zh = _expr(item.rhs, previous, current, "zh")
        left_en = _expr(item.lhs, previous, current, "en")
        right_en = _expr(item.rhs, previous, current, "en")
        out.append(
            Finding(
                rule=rule.id,
                severity=rule.severity,
                status="fail",
                cells=refs,
                message=Message(
                    f"{rule.id} {left_zh}（{format_number(lhs)}）{_OP_ZH[item.op]} "
                    f"{right_zh}（{format_number(rhs)}），相差 {format_number(lhs - rhs)}",
                    f"{rule.id} {left_en} ({format_number(lhs)}) {_OP_EN[item.op]} "
                    f"{right_en} ({format_number(rhs)}), off by {format_number(lhs - rhs)}",
                ),
                title=rule.title,
                lhs=lhs,
                rhs=rhs,
                imbalance=lhs - rhs,
            )
        )
    return items, na


def _swings(rule: XRule, previous: Table, current: Table, out: list[Finding]) -> tuple[int, int]:
    same_format = previous.format.id == current.format.id
    items = 0
    for spec in current.format.cells:
        if not previous.format.has_cell(spec.id):
            continue
        if not spec.is_total and not (same_format and spec.table.key == "t2"):
            continue
        if spec.table.key == "t2" and not same_format:
            continue  # F21-16: table 二 is not comparable across the switch
        now, before = current[spec.id], previous[spec.id]
        if not isinstance(now, (int, Decimal)) or not isinstance(before, (int, Decimal)):
            continue
        items += 1
        big, small = max(now, before), min(now, before)
        if big < SWING_MINIMUM or big < SWING_FACTOR * max(small, 0) or small < 0:
            continue
        term_now, term_before = Term(spec.id), Term(spec.id, previous=True)
        out.append(
            Finding(
                rule=rule.id,
                severity=rule.severity,
                status="fail",
                cells=(_ref(term_now, previous, current), _ref(term_before, previous, current)),
                message=Message(
                    f"{rule.id} {spec.describe('zh')} 由 {previous.year}年的 "
                    f"{format_number(before)} 变为 {format_number(now)}，变化较大，请核实",
                    f"{rule.id} {spec.describe('en')} went from {format_number(before)} in "
                    f"{previous.year} to {format_number(now)}: worth a check",
                ),
                title=rule.title,
                lhs=now,
                rhs=before,
                imbalance=now - before,
            )
        )
    return items, 0


def carry_over(previous: Table, current: Table) -> Table:
    """This year's table with 二、上年结转 filled from last year's 结转下年度 (导入上年)."""
    if not (
        current.format.has_cell("t3.carried.total")
        and previous.format.has_cell("t3.carry_forward.total")
    ):
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
        {
            f"t3.carried.{c}": 0 if (v := previous[f"t3.carry_forward.{c}"]) is None else v
            for c in _T3_COLUMNS
        }
    )
