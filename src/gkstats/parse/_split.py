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

:func:`reference_split` is the definition: every cut, kept when it keeps the totals.
:func:`split_run` finds the same splits (a property test compares them) with a search that
prunes by the totals (:class:`_GroupedSearch`; :class:`_FreeSearch` for a row without
totals) and two shortcuts, each paying for itself: one digit a cell when a run has as many
digits as cells (:func:`_one_each`), and counts read from plain digits by
:func:`_count_cells`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
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
    """Whether ``text`` is a cell of ``kind`` as people write it: digits without a leading
    zero, a sign only where the cell is signed, a decimal point only in an amount."""
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


_Values = tuple[int | Decimal | None, ...]


@attrs.frozen
class Split:
    """One way to read a run: the raw text of each slot (``None`` for a blank mark)."""

    raws: tuple[str | None, ...]
    values: tuple[int | Decimal | None, ...]


def _holds(group: Group, values: Sequence[int | Decimal | None]) -> bool:
    """Whether the total equals the sum of its parts (a blank counts as 0)."""
    parts = sum(v for p in group.parts if (v := values[p]) is not None)
    return (values[group.total] or 0) == parts


def reference_split(
    items: Sequence[Piece], kinds: Sequence[Kind], groups: Sequence[Group] = ()
) -> list[Split]:
    """:func:`split_run` by its definition: every cut of the pieces into cells, kept when
    the cells fill the slots and keep the totals.  Exponential: the tests check on short runs
    that the search finds the same splits."""
    n = len(kinds)
    found: list[Split] = []

    def cut(slot: int, pi: int, off: int, raws: tuple[str | None, ...], values: _Values) -> None:
        """Cut slot ``slot``'s cell from piece ``pi`` at ``off``, then the next slots'."""
        if slot == n or pi == len(items):
            if slot == n and pi == len(items) and all(_holds(g, values) for g in groups):
                found.append(Split(raws, values))
            return
        piece = items[pi]
        if piece.blank:
            cut(slot + 1, pi + 1, 0, (*raws, None), (*values, None))
            return
        body, kind = piece.body, kinds[slot]
        for end in [len(body)] if piece.whole else range(off + 1, len(body) + 1):
            text = body[off:end]
            if len(text) > MAX_DIGITS or not _valid(text, kind) or body[end : end + 1] == ".":
                continue  # not a number as written, or its decimals left to the next cell
            value = _number(text, kind)
            if end == len(body):  # the piece's last cell carries its unit
                cut(slot + 1, pi + 1, 0, (*raws, text + (piece.unit or "")), (*values, value))
            else:
                cut(slot + 1, pi, end, (*raws, text), (*values, value))

    cut(0, 0, 0, (), ())
    return found


# --- the search -------------------------------------------------------------------------

#: 10**k for the digits a part may still have (the bound on a total still to come).
_POW10 = [10**k for k in range(MAX_DIGITS + 1)]


def _cells_from(
    piece: Piece, pi: int, off: int, kind: Kind
) -> Iterator[tuple[int, int, str, int | Decimal]]:
    """The cells a slot of ``kind`` may take from piece ``pi`` at ``off``, shortest first:
    where the search goes on (piece, offset), the cell's raw text and its value.  (A cell
    never ends just before a 「.」: the decimals would be left to the next one; the piece's
    last cell carries its unit.)  Counts from plain digits, the common case, come from
    :func:`_count_cells`."""
    body = piece.body
    size = len(body)
    ends: Sequence[int]
    if piece.whole:
        ends = [size] if off == 0 else []
    else:
        ends = range(off + 1, min(size, off + MAX_DIGITS) + 1)
    for end in ends:
        text = body[off:end]
        if not _valid(text, kind):
            if kind is not Kind.AMOUNT and not text[-1].isdigit() and text not in "+-":
                return  # a longer text cannot be valid either
            continue
        if end == size:
            yield pi + 1, 0, text + (piece.unit or ""), _number(text, kind)
        elif body[end] != ".":
            yield pi, end, text, _number(text, kind)


