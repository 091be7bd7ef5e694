"""nnbasics.widgets: the one helper that makes every chapter's figures live."""

from __future__ import annotations

import base64
import re
import threading
from io import BytesIO

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

import nnbasics.widgets as nw
from nnbasics.plotting import Layered

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG = re.compile(r'<img class="nnb-frame" src="data:image/webp;base64,(?P<data>[A-Za-z0-9+/=]+)" '
                 r'alt="(?P<alt>[^"]+)" width="(?P<w>\d+)" height="(?P<h>\d+)"')


def render(a, kind):
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, a] if kind == "up" else [a, 0])
    ax.set_title(f"{kind} {a}")
    return fig


def controls():
    return {"a": nw.slider([1.0, 2.0, 3.0], value=2.0), "kind": nw.choice({"Up": "up", "Down": "down"})}


def _frame(leaf) -> re.Match:
    m = IMG.match(leaf.value)
    assert m, f"not a frame: {leaf.value[:120]}"
    return m


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(BytesIO(data)).convert("RGB")).astype(int)


# --- the static book: every frame pre-rendered, controls linked in the browser ----------------------------
def test_static_mode_renders_every_combination_as_webp_with_alt_text():
    view = nw.live_figure(render, controls(), static=True, caption="A line.")
    assert view.frame_count == view.rendered_count == 6
    frames = {key: _frame(leaf) for key, leaf in view._leaves.items()}
    datas = [base64.b64decode(m["data"]) for m in frames.values()]
    assert all(d[:4] == b"RIFF" and d[8:12] == b"WEBP" for d in datas)
    assert len(set(datas)) == 6, "each combination of control values must give its own picture"
    assert frames[(0, 1)]["alt"] == "A line. Shown: a = 1, kind = Down."
    for m, data in zip(frames.values(), datas):
        assert Image.open(BytesIO(data)).size == (int(m["w"]), int(m["h"])) == (160, 120)


def test_static_frames_are_lossless_copies_of_the_kernel_frames():
    static = nw.live_figure(render, controls(), static=True)
    live = nw.live_figure(render, controls(), static=False, eager_frames=6)
    for key, leaf in static._leaves.items():
        assert np.array_equal(_pixels(base64.b64decode(_frame(leaf)["data"])), _pixels(live._cache[key]))


def test_every_stack_is_linked_to_its_control_in_the_browser():
    view = nw.live_figure(render, controls(), static=True)
    # one stack for the first control, one per value of the first control for the second
    assert [len(level) for level in view._stacks] == [1, 3]
    linked = {(link.source[0].model_id, link.target[0].model_id) for link in view._links}
    for name, stacks in zip(view.names, view._stacks):
        for stack in stacks:
            assert (view.controls[name].model_id, stack.model_id) in linked
            assert stack.selected_index == view.controls[name].index
    root = view.widget.children[len(view.names)]
    shown = root.children[root.selected_index].children[view.controls["kind"].index]
    assert shown is view._leaves[view._key()]


@pytest.mark.parametrize("static", [True, False])
def test_controls_and_frames_fit_a_narrow_screen(static):
    """Controls shrink below their 480 px to the width there is; a frame shrinks to MIN_FRAME_SCALE at most."""
    view = nw.live_figure(render, controls(), static=static, eager_frames=0)
    for name in ("a", "kind"):
        layout = view.controls[name].layout
        assert (layout.width, layout.max_width) == (nw.CONTROL_WIDTH, "100%")
    if static:
        root = view.widget.children[len(view.names)]
        assert "nnb-frames" in root._dom_classes      # the book's CSS lets this box scroll sideways
        assert nw.MIN_FRAME_SCALE == 0.75
        for leaf in view._leaves.values():
            assert 'style="max-width: 100%; min-width: 120px; height: auto;"' in leaf.value   # 0.75 x 160


def test_static_mode_follows_the_environment(monkeypatch):
    monkeypatch.setenv("NNBASICS_STATIC", "1")
    assert nw.live_figure(render, controls()).static
    monkeypatch.setenv("NNBASICS_STATIC", "0")
    view = nw.live_figure(render, controls(), eager_frames=0)
    assert not view.static and view.rendered_count == 1


# --- a kernel: one image, frames drawn in the background, the old frame kept until the new one is ready ---
@pytest.fixture
def no_prefetch(monkeypatch):
    """Only the frames asked for are drawn (the tests that count them)."""
    monkeypatch.setattr(nw, "PREFETCH", False)


