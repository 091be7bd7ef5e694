"""Tests of nnbasics.network (MLPRegressor, MLPClassifier), the training loop and the optimizer registry."""

import copy
import subprocess
import sys
import warnings
from fractions import Fraction

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_blobs, make_circles, make_regression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from nnbasics.gradcheck import check_gradient, relative_error
from nnbasics.layers import init_weights
from nnbasics.network import MLPClassifier, MLPRegressor
from nnbasics.optim import SGD, Adam, RMSprop, get_optimizer
from nnbasics.training import train


# --------------------------------------------------------------------------------------------------
# Imports: NumPy only until nnbasics.network is used
# --------------------------------------------------------------------------------------------------
def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_import_nnbasics_does_not_import_sklearn():
    result = _run("import sys, nnbasics, nnbasics.layers, nnbasics.training, nnbasics.optim\n"
                  "print('sklearn' in sys.modules, 'matplotlib' in sys.modules)\n"
                  "from nnbasics import network\nprint('sklearn' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True"]


def test_network_without_sklearn_says_what_to_install():
    result = _run("import sys\nsys.modules['sklearn'] = None\nimport nnbasics\nimport nnbasics.network")
    assert result.returncode != 0
    assert "nnbasics.network builds MLPRegressor and MLPClassifier on scikit-learn's" in result.stderr
    assert "pip install scikit-learn" in result.stderr


