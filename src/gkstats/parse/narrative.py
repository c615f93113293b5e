"""The narrative against the table (L-16, F19-15, F21-14).

Reports quote their own figures in the text: 「本年度共收到申请70件，办结69件，1件结转下年度」,
「行政复议36起，行政诉讼9起」, 「办结率100%」, 「均获维持」.  Each figure with a count unit
(件, 条, 次, 起 …) or a rate is tied to what the words next to it say it counts — the nearest
keyword before it in its clause (or right after it), and the topic of the clause (申请,
复议, 诉讼) — and compared with the cells that count the same thing.  A figure whose meaning
is not clear is left alone: a wrong 「mismatch」 would be worse than a missed one.

The keywords are the narrative's vocabulary, not the table's labels; the cells each concept
adds up are named by their keys in the declaration (``t3.new.total``), and group concepts
(不予公开, 无法提供 …) add the group's rows as the declaration lists them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from ..check import cell_ref
from ..findings import Finding, RuleSummary
from ..formats import Format, Node
from ..labels import bare_label, core_label
from ..rules._model import Item, Message, Rule, RuleKind, Severity
from ..table import Table
from ..values import Unreadable, format_number, parse_chinese_int
from ._index import format_index

RULE_IDS = {"legacy": "L-16", "f2019": "F19-15", "f2021": "F21-14"}
_SOURCES = {
    "legacy": "spec §4.1 L-16（XZ2017）",
    "f2019": "国办公开办函〔2019〕60号；spec §4.2 F19-15",
    "f2021": "国办公开办函〔2021〕30号；spec §4.3 F21-14",
}

APPLY, REVIEW, LITIGATION = "apply", "review", "litigation"
_TOPICS = ((REVIEW, re.compile(r"复议")), (LITIGATION, re.compile(r"诉讼|起诉")),
           (APPLY, re.compile(r"申请")))  # fmt: skip
_TOPIC_WORD = re.compile("|".join(p.pattern for _, p in _TOPICS))

_COUNT_UNITS = "人次|件|条|次|起|宗|个|项|篇|份|场|例"
_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"\s*(?P<approx>余|多)?\s*(?P<unit>" + _COUNT_UNITS + r"|%|％)"
)
#: A figure read backwards from its unit, in the reversed text: the unit, the 余/多, the
#: last numeral (:data:`_NUMBER` forwards).  Every figure of a sentence holds one inside the
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
_NONE = re.compile(
    r"(?:(?:未|没有)(?:收到|发生|产生|接到|受理|出现|被申请|被提起|有)|无(?=行政|复议|诉讼))"
    r"[^，。；,;]{0,24}?(行政复议|行政诉讼|复议|诉讼)"
)
_ALL_UPHELD = re.compile(r"(?:均|全部|都|皆)(?:获|被|予以|得到|依法)?(?:维持|胜诉)")
#: Words that make a sentence worth reading for a claim (:func:`_check_claims`).
_CLAIM_WORDS = ("复议", "诉讼", "起诉")
#: Words before a figure that make it approximate: 「约」「超过」…
_APPROX = ("约", "近", "超过", "逾", "多于", "达")
_RATE = re.compile(r"办结率\s*(?:为|达|达到|是)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]")


@attrs.frozen
class Concept:
    key: str
    zh: str
    en: str
    #: The narrative words that place a figure under this concept.
    words: str
    #: (table key, row node key, column key): the cells that count it.
    where: tuple[str, str, str]
    units: str = "件|条|个|宗|份"
    #: The clause must be about this (申请, 复议, 诉讼); None: the words say it all.
    topic: str | None = None
    #: Add up the row's data descendants (a group such as （三）不予公开).
    leaves: bool = False
    #: The words are specific enough when the clause names no topic at all (上年结转).
    loose: bool = False
    #: Generic words (公开政府信息): taken only when no more specific word is there
    #: (「其他方式公开政府信息1条」 is 其他方式, not the total).
    generic: bool = False


_T4 = "件|起|宗|个|例|次"
_NATIONAL = (
    Concept(
        "carried_in",
        "上年结转申请",
        "applications carried over from last year",
        r"上一?年度?结转|上一?年度?转入",
        ("t3", "carried", "total"),
        topic=APPLY,
        loose=True,
    ),
    Concept(
        "carry_forward",
        "结转下年度继续办理",
        "applications carried forward",
        r"结转|转入下一?年度?|继续办理|尚在办理|正在办理",
        ("t3", "carry_forward", "total"),
        topic=APPLY,
        loose=True,
    ),
    Concept(
        "received",
        "收到申请",
        "applications received",
        r"新收|收到|接到|受理|接收|收悉|共收",
        ("t3", "new", "total"),
        topic=APPLY,
    ),
    Concept(
        "concluded",
        "办结申请",
        "applications concluded",
        r"办结|办理完毕|已办理|处理完毕|完成办理|作出答复|答复",
        ("t3", "total", "total"),
        topic=APPLY,
    ),
    Concept("partial", "部分公开", "partly disclosed", r"部分公开", ("t3", "partial", "total")),
    Concept("refused", "不予公开", "refused", r"不予公开", ("t3", "refused", "total"), leaves=True),
    Concept(
        "disclosed",
        "予以公开",
        "disclosed",
        r"予以公开|同意公开|全部公开",
        ("t3", "disclosed", "total"),
    ),
    Concept(
        "unable",
        "无法提供",
        "cannot be provided",
        r"无法提供",
        ("t3", "unable", "total"),
        leaves=True,
    ),
    Concept(
        "not_processed",
        "不予处理",
        "not processed",
        r"不予处理",
        ("t3", "not_processed", "total"),
        leaves=True,
    ),
    Concept(
        "other",
        "其他处理",
        "otherwise handled",
        r"其他处理|其他方式处理",
        ("t3", "other", "total"),
        leaves=True,
    ),
    Concept(
        "review_pending",
        "行政复议尚未审结",
        "reviews pending",
        r"尚未审结|未审结|尚在审理|正在审理|审理中",
        ("t4", "review", "pending"),
        _T4,
        REVIEW,
    ),
    Concept(
        "review_corrected",
        "行政复议结果纠正",
        "reviews corrected",
        r"纠正|纠错|撤销|确认违法",
        ("t4", "review", "corrected"),
        _T4,
        REVIEW,
    ),
    Concept(
        "review_upheld",
        "行政复议结果维持",
        "reviews upheld",
        r"维持",
        ("t4", "review", "upheld"),
        _T4,
        REVIEW,
    ),
    Concept(
        "litigation_pending",
        "行政诉讼尚未审结",
        "lawsuits pending",
        r"尚未审结|未审结|尚在审理|正在审理|审理中",
        ("t4", "litigation", "pending"),
        _T4,
        LITIGATION,
        leaves=True,
    ),
    Concept(
        "litigation_corrected",
        "行政诉讼结果纠正",
        "lawsuits corrected",
        r"纠正|纠错|撤销|确认违法|败诉",
        ("t4", "litigation", "corrected"),
        _T4,
        LITIGATION,
        leaves=True,
    ),
    Concept(
        "litigation_upheld",
        "行政诉讼结果维持",
        "lawsuits upheld",
        r"维持|胜诉|驳回",
        ("t4", "litigation", "upheld"),
        _T4,
        LITIGATION,
        leaves=True,
    ),
    Concept(
        "review",
        "行政复议",
        "administrative reviews",
        r"行政复议|复议",
        ("t4", "review", "total"),
        _T4,
    ),
    Concept(
        "litigation_direct",
        "未经复议直接起诉",
        "lawsuits without review",
        r"未经复议直接起诉|直接起诉|直接提起(?:行政)?诉讼",
        ("t4", "direct", "total"),
        _T4,
    ),
    Concept(
        "litigation_after_review",
        "复议后起诉",
        "lawsuits after review",
        r"复议后起诉|复议后提起(?:行政)?诉讼",
        ("t4", "after_review", "total"),
        _T4,
    ),
    Concept(
        "litigation",
        "行政诉讼",
        "lawsuits",
        r"行政诉讼|诉讼|起诉",
        ("t4", "litigation", "total"),
        _T4,
        leaves=True,
    ),
)
_LEGACY = (
    Concept(
        "received",
        "收到申请",
        "applications received",
        r"新收|收到|接到|受理|接收|收悉|共收",
        ("l", "app_received", ""),
        topic=APPLY,
    ),
    Concept(
        "concluded",
        "申请办结",
        "applications concluded",
        r"办结|办理完毕|处理完毕|完成办理",
        ("l", "app_concluded", ""),
        topic=APPLY,
    ),
    Concept(
        "answered",
        "申请答复",
        "applications answered",
        r"作出答复|答复",
        ("l", "app_answered", ""),
        generic=True,
        topic=APPLY,
    ),
    Concept(
        "review", "行政复议", "administrative reviews", r"行政复议|复议", ("l", "review", ""), _T4
    ),
    Concept(
        "litigation", "行政诉讼", "lawsuits", r"行政诉讼|诉讼|起诉", ("l", "litigation", ""), _T4
    ),
    Concept(
        "website",
        "政府网站公开",
        "published on the website",
        r"政府网站|门户网站|信息公开平台|公开平台",
        ("l", "pub_website", ""),
        "条",
    ),
    Concept(
        "gazette",
        "政府公报公开",
        "published in the gazette",
        r"政府公报|公报",
        ("l", "pub_gazette", ""),
        "条",
    ),
    Concept("weibo", "政务微博公开", "published on weibo", r"微博", ("l", "pub_weibo", ""), "条"),
    Concept(
        "wechat", "政务微信公开", "published on wechat", r"微信", ("l", "pub_wechat", ""), "条"
    ),
    Concept(
        "pub_other",
        "其他方式公开",
        "published otherwise",
        r"其他方式|其它方式|其他渠道",
        ("l", "pub_other", ""),
        "条",
    ),
    Concept(
        "pub_total",
        "主动公开政府信息",
        "information published proactively",
        r"主动公开|公开政府信息",
        ("l", "pub_total", ""),
        "条",
        generic=True,
    ),
    Concept(
        "pub_normative_made",
        "制发规范性文件",
        "normative documents issued",
        r"制发(?:的)?规范性文件",
        ("l", "pub_normative_made", ""),
        "件",
    ),
    Concept(
        "pub_normative",
        "主动公开规范性文件",
        "normative documents published",
        r"规范性文件",
        ("l", "pub_normative", ""),
        "条",
    ),
    Concept(
        "responses",
        "回应热点舆情",
        "responses to public concerns",
        r"舆情|热点|回应关切|回应社会关切",
        ("l", "resp_total", ""),
        "次",
    ),
    Concept(
        "press",
        "新闻发布会",
        "press conferences",
        r"新闻发布会|发布会",
        ("l", "resp_press", ""),
        "次|场",
    ),
    Concept(
        "interviews",
        "在线访谈",
        "online interviews",
        r"在线访谈|访谈",
        ("l", "resp_interview", ""),
        "次|场|期",
    ),
)


def _concepts(fmt: Format) -> tuple[Concept, ...]:
    found = _BY_FORMAT.get(fmt.id)
    if found is None:
        hand = _LEGACY if fmt.id == "legacy" else _NATIONAL
        found = _BY_FORMAT[fmt.id] = hand + _derived(fmt, hand)
    return found


_BY_FORMAT: dict[str, tuple[Concept, ...]] = {}
_TRAILING = re.compile(r"(?:数|数量)$")


def _derived(fmt: Format, hand: tuple[Concept, ...]) -> tuple[Concept, ...]:
    """One concept per leaf row, its words the row's own label (「1.当面申请数」 → 当面申请,
    「涉及个人隐私」, 「2.重复申请」): a figure next to a row's name counts that row."""
    taken = {w for c in hand for w in c.words.split("|")}
    out: list[Concept] = []
    for spec in fmt.cells:
        if spec.table.one_line or spec.table.key == "t2":
            continue
        if spec.column.key not in ("", "total"):
            continue
        word = _TRAILING.sub("", core_label(bare_label(spec.row.label)))
        if len(word) < 4 or word in taken:
            continue
        path = "".join(n.label for n in spec.row_path[:-1])
        topic = REVIEW if "复议" in path else LITIGATION if "诉讼" in path else None
        units = "件|条|个|宗|份" if spec.unit in ("件", "条", "") else re.escape(spec.unit)
        out.append(
            Concept(
                f"row:{spec.row.key}",
                spec.row.label,
                spec.row.key,
                re.escape(word),
                (spec.table.key, spec.row.key, spec.column.key),
                units,
                topic,
            )
        )
    return tuple(out)


