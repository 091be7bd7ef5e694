"""Tests of nnbasics.plotting.network: the first-network chapter's figures."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from nnbasics.experiments import standardized_split
from nnbasics.plotting import network as figures
from nnbasics.widgets import _Blitter, figure_to_png

GRID_VALUES = list(itertools.product(figures.GRID_ACTIVATIONS, figures.GRID_HIDDEN, figures.GRID_LRS))


# --------------------------------------------------------------------------------------------------
# The grid and its live figure
# --------------------------------------------------------------------------------------------------
def test_diabetes_split_is_the_standardized_split_and_read_only():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True, scaled=False)
    cached = figures.diabetes_split(0)
    for a, b in zip(cached[:4], standardized_split(X, y, 0)[:4]):
        np.testing.assert_array_equal(a, b)
        assert not a.flags.writeable


def test_diabetes_grid_holds_every_combination_with_full_curves():
    grid = figures.diabetes_grid()
    assert set(grid) == {(h, a, lr) for a, h, lr in GRID_VALUES}
    for run in grid.values():
        assert run.diverged or len(run.loss) == len(run.test_loss) == figures.GRID_EPOCHS
    assert figures.diabetes_grid() is grid                     # trained once


@pytest.mark.parametrize("activation, hidden, lr", [("relu", 32, 0.01), ("tanh", 2, 1.0),
                                                  ("sigmoid", 128, 0.001), ("relu", 128, 1.0)])
def test_grid_figure_draws_the_chosen_run(activation, hidden, lr):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = figures.plot_grid(activation=activation, hidden=float(hidden), lr=lr)   # sliders pass floats
    run = figures.diabetes_grid()[(hidden, activation, lr)]
    ax_curve, ax_lr = fig.axes
    train, test = ax_curve.lines[2:4]                                            # after the two references
    np.testing.assert_allclose(train.get_ydata(), np.clip(run.loss, 0.2, 50))
    np.testing.assert_allclose(test.get_ydata(), np.clip(run.test_loss, 0.2, 50))
    assert ax_curve.get_title().startswith(f"{hidden} {activation} units, η = {lr:g}: ")
    assert f"{run.final_test_loss:.2f}" in ax_curve.get_title()
    marker = ax_lr.lines[-1]
    assert list(marker.get_xdata()) == [lr]
    assert marker.get_ydata()[0] == pytest.approx(min(run.final_test_loss, 4.75))
    assert ax_lr.get_title() == f"{activation}: every run of the grid"
    assert len([line for line in ax_lr.lines if line.get_label().endswith("units")]) == len(figures.GRID_HIDDEN)
    baseline = ax_lr.lines[0].get_ydata()[0]                # dashed: the training mean's test MSE
    assert baseline == pytest.approx(np.mean(figures.diabetes_split(0)[3] ** 2))
    off_scale = [t.get_text() for t in ax_lr.texts if t.get_text().startswith("↑")]
    assert off_scale == ([f"↑ {run.final_test_loss:.2f}"] if 5.0 < run.final_test_loss < np.inf else
                         ["↑ diverged"] if run.diverged else [])


def test_blitted_grid_frames_equal_full_redraws():
    """The live figure's blitted frames are the pictures a full draw gives, for a change of every control."""
    blitter = _Blitter(figures.plot_grid, dpi=60)
    for values in [dict(activation="relu", hidden=8.0, lr=0.1), dict(activation="relu", hidden=128.0, lr=0.1),
                   dict(activation="tanh", hidden=128.0, lr=1.0)]:
        blitted = np.asarray(blitter.rgba(values)).copy()
        fig = figures.plot_grid(**values)
        fig.set_dpi(60)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        full = np.asarray(canvas.buffer_rgba())
        assert blitted.shape == full.shape
        assert np.mean(np.any(blitted != full, axis=-1)) < 0.002          # at most a few antialiased pixels


# --------------------------------------------------------------------------------------------------
# Static figures
# --------------------------------------------------------------------------------------------------
def test_training_figure_plots_the_curves_and_the_predictions():
    loss, test = [1.0, 0.5, 0.4, 0.3], [1.1, 0.6, 0.55, 0.58]
    fig = figures.plot_training(loss, test, [100.0, 200.0, 300.0], [110.0, 190.0, 250.0], units=" (u)")
    ax_curve, ax_fit = fig.axes
    np.testing.assert_array_equal(ax_curve.lines[0].get_ydata(), loss)
    np.testing.assert_array_equal(ax_curve.lines[1].get_ydata(), test)
    assert ax_curve.get_title() == "after 4 epochs: training 0.30, test 0.58"
    np.testing.assert_array_equal(ax_fit.collections[0].get_offsets(), [[100, 110], [200, 190], [300, 250]])
    r = np.corrcoef([100.0, 200.0, 300.0], [110.0, 190.0, 250.0])[0, 1]
    assert ax_fit.get_xlabel() == "true value (u)" and ax_fit.get_title() == f"test set: correlation {r:.2f}"
    assert len(figure_to_png(fig)) > 1000


def test_confusion_figure_counts_right_answers_and_labels_cells():
    C = np.array([[5, 1, 0], [0, 4, 2], [0, 0, 6]])
    fig = figures.plot_confusions({"ours": C, "theirs": np.diag([6, 6, 6])}, labels=["a", "b", "c"])
    ours, theirs = fig.axes[:2]
    assert ours.get_title() == "ours: 15 of 18 right" and theirs.get_title() == "theirs: 18 of 18 right"
    assert sorted(t.get_text() for t in ours.texts) == sorted(str(v) for v in C[C > 0])
    assert [t.get_text() for t in ours.get_xticklabels()] == ["a", "b", "c"]


def test_confusions_share_one_colour_scale():
    few, many = np.array([[5, 1], [0, 4]]), np.array([[5, 3], [0, 4]])
    fig = figures.plot_confusions({"few": few, "many": many, "none": np.diag([2, 2])})
    assert [ax.images[0].get_clim() for ax in fig.axes[:3]] == [(0, 3)] * 3


def test_confusions_render_to_a_png():
    fig = figures.plot_confusions({"m": np.eye(2, dtype=int)})
    assert figure_to_png(fig, dpi=40).startswith(b"\x89PNG")
