"""The fuzz harness shared by the fuzz tests and the long run in benchmarks/fuzz_readers.py.

A reader passes when every input ends as a table (with findings) or as a GkError: never
another exception, never a hang past the time bound.
"""

from __future__ import annotations

import io
import random
import re
import signal
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gkstats import GkError

#: Seconds one input may take before it counts as a hang.
TIME_BOUND = 10


class Hang(Exception):
    pass


def mutants(seed: bytes, rng: random.Random) -> Iterator[bytes]:
    """Endless byte-level mutants of a valid input: truncations, flips, splices, repeats."""
    while True:
        data = bytearray(seed)
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(7)
            if not data:
                data = bytearray(b"{")
            i = rng.randrange(len(data))
            if op == 0:
                data = data[:i]  # truncated
            elif op == 1:
                data[i] ^= 1 << rng.randrange(8)  # flipped bit
            elif op == 2:
                data[i] = rng.randrange(256)  # random byte
            elif op == 3:
                j = rng.randrange(len(data))
                data[i:i] = data[j : j + rng.randint(1, 64)]  # spliced copy
            elif op == 4:
                del data[i : i + rng.randint(1, 16)]
            elif op == 5:
                data[i:i] = rng.choice(
                    [b"-1", b"1e309", b"9" * 400, b"NaN", b"null", b"\"\xe4\xb8\x80\"", b"#REF!",
                     b"\xff\xfe", b"\x00", b"{}", b"[]", b"\"=SUM(A1)\""]
                )  # fmt: skip
            else:
                data = data * 2
        yield bytes(data)


def run_one(read: Callable[[Path], Any], data: bytes, suffix: str, name: str = "input") -> str:
    """Feed one input to a reader: "ok", "gkerror", or raise what escaped."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}{suffix}"
        path.write_bytes(data)
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIME_BOUND)
        try:
            read(path)
            return "ok"
        except GkError:
            return "gkerror"
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)


def _alarm(signum: int, frame: Any) -> None:
    raise Hang(f"no answer within {TIME_BOUND} s")


# --- mutation families (issue 16): each case of a hostile input, made from a valid seed -------

Family = Callable[[bytes, random.Random], bytes]

_NUMBER = re.compile(rb"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


def _at_a_number(data: bytes, rng: random.Random, new: bytes) -> bytes:
    """``data`` with one of its numbers replaced by ``new`` (or ``new`` put anywhere)."""
    found = list(_NUMBER.finditer(data[:200_000]))
    if not found:
        i = rng.randrange(len(data) + 1)
        return data[:i] + new + data[i:]
    m = rng.choice(found)
    return data[: m.start()] + new + data[m.end() :]


def huge_exponent(data: bytes, rng: random.Random) -> bytes:
    exp = rng.choice([b"999999999", b"+999999999", b"-999999999", b"400", b"4300", b"-400"])
    mant = rng.choice([b"1", b"0", b"-1", b"9.5", b"1.0"])
    quote = rng.random() < 0.3
    new = mant + rng.choice([b"e", b"E"]) + exp
    return _at_a_number(data, rng, b'"' + new + b'"' if quote else new)


def digit_flood(data: bytes, rng: random.Random) -> bytes:
    n = rng.choice([20, 400, 4301, 5000, 50_000])
    body = rng.choice(
        [b"9" * n, b"0" * n + b"1", b"1" + b"0" * n, b"9" * n + b".5", b"1," * (n // 2) + b"1"]
    )
    return _at_a_number(data, rng, body)


_CONTROLS = [bytes([c]) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]
_CONTROL_TEXTS = [
    b"\x1b[2J", b"\x1b]0;x\x07", b"\xc2\x9b31m", b"\r", b"\xe2\x80\xa8", b"&#1;", b"&#x1b;",
    b"\\u0001", b"\\u001b", b"_x000B_", b"_x0000_", b"_x001B_",
]  # fmt: skip


def _in_a_value(data: bytes, rng: random.Random) -> int:
    """Where to put something so that the format still holds: inside a quoted value (an
    organ's name, a title) when there is one, anywhere otherwise."""
    values = [m.span(1) if m[1] is not None else m.span(2) for m in _VALUE.finditer(data[:200_000])]
    if values and rng.random() < 0.8:
        return rng.choice(rng.choice(values))  # its start or its end: never inside a character
    return rng.randrange(len(data) + 1)


#: A quoted value (JSON, HTML attributes) but a format's name; a rule file's titles and ids.
_VALUE = re.compile(rb'(?<!"format"):\s*"([^"\\\n]{2,40})"|\b(?:zh|en|id): ([^,}\n]{1,40})')


def control_characters(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 4)):
        new = rng.choice(_CONTROLS if rng.random() < 0.3 else _CONTROL_TEXTS)
        i = _in_a_value(data, rng)
        data = data[:i] + new + data[i:]
    return data


