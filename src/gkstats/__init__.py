"""gkstats: the statistics tables of China's government information disclosure annual reports.

The official formats as data, the table model, the rules and the checker::

    >>> import gkstats
    >>> t = gkstats.Table.from_cells("f2021", 2025, "示例单位", {"t3.new.natural": 3})
    >>> gkstats.check(t).valid
    False
"""

from typing import TYPE_CHECKING, Any

from . import narrative  # noqa: F401  (its text-match evaluator registers itself)
from ._errors import GkError
from ._version import __version__
from .findings import CellRef, CheckResult, Finding, FindingStatus, RuleSummary
from .formats import FORMATS, CellSpec, Format, Kind, format_for_year, get_format
from .messages import Message
from .rules import Rule, RuleKind, RuleSet, Severity, default_rules
from .table import Table
from .values import CellValue, Unreadable, normalize, read_value

if TYPE_CHECKING:
    from .check import check
    from .convert import converter, read_table_json, table_from_json, table_to_json
else:  # the module, which calls as its function: gkstats.check(table), import gkstats.check
    from . import check


def __getattr__(name: str) -> Any:
    # The JSON converter (cattrs) is imported on first use: checking a table does not need it,
    # and the Excel add-in starts a fresh Python process for every click.
    if name in ("converter", "read_table_json", "table_from_json", "table_to_json"):
        from . import convert

        return getattr(convert, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "CellRef",
    "CellSpec",
    "CellValue",
    "CheckResult",
    "Finding",
    "FindingStatus",
    "Format",
    "GkError",
    "Kind",
    "Message",
    "Rule",
    "RuleKind",
    "RuleSet",
    "RuleSummary",
    "Severity",
    "Table",
    "Unreadable",
    "__version__",
    "check",
    "converter",
    "default_rules",
    "format_for_year",
    "get_format",
    "normalize",
    "read_table_json",
    "read_value",
    "table_from_json",
    "table_to_json",
]
