"""The narrative's own arithmetic: a total the text gives and the parts it lists (GK-PARTS).

Reports give totals with their parts: 「共公布政府信息N条（其中甲类a条，乙类b条，…，其他信息z条）」,
「收到申请N件，其中自然人a件、法人或其他组织b件」, 「自然人、法人或其他组织分别为a件、b件」.
Only a list that claims to be complete is judged: one that ends with a residual item (「其他…」,
「其余…」), as a breakdown does.  A 「其中」 naming only some categories, a list of examples
(「主要包括」, 「等」), parts in another unit, approximate or scaled figures (「余」, 「万」),
ranks (第…), nested lists and comparisons (「同比增加」) are left alone: a wrong alarm on a
sound report costs more than a missed one.  A list whose parts add up is a pass, complete or
not.

The rule reads no cell: the text against itself.  Its evaluator is registered here; the
parser runs it over the whole narrative with the text-match rule (:func:`.check_narrative`).
"""

from __future__ import annotations

import re

import attrs

from ..findings import Finding, FindingStatus
from ..messages import Message
from ..rules import Rule
from ._mentions import COMPARISON, JOINED_AFTER, MONEY_UNITS, NUMBER, number_value

#: Words that introduce the parts of the figure before them.
_MARKER = re.compile(r"其中|包括|分别为|分别是")
_SENTENCE_ENDS = "。！？!?\n"
_NOT_COUNTS = ("%", "％", *MONEY_UNITS.split("|"))
_OPEN, _CLOSE = "（(", "）)"
_BRACKET = re.compile(r"[（()）]")
#: What a figure is written with.
_NUMERALS = frozenset("0123456789,.零〇一二两三四五六七八九十百千万")
#: What puts a list in doubt between its figures: a figure in Arabic numerals scaled by 万 or
#: 亿 (「1.2万条」, whose part would be missed), a list inside the list, a comparison.
_DOUBT = re.compile(
    r"\d\s*[万亿]\s*(?:余|多)?\s*(?:人次|件|条|次|起|宗|个|项|篇|份|场|例)|"
    + _MARKER.pattern
    + "|"
    + COMPARISON.pattern
)
#: What may stand between a part and the next: the separators of a list.
_SEPARATORS = "，,、；;"
#: Connectors before a part's label (「以及其他…」).
_LEAD = re.compile(r"^[\s、，,；;：:]*(?:以及|和|及|与|或)?\s*")
#: A residual item, which makes a list claim to be complete: 「其他信息」, 「其余申请」, not the
#: categories of the tables that happen to begin so (（六）其他处理, 其他结果, 其他情形,
#: 法人或其他组织) nor a bare 「其他」 (table 三's applicant column).
_RESIDUAL = re.compile(r"(?:其他|其它|其余|剩余)(?!处理|结果|情形|组织|原因)[^\s，,、；;]")
#: Words that make a list one of examples: 「主要包括」, 「重点包括」, 「包括但不限于」.
_EXAMPLES_BEFORE = ("主要", "重点", "部分", "例如", "比如")
_EXAMPLES_AFTER = ("但不限于", "但不仅限于")
#: Verbs of handling an application: a label holding one the total's own words do not is a
#: new statement, not a part (「收到申请75件，其中自然人70件，法人3件，办结…」).
_NEW_STATEMENT = re.compile(r"办结|结转|答复|受理|收到|新收|接收|转入|办理")
#: Channels: the same item may be published on several (spec L-08), so channels' counts may
#: add up to more than the total.
_CHANNELS = re.compile(
    r"网站|网页|网络|微信|微博|公众号|客户端|APP|App|新媒体|公报|报刊|报纸|电视|广播|渠道|平台"
    r"|政务号|抖音|头条|方式|途径|媒体|栏目"
)
#: The longest label a part of a list has; a longer run is prose, which ends the list.
_LONGEST_LABEL = 30
#: The most characters between a total and its 「其中」 (「共发布380条财政资金信息，其中」).
_LONGEST_GAP = 16
#: The most characters of names before 「分别为」 (「自然人、法人或其他组织分别为」).
_LONGEST_NAMES = 40
#: The most characters of a list read after its 「其中」 (the longest seen: about 300).
_LONGEST_LIST = 800
_QUOTE_HEAD, _QUOTE_TAIL = 48, 32


