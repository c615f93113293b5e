"""batch, consolidate, import-previous: the supervising office's commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import convert
from .._errors import GkError
from .._files import atomic_write, in_place_target, output_target, saved_in_place
from ..batch import BatchResult, FileRow, find_files, run_batch, summary_paths, write_summary
from ..consolidate import consolidate as run_consolidate
from ..crossyear import carried_cells, carry_over
from ..readers import ReadOptions, read_table
from ._app import app, exit_with, json_option, lang_option, overwrite_option, table_options


@app.command(
    help="批量校验文件夹中的所有表格和报告，写出汇总表 / check every file under a folder "
    "and write a summary"
)
@click.argument("folder", type=click.Path(path_type=Path))
@table_options
@click.option(
    "-o", "--output", "--out", "output", type=click.Path(path_type=Path), required=True,
    help="汇总结果：summary.xlsx | summary.csv | summary.json（--out 同义）"
    " / the summary (--out is the same)",
)  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="并行进程数 / processes")
@click.option("--quiet", is_flag=True, help="不显示进度条 / no progress bar")
@overwrite_option
@lang_option
def batch(
    folder: Path,
    format_id: str | None,
    year: int | None,
    organ: str | None,
    output: Path,
    workers: int | None,
    quiet: bool,
    overwrite: bool,
    lang: str,
) -> None:
    if output.suffix.lower() not in (".json", ".csv", ".xlsx"):
        raise GkError(
            "unsupported_output",
            zh=f"-o/--output 只能是 .xlsx、.csv 或 .json：{output}",
            en=f"-o/--output must end in .xlsx, .csv or .json: {output}",
        )
    files = find_files(folder)
    for target in summary_paths(output):  # refused before the work, not after
        output_target(target, inputs=files, overwrite=overwrite)
    options = ReadOptions(format_id, year, organ)
    result = _run(files, workers, quiet, options, lang)
    written = write_summary(result, output)
    checked = [r for r in result.files if r.status == "checked"]
    bad = [r for r in result.files if r.status != "checked"]
    invalid = [r for r in checked if not r.valid]
    if lang == "zh":
        click.echo(
            f"共 {len(result.files)} 个文件：已校验 {len(checked)}"
            f"（其中 {len(invalid)} 个有错误），无法读取 {len(bad)}"
        )
        click.echo("结果已写入：" + "、".join(str(p) for p in written))
    else:
        click.echo(
            f"{len(result.files)} files: {len(checked)} checked ({len(invalid)} with errors), "
            f"{len(bad)} unreadable"
        )
        click.echo("written: " + ", ".join(str(p) for p in written))
    exit_with(0 if not invalid and not bad else 1)


def _run(
    files: list[Path], workers: int | None, quiet: bool, options: ReadOptions, lang: str
) -> BatchResult:
    """The batch, with click's progress bar on a terminal: files done of all, time left,
    the last file done (elsewhere the label alone, once)."""
    zh = lang == "zh"
    label = f"校验 {len(files)} 个文件" if zh else f"checking {len(files)} files"

    def last_done(row: FileRow | None) -> str | None:
        return None if row is None else Path(row.path).name

    with click.progressbar(
        length=len(files),
        label=label,
        show_pos=True,
        show_eta=True,
        item_show_func=last_done,
        file=sys.stderr,  # (click.get_text_stream is deprecated since click 8.5)
        hidden=quiet or not files,
    ) as bar:
        return run_batch(files, workers, lambda row: bar.update(1, row), options=options)


@app.command(help="逐级汇总多个单位的表 / consolidate units' tables")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="汇总表 .json（或 .xlsx）/ the summed table")  # fmt: skip
@click.option("--organ", default="汇总", help="汇总表的单位名称 / organ name of the sum")
@click.option("--overwrite", is_flag=True, help="允许覆盖已有文件 / overwrite an existing file")
@lang_option
@json_option
def consolidate(
    files: tuple[Path, ...], output: Path, organ: str, overwrite: bool, lang: str, as_json: bool
) -> None:
    output = output_target(output, inputs=files, overwrite=overwrite)
    tables = [read_table(f) for f in files]
    result = run_consolidate(tables, organ, [str(f) for f in files])
    write_consolidation(result, output)
    if as_json:
        click.echo(json.dumps(consolidation_json(result), ensure_ascii=False, indent=1))
    else:
        zh = lang == "zh"
        click.echo(
            (f"已汇总 {len(result.units)} 个单位 → {output}")
            if zh
            else f"summed {len(result.units)} units -> {output}"
        )
        for u in result.flagged:
            click.echo(
                f"  ✗ {u.organ or u.source}（{u.source}）：{u.errors} 个错误；{u.first_error}"
                if zh
                else f"  ✗ {u.organ or u.source} ({u.source}): {u.errors} errors"
            )
    exit_with(1 if result.flagged else 0)


def consolidation_json(result: object) -> dict[str, object]:
    from ..consolidate import Consolidation

    assert isinstance(result, Consolidation)
    return {
        **convert.table_to_json(result.table),
        "provenance": consolidation_provenance(result),
    }


def consolidation_provenance(result: object) -> dict[str, object]:
    from ..consolidate import Consolidation

    assert isinstance(result, Consolidation)
    return {
        "units": [
            {
                "organ": u.organ,
                "source": u.source,
                "valid": u.valid,
                "errors": u.errors,
                "warnings": u.warnings,
                "first_error": u.first_error,
            }
            for u in result.units
        ],
        "contributions": {
            cell: [[result.units[k].source, convert.value_to_json(v)] for k, v in parts]
            for cell, parts in result.contributions.items()
        },
    }


def write_consolidation(result: object, output: Path) -> None:
    from ..consolidate import Consolidation

    assert isinstance(result, Consolidation)
    suffix = output.suffix.lower()
    if suffix == ".json":
        payload = consolidation_json(result)
        atomic_write(output, json.dumps(payload, ensure_ascii=False, indent=1))
        return
    if suffix == ".xlsx":
        try:
            from ..workbook.fill import write_consolidated_workbook
        except ImportError:
            raise GkError(
                "unsupported_output",
                zh="写汇总工作簿需要工作簿模块，请改用 .json 输出",
                en="writing the consolidated workbook needs the workbook module; use .json",
            ) from None
        write_consolidated_workbook(result, output)
        return
    raise GkError(
        "unsupported_output",
        zh=f"汇总表只能写成 .xlsx 或 .json：{output}",
        en=f"the consolidated table can be written as .xlsx or .json: {output}",
    )


@app.command(
    "import-previous",
    help="导入上年：用上年的「结转下年度」填本年的「上年结转」"
    " / carry last year's 结转下年度 into this year's 上年结转",
)
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("last_year", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    help="写到另一个文件（类型与 FILE 相同）；不给则改写 FILE 并先备份 / write here instead",
)  # fmt: skip
@click.option("--overwrite", is_flag=True, help="允许覆盖已有的输出文件 / replace an existing -o")
@lang_option
def import_previous(
    file: Path, last_year: Path, output: Path | None, overwrite: bool, lang: str
) -> None:
    suffix = file.suffix.lower()
    if suffix not in (".json", ".xlsx", ".xlsm"):
        raise GkError(
            "import_needs_table_file",
            zh=f"导入上年只能写入工作簿（.xlsx/.xlsm）或表格 JSON：{file}",
            en=f"import-previous writes into a workbook (.xlsx/.xlsm) or a table JSON: {file}",
        )
    if suffix == ".json" and output is not None:  # refused before any reading
        output_target(output, inputs=(file, last_year), overwrite=overwrite, suffix=suffix)
    table = read_table(file)
    previous = read_table(last_year)
    filled = carry_over(previous, table)
    saved: Path | None = None
    if suffix != ".json":
        from ..workbook.fill import write_carry_over

        target, saved = write_carry_over(
            file, filled, output, overwrite=overwrite, inputs=(last_year,)
        )
    else:
        if output is None:
            target = in_place_target(file)
        else:
            target = output_target(
                output, inputs=(file, last_year), overwrite=overwrite, suffix=suffix
            )
        data = json.dumps(convert.table_to_json(filled), ensure_ascii=False, indent=1)
        # in place: the old figures kept in a backup
        saved = saved_in_place(target, lambda: atomic_write(target, data), output is None)
    changed = {k: filled[k] for k in carried_cells(filled.format)}
    text = "，".join(f"{k.split('.')[-1]}={v}" for k, v in changed.items())
    zh = lang == "zh"
    line = (
        f"已从 {last_year} 导入上年结转（{text}）→ {target}"
        if zh
        else f"carried over from {last_year} ({text}) -> {target}"
    )
    if saved is not None:
        line += f"（原文件已备份为 {saved}）" if zh else f" (backup: {saved})"
    click.echo(line)
