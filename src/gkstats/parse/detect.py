"""Which format, which year, which organ: read from the report itself.

The format is the one whose declared labels the report prints most of (the year only breaks
ties: 2019–2020 reports were allowed to deviate from the template).  A report whose labels
match none of the three well enough — a province's own legacy table, a page with no table —
is refused with ``unknown_form``: no cells are invented for it.
"""

from __future__ import annotations

import functools
import re

import attrs

from .._errors import GkError
from ..formats import FORMATS, Format, get_format
from ..labels import core_label
from ._index import format_index, search_keys

#: The share of a format's labels a report must print to be read as that format.
MIN_SCORE = 0.4

_YEAR = r"((?:19|20)\d{2})"
#: What a report's title names (either word): looked for with ``in``, many times faster than
#: a pattern of the two on a long line.
_TITLE_WORDS = ("政府信息公开", "政务公开")
_TITLE_LINE = re.compile(r"^\s*(?:标题|题目|title)\s*[:：]\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_PERIOD = re.compile(r"统计期限[^。；\n]{0,16}?" + _YEAR + r"\s*年")
_SPAN = re.compile(_YEAR + r"\s*年\s*1\s*月\s*1\s*日[^。；\n]{0,6}?\1\s*年\s*12\s*月\s*31\s*日")
_SUBTITLE = re.compile(r"[（(]\s*" + _YEAR + r"\s*年度?\s*[）)]")
_TEXT_TITLE = re.compile(_YEAR + r"\s*年度?\s*(?:政府信息公开|政务公开)[^。\n]{0,6}?报告")
_FILE_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)")
_ORGAN_BEFORE = re.compile(
    r"^(?:关于)?(?P<organ>.{2,40}?)\s*" + _YEAR + r"\s*年度?\s*(?:的)?(?:政府信息公开|政务公开)"
)
_ORGAN_AFTER = re.compile(
    r"^\s*" + _YEAR + r"\s*年度?\s*(?P<organ>.{2,40}?)\s*(?:政府信息公开|政务公开)"
)
_ORGAN_CONTACT = re.compile(r"请与\s*(?P<organ>[^，。、,;；\s]{2,30}?)\s*(?:政府信息公开|政务公开)")
#: A sentence opening with the year and the organ doing something (「2025年，某某县人民政府
#: 坚持…」), for a page that has no title: the organ must end as organs' names do.
_ORGAN_OPENING = re.compile(
    r"(?:^|[。\n])\s*(?:一、总体情况\s*)?" + _YEAR + r"\s*年度?(?:以来)?\s*[，,]\s*"
    r"(?P<organ>[^，,。；;：:\s\d]{3,30}?)"
    r"(?=坚持|深入|认真|紧紧|紧扣|始终|全面|持续|进一步|严格|按照|围绕|聚焦|高度|着力|扎实|不断|积极"
    r"|切实|牢牢|大力|立足|锚定|以习近平|在)"
)
_ORGAN_ENDS = re.compile(
    r"(?:政府|办公室|办公厅|委员会|委|局|厅|署|部|院|中心|实验区|新区|开发区|管委会|办事处|街道"
    r"|镇|乡|县|区|市|州|盟|旗|所|站|队|馆|会)$"
)
_ORGAN_TRIM = ' \t:：,，。、"“”「」《》()（）【】'
_DIGIT_FIRST = re.compile(r"\s*\d")
_YEAR_IN = re.compile(_YEAR)
_YEAR_NIAN = re.compile(_YEAR + r"\s*年")
_LABEL_PREFIX = re.compile(r"^\s*(?:标题|题目)\s*[:：]")
_CLAUSE_PUNCT = re.compile(r"[，。；：,;:！？]")
#: What ``str.splitlines`` breaks at besides 「\n」.
_RARE_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


@attrs.frozen
class Found:
    """A detected value (year, organ) and where in the report it was found."""

    value: str | int | None
    source: str


def find_title(title: str | None, text: str) -> str | None:
    """The report's title: the page's own, a 「标题：」 line, or an early line naming the report."""
    if title and _names_report(title) and "报告" in title and not _DIGIT_FIRST.match(title):
        return " ".join(title.split())
    head = text[:3000]
    if _may_hold_title_line(head):
        m = _TITLE_LINE.search(head)
        if m and "报告" in m.group(1):
            return " ".join(m.group(1).split())
    return _title_line(text[:6000], 80) or (" ".join(title.split()) if title else None)


