"""Reading a table from a file, whatever it is: one entry point, dispatched by file type.

Each reader returns a :class:`~gkstats.table.Table` (with addresses where the source has
them) or raises a :class:`~gkstats.GkError` saying what is wrong with the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import require_file
from ..table import Table


@attrs.frozen
class ReadOptions:
    """What the person reading a file says about it (``--format``, ``--year``, ``--organ``):
    it takes precedence over what the file says, and fills in what the file does not."""

    #: A format id; a file of another format is an error, not a silent conversion.
    format: str | None = None
    year: int | None = None
    organ: str | None = None


Reader = Callable[[Path, ReadOptions], Table]
_READERS: dict[str, Reader] = {}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for file suffixes (``.xlsx``, ``.html`` …)."""

    def deco(fn: Reader) -> Reader:
        for s in suffixes:
            _READERS[s.lower()] = fn
        return fn

    return deco


def _read_json(path: Path, options: ReadOptions) -> Table:
    from ..convert import read_table_json

    return read_table_json(path, format=options.format, year=options.year)


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


def read_table(path: str | Path, options: ReadOptions | None = None) -> Table:
    """Read the statistics table in a file (JSON, workbook, published report); ``options``
    say what the file's format, year or organ is when it does not say (or says wrong)."""
    from ..table import require_year

    options = options or ReadOptions()
    if options.year is not None:
        require_year(options.year)
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
    try:
        table = reader(p, options)
    except GkError as exc:
        if exc.code != "future_year" or str(p) in exc.zh:
            raise
        raise GkError(exc.code, zh=f"{p}：{exc.zh}", en=f"{p}: {exc.en}") from None
    if options.organ is not None and options.organ != table.organ:
        table = table.replace(organ=options.organ)
    return table


__all__ = ["ReadOptions", "read_table", "register"]
