"""The package editor (DESIGN §4): changes to a workbook the user already has, written into
its own XML, part by part, so that nothing gkstats does not touch can be lost."""

from __future__ import annotations

from ._gateway import PackageWorkbook

__all__ = ["PackageWorkbook"]
