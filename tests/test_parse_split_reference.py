"""The run-together splitter's search finds exactly the splits its definition gives.

:func:`~gkstats.parse._split.reference_split` tries every cut; the search prunes with the
totals (a forced value, a ceiling, digits too few for a total still to come, the sums the
digits left can make), reads a tail total's lengths first, takes one digit a cell when the
run has as many digits as cells, and reads counts from plain digits its own way.  Each of
those shortcuts must leave the splits as they are: the two agree on every run, in any
order, unless the search stopped early (then it found some of them, never another).
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import split_runs

from gkstats.formats import Kind
from gkstats.parse._split import (
    Group,
    Piece,
    _cells_from,
    _count_cells,
    _count_stop,
    pieces,
    reference_split,
    split_run,
)


@settings(max_examples=1000, deadline=None)
@given(split_runs())
def test_the_search_finds_the_splits_of_the_definition(
    case: tuple[list[Piece], tuple[Kind, ...], tuple[Group, ...]],
) -> None:
    items, kinds, groups = case
    found, stopped = split_run(items, kinds, groups)
    expected = Counter(reference_split(items, kinds, groups))
    if stopped:
        assert Counter(found) <= expected
    else:
        assert Counter(found) == expected


C, S = Kind.COUNT, Kind.SIGNED


def test_regression_a_number_with_thousands_separators_is_one_cell() -> None:
    """As many digits as cells used to cut 「1,234」 into four cells."""
    assert ([], False) == split_run([Piece("1234", whole=True)], [C] * 4)


def test_regression_a_total_over_some_cells_leaves_the_others_free() -> None:
    """The bound on what the digits left can add up to once took every open cell for a part
    of the one total (true of a table 三 row only)."""
    found, _ = split_run([Piece("4478375012")], [C, C, C], [Group(0, (1,))])
    assert (4, 4, 78375012) in [s.values for s in found]
    found, _ = split_run([Piece("764600")], [C, C, C], [Group(2, (1,))])
    assert (7646, 0, 0) in [s.values for s in found]


def test_regression_a_signed_part_may_lower_a_total() -> None:
    items, _ = pieces("5370 103-5")
    found, _ = split_run(items, [C, C, C, C, C, S], [Group(0, (1, 2, 5))])
    assert (5, 3, 7, 0, 103, -5) in [s.values for s in found]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789.+-", min_size=1, max_size=20), st.data())
def test_counts_from_digits_are_the_cells_a_count_may_take(body: str, data: st.DataObject) -> None:
    """:func:`_count_cells` (the common case) reads as :func:`_cells_from` for a count."""
    off = data.draw(st.integers(0, len(body) - 1))
    piece = Piece(body, unit="件")
    stop = _count_stop(body, off)
    expected = list(_cells_from(piece, 3, off, Kind.COUNT))
    assert expected == ([] if stop is None else list(_count_cells(piece, 3, off, stop)))
