"""The one Python entry point of the add-in: a ribbon button's id in, its command run.

The add-in's VBA calls, through xlwings' ``RunPython``::

    import gkstats.excel.dispatch as gkd;gkd.run('check')

:func:`run` takes the calling workbook (``xw.Book.caller()``), runs the command registered for
the id in :data:`gkstats.excel.buttons.COMMANDS` (the same library functions the CLI runs,
on the xlwings gateway instead of the openpyxl one) and shows the outcome as an Excel alert.
Only known ids run. A user's mistake (:class:`~gkstats.GkError`: no gkstats table in the
workbook, unreadable cells …) becomes a Chinese alert, never a traceback; an internal error
(or Excel refusing a change) becomes an alert naming a log file that holds the traceback.

All or nothing: a command that fails part-way has every change it made taken back before the
alert, which says so (or names what could not be taken back).

The statement imports this module, the button's command and what that command needs, nothing
else: a click starts a fresh Python process each time, and 校验 and 清除标记 never import
openpyxl, lxml, Pillow, python-docx or pdfplumber.
"""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path
from typing import Any

from .._errors import GkError
from ._context import Command, Context, Outcome
from .buttons import COMMANDS, label

TITLE = "gkstats"


def run(button_id: str) -> None:
    """What a ribbon button runs (through RunPython) on the workbook that called it."""
    import xlwings as xw

    book = xw.Book.caller()
    ctx = Context(book)
    show(book, dispatch(book, button_id, ctx), ctx.app)


def dispatch(book: Any, button_id: str, ctx: Context | None = None) -> Outcome:
    """Run the command of ``button_id`` on ``book``; never raises."""
    command = COMMANDS.get(button_id)
    if command is None:
        return Outcome(f"不认识的按钮「{button_id}」，已拒绝执行。", "critical")
    ctx = ctx if ctx is not None else Context(book)
    try:
        with ctx.quiet():
            return _run(command, ctx, button_id)
    except Exception as exc:  # Excel would not switch screen updating off or on again
        return _internal(button_id, exc, None)


def _run(command: Command, ctx: Context, button_id: str) -> Outcome:
    try:
        outcome = command(ctx)
        ctx.commit()
        return outcome
    except GkError as exc:
        return Outcome(exc.zh + _undo_text(ctx.rollback()), "critical")
    except Exception as exc:  # an internal error: a message and a log, not a traceback popup
        return _internal(button_id, exc, ctx.rollback())


def _internal(button_id: str, exc: Exception, undone: list[str] | None) -> Outcome:
    log = _log_internal_error(button_id)
    where = f"详细信息已写入：{log}\n" if log else ""
    return Outcome(
        f"gkstats 内部错误（{type(exc).__name__}）：「{label(button_id)}」未能完成。"
        f"{_undo_text(undone) or '工作簿没有被改动。'}\n"
        f"{where}请把该文件和工作簿一并发给维护人员。",
        "critical",
    )


def _undo_text(undone: list[str] | None) -> str:
    """What became of the changes a failed command had made (nothing when it had made none)."""
    if undone is None:
        return ""
    if not undone:
        return "\n本次操作所做的改动已全部撤销，工作簿与点击前相同。"
    return (
        f"\n以下改动未能撤销：{'、'.join(undone)}。"
        "请不要保存工作簿（关闭时选「不保存」），重新打开后再试。"
    )


def show(book: Any, outcome: Outcome, app: Any = None) -> None:
    (app if app is not None else book.app).alert(outcome.message, title=TITLE, mode=outcome.mode)


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
