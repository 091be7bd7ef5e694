r"""Generalization: the bias-variance decomposition, double descent, and what regularization changes.

Introduced in: the overfitting chapter (book/overfitting.ipynb).

A model trained on a random training set :math:`D` gives a random function :math:`\hat f_D`. At an input
:math:`x` with noisy label :math:`y = f(x) + \varepsilon`, :math:`\operatorname{Var}(\varepsilon) = \sigma^2`,
its expected squared error over training sets and noise splits into three parts
(Prince, *Understanding Deep Learning*, section 8.2):

.. math::

    \mathbb E_{D, \varepsilon}\big[(\hat f_D(x) - y)^2\big]
    = \underbrace{\big(\bar f(x) - f(x)\big)^2}_{\text{bias}^2}
    + \underbrace{\mathbb E_D\big[(\hat f_D(x) - \bar f(x))^2\big]}_{\text{variance}}
    + \underbrace{\sigma^2}_{\text{noise}},
    \qquad \bar f(x) = \mathbb E_D[\hat f_D(x)].

:func:`bias_variance` measures each part by retraining a model on many training sets drawn afresh
from :func:`noisy_sine`; :func:`double_descent` does it for a range of hidden-layer widths of
:class:`JointsRegressor`, whose test error rises to a peak where the network can just interpolate its
training set and falls again beyond it. :func:`regularization_grid` trains the classifiers of the
chapter's widget (L2 strength :math:`\times` training-set size :math:`\times` dropout) with
:func:`nnbasics.playground.train_snapshots`; :func:`shift_images` augments images with small shifts;
:func:`average_weights` averages the parameters of several networks (which is *not* what
cross-validation does; it can work for networks that started from the same initial weights and stayed
close, and fails for networks started from different ones).

Like :mod:`nnbasics.network`, this module needs scikit-learn.

References
----------
S. J. D. Prince (2023). *Understanding Deep Learning*, chapter 8, "Measuring performance". MIT Press.

M. Belkin, D. Hsu, S. Ma and S. Mandal (2019). Reconciling modern machine-learning practice and the
classical bias-variance trade-off. *PNAS* 116(32), 15849-15854.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from ._validation import as_float_array, check_choice, check_rng, check_scalar
from .datasets import DATASETS
from .playground import NOISE, PlaygroundData, Snapshots, make_split, train_snapshots
from .plotting.boundaries import BoundaryData, BoundaryFrame, boundary_render
from .plotting import Layered

__all__ = [
    "BiasVariance", "DoubleDescent", "JointsRegressor", "RegularizationGrid", "average_weights", "bias_variance",
    "double_descent", "noisy_sine", "regularization_grid", "shift_images",
]


# --------------------------------------------------------------------------------------------------
# Data and a model whose capacity is one number
# --------------------------------------------------------------------------------------------------
def noisy_sine(n_samples: int = 20, noise: float = 0.3, *, rng: np.random.Generator | int | None = None
               ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""A training set for :math:`f(x) = \sin(\pi x)` on :math:`[-1, 1]` with Gaussian label noise.

    Introduced in: the overfitting chapter.

    Each input is drawn uniformly within half a grid step of its point on the evenly spaced grid
    ``np.linspace(-1, 1, n_samples)`` (and kept inside :math:`[-1, 1]`): every draw covers the interval,
    the inputs stay in order, and they vary from draw to draw. The labels are
    :math:`y = \sin(\pi x) + \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, \sigma^2)`, ``noise``
    :math:`= \sigma`.

    Returns
    -------
    X : ndarray of shape (n_samples, 1)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> X, y = noisy_sine(4, 0.0, rng=0)
    >>> X.shape, bool(np.all(np.diff(X[:, 0]) > 0)), bool(np.allclose(y, np.sin(np.pi * X[:, 0])))
    ((4, 1), True, True)
    """
    owner = "noisy_sine"
    n = check_scalar(n_samples, "n_samples", owner, low=2, integer=True)
    sigma = check_scalar(noise, "noise", owner, low=0)
    rng = check_rng(rng, "rng", owner)
    step = 2.0 / (n - 1)
    x = np.clip(np.linspace(-1.0, 1.0, n) + step * rng.uniform(-0.5, 0.5, n), -1.0, 1.0)
    y = np.sin(np.pi * x) + sigma * rng.normal(size=n)
    return x[:, None], y


