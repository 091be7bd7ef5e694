r"""Figures of the first-network chapter: a training run, predictions, confusion matrices, and a grid.

The live figure :data:`plot_grid` shows one run of a small grid of networks trained on scikit-learn's
bundled diabetes data (:func:`diabetes_grid`): one hidden layer of ``GRID_HIDDEN`` units, activation
``GRID_ACTIVATIONS``, Adam at learning rate ``GRID_LRS``, ``GRID_EPOCHS`` epochs, all from the same seed
on the same standardised split. The grid is trained once, on the first call, and cached
(``functools.lru_cache``); every frame then only draws.

Losses are mean squared errors of the *standardised* target: always predicting the training mean
scores 1 on the training rows and the mean square of the standardised test targets on the test rows
(dashed, at that value), and the figure marks the least-squares line on the same split (dotted) for
comparison. A loss above the axes is written on the figure: the chosen run's circle sits at the top
edge with its value beside it, and the left panel says where its curves leave the chart.

scikit-learn is imported on use only (it loads the data and splits them).

Introduced in: the first-network chapter (book/first_network.ipynb).

Examples
--------
>>> fig = plot_training([1.0, 0.6, 0.5], [1.1, 0.7, 0.65], [1.0, 2.0, 3.0], [1.2, 1.9, 2.5])
>>> [ax.get_xlabel() for ax in fig.axes]
['epoch', 'true value']
>>> fig = plot_confusions({"a": np.eye(3, dtype=int), "b": np.ones((3, 3), dtype=int)})
>>> [ax.get_title() for ax in fig.axes]
['a: 3 of 3 right', 'b: 3 of 9 right']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import as_float_array, check_choice, check_scalar, describe
from ..training import least_squares
from . import Layered
from . import PALETTE, new_figure, title

__all__ = [
    "GRID_ACTIVATIONS", "GRID_BATCH_SIZE", "GRID_EPOCHS", "GRID_HIDDEN", "GRID_LRS", "GRID_SEED",
    "diabetes_grid", "diabetes_split", "plot_confusions", "plot_grid", "plot_training",
]

#: The grid of :func:`diabetes_grid`: hidden units, activations, learning rates (Adam).
GRID_HIDDEN = (2, 8, 32, 128)
GRID_ACTIVATIONS = ("relu", "tanh", "sigmoid")
GRID_LRS = (0.001, 0.01, 0.1, 1.0)
#: Training of every run of the grid: epochs, batch size, seed of the split and of the weights.
GRID_EPOCHS = 30
GRID_BATCH_SIZE = 64
GRID_SEED = 0

_HIDDEN_COLORS = dict(zip(GRID_HIDDEN, (PALETTE["orange"], PALETTE["sky"], PALETTE["green"], PALETTE["purple"])))
_LOSS_LIMITS = (0.2, 5.0)          # the loss axes of the grid figure (standardised MSE)


def diabetes_split(seed: int = GRID_SEED) -> tuple[Any, ...]:
    """The diabetes data (raw units, ``scaled=False``), split 80/20 with ``seed`` and standardised with
    the training part's statistics: :func:`nnbasics.experiments.standardized_split`. Cached, read-only."""
    return _diabetes_split(check_scalar(seed, "seed", "diabetes_split", low=0, high=2**32 - 1, integer=True))


@lru_cache(maxsize=4)
def _diabetes_split(seed: int) -> tuple[Any, ...]:
    from sklearn.datasets import load_diabetes

    from ..experiments import standardized_split

    X, y = load_diabetes(return_X_y=True, scaled=False)
    parts = standardized_split(X, y, seed)
    for arr in parts[:4]:
        arr.flags.writeable = False                  # shared by every caller of the cache
    return parts


@lru_cache(maxsize=1)
def diabetes_grid() -> dict[tuple[int, str, float], Any]:
    """Every run of the grid (:func:`nnbasics.experiments.train_grid`), trained once and cached.

    Returns
    -------
    dict of (hidden units, activation, lr) to GridRun
    """
    from ..experiments import train_grid

    X_train, X_test, y_train, y_test, _, _ = diabetes_split(GRID_SEED)
    return train_grid(X_train, y_train, X_test, y_test, hidden=GRID_HIDDEN, activations=GRID_ACTIVATIONS,
                      lrs=GRID_LRS, random_state=GRID_SEED, n_epochs=GRID_EPOCHS, batch_size=GRID_BATCH_SIZE)


