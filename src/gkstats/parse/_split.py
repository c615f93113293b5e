"""Splitting figures that a page ran together: 「640020470」 → 64, 0, 0, 2, 0, 4, 70.

A run is cut into *pieces* at white space, units and blank marks (a cell never spans
them); each piece is then cut into cells.  A cell is a number as people write it: no
leading zero (「0」 itself aside), a decimal point only in an amount, a sign only where
the cell is signed.  Among the cuts, only those that keep the format's totals true are
kept: when a total comes after its parts its value is forced (the sum), so the search
only tries the parts, and a part is dropped as soon as the sum of the parts so far could
not fit in the digits that are left.  Every surviving cut is returned; choosing between
several is not this module's business (the caller says "ambiguous").

No regular expression here repeats over digits inside another repetition: a run of
thousands of digits costs linear time to cut into pieces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import attrs

from ..formats import Kind

UNITS = ("万元", "人次", "元", "件", "条", "次", "个", "项", "篇", "人", "起", "家", "份")
_UNIT = "|".join(UNITS)
_PIECE = re.compile(
    r"(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)(?P<unit>" + _UNIT + r")?"
    r"|(?P<unit_only>" + _UNIT + r")"
    r"|(?P<blank>[—–―\-/\\／]+|无)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
MAX_DIGITS = 15
#: Beyond this many search steps a run is reported ambiguous rather than searched further.
NODE_BUDGET = 30_000
MAX_SOLUTIONS = 400


@attrs.frozen
class Piece:
    body: str
    unit: str | None = None
    blank: bool = False
    #: A number written with thousands separators: exactly one cell.
    whole: bool = False


def pieces(run: str) -> tuple[list[Piece], list[str]]:
    """The pieces of a run, and the units written alone in it (「万元」 in a unit column)."""
    out: list[Piece] = []
    lone_units: list[str] = []
    for m in _PIECE.finditer(run):
        if m.group("num"):
            body = m.group("num")
            if "," in body:
                if _GROUPED.fullmatch(body.lstrip("+-")):
                    out.append(Piece(body.replace(",", ""), m.group("unit"), whole=True))
                    continue
                parts = [p for p in body.split(",") if p]
                out += [Piece(p) for p in parts[:-1]]
                out.append(Piece(parts[-1], m.group("unit")))
                continue
            out.append(Piece(body, m.group("unit")))
        elif m.group("unit_only"):
            lone_units.append(m.group("unit_only"))
        elif m.group("blank"):
            out.append(Piece("", blank=True))
        elif m.group("other"):
            # a stray character (a bracket, a letter): treat it as a separator
            continue
    return out, lone_units


@attrs.frozen
class Group:
    """A declared total among the slots: ``total`` == sum of ``parts`` (slot indexes)."""

    total: int
    parts: tuple[int, ...]


def _valid(text: str, kind: Kind) -> bool:
    if not text:
        return False
    body = text
    if kind is Kind.SIGNED and body[0] in "+-":
        body = body[1:]
        if not body:
            return False
    if kind is Kind.AMOUNT:
        whole, dot, frac = body.partition(".")
        if not whole.isdigit() or (dot and not frac.isdigit()):
            return False
        return whole == "0" or whole[0] != "0"
    if not body.isdigit():
        return False
    return body == "0" or body[0] != "0"


def _number(text: str, kind: Kind) -> int | Decimal:
    if kind is Kind.AMOUNT:
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - _valid ran first
            return Decimal(0)
    return int(text)


@attrs.frozen
class Split:
    """One way to read a run: the raw text of each slot (``None`` for a blank mark)."""

    raws: tuple[str | None, ...]
    values: tuple[int | Decimal | None, ...]


class _Search:
    """Depth-first search over cut points, with the totals forcing and bounding the parts.

    Group sums are kept up to date as cells are placed, so each step costs a few additions.
    """

    def __init__(
        self, items: Sequence[Piece], kinds: Sequence[Kind], groups: Sequence[Group], limit: int
    ) -> None:
        self.items = list(items)
        self.kinds = list(kinds)
        self.n = n = len(kinds)
        self.groups = list(groups)
        self.limit = limit
        self.member_of: list[list[int]] = [[] for _ in range(n)]
        self.part_of: list[list[int]] = [[] for _ in range(n)]
        for gi, g in enumerate(groups):
            for slot in (g.total, *g.parts):
                self.member_of[slot].append(gi)
            for slot in g.parts:
                self.part_of[slot].append(gi)
        self.size = [1 + len(g.parts) for g in groups]
        self.gsum: list[int | Decimal] = [0] * len(groups)
        self.gcount = [0] * len(groups)
        self.raws: list[str | None] = [None] * n
        self.values: list[int | Decimal | None] = [None] * n
        self.known: list[bool] = [False] * n
        self.solutions: list[Split] = []
        self.budget = NODE_BUDGET
        self.stopped = False
        items_ = self.items
        self.rest_chars = [0] * (len(items_) + 1)
        self.rest_blank = [0] * (len(items_) + 1)
        for i in range(len(items_) - 1, -1, -1):
            self.rest_chars[i] = self.rest_chars[i + 1] + len(items_[i].body)
            self.rest_blank[i] = self.rest_blank[i + 1] + (1 if items_[i].blank else 0)
        self.preset_after = [0] * (n + 1)
        #: For one run of digits under one known total: the least and most the digits from
        #: each position can add up to in k numbers (see :func:`_sum_bounds`).
        self.bounds: tuple[list[list[float]], list[list[float]]] | None = None

    def preset(self, slot: int, raw: str | None, value: int | Decimal | None) -> None:
        """Fix a slot before the search (the tail total)."""
        self._set(slot, raw, value)
        self.preset_after = [
            sum(1 for s in range(i + 1, self.n) if self.known[s]) for i in range(self.n + 1)
        ]
        one_piece = len(self.items) == 1 and not self.items[0].blank
        counts = all(k is not Kind.AMOUNT for k in self.kinds)
        # the bounds are for plain digit runs only (a stray 「.」 in a count run is not one)
        body = self.items[0].body if one_piece else ""
        plain = body.isascii() and body.isdigit()
        if one_piece and plain and counts and len(self.groups) == 1 and isinstance(value, int):
            self.bounds = _sum_bounds(self.items[0].body, self.n - 1, len(str(value)))

    def _set(self, si: int, raw: str | None, value: int | Decimal | None) -> None:
        self.raws[si], self.values[si], self.known[si] = raw, value, True
        for gi in self.member_of[si]:
            self.gcount[gi] += 1
        if value is not None:
            for gi in self.part_of[si]:
                self.gsum[gi] += value

    def _unset(self, si: int) -> None:
        value = self.values[si]
        if value is not None:
            for gi in self.part_of[si]:
                self.gsum[gi] -= value
        for gi in self.member_of[si]:
            self.gcount[gi] -= 1
        self.raws[si], self.values[si], self.known[si] = None, None, False

    # -- the groups ----------------------------------------------------------------------
    def _forced(self, si: int) -> int | Decimal | None:
        """The value the groups force on slot ``si`` (its group's other members all known)."""
        for gi in self.member_of[si]:
            if self.gcount[gi] != self.size[gi] - 1:
                continue
            g = self.groups[gi]
            if g.total == si:
                return self.gsum[gi]
            total = self.values[g.total]
            return None if total is None else total - self.gsum[gi]
        return None

    def _ceiling(self, si: int) -> int | Decimal | None:
        """The largest value slot ``si`` may take: what its known totals leave."""
        best: int | Decimal | None = None
        for gi in self.part_of[si]:
            total = self.values[self.groups[gi].total]
            if self.known[self.groups[gi].total] and total is not None:
                room = total - self.gsum[gi]
                best = room if best is None else min(best, room)
        return best

    def _groups_ok(self, si: int) -> bool:
        for gi in self.member_of[si]:
            if self.gcount[gi] == self.size[gi]:
                total = self.values[self.groups[gi].total]
                if (0 if total is None else total) != self.gsum[gi]:
                    return False
        return True

    def _room_ok(self, si: int, pi: int, off: int) -> bool:
        """Groups whose total is still to come: their parts must fit in the digits left."""
        chars = self.rest_chars[pi] - off
        later = self.n - si - 1 - self.preset_after[si]
        if self.bounds is not None and later:
            total = self.values[self.groups[0].total]
            room = (total or 0) - self.gsum[0]
            pos = off if pi == 0 else len(self.items[0].body)
            low, high = self.bounds
            if not low[pos][later] <= room <= high[pos][later]:
                return False
        if later and len(self.groups) == 1 and self.known[self.groups[0].total]:
            # every cell still open is a part of the one known total: the digits left must
            # make ``later`` numbers that add up to what the total leaves
            total = self.values[self.groups[0].total]
            if total is not None:
                room = total - self.gsum[0]
                if room < 0 or chars > later * len(str(room)):
                    return False
                # the smallest sum ``chars`` digits can make in ``later`` numbers: lengths
                # as even as possible, each number as small as its length allows
                q, r = divmod(chars, later)
                least = (later - r) * (10 ** (q - 1) if q > 1 else 0) + r * 10**q
                if q >= 1 and least > room:
                    return False
        for gi, g in enumerate(self.groups):
            if g.total <= si or self.known[g.total] or self.gsum[gi] <= 0:
                continue
            room = chars - max(0, later - 1 - self.rest_blank[pi])
            if room <= 0 or self.gsum[gi] >= 10 ** min(room, MAX_DIGITS):
                return False
        return True

    # -- the search ----------------------------------------------------------------------
    def run(self) -> None:
        self.visit(0, 0, 0)

    def visit(self, si: int, pi: int, off: int) -> None:
        if self.stopped:
            return
        self.budget -= 1
        if self.budget <= 0 or len(self.solutions) >= self.limit:
            self.stopped = True
            return
        n, known = self.n, self.known
        while si < n and known[si]:
            si += 1
        items = self.items
        if si >= n:
            if pi == len(items):
                self.solutions.append(Split(tuple(self.raws), tuple(self.values)))
            return
        if pi == len(items):
            return
        open_slots = n - si - self.preset_after[si]
        if open_slots < len(items) - pi:
            return
        if self.rest_chars[pi] - off + self.rest_blank[pi] < open_slots:
            return
        piece = items[pi]
        kind = self.kinds[si]
        if piece.blank:
            self._try(si, pi + 1, 0, None, None)
            return
        body = piece.body
        forced = self._forced(si)
        if forced is not None and kind is not Kind.AMOUNT:
            if forced < 0:
                return
            text = str(forced)
            end = off + len(text)
            if body[off:end] == text and _valid(text, kind):
                if end == len(body) or body[end] != ".":
                    self._cell(si, pi, off, end, kind)
            return
        ceiling = self._ceiling(si)
        if piece.whole:
            ends: Sequence[int] = [len(body)] if off == 0 else []
        else:
            ends = range(off + 1, min(len(body), off + MAX_DIGITS) + 1)
        for end in ends:
            text = body[off:end]
            if not _valid(text, kind):
                if kind is not Kind.AMOUNT and not text[-1].isdigit() and text not in "+-":
                    break
                continue
            if end < len(body) and body[end] == ".":
                continue
            value = _number(text, kind)
            if ceiling is not None and value > ceiling:
                break
            if end == len(body):
                self._try(si, pi + 1, 0, text + (piece.unit or ""), value)
            else:
                self._try(si, pi, end, text, value)
            if self.stopped:
                return

    def _cell(self, si: int, pi: int, off: int, end: int, kind: Kind) -> None:
        piece = self.items[pi]
        text = piece.body[off:end]
        if end == len(piece.body):
            self._try(si, pi + 1, 0, text + (piece.unit or ""), _number(text, kind))
        else:
            self._try(si, pi, end, text, _number(text, kind))

    def _try(
        self, si: int, pi: int, off: int, raw: str | None, value: int | Decimal | None
    ) -> None:
        self._set(si, raw, value)
        if self._groups_ok(si) and self._room_ok(si, pi, off):
            self.visit(si + 1, pi, off)
        self._unset(si)


def _sum_bounds(digits: str, parts: int, width: int) -> tuple[list[list[float]], list[list[float]]]:
    """least[p][k], most[p][k]: the smallest and largest sum ``digits[p:]`` makes as ``k``
    numbers of at most ``width`` digits without leading zeros (inf / -inf: impossible)."""
    size = len(digits)
    inf = float("inf")
    least = [[inf] * (parts + 1) for _ in range(size + 1)]
    most = [[-inf] * (parts + 1) for _ in range(size + 1)]
    least[size][0] = most[size][0] = 0
    for p in range(size - 1, -1, -1):
        longest = 1 if digits[p] == "0" else min(width, size - p)
        for k in range(1, parts + 1):
            lo, hi = inf, -inf
            for length in range(1, longest + 1):
                rest_lo = least[p + length][k - 1]
                if rest_lo == inf:
                    continue
                v = int(digits[p : p + length])
                lo = min(lo, v + rest_lo)
                hi = max(hi, v + most[p + length][k - 1])
            least[p][k], most[p][k] = lo, hi
    return least, most


def _one_each(
    items: Sequence[Piece], kinds: Sequence[Kind], groups: Sequence[Group]
) -> list[Split]:
    raws: list[str | None] = []
    for p in items:
        if p.blank:
            raws.append(None)
            continue
        raws += [*p.body[:-1], p.body[-1] + (p.unit or "")]
    values: list[int | Decimal | None] = []
    for raw, kind in zip(raws, kinds):
        if raw is None:
            values.append(None)
            continue
        digit = raw[0]
        if not digit.isdigit():
            return []
        values.append(Decimal(digit) if kind is Kind.AMOUNT else int(digit))
    for g in groups:
        total = values[g.total]
        if (total or 0) != sum(v for p in g.parts if (v := values[p]) is not None):
            return []
    return [Split(tuple(raws), tuple(values))]


def split_run(
    items: Sequence[Piece],
    kinds: Sequence[Kind],
    groups: Sequence[Group] = (),
    *,
    limit: int = MAX_SOLUTIONS,
) -> tuple[list[Split], bool]:
    """Every way to read ``items`` as ``len(kinds)`` cells that keeps ``groups`` true.

    Returns the splits and whether the search stopped early (too many ways, or too long).
    When the last cell is a total (a table 三 row's 总计), its digits are the end of the run:
    each possible length is tried first, which bounds every part by the total.
    """
    n = len(kinds)
    if not n or len(items) > n:
        return [], False
    if sum(len(p.body) for p in items) + sum(1 for p in items if p.blank) == n:
        # as many digits as cells: one digit each, the only way (「0000000」)
        return _one_each(items, kinds, groups), False
    last = n - 1
    # one total, last, over every other cell (a table 三 row): try its possible lengths first
    tail_total = (
        items
        and not items[-1].blank
        and not items[-1].whole
        and kinds[last] is not Kind.AMOUNT
        and len(groups) == 1
        and groups[0].total == last
        and all(p < last for p in groups[0].parts)
    )
    if not tail_total:
        search = _Search(items, kinds, groups, limit)
        search.run()
        return search.solutions, search.stopped
    solutions: list[Split] = []
    stopped = False
    budget = NODE_BUDGET
    body, unit = items[-1].body, items[-1].unit
    chars = sum(len(p.body) for p in items)
    shortest = max(1, -(-chars // n))  # the total is at least as long as its longest part
    for length in range(shortest, min(len(body), MAX_DIGITS) + 1):
        text = body[len(body) - length :]
        if not _valid(text, kinds[last]):
            continue
        head = body[: len(body) - length]
        if head.endswith("."):
            continue
        rest = [*items[:-1], Piece(head)] if head else list(items[:-1])
        search = _Search(rest, kinds, groups, limit - len(solutions))
        search.budget = budget
        search.preset(last, text + (unit or ""), _number(text, kinds[last]))
        search.run()
        solutions += search.solutions
        stopped = stopped or search.stopped
        budget = search.budget
        if budget <= 0:
            return solutions, True
        if len(solutions) >= limit:
            return solutions, True
    return solutions, stopped


__all__ = ["UNITS", "Group", "Piece", "Split", "pieces", "split_run"]
