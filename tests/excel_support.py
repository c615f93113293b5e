"""Shared by the Excel add-in tests: the built add-in, its VBA run in pyOpenVBA's interpreter,
and xlwings' remote engine fed from (and replayed onto) a real openpyxl workbook.

What stands in for what, and why:

- The add-in's own VBA (``RibbonGkstats``, taken from the built ``.xlam``) runs for real in
  pyOpenVBA's VBA interpreter. Its partner, xlwings' VBA module, starts a Python process
  through cmd.exe or AppleScript, which no test machine has; in the interpreter a
  two-function module stands in for it and records the statement RunPython would run.
- That statement then runs, as is, in this Python process against xlwings' remote engine:
  ``xw.Book(json=payload)`` with a payload built from a real workbook, set as the mock caller.
  The remote engine answers everything the gateway reads except fills and note texts (its
  protocol does not carry them), which :class:`ClientGateway` reads from the same workbook the
  payload came from, as a client sending them would. Every write goes through xlwings and
  comes back as ``book.json()`` actions, which :func:`replay` applies to the openpyxl
  workbook, so the result can be compared with the openpyxl path's.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

LICENSE_ENV = "XLWINGS_LICENSE_KEY"
#: xlwings PRO's remote engine, usable for testing under its PolyForm Noncommercial licence.
NONCOMMERCIAL = "noncommercial"


# --- the built add-in -------------------------------------------------------------------

_BUILT: dict[str, Path] = {}


def built_addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ``gkstats excel build`` per test session."""
    if "path" not in _BUILT:
        from gkstats.excel.build import build_addin

        out = tmp_path_factory.mktemp("addin") / "gkstats.xlam"
        build_addin(out)
        _BUILT["path"] = out
    return _BUILT["path"]


def vba_module(path: Path, name: str) -> str:
    from pyopenvba import ExcelFile

    with ExcelFile(path) as book:
        return str(book.get_module(name))


_XLWINGS_STAND_IN = """\
Public RunPythonCalls As String
Public Interpreter As String

Public Function RunPython(PythonCommand As String)
    RunPythonCalls = RunPythonCalls & PythonCommand & vbLf
End Function

Public Function GetConfig(configKey As String, Optional default As String = "", _
                          Optional source As String = "") As Variant
    If configKey = "INTERPRETER_WIN" Or configKey = "INTERPRETER_MAC" Then
        GetConfig = Interpreter
    Else
        GetConfig = default
    End If
End Function

Public Function TakeCalls() As String
    TakeCalls = RunPythonCalls
    RunPythonCalls = ""
End Function

Public Sub SetInterpreter(ByVal path As String)
    Interpreter = path
End Sub
"""

_CLICKER = """\
Public Sub Click(ByVal buttonId As String)
    Dim control As New RibbonControl
    control.Id = buttonId
    OnButton control
End Sub
"""


class AddinVBA:
    """The built add-in's ribbon module, running in pyOpenVBA's VBA interpreter."""

    def __init__(self, addin: Path, ribbon_module: str = "RibbonGkstats") -> None:
        from pyopenvba.apps.excel import ExcelApplication

        self.app = ExcelApplication()
        self.app.add_workbook()
        self.app.add_module(vba_module(addin, ribbon_module), name=ribbon_module)
        self.app.add_module(_XLWINGS_STAND_IN, name="xlwings")
        self.app.add_module("Public Id As String\n", name="RibbonControl", kind="class")
        self.app.add_module(_CLICKER, name="Clicker")
        self.configure(r"C:\Python\python.exe")

    def configure(self, interpreter: str) -> None:
        self.app.run("SetInterpreter", interpreter)

    def click(self, button_id: str) -> list[str]:
        """Press a ribbon button: what RunPython was asked to run (nothing, or one statement)."""
        self.app.run("Click", button_id)
        calls = str(self.app.evaluate("TakeCalls()"))
        return [c for c in calls.split("\n") if c]

    def dialogs(self) -> list[tuple[Any, ...]]:
        return list(self.app.dialogs)

    def evaluate(self, expression: str) -> Any:
        return self.app.evaluate(expression)


