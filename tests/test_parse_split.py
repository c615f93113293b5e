"""Splitting run-together figures: every valid split, only valid splits, in bounded time."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gkstats.formats import Kind
from gkstats.parse._split import Group, Piece, pieces, split_run

C, S, A = Kind.COUNT, Kind.SIGNED, Kind.AMOUNT
ROW = Group(6, (0, 1, 2, 3, 4, 5))  # a table 三 row: 总计 last
T4 = [Group(4, (0, 1, 2, 3)), Group(9, (5, 6, 7, 8)), Group(14, (10, 11, 12, 13))]


def values(run: str, kinds: list[Kind], groups: list[Group]) -> list[tuple[object, ...]]:
    items, _ = pieces(run)
    found, stopped = split_run(items, kinds, groups)
    assert not stopped
    return [s.values for s in found]


def test_the_issue_example() -> None:
    assert values("640020470", [C] * 7, [ROW]) == [(64, 0, 0, 2, 0, 4, 70)]


def test_several_splits_are_all_returned() -> None:
    assert values("220000325", [C] * 7, [ROW]) == [
        (2, 20, 0, 0, 0, 3, 25),
        (22, 0, 0, 0, 0, 3, 25),
    ]


def test_white_space_is_a_cell_boundary() -> None:
    assert values("230 000023", [C] * 7, [ROW]) == [(23, 0, 0, 0, 0, 0, 23)]
    assert values("0 0 0 0 0 00", [C] * 7, [ROW]) == [(0,) * 7]


def test_table_4_in_one_line() -> None:
    assert values("10203120001200000", [C] * 15, T4) == [
        (1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)
    ]
    assert values("25380363300630003", [C] * 15, T4) == [
        (25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3)
    ]


def test_amounts_units_and_decimal_points() -> None:
    items, _ = pieces("13575394432.52元")
    found, _ = split_run(items, [C, A])
    assert len(found) == 10
    assert ("135", "75394432.52元") in [s.raws for s in found]
    assert all(s.raws[1] and s.raws[1].endswith("元") for s in found)
    assert values("24252.311082", [A], []) == [(Decimal("24252.311082"),)]
    # a decimal point never ends up in a count
    assert values("1.5", [C, C], []) == []


def test_units_written_alone_and_blank_marks() -> None:
    assert pieces("万元\n\n0") == ([Piece("0")], ["万元"])
    items, _ = pieces("— 3")
    assert items == [Piece("", blank=True), Piece("3")]
    assert values("— 3", [C, C], []) == [(None, 3)]
    assert values("1,234", [C], []) == [(1234,)]


def test_signed_cells() -> None:
    assert (396, -18, 181) in values("396 -18 181", [C, S, C], [])


def test_no_leading_zeros() -> None:
    assert values("05", [C], []) == []
    assert values("005", [C, C], []) == []  # 0|05 and 00|5 both have a leading zero
    assert values("005", [C, C, C], []) == [(0, 0, 5)]


def test_long_garbage_stops_instead_of_hanging() -> None:
    items, _ = pieces("9" * 200)
    found, stopped = split_run(items, [C] * 7, [ROW])
    assert stopped or found == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 3000), min_size=6, max_size=6), st.booleans())
def test_a_rendered_row_splits_back(parts: list[int], spaced: bool) -> None:
    """The true row is always among the splits, and every split keeps the row total."""
    row = [*parts, sum(parts)]
    run = (" " if spaced else "").join(str(v) for v in row)
    found = values(run, [C] * 7, [ROW])
    assert tuple(row) in found
    for split in found:
        assert split[6] == sum(split[:6])  # type: ignore[operator]
        assert "".join(str(v) for v in split) == run.replace(" ", "")
    if spaced:
        assert found == [tuple(row)]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=12, max_size=12))
def test_table_4_line_splits_back(parts: list[int]) -> None:
    line: list[int] = []
    for k in range(3):
        block = parts[4 * k : 4 * k + 4]
        line += [*block, sum(block)]
    items, _ = pieces("".join(map(str, line)))
    found, stopped = split_run(items, [C] * 15, T4)
    # long lines of three-digit figures may exhaust the search: then the parser says the
    # cells are ambiguous (never a wrong value); otherwise the true line is among the splits
    assert stopped or tuple(line) in [s.values for s in found]
    for split in found:
        for g in T4:
            assert split.values[g.total] == sum(split.values[p] for p in g.parts)  # type: ignore[misc]
