r"""Figures of the activations chapter: an activation with its tangent and derivative; one neuron.

Introduced in: the activations chapter (book/activations.ipynb).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import get_activation
from . import PALETTE, new_figure, title

__all__ = ["ACTIVATION_LABELS", "ACTIVATION_CHOICES", "plot_activation", "plot_neuron"]

#: Names shown to readers, by registry name.
ACTIVATION_LABELS = {
    "identity": "identity", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
    "elu": "ELU", "softplus": "softplus", "gelu": "GELU",
}
#: ``{shown label: registry name}``, ready for :func:`nnbasics.widgets.choice`.
ACTIVATION_CHOICES = {label: name for name, label in ACTIVATION_LABELS.items()}


def plot_activation(name: str, z0: float, *, z_range: tuple[float, float] = (-6.0, 6.0)) -> Any:
    r"""The activation :math:`f`, its tangent at :math:`z_0`, and the derivative :math:`f'` beside it.

    The tangent line :math:`t(z) = f(z_0) + f'(z_0)(z - z_0)` is what gradient descent "sees" of
    :math:`f` near :math:`z_0`; where :math:`f'(z_0) \approx 0` the neuron is saturated and learns slowly.

    Parameters
    ----------
    name : str
        An activation name accepted by :func:`nnbasics.activations.get_activation`.
    z0 : float
        The point at which the tangent and the derivative are marked.

    Examples
    --------
    >>> fig = plot_activation("sigmoid", 2.0)
    >>> fig.axes[0].get_title()
    'sigmoid: f(2) = 0.881'
    """
    act = get_activation(name)
    z = np.linspace(*z_range, 401)
    f, df = act.forward(z), act.derivative(z)
    f0, df0 = float(act.forward(np.array(z0))), float(act.derivative(np.array(z0)))
    label = ACTIVATION_LABELS.get(name, name)

    fig, (ax_f, ax_d) = new_figure(2)
    ax_f.plot(z, f, color=PALETTE["blue"], linewidth=2.2, label="f(z)")
    half = 1.5
    zt = np.array([z0 - half, z0 + half])
    ax_f.plot(zt, f0 + df0 * (zt - z0), color=PALETTE["vermillion"], linewidth=2, linestyle="--",
              label=f"tangent, slope {df0:.3g}")
    ax_f.plot([z0], [f0], "o", color=PALETTE["vermillion"], markersize=7)
    title(ax_f, f"{label}: f({z0:g}) = {f0:.3g}")
    ax_f.set(xlabel="z (pre-activation)", ylabel="f(z)", xlim=z_range, ylim=(-1.6, 6.2) if name in ("identity", "relu", "leaky_relu", "elu", "softplus",
                                                         "gelu") else (-1.3, 1.3))
    ax_f.legend(loc="upper left", frameon=False, fontsize=9)

    ax_d.plot(z, df, color=PALETTE["green"], linewidth=2.2, label="f'(z)")
    ax_d.plot([z0], [df0], "o", color=PALETTE["vermillion"], markersize=7)
    ax_d.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    title(ax_d, f"derivative: f'({z0:g}) = {df0:.3g}")
    ax_d.set(xlabel="z (pre-activation)", ylabel="f'(z)", xlim=z_range, ylim=(-0.15, 1.25),
             yticks=[0, 0.25, 0.5, 0.75, 1.0])
    for ax in (ax_f, ax_d):
        ax.set_xticks(np.linspace(z_range[0], z_range[1], 5))  # fixed ticks: fewer labels to lay out
    return fig


def plot_neuron(name: str, w: float, b: float, *, x_range: tuple[float, float] = (-4.0, 4.0)) -> Any:
    r"""One neuron with one input, :math:`y = f(w x + b)`, against the plain :math:`f(x)`.

    The weight :math:`w` stretches the curve horizontally (and flips it when negative); the bias :math:`b`
    shifts it: the point where the pre-activation is zero sits at :math:`x = -b/w`.

    Examples
    --------
    >>> fig = plot_neuron("tanh", 2.0, 1.0)
    >>> fig.axes[0].get_title()
    'y = tanh(2x + 1): z = 0 at x = -0.5'
    """
    act = get_activation(name)
    x = np.linspace(*x_range, 401)
    label = ACTIVATION_LABELS.get(name, name)
    fig, (ax,) = new_figure(1, width=6.4, height=3.2)
    ax.plot(x, act.forward(x), color=PALETTE["grey"], linewidth=1.5, linestyle=":", label="f(x)  (w = 1, b = 0)")
    ax.plot(x, act.forward(w * x + b), color=PALETTE["blue"], linewidth=2.4, label=f"f({w:g}x {b:+g})")
    if w != 0:
        x_zero = -b / w + 0.0  # + 0.0 turns -0.0 into 0.0 for the title
        if x_range[0] <= x_zero <= x_range[1]:
            ax.axvline(x_zero, color=PALETTE["vermillion"], linewidth=1.2, linestyle="--", label="z = 0")
        where = f"z = 0 at x = {x_zero:.3g}"
    else:
        where = "w = 0: the output ignores x"
    bounded = name in ("sigmoid", "tanh")
    title(ax, f"y = {label}({w:g}x {'+' if b >= 0 else '-'} {abs(b):g}): {where}")
    ax.set(xlabel="input x", ylabel="output y", xlim=x_range, ylim=(-1.2, 1.2) if bounded else (-2.0, 4.0))
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    return fig