# --------------------------------------------------------------------------------------------------
# scikit-learn's own estimator checks
# --------------------------------------------------------------------------------------------------
@parametrize_with_checks([MLPRegressor((8,), lr=0.01, n_epochs=30, random_state=0),
                          MLPClassifier((8,), lr=0.01, n_epochs=30, random_state=0)])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_sklearn_integration_clone_cv_grid_pipeline():
    X, y = make_blobs(120, centers=3, n_features=4, random_state=0)
    clf = MLPClassifier((8,), lr=0.01, n_epochs=20, random_state=0)
    assert clone(clf).get_params() == clf.get_params()
    scores = cross_val_score(clf, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.9
    grid = GridSearchCV(clf, {"lr": [1e-4, 1e-2], "hidden_layer_sizes": [(4,), (8,)]}, cv=3).fit(X, y)
    assert grid.best_params_["lr"] == 1e-2
    pipe = Pipeline([("scale", StandardScaler()), ("mlp", clf)]).fit(X, y)
    assert pipe.score(X, y) > 0.9


# --------------------------------------------------------------------------------------------------
# Gradients of the whole network, in float64
# --------------------------------------------------------------------------------------------------
def _fitted(cls, X, y, **kw):
    return cls((5, 4), activation="tanh", n_epochs=1, random_state=0, **kw).fit(X, y)


def _flat_check(model, X, Y, rng, data_loss=None):
    """Full and random-direction gradient checks of the training loss (data loss + penalty) on (X, Y)."""
    data_loss = data_loss or model._data_loss
    params = model._net.params
    keys = list(params)
    shapes = [params[k].shape for k in keys]
    sizes = [params[k].size for k in keys]

    def set_flat(v):
        for k, part, shape in zip(keys, np.split(v, np.cumsum(sizes)[:-1]), shapes):
            params[k][...] = part.reshape(shape)

    def loss(v):
        set_flat(v)
        return data_loss(X, Y) + model._penalty(X.shape[0])

    def grad(v):
        set_flat(v)
        grads = model._batch_grads(X, Y)
        return np.concatenate([grads[k].ravel() for k in keys])

    theta = np.concatenate([params[k].ravel() for k in keys])
    result = check_gradient(loss, grad, theta, eps=1e-5)
    assert result.max_relative_error < 1e-7, result
    g = grad(theta)
    for _ in range(5):  # random directions: (L(t + e d) - L(t - e d)) / 2e against g . d
        d = rng.standard_normal(theta.size)
        eps = 1e-5
        numerical = (loss(theta + eps * d) - loss(theta - eps * d)) / (2 * eps)
        assert relative_error(numerical, g @ d) < 1e-7


@pytest.mark.parametrize("alpha", [0.0, 0.3])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_classifier_gradient_check(alpha, n_classes):
    X, y = make_blobs(12, centers=n_classes, n_features=3, random_state=1)
    X = StandardScaler().fit_transform(X)  # no saturated tanh: no gradients lost in rounding noise
    model = _fitted(MLPClassifier, X, y, alpha=alpha)
    _flat_check(model, X, model._encode(y), np.random.default_rng(0))


@pytest.mark.parametrize("alpha", [0.0, 0.3])
@pytest.mark.parametrize("n_outputs", [1, 2])
def test_regressor_gradient_check(alpha, n_outputs):
    X, y = make_regression(10, n_features=3, n_targets=n_outputs, random_state=2)
    y = y / y.std()
    model = _fitted(MLPRegressor, X, y, alpha=alpha)
    _flat_check(model, X, model._encode(y), np.random.default_rng(1))


@pytest.mark.parametrize("cls", [MLPClassifier, MLPRegressor])
def test_dropout_gradient_check_with_the_mask_held_fixed(cls):
    """With dropout the step's gradient is that of the loss of the thinned network (its mask held fixed)."""
    X, y = make_blobs(12, centers=3, n_features=3, random_state=1)
    X = StandardScaler().fit_transform(X)
    model = _fitted(cls, X, y if cls is MLPClassifier else X[:, 0] - X[:, 1], alpha=0.1, dropout=0.4)
    drops = [layer for layer in model._net.layers if hasattr(layer, "p")]
    assert len(drops) == 2 and all(not d.training for d in drops)
    batch_grads = model._batch_grads

    def same_masks():
        for i, drop in enumerate(drops):
            drop.rng = np.random.default_rng(i)

    def thinned_loss(X, Y):
        same_masks()
        for drop in drops:
            drop.training = True
        Z = model._net._forward(X)
        for drop in drops:
            drop.training = False
        return model._loss._loss(Z, model._loss_target(Y))

    def grads_with_same_masks(X, Y):
        same_masks()
        return batch_grads(X, Y)

    model._batch_grads = grads_with_same_masks
    Y = model._encode(y if cls is MLPClassifier else X[:, 0] - X[:, 1])
    _flat_check(model, X, Y, np.random.default_rng(2), data_loss=thinned_loss)
    assert thinned_loss(X, Y) != model._data_loss(X, Y)   # the mask matters


def test_dropout_adds_no_parameters_drops_a_fraction_p_and_is_off_outside_training():
    X, y = make_regression(200, n_features=4, random_state=0)
    y = y / y.std()
    plain = MLPRegressor((32, 32), n_epochs=3, random_state=0).fit(X, y)
    dropped = MLPRegressor((32, 32), n_epochs=3, dropout=0.5, random_state=0).fit(X, y)
    assert [layer.W.shape for layer in dropped.layers_] == [layer.W.shape for layer in plain.layers_]
    assert sum(p.size for p in dropped._net.params.values()) == sum(p.size for p in plain._net.params.values())
    assert not np.allclose(dropped.layers_[0].W, plain.layers_[0].W)   # training saw thinned networks
    masks = [layer._scaled_mask for layer in dropped._net.layers if hasattr(layer, "p")]
    assert all(m is None for m in masks)                  # the last pass (the epoch's loss) had no mask
    np.testing.assert_array_equal(dropped.predict(X), dropped.predict(X))  # deterministic
    A = X
    for layer in dropped.layers_:                          # predict is the whole network, unscaled
        A = layer.forward(A)
    np.testing.assert_allclose(dropped.predict(X), A.ravel())
    np.testing.assert_allclose(dropped.loss_curve_[-1], np.mean((A.ravel() - y) ** 2))
    drop = dropped._net.layers[1]
    drop.training = True
    kept = drop._forward(np.ones((400, 32))) > 0
    drop.training = False
    assert abs(kept.mean() - 0.5) < 0.02                  # 12 800 draws: 0.5 +- 4.4 standard errors


def test_one_training_step_by_hand():
    """A 2-2-1 ReLU regressor, one full-batch SGD step, recomputed here in plain NumPy."""
    X = np.array([[1.0, -2.0], [0.5, 1.0], [-1.0, 0.0]])
    y = np.array([1.0, -1.0, 2.0])
    lr, alpha = 0.1, 0.5
    model = MLPRegressor((2,), activation="relu", optimizer="sgd", lr=lr, momentum=0.0, alpha=alpha,
                         batch_size=3, n_epochs=1, shuffle=False, random_state=0).fit(X, y)
    rng = np.random.default_rng(0)                       # the initial weights, drawn as documented:
    W1 = rng.normal(0.0, np.sqrt(2 / 2), size=(2, 2))    # He for the ReLU layer
    a = np.sqrt(6 / (2 + 1))
    W2 = rng.uniform(-a, a, size=(2, 1))                 # Glorot for the identity output
    b1, b2 = np.zeros(2), np.zeros(1)
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0)
    out = (H @ W2 + b2)[:, 0]
    d_out = 2 * (out - y) / 3                            # d/d out of mean((out - y)^2)
    dW2 = H.T @ d_out[:, None] + alpha / 3 * W2
    db2 = np.array([d_out.sum()])
    dH = d_out[:, None] @ W2.T
    dZ1 = dH * (Z1 > 0)
    dW1 = X.T @ dZ1 + alpha / 3 * W1
    db1 = dZ1.sum(axis=0)
    expected = {"W0": W1 - lr * dW1, "b0": b1 - lr * db1, "W1": W2 - lr * dW2, "b1": b2 - lr * db2}
    for key, value in expected.items():
        np.testing.assert_allclose(model._net.params[key], value, rtol=1e-13, atol=1e-15)
    # the recorded loss: the MSE after the step plus alpha / (2 n) times the squared weights
    W1n, W2n = expected["W0"], expected["W1"]
    out_after = (np.maximum(X @ W1n + expected["b0"], 0) @ W2n + expected["b1"])[:, 0]
    loss_after = np.mean((out_after - y) ** 2) + alpha / 6 * (np.sum(W1n**2) + np.sum(W2n**2))
    assert model.loss_curve_ == [pytest.approx(loss_after, rel=1e-13)]


