"""Tests of nnbasics.neuron: gradients, exact histories, the measured slowdown, and error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnbasics.gradcheck import check_gradient
from nnbasics.neuron import NEURON_LOSSES, NeuronHistory, neuron_gradients, train_sigmoid_neuron

CE = "binary_cross_entropy_with_logits"


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# ------------------------------------------------------------------------------------------------
# Gradients
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", NEURON_LOSSES)
@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_central_differences(loss, seed):
    rng = np.random.default_rng(seed)
    x, w, b = rng.uniform(-2, 2, size=3)
    y = float(rng.choice([0.0, 1.0, rng.uniform()]))
    params = np.array([w, b])

    def f(p):
        return neuron_gradients(loss, float(x), y, float(p[0]), float(p[1]))[0]

    def grad(p):
        _, dw, db = neuron_gradients(loss, float(x), y, float(p[0]), float(p[1]))
        return np.array([dw, db])

    result = check_gradient(f, grad, params)
    assert result.passed, str(result)


@pytest.mark.parametrize("z", [-3.0, 0.0, 0.5, 4.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_closed_forms_of_delta(z, y):
    """MSE: delta = 2 (a - y) sigma'(z); cross-entropy (either form): delta = a - y."""
    a = _sigmoid(z)
    _, _, delta_mse = neuron_gradients("mse", 1.0, y, 0.0, z)
    assert delta_mse == pytest.approx(2 * (a - y) * a * (1 - a), rel=1e-12, abs=1e-15)
    for loss in ("binary_cross_entropy", CE):
        L, dw, delta = neuron_gradients(loss, 2.0, y, 0.0, z)   # x = 2: dL/dw = 2 delta
        assert delta == pytest.approx(a - y, rel=1e-12, abs=1e-15)
        assert dw == pytest.approx(2 * delta, rel=1e-12, abs=1e-15)
        assert L == pytest.approx(-(y * math.log(a) + (1 - y) * math.log(1 - a)), rel=1e-12)


def test_saturated_start_gradients():
    """Nielsen's start: z = 4, the MSE gradient is 2 sigma'(4) ~ 0.035 of the cross-entropy gradient."""
    a = _sigmoid(4.0)
    L_mse, _, d_mse = neuron_gradients("mse", 1.0, 0.0, 2.0, 2.0)
    L_ce, _, d_ce = neuron_gradients(CE, 1.0, 0.0, 2.0, 2.0)
    assert L_mse == pytest.approx(a * a, rel=1e-12)
    assert L_ce == pytest.approx(-math.log(1 - a), rel=1e-12)
    assert d_mse / d_ce == pytest.approx(2 * a * (1 - a), rel=1e-12)


# ------------------------------------------------------------------------------------------------
# Training histories
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", NEURON_LOSSES)
def test_two_steps_by_hand(loss):
    lr, x, y, w, b = 0.3, 1.5, 1.0, -0.5, 0.25
    hist = train_sigmoid_neuron(loss, x=x, y=y, w=w, b=b, lr=lr, epochs=2)
    for t in range(2):
        L, dw, db = neuron_gradients(loss, x, y, w, b)
        assert hist.loss[t] == L and hist.delta[t] == db
        assert hist.w[t] == w and hist.b[t] == b
        w, b = w - lr * dw, b - lr * db
    assert hist.w[2] == w and hist.b[2] == b
    np.testing.assert_allclose(hist.z, hist.w * x + hist.b, rtol=0, atol=0)
    np.testing.assert_allclose(hist.a, 1 / (1 + np.exp(-hist.z)), rtol=1e-15)


def test_one_step_exact_for_cross_entropy():
    """Cross-entropy from logits at z = 4, y = 0: w1 = 2 - lr * sigma(4), exactly."""
    hist = train_sigmoid_neuron(CE, epochs=1)
    assert hist.w[1] == pytest.approx(2 - 0.15 * _sigmoid(4.0), rel=1e-15)
    assert hist.b[1] == pytest.approx(2 - 0.15 * _sigmoid(4.0), rel=1e-15)


def test_history_shapes_and_zero_epochs():
    hist = train_sigmoid_neuron("mse", epochs=7)
    assert isinstance(hist, NeuronHistory) and hist.epochs == 7
    for arr in (hist.w, hist.b, hist.z, hist.a, hist.loss, hist.delta):
        assert arr.shape == (8,) and arr.dtype == np.float64
    start = train_sigmoid_neuron("mse", epochs=0)
    assert start.w.tolist() == [2.0] and start.epochs_to_reach(0.5) is None
    assert "loss_name='mse'" in repr(hist)


def test_probability_and_logit_cross_entropy_agree_unless_clipped():
    """Inside the clip, BCE of sigma(z) trains exactly like BCE from logits (up to rounding)."""
    p = train_sigmoid_neuron("binary_cross_entropy", epochs=300)
    z = train_sigmoid_neuron(CE, epochs=300)
    np.testing.assert_allclose(p.w, z.w, rtol=1e-10)
    np.testing.assert_allclose(p.loss, z.loss, rtol=1e-10)


