r"""Figures of the losses chapter: a loss and its gradient around one prediction; the learning slowdown.

Introduced in: the losses chapter (book/losses.ipynb).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import check_choice, check_scalar
from ..activations import Sigmoid
from ..losses import get_loss
from ..neuron import NeuronHistory, train_sigmoid_neuron
from . import PALETTE, new_figure, title

__all__ = [
    "EXPLORER_CHOICES",
    "EXPLORER_LOSSES",
    "SLOWDOWN_STARTS",
    "loss_curve",
    "plot_loss_curve",
    "plot_slowdown",
]

#: The losses of :func:`plot_loss_curve`: registry-like key -> label shown to readers. The first three
#: are regression losses of a prediction :math:`\hat y`; the last two are losses of a sigmoid output
#: :math:`\sigma(z)`, drawn against the logit :math:`z`.
EXPLORER_LOSSES = {
    "mse": "MSE",
    "mae": "MAE",
    "huber": "Huber (δ = 1)",
    "binary_cross_entropy_with_logits": "cross-entropy of σ(z)",
    "mse_of_sigmoid": "MSE of σ(z)",
}
#: ``{shown label: key}``, ready for :func:`nnbasics.widgets.choice`.
EXPLORER_CHOICES = {label: key for key, label in EXPLORER_LOSSES.items()}

#: Starting points of :func:`plot_slowdown`: ``{label: (w, b)}``, Nielsen's two examples.
SLOWDOWN_STARTS = {
    "w = b = 2 (a = 0.98, saturated)": (2.0, 2.0),
    "w = 0.6, b = 0.9 (a = 0.82)": (0.6, 0.9),
}

_RANGE = (-6.0, 6.0)
_XLIM = (-6.4, 6.4)          # a little wider than the curves, so a marker at +-6 shows whole
_XTICKS = (-6, -4, -2, 0, 2, 4, 6)
_N_POINTS = 241
_SIGMOID = Sigmoid()


def _uses_logit(name: str) -> bool:
    return name in ("binary_cross_entropy_with_logits", "mse_of_sigmoid")


def _point(name: str, target: float, prediction: float) -> tuple[float, float]:
    """Loss and its derivative at one prediction (or logit), computed by the library."""
    x, y = np.array([prediction]), np.array([target])
    if name == "mse_of_sigmoid":
        mse, a = get_loss("mse"), _SIGMOID.forward(x)
        return mse.loss(a, y), float(mse.grad(a, y)[0] * _SIGMOID.derivative(x)[0])  # chain rule via sigma
    fn = get_loss(name)
    return fn.loss(x, y), float(fn.grad(x, y)[0])


@functools.lru_cache(maxsize=32)
def _cached_curve(name: str, target: float, n_points: int) -> tuple[NDArray[np.float64], ...]:
    grid = np.linspace(*_RANGE, n_points)
    values, grads = np.array([_point(name, target, float(p)) for p in grid]).T
    for arr in (grid, values, grads):
        arr.flags.writeable = False                                  # shared by every caller of the cache
    return grid, values, grads


def loss_curve(name: str, target: float, n_points: int = 241) -> tuple[NDArray[np.float64], ...]:
    r"""One-sample loss :math:`L` and its derivative along a grid of predictions from -6 to 6.

    For ``"mse"``, ``"mae"`` and ``"huber"`` the grid is the prediction :math:`\hat y` and the derivative
    is :math:`\partial L/\partial \hat y`. For ``"binary_cross_entropy_with_logits"`` and
    ``"mse_of_sigmoid"`` the grid is the logit :math:`z`, the loss sees :math:`\sigma(z)`, and the derivative
    is :math:`\partial L/\partial z` (for MSE, :math:`2(\sigma(z) - y)\,\sigma'(z)`).

    Parameters
    ----------
    name : str
        A key of :data:`EXPLORER_LOSSES`.
    target : float
        The target :math:`y`, in :math:`[0, 1]`.
    n_points : int, default=241
        Number of grid points (the default puts one at every multiple of 0.05).

    Returns
    -------
    grid, values, grads : ndarray of shape (n_points,)
        Read-only (the arrays are cached).

    Examples
    --------
    >>> grid, values, grads = loss_curve("mse_of_sigmoid", 0.0, n_points=3)
    >>> grid.tolist()
    [-6.0, 0.0, 6.0]
    >>> np.round(grads, 4).tolist()      # flat at both ends: sigma'(+-6) is 0.0025
    [0.0, 0.25, 0.0049]
    """
    check_choice(name, "name", "loss_curve", list(EXPLORER_LOSSES))
    target = check_scalar(target, "target", "loss_curve", low=0.0, high=1.0)
    n_points = check_scalar(n_points, "n_points", "loss_curve", low=2, integer=True)
    return _cached_curve(name, target, n_points)


def plot_loss_curve(name: str, target: float, prediction: float) -> Any:
    r"""A loss as a function of one prediction, its tangent at ``prediction``, and its derivative beside it.

    Left: :math:`L` against the prediction :math:`\hat y` (or the logit :math:`z`), the current point and
    its tangent, whose slope is the gradient. Right: the gradient itself. Gradient descent moves the
    prediction against the slope, by an amount proportional to it. MAE and Huber share their axis
    limits, and so do the two losses of :math:`\sigma(z)`, so their sizes compare directly.

    Parameters
    ----------
    name : str
        A key of :data:`EXPLORER_LOSSES`.
    target : float
        The target :math:`y`, in :math:`[0, 1]`.
    prediction : float
        Where the point and the tangent are drawn, in :math:`[-6, 6]`.

    Examples
    --------
    >>> fig = plot_loss_curve("mse", 1.0, 3.0)
    >>> fig.axes[0].get_title()
    'MSE, target y = 1: L(ŷ = 3) = 4'
    >>> fig.axes[1].get_title()
    'gradient: dL/dŷ = 4'
    """
    grid, values, grads = loss_curve(name, target)
    prediction = check_scalar(prediction, "prediction", "plot_loss_curve", low=_RANGE[0], high=_RANGE[1])
    # The marked values come from the library, not from the interpolated grid.
    L0, g0 = _point(name, target, prediction)
    var = "z" if _uses_logit(name) else "ŷ"
    label = EXPLORER_LOSSES[name]

    fig, (ax_l, ax_g) = new_figure(2)
    ax_l.plot(grid, values, color=PALETTE["blue"], linewidth=2.2)
    half = 1.2
    xt = np.array([prediction - half, prediction + half])
    ax_l.plot(xt, L0 + g0 * (xt - prediction), color=PALETTE["vermillion"], linewidth=2, linestyle="--")
    ax_l.plot([prediction], [L0], "o", color=PALETTE["vermillion"], markersize=7)
    if not _uses_logit(name):
        ax_l.axvline(target, color=PALETTE["grey"], linewidth=1, linestyle=":")
    top, g_top = _limits()[name]
    title(ax_l, f"{label}, target y = {target:g}: L({var} = {prediction:g}) = {L0:.3g}")
    xlabel = "logit z  (prediction σ(z))" if _uses_logit(name) else "prediction ŷ"
    ax_l.set(xlabel=xlabel, ylabel="loss L", xlim=_XLIM, ylim=(-0.05 * top, top), xticks=_XTICKS)

    ax_g.plot(grid, grads, color=PALETTE["green"], linewidth=2.2)
    ax_g.plot([prediction], [g0], "o", color=PALETTE["vermillion"], markersize=7)
    ax_g.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    title(ax_g, f"gradient: dL/d{var} = {g0:.3g}")
    ax_g.set(xlabel=xlabel, ylabel=f"dL/d{var}", xlim=_XLIM, ylim=(-g_top, g_top), xticks=_XTICKS)
    return fig


#: Losses drawn on shared axis limits, so that their sizes compare at a glance.
_SCALE_GROUPS = (("mse",), ("mae", "huber"), ("binary_cross_entropy_with_logits", "mse_of_sigmoid"))


def _group(name: str) -> tuple[str, ...]:
    return next(group for group in _SCALE_GROUPS if name in group)


@functools.lru_cache(maxsize=1)
def _limits() -> dict[str, tuple[float, float]]:
    """Upper limits of the loss and |gradient| axes for each loss, shared by both targets and by the
    loss's group, so switching does not rescale. Computing them draws every curve once, so the first
    figure takes longest and later ones reuse the cached curves."""
    tops = {name: (max(float(_cached_curve(name, t, _N_POINTS)[1].max()) for t in (0.0, 1.0)),
                   max(float(np.abs(_cached_curve(name, t, _N_POINTS)[2]).max()) for t in (0.0, 1.0)))
            for name in EXPLORER_LOSSES}
    return {name: (1.05 * max(tops[m][0] for m in _group(name)), 1.1 * max(tops[m][1] for m in _group(name)))
            for name in EXPLORER_LOSSES}


@functools.lru_cache(maxsize=128)
def _run(loss: str, lr: float, w: float, b: float, epochs: int) -> NeuronHistory:
    return train_sigmoid_neuron(loss, w=w, b=b, lr=lr, epochs=epochs)


def plot_slowdown(lr: float, start: tuple[float, float] = (2.0, 2.0), *, epochs: int = 300,
                  tol: float = 0.1) -> Any:
    r"""Nielsen's neuron trained with MSE and with cross-entropy: loss and output per epoch.

    Both neurons start from the same :math:`(w, b)`, see the input :math:`x = 1` and the target
    :math:`y = 0`, and take ``epochs`` gradient steps of learning rate :math:`\eta` = ``lr``
    (:func:`nnbasics.neuron.train_sigmoid_neuron`).
    Left: each neuron's own loss divided by its value at epoch 0 (the two losses have different scales,
    so only their shapes compare). Right: the outputs :math:`a = \sigma(wx + b)`, which compare directly;
    a dotted line marks the epoch at which each gets within ``tol`` of the target.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    start : (float, float), default=(2.0, 2.0)
        Starting weight and bias.
    epochs : int, default=300
        Number of gradient steps.
    tol : float, default=0.1
        Distance to the target counted as "learned".

    Examples
    --------
    >>> fig = plot_slowdown(0.15)
    >>> [line.get_label() for line in fig.axes[1].lines if line.get_label().startswith(("MSE", "CE"))]
    ['MSE: within 0.1 of y at epoch 234', 'CE: within 0.1 of y at epoch 50']
    """
    w, b = (check_scalar(v, "start", "plot_slowdown") for v in start)
    runs = {"MSE": _run("mse", float(lr), w, b, int(epochs)),
            "CE": _run("binary_cross_entropy_with_logits", float(lr), w, b, int(epochs))}
    colors = {"MSE": PALETTE["vermillion"], "CE": PALETTE["blue"]}
    epoch = np.arange(int(epochs) + 1)

    fig, (ax_l, ax_a) = new_figure(2)
    for key, hist in runs.items():
        ax_l.plot(epoch, hist.loss / hist.loss[0], color=colors[key], linewidth=2.2)
        reached = hist.epochs_to_reach(tol)
        says = f"not within {tol:g} of y" if reached is None else f"within {tol:g} of y at epoch {reached}"
        ax_a.plot(epoch, hist.a, color=colors[key], linewidth=2.2, label=f"{key}: {says}")
        if reached is not None:
            ax_a.axvline(reached, color=colors[key], linewidth=1.2, linestyle=":")
    ticks = {"xlim": (0, epochs), "ylim": (-0.03, 1.1), "xticks": np.linspace(0, epochs, 4),
             "yticks": (0, 0.25, 0.5, 0.75, 1)}
    title(ax_l, f"each loss / its start value, w₀ = {w:g}, b₀ = {b:g}")
    ax_l.set(xlabel="epoch", ylabel="L / L at epoch 0", **ticks)

    ax_a.axhline(0.0, color=PALETTE["grey"], linewidth=1, linestyle="--")  # the target
    title(ax_a, f"output a, learning rate η = {lr:.3g}")
    ax_a.set(xlabel="epoch", ylabel="output a = σ(wx + b)", **ticks)
    ax_a.legend(loc="best", frameon=False, fontsize=9)   # one legend: the colours are the same on the left
    return fig