def _node(fmt: Format, table_key: str, row_key: str) -> Node | None:
    table = next((t for t in fmt.tables if t.key == table_key), None)
    if table is None:
        return None
    for block in table.blocks:
        for top in block.rows:
            for _, node in top.walk():
                if node.key == row_key:
                    return node
    return None


def concept_cells(fmt: Format, concept: Concept) -> tuple[str, ...]:
    """The cells a concept adds up, named through the declaration."""
    key = (fmt.id, concept.key, concept.where)
    found = _CELLS.get(key)
    if found is None:
        found = _CELLS[key] = _concept_cells(fmt, concept)
    return found


_CELLS: dict[tuple[str, str, tuple[str, str, str]], tuple[str, ...]] = {}


def _concept_cells(fmt: Format, concept: Concept) -> tuple[str, ...]:
    table_key, row_key, column_key = concept.where
    node = _node(fmt, table_key, row_key)
    if node is None:
        return ()
    rows = [node]
    if concept.leaves and node.children:
        rows = [n for _, n in node.walk() if n.data and not n.children and n is not node]
    suffix = f".{column_key}" if column_key else ""
    ids = tuple(f"{table_key}.{n.key}{suffix}" for n in rows)
    return tuple(i for i in ids if fmt.has_cell(i))


def narrative_rules(fmt: Format) -> tuple[Rule, ...]:
    """The text-match rule of a format, with the cells its concepts read (built once per
    format, as its concepts are: every parse asks for it twice)."""
    found = _RULES.get(fmt.id)
    if found is None:
        found = _RULES[fmt.id] = _narrative_rules(fmt)
    return found


