"""Shared by the Excel add-in tests: the built add-in, its VBA run in pyOpenVBA's interpreter,
and xlwings' remote engine fed from (and replayed onto) a real openpyxl workbook.

What stands in for what, and why:

- The add-in's own VBA (``RibbonGkstats``, taken from the built ``.xlam``) runs for real in
  pyOpenVBA's VBA interpreter. Its partner, xlwings' VBA module, starts a Python process
  through cmd.exe or AppleScript, which no test machine has; in the interpreter a
  two-function module stands in for it and records the statement RunPython would run.
- That statement then runs, as is, in this Python process against xlwings' remote engine:
  ``xw.Book(json=payload)`` with a payload built from a real workbook, set as the mock caller.
  Every write goes through xlwings and comes back as ``book.json()`` actions, which
  :func:`replay` applies to the openpyxl workbook as Excel would, so the result can be
  compared with the openpyxl path's.
- The remote engine implements more than the desktop engines (Windows COM, Mac AppleScript),
  so ``excel_engine.DesktopEngine`` restricts it to what both of those implement (see there).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from excel_engine import DesktopEngine

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


_VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


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
                "visibility": _VISIBILITY[ws.sheet_state],
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
    from openpyxl.styles import Alignment, Font, PatternFill

    others = []
    for a in actions:
        func = a["func"]
        ws = book.worksheets[a["sheet_position"]] if a["sheet_position"] is not None else None
        if func == "setValues":
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    ws.cell(a["start_row"] + 1 + i, a["start_column"] + 1 + j).value = _typed(v)
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
        elif func == "setWrapText":
            for cell in _cells(ws, a):
                cell.alignment = Alignment(wrap_text=bool(a["args"]), vertical="top")
        elif func == "setSheetName":
            ws.title = a["args"][0]
        elif func == "sheetDelete":
            del book[ws.title]
        else:
            others.append(a)
    return others


def as_formula(value: object) -> object:
    """A cell's ``Formula`` as Excel gives it: the formula, or the constant as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _typed(value: object) -> object:
    """A value as Excel stores what a 2-D write sent: "" empties the cell, a leading
    apostrophe makes the rest text, any other text is read as Excel reads typing."""
    if value == "" or value is None:
        return None
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def _cells(ws: Any, a: dict[str, Any]) -> list[Any]:
    return [
        ws.cell(a["start_row"] + 1 + i, a["start_column"] + 1 + j)
        for i in range(a["row_count"])
        for j in range(a["column_count"])
    ]


class Client:
    """The client side of the remote engine: a real workbook that applies xlwings' actions as
    they come (and, through :class:`DesktopEngine`, answers the reads the remote protocol does
    not carry)."""

    def __init__(self, book: Any, name: str = "2025年报.xlsx") -> None:
        self.wb = book
        self.name = name
        self.applied = 0
        self.unapplied: list[dict[str, Any]] = []

    def open(self, xw: Any) -> Any:
        """A fresh request: the workbook as it is now, as the calling book."""
        book = xw.Book(json=payload(self.wb, self.name))
        book.set_mock_caller()
        self.applied, self.unapplied = 0, []
        return book

    def sync(self, book: Any) -> None:
        actions = book.json()["actions"]
        self.applied_actions = actions
        self.unapplied += replay(actions[self.applied :], self.wb)
        self.applied = len(actions)

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


# --- clicking a button on a workbook ------------------------------------------------------

#: The cell the test workbook gets wrong (平潭 2025: 部分公开·自然人 38, typed as 83).
WRONG = "t3.partial.natural"
#: A cell whose note the user wrote and gkstats must leave alone.
NOTED = "t3.new.natural"
#: Calls that show the outcome, made after the workbook is final: not a change to it.
SHOWING = ("App.alert",)


