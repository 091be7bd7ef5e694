"""Tests of nnbasics.naive: the correct backward pass, each mistake, and what catches it."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics import naive
from nnbasics.gradcheck import check_param_gradients
from nnbasics.layers import Dense, Sequential
from nnbasics.losses import MSE


def _problem(seed=3, n=6, d=3, h=4, biases=True):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)
    params = {"W1": rng.normal(size=(d, h)) / np.sqrt(d), "W2": rng.normal(size=(h, 1)) / 2}
    if biases:
        params.update(b1=rng.normal(size=h) * 0.1, b2=np.array([0.1]))
    return X, y, params


def _check(X, y, params, mistakes=()):
    return check_param_gradients(lambda p: naive.loss(X, y, p),
                                 lambda p: naive.grads(X, y, p, mistakes), params, eps=1e-5)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("biases", [True, False])
def test_correct_gradients_pass_the_gradient_check(seed, biases):
    X, y, params = _problem(seed, biases=biases)
    results = _check(X, y, params)
    assert set(results) == set(params)
    assert all(r.max_relative_error < 1e-7 for r in results.values()), results


def test_correct_gradients_equal_those_of_the_layers():
    X, y, params = _problem()
    net = Sequential([Dense(3, 4, "relu"), Dense(4, 1)])
    for key, (i, name) in {"W1": (0, "W"), "b1": (0, "b"), "W2": (1, "W"), "b2": (1, "b")}.items():
        net.layers[i].params[name][...] = params[key]
    loss = MSE()
    net.backward(loss.grad(net.forward(X), y.reshape(-1, 1)))
    ours = naive.grads(X, y, params)
    np.testing.assert_allclose(ours["W1"], net.grads["W0"], rtol=1e-12)
    np.testing.assert_allclose(ours["b2"], net.grads["b1"], rtol=1e-12)
    assert naive.loss(X, y, params) == pytest.approx(loss.loss(net.forward(X), y.reshape(-1, 1)))


@pytest.mark.parametrize(("mistake", "key", "shape"), [("dW2_shape", "W2", (6, 4)), ("dW1_input", "W1", (4, 4))])
def test_shape_mistakes_give_gradients_of_the_wrong_shape(mistake, key, shape):
    X, y, params = _problem()
    assert naive.grads(X, y, params, [mistake])[key].shape == shape
    message = f"The 'grads' parameter of check_param_gradients must return, for '{key}', an array of the parameter's"
    with pytest.raises(ValueError, match=message):
        _check(X, y, params, [mistake])


def test_target_shape_broadcasts_to_n_by_n_and_is_stopped_with_a_clear_error():
    X, y, params = _problem()
    assert (naive.forward(X, params)[2] - y).shape == (6, 6)
    with pytest.raises(ValueError, match=r"dL/dY_hat has shape \(6, 6\), Y_hat has shape \(6, 1\)") as info:
        naive.grads(X, y, params, ["target_shape"])
    # the explanation is raised from NumPy's own error, which a reader of the traceback sees first
    assert isinstance(info.value.__cause__, ValueError)
    numpy_message = str(info.value.__cause__)
    assert "matmul" in numpy_message and "mismatch in its core dimension" in numpy_message


def test_missing_average_is_n_times_too_large():
    X, y, params = _problem()
    right, wrong = naive.grads(X, y, params), naive.grads(X, y, params, ["no_average"])
    for key in params:
        np.testing.assert_allclose(wrong[key], 6 * right[key], rtol=1e-12)
    results = _check(X, y, params, ["no_average"])
    assert all(r.max_relative_error == pytest.approx(5 / 7) for r in results.values())


def test_missing_relu_mask_fails_the_gradient_check_of_the_first_layer_only():
    X, y, params = _problem()
    assert (naive.forward(X, params)[0] < 0).any()           # some units are off
    results = _check(X, y, params, ["relu_mask"])
    assert not results["W1"].passed and not results["b1"].passed
    assert results["W2"].passed and results["b2"].passed


def test_without_biases_the_network_is_positively_homogeneous():
    X, _, params = _problem(biases=False)
    out = lambda v: naive.forward(v, params)[2]  # noqa: E731
    np.testing.assert_array_equal(out(np.zeros((2, 3))), np.zeros((2, 1)))
    np.testing.assert_allclose(out(2.5 * X), 2.5 * out(X), rtol=1e-12)


@pytest.mark.parametrize("mistake", naive.MISTAKES)
def test_lines_are_the_code_that_runs(mistake):
    wrong, right = naive.lines(mistake)
    assert wrong != right and "#" in wrong and "#" in right
    fn_wrong, fn_right = (getattr(naive, f"_{k}_{mistake}") for k in ("naive", "right"))
    args = fn_right.__code__.co_varnames[:fn_right.__code__.co_argcount]
    rng = np.random.default_rng(0)
    env = {"Y_hat": rng.normal(size=(5, 1)), "y": rng.normal(size=5), "r": rng.normal(size=(5, 1)), "n": 5,
           "H": rng.normal(size=(5, 4)), "dY": rng.normal(size=(5, 1)), "dH": rng.normal(size=(5, 4)),
           "Z1": rng.normal(size=(5, 4)), "X": rng.normal(size=(5, 3)), "dZ1": rng.normal(size=(5, 4))}
    values = [env[a] for a in args]
    for text, fn in [(wrong, fn_wrong), (right, fn_right)]:
        expr = text.split("#")[0]
        np.testing.assert_array_equal(eval(expr, {}, dict(zip(args, values))), fn(*values))


@pytest.mark.parametrize(("call", "match"), [
    (lambda: naive.lines("sign"), r"The 'mistake' parameter of lines must be one of 'target_shape'"),
    (lambda: naive.grads(np.ones((2, 3)), np.ones(2), {"W1": np.ones((3, 4)), "W2": np.ones((4, 1))}, ["x"]),
     r"The 'mistakes' parameter of naive.grads must be one of"),
    (lambda: naive.forward(np.ones((2, 3)), {"W1": np.ones((3, 4))}),
     r"The 'params' parameter of naive.forward must hold 'W1' and 'W2'"),
    (lambda: naive.forward(np.ones((2, 3)), {"W1": np.ones((2, 4)), "W2": np.ones((4, 1))}),
     r"The 'params' parameter of naive.forward must hold W1 of shape \(3, h\), W2 \(h, 1\), b1 \(h,\) and b2 "
     r"\(1,\), h >= 1, for X of shape \(2, 3\)\. Got W1 of shape \(2, 4\) instead\."),
    (lambda: naive.forward(np.ones((2, 3)), {"W1": np.ones((3, 4)), "W2": np.ones((4, 1)), "b1": np.ones(3)}),
     r"Got b1 of shape \(3,\) instead\."),
    (lambda: naive.grads(np.ones((2, 3)), np.ones(3), {"W1": np.ones((3, 4)), "W2": np.ones((4, 1))}),
     r"The 'y' parameter of naive.grads must hold one target per row of X, 2\. Got 3 instead\."),
    (lambda: naive.loss(np.ones((2, 3)), np.ones(3), {"W1": np.ones((3, 4)), "W2": np.ones((4, 1))}),
     r"The 'y' parameter of naive.loss must hold one target per row of X, 2\. Got 3 instead\."),
    (lambda: naive.loss(np.ones((2, 3)), np.ones((2, 1)), {"W1": np.ones((3, 4)), "W2": np.ones((4, 1))}),
     r"The 'y' parameter of naive.loss must have 1 dimension"),
])
def test_errors_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
