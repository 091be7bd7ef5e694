r"""Figures of the playground chapter: decision boundaries, hidden units, and ReLU bumps in one dimension.

Introduced in: the playground chapter.

The figures are written against plain numbers, not against a model class, so any classifier can drive
them: a probability map is computed once by :func:`probability_grid` from any callable
``proba(X) -> p`` (``p`` of shape ``(m,)``, or ``(m, 2)`` as scikit-learn's ``predict_proba`` returns it)
on the fixed grid of :func:`grid_points`, and the figures draw such precomputed grids with ``imshow``
(far cheaper than ``contourf``). A chapter trains its networks once, stores a grid per training snapshot,
and hands the figures those grids.

* :func:`boundary_render` builds the main figure as a :class:`~nnbasics.plotting.Layered` render: the
  probability map of class 1 with the train and test points, beside the train and test loss curves up to
  the current epoch, the epoch marked. Moving the epoch (or any control but the slow ones) redraws only
  the image, the points over it, the curves, the marker and the titles. A grid holding NaN or inf (a
  diverged network) is drawn as an even grey with a message, never blank.
* :func:`plot_hidden_units` draws what each hidden unit computes over the input plane (small multiples).
* :data:`plot_relu_bumps` draws a 1-D target, the sum of ReLU bumps of
  :func:`nnbasics.approximation.relu_bumps` and the individual bumps; :func:`plot_approximation_errors`
  the measured error against the number of bumps.

Colours: class 0 is orange, class 1 blue (Okabe–Ito), white is :math:`p = 1/2`, the decision boundary.

Examples
--------
>>> import numpy as np
>>> bounds = (-1.0, 1.0, -1.0, 1.0)
>>> P = probability_grid(lambda X: 1 / (1 + np.exp(-4 * X[:, 0])), bounds, resolution=5)
>>> np.round(P[0], 2).tolist()          # the bottom row, left to right: class 1 on the right
[0.02, 0.12, 0.5, 0.88, 0.98]
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import as_float_array, check_choice, check_scalar, describe
from ..activations import ACTIVATIONS, Activation, get_activation
from ..approximation import (TARGETS, _approximation_errors, convergence_rate, get_target, interpolation_bound,
                             relu_bumps)
from . import Layered
from . import PALETTE, new_figure, title

__all__ = [
    "BoundaryData", "BoundaryFrame", "boundary_render", "dense_units", "grid_bounds", "grid_points",
    "plot_approximation_errors", "plot_boundary", "plot_hidden_units", "plot_relu_bumps", "probability_grid",
    "unit_grids",
]

Bounds = tuple[float, float, float, float]
_CLASS_COLORS = (PALETTE["orange"], PALETTE["blue"])
_DIVERGED = "The output is not a number (NaN or inf): training diverged. Try a smaller learning rate."


# --------------------------------------------------------------------------------------------------
# Grids
# --------------------------------------------------------------------------------------------------
def _check_bounds(bounds: Sequence[float], owner: str) -> Bounds:
    if not isinstance(bounds, (tuple, list, np.ndarray)) or len(bounds) != 4:
        raise ValueError(f"The 'bounds' parameter of {owner} must be (x1_min, x1_max, x2_min, x2_max). "
                         f"Got {bounds!r} instead.")
    x0 = check_scalar(bounds[0], "bounds", owner)
    x1 = check_scalar(bounds[1], "bounds", owner, low=x0, include_low=False)
    y0 = check_scalar(bounds[2], "bounds", owner)
    y1 = check_scalar(bounds[3], "bounds", owner, low=y0, include_low=False)
    return x0, x1, y0, y1


def grid_bounds(X: ArrayLike, margin: float = 0.2) -> Bounds:
    r"""Bounds ``(x1_min, x1_max, x2_min, x2_max)`` around the points ``X``, widened by ``margin`` of the span.

    Examples
    --------
    >>> grid_bounds([[0.0, 0.0], [1.0, 2.0]], margin=0.1)
    (-0.1, 1.1, -0.2, 2.2)
    """
    owner = "grid_bounds"
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False)
    if X.shape[1] != 2 or X.shape[0] < 1:
        raise ValueError(f"The 'X' parameter of {owner} must have shape (n_samples, 2) with n_samples >= 1. "
                         f"Got an array of shape {X.shape} instead.")
    margin = check_scalar(margin, "margin", owner, low=0)
    low, high = X.min(axis=0), X.max(axis=0)
    pad = margin * np.maximum(high - low, 1e-3)
    return (round(float(low[0] - pad[0]), 12), round(float(high[0] + pad[0]), 12),
            round(float(low[1] - pad[1]), 12), round(float(high[1] + pad[1]), 12))


def grid_points(bounds: Sequence[float], resolution: int = 64) -> NDArray[np.float64]:
    r"""The ``resolution`` :math:`\times` ``resolution`` grid over ``bounds``, one point per row.

    Row :math:`i \cdot r + j` is :math:`(x_1^{(j)}, x_2^{(i)})`, so values computed on these points and
    reshaped to ``(resolution, resolution)`` form an image whose first row is the bottom of the plane
    (``imshow(..., origin="lower")``).

    Returns
    -------
    ndarray of shape (resolution ** 2, 2)

    Examples
    --------
    >>> grid_points((0, 1, 0, 1), resolution=2).tolist()
    [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    """
    return _grid_points(bounds, resolution, "grid_points")


def _grid_points(bounds: Sequence[float], resolution: int, owner: str) -> NDArray[np.float64]:
    """:func:`grid_points`, its checks naming ``owner``."""
    x0, x1, y0, y1 = _check_bounds(bounds, owner)
    resolution = check_scalar(resolution, "resolution", owner, low=2, integer=True)
    g1, g2 = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return np.column_stack([g1.ravel(), g2.ravel()])


def probability_grid(proba: Callable[[NDArray[np.float64]], ArrayLike], bounds: Sequence[float],
                     resolution: int = 64) -> NDArray[np.float64]:
    r"""The probability of class 1 on the grid of :func:`grid_points`, as an image.

    Parameters
    ----------
    proba : callable
        ``proba(X)`` for ``X`` of shape ``(m, 2)`` returns :math:`p(y = 1 \mid x)` of shape ``(m,)`` or
        ``(m, 1)``, or both classes' probabilities, shape ``(m, 2)`` (as ``predict_proba`` does).
        NaN and inf are kept (a diverged network), and drawn as such by the figures.
    bounds : (x1_min, x1_max, x2_min, x2_max)
    resolution : int, default=64
        Grid points per side, ``>= 2``.

    Returns
    -------
    ndarray of shape (resolution, resolution)
        Row :math:`i` is :math:`x_2^{(i)}` (bottom first), column :math:`j` is :math:`x_1^{(j)}`.

    Raises
    ------
    ValueError
        If ``proba`` returns another shape, or finite values outside :math:`[0, 1]`.
    """
    owner = "probability_grid"
    if not callable(proba):
        raise TypeError(f"The 'proba' parameter of {owner} must be callable, proba(X) -> probabilities, such as "
                        f"model.predict_proba. Got {describe(proba)} instead.")
    points = _grid_points(bounds, resolution, owner)
    p = as_float_array(proba(points), "proba", owner).astype(np.float64, copy=False)
    m = points.shape[0]
    if p.shape == (m, 2):
        p = p[:, 1]
    elif p.shape == (m, 1):
        p = p[:, 0]
    if p.shape != (m,):
        raise ValueError(f"The 'proba' parameter of {owner} must return an array of shape ({m},), ({m}, 1) or "
                         f"({m}, 2) for {m} points. Got an array of shape {p.shape} instead.")
    finite = p[np.isfinite(p)]
    if finite.size and (finite.min() < 0 or finite.max() > 1):
        raise ValueError(f"The 'proba' parameter of {owner} must return probabilities in [0, 1]. Got values "
                         f"from {finite.min():.3g} to {finite.max():.3g} instead.")
    return p.reshape(resolution, resolution)


def _class_colormap(name: str = "nnbasics_classes", lighten: float = 0.45) -> Any:
    """Orange (p = 0) through white (p = 1/2) to blue (p = 1), the ends mixed ``lighten`` of the way to white."""
    from matplotlib.colors import LinearSegmentedColormap, to_rgb

    def light(color: str) -> tuple[float, ...]:
        return tuple(c + lighten * (1.0 - c) for c in to_rgb(color))

    return LinearSegmentedColormap.from_list(name, [light(_CLASS_COLORS[0]), (1.0, 1.0, 1.0),
                                                    light(_CLASS_COLORS[1])])


def _values_colormap() -> Any:
    """Orange (negative) through white (0) to blue (positive), full strength: a hidden unit's activation."""
    return _class_colormap("nnbasics_values", lighten=0.0)


# --------------------------------------------------------------------------------------------------
# The decision-boundary figure
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoundaryData:
    r"""What a decision-boundary figure keeps while only the epoch (or other fast controls) move.

    Attributes
    ----------
    X_train, X_test : array_like of shape (n, 2)
    y_train, y_test : array_like of shape (n,)
        Labels in {0, 1}.
    bounds : (x1_min, x1_max, x2_min, x2_max)
        The plane shown; the same as the grids' (see :func:`probability_grid`).
    n_epochs : int
        Length of the loss axis.
    loss_limits : (float, float), default=(0.001, 3.0)
        The loss axis (log scale); the losses are clipped into it for drawing.
    name : str
        The data set's name, shown in the title.
    """

    X_train: ArrayLike
    y_train: ArrayLike
    X_test: ArrayLike
    y_test: ArrayLike
    bounds: Sequence[float]
    n_epochs: int
    loss_limits: tuple[float, float] = (0.001, 3.0)
    name: str = ""

    def __post_init__(self) -> None:  # checked when made, so a figure never meets a bad record
        owner = "BoundaryData"
        for part in ("train", "test"):
            X, y = _labelled_points(getattr(self, f"X_{part}"), getattr(self, f"y_{part}"), part, owner)
            object.__setattr__(self, f"X_{part}", X)
            object.__setattr__(self, f"y_{part}", y)
        object.__setattr__(self, "bounds", _check_bounds(self.bounds, owner))
        object.__setattr__(self, "n_epochs", check_scalar(self.n_epochs, "n_epochs", owner, low=1, integer=True))
        object.__setattr__(self, "loss_limits", _check_limits(self.loss_limits, owner))
        if not isinstance(self.name, str):
            raise TypeError(f"The 'name' parameter of {owner} must be a string. Got {describe(self.name)} instead.")


def _check_limits(limits: Any, owner: str) -> tuple[float, float]:
    """The loss axis ``(low, high)``, ``0 < low < high``."""
    if isinstance(limits, (str, bytes)) or not isinstance(limits, (Sequence, np.ndarray)) or len(limits) != 2:
        raise TypeError(f"The 'loss_limits' parameter of {owner} must be a pair (low, high). "
                        f"Got {describe(limits)} instead.")
    low = check_scalar(limits[0], "loss_limits", owner, low=0, include_low=False)
    return low, check_scalar(limits[1], "loss_limits", owner, low=low, include_low=False)


@dataclass(frozen=True)
class BoundaryFrame:
    r"""One frame of a decision-boundary figure: a training snapshot.

    Attributes
    ----------
    grid : array_like of shape (r, r)
        :math:`p(y = 1 \mid x)` on the grid of :func:`probability_grid` over ``BoundaryData.bounds``.
    epochs : array_like of shape (k,)
        Epochs at which the losses were recorded.
    train_loss, test_loss : array_like of shape (k,)
        The losses at those epochs (NaN or inf after a divergence: the finite part is drawn).
    epoch : int
        The snapshot's epoch, marked on the loss curves (with dots at the last losses recorded up to it);
        only losses up to it are drawn.
    label : str
        What the network is (e.g. ``"8 ReLU units"``), shown in the title.
    message : str or None
        A note shown in a box over the boundary (e.g. why training diverged). A grid with NaN or inf
        gets a default note if this is None.
    """

    grid: ArrayLike
    epochs: ArrayLike
    train_loss: ArrayLike
    test_loss: ArrayLike
    epoch: int
    label: str = ""
    message: str | None = None

    def __post_init__(self) -> None:  # checked when made, so a figure never meets a bad record
        owner = "BoundaryFrame"
        grid = as_float_array(self.grid, "grid", owner, ndim=2).astype(np.float64)
        finite = grid[np.isfinite(grid)]
        if np.any((finite < 0) | (finite > 1)):
            raise ValueError(f"The 'grid' parameter of {owner} must hold probabilities in [0, 1] (NaN or inf "
                             f"where a network diverged). Got values from {finite.min():.3g} to "
                             f"{finite.max():.3g} instead.")
        epochs = as_float_array(self.epochs, "epochs", owner, ndim=1, allow_nan=False, allow_inf=False)
        object.__setattr__(self, "grid", grid)
        object.__setattr__(self, "epochs", epochs.astype(np.float64))
        for key in ("train_loss", "test_loss"):
            loss = as_float_array(getattr(self, key), key, owner, ndim=1).astype(np.float64)
            if loss.shape != epochs.shape:
                raise ValueError(f"The '{key}' parameter of {owner} must have the shape of 'epochs' "
                                 f"{epochs.shape}. Got shape {loss.shape} instead.")
            object.__setattr__(self, key, loss)
        epoch = check_scalar(self.epoch, "epoch", owner, low=0)
        object.__setattr__(self, "epoch", int(epoch) if epoch == int(epoch) else epoch)  # titles say "epoch 20"
        if not isinstance(self.label, str) or not (self.message is None or isinstance(self.message, str)):
            raise TypeError(f"The 'label' and 'message' of {owner} must be strings (message may be None). "
                            f"Got {describe(self.label)} and {describe(self.message)} instead.")


def _points(ax: Any, X: NDArray[np.float64], y: NDArray[np.int64], *, test: bool) -> list[Any]:
    """The points of each class as one marker line each (cheaper to draw than a scatter)."""
    artists = []
    for label, color in enumerate(_CLASS_COLORS):
        rows = y == label
        line, = ax.plot(X[rows, 0], X[rows, 1], "^" if test else "o", color=color, markersize=5 if test else 4.5,
                        markeredgecolor=PALETTE["black"] if test else "white", markeredgewidth=0.8 if test else 0.5,
                        linestyle="none", zorder=3, label=f"{'test' if test else 'train'}, class {label}")
        artists.append(line)
    return artists


def _labelled_points(X: ArrayLike, y: ArrayLike, part: str, owner: str
                     ) -> tuple[NDArray[np.floating], NDArray[np.int64]]:
    """``X`` of shape (n, 2), finite, and ``y`` of shape (n,) with labels in {0, 1}, checked."""
    X = as_float_array(X, f"X_{part}", owner, ndim=2, allow_nan=False, allow_inf=False)
    if X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"The 'X_{part}' parameter of {owner} must be points of shape (n, 2), n >= 1. "
                         f"Got {describe(X)} instead.")
    labels = as_float_array(y, f"y_{part}", owner, ndim=1, allow_nan=False, allow_inf=False)
    if labels.shape != (X.shape[0],) or not np.isin(labels, (0, 1)).all():
        raise ValueError(f"The 'y_{part}' parameter of {owner} must hold one label in {{0, 1}} per point of "
                         f"X_{part}, shape ({X.shape[0]},). Got {describe(labels)} with labels "
                         f"{sorted(set(np.unique(labels).tolist()))[:5]} instead.")
    return X, labels.astype(np.int64)


