"""A published report's text split into the parts of its format, by their headings.

The parts and their headings are the format's outline (``Format.outline``; the legacy
report's opening 概述 is ``Format.lead_headings``), with the other spellings published
reports use (``Part.aliases``).  A heading is found where a report starts a part:

* after a top-level number (「五、」, 「五．」), whatever the number is — a legacy report
  numbers its parts from 一、概述, so its 「二、主动公开政府信息情况」 is the format's part 一;
* or at the start of a line that holds little else (a page that leaves the numbers out).

The heading's words must follow within a few characters (an organ's name or 「政府信息公开
工作」 may come first).  The opening paragraph that lists the parts (「本报告包括总体情况、
主动公开…」) names them without numbers and starts no part.  Each part starts at its first
heading, in whatever order the page gives them (the tables, under their parts' headings, may
follow the text).

Each part's text runs from its heading to the next heading; the heading itself is left out
(the report prints the official one).  The text ends at the attachments: a line (or a
sentence) opening with 附件, or the heading of a table no part draws (the legacy
统计表); a closing signature (the organ, then the date on a line of its own) is left out too.
What comes before the first heading — the title, the page's furniture, the opening
paragraph — is no part of the report and is not kept; neither is the text of a part that
has no text of its own (the 2019 and 2021 parts 二 to 四 are written from the tables).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from ..formats import Format

#: How far into a heading its words may start (an organ's name, 「政府信息公开工作」 …).
SLACK = 10
#: How much text after a number is looked at for a heading.
_WINDOW = 80
_NUMBER = re.compile(r"[一二三四五六七八九十]{1,2}[ \t\u3000\xa0]*[、.．]")
_LINE_START = re.compile(r"(?:^|\n)[ \t\u3000\xa0]*(?=\S)")
_ATTACHMENT = re.compile(r"(?:^|\n|。)[ \t\u3000\xa0]*附\s*件(?=[\s:：\d一-龥]|$)")
_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_LEADING = " \t\n\u3000\xa0:：.．、"
_SENTENCE_END = re.compile(r"[。；;！!？?，,]")
#: Marks a part's place in the outline: the lead (概述) comes before part 一.
_STOP = -1


@attrs.frozen
class _Heading:
    start: int
    end: int
    #: 0 for the lead, k + 1 for the outline's part k, :data:`_STOP` for an attachment.
    order: int


def _compact(text: str) -> tuple[str, list[int]]:
    """``text`` with white space left out and each character in NFKC, and for each character
    kept, where it is in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


