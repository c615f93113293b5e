from pathlib import Path

import pytest

from gkstats._docs import PAGES

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_pages_are_current(name):
    # regenerate with: python -m gkstats._docs docs
    assert (DOCS / name).read_text("utf-8") == PAGES[name]() + "\n"
