"""The click group and the options every command shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from .._version import __version__

DEBUG_ENV = "GKSTATS_DEBUG"
F = TypeVar("F", bound=Callable[..., Any])


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="gkstats：政府信息公开工作年度报告统计表的校验、定位与报告工具。",
)
@click.version_option(__version__, prog_name="gkstats")
def app() -> None:
    pass


def lang_option(fn: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default="zh",
        show_default=True,
        help="输出语言 / output language",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / JSON output")(fn)


def exit_with(code: int) -> None:
    raise click.exceptions.Exit(code)
