"""The supervising office's charts, as inline SVG drawn here (no chart library, no CDN):
applications and their outcomes per unit, and findings by rule.

Which cells are "applications" and "outcomes" is read from the format declaration: the
application table's 新收 row and the children of its 办理结果 (or 答复) group, each summed
over its leaves, with the labels the official form prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape

import attrs

from ..formats import Format, Node
from ..table import Table

#: Per application table (by key): its row of applications received and the group whose
#: children are the outcomes (national forms' 表三; the legacy form's 三、依申请公开情况).
FLOWS = {"t3": ("new", "results"), "l": ("app_received", "app_answered")}
#: Outcome colours, in order (colour-blind safe, Okabe–Ito).
PALETTE = ("#0072B2", "#56B4E9", "#D55E00", "#E69F00", "#CC79A7", "#999999", "#009E73")
_SEVERITY = {"error": "#c62828", "warning": "#e0a100", "info": "#4a78c2"}


@attrs.frozen
class Flow:
    """One unit's applications and outcomes (None where the cells are blank or unreadable)."""

    unit: str
    applications: float | None
    outcomes: tuple[tuple[str, float], ...]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return float(value)


def _find(nodes: Iterable[Node], key: str) -> Node | None:
    for top in nodes:
        for _, node in top.walk():
            if node.key == key:
                return node
    return None


def _leaves(node: Node) -> list[Node]:
    if node.data and (not node.children or not node.optional):
        return [node]
    return [n for c in node.children for n in _leaves(c)]


def _total_column(fmt: Format, table_key: str) -> str | None:
    """The key of the application table's 总计 column ('' for a single unnamed column)."""
    spec = fmt.table(table_key)
    columns = spec.blocks[0].columns
    if len(columns) == 1 and not columns[0].key:
        return ""
    total = _find(columns, "total")
    return total.key if total is not None else None


def flow(table: Table, unit: str) -> Flow | None:
    """Applications and outcomes of one table, or None if its format has no such table."""
    fmt = table.format
    for key, (new_key, outcome_key) in FLOWS.items():
        if key not in {t.key for t in fmt.tables}:
            continue
        column = _total_column(fmt, key)
        rows = [r for b in fmt.table(key).blocks for r in b.rows]
        new, outcomes = _find(rows, new_key), _find(rows, outcome_key)
        if column is None or new is None or outcomes is None:
            return None
        parts = []
        for child in outcomes.children:
            if child.sum_of and not child.children:  # the group's own 总计 line
                continue
            values = [_value(table, key, n, column) for n in _leaves(child)]
            parts.append((child.label, sum(v for v in values if v is not None)))
        return Flow(unit, _value(table, key, new, column), tuple(parts))
    return None


def _value(table: Table, key: str, row: Node, column: str) -> float | None:
    spec = table.format.find(key, row.key, column or None)
    return _number(table[spec.id])


def _short(label: str) -> str:
    """（二）部分公开（区分处理的，…） → 部分公开; 2.同意公开答复数 → 同意公开答复数."""
    text = label.lstrip("一二三四五六七八九十、")
    for opener, closer in (("（", "）"), ("(", ")")):
        if text.startswith(opener) and closer in text:
            text = text.split(closer, 1)[1]
    text = text.lstrip("0123456789.．、 ")
    return text.split("（", 1)[0].split("(", 1)[0] or text


def _text_width(text: str, size: int = 12) -> int:
    """Roughly how wide ``text`` is drawn: a CJK character is square, others half."""
    return sum(size if ord(ch) > 0x2E7F else size // 2 + 1 for ch in text)


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def flows_chart(flows: Sequence[Flow]) -> str | None:
    """Per unit: a bar of applications received, and under it the outcomes stacked."""
    flows = [f for f in flows if f.applications is not None or any(v for _, v in f.outcomes)]
    if not flows:
        return None
    labels = [label for label, _ in flows[0].outcomes]
    top: float = max(max(f.applications or 0, sum(v for _, v in f.outcomes)) for f in flows)
    top = top or 1.0
    left, bar, gap, width = 170, 14, 16, 720
    scale = (width - left - 60) / top
    items = [("新收申请", "#333")] + [
        (_short(lab), PALETTE[k % len(PALETTE)]) for k, lab in enumerate(labels)
    ]
    body: list[str] = []
    lx, y = left, 16
    for name, colour in items:  # the legend, wrapped at the right edge
        step = 16 + _text_width(name) + 18
        if lx + step > width and lx > left:
            lx, y = left, y + 20
        body.append(f'<rect x="{lx}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{lx + 16}" y="{y}" font-size="12">{escape(name)}</text>')
        lx += step
    y += 24
    height = y + len(flows) * (2 * bar + gap) + 4
    for f in flows:
        unit = f.unit if len(f.unit) <= 13 else f.unit[:12] + "…"
        body.append(
            f'<text x="{left - 8}" y="{y + bar + 4}" font-size="12" text-anchor="end">'
            f"<title>{escape(f.unit)}</title>{escape(unit)}</text>"
        )
        apps = f.applications or 0
        body.append(
            f'<rect x="{left}" y="{y}" width="{apps * scale:.1f}" height="{bar}" fill="#333">'
            f"<title>{escape(f.unit)} 新收申请 {apps:g}</title></rect>"
        )
        body.append(
            f'<text x="{left + apps * scale + 4:.1f}" y="{y + bar - 3}" font-size="11">'
            f"{apps:g}</text>"
        )
        x = float(left)
        for k, (label, v) in enumerate(f.outcomes):
            if not v:
                continue
            colour = PALETTE[k % len(PALETTE)]
            body.append(
                f'<rect x="{x:.1f}" y="{y + bar}" width="{v * scale:.1f}" height="{bar}" '
                f'fill="{colour}"><title>{escape(f.unit)} {escape(label)} {v:g}</title></rect>'
            )
            x += v * scale
        y += 2 * bar + gap
    return _svg(width, height, "各单位申请与办理结果", body)


def findings_chart(findings: Iterable[tuple[str, str]]) -> str | None:
    """How often each rule failed across the files, by (rule id, severity)."""
    counts = Counter(findings)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))[:30]
    top: float = max(ranked[0][1], 5)  # a rule that failed once is not drawn full width
    left, bar, gap, width = 90, 16, 6, 720
    scale = (width - left - 60) / top
    body: list[str] = []
    y = 10
    for (rule, severity), n in ranked:
        colour = _SEVERITY.get(severity, "#777")
        body.append(
            f'<text x="{left - 8}" y="{y + bar - 4}" font-size="12" text-anchor="end">'
            f"{escape(rule)}</text>"
        )
        body.append(
            f'<rect x="{left}" y="{y}" width="{n * scale:.1f}" height="{bar}" fill="{colour}">'
            f"<title>{escape(rule)}：{n} 处</title></rect>"
        )
        body.append(
            f'<text x="{left + n * scale + 4:.1f}" y="{y + bar - 4}" font-size="11">{n}</text>'
        )
        y += bar + gap
    return _svg(width, y + 6, "各规则发现的问题数", body)


__all__ = ["FLOWS", "Flow", "findings_chart", "flow", "flows_chart"]
