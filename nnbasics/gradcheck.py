r"""Finite-difference gradient checking.

Introduced in: the activations chapter (book/activations.ipynb); used throughout, above all in the
backpropagation chapter.

A derivative you wrote by hand can be checked against the definition of the derivative. The
**central difference**

.. math::

    \frac{\partial f}{\partial x_i}(x)
    \approx \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

has error :math:`O(\varepsilon^2)` (the one-sided difference only :math:`O(\varepsilon)`). With
:math:`\varepsilon = 10^{-6}` in float64 the truncation error (:math:`\approx\varepsilon^2`) and the
rounding error (:math:`\approx 10^{-16}/\varepsilon`) are both small, so a correct analytic gradient
typically agrees to a relative error below :math:`10^{-7}`, and a wrong one is off by far more.

Everything here works in float64, whatever the input dtype: float32 or float16 rounding would
swamp the differences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import as_float_array, check_scalar, describe

__all__ = [
    "GradCheckResult",
    "check_gradient",
    "check_param_gradients",
    "numerical_derivative",
    "numerical_gradient",
    "relative_error",
]


def _check_callable(f: object, name: str, owner: str) -> None:
    """Raise TypeError, in the shared message form, if ``f`` cannot be called."""
    if not callable(f):
        text = repr(f) if len(repr(f)) <= 60 else repr(f)[:57] + "..."
        raise TypeError(f"The '{name}' parameter of {owner} must be callable. Got {text} instead.")


def _as_float64(x: ArrayLike, name: str, owner: str) -> NDArray[np.float64]:
    """A finite float64 copy of ``x``; the caller's array is never modified."""
    arr = as_float_array(x, name, owner, allow_nan=False, allow_inf=False)
    return np.array(arr, dtype=np.float64, copy=True)


#: Bounds of the finite-difference step: below 1e-12 rounding swamps the difference (a step of 1e-20
#: leaves x + eps == x, giving a gradient of exactly 0); above 1 it is no longer a local slope.
EPS_RANGE = (1e-12, 1.0)
#: The step must be at least this many units in the last place of every |x_i|, so that x_i + eps is
#: the intended point to about 1e-6 (x = 1e9 needs eps >= 0.12).
_EPS_ULPS = 2.0**20


def _check_eps(eps: object, x: NDArray[np.float64], owner: str) -> float:
    """A step in ``[1e-12, 1]`` that is large enough for the entries of ``x``."""
    eps = check_scalar(eps, "eps", owner, low=EPS_RANGE[0], high=EPS_RANGE[1])
    biggest = float(np.max(np.abs(x), initial=0.0))
    need = _EPS_ULPS * float(np.spacing(biggest))
    if eps < need:
        raise ValueError(f"The 'eps' parameter of {owner} must be at least {need:.2g} for a point with "
                         f"entries as large as {biggest:.3g}, or x + eps rounds to a different step than eps. "
                         f"Got {eps!r} instead; use a larger eps or rescale x.")
    return eps


def _scalar_value(value: object, owner: str, name: str = "f") -> float:
    """The output of the function ``name`` (``f``, a ``loss``), which must be a single real number."""
    try:
        out = np.asarray(value)
    except ValueError:  # ragged nested lists
        out = np.asarray(None)
    if out.size != 1 or out.dtype.kind not in "iuf":
        raise ValueError(f"The '{name}' parameter of {owner} must return a single real number. "
                         f"Got an array of shape {out.shape} and dtype {out.dtype} instead.")
    return float(out.reshape(()))