def _boundary_setup(data: BoundaryData) -> tuple[Any, dict[str, Any]]:
    owner = "boundary_render"
    x0, x1, y0, y1 = _check_bounds(data.bounds, owner)
    X_train, y_train = _labelled_points(data.X_train, data.y_train, "train", owner)
    X_test, y_test = _labelled_points(data.X_test, data.y_test, "test", owner)
    low, high = _check_limits(data.loss_limits, owner)
    fig, (ax_b, ax_l) = new_figure(2, width=8.0, height=4.0)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.24, top=0.86, wspace=0.3)
    ax_b.grid(False)
    ax_l.set_box_aspect(1)
    # NaN/inf probabilities (a diverged network) are drawn in an even grey, never left blank.
    cmap = _class_colormap().with_extremes(bad=(0.55, 0.55, 0.55, 0.45))
    image = ax_b.imshow(np.full((2, 2), 0.5), origin="lower", extent=(x0, x1, y0, y1), cmap=cmap,
                        vmin=0.0, vmax=1.0, interpolation="bilinear", aspect="equal", zorder=0)
    points = _points(ax_b, X_train, y_train, test=False) + _points(ax_b, X_test, y_test, test=True)
    ax_b.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="x₁", ylabel="x₂")
    message = ax_b.text(0.5, 0.5, "", transform=ax_b.transAxes, fontsize=8, ha="center", va="center", zorder=6,
                        visible=False, bbox={"boxstyle": "round,pad=0.4", "facecolor": "white",
                                             "edgecolor": PALETTE["vermillion"], "alpha": 0.95})
    train_line, = ax_l.plot([], [], color=PALETTE["blue"], linewidth=1.8, label="train loss")
    test_line, = ax_l.plot([], [], color=PALETTE["vermillion"], linewidth=1.8, linestyle="--", label="test loss")
    marker = ax_l.axvline(0.0, color=PALETTE["grey"], linewidth=1.0, linestyle=":")
    dots, = ax_l.plot([], [], "o", color=PALETTE["black"], markersize=4.5, zorder=4)
    ax_l.set_yscale("log")
    ax_l.set(xlim=(0, max(int(data.n_epochs), 1)), ylim=(low, high), xlabel="epoch",
             ylabel="cross-entropy loss (log scale)")
    # One legend under both panels, clear of everything that moves: it stays in the cached background
    # (redrawn in every frame, it would cost two thirds of a blitted update).
    fig.legend(handles=[*points, train_line, test_line], loc="lower center", ncol=3, fontsize=9,
               frameon=False, columnspacing=1.2, handletextpad=0.3, borderaxespad=0.2)
    title(ax_b, " ")
    title(ax_l, " ")
    # The image is drawn first; the points, spines and box over it are redrawn with it.
    boundary_artists = [image, *points, *ax_b.spines.values(), message, ax_b.title]
    return fig, {"image": image, "message": message, "name": data.name, "limits": (low, high),
                 "train": train_line, "test": test_line, "marker": marker, "dots": dots, "loss_title": ax_l.title,
                 "artists": boundary_artists + [train_line, test_line, marker, dots, ax_l.title]}


