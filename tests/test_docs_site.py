"""The documentation site builds with no warning, shows every page, and its pictures are real.

The site is built exactly as a maintainer would (``mkdocs build --strict``, warnings are
errors) into a temporary folder.  The pictures are rendered by ``docs/_build/pictures.py``
from real outputs; rendering needs LibreOffice, which CI does not have, so the committed PNGs
are checked for presence and size everywhere and re-rendered only where ``soffice`` exists.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
IMAGES = DOCS / "images"
#: The committed pictures stay small: the repository and the site are downloaded by people
#: on government networks.
MAX_PICTURES_BYTES = 2 * 1024 * 1024

_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(([^)\s]+\.png)\)")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"docs_build_{name}", DOCS / "_build" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages() -> list[Path]:
    return sorted(
        p
        for p in DOCS.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(DOCS).parts)
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
         str(ROOT / "mkdocs.yml"), "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    return out, log


def test_the_site_builds_strict_with_no_warning(site: tuple[Path, str]) -> None:
    _, log = site
    warnings = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == []


def test_every_page_is_built_and_in_the_nav(site: tuple[Path, str]) -> None:
    out, _ = site
    home = (out / "index.html").read_text("utf-8")
    missing, unlisted = [], []
    for page in _pages():
        rel = page.relative_to(DOCS).with_suffix("")
        url = (rel.parent if rel.name == "index" else rel).as_posix()
        url = "" if url == "." else f"{url}/"
        if not (out / url / "index.html").exists():
            missing.append(page.name)
        elif url and f'href="{url}"' not in home:
            unlisted.append(url)
    assert (missing, unlisted) == ([], [])


def test_the_api_reference_is_rendered_from_the_docstrings(site: tuple[Path, str]) -> None:
    out, _ = site
    html = (out / "api" / "index.html").read_text("utf-8")
    for name in ("gkstats.check.check", "gkstats.Table", "gkstats.locate.locate",
                 "gkstats.workbook.read_file", "gkstats.report.render"):  # fmt: skip
        assert f'id="{name}"' in html, name
    # the Sphinx role prefix is dropped by the hook (":class:`X`" shows as X)
    assert ":class:<code>" not in html


def test_the_cli_reference_lists_every_command(site: tuple[Path, str]) -> None:
    from gkstats.cli import _load_commands, app

    _load_commands()
    html = (site[0] / "cli" / "index.html").read_text("utf-8")
    for name in app.commands:
        assert f'id="gkstats-{name}"' in html, name


def test_every_picture_a_page_shows_exists_and_every_picture_is_shown() -> None:
    shown: set[Path] = set()
    broken = []
    for page in _pages():
        for ref in _IMAGE_REF.findall(page.read_text("utf-8")):
            target = (page.parent / ref).resolve()
            shown.add(target)
            if not target.is_file():
                broken.append(f"{page.relative_to(DOCS)} → {ref}")
    committed = {p.resolve() for p in IMAGES.glob("*.png")}
    assert (broken, sorted(p.name for p in committed - shown)) == ([], [])


def test_the_pictures_are_small() -> None:
    total = sum(p.stat().st_size for p in IMAGES.glob("*.png"))
    assert 0 < total <= MAX_PICTURES_BYTES


def test_the_formats_page_shows_each_table_of_each_format() -> None:
    from gkstats.formats import FORMATS

    text = (DOCS / "formats.md").read_text("utf-8")
    for fmt in FORMATS:
        for table in fmt.tables:
            assert f"images/template-{fmt.id}-{table.key}.png" in text


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="rendering the pictures needs LibreOffice (soffice) and poppler (pdftoppm), "
    "which are not installed here; the committed PNGs are checked by the other tests",
)
def test_the_pictures_script_renders_every_committed_picture(tmp_path: Path) -> None:
    pictures = _load("pictures")
    written = pictures.render(tmp_path, log=False)
    assert sorted(p.name for p in written) == sorted(p.name for p in IMAGES.glob("*.png"))
    for p in written:
        assert p.stat().st_size > 1000, p.name


def test_the_pictures_script_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    pictures = _load("pictures")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pictures.tools_missing() == ["soffice", "pdftoppm"]
    assert pictures.main(["--out", "unused"]) == 2


def test_the_nav_hook_leaves_out_unwritten_pages_and_adds_unlisted_ones() -> None:
    hooks = _load("hooks")
    nav = [
        {"首页": "index.md"},
        {"指南": [{"甲": "a.md"}, {"乙": "not-yet.md"}]},
        {"空": [{"丙": "also-not-yet.md"}]},
        {"外链": "https://example.org/"},
    ]
    kept, dropped = hooks.prune(nav, {"index.md", "a.md", "extra.md"})
    assert kept == [
        {"首页": "index.md"},
        {"指南": [{"甲": "a.md"}]},
        {"外链": "https://example.org/"},
    ]
    assert dropped == ["not-yet.md", "also-not-yet.md"]
    assert hooks.listed(kept) == {"index.md", "a.md", "https://example.org/"}


def test_the_nav_in_mkdocs_yml_names_the_pages_written_here() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    hooks = _load("hooks")
    listed = hooks.listed(config["nav"])
    ours = {
        "index.md",
        "quickstart-excel.md",
        "quickstart-cli.md",
        "quickstart-python.md",
        "formats.md",
        "rules.md",
        "cli.md",
        "api.md",
        "en/index.md",
        "en/library.md",
    }
    assert ours <= listed
    assert {p for p in ours if not (DOCS / p).is_file()} == set()
