"""Tests of nnbasics.layers: shapes, dtypes, gradient checks in float64, initialisations, errors."""

import numpy as np
import pytest

from nnbasics.gradcheck import check_gradient
from nnbasics.layers import INITS, Dense, Dropout, Sequential, init_weights

ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu"]


def _data(n=5, n_in=3, n_out=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n_in)), rng.standard_normal((n, n_out))


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dense_forward_is_f_of_XW_plus_b(activation):
    from nnbasics.activations import get_activation
    X, _ = _data()
    layer = Dense(3, 4, activation, rng=1)
    layer.b[:] = [0.1, -0.2, 0.3, 0.0]
    expected = get_activation(activation).forward(X @ layer.W + layer.b)
    np.testing.assert_array_equal(layer.forward(X), expected)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64])
def test_dense_shapes_and_dtypes(dtype):
    X, R = _data()
    layer = Dense(3, 4, "tanh", rng=0)
    A = layer.forward(X.astype(dtype))
    assert A.shape == (5, 4) and A.dtype == np.float64
    dX = layer.backward(R)
    assert dX.shape == (5, 3) and dX.dtype == np.float64
    assert layer.W.shape == (3, 4) and layer.b.shape == (4,)
    assert {k: v.shape for k, v in layer.grads.items()} == {"W": (3, 4), "b": (4,)}


def test_dense_params_are_the_arrays_an_optimizer_updates():
    from nnbasics.optim import SGD
    layer = Dense(3, 4, rng=0)
    W_before = layer.W.copy()
    X, R = _data()
    layer.forward(X)
    layer.backward(R)
    SGD(lr=0.5).step(layer.params, layer.grads)
    assert layer.params["W"] is layer.W
    np.testing.assert_allclose(layer.W, W_before - 0.5 * X.T @ R)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("wrt", ["X", "W", "b"])
def test_dense_gradient_check(activation, wrt):
    X, R = _data(seed=3)
    layer = Dense(3, 4, activation, rng=2)
    layer.b[:] = np.random.default_rng(4).standard_normal(4)

    def loss(v):  # L = sum(R * A), so dL/dA = R
        if wrt == "X":
            return float(np.sum(R * layer.forward(v.reshape(X.shape))))
        layer.params[wrt][...] = v.reshape(layer.params[wrt].shape)
        return float(np.sum(R * layer.forward(X)))

    def grad(v):
        if wrt == "X":
            layer.forward(v.reshape(X.shape))
            return layer.backward(R).ravel()
        layer.params[wrt][...] = v.reshape(layer.params[wrt].shape)
        layer.forward(X)
        layer.backward(R)
        return layer.grads[wrt].ravel()

    start = X if wrt == "X" else layer.params[wrt].copy()
    result = check_gradient(loss, grad, start.ravel(), eps=1e-5)
    assert result.max_relative_error < 1e-7, result


def test_sequential_gradient_check_of_every_parameter():
    X, _ = _data(n=6, n_in=3)
    R = np.random.default_rng(5).standard_normal((6, 2))
    net = Sequential([Dense(3, 5, "tanh", rng=0), Dense(5, 4, "sigmoid", rng=1), Dense(4, 2, rng=2)])
    for key, theta in net.params.items():
        def loss(v, key=key, theta=theta):
            theta[...] = v.reshape(theta.shape)
            return float(np.sum(R * net.forward(X)))

        def grad(v, key=key, theta=theta):
            theta[...] = v.reshape(theta.shape)
            net.forward(X)
            net.backward(R)
            return net.grads[key].ravel()

        result = check_gradient(loss, grad, theta.copy().ravel(), eps=1e-5)
        assert result.max_relative_error < 1e-7, (key, result)


@pytest.mark.parametrize(("activation", "init"), [("relu", "he"), ("leaky_relu", "he"), ("elu", "he"),
                                                  ("tanh", "glorot"), ("sigmoid", "glorot"),
                                                  ("identity", "glorot")])
def test_default_initialisation(activation, init):
    layer = Dense(10, 3, activation, rng=0)
    assert layer.init == init
    np.testing.assert_array_equal(layer.W, init_weights(init, 10, 3, rng=0))
    np.testing.assert_array_equal(layer.b, np.zeros(3))


@pytest.mark.parametrize(("name", "variance"), [("he", 2 / 400), ("glorot", 2 / 600), ("xavier", 2 / 600),
                                                ("normal", 1e-4)])
def test_initialisation_variances(name, variance):
    W = init_weights(name, 400, 200, rng=0)
    assert W.shape == (400, 200)
    assert abs(W.mean()) < 0.01 * np.sqrt(variance) * 10
    assert W.var() == pytest.approx(variance, rel=0.02)