def numerical_gradient(
    f: Callable[[NDArray[np.float64]], float],
    x: ArrayLike,
    eps: float = 1e-6,
) -> NDArray[np.float64]:
    r"""Gradient of a scalar-valued function by central differences, one coordinate at a time.

    Introduced in: the activations chapter (book/activations.ipynb); used throughout (backpropagation
    chapter).

    .. math::

        g_i = \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    Parameters
    ----------
    f : callable
        ``f(x) -> float``; takes an array shaped like ``x`` and returns a single real number
        (e.g. a loss).
    x : array_like of finite real numbers, any shape
        Point at which to differentiate. It is copied to float64 and never modified.
    eps : float, default=1e-6
        Step :math:`\varepsilon`, in ``[1e-12, 1]`` and at least :math:`2^{20}` units in the
        last place of the largest entry (:math:`\approx 2.3 \times 10^{-10} \max_i |x_i|`).

    Returns
    -------
    ndarray of float64
        :math:`\nabla f(x)`, same shape as ``x``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``x`` is not real-valued numeric data.
    ValueError
        If ``eps`` is out of range (see above), ``x`` has NaN or infinite entries, or ``f`` does not
        return a single number.

    Notes
    -----
    Costs :math:`2n` evaluations of ``f`` for ``x`` with :math:`n` entries, which is fine for the
    small arrays of a gradient check. ``f`` receives a float64 working copy of ``x`` in which one
    entry at a time is moved by :math:`\pm\varepsilon` and then restored.

    Examples
    --------
    >>> x = np.array([1.0, -2.0, 3.0])
    >>> np.round(numerical_gradient(lambda v: np.sum(v ** 2), x), 6)  # exact: 2 x
    array([ 2., -4.,  6.])
    """
    owner = "numerical_gradient"
    _check_callable(f, "f", owner)
    x = _as_float64(x, "x", owner)
    eps = _check_eps(eps, x, owner)
    grad = np.zeros_like(x)
    for i in range(x.size):
        x_i = x.flat[i]
        x.flat[i] = x_i + eps
        f_plus = _scalar_value(f(x), owner)
        x.flat[i] = x_i - eps
        f_minus = _scalar_value(f(x), owner)
        x.flat[i] = x_i  # restore before moving the next coordinate
        with np.errstate(over="ignore", invalid="ignore"):  # f = ±inf there: the slope is inf or NaN
            grad.flat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def numerical_derivative(
    f: Callable[[NDArray[np.float64]], ArrayLike],
    z: ArrayLike,
    eps: float = 1e-6,
) -> NDArray[np.float64]:
    r"""Derivative of an elementwise function by central differences, all entries at once.

    Introduced in: the activations chapter (book/activations.ipynb); used throughout (backpropagation
    chapter).

    .. math::

        f'(z) \approx \frac{f(z + \varepsilon) - f(z - \varepsilon)}{2\varepsilon}

    Only valid when output :math:`i` depends on input :math:`i` alone (activations, not softmax);
    use :func:`numerical_gradient` otherwise.

    Parameters
    ----------
    f : callable
        Elementwise function ``f(z) -> array`` shaped like ``z``, e.g. ``Sigmoid()`` or
        ``Sigmoid().forward``.
    z : array_like of finite real numbers, any shape
        Points at which to differentiate; converted to float64.
    eps : float, default=1e-6
        Step :math:`\varepsilon`, in ``[1e-12, 1]`` and at least :math:`2^{20}` units in the
        last place of the largest entry (:math:`\approx 2.3 \times 10^{-10} \max_i |x_i|`).

    Returns
    -------
    ndarray of float64
        :math:`f'(z)`, same shape as ``z``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``z`` is not real-valued numeric data.
    ValueError
        If ``eps`` is out of range (see above), ``z`` has NaN or infinite entries, or ``f`` changes the
        shape.

    Examples
    --------
    >>> np.round(numerical_derivative(np.sin, np.array([0.0, np.pi / 2])), 6)  # exact: cos z
    array([1., 0.])
    """
    owner = "numerical_derivative"
    _check_callable(f, "f", owner)
    z = _as_float64(z, "z", owner)
    eps = _check_eps(eps, z, owner)
    f_plus = as_float_array(f(z + eps), "f", owner).astype(np.float64, copy=False)
    f_minus = as_float_array(f(z - eps), "f", owner).astype(np.float64, copy=False)
    if f_plus.shape != z.shape or f_minus.shape != z.shape:
        raise ValueError(f"The 'f' parameter of {owner} must be elementwise, returning the shape of 'z', "
                         f"{z.shape}. Got shape {f_plus.shape} instead.")
    with np.errstate(over="ignore", invalid="ignore"):  # f = ±inf there: the slope is inf or NaN
        return (f_plus - f_minus) / (2 * eps)


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Largest elementwise relative error between two arrays (cs231n style).

    Introduced in: the activations chapter (book/activations.ipynb); used throughout (backpropagation
    chapter).

    .. math::

        \operatorname{err}(a, b) = \max_i \frac{|a_i - b_i|}{\max\bigl(|a_i| + |b_i|,\ \text{tiny}\bigr)}

    where tiny is the smallest normal float64, ``np.finfo(np.float64).tiny`` (about 2.2e-308), so
    two exact zeros give 0 instead of 0/0. Each ratio lies in [0, 1]: 0 for equal entries, 1 for
    entries of opposite sign or one of them 0.

    Parameters
    ----------
    a, b : array_like of real numbers, same shape
        For instance an analytic and a numerical gradient. The formula is symmetric in ``a`` and
        ``b``.

    Returns
    -------
    float
        The maximum ratio; 0.0 for empty arrays. NaN if either array contains NaN, so a check based
        on it fails.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not real-valued numeric data.
    ValueError
        If the shapes differ (no broadcasting).

    Notes
    -----
    Infinite entries are handled by their limits: equal infinities give 0, an infinity against
    anything else gives 1. The ratios are evaluated after dividing both entries by
    :math:`\max(|a_i|, |b_i|)`, which leaves them unchanged but keeps :math:`|a_i - b_i|` from
    overflowing for entries near ``±1.8e308``.

    Rules of thumb for gradient checks in float64: below 1e-7 is right, around 1e-4 is suspicious
    (unless the function has kinks nearby), above 1e-2 is wrong.

    Examples
    --------
    >>> round(relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.002])), 8)  # 0.002 / 4.002
    0.00049975
    >>> relative_error(np.array([0.0, 0.0]), np.array([0.0, 0.0]))
    0.0
    """
    owner = "relative_error"
    a = as_float_array(a, "a", owner).astype(np.float64, copy=False)
    b = as_float_array(b, "b", owner).astype(np.float64, copy=False)
    if a.shape != b.shape:
        raise ValueError(f"The 'b' parameter of {owner} must have the shape of 'a', {a.shape}. "
                         f"Got shape {b.shape} instead.")
    if a.size == 0:
        return 0.0
    return float(np.max(_relative_errors(a, b)))


def _relative_errors(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Elementwise ratios of :func:`relative_error`, for float64 arrays of equal shape."""
    same = a == b  # includes inf == inf; NaN != NaN
    infinite = ~same & (np.isinf(a) | np.isinf(b))
    a_safe = np.where(same | infinite, 0.0, a)  # double-where: no inf - inf below
    b_safe = np.where(same | infinite, 0.0, b)
    scale = np.maximum(np.abs(a_safe), np.abs(b_safe))
    scale = np.where(scale > 0, scale, 1.0)
    a_n, b_n = a_safe / scale, b_safe / scale  # in [-1, 1]: the difference cannot overflow
    ratio = np.abs(a_n - b_n) / np.maximum(np.abs(a_n) + np.abs(b_n), np.finfo(np.float64).tiny)
    return np.where(infinite, 1.0, ratio)


