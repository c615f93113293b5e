"""Refuse files that are not workbooks, or that are too big to open safely, before opening.

An .xlsx is a zip of XML.  openpyxl parses the XML with defusedxml (a core dependency, so
entity tricks are refused), but nothing stops a small file from unpacking to gigabytes: the
archive's own directory says how large every part will be, so that is checked first, and
so is the file size.  The limits can be raised with environment variables for the rare
honest giant: ``GKSTATS_MAX_WORKBOOK_MB`` (file, default 50) and ``GKSTATS_MAX_UNPACKED_MB``
(unpacked, default 500).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .._errors import GkError
from .._files import require_file
from .._limits import check_archive, limit

MAX_FILE_MB = 50
MAX_UNPACKED_MB = 500
MAX_PARTS = 10_000
#: A part this much larger unpacked than packed is a zip bomb, not a spreadsheet.
MAX_RATIO = 1000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUFFIXES = (".xlsx", ".xlsm")


def _limit(env: str, default: int) -> int:
    name = {"GKSTATS_MAX_WORKBOOK_MB": "workbook_mb", "GKSTATS_MAX_UNPACKED_MB": "unpacked_mb"}
    return limit(name[env])


def check_workbook_file(path: str | Path) -> Path:
    """The path, if it is a workbook within the limits; a :class:`GkError` saying why not."""
    p = require_file(path)
    max_file = _limit("GKSTATS_MAX_WORKBOOK_MB", MAX_FILE_MB)
    size = p.stat().st_size
    if size > max_file * 2**20:
        raise GkError(
            "workbook_too_large",
            zh=f"{p} 有 {size / 2**20:.1f} MB，超过 {max_file} MB 的上限，拒绝打开"
            "（统计表工作簿通常不足 1 MB；确有需要可设置环境变量 GKSTATS_MAX_WORKBOOK_MB）",
            en=f"{p} is {size / 2**20:.1f} MB, over the {max_file} MB limit "
            "(set GKSTATS_MAX_WORKBOOK_MB to raise it)",
        )
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise GkError(
            "unreadable_file", zh=f"无法读取 {p}：{exc}", en=f"cannot read {p}: {exc}"
        ) from None
    if head == _OLE_MAGIC:
        raise GkError(
            "old_or_encrypted_workbook",
            zh=f"{p} 是旧版 .xls 文件或设有打开密码的工作簿，无法读取："
            "请在 Excel 或 WPS 中取消密码并另存为 .xlsx 后再试",
            en=f"{p} is an old .xls file or a password-protected workbook: "
            "remove the password and save it as .xlsx",
        )
    not_a_workbook = GkError(
        "not_a_workbook",
        zh=f"{p} 不是 Excel 工作簿（.xlsx/.xlsm），文件可能已损坏或只是改了扩展名",
        en=f"{p} is not an Excel workbook (.xlsx/.xlsm); it may be damaged or renamed",
    )
    try:
        with zipfile.ZipFile(p) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        # NotImplementedError: a zip "version" or compression no reader supports
        raise not_a_workbook from None
    names = {info.filename for info in parts}
    if "xl/workbook.xml" not in names and not any(
        n.startswith("xl/workbook") and n.endswith(".xml") for n in names
    ):
        raise not_a_workbook
    check_archive(p, parts, "workbook_unpacks_too_large")
    return p


__all__ = ["MAX_FILE_MB", "MAX_UNPACKED_MB", "SUFFIXES", "check_workbook_file"]
