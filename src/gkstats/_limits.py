"""The limits that keep a hostile or broken file from taking the machine: one place, each
adjustable by an environment variable (docs/safety.md lists them).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ._errors import GkError

#: name → (environment variable, default, unit, what it bounds)
LIMITS: dict[str, tuple[str, int, str, str]] = {
    "workbook_mb": ("GKSTATS_MAX_WORKBOOK_MB", 50, "MB", "工作簿文件大小"),
    "unpacked_mb": ("GKSTATS_MAX_UNPACKED_MB", 500, "MB", "xlsx/docx 解压后的总大小"),
    "report_mb": ("GKSTATS_MAX_REPORT_MB", 20, "MB", "网页、文本、Word、PDF 报告文件大小"),
    "pdf_pages": ("GKSTATS_MAX_PDF_PAGES", 200, "页", "PDF 报告页数"),
    "cells": ("GKSTATS_MAX_CELLS", 5_000_000, "个", "工作簿的单元格数（含只有格式的空单元格）"),
    "rule_file_kb": ("GKSTATS_MAX_RULE_FILE_KB", 256, "KB", "自定义规则文件大小"),
    "file_seconds": ("GKSTATS_FILE_SECONDS", 60, "秒", "批量校验中每个文件的用时"),
}
#: An archive with more parts than this, or a part this much larger unpacked than packed,
#: is refused (a zip bomb, not a document).
MAX_PARTS = 10_000
MAX_RATIO = 1000

#: What a cell may hold to be read as a figure, checked before any conversion (so that
#: ``1e999999999`` or a 5,000-digit number is refused at once instead of being expanded):
#: fewer than FIGURE_DIGITS digits before the point, at most FIGURE_DECIMALS after it, and a
#: written figure no longer than FIGURE_TEXT characters ("1,234,567.89万元" is 15).
FIGURE_DIGITS = 15
FIGURE_DECIMALS = 30
FIGURE_TEXT = 64

#: YAML anchors a rule file may use, the nodes it may expand to, and how deep it may nest.
RULE_FILE_ALIASES = 100
RULE_FILE_NODES = 5_000
RULE_FILE_DEPTH = 64


def limit(name: str) -> int:
    """The limit in force: the environment variable when it holds a positive whole number."""
    env, default, _, _ = LIMITS[name]
    try:
        value = int(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def check_size(path: Path, name: str, what: str) -> int:
    """The file's size, if within the ``name`` limit (in MB); a GkError saying so if not."""
    env, _, _, _ = LIMITS[name]
    most = limit(name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GkError(
            "unreadable_file", zh=f"无法读取 {path}：{exc}", en=f"cannot read {path}: {exc}"
        ) from None
    if size > most * 2**20:
        raise GkError(
            f"{what}_too_large",
            zh=f"{path} 有 {size / 2**20:.1f} MB，超过 {most} MB 的上限，拒绝打开"
            f"（确有需要可设置环境变量 {env}）",
            en=f"{path} is {size / 2**20:.1f} MB, over the {most} MB limit (set {env} to raise it)",
        )
    return size


def check_archive(
    path: Path, parts: list[zipfile.ZipInfo], code: str = "archive_unpacks_too_large"
) -> None:
    """Refuse an archive that would unpack beyond the limit or that is built as a bomb."""
    most = limit("unpacked_mb")
    unpacked = sum(info.file_size for info in parts)
    bomb = any(
        info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        for info in parts
    )
    if len(parts) > MAX_PARTS or unpacked > most * 2**20 or bomb:
        raise GkError(
            code,
            zh=f"{path} 解压后将达 {unpacked / 2**20:.0f} MB（{len(parts)} 个部件），"
            f"超过安全上限（{most} MB，或压缩比异常），拒绝打开（可能是恶意构造的文件）",
            en=f"{path} would unpack to {unpacked / 2**20:.0f} MB in {len(parts)} parts, "
            f"over the safety limit ({most} MB, or an abnormal ratio); refused",
        )


def check_report_file(path: Path) -> None:
    """Size, archive and page limits for a published report, before any parser sees it."""
    check_size(path, "report_mb", "report")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as archive:
                parts = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            raise GkError(
                "bad_docx",
                zh=f"{path} 不是 Word 文档（.docx），文件可能已损坏或只是改了扩展名",
                en=f"{path} is not a Word document (.docx); damaged or renamed?",
            ) from None
        check_archive(path, parts)


def check_pdf_pages(path: Path, pages: int) -> None:
    most = limit("pdf_pages")
    if pages > most:
        env = LIMITS["pdf_pages"][0]
        raise GkError(
            "pdf_too_long",
            zh=f"{path} 有 {pages} 页，超过 {most} 页的上限（确有需要可设置环境变量 {env}）",
            en=f"{path} has {pages} pages, over the {most}-page limit (set {env} to raise it)",
        )


__all__ = ["LIMITS", "check_archive", "check_pdf_pages", "check_report_file", "check_size", "limit"]
