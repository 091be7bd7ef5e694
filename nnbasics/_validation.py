"""Input checks shared by every module of :mod:`nnbasics`.

Every message names the parameter, the object it belongs to, what it must be, and what was received,
in the form used by scikit-learn::

    The 'lr' parameter of Adam must be > 0. Got -0.1 instead.

These helpers raise exceptions; :mod:`nnbasics` never validates with ``assert``.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["as_float_array", "check_scalar", "check_choice", "check_keywords"]


def _fmt(value: object) -> str:
    """Short representation of a received value for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_float_array(
    x: ArrayLike,
    name: str,
    owner: str,
    *,
    allow_nan: bool = True,
    allow_inf: bool = True,
    ndim: int | tuple[int, ...] | None = None,
) -> NDArray[np.floating]:
    """Convert ``x`` to a floating-point array, keeping float16/32/64 and turning other numbers into float64.

    Parameters
    ----------
    x : array_like
        The value to convert.
    name, owner : str
        Parameter name and the function or class it belongs to, both used in error messages.
    allow_nan, allow_inf : bool
        Whether NaN or ±inf entries are accepted.
    ndim : int or tuple of int, optional
        Accepted numbers of dimensions.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (strings, objects, booleans, complex numbers).
    ValueError
        If ``x`` has the wrong number of dimensions or holds NaN/inf where they are not allowed.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {owner} must be a real number or an array of real numbers. "
                        f"Got {_fmt(x)} instead.")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise TypeError(f"The '{name}' parameter of {owner} must be a real number or an array of real numbers. "
                        f"Got {_fmt(x)} instead.") from exc
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"The '{name}' parameter of {owner} must be a real number or an array of real numbers. "
                        f"Got {_fmt(x)} with dtype {arr.dtype} instead.")
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(f"The '{name}' parameter of {owner} must have {want} dimension(s). "
                             f"Got {_fmt(arr)} instead.")
    if not allow_nan and np.isnan(arr).any():
        raise ValueError(f"The '{name}' parameter of {owner} must not contain NaN. "
                         f"Got {int(np.isnan(arr).sum())} NaN value(s) instead.")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"The '{name}' parameter of {owner} must be finite. "
                         f"Got {int(np.isinf(arr).sum())} infinite value(s) instead.")
    return arr


def check_scalar(
    value: object,
    name: str,
    owner: str,
    *,
    low: float | None = None,
    high: float | None = None,
    include_low: bool = True,
    include_high: bool = True,
    integer: bool = False,
) -> float:
    """Check a real hyperparameter against an interval and return it as a Python number.

    Examples
    --------
    >>> check_scalar(0.1, "lr", "SGD", low=0, include_low=False)
    0.1
    >>> check_scalar(-0.1, "lr", "Adam", low=0, include_low=False)
    Traceback (most recent call last):
    ...
    ValueError: The 'lr' parameter of Adam must be > 0. Got -0.1 instead.
    """
    kind = "an integer" if integer else "a real number"
    ok_type = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, ok_type):
        raise TypeError(f"The '{name}' parameter of {owner} must be {kind}. Got {_fmt(value)} instead.")
    if not integer and not np.isfinite(value):
        raise ValueError(f"The '{name}' parameter of {owner} must be finite. Got {value!r} instead.")
    lo_bad = low is not None and (value < low or (value == low and not include_low))
    hi_bad = high is not None and (value > high or (value == high and not include_high))
    if lo_bad or hi_bad:
        if low is not None and high is not None:
            left, right = "[" if include_low else "(", "]" if include_high else ")"
            need = f"in the range {left}{low}, {high}{right}"
        elif low is not None:
            need = f"{'>=' if include_low else '>'} {low}"
        else:
            need = f"{'<=' if include_high else '<'} {high}"
        raise ValueError(f"The '{name}' parameter of {owner} must be {need}. Got {value!r} instead.")
    return int(value) if integer else float(value)


def check_choice(value: object, name: str, owner: str, choices: list[str] | tuple[str, ...]) -> str:
    """Check that ``value`` is one of ``choices``; the error lists them.

    Examples
    --------
    >>> check_choice("relu", "name", "get_activation", ["relu", "tanh"])
    'relu'
    >>> check_choice("rleu", "name", "get_activation", ["relu", "tanh"])
    Traceback (most recent call last):
    ...
    ValueError: The 'name' parameter of get_activation must be one of 'relu', 'tanh'. Got 'rleu' instead.
    """
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"The '{name}' parameter of {owner} must be one of {listed}. Got {_fmt(value)} instead.")
    return value


def check_keywords(params: dict[str, object], allowed: tuple[str, ...], what: str, owner: str) -> None:
    """Check that the keyword arguments ``params`` are among ``allowed``; ``what`` says whose they are.

    Examples
    --------
    >>> check_keywords({"alpha": 0.1}, ("alpha",), "hyperparameters of 'elu'", "get_activation")
    >>> check_keywords({"beta": 0.1}, (), "hyperparameters of 'relu'", "get_activation")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: The 'params' parameter of get_activation must only hold ... (accepted: none). Got 'beta' instead.
    """
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        accepted = ", ".join(repr(p) for p in allowed) if allowed else "none"
        raise TypeError(f"The 'params' parameter of {owner} must only hold {what} "
                        f"(accepted: {accepted}). Got {', '.join(map(repr, unknown))} instead.")
