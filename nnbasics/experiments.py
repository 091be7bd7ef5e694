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

from nnbasics._validation import check_choice, check_scalar
from nnbasics.network import MLPClassifier, MLPRegressor

__all__ = ["METRICS", "Comparison", "GridRun", "compare_on_splits", "model_zoo", "standardized_split", "train_grid"]

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
    check_choice(task, "task", "model_zoo", ("regression", "classification"))
    ours = dict(hidden_layer_sizes=hidden_layer_sizes, activation=activation, optimizer="adam", lr=lr,
                n_epochs=n_epochs, batch_size=batch_size, alpha=alpha, init=init, random_state=random_state)
    theirs = dict(hidden_layer_sizes=hidden_layer_sizes, activation=activation, solver="adam",
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
    X_train, X_test, y_train, y_test = train_test_split(np.asarray(X, dtype=np.float64),
                                                        np.asarray(y, dtype=np.float64),
                                                        test_size=test_size, random_state=seed)
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    sigma = np.where(sigma > 0, sigma, 1.0)              # a constant column stays 0
    y_mean, y_std = float(y_train.mean()), float(y_train.std())
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
    check_choice(metric, "metric", "compare_on_splits", tuple(METRICS))
    check_scalar(test_size, "test_size", "compare_on_splits", low=0, high=1, include_low=False,
                 include_high=False)
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("The 'seeds' parameter of compare_on_splits must hold at least one seed. "
                         "Got none instead.")
    X, y = np.asarray(X), np.asarray(y)
    score = METRICS[metric][0]
    result = Comparison(metric, seeds)
    for seed in seeds:
        split = train_test_split(X, y, test_size=test_size, random_state=seed,
                                 stratify=y if stratify else None)
        X_train, X_test, y_train, y_test = split
        for name, model in make_models(seed).items():
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
