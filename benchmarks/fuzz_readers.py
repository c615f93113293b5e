"""The long fuzz run (issue 8): at least 10,000 mutated inputs per reader, on demand.

    python benchmarks/fuzz_readers.py [N] [reader ...]

Each input must end as a table or a GkError within the time bound; anything else is printed
with the input saved under benchmarks/fuzz-failures/ and the run exits 1.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fixtures import pingtan_2025, xz2017  # noqa: E402
from fuzzing import mutants, run_one  # noqa: E402
from test_fuzz import SEED_RULES  # noqa: E402

from gkstats import check, converter  # noqa: E402
from gkstats.readers import read_table  # noqa: E402
from gkstats.rules.userfile import load_rule_file  # noqa: E402


def _read_and_check(path: Path) -> None:
    check(read_table(path))


def seeds() -> dict[str, tuple[list[bytes], str, Callable[[Path], Any]]]:
    tables = [pingtan_2025(), xz2017()]
    out: dict[str, tuple[list[bytes], str, Callable[[Path], Any]]] = {
        "json": (
            [json.dumps(converter.unstructure(t), ensure_ascii=False).encode() for t in tables],
            ".json",
            _read_and_check,
        ),
        "rules": ([SEED_RULES], ".yaml", load_rule_file),
    }
    try:
        from fuzz_seeds import fast_seeds, more_seeds  # written by the readers' owners
    except ImportError:
        pass
    else:
        out.update(more_seeds(tables, _read_and_check))
        out.update(fast_seeds(tables))
    return out


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    wanted = set(sys.argv[2:])
    failures = 0
    for name, (seed_list, suffix, read) in seeds().items():
        if wanted and name not in wanted:
            continue
        rng = random.Random(20261125)
        streams = [mutants(s, rng) for s in seed_list]
        counts: Counter[str] = Counter()
        slowest = 0.0
        start = time.perf_counter()
        for k in range(n):
            data = next(streams[k % len(streams)])
            t0 = time.perf_counter()
            try:
                counts[run_one(read, data, suffix)] += 1
            except Exception as exc:  # anything but a table or a GkError is a finding
                failures += 1
                counts[type(exc).__name__] += 1
                target = HERE / "fuzz-failures"
                target.mkdir(exist_ok=True)
                (target / f"{name}-{k}{suffix}").write_bytes(data)
                print(f"  {name} #{k}: {type(exc).__name__}: {exc}"[:300])
            slowest = max(slowest, time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
        print(
            f"{name:8} {n} inputs in {elapsed:.1f} s: {dict(counts)}; "
            f"slowest {slowest * 1000:.0f} ms"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
