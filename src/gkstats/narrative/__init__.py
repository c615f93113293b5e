"""A report's own text against its table (L-16, F19-15, F21-14) and against itself (GK-PARTS).

Reports quote their own figures in the text: 「本年度共收到申请70件，办结69件，1件结转下年度」,
「行政复议36起，行政诉讼9起」, 「办结率100%」, 「均获维持」.  Each figure with a count unit
(件, 条, 次, 起 …) or a rate is tied to what the words next to it say it counts — the nearest
keyword before it in its clause (or right after it), and the topic of the clause (申请,
复议, 诉讼) — and compared with the cells that count the same thing.  A figure whose meaning
is not clear is left alone: a wrong 「mismatch」 would be worse than a missed one.

What a figure may count is in :mod:`._concepts`, how the figures are found and tied to it in
:mod:`._mentions`, the comparison in :mod:`._check` (which registers the evaluator of both
narrative kinds with the checker).  The text's own totals and the parts it lists for them
(「共…条，其中…、其他…条」) are read in :mod:`._arithmetic`.  The package reads text only:
importing it does not import the document parsers.
"""

from __future__ import annotations

from ._arithmetic import Statement, statements
from ._check import check_narrative, narrative_rules
from ._concepts import Concept
from ._mentions import Mention, mentions

__all__ = [
    "Concept",
    "Mention",
    "Statement",
    "check_narrative",
    "mentions",
    "narrative_rules",
    "statements",
]