def test_kernel_mode_shows_one_image_and_renders_only_what_is_shown(no_prefetch):
    view = nw.live_figure(render, controls(), static=False, eager_frames=0, caption="A line.")
    assert view._stacks == [[], []] and view._links == []
    assert view.image in view.widget.children
    assert bytes(view.image.value).startswith(PNG_MAGIC)
    assert view.image.tooltip == "A line. Shown: a = 2, kind = Up."
    first = bytes(view.image.value)
    view.controls["kind"].value = "down"
    view.wait()
    assert view.rendered_count == 2
    assert view.values == {"a": 2.0, "kind": "down"}
    assert bytes(view.image.value) != first and bytes(view.image.value).startswith(PNG_MAGIC)
    assert view.image.tooltip == "A line. Shown: a = 2, kind = Down."
    view.controls["kind"].value = "up"          # back to a frame already drawn: shown at once, no render
    assert bytes(view.image.value) == first
    assert view.rendered_count == 2


class _Gate:
    """A render that blocks until released, recording which frames it drew."""

    def __init__(self):
        self.release, self.started, self.drawn = threading.Event(), threading.Event(), []

    def __call__(self, a, kind):
        if self.drawn:                          # the first frame (drawn when the cell runs) passes
            self.started.set()
            assert self.release.wait(10)
        self.drawn.append((a, kind))
        return render(a, kind)


def test_the_previous_frame_stays_until_the_new_one_is_ready(no_prefetch):
    gate = _Gate()
    view = nw.live_figure(gate, controls(), static=False, eager_frames=0)
    first = bytes(view.image.value)
    view.controls["a"].value = 3.0
    assert gate.started.wait(10)
    assert bytes(view.image.value) == first, "while the new frame is drawn, the old one must stay"
    gate.release.set()
    view.wait()
    assert bytes(view.image.value) not in (first, b"")
    assert view.values["a"] == 3.0


def test_a_fast_drag_skips_stale_frames_instead_of_queueing_them(no_prefetch):
    gate = _Gate()
    view = nw.live_figure(gate, {"a": nw.slider(np.arange(1.0, 9.0), value=1.0), "kind": nw.choice(["up"])},
                          static=False, eager_frames=0)
    for a in np.arange(2.0, 9.0):               # a drag across the whole range, while frame 2 is drawn
        view.controls["a"].value = a
        if a == 2.0:
            assert gate.started.wait(10)
    gate.release.set()
    view.wait()
    assert gate.drawn == [(1.0, "up"), (2.0, "up"), (8.0, "up")], "intermediate frames must be skipped"
    assert bytes(view.image.value) == view._cache[view._key()]


def test_small_figures_render_every_frame_when_the_cell_runs():
    assert nw.live_figure(render, controls(), static=False, eager_frames=6).rendered_count == 6
    assert nw.live_figure(render, controls(), static=False, eager_frames=5).rendered_count == 1


def test_once_displayed_the_frames_one_step_away_are_drawn_and_shown_at_once():
    drawn = []

    def counting(a, kind):
        drawn.append((a, kind))
        return render(a, kind)

    view = nw.live_figure(counting, controls(), static=False, eager_frames=0)
    view.wait()
    assert drawn == [(2.0, "up")]                       # nothing more until the figure is displayed
    view._repr_mimebundle_()
    view.wait()
    assert sorted(drawn[1:]) == [(1.0, "up"), (2.0, "down"), (3.0, "up")]   # one step along each control
    view.controls["a"].value = 3.0                      # a frame already drawn: shown with no wait
    assert bytes(view.image.value) == view._cache[(2, 0)]
    view.wait()                                         # ... and the new neighbour, (3, down), is drawn
    assert drawn[4:] == [(3.0, "down")] and view.rendered_count == 5


def test_a_frame_that_fails_while_prefetched_is_reported_only_when_asked_for():
    def fragile(a, kind):
        if a == 3.0:
            raise ArithmeticError("a = 3 is not drawable")
        return render(a, kind)

    view = nw.live_figure(fragile, controls(), static=False, eager_frames=0)
    view._repr_mimebundle_()
    view.wait()                                         # (3, up) failed quietly, and was not retried
    assert view.error is None and view._status.layout.display == "none" and view.rendered_count == 3
    view.controls["a"].value = 3.0
    with pytest.raises(ArithmeticError, match="not drawable"):
        view.wait()
    assert "not drawable" in view._status.value


