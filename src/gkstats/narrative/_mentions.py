"""Reading a report's text: the figures it quotes and what each one counts.

Each figure with a count unit (件, 条, 次, 起 …) or a rate is tied to what the words next to
it say it counts: the nearest keyword before it in its clause (or right after it), and the
topic of the clause (申请, 复议, 诉讼).  A figure whose meaning is not clear is left out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from ..formats import Format
from ..values import parse_chinese_int
from ._concepts import APPLY, LITIGATION, REVIEW, Concept, format_concepts

TOPICS = ((REVIEW, re.compile(r"复议")), (LITIGATION, re.compile(r"诉讼|起诉")),
           (APPLY, re.compile(r"申请")))  # fmt: skip
_TOPIC_WORD = re.compile("|".join(p.pattern for _, p in TOPICS))

_COUNT_UNITS = "人次|件|条|次|起|宗|个|项|篇|份|场|例"
NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"\s*(?P<approx>余|多)?\s*(?P<unit>" + _COUNT_UNITS + r"|%|％)"
)
#: A figure read backwards from its unit, in the reversed text: the unit, the 余/多, the
#: last numeral (:data:`NUMBER` forwards).  Every figure of a sentence holds one inside the
#: sentence, and none can hide another (only its last character is a numeral).
_FIGURE_BACK = re.compile(
    "(?:"
    + "|".join(unit[::-1] for unit in _COUNT_UNITS.split("|"))
    + r"|%|％)\s*(?:余|多)?\s*[\d零〇一二两三四五六七八九十百千]"
)
#: The characters a unit ends with: the places a figure can end.
_UNIT_ENDS = "".join(dict.fromkeys(unit[-1] for unit in _COUNT_UNITS.split("|"))) + "%％"
#: The characters that end a sentence.
_SENTENCE_ENDS = "。！？!?；;\n"
_CLAUSE_END = re.compile(r"[，,、：:（）()]")
_RATE_WORD = re.compile(r"办结率")
_JOIN = re.compile(r"^\s*(?:和|及|与|以及|或|、)\s*$")
#: Words that make a sentence worth reading for a claim (:func:`_check_claims`).
_CLAIM_WORDS = ("复议", "诉讼", "起诉")
#: Words before a figure that make it approximate: 「约」「超过」…
_APPROX = ("约", "近", "超过", "逾", "多于", "达")
_RATE = re.compile(r"办结率\s*(?:为|达|达到|是)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]")


@attrs.frozen
class Mention:
    """A figure in the text and what it was taken to count."""

    concepts: tuple[Concept, ...]
    value: int | Decimal
    approx: bool
    quote: str
    rate: bool = False


def _number(text: str) -> int | Decimal | None:
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


def _format_patterns(fmt: Format) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """:func:`_word_pattern` of the format's concepts, and the same with the topic words
    (:data:`_TOPIC_WORD`): a clause holding neither is passed over after one search.  Built
    once per format."""
    found = _PATTERNS.get(fmt.id)
    if found is None:
        words = _word_pattern(format_concepts(fmt))
        either = re.compile(words.pattern + "|" + _TOPIC_WORD.pattern)
        found = _PATTERNS[fmt.id] = (words, either)
    return found


_PATTERNS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}


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


def mentions(fmt: Format, text: str) -> list[Mention]:
    """The figures of a narrative that name something the table counts."""
    return read_mentions(fmt, Around(text))


def read_mentions(fmt: Format, around: Around) -> list[Mention]:
    """:func:`mentions`, with the text's :class:`Around` (which the claims read too)."""
    text = around.text
    concepts = format_concepts(fmt)
    pattern, gate = _format_patterns(fmt)
    found: list[Mention] = []
    # Where a figure may be (see _FIGURE_BACK) and where a 办结率 is, each found in one pass
    # over the whole text; only the clauses holding one are read.  A clause without a figure
    # changes no topic, so skipping the others changes nothing found.
    figures = around.figures()
    rates = [m.start() for m in _RATE_WORD.finditer(text)]
    if not figures and not rates:
        return found
    #: per sentence, in reading order: [start, stop, holds a figure, holds a 办结率] per clause
    sentences: list[list[list[int]]] = []
    clauses: list[list[int]] = []
    s_start = s_stop = c_stop = -1
    for pos, kind in sorted([(p, 2) for p in figures] + [(p, 3) for p in rates]):
        if pos >= s_stop:
            s_start, s_stop = around.sentence(pos)
            clauses = []
            sentences.append(clauses)
            c_stop = -1
        if pos >= c_stop:
            c_start, c_stop = around.span(_CLAUSE_END, pos, s_start, s_stop)
            clauses.append([c_start, c_stop, 0, 0])
        clauses[-1][kind] = 1
    for sentence_clauses in sentences:
        topic: str | None = None
        for c_start, c_stop, has_figure, has_rate in sentence_clauses:
            clause = text[c_start:c_stop]
            if has_figure:
                clause_topic = _figures(pattern, gate, concepts, clause, topic, found)
                topic = clause_topic or topic
            if has_rate:
                for m in _RATE.finditer(clause):
                    rate = Decimal(m.group("num"))
                    found.append(
                        Mention((), rate, False, clause[max(0, m.start() - 12) : m.end()], True)
                    )
    return found


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
    pattern: re.Pattern[str],
    gate: re.Pattern[str],
    concepts: Sequence[Concept],
    clause: str,
    topic: str | None,
    found: list[Mention],
) -> str | None:
    """A clause's figures into ``found``; the topic the clause sets (None: it names none)."""
    # a figure is tied to a concept by a word of the clause, and names a topic by a word of
    # the clause: a clause with neither (most figures of a report count what the table does
    # not) adds nothing and sets no topic; ``gate`` looks for both words at once
    if gate.search(clause) is None:
        return None
    worded = pattern.search(clause) is not None
    numbers = list(NUMBER.finditer(clause))
    clause_topic = None
    prev_end = 0
    topics: list[tuple[int, int, str]] | None = None
    for k, num in enumerate(numbers):
        next_start = numbers[k + 1].start() if k + 1 < len(numbers) else len(clause)
        value = _number(num.group("num"))
        if value is None:
            prev_end = num.end()
            continue
        if topics is None:  # the clause's topic words, found once for all its figures
            topics = [(m.start(), m.end(), t) for t, p in TOPICS for m in p.finditer(clause)]
        near = _nearest(topics, num.start())
        if near is not None:
            clause_topic = near
        if not worded:
            continue
        here_topic = near or clause_topic or topic
        unit = num.group("unit")
        before = clause[prev_end : num.start()]
        after = clause[num.end() : next_start]
        chosen, word_end = _choose(pattern, concepts, before, after, unit, here_topic)
        # (a clause has no line break, so 「word, white space, end」 is an rstrip away)
        approx = bool(num.group("approx")) or before.rstrip().endswith(_APPROX)
        if chosen:
            start = max(prev_end, num.start() - 30)
            end = num.end() + max(0, word_end)
            quote = clause[start:end].strip()
            found.append(Mention(tuple(chosen), value, approx, quote))
        prev_end = num.end()
    return clause_topic


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
    if hits and hits[0][0] <= 2:
        return [hits[0][2]], hits[0][1]
    return [], 0
