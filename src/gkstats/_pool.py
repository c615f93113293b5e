"""Worker processes that are given one task at a time, each within a time limit.

``ProcessPoolExecutor`` cannot stop one task: a file that makes a reader loop (or sit in C
code that no signal interrupts) would stall a whole batch, and a reader that brings its
process down (an allocation a native library cannot make) breaks the whole pool.  Here each
worker has its own pipe; a task past its time has its worker killed and replaced, a worker
that dies is replaced, and either way the task ends as a result saying so.  Workers are also
replaced after a number of tasks, so that memory stays flat over ten thousand files.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Tasks a worker runs before it is replaced by a fresh process.
RECYCLE = 250


def _serve(conn: Connection, func: Callable[[Any], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if not os.environ.get("GKSTATS_DEBUG"):
        # what a native library prints as it brings the process down is not the user's
        # business (the batch says which file did it); --debug keeps it
        faulthandler.disable()
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        conn.send(func(item))


class _Worker(Generic[T]):
    def __init__(self, func: Callable[[T], Any]) -> None:
        ours, theirs = multiprocessing.Pipe()
        self.conn = ours
        self.proc = multiprocessing.Process(target=_serve, args=(theirs, func), daemon=True)
        self.proc.start()
        theirs.close()
        self.done = 0
        self.task: tuple[T, float] | None = None  # the item and its deadline

    def give(self, item: T, seconds: float) -> None:
        self.conn.send(item)
        self.task = (item, time.monotonic() + seconds)

    def stop(self, *, now: bool = False) -> None:
        if not now:
            try:
                self.conn.send(None)
                self.proc.join(timeout=5)
            except (OSError, ValueError):
                pass
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def supervised_map(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    seconds: float,
    failed: Callable[[T, str, str], R],
) -> Iterator[R]:
    """``func`` of every item in worker processes, results as they come (not in order).

    An item whose task takes more than ``seconds``, or whose worker dies, gives
    ``failed(item, why_zh, why_en)`` instead.
    """
    pending: deque[T] = deque(items)
    pool = [_Worker(func) for _ in range(max(1, min(workers, len(items))))]
    try:
        while pending or any(w.task for w in pool):
            for k, w in enumerate(pool):
                if w.task is None and pending:
                    if w.done >= RECYCLE:
                        w.stop()
                        w = pool[k] = _Worker(func)
                    w.give(pending.popleft(), seconds)
            busy = [w for w in pool if w.task is not None]
            soonest = min(w.task[1] for w in busy if w.task is not None)
            ready = wait([w.conn for w in busy], timeout=max(0.0, soonest - time.monotonic()))
            for k, w in enumerate(pool):
                if w.task is None:
                    continue
                item, deadline = w.task
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(timeout=5)
                        code = w.proc.exitcode
                        w.stop(now=True)
                        pool[k] = _Worker(func)
                        yield failed(
                            item,
                            f"读取时进程意外退出（退出码 {code}），文件可能是恶意构造的",
                            f"the process reading it died (exit code {code})",
                        )
                        continue
                    w.task, w.done = None, w.done + 1
                    yield result
                elif time.monotonic() > deadline:
                    w.stop(now=True)
                    pool[k] = _Worker(func)
                    yield failed(
                        item,
                        f"超过每个文件 {seconds:g} 秒的时间上限，已停止读取"
                        "（确有需要可设置环境变量 GKSTATS_FILE_SECONDS）",
                        f"over the {seconds:g} s limit per file; stopped "
                        "(set GKSTATS_FILE_SECONDS to raise it)",
                    )
    finally:
        for w in pool:
            w.stop(now=w.task is not None)


__all__ = ["RECYCLE", "supervised_map"]
