"""What parsing a published report returns: the table, how each cell was read, and why.

A parser never guesses: a cell whose label was not found is ``missing``; a cell the text
allows several values for (run-together figures that split more than one way) is
``ambiguous`` and lists the candidates; only ``ok`` and ``blank`` cells go into the table.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from ..convert import NEAR_LABEL, NOT_PRINTED
from ..findings import CheckResult
from ..messages import Message
from ..table import Table
from ..values import CellValue, Unreadable


class Status(str, enum.Enum):
    """How a cell was read from a report (nothing is guessed: unclear is ``ambiguous``)."""

    OK = "ok"  # a figure was read
    BLANK = "blank"  # the cell is there and empty (or a blank mark such as 「—」)
    MISSING = "missing"  # the cell was not found in the report
    AMBIGUOUS = "ambiguous"  # the text allows several values

    @property
    def zh(self) -> str:
        return {"ok": "已读取", "blank": "空白", "missing": "未找到", "ambiguous": "有歧义"}[
            self.value
        ]


@attrs.frozen(slots=False)
class CellReading:
    """How one cell of the format was read.

    (One per cell of every report parsed: without slots, attrs fills a frozen instance's
    dict directly, which makes it a third cheaper to build.)"""

    id: str
    status: Status
    #: The raw text as found (a figure, a blank mark, or the run it was split from).
    raw: str | None = None
    #: For ambiguous cells: every value some valid reading gives, in order.
    candidates: tuple[CellValue, ...] = ()
    #: Where it was found: 「表格2 第5行第3列」, 「文本第1234字」.
    where: str | None = None
    #: How the cell was placed: header, count, position, split, split+F21-01 …;
    #: :data:`NOT_PRINTED` for a missing part a subtotal row stands for.
    how: str | None = None


@attrs.frozen
class LabelMatch:
    """A label as the report prints it, and the declared label it was taken for."""

    found: str
    label: str
    #: exact, normalised, alias, unnumbered, fuzzy, near (a few characters off), position
    how: str
    table: str
    kind: str
    score: float = 1.0


@attrs.frozen
class ParseNote:
    """Something the reader of the parse report should know (an ambiguity, a guess avoided)."""

    code: str
    message: Message
    cells: tuple[str, ...] = ()


@attrs.frozen
class Detection:
    """Why the parser took the report for this format, year and organ."""

    format: str
    year: int
    organ: str
    #: Share of the format's labels found, by format id.
    scores: dict[str, float] = attrs.field(factory=dict)
    year_from: str = ""
    organ_from: str = ""
    title: str | None = None


@attrs.frozen
class ParseResult:
    """A parsed report: the table, how each cell was read, the labels matched, the notes,
    the check of the table and of its narrative, and what was detected."""

    source: str
    #: html, text, docx, pdf, xlsx, json
    kind: str
    table: Table
    readings: tuple[CellReading, ...]
    labels: tuple[LabelMatch, ...]
    notes: tuple[ParseNote, ...]
    check: CheckResult
    detection: Detection
    #: The report's own text (outside the tables), as read.
    narrative: str = attrs.field(default="", repr=False)

    def reading(self, cell_id: str) -> CellReading:
        for r in self.readings:
            if r.id == cell_id:
                return r
        raise KeyError(cell_id)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.readings if r.status is status)

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Status}

    @property
    def complete(self) -> bool:
        """Every required cell read (optional ones may be missing), nothing ambiguous."""
        fmt = self.table.format
        for r in self.readings:
            if r.status is Status.AMBIGUOUS:
                return False
            if r.status is Status.MISSING and not fmt.cell(r.id).optional:
                if r.how != NOT_PRINTED:
                    return False
        return True

    @property
    def valid(self) -> bool:
        return self.check.valid


def reading_to_json(table: Table, reading: CellReading) -> dict[str, Any]:
    from ..convert import value_to_json

    spec = table.format.cell(reading.id)
    value = table.values[spec.index] if reading.status is Status.OK else None
    out: dict[str, Any] = {
        "id": reading.id,
        "table": spec.table.number,
        "section": spec.block.caption,
        "row": list(spec.row_labels),
        "column": list(spec.column_labels),
        "value": value_to_json(value),
        "unit": spec.unit or None,
        "status": reading.status.value,
        "optional": spec.optional,
    }
    if reading.id in table.written_units:
        out["written_unit"] = table.written_units[reading.id]
    if reading.raw is not None:
        out["raw"] = reading.raw
    cell = table.values[spec.index]
    if isinstance(cell, Unreadable) and cell.candidates:
        # as one would type them (an amount with the unit its report wrote)
        out["candidates"] = [int(c) if c.isascii() and c.isdigit() else c for c in cell.candidates]
    elif reading.candidates:
        out["candidates"] = [value_to_json(v) for v in reading.candidates]
    if reading.where:
        out["where"] = reading.where
    if reading.how:
        out["how"] = reading.how
    return out


def result_to_json(result: ParseResult) -> dict[str, Any]:
    """The ``gkstats parse --json`` object: cells with the labels of ``gkstats formats``."""
    from ..convert import converter

    check = converter.unstructure(result.check)
    d = result.detection
    return {
        "source": result.source,
        "kind": result.kind,
        "format": result.table.format.id,
        "year": result.table.year,
        "organ": result.table.organ,
        "valid": result.check.valid,
        "complete": result.complete,
        "counts": result.counts,
        "cells": [reading_to_json(result.table, r) for r in result.readings],
        "findings": check["findings"],
        "summary": check["summary"],
        "check_counts": check["counts"],
        "detection": {
            "title": d.title,
            "scores": d.scores,
            "year_from": d.year_from,
            "organ_from": d.organ_from,
        },
        "labels": [
            {
                "found": m.found,
                "label": m.label,
                "how": m.how,
                "table": m.table,
                "kind": m.kind,
                "score": round(m.score, 3),
            }
            for m in result.labels
        ],
        "notes": [
            {"code": n.code, "zh": n.message.zh, "en": n.message.en, "cells": list(n.cells)}
            for n in result.notes
        ],
        # the report's own text by its parts, so that the document reads as a table
        "narrative": dict(result.table.narrative),
    }


__all__ = [
    "NEAR_LABEL",
    "NOT_PRINTED",
    "CellReading",
    "Detection",
    "LabelMatch",
    "ParseNote",
    "ParseResult",
    "Status",
    "reading_to_json",
    "result_to_json",
]
