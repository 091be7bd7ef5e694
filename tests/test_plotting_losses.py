"""Tests of nnbasics.plotting.losses: the loss explorer and the slowdown figure."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics.losses import get_loss
from nnbasics.plotting import losses as loss_plots
from nnbasics.widgets import _Blitter, choice, figure_to_png, live_figure, log_slider, slider

KEYS = list(loss_plots.EXPLORER_LOSSES)


def _marker(ax):
    (line,) = [line for line in ax.lines if line.get_marker() == "o"]
    return float(line.get_xdata()[0]), float(line.get_ydata()[0])


@pytest.mark.parametrize("name", KEYS)
@pytest.mark.parametrize("target", [0.0, 1.0])
def test_loss_figure_is_labelled_and_marks_the_library_values(name, target):
    fig = loss_plots.plot_loss_curve(name=name, target=target, prediction=2.0)
    ax_l, ax_g = fig.axes
    for ax in (ax_l, ax_g):
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    x, L = _marker(ax_l)
    _, g = _marker(ax_g)
    assert x == 2.0
    if name == "mse_of_sigmoid":
        a = 1 / (1 + np.exp(-2.0))
        expected = ((a - target) ** 2, 2 * (a - target) * a * (1 - a))
    else:
        loss = get_loss(name)
        expected = (loss.loss([2.0], [target]), float(loss.grad([2.0], [target])[0]))
    assert (L, g) == pytest.approx(expected, rel=1e-12)
    # The tangent through the marker has the gradient as its slope.
    (tangent,) = [line for line in ax_l.lines if line.get_linestyle() == "--"]
    xs, ys = tangent.get_xdata(), tangent.get_ydata()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(g, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", KEYS)
def test_loss_curve_gradient_matches_finite_differences_of_the_curve(name):
    grid, values, grads = loss_plots.loss_curve(name, 0.0, n_points=4001)
    h = grid[1] - grid[0]
    numerical = (values[2:] - values[:-2]) / (2 * h)
    smooth = np.abs(grid[1:-1]) > 0.01                   # MAE's kink at the target
    if name == "huber":
        smooth &= np.abs(np.abs(grid[1:-1]) - 1.0) > 0.01
    np.testing.assert_allclose(numerical[smooth], grads[1:-1][smooth], atol=1e-5)
    assert not values.flags.writeable                     # cached arrays are shared, so read-only


def test_logit_losses_share_the_gradient_scale():
    """So the reader sees MSE-of-sigmoid's gradient is small next to cross-entropy's."""
    lims = {name: loss_plots.plot_loss_curve(name=name, target=0.0, prediction=4.0).axes[1].get_ylim()
            for name in ("binary_cross_entropy_with_logits", "mse_of_sigmoid")}
    assert len(set(lims.values())) == 1


def test_slowdown_figure_is_labelled_and_shows_both_runs():
    fig = loss_plots.plot_slowdown(lr=0.15)
    ax_l, ax_a = fig.axes
    for ax in (ax_l, ax_a):
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    labels = [line.get_label() for line in ax_a.lines]
    assert "MSE: within 0.1 of y at epoch 234" in labels
    assert "CE: within 0.1 of y at epoch 50" in labels
    normalized = [line.get_ydata() for line in ax_l.lines]
    assert all(curve[0] == 1.0 for curve in normalized)


def test_slowdown_says_never_when_the_target_is_not_reached():
    fig = loss_plots.plot_slowdown(lr=0.015)
    labels = [line.get_label() for line in fig.axes[1].lines]
    assert "MSE: not within 0.1 of y" in labels


def test_every_frame_of_both_widgets_differs():
    """Each control changes the picture (the static book shows one PNG per combination)."""
    explorer = live_figure(loss_plots.plot_loss_curve,
                           {"name": choice(loss_plots.EXPLORER_CHOICES),
                            "target": choice({"0": 0.0, "1": 1.0}),
                            "prediction": slider([-1.0, 3.0])}, static=True, colors=None)
    slowdown = live_figure(loss_plots.plot_slowdown,
                           {"lr": log_slider(0.05, 0.5, 2), "start": choice(loss_plots.SLOWDOWN_STARTS)},
                           static=True, colors=None)
    for view in (explorer, slowdown):
        frames = [leaf.value for leaf in view._leaves.values()]  # each an <img> holding its frame as data
        assert len(set(frames)) == view.frame_count


def _ordinary_rgba(fig, dpi=80):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).astype(int)


@pytest.mark.parametrize(
    ("layered", "combos"),
    [
        (loss_plots.plot_loss_curve,
         [{"name": "mse", "target": 1.0, "prediction": 3.0},
          {"name": "mse", "target": 0.0, "prediction": -6.0},       # same background, other target
          {"name": "huber", "target": 1.0, "prediction": 6.0},
          {"name": "mae", "target": 0.0, "prediction": 0.0},
          {"name": "binary_cross_entropy_with_logits", "target": 1.0, "prediction": -4.0},
          {"name": "mse_of_sigmoid", "target": 0.0, "prediction": 2.0},
          {"name": "mse", "target": 1.0, "prediction": -1.0}]),    # back to a cached background
        (loss_plots.plot_slowdown,
         [{"lr": 0.15, "start": (2.0, 2.0)},
          {"lr": 0.015, "start": (2.0, 2.0)},                         # MSE never learns: no dotted line
          {"lr": 1.5, "start": (0.6, 0.9)},
          {"lr": 0.05, "start": (0.6, 0.9)},
          {"lr": 0.15, "start": (2.0, 2.0)}]),
    ],
    ids=["plot_loss_curve", "plot_slowdown"],
)
def test_blitted_frames_match_the_ordinary_render(layered, combos):
    """Only the changing artists are redrawn over a cached background; the picture must not change."""
    blitter = _Blitter(layered, 80)
    for values in combos:
        got = np.asarray(blitter.rgba(values)).astype(int)
        expected = _ordinary_rgba(layered(**values))
        assert got.shape == expected.shape
        assert (abs(got - expected).max(axis=2) > 8).mean() < 0.005, f"frame {values} differs"


def test_figures_render_to_png():
    png = figure_to_png(loss_plots.plot_loss_curve(name="huber", target=1.0, prediction=-6.0))
    assert png.startswith(b"\x89PNG")