def _count_stop(body: str, off: int) -> int | None:
    """Where a count read from ``off`` ends at the latest: one digit after a 0 (no leading
    zeros), :data:`MAX_DIGITS` digits otherwise; ``None`` where no count starts."""
    first = body[off]
    if first == "0":
        return off + 1
    if first.isdigit():
        return min(len(body), off + MAX_DIGITS)
    return None


def _count_cells(piece: Piece, pi: int, off: int, stop: int) -> Iterator[tuple[int, int, str, int]]:
    """:func:`_cells_from` for a count from plain digits, ending at ``stop`` at the latest
    (:func:`_count_stop`); each cell is larger than the one before.  (A test checks it reads
    as :func:`_cells_from` does; reading every count that way costs text parsing 5 % more
    instructions.)"""
    body = piece.body
    size = len(body)
    for end in range(off + 1, stop + 1):
        if not body[end - 1].isdigit():
            return
        if end == size:
            text = body[off:]
            yield pi + 1, 0, text + (piece.unit or ""), int(text)
        elif body[end] != ".":
            text = body[off:end]
            yield pi, end, text, int(text)


@attrs.frozen(eq=False)
class _Shape:
    """How a row's slots stand to its totals, derived once per row shape (the groups are the
    format's declared totals, so a handful of shapes serve every report).  Read only."""

    #: The totals the search bounds parts by (sums of figures >= 0), and those with a signed
    #: member (no format declares one), only checked on the splits found.
    groups: tuple[Group, ...]
    checked: tuple[Group, ...]
    #: Per group: its total's slot, and its size; per slot: the groups it is a member / a
    #: part of, and those whose total comes after it.
    totals: list[int]
    size: list[int]
    member_of: list[list[int]]
    part_of: list[list[int]]
    pending: list[list[int]]
    #: One total over every other slot, all counts (a table 三 row).
    whole_row: bool
    #: One total, last, over every other slot: its lengths are tried first.
    tail_total: bool


@functools.lru_cache(maxsize=256)
def _shape(kinds: tuple[Kind, ...], groups: tuple[Group, ...]) -> _Shape:
    """The shape of a row of cells of ``kinds`` under the totals ``groups``."""
    n = len(kinds)
    checked = tuple(g for g in groups if any(kinds[k] is Kind.SIGNED for k in (g.total, *g.parts)))
    bounded = tuple(g for g in groups if g not in checked)
    member_of: list[list[int]] = [[] for _ in range(n)]
    part_of: list[list[int]] = [[] for _ in range(n)]
    for gi, g in enumerate(bounded):
        for slot in (g.total, *g.parts):
            member_of[slot].append(gi)
        for slot in g.parts:
            part_of[slot].append(gi)
    totals = [g.total for g in bounded]
    one = bounded[0] if len(bounded) == 1 else None
    return _Shape(
        groups=bounded,
        checked=checked,
        totals=totals,
        size=[1 + len(g.parts) for g in bounded],
        member_of=member_of,
        part_of=part_of,
        pending=[[gi for gi, total in enumerate(totals) if total > si] for si in range(n)],
        whole_row=one is not None
        and sorted((one.total, *one.parts)) == list(range(n))
        and Kind.AMOUNT not in kinds,
        tail_total=one is not None
        and one.total == n - 1
        and sorted(one.parts) == list(range(n - 1))
        and kinds[-1] is not Kind.AMOUNT,
    )


