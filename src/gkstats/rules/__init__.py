"""Rules as data: the catalogue of each format, rule sets, and users' own rule files.

Every rule ``check`` and ``report`` can emit is in one catalogue (:func:`default_rules`): the
format's own rules, as its declaration lists them, and gkstats' ``GK-…`` rules.  Each rule has
a kind, and each kind one evaluator (:mod:`gkstats.check`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import attrs

from .._errors import GkError
from ..formats import Format, get_format
from ..formats._rules import (
    FORMAT_KINDS,
    PREVIOUS,
    Derive,
    Item,
    Needs,
    Rule,
    RuleKind,
    Severity,
    Term,
)
from ..messages import Message
from .catalogue import COMMON_RULES, builtin_rules


@attrs.frozen(eq=False)
class RuleSet:
    """The rules one check runs: a format's catalogue, minus what is off, plus users' own."""

    format: Format
    rules: tuple[Rule, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.id for r in self.rules))

    def without(self, *rule_ids: str) -> RuleSet:
        """Switch rules off by id (unknown ids are an error, so a typo does not pass silently)."""
        unknown = set(rule_ids) - set(self.ids)
        if unknown:
            names = "、".join(sorted(unknown))
            raise GkError(
                "unknown_rule",
                zh=f"格式 {self.format.id} 没有规则：{names}",
                en=f"format {self.format.id} has no rule {', '.join(sorted(unknown))}",
            )
        return RuleSet(
            self.format,
            tuple(attrs.evolve(r, enabled=False) if r.id in rule_ids else r for r in self.rules),
        )

    def plus(self, extra: Iterable[Rule]) -> RuleSet:
        return RuleSet(self.format, (*self.rules, *extra))

    def enabled(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)


@functools.cache
def default_rules(format: str | Format) -> RuleSet:
    """The catalogue of a format (cached: rule sets are immutable)."""
    fmt = get_format(format)
    return RuleSet(fmt, builtin_rules(fmt))


__all__ = [
    "COMMON_RULES",
    "FORMAT_KINDS",
    "PREVIOUS",
    "Derive",
    "Item",
    "Message",
    "Needs",
    "Rule",
    "RuleKind",
    "RuleSet",
    "Severity",
    "Term",
    "builtin_rules",
    "default_rules",
]
