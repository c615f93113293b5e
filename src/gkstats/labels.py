"""Matching a label as people wrote it to the label the format declares.

Real forms print the official labels with small differences: full- or half-width brackets
and digits (（一） / (一), 1． / 1.), spaces and line breaks inside a cell (「商业\\n企业」,
「自 然 人」), other quote styles (“三安全一稳定” / "三安全一稳定" / 三安全一稳定), a 「其中：」
prefix or not, a trailing colon.  Every reader that looks for a label (workbooks, published
reports) goes through this one module so they all tolerate the same things.

The API is small and stable:

* :func:`normalize_label` — the comparable form of a label;
* :func:`core_label` — the same without its leading enumerator (「1.」, 「（三）」, 「四、」);
* :func:`match_label` — the best candidate for a text, with *how* it matched
  (:class:`How`: exact, normalised, alias, unnumbered, fuzzy), or ``None`` when nothing
  matches or two candidates match equally well (never a guess);
* :class:`LabelIndex` — the same over a fixed set of candidates, precomputed, for readers
  that look up many texts; ``lookup`` returns every match at the best level reached and
  ``lookup_all`` every match at every level, best first, so a caller can decide between
  them by their position in the sheet or the page.

Candidates are anything with a ``label`` and ``aliases`` (the format's
:class:`~gkstats.formats.Node`, or :class:`Candidate`), or plain strings.
"""

from __future__ import annotations

import difflib
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Generic, Protocol, TypeVar, runtime_checkable

import attrs

__all__ = [
    "Candidate",
    "How",
    "LabelIndex",
    "Labelled",
    "Match",
    "core_label",
    "match_label",
    "normalize_label",
]


