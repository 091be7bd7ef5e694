"""nnbasics.widgets: the one helper that makes every chapter's figures live."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

import nnbasics.widgets as nw

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def render(a, kind):
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, a] if kind == "up" else [a, 0])
    ax.set_title(f"{kind} {a}")
    return fig


def controls():
    return {"a": nw.slider([1.0, 2.0, 3.0], value=2.0), "kind": nw.choice({"Up": "up", "Down": "down"})}


def test_static_mode_renders_every_combination():
    view = nw.live_figure(render, controls(), static=True)
    assert view.frame_count == 6
    assert view.rendered_count == 6
    frames = [bytes(leaf.value) for leaf in view._leaves.values()]
    assert all(f.startswith(PNG_MAGIC) for f in frames)
    assert len(set(frames)) == 6, "each combination of control values must give its own picture"


def test_lazy_mode_renders_only_what_is_shown():
    view = nw.live_figure(render, controls(), static=False, eager_frames=0)
    assert view.rendered_count == 1
    assert view.values == {"a": 2.0, "kind": "up"}
    view.controls["kind"].value = "down"
    assert view.rendered_count == 2
    assert view.values == {"a": 2.0, "kind": "down"}
    view.controls["kind"].value = "up"          # back to a frame already drawn: no new render
    assert view.rendered_count == 2


def test_static_mode_follows_the_environment(monkeypatch):
    monkeypatch.setenv("NNBASICS_STATIC", "1")
    assert nw.live_figure(render, controls()).rendered_count == 6
    monkeypatch.setenv("NNBASICS_STATIC", "0")
    assert nw.live_figure(render, controls(), eager_frames=0).rendered_count == 1


def test_small_figures_render_every_frame_when_the_cell_runs():
    assert nw.live_figure(render, controls(), static=False, eager_frames=6).rendered_count == 6
    assert nw.live_figure(render, controls(), static=False, eager_frames=5).rendered_count == 1


def test_every_stack_is_linked_to_its_control_in_the_browser():
    view = nw.live_figure(render, controls(), static=False)
    # one stack for the first control, one per value of the first control for the second
    assert [len(level) for level in view._stacks] == [1, 3]
    linked = {(link.source[0].model_id, link.target[0].model_id) for link in view._links}
    for name, stacks in zip(view.names, view._stacks):
        for stack in stacks:
            assert (view.controls[name].model_id, stack.model_id) in linked
            assert stack.selected_index == view.controls[name].index


def test_initial_frame_is_the_one_selected():
    view = nw.live_figure(render, controls(), static=False)
    root = view.widget.children[len(view.names)]
    shown = root.children[root.selected_index].children[view.controls["kind"].index]
    assert bytes(shown.value).startswith(PNG_MAGIC)


def test_figure_to_png_is_deterministic_and_quantized_is_smaller():
    full = nw.figure_to_png(render(2.0, "up"), colors=None)
    small = nw.figure_to_png(render(2.0, "up"))
    assert small == nw.figure_to_png(render(2.0, "up"))
    assert small.startswith(PNG_MAGIC) and full.startswith(PNG_MAGIC)
    assert len(small) < len(full)


def test_log_slider_spacing_and_snapping():
    c = nw.log_slider(0.001, 1.0, 4, value=0.012)
    assert c.values == pytest.approx((0.001, 0.01, 0.1, 1.0))
    assert c.index == 1


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: nw.slider([1.0]), ValueError, r"'values' parameter of slider must hold at least 2 values\. Got 1"),
        (lambda: nw.slider([1.0, 2.0], value=5.0), ValueError, r"'value' parameter of slider must be one of"),
        (lambda: nw.choice(["a", "b"], value="c"), ValueError, r"'value' parameter of choice must be one of"),
        (lambda: nw.choice(["a"], kind="radio"), ValueError, r"'kind' parameter of choice must be one of"),
        (lambda: nw.choice([]), ValueError, r"'options' parameter of choice must hold at least 1 option"),
        (lambda: nw.log_slider(0.0, 1.0, 3), ValueError, r"'low' parameter of log_slider must be > 0\. Got 0\.0"),
        (lambda: nw.log_slider(1.0, 0.5, 3), ValueError, r"'high' parameter of log_slider must be > 1\.0"),
        (lambda: nw.log_slider(0.1, 1.0, 1), ValueError, r"'n' parameter of log_slider must be >= 2\. Got 1"),
        (lambda: nw.live_figure("not a function", controls()), TypeError,
         r"'render' parameter of live_figure must be callable"),
        (lambda: nw.live_figure(render, controls(), eager_frames=-1), ValueError,
         r"'eager_frames' parameter of live_figure must be >= 0\. Got -1"),
        (lambda: nw.live_figure(render, {}), TypeError, r"'controls' parameter of live_figure must be a non-empty"),
        (lambda: nw.live_figure(render, {"a": [1, 2]}), TypeError, r"made by slider, log_slider or choice"),
    ],
)
def test_bad_input_is_named(make, error, match):
    with pytest.raises(error, match=match):
        make()


def _setup(kind):
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.set(xlim=(0, 1), ylim=(0, 3), title=kind)
    line, = ax.plot([], [], linewidth=3)
    return fig, {"line": line, "kind": kind}


def _update(state, a, kind):
    state["line"].set_data([0, 1], [0, a] if kind == "up" else [a, 0])
    return [state["line"]]


layered = nw.Layered(_setup, _update, slow=("kind",))


def _pixels(png):
    from io import BytesIO

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)


def test_layered_frames_match_the_ordinary_render():
    """Blitting draws only the changed artists over a cached background; the picture must not change."""
    view = nw.live_figure(layered, controls(), static=True, colors=None)
    assert view.rendered_count == 6
    for (i, j), leaf in view._leaves.items():
        values = {"a": (1.0, 2.0, 3.0)[i], "kind": ("up", "down")[j]}
        expected = _pixels(nw.figure_to_png(layered(**values), colors=None))
        got = _pixels(bytes(leaf.value))
        assert got.shape == expected.shape
        assert (abs(got - expected).max(axis=2) > 8).mean() < 0.005, f"frame {values} differs"
    assert len(view._blitter.cache) == 2, "one background per value of the slow control"


def test_layered_slow_controls_must_exist():
    with pytest.raises(ValueError, match=r"'slow' controls of the Layered render must be among the controls"):
        nw.live_figure(nw.Layered(_setup, _update, slow=("colour",)), controls())