def _boundary_update(state: dict[str, Any], frame: BoundaryFrame) -> list[Any]:
    owner = "boundary_render"
    grid = as_float_array(frame.grid, "grid", owner, ndim=2).astype(np.float64, copy=False)
    finite = np.isfinite(grid)
    state["image"].set_data(np.where(finite, grid, np.nan))
    note = frame.message if frame.message is not None or finite.all() else _DIVERGED
    state["message"].set_text(textwrap.fill(note, 36) if note else "")
    state["message"].set_visible(note is not None)
    epochs = as_float_array(frame.epochs, "epochs", owner, ndim=1)
    low, high = state["limits"]
    shown = epochs <= frame.epoch
    values, diverged = [], []
    for line, key in ((state["train"], "train_loss"), (state["test"], "test_loss")):
        loss = as_float_array(getattr(frame, key), key, owner, ndim=1)
        if loss.shape != epochs.shape:
            raise ValueError(f"The '{key}' parameter of {owner} must have the shape of 'epochs' {epochs.shape}. "
                             f"Got shape {loss.shape} instead.")
        keep = shown & np.isfinite(loss)
        line.set_data(epochs[keep], np.clip(loss[keep], low, high))
        values.append(loss[keep][-1] if keep.any() else np.nan)   # the title says it; the dot is clipped
        diverged.append(not np.all(np.isfinite(loss[shown])))
    state["marker"].set_xdata([frame.epoch, frame.epoch])
    drawn = [np.clip(v, low, high) for v, bad in zip(values, diverged) if np.isfinite(v) and not bad]
    state["dots"].set_data([frame.epoch] * len(drawn), drawn)
    prefix = f"{state['name']}, " if state["name"] else ""
    heading = f"{prefix}{frame.label}: epoch {frame.epoch}" if frame.label else f"{prefix}epoch {frame.epoch}"
    if len(heading) > 40:                       # two lines rather than clipped at the figure's edge
        heading = f"{textwrap.fill(prefix + frame.label, 44)}\nepoch {frame.epoch}"
    state["image"].axes.title.set_text(heading)
    last = [f"{name} diverged" if bad else f"{name} {v:.3g}"
            for name, v, bad in zip(("train", "test"), values, diverged) if bad or np.isfinite(v)]
    state["loss_title"].set_text("loss: " + ", ".join(last) if last else "loss: none recorded yet")
    return state["artists"]


