r"""Figures of the backpropagation chapter: one pass through a tiny network, step by step; gradients by depth.

Introduced in: the backpropagation chapter (book/backpropagation.ipynb).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_choice, check_scalar
from ..activations import ACTIVATIONS
from ..backprop import TINY_STEPS, tiny_network, trace_tiny
from ..signal import _gradient_norms
from . import Layered
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


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _name(letter: str, *indices: int) -> str:
    """A weight's name with 1-based subscripts: ``_name("w", 0, 1)`` is "w₁₂"."""
    return letter + "".join(str(i + 1) for i in indices).translate(_SUB)
_FONT = 10          # every label of the step figure (the figure is shown at about 96 dpi)


def _edge_labels(ax: Any, a: str, b: str, t: float, weight: str) -> Any:
    """The weight's label above the edge a -> b and an (empty) gradient label below it, both along the edge,
    at the fraction ``t`` of its length; returns the gradient's text."""
    (x0, y0), (x1, y1) = _POS[a], _POS[b]
    x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
    (u0, v0), (u1, v1) = ax.transData.transform([(x0, y0), (x1, y1)])   # the angle as drawn
    angle = np.arctan2(v1 - v0, u1 - u0)
    normal = np.array([-np.sin(angle), np.cos(angle)]) * 8.0            # points, perpendicular to the edge
    style = dict(xy=(x, y), textcoords="offset points", rotation=np.degrees(angle), rotation_mode="anchor",
                 ha="center", va="center", fontsize=_FONT)
    ax.annotate(weight, xytext=tuple(normal), **style)
    return ax.annotate("", xytext=tuple(-normal), color=_BWD, **style)


def _check_step(step: object, owner: str) -> int:
    """A whole number from 1 to ``N_STEPS`` (a slider may send 3.0)."""
    number = check_scalar(step, "step", owner, low=1, high=N_STEPS)
    if number != int(number):
        raise ValueError(f"The 'step' parameter of {owner} must be a whole number from 1 to {N_STEPS}. "
                         f"Got {step!r} instead.")
    return int(number)