@pytest.fixture(scope="module")
def commands(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Button id → the exact statement the built add-in's VBA hands to RunPython."""
    from gkstats.excel import buttons

    vba = AddinVBA(built_addin(tmp_path_factory))
    out = {}
    for b in buttons.ribbon_buttons():
        (statement,) = vba.click(b.id)
        out[b.id] = statement
    return out


def filled_template(
    path: Path, changes: dict[str, object] | None = None, fmt: str = "f2021"
) -> Path:
    """The template filled with 平潭 2025's figures, one typed wrong, and the user's own fill
    and note on that cell and a note on another: saved, as a user's file would be."""
    from fixtures import pingtan_2025
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from gkstats import get_format
    from gkstats.workbook import template

    table = pingtan_2025()
    book = template.build(get_format(fmt), year=2025, organ="平潭综合实验区")
    where = {cid: (sheet, cell) for cid, sheet, cell in template.cells_of(book, get_format(fmt))}
    values = {**table.cells, WRONG: 83, **(changes or {})}
    for cell_id, value in values.items():
        sheet, cell = where[cell_id]
        book[sheet].cell(*cell).value = float(value) if not isinstance(value, int | str) else value
    sheet, cell = where[WRONG]
    yellow = PatternFill("solid", start_color="FFFFFF00", end_color="FFFFFF00")
    book[sheet].cell(*cell).fill = yellow
    book[sheet].cell(*cell).comment = Comment("张三：此数待核", "张三")
    sheet, cell = where[NOTED]
    book[sheet].cell(*cell).comment = Comment("来源：登记台账", "张三")
    book.save(path)
    return path


def click(
    engine: DesktopEngine, client: Client, statement: str, fail_at: int | None = None
) -> list[tuple[str, str]]:
    """Press a button: run its RunPython statement with the client's workbook as the caller
    (a fresh request, as each click is); the alerts Python asked Excel to show."""
    import xlwings as xw

    engine.client = client
    book = client.open(xw)
    engine.reset()
    engine.fail_at = fail_at
    exec(statement, {})
    with engine.unobserved():
        client.sync(book)
    return client.alerts()


def changes_made(engine: DesktopEngine) -> list[int]:
    """The numbers of the calls of the last click that changed the workbook."""
    return [n for n in engine.writes if engine.calls[n - 1][0] not in SHOWING]


def state(book: Any) -> list[tuple[str, str, dict[str, tuple[object, ...]]]]:
    """Everything a click may change in a workbook: the sheets in order, their visibility, and
    every cell's value, fill, note and boldness."""
    out = []
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                got = (
                    c.value,
                    fill_rgb(c.fill),
                    None if c.comment is None else c.comment.text,
                    bool(c.font and c.font.b),
                )
                if got != (None, None, None, False):
                    cells[c.coordinate] = got
        out.append((ws.title, ws.sheet_state, cells))
    return out


# --- a click in a fresh Python process ------------------------------------------------------

#: ``python -c CLICK payload.json statement [--modules]``: what a click runs, in a process of
#: its own (the remote engine standing in for Excel, the caller built from the payload), as
#: the add-in's RunPython starts one per click. The desktop engines read fills and note
#: texts, which the remote protocol does not carry: here they come with the payload.
#: ``--modules`` prints the modules the click imported
#: beyond those xlwings (and its remote engine) imported before it.
CLICK = """\
import json, os, sys
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import xlwings as xw
from xlwings.pro import _xlremote
xw.engines.add(xw.Engine(impl=_xlremote.engine))
fill = lambda r: r.sheet.api.get("fills", {}).get(r.address)
_xlremote.Range.color = property(lambda r: tuple(fill(r)) if fill(r) else None,
                                 _xlremote.Range.color.fset)
_xlremote.Note.text = property(lambda n: n._entry.get("text", ""), _xlremote.Note.text.fset)
with open(sys.argv[1], encoding="utf-8") as f:
    book = xw.Book(json=json.load(f))
book.set_mock_caller()
before = set(sys.modules)
exec(sys.argv[2], {})
alerts = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
if "--modules" in sys.argv:
    print(json.dumps({"alerts": alerts, "modules": sorted(set(sys.modules) - before)}))
"""


def click_payload(book: Any, path: Path, name: str = "2025年报.xlsx") -> Path:
    """The payload of a workbook, with its fills and its notes' texts, for :data:`CLICK`."""
    import json

    data = payload(book, name)
    for sheet, ws in zip(data["sheets"], book.worksheets):
        for note in sheet["notes"]:
            note["text"] = ws[note["address"].replace("$", "")].comment.text
        sheet["fills"] = {
            f"${c.column_letter}${c.row}": fill_rgb(c.fill)
            for row in ws.iter_rows()
            for c in row
            if fill_rgb(c.fill) is not None
        }
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path
