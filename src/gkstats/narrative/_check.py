"""Checking the narrative against the table: each figure it quotes, and the claims a sentence
makes without a figure per result (「均获维持」, 「未收到行政复议申请」); and running the text's
own arithmetic (:mod:`._arithmetic`).

A figure is compared with the cells of what it counts, and then with the other sums those
words may mean (「收到申请75件」: 本年新收, or 本年新收 plus 上年结转); when only another sum
agrees and the table's own row says otherwise, the finding says which the text seems to count.

The evaluator of both narrative kinds (L-16, F19-15, F21-14; GK-PARTS) is registered here, so
the checker runs them without importing what reads a report's words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..check import Evaluator, Run, cell_ref, evaluator
from ..findings import Finding, FindingStatus, RuleSummary
from ..formats import Format
from ..formats._rules import NARRATIVE_KINDS
from ..messages import Message
from ..rules import Rule, RuleKind, Severity, default_rules
from ..table import Table
from ..values import Unreadable, format_number
from ._arithmetic import check_parts
from ._concepts import (
    LITIGATION,
    REVIEW,
    Reading,
    concept_cells,
    format_concepts,
    parts_of,
    reading_cells,
)
from ._mentions import (
    NUMBER,
    TOPICS,
    Around,
    Mention,
    claim_hints,
    read_mentions,
    sentences_with,
)

_NONE = re.compile(
    r"(?:(?:未|没有)(?:收到|发生|产生|接到|受理|出现|被申请|被提起|有)|无(?=行政|复议|诉讼))"
    r"[^，。；,;]{0,24}?(行政复议|行政诉讼|复议|诉讼)"
)
_ALL_UPHELD = re.compile(r"(?:均|全部|都|皆)(?:获|被|予以|得到|依法)?(?:维持|胜诉)")


@functools.cache
def narrative_rules(fmt: Format) -> tuple[Rule, ...]:
    """The format's rules about its narrative, as its catalogue has them: the text against
    the table (L-16, F19-15, F21-14), then the text's own arithmetic (GK-PARTS)."""
    return tuple(r for r in default_rules(fmt).rules if r.kind in NARRATIVE_KINDS)


@evaluator(RuleKind.TEXT, RuleKind.TEXT_SUM)
def _compile_text(fmt: Format, rule: Rule) -> Evaluator:
    """The table's own text (``Table.narrative``), all of it or the part ``rule.section``
    names (so a rule per part is one more line), against the table or against itself."""

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        narrative = run.table.narrative
        texts = [narrative.get(rule.section, "")] if rule.section else narrative.values()
        text = "\n".join(t for t in texts if t)
        if not text.strip():
            return 0, 0
        (summary,), findings = check_narrative(run.table, text, rule=rule)
        out.extend(findings)
        return summary.items, summary.not_assessable

    return evaluate


# --- comparing ---------------------------------------------------------------------------


def _table_value(table: Table, cells: Iterable[str], unread: set[str]) -> int | Decimal | None:
    """The table's figure for some cells: blank counts 0 if any is filled, a blank total its
    parts; ``None`` when nothing is filled or a cell could not be read."""
    totals = parts_of(table.format)
    total: int | Decimal = 0
    filled = False
    for cid in cells:
        if cid in unread:
            return None
        v = table[cid]
        if v is None and cid in totals:
            parts = [table[p] for p in totals[cid]]
            if any(p in unread for p in totals[cid]):
                return None
            if any(isinstance(p, (int, Decimal)) for p in parts):
                v = sum(p for p in parts if isinstance(p, (int, Decimal)))
        if isinstance(v, Unreadable):
            return None
        if v is not None:
            total += v
            filled = True
    return total if filled else None


