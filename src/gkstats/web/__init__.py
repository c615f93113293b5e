"""The local web page (``gkstats serve``): check a workbook, a table JSON or a published
report in the browser, download the marked workbook and the report, and — for supervising
offices — check many files at once and see them summed and charted.

Needs the ``web`` extra (Starlette, uvicorn, Jinja2, python-multipart).  Every asset of the
page ships in this package; nothing is fetched from the internet::

    >>> from gkstats.web import create_app    # doctest: +SKIP
    >>> app = create_app()                    # any ASGI server can run it
"""

from __future__ import annotations

from .app import create_app
from .server import DEFAULT_HOST, DEFAULT_PORT, serve

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]
