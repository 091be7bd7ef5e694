r"""Figures of the activations chapter: an activation with its tangent and derivative; one neuron.

Introduced in: the activations chapter (book/activations.ipynb).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_choice, check_scalar
from ..activations import ACTIVATIONS, get_activation
from . import Layered
from . import PALETTE, new_figure, title

__all__ = ["ACTIVATION_LABELS", "ACTIVATION_CHOICES", "plot_activation", "plot_neuron"]

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
    ax.plot(x, act.forward(x), color=PALETTE["grey"], linewidth=1.5, linestyle=":", label="f(x)  (w = 1, b = 0)")
    curve, = ax.plot(x, np.zeros_like(x), color=PALETTE["blue"], linewidth=2.4, label="f(wx + b)")
    zero = ax.axvline(0.0, color=PALETTE["vermillion"], linewidth=1.2, linestyle="--", label="z = 0")
    ax.set(xlabel="input x", ylabel="output y", xlim=X_RANGE,
           ylim=(-1.2, 1.2) if name in ("sigmoid", "tanh") else (-2.0, 4.0))
    ax.legend(loc="upper left", frameon=False, fontsize=9)
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
    state["title"].set_text(f"y = {label}({w:g}x {'+' if b >= 0 else '-'} {abs(b):g}): {where}")
    return [state["curve"], state["zero"], state["title"]]


#: One neuron with one input, :math:`y = f(w x + b)`, against the plain :math:`f(x)`:
#: ``plot_neuron(name=..., w=..., b=...)`` returns the figure. The weight :math:`w` stretches the curve
#: (and flips it when negative); the bias :math:`b` shifts it: the pre-activation is zero at
#: :math:`x = -b/w`; ``w`` and ``b`` lie in :math:`[-1000, 1000]`. A :class:`~nnbasics.plotting.Layered`
#: render: only the curve, the line and the title are redrawn when ``w`` or ``b`` change.
plot_neuron = Layered(_neuron_setup, _neuron_update, slow=("name",))