def boundary_render(data: Callable[..., BoundaryData], frame: Callable[..., BoundaryFrame],
                    slow: Sequence[str] = ()) -> Layered:
    r"""The decision-boundary figure as a :class:`~nnbasics.plotting.Layered` render, for a live figure.

    Introduced in: the playground chapter.

    Left: the probability map :math:`p(y = 1 \mid x)` (orange 0, white 1/2, blue 1), the train points
    (dots) and test points (triangles). Right: the train and test loss up to the frame's epoch, marked.

    Parameters
    ----------
    data : callable
        ``data(**slow_values) -> BoundaryData``: the points, plane and loss axis, for the slow controls.
    frame : callable
        ``frame(**values) -> BoundaryFrame``: the snapshot for all controls' values (a cache look-up: the
        grid comes from :func:`probability_grid`, computed once per snapshot).
    slow : sequence of str
        The controls that change ``data`` (typically the data set); any other control redraws only the
        image, the points, the curves, the marker and the titles.

    Returns
    -------
    Layered
        ``render(**values)`` draws the whole figure; :func:`nnbasics.widgets.live_figure` blits it.

    Examples
    --------
    >>> import numpy as np
    >>> from nnbasics.datasets import get_dataset
    >>> X, y = get_dataset("blobs", 40, rng=0)
    >>> bounds = grid_bounds(X)
    >>> def proba(X, epoch):                  # a stand-in for a network: sharper as the epochs pass
    ...     return 1 / (1 + np.exp(-epoch * (X[:, 0] + X[:, 1])))
    >>> epochs = np.arange(11)
    >>> def frame(epoch):
    ...     return BoundaryFrame(probability_grid(lambda X: proba(X, epoch), bounds, 16), epochs,
    ...                          np.exp(-epochs / 3), np.exp(-epochs / 4), epoch, label="a line")
    >>> render = boundary_render(lambda: BoundaryData(X[:30], y[:30], X[30:], y[30:], bounds, 10), frame)
    >>> fig = render(epoch=4)
    >>> fig.axes[0].get_title(), fig.axes[1].get_title()
    ('a line: epoch 4', 'loss: train 0.264, test 0.368')
    """
    for name, value in (("data", data), ("frame", frame)):
        if not callable(value):
            raise TypeError(f"The '{name}' parameter of boundary_render must be callable. Got {describe(value)} "
                            f"instead.")
    if isinstance(slow, str) or not isinstance(slow, (Sequence, np.ndarray)) or \
            not all(isinstance(name, str) for name in slow):
        raise TypeError(f"The 'slow' parameter of boundary_render must be a sequence of control names such as "
                        f"('dataset',). Got {describe(slow)} instead.")
    slow = tuple(slow)

    def setup(**slow_values: Any) -> tuple[Any, dict[str, Any]]:
        return _boundary_setup(data(**slow_values))

    def update(state: dict[str, Any], **values: Any) -> list[Any]:
        return _boundary_update(state, frame(**values))

    return Layered(setup, update, slow=slow)


