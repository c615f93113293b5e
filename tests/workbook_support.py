"""Helpers for the workbook tests: fill a template through its names, build hand-made
variants of the official layout, snapshot every cell's fill and note."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl

from gkstats import Kind, Table
from gkstats.workbook import OpenpyxlWorkbook, template
from gkstats.workbook.gateway import Note, parse_reference
from gkstats.workbook.reader import values_for


def filled_template(table: Table, path: Path) -> Path:
    """The format's template with the table written through the defined names."""
    wb = OpenpyxlWorkbook(template.build(table.format, year=table.year, organ=table.organ))
    names = wb.defined_names()
    values = values_for(table, [c.id for c in table.format.cells])
    for spec in table.format.cells:
        value = values[spec.id]
        if value is None or spec.name not in names:
            continue
        ref = parse_reference(names[spec.name])
        assert ref is not None
        wb.write_values(ref[0], {ref[1]: value})
    for key, text in table.narrative.items():
        ref = parse_reference(names[template.text_name(key)])
        assert ref is not None
        wb.write_values(ref[0], {ref[1]: text})
    wb.save(path)
    return path


def without_template_only(table: Table) -> Table:
    """The table as the template can hold it: optional cells the form has no place for blank."""
    omitted = [i for sp in template.plan(table.format) for i in sp.omitted]
    return table.replace(dict.fromkeys(omitted)) if omitted else table


def _mangle(text: str, rnd: random.Random) -> str:
    """A label as a person retypes it: full-width numbering, stray spaces and line breaks."""
    text = text.replace("1.", "1．").replace("2.", "2、")
    if rnd.random() < 0.5:
        text = text.replace("（", "(").replace("）", ")")
    if len(text) > 3:
        k = rnd.randrange(1, len(text) - 1)
        text = text[:k] + rnd.choice([" ", "\n", "\u3000", "  "]) + text[k:]
    return f" {text} "


def hand_made(table: Table, path: Path, *, seed: int = 0, merge: bool = True) -> Path:
    """The official layout retyped by hand: other sheet names, rows inserted above and
    inside each table, labels respelled, merges kept or not, some figures typed as text."""
    rnd = random.Random(seed)
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    values = values_for(table, [c.id for c in table.format.cells])
    for n, sp in enumerate(template.plan(table.format)):
        ws = book.create_sheet(f"Sheet{n + 1}")
        inserted = sorted(rnd.sample(range(3, sp.last_row), 3))

        def shift(r: int, inserted: list[int] = inserted) -> int:
            return r + 2 + sum(1 for i in inserted if i <= r)

        for lb in sp.labels:
            if not lb.text:
                continue
            ws.cell(shift(lb.top), lb.left + 1, _mangle(lb.text, rnd))
            if merge and (lb.bottom > lb.top or lb.right > lb.left):
                ws.merge_cells(
                    start_row=shift(lb.top), start_column=lb.left + 1,
                    end_row=shift(lb.bottom), end_column=lb.right + 1,
                )  # fmt: skip
        for i in sp.inputs:
            v = values[i.cell_id]
            spec = table.format.cell(i.cell_id)
            if v is not None and spec.kind is Kind.COUNT and rnd.random() < 0.3:
                v = f"{v}{spec.unit}"  # typed as text with its unit: 29件
            ws.cell(shift(i.row), i.col + 1, v)
    book.worksheets[0]["A1"] = f"{table.year}年度政府信息公开工作年度报告"
    book.worksheets[0]["A2"] = f"填报单位：{table.organ}"
    book.save(path)
    return path


def snapshot(path: Path) -> dict[tuple[str, int, int], tuple[str | None, Note | None]]:
    """Every cell's fill and note (through the gateway), for before/after comparisons."""
    wb = OpenpyxlWorkbook.open(path)
    out: dict[tuple[str, int, int], tuple[str | None, Note | None]] = {}
    for name in wb.sheet_names():
        ws = wb.book[name]
        for r, c in list(ws._cells):
            out[(name, r, c)] = (wb.fill_state(name, (r, c)), wb.note(name, (r, c)))
    return out
