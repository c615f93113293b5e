"""The long fuzz run (issues 8 and 16): at least 10,000 mutated inputs per reader, on demand.

    python benchmarks/fuzz_readers.py [N] [reader ...]

Half the inputs are byte-level mutants of valid seeds, half come from the mutation families
of issue 16 (huge exponents, digit floods, control characters, surrogates, YAML alias graphs,
dense sheets, texts inside workbooks, long names), counted per family.  Each input must end as
a table or a GkError within the time bound; anything else is printed with the input saved
under benchmarks/fuzz-failures/ and the run exits 1.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fixtures import pingtan_2025, xz2017  # noqa: E402
from fuzzing import (  # noqa: E402
    DOCX_FAMILIES,
    RULE_FAMILIES,
    TEXT_FAMILIES,
    WORKBOOK_FAMILIES,
    Family,
    family_mutants,
    long_name,
    run_one,
)
from test_fuzz import SEED_RULES  # noqa: E402

from gkstats import check, converter  # noqa: E402
from gkstats.readers import read_table  # noqa: E402
from gkstats.rules.userfile import load_rule_file  # noqa: E402

#: Workbooks are fuzzed under a small cell limit, so that dense sheets fall on both sides.
FUZZ_MAX_CELLS = "40000"

Reader = tuple[list[bytes], str, Callable[[Path], Any], dict[str, Family]]


def _read_and_check(path: Path) -> None:
    check(read_table(path))


def _under_a_long_name(path: Path) -> None:
    """The paths family: a workbook under a name as long as the file system takes, checked,
    marked next to itself (the default name) and twice in place (backups, temporaries);
    exit 3 (an internal error) is a failure."""
    from gkstats.cli import main

    rng = random.Random(path.read_bytes())
    long = path.with_name(long_name(rng) + path.suffix)
    path.rename(long)
    out = io.StringIO()
    for args in (["--mark"], ["--mark", "--in-place"], ["--mark", "--in-place"]):
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["check", str(long), *args])
        if code not in (0, 1, 2):
            raise AssertionError(f"exit {code} for check {' '.join(args)}: {out.getvalue()[-300:]}")


def seeds() -> dict[str, Reader]:
    tables = [pingtan_2025(), xz2017()]
    as_json = [json.dumps(converter.unstructure(t), ensure_ascii=False).encode() for t in tables]
    out: dict[str, Reader] = {
        "json": (as_json, ".json", _read_and_check, TEXT_FAMILIES),
        "rules": ([SEED_RULES], ".yaml", load_rule_file, RULE_FAMILIES),
    }
    try:
        from fuzz_seeds import fast_seeds, more_seeds  # written by the readers' owners
    except ImportError:
        return out
    families = {
        "xlsx": WORKBOOK_FAMILIES,
        "xlsx-fast": WORKBOOK_FAMILIES,
        "docx": DOCX_FAMILIES,
        "html": TEXT_FAMILIES,
        "text": TEXT_FAMILIES,
    }
    for name, (seed_list, suffix, read) in {
        **more_seeds(tables, _read_and_check),
        **fast_seeds(tables),
    }.items():
        out[name] = (seed_list, suffix, read, families.get(name, {}))
    same = {"long names": lambda data, rng: data}  # the name is the mutation
    out["paths"] = (out["xlsx"][0], ".xlsx", _under_a_long_name, same)
    return out


#: Readers slower per input than the others (three CLI runs each): a tenth of N.
SLOW = {"paths": 10}


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    wanted = set(sys.argv[2:])
    os.environ["GKSTATS_MAX_CELLS"] = FUZZ_MAX_CELLS
    failures = 0
    for name, (seed_list, suffix, read, families) in seeds().items():
        if wanted and name not in wanted:
            continue
        rng = random.Random(20261125)
        streams = [family_mutants(s, rng, families) for s in seed_list]
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        slowest: dict[str, float] = defaultdict(float)
        start = time.perf_counter()
        for k in range(n // SLOW.get(name, 1)):
            family, data = next(streams[k % len(streams)])
            t0 = time.perf_counter()
            try:
                counts[family][run_one(read, data, suffix)] += 1
            except Exception as exc:  # anything but a table or a GkError is a finding
                failures += 1
                counts[family][type(exc).__name__] += 1
                target = HERE / "fuzz-failures"
                target.mkdir(exist_ok=True)
                (target / f"{name}-{k}{suffix}").write_bytes(data)
                print(f"  {name} #{k} ({family}): {type(exc).__name__}: {exc}"[:300])
            slowest[family] = max(slowest[family], time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
        total = n // SLOW.get(name, 1)
        print(f"{name:9} {total} inputs in {elapsed:.1f} s")
        for family, got in sorted(counts.items()):
            print(f"    {family:20} slowest {slowest[family] * 1000:5.0f} ms  {dict(got)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
