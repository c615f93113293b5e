"""逐级汇总: many units' tables summed cell by cell, with each unit's status and contribution.

Units are checked first; a unit with errors is still summed (the supervising office decides),
but it is flagged, and an unreadable figure in any unit makes the summed cell unreadable
rather than silently short.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from ._errors import GkError
from .check import check
from .findings import CheckResult
from .table import Table
from .values import CellValue, Unreadable

Number = int | Decimal


@attrs.frozen
class UnitStatus:
    organ: str
    source: str
    valid: bool
    errors: int
    warnings: int
    #: The first error's message (zh), so a list of units says why one is flagged.
    first_error: str | None = None


@attrs.frozen
class Consolidation:
    table: Table
    units: tuple[UnitStatus, ...]
    #: Per cell id, each unit's value (in unit order); blank units are left out.
    contributions: Mapping[str, tuple[tuple[int, CellValue], ...]]
    results: tuple[CheckResult, ...] = attrs.field(repr=False, default=())

    @property
    def flagged(self) -> tuple[UnitStatus, ...]:
        return tuple(u for u in self.units if not u.valid)


def consolidate(
    tables: Sequence[Table],
    organ: str = "汇总",
    sources: Sequence[str] | None = None,
) -> Consolidation:
    """Sum the tables of several units (same format, same year)."""
    if not tables:
        raise GkError("nothing_to_consolidate", zh="没有要汇总的表", en="no tables to consolidate")
    names = (
        list(sources)
        if sources is not None
        else [t.organ or f"#{k + 1}" for k, t in enumerate(tables)]
    )
    _same(tables, names)
    fmt = tables[0].format
    results = tuple(check(t) for t in tables)
    units = tuple(
        UnitStatus(
            organ=t.organ,
            source=src,
            valid=r.valid,
            errors=len(r.errors),
            warnings=len(r.warnings),
            first_error=r.errors[0].message.zh if r.errors else None,
        )
        for t, src, r in zip(tables, names, results)
    )
    values: list[CellValue] = []
    contributions: dict[str, tuple[tuple[int, CellValue], ...]] = {}
    for spec in fmt.cells:
        parts = [(k, t.values[spec.index]) for k, t in enumerate(tables)]
        filled = tuple((k, v) for k, v in parts if v is not None)
        if filled:
            contributions[spec.id] = filled
        bad = [(k, v) for k, v in filled if isinstance(v, Unreadable)]
        if spec.optional and spec.is_total and len(filled) < len(tables):
            # a subtotal row only some units print (（六）其他处理): the sum would not match
            # its parts, and the official form has no such row, so it is left out
            values.append(None)
        elif bad:
            quoted = "；".join(f"{names[k]}：{v.raw}" for k, v in bad if isinstance(v, Unreadable))
            values.append(
                Unreadable(
                    quoted, "有单位的数值无法识别，汇总数不可用", "a unit's value is unreadable"
                )
            )
        elif filled:
            values.append(sum((v for _, v in filled if not isinstance(v, Unreadable)), 0))
        else:
            values.append(None)
    table = Table(fmt, tables[0].year, organ, tuple(values))
    return Consolidation(table, units, contributions, results)


def _same(tables: Sequence[Table], names: Sequence[str]) -> None:
    first = tables[0]
    for t, name in zip(tables[1:], names[1:]):
        if t.format.id != first.format.id:
            raise GkError(
                "mixed_formats",
                zh=f"不能混合汇总不同格式：{names[0]} 为 {first.format.id}，"
                f"{name} 为 {t.format.id}",
                en=f"cannot mix formats: {names[0]} is {first.format.id}, {name} is {t.format.id}",
            )
        if t.year != first.year:
            raise GkError(
                "mixed_years",
                zh=f"不能混合汇总不同年度：{names[0]} 为 {first.year} 年度，"
                f"{name} 为 {t.year} 年度",
                en=f"cannot mix years: {names[0]} is {first.year}, {name} is {t.year}",
            )
