"""The fuzz harness shared by the fuzz tests and the long run in benchmarks/fuzz_readers.py.

A reader passes when every input ends as a table (with findings) or as a GkError: never
another exception, never a hang past the time bound.
"""

from __future__ import annotations

import random
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gkstats import GkError

#: Seconds one input may take before it counts as a hang.
TIME_BOUND = 10


class Hang(Exception):
    pass


def mutants(seed: bytes, rng: random.Random) -> Iterator[bytes]:
    """Endless byte-level mutants of a valid input: truncations, flips, splices, repeats."""
    while True:
        data = bytearray(seed)
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(7)
            if not data:
                data = bytearray(b"{")
            i = rng.randrange(len(data))
            if op == 0:
                data = data[:i]  # truncated
            elif op == 1:
                data[i] ^= 1 << rng.randrange(8)  # flipped bit
            elif op == 2:
                data[i] = rng.randrange(256)  # random byte
            elif op == 3:
                j = rng.randrange(len(data))
                data[i:i] = data[j : j + rng.randint(1, 64)]  # spliced copy
            elif op == 4:
                del data[i : i + rng.randint(1, 16)]
            elif op == 5:
                data[i:i] = rng.choice(
                    [b"-1", b"1e309", b"9" * 400, b"NaN", b"null", b"\"\xe4\xb8\x80\"", b"#REF!",
                     b"\xff\xfe", b"\x00", b"{}", b"[]", b"\"=SUM(A1)\""]
                )  # fmt: skip
            else:
                data = data * 2
        yield bytes(data)


def run_one(read: Callable[[Path], Any], data: bytes, suffix: str) -> str:
    """Feed one input to a reader: "ok", "gkerror", or raise what escaped."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIME_BOUND)
        try:
            read(path)
            return "ok"
        except GkError:
            return "gkerror"
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)


def _alarm(signum: int, frame: Any) -> None:
    raise Hang(f"no answer within {TIME_BOUND} s")
