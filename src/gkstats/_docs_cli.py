"""The command-line reference page, generated from the click commands themselves.

Every command, its usage line, its help and its options come from the same objects that
parse the command line, so the reference cannot describe an option that does not exist.
``python -m gkstats._docs docs`` writes it as ``docs/cli.md`` (with the other generated pages).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import click

_HEAD = [
    "# 命令行参考 / CLI reference",
    "",
    "本页由 `python -m gkstats._docs docs` 根据命令行程序本身生成，请勿手工修改。"
    "每个命令都可加 `-h` / `--help` 查看同样的说明。",
    "",
    "输出默认为中文，`--lang en` 为英文；`--json` 给出机器可读的结果。",
    "",
    "| 退出码 | 含义 |",
    "|---|---|",
    "| 0 | 校验通过（或命令成功） |",
    "| 1 | 有错误（error 级别的问题） |",
    "| 2 | 用法或输入有误：给出中文说明，不显示程序堆栈（加 `--debug` 可查看） |",
    "| 3 | 内部错误（gkstats 的缺陷，请报告） |",
    "",
]


def _cell(text: str) -> str:
    """One table cell: one line, pipes escaped, ``<`` not taken for HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.replace("|", "\\|").split())


def _code(text: str) -> str:
    """An option's synopsis as code in a table cell (a pipe inside code needs no escape)."""
    return f"`{' '.join(text.split())}`"


def _help(cmd: click.Command) -> str:
    text = inspect.cleandoc(cmd.help or cmd.short_help or "")
    return "\n".join(line for line in text.splitlines() if line.strip() != "\b").strip()


def _summary(cmd: click.Command) -> str:
    return _cell(_help(cmd).split("\n\n")[0])


def walk(
    cmd: click.Command, path: tuple[str, ...], parent: click.Context | None
) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    """Every command under ``cmd`` (itself first), with its name path and context."""
    ctx = click.Context(cmd, info_name=path[-1], parent=parent, **cmd.context_settings)
    yield path, cmd, ctx
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            yield from walk(cmd.commands[name], (*path, name), ctx)


def _anchor(path: tuple[str, ...]) -> str:
    return "-".join(path)


def _section(path: tuple[str, ...], cmd: click.Command, ctx: click.Context) -> list[str]:
    name = " ".join(path)
    usage = " ".join([name, *cmd.collect_usage_pieces(ctx)])
    out = [f"## `{name}` {{#{_anchor(path)}}}", "", _help(cmd), "", "```text", usage, "```", ""]
    if isinstance(cmd, click.Group) and cmd.commands:
        out += ["| 子命令 | 说明 |", "|---|---|"]
        for sub in sorted(cmd.commands):
            out.append(f"| [`{sub}`](#{_anchor((*path, sub))}) | {_summary(cmd.commands[sub])} |")
        out.append("")
    # options only: arguments are in the usage line (and click 8.5 started listing them
    # with empty help, which would make the page depend on the click version)
    records = [
        r
        for p in cmd.get_params(ctx)
        if isinstance(p, click.Option) and (r := p.get_help_record(ctx)) is not None
    ]
    if records:
        out += ["| 选项 | 说明 |", "|---|---|"]
        out += [f"| {_code(opts)} | {_cell(text)} |" for opts, text in records]
        out.append("")
    return out


def cli_markdown() -> str:
    from .cli import _load_commands, app

    _load_commands()
    lines = list(_HEAD)
    commands = list(walk(app, ("gkstats",), None))
    lines += ["| 命令 | 说明 |", "|---|---|"]
    lines += [
        f"| [`{' '.join(path)}`](#{_anchor(path)}) | {_summary(cmd)} |"
        for path, cmd, _ in commands[1:]
    ]
    lines.append("")
    for path, cmd, ctx in commands:
        lines += _section(path, cmd, ctx)
    return "\n".join(lines).rstrip("\n")
