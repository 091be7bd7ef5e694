"""Tests of nnbasics.plotting.backprop: the step-by-step pass and the gradient-by-depth figure."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics.backprop import trace_tiny
from nnbasics.plotting import backprop as figs
from nnbasics.signal import gradient_norms_by_depth
from nnbasics.widgets import _Blitter, choice, figure_to_png, live_figure, slider


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts if t.get_text()] + [fig.axes[0].get_title()]


def test_steps_reveal_values_in_order():
    first = _texts(figs.plot_backprop_steps(activation="relu", step=1))
    last = _texts(figs.plot_backprop_steps(activation="relu", step=figs.N_STEPS))
    assert not any("∂L" in t for t in first)                       # no gradient before the backward pass
    assert "f = ReLU, step 1 of 10 (forward)" in first[-1] and "(backward)" in last[-1]
    t = trace_tiny("relu")
    joined = " ".join(last)
    assert f"ŷ={t['y_hat']:.3g}" in joined and f"∂L/∂w₂₁={t['dW1'][1, 0]:.3g}" in joined
    assert "w₂₁=0.25" in joined and "v₁=1.5" in joined and "b=-0.2" in joined   # named weights, biases
    counts = [len(_texts(figs.plot_backprop_steps(activation="tanh", step=s))) for s in range(1, 11)]
    assert counts == sorted(counts) and counts[0] < counts[-1]     # labels only ever appear


def test_every_step_and_every_activation_gives_a_different_frame():
    frames = {figure_to_png(figs.plot_backprop_steps(activation=activation, step=s))
              for activation in ("relu", "tanh", "sigmoid") for s in range(1, figs.N_STEPS + 1)}
    assert len(frames) == 3 * figs.N_STEPS


def test_blitted_frame_equals_the_full_redraw():
    blitter = _Blitter(figs.plot_gradient_depth, dpi=80)
    values = {"activation": "tanh", "init": "He (gain √2)", "depth": 20}
    blitter.rgba({**values, "depth": 5})
    blitted = np.asarray(blitter.rgba(values)).copy()
    fig = figs.plot_gradient_depth(**values)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    fig.set_dpi(80)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    assert np.abs(blitted.astype(int) - np.asarray(canvas.buffer_rgba()).astype(int)).max() <= 2


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize(("activation", "gain"), [("sigmoid", 1.0), ("relu", 2 ** 0.5), ("relu", 2.0)])
def test_depth_norms_are_the_signal_module_relative_to_the_top(activation, gain, seed):
    ratios = figs.depth_norms(activation, gain, 10, seed=seed)
    raw = gradient_norms_by_depth(activation, depth=10, width=64, n_samples=64, gain=gain, rng=seed)
    np.testing.assert_allclose(ratios, raw / raw[-1])
    if seed:                                    # another draw of the weights: another ratio
        assert ratios[0] != figs.depth_norms(activation, gain, 10)[0]
    assert ratios[-1] == 1.0 and not ratios.flags.writeable


def test_depth_figure_plots_the_ratios_and_names_the_verdict():
    fig = figs.plot_gradient_depth(activation="sigmoid", init="Glorot (gain 1)", depth=20)
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_marker() == "o"]
    np.testing.assert_allclose(line.get_ydata(), figs.depth_norms("sigmoid", 1.0, 20))
    assert "vanishes" in fig.axes[0].get_title()
    assert "explodes" in figs.plot_gradient_depth(activation="relu", init="too large (gain 2)",
                                                  depth=40).axes[0].get_title()
    assert fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()


def test_live_figures_have_modest_frame_counts():
    steps = live_figure(figs.plot_backprop_steps,
                        {"activation": choice(["relu", "tanh", "sigmoid"]),
                         "step": slider(np.arange(1, figs.N_STEPS + 1))}, static=False, eager_frames=0)
    depth = live_figure(figs.plot_gradient_depth,
                        {"activation": choice(figs.DEPTH_ACTIVATIONS), "init": choice(list(figs.DEPTH_INITS)),
                         "depth": slider([5, 10, 20, 40])}, static=False, eager_frames=0)
    assert steps.frame_count == 30 and depth.frame_count == 48
