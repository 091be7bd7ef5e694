"""The chapters in a running JupyterLab (the `make lab` path), driven in headless Chromium.

For each chapter: Run All, then move every control of every live figure as a reader would (a key press
on a slider, the next option of a dropdown, the next toggle button). The figure must change, and on
every animation frame in between it must show a decoded frame at an unchanged height: a control whose
frame is not drawn yet keeps the previous frame on screen (no blank, no jump).
"""

from __future__ import annotations

import pytest

from . import lab

NOTEBOOKS = sorted(p for p in (lab.ROOT / "book").glob("*.ipynb") if lab.expected_figures(p))


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    with lab.JupyterLab(tmp_path_factory.mktemp("lab")) as server:
        yield server


def test_every_chapter_with_live_figures_is_driven():
    from .test_browser import LIVE_PAGES

    assert [p.stem for p in NOTEBOOKS] == sorted(page.removeprefix("book/").removesuffix(".html")
                                                 for page in LIVE_PAGES)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_control_changes_the_figure_without_blanking(driver, jupyterlab, notebook):
    n_figures = lab.expected_figures(notebook)
    errors = lab.run_all(driver, jupyterlab.url(notebook.name), n_figures)
    assert errors == [], f"Run All printed errors: {errors}"
    figs = lab.figures(driver)
    assert len(figs) == n_figures
    problems, moved = [], 0
    for k, fig in enumerate(figs):
        for j, control in enumerate(lab.controls(fig)):
            before = lab.frame_digest(driver, fig)
            m = lab.move_control(driver, fig, control)
            moved += 1
            where = f"figure {k}, control {j} ({m['action']})"
            if m["latency_ms"] is None:
                problems.append(f"{where}: no new frame within 10 s")
            elif lab.frame_digest(driver, fig) == before:
                problems.append(f"{where}: the figure did not change")
            if m["blanks"] or m["jumps"]:
                problems.append(f"{where}: {m['blanks']} blank and {m['jumps']} jumped of {m['frames']} "
                                f"frames (first blank: {m['first_blank']})")
    assert problems == []
    assert moved >= n_figures
