"""Tests of nnbasics.evaluation: the ROC curve against scikit-learn, the threshold counts, test-set reuse,
leakage and the paired comparison, each against an independent computation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from sklearn.dummy import DummyClassifier
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.metrics import confusion_matrix, precision_score, recall_score, roc_auc_score, roc_curve
from sklearn.preprocessing import StandardScaler

from nnbasics import evaluation as ev
from nnbasics.plotting import evaluation as plot_eval


def _binary(seed: int, n: int, ties: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    y[:2] = [0, 1]                                    # both classes
    s = y + rng.normal(scale=1.0, size=n)
    return y, np.round(s, 1) if ties else s


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("n", [5, 60, 301])
def test_roc_points_equal_sklearn_roc_curve(seed: int, ties: bool, n: int) -> None:
    y, s = _binary(seed, n, ties)
    fpr, tpr, thr = ev.roc_points(y, s)
    want = roc_curve(y, s, drop_intermediate=False)
    for got, expected in zip((fpr, tpr, thr), want):
        np.testing.assert_array_equal(got, expected)
    assert np.trapezoid(tpr, fpr) == pytest.approx(roc_auc_score(y, s), rel=1e-12)


def test_roc_points_of_a_perfect_and_a_reversed_ranking() -> None:
    y = np.array([0, 0, 1, 1])
    fpr, tpr, _ = ev.roc_points(y, [0.1, 0.2, 0.8, 0.9])
    assert np.trapezoid(tpr, fpr) == 1.0
    fpr, tpr, _ = ev.roc_points(y, [0.9, 0.8, 0.2, 0.1])
    assert np.trapezoid(tpr, fpr) == 0.0


@pytest.mark.parametrize("threshold", [-1.0, 0.0, 0.5, 1.0, 3.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_threshold_point_counts_and_rates(threshold: float, seed: int) -> None:
    y, s = _binary(seed, 80, ties=True)
    p = ev.threshold_point(y, s, threshold)
    pred = (s >= threshold).astype(int)
    np.testing.assert_array_equal(p.confusion, confusion_matrix(y, pred, labels=[0, 1]))
    assert p.recall == recall_score(y, pred, zero_division=0)
    if pred.sum():
        assert p.precision == precision_score(y, pred)
    else:
        assert p.precision == 1.0
    assert p.fpr == np.mean(pred[y == 0])


def test_threshold_point_lies_on_the_roc_curve() -> None:
    y, s = _binary(3, 50, ties=False)
    fpr, tpr, thr = ev.roc_points(y, s)
    for k in range(1, len(thr)):
        p = ev.threshold_point(y, s, thr[k])
        assert (p.fpr, p.recall) == (fpr[k], tpr[k])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"y_true": [0, 2, 1]}, "must hold binary labels 0 and 1"),
    ({"y_true": [1, 1, 1]}, "must hold both classes"),
    ({"scores": [0.1, 0.2]}, "must hold one score per label"),
    ({"scores": [0.1, np.nan, 0.3]}, "must not contain NaN"),
])
def test_bad_labels_and_scores_are_named(kwargs: dict, message: str) -> None:
    args = {"y_true": [0, 1, 1], "scores": [0.1, 0.2, 0.3]} | kwargs
    with pytest.raises(ValueError, match=message):
        ev.roc_points(**args)


def test_choose_by_test_reports_the_maximum_and_the_fresh_score_of_that_model() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 5))
    y = rng.integers(0, 2, size=300)
    candidates = [LogisticRegression(C=c) for c in (0.01, 0.1, 1.0, 10.0)]
    r = ev.choose_by_test(candidates, X[:100], y[:100], X[100:150], y[100:150], X[150:], y[150:])
    assert r.reported == r.test_scores.max()
    fitted = LogisticRegression(C=[0.01, 0.1, 1.0, 10.0][r.chosen]).fit(X[:100], y[:100])
    assert r.fresh == fitted.score(X[150:], y[150:])
    assert r.test_scores.shape == r.fresh_scores.shape == (4,)


def test_choose_by_test_on_noise_is_optimistic_on_average() -> None:
    # Labels are coin flips: the chosen model's expected fresh accuracy is 1/2, its test score higher.
    gaps = []
    for seed in range(10):
        rng = np.random.default_rng(seed)
        X, y = rng.normal(size=(600, 10)), rng.integers(0, 2, size=600)
        candidates = [KNeighborsClassifier(k) for k in range(1, 21, 2)]
        r = ev.choose_by_test(candidates, X[:60], y[:60], X[60:100], y[60:100], X[100:], y[100:])
        gaps.append(r.reported - r.fresh)
    assert np.mean(gaps) > 0.04            # measured: 0.076, standard error 0.017


def test_leakage_of_feature_selection_on_noise_is_large_and_honest_score_near_chance() -> None:
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(80, 1000)), rng.integers(0, 2, size=80)
    leak = ev.leakage(SelectKBest(f_classif, k=10), LogisticRegression(), X, y, rng=0)
    assert leak.leaky.mean() > 0.75
    assert abs(leak.honest.mean() - 0.5) < 0.15
    assert leak.gap == pytest.approx(leak.leaky.mean() - leak.honest.mean())


def test_leakage_without_a_fitted_statistic_changes_nothing() -> None:
    # A scaler fitted on constant-free data then a model that ignores the features: no leak to see.
    X, y = np.arange(40.0).reshape(20, 2), np.array([0, 1] * 10)
    leak = ev.leakage(StandardScaler(), DummyClassifier(), X, y, n_splits=4, rng=1)
    np.testing.assert_array_equal(leak.leaky, leak.honest)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_paired_comparison_matches_scipy_ttest_rel(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(0.8, 1.0, size=10), rng.uniform(0.8, 1.0, size=10)
    c = ev.paired_comparison(a, b, test_fraction=0.2)
    want = stats.ttest_rel(a, b)
    assert c.t_naive == pytest.approx(want.statistic, rel=1e-12)
    assert c.p_naive == pytest.approx(want.pvalue, rel=1e-10)
    # Nadeau-Bengio: the variance grows by (1/J + 1/4) / (1/J), so t shrinks by the root of that.
    assert c.t_corrected == pytest.approx(c.t_naive / np.sqrt((1 / 10 + 0.25) * 10), rel=1e-12)
    assert c.p_corrected > c.p_naive
    assert c.wins == int(np.sum(a > b))
    assert (c.ties, c.losses) == (0, int(np.sum(a < b)))


def test_paired_comparison_counts_wins_ties_and_losses() -> None:
    c = ev.paired_comparison([0.75, 0.5, 0.25, 0.5], [0.5, 0.5, 0.5, 0.25], test_fraction=0.2)
    assert (c.wins, c.ties, c.losses) == (2, 1, 1)


def test_paired_comparison_with_identical_differences() -> None:
    c = ev.paired_comparison([0.75, 0.5], [0.5, 0.25], test_fraction=0.5)   # exact in binary
    assert c.t_naive == np.inf and c.p_naive == 0.0
    c = ev.paired_comparison([0.75, 0.5], [0.75, 0.5], test_fraction=0.5)
    assert (c.t_naive, c.p_naive, c.wins) == (0.0, 1.0, 0)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"scores_b": [0.1, 0.2]}, "as many as 'scores_a'"),
    ({"scores_a": [0.1], "scores_b": [0.2]}, "at least 2 scores"),
    ({"test_fraction": 1.0}, "'test_fraction' parameter of paired_comparison must be in the range"),
])
def test_paired_comparison_refuses_bad_input(kwargs: dict, message: str) -> None:
    args = {"scores_a": [0.9, 0.8, 0.7], "scores_b": [0.8, 0.8, 0.6], "test_fraction": 0.2} | kwargs
    with pytest.raises(ValueError, match=message):
        ev.paired_comparison(**args)


@pytest.mark.parametrize("threshold", [0.05, 0.5, 0.95])
@pytest.mark.parametrize("model", ["a", "b"])
def test_threshold_render_shows_the_counts_of_threshold_point(threshold: float, model: str) -> None:
    y, s = _binary(4, 40, ties=False)
    scores = {"a": 1 / (1 + np.exp(-s)), "b": 1 / (1 + np.exp(-3 * s))}
    fig = plot_eval.threshold_render(y, scores)(model=model, threshold=threshold)
    point = ev.threshold_point(y, scores[model], threshold)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == sorted(f"{name} {count}" for name, count in
                           zip(["TN", "FP", "FN", "TP"], point.confusion.ravel()))
    dot = fig.axes[2].lines[-1].get_xydata()[0]
    np.testing.assert_allclose(dot, [point.fpr, point.recall])
    assert fig.get_suptitle().startswith(f"{model}, t = {threshold:g}:")


def test_threshold_render_refuses_an_unknown_model() -> None:
    render = plot_eval.threshold_render([0, 1], {"a": [0.2, 0.7]})
    with pytest.raises(ValueError, match=r"The 'model' parameter of threshold_render must be one of \['a'\]"):
        render(model="b", threshold=0.5)


def test_plot_calibration_refuses_values_outside_0_1() -> None:
    with pytest.raises(ValueError, match="'probabilities' parameter of plot_calibration must hold probabilities"):
        plot_eval.plot_calibration([0, 1], {"m": [0.2, 1.5]})
