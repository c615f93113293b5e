"""The official formats, each declared once, and the registry by id and by report year."""

from __future__ import annotations

from .._errors import GkError
from ._f2019 import F2019
from ._f2021 import F2021
from ._legacy import LEGACY
from ._model import Block, CellSpec, Format, Guidance, Kind, Node, Sum, TableSpec

FORMATS: tuple[Format, ...] = (LEGACY, F2019, F2021)
_BY_ID = {f.id: f for f in FORMATS}


def get_format(format_id: str | Format) -> Format:
    """The format with this id (``legacy``, ``f2019``, ``f2021``)."""
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
    "Sum",
    "TableSpec",
    "format_for_year",
    "get_format",
]
