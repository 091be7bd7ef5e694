r"""Small data sets that ship with the code: generated here or bundled with scikit-learn, never downloaded.

Introduced in: the activations chapter (book/activations.ipynb), XOR; the gradient-descent chapter
(book/gradient_descent.ipynb), linear regression; the losses chapter (book/losses.ipynb), outliers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._validation import MAX_COUNT, check_rng, check_scalar

__all__ = ["line_with_outliers", "linear_regression", "xor"]


def xor() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""The four points of the XOR truth table.

    Returns
    -------
    X : ndarray of shape (4, 2)
        The inputs :math:`(x_1, x_2) \in \{0, 1\}^2`.
    y : ndarray of shape (4,)
        :math:`y = x_1 \oplus x_2`.

    Examples
    --------
    >>> X, y = xor()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    return X, y


def linear_regression(
    n_samples: int = 200,
    n_features: int = 3,
    noise: float = 0.5,
    *,
    bias: float = 1.0,
    rng: np.random.Generator | int | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], dict[str, NDArray[np.float64]]]:
    r"""Generated data for linear regression: :math:`y = X w + b + \text{noise}\cdot\varepsilon`.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb), where it replaces the
    source blog post's ``load_boston`` (removed from scikit-learn in version 1.2).

    The inputs and the noise :math:`\varepsilon` are standard normal, so every feature has mean 0 and
    variance 1; the true weights :math:`w` are drawn from a standard normal too.

    ``noise`` and ``bias`` are at most :math:`10^{100}` in size, so that the data stay finite, and
    :math:`X` has at most 10 million entries (``MAX_COUNT``).

    Parameters
    ----------
    n_samples, n_features : int
        Shape of :math:`X`, both ``>= 1``.
    noise : float, default=0.5
        Standard deviation of the noise added to each target, ``>= 0``.
    bias : float, default=1.0
        The true intercept :math:`b`.
    rng : numpy.random.Generator, int or None
        Source of :math:`X`, :math:`w` and the noise.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    true_params : dict
        ``{"w": ndarray of shape (n_features,), "b": ndarray of shape ()}``: the parameters the data
        were generated with (the least-squares fit is close to them, not equal, because of the noise).

    Examples
    --------
    >>> X, y, true_params = linear_regression(n_samples=5, n_features=2, noise=0.0, rng=0)
    >>> X.shape, y.shape, true_params["w"].shape
    ((5, 2), (5,), (2,))
    >>> bool(np.allclose(y, X @ true_params["w"] + true_params["b"]))   # no noise: an exact fit
    True
    """
    owner = "linear_regression"
    n_samples = check_scalar(n_samples, "n_samples", owner, low=1, integer=True)
    n_features = check_scalar(n_features, "n_features", owner, low=1, integer=True)
    if n_samples * n_features > MAX_COUNT:
        raise ValueError(f"The 'n_features' parameter of {owner} must keep n_samples * n_features <= "
                         f"{MAX_COUNT} (the size of X). Got {n_features} with n_samples = {n_samples} "
                         f"instead.")
    noise = check_scalar(noise, "noise", owner, low=0, high=1e100)
    bias = check_scalar(bias, "bias", owner, low=-1e100, high=1e100)
    rng = check_rng(rng, "rng", owner)
    X = rng.standard_normal((n_samples, n_features))
    w = rng.standard_normal(n_features)
    y = X @ w + bias + noise * rng.standard_normal(n_samples)
    return X, y, {"w": w, "b": np.array(bias)}


def line_with_outliers(
    n: int = 30,
    n_outliers: int = 4,
    *,
    w: float = 2.0,
    b: float = 1.0,
    noise: float = 0.3,
    shift: float = 8.0,
    rng: np.random.Generator | int | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Points near the line :math:`y = w x + b`, some of them gross errors.

    Introduced in: the losses chapter (book/losses.ipynb), "Outliers: MAE and Huber".

    :math:`x` is evenly spaced on :math:`[-1, 1]` and :math:`y = w x + b + \varepsilon` with
    :math:`\varepsilon \sim \mathcal N(0, \text{noise}^2)`. Then ``n_outliers`` points chosen at random
    among those with :math:`x > 0` are moved up by ``shift``: a sensor that sometimes misreads, on one side.

    Parameters
    ----------
    n : int, default=30
        Number of points, :math:`\ge 2`.
    n_outliers : int, default=4
        Number of outliers, between 0 and the number of points with :math:`x > 0`.
    w, b : float
        The true slope and intercept.
    noise : float, default=0.3
        Standard deviation of the ordinary noise, :math:`\ge 0`.
    shift : float, default=8.0
        How far the outliers are moved.
    rng : numpy.random.Generator, int or None
        Source of the noise and of the choice of outliers.

    Returns
    -------
    x, y : ndarray of shape (n,)

    Examples
    --------
    >>> x, y = line_with_outliers(10, 2, noise=0.0, rng=0)
    >>> int(np.sum(y - (2 * x + 1) == 8.0))
    2
    """
    owner = "line_with_outliers"
    n = check_scalar(n, "n", owner, low=2, integer=True)
    x = np.linspace(-1.0, 1.0, n)
    right = np.flatnonzero(x > 0)
    n_outliers = check_scalar(n_outliers, "n_outliers", owner, low=0, high=right.size, integer=True)
    w = check_scalar(w, "w", owner, low=-1e100, high=1e100)
    b = check_scalar(b, "b", owner, low=-1e100, high=1e100)
    noise = check_scalar(noise, "noise", owner, low=0, high=1e100)
    shift = check_scalar(shift, "shift", owner, low=-1e100, high=1e100)
    rng = check_rng(rng, "rng", owner)
    y = w * x + b + rng.normal(0.0, noise, size=n)
    y[rng.choice(right, size=n_outliers, replace=False)] += shift
    return x, y
