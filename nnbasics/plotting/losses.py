r"""Figures of the losses chapter: a loss and its gradient around one prediction; the learning slowdown.

Introduced in: the losses chapter (book/losses.ipynb).

Examples
--------
>>> fig = plot_loss_curve(name="mse", target=1.0, prediction=3.0)
>>> fig.axes[0].get_title()
'MSE, target y = 1: L(ŷ = 3) = 4'
>>> fig.axes[1].get_title()
'gradient: dL/dŷ = 4'
>>> fig = plot_slowdown(lr=0.15)
>>> [line.get_label() for line in fig.axes[1].lines if line.get_label().startswith(("MSE", "CE"))]
['MSE: within 0.1 of y at epoch 234', 'CE: within 0.1 of y at epoch 50']
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import check_choice, check_scalar, describe
from ..activations import Sigmoid
from ..losses import get_loss
from ..neuron import train_sigmoid_neuron
from ..training import History, first_step_below
from . import Layered
from . import PALETTE, new_figure, title

__all__ = [
    "EXPLORER_CHOICES",
    "EXPLORER_LOSSES",
    "SLOWDOWN_EPOCHS",
    "SLOWDOWN_STARTS",
    "SLOWDOWN_TOL",
    "loss_curve",
    "plot_loss_curve",
    "plot_slowdown",
]

#: The losses of :data:`plot_loss_curve`: registry-like key -> label shown to readers. The first three
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

#: Starting points of :data:`plot_slowdown`: ``{label: (w, b)}``, Nielsen's two examples.
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
        Number of grid points, from 2 to 10 000 (the default puts one at every multiple of 0.05).

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
    n_points = check_scalar(n_points, "n_points", "loss_curve", low=2, high=10_000, integer=True)
    return _cached_curve(name, target, n_points)


def _loss_setup(name: str) -> tuple[Any, dict[str, Any]]:
    check_choice(name, "name", "plot_loss_curve", list(EXPLORER_LOSSES))
    var = "z" if _uses_logit(name) else "ŷ"
    xlabel = "logit z  (prediction σ(z))" if _uses_logit(name) else "prediction ŷ"
    top, g_top = _limits()[name]

    fig, (ax_l, ax_g) = new_figure(2)
    curve, = ax_l.plot([], [], color=PALETTE["blue"], linewidth=2.2)
    tangent, = ax_l.plot([], [], color=PALETTE["vermillion"], linewidth=2, linestyle="--")
    dot_l, = ax_l.plot([], [], "o", color=PALETTE["vermillion"], markersize=7)
    # The target's line exists for every loss (so the artists are the same); hidden against a logit.
    target_line = ax_l.axvline(0.0, color=PALETTE["grey"], linewidth=1, linestyle=":")
    ax_l.set(xlabel=xlabel, ylabel="loss L", xlim=_XLIM, ylim=(-0.05 * top, top), xticks=_XTICKS)

    grad_curve, = ax_g.plot([], [], color=PALETTE["green"], linewidth=2.2)
    dot_g, = ax_g.plot([], [], "o", color=PALETTE["vermillion"], markersize=7)
    ax_g.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax_g.set(xlabel=xlabel, ylabel=f"dL/d{var}", xlim=_XLIM, ylim=(-g_top, g_top), xticks=_XTICKS)
    for ax in (ax_l, ax_g):
        title(ax, " ")
    return fig, {"var": var, "curve": curve, "tangent": tangent, "dot_l": dot_l, "target_line": target_line,
                 "grad_curve": grad_curve, "dot_g": dot_g, "title_l": ax_l.title, "title_g": ax_g.title}


def _loss_update(state: dict[str, Any], name: str, target: float, prediction: float) -> list[Any]:
    target = check_scalar(target, "target", "plot_loss_curve", low=0.0, high=1.0)
    prediction = check_scalar(prediction, "prediction", "plot_loss_curve", low=_RANGE[0], high=_RANGE[1])
    grid, values, grads = loss_curve(name, target)
    # The marked values come from the library, not from the interpolated grid.
    L0, g0 = _point(name, target, prediction)
    var = state["var"]
    state["curve"].set_data(grid, values)
    half = 1.2
    xt = np.array([prediction - half, prediction + half])
    state["tangent"].set_data(xt, L0 + g0 * (xt - prediction))
    state["dot_l"].set_data([prediction], [L0])
    state["target_line"].set_xdata([target, target])
    state["target_line"].set_visible(not _uses_logit(name))
    state["grad_curve"].set_data(grid, grads)
    state["dot_g"].set_data([prediction], [g0])
    state["title_l"].set_text(f"{EXPLORER_LOSSES[name]}, target y = {target:g}: "
                              f"L({var} = {prediction:g}) = {L0:.3g}")
    state["title_g"].set_text(f"gradient: dL/d{var} = {g0:.3g}")
    # In the order they were made, so blitting stacks them as the ordinary draw does.
    return [state[k] for k in ("curve", "tangent", "dot_l", "target_line", "grad_curve", "dot_g",
                               "title_l", "title_g")]


#: A loss as a function of one prediction, its tangent at ``prediction``, and its derivative beside it:
#: ``plot_loss_curve(name=..., target=..., prediction=...)`` returns the figure.
#:
#: Left: :math:`L` against the prediction :math:`\hat y` (or the logit :math:`z`), the current point and
#: its tangent, whose slope is the gradient; a dotted line marks the target (for :math:`\hat y` only).
#: Right: the gradient itself. Gradient descent moves the prediction against the slope, by an amount
#: proportional to it. MAE and Huber share their axis limits, and so do the two losses of
#: :math:`\sigma(z)`, so their sizes compare directly.
#:
#: ``name`` is a key of :data:`EXPLORER_LOSSES`, ``target`` the target :math:`y` in :math:`[0, 1]`, and
#: ``prediction`` where the point and the tangent are drawn, in :math:`[-6, 6]`. A
#: :class:`~nnbasics.plotting.Layered` render: the axes depend on ``name`` only (their limits are shared by
#: both targets), so changing ``target`` or ``prediction`` redraws only the curves, markers and titles.
plot_loss_curve = Layered(_loss_setup, _loss_update, slow=("name",))


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
def _run(loss: str, lr: float, w: float, b: float, n_epochs: int) -> History:
    return train_sigmoid_neuron(loss, w=w, b=b, lr=lr, n_epochs=n_epochs)


#: Number of gradient steps drawn by :data:`plot_slowdown`.
SLOWDOWN_EPOCHS = 300
#: Distance to the target counted as "learned" by :data:`plot_slowdown`.
SLOWDOWN_TOL = 0.1
_COLORS = {"MSE": PALETTE["vermillion"], "CE": PALETTE["blue"]}
_SLOWDOWN_MAX = 100.0  # bound on lr and on the entries of start


def _slowdown_setup() -> tuple[Any, dict[str, Any]]:
    epochs = SLOWDOWN_EPOCHS
    ticks = {"xlim": (0, epochs), "ylim": (-0.03, 1.1), "xticks": np.linspace(0, epochs, 4),
             "yticks": (0, 0.25, 0.5, 0.75, 1)}
    fig, (ax_l, ax_a) = new_figure(2)
    state: dict[str, Any] = {"epoch": np.arange(epochs + 1)}
    for key, color in _COLORS.items():
        state[f"loss {key}"], = ax_l.plot([], [], color=color, linewidth=2.2)
    for key, color in _COLORS.items():
        state[f"a {key}"], = ax_a.plot([], [], color=color, linewidth=2.2, label=key)
        state[f"reached {key}"] = ax_a.axvline(0, color=color, linewidth=1.2, linestyle=":")
    ax_l.set(xlabel="epoch", ylabel="L / L at epoch 0", **ticks)
    ax_a.axhline(0.0, color=PALETTE["grey"], linewidth=1, linestyle="--")  # the target
    ax_a.set(xlabel="epoch", ylabel="output a = σ(wx + b)", **ticks)
    # One legend: the colours are the same on the left. Its labels say when each run learned, so it is
    # redrawn by the update (its texts are set there, and "best" places it over the current curves).
    state["legend"] = ax_a.legend(loc="best", frameon=False, fontsize=9)
    for ax in (ax_l, ax_a):
        title(ax, " ")
    state["title_l"], state["title_a"] = ax_l.title, ax_a.title
    return fig, state


def _slowdown_update(state: dict[str, Any], lr: float, start: tuple[float, float] = (2.0, 2.0)) -> list[Any]:
    owner = "plot_slowdown"
    lr = check_scalar(lr, "lr", owner, low=0, high=_SLOWDOWN_MAX, include_low=False)
    if not isinstance(start, (tuple, list)) or len(start) != 2:
        raise TypeError(f"The 'start' parameter of {owner} must be a pair (w, b). "
                        f"Got {describe(start)} instead.")
    w, b = (check_scalar(v, "start", owner, low=-_SLOWDOWN_MAX, high=_SLOWDOWN_MAX) for v in start)
    runs = {"MSE": _run("mse", lr, w, b, SLOWDOWN_EPOCHS),
            "CE": _run("binary_cross_entropy_with_logits", lr, w, b, SLOWDOWN_EPOCHS)}
    epoch, legend, tol = state["epoch"], state["legend"], SLOWDOWN_TOL
    changed = []
    for text, (key, hist) in zip(legend.get_texts(), runs.items()):
        state[f"loss {key}"].set_data(epoch, np.asarray(hist.loss) / hist.loss[0])
        reached = first_step_below(hist.metrics["error"], tol)
        says = f"not within {tol:g} of y" if reached is None else f"within {tol:g} of y at epoch {reached}"
        line = state[f"a {key}"]
        line.set_data(epoch, hist.metrics["a"])
        line.set_label(f"{key}: {says}")
        text.set_text(line.get_label())
        mark = state[f"reached {key}"]
        mark.set_visible(reached is not None)
        if reached is not None:
            mark.set_xdata([reached, reached])
        changed += [state[f"loss {key}"], line, mark]          # the order they were made in
    state["title_l"].set_text(f"each loss / its start value, w₀ = {w:g}, b₀ = {b:g}")
    state["title_a"].set_text(f"output a, learning rate η = {lr:.3g}")
    return changed + [legend, state["title_l"], state["title_a"]]


#: Nielsen's neuron trained with MSE and with cross-entropy: loss and output per epoch.
#: ``plot_slowdown(lr=..., start=(w, b))`` returns the figure; ``start`` defaults to ``(2.0, 2.0)``.
#:
#: Both neurons start from the same :math:`(w, b)`, see the input :math:`x = 1` and the target
#: :math:`y = 0`, and take :data:`SLOWDOWN_EPOCHS` gradient steps of learning rate :math:`\eta` = ``lr``
#: in :math:`(0, 100]` (:func:`nnbasics.neuron.train_sigmoid_neuron`); ``w`` and ``b`` lie in
#: :math:`[-100, 100]`.
#: Left: each neuron's own loss divided by its value at epoch 0 (the two losses have different scales,
#: so only their shapes compare). Right: the outputs :math:`a = \sigma(wx + b)`, which compare directly;
#: a dotted line marks the epoch at which each gets within :data:`SLOWDOWN_TOL` of the target.
#: A :class:`~nnbasics.plotting.Layered` render with no slow control: the axes never change, so every
#: change redraws only the curves, the dotted lines, the legend and the titles.
plot_slowdown = Layered(_slowdown_setup, _slowdown_update, slow=())