def plot_boundary(data: BoundaryData, frame: BoundaryFrame) -> Any:
    """One decision-boundary figure (see :func:`boundary_render`) for fixed data and one snapshot.

    Introduced in: the playground chapter.
    """
    return boundary_render(lambda: data, lambda: frame)()


# --------------------------------------------------------------------------------------------------
# Hidden units
# --------------------------------------------------------------------------------------------------
Unit = tuple[ArrayLike, float, "str | Activation"]


def dense_units(W: ArrayLike, b: ArrayLike, activation: str | Activation) -> list[Unit]:
    r"""The units of a dense layer on two inputs as ``(w, b, activation)`` triples, for :func:`plot_hidden_units`.

    Unit :math:`k` computes :math:`a_k = f(x_1 W_{1k} + x_2 W_{2k} + b_k)`.

    Examples
    --------
    >>> units = dense_units(np.array([[1.0, 0.0], [2.0, -1.0]]), np.array([0.5, 0.0]), "relu")
    >>> [(w.tolist(), b) for w, b, _ in units]
    [([1.0, 2.0], 0.5), ([0.0, -1.0], 0.0)]
    """
    owner = "dense_units"
    W = as_float_array(W, "W", owner, ndim=2, allow_nan=False, allow_inf=False)
    b = as_float_array(b, "b", owner, ndim=1, allow_nan=False, allow_inf=False)
    if W.shape[0] != 2 or W.shape[1] == 0:
        raise ValueError(f"The 'W' parameter of {owner} must have shape (2, k), k >= 1: two inputs, k units. "
                         f"Got {describe(W)} instead.")
    if b.shape != (W.shape[1],):
        raise ValueError(f"The 'b' parameter of {owner} must have shape ({W.shape[1]},), one bias per column of "
                         f"W. Got {describe(b)} instead.")
    _as_activation(activation, "activation", owner)
    return [(W[:, k], float(b[k]), activation) for k in range(W.shape[1])]


def _as_activation(activation: str | Activation, name: str, owner: str) -> Activation:
    """An activation object, or the one a name of the registry makes."""
    if isinstance(activation, Activation):
        return activation
    return get_activation(check_choice(activation, name, owner, ACTIVATIONS))