@functools.cache
def _spellings(fmt: Format) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(order, compact spellings) of the lead, each part and each table no part draws."""
    from ..labels import core_label

    def compact(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_compact(core_label(t))[0] for t in texts))

    out = [(0, compact(fmt.lead_headings))] if fmt.lead and fmt.lead_headings else []
    for k, part in enumerate(fmt.outline, start=1):
        out.append((k, compact((part.heading, *part.aliases))))
    drawn = set(fmt.sections)
    undrawn = tuple(t.title for t in fmt.tables if t.title not in drawn)
    if undrawn:
        out.append((_STOP, compact(undrawn)))
    return tuple(out)


def _match(text: str, at: int, fmt: Format, *, alone: bool) -> _Heading | None:
    """The heading whose words follow ``at`` (within :data:`SLACK` characters); ``alone``:
    the heading must be most of its line (a line start without a number)."""
    span = text[at : at + _WINDOW]
    window, where = _compact(span.split("\n", 1)[0] if alone else span)
    best: tuple[int, int, int] | None = None  # (length, end in window, order)
    for order, spellings in _spellings(fmt):
        for s in spellings:
            k = window.find(s, 0, SLACK + len(s))
            if k < 0 or (alone and not _heading_line(window, k, k + len(s))):
                continue
            if best is None or len(s) > best[0]:  # the fullest spelling says most
                best = (len(s), k + len(s), order)
    if best is None:
        return None
    return _Heading(at, at + where[best[1] - 1] + 1, best[2])


def _heading_line(line: str, start: int, end: int) -> bool:
    """Whether a line without a number, holding a heading's words at ``start:end``, is that
    heading (and not a sentence that uses the words): little before or after them, and no
    sentence ending."""
    rest = line[end:]
    return len(rest) <= SLACK and not _SENTENCE_END.search(line[:start] + rest)


def _candidates(text: str, fmt: Format) -> list[_Heading]:
    found: dict[int, _Heading] = {}
    for m in _NUMBER.finditer(text):
        h = _match(text, m.end(), fmt, alone=False)
        if h is not None:
            found[m.start()] = attrs.evolve(h, start=m.start())
    for m in _LINE_START.finditer(text):
        if m.end() not in found and not _NUMBER.match(text, m.end()):
            h = _match(text, m.end(), fmt, alone=True)
            if h is not None:
                found[m.end()] = h
    return [found[k] for k in sorted(found)]


def _first_of_each(headings: list[_Heading]) -> list[_Heading]:
    """Each part's first heading, in the report's order (a page may put the tables, under
    their parts' headings, after the text)."""
    seen: set[int] = set()
    out = []
    for h in headings:
        if h.order not in seen:
            seen.add(h.order)
            out.append(h)
    return out


def _closing(body: str) -> str:
    """A part's text without a closing signature: the date on its own line, and the line
    before it when that is a short one (the organ)."""
    lines = [line for line in body.rstrip().split("\n")]
    kept = [k for k, line in enumerate(lines) if line.strip(_LEADING)]
    if len(kept) > 1 and _DATE_LINE.fullmatch(lines[kept[-1]].strip(_LEADING)):
        cut = kept[-1]
        last = lines[kept[-2]].strip(_LEADING)
        if len(kept) > 2 and len(last) <= 30 and not re.search(r"[。；，,;：:]", last):
            cut = kept[-2]
        lines = lines[:cut]
    return "\n".join(lines).rstrip()


def _after_title(text: str, title: str | None) -> int | None:
    """Where the text after the last appearance of ``title`` starts (line breaks and spaces
    inside the title allowed), if it appears."""
    if not title:
        return None
    compact, where = _compact(text)
    k = compact.rfind(_compact(title)[0])
    return None if k < 0 else where[k + len(_compact(title)[0]) - 1] + 1


def split_sections(fmt: Format, narrative: str, title: str | None = None) -> dict[str, str]:
    """The report's text by the keys of the format's parts (``overview``, ``problems``,
    ``other``; the legacy ``s1`` … ``s4`` and its lead), each without its heading.

    A legacy report without a 概述 heading opens with its lead: the text between the
    ``title`` (its last appearance) and the first part."""
    if not narrative:
        return {}
    found = _candidates(narrative, fmt)
    first = next((h.start for h in found if h.order != _STOP), None)
    if first is None:
        return {}
    ends = [h.start for h in found if h.order == _STOP and h.start > first]
    ends += [m.start() for m in _ATTACHMENT.finditer(narrative, first)]
    end = min(ends, default=len(narrative))
    if end < len(narrative) and narrative[end] == "。":
        end += 1  # the sentence before 「附件」 keeps its full stop
    headings = _first_of_each([h for h in found if h.order != _STOP and h.start < end])
    out: dict[str, str] = {}
    if fmt.lead and headings and all(h.order > 0 for h in headings):
        start = _after_title(narrative[: headings[0].start], title)
        lead = _lines(narrative[start : headings[0].start]) if start is not None else ""
        if lead:
            out[fmt.lead] = lead
    for h, after in zip(headings, [*headings[1:], None]):
        key = fmt.lead if h.order == 0 else fmt.outline[h.order - 1].text
        if key is None:
            continue
        stop = end if after is None else after.start
        body = _lines(_closing(narrative[h.end : stop]).lstrip(_LEADING))
        if body:
            out[key] = body
    return out


def _lines(text: str) -> str:
    """One paragraph a line: each line stripped, blank lines left out (a page's indents and
    spacing are layout, not text)."""
    return "\n".join(s for line in text.split("\n") if (s := line.strip(" \t\r\u3000\xa0")))


__all__ = ["SLACK", "split_sections"]
