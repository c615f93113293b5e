"""Asking the user for files, for the buttons that need them (导入上年, 汇总).

xlwings offers no file dialog on both Windows and Mac, so the dialog is Tk's, which ships with
the python.org and Windows Python builds; where there is no Tk the button says how to do the
same from the command line.  The tests replace :func:`choose_files`.
"""

from __future__ import annotations

from pathlib import Path

from .._errors import GkError

_TYPES = [("Excel 工作簿", "*.xlsx *.xlsm"), ("表格 JSON", "*.json"), ("所有文件", "*.*")]


def choose_files(title: str, *, multiple: bool) -> list[Path]:
    """The files the user picked (empty when they cancelled)."""
    try:
        import tkinter
        from tkinter import filedialog
    except ImportError:
        raise GkError(
            "no_file_dialog",
            zh="这台电脑的 Python 没有 Tk，无法弹出选择文件的对话框；请改用命令行完成此操作",
            en="this Python has no Tk for a file dialog; use the command line instead",
        ) from None
    try:
        root = tkinter.Tk()
    except tkinter.TclError:
        raise GkError(
            "no_file_dialog",
            zh="无法弹出选择文件的对话框；请改用命令行完成此操作",
            en="cannot open a file dialog; use the command line instead",
        ) from None
    root.withdraw()
    root.attributes("-topmost", True)
    try:
        if multiple:
            picked = filedialog.askopenfilenames(parent=root, title=title, filetypes=_TYPES)
            return [Path(p) for p in picked]
        one = filedialog.askopenfilename(parent=root, title=title, filetypes=_TYPES)
        return [Path(one)] if one else []
    finally:
        root.destroy()
