"""Tests of nnbasics.training and nnbasics.datasets.linear_regression: mini-batches, gradients, training."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnbasics import training
from nnbasics.datasets import linear_regression
from nnbasics.gradcheck import check_gradient
from nnbasics.optim import SGD, Adam
from nnbasics.surfaces import Quadratic
from nnbasics.training import (
    gradient_noise_prediction,
    best_learning_rate,
    first_step_below,
    fit_linear_regression,
    gradient_noise,
    least_squares,
    linear_loss_and_grads,
    minibatches,
    steps_to_tolerance,
)


def _data(n: int = 40, d: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X, y, _ = linear_regression(n_samples=n, n_features=d, noise=0.3, rng=seed)
    return X, y


# ------------------------------------------------------------------------------------------------
# Mini-batches
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "batch_size"), [(10, 1), (10, 3), (10, 10), (37, 8), (64, 16)])
def test_minibatches_cover_every_sample_exactly_once(n, batch_size):
    X = np.arange(2.0 * n).reshape(n, 2)
    y = np.arange(float(n))
    batches = list(minibatches(X, y, batch_size, rng=0))
    assert len(batches) == math.ceil(n / batch_size)
    assert [len(yb) for _, yb in batches[:-1]] == [batch_size] * (len(batches) - 1)
    assert len(batches[-1][1]) == n - batch_size * (len(batches) - 1)
    seen = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(np.sort(seen), y)
    for Xb, yb in batches:  # rows stay paired with their targets
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)


def test_minibatches_are_seeded_and_reshuffled_every_epoch():
    X, y = np.arange(40.0).reshape(20, 2), np.arange(20.0)
    order = lambda rng: np.concatenate([yb for _, yb in minibatches(X, y, 5, rng)])
    np.testing.assert_array_equal(order(3), order(3))
    assert not np.array_equal(order(3), order(4))
    rng = np.random.default_rng(0)
    first, second = order(rng), order(rng)
    assert not np.array_equal(first, second)  # one generator, two epochs: two orders
    np.testing.assert_array_equal(np.sort(first), np.sort(second))


def test_minibatches_without_shuffle_keep_the_row_order():
    X, y = np.arange(10.0).reshape(5, 2), np.arange(5.0)
    assert [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False)] == [[0.0, 1.0], [2.0, 3.0], [4.0]]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [({"batch_size": 0}, ValueError, r"^The 'batch_size' parameter of minibatches must be >= 1\. Got 0 instead\.$"),
     ({"batch_size": 11}, ValueError, r"'batch_size' parameter of minibatches must be <= n_samples = 10\. Got 11"),
     ({"batch_size": 2.5}, TypeError, r"'batch_size' parameter of minibatches must be an integer"),
     ({"batch_size": 2, "shuffle": "yes"}, TypeError, r"'shuffle' parameter of minibatches must be True or False")],
)
def test_minibatches_reject_bad_parameters_when_called(kwargs, error, match):
    X, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(error, match=match):
        minibatches(X, y, **kwargs)  # raised at the call, before any batch is drawn


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [(np.zeros((4, 2)), np.zeros(3), (r"'y' parameter of minibatches must hold one target per row of X, i\.e\. "
                                      r"have shape \(4,\)\. Got shape \(3,\)")),
     (np.zeros(4), np.zeros(4), r"'X' parameter of minibatches must have 2 dimension"),
     (np.zeros((0, 2)), np.zeros(0), r"'X' parameter of minibatches must hold at least one sample"),
     (np.array([[np.nan, 0.0]]), np.zeros(1), r"'X' parameter of minibatches must not contain NaN")],
)
def test_minibatches_reject_bad_data(X, y, match):
    with pytest.raises(ValueError, match=match):
        minibatches(X, y, 1)


# ------------------------------------------------------------------------------------------------
# The model's loss and gradients
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("d", [1, 4])
def test_gradients_match_central_differences(seed, d):
    X, y = _data(n=25, d=d, seed=seed)
    rng = np.random.default_rng(seed + 10)
    theta = rng.standard_normal(d + 1)  # (w, b) packed into one vector for the check

    def unpack(t):
        return {"w": t[:d], "b": np.array(t[d])}

    def loss(t):
        return linear_loss_and_grads(unpack(t), X, y)[0]

    def grad(t):
        g = linear_loss_and_grads(unpack(t), X, y)[1]
        return np.append(g["w"], g["b"])

    result = check_gradient(loss, grad, theta)
    assert result.passed, str(result)


def test_loss_is_the_mean_squared_error_and_training_uses_the_same_gradients():
    X, y = _data()
    params = {"w": np.array([0.5, -1.0, 2.0]), "b": np.array(0.3)}
    loss, grads = linear_loss_and_grads(params, X, y)
    assert loss == pytest.approx(np.mean((X @ params["w"] + params["b"] - y) ** 2), rel=1e-14)
    fast = training._grads(params, X, y)
    np.testing.assert_allclose(fast["w"], grads["w"], rtol=1e-14)
    np.testing.assert_allclose(fast["b"], grads["b"], rtol=1e-14)
    assert grads["b"].shape == ()


@pytest.mark.parametrize(
    ("params", "match"),
    [({"w": np.zeros(3)}, (r"'params' parameter of linear_loss_and_grads must be a dict with the keys 'w' and 'b'\. "
                          r"Got \['w'\] instead")),
     ({"w": np.zeros(2), "b": 0.0}, (r"must hold a weight vector 'w' of shape \(3,\), one weight per column of X\. "
                                    r"Got shape \(2,\)")),
     ({"w": np.zeros(3), "b": np.zeros(2)}, r"'params\['b'\]' parameter of linear_loss_and_grads must have 0 dim"),
     ([0.0, 0.0], r"must be a dict with the keys 'w' and 'b'\. Got list instead")],
)
def test_bad_params_are_named(params, match):
    X, y = _data()
    with pytest.raises(ValueError, match=match):
        linear_loss_and_grads(params, X, y)


@pytest.mark.parametrize("seed", [0, 1])
def test_least_squares_matches_numpy_lstsq_and_has_zero_gradient(seed):
    X, y = _data(n=50, d=4, seed=seed)
    p = least_squares(X, y)
    coef = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
    np.testing.assert_allclose(np.append(p["w"], p["b"]), coef, rtol=1e-12)
    _, grads = linear_loss_and_grads(p, X, y)
    assert np.max(np.abs(np.append(grads["w"], grads["b"]))) < 1e-12


# ------------------------------------------------------------------------------------------------
# Training
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batch_gradient_descent_converges_to_the_least_squares_solution(seed):
    X, y = _data(n=60, d=3, seed=seed)
    hist = fit_linear_regression(X, y, SGD(lr=0.3), n_epochs=300)
    exact = least_squares(X, y)
    np.testing.assert_allclose(hist.params["w"], exact["w"], atol=1e-9)
    np.testing.assert_allclose(hist.params["b"], exact["b"], atol=1e-9)
    assert not hist.diverged and np.all(np.diff(hist.losses) <= 1e-15)  # batch GD never goes uphill here


@pytest.mark.parametrize(("n", "batch_size", "n_epochs"), [(40, 1, 2), (40, 16, 3), (40, 40, 5), (41, 8, 1)])
def test_cost_is_counted_in_examples(n, batch_size, n_epochs):
    X, y = _data(n=n)
    hist = fit_linear_regression(X, y, SGD(lr=0.01), batch_size=batch_size, n_epochs=n_epochs, rng=0)
    assert hist.n_updates == n_epochs * math.ceil(n / batch_size)
    assert hist.examples_seen[0] == 0 and hist.examples_seen[-1] == n_epochs * n
    assert hist.losses.shape == hist.examples_seen.shape == (hist.n_updates + 1,)
    assert not hist.losses.flags.writeable and hist.batch_size == batch_size


def test_training_is_seeded_and_leaves_the_starting_point_alone():
    X, y = _data()
    start = {"w": np.ones(3), "b": np.array(0.5)}
    a = fit_linear_regression(X, y, Adam(lr=0.01), batch_size=4, n_epochs=2, params=start, rng=7)
    b = fit_linear_regression(X, y, Adam(lr=0.01), batch_size=4, n_epochs=2, params=start, rng=7)
    c = fit_linear_regression(X, y, Adam(lr=0.01), batch_size=4, n_epochs=2, params=start, rng=8)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert not np.array_equal(a.losses, c.losses)
    np.testing.assert_array_equal(start["w"], np.ones(3))
    assert a.losses[0] == pytest.approx(linear_loss_and_grads(start, X, y)[0], rel=1e-14)


def test_stochastic_gradient_descent_gets_close_but_stays_noisy():
    X, y = _data(n=100, d=2)
    best = linear_loss_and_grads(least_squares(X, y), X, y)[0]
    hist = fit_linear_regression(X, y, SGD(lr=0.02), batch_size=1, n_epochs=5, rng=0)
    tail = hist.losses[-100:] - best
    assert tail.max() < 0.05 * (hist.losses[0] - best)  # it got close ...
    assert tail.min() > 1e-8                              # ... but not to the minimum


def test_divergence_stops_the_run_with_a_message_and_no_warning():
    X, y = _data()
    with np.errstate(all="raise"):
        hist = fit_linear_regression(X, y, SGD(lr=5.0), n_epochs=1000)
    assert hist.diverged and hist.n_updates < 1000
    assert np.all(np.isfinite(hist.losses))
    assert hist.message.startswith(f"Diverged at update {hist.n_updates + 1} (after {40 * (hist.n_updates + 1)} "
                                   "examples): the training loss")
    assert "max_loss = 1e+12" in hist.message


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [({"batch_size": 0}, ValueError, r"'batch_size' parameter of fit_linear_regression must be >= 1\. Got 0"),
     ({"batch_size": 41}, ValueError, r"must be <= n_samples = 40\. Got 41"),
     ({"n_epochs": 0}, ValueError, r"'n_epochs' parameter of fit_linear_regression must be >= 1\. Got 0"),
     ({"max_loss": -1.0}, ValueError, r"'max_loss' parameter of fit_linear_regression must be > 0"),
     ({"optimizer": "sgd"}, TypeError, r"'optimizer' parameter of fit_linear_regression must have a step")],
)
def test_fit_rejects_bad_parameters(kwargs, error, match):
    X, y = _data()
    args = {"optimizer": SGD(lr=0.1), **kwargs}
    optimizer = args.pop("optimizer")
    with pytest.raises(error, match=match):
        fit_linear_regression(X, y, optimizer, **args)


# ------------------------------------------------------------------------------------------------
# Measurements
# ------------------------------------------------------------------------------------------------


def test_gradient_noise_is_zero_for_the_full_batch_and_shrinks_with_the_batch_size():
    X, y = _data(n=200, d=3)
    zero = {"w": np.zeros(3), "b": np.array(0.0)}
    assert gradient_noise(X, y, zero, 200) < 1e-12
    noise = [gradient_noise(X, y, zero, b, rng=0) for b in (1, 4, 16, 64)]
    assert noise == sorted(noise, reverse=True)
    assert noise[0] / noise[2] == pytest.approx(4.0, rel=0.35)  # about 1/sqrt(B) for B << n


@pytest.mark.parametrize(("losses", "tol", "expected"),
                         [([5.0, 3.0, 1.0], 3.0, 1), ([5.0, 3.0], 0.1, None), ([0.0], 0.0, 0)])
def test_first_step_below(losses, tol, expected):
    assert first_step_below(losses, tol) == expected


@pytest.mark.parametrize(("lr", "expected"), [(0.5, 10), (0.9, 4), (1.0, 1), (1.5, 10)])
def test_steps_to_tolerance_matches_the_closed_form(lr, expected):
    # f(w) = w^2 / 2 from w0 = 1: w_t = (1 - lr)^t, so f(w_t) = (1 - lr)^(2t) / 2 <= 2^-21 when |1 - lr|^(2t) <= 2^-20:
    # t = 10 for |1 - lr| = 1/2, t = 4 for 0.1 (0.01^3 > 2^-20 > 0.01^4), t = 1 for lr = 1 (one step to the minimum)
    assert min(t for t in range(100) if 0.5 * abs(1 - lr) ** (2 * t) <= 2.0**-21) == expected
    q = Quadratic(curvatures=1.0)
    assert steps_to_tolerance(q, SGD(lr=lr), [1.0], tol=2.0**-21, max_steps=500) == expected


def test_best_learning_rate_prefers_reaching_the_tolerance_then_low_loss_and_puts_divergence_last():
    from types import SimpleNamespace

    def run(losses, diverged=False):
        return SimpleNamespace(losses=np.array(losses), final_loss=losses[-1], diverged=diverged)

    runs = {0.1: run([1.0, 1e-7, 1e-9]), 0.2: run([1.0, 0.5, 1e-7]), 0.3: run([1.0, 1e-12], diverged=True)}
    assert best_learning_rate(runs) == 0.1                           # first to reach 1e-6
    assert best_learning_rate({0.2: run([1.0, 0.5]), 0.3: run([1.0, 0.1]), 0.4: run([1.0, 2e6], True)}) == 0.3
    assert best_learning_rate({0.5: run([1.0, 1e9], diverged=True)}) == 0.5
    with pytest.raises(ValueError, match=r"'runs' parameter of best_learning_rate must be a non-empty dict"):
        best_learning_rate({})


def test_steps_to_tolerance_is_none_when_diverging_or_out_of_budget():
    q = Quadratic(curvatures=1.0)
    assert steps_to_tolerance(q, SGD(lr=2.1), [1.0], tol=1e-6, max_steps=10_000) is None
    assert steps_to_tolerance(q, SGD(lr=0.001), [1.0], tol=1e-6, max_steps=100) is None
    with pytest.raises(ValueError, match=r"'max_steps' parameter of steps_to_tolerance must be >= 0"):
        steps_to_tolerance(q, SGD(lr=0.1), [1.0], tol=1e-6, max_steps=-1)


# ------------------------------------------------------------------------------------------------
# The data set
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "d"), [(1, 1), (30, 2), (100, 5)])
def test_linear_regression_data_shapes_and_exact_fit_without_noise(n, d):
    X, y, true = linear_regression(n_samples=n, n_features=d, noise=0.0, bias=-2.0, rng=0)
    assert X.shape == (n, d) and y.shape == (n,) and true["w"].shape == (d,)
    np.testing.assert_allclose(y, X @ true["w"] - 2.0, rtol=1e-14)


def test_linear_regression_data_is_seeded():
    a = linear_regression(rng=1)
    b = linear_regression(rng=1)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], linear_regression(rng=2)[1])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"n_samples": 0}, r"'n_samples' parameter of linear_regression must be >= 1\. Got 0 instead"),
     ({"noise": -0.1}, r"'noise' parameter of linear_regression must be >= 0\. Got -0\.1 instead"),
     ({"n_features": 1.5}, r"'n_features' parameter of linear_regression must be an integer")],
)
def test_linear_regression_data_rejects_bad_parameters(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        linear_regression(**kwargs)


@pytest.mark.parametrize("batch_size", [1, 4, 16])
def test_gradient_noise_prediction_matches_many_shuffles(batch_size):
    # Monte Carlo: the mean squared batch error over 200 shuffled epochs agrees with sampling theory
    X, y, _ = linear_regression(n_samples=64, n_features=3, noise=0.5, rng=1)
    zero = {"w": np.zeros(3), "b": np.array(0.0)}
    measured = np.sqrt(np.mean([gradient_noise(X, y, zero, batch_size, rng=s) ** 2 for s in range(200)]))
    predicted = gradient_noise_prediction(X, y, zero, batch_size)
    assert measured == pytest.approx(predicted, rel=0.05)


def test_gradient_noise_prediction_is_zero_for_the_full_batch_and_checks_batch_size():
    X, y, _ = linear_regression(n_samples=10, n_features=2, rng=0)
    zero = {"w": np.zeros(2), "b": np.array(0.0)}
    assert gradient_noise_prediction(X, y, zero, 10) == 0.0
    message = r"'batch_size' parameter of gradient_noise_prediction must be in the range \[1, 10\]\. Got 11"
    with pytest.raises(ValueError, match=message):
        gradient_noise_prediction(X, y, zero, 11)
