"""What checking a table returns: findings that name their cells, and per-rule counts."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from .formats._rules import RuleKind, Severity
from .messages import Message
from .values import CellValue

Number = int | Decimal


@attrs.frozen
class CellRef:
    """A cell as a person finds it: id, official labels, and where it sits in the workbook."""

    id: str
    table: str
    row: tuple[str, ...]
    column: tuple[str, ...]
    value: CellValue = None
    #: "Sheet!C7" when the table came from a workbook.
    address: str | None = None
    #: The report year the value is read from, for cross-year findings (else this year).
    year: int | None = None


class FindingStatus(str, enum.Enum):
    """Whether a finding is a broken rule, or a rule its inputs did not let be judged."""

    FAIL = "fail"  # the rule is broken
    NOT_ASSESSABLE = "not_assessable"  # blank or unreadable inputs: nothing passes silently


@attrs.frozen
class Finding:
    """One thing a rule found: a broken rule (its cells, both sides and the imbalance), or a
    rule that could not be judged; with its message in both languages."""

    rule: str
    severity: Severity
    status: FindingStatus
    cells: tuple[CellRef, ...]
    message: Message
    title: Message
    lhs: Number | None = None
    rhs: Number | None = None
    #: lhs − rhs (for a sum: total − sum of parts).
    imbalance: Number | None = None

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cells)


@attrs.frozen
class RuleSummary:
    """R validate's summary row: how many items a rule had and how they came out."""

    rule: str
    severity: Severity
    kind: RuleKind
    items: int
    passes: int
    fails: int
    not_assessable: int


@attrs.frozen
class CheckResult:
    """What checking a table returns: per-rule counts, the findings, and ``valid``."""

    format: str
    year: int
    organ: str
    summary: tuple[RuleSummary, ...]
    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """No error finding (warnings and info do not make a table invalid)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self._of(Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        return self._of(Severity.INFO)

    def _of(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)

    def by_rule(self, rule_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule_id)
