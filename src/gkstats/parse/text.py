"""Reading the format's cells out of plain text.

Two shapes are handled by the same code: one cell per line with blank cells simply missing
(the legacy corpus report), and tables whose cells a page ran together without separators
(「一、本年新收政府信息公开申请数量640020470」).  Labels are found in reading order in the text
folded like a label (:func:`gkstats.labels.fold_text`) with its white space removed; the
figures of a row are what lies between its label and the next label.  A row's figures are
split into its cells (:mod:`._split`) keeping the row's totals true; when a row still splits
several ways, the table's other rules (the 勾稽关系 F21-01, the column totals F21-03) choose
among them (:mod:`._across_rows`) — and when they cannot, the cells are reported ambiguous
with their candidates.

A row label printed with a few characters missing or wrong is not found by the search; the
text it leaves between two rows that were found is looked at only then (:func:`_near_row`):
taken for the one row expected there whose label it is near, and whose figures it has.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

import attrs

from ..formats import Block, CellSpec, Format, Kind, TableSpec
from ..labels import Match, core_label, fold_text
from ..rules import Message
from ..values import read_value
from ._across_rows import narrow_across_rows
from ._index import (
    CAPTION,
    COLUMN,
    HEADER,
    ROW,
    Entry,
    FormatIndex,
    format_index,
    near_rows,
    ordinal,
    search_keys,
)
from ._split import Group, Split, pieces, split_run
from .result import NEAR_LABEL, CellReading, LabelMatch, ParseNote, Status

#: What may follow a row label as its figures (white space, digits, units, blank marks).
_RUN = re.compile(
    r"(?:\s|\d|[.,+\-—–―/\\／%]|万元|人次|元|件|条|次|个|项|篇|人|起|家|份|无(?=\s|$))*"
)
_CN_ORD = "一二三四五六七八九十"
_MONEY = ("万元", "元")
#: An enumerator standing alone at the end of a run (「… 0 2.」): the number of the label
#: that follows, not a figure.
_LONE_ENUMERATOR = re.compile(r"(?<=\s)\d{1,2}[.、]$")
#: The characters of a run (:data:`_RUN`), for reading one backwards from a label's end.
_RUN_CHARS = frozenset("0123456789.,+-—–―/\\／%万元人次件条个项篇起家份无")


class TextDoc:
    """A text folded for searching, with a map back from its white-space-free form.

    The white-space-free form is all that format detection needs, so it is built with C-level
    string operations, and the map back (word starts in both forms) only when a position is
    first asked for.
    """

    def __init__(self, text: str) -> None:
        self.folded = fold_text(text)
        #: ``str.split()`` and the regex ``\S+`` agree on what white space is.
        self._words = self.folded.split()
        self.compact = "".join(self._words)
        self._c: list[int] | None = None
        self._f: list[int] = []

    def _map(self) -> list[int]:
        """Where each word starts in the compact text (also fills ``_f``: in the folded)."""
        starts_c = list(itertools.accumulate(map(len, self._words), initial=0))
        starts_c.pop()
        starts_f = self._f
        find = self.folded.find
        pos = 0
        for word in self._words:
            # only white space lies between the previous word and this one
            pos = find(word, pos)
            starts_f.append(pos)
            pos += len(word)
        self._c = starts_c
        return starts_c

    def word_starts(self) -> tuple[list[int], list[int]]:
        """Where each word starts in the compact text and in the folded text."""
        starts_c = self._c if self._c is not None else self._map()
        return starts_c, self._f

    def folded_at(self, ci: int) -> int:
        """Position in the folded text of compact position ``ci``."""
        if ci >= len(self.compact):
            return len(self.folded)
        starts_c = self._c if self._c is not None else self._map()
        j = bisect.bisect_right(starts_c, ci) - 1
        return self._f[j] + (ci - starts_c[j])

    def folded_end(self, ci: int) -> int:
        """Position just after compact position ``ci - 1`` (the end of a match)."""
        if ci <= 0:
            return 0
        return self.folded_at(ci - 1) + 1


@attrs.define
class Located:
    """Where a label was found (compact positions).  Not frozen: a report makes hundreds,
    and a frozen attrs class costs about three times as much to build."""

    entry: Entry
    start: int  # compact, enumerator included
    end: int  # compact
    key: str
    #: A label found a few characters off its entry's (:func:`_near_row`): the match.
    near: Match[Entry] | None = None


@functools.cache
def _enumerators(label: str) -> tuple[str, ...]:
    n = ordinal(label)
    if n is None:
        return ()
    forms = [f"{n}.", f"{n}、", f"({n})", f"{n})", f"{n},"]
    if n <= 10:
        cn = _CN_ORD[n - 1]
        forms += [f"({cn})", f"{cn}、"]
    return tuple(forms)


@functools.cache
def _find_plan(entry: Entry) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """What :func:`_find` looks for, derived once per entry: each search key with, for a short
    key, the enumerated forms to look for instead (「(三)其他」); and the enumerators that may
    lead a long key."""
    enums = _enumerators(entry.label)
    steps = []
    for key in search_keys(entry):
        short = len(key) <= 3 and bool(enums)
        steps.append((key, tuple(form + key for form in enums) if short else ()))
    return tuple(steps), enums


def _find(doc: TextDoc, entry: Entry, start: int, end: int) -> Located | None:
    """The first occurrence of an entry's label in compact[start:end].

    Once a key is found, the later keys are only looked for before it (the search's end is
    cut there): only an earlier occurrence could win."""
    compact = doc.compact
    steps, enums = _find_plan(entry)
    best_start = -1
    best_end = 0
    best_key = ""
    for key, forms in steps:
        if forms:
            for text in forms:
                if best_start < 0:
                    p = compact.find(text, start, end)
                else:
                    p = compact.find(text, start, min(end, best_start + len(text) - 1))
                if p >= 0:
                    best_start, best_end, best_key = p, p + len(text), key
            continue
        if best_start < 0:
            p = compact.find(key, start, end)
        else:
            p = compact.find(key, start, min(end, best_start + len(key) - 1))
        if p < 0:
            continue
        lead = p
        for form in enums:
            if compact.endswith(form, start, p):
                lead = p - len(form)
                break
        best_start, best_end, best_key = lead, p + len(key), key
    return Located(entry, best_start, best_end, best_key) if best_start >= 0 else None


@functools.cache
def _anchor_keys(fmt: Format, table: TableSpec) -> tuple[str, ...]:
    """The labels that tell where a table starts (its own, long enough, no other table's);
    derived once per format and table."""
    idx = format_index(fmt)
    others = {k for e in idx.entries if e.table is not table for k in search_keys(e)}
    keys: list[str] = []
    for e in idx.entries:
        if e.table is not table:
            continue
        long_enough = (
            e.kind in (CAPTION, HEADER)
            or (e.kind == COLUMN and len(core_label(e.label)) >= 4)
            or (e.kind == ROW and e.one_line)
            or (e.kind == ROW and not e.data and len(core_label(e.label)) >= 4)
            or (e.kind == ROW and len(core_label(e.label)) >= 8)
        )
        if long_enough:
            keys += [k for k in search_keys(e) if k not in others and len(k) >= 4]
    return tuple(dict.fromkeys(keys))


@functools.cache
def _block_entries(idx: FormatIndex) -> dict[Block, tuple[Entry | None, tuple[Entry, ...]]]:
    """By block: the block's caption entry and its row entries in reading order (derived
    once per format)."""
    out: dict[Block, tuple[Entry | None, tuple[Entry, ...]]] = {}
    for table in idx.format.tables:
        for b in table.blocks:
            caption = next((e for e in idx.entries if e.kind == CAPTION and e.block is b), None)
            rows = tuple(e for e in idx.entries if e.block is b and e.kind == ROW)
            out[b] = (caption, rows)
    return out


@functools.cache
def _row_shape(
    idx: FormatIndex, specs: tuple[CellSpec, ...]
) -> tuple[tuple[Kind, ...], tuple[Group, ...]]:
    """A row's cell kinds and the declared totals among its cells (as slot indexes): derived
    once per row of a format, not once per report."""
    ids = {c.id: k for k, c in enumerate(specs)}
    groups = tuple(
        Group(ids[s.total], tuple(ids[p] for p in s.parts))
        for s in idx.sums
        if s.total in ids and all(p in ids for p in s.parts)
    )
    return tuple(c.kind for c in specs), groups


@attrs.define
class _Row:
    """A row of figures found in the text: its cells and the ways its run splits."""

    specs: list[CellSpec]
    run: str
    where: int
    splits: list[Split] = attrs.field(factory=list)
    direct: list[str | None] | None = None
    stopped: bool = False
    #: Money units written alone in the run (a 「万元」 unit column).
    unit: str | None = None
    #: The table's other rules removed some splits.
    narrowed: bool = False
    #: Its label was found a few characters off (:meth:`TextReader._near_row`).
    near: bool = False


class TextReader:
    def __init__(self, fmt: Format, doc: TextDoc) -> None:
        self.fmt = fmt
        self.doc = doc
        self.idx = format_index(fmt)
        self.located: list[Located] = []
        self.rows: list[_Row] = []
        self.notes: list[ParseNote] = []
        self.spans: list[tuple[int, int]] = []
        #: The cells of rows a label near several of them may be (never a guess).
        self.near_ambiguous: dict[str, CellReading] = {}

    # -- finding labels ------------------------------------------------------------------
    def locate(self) -> None:
        compact = self.doc.compact
        starts: list[int | None] = []
        pos = 0
        for table in self.fmt.tables:
            # the first anchor: once one is found, the others are only looked for before it
            start = -1
            for k in _anchor_keys(self.fmt, table):
                if start < 0:
                    start = compact.find(k, pos)
                else:
                    p = compact.find(k, pos, start + len(k) - 1)
                    if p >= 0:
                        start = p
            starts.append(start if start >= 0 else None)
            if start >= 0:
                pos = start + 1
        for i, table in enumerate(self.fmt.tables):
            begin = starts[i]
            if begin is None:
                continue
            end = next((s for s in starts[i + 1 :] if s is not None), len(compact))
            if table.one_line:
                self._locate_one_line(table, begin, end)
            else:
                self._locate_table(table, begin, end)

    def _locate_table(self, table: TableSpec, start: int, end: int) -> None:
        blocks = list(table.blocks)
        bounds: list[tuple[Block, int, int]] = []
        layout = _block_entries(self.idx)
        if all(b.caption for b in blocks):
            caps: list[tuple[Block, Located]] = []
            cursor = start
            for b in blocks:
                entry = layout[b][0]
                assert entry is not None
                loc = _find(self.doc, entry, cursor, end)
                if loc is not None:
                    caps.append((b, loc))
                    self.located.append(loc)
                    cursor = loc.end
            for k, (b, loc) in enumerate(caps):
                stop = caps[k + 1][1].start if k + 1 < len(caps) else end
                bounds.append((b, loc.end, stop))
        else:
            bounds = [(b, start, end) for b in blocks]
        doc = self.doc
        for block, lo, hi in bounds:
            cursor = lo
            for e in layout[block][1]:
                loc = _find(doc, e, cursor, hi)
                if loc is not None:
                    self.located.append(loc)
                    cursor = loc.end

    def _locate_one_line(self, table: TableSpec, start: int, end: int) -> None:
        compact = self.doc.compact
        hits: list[Located] = []
        for e in self.idx.entries:
            if e.table is not table or e.kind not in (ROW, COLUMN):
                continue
            for key in search_keys(e):
                p = compact.find(key, start, end)
                while p >= 0:
                    hits.append(Located(e, p, p + len(key), key))
                    p = compact.find(key, p + 1, end)
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[Located] = []
        for h in hits:
            if kept and h.start < kept[-1].end:
                continue
            kept.append(h)
        self.located += kept

    # -- reading figures -------------------------------------------------------------------
    def runs(self) -> None:
        located = sorted(self.located, key=lambda loc: loc.start)
        self.located = located
        doc = self.doc
        size = len(doc.compact)
        found = {loc.entry for loc in located}
        near_rows: list[Located] = []
        by_table: dict[TableSpec, list[tuple[Located, str, int]]] = {}
        for k, loc in enumerate(located):
            nxt = located[k + 1].start if k + 1 < len(located) else size
            lo, hi = doc.folded_end(loc.end), doc.folded_at(nxt)
            # matching within folded[lo:hi] reads the same as matching the slice (the
            # pattern looks behind nothing; 「$」 sits at ``hi``), without copying it
            m = _RUN.match(doc.folded, lo, hi)
            run = m.group() if m else ""
            items = by_table.setdefault(loc.entry.table, [])
            near = None
            if lo + len(run) < hi and not loc.entry.table.one_line:
                # text left between this label's figures and the next label
                nxt_entry = located[k + 1].entry if k + 1 < len(located) else None
                near = self._near_row(loc, nxt_entry, run, lo + len(run), hi, found)
            if near is None:
                if lo + len(run) < hi:  # other text before the next label
                    if loc.entry.kind == ROW and loc.entry.data and not pieces(run)[0]:
                        continue  # no figures after the label: not read, not blank
                    run = _LONE_ENUMERATOR.sub("", run)  # 「… 0 2.」: a label's number
                items.append((loc, run, lo))
                continue
            read, kept = near
            items += [(loc, kept, lo), *read]
            near_rows += [near_loc for near_loc, _, _ in read]
        if near_rows:
            self.located = sorted([*located, *near_rows], key=lambda loc: loc.start)
        for table in self.fmt.tables:
            items = by_table.get(table, [])
            if not items:
                continue
            first = items[0][0].start
            last = max(lo + len(run) for _, run, lo in items)
            self.spans.append((doc.folded_at(first), last))
            if table.one_line:
                self._one_line_rows(table, items)
                continue
            for loc, run, lo in items:
                e = loc.entry
                if e.kind != ROW or not e.data or e.node is None:
                    continue
                specs = self.idx.row_cells_of(e)
                self.rows.append(_Row(specs, run, lo, near=loc.near is not None))

    def _near_row(
        self, located: Located, after: Entry | None, run: str, lo: int, hi: int,
        found: set[Entry],
    ) -> tuple[list[tuple[Located, str, int]], str] | None:  # fmt: skip
        """Rows whose labels were not found, printed in folded[lo:hi] (after the figures
        ``run`` of the label ``located``, up to the label ``after``): each label followed by
        its figures, read as the one row expected there whose label it is near (a data row
        of the table between the two in reading order, not found elsewhere) when its
        figures fit that row.  Returns those rows (where each label was found, its figures,
        where they start) and ``run`` without a row's enumerator it took (「…905 2.」);
        ``None`` when there are none."""
        before = located.entry
        rows = self.idx.entries
        stop = after.order if after is not None and after.table is before.table else len(rows)
        expected = [
            e for e in rows[before.order + 1 : stop]
            if e.kind == ROW and e.data and e.table is before.table and e not in found
        ]  # fmt: skip
        if not expected:
            return None
        text = self.doc.folded[lo:hi]
        segments = _labelled_runs(text)
        if not segments:
            return None
        figures = [text[f:e] for _, f, e in segments]
        kept = run
        out: list[tuple[Located, int, int]] = []  # (where, which segment, figures at)
        taken: set[Entry] = set()
        for k, (label_at, figures_at, _) in enumerate(segments):
            label = _near_label(text[:figures_at], label_at, self.idx, expected)
            if label is None:
                return None
            near = [m for m in near_rows(self.idx, label) if m.target in expected]
            # the figures before the label may end with its number (「…905 2.」)
            head = (kept if k == 0 else figures[k - 1]).rstrip()
            if len(near) == 1:
                forms = [f for f in _enumerators(near[0].target.label) if head.endswith(f)]
                if forms:
                    if k == 0:
                        kept = head[: -len(forms[0])]
                    else:
                        figures[k - 1] = head[: -len(forms[0])]
                    label = forms[0] + label
                elif re.search(r"\d[.、,]$", head):
                    return None  # another row's number (「3.」) before it: not this row
            if not all(
                self._fits(tuple(self.idx.row_cells_of(m.target)), figures[k]) for m in near
            ):
                return None
            if len(near) > 1:
                self._near_ambiguous(label, near, figures[k], lo + figures_at)
                continue
            if near[0].target in taken:
                return None  # two labels near the same row: neither is taken for it
            taken.add(near[0].target)
            compact = "".join(label.split())
            start = self.doc.compact.find(compact, located.end)
            self._near_note(label, near[0], lo + figures_at)
            loc = Located(near[0].target, start, start + len(compact), "", near[0])
            out.append((loc, k, lo + figures_at))
        # (the figures are taken last: a later label's number may have left them)
        rows_read = [(loc, figures[k], at) for loc, k, at in out]
        return (rows_read, kept) if rows_read else None

    def _fits(self, specs: tuple[CellSpec, ...], figures: str) -> bool:
        """Whether a run of figures reads as the cells of a row: as many figures, or a run
        that splits into them keeping the row's totals."""
        items, _ = pieces(figures)
        if len(items) == len(specs):
            return True
        if len(items) > len(specs):
            return False
        kinds, groups = _row_shape(self.idx, specs)
        return bool(split_run(items, kinds, groups)[0])

    def _near_note(self, label: str, m: Match[Entry], where: int) -> None:
        entry = m.target
        edits = round((1 - m.score) * len(core_label(m.label)))
        self.notes.append(
            ParseNote(
                "near_label",
                Message(
                    f"文本第{where}字前的标签「{label}」与「{entry.label}」相差 {edits} 个字，"
                    "位置和数字个数都相符，按该行读取",
                    f"text at {where}: the label [{label}] is {edits} characters off "
                    f"[{entry.label}], in that row's place and with its number of figures; "
                    "read as that row",
                ),
                tuple(c.id for c in self.idx.row_cells_of(entry)),
            )
        )

    def _near_ambiguous(
        self, label: str, near: list[Match[Entry]], figures: str, where: int
    ) -> None:
        """Figures under a label near several rows expected there: all their cells are
        ambiguous (never a guess)."""
        cells = [c.id for m in near for c in self.idx.row_cells_of(m.target)]
        for cell_id in cells:
            self.near_ambiguous[cell_id] = CellReading(
                cell_id, Status.AMBIGUOUS, figures.strip(), (), f"文本第{where}字", NEAR_LABEL
            )
        names = "」「".join(m.target.label for m in near)
        self.notes.append(
            ParseNote(
                "near_label_ambiguous",
                Message(
                    f"文本第{where}字前的标签「{label}」与「{names}」都只差几个字，"
                    "无法确定是哪一行，相关单元格标为有歧义",
                    f"text at {where}: the label [{label}] is a few characters off several "
                    f"rows ([{names}]); the cells are marked ambiguous",
                ),
                tuple(cells),
            )
        )

    def _one_line_rows(self, table: TableSpec, items: list[tuple[Located, str, int]]) -> None:
        filled = [(loc, run, lo) for loc, run, lo in items if run.strip()]
        if len(filled) == 1:
            loc, run, lo = filled[0]
            specs = [c for c in self.fmt.cells if c.table is table]
            self.rows.append(_Row(specs, run, lo))
            return
        for loc, run, lo in filled:
            e = loc.entry
            if e.kind == ROW and e.data and e.node is not None:
                specs = [c for c in self.fmt.cells if c.row is e.node and c.table is table]
                self.rows.append(_Row(specs, run, lo))

    def split(self) -> None:
        for row in self.rows:
            items, lone = pieces(row.run)
            money = [u for u in lone if u in _MONEY]
            row.unit = money[0] if money else None
            n = len(row.specs)
            if not items:
                # an optional row (F21's （六） subtotal) printed as a bare group label is absent
                subtotal = row.specs[0].optional and any(c.data for c in row.specs[0].row.children)
                row.direct = None if subtotal else [None] * n
                continue
            if len(items) == n:
                row.direct = [None if p.blank else p.body + (p.unit or "") for p in items]
                continue
            kinds, groups = _row_shape(self.idx, tuple(row.specs))
            row.splits, row.stopped = split_run(items, kinds, groups)

    # -- choosing among splits -------------------------------------------------------------
    def resolve(self) -> dict[str, CellReading]:
        readings: dict[str, CellReading] = {}
        ambiguous = [row for row in self.rows if row.direct is None and len(row.splits) > 1]
        used_rules: list[str] = []
        if ambiguous:
            # the figures that are certain, which the table's rules weigh the splits against
            fixed: dict[str, object] = {}
            for row in self.rows:
                if row.direct is not None:
                    for spec, raw in zip(row.specs, row.direct):
                        fixed[spec.id] = read_value(raw, spec.kind, spec.unit).value
                elif len(row.splits) == 1:
                    fixed.update(zip([spec.id for spec in row.specs], row.splits[0].values))
            used_rules = narrow_across_rows(self.fmt, ambiguous, fixed)
        for row in self.rows:
            where = f"文本第{row.where}字"
            if row.direct is not None:
                for spec, raw in zip(row.specs, row.direct):
                    if raw is not None and row.unit and spec.kind.value == "amount":
                        raw = raw + row.unit if not raw[-1:].isalpha() else raw
                    if raw is None:
                        readings[spec.id] = CellReading(spec.id, Status.BLANK, raw, (), where, None)
                    else:
                        readings[spec.id] = CellReading(spec.id, Status.OK, raw, (), where, "line")
                continue
            if not row.splits and not row.run.strip():
                continue  # an optional row that is not there
            if not row.splits:
                why = "too_many_splits" if row.stopped else "no_split"
                for spec in row.specs:
                    readings[spec.id] = CellReading(
                        spec.id, Status.AMBIGUOUS, row.run.strip(), where=where, how=why
                    )
                self.notes.append(_split_note(row, why))
                continue
            how = "split+" + "+".join(used_rules) if row.narrowed and used_rules else "split"
            if len(row.splits) == 1:
                # one way to read the row: every cell is what it says
                for spec, raw in zip(row.specs, row.splits[0].raws):
                    status = Status.OK if raw is not None else Status.BLANK
                    readings[spec.id] = CellReading(spec.id, status, raw, (), where, how)
            else:
                columns = zip(*(s.values for s in row.splits))
                for k, (spec, column) in enumerate(zip(row.specs, columns)):
                    vals = list(dict.fromkeys(column))
                    if len(vals) == 1:
                        raw = row.splits[0].raws[k]
                        status = Status.OK if raw is not None else Status.BLANK
                        readings[spec.id] = CellReading(spec.id, status, raw, (), where, how)
                    else:
                        readings[spec.id] = CellReading(
                            spec.id,
                            Status.AMBIGUOUS,
                            row.run.strip(),
                            tuple(vals),
                            where=where,
                            how=f"{len(row.splits)} splits",
                        )
            if len(row.splits) > 1 or row.stopped:
                self.notes.append(_split_note(row, "ambiguous"))
        return readings

    def narrative(self) -> str:
        """The folded text without the tables' spans."""
        text = self.doc.folded
        out, pos = [], 0
        for lo, hi in sorted(self.spans):
            if lo > pos:
                out.append(text[pos:lo])
            out.append("\n")
            pos = max(pos, hi)
        out.append(text[pos:])
        return "".join(out)

    def label_matches(self) -> list[LabelMatch]:
        out: dict[tuple[str, str], LabelMatch] = {}
        compact = self.doc.compact
        for loc in self.located:
            e = loc.entry
            found = compact[loc.start : loc.end]
            if (found, e.label) not in out:
                how, score = "exact" if loc.key == core_label(e.label) else "alias", 1.0
                if loc.near is not None:
                    how, score = loc.near.how.value, loc.near.score
                out[found, e.label] = LabelMatch(found, e.label, how, e.table.number, e.kind, score)
        return list(out.values())


