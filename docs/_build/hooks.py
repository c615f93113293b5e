"""MkDocs hooks for the gkstats site (``hooks:`` in mkdocs.yml).

- The nav in mkdocs.yml gives the order. Capabilities are written by several people at once,
  so a listed page may not exist yet: it is left out (and said so in the build log, at info
  level) instead of failing the build; a page that exists but is not listed is added under
  「其他」, so no page is ever unreachable.
- The API reference is rendered from docstrings written for Sphinx-style readers
  (``:class:`~gkstats.formats.Format```); the role prefix is dropped from the HTML so the
  reference shows the name alone.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.gkstats")

#: Where pages not listed in the nav go.
OTHERS = "其他"

_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|mod|data|attr|exc|obj|const):<code>(~?)([\w.]+)</code>"
)


def _pages(docs: Path) -> list[str]:
    return sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(docs).parts)
    )


def prune(nav: list[Any], exists: set[str]) -> tuple[list[Any], list[str]]:
    """``nav`` without the pages that do not exist (and sections left empty); also the
    pages left out."""
    kept: list[Any] = []
    dropped: list[str] = []
    for entry in nav:
        if isinstance(entry, str):
            (kept if entry in exists else dropped).append(entry)
            continue
        if not isinstance(entry, dict):
            kept.append(entry)
            continue
        ((title, value),) = entry.items()
        if isinstance(value, list):
            children, gone = prune(value, exists)
            dropped += gone
            if children:
                kept.append({title: children})
        elif isinstance(value, str) and "://" not in value and value not in exists:
            dropped.append(value)
        else:
            kept.append(entry)
    return kept, dropped


def listed(nav: list[Any]) -> set[str]:
    """Every page file named in ``nav``."""
    out: set[str] = set()
    for entry in nav:
        if isinstance(entry, str):
            out.add(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                if isinstance(value, list):
                    out |= listed(value)
                elif isinstance(value, str):
                    out.add(value)
    return out


def on_config(config: Any) -> Any:
    if not config.nav:
        return config
    docs = Path(config.docs_dir)
    exists = set(_pages(docs))
    nav, dropped = prune(list(config.nav), exists)
    for page in dropped:
        log.info("nav: %s is not written yet; left out of the site", page)
    extra = sorted(exists - listed(nav))
    if extra:
        nav.append({OTHERS: extra})
    config.nav = nav
    return config


def on_page_content(html: str, **_: Any) -> str:
    return _ROLE.sub(lambda m: f"<code>{m[2].rsplit('.', 1)[-1] if m[1] else m[2]}</code>", html)