@dataclass(frozen=True, eq=False)
class GradCheckResult:
    r"""Outcome of :func:`check_gradient`.

    Introduced in: the activations chapter (book/activations.ipynb); used throughout (backpropagation
    chapter).

    Attributes
    ----------
    max_relative_error : float
        :func:`relative_error` of ``analytic`` and ``numerical``.
    passed : bool
        ``max_relative_error < rtol`` (False if it is NaN).
    numerical : ndarray of float64
        Central-difference gradient.
    analytic : ndarray of float64
        Gradient returned by the function under test.
    rtol : float
        Threshold that was used.

    Examples
    --------
    >>> result = check_gradient(lambda v: np.sum(v ** 2), lambda v: 2 * v, np.array([1.0, 2.0]))
    >>> result.passed
    True
    >>> print(result)  # doctest: +ELLIPSIS
    Gradient check passed: max relative error ... < rtol 1e-07 over 2 entries.
    """

    max_relative_error: float
    passed: bool
    numerical: NDArray[np.float64]
    analytic: NDArray[np.float64]
    rtol: float

    def __str__(self) -> str:
        if self.passed:
            return (f"Gradient check passed: max relative error {self.max_relative_error:.3g} "
                    f"< rtol {self.rtol:.3g} over {self.numerical.size} entries.")
        header = (f"Gradient check FAILED: max relative error {self.max_relative_error:.3g}, "
                  f"rtol {self.rtol:.3g}, over {self.numerical.size} entries")
        ratios = _relative_errors(self.analytic, self.numerical)
        if np.isnan(ratios).all():
            return header + "."
        worst = np.unravel_index(int(np.nanargmax(ratios)), ratios.shape)
        return (f"{header}; worst entry {tuple(int(i) for i in worst)}: "
                f"analytic {self.analytic[worst]:.6g}, numerical {self.numerical[worst]:.6g}.")


