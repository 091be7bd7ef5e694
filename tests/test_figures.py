"""nnbasics.plotting, nnbasics.signal and nnbasics.datasets: the chapters' figures and measurements."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics import datasets, plotting, signal
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


def test_glorot_gain_sigmoid_keeps_far_more_gradient_than_gain_one():
    # Like with like: at gain 1 twenty sigmoid layers keep ~1e-12 of the gradient, at Glorot's gain 4 ~1e-4
    gain_one = np.median(signal.gradient_ratios_over_seeds("sigmoid", gain=1.0, n_seeds=5))
    glorot = np.median(signal.gradient_ratios_over_seeds("sigmoid", gain=4.0, n_seeds=5))
    assert gain_one < 1e-10
    assert 1e-6 < glorot < 1e-2


@pytest.mark.parametrize("n_seeds, message", [(0, r"must be >= 1\. Got 0"), (1.5, "must be an integer")])
def test_gradient_ratios_over_seeds_rejects_bad_n_seeds(n_seeds, message):
    with pytest.raises((ValueError, TypeError), match=r"'n_seeds' parameter of gradient_ratios_over_seeds " + message):
        signal.gradient_ratios_over_seeds("relu", n_seeds=n_seeds)
