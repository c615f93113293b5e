"""xlwings' remote engine restricted to, and answering as, the desktop engines of the pinned
xlwings: the stand-in for desktop Excel in the add-in's tests (DESIGN §5, §7).

The remote engine implements more than the desktop engines (Windows COM, Mac AppleScript), so
:class:`DesktopEngine` restricts it to what both of those implement in the installed xlwings,
read from their sources with ``ast``: a call that would fail in real Excel fails here. It
answers the reads the remote protocol does not carry but the desktop engines do (a cell's
fill, a note's text, a formula) from the client's workbook, counts every call into the engine
(each a round trip to Excel on the desktop), and fails the call a test names, to see that a
button that fails part-way leaves the workbook as it was.
"""

from __future__ import annotations

import ast
import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest
from excel_support import Client, as_formula, fill_rgb

# --- xlwings' remote engine restricted to the desktop engines' API ----------------------

#: A member of an engine class: ``(name, "call" | "get" | "set")``.
Member = tuple[str, str]


@attrs.frozen
class _ClassInfo:
    #: What the class body declares, and what it really implements (a body that does
    #: nothing but raise NotImplementedError declares without implementing).
    declared: frozenset[Member]
    implemented: frozenset[Member]
    #: ``base_classes.X`` as ``"base_classes.X"``, a class of the same module by name.
    bases: tuple[str, ...]


@functools.cache
def _engine_classes(relative: str) -> dict[str, _ClassInfo]:
    """The classes of one module of the installed xlwings, parsed with ``ast``."""
    import xlwings

    tree = ast.parse((Path(xlwings.__file__).parent / relative).read_text("utf-8"))
    out: dict[str, _ClassInfo] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        declared: set[Member] = set()
        implemented: set[Member] = set()
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                member = (item.name, _kind(item))
                declared.add(member)
                if not _only_raises_not_implemented(item):
                    implemented.add(member)
            elif isinstance(item, ast.Assign):
                for t in item.targets:
                    if isinstance(t, ast.Name):
                        declared.add((t.id, "get"))
                        implemented.add((t.id, "get"))
        bases = tuple(ast.unparse(b) for b in node.bases)
        out[node.name] = _ClassInfo(frozenset(declared), frozenset(implemented), bases)
    return out


