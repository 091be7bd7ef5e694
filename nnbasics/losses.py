r"""Loss functions and their gradients with respect to the predictions.

Introduced in: the losses chapter (book/losses.ipynb).

Every loss shares one interface::

    loss = get_loss("mse")
    L = loss.loss(y_pred, y_true)   # a Python float
    G = loss.grad(y_pred, y_true)   # dL/dy_pred, same shape and dtype as y_pred

.. rubric:: Symbols

================  =================================================================
symbol            meaning
================  =================================================================
:math:`\hat y`    predictions, ``y_pred``
:math:`y`         targets, ``y_true`` (:math:`Y` when one-hot, shape ``(n, k)``)
:math:`N`         total number of elements of ``y_pred`` (regression losses)
:math:`n`         number of samples, the length of the first axis (cross-entropies)
:math:`k`         number of classes
:math:`p`         predicted probabilities, in :math:`[0, 1]`
:math:`z`         logits (pre-activations), any real number
:math:`\sigma`    the logistic sigmoid :math:`1 / (1 + e^{-z})`
================  =================================================================

Reductions: the regression losses (``mse``, ``mae``, ``huber``) average over **all** elements; the
cross-entropies sum over classes (or labels) and average over **samples**, the first axis. For binary
targets of shape ``(n,)`` or ``(n, 1)`` the two coincide.

Precision: every loss is computed in float64 from the inputs as given (a float16 prediction is never
allowed to round its float64 targets), and :meth:`Loss.grad` is returned in ``y_pred``'s dtype. A
loss too large for float64 is returned as ``inf``; a gradient too large for ``y_pred``'s dtype raises
a :class:`ValueError` rather than turning into ``inf``.

Inputs are checked, never silently reshaped: ``y_pred`` and ``y_true`` must have identical shapes
(the one exception is :class:`SoftmaxCrossEntropy` with integer class indices), because NumPy would
broadcast a ``(n, 1)`` prediction against ``(n,)`` targets to an ``(n, n)`` array and return a
plausible-looking but wrong number.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import as_float_array, check_scalar, create_from_registry
from nnbasics.activations import Sigmoid, _log_softmax, _softmax

__all__ = [
    "LOSSES",
    "MAE",
    "MSE",
    "BinaryCrossEntropy",
    "BinaryCrossEntropyWithLogits",
    "Huber",
    "Loss",
    "SoftmaxCrossEntropy",
    "cross_entropy",
    "entropy",
    "get_loss",
    "kl_divergence",
]


# --------------------------------------------------------------------------------------------------
# Input checks shared by the losses
# --------------------------------------------------------------------------------------------------
def _as_input(x: ArrayLike, name: str, owner: str) -> NDArray[np.floating]:
    """Finite, non-empty floating-point array (NaN and inf are rejected with a clear message)."""
    arr = as_float_array(x, name, owner, allow_nan=False, allow_inf=False)
    if arr.size == 0:
        raise ValueError(f"The '{name}' parameter of {owner} must not be empty. "
                         f"Got an array of shape {arr.shape} instead.")
    return arr


def _shape_mismatch(owner: str, pred_shape: tuple[int, ...], true_shape: tuple[int, ...]) -> ValueError:
    """The error for ``y_pred.shape != y_true.shape``, naming both shapes and how to fix them."""
    msg = (f"The 'y_true' parameter of {owner} must have the same shape as y_pred, {pred_shape}. "
           f"Got shape {true_shape} instead.")
    if int(np.prod(pred_shape)) == int(np.prod(true_shape)):
        if len(pred_shape) == 2 and pred_shape[1] == 1 and true_shape == pred_shape[:1]:
            msg += " Reshape one of them: y_true.reshape(-1, 1) or y_pred.ravel()."
        elif len(true_shape) == 2 and true_shape[1] == 1 and pred_shape == true_shape[:1]:
            msg += " Reshape one of them: y_true.ravel() or y_pred.reshape(-1, 1)."
        else:
            msg += f" If they hold the same values in the same order, use y_true.reshape({pred_shape})."
    else:
        msg += (f" They hold different numbers of values ({int(np.prod(pred_shape))} and "
                f"{int(np.prod(true_shape))}); check that both describe the same samples.")
    try:
        broadcast = np.broadcast_shapes(pred_shape, true_shape)
    except ValueError:
        return ValueError(msg)
    return ValueError(msg + f" (NumPy would silently broadcast them to shape {broadcast}.)")


def _check_pair(
    y_pred: ArrayLike, y_true: ArrayLike, owner: str
) -> tuple[NDArray[np.float64], NDArray[np.float64], np.dtype[Any]]:
    """Validate a prediction/target pair of identical shapes.

    Returns both as float64 (each validated in its own dtype first, so nothing is rounded before the
    checks) and the dtype of ``y_pred``, in which :meth:`Loss.grad` answers.
    """
    pred = _as_input(y_pred, "y_pred", owner)
    true = _as_input(y_true, "y_true", owner)
    if pred.shape != true.shape:
        raise _shape_mismatch(owner, pred.shape, true.shape)
    return pred.astype(np.float64, copy=False), true.astype(np.float64, copy=False), pred.dtype


def _in_dtype(grad: NDArray[np.float64], dtype: np.dtype[Any], owner: str) -> NDArray[np.floating]:
    """The float64 gradient in ``y_pred``'s dtype; a ValueError if it does not fit there."""
    with np.errstate(over="ignore"):
        out = grad.astype(dtype, copy=False)
    if not np.all(np.isfinite(out)):
        biggest = float(np.max(np.abs(grad)))
        raise ValueError(f"The 'y_pred' parameter of {owner} must have a dtype that can hold the gradient, "
                         f"which is returned in y_pred's dtype ({dtype}, largest value "
                         f"{float(np.finfo(dtype).max):.3g}). Got a gradient entry of size {biggest:.3g} "
                         f"instead; use float64 predictions or rescale the targets.")
    return out


