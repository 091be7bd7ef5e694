r"""Training a linear model by gradient descent on data, one mini-batch at a time, and measuring it.

Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

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

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import as_float_array, check_scalar
from nnbasics.losses import MSE
from nnbasics.surfaces import run_optimizer

__all__ = [
    "TrainingHistory",
    "best_learning_rate",
    "first_step_below",
    "fit_linear_regression",
    "gradient_noise",
    "gradient_noise_prediction",
    "least_squares",
    "linear_loss_and_grads",
    "minibatches",
    "steps_to_tolerance",
]


# --------------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------------
def _check_data(X: ArrayLike, y: ArrayLike, owner: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``X`` of shape (n, d) and ``y`` of shape (n,), finite float64, at least one sample."""
    X = as_float_array(X, "X", owner, allow_nan=False, allow_inf=False, ndim=2).astype(np.float64, copy=False)
    y = as_float_array(y, "y", owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64, copy=False)
    if X.shape[0] < 1:
        raise ValueError(f"The 'X' parameter of {owner} must hold at least one sample. "
                         f"Got shape {X.shape} instead.")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"The 'y' parameter of {owner} must hold one target per row of X, i.e. have shape "
                         f"({X.shape[0]},). Got shape {y.shape} instead.")
    return X, y


def _check_params(
    params: Mapping[str, ArrayLike], n_features: int, owner: str
) -> dict[str, NDArray[np.float64]]:
    """``{"w": (d,), "b": ()}`` as float64 arrays (copies)."""
    if not isinstance(params, Mapping) or set(params) != {"w", "b"}:
        got = sorted(params) if isinstance(params, Mapping) else type(params).__name__
        raise ValueError(f"The 'params' parameter of {owner} must be a dict with the keys 'w' and 'b'. "
                         f"Got {got} instead.")
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
    mse = MSE()
    loss = mse.loss(y_pred, y)
    grad_y_pred = mse.grad(y_pred, y)  # dL/dy_pred = 2 (y_pred - y) / n
    return loss, {"w": X.T @ grad_y_pred, "b": np.array(grad_y_pred.sum())}


def _grads(p: dict[str, NDArray[np.float64]], X: NDArray[np.float64], y: NDArray[np.float64]
           ) -> dict[str, NDArray[np.float64]]:
    """The gradients of :func:`linear_loss_and_grads` on inputs already checked (the training loop's)."""
    grad_y_pred = 2.0 * (X @ p["w"] + p["b"] - y) / y.shape[0]  # dL/dy_pred = 2 (y_pred - y) / n
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
    y : array_like of shape (n_samples,)
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
        ``X_batch`` of shape ``(B, n_features)`` and ``y_batch`` of shape ``(B,)``. The arguments are
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
    X, y = _check_data(X, y, owner)
    n = X.shape[0]
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, integer=True)
    if batch_size > n:
        raise ValueError(f"The 'batch_size' parameter of {owner} must be <= n_samples = {n}. "
                         f"Got {batch_size} instead.")
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"The 'shuffle' parameter of {owner} must be True or False. Got {shuffle!r} instead.")
    order = np.random.default_rng(rng).permutation(n) if shuffle else np.arange(n)

    def batches() -> Iterator[tuple[NDArray[np.float64], NDArray[np.float64]]]:
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            yield X[idx], y[idx]

    return batches()


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
    _, full = linear_loss_and_grads(params, X, y)
    g = np.append(full["w"], full["b"])
    squared = []
    for Xb, yb in minibatches(X, y, batch_size, rng):
        _, gb = linear_loss_and_grads(params, Xb, yb)
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
    n = X.shape[0]
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, high=n, integer=True)
    per_example = []
    for i in range(n):
        _, gi = linear_loss_and_grads(params, X[i:i + 1], y[i:i + 1])
        per_example.append(np.append(gi["w"], gi["b"]))
    G = np.array(per_example)
    spread = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))  # s^2
    if n == 1:
        return 0.0
    return float(np.sqrt(spread / batch_size * (n - batch_size) / (n - 1)))


# --------------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class TrainingHistory:
    r"""The record of one :func:`fit_linear_regression` run.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Attributes
    ----------
    params : dict
        The final ``{"w": ..., "b": ...}``.
    losses : ndarray of shape (n_updates + 1,)
        The loss on **all** the training data before the first update and after every update; read-only.
    examples_seen : ndarray of shape (n_updates + 1,)
        How many examples had been used in gradients when each loss was recorded (0 first); read-only.
        Its last entry is the total cost of the run, ``n_epochs * n_samples`` unless it diverged.
    batch_size : int
        Examples per update.
    diverged : bool
        Whether the run stopped because the loss blew up.
    message : str
        What happened, in words.
    """

    params: dict[str, NDArray[np.float64]]
    losses: NDArray[np.float64]
    examples_seen: NDArray[np.int64]
    batch_size: int
    diverged: bool
    message: str

    @property
    def n_updates(self) -> int:
        """The number of parameter updates performed."""
        return len(self.losses) - 1

    @property
    def final_loss(self) -> float:
        """The last recorded loss."""
        return float(self.losses[-1])

    def __repr__(self) -> str:
        return (f"TrainingHistory(batch_size={self.batch_size}, n_updates={self.n_updates}, "
                f"final_loss={self.final_loss:.3g}, diverged={self.diverged})")