_RULES: dict[str, tuple[Rule, ...]] = {}


def _narrative_rules(fmt: Format) -> tuple[Rule, ...]:
    items = tuple(Item(cells) for c in _concepts(fmt) if (cells := concept_cells(fmt, c)))
    rule_id = RULE_IDS[fmt.id]
    return (
        Rule(
            id=rule_id,
            kind=RuleKind.TEXT,
            severity=Severity.WARNING,
            title=Message(
                "正文引用的数字应与表格一致", "figures quoted in the text match the table"
            ),
            items=items,
            description=Message(
                "正文中的收到、办结、结转申请数，主要办理结果，行政复议、行政诉讼数量及结果，"
                "办结率等数字，应与统计表相应单元格一致",
                "applications received, concluded and carried over, the main outcomes, review "
                "and lawsuit counts and results, and rates quoted in the text equal the table",
            ),
            source=_SOURCES[fmt.id],
        ),
    )


# --- reading the text -------------------------------------------------------------------


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
    """The topic whose word is nearest ``pos`` (the first of equals, in _TOPICS order)."""
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
        words = _word_pattern(_concepts(fmt))
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
    return _mentions(fmt, _Around(text))


def _mentions(fmt: Format, around: _Around) -> list[Mention]:
    """:func:`mentions`, with the text's :class:`_Around` (which the claims read too)."""
    text = around.text
    concepts = _concepts(fmt)
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