_SURROGATES = [
    b"\\ud800", b"\\udfff", b"\\ud83d", b"\\ud83d\\ude00", b"&#xD800;", b"&#55296;",
    b"\xed\xa0\x80", b"\xed\xbf\xbf", b"_xD800_", b"_xDFFF__xD800_",
]  # fmt: skip


def surrogates(data: bytes, rng: random.Random) -> bytes:
    """Lone surrogates as every format can carry one (JSON escapes, character references,
    CESU bytes, Excel escapes)."""
    i = _in_a_value(data, rng)
    return data[:i] + rng.choice(_SURROGATES) + data[i:]


def alias_graph(data: bytes, rng: random.Random) -> bytes:
    """YAML anchors and aliases: nests that stand for billions of nodes, an alias inside its
    own anchor, chains of merge keys, or just a few honest ones."""
    kind = rng.randrange(4)
    width, depth = rng.randint(2, 12), rng.randint(2, 12)
    if kind == 0:  # a nest: each level a list of aliases to the one below
        lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
        for i in range(1, depth):
            lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    elif kind == 1:  # recursion, direct or through a mapping
        lines = [rng.choice(["a: &a [*a]", "a: &a {b: *a}", "a: &a [1, [2, *a]]", "&a [*a]"])]
    elif kind == 2:  # merge keys, chained
        lines = ["m0: &m0 {k0: 1, k1: 2}"]
        for i in range(1, depth):
            lines.append(f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * width)}], k{i}: {i}}}")
    else:  # honest: a rule's title anchored and used again by a copy of the rule
        copy = data[data.index(b"  - id:") :].replace(b"title: {zh: x, en: x}", b"title: *t", 1)
        anchored = data.replace(b"title: {", b"title: &t {", 1)
        return anchored + copy.replace(b"id: A-1", b"id: A-2", 1) * rng.randint(1, width)
    extra = ("\n".join(lines) + "\n").encode()
    return extra + data if rng.random() < 0.5 else data + b"\n" + extra


def long_name(rng: random.Random, most: int = 255) -> str:
    """A file name as long as a file system takes, or nearly: CJK, emoji, combining marks."""
    alphabet = rng.choice(["政", "信息公开", "😀", "e\u0301", "a", "表 (1) "])
    stem = ""
    while len((stem + alphabet).encode()) <= most - rng.randint(5, 40):
        stem += alphabet
    return stem


# --- workbook families: a part of the zip rewritten -------------------------------------------


