"""Tests of nnbasics.fitting: line gradients, fits against closed forms, data, and error messages."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics.datasets import line_with_outliers
from nnbasics.fitting import (
    REGRESSION_LOSSES,
    LineFit,
    fit_constant,
    fit_line,
    line_gradient,
)
from nnbasics.gradcheck import check_gradient
from nnbasics.losses import Huber


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
    mse, mae, huber = (fit_constant(data, name).b for name in ("mse", "mae", "huber"))
    assert mse == pytest.approx(mean, abs=1e-9)
    assert mae == pytest.approx(median, abs=1e-3)
    assert median - 0.5 < huber < mean - 2               # robust, but not the median


def test_line_fits_under_outliers():
    x, y = line_with_outliers(n=30, n_outliers=4, rng=0)
    fits = {name: fit_line(x, y, name) for name in REGRESSION_LOSSES}
    x_mat = np.column_stack([x, np.ones_like(x)])
    w_ls, b_ls = np.linalg.lstsq(x_mat, y, rcond=None)[0]
    assert fits["mse"].w == pytest.approx(w_ls, abs=1e-6) and fits["mse"].b == pytest.approx(b_ls, abs=1e-6)
    assert fits["mse"].w > 3.5                           # the outliers tilt the least-squares line
    assert abs(fits["mae"].w - 2.0) < 0.2 and abs(fits["mae"].b - 1.0) < 0.1
    assert abs(fits["mae"].w - 2.0) < abs(fits["huber"].w - 2.0) < abs(fits["mse"].w - 2.0)


def test_mae_needs_a_decaying_step():
    data = _outlier_readings(0)
    bouncing = fit_constant(data, "mae", lr=0.5, decay=False).b_history[-10:]
    settled = fit_constant(data, "mae", lr=0.5).b_history[-10:]
    assert np.ptp(bouncing) > 0.01
    assert np.ptp(settled) < 1e-3
    assert np.ptp(fit_constant(data, "mse", lr=0.5, decay=False).b_history[-10:]) < 1e-12


def test_histories_are_exact_for_one_step():
    fit = fit_line([0.0, 1.0], [0.0, 4.0], "mse", lr=0.1, epochs=1, decay=False, w=1.0, b=1.0)
    assert isinstance(fit, LineFit)
    assert fit.w_history.tolist() == [1.0, 1.0 - 0.1 * -2.0]
    assert fit.b_history.tolist() == [1.0, 1.0 - 0.1 * -1.0]
    assert fit.loss_history[0] == 2.5
    decayed = fit_line([0.0, 1.0], [0.0, 4.0], "mse", lr=0.1, epochs=2, w=1.0, b=1.0)
    w1, b1 = decayed.w_history[1], decayed.b_history[1]
    _, dw, db = line_gradient("mse", [0.0, 1.0], [0.0, 4.0], w1, b1)
    assert decayed.w_history[2] == pytest.approx(w1 - 0.1 / np.sqrt(2) * dw, rel=1e-15)
    assert decayed.b_history[2] == pytest.approx(b1 - 0.1 / np.sqrt(2) * db, rel=1e-15)
    assert "LineFit(w=" in repr(decayed)


def test_line_with_outliers_is_seeded_and_places_outliers_on_the_right():
    x, y = line_with_outliers(20, 3, noise=0.0, shift=5.0, rng=4)
    np.testing.assert_array_equal(y, line_with_outliers(20, 3, noise=0.0, shift=5.0, rng=4)[1])
    moved = np.flatnonzero(y - (2 * x + 1) > 1)
    assert moved.size == 3 and np.all(x[moved] > 0)
    assert x.min() == -1.0 and x.max() == 1.0
