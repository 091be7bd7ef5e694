r"""Numbers for the prose: a measured value goes into the text from the cell that measures it.

The chapters never type a measured number into their Markdown. A cell computes it, formats it, and
*glues* it under a name (myst-nb's ``glue``); the Markdown shows it with ``{glue:text}`name```. The
glued text is part of the cell's output, so nbval re-checks the very string the reader sees, and
``tests/test_prose_numbers.py`` fails when a chapter's Markdown holds a number no cell produces.

Introduced in: the activations chapter (book/activations.ipynb); used by every chapter.

Outside the book's build (a notebook downloaded and run elsewhere, without myst-nb) :func:`glue` only
formats the value: the notebook still runs.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ._validation import check_scalar, describe

__all__ = ["approx", "glue", "sci"]

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
#: A float64 holds 17 significant digits; more digits than that only print rounding noise.
_MAX_DIGITS = 17


def _unwrap(x: Any) -> Any:
    """The number inside a 0-d array (``params["b"]`` of a line, ``np.median``'s result), else ``x``."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


def sci(x: float, digits: int = 1) -> str:
    r"""Format ``x`` as :math:`m \times 10^{k}` in plain Unicode text, e.g. ``"1.3 × 10⁻⁵"``.

    Numbers from 0.01 to 1000 are written plainly instead, with ``digits + 1`` significant digits.

    Parameters
    ----------
    x : float
        The number (or a 0-d array holding it); must be finite.
    digits : int, default=1
        Digits after the decimal point of the mantissa :math:`m`, from 0 to 16.

    Returns
    -------
    str
        ``"m × 10ᵏ"``, or the plain number when :math:`0.01 \le |x| < 1000`.

    Examples
    --------
    >>> sci(0.0000134)
    '1.3 × 10⁻⁵'
    >>> sci(-2.5e12, digits=2)
    '-2.50 × 10¹²'
    >>> sci(0.2071)
    '0.21'
    >>> sci(3.14159)
    '3.1'
    """
    x = check_scalar(_unwrap(x), "x", "sci")
    digits = check_scalar(digits, "digits", "sci", low=0, high=_MAX_DIGITS - 1, integer=True)
    if 0.01 <= abs(x) < 1000:
        plain = f"{x:.{digits + 1}g}"
        if "e" not in plain:  # 999.7 rounds up to 1e+03: write that in scientific form below
            return plain
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    k = int(exponent)
    return mantissa if k == 0 else f"{mantissa} × 10{str(k).translate(_SUPERSCRIPTS)}"


def approx(x: float, significant: int = 2) -> str:
    """Round ``x`` to ``significant`` digits; write it plainly, thousands set off by a no-break space.

    Parameters
    ----------
    x : float
        The number (or a 0-d array holding it); must be finite.
    significant : int, default=2
        Significant digits to keep, from 1 to 17.

    Returns
    -------
    str

    Examples
    --------
    >>> approx(9361.7)
    '9\u202f400'
    >>> approx(0.012345, 3)
    '0.0123'
    """
    x = check_scalar(_unwrap(x), "x", "approx")
    significant = check_scalar(significant, "significant", "approx", low=1, high=_MAX_DIGITS, integer=True)
    if x == 0:
        return "0"
    decimals = significant - 1 - math.floor(math.log10(abs(x)))
    rounded = round(x, decimals)
    return f"{rounded:,.{max(decimals, 0)}f}".replace(",", "\u202f")


def glue(name: str, value: Any, fmt: str = "") -> None:
    """Format ``value`` with ``fmt`` and glue the text under ``name`` for the chapter's Markdown.

    Parameters
    ----------
    name : str
        The key the Markdown uses: ``{glue:text}`name```; a Python identifier.
    value : float, int or str
        A finite real number or 0-d array (formatted with ``format(value, fmt)``) or a ready string (with ``fmt=""``).
    fmt : str, default=""
        A format specification such as ``".2f"`` or ``".0f"``.

    Raises
    ------
    TypeError
        If ``value`` is neither a real number nor a string (a string only with ``fmt=""``), or ``fmt``
        is not a string.
    ValueError
        If ``name`` is not an identifier, ``value`` is NaN or infinite, or ``fmt`` does not apply to it.

    Notes
    -----
    Gluing a formatted *string* keeps the glued output identical on every machine (a float's full
    ``repr`` is not) and lets nbval compare it. Glue inside a cell marked ``# NBVAL_CHECK_OUTPUT``.

    Examples
    --------
    >>> glue("ratio", 373.2, ".0f")   # in a notebook, the Markdown shows 373
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"The 'name' parameter of glue must be a Python identifier. Got {name!r} instead.")
    if not isinstance(fmt, str):
        raise TypeError(f"The 'fmt' parameter of glue must be a format specification string such as '.2f'. "
                        f"Got {describe(fmt)} instead.")
    if isinstance(value, str):
        if fmt:
            raise TypeError(f"The 'value' parameter of glue must be a real number when fmt is given ({fmt!r}); "
                            f"a ready string needs fmt=''. Got {describe(value)} instead.")
        text = value
    else:
        value = _unwrap(value)
        number = check_scalar(value, "value", "glue")  # a finite real number: no "nan" in the prose
        value = int(value) if isinstance(value, numbers.Integral) else number  # ints keep the format "d"
        try:
            text = format(value, fmt)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"The 'fmt' parameter of glue must be a format specification for "
                             f"{describe(value)}, such as '.2f'. Got {fmt!r} instead.") from exc
    try:
        from IPython.display import display
    except ImportError:  # run outside Jupyter: nothing to paste into
        return
    # What myst_nb.glue(name, text, display=False) sends, without importing myst_nb (seconds per notebook):
    # the text's plain-text form, hidden under the prefix the book's build looks for.
    display({_GLUE_PREFIX + "text/plain": repr(text)}, raw=True,
            metadata={"scrapbook": {"name": name, "mime_prefix": _GLUE_PREFIX}})


#: The MIME prefix of glued outputs (myst_nb.ext.glue.GLUE_PREFIX): hidden on the page, found by ``{glue}``.
_GLUE_PREFIX = "application/papermill.record/"
