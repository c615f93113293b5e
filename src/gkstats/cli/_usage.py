"""Usage errors (what click's option parser refuses) in Chinese first, then click's English.

Click words them in English only; each kind of refusal is said again here in Chinese, from
what the exception carries (the option, the parameter and its type), never by guessing from
the English text but for the two refusals click raises as a plain :class:`click.UsageError`
(an unknown command, arguments left over).
"""

from __future__ import annotations

import re

import click

_EXTRA = re.compile(r"unexpected extra arguments? \((?P<args>.*)\)", re.DOTALL)
_COMMAND = re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean '(?P<near>.*?)'\?)?")
_NEEDS_VALUE = re.compile(r"requires (?:an argument|\d+ arguments)")


def _hint(exc: click.BadParameter | click.MissingParameter) -> str:
    hint: object = exc.param_hint
    if not hint and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx) if exc.ctx else exc.param.name
    if not hint:
        return ""
    text = " / ".join(hint) if not isinstance(hint, str) else hint  # type: ignore[arg-type]
    return text.replace("'", "")


def _bad_value(exc: click.BadParameter) -> str:
    name = _hint(exc)
    kind = exc.param.type if exc.param is not None else None
    if isinstance(kind, click.Choice):
        choices = "、".join(str(c) for c in kind.choices)
        return f"{name} 的值无效，可选：{choices}"
    if isinstance(kind, click.IntRange):
        low = "" if kind.min is None else kind.min
        high = "" if kind.max is None else kind.max
        return f"{name} 应为 {low}–{high} 之间的整数"
    if kind is click.INT:
        return f"{name} 应为整数"
    if isinstance(kind, click.Path):
        return f"{name} 不是可用的路径"
    return f"{name} 的值无效"


def chinese(exc: click.UsageError) -> str:
    """What went wrong, in Chinese."""
    if isinstance(exc, click.NoSuchOption):
        near = f"（是否想用 {'、'.join(exc.possibilities)}？）" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{near}"
    if isinstance(exc, click.MissingParameter):
        what = "参数" if isinstance(exc.param, click.Argument) else "选项"
        return f"缺少{what} {_hint(exc)}"
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click.BadOptionUsage):
        if _NEEDS_VALUE.search(exc.message):
            return f"选项 {exc.option_name} 需要一个值"
        return f"选项 {exc.option_name} 的用法有误"
    text = exc.format_message()
    found = _EXTRA.search(text)
    if found:
        return f"多余的参数：{found.group('args')}"
    found = _COMMAND.search(text)
    if found:
        near = found.group("near")
        more = f"是否想用 {near}？" if near else "可用的命令见 gkstats --help"
        return f"没有命令「{found.group('name')}」（{more}）"
    return "命令行用法有误"


def show(exc: click.UsageError) -> None:
    """The usage error as gkstats says every error: ``gkstats: 中文 / English``, then the
    command's usage line and where to find its help."""
    click.echo(f"gkstats: {chinese(exc)} / {exc.format_message()}", err=True)
    ctx = exc.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        command = ctx.command_path
        click.echo(f"用 {command} --help 查看说明 / Try '{command} --help' for help.", err=True)


__all__ = ["chinese", "show"]
