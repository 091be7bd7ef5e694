r"""Small data sets that ship with the code: generated here or bundled with scikit-learn, never downloaded.

Introduced in: the activations chapter (book/activations.ipynb), XOR; the gradient-descent chapter
(book/gradient_descent.ipynb), linear regression; the losses chapter (book/losses.ipynb), outliers; the
playground chapter, the two-class point clouds of :data:`DATASETS` (after TensorFlow Playground), a
train/test split and hand-made features.

The two-class generators :func:`xor`, :func:`circles`, :func:`moons`, :func:`spirals` and :func:`blobs`
share one signature, ``(n_samples, noise, *, rng)``, and return ``X`` of shape ``(n_samples, 2)`` (float64)
and ``y`` of shape ``(n_samples,)`` with labels in :math:`\{0, 1\}`. ``noise`` is the standard deviation
of the Gaussian noise added to every coordinate; the classes are balanced (class 0 gets
``n_samples // 2`` points) and the rows come in random order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import (MAX_COUNT, as_float_array, check_bool, check_choice, check_rng, check_scalar,
                          create_from_registry, describe)

__all__ = [
    "DATASETS", "FEATURES", "blobs", "circles", "get_dataset", "hand_features", "line_with_outliers",
    "linear_regression", "moons", "spirals", "train_test_split", "xor",
]

_XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _two_class_setup(
    n_samples: int, noise: float, rng: np.random.Generator | int | None, owner: str
) -> tuple[int, float, NDArray[np.int64], np.random.Generator]:
    """Checked ``n_samples`` and ``noise``, the shuffled balanced labels, and the generator."""
    n_samples = check_scalar(n_samples, "n_samples", owner, low=2, integer=True)
    noise = check_scalar(noise, "noise", owner, low=0)
    rng = check_rng(rng, "rng", owner)
    y = rng.permutation(np.arange(n_samples) >= n_samples // 2).astype(np.int64)  # n // 2 zeros, then ones
    return n_samples, noise, y, rng


def xor(
    n_samples: int | None = None, noise: float = 0.0, *, rng: np.random.Generator | int | None = None
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""The XOR truth table: its four points, or a noisy cloud around them.

    With ``n_samples=None`` (the default): the four points of the truth table, in order, plus noise if
    ``noise > 0``. With ``n_samples`` given: that many points, each one of the four corners
    :math:`c \in \{0, 1\}^2` (a quarter of the points on each, in random order) plus Gaussian noise,
    labelled :math:`y = c_1 \oplus c_2` by its corner. No line separates the classes.

    Parameters
    ----------
    n_samples : int or None, default=None
        Number of points, ``>= 4``; None for the four corners once each.
    noise : float, default=0.0
        Standard deviation of the noise added to each coordinate, ``>= 0``.
    rng : numpy.random.Generator, int or None
        Source of the corners' order and of the noise.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The inputs :math:`(x_1, x_2)`.
    y : ndarray of shape (n_samples,)
        :math:`y = c_1 \oplus c_2` for the corner :math:`c` each point was drawn around.

    Examples
    --------
    >>> X, y = xor()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    >>> X, y = xor(8, rng=0)
    >>> sorted(map(tuple, X.tolist())) == sorted(2 * list(map(tuple, _XOR_CORNERS.tolist())))
    True
    """
    owner = "xor"
    noise = check_scalar(noise, "noise", owner, low=0)
    rng = check_rng(rng, "rng", owner)
    if n_samples is None:
        corner = np.arange(4)
    else:
        n_samples = check_scalar(n_samples, "n_samples", owner, low=4, integer=True)
        corner = rng.permutation(np.arange(n_samples) % 4)
    X = _XOR_CORNERS[corner]
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    y = np.logical_xor(_XOR_CORNERS[corner, 0], _XOR_CORNERS[corner, 1]).astype(np.int64)
    return X, y


