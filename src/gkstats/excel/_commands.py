"""The commands behind the ribbon buttons, each on the calling workbook.

They call the same library functions as the CLI (``read_workbook``, ``check``,
``mark_workbook``, ``clear_workbook``, the template), on the xlwings gateway instead of the
openpyxl one, and return the one message the user sees. Marks are made in the open workbook
and not saved: the user sees them at once and saves (or not) as with any edit. Library
imports happen inside the commands, so that a missing optional piece fails one button only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .._errors import GkError
from ._context import Context, Outcome

if TYPE_CHECKING:
    from ..workbook.reader import WorkbookRead


def doctor(ctx: Context) -> Outcome:
    """诊断: the interpreter, the versions, the paths and whatever is missing."""
    from .doctor import diagnose

    d = diagnose()
    return Outcome(d.text("zh"), "info" if d.ok else "critical")


def _read(ctx: Context) -> WorkbookRead:
    """The calling workbook's table, complete and with its year, or a Chinese alert."""
    from ..workbook.reader import missing_error, read_workbook

    read = read_workbook(ctx.gateway)
    if read.missing:
        raise missing_error(read, ctx.name)
    if not read.year_stated:
        raise GkError(
            "missing_year",
            zh="没有填写报告年度：请在「报告信息」工作表的「年度」一栏填写（如 2025）后再试",
            en="no report year: fill in 年度 on the 报告信息 sheet",
        )
    return read


def check(ctx: Context) -> Outcome:
    """校验: read the workbook's table, check it, mark the cells of the failed rules."""
    from ..check import check as run_check
    from ..workbook.marks import mark_workbook

    read = _read(ctx)
    table = read.table
    result = run_check(table)
    report = mark_workbook(ctx.gateway, table, result)
    e, w, i = len(result.errors), len(result.warnings), len(result.infos)
    organ = table.organ or "（未填单位名称）"
    lines = [
        f"{organ} {table.year}年度 · {table.format.id}（{table.format.title}）",
        f"{'校验通过' if result.valid else '校验未通过'}：{e} 个错误，{w} 个警告，{i} 个提示。",
    ]
    if report.marked:
        lines.append(f"已给 {report.marked} 个单元格标色并加批注说明原因。")
    lines.append(f"逐条结果见「{report.results_sheet}」工作表；点「清除标记」可全部撤销。")
    if report.unplaced:
        lines.append(f"另有 {report.unplaced} 条结果无法对应到单元格，只列在结果表中。")
    return Outcome("\n".join(lines), "info" if result.valid else "critical")


def clear_marks(ctx: Context) -> Outcome:
    """清除标记: remove gkstats' marks, giving cells back their own fills and notes."""
    from ..workbook.marks import clear_workbook

    report = clear_workbook(ctx.gateway)
    if not report.had_marks:
        return Outcome("这个工作簿中没有 gkstats 的校验标记。")
    message = f"已清除校验标记：{report.restored} 个单元格恢复了原有的填充和批注。"
    if report.kept:
        message += f"\n另有 {report.kept} 个单元格在校验后被改动过，保留了您的改动。"
    return Outcome(message)


def report(ctx: Context) -> Outcome:
    """生成报告: the annual report of the workbook's table, written next to the workbook."""
    from ..report import write_next_to

    read = _read(ctx)
    path = Path(str(ctx.book.fullname))
    if not path.is_absolute() and not ctx.remote:
        raise GkError(
            "workbook_not_saved",
            zh="请先保存工作簿：报告会写在工作簿所在的文件夹里。",
            en="save the workbook first: the report is written next to it",
        )
    done = write_next_to(read.table, path)
    return Outcome(done.zh, "info" if done.rendered is not None else "critical")


def import_last_year(ctx: Context) -> Outcome:
    """导入上年: fill 上年结转 from the 结转下年度 of last year's workbook the user picks."""
    from ..crossyear import carry_over
    from ..readers import read_table
    from ..workbook.fill import fill_cells
    from . import _choose

    read = _read(ctx)
    picked = _choose.choose_files(f"选择 {read.table.year - 1} 年度的统计表", multiple=False)
    if not picked:
        return Outcome("已取消导入上年。")
    previous = read_table(picked[0])
    filled = carry_over(previous, read.table)
    cells = {c: filled[c] for c in filled.format.ids if c.startswith("t3.carried.")}
    fill_cells(ctx.gateway, cells)
    text = "、".join(f"{filled.format.cell(c).column.label} {v}" for c, v in cells.items())
    return Outcome(
        f"已从 {picked[0].name} 导入上年结转（{text}）。\n"
        "原来的数字已被替换；如需恢复，请撤销保存或从备份中取回。"
    )


def consolidate(ctx: Context) -> Outcome:
    """汇总: sum the units' workbooks the user picks into a new 汇总 workbook (in Documents)."""
    from ..consolidate import consolidate as run_consolidate
    from ..readers import read_table
    from ..workbook.fill import write_consolidated_workbook
    from . import _choose

    picked = _choose.choose_files("选择要汇总的各单位统计表（可多选）", multiple=True)
    if not picked:
        return Outcome("已取消汇总。")
    tables = [read_table(p) for p in picked]
    result = run_consolidate(tables, "汇总", [p.name for p in picked])
    year = result.table.year
    target = _free_path(_documents(), f"汇总（{year}年度，{len(picked)}个单位）", ".xlsx")
    write_consolidated_workbook(result, target)
    lines = [f"已汇总 {len(picked)} 个单位：\n{target}"]
    for u in result.flagged:
        lines.append(f"✗ {u.organ or u.source}：{u.errors} 个错误，例如 {u.first_error}")
    if not ctx.remote:
        ctx.app.books.open(str(target))
    return Outcome("\n".join(lines), "critical" if result.flagged else "info")


def new_template(ctx: Context) -> Outcome:
    """新建模板: the template of the format in force for last year's report, opened in Excel.

    The file goes to the user's Documents folder under a name that is free, so that nothing
    is overwritten.
    """
    from ..formats import format_for_year
    from ..workbook.template import write

    year = dt.date.today().year - 1  # the report published this year is on last year
    fmt = format_for_year(year)
    target = _free_path(_documents(), f"政府信息公开工作年度报告统计表（{year}年度）", ".xlsx")
    write(target, fmt, year=year)
    made = f"已新建 {year} 年度的统计表模板（{fmt.id}，{fmt.title}）"
    if ctx.remote:  # no desktop Excel to open it in
        return Outcome(f"{made}：\n{target}")
    ctx.app.books.open(str(target))
    return Outcome(f"{made}并已打开：\n{target}")


def _documents() -> Path:
    folder = Path.home() / "Documents"
    if folder.is_dir():
        return folder
    if Path.home().is_dir():
        return Path.home()
    raise GkError(
        "no_documents_folder",
        zh=f"找不到保存模板的文件夹：{folder}",
        en=f"no folder to save the template in: {folder}",
    )


def _free_path(folder: Path, stem: str, suffix: str) -> Path:
    candidate = folder / f"{stem}{suffix}"
    k = 2
    while candidate.exists():
        candidate = folder / f"{stem}（{k}）{suffix}"
        k += 1
    return candidate
