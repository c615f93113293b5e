"""The click group, the options every command shares, and how help and usage read.

Every command gets the same words for the same things: ``--format``, ``--year`` and
``--organ`` say what a file is when it does not say (or says wrong); ``-o/--output`` names
what a command writes and ``--overwrite`` lets it replace a file; ``--debug`` (documented on
every command, handled by :func:`gkstats.cli.main` wherever it is typed) shows the traceback.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .._version import __version__
from ..formats import FORMATS

DEBUG_ENV = "GKSTATS_DEBUG"
F = TypeVar("F", bound=Callable[..., Any])

_DEBUG_HELP = "出错时显示完整的程序堆栈，便于报告问题 / show the traceback on errors"


def _debug_option() -> click.Option:
    # documentary: main() takes --debug out of the arguments before click parses them
    return click.Option(["--debug"], is_flag=True, expose_value=False, help=_DEBUG_HELP)


def _first_paragraph(text: str | None) -> str | None:
    if not text:
        return None
    return inspect.cleandoc(text).split("\n\n")[0].replace("\n", " ")


class _Help:
    """What every command and group of gkstats shares: the whole first paragraph of its
    help in the list of commands (click cuts it at about 45 characters with 「…」, which cuts
    a Chinese-then-English line in the middle), ``--debug`` listed, and help headings in
    Chinese first."""

    def _set_up(self: Any) -> None:
        if self.short_help is None:
            self.short_help = _first_paragraph(self.help)
        if not any(p.name == "debug" for p in self.params):
            self.params.append(_debug_option())

    def get_help_option(self: Any, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本说明 / show this help"
        return option  # type: ignore[no-any-return]

    def format_usage(self: Any, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法 / Usage: ")


class Command(_Help, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_up()

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _options(self, ctx, formatter)


class Group(_Help, click.Group):
    command_class = Command
    group_class = type  # subgroups are of this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_up()

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _options(self, ctx, formatter)
        rows = [
            (name, cmd.get_short_help_str())
            for name, cmd in ((n, self.get_command(ctx, n)) for n in self.list_commands(ctx))
            if cmd is not None and not cmd.hidden
        ]
        if rows:
            with formatter.section("命令 / Commands"):
                formatter.write_dl(rows)


def _options(cmd: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    # options only: arguments are in the usage line (click 8.5 lists them with no help)
    params = [p for p in cmd.get_params(ctx) if isinstance(p, click.Option)]
    rows = [r for r in (p.get_help_record(ctx) for p in params) if r is not None]
    if rows:
        with formatter.section("选项 / Options"):
            formatter.write_dl(rows)


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="gkstats：政府信息公开工作年度报告统计表的校验、定位与报告工具。",
)
@click.version_option(__version__, prog_name="gkstats", help="显示版本 / show the version")
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


def _year(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    from ..table import require_year

    return None if value is None else require_year(value)


def year_option(help: str = "报告年度（文件中没有或不对时）/ report year") -> Callable[[F], F]:
    return click.option("--year", type=int, default=None, callback=_year, help=help)


def table_options(fn: F) -> F:
    """``--format``, ``--year``, ``--organ``: what the person says the file is; it takes
    precedence over what the file says (see :class:`gkstats.readers.ReadOptions`)."""
    fn = click.option(
        "--organ", default=None, help="单位名称（文件中没有或不对时）/ the organ's name"
    )(fn)
    fn = year_option()(fn)
    return click.option(
        "--format",
        "format_id",
        type=click.Choice([f.id for f in FORMATS]),
        default=None,
        help="表格格式（无法自动判断时）/ the table's format",
    )(fn)


def output_option(help: str, **kwargs: Any) -> Callable[[F], F]:
    return click.option("-o", "--output", type=click.Path(path_type=Path), help=help, **kwargs)


def overwrite_option(fn: F) -> F:
    return click.option(
        "--overwrite", is_flag=True, help="允许覆盖已有文件 / replace an existing file"
    )(fn)


def exit_with(code: int) -> None:
    raise click.exceptions.Exit(code)
