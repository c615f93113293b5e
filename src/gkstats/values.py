"""Reading a figure as people type it, in one place.

Every reader (JSON, workbook, published report) sends what it found through
:func:`read_value`, so "29", "29件", "２９", "1,234", "0.5万元", "—" and "无" mean the same
thing everywhere.  Text that cannot be read is kept, quoted, as :class:`Unreadable`; the
checker turns it into a finding instead of guessing.

What a cell may hold is bounded here too, before anything is converted (see
:mod:`gkstats._limits`): ``1e999999999`` is not expanded into a billion digits, a 5,000-digit
number is not handed to ``int``, NaN and the infinities are not figures.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import attrs

from ._limits import FIGURE_DECIMALS, FIGURE_DIGITS, FIGURE_TEXT
from ._text import clean
from .formats import Kind

Number = int | Decimal


@attrs.frozen
class Unreadable:
    """Input that is not a figure; ``raw`` is exactly what the user typed (or what a report
    printed: figures run together, ``candidates`` the values they may split into)."""

    raw: str
    zh: str = attrs.field(default="无法识别为数字", eq=False)
    en: str = attrs.field(default="not a number", eq=False)
    #: What the cell may hold, as one would type it (「89」, 「75394432.52元」): a person
    #: settles it by choosing (``gkstats parse --set``, or the table JSON's ``cells``).
    candidates: tuple[str, ...] = ()


#: A cell's content: a number, ``None`` for blank (not the same as 0), or unreadable input.
CellValue = int | Decimal | Unreadable | None


@attrs.frozen
class Reading:
    value: CellValue
    #: The unit written next to the figure ("元", "万元", "件" …), if any.
    unit: str | None = None


#: Marks people put in a cell to say "nothing to report here": read as blank.
BLANK_MARKS = frozenset({"-", "--", "—", "——", "–", "―", "/", "\\", "／", "…", "……", "空"})
#: Words that mean "none": read as 0.
ZERO_WORDS = frozenset({"无", "没有", "零"})

COUNT_UNITS = ("人次", "件", "条", "次", "人", "个", "篇", "项", "起", "份", "家")
MONEY_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001")}
_UNIT_RE = "|".join(sorted([*COUNT_UNITS, *MONEY_UNITS], key=len, reverse=True))
_NUMBER = re.compile(
    r"(?P<sign>[+\-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>" + _UNIT_RE + r")?"
)
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = re.compile(r"(?P<num>[零〇一二两三四五六七八九十百千万]+)(?P<unit>" + _UNIT_RE + r")?")
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_MINUS = str.maketrans({"−": "-", "－": "-", "﹣": "-", "＋": "+", "，": ",", "．": "."})


def parse_chinese_int(text: str) -> int | None:
    """二十九 → 29, 一百零五 → 105, 三万两千 → 32000, 二〇二五 → 2025; ``None`` if not a numeral."""
    if not text or len(text) > FIGURE_TEXT:
        return None  # not a figure however it is read, and no 5,000-digit int for it
    if any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch != "万" for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit: 二〇二五
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_MINUS)
    return _SPACES.sub("", text)


def read_value(raw: object, kind: Kind = Kind.COUNT, unit: str = "") -> Reading:
    """Normalise one cell's input for a cell of this kind and unit."""
    if raw is None:
        return Reading(None)
    if type(raw) is int and kind is not Kind.AMOUNT and -_INT_BOUND < raw < _INT_BOUND:
        return Reading(raw)  # the common case, already a figure
    if isinstance(raw, bool):
        return Reading(Unreadable(str(raw), "逻辑值不是数字", "a boolean is not a figure"))
    if isinstance(raw, int):
        if not -_INT_BOUND < raw < _INT_BOUND:
            return Reading(_too_large(_int_text(raw)))
        return Reading(_finish(Decimal(raw), kind))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return Reading(Unreadable(repr(raw), "不是有限的数", "not a finite number"))
        return Reading(_bounded(Decimal(repr(raw)), repr(raw), kind))
    if isinstance(raw, Decimal):
        return Reading(_bounded(raw, str(raw), kind))
    if not isinstance(raw, str):
        return Reading(
            Unreadable(str(raw), f"不支持的值类型 {type(raw).__name__}", "unsupported value type")
        )
    return _read_text(raw, kind, unit)


def plain_digits(raw: str) -> bool:
    """Whether ``raw`` is plain ASCII digits that ``int`` may read as they are (the common
    case, read without normalising): not so long that it could exceed the bounds."""
    return len(raw) < FIGURE_DIGITS and raw.isascii() and raw.isdigit()


