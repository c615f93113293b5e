"""A documentation page run as a reader runs it, and what it prints held against what it shows.

The conventions of a page (``docs/*.md``):

- A ```` ```python ```` block is Python; a ```` ```bash ```` block holds commands typed at the
  prompt, one a line (``#`` comments dropped, ``\\`` continuations joined).
- A ```` ```text ```` block shows what the code block before it printed (its standard output
  and error, as a terminal shows them).  Only two elisions are allowed, both marked with
  ``…``: a line that is just ``…`` stands for any number of lines, and ``…`` inside a line
  for any text within that line (a folder that differs on every machine).  Trailing spaces
  and blank lines at either end are not compared.
- ``<!-- skip-test: reason -->`` on the line before a code block leaves it out (the reason
  must be given).  Install lines (:data:`INSTALL`: ``pip install …``, ``git clone …``,
  ``python -m build`` …) are never run: the tests run the gkstats they are given.
- A page that says ``<!-- test: run -->`` (the quick starts, the English guide) is run whole,
  in an empty folder, exactly as written: nothing is prepared behind the reader's back, so a
  file the page uses must come from a command the page shows (``gkstats example DIR``).

Run it by hand to see what a page prints, or to bring its outputs up to date after a
command's wording changed::

    python tests/docs_pages.py docs/quickstart-cli.md            # each block and its output
    python tests/docs_pages.py --update docs/quickstart-*.md     # rewrite outputs that differ

``--update`` rewrites only the ```` ```text ```` blocks that no longer match, with exactly
what was printed (an elision in such a block is lost; put it back by hand where wanted).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BIN = Path(sys.executable).parent
RUN_MARK = "<!-- test: run -->"
#: Lines that install gkstats rather than use it: never run by the tests.
INSTALL = re.compile(
    r"^(?:(?:py|python3?)\s+-m\s+)?pip\s|^git\s+clone\s|^cd\s+gkstats\b|"
    r"^(?:py|python3?)\s+-m\s+(?:build|venv)\b"
)
ELLIPSIS = "…"

_FENCE = re.compile(r"^```(\w*)\s*$")
_SKIP = re.compile(r"^<!--\s*skip-test(?::\s*(.*?))?\s*-->\s*$")
_SETUP = re.compile(r"^<!--\s*test-setup\b")


@attrs.frozen
class Step:
    """A code block of a page (``python``, ``bash``), or the output block shown after one
    (``text``); ``line`` is where its fence opens (1-based), ``end`` where it closes."""

    kind: str
    code: str
    line: int
    end: int
    skip: str | None = None


@attrs.frozen
class Ran:
    """A code block run, with what it printed and what the page shows it printing."""

    step: Step
    printed: str
    shown: Step | None = None

    @property
    def matches(self) -> bool:
        return self.shown is None or output_matches(self.shown.code, self.printed)


def pages() -> list[Path]:
    return sorted(
        p
        for p in DOCS.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(DOCS).parts)
    )


def runs(page: Path) -> bool:
    return RUN_MARK in page.read_text("utf-8")


def steps(page: Path) -> list[Step]:
    """The code and output blocks of ``page``, in order."""
    lines = page.read_text("utf-8").splitlines()
    out: list[Step] = []
    i = 0
    while i < len(lines):
        if _SETUP.match(lines[i].strip()):
            raise AssertionError(
                f"{page.name}:{i + 1}: a hidden test-setup step; a page shows every command"
            )
        fence = _FENCE.match(lines[i])
        if fence and fence[1] in ("python", "bash", "text"):
            before = lines[i - 1].strip() if i else ""
            skip = _SKIP.match(before)
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            reason = None
            if skip:
                reason = (skip[1] or "").strip()
                assert reason, f"{page.name}:{i}: skip-test needs a reason"
            out.append(Step(fence[1], "\n".join(lines[i + 1 : j]), i + 1, j + 1, reason))
            i = j
        i += 1
    return out


def shell_lines(code: str) -> list[str]:
    """The commands of a bash block: comments dropped, ``\\`` continuations joined."""
    out: list[str] = []
    pending = ""
    for raw in code.splitlines():
        line = raw.strip()
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _tidy(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def output_matches(shown: str, printed: str) -> bool:
    """Whether ``printed`` is what ``shown`` says, elisions (``…``) allowed."""
    parts = []
    for line in _tidy(shown):
        if line.strip() == ELLIPSIS:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = map(re.escape, line.split(ELLIPSIS))
            parts.append(r"[^\n]*?".join(pieces) + r"\n")
    return re.fullmatch("".join(parts), "".join(f"{x}\n" for x in _tidy(printed))) is not None


def shell_env() -> dict[str, str]:
    """The reader's shell: this gkstats and this python first on the PATH, output unbuffered
    (so that standard output and error interleave as on a terminal)."""
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8",
    }


def run_shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """One command as typed, its standard output and error in one stream."""
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=shell_env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, timeout=300,
    )  # fmt: skip


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_page(page: Path, folder: Path, *, codes: tuple[int, ...] = (0, 1)) -> list[Ran]:
    """Run every code block of ``page`` in ``folder``, in order, as the reader would: shell
    lines one by one (each must exit with one of ``codes``), python blocks in one namespace.
    Returns each block with what it printed and the output block the page shows after it."""
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    done: list[Ran] = []
    where = page.relative_to(DOCS) if page.is_relative_to(DOCS) else page
    last: Step | None = None  # the code block an output block belongs to
    with _inside(folder):
        for step in steps(page):
            if step.kind == "text":
                if last is None:
                    raise AssertionError(f"{where}:{step.line}: an output block with no code")
                if last.skip is None:
                    done[-1] = attrs.evolve(done[-1], shown=step)
                last = None
                continue
            last = step
            if step.skip is not None:
                continue
            if step.kind == "python":
                printed = io.StringIO()
                with contextlib.redirect_stdout(printed):
                    exec(compile(step.code, f"{where}:{step.line}", "exec"), namespace)
                done.append(Ran(step, printed.getvalue()))
                continue
            out = []
            for line in shell_lines(step.code):
                if INSTALL.match(line):
                    continue
                result = run_shell(line, folder)
                if result.returncode not in codes:
                    raise AssertionError(
                        f"{where}:{step.line}: {line!r} exited {result.returncode}\n{result.stdout}"
                    )
                out.append(result.stdout)
            done.append(Ran(step, "".join(out)))
    return done


def update(page: Path, ran: list[Ran]) -> int:
    """Rewrite the output blocks of ``page`` that do not match; returns how many."""
    lines = page.read_text("utf-8").split("\n")
    changed = 0
    for r in sorted((r for r in ran if not r.matches), key=lambda r: -r.step.line):
        assert r.shown is not None
        lines[r.shown.line : r.shown.end - 1] = _tidy(r.printed)
        changed += 1
    page.write_text("\n".join(lines), "utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--update", action="store_true", help="rewrite outputs that differ")
    args = parser.parse_args(argv)
    differ = 0
    for page in args.pages:
        page = page.resolve()
        with tempfile.TemporaryDirectory() as tmp:
            ran = run_page(page, Path(tmp))
        print(f"=== {page.relative_to(ROOT)}")
        for r in ran:
            state = "" if r.shown is None else ("  (as shown)" if r.matches else "  (DIFFERS)")
            print(f"--- line {r.step.line}, {r.step.kind}{state}")
            print(r.step.code)
            print("--- prints:")
            print(r.printed.rstrip())
        bad = sum(not r.matches for r in ran)
        differ += bad
        if args.update and bad:
            print(f"updated {update(page, ran)} output blocks of {page.name}")
    return 1 if differ and not args.update else 0


if __name__ == "__main__":
    sys.exit(main())
