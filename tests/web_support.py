"""Helpers for the web page's tests: a real ``gkstats serve`` on a free loopback port, the
files the page is given, and Chromium from the system packages for Playwright."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from workbook_support import filled_template

import gkstats
from gkstats.cli._core import demo_table
from gkstats.locate import locate

#: Chromium's flags on a machine without a display or a network beyond loopback: without the
#: background-networking ones it keeps trying Google's hosts (DESIGN §7, the machine notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str | None:
    """Debian's chromium (never a browser build Playwright would download)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextlib.contextmanager
def served(env: Mapping[str, str] | None = None, host: str | None = None) -> Iterator[str]:
    """``gkstats serve --no-browser --port 0`` in a process of its own; yields its URL."""
    cmd = [sys.executable, "-m", "gkstats", "serve", "--no-browser", "--port", "0"]
    if host is not None:
        cmd += ["--host", host]
    full = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=full)  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if "http://" not in line:
            proc.kill()
            raise AssertionError(f"serve did not start: {line!r} {proc.stderr.read()!r}")  # type: ignore[union-attr]
        url = line[line.index("http://") :].split("（")[0].split()[0]
        yield url.rstrip("/")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()


def wait_ready(url: str, seconds: float = 20.0) -> None:
    import httpx

    end = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url + "/api/version", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            if time.monotonic() > end:
                raise
        time.sleep(0.05)


def demo_workbook(folder: Path, name: str = "示例单位.xlsx") -> Path:
    """The ``gkstats demo`` table (one figure typed 61 for 16) in the official template."""
    return filled_template(demo_table(), folder / name)


def fixed_table() -> gkstats.Table:
    table = demo_table()
    best = locate(table)
    assert best is not None and best.best is not None
    return table.replace(best.best.cells)


def table_json(table: gkstats.Table, path: Path) -> Path:
    path.write_text(json.dumps(gkstats.table_to_json(table), ensure_ascii=False), "utf-8")
    return path
