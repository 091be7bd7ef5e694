"""book/references.bib parses, holds each work once, and has an entry for every key the chapters cite.

The build finds the same problems (sphinxcontrib-bibtex stops on a syntax error, warns on a missing key),
but only after executing every notebook; this checks them in a second.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pybtex = pytest.importorskip("pybtex.database")

BOOK = Path(__file__).resolve().parents[1] / "book"
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def _markdown(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def entries():
    return pybtex.parse_file(str(BOOK / "references.bib")).entries


def test_each_work_is_listed_once(entries):
    titles = [re.sub(r"[^a-z0-9]", "", e.fields["title"].lower()) for e in entries.values()]
    repeated = {t for t in titles if titles.count(t) > 1}
    assert repeated == set()


@pytest.mark.parametrize("page", sorted(p.name for p in BOOK.iterdir() if p.suffix in (".ipynb", ".md")))
def test_every_cited_key_has_an_entry(entries, page):
    keys = {k.strip() for group in CITE.findall(_markdown(BOOK / page)) for k in group.split(",")}
    assert keys - set(entries) == set()