@attrs.frozen
class Statement:
    """A total the text gives and the parts it lists for it."""

    quote: str
    total: int
    unit: str
    parts: tuple[int, ...]
    #: The list ends with a residual item (「其他…」): it claims to be all the parts.
    complete: bool
    #: The parts are channels (网站, 微信 …), which may carry the same item: together they
    #: may count more than the total, never less.
    overlap: bool = False

    @property
    def sum(self) -> int:
        return sum(self.parts)

    @property
    def adds_up(self) -> bool:
        """The parts, or the first of them (two or more: the text went on past the list),
        make the total."""
        running = 0
        for k, part in enumerate(self.parts):
            running += part
            if running == self.total and (
                k >= 1 and (k == len(self.parts) - 1 or not self.complete)
            ):
                return True
        return False

    @property
    def judged(self) -> bool:
        """A pass (the parts add up), or a list that claims to be complete and misses its
        total (short of it, for channels)."""
        return self.adds_up or (self.complete and (not self.overlap or self.sum < self.total))


def statements(text: str) -> list[Statement]:
    """Every total with parts in the text that can be judged: those that add up, and the
    complete lists that do not."""
    out: list[Statement] = []
    ends = [end for end in _SENTENCE_ENDS if end in text]  # (most texts use one or two)
    for marker in _MARKER.finditer(text):
        start, stop = _sentence(text, marker.start(), ends)
        if marker.group().startswith("分别"):
            found = _respectively(text, marker, start)
        else:
            found = _listed(text, marker, start, stop)
        if found is not None and found.judged:
            out.append(found)
    return out


def _sentence(text: str, pos: int, ends: list[str]) -> tuple[int, int]:
    """The sentence around ``pos``: 「；」 does not end it (lists are joined by it)."""
    start = max((text.rfind(end, 0, pos) for end in ends), default=-1) + 1
    stops = [i for i in (text.find(end, pos) for end in ends) if i >= 0]
    return start, min(stops, default=len(text))


def _total(text: str, start: int, before: int) -> re.Match[str] | None:
    """The figure a list's parts make: the last count before ``before`` in its sentence,
    a whole number, not a rank, an approximation or a share, nor in a comparison."""
    # the total ends a few characters before the marker: only those are searched (from
    # the start of a figure the window would cut)
    window = max(start, before - _LONGEST_NAMES - 32)
    while window > start and text[window - 1] in _NUMERALS:
        window -= 1
    last = None
    for last in NUMBER.finditer(text, window, before):  # noqa: B007  (the last one is wanted)
        pass
    if last is None or last.group("approx") or last.group("unit") in _NOT_COUNTS:
        return None  # (money is left alone: sums in 万元 are rounded)
    if (last.start() > 0 and text[last.start() - 1] in "第约近逾") or _scaled(text, last):
        return None
    if not isinstance(number_value(last.group("num")), int):
        return None
    phrase_start = max(start, *(text.rfind(s, start, last.start()) for s in _SEPARATORS))
    if COMPARISON.search(text, phrase_start, last.start()) or _coordinated(text, start, last):
        return None
    return last


def _coordinated(text: str, start: int, figure: re.Match[str]) -> bool:
    """Whether the figure closes a list of figures (「建议45件、提案60件，其中…」): the
    parts after the marker may be of them all, so no total is taken."""
    previous = None
    for previous in NUMBER.finditer(  # noqa: B007  (the last one is wanted)
        text, max(start, figure.start() - _LONGEST_LABEL), figure.start()
    ):
        pass
    if previous is None:
        return False
    between = text[previous.end() : figure.start()]
    if any(c in between for c in "，,；;：:"):
        return False  # another clause: the figure stands alone
    return "、" in between or JOINED_AFTER.match(between) is not None


def _total_before(
    text: str, marker: re.Match[str], start: int, longest: int
) -> tuple[re.Match[str], str] | None:
    """The total a marker's parts make (:func:`_total`), and the words between them: at
    most ``longest`` characters, without a figure."""
    total = _total(text, start, marker.start())
    if total is None:
        return None
    between = text[total.end() : marker.start()]
    if len(between) > longest or any(ch.isdigit() for ch in between):
        return None
    return total, between


def _scaled(text: str, figure: re.Match[str]) -> bool:
    """A figure that is only the tail of a larger one (「1.2万」, 「3.5」 read as 5)."""
    before = text[max(0, figure.start() - 1) : figure.start()]
    return before == "." or before.isdigit()


