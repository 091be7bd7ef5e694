"""Tests of nnbasics.experiments: the same splits for every model, honest summaries, a seeded grid."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_diabetes, make_blobs
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from nnbasics.experiments import Comparison, compare_on_splits, model_zoo, standardized_split, train_grid
from nnbasics.network import MLPRegressor

X_DIAB, Y_DIAB = load_diabetes(return_X_y=True, scaled=False)


# --------------------------------------------------------------------------------------------------
# standardized_split
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 3])
def test_standardized_split_uses_training_statistics_only(seed):
    X_train, X_test, y_train, y_test, y_mean, y_std = standardized_split(X_DIAB, Y_DIAB, seed)
    raw = train_test_split(X_DIAB, Y_DIAB, test_size=0.2, random_state=seed)
    scaler = StandardScaler().fit(raw[0])
    np.testing.assert_allclose(X_train, scaler.transform(raw[0]))
    np.testing.assert_allclose(X_test, scaler.transform(raw[1]))
    np.testing.assert_allclose(X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X_train.std(axis=0), 1)
    assert np.abs(X_test.mean(axis=0)).max() > 1e-3          # the test rows did not set the statistics
    np.testing.assert_allclose(y_test * y_std + y_mean, raw[3])
    assert (y_mean, y_std) == pytest.approx((raw[2].mean(), raw[2].std()))


def test_standardized_split_keeps_a_constant_column_finite():
    X = np.column_stack([np.arange(10.0), np.full(10, 7.0)])
    X_train, X_test, *_ = standardized_split(X, np.arange(10.0), seed=0)
    assert np.all(X_train[:, 1] == 0) and np.all(X_test[:, 1] == 0)


# --------------------------------------------------------------------------------------------------
# model_zoo
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("task, names", [
    ("regression", ["linear regression", "nnbasics MLPRegressor", "scikit-learn MLPRegressor"]),
    ("classification", ["nnbasics MLPClassifier", "scikit-learn MLPClassifier"]),
])
def test_model_zoo_names_and_shared_settings(task, names):
    models = model_zoo(task, 7, hidden_layer_sizes=(5,), lr=0.02, n_epochs=3, batch_size=16)
    assert list(models) == names
    ours, theirs = models[names[-2]].get_params(), models[names[-1]].get_params()
    key = "transformedtargetregressor__regressor__" if task == "regression" else "mlpclassifier__"
    assert ours[key + "lr"] == theirs[key + "learning_rate_init"] == 0.02
    assert ours[key + "n_epochs"] == theirs[key + "max_iter"] == 3
    assert ours[key + "batch_size"] == theirs[key + "batch_size"] == 16
    assert ours[key + "random_state"] == theirs[key + "random_state"] == 7
    assert ours[key + "hidden_layer_sizes"] == theirs[key + "hidden_layer_sizes"] == (5,)
    assert ours[key + "alpha"] == theirs[key + "alpha"] == 0.0
    assert theirs[key + "tol"] == 0.0 and theirs[key + "n_iter_no_change"] > 3     # all epochs run


def test_model_zoo_rejects_an_unknown_task():
    with pytest.raises(ValueError, match="'task' parameter of model_zoo"):
        model_zoo("clustering", 0)


def test_our_network_in_the_zoo_equals_a_network_trained_by_hand():
    """The pipeline standardises X and y with training statistics, exactly as done by hand."""
    X_train, X_test, y_train, _, y_mean, y_std = standardized_split(X_DIAB, Y_DIAB, seed=1)
    raw = train_test_split(X_DIAB, Y_DIAB, test_size=0.2, random_state=1)
    zoo = model_zoo("regression", 1, n_epochs=5)["nnbasics MLPRegressor"].fit(raw[0], raw[2])
    net = MLPRegressor((10,), lr=0.01, n_epochs=5, batch_size=32, random_state=1).fit(X_train, y_train)
    np.testing.assert_allclose(zoo.predict(raw[1]), net.predict(X_test) * y_std + y_mean, rtol=1e-10)


# --------------------------------------------------------------------------------------------------
# compare_on_splits and Comparison
# --------------------------------------------------------------------------------------------------
def test_compare_on_splits_scores_every_model_on_the_same_splits():
    def models(seed):
        return {"linear": model_zoo("regression", seed)["linear regression"], "plain": LinearRegression()}

    result = compare_on_splits(models, X_DIAB, Y_DIAB, seeds=[4, 5, 6])
    assert result.seeds == (4, 5, 6)
    for k, seed in enumerate(result.seeds):
        X_train, X_test, y_train, y_test = train_test_split(X_DIAB, Y_DIAB, test_size=0.2, random_state=seed)
        pred = LinearRegression().fit(X_train, y_train).predict(X_test)
        expected = np.mean((pred - y_test) ** 2)
        assert result.scores["linear"][k] == pytest.approx(expected, rel=1e-9)
        assert result.scores["plain"][k] == pytest.approx(expected, rel=1e-9)   # scaling: same least squares
    np.testing.assert_array_equal(result.split[0], train_test_split(X_DIAB, Y_DIAB, test_size=0.2,
                                                                   random_state=4)[0])
    assert set(result.fitted) == {"linear", "plain"}


def test_compare_on_splits_accuracy_with_stratified_splits():
    X, y = make_blobs(120, centers=3, random_state=0)
    result = compare_on_splits(lambda s: model_zoo("classification", s, lr=0.05, n_epochs=20), X, y, seeds=range(2),
                               metric="accuracy", test_size=0.25, stratify=True)
    _, _, _, y_test = result.split
    assert np.bincount(y_test).tolist() == [10, 10, 10]
    assert all(0.5 < s.min() <= s.max() <= 1.0 for s in result.scores.values())
    assert "test accuracy" in result.table()


@pytest.mark.parametrize("kwargs, match", [
    ({"metric": "r2"}, "'metric' parameter of compare_on_splits"),
    ({"test_size": 1.5}, "'test_size' parameter of compare_on_splits"),
    ({"seeds": []}, "'seeds' parameter of compare_on_splits"),
])
def test_compare_on_splits_rejects_bad_parameters(kwargs, match):
    args = {"seeds": [0], **kwargs}
    with pytest.raises(ValueError, match=match):
        compare_on_splits(lambda s: {"m": LinearRegression()}, X_DIAB, Y_DIAB, **args)


@pytest.mark.parametrize("metric, scores, wins, table", [
    ("mse", {"a": [3004.0, 2996.0], "b": [3100.0, 2992.0]}, {"a": 1, "b": 1},
     "a: test MSE 3000 ± 10 (best on 1 of 2 splits)\nb: test MSE 3050 ± 80 (best on 1 of 2 splits)"),
    ("accuracy", {"a": [0.9, 0.95], "b": [0.95, 0.95]}, {"a": 1, "b": 2},
     "a: test accuracy 92.5% ± 3.5 (best on 1 of 2 splits)\nb: test accuracy 95.0% ± 0.0 (best on 2 of 2 splits)"),
])
def test_comparison_summary_counts_wins_and_rounds(metric, scores, wins, table):
    result = Comparison(metric, (0, 1), {k: np.array(v) for k, v in scores.items()})
    assert result.wins() == wins
    assert result.table() == table
    mean, std = result.summary()["a"]
    assert mean == pytest.approx(np.mean(scores["a"])) and std == pytest.approx(np.std(scores["a"], ddof=1))


# --------------------------------------------------------------------------------------------------
# train_grid
# --------------------------------------------------------------------------------------------------
def _small_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=80)
    return X[:60], y[:60], X[60:], y[60:]


def test_train_grid_covers_the_product_and_is_seeded():
    data = _small_data()
    kwargs = dict(hidden=[2, 4], activations=["relu", "tanh"], lrs=[0.01, 0.1], n_epochs=4, batch_size=16)
    runs = train_grid(*data, **kwargs)
    again = train_grid(*data, **kwargs)
    assert list(runs) == [(h, a, lr) for h in (2, 4) for a in ("relu", "tanh") for lr in (0.01, 0.1)]
    for key, run in runs.items():
        assert len(run.loss) == len(run.test_loss) == 4 and not run.diverged
        np.testing.assert_array_equal(run.loss, again[key].loss)
        np.testing.assert_array_equal(run.test_loss, again[key].test_loss)


def test_train_grid_records_the_test_loss_of_the_trained_model():
    X_train, y_train, X_test, y_test = _small_data()
    run = train_grid(X_train, y_train, X_test, y_test, hidden=[3], activations=["tanh"], lrs=[0.05],
                     n_epochs=6, random_state=2)[(3, "tanh", 0.05)]
    net = MLPRegressor((3,), activation="tanh", lr=0.05, n_epochs=6, random_state=2).fit(X_train, y_train)
    assert run.final_test_loss == pytest.approx(np.mean((net.predict(X_test) - y_test) ** 2), rel=1e-12)
    np.testing.assert_allclose(run.loss, net.loss_curve_)


def test_train_grid_marks_a_diverged_run_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runs = train_grid(*_small_data(), hidden=[4], activations=["relu"], lrs=[50.0], optimizer="sgd",
                          n_epochs=20)
    run = runs[(4, "relu", 50.0)]
    assert run.diverged and len(run.loss) < 20 and run.final_test_loss == float("inf")
    assert len(run.test_loss) == len(run.loss)             # one test loss per recorded epoch


def test_train_grid_keeps_the_test_loss_of_a_run_stopped_above_max_loss():
    X_train, y_train, X_test, y_test = _small_data()
    run = train_grid(X_train, y_train, X_test, y_test, hidden=[4], activations=["tanh"], lrs=[10.0],
                     optimizer="sgd", n_epochs=5)[(4, "tanh", 10.0)]
    assert run.diverged and len(run.test_loss) == len(run.loss) == 3   # stopped after epoch 3 (docstring)
    net = MLPRegressor((4,), activation="tanh", optimizer="sgd", lr=10.0, n_epochs=5, random_state=0)
    with pytest.warns(RuntimeWarning, match="above max_loss"):
        net.fit(X_train, y_train)
    assert run.test_loss[-1] == pytest.approx(np.mean((net.predict(X_test) - y_test) ** 2), rel=1e-9)
