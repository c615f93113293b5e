"""What is derived once per format (or per format index, table spec…), cached by identity.

Formats and their parts are frozen attrs classes: they compare and hash by their whole
contents, which ``functools.cache`` would pay on every call, and a parser asks for the same
derived values hundreds of times a report.  The objects are few and live as long as the
process; each is kept alive with its result, so its ``id`` cannot be reused while cached.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])


def by_identity(func: F) -> F:
    """``func`` cached by the identity of its (positional) arguments."""
    cache: dict[tuple[int, ...], tuple[tuple[object, ...], Any]] = {}

    @functools.wraps(func)
    def cached(*args: object) -> Any:
        key = tuple(map(id, args))
        found = cache.get(key)
        if found is None or any(map(operator.is_not, found[0], args)):
            found = cache[key] = (args, func(*args))
        return found[1]

    return cast(F, cached)


__all__ = ["by_identity"]
