r"""Figures of the overfitting chapter: learning curves, and double descent as a live figure.

Introduced in: the overfitting chapter (book/overfitting.ipynb).

* :func:`plot_learning_curves` draws training and validation error against the training-set size, one
  colour per model;
* :func:`double_descent_render` is the live figure of :func:`nnbasics.generalization.double_descent`:
  on the left, the fits of the network of the chosen width on several resampled training sets, their
  mean and the true function; on the right, the error, bias² and variance against the width (log
  scales), the interpolation width and the chosen width marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._validation import as_float_array
from . import Layered
from . import PALETTE, new_figure, title

__all__ = ["double_descent_render", "plot_learning_curves"]

_MODEL_COLORS = (PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"])
_N_FITS = 8                       # resampled fits drawn on the left


def plot_learning_curves(sizes: ArrayLike, curves: Mapping[str, tuple[ArrayLike, ArrayLike]], *,
                         ylabel: str = "error rate", heading: str = "Learning curves") -> Any:
    r"""Training (dashed) and validation (solid) error against the training-set size, one colour per model.

    Introduced in: the overfitting chapter.

    Parameters
    ----------
    sizes : array_like of shape (k,)
        Training-set sizes (log-scaled axis).
    curves : dict of str to (train, validation)
        For each model's label, its two error curves, each of shape (k,).
    ylabel, heading : str

    Examples
    --------
    >>> fig = plot_learning_curves([10, 100], {"small": ([0.1, 0.2], [0.5, 0.3])})
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['small, training', 'small, validation']
    """
    owner = "plot_learning_curves"
    sizes = as_float_array(sizes, "sizes", owner, ndim=1, allow_nan=False, allow_inf=False)
    for name, text in (("ylabel", ylabel), ("heading", heading)):
        if not isinstance(text, str):
            raise TypeError(f"The '{name}' parameter of {owner} must be a string. Got {text!r} instead.")
    if not isinstance(curves, Mapping) or not curves or len(curves) > len(_MODEL_COLORS):
        raise ValueError(f"The 'curves' parameter of {owner} must be a dict of 1 to {len(_MODEL_COLORS)} "
                         f"models, label -> (train, validation). Got {curves!r} instead.")
    fig, (ax,) = new_figure(1, width=6.5, height=3.4)
    for color, (label, pair) in zip(_MODEL_COLORS, curves.items()):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise ValueError(f"The 'curves' parameter of {owner} must map each label to a pair (train, "
                             f"validation). Got {pair!r} for {label!r} instead.")
        train, val = (as_float_array(c, "curves", owner, ndim=1) for c in pair)
        if train.shape != sizes.shape or val.shape != sizes.shape:
            raise ValueError(f"The 'curves' parameter of {owner} must hold curves of the shape of sizes, "
                             f"{sizes.shape}. Got {train.shape} and {val.shape} for {label!r} instead.")
        ax.plot(sizes, train, "--o", color=color, markersize=3.5, label=f"{label}, training")
        ax.plot(sizes, val, "-o", color=color, markersize=3.5, label=f"{label}, validation")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{size:g}" for size in sizes], minor=False)
    ax.set_xticks([], minor=True)
    ax.set(xlabel="training-set size", ylabel=ylabel)
    ax.legend(fontsize=8, frameon=False)
    title(ax, heading)
    return fig


def double_descent_render(result: Any) -> Layered:
    r"""The live figure of a :class:`~nnbasics.generalization.DoubleDescent`, control ``width``.

    Introduced in: the overfitting chapter.

    Examples
    --------
    >>> from nnbasics.generalization import double_descent
    >>> render = double_descent_render(double_descent((2, 9, 32), n_train=10, n_resamples=5))
    >>> fig = render(width=9)
    >>> fig.axes[0].get_title()
    '9 hidden units, 10 parameters, 10 training points'
    """
    from ..generalization import DoubleDescent

    if not isinstance(result, DoubleDescent):
        raise TypeError(f"The 'result' parameter of double_descent_render must be a DoubleDescent (from "
                        f"double_descent). Got {type(result).__name__} instead.")
    widths = np.array(result.widths, dtype=float)
    curves = {name: result.curve(name) for name in ("error", "bias2", "variance")}
    noise2 = result.runs[0].noise2

    def setup() -> tuple[Any, dict[str, Any]]:
        fig, (ax_f, ax_e) = new_figure(2, width=8.0, height=4.4)
        fig.subplots_adjust(bottom=0.3, top=0.91)
        first = result.runs[0]
        ax_f.plot(first.x_test, first.f_test, color=PALETTE["black"], linewidth=2, label="true f(x) = sin(πx)",
                  zorder=4)
        fits = [ax_f.plot([], [], color=PALETTE["sky"], linewidth=0.8, alpha=0.8,
                          label="fits on resampled training sets" if k == 0 else None)[0] for k in range(_N_FITS)]
        mean, = ax_f.plot([], [], color=PALETTE["vermillion"], linewidth=2, linestyle="--",
                          label="mean of all fits", zorder=5)
        ax_f.set(xlim=(-1, 1), ylim=(-2.5, 2.5), xlabel="x", ylabel="prediction")
        below = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.17), "ncol": 2, "fontsize": 7, "frameon": False}
        ax_f.legend(**below)
        styles = {"error": (PALETTE["black"], "-", "error = bias² + variance"),
                  "bias2": (PALETTE["blue"], "--", "bias²"), "variance": (PALETTE["orange"], "-.", "variance")}
        for name, (color, style, label) in styles.items():
            ax_e.plot(widths, curves[name], style, color=color, marker="o", markersize=3, label=label)
        ax_e.axhline(noise2, color=PALETTE["grey"], linewidth=1, label="noise σ²")
        ax_e.axvline(result.interpolation_width, color=PALETTE["purple"], linewidth=1, linestyle=":",
                     label=f"interpolation: {result.n_train} parameters")
        marker = ax_e.axvline(widths[0], color=PALETTE["vermillion"], linewidth=2, alpha=0.6)
        shown = np.concatenate([*curves.values(), [noise2]])
        shown = shown[shown > 0]
        ax_e.set(xscale="log", yscale="log", xlabel="hidden units K", ylabel="mean squared error",
                 ylim=(shown.min() / 2, shown.max() * 2))
        ax_e.legend(**below)
        title(ax_f, " ")
        title(ax_e, " ")
        artists = [*fits, mean, marker, ax_f.title, ax_e.title]
        return fig, {"fits": fits, "mean": mean, "marker": marker, "titles": (ax_f.title, ax_e.title),
                     "artists": artists}

    def update(state: dict[str, Any], width: int) -> list[Any]:
        run = result.run(int(width))
        for line, prediction in zip(state["fits"], run.predictions):
            line.set_data(run.x_test, prediction)
        state["mean"].set_data(run.x_test, run.predictions.mean(axis=0))
        state["marker"].set_xdata([width, width])
        state["titles"][0].set_text(f"{int(width)} hidden units, {int(width) + 1} parameters, "
                                    f"{result.n_train} training points")
        state["titles"][1].set_text(f"bias² {run.bias2:.3g}, variance {run.variance:.3g}")
        return state["artists"]

    return Layered(setup, update, slow=())

