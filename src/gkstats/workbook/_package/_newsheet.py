"""gkstats' own sheets (校验结果, the hidden mark record), written as new worksheet parts.

Text goes in as inline strings: never a formula, and the workbook's shared strings are left
as they are (append-only means, here, not touched at all).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import attrs

from ..gateway import Cell, a1, column_letter
from ._sheet import cell_body

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
)


@attrs.define
class NewSheet:
    """A sheet gkstats adds, kept in memory until the package is saved."""

    values: dict[Cell, object] = attrs.Factory(dict)
    styles: dict[Cell, int] = attrs.Factory(dict)
    widths: dict[int, float] = attrs.Factory(dict)
    heights: dict[int, float] = attrs.Factory(dict)
    links: dict[Cell, str] = attrs.Factory(dict)
    frozen: bool = False
    landscape: bool = False
    #: The printed footer, in Excel's codes (``&P`` the page number), if any.
    footer: str | None = None

    def xml(self) -> str:
        cells = set(self.values) | set(self.styles)
        rows: dict[int, list[int]] = {}
        for r, c in cells:
            rows.setdefault(r, []).append(c)
        parts = [_HEAD]
        if self.landscape:
            parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        if cells:
            top = (min(r for r, _ in cells), min(c for _, c in cells))
            bottom = (max(r for r, _ in cells), max(c for _, c in cells))
            parts.append(f'<dimension ref="{a1(top)}:{a1(bottom)}"/>')
        parts.append('<sheetViews><sheetView workbookViewId="0">')
        if self.frozen:
            parts.append(
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            )
        parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            parts.append("<cols>")
            for c in sorted(self.widths):
                parts.append(
                    f'<col min="{c}" max="{c}" width="{self.widths[c]:g}" customWidth="1"/>'
                )
            parts.append("</cols>")
        parts.append("<sheetData>")
        for r in sorted(set(rows) | set(self.heights)):
            height = self.heights.get(r)
            extra = f' ht="{height:g}" customHeight="1"' if height else ""
            parts.append(f'<row r="{r}"{extra}>')
            for c in sorted(rows.get(r, [])):
                kind, body = cell_body(self.values.get((r, c)))
                s = self.styles.get((r, c))
                style = f' s="{s}"' if s else ""
                ref = f"{column_letter(c)}{r}"
                parts.append(f'<c r="{ref}"{style}{kind}>{body}</c>' if body else
                             f'<c r="{ref}"{style}/>')  # fmt: skip
            parts.append("</row>")
        parts.append("</sheetData>")
        if self.links:
            parts.append("<hyperlinks>")
            for cell in sorted(self.links):
                parts.append(
                    f'<hyperlink ref="{a1(cell)}" location={quoteattr(self.links[cell])}/>'
                )
            parts.append("</hyperlinks>")
        parts.append(
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
        )
        if self.landscape:
            parts.append('<pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/>')
        if self.footer:
            parts.append(
                f"<headerFooter><oddFooter>{escape('&C' + self.footer)}</oddFooter></headerFooter>"
            )
        parts.append("</worksheet>")
        return "".join(parts)


__all__ = ["NewSheet"]
