"""Tests of nnbasics.plotting.losses: the loss explorer and the slowdown figure."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics import fitting as nnfit
from nnbasics.datasets import line_with_outliers
from nnbasics.losses import cross_entropy, entropy, get_loss, kl_divergence
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


# --------------------------------------------------------------------------------------------------
# The issue-10 figures: information, accuracy surrogate, loss surfaces
# --------------------------------------------------------------------------------------------------

_Q1 = [0.1, 0.3, 0.6, 0.9]


@pytest.mark.parametrize("p", list(loss_plots.INFORMATION_TARGETS.values()))
@pytest.mark.parametrize("q1", _Q1)
def test_information_figure_draws_the_library_values(p, q1):
    fig = loss_plots.plot_information(p=p, q1=q1)
    ax_d, ax_h = fig.axes
    q = loss_plots.shift_first(p, q1)
    q_heights = [bar.get_height() for bar in ax_d.patches[len(p):]]
    np.testing.assert_allclose(q_heights, q)
    widths = sorted(bar.get_width() for bar in ax_h.patches)
    kl, h = kl_divergence(p, q), entropy(p)
    # H(p) twice (its own bar and the first part of H(p, q)) and KL twice (its bar and the stacked part)
    np.testing.assert_allclose(sorted([h, h, kl, kl]), widths)
    assert f"{h:.3f} + {kl:.3f}" in ax_h.get_title()
    assert h + kl == pytest.approx(cross_entropy(p, q), rel=1e-12)


@pytest.mark.parametrize("p", list(loss_plots.INFORMATION_TARGETS.values()))
def test_shift_first_passes_through_p(p):
    q = loss_plots.shift_first(p, p[0])
    np.testing.assert_array_equal(q, p)                  # exactly: one slider step shows KL = 0
    assert kl_divergence(p, q) == 0.0
    for q1 in _Q1:
        q = loss_plots.shift_first(p, q1)
        assert q.sum() == pytest.approx(1.0, abs=1e-12) and q[0] == q1
        assert q[1] / q[2] == pytest.approx(p[1] / p[2])


def test_shift_first_rejects_a_certain_first_outcome():
    with pytest.raises(ValueError, match=r"The 'p' parameter of shift_first must have at least 2 outcomes"):
        loss_plots.shift_first([1.0, 0.0], 0.5)


@pytest.mark.parametrize("w", [-2.0, 0.0, 1.0, 2.5])
def test_surrogate_slopes_accuracy_flat_cross_entropy_exact(w):
    from nnbasics.activations import Sigmoid

    acc_slope, ce_slope = loss_plots.surrogate_slopes(w)
    assert acc_slope == 0.0
    x, y = nnfit.TWO_CLASSES["x"], nnfit.TWO_CLASSES["y"]
    exact = float(np.mean((Sigmoid().forward(w * x + loss_plots.SURROGATE_BIAS) - y) * x))  # dL/dw
    assert ce_slope == pytest.approx(exact, rel=1e-6)


def test_surrogate_slope_is_huge_on_a_jump():
    x = nnfit.TWO_CLASSES["x"]
    w_jump = -loss_plots.SURROGATE_BIAS / x[3]         # the threshold -b/w sits on the point x[3]
    assert abs(loss_plots.surrogate_slopes(w_jump)[0]) > 100


def test_accuracy_figure_marks_the_measured_slopes():
    fig = loss_plots.plot_accuracy_surrogate(w=1.0)
    titles = [ax.get_title() for ax in fig.axes]
    acc, ce = nnfit.accuracy_and_cross_entropy(nnfit.TWO_CLASSES["x"], nnfit.TWO_CLASSES["y"], 1.0, 0.5)
    assert titles == [f"accuracy {acc:.3f}, slope d/dw = 0",
                      f"cross-entropy {ce:.3f}, slope d/dw = {loss_plots.surrogate_slopes(1.0)[1]:.3g}"]


@pytest.mark.parametrize("data", list(loss_plots.SURFACE_DATA))
def test_surface_figure_shows_both_losses_and_the_descent_path(data):
    fig = loss_plots.plot_loss_surfaces(data)
    for ax, loss in zip(fig.axes, ("mse", "mae")):
        x, y = line_with_outliers(n=30, n_outliers=loss_plots.SURFACE_DATA[data], noise=0.3, shift=8.0, rng=0)
        fit = nnfit.fit_line(x, y, loss, n_epochs=300)
        path = ax.lines[0]
        np.testing.assert_array_equal(path.get_xdata(), fit.path["w"])
        assert ax.get_title().startswith(f"{loss.upper()}: ends at w = {float(fit.params['w']):.2f}")


def test_new_widgets_have_distinct_frames_and_blit_correctly():
    info = live_figure(loss_plots.plot_information,
                       {"p": choice(loss_plots.INFORMATION_TARGETS), "q1": slider([0.2, 0.6])},
                       static=True, colors=None)
    surrogate = live_figure(loss_plots.plot_accuracy_surrogate, {"w": slider([-1.0, 2.0])},
                            static=True, colors=None)
    surfaces = live_figure(loss_plots.plot_loss_surfaces, {"data": choice(list(loss_plots.SURFACE_DATA))},
                           static=True, colors=None)
    for view in (info, surrogate, surfaces):
        frames = [leaf.value for leaf in view._leaves.values()]
        assert len(set(frames)) == view.frame_count
    for layered, combos in ((loss_plots.plot_information, [{"p": (0.6, 0.3, 0.1), "q1": 0.1},
                                                           {"p": (0.2, 0.4, 0.4), "q1": 0.9},
                                                           {"p": (0.6, 0.3, 0.1), "q1": 0.6}]),
                            (loss_plots.plot_accuracy_surrogate, [{"w": -3.0}, {"w": 1.0}, {"w": 3.0}])):
        blitter = _Blitter(layered, 80)
        for values in combos:
            got = np.asarray(blitter.rgba(values)).astype(int)
            expected = _ordinary_rgba(layered(**values))
            assert (abs(got - expected).max(axis=2) > 8).mean() < 0.005, f"frame {values} differs"