def _listed(text: str, marker: re.Match[str], start: int, stop: int) -> Statement | None:
    """「…N条，其中甲a条，乙b条，其他c条」 and 「…N件，包括…」."""
    found = _total_before(text, marker, start, _LONGEST_GAP)
    if found is None:
        return None
    total, gap = found
    examples = text[max(start, marker.start() - 2) : marker.start()] in _EXAMPLES_BEFORE
    examples |= text.startswith(_EXAMPLES_AFTER, marker.end())
    depth = sum(gap.count(c) for c in _OPEN) - sum(gap.count(c) for c in _CLOSE)
    if depth not in (0, 1):
        return None
    region, end = _region(text, marker.end(), stop, depth)
    own = text[max(start, total.start() - 60) : total.end()]
    listed = _Parts(region, total.group("unit"), own).read()
    if listed is None or len(listed.parts) < 2:
        return None
    quote = _quote(text, start, total.start(), marker.end() + listed.end, end)
    complete = listed.complete and not (examples or listed.examples or listed.mixed)
    return Statement(quote, int(number_value(total.group("num")) or 0), listed.unit,
                     tuple(listed.parts), complete, listed.overlap)  # fmt: skip


class _Parts:
    """Reading the parts of a list, one figure after another, up to its residual item or the
    separator that ends it."""

    def __init__(self, region: str, unit: str, own: str) -> None:
        self.region = region
        self.unit = unit
        #: the words of the total's own phrase (a verb of theirs in a label is no new
        #: statement)
        self.own = own
        self.parts: list[int] = []
        self.complete = self.mixed = self.overlap = self.examples = False
        #: where the last part ends in the region
        self.end = 0

    def read(self) -> _Parts | None:
        """The parts (None: something in the list puts it in doubt)."""
        region = self.region
        previous = 0
        separator = ""
        for figure in NUMBER.finditer(region):
            if self.parts and not separator:
                separator = _separator(region, self.end)
                if not separator:
                    break
                region = _cut(region, separator, self.end)
            if figure.start() >= len(region):
                break  # past the end of the list
            words = region[previous : figure.start()]
            previous = figure.end()
            if figure.group("unit") in ("%", "％"):
                continue  # a share of the part before it (「占53%」)
            label = _LEAD.sub("", words).strip()
            if len(label) > _LONGEST_LABEL or self._new_statement(label):
                break
            if _DOUBT.search(words) or not self._plain(region, figure, label):
                return None  # a comparison, a list in the list, a scaled or odd figure
            if figure.group("unit") != self.unit:
                self.mixed = True  # not a part (「召开新闻发布会2次」 among 条): in doubt
                continue
            self.parts.append(int(number_value(figure.group("num")) or 0))
            self.overlap |= _CHANNELS.search(label) is not None
            self.end = figure.end()
            if _RESIDUAL.match(label):
                after = region[figure.end() :].lstrip()
                self.complete = not after or after[0] in _SEPARATORS
                self.examples = after.startswith("等")
                break
        return self

    def _new_statement(self, label: str) -> bool:
        """A verb of handling an application the total's phrase does not have."""
        if _NEW_STATEMENT.search(label) is None:
            return False
        return bool(set(_NEW_STATEMENT.findall(label)) - set(_NEW_STATEMENT.findall(self.own)))

    @staticmethod
    def _plain(region: str, figure: re.Match[str], label: str) -> bool:
        """A whole count with a name: not approximate, a decimal, a rank, the tail of a
        larger figure or a numeral inside a word."""
        value = number_value(figure.group("num"))
        if figure.group("approx") or not isinstance(value, int) or _scaled(region, figure):
            return False
        rank = region[figure.start() - 1 : figure.start()] == "第"
        return bool(label) and not rank and not _word_numeral(region, figure)


def _region(text: str, start: int, stop: int, depth: int) -> tuple[str, int]:
    """The list after a marker, to the bracket the total opened before it (``depth`` 1) or
    to the sentence's end, with what stands in brackets inside it blanked (「预决算197条
    （政府预决算32条、部门预决算165条）」: the parts of a part).  Positions are kept."""
    chunk = text[start : min(stop, start + _LONGEST_LIST)]
    pieces: list[str] = []
    level = depth
    pos = 0
    for bracket in _BRACKET.finditer(chunk):
        at = bracket.start()
        piece = chunk[pos:at]
        pieces.append(piece if level == depth else " " * len(piece))
        level += 1 if bracket.group() in _OPEN else -1
        if level < 0 or (depth and level == 0):
            return "".join(pieces), start + at
        pieces.append(" ")
        pos = at + 1
    rest = chunk[pos:]
    pieces.append(rest if level == depth else " " * len(rest))
    return "".join(pieces), start + len(chunk)


def _separator(region: str, pos: int) -> str:
    """The separator after the first part: it sets how far the list goes."""
    rest = region[pos:].lstrip()
    return rest[0] if rest and rest[0] in _SEPARATORS else ""


