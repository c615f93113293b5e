"""Reading a table from a file, whatever it is: one entry point, dispatched by file type.

Each reader returns a :class:`~gkstats.table.Table` (with addresses where the source has
them) or raises a :class:`~gkstats.GkError` saying what is wrong with the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .._errors import GkError
from .._files import require_file
from ..table import Table

Reader = Callable[[Path], Table]
_READERS: dict[str, Reader] = {}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for file suffixes (``.xlsx``, ``.html`` …)."""

    def deco(fn: Reader) -> Reader:
        for s in suffixes:
            _READERS[s.lower()] = fn
        return fn

    return deco


def _read_json(path: Path) -> Table:
    from ..convert import read_table_json

    return read_table_json(path)


register(".json")(_read_json)


def _load_builtin_readers() -> None:
    # Readers with optional dependencies register themselves when their module imports.
    import importlib

    for name in ("workbook", "report"):
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(__name__):
                continue
            raise


def read_table(path: str | Path) -> Table:
    """Read the statistics table in a file (JSON, workbook, published report)."""
    p = require_file(path)
    _load_builtin_readers()
    reader = _READERS.get(p.suffix.lower())
    if reader is None:
        known = "、".join(sorted(_READERS))
        raise GkError(
            "unsupported_file",
            zh=f"不支持的文件类型「{p.suffix or '无扩展名'}」：{p}（支持 {known}）",
            en=f"unsupported file type {p.suffix or '(none)'!r}: {p} (supported: {known})",
        )
    return reader(p)


__all__ = ["read_table", "register"]
