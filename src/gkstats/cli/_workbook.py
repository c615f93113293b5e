"""template, clear, and the --mark part of check."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import click

from .._errors import GkError
from .._files import output_target
from ..findings import CheckResult
from ..formats import FORMATS, current_format, format_for_year, get_format
from ..table import Table
from ..workbook import marks, template
from ._app import app, json_option, lang_option, year_option

RESULTS = marks.RESULTS_SHEET


def _emit(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))


@attrs.frozen
class Marked:
    """What ``check --mark`` did, for the terminal and for ``--json``."""

    report: marks.MarkReport

    def text(self, lang: str) -> str:
        r = self.report
        if lang == "zh":
            line = f"已在 {r.marked} 个单元格标色并加批注，问题清单见「{r.results_sheet}」工作表"
            line += f" → {r.output}"
            if r.backup:
                line += f"（原文件已备份为 {r.backup}）"
            if r.unplaced:
                line += f"；{r.unplaced} 条问题在工作簿中找不到对应单元格，仅列于清单"
            if r.threaded:
                line += f"；{r.threaded} 个单元格含有批注会话，未加批注，问题仅列于清单"
            if r.kept_sheet:
                line += f"；原「{RESULTS}」工作表有您的修改，已保留并改名为「{r.kept_sheet}」"
            return line
        line = f"marked {r.marked} cells; findings listed on sheet {r.results_sheet!r} → {r.output}"
        if r.backup:
            line += f" (backup: {r.backup})"
        if r.threaded:
            line += f"; {r.threaded} cells hold a threaded comment: listed on the sheet only"
        if r.kept_sheet:
            line += f"; the old {RESULTS} sheet had your edits: kept as {r.kept_sheet!r}"
        return line

    def json(self) -> dict[str, Any]:
        r = self.report
        return {
            "output": str(r.output),
            "backup": str(r.backup) if r.backup else None,
            "cells": r.marked,
            "findings": r.findings,
            "unplaced": r.unplaced,
            "sheet": r.results_sheet,
            "threaded": r.threaded,
            "kept_sheet": r.kept_sheet,
        }


def mark_for_check(
    file: Path,
    table: Table,
    result: CheckResult,
    *,
    mark: bool,
    output: Path | None,
    in_place: bool,
    suggestions: Mapping[str, object] | None = None,
    overwrite: bool = False,
) -> Marked | None:
    """``check --mark [-o OUT] [--in-place]``: mark the checked workbook, or do nothing.

    ``suggestions`` (cell id → value, from ``--locate``) go into the notes."""
    if not mark:
        if output is not None or in_place or overwrite:
            raise GkError(
                "output_without_mark",
                zh="-o/--output、--in-place 和 --overwrite 只能与 --mark 一起使用",
                en="-o/--output, --in-place and --overwrite go with --mark",
            )
        return None
    if file.suffix.lower() not in (".xlsx", ".xlsm"):
        raise GkError(
            "mark_needs_workbook",
            zh=f"--mark 只能用于 Excel 工作簿（.xlsx/.xlsm），而 {file} 不是",
            en=f"--mark works on Excel workbooks (.xlsx/.xlsm) only, not {file}",
        )
    return Marked(
        marks.mark_file(
            file,
            table,
            result,
            output=output,
            in_place=in_place,
            overwrite=overwrite,
            suggestions=suggestions,
        )
    )


@app.command(
    "template", help="生成官方统计表的 Excel 模板 / write the official tables as an Excel template"
)
@click.option(
    "--format",
    "format_id",
    type=click.Choice([f.id for f in FORMATS]),
    help="表格格式（默认按年度，无年度时为现行的 f2021）/ format (default: by year, else f2021)",
)
@year_option("报告年度 / report year")
@click.option("--organ", help="单位名称 / organ name")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="输出文件（.xlsx）/ output file",
)
@click.option(
    "--overwrite",
    "--force",
    "overwrite",
    is_flag=True,
    help="覆盖已有文件 / overwrite an existing file",
)
@lang_option
@json_option
def template_command(
    format_id: str | None,
    year: int | None,
    organ: str | None,
    output: Path | None,
    overwrite: bool,
    lang: str,
    as_json: bool,
) -> None:
    if format_id is not None:
        fmt = get_format(format_id)
    elif year is not None:
        fmt = format_for_year(year)
    else:
        fmt = current_format()
    if year is not None and not fmt.covers(year):
        raise GkError(
            "year_format_mismatch",
            zh=f"{year} 年度不适用格式 {fmt.id}（适用于 {fmt.span()}）",
            en=f"format {fmt.id} is for report years {fmt.years[0]}–{fmt.years[1] or 'now'}, "
            f"not {year}",
        )
    target = output or Path(f"政府信息公开统计表_{fmt.id}{f'_{year}' if year else ''}.xlsx")
    if target.suffix.lower() != ".xlsx":
        raise GkError(
            "template_suffix",
            zh=f"模板文件的扩展名应为 .xlsx：{target}",
            en=f"the template must be an .xlsx file: {target}",
        )
    target = output_target(target, overwrite=overwrite)
    template.write(target, fmt, year=year, organ=organ)
    if as_json:
        _emit({"output": str(target), "format": fmt.id, "year": year, "organ": organ})
    elif lang == "zh":
        click.echo(f"已生成 {fmt.id}（{fmt.title}）模板 → {target}")
    else:
        click.echo(f"wrote the {fmt.id} template → {target}")


@app.command(help="清除 gkstats 在工作簿中的标记，恢复原有填充与批注 / remove gkstats' marks")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="输出文件（默认 <文件名>_清除标记.xlsx）/ output file",
)
@click.option("--in-place", is_flag=True, help="直接改写原文件（先备份）/ overwrite the input")
@click.option("--overwrite", is_flag=True, help="允许覆盖已有文件 / replace an existing output")
@lang_option
@json_option
def clear(
    file: Path, output: Path | None, in_place: bool, overwrite: bool, lang: str, as_json: bool
) -> None:
    report = marks.clear_file(file, output=output, in_place=in_place, overwrite=overwrite)
    if as_json:
        _emit(
            {
                "had_marks": report.had_marks,
                "restored": report.restored,
                "kept": report.kept,
                "output": str(report.output) if report.output else None,
                "backup": str(report.backup) if report.backup else None,
                "kept_sheet": report.kept_sheet,
            }
        )
        return
    if not report.had_marks:
        click.echo(
            f"{file} 中没有 gkstats 的标记，未写入任何文件"
            if lang == "zh"
            else f"{file} has no gkstats marks; nothing written"
        )
        return
    if lang == "zh":
        line = f"已恢复 {report.restored} 个单元格原有的填充与批注 → {report.output}"
        if report.kept:
            line += f"；{report.kept} 个单元格的标记已被修改过，保留现状"
        if report.backup:
            line += f"（原文件已备份为 {report.backup}）"
        if report.kept_sheet:
            line += f"；「{RESULTS}」工作表有您的修改，未删除，已改名为「{report.kept_sheet}」"
    else:
        line = f"restored {report.restored} cells → {report.output}"
        if report.kept:
            line += f"; {report.kept} cells changed since marking were left as they are"
        if report.backup:
            line += f" (backup: {report.backup})"
        if report.kept_sheet:
            line += f"; the {RESULTS} sheet had your edits: kept as {report.kept_sheet!r}"
    click.echo(line)


__all__ = ["Marked", "mark_for_check"]