def _cut(region: str, separator: str, pos: int) -> str:
    """The list ends at a separator stronger than its own: a 「、」 list at 「，」 or 「；」, a
    「，」 list at 「；」."""
    stronger = {"、": "，,；;", "，": "；;", ",": "；;"}.get(separator, "")
    ends = [i for i in (region.find(s, pos) for s in stronger) if i >= 0]
    return region[: min(ends)] if ends else region


def _word_numeral(region: str, figure: re.Match[str]) -> bool:
    """A Chinese numeral that is part of a word (「一件事一次办」, 「一次性告知」)."""
    if figure.group("num")[0].isdigit():
        return False
    following = region[figure.end() : figure.end() + 1]
    return bool(following) and following not in _SEPARATORS + "。）) "


def _respectively(text: str, marker: re.Match[str], start: int) -> Statement | None:
    """「…N件，其中自然人、法人或其他组织分别为a件、b件」: as many figures as names."""
    found = _total_before(text, marker, start, _LONGEST_NAMES)
    if found is None:
        return None
    total, names_text = found
    names_text = re.sub(r"^[\s，,（(：:]*(?:其中|包括)?[\s：:，,]*", "", names_text)
    names = [n.strip() for n in re.split(r"、|以及|和|及|与", names_text)]
    if len(names) < 2 or not all(names) or any(COMPARISON.search(n) for n in names):
        return None
    parts: list[int] = []
    pos = marker.end()
    while len(parts) < len(names) + 1:
        pos = len(text) - len(text[pos:].lstrip(" 、，,和及与"))
        figure = NUMBER.match(text, pos)
        if figure is None:
            break
        value = number_value(figure.group("num"))
        if figure.group("approx") or not isinstance(value, int):
            return None
        if figure.group("unit") != total.group("unit"):
            return None
        parts.append(value)
        pos = figure.end()
    if len(parts) != len(names):
        return None
    complete = any(_RESIDUAL.match(n) for n in names)
    quote = _quote(text, start, total.start(), pos, pos)
    overlap = any(_CHANNELS.search(n) for n in names)
    return Statement(quote, int(number_value(total.group("num")) or 0), total.group("unit"),
                     tuple(parts), complete, overlap)  # fmt: skip


def _quote(text: str, start: int, total: int, stop: int, bracket: int) -> str:
    """The statement as the text has it, from the total's phrase to its last part (and the
    bracket closing the list), shortened in the middle when long."""
    phrase = max(start, total - 24, *(text.rfind(s, start, total) + 1 for s in "，,；;：:"))
    end = bracket + 1 if bracket < len(text) and text[bracket : bracket + 1] in _CLOSE else stop
    quote = " ".join(text[phrase:end].split())
    if len(quote) > _QUOTE_HEAD + _QUOTE_TAIL + 4:
        quote = _shortened(quote)
    return quote


def _shortened(quote: str) -> str:
    """The quote's head and tail, cut where a part ends rather than inside a word
    (「……应急管理类信息124条」): after a 「，」 or 「；」 if one is near, else after a 「、」."""
    head, tail = quote[:_QUOTE_HEAD], quote[-_QUOTE_TAIL:]
    for marks in ("，,；;", "、"):
        cut = max(head.rfind(m) for m in marks)
        if cut > _QUOTE_HEAD // 2:
            head = head[: cut + 1]
            break
    for marks in ("，,；;", "、"):
        cut = min((i for i in map(tail.find, marks) if i >= 0), default=-1)
        if 0 <= cut < _QUOTE_TAIL // 2:
            tail = tail[cut + 1 :]
            break
    return head + "……" + tail


# --- the rule ---------------------------------------------------------------------------


def check_parts(text: str, rule: Rule) -> tuple[int, int, list[Finding]]:
    """The text's totals against their parts: (items, passes, findings)."""
    items = passes = 0
    findings: list[Finding] = []
    for s in statements(text):
        items += 1
        if s.adds_up:
            passes += 1
            continue
        shown = " + ".join(map(str, s.parts))
        diff = s.total - s.sum
        message = Message(
            f"{rule.id} 正文「{s.quote}」称共 {s.total} {s.unit}，所列各项之和为 {s.sum} "
            f"{s.unit}（{shown}），相差 {diff} {s.unit}",
            f"{rule.id} the text [{s.quote}] gives a total of {s.total}, but the parts it "
            f"lists add up to {s.sum} ({shown}), a difference of {diff}",
        )
        findings.append(
            Finding(
                rule=rule.id,
                severity=rule.severity,
                status=FindingStatus.FAIL,
                cells=(),
                message=message,
                title=rule.title,
                lhs=s.total,
                rhs=s.sum,
                imbalance=diff,
            )
        )
    return items, passes, findings


__all__ = ["Statement", "check_parts", "statements"]
