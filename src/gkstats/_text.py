"""Text as gkstats may write it anywhere, and text as Excel stores it.

:func:`clean` is the one sanitiser for everything written to a workbook, a Word document, a
CSV, Markdown or HTML: a control character (``\\x01`` typed in a JSON, ``&#1;`` in a
published page) would make an XML writer refuse the whole file, and a lone surrogate
(``"\\ud800"`` in a JSON) cannot be encoded at all.  Such a character becomes visible (``␁``)
or, where a document should not show it, is dropped; a lone surrogate or a non-character
XML forbids becomes ``�``.  Everything a file may hold is left as it is (a carriage return,
a line separator): what gkstats keeps of the user's own (a note, a fill) must come back
exactly.  :func:`for_terminal` is the same for the terminal, which takes less: no C1
control (``\\x9b`` starts an escape sequence on some), no escape sequence but gkstats' own.

:func:`decode_excel` undoes Excel's ``_xHHHH_`` escapes (how a workbook stores a control
character or a literal ``_x…_``), the same way on every read path.
"""

from __future__ import annotations

import re

#: What no file may hold: C0 controls but tab, line feed and carriage return, surrogates,
#: and the two non-characters XML 1.0 excludes.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What no terminal is given from a file: any C0 or C1 control but tab and line feed, DEL,
#: the Unicode line separators, and what no file may hold.
_BAD_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_REPLACEMENT = "\ufffd"


def _shown(m: re.Match[str]) -> str:
    code = ord(m[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if code in (0x2028, 0x2029):
        return "\n"
    return _REPLACEMENT


def _dropped(m: re.Match[str]) -> str:
    return _REPLACEMENT if 0xD800 <= ord(m[0]) < 0xE000 else ""


def clean(text: str, *, drop: bool = False) -> str:
    """``text`` as any file can take it: control characters shown as their pictures
    (``drop``: removed), lone surrogates and non-characters as ``�``."""
    if _BAD.search(text) is None:
        return text
    return _BAD.sub(_dropped if drop else _shown, text)


#: What gkstats itself writes to a terminal and the terminal filter lets through: colours
#: (SGR), clearing a line and hiding the cursor (a progress bar), a carriage return.
_OWN_CONTROLS = re.compile(r"\x1b\[[0-9;?]*[mKhl]|\r")


def for_terminal(text: str) -> str:
    """``text`` as a terminal may show it: every control character shown as its picture
    but the colour, line-clearing and cursor sequences click writes (and carriage returns),
    so that no escape sequence from a file (set the title, write the clipboard, move the
    cursor) reaches the terminal."""
    if _BAD_TERMINAL.search(text) is None:
        return text
    out, last = [], 0
    for m in _OWN_CONTROLS.finditer(text):
        out.append(_BAD_TERMINAL.sub(_shown, text[last : m.start()]))
        out.append(m[0])
        last = m.end()
    out.append(_BAD_TERMINAL.sub(_shown, text[last:]))
    return "".join(out)


def clean_any(value: object) -> object:
    """A value for a writer: text cleaned, anything else as it is."""
    return clean(value) if isinstance(value, str) else value


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_excel(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes decoded (``_x000B_`` → a vertical tab, ``_x005F_`` → an
    underscore, so ``_x005F_x000B_`` stays the literal text ``_x000B_``); a pair of escaped
    surrogates is one character, a lone one ``�``."""
    if "_x" not in text:
        return text
    out = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    if _SURROGATE.search(out) is not None:
        out = out.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return out


_UNSAFE_IN_A_WORKBOOK = re.compile(
    "_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)


def _escaped(m: re.Match[str]) -> str:
    found = m[0]
    if found.startswith("_x"):
        return "_x005F" + found  # the underscore escaped: the text stays literal
    return f"_x{ord(found):04X}_"


def encode_excel(text: str) -> str:
    """``text`` as a workbook stores it (what Excel does, and :func:`decode_excel` undoes):
    a character XML cannot hold as ``_xHHHH_``, a literal ``_xHHHH_`` with its underscore
    escaped.  Lossless where :func:`clean` is not: what gkstats keeps in a workbook (a
    note's XML, the user's own text) reads back exactly, in gkstats and in Excel."""
    if "_x" not in text and _BAD.search(text) is None:
        return text
    return _UNSAFE_IN_A_WORKBOOK.sub(_escaped, text)


def has_escape(text: str) -> bool:
    """Whether ``text`` still holds an ``_xHHHH_`` sequence (so it may be undecoded)."""
    return "_x" in text and _ESCAPE.search(text) is not None


__all__ = ["clean", "clean_any", "decode_excel", "encode_excel", "for_terminal", "has_escape"]