def _zip_edit(data: bytes, rng: random.Random, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """``data`` (a zip) with one part, chosen by ``edit`` returning new bytes for it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            items = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError):
        return data
    targets = [k for k, (name, _) in enumerate(items) if edit(name, b"") is not None]
    if not targets:
        return data
    k = rng.choice(targets)
    name, part = items[k]
    items[k] = (name, edit(name, part) or part)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in items:
            z.writestr(name, part)
    return out.getvalue()


_TEXT_PARTS = ("xl/sharedStrings.xml", "xl/workbook.xml", "word/document.xml")


def _sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def dense_sheet(data: bytes, rng: random.Random) -> bytes:
    """A sheet made dense: styled empty cells by the thousand, figures by the thousand, two
    figures far apart, cells and rows that give no address, merges by the thousand."""
    from gkstats.workbook.gateway import column_letter

    kind = rng.randrange(5)
    rows, cols, start = rng.randint(1, 2000), rng.randint(1, 60), rng.randint(40, 1_048_000)
    letters = [column_letter(c) for c in range(1, cols + 1)]
    if kind == 0:
        new = b"".join(
            b'<row r="%d" s="1" customFormat="1">' % r
            + b"".join(b'<c r="%s%d" s="1"/>' % (x.encode(), r) for x in letters)
            + b"</row>"
            for r in range(start, min(start + rows, 1_048_577))
        )
    elif kind == 1:
        new = b"".join(
            b'<row r="%d">' % r
            + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (x.encode(), r, r) for x in letters)
            + b"</row>"
            for r in range(start, min(start + rows, 1_048_577))
        )
    elif kind == 2:
        far = rng.choice([b"XFD1048576", b"XFD1", b"A1048576", b"ZZZ9999999", b"A0"])
        new = b'<row r="1048576"><c r="%s"><v>1</v></c></row>' % far
    elif kind == 3:
        new = b"<row>" + b"<c><v>1</v></c>" * cols + b"</row>" + b"<row/>" * rows
    else:
        merges = b"".join(b'<mergeCell ref="A%d:B%d"/>' % (r, r) for r in range(1, rows * 5))
        new = b"</sheetData><mergeCells>" + merges + b"</mergeCells>"

    def edit(name: str, part: bytes) -> bytes | None:
        if not _sheet(name):
            return None
        if new.startswith(b"</sheetData>"):  # merges go after the cells
            return part.replace(b"</sheetData>", new, 1)
        return part.replace(b"</sheetData>", new + b"</sheetData>", 1)

    return _zip_edit(data, rng, edit)


def zip_text(data: bytes, rng: random.Random) -> bytes:
    """A text or a figure inside a workbook or a Word file made hostile: control characters
    (raw, as character references, as Excel escapes), surrogates, huge numbers, digit floods."""
    family = rng.choice([control_characters, surrogates, huge_exponent, digit_flood])

    def edit(name: str, part: bytes) -> bytes | None:
        if not (_sheet(name) or name in _TEXT_PARTS):
            return None
        spots = list(re.finditer(rb"<(t|v|w:t|definedName)\b[^>]*>([^<]{0,200})</\1>", part))
        if not spots:
            return part
        m = rng.choice(spots)
        inner = family(m[2], rng)
        return part[: m.start(2)] + inner + part[m.end(2) :]

    return _zip_edit(data, rng, edit)


#: The families of issue 16, and the readers each applies to.
TEXT_FAMILIES: dict[str, Family] = {
    "huge exponents": huge_exponent,
    "digit floods": digit_flood,
    "control characters": control_characters,
    "surrogates": surrogates,
}
RULE_FAMILIES: dict[str, Family] = {**TEXT_FAMILIES, "YAML alias graphs": alias_graph}
WORKBOOK_FAMILIES: dict[str, Family] = {"dense sheets": dense_sheet, "texts inside": zip_text}
DOCX_FAMILIES: dict[str, Family] = {"texts inside": zip_text}


def family_mutants(
    seed: bytes, rng: random.Random, families: dict[str, Family]
) -> Iterator[tuple[str, bytes]]:
    """Endless (family, mutant) pairs: half byte-level mutants, half from the families in
    turn, sometimes one family on top of another."""
    plain = mutants(seed, rng)
    names = list(families)
    k = 0
    while True:
        if not names or rng.random() < 0.5:
            yield "bytes", next(plain)
            continue
        name = names[k % len(names)]
        k += 1
        data = families[name](seed, rng)
        if rng.random() < 0.2:
            data = families[rng.choice(names)](data, rng)
        yield name, data
