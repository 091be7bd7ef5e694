r"""Universal approximation in one dimension: a sum of ReLU bumps is a one-hidden-layer ReLU network.

Introduced in: the playground chapter ("Universal approximation in one dimension").

Three ReLUs make a *hat* (a bump) of width :math:`2h` centred at :math:`t`:

.. math::

    \phi_t(x) = \frac{1}{h}\Big(\operatorname{ReLU}(x - t + h) - 2\operatorname{ReLU}(x - t)
                + \operatorname{ReLU}(x - t - h)\Big),

which is 0 left of :math:`t - h`, rises linearly to 1 at :math:`t`, falls back to 0 at :math:`t + h`
and stays 0. Place :math:`n` bumps at evenly spaced centres :math:`t_0 = a, \dots, t_{n-1} = b` of an
interval :math:`[a, b]`, :math:`h = (b - a)/(n - 1)` apart, and scale bump :math:`k` by the target's
value :math:`f(t_k)`:

.. math::

    g(x) = \sum_{k=0}^{n-1} f(t_k)\, \phi_{t_k}(x).

On :math:`[a, b]`, :math:`g` is the piecewise-linear interpolant of :math:`f` at the centres (neighbouring
hats overlap so that they sum to a straight line between centres). Neighbouring hats share ReLUs, so the
:math:`3n` ReLUs are :math:`n + 2` distinct ones, at the knots :math:`s_j = a + (j - 1) h`,
:math:`j = 0, \dots, n + 1`, and :math:`g` is exactly a network with one hidden layer of :math:`n + 2`
ReLU units:

.. math::

    g(x) = \operatorname{ReLU}(x W_1 + b_1)\, W_2 + b_2, \qquad
    W_1 = (1, \dots, 1),\ b_1 = (-s_0, \dots, -s_{n+1}),\ b_2 = 0,

with :math:`(W_2)_j = (z_{j+1} - 2 z_j + z_{j-1})/h`, the change of slope at knot :math:`s_j`, where
:math:`z_j` is :math:`g(s_j)` (:math:`f(t_{j-1})` at the centres, 0 at the two outer knots and beyond).

How good is it? For a target with a continuous second derivative, the interpolation error is at most

.. math::

    \max_{x \in [a, b]} |f(x) - g(x)| \le \frac{h^2}{8} \max_{x \in [a, b]} |f''(x)|,

so it falls like :math:`1/n^2`; near a kink the error falls like :math:`1/n`, and a jump never goes away in
the maximum (only in the root-mean-square, like :math:`1/\sqrt n`). :func:`approximation_errors` measures
it and :func:`convergence_rate` fits the exponent.

References
----------
.. [1] G. Cybenko, "Approximation by superpositions of a sigmoidal function", Mathematics of Control,
   Signals and Systems 2 (1989), 303-314.
.. [2] M. Nielsen, *Neural Networks and Deep Learning*, chapter 4, "A visual proof that neural nets can
   compute any function" (2015).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, check_choice, check_scalar
from ._validation import describe as _describe
from .activations import ReLU

__all__ = ["TARGETS", "ReluBumps", "approximation_errors", "convergence_rate", "get_target", "interpolation_bound",
           "relu_bumps"]

_RELU = ReLU()

#: Targets on :math:`[-1, 1]` by name: a smooth one (error :math:`\propto 1/n^2`), one with a kink
#: (at most :math:`\propto 1/n`, zero when a knot falls on the kink) and one with a jump (the maximum error
#: does not shrink: the interpolant crosses the jump on a straight line; the RMS error falls like
#: :math:`1/\sqrt n`).
#:
#: :meta hide-value:
TARGETS: dict[str, Callable[[NDArray[np.float64]], NDArray[np.float64]]] = {
    "sine": lambda x: np.sin(np.pi * x),
    "kink": lambda x: np.abs(x - 0.3),
    "step": lambda x: (x > 0.1).astype(np.float64),
}


def get_target(target: str | Callable[[NDArray[np.float64]], ArrayLike], owner: str = "get_target"
               ) -> Callable[[NDArray[np.float64]], ArrayLike]:
    """The function named ``target`` in :data:`TARGETS`, or ``target`` itself if it is callable.

    Examples
    --------
    >>> float(get_target("sine")(np.array(0.5)))
    1.0
    """
    if callable(target) and not isinstance(target, type):  # str or float would "call" as a conversion
        return target
    return TARGETS[check_choice(target, "target", owner, tuple(TARGETS))]


def _evaluate(f: Callable[[NDArray[np.float64]], ArrayLike], x: NDArray[np.float64], owner: str
              ) -> NDArray[np.float64]:
    values = np.asarray(f(x), dtype=np.float64)
    if values.shape != x.shape or not np.all(np.isfinite(values)):
        raise ValueError(f"The 'target' parameter of {owner} must return finite values of the shape of its "
                         f"input {x.shape}. Got shape {values.shape} "
                         f"with {int(np.sum(~np.isfinite(values)))} non-finite value(s) instead.")
    return values


def _interval(interval: Sequence[float], owner: str) -> tuple[float, float]:
    if not isinstance(interval, (tuple, list, np.ndarray)) or len(interval) != 2:
        raise ValueError(f"The 'interval' parameter of {owner} must be a pair (a, b). "
                         f"Got {interval!r} instead.")
    a = check_scalar(interval[0], "interval", owner)
    b = check_scalar(interval[1], "interval", owner, low=a, include_low=False)
    return a, b


@dataclass(frozen=True)
class ReluBumps:
    r"""A sum of ReLU bumps, stored as the one-hidden-layer network it is (see the module docstring).

    Made by :func:`relu_bumps`. The hidden layer has :math:`m = n + 2` ReLU units.

    Attributes
    ----------
    interval : tuple of float
        :math:`(a, b)`.
    centers : ndarray of shape (n,)
        The bumps' centres :math:`t_k`, evenly spaced from :math:`a` to :math:`b`.
    heights : ndarray of shape (n,)
        The bumps' heights :math:`f(t_k)`.
    h : float
        The spacing :math:`h = (b - a)/(n - 1)`, half a bump's width.
    W1 : ndarray of shape (1, n + 2)
    b1 : ndarray of shape (n + 2,)
    W2 : ndarray of shape (n + 2, 1)
    b2 : ndarray of shape (1,)
        The network's weights: :math:`g(x) = \operatorname{ReLU}(x W_1 + b_1) W_2 + b_2`.
    """

    interval: tuple[float, float]
    centers: NDArray[np.float64]
    heights: NDArray[np.float64]
    h: float
    W1: NDArray[np.float64]
    b1: NDArray[np.float64]
    W2: NDArray[np.float64]
    b2: NDArray[np.float64]

    @property
    def n_bumps(self) -> int:
        """:math:`n`, the number of bumps."""
        return int(self.centers.size)

    @property
    def n_hidden(self) -> int:
        """:math:`n + 2`, the number of hidden ReLU units."""
        return int(self.b1.size)

    def hidden(self, x: ArrayLike) -> NDArray[np.float64]:
        r"""The hidden activations :math:`\operatorname{ReLU}(x W_1 + b_1)`, shape ``(len(x), n + 2)``."""
        return self._hidden(x, "ReluBumps.hidden")

    def _hidden(self, x: ArrayLike, owner: str) -> NDArray[np.float64]:
        x = as_float_array(x, "x", owner, ndim=1, allow_nan=False, allow_inf=False).astype(np.float64, copy=False)
        return _RELU.forward(x[:, None] @ self.W1 + self.b1)

    def forward(self, x: ArrayLike) -> NDArray[np.float64]:
        r"""The output :math:`g(x) = \operatorname{ReLU}(x W_1 + b_1) W_2 + b_2`, shape ``(len(x),)``."""
        return (self._hidden(x, "ReluBumps.forward") @ self.W2 + self.b2)[:, 0]

    __call__ = forward

    def bumps(self, x: ArrayLike) -> NDArray[np.float64]:
        r"""Each scaled bump :math:`f(t_k)\,\phi_{t_k}(x)`, from its own three ReLUs; shape ``(len(x), n)``.

        Their sum over the last axis is :meth:`forward`.
        """
        x = as_float_array(x, "x", "ReluBumps.bumps", ndim=1, allow_nan=False, allow_inf=False).astype(
            np.float64, copy=False)
        d = x[:, None] - self.centers  # x - t_k
        hats = (_RELU.forward(d + self.h) - 2.0 * _RELU.forward(d) + _RELU.forward(d - self.h)) / self.h
        return hats * self.heights


def relu_bumps(
    target: str | Callable[[NDArray[np.float64]], ArrayLike], n: int, interval: Sequence[float] = (-1.0, 1.0)
) -> ReluBumps:
    r"""The sum of ``n`` ReLU bumps interpolating ``target`` on ``interval``, as a one-hidden-layer network.

    Introduced in: the playground chapter.

    Parameters
    ----------
    target : str or callable
        A name in :data:`TARGETS` or a function of an array returning an array of the same shape.
    n : int
        Number of bumps, ``>= 2``; the network has ``n + 2`` hidden units.
    interval : pair of float, default=(-1.0, 1.0)
        :math:`(a, b)` with :math:`a < b`.

    Returns
    -------
    ReluBumps

    Examples
    --------
    Three bumps for :math:`f(x) = x^2` on :math:`[-1, 1]`: centres :math:`-1, 0, 1`, five hidden units.

    >>> net = relu_bumps(lambda x: x ** 2, 3)
    >>> net.W1.tolist(), net.b1.tolist()
    ([[1.0, 1.0, 1.0, 1.0, 1.0]], [2.0, 1.0, 0.0, -1.0, -2.0])
    >>> net.W2[:, 0].tolist()          # changes of slope at the knots -2, -1, 0, 1, 2
    [1.0, -2.0, 2.0, -2.0, 1.0]
    >>> net.forward(np.array([-1.0, -0.5, 0.0, 0.25, 1.0])).tolist()   # interpolates x^2 between -1, 0, 1
    [1.0, 0.5, 0.0, 0.25, 1.0]
    >>> bool(np.allclose(net.bumps(np.array([0.3])).sum(axis=1), net.forward(np.array([0.3]))))
    True
    """
    owner = "relu_bumps"
    f = get_target(target, owner)
    n = check_scalar(n, "n", owner, low=2, integer=True)
    a, b = _interval(interval, owner)
    centers = np.linspace(a, b, n)
    h = (b - a) / (n - 1)
    heights = _evaluate(f, centers, owner)
    knots = a + (np.arange(n + 2) - 1.0) * h             # s_j = a + (j - 1) h, j = 0 .. n + 1
    z = np.concatenate([[0.0, 0.0], heights, [0.0, 0.0]])  # g at s_{-1} .. s_{n+2}: zero outside the bumps
    slope_change = (z[2:] - 2.0 * z[1:-1] + z[:-2]) / h    # (W2)_j = (z_{j+1} - 2 z_j + z_{j-1}) / h
    return ReluBumps(interval=(a, b), centers=centers, heights=heights, h=h,
                     W1=np.ones((1, n + 2)), b1=0.0 - knots, W2=slope_change[:, None], b2=np.zeros(1))


def approximation_errors(
    target: str | Callable[[NDArray[np.float64]], ArrayLike], ns: Sequence[int],
    interval: Sequence[float] = (-1.0, 1.0), *, n_eval: int = 4001,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Maximum and root-mean-square error of :func:`relu_bumps` against the target, for each ``n`` in ``ns``.

    Introduced in: the playground chapter.

    Both are measured on ``n_eval`` evenly spaced points of the interval:
    :math:`\max_i |f(x_i) - g(x_i)|` and :math:`\sqrt{\tfrac{1}{N}\sum_i (f(x_i) - g(x_i))^2}`.

    Parameters
    ----------
    target : str or callable
        As for :func:`relu_bumps`.
    ns : sequence of int
        Numbers of bumps, each ``>= 2``.
    interval : pair of float, default=(-1.0, 1.0)
    n_eval : int, default=4001
        Number of evaluation points, ``>= 2``.

    Returns
    -------
    max_errors, rms_errors : ndarray of shape (len(ns),)

    Examples
    --------
    Doubling the pieces divides a smooth target's error by about four:

    >>> max_err, rms_err = approximation_errors("sine", [11, 21, 41])
    >>> np.round(max_err[:-1] / max_err[1:], 1).tolist()
    [4.0, 4.0]
    """
    return _approximation_errors(target, ns, interval, n_eval, "approximation_errors")


