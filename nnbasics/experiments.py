r"""Seeded experiments: models compared on the same train/test splits, and a small hyperparameter grid.

Introduced in: the first-network chapter (book/first_network.ipynb).

One train/test split is one draw: on a few hundred samples the test error of the same model moves by
more between two splits than between two good models on one split. :func:`compare_on_splits` therefore
fits every model on the same splits, one per seed, and reports the mean and standard deviation of the
test score over the seeds, and on how many splits each model was the best.

Every model is a :class:`sklearn.pipeline.Pipeline` that standardises the features with statistics of
the training split only (:func:`model_zoo`): fitting the pipeline fits the scaler on the training data,
and the test data are only transformed with it.

Like :mod:`nnbasics.network`, this module needs scikit-learn.

Examples
--------
>>> from sklearn.datasets import load_diabetes
>>> X, y = load_diabetes(return_X_y=True)
>>> result = compare_on_splits(lambda seed: {"linear": model_zoo("regression", seed)["linear regression"]},
...                            X, y, seeds=range(3))
>>> result.scores["linear"].shape, result.metric
((3,), 'mse')
>>> print(result.table())
linear: test MSE 3170 ± 230 (best on 3 of 3 splits)
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression
from sklearn.metrics import accuracy_score, mean_squared_error
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from nnbasics._validation import as_float_array, check_bool, check_choice, check_scalar, describe
from nnbasics.activations import ACTIVATIONS
from nnbasics.network import MLPClassifier, MLPRegressor

__all__ = ["METRICS", "Comparison", "GridRun", "compare_on_splits", "model_zoo", "standardized_split", "train_grid"]

#: The largest seed scikit-learn accepts as ``random_state``.
_MAX_SEED = 2**32 - 1
#: Activations both networks of :func:`model_zoo` have, with scikit-learn's name for each.
_SKLEARN_ACTIVATIONS = {"identity": "identity", "sigmoid": "logistic", "tanh": "tanh", "relu": "relu"}

#: Test metrics by name: the function ``metric(y_true, y_pred)`` and whether larger is better.
METRICS: dict[str, tuple[Callable[[Any, Any], float], bool]] = {
    "mse": (mean_squared_error, False),
    "accuracy": (accuracy_score, True),
}


def model_zoo(task: str, random_state: int, *, hidden_layer_sizes: tuple[int, ...] = (10,), lr: float = 0.01,
              n_epochs: int = 100, batch_size: int = 32, activation: str = "relu", alpha: float = 0.0,
              init: str | None = None) -> dict[str, Any]:
    """The models the chapter compares, each standardising its features inside a pipeline.

    Our network and scikit-learn's get the same architecture and training: Adam with learning rate ``lr``,
    ``n_epochs`` passes over the data in shuffled mini-batches of ``batch_size``, L2 penalty ``alpha``.
    scikit-learn's is told to run all ``n_epochs`` (``tol=0``, no early stop). The two still differ in
    their initial weights unless ``init="glorot"`` (ours by default: He for ReLU hidden layers;
    scikit-learn's: Glorot uniform) and scikit-learn's regressor minimises half the squared error. The
    regressors learn a standardised target
    (:class:`~sklearn.compose.TransformedTargetRegressor`, training statistics again) and predict in the
    original units; the linear model (least squares) does not need it.

    Parameters
    ----------
    task : {"regression", "classification"}
    random_state : int
        Seed of the networks' initial weights and shuffles.
    hidden_layer_sizes, lr, n_epochs, batch_size, activation, alpha
        As in :class:`nnbasics.network.MLPRegressor`.
    init : str or None
        ``init`` of our networks (:class:`nnbasics.network.MLPRegressor`); scikit-learn's always use
        Glorot's uniform scheme.

    Returns
    -------
    dict of str to estimator
        Regression: "linear regression", "nnbasics MLPRegressor", "scikit-learn MLPRegressor".
        Classification: "nnbasics MLPClassifier", "scikit-learn MLPClassifier".

    Examples
    --------
    >>> list(model_zoo("classification", 0))
    ['nnbasics MLPClassifier', 'scikit-learn MLPClassifier']
    """
    owner = "model_zoo"
    check_choice(task, "task", owner, ("regression", "classification"))
    random_state = check_scalar(random_state, "random_state", owner, low=0, high=_MAX_SEED, integer=True)
    activation = check_choice(activation, "activation", owner, tuple(_SKLEARN_ACTIVATIONS))
    ours = dict(hidden_layer_sizes=hidden_layer_sizes, activation=activation, optimizer="adam", lr=lr,
                n_epochs=n_epochs, batch_size=batch_size, alpha=alpha, init=init, random_state=random_state)
    _check_network_options(MLPRegressor(**ours), owner)
    hidden_layer_sizes = tuple(int(h) for h in np.atleast_1d(hidden_layer_sizes))
    lr, alpha = float(lr), float(alpha)
    theirs = dict(hidden_layer_sizes=hidden_layer_sizes, activation=_SKLEARN_ACTIVATIONS[activation],
                  solver="adam",
                  learning_rate_init=lr, max_iter=n_epochs, batch_size=batch_size, alpha=alpha, tol=0.0,
                  n_iter_no_change=n_epochs + 1, random_state=random_state)
    if task == "classification":
        return {"nnbasics MLPClassifier": make_pipeline(StandardScaler(), MLPClassifier(**ours)),
                "scikit-learn MLPClassifier": make_pipeline(StandardScaler(), SkMLPClassifier(**theirs))}

    def scaled_target(model: Any) -> Any:
        return make_pipeline(StandardScaler(), TransformedTargetRegressor(model, transformer=StandardScaler()))

    return {"linear regression": make_pipeline(StandardScaler(), LinearRegression()),
            "nnbasics MLPRegressor": scaled_target(MLPRegressor(**ours)),
            "scikit-learn MLPRegressor": scaled_target(SkMLPRegressor(**theirs))}


def _check_network_options(model: Any, owner: str) -> None:
    """The hyperparameters of one of our networks, checked and named as parameters of ``owner``."""
    model._check_hyperparameters(owner)
    model._make_optimizer(owner)


def _check_data(X: ArrayLike, y: ArrayLike, owner: str, names: tuple[str, str] = ("X", "y"),
                y_ndim: int | tuple[int, ...] = 1) -> tuple[NDArray[np.float64], NDArray[Any]]:
    """``X`` of shape (n, d), n >= 1, and ``y`` with one finite real target per row; float64 (int labels kept)."""
    X = as_float_array(X, names[0], owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64)
    y_checked = as_float_array(y, names[1], owner, ndim=y_ndim, allow_nan=False, allow_inf=False)
    y = np.asarray(y)
    y = y if y.dtype.kind in "iu" else y_checked.astype(np.float64)  # integer class labels stay integers
    if len(X) == 0 or len(y) != len(X):
        raise ValueError(f"The '{names[1]}' parameter of {owner} must hold one target per row of "
                         f"'{names[0]}', with at least one row. Got {len(y)} targets for {len(X)} rows instead.")
    return X, y


def _check_split(n: int, test_size: object, owner: str) -> float:
    """A test fraction in (0, 1) that leaves at least one row in each part, as train_test_split cuts."""
    test_size = check_scalar(test_size, "test_size", owner, low=0, high=1, include_low=False,
                             include_high=False)
    n_test = int(np.ceil(test_size * n))
    if n_test < 1 or n - n_test < 1:
        raise ValueError(f"The 'test_size' parameter of {owner} must leave at least one row in each part of "
                         f"{n} rows. Got {test_size!r} instead.")
    return test_size


def _check_seed(seed: object, name: str, owner: str) -> int:
    return check_scalar(seed, name, owner, low=0, high=_MAX_SEED, integer=True)


def standardized_split(X: ArrayLike, y: ArrayLike, seed: int, *, test_size: float = 0.2
                       ) -> tuple[NDArray[np.float64], ...]:
    r"""Split, then standardise features and target with the mean and deviation of the training part.

    .. math::

        x' = \frac{x - \mu_{\text{train}}}{\sigma_{\text{train}}}

    per column, for training and test rows alike (the test rows never influence :math:`\mu, \sigma`).

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        Standardised.
    y_mean, y_std : float
        The training target's mean and standard deviation, to go back to the original units:
        :math:`y = y' \sigma + \mu`; a mean squared error scales by :math:`\sigma^2`.

    Examples
    --------
    >>> X = np.arange(10.0).reshape(5, 2)
    >>> X_train, X_test, y_train, y_test, y_mean, y_std = standardized_split(X, X[:, 0], seed=0)
    >>> X_train.mean(axis=0).round(12), X_train.std(axis=0), y_test.shape
    (array([0., 0.]), array([1., 1.]), (1,))
    """
    owner = "standardized_split"
    X, y = _check_data(X, y, owner)
    y = y.astype(np.float64)
    seed = _check_seed(seed, "seed", owner)
    test_size = _check_split(len(X), test_size, owner)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=seed)
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    sigma = np.where(sigma > 0, sigma, 1.0)              # a constant column stays 0
    y_mean, y_std = float(y_train.mean()), float(y_train.std())
    if y_std == 0:
        raise ValueError(f"The 'y' parameter of {owner} must vary across the training rows: their standard "
                         f"deviation divides. Got {y_train.size} training target(s) all equal to {y_mean!r} "
                         f"instead.")
    return ((X_train - mu) / sigma, (X_test - mu) / sigma, (y_train - y_mean) / y_std,
            (y_test - y_mean) / y_std, y_mean, y_std)


@dataclass
class Comparison:
    """Test scores of several models on the same splits (see :func:`compare_on_splits`).

    Attributes
    ----------
    metric : str
        A name of :data:`METRICS`.
    seeds : tuple of int
        One split (and one model seed) per entry.
    scores : dict of str to ndarray of shape (n_seeds,)
        The test score of each model on each split.
    fitted : dict of str to estimator
        The models fitted on the first split.
    split : tuple of 4 arrays
        ``(X_train, X_test, y_train, y_test)`` of the first split.
    """

    metric: str
    seeds: tuple[int, ...]
    scores: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    fitted: dict[str, Any] = field(default_factory=dict)
    split: tuple[NDArray[Any], ...] = ()

    def wins(self) -> dict[str, int]:
        """On how many splits each model had the best score (ties count for each of them)."""
        table = np.array(list(self.scores.values()))
        best = table.max(axis=0) if METRICS[self.metric][1] else table.min(axis=0)
        return {name: int(np.sum(row == best)) for name, row in zip(self.scores, table)}

    def summary(self) -> dict[str, tuple[float, float]]:
        """Mean and sample standard deviation (``ddof=1``; 0 for one seed) of each model's scores."""
        return {name: (float(s.mean()), float(s.std(ddof=1)) if len(s) > 1 else 0.0)
                for name, s in self.scores.items()}

    def table(self) -> str:
        """One line per model: mean ± standard deviation, rounded to what the seeds can tell apart.

        MSE to the nearest 10, accuracy to 0.1 percentage points: finer digits change with the BLAS
        build, and are far below the spread between splits anyway.
        """
        wins, n = self.wins(), len(self.seeds)
        lines = []
        for name, (mean, std) in self.summary().items():
            if self.metric == "mse":
                value = f"test MSE {round(mean, -1):.0f} ± {round(std, -1):.0f}"
            else:
                value = f"test accuracy {100 * mean:.1f}% ± {100 * std:.1f}"
            lines.append(f"{name}: {value} (best on {wins[name]} of {n} splits)")
        return "\n".join(lines)


def _fit_quietly(model: Any, X: ArrayLike, y: ArrayLike) -> Any:
    """Fit; scikit-learn's MLPs warn that they stopped at ``max_iter``, which is exactly what we asked."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


def compare_on_splits(make_models: Callable[[int], Mapping[str, Any]], X: ArrayLike, y: ArrayLike,
                      seeds: Iterable[int], *, metric: str = "mse", test_size: float = 0.2,
                      stratify: bool = False) -> Comparison:
    """Fit every model of ``make_models(seed)`` on the split of each seed and score it on its test part.

    Parameters
    ----------
    make_models : callable
        ``make_models(seed) -> {name: estimator}``; fresh (unfitted) estimators, seeded with ``seed``.
    X, y : array_like
        All the data; ``sklearn.model_selection.train_test_split`` with ``random_state=seed`` cuts
        it, the same way for every model.
    seeds : iterable of int
        One split per seed.
    metric : {"mse", "accuracy"}
    test_size : float in (0, 1)
    stratify : bool
        Keep the class proportions in both parts (classification).

    Returns
    -------
    Comparison
    """
    owner = "compare_on_splits"
    if not callable(make_models):
        raise TypeError(f"The 'make_models' parameter of {owner} must be callable, make_models(seed) -> "
                        f"{{name: estimator}}. Got {describe(make_models)} instead.")
    check_choice(metric, "metric", owner, tuple(METRICS))
    X, y = _check_data(X, y, owner)
    test_size = _check_split(len(X), test_size, owner)
    stratify = check_bool(stratify, "stratify", owner)
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise TypeError(f"The 'seeds' parameter of {owner} must be a sequence of seeds such as range(5). "
                        f"Got {describe(seeds)} instead.")
    seeds = tuple(_check_seed(s, "seeds", owner) for s in seeds)
    if not seeds:
        raise ValueError(f"The 'seeds' parameter of {owner} must hold at least one seed. Got none instead.")
    score = METRICS[metric][0]
    result = Comparison(metric, seeds)
    for seed in seeds:
        try:
            split = train_test_split(X, y, test_size=test_size, random_state=seed,
                                     stratify=y if stratify else None)
        except ValueError as exc:  # stratify: a class with a single member cannot be in both parts
            raise ValueError(f"The 'stratify' parameter of {owner} must be False unless every class of y has "
                             f"at least two members. Got True instead: {exc}") from exc
        X_train, X_test, y_train, y_test = split
        models = make_models(seed)
        if not isinstance(models, Mapping) or not models or not all(
                callable(getattr(m, "fit", None)) and callable(getattr(m, "predict", None))
                for m in models.values()):
            raise TypeError(f"The 'make_models' parameter of {owner} must return a non-empty dict of "
                            f"estimators (with fit and predict). Got {describe(models)} instead.")
        for name, model in models.items():
            model = _fit_quietly(clone(model), X_train, y_train)
            result.scores.setdefault(name, []).append(score(y_test, model.predict(X_test)))  # type: ignore[attr-defined]
            if seed == seeds[0]:
                result.fitted[name] = model
                result.split = tuple(split)
    result.scores = {name: np.array(s, dtype=np.float64) for name, s in result.scores.items()}
    return result


@dataclass(frozen=True)
class GridRun:
    """One run of :func:`train_grid`: the losses per epoch and the final test loss.

    Attributes
    ----------
    loss : ndarray
        Training loss per epoch; a diverged run stops early, at the epoch whose loss blew up.
    test_loss : ndarray
        Loss on the test data per epoch.
    diverged : bool
    """

    loss: NDArray[np.float64]
    test_loss: NDArray[np.float64]
    diverged: bool

    @property
    def final_test_loss(self) -> float:
        """The test loss after the last epoch (inf if the run diverged)."""
        return float(self.test_loss[-1]) if not self.diverged else float("inf")


def train_grid(X_train: ArrayLike, y_train: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, *,
               hidden: Sequence[int], activations: Sequence[str], lrs: Sequence[float],
               random_state: int = 0, **params: Any) -> dict[tuple[int, str, float], GridRun]:
    """Train one :class:`~nnbasics.network.MLPRegressor` per (hidden units, activation, learning rate).

    Every run starts from the same seed and sees the same data; the test data only ever measure
    (``eval_set``). Data are used as given: standardise them first.

    Parameters
    ----------
    X_train, y_train, X_test, y_test : array_like
    hidden : sequence of int
        Units of the one hidden layer.
    activations : sequence of str
    lrs : sequence of float
    random_state : int
    **params
        Any other parameter of :class:`~nnbasics.network.MLPRegressor` (``n_epochs``, ``batch_size``...).

    Returns
    -------
    dict of (int, str, float) to GridRun

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = X[:, 0] - X[:, 1]
    >>> runs = train_grid(X[:40], y[:40], X[40:], y[40:], hidden=[4], activations=["tanh"],
    ...                   lrs=[0.01, 10.0], optimizer="sgd", n_epochs=5)
    >>> [(key[2], run.diverged, len(run.loss), round(run.final_test_loss, 2)) for key, run in runs.items()]
    [(0.01, False, 5, 0.41), (10.0, True, 3, inf)]
    """
    owner = "train_grid"
    X_train, y_train = _check_data(X_train, y_train, owner, ("X_train", "y_train"), (1, 2))
    X_test, y_test = _check_data(X_test, y_test, owner, ("X_test", "y_test"), (1, 2))
    for name, test, train in (("X_test", X_test, X_train), ("y_test", y_test, y_train)):
        if test.shape[1:] != train.shape[1:]:
            want = "(n" + "".join(f", {d}" for d in train.shape[1:]) + (",)" if train.ndim == 1 else ")")
            raise ValueError(f"The '{name}' parameter of {owner} must have the columns of {name[0]}_train, shape "
                             f"{want}. Got {describe(test)} instead.")
    for name, values, example in (("hidden", hidden, "[4, 16]"), ("activations", activations, '["relu"]'),
                                  ("lrs", lrs, "[0.01, 0.1]")):
        if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)) or not len(values):
            raise TypeError(f"The '{name}' parameter of {owner} must be a non-empty sequence such as {example}. "
                            f"Got {describe(values)} instead.")
    hidden = [check_scalar(h, "hidden", owner, low=1, integer=True) for h in hidden]
    activations = [check_choice(a, "activations", owner, ACTIVATIONS) for a in activations]
    lrs = [check_scalar(lr, "lrs", owner, low=0, include_low=False) for lr in lrs]
    random_state = _check_seed(random_state, "random_state", owner)
    accepted = set(inspect.signature(MLPRegressor).parameters) - {"hidden_layer_sizes", "activation", "lr",
                                                                   "random_state"}
    unknown = sorted(set(params) - accepted)
    if unknown:
        raise TypeError(f"The 'params' parameter of {owner} must only hold parameters of MLPRegressor "
                        f"(accepted: {', '.join(sorted(accepted))}). Got {', '.join(map(repr, unknown))} instead.")
    _check_network_options(MLPRegressor(**params), owner)
    runs = {}
    for h in hidden:
        for activation in activations:
            for lr in lrs:
                model = MLPRegressor((h,), activation=activation, lr=lr, random_state=random_state, **params)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)   # divergence: recorded below
                    model.fit(X_train, y_train, eval_set=(X_test, y_test))
                n = len(model.loss_curve_)
                runs[(h, activation, lr)] = GridRun(np.asarray(model.loss_curve_, dtype=np.float64),
                                                    np.asarray(model.eval_loss_curve_[:n], dtype=np.float64),
                                                    bool(model.diverged_))
    return runs
