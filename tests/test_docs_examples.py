"""Every code example in the docs runs.

- Every ```python block of every page runs, in page order, in one namespace per page, in an
  empty temporary folder.  A block may be skipped only with ``<!-- skip-test: reason -->`` on
  the line before it, and the reason must be given.
- Every line of a ```bash block that calls ``gkstats`` must parse: the command exists (its
  ``--help`` works) and click accepts its options and arguments.
- A page that says ``<!-- test: run -->`` (the quick starts, the English guide) is run as a
  reader would: its bash lines are executed in order in the same folder as its python blocks
  and must exit 0 (success) or 1 (the table has errors, which the page may be showing);
  ``pip install`` lines are not run.  ``<!-- test-setup: COMMAND -->`` comments stand for
  what the reader does by hand (filling the template in Excel, saving reports from the web):
  they run at their place in the page, with ``python examples/…`` meaning the project's
  examples folder.

Every other page runs in a folder that already holds the files the docs name for "your own table"
(:data:`SEEDED`): ``本单位2025.xlsx`` (a filled, valid template), ``本单位2025.json`` and
``本单位2024.json`` (the same organ's tables as JSON), so that an example may say
``read_table("本单位2025.xlsx")`` and run.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import attrs
import click
import pytest

from gkstats.cli import main as gkstats_main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent

_FENCE = re.compile(r"^```(\w*)\s*$")
_SKIP = re.compile(r"^<!--\s*skip-test(?::\s*(.*?))?\s*-->\s*$")
_SETUP = re.compile(r"^<!--\s*test-setup:\s*(.*?)\s*-->\s*$")
_RUN = "<!-- test: run -->"
_SHELL_SPLIT = {"&&", "||", ";", "|"}
#: The files every page's folder starts with (see the module docstring).
SEEDED = ("本单位2025.xlsx", "本单位2025.json", "本单位2024.json")


def seed(folder: Path) -> None:
    """Write :data:`SEEDED` into ``folder``: the ``gkstats demo`` table, corrected."""
    import json

    sys.path.insert(0, str(EXAMPLES))
    try:
        import make_example_workbook as example
    finally:
        sys.path.remove(str(EXAMPLES))
    import gkstats

    table = example.demo_table(fixed=True)
    example.fill(table, folder / "本单位2025.xlsx")
    for year in (2025, 2024):
        data = gkstats.table_to_json(table.replace(year=year))
        (folder / f"本单位{year}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


@attrs.frozen
class Step:
    """One thing a page asks the reader to do: a code block, or a setup comment."""

    kind: str  # "python" | "bash" | "setup"
    code: str
    line: int
    skip: str | None = None


def pages() -> list[Path]:
    return sorted(
        p
        for p in DOCS.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(DOCS).parts)
    )


def steps(page: Path) -> list[Step]:
    """The code blocks and setup comments of ``page``, in order."""
    lines = page.read_text("utf-8").splitlines()
    out: list[Step] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        setup = _SETUP.match(line.strip())
        if setup:
            out.append(Step("setup", setup[1], i + 1))
        fence = _FENCE.match(line)
        if fence and fence[1] in ("python", "bash"):
            before = lines[i - 1].strip() if i else ""
            skip = _SKIP.match(before)
            body: list[str] = []
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                body.append(lines[j])
                j += 1
            reason = None
            if skip:
                reason = (skip[1] or "").strip()
                assert reason, f"{page.name}:{i}: skip-test needs a reason"
            out.append(Step(fence[1], "\n".join(body), i + 1, reason))
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


def gkstats_calls(line: str) -> list[list[str]]:
    """The ``gkstats …`` commands in one shell line (after ``&&``, ``|`` …), as argument lists."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    calls: list[list[str]] = []
    current: list[str] = []
    for token in [*lexer, ";"]:
        if token in _SHELL_SPLIT or set(token) <= set("<>&|;"):
            if current and current[0] == "gkstats":
                calls.append(current[1:])
            current = []
            if token.startswith((">", "<")):
                current = ["<redirect>"]
        else:
            current.append(token)
    return calls


