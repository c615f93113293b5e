"""f2021 tables checked per second on one core (goal: >= 20,000), run on demand.

    python benchmarks/bench_check.py [N]

The baseline in the same process is building the same tables' JSON with the converter, so
the figure can be read as a ratio on any machine.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from hypothesis import HealthCheck, given, settings
from strategies import valid_tables

from gkstats import Table, check, converter


def sample(n: int) -> list[Table]:
    out: list[Table] = []

    @settings(max_examples=n, database=None, suppress_health_check=list(HealthCheck))
    @given(valid_tables("f2021"))
    def collect(table: Table) -> None:
        out.append(table)

    collect()
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    tables = sample(n)
    rng = random.Random(1)
    broken = [t.replace({"t3.partial.natural": (t["t3.partial.natural"] or 0) + 1}) for t in tables]
    work = (tables + broken) * (20_000 // (2 * len(tables)) + 1)
    rng.shuffle(work)
    work = work[:20_000]
    check(work[0])  # compile the rule set once
    start = time.perf_counter()
    for t in work:
        check(t)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    for t in work:
        converter.unstructure(t)
    baseline = time.perf_counter() - start
    valid_only = [t for t in work if t in tables][:10_000]
    start = time.perf_counter()
    for t in valid_only:
        check(t)
    clean = time.perf_counter() - start
    print(
        f"tables checked (half with an error): {len(work)} in {elapsed:.3f} s "
        f"= {len(work) / elapsed:,.0f} tables/s"
    )
    print(f"valid tables only: {len(valid_only) / clean:,.0f} tables/s")
    print(
        f"baseline, unstructure to JSON-ready dict: {len(work) / baseline:,.0f} tables/s "
        f"(check costs {elapsed / baseline:.2f}x the baseline)"
    )


if __name__ == "__main__":
    main()
