r"""The training loop of the package, and a linear model trained with it, one mini-batch at a time.

Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

:func:`train` is the one loop every model of the package is trained with: linear regression here
(:func:`fit_linear_regression`), a line or a constant under any loss (:mod:`nnbasics.fitting`), the
sigmoid neuron (:mod:`nnbasics.neuron`), an optimizer on a test surface
(:func:`nnbasics.surfaces.run_optimizer`) and the networks of :mod:`nnbasics.network`. Each run returns a
:class:`History`.

**Names.** ``n_epochs`` counts passes over the data; ``n_steps`` counts optimizer steps (updates). On a
test surface there is no data, so every epoch is one step and the surfaces' own argument is ``n_steps``.

The model is linear regression, :math:`\hat y = X w + b`, trained on the mean squared error

.. math::

    L(w, b) = \frac1n \sum_{i=1}^{n} (\hat y_i - y_i)^2,
    \qquad
    \frac{\partial L}{\partial w} = \frac2n X^\top (\hat y - y),
    \qquad
    \frac{\partial L}{\partial b} = \frac2n \sum_{i=1}^{n} (\hat y_i - y_i).

**Batch** gradient descent computes this gradient on all :math:`n` examples before each update;
**mini-batch** gradient descent on :math:`B < n` examples drawn without replacement (a new shuffle every
epoch); **stochastic** gradient descent on one example (:math:`B = 1`). All three process :math:`n`
examples per epoch, so :func:`fit_linear_regression` records the loss against the number of examples
processed: the cost, counted in gradient evaluations of single examples.

.. rubric:: Symbols

=====================  ======================  ==================================================
symbol                 code                    meaning
=====================  ======================  ==================================================
:math:`X`              ``X``                   inputs, shape ``(n_samples, n_features)``
:math:`y`              ``y``                   targets, shape ``(n_samples,)``
:math:`w`, :math:`b`   ``params["w"]``,        weights ``(n_features,)`` and bias ``()``
                       ``params["b"]``
:math:`\hat y`         ``y_pred``              predictions :math:`X w + b`
:math:`B`              ``batch_size``          examples per gradient (per update)
:math:`\eta`           ``optimizer.lr``        learning rate
=====================  ======================  ==================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import (
    as_float_array,
    check_bool,
    check_choice,
    check_instance,
    check_rng,
    check_scalar,
    describe,
)
from nnbasics.losses import MSE
from nnbasics.optim import SGD

__all__ = [
    "MAX_LOSS",
    "History",
    "best_learning_rate",
    "first_step_below",
    "fit_linear_regression",
    "gradient_noise",
    "gradient_noise_prediction",
    "least_squares",
    "linear_regression_hessian",
    "linear_loss_and_grads",
    "minibatches",
    "sgd_lr_bound",
    "stays_below",
    "steps_to_tolerance",
    "train",
]

_MSE = MSE()

#: The default ``max_loss`` of :func:`train`: a finite training loss above it counts as diverged. The loop
#: records that loss and stops (an overflow, inf or NaN, stops it without a record).
MAX_LOSS: float = 1e12


# --------------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------------
def _check_data(X: ArrayLike, y: ArrayLike, owner: str, y_ndim: int | tuple[int, ...] = 1
                ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``X`` of shape (n, d) and ``y`` of shape (n,) (or (n, k) if allowed), finite float64, >= 1 sample."""
    X = as_float_array(X, "X", owner, allow_nan=False, allow_inf=False, ndim=2).astype(np.float64, copy=False)
    y = as_float_array(y, "y", owner, allow_nan=False, allow_inf=False, ndim=y_ndim)
    y = y.astype(np.float64, copy=False)
    if X.shape[0] < 1:
        raise ValueError(f"The 'X' parameter of {owner} must hold at least one sample. "
                         f"Got shape {X.shape} instead.")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"The 'y' parameter of {owner} must hold one target per row of X, i.e. have shape "
                         f"{(X.shape[0],) + y.shape[1:]}. "
                         f"Got shape {y.shape} instead.")
    return X, y


def _check_batch_size(batch_size: object, n: int, owner: str) -> int:
    """An integer batch size in ``[1, n]``."""
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, integer=True)
    if batch_size > n:
        raise ValueError(f"The 'batch_size' parameter of {owner} must be <= n_samples = {n}. "
                         f"Got {batch_size} instead.")
    return batch_size


def _check_params(
    params: Mapping[str, ArrayLike], n_features: int, owner: str
) -> dict[str, NDArray[np.float64]]:
    """``{"w": (d,), "b": ()}`` as float64 arrays (copies)."""
    if not isinstance(params, Mapping):
        raise TypeError(f"The 'params' parameter of {owner} must be a dict with the keys 'w' and 'b'. "
                        f"Got {type(params).__name__} instead.")
    if set(params) != {"w", "b"}:
        raise ValueError(f"The 'params' parameter of {owner} must be a dict with the keys 'w' and 'b'. "
                         f"Got {sorted(map(str, params))} instead.")
    w = as_float_array(params["w"], "params['w']", owner, allow_nan=False, allow_inf=False, ndim=1)
    b = as_float_array(params["b"], "params['b']", owner, allow_nan=False, allow_inf=False, ndim=0)
    if w.shape != (n_features,):
        raise ValueError(f"The 'params' parameter of {owner} must hold a weight vector 'w' of shape "
                         f"({n_features},), one weight per column of X. Got shape {w.shape} instead.")
    return {"w": np.array(w, dtype=np.float64), "b": np.array(b, dtype=np.float64)}