def check_narrative(
    table: Table, text: str, unread: Iterable[str] = (), rule: Rule | None = None
) -> tuple[tuple[RuleSummary, ...], tuple[Finding, ...]]:
    """The narrative rules over a text: a summary row per rule, and the findings.

    ``unread``: cells the parser could not read (a figure about them cannot be checked);
    ``rule``: the one rule to run (all the format's narrative rules that are on, if none)."""
    rules = (
        (rule,)
        if rule is not None
        else tuple(r for r in narrative_rules(table.format) if r.enabled)
    )
    summaries: list[RuleSummary] = []
    findings: list[Finding] = []
    for r in rules:
        if r.kind is RuleKind.TEXT_SUM:
            items, passes, found = check_parts(text, r)
            summary = RuleSummary(r.id, r.severity, r.kind, items, passes, len(found), 0)
        else:
            summary, found = _against_table(table, text, set(unread), r)
        summaries.append(summary)
        findings += found
    return tuple(summaries), tuple(findings)


def _against_table(
    table: Table, text: str, unread_set: set[str], rule: Rule
) -> tuple[RuleSummary, list[Finding]]:
    """Every figure the text quotes and every claim it makes, against the table."""
    findings: list[Finding] = []
    items = passes = fails = na = 0
    around = Around(text)
    checked = [
        (m, (_check_rate if m.rate else _check_count)(table, rule, m, unread_set))
        for m in read_mentions(table.format, around, table.year)
    ]
    outcomes = [o for _, o in _one_count_each(checked) if o is not None]
    for sentence in sentences_with(around, claim_hints(text)):
        outcomes += _check_claims(table, rule, sentence, unread_set)
    for status, finding in outcomes:
        items += 1
        if status == "pass":
            passes += 1
        elif status == "fail":
            fails += 1
        else:
            na += 1
        if finding is not None:
            findings.append(finding)
    return RuleSummary(rule.id, rule.severity, rule.kind, items, passes, fails, na), findings


_Outcome = tuple[str, Finding | None]
#: Words that make a figure the text's total (「全区共收到申请154件」).
_TOTALITY = re.compile(r"共|总|合计|全年|全区|全市|全县|全省|全部|本年度")


def _one_count_each(
    checked: list[tuple[Mention, _Outcome | None]],
) -> list[tuple[Mention, _Outcome | None]]:
    """One figure per thing counted in a sentence: where a sentence gives several figures
    for the same thing (「全区共收到申请154件，其中教育局收到20件」, figures per department
    or per period), the one the table has stands and the others are not this table's; when
    none is, only the first that reads as a total is judged.  (Two sentences that disagree
    are both judged.)"""
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...] | None], list[int]] = {}
    for k, (m, _) in enumerate(checked):
        if not m.rate:
            key = (m.sentence, tuple(c.key for c in m.concepts), m.keys)
            groups.setdefault(key, []).append(k)
    drop: set[int] = set()
    for members in groups.values():
        if len({checked[k][0].value for k in members}) < 2:
            continue
        agree = [k for k in members if (checked[k][1] or ("",))[0] == "pass"]
        if agree:
            keep = set(agree)
        else:
            total = next((k for k in members if _TOTALITY.search(checked[k][0].quote)), None)
            keep = {total} if total is not None else set()
        drop |= set(members) - keep
    return [c for k, c in enumerate(checked) if k not in drop]


def _names(m: Mention, lang: str) -> str:
    names = ("+" if lang == "en" else "与").join(c.zh if lang == "zh" else c.en for c in m.concepts)
    return f"{names}（{m.qualified}）" if m.qualified else names


def _agrees(table_value: int | Decimal, m: Mention, cell_unit: str) -> bool:
    """The table's figure is the text's: exactly for counts, at least for 「…余」, and to the
    text's last decimal place for money (in 元 when the text says 元)."""
    value: int | Decimal = table_value
    if m.unit == "元" and cell_unit == "万元":
        value = Decimal(table_value) * 10000
    if m.approx:
        return value >= m.value
    if m.unit in ("万元", "元"):
        exponent = Decimal(m.value).as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return abs(Decimal(value) - Decimal(m.value)) <= Decimal(1).scaleb(-places) / 2
    return value == m.value