# --------------------------------------------------------------------------------------------------
# Behaviour
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("optimizer", ["sgd", "rmsprop", "adam"])
@pytest.mark.parametrize("n_classes", [2, 4])
def test_classifier_learns_and_predicts_consistently(optimizer, n_classes):
    X, y = make_blobs(200, centers=n_classes, n_features=2, cluster_std=0.5, random_state=3)
    labels = np.array(["cat", "dog", "emu", "fox"])[y]
    clf = MLPClassifier((16,), optimizer=optimizer, lr=0.01, n_epochs=40, random_state=0).fit(X, labels)
    np.testing.assert_array_equal(clf.classes_, np.array(["cat", "dog", "emu", "fox"])[:n_classes])
    P = clf.predict_proba(X)
    assert P.shape == (200, n_classes)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[P.argmax(axis=1)])
    assert clf.score(X, labels) > 0.95
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    assert [layer.W.shape for layer in clf.layers_] == [(2, 16), (16, 1 if n_classes == 2 else n_classes)]
    assert clf.n_features_in_ == 2 and clf.n_iter_ == 40 and len(clf.loss_curve_) == 40


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_regressor_shapes_and_fit(n_outputs):
    X, y = make_regression(150, n_features=4, n_targets=n_outputs, noise=1.0, random_state=0)
    y = y / y.std()
    reg = MLPRegressor((16,), lr=0.01, n_epochs=60, random_state=0).fit(X, y)
    assert reg.predict(X).shape == y.shape
    assert reg.score(X, y) > 0.95


