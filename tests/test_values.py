from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkstats import Kind, Unreadable, normalize, read_value
from gkstats.values import format_number, parse_chinese_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (29, 29),
        ("29", 29),
        ("29件", 29),
        (" 29 件 ", 29),
        ("２９", 29),
        ("1,234", 1234),
        ("1，234", 1234),
        ("0", 0),
        ("无", 0),
        ("—", None),
        ("-", None),
        ("/", None),
        ("", None),
        ("  ", None),
        ("\u3000", None),
        (None, None),
        (29.0, 29),
        ("二十九", 29),
        ("一百零五件", 105),
        ("12 人次", 12),
    ],
)
def test_counts_read_as_people_type_them(raw, expected):
    assert normalize(raw, Kind.COUNT) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0.5", Decimal("0.5")),
        ("0.5万元", Decimal("0.5")),
        ("75394432.52元", Decimal("7539.443252")),
        ("24252.311082", Decimal("24252.311082")),
        (2, Decimal(2)),
        ("100000元", Decimal(10)),
    ],
)
def test_amounts_are_decimals_in_wanyuan(raw, expected):
    assert normalize(raw, Kind.AMOUNT, "万元") == expected


def test_the_unit_written_is_kept():
    assert read_value("75394432.52元", Kind.AMOUNT, "万元").unit == "元"


def test_signed_counts_take_a_minus():
    assert normalize("-18", Kind.SIGNED) == -18
    assert normalize("−18", Kind.SIGNED) == -18  # U+2212


def test_negative_count_is_kept_for_the_checker_to_report():
    assert normalize("-3", Kind.COUNT) == -3


@pytest.mark.parametrize("raw", ["abc", "29%", "1e3", "二十九点五", "3件5", True])
def test_unreadable_input_is_kept_verbatim(raw):
    value = normalize(raw, Kind.COUNT)
    assert value == Unreadable(str(raw))


def test_money_in_a_count_cell_is_unreadable():
    assert normalize("5元", Kind.COUNT) == Unreadable("5元")


def test_decimal_in_a_count_cell_is_kept_not_rounded():
    assert normalize("2.5", Kind.COUNT) == Decimal("2.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百", 100),
        ("三万两千", 32000),
        ("二〇二五", 2025),
    ],
)
def test_chinese_numerals(text, expected):
    assert parse_chinese_int(text) == expected


@given(st.integers(0, 10**9))
def test_any_count_round_trips_through_its_display(n):
    assert normalize(format_number(n), Kind.COUNT) == n
    assert normalize(f"{n:,}", Kind.COUNT) == n


def test_long_digit_runs_are_read_in_linear_time():
    assert normalize("9" * 100_000 + "x", Kind.COUNT) == Unreadable("9" * 100_000 + "x")