def _read_text(raw: str, kind: Kind, unit: str) -> Reading:
    if kind is not Kind.AMOUNT and plain_digits(raw):
        return Reading(int(raw))
    if len(raw) > FIGURE_TEXT * 4 or len(raw.strip()) > FIGURE_TEXT:
        # far too long to be a figure: not even normalised
        body = raw.strip()
        return Reading(_too_large(raw) if body.isdigit() else Unreadable(raw))
    text = _clean(raw)
    if not text or text in BLANK_MARKS:
        return Reading(None)
    if text in ZERO_WORDS:
        return Reading(_finish(Decimal(0), kind))
    match = _NUMBER.fullmatch(text)
    if match is not None:
        number = Decimal(match["int"].replace(",", "") + (match["frac"] or ""))
        if match["sign"] == "-":
            number = -number
        written = match["unit"]
        if not _within(number):
            return Reading(_out_of_bounds(number, raw))
    else:
        cn = _CN_NUMBER.fullmatch(text)
        value = parse_chinese_int(cn["num"]) if cn else None
        if cn is None or value is None:
            return Reading(Unreadable(raw))
        number, written = Decimal(value), cn["unit"]
        if not _within(number):
            return Reading(_out_of_bounds(number, raw))
    if written in MONEY_UNITS:
        if kind is not Kind.AMOUNT:
            return Reading(
                Unreadable(raw, "金额单位不能用于计数单元格", "a money unit in a count cell")
            )
        target = MONEY_UNITS.get(unit or "万元", Decimal(1))
        number = number * MONEY_UNITS[written] / target
        if not _within(number):
            return Reading(_out_of_bounds(number, raw))
    elif written is not None and kind is Kind.AMOUNT:
        return Reading(Unreadable(raw, "金额单元格需要金额", "an amount cell needs money"))
    return Reading(_finish(number, kind), written)


_INT_BOUND = 10**FIGURE_DIGITS


def _within(number: Decimal) -> bool:
    """Whether a finite number is within the bounds: cheap, whatever its exponent."""
    if not number:
        return True
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    if number.adjusted() >= FIGURE_DIGITS:
        return False
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return exponent + trailing >= -FIGURE_DECIMALS


def _too_large(raw: str) -> Unreadable:
    return Unreadable(
        raw,
        f"数值过大（超过 {FIGURE_DIGITS} 位整数），不是统计数字",
        f"too large for a figure (over {FIGURE_DIGITS} digits)",
    )


def _out_of_bounds(number: Decimal, raw: str) -> Unreadable:
    if number.adjusted() >= FIGURE_DIGITS:
        return _too_large(raw)
    return Unreadable(
        raw,
        f"小数位数过多（超过 {FIGURE_DECIMALS} 位）",
        f"too many decimal places (over {FIGURE_DECIMALS})",
    )


def _bounded(number: Decimal, raw: str, kind: Kind) -> int | Decimal | Unreadable:
    """A number given as a number (JSON, a workbook, the API): finite and within bounds."""
    if not number.is_finite():
        return Unreadable(raw, "不是有限的数", "not a finite number")
    if not number:
        return _finish(Decimal(0), kind)  # 0E+999999999 is zero, not a billion digits
    if not _within(number):
        return _out_of_bounds(number, raw)
    return _finish(number, kind)


def json_int(text: str) -> int | Decimal:
    """A JSON integer as the JSON readers take it: an ``int`` when short, else a ``Decimal``
    (no conversion limit, no quadratic cost) that :func:`read_value` then refuses."""
    return int(text) if len(text) <= FIGURE_DIGITS + 3 else Decimal(text)


def json_float(text: str) -> Decimal | str:
    """A JSON number with a point or an exponent: a ``Decimal``, or, when too long to be a
    figure or beyond what a ``Decimal`` holds (``1e-`` and 50,000 digits), the text as
    written, which :func:`read_value` then refuses quoting it."""
    if len(text) > FIGURE_TEXT:
        return text
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _int_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # more digits than Python converts to text
        return f"<{value.bit_length() * 3 // 10} 位以上的整数>"


def _finish(number: Decimal, kind: Kind) -> int | Decimal:
    try:
        if kind is Kind.AMOUNT:
            if number == number.to_integral_value():
                return Decimal(int(number))
            return number.normalize()
        if number == number.to_integral_value():
            return int(number)
    except InvalidOperation:  # pragma: no cover - finite Decimals only reach here
        pass
    return number


def normalize(raw: object, kind: Kind = Kind.COUNT, unit: str = "") -> CellValue:
    """The value of :func:`read_value`, without the unit it was written in."""
    return read_value(raw, kind, unit).value


#: How much of an unreadable input a message quotes.
QUOTE_CHARS = 40


def quote(raw: str) -> str:
    """What a message quotes of the user's input: cleaned for any writer, and shortened."""
    text = clean(raw)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def format_number(value: CellValue) -> str:
    """How a figure is shown in messages: 29, 0.5, 空白 for blank, the quoted text if unreadable."""
    if value is None:
        return "空白"
    if isinstance(value, Unreadable):
        return f"「{quote(value.raw)}」"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