def _steps_setup(activation: str) -> tuple[Any, dict[str, Any]]:
    activation = check_choice(activation, "activation", "plot_backprop_steps", ACTIVATIONS)
    fig, (ax,) = new_figure(1, width=8.0, height=4.2)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.9)
    ax.grid(False)
    ax.set_axis_off()
    ax.set(xlim=(-0.3, 4.3), ylim=(-1.85, 1.7))
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
    # Every weight is named on its edge: w_ij from x_i to h_j (the entries of W1), v_j from h_j to y_hat (W2);
    # its gradient appears under the same name, below the edge, at the step that computes it. The crossing
    # edges carry their labels at different distances from the inputs, so no label sits between two edges.
    net = tiny_network(activation)
    for i in range(2):
        for j in range(2):
            name = _name("w", i, j)
            where = 0.5 if i == j else (0.3 if i == 0 else 0.22)
            state["texts"][f"dW1_{i}{j}"] = _edge_labels(ax, f"x{i + 1}", f"h{j + 1}", where,
                                                         f"{name}={t['W1'][i, j]:g}")
    for j in range(2):
        name = _name("v", j)
        state["texts"][f"dW2_{j}"] = _edge_labels(ax, f"h{j + 1}", "y", 0.6, f"{name}={t['W2'][j, 0]:g}")
    # each unit's bias beside it (b of the hidden units: the entries of b1; of the output: b2)
    biases = {"h1": net.params["b0"][0], "h2": net.params["b0"][1], "y": net.params["b1"][0]}
    for key, (dx, dy, va) in {"h1": (-0.27, 0.12, "bottom"), "h2": (-0.27, -0.12, "top"),
                              "y": (0.0, -0.55, "top")}.items():
        x, y = _POS[key]
        ax.text(x + dx, y + dy, f"b={biases[key]:g}", ha="right" if dx else "center", va=va, fontsize=_FONT)
    for key, (x, y) in _POS.items():  # forward value above each node, gradient below (right of the output)
        state["texts"][f"{key}_fwd"] = ax.text(x, y + 0.3, "", ha="center", va="bottom", fontsize=_FONT,
                                               color=_FWD)
        x_bwd, y_bwd, ha = (x + 0.3, y - 0.1, "left") if key == "y" else (x, y - 0.3, "center")
        state["texts"][f"{key}_bwd"] = ax.text(x_bwd, y_bwd, "", ha=ha, va="top", fontsize=_FONT, color=_BWD)
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
               (" = ∂L/∂b" if shown["dW1"] else "")
        put(f"h{j + 1}_bwd", grad, shown["da1"])
        put(f"dW2_{j}", f"∂L/∂{_name('v', j)}={t['dW2'][j, 0]:.3g}", shown["dW2"])
        for i in range(2):
            put(f"dW1_{i}{j}", f"∂L/∂{_name('w', i, j)}={t['dW1'][i, j]:.3g}", shown["dW1"])
    put("y_fwd", f"ŷ={t['y_hat']:.3g}", shown["y_hat"])
    put("y_bwd", f"∂L/∂ŷ={t['dy_hat']:.3g}" + (f"\n= ∂L/∂b" if shown["dW2"] else ""),
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
#: vermillion below them and on the edges. A :class:`~nnbasics.plotting.Layered` render.
plot_backprop_steps = Layered(_steps_setup, _steps_update, slow=("activation",))


#: ``{label: activation name}`` for the depth figure.
DEPTH_ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
#: ``{label: gain}``: weights :math:`\mathcal N(0, \text{gain}^2/n)` in layers of width :math:`n = 64`.
#: ``N(0, 0.01²)`` is gain :math:`0.01\sqrt{64} = 0.08`; Glorot's variance :math:`2/(n + n)` for square
#: layers is gain 1; He's :math:`2/n` is gain :math:`\sqrt 2`.
DEPTH_INITS = {"N(0, 0.01²)": 0.08, "Glorot (gain 1)": 1.0, "He (gain √2)": float(np.sqrt(2.0)),
               "too large (gain 2)": 2.0}
_WIDTH, _SAMPLES, _XLIM, _YLIM = 64, 64, (0.5, 40.5), (1e-30, 1e10)


def depth_norms(activation: str, gain: float, depth: int, seed: int = 0) -> np.ndarray:
    r"""RMS of :math:`\partial L/\partial z_l` at each layer, divided by its value at the top layer.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    :func:`nnbasics.signal.gradient_norms_by_depth` with width 64, a batch of 64 and random numbers
    from ``seed`` (one draw of the weights, the inputs and the upstream gradient; the figure shows seed
    0, the chapter compares several seeds); cached and read-only.
    """
    return _depth_norms(activation, gain, depth, "depth_norms", seed)


def _depth_norms(activation: object, gain: object, depth: object, owner: str, seed: object = 0) -> np.ndarray:
    """:func:`depth_norms`, its checks naming ``owner``; the checked values key the cache."""
    activation = check_choice(activation, "activation", owner, ACTIVATIONS)
    gain = check_scalar(gain, "gain", owner, low=0, include_low=False)
    depth = check_scalar(depth, "depth", owner, low=1, integer=True)
    seed = check_scalar(seed, "seed", owner, low=0, integer=True)
    key = (activation, gain, depth, seed)
    if key not in _DEPTH_CACHE:  # only results are cached: an error is raised again, for its caller
        _DEPTH_CACHE[key] = _compute_depth_norms(activation, gain, depth, owner, seed)
    return _DEPTH_CACHE[key]


_DEPTH_CACHE: dict[tuple[str, float, int, int], np.ndarray] = {}


def _compute_depth_norms(activation: str, gain: float, depth: int, owner: str, seed: int) -> np.ndarray:
    norms = _gradient_norms(activation, depth, _WIDTH, _SAMPLES, gain, seed, owner)
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
    ax.text(39.5, 1e-29, "shaded: below 1e-6 of the top", ha="right", fontsize=8.5, color=PALETTE["grey"])
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
#: :class:`~nnbasics.plotting.Layered` render: only the line and title change.
plot_gradient_depth = Layered(_depth_setup, _depth_update, slow=())