class _Search:
    """A depth-first search over cut points, slot by slot: each cell the slot may take from
    the pieces left, shortest first, then the next slot.

    Every step (a call of ``step``) spends one unit of the budget, and steps are taken in the
    same order whatever the shape of the row, so the budget stops the search at the same
    point every time.  This is what both searches share: the run, the budget, the splits."""

    def __init__(
        self, items: Sequence[Piece], kinds: Sequence[Kind], limit: int, budget: int
    ) -> None:
        self.items = items
        self.kinds = kinds
        self.n = len(kinds)
        self.n_items = len(items)
        #: From each piece on: its characters, and its blank marks.
        self.rest_chars = [0] * (self.n_items + 1)
        self.rest_blank = [0] * (self.n_items + 1)
        for i in range(self.n_items - 1, -1, -1):
            self.rest_chars[i] = self.rest_chars[i + 1] + len(items[i].body)
            self.rest_blank[i] = self.rest_blank[i + 1] + items[i].blank
        self.limit = limit
        self.budget = budget
        self.raws: list[str | None] = [None] * self.n
        self.values: list[int | Decimal | None] = [None] * self.n
        self.solutions: list[Split] = []
        self.stopped = False

    def run(self) -> tuple[list[Split], bool, int]:
        """The splits, whether the search stopped early, and the budget left."""
        self.step(0, 0, 0)
        return self.solutions, self.stopped, self.budget

    def step(self, si: int, pi: int, off: int) -> None:
        raise NotImplementedError

    def spend(self) -> bool:
        """A step's unit of budget; False when the search stops (none left, or enough
        splits)."""
        self.budget -= 1
        if self.budget > 0 and len(self.solutions) < self.limit:
            return True
        self.stopped = True
        return False

    def fits(self, open_slots: int, pi: int, off: int) -> bool:
        """Whether the pieces from ``pi`` (at ``off``) can fill ``open_slots`` cells: each
        piece makes a cell at least, each cell takes a character or a blank mark."""
        room = self.rest_chars[pi] - off + self.rest_blank[pi]
        return 0 < self.n_items - pi <= open_slots <= room

    def found(self, pi: int) -> None:
        """Every slot is filled: a split, if no piece is left over."""
        if pi == self.n_items:
            self.solutions.append(Split(tuple(self.raws), tuple(self.values)))


class _FreeSearch(_Search):
    """The search for a row without totals: nothing forces, bounds or undoes a cell (each
    slot is written again before a split reads it)."""

    def step(self, si: int, pi: int, off: int) -> None:
        if not self.spend():
            return
        if si == self.n:
            self.found(pi)
            return
        if not self.fits(self.n - si, pi, off):
            return
        piece = self.items[pi]
        if piece.blank:
            self.raws[si] = self.values[si] = None
            self.step(si + 1, pi + 1, 0)
            return
        kind = self.kinds[si]
        cells: Iterator[tuple[int, int, str, int | Decimal]]
        if kind is Kind.COUNT and not piece.whole:
            stop = _count_stop(piece.body, off)
            if stop is None:
                return
            cells = _count_cells(piece, pi, off, stop)
        else:
            cells = _cells_from(piece, pi, off, kind)
        for pi_next, off_next, raw, value in cells:
            self.raws[si], self.values[si] = raw, value
            self.step(si + 1, pi_next, off_next)
            if self.stopped:
                return


