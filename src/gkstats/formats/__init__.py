"""The official formats, each declared once, and the registry by id and by report year."""

from __future__ import annotations

from .._errors import GkError
from ._f2019 import F2019
from ._f2021 import F2021
from ._legacy import LEGACY
from ._model import Block, CellSpec, Format, Guidance, Kind, Node, Part, Sum, TableSpec

#: The official formats gkstats knows, oldest first.
FORMATS: tuple[Format, ...] = (LEGACY, F2019, F2021)
_BY_ID = {f.id: f for f in FORMATS}


def get_format(format_id: str | Format) -> Format:
    """The format with this id (``legacy``, ``f2019``, ``f2021``, or one registered)."""
    if isinstance(format_id, Format):
        return format_id
    try:
        return _BY_ID[format_id]
    except KeyError:
        raise GkError(
            "unknown_format",
            zh=f"未知的表格格式「{format_id}」，可用：{'、'.join(_BY_ID)}",
            en=f"unknown format {format_id!r}; known: {', '.join(_BY_ID)}",
        ) from None


def register(fmt: Format) -> Format:
    """Make a format declared outside gkstats (a province's own variant, the next national
    revision) known by its id: table JSON, workbooks made from its template and ``--format``
    then find it.  Formats are read from a report's labels only among :data:`FORMATS`."""
    known = _BY_ID.get(fmt.id)
    if known is not None and known is not fmt:
        raise GkError(
            "format_exists",
            zh=f"已有格式「{fmt.id}」",
            en=f"a format {fmt.id!r} exists already",
        )
    _BY_ID[fmt.id] = fmt
    return fmt


def current_format() -> Format:
    """The official format in force today (the one whose years are open-ended)."""
    return next(f for f in reversed(FORMATS) if f.years[1] is None)


def format_for_year(year: int) -> Format:
    """The format in force for a report year: 2014–2018 legacy, 2019–2020 f2019, 2021 on f2021."""
    for f in FORMATS:
        if f.covers(year):
            return f
    raise GkError(
        "unsupported_year",
        zh=f"{year}年度没有全国统一的统计表格式（gkstats 支持2014年度及以后）",
        en=f"no national statistics format for report year {year} (gkstats supports 2014 on)",
    )


__all__ = [
    "FORMATS",
    "Block",
    "CellSpec",
    "Format",
    "Guidance",
    "Kind",
    "Node",
    "Part",
    "Sum",
    "TableSpec",
    "current_format",
    "format_for_year",
    "get_format",
    "register",
]