def test_same_seed_same_model_and_different_seed_differs():
    X, y = make_blobs(60, centers=3, random_state=0)
    a = MLPClassifier((4,), n_epochs=3, random_state=1).fit(X, y)
    b = MLPClassifier((4,), n_epochs=3, random_state=1).fit(X, y)
    c = MLPClassifier((4,), n_epochs=3, random_state=2).fit(X, y)
    np.testing.assert_array_equal(a.layers_[0].W, b.layers_[0].W)
    assert not np.array_equal(a.layers_[0].W, c.layers_[0].W)


def test_early_stopping_keeps_the_best_epoch():
    X, y = make_regression(200, n_features=5, noise=20.0, random_state=0)
    y = y / y.std()
    reg = MLPRegressor((64,), lr=0.05, n_epochs=300, early_stopping=True, patience=5,
                       random_state=0).fit(X, y)
    curve = reg.validation_loss_curve_
    assert reg.n_iter_ < 300 and len(curve) == reg.n_iter_
    best = int(np.argmin(curve))
    assert reg.n_iter_ == best + 1 + 5
    assert reg.best_validation_loss_ == curve[best]
    assert reg.history_.stop_reason == "early_stopping"
    assert f"Kept the parameters of epoch {best + 1}" in reg.history_.message


def test_eval_set_and_callback_snapshots():
    X, y = make_blobs(120, centers=3, random_state=0)
    X_test, y_test = make_blobs(60, centers=3, random_state=1)
    snapshots = {}

    def snap(epoch, model):
        if epoch in (1, 5):
            snapshots[epoch] = copy.deepcopy(model)
        return epoch == 8

    clf = MLPClassifier((8,), lr=0.01, n_epochs=50, random_state=0).fit(X, y, eval_set=(X_test, y_test),
                                                                        callback=snap)
    assert clf.n_iter_ == 8 and clf.history_.stop_reason == "callback"
    assert len(clf.eval_loss_curve_) == 8 and len(clf.loss_curve_) == 8
    assert sorted(snapshots) == [1, 5]
    assert snapshots[1].n_iter_ == 1 and snapshots[5].loss_curve_ == clf.loss_curve_[:5]
    assert not np.array_equal(snapshots[1].layers_[0].W, clf.layers_[0].W)
    assert snapshots[1].predict(X_test).shape == (60,)


def test_divergence_is_reported():
    X, y = make_regression(100, n_features=3, random_state=0)
    reg = MLPRegressor((8,), optimizer="sgd", lr=50.0, momentum=0.0, n_epochs=50, random_state=0)
    with pytest.warns(RuntimeWarning, match=r"MLPRegressor: Diverged .* lr = 50 is above that bound"):
        reg.fit(X, y)
    assert reg.diverged_ and reg.history_.diverged and reg.n_iter_ < 50


def test_no_penalty_without_alpha_and_penalty_with():
    X, y = make_blobs(50, centers=2, random_state=0)
    small = MLPClassifier((8,), alpha=0.0, lr=0.01, n_epochs=30, random_state=0).fit(X, y)
    big = MLPClassifier((8,), alpha=10.0, lr=0.01, n_epochs=30, random_state=0).fit(X, y)
    assert np.sum(big.layers_[0].W ** 2) < np.sum(small.layers_[0].W ** 2)


@pytest.mark.parametrize("cls", [MLPClassifier, MLPRegressor])
def test_init_default_is_per_layer_and_a_name_sets_every_layer(cls):
    X, y = make_blobs(40, centers=3, random_state=0)
    target = y if cls is MLPClassifier else X[:, 0]
    default = cls((8, 8), n_epochs=1, random_state=0).fit(X, target)
    assert [layer.init for layer in default.layers_] == ["he", "he", "glorot"]
    assert [layer.init for layer in cls((8,), activation="tanh", n_epochs=1).fit(X, target).layers_] == \
        ["glorot", "glorot"]
    for name in ("glorot", "normal"):
        named = cls((8, 8), init=name, n_epochs=1, random_state=0).fit(X, target)
        assert [layer.init for layer in named.layers_] == [name] * 3