def _names_report(text: str) -> bool:
    """Whether ``text`` holds 「政府信息公开」 or 「政务公开」."""
    return _TITLE_WORDS[0] in text or _TITLE_WORDS[1] in text


def _may_hold_title_line(head: str) -> bool:
    """Whether ``head`` holds 「标题」, 「题目」 or a 「tl」 in any case, which _TITLE_LINE needs
    (「title」, case-blind, holds one): that pattern, anchored at every line and case-blind,
    is tried at each character, so it is only run when it may match.  Each word is looked
    for by a character of it that is rare on a Chinese page."""
    p = head.find("题")
    while p >= 0:
        if (p and head[p - 1] == "标") or head.startswith("目", p + 1):
            return True
        p = head.find("题", p + 1)
    for ell in ("l", "L"):
        p = head.find(ell, 1)
        while p >= 0:
            if head[p - 1] in "tT":
                return True
            p = head.find(ell, p + 1)
    return False


def _title_line(head: str, n: int) -> str | None:
    """The first of the first ``n`` lines of ``head`` that names the report, with the line
    before when a title is broken over two (「示例县乙局」 / 「2025年…年度报告」).

    Only the lines holding 「报告」 can, so only they are looked at, found at C speed in the
    lines broken at 「\\n」.  The other line breaks of ``str.splitlines`` are rare: where one
    could change the outcome (in a line looked at, or before the line found), the lines are
    split by ``splitlines`` and read one by one.  The words looked for hold no white space, so
    a line holds them exactly when its white-space-collapsed form does.
    """
    k = 0  # the line (counting 「\\n」 only) of ``pos``
    last = 0
    pos = head.find("报告")
    while pos >= 0:
        k += head.count("\n", last, pos)
        if k >= n:
            return None  # splitlines puts it at least as far down
        last = pos
        start = head.rfind("\n", 0, pos) + 1
        end = head.find("\n", pos)
        if end < 0:
            end = len(head)
        raw = head[start:end]
        if any(map(raw.__contains__, _RARE_BREAKS)):  # a whole line: no bounds to parse
            return _title_line_slow(head.splitlines()[:n])
        if _names_report(raw):
            line = " ".join(raw.split())
            if 6 <= len(line) <= 80 and _YEAR_IN.search(line):
                if _breaks(head, 0, start):
                    return _title_line_slow(head.splitlines()[:n])
                before = " ".join(_line_before(head, start).split())
                if _YEAR_IN.match(line) and 2 <= len(before) <= 30:
                    if not _CLAUSE_PUNCT.search(before):
                        return before + line
                return line
        pos = head.find("报告", end)
    return None


