"""The one Python entry point of the add-in: a ribbon button's id in, its command run.

The add-in's VBA calls, through xlwings' ``RunPython``::

    import gkstats.excel.dispatch as gkd;gkd.run('check')

:func:`run` takes the calling workbook (``xw.Book.caller()``), runs the command registered for
the id in :data:`gkstats.excel.buttons.COMMANDS` (the same library functions the CLI runs,
on the xlwings gateway instead of the openpyxl one) and shows the outcome as an Excel alert.
Only known ids run. A user's mistake (:class:`~gkstats.GkError`: no gkstats table in the
workbook, unreadable cells …) becomes a Chinese alert, never a traceback; an internal error
becomes an alert naming a log file that holds the traceback.
"""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path
from typing import Any

from .._errors import GkError
from ._context import Context, Outcome
from .buttons import COMMANDS

TITLE = "gkstats"


def run(button_id: str) -> None:
    """What a ribbon button runs (through RunPython) on the workbook that called it."""
    import xlwings as xw

    book = xw.Book.caller()
    show(book, dispatch(book, button_id))


def dispatch(book: Any, button_id: str) -> Outcome:
    """Run the command of ``button_id`` on ``book``; never raises."""
    command = COMMANDS.get(button_id)
    if command is None:
        return Outcome(f"不认识的按钮「{button_id}」，已拒绝执行。", "critical")
    try:
        return command(Context(book))
    except GkError as exc:
        return Outcome(exc.zh, "critical")
    except Exception as exc:  # an internal error: a message and a log, not a traceback popup
        log = _log_internal_error(button_id)
        where = f"详细信息已写入：{log}\n" if log else ""
        return Outcome(
            f"gkstats 内部错误（{type(exc).__name__}）。\n{where}"
            "请把该文件和工作簿一并发给维护人员。",
            "critical",
        )


def show(book: Any, outcome: Outcome) -> None:
    book.app.alert(outcome.message, title=TITLE, mode=outcome.mode)


def log_path() -> Path:
    return Path.home() / ".gkstats" / "excel-error.log"


def _log_internal_error(button_id: str) -> Path | None:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} button={button_id}\n")
            f.write(traceback.format_exc())
    except OSError:
        return None
    return path
