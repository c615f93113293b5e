"""Reading a report file's bytes and decoding them (Chinese government sites still serve GBK)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .._errors import GkError
from .._files import require_file

_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Declared legacy encodings are read as their superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}


def read_bytes(path: Path) -> bytes:
    require_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise GkError(
            "unreadable_file", zh=f"无法读取 {path}：{exc}", en=f"cannot read {path}: {exc}"
        ) from None


def decode(data: bytes, *, html: bool = False, name: str = "", head: bytes | None = None) -> str:
    """Text from bytes: BOM, then the page's declared charset, then UTF-8, then GB18030.

    ``head``: the page's first bytes as served, when ``data`` had some markup taken out
    (the charset declaration is looked for where it was)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if html:
        m = _META_CHARSET.search(data[:4096] if head is None else head[:4096])
        if m:
            declared = m.group(1).decode("ascii", "ignore").lower()
            declared = _SUPERSETS.get(declared, declared)
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:1024]:
        raise GkError(
            "not_text",
            zh=f"{name or '输入'} 不是文本或网页文件（含二进制内容）",
            en=f"{name or 'input'} is not a text or HTML file (binary content)",
        )
    return data.decode("utf-8", errors="replace")


__all__ = ["decode", "read_bytes"]
