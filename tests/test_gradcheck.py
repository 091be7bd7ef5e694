"""Tests of nnbasics.gradcheck: finite differences, relative error, check_gradient, errors."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from nnbasics.gradcheck import (
    GradCheckResult,
    check_gradient,
    numerical_derivative,
    numerical_gradient,
    relative_error,
)

STRICT = {"over": "raise", "divide": "raise", "invalid": "raise", "under": "ignore"}


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(2024)


# ------------------------------------------------------------------------------------------------
# numerical_gradient
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 2)])
def test_numerical_gradient_of_sum_of_squares(rng: np.random.Generator, shape: tuple[int, ...]) -> None:
    x = rng.normal(size=shape)
    grad = numerical_gradient(lambda v: np.sum(v**2), x)
    assert grad.shape == shape and grad.dtype == np.float64
    assert relative_error(grad, 2 * x) < 1e-8


def test_numerical_gradient_of_quadratic_form(rng: np.random.Generator) -> None:
    A = rng.normal(size=(6, 6))  # not symmetric: the gradient is (A + A^T) x, not 2 A x
    x = rng.normal(size=6)
    grad = numerical_gradient(lambda v: v @ A @ v, x)
    assert relative_error(grad, (A + A.T) @ x) < 1e-8
    assert relative_error(grad, 2 * A @ x) > 1e-2


def test_numerical_gradient_of_a_non_polynomial(rng: np.random.Generator) -> None:
    W = rng.normal(size=(3, 4))
    y = rng.normal(size=4)

    def loss(w: np.ndarray) -> float:
        return float(np.mean((np.tanh(np.ones(3) @ w) - y) ** 2))

    a = np.tanh(np.ones(3) @ W)
    analytic = np.outer(np.ones(3), 2 * (a - y) * (1 - a**2) / 4)
    assert relative_error(numerical_gradient(loss, W), analytic) < 1e-7


def test_numerical_gradient_does_not_modify_x() -> None:
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    before = x.copy()
    numerical_gradient(lambda v: np.sum(v**3), x)
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize(
    "x", [np.array([1, 2, 3]), np.array([1.0, 2.0, 3.0], dtype=np.float32), [1.0, 2.0, 3.0]],
    ids=["int", "float32", "list"],
)
def test_numerical_gradient_works_in_float64(x: object) -> None:
    grad = numerical_gradient(lambda v: np.sum(v**2), x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [2.0, 4.0, 6.0], rtol=1e-8)


@pytest.mark.parametrize("to_scalar", [float, np.asarray, np.float64], ids=["float", "0d", "np.float64"])
def test_numerical_gradient_accepts_any_scalar_output(to_scalar) -> None:
    grad = numerical_gradient(lambda v: to_scalar(np.sum(3 * v)), np.ones(2))
    np.testing.assert_allclose(grad, [3.0, 3.0], rtol=1e-8)


# ------------------------------------------------------------------------------------------------
# numerical_derivative
# ------------------------------------------------------------------------------------------------


def test_numerical_derivative_is_vectorised(rng: np.random.Generator) -> None:
    z = rng.uniform(-3, 3, size=(4, 5))
    d = numerical_derivative(np.sin, z)
    assert d.shape == z.shape and d.dtype == np.float64
    assert relative_error(d, np.cos(z)) < 1e-7


def test_numerical_derivative_upcasts_to_float64() -> None:
    z = np.array([0.5, 1.0], dtype=np.float32)
    assert numerical_derivative(np.exp, z).dtype == np.float64


def test_numerical_derivative_agrees_with_numerical_gradient(rng: np.random.Generator) -> None:
    z = rng.normal(size=7)  # for an elementwise f, d sum(f(z)) / dz_i = f'(z_i)
    by_gradient = numerical_gradient(lambda v: np.sum(np.tanh(v)), z)
    np.testing.assert_allclose(numerical_derivative(np.tanh, z), by_gradient, rtol=1e-7)


# ------------------------------------------------------------------------------------------------
# relative_error
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([1.0, 2.0], [1.0, 2.0], 0.0),
        ([0.0, 0.0], [0.0, 0.0], 0.0),
        ([1.0], [-1.0], 1.0),
        ([0.0], [1e-300], 1.0),
        ([1.0, 2.0], [1.0, 2.002], 0.002 / 4.002),
        ([3.0, 1e-12], [3.0, 2e-12], 1 / 3),  # relative, so tiny entries count fully
        ([np.inf, 1.0], [np.inf, 1.0], 0.0),
        ([np.inf], [1.0], 1.0),
        ([1e308], [-1e308], 1.0),
        ([1.7e308], [1.6e308], 1 / 33),  # 0.1e308 / 3.3e308, whose denominator overflows
    ],
)
def test_relative_error_values(a: list[float], b: list[float], expected: float) -> None:
    with np.errstate(**STRICT):
        assert relative_error(a, b) == pytest.approx(expected, rel=1e-12, abs=0)
        assert relative_error(b, a) == pytest.approx(expected, rel=1e-12, abs=0)


def test_relative_error_returns_a_float_and_handles_empty_and_nan() -> None:
    assert type(relative_error(np.ones(3), np.ones(3))) is float
    assert relative_error(np.zeros((0, 2)), np.zeros((0, 2))) == 0.0
    with np.errstate(all="raise"):
        assert np.isnan(relative_error([1.0, np.nan], [1.0, 1.0]))


def test_relative_error_shape_mismatch_names_both_shapes() -> None:
    message = "The 'b' parameter of relative_error must have the shape of 'a', (2,). Got shape (3,) instead."
    with pytest.raises(ValueError, match=re.escape(message)):
        relative_error(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match=re.escape("'a', (3, 1). Got shape (3,) instead.")):
        relative_error(np.ones((3, 1)), np.ones(3))  # no broadcasting


# ------------------------------------------------------------------------------------------------
# check_gradient
# ------------------------------------------------------------------------------------------------


def test_check_gradient_passes_for_the_right_gradient(rng: np.random.Generator) -> None:
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=4)
    result = check_gradient(lambda v: v @ A @ v, lambda v: (A + A.T) @ v, x)
    assert isinstance(result, GradCheckResult)
    assert result.passed is True
    assert result.max_relative_error < 1e-7
    np.testing.assert_allclose(result.numerical, result.analytic, rtol=1e-7)
    assert str(result).startswith("Gradient check passed: max relative error")


def test_check_gradient_fails_for_a_wrong_gradient(rng: np.random.Generator) -> None:
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=4)
    result = check_gradient(lambda v: v @ A @ v, lambda v: 2 * A @ v, x)  # a classic mistake
    assert result.passed is False
    assert result.max_relative_error > 1e-2
    text = str(result)
    assert text.startswith("Gradient check FAILED") and "worst entry (" in text


def test_check_gradient_detects_a_small_error() -> None:
    x = np.linspace(-1.0, 1.0, 5)
    result = check_gradient(lambda v: np.sum(np.sin(v)), lambda v: np.cos(v) * (1 + 1e-5), x)
    assert not result.passed
    assert result.max_relative_error == pytest.approx(0.5e-5, rel=1e-2)
    assert check_gradient(lambda v: np.sum(np.sin(v)), np.cos, x, rtol=1e-4).passed


def test_check_gradient_fails_on_nan_gradient() -> None:
    result = check_gradient(lambda v: np.sum(v**2), lambda v: np.full_like(v, np.nan), np.ones(3))
    assert not result.passed
    assert str(result).startswith("Gradient check FAILED: max relative error nan")


def test_check_gradient_does_not_modify_x_even_if_grad_does() -> None:
    x = np.array([1.0, 2.0])

    def grad(v: np.ndarray) -> np.ndarray:
        out = 2 * v
        v[:] = 0.0  # a careless in-place gradient
        return out

    result = check_gradient(lambda v: np.sum(v**2), grad, x)
    assert result.passed
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_grad_check_result_is_frozen() -> None:
    result = check_gradient(lambda v: np.sum(v), np.ones_like, np.ones(2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False  # type: ignore[misc]


# ------------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------------


# Bad arguments (eps, rtol, f, grad, x) are covered by tests/test_bad_inputs.py; what it cannot see is a
# gradient function that returns the wrong shape.
def test_check_gradient_names_a_gradient_of_the_wrong_shape() -> None:
    f, x = (lambda v: np.sum(v**2)), np.ones(3)
    message = "The 'grad' parameter of check_gradient must return the shape of 'x', (3,). Got shape (2,)"
    with pytest.raises(ValueError, match=re.escape(message)):
        check_gradient(f, lambda v: np.ones(2), x)


def test_callable_and_output_errors() -> None:
    with pytest.raises(TypeError, match="The 'f' parameter of numerical_gradient must be callable"):
        numerical_gradient("sum", np.ones(2))
    message = "The 'f' parameter of numerical_gradient must return a single real number. Got an array"
    with pytest.raises(ValueError, match=re.escape(message)):
        numerical_gradient(lambda v: v**2, np.ones(2))
    message = ("The 'f' parameter of numerical_derivative must be elementwise, returning the shape of 'z', "
               "(3,). Got shape () instead.")
    with pytest.raises(ValueError, match=re.escape(message)):
        numerical_derivative(np.sum, np.ones(3))


@pytest.mark.parametrize("bad", [np.array([1.0, np.nan]), np.array([np.inf, 1.0])])
def test_non_finite_points_are_rejected(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="The 'x' parameter of numerical_gradient must"):
        numerical_gradient(lambda v: np.sum(v), bad)
    with pytest.raises(ValueError, match="The 'z' parameter of numerical_derivative must"):
        numerical_derivative(np.sin, bad)


@pytest.mark.parametrize("bad", ["abc", np.array([True]), np.array([1j])])
def test_non_numeric_points_are_rejected(bad: object) -> None:
    with pytest.raises(TypeError, match="The 'x' parameter of check_gradient must be a real number"):
        check_gradient(lambda v: np.sum(v), np.ones_like, bad)
    with pytest.raises(TypeError, match="The 'a' parameter of relative_error must be a real number"):
        relative_error(bad, np.ones(1))


@pytest.mark.parametrize(("x", "eps"), [([1.0], 1e-20), ([0.0], 1e-13), ([1e9], 1e-6)])
def test_a_step_too_small_to_change_x_is_refused(x, eps):
    # x + 1e-20 == x for x = 1, and 1e9 + 1e-6 is 1e9 + 1.19e-6: the gradient would be 0 or 19 % off.
    f = lambda v: float(np.sum((v + 1.0) ** 2))  # noqa: E731
    with pytest.raises(ValueError, match=r"The 'eps' parameter of numerical_gradient must be "):
        numerical_gradient(f, x, eps=eps)


def test_a_step_large_enough_for_x_is_accepted():
    f = lambda v: float(np.sum(v**2))  # noqa: E731
    np.testing.assert_allclose(numerical_gradient(f, [1e9], eps=1.0), [2e9], rtol=1e-12)
