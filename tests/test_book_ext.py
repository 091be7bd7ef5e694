"""The book's Sphinx extension (_ext/nnbasics_book.py), on the widget state of a real static live figure."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from ipywidgets.embed import dependency_state, embed_data
from matplotlib.figure import Figure

import nnbasics.widgets as nw

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
from nnbasics_book import add_placeholders, externalize_frames, plain_citation_lists  # noqa: E402

VIEW = '<script type="application/vnd.jupyter.widget-view+json">{{"version_major": 2, "version_minor": 0, ' \
       '"model_id": "{}"}}</script>'


def _render(a, kind):
    fig = Figure(figsize=(2, 1.5))
    fig.add_subplot().plot([0, 1], [0, a] if kind == "line" else [a, a])
    return fig


@pytest.fixture(scope="module")
def live():
    view = nw.live_figure(_render, {"a": nw.slider([1.0, 2.0, 3.0], value=2.0, description="a"),
                                    "kind": nw.choice(["line", "flat"], value="flat", description="kind", kind="toggle")},
                          static=True, caption="A line or a flat line.")
    data = embed_data(views=[view.widget], state=dependency_state(view.widget))  # this figure only
    return view, data["manager_state"], data["view_specs"][0]["model_id"]


def test_placeholder_shows_the_initial_frame_caption_and_control_rows(live, tmp_path):
    view, state, model_id = live
    n = externalize_frames(state, tmp_path, "../_frames/")
    assert n == view.frame_count == 6
    body = "<p>before</p>" + VIEW.format(model_id) + "<p>after</p>"
    out = add_placeholders(body, state)
    shown = re.search(r'<div class="nnb-placeholder" aria-hidden="true">(.*?)</div><p>after', out, re.S)[1]
    rows = re.findall(r'<div class="nnb-placeholder-control nnb-placeholder-(\w+)">(.*?)</div>', shown)
    # Toggle buttons carry one empty box per button, to wrap as the buttons do on a phone.
    boxes = '<span class="nnb-placeholder-options"><span></span><span></span></span>'
    assert rows == [("slider", "a = 2"), ("buttons", "kind = flat" + boxes)]
    srcs = re.findall(r'<img class="nnb-frame" src="\.\./_frames/([0-9a-f]+\.webp)"', shown)
    assert len(srcs) == 1
    # The frame is the one the live figure shows for a = 2, kind = flat: the same bytes as that render.
    frame = view._draw((1, 1), "webp")
    assert (tmp_path / srcs[0]).read_bytes() == frame
    assert 'alt="A line or a flat line. Shown: a = 2, kind = flat."' in shown
    assert shown.endswith('<p class="nnb-caption">A line or a flat line.</p>')


def test_no_placeholder_for_other_widgets_or_bad_views(live):
    _, state, _ = live
    other = next(k for k, m in state["state"].items() if m["model_name"] == "SelectionSliderModel")
    body = VIEW.format(other) + '<script type="application/vnd.jupyter.widget-view+json">not json</script>'
    assert add_placeholders(body, state) == body
    assert add_placeholders(VIEW.format("missing"), state) == VIEW.format("missing")


def test_citation_lists_lose_the_list_role_their_entries_cannot_fill():
    body = ('<div role="list" class="citation-list">\n<div class="citation" id="id1" role="doc-biblioentry">'
            '<p>Entry.</p></div>\n</div>')
    out = plain_citation_lists(body)
    assert 'role="list"' not in out and '<div class="citation-list">' in out and 'role="doc-biblioentry"' in out
