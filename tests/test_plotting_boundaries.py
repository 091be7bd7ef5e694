"""Tests of nnbasics.plotting.boundaries: grids, the decision-boundary figure, hidden units, ReLU bumps."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics import approximation
from nnbasics.datasets import get_dataset, train_test_split
from nnbasics.plotting import boundaries as bd
from nnbasics.widgets import _Blitter

DATASETS = ("moons", "circles")
EPOCHS = np.arange(0, 41, 5)


def _proba(X, epoch, width):
    """A stand-in classifier whose boundary sharpens with the epochs and bends with ``width``."""
    return 1.0 / (1.0 + np.exp(-(0.2 * epoch + 0.1) * (np.sin(width * X[:, 0]) - X[:, 1] + 0.2)))


def _data(dataset):
    X, y = get_dataset(dataset, 120, 0.15, rng=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, rng=0)
    return bd.BoundaryData(X_train, y_train, X_test, y_test, bd.grid_bounds(X), n_epochs=40, name=dataset)


def _losses(width, diverge):
    train = 0.7 * np.exp(-EPOCHS / (10 * width)) + 0.05
    test = 1.2 * train
    if diverge:
        train = np.where(EPOCHS >= 25, np.inf, train * (1 + EPOCHS))
        test = np.where(EPOCHS >= 25, np.nan, test)
    return train, test


def _frame(dataset, width, epoch, diverge=False):
    bounds = _data(dataset).bounds
    grid = bd.probability_grid(lambda X: _proba(X, epoch, width), bounds, 32)
    if diverge and epoch >= 25:
        grid = np.full_like(grid, np.nan)
    train, test = _losses(width, diverge)
    return bd.BoundaryFrame(grid, EPOCHS, train, test, epoch, label=f"width {width}")


RENDER = bd.boundary_render(lambda dataset: _data(dataset),
                            lambda dataset, width, epoch, diverge=False: _frame(dataset, width, epoch, diverge),
                            slow=("dataset",))


def _texts(fig) -> str:
    parts = []
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts if t.get_visible()]
    return " ".join(" ".join(parts).split())


# ------------------------------------------------------------------------------------------------
# Grids
# ------------------------------------------------------------------------------------------------


def test_probability_grid_puts_x2_on_rows_and_accepts_predict_proba_shapes():
    bounds = (-1.0, 3.0, 0.0, 2.0)
    p1 = bd.probability_grid(lambda X: (X[:, 1] > 1).astype(float), bounds, 5)      # class 1 on top
    assert p1[0].tolist() == [0.0] * 5 and p1[-1].tolist() == [1.0] * 5
    two = bd.probability_grid(lambda X: np.column_stack([1 - X[:, 0] / 4 - 0.25, X[:, 0] / 4 + 0.25]), bounds, 5)
    np.testing.assert_allclose(two[:, 0], 0.0)                                       # x1 = -1: p = 0
    np.testing.assert_allclose(two[2], np.linspace(0.0, 1.0, 5))
    column = bd.probability_grid(lambda X: (X[:, :1] > 1).astype(float), bounds, 5)
    assert column.shape == (5, 5)
    points = bd.grid_points(bounds, 5)
    np.testing.assert_array_equal(points.reshape(5, 5, 2)[..., 0], np.tile(np.linspace(-1, 3, 5), (5, 1)))


def test_probability_grid_keeps_nan_from_a_diverged_network():
    grid = bd.probability_grid(lambda X: np.full(len(X), np.nan), (0, 1, 0, 1), 4)
    assert np.isnan(grid).all()


def test_unit_grids_from_triples_and_from_a_callable_agree():
    W, b = np.array([[1.0, -2.0, 0.5], [0.5, 1.0, -1.0]]), np.array([0.1, -0.2, 0.0])
    bounds = (-2.0, 2.0, -1.0, 1.0)
    from_triples = bd.unit_grids(bd.dense_units(W, b, "tanh"), bounds, 7)
    from_layer = bd.unit_grids(lambda X: np.tanh(X @ W + b), bounds, 7)
    np.testing.assert_allclose(from_triples, from_layer, atol=1e-15)
    assert from_triples.shape == (3, 7, 7)
    np.testing.assert_allclose(from_triples[1, 3, 0], np.tanh(-2.0 * -2.0 + 1.0 * 0.0 - 0.2))  # row x2 = 0, x1 = -2


# ------------------------------------------------------------------------------------------------
# The decision-boundary figure
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("epoch", [0, 20, 40])
def test_boundary_frames_show_the_grid_and_the_losses_up_to_the_epoch(dataset, epoch, render_strictly):
    fig = render_strictly(RENDER, dataset=dataset, width=2.0, epoch=epoch)
    ax_b, ax_l = fig.axes[:2]
    for ax in (ax_b, ax_l):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    frame = _frame(dataset, 2.0, epoch)
    np.testing.assert_array_equal(ax_b.images[0].get_array(), frame.grid)
    train_line = ax_l.lines[0]
    assert np.max(train_line.get_xdata()) == epoch
    np.testing.assert_allclose(train_line.get_ydata(), np.asarray(frame.train_loss)[EPOCHS <= epoch])
    assert ax_b.get_title() == f"{dataset}, width 2.0: epoch {epoch}"
    assert ax_l.get_title() == (f"loss: train {np.asarray(frame.train_loss)[EPOCHS <= epoch][-1]:.3g}, "
                                f"test {np.asarray(frame.test_loss)[EPOCHS <= epoch][-1]:.3g}")
    n_points = sum(len(line.get_xdata()) for line in ax_b.lines)
    assert n_points == 120                                                # every train and test point


def test_a_diverged_frame_is_grey_with_a_message_and_finite_curves(render_strictly, ordinary_rgba):
    fig = render_strictly(RENDER, dataset="moons", width=1.0, epoch=30, diverge=True)
    ax_b, ax_l = fig.axes[:2]
    assert "training diverged" in _texts(fig)
    assert ax_l.get_title() == "loss: train diverged, test diverged"
    for line in ax_l.lines:
        assert np.all(np.isfinite(np.asarray(line.get_ydata(), float)))
    rgba = ordinary_rgba(fig)
    # The middle of the boundary panel, away from the box: grey, not the white of p = 1/2.
    bbox = ax_b.get_window_extent()
    height = rgba.shape[0]
    x, y = int(bbox.x0 + 0.1 * bbox.width), int(height - (bbox.y0 + 0.15 * bbox.height))
    r, g, b_, _ = rgba[y, x]
    assert abs(r - g) < 8 and abs(g - b_) < 8 and 150 < r < 225


# One blitter per figure, its frames in this order: the epoch and the width move over a cached background.
BLIT_FRAMES = [{"dataset": "moons", "width": 2.0, "epoch": 40}, {"dataset": "moons", "width": 2.0, "epoch": 5},
               {"dataset": "moons", "width": 1.0, "epoch": 30, "diverge": True},
               {"dataset": "circles", "width": 3.0, "epoch": 20}, {"dataset": "moons", "width": 3.0, "epoch": 0},
               {"dataset": "moons", "width": 1.0, "epoch": 35}]


def test_blitted_boundary_frames_match_the_ordinary_render(ordinary_rgba):
    blitter = _Blitter(RENDER, 80)
    for values in BLIT_FRAMES:
        expected = ordinary_rgba(RENDER(**values))
        got = np.asarray(blitter.rgba({"diverge": False, **values})).astype(int)
        assert got.shape == expected.shape
        assert (abs(got - expected).max(axis=2) > 8).mean() < 0.005, f"frame {values} differs"
    assert len(blitter.cache) == 2                                        # one background per data set


# ------------------------------------------------------------------------------------------------
# Hidden units
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_units", [1, 3, 8])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_hidden_unit_panels(n_units, activation, render_strictly):
    rng = np.random.default_rng(n_units)
    W, b = rng.standard_normal((2, n_units)), rng.standard_normal(n_units)
    X, y = get_dataset("xor", 40, 0.1, rng=0)
    bounds = bd.grid_bounds(X)
    v = rng.standard_normal(n_units)
    fig = render_strictly(bd.plot_hidden_units, units=bd.dense_units(W, b, activation), bounds=bounds, output_weights=v,
                  X=X, y=y, heading=f"{activation}")
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == n_units
    grids = bd.unit_grids(bd.dense_units(W, b, activation), bounds, 48)
    shared = np.abs(grids * v[:, None, None]).max()
    for k, ax in enumerate(panels):
        top = np.abs(grids[k]).max()
        assert ax.get_title() == f"unit {k + 1}, v = {v[k]:.3g}" + ("" if top > 0 else " (0 everywhere)")
        np.testing.assert_allclose(ax.images[0].get_array(), v[k] * grids[k])   # the unit's share of z
        lo, hi = ax.images[0].get_clim()
        assert hi == -lo == pytest.approx(shared)       # one scale for all panels, white is 0
        zero_line = [line for line in ax.lines if line.get_linestyle() == "--"]
        assert len(zero_line) == 1
        xs, ys = (np.asarray(d, float) for d in zero_line[0].get_data())
        np.testing.assert_allclose(W[0, k] * xs + W[1, k] * ys + b[k], 0.0, atol=1e-9)  # z = 0 on the line
    assert fig._suptitle.get_text().startswith(activation)


def test_hidden_units_from_a_callable_have_no_zero_lines():
    fig = bd.plot_hidden_units(lambda X: np.maximum(X @ np.eye(2), 0.0), (-1, 1, -1, 1))
    panels = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in panels] == ["unit 1", "unit 2"]
    assert all(not ax.lines for ax in panels)
    assert [ax.images[0].get_clim() for ax in panels] == [(-1.0, 1.0)] * 2   # shared: max a_k is 1
    assert len(fig.axes) == 3 and fig.axes[2].get_ylabel() == "aₖ(x)"        # and a colour bar


# ------------------------------------------------------------------------------------------------
# ReLU bumps
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", list(approximation.TARGETS))
@pytest.mark.parametrize("n", [2, 5, 17])
def test_bump_frames_draw_the_network_and_every_bump(target, n, render_strictly):
    fig = render_strictly(bd.plot_relu_bumps, target=target, n=n)
    ax_g, ax_b = fig.axes
    for ax in (ax_g, ax_b):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    net = approximation.relu_bumps(target, n)
    line = [ln for ln in ax_g.lines if ln.get_label() == "network g(x)"][0]
    np.testing.assert_allclose(line.get_ydata(), net.forward(np.asarray(line.get_xdata())))
    segments = ax_b.collections[0].get_segments()
    assert len(segments) == n
    np.testing.assert_allclose(sum(seg[:, 1] for seg in segments), line.get_ydata(), atol=1e-12)
    max_err, _ = approximation.approximation_errors(target, [n], n_eval=801)
    assert ax_g.get_title() == f"n = {n} bumps, {n + 2} ReLUs: max error {max_err[0]:.3g}"


def test_error_figure_shows_the_measured_errors_and_rates(render_strictly):
    ns = [5, 9, 17, 33, 65]
    fig = render_strictly(bd.plot_approximation_errors, targets=("sine", "step"), ns=ns)
    for ax, k in zip(fig.axes, (0, 1)):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        measured = [line for line in ax.lines if ": p = " in line.get_label()]
        for line, target in zip(measured, ("sine", "step")):
            errors = approximation.approximation_errors(target, ns)[k]
            np.testing.assert_allclose(line.get_ydata(), errors)
            assert line.get_label() == f"{target}: p = {approximation.convergence_rate(ns, errors):.3g}"
    assert fig.axes[0].lines[0].get_label().startswith("sine: p = 2.")
    bounds = [line for line in fig.axes[0].lines if line.get_label().endswith("bound")]
    assert [line.get_label() for line in bounds] == ["sine: bound"]           # the step has none
    np.testing.assert_allclose(bounds[0].get_ydata(), approximation.interpolation_bound("sine", ns))
    assert np.all(approximation.approximation_errors("sine", ns)[0] <= bounds[0].get_ydata())


def test_blitted_bump_frames_match_the_ordinary_render(ordinary_rgba):
    frames = [{"target": "sine", "n": n} for n in (4, 16, 2)] + [{"target": "step", "n": 9}, {"target": "sine", "n": 7}]
    blitter = _Blitter(bd.plot_relu_bumps, 80)
    for values in frames:
        expected = ordinary_rgba(bd.plot_relu_bumps(**values))
        got = np.asarray(blitter.rgba(values)).astype(int)
        assert (abs(got - expected).max(axis=2) > 8).mean() < 0.005, f"frame {values} differs"
    assert len(blitter.cache) == 2


# ------------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [(lambda: bd.probability_grid(lambda X: np.ones((len(X), 3)), (0, 1, 0, 1), 4), ValueError,
      r"'proba' parameter of probability_grid must return an array of shape \(16,\), \(16, 1\) or \(16, 2\)"),
     (lambda: bd.probability_grid(lambda X: X[:, 0] * 3, (0, 1, 0, 1), 4), ValueError,
      r"must return probabilities in \[0, 1\]\. Got values from 0 to 3"),
     (lambda: bd.grid_points((0, 1, 1, 0)), ValueError, r"'bounds' parameter of grid_points must be > 1"),
     (lambda: bd.grid_points((0, 1, 0)), ValueError, r"'bounds' parameter of grid_points must be \(x1_min"),
     (lambda: bd.grid_points((0, 1, 0, 1), 1), ValueError, r"'resolution' parameter of grid_points must be >= 2"),
     (lambda: bd.grid_bounds(np.zeros((3, 3))), ValueError, r"'X' parameter of grid_bounds must have shape"),
     (lambda: bd.dense_units(np.zeros((3, 2)), np.zeros(2), "relu"), ValueError, r"'W' parameter of dense_units must have shape \(2, k\)"),
     (lambda: bd.unit_grids(lambda X: X[:3], (0, 1, 0, 1), 4), ValueError, r"must return one row per point"),
     (lambda: bd.plot_hidden_units(bd.dense_units(np.eye(2), np.zeros(2), "relu"), (0, 1, 0, 1),
                                   output_weights=[1.0]), ValueError, r"one weight per unit \(2\)\. Got 1"),
     (lambda: bd.boundary_render(_data("moons"), _frame), TypeError, r"'data' parameter of boundary_render must be callable"),
     (lambda: bd.BoundaryData(np.zeros((3, 2)), [0, 1, 2], np.zeros((1, 2)), [0], (0, 1, 0, 1), 5), ValueError,
      r"'y_train' parameter of BoundaryData must hold one label in \{0, 1\} per point of X_train"),
     (lambda: bd.BoundaryData(np.zeros((1, 2)), [0], np.zeros((1, 2)), [0], (0, 1, 0, 1), 5,
                              loss_limits=(0.0, 1.0)), ValueError,
      r"'loss_limits' parameter of BoundaryData must be > 0"),
     (lambda: bd.plot_relu_bumps(target="cos", n=3), ValueError, r"'target' parameter of plot_relu_bumps must be one of")],
)
def test_bad_input_names_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_frame_losses_must_match_the_epochs():
    with pytest.raises(ValueError, match=r"'train_loss' parameter of BoundaryFrame must have the shape of 'epochs'"):
        bd.BoundaryFrame(np.zeros((4, 4)), np.arange(3), np.ones(2), np.ones(3), 1)


def test_a_loss_above_the_axis_is_told_in_the_title_and_its_dot_kept_on_the_axis(render_strictly):
    data = _data("moons")
    epochs = np.arange(1, 11)
    frame = bd.BoundaryFrame(np.full((4, 4), 0.5), epochs, np.full(10, 50.0), np.full(10, 0.2), 10)
    fig = render_strictly(bd.boundary_render(lambda: data, lambda: frame))
    ax_l = fig.axes[1]
    assert ax_l.get_title() == "loss: train 50, test 0.2"
    dots = ax_l.lines[-1]
    assert sorted(np.asarray(dots.get_ydata(), float).tolist()) == [0.2, data.loss_limits[1]]