def _kind(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    for d in fn.decorator_list:
        if isinstance(d, ast.Name) and d.id == "property":
            return "get"
        if isinstance(d, ast.Attribute) and d.attr == "setter":
            return "set"
    return "call"


def _only_raises_not_implemented(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    body = [
        s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    return (
        len(body) == 1
        and isinstance(body[0], ast.Raise)
        and body[0].exc is not None
        and "NotImplementedError" in ast.unparse(body[0].exc)
    )


def _implemented(relative: str) -> dict[str, frozenset[Member]]:
    """Interface class (its ``base_classes`` name) → the members an engine module implements
    for it: its classes' own members and those inherited from the same module's classes (or
    implemented in ``base_classes`` itself)."""
    classes = _engine_classes(relative)
    interface = _engine_classes("base_classes.py")

    def walk(name: str) -> tuple[set[Member], set[str]]:
        info = classes[name]
        got, ifaces = set(info.implemented), set()
        for base in info.bases:
            if base.startswith("base_classes."):
                iface = base.removeprefix("base_classes.")
                ifaces.add(iface)
                if iface in interface:
                    got |= interface[iface].implemented
            elif base in classes:
                more, more_ifaces = walk(base)
                got |= more
                ifaces |= more_ifaces
        return got, ifaces

    out: dict[str, set[Member]] = {}
    for name in classes:
        got, ifaces = walk(name)
        for iface in ifaces:
            out.setdefault(iface, set()).update(got)
    return {k: frozenset(v) for k, v in out.items()}


@functools.cache
def desktop_api() -> dict[str, frozenset[Member]]:
    """Interface class → the members that both desktop engines of the installed xlwings (Windows
    COM, ``_xlwindows.py``; Mac AppleScript, ``_xlmac.py``) implement: a call must work on both."""
    windows, mac = _implemented("_xlwindows.py"), _implemented("_xlmac.py")
    return {k: windows[k] & mac.get(k, frozenset()) for k in windows}


def engine_interface() -> dict[str, frozenset[Member]]:
    """Interface class → every member xlwings' engine interface (``base_classes``) declares."""
    return {k: v.declared for k, v in _engine_classes("base_classes.py").items()}


class InjectedFailure(RuntimeError):
    """What a test raises in place of an engine call, as Excel would fail one (a COM error)."""


class DesktopEngine:
    """xlwings' remote engine as a desktop engine answers.

    - Every member of the remote engine's classes that belongs to xlwings' engine interface
      and is missing from the Windows or the Mac engine raises NotImplementedError (and is
      listed in :attr:`refused`), as it would in desktop Excel.
    - The two reads the remote protocol does not carry but both desktop engines implement,
      a cell's fill (``Range.color``) and a note's text (``Note.text``), are answered from the
      client's workbook, as Excel would answer them.
    - Every call into the engine from outside it (xlwings' API calling its engine) is counted
      in :attr:`calls`, with whether it changed the workbook; :attr:`fail_at` makes the call
      with that number raise :class:`InjectedFailure` instead of running.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from xlwings.pro import _xlremote

        self.client: Client | None = None
        #: Every call into the engine: (``Class.member.kind``, whether it wrote).
        self.calls: list[tuple[str, bool]] = []
        #: Calls the desktop engines would refuse.
        self.refused: list[str] = []
        self.fail_at: int | None = None
        self._depth = 0
        self._actions = 0
        allowed, interface = desktop_api(), engine_interface()
        for cls in list(vars(_xlremote).values()):
            if not (isinstance(cls, type) and cls.__module__ == _xlremote.__name__):
                continue
            ifaces = [b.__name__ for b in cls.__mro__ if b.__module__ == "xlwings.base_classes"]
            if not ifaces:
                continue
            declared = frozenset().union(*(interface.get(i, frozenset()) for i in ifaces))
            ok = frozenset().union(*(allowed.get(i, frozenset()) for i in ifaces))
            for name in sorted({n for n, _ in declared}):
                self._restrict(monkeypatch, cls, ifaces[0], name, ok, _xlremote.__name__)
        self._answer_from_client(monkeypatch, _xlremote)
        append = _xlremote.Book.append_json_action

        def counted_append(book: Any, **kwargs: Any) -> None:
            self._actions += 1
            append(book, **kwargs)

        monkeypatch.setattr(_xlremote.Book, "append_json_action", counted_append)

    # --- patching ------------------------------------------------------------------------
    def _restrict(
        self,
        mp: pytest.MonkeyPatch,
        cls: type,
        iface: str,
        name: str,
        ok: frozenset[Member],
        module: str,
    ) -> None:
        static = next(
            (vars(k)[name] for k in cls.__mro__ if k.__module__ == module and name in vars(k)),
            None,
        )
        if static is None:
            return  # the remote engine does not have it either: the base class raises
        label = f"{iface}.{name}"
        if isinstance(static, property):
            fget = static.fget and self._wrap(static.fget, f"{label}.get", (name, "get") in ok)
            fset = static.fset and self._wrap(static.fset, f"{label}.set", (name, "set") in ok)
            mp.setattr(cls, name, property(fget, fset))
        elif isinstance(static, staticmethod | classmethod):
            wrapped = self._wrap(static.__func__, label, (name, "call") in ok)
            mp.setattr(cls, name, type(static)(wrapped))
        elif inspect.isfunction(static):
            mp.setattr(cls, name, self._wrap(static, label, (name, "call") in ok))

    def _wrap(self, fn: Callable[..., Any], label: str, allowed: bool) -> Callable[..., Any]:
        engine = self

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            if engine._depth:  # the engine calling itself: one call from outside
                return fn(*args, **kwargs)
            if not allowed:
                engine.refused.append(label)
                raise NotImplementedError(
                    f"{label} is not in the API of xlwings' Windows and Mac engines"
                )
            if engine.fail_at == len(engine.calls) + 1:
                engine.calls.append((label, False))
                raise InjectedFailure(f"injected failure at call {engine.fail_at}: {label}")
            before = engine._actions
            engine._depth += 1
            try:
                return fn(*args, **kwargs)
            finally:
                engine._depth -= 1
                engine.calls.append((label, engine._actions != before))

        return call

    def _answer_from_client(self, mp: pytest.MonkeyPatch, remote: Any) -> None:
        engine = self

        def color(rng: Any) -> tuple[int, int, int] | None:
            ws = engine._synced(rng.sheet)
            rows, cols = rng.shape
            found = {
                fill_rgb(ws.cell(rng.row + i, rng.column + j).fill)
                for i in range(rows)
                for j in range(cols)
            }
            return found.pop() if len(found) == 1 else None

        def note_text(note: Any) -> str:
            rng = note.range
            comment = engine._synced(rng.sheet).cell(rng.row, rng.column).comment
            return "" if comment is None else str(comment.text)

        def formula(rng: Any) -> Any:
            ws = engine._synced(rng.sheet)
            rows, cols = rng.shape
            block = tuple(
                tuple(as_formula(ws.cell(rng.row + i, rng.column + j).value) for j in range(cols))
                for i in range(rows)
            )
            return block[0][0] if (rows, cols) == (1, 1) else block

        answered = (
            (remote.Range, "color", color),
            (remote.Range, "formula", formula),
            (remote.Note, "text", note_text),
        )
        for cls, name, getter in answered:
            prop = vars(cls)[name]
            mp.setattr(cls, name, property(getter, prop.fset))
            ok = desktop_api()[cls.__name__]
            self._restrict(mp, cls, cls.__name__, name, ok, remote.__name__)

    def _synced(self, sheet: Any) -> Any:
        """The client's sheet, with every change made so far applied (as Excel has them)."""
        if self.client is None:
            raise NotImplementedError("no client workbook to read fills and notes from")
        self.client.sync(sheet.book)
        return self.client.wb[sheet.name]

    @contextmanager
    def unobserved(self) -> Iterator[None]:
        """The test itself looking at the engine (``book.json()``): not a call of the code
        under test, so neither counted nor refused."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    # --- what the tests look at ----------------------------------------------------------
    @property
    def writes(self) -> list[int]:
        """The numbers of the calls that changed the workbook."""
        return [n for n, (_, wrote) in enumerate(self.calls, start=1) if wrote]

    def reset(self) -> None:
        self.calls, self.refused, self.fail_at = [], [], None

    def tally(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for label, _ in self.calls:
            counts[label] = counts.get(label, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


@pytest.fixture
def desktop_engine(remote_engine: Any, monkeypatch: pytest.MonkeyPatch) -> DesktopEngine:
    """xlwings' remote engine restricted to, and answering as, the desktop engines."""
    return DesktopEngine(monkeypatch)