def _check_count(
    table: Table, rule: Rule, m: Mention, unread: set[str]
) -> tuple[str, Finding | None] | None:
    fmt = table.format
    cells = tuple(cid for c in m.concepts for cid in concept_cells(fmt, c, m.keys))
    if not cells:
        return None
    value = _table_value(table, cells, unread)
    if value is not None and _agrees(value, m, fmt.cell(cells[0]).unit):
        return "pass", None
    name_zh, name_en = _names(m, "zh"), _names(m, "en")
    shown = format_number(m.value) + ("余" if m.approx else "")
    if value is None:
        msg = Message(
            f"{rule.id} 正文「{m.quote}」提到{name_zh} {shown}，"
            "表中相应单元格空白或未能读出，无法核对",
            f"{rule.id} the text [{m.quote}] gives {name_en} {shown}; the "
            "table's cells are blank or unread, so it cannot be checked",
        )
        return "not_assessable", _finding(
            table, rule, cells, msg, Severity.INFO, FindingStatus.NOT_ASSESSABLE
        )
    unit = fmt.cell(cells[0]).unit
    others: list[tuple[Reading, tuple[str, ...], int | Decimal]] = []
    for reading in m.concepts[0].also if len(m.concepts) == 1 else ():
        r_cells = reading_cells(fmt, m.concepts[0], reading, m.keys)
        r_value = _table_value(table, r_cells, unread) if r_cells else None
        if r_value is None:
            continue
        if not _agrees(r_value, m, unit):
            others.append((reading, r_cells, r_value))
            continue
        if not reading.warn or (reading.explained and re.search(reading.explained, m.sentence)):
            return "pass", None
        msg = Message(
            f"{rule.id} 正文「{m.quote}」中{name_zh}为 {shown}，表中为 {format_number(value)}；"
            f"{shown} 与表中{reading.zh}（{format_number(r_value)}）相符，"
            f"正文似按{reading.zh}计数，与表中口径不同",
            f"{rule.id} the text [{m.quote}] gives {name_en} {shown}, the table "
            f"{format_number(value)}; {shown} is the table's {reading.en} "
            f"({format_number(r_value)}): the text seems to count {reading.en}",
        )
        return "fail", _finding(
            table, rule, (*cells, *r_cells), msg, rule.severity, FindingStatus.FAIL, m.value, value
        )
    also_zh = "".join(f"，{r.zh}为 {format_number(v)}" for r, _, v in others)
    also_en = "".join(f", {r.en} {format_number(v)}" for r, _, v in others)
    msg = Message(
        f"{rule.id} 正文「{m.quote}」中{name_zh}为 {shown}，表中为 {format_number(value)}"
        f"{also_zh}，不一致",
        f"{rule.id} the text [{m.quote}] gives {name_en} {format_number(m.value)}"
        f"{' or more' if m.approx else ''}, the table {format_number(value)}{also_en}",
    )
    return "fail", _finding(
        table, rule, cells, msg, rule.severity, FindingStatus.FAIL, m.value, value
    )


def _check_rate(
    table: Table, rule: Rule, m: Mention, unread: set[str]
) -> tuple[str, Finding | None] | None:
    fmt = table.format
    concepts = {c.key: c for c in format_concepts(fmt)}
    done_cells = concept_cells(fmt, concepts["concluded"])
    base_cells = concept_cells(fmt, concepts["received"])
    if "carried_in" in concepts:
        base_cells += concept_cells(fmt, concepts["carried_in"])
    done = _table_value(table, done_cells, unread)
    base = _table_value(table, base_cells, unread)
    cells = (*done_cells, *base_cells)
    if done is None or base is None or base == 0:
        return None
    rate = Decimal(done) * 100 / Decimal(base)
    exponent = m.value.as_tuple().exponent if isinstance(m.value, Decimal) else 0
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    tolerance = Decimal(1).scaleb(-places) / 2 if places else Decimal("0.5")
    if abs(rate - Decimal(m.value)) <= tolerance:
        return "pass", None
    shown = rate.quantize(Decimal("0.1"))
    msg = Message(
        f"{rule.id} 正文「{m.quote}」，按表中办结 {format_number(done)}、"
        f"收到 {format_number(base)} 计算办结率为 {shown}%，不一致",
        f"{rule.id} the text [{m.quote}]; the table gives {format_number(done)} concluded of "
        f"{format_number(base)}, a rate of {shown}%",
    )
    return "fail", _finding(
        table, rule, cells, msg, rule.severity, FindingStatus.FAIL, m.value, shown
    )


