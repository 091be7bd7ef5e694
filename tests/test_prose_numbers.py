"""Every measured number in a chapter's prose comes from a cell.

The convention (issue 6): a measured or computed number is inserted into the Markdown from the cell that
computes it, with ``nnbasics.prose.glue`` and ``{glue:text}`name```, so the number the reader sees is
the number nbval re-checks. This test reads the committed chapters and fails on a hand-typed number.

The rule, applied to the Markdown of ``book/*.ipynb`` and ``book/*.md``:

* Ignored entirely: glue roles and every other role or code span (``{glue:text}`x```, ``{func}`f```,
  ```x```), fenced code, link targets, labels ``(name)=``, directive options (``:class: dropdown``), HTML
  comments, citations (a parenthesis holding a year, ``(Glorot and Bengio, 2010)``), section marks
  (``§6.1``), version numbers (``version 1.2``, ``Python 3.10``) and a "References" section.
* Inside math (``$...$``, ``$$...$$``): integers are formula constants (``2/\\lambda``, ``4^{-L}``,
  ``10^{-6}``, ``\\tfrac14``) and pass; a decimal (``0.693``) must be produced by a cell.
* In plain prose: integers up to ``SMALL_INT`` pass (counts, indices, "3 of 4", exercise and chapter
  numbers); a decimal or a larger integer must be produced by a cell.
* "Produced by a cell" means: the number is a literal in one of the notebook's code cells (a setting the
  reader can see and change, such as ``lr=0.15`` or ``n_samples=256``). Everything measured is glued.

Numbers written as words ("twenty") are not caught: write measured numbers as digits.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
SMALL_INT = 12
GLUE_TEXT = "application/papermill.record/text/plain"
MARK = "NBVAL_CHECK_OUTPUT"

_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})(.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:.*$", re.M)
_LABEL = re.compile(r"^\s*\([\w-]+\)=\s*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ROLE_OR_CODE = re.compile(r"(\{[\w:-]+\})?(`+)(.+?)\2", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_CITATION = re.compile(r"\([^()]*\b(1[89]\d\d|20\d\d)[a-z]?\)")
_SECTION_MARK = re.compile(r"§\s*\d+(\.\d+)*")
_VERSION = re.compile(r"\b(versions?|Python)\s+\d+(\.\d+)*", re.I)
_REFERENCES = re.compile(r"^#+\s*(References|Further reading)\b.*?(?=^#+\s|\Z)", re.M | re.S | re.I)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)
# a number: digits, optionally in groups of three separated by a (thin) space, optionally a decimal part
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[ \u2009\u202f]\d{3})+|\d+)(\.\d+)?(?![\w])")
_CODE_NUMBER = re.compile(r"(?<![\w.])\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?")


def _strip_code_blocks(markdown: str) -> str:
    """Drop fenced code blocks and the fence lines of directives (```{admonition}), keep directive bodies."""
    kept, open_fences, code_fence = [], [], None
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if code_fence is not None:  # inside a code block: skip up to its closing fence
            if match and match.group(1)[0] == code_fence[0] and len(match.group(1)) >= len(code_fence) \
                    and not match.group(2).strip():
                code_fence = None
            continue
        if match is None:
            kept.append(line)
        elif match.group(2).strip().startswith("{"):  # a directive opens: its body is prose
            open_fences.append(match.group(1))
        elif not match.group(2).strip() and open_fences and match.group(1)[0] == open_fences[-1][0]:
            open_fences.pop()  # a directive closes
        else:  # a code block opens
            code_fence = match.group(1)
    return "\n".join(kept)


def code_literals(code_sources: list[str]) -> set[float]:
    """Every numeric literal written in the code cells: the settings a reader can see and change."""
    found = set()
    for source in code_sources:
        for literal in _CODE_NUMBER.findall(source):
            try:
                found.add(float(literal.replace("_", "")))
            except ValueError:
                continue
    return found


def _numbers(text: str) -> list[tuple[str, float, bool]]:
    """(as written, value, has a decimal part) for each number in ``text``."""
    out = []
    for match in _NUMBER.finditer(text):
        whole, frac = match.group(1), match.group(2) or ""
        written = whole + frac
        out.append((written, float(re.sub(r"\s", "", whole) + frac), bool(frac)))
    return out


def hand_typed_numbers(markdown: str, literals: set[float]) -> list[str]:
    """The numbers in ``markdown`` that no cell produces, by the rule in this module's docstring."""
    text = _REFERENCES.sub(" ", markdown)
    text = _strip_code_blocks(_COMMENT.sub(" ", text))
    for pattern in (_OPTION, _LABEL):
        text = pattern.sub(" ", text)
    text = _ROLE_OR_CODE.sub(" ", text)
    for pattern in (_LINK_TARGET, _CITATION, _SECTION_MARK, _VERSION):
        text = pattern.sub(" ", text)

    def known(value: float) -> bool:
        return any(abs(value - lit) <= 1e-12 * max(1.0, abs(lit)) for lit in literals)

    found = []
    math_parts = _DISPLAY_MATH.findall(text)
    text = _DISPLAY_MATH.sub(" ", text)
    math_parts += _INLINE_MATH.findall(text)
    prose = _INLINE_MATH.sub(" ", text)
    for part in math_parts:
        found += [f"${written}$" for written, value, decimal in _numbers(part)
                  if decimal and not known(value)]
    for written, value, decimal in _numbers(prose):
        if (decimal or value > SMALL_INT) and not known(value):
            found.append(written)
    return found


def notebook_violations(nb: nbformat.NotebookNode) -> list[str]:
    literals = code_literals([c.source for c in nb.cells if c.cell_type == "code"])
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            problems += [f"cell {index}: {n}" for n in hand_typed_numbers(cell.source, literals)]
    return problems


def glued_in_checked_cells(nb: nbformat.NotebookNode) -> set[str]:
    """Names glued by cells whose output nbval checks (as committed)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and MARK in cell.source:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "display_data" and GLUE_TEXT in out.get("data", {}):
                    names.add(out.get("metadata", {}).get("scrapbook", {}).get("name"))
    return names


def glue_references(nb: nbformat.NotebookNode) -> set[str]:
    refs = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            refs |= {m.split(":")[0] for m in re.findall(r"\{glue(?::\w+)?\}`([^`]+)`", cell.source)}
    return refs


CHAPTERS = sorted(BOOK.glob("*.ipynb"))
PAGES = sorted(BOOK.glob("*.md"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_prose_has_no_hand_typed_numbers(path):
    assert notebook_violations(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_markdown_page_has_no_hand_typed_numbers(path):
    assert hand_typed_numbers(path.read_text(encoding="utf-8"), set()) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_glued_number_is_checked_by_nbval(path):
    nb = nbformat.read(path, as_version=4)
    missing = glue_references(nb) - glued_in_checked_cells(nb)
    assert missing == set(), "glue these in a '# NBVAL_CHECK_OUTPUT' cell (then tools/refresh_notebooks.py)"


# --- the rule itself, on small fake chapters --------------------------------------------------------------

def _fake(markdown: str, code: str = "lr = 0.15\nn = 256") -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(code), nbformat.v4.new_markdown_cell(markdown)]
    return nbformat.v4.new_notebook(cells=cells)


BAD = [
    ("At $z = 8$ the gradient is about 750 times smaller.", "750"),
    ("The fit lands on the median, 10.02.", "10.02"),
    ("MSE needs 234 epochs.", "234"),
    ("the loss is at most $-\\log \\epsilon \\approx 36.04$", "$36.04$"),
    ("It tried 100 000 lines.", "100 000"),
    ("```{admonition} Solution\n:class: dropdown\nThe answer is about $-4.65$.\n```", "$4.65$"),
]


@pytest.mark.parametrize(("markdown", "caught"), BAD)
def test_rule_catches_hand_typed_measurements(markdown, caught):
    problems = notebook_violations(_fake(markdown))
    assert problems == [f"cell 1: {caught}"]


GOOD = [
    "At $z = 8$ the gradient is {glue:text}`ratio_8` times smaller, and the bound is $2/\\lambda$, "
    "$4^{-L}$, $\\tfrac12$ or $10^{-6}$.",
    "Exercise 4 uses 3 of 4 points; chapter 3 of Nielsen (Nielsen, 2015), §6.1, scikit-learn version 1.2.",
    "With learning rate 0.15 on 256 examples (both set in the cell above).",
    "See {func}`nnbasics.signal.gradient_norms_by_depth` and `np.finfo(float).eps = 2.2e-16`.",
    "```python\nx = 123.456\n```\n(losses-slowdown)=\n## Heading",
    "## References\n\nX. Glorot and Y. Bengio (2010). Proceedings of AISTATS 9, 249-256.",
]


@pytest.mark.parametrize("markdown", GOOD)
def test_rule_lets_constants_settings_and_citations_pass(markdown):
    assert notebook_violations(_fake(markdown)) == []


def test_glue_check_needs_a_checked_cell():
    nb = _fake("the ratio is {glue:text}`ratio`")
    glued = nbformat.v4.new_output("display_data", data={GLUE_TEXT: "'373'"},
                                   metadata={"scrapbook": {"name": "ratio", "mime_prefix": ""}})
    nb.cells[0].outputs = [glued]
    assert glue_references(nb) - glued_in_checked_cells(nb) == {"ratio"}  # not a checked cell
    nb.cells[0].source = f"# {MARK}\n" + nb.cells[0].source
    assert glue_references(nb) - glued_in_checked_cells(nb) == set()