@lru_cache(maxsize=1)
def _mean_test_loss() -> float:
    """Test MSE (standardised) of always predicting the training mean (0 after standardising)."""
    return float(np.mean(diabetes_split(GRID_SEED)[3] ** 2))


@lru_cache(maxsize=1)
def _linear_test_loss() -> float:
    """Test MSE (standardised) of least squares on the grid's split: the line to beat."""
    X_train, X_test, y_train, y_test, _, _ = diabetes_split(GRID_SEED)
    p = least_squares(X_train, y_train)
    return float(np.mean((X_test @ p["w"] + p["b"] - y_test) ** 2))


def _shown(losses: NDArray[np.float64]) -> NDArray[np.float64]:
    """Losses clipped into the axes, so a run that blows up leaves through the top edge, not as NaN."""
    return np.clip(losses, _LOSS_LIMITS[0], _LOSS_LIMITS[1] * 10)


def _grid_setup(activation: str) -> tuple[Any, dict[str, Any]]:
    check_choice(activation, "activation", "plot_grid", GRID_ACTIVATIONS)
    runs = diabetes_grid()
    fig, (ax_curve, ax_lr) = new_figure(2)
    linear, mean = _linear_test_loss(), _mean_test_loss()
    for ax in (ax_curve, ax_lr):
        ax.set_yscale("log")
        ax.set_ylim(*_LOSS_LIMITS)
        ax.axhline(mean, color=PALETTE["grey"], linestyle="--", linewidth=1)
        ax.axhline(linear, color=PALETTE["black"], linestyle=":", linewidth=1.2)
        ax.set_yticks([0.3, 0.5, 1, 2, 4], ["0.3", "0.5", "1", "2", "4"])
        ax.minorticks_off()
    ax_lr.text(GRID_LRS[0], mean * 1.04, f"predicting the training mean {mean:.2f}", fontsize=8,
               color=PALETTE["grey"], va="bottom")
    ax_lr.text(GRID_LRS[0], linear * 0.96, f"least squares {linear:.2f}", fontsize=8, va="top")
    train, = ax_curve.plot([], [], color=PALETTE["blue"], linewidth=1.8, label="training")
    test, = ax_curve.plot([], [], color=PALETTE["vermillion"], linewidth=1.8, label="test")
    ax_curve.set(xlim=(0, GRID_EPOCHS + 1), xlabel="epoch", ylabel="MSE (standardised target)")
    ax_curve.legend(loc="upper right", fontsize=8, frameon=False)
    for h in GRID_HIDDEN:
        finals = [runs[(h, activation, lr)].final_test_loss for lr in GRID_LRS]
        ax_lr.plot(GRID_LRS, np.minimum(finals, _LOSS_LIMITS[1] * 0.95), "-o", color=_HIDDEN_COLORS[h],
                   markersize=4, linewidth=1.3, label=f"{h} units")
    ax_lr.set_xscale("log")
    ax_lr.set(xlabel="learning rate η (Adam)", ylabel=f"test MSE after {GRID_EPOCHS} epochs")
    ax_lr.legend(loc="lower right", fontsize=8, frameon=False, ncol=2)
    title(ax_lr, f"{activation}: every run of the grid")
    marker, = ax_lr.plot([], [], "o", markersize=13, markerfacecolor="none", markeredgecolor=PALETTE["black"],
                         markeredgewidth=1.5, clip_on=False)
    top = _LOSS_LIMITS[1] * 0.95
    off_lr = ax_lr.text(0, top, "", fontsize=8, ha="right", va="center", color=PALETTE["black"])
    off_curve = ax_curve.text(0.03, 0.03, "", transform=ax_curve.transAxes, fontsize=8, ha="left",
                              va="bottom", color=PALETTE["black"])
    title(ax_curve, " ")
    return fig, {"train": train, "test": test, "marker": marker, "title": ax_curve.title, "off_lr": off_lr,
                 "off_curve": off_curve}


