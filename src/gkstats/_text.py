"""Text as gkstats may write it anywhere, and text as Excel stores it.

:func:`clean` is the one sanitiser for everything written to a workbook, a Word document, a
CSV, Markdown, HTML or the terminal: a control character (``\\x01`` typed in a JSON,
``&#1;`` in a published page) would make an XML writer refuse the whole file or a terminal
obey an escape sequence, and a lone surrogate (``"\\ud800"`` in a JSON) cannot be encoded at
all.  Line breaks of every kind become ``\\n``; other control characters become visible
(``␁``) or, where a document should not show them, are dropped; lone surrogates and the
non-characters XML forbids become ``�``.

:func:`decode_excel` undoes Excel's ``_xHHHH_`` escapes (how a workbook stores a control
character or a literal ``_x…_``), the same way on every read path.
"""

from __future__ import annotations

import re

#: Every line break Unicode knows, as one.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
#: What no writer may pass on: C0 and C1 controls but tab and newline, DEL, surrogates and
#: the two non-characters XML 1.0 excludes.
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_REPLACEMENT = "\ufffd"


def _shown(m: re.Match[str]) -> str:
    code = ord(m[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return _REPLACEMENT


def clean(text: str, *, drop: bool = False) -> str:
    """``text`` as any writer can take it: line breaks unified, control characters shown as
    their pictures (``drop``: removed), lone surrogates and non-characters as ``�``."""
    if _BAD.search(text) is None and "\u2028" not in text and "\u2029" not in text:
        return text
    text = _BREAKS.sub("\n", text)
    if drop:
        return _BAD.sub(lambda m: _REPLACEMENT if 0xD800 <= ord(m[0]) < 0xE000 else "", text)
    return _BAD.sub(_shown, text)


#: What gkstats itself writes to a terminal and the terminal filter lets through: colours
#: (SGR), clearing a line and hiding the cursor (a progress bar), a carriage return.
_OWN_CONTROLS = re.compile(r"\x1b\[[0-9;?]*[mKhl]|\r")


def for_terminal(text: str) -> str:
    """``text`` as a terminal may show it: :func:`clean`, but the colour, line-clearing and
    cursor sequences click writes (and carriage returns) kept, so that no escape sequence
    from a file (set the title, write the clipboard, move the cursor) reaches the terminal."""
    if _BAD.search(text) is None:
        return text
    out, last = [], 0
    for m in _OWN_CONTROLS.finditer(text):
        out.append(clean(text[last : m.start()]))
        out.append(m[0])
        last = m.end()
    out.append(clean(text[last:]))
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


def has_escape(text: str) -> bool:
    """Whether ``text`` still holds an ``_xHHHH_`` sequence (so it may be undecoded)."""
    return "_x" in text and _ESCAPE.search(text) is not None


__all__ = ["clean", "clean_any", "decode_excel", "for_terminal", "has_escape"]
