r"""Activation functions and their derivatives.

Introduced in: the activations chapter (book/activations.ipynb).

Every activation is a small class with the same two methods, written side by side:

* ``forward(z)`` returns :math:`a = f(z)`, applied elementwise;
* ``derivative(z)`` returns :math:`f'(z)`, the derivative **with respect to the pre-activation**
  :math:`z` (never expressed through the output :math:`a`), so backpropagation reads
  ``grad_z = grad_a * act.derivative(z)``.

Softmax is not elementwise (each output depends on the whole row), so it is a plain function here,
:func:`softmax`, together with :func:`log_softmax`; its gradient is taken together with the
cross-entropy loss in the losses chapter.

.. rubric:: Symbols

==============================  ============================================================
symbol                          meaning
==============================  ============================================================
:math:`z`                       pre-activation, any shape, e.g. ``(n_samples, n_units)``
:math:`a`                       activation :math:`a = f(z)`, same shape as :math:`z`
:math:`f'`                      derivative :math:`\mathrm{d}f/\mathrm{d}z`, same shape as :math:`z`
:math:`\sigma`                  logistic sigmoid
:math:`\Phi`, :math:`\varphi`    standard normal CDF and density
:math:`\alpha`                  slope (LeakyReLU) or saturation level (ELU) for :math:`z < 0`
==============================  ============================================================

Conventions shared by every function in this module:

* Inputs are converted to floating-point arrays: float16, float32 and
  float64 are kept, integers become float64, and strings, booleans, complex numbers and objects raise
  :class:`TypeError`.
* Stable by construction: no overflow, division by zero or invalid operation is ever evaluated,
  for any finite input (including ``±1e308``) or ``±inf``. Results that are too small to represent
  underflow quietly to 0, as everywhere in NumPy.
* NaN in, NaN out, without warnings, for both ``forward`` and ``derivative``. (The private
  ``_derivative`` that the training loop calls skips this for the piecewise derivatives, which would
  otherwise read NaN as 0 or 1: the loop has checked the network's outputs are finite, and a NaN
  pre-activation makes them NaN.)
* Where a function has a kink, ``derivative`` returns one fixed one-sided value, stated in the
  class docstring: ReLU'(0) = 0, LeakyReLU'(0) = alpha, ELU'(0) = 1.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import as_float_array, check_scalar, create_from_registry

__all__ = [
    "ACTIVATIONS",
    "ELU",
    "GELU",
    "Activation",
    "Identity",
    "LeakyReLU",
    "ReLU",
    "Sigmoid",
    "Softplus",
    "Tanh",
    "get_activation",
    "log_softmax",
    "softmax",
]


def _keep_nan(z: NDArray[np.floating], out: NDArray[np.floating]) -> NDArray[np.floating]:
    """Return ``out`` with NaN wherever ``z`` is NaN, in the dtype of ``z``.

    Piecewise derivatives such as ``z > 0`` would otherwise turn a NaN input into 0 or 1.
    """
    return np.where(np.isnan(z), z, out).astype(z.dtype, copy=False)


# --------------------------------------------------------------------------------------------
# The error function, vectorised, for the exact GELU.
#
# W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969, 631-638), with the
# coefficients of his portable routine CALERF (netlib specfun).  They approximate erf and erfc to
# about 18 significant digits, so in float64 the result is correct to within a few ulp.  Three
# intervals of y = |x|:
#   y <= 0.46875       erf(x)  = x R1(y^2)
#   0.46875 < y <= 4   erfc(y) = exp(-y^2) R2(y)
#   4 < y < 27.3       erfc(y) = exp(-y^2) / y (1/sqrt(pi) - R3(1/y^2) / y^2)
#   y >= 27.3          erfc(y) = 0 (below half the smallest subnormal float64)
# Every interval is evaluated on an argument clipped into it (the double-`where` trick), so no
# overflow or invalid operation happens for y = 1e308 or inf.
# --------------------------------------------------------------------------------------------
_ERF_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
          3.20937758913846947e03, 1.85777706184603153e-1)
_ERF_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
          2.84423683343917062e03)
_ERFC_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
           2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
           2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8)
_ERFC_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
           1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
           3.43936767414372164e03, 1.23033935480374942e03)
_ERFC_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
           1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2)
_ERFC_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
           6.05183413124413191e-2, 2.33520497626869185e-3)
_ERF_SMALL = 0.46875  # end of the first interval
_ERFC_MID = 4.0  # end of the second interval
_ERFC_BIG = 27.3  # erfc(y) < 2**-1075, which rounds to 0, beyond this (Cody's 26.543 stops at normals)
_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _erf_small(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """erf(x) for |x| <= 0.46875 (callers pass x clipped into that interval)."""
    x2 = x * x
    num = _ERF_A[4] * x2
    den = x2
    for a, b in zip(_ERF_A[:3], _ERF_B[:3], strict=True):
        num = (num + a) * x2
        den = (den + b) * x2
    return x * (num + _ERF_A[3]) / (den + _ERF_B[3])


def _erfc_large(y: NDArray[np.float64]) -> NDArray[np.float64]:
    """erfc(y) for y > 0.46875 (any y >= 0 is accepted; values at or below 0.46875 are meaningless)."""
    # Second interval, on y clipped into [0.46875, 4].
    y2 = np.clip(y, _ERF_SMALL, _ERFC_MID)
    num = _ERFC_C[8] * y2
    den = y2
    for c, d in zip(_ERFC_C[:7], _ERFC_D[:7], strict=True):
        num = (num + c) * y2
        den = (den + d) * y2
    ratio_mid = (num + _ERFC_C[7]) / (den + _ERFC_D[7])
    # Third interval, on y clipped into [4, 27.3]; w = 1 / y^2 <= 1/16.
    y3 = np.clip(y, _ERFC_MID, _ERFC_BIG)
    w = 1.0 / (y3 * y3)
    num = _ERFC_P[5] * w
    den = w
    for p, q in zip(_ERFC_P[:4], _ERFC_Q[:4], strict=True):
        num = (num + p) * w
        den = (den + q) * w
    ratio_tail = (_INV_SQRT_PI - w * (num + _ERFC_P[4]) / (den + _ERFC_Q[4])) / y3
    yc = np.clip(y, _ERF_SMALL, _ERFC_BIG)
    ratio = np.where(yc <= _ERFC_MID, ratio_mid, ratio_tail)
    # exp(-y^2) computed as exp(-r^2) exp(-(y - r)(y + r)) with r = y rounded down to 1/16, so that
    # the rounding error of y^2 is not amplified by the exponential (Cody's trick).  The two small
    # factors are multiplied first, so no intermediate underflows unless the result does.
    r = np.trunc(yc * 16.0) / 16.0
    result = np.exp(-r * r) * (np.exp(-(yc - r) * (yc + r)) * ratio)
    return np.where(y >= _ERFC_BIG, 0.0, result)


def _erf(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The error function, vectorised, float64, accurate to a few ulp (Cody 1969)."""
    y = np.abs(x)
    small = y <= _ERF_SMALL
    inner = _erf_small(np.where(small, x, 0.0))
    outer = np.copysign((0.5 - _erfc_large(y)) + 0.5, x)
    return np.where(small, inner, outer)