class _GroupedSearch(_Search):
    """The search for a row with totals.  A total's value is forced once its parts are
    placed (a part's, once the total and the other parts are); a part is bounded by its
    known totals; a cell is dropped as soon as a total still to come could not fit in the
    digits left, or the digits left could not add up to what a known total leaves.  Group
    sums are kept up to date as cells are placed and taken back, so each step costs a few
    additions.  ``preset`` fixes a slot first (a tail total): its slot, raw text and value."""

    def __init__(
        self,
        items: Sequence[Piece],
        kinds: Sequence[Kind],
        shape: _Shape,
        limit: int,
        budget: int,
        preset: tuple[int, str, int] | None = None,
    ) -> None:
        super().__init__(items, kinds, limit, budget)
        self.shape = shape
        self.gsum: list[int | Decimal] = [0] * len(shape.groups)
        self.gcount = [0] * len(shape.groups)
        self.known = [False] * self.n
        #: Per slot: 1 if a slot after it was known before the search (the preset one).
        self.preset_after = [0] * (self.n + 1)
        #: For one run of plain digits under one known total: the least and most the digits
        #: from each position can add up to in k numbers (:func:`_sum_bounds`), worked out
        #: when first needed (``bounds_for``: its arguments).
        self.bounds: tuple[list[list[float]], list[list[float]]] | None = None
        self.bounds_for: tuple[str, int, int, int] | None = None
        if preset is not None:
            self.set_preset(*preset)

    def set_preset(self, slot: int, raw: str, value: int) -> None:
        self.put(slot, raw, value)
        self.preset_after = [1 if slot > i else 0 for i in range(self.n + 1)]
        body = self.items[0].body if self.n_items == 1 and not self.items[0].blank else ""
        if body.isascii() and body.isdigit() and self.shape.whole_row:
            # at most n - 2 numbers (one cell preset, one placed), from a position p with
            # p + k >= n - 1 (every cell placed took a digit at least)
            self.bounds_for = (body, self.n - 2, len(str(value)), self.n - 1)

    def step(self, si: int, pi: int, off: int) -> None:
        if not self.spend():
            return
        while si < self.n and self.known[si]:
            si += 1
        if si == self.n:
            self.found(pi)
        elif self.fits(self.n - si - self.preset_after[si], pi, off):
            self.expand(si, pi, off)

    def expand(self, si: int, pi: int, off: int) -> None:
        """Place in turn each cell slot ``si`` may take from piece ``pi`` at ``off``."""
        piece = self.items[pi]
        if piece.blank:
            self.place(si, pi + 1, 0, None, None)
            return
        kind = self.kinds[si]
        forced = self.forced(si)
        if forced is not None and kind is not Kind.AMOUNT:
            self.place_forced(si, pi, off, forced)
            return
        ceiling = self.ceiling(si)
        if kind is Kind.COUNT and not piece.whole:
            stop = _count_stop(piece.body, off)
            if stop is None:
                return
            for pi_next, off_next, raw, value in _count_cells(piece, pi, off, stop):
                if ceiling is not None and value > ceiling:
                    return
                # a longer cell is larger: if this one leaves a total no room, so would it
                if self.place(si, pi_next, off_next, raw, value) or self.stopped:
                    return
            return
        for pi_next, off_next, raw, number in _cells_from(piece, pi, off, kind):
            if ceiling is not None and number > ceiling:
                return
            self.place(si, pi_next, off_next, raw, number)
            if self.stopped:
                return

    def forced(self, si: int) -> int | Decimal | None:
        """The value slot ``si`` must take: the first of its groups whose other members are
        all placed decides (``None``: no group does, or its total is blank)."""
        shape = self.shape
        for gi in shape.member_of[si]:
            if self.gcount[gi] == shape.size[gi] - 1:
                if shape.totals[gi] == si:
                    return self.gsum[gi]
                total = self.values[shape.totals[gi]]
                return None if total is None else total - self.gsum[gi]
        return None

    def ceiling(self, si: int) -> int | Decimal | None:
        """The largest value slot ``si`` may take: what its known totals leave."""
        shape, values, gsum = self.shape, self.values, self.gsum
        ceiling: int | Decimal | None = None
        for gi in shape.part_of[si]:
            total = values[shape.totals[gi]]
            if self.known[shape.totals[gi]] and total is not None:
                room = total - gsum[gi]
                ceiling = room if ceiling is None else min(ceiling, room)
        return ceiling

    def place_forced(self, si: int, pi: int, off: int, forced: int | Decimal) -> None:
        """Place the count the totals force on slot ``si``, if the digits at ``off`` spell
        it."""
        if forced < 0 or forced % 1:
            return  # no count (a whole number, at least 0)
        value = int(forced)  # (a sum of amounts may be 6.000)
        text = str(value)
        piece = self.items[pi]
        end = off + len(text)
        if piece.body[off:end] != text or piece.body[end : end + 1] == ".":
            return
        if end == len(piece.body):
            self.place(si, pi + 1, 0, text + (piece.unit or ""), value)
        else:
            self.place(si, pi, end, text, value)

    def place(
        self, si: int, pi: int, off: int, raw: str | None, value: int | Decimal | None
    ) -> bool:
        """Put a cell in slot ``si``, search on from piece ``pi`` at ``off``, take it back.

        Returns whether the cell left a total still to come more than the digits left can
        make: a longer cell from the same digits (larger, leaving fewer digits) would too.
        """
        self.put(si, raw, value)
        hopeless = self.too_big(si, pi, off)
        if not hopeless and self.totals_hold(si) and self.sums_can_fit(si, pi, off):
            self.step(si + 1, pi, off)
        self.take_back(si, value)
        return hopeless

    def put(self, si: int, raw: str | None, value: int | Decimal | None) -> None:
        shape = self.shape
        self.raws[si], self.values[si], self.known[si] = raw, value, True
        for gi in shape.member_of[si]:
            self.gcount[gi] += 1
        if value is not None:
            for gi in shape.part_of[si]:
                self.gsum[gi] += value

    def take_back(self, si: int, value: int | Decimal | None) -> None:
        shape = self.shape
        if value is not None:
            for gi in shape.part_of[si]:
                self.gsum[gi] -= value
        for gi in shape.member_of[si]:
            self.gcount[gi] -= 1
        self.raws[si], self.values[si], self.known[si] = None, None, False

    def too_big(self, si: int, pi: int, off: int) -> bool:
        """Whether the parts placed of a total still to come already need more digits than
        the digits left leave it (each later slot but the total takes one at least)."""
        shape = self.shape
        for gi in shape.pending[si]:
            if self.known[shape.totals[gi]] or self.gsum[gi] <= 0:
                continue
            later = self.n - si - 1 - self.preset_after[si]
            room = self.rest_chars[pi] - off - max(0, later - 1 - self.rest_blank[pi])
            if room <= 0 or self.gsum[gi] >= _POW10[min(room, MAX_DIGITS)]:
                return True
        return False

    def totals_hold(self, si: int) -> bool:
        """Whether each group slot ``si`` completed adds up (a blank counts as 0)."""
        shape = self.shape
        for gi in shape.member_of[si]:
            if self.gcount[gi] == shape.size[gi]:
                total = self.values[shape.totals[gi]]
                if (0 if total is None else total) != self.gsum[gi]:
                    return False
        return True

    def sums_can_fit(self, si: int, pi: int, off: int) -> bool:
        """In a row whose one total covers every other slot (all counts), once the total is
        known: whether the digits left can still make the open cells add up to what it
        leaves."""
        shape = self.shape
        later = self.n - si - 1 - self.preset_after[si]
        if not later or not shape.whole_row:
            return True
        total = self.values[shape.totals[0]]
        if self.bounds_for is not None:
            if self.bounds is None:
                self.bounds = _sum_bounds(*self.bounds_for)
            low, high = self.bounds
            room = (total or 0) - self.gsum[0]
            pos = off if pi == 0 else len(self.items[0].body)
            if not low[pos][later] <= room <= high[pos][later]:
                return False
        if not self.known[shape.totals[0]] or total is None:
            return True
        room = total - self.gsum[0]
        chars = self.rest_chars[pi] - off
        if room < 0 or chars > later * len(str(room)):
            return False
        # the smallest sum ``chars`` digits make in ``later`` numbers: lengths as even as
        # possible, each number as small as its length allows
        q, r = divmod(chars, later)
        least = (later - r) * (10 ** (q - 1) if q > 1 else 0) + r * 10**q
        return not (q >= 1 and least > room)