def circles(
    n_samples: int = 200, noise: float = 0.1, *, factor: float = 0.5,
    rng: np.random.Generator | int | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""Two concentric circles: class 0 on the circle of radius 1, class 1 on the circle of radius ``factor``.

    Each point is :math:`r_y(\cos\theta, \sin\theta) + \text{noise}\cdot\varepsilon` with
    :math:`\theta` uniform on :math:`[0, 2\pi)`, :math:`r_0 = 1`, :math:`r_1 = \text{factor}` and
    :math:`\varepsilon \sim \mathcal N(0, I)`. The classes are separated by the circle
    :math:`x_1^2 + x_2^2 = r^2` between the two radii, which is linear in the features
    :math:`x_1^2, x_2^2` (see :func:`hand_features`), not in :math:`x_1, x_2`.

    Parameters
    ----------
    n_samples : int, default=200
        Number of points, ``>= 2``.
    noise : float, default=0.1
        Standard deviation of the noise added to each coordinate, ``>= 0``.
    factor : float, default=0.5
        Radius of the inner circle, in ``(0, 1)``.
    rng : numpy.random.Generator, int or None
        Source of the labels' order, the angles and the noise.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> X, y = circles(6, noise=0.0, rng=0)
    >>> radius = np.round(np.hypot(X[:, 0], X[:, 1]), 6)
    >>> radius[y == 0].tolist(), radius[y == 1].tolist()
    ([1.0, 1.0, 1.0], [0.5, 0.5, 0.5])
    """
    owner = "circles"
    n_samples, noise, y, rng = _two_class_setup(n_samples, noise, rng, owner)
    factor = check_scalar(factor, "factor", owner, low=0, high=1, include_low=False, include_high=False)
    theta = rng.uniform(0.0, 2.0 * np.pi, n_samples)
    radius = np.where(y == 0, 1.0, factor)
    X = radius[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])
    return X + noise * rng.standard_normal(X.shape), y


def moons(
    n_samples: int = 200, noise: float = 0.1, *, rng: np.random.Generator | int | None = None
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""Two interleaving half circles, as scikit-learn's ``make_moons`` draws them.

    Class 0: :math:`(\cos t, \sin t)`; class 1: :math:`(1 - \cos t, \tfrac12 - \sin t)`; :math:`t`
    uniform on :math:`[0, \pi]`, plus :math:`\text{noise}\cdot\varepsilon`,
    :math:`\varepsilon \sim \mathcal N(0, I)`. Each moon reaches into the other's hollow, so no line
    separates them.

    Parameters
    ----------
    n_samples : int, default=200
        Number of points, ``>= 2``.
    noise : float, default=0.1
        Standard deviation of the noise added to each coordinate, ``>= 0``.
    rng : numpy.random.Generator, int or None
        Source of the labels' order, the positions along the moons and the noise.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> X, y = moons(200, noise=0.0, rng=0)
    >>> X.shape, int(y.sum())
    ((200, 2), 100)
    >>> bool(np.allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1.0))   # class 0: on the unit circle
    True
    """
    n_samples, noise, y, rng = _two_class_setup(n_samples, noise, rng, "moons")
    t = rng.uniform(0.0, np.pi, n_samples)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 0, upper, lower)
    return X + noise * rng.standard_normal(X.shape), y