@pytest.mark.parametrize(("init", "variance"), [("he", 2 / 300), ("glorot", 2 / 700), ("normal", 1e-4)])
def test_init_draws_the_initial_weights_with_the_named_variance(init, variance):
    """The weights before the first step: ``callback`` at epoch 1 is too late, so lr is tiny."""
    X, y = np.random.default_rng(0).normal(size=(10, 300)), np.arange(10) % 2
    model = MLPClassifier((400,), init=init, lr=1e-12, n_epochs=1, random_state=0).fit(X, y)
    assert model.layers_[0].W.var() == pytest.approx(variance, rel=0.02)


@pytest.mark.parametrize(("init", "drawn"), [(None, ("he", "glorot")), ("he", ("he", "he")),
                                             ("glorot", ("glorot", "glorot"))])
def test_initial_weights_are_drawn_from_random_state_by_the_named_scheme(init, drawn):
    """None (the default) draws He for the ReLU layer, Glorot for the output: as before ``init`` existed."""
    X, y = make_blobs(40, centers=3, random_state=0)
    model = MLPClassifier((8,), init=init, lr=1e-12, n_epochs=1, random_state=5).fit(X, y)
    rng = np.random.default_rng(5)
    expected = [init_weights(drawn[0], 2, 8, rng), init_weights(drawn[1], 8, 3, rng)]
    for layer, W in zip(model.layers_, expected):
        np.testing.assert_allclose(layer.W, W, atol=1e-9)


@pytest.mark.parametrize(("params", "error", "match"), [
    ({"lr": -0.1}, ValueError, r"The 'lr' parameter of MLPClassifier must be > 0\. Got -0\.1 instead\."),
    ({"activation": "rleu"}, ValueError,
     r"'activation' parameter of MLPClassifier must be one of 'identity'"),
    ({"optimizer": "lbfgs"}, ValueError, r"'optimizer' parameter of MLPClassifier must be one of 'sgd', "
                                         r"'rmsprop', 'adam'\. Got 'lbfgs'"),
    ({"hidden_layer_sizes": (8, 0)}, ValueError, r"'hidden_layer_sizes' parameter of MLPClassifier must be a "
                                                 r"tuple of positive integers.*Got \(8, 0\)"),
    ({"n_epochs": 0}, ValueError, r"'n_epochs' parameter of MLPClassifier must be >= 1"),
    ({"batch_size": 2.5}, TypeError, r"'batch_size' parameter of MLPClassifier must be an integer"),
    ({"validation_fraction": 1.0}, ValueError, r"'validation_fraction' parameter of MLPClassifier must be in "
                                               r"the range \(0, 1\)"),
    ({"momentum": 1.0, "optimizer": "sgd"}, ValueError,
     r"'momentum' parameter of MLPClassifier must be in the range"),
    ({"shuffle": "yes"}, TypeError, r"'shuffle' parameter of MLPClassifier must be True or False"),
    ({"alpha": -1.0}, ValueError, r"'alpha' parameter of MLPClassifier must be >= 0"),
    ({"dropout": 1.0}, ValueError, r"'dropout' parameter of MLPClassifier must be in the range \[0, 1\)"),
    ({"init": "kaiming"}, ValueError,
     r"'init' parameter of MLPClassifier must be one of 'he', .*Got 'kaiming'"),
])
def test_bad_hyperparameters(params, error, match):
    X, y = make_blobs(20, centers=2, random_state=0)
    with pytest.raises(error, match=match):
        MLPClassifier(**params).fit(X, y)


