"""Tests of nnbasics.surfaces: gradients, vectorisation, minima, the divergence rule and its messages."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnbasics.gradcheck import check_gradient
from nnbasics.optim import SGD, Adam, RMSprop
from nnbasics.surfaces import Himmelblau, Quadratic, Rosenbrock, Surface, run_optimizer
from nnbasics.training import History, steps_to_tolerance

SURFACES = [
    Quadratic(),
    Quadratic(curvatures=4.0),
    Quadratic(curvatures=(0.5, 3.0, 7.0), center=(1.0, -2.0, 0.5)),
    Rosenbrock(),
    Rosenbrock(a=-0.5, b=10.0),
    Himmelblau(),
]


def _points_in_bounds(surface: Surface, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    low, high = np.array(surface.bounds).T
    return rng.uniform(low, high, size=(n, surface.dim))


# ------------------------------------------------------------------------------------------------
# Values and gradients
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("surface", SURFACES, ids=repr)
def test_gradient_matches_central_differences(surface):
    for w in _points_in_bounds(surface, 5, seed=0):
        result = check_gradient(surface.value, surface.grad, w)
        assert result.passed, str(result)


@pytest.mark.parametrize("surface", SURFACES, ids=repr)
def test_value_and_grad_are_vectorised_over_a_grid(surface):
    if surface.dim == 2:
        (x0, x1), (y0, y1) = surface.bounds
        X, Y = np.meshgrid(np.linspace(x0, x1, 9), np.linspace(y0, y1, 7))
        grid = np.stack([X, Y], axis=-1)  # (7, 9, 2), as for a contour plot
    else:
        grid = _points_in_bounds(surface, 12, seed=1).reshape(3, 4, surface.dim)
    values, grads = surface.value(grid), surface.grad(grid)
    assert values.shape == grid.shape[:-1]
    assert grads.shape == grid.shape
    for idx in np.ndindex(grid.shape[:-1]):
        assert values[idx] == surface.value(grid[idx])
        np.testing.assert_array_equal(grads[idx], surface.grad(grid[idx]))


def test_single_point_gives_float_and_gradient_of_shape_d():
    r = Rosenbrock()
    assert type(r.value([0.5, 0.5])) is float
    assert r.grad([0.5, 0.5]).shape == (2,)
    q = Quadratic(curvatures=4.0)
    assert q.value(0.5) == q.value([0.5]) == 0.5  # 1-D: a scalar is accepted
    np.testing.assert_array_equal(q.grad(0.5), [2.0])


def test_quadratic_formula_and_properties():
    q = Quadratic(curvatures=(0.5, 3.0, 8.0), center=(1.0, -2.0, 0.5))
    w = np.array([2.0, 0.0, 0.0])
    assert q.value(w) == pytest.approx(0.5 * (0.5 * 1.0 + 3.0 * 4.0 + 8.0 * 0.25))
    np.testing.assert_allclose(q.grad(w), [0.5 * 1.0, 3.0 * 2.0, 8.0 * -0.5])
    np.testing.assert_array_equal(q.minimum, [1.0, -2.0, 0.5])
    assert (q.lambda_max, q.lambda_min, q.condition_number) == (8.0, 0.5, 16.0)
    assert q.max_stable_lr == 2 / 8
    assert q.stable_lr_bound() == q.max_stable_lr
    assert q.stable_lr_bound(momentum=0.5) == pytest.approx(2 * 1.5 / 8)
    assert q.stable_lr_bound(momentum=0.5, nesterov=True) == pytest.approx(2 * 1.5 / (2.0 * 8))
    assert repr(q) == "Quadratic(curvatures=(0.5, 3.0, 8.0), center=(1.0, -2.0, 0.5))"
    assert q.bounds == ((-1.0, 3.0), (-4.0, 0.0), (-1.5, 2.5))


@pytest.mark.parametrize("a, b", [(1.0, 100.0), (-0.5, 10.0), (2.0, 1.0)])
def test_rosenbrock_minimum_at_a_a_squared(a, b):
    r = Rosenbrock(a=a, b=b)
    np.testing.assert_array_equal(r.minimum, [a, a * a])
    assert r.value(r.minimum) == 0.0
    np.testing.assert_array_equal(r.grad(r.minimum), [0.0, 0.0])
    (x0, x1), (y0, y1) = r.bounds
    assert x0 < a < x1 and y0 < a * a < y1
    # nearby points are worse
    for d in ([1e-3, 0.0], [0.0, 1e-3], [-1e-3, 1e-3]):
        assert r.value(r.minimum + np.array(d)) > 0.0


@pytest.mark.parametrize("surface", [Rosenbrock(), Rosenbrock(a=-0.5, b=10.0)], ids=repr)
def test_rosenbrock_hessian_matches_central_differences_of_the_gradient(surface):
    for w in _points_in_bounds(surface, 5, seed=1):
        for j in range(2):  # column j of the Hessian is the gradient of the j-th partial derivative
            result = check_gradient(lambda v, j=j: surface.grad(v)[j],
                                    lambda v, j=j: surface.hessian_at(v)[j], w)
            assert result.passed, str(result)
    batch = _points_in_bounds(surface, 6, seed=2).reshape(2, 3, 2)
    hessians = surface.hessian_at(batch)
    assert hessians.shape == (2, 3, 2, 2)
    np.testing.assert_array_equal(hessians[1, 2], surface.hessian_at(batch[1, 2]))


def test_rosenbrock_curvature_and_its_stable_rate_change_along_the_valley():
    r = Rosenbrock()
    bounds = {w: 2 / np.linalg.eigvalsh(r.hessian_at(w)).max() for w in [(-1.2, 1.0), (1.0, 1.0)]}
    assert bounds[(-1.2, 1.0)] == pytest.approx(0.00133, abs=1e-5)   # steeper walls at the start
    assert bounds[(1.0, 1.0)] == pytest.approx(0.001997, abs=1e-6)   # 2 / 1001.6 at the minimum


def test_himmelblau_has_four_minima():
    h = Himmelblau()
    assert h.minima.shape == (4, 2)
    np.testing.assert_array_equal(h.minimum, [3.0, 2.0])
    np.testing.assert_allclose(h.value(h.minima), 0.0, atol=1e-26)
    np.testing.assert_allclose(h.grad(h.minima), 0.0, atol=1e-13)


@pytest.mark.parametrize("surface", SURFACES, ids=repr)
def test_minimum_attributes_are_read_only(surface):
    assert surface.minimum.shape == (surface.dim,)
    assert surface.minima.shape[1] == surface.dim
    assert len(surface.bounds) == surface.dim
    with pytest.raises(ValueError, match="read-only"):
        surface.minimum[0] = 5.0


# ------------------------------------------------------------------------------------------------
# The divergence threshold of gradient descent (with and without momentum)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("curvatures", [(1.0, 10.0), (4.0,), (0.5, 3.0, 7.0)])
def test_gradient_descent_diverges_just_above_two_over_lambda_max(curvatures):
    q = Quadratic(curvatures=curvatures)
    w0 = np.ones(q.dim)
    bound = 2 / max(curvatures)
    stable = run_optimizer(q, SGD(lr=0.99 * bound), w0, n_steps=2000)
    assert not stable.diverged
    assert stable.final_loss < 1e-6 * stable.loss[0]
    lr = 1.01 * bound
    unstable = run_optimizer(q, SGD(lr=lr), w0, n_steps=2000)
    assert unstable.diverged
    assert unstable.n_steps < 2000
    assert unstable.message.startswith(f"Diverged at step {unstable.n_steps}: the loss grew to ")
    assert unstable.message.endswith(
        f"(above max_loss = 1e+06). For this quadratic, gradient descent diverges when "
        f"lr > 2/λ_max = {bound:.3g}; lr = {lr:g}.")


@pytest.mark.parametrize("momentum, nesterov", [(0.5, False), (0.9, False), (0.5, True), (0.9, True)])
def test_momentum_changes_the_threshold(momentum, nesterov):
    q = Quadratic(curvatures=(1.0, 10.0))
    if nesterov:
        bound, formula = 2 * (1 + momentum) / ((1 + 2 * momentum) * 10.0), "2(1+μ)/((1+2μ)λ_max)"
        method = f"SGD with Nesterov momentum μ = {momentum:g}"
    else:
        bound, formula = 2 * (1 + momentum) / 10.0, "2(1+μ)/λ_max"
        method = f"SGD with momentum μ = {momentum:g}"
    assert q.stable_lr_bound(momentum, nesterov) == pytest.approx(bound, rel=1e-15)
    stable = run_optimizer(q, SGD(0.99 * bound, momentum=momentum, nesterov=nesterov), [1.0, 1.0], 1500)
    assert not stable.diverged
    assert stable.final_loss < 1e-6
    lr = 1.01 * bound
    unstable = run_optimizer(q, SGD(lr, momentum=momentum, nesterov=nesterov), [1.0, 1.0], 1500)
    assert unstable.diverged
    assert unstable.message.endswith(f"For this quadratic, {method} diverges when lr > {formula} = "
                                     f"{bound:.3g}; lr = {lr:g}.")


def test_divergence_message_example_from_the_book():
    run = run_optimizer(Quadratic(curvatures=(1.0, 10.0)), SGD(lr=0.25), [1.0, 1.0], n_steps=100)
    assert run.message == (
        "Diverged at step 16: the loss grew to 2.16e+06 (above max_loss = 1e+06). "
        "For this quadratic, gradient descent diverges when lr > 2/λ_max = 0.2; lr = 0.25.")
    # the point that crossed max_loss is recorded, so a plot shows the jump
    assert run.path["w"].shape == (17, 2) and run.n_steps == 16 and len(run.loss) == 17
    assert run.loss[-1] > 1e6 and np.all(np.array(run.loss[:-1]) <= 1e6)


def test_other_optimizers_get_the_general_rule_not_the_sgd_bound():
    run = run_optimizer(Quadratic(curvatures=(1.0, 10.0)), RMSprop(lr=1e3), [1.0, 1.0], n_steps=50)
    assert run.diverged
    assert run.message == (
        "Diverged at step 1: the loss grew to 5.5e+08 (above max_loss = 1e+06). Gradient descent diverges "
        "when the step is too large for the curvature of the loss (on a quadratic, lr > 2/λ_max, with λ_max "
        "its largest curvature); lr = 1000 is above that bound here: lower it, e.g. tenfold.")


def test_too_few_steps_to_see_divergence_still_warns():
    run = run_optimizer(Quadratic(curvatures=(1.0, 10.0)), SGD(lr=0.21), [1.0, 1.0], n_steps=5)
    assert not run.diverged
    assert run.message.startswith("Finished 5 steps without diverging; the final loss is ")
    assert run.message.endswith("For this quadratic, gradient descent diverges when lr > 2/λ_max = 0.2; "
                                "lr = 0.21. Given more steps, this run would diverge.")


# ------------------------------------------------------------------------------------------------
# The run record, overflow, and no warnings
# ------------------------------------------------------------------------------------------------


def test_run_record():
    q = Quadratic(curvatures=(1.0, 10.0))
    w0 = np.array([1.0, 1.0])
    run = run_optimizer(q, SGD(lr=0.05), w0, n_steps=10)
    assert isinstance(run, History) and run.record == "step"
    assert run.path["w"].shape == (11, 2) and len(run.loss) == 11 and run.examples_seen == []
    assert run.n_steps == run.n_epochs == 10 and not run.diverged
    np.testing.assert_array_equal(run.path["w"][0], w0)
    np.testing.assert_array_equal(w0, [1.0, 1.0])  # not modified
    np.testing.assert_allclose(run.path["w"][1], w0 - 0.05 * q.grad(w0))
    np.testing.assert_allclose(run.loss, q.value(run.path["w"]))
    np.testing.assert_array_equal(run.params["w"], run.path["w"][-1])
    assert run.final_loss == run.loss[-1]
    assert run.message == f"Finished 10 steps without diverging; the final loss is {run.loss[-1]:.3g}."
    assert repr(run).startswith("History(n_epochs=10, n_steps=10, final_loss=")
    with pytest.raises(ValueError, match="read-only"):
        run.path["w"][0, 0] = 3.0


@pytest.mark.parametrize(("lr", "momentum"), [(0.05, 0.0), (0.19, 0.0), (0.02, 0.9)])
def test_run_equals_the_closed_form_and_the_recurrence_on_a_quadratic(lr, momentum):
    """Independent of the loop: plain GD multiplies w - c by 1 - lr lambda_i per step; heavy ball follows
    b_t = mu b_{t-1} + g_t, w_t = w_{t-1} - lr b_t, written out here."""
    q = Quadratic(curvatures=(1.0, 10.0), center=(0.5, -1.0))
    w0 = np.array([2.0, 1.0])
    run = run_optimizer(q, SGD(lr, momentum=momentum), w0, n_steps=40)
    w, b, expected = w0.copy(), np.zeros(2), [w0.copy()]
    for _ in range(40):
        b = momentum * b + q.curvatures * (w - q.center)
        w = w - lr * b
        expected.append(w)
    np.testing.assert_allclose(run.path["w"], expected, rtol=1e-13, atol=1e-15)
    if momentum == 0:
        t = np.arange(41)[:, None]
        np.testing.assert_allclose(run.path["w"], q.center + (1 - lr * q.curvatures) ** t * (w0 - q.center),
                                   rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(run.loss, q.value(np.array(expected)), rtol=1e-12, atol=1e-300)


def test_zero_steps():
    run = run_optimizer(Rosenbrock(), Adam(0.1), [0.0, 0.0], n_steps=0)
    assert run.path["w"].shape == (1, 2) and run.n_steps == 0 and not run.diverged
    assert run.message == "Finished 0 steps without diverging; the final loss is 1."


def test_optimizer_state_is_reset_between_runs():
    opt = Adam(lr=0.05)
    first = run_optimizer(Rosenbrock(), opt, [-1.0, 1.0], n_steps=30)
    second = run_optimizer(Rosenbrock(), opt, [-1.0, 1.0], n_steps=30)
    np.testing.assert_array_equal(first.path["w"], second.path["w"])


def test_overflowing_loss_stops_the_run_without_warnings():
    q = Quadratic(curvatures=(1.0, 10.0))
    with np.errstate(all="raise"):  # the driver silences floating-point problems itself
        run = run_optimizer(q, SGD(lr=1e200), [1.0, 1.0], n_steps=10, max_loss=1e300)
    assert run.diverged and run.n_steps == 1
    assert run.message.startswith("Diverged at step 1: the loss overflowed to inf or NaN.")
    assert run.path["w"].shape == (1, 2) and len(run.loss) == 1  # only finite points are kept
    assert np.all(np.isfinite(run.loss))


def test_overflowing_parameters_stop_the_run():
    run = run_optimizer(Quadratic(curvatures=(1.0, 10.0)), SGD(lr=1e308), [1.0, 1.0], n_steps=10,
                        max_loss=1e300)
    assert run.diverged and run.n_steps == 1
    assert run.message.startswith("Diverged at step 1: the parameters overflowed to inf or NaN.")


class _Cliff:
    """A duck-typed surface whose gradient overflows beyond w = 2."""

    dim = 1

    def value(self, w):
        return float(np.sum(w**2))

    def grad(self, w):
        return np.where(w > 2.0, np.inf, 2.0 * w)


def test_overflowing_gradient_stops_before_the_step():
    run = run_optimizer(_Cliff(), SGD(lr=1.5), [1.0], n_steps=10)  # 1 -> -2 -> 4 -> inf gradient
    assert run.diverged and run.n_steps == 2
    assert run.message.startswith("Diverged at step 3: the gradient overflowed before the step could be "
                                  "taken. Gradient descent diverges when the step is too large")
    np.testing.assert_array_equal(run.path["w"][:, 0], [1.0, -2.0, 4.0])


class _PlainGD:
    """A student's optimizer: anything with step(params, grads) works."""

    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]


