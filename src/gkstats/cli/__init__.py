"""The ``gkstats`` command line: Chinese first, ``--lang en``, ``--json`` for scripts.

Exit codes: 0 the table is valid, 1 it has error findings, 2 a usage or input error
(a message, never a traceback; ``--debug`` shows one), 3 an internal error.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from typing import Any

import click

from .._errors import GkError
from .._text import clean, for_terminal
from . import _usage
from ._app import DEBUG_ENV, app

#: Command modules; each registers its commands on ``app`` when imported.
COMMAND_MODULES = ("_core",)
_OPTIONAL_MODULES = (
    "_workbook", "_report", "_parse", "_units", "_excel", "_serve", "_example",
)  # fmt: skip


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    for name in _OPTIONAL_MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise


class _Terminal:
    """A standard stream that passes what it is given through :func:`for_terminal`: a lone
    surrogate or an escape sequence in a file's text never reaches (or breaks) the terminal,
    wherever a command prints it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click asks whether the stream takes bytes
            raise TypeError("text only")
        return int(self._stream.write(for_terminal(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _terminal(debug: bool) -> Iterator[None]:
    """The standard streams filtered (see _Terminal), and no "Exception ignored" report
    from a finaliser (ZipFile.__del__ after a failed write) unless --debug."""
    saved = sys.stdout, sys.stderr, sys.unraisablehook
    sys.stdout, sys.stderr = _Terminal(sys.stdout), _Terminal(sys.stderr)
    if not debug:
        sys.unraisablehook = _quiet
    try:
        yield
    finally:
        sys.stdout, sys.stderr, sys.unraisablehook = saved


def _quiet(info: Any) -> None:
    """An error in a finaliser, after the command has said what went wrong: not shown."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get(DEBUG_ENV))
    with _terminal(debug):
        code = _main(args)
        if code >= 2:
            gc.collect()  # what a failure left behind is finalised while that stays quiet
    return code


def _main(args: list[str]) -> int:
    _load_commands()
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    lang = "en" if any(a in ("--lang=en",) for a in args) or _pair(args, "--lang") == "en" else "zh"
    try:
        code = app.main(args=args, prog_name="gkstats", standalone_mode=False, obj={"debug": debug})
    except GkError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"gkstats: {clean(exc.message(lang))}", err=True)
        return 2
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("gkstats: 已取消 / aborted", err=True)
        return 130
    except click.UsageError as exc:
        _usage.show(exc)
        return 2
    except click.ClickException as exc:
        exc.show()
        return 2
    except KeyboardInterrupt:
        click.echo("gkstats: 已中断 / interrupted", err=True)
        return 130
    except Exception:  # an internal error: say so, show the traceback only on request
        if debug:
            traceback.print_exc()
        else:
            kind = sys.exc_info()[0]
            name = kind.__name__ if kind else "Exception"
            click.echo(
                f"gkstats: 内部错误（{name}），请加 --debug 重试并报告此问题 / "
                f"internal error ({name}); rerun with --debug and report it",
                err=True,
            )
        return 3
    return code if isinstance(code, int) else 0


def _pair(args: list[str], flag: str) -> str | None:
    for i, a in enumerate(args[:-1]):
        if a == flag:
            return args[i + 1]
    return None


def run() -> None:  # pragma: no cover - console entry point
    sys.exit(main())


__all__ = ["DEBUG_ENV", "app", "main", "run"]
