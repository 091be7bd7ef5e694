r"""Evaluating a trained model honestly: held-out scores, their spread, and the ways an estimate leaks.

Introduced in: the evaluation chapter (book/evaluation.ipynb).

The metrics themselves are scikit-learn's (``sklearn.metrics``); this module adds only what
scikit-learn does not have, and one metric written out to teach it:

* :func:`roc_points`, the ROC curve computed by sorting the scores, tested against
  ``sklearn.metrics.roc_curve``;
* :func:`threshold_point`, the confusion matrix, precision, recall and false-positive rate at one
  decision threshold (what the chapter's threshold figure shows);
* :func:`choose_by_test`, what choosing among models by their test score does to that score;
* :func:`leakage`, cross-validation with a preprocessing step fitted on all the data against the same
  step fitted inside each training fold;
* :func:`paired_comparison`, two models scored on the same folds: the per-fold differences, a paired
  *t* statistic and the Nadeau–Bengio correction for folds that share their training data.

Like :mod:`nnbasics.network`, this module builds on scikit-learn (and SciPy, one of its dependencies).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import _fmt, as_float_array, check_instance, check_rng, check_scalar

__all__ = ["roc_points", "ThresholdPoint", "threshold_point", "ChosenByTest", "choose_by_test",
           "Leakage", "leakage", "PairedComparison", "paired_comparison"]


def _labels_and_scores(y_true: ArrayLike, scores: ArrayLike, owner: str, scores_name: str = "scores"
                       ) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Binary labels (0/1, both present) and finite scores of the same length, as arrays."""
    y = as_float_array(y_true, "y_true", owner, allow_nan=False, allow_inf=False, ndim=1)
    s = as_float_array(scores, scores_name, owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"The 'y_true' parameter of {owner} must hold binary labels 0 and 1 (1 = the positive "
                         f"class). Got the values {np.unique(y)[:5].tolist()} instead.")
    if len(s) != len(y):
        raise ValueError(f"The '{scores_name}' parameter of {owner} must hold one score per label of 'y_true' "
                         f"({len(y)}). Got {len(s)} instead.")
    if y.size == 0 or y.min() == y.max():
        raise ValueError(f"The 'y_true' parameter of {owner} must hold both classes, 0 and 1: rates of "
                         f"positives and negatives need some of each. Got {_fmt(y)} instead.")
    return y.astype(np.intp), s