def _units_matrix(units: Any, points: NDArray[np.float64], owner: str) -> NDArray[np.float64]:
    """The units' activations at ``points``, one column per unit (see :func:`unit_grids`)."""
    if callable(units):
        H = as_float_array(units(points), "units", owner, ndim=2).astype(np.float64, copy=False)
        if H.shape[0] != points.shape[0]:
            raise ValueError(f"The 'units' parameter of {owner} must return one row per point, shape "
                             f"({points.shape[0]}, n_units). Got an array of shape {H.shape} instead.")
        return H
    if isinstance(units, (str, bytes)) or not isinstance(units, (Sequence, np.ndarray)):
        raise TypeError(f"The 'units' parameter of {owner} must be a callable or a list of (w, b, activation) "
                        f"triples such as dense_units(W, b, 'relu') gives. Got {describe(units)} instead.")
    if not len(units):
        raise ValueError(f"The 'units' parameter of {owner} must hold at least one unit. Got none.")
    columns = []
    for unit in units:
        if not isinstance(unit, (tuple, list)) or len(unit) != 3:
            raise TypeError(f"The 'units' parameter of {owner} must hold (w, b, activation) triples. Got "
                            f"{describe(unit)} instead.")
        w = as_float_array(unit[0], "units", owner, ndim=1, allow_nan=False, allow_inf=False)
        if w.shape != (2,):
            raise ValueError(f"The 'units' parameter of {owner} must hold weight vectors w of shape (2,). Got "
                             f"{describe(w)} instead.")
        b = check_scalar(unit[1], "units", owner)
        z = points @ w + b  # z = x W + b, one unit
        columns.append(_as_activation(unit[2], "units", owner).forward(z))
    return np.column_stack(columns)


def unit_grids(units: Sequence[Unit] | Callable[[NDArray[np.float64]], ArrayLike], bounds: Sequence[float],
               resolution: int = 48) -> NDArray[np.float64]:
    r"""Each hidden unit's activation on the grid of :func:`grid_points`, one image per unit.

    Parameters
    ----------
    units : sequence of (w, b, activation), or callable
        Triples with ``w`` of shape (2,), a bias and an activation (a name or an
        :class:`~nnbasics.activations.Activation`), as :func:`dense_units` makes them; or a callable
        ``H(X) -> (m, n_units)`` (e.g. a deeper layer's activations).
    bounds : (x1_min, x1_max, x2_min, x2_max)
    resolution : int, default=48

    Returns
    -------
    ndarray of shape (n_units, resolution, resolution)

    Examples
    --------
    >>> g = unit_grids([([1.0, 0.0], 0.0, "relu")], (-1, 1, -1, 1), resolution=3)
    >>> g[0].tolist()
    [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
    """
    return _unit_grids(units, bounds, resolution, "unit_grids")


def _unit_grids(units: Any, bounds: Sequence[float], resolution: int, owner: str) -> NDArray[np.float64]:
    points = _grid_points(bounds, resolution, owner)
    resolution = int(np.sqrt(points.shape[0]))
    return _units_matrix(units, points, owner).T.reshape(-1, resolution, resolution)


