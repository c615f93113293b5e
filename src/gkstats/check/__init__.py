"""The checker: every rule of a table's format, compiled once per rule set, run per table.

Each kind of rule has one evaluator (:mod:`._registry`): the arithmetic kinds (:mod:`._linear`),
the kinds about single cells (:mod:`._cells`), the cross-year kinds (:mod:`._crossyear`) and
the report's kinds (:mod:`._report`) are registered here; the text-match kind is registered by
the published-report parser, which knows how to read a report's words.

The module can be called as the function it holds, so ``gkstats.check(table)`` checks a table
while ``import gkstats.check`` gives this module.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable, Sequence

import attrs

from ..findings import CheckResult, Finding, RuleSummary
from ..formats import Format
from ..formats._rules import FORMAT_KINDS, GATE_KINDS, TEXT_ONLY_KINDS, Needs, Rule, Severity
from ..rules import RuleSet, default_rules
from ..table import Table
from . import _cells, _crossyear, _linear, _report  # noqa: F401  (they register their kinds)
from ._registry import Evaluator, Run, compile_rule, evaluator
from ._stand_in import stand_ins
from ._words import cell_ref


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
    if previous is not None and previous.year != table.year - 1:
        from .._errors import GkError

        raise GkError(
            "not_previous_year",
            zh=f"上年表应为 {table.year - 1} 年度，实为 {previous.year} 年度",
            en=f"last year's table should be for {table.year - 1}, got {previous.year}",
        )
    compiled = _compiled(_ruleset(table.format, rules), frozenset(disable))
    run = Run(table, table.values, previous, stand_in=stand_ins(table.format, table.values))
    findings: list[Finding] = []
    summary: list[RuleSummary] = []
    lenient = table.year in table.format.lenient_years  # F19-16
    for rule, evaluate in compiled.gates:
        _evaluate(rule, evaluate, run, findings, summary, lenient)
    rest = compiled.table + (compiled.previous if previous is not None else ())
    if findings:  # not filled in: that is all there is to say; the rest is not assessable
        for rule, evaluate in rest:  # (but the text's own arithmetic does not read the table)
            if rule.kind in TEXT_ONLY_KINDS:
                _evaluate(rule, evaluate, run, findings, summary, lenient)
            else:
                _evaluate(rule, evaluate, run, [], summary, lenient, withheld=True)
    else:
        for rule, evaluate in rest:
            _evaluate(rule, evaluate, run, findings, summary, lenient)
    return CheckResult(table.format.id, table.year, table.organ, tuple(summary), tuple(findings))


def check_report(
    table: Table,
    rules: RuleSet | Sequence[Rule] | None = None,
    *,
    left_out: Iterable[Sequence[str]] = (),
) -> tuple[Finding, ...]:
    """The findings of the rules about the report written from the table: its parts' text,
    its organ, and the data sentences it could not write (``left_out``: their cells)."""
    compiled = _compiled(_ruleset(table.format, rules), frozenset())
    run = Run(table, table.values, left_out=tuple(tuple(c) for c in left_out))
    findings: list[Finding] = []
    for _rule, evaluate in compiled.report:
        evaluate(run, findings)
    return tuple(findings)


def _evaluate(
    rule: Rule, evaluate: Evaluator, run: Run, findings: list[Finding],
    summary: list[RuleSummary], lenient: bool, *, withheld: bool = False,
) -> None:  # fmt: skip
    """Run one rule, adding its findings and its summary row; ``withheld``: a gate has
    spoken, so the rule's items are all counted not assessable and its findings dropped."""
    before = len(findings)
    counts = evaluate(run, findings)
    if counts is None:
        return
    items, na = counts
    if withheld:
        summary.append(RuleSummary(rule.id, rule.severity, rule.kind, items, 0, 0, items))
        return
    new = findings[before:]
    if lenient and rule.kind in FORMAT_KINDS:
        for k, f in enumerate(new):
            if f.severity is Severity.ERROR:
                findings[before + k] = attrs.evolve(f, severity=Severity.WARNING)
    fails = len(new) - na
    summary.append(
        RuleSummary(rule.id, rule.severity, rule.kind, items, items - fails - na, fails, na)
    )


def _ruleset(fmt: Format, rules: RuleSet | Sequence[Rule] | None) -> RuleSet:
    if rules is None:
        return default_rules(fmt)
    if isinstance(rules, RuleSet):
        return rules
    return RuleSet(fmt, tuple(rules))


@attrs.frozen
class _Compiled:
    """A rule set's enabled rules, compiled, by what they read."""

    #: The rules that, when they find something, are all there is to say (GATE_KINDS).
    gates: tuple[tuple[Rule, Evaluator], ...]
    table: tuple[tuple[Rule, Evaluator], ...]
    previous: tuple[tuple[Rule, Evaluator], ...]
    report: tuple[tuple[Rule, Evaluator], ...]


#: Compiled rule sets by rule set (rule sets compare by identity) and rules switched off.
_cache: dict[tuple[RuleSet, frozenset[str]], _Compiled] = {}


def _compiled(ruleset: RuleSet, off: frozenset[str]) -> _Compiled:
    key = (ruleset, off)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    by_needs: dict[Needs, list[tuple[Rule, Evaluator]]] = {n: [] for n in Needs}
    gates = []
    for rule in ruleset.rules:
        if rule.enabled and rule.id not in off:
            compiled_rule = (rule, compile_rule(ruleset.format, rule))
            if rule.kind in GATE_KINDS:
                gates.append(compiled_rule)
            else:
                by_needs[rule.needs].append(compiled_rule)
    compiled = _Compiled(
        tuple(gates), *(tuple(by_needs[n]) for n in (Needs.TABLE, Needs.PREVIOUS, Needs.REPORT))
    )
    if len(_cache) > 256:  # rule sets built on the fly (rule files) must not pile up
        _cache.clear()
    _cache[key] = compiled
    return compiled


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`check`."""

    def __call__(
        self,
        table: Table,
        rules: RuleSet | Sequence[Rule] | None = None,
        *,
        disable: Iterable[str] = (),
        previous: Table | None = None,
    ) -> CheckResult:
        return check(table, rules, disable=disable, previous=previous)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Evaluator", "Run", "cell_ref", "check", "check_report", "evaluator"]
