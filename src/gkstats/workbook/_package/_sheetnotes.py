"""Where each sheet's notes live: finding, creating and, once empty, removing the comments
part and the VML drawing, with the relationships and content types that list them."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..gateway import Cell, Note
from ._notes import (
    COMMENTS_CT,
    COMMENTS_TYPE,
    VML_CT,
    VML_TYPE,
    Notes,
    empty_vml,
    idmaps,
)
from ._parts import Package
from ._sheet import SheetXml

#: The author of gkstats' notes (as in :mod:`gkstats.workbook.marks`).
NOTE_AUTHOR = "gkstats"


class SheetNotes:
    """The notes of every sheet touched, created on the first note a sheet gets."""

    def __init__(self, pkg: Package, sheet_xml: Callable[[str], SheetXml]) -> None:
        self.pkg = pkg
        self.sheet_xml = sheet_xml
        self._notes: dict[str, Notes] = {}
        self._where: dict[str, tuple[str | None, str | None, str | None]] = {}

    def _load(self, part: str) -> Notes:
        if part not in self._notes:
            comments = vml = rid = None
            ws = self.sheet_xml(part)
            drawing = ws.legacy_drawing()
            for rel in self.pkg.rels(part):
                target = rel.get("Part")
                if target is None or not self.pkg.has(target):
                    continue
                if rel["Type"] == COMMENTS_TYPE:
                    comments = target
                elif rel["Type"] == VML_TYPE and rel["Id"] == drawing:
                    vml, rid = target, rel["Id"]
            self._where[part] = (comments, vml, rid)
            self._notes[part] = Notes(
                self.pkg.text(comments) if comments else None,
                self.pkg.text(vml) if vml else None,
                f"{self.pkg.path}:{part}",
            )
        return self._notes[part]

    def get(self, part: str, cell: Cell) -> Note | None:
        return self._load(part).get(cell)

    def put(self, part: str, cell: Cell, note: Note | None) -> None:
        notes = self._load(part)
        if note is None:
            notes.remove(cell)
            return
        comments, vml, rid = self._where[part]
        if comments is None:
            comments = self._free("xl/comments{}.xml")
            self.pkg.write(comments, "")
            self.pkg.add_rel(part, COMMENTS_TYPE, comments)
            self.pkg.add_override(comments, COMMENTS_CT)
        if vml is None:
            vml = self._free("xl/drawings/vmlDrawing{}.vml")
            self.pkg.write(vml, "")
            rid = self.pkg.add_rel(part, VML_TYPE, vml)
            self.sheet_xml(part).add_legacy_drawing(rid)
            self.pkg.ensure_default("vml", VML_CT)
            used = [
                k
                for name in self.pkg.names()
                if name.lower().endswith(".vml") and name != vml
                for k in idmaps(self.pkg.text(name))
            ]
            notes.vml = empty_vml(max(used, default=0) + 1)
        self._where[part] = (comments, vml, rid)
        notes.put(cell, note)

    def _free(self, pattern: str) -> str:
        k = 1
        while self.pkg.has(pattern.format(k)):
            k += 1
        return pattern.format(k)

    def flush(self, sheet_xml: Callable[[str], SheetXml]) -> None:
        """Write the notes back; a comments part or drawing left empty goes, with its links."""
        for part, notes in self._notes.items():
            comments, vml, rid = self._where[part]
            notes.drop_author(NOTE_AUTHOR)
            if comments is not None and notes.comments is not None:
                if notes.empty():
                    self._drop(part, comments, COMMENTS_TYPE)
                else:
                    self.pkg.write(comments, notes.comments)
            if vml is not None and notes.vml is not None:
                if re.search(r"<v:shape\b", notes.vml) is None and rid is not None:
                    self._drop(part, vml, VML_TYPE)
                    sheet_xml(part).remove_legacy_drawing(rid)
                    if not any(n.lower().endswith(".vml") for n in self.pkg.names()):
                        self.pkg.remove_default("vml")
                else:
                    self.pkg.write(vml, notes.vml)

    def _drop(self, part: str, child: str, kind: str) -> None:
        for rel in self.pkg.rels(part):
            if rel["Type"] == kind and rel.get("Part") == child:
                self.pkg.remove_rel(part, rel["Id"])
        self.pkg.delete(child)
        self.pkg.remove_override(child)


__all__ = ["SheetNotes"]