class _Around:
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


def _sentences_with(around: _Around, positions: Iterable[int]) -> list[str]:
    """The sentences holding these positions (sorted), each once, in reading order."""
    text = around.text
    out: list[str] = []
    stop = -1
    for pos in positions:
        if pos >= stop:
            start, stop = around.sentence(pos)
            out.append(text[start:stop])
    return out


def _claim_hints(text: str) -> list[int]:
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
    numbers = list(_NUMBER.finditer(clause))
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
            topics = [(m.start(), m.end(), t) for t, p in _TOPICS for m in p.finditer(clause)]
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


# --- comparing ---------------------------------------------------------------------------


def _table_value(table: Table, cells: Iterable[str], unread: set[str]) -> int | Decimal | None:
    """The table's figure for some cells: blank counts 0 if any is filled, a blank total its
    parts; ``None`` when nothing is filled or a cell could not be read."""
    parts_of = format_index(table.format).parts
    total: int | Decimal = 0
    filled = False
    for cid in cells:
        if cid in unread:
            return None
        v = table[cid]
        if v is None and cid in parts_of:
            parts = [table[p] for p in parts_of[cid]]
            if any(p in unread for p in parts_of[cid]):
                return None
            if any(isinstance(p, (int, Decimal)) for p in parts):
                v = sum(p for p in parts if isinstance(p, (int, Decimal)))
        if isinstance(v, Unreadable):
            return None
        if v is not None:
            total += v
            filled = True
    return total if filled else None


