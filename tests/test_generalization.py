"""Tests of nnbasics.generalization: the data, the joints network, the bias-variance split, double descent,
augmentation, weight averaging, the regularization widget's grid, and their figures."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.dummy import DummyRegressor

from nnbasics import generalization as gen
from nnbasics.network import MLPClassifier, MLPRegressor
from nnbasics.plotting import generalization as figures


# ------------------------------------------------------------------------------------------------
# Data and the joints network
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 5, 40])
def test_noisy_sine_stays_within_half_a_step_of_its_grid(n):
    X, y = gen.noisy_sine(n, 0.0, rng=3)
    grid = np.linspace(-1, 1, n)
    assert X.shape == (n, 1) and y.shape == (n,)
    assert np.all(np.abs(X[:, 0] - grid) <= 1 / (n - 1) + 1e-12)
    assert np.all((X >= -1) & (X <= 1)) and np.all(np.diff(X[:, 0]) >= 0)
    np.testing.assert_allclose(y, np.sin(np.pi * X[:, 0]), rtol=0, atol=1e-15)


def test_noisy_sine_noise_has_the_requested_spread_and_is_seeded():
    X, y = gen.noisy_sine(20000, 0.3, rng=0)
    assert np.std(y - np.sin(np.pi * X[:, 0])) == pytest.approx(0.3, rel=0.02)
    np.testing.assert_array_equal(gen.noisy_sine(10, 0.3, rng=5)[1], gen.noisy_sine(10, 0.3, rng=5)[1])
    assert not np.array_equal(gen.noisy_sine(10, 0.3, rng=5)[1], gen.noisy_sine(10, 0.3, rng=6)[1])


@pytest.mark.parametrize("k", [1, 4, 9])
def test_joints_regressor_is_relu_units_at_evenly_spaced_joints(k):
    X, y = gen.noisy_sine(10, 0.2, rng=1)
    model = gen.JointsRegressor(k).fit(X, y)
    np.testing.assert_allclose(model.joints_, -1 + 2 * np.arange(k) / k)
    x = np.linspace(-1, 1, 7)[:, None]
    by_hand = sum(v * np.maximum(x[:, 0] - t, 0) for v, t in zip(model.coef_, model.joints_)) + model.intercept_
    np.testing.assert_allclose(model.predict(x), by_hand, rtol=1e-12, atol=1e-12)


def test_joints_regressor_interpolates_from_n_parameters_and_takes_the_smallest_norm_beyond():
    X, y = gen.noisy_sine(10, 0.3, rng=2)
    exact = gen.JointsRegressor(9).fit(X, y)                  # 10 parameters, 10 points
    np.testing.assert_allclose(exact.predict(X), y, atol=1e-9)
    wide = gen.JointsRegressor(30).fit(X, y)
    A = np.column_stack([np.maximum(X - wide.joints_, 0), np.ones(10)])
    np.testing.assert_allclose(np.append(wide.coef_, wide.intercept_), np.linalg.pinv(A) @ y, atol=1e-8)
    np.testing.assert_allclose(wide.predict(X), y, atol=1e-9)


@pytest.mark.parametrize("alpha", [1e-3, 0.5])
def test_joints_regressor_ridge_solves_the_penalised_normal_equations(alpha):
    X, y = gen.noisy_sine(12, 0.3, rng=4)
    model = gen.JointsRegressor(6, alpha=alpha).fit(X, y)
    A = np.column_stack([np.maximum(X - model.joints_, 0), np.ones(12)])
    P = alpha * np.diag([1.0] * 6 + [0.0])                     # the bias c is not penalised
    want = np.linalg.solve(A.T @ A + P, A.T @ y)
    np.testing.assert_allclose(np.append(model.coef_, model.intercept_), want, rtol=1e-8, atol=1e-10)


def test_joints_regressor_errors():
    with pytest.raises(ValueError, match=r"The 'X' parameter of JointsRegressor\.fit must have one column"):
        gen.JointsRegressor(3).fit(np.ones((4, 2)), np.ones(4))
    with pytest.raises(ValueError, match=r"The 'n_hidden' parameter of JointsRegressor must be >= 1"):
        gen.JointsRegressor(0).fit(np.ones((4, 1)), np.ones(4))
    with pytest.raises(TypeError, match=r"The 'X' parameter of JointsRegressor\.fit must hold real numbers"):
        gen.JointsRegressor(2).fit(np.ones((4, 1), dtype=bool), np.ones(4))
    assert clone(gen.JointsRegressor(5, alpha=0.1)).get_params() == {"n_hidden": 5, "alpha": 0.1}


# ------------------------------------------------------------------------------------------------
# Bias and variance
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("k", [2, 8, 19])
def test_bias_variance_decomposition_is_exact_and_the_noise_adds(k):
    bv = gen.bias_variance(gen.JointsRegressor(k), n_train=20, noise=0.3, n_resamples=60, rng=0)
    assert bv.error == pytest.approx(bv.bias2 + bv.variance, rel=1e-12)
    mean = bv.predictions.mean(axis=0)
    assert bv.bias2 == pytest.approx(np.mean((mean - bv.f_test) ** 2), rel=1e-12)
    assert bv.variance == pytest.approx(np.mean((bv.predictions - mean) ** 2), rel=1e-12)
    assert bv.noise2 == pytest.approx(0.09)
    # against fresh noisy labels the error is bias² + variance + σ², up to sampling noise
    assert bv.test_error == pytest.approx(bv.error + bv.noise2, rel=0.1)


@pytest.mark.parametrize("k", [4, 19])
def test_set_errors_are_each_training_sets_own_error_and_average_to_the_error(k):
    bv = gen.bias_variance(gen.JointsRegressor(k), n_train=20, noise=0.3, n_resamples=30, rng=1)
    X, y = gen.noisy_sine(20, 0.3, rng=1)                    # the first training set the generator draws
    own = np.mean((gen.JointsRegressor(k).fit(X, y).predict(bv.x_test[:, None]) - bv.f_test) ** 2)
    assert bv.set_errors.shape == (30,)
    assert bv.set_errors[0] == pytest.approx(own, rel=1e-9)
    assert bv.set_errors.mean() == pytest.approx(bv.error, rel=1e-12)


def test_a_model_that_ignores_the_data_has_no_variance_and_all_bias():
    bv = gen.bias_variance(DummyRegressor(strategy="constant", constant=0.0), n_resamples=5, rng=0)
    assert bv.variance == 0.0
    assert bv.bias2 == pytest.approx(np.mean(np.sin(np.pi * np.linspace(-1, 1, 201)) ** 2), rel=1e-12)


def test_bias_variance_reseeds_models_with_a_random_state():
    # Without new seeds an MLP on the same data would give the same function; with them it varies.
    bv = gen.bias_variance(MLPRegressor((4,), n_epochs=3), n_train=10, n_resamples=3, rng=0)
    assert not np.allclose(bv.predictions[0], bv.predictions[1])


def test_bias_variance_is_seeded():
    a = gen.bias_variance(gen.JointsRegressor(4), n_resamples=5, rng=7)
    b = gen.bias_variance(gen.JointsRegressor(4), n_resamples=5, rng=7)
    np.testing.assert_array_equal(a.predictions, b.predictions)


def test_bias_variance_refuses_a_class():
    with pytest.raises(TypeError, match=r"The 'model' parameter of bias_variance must be a scikit-learn"):
        gen.bias_variance(gen.JointsRegressor)


def test_double_descent_peaks_at_the_interpolation_point_and_falls_beyond():
    dd = gen.double_descent((3, 4, 16, 18, 19, 20, 64, 512), n_train=20, noise=0.3, n_resamples=40, rng=0)
    error = dd.curve("error")
    peak = dd.widths[int(np.argmax(error))]
    assert abs(peak + 1 - dd.n_train) <= 2                        # K + 1 parameters ≈ n points
    assert error.max() > 5 * dd.run(4).error and error.max() > 5 * dd.run(512).error
    assert np.all(dd.curve("train_error")[np.array(dd.widths) >= dd.interpolation_width] < 1e-20)
    assert dd.run(18).variance > 10 * dd.run(18).bias2            # the peak is variance
    np.testing.assert_allclose(dd.curve("error"), dd.curve("bias2") + dd.curve("variance"), rtol=1e-12)


def test_double_descent_errors():
    with pytest.raises(ValueError, match=r"The 'widths' parameter of double_descent must hold at least one"):
        gen.double_descent((2, 2))
    dd = gen.double_descent((2, 3), n_train=5, n_resamples=2)
    with pytest.raises(ValueError, match=r"The 'width' parameter of DoubleDescent\.run must be one of"):
        dd.run(4)
    with pytest.raises(ValueError, match=r"The 'name' parameter of DoubleDescent\.curve"):
        dd.curve("bias")


# ------------------------------------------------------------------------------------------------
# Augmentation, weight averaging
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shift", [(0, 1), (0, -1), (1, 0), (-1, 0), (2, -1)])
def test_shift_images_moves_every_pixel_and_fills_with_zeros(shift):
    rng = np.random.default_rng(0)
    X = rng.uniform(size=(3, 20))                                 # three 4 x 5 images
    Xa, ya = gen.shift_images(X, [1, 2, 3], (4, 5), [shift])
    moved = Xa[3:].reshape(3, 4, 5)
    dr, dc = shift
    for r in range(4):
        for c in range(5):
            r0, c0 = r - dr, c - dc
            want = X.reshape(3, 4, 5)[:, r0, c0] if 0 <= r0 < 4 and 0 <= c0 < 5 else 0.0
            np.testing.assert_array_equal(moved[:, r, c], want)
    np.testing.assert_array_equal(Xa[:3], X)
    assert ya.tolist() == [1, 2, 3, 1, 2, 3]


def test_shift_images_errors():
    with pytest.raises(ValueError, match=r"The 'shape' parameter of shift_images must have rows x columns = 4"):
        gen.shift_images(np.ones((1, 4)), [0], (3, 3))
    with pytest.raises(ValueError, match=r"The 'y' parameter of shift_images must have one label per image"):
        gen.shift_images(np.ones((2, 4)), [0], (2, 2))
    with pytest.raises(ValueError, match=r"The 'shifts' parameter of shift_images must be"):
        gen.shift_images(np.ones((1, 4)), [0], (2, 2), [(0, 2)])


def test_average_weights_averages_every_array_and_leaves_the_models_alone():
    X, y = gen.noisy_sine(20, 0.1, rng=0)
    nets = [MLPRegressor((6, 3), n_epochs=3, random_state=s).fit(X, y) for s in range(3)]
    before = [layer.W.copy() for layer in nets[0].layers_]
    mean = gen.average_weights(nets)
    for l, layer in enumerate(mean.layers_):
        np.testing.assert_allclose(layer.W, np.mean([n.layers_[l].W for n in nets], axis=0), rtol=1e-15)
        np.testing.assert_allclose(layer.b, np.mean([n.layers_[l].b for n in nets], axis=0), rtol=1e-15)
    for W, layer in zip(before, nets[0].layers_):
        np.testing.assert_array_equal(W, layer.W)
    manual = np.maximum(X @ mean.layers_[0].W + mean.layers_[0].b, 0)
    manual = np.maximum(manual @ mean.layers_[1].W + mean.layers_[1].b, 0) @ mean.layers_[2].W + mean.layers_[2].b
    np.testing.assert_allclose(mean.predict(X), manual[:, 0], rtol=1e-12)


def test_average_weights_errors():
    X, y = gen.noisy_sine(10, 0.1, rng=0)
    with pytest.raises(TypeError, match=r"The 'models' parameter of average_weights must hold fitted"):
        gen.average_weights([MLPRegressor()])
    with pytest.raises(ValueError, match=r"The 'models' parameter of average_weights must hold networks of "):
        gen.average_weights([MLPRegressor((2,), n_epochs=1).fit(X, y), MLPRegressor((3,), n_epochs=1).fit(X, y)])


# ------------------------------------------------------------------------------------------------
# The widget's grid, the figures
# ------------------------------------------------------------------------------------------------
def test_regularization_grid_shares_the_test_set_and_nests_the_training_sets():
    grid = gen.regularization_grid("moons", (10, 20), (0.0, 1.0), (0.0, 0.5), hidden=(4,), n_test=12,
                                   n_epochs=3, resolution=6)
    assert sorted(grid.runs) == [(n, a, d) for n in (10, 20) for a in (0.0, 1.0) for d in (0.0, 0.5)]
    small, large = grid.data[10], grid.data[20]
    np.testing.assert_array_equal(small.X_test, large.X_test)
    np.testing.assert_array_equal(small.X_train, large.X_train[:10])
    frame = grid.frame(20, 1.0, 0.5)
    run = grid.runs[(20, 1.0, 0.5)]
    assert frame.grid.shape == (6, 6) and frame.epoch == 3
    assert run.model.alpha == 1.0 and run.model.dropout == 0.5
    # the same starting weights: without regularization, 10 and 20 points differ only by the data
    first = [grid.runs[(n, 0.0, 0.0)].model for n in (10, 20)]
    assert first[0].random_state == first[1].random_state == 0
    fig = grid.render()(n_train=10, alpha=0.0, dropout=0.0)
    assert fig.axes[0].get_title().startswith("moons")


def test_regularization_grid_frame_names_the_setting_not_trained():
    grid = gen.regularization_grid("moons", (10,), (0.0,), (0.0,), hidden=(2,), n_test=6, n_epochs=1,
                                   resolution=4)
    with pytest.raises(ValueError, match=r"The 'alpha' parameter of RegularizationGrid\.frame must be one of"):
        grid.frame(10, 0.3, 0.0)


def test_plot_learning_curves_draws_two_lines_per_model():
    fig = figures.plot_learning_curves([10, 100, 1000], {"a": ([0.0, 0.1, 0.1], [0.5, 0.3, 0.2]),
                                                         "b": ([0.2, 0.2, 0.2], [0.4, 0.3, 0.25])})
    lines = fig.axes[0].lines
    assert [line.get_label() for line in lines] == ["a, training", "a, validation", "b, training", "b, validation"]
    np.testing.assert_array_equal(lines[1].get_ydata(), [0.5, 0.3, 0.2])
    with pytest.raises(ValueError, match=r"The 'curves' parameter of plot_learning_curves must hold curves"):
        figures.plot_learning_curves([1, 2], {"a": ([0.1], [0.2])})


@pytest.mark.parametrize("width", [2, 9, 32])
def test_double_descent_render_shows_the_runs_of_the_width(width):
    dd = gen.double_descent((2, 9, 32), n_train=10, n_resamples=5, rng=0)
    fig = figures.double_descent_render(dd)(width=width)
    left, right = fig.axes
    fits = [line for line in left.lines if line.get_color() == left.lines[1].get_color()]
    np.testing.assert_array_equal(fits[0].get_ydata(), dd.run(width).predictions[0])
    assert f"bias² {dd.run(width).bias2:.3g}" in right.get_title()
    with pytest.raises(TypeError, match=r"The 'result' parameter of double_descent_render must be"):
        figures.double_descent_render("dd")


def test_mlp_classifier_dropout_reaches_the_grid_runs():
    # regularization_grid passes dropout through playground.train_snapshots to the classifier
    grid = gen.regularization_grid("moons", (10,), (0.0,), (0.3,), hidden=(3,), n_test=6, n_epochs=1,
                                   resolution=4)
    assert isinstance(grid.runs[(10, 0.0, 0.3)].model, MLPClassifier)
    assert grid.runs[(10, 0.0, 0.3)].model.dropout == 0.3


@pytest.mark.parametrize("seed, width", [(0, 18), (3, 4), (7, 40)])
def test_an_integer_seed_gives_double_descent_the_training_sets_of_bias_variance(seed, width):
    dd = gen.double_descent((2, width), n_train=12, noise=0.3, n_resamples=6, rng=seed)
    alone = gen.bias_variance(gen.JointsRegressor(width), 12, 0.3, 6, rng=seed)
    np.testing.assert_array_equal(dd.run(width).predictions, alone.predictions)
    assert dd.run(width).error == alone.error


@pytest.mark.parametrize("width, alpha", [(3, 0.0), (19, 0.0), (64, 0.0), (18, 0.1)])
def test_bias_variance_of_a_joints_regressor_equals_that_of_the_fitted_estimators(width, alpha):
    # bias_variance fits JointsRegressor without the estimator's checks; the numbers must be those of fit.
    fast = gen.bias_variance(gen.JointsRegressor(width, alpha), 12, 0.3, 5, rng=2)
    rng = np.random.default_rng(2)
    x_test = np.linspace(-1.0, 1.0, 201)[:, None]
    for r in range(5):
        X, y = gen.noisy_sine(12, 0.3, rng=rng)
        model = gen.JointsRegressor(width, alpha).fit(X, y)
        np.testing.assert_allclose(fast.predictions[r], model.predict(x_test), rtol=1e-12, atol=1e-12)
