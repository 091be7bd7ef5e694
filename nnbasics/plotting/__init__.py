r"""Figures for the book: pure functions from numbers to a :class:`matplotlib.figure.Figure`.

Each function builds its own figure (``matplotlib.figure.Figure``, never ``pyplot``), so it can be
called thousands of times by :func:`nnbasics.widgets.live_figure` without leaking state, and the same
arguments always give the same picture. Colours come from the Okabe–Ito palette, which stays distinct
for the common forms of colour blindness. Matplotlib is imported only when a figure is drawn.

One submodule per topic, named like the library module it draws: :mod:`nnbasics.plotting.activations`,
:mod:`nnbasics.plotting.losses`, :mod:`nnbasics.plotting.descent`, :mod:`nnbasics.plotting.boundaries`
(the playground chapter's figures, drawn from precomputed grids, not from a model class),
:mod:`nnbasics.plotting.network` (the first-network chapter's),
:mod:`nnbasics.plotting.backprop` (the backpropagation chapter's),
:mod:`nnbasics.plotting.generalization` (the overfitting chapter's),
:mod:`nnbasics.plotting.evaluation` (the evaluation chapter's),
:mod:`nnbasics.plotting.cost` (the speed, memory and size chapter's).

Introduced in: the activations chapter (book/activations.ipynb).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._validation import _fmt, check_scalar, describe

__all__ = ["PALETTE", "Layered", "new_figure", "title", "activations", "backprop", "boundaries", "cost", "descent",
           "evaluation", "generalization", "losses", "network"]

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000", "grey": "#8C8C8C",
}


def new_figure(ncols: int = 1, *, width: float = 8.0, height: float = 3.2) -> tuple[Any, list[Any]]:
    """A figure with ``ncols`` side-by-side axes (1 to 8), sized for a 700-800 px column.

    ``width`` and ``height`` are in inches, in :math:`(0, 100]`.

    Examples
    --------
    >>> fig, axes = new_figure(2)
    >>> len(axes)
    2
    """
    from matplotlib.figure import Figure

    ncols = check_scalar(ncols, "ncols", "new_figure", low=1, high=8, integer=True)
    width = check_scalar(width, "width", "new_figure", low=0, high=100, include_low=False)
    height = check_scalar(height, "height", "new_figure", low=0, high=100, include_low=False)
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=0.08 if ncols > 1 else 0.1, right=0.98, bottom=0.16, top=0.9, wspace=0.28)
    axes = list(np.atleast_1d(fig.subplots(1, ncols)))
    for ax in axes:
        ax.grid(True, color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig, axes


def title(ax: Any, text: str) -> None:
    """Set an axes title at a fixed height.

    A fixed height skips Matplotlib's search for tick labels overlapping the title, about a third of
    the time of a redraw; every live figure redraws often.
    """
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"The 'ax' parameter of title must be Matplotlib axes, e.g. from new_figure(). "
                        f"Got {describe(ax)} instead.")
    if not isinstance(text, str):
        raise TypeError(f"The 'text' parameter of title must be a string. Got {describe(text)} instead.")
    ax.set_title(text, y=1.0, fontsize=11)


def _check_figure(fig: Any, where: str, values: dict[str, Any]) -> Any:
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        hint = " (is `return fig` missing?)" if fig is None else ""
        raise TypeError(f"{where} must return a matplotlib.figure.Figure. It returned {_fmt(fig)} for the "
                        f"values {values}{hint}.")
    return fig


class Layered:
    r"""A render function split in two, so a control change redraws only what it changes.

    Drawing a Matplotlib figure from scratch (axes, ticks, labels) costs 100-200 ms here; most controls
    move a point or a line on axes that stay put. A :class:`Layered` render draws the axes once per
    value of the ``slow`` controls and, for every other change, restores that background and draws only
    the changed artists on top (blitting), in a few milliseconds.

    Parameters
    ----------
    setup : callable
        ``setup(**slow_values) -> (fig, state)``: the figure with everything that depends only on the
        slow controls; ``state`` is whatever ``update`` needs (typically the artists it will change).
    update : callable
        ``update(state, **values) -> list of artists``: set the data of the changing artists for the
        given values of *all* controls and return them; only these are redrawn.
    slow : sequence of str
        Names of the controls whose change needs a new ``setup``.

    Notes
    -----
    Calling the object, ``layered(**values)``, draws the whole figure the ordinary way, so a
    :class:`Layered` is also a plain render function: tests and the benchmark's peer use that path.
    """

    def __init__(self, setup: Callable[..., Any], update: Callable[..., Any], slow: Sequence[str]) -> None:
        for name, fn in (("setup", setup), ("update", update)):
            if not callable(fn):
                raise TypeError(f"The '{name}' parameter of Layered must be callable. Got {_fmt(fn)} instead.")
        if (isinstance(slow, str) or not isinstance(slow, (Sequence, np.ndarray))
                or not all(isinstance(s, str) for s in slow)):
            raise TypeError(f"The 'slow' parameter of Layered must be a list of control names. Got {_fmt(slow)} "
                            f"instead" + (f"; write slow=({slow!r},)." if isinstance(slow, str) else "."))
        self.setup, self.update, self.slow = setup, update, tuple(slow)

    def _setup(self, values: dict[str, Any]) -> tuple[Any, Any]:
        missing = [n for n in self.slow if n not in values]
        if missing:
            raise ValueError(f"The 'slow' parameter of Layered must name controls of the figure {list(values)}. "
                             f"Got {list(self.slow)} instead ({missing} not among them).")
        made = self.setup(**{n: values[n] for n in self.slow})
        if not (isinstance(made, tuple) and len(made) == 2):
            raise TypeError(f"The 'setup' function of Layered must return a pair (fig, state). It returned "
                            f"{_fmt(made)} for the values {values}.")
        _check_figure(made[0], "The 'setup' function of Layered, as the first item of its pair,", values)
        return made

    def _update(self, state: Any, values: dict[str, Any]) -> list[Any]:
        from matplotlib.artist import Artist

        artists = self.update(state, **values)
        if not isinstance(artists, (list, tuple)) or not all(isinstance(a, Artist) for a in artists):
            raise TypeError(f"The 'update' function of Layered must return a list of the Matplotlib artists it "
                            f"changed. It returned {_fmt(artists)} for the values {values}.")
        return list(artists)

    def __call__(self, **values: Any) -> Any:
        fig, state = self._setup(values)
        for artist in self._update(state, values):
            artist.set_animated(False)
        return fig


from . import activations, backprop, boundaries, cost, descent, evaluation, generalization, losses, network  # noqa: E402  (submodules use the helpers above)
