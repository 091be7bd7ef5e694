"""nnbasics.plotting, nnbasics.signal and nnbasics.datasets: the chapters' figures and measurements."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics import datasets, gradcheck, plotting, signal
from nnbasics.plotting import activations as activation_plots
from nnbasics.activations import ACTIVATIONS


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_figure_is_labelled_and_marks_z0(name):
    fig = activation_plots.plot_activation(name=name, z0=1.0)
    ax_f, ax_d = fig.axes
    for ax in (ax_f, ax_d):
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    marker_x = [line.get_xdata()[0] for line in ax_d.lines if line.get_marker() == "o"]
    assert marker_x == [1.0]


def test_neuron_figure_places_the_zero_crossing_at_minus_b_over_w():
    fig = activation_plots.plot_neuron(name="sigmoid", w=2.0, b=1.0)
    ax = fig.axes[0]
    crossing = [line for line in ax.lines if line.get_label() == "z = 0"]
    assert len(crossing) == 1 and crossing[0].get_xdata()[0] == pytest.approx(-0.5)
    assert "w = 0" in activation_plots.plot_neuron(name="relu", w=0.0, b=1.0).axes[0].get_title()


@pytest.mark.parametrize(("w", "b", "written"), [(-1.0, 2.0, "sigmoid(-x + 2)"), (1.0, 0.0, "sigmoid(x)"),
                                                (0.5, -1.0, "sigmoid(0.5x - 1)"), (0.0, -2.0, "sigmoid(-2)")])
def test_neuron_figure_title_writes_wx_plus_b_as_a_reader_would(w, b, written):
    assert written in activation_plots.plot_neuron(name="sigmoid", w=w, b=b).axes[0].get_title()


def test_palette_is_hex_colours():
    assert all(len(c) == 7 and c.startswith("#") for c in plotting.PALETTE.values())


def test_sigmoid_gradients_vanish_with_depth_and_relu_gradients_do_not():
    sig = signal.gradient_norms_by_depth("sigmoid", depth=20, rng=0)
    relu = signal.gradient_norms_by_depth("relu", depth=20, gain=np.sqrt(2), rng=0)
    assert sig.shape == relu.shape == (20,)
    assert sig[0] / sig[-1] < 1e-8
    assert 0.1 < relu[0] / relu[-1] < 10


def test_gradient_norms_are_seeded():
    a = signal.gradient_norms_by_depth("tanh", depth=5, rng=3)
    np.testing.assert_array_equal(a, signal.gradient_norms_by_depth("tanh", depth=5, rng=3))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"depth": 0}, r"'depth' parameter of gradient_norms_by_depth must be >= 1\. Got 0"),
     ({"gain": -1.0}, r"'gain' parameter of gradient_norms_by_depth must be > 0"),
     ({"width": 2.5}, r"'width' parameter of gradient_norms_by_depth must be an integer")],
)
def test_gradient_norms_reject_bad_parameters(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        signal.gradient_norms_by_depth("relu", **kwargs)


def test_xor_truth_table():
    X, y = datasets.xor()
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]).astype(int))


def test_gradient_ratios_over_seeds_are_the_per_seed_ratios():
    ratios = signal.gradient_ratios_over_seeds("tanh", gain=1.0, depth=6, n_seeds=3)
    for seed, ratio in enumerate(ratios):
        norms = signal.gradient_norms_by_depth("tanh", depth=6, gain=1.0, rng=seed)
        assert ratio == norms[0] / norms[-1]


def test_sigmoid_at_gain_four_keeps_far_more_gradient_than_at_gain_one():
    # at gain 1 (Glorot's scale) twenty sigmoid layers keep ~1e-12 of the gradient, at gain 4 ~1e-4
    gain_one = np.median(signal.gradient_ratios_over_seeds("sigmoid", gain=1.0, n_seeds=5))
    gain_four = np.median(signal.gradient_ratios_over_seeds("sigmoid", gain=4.0, n_seeds=5))
    assert gain_one < 1e-10
    assert 1e-6 < gain_four < 1e-2


@pytest.mark.parametrize("n_seeds, message", [(0, r"must be >= 1\. Got 0"), (1.5, "must be an integer")])
def test_gradient_ratios_over_seeds_rejects_bad_n_seeds(n_seeds, message):
    with pytest.raises((ValueError, TypeError), match=r"'n_seeds' parameter of gradient_ratios_over_seeds " + message):
        signal.gradient_ratios_over_seeds("relu", n_seeds=n_seeds)


# A chain of one-unit layers, worked by hand --------------------------------------------------------------
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "softplus", "identity"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_chain_derivative_matches_a_central_difference(name, seed):
    rng = np.random.default_rng(seed)
    # weights of size 0.5 to 1.5 and small biases: a derivative far above the central difference's rounding
    w = rng.uniform(0.5, 1.5, 4) * rng.choice([-1.0, 1.0], 4)
    b, x = rng.normal(0, 0.5, 4), float(rng.normal())
    a_last = lambda xs: np.array([signal.chain_derivative(v, w, b, name)["a"][-1] for v in xs])  # noqa: E731
    numeric = gradcheck.numerical_derivative(a_last, np.array([x]))[0]
    assert gradcheck.relative_error(signal.chain_derivative(x, w, b, name)["derivative"], numeric) < 1e-7


def test_chain_derivative_forward_and_factors_by_hand():
    chain = signal.chain_derivative(0.5, [2.0, -1.0], [1.0, 0.0], "tanh")
    z1 = 2.0 * 0.5 + 1.0
    z2 = -1.0 * np.tanh(z1)
    np.testing.assert_allclose(chain["z"], [z1, z2], rtol=1e-15)
    np.testing.assert_allclose(chain["a"], np.tanh([z1, z2]), rtol=1e-15)
    slopes = 1 - np.tanh([z1, z2]) ** 2
    np.testing.assert_allclose(chain["slope"], slopes, rtol=1e-14)
    np.testing.assert_allclose(chain["factor"], [2.0 * slopes[0], -1.0 * slopes[1]], rtol=1e-14)
    assert chain["derivative"] == pytest.approx(-2.0 * slopes[0] * slopes[1], rel=1e-14)


@pytest.mark.parametrize("w, b, match", [
    ([], [], r"'w' parameter of chain_derivative must hold one weight per layer"),
    ([1.0, 2.0], [0.0], r"'b' parameter of chain_derivative must hold one bias per layer, as many as 'w' \(2\)"),
    ([1e200, 1e200], [0.0, 0.0], r"'w' parameter of chain_derivative must keep the chain finite"),
    ([np.nan], [0.0], r"'w' parameter of chain_derivative must not contain NaN"),
])
def test_chain_derivative_rejects_bad_chains(w, b, match):
    with pytest.raises(ValueError, match=match):
        signal.chain_derivative(1.0, w, b, "identity")


# A unit fed all-positive or zero-centred inputs -----------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_positive_inputs_move_both_weights_the_same_way_every_step(seed):
    positive = signal.train_unit_on_activations("sigmoid", n_epochs=10, rng=seed).metrics
    assert positive["moved"][0] == 0 and positive["moved"].sum() > 50
    np.testing.assert_array_equal(positive["same_sign"], positive["moved"])  # every step that moved
    centred = signal.train_unit_on_activations("tanh", rng=seed).metrics
    assert 0.2 < centred["same_sign"].sum() / centred["moved"].sum() < 0.8


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_unit_on_activations_reaches_the_teacher(name):
    hist = signal.train_unit_on_activations(name, lr=0.5, n_epochs=20, rng=3)
    path = hist.path["w"]
    assert path.shape == (hist.n_steps + 1, 2) and np.all(path[0] == 0)
    assert np.all(path[1] != 0)
    assert hist.metrics["distance"][0] == pytest.approx(np.sqrt(2))
    assert hist.metrics["distance"][-1] < 1e-6


def test_unit_on_activations_first_step_by_hand():
    from nnbasics.activations import get_activation
    rng = np.random.default_rng(7)
    x_all = get_activation("sigmoid").forward(rng.standard_normal((5, 2)))
    hist = signal.train_unit_on_activations("sigmoid", n_samples=5, lr=0.3, n_epochs=1, rng=7)
    step = hist.path["w"][1]
    # the first example the shuffled loop drew is the one whose x the step is parallel to
    y_all = x_all @ np.array(signal.TEACHER_WEIGHTS)
    expected = [0.3 * 2 * y * x for x, y in zip(x_all, y_all)]   # -lr * 2 (0 - y) x, from w = 0
    assert any(np.allclose(step, e, rtol=1e-14, atol=0) for e in expected)


def test_unit_on_activations_is_reproducible_and_rejects_bad_lr():
    a = signal.train_unit_on_activations("tanh", rng=5).path["w"]
    np.testing.assert_array_equal(a, signal.train_unit_on_activations("tanh", rng=5).path["w"])
    with pytest.raises(ValueError, match=r"'lr' parameter of train_unit_on_activations must be > 0"):
        signal.train_unit_on_activations("tanh", lr=0.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batches_mix_the_signs_of_positive_inputs(seed):
    # ten examples per step: delta's signs differ within a batch, so the step's components can differ too
    hist = signal.train_unit_on_activations("sigmoid", n_samples=50, batch_size=10, n_epochs=6, rng=seed)
    assert hist.n_steps == 6 * 5
    together = hist.metrics["same_sign"].sum() / hist.metrics["moved"].sum()
    assert 0.2 < together < 0.9


def test_batch_step_averages_the_example_gradients():
    from nnbasics.activations import get_activation
    rng = np.random.default_rng(4)
    x_all = get_activation("tanh").forward(rng.standard_normal((4, 2)))
    y_all = x_all @ np.array(signal.TEACHER_WEIGHTS)
    hist = signal.train_unit_on_activations("tanh", n_samples=4, batch_size=4, lr=0.5, n_epochs=1, rng=4)
    expected = 0.5 * np.mean([2 * y * x for x, y in zip(x_all, y_all)], axis=0)  # -lr * mean 2 (0 - y) x
    np.testing.assert_allclose(hist.path["w"][1], expected, rtol=1e-13, atol=0)


def test_batch_size_above_n_samples_is_refused():
    with pytest.raises(ValueError, match=r"'batch_size' parameter of train_unit_on_activations must be in "
                                         r"the range \[1, 5\]\. Got 6"):
        signal.train_unit_on_activations("tanh", n_samples=5, batch_size=6)


def test_condition_number_of_sigmoid_inputs_matches_the_integral():
    # E[x x^T] = [[m2, 1/4], [1/4, m2]] with m2 = E[sigmoid(u)^2]: eigenvalues m2 +- 1/4
    u, weight = np.polynomial.hermite_e.hermegauss(200)
    m2 = np.sum(weight * (1 / (1 + np.exp(-u))) ** 2) / np.sum(weight)
    exact = (m2 + 0.25) / (m2 - 0.25)
    assert 12.4 < exact < 12.7
    assert signal.input_condition_number("sigmoid", n_samples=400_000, rng=1) == pytest.approx(exact, rel=0.02)


@pytest.mark.parametrize(("name", "centre"), [("sigmoid", True), ("tanh", False), ("tanh", True)])
def test_centred_inputs_are_well_conditioned(name, centre):
    assert 1.0 <= signal.input_condition_number(name, centre=centre, rng=2) < 1.05


def test_condition_number_is_the_eigenvalue_ratio_of_the_second_moment():
    from nnbasics.activations import get_activation
    X = get_activation("softplus").forward(np.random.default_rng(3).standard_normal((50, 2)))
    expected = np.linalg.cond(X.T @ X)
    assert signal.input_condition_number("softplus", n_samples=50, rng=3) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("target", [(1.0, 1.0), (2.0, -0.5)])
def test_unit_learns_any_target_and_measures_the_distance_to_it(target):
    from nnbasics.activations import get_activation
    rng = np.random.default_rng(6)
    x_all = get_activation("sigmoid").forward(rng.standard_normal((5, 2)))
    hist = signal.train_unit_on_activations("sigmoid", n_samples=5, lr=0.3, n_epochs=1, rng=6, target=target)
    y_all = x_all @ np.array(target)
    expected = [0.3 * 2 * y * x for x, y in zip(x_all, y_all)]   # the first step, from w = 0
    assert any(np.allclose(hist.path["w"][1], e, rtol=1e-14, atol=0) for e in expected)
    distance = np.linalg.norm(hist.path["w"] - np.array(target), axis=1)
    np.testing.assert_allclose(hist.metrics["distance"], distance, rtol=1e-15)


@pytest.mark.parametrize(("name", "batch_size"), [("sigmoid", 1), ("tanh", 10)])
def test_unit_stopped_on_arrival_follows_the_full_run(name, batch_size):
    full = signal.train_unit_on_activations(name, n_epochs=6, batch_size=batch_size, rng=3)
    short = signal.train_unit_on_activations(name, n_epochs=6, batch_size=batch_size, rng=3, stop_within=0.1)
    arrived = int(np.flatnonzero(full.metrics["distance"] <= 0.1)[0])
    steps_per_pass = 50 // batch_size
    assert short.n_steps == -(-arrived // steps_per_pass) * steps_per_pass < full.n_steps  # end of that pass
    np.testing.assert_array_equal(short.path["w"], full.path["w"][:short.n_steps + 1])


def test_unit_target_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match=r"'target' parameter of train_unit_on_activations must have shape "
                                         r"\(2,\), one weight per input\. Got shape \(3,\)"):
        signal.train_unit_on_activations("tanh", target=[1.0, 2.0, 3.0])


@pytest.mark.parametrize(("name", "batch_size"), [("sigmoid", 1), ("tanh", 10)])
def test_median_steps_is_the_median_of_the_first_arrivals(name, batch_size):
    from nnbasics.training import first_step_below
    steps = signal.median_steps_to_target(name, [0.5, 1.0], batch_size=batch_size, max_steps=60, n_seeds=3)
    for lr, median in steps.items():
        arrivals = []
        for seed in range(3):
            n_epochs = -(-60 // (50 // batch_size))  # enough passes for 60 steps of batch_size of 50 examples
            run = signal.train_unit_on_activations(name, lr=lr, n_epochs=n_epochs, batch_size=batch_size,
                                                   rng=seed)
            arrived = first_step_below(run.metrics["distance"][:61], 0.1)
            arrivals.append(np.inf if arrived is None else arrived)
        assert median == np.median(arrivals)


@pytest.mark.parametrize("batch_size", [1, 10])
def test_median_steps_counts_a_run_past_the_budget_as_never(batch_size):
    # the budget is in steps, whatever the batch size; sigmoid inputs need more than 8 steps to (1, -1)
    steps = signal.median_steps_to_target("sigmoid", [1.0], batch_size=batch_size, max_steps=8)
    assert steps == {1.0: np.inf}
    assert np.isfinite(signal.median_steps_to_target("sigmoid", [1.0], batch_size=batch_size)[1.0])


@pytest.mark.parametrize("batch_size", [1, 10])
def test_sigmoid_inputs_reach_the_steep_direction_faster_than_the_flat_one(batch_size):
    flat, steep = (min(signal.median_steps_to_target("sigmoid", target=t, batch_size=batch_size).values())
                   for t in [(1.0, -1.0), (1.0, 1.0)])
    assert 2 * steep < flat


def test_second_moment_of_sigmoid_inputs_is_flat_along_the_weight_difference():
    # E[x x^T] = [[m2, 1/4], [1/4, m2]]: eigenvector (1, -1) / sqrt 2 with eigenvalue m2 - 1/4 = Var(sigmoid(u))
    u, weight = np.polynomial.hermite_e.hermegauss(200)
    m2 = np.sum(weight * (1 / (1 + np.exp(-u))) ** 2) / np.sum(weight)
    curvature, directions = np.linalg.eigh(signal.input_second_moment("sigmoid", n_samples=400_000, rng=1))
    assert curvature == pytest.approx([m2 - 0.25, m2 + 0.25], rel=0.02)
    np.testing.assert_allclose(np.abs(directions[:, 0] @ np.array([1.0, -1.0])) / np.sqrt(2), 1.0, atol=1e-3)


def test_second_moment_is_x_transpose_x_over_n():
    from nnbasics.activations import get_activation
    X = get_activation("elu").forward(np.random.default_rng(3).standard_normal((50, 2)))
    moment = signal.input_second_moment("elu", n_samples=50, rng=3)
    np.testing.assert_allclose(moment, X.T @ X / 50, rtol=1e-14)
    centred = X - X.mean(axis=0)
    np.testing.assert_allclose(signal.input_second_moment("elu", centre=True, n_samples=50, rng=3),
                               centred.T @ centred / 50, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("seed", [0, 1])
def test_saturated_share_counts_large_pre_activations(seed):
    # threshold 0 counts every non-zero pre-activation, i.e. all of them
    assert signal.saturated_share_over_seeds("sigmoid", gain=2.0, depth=4, n_seeds=1, threshold=1e-300)[0] == 1.0
    small, large = (signal.saturated_share_over_seeds("sigmoid", gain=g, depth=10, width=32, n_samples=32,
                                                      n_seeds=2 + seed) for g in (1.0, 10.0))
    assert np.all(small < 0.01) and np.all((0.3 < large) & (large < 0.7))


def test_larger_sigmoid_gain_keeps_the_gradient_by_saturating_units():
    ratios = signal.gradient_ratios_over_seeds("sigmoid", gain=10.0, n_samples=64, n_seeds=5)
    shares = signal.saturated_share_over_seeds("sigmoid", gain=10.0, n_samples=64, n_seeds=5)
    assert 0.1 < np.median(ratios) < 2 and 0.35 < np.median(shares) < 0.6


# Step versus sigmoid, and the zig-zag figure ---------------------------------------------------------------
@pytest.mark.parametrize("w", [1.0, 5.0, 20.0])
def test_step_figure_draws_sigmoid_of_wx_and_reports_the_gap(w):
    fig = activation_plots.plot_step_vs_sigmoid(w=w)
    ax = fig.axes[0]
    curve = [line for line in ax.lines if line.get_label() == "sigmoid neuron: σ(wx)"][0]
    x = curve.get_xdata()
    np.testing.assert_allclose(curve.get_ydata(), 1 / (1 + np.exp(-w * x)), rtol=1e-12)
    assert f"{1 / (1 + np.exp(w / 2)):.2g}" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()


def test_zigzag_figure_draws_the_two_runs():
    fig = activation_plots.plot_zigzag(n_steps=10)
    for ax, name in zip(fig.axes, ("sigmoid", "tanh")):
        path = signal.train_unit_on_activations(name, lr=0.5).path["w"][:11]
        np.testing.assert_array_equal(ax.lines[0].get_xydata(), path)
        assert name in ax.get_title()
