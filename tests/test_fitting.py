"""Tests of nnbasics.fitting: line gradients, fits against closed forms, data, and error messages."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnbasics.datasets import line_with_outliers
from nnbasics.fitting import (
    REGRESSION_LOSSES,
    TWO_CLASSES,
    accuracy_and_cross_entropy,
    line_loss_surface,
    fit_constant,
    fit_line,
    line_gradient,
)
from nnbasics.gradcheck import check_gradient
from nnbasics.losses import Huber, get_loss
from nnbasics.training import History


def _outlier_readings(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(10.0, 0.5, size=20), [30.0, 32.0, 35.0]])   # 23: a unique median


@pytest.mark.parametrize("loss", [*REGRESSION_LOSSES, Huber(delta=0.5)])
@pytest.mark.parametrize("seed", range(4))
def test_line_gradient_matches_central_differences(loss, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=12)
    y = 2 * x + 1 + rng.normal(0, 1, size=12)
    params = rng.normal(size=2)
    # Stay clear of the kinks of MAE (r = 0) and Huber (|r| = delta), where differences straddle two pieces.
    r = params[0] * x + params[1] - y
    for kink in (0.0, 0.5, 1.0):
        assert np.min(np.abs(np.abs(r) - kink)) > 1e-3

    result = check_gradient(lambda p: line_gradient(loss, x, y, p[0], p[1])[0],
                            lambda p: np.array(line_gradient(loss, x, y, p[0], p[1])[1:]), params)
    assert result.passed, str(result)


def test_line_gradient_small_case():
    # y_hat = (1, 2), y = (0, 4): MSE = (1 + 4) / 2, g = (1, -2), dL/dw = 0 * 1 + 1 * (-2), dL/db = -1
    assert line_gradient("mse", [0.0, 1.0], [0.0, 4.0], 1.0, 1.0) == (2.5, -2.0, -1.0)


@pytest.mark.parametrize("seed", range(3))
def test_constant_fits_are_the_mean_the_median_and_in_between(seed):
    data = _outlier_readings(seed)
    mean, median = data.mean(), np.median(data)
    mse, mae, huber = (float(fit_constant(data, name).params["b"]) for name in ("mse", "mae", "huber"))
    assert mse == pytest.approx(mean, abs=1e-9)
    assert mae == pytest.approx(median, abs=1e-3)
    assert median - 0.5 < huber < mean - 2               # robust, but not the median


def test_line_fits_under_outliers():
    x, y = line_with_outliers(n=30, n_outliers=4, rng=0)
    fits = {name: fit_line(x, y, name) for name in REGRESSION_LOSSES}
    x_mat = np.column_stack([x, np.ones_like(x)])
    w_ls, b_ls = np.linalg.lstsq(x_mat, y, rcond=None)[0]
    w = {name: float(fit.params["w"]) for name, fit in fits.items()}
    b = {name: float(fit.params["b"]) for name, fit in fits.items()}
    assert w["mse"] == pytest.approx(w_ls, abs=1e-6) and b["mse"] == pytest.approx(b_ls, abs=1e-6)
    assert w["mse"] > 3.5                           # the outliers tilt the least-squares line
    assert abs(w["mae"] - 2.0) < 0.2 and abs(b["mae"] - 1.0) < 0.1
    assert abs(w["mae"] - 2.0) < abs(w["huber"] - 2.0) < abs(w["mse"] - 2.0)


def test_mae_needs_a_decaying_step():
    data = _outlier_readings(0)
    bouncing = fit_constant(data, "mae", lr=0.5, decay=False).path["b"][-10:]
    settled = fit_constant(data, "mae", lr=0.5).path["b"][-10:]
    assert np.ptp(bouncing) > 0.01
    assert np.ptp(settled) < 1e-3
    assert np.ptp(fit_constant(data, "mse", lr=0.5, decay=False).path["b"][-10:]) < 1e-12


def test_histories_are_exact_for_one_step():
    fit = fit_line([0.0, 1.0], [0.0, 4.0], "mse", lr=0.1, n_epochs=1, decay=False, w=1.0, b=1.0)
    assert isinstance(fit, History) and fit.record == "step" and fit.n_steps == fit.n_epochs == 1
    assert fit.path["w"].tolist() == [1.0, 1.0 - 0.1 * -2.0]
    assert fit.path["b"].tolist() == [1.0, 1.0 - 0.1 * -1.0]
    assert fit.loss[0] == 2.5
    decayed = fit_line([0.0, 1.0], [0.0, 4.0], "mse", lr=0.1, n_epochs=2, w=1.0, b=1.0)
    w1, b1 = decayed.path["w"][1], decayed.path["b"][1]
    _, dw, db = line_gradient("mse", [0.0, 1.0], [0.0, 4.0], w1, b1)
    assert decayed.path["w"][2] == pytest.approx(w1 - 0.1 / np.sqrt(2) * dw, rel=1e-15)
    assert decayed.path["b"][2] == pytest.approx(b1 - 0.1 / np.sqrt(2) * db, rel=1e-15)
    assert decayed.params["w"] == decayed.path["w"][-1] and decayed.params["b"] == decayed.path["b"][-1]
    assert decayed.message.startswith("Finished 2 epochs (2 steps, batch size 2)")


def _gradient_descent_by_hand(loss, x, y, w, b, lr, n_epochs, decay, fit_w):
    """The fits' algorithm written out independently of the training loop: full-batch steps with
    dL/dw = sum_i g_i x_i, dL/db = sum_i g_i and eta_t = lr / sqrt(t + 1) (or lr)."""
    fn = get_loss(loss)
    ws, bs, losses = [w], [b], [fn.loss(w * x + b, y)]
    for t in range(n_epochs):
        g = fn.grad(w * x + b, y)
        eta = lr / np.sqrt(t + 1) if decay else lr
        w, b = (w - eta * float(np.sum(g * x)) if fit_w else w), b - eta * float(np.sum(g))
        ws.append(w), bs.append(b), losses.append(fn.loss(w * x + b, y))
    return np.array(ws), np.array(bs), np.array(losses)


@pytest.mark.parametrize("loss", REGRESSION_LOSSES)
@pytest.mark.parametrize("decay", [True, False])
def test_fits_equal_gradient_descent_by_hand(loss, decay):
    x, y = line_with_outliers(n=30, n_outliers=4, rng=0)
    fit = fit_line(x, y, loss, lr=0.5, n_epochs=200, decay=decay, w=0.5, b=-0.2)
    ws, bs, losses = _gradient_descent_by_hand(loss, x, y, 0.5, -0.2, 0.5, 200, decay, fit_w=True)
    np.testing.assert_array_equal(fit.path["w"], ws)      # the same floating-point operations: bit for bit
    np.testing.assert_array_equal(fit.path["b"], bs)
    np.testing.assert_array_equal(fit.loss, losses)
    const = fit_constant(y, loss, lr=0.5, n_epochs=200, decay=decay, b=1.0)
    _, bs, losses = _gradient_descent_by_hand(loss, np.zeros_like(y), y, 0.0, 1.0, 0.5, 200, decay,
                                              fit_w=False)
    assert set(const.path) == {"b"}
    np.testing.assert_array_equal(const.path["b"], bs)
    np.testing.assert_array_equal(const.loss, losses)


@pytest.mark.parametrize("fit", [
    lambda lr: fit_line([-1.0, 0.0, 1.0], [0.0, 1.0, 5.0], "mse", lr=lr, decay=False),
    lambda lr: fit_constant([0.0, 1.0, 5.0], "mse", lr=lr, decay=False)])
def test_a_diverging_mse_fit_stops_and_states_the_step_size_bound(fit):
    # Hessian of the MSE: 2/3 [[2, 0], [0, 3]] for the line, 2 for the constant; lambda_max = 2, bound 1.
    with np.errstate(all="raise"):
        hist = fit(1.5)
    assert hist.diverged and hist.n_steps < 2000
    assert re.fullmatch(rf"Diverged at step {hist.n_steps} \(epoch {hist.n_steps}\): the training loss "
                        r"grew to \S+ \(above max_loss = \S+\)\. For this quadratic, gradient descent "
                        r"diverges when lr > 2/λ_max = 1; lr = 1\.5\.", hist.message), hist.message
    assert np.all(np.isfinite(hist.loss)) and hist.loss[-1] > 1e12 * (1 + hist.loss[0])
    assert not fit(0.99).diverged


@pytest.mark.parametrize("loss", REGRESSION_LOSSES)
def test_overflow_is_reported_in_words_not_as_a_nan_error(loss):
    with np.errstate(all="raise"):
        hist = fit_line([-1.0, 0.0, 1.0], [0.0, 1.0, 5.0], loss, lr=1e306, decay=False, n_epochs=50)
    assert hist.diverged
    assert re.match(r"Diverged at step \d+ \(epoch \d+\): (the gradient overflowed before the step could be "
                    r"taken|the parameters overflowed to inf or NaN|the training loss (grew to|overflowed))",
                    hist.message), hist.message


def test_line_with_outliers_is_seeded_and_places_outliers_on_the_right():
    x, y = line_with_outliers(20, 3, noise=0.0, shift=5.0, rng=4)
    np.testing.assert_array_equal(y, line_with_outliers(20, 3, noise=0.0, shift=5.0, rng=4)[1])
    moved = np.flatnonzero(y - (2 * x + 1) > 1)
    assert moved.size == 3 and np.all(x[moved] > 0)
    assert x.min() == -1.0 and x.max() == 1.0


# --------------------------------------------------------------------------------------------------
# line_loss_surface, accuracy_and_cross_entropy
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", [*REGRESSION_LOSSES, Huber(delta=0.5)])
@pytest.mark.parametrize("seed", range(3))
def test_loss_surface_equals_the_loss_of_each_line(loss, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=7), rng.normal(size=7)
    w, b = rng.normal(size=4), rng.normal(size=3)
    surface = line_loss_surface(loss, x, y, w, b)
    assert surface.shape == (3, 4)                      # rows follow b, columns w
    fn = get_loss(loss) if isinstance(loss, str) else loss
    for j in range(3):
        for i in range(4):
            assert surface[j, i] == fn.loss(w[i] * x + b[j], y)
            assert surface[j, i] == line_gradient(loss, x, y, w[i], b[j])[0]


def test_mse_surface_is_lowest_at_least_squares_and_mae_resists_outliers():
    x, y = line_with_outliers(n=30, n_outliers=4, noise=0.3, shift=8.0, rng=0)
    w_grid, b_grid = np.linspace(-1, 5, 61), np.linspace(-2, 4, 61)
    lstsq_w, lstsq_b = np.polyfit(x, y, 1)
    for loss, (w_best, b_best) in (("mse", (lstsq_w, lstsq_b)), ("mae", (2.0, 1.0))):
        surface = line_loss_surface(loss, x, y, w_grid, b_grid)
        j, i = np.unravel_index(surface.argmin(), surface.shape)
        assert abs(w_grid[i] - w_best) <= 0.2 and abs(b_grid[j] - b_best) <= 0.2, loss
    assert lstsq_w > 3.0                                   # the outliers tilt least squares


def test_accuracy_is_a_staircase_and_cross_entropy_is_smooth():
    x, y = TWO_CLASSES["x"], TWO_CLASSES["y"]
    grid = np.linspace(-3, 3, 301)
    acc, ce = np.array([accuracy_and_cross_entropy(x, y, w, 0.5) for w in grid]).T
    assert set(np.round(acc * len(x)).astype(int)) <= set(range(len(x) + 1))   # counts of right answers
    assert np.count_nonzero(np.diff(acc)) <= len(x)       # a jump only where the threshold crosses a point
    assert np.count_nonzero(np.diff(ce)) == grid.size - 1  # the surrogate moves at every step
    # the cross-entropy is BinaryCrossEntropyWithLogits of the logits, the accuracy counts w x + b > 0
    acc1, ce1 = accuracy_and_cross_entropy(x, y, 1.0, 0.5)
    assert ce1 == get_loss("binary_cross_entropy_with_logits").loss(x + 0.5, y)
    assert acc1 == np.mean((x + 0.5 > 0) == (y == 1)) == 0.875


def test_accuracy_rejects_non_binary_labels():
    with pytest.raises(ValueError, match=r"The 'y' parameter of accuracy_and_cross_entropy must hold labels 0 or 1"):
        accuracy_and_cross_entropy([0.0, 1.0], [0.0, 0.5], 1.0, 0.0)


def test_loss_surface_rejects_a_huge_grid():
    with pytest.raises(ValueError, match=r"The 'w' parameter of line_loss_surface must hold 1 to 1000"):
        line_loss_surface("mse", [0.0], [1.0], np.zeros(1001), [0.0])