class JointsRegressor(RegressorMixin, BaseEstimator):
    r"""A one-hidden-layer ReLU network on one input, its joints evenly spaced, its output fitted by least squares.

    Introduced in: the overfitting chapter.

    Hidden unit :math:`k` computes :math:`a_k = \operatorname{ReLU}(x - t_k)`, its joint at
    :math:`t_k = -1 + 2k/K` (:math:`k = 0, \dots, K-1`, ``K = n_hidden``); the first layer is fixed
    (weights 1, biases :math:`-t_k`) and only the output layer :math:`\hat y = a\,v + c` is fitted, so the
    model is a piecewise-linear function with :math:`K + 1` parameters, the kind Prince uses in
    chapter 8. With :math:`A` the :math:`n \times (K + 1)` matrix of hidden activations and a column of
    ones,

    .. math::

        (v, c) = \arg\min \lVert A (v, c) - y \rVert^2 + \alpha \lVert v \rVert^2,

    and with :math:`\alpha = 0` and more parameters than data (:math:`K + 1 > n`, many exact fits) the
    one of smallest norm: the solution gradient descent from zero reaches (``np.linalg.lstsq``).

    Parameters
    ----------
    n_hidden : int, default=8
        Hidden units :math:`K \ge 1`.
    alpha : float, default=0.0
        L2 penalty on the output weights :math:`v` (not on :math:`c`).

    Attributes
    ----------
    joints_ : ndarray of shape (K,)
        :math:`t_k`: the first layer has weights 1 and biases :math:`-t_k`.
    coef_ : ndarray of shape (K,)
        The output weights :math:`v`.
    intercept_ : float
        The output bias :math:`c`.

    Examples
    --------
    >>> X, y = noisy_sine(10, 0.0, rng=0)
    >>> model = JointsRegressor(n_hidden=9).fit(X, y)      # 10 parameters for 10 points: interpolates
    >>> float(np.max(np.abs(model.predict(X) - y))) < 1e-9
    True
    >>> model.joints_[:3]                                   # t_k = -1 + 2k/K
    array([-1.        , -0.77777778, -0.55555556])
    """

    def __init__(self, n_hidden: int = 8, alpha: float = 0.0) -> None:
        self.n_hidden = n_hidden
        self.alpha = alpha

    def fit(self, X: ArrayLike, y: ArrayLike) -> JointsRegressor:
        """Fit the output layer to ``X`` of shape ``(n, 1)`` and ``y`` of shape ``(n,)``."""
        owner = type(self).__name__
        k = check_scalar(self.n_hidden, "n_hidden", owner, low=1, integer=True)
        alpha = check_scalar(self.alpha, "alpha", owner, low=0)
        _check_real(X, "X", f"{owner}.fit")
        _check_real(y, "y", f"{owner}.fit")
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        if X.shape[1] != 1:
            raise ValueError(f"The 'X' parameter of {owner}.fit must have one column (the model has one "
                             f"input). Got shape {X.shape} instead.")
        self.joints_ = _joints(k)
        coef = _fit_output(_hidden(X, self.joints_), y, alpha)
        self.coef_, self.intercept_ = coef[:k], float(coef[k])
        return self

    def _hidden(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        """The hidden activations a_k = ReLU(x - t_k), shape (n, K)."""
        return _hidden(X, self.joints_)

    def predict(self, X: ArrayLike) -> NDArray[np.float64]:
        """Predictions of shape ``(n,)``."""
        check_is_fitted(self, "coef_")
        _check_real(X, "X", f"{type(self).__name__}.predict")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self._hidden(X) @ self.coef_ + self.intercept_          # y = a v + c


    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """The coefficient of determination :math:`R^2` of the predictions (scikit-learn's ``score``)."""
        _check_real(y, "y", f"{type(self).__name__}.score")
        return float(super().score(X, y))


def _joints(k: int) -> NDArray[np.float64]:
    """The joints t_k = -1 + 2k/K of :class:`JointsRegressor`."""
    return -1.0 + 2.0 * np.arange(k) / k


def _hidden(X: NDArray[np.float64], joints: NDArray[np.float64]) -> NDArray[np.float64]:
    """The hidden activations a_k = ReLU(x - t_k) of inputs ``X`` of shape (n, 1): shape (n, K)."""
    return np.maximum(X - joints, 0.0)


def _fit_output(hidden: NDArray[np.float64], y: NDArray[np.float64], alpha: float) -> NDArray[np.float64]:
    """The output layer (v, c) fitted by (ridge) least squares to the hidden activations, minimum norm."""
    k = hidden.shape[1]
    A = np.column_stack([hidden, np.ones(len(hidden))])
    target = y
    if alpha:                                                       # ridge as least squares on more rows
        A = np.vstack([A, np.sqrt(alpha) * np.eye(k, k + 1)])
        target = np.concatenate([y, np.zeros(k)])
    return np.linalg.lstsq(A, target, rcond=None)[0]                # minimum norm if underdetermined


def _check_real(values: Any, name: str, owner: str) -> None:
    """Refuse booleans and complex numbers, which scikit-learn's validation would silently convert."""
    kind = getattr(values, "dtype", None)
    kind = kind.kind if kind is not None else None
    if kind in ("b", "c"):
        raise TypeError(f"The '{name}' parameter of {owner} must hold real numbers. Got an array of dtype "
                        f"{values.dtype} instead.")


# --------------------------------------------------------------------------------------------------
# Bias and variance, measured
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BiasVariance:
    r"""The bias-variance decomposition of one model, measured over resampled training sets.

    Made by :func:`bias_variance`.

    Attributes
    ----------
    x_test : ndarray of shape (m,)
        Evenly spaced test inputs on :math:`[-1, 1]`.
    f_test : ndarray of shape (m,)
        The true function there, :math:`\sin(\pi x)`.
    predictions : ndarray of shape (n_resamples, m)
        :math:`\hat f_D(x)` of the model trained on each training set.
    bias2, variance : float
        Averages over the test inputs of :math:`(\bar f - f)^2` and of the variance over training sets.
    noise2 : float
        :math:`\sigma^2`.
    error : float
        Mean over training sets and test inputs of :math:`(\hat f_D - f)^2`; equal to
        ``bias2 + variance`` (an identity).
    test_error : float
        Mean squared error against fresh noisy labels (one per training set and input): an estimate of
        ``bias2 + variance + noise2``.
    train_error : float
        Mean squared training error over the training sets.
    """

    x_test: NDArray[np.float64]
    f_test: NDArray[np.float64]
    predictions: NDArray[np.float64]
    bias2: float
    variance: float
    noise2: float
    error: float
    test_error: float
    train_error: float

    @property
    def set_errors(self) -> NDArray[np.float64]:
        r"""The error of each training set's fit, :math:`\operatorname{mean}_j (P_{rj} - f(x_j))^2`, one per resample.

        Their mean is ``error``; their median and largest values show whether a few training sets
        dominate it (near the interpolation point they do).

        Examples
        --------
        >>> bv = bias_variance(JointsRegressor(4), n_train=20, noise=0.3, n_resamples=10)
        >>> bv.set_errors.shape, bool(np.isclose(bv.set_errors.mean(), bv.error))
        ((10,), True)
        """
        return np.mean((self.predictions - self.f_test) ** 2, axis=1)


def bias_variance(model: Any, n_train: int = 20, noise: float = 0.3, n_resamples: int = 40, *,
                  n_test: int = 201, rng: np.random.Generator | int | None = 0) -> BiasVariance:
    r"""Retrain ``model`` on ``n_resamples`` training sets of :func:`noisy_sine` and split its error.

    Introduced in: the overfitting chapter.

    Each training set is a fresh draw of ``n_train`` points; the model is a fresh
    ``sklearn.base.clone`` each time (if it has a ``random_state``, a new seed, so the initial weights
    vary too). With :math:`P_{rj}` the prediction of the model of resample :math:`r` at test input
    :math:`x_j` and :math:`\bar P_j` its mean over resamples,

    .. math::

        \text{bias}^2 = \operatorname{mean}_j (\bar P_j - f(x_j))^2, \qquad
        \text{variance} = \operatorname{mean}_{j} \operatorname{mean}_r (P_{rj} - \bar P_j)^2 .

    Parameters
    ----------
    model : scikit-learn regressor
        Anything with ``fit(X, y)`` and ``predict(X)`` on one input column.
    n_train : int, default=20
    noise : float, default=0.3
        :math:`\sigma` of the label noise.
    n_resamples : int, default=40
        Training sets, at least 2.
    n_test : int, default=201
        Evenly spaced test inputs on :math:`[-1, 1]`.
    rng : numpy.random.Generator, int or None, default=0

    Returns
    -------
    BiasVariance

    Examples
    --------
    >>> bv = bias_variance(JointsRegressor(4), n_train=20, noise=0.3, n_resamples=30)
    >>> bool(np.isclose(bv.error, bv.bias2 + bv.variance))          # the decomposition is exact
    True
    >>> round(bv.noise2, 2), bv.predictions.shape
    (0.09, (30, 201))
    """
    owner = "bias_variance"
    if not (hasattr(model, "fit") and hasattr(model, "predict")) or isinstance(model, type):
        raise TypeError(f"The 'model' parameter of {owner} must be a scikit-learn regressor instance with "
                        f"fit and predict, e.g. JointsRegressor(8). Got {model!r} instead.")
    n_train = check_scalar(n_train, "n_train", owner, low=2, integer=True)
    sigma = check_scalar(noise, "noise", owner, low=0)
    n_resamples = check_scalar(n_resamples, "n_resamples", owner, low=2, integer=True)
    n_test = check_scalar(n_test, "n_test", owner, low=2, integer=True)
    rng = check_rng(rng, "rng", owner)
    x_test = np.linspace(-1.0, 1.0, n_test)
    f_test = np.sin(np.pi * x_test)
    predictions = np.empty((n_resamples, n_test))
    train_errors = np.empty(n_resamples)
    seeded = "random_state" in model.get_params()
    joints = type(model) is JointsRegressor   # its fit directly: the same numbers, without the estimator checks
    if joints:
        k = check_scalar(model.n_hidden, "n_hidden", "JointsRegressor", low=1, integer=True)
        alpha = check_scalar(model.alpha, "alpha", "JointsRegressor", low=0)
        t = _joints(k)
    with threadpool_limits(1, "blas"):       # tiny solves: one thread is faster than waking others
        for r in range(n_resamples):
            X, y = noisy_sine(n_train, sigma, rng=rng)
            if joints:
                coef = _fit_output(_hidden(X, t), y, alpha)
                both = _hidden(np.concatenate([x_test[:, None], X]), t) @ coef[:k] + float(coef[k])
                predictions[r] = both[:n_test]
                train_errors[r] = np.mean((both[n_test:] - y) ** 2)
                continue
            fitted = clone(model)
            if seeded:
                fitted.set_params(random_state=int(rng.integers(2**31)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)   # a diverged run is part of the variance
                fitted.fit(X, y)
            both = fitted.predict(np.concatenate([x_test[:, None], X]))
            predictions[r] = both[:n_test]
            train_errors[r] = np.mean((both[n_test:] - y) ** 2)
    mean = predictions.mean(axis=0)                                    # f-bar
    bias2 = float(np.mean((mean - f_test) ** 2))
    variance = float(np.mean(predictions.var(axis=0)))
    labels = f_test + sigma * rng.normal(size=predictions.shape)      # fresh noisy test labels
    return BiasVariance(x_test, f_test, predictions, bias2, variance, sigma**2,
                        float(np.mean((predictions - f_test) ** 2)), float(np.mean((predictions - labels) ** 2)),
                        float(train_errors.mean()))


@dataclass(frozen=True, eq=False)
class DoubleDescent:
    r"""Bias, variance and error of :class:`JointsRegressor` across hidden-layer widths.

    Made by :func:`double_descent`.

    Attributes
    ----------
    widths : tuple of int
        Hidden units :math:`K`; the model has :math:`K + 1` parameters.
    n_train : int
        Training points: the network can interpolate them from :math:`K + 1 = n` on.
    runs : tuple of BiasVariance
        One per width.
    """

    widths: tuple[int, ...]
    n_train: int
    runs: tuple[BiasVariance, ...]

    @property
    def interpolation_width(self) -> int:
        """The width :math:`K = n - 1` at which the parameters first equal the training points."""
        return self.n_train - 1

    def curve(self, name: str) -> NDArray[np.float64]:
        """One attribute of every run, e.g. ``"error"``, ``"bias2"``, ``"variance"``, ``"train_error"``."""
        name = check_choice(name, "name", "DoubleDescent.curve",
                            ("error", "bias2", "variance", "test_error", "train_error"))
        return np.array([getattr(run, name) for run in self.runs])

    def run(self, width: int) -> BiasVariance:
        """The run of one width (one of ``widths``)."""
        if width not in self.widths:
            raise ValueError(f"The 'width' parameter of DoubleDescent.run must be one of the widths measured, "
                             f"{list(self.widths)}. Got {width!r} instead.")
        return self.runs[self.widths.index(width)]

    def render(self) -> Layered:
        """The live figure's render, control ``width`` (:func:`nnbasics.plotting.generalization.double_descent_render`)."""
        from .plotting.generalization import double_descent_render
        return double_descent_render(self)


def double_descent(widths: Sequence[int] = (1, 2, 3, 4, 6, 8, 12, 16, 18, 19, 20, 24, 32, 64, 128, 512), *,
                   n_train: int = 20, noise: float = 0.3, n_resamples: int = 40,
                   rng: np.random.Generator | int | None = 0) -> DoubleDescent:
    r""":func:`bias_variance` of :class:`JointsRegressor` for every width, on the same training sets.

    Introduced in: the overfitting chapter.

    Every width sees the same ``n_resamples`` training sets: each gets its own copy of the generator made
    from ``rng``, so the curves differ only through the model, and
    ``bias_variance(JointsRegressor(w), n_train, noise, n_resamples, rng=rng)`` with the same ``rng``
    reproduces the run of width ``w`` exactly.

    Examples
    --------
    >>> dd = double_descent((2, 9, 64), n_train=10, n_resamples=20)
    >>> dd.interpolation_width, bool(dd.run(9).variance > dd.run(64).variance > dd.run(2).variance)
    (9, True)
    >>> bool(dd.run(9).error == bias_variance(JointsRegressor(9), 10, 0.3, 20, rng=0).error)   # same sets
    True
    """
    owner = "double_descent"
    try:
        widths = tuple(check_scalar(w, "widths", owner, low=1, integer=True) for w in widths)
    except TypeError:
        raise TypeError(f"The 'widths' parameter of {owner} must be a sequence of positive integers. "
                        f"Got {widths!r} instead.") from None
    if not widths or len(set(widths)) != len(widths):
        raise ValueError(f"The 'widths' parameter of {owner} must hold at least one width, each once. "
                         f"Got {widths!r} instead.")
    n_train = check_scalar(n_train, "n_train", owner, low=2, integer=True)
    noise = check_scalar(noise, "noise", owner, low=0)
    n_resamples = check_scalar(n_resamples, "n_resamples", owner, low=2, integer=True)
    generator = check_rng(rng, "rng", owner)
    runs = tuple(bias_variance(JointsRegressor(w), n_train, noise, n_resamples, rng=copy.deepcopy(generator))
                 for w in widths)                                   # every width from the same state
    return DoubleDescent(widths, int(n_train), runs)


# --------------------------------------------------------------------------------------------------
# Data augmentation and weight averaging
# --------------------------------------------------------------------------------------------------
def shift_images(X: ArrayLike, y: ArrayLike, shape: tuple[int, int] = (8, 8),
                 shifts: Sequence[tuple[int, int]] = ((0, 1), (0, -1), (1, 0), (-1, 0))
                 ) -> tuple[NDArray[np.float64], NDArray[Any]]:
    r"""The images ``X`` followed by copies shifted by whole pixels (blank pixels filled with 0), and their labels.

    Introduced in: the overfitting chapter.

    Each row of ``X`` is an image of ``shape`` (row-major, as ``load_digits`` stores them); a shift
    :math:`(d_r, d_c)` moves it :math:`d_r` pixels down and :math:`d_c` right.

    Returns
    -------
    X_augmented : ndarray of shape (n * (1 + len(shifts)), rows * cols)
    y_augmented : ndarray of shape (n * (1 + len(shifts)),)

    Examples
    --------
    >>> X = np.arange(4.0).reshape(1, 4)                  # one 2 x 2 image [[0, 1], [2, 3]]
    >>> Xa, ya = shift_images(X, [7], (2, 2), [(0, 1), (1, 0)])
    >>> Xa.reshape(-1, 2, 2)[1].tolist(), Xa.reshape(-1, 2, 2)[2].tolist(), ya.tolist()
    ([[0.0, 0.0], [0.0, 2.0]], [[0.0, 0.0], [0.0, 1.0]], [7, 7, 7])
    """
    owner = "shift_images"
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64, copy=False)
    y = np.asarray(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"The 'y' parameter of {owner} must have one label per image, shape ({X.shape[0]},). "
                         f"Got shape {y.shape} instead.")
    if not (isinstance(shape, (tuple, list)) and len(shape) == 2):
        raise ValueError(f"The 'shape' parameter of {owner} must be a pair (rows, columns). Got {shape!r} instead.")
    rows, cols = (check_scalar(s, "shape", owner, low=1, integer=True) for s in shape)
    if rows * cols != X.shape[1]:
        raise ValueError(f"The 'shape' parameter of {owner} must have rows x columns = {X.shape[1]}, the "
                         f"pixels of each image. Got {shape!r} instead.")
    if not isinstance(shifts, (tuple, list)):
        raise TypeError(f"The 'shifts' parameter of {owner} must be a list of pairs (down, right), e.g. "
                        f"[(0, 1), (1, 0)]. Got {shifts!r} instead.")
    images = X.reshape(-1, rows, cols)
    out = [images]
    for shift in shifts:
        if not (isinstance(shift, (tuple, list)) and len(shift) == 2):
            raise ValueError(f"The 'shifts' parameter of {owner} must hold pairs (down, right). "
                             f"Got {shift!r} instead.")
        dr, dc = (check_scalar(s, "shifts", owner, low=-max(rows, cols) + 1, high=max(rows, cols) - 1,
                               integer=True) for s in shift)
        moved = np.zeros_like(images)
        moved[:, max(dr, 0):rows + min(dr, 0), max(dc, 0):cols + min(dc, 0)] = \
            images[:, max(-dr, 0):rows - max(dr, 0), max(-dc, 0):cols - max(dc, 0)]
        out.append(moved)
    return np.concatenate(out).reshape(-1, rows * cols), np.tile(y, len(out))


def average_weights(models: Sequence[Any]) -> Any:
    r"""A copy of the first fitted MLP whose every weight and bias is the mean over ``models``.

    Introduced in: the overfitting chapter.

    The networks must have the same layer shapes. Averaging *predictions* is an ensemble; averaging
    *parameters* gives a network nobody trained. Hidden units can be permuted without changing a
    network, so for networks started from different initial weights unit :math:`k` of one need not
    match unit :math:`k` of another, and the average can be far worse than every one of them. Networks
    started from the *same* initial weights and trained on similar data stay aligned, and their average
    can be as good as they are or better (Wortsman et al. 2022, "model soups"). The chapter measures both.

    Examples
    --------
    >>> from nnbasics.network import MLPRegressor
    >>> X, y = noisy_sine(30, 0.1, rng=0)
    >>> nets = [MLPRegressor((8,), n_epochs=5, random_state=s).fit(X, y) for s in range(3)]
    >>> mean = average_weights(nets)
    >>> bool(np.allclose(mean.layers_[0].W, np.mean([n.layers_[0].W for n in nets], axis=0)))
    True
    """
    owner = "average_weights"
    if not isinstance(models, (list, tuple)) or not models:
        raise TypeError(f"The 'models' parameter of {owner} must be a non-empty list of fitted MLPs. "
                        f"Got {models!r} instead.")
    for m in models:
        if not hasattr(m, "layers_"):
            raise TypeError(f"The 'models' parameter of {owner} must hold fitted MLPRegressor or MLPClassifier "
                            f"models (with layers_). Got {type(m).__name__} instead.")
    shapes = [[layer.W.shape for layer in m.layers_] for m in models]
    if any(s != shapes[0] for s in shapes):
        raise ValueError(f"The 'models' parameter of {owner} must hold networks of the same layer shapes. "
                         f"Got {shapes} instead.")
    mean = copy.deepcopy(models[0])
    for l, layer in enumerate(mean.layers_):
        for key in ("W", "b"):
            layer.params[key][...] = np.mean([m.layers_[l].params[key] for m in models], axis=0)
    return mean


# --------------------------------------------------------------------------------------------------
# The widget: L2 strength x training-set size x dropout
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RegularizationGrid:
    """Every classifier of the regularization widget, trained once (:func:`regularization_grid`).

    Attributes
    ----------
    data : dict of int to PlaygroundData
        One split per training-set size: the first ``n`` points of one training pool, one test set.
    runs : dict of (n_train, alpha, dropout) to Snapshots
    n_epochs : int
    """

    data: dict[int, PlaygroundData]
    runs: dict[tuple[int, float, float], Snapshots]
    n_epochs: int

    def boundary_data(self, n_train: int) -> BoundaryData:
        """The points and plane for ``n_train`` training points (the slow control)."""
        _check_trained(n_train, "n_train", "RegularizationGrid.boundary_data", {k[0] for k in self.runs})
        return self.data[n_train].boundary_data(self.n_epochs, loss_limits=(0.003, 10.0))

    def frame(self, n_train: int, alpha: float, dropout: float) -> BoundaryFrame:
        """The trained network's boundary and its train and test loss curves."""
        owner = "RegularizationGrid.frame"
        for i, (name, value) in enumerate((("n_train", n_train), ("alpha", alpha), ("dropout", dropout))):
            _check_trained(value, name, owner, {k[i] for k in self.runs})
        return self.runs[(n_train, alpha, dropout)].frame(self.n_epochs)

    def render(self) -> Layered:
        """The live figure's render: controls ``n_train`` (slow), ``alpha``, ``dropout``."""
        return boundary_render(self.boundary_data, self.frame, slow=("n_train",))


def _check_trained(value: Any, name: str, owner: str, trained: set[Any]) -> None:
    try:
        known = value in trained
    except TypeError:                                   # unhashable
        known = False
    if not known:
        raise ValueError(f"The '{name}' parameter of {owner} must be one of the values trained, "
                         f"{sorted(trained)}. Got {value!r} instead.")


def _values(values: Any, name: str, owner: str) -> tuple[Any, ...]:
    """A non-empty list or tuple, as a tuple."""
    if not isinstance(values, (tuple, list)) or not values:
        raise TypeError(f"The '{name}' parameter of {owner} must be a non-empty list of values. "
                        f"Got {values!r} instead.")
    return tuple(values)


def regularization_grid(dataset: str = "moons", n_trains: Sequence[int] = (30, 150),
                        alphas: Sequence[float] = (0.0, 0.3, 3.0), dropouts: Sequence[float] = (0.0, 0.3), *,
                        hidden: tuple[int, ...] = (64, 64), noise: float | None = None, n_test: int = 200,
                        n_epochs: int = 150, lr: float = 0.01, seed: int = 0, resolution: int = 48
                        ) -> RegularizationGrid:
    r"""Train one :class:`~nnbasics.network.MLPClassifier` per training-set size, L2 strength and dropout rate.

    Introduced in: the overfitting chapter.

    One pool of points is drawn (:func:`nnbasics.playground.make_split`, noise :data:`nnbasics.playground.NOISE`
    of the data set unless given); every network is tested on the same ``n_test`` points and trained on
    the first ``n`` points of the rest, from the same initial weights (``seed``), with
    :func:`nnbasics.playground.train_snapshots` (its train loss includes the L2 term).

    Examples
    --------
    >>> grid = regularization_grid("moons", (20,), (0.0, 1.0), (0.0,), hidden=(8,), n_test=20, n_epochs=5,
    ...                            resolution=8)
    >>> sorted(grid.runs), grid.frame(20, 1.0, 0.0).grid.shape
    ([(20, 0.0, 0.0), (20, 1.0, 0.0)], (8, 8))
    """
    owner = "regularization_grid"
    dataset = check_choice(dataset, "dataset", owner, DATASETS)
    n_trains = tuple(check_scalar(n, "n_trains", owner, low=2, integer=True)
                     for n in _values(n_trains, "n_trains", owner))
    alphas = tuple(check_scalar(a, "alphas", owner, low=0) for a in _values(alphas, "alphas", owner))
    dropouts = tuple(check_scalar(d, "dropouts", owner, low=0, high=1, include_high=False)
                     for d in _values(dropouts, "dropouts", owner))
    n_test = check_scalar(n_test, "n_test", owner, low=2, integer=True)
    seed = check_scalar(seed, "seed", owner, low=0, integer=True)
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=1, integer=True)
    resolution = check_scalar(resolution, "resolution", owner, low=2, integer=True)
    noise = NOISE[dataset] if noise is None else check_scalar(noise, "noise", owner, low=0)
    total = max(n_trains) + n_test
    pool = make_split(dataset, total, noise, test_size=n_test / total, rng=seed)
    data = {n: PlaygroundData(dataset, pool.noise, pool.X_train[:n], pool.X_test, pool.y_train[:n], pool.y_test,
                              pool.bounds) for n in n_trains}
    runs = {(n, a, d): train_snapshots(data[n], hidden, "relu", epochs=(n_epochs,), lr=lr, alpha=a, dropout=d,
                                       random_state=seed, resolution=resolution)
            for n in n_trains for a in alphas for d in dropouts}
    return RegularizationGrid(data, runs, int(n_epochs))