def check_gradient(
    f: Callable[[NDArray[np.float64]], float],
    grad: Callable[[NDArray[np.float64]], ArrayLike],
    x: ArrayLike,
    eps: float = 1e-6,
    rtol: float = 1e-7,
) -> GradCheckResult:
    r"""Compare a hand-written gradient with central differences.

    Introduced in: the activations chapter (book/activations.ipynb); used throughout (backpropagation
    chapter).

    Parameters
    ----------
    f : callable
        Scalar-valued function ``f(x) -> float``.
    grad : callable
        Its claimed gradient ``grad(x) -> array`` shaped like ``x``.
    x : array_like of finite real numbers, any shape
        Point of the check; never modified. Both functions get float64 copies.
    eps : float, default=1e-6
        Finite-difference step; bounded as in :func:`numerical_gradient`.
    rtol : float, default=1e-7
        The check passes when :func:`relative_error` of the two gradients is below ``rtol``; must be
        > 0.

    Returns
    -------
    GradCheckResult
        With ``passed``, ``max_relative_error``, both gradients, and a readable ``str``.

    Raises
    ------
    TypeError
        If ``f`` or ``grad`` is not callable, or ``x`` is not real-valued numeric data.
    ValueError
        If ``eps`` is out of range (see :func:`numerical_gradient`), ``rtol`` is not > 0, ``x`` has NaN
        or inf entries, ``f`` does not return a single number, or ``grad`` returns the wrong shape.

    Examples
    --------
    >>> A = np.array([[2.0, 1.0], [0.0, 3.0]])
    >>> f = lambda x: x @ A @ x
    >>> check_gradient(f, lambda x: (A + A.T) @ x, np.array([1.0, -1.0])).passed
    True
    >>> check_gradient(f, lambda x: 2 * A @ x, np.array([1.0, -1.0])).passed  # forgot A.T
    False
    """
    owner = "check_gradient"
    _check_callable(f, "f", owner)
    _check_callable(grad, "grad", owner)
    rtol = check_scalar(rtol, "rtol", owner, low=0, include_low=False)
    x = _as_float64(x, "x", owner)
    eps = _check_eps(eps, x, owner)
    analytic = as_float_array(grad(x.copy()), "grad", owner).astype(np.float64)
    if analytic.shape != x.shape:
        raise ValueError(f"The 'grad' parameter of {owner} must return the shape of 'x', {x.shape}. "
                         f"Got shape {analytic.shape} instead.")
    numerical = numerical_gradient(f, x, eps=eps)
    error = relative_error(analytic, numerical)
    return GradCheckResult(max_relative_error=error, passed=bool(error < rtol),
                           numerical=numerical, analytic=analytic, rtol=rtol)


def _check_param_arrays(params: object, owner: str) -> None:
    """``params`` must be a non-empty dict of writable, finite float64 arrays: the check moves them in place."""
    if not isinstance(params, Mapping):
        raise TypeError(f"The 'params' parameter of {owner} must be a dict of float64 arrays. "
                        f"Got {describe(params)} instead.")
    if not params:
        raise ValueError(f"The 'params' parameter of {owner} must hold at least one array. Got {{}} instead.")
    for key, theta in params.items():
        name = f"params[{key!r}]"
        if not isinstance(theta, np.ndarray) or theta.dtype != np.float64 or not theta.flags.writeable:
            raise TypeError(f"The '{name}' parameter of {owner} must be a writable float64 NumPy array: the "
                            f"check moves its entries in place by eps, which a list or an integer or "
                            f"lower-precision array cannot hold. Got {describe(theta)} instead; convert it "
                            f"with np.array(..., dtype=np.float64).")
        as_float_array(theta, name, owner, allow_nan=False, allow_inf=False)