def test_he_preserves_the_forward_variance_through_relu():
    rng = np.random.default_rng(0)
    h = rng.standard_normal((2000, 256))
    z_vars = []
    for i in range(10):
        z = h @ init_weights("he", 256, 256, rng=i)
        z_vars.append(z.var())
        h = np.maximum(z, 0)
    assert 0.7 < z_vars[-1] / z_vars[0] < 1.4


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: Dense(3, 4).forward(np.ones((5, 2))), ValueError,
     r"The 'X' parameter of Dense.forward must have shape \(n, 3\) for Dense\(3 -> 4\)\. Got shape \(5, 2\) instead\."),
    (lambda: Dense(3, 4).forward(np.ones(3)), ValueError,
     r"The 'X' parameter of Dense.forward must have shape \(n, 3\) for Dense\(3 -> 4\)\. Got shape \(3,\)"),
    (lambda: Dense(3, 4).forward("abc"), TypeError,
     r"'X' parameter of Dense\.forward must be a real"),
    (lambda: Dense(3, 4).backward(np.ones((5, 4))), RuntimeError,
     r"Dense\(3 -> 4\)\.backward was called before forward"),
    (lambda: Dense(0, 4), ValueError, r"'n_in' parameter of Dense must be >= 1\. Got 0 instead"),
    (lambda: Dense(3, 2.5), TypeError, r"'n_out' parameter of Dense must be an integer"),
    (lambda: Dense(3, 4, "rleu"), ValueError, r"'activation' parameter of Dense must be one of"),
    (lambda: Dense(3, 4, init="kaiming"), ValueError,
     r"'init' parameter of Dense must be one of 'he', 'glorot', 'xavier', 'normal'\. Got 'kaiming'"),
    (lambda: init_weights("he", 3, 0), ValueError, r"'n_out' parameter of init_weights must be >= 1"),
    (lambda: Dropout(1.0), ValueError, r"'p' parameter of Dropout must be in the range \[0, 1\)\. Got 1\.0"),
    (lambda: Dropout(0.5).backward(np.ones((2, 2))), RuntimeError,
     r"Dropout\.backward was called before forward"),
])
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_dense_backward_shape_mismatch():
    layer = Dense(3, 4, rng=0)
    layer.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"The 'grad_out' parameter of Dense\.backward must have the shape of "
                                         r"the last output of Dense\(3 -> 4\), \(5, 4\)\. Got shape \(5, 1\)"):
        layer.backward(np.ones((5, 1)))


def test_inits_registry():
    assert INITS == ("he", "glorot", "xavier", "normal")


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9])
def test_dropout_train_scales_kept_entries_and_eval_is_identity(p):
    X = np.random.default_rng(0).standard_normal((400, 50))
    drop = Dropout(p, rng=1)
    A = drop.forward(X)
    kept = A != 0
    np.testing.assert_allclose(A[kept], X[kept] / (1 - p))
    assert kept.mean() == pytest.approx(1 - p, abs=0.01)
    np.testing.assert_array_equal(drop.eval().forward(X), X)
    np.testing.assert_array_equal(drop.backward(X), X)
    assert drop.train().training


@pytest.mark.parametrize("p", [0.1, 0.5])
def test_dropout_gradient_check(p):
    X, R = _data(n=4, n_in=6, n_out=6)

    def loss(v):  # a fresh layer with the same seed draws the same mask
        return float(np.sum(R * Dropout(p, rng=7).forward(v.reshape(X.shape))))

    def grad(v):
        layer = Dropout(p, rng=7)
        layer.forward(v.reshape(X.shape))
        return layer.backward(R).ravel()

    result = check_gradient(loss, grad, X.ravel())
    assert result.max_relative_error < 1e-7, result


def test_dropout_backward_shape_mismatch():
    drop = Dropout(0.5, rng=0)
    drop.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"The 'grad_out' parameter of Dropout\.backward must have the shape of "
                                         r"its last output, \(2, 3\)\. Got shape \(3, 2\)"):
        drop.backward(np.ones((3, 2)))


@pytest.mark.parametrize("activation", ["identity", "relu", "leaky_relu", "tanh"])
def test_public_backward_keeps_nan_and_the_training_path_computes_the_same_gradients(activation):
    X, G = _data()
    layer = Dense(3, 4, activation, rng=0)
    layer.b[1] = np.nan                         # a NaN pre-activation in column 1
    layer.forward(X)
    layer.backward(G)
    assert np.isnan(layer.grads["W"][:, 1]).all() and np.isnan(layer.grads["b"][1])
    layer.b[1] = 0.5
    layer.forward(X)
    dX = layer.backward(G)
    public = {key: value.copy() for key, value in layer.grads.items()}
    layer._forward(X)
    np.testing.assert_array_equal(layer._backward(G), dX)
    for key, value in public.items():
        np.testing.assert_array_equal(layer.grads[key], value)


def test_sequential_training_backward_skips_only_the_input_gradient():
    X, _ = _data(n=6, n_in=3)
    G = np.random.default_rng(1).standard_normal((6, 2))
    net = Sequential([Dropout(0.2, rng=0), Dense(3, 5, "relu", rng=0), Dense(5, 2, rng=1)])
    net.layers[0].eval()
    net.forward(X)
    assert net.backward(G).shape == X.shape
    expected = {key: value.copy() for key, value in net.grads.items()}
    net._forward(X)
    assert net._backward(G, input_grad=False) is None
    for key, value in expected.items():
        np.testing.assert_array_equal(net.grads[key], value)
