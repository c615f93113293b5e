"""``gkstats excel build | install | uninstall | doctor``: the Excel add-in's set-up."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .._files import output_target
from ._app import app, exit_with, json_option, lang_option, overwrite_option


@app.group(help="Excel 加载项：生成、安装、卸载、诊断 / the Excel add-in")
def excel() -> None:
    pass


def _say(lang: str, zh: str, en: str) -> None:
    click.echo(zh if lang == "zh" else en)


@excel.command(help="生成加载项 gkstats.xlam / build the add-in")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=Path("gkstats.xlam"),
    show_default=True, help="输出文件 / output file",
)  # fmt: skip
@overwrite_option
@lang_option
def build(output: Path, overwrite: bool, lang: str) -> None:
    from ..excel.build import build_addin

    if output.exists() and not output.is_dir():
        output_target(output, overwrite=overwrite)  # an existing add-in is kept unless asked
    result = build_addin(output)
    _say(
        lang,
        f"已生成 {result.path}（xlwings {result.xlwings_version}，"
        f"{len(result.buttons)} 个按钮：{'、'.join(result.buttons)}）",
        f"built {result.path} (xlwings {result.xlwings_version}, "
        f"{len(result.buttons)} buttons: {', '.join(result.buttons)})",
    )


@excel.command(help="把加载项装进 Excel 并记下当前 Python / install the add-in")
@click.option(
    "--addin", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="使用已生成的加载项文件（默认现场生成）/ a built add-in (default: build one)",
)  # fmt: skip
@lang_option
def install(addin: Path | None, lang: str) -> None:
    from ..excel.install import install as do_install

    done = do_install(addin=addin)
    _say(lang, f"已安装加载项：{done.addin}", f"installed the add-in: {done.addin}")
    _say(lang, f"已写入配置：{done.config_file}", f"wrote the config: {done.config_file}")
    _say(lang, f"加载项将使用的 Python：{done.interpreter}", f"the add-in runs: {done.interpreter}")
    if done.applescript:
        _say(
            lang, f"已启用 RunPython：{done.applescript}", f"enabled RunPython: {done.applescript}"
        )
    _say(
        lang,
        "请重新启动 Excel，功能区上会出现「政务公开年报」选项卡。",
        "Restart Excel: the ribbon gets a tab named 政务公开年报.",
    )


@excel.command(help="从 Excel 中卸载加载项 / uninstall the add-in")
@click.option("--keep-config", is_flag=True, help="保留配置文件 / keep the config file")
@lang_option
def uninstall(keep_config: bool, lang: str) -> None:
    from ..excel.install import uninstall as do_uninstall

    done = do_uninstall(keep_config=keep_config)
    if not done.removed:
        _say(lang, "没有需要删除的文件：加载项并未安装。", "nothing to remove: not installed.")
    for path in done.removed:
        _say(lang, f"已删除：{path}", f"removed: {path}")
    for path in done.kept:
        _say(lang, f"已保留：{path}", f"kept: {path}")
    if done.removed:
        _say(lang, "请重新启动 Excel。", "Restart Excel.")


@excel.command(help="检查加载项所需的一切 / what the add-in needs, and what is missing")
@lang_option
@json_option
def doctor(lang: str, as_json: bool) -> None:
    from ..excel.doctor import diagnose

    d = diagnose()
    if as_json:
        click.echo(json.dumps(d.as_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(d.text(lang))
    exit_with(0 if d.ok else 1)