def _labelled_runs(text: str) -> list[tuple[int, int, int]]:
    """Labels each followed by figures at the end of ``text``, read backwards from its end:
    (where the label's last word starts, where its figures start, where they end) in text
    order.  Digits glued to the front of a label's word (a run-together page's figures, an
    enumerator) are the figures before it."""
    out: list[tuple[int, int, int]] = []
    stop = len(text)
    while True:
        end = stop
        while end and (text[end - 1] in _RUN_CHARS or text[end - 1].isspace()):
            end -= 1
        while end < stop and not (text[end].isdigit() or text[end].isspace()):
            end += 1  # a unit character ending the label (「…文件」) stays in the label
        if end == stop or not text[end:stop].strip():
            return out
        word = end
        while word and not text[word - 1].isspace():
            word -= 1
        while word < end and (text[word] in _RUN_CHARS or text[word].isspace()):
            word += 1
        if word >= end:
            return out
        out.insert(0, (word, end, stop))
        stop = word


def _near_label(text: str, at: int, idx: FormatIndex, expected: list[Entry]) -> str | None:
    """The label ending ``text`` whose last word starts at ``at``: that word, or it with the
    one or two words before it (labels with spaces: quote marks fold to spaces), the first
    near an expected row's label."""
    start = at
    for _ in range(3):
        label = " ".join(text[start:].split())
        if any(m.target in expected for m in near_rows(idx, label)):
            return label
        prev = text[:start].rstrip()
        if not prev or prev[-1] in _RUN_CHARS:
            return None
        start = len(prev)
        while start and not text[start - 1].isspace():
            start -= 1
    return None


