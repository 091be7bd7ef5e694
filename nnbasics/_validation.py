"""Input checks shared by every module of :mod:`nnbasics`.

Every message names the parameter, the object it belongs to, what it must be, and what was received,
in the form used by scikit-learn::

    The 'lr' parameter of Adam must be > 0. Got -0.1 instead.

These helpers raise exceptions; :mod:`nnbasics` never validates with ``assert``.
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["MAX_COUNT", "as_float_array", "check_bool", "check_choice", "check_instance",
           "check_not_boolean", "check_rng", "check_scalar", "create_from_registry", "describe"]

#: Upper bound of the counts (epochs, steps, samples, units, grid points) accepted by :mod:`nnbasics`:
#: far beyond anything the book runs, and low enough that a typo such as ``epochs=10**9`` gets a clear
#: error instead of an hour-long loop or a failed allocation.
MAX_COUNT = 10**7


def describe(value: object) -> str:
    """Short representation of a received value for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_fmt = describe


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


def check_not_boolean(x: object, name: str, owner: str) -> None:
    """Refuse True/False data that another library would convert to 1.0/0.0 without a word.

    scikit-learn's ``validate_data`` does so; the estimators of :mod:`nnbasics` call this first, so
    that booleans are refused there as everywhere else in the package (:func:`as_float_array`). Only the
    dtype is read (an array's, each column's of a data frame, or that of ``np.asarray(x)``); whatever
    else is wrong with ``x`` is left to the converter, whose messages say it.

    Examples
    --------
    >>> check_not_boolean([[0.5, 1.0]], "X", "MLPClassifier.fit")
    >>> check_not_boolean([[True, False]], "X", "MLPClassifier.fit")
    Traceback (most recent call last):
    ...
    TypeError: The 'X' parameter of MLPClassifier.fit must hold real numbers. Got [[True, False]] with dtype bool instead; for True and False as 1 and 0, pass np.asarray(X, dtype=float).
    """
    if hasattr(x, "dtype"):
        dtypes = [x.dtype]
    elif hasattr(x, "dtypes"):  # a data frame: one dtype per column
        dtypes = list(x.dtypes)
    else:
        try:
            dtypes = [np.asarray(x).dtype]
        except (TypeError, ValueError):  # ragged nested lists: the converter says so
            return
    for dtype in dtypes:
        if getattr(dtype, "kind", "") == "b":
            got = _fmt(x) if isinstance(x, np.ndarray) else f"{_fmt(x)} with dtype {dtype}"
            raise TypeError(f"The '{name}' parameter of {owner} must hold real numbers. Got {got} instead; "
                            f"for True and False as 1 and 0, pass np.asarray({name}, dtype=float).")


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

    Integers, floats, Fractions and NumPy scalars are accepted; booleans, strings and arrays are not.
    With ``integer=True`` and no ``high``, the value must also be at most :data:`MAX_COUNT`.

    Examples
    --------
    >>> check_scalar(0.1, "lr", "SGD", low=0, include_low=False)
    0.1
    >>> check_scalar(-0.1, "lr", "Adam", low=0, include_low=False)
    Traceback (most recent call last):
    ...
    ValueError: The 'lr' parameter of Adam must be > 0. Got -0.1 instead.
    >>> check_scalar(10**400, "lr", "SGD")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'lr' parameter of SGD must be finite. Got 1000..., beyond the largest float 1.798e+308, instead.
    """
    kind = "an integer" if integer else "a real number"
    ok_type = numbers.Integral if integer else numbers.Real
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, ok_type):
        raise TypeError(f"The '{name}' parameter of {owner} must be {kind}. Got {_fmt(value)} instead.")
    if not integer:
        try:  # Fractions, big ints and NumPy scalars all become a Python float here
            as_float, note = float(value), ""
        except OverflowError:
            as_float, note = float("inf"), f", beyond the largest float {np.finfo(np.float64).max:.4g},"
        if not np.isfinite(as_float):
            raise ValueError(f"The '{name}' parameter of {owner} must be finite. Got {_fmt(value)}{note} "
                             f"instead.")
    number = int(value) if integer else as_float  # compared as Python numbers: no NumPy casts
    lo_bad = low is not None and (number < low or (number == low and not include_low))
    hi_bad = high is not None and (number > high or (number == high and not include_high))
    if lo_bad or hi_bad:
        if low is not None and high is not None:
            left, right = "[" if include_low else "(", "]" if include_high else ")"
            need = f"in the range {left}{low}, {high}{right}"
        elif low is not None:
            need = f"{'>=' if include_low else '>'} {low}"
        else:
            need = f"{'<=' if include_high else '<'} {high}"
        raise ValueError(f"The '{name}' parameter of {owner} must be {need}. Got {_fmt(value)} instead.")
    if integer and high is None and number > MAX_COUNT:
        raise ValueError(f"The '{name}' parameter of {owner} must be <= {MAX_COUNT} (nnbasics' limit on "
                         f"counts, far above what the book needs). Got {_fmt(value)} instead.")
    return number


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


def _describe_class(value: type) -> str:
    return f"the class {value.__name__}"


def check_bool(value: object, name: str, owner: str) -> bool:
    """Check that ``value`` is True or False (``"no"`` and 0 are not: a truthy string would mean True).

    Examples
    --------
    >>> check_bool("no", "shuffle", "minibatches")
    Traceback (most recent call last):
    ...
    TypeError: The 'shuffle' parameter of minibatches must be True or False. Got 'no' instead.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"The '{name}' parameter of {owner} must be True or False. "
                        f"Got {_fmt(value)} instead.")
    return bool(value)


