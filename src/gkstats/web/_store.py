"""Results the page downloads later (the marked workbook, the consolidated table): kept in
memory, served once, then gone.

Nothing of the user's is kept on disk: each request works in a temporary folder removed when
it ends, and what it offers for download is held here until fetched — once — or until it
expires, whichever comes first.  The store is bounded, so a page that never fetches its
results cannot fill the memory.
"""

from __future__ import annotations

import secrets
import threading
import time

import attrs

#: How long an unfetched result is kept, in seconds.
TTL = 15 * 60
#: The most bytes held at once; the oldest results go first beyond it.
MAX_BYTES = 256 * 2**20


@attrs.frozen
class Result:
    name: str
    media_type: str
    data: bytes
    created: float


class ResultStore:
    """Token → file, each taken at most once."""

    def __init__(self, ttl: float = TTL, max_bytes: int = MAX_BYTES) -> None:
        self._ttl = ttl
        self._max = max_bytes
        self._items: dict[str, Result] = {}
        self._lock = threading.Lock()

    def put(self, name: str, media_type: str, data: bytes) -> str:
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._expire(time.monotonic())
            self._items[token] = Result(name, media_type, data, time.monotonic())
            while sum(len(r.data) for r in self._items.values()) > self._max:
                del self._items[next(iter(self._items))]  # oldest first (insertion order)
        return token

    def take(self, token: str) -> Result | None:
        with self._lock:
            self._expire(time.monotonic())
            return self._items.pop(token, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def _expire(self, now: float) -> None:
        for token in [t for t, r in self._items.items() if now - r.created > self._ttl]:
            del self._items[token]


__all__ = ["MAX_BYTES", "TTL", "Result", "ResultStore"]
