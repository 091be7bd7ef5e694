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
    History,
    gradient_noise_prediction,
    best_learning_rate,
    first_step_below,
    stays_below,
    fit_linear_regression,
    gradient_noise,
    least_squares,
    linear_loss_and_grads,
    minibatches,
    sgd_lr_bound,
    steps_to_tolerance,
    train,
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


def test_loss_is_the_mean_squared_error_and_its_gradient_the_chain_rule_by_hand():
    X, y = _data()
    params = {"w": np.array([0.5, -1.0, 2.0]), "b": np.array(0.3)}
    loss, grads = linear_loss_and_grads(params, X, y)
    r = X @ params["w"] + params["b"] - y
    assert loss == pytest.approx(np.mean(r**2), rel=1e-14)
    np.testing.assert_allclose(grads["w"], 2 * X.T @ r / len(y), rtol=1e-13)
    np.testing.assert_allclose(grads["b"], 2 * r.mean(), rtol=1e-13)
    assert grads["b"].shape == ()


@pytest.mark.parametrize(
    ("params", "match"),
    [({"w": np.zeros(3)}, (r"'params' parameter of linear_loss_and_grads must be a dict with the keys 'w' and 'b'\. "
                          r"Got \['w'\] instead")),
     ({"w": np.zeros(2), "b": 0.0}, (r"must hold a weight vector 'w' of shape \(3,\), one weight per column of X\. "
                                    r"Got shape \(2,\)")),
     ({"w": np.zeros(3), "b": np.zeros(2)}, r"'params\['b'\]' parameter of linear_loss_and_grads must have 0 dim")],
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
    assert not hist.diverged and np.all(np.diff(hist.loss) <= 1e-15)  # batch GD never goes uphill here


@pytest.mark.parametrize(("n", "batch_size", "n_epochs"), [(40, 1, 2), (40, 16, 3), (40, 40, 5), (41, 8, 1)])
def test_cost_is_counted_in_examples(n, batch_size, n_epochs):
    X, y = _data(n=n)
    hist = fit_linear_regression(X, y, SGD(lr=0.01), batch_size=batch_size, n_epochs=n_epochs, rng=0)
    assert hist.n_steps == n_epochs * math.ceil(n / batch_size) and hist.n_epochs == n_epochs
    assert hist.examples_seen[0] == 0 and hist.examples_seen[-1] == n_epochs * n
    assert len(hist.loss) == len(hist.examples_seen) == hist.n_steps + 1
    assert hist.message.startswith(f"Finished {n_epochs} epochs ({hist.n_steps} steps, "
                                   f"batch size {batch_size})")


def test_training_is_seeded_and_leaves_the_starting_point_alone():
    X, y = _data()
    start = {"w": np.ones(3), "b": np.array(0.5)}
    a = fit_linear_regression(X, y, Adam(lr=0.01), batch_size=4, n_epochs=2, params=start, rng=7)
    b = fit_linear_regression(X, y, Adam(lr=0.01), batch_size=4, n_epochs=2, params=start, rng=7)
    c = fit_linear_regression(X, y, Adam(lr=0.01), batch_size=4, n_epochs=2, params=start, rng=8)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert not np.array_equal(a.loss, c.loss)
    np.testing.assert_array_equal(start["w"], np.ones(3))
    assert a.loss[0] == pytest.approx(linear_loss_and_grads(start, X, y)[0], rel=1e-14)


def test_stochastic_gradient_descent_gets_close_but_stays_noisy():
    X, y = _data(n=100, d=2)
    best = linear_loss_and_grads(least_squares(X, y), X, y)[0]
    hist = fit_linear_regression(X, y, SGD(lr=0.02), batch_size=1, n_epochs=5, rng=0)
    tail = np.array(hist.loss[-100:]) - best
    assert tail.max() < 0.05 * (hist.loss[0] - best)  # it got close ...
    assert tail.min() > 1e-8                              # ... but not to the minimum


def test_divergence_stops_the_run_with_a_message_and_no_warning():
    X, y = _data()
    with np.errstate(all="raise"):
        hist = fit_linear_regression(X, y, SGD(lr=5.0), n_epochs=1000)
    assert hist.diverged and hist.n_steps < 1000
    assert np.all(np.isfinite(hist.loss)) and hist.loss[-1] > 1e12  # the jump is recorded
    X1 = np.column_stack([X, np.ones(40)])
    bound = 2 / np.linalg.eigvalsh(2 * X1.T @ X1 / 40)[-1]
    assert hist.message == (f"Diverged at step {hist.n_steps} (epoch {hist.n_steps}): the training loss grew "
                            f"to {hist.loss[-1]:.3g} (above max_loss = 1e+12). For this quadratic, gradient "
                            f"descent diverges when lr > 2/λ_max = {bound:.3g}; lr = 5.")


@pytest.mark.parametrize("batch_size", [1, 7, 40])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_fit_equals_minibatch_sgd_written_out(batch_size, momentum):
    """Independent of the loop: each epoch one permutation from the same generator, each batch the gradient
    2/B X_B^T (X_B w + b - y_B), and the heavy-ball update of SGD written out."""
    X, y = _data(n=40)
    hist = fit_linear_regression(X, y, SGD(0.02, momentum=momentum), batch_size=batch_size, n_epochs=3, rng=5)
    rng = np.random.default_rng(5)
    w, b, vel_w, vel_b, losses = np.zeros(3), 0.0, np.zeros(3), 0.0, [np.mean(y**2)]
    for _ in range(3):
        order = rng.permutation(40)
        for start in range(0, 40, batch_size):
            Xb, yb = X[order[start:start + batch_size]], y[order[start:start + batch_size]]
            r = Xb @ w + b - yb
            vel_w, vel_b = momentum * vel_w + 2 * Xb.T @ r / len(yb), momentum * vel_b + 2 * r.mean()
            w, b = w - 0.02 * vel_w, b - 0.02 * vel_b
            losses.append(np.mean((X @ w + b - y) ** 2))
    np.testing.assert_allclose(hist.params["w"], w, rtol=1e-13)
    assert float(hist.params["b"]) == pytest.approx(b, rel=1e-13)
    np.testing.assert_allclose(hist.loss, losses, rtol=1e-13)


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


@pytest.mark.parametrize(("losses", "tol", "last", "expected"), [
    ([9.0, 1e-5, 2.0, 1e-6], 1e-3, 1, True),      # the last entry alone is low ...
    ([9.0, 1e-5, 2.0, 1e-6], 1e-3, 3, False),     # ... but the flare before it counts
    ([9.0, 1e-5, 2.0, 1e-6], 3.0, 3, True),
    ([1e-4, 1e-5], 1e-3, 50, True),               # a record shorter than last: all of it
    ([1e-4, float("nan")], 1e-3, 2, False),       # NaN never counts as below
    ([0.0], 0.0, 1, True),
])
def test_stays_below(losses, tol, last, expected):
    assert stays_below(losses, tol, last=last) is expected


def test_stays_below_refuses_an_empty_record():
    with pytest.raises(ValueError, match=r"'losses' parameter of stays_below must hold at least one loss"):
        stays_below([], 1e-3)


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
        return SimpleNamespace(loss=losses, final_loss=losses[-1], diverged=diverged)

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
# The loop itself: records, schedules, no data, the bound
# ------------------------------------------------------------------------------------------------


def _bowl(lam=10.0, lr=0.15, n_steps=3, **kwargs):
    """Gradient descent on f(w) = lam/2 w^2 from w = 1, through train without data."""
    w = {"w": np.array([1.0])}
    hist = train(lambda: {"w": lam * w["w"]}, w, SGD(lr), n_epochs=n_steps, record="step", keep_path=True,
                 training_loss=lambda: float(lam / 2 * w["w"] @ w["w"]), **kwargs)
    return hist


def test_train_without_data_records_every_step_exactly():
    hist = _bowl()
    np.testing.assert_array_equal(hist.path["w"][:, 0], [1.0, -0.5, 0.25, -0.125])   # (1 - 1.5)^t
    assert hist.loss == [5.0, 1.25, 0.3125, 0.078125] and hist.examples_seen == []
    assert hist.metrics == {} and not hist.path["w"].flags.writeable
    assert hist.n_steps == hist.n_epochs == 3 and hist.message == (
        "Finished 3 steps without diverging; the final loss is 0.0781.")


@pytest.mark.parametrize(("lr", "momentum", "nesterov", "bound", "method", "formula"),
                         [(0.25, 0.0, False, 0.2, "gradient descent", "2/λ_max"),
                          (0.4, 0.9, False, 0.38, "SGD with momentum μ = 0.9", "2(1+μ)/λ_max"),
                          (0.14, 0.9, True, 0.136, "SGD with Nesterov momentum μ = 0.9",
                           "2(1+μ)/((1+2μ)λ_max)")])
def test_train_states_the_sgd_bound_of_the_curvature(lr, momentum, nesterov, bound, method, formula):
    assert sgd_lr_bound(10.0, momentum, nesterov) == pytest.approx(bound, rel=5e-3)
    w = {"w": np.array([1.0])}
    hist = train(lambda: {"w": 10.0 * w["w"]}, w, SGD(lr, momentum=momentum, nesterov=nesterov),
                 training_loss=lambda: float(5 * w["w"] @ w["w"]), n_epochs=1000, record="step",
                 curvature=10.0, max_loss=1e6)
    assert hist.diverged and hist.message.endswith(
        f"For this quadratic, {method} diverges when lr > {formula} = {bound:.3g}; lr = {lr:g}.")
    few = _bowl(lr=0.21, n_steps=2, curvature=10.0)
    assert few.message.endswith("lr > 2/λ_max = 0.2; lr = 0.21. Given more steps, this run would diverge.")
    assert "λ_max = " not in _bowl(lr=0.21, n_steps=2).message   # no curvature, no bound


def test_train_lr_schedule_sets_the_rate_of_each_step():
    hist = _bowl(lr=1.0, n_steps=3, lr_schedule=lambda t: [0.1, 0.05, 0.2][t])
    w, expected = 1.0, [1.0]
    for eta in (0.1, 0.05, 0.2):
        w -= eta * 10 * w
        expected.append(w)
    np.testing.assert_array_equal(hist.path["w"][:, 0], expected)


def test_train_zero_epochs_and_a_start_above_max_loss():
    assert _bowl(n_steps=0).loss == [5.0]
    start = _bowl(max_loss=1.0)
    assert start.diverged and start.n_steps == 0 and start.message.startswith(
        "Diverged before the first step: the loss at the start is 5 (above max_loss = 1).")


def test_train_record_by_epoch_and_by_step_see_the_same_run():
    X, y = _data(n=20)
    runs = {}
    for record in ("epoch", "step"):
        params = {"w": np.zeros(3), "b": np.array(0.0)}

        def batch_grads(Xb, yb, p=params):
            return linear_loss_and_grads(p, Xb, yb)[1]

        def training_loss(p=params):
            return linear_loss_and_grads(p, X, y)[0]

        runs[record] = train(batch_grads, params, SGD(0.05), X, y, training_loss=training_loss, batch_size=5,
                             n_epochs=3, rng=1, record=record)
    by_epoch, by_step = runs["epoch"], runs["step"]
    assert isinstance(by_epoch, History) and len(by_epoch.loss) == 3 and len(by_step.loss) == 13
    assert by_epoch.loss == by_step.loss[4::4] and by_epoch.examples_seen == [20, 40, 60]
    with pytest.raises(ValueError, match=r"The 'record' parameter of train must be one of 'epoch', 'step'\. "
                                         r"Got 'batch' instead\."):
        train(batch_grads, {"w": np.zeros(3)}, SGD(0.1), X, y, training_loss=lambda: 0.0, n_epochs=1,
              record="batch")


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
     ({"noise": -0.1}, r"'noise' parameter of linear_regression must be in the range \[0, 1e\+100\]\. Got -0\.1 instead"),
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


@pytest.mark.parametrize("seed", [0, 1])
def test_linear_regression_hessian_is_the_derivative_of_the_gradient(seed):
    X, y, _ = linear_regression(n_samples=30, n_features=3, noise=0.1, rng=seed)
    H = training.linear_regression_hessian(X)
    theta = np.random.default_rng(seed).normal(size=4)

    def grad(t):
        grads = training.linear_loss_and_grads({"w": t[:3], "b": np.array(t[3])}, X, y)[1]
        return np.append(grads["w"], grads["b"])

    eps = 1e-5
    numeric = np.array([(grad(theta + eps * e) - grad(theta - eps * e)) / (2 * eps) for e in np.eye(4)])
    np.testing.assert_allclose(H, numeric, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(H, H.T)


def test_scaling_and_shifting_a_feature_raise_the_condition_number():
    X, _, _ = linear_regression(n_samples=256, n_features=4, noise=0.5, rng=0)

    def kappa(features):
        lam = np.linalg.eigvalsh(training.linear_regression_hessian(features))
        return lam[-1] / lam[0]

    base = kappa(X)
    scaled = X * np.array([10.0, 1.0, 1.0, 1.0])
    assert kappa(scaled) > 50 * base and kappa(X + 3.0) > 500 * base
    standard = (scaled + 3.0 - (scaled + 3.0).mean(axis=0)) / (scaled + 3.0).std(axis=0)
    assert kappa(standard) < 2.0
