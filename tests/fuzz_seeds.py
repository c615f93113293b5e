"""Seeds for the long fuzz run (benchmarks/fuzz_readers.py): one valid input per reader,
rendered from real tables, so that mutants start from what the readers really meet."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from parse_samples import to_docx, to_html, to_text
from workbook_support import filled_template

from gkstats import Table


def more_seeds(
    tables: Sequence[Table], read: Callable[[Path], Any]
) -> dict[str, tuple[list[bytes], str, Callable[[Path], Any]]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx = [
            filled_template(t, folder / f"t{k}.xlsx").read_bytes() for k, t in enumerate(tables)
        ]
        docx = [to_docx(t, folder / f"r{k}.docx").read_bytes() for k, t in enumerate(tables)]
    return {
        "xlsx": (xlsx, ".xlsx", read),
        "html": ([to_html(t).encode("utf-8") for t in tables], ".html", read),
        "text": (
            [to_text(t).encode("utf-8") for t in tables]
            + [to_text(t).encode("gbk", "replace") for t in tables]
            + [to_text(t).encode("utf-16") for t in tables],
            ".txt",
            read,
        ),
        "docx": (docx, ".docx", read),
    }


def fast_seeds(
    tables: Sequence[Table],
) -> dict[str, tuple[list[bytes], str, Callable[[Path], Any]]]:
    """The batch's workbook path (python-calamine), fuzzed on its own."""
    from gkstats.batch import _read
    from gkstats.check import check

    def read_fast(path: Path) -> None:
        check(_read(str(path)))

    with tempfile.TemporaryDirectory() as tmp:
        xlsx = [
            filled_template(t, Path(tmp) / f"t{k}.xlsx").read_bytes() for k, t in enumerate(tables)
        ]
    return {"xlsx-fast": (xlsx, ".xlsx", read_fast)}
