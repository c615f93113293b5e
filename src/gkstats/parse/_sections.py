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

import bisect
import functools
import itertools
import re
import unicodedata

import attrs

from ..formats import Format

#: How far into a heading its words may start (an organ's name, 「政府信息公开工作」 …).
SLACK = 10
#: A part's number: 「五、」「五．」.
_NUMBER = re.compile(r"[一二三四五六七八九十]{1,2}[ \t\u3000\xa0]*[、.．]")
_NON_SPACE = re.compile(r"\S+")
_BREAK = re.compile(r"\n")
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
    #: How many characters of the heading's spelling matched (the fullest one is kept).
    size: int = 0


@attrs.frozen
class _Compact:
    """A text with its white space left out (and the characters of a format's
    :func:`_folding` folded), with the way back to places in the text: the white space
    stretches are few, so a place is found by bisection over the stretches between them,
    not looked up in a list as long as the text."""

    text: str
    #: Where each stretch without white space starts, in ``text`` and in ``text`` compacted.
    starts: list[int]
    offsets: list[int]

    @classmethod
    def of(cls, text: str, fold: _Fold | None = None) -> _Compact:
        if fold is not None and fold[1].search(text):
            text = text.translate(fold[0])
        pieces = [(m.start(), m.group()) for m in _NON_SPACE.finditer(text)]
        offsets = list(itertools.accumulate((len(s) for _, s in pieces), initial=0))
        return cls("".join(s for _, s in pieces), [at for at, _ in pieces], offsets[:-1])

    def at(self, k: int) -> int:
        """Where the ``k``-th compact character is in the text."""
        j = bisect.bisect_right(self.offsets, k) - 1
        return self.starts[j] + k - self.offsets[j]

    def index(self, pos: int) -> int:
        """How many compact characters come before place ``pos`` of the text."""
        j = bisect.bisect_right(self.starts, pos) - 1
        if j < 0:
            return 0
        stretch = self.offsets[j + 1] - self.offsets[j] if j + 1 < len(self.offsets) else (
            len(self.text) - self.offsets[j])  # fmt: skip
        return self.offsets[j] + min(pos - self.starts[j], stretch)


#: A format's folding: the translation table, and a pattern finding any character of it.
_Fold = tuple[dict[int, str], "re.Pattern[str]"]


#: Where the characters are whose NFKC is a CJK character: the radicals a PDF gives for
#: 一 or 行, compatibility ideographs, full-width forms.
_COMPATIBLE = ((0x2E80, 0x2FDF), (0x3200, 0x33FF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
               (0x2F800, 0x2FA1F))  # fmt: skip


@functools.cache
def _spellings(fmt: Format) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(order, compact spellings) of the lead, each part and each table no part draws."""
    from ..labels import core_label

    def compact(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys("".join(core_label(t).split()) for t in texts))

    out = [(0, compact(fmt.lead_headings))] if fmt.lead and fmt.lead_headings else []
    for k, part in enumerate(fmt.outline, start=1):
        out.append((k, compact((part.heading, *part.aliases))))
    drawn = set(fmt.sections)
    undrawn = tuple(t.title for t in fmt.tables if t.title not in drawn)
    if undrawn:
        out.append((_STOP, compact(undrawn)))
    return tuple(out)


@functools.cache
def _folding(fmt: Format) -> _Fold:
    """The characters whose NFKC is one in a spelling of the format's headings (as labels are
    compared): folded before the headings are looked for.  Only those: a text's own
    full-width commas are no heading's business, and a report need not be folded whole."""
    alphabet = {ch for _, spellings in _spellings(fmt) for s in spellings for ch in s}
    table = {}
    for lo, hi in _COMPATIBLE:
        for cp in range(lo, hi + 1):
            n = unicodedata.normalize("NFKC", chr(cp))
            if n in alphabet:
                table[cp] = n
    chars = "".join(map(re.escape, map(chr, table)))
    return table, re.compile(f"[{chars}]" if chars else "(?!)")


def _heading_line(line: str, start: int, end: int) -> bool:
    """Whether a line without a number, holding a heading's words at ``start:end``, is that
    heading (and not a sentence that uses the words): little before or after them, and no
    sentence ending."""
    rest = line[end:]
    return len(rest) <= SLACK and not _SENTENCE_END.search(line[:start] + rest)


def _candidates(text: str, fmt: Format) -> list[_Heading]:
    """Every heading in ``text``: where each spelling of a part is found (at C speed, in the
    text made compact once), if a heading starts there (:func:`_heading_at`)."""
    c = _Compact.of(text, _folding(fmt))
    numbers = [(m.start(), c.index(m.end())) for m in _NUMBER.finditer(text)]
    breaks = [m.start() for m in _BREAK.finditer(text)]
    found: dict[int, _Heading] = {}
    for order, spellings in _spellings(fmt):
        for s in spellings:
            k = c.text.find(s)
            while k >= 0:
                at = _heading_at(text, c, numbers, breaks, k, len(s))
                if at is not None and (at not in found or found[at].size < len(s)):
                    found[at] = _Heading(at, c.at(k + len(s) - 1) + 1, order, len(s))
                k = c.text.find(s, k + 1)
    return [found[k] for k in sorted(found)]


def _heading_at(
    text: str,
    c: _Compact,
    numbers: list[tuple[int, int]],
    breaks: list[int],
    k: int,
    size: int,
) -> int | None:
    """Where the heading starts whose words are ``c.text[k : k + size]``: at a number at most
    :data:`SLACK` characters before them (``numbers``: each number's start in ``text`` and
    its end in ``c``), or at the start of a line that is little else (``breaks``: the line
    breaks); ``None`` when the words are used in a sentence.  When several spellings fit,
    the fullest is kept (``_candidates``)."""
    n = bisect.bisect_right(numbers, k, key=lambda x: x[1]) - 1
    if n >= 0 and k - numbers[n][1] <= SLACK:
        return numbers[n][0]
    line = bisect.bisect_left(breaks, c.at(k))
    first = breaks[line - 1] + 1 if line else 0
    last = breaks[line] if line < len(breaks) else len(text)
    if n >= 0 and numbers[n][0] >= first:
        return None  # a number on the line, too far before the words
    head, tail = c.index(first), c.index(last)
    if k - head > SLACK or not _heading_line(c.text[head:tail], k - head, k - head + size):
        return None
    return c.at(head)


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
    c, words = _Compact.of(text), "".join(title.split())
    k = c.text.rfind(words)
    return None if k < 0 else c.at(k + len(words) - 1) + 1


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