def _check_unit_interval(x: NDArray[np.floating], name: str, owner: str, hint: str = "") -> None:
    """Raise if any entry of ``x`` lies outside ``[0, 1]``."""
    lo, hi = float(x.min()), float(x.max())
    if lo < 0.0 or hi > 1.0:
        raise ValueError(f"The '{name}' parameter of {owner} must be in the range [0, 1]. "
                         f"Got values from {lo!r} to {hi!r} instead.{hint}")


def _check_rows_sum_to_one(y: NDArray[np.floating], name: str, owner: str, requirement: str, noun: str) -> None:
    """Raise unless every entry is in [0, 1] and every slice along the last axis sums to 1."""
    _check_unit_interval(y, name, owner)
    row_sums = y.sum(axis=-1)
    tol = max(1e-6, 100 * float(np.finfo(y.dtype).eps))
    if not np.allclose(row_sums, 1.0, rtol=0.0, atol=tol):
        worst = float(np.ravel(row_sums)[np.argmax(np.abs(np.ravel(row_sums) - 1.0))])
        raise ValueError(f"The '{name}' parameter of {owner} must have {requirement}. "
                         f"Got {noun} summing to {worst!r} instead.")


def _cross_entropy_rows(y: NDArray[np.floating], log_q: NDArray[np.floating]) -> NDArray[np.float64]:
    r"""``-sum_j y_j log q_j`` along the last axis, with :math:`0 \log 0 = 0`: the one place the formula lives.

    Only the entries with ``y > 0`` count, so ``0 * (-inf)`` is never formed; ``log_q = -inf`` where
    ``y > 0`` gives ``inf``, the exact answer.
    """
    return 0.0 - np.sum(y * np.where(y > 0, log_q, 0.0), axis=-1)  # 0.0 - : no -0.0 for a certain outcome


def _n_samples(x: NDArray[np.floating]) -> int:
    """Length of the first axis (1 for a 0-d array): the divisor of the cross-entropies."""
    return x.shape[0] if x.ndim > 0 else 1


