"""What xlwings' engine API cannot say, said through ``.api``: one small function per need,
the Windows (COM) and the Mac (AppleScript) call side by side.

Everything else the add-in does goes through members that both of xlwings' desktop engines
implement (the tests hold it to that: ``tests/excel_support.py`` restricts the remote engine to
them). Freezing panes is done without: it needs the sheet's window, which the add-in would
have to activate under the user's eyes.
"""

from __future__ import annotations

import sys
from typing import Any, Literal

Platform = Literal["windows", "mac"]

#: ``XlSheetVisibility.xlSheetVeryHidden``: not offered under Unhide.
XL_SHEET_VERY_HIDDEN = 2
#: What a sheet's ``visible`` reads as when it is hidden: ``False`` (Mac, remote), or the
#: ``XlSheetVisibility`` number on Windows, where it is 0 (hidden) or 2 (very hidden); a
#: visible sheet reads ``True``, or -1 on Windows (``xlSheetVisible``).
HIDDEN_STATES = (0, 2)


def desktop(engine_name: str) -> Platform | None:
    """Which desktop Excel the engine drives; ``None`` for any other engine (remote)."""
    if engine_name != "excel":
        return None
    if sys.platform == "win32":
        return "windows"
    return "mac" if sys.platform == "darwin" else None


def is_hidden(visible: object) -> bool:
    """Whether a sheet's ``visible`` says hidden, "very hidden" included."""
    return visible is False or (type(visible) is int and visible in HIDDEN_STATES)


def hide_very(sheet: Any, platform: Platform | None) -> bool:
    """Make a sheet "very hidden" (False where the engine has no such state)."""
    if platform == "windows":
        sheet.api.Visible = XL_SHEET_VERY_HIDDEN
        return True
    if platform == "mac":
        from appscript import k  # type: ignore[import-not-found]  # xlwings' Mac dependency

        sheet.api.visible.set(k.sheet_very_hidden)
        return True
    return False


#: ``XlPageOrientation.xlLandscape``.
XL_LANDSCAPE = 2


def print_setup(sheet: Any, platform: Platform | None, footer: str) -> bool:
    """Print a list of gkstats' landscape, one page wide, with ``footer`` (Excel's codes:
    ``&P`` the page number) centred at the foot of each page.  False where the engine has no
    page setup to speak to (remote), or where Excel refuses it (no printer installed): the
    list is then printed as Excel's defaults have it, and the click goes on."""
    try:
        if platform == "windows":
            setup = sheet.api.PageSetup
            setup.CenterFooter = footer
            setup.Orientation = XL_LANDSCAPE
            setup.Zoom = False
            setup.FitToPagesWide = 1
            setup.FitToPagesTall = False
            return True
        if platform == "mac":
            from appscript import k

            setup = sheet.api.page_setup_object
            setup.center_footer.set(footer)
            setup.page_orientation.set(k.landscape)
            setup.fit_to_pages_wide.set(1)
            return True
    except Exception:
        return False
    return False
