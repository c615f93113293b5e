"""The zip package of a workbook, part by part: what changed is rewritten, the rest kept.

Parts are read when first asked for and written back exactly as read unless something was
put in their place, so every part gkstats has no business with comes out byte-identical.
Relationships and content types are edited as text (append an element, take the same
element out again), which keeps a part that is marked and then cleared identical too; they
are parsed only with defusedxml, so a hostile file's entities are refused, not expanded.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree

from ..._errors import GkError
from ..._files import replacing

PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "[Content_Types].xml"
_UNSAFE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def damaged(path: Path | str, why: str) -> GkError:
    return GkError(
        "bad_workbook",
        zh=f"无法修改工作簿 {path}：内容损坏或格式不受支持（{why}）",
        en=f"cannot change workbook {path}: damaged or unsupported ({why})",
    )


def parse(data: bytes, where: str) -> Any:
    """An element tree of a part, parsed safely (no entities, no DTD)."""
    try:
        return ElementTree.fromstring(data)
    except Exception as exc:  # ParseError, defusedxml's refusals
        raise damaged(where, type(exc).__name__) from None


class Package:
    """The parts of one workbook file, read lazily, rewritten only where changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
            self._infos = {i.filename: i for i in self._zip.infolist()}
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise damaged(path, type(exc).__name__) from None
        self._order = list(self._infos)
        self._data: dict[str, bytes] = {}
        self._changed: set[str] = set()
        self._rels: dict[str, tuple[bytes, list[dict[str, str]]]] = {}

    def close(self) -> None:
        self._zip.close()

    # --- parts ---------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self._data or name in self._infos

    def names(self) -> list[str]:
        return [n for n in self._order if self.has(n)]

    def read(self, name: str) -> bytes:
        if name not in self._data:
            try:
                self._data[name] = self._zip.read(self._infos[name])
            except KeyError:
                raise damaged(self.path, f"no part {name}") from None
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
                raise damaged(self.path, type(exc).__name__) from None
        return self._data[name]

    def text(self, name: str) -> str:
        """A part as text for editing; one that declares a DTD or entities is refused."""
        data = self.read(name)
        if _UNSAFE.search(data):
            raise damaged(self.path, f"{name}: DTD")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise damaged(self.path, f"{name}: not UTF-8") from None

    def write(self, name: str, data: bytes | str) -> None:
        self._data[name] = data.encode("utf-8") if isinstance(data, str) else data
        self._changed.add(name)
        if name not in self._order:
            self._order.append(name)

    def delete(self, name: str) -> None:
        self._data.pop(name, None)
        self._infos.pop(name, None)
        self._changed.discard(name)

    def changed(self) -> set[str]:
        return {n for n in self._changed if self.has(n)}

    def tree(self, name: str) -> Any:
        return parse(self.read(name), f"{self.path}:{name}")

    def save(self, target: Path) -> None:
        """Every part in its place and order; unchanged parts as they were read.

        Everything is read first and the source closed before the new file replaces it
        (Windows cannot replace a file that is still open, even by this process)."""
        parts = [(name, self.read(name)) for name in self.names()]
        self.close()
        with replacing(target) as tmp, zipfile.ZipFile(tmp, "w") as out:
            for name, data in parts:
                info = self._infos.get(name)
                if info is None:
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                else:
                    info = _copy_info(info)
                out.writestr(info, data)

    # --- relationships ---------------------------------------------------------------------
    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def rels(self, part: str) -> list[dict[str, str]]:
        """The part's relationships: Id, Type, Target (resolved to a part name), TargetMode."""
        name = self.rels_name(part)
        if not self.has(name):
            return []
        data = self.read(name)
        cached = self._rels.get(name)
        if cached is not None and cached[0] is data:
            return cached[1]
        out = []
        for r in self.tree(name).iter(f"{PKG_REL}Relationship"):
            rel = {k: r.get(k, "") for k in ("Id", "Type", "Target", "TargetMode")}
            if rel["TargetMode"] != "External":
                rel["Part"] = resolve(part, rel["Target"])
            out.append(rel)
        self._rels[name] = (data, out)
        return out

    def add_rel(self, part: str, kind: str, target_part: str) -> str:
        """A new relationship from ``part`` to ``target_part``; returns its Id."""
        name = self.rels_name(part)
        ids = {r["Id"] for r in self.rels(part)}
        k = len(ids) + 1
        while f"rId{k}" in ids:
            k += 1
        rid = f"rId{k}"
        target = relative(part, target_part)
        element = f'<Relationship Id="{rid}" Type={quoteattr(kind)} Target={quoteattr(target)}/>'
        if self.has(name):
            self.write(name, append_child(self.text(name), "Relationships", element))
        else:
            self.write(
                name,
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{element}</Relationships>',
            )
        return rid

    def remove_rel(self, part: str, rid: str) -> None:
        name = self.rels_name(part)
        if not self.has(name):
            return
        text = remove_element(self.text(name), "Relationship", "Id", rid)
        if re.search(r"<(?:\w+:)?Relationship\b", text):
            self.write(name, text)
        else:  # nothing left: the part goes, as it was before gkstats added one
            self.delete(name)

    # --- content types ---------------------------------------------------------------------
    def add_override(self, part: str, ctype: str) -> None:
        text = self.text(_TYPES)
        if re.search(rf'PartName="/{re.escape(part)}"', text):
            return
        element = f'<Override PartName="/{escape(part)}" ContentType="{ctype}"/>'
        self.write(_TYPES, append_child(text, "Types", element))

    def remove_override(self, part: str) -> None:
        self.write(_TYPES, remove_element(self.text(_TYPES), "Override", "PartName", "/" + part))

    def ensure_default(self, ext: str, ctype: str) -> None:
        text = self.text(_TYPES)
        defaults = {d.get("Extension", "").lower() for d in self.tree(_TYPES).iter(f"{CT}Default")}
        if ext.lower() not in defaults:
            element = f'<Default Extension="{ext}" ContentType="{ctype}"/>'
            self.write(_TYPES, insert_first_child(text, "Types", element))

    def remove_default(self, ext: str) -> None:
        self.write(_TYPES, remove_element(self.text(_TYPES), "Default", "Extension", ext))


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    new.comment = info.comment
    return new


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name (``../comments1.xml`` → ``xl/comments1.xml``)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source) or ".")