def _breaks(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a line break of ``str.splitlines`` other than 「\\n」."""
    return any(text.find(b, start, end) >= 0 for b in _RARE_BREAKS)


def _line_before(head: str, start: int) -> str:
    """The last line that is not blank before the line starting at ``start`` ("" if none)."""
    end = start - 1
    while end > 0:
        begin = head.rfind("\n", 0, end) + 1
        line = head[begin:end]
        if line and not line.isspace():
            return line
        end = begin - 1
    return ""


def _title_line_slow(lines: list[str]) -> str | None:
    """:func:`_title_line` line by line."""
    previous = ""  # the last line that is not blank
    for raw in lines:
        if "报告" in raw and _names_report(raw):
            line = " ".join(raw.split())
            if 6 <= len(line) <= 80 and _YEAR_IN.search(line):
                before = " ".join(previous.split())
                if _YEAR_IN.match(line) and 2 <= len(before) <= 30:
                    if not _CLAUSE_PUNCT.search(before):
                        return before + line
                return line
        if raw and not raw.isspace():
            previous = raw
    return None


def detect_year(title: str | None, text: str, name: str = "") -> Found:
    if title:
        m = _TEXT_TITLE.search(title) or _YEAR_NIAN.search(title)
        if m:
            return Found(int(m.group(1)), "title")
    for pattern, source in (
        (_PERIOD, "statistics period"),
        (_SPAN, "statistics period"),
        (_SUBTITLE, "table subtitle"),
        (_TEXT_TITLE, "text"),
    ):
        m = pattern.search(text)
        if m:
            return Found(int(m.group(1)), source)
    m = _FILE_YEAR.search(name)
    if m:
        return Found(int(m.group(1)), "file name")
    return Found(None, "")


def detect_organ(title: str | None, text: str) -> Found:
    if title:
        clean = _LABEL_PREFIX.sub("", title).strip()
        for pattern in (_ORGAN_BEFORE, _ORGAN_AFTER):
            m = pattern.search(clean)
            if m:
                organ = m.group("organ").strip(_ORGAN_TRIM)
                if len(organ) >= 2:
                    return Found(organ, "title")
    m = _ORGAN_CONTACT.search(text)
    if m:
        return Found(m.group("organ").strip(_ORGAN_TRIM), "contact line")
    m = _ORGAN_OPENING.search(text, 0, 3000)  # (the opening part of the report)
    if m:
        organ = m.group("organ").strip(_ORGAN_TRIM)
        if _ORGAN_ENDS.search(organ) and not organ.startswith(("我", "本", "全", "各")):
            return Found(organ, "opening sentence")
    return Found("", "")


def _format_keys(fmt: Format) -> tuple[str, ...]:
    keys: dict[str, None] = {}
    for e in format_index(fmt).entries:
        if e.kind in ("row", "column", "caption"):
            found = search_keys(e)
            if found:
                keys[found[-1] if len(found[-1]) >= 2 else core_label(e.label)] = None
    return tuple(keys)


@functools.cache
def _score_plan(
    formats: tuple[Format, ...],
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[int, ...]], ...]]:
    """Every format's distinct labels, each searched once however many formats print it: the
    keys, and for each format its id and the positions of its keys among them."""
    keys: dict[str, int] = {}
    plan = []
    for fmt in formats:
        mine = tuple(keys.setdefault(k, len(keys)) for k in _format_keys(fmt))
        plan.append((fmt.id, mine))
    return tuple(keys), tuple(plan)


def score_formats(compact: str) -> dict[str, float]:
    """The share of each format's distinct labels found in a folded, space-free text."""
    keys, plan = _score_plan(FORMATS)
    found = [k in compact for k in keys]
    out = {}
    for fmt_id, mine in plan:
        hits = sum([found[i] for i in mine])
        out[fmt_id] = round(hits / len(mine), 3) if mine else 0.0
    return out


def choose_format(scores: dict[str, float], year: int | None, forced: str | None = None) -> Format:
    if forced and forced != "auto":
        return get_format(forced)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best_id, best = ranked[0]
    if best < MIN_SCORE:
        shown = "、".join(f"{k} {v:.0%}" for k, v in ranked)
        forms = [f"{f.id}（{f.span()}）" for f in FORMATS]
        forms_en = [f"{f.id} ({f.span('en')})" for f in FORMATS]
        raise GkError(
            "unknown_form",
            zh=(
                f"未识别为全国统一表式（{'、'.join(forms)}）中的任何一种："
                f"报告中的表格标签与各格式的吻合度分别为 {shown}，均低于 {MIN_SCORE:.0%}。"
                "这可能是地方自定的统计表或没有统计表的报告；未生成任何单元格。"
                "如确为某一格式，可用 --format 指定。"
            ),
            en=(
                f"not one of the national forms ({', '.join(forms_en)}): the "
                f"report's table labels match {', '.join(f'{k} {v:.0%}' for k, v in ranked)}, "
                f"all below {MIN_SCORE:.0%}. It may be a local table or a report without the "
                "statistics table; no cells were produced. Use --format to force a format."
            ),
        )
    close = [get_format(k) for k, v in ranked if best - v <= 0.05]
    if year is not None and len(close) > 1:
        for fmt in close:
            if fmt.covers(year):
                return fmt
    return get_format(best_id)


__all__ = [
    "MIN_SCORE",
    "Found",
    "choose_format",
    "detect_organ",
    "detect_year",
    "find_title",
    "score_formats",
]
