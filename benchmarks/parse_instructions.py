"""Instructions per published report parsed, counted by callgrind: the figure a busy,
shared machine does not blur (reports per second do; see ``bench_parse.py``).

    python benchmarks/parse_instructions.py [html] [text]

Runs this script under ``valgrind --tool=callgrind`` twice, parsing the same pages (those of
``bench_parse.py``) after one warm-up pass, once and then four times more; the difference
per report is the steady-state cost, without start-up, imports and first-seen labels.
Needs valgrind; PYTHONHASHSEED is fixed so that two runs of the same code agree exactly.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPEATS = (1, 5)


def _inner(kind: str, repeats: int) -> None:
    """Parse the pages ``repeats`` times after a warm-up pass (the process callgrind counts)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_parse import _samples

    from gkstats.parse import parse_html, parse_text

    html, text, _ = _samples()
    for _ in range(repeats + 1):
        if kind == "html":
            for name, data in html:
                parse_html(data, source=name)
        else:
            for name, body in text:
                parse_text(body, source=name)
    print(len(html) if kind == "html" else len(text))


def _count(kind: str, repeats: int) -> tuple[int, int]:
    """Instructions of one run of :func:`_inner`, and the number of pages it parsed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             __file__, "--inner", kind, str(repeats)],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )  # fmt: skip
        totals = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert totals is not None, "callgrind wrote no totals"
        return int(totals.group(1)), int(done.stdout.split()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--inner"]:
        _inner(sys.argv[2], int(sys.argv[3]))
        return
    for kind in sys.argv[1:] or ["html", "text"]:
        (few, pages), (many, _) = (_count(kind, n) for n in REPEATS)
        per_report = (many - few) / ((REPEATS[1] - REPEATS[0]) * pages)
        print(f"{kind:5} {per_report / 1e6:7.2f} M instructions per report ({pages} pages)")


if __name__ == "__main__":
    main()