def fit_linear_regression(
    X: ArrayLike,
    y: ArrayLike,
    optimizer: Any,
    *,
    batch_size: int | None = None,
    n_epochs: int = 10,
    params: Mapping[str, ArrayLike] | None = None,
    rng: np.random.Generator | int | None = None,
    max_loss: float = 1e12,
) -> TrainingHistory:
    r"""Train :math:`\hat y = X w + b` on the mean squared error with batch, mini-batch or stochastic GD.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    For each of ``n_epochs`` epochs, the rows are reshuffled and cut into batches of ``batch_size``
    (:func:`minibatches`); for each batch the gradient :func:`linear_loss_and_grads` on that batch is
    passed to ``optimizer.step``. After every update the loss on the **whole** training set is
    recorded, with the number of examples processed so far, so that runs with different batch sizes
    can be compared at equal cost.

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
    TrainingHistory
        ``params``, ``losses``, ``examples_seen``, ``diverged``, ``message``.

    Examples
    --------
    >>> from nnbasics.optim import SGD
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = 2 * X[:, 0] - 1
    >>> hist = fit_linear_regression(X, y, SGD(lr=0.1), batch_size=2, n_epochs=200, rng=0)
    >>> hist.n_updates, int(hist.examples_seen[-1])
    (400, 800)
    >>> hist.params["w"].round(4), round(float(hist.params["b"]), 4)
    (array([2.]), -1.0)
    >>> fit_linear_regression(X, y, SGD(lr=1.0), n_epochs=100).message
    'Diverged at update 7 (after 28 examples): the training loss grew to 1.2e+13 (above max_loss = 1e+12).'
    """
    owner = "fit_linear_regression"
    X, y = _check_data(X, y, owner)
    n, d = X.shape
    if batch_size is None:
        batch_size = n
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, integer=True)
    if batch_size > n:
        raise ValueError(f"The 'batch_size' parameter of {owner} must be <= n_samples = {n}. "
                         f"Got {batch_size} instead.")
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=1, integer=True)
    max_loss = check_scalar(max_loss, "max_loss", owner, low=0, include_low=False)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"The 'optimizer' parameter of {owner} must have a step(params, grads) method. "
                        f"Got {type(optimizer).__name__} instead.")
    p = _check_params(params, d, owner) if params is not None else {"w": np.zeros(d), "b": np.array(0.0)}
    rng = np.random.default_rng(rng)
    if callable(getattr(optimizer, "zero_state", None)):
        optimizer.zero_state()

    def full_loss() -> float:
        r = X @ p["w"] + p["b"] - y
        return float(r @ r) / n  # the MSE of linear_loss_and_grads, without re-checking the inputs

    losses, seen = [full_loss()], [0]
    message, diverged = "", False
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow marks divergence, reported below
        for _ in range(n_epochs):
            for Xb, yb in minibatches(X, y, batch_size, rng):
                optimizer.step(p, _grads(p, Xb, yb))
                loss = full_loss()
                if not np.isfinite(loss) or loss > max_loss:
                    grew = f"grew to {loss:.2g}" if np.isfinite(loss) else "overflowed"
                    message = (f"Diverged at update {len(losses)} (after {seen[-1] + len(yb)} examples): "
                               f"the training loss {grew} (above max_loss = {max_loss:g}).")
                    diverged = True
                    break
                losses.append(loss)
                seen.append(seen[-1] + len(yb))
            if diverged:
                break
    if not diverged:
        message = (f"Finished {n_epochs} epochs ({len(losses) - 1} updates of {batch_size} examples); "
                   f"the final training loss is {losses[-1]:.3g}.")
    return TrainingHistory(params=p, losses=_frozen(losses), examples_seen=_frozen(seen, np.int64),
                           batch_size=batch_size, diverged=diverged, message=message)


def _frozen(values: list[Any], dtype: Any = np.float64) -> NDArray[Any]:
    arr = np.array(values, dtype=dtype)
    arr.setflags(write=False)
    return arr


# --------------------------------------------------------------------------------------------------
# Measuring convergence
# --------------------------------------------------------------------------------------------------
def first_step_below(losses: ArrayLike, tol: float) -> int | None:
    r"""The first step :math:`t` with ``losses[t] <= tol``, or None if there is none.

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


def best_learning_rate(runs: Mapping[float, Any], tol: float = 1e-6) -> float:
    r"""The learning rate of the best run: the first to reach ``tol``, else the lowest final loss.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Runs that reach a loss of at most ``tol`` rank first, by the step at which they get there
    (:func:`first_step_below`); the others by their final loss; diverged runs last.

    Parameters
    ----------
    runs : dict of float to OptimizationRun
        One run per learning rate, e.g. from :func:`nnbasics.surfaces.run_optimizer`; anything with
        ``losses``, ``final_loss`` and ``diverged`` works.
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
                         f"to runs. Got {runs!r} instead.")

    def rank(lr: float) -> tuple[bool, int, float]:
        run = runs[lr]
        steps = first_step_below(run.losses, tol)
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
    owner = "steps_to_tolerance"
    tol = check_scalar(tol, "tol", owner, low=0)
    max_steps = check_scalar(max_steps, "max_steps", owner, low=0, integer=True)
    n = min(16, max_steps)
    while True:
        run = run_optimizer(surface, optimizer, w0, n)
        hit = first_step_below(run.losses, tol)
        if hit is not None or run.diverged or n >= max_steps:
            return hit
        n = min(4 * n, max_steps)