def check_narrative(
    table: Table, text: str, unread: Iterable[str] = ()
) -> tuple[tuple[RuleSummary, ...], tuple[Finding, ...]]:
    """Compare every figure the text quotes with the table; one summary row, findings."""
    fmt = table.format
    rule = narrative_rules(fmt)[0]
    unread_set = set(unread)
    findings: list[Finding] = []
    items = passes = fails = na = 0
    around = _Around(text)
    for mention in _mentions(fmt, around):
        if mention.rate:
            outcome = _check_rate(table, rule, mention, unread_set)
        else:
            outcome = _check_count(table, rule, mention, unread_set)
        if outcome is None:
            continue
        items += 1
        status, finding = outcome
        if status == "pass":
            passes += 1
        elif status == "fail":
            fails += 1
        else:
            na += 1
        if finding is not None:
            findings.append(finding)
    for sentence in _sentences_with(around, _claim_hints(text)):
        for outcome in _check_claims(table, rule, sentence, unread_set):
            items += 1
            status, finding = outcome
            if status == "pass":
                passes += 1
            elif status == "fail":
                fails += 1
            else:
                na += 1
            if finding is not None:
                findings.append(finding)
    summary = RuleSummary(rule.id, rule.severity, rule.kind, items, passes, fails, na)
    return (summary,), tuple(findings)


def _names(concepts: Sequence[Concept], lang: str) -> str:
    return ("+" if lang == "en" else "与").join(c.zh if lang == "zh" else c.en for c in concepts)


def _check_count(
    table: Table, rule: Rule, m: Mention, unread: set[str]
) -> tuple[str, Finding | None] | None:
    fmt = table.format
    cells = tuple(cid for c in m.concepts for cid in concept_cells(fmt, c))
    if not cells:
        return None
    value = _table_value(table, cells, unread)
    name_zh, name_en = _names(m.concepts, "zh"), _names(m.concepts, "en")
    if value is None:
        msg = Message(
            f"{rule.id} 正文「{m.quote}」提到{name_zh} {format_number(m.value)}，"
            "表中相应单元格空白或未能读出，无法核对",
            f"{rule.id} the text [{m.quote}] gives {name_en} {format_number(m.value)}; the "
            "table's cells are blank or unread, so it cannot be checked",
        )
        return "not_assessable", _finding(table, rule, cells, msg, Severity.INFO, "not_assessable")
    ok = value >= m.value if m.approx else value == m.value
    if ok:
        return "pass", None
    msg = Message(
        f"{rule.id} 正文「{m.quote}」中{name_zh}为 {format_number(m.value)}"
        f"{'余' if m.approx else ''}，表中为 {format_number(value)}，不一致",
        f"{rule.id} the text [{m.quote}] gives {name_en} {format_number(m.value)}"
        f"{' or more' if m.approx else ''}, the table {format_number(value)}",
    )
    return "fail", _finding(table, rule, cells, msg, rule.severity, "fail", m.value, value)