def _grid_update(state: dict[str, Any], activation: str, hidden: int, lr: float) -> list[Any]:
    owner = "plot_grid"
    hidden, lr = check_scalar(hidden, "hidden", owner), check_scalar(lr, "lr", owner)  # a slider passes floats
    for name, value, grid in (("hidden", hidden, GRID_HIDDEN), ("lr", lr, GRID_LRS)):
        if value not in grid:
            raise ValueError(f"The '{name}' parameter of {owner} must be one of the grid's values {list(grid)}. "
                             f"Got {value!r} instead.")
    hidden = int(hidden)
    run = diabetes_grid()[(hidden, activation, lr)]
    epochs = np.arange(1, len(run.loss) + 1)
    state["train"].set_data(epochs, _shown(run.loss))
    state["test"].set_data(epochs, _shown(run.test_loss))
    final = run.final_test_loss
    state["marker"].set_data([lr], [min(final, _LOSS_LIMITS[1] * 0.95)])
    outcome = f"diverged at epoch {len(run.loss)}" if run.diverged else f"test MSE {final:.2f}"
    state["title"].set_text(f"{hidden} {activation} units, η = {lr:g}: {outcome}")
    # values above the axes are written out, not silently cut at the edge
    state["off_lr"].set_position((lr / 1.35, _LOSS_LIMITS[1] * 0.95))
    state["off_lr"].set_text(f"↑ {final:.2f}" if final > _LOSS_LIMITS[1] and np.isfinite(final) else
                             "↑ diverged" if not np.isfinite(final) else "")
    curves = (("training", run.loss), ("test", run.test_loss))
    above = [f"{name} ends at {curve[-1]:.3g}" for name, curve in curves if np.max(curve) > _LOSS_LIMITS[1]]
    state["off_curve"].set_text("↑ above the chart: " + ", ".join(above) if above else "")
    return [state[key] for key in ("train", "test", "marker", "title", "off_lr", "off_curve")]


#: The grid of networks on the diabetes data, one run at a time: ``plot_grid(activation=..., hidden=...,
#: lr=...)`` with values from ``GRID_ACTIVATIONS``, ``GRID_HIDDEN`` and ``GRID_LRS``. Left: training and
#: test loss per epoch of the chosen run. Right: the final test loss of every run with this activation
#: against the learning rate, one line per width, the chosen run circled; dashed: always predicting the
#: training mean (its test MSE); dotted: least squares on the same split; values above the axes written
#: out. A :class:`~nnbasics.plotting.Layered` render: the activation decides the axes, the other controls redraw two curves, a circle and a title.
plot_grid = Layered(_grid_setup, _grid_update, slow=("activation",))


def plot_training(loss: ArrayLike, test_loss: ArrayLike, y_true: ArrayLike, y_pred: ArrayLike, *,
                  units: str = "") -> Any:
    """A training run: loss per epoch (training and test), and predictions against the truth on test data.

    Parameters
    ----------
    loss, test_loss : array_like of shape (n_epochs,)
        ``loss_curve_`` and ``eval_loss_curve_`` of a fitted network.
    y_true, y_pred : array_like of shape (n_test,)
    units : str
        Appended to the axis labels of the right panel.
    """
    owner = "plot_training"
    loss, test_loss = (_curve(v, name, owner, 1) for v, name in ((loss, "loss"), (test_loss, "test_loss")))
    y_true, y_pred = (_curve(v, name, owner, 2) for v, name in ((y_true, "y_true"), (y_pred, "y_pred")))
    for name, arr, other in (("test_loss", test_loss, loss), ("y_pred", y_pred, y_true)):
        if arr.shape != other.shape:
            raise ValueError(f"The '{name}' parameter of {owner} must have the shape of the other, {other.shape}. "
                             f"Got {describe(arr)} instead.")
    if not isinstance(units, str):
        raise TypeError(f"The 'units' parameter of {owner} must be a string. Got {describe(units)} instead.")
    fig, (ax_curve, ax_fit) = new_figure(2)
    epochs = np.arange(1, len(loss) + 1)
    ax_curve.plot(epochs, loss, color=PALETTE["blue"], linewidth=1.8, label="training")
    ax_curve.plot(epochs, test_loss, color=PALETTE["vermillion"], linewidth=1.8, label="test")
    top = float(max(loss.max(), test_loss.max())) if len(loss) else 1.0
    ax_curve.set(xlabel="epoch", ylabel="MSE", ylim=(0, 1.05 * top))
    ax_curve.legend(frameon=False)
    if len(loss):
        title(ax_curve, f"after {len(loss)} epochs: training {loss[-1]:.2f}, test {test_loss[-1]:.2f}")
    lo, hi = float(min(y_true.min(), y_pred.min())), float(max(y_true.max(), y_pred.max()))
    pad = 0.04 * (hi - lo)                                # no point on the edge, half cut off
    lo, hi = lo - pad, hi + pad
    ax_fit.plot([lo, hi], [lo, hi], color=PALETTE["grey"], linestyle="--", linewidth=1, label="perfect")
    ax_fit.scatter(y_true, y_pred, s=14, color=PALETTE["blue"], alpha=0.7, label="test patients")
    ax_fit.set(xlabel=f"true value{units}", ylabel=f"predicted{units}", xlim=(lo, hi), ylim=(lo, hi))
    ax_fit.set_aspect("equal", adjustable="box")
    ax_fit.legend(frameon=False, loc="upper left")
    with np.errstate(divide="ignore", invalid="ignore"):  # constant values: no correlation
        r = float(np.corrcoef(y_true, y_pred)[0, 1])
    title(ax_fit, f"test set: correlation {r:.2f}" if np.isfinite(r) else
          "test set: correlation undefined (constant values)")
    return fig