def roc_points(y_true: ArrayLike, scores: ArrayLike
               ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    r"""The ROC curve of ``scores`` for labels ``y_true``: one point per distinct score, by sorting.

    Predicting "positive" when the score is at least a threshold :math:`t` gives the true- and
    false-positive rates

    .. math::

        \mathrm{TPR}(t) = \frac{\#\{i : y_i = 1,\ s_i \ge t\}}{\#\{i : y_i = 1\}}, \qquad
        \mathrm{FPR}(t) = \frac{\#\{i : y_i = 0,\ s_i \ge t\}}{\#\{i : y_i = 0\}}.

    Sorting the scores from the largest down and counting the positives and negatives met so far gives
    both for every distinct threshold at once. The curve starts at (0, 0) with the threshold
    :math:`+\infty` (nothing is called positive), as scikit-learn's ``roc_curve`` does.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        Labels 0 and 1 (1 = the positive class), both present.
    scores : array_like of shape (n_samples,)
        Finite scores, larger meaning "more likely positive" (e.g. ``predict_proba(X)[:, 1]``).

    Returns
    -------
    fpr, tpr, thresholds : ndarray of shape (n_distinct + 1,)
        The same arrays as ``sklearn.metrics.roc_curve(y_true, scores, drop_intermediate=False)``.

    Examples
    --------
    >>> fpr, tpr, thr = roc_points([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr, tpr
    (array([0. , 0. , 0.5, 0.5, 1. ]), array([0. , 0.5, 0.5, 1. , 1. ]))
    >>> thr
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    >>> float(np.trapezoid(tpr, fpr))    # the area under the curve, AUC
    0.75
    """
    y, s = _labels_and_scores(y_true, scores, "roc_points")
    order = np.argsort(-s, kind="mergesort")        # largest score first, ties in input order
    y, s = y[order], s[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # the last sample of each run of equal scores
    tp = np.cumsum(y)[last]                         # positives with score >= s[last]
    fp = (last + 1) - tp                            # the rest of them are negatives
    tpr = np.r_[0.0, tp / tp[-1]]
    fpr = np.r_[0.0, fp / fp[-1]]
    return fpr, tpr, np.r_[np.inf, s[last]]


@dataclass(frozen=True)
class ThresholdPoint:
    """The confusion matrix and the rates of one decision threshold (see :func:`threshold_point`)."""

    threshold: float
    tn: int
    fp: int
    fn: int
    tp: int

    @property
    def confusion(self) -> NDArray[np.int64]:
        """``[[tn, fp], [fn, tp]]``: rows are the true class, columns the prediction (as scikit-learn)."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]])

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing is called positive (no false alarm was raised)."""
        called = self.tp + self.fp
        return self.tp / called if called else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN), the true-positive rate."""
        return self.tp / (self.tp + self.fn)

    @property
    def fpr(self) -> float:
        """FP / (FP + TN), the false-positive rate."""
        return self.fp / (self.fp + self.tn)


def threshold_point(y_true: ArrayLike, scores: ArrayLike, threshold: float) -> ThresholdPoint:
    r"""The confusion matrix at one decision threshold: predict 1 where ``scores >= threshold``.

    .. math::

        \text{precision} = \frac{TP}{TP + FP}, \qquad \text{recall} = \mathrm{TPR} = \frac{TP}{TP + FN},
        \qquad \mathrm{FPR} = \frac{FP}{FP + TN}.

    The counts come from ``sklearn.metrics.confusion_matrix``.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        Labels 0 and 1, both present.
    scores : array_like of shape (n_samples,)
        Finite scores.
    threshold : float
        The decision threshold (any real number).

    Returns
    -------
    ThresholdPoint

    Examples
    --------
    >>> p = threshold_point([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.3)
    >>> p.confusion.tolist(), p.precision, p.recall, p.fpr
    ([[1, 1], [0, 2]], 0.6666666666666666, 1.0, 0.5)
    """
    from sklearn.metrics import confusion_matrix

    y, s = _labels_and_scores(y_true, scores, "threshold_point")
    threshold = check_scalar(threshold, "threshold", "threshold_point")
    (tn, fp), (fn, tp) = confusion_matrix(y, (s >= threshold).astype(np.intp), labels=[0, 1])
    return ThresholdPoint(float(threshold), int(tn), int(fp), int(fn), int(tp))


def _check_xy(X: ArrayLike, y: ArrayLike, names: tuple[str, str], owner: str
              ) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """Finite features of shape (n, n_features) and n finite numeric targets (class labels or values)."""
    X_arr = as_float_array(X, names[0], owner, allow_nan=False, allow_inf=False, ndim=2)
    y_arr = as_float_array(y, names[1], owner, allow_nan=False, allow_inf=False, ndim=1)
    if len(y_arr) != len(X_arr) or len(X_arr) == 0:
        raise ValueError(f"The '{names[1]}' parameter of {owner} must hold one target per row of "
                         f"'{names[0]}' ({len(X_arr)}, at least 1). Got {len(y_arr)} instead.")
    return X_arr, y_arr


def _check_estimator(model: Any, name: str, owner: str) -> Any:
    return check_instance(model, name, owner, ("fit", "score"), "MLPClassifier((16,))")


@dataclass(frozen=True)
class ChosenByTest:
    """Scores of several candidate models on a test set and on fresh data (see :func:`choose_by_test`)."""


    test_scores: NDArray[np.float64]
    fresh_scores: NDArray[np.float64]

    @property
    def chosen(self) -> int:
        """Index of the candidate with the best test score (the first, on a tie)."""
        return int(np.argmax(self.test_scores))

    @property
    def reported(self) -> float:
        """The best test score: what one reports after choosing by the test set."""
        return float(self.test_scores[self.chosen])

    @property
    def fresh(self) -> float:
        """The chosen candidate's score on data that played no part in the choice."""
        return float(self.fresh_scores[self.chosen])


def choose_by_test(candidates: list[Any], X_train: ArrayLike, y_train: ArrayLike, X_test: ArrayLike,
                   y_test: ArrayLike, X_fresh: ArrayLike, y_fresh: ArrayLike) -> ChosenByTest:
    r"""Fit every candidate on the training set, score it on the test set and on fresh data.

    Choosing the candidate with the best test score and reporting that score uses the test set twice,
    to choose and to estimate. The maximum of :math:`m` noisy estimates is biased upwards,

    .. math::

        \mathbb{E}\big[\max_j \widehat{\mathrm{acc}}_j\big] \;\ge\; \max_j \mathbb{E}\big[\widehat{\mathrm{acc}}_j\big],

    so the reported score overstates the chosen model; its score on fresh data does not.

    Parameters
    ----------
    candidates : list of estimators
        Unfitted scikit-learn estimators (anything with ``fit`` and ``score``); each is cloned.
    X_train, y_train, X_test, y_test, X_fresh, y_fresh : array_like
        Three disjoint data sets: finite features of shape (n, n_features), numeric targets of shape (n,).

    Returns
    -------
    ChosenByTest
        ``test_scores``, ``fresh_scores``; ``chosen``, ``reported`` and ``fresh``.

    Examples
    --------
    >>> from sklearn.dummy import DummyClassifier
    >>> X, y = np.zeros((8, 1)), np.array([0, 1] * 4)
    >>> r = choose_by_test([DummyClassifier()], X, y, X, y, X, y)
    >>> r.reported, r.fresh
    (0.5, 0.5)
    """
    from sklearn.base import clone

    owner = "choose_by_test"
    if not isinstance(candidates, (list, tuple)) or not candidates:
        raise TypeError(f"The 'candidates' parameter of {owner} must be a non-empty list of estimators. "
                        f"Got {_fmt(candidates)} instead.")
    for model in candidates:
        _check_estimator(model, "candidates", owner)
    X_train, y_train = _check_xy(X_train, y_train, ("X_train", "y_train"), owner)
    X_test, y_test = _check_xy(X_test, y_test, ("X_test", "y_test"), owner)
    X_fresh, y_fresh = _check_xy(X_fresh, y_fresh, ("X_fresh", "y_fresh"), owner)
    for name, X in (("X_test", X_test), ("X_fresh", X_fresh)):
        if X.shape[1] != X_train.shape[1]:
            raise ValueError(f"The '{name}' parameter of {owner} must have the {X_train.shape[1]} feature columns "
                             f"of 'X_train'. Got {X.shape[1]} instead.")
    test, fresh = [], []
    for model in candidates:
        fitted = clone(model).fit(X_train, y_train)
        test.append(fitted.score(X_test, y_test))
        fresh.append(fitted.score(X_fresh, y_fresh))
    return ChosenByTest(np.array(test, dtype=np.float64), np.array(fresh, dtype=np.float64))


@dataclass(frozen=True)
class Leakage:
    """Fold scores with the preprocessing fitted on all the data (``leaky``) and inside each fold
    (``honest``), on the same folds (see :func:`leakage`)."""

    leaky: NDArray[np.float64]
    honest: NDArray[np.float64]

    @property
    def gap(self) -> float:
        """Mean leaky score minus mean honest score: how much the leak inflates the estimate."""
        return float(self.leaky.mean() - self.honest.mean())


def leakage(preprocess: Any, model: Any, X: ArrayLike, y: ArrayLike, *, n_splits: int = 5,
            rng: int | np.random.Generator | None = 0) -> Leakage:
    r"""Cross-validate ``model`` after ``preprocess``, fitted once on all the data and within each fold.

    The leaky way fits the preprocessing (a scaler, a feature selection, ...) on every sample, then
    cross-validates the model on the transformed data: each test fold has already shaped the
    preprocessing. The honest way puts both in one ``Pipeline``, so each fold fits the preprocessing on
    its training part only. Both use the same stratified folds.

    Parameters
    ----------
    preprocess : transformer
        An unfitted scikit-learn transformer (``fit``, ``transform``), e.g. ``StandardScaler()``.
    model : estimator
        An unfitted classifier or regressor.
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    n_splits : int, default=5
        Folds, from 2 to the number of samples.
    rng : int, numpy.random.Generator or None
        Shuffles the folds.

    Returns
    -------
    Leakage
        ``leaky`` and ``honest`` fold scores, and their mean ``gap``.

    Examples
    --------
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn.dummy import DummyClassifier
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
    >>> leakage(StandardScaler(), DummyClassifier(), X, y, n_splits=2).gap
    0.0
    """
    from sklearn.base import clone, is_classifier
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    owner = "leakage"
    check_instance(preprocess, "preprocess", owner, ("fit", "transform"), "StandardScaler()")
    _check_estimator(model, "model", owner)
    X, y = _check_xy(X, y, ("X", "y"), owner)
    n_splits = check_scalar(n_splits, "n_splits", owner, low=2, high=len(y), integer=True)
    seed = int(check_rng(rng, "rng", owner).integers(2**31))
    folds = (StratifiedKFold if is_classifier(model) else KFold)(n_splits, shuffle=True, random_state=seed)
    X_all = clone(preprocess).fit(X, y).transform(X)        # every sample shapes the preprocessing
    leaky = cross_val_score(clone(model), X_all, y, cv=folds)
    honest = cross_val_score(make_pipeline(clone(preprocess), clone(model)), X, y, cv=folds)
    return Leakage(leaky.astype(np.float64), honest.astype(np.float64))


@dataclass(frozen=True)
class PairedComparison:
    r"""Two models scored on the same folds (see :func:`paired_comparison`).

    Attributes
    ----------
    differences : ndarray
        Score of A minus score of B, fold by fold.
    mean, std : float
        Mean and sample standard deviation (``ddof=1``) of the differences.
    wins : int
        Folds on which A scored higher than B (ties count for neither).
    ties, losses : int
        Folds on which A scored the same as B, and lower (properties).
    t_naive, p_naive : float
        Paired *t* statistic :math:`\bar d / (s_d / \sqrt{J})` and its two-sided p-value, as if the
        :math:`J` folds were independent.
    t_corrected, p_corrected : float
        The same with Nadeau and Bengio's variance :math:`(1/J + n_{\text{test}}/n_{\text{train}})\,s_d^2`.
    """

    differences: NDArray[np.float64]
    mean: float
    std: float
    wins: int
    t_naive: float
    p_naive: float
    t_corrected: float
    p_corrected: float

    @property
    def ties(self) -> int:
        """Folds on which A and B scored exactly the same."""
        return int(np.sum(self.differences == 0))

    @property
    def losses(self) -> int:
        """Folds on which A scored lower than B."""
        return int(np.sum(self.differences < 0))


def paired_comparison(scores_a: ArrayLike, scores_b: ArrayLike, *, test_fraction: float) -> PairedComparison:
    r"""Compare two models by their scores on the same :math:`J` train/test splits, fold by fold.

    With the differences :math:`d_j = a_j - b_j`, their mean :math:`\bar d` and standard deviation
    :math:`s_d`, the paired *t* statistic is

    .. math::

        t = \frac{\bar d}{\sqrt{\tfrac{1}{J}\, s_d^2}}, \qquad
        t_{\text{corrected}} = \frac{\bar d}{\sqrt{\big(\tfrac{1}{J} + \tfrac{n_{\text{test}}}{n_{\text{train}}}\big)\, s_d^2}},

    both compared with Student's *t* with :math:`J - 1` degrees of freedom. The first treats the folds as
    independent; they are not (their training sets overlap), and it is too often "significant"
    (Dietterich, 1998). The correction of Nadeau and Bengio (2003) widens the variance by the test/train
    size ratio.

    Parameters
    ----------
    scores_a, scores_b : array_like of shape (J,)
        Scores of the two models on the same splits, in the same order; at least 2, finite.
    test_fraction : float
        :math:`n_{\text{test}} / (n_{\text{train}} + n_{\text{test}})` of each split, in (0, 1), e.g.
        0.2 for 5-fold cross-validation.

    Returns
    -------
    PairedComparison

    Examples
    --------
    >>> c = paired_comparison([0.9, 0.8, 0.85, 0.9], [0.85, 0.8, 0.8, 0.85], test_fraction=0.25)
    >>> round(c.mean, 4), c.wins, round(c.t_naive, 3), round(c.t_corrected, 3)
    (0.0375, 3, 3.0, 1.964)
    >>> c.wins, c.ties, c.losses
    (3, 1, 0)
    """
    from scipy import stats

    owner = "paired_comparison"
    a = as_float_array(scores_a, "scores_a", owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    b = as_float_array(scores_b, "scores_b", owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    if len(a) < 2:
        raise ValueError(f"The 'scores_a' parameter of {owner} must hold at least 2 scores (one per split). "
                         f"Got {len(a)} instead.")
    if len(b) != len(a):
        raise ValueError(f"The 'scores_b' parameter of {owner} must hold one score per split, as many as "
                         f"'scores_a' ({len(a)}), on the same splits. Got {len(b)} instead.")
    frac = check_scalar(test_fraction, "test_fraction", owner, low=0, high=1, include_low=False,
                        include_high=False)
    d = a - b
    J, mean, std = len(d), float(d.mean()), float(d.std(ddof=1))
    ratio = frac / (1 - frac)                                 # n_test / n_train

    def t_and_p(variance: float) -> tuple[float, float]:
        if variance == 0:                                      # every fold agrees exactly
            return (0.0, 1.0) if mean == 0 else (float(np.sign(mean) * np.inf), 0.0)
        t = mean / np.sqrt(variance)
        return float(t), float(2 * stats.t.sf(abs(t), df=J - 1))

    t_naive, p_naive = t_and_p(std**2 / J)
    t_corr, p_corr = t_and_p((1 / J + ratio) * std**2)
    return PairedComparison(d, mean, std, int(np.sum(d > 0)), t_naive, p_naive, t_corr, p_corr)

