"""What a ribbon command receives and what it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from ..workbook.gateway import Workbook

Mode = Literal["info", "critical"]


@attrs.frozen
class Outcome:
    """What the user is told when a command ends: one Chinese message in an Excel alert."""

    message: str
    mode: Mode = "info"


@attrs.define
class Context:
    """The calling workbook (an xlwings ``Book``) and, built on first use, its gateway."""

    book: Any
    _gateway: Workbook | None = attrs.field(default=None, alias="gateway")

    @property
    def gateway(self) -> Workbook:
        if self._gateway is None:
            from ._xlwings_gateway import XlwingsGateway

            self._gateway = XlwingsGateway(self.book)
        return self._gateway

    @property
    def name(self) -> str:
        return str(self.book.name)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Screen updating off while a command writes cell by cell (desktop Excel only: a
        remote engine has no screen to update)."""
        app = self.book.app
        if app.engine.type == "remote":
            yield
            return
        before = app.screen_updating
        app.screen_updating = False
        try:
            yield
        finally:
            app.screen_updating = before


Command = Callable[[Context], Outcome]
