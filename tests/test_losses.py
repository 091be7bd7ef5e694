"""Tests of nnbasics.losses: gradients, references, stability, dtypes, shapes and error messages."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.special import rel_entr
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import log_loss, mean_absolute_error, mean_squared_error

from nnbasics.gradcheck import check_gradient
from nnbasics.losses import (
    LOSSES,
    MAE,
    MSE,
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    Huber,
    Loss,
    SoftmaxCrossEntropy,
    cross_entropy,
    entropy,
    get_loss,
    kl_divergence,
)

# Raise on every floating-point problem except underflow, which is how exp(-2000) correctly becomes 0.
STRICT = {"over": "raise", "divide": "raise", "invalid": "raise", "under": "ignore"}
PROPERTY = settings(max_examples=60, deadline=None, database=None, derandomize=True)

ALL_CLASSES = [MSE, MAE, Huber, BinaryCrossEntropy, BinaryCrossEntropyWithLogits, SoftmaxCrossEntropy]


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _residuals_away_from(rng: np.random.Generator, shape: tuple[int, ...], kinks: list[float]) -> np.ndarray:
    """Residuals in [-3, 3] at least 1e-2 away from every kink (where the loss is not differentiable
    or its second derivative jumps and central differences straddle two pieces)."""
    r = rng.uniform(-3.0, 3.0, size=shape)
    for k in kinks:
        close = np.abs(r - k) < 1e-2
        r[close] += 5e-2
    return r


# ------------------------------------------------------------------------------------------------
# Registry and interface
# ------------------------------------------------------------------------------------------------


def test_registry_lists_every_loss_once():
    assert LOSSES == ("mse", "mae", "huber", "binary_cross_entropy",
                      "binary_cross_entropy_with_logits", "softmax_cross_entropy")
    for name, cls in zip(LOSSES, ALL_CLASSES, strict=True):
        loss = get_loss(name)
        assert type(loss) is cls
        assert loss.name == name
        assert isinstance(loss, Loss)


@pytest.mark.parametrize("cls", ALL_CLASSES)
def test_formula_is_latex_class_attribute(cls):
    assert isinstance(cls.formula, str)
    assert cls.formula.startswith("L = ")
    assert "$" not in cls.formula


def test_repr_and_parameters():
    assert repr(MSE()) == "MSE()"
    assert repr(SoftmaxCrossEntropy()) == "SoftmaxCrossEntropy()"
    assert repr(Huber()) == "Huber(delta=1.0)"
    assert repr(get_loss("huber", delta=2.5)) == "Huber(delta=2.5)"
    assert get_loss("huber", delta=2.5).delta == 2.5


def test_get_loss_unknown_name_lists_choices():
    with pytest.raises(ValueError, match=re.escape(
            "The 'name' parameter of get_loss must be one of 'mse', 'mae', 'huber', 'binary_cross_entropy', "
            "'binary_cross_entropy_with_logits', 'softmax_cross_entropy'. Got 'cross_entropy' instead.")):
        get_loss("cross_entropy")


def test_loss_returns_python_float():
    y = np.array([0.0, 1.0])
    for cls, y_pred in [(MSE, [0.2, 0.7]), (BinaryCrossEntropy, [0.2, 0.7]),
                        (BinaryCrossEntropyWithLogits, [0.2, 0.7])]:
        assert type(cls().loss(np.array(y_pred, dtype=np.float32), y)) is float
    assert type(SoftmaxCrossEntropy().loss([[1.0, 2.0]], [1])) is float


# ------------------------------------------------------------------------------------------------
# Gradients against central differences (float64)
# ------------------------------------------------------------------------------------------------


def _check(loss: Loss, y_pred: np.ndarray, y_true: np.ndarray) -> None:
    result = check_gradient(lambda v: loss.loss(v, y_true), lambda v: loss.grad(v, y_true), y_pred)
    assert result.passed, str(result)
    assert result.max_relative_error < 1e-7


@pytest.mark.parametrize("shape", [(1,), (7,), (6, 1), (5, 3)])
@pytest.mark.parametrize("seed", [0, 1])
def test_gradient_mse(shape, seed):
    rng = np.random.default_rng(seed)
    y = rng.normal(size=shape)
    _check(MSE(), y + _residuals_away_from(rng, shape, [0.0]), y)


@pytest.mark.parametrize("shape", [(7,), (6, 1), (5, 3)])
@pytest.mark.parametrize("seed", [0, 1])
def test_gradient_mae_away_from_the_kink(shape, seed):
    rng = np.random.default_rng(seed)
    y = rng.normal(size=shape)
    _check(MAE(), y + _residuals_away_from(rng, shape, [0.0]), y)


@pytest.mark.parametrize("delta", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("shape", [(9,), (4, 3)])
def test_gradient_huber_away_from_the_kinks(delta, shape):
    rng = np.random.default_rng(3)
    y = rng.normal(size=shape)
    r = _residuals_away_from(rng, shape, [-delta, 0.0, delta])
    assert np.any(np.abs(r) < delta) and np.any(np.abs(r) > delta)  # both pieces are exercised
    _check(Huber(delta=delta), y + r, y)


@pytest.mark.parametrize("shape", [(8,), (8, 1), (5, 3)])
@pytest.mark.parametrize("soft", [False, True])
def test_gradient_binary_cross_entropy(shape, soft):
    rng = np.random.default_rng(4)
    p = rng.uniform(0.05, 0.95, size=shape)
    y = rng.uniform(0, 1, size=shape) if soft else rng.integers(0, 2, size=shape).astype(float)
    _check(BinaryCrossEntropy(), p, y)


@pytest.mark.parametrize("shape", [(8,), (8, 1), (5, 3)])
@pytest.mark.parametrize("soft", [False, True])
def test_gradient_binary_cross_entropy_with_logits(shape, soft):
    rng = np.random.default_rng(5)
    z = rng.normal(scale=3.0, size=shape)
    y = rng.uniform(0, 1, size=shape) if soft else rng.integers(0, 2, size=shape).astype(float)
    _check(BinaryCrossEntropyWithLogits(), z, y)


@pytest.mark.parametrize("target", ["indices", "one_hot", "probabilities"])
@pytest.mark.parametrize("n, k", [(1, 2), (6, 3), (4, 5)])
def test_gradient_softmax_cross_entropy(target, n, k):
    rng = np.random.default_rng(6)
    z = rng.normal(size=(n, k))
    labels = rng.integers(0, k, size=n)
    y = {"indices": labels,
         "one_hot": np.eye(k)[labels],
         "probabilities": _softmax(rng.normal(size=(n, k)))}[target]
    _check(SoftmaxCrossEntropy(), z, y)


# ------------------------------------------------------------------------------------------------
# Reference implementations
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(10,), (10, 3)])
def test_mse_and_mae_match_sklearn(shape):
    rng = np.random.default_rng(7)
    y_true, y_pred = rng.normal(size=shape), rng.normal(size=shape)
    assert MSE().loss(y_pred, y_true) == pytest.approx(mean_squared_error(y_true, y_pred), rel=1e-12)
    assert MAE().loss(y_pred, y_true) == pytest.approx(mean_absolute_error(y_true, y_pred), rel=1e-12)


def test_binary_cross_entropy_matches_sklearn_log_loss():
    rng = np.random.default_rng(8)
    y = rng.integers(0, 2, size=50)
    p = rng.uniform(0.01, 0.99, size=50)
    expected = log_loss(y, p)
    assert BinaryCrossEntropy().loss(p, y) == pytest.approx(expected, rel=1e-12)
    assert BinaryCrossEntropy().loss(p.reshape(-1, 1), y.reshape(-1, 1)) == pytest.approx(expected, rel=1e-12)
    z = np.log(p) - np.log1p(-p)  # the logits of p
    assert BinaryCrossEntropyWithLogits().loss(z, y) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_softmax_cross_entropy_matches_sklearn_log_loss(k):
    rng = np.random.default_rng(9)
    z = rng.normal(scale=2.0, size=(40, k))
    labels = np.arange(40) % k  # every class present
    expected = log_loss(labels, _softmax(z), labels=np.arange(k))
    ce = SoftmaxCrossEntropy()
    assert ce.loss(z, labels) == pytest.approx(expected, rel=1e-10)
    assert ce.loss(z, np.eye(k)[labels]) == pytest.approx(expected, rel=1e-10)


def test_huber_matches_direct_formula():
    rng = np.random.default_rng(10)
    y_true = rng.normal(size=(6, 4))
    y_pred = y_true + rng.normal(scale=2.0, size=(6, 4))
    for delta in (0.3, 1.0, 1.35):
        total = 0.0
        for r in (y_pred - y_true).ravel():
            total += 0.5 * r**2 if abs(r) <= delta else delta * (abs(r) - 0.5 * delta)
        assert Huber(delta).loss(y_pred, y_true) == pytest.approx(total / 24, rel=1e-12)
        np.testing.assert_allclose(Huber(delta).grad(y_pred, y_true),
                                   np.clip(y_pred - y_true, -delta, delta) / 24, rtol=1e-15)


def test_huber_pieces_meet_at_delta():
    delta = 0.7
    huber = Huber(delta)
    for r in (delta, -delta):
        assert huber.loss([r], [0.0]) == pytest.approx(0.5 * delta**2, rel=1e-15)
        assert huber.grad([r], [0.0])[0] == pytest.approx(np.sign(r) * delta, rel=1e-15)
    # small residuals: half the squared error; large ones: linear with slope delta
    assert huber.loss([0.1], [0.0]) == pytest.approx(0.005)
    assert huber.loss([10.0], [0.0]) - huber.loss([9.0], [0.0]) == pytest.approx(delta)


def test_logits_version_equals_bce_of_sigmoid_where_not_saturated():
    rng = np.random.default_rng(11)
    z = rng.uniform(-10, 10, size=(30, 2))
    y = rng.integers(0, 2, size=(30, 2)).astype(float)
    p = _sigmoid(z)
    bce, bce_logits = BinaryCrossEntropy(), BinaryCrossEntropyWithLogits()
    assert bce_logits.loss(z, y) == pytest.approx(bce.loss(p, y), rel=1e-10)
    # chain rule: dL/dz = dL/dp * sigma'(z) = dL/dp * p (1 - p)
    np.testing.assert_allclose(bce_logits.grad(z, y), bce.grad(p, y) * p * (1 - p), rtol=1e-8)


def test_cross_entropy_reduction_is_mean_over_samples():
    rng = np.random.default_rng(12)
    p = rng.uniform(0.1, 0.9, size=(4, 3))  # 4 samples, 3 binary labels each
    y = rng.integers(0, 2, size=(4, 3)).astype(float)
    per_element = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert BinaryCrossEntropy().loss(p, y) == pytest.approx(per_element.sum() / 4, rel=1e-12)
    z = rng.normal(size=(4, 3))
    ce = SoftmaxCrossEntropy()
    assert ce.loss(z, [0, 1, 2, 0]) == pytest.approx(
        np.mean([ce.loss(z[i:i + 1], [c]) for i, c in enumerate([0, 1, 2, 0])]), rel=1e-12)


def test_regression_losses_average_over_all_elements():
    y_pred, y_true = np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))
    assert MSE().loss(y_pred, y_true) == (1 + 4 + 9 + 16) / 4
    assert MAE().loss(y_pred, y_true) == (1 + 2 + 3 + 4) / 4
    np.testing.assert_array_equal(MSE().grad(y_pred, y_true), 2 * y_pred / 4)


def test_mae_gradient_at_zero_residual_is_zero():
    np.testing.assert_array_equal(MAE().grad([1.0, 2.0, 3.0], [1.0, 0.0, 5.0]), [0.0, 1 / 3, -1 / 3])


def test_perfect_predictions_give_zero_loss_and_gradient():
    y = np.array([0.5, -1.0, 2.0])
    for loss in (MSE(), MAE(), Huber()):
        assert loss.loss(y, y) == 0.0
        np.testing.assert_array_equal(loss.grad(y, y), np.zeros(3))


def test_inputs_are_not_modified():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    labels = np.array([2, 0])
    z_copy, labels_copy = z.copy(), labels.copy()
    SoftmaxCrossEntropy().grad(z, labels)
    SoftmaxCrossEntropy().loss(z, labels)
    p = np.array([0.0, 0.3, 1.0])
    BinaryCrossEntropy().grad(p, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(z, z_copy)
    np.testing.assert_array_equal(labels, labels_copy)
    np.testing.assert_array_equal(p, [0.0, 0.3, 1.0])


# ------------------------------------------------------------------------------------------------
# Extreme inputs: finite results, no floating-point warnings
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_bce_probabilities_exactly_zero_and_one(dtype):
    p = np.array([0.0, 1.0, 0.0, 1.0], dtype=dtype)
    y = np.array([1.0, 0.0, 0.0, 1.0])
    bce = BinaryCrossEntropy()
    eps = float(np.finfo(dtype).eps)
    with np.errstate(all="raise"):
        loss = bce.loss(p, y)
        grad = bce.grad(p, y)
    # two confident mistakes cost -log(eps) each, two confident hits cost -log(1 - eps) each
    assert np.isfinite(loss)
    assert loss == pytest.approx((-2 * np.log(eps) - 2 * np.log1p(-eps)) / 4, rel=1e-2)
    assert grad.dtype == dtype
    assert np.all(np.isfinite(grad))
    # the gradient at the clip still points towards the label
    assert grad[0] < 0 and grad[1] > 0
    assert abs(grad[0]) == pytest.approx(1 / (eps * 4), rel=1e-2)
    assert grad[2] > 0 and grad[3] < 0
    assert abs(grad[2]) == pytest.approx(1 / 4, rel=1e-2)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_with_logits_at_plus_minus_1e3(dtype):
    z = np.array([1e3, -1e3, 1e3, -1e3], dtype=dtype)
    y = np.array([1.0, 0.0, 0.0, 1.0])
    bce = BinaryCrossEntropyWithLogits()
    with np.errstate(**STRICT):
        loss = bce.loss(z, y)
        grad = bce.grad(z, y)
    assert loss == pytest.approx((0 + 0 + 1e3 + 1e3) / 4)  # right: 0; wrong: |z|
    np.testing.assert_allclose(grad, np.array([0.0, 0.0, 1.0, -1.0]) / 4)
    assert grad.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_cross_entropy_at_plus_minus_1e3(dtype):
    z = np.array([[1e3, -1e3, 0.0], [-1e3, 1e3, 0.0], [1e3, 1e3, -1e3]], dtype=dtype)
    labels = np.array([0, 2, 1])
    ce = SoftmaxCrossEntropy()
    with np.errstate(**STRICT):
        loss = ce.loss(z, labels)
        grad = ce.grad(z, labels)
        loss_one_hot = ce.loss(z, np.eye(3)[labels])
    assert loss == pytest.approx((0.0 + 1e3 + np.log(2)) / 3, rel=1e-6)
    assert loss_one_hot == pytest.approx(loss, rel=1e-6)
    assert grad.dtype == dtype
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-7)
    np.testing.assert_allclose(grad[2], np.array([0.5, -0.5, 0.0]) / 3, atol=1e-7)


def test_bce_with_logits_never_overflows_under_all_raise_for_moderate_logits():
    z = np.linspace(-30, 30, 61)
    y = (z > 0).astype(float)
    with np.errstate(all="raise"):  # exp(-30) does not even underflow
        assert np.isfinite(BinaryCrossEntropyWithLogits().loss(z, y))
        assert np.all(np.isfinite(BinaryCrossEntropyWithLogits().grad(z, y)))


# ------------------------------------------------------------------------------------------------
# dtypes
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL_CLASSES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_grad_keeps_dtype_and_shape_of_y_pred(cls, dtype):
    rng = np.random.default_rng(13)
    if cls is SoftmaxCrossEntropy:
        y_pred, y_true = rng.normal(size=(5, 3)).astype(dtype), rng.integers(0, 3, size=5)
    else:
        y_pred = rng.uniform(0.1, 0.9, size=(5, 1)).astype(dtype)
        y_true = rng.integers(0, 2, size=(5, 1)).astype(np.float64)  # a float64 target must not upcast
    grad = cls().grad(y_pred, y_true)
    assert grad.dtype == dtype
    assert grad.shape == y_pred.shape
    loss64 = cls().loss(y_pred.astype(np.float64), y_true)
    assert cls().loss(y_pred, y_true) == pytest.approx(loss64, rel=1e-5)


def test_integer_predictions_become_float64():
    grad = MSE().grad([1, 2, 3], [0, 0, 0])
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [2 / 3, 4 / 3, 2.0])


# ------------------------------------------------------------------------------------------------
# Shape checks
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [MSE, MAE, Huber, BinaryCrossEntropy, BinaryCrossEntropyWithLogits])
@pytest.mark.parametrize("method", ["loss", "grad"])
def test_column_vs_flat_targets_raise_instead_of_broadcasting(cls, method):
    y_pred, y_true = np.full((5, 1), 0.5), np.ones(5)
    with pytest.raises(ValueError, match=re.escape(
            f"The 'y_true' parameter of {cls.__name__} must have the same shape as y_pred, (5, 1). "
            "Got shape (5,) instead. Reshape one of them: y_true.reshape(-1, 1) or y_pred.ravel(). "
            "(NumPy would silently broadcast them to shape (5, 5).)")):
        getattr(cls(), method)(y_pred, y_true)


def test_flat_predictions_vs_column_targets():
    with pytest.raises(ValueError, match=re.escape(
            "must have the same shape as y_pred, (5,). Got shape (5, 1) instead. "
            "Reshape one of them: y_true.ravel() or y_pred.reshape(-1, 1).")):
        MSE().loss(np.zeros(5), np.zeros((5, 1)))


def test_transposed_targets():
    with pytest.raises(ValueError, match=re.escape(
            "Got shape (3, 2) instead. If they hold the same values in the same order, "
            "use y_true.reshape((2, 3)).")):
        MSE().loss(np.zeros((2, 3)), np.zeros((3, 2)))


def test_different_number_of_values():
    with pytest.raises(ValueError, match=re.escape(
            "must have the same shape as y_pred, (5,). Got shape (4,) instead. They hold different numbers "
            "of values (5 and 4); check that both describe the same samples.")):
        MAE().grad(np.zeros(5), np.zeros(4))


def test_softmax_cross_entropy_needs_2d_logits():
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_pred' parameter of SoftmaxCrossEntropy must be logits of shape (n_samples, n_classes). "
            "Got shape (3,) instead. For a single sample use y_pred.reshape(1, -1).")):
        SoftmaxCrossEntropy().loss([1.0, 2.0, 3.0], [0])


@pytest.mark.parametrize("labels, lo, hi", [([0, 3], 0, 3), ([-1, 2], -1, 2)])
def test_softmax_cross_entropy_class_indices_in_range(labels, lo, hi):
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_true' parameter of SoftmaxCrossEntropy must hold class indices in the range [0, 3) for "
            f"y_pred with 3 columns. Got values from {lo} to {hi} instead.")):
        SoftmaxCrossEntropy().grad(np.zeros((2, 3)), np.array(labels))


def test_softmax_cross_entropy_float_class_indices():
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_true' parameter of SoftmaxCrossEntropy must be integer class indices when it has shape "
            "(n_samples,). Got dtype float64 instead; convert it with y_true.astype(int).")):
        SoftmaxCrossEntropy().loss(np.zeros((2, 3)), np.array([0.0, 2.0]))


def test_softmax_cross_entropy_column_of_class_indices():
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_true' parameter of SoftmaxCrossEntropy must have shape (4,) (class indices) or (4, 3) "
            "(one-hot or probability rows) to match y_pred. Got shape (4, 1) instead. "
            "If it holds class indices, use y_true.ravel().")):
        SoftmaxCrossEntropy().loss(np.zeros((4, 3)), np.zeros((4, 1), dtype=int))


def test_softmax_cross_entropy_wrong_number_of_class_indices():
    with pytest.raises(ValueError, match=re.escape(
            "must hold one class index per sample, i.e. have shape (4,) to match y_pred of shape (4, 3). "
            "Got shape (5,) instead.")):
        SoftmaxCrossEntropy().loss(np.zeros((4, 3)), np.zeros(5, dtype=int))


def test_softmax_cross_entropy_rows_must_sum_to_one():
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_true' parameter of SoftmaxCrossEntropy must have rows that sum to 1 (one-hot or "
            "probabilities). Got a row summing to 0.5 instead.")):
        SoftmaxCrossEntropy().loss(np.zeros((2, 2)), [[1.0, 0.0], [0.25, 0.25]])


def test_softmax_cross_entropy_probabilities_must_be_in_unit_interval():
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_true' parameter of SoftmaxCrossEntropy must be in the range [0, 1]. "
            "Got values from -0.5 to 1.5 instead.")):
        SoftmaxCrossEntropy().loss(np.zeros((1, 2)), [[1.5, -0.5]])


# ------------------------------------------------------------------------------------------------
# Value checks
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [BinaryCrossEntropy, BinaryCrossEntropyWithLogits])
def test_binary_labels_must_be_in_unit_interval(cls):
    with pytest.raises(ValueError, match=re.escape(
            f"The 'y_true' parameter of {cls.__name__} must be in the range [0, 1]. "
            "Got values from -1.0 to 1.0 instead.")):
        cls().loss([0.5, 0.5], [-1, 1])


def test_bce_probabilities_must_be_in_unit_interval_with_hint():
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_pred' parameter of BinaryCrossEntropy must be in the range [0, 1]. Got values from "
            "-2.0 to 3.0 instead. y_pred must be probabilities; "
            "for logits use BinaryCrossEntropyWithLogits.")):
        BinaryCrossEntropy().grad([-2.0, 3.0], [0, 1])


@pytest.mark.parametrize("cls", ALL_CLASSES)
def test_empty_arrays_are_rejected(cls):
    shape = (0, 3) if cls is SoftmaxCrossEntropy else (0,)
    with pytest.raises(ValueError, match=re.escape(
            f"The 'y_pred' parameter of {cls.__name__} must not be empty. Got an array of shape {shape} "
            "instead.")):
        cls().loss(np.zeros(shape), np.zeros(shape))


# ------------------------------------------------------------------------------------------------
# Properties
# ------------------------------------------------------------------------------------------------

_logits = hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 4)),
                     elements=st.floats(-1e3, 1e3))


@PROPERTY
@given(z=_logits, data=st.data())
def test_softmax_cross_entropy_properties(z, data):
    n, k = z.shape
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    ce = SoftmaxCrossEntropy()
    with np.errstate(**STRICT):
        loss = ce.loss(z, labels)
        grad = ce.grad(z, labels)
    assert loss >= 0.0
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-12)  # softmax rows and one-hot rows sum to 1
    assert np.all(np.abs(grad) <= 1.0 / n + 1e-15)


@PROPERTY
@given(z=hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e3, 1e3)), data=st.data())
def test_bce_with_logits_symmetry(z, data):
    y = np.array(data.draw(st.lists(st.floats(0, 1), min_size=z.size, max_size=z.size)))
    bce = BinaryCrossEntropyWithLogits()
    with np.errstate(**STRICT):
        # swapping the classes: L(-z, 1 - y) = L(z, y), and the gradient changes sign
        assert bce.loss(-z, 1 - y) == pytest.approx(bce.loss(z, y), rel=1e-9, abs=1e-9)
        np.testing.assert_allclose(bce.grad(-z, 1 - y), -bce.grad(z, y), atol=1e-15)
        assert bce.loss(z, y) >= -1e-9 * (1 + np.max(np.abs(z)))


# ------------------------------------------------------------------------------------------------
# Extremes and precision (issue 6, part 3)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["loss", "grad"])
@pytest.mark.parametrize(("z", "dtype"), [([[1e308, -1e308], [-1e308, 1e308]], np.float64),
                                          ([[6e4, -6e4], [-6e4, 6e4]], np.float16),
                                          ([[3e38, -3e38], [-3e38, 3e38]], np.float32)])
def test_softmax_cross_entropy_one_hot_equals_indices_at_extreme_logits(method, z, dtype):
    z = np.array(z, dtype=dtype)
    ce = SoftmaxCrossEntropy()
    with np.errstate(**STRICT):
        by_index = getattr(ce, method)(z, np.array([1, 0]))        # both samples confidently wrong
        one_hot = getattr(ce, method)(z, np.array([[0.0, 1.0], [1.0, 0.0]]))
    np.testing.assert_array_equal(one_hot, by_index)
    assert not np.any(np.isnan(one_hot))
    if method == "loss":  # log p of the true class is -(z_max - z_true) = -2|z|, which is inf for 1e308
        assert one_hot == pytest.approx(2.0 * float(abs(z[0, 0])), rel=1e-12)


@pytest.mark.parametrize("cls", [MSE, MAE, Huber])
def test_regression_targets_are_not_rounded_to_the_prediction_dtype(cls):
    y_pred = np.array([1.0, 2.0], dtype=np.float16)
    for y_true in ([1.0004, 2.0], [1e6, 2.0]):  # float16 would round 1.0004 to 1 and 1e6 to inf
        want = cls().loss(y_pred.astype(np.float64), np.array(y_true))
        with np.errstate(**STRICT):
            assert cls().loss(y_pred, np.array(y_true)) == want
    assert MSE().loss(y_pred, [1.0004, 2.0]) > 0


def test_a_gradient_beyond_the_prediction_dtype_raises():
    y_pred = np.array([1.0, 2.0], dtype=np.float16)
    with pytest.raises(ValueError, match=re.escape(
            "The 'y_pred' parameter of MSE must have a dtype that can hold the gradient, which is returned "
            "in y_pred's dtype (float16, largest value 6.55e+04). "
            "Got a gradient entry of size 1e+06 instead")):
        MSE().grad(y_pred, [1e6, 2.0])
    assert MSE().grad(y_pred.astype(np.float32), [1e6, 2.0]).dtype == np.float32


@pytest.mark.parametrize(("name", "target"), [
    ("mse", "values"),
    ("binary_cross_entropy_with_logits", "labels"),
    ("softmax_cross_entropy", "indices"),
    ("softmax_cross_entropy", "rows"),
])
def test_unchecked_cores_give_exactly_the_public_loss_and_gradient(name, target):
    rng = np.random.default_rng(3)
    z = 3 * rng.standard_normal((7, 4))
    y = {"values": rng.standard_normal((7, 4)),
         "labels": rng.integers(0, 2, (7, 4)).astype(float),
         "indices": rng.integers(0, 4, 7),
         "rows": rng.dirichlet(np.ones(4), 7)}[target]
    loss = get_loss(name)
    assert loss._loss(z, y) == loss.loss(z, y)
    np.testing.assert_array_equal(loss._grad(z, y), loss.grad(z, y))


# --------------------------------------------------------------------------------------------------
# entropy, cross_entropy, kl_divergence
# --------------------------------------------------------------------------------------------------


def _random_distributions(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.random(shape) ** 3                        # some entries near 0
    return x / x.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("shape", [(2,), (5,), (4, 3)])
def test_information_quantities_match_scipy(seed, shape):
    p, q = _random_distributions(seed, shape), _random_distributions(seed + 100, shape)
    np.testing.assert_allclose(entropy(p), scipy_entropy(p, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(kl_divergence(p, q), scipy_entropy(p, q, axis=-1), rtol=1e-10)
    np.testing.assert_allclose(kl_divergence(p, q), rel_entr(p, q).sum(axis=-1), rtol=1e-10)
    # H(p, q) = H(p) + KL(p || q), and KL >= 0 (Gibbs' inequality)
    np.testing.assert_allclose(cross_entropy(p, q), entropy(p) + kl_divergence(p, q), rtol=1e-12)
    assert np.all(np.asarray(kl_divergence(p, q)) >= 0)


@pytest.mark.parametrize("k", [2, 3, 10])
def test_entropy_is_zero_for_a_certain_outcome_and_log_k_for_uniform(k):
    certain = np.eye(k)[0]
    assert entropy(certain) == 0.0 and not np.signbit(entropy(certain))
    assert entropy(np.full(k, 1.0 / k)) == pytest.approx(np.log(k), rel=1e-12)


def test_kl_is_zero_only_at_equality_and_is_not_symmetric():
    p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    assert kl_divergence(p, p) == 0.0
    assert kl_divergence(p, q) > 0 and kl_divergence(q, p) > 0
    assert kl_divergence(p, q) != pytest.approx(kl_divergence(q, p))


def test_zero_probabilities_follow_the_conventions():
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5])
    with np.errstate(all="raise"):
        assert entropy(p) == pytest.approx(np.log(2))           # 0 log 0 = 0, no nan
        assert kl_divergence(p, q) == pytest.approx(np.log(2))
        assert kl_divergence(q, p) == np.inf                    # q gives mass where p has none
        assert cross_entropy(q, p) == np.inf


def test_cross_entropy_of_one_hot_rows_is_the_softmax_loss():
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    labels = np.array([0, 2])
    q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    per_row = cross_entropy(np.eye(3)[labels], q)
    assert per_row.shape == (2,)
    assert per_row.mean() == pytest.approx(SoftmaxCrossEntropy().loss(z, labels), rel=1e-12)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: entropy([0.5, 0.4]), r"The 'p' parameter of entropy must have entries in \[0, 1\] that sum to 1 "
                                  r"along the last axis. Got entries summing to 0.9"),
    (lambda: entropy([1.5, -0.5]), r"The 'p' parameter of entropy must be in the range \[0, 1\]"),
    (lambda: entropy(0.5), r"The 'p' parameter of entropy must be a probability distribution"),
    (lambda: cross_entropy([0.5, 0.5], [1.0, 0.0, 0.0]), r"The 'q' parameter of cross_entropy must have the "
                                                        r"shape of p, \(2,\)"),
    (lambda: kl_divergence([0.5, 0.5], [0.7, 0.7]), r"The 'q' parameter of kl_divergence must have entries"),
])
def test_information_errors_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
