"""Published reports parsed per second on one core (goal: >= 300 for HTML and for text).

Times are this process's CPU time, the best of five rounds, so a busy machine skews them
less.

    python benchmarks/bench_parse.py [SECONDS]

Each pass parses, checks and text-checks the real reports of ``../shared/corpus`` when it is
there (its HTML pages and its run-together text pages), and reports rendered from random
valid tables otherwise.  The baseline in the same process is the bare work every parser
must do anyway — lxml building the page's tree, or folding the text — so each figure is also
given as a ratio that reads the same on any machine.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
CORPUS = ROOT / ".." / "shared" / "corpus"

from gkstats.labels import fold_text  # noqa: E402
from gkstats.parse import parse_html, parse_text  # noqa: E402


def _samples() -> tuple[list[tuple[str, bytes]], list[tuple[str, str]], str]:
    html: list[tuple[str, bytes]] = []
    text: list[tuple[str, str]] = []
    if CORPUS.is_dir():
        for p in sorted(CORPUS.glob("pingtan_20*.html")):
            if p.stem != "pingtan_2016":
                html.append((p.name, p.read_bytes()))
        for p in sorted(CORPUS.glob("*.txt")):
            if p.stem != "pingtan_2016":
                text.append((p.name, p.read_text("utf-8")))
        return html, text, "corpus"
    from hypothesis import HealthCheck, given, settings
    from parse_samples import to_html, to_text
    from strategies import valid_tables

    from gkstats import Table

    tables: list[Table] = []

    @settings(max_examples=12, database=None, suppress_health_check=list(HealthCheck))
    @given(valid_tables())
    def collect(table: Table) -> None:
        tables.append(table.replace(organ="测试局"))

    collect()
    for i, t in enumerate(tables):
        html.append((f"r{i}.html", to_html(t).encode("utf-8")))
        text.append((f"r{i}.txt", to_text(t)))
    return html, text, "rendered"


def rate(work: Callable[[], None], seconds: float, rounds: int = 5) -> float:
    """Passes per second of this process's CPU time, the best of several rounds (as timeit
    reports its best: on a shared machine, other work only ever slows a round down)."""
    work()  # warm caches (label lookups, compiled rules)
    best = 0.0
    for _ in range(rounds):
        n, start = 0, time.process_time()
        while time.process_time() - start < seconds / rounds:
            work()
            n += 1
        best = max(best, n / (time.process_time() - start))
    return best


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    html, text, source = _samples()
    import lxml.html

    def parse_pages() -> None:
        for name, data in html:
            parse_html(data, source=name)

    def bare_pages() -> None:
        for _, data in html:
            lxml.html.document_fromstring(data)

    def parse_texts() -> None:
        for name, body in text:
            parse_text(body, source=name)

    def bare_texts() -> None:
        for _, body in text:
            "".join(fold_text(body).split())

    print(f"reports: {len(html)} HTML pages, {len(text)} text pages ({source})")
    for label, work, bare, count in (
        ("HTML", parse_pages, bare_pages, len(html)),
        ("text", parse_texts, bare_texts, len(text)),
    ):
        full = rate(work, seconds) * count
        base = rate(bare, seconds) * count
        verdict = "ok" if full >= 300 else "BELOW GOAL"
        print(
            f"{label:5} {full:8.0f} reports/s  (goal 300: {verdict}); baseline "
            f"{base:8.0f}/s, parse costs {base / full:5.1f}x the baseline"
        )


if __name__ == "__main__":
    main()
