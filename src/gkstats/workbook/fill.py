"""Writing figures into workbooks: 导入上年 into the user's own workbook, and the 汇总 workbook.

Both go through the gateway, so the cells are the ones the reader found (by name or by
label) and nothing else in the workbook is touched; files are written atomically, and the
user's file is backed up first when it is written in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .._errors import GkError
from .._files import saved_in_place
from ..consolidate import Consolidation
from ..table import Table
from ..values import Unreadable, format_number
from . import _openpyxl, template
from .gateway import Cell, Workbook
from .reader import missing_error, read_workbook

PROVENANCE_SHEET = "汇总来源"
CONTRIBUTIONS_SHEET = "各单位数值"


def _plain(value: object) -> object:
    """What goes into a cell: numbers as numbers, unreadable input as its text."""
    if isinstance(value, Unreadable):
        return value.raw
    if value is None or isinstance(value, (int, str)):
        return value
    return float(format_number(value))  # type: ignore[arg-type]


def fill_cells(wb: Workbook, cells: Mapping[str, object]) -> dict[str, tuple[str, Cell]]:
    """Write values into the cells the reader locates in ``wb``; returns where they went."""
    read = read_workbook(wb)
    missing = [c for c in cells if c not in read.located]
    if missing:
        raise (
            missing_error(read, "工作簿")
            if read.missing
            else GkError(
                "cell_not_found",
                zh=f"工作簿中找不到这些单元格：{'、'.join(missing)}",
                en=f"cells not found in the workbook: {', '.join(missing)}",
            )
        )
    by_sheet: dict[str, dict[Cell, object]] = {}
    for cell_id, value in cells.items():
        sheet, cell = read.located[cell_id]
        by_sheet.setdefault(sheet, {})[cell] = _plain(value)
    for sheet, values in by_sheet.items():
        wb.write_values(sheet, values)
    return {c: read.located[c] for c in cells}


def write_carry_over(
    source: str | Path,
    filled: Table,
    target: str | Path | None = None,
    *,
    overwrite: bool = False,
    inputs: tuple[str | Path, ...] = (),
) -> tuple[Path, Path | None]:
    """导入上年 into a workbook: 上年结转 written from ``filled`` (see crossyear.carry_over).

    Written into the workbook's own XML (the package editor): only the 上年结转 cells
    change.  Without ``target`` the source is changed in place, after a backup copy
    ``<name>.bak.xlsx`` (through a symbolic link, the file it points to); a ``target`` must
    be new (or ``overwrite``), must be neither the source nor one of the ``inputs`` and
    keeps the source's type.  Returns where it wrote, and the backup.
    """
    from ._package import PackageWorkbook
    from .marks import workbook_target

    src = Path(source)
    in_place = target is None
    out = workbook_target(
        src, target, in_place=in_place, overwrite=overwrite, tag="",
        inputs=tuple(Path(p) for p in inputs),
    )  # fmt: skip
    wb = PackageWorkbook(out if in_place else src)
    cells = {c: filled[c] for c in filled.format.ids if c.startswith("t3.carried.")}
    fill_cells(wb, cells)
    return out, saved_in_place(out, lambda: wb.save(out), in_place)


def write_consolidated_workbook(result: Consolidation, output: str | Path) -> Path:
    """The 汇总 workbook: the official template holding the sums, plus where they come from."""
    table = result.table
    out = Path(output)
    wb = _openpyxl.OpenpyxlWorkbook(
        template.build(table.format, year=table.year, organ=table.organ)
    )
    fill_cells(wb, {c: v for c, v in table.cells.items()})
    wb.add_sheet(PROVENANCE_SHEET)
    wb.write_table(
        PROVENANCE_SHEET,
        ["序号", "单位", "文件", "校验", "错误", "警告", "第一条错误"],
        [
            [
                k,
                u.organ,
                u.source,
                "通过" if u.valid else "未通过",
                u.errors,
                u.warnings,
                u.first_error or "",
            ]
            for k, u in enumerate(result.units, start=1)
        ],
        widths=(6, 24, 40, 8, 6, 6, 80),
    )
    names = [u.organ or u.source for u in result.units]
    rows = []
    for spec in table.format.cells:
        parts = dict(result.contributions.get(spec.id, ()))
        if not parts:
            continue
        rows.append(
            [
                spec.id,
                spec.table.number,
                " › ".join(spec.row_labels),
                " › ".join(spec.column_labels),
                _plain(table[spec.id]),
            ]
            + [_plain(parts.get(k)) for k in range(len(names))]
        )
    wb.add_sheet(CONTRIBUTIONS_SHEET)
    wb.write_table(
        CONTRIBUTIONS_SHEET,
        ["单元格", "表", "行", "列", "汇总", *names],
        rows,
        widths=(28, 6, 40, 24, 10, *([12] * len(names))),
    )
    _openpyxl.save_atomic(wb.book, out)
    return out


__all__ = ["fill_cells", "write_carry_over", "write_consolidated_workbook"]