def _check_rate(
    table: Table, rule: Rule, m: Mention, unread: set[str]
) -> tuple[str, Finding | None] | None:
    fmt = table.format
    concepts = {c.key: c for c in _concepts(fmt)}
    done_cells = concept_cells(fmt, concepts["concluded"])
    base_cells = concept_cells(fmt, concepts["received"])
    if "carried_in" in concepts:
        base_cells += concept_cells(fmt, concepts["carried_in"])
    done = _table_value(table, done_cells, unread)
    base = _table_value(table, base_cells, unread)
    cells = (*done_cells, *base_cells)
    if done is None or base is None or base == 0:
        return None
    rate = Decimal(done) * 100 / Decimal(base)
    exponent = m.value.as_tuple().exponent if isinstance(m.value, Decimal) else 0
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    tolerance = Decimal(1).scaleb(-places) / 2 if places else Decimal("0.5")
    if abs(rate - Decimal(m.value)) <= tolerance:
        return "pass", None
    shown = rate.quantize(Decimal("0.1"))
    msg = Message(
        f"{rule.id} 正文「{m.quote}」，按表中办结 {format_number(done)}、"
        f"收到 {format_number(base)} 计算办结率为 {shown}%，不一致",
        f"{rule.id} the text [{m.quote}]; the table gives {format_number(done)} concluded of "
        f"{format_number(base)}, a rate of {shown}%",
    )
    return "fail", _finding(table, rule, cells, msg, rule.severity, "fail", m.value, shown)


def _check_claims(
    table: Table, rule: Rule, sentence: str, unread: set[str]
) -> list[tuple[str, Finding | None]]:
    """「均获维持」 and 「未收到…行政复议」: claims about table 四 without a figure per result."""
    fmt = table.format
    out: list[tuple[str, Finding | None]] = []
    concepts = {c.key: c for c in _concepts(fmt)}
    upheld = _ALL_UPHELD.search(sentence)
    if upheld and "review_upheld" in concepts:
        for topic, key in ((REVIEW, "review"), (LITIGATION, "litigation")):
            if not dict(_TOPICS)[topic].search(sentence[: upheld.start()]):
                continue
            total_cells = concept_cells(fmt, concepts[key])
            kept_cells = concept_cells(fmt, concepts[f"{key}_upheld"])
            total = _table_value(table, total_cells, unread)
            kept = _table_value(table, kept_cells, unread)
            if total is None or kept is None or total == 0:
                continue
            if total == kept:
                out.append(("pass", None))
                continue
            quote = sentence[max(0, upheld.start() - 30) : upheld.end()].strip()
            name = concepts[key]
            msg = Message(
                f"{rule.id} 正文「{quote}」称{name.zh}均获维持，但表四{name.zh}共 "
                f"{format_number(total)} 件，结果维持仅 {format_number(kept)} 件"
                "（其余为纠正、其他结果或尚未审结）",
                f"{rule.id} the text [{quote}] says all {name.en} were upheld, but table 四 "
                f"has {format_number(total)} of which {format_number(kept)} upheld (the rest "
                "corrected, other or pending)",
            )
            cells = (*kept_cells, *total_cells)
            out.append(
                ("fail", _finding(table, rule, cells, msg, rule.severity, "fail", total, kept))
            )
    for m in _NONE.finditer(sentence):
        if _NUMBER.search(sentence[m.start() : m.end()]):
            continue
        word = m.group(1)
        key = "review" if "复议" in word else "litigation"
        cells = concept_cells(fmt, concepts[key])
        value = _table_value(table, cells, unread)
        if value is None:
            continue
        if value == 0:
            out.append(("pass", None))
            continue
        quote = sentence[m.start() : m.end()].strip()
        msg = Message(
            f"{rule.id} 正文「{quote}」称没有{concepts[key].zh}，表中为 {format_number(value)}",
            f"{rule.id} the text [{quote}] says there were no {concepts[key].en}; the table "
            f"has {format_number(value)}",
        )
        out.append(("fail", _finding(table, rule, cells, msg, rule.severity, "fail", 0, value)))
    return out


def _finding(
    table: Table,
    rule: Rule,
    cells: Sequence[str],
    message: Message,
    severity: Severity,
    status: str,
    lhs: int | Decimal | None = None,
    rhs: int | Decimal | None = None,
) -> Finding:
    return Finding(
        rule=rule.id,
        severity=severity,
        status=status,
        cells=tuple(cell_ref(table, c) for c in dict.fromkeys(cells)),
        message=message,
        title=rule.title,
        lhs=lhs,
        rhs=rhs,
        imbalance=None if lhs is None or rhs is None else lhs - rhs,
    )


__all__ = ["RULE_IDS", "Concept", "Mention", "check_narrative", "mentions", "narrative_rules"]
