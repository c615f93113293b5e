"""The package editor's XML edits on their own: every edit taken back gives the text it
started from, whatever the writer's spelling (prefixes, rows without numbers, empty rows)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gkstats.workbook._package._sheet import SheetXml
from gkstats.workbook._package._styles import Styles

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEETS = {
    "plain": (
        f'<worksheet {NS}><cols><col min="3" max="3" width="9" style="4"/></cols><sheetData>'
        '<row r="2" spans="1:3"><c r="A2" s="1" t="s"><v>0</v></c><c r="C2"><v>5</v></c></row>'
        '<row r="4" ht="20" customHeight="1"/>'
        '<row r="5" s="3" customFormat="1"><c r="B5" s="2"/></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="A9:B9"/></mergeCells>'
        "<extLst><ext uri='x'/></extLst></worksheet>"
    ),
    "prefixed, no row numbers": (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c s='2'><x:v>2</x:v></x:c></x:row>"
        "<x:row><x:c t='inlineStr'><x:is><x:t>a</x:t></x:is></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    ),
    "empty": f"<worksheet {NS}><sheetData/><pageMargins left='1'/></worksheet>",
}
cells = st.lists(
    st.tuples(st.integers(1, 7), st.integers(1, 4)), min_size=1, max_size=8, unique=True
)


@given(st.sampled_from(sorted(SHEETS)), cells, st.integers(10, 99))
def test_styles_set_then_restored_in_reverse_give_the_text_back(
    name: str, targets: list[tuple[int, int]], new: int
) -> None:
    original = SHEETS[name]
    sheet = SheetXml(original)
    states = []
    for cell in targets:
        states.append(sheet.state(cell))
        sheet.set_style(cell, new)
        assert sheet.style(cell) == new
        assert sheet.state(cell) == f"s={new}"
    for cell, state in reversed(list(zip(targets, states))):
        sheet.restore(cell, state)
    assert sheet.text == original


def test_a_missing_cell_shows_its_rows_or_columns_style() -> None:
    sheet = SheetXml(SHEETS["plain"])
    assert sheet.style((5, 1)) == 3  # the row's format
    assert sheet.style((7, 3)) == 4  # the column's
    assert sheet.style((2, 1)) == 1 and sheet.style((2, 3)) == 0


def test_values_are_written_as_text_or_numbers_never_formulas() -> None:
    sheet = SheetXml(SHEETS["prefixed, no row numbers"])
    sheet.set_value((1, 2), "=WEBSERVICE(1)")
    sheet.set_value((3, 1), 7)
    assert "<x:is><x:t>=WEBSERVICE(1)</x:t></x:is>" in sheet.text and "<x:f>" not in sheet.text
    assert '<x:row r="3"><x:c r="A3"><x:v>7</x:v></x:c></x:row>' in sheet.text


def test_appended_styles_keep_every_index_and_go_again() -> None:
    text = (
        f"<styleSheet {NS}><fonts count=\"1\"><font/></fonts><fills count='2'><fill/><fill/>"
        '</fills><cellXfs count="2"><xf fillId="0"/><xf numFmtId="3" fillId="1">'
        "<alignment wrapText='1'/></xf></cellXfs></styleSheet>"
    )
    styles = Styles(text)
    baseline = styles.baseline()
    new = styles.with_fill(1, "FFC7CE")
    assert new == 2 and styles.with_fill(1, "FFC7CE") == 2
    assert 'numFmtId="3" fillId="2" applyFill="1"><alignment' in styles.xf(2)
    assert styles.xf(1) == '<xf numFmtId="3" fillId="1"><alignment wrapText=\'1\'/></xf>'
    assert styles.fill_rgb(2) == "FFC7CE"
    assert not styles.back_to(baseline, used={0, 2})  # still used: kept
    assert styles.back_to(baseline, used={0, 1})
    assert styles.text == text
