"""What to type to add an optional part of gkstats (an "extra" of pyproject.toml).

gkstats is not on PyPI yet, so ``pip install "gkstats[docx]"`` fails for everyone; the
packages an extra stands for install anywhere.  They are read from the installed package's
metadata, which pyproject.toml writes: the extras are declared once, there.
"""

from __future__ import annotations

import functools
import re

_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


@functools.cache
def extra_packages(extra: str) -> tuple[str, ...]:
    """The requirements an extra adds (``("python-docx>=1.1",)`` for ``docx``)."""
    import importlib.metadata  # (only when a message needs it: not on the add-in's click)

    try:
        requires = importlib.metadata.requires("gkstats") or []
    except importlib.metadata.PackageNotFoundError:
        return ()
    out = []
    for line in requires:
        requirement, _, marker = line.partition(";")
        m = _EXTRA.search(marker)
        if m and m.group(1) == extra:
            out.append(requirement.strip().replace(" ", ""))
    return tuple(out)


def install_hint(*extras: str) -> str:
    """The command adding the extras' packages: ``pip install "python-docx>=1.1"`` (or, where
    gkstats' metadata is not at hand, the install from a clone)."""
    packages = dict.fromkeys(p for e in extras for p in extra_packages(e))
    if not packages:
        return f'pip install -e ".[{",".join(extras)}]"'
    return "pip install " + " ".join(f'"{p}"' for p in packages)


__all__ = ["extra_packages", "install_hint"]