def _split_note(row: _Row, why: str) -> ParseNote:
    first = row.specs[0]
    label = first.row.label if len({c.row.key for c in row.specs}) == 1 else first.table.title
    ids = tuple(c.id for c in row.specs)
    run = " ".join(row.run.split())
    if why == "ambiguous":
        zh = (
            f"「{label}」的数字「{run}」连在一起，有 {len(row.splits)} 种拆分都符合本格式的"
            "勾稽关系，无法确定，相关单元格标为有歧义"
        )
        en = (
            f"[{label}]: the run-together figures {run!r} split {len(row.splits)} ways that "
            "all satisfy the format's rules; the cells are marked ambiguous"
        )
    elif why == "too_many_splits":
        zh = f"「{label}」的数字「{run}」拆分方式过多，无法确定"
        en = f"[{label}]: the figures {run!r} split too many ways to decide"
    else:
        zh = f"「{label}」的数字「{run}」无法拆分为 {len(row.specs)} 个单元格并满足勾稽关系"
        en = (
            f"[{label}]: the figures {run!r} cannot be split into {len(row.specs)} cells "
            "that satisfy the format's rules"
        )
    return ParseNote(why, Message(zh, en), ids)


def read_text(
    text: str | TextDoc, fmt: Format
) -> tuple[dict[str, CellReading], list[LabelMatch], list[ParseNote], str]:
    """Read the format's cells from a text; also returns the text outside the tables."""
    doc = text if isinstance(text, TextDoc) else TextDoc(text)
    reader = TextReader(fmt, doc)
    reader.locate()
    reader.runs()
    reader.split()
    readings = reader.resolve()
    for cell_id, reading in reader.near_ambiguous.items():
        readings.setdefault(cell_id, reading)
    return readings, reader.label_matches(), reader.notes, reader.narrative()


__all__ = ["TextDoc", "read_text"]
