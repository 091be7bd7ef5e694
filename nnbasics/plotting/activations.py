r"""Figures of the activations chapter: an activation with its tangent and derivative; one neuron; the
sigmoid becoming the perceptron's step; the zig-zag of a unit fed all-positive inputs.

Introduced in: the activations chapter (book/activations.ipynb).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_choice, check_scalar
from ..activations import ACTIVATIONS, get_activation
from . import Layered
from . import PALETTE, new_figure, title

__all__ = ["ACTIVATION_LABELS", "ACTIVATION_CHOICES", "plot_activation", "plot_neuron", "plot_step_vs_sigmoid",
           "plot_zigzag"]

#: Names shown to readers, by registry name.
ACTIVATION_LABELS = {
    "identity": "identity", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
    "elu": "ELU", "softplus": "softplus", "gelu": "GELU",
}
#: ``{shown label: registry name}``, ready for :func:`nnbasics.widgets.choice`.
ACTIVATION_CHOICES = {label: name for name, label in ACTIVATION_LABELS.items()}


Z_RANGE = (-6.0, 6.0)
X_RANGE = (-4.0, 4.0)
_LIMIT = 1e3  # bound on the numbers the figures take (z0, w, b): far outside the axes already
_UNBOUNDED = ("identity", "relu", "leaky_relu", "elu", "softplus", "gelu")


def _activation_setup(name: str) -> tuple[Any, dict[str, Any]]:
    act = get_activation(check_choice(name, "name", "plot_activation", ACTIVATIONS))
    z = np.linspace(*Z_RANGE, 401)
    fig, (ax_f, ax_d) = new_figure(2)
    ax_f.plot(z, act.forward(z), color=PALETTE["blue"], linewidth=2.2, label="f(z)")
    tangent, = ax_f.plot([], [], color=PALETTE["vermillion"], linewidth=2, linestyle="--", label="tangent at z₀")
    dot_f, = ax_f.plot([], [], "o", color=PALETTE["vermillion"], markersize=7)
    ax_f.set(xlabel="z (pre-activation)", ylabel="f(z)", xlim=Z_RANGE,
             ylim=(-1.6, 6.2) if name in _UNBOUNDED else (-1.3, 1.3))
    ax_f.legend(loc="upper left", frameon=False, fontsize=9)
    ax_d.plot(z, act.derivative(z), color=PALETTE["green"], linewidth=2.2)
    dot_d, = ax_d.plot([], [], "o", color=PALETTE["vermillion"], markersize=7)
    ax_d.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax_d.set(xlabel="z (pre-activation)", ylabel="f'(z)", xlim=Z_RANGE, ylim=(-0.15, 1.25),
             yticks=[0, 0.25, 0.5, 0.75, 1.0])
    for ax in (ax_f, ax_d):
        ax.set_xticks(np.linspace(*Z_RANGE, 5))  # fixed ticks: fewer labels to lay out
        title(ax, " ")
    return fig, {"act": act, "tangent": tangent, "dot_f": dot_f, "dot_d": dot_d,
                 "title_f": ax_f.title, "title_d": ax_d.title}


def _activation_update(state: dict[str, Any], name: str, z0: float) -> list[Any]:
    z0 = check_scalar(z0, "z0", "plot_activation", low=-_LIMIT, high=_LIMIT)
    act = state["act"]
    f0, df0 = float(act.forward(np.array(z0))), float(act.derivative(np.array(z0)))
    zt = np.array([z0 - 1.5, z0 + 1.5])
    state["tangent"].set_data(zt, f0 + df0 * (zt - z0))   # t(z) = f(z0) + f'(z0)(z - z0)
    state["dot_f"].set_data([z0], [f0])
    state["dot_d"].set_data([z0], [df0])
    state["title_f"].set_text(f"{ACTIVATION_LABELS.get(name, name)}: f({z0:g}) = {f0:.3g}")
    state["title_d"].set_text(f"derivative: f'({z0:g}) = {df0:.3g}")
    return [state[k] for k in ("tangent", "dot_f", "dot_d", "title_f", "title_d")]


#: The activation :math:`f`, its tangent at :math:`z_0`, and the derivative :math:`f'` beside it:
#: ``plot_activation(name=..., z0=...)`` returns the figure. The tangent
#: :math:`t(z) = f(z_0) + f'(z_0)(z - z_0)` is what gradient descent "sees" of :math:`f` near :math:`z_0`;
#: where :math:`f'(z_0) \approx 0` the neuron is saturated and learns slowly; ``z0`` lies in
#: :math:`[-1000, 1000]`. A
#: :class:`~nnbasics.plotting.Layered` render: changing ``z0`` redraws only the tangent, dots and titles.
plot_activation = Layered(_activation_setup, _activation_update, slow=("name",))


def _neuron_setup(name: str) -> tuple[Any, dict[str, Any]]:
    act = get_activation(check_choice(name, "name", "plot_neuron", ACTIVATIONS))
    x = np.linspace(*X_RANGE, 401)
    fig, (ax,) = new_figure(1, width=6.4, height=3.2)
    fig.subplots_adjust(left=0.1, right=0.7)  # room for the legend on the right
    ax.plot(x, act.forward(x), color=PALETTE["grey"], linewidth=1.5, linestyle=":", label="f(x)  (w = 1, b = 0)")
    curve, = ax.plot(x, np.zeros_like(x), color=PALETTE["blue"], linewidth=2.4, label="f(wx + b)")
    zero = ax.axvline(0.0, color=PALETTE["vermillion"], linewidth=1.2, linestyle="--", label="z = 0")
    ax.set(xlabel="input x", ylabel="output y", xlim=X_RANGE,
           ylim=(-1.2, 1.2) if name in ("sigmoid", "tanh") else (-2.0, 4.0))
    # beside the axes: inside, some (w, b) would draw the curve over it
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    title(ax, " ")
    return fig, {"act": act, "x": x, "curve": curve, "zero": zero, "title": ax.title}


def _neuron_update(state: dict[str, Any], name: str, w: float, b: float) -> list[Any]:
    w = check_scalar(w, "w", "plot_neuron", low=-_LIMIT, high=_LIMIT)
    b = check_scalar(b, "b", "plot_neuron", low=-_LIMIT, high=_LIMIT)
    state["curve"].set_ydata(state["act"].forward(w * state["x"] + b))
    if w != 0:
        with np.errstate(over="ignore"):  # a tiny w puts the zero at infinity: not shown
            x_zero = -b / w + 0.0  # + 0.0 turns -0.0 into 0.0 for the title
        state["zero"].set_xdata([x_zero, x_zero])
        state["zero"].set_visible(X_RANGE[0] <= x_zero <= X_RANGE[1])
        where = f"z = 0 at x = {x_zero:.3g}"
    else:
        state["zero"].set_visible(False)
        where = "w = 0: the output ignores x"
    label = ACTIVATION_LABELS.get(name, name)
    state["title"].set_text(f"y = {label}({_affine(w, b)}): {where}")
    return [state["curve"], state["zero"], state["title"]]


def _affine(w: float, b: float) -> str:
    """``w x + b`` as a reader would write it: ``-x + 2``, ``0.5x - 1``, ``2x``, ``0``."""
    term = {1.0: "x", -1.0: "-x", 0.0: ""}.get(w, f"{w:g}x")
    if not term:
        return f"{b:g}"
    return term if b == 0 else f"{term} {'+' if b > 0 else '-'} {abs(b):g}"


#: One neuron with one input, :math:`y = f(w x + b)`, against the plain :math:`f(x)`:
#: ``plot_neuron(name=..., w=..., b=...)`` returns the figure. The weight :math:`w` sets the curve's
#: steepness (and flips it when negative); the bias :math:`b` shifts it: the pre-activation is zero at
#: :math:`x = -b/w`; ``w`` and ``b`` lie in :math:`[-1000, 1000]`. A :class:`~nnbasics.plotting.Layered`
#: render: only the curve, the line and the title are redrawn when ``w`` or ``b`` change.
plot_neuron = Layered(_neuron_setup, _neuron_update, slow=("name",))


_STEP_GAP_AT = 0.5  # the title reports the largest gap between the sigmoid and the step for |x| >= this


def _step_setup() -> tuple[Any, dict[str, Any]]:
    x = np.linspace(*X_RANGE, 801)
    fig, (ax,) = new_figure(1, width=6.4, height=3.0)
    ax.step(x, (x > 0).astype(float), where="post", color=PALETTE["vermillion"], linewidth=2, linestyle="--",
            label="perceptron: step [wx > 0]")
    curve, = ax.plot(x, np.zeros_like(x), color=PALETTE["blue"], linewidth=2.4, label="sigmoid neuron: σ(wx)")
    ax.set(xlabel="input x", ylabel="output", xlim=X_RANGE, ylim=(-0.1, 1.1))
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    title(ax, " ")
    return fig, {"x": x, "curve": curve, "title": ax.title, "sigmoid": get_activation("sigmoid")}


def _step_update(state: dict[str, Any], w: float) -> list[Any]:
    w = check_scalar(w, "w", "plot_step_vs_sigmoid", low=0, high=_LIMIT, include_low=False)
    sigmoid = state["sigmoid"]
    state["curve"].set_ydata(sigmoid.forward(w * state["x"]))
    gap = float(sigmoid.forward(np.array(-w * _STEP_GAP_AT)))   # largest |σ(wx) - step| for |x| >= 0.5
    state["title"].set_text(f"w = {w:g}: σ(wx) is within {gap:.2g} of the step for |x| ≥ {_STEP_GAP_AT:g}")
    return [state["curve"], state["title"]]


#: A perceptron's step :math:`[wx > 0]` beside a sigmoid neuron :math:`\sigma(wx)` with the same weight:
#: ``plot_step_vs_sigmoid(w=...)`` returns the figure, ``w`` in :math:`(0, 1000]`. As :math:`w` grows the
#: sigmoid steepens into the step: :math:`|\sigma(wx) - [x > 0]| = \sigma(-w|x|)`, at most
#: :math:`\sigma(-w/2)` for :math:`|x| \ge 1/2`, which the title prints. A
#: :class:`~nnbasics.plotting.Layered` render: changing ``w`` redraws only the curve and the title.
plot_step_vs_sigmoid = Layered(_step_setup, _step_update, slow=())


def plot_zigzag(n_steps: int = 40, lr: float = 0.5) -> Any:
    r"""The weights of one unit during training, fed sigmoid outputs (all positive) or tanh outputs.

    Introduced in: the activations chapter (book/activations.ipynb), "Zero-centred outputs".

    Draws, in the :math:`(w_1, w_2)` plane, the first ``n_steps`` steps of
    :func:`nnbasics.signal.train_unit_on_activations` for ``"sigmoid"`` and ``"tanh"`` (seed 0), both heading for :math:`w^* = (1, -1)`. With all-positive inputs every step moves both weights the
    same way (along a direction in the first or third quadrant), so the path zig-zags.

    Parameters
    ----------
    n_steps : int, default=40
        Steps drawn, between 1 and 200 (the runs' length).
    lr : float, default=0.5
        Learning rate of both runs, in :math:`(0, 10]`. The default is small enough that neither path
        overshoots far: the zig-zag is in the direction of the steps, not their size.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..signal import TEACHER_WEIGHTS, train_unit_on_activations

    n_steps = check_scalar(n_steps, "n_steps", "plot_zigzag", low=1, high=200, integer=True)
    lr = check_scalar(lr, "lr", "plot_zigzag", low=0, high=10, include_low=False)
    fig, axes = new_figure(2, width=7.6, height=3.4)
    for ax, name, color in zip(axes, ("sigmoid", "tanh"), (PALETTE["vermillion"], PALETTE["blue"])):
        path = train_unit_on_activations(name, lr=lr, rng=0).path["w"][:n_steps + 1]
        ax.plot(path[:, 0], path[:, 1], "-o", color=color, markersize=3, linewidth=1.2)
        ax.plot(*TEACHER_WEIGHTS, "*", color=PALETTE["black"], markersize=13, label="w* = (1, -1)")
        ax.plot(0, 0, "s", color=PALETTE["grey"], markersize=6, label="start")
        ax.set(xlabel="w₁", ylabel="w₂", xlim=(-0.3, 1.5), ylim=(-1.5, 0.5), aspect="equal")
        ax.legend(loc="upper right", frameon=False, fontsize=8)
        inputs = "all positive" if name == "sigmoid" else "zero-centred"
        title(ax, f"inputs from {name} ({inputs})")
    return fig