# --------------------------------------------------------------------------------------------------
# The model, its loss and gradients, and the exact solution
# --------------------------------------------------------------------------------------------------
def linear_loss_and_grads(
    params: Mapping[str, ArrayLike], X: ArrayLike, y: ArrayLike
) -> tuple[float, dict[str, NDArray[np.float64]]]:
    r"""Mean squared error of :math:`\hat y = X w + b` and its gradients with respect to :math:`w, b`.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    The chain rule through :math:`\hat y`: :class:`~nnbasics.losses.MSE` gives
    :math:`\partial L / \partial \hat y = \tfrac2n (\hat y - y)`, and since
    :math:`\hat y_i = x_i^\top w + b`,

    .. math::

        \frac{\partial L}{\partial w} = X^\top \frac{\partial L}{\partial \hat y},
        \qquad
        \frac{\partial L}{\partial b} = \sum_{i=1}^{n} \frac{\partial L}{\partial \hat y_i}.

    Parameters
    ----------
    params : dict
        ``{"w": array of shape (n_features,), "b": scalar}``.
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)

    Returns
    -------
    loss : float
        :math:`L`, the mean of the squared residuals.
    grads : dict
        ``{"w": ndarray of shape (n_features,), "b": ndarray of shape ()}``, ready for an optimizer's
        ``step(params, grads)``.

    Examples
    --------
    >>> X = np.array([[1.0], [2.0]])
    >>> y = np.array([1.0, 3.0])
    >>> loss, grads = linear_loss_and_grads({"w": np.array([1.0]), "b": np.array(0.0)}, X, y)
    >>> loss  # residuals 0 and -1
    0.5
    >>> grads["w"], grads["b"]  # (2/2) X^T (0, -1) and (2/2) (0 - 1)
    (array([-2.]), array(-1.))
    """
    owner = "linear_loss_and_grads"
    X, y = _check_data(X, y, owner)
    p = _check_params(params, X.shape[1], owner)
    y_pred = X @ p["w"] + p["b"]
    return _MSE.loss(y_pred, y), _linear_grads(X, y_pred, y)


def _linear_grads(X: NDArray[np.float64], y_pred: NDArray[np.float64], y: NDArray[np.float64]
                  ) -> dict[str, NDArray[np.float64]]:
    """The gradients of :func:`linear_loss_and_grads` at the predictions ``y_pred = X w + b``."""
    grad_y_pred = _MSE.grad(y_pred, y)  # dL/dy_pred = 2 (y_pred - y) / n
    return {"w": X.T @ grad_y_pred, "b": np.array(grad_y_pred.sum())}


def least_squares(X: ArrayLike, y: ArrayLike) -> dict[str, NDArray[np.float64]]:
    r"""The exact minimiser of the mean squared error of :math:`X w + b`, by ``numpy.linalg.lstsq``.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Appends a column of ones to :math:`X` for the bias and solves
    :math:`\min_{w, b} \lVert X w + b - y \rVert^2` directly: the point gradient descent should reach.

    Returns
    -------
    dict
        ``{"w": ndarray of shape (n_features,), "b": ndarray of shape ()}``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> p = least_squares(X, 3 * X[:, 0] + 1)
    >>> p["w"].round(12), round(float(p["b"]), 12)
    (array([3.]), 1.0)
    """
    X, y = _check_data(X, y, "least_squares")
    X1 = np.column_stack([X, np.ones(X.shape[0])])
    coef = np.linalg.lstsq(X1, y, rcond=None)[0]
    return {"w": coef[:-1], "b": np.array(coef[-1])}