def test_a_render_that_fails_later_is_reported_under_the_figure_and_by_wait():
    def fragile(a, kind):
        if a == 3.0:
            raise ArithmeticError("a = 3 is not drawable")
        return render(a, kind)

    view = nw.live_figure(fragile, controls(), static=False, eager_frames=0)
    first = bytes(view.image.value)
    view.controls["a"].value = 3.0
    with pytest.raises(ArithmeticError, match="not drawable"):
        view.wait()
    assert bytes(view.image.value) == first
    assert "not drawable" in view._status.value and view._status.layout.display is None


# --- PNG helper, sliders -------------------------------------------------------------------------------
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


# --- bad input: every public function names the parameter, the requirement and the value ----------------
def _returns_none(a, kind):
    render(a, kind)


def _setup(kind):
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.set(xlim=(0, 1), ylim=(0, 3), title=kind)
    line, = ax.plot([], [], linewidth=3)
    return fig, {"line": line, "kind": kind}


def _update(state, a, kind):
    state["line"].set_data([0, 1], [0, a] if kind == "up" else [a, 0])
    return [state["line"]]


layered = Layered(_setup, _update, slow=("kind",))


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        # slider / log_slider
        (lambda: nw.slider([1.0]), ValueError, r"'values' parameter of slider must hold at least 2 values\. Got 1"),
        (lambda: nw.slider([]), ValueError, r"'values' parameter of slider must hold at least 2 values\. Got 0"),
        (lambda: nw.slider("12"), TypeError, r"'values' parameter of slider must be a list of numbers\. Got '12'"),
        (lambda: nw.slider(3.0), TypeError, r"'values' parameter of slider must be a list of numbers\. Got 3\.0"),
        (lambda: nw.slider([1.0, "b"]), TypeError, r"'values' parameter of slider must be a real number\. Got 'b'"),
        (lambda: nw.slider([1.0, np.nan]), ValueError, r"'values' parameter of slider must be finite\. Got nan"),
        (lambda: nw.slider([1.0, np.inf]), ValueError, r"'values' parameter of slider must be finite\. Got inf"),
        (lambda: nw.slider([1.0, 1.0]), ValueError, r"'values' parameter of slider must not repeat a value"),
        (lambda: nw.slider([1.0, 2.0], value=5.0), ValueError, r"'value' parameter of slider must be one of"),
        (lambda: nw.slider([1.0, 2.0], fmt=3), TypeError, r"'fmt' parameter of slider must be a format string"),
        (lambda: nw.slider([1.0, 2.0], fmt="{:d}"), ValueError, r"'fmt' parameter of slider must format one number"),
        (lambda: nw.slider([1.01, 1.02], fmt="{:.1f}"), ValueError, r"'fmt' parameter of slider must show every value differently\. Got '\{:\.1f\}', which shows both 1\.01 and 1\.02 as '1\.0'"),
        (lambda: nw.slider([1.0, 2.0], description=7), TypeError, r"'description' parameter of slider must be a string"),
        (lambda: nw.log_slider(0.0, 1.0, 3), ValueError, r"'low' parameter of log_slider must be > 0\. Got 0\.0"),
        (lambda: nw.log_slider(1.0, 0.5, 3), ValueError, r"'high' parameter of log_slider must be > 1\.0"),
        (lambda: nw.log_slider(0.1, 1.0, 1), ValueError, r"'n' parameter of log_slider must be in the range \[2, 1000\]\. Got 1"),
        (lambda: nw.log_slider(0.1, 1.0, 50_000), ValueError, r"'n' parameter of log_slider must be in the range"),
        (lambda: nw.log_slider(0.1, 1.0, 3.5), TypeError, r"'n' parameter of log_slider must be an integer\. Got 3\.5"),
        (lambda: nw.log_slider(0.1, 1.0, 3, value=-1), ValueError, r"'value' parameter of log_slider must be > 0"),
        # choice
        (lambda: nw.choice("relu"), TypeError, r"'options' parameter of choice must be a list .* not a single string"),
        (lambda: nw.choice(5), TypeError, r"'options' parameter of choice must be a list of options .* Got 5"),
        (lambda: nw.choice({1: "a"}), TypeError, r"'options' parameter of choice must map string labels"),
        (lambda: nw.choice(["a", "b"], value="c"), ValueError, r"'value' parameter of choice must be one of"),
        (lambda: nw.choice(["a"], kind="radio"), ValueError, r"'kind' parameter of choice must be one of"),
        (lambda: nw.choice([]), ValueError, r"'options' parameter of choice must hold at least 1 option"),
        (lambda: nw.choice(range(5000)), ValueError, r"'options' parameter of choice must hold at most 1000"),
        (lambda: nw.choice([1, "1"]), ValueError, r"'options' parameter of choice must give every option its own"),
        # live_figure
        (lambda: nw.live_figure("not a function", controls()), TypeError,
         r"'render' parameter of live_figure must be callable"),
        (lambda: nw.live_figure(render, controls(), eager_frames=-1), ValueError,
         r"'eager_frames' parameter of live_figure must be >= 0\. Got -1"),
        (lambda: nw.live_figure(render, {}), TypeError, r"'controls' parameter of live_figure must be a non-empty"),
        (lambda: nw.live_figure(render, [nw.slider([1, 2])]), TypeError, r"'controls' parameter of live_figure"),
        (lambda: nw.live_figure(render, {"a": [1, 2]}), TypeError, r"made by slider, log_slider or choice"),
        (lambda: nw.live_figure(render, {"my a": nw.slider([1, 2])}), TypeError, r"keyword names as keys"),
        (lambda: nw.live_figure(render, {"a": nw.slider(range(200)), "kind": nw.slider(range(200))}),
         ValueError, r"'controls' parameter of live_figure must give at most 1000 frames .* 200 x 200 = 40000"),
        (lambda: nw.live_figure(render, controls(), dpi=0), ValueError,
         r"'dpi' parameter of live_figure must be in the range \[10, 600\]\. Got 0"),
        (lambda: nw.live_figure(render, controls(), dpi="high"), TypeError, r"'dpi' parameter of live_figure must be a real"),
        (lambda: nw.live_figure(render, controls(), colors=1000), ValueError,
         r"'colors' parameter of live_figure must be in the range \[2, 256\]\. Got 1000"),
        (lambda: nw.live_figure(render, controls(), colors=9.5), TypeError, r"'colors' parameter of live_figure must be an integer"),
        (lambda: nw.live_figure(render, controls(), caption=3), TypeError,
         r"'caption' parameter of live_figure must be a string or None\. Got 3"),
        (lambda: nw.live_figure(render, controls(), static="yes"), TypeError,
         r"'static' parameter of live_figure must be True, False or None\. Got 'yes'"),
        (lambda: nw.live_figure(_returns_none, controls(), static=False), TypeError,
         r"'render' function passed to live_figure must return a matplotlib.figure.Figure\. It returned None .*"
         r"is `return fig` missing"),
        (lambda: nw.live_figure(lambda a, kind: "fig", controls(), static=True), TypeError,
         r"'render' function passed to live_figure must return a matplotlib.figure.Figure\. It returned 'fig'"),
        (lambda: nw.live_figure(Layered(_setup, _update, slow=("colour",)), controls()), ValueError,
         r"'slow' controls of the Layered render must be among the controls"),
        # Layered
        (lambda: Layered(_setup, _update, slow="kind"), TypeError,
         r"'slow' parameter of Layered must be a list of control names\. Got 'kind' instead; write slow=\('kind',\)"),
        (lambda: Layered(None, _update, slow=()), TypeError, r"'setup' parameter of Layered must be callable"),
        (lambda: nw.live_figure(Layered(lambda kind: Figure(), _update, ("kind",)), controls()), TypeError,
         r"'setup' function of Layered must return a pair \(fig, state\)"),
        (lambda: nw.live_figure(Layered(_setup, lambda state, a, kind: None, ("kind",)), controls()), TypeError,
         r"'update' function of Layered must return a list of the Matplotlib artists it changed\. It returned None"),
        # figure_to_png
        (lambda: nw.figure_to_png(None), TypeError, r"'fig' parameter of figure_to_png must be a matplotlib.figure.Figure\. Got None"),
        (lambda: nw.figure_to_png(render(1.0, "up"), dpi=-5), ValueError, r"'dpi' parameter of figure_to_png"),
    ],
)
def test_bad_input_is_named(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_layered_frames_match_the_ordinary_render():
    """Blitting draws only the changed artists over a cached background; the picture must not change."""
    view = nw.live_figure(layered, controls(), static=True, colors=None)
    assert view.rendered_count == 6
    for (i, j), leaf in view._leaves.items():
        values = {"a": (1.0, 2.0, 3.0)[i], "kind": ("up", "down")[j]}
        expected = _pixels(nw.figure_to_png(layered(**values), colors=None))
        got = _pixels(base64.b64decode(_frame(leaf)["data"]))
        assert got.shape == expected.shape
        assert (abs(got - expected).max(axis=2) > 8).mean() < 0.005, f"frame {values} differs"
    assert len(view._blitter.cache) == 2, "one background per value of the slow control"