def _sum_bounds(
    digits: str, parts: int, width: int, floor: int = 0
) -> tuple[list[list[float]], list[list[float]]]:
    """least[p][k], most[p][k]: the smallest and largest sum ``digits[p:]`` makes as ``k``
    numbers of at most ``width`` digits without leading zeros (inf / -inf: impossible).

    Only entries with ``p + k >= floor`` are worked out (the others stay inf / -inf): they
    depend on no others, and the search asks for no others."""
    size = len(digits)
    inf = float("inf")
    least: list[list[float]] = [[inf] * (parts + 1) for _ in range(size + 1)]
    most: list[list[float]] = [[-inf] * (parts + 1) for _ in range(size + 1)]
    least[size][0] = most[size][0] = 0
    for p in range(size - 1, -1, -1):
        longest = 1 if digits[p] == "0" else min(width, size - p)
        lo, hi = least[p], most[p]
        for length in range(1, longest + 1):
            v = int(digits[p : p + length])
            rest_lo, rest_hi = least[p + length], most[p + length]
            # k numbers from p: this one, then k - 1 from p + length (each at least one
            # digit and at most ``width``: other k leave the rest impossible)
            rest = size - p - length
            for k in range(max(1 + -(-rest // width), floor - p), min(parts, rest + 1) + 1):
                r = rest_lo[k - 1]
                if r == inf:
                    continue
                if v + r < lo[k]:
                    lo[k] = v + r
                if v + rest_hi[k - 1] > hi[k]:
                    hi[k] = v + rest_hi[k - 1]
    return least, most


def _one_each(
    items: Sequence[Piece], kinds: Sequence[Kind], groups: Sequence[Group]
) -> list[Split]:
    """A run with as many digits and blank marks as cells: one each, the only way, if it
    keeps the totals (「0000000」: the search would try every length of the total first;
    text parsing costs 30 % more instructions without this)."""
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
    if not all(_holds(g, values) for g in groups):
        return []
    return [Split(tuple(raws), tuple(values))]


def split_run(
    items: Sequence[Piece],
    kinds: Sequence[Kind],
    groups: Sequence[Group] = (),
    *,
    limit: int = MAX_SOLUTIONS,
) -> tuple[list[Split], bool]:
    """Every way to read ``items`` as ``len(kinds)`` cells that keeps ``groups`` true
    (:func:`reference_split`, found with the totals' help).

    Returns the splits and whether the search stopped early (too many ways, or too long).
    """
    n = len(kinds)
    if not n or len(items) > n:
        return [], False
    shape = _shape(tuple(kinds), tuple(groups))
    digits = sum(len(p.body) for p in items) + sum(p.blank for p in items)
    if digits == n and not any(p.whole for p in items):
        # as many digits as cells: one digit each, the only way (「0000000」)
        return _one_each(items, kinds, groups), False
    found: list[Split]
    if shape.tail_total and items and not items[-1].blank and not items[-1].whole:
        found, stopped = _split_tail_total(items, kinds, shape, limit)
    elif shape.groups:
        found, stopped, _ = _GroupedSearch(items, kinds, shape, limit, NODE_BUDGET).run()
    else:
        found, stopped, _ = _FreeSearch(items, kinds, limit, NODE_BUDGET).run()
    if shape.checked:
        found = [s for s in found if all(_holds(g, s.values) for g in shape.checked)]
    return found, stopped


def _split_tail_total(
    items: Sequence[Piece], kinds: Sequence[Kind], shape: _Shape, limit: int
) -> tuple[list[Split], bool]:
    """A row whose last cell totals all the others (a table 三 row's 总计): its digits end
    the run, so each of its possible lengths is tried first, which bounds every part."""
    n = len(kinds)
    last = n - 1
    solutions: list[Split] = []
    stopped = False
    budget = NODE_BUDGET
    body, unit = items[-1].body, items[-1].unit
    chars = sum(len(p.body) for p in items)
    shortest = max(1, -(-chars // n))  # the total is at least as long as its longest part
    for length in range(shortest, min(len(body), MAX_DIGITS) + 1):
        text = body[len(body) - length :]
        head = body[: len(body) - length]
        if not _valid(text, kinds[last]) or head.endswith("."):
            continue
        rest = [*items[:-1], Piece(head)] if head else list(items[:-1])
        total = (last, text + (unit or ""), int(text))
        search = _GroupedSearch(rest, kinds, shape, limit - len(solutions), budget, total)
        found, halted, budget = search.run()
        solutions += found
        stopped = stopped or halted
        if budget <= 0 or len(solutions) >= limit:
            return solutions, True
    return solutions, stopped


__all__ = ["UNITS", "Group", "Piece", "Split", "pieces", "split_run"]