def _check_claims(
    table: Table, rule: Rule, sentence: str, unread: set[str]
) -> list[tuple[str, Finding | None]]:
    """「均获维持」 and 「未收到…行政复议」: claims about table 四 without a figure per result."""
    fmt = table.format
    out: list[tuple[str, Finding | None]] = []
    concepts = {c.key: c for c in format_concepts(fmt)}
    upheld = _ALL_UPHELD.search(sentence)
    if upheld and "review_upheld" in concepts:
        for topic, key in ((REVIEW, "review"), (LITIGATION, "litigation")):
            if not dict(TOPICS)[topic].search(sentence[: upheld.start()]):
                continue
            total_cells = concept_cells(fmt, concepts[key])
            kept_cells = concept_cells(fmt, concepts[f"{key}_upheld"])
            total = _table_value(table, total_cells, unread)
            kept = _table_value(table, kept_cells, unread)
            if total is None or kept is None or total == 0:
                continue
            if total == kept:
                out.append(("pass", None))
                continue
            quote = sentence[max(0, upheld.start() - 30) : upheld.end()].strip()
            name = concepts[key]
            msg = Message(
                f"{rule.id} 正文「{quote}」称{name.zh}均获维持，但表四{name.zh}共 "
                f"{format_number(total)} 件，结果维持仅 {format_number(kept)} 件"
                "（其余为纠正、其他结果或尚未审结）",
                f"{rule.id} the text [{quote}] says all {name.en} were upheld, but table 四 "
                f"has {format_number(total)} of which {format_number(kept)} upheld (the rest "
                "corrected, other or pending)",
            )
            cells = (*kept_cells, *total_cells)
            out.append(
                (
                    "fail",
                    _finding(
                        table, rule, cells, msg, rule.severity, FindingStatus.FAIL, total, kept
                    ),
                )
            )
    for m in _NONE.finditer(sentence):
        if NUMBER.search(sentence[m.start() : m.end()]):
            continue
        word = m.group(1)
        key = "review" if "复议" in word else "litigation"
        cells = concept_cells(fmt, concepts[key])
        value = _table_value(table, cells, unread)
        if value is None:
            continue
        if value == 0:
            out.append(("pass", None))
            continue
        quote = sentence[m.start() : m.end()].strip()
        msg = Message(
            f"{rule.id} 正文「{quote}」称没有{concepts[key].zh}，表中为 {format_number(value)}",
            f"{rule.id} the text [{quote}] says there were no {concepts[key].en}; the table "
            f"has {format_number(value)}",
        )
        out.append(
            ("fail", _finding(table, rule, cells, msg, rule.severity, FindingStatus.FAIL, 0, value))
        )
    return out


def _finding(
    table: Table,
    rule: Rule,
    cells: Sequence[str],
    message: Message,
    severity: Severity,
    status: FindingStatus,
    lhs: int | Decimal | None = None,
    rhs: int | Decimal | None = None,
) -> Finding:
    return Finding(
        rule=rule.id,
        severity=severity,
        status=status,
        cells=tuple(cell_ref(table, c) for c in dict.fromkeys(cells)),
        message=message,
        title=rule.title,
        lhs=lhs,
        rhs=rhs,
        imbalance=None if lhs is None or rhs is None else lhs - rhs,
    )


__all__ = ["check_narrative", "narrative_rules"]