def test_any_object_with_step_works():
    q = Quadratic(curvatures=(1.0, 10.0))
    ours = run_optimizer(q, SGD(lr=0.1), [1.0, 1.0], n_steps=20)
    theirs = run_optimizer(q, _PlainGD(lr=0.1), [1.0, 1.0], n_steps=20)
    np.testing.assert_array_equal(ours.path["w"], theirs.path["w"])


def test_adam_reaches_the_rosenbrock_minimum():
    # Measured: from (-1.5, 2) with lr = 0.05, Adam first comes within 0.01 of (1, 1) at step 1200
    # (and within 8e-4 by step 1500); the budget of 1500 steps leaves a 25 % margin.
    r = Rosenbrock()
    run = run_optimizer(r, Adam(lr=0.05), [-1.5, 2.0], n_steps=1500)
    distance = np.linalg.norm(run.path["w"] - r.minimum, axis=1)
    assert not run.diverged
    inside = np.flatnonzero(distance < 0.01)
    assert inside.size > 0, f"closest approach {distance.min():.3g}"
    assert np.all(distance[inside[0]:] < 0.01)  # and it stays there
    assert run.final_loss < 1e-5


# ------------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------------


def test_point_shape_errors():
    with pytest.raises(ValueError, match=re.escape(
            "The 'w' parameter of Rosenbrock.value must have shape (2,) for one point or (..., 2) for a "
            "batch of points. Got shape (3,) instead.")):
        Rosenbrock().value([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=re.escape(
            "The 'w' parameter of Quadratic.grad must have shape (2,) for one point or (..., 2) for a batch "
            "of points. Got shape () instead.")):
        Quadratic().grad(1.0)
    with pytest.raises(ValueError, match=re.escape(
            "The 'w' parameter of Himmelblau.value must not contain NaN. Got 1 NaN value(s) instead.")):
        Himmelblau().value([np.nan, 1.0])


@pytest.mark.parametrize("curvatures, shown", [((1.0, -2.0), "(1.0, -2.0)"), (0.0, "(0.0,)"), ((), "()")])
def test_curvatures_must_be_positive(curvatures, shown):
    with pytest.raises(ValueError, match=re.escape(
            f"The 'curvatures' parameter of Quadratic must be > 0 for every axis (at least one axis). "
            f"Got {shown} instead.")):
        Quadratic(curvatures=curvatures)


def test_quadratic_center_shape():
    with pytest.raises(ValueError, match=re.escape(
            "The 'center' parameter of Quadratic must have shape (2,), one entry per curvature. "
            "Got shape (3,) instead.")):
        Quadratic(curvatures=(1.0, 2.0), center=(0.0, 0.0, 0.0))


def test_run_optimizer_needs_a_start_below_max_loss():
    # The other bad arguments of run_optimizer are covered by tests/test_bad_inputs.py.
    with pytest.raises(ValueError, match=re.escape(
            "The 'w0' parameter of run_optimizer must be a point where the loss is finite and at most "
            "max_loss = 1e+06. Got a loss of 5e+06 instead; start closer to the minimum or raise max_loss.")):
        run_optimizer(Quadratic(), SGD(0.1), [0.0, 1000.0], n_steps=10)


def _rotation(angle):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def test_rotated_quadratic_is_the_bowl_with_hessian_q_lambda_qt():
    R = _rotation(np.pi / 4)
    H = R @ np.diag([1.0, 100.0]) @ R.T
    q = Quadratic(curvatures=(1.0, 100.0), center=(0.5, -1.0), axes=R)
    rng = np.random.default_rng(0)
    for w in rng.standard_normal((5, 2)):
        r = w - q.center
        assert q.value(w) == pytest.approx(0.5 * r @ H @ r, rel=1e-12)
        np.testing.assert_allclose(q.grad(w), H @ r, rtol=1e-12, atol=1e-12)
        assert check_gradient(q.value, q.grad, w).passed
    grid = rng.standard_normal((3, 4, 2))
    np.testing.assert_allclose(q.value(grid), [[q.value(w) for w in row] for row in grid], rtol=1e-12)
    assert q.max_stable_lr == 0.02   # a rotation changes neither the bound ...
    diverging = run_optimizer(q, SGD(lr=1.01 * q.max_stable_lr), w0=[1.0, 1.0], n_steps=2000)
    stable = run_optimizer(q, SGD(lr=0.99 * q.max_stable_lr), w0=[1.0, 1.0], n_steps=2000)
    assert diverging.diverged and not stable.diverged   # ... nor where gradient descent diverges


@pytest.mark.parametrize("axes", [np.eye(3), np.array([[1.0, 1.0], [0.0, 1.0]])])
def test_rotated_quadratic_needs_an_orthogonal_matrix_of_the_right_shape(axes):
    with pytest.raises(ValueError, match=r"The 'axes' parameter of Quadratic must be an orthogonal matrix "
                                         r"of shape \(2, 2\)\. Got an array of shape"):
        Quadratic(curvatures=(1.0, 100.0), axes=axes)


# --------------------------------------------------------------------------------------------------
# Hessians, tuned momentum, the saddle, noise, schedules and clipping in run_optimizer
# --------------------------------------------------------------------------------------------------
from nnbasics.optim import StepDecay  # noqa: E402
from nnbasics.surfaces import Saddle  # noqa: E402


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_from_hessian_is_the_quadratic_of_that_hessian(seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(3, 3))
    H = A @ A.T + 0.5 * np.eye(3)
    c = rng.normal(size=3)
    q = Quadratic.from_hessian(H, center=c)
    np.testing.assert_allclose(q.hessian, H, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(q.curvatures, np.linalg.eigvalsh(H), rtol=1e-10)
    w = rng.normal(size=(5, 3))
    np.testing.assert_allclose(q.value(w), 0.5 * np.einsum("ni,ij,nj->n", w - c, H, w - c), rtol=1e-10)
    np.testing.assert_allclose(q.grad(w), (w - c) @ H, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("H, match", [([[1.0, 2.0], [0.0, 1.0]], "symmetric"),
                                      ([[1.0, 0.0], [0.0, -1.0]], "positive definite"),
                                      ([[1.0, 0.0, 0.0]], "symmetric square")])
def test_from_hessian_refuses_what_is_not_a_bowl(H, match):
    with pytest.raises(ValueError, match=f"The 'hessian' parameter of Quadratic.from_hessian .*{match}"):
        Quadratic.from_hessian(H)


@pytest.mark.parametrize("kappa", [10.0, 100.0, 1000.0])
def test_tuned_momentum_contracts_at_the_predicted_rate(kappa):
    q = Quadratic(curvatures=(1.0, kappa))
    lr, mu = q.tuned_momentum()
    assert lr == pytest.approx(4 / (np.sqrt(kappa) + 1) ** 2)
    assert mu == pytest.approx(((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2)
    # Every mode's iteration matrix [[1 + mu - lr*lam, -mu], [1, 0]] has spectral radius sqrt(mu).
    for lam in (1.0, kappa, np.sqrt(kappa)):
        M = np.array([[1 + mu - lr * lam, -mu], [1.0, 0.0]])
        assert np.max(np.abs(np.linalg.eigvals(M))) == pytest.approx(np.sqrt(mu), rel=1e-6)
    assert lr < q.stable_lr_bound(momentum=mu)


def test_saddle_gradient_and_stationary_points():
    s = Saddle()
    for x in _points_in_bounds(s, 5, seed=3):
        assert check_gradient(lambda w: float(s.value(w)), s.grad, x).passed
    for point in ([0.0, 0.0], [0.0, 1.0], [0.0, -1.0]):
        np.testing.assert_array_equal(s.grad(point), [0.0, 0.0])
    assert s.value([0.0, 1.0]) == -0.25 and s.value([0.0, 0.0]) == 0.0


def test_gradient_descent_stalls_on_the_saddle_and_noise_escapes():
    s = Saddle()
    stalled = run_optimizer(s, SGD(0.1), [1.0, 0.0], 300)
    assert np.all(stalled.path["w"][:, 1] == 0.0) and abs(stalled.final_loss) < 1e-20
    noisy = run_optimizer(s, SGD(0.1), [1.0, 0.0], 300, grad_noise=0.01, rng=0)
    assert noisy.final_loss < -0.24


def test_grad_noise_is_seeded():
    q = Quadratic()
    a = run_optimizer(q, SGD(0.05), [1.0, 1.0], 20, grad_noise=0.5, rng=4)
    b = run_optimizer(q, SGD(0.05), [1.0, 1.0], 20, grad_noise=0.5, rng=4)
    c = run_optimizer(q, SGD(0.05), [1.0, 1.0], 20, grad_noise=0.5, rng=5)
    assert np.array_equal(a.path["w"], b.path["w"]) and not np.array_equal(a.path["w"], c.path["w"])


@pytest.mark.parametrize("clip", [0.1, 1.0])
def test_clip_norm_caps_every_step(clip):
    run = run_optimizer(Saddle(), SGD(0.5), [1.0, 3.0], 50, clip_norm=clip)
    steps = np.linalg.norm(np.diff(run.path["w"], axis=0), axis=1)
    assert not run.diverged and np.all(steps <= 0.5 * clip + 1e-12)
    assert run_optimizer(Saddle(), SGD(0.5), [1.0, 3.0], 50).diverged  # unclipped, the same run blows up


def test_lr_schedule_sets_the_rate_of_each_step():
    q = Quadratic(curvatures=4.0)
    run = run_optimizer(q, SGD(0.2), [1.0], 6, lr_schedule=StepDecay(0.2, every=3, factor=0.5))
    factors = [1 - 0.2 * 4] * 3 + [1 - 0.1 * 4] * 3  # w_{t+1} = (1 - eta_t lambda) w_t
    np.testing.assert_allclose(run.path["w"][:, 0], np.concatenate([[1.0], np.cumprod(factors)]), rtol=1e-12)


@pytest.mark.parametrize("curvatures, rotated, lr", [
    ((1.0, 10.0), False, 0.05), ((1.0, 10.0), False, 0.18), ((0.5, 3.0, 20.0), True, 0.09),
    ((1.0, 100.0), True, 2 / 101), ((2.0,), False, 0.9)])
def test_gd_steps_matches_the_measured_run(curvatures, rotated, lr):
    d = len(curvatures)
    axes = np.linalg.qr(np.random.default_rng(d).normal(size=(d, d)))[0] if rotated else None
    q = Quadratic(curvatures=curvatures, center=np.linspace(-0.5, 0.5, d), axes=axes)
    w0 = np.linspace(1.0, 2.0, d)
    for tol in (1e-3, 1e-6, 1e-9):
        measured = steps_to_tolerance(q, SGD(lr), w0, tol, 3000)
        assert measured is not None
        assert q.gd_steps(lr, w0, tol, 3000) == measured
    assert q.gd_steps(lr, w0, 1e-9, measured - 1) is None   # not within fewer steps


def test_gd_steps_diverging_and_bad_start():
    q = Quadratic(curvatures=(1.0, 10.0))
    assert q.gd_steps(0.21, [1.0, 1.0], 1e-6, 5000) is None       # 0.21 > 2/10
    assert q.gd_steps(0.21, [0.0, 0.0], 0.0, 10) == 0             # already at the minimum
    with pytest.raises(ValueError, match=r"The 'w0' parameter of Quadratic.gd_steps must have shape \(2,\)"):
        q.gd_steps(0.1, [1.0, 1.0, 1.0], 1e-6, 10)
