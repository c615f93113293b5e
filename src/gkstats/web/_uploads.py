"""Uploaded files: their names made harmless, their size bounded, their bytes in a temporary
folder that is removed when the request ends.

A client's file name is only ever *shown* (in messages and download names); on disk each
upload is ``upload<k><suffix>`` in a fresh temporary folder, the suffix taken from a fixed
list.  The size limits are the library's own (:mod:`gkstats._limits`): a workbook is bounded
by ``GKSTATS_MAX_WORKBOOK_MB``, anything else by ``GKSTATS_MAX_REPORT_MB``.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import attrs

from .._errors import GkError
from .._limits import LIMITS, check_size, limit

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
REPORT_SUFFIXES = (".html", ".htm", ".txt", ".docx", ".pdf")
#: What the page reads: workbooks, table JSON and published reports.
TABLE_SUFFIXES = (*WORKBOOK_SUFFIXES, ".json", *REPORT_SUFFIXES)
#: A batch may hold this many files at most.
MAX_BATCH_FILES = 500


@attrs.frozen
class Upload:
    """One file as the client sent it: a name to show and its bytes (a file object)."""

    name: str
    data: BinaryIO

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


def display_name(raw: str | None, fallback: str = "上传的文件") -> str:
    """The last part of a client's file name, without control characters, at most 120
    characters: for messages and download names, never for a path on disk."""
    text = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if text in ("", ".", ".."):
        return fallback
    if len(text) > 120:
        stem, dot, suffix = text.rpartition(".")
        text = (stem[:110] + "…." + suffix) if dot and len(suffix) <= 8 else text[:120]
    return text


def limit_name(suffix: str) -> str:
    """The :data:`gkstats._limits.LIMITS` entry that bounds a file of this type."""
    return "workbook_mb" if suffix in WORKBOOK_SUFFIXES else "report_mb"


def body_limit(files: int) -> int:
    """The most bytes a request carrying ``files`` files may have (multipart overhead
    included): refused with 413 before it is read."""
    most = max(limit("workbook_mb"), limit("report_mb"))
    return files * most * 2**20 + 2**20


def too_large(size: int, files: int) -> GkError:
    env = " / ".join(LIMITS[n][0] for n in ("workbook_mb", "report_mb"))
    most = body_limit(files) // 2**20
    return GkError(
        "upload_too_large",
        zh=f"上传的内容有 {size / 2**20:.1f} MB，超过 {most} MB 的上限，未读取"
        f"（可设置环境变量 {env} 调整）",
        en=f"the upload is {size / 2**20:.1f} MB, over the {most} MB limit; not read "
        f"(set {env} to raise it)",
    )


def require_suffix(upload: Upload, allowed: Sequence[str]) -> None:
    if upload.suffix not in allowed:
        known = "、".join(allowed)
        raise GkError(
            "unsupported_file",
            zh=f"不支持的文件类型「{upload.suffix or '无扩展名'}」：{upload.name}（支持 {known}）",
            en=f"unsupported file type {upload.suffix or '(none)'!r}: {upload.name} "
            f"(supported: {', '.join(allowed)})",
        )


class Workspace:
    """A temporary folder for one request; each upload saved in it under a name of ours."""

    def __init__(self, root: Path) -> None:
        self.root = root
        #: path on disk → the name the client gave, to say in messages
        self.names: dict[str, str] = {}

    def save(self, upload: Upload, allowed: Sequence[str] = TABLE_SUFFIXES) -> Path:
        require_suffix(upload, allowed)
        path = self.root / f"upload{len(self.names) + 1}{upload.suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(upload.data, out, 2**20)
        self.names[str(path)] = upload.name
        # the library's own size check, so the limit and its message are the CLI's
        check_size(path, limit_name(upload.suffix), "upload")
        return path

    def path(self, name: str) -> Path:
        """A path for an output of ours (never a client's name)."""
        return self.root / name

    def scrub_text(self, text: str) -> str:
        """``text`` naming the client's files instead of our temporary paths."""
        for path, name in sorted(self.names.items(), key=lambda p: -len(p[0])):
            text = text.replace(path, name)
        return text.replace(str(self.root), "")


@contextlib.contextmanager
def workspace() -> Iterator[Workspace]:
    """A fresh temporary folder, removed with everything in it when the block ends; every
    :class:`GkError` raised inside names the client's files, not the folder."""
    with tempfile.TemporaryDirectory(prefix="gkstats-web-") as folder:
        space = Workspace(Path(folder))
        try:
            yield space
        except GkError as exc:  # the same error (of the same class), with the client's names
            exc.zh, exc.en = space.scrub_text(exc.zh), space.scrub_text(exc.en)
            raise


__all__ = [
    "MAX_BATCH_FILES",
    "TABLE_SUFFIXES",
    "Upload",
    "Workspace",
    "body_limit",
    "display_name",
    "require_suffix",
    "too_large",
    "workspace",
]
