r"""Figures of the backpropagation chapter: one pass through a tiny network, step by step; gradients by depth.

Introduced in: the backpropagation chapter (book/backpropagation.ipynb).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_choice, check_scalar
from ..activations import ACTIVATIONS
from ..backprop import TINY_STEPS, trace_tiny
from ..signal import _gradient_norms
from ..widgets import Layered
from . import PALETTE, new_figure, title

__all__ = ["DEPTH_ACTIVATIONS", "DEPTH_INITS", "N_STEPS", "depth_norms", "plot_backprop_steps",
           "plot_gradient_depth"]

#: Number of positions of the step slider of :data:`plot_backprop_steps`.
N_STEPS = len(TINY_STEPS)

# Node positions of the 2-2-1 network, and the step at which each label appears.
_POS = {"x1": (0.0, 1.0), "x2": (0.0, -1.0), "h1": (1.6, 1.0), "h2": (1.6, -1.0), "y": (2.9, 0.0),
        "L": (3.9, 0.0)}
_STEP = {key: i for i, (key, _) in enumerate(TINY_STEPS)}
_FWD, _BWD = PALETTE["blue"], PALETTE["vermillion"]


def _edge_label_pos(a: str, b: str, t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1) = _POS[a], _POS[b]
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


def _check_step(step: object, owner: str) -> int:
    """A whole number from 1 to ``N_STEPS`` (a slider may send 3.0)."""
    number = check_scalar(step, "step", owner, low=1, high=N_STEPS)
    if number != int(number):
        raise ValueError(f"The 'step' parameter of {owner} must be a whole number from 1 to {N_STEPS}. "
                         f"Got {step!r} instead.")
    return int(number)


def _steps_setup(activation: str) -> tuple[Any, dict[str, Any]]:
    activation = check_choice(activation, "activation", "plot_backprop_steps", ACTIVATIONS)
    fig, (ax,) = new_figure(1, width=8.0, height=3.9)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.9)
    ax.grid(False)
    ax.set_axis_off()
    ax.set(xlim=(-0.3, 4.3), ylim=(-1.8, 1.65))
    edges = [("x1", "h1"), ("x1", "h2"), ("x2", "h1"), ("x2", "h2"), ("h1", "y"), ("h2", "y"), ("y", "L")]
    for a, b in edges:
        (x0, y0), (x1, y1) = _POS[a], _POS[b]
        ax.plot([x0, x1], [y0, y1], color=PALETTE["grey"], linewidth=1.2, zorder=1)
    names = {"x1": "$x_1$", "x2": "$x_2$", "h1": "$h_1$", "h2": "$h_2$", "y": r"$\hat y$", "L": "$L$"}
    for key, (x, y) in _POS.items():
        ax.scatter([x], [y], s=900, color="white", edgecolor=PALETTE["black"], linewidth=1.2, zorder=2)
        ax.text(x, y, names[key], ha="center", va="center", fontsize=12, zorder=3)
    t = trace_tiny(activation)
    state: dict[str, Any] = {"trace": t, "texts": {}}
    # weights on the edges (always shown) and, from the step that computes them, their gradients
    for i, j, (x, y), va in [(0, 0, (0.8, 1.0), "bottom"), (1, 1, (0.8, -1.0), "bottom"),
                             (0, 1, (0.42, 0.5), "top"), (1, 0, (0.42, -0.5), "bottom")]:
        weight = f"w={t['W1'][i, j]:g}"
        if va == "bottom" and i == j:     # straight edges: weight above, gradient below
            ax.text(x, y + 0.04, weight, ha="center", va="bottom", fontsize=9)
            grad = ax.text(x, y - 0.04, "", ha="center", va="top", fontsize=9, color=_BWD)
        elif va == "top":                 # x1 -> h2: both under the line, left of it
            ax.text(x, y, weight, ha="right", va="top", fontsize=9)
            grad = ax.text(x, y - 0.2, "", ha="right", va="top", fontsize=9, color=_BWD)
        else:                             # x2 -> h1: both above the line, left of it
            ax.text(x, y, weight, ha="right", va="bottom", fontsize=9)
            grad = ax.text(x, y + 0.2, "", ha="right", va="bottom", fontsize=9, color=_BWD)
        state["texts"][f"dW1_{i}{j}"] = grad
    for j in range(2):
        x, y = _edge_label_pos(f"h{j + 1}", "y", 0.5)
        ax.text(x + 0.05, y + 0.05, f"w={t['W2'][j, 0]:g}", ha="left", va="bottom", fontsize=9,
                color=PALETTE["black"])
        state["texts"][f"dW2_{j}"] = ax.text(x + 0.05, y + 0.03, "", ha="left", va="top", fontsize=9, color=_BWD)
    for key, (x, y) in _POS.items():  # forward value above each node, gradient below (right of the output)
        state["texts"][f"{key}_fwd"] = ax.text(x, y + 0.3, "", ha="center", va="bottom", fontsize=9, color=_FWD)
        x_bwd, ha = (x + 0.02, "left") if key == "y" else (x, "center")
        state["texts"][f"{key}_bwd"] = ax.text(x_bwd, y - 0.3, "", ha=ha, va="top", fontsize=9, color=_BWD)
    state["ring"] = ax.scatter([], [], s=1300, facecolor="none", edgecolor=PALETTE["orange"], linewidth=3,
                               zorder=4)
    title(ax, " ")
    state["title"] = ax.title
    return fig, state


def _steps_update(state: dict[str, Any], activation: str, step: int) -> list[Any]:
    t, texts = state["trace"], state["texts"]
    step = _check_step(step, "plot_backprop_steps") - 1  # the slider counts from 1
    shown = {key: _STEP[key] <= step for key in _STEP}

    def put(name: str, text: str, visible: bool) -> None:
        texts[name].set_text(text if visible else "")

    put("x1_fwd", f"x₁={t['x'][0]:g}", shown["x"])
    put("x2_fwd", f"x₂={t['x'][1]:g}", shown["x"])
    for j in range(2):
        z, a = t["z1"][j], t["a1"][j]
        put(f"h{j + 1}_fwd", f"z={z:.3g}" + (f"\na={a:.3g}" if shown["a1"] else ""), shown["z1"])
        grad = (f"∂L/∂a={t['da1'][j]:.3g}" if shown["da1"] else "") + \
               (f"\n∂L/∂z={t['dz1'][j]:.3g}" if shown["dz1"] else "") + \
               (f" = ∂L/∂b₁" if shown["dW1"] else "")
        put(f"h{j + 1}_bwd", grad, shown["da1"])
        put(f"dW2_{j}", f"∂L/∂w={t['dW2'][j, 0]:.3g}", shown["dW2"])
        for i in range(2):
            put(f"dW1_{i}{j}", f"∂L/∂w={t['dW1'][i, j]:.3g}", shown["dW1"])
    put("y_fwd", f"ŷ={t['y_hat']:.3g}", shown["y_hat"])
    put("y_bwd", f"∂L/∂ŷ={t['dy_hat']:.3g}" + (f"\n∂L/∂b₂={t['db2'][0]:.3g}" if shown["dW2"] else ""),
        shown["dy_hat"])
    put("L_fwd", f"L={t['L']:.3g}\n(y={t['y']:g})", shown["L"])
    put("L_bwd", "∂L/∂L=1", shown["dy_hat"])
    put("x1_bwd", "", False)
    put("x2_bwd", "", False)
    key = TINY_STEPS[step][0]
    ring = {"x": ["x1", "x2"], "z1": ["h1", "h2"], "a1": ["h1", "h2"], "y_hat": ["y"], "L": ["L"],
            "dy_hat": ["y"], "dW2": ["y"], "da1": ["h1", "h2"], "dz1": ["h1", "h2"], "dW1": ["h1", "h2"]}[key]
    state["ring"].set_offsets(np.array([_POS[r] for r in ring]))
    state["ring"].set_edgecolor(_FWD if step < _STEP["dy_hat"] else _BWD)
    phase = "forward" if step < _STEP["dy_hat"] else "backward"
    name = {"relu": "ReLU"}.get(activation, activation)
    state["title"].set_text(f"f = {name}, step {step + 1} of {N_STEPS} ({phase}): {TINY_STEPS[step][1]}")
    return [*texts.values(), state["ring"], state["title"]]


#: One forward and one backward pass through the 2-2-1 network of
#: :func:`nnbasics.backprop.tiny_network`: ``plot_backprop_steps(activation=..., step=...)`` shows every
#: value computed up to ``step`` (1 to ``N_STEPS``, in the order of
#: :data:`nnbasics.backprop.TINY_STEPS`): forward values in blue above the nodes, gradients in
#: vermillion below them and on the edges. A :class:`~nnbasics.widgets.Layered` render.
plot_backprop_steps = Layered(_steps_setup, _steps_update, slow=("activation",))


#: ``{label: activation name}`` for the depth figure.
DEPTH_ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
#: ``{label: gain}``: weights :math:`\mathcal N(0, \text{gain}^2/n)` in layers of width :math:`n = 64`.
#: ``N(0, 0.01²)`` is gain :math:`0.01\sqrt{64} = 0.08`; Glorot's variance :math:`2/(n + n)` for square
#: layers is gain 1; He's :math:`2/n` is gain :math:`\sqrt 2`.
DEPTH_INITS = {"N(0, 0.01²)": 0.08, "Glorot (gain 1)": 1.0, "He (gain √2)": float(np.sqrt(2.0)),
               "too large (gain 2)": 2.0}
_WIDTH, _SAMPLES, _XLIM, _YLIM = 64, 64, (0.5, 40.5), (1e-30, 1e10)


def depth_norms(activation: str, gain: float, depth: int) -> np.ndarray:
    r"""RMS of :math:`\partial L/\partial z_l` at each layer, divided by its value at the top layer.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    :func:`nnbasics.signal.gradient_norms_by_depth` with width 64, a batch of 64 and seed 0; cached and
    read-only.
    """
    return _depth_norms(activation, gain, depth, "depth_norms")


def _depth_norms(activation: object, gain: object, depth: object, owner: str) -> np.ndarray:
    """:func:`depth_norms`, its checks naming ``owner``; the checked values key the cache."""
    activation = check_choice(activation, "activation", owner, ACTIVATIONS)
    gain = check_scalar(gain, "gain", owner, low=0, include_low=False)
    depth = check_scalar(depth, "depth", owner, low=1, integer=True)
    key = (activation, gain, depth)
    if key not in _DEPTH_CACHE:  # only results are cached: an error is raised again, for its caller
        _DEPTH_CACHE[key] = _compute_depth_norms(activation, gain, depth, owner)
    return _DEPTH_CACHE[key]


_DEPTH_CACHE: dict[tuple[str, float, int], np.ndarray] = {}


def _compute_depth_norms(activation: str, gain: float, depth: int, owner: str) -> np.ndarray:
    norms = _gradient_norms(activation, depth, _WIDTH, _SAMPLES, gain, 0, owner)
    if norms[-1] == 0:  # every unit of the top layer inactive: nothing to divide by
        raise ValueError(f"The 'activation' parameter of {owner} must leave a gradient at the top layer. Got "
                         f"{activation!r} with gain {gain!r}, and the top layer's gradient is exactly 0.")
    out = norms / norms[-1]
    out.flags.writeable = False
    return out


def _depth_setup() -> tuple[Any, dict[str, Any]]:
    fig, (ax,) = new_figure(1, width=8.0, height=3.4)
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.15, top=0.9)
    ax.set_yscale("log")
    ax.set(xlabel="layer l (1 = input side)", ylabel=r"RMS of $\partial L/\partial z_l$ (top = 1)",
           xlim=_XLIM, ylim=_YLIM, yticks=[1e-30, 1e-20, 1e-10, 1, 1e10])
    ax.axhline(1.0, color=PALETTE["grey"], linewidth=1, linestyle="--")
    ax.axhspan(_YLIM[0], 1e-6, color=PALETTE["sky"], alpha=0.12)
    ax.text(39.5, 1e-29, "vanished: below 1e-6 of the top", ha="right", fontsize=8.5, color=PALETTE["grey"])
    line, = ax.plot([], [], "o-", color=PALETTE["blue"], markersize=3.5, linewidth=2)
    title(ax, " ")
    return fig, {"line": line, "title": ax.title}


def _depth_update(state: dict[str, Any], activation: str, init: str, depth: int) -> list[Any]:
    owner = "plot_gradient_depth"
    activation = check_choice(activation, "activation", owner, tuple(DEPTH_ACTIVATIONS.values()))
    init = check_choice(init, "init", owner, tuple(DEPTH_INITS))
    depth = check_scalar(depth, "depth", owner, low=1, high=int(_XLIM[1]))
    if depth != int(depth):
        raise ValueError(f"The 'depth' parameter of {owner} must be a whole number of layers. Got {depth!r} "
                         f"instead.")
    ratios = _depth_norms(activation, DEPTH_INITS[init], int(depth), owner)
    layers = np.arange(1, len(ratios) + 1)
    state["line"].set_data(layers, np.clip(ratios, _YLIM[0], _YLIM[1]))
    first = ratios[0]
    verdict = "vanishes" if first < 1e-2 else "explodes" if first > 1e2 else "survives"
    off = " (off the chart)" if not _YLIM[0] < first < _YLIM[1] else ""
    label = {v: k for k, v in DEPTH_ACTIVATIONS.items()}.get(activation, activation)
    state["title"].set_text(f"{label}, {init}, {int(depth)} layers: "
                            f"layer 1 / top = {first:.1e}{off}: {verdict}")
    return [state["line"], state["title"]]


#: The gradient's size at every layer of a deep stack of random layers (width 64), relative to the top
#: layer, on a log axis: ``plot_gradient_depth(activation=..., init=..., depth=...)``, with ``activation``
#: a value of :data:`DEPTH_ACTIVATIONS` and ``init`` a key of :data:`DEPTH_INITS`. A
#: :class:`~nnbasics.widgets.Layered` render: only the line and title change.
plot_gradient_depth = Layered(_depth_setup, _depth_update, slow=())