# --------------------------------------------------------------------------------------------------
# Mini-batches
# --------------------------------------------------------------------------------------------------
def minibatches(
    X: ArrayLike,
    y: ArrayLike,
    batch_size: int,
    rng: np.random.Generator | int | None = None,
    *,
    shuffle: bool = True,
) -> Iterator[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    r"""One epoch of mini-batches: every sample exactly once, in a random order.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    The rows are permuted (if ``shuffle``) and cut into consecutive batches of ``batch_size`` rows; the
    last batch is smaller when ``batch_size`` does not divide ``n_samples``. Call it once per epoch with
    the same :class:`numpy.random.Generator` to get a new order every epoch, reproducibly.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,) or (n_samples, n_outputs)
    batch_size : int
        Rows per batch, :math:`1 \le B \le n`. :math:`B = n` gives one batch (batch gradient descent),
        :math:`B = 1` one sample at a time (stochastic gradient descent).
    rng : numpy.random.Generator, int or None
        Source of the permutation.
    shuffle : bool, default=True
        If False, the batches follow the order of the rows.

    Returns
    -------
    iterator of (X_batch, y_batch)
        ``X_batch`` of shape ``(B, n_features)`` and ``y_batch`` of shape ``(B,)`` (or ``(B, n_outputs)``).
        The arguments are
        checked when the function is called, not when the first batch is drawn.

    Raises
    ------
    ValueError
        If ``batch_size`` is not in ``[1, n_samples]`` or ``X`` and ``y`` do not match.

    Examples
    --------
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5.0)
    >>> [yb.tolist() for _, yb in minibatches(X, y, batch_size=2, shuffle=False)]
    [[0.0, 1.0], [2.0, 3.0], [4.0]]
    >>> sorted(np.concatenate([yb for _, yb in minibatches(X, y, 2, rng=0)]).tolist())
    [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> next(minibatches(X, y, batch_size=0))
    Traceback (most recent call last):
    ...
    ValueError: The 'batch_size' parameter of minibatches must be >= 1. Got 0 instead.
    """
    owner = "minibatches"
    X, y = _check_data(X, y, owner, y_ndim=(1, 2))
    n = X.shape[0]
    batch_size = _check_batch_size(batch_size, n, owner)
    shuffle = check_bool(shuffle, "shuffle", owner)
    return _batches(X, y, batch_size, check_rng(rng, "rng", owner), shuffle)


def _batches(X: NDArray[np.float64], y: NDArray[np.float64], batch_size: int, rng: np.random.Generator,
             shuffle: bool) -> Iterator[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """The batches of :func:`minibatches` on checked inputs; one unshuffled batch is the data as it is."""
    n = X.shape[0]
    if batch_size >= n and not shuffle:
        yield X, y
        return
    order = rng.permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def gradient_noise(
    X: ArrayLike,
    y: ArrayLike,
    params: Mapping[str, ArrayLike],
    batch_size: int,
    rng: np.random.Generator | int | None = None,
) -> float:
    r"""How far mini-batch gradients stray from the full gradient, averaged over one epoch.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    With :math:`g` the gradient on all :math:`n` examples and :math:`g_B` the gradient on one
    mini-batch (both for :math:`w` and :math:`b` together), returns the root mean square of
    :math:`\lVert g_B - g \rVert` over the mini-batches of one shuffled epoch (:func:`minibatches`).
    It is 0 for :math:`B = n`, and for :math:`B \ll n` it shrinks about like :math:`1/\sqrt{B}`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 2))
    >>> y = X @ np.array([1.0, -1.0]) + rng.standard_normal(100)
    >>> zero = {"w": np.zeros(2), "b": np.array(0.0)}
    >>> round(gradient_noise(X, y, zero, batch_size=100), 12)  # one batch: the full gradient
    0.0
    >>> bool(gradient_noise(X, y, zero, 1, rng=0) > gradient_noise(X, y, zero, 10, rng=0))
    True
    """
    owner = "gradient_noise"
    X, y = _check_data(X, y, owner)
    p = _check_params(params, X.shape[1], owner)
    batch_size = _check_batch_size(batch_size, X.shape[0], owner)
    rng = check_rng(rng, "rng", owner)
    full = _linear_grads(X, X @ p["w"] + p["b"], y)
    g = np.append(full["w"], full["b"])
    squared = []
    for Xb, yb in minibatches(X, y, batch_size, rng):
        gb = _linear_grads(Xb, Xb @ p["w"] + p["b"], yb)
        squared.append(float(np.sum((np.append(gb["w"], gb["b"]) - g) ** 2)))
    return float(np.sqrt(np.mean(squared)))


def gradient_noise_prediction(
    X: ArrayLike,
    y: ArrayLike,
    params: Mapping[str, ArrayLike],
    batch_size: int,
) -> float:
    r"""The root-mean-square mini-batch gradient error that sampling theory predicts.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    With :math:`g_i` the gradient on example :math:`i` alone, :math:`g` their mean (the full gradient)
    and :math:`s^2 = \frac1n \sum_i \lVert g_i - g \rVert^2` their spread, a batch of :math:`B`
    examples drawn **without replacement** has

    .. math::

        \mathbb E\, \lVert g_B - g \rVert^2 = \frac{s^2}{B} \cdot \frac{n - B}{n - 1},

    the variance of a sample mean with the *finite-population correction* :math:`(n - B)/(n - 1)`,
    which makes it 0 at :math:`B = n`. Returns the square root: what :func:`gradient_noise` measures,
    without the luck of one shuffle.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    params : dict
        ``{"w": (n_features,), "b": scalar}``, the point at which the gradients are taken.
    batch_size : int
        :math:`B`, from 1 to ``n_samples``.

    Returns
    -------
    float

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 2))
    >>> y = X @ np.array([1.0, -1.0]) + rng.standard_normal(100)
    >>> zero = {"w": np.zeros(2), "b": np.array(0.0)}
    >>> gradient_noise_prediction(X, y, zero, batch_size=100)   # the whole data set: no noise
    0.0
    >>> one, four = (gradient_noise_prediction(X, y, zero, B) for B in (1, 4))
    >>> round(one / four, 3) == round(float(np.sqrt(4 * 99 / 96)), 3)   # 1/sqrt(B), corrected
    True
    """
    owner = "gradient_noise_prediction"
    X, y = _check_data(X, y, owner)
    p = _check_params(params, X.shape[1], owner)
    n = X.shape[0]
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, high=n, integer=True)
    per_example = []
    for i in range(n):
        Xi, yi = X[i:i + 1], y[i:i + 1]
        gi = _linear_grads(Xi, Xi @ p["w"] + p["b"], yi)
        per_example.append(np.append(gi["w"], gi["b"]))
    G = np.array(per_example)
    spread = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))  # s^2
    if n == 1:
        return 0.0
    return float(np.sqrt(spread / batch_size * (n - batch_size) / (n - 1)))


# --------------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------------
def fit_linear_regression(
    X: ArrayLike,
    y: ArrayLike,
    optimizer: Any,
    *,
    batch_size: int | None = None,
    n_epochs: int = 10,
    params: Mapping[str, ArrayLike] | None = None,
    rng: np.random.Generator | int | None = None,
    max_loss: float = MAX_LOSS,
) -> History:
    r"""Train :math:`\hat y = X w + b` on the mean squared error with batch, mini-batch or stochastic GD.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    For each of ``n_epochs`` epochs, the rows are reshuffled and cut into batches of ``batch_size``
    (:func:`minibatches`); for each batch the gradient :func:`linear_loss_and_grads` on that batch is
    passed to ``optimizer.step`` (the loop is :func:`train`). After every step the loss on the **whole**
    training set is recorded, with the number of examples processed so far, so that runs with different
    batch sizes can be compared at equal cost.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    optimizer : Optimizer
        Anything with ``step(params, grads)``, e.g. :class:`~nnbasics.optim.SGD`; its ``zero_state()``
        is called first, if it has one.
    batch_size : int, optional
        :math:`B`, examples per update; default ``n_samples`` (batch gradient descent).
    n_epochs : int, default=10
        Passes over the data, ``>= 1``.
    params : dict, optional
        Starting ``{"w": ..., "b": ...}`` (copied); zeros by default.
    rng : numpy.random.Generator, int or None
        Source of the shuffles.
    max_loss : float, default=1e12
        The run stops, marked ``diverged``, once the training loss exceeds this value or overflows.

    Returns
    -------
    History
        Recorded per step (``record="step"``): ``loss`` and ``examples_seen`` at the start and after every
        update; ``params``, the trained ``{"w": ..., "b": ...}``; ``n_steps``, ``diverged``, ``message``.
        The message of a diverged run states the step-size bound: the MSE of :math:`X w + b` is a quadratic
        whose largest curvature :math:`\lambda_{\max}` is that of :math:`\tfrac2n [X\,1]^\top [X\,1]`.

    Examples
    --------
    >>> from nnbasics.optim import SGD
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = 2 * X[:, 0] - 1
    >>> hist = fit_linear_regression(X, y, SGD(lr=0.1), batch_size=2, n_epochs=200, rng=0)
    >>> hist.n_steps, hist.examples_seen[-1]
    (400, 800)
    >>> hist.params["w"].round(4), round(float(hist.params["b"]), 4)
    (array([2.]), -1.0)
    >>> hist = fit_linear_regression(X, y, SGD(lr=1.0), n_epochs=100)  # lambda_max of [[7, 3], [3, 2]]: 8.4
    >>> print(hist.message)  # doctest: +NORMALIZE_WHITESPACE
    Diverged at step 7 (epoch 7): the training loss grew to 1.21e+13 (above max_loss = 1e+12). For this
    quadratic, gradient descent diverges when lr > 2/λ_max = 0.238; lr = 1.
    """
    owner = "fit_linear_regression"
    X, y = _check_data(X, y, owner)
    n, d = X.shape
    batch_size = _check_batch_size(n if batch_size is None else batch_size, n, owner)
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=1, integer=True)
    max_loss = check_scalar(max_loss, "max_loss", owner, low=0, include_low=False)
    check_instance(optimizer, "optimizer", owner, ("step",), "SGD(lr=0.1)")
    p = _check_params(params, d, owner) if params is not None else {"w": np.zeros(d), "b": np.array(0.0)}
    rng = check_rng(rng, "rng", owner)

    def batch_grads(Xb: NDArray[np.float64], yb: NDArray[np.float64]) -> dict[str, Any] | None:
        y_pred = Xb @ p["w"] + p["b"]  # None if it overflowed: the loop reports the divergence
        return _linear_grads(Xb, y_pred, yb) if np.all(np.isfinite(y_pred)) else None

    def training_loss() -> float:
        y_pred = X @ p["w"] + p["b"]
        return _MSE.loss(y_pred, y) if np.all(np.isfinite(y_pred)) else float("inf")

    curvature = float(np.linalg.eigvalsh(_mse_hessian(X))[-1])
    return train(batch_grads, p, optimizer, X, y, training_loss=training_loss, batch_size=batch_size,
                 n_epochs=n_epochs, rng=rng, max_loss=max_loss, record="step", curvature=curvature)


