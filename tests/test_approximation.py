"""nnbasics.approximation: a sum of ReLU bumps is a one-hidden-layer network that interpolates the target."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics import approximation as ua
from nnbasics.activations import ReLU


def test_two_bumps_exactly():
    # f(x) = 3x + 1 on [0, 2], bumps at 0 and 2 (h = 2): knots -2, 0, 2, 4; heights 1 and 7.
    net = ua.relu_bumps(lambda x: 3 * x + 1, 2, (0.0, 2.0))
    assert net.n_bumps == 2 and net.n_hidden == 4 and net.h == 2.0
    np.testing.assert_array_equal(net.b1, [2.0, 0.0, -2.0, -4.0])
    # g rises from 0 at -2 to 1 at 0 (slope 1/2), to 7 at 2 (slope 3), back to 0 at 4 (slope -7/2).
    np.testing.assert_allclose(net.W2[:, 0], [0.5, 2.5, -6.5, 3.5])
    x = np.array([-3.0, -2.0, -1.0, 0.0, 0.5, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_allclose(net.forward(x), [0.0, 0.0, 0.5, 1.0, 2.5, 7.0, 3.5, 0.0, 0.0])


@pytest.mark.parametrize("n", [2, 3, 7, 20])
@pytest.mark.parametrize("target", list(ua.TARGETS))
def test_network_is_the_sum_of_its_bumps_and_interpolates_at_the_centres(target, n):
    net = ua.relu_bumps(target, n)
    x = np.linspace(-1.5, 1.5, 601)
    np.testing.assert_allclose(net.bumps(x).sum(axis=1), net.forward(x), atol=1e-12)
    np.testing.assert_allclose(net.forward(net.centers), ua.TARGETS[target](net.centers), atol=1e-12)
    # exactly a one-hidden-layer ReLU network: relu(x W1 + b1) W2 + b2, written out here
    manual = np.maximum(x[:, None] @ net.W1 + net.b1, 0.0) @ net.W2 + net.b2
    np.testing.assert_allclose(manual[:, 0], net.forward(x), atol=1e-12)
    np.testing.assert_array_equal(net.hidden(x), ReLU().forward(x[:, None] @ net.W1 + net.b1))


@pytest.mark.parametrize("n", [2, 5, 9])
def test_each_bump_is_a_hat_of_three_relus(n):
    net = ua.relu_bumps(lambda x: np.ones_like(x), n, (0.0, 1.0))   # heights 1: the bare hats
    x = np.linspace(-0.5, 1.5, 801)
    hats = net.bumps(x)
    for k, t in enumerate(net.centers):
        np.testing.assert_allclose(hats[:, k], np.maximum(0.0, 1.0 - np.abs(x - t) / net.h), atol=1e-12)
    inside = (x >= 0) & (x <= 1)
    np.testing.assert_allclose(hats[inside].sum(axis=1), 1.0, atol=1e-12)  # the hats sum to 1 on [a, b]


def test_linear_targets_are_exact_on_the_interval():
    net = ua.relu_bumps(lambda x: 2.0 - 0.5 * x, 4, (-1.0, 3.0))
    x = np.linspace(-1.0, 3.0, 97)
    np.testing.assert_allclose(net.forward(x), 2.0 - 0.5 * x, atol=1e-12)


def test_smooth_target_error_obeys_the_interpolation_bound_and_falls_like_one_over_n_squared():
    ns = [8, 16, 32, 64, 128]
    max_err, rms_err = ua.approximation_errors("sine", ns)
    h = 2.0 / (np.array(ns) - 1)
    assert np.all(max_err <= h ** 2 / 8 * np.pi ** 2 * (1 + 1e-9))   # |f - g| <= h^2/8 max|f''|, f'' = -pi^2 sin
    assert np.all(max_err >= 0.9 * h ** 2 / 8 * np.pi ** 2 * np.sin(np.pi * (0.5 - h / 2)))  # near x = 1/2, nearly sharp
    assert ua.convergence_rate(ns, max_err) == pytest.approx(2.0, abs=0.1)
    assert ua.convergence_rate(ns, rms_err) == pytest.approx(2.0, abs=0.1)


@pytest.mark.parametrize("ns", [[5, 9, 17, 33, 65, 129], [6, 10, 22, 40]])
def test_kink_error_stays_under_h_over_2_and_vanishes_with_a_knot_on_the_kink(ns):
    max_err, _ = ua.approximation_errors("kink", ns, n_eval=40001)
    bound = ua.interpolation_bound("kink", ns)
    np.testing.assert_allclose(bound, 1.0 / (np.array(ns) - 1))      # h / 2 with h = 2 / (n - 1)
    assert np.all(max_err <= bound * (1 + 1e-9))
    on_knot, _ = ua.approximation_errors("kink", [21, 41])            # knots at multiples of 0.1 / 0.05: on 0.3
    assert np.all(on_knot < 1e-12)


def test_interpolation_bound_of_the_sine_and_none_for_a_jump():
    np.testing.assert_allclose(ua.interpolation_bound("sine", [3, 5]), np.array([1.0, 0.25]) * np.pi ** 2 / 8)
    assert ua.interpolation_bound("step", [5, 9]) is None


def test_a_jump_is_not_approximated_in_the_maximum():
    ns = [9, 17, 33, 65, 129]
    max_err, rms_err = ua.approximation_errors("step", ns)
    assert np.all(max_err > 0.4)
    assert ua.convergence_rate(ns, rms_err) == pytest.approx(0.5, abs=0.15)


@pytest.mark.parametrize(
    ("call", "match"),
    [(lambda: ua.relu_bumps("cosine", 5), r"'target' parameter of relu_bumps must be one of 'sine', 'kink', 'step'"),
     (lambda: ua.relu_bumps("sine", 1), r"'n' parameter of relu_bumps must be >= 2\. Got 1"),
     (lambda: ua.relu_bumps("sine", 5, (1.0, 1.0)), r"'interval' parameter of relu_bumps must be > 1.0"),
     (lambda: ua.relu_bumps(lambda x: np.where(x > 0, np.inf, x), 5), r"'target' parameter of relu_bumps must return finite values"),
     (lambda: ua.relu_bumps(lambda x: x[:2], 5), r"of the shape of its input \(5,\)"),
     (lambda: ua.approximation_errors("sine", [4], n_eval=1), r"'n_eval' parameter of approximation_errors must be >= 2"),
     (lambda: ua.convergence_rate([1, 2], [1.0, 0.0]), r"'errors' parameter of convergence_rate must hold one positive error per count"),
     (lambda: ua.interpolation_bound("kink", [1, 5]), r"'ns' parameter of interpolation_bound must hold whole numbers of bumps >= 2"),
     (lambda: ua.interpolation_bound("cosine", [5]), r"'target' parameter of interpolation_bound must be one of")],
)
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