def spirals(
    n_samples: int = 200, noise: float = 0.1, *, turns: float = 1.5,
    rng: np.random.Generator | int | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""Two interleaved spirals, one per class, each the other turned by half a turn.

    A point at position :math:`s` uniform on :math:`[0, 1]` along its spiral has radius
    :math:`r = 0.1 + 0.9 s` and angle :math:`\theta = 2\pi \cdot \text{turns} \cdot s + \pi y`:
    :math:`x = r(\cos\theta, \sin\theta) + \text{noise}\cdot\varepsilon`,
    :math:`\varepsilon \sim \mathcal N(0, I)`. Along any ray the arms alternate between the classes,
    :math:`0.45/\text{turns}` apart, so the boundary winds with them: the hardest of these data sets.

    Parameters
    ----------
    n_samples : int, default=200
        Number of points, ``>= 2``.
    noise : float, default=0.1
        Standard deviation of the noise added to each coordinate, ``>= 0``.
    turns : float, default=1.5
        Number of turns of each spiral, ``> 0``.
    rng : numpy.random.Generator, int or None
        Source of the labels' order, the positions along the spirals and the noise.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> X, y = spirals(100, noise=0.0, rng=0)
    >>> r = np.hypot(X[:, 0], X[:, 1])
    >>> bool(r.min() >= 0.1 and r.max() <= 1.0)
    True
    """
    owner = "spirals"
    n_samples, noise, y, rng = _two_class_setup(n_samples, noise, rng, owner)
    turns = check_scalar(turns, "turns", owner, low=0, include_low=False)
    s = rng.uniform(0.0, 1.0, n_samples)
    radius = 0.1 + 0.9 * s
    theta = 2.0 * np.pi * turns * s + np.pi * y
    X = radius[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])
    return X + noise * rng.standard_normal(X.shape), y


def blobs(
    n_samples: int = 200, noise: float = 0.1, *, distance: float = 2.0,
    rng: np.random.Generator | int | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""Two Gaussian blobs: class 0 around :math:`-\mu`, class 1 around :math:`\mu`.

    :math:`\mu = \tfrac{\text{distance}}{2\sqrt 2}(1, 1)`, so the centres are ``distance`` apart on the
    diagonal, and each point is its centre plus :math:`\text{noise}\cdot\varepsilon`,
    :math:`\varepsilon \sim \mathcal N(0, I)`: ``noise`` is each blob's standard deviation. The line
    :math:`x_1 + x_2 = 0` separates the centres; the only data set here a linear model can solve.

    Parameters
    ----------
    n_samples : int, default=200
        Number of points, ``>= 2``.
    noise : float, default=0.1
        Standard deviation of each blob, ``>= 0``.
    distance : float, default=2.0
        Distance between the two centres, ``>= 0``.
    rng : numpy.random.Generator, int or None
        Source of the labels' order and of the points.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> X, y = blobs(4, noise=0.0, rng=0)
    >>> np.round(X[np.argsort(y)], 4).tolist()
    [[-0.7071, -0.7071], [-0.7071, -0.7071], [0.7071, 0.7071], [0.7071, 0.7071]]
    """
    owner = "blobs"
    n_samples, noise, y, rng = _two_class_setup(n_samples, noise, rng, owner)
    distance = check_scalar(distance, "distance", owner, low=0)
    mu = distance / (2.0 * np.sqrt(2.0)) * np.ones(2)
    X = np.where(y[:, None] == 1, mu, -mu)
    return X + noise * rng.standard_normal(X.shape), y


_GENERATORS: dict[str, Callable[..., tuple[NDArray[np.float64], NDArray[np.int64]]]] = {
    "xor": xor, "circles": circles, "moons": moons, "spirals": spirals, "blobs": blobs,
}

#: Names accepted by :func:`get_dataset`: the two-class point clouds of the playground chapter.
DATASETS: tuple[str, ...] = tuple(_GENERATORS)


def get_dataset(
    name: str, n_samples: int = 200, noise: float = 0.1, *, rng: np.random.Generator | int | None = None,
    **params: float,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""Generate the two-class data set called ``name``: ``X`` of shape ``(n_samples, 2)``, ``y`` in {0, 1}.

    Introduced in: the playground chapter.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`: ``"xor"``, ``"circles"``, ``"moons"``, ``"spirals"``, ``"blobs"``.
    n_samples : int, default=200
        Number of points (for ``"xor"`` too: a noisy cloud, never only the four corners).
    noise : float, default=0.1
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : numpy.random.Generator, int or None
        Source of every random number.
    **params
        The generator's own parameters: ``factor`` (circles), ``turns`` (spirals), ``distance`` (blobs).

    Raises
    ------
    ValueError
        If ``name`` is unknown (the message lists the choices).
    TypeError
        If ``params`` holds a parameter that generator does not have.

    Examples
    --------
    >>> X, y = get_dataset("spirals", n_samples=50, rng=0)
    >>> X.shape, X.dtype, sorted(set(y.tolist()))
    ((50, 2), dtype('float64'), [0, 1])
    >>> X2, y2 = get_dataset("spirals", n_samples=50, rng=0)
    >>> bool(np.array_equal(X, X2) and np.array_equal(y, y2))    # seeded: the same data again
    True
    """
    owner = "get_dataset"
    n_samples = check_scalar(n_samples, "n_samples", owner, low=2, integer=True)  # named after get_dataset
    noise = check_scalar(noise, "noise", owner, low=0)
    rng = check_rng(rng, "rng", owner)
    return create_from_registry(_GENERATORS, name, params, owner, what="parameters",
                                fixed={"n_samples": n_samples, "noise": noise, "rng": rng})


def train_test_split(
    X: ArrayLike, y: ArrayLike, test_size: float = 0.25, *, stratify: bool = True,
    rng: np.random.Generator | int | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    r"""Split a labelled data set at random into a training part and a held-out test part.

    Introduced in: the playground chapter.

    Returns the four arrays in scikit-learn's order. With ``stratify=True`` each class is split on its
    own, so both parts keep the class proportions: :math:`\operatorname{round}(\text{test\_size}\cdot
    n_c)` points of each class :math:`c` go to the test part. Within each part the rows are shuffled.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
        Integer class labels.
    test_size : float, default=0.25
        Fraction of the points held out, in ``(0, 1)``; each part must get at least one point.
    stratify : bool, default=True
        Split each class separately (True) or all points together (False).
    rng : numpy.random.Generator, int or None
        Source of the random split.

    Returns
    -------
    X_train, X_test : ndarray of shape (n_train, n_features), (n_test, n_features)
    y_train, y_test : ndarray of shape (n_train,), (n_test,)

    Examples
    --------
    >>> X, y = get_dataset("moons", n_samples=100, rng=0)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, rng=0)
    >>> X_train.shape, X_test.shape, int(y_test.sum())
    ((80, 2), (20, 2), 10)
    """
    owner = "train_test_split"
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False)
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != X.shape[0] or y.dtype.kind not in "iu":
        raise ValueError(f"The 'y' parameter of {owner} must be an integer array of shape ({X.shape[0]},), "
                         f"one label per row of X. Got an array of shape {y.shape} and dtype {y.dtype} instead.")
    test_size = check_scalar(test_size, "test_size", owner, low=0, high=1,
                             include_low=False, include_high=False)
    rng = check_rng(rng, "rng", owner)
    stratify = check_bool(stratify, "stratify", owner)
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(y.size)]
    test_parts, train_parts = [], []
    for rows in groups:
        rows = rng.permutation(rows)
        n_test = int(round(test_size * rows.size))
        test_parts.append(rows[:n_test])
        train_parts.append(rows[n_test:])
    test, train = rng.permutation(np.concatenate(test_parts)), rng.permutation(np.concatenate(train_parts))
    if test.size == 0 or train.size == 0:
        raise ValueError(f"The 'test_size' parameter of {owner} must leave at least one point in each part. "
                         f"Got {test_size!r} for {y.size} points: {test.size} test, {train.size} train.")
    return X[train], X[test], y[train], y[test]


#: Hand-made features of the playground, by name: functions of the two inputs, as in TensorFlow Playground.
#:
#: :meta hide-value:
FEATURES: dict[str, Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


def hand_features(
    X: ArrayLike, names: Sequence[str] = ("x1", "x2", "x1^2", "x2^2", "x1*x2")
) -> NDArray[np.float64]:
    r"""The hand-made features ``names`` (keys of :data:`FEATURES`) of two-dimensional inputs, one per column.

    Introduced in: the playground chapter.

    A linear model on :math:`(x_1, x_2, x_1^2, x_2^2, x_1 x_2)` has a quadratic decision boundary
    :math:`w_1 x_1 + w_2 x_2 + w_3 x_1^2 + w_4 x_2^2 + w_5 x_1 x_2 + b = 0`: a circle or an ellipse
    (circles), a pair of lines (XOR). A hidden layer learns its own features instead.

    Parameters
    ----------
    X : array_like of shape (n_samples, 2)
        The inputs :math:`(x_1, x_2)`.
    names : sequence of str
        Feature names, each a key of :data:`FEATURES`, in the order of the output columns.

    Returns
    -------
    ndarray of shape (n_samples, len(names))

    Examples
    --------
    >>> hand_features([[2.0, 3.0]]).tolist()
    [[2.0, 3.0, 4.0, 9.0, 6.0]]
    >>> hand_features([[2.0, 3.0]], ["x1*x2"]).tolist()
    [[6.0]]
    """
    owner = "hand_features"
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64, copy=False)
    if X.shape[1] != 2:
        raise ValueError(f"The 'X' parameter of {owner} must have 2 columns (x1, x2). Got an array of shape "
                         f"{X.shape} instead.")
    if not isinstance(names, Iterable):
        raise TypeError(f"The 'names' parameter of {owner} must be a non-empty sequence of feature names. "
                        f"Got {describe(names)} instead.")
    names = names if isinstance(names, str) else tuple(names)
    if isinstance(names, str) or not names:
        raise ValueError(f"The 'names' parameter of {owner} must be a non-empty sequence of feature names. "
                         f"Got {names!r} instead.")
    for name in names:
        check_choice(name, "names", owner, tuple(FEATURES))
    return np.column_stack([FEATURES[name](X[:, 0], X[:, 1]) for name in names])


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
