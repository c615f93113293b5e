"""The add-in's sources shipped as package data: ``assets/ribbon.xml`` and ``assets/gkstats.bas``.

They live inside the package (not only in the repository's ``excel/`` folder) so that an
installed gkstats can build its own add-in with ``gkstats excel build``.
"""

from __future__ import annotations

from importlib import resources

RIBBON = "ribbon.xml"
VBA_MODULE = "gkstats.bas"


def asset_text(name: str) -> str:
    return resources.files("gkstats.excel").joinpath("assets").joinpath(name).read_text("utf-8")
