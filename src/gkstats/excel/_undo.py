"""All or nothing for a click: what the gateway changed, and how to take each change back.

Every change the xlwings gateway makes to the open workbook is recorded here with the step
that reverses it, before the next change is made. A button that fails part-way (an Excel
error, a protected sheet, a bug) runs the reversing steps newest first, so the workbook is
left as it was before the click, and the alert says so; the steps that could not be
reversed, if any, are named in the alert instead.

The add-in never saves the workbook, so a click whose Python process dies outright (Excel
closed, the machine off) leaves changes the user can still discard by not saving.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import attrs


@attrs.define
class Step:
    #: What the change did, in Chinese, for the alert when it cannot be taken back.
    what: str
    undo: Callable[[], None]


@attrs.define
class Journal:
    """The reversible changes of one click, oldest first."""

    _steps: dict[Hashable, Step] = attrs.field(factory=dict)
    _n: int = 0

    def record(self, what: str, undo: Callable[[], None], key: Hashable = None) -> None:
        """A change made; ``key`` lets a later change :meth:`forget` it (a sheet added and
        then deleted again within the same click)."""
        self._n += 1
        self._steps[key if key is not None else ("step", self._n)] = Step(what, undo)

    def forget(self, key: Hashable) -> None:
        self._steps.pop(key, None)

    @property
    def changed(self) -> bool:
        return bool(self._steps)

    def rollback(self) -> list[str]:
        """Take every change back, newest first; what could not be taken back."""
        failed = []
        for step in reversed(list(self._steps.values())):
            try:
                step.undo()
            except Exception:
                failed.append(step.what)
        self._steps.clear()
        return failed

    def commit(self) -> None:
        self._steps.clear()
