"""What a rule is: an id from the spec, a kind, a severity, texts, and the cells it reads."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs


class Severity(str, enum.Enum):
    ERROR = "error"  # must be fixed
    WARNING = "warning"  # needs a fix or an explanation
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class RuleKind(str, enum.Enum):
    SUM = "sum"  # a total equals the sum of its parts
    BALANCE = "balance"  # the sum of one side equals the sum of the other (F21-01)
    COMPARE = "compare"  # sum(lhs) <op> sum(rhs): at-most, at-least, equal
    RATIO = "ratio"  # sum(lhs) / sum(rhs) at most a threshold (F19-12)
    DEDUP = "dedup"  # a deduplicated total is at most its channels, and rarely equal (L-08)
    VALUE = "value"  # each cell holds a value its kind allows (integers >= 0 …)
    BLANK = "blank"  # cells are filled (0, not blank)
    FILLED_TOTAL = "filled_total"  # a total is filled when its parts are (L-15)
    UNIT = "unit"  # an amount states its unit (F19-11)
    TEXT = "text"  # figures the narrative quotes match the table (L-16, F19-15, F21-14)


#: Kinds whose findings are about form, not arithmetic: F19-16 downgrades them for 2019.
FORMAT_KINDS = frozenset({RuleKind.BLANK, RuleKind.UNIT, RuleKind.FILLED_TOTAL})


@attrs.frozen
class Message:
    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@attrs.frozen
class Item:
    """One concrete comparison: the cells on each side (for SUM, lhs is the total)."""

    lhs: tuple[str, ...]
    rhs: tuple[str, ...] = ()
    #: For COMPARE: this item's operator when it differs from the rule's.
    op: str | None = None


@attrs.frozen
class Rule:
    id: str
    kind: RuleKind
    severity: Severity
    title: Message
    items: tuple[Item, ...]
    #: The formula in words, for the catalogue.
    description: Message = Message("", "")
    #: Where the rule comes from (official text, spec section).
    source: str = ""
    #: For COMPARE: one of "<=", ">=", "==", "<", ">".
    op: str = "=="
    #: For RATIO: the largest acceptable share, and the smallest denominator worth judging.
    threshold: Decimal = Decimal("0.1")
    min_denominator: int = 10
    #: For SUM: the severity when the parts fall short of the total (L-04's 「其中」 may be
    #: non-exhaustive), if different.
    under_severity: Severity | None = None
    #: For BLANK: the severity for a blank total (a blank 总计 is a defect).
    total_severity: Severity | None = None
    #: Blank cells count as 0 in the arithmetic (a blank total still makes an item unassessable).
    blank_as_zero: bool = True
    enabled: bool = True

    @property
    def cells(self) -> tuple[str, ...]:
        """Every cell the rule reads, in order, once."""
        seen: dict[str, None] = {}
        for item in self.items:
            for c in (*item.lhs, *item.rhs):
                seen[c] = None
        return tuple(seen)
