"""Reading a report's text: the figures it quotes and what each one counts.

Each figure with a count unit (件, 条, 次, 起 …) or a rate is tied to what the words next to
it say it counts: the nearest keyword before it in its clause (or right after it), and the
topic of the clause (申请, 复议, 诉讼).  A figure whose meaning is not clear is left out.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from ..formats import Format
from ..values import parse_chinese_int
from ._concepts import (
    APPLY,
    LITIGATION,
    REVIEW,
    Concept,
    Qualifier,
    concept_cells,
    format_concepts,
)

TOPICS = ((REVIEW, re.compile(r"复议")), (LITIGATION, re.compile(r"诉讼|起诉")),
           (APPLY, re.compile(r"申请")))  # fmt: skip
_TOPIC_WORD = re.compile("|".join(p.pattern for _, p in TOPICS))

_COUNT_UNITS = "人次|件|条|次|起|宗|个|项|篇|份|场|例"
#: Money (table 二's 收费, the legacy fees): 万元 is the tables' unit, 元 is seen in reports.
MONEY_UNITS = "万元|元"
_UNITS = _COUNT_UNITS + "|" + MONEY_UNITS
NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
    r"\s*(?P<approx>余|多)?\s*(?P<unit>" + _UNITS + r"|%|％)"
)
#: A figure read backwards from its unit, in the reversed text: the unit, the 余/多, the
#: last numeral (:data:`NUMBER` forwards).  Every figure of a sentence holds one inside the
#: sentence, and none can hide another (only its last character is a numeral).
_FIGURE_BACK = re.compile(
    "(?:"
    + "|".join(unit[::-1] for unit in _UNITS.split("|"))
    + r"|%|％)\s*(?:余|多)?\s*[\d零〇一二两三四五六七八九十百千万]"
)
#: The characters a unit ends with: the places a figure can end.
_UNIT_ENDS = "".join(dict.fromkeys(unit[-1] for unit in _UNITS.split("|"))) + "%％"
#: The characters that end a sentence.
_SENTENCE_ENDS = "。！？!?；;\n"
#: What ends a clause: not 「、」, which joins the names of one phrase (「收到公民、法人和
#: 其他组织的申请17件」) as well as figures, which end their phrases themselves.
_CLAUSE_END = re.compile(r"[，,：:（）()]")
_RATE_WORD = re.compile(r"办结率")
_JOIN = re.compile(r"^\s*(?:和|及|与|以及|或|、)\s*$")
#: A joiner next to a qualifier's words: they name one of several groups.
_JOINED_BEFORE = re.compile(r"(?:和|(?<!涉)及|(?<!参)与|或|、)\s*$")
#: A joiner after a figure or a name: what follows is another of the same kind.
JOINED_AFTER = re.compile(r"\s*(?:和|及|与|以及|或|、)")
#: Words that make a sentence worth reading for a claim (:func:`_check_claims`).
_CLAIM_WORDS = ("复议", "诉讼", "起诉")
#: Words before a figure that make it approximate: 「约」「超过」…
_APPROX = ("约", "近", "超过", "逾", "多于", "达")
#: A completion rate the table gives: not one 「按时」/「按期」 (on time: the table does not
#: say when an application was concluded).
_RATE = re.compile(
    r"(?<!按时)(?<!按期)(?<!限时)(?<!及时)(?<!准时)"
    r"办结率\s*(?:为|达|达到|是)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]"
)
#: Words of a comparison: a figure after them is a difference or last year's, not a count
#: the table has (「较上年增加20件」, 「比2024年多收到12件」).
COMPARISON = re.compile(
    r"同比|环比|较上年|较去年|比上年|比去年|上年同期|去年|增加|减少|增长|下降|上升|提高|降低|多出"
)


@attrs.frozen
class Mention:
    """A figure in the text and what it was taken to count."""

    concepts: tuple[Concept, ...]
    value: int | Decimal
    approx: bool
    quote: str
    rate: bool = False
    #: The rows or columns the concept's qualifier words chose (「自然人」: ``natural``);
    #: None: the concept's own.
    keys: tuple[str, ...] | None = None
    #: The qualifier's words as the text has them (「自然人」).
    qualified: str = ""
    unit: str = ""
    #: The sentence the figure is in (it may say what the figure includes).
    sentence: str = ""


def number_value(text: str) -> int | Decimal | None:
    """A figure as written (「1,234」, 「91.8」, 「二十九」)."""
    text = text.replace(",", "")
    if text[0].isdigit():
        return Decimal(text) if "." in text else int(text)
    return parse_chinese_int(text)


def _nearest(topics: list[tuple[int, int, str]], pos: int) -> str | None:
    """The topic whose word is nearest ``pos`` (the first of equals, in TOPICS order)."""
    best: tuple[int, str] | None = None
    for m_start, m_end, topic in topics:
        d = pos - m_end if m_end <= pos else m_start - pos
        if best is None or d < best[0]:
            best = (d, topic)
    return None if best is None else best[1]


def _word_pattern(concepts: Sequence[Concept]) -> re.Pattern[str]:
    """One pattern for the words of all these concepts, only ever asked whether and where
    some word starts.  A flat alternation (no group around each concept's words) starts
    with a literal in every branch, which the regex engine turns into a quick scan for their
    first characters: 50x faster on a report than the same words in groups."""
    return re.compile("|".join(c.words for c in concepts))


@functools.cache
def _unit_fits(units: str, unit: str) -> bool:
    """Whether a figure's unit is one a concept counts in (``units`` is a pattern)."""
    return re.fullmatch(units, unit) is not None


def _fitting_words(concepts: Sequence[Concept], unit: str, topic: str | None) -> _Words | None:
    """The concepts a figure in ``unit`` under ``topic`` may count, in their order, with
    their words (``None``: no concept fits).

    Kept per concept list, unit and topic: the lists are the per-format ones, which live as
    long as the process, and a report has hundreds of figures in a handful of units."""
    key = (id(concepts), unit, topic)
    found = _FITTING.get(key)
    if found is None:
        fitting = tuple(
            c
            for c in concepts
            if _unit_fits(c.units, unit)
            and (c.topic is None or c.topic == topic or (c.loose and topic is None))
        )
        found = _FITTING[key] = (concepts, _Words(fitting) if fitting else None)
    return found[1]


#: (id of the concept list, unit, topic) -> (the list itself, kept alive so the id stays
#: its own; the concepts that fit and their words).
_FITTING: dict[tuple[int, str, str | None], tuple[Sequence[Concept], _Words | None]] = {}


def _own(concept: Concept) -> re.Pattern[str]:
    compiled = _OWN.get(concept.words)
    if compiled is None:
        compiled = _OWN[concept.words] = re.compile(concept.words)
    return compiled


_OWN: dict[str, re.Pattern[str]] = {}

#: A word pattern made of literal characters, escaped punctuation, (?:…) groups,
#: quantifiers and |: every character of a match of it is written in it (no class,
#: wildcard, anchor or escape such as \d).
_LITERAL_WORDS = re.compile(r"(?:[^\\.\[\]()^$]|\\\W|\(\?:|\))+")


class _Words:
    """Some concepts, in their order, and their words: one pattern for them all, and each
    concept's own pattern."""

    def __init__(self, concepts: tuple[Concept, ...]) -> None:
        self.concepts = concepts
        #: a flat alternation of all their words (see :func:`_word_pattern`)
        self.pattern = _word_pattern(concepts)
        self.own = tuple(_own(c) for c in concepts)
        #: a character -> the concepts (indexes) a word starting with it may belong to
        self._starting: dict[str, tuple[int, ...]] = {}

    def _starting_with(self, char: str) -> tuple[int, ...]:
        """The concepts whose pattern holds ``char`` (a match of a literal pattern starts
        with one of its characters), and those whose pattern is not literal."""
        found = self._starting.get(char)
        if found is None:
            found = self._starting[char] = tuple(
                k
                for k, c in enumerate(self.concepts)
                if char in c.words or not _LITERAL_WORDS.fullmatch(c.words) or self.own[k].match("")
            )
        return found

    def matches(self, text: str) -> list[tuple[int, int, Concept]]:
        """Every concept word in ``text`` (several concepts may share a word: 维持 is said
        of reviews and of lawsuits), found with each concept's own pattern, concept by
        concept.

        Only the concepts that can have a word where some word starts are searched: every
        place a word of one concept starts, the pattern of them all matches too.  A figure's
        neighbourhood holds one or two words, and a format has forty concepts: searching
        each concept's pattern tested every character forty times."""
        pattern = self.pattern
        where = pattern.search(text)
        if where is None:
            return []
        candidates: set[int] = set()
        while where is not None:
            start = where.start()
            candidates.update(self._starting_with(text[start]))
            where = pattern.search(text, start + 1)
        out = []
        for k in sorted(candidates):
            concept = self.concepts[k]
            for m in self.own[k].finditer(text):
                out.append((m.start(), m.end(), concept))
        return out


def mentions(fmt: Format, text: str, year: int | None = None) -> list[Mention]:
    """The figures of a narrative that name something the table counts; ``year``: the
    report's (a figure of another year in its sentence is not this year's count)."""
    return read_mentions(fmt, Around(text), year)


def read_mentions(fmt: Format, around: Around, year: int | None = None) -> list[Mention]:
    """:func:`mentions`, with the text's :class:`Around` (which the claims read too)."""
    text = around.text
    words = _FormatWords.of(fmt)
    found: list[Mention] = []
    # Where a figure may be (see _FIGURE_BACK) and where a 办结率 is, each found in one pass
    # over the whole text; only the clauses holding one are read.  A clause without a figure
    # changes no topic, so skipping the others changes nothing found.
    figures = around.figures()
    rates = [m.start() for m in _RATE_WORD.finditer(text)]
    if not figures and not rates:
        return found
    #: per sentence, in reading order: its start, and [start, stop, holds a figure, holds a
    #: 办结率] per clause
    sentences: list[tuple[int, int, list[list[int]]]] = []
    clauses: list[list[int]] = []
    s_start = s_stop = c_stop = -1
    for pos, kind in sorted([(p, 2) for p in figures] + [(p, 3) for p in rates]):
        if pos >= s_stop:
            s_start, s_stop = around.sentence(pos)
            clauses = []
            sentences.append((s_start, s_stop, clauses))
            c_stop = -1
        if pos >= c_stop:
            c_start, c_stop = around.span(_CLAUSE_END, pos, s_start, s_stop)
            clauses.append([c_start, c_stop, 0, 0])
        clauses[-1][kind] = 1
    state = _Sentence(text, -1, -1, year)
    for s_start, s_stop, sentence_clauses in sentences:
        # a sentence after 「；」 goes on with the topic of the one before (「收到申请74件；
        # 办结73件」)
        goes_on = state.stop == s_start - 1 and text[state.stop] in "；;"
        topic = state.topic if goes_on else None
        state = _Sentence(text, s_start, s_stop, year)
        state.topic = topic
        for c_start, c_stop, has_figure, has_rate in sentence_clauses:
            clause = text[c_start:c_stop]
            if has_figure:
                clause_topic = _figures(words, clause, c_start, state, found)
                state.topic = clause_topic or state.topic
            if has_rate:
                for m in _RATE.finditer(clause):
                    rate = Decimal(m.group("num"))
                    found.append(
                        Mention((), rate, False, clause[max(0, m.start() - 12) : m.end()], True)
                    )
    return found


class _FormatWords:
    """A format's concepts and the patterns that find their words (built once per format)."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.concepts = format_concepts(fmt)
        #: the concepts' words (:func:`_word_pattern`)
        self.pattern = _word_pattern(self.concepts)
        qualifiers = dict.fromkeys(c.qualifier for c in self.concepts if c.qualifier)
        #: any qualifier's words: a figure without a word of its own may be a breakdown
        either = "|".join(w for q in qualifiers for w, _ in q.choices) or "(?!)"
        self.qualifier = re.compile(either)
        #: a concept's or a qualifier's words: a clause without them ties no figure
        self.worded = re.compile(self.pattern.pattern + "|" + either)
        #: those or a topic's (:data:`_TOPIC_WORD`): a clause holding none is passed over
        #: after one search
        self.gate = re.compile(self.worded.pattern + "|" + _TOPIC_WORD.pattern)

    @classmethod
    def of(cls, fmt: Format) -> _FormatWords:
        found = _FORMAT_WORDS.get(fmt.id)
        if found is None:
            found = _FORMAT_WORDS[fmt.id] = cls(fmt)
        return found


_FORMAT_WORDS: dict[str, _FormatWords] = {}


class _Sentence:
    """What reading a sentence's figures keeps from one to the next."""

    def __init__(self, text: str, start: int, stop: int, year: int | None) -> None:
        self.text = text
        self.start = start
        self.stop = stop
        self.year = year
        self.topic: str | None = None
        #: the last figure's mention, and where that figure's words began
        self.last: Mention | None = None
        self.last_words = start
        #: the rows or columns (and their words) each qualifier chose so far
        self.named: dict[Qualifier, set[tuple[tuple[str, ...] | None, str]]] = {}

    def subject(self, q: Qualifier, pos: int) -> tuple[tuple[str, ...] | None, str]:
        """The rows a required qualifier's words chose for the sentence, when the figure's
        own words name none: named before the sentence's first figure (「规范性文件：制发12件」),
        or the one named for its earlier figures (「…制发12件，废止4件」).  Two named: unclear."""
        if self.last is None:
            clear, keys, shown = _qualify(q, self.text[self.start : pos], "")
            return (keys, shown) if clear else (None, "")
        named = self.named.get(q, set())
        return next(iter(named)) if len(named) == 1 else (None, "")

    def other_year(self, pos: int) -> bool:
        """The nearest year named before ``pos`` in the sentence is an earlier one
        (「2024年收到申请120件」 in a 2025 report)."""
        if self.year is None:
            return False
        last = None
        for last in _YEAR.finditer(self.text, max(self.start, pos - _YEAR_REACH), pos):  # noqa: B007
            pass
        return last is not None and int(last.group(1)) < self.year


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
#: How far before a figure a year is taken as its year.
_YEAR_REACH = 100
#: Words of a figure over several years or per period, not the year's count.
_SPAN = re.compile(r"累计|历年|以来|年均|平均|每年|每月|月均|近[一二三四五两几\d]+年")


class Around:
    """The figures of a text, and the sentence or clause around a position."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: the sentence ends the text holds (most reports use two or three of them)
        self.ends = [c for c in _SENTENCE_ENDS if c in text]
        #: the text backwards: searched forwards, it is the text searched backwards
        self.reversed = text[::-1]

    def figures(self) -> list[int]:
        """Where the last numeral of each figure is, in order.

        Units are rare in a report and found with ``str.find`` (a memchr scan); each is read
        backwards to its numeral.  Searching the text for a numeral followed by a unit instead
        tests every character against a set in the regex engine: ten times the cost."""
        text = self.text
        n = len(text)
        found: list[int] = []
        for unit_end in _UNIT_ENDS:
            pos = text.find(unit_end)
            while pos >= 0:
                figure = _FIGURE_BACK.match(self.reversed, n - 1 - pos)
                if figure is not None:
                    found.append(n - figure.end())
                pos = text.find(unit_end, pos + 1)
        found.sort()
        return found

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos`` (not a sentence end): the nearest end each way, found
        with ``str.find`` per sentence end the text holds, each search bounded by the nearest
        end found so far."""
        text = self.text
        start, stop = 0, len(text)
        for end in self.ends:
            before = text.rfind(end, start, pos)
            if before >= 0:
                start = before + 1
            after = text.find(end, pos, stop)
            if after >= 0:
                stop = after
        return start, stop

    def span(self, separator: re.Pattern[str], pos: int, lo: int, hi: int) -> tuple[int, int]:
        """The run between separators around ``pos`` (not a separator), within ``lo:hi``:
        for clauses, a few characters long (a regex search each way is cheapest)."""
        n = len(self.text)
        before = separator.search(self.reversed, n - pos, n - lo)
        after = separator.search(self.text, pos, hi)
        return (lo if before is None else n - before.start()), (
            hi if after is None else after.start()
        )


def sentences_with(around: Around, positions: Iterable[int]) -> list[str]:
    """The sentences holding these positions (sorted), each once, in reading order."""
    text = around.text
    out: list[str] = []
    stop = -1
    for pos in positions:
        if pos >= stop:
            start, stop = around.sentence(pos)
            out.append(text[start:stop])
    return out


def claim_hints(text: str) -> list[int]:
    """Where the text names a review or a lawsuit (:data:`_CLAIM_WORDS`), in order.

    Each word found with ``str.find``; an occurrence inside another (起诉讼) is in the same
    sentence, so the sentences are those a search for 「复议|诉讼|起诉」 would give, at a
    fraction of the cost of a regex testing every character against a set."""
    found: list[int] = []
    for word in _CLAIM_WORDS:
        pos = text.find(word)
        while pos >= 0:
            found.append(pos)
            pos = text.find(word, pos + 1)
    found.sort()
    return found


def _figures(
    words: _FormatWords, clause: str, c_start: int, state: _Sentence, found: list[Mention]
) -> str | None:
    """A clause's figures into ``found``; the topic the clause sets (None: it names none)."""
    # a figure is tied to a concept by a word of the clause (or, for a breakdown such as
    # 「涉及自然人72件」, by a qualifier's word and the figure before), and names a topic by a
    # word of the clause: a clause with none of them (most figures of a report count what
    # the table does not) adds nothing and sets no topic
    if words.gate.search(clause) is None:
        state.last, state.last_words = None, c_start
        return None
    worded = words.worded.search(clause) is not None
    numbers = list(NUMBER.finditer(clause))
    clause_topic = None
    prev_end = 0
    topics: list[tuple[int, int, str]] | None = None
    for k, num in enumerate(numbers):
        next_start = numbers[k + 1].start() if k + 1 < len(numbers) else len(clause)
        value = number_value(num.group("num"))
        if value is None:
            prev_end = num.end()
            continue
        if topics is None:  # the clause's topic words, found once for all its figures
            topics = [(m.start(), m.end(), t) for t, p in TOPICS for m in p.finditer(clause)]
        near = _nearest(topics, num.start())
        if near is not None:
            clause_topic = near
        if num.group("unit") in ("%", "％"):
            prev_end = num.end()
            continue
        mention = None
        # a figure with no word before it (nor one just after it) is passed over at once
        if worded and (
            words.worded.search(clause, prev_end, num.start())
            or words.pattern.search(clause, num.end(), min(next_start, num.end() + 12))
        ):
            before, after = clause[prev_end : num.start()], clause[num.end() : next_start]
            topic = near or clause_topic or state.topic
            figure = _Figure(num, value, c_start, prev_end, before, after, topic)
            mention = _mention(words, state, figure)
        if mention is not None:
            found.append(mention)
        state.last, state.last_words = mention, c_start + prev_end
        prev_end = num.end()
    return clause_topic


@attrs.frozen
class _Figure:
    """A figure of a clause, and the words around it."""

    num: re.Match[str]
    value: int | Decimal
    #: where its clause starts in the text, and where its words start in the clause
    c_start: int
    prev_end: int
    before: str
    after: str
    topic: str | None


def _mention(words: _FormatWords, state: _Sentence, f: _Figure) -> Mention | None:
    """What a figure counts, if its words say so clearly (None: they do not)."""
    if _idiom(f):
        return None
    before, unit = f.before, f.num.group("unit")
    chosen, word_end = _choose(words.pattern, words.concepts, before, f.after, unit, f.topic)
    if chosen and word_end == 0 and not _same_item(words, before, chosen):
        chosen = []
    if len(chosen) == 1 and chosen[0].leaves:
        chosen = _narrowest(words, before, chosen[0], unit, f.topic)
    quote_start = f.c_start + f.prev_end
    if not chosen and words.qualifier.search(before):
        chosen = _lookback(words, state, before, unit, f.topic, quote_start)
        word_end, quote_start = 0, state.last_words
    if not chosen or _doubtful(state, f, chosen):
        return None
    qualifier = chosen[0].qualifier
    keys: tuple[str, ...] | None = None
    shown = ""
    if qualifier is not None and all(c.qualifier == qualifier for c in chosen):
        clear, keys, shown = _qualify(qualifier, before, f.after)
        if clear and keys is None and qualifier.required:
            keys, shown = state.subject(qualifier, quote_start)
        if not clear or (keys is None and qualifier.required):
            return None
        state.named.setdefault(qualifier, set()).add((keys, shown))
    elif any(c.qualifier is not None and c.qualifier.required for c in chosen):
        return None
    # (a clause has no line break, so 「word, white space, end」 is an rstrip away)
    approx = bool(f.num.group("approx")) or before.rstrip().endswith(_APPROX)
    start = max(quote_start, f.c_start + f.num.start() - 30)
    end = f.c_start + f.num.end() + max(0, word_end)
    quote = state.text[start:end].strip().lstrip("、，,；;")
    sentence = state.text[state.start : state.stop]
    return Mention(tuple(chosen), f.value, approx, quote, False, keys, shown, unit, sentence)


def _doubtful(state: _Sentence, f: _Figure, chosen: list[Concept]) -> bool:
    """The words before the figure say it is not this year's count of what was chosen."""
    before = f.before
    if "分别" in before or before.rstrip().endswith("各") or COMPARISON.search(before):
        return True  # 「…分别为72件、3件」, 「各154件」, 「较上年增加20件」: not one count
    if any(c.avoid and _compiled(c.avoid).search(before) for c in chosen):
        return True  # 「行政许可申请」, 「公开行政处罚决定」: another thing
    span = _SPAN.search(before)
    if span and not any(span.group() in c.words for c in chosen):
        return True  # 「近三年累计收到申请500件」: not this year's count
    at = f.c_start + f.num.start()
    if any(c.needs and not _compiled(c.needs).search(state.text, state.start, at) for c in chosen):
        return True  # 「办理」 of what the sentence does not say is an information request
    return state.other_year(at)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _narrowest(
    words: _FormatWords, before: str, group: Concept, unit: str, topic: str | None
) -> list[Concept]:
    """A group's row named before it (「因本机关不掌握相关政府信息无法提供50件」): the figure
    counts that row, not the whole group."""
    fitting = _fitting_words(words.concepts, unit, topic)
    cells = set(concept_cells(words.fmt, group))
    inside = [
        h
        for h in (fitting.matches(before) if fitting is not None else [])
        if h[2] is not group and set(concept_cells(words.fmt, h[2])) < cells
    ]
    return [max(inside, key=lambda h: h[1])[2]] if inside else [group]


def _idiom(f: _Figure) -> bool:
    """A one-character numeral and its unit inside a phrase (「三个第一时间」, 「六个部分」,
    「一件事一次办」): a word, not a count."""
    num = f.num.group("num")
    return len(num) == 1 and not num.isdigit() and f.after[:1] not in _AFTER_A_COUNT


#: What may follow a counted figure: the end of its clause or a separator, not a word.
_AFTER_A_COUNT = ("", "，", ",", "、", "。", "；", ";", "）", ")", "（", "(", " ", "：", ":")


def _same_item(words: _FormatWords, before: str, chosen: list[Concept]) -> bool:
    """The chosen word and the figure are in one item of a list: no 「、」 between them but
    inside a qualifier's words (「收到公民、法人和其他组织的申请17件」).  In 「本报告包括总体
    情况、…、提起行政诉讼的情况、…等6个部分」 the word belongs to another item."""
    last = None
    for last in _own(chosen[-1]).finditer(before):  # noqa: B007  (the nearest one)
        pass
    if last is None:
        return True
    between = words.qualifier.sub("", before[last.end() :])
    return "、" not in between


def _lookback(
    words: _FormatWords,
    state: _Sentence,
    before: str,
    unit: str,
    topic: str | None,
    words_start: int,
) -> list[Concept]:
    """The concept of a breakdown (「收到申请75件，涉及自然人72件」, 「制发规章2件、规范性
    文件5件」): the nearest concept word since the figure before it, or that figure's
    concept, when it is one its qualifier's words narrow."""
    region = state.text[state.last_words : words_start]
    if topic is None:  # 「新收申请中，自然人71件」: the topic is the region's
        topic = _nearest([(m.start(), m.end(), t) for t, p in TOPICS for m in p.finditer(region)],
                         len(region))  # fmt: skip
    fitting = _fitting_words(words.concepts, unit, topic)
    hits = fitting.matches(region) if fitting is not None else []
    if hits:
        hits = [h for h in hits if not h[2].generic] or hits
        concept = max(hits, key=lambda h: (h[1], -h[0]))[2]
    elif state.last is not None and len(state.last.concepts) == 1:
        concept = state.last.concepts[0]  # (its topic was the figure before's)
        if not _unit_fits(concept.units, unit):
            return []
    else:
        return []
    q = concept.qualifier
    return [concept] if q is not None and q.pattern.search(before) else []


def _qualify(q: Qualifier, before: str, after: str) -> tuple[bool, tuple[str, ...] | None, str]:
    """The rows or columns a qualifier's words before the figure (or right after it: 「5件
    规章」) choose: (clear, keys, the words).  Several words joined (「规章和规范性文件」)
    add up; all of them (「公民、法人和其他组织」) are the concept's own cells (keys None);
    words apart are not clear."""
    hits = list(q.pattern.finditer(before))
    if not hits:
        right_after = q.pattern.match(after)
        hits = [right_after] if right_after else []
    if not hits:
        return True, None, ""
    for a, b in itertools.pairwise(hits):
        if not _JOIN.match(before[a.end() : b.start()]):
            return False, None, ""
    text = hits[0].string
    lead = text[: hits[0].start()].lstrip("、，,；; ")  # (not the separator before the figure)
    if _JOINED_BEFORE.search(lead) or JOINED_AFTER.match(text, hits[-1].end()):
        return False, None, ""  # 「自然人和企业」: the words name some of the groups only
    keys = tuple(
        dict.fromkeys(k for h in hits for k in q.choices[int((h.lastgroup or "q0")[1:])][1])
    )
    if q.everything <= set(keys):
        return True, None, ""
    return True, keys, "、".join(h.group() for h in hits)


def _choose(
    pattern: re.Pattern[str],
    concepts: Sequence[Concept],
    before: str,
    after: str,
    unit: str,
    topic: str | None,
) -> tuple[list[Concept], int]:
    """The concepts a figure counts, and how far past the figure their word reaches."""
    if unit in ("%", "％"):
        return [], 0

    # only the concepts that count in this unit and fit the topic can be chosen: only their
    # words are searched for (the same hits, in the same order, as filtering afterwards)
    words = _fitting_words(concepts, unit, topic)
    if words is None:
        return [], 0
    hits = words.matches(before)
    if any(not h[2].generic for h in hits):
        hits = [h for h in hits if not h[2].generic]
    if hits:
        # the word nearest the figure; of words ending there, the longest (未经复议直接起诉
        # rather than 起诉)
        hits.sort(key=lambda h: (h[1], -h[0]))
        chosen = [hits[-1]]
        # 「予以公开及部分公开258件」, 「微信和微博等新媒体发布6869条」: joined concepts add up
        for h in reversed(hits[:-1]):
            if h[1] > chosen[0][0]:
                continue  # a word inside the chosen one (复议 in 未经复议直接起诉)
            gap = before[h[1] : chosen[0][0]]
            if _JOIN.match(gap) and h[2].topic == chosen[0][2].topic:
                chosen.insert(0, h)
            else:
                break
        return list(dict.fromkeys(c for _, _, c in chosen)), 0
    hits = words.matches(after[:12])
    hits.sort(key=lambda h: (h[0], -h[1]))
    if hits and _ADVERB.fullmatch(after[: hits[0][0]]):
        return [hits[0][2]], hits[0][1]
    return [], 0


#: What may stand between a figure and the word after it that says what it counts (「6件
#: 结转下年度」, 「3件均已办结」; not 「12个部门收到申请」).
_ADVERB = re.compile(r"\s*(?:已|均|均已|已经|全部|都|尚|仍|正)?\s*")