def _end_tag(text: str, tag: str) -> re.Match[str] | None:
    """The last closing tag of ``tag``."""
    ends = list(re.finditer(rf"</(?:\w+:)?{tag}\s*>", text))
    return ends[-1] if ends else None


def append_child(text: str, parent: str, element: str) -> str:
    """``element`` as the last child of the (last) ``parent`` element."""
    end = _end_tag(text, parent)
    if end is not None:
        return text[: end.start()] + element + text[end.start() :]
    empty = re.search(rf"<((?:\w+:)?{parent})\b([^>]*?)\s*/>", text)
    if empty is None:
        raise ValueError(f"no <{parent}> element")
    return (
        text[: empty.start()]
        + f"<{empty[1]}{empty[2]}>{element}</{empty[1]}>"
        + text[empty.end() :]
    )


def insert_first_child(text: str, parent: str, element: str) -> str:
    start = re.search(rf"<(?:\w+:)?{parent}\b[^>]*(?<!/)>", text)
    if start is None:
        return append_child(text, parent, element)
    return text[: start.end()] + element + text[start.end() :]


def remove_element(text: str, tag: str, attr: str, value: str) -> str:
    """Take out the (empty) element ``<tag … attr="value" …/>`` exactly as it was written."""
    pattern = re.compile(
        rf"<(?:\w+:)?{tag}\b[^>]*?\s{attr}=([\"']){re.escape(escape(value))}\1[^>]*?/>"
    )
    return pattern.sub("", text, count=1)


__all__ = ["Package", "append_child", "damaged", "parse", "remove_element", "resolve"]