def test_data_errors():
    X, y = make_blobs(20, centers=2, random_state=0)
    with pytest.raises(ValueError, match=r"MLPClassifier needs samples of at least 2 classes.*Got only one"):
        MLPClassifier(n_epochs=1).fit(X, np.zeros(20))
    clf = MLPClassifier(n_epochs=1, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match=r"X has 3 features, but MLPClassifier is expecting 2 features"):
        clf.predict(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"'eval_set' parameter of MLPClassifier\.fit must be a pair"):
        MLPClassifier(n_epochs=1).fit(X, y, eval_set=X)
    with pytest.raises(ValueError, match=r"'eval_set' parameter of MLPClassifier\.fit must only hold the "
                                         r"classes seen in y, \[0, 1\]\. Got 7"):
        MLPClassifier(n_epochs=1).fit(X, y, eval_set=(X, np.full(20, 7)))


@pytest.mark.parametrize("cls", [MLPClassifier, MLPRegressor])
def test_boolean_X_and_a_legacy_random_state_are_refused_by_name(cls):
    X, y = make_blobs(20, centers=2, random_state=0)
    model = cls((4,), n_epochs=1, random_state=0).fit(X, y)
    name = cls.__name__
    calls = {"fit": lambda: cls((4,), n_epochs=1).fit(X > 0, y), "predict": lambda: model.predict(X > 0),
             "score": lambda: model.score(X > 0, y)}
    for method, call in calls.items():
        with pytest.raises(TypeError, match=rf"The 'X' parameter of {name}\.{method} must hold real "
                                            rf"numbers\. Got an array of shape \(20, 2\) and dtype bool "
                                            rf"instead; for True and False as 1 and 0, pass "
                                            rf"np\.asarray\(X, dtype=float\)\."):
            call()
    with pytest.raises(TypeError, match=rf"'random_state' parameter of {name} must be a "
                                        r"numpy\.random\.Generator.*"
                                        r"Use np\.random\.default_rng\(seed\) instead of RandomState\."):
        cls((4,), n_epochs=1, random_state=np.random.RandomState(0)).fit(X, y)


def test_classifier_labels_may_be_booleans_but_score_wants_labels_of_the_kind_fit_saw():
    X, y = make_blobs(40, centers=2, random_state=0)
    on_bools = MLPClassifier((4,), lr=0.05, n_epochs=20, random_state=0).fit(X, y == 1)
    on_ints = MLPClassifier((4,), lr=0.05, n_epochs=20, random_state=0).fit(X, y)
    assert on_bools.classes_.tolist() == [False, True]
    assert on_bools.score(X, y == 1) == on_ints.score(X, y)    # the same network, labels renamed
    with pytest.raises(TypeError, match=r"The 'y' parameter of MLPClassifier\.score must hold labels of the "
                                        r"classes fit saw, \[0, 1\]\. Got booleans"):
        on_ints.score(X, y == 1)
    with pytest.raises(ValueError, match=r"The 'y' parameter of MLPClassifier\.score must hold labels of the "
                                         r"classes fit saw, \[0, 1\]\. Got 1 NaN or infinite value\(s\)"):
        on_ints.score(X, np.where(np.arange(40) == 3, np.nan, y))


def test_regressor_targets_are_numbers_not_booleans():
    X, y = make_regression(20, n_features=2, random_state=0)
    with pytest.raises(TypeError, match=r"The 'y' parameter of MLPRegressor\.fit must hold real numbers"):
        MLPRegressor((4,), n_epochs=1).fit(X, y > 0)
    with pytest.raises(TypeError, match=r"The 'eval_set' parameter of MLPRegressor\.fit must hold real "
                                        r"numbers"):
        MLPRegressor((4,), n_epochs=1).fit(X, y, eval_set=(X, y > 0))


@pytest.mark.parametrize("alpha", [0.25, Fraction(1, 4), np.float32(0.25)])
def test_alpha_of_any_real_type_trains_the_same_network(alpha):
    X, y = make_regression(30, n_features=3, random_state=0)
    want = MLPRegressor((4,), alpha=0.25, n_epochs=3, random_state=0).fit(X, y).predict(X)
    got = MLPRegressor((4,), alpha=alpha, n_epochs=3, random_state=0).fit(X, y).predict(X)
    np.testing.assert_array_equal(got, want)


