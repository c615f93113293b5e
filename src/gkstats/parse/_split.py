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
    plain = run.strip()
    if plain.isascii() and plain.isdigit():
        # the common case, one figure (「 640020470」): what the pattern below would find
        return [Piece(plain)], []
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


_Values = tuple[int | Decimal | None, ...]


@attrs.frozen
class Split:
    """One way to read a run: the raw text of each slot (``None`` for a blank mark)."""

    raws: tuple[str | None, ...]
    values: tuple[int | Decimal | None, ...]


#: 10**k for the digits a part may still have (``_room_ok``'s bound on a pending total).
_POW10 = [10**k for k in range(MAX_DIGITS + 1)]


def _cells_from(
    body: str, off: int, whole: bool, kind: Kind
) -> Iterator[tuple[int, str, int | Decimal]]:
    """The cells a slot of ``kind`` may take from a piece's ``body`` at ``off``, shortest
    first: where each ends, its text and its value.  (A cell never ends just before a 「.」:
    the decimals would be left to the next one.)  The general case of the searches below;
    counts from plain digits, the common case, read theirs from :func:`_count_cells`."""
    size_ = len(body)
    if whole:
        ends: Sequence[int] = [size_] if off == 0 else []
    else:
        ends = range(off + 1, min(size_, off + MAX_DIGITS) + 1)
    for end in ends:
        text = body[off:end]
        if not _valid(text, kind):
            if kind is not Kind.AMOUNT and not text[-1].isdigit() and text not in "+-":
                return  # a longer text cannot be valid either
            continue
        if end < size_ and body[end] == ".":
            continue
        yield end, text, _number(text, kind)


def _count_stop(body: str, off: int) -> int | None:
    """Where a count read from ``off`` ends at the latest: one digit after a 0 (no leading
    zeros), :data:`MAX_DIGITS` digits otherwise; ``None`` where no count starts."""
    first = body[off]
    if first == "0":
        return off + 1
    if first.isdigit():
        return min(len(body), off + MAX_DIGITS)
    return None


def _count_cells(body: str, off: int, stop: int) -> Iterator[tuple[int, str, int]]:
    """:func:`_cells_from` for a count from plain digits, ending at ``stop`` at the latest
    (the caller's bound: one digit after a leading 0, else :data:`MAX_DIGITS`)."""
    size_ = len(body)
    for end in range(off + 1, stop + 1):
        if not body[end - 1].isdigit():
            return
        if end < size_ and body[end] == ".":
            continue
        text = body[off:end]
        yield end, text, int(text)


@functools.lru_cache(maxsize=256)
def _layout(
    n: int, groups: tuple[Group, ...]
) -> tuple[list[int], list[list[int]], list[list[int]], list[int], list[list[int]]]:
    """Which groups each slot is in, derived once per row shape (the groups are the format's
    declared totals, so a handful of shapes serve every report): the groups' totals, the
    groups each slot is a member / a part of, the groups' sizes, and for each slot the groups
    whose total comes after it.  Read only."""
    totals = [g.total for g in groups]
    member_of: list[list[int]] = [[] for _ in range(n)]
    part_of: list[list[int]] = [[] for _ in range(n)]
    for gi, g in enumerate(groups):
        for slot in (g.total, *g.parts):
            member_of[slot].append(gi)
        for slot in g.parts:
            part_of[slot].append(gi)
    size = [1 + len(g.parts) for g in groups]
    pending = [[gi for gi in range(len(groups)) if totals[gi] > si] for si in range(n)]
    return totals, member_of, part_of, size, pending


