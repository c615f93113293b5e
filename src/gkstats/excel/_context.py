"""What a ribbon command receives and what it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from ..workbook.gateway import Workbook
    from ._xlwings_gateway import XlwingsGateway

Mode = Literal["info", "critical"]


@attrs.frozen
class Outcome:
    """What the user is told when a command ends: one Chinese message in an Excel alert."""

    message: str
    mode: Mode = "info"


@attrs.define
class Context:
    """The calling workbook (an xlwings ``Book``) and, built on first use, its gateway.

    Each property that asks Excel something is read once: every question is a round trip.
    """

    book: Any
    _gateway: XlwingsGateway | None = attrs.field(default=None, alias="gateway")
    _app: Any = attrs.field(default=None, alias="app")

    @property
    def app(self) -> Any:
        if self._app is None:
            self._app = self.book.app
        return self._app

    @property
    def remote(self) -> bool:
        """xlwings' remote engine (the tests): no desktop Excel to open files in."""
        return str(self.app.engine.type) == "remote"

    @property
    def gateway(self) -> Workbook:
        if self._gateway is None:
            from ._xlwings_gateway import XlwingsGateway

            self._gateway = XlwingsGateway(self.book, self.app)
        return self._gateway

    @property
    def name(self) -> str:
        return str(self.book.name)

    def commit(self) -> None:
        """Make the command's changes final (writes what is pending, deletes what it removed)."""
        if self._gateway is not None:
            self._gateway.commit()

    def rollback(self) -> list[str] | None:
        """Take the command's changes back: ``None`` when it had made none, else what could
        not be taken back (empty: all of it was)."""
        if self._gateway is None or not self._gateway.journal.changed:
            if self._gateway is not None:
                self._gateway.rollback()
            return None
        return self._gateway.rollback()

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Screen updating off while a command works (desktop Excel only: the remote engine
        has no screen). Set, not read first: a click always starts with it on."""
        if self.remote:
            yield
            return
        self.app.screen_updating = False
        try:
            yield
        finally:
            self.app.screen_updating = True


Command = Callable[[Context], Outcome]