# --------------------------------------------------------------------------------------------------
# The optimizer registry and the loop
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "cls"), [("sgd", SGD), ("rmsprop", RMSprop), ("adam", Adam)])
def test_get_optimizer(name, cls):
    opt = get_optimizer(name, lr=0.5)
    assert type(opt) is cls and opt.lr == 0.5


def test_get_optimizer_errors():
    with pytest.raises(ValueError, match=r"'name' parameter of get_optimizer must be one of 'sgd', "
                                         r"'rmsprop', 'adam'\. Got 'adagrad' instead"):
        get_optimizer("adagrad", lr=0.1)
    with pytest.raises(TypeError, match=r"must only hold hyperparameters of 'rmsprop' \(accepted: 'lr', "
                                        r"'alpha', 'eps'\)\. Got 'nesterov'"):
        get_optimizer("rmsprop", lr=0.1, nesterov=True)


def _linear_problem():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = 2 * X[:, 0] - 1
    params = {"w": np.zeros(1), "b": np.zeros(1)}

    def batch_grads(Xb, yb):
        r = Xb @ params["w"] + params["b"] - yb
        return {"w": 2 * Xb.T @ r / len(yb), "b": np.array([2 * r.mean()])}

    def training_loss():
        return float(np.mean((X @ params["w"] + params["b"] - y) ** 2))

    return X, y, params, batch_grads, training_loss


def test_train_full_batch_gd_matches_hand_iteration():
    X, y, params, batch_grads, training_loss = _linear_problem()
    hist = train(batch_grads, params, SGD(lr=0.05), X, y, training_loss=training_loss, batch_size=4,
                 n_epochs=3)
    w, b = 0.0, 0.0
    for _ in range(3):
        r = X[:, 0] * w + b - y
        w, b = w - 0.05 * 2 * np.mean(r * X[:, 0]), b - 0.05 * 2 * np.mean(r)
    np.testing.assert_allclose([params["w"][0], params["b"][0]], [w, b], rtol=1e-14)
    assert hist.n_steps == 3
    assert hist.loss[-1] == pytest.approx(np.mean((X[:, 0] * w + b - y) ** 2), rel=1e-14)


def test_train_errors():
    X, y, params, batch_grads, training_loss = _linear_problem()
    with pytest.raises(ValueError, match=r"'patience' parameter of train needs a 'validate' function"):
        train(batch_grads, params, SGD(lr=0.1), X, y, training_loss=training_loss, batch_size=2, n_epochs=2,
              patience=3)
    with pytest.raises(TypeError, match=r"'optimizer' parameter of train must be an object with a step\(\) method"):
        train(batch_grads, params, "sgd", X, y, training_loss=training_loss, batch_size=2, n_epochs=2)
    with pytest.raises(TypeError, match=r"'training_loss' parameter of train must be callable"):
        train(batch_grads, params, SGD(lr=0.1), X, y, training_loss=1.0, batch_size=2, n_epochs=2)
    with pytest.raises(ValueError, match=r"'n_epochs' parameter of train must be >= 0"):
        train(batch_grads, params, SGD(lr=0.1), X, y, training_loss=training_loss, batch_size=2, n_epochs=-1)


def test_train_reports_overflow_in_the_forward_pass():
    X, y, params, _, training_loss = _linear_problem()
    hist = train(lambda Xb, yb: None, params, SGD(lr=0.1), X, y, training_loss=training_loss, batch_size=2,
                 n_epochs=2)
    assert hist.diverged and hist.n_steps == 0
    assert hist.message.startswith("Diverged at step 1 (epoch 1): the gradient overflowed before the step "
                                   "could be taken.")


def test_train_first_step_is_checked():
    X, y, params, _, training_loss = _linear_problem()
    with pytest.raises(ValueError, match=r"'grads' parameter of SGD\.step must have the same keys as params"):
        train(lambda Xb, yb: {"w": np.zeros(1)}, params, SGD(lr=0.1), X, y, training_loss=training_loss,
              batch_size=2, n_epochs=1)