def check_instance(value: object, name: str, owner: str, methods: tuple[str, ...], example: str) -> Any:
    """Check that ``value`` is an object with the given methods, e.g. an optimizer with ``step``.

    A class passed instead of an instance (``SGD`` for ``SGD(lr=0.1)``) gets its own message: its
    methods exist but need ``self``, which would otherwise surface as a puzzling "missing self".

    Examples
    --------
    >>> class SGD:
    ...     def step(self, params, grads): ...
    >>> check_instance(SGD, "optimizer", "run_optimizer", ("step",), "SGD(lr=0.1)")
    Traceback (most recent call last):
    ...
    TypeError: The 'optimizer' parameter of run_optimizer must be an instance such as SGD(lr=0.1), not a class. Got the class SGD instead; create one first, e.g. SGD(...).
    """
    calls = [f"{m}()" for m in methods]
    wanted = f"a {calls[0]} method" if len(calls) == 1 else " and ".join(calls) + " methods"
    if isinstance(value, type):
        raise TypeError(f"The '{name}' parameter of {owner} must be an instance such as {example}, not a "
                        f"class. Got {_describe_class(value)} instead; create one first, e.g. "
                        f"{value.__name__}(...).")
    if not all(callable(getattr(value, m, None)) for m in methods):
        raise TypeError(f"The '{name}' parameter of {owner} must be an object with {wanted}, such as "
                        f"{example}. Got {_fmt(value)} of type {type(value).__name__} instead.")
    return value


def check_rng(rng: object, name: str, owner: str) -> np.random.Generator:
    """Turn ``rng`` (a Generator, a non-negative integer seed, or None) into a Generator.

    A Generator is used as is (so its state advances); an integer seeds a new one; None seeds one from
    the operating system (not reproducible). Anything else is rejected: legacy ``RandomState`` objects,
    floats, negative seeds, strings.

    Examples
    --------
    >>> int(check_rng(0, "rng", "minibatches").integers(10)) == int(check_rng(0, "rng", "f").integers(10))
    True
    >>> check_rng(-1, "rng", "minibatches")
    Traceback (most recent call last):
    ...
    ValueError: The 'rng' parameter of minibatches must be a numpy.random.Generator, a non-negative integer seed or None. Got -1 instead.
    """
    need = "a numpy.random.Generator, a non-negative integer seed or None"
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"The '{name}' parameter of {owner} must be {need}. Got {_fmt(rng)} instead.")
        return np.random.default_rng(int(rng))
    legacy = isinstance(rng, np.random.RandomState)
    hint = " Use np.random.default_rng(seed) instead of RandomState." if legacy else ""
    raise TypeError(f"The '{name}' parameter of {owner} must be {need}. Got {_fmt(rng)} instead.{hint}")


def create_from_registry(registry: Mapping[str, Callable[..., Any]], name: object,
                         params: Mapping[str, object], owner: str, *, what: str = "hyperparameters",
                         keyword: str = "params",
                         fixed: Mapping[str, object] | None = None) -> Any:
    """Create ``registry[name](**fixed, **params)``, checking the name and the keyword names first.

    Every name registry of :mod:`nnbasics` (activations, losses, optimizers, data sets) creates its
    objects through this one function, so an unknown name lists the choices and an unknown keyword lists
    the accepted ones (read from the signature of the class or function), whichever registry the user
    called. ``fixed`` holds the arguments the registry function passes itself (e.g. ``n_samples`` of
    :func:`~nnbasics.datasets.get_dataset`); they are not among the accepted ``params``. ``what`` and
    ``keyword`` word the message: ``keyword`` is the name of the ``**`` parameter of ``owner``.

    Examples
    --------
    >>> class Huber:
    ...     def __init__(self, delta=1.0): self.delta = delta
    >>> class MSE: pass
    >>> create_from_registry({"mse": MSE, "huber": Huber}, "mse", {"delta": 1}, "get_loss")
    Traceback (most recent call last):
    ...
    TypeError: The 'params' parameter of get_loss must only hold hyperparameters of 'mse' (accepted: none). Got 'delta' instead.
    >>> create_from_registry({"mse": MSE, "huber": Huber}, "huber", {"delta": 2}, "get_loss").delta
    2
    """
    if isinstance(name, type) and name in registry.values():
        raise TypeError(f"The 'name' parameter of {owner} must be a name such as {next(iter(registry))!r}. "
                        f"Got {_describe_class(name)} instead.")
    name = check_choice(name, "name", owner, tuple(registry))
    factory = registry[name]
    fixed = dict(fixed or {})
    accepted = [p.name for p in inspect.signature(factory).parameters.values()
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name not in fixed]
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        listed = ", ".join(repr(p) for p in accepted) if accepted else "none"
        raise TypeError(f"The '{keyword}' parameter of {owner} must only hold {what} of {name!r} "
                        f"(accepted: {listed}). Got {', '.join(map(repr, unknown))} instead.")
    return factory(**fixed, **params)
