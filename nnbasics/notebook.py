"""Two display helpers for the chapters: numbers glued into the prose, figures shown as images.

:func:`glue` stores a value under a name so the chapter's text can quote it (``{glue:text}`name:.2f```),
exactly as ``myst_nb.glue`` does; it writes the same output (the ``application/papermill.record/``
mime types and the ``scrapbook`` metadata myst-nb reads at build time) without importing myst-nb,
whose import pulls in nbformat and jsonschema and costs several seconds per notebook.

:func:`show` displays a Matplotlib figure (one of :mod:`nnbasics.plotting`) as a PNG image.

IPython is imported on use.

Introduced in: the first-network chapter (book/first_network.ipynb).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["GLUE_PREFIX", "glue", "show"]

#: The prefix myst-nb expects on the mime types of a value glued with ``display=False``.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value: Any, display: bool = False) -> None:
    """Record ``value`` under ``name`` for the book's text (myst-nb's ``glue``, without importing myst-nb).

    Parameters
    ----------
    name : str
        A name unique in the notebook; the text quotes it as ``{glue:text}`name```.
    value : object
        Stored as it is displayed (its text form; numbers can be formatted in the text, e.g. ``:.2f``).
        A NumPy scalar is stored as the Python number it holds: NumPy 2 displays ``np.float64(0.5)``,
        which the text could not format.
    display : bool, default=False
        Also show the value in the notebook.

    Examples
    --------
    >>> glue("n", 3.14159)              # outside a kernel: nothing to record into
    >>> glue(3, 1.0)
    Traceback (most recent call last):
    ...
    TypeError: The 'name' parameter of glue must be a non-empty string. Got 3 instead.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"The 'name' parameter of glue must be a non-empty string. Got {name!r} instead.")
    from IPython.core.getipython import get_ipython
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    if get_ipython() is None:
        return
    if isinstance(value, np.generic):
        value = value.item()
    bundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipy_display({prefix + kind: data for kind, data in bundle.items()}, raw=True, metadata=metadata)


def show(fig: Any, *, dpi: int = 96) -> Any:
    """A Matplotlib figure as an :class:`IPython.display.Image` (PNG at ``dpi``), for a cell to display.

    Examples
    --------
    >>> from nnbasics.plotting import new_figure
    >>> fig, _ = new_figure()
    >>> show(fig, dpi=50).data[:4]
    b'\\x89PNG'
    """
    from IPython.display import Image

    from .widgets import figure_to_png

    return Image(figure_to_png(fig, dpi=dpi))