def test_train_names_batch_grads_when_it_fails_on_the_data_and_chains_its_error():
    X, y, params, batch_grads, training_loss = _linear_problem()
    with pytest.raises(ValueError, match=r"The 'batch_grads' parameter of train must return the gradients "
                                         r"of its mini-batch\. Given the mini-batch X_batch of shape "
                                         r"\(2, 2\), y_batch of shape \(2,\), it raised instead: "
                                         r"matmul") as caught:
        train(batch_grads, params, SGD(lr=0.1), np.ones((4, 2)), y, training_loss=training_loss, batch_size=2,
              n_epochs=1)
    assert isinstance(caught.value.__cause__, ValueError)


def test_train_leaves_subclasses_of_value_error_as_they_are():
    X, y, params, _, training_loss = _linear_problem()

    def singular(Xb, yb):
        return np.linalg.inv(np.zeros((2, 2)))

    with pytest.raises(np.linalg.LinAlgError, match=r"^Singular matrix$"):
        train(singular, params, SGD(lr=0.1), X, y, training_loss=training_loss, batch_size=2, n_epochs=1)


def test_warnings_are_not_raised_by_a_normal_fit():
    X, y = make_blobs(60, centers=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MLPClassifier((8,), n_epochs=5, random_state=0).fit(X, y)


@pytest.mark.parametrize(("hidden", "batch_size", "limited"), [((64,), 32, True), ((2048,), 256, False)])
def test_fit_runs_blas_on_one_thread_only_for_small_steps(hidden, batch_size, limited):
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads():
        return [pool["num_threads"] for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"]

    outside, inside = blas_threads(), []
    X, y = make_blobs(256, n_features=64, centers=3, random_state=0)
    MLPClassifier(hidden, batch_size=batch_size, n_epochs=1, random_state=0).fit(
        X, y, callback=lambda epoch, model: inside.append(blas_threads()))
    assert inside == [[1] * len(outside) if limited else outside]
    assert blas_threads() == outside


@pytest.mark.parametrize("optimizer, lr", [("sgd", 1e14), ("adam", 1e12)])
def test_a_loss_above_max_loss_still_gets_its_eval_loss(optimizer, lr):
    # The loop records the finite loss that stops it (above max_loss) without calling back: fit must
    # still measure the eval set for that epoch, so that the two curves have one entry per epoch.
    X, y = make_circles(200, noise=0.1, factor=0.5, random_state=0)
    clf = MLPClassifier((8,), optimizer=optimizer, lr=lr, n_epochs=20, random_state=0)
    with pytest.warns(RuntimeWarning, match="above max_loss"):
        clf.fit(X[:150], y[:150], eval_set=(X[150:], y[150:]))
    assert clf.diverged_ and len(clf.loss_curve_) == clf.n_iter_
    assert len(clf.eval_loss_curve_) == len(clf.loss_curve_)
    hidden, out = clf.layers_                             # the test loss with the weights where it stopped
    with np.errstate(over="ignore"):
        Z = (np.maximum(X[150:] @ hidden.W + hidden.b, 0.0) @ out.W + out.b)[:, 0]
        last = np.mean(np.logaddexp(0.0, Z) - y[150:] * Z)
    assert clf.eval_loss_curve_[-1] == pytest.approx(last, rel=1e-9)


def test_a_loss_above_max_loss_still_gets_its_validation_loss():
    X, y = make_circles(200, noise=0.1, factor=0.5, random_state=0)
    clf = MLPClassifier((8,), optimizer="sgd", lr=1e14, n_epochs=20, early_stopping=True, random_state=0)
    with pytest.warns(RuntimeWarning, match="above max_loss"):
        clf.fit(X, y)
    assert clf.diverged_ and len(clf.validation_loss_curve_) == len(clf.loss_curve_) >= 1
    assert np.isfinite(clf.validation_loss_curve_[-1]) and clf.validation_loss_curve_[-1] > 1e6
