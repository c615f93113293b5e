"""One evaluator per kind of rule, registered by whoever knows how to judge it.

The checker's own kinds are registered in this package; a reader package registers the kinds
it knows (the published-report parser registers the text-match kind), so the checker never
imports what sits above it.  An evaluator is compiled once per rule (cells to positions) and
then run per table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from .._errors import GkError
from ..findings import Finding
from ..formats import Format
from ..formats._rules import Rule, RuleKind
from ..table import Table
from ..values import CellValue


@attrs.define
class Run:
    """What one check reads: the table, its values in cell order, last year's table (for the
    cross-year kinds), the cells of the data sentences the report could not write, and the
    parts a subtotal was printed in place of (:mod:`._stand_in`)."""

    table: Table
    values: tuple[CellValue, ...]
    previous: Table | None = None
    left_out: tuple[tuple[str, ...], ...] = ()
    #: The positions of parts not printed, each with its subtotal's position.
    stand_in: Mapping[int, int] = attrs.field(factory=dict)


#: A compiled rule: appends its findings to the list, returns (items, not assessable), or
#: None when the rule does not apply to these tables (no summary row: last year's table is
#: of another family).
Evaluator = Callable[[Run, list[Finding]], tuple[int, int] | None]
#: Compiles a rule of the format into its evaluator.
Compiler = Callable[[Format, Rule], Evaluator]

_COMPILERS: dict[RuleKind, Compiler] = {}


def evaluator(*kinds: RuleKind) -> Callable[[Compiler], Compiler]:
    """Register the decorated compiler for these kinds of rule."""

    def register(compile: Compiler) -> Compiler:
        for kind in kinds:
            _COMPILERS[kind] = compile
        return compile

    return register


def compile_rule(fmt: Format, rule: Rule) -> Evaluator:
    try:
        compile = _COMPILERS[rule.kind]
    except KeyError:
        raise GkError(
            "no_evaluator",
            zh=f"规则 {rule.id} 的类型「{rule.kind.value}」没有可用的校验程序",
            en=f"no evaluator for rule {rule.id} of kind {rule.kind.value!r}",
        ) from None
    return compile(fmt, rule)


__all__ = ["Compiler", "Evaluator", "Run", "compile_rule", "evaluator"]