def plot_hidden_units(units: Sequence[Unit] | Callable[[NDArray[np.float64]], ArrayLike], bounds: Sequence[float],
                      *, output_weights: ArrayLike | None = None, X: ArrayLike | None = None,
                      y: ArrayLike | None = None, resolution: int = 48, ncols: int = 4, heading: str = "") -> Any:
    r"""Small multiples: what each hidden unit computes over the input plane.

    Introduced in: the playground chapter.

    Panel :math:`k` shows :math:`a_k(x)` (blue positive, orange negative, white 0), all panels on one
    colour scale, given by the colour bar; a unit that is 0 on the whole plane, like a dead ReLU, says so
    in its title. Given triples, the line :math:`x w_k + b_k = 0` where the unit's pre-activation changes
    sign is dashed: a ReLU unit is 0 on one side and grows linearly on the other. Given
    ``output_weights`` :math:`v`, panel :math:`k` shows the unit's contribution :math:`v_k a_k(x)` to the
    logit instead, in the class colours: blue pushes towards class 1, orange towards class 0, and the
    logit :math:`z = \sum_k v_k a_k(x) + c` is the sum of the panels plus :math:`c`.

    Parameters
    ----------
    units : sequence of (w, b, activation), or callable
        As for :func:`unit_grids`.
    bounds : (x1_min, x1_max, x2_min, x2_max)
    output_weights : array_like of shape (n_units,) or (n_units, 1), optional
    X, y : array_like, optional
        Points drawn small over every panel, coloured by class.
    resolution : int, default=48
    ncols : int, default=4
    heading : str
        Added to the figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> units = dense_units(np.array([[1.0, -1.0, 0.5], [1.0, 1.0, -2.0]]), np.zeros(3), "tanh")
    >>> fig = plot_hidden_units(units, (-2, 2, -2, 2), output_weights=[1.5, -0.5, 2.0])
    >>> [ax.get_title() for ax in fig.axes[:3]]
    ['unit 1, v = 1.5', 'unit 2, v = -0.5', 'unit 3, v = 2']
    """
    from matplotlib.figure import Figure

    owner = "plot_hidden_units"
    x0, x1, y0, y1 = _check_bounds(bounds, owner)
    resolution = check_scalar(resolution, "resolution", owner, low=2, high=400, integer=True)
    ncols = check_scalar(ncols, "ncols", owner, low=1, high=8, integer=True)
    grids = _unit_grids(units, bounds, resolution, owner)
    n_units = grids.shape[0]
    ncols = min(ncols, n_units)
    nrows = -(-n_units // ncols)
    v = None
    if output_weights is not None:
        v = as_float_array(output_weights, "output_weights", owner, ndim=(1, 2)).ravel()
        if v.size != n_units:
            raise ValueError(f"The 'output_weights' parameter of {owner} must hold one weight per unit "
                             f"({n_units}). Got {v.size} instead.")
    shown = grids * v[:, None, None] if v is not None else grids
    top = float(np.max(np.abs(shown))) or 1.0          # one scale for every panel
    panel = 8.0 / 4
    fig = Figure(figsize=(panel * ncols + 0.7, panel * nrows + 0.45))
    fig.subplots_adjust(left=0.02, right=1 - 0.9 / (panel * ncols + 0.7), bottom=0.02,
                        top=1 - 0.45 / (panel * nrows + 0.45), wspace=0.08, hspace=0.22)
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    cmap = _values_colormap()
    image = None
    for k, ax in enumerate(axes):
        if k >= n_units:
            fig.delaxes(ax)
            continue
        image = ax.imshow(shown[k], origin="lower", extent=(x0, x1, y0, y1), cmap=cmap, vmin=-top, vmax=top,
                          interpolation="bilinear", aspect="auto")
        if not callable(units):
            w, b, _ = units[k]
            w = np.asarray(w, dtype=float)
            _draw_zero_line(ax, w, float(b), (x0, x1, y0, y1))
        if X is not None and y is not None:
            Xa, ya = np.asarray(X, dtype=float), np.asarray(y)
            for label, color in enumerate(_CLASS_COLORS):
                ax.plot(Xa[ya == label, 0], Xa[ya == label, 1], ".", color=color, markersize=2.5,
                        markeredgewidth=0)
        ax.set(xlim=(x0, x1), ylim=(y0, y1), xticks=[], yticks=[])
        dead = " (0 everywhere)" if not np.any(grids[k]) else ""   # e.g. a ReLU off on the whole plane
        ax.set_title(f"unit {k + 1}" + (f", v = {v[k]:.3g}" if v is not None else "") + dead, fontsize=9, y=1.0)
    bar = fig.colorbar(image, ax=list(axes[:n_units]), fraction=0.03, pad=0.02)
    bar.set_label("vₖ aₖ(x), added into z" if v is not None else "aₖ(x)", fontsize=9)
    what = ("each unit's share vₖ aₖ(x) of z (blue: towards class 1, orange: class 0)"
            if v is not None else "each hidden unit's activation aₖ(x): blue > 0, orange < 0, white 0")
    fig.suptitle(textwrap.fill((heading + ": " if heading else "") + what, 110), fontsize=10)
    return fig


def _draw_zero_line(ax: Any, w: NDArray[np.float64], b: float, bounds: Bounds) -> None:
    """The line :math:`x_1 w_1 + x_2 w_2 + b = 0` across ``bounds``, dashed (nothing if :math:`w = 0`)."""
    x0, x1, y0, y1 = bounds
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        xs = np.array([x0, x1])
        ax.plot(xs, -(b + w[0] * xs) / w[1], "--", color=PALETTE["black"], linewidth=0.9)
    elif w[0] != 0:
        ys = np.array([y0, y1])
        ax.plot(-(b + w[1] * ys) / w[0], ys, "--", color=PALETTE["black"], linewidth=0.9)


# --------------------------------------------------------------------------------------------------
# ReLU bumps in one dimension
# --------------------------------------------------------------------------------------------------
_BUMP_INTERVAL = (-1.0, 1.0)
_BUMP_COLORS = (PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["purple"], PALETTE["sky"],
                PALETTE["vermillion"])


def _bumps_setup(target: str) -> tuple[Any, dict[str, Any]]:
    from matplotlib.collections import LineCollection

    f = get_target(target, "plot_relu_bumps")
    a, b = _BUMP_INTERVAL
    x = np.linspace(a, b, 801)
    fx = np.asarray(f(x), dtype=float)
    span = float(fx.max() - fx.min()) or 1.0
    ylim = (min(fx.min(), 0.0) - 0.15 * span, max(fx.max(), 0.0) + 0.15 * span)
    fig, (ax_g, ax_b) = new_figure(2, width=8.0, height=3.3)
    ax_g.plot(x, fx, color=PALETTE["grey"], linewidth=4, alpha=0.6, label="target f(x)")
    net_line, = ax_g.plot([], [], color=PALETTE["blue"], linewidth=1.8, label="network g(x)")
    centres, = ax_g.plot([], [], "o", color=PALETTE["blue"], markersize=3.5, label="centres tₖ")
    ax_g.legend(loc="best", fontsize=8, framealpha=0.9)
    bumps = LineCollection([], linewidths=1.3)
    ax_b.add_collection(bumps)
    ax_b.axhline(0.0, color=PALETTE["grey"], linewidth=0.8)
    for ax in (ax_g, ax_b):
        ax.set(xlim=(a - 0.05 * (b - a), b + 0.05 * (b - a)), ylim=ylim, xlabel="x")
        title(ax, " ")
    ax_g.set_ylabel("f(x), g(x)")
    ax_b.set_ylabel("f(tₖ) φₖ(x)")
    return fig, {"f": f, "x": x, "net": net_line, "centres": centres, "bumps": bumps, "target": target,
                 "title_g": ax_g.title, "title_b": ax_b.title,
                 "artists": [net_line, centres, ax_g.title, bumps, ax_b.title]}


def _bumps_update(state: dict[str, Any], target: str, n: int) -> list[Any]:
    n = check_scalar(n, "n", "plot_relu_bumps", low=2, high=1000)  # a slider may send 5.0
    if n != int(n):
        raise ValueError(f"The 'n' parameter of plot_relu_bumps must be a whole number of bumps. Got {n!r} "
                         f"instead.")
    net = relu_bumps(state["f"], int(n), _BUMP_INTERVAL)
    x = state["x"]
    g = net.forward(x)
    state["net"].set_data(x, g)
    state["centres"].set_data(net.centers, net.heights)
    contributions = net.bumps(x)
    state["bumps"].set_segments([np.column_stack([x, contributions[:, k]]) for k in range(net.n_bumps)])
    state["bumps"].set_color([_BUMP_COLORS[k % len(_BUMP_COLORS)] for k in range(net.n_bumps)])
    error = float(np.max(np.abs(np.asarray(state["f"](x), dtype=float) - g)))
    state["title_g"].set_text(f"n = {net.n_bumps} bumps, {net.n_hidden} ReLUs: max error {error:.3g}")
    state["title_b"].set_text(f"the {net.n_bumps} bumps, 3 ReLUs each; they sum to g")
    return state["artists"]


#: A 1-D target of :data:`nnbasics.approximation.TARGETS` (``target``, a name) on :math:`[-1, 1]` and the
#: sum of ``n`` ReLU bumps interpolating it: ``plot_relu_bumps(target=..., n=...)`` returns the figure.
#: Left: the target, the network :math:`g` (one hidden layer of :math:`n + 2` ReLUs) and the bumps'
#: centres; the title gives the largest error on the interval. Right: the individual bumps
#: :math:`f(t_k)\,\phi_k(x)`, which add up to :math:`g`. A :class:`~nnbasics.plotting.Layered` render:
#: changing ``n`` redraws only the curves and the titles.
plot_relu_bumps = Layered(_bumps_setup, _bumps_update, slow=("target",))


def plot_approximation_errors(targets: Sequence[str] = ("sine", "kink", "step"),
                              ns: Sequence[int] = (3, 5, 9, 17, 33, 65, 129)) -> Any:
    r"""Measured error of the ReLU-bump network against the number of bumps :math:`n`, on log-log axes.

    Introduced in: the playground chapter.

    One panel for the maximum error, one for the root-mean-square error, a line per target of
    :data:`nnbasics.approximation.TARGETS`, each labelled with the fitted exponent :math:`p` of
    :math:`\text{error} \approx C n^{-p}` (:func:`nnbasics.approximation.convergence_rate`); on the
    maximum-error panel each target's guaranteed bound (:func:`nnbasics.approximation.interpolation_bound`),
    where it has one, is dashed in its colour; the dotted line has slope :math:`-2`.

    Examples
    --------
    >>> fig = plot_approximation_errors(["sine"], [5, 9, 17, 33])
    >>> fig.axes[0].lines[0].get_label()
    'sine: p = 2.01'
    """
    owner = "plot_approximation_errors"
    if isinstance(targets, (str, bytes)) or not isinstance(targets, (Sequence, np.ndarray)) or not len(targets):
        raise TypeError(f"The 'targets' parameter of {owner} must be a non-empty sequence of names such as "
                        f"('sine', 'kink'). Got {describe(targets)} instead.")
    targets = [check_choice(t, "targets", owner, tuple(TARGETS)) for t in targets]
    fig, axes = new_figure(2, width=8.0, height=3.3)
    colors = (PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["purple"])
    for k, target in enumerate(targets):
        errors = _approximation_errors(target, ns, (-1.0, 1.0), 4001, owner)
        n = np.asarray(ns, dtype=float)
        for ax, err in zip(axes, errors):
            floor = np.maximum(err, 1e-16)   # an exact fit (error 0) is drawn at the floor of the log axis
            ax.plot(n, floor, "o-", color=colors[k % len(colors)], markersize=4, linewidth=1.6,
                    label=f"{target}: p = {convergence_rate(n, floor):.3g}")
        bound = interpolation_bound(target, ns) if isinstance(target, str) and target in TARGETS else None
        if bound is not None:
            axes[0].plot(n, bound, "--", color=colors[k % len(colors)], linewidth=1.1, label=f"{target}: bound")
    for ax, what in zip(axes, ("max", "RMS")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        reference = ax.get_ylim()[1] / 2 * (n / n[0]) ** -2.0
        ax.plot(n, reference, ":", color=PALETTE["grey"], linewidth=1.4, label="slope −2 (1/n²)")
        ax.set(xlabel="number of bumps n (log scale)", ylabel=f"{what} error (log scale)")
        ax.legend(fontsize=8, frameon=False, loc="lower left")
        title(ax, f"{what} |f − g| on [−1, 1]")
    return fig