def _curve(values: ArrayLike, name: str, owner: str, least: int) -> NDArray[np.float64]:
    """A finite 1-D float64 array of at least ``least`` values."""
    arr = as_float_array(values, name, owner, ndim=1, allow_nan=False, allow_inf=False).astype(np.float64)
    if arr.size < least:
        raise ValueError(f"The '{name}' parameter of {owner} must hold at least {least} value(s). "
                         f"Got {describe(arr)} instead.")
    return arr


def plot_confusions(matrices: Mapping[str, ArrayLike], labels: Sequence[Any] | None = None) -> Any:
    """Confusion matrices side by side: row = true class, column = predicted class, counts in the cells.

    The mistakes (off-diagonal cells) are shaded on one colour scale shared by every panel, so the
    same shade means the same count in each.

    Parameters
    ----------
    matrices : mapping of str to array_like of shape (k, k)
        E.g. ``sklearn.metrics.confusion_matrix(y_true, y_pred)`` per model.
    labels : sequence, optional
        Class labels (default ``0 … k-1``).
    """
    owner = "plot_confusions"
    if not isinstance(matrices, Mapping) or not matrices:
        raise TypeError(f"The 'matrices' parameter of {owner} must be a non-empty dict of confusion matrices "
                        f"such as {{'model': confusion_matrix(y_true, y_pred)}}. Got {describe(matrices)} instead.")
    counts = {}
    for name, matrix in matrices.items():
        where = f"matrices[{name!r}]"
        m = as_float_array(matrix, where, owner, ndim=2, allow_nan=False, allow_inf=False)
        if m.shape[0] != m.shape[1] or m.size == 0 or np.any(m < 0) or np.any(m != np.round(m)):
            raise ValueError(f"The '{where}' parameter of {owner} must be a square matrix of counts (whole "
                             f"numbers >= 0). Got {describe(m)} instead.")
        counts[name] = m.astype(np.int64)
    if labels is not None:
        if isinstance(labels, (str, bytes)) or not isinstance(labels, (Sequence, np.ndarray)) or any(
                len(labels) != m.shape[0] for m in counts.values()):
            raise ValueError(f"The 'labels' parameter of {owner} must be None or one label per class, "
                             f"{sorted({m.shape[0] for m in counts.values()})}. Got {describe(labels)} instead.")
    vmax = max([1.0] + [float((m - np.diag(np.diag(m))).max()) for m in counts.values()])  # shared scale
    fig, axes = new_figure(len(counts), height=3.9)
    for ax, (name, m) in zip(axes, counts.items()):
        k = m.shape[0]
        ticks = list(range(k)) if labels is None else list(labels)
        off = m.astype(float)
        np.fill_diagonal(off, np.nan)                     # colour the mistakes; the diagonal stays white
        ax.imshow(off, cmap="Oranges", vmin=0, vmax=vmax)
        ax.grid(False)
        for i in range(k):
            for j in range(k):
                if m[i, j]:
                    ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=9,
                            fontweight="bold" if i == j else "normal")
        ax.set_xticks(range(k), ticks)
        ax.set_yticks(range(k), ticks)
        ax.set(xlabel="predicted class", ylabel="true class")
        title(ax, f"{name}: {int(np.trace(m))} of {int(m.sum())} right")
    return fig