def check_param_gradients(
    loss: Callable[[dict[str, NDArray[np.float64]]], float],
    grads: Callable[[dict[str, NDArray[np.float64]]], Mapping[str, ArrayLike]],
    params: dict[str, NDArray[np.float64]],
    eps: float = 1e-6,
    rtol: float = 1e-7,
) -> dict[str, GradCheckResult]:
    r"""Gradient-check a model given as a dict of parameter arrays, one :class:`GradCheckResult` per key.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    ``grads(params)`` is called once; then each entry of each array of ``params`` is moved by
    :math:`\pm\varepsilon` **in place** (so a network holding these arrays sees the change), ``loss(params)``
    is evaluated, and the entry is restored.

    Parameters
    ----------
    loss : callable
        ``loss(params) -> float``.
    grads : callable
        ``grads(params) -> {key: gradient}``, the gradient under test, with the keys and shapes of
        ``params``.
    params : dict of str to ndarray of float64
        The parameters, finite float64 arrays (they are moved in place, which a list, or an integer or
        lower-precision array, cannot hold to :math:`\varepsilon`); restored to their values on return.
    eps, rtol : float
        As in :func:`check_gradient`; ``eps`` is bounded by the largest entry of all the arrays.

    Raises
    ------
    TypeError
        If ``loss`` or ``grads`` is not callable, ``params`` is not a dict of float64 arrays, or
        ``grads`` returns something other than a dict of real arrays.
    ValueError
        If ``params`` is empty or holds NaN or inf, ``eps`` or ``rtol`` is out of range, ``loss`` does
        not return a single number, or ``grads`` returns other keys than ``params`` or a gradient whose
        shape is not its parameter's (the message names the key and both shapes).

    Examples
    --------
    >>> params = {"w": np.array([1.0, -2.0]), "b": np.array([0.5])}
    >>> loss = lambda p: float(np.sum(p["w"] ** 2) + 3 * p["b"][0])
    >>> results = check_param_gradients(loss, lambda p: {"w": 2 * p["w"], "b": np.array([3.0])}, params)
    >>> {k: r.passed for k, r in results.items()}
    {'w': True, 'b': True}
    >>> check_param_gradients(loss, lambda p: {"w": 2 * p["w"], "b": np.array([[3.0]])}, params)
    Traceback (most recent call last):
    ...
    ValueError: The 'grads' parameter of check_param_gradients must return, for 'b', an array of the parameter's shape (1,). Got shape (1, 1) instead.
    """
    return _check_param_gradients(loss, grads, params, eps, rtol, "check_param_gradients")


def _check_param_gradients(loss: Callable[[dict[str, NDArray[np.float64]]], float],
                           grads: Callable[[dict[str, NDArray[np.float64]]], Mapping[str, ArrayLike]],
                           params: dict[str, NDArray[np.float64]], eps: object, rtol: object, owner: str
                           ) -> dict[str, GradCheckResult]:
    """:func:`check_param_gradients`, its errors worded for ``owner``, the function the user called."""
    _check_callable(loss, "loss", owner)
    _check_callable(grads, "grads", owner)
    rtol = check_scalar(rtol, "rtol", owner, low=0, include_low=False)
    _check_param_arrays(params, owner)
    eps = _check_eps(eps, np.concatenate([theta.ravel() for theta in params.values()]), owner)
    analytic = grads(params)
    keys = sorted(map(str, params))
    if not isinstance(analytic, Mapping):
        raise TypeError(f"The 'grads' parameter of {owner} must return a dict with the keys of params, {keys}. "
                        f"Got {describe(analytic)} instead.")
    if set(analytic) != set(params):
        raise ValueError(f"The 'grads' parameter of {owner} must return the keys of params, {keys}. "
                         f"Got {sorted(map(str, analytic))} instead.")
    results = {}
    for key, theta in params.items():
        try:
            g = as_float_array(analytic[key], "grads", owner).astype(np.float64)
        except TypeError as exc:
            raise TypeError(f"The 'grads' parameter of {owner} must return an array of real numbers for "
                            f"each key. Got {describe(analytic[key])} for {key!r} instead.") from exc
        if g.shape != theta.shape:
            raise ValueError(f"The 'grads' parameter of {owner} must return, for {key!r}, an array of the "
                             f"parameter's shape {theta.shape}. Got shape {g.shape} instead.")
        saved = theta.copy()

        def f(v: NDArray[np.float64], theta: NDArray[np.float64] = theta) -> float:
            theta[...] = v.reshape(theta.shape)
            return _scalar_value(loss(params), owner, "loss")

        try:
            numerical = numerical_gradient(f, saved, eps=eps)
        finally:
            theta[...] = saved
        error = relative_error(g, numerical)
        results[key] = GradCheckResult(max_relative_error=error, passed=bool(error < rtol),
                                       numerical=numerical, analytic=g, rtol=rtol)
    return results