def test_cross_entropy_from_logits_still_learns_where_probabilities_are_clipped():
    """sigma(40) is within eps of 1, so BCE of the probability is clipped: 2% of the true gradient at
    z = 40, exactly 0 at z = 1000. From the logit it stays sigma(z) - y = 1."""
    for z, most in [(40.0, 0.02), (1000.0, 0.0)]:
        _, _, d_prob = neuron_gradients("binary_cross_entropy", 1.0, 0.0, 0.0, z)
        _, _, d_logit = neuron_gradients(CE, 1.0, 0.0, 0.0, z)
        assert d_logit == pytest.approx(1.0)
        assert abs(d_prob) <= most


def test_training_is_stable_from_an_extreme_start():
    with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
        for loss in NEURON_LOSSES:
            hist = train_sigmoid_neuron(loss, w=500.0, b=500.0, epochs=5)
            assert np.all(np.isfinite(hist.loss)) and np.all(np.isfinite(hist.w))


# ------------------------------------------------------------------------------------------------
# The slowdown, measured
# ------------------------------------------------------------------------------------------------


def test_nielsen_slowdown_epochs():
    """Measured: |a - y| < 0.1 after 234 epochs with MSE, 50 with cross-entropy (lr 0.15, w = b = 2)."""
    mse = train_sigmoid_neuron("mse")
    ce = train_sigmoid_neuron(CE)
    assert mse.epochs_to_reach(0.1) == 234
    assert ce.epochs_to_reach(0.1) == 50
    assert mse.a[50] > 0.95 and ce.a[50] < 0.1     # after 50 epochs MSE has barely moved


@pytest.mark.parametrize("lr", [0.015, 0.05, 0.15, 0.5, 1.5])
def test_cross_entropy_learns_at_least_four_times_faster_from_a_saturated_start(lr):
    mse = train_sigmoid_neuron("mse", lr=lr, epochs=3000)
    ce = train_sigmoid_neuron(CE, lr=lr, epochs=3000)
    n_mse, n_ce = mse.epochs_to_reach(0.1), ce.epochs_to_reach(0.1)
    assert n_mse is not None and n_ce is not None
    assert n_mse >= 4 * n_ce                      # measured: 4.6 to 5.8 times


def test_the_plateau_is_a_saturation_effect():
    """From the unsaturated start both neurons move at once; from the saturated one MSE sits still."""
    sat = train_sigmoid_neuron("mse", epochs=20)
    unsat = train_sigmoid_neuron("mse", w=0.6, b=0.9, epochs=20)
    assert sat.a[0] - sat.a[20] < 0.01
    assert unsat.a[0] - unsat.a[20] > 0.1


# ------------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"loss": "cross_entropy"}, ValueError,
         (r"The 'loss' parameter of train_sigmoid_neuron must be one of 'mse', 'binary_cross_entropy', "
          r"'binary_cross_entropy_with_logits'\. Got 'cross_entropy' instead\.")),
        ({"loss": "mse", "lr": -0.1}, ValueError,
         r"The 'lr' parameter of train_sigmoid_neuron must be > 0\. Got -0\.1 instead\."),
        ({"loss": "mse", "epochs": -1}, ValueError,
         r"The 'epochs' parameter of train_sigmoid_neuron must be >= 0\. Got -1 instead\."),
        ({"loss": "mse", "epochs": 2.5}, TypeError,
         r"The 'epochs' parameter of train_sigmoid_neuron must be an integer\. Got 2\.5 instead\."),
        ({"loss": "mse", "y": 2.0}, ValueError,
         r"The 'y' parameter of train_sigmoid_neuron must be in the range \[0\.0, 1\.0\]\. Got 2\.0"),
        ({"loss": "mse", "w": float("nan")}, ValueError,
         r"The 'w' parameter of train_sigmoid_neuron must be finite\. Got nan instead\."),
    ],
)
def test_train_rejects_bad_parameters(kwargs, error, match):
    with pytest.raises(error, match=match):
        train_sigmoid_neuron(**kwargs)


def test_gradients_and_epochs_to_reach_reject_bad_parameters():
    with pytest.raises(ValueError, match=r"The 'loss' parameter of neuron_gradients must be one of"):
        neuron_gradients("huber", 1.0, 0.0, 2.0, 2.0)
    with pytest.raises(TypeError, match=r"The 'x' parameter of neuron_gradients must be a real number"):
        neuron_gradients("mse", "1", 0.0, 2.0, 2.0)
    with pytest.raises(ValueError, match=r"The 'tol' parameter of NeuronHistory.epochs_to_reach must be > 0"):
        train_sigmoid_neuron("mse", epochs=1).epochs_to_reach(0.0)