# --------------------------------------------------------------------------------------------------
# The losses
# --------------------------------------------------------------------------------------------------
class Loss:
    r"""Base class: a scalar loss :math:`L(\hat y, y)` and its gradient :math:`\partial L / \partial \hat y`.

    Introduced in: the losses chapter (book/losses.ipynb).

    Subclasses set the class attributes ``name`` (the key used by :func:`get_loss`) and ``formula``
    (LaTeX, without ``$``), and implement :meth:`loss` and :meth:`grad`. A loss that a network trains on
    may also implement ``_loss`` and ``_grad``, the same formulas on inputs already checked (finite
    arrays of matching shapes), which the public methods call after their checks and the training loop
    calls directly; by default they are the checked methods.

    Examples
    --------
    >>> MSE.name
    'mse'
    >>> print(MSE.formula)
    L = \frac{1}{N} \sum_{i=1}^{N} (\hat{y}_i - y_i)^2
    """

    name: ClassVar[str] = ""
    formula: ClassVar[str] = ""

    def loss(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """The loss as a Python float."""
        raise NotImplementedError(f"{type(self).__name__} is the base class of the losses and computes none; "
                                  f"use a loss such as MSE() or get_loss(name).")

    def grad(self, y_pred: ArrayLike, y_true: ArrayLike) -> NDArray[np.floating]:
        """The gradient of :meth:`loss` with respect to ``y_pred``, shaped like ``y_pred``."""
        raise NotImplementedError(f"{type(self).__name__} is the base class of the losses and computes none; "
                                  f"use a loss such as MSE() or get_loss(name).")

    def _loss(self, y_pred: Any, y_true: Any) -> float:
        return self.loss(y_pred, y_true)

    def _grad(self, y_pred: Any, y_true: Any) -> NDArray[np.floating]:
        return self.grad(y_pred, y_true)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSE(Loss):
    r"""Mean squared error, averaged over all elements.

    Introduced in: the losses chapter (book/losses.ipynb).

    .. math::

        L = \frac{1}{N} \sum_{i=1}^{N} (\hat y_i - y_i)^2,
        \qquad
        \frac{\partial L}{\partial \hat y_i} = \frac{2}{N} (\hat y_i - y_i)

    where :math:`N` is the number of elements of ``y_pred`` (``y_pred.size``), whatever its shape.

    Examples
    --------
    >>> mse = MSE()
    >>> mse.loss([1.0, 2.0], [0.0, 4.0])  # ((1 - 0)**2 + (2 - 4)**2) / 2
    2.5
    >>> mse.grad([1.0, 2.0], [0.0, 4.0])  # 2 * (y_pred - y_true) / 2
    array([ 1., -2.])
    """

    name = "mse"
    formula = r"L = \frac{1}{N} \sum_{i=1}^{N} (\hat{y}_i - y_i)^2"

    def loss(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """Mean of the squared residuals over all elements."""
        y_hat, y, _ = _check_pair(y_pred, y_true, "MSE")
        return self._loss(y_hat, y)

    def grad(self, y_pred: ArrayLike, y_true: ArrayLike) -> NDArray[np.floating]:
        """``2 (y_pred - y_true) / N``, same shape and dtype as ``y_pred``."""
        y_hat, y, dtype = _check_pair(y_pred, y_true, "MSE")
        return _in_dtype(self._grad(y_hat, y), dtype, "MSE")  # too large for the dtype: _in_dtype raises

    def _loss(self, y_hat: NDArray[np.floating], y: NDArray[np.floating]) -> float:
        with np.errstate(over="ignore"):  # a loss beyond float64 is inf (module docstring)
            r = y_hat - y
            return float(np.mean(r * r))

    def _grad(self, y_hat: NDArray[np.floating], y: NDArray[np.floating]) -> NDArray[np.floating]:
        with np.errstate(over="ignore"):
            return 2.0 * (y_hat - y) / y_hat.size


class MAE(Loss):
    r"""Mean absolute error, averaged over all elements.

    Introduced in: the losses chapter (book/losses.ipynb).

    .. math::

        L = \frac{1}{N} \sum_{i=1}^{N} |\hat y_i - y_i|,
        \qquad
        \frac{\partial L}{\partial \hat y_i} = \frac{1}{N} \operatorname{sign}(\hat y_i - y_i)

    Notes
    -----
    :math:`|r|` has no derivative at :math:`r = 0`. :meth:`grad` returns ``np.sign(0) = 0`` there, a
    valid subgradient (any value in :math:`[-1/N, 1/N]` is one) and the choice that leaves an exactly
    fitted prediction alone.

    Examples
    --------
    >>> mae = MAE()
    >>> mae.loss([1.0, 2.0, 3.0], [0.0, 4.0, 3.0])  # (1 + 2 + 0) / 3
    1.0
    >>> mae.grad([1.0, 2.0, 3.0], [0.0, 4.0, 3.0]) * 3  # sign of the residual; 0 at a perfect fit
    array([ 1., -1.,  0.])
    """

    name = "mae"
    formula = r"L = \frac{1}{N} \sum_{i=1}^{N} |\hat{y}_i - y_i|"

    def loss(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """Mean of the absolute residuals over all elements."""
        y_hat, y, _ = _check_pair(y_pred, y_true, "MAE")
        with np.errstate(over="ignore"):  # a loss beyond float64 is inf (module docstring)
            return float(np.mean(np.abs(y_hat - y)))

    def grad(self, y_pred: ArrayLike, y_true: ArrayLike) -> NDArray[np.floating]:
        """``sign(y_pred - y_true) / N`` (0 where the residual is exactly 0)."""
        y_hat, y, dtype = _check_pair(y_pred, y_true, "MAE")
        with np.errstate(over="ignore"):  # y_hat - y = inf still has the right sign
            return _in_dtype(np.sign(y_hat - y) / y_hat.size, dtype, "MAE")


class Huber(Loss):
    r"""Huber loss: quadratic for small residuals, linear for large ones; averaged over all elements.

    Introduced in: the losses chapter (book/losses.ipynb).

    With residual :math:`r_i = \hat y_i - y_i`,

    .. math::

        L = \frac{1}{N} \sum_{i=1}^{N} \ell_\delta(r_i),
        \qquad
        \ell_\delta(r) =
        \begin{cases}
            \tfrac12 r^2 & |r| \le \delta \\
            \delta \left(|r| - \tfrac12 \delta\right) & |r| > \delta
        \end{cases}

    .. math::

        \frac{\partial L}{\partial \hat y_i} = \frac{1}{N} \operatorname{clip}(r_i, -\delta, \delta)

    The two pieces meet with equal value and slope at :math:`|r| = \delta`, so the gradient is
    continuous; only the second derivative jumps there.

    Parameters
    ----------
    delta : float, default=1.0
        Threshold :math:`\delta > 0` between the quadratic and the linear part.

    References
    ----------
    Huber, P. J. (1964). Robust estimation of a location parameter. *The Annals of Mathematical
    Statistics*, 35(1), 73-101.

    Examples
    --------
    >>> huber = Huber(delta=1.0)
    >>> huber
    Huber(delta=1.0)
    >>> huber.loss([0.5, 3.0], [0.0, 0.0])  # (0.5 * 0.5**2 + 1.0 * (3.0 - 0.5)) / 2
    1.3125
    >>> huber.grad([0.5, 3.0], [0.0, 0.0])  # clip(r, -1, 1) / 2
    array([0.25, 0.5 ])
    """

    name = "huber"
    formula = (r"L = \frac{1}{N} \sum_{i=1}^{N} \ell_\delta(\hat{y}_i - y_i), \quad "
               r"\ell_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\ "
               r"\delta (|r| - \tfrac12 \delta) & |r| > \delta \end{cases}")

    def __init__(self, delta: float = 1.0) -> None:
        self.delta = check_scalar(delta, "delta", "Huber", low=0, include_low=False)

    def loss(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """Mean Huber loss over all elements."""
        y_hat, y, _ = _check_pair(y_pred, y_true, "Huber")
        delta = self.delta
        with np.errstate(over="ignore"):  # a loss beyond float64 is inf (module docstring)
            abs_r = np.abs(y_hat - y)
            quadratic = 0.5 * abs_r * abs_r
            linear = delta * (abs_r - 0.5 * delta)
            return float(np.mean(np.where(abs_r <= delta, quadratic, linear)))

    def grad(self, y_pred: ArrayLike, y_true: ArrayLike) -> NDArray[np.floating]:
        """``clip(y_pred - y_true, -delta, delta) / N``."""
        y_hat, y, dtype = _check_pair(y_pred, y_true, "Huber")
        with np.errstate(over="ignore"):  # y_hat - y = inf is clipped to delta
            return _in_dtype(np.clip(y_hat - y, -self.delta, self.delta) / y_hat.size, dtype, "Huber")

    def __repr__(self) -> str:
        return f"Huber(delta={self.delta!r})"


class BinaryCrossEntropy(Loss):
    r"""Binary cross-entropy of predicted probabilities, averaged over samples.

    Introduced in: the losses chapter (book/losses.ipynb).

    ``y_pred`` holds probabilities :math:`p_i \in [0, 1]` (for example the output of a sigmoid) and
    ``y_true`` holds labels :math:`y_i \in [0, 1]` (0/1, or soft labels). To avoid :math:`\log 0`,
    the probabilities are clipped to :math:`[\epsilon, 1 - \epsilon]` with
    ``eps = np.finfo(y_pred.dtype).eps``, giving :math:`\tilde p_i`:

    .. math::

        L = -\frac{1}{n} \sum_{i} \left[ y_i \log \tilde p_i + (1 - y_i) \log(1 - \tilde p_i) \right],
        \qquad
        \frac{\partial L}{\partial p_i} = \frac{1}{n} \, \frac{\tilde p_i - y_i}{\tilde p_i (1 - \tilde p_i)}

    The sum runs over all elements and :math:`n` is the number of samples, ``y_pred.shape[0]``. For
    targets of shape ``(n,)`` or ``(n, 1)`` this is the mean over elements (what scikit-learn's
    ``log_loss`` computes); for multi-label targets of shape ``(n, k)`` the :math:`k` binary losses of a
    sample are summed.

    Notes
    -----
    **The gradient at the clip.** Outside :math:`[\epsilon, 1 - \epsilon]` the clipped loss is flat,
    so its exact derivative would be 0 - and a prediction stuck at exactly :math:`p = 0` for a
    positive example would never move. :meth:`grad` instead evaluates the formula above at the
    clipped probability :math:`\tilde p`: it stays finite (at most about :math:`1/(n\epsilon)` in
    magnitude, about :math:`4.5 \times 10^{15} / n` in float64) and still points towards the label.
    Inside the clip interval it is the exact derivative.

    Saturated probabilities lose information that the logits still had; when the model ends in a
    sigmoid, prefer :class:`BinaryCrossEntropyWithLogits`, whose gradient is simply
    :math:`(\sigma(z) - y)/n`.

    Examples
    --------
    >>> bce = BinaryCrossEntropy()
    >>> round(bce.loss([0.9, 0.2], [1, 0]), 6)  # -(log 0.9 + log 0.8) / 2
    0.164252
    >>> bce.grad([0.5, 0.5], [1, 0])  # (p - y) / (p (1 - p)) / n
    array([-1.,  1.])
    >>> bool(np.isfinite(bce.loss([0.0, 1.0], [1, 0])))  # a confident mistake: large but finite
    True
    """

    name = "binary_cross_entropy"
    formula = r"L = -\frac{1}{n} \sum_{i} \left[ y_i \log p_i + (1 - y_i) \log(1 - p_i) \right]"

    def _inputs(self, y_pred: ArrayLike, y_true: ArrayLike) -> tuple[Any, ...]:
        p, y, dtype = _check_pair(y_pred, y_true, "BinaryCrossEntropy")
        _check_unit_interval(p, "y_pred", "BinaryCrossEntropy",
                             " y_pred must be probabilities; for logits use BinaryCrossEntropyWithLogits.")
        _check_unit_interval(y, "y_true", "BinaryCrossEntropy")
        eps = float(np.finfo(dtype).eps)  # the clip of y_pred's own precision
        return np.clip(p, eps, 1 - eps), y, dtype

    def loss(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """Cross-entropy summed over elements, divided by the number of samples."""
        p, y, _ = self._inputs(y_pred, y_true)
        return float(-np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)) / _n_samples(p))

    def grad(self, y_pred: ArrayLike, y_true: ArrayLike) -> NDArray[np.floating]:
        """``(p - y) / (p (1 - p)) / n`` evaluated at the clipped ``p``; finite everywhere."""
        p, y, dtype = self._inputs(y_pred, y_true)
        return _in_dtype((p - y) / (p * (1 - p)) / _n_samples(p), dtype, "BinaryCrossEntropy")


class BinaryCrossEntropyWithLogits(Loss):
    r"""Binary cross-entropy computed from logits: a sigmoid fused with the cross-entropy.

    Introduced in: the losses chapter (book/losses.ipynb).

    ``y_pred`` holds logits :math:`z_i` (any real numbers) and ``y_true`` labels :math:`y_i \in [0, 1]`.
    Substituting :math:`p = \sigma(z)` into the binary cross-entropy and simplifying gives

    .. math::

        L = \frac{1}{n} \sum_{i} \left[ \log(1 + e^{z_i}) - y_i z_i \right],
        \qquad
        \frac{\partial L}{\partial z_i} = \frac{1}{n} \left( \sigma(z_i) - y_i \right)

    with :math:`n` = ``y_pred.shape[0]``, the number of samples (for shape ``(n,)`` or ``(n, 1)``
    the mean over elements). :math:`\log(1 + e^z)` is computed as ``np.logaddexp(0, z)`` and the
    sigmoid by splitting on the sign of :math:`z`, so logits of :math:`\pm 10^3` give finite values
    and no overflow; no probability is ever clipped.

    Examples
    --------
    >>> bce = BinaryCrossEntropyWithLogits()
    >>> round(bce.loss([0.0, 0.0], [1, 0]), 6)  # log 2 for each sample
    0.693147
    >>> bce.grad([0.0, 0.0], [1, 0])  # (sigma(0) - y) / 2
    array([-0.25,  0.25])
    >>> bce.loss([1000.0, -1000.0], [1, 0])  # confidently right: no overflow
    0.0
    """

    name = "binary_cross_entropy_with_logits"
    formula = r"L = \frac{1}{n} \sum_{i} \left[ \log(1 + e^{z_i}) - y_i z_i \right]"

    def _inputs(self, y_pred: ArrayLike, y_true: ArrayLike) -> tuple[Any, ...]:
        z, y, dtype = _check_pair(y_pred, y_true, "BinaryCrossEntropyWithLogits")
        _check_unit_interval(y, "y_true", "BinaryCrossEntropyWithLogits")
        return z, y, dtype

    def loss(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """``sum(logaddexp(0, z) - y z) / n``."""
        z, y, _ = self._inputs(y_pred, y_true)
        return self._loss(z, y)

    def grad(self, y_pred: ArrayLike, y_true: ArrayLike) -> NDArray[np.floating]:
        """``(sigmoid(z) - y) / n``."""
        z, y, dtype = self._inputs(y_pred, y_true)
        return _in_dtype(self._grad(z, y), dtype, "BinaryCrossEntropyWithLogits")

    def _loss(self, z: NDArray[np.floating], y: NDArray[np.floating]) -> float:
        with np.errstate(over="ignore"):  # a loss beyond float64 is inf (module docstring)
            return float(np.sum(np.logaddexp(0, z) - y * z) / _n_samples(z))

    def _grad(self, z: NDArray[np.floating], y: NDArray[np.floating]) -> NDArray[np.floating]:
        return (Sigmoid()._forward(z) - y) / _n_samples(z)


class SoftmaxCrossEntropy(Loss):
    r"""Softmax fused with the categorical cross-entropy, averaged over samples.

    Introduced in: the losses chapter (book/losses.ipynb).

    ``y_pred`` holds logits :math:`Z` of shape ``(n_samples, n_classes)``. ``y_true`` is either a vector
    of integer class indices of shape ``(n_samples,)``, each in :math:`[0, k)`, or a matrix :math:`Y`
    of shape ``(n_samples, n_classes)`` whose rows are one-hot vectors or probability distributions.

    .. math::

        \log \operatorname{softmax}(z_i)_j = (z_{ij} - m_i) - \log \sum_{l=1}^{k} e^{z_{il} - m_i},
        \qquad m_i = \max_l z_{il}

    .. math::

        L = -\frac{1}{n} \sum_{i=1}^{n} \sum_{j=1}^{k} Y_{ij} \log \operatorname{softmax}(z_i)_j,
        \qquad
        \frac{\partial L}{\partial z_{ij}} = \frac{1}{n} \left( \operatorname{softmax}(z_i)_j - Y_{ij} \right)

    Subtracting the row maximum :math:`m_i` changes nothing mathematically but keeps every exponent
    :math:`\le 0`, so logits of :math:`\pm 10^3` cannot overflow. The gradient formula needs each
    row of :math:`Y` to sum to 1, which is checked.

    Notes
    -----
    Softmax is not an elementwise function, and its Jacobian never needs to be formed: fused with the
    cross-entropy, the gradient with respect to the logits is just "predicted minus true
    probabilities".

    Examples
    --------
    >>> ce = SoftmaxCrossEntropy()
    >>> z = [[0.0, 0.0], [2.0, 0.0]]
    >>> round(ce.loss(z, [0, 0]), 6)  # (log 2 + log(1 + e**-2)) / 2
    0.410038
    >>> ce.loss(z, [0, 0]) == ce.loss(z, [[1, 0], [1, 0]])  # class indices or one-hot rows
    True
    >>> ce.grad([[0.0, 0.0]], [1])  # (softmax(z) - one_hot(y)) / n
    array([[ 0.5, -0.5]])
    """

    name = "softmax_cross_entropy"
    formula = (r"L = -\frac{1}{n} \sum_{i=1}^{n} \sum_{j=1}^{k} Y_{ij} "
               r"\log \operatorname{softmax}(z_i)_j")

    def _inputs(
        self, y_pred: ArrayLike, y_true: ArrayLike
    ) -> tuple[NDArray[np.float64], NDArray[np.integer] | NDArray[np.float64], np.dtype[Any]]:
        """Logits ``(n, k)`` as float64, class indices ``(n,)`` or targets ``(n, k)``, and z's dtype."""
        owner = "SoftmaxCrossEntropy"
        z = _as_input(y_pred, "y_pred", owner)
        if z.ndim != 2:
            hint = " For a single sample use y_pred.reshape(1, -1)." if z.ndim == 1 else ""
            raise ValueError(f"The 'y_pred' parameter of {owner} must be logits of shape "
                             f"(n_samples, n_classes). Got shape {z.shape} instead.{hint}")
        n, k = z.shape
        try:
            labels = np.asarray(y_true)
        except ValueError:  # ragged nested lists: _as_input below names the problem
            labels = np.asarray(None)
        if labels.ndim == 1 and labels.dtype.kind in "iu":
            if labels.shape[0] != n:
                raise ValueError(f"The 'y_true' parameter of {owner} must hold one class index per "
                                 f"sample, i.e. have shape ({n},) to match y_pred of shape {z.shape}. "
                                 f"Got shape {labels.shape} instead.")
            lo, hi = int(labels.min()), int(labels.max())
            if lo < 0 or hi >= k:
                raise ValueError(f"The 'y_true' parameter of {owner} must hold class indices in the "
                                 f"range [0, {k}) for y_pred with {k} columns. "
                                 f"Got values from {lo} to {hi} instead.")
            return z.astype(np.float64, copy=False), labels, z.dtype
        y = _as_input(y_true, "y_true", owner)
        if y.ndim == 1:
            raise ValueError(f"The 'y_true' parameter of {owner} must be integer class indices when it "
                             f"has shape (n_samples,). Got dtype {y.dtype} instead; convert it with "
                             f"y_true.astype(int).")
        if y.shape != z.shape:
            hint = " If it holds class indices, use y_true.ravel()." if y.shape == (n, 1) else ""
            raise ValueError(f"The 'y_true' parameter of {owner} must have shape ({n},) (class indices) "
                             f"or {z.shape} (one-hot or probability rows) to match y_pred. "
                             f"Got shape {y.shape} instead.{hint}")
        _check_rows_sum_to_one(y, "y_true", owner, "rows that sum to 1 (one-hot or probabilities)", "a row")
        return z.astype(np.float64, copy=False), y.astype(np.float64, copy=False), z.dtype

    def loss(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """Cross-entropy of the softmax of each row, averaged over the rows."""
        z, y, _ = self._inputs(y_pred, y_true)
        return self._loss(z, y)

    def grad(self, y_pred: ArrayLike, y_true: ArrayLike) -> NDArray[np.floating]:
        """``(softmax(z) - Y) / n``, shape ``(n_samples, n_classes)``."""
        z, y, dtype = self._inputs(y_pred, y_true)
        return _in_dtype(self._grad(z, y), dtype, "SoftmaxCrossEntropy")

    def _loss(self, z: NDArray[np.floating], y: NDArray[Any]) -> float:
        with np.errstate(over="ignore"):  # a gap of more than 1.8e308 between logits: log p = -inf, exact
            log_p = _log_softmax(z, 1)
        n = z.shape[0]
        if y.ndim == 1:  # class indices: pick log p_{i, y_i}
            return float(-np.sum(log_p[np.arange(n), y]) / n)
        return float(np.sum(_cross_entropy_rows(y, log_p)) / n)

    def _grad(self, z: NDArray[np.floating], y: NDArray[Any]) -> NDArray[np.floating]:
        with np.errstate(over="ignore"):  # see _loss()
            p = _softmax(z, 1)
        n = z.shape[0]
        if y.ndim == 1:  # subtract the one-hot matrix without building it
            p[np.arange(n), y] -= 1
            p /= n
            return p
        return (p - y) / n


# --------------------------------------------------------------------------------------------------
# Entropy, cross-entropy and KL divergence of distributions (why the loss has its name)
# --------------------------------------------------------------------------------------------------
def _distribution(x: ArrayLike, name: str, owner: str) -> NDArray[np.float64]:
    """A probability distribution (or a stack of them) along the last axis, as float64."""
    arr = _as_input(x, name, owner)
    if arr.ndim == 0:
        raise ValueError(f"The '{name}' parameter of {owner} must be a probability distribution, an array "
                         f"of at least 1 dimension. Got a scalar {float(arr)!r} instead.")
    _check_rows_sum_to_one(arr, name, owner, "entries in [0, 1] that sum to 1 along the last axis",
                           "entries")
    return arr.astype(np.float64, copy=False)


def _distribution_pair(p: ArrayLike, q: ArrayLike, owner: str) -> tuple[NDArray[np.float64], ...]:
    p_arr, q_arr = _distribution(p, "p", owner), _distribution(q, "q", owner)
    if p_arr.shape != q_arr.shape:
        raise ValueError(f"The 'q' parameter of {owner} must have the shape of p, {p_arr.shape} (the same "
                         f"outcomes in the same order). Got shape {q_arr.shape} instead.")
    return p_arr, q_arr


def _log(q: NDArray[np.float64]) -> NDArray[np.float64]:
    with np.errstate(divide="ignore"):  # log 0 = -inf: exact, and masked where p = 0
        return np.log(q)


def _as_result(values: NDArray[np.float64]) -> float | NDArray[np.float64]:
    return float(values) if values.ndim == 0 else values


def entropy(p: ArrayLike) -> float | NDArray[np.float64]:
    r"""Entropy of a probability distribution, in nats: the average surprise :math:`-\log p_j` of its outcomes.

    Introduced in: the losses chapter (book/losses.ipynb), "Why the name: entropy, cross-entropy, KL".

    .. math::

        H(p) = -\sum_{j} p_j \log p_j, \qquad 0 \log 0 = 0

    Parameters
    ----------
    p : array_like
        Probabilities in :math:`[0, 1]` summing to 1 along the last axis; a stack of distributions
        (e.g. shape ``(n, k)``) gives one entropy per distribution.

    Returns
    -------
    float or ndarray of shape ``p.shape[:-1]``
        :math:`H(p) \ge 0`, between 0 (one certain outcome) and :math:`\log k` (all :math:`k` equally
        likely). Divide by :math:`\log 2` for bits.

    Examples
    --------
    >>> round(entropy([0.5, 0.5]), 6)  # a fair coin: log 2
    0.693147
    >>> entropy([1.0, 0.0])  # a certain outcome: no surprise
    0.0
    >>> entropy([[0.25, 0.25, 0.25, 0.25], [1.0, 0.0, 0.0, 0.0]]).round(6)  # log 4, then 0
    array([1.386294, 0.      ])
    """
    p_arr = _distribution(p, "p", "entropy")
    return _as_result(_cross_entropy_rows(p_arr, _log(p_arr)))


def cross_entropy(p: ArrayLike, q: ArrayLike) -> float | NDArray[np.float64]:
    r"""Cross-entropy of a model distribution ``q`` on outcomes drawn from ``p``, in nats.

    Introduced in: the losses chapter (book/losses.ipynb), "Why the name: entropy, cross-entropy, KL".

    .. math::

        H(p, q) = -\sum_{j} p_j \log q_j = H(p) + D_{\mathrm{KL}}(p \,\|\, q)

    the average surprise of someone who expects ``q`` while the outcomes come from ``p``. With ``p`` the
    one-hot target and ``q`` the softmax of the logits it is the loss of
    :class:`SoftmaxCrossEntropy` for one sample.

    Parameters
    ----------
    p, q : array_like of the same shape
        Probabilities in :math:`[0, 1]` summing to 1 along the last axis.

    Returns
    -------
    float or ndarray of shape ``p.shape[:-1]``
        :math:`H(p, q) \ge H(p)`; ``inf`` when ``q`` gives probability 0 to an outcome ``p`` does not.

    Examples
    --------
    >>> round(cross_entropy([1.0, 0.0], [0.8, 0.2]), 6)  # a one-hot target: -log 0.8
    0.223144
    >>> round(cross_entropy([0.5, 0.5], [0.5, 0.5]), 6) == round(entropy([0.5, 0.5]), 6)
    True
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])  # an outcome the model calls impossible
    inf
    """
    p_arr, q_arr = _distribution_pair(p, q, "cross_entropy")
    return _as_result(_cross_entropy_rows(p_arr, _log(q_arr)))


def kl_divergence(p: ArrayLike, q: ArrayLike) -> float | NDArray[np.float64]:
    r"""Kullback-Leibler divergence of ``q`` from ``p``, in nats: the extra surprise of expecting ``q``.

    Introduced in: the losses chapter (book/losses.ipynb), "Why the name: entropy, cross-entropy, KL".

    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \sum_{j} p_j \log \frac{p_j}{q_j} = H(p, q) - H(p)

    computed as the cross-entropy formula with :math:`\log q_j - \log p_j` in place of :math:`\log q_j`
    (not as a difference of two cross-entropies, which would round to a small negative number when
    :math:`q \approx p`).

    Parameters
    ----------
    p, q : array_like of the same shape
        Probabilities in :math:`[0, 1]` summing to 1 along the last axis.

    Returns
    -------
    float or ndarray of shape ``p.shape[:-1]``
        :math:`D_{\mathrm{KL}} \ge 0`, zero exactly when ``q`` equals ``p``; not symmetric in ``p`` and ``q``.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 6), round(kl_divergence([0.9, 0.1], [0.5, 0.5]), 6)
    (0.510826, 0.368064)
    """
    p_arr, q_arr = _distribution_pair(p, q, "kl_divergence")
    with np.errstate(invalid="ignore"):  # -inf - (-inf) where p = q = 0: masked, since p = 0 there
        return _as_result(_cross_entropy_rows(p_arr, _log(q_arr) - _log(p_arr)))


_REGISTRY: dict[str, type[Loss]] = {
    cls.name: cls
    for cls in (MSE, MAE, Huber, BinaryCrossEntropy, BinaryCrossEntropyWithLogits, SoftmaxCrossEntropy)
}

#: Names accepted by :func:`get_loss`.
LOSSES: tuple[str, ...] = tuple(_REGISTRY)


def get_loss(name: str, **params: Any) -> Loss:
    r"""Create a loss from its name.

    Introduced in: the losses chapter (book/losses.ipynb).

    Parameters
    ----------
    name : str
        One of :data:`LOSSES`: ``"mse"``, ``"mae"``, ``"huber"``, ``"binary_cross_entropy"``,
        ``"binary_cross_entropy_with_logits"``, ``"softmax_cross_entropy"``.
    **params
        Passed to the loss's constructor, e.g. ``delta`` for ``"huber"``.

    Returns
    -------
    Loss
        An object with ``loss(y_pred, y_true) -> float`` and ``grad(y_pred, y_true)``.

    Raises
    ------
    ValueError
        If ``name`` is unknown; the message lists the valid names.
    TypeError
        If ``params`` holds a hyperparameter the loss does not have (the message lists those it has).

    Examples
    --------
    >>> get_loss("huber", delta=2.0)
    Huber(delta=2.0)
    >>> get_loss("mse").loss([3.0], [1.0])
    4.0
    >>> get_loss("cross_entropy")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'name' parameter of get_loss must be one of 'mse', 'mae', 'huber', ... instead.
    """
    return create_from_registry(_REGISTRY, name, params, "get_loss")