def _erfc(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The complementary error function 1 - erf(x), without cancellation for large x (Cody 1969)."""
    y = np.abs(x)
    small = y <= _ERF_SMALL
    inner = 1.0 - _erf_small(np.where(small, x, 0.0))
    tail = _erfc_large(y)
    outer = np.where(x < 0, 2.0 - tail, tail)
    return np.where(small, inner, outer)


def _normal_cdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Normal CDF :math:`\Phi(z) = \tfrac12 \operatorname{erfc}(-z/\sqrt2)`; accurate in both tails."""
    return 0.5 * _erfc(-z * _INV_SQRT_2)


def _normal_pdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Standard normal density :math:`\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}`; 0 for |z| > 40 (and ±inf)."""
    zc = np.clip(z, -40.0, 40.0)  # exp(-800) underflows to 0 anyway; z**2 must not overflow
    return np.exp(-0.5 * zc * zc) * _INV_SQRT_2PI


def _sigmoid(z: NDArray[np.floating]) -> NDArray[np.floating]:
    """Logistic sigmoid, split on the sign of z so that exp is only ever taken of -|z| <= 0."""
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


# --------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------


class Activation:
    r"""Base class of the elementwise activations: ``forward(z)`` and ``derivative(z)``.

    Introduced in: the activations chapter (book/activations.ipynb).

    Subclasses implement ``_forward`` and ``_derivative`` on an already validated floating-point
    array; the public methods validate ``z`` first. Calling the object is the same as ``forward``.

    Attributes
    ----------
    name : str
        Registry name, as accepted by :func:`get_activation`.
    formula, derivative_formula : str
        LaTeX of :math:`f(z)` and :math:`f'(z)` (without ``$``), used as the book's widget titles.
        They use only commands that both MathJax and Matplotlib's mathtext understand.

    Examples
    --------
    >>> act = Sigmoid()
    >>> act
    Sigmoid()
    >>> np.round(act(np.array([0.0, 1.0])), 4)
    array([0.5   , 0.7311])
    """

    name: str = ""
    formula: str = ""
    derivative_formula: str = ""

    def forward(self, z: ArrayLike) -> NDArray[np.floating]:
        r"""Apply the activation elementwise, :math:`a = f(z)`.

        Parameters
        ----------
        z : array_like of real numbers, any shape
            Pre-activations. Integers are converted to float64; float16/32/64 are kept.

        Returns
        -------
        ndarray
            :math:`f(z)`, same shape and floating dtype as ``z``.

        Raises
        ------
        TypeError
            If ``z`` is not real-valued numeric data (strings, booleans, complex, objects).
        """
        z = as_float_array(z, "z", f"{type(self).__name__}.forward")
        return self._forward(z)

    __call__ = forward

    def derivative(self, z: ArrayLike) -> NDArray[np.floating]:
        r"""Derivative of the activation with respect to its input, :math:`f'(z)`, elementwise.

        Parameters
        ----------
        z : array_like of real numbers, any shape
            Pre-activations (not the outputs :math:`f(z)`).

        Returns
        -------
        ndarray
            :math:`f'(z)`, same shape and floating dtype as ``z``.

        Raises
        ------
        TypeError
            If ``z`` is not real-valued numeric data (strings, booleans, complex, objects).
        """
        z = as_float_array(z, "z", f"{type(self).__name__}.derivative")
        return _keep_nan(z, self._derivative(z))

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        raise NotImplementedError(f"{type(self).__name__} does not implement _forward.")

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        """:math:`f'(z)` of a checked array; where ``z`` is NaN, any value (:meth:`derivative` keeps NaN)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement _derivative.")

    def _params(self) -> dict[str, float]:
        """Hyperparameters shown by ``repr`` (none by default)."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self._params().items())
        return f"{type(self).__name__}({args})"


class Identity(Activation):
    r"""The identity (linear) activation, used for regression outputs.

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        f(z) = z, \qquad f'(z) = 1

    ``forward`` returns a copy, never the input array itself.

    Examples
    --------
    >>> Identity().forward(np.array([-2.0, 0.0, 2.0]))
    array([-2.,  0.,  2.])
    >>> Identity().derivative(np.array([-2.0, 0.0, 2.0]))
    array([1., 1., 1.])
    """

    name = "identity"
    formula = r"f(z) = z"
    derivative_formula = r"f'(z) = 1"

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return z.copy()

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return np.ones_like(z)


class Sigmoid(Activation):
    r"""The logistic sigmoid, squashing any real number into (0, 1).

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)

    Notes
    -----
    Computed stably by splitting on the sign of :math:`z`: :math:`1/(1+e^{-z})` for :math:`z \ge 0`
    and :math:`e^{z}/(1+e^{z})` for :math:`z < 0`, so ``exp`` only ever sees :math:`-|z| \le 0`.
    The derivative is even, so it is evaluated as :math:`s(1-s)` with :math:`s = \sigma(-|z|) \le 1/2`:
    for large :math:`|z|` this keeps full relative accuracy, where ``1 - sigma(z)`` would cancel to 0.
    It never exceeds its maximum 1/4, even after rounding.

    **Saturation**: for :math:`|z| \gtrsim 5` the derivative is below 0.007 (its maximum is 1/4 at
    0), so gradients flowing through saturated sigmoid units all but vanish.

    Examples
    --------
    >>> np.round(Sigmoid().forward(np.array([-2.0, 0.0, 2.0])), 4)
    array([0.1192, 0.5   , 0.8808])
    >>> np.round(Sigmoid().derivative(np.array([-2.0, 0.0, 2.0])), 4)
    array([0.105, 0.25 , 0.105])
    """

    name = "sigmoid"
    formula = r"\sigma(z) = \frac{1}{1+e^{-z}}"
    derivative_formula = r"\sigma'(z) = \sigma(z)\,(1-\sigma(z))"

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return _sigmoid(z)

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        s = _sigmoid(-np.abs(z))  # sigma' is even: use the side where sigma <= 1/2 is accurate
        return s * (1 - s)


class Tanh(Activation):
    r"""The hyperbolic tangent, a zero-centred sigmoid with range (-1, 1).

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1,
        \qquad \tanh'(z) = 1 - \tanh^2(z) = \frac{4 e^{-2|z|}}{\bigl(1 + e^{-2|z|}\bigr)^2}

    Notes
    -----
    ``np.tanh`` is stable for every input. **Saturation**: :math:`\tanh'(z) < 0.002` for
    :math:`|z| > 4`.

    The derivative is computed from the right-hand form. :math:`1 - \tanh^2(z)` subtracts two numbers
    that both round to 1 in the tails: it keeps no correct digit past :math:`|z| \approx 15` and is
    exactly 0 from :math:`|z| \approx 19`, while the true value, about :math:`4e^{-2|z|}`, is still
    representable up to :math:`|z| \approx 372`. The exponential form has no cancellation (its
    :math:`e^{-2|z|} \le 1` cannot overflow) and keeps full relative accuracy everywhere.

    Examples
    --------
    >>> np.round(Tanh().forward(np.array([-2.0, 0.0, 2.0])), 4)
    array([-0.964,  0.   ,  0.964])
    >>> np.round(Tanh().derivative(np.array([-2.0, 0.0, 2.0])), 4)
    array([0.0707, 1.    , 0.0707])
    """

    name = "tanh"
    formula = r"\tanh(z) = \frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}"
    derivative_formula = r"\tanh'(z) = 1-\tanh^2(z)"

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return np.tanh(z)

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        # tanh' is even; |z| > 400 gives e = 0 anyway, and clipping keeps 2|z| from overflowing
        e = np.exp(-2 * np.minimum(np.abs(z), 400))  # in [0, 1]
        # = 1 - tanh(z)^2, without its cancellation; near z = 0 the quotient can round to 1 + 1 ulp, above
        # the true maximum tanh'(0) = 1, hence the cap
        return np.minimum(4 * e / ((1 + e) * (1 + e)), 1)


class ReLU(Activation):
    r"""The rectified linear unit.

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \mathrm{ReLU}(z) = \max(0, z), \qquad
        \mathrm{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}

    Notes
    -----
    ReLU is not differentiable at 0; by convention ``derivative(0) = 0`` (the left derivative, as in
    PyTorch and JAX).

    **Dead units**: a unit whose pre-activation is negative for every input gets zero gradient and
    stops learning; :class:`LeakyReLU` and :class:`ELU` keep a non-zero gradient for :math:`z < 0`.

    Examples
    --------
    >>> ReLU().forward(np.array([-2.0, 0.0, 2.0]))
    array([0., 0., 2.])
    >>> ReLU().derivative(np.array([-2.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """

    name = "relu"
    formula = r"\mathrm{ReLU}(z) = \max(0, z)"
    derivative_formula = r"\mathrm{ReLU}'(z) = 1 \text{ if } z > 0 \text{ else } 0"

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return np.maximum(z, 0)  # np.maximum propagates NaN

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return (z > 0).astype(z.dtype)  # ReLU'(0) = 0


class LeakyReLU(Activation):
    r"""The leaky rectified linear unit: a small slope :math:`\alpha` for negative inputs.

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \mathrm{LeakyReLU}(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}, \qquad
        \mathrm{LeakyReLU}'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}

    Parameters
    ----------
    alpha : float, default=0.01
        Slope for :math:`z \le 0`; must be >= 0 (``alpha=0`` is :class:`ReLU`).

    Raises
    ------
    ValueError
        If ``alpha`` is negative or not finite.

    Notes
    -----
    Not differentiable at 0; by convention ``derivative(0) = alpha`` (the left derivative).
    Because the gradient for :math:`z < 0` is :math:`\alpha` rather than 0, units cannot "die" as
    ReLU units can. Only :math:`z \le 0` is ever multiplied by :math:`\alpha`, so nothing overflows
    unless :math:`\alpha > 1` and :math:`\alpha z` really is beyond the largest float.

    References
    ----------
    * A. L. Maas, A. Y. Hannun and A. Y. Ng, "Rectifier nonlinearities improve neural network
      acoustic models", ICML Workshop on Deep Learning for Audio, Speech and Language Processing,
      2013.

    Examples
    --------
    >>> LeakyReLU(alpha=0.1).forward(np.array([-2.0, 0.0, 2.0]))
    array([-0.2,  0. ,  2. ])
    >>> LeakyReLU(alpha=0.1).derivative(np.array([-2.0, 0.0, 2.0]))
    array([0.1, 0.1, 1. ])
    """

    name = "leaky_relu"
    formula = r"\mathrm{LeakyReLU}(z) = z \text{ if } z > 0 \text{ else } \alpha z"
    derivative_formula = r"\mathrm{LeakyReLU}'(z) = 1 \text{ if } z > 0 \text{ else } \alpha"

    def __init__(self, alpha: float = 0.01) -> None:
        self.alpha = check_scalar(alpha, "alpha", "LeakyReLU", low=0)

    def _params(self) -> dict[str, float]:
        return {"alpha": self.alpha}

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        negative = np.minimum(z, 0)  # only z <= 0 is ever scaled, so alpha * z cannot overflow for z > 0
        if self.alpha == 0:  # 0 * (-inf) is undefined; with alpha = 0 the negative part is exactly 0
            scaled = np.where(np.isnan(negative), negative, 0)
        else:
            scaled = self.alpha * negative
        return (np.maximum(z, 0) + scaled).astype(z.dtype, copy=False)

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return np.where(z > 0, 1.0, self.alpha).astype(z.dtype, copy=False)  # LeakyReLU'(0) = alpha


class ELU(Activation):
    r"""The exponential linear unit: smooth, saturating at :math:`-\alpha` for very negative inputs.

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \mathrm{ELU}(z) = \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases},
        \qquad
        \mathrm{ELU}'(z) = \begin{cases} 1 & z \ge 0 \\ \alpha\, e^{z} & z < 0 \end{cases}

    Parameters
    ----------
    alpha : float, default=1.0
        Value approached as :math:`z \to -\infty` is :math:`-\alpha`; must be > 0.

    Raises
    ------
    ValueError
        If ``alpha`` is not > 0 or not finite.

    Notes
    -----
    For :math:`\alpha = 1` ELU is differentiable everywhere; for other :math:`\alpha` it has a kink at
    0, and by convention ``derivative(0) = 1`` (the right derivative) for every :math:`\alpha`.

    Computed stably with the double-``where`` trick: :math:`e^{z}-1` is evaluated with ``np.expm1``
    on :math:`\min(z, 0)` only, so the exponential of a large positive :math:`z` is never formed, and
    ``expm1`` keeps full accuracy for small :math:`|z|`.

    References
    ----------
    * D.-A. Clevert, T. Unterthiner and S. Hochreiter, "Fast and accurate deep network learning
      by exponential linear units (ELUs)", arXiv:1511.07289, 2015.

    Examples
    --------
    >>> np.round(ELU().forward(np.array([-2.0, 0.0, 2.0])), 4)
    array([-0.8647,  0.    ,  2.    ])
    >>> np.round(ELU().derivative(np.array([-2.0, 0.0, 2.0])), 4)
    array([0.1353, 1.    , 1.    ])
    """

    name = "elu"
    formula = r"\mathrm{ELU}(z) = z \text{ if } z > 0 \text{ else } \alpha\,(e^{z}-1)"
    derivative_formula = r"\mathrm{ELU}'(z) = 1 \text{ if } z \geq 0 \text{ else } \alpha\,e^{z}"

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = check_scalar(alpha, "alpha", "ELU", low=0, include_low=False)

    def _params(self) -> dict[str, float]:
        return {"alpha": self.alpha}

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        negative = np.where(z > 0, 0, z)  # expm1 never sees a positive argument
        return np.where(z > 0, z, self.alpha * np.expm1(negative)).astype(z.dtype, copy=False)

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        negative = np.where(z >= 0, 0, z)
        return np.where(z >= 0, 1, self.alpha * np.exp(negative)).astype(z.dtype, copy=False)  # ELU'(0) = 1


class Softplus(Activation):
    r"""The softplus, a smooth approximation of ReLU whose derivative is the sigmoid.

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \mathrm{softplus}(z) = \ln\bigl(1 + e^{z}\bigr), \qquad \mathrm{softplus}'(z) = \sigma(z)

    Notes
    -----
    Computed as ``np.logaddexp(0, z)`` :math:`= \ln(e^0 + e^z)`, which never overflows (the naive
    ``np.log(1 + np.exp(z))`` gives ``inf`` for :math:`z > 709`) and is accurate for very negative
    :math:`z`. (NaN entries are set aside before ``np.logaddexp``, which would otherwise warn, and
    put back afterwards.)

    Examples
    --------
    >>> np.round(Softplus().forward(np.array([-2.0, 0.0, 2.0])), 4)
    array([0.1269, 0.6931, 2.1269])
    >>> np.round(Softplus().derivative(np.array([-2.0, 0.0, 2.0])), 4)
    array([0.1192, 0.5   , 0.8808])
    """

    name = "softplus"
    formula = r"\mathrm{softplus}(z) = \ln(1+e^{z})"
    derivative_formula = r"\mathrm{softplus}'(z) = \sigma(z) = \frac{1}{1+e^{-z}}"

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        finite_or_inf = np.where(np.isnan(z), 0, z)  # np.logaddexp flags NaN input as invalid
        return _keep_nan(z, np.logaddexp(0.0, finite_or_inf))

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        return _sigmoid(z)


class GELU(Activation):
    r"""The Gaussian error linear unit (exact form, with the normal CDF).

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \mathrm{GELU}(z) = z\,\Phi(z), \qquad \mathrm{GELU}'(z) = \Phi(z) + z\,\varphi(z),

        \Phi(z) = \tfrac12\bigl(1 + \operatorname{erf}(z/\sqrt2)\bigr), \qquad
        \varphi(z) = \frac{e^{-z^2/2}}{\sqrt{2\pi}}

    Notes
    -----
    This is the exact GELU, not the ``tanh`` approximation. NumPy has no ``erf``, so :math:`\Phi`
    is computed as :math:`\tfrac12\operatorname{erfc}(-z/\sqrt2)` with W. J. Cody's rational
    Chebyshev approximation of ``erf``/``erfc``, vectorised; it agrees with ``scipy.special.erf`` to
    about 1e-16 and keeps full relative accuracy in the left tail, where :math:`\Phi(z)` is tiny.

    Limits: :math:`\mathrm{GELU}(-\infty) = 0`, :math:`\mathrm{GELU}(+\infty) = +\infty`,
    :math:`\mathrm{GELU}'(-\infty) = 0`, :math:`\mathrm{GELU}'(+\infty) = 1`; the undefined product
    :math:`0\cdot\infty` is never evaluated. Computation is done in float64 and cast back to the input
    dtype. GELU is non-monotonic: its minimum is about -0.17 at :math:`z \approx -0.75`.

    References
    ----------
    * D. Hendrycks and K. Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415, 2016.
    * W. J. Cody, "Rational Chebyshev approximations for the error function", Mathematics of
      Computation 23 (107), 631-637, 1969.

    Examples
    --------
    >>> np.round(GELU().forward(np.array([-2.0, 0.0, 2.0])), 4)
    array([-0.0455,  0.    ,  1.9545])
    >>> np.round(GELU().derivative(np.array([-2.0, 0.0, 2.0])), 4)
    array([-0.0852,  0.5   ,  1.0852])
    """

    name = "gelu"
    formula = r"\mathrm{GELU}(z) = z\,\Phi(z)"
    derivative_formula = r"\mathrm{GELU}'(z) = \Phi(z) + z\,\varphi(z)"

    def _forward(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        z64 = z.astype(np.float64, copy=False)
        finite_z = np.where(np.isinf(z64), 0.0, z64)  # never form 0 * inf at z = -inf
        out = np.where(z64 == np.inf, np.inf, finite_z * _normal_cdf(z64))
        return out.astype(z.dtype, copy=False)

    def _derivative(self, z: NDArray[np.floating]) -> NDArray[np.floating]:
        z64 = z.astype(np.float64, copy=False)
        zc = np.clip(z64, -40.0, 40.0)  # phi(z) = 0 beyond |z| = 39, so z phi(z) = zc phi(zc) there
        return (_normal_cdf(z64) + zc * _normal_pdf(zc)).astype(z.dtype, copy=False)


_REGISTRY: dict[str, type[Activation]] = {
    cls.name: cls for cls in (Identity, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, Softplus, GELU)
}

#: Names accepted by :func:`get_activation`.
ACTIVATIONS: tuple[str, ...] = tuple(_REGISTRY)


def get_activation(name: str, **params: float) -> Activation:
    r"""Create an activation from its name, as layers do with ``Dense(..., activation="relu")``.

    Introduced in: the activations chapter (book/activations.ipynb).

    Parameters
    ----------
    name : str
        One of :data:`ACTIVATIONS`: ``"identity"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``,
        ``"leaky_relu"``, ``"elu"``, ``"softplus"``, ``"gelu"``.
    **params
        Hyperparameters of that activation, e.g. ``alpha`` for ``"leaky_relu"`` and ``"elu"``.

    Returns
    -------
    Activation
        A new instance.

    Raises
    ------
    ValueError
        If ``name`` is unknown (the message lists the choices) or a hyperparameter is invalid.
    TypeError
        If ``params`` holds a hyperparameter the activation does not have.

    Examples
    --------
    >>> get_activation("leaky_relu", alpha=0.2)
    LeakyReLU(alpha=0.2)
    >>> get_activation("rleu")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'name' parameter of get_activation must be one of 'identity', ... Got 'rleu' instead.
    """
    return create_from_registry(_REGISTRY, name, params, "get_activation")


def _softmax_input(z: ArrayLike, axis: int, owner: str) -> tuple[NDArray[np.floating], int]:
    """Validate the input and axis of softmax/log_softmax."""
    z = as_float_array(z, "z", owner)
    if z.ndim == 0:
        raise ValueError(f"The 'z' parameter of {owner} must have at least 1 dimension. "
                         f"Got a scalar {float(z)!r} instead.")
    axis = check_scalar(axis, "axis", owner, low=-z.ndim, high=z.ndim - 1, integer=True)
    return z, axis


def _shifted(z: NDArray[np.floating], axis: int) -> NDArray[np.floating]:
    """Return z - max(z) along ``axis``, with the special rows of softmax handled (see softmax Notes)."""
    m = z.max(axis=axis, keepdims=True, initial=-np.inf)
    usual = bool(np.isfinite(m).all())  # no row holds +inf or NaN or is all -inf
    m_safe = m if usual else np.where(np.isfinite(m), m, 0)
    # z - m <= 0. It can only overflow when the exact value is below -1.8e308 (e.g. -1e308 - 1e308),
    # whose correctly rounded float is -inf, and exp(-inf) = 0 is then the right answer.
    with np.errstate(over="ignore"):
        shifted = z - m_safe
    if usual:
        return shifted
    # A row containing +inf: the +inf entries share the probability mass equally (the limit).
    shifted = np.where(m == np.inf, np.where(z == np.inf, 0.0, -np.inf), shifted)
    # A row of only -inf has no softmax, and a row containing NaN has none either: NaN.
    shifted = np.where((m == -np.inf) | np.isnan(m), np.nan, shifted)
    return shifted.astype(z.dtype, copy=False)


def softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""Softmax along ``axis``: turns each row of scores into a probability distribution.

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}
                              = \frac{e^{z_k - m}}{\sum_j e^{z_j - m}}, \qquad m = \max_j z_j

    Parameters
    ----------
    z : array_like of real numbers, at least 1-D, e.g. ``(n_samples, n_classes)``
        Scores (logits).
    axis : int, default=-1
        Axis along which the probabilities sum to 1.

    Returns
    -------
    ndarray
        Same shape and floating dtype as ``z``; entries in [0, 1] summing to 1 along ``axis``.

    Raises
    ------
    TypeError
        If ``z`` is not real-valued numeric data, or ``axis`` is not an integer.
    ValueError
        If ``z`` is a scalar or ``axis`` is out of range for ``z``.

    See Also
    --------
    log_softmax : its logarithm, computed without taking ``log`` of a rounded probability.

    Notes
    -----
    Shifting by the row maximum :math:`m` does not change the result but makes every exponent
    :math:`\le 0`, so nothing overflows, and the largest term is exactly :math:`e^0 = 1`, so the
    denominator is never 0. No NumPy warning is raised for any finite input, including ``±1e308``.

    Special rows (no warnings either):

    * entries equal to ``+inf`` share the whole mass equally (the limit of the finite case), every
      other entry gets 0;
    * ``-inf`` entries get probability 0;
    * a row whose entries are **all** ``-inf`` has no softmax (:math:`0/0`); it becomes all NaN, as in
      SciPy and JAX;
    * a row containing NaN becomes all NaN.

    Softmax is not elementwise, so it is not an :class:`Activation`; its gradient is derived together
    with the cross-entropy loss.

    Examples
    --------
    >>> np.round(softmax(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])), 4)
    array([[0.09  , 0.2447, 0.6652],
           [0.3333, 0.3333, 0.3333]])
    >>> softmax(np.array([1000.0, 1000.0]))  # the naive formula gives nan here
    array([0.5, 0.5])
    """
    z, axis = _softmax_input(z, axis, "softmax")
    return _softmax(z, axis)


def _softmax(z: NDArray[np.floating], axis: int) -> NDArray[np.floating]:
    """:func:`softmax` of an already checked floating-point array (the losses' training path)."""
    e = np.exp(_shifted(z, axis))  # every exponent is <= 0
    e /= e.sum(axis=axis, keepdims=True)  # the sum is >= 1
    return e


def log_softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""Logarithm of :func:`softmax` along ``axis``, computed directly (log-sum-exp).

    Introduced in: the activations chapter (book/activations.ipynb).

    .. math::

        \log\mathrm{softmax}(z)_k = z_k - m - \log \sum_j e^{z_j - m}, \qquad m = \max_j z_j

    Parameters
    ----------
    z : array_like of real numbers, at least 1-D, e.g. ``(n_samples, n_classes)``
        Scores (logits).
    axis : int, default=-1
        Axis of the classes.

    Returns
    -------
    ndarray
        Same shape and floating dtype as ``z``; entries :math:`\le 0`.

    Raises
    ------
    TypeError
        If ``z`` is not real-valued numeric data, or ``axis`` is not an integer.
    ValueError
        If ``z`` is a scalar or ``axis`` is out of range for ``z``.

    Notes
    -----
    ``np.log(softmax(z))`` gives ``-inf`` as soon as a probability underflows to 0 (e.g. a score
    1000 below the maximum), while the true value, :math:`-1000`, is perfectly representable; this
    function returns it. The log-sum-exp term is at least :math:`\log 1 = 0`, so ``log`` never sees 0.

    The special rows behave as in :func:`softmax`: entries of ``-inf`` give ``-inf``; ``k`` entries of
    ``+inf`` give :math:`-\log k` and the others ``-inf``; an all ``-inf`` row or a row containing NaN
    gives NaN.

    Examples
    --------
    >>> np.round(log_softmax(np.array([1.0, 2.0, 3.0])), 4)
    array([-2.4076, -1.4076, -0.4076])
    >>> log_softmax(np.array([0.0, -1000.0]))  # np.log(softmax(...)) would give -inf
    array([    0., -1000.])
    """
    z, axis = _softmax_input(z, axis, "log_softmax")
    return _log_softmax(z, axis)


def _log_softmax(z: NDArray[np.floating], axis: int) -> NDArray[np.floating]:
    """:func:`log_softmax` of an already checked floating-point array (the losses' training path)."""
    shifted = _shifted(z, axis)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
