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

from .._validation import as_float_array, check_choice, check_scalar, describe
from ..activations import Sigmoid
from ..datasets import line_with_outliers
from ..fitting import TWO_CLASSES, accuracy_and_cross_entropy, fit_line, line_loss_surface
from ..gradcheck import numerical_gradient
from ..losses import _distribution, cross_entropy, entropy, get_loss, kl_divergence
from ..neuron import train_sigmoid_neuron
from ..training import History, first_step_below
from . import Layered
from . import PALETTE, new_figure, title

__all__ = [
    "EXPLORER_CHOICES",
    "EXPLORER_LOSSES",
    "INFORMATION_TARGETS",
    "SLOWDOWN_EPOCHS",
    "SLOWDOWN_STARTS",
    "SLOWDOWN_TOL",
    "SURFACE_DATA",
    "SURROGATE_BIAS",
    "SURROGATE_STEP",
    "loss_curve",
    "plot_accuracy_surrogate",
    "plot_information",
    "plot_loss_curve",
    "plot_loss_surfaces",
    "plot_slowdown",
    "shift_first",
    "surrogate_slopes",
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


# --------------------------------------------------------------------------------------------------
# Why the name: entropy, cross-entropy and KL divergence of two distributions over three outcomes
# --------------------------------------------------------------------------------------------------
#: The distributions :math:`p` of :data:`plot_information`: ``{label: p}``, ready for
#: :func:`nnbasics.widgets.choice`. Their first probabilities lie on the slider's grid, so one step of
#: the slider makes :math:`q = p`.
INFORMATION_TARGETS = {
    "p = (0.6, 0.3, 0.1)": (0.6, 0.3, 0.1),
    "p = (0.2, 0.4, 0.4)": (0.2, 0.4, 0.4),
}
_INFO_XMAX = 2.6  # the largest cross-entropy on the slider's grid (q₁ from 0.1 to 0.9) is about 2.42


def _target(p: Any, owner: str) -> NDArray[np.float64]:
    """A distribution of at least 2 outcomes whose first is not certain, as float64."""
    p_arr = _distribution(as_float_array(p, "p", owner, ndim=1), "p", owner)
    if p_arr.size < 2 or p_arr[0] >= 1.0:
        raise ValueError(f"The 'p' parameter of {owner} must have at least 2 outcomes and p[0] < 1. "
                         f"Got {p_arr.tolist()} instead.")
    return p_arr


def shift_first(p: Any, q1: float) -> NDArray[np.float64]:
    r"""A distribution :math:`q` over the outcomes of ``p`` with first probability ``q1``, the rest as in ``p``.

    Introduced in: the losses chapter (book/losses.ipynb), "Why the name: entropy, cross-entropy, KL".

    .. math::

        q = \Bigl(q_1,\ \frac{1 - q_1}{1 - p_1}\, p_2,\ \dots,\ \frac{1 - q_1}{1 - p_1}\, p_k\Bigr)

    so :math:`q = p` when :math:`q_1 = p_1`: moving one number moves the model :math:`q` along a path
    through the data's distribution :math:`p`.

    Parameters
    ----------
    p : array_like of shape (k,)
        A probability distribution with :math:`k \ge 2` outcomes and :math:`p_1 < 1`.
    q1 : float
        The first probability of :math:`q`, in :math:`[0, 1]`.

    Returns
    -------
    ndarray of shape (k,)

    Examples
    --------
    >>> shift_first([0.6, 0.3, 0.1], 0.2).round(3)
    array([0.2, 0.6, 0.2])
    >>> shift_first([0.6, 0.3, 0.1], 0.6).round(3)
    array([0.6, 0.3, 0.1])
    """
    owner = "shift_first"
    p_arr = _target(p, owner)
    q1 = check_scalar(q1, "q1", owner, low=0.0, high=1.0)
    scale = (1.0 - q1) / (1.0 - p_arr[0])  # exactly 1 when q1 = p1, so that q = p exactly
    return np.concatenate([[q1], scale * p_arr[1:]])


def _information_setup(p: tuple[float, ...]) -> tuple[Any, dict[str, Any]]:
    p_arr = _target(p, "plot_information")
    outcomes = np.arange(p_arr.size)
    fig, (ax_d, ax_h) = new_figure(2)
    ax_d.bar(outcomes - 0.2, p_arr, width=0.4, color=PALETTE["blue"], label="data p")
    q_bars = ax_d.bar(outcomes + 0.2, np.zeros_like(p_arr), width=0.4, color=PALETTE["orange"], label="model q")
    ax_d.set(xticks=outcomes, xticklabels=[f"outcome {j + 1}" for j in outcomes], ylim=(0, 1.0),
             ylabel="probability")
    ax_d.legend(loc="upper right", frameon=False, fontsize=9)
    rows = (2, 1, 0)  # H(p) on top, KL in the middle, H(p, q) = H + KL at the bottom
    h_p = float(entropy(p_arr))
    ax_h.barh(rows[0], h_p, color=PALETTE["blue"], height=0.6)
    kl_bar = ax_h.barh(rows[1], 0.0, color=PALETTE["vermillion"], height=0.6)[0]
    ax_h.barh(rows[2], h_p, color=PALETTE["blue"], height=0.6)
    ce_kl = ax_h.barh(rows[2], 0.0, left=h_p, color=PALETTE["vermillion"], height=0.6)[0]
    ax_h.text(h_p + 0.04, rows[0], f"{h_p:.3f}", va="center", fontsize=10)
    texts = [ax_h.text(0.0, r, "", va="center", fontsize=10) for r in rows[1:]]
    ax_h.set(yticks=rows, yticklabels=["H(p)", "KL(p ‖ q)", "H(p, q)"],
             xlim=(0, _INFO_XMAX), ylim=(-0.6, 2.6), xlabel="nats (natural log)")
    ax_h.grid(False, axis="y")
    for ax in (ax_d, ax_h):
        title(ax, " ")
    return fig, {"p": p_arr, "q_bars": list(q_bars), "kl_bar": kl_bar, "ce_kl": ce_kl, "texts": texts,
                 "title_d": ax_d.title, "title_h": ax_h.title}


def _information_update(state: dict[str, Any], p: tuple[float, ...], q1: float) -> list[Any]:
    q1 = check_scalar(q1, "q1", "plot_information", low=0.0, high=1.0)
    p_arr = state["p"]
    q = shift_first(p_arr, q1)
    h, ce, kl = float(entropy(p_arr)), float(cross_entropy(p_arr, q)), float(kl_divergence(p_arr, q))
    for bar, qj in zip(state["q_bars"], q):
        bar.set_height(qj)
    state["kl_bar"].set_width(kl)
    state["ce_kl"].set_width(kl)
    kl_text, ce_text = state["texts"]
    kl_text.set_x(kl + 0.04)
    kl_text.set_text(f"{kl:.3f}")
    ce_text.set_x(ce + 0.04)
    ce_text.set_text(f"{ce:.3f}")
    state["title_d"].set_text("q = (" + ", ".join(f"{v:.2f}" for v in q) + ")")
    state["title_h"].set_text(f"H(p, q) = H(p) + KL = {h:.3f} + {kl:.3f}")
    return [*state["q_bars"], state["kl_bar"], state["ce_kl"], kl_text, ce_text, state["title_d"],
            state["title_h"]]


#: Entropy, cross-entropy and KL divergence of a data distribution :math:`p` and a model :math:`q` over
#: three outcomes: ``plot_information(p=..., q1=...)`` returns the figure.
#:
#: ``p`` is a value of :data:`INFORMATION_TARGETS`; the model is ``q = shift_first(p, q1)`` with ``q1`` in
#: :math:`[0, 1]` (:func:`shift_first`). Left: :math:`p` and :math:`q` as bars. Right: :math:`H(p)`
#: (fixed by the data), :math:`D_{\mathrm{KL}}(p \| q)` and :math:`H(p, q)` drawn as the sum of the two,
#: computed by :func:`nnbasics.losses.entropy`, :func:`~nnbasics.losses.kl_divergence` and
#: :func:`~nnbasics.losses.cross_entropy`. A :class:`~nnbasics.plotting.Layered` render: the axes and the
#: bars of :math:`p` depend on ``p`` only.
plot_information = Layered(_information_setup, _information_update, slow=("p",))


# --------------------------------------------------------------------------------------------------
# Why not train on accuracy: a staircase against a smooth surrogate
# --------------------------------------------------------------------------------------------------
#: The bias :math:`b` of the classifier :math:`\sigma(w x + b)` of :data:`plot_accuracy_surrogate`.
SURROGATE_BIAS = 0.5
#: The step of the central differences of :data:`plot_accuracy_surrogate`.
SURROGATE_STEP = 1e-4
_W_RANGE = (-3.0, 3.0)


def _scores(w: float) -> tuple[float, float]:
    data = TWO_CLASSES
    return accuracy_and_cross_entropy(data["x"], data["y"], w, SURROGATE_BIAS)


def surrogate_slopes(w: float) -> tuple[float, float]:
    r"""Slopes of the accuracy and of the cross-entropy along :math:`w`, by central differences.

    Introduced in: the losses chapter (book/losses.ipynb), "Why not train on accuracy?".

    For the classifier :math:`\sigma(w x + b)` on :data:`nnbasics.fitting.TWO_CLASSES` with
    :math:`b` = :data:`SURROGATE_BIAS`, both measured as :math:`(f(w + h) - f(w - h)) / 2h` with
    :math:`h` = :data:`SURROGATE_STEP` (:func:`nnbasics.gradcheck.numerical_gradient`).

    Parameters
    ----------
    w : float
        The weight, in :math:`[-10, 10]`.

    Returns
    -------
    (float, float)
        :math:`\partial\,\mathrm{accuracy}/\partial w` and :math:`\partial L/\partial w`.

    Examples
    --------
    >>> acc_slope, ce_slope = surrogate_slopes(1.0)
    >>> acc_slope, round(ce_slope, 4)  # accuracy: flat; cross-entropy: still going down
    (0.0, -0.1478)
    """
    w = check_scalar(w, "w", "surrogate_slopes", low=-10.0, high=10.0)
    return tuple(float(numerical_gradient(lambda v, k=k: _scores(float(v[0]))[k], np.array([w]),
                                          eps=SURROGATE_STEP)[0]) for k in (0, 1))  # type: ignore[return-value]


@functools.lru_cache(maxsize=1)
def _surrogate_curves() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    grid = np.linspace(*_W_RANGE, 601)
    acc, ce = np.array([_scores(float(w)) for w in grid]).T
    return grid, acc, ce


def _surrogate_setup() -> tuple[Any, dict[str, Any]]:
    grid, acc, ce = _surrogate_curves()
    fig, (ax_a, ax_l) = new_figure(2)
    ax_a.plot(grid, acc, color=PALETTE["green"], linewidth=2.2, drawstyle="steps-mid")
    ax_l.plot(grid, ce, color=PALETTE["blue"], linewidth=2.2)
    ax_a.set(xlabel="weight w", ylabel="accuracy", xlim=_W_RANGE, ylim=(0, 1.05))
    ax_l.set(xlabel="weight w", ylabel="cross-entropy L", xlim=_W_RANGE, ylim=(0, 1.05 * float(ce.max())))
    state: dict[str, Any] = {}
    for key, ax in (("acc", ax_a), ("ce", ax_l)):
        state[f"tangent {key}"], = ax.plot([], [], color=PALETTE["vermillion"], linewidth=2, linestyle="--")
        state[f"dot {key}"], = ax.plot([], [], "o", color=PALETTE["vermillion"], markersize=7)
        title(ax, " ")
        state[f"title {key}"] = ax.title
    return fig, state


def _surrogate_update(state: dict[str, Any], w: float) -> list[Any]:
    w = check_scalar(w, "w", "plot_accuracy_surrogate", low=_W_RANGE[0], high=_W_RANGE[1])
    values = _scores(w)
    slopes = surrogate_slopes(w)
    xt = np.array([w - 0.8, w + 0.8])
    changed = []
    for key, value, slope, name in zip(("acc", "ce"), values, slopes, ("accuracy", "cross-entropy")):
        state[f"tangent {key}"].set_data(xt, value + slope * (xt - w))
        state[f"dot {key}"].set_data([w], [value])
        state[f"title {key}"].set_text(f"{name} {value:.3f}, slope d/dw = {slope:.3g}")
        changed += [state[f"tangent {key}"], state[f"dot {key}"], state[f"title {key}"]]
    return changed


#: Accuracy and cross-entropy of the classifier :math:`\sigma(w x + b)` on
#: :data:`nnbasics.fitting.TWO_CLASSES` as functions of the weight :math:`w` (with
#: :math:`b` = :data:`SURROGATE_BIAS`): ``plot_accuracy_surrogate(w=...)`` returns the figure.
#:
#: Left: the accuracy, a staircase. Right: the cross-entropy, smooth. At ``w`` (in :math:`[-3, 3]`) each
#: panel marks the value and the tangent whose slope is measured by central differences
#: (:func:`surrogate_slopes`): 0 for the accuracy except on a jump, informative for the cross-entropy.
#: A :class:`~nnbasics.plotting.Layered` render with no slow control.
plot_accuracy_surrogate = Layered(_surrogate_setup, _surrogate_update, slow=())


# --------------------------------------------------------------------------------------------------
# The loss as a function of the parameters: contours over (w, b) for MSE and MAE
# --------------------------------------------------------------------------------------------------
#: The data sets of :func:`plot_loss_surfaces`: ``{label: number of outliers}`` for
#: ``line_with_outliers(n=30, n_outliers=..., noise=0.3, shift=8.0, rng=0)``, the losses chapter's line.
SURFACE_DATA = {"no outliers": 0, "4 outliers": 4}
_SURFACE_W = np.linspace(-1.0, 5.0, 51)
_SURFACE_B = np.linspace(-2.0, 4.0, 51)
_SURFACE_EPOCHS = 300


@functools.lru_cache(maxsize=4)
def _surface(loss: str, n_outliers: int) -> tuple[Any, ...]:
    x, y = line_with_outliers(n=30, n_outliers=n_outliers, noise=0.3, shift=8.0, rng=0)
    surface = line_loss_surface(loss, x, y, _SURFACE_W, _SURFACE_B)
    path = fit_line(x, y, loss, n_epochs=_SURFACE_EPOCHS).path
    return surface, np.asarray(path["w"]), np.asarray(path["b"])


def plot_loss_surfaces(data: str) -> Any:
    r"""The loss of a line :math:`\hat y = w x + b` over the parameters :math:`(w, b)`, under MSE and MAE.

    Introduced in: the losses chapter (book/losses.ipynb), "The loss as a function of the parameters".

    The chapter's 30 points near :math:`y = 2x + 1` (``line_with_outliers(n=30, n_outliers=SURFACE_DATA[data],
    noise=0.3, shift=8.0, rng=0)``); each panel draws contours of
    :func:`nnbasics.fitting.line_loss_surface` on a 51 by 51 grid of :math:`w \in [-1, 5]`,
    :math:`b \in [-2, 4]`, the path of :func:`nnbasics.fitting.fit_line` from :math:`(0, 0)` over 300
    steps, its end (a dot) and the true :math:`(2, 1)` (a cross).

    Parameters
    ----------
    data : str
        A key of :data:`SURFACE_DATA`: ``"no outliers"`` or ``"4 outliers"``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_loss_surfaces("4 outliers")
    >>> [ax.get_title() for ax in fig.axes]
    ['MSE: ends at w = 3.74, b = 2.03', 'MAE: ends at w = 1.91, b = 0.95']
    """
    n_outliers = SURFACE_DATA[check_choice(data, "data", "plot_loss_surfaces", list(SURFACE_DATA))]
    fig, axes = new_figure(2, height=3.6)
    for ax, loss in zip(axes, ("mse", "mae")):
        surface, path_w, path_b = _surface(loss, n_outliers)
        lo, hi = float(surface.min()), float(surface.max())
        levels = lo + (hi - lo) * np.linspace(0.0, 1.0, 16)[1:] ** 2   # denser near the minimum
        ax.contourf(_SURFACE_W, _SURFACE_B, surface, levels=np.concatenate([[lo], levels]), cmap="viridis_r")
        ax.contour(_SURFACE_W, _SURFACE_B, surface, levels=levels, colors="white", linewidths=0.5)
        ax.plot(path_w, path_b, color=PALETTE["vermillion"], linewidth=1.8)
        ax.plot(path_w[-1:], path_b[-1:], "o", color=PALETTE["vermillion"], markersize=7)
        ax.plot([2.0], [1.0], "x", color="black", markersize=9, markeredgewidth=2)
        ax.set(xlabel="slope w", ylabel="intercept b", xlim=(_SURFACE_W[0], _SURFACE_W[-1]),
               ylim=(_SURFACE_B[0], _SURFACE_B[-1]))
        ax.grid(False)
        title(ax, f"{loss.upper()}: ends at w = {path_w[-1]:.2f}, b = {path_b[-1]:.2f}")
    return fig