def parse_call(args: list[str]) -> str | None:
    """None if click accepts ``gkstats ARGS``; else what is wrong."""
    from gkstats.cli import _load_commands, app

    _load_commands()
    cmd: click.Command = app
    path = ["gkstats"]
    rest = list(args)
    while isinstance(cmd, click.Group) and rest and not rest[0].startswith("-"):
        sub = cmd.commands.get(rest[0])
        if sub is None:
            return f"no command {' '.join([*path, rest[0]])!r}"
        cmd, path, rest = sub, [*path, rest.pop(0)], rest
    if isinstance(cmd, click.Group) and not rest:
        return None
    help_out = io.StringIO()
    with contextlib.redirect_stdout(help_out), contextlib.redirect_stderr(help_out):
        if gkstats_main([*path[1:], "--help"]) != 0:
            return f"{' '.join(path)} --help fails"
    try:
        with cmd.make_context(" ".join(path), rest, resilient_parsing=False):
            pass
    except click.exceptions.Exit:
        return None
    except click.ClickException as exc:
        return f"{' '.join(path)}: {exc.format_message()}"
    return None


# ---------------------------------------------------------------------------------------------


ALL_PAGES = pages()


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_gkstats_commands_in_the_docs_parse(page: Path) -> None:
    problems = []
    for step in steps(page):
        if step.kind != "bash" or step.skip is not None:
            continue
        for line in shell_lines(step.code):
            for call in gkstats_calls(line):
                why = parse_call(call)
                if why is not None:
                    problems.append(f"line {step.line}: gkstats {' '.join(call)} → {why}")
    assert problems == []


def _run_shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = re.sub(r"(^|\s)python (examples/)", rf"\1{shlex.quote(sys.executable)} {EXAMPLES}/",
                     command)  # fmt: skip
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def _runs(page: Path) -> bool:
    return _RUN in page.read_text("utf-8")


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_examples_in_the_docs_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The python blocks run (and on run pages the shell lines, in order, with the setup)."""
    run_shell = _runs(page)
    if not run_shell:  # a run page starts empty, as for a new reader
        seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    ran = 0
    for step in steps(page):
        if step.skip is not None:
            continue
        where = f"{page.relative_to(DOCS)}:{step.line}"
        if step.kind == "python":
            code = compile(step.code, where, "exec")
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, namespace)
            ran += 1
        elif run_shell and step.kind == "setup":
            done = _run_shell(step.code, tmp_path)
            assert done.returncode == 0, f"{where}: setup {step.code!r}\n{done.stderr}"
        elif run_shell and step.kind == "bash":
            for line in shell_lines(step.code):
                if line.startswith("pip "):
                    continue
                done = _run_shell(line, tmp_path)
                assert done.returncode in (0, 1), (
                    f"{where}: {line!r} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
                )
                ran += 1
    if run_shell:
        assert ran > 0, f"{page.name} says it runs but has nothing to run"


def test_the_run_pages_are_the_quick_starts_and_the_guide() -> None:
    # the pages a new user follows step by step must be the ones that are executed
    expected = {
        "quickstart-excel.md",
        "quickstart-cli.md",
        "quickstart-python.md",
        "en/index.md",
        "en/library.md",
    }
    assert {p.relative_to(DOCS).as_posix() for p in ALL_PAGES if _runs(p)} == expected


def test_the_extractor_sees_blocks_skips_and_setup(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "<!-- test-setup: mkdir x -->\n"
        "```python\nprint(1)\n```\n"
        "<!-- skip-test: needs a real Excel -->\n"
        "```bash\ngkstats check a.xlsx && gkstats demo \\\n  --lang en # comment\n```\n",
        "utf-8",
    )
    found = steps(page)
    assert [(s.kind, s.skip) for s in found] == [
        ("setup", None),
        ("python", None),
        ("bash", "needs a real Excel"),
    ]
    assert shell_lines(found[2].code) == [
        "gkstats check a.xlsx && gkstats demo --lang en # comment"
    ]
    assert gkstats_calls(shell_lines(found[2].code)[0]) == [
        ["check", "a.xlsx"],
        ["demo", "--lang", "en"],
    ]


def test_a_skip_without_a_reason_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("<!-- skip-test -->\n```python\nprint(1)\n```\n", "utf-8")
    with pytest.raises(AssertionError, match="needs a reason"):
        steps(page)


def test_a_wrong_option_or_command_is_caught() -> None:
    assert parse_call(["check", "x.json", "--no-such-option"]) is not None
    assert parse_call(["no-such-command"]) is not None
    assert parse_call(["check", "x.json", "--lang", "fr"]) is not None
    assert parse_call(["check", "x.json", "--lang", "en", "--json"]) is None
