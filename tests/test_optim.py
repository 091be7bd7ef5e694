"""Tests of nnbasics.optim: exact updates computed by hand, in-place semantics, state, errors, convergence."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from nnbasics.optim import SGD, Adam, Optimizer, RMSprop

# A scalar parameter theta = 1 and three gradients; every expected value below is written out by hand.
THETA0 = 1.0
GRADS = (2.0, -1.0, 0.5)


def _run(opt: Optimizer, n_steps: int) -> list[float]:
    """Apply the first ``n_steps`` of GRADS to theta = 1 and return theta after each step."""
    params = {"theta": np.array([THETA0])}
    thetas = []
    for g in GRADS[:n_steps]:
        opt.step(params, {"theta": np.array([g])})
        thetas.append(float(params["theta"][0]))
    return thetas


# ------------------------------------------------------------------------------------------------
# Exact updates
# ------------------------------------------------------------------------------------------------


def test_sgd_by_hand():
    # theta_t = theta_{t-1} - lr g_t
    assert _run(SGD(lr=0.1), 1) == pytest.approx([1 - 0.1 * 2], rel=1e-15)
    assert _run(SGD(lr=0.1), 3) == pytest.approx([0.8, 0.8 + 0.1 * 1, 0.9 - 0.1 * 0.5], rel=1e-15)
    assert _run(SGD(lr=0.1), 3) == pytest.approx([0.8, 0.9, 0.85], rel=1e-15)


def test_sgd_momentum_by_hand():
    # v_t = mu v_{t-1} + g_t (v_1 = g_1), theta_t = theta_{t-1} - lr v_t, with mu = 0.9, lr = 0.1
    v1 = 2.0
    v2 = 0.9 * 2.0 - 1.0  # 0.8
    v3 = 0.9 * 0.8 + 0.5  # 1.22
    expected = [1 - 0.1 * v1, 1 - 0.1 * v1 - 0.1 * v2, 1 - 0.1 * v1 - 0.1 * v2 - 0.1 * v3]
    assert expected == pytest.approx([0.8, 0.72, 0.598], rel=1e-14)
    assert _run(SGD(lr=0.1, momentum=0.9), 1) == pytest.approx(expected[:1], rel=1e-15)
    assert _run(SGD(lr=0.1, momentum=0.9), 3) == pytest.approx(expected, rel=1e-14)


def test_sgd_nesterov_by_hand():
    # v_t = mu v_{t-1} + g_t, theta_t = theta_{t-1} - lr (g_t + mu v_t), with mu = 0.9, lr = 0.1
    step1 = 2.0 + 0.9 * 2.0  # 3.8
    step2 = -1.0 + 0.9 * 0.8  # -0.28
    step3 = 0.5 + 0.9 * 1.22  # 1.598
    expected = [1 - 0.1 * step1, 1 - 0.1 * (step1 + step2), 1 - 0.1 * (step1 + step2 + step3)]
    assert expected == pytest.approx([0.62, 0.648, 0.4882], rel=1e-14)
    opt = SGD(lr=0.1, momentum=0.9, nesterov=True)
    assert _run(opt, 3) == pytest.approx(expected, rel=1e-14)
    assert opt.state["theta"]["v"] == pytest.approx([1.22], rel=1e-14)
    assert _run(SGD(lr=0.1, momentum=0.9, nesterov=True), 1) == pytest.approx([0.62], rel=1e-15)


def test_rmsprop_by_hand():
    # v_t = alpha v_{t-1} + (1 - alpha) g_t^2, theta_t = theta_{t-1} - lr g_t / (sqrt(v_t) + eps)
    lr, eps = 0.01, 1e-8
    v1 = 0.01 * 4.0  # 0.04
    v2 = 0.99 * 0.04 + 0.01 * 1.0  # 0.0496
    v3 = 0.99 * 0.0496 + 0.01 * 0.25  # 0.051604
    theta1 = 1 - lr * 2.0 / (math.sqrt(v1) + eps)  # about 1 - 0.01 * 2 / 0.2 = 0.9
    theta2 = theta1 - lr * -1.0 / (math.sqrt(v2) + eps)
    theta3 = theta2 - lr * 0.5 / (math.sqrt(v3) + eps)
    assert theta1 == pytest.approx(0.9, abs=1e-8)
    opt = RMSprop(lr=0.01, alpha=0.99, eps=1e-8)
    assert _run(opt, 3) == pytest.approx([theta1, theta2, theta3], rel=1e-14)
    assert opt.state["theta"]["v"] == pytest.approx([0.051604], rel=1e-14)
    assert _run(RMSprop(lr=0.01), 1) == pytest.approx([theta1], rel=1e-15)


def test_adam_by_hand():
    # m_t = beta1 m_{t-1} + (1 - beta1) g_t,  v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,
    # m_hat = m_t / (1 - beta1^t),  v_hat = v_t / (1 - beta2^t),  theta -= lr m_hat / (sqrt(v_hat) + eps)
    lr, eps = 0.1, 1e-8
    m1, v1 = 0.1 * 2.0, 0.001 * 4.0  # 0.2, 0.004
    m2, v2 = 0.9 * 0.2 + 0.1 * -1.0, 0.999 * 0.004 + 0.001 * 1.0  # 0.08, 0.004996
    m3, v3 = 0.9 * 0.08 + 0.1 * 0.5, 0.999 * 0.004996 + 0.001 * 0.25  # 0.122, 0.005241004
    m_hat1, v_hat1 = 0.2 / 0.1, 0.004 / 0.001  # 2, 4
    m_hat2, v_hat2 = 0.08 / 0.19, 0.004996 / 0.001999  # 1 - 0.9^2, 1 - 0.999^2
    m_hat3, v_hat3 = 0.122 / 0.271, 0.005241004 / 0.002997001  # 1 - 0.9^3, 1 - 0.999^3
    theta1 = 1 - lr * m_hat1 / (math.sqrt(v_hat1) + eps)  # about 1 - 0.1 * 2 / 2 = 0.9
    theta2 = theta1 - lr * m_hat2 / (math.sqrt(v_hat2) + eps)
    theta3 = theta2 - lr * m_hat3 / (math.sqrt(v_hat3) + eps)
    assert (m1, v1, m2, v2, m3, v3) == pytest.approx((0.2, 0.004, 0.08, 0.004996, 0.122, 0.005241004),
                                                     rel=1e-14)
    assert theta1 == pytest.approx(0.9, abs=1e-8)
    opt = Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    assert _run(opt, 3) == pytest.approx([theta1, theta2, theta3], rel=1e-13)
    state = opt.state["theta"]
    assert state["step"] == 3
    assert state["m"] == pytest.approx([0.122], rel=1e-14)
    assert state["v"] == pytest.approx([0.005241004], rel=1e-14)
    assert _run(Adam(lr=0.1), 1) == pytest.approx([theta1], rel=1e-15)


@pytest.mark.parametrize("scale", [1e-4, 1.0, 1e6])
def test_adam_first_step_is_about_lr_whatever_the_gradient_scale(scale):
    g = scale * np.array([1.0, -2.0, 3.0])
    params = {"w": np.zeros(3)}
    Adam(lr=0.01).step(params, {"w": g})
    # m_hat_1 = g and v_hat_1 = g^2, so the first step is lr g / (|g| + eps)
    np.testing.assert_allclose(params["w"], -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    np.testing.assert_allclose(params["w"], [-0.01, 0.01, -0.01], rtol=1e-4)


def test_every_entry_and_key_is_updated_independently():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=2)
    grads = [{"W": rng.normal(size=(3, 2)), "b": rng.normal(size=2)} for _ in range(3)]
    joint = Adam(lr=0.05)
    params = {"W": W.copy(), "b": b.copy()}
    for g in grads:
        joint.step(params, g)
    for key, start in (("W", W), ("b", b)):  # the same key alone, entry by entry
        for idx in np.ndindex(start.shape):
            alone, single = Adam(lr=0.05), {"x": np.array([start[idx]])}
            for g in grads:
                alone.step(single, {"x": np.array([g[key][idx]])})
            assert params[key][idx] == pytest.approx(single["x"][0], rel=1e-14)


# ------------------------------------------------------------------------------------------------
# In place, dtypes, state
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("opt", [SGD(0.1), SGD(0.1, momentum=0.5, nesterov=True), RMSprop(0.1), Adam(0.1)],
                         ids=repr)
def test_updates_are_in_place(opt):
    W = np.ones((2, 2))
    b0 = np.array(1.0)  # 0-d arrays are updated in place too
    params = {"W": W, "b": b0}
    layer_view = W[0]  # e.g. a layer holding a view of its weights
    opt.step(params, {"W": np.full((2, 2), 0.5), "b": np.array(2.0)})
    assert params["W"] is W and params["b"] is b0
    assert np.all(W < 1.0) and b0 < 1.0
    np.testing.assert_array_equal(layer_view, W[0])


@pytest.mark.parametrize("opt", [SGD(0.1, momentum=0.9), RMSprop(0.1), Adam(0.1)], ids=repr)
def test_float32_parameters_stay_float32(opt):
    params = {"w": np.ones(3, dtype=np.float32)}
    opt.step(params, {"w": np.array([1.0, 2.0, 3.0])})  # a float64 gradient
    assert params["w"].dtype == np.float32
    assert all(v.dtype == np.float32 for v in opt.state["w"].values() if isinstance(v, np.ndarray))


def test_zero_state_forgets_everything():
    opt = Adam(lr=0.1)
    first = _run(opt, 1)
    _run(opt, 3)  # uses the existing state for key "theta": not a first step any more
    assert opt.state["theta"]["step"] == 4
    opt.zero_state()
    assert opt.state == {}
    assert _run(opt, 1) == first
    opt.reset()  # alias
    assert opt.state == {}


def test_plain_sgd_keeps_no_buffer():
    opt = SGD(lr=0.1)
    _run(opt, 2)
    assert opt.state == {"theta": {"step": 2}}


def test_repr():
    assert repr(SGD(0.1)) == "SGD(lr=0.1, momentum=0.0, nesterov=False)"
    assert repr(SGD(0.1, momentum=0.9, nesterov=True)) == "SGD(lr=0.1, momentum=0.9, nesterov=True)"
    assert repr(RMSprop(0.01)) == "RMSprop(lr=0.01, alpha=0.99, eps=1e-08)"
    assert repr(Adam(0.001)) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"


# ------------------------------------------------------------------------------------------------
# Hyperparameter errors
# ------------------------------------------------------------------------------------------------


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match=re.escape(
            "The 'nesterov' parameter of SGD can only be True when momentum > 0 (Nesterov momentum looks "
            "ahead along the momentum buffer). Got nesterov=True with momentum=0.0 instead.")):
        SGD(0.1, nesterov=True)
    with pytest.raises(TypeError, match=re.escape(
            "The 'nesterov' parameter of SGD must be True or False. Got 'yes' instead.")):
        SGD(0.1, momentum=0.9, nesterov="yes")


def test_boundary_values_are_accepted():
    assert SGD(0.1, momentum=0.0).momentum == 0.0
    assert RMSprop(0.1, alpha=0.0).alpha == 0.0
    assert Adam(0.1, beta1=0.0, beta2=0.0).beta1 == 0.0


# ------------------------------------------------------------------------------------------------
# step() errors
# ------------------------------------------------------------------------------------------------


def test_keys_must_match():
    params = {"W": np.zeros(2), "b": np.zeros(1)}
    with pytest.raises(ValueError, match=re.escape(
            "The 'grads' parameter of Adam.step must have the same keys as params, ['W', 'b']. "
            "Got no gradient for 'b'; gradients for unknown parameters 'B' instead.")):
        Adam(0.1).step(params, {"W": np.zeros(2), "B": np.zeros(1)})
    with pytest.raises(ValueError, match=re.escape("Got no gradient for 'W' instead.")):
        SGD(0.1).step(params, {"b": np.zeros(1)})


def test_shapes_must_match():
    with pytest.raises(ValueError, match=re.escape(
            "The 'grads' parameter of SGD.step must have the shape of params for every key. "
            "Got shape (3,) for key 'W', whose parameter has shape (3, 1), instead.")):
        SGD(0.1).step({"W": np.zeros((3, 1))}, {"W": np.zeros(3)})


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam])
def test_non_finite_gradient_names_the_key_and_updates_nothing(bad, cls):
    params = {"W": np.ones(3), "b": np.ones(2)}
    grads = {"W": np.ones(3), "b": np.array([1.0, bad])}
    opt = cls(0.1)
    with pytest.raises(ValueError, match=re.escape(
            f"The 'grads' parameter of {cls.__name__}.step must hold finite values. "
            "Got 1 non-finite value(s) (NaN or inf) for key 'b' instead.")):
        opt.step(params, grads)
    np.testing.assert_array_equal(params["W"], np.ones(3))  # all checks happen before any update
    assert opt.state == {}


def test_params_must_be_float_arrays():
    with pytest.raises(TypeError, match=re.escape(
            "The 'params' parameter of SGD.step must hold floating-point NumPy arrays, which are updated in "
            "place. Got [1.0, 2.0] for key 'w' instead. Convert it once with np.asarray(..., dtype=float).")):
        SGD(0.1).step({"w": [1.0, 2.0]}, {"w": [1.0, 1.0]})
    with pytest.raises(TypeError, match=re.escape("Got an array of dtype int64 for key 'w' instead.")):
        SGD(0.1).step({"w": np.array([1, 2], dtype=np.int64)}, {"w": np.ones(2)})


def test_read_only_params_are_rejected_before_any_update():
    W, b = np.ones(2), np.ones(2)
    b.setflags(write=False)
    with pytest.raises(ValueError, match=re.escape(
            "The 'params' parameter of SGD.step must hold writeable arrays, which are updated in place. "
            "Got a read-only array for key 'b' instead.")):
        SGD(0.1).step({"W": W, "b": b}, {"W": np.ones(2), "b": np.ones(2)})
    np.testing.assert_array_equal(W, np.ones(2))


def test_changed_parameter_shape_asks_for_zero_state():
    opt = Adam(0.1)
    opt.step({"w": np.zeros(2)}, {"w": np.ones(2)})
    with pytest.raises(ValueError, match=re.escape(
            "The 'params' parameter of Adam.step changed shape for key 'w': its state 'm' has shape (2,) but "
            "the parameter now has shape (3,). Call zero_state() before optimizing a different model.")):
        opt.step({"w": np.zeros(3)}, {"w": np.ones(3)})
    opt.zero_state()
    opt.step({"w": np.zeros(3)}, {"w": np.ones(3)})


# ------------------------------------------------------------------------------------------------
# Convergence
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("opt, n_steps", [
    (SGD(lr=0.1), 200),
    (SGD(lr=0.05, momentum=0.9), 400),
    (SGD(lr=0.05, momentum=0.9, nesterov=True), 300),
    (RMSprop(lr=0.01), 1000),
    (Adam(lr=0.1), 500),
], ids=repr)
def test_converges_on_an_ill_conditioned_quadratic(opt, n_steps):
    # f(w) = (1 w_0^2 + 10 w_1^2) / 2, gradient (1 w_0, 10 w_1), minimum at 0
    curvatures = np.array([1.0, 10.0])
    params = {"w": np.array([3.0, -2.0])}
    for _ in range(n_steps):
        opt.step(params, {"w": curvatures * params["w"]})
    assert np.linalg.norm(params["w"]) < 1e-6


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam])
def test_float16_parameters_are_updated_in_float32(cls):
    # In float16, eps = 1e-8 rounds to 0 (so g = 0 gives 0/0) and 300**2 overflows: NaN or inf steps.
    g = np.array([0.0, 1e-5, 300.0, -2.0])
    p16, p32 = {"w": np.ones(4, dtype=np.float16)}, {"w": np.ones(4, dtype=np.float32)}
    opt16, opt32 = cls(0.01), cls(0.01)
    with np.errstate(all="raise", under="ignore"):
        for _ in range(3):
            opt16.step(p16, {"w": g})
            opt32.step(p32, {"w": g})
            np.testing.assert_array_equal(p16["w"], p32["w"].astype(np.float16))  # one rounding per step
            p32["w"][...] = p16["w"]
    assert p16["w"].dtype == np.float16 and np.all(np.isfinite(p16["w"]))
    assert p16["w"][0] == 1.0 and p16["w"][2] < 1.0


def test_an_overflowing_update_is_refused_at_the_next_step():
    params = {"w": np.array([6e4], dtype=np.float16)}
    opt = SGD(1e3)
    with np.errstate(all="raise"):
        opt.step(params, {"w": np.array([-1e3])})  # 6e4 + 1e6 is beyond float16: inf, without a warning
    assert params["w"][0] == np.inf
    with pytest.raises(ValueError, match=re.escape(
            "The 'params' parameter of SGD.step must hold finite values. "
            "Got 1 non-finite value(s) (NaN or inf) for key 'w' instead; if an earlier step made them, "
            "the run diverged: lower the learning rate.")):
        opt.step(params, {"w": np.array([1.0])})


def test_gradients_whose_square_overflows_are_refused_by_adam_and_rmsprop():
    for cls in (RMSprop, Adam):
        params = {"w": np.array([1.0])}
        message = rf"The 'grads' parameter of {cls.__name__}\.step must have entries of at most 1\.34e\+154"
        with pytest.raises(ValueError, match=message + r" in size so that g\*\*2 is finite"):
            cls(0.1).step(params, {"w": np.array([1e200])})
        assert params["w"][0] == 1.0  # nothing was updated


# ------------------------------------------------------------------------------------------------
# Decoupled weight decay (SGDW, AdamW)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("momentum, nesterov", [(0.0, False), (0.9, False), (0.9, True)])
def test_sgd_weight_decay_by_hand(momentum, nesterov):
    # theta <- (1 - lr lambda) theta, then the usual step with v_t = mu v_{t-1} + g_t
    lr, lam, mu = 0.1, 0.5, momentum
    theta, v, want = THETA0, 0.0, []
    for g in GRADS:
        theta *= 1 - lr * lam
        v = mu * v + g
        theta -= lr * (g + mu * v) if nesterov else lr * (v if mu else g)
        want.append(theta)
    got = _run(SGD(lr=lr, momentum=mu, nesterov=nesterov, weight_decay=lam), 3)
    assert got == pytest.approx(want, rel=1e-14)


def test_adamw_by_hand():
    # theta <- (1 - lr lambda) theta, then Adam's step (m, v and the division never see lambda)
    lr, lam, eps = 0.1, 0.5, 1e-8
    theta, m, v, want = THETA0, 0.0, 0.0, []
    for t, g in enumerate(GRADS, start=1):
        theta *= 1 - lr * lam
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        theta -= lr * (m / (1 - 0.9**t)) / (math.sqrt(v / (1 - 0.999**t)) + eps)
        want.append(theta)
    opt = Adam(lr=lr, weight_decay=lam)
    assert _run(opt, 3) == pytest.approx(want, rel=1e-13)
    assert opt.state["theta"]["m"] == pytest.approx([0.122], rel=1e-14)   # the averages of g only


@pytest.mark.parametrize("lam", [0.01, 0.3])
def test_sgd_weight_decay_is_l2_without_momentum_but_adamw_is_not(lam):
    # Gradient descent with decay lambda on f equals gradient descent on f + lambda/2 ||theta||^2;
    # Adam with decay lambda (AdamW) does not equal Adam on the penalised loss.
    rng = np.random.default_rng(0)
    h = np.array([10.0, 0.1])
    grads = rng.normal(size=(40, 2))

    def run(opt, l2):
        params = {"w": np.array([1.0, -1.0])}
        for noise in grads:
            w = params["w"]
            opt.step(params, {"w": h * w + noise + l2 * w})
        return params["w"]

    np.testing.assert_allclose(run(SGD(lr=0.05, weight_decay=lam), 0.0), run(SGD(lr=0.05), lam), rtol=1e-12)
    adamw, adam_l2 = run(Adam(lr=0.05, weight_decay=lam), 0.0), run(Adam(lr=0.05), lam)
    assert np.max(np.abs(adamw - adam_l2)) > 1e-3


@pytest.mark.parametrize("cls", [SGD, Adam])
def test_weight_decay_must_be_non_negative(cls):
    with pytest.raises(ValueError, match=rf"The 'weight_decay' parameter of {cls.__name__} must be >= 0\. "
                                         r"Got -0\.1 instead\."):
        cls(lr=0.1, weight_decay=-0.1)


def test_weight_decay_shows_in_repr_only_when_set():
    assert repr(Adam(lr=0.1, weight_decay=0.01)).endswith("eps=1e-08, weight_decay=0.01)")
    assert "weight_decay" not in repr(SGD(lr=0.1))


# --------------------------------------------------------------------------------------------------
# Gradient clipping and learning-rate schedules
# --------------------------------------------------------------------------------------------------
from nnbasics.optim import SCHEDULES, CosineDecay, StepDecay, Warmup, clip_by_norm, get_schedule  # noqa: E402


@pytest.mark.parametrize("scale", [1e-3, 0.5, 2.0, 1e3])
def test_clip_by_norm_caps_the_joint_norm_and_keeps_the_direction(scale):
    rng = np.random.default_rng(0)
    grads = {"W": scale * rng.normal(size=(3, 2)), "b": scale * rng.normal(size=2)}
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    clipped = clip_by_norm(grads, max_norm=1.0)
    new_norm = np.sqrt(sum(np.sum(g**2) for g in clipped.values()))
    assert new_norm == pytest.approx(min(norm, 1.0), rel=1e-12)
    for key in grads:  # same direction: one common factor for every array
        np.testing.assert_allclose(clipped[key], grads[key] * min(1.0, 1.0 / norm), rtol=1e-12)
        assert clipped[key] is not grads[key]


def test_clip_by_norm_leaves_a_zero_gradient_alone():
    assert np.array_equal(clip_by_norm({"w": np.zeros(3)}, 1.0)["w"], np.zeros(3))


@pytest.mark.parametrize("schedule, expected", [
    (StepDecay(0.1, every=10, factor=0.5), {0: 0.1, 9: 0.1, 10: 0.05, 29: 0.025, 30: 0.0125}),
    (CosineDecay(0.1, n_steps=100, lr_min=0.01), {0: 0.1, 50: 0.055, 100: 0.01, 150: 0.01}),
    (Warmup(0.1, n_warmup=5), {0: 0.02, 1: 0.04, 4: 0.1, 50: 0.1}),
])
def test_schedules_at_their_landmarks(schedule, expected):
    for t, lr in expected.items():
        assert schedule(t) == pytest.approx(lr, rel=1e-12)


def test_cosine_decay_is_monotone_and_follows_the_formula():
    schedule = CosineDecay(0.2, n_steps=40)
    values = np.array([schedule(t) for t in range(41)])
    assert np.all(np.diff(values) <= 0)
    np.testing.assert_allclose(values, 0.1 * (1 + np.cos(np.pi * np.arange(41) / 40)), atol=1e-15)


@pytest.mark.parametrize("name", SCHEDULES)
def test_get_schedule_builds_each_registered_schedule(name):
    params = {"step": {"every": 3}, "cosine": {"n_steps": 9}, "warmup": {"n_warmup": 4}}[name]
    schedule = get_schedule(name, lr=0.3, **params)
    assert type(schedule).__name__ in repr(schedule)
    assert 0 < schedule(2) <= 0.3


def test_get_schedule_lists_the_names():
    with pytest.raises(ValueError, match="'step', 'cosine', 'warmup'"):
        get_schedule("linear", lr=0.1)


@pytest.mark.parametrize("bad", [-1, 1.5, "3"])
def test_schedules_refuse_a_bad_step(bad):
    with pytest.raises((ValueError, TypeError), match="The 't' parameter of Warmup"):
        Warmup(0.1, n_warmup=3)(bad)