def _mse_hessian(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """The Hessian 2/n X1^T X1 of the MSE of X w + b, with X1 = [X 1] (already checked)."""
    X1 = np.column_stack([X, np.ones(len(X))])
    return 2.0 * X1.T @ X1 / len(X)


def linear_regression_hessian(X: ArrayLike) -> NDArray[np.float64]:
    r"""The Hessian of the mean squared error of :math:`\hat y = X w + b` with respect to :math:`(w, b)`.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    With :math:`\tilde X = [X\;\mathbf 1]` (a column of ones for :math:`b`),

    .. math::

        H = \frac2n \tilde X^\top \tilde X,

    the same at every :math:`(w, b)`: the loss is a quadratic bowl, and :math:`H`'s eigenvalues are its
    curvatures. Entry :math:`(j, k)` is twice the mean of :math:`x_j x_k`, so multiplying feature
    :math:`j` by :math:`s` multiplies row and column :math:`j` by :math:`s`, and adding :math:`m` to it
    makes its entry with the bias column :math:`2m` larger: both change the condition number.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_features + 1, n_features + 1)
        The last row and column belong to :math:`b`.

    Examples
    --------
    >>> linear_regression_hessian([[0.0], [1.0], [2.0], [3.0]])  # 2/4 [[14, 6], [6, 4]]
    array([[7., 3.],
           [3., 2.]])
    """
    X = as_float_array(X, "X", "linear_regression_hessian", allow_nan=False, allow_inf=False, ndim=2)
    if X.shape[0] == 0:
        raise ValueError(f"The 'X' parameter of linear_regression_hessian must hold at least one row. Got shape "
                         f"{X.shape} instead.")
    return _mse_hessian(X.astype(np.float64))


# --------------------------------------------------------------------------------------------------
# Measuring convergence
# --------------------------------------------------------------------------------------------------
def first_step_below(losses: ArrayLike, tol: float) -> int | None:
    r"""The first step :math:`t` with ``losses[t] <= tol``, or None if there is none.

    With a per-step record (``History.loss`` of a run recorded with ``record="step"``, whose entry 0
    is the start), :math:`t` is the number of steps taken; it works on any record, e.g. a metric.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Examples
    --------
    >>> first_step_below([8.0, 4.0, 2.0, 1.0], tol=2.0)
    2
    >>> first_step_below([8.0, 4.0], tol=1.0) is None
    True
    """
    owner = "first_step_below"
    tol = check_scalar(tol, "tol", owner, low=0)
    arr = as_float_array(losses, "losses", owner, ndim=1)
    hits = np.flatnonzero(arr <= tol)
    return int(hits[0]) if hits.size else None


def stays_below(losses: ArrayLike, tol: float, last: int = 50) -> bool:
    r"""Whether each of the last ``last`` entries of ``losses`` is at most ``tol``.

    A run *works* by this test only if its loss has settled below ``tol``: a run whose last loss happens
    to be low but that flared up a few steps before (as RMSprop does at a constant learning rate) fails it,
    where a test of the last entry alone would pass it.

    .. math::

        \max_{T - \mathrm{last} < t \le T} L_t \le \mathrm{tol}

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Parameters
    ----------
    losses : array_like of shape (T + 1,)
        A per-step record, e.g. ``History.loss``; NaN never counts as below.
    tol : float
        The level, ``>= 0``.
    last : int, default=50
        How many of the last entries must stay below, ``>= 1`` (all of them if the record is shorter).

    Examples
    --------
    >>> stays_below([9.0, 1e-5, 2.0, 1e-6], tol=1e-3, last=1)   # the last entry alone
    True
    >>> stays_below([9.0, 1e-5, 2.0, 1e-6], tol=1e-3, last=3)   # the flare at 2.0 counts
    False
    """
    owner = "stays_below"
    tol = check_scalar(tol, "tol", owner, low=0)
    last = int(check_scalar(last, "last", owner, low=1, integer=True))
    arr = as_float_array(losses, "losses", owner, ndim=1)
    if arr.size == 0:
        raise ValueError(f"The 'losses' parameter of {owner} must hold at least one loss. Got an empty array "
                         f"instead.")
    return bool(np.all(arr[-last:] <= tol))


def best_learning_rate(runs: Mapping[float, Any], tol: float = 1e-6) -> float:
    r"""The learning rate of the best run: the first to reach ``tol``, else the lowest final loss.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Runs that reach a loss of at most ``tol`` rank first, by the step at which they get there
    (:func:`first_step_below`); the others by their final loss; diverged runs last.

    Parameters
    ----------
    runs : dict of float to History
        One run per learning rate, e.g. from :func:`nnbasics.surfaces.run_optimizer`; anything with
        ``loss``, ``final_loss`` and ``diverged`` works.
    tol : float, default=1e-6

    Examples
    --------
    >>> from nnbasics.optim import SGD
    >>> from nnbasics.surfaces import Quadratic, run_optimizer
    >>> q = Quadratic(curvatures=10.0)
    >>> runs = {lr: run_optimizer(q, SGD(lr=lr), [1.0], n_steps=20) for lr in (0.01, 0.1, 0.15, 0.3)}
    >>> best_learning_rate(runs)   # 1/lambda: one step to the minimum
    0.1
    """
    owner = "best_learning_rate"
    tol = check_scalar(tol, "tol", owner, low=0)
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError(f"The 'runs' parameter of {owner} must be a non-empty dict mapping learning rates "
                         f"to runs. Got {describe(runs)} instead.")
    for lr, run in runs.items():
        check_scalar(lr, "runs", owner)  # the keys are learning rates
        if not all(hasattr(run, a) for a in ("loss", "final_loss", "diverged")) or isinstance(run, type):
            raise TypeError(f"The 'runs' parameter of {owner} must map learning rates to runs with loss, "
                            f"final_loss and diverged, such as a History. Got {describe(run)} for "
                            f"lr={lr!r} instead.")

    def rank(lr: float) -> tuple[bool, int, float]:
        run = runs[lr]
        steps = first_step_below(run.loss, tol)
        return steps is None, steps or 0, float("inf") if run.diverged else float(run.final_loss)

    return min(runs, key=rank)


def steps_to_tolerance(surface: Any, optimizer: Any, w0: ArrayLike, tol: float, max_steps: int) -> int | None:
    r"""How many steps ``optimizer`` needs from ``w0`` until the loss is at most ``tol``.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Runs :func:`nnbasics.surfaces.run_optimizer` for 16, 64, 256, ... steps (at most ``max_steps``)
    until the tolerance is reached, so fast runs stay cheap.

    Returns
    -------
    int or None
        The first step :math:`t` with :math:`f(w_t) \le` ``tol``; None if the run diverged or did not
        get there within ``max_steps``.

    Examples
    --------
    >>> from nnbasics.optim import SGD
    >>> from nnbasics.surfaces import Quadratic
    >>> q = Quadratic(curvatures=1.0)          # f(w) = w^2 / 2, each step multiplies w by 1 - lr
    >>> steps_to_tolerance(q, SGD(lr=0.5), [1.0], tol=0.5 * 0.25**2, max_steps=100)
    2
    >>> steps_to_tolerance(q, SGD(lr=2.5), [1.0], tol=1e-6, max_steps=100) is None   # 2.5 > 2/lambda
    True
    """
    from nnbasics.surfaces import _check_run, run_optimizer  # surfaces runs on this loop: import when used

    owner = "steps_to_tolerance"
    _check_run(surface, optimizer, w0, owner)
    tol = check_scalar(tol, "tol", owner, low=0)
    max_steps = check_scalar(max_steps, "max_steps", owner, low=0, integer=True)

    n = min(16, max_steps)
    while True:
        run = run_optimizer(surface, optimizer, w0, n)
        hit = first_step_below(run.loss, tol)
        if hit is not None or run.diverged or n >= max_steps:
            return hit
        n = min(4 * n, max_steps)


# --------------------------------------------------------------------------------------------------
# The training loop
# --------------------------------------------------------------------------------------------------
@dataclass(eq=False)
class History:
    r"""The record of one :func:`train` run: the one history type of the package.

    Introduced in: the first-network chapter (book/first_network.ipynb); the per-step record in the
    gradient-descent chapter (book/gradient_descent.ipynb).

    What a run records depends on ``record``: with ``"epoch"`` (the default, as scikit-learn's
    ``loss_curve_``) one entry after every epoch; with ``"step"`` one entry at the start and one after every
    optimizer step, so ``loss[t]`` is the loss after :math:`t` steps. A finite loss is recorded even when it
    is above ``max_loss`` (plots then show the jump); an overflowed one (inf or NaN) is not.

    Attributes
    ----------
    loss : list of float
        ``training_loss()`` at each recorded point.
    val_loss : list of float
        ``validate()`` after each epoch; empty without ``validate``.
    examples_seen : list of int
        Examples used in gradients when each ``loss`` entry was recorded (0 at the start); empty without
        data.
    path : dict of str to ndarray
        With ``keep_path``: ``path[key][t]`` is a copy of ``params[key]`` when ``loss[t]`` was recorded,
        shape ``(len(loss),) + params[key].shape``; read-only, set when the run ends.
    metrics : dict of str to ndarray
        Further records aligned with ``loss``, added by the helper that ran the loop, e.g. the output
        :math:`a` of :func:`nnbasics.neuron.train_sigmoid_neuron`; empty otherwise.
    params : dict of str to ndarray
        The parameters, as trained: the dict passed to :func:`train`, updated in place.
    record : str
        ``"epoch"`` or ``"step"``.
    n_epochs : int
        Epochs completed (all their steps taken).
    n_steps : int
        Optimizer steps taken.
    best_epoch : int or None
        With ``validate``, the epoch (1-based) of the lowest validation loss.
    stop_reason : str
        ``"finished"``, ``"early_stopping"``, ``"callback"`` or ``"diverged"``.
    message : str
        What happened, in words; for a diverged run where and why, with the step-size bound where known.
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    examples_seen: list[int] = field(default_factory=list)
    path: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    metrics: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    params: dict[str, NDArray[np.floating]] = field(default_factory=dict)
    record: str = "epoch"
    n_epochs: int = 0
    n_steps: int = 0
    best_epoch: int | None = None
    stop_reason: str = "finished"
    message: str = ""

    @property
    def diverged(self) -> bool:
        """Whether the run stopped because the loss blew up."""
        return self.stop_reason == "diverged"

    @property
    def final_loss(self) -> float:
        """The last recorded loss, ``loss[-1]`` (NaN if nothing was recorded)."""
        return float(self.loss[-1]) if self.loss else float("nan")

    def __repr__(self) -> str:
        return (f"History(n_epochs={self.n_epochs}, n_steps={self.n_steps}, "
                f"final_loss={self.final_loss:.3g}, stop_reason={self.stop_reason!r})")


def sgd_lr_bound(lambda_max: float, momentum: float = 0.0, nesterov: bool = False) -> float:
    r"""The learning rate above which :class:`~nnbasics.optim.SGD` diverges on a quadratic.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    On the 1-D quadratic :math:`\tfrac12 \lambda w^2` the iterates of SGD with momentum satisfy a
    linear two-term recurrence; its characteristic roots lie inside the unit circle (the Jury
    stability test) exactly when :math:`\eta\lambda` is below

    .. math::

        \eta\lambda < 2 \ \text{(plain)}, \qquad
        \eta\lambda < 2(1 + \mu) \ \text{(heavy ball)}, \qquad
        \eta\lambda < \frac{2(1 + \mu)}{1 + 2\mu} \ \text{(Nesterov)},

    and on a quadratic in several dimensions the binding axis is the one with
    :math:`\lambda = \lambda_{\max}`, the largest eigenvalue of the Hessian.

    Parameters
    ----------
    lambda_max : float
        The largest curvature :math:`\lambda_{\max} > 0`.
    momentum : float, default=0.0
        :math:`\mu \in [0, 1)`.
    nesterov : bool, default=False
        Nesterov momentum, as in :class:`~nnbasics.optim.SGD`.

    Examples
    --------
    >>> sgd_lr_bound(10.0), sgd_lr_bound(10.0, momentum=0.9), round(sgd_lr_bound(10.0, 0.9, True), 4)
    (0.2, 0.38, 0.1357)
    """
    owner = "sgd_lr_bound"
    lam = check_scalar(lambda_max, "lambda_max", owner, low=0, include_low=False)
    mu = check_scalar(momentum, "momentum", owner, low=0, high=1, include_high=False)
    if check_bool(nesterov, "nesterov", owner):
        return 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * lam)
    return 2.0 * (1.0 + mu) / lam


def _naming_its_errors(batch_grads: Callable[..., Any], owner: str) -> Callable[..., Any]:
    """``batch_grads``, whose plain ValueError or TypeError is raised again naming it as a parameter of
    ``owner``, with the shapes of the mini-batch it was given (the original error chained below).

    Only the callback knows the shapes its model needs (e.g. one weight per column of ``X``), so an
    ``X`` of the wrong width surfaces there; this says where, in the function the user called."""
    def named(*batch: Any) -> Any:
        try:
            return batch_grads(*batch)
        except (ValueError, TypeError) as exc:
            if type(exc) not in (ValueError, TypeError):  # a subclass is left as it is, for its handlers
                raise
            given = (f"the mini-batch X_batch of shape {np.shape(batch[0])}, y_batch of shape "
                     f"{np.shape(batch[1])}" if batch else "no data")
            raise type(exc)(f"The 'batch_grads' parameter of {owner} must return the gradients of its "
                            f"mini-batch. Given {given}, it raised instead: {exc}") from exc
    return named


def _bound_sentence(optimizer: Any, curvature: float | None) -> tuple[float, str] | None:
    """The stability bound of SGD on a quadratic of largest curvature ``curvature``, and a sentence stating
    it; None if the curvature is unknown or the optimizer is not SGD."""
    if curvature is None or not isinstance(optimizer, SGD):
        return None
    mu = optimizer.momentum
    bound = sgd_lr_bound(curvature, mu, optimizer.nesterov)
    if mu == 0:
        method, formula = "gradient descent", "2/λ_max"
    elif optimizer.nesterov:
        method, formula = f"SGD with Nesterov momentum μ = {mu:g}", "2(1+μ)/((1+2μ)λ_max)"
    else:
        method, formula = f"SGD with momentum μ = {mu:g}", "2(1+μ)/λ_max"
    return bound, (f"For this quadratic, {method} diverges when lr > {formula} = {bound:.3g}; "
                   f"lr = {optimizer.lr:g}.")


def _generic_explanation(lr: float | None) -> str:
    lr_text = f"lr = {lr:g} is" if lr is not None else "the step size is"
    return (f"Gradient descent diverges when the step is too large for the curvature of the loss (on a "
            f"quadratic, lr > 2/λ_max, with λ_max its largest curvature); {lr_text} above that bound here: "
            f"lower it, e.g. tenfold.")


def train(
    batch_grads: Callable[..., Mapping[str, Any] | None],
    params: dict[str, NDArray[np.floating]],
    optimizer: Any,
    X: ArrayLike | None = None,
    y: ArrayLike | None = None,
    *,
    training_loss: Callable[[], float],
    n_epochs: int,
    batch_size: int | None = None,
    rng: np.random.Generator | int | None = None,
    shuffle: bool = True,
    validate: Callable[[], float] | None = None,
    patience: int | None = None,
    callback: Callable[[int, History], bool | None] | None = None,
    max_loss: float = MAX_LOSS,
    record: str = "epoch",
    keep_path: bool = False,
    lr_schedule: Callable[[int], float] | None = None,
    curvature: float | None = None,
) -> History:
    r"""The training loop: mini-batches, optimizer steps, a history, divergence, early stopping, a callback.

    Introduced in: the first-network chapter (book/first_network.ipynb).

    For each epoch, the rows of ``X`` and ``y`` are shuffled and cut into batches (:func:`minibatches`),
    and for each batch :math:`(X_B, y_B)`

    .. math::

        g = \texttt{batch\_grads}(X_B, y_B), \qquad \theta \leftarrow \texttt{optimizer.step}(\theta, g),

    where :math:`\theta` is ``params``, updated in place; ``training_loss()`` is recorded after every epoch
    (``record="epoch"``) or at the start and after every step (``record="step"``). The model is whatever
    ``batch_grads`` computes with those arrays: a network, a linear model, a line, a neuron. **Without
    data** (``X`` and ``y`` None, e.g. a test surface) every epoch is one step with ``g = batch_grads()``.

    The optimizer's state is cleared first (``zero_state()``, if it has one), so every run starts fresh.
    The first step goes through ``optimizer.step``, which checks keys, shapes and finiteness; later steps
    of a :mod:`nnbasics.optim` optimizer skip those checks (they hold the same arrays).

    **Divergence.** The run stops (``stop_reason="diverged"``) when ``batch_grads`` returns None (its
    forward pass or gradient overflowed; the step is not taken), when the parameters or the loss overflow,
    or when the loss exceeds ``max_loss``, checked wherever the loss is recorded. The message says where
    and why, and states the step-size bound: exactly when ``curvature`` is given and the optimizer is
    :class:`~nnbasics.optim.SGD` (:func:`sgd_lr_bound`), in general terms otherwise. A run that finished
    with ``lr`` above that exact bound says it would diverge given more steps.

    **Early stopping.** With ``validate`` and ``patience``, the run stops after ``patience`` epochs
    without a strictly lower validation loss, and ``params`` are set back, in place, to their values at
    the best epoch.

    Parameters
    ----------
    batch_grads : callable
        ``batch_grads(X_batch, y_batch) -> grads`` (``batch_grads()`` without data): a dict with the keys
        of ``params``, or None if the forward pass or the gradient overflowed.
    params : dict of str to ndarray
        The parameters, updated in place.
    optimizer : Optimizer
        Anything with ``step(params, grads)``, e.g. from :func:`nnbasics.optim.get_optimizer`.
    X : array_like of shape (n_samples, n_features), optional
    y : array_like of shape (n_samples,) or (n_samples, n_outputs), optional
    training_loss : callable
        ``training_loss() -> float``, the loss on all the training data with the current ``params``. It is
        not called once the parameters have overflowed.
    n_epochs : int
        Maximum number of passes over the data (of steps, without data), ``>= 0``.
    batch_size : int, optional
        Rows per batch, ``>= 1``; larger than ``n_samples`` means one batch of everything, the default.
    rng : numpy.random.Generator, int or None
        Source of the shuffles.
    shuffle : bool, default=True
        If False, the batches follow the order of the rows (and a single batch is the data as it is).
    validate : callable, optional
        ``validate() -> float``, a held-out loss (lower is better), called after every epoch.
    patience : int, optional
        Early stopping (needs ``validate``): epochs to wait for a new best validation loss.
    callback : callable, optional
        ``callback(epoch, history)`` after every epoch (1-based), after ``validate``; returning True stops
        the run (``stop_reason="callback"``). Use it to record snapshots of the model.
    max_loss : float, default=1e12
        The training loss above which the run counts as diverged.
    record : {"epoch", "step"}, default="epoch"
        When ``loss`` (and ``examples_seen``, ``path``) are recorded: after every epoch, or at
        the start and after every step.
    keep_path : bool, default=False
        Also record a copy of the parameters with every loss, in ``History.path``.
    lr_schedule : callable, optional
        ``lr_schedule(t) -> float``, the learning rate of step :math:`t` (0-based), set as ``optimizer.lr``
        before that step.
    curvature : float, optional
        The largest curvature :math:`\lambda_{\max}` of the loss, when it is a quadratic with a known Hessian.

    Returns
    -------
    History

    Examples
    --------
    Linear regression, :math:`\hat y = X w`, on the mean squared error with its gradient written out:

    >>> from nnbasics.optim import SGD
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = 2 * X[:, 0]
    >>> params = {"w": np.zeros(1)}
    >>> def batch_grads(Xb, yb):
    ...     return {"w": 2 * Xb.T @ (Xb @ params["w"] - yb) / len(yb)}
    >>> def training_loss():
    ...     return float(np.mean((X @ params["w"] - y) ** 2))
    >>> hist = train(batch_grads, params, SGD(lr=0.1), X, y, training_loss=training_loss, batch_size=2,
    ...              n_epochs=50, rng=0)
    >>> hist.stop_reason, hist.n_steps, len(hist.loss), params["w"].round(6)
    ('finished', 100, 50, array([2.]))
    >>> params["w"][:] = 0.0
    >>> print(train(batch_grads, params, SGD(lr=1.0), X, y, training_loss=training_loss, batch_size=4,
    ...             n_epochs=100).message)  # doctest: +NORMALIZE_WHITESPACE
    Diverged after epoch 7: the training loss grew to 1.1e+12 (above max_loss = 1e+12). Gradient descent
    diverges when the step is too large for the curvature of the loss (on a quadratic, lr > 2/λ_max, with
    λ_max its largest curvature); lr = 1 is above that bound here: lower it, e.g. tenfold.

    Without data: gradient descent on :math:`f(w) = 5 w^2`, recorded at every step, with its curvature
    :math:`\lambda = 10` for the bound:

    >>> w = {"w": np.array([1.0])}
    >>> hist = train(lambda: {"w": 10 * w["w"]}, w, SGD(lr=0.15), n_epochs=3, record="step", keep_path=True,
    ...              training_loss=lambda: float(5 * w["w"] @ w["w"]), curvature=10.0)
    >>> hist.path["w"][:, 0], hist.loss       # w_t = (1 - 1.5)^t
    (array([ 1.   , -0.5  ,  0.25 , -0.125]), [5.0, 1.25, 0.3125, 0.078125])
    >>> hist.message
    'Finished 3 steps without diverging; the final loss is 0.0781.'
    """
    owner = "train"
    for name, fn in (("batch_grads", batch_grads), ("training_loss", training_loss)):
        if not callable(fn):
            raise TypeError(f"The '{name}' parameter of {owner} must be callable. "
                            f"Got {type(fn).__name__} instead.")
    check_instance(optimizer, "optimizer", owner, ("step",), "SGD(lr=0.1)")
    batch_grads = _naming_its_errors(batch_grads, owner)
    has_data = X is not None or y is not None
    if has_data:
        X, y = _check_data(X, y, owner, y_ndim=(1, 2))
        batch_size = X.shape[0] if batch_size is None else batch_size
        batch_size = min(check_scalar(batch_size, "batch_size", owner, low=1, integer=True), X.shape[0])
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=0, integer=True)
    max_loss = check_scalar(max_loss, "max_loss", owner, low=0, include_low=False)
    if patience is not None:
        patience = check_scalar(patience, "patience", owner, low=1, integer=True)
        if validate is None:
            raise ValueError(f"The 'patience' parameter of {owner} needs a 'validate' function to measure "
                             f"the validation loss. Got patience={patience} and validate=None instead.")
    record = check_choice(record, "record", owner, ("epoch", "step"))
    shuffle = check_bool(shuffle, "shuffle", owner)
    keep_path = check_bool(keep_path, "keep_path", owner)
    rng = check_rng(rng, "rng", owner)
    apply_checked = getattr(optimizer, "_apply", None)  # an nnbasics optimizer: check the first step only
    if callable(getattr(optimizer, "zero_state", None)):
        optimizer.zero_state()

    history = History(params=params, record=record)
    per_step = record == "step"
    loss_word = "training loss" if has_data else "loss"
    path: dict[str, list[NDArray[np.floating]]] = {key: [] for key in params} if keep_path else {}
    seen = 0

    def measure() -> float:
        """The training loss now; NaN, without calling ``training_loss``, if the parameters overflowed."""
        finite = all(np.all(np.isfinite(theta)) for theta in params.values())
        return float(training_loss()) if finite else float("nan")

    def keep(loss: float, grew: str = "grew to") -> str | None:
        """Record a finite ``loss``; return why the run diverged, or None."""
        if np.isfinite(loss):
            history.loss.append(loss)
            if has_data:
                history.examples_seen.append(seen)
            for key, kept in path.items():
                kept.append(np.array(params[key], copy=True))
            if loss <= max_loss:
                return None
            return f"the {loss_word} {grew} {loss:.3g} (above max_loss = {max_loss:g})"
        params_finite = all(np.all(np.isfinite(theta)) for theta in params.values())
        return f"{f'the {loss_word}' if params_finite else 'the parameters'} overflowed to inf or NaN"

    def finish(stop_reason: str, message: str) -> History:
        history.stop_reason, history.message = stop_reason, message
        for key, kept in path.items():
            history.path[key] = np.array(kept, dtype=np.float64).reshape(-1, *params[key].shape)
            history.path[key].setflags(write=False)
        return history

    def diverged(where: str, what: str) -> History:
        bound = _bound_sentence(optimizer, curvature)
        why = bound[1] if bound is not None else _generic_explanation(getattr(optimizer, "lr", None))
        return finish("diverged", f"Diverged {where}: {what}. {why}")

    def at_step(step: int, epoch: int) -> str:
        return f"at step {step} (epoch {epoch})" if has_data else f"at step {step}"

    def batches() -> Iterator[tuple[Any, Any]]:
        if has_data:
            return _batches(X, y, batch_size, rng, shuffle)
        return iter([(None, None)])

    steps_per_epoch = -(-X.shape[0] // batch_size) if has_data else 1
    best_loss, best_params, bad_epochs = np.inf, None, 0
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow marks divergence, reported below
        if per_step:
            what = keep(measure(), grew="at the start is")
            if what is not None:
                return diverged("before the first step", what)
        for epoch in range(1, n_epochs + 1):
            for Xb, yb in batches():
                step = history.n_steps + 1
                grads = batch_grads(Xb, yb) if has_data else batch_grads()
                if grads is None:
                    return diverged(at_step(step, epoch),
                                    "the gradient overflowed before the step could be taken")
                if lr_schedule is not None:
                    optimizer.lr = lr_schedule(history.n_steps)
                if history.n_steps == 0 or apply_checked is None:
                    optimizer.step(params, grads)
                else:
                    apply_checked({key: (theta, grads[key]) for key, theta in params.items()})
                history.n_steps = step
                seen += len(yb) if has_data else 0
                if per_step:
                    what = keep(measure())
                    if what is not None:
                        history.n_epochs = epoch if step == epoch * steps_per_epoch else epoch - 1
                        return diverged(at_step(step, epoch), what)
            history.n_epochs = epoch
            if not per_step:
                what = keep(measure())
                if what is not None:
                    return diverged(f"after epoch {epoch}", what)
            if validate is not None:
                val = float(validate())
                history.val_loss.append(val)
                if val < best_loss:
                    best_loss, history.best_epoch, bad_epochs = val, epoch, 0
                    if patience is not None:
                        best_params = {key: value.copy() for key, value in params.items()}
                else:
                    bad_epochs += 1
            if callback is not None and callback(epoch, history):
                history.stop_reason = "callback"
                break
            if patience is not None and bad_epochs >= patience:
                history.stop_reason = "early_stopping"
                break
    if best_params is not None and history.stop_reason == "early_stopping":
        for key, value in best_params.items():
            params[key][...] = value
    last = f"the final {loss_word} is {history.final_loss:.3g}"
    if history.stop_reason == "early_stopping":
        return finish("early_stopping",
                      f"Stopped early after {history.n_epochs} epochs: no better validation loss for "
                      f"{patience} epochs. Kept the parameters of epoch {history.best_epoch} "
                      f"(validation loss {best_loss:.3g}); {last}.")
    if history.stop_reason == "callback":
        return finish("callback", f"Stopped by the callback after {history.n_epochs} epochs; {last}.")
    if has_data:
        message = (f"Finished {history.n_epochs} epochs ({history.n_steps} steps, batch size {batch_size}); "
                   f"{last}.")
    else:
        message = f"Finished {history.n_steps} steps without diverging; {last}."
    bound = _bound_sentence(optimizer, curvature)
    if bound is not None and lr_schedule is None and optimizer.lr > bound[0]:
        message += f" {bound[1]} Given more steps, this run would diverge."
    return finish("finished", message)
