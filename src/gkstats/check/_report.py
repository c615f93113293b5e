"""The kinds about the report written from the table: its parts' text (SECTION_TEXT, MENTION,
LENGTH, UNUSED_TEXT), its organ (ORGAN), the data sentences it could not write (SENTENCE).

They read the table's text by the keys the format's outline gives its parts, and speak in
the words of their rule's message template (``{section}``, ``{word}``, ``{basis}`` …).  They
never stop a report: ``gkstats report`` lists them as notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..findings import Finding, FindingStatus
from ..formats import Format
from ..formats._rules import Rule, RuleKind
from ..messages import Message
from ..table import Table
from ..values import format_number
from ._registry import Evaluator, Run, evaluator
from ._words import cell_ref

#: What the legacy report's opening text (before part 一) is called in a note.
LEAD = "正文开头（概述）"
_SPACE = re.compile(r"\s")


def _note(
    table: Table, rule: Rule, zh: Mapping[str, object], en: Mapping[str, object],
    cells: tuple[str, ...] = (),
) -> Finding:  # fmt: skip
    """A finding in the rule's own words (its message template filled in per language)."""
    common = {"basis": table.format.basis, "word": rule.word}
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        status=FindingStatus.FAIL,
        cells=tuple(cell_ref(table, c) for c in cells),
        message=Message(
            f"{rule.id} {rule.message.zh.format(**common, **zh)}",
            f"{rule.id} {rule.message.en.format(**common, **en)}",
        ),
        title=rule.title,
    )


def headings(fmt: Format) -> dict[str, str]:
    """The heading of the part each text key fills (the lead's name for the lead)."""
    out = {p.text: p.heading for p in fmt.outline if p.text}
    if fmt.lead is not None:
        out.setdefault(fmt.lead, LEAD)
    return out


def _text(table: Table, key: str | None) -> str:
    return table.narrative.get(key, "").strip() if key else ""


@evaluator(RuleKind.SECTION_TEXT)
def _compile_section_text(fmt: Format, rule: Rule) -> Evaluator:
    # the parts that are only text: the others carry tables or data sentences (the legacy
    # opening text is customary, not required)
    needed = [(p.text, p.heading) for p in fmt.outline if p.text and not p.sentences]

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        for key, heading in needed:
            if not _text(run.table, key):
                values = {"section": heading, "key": key}
                out.append(_note(run.table, rule, values, values))
        return len(needed), 0

    return evaluate


@evaluator(RuleKind.UNUSED_TEXT)
def _compile_unused_text(fmt: Format, rule: Rule) -> Evaluator:
    known = tuple(headings(fmt))

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        unused = sorted(set(run.table.narrative) - set(known))
        if unused:
            zh = {"unused": "、".join(unused), "known": "、".join(known)}
            en = {"unused": ", ".join(unused), "known": ", ".join(known)}
            out.append(_note(run.table, rule, zh, en))
        return 1, 0

    return evaluate


@evaluator(RuleKind.ORGAN)
def _compile_organ(fmt: Format, rule: Rule) -> Evaluator:
    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        if not run.table.organ.strip():
            out.append(_note(run.table, rule, {}, {}))
        return 1, 0

    return evaluate


@evaluator(RuleKind.SENTENCE)
def _compile_sentence(fmt: Format, rule: Rule) -> Evaluator:
    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        for cells in run.left_out:
            out.append(_note(run.table, rule, {}, {}, cells))
        return len(run.left_out), 0

    return evaluate


@evaluator(RuleKind.MENTION)
def _compile_mention(fmt: Format, rule: Rule) -> Evaluator:
    """The part mentions the word; with items, only where an item's cell is above 0."""
    heading = headings(fmt).get(rule.section or "", "")

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        table = run.table
        if rule.word in _text(table, rule.section):
            return 1, 0
        if not rule.items:
            out.append(_note(table, rule, {"section": heading}, {"section": heading}))
        for item in rule.items:
            value = table[item.lhs[0]]
            if isinstance(value, int) and value > 0:
                values = {"section": heading, "value": value}
                out.append(_note(table, rule, values, values, item.lhs))
        return 1, 0

    return evaluate


@evaluator(RuleKind.LENGTH)
def _compile_length(fmt: Format, rule: Rule) -> Evaluator:
    """The part has at most ``threshold`` characters (white space not counted)."""
    heading = headings(fmt).get(rule.section or "", "")

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        length = len(_SPACE.sub("", _text(run.table, rule.section)))
        if length > rule.threshold:
            values = {"section": heading, "length": length, "limit": format_number(rule.threshold)}
            out.append(_note(run.table, rule, values, values))
        return 1, 0

    return evaluate


__all__ = ["LEAD", "headings"]