@runtime_checkable
class Labelled(Protocol):
    """What a candidate needs: the declared label and its known variants."""

    @property
    def label(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


@attrs.frozen
class Candidate:
    """A label to match against, when there is no :class:`~gkstats.formats.Node` for it."""

    key: object
    label: str
    aliases: tuple[str, ...] = ()


class How(str, enum.Enum):
    """How a text matched a candidate, best first."""

    EXACT = "exact"  # the very same characters
    NORMALISED = "normalised"  # equal after normalize_label
    ALIAS = "alias"  # equal (normalised) to one of the candidate's aliases
    UNNUMBERED = "unnumbered"  # equal once both lose their enumerator (1. / （三） / 四、)
    FUZZY = "fuzzy"  # similar enough (difflib ratio of the normalised forms)

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {h: i for i, h in enumerate(How)}

T = TypeVar("T")


@attrs.frozen(cache_hash=True)
class Match(Generic[T]):
    """A candidate that matched a text (hashed once: readers key their notes by it)."""

    target: T
    #: The candidate's text that matched (its label, or the alias).
    label: str
    how: How
    #: 1.0 for every kind but fuzzy, whose score is the similarity ratio.
    score: float = 1.0


# --- normalisation ---------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+")
_QUOTES = "\"'`“”‘’„‟‚‛«»‹›「」『』〝〞〟＂＇"
_TRANSLATE_MAP: dict[str, str | None] = {
    **dict.fromkeys(_QUOTES, None),
    # dashes and the many minus signs
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "﹣": "-",
    # brackets NFKC leaves alone
    "〔": "[", "〕": "]", "【": "[", "】": "]", "〖": "[", "〗": "]",
    "〈": "《", "〉": "》", "︿": "《", "﹀": "》",
    # list punctuation NFKC leaves alone
    "，": ",", "；": ";", "・": "·", "•": "·",
}  # fmt: skip
_TRANSLATE = str.maketrans(_TRANSLATE_MAP)
_CN_NUM = "一二三四五六七八九十百〇零"
#: 「1、」「1)」「1．」 → 「1.」; 「一.」「一，」 → 「一、」; 「(一)、」 → 「(一)」.
_ENUM_FIXES = (
    (re.compile(r"^(\d{1,2})[、.,)](?!\d)"), r"\1."),
    (re.compile(rf"^([{_CN_NUM}]{{1,3}})[.,](?!\d)"), r"\1、"),
    (re.compile(rf"^(\([{_CN_NUM}\d]{{1,3}}\))[、.,]"), r"\1"),
)
_OF_WHICH = re.compile(r"^(?:其中[:,]?)")
_ENUMERATOR = re.compile(rf"^(?:\d{{1,2}}\.|[{_CN_NUM}]{{1,3}}、|\([{_CN_NUM}\d]{{1,3}}\))")


@functools.lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """The form in which two spellings of one label compare equal.

    NFKC (full width → half width), no white space or line breaks, no quote marks, one
    spelling of dashes and enumerators (「1．」「1、」 → 「1.」), no leading 「其中：」 and no
    trailing colon; ASCII letters lower-cased.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text).translate(_TRANSLATE).lower()
    text = _OF_WHICH.sub("", text)
    for pattern, repl in _ENUM_FIXES:
        text = pattern.sub(repl, text, count=1)
    return text.rstrip(":")


@functools.lru_cache(maxsize=8192)
def core_label(text: str) -> str:
    """The normalised label without its leading enumerator: 「（三）不予公开」 → 「不予公开」."""
    norm = normalize_label(text)
    return _ENUMERATOR.sub("", norm, count=1) or norm


# --- matching --------------------------------------------------------------------------


def _texts(candidate: object) -> tuple[str, tuple[str, ...]]:
    if isinstance(candidate, str):
        return candidate, ()
    if isinstance(candidate, Labelled):
        return candidate.label, tuple(candidate.aliases)
    raise TypeError(f"not a label candidate: {candidate!r}")


class LabelIndex(Generic[T]):
    """Candidates prepared once, for looking up many texts.

    ``lookup`` gives every candidate that matches at the best level reached (exact beats
    normalised beats alias …); ``best`` gives the single best one or ``None`` if that level
    has more than one candidate.
    """

    def __init__(self, candidates: Iterable[T], *, fuzzy: float = 0.9) -> None:
        self.candidates: tuple[T, ...] = tuple(candidates)
        self.fuzzy = fuzzy
        self._exact: dict[str, list[tuple[int, str]]] = {}
        self._norm: dict[str, list[tuple[int, str]]] = {}
        self._alias: dict[str, list[tuple[int, str]]] = {}
        self._core: dict[str, list[tuple[int, str]]] = {}
        self._fuzzy: list[tuple[int, str, str]] = []
        for i, cand in enumerate(self.candidates):
            label, aliases = _texts(cand)
            self._exact.setdefault(label, []).append((i, label))
            self._norm.setdefault(normalize_label(label), []).append((i, label))
            self._core.setdefault(core_label(label), []).append((i, label))
            self._fuzzy.append((i, label, normalize_label(label)))
            for alias in aliases:
                self._alias.setdefault(normalize_label(alias), []).append((i, alias))
                self._core.setdefault(core_label(alias), []).append((i, alias))

    def lookup(self, text: str, *, fuzzy: bool = True) -> list[Match[T]]:
        """Every match at the best level reached (several when the text is ambiguous)."""
        if not text:
            return []
        hits = self._exact.get(text)
        if hits:
            return self._matches(hits, How.EXACT)
        norm = normalize_label(text)
        if not norm:
            return []
        for table, how in ((self._norm, How.NORMALISED), (self._alias, How.ALIAS)):
            hits = table.get(norm)
            if hits:
                return self._matches(hits, how)
        hits = self._core.get(core_label(text))
        if hits:
            return self._matches(hits, How.UNNUMBERED)
        if not fuzzy or len(norm) < 4:
            return []
        return self._fuzzy_matches(norm)

    def lookup_all(self, text: str, *, fuzzy: bool = True) -> list[Match[T]]:
        """Every match at every level, best level first (one entry per candidate).

        For a reader that decides by position: 「总计」 in a row-label column may be a row
        written without its 「（七）」, although it equals the 总计 column's label.
        """
        if not text:
            return []
        norm = normalize_label(text)
        if not norm:
            return []
        found: dict[int, Match[T]] = {}
        levels = (
            (self._exact.get(text), How.EXACT),
            (self._norm.get(norm), How.NORMALISED),
            (self._alias.get(norm), How.ALIAS),
            (self._core.get(core_label(text)), How.UNNUMBERED),
        )
        for hits, how in levels:
            for i, label in hits or ():
                found.setdefault(i, Match(self.candidates[i], label, how))
        if fuzzy and len(norm) >= 4 and not found:
            found = self._fuzzy_scan(norm)
        return sorted(found.values(), key=lambda m: (m.how.rank, -m.score))

    def best(self, text: str, *, fuzzy: bool = True) -> Match[T] | None:
        found = self.lookup(text, fuzzy=fuzzy)
        if not found:
            return None
        if len({id(m.target) for m in found}) > 1:
            top = found[0].score
            tied = {id(m.target) for m in found if m.score >= top - 1e-9}
            if len(tied) > 1:
                return None
        return found[0]

    def _matches(self, hits: list[tuple[int, str]], how: How) -> list[Match[T]]:
        seen: dict[int, Match[T]] = {}
        for i, label in hits:
            seen.setdefault(i, Match(self.candidates[i], label, how))
        return list(seen.values())

    def _fuzzy_matches(self, norm: str) -> list[Match[T]]:
        return sorted(self._fuzzy_scan(norm).values(), key=lambda m: -m.score)

    def _fuzzy_scan(self, norm: str) -> dict[int, Match[T]]:
        found: dict[int, Match[T]] = {}
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(norm)
        for i, label, cand in self._fuzzy:
            shorter, longer = sorted((len(cand), len(norm)))
            if not shorter or 2 * shorter / (shorter + longer) < self.fuzzy:
                continue
            matcher.set_seq1(cand)
            if matcher.real_quick_ratio() < self.fuzzy or matcher.quick_ratio() < self.fuzzy:
                continue
            score = matcher.ratio()
            if score >= self.fuzzy and (i not in found or found[i].score < score):
                found[i] = Match(self.candidates[i], label, How.FUZZY, score)
        return found


def match_label(
    text: str, candidates: Sequence[T] | LabelIndex[T], *, fuzzy: float | None = 0.9
) -> Match[T] | None:
    """The one candidate ``text`` stands for, and how it matched; ``None`` if none or tied.

    ``fuzzy`` is the smallest similarity ratio accepted for a fuzzy match (``None`` switches
    fuzzy matching off).
    """
    if isinstance(candidates, LabelIndex):
        index = candidates
    else:
        index = LabelIndex(candidates, fuzzy=fuzzy if fuzzy is not None else 1.0)
    return index.best(text, fuzzy=fuzzy is not None)


# --- text in which labels are searched (published reports) -------------------------------

#: As the label normalisation, but quote marks become spaces instead of vanishing, so a text
#: keeps its white space (the separators between figures) and its length stays predictable.
_FOLD = str.maketrans(
    {
        **_TRANSLATE_MAP,
        **dict.fromkeys(_QUOTES, " "),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", None),
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
    }
)
_NOTE = re.compile(r"\([^()]*\)$")
#: Characters whose NFKC form is one plain character: full-width ASCII, the ideographic and
#: the no-break space — nearly all that a Chinese page needs folded.  Replacing them keeps the
#: compatibility decomposition, hence the NFKC form, of the text the same.
_WIDE_PAIRS = (
    *((chr(c), chr(c - 0xFEE0)) for c in range(0xFF01, 0xFF5F)),
    ("\u3000", " "),
    ("\u00a0", " "),
)
#: The few of them a Chinese page holds: once these are replaced, a text that NFKC leaves
#: alone holds none of the others (NFKC changes every one of them).
_WIDE_COMMON = tuple(
    (old, new) for old, new in _WIDE_PAIRS if old in "，（）：；！？％．／\u3000\u00a0"
)
#: _FOLD as (character, replacement) pairs: replacing the few a text holds is many times
#: faster than ``str.translate`` going through a dict character by character (no
#: replacement is itself replaced, so the order does not matter).  Characters NFKC changes
#: are left out: they are gone from the text by the time it is folded.
_FOLD_PAIRS = tuple(
    (chr(k), v or "") for k, v in _FOLD.items() if unicodedata.is_normalized("NFKC", chr(k))
)


def _replace_present(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, without normalising a long text that is
    already normal once its full-width characters are replaced (the usual case)."""
    text = _replace_present(text, _WIDE_COMMON)
    if unicodedata.is_normalized("NFKC", text):
        return text  # no full-width character left (checking for each costs more)
    text = _replace_present(text, _WIDE_PAIRS)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def fold_text(text: str) -> str:
    """A whole text folded the way :func:`normalize_label` folds a label, white space kept.

    A label's :func:`core_label` (white space removed) is then found in the folded text with
    its white space removed: the published-report parser searches run-together pages this way.
    """
    return _replace_present(_nfkc(text), _FOLD_PAIRS)


def bare_label(text: str) -> str:
    """The normalised label without a trailing note in brackets.

    「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」 → 「(二)部分公开」: real forms
    often leave the note out, or put it in a cell of its own.
    """
    norm = normalize_label(text)
    bare = _NOTE.sub("", norm)
    return bare if len(bare) >= 2 else norm


__all__ += ["bare_label", "fold_text"]
