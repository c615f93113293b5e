"""Template → filled through the names → read back: the same table, by either reader."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import valid_tables
from workbook_support import filled_template, hand_made, without_template_only

from gkstats import FORMATS, Table, check
from gkstats.readers import read_table
from gkstats.workbook import _calamine, read_file

IDS = [f.id for f in FORMATS]
needs_calamine = pytest.mark.skipif(
    not _calamine.available(), reason="python-calamine (the fast extra) is not installed"
)
_SETTINGS = settings(max_examples=12)
pytestmark = pytest.mark.slow


def _same(expected: Table, got: Table) -> None:
    assert [c.id for c, _ in expected.items()] == [c.id for c, _ in got.items()]
    diffs = [(c.id, a, b) for (c, a), (_, b) in zip(expected.items(), got.items()) if a != b]
    assert diffs == []
    assert (expected.format, expected.year, expected.organ) == (got.format, got.year, got.organ)
    assert expected == got


@pytest.mark.parametrize("format_id", IDS)
def test_template_round_trip(format_id: str) -> None:
    @_SETTINGS
    @given(valid_tables(format_id))
    def run(table: Table) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = filled_template(table, Path(tmp) / "filled.xlsx")
            read = read_file(path)
            _same(without_template_only(table), read.table)
            assert read.missing == () and read.uncached == ()
            assert set(read.by_name) == set(read.located)  # every cell found by its name
            assert check(read.table).valid
            assert read_table(path) == read.table

    run()


@needs_calamine
@pytest.mark.parametrize("format_id", IDS)
def test_calamine_reads_the_same_as_openpyxl(format_id: str) -> None:
    @_SETTINGS
    @given(valid_tables(format_id), st.booleans())
    def run(table: Table, by_hand: bool) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "t.xlsx"
            if by_hand:
                hand_made(table, path)
            else:
                filled_template(table, path)
            slow, fast = read_file(path), read_file(path, fast=True)
            _same(slow.table, fast.table)
            assert dict(slow.table.addresses) == dict(fast.table.addresses)
            assert slow.missing == fast.missing

    run()


def test_narrative_and_metadata_round_trip(tmp_path: Path) -> None:
    narrative = {
        "overview": "本年度……总体情况。",
        "problems": "存在的问题……",
        "other": "无收取信息处理费情况。",
    }
    table = Table.from_cells("f2021", 2025, "某某市某某局", {"t3.new.natural": 3}).replace(
        narrative=narrative
    )
    read = read_file(filled_template(table, tmp_path / "t.xlsx"))
    assert dict(read.table.narrative) == narrative
    assert (read.table.year, read.table.organ) == (2025, "某某市某某局")


def test_amounts_keep_their_decimals(tmp_path: Path) -> None:
    table = Table.from_cells("f2021", 2021, "平潭", {"t2.fees.amount": Decimal("24252.311082")})
    read = read_file(filled_template(table, tmp_path / "t.xlsx"))
    assert read.table["t2.fees.amount"] == Decimal("24252.311082")


@pytest.mark.parametrize("format_id", IDS)
@pytest.mark.parametrize("merge", [True, False])
def test_hand_made_variant_reads_to_the_same_table(format_id: str, merge: bool) -> None:
    """Rows inserted, labels respaced and renumbered, other sheet names, no defined names."""

    @settings(max_examples=6)
    @given(valid_tables(format_id), st.integers(0, 10_000))
    def run(table: Table, seed: int) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = hand_made(table, Path(tmp) / "hand.xlsx", seed=seed, merge=merge)
            read = read_file(path)
            assert read.by_name == frozenset()
            assert read.missing == ()
            _same(without_template_only(table), read.table)
            assert all(a.startswith("Sheet") for a in read.table.addresses.values())

    run()