# --- xlwings' remote engine -------------------------------------------------------------


@pytest.fixture
def remote_engine(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``xlwings`` with its remote engine registered; the licence key set for this test only."""
    monkeypatch.setenv(LICENSE_ENV, NONCOMMERCIAL)
    try:
        import xlwings as xw
        from xlwings.pro import _xlremote
    except ImportError as exc:  # pragma: no cover - the test extra installs xlwings
        pytest.skip(f"xlwings' remote engine is unavailable: {exc}")
    except xw.LicenseError as exc:  # pragma: no cover
        pytest.skip(f"xlwings' remote engine refused the noncommercial key: {exc}")
    if "remote" not in [e.name for e in xw.engines]:
        xw.engines.add(xw.Engine(impl=_xlremote.engine))
    yield xw
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


def payload(book: Any, name: str = "Book1.xlsx") -> dict[str, Any]:
    """What an Office.js client sends for this openpyxl workbook (values, names, notes)."""
    import xlwings as xw
    from openpyxl.utils import get_column_letter

    sheets = []
    for ws in book.worksheets:
        rows = ws.max_row if ws.max_row and ws.max_column else 0
        cols = ws.max_column if rows else 0
        values = [
            [_client_value(ws.cell(r, c).value) for c in range(1, cols + 1)]
            for r in range(1, rows + 1)
        ] or [[]]
        used = f"$A$1:${get_column_letter(cols)}${rows}" if rows else None
        notes = [
            {"address": f"${get_column_letter(c.column)}${c.row}"}
            for row in ws.iter_rows()
            for c in row
            if c.comment is not None
        ]
        sheets.append(
            {
                "name": ws.title,
                "values": values,
                "used_range_address": used,
                "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden",
                "notes": notes,
                "pictures": [],
                "tables": [],
                "shapes": [],
                "charts": [],
            }
        )
    names: list[dict[str, Any]] = []
    for dn_name, dn in book.defined_names.items():
        dests = list(dn.destinations) if not dn.attr_text.startswith('"') else []
        if len(dests) != 1:  # a constant (GK_format = "f2021"): Office.js sends its formula
            names.append(
                {"name": dn_name, "refers_to": "=" + dn.attr_text, "sheet_index": None,
                 "address": None, "scope_sheet_name": None, "scope_sheet_index": None,
                 "book_scope": True}
            )  # fmt: skip
            continue
        sheet, ref = dests[0]
        names.append(
            {
                "name": dn_name,
                "sheet_index": book.sheetnames.index(sheet),
                "address": ref,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
                "book_scope": True,
            }
        )
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": book.sheetnames.index(book.active.title),
                 "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }  # fmt: skip


def _client_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("="):
        shown = hyperlink_text(value)
        if shown is None:
            raise ValueError(f"a formula this client cannot calculate: {value}")
        return shown  # what Excel shows for =HYPERLINK(target, text)
    if isinstance(value, Decimal):
        return float(value)
    return value


def hyperlink_text(value: object) -> str | None:
    """The text ``=HYPERLINK("#target","text")`` shows; ``None`` for anything else."""
    m = re.fullmatch(r'=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)', str(value))
    return m[1].replace('""', '"') if m else None


def replay(actions: list[dict[str, Any]], book: Any) -> list[dict[str, Any]]:
    """Apply xlwings' JSON actions to an openpyxl workbook, as the client would; returns the
    actions it does not apply (alerts and the like), for the test to look at."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    others = []
    for a in actions:
        func = a["func"]
        ws = book.worksheets[a["sheet_position"]] if a["sheet_position"] is not None else None
        if func == "setValues":
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    ws.cell(a["start_row"] + 1 + i, a["start_column"] + 1 + j).value = (
                        None if v == "" else v
                    )
        elif func == "setFormula":
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    ws.cell(a["start_row"] + 1 + i, a["start_column"] + 1 + j).value = v
        elif func == "setRangeColor":
            color = a["args"][0]
            fill = (
                PatternFill()
                if color is None
                else PatternFill("solid", start_color="FF" + color.lstrip("#").upper(),
                                 end_color="FF" + color.lstrip("#").upper())
            )  # fmt: skip
            for cell in _cells(ws, a):
                cell.fill = fill
        elif func in ("addNote", "setNoteText"):
            address, text = a["args"]
            ws[address.replace("$", "")].comment = Comment(text, "")
        elif func == "deleteNote":
            ws[a["args"][0].replace("$", "")].comment = None
        elif func == "addSheet":
            index, name = a["args"]
            book.create_sheet(name, index)
        elif func == "setSheetVisibility":
            ws.sheet_state = "hidden" if a["args"][0] == "Hidden" else "visible"
        elif func == "activateSheet":
            book.active = a["args"][0]
        elif func == "setFontProperty":
            prop, value = a["args"]
            for cell in _cells(ws, a):
                cell.font = Font(**{prop: value})
        elif func == "freezePaneAtRange":
            ws.freeze_panes = a["args"][0]
        elif func == "setColumnWidth":
            pass  # widths are layout, not content
        elif func == "sheetDelete":
            del book[ws.title]
        else:
            others.append(a)
    return others


def _cells(ws: Any, a: dict[str, Any]) -> list[Any]:
    return [
        ws.cell(a["start_row"] + 1 + i, a["start_column"] + 1 + j)
        for i in range(a["row_count"])
        for j in range(a["column_count"])
    ]


class Client:
    """The client side of the remote engine: a real workbook that applies xlwings' actions as
    they come and answers the two reads the remote protocol does not carry."""

    def __init__(self, book: Any, name: str = "2025年报.xlsx") -> None:
        self.wb = book
        self.name = name
        self.applied = 0
        self.unapplied: list[dict[str, Any]] = []
        self.gateways: list[Any] = []

    def open(self, xw: Any) -> Any:
        """A fresh request: the workbook as it is now, as the calling book."""
        book = xw.Book(json=payload(self.wb, self.name))
        book.set_mock_caller()
        self.applied, self.unapplied = 0, []
        return book

    def sync(self, book: Any) -> None:
        actions = book.json()["actions"]
        self.unapplied += replay(actions[self.applied :], self.wb)
        self.applied = len(actions)

    def gateway_class(self) -> type:
        from gkstats.excel._xlwings_gateway import XlwingsGateway

        client = self

        class ClientGateway(XlwingsGateway):
            """The real gateway; only fills and note texts are read from the client."""

            def __init__(self, book: Any) -> None:
                super().__init__(book)
                client.gateways.append(self)

            def _read_color(self, sheet: str, cell: tuple[int, int]) -> Any:
                client.sync(self.book)
                return fill_rgb(client.wb[sheet].cell(*cell).fill)

            def _read_note_text(self, sheet: str, cell: tuple[int, int]) -> str | None:
                if self._range(sheet, cell).note is None:  # what the remote engine knows
                    return None
                client.sync(self.book)
                comment = client.wb[sheet].cell(*cell).comment
                return None if comment is None else str(comment.text)

        return ClientGateway

    def alerts(self) -> list[tuple[str, str]]:
        """(message, mode) of the alerts Python asked Excel to show."""
        return [(a["args"][0], a["args"][3]) for a in self.unapplied if a["func"] == "alert"]


def fill_rgb(fill: Any) -> tuple[int, int, int] | None:
    if fill is None or fill.fill_type is None:
        return None
    rgb = fill.fgColor.rgb
    if not isinstance(rgb, str):
        raise ValueError(f"not an RGB fill: {fill.fgColor!r}")
    text = rgb[-6:]
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
