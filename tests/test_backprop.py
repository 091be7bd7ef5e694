"""Tests of nnbasics.backprop and gradcheck.check_param_gradients: the worked network, checks, costs."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics.backprop import (TINY_STEPS, TINY_X, TINY_Y, check_network, flop_counts, time_passes,
                               tiny_network, trace_tiny)
from nnbasics.gradcheck import check_param_gradients
from nnbasics.layers import Dense, Sequential
from nnbasics.losses import MSE, SoftmaxCrossEntropy


def test_tiny_relu_pass_by_hand():
    t = trace_tiny("relu")
    np.testing.assert_allclose(t["z1"], [1.1, -0.7])             # (1, 2) W1 + b1
    np.testing.assert_allclose(t["a1"], [1.1, 0.0])
    assert t["y_hat"] == pytest.approx(1.85) and t["L"] == pytest.approx(0.85 ** 2)
    assert t["dy_hat"] == pytest.approx(1.7)
    np.testing.assert_allclose(t["dW2"].ravel(), [1.1 * 1.7, 0.0])
    np.testing.assert_allclose(t["da1"], [1.7 * 1.5, 1.7 * -0.5])
    np.testing.assert_allclose(t["dz1"], [2.55, 0.0])
    np.testing.assert_allclose(t["dW1"], [[2.55, 0.0], [5.1, 0.0]])
    np.testing.assert_allclose(t["db1"], t["dz1"])
    assert {k for k, _ in TINY_STEPS} <= set(t)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_tiny_network_passes_the_gradient_check(activation):
    results = check_network(tiny_network(activation), MSE(), TINY_X, TINY_Y)
    assert sorted(results) == ["W0", "W1", "b0", "b1"]
    assert all(r.max_relative_error < 1e-7 for r in results.values())


# Seeds whose gradients have no entry near 0: there the elementwise relative error measures only the
# rounding noise of the central difference (seed 0 has an entry of 2e-6 and a relative error of 1e-6).
@pytest.mark.parametrize("seed", [1, 2, 5])
def test_check_network_on_a_three_layer_classifier(seed):
    rng = np.random.default_rng(seed)
    net = Sequential([Dense(4, 6, "tanh", rng=rng), Dense(6, 5, "sigmoid", rng=rng), Dense(5, 3, rng=rng)])
    X, y = rng.normal(size=(7, 4)), rng.integers(0, 3, size=7)
    params_before = {k: v.copy() for k, v in net.params.items()}
    results = check_network(net, SoftmaxCrossEntropy(), X, y, eps=1e-5)
    assert all(r.max_relative_error < 1e-7 for r in results.values())
    for k, v in net.params.items():                                    # restored after the check
        np.testing.assert_array_equal(v, params_before[k])


def test_check_network_catches_a_wrong_backward():
    net = Sequential([Dense(3, 4, "tanh", rng=0), Dense(4, 1, rng=1)])
    X, y = np.random.default_rng(0).normal(size=(5, 3)), np.ones((5, 1))
    original = net.layers[0]._backward
    net.layers[0]._backward = lambda g, *args, **kw: original(2 * g, *args, **kw)  # a bug: twice the gradient
    results = check_network(net, MSE(), X, y)
    assert not results["W0"].passed and results["W1"].passed


def test_check_param_gradients_compares_every_key_and_restores_params():
    params = {"w": np.array([1.0, -2.0, 0.5]), "b": np.array([0.3])}
    loss = lambda p: float(np.sum(np.sin(p["w"])) * p["b"][0])  # noqa: E731
    grads = lambda p: {"w": np.cos(p["w"]) * p["b"][0], "b": np.array([np.sum(np.sin(p["w"]))])}  # noqa: E731
    before = {k: v.copy() for k, v in params.items()}
    results = check_param_gradients(loss, grads, params)
    assert all(r.passed for r in results.values())
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
    wrong = check_param_gradients(loss, lambda p: {**grads(p), "w": -grads(p)["w"]}, params)
    assert not wrong["w"].passed and wrong["b"].passed


@pytest.mark.parametrize(("grads", "match"), [
    (lambda p: {"w": p["w"]}, r"must return the keys of params, \['b', 'w'\]\. Got \['w'\] instead\."),
    (lambda p: {"w": p["w"][:1], "b": p["b"]},
     r"The 'grads' parameter of check_param_gradients must return, for 'w', an array of the parameter's shape "
     r"\(2,\)\. Got shape \(1,\) instead\."),
])
def test_check_param_gradients_errors(grads, match):
    params = {"w": np.ones(2), "b": np.ones(1)}
    with pytest.raises(ValueError, match=match):
        check_param_gradients(lambda p: 0.0, grads, params)


def test_check_param_gradients_needs_callables():
    with pytest.raises(TypeError, match="The 'loss' parameter of check_param_gradients must be callable"):
        check_param_gradients(1.0, lambda p: p, {})


@pytest.mark.parametrize(("sizes", "n"), [((2, 2, 1), 1), ((3, 5), 4), ((784, 256, 256, 10), 64)])
def test_flop_counts_formula(sizes, n):
    cost = flop_counts(sizes, n)
    pairs = list(zip(sizes[:-1], sizes[1:]))
    assert cost.forward == sum(2 * n * i * o + 2 * n * o for i, o in pairs)
    assert cost.backward == sum(4 * n * i * o + 3 * n * o for i, o in pairs)
    assert cost.ratio == cost.backward / cost.forward


def test_backward_costs_about_two_forward_passes_for_wide_layers():
    assert flop_counts((1000, 1000, 1000), 32).ratio == pytest.approx(2.0, abs=0.01)


@pytest.mark.parametrize(("args", "match"), [
    (((3,), 2), r"The 'sizes' parameter of flop_counts must hold at least 2 widths"),
    (((3, 0), 2), r"The 'sizes' parameter of flop_counts must be >= 1\. Got 0 instead\."),
    (((3, 2), 0), r"The 'n_samples' parameter of flop_counts must be >= 1\. Got 0 instead\."),
])
def test_flop_counts_errors(args, match):
    with pytest.raises(ValueError, match=match):
        flop_counts(*args)


def test_time_passes_returns_two_positive_durations():
    net = Sequential([Dense(3, 4, "relu", rng=0), Dense(4, 1, rng=1)])
    t_fwd, t_bwd = time_passes(net, MSE(), np.ones((5, 3)), np.zeros((5, 1)), repeats=3)
    assert t_fwd > 0 and t_bwd > 0
    with pytest.raises(ValueError, match=r"The 'repeats' parameter of time_passes must be >= 1"):
        time_passes(net, MSE(), np.ones((5, 3)), np.zeros((5, 1)), repeats=0)


def test_check_network_needs_a_sequential():
    with pytest.raises(TypeError, match="The 'net' parameter of check_network must be a Sequential"):
        check_network(Dense(2, 1), MSE(), np.ones((1, 2)), np.ones((1, 1)))
