"""Every chapter has what the book promises of a chapter, and its exercises' solutions stay hidden.

Learning objectives; at least three exercises with hidden solutions, among them one "predict, then move
the slider" and one "implement it yourself"; the works it draws on, cited through the bibliography. A
solution's code cell must be folded (``hide-cell``), or the answer sits in plain view under its question.
Every line of code a reader can see (folded cells too, since a click opens them) fits the book's code box.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

CHAPTERS = sorted((Path(__file__).resolve().parents[1] / "book").glob("*.ipynb"))
MAX_CODE_LINE = 79  # black's width; the book's code box shows 75-89 characters on desktop


def _sections(path: Path) -> tuple[str, list[nbformat.NotebookNode]]:
    """All the chapter's Markdown, and the code cells between its "Exercises" and "References" headings."""
    cells = nbformat.read(path, as_version=4).cells
    markdown, in_exercises, exercise_code = [], False, []
    for cell in cells:
        if cell.cell_type == "markdown":
            markdown.append(cell.source)
            if re.search(r"^## Exercises", cell.source, re.M):
                in_exercises = True
            if re.search(r"^## References", cell.source, re.M):
                in_exercises = False
        elif in_exercises:
            exercise_code.append(cell)
    return "\n".join(markdown), exercise_code


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_objectives_exercises_and_citations(path):
    markdown, _ = _sections(path)
    assert re.search(r"you\s+will\s+be\s+able\s+to", markdown), "no learning objectives"
    exercises = markdown[markdown.index("## Exercises"):markdown.index("## References")]
    assert exercises.count(":class: dropdown") >= 3, "fewer than three exercises with hidden solutions"
    assert re.search(r"[Pp]redict", exercises) and re.search(r"[Ii]mplement", exercises)
    assert re.search(r"\{cite(:[a-z]+)?\}`", markdown[markdown.index("## References"):])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_exercise_solutions_are_folded(path):
    _, code = _sections(path)
    shown = [cell.source.splitlines()[:2] for cell in code
             if not {"hide-cell", "remove-cell"} & set(cell.metadata.get("tags", []))]
    assert shown == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_visible_code_lines_fit_the_code_box(path):
    cells = nbformat.read(path, as_version=4).cells
    too_long = [f"{path.name}, cell {index}, {len(line)} characters: {line}"
                for index, cell in enumerate(cells)
                if cell.cell_type == "code"
                and not {"remove-cell", "remove-input"} & set(cell.metadata.get("tags", []))
                for line in cell.source.splitlines() if len(line) > MAX_CODE_LINE]
    assert too_long == [], "\n".join(too_long)