def _search(
    items: Sequence[Piece],
    kinds: Sequence[Kind],
    groups: Sequence[Group],
    limit: int,
    budget: int,
    preset: tuple[int, str, int] | None = None,
) -> tuple[list[Split], bool, int]:
    """Depth-first search over cut points, with the totals forcing and bounding the parts.

    Returns the splits, whether the search stopped early, and the budget left.  Group sums
    are kept up to date as cells are placed, so each step costs a few additions.  Written as
    closures over local lists rather than methods: a run is cut thousands of times per
    report, and each step used to cost half a dozen method calls.  Every step (a call of
    ``step``) spends one unit of the budget, and steps are taken in the same order whatever
    the shape of the row, so the budget stops the search at the same point every time.
    ``preset`` fixes a slot first (the tail total): its slot, raw text and value.
    """
    n = len(kinds)
    n_items = len(items)
    rest_chars = [0] * (n_items + 1)
    rest_blank = [0] * (n_items + 1)
    for i in range(n_items - 1, -1, -1):
        rest_chars[i] = rest_chars[i + 1] + len(items[i].body)
        rest_blank[i] = rest_blank[i + 1] + (1 if items[i].blank else 0)
    # The first step, when it goes no further, is taken before anything is set up: most of
    # a tail total's lengths leave too few digits for the parts.  It spends its unit of
    # budget like any step.
    slot = preset[0] if preset is not None else -1
    si = 1 if slot == 0 else 0
    open_slots = n - si - (1 if slot > si else 0)
    if si < n and (
        n_items == 0 or open_slots < n_items or rest_chars[0] + rest_blank[0] < open_slots
    ):
        budget -= 1
        return [], budget <= 0 or limit <= 0, budget
    ng = len(groups)
    totals, member_of, part_of, size, pending = _layout(n, tuple(groups))
    count, amount = Kind.COUNT, Kind.AMOUNT
    # one total over every other cell, all counts (a table 三 row): see ``room_ok``
    whole_row = (
        ng == 1
        and sorted((groups[0].total, *groups[0].parts)) == list(range(n))
        and amount not in kinds
    )
    gsum: list[int | Decimal] = [0] * ng
    gcount = [0] * ng
    raws: list[str | None] = [None] * n
    values: list[int | Decimal | None] = [None] * n
    known = [False] * n
    solutions: list[Split] = []
    stopped = False
    preset_after = [0] * (n + 1)
    #: For one run of digits under one known total: the least and most the digits from
    #: each position can add up to in k numbers (see :func:`_sum_bounds`), worked out when
    #: first needed (``bounds_for``: its arguments).
    bounds: tuple[list[list[float]], list[list[float]]] | None = None
    bounds_for: tuple[str, int, int, int] | None = None
    first_len = len(items[0].body) if items else 0

    if preset is not None:
        _, raw0, value0 = preset
        raws[slot], values[slot], known[slot] = raw0, value0, True
        for gi in member_of[slot]:
            gcount[gi] += 1
        for gi in part_of[slot]:
            gsum[gi] += value0
        # only the preset slot is known: it is after every slot before it
        preset_after = [1 if slot > i else 0 for i in range(n + 1)]
        one_piece = n_items == 1 and not items[0].blank
        counts = all(k is not amount for k in kinds)
        # the bounds are for plain digit runs only (a stray 「.」 in a count run is not one)
        body0 = items[0].body if one_piece else ""
        plain = body0.isascii() and body0.isdigit()
        if one_piece and plain and counts and whole_row and isinstance(value0, int):
            # asked for at most n - 2 numbers (one cell preset, one placed), from a position
            # p with p + k >= n - 1 (every cell placed took a digit at least)
            bounds_for = (body0, n - 2, len(str(value0)), n - 1)

    def room_ok(si: int, pi: int, off: int) -> bool:
        """The digits left must still make the cells still open add up to a known total."""
        nonlocal bounds
        chars = rest_chars[pi] - off
        later = n - si - 1 - preset_after[si]
        if bounds_for is not None and later:
            if bounds is None:
                bounds = _sum_bounds(*bounds_for)
            total = values[totals[0]]
            room = (total or 0) - gsum[0]
            pos = off if pi == 0 else first_len
            low, high = bounds
            if not low[pos][later] <= room <= high[pos][later]:
                return False
        if later and whole_row and known[totals[0]]:
            # every cell still open is a part of the one known total: the digits left must
            # make ``later`` numbers that add up to what the total leaves
            total = values[totals[0]]
            if total is not None:
                room = total - gsum[0]
                if room < 0 or chars > later * len(str(room)):
                    return False
                # the smallest sum ``chars`` digits can make in ``later`` numbers: lengths
                # as even as possible, each number as small as its length allows
                q, r = divmod(chars, later)
                least = (later - r) * (10 ** (q - 1) if q > 1 else 0) + r * 10**q
                if q >= 1 and least > room:
                    return False
        return True

    def place(si: int, pi: int, off: int, raw: str | None, value: int | Decimal | None) -> bool:
        """Put a cell in slot ``si`` and search on from piece ``pi``, offset ``off``.

        Returns whether the cell left a total still to come more than the digits left can
        make: a longer cell from the same digits (larger, leaving fewer digits) would too.
        """
        raws[si], values[si], known[si] = raw, value, True
        mine = member_of[si]
        for gi in mine:
            gcount[gi] += 1
        if value is not None:
            for gi in part_of[si]:
                gsum[gi] += value
        ok = True
        hopeless = False
        for gi in pending[si]:
            # groups whose total is still to come: their parts must fit in the digits left
            if known[totals[gi]] or gsum[gi] <= 0:
                continue
            later = n - si - 1 - preset_after[si]
            room = rest_chars[pi] - off - max(0, later - 1 - rest_blank[pi])
            if room <= 0 or gsum[gi] >= _POW10[min(room, MAX_DIGITS)]:
                ok = False
                hopeless = True
                break
        if ok:
            for gi in mine:
                if gcount[gi] == size[gi]:
                    total = values[totals[gi]]
                    if (0 if total is None else total) != gsum[gi]:
                        ok = False
                        break
        if ok and (not ng or room_ok(si, pi, off)):
            # the next step (``step(si + 1, pi, off)`` written out: most go no further)
            nonlocal budget, stopped
            budget -= 1
            if budget <= 0 or len(solutions) >= limit:
                stopped = True
            else:
                nxt = si + 1
                while nxt < n and known[nxt]:
                    nxt += 1
                if nxt >= n:
                    if pi == n_items:
                        solutions.append(Split(tuple(raws), tuple(values)))
                elif pi != n_items:
                    open_slots = n - nxt - preset_after[nxt]
                    if open_slots >= n_items - pi:
                        if rest_chars[pi] - off + rest_blank[pi] >= open_slots:
                            expand(nxt, pi, off)
        if value is not None:
            for gi in part_of[si]:
                gsum[gi] -= value
        for gi in mine:
            gcount[gi] -= 1
        raws[si], values[si], known[si] = None, None, False
        return hopeless

    def step(si: int, pi: int, off: int) -> None:
        """One step of the search: fill slot ``si`` (or the next open one) from piece
        ``pi``, offset ``off``, if the digits left can still fill the open slots."""
        nonlocal budget, stopped
        budget -= 1
        if budget <= 0 or len(solutions) >= limit:
            stopped = True
            return
        while si < n and known[si]:
            si += 1
        if si >= n:
            if pi == n_items:
                solutions.append(Split(tuple(raws), tuple(values)))
            return
        if pi == n_items:
            return
        open_slots = n - si - preset_after[si]
        if open_slots < n_items - pi:
            return
        if rest_chars[pi] - off + rest_blank[pi] < open_slots:
            return
        expand(si, pi, off)

    def expand(si: int, pi: int, off: int) -> None:
        """The cells slot ``si`` may take here, each placed in turn."""
        piece = items[pi]
        kind = kinds[si]
        if piece.blank:
            place(si, pi + 1, 0, None, None)
            return
        body = piece.body
        size_ = len(body)
        unit = piece.unit or ""
        # the value the groups force on this slot (its group's other members all known)
        forced: int | Decimal | None = None
        for gi in member_of[si]:
            if gcount[gi] != size[gi] - 1:
                continue
            if totals[gi] == si:
                forced = gsum[gi]
            else:
                total = values[totals[gi]]
                forced = None if total is None else total - gsum[gi]
            break
        if forced is not None and kind is not amount:
            if forced < 0 or forced % 1:
                return  # no count (a whole number, at least 0)
            text = str(int(forced))  # (a sum of amounts may be 6.000)
            end = off + len(text)
            if body[off:end] == text and _valid(text, kind):
                if end == size_ or body[end] != ".":
                    if end == size_:
                        place(si, pi + 1, 0, text + unit, _number(text, kind))
                    else:
                        place(si, pi, end, text, _number(text, kind))
            return
        # the largest value the slot may take: what its known totals leave
        ceiling: int | Decimal | None = None
        for gi in part_of[si]:
            total = values[totals[gi]]
            if known[totals[gi]] and total is not None:
                room = total - gsum[gi]
                ceiling = room if ceiling is None else min(ceiling, room)
        if kind is count and not piece.whole:
            # the common case: digits without a leading zero, up to a 「.」
            stop = _count_stop(body, off)
            if stop is None:
                return
            for end, text, value in _count_cells(body, off, stop):
                if ceiling is not None and value > ceiling:
                    break
                if end == size_:
                    hopeless = place(si, pi + 1, 0, text + unit, value)
                else:
                    hopeless = place(si, pi, end, text, value)
                if stopped or hopeless:
                    return
            return
        for end, text, number in _cells_from(body, off, piece.whole, kind):
            if ceiling is not None and number > ceiling:
                break
            if end == size_:
                place(si, pi + 1, 0, text + unit, number)
            else:
                place(si, pi, end, text, number)
            if stopped:
                return

    def step_free(si: int, pi: int, off: int) -> None:
        """``step`` for a row without groups: nothing forces, bounds or undoes a cell (each
        slot is written again before a solution reads it)."""
        nonlocal budget, stopped
        budget -= 1
        if budget <= 0 or len(solutions) >= limit:
            stopped = True
            return
        if si >= n:
            if pi == n_items:
                solutions.append(Split(tuple(raws), tuple(values)))
            return
        if pi == n_items:
            return
        open_slots = n - si
        if open_slots < n_items - pi:
            return
        if rest_chars[pi] - off + rest_blank[pi] < open_slots:
            return
        piece = items[pi]
        kind = kinds[si]
        if piece.blank:
            raws[si] = values[si] = None
            step_free(si + 1, pi + 1, 0)
            return
        body = piece.body
        size_ = len(body)
        unit = piece.unit or ""
        cells: Iterator[tuple[int, str, int | Decimal]]
        if kind is count and not piece.whole:
            stop = _count_stop(body, off)
            if stop is None:
                return
            if si + 1 >= n and body[off] != "0" and body.isdigit():
                # the last slot, from plain digits: each of the ``stop - off`` cells is a
                # step (one unit of budget), and only the one that takes every digit left
                # can end a reading: the loop below, counted instead of walked
                steps = stop - off
                if len(solutions) >= limit or budget <= steps:
                    # the first step (full) or the one that empties the budget stops it
                    budget = budget - 1 if len(solutions) >= limit else 0
                    stopped = True
                    return
                budget -= steps
                if stop == size_ and pi + 1 == n_items:
                    text = body[off:]
                    values[si] = int(text)
                    raws[si] = text + unit
                    solutions.append(Split(tuple(raws), tuple(values)))
                return
            cells = _count_cells(body, off, stop)
        else:
            cells = _cells_from(body, off, piece.whole, kind)
        for end, text, number in cells:
            values[si] = number
            if end == size_:
                raws[si] = text + unit
                pi2, off2 = pi + 1, 0
            else:
                raws[si] = text
                pi2, off2 = pi, end
            if si + 1 < n:
                step_free(si + 1, pi2, off2)
                if stopped:
                    return
                continue
            # the last slot: ``step_free(si + 1, pi2, off2)`` written out
            budget -= 1
            if budget <= 0 or len(solutions) >= limit:
                stopped = True
                return
            if pi2 == n_items:
                solutions.append(Split(tuple(raws), tuple(values)))

    if ng or preset is not None:
        step(0, 0, 0)
    else:
        step_free(0, 0, 0)
    return solutions, stopped, budget


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
    if len(items) == 1 and Kind.AMOUNT not in kinds:
        # the common case (「0000000」): one piece of plain digits, whole numbers
        body = items[0].body
        if body.isascii() and body.isdigit():
            digits = list(body)
            numbers = [int(d) for d in digits]
            if items[0].unit:
                digits[-1] += items[0].unit
            for g in groups:
                if numbers[g.total] != sum([numbers[p] for p in g.parts]):
                    return []
            return [Split(tuple(digits), tuple(numbers))]
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
    signed = [g for g in groups if any(kinds[k] is Kind.SIGNED for k in (g.total, *g.parts))]
    if signed:
        # the search bounds parts by their totals, as sums of figures >= 0; a total with a
        # signed member (no format declares one) is only checked on the splits found
        found, stopped = split_run(
            items, kinds, [g for g in groups if g not in signed], limit=limit
        )
        return [s for s in found if all(_holds(g, s.values) for g in signed)], stopped
    if sum(len(p.body) for p in items) + sum(1 for p in items if p.blank) == n and not any(
        p.whole for p in items
    ):
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
        and sorted(groups[0].parts) == list(range(last))
    )
    if not tail_total:
        found, stopped, _ = _search(items, kinds, groups, limit, NODE_BUDGET)
        return found, stopped
    solutions: list[Split] = []
    stopped = False
    budget = NODE_BUDGET
    body, unit = items[-1].body, items[-1].unit
    chars = sum(len(p.body) for p in items)
    shortest = max(1, -(-chars // n))  # the total is at least as long as its longest part
    # what the pieces before the last give the parts (for the search's first step)
    before = len(items) - 1
    before_room = chars - len(body) + sum(1 for p in items[:-1] if p.blank)
    for length in range(shortest, min(len(body), MAX_DIGITS) + 1):
        text = body[len(body) - length :]
        if not _valid(text, kinds[last]):
            continue
        head = body[: len(body) - length]
        if head.endswith("."):
            continue
        pieces_left = before + (1 if head else 0)
        if last and (not pieces_left or pieces_left > last or before_room + len(head) < last):
            # too few digits (or none) left for the parts: the search's first step would go
            # no further (see ``_search``); it spends its unit of budget all the same
            budget -= 1
            stopped = stopped or budget <= 0 or limit - len(solutions) <= 0
            if budget <= 0 or len(solutions) >= limit:
                return solutions, True
            continue
        rest = [*items[:-1], Piece(head)] if head else list(items[:-1])
        total = (last, text + (unit or ""), int(text))
        found, halted, budget = _search(rest, kinds, groups, limit - len(solutions), budget, total)
        solutions += found
        stopped = stopped or halted
        if budget <= 0:
            return solutions, True
        if len(solutions) >= limit:
            return solutions, True
    return solutions, stopped


__all__ = ["UNITS", "Group", "Piece", "Split", "pieces", "split_run"]
