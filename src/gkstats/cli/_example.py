"""example: write the example files the quick starts use (see :mod:`gkstats.examples`)."""

from __future__ import annotations

from pathlib import Path

import click

from ._app import app, lang_option


@app.command(
    help="写出快速开始所用的示例文件（填好的工作簿、下级单位报来的表、已发布的年报、示例脚本）"
    " / write the quick starts' example files (workbooks, units' tables, reports, scripts)"
)
@click.argument("folder", type=click.Path(path_type=Path), metavar="DIR")
@click.option("--overwrite", is_flag=True, help="覆盖已有文件 / replace existing files")
@lang_option
def example(folder: Path, overwrite: bool, lang: str) -> None:
    from ..examples import examples, write_examples
    from ..workbook._sheetfit import text_width

    written = write_examples(folder, overwrite=overwrite)
    shown = [p.as_posix() for p in written]
    width = max(map(text_width, shown))
    zh = lang == "zh"
    click.echo(
        f"已写入 {len(written)} 个示例文件：" if zh else f"{len(written)} example files written:"
    )
    for path, item in zip(shown, examples()):
        pad = " " * (width - text_width(path))
        click.echo(f"  {path}{pad}  {item.zh if zh else item.en}")
