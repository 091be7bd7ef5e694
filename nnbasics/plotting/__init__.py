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
:mod:`nnbasics.plotting.evaluation` (the evaluation chapter's).

Introduced in: the activations chapter (book/activations.ipynb).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_scalar, describe

__all__ = ["PALETTE", "new_figure", "title", "activations", "backprop", "boundaries", "descent", "evaluation", "losses", "network"]

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


from . import activations, backprop, boundaries, descent, evaluation, losses, network  # noqa: E402  (submodules use the helpers above)