def _check_counts(ns: Any, owner: str) -> list[int]:
    """``ns``: a non-empty sequence of bump counts, each an integer >= 2."""
    if isinstance(ns, (str, bytes)) or not isinstance(ns, (Sequence, np.ndarray)) or not len(ns):
        raise TypeError(f"The 'ns' parameter of {owner} must be a non-empty sequence of bump counts such as "
                        f"(5, 9, 17). Got {_describe(ns)} instead.")
    return [check_scalar(n, "ns", owner, low=2, integer=True) for n in ns]


def _approximation_errors(target: Any, ns: Any, interval: Any, n_eval: Any, owner: str
                          ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """:func:`approximation_errors`, its checks naming ``owner``."""
    f = get_target(target, owner)
    ns = _check_counts(ns, owner)
    a, b = _interval(interval, owner)
    n_eval = check_scalar(n_eval, "n_eval", owner, low=2, integer=True)
    x = np.linspace(a, b, n_eval)
    fx = _evaluate(f, x, owner)
    max_errors, rms_errors = [], []
    for n in ns:
        error = fx - relu_bumps(f, n, (a, b)).forward(x)
        max_errors.append(np.max(np.abs(error)))
        rms_errors.append(np.sqrt(np.mean(error ** 2)))
    return np.array(max_errors), np.array(rms_errors)


#: What bounds each target's maximum interpolation error with spacing :math:`h`: the sine's
#: :math:`\max|f''| = \pi^2` (bound :math:`h^2 \pi^2 / 8`), the kink's slope :math:`|f'| \le 1`
#: (bound :math:`h/2`). The step has none: no continuous interpolant gets within 1/2 of it near the jump.
_BOUNDS: dict[str, Callable[[NDArray[np.float64]], NDArray[np.float64]] | None] = {
    "sine": lambda h: h ** 2 * np.pi ** 2 / 8,
    "kink": lambda h: h / 2,
    "step": None,
}


def interpolation_bound(target: str, ns: ArrayLike, interval: Sequence[float] = (-1.0, 1.0)
                        ) -> NDArray[np.float64] | None:
    r"""A guaranteed bound on the maximum error of :func:`relu_bumps` with ``n`` bumps, for each ``n`` in ``ns``.

    Introduced in: the playground chapter.

    With :math:`h = (b - a)/(n - 1)`: for a target with a continuous second derivative,

    .. math::

        \max |f - g| \le \frac{h^2}{8} \max |f''| \qquad (\text{sine}: h^2 \pi^2 / 8);

    for a target whose slope is at most :math:`L` in size (a kink, :math:`L = 1`),

    .. math::

        \max |f - g| \le \frac{L h}{2}:

    on a piece :math:`[t_k, t_{k+1}]`, :math:`g` is the chord of :math:`f`, with a slope :math:`s`,
    :math:`|s| \le L`; :math:`f - g` grows at most at the rate :math:`L - s` from :math:`t_k` and
    :math:`L + s` from :math:`t_{k+1}`, so
    :math:`f - g \le \min\big((L - s)(x - t_k), (L + s)(t_{k+1} - x)\big) \le (L^2 - s^2) h / (2L) \le L h / 2`,
    and likewise :math:`g - f`. The bound only falls like :math:`1/n`; the error is 0 when a knot falls
    on the kink. A jump (``"step"``) has no bound: returns None.

    Examples
    --------
    >>> interpolation_bound("kink", [3, 5]).tolist(), interpolation_bound("step", [3]) is None
    ([0.5, 0.25], True)
    """
    owner = "interpolation_bound"
    target = check_choice(target, "target", owner, tuple(_BOUNDS))
    a, b = _interval(interval, owner)
    ns = as_float_array(ns, "ns", owner, ndim=1, allow_nan=False, allow_inf=False)
    if ns.size == 0 or np.any(ns < 2) or np.any(ns != np.round(ns)):
        raise ValueError(f"The 'ns' parameter of {owner} must hold whole numbers of bumps >= 2. "
                         f"Got {ns.tolist()!r} instead.")
    bound = _BOUNDS[target]
    return None if bound is None else bound((b - a) / (ns - 1))


def convergence_rate(ns: ArrayLike, errors: ArrayLike) -> float:
    r"""The exponent :math:`p` of the least-squares fit :math:`\text{error} \approx C\, n^{-p}` on log-log axes.

    Introduced in: the playground chapter.

    Examples
    --------
    >>> round(convergence_rate([10, 20, 40], [1e-2, 2.5e-3, 6.25e-4]), 6)
    2.0
    """
    owner = "convergence_rate"
    ns = as_float_array(ns, "ns", owner, ndim=1, allow_nan=False, allow_inf=False)
    errors = as_float_array(errors, "errors", owner, ndim=1, allow_nan=False, allow_inf=False)
    if ns.size < 2 or np.any(ns <= 0):
        raise ValueError(f"The 'ns' parameter of {owner} must hold at least 2 positive counts. Got "
                         f"{_describe(ns)} instead.")
    if errors.shape != ns.shape or np.any(errors <= 0):
        raise ValueError(f"The 'errors' parameter of {owner} must hold one positive error per count of ns, "
                         f"shape {ns.shape}. Got {_describe(errors)} instead.")
    slope = np.polyfit(np.log(ns), np.log(errors), 1)[0]
    return float(-slope)
