"""Fixtures shared by the tests of the book's figures."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnbasics.widgets import figure_to_png


def _render_strictly(render, **values):
    """Render and encode a frame with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            fig = render(**values)
        assert len(figure_to_png(fig)) > 1000
    return fig


def _ordinary_rgba(fig, dpi: int = 80):
    """The figure drawn the ordinary way (every artist, no blitting), as an int RGBA array."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).astype(int)


@pytest.fixture
def render_strictly():
    """``render_strictly(render, **values)``: the figure, failing on any warning while drawing or encoding."""
    return _render_strictly


@pytest.fixture
def ordinary_rgba():
    """``ordinary_rgba(fig, dpi=80)``: the reference picture a blitted frame must match."""
    return _ordinary_rgba
