"""Tests of nnbasics.neuron: gradients, exact histories, the measured slowdown, and error messages."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from nnbasics.gradcheck import check_gradient
from nnbasics.neuron import NEURON_LOSSES, neuron_gradients, train_sigmoid_neuron
from nnbasics.training import History, first_step_below

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
    hist = train_sigmoid_neuron(loss, x=x, y=y, w=w, b=b, lr=lr, n_epochs=2)
    for t in range(2):
        L, dw, db = neuron_gradients(loss, x, y, w, b)
        assert hist.loss[t] == L
        assert hist.path["w"][t] == w and hist.path["b"][t] == b
        w, b = w - lr * dw, b - lr * db
    assert hist.path["w"][2] == w and hist.path["b"][2] == b
    a = 1 / (1 + np.exp(-(hist.path["w"] * x + hist.path["b"])))
    np.testing.assert_allclose(hist.metrics["a"], a, rtol=1e-15)
    np.testing.assert_allclose(hist.metrics["error"], np.abs(a - y), rtol=1e-14)


def test_one_step_exact_for_cross_entropy():
    """Cross-entropy from logits at z = 4, y = 0: w1 = 2 - lr * sigma(4), exactly."""
    hist = train_sigmoid_neuron(CE, n_epochs=1)
    assert hist.path["w"][1] == pytest.approx(2 - 0.15 * _sigmoid(4.0), rel=1e-15)
    assert hist.path["b"][1] == pytest.approx(2 - 0.15 * _sigmoid(4.0), rel=1e-15)


def test_history_shapes_and_zero_epochs():
    hist = train_sigmoid_neuron("mse", n_epochs=7)
    assert isinstance(hist, History) and hist.n_epochs == hist.n_steps == 7 and len(hist.loss) == 8
    for arr in (hist.path["w"], hist.path["b"], hist.metrics["a"], hist.metrics["error"]):
        assert arr.shape == (8,) and arr.dtype == np.float64 and not arr.flags.writeable
    assert hist.params["w"] == hist.path["w"][-1] and hist.params["b"] == hist.path["b"][-1]
    start = train_sigmoid_neuron("mse", n_epochs=0)
    assert start.path["w"].tolist() == [2.0] and first_step_below(start.metrics["error"], 0.5) is None
    assert repr(hist).startswith("History(n_epochs=7, n_steps=7, final_loss=")


def test_probability_and_logit_cross_entropy_agree_unless_clipped():
    """Inside the clip, BCE of sigma(z) trains exactly like BCE from logits (up to rounding)."""
    p = train_sigmoid_neuron("binary_cross_entropy", n_epochs=300)
    z = train_sigmoid_neuron(CE, n_epochs=300)
    np.testing.assert_allclose(p.path["w"], z.path["w"], rtol=1e-10)
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
            hist = train_sigmoid_neuron(loss, w=500.0, b=500.0, n_epochs=5)
            assert np.all(np.isfinite(hist.loss)) and np.all(np.isfinite(hist.path["w"]))
            assert not hist.diverged


# ------------------------------------------------------------------------------------------------
# The slowdown, measured
# ------------------------------------------------------------------------------------------------


def test_nielsen_slowdown_epochs():
    """Measured: |a - y| < 0.1 after 234 epochs with MSE, 50 with cross-entropy (lr 0.15, w = b = 2)."""
    mse = train_sigmoid_neuron("mse")
    ce = train_sigmoid_neuron(CE)
    assert first_step_below(mse.metrics["error"], 0.1) == 234
    assert first_step_below(ce.metrics["error"], 0.1) == 50
    assert mse.metrics["a"][50] > 0.95 and ce.metrics["a"][50] < 0.1  # after 50 epochs MSE has barely moved


@pytest.mark.parametrize("lr", [0.015, 0.05, 0.15, 0.5, 1.5])
def test_cross_entropy_learns_at_least_four_times_faster_from_a_saturated_start(lr):
    mse = train_sigmoid_neuron("mse", lr=lr, n_epochs=3000)
    ce = train_sigmoid_neuron(CE, lr=lr, n_epochs=3000)
    n_mse, n_ce = first_step_below(mse.metrics["error"], 0.1), first_step_below(ce.metrics["error"], 0.1)
    assert n_mse is not None and n_ce is not None
    assert n_mse >= 4 * n_ce                      # measured: 4.6 to 5.8 times


def test_the_plateau_is_a_saturation_effect():
    """From the unsaturated start both neurons move at once; from the saturated one MSE sits still."""
    sat = train_sigmoid_neuron("mse", n_epochs=20).metrics["a"]
    unsat = train_sigmoid_neuron("mse", w=0.6, b=0.9, n_epochs=20).metrics["a"]
    assert sat[0] - sat[20] < 0.01
    assert unsat[0] - unsat[20] > 0.1


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
        ({"loss": "mse", "n_epochs": -1}, ValueError,
         r"The 'n_epochs' parameter of train_sigmoid_neuron must be >= 0\. Got -1 instead\."),
        ({"loss": "mse", "n_epochs": 2.5}, TypeError,
         r"The 'n_epochs' parameter of train_sigmoid_neuron must be an integer\. Got 2\.5 instead\."),
        ({"loss": "mse", "y": 2.0}, ValueError,
         r"The 'y' parameter of train_sigmoid_neuron must be in the range \[0\.0, 1\.0\]\. Got 2\.0"),
        ({"loss": "mse", "w": float("nan")}, ValueError,
         r"The 'w' parameter of train_sigmoid_neuron must be finite\. Got nan instead\."),
    ],
)
def test_train_rejects_bad_parameters(kwargs, error, match):
    with pytest.raises(error, match=match):
        train_sigmoid_neuron(**kwargs)


def test_gradients_reject_bad_parameters():
    with pytest.raises(ValueError, match=r"The 'loss' parameter of neuron_gradients must be one of"):
        neuron_gradients("huber", 1.0, 0.0, 2.0, 2.0)
    with pytest.raises(TypeError, match=r"The 'x' parameter of neuron_gradients must be a real number"):
        neuron_gradients("mse", "1", 0.0, 2.0, 2.0)


# ------------------------------------------------------------------------------------------------
# The loop: the same steps as by hand, divergence in words
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", NEURON_LOSSES)
@pytest.mark.parametrize(("x", "y", "w", "b", "lr"),
                         [(1.0, 0.0, 2.0, 2.0, 0.15), (1.5, 0.3, -0.5, 0.25, 0.7)])
def test_training_equals_gradient_descent_by_hand(loss, x, y, w, b, lr):
    """300 steps written out with neuron_gradients and Python floats, compared bit for bit."""
    hist = train_sigmoid_neuron(loss, x=x, y=y, w=w, b=b, lr=lr, n_epochs=300)
    ws, bs, losses = [w], [b], [neuron_gradients(loss, x, y, w, b)[0]]
    for _ in range(300):
        _, dw, db = neuron_gradients(loss, x, y, w, b)
        w, b = w - lr * dw, b - lr * db
        ws.append(w), bs.append(b), losses.append(neuron_gradients(loss, x, y, w, b)[0])
    np.testing.assert_array_equal(hist.path["w"], ws)
    np.testing.assert_array_equal(hist.path["b"], bs)
    np.testing.assert_array_equal(hist.loss, losses)
    assert hist.message.startswith("Finished 300 epochs (300 steps, batch size 1)")


@pytest.mark.parametrize("loss", NEURON_LOSSES)
def test_an_overflowing_neuron_stops_with_a_message_not_a_nan_error(loss):
    """x = 1e100 (the largest input accepted) and lr = 1e300: the first step sends w to -inf. Before the
    one loop this returned NaN histories (MSE, BCE) or raised "'y_pred' ... must be finite" (BCE from logits)."""
    with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):  # no warning leaks out
        hist = train_sigmoid_neuron(loss, x=1e100, y=0.0, w=0.0, b=0.0, lr=1e300, n_epochs=100)
    assert hist.diverged and hist.n_steps == 1
    assert np.all(np.isfinite(hist.loss))
    assert len(hist.loss) == len(hist.path["w"]) == len(hist.metrics["a"]) == 1
    assert hist.message == ("Diverged at step 1 (epoch 1): the parameters overflowed to inf or NaN. "
                            "Gradient descent diverges when the step is too large for the curvature of the "
                            "loss (on a quadratic, lr > 2/λ_max, with λ_max its largest curvature); "
                            "lr = 1e+300 is above that bound here: lower it, e.g. tenfold.")
