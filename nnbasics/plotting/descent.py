r"""Figures of the gradient-descent chapter: learning rates, batch sizes and optimizers at work.

Every figure draws runs of :func:`nnbasics.surfaces.run_optimizer` or
:func:`nnbasics.training.fit_linear_regression` on fixed problems defined here (so the chapter can print
the same numbers the figures show). Runs, measurements and contour grids are cached
(``functools.lru_cache``, keyed by the problem's name and the hyperparameters), so a live figure
computes each of them once, however often its controls move.

A diverging run is never drawn as NaN or left blank: :func:`~nnbasics.surfaces.run_optimizer` keeps
only the finite part of the path, and the figure prints the run's message in a box.

The four figures are :class:`~nnbasics.plotting.Layered` renders, called with keyword arguments only; each
draws its axes (and contours) once and, when a control moves, redraws only the paths, lines and text.

Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

Examples
--------
>>> fig = plot_lr_path(lr=0.25, problem="1-D")
>>> fig.axes[0].get_title()
'η = 0.25 > 2/λ_max = 0.2'
>>> any("Diverged at step" in t.get_text() for t in fig.axes[1].texts)
True
>>> fig = plot_steps_vs_lr(kappa=10)
>>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
('log', 'log')
>>> [line.get_label() for line in plot_batch_sizes(lr=0.03).axes[0].lines]
['B = 1 (stochastic)', 'B = 16 (mini-batch)', 'B = 256 (batch)']
>>> [ax.get_title().split(":")[0] for ax in plot_optimizers(optimizer="Adam", lr=0.1).axes]
['bowl, κ = 100', 'Rosenbrock']
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import check_choice, check_scalar, describe
from ..datasets import linear_regression
from ..optim import SGD, Adam, RMSprop
from ..surfaces import Quadratic, Rosenbrock, Surface, run_optimizer
from ..training import (History, fit_linear_regression, least_squares, linear_loss_and_grads,
                        steps_to_tolerance)
from . import Layered
from . import PALETTE, new_figure, title

__all__ = [
    "BATCH_SIZES", "KAPPAS", "LR_PROBLEMS", "LR_STEPS", "OPTIMIZERS", "OPTIMIZER_STEPS", "OPTIMIZER_SURFACES",
    "batch_size_runs", "lr_path_run", "make_optimizer", "optimizer_run", "plot_batch_sizes", "plot_lr_path",
    "plot_optimizers", "plot_steps_vs_lr", "regression_problem", "steps_vs_lr",
]

# --------------------------------------------------------------------------------------------------
# The problems
# --------------------------------------------------------------------------------------------------
#: Problems of :func:`plot_lr_path`: a quadratic with :math:`\lambda_{\max} = 10` and its starting point.
LR_PROBLEMS: dict[str, tuple[Quadratic, tuple[float, ...]]] = {
    "1-D": (Quadratic(curvatures=10.0, center=1.0), (2.5,)),
    "2-D": (Quadratic(curvatures=(1.0, 10.0)), (-1.6, 1.2)),
}
#: Steps of gradient descent drawn by :func:`plot_lr_path`.
LR_STEPS = 50

#: Condition numbers of :func:`plot_steps_vs_lr`: quadratics with curvatures :math:`(10/\kappa, 10)`.
KAPPAS = (1, 10, 100)
_SWEEP_W0 = (1.0, 1.0)
_SWEEP_TOL = 1e-6
_SWEEP_MAX_STEPS = 2000
_SWEEP_LRS = tuple(float(v) for v in np.geomspace(0.01, 0.3, 19)) + (0.19, 0.195, 0.199)

#: Optimizers of :func:`plot_optimizers`, by the name shown to readers; see :func:`make_optimizer`.
OPTIMIZERS = ("gradient descent", "momentum", "RMSprop", "Adam")
_OPTIMIZER_COLORS = {"gradient descent": PALETTE["blue"], "momentum": PALETTE["orange"],
                     "RMSprop": PALETTE["green"], "Adam": PALETTE["vermillion"]}
#: Surfaces of :func:`plot_optimizers`: (label, surface, starting point).
OPTIMIZER_SURFACES: dict[str, tuple[str, Surface, tuple[float, float]]] = {
    "quadratic": ("bowl, κ = 100", Quadratic(curvatures=(1.0, 100.0)), (-1.5, 1.0)),
    "rosenbrock": ("Rosenbrock", Rosenbrock(), (-1.2, 1.0)),
}
#: Steps drawn by :func:`plot_optimizers`.
OPTIMIZER_STEPS = 400

#: Batch sizes compared by :func:`plot_batch_sizes`: stochastic, mini-batch, batch (all 256 examples).
BATCH_SIZES = (1, 16, 256)
_REGRESSION = {"n_samples": 256, "n_features": 4, "noise": 0.5, "rng": 0}
_REGRESSION_EPOCHS = 10
_SHUFFLE_SEED = 1

_LOSS_FLOOR = 1e-16  # losses are drawn on a log axis; exact zeros are drawn at this floor


def make_optimizer(name: str, lr: float) -> Any:
    r"""The optimizer called ``name`` in ``OPTIMIZERS``, with learning rate ``lr``.

    ``"momentum"`` is :class:`~nnbasics.optim.SGD` with :math:`\mu = 0.9`; RMSprop and Adam keep
    their default decay rates.

    Examples
    --------
    >>> make_optimizer("momentum", 0.01)
    SGD(lr=0.01, momentum=0.9, nesterov=False)
    """
    check_choice(name, "name", "make_optimizer", OPTIMIZERS)
    lr = _check_lr(lr, "make_optimizer")
    if name == "gradient descent":
        return SGD(lr)
    if name == "momentum":
        return SGD(lr, momentum=0.9)
    if name == "RMSprop":
        return RMSprop(lr)
    return Adam(lr)


def _check_key(value: Any, name: str, owner: str, choices: Any) -> None:
    """``value`` must be one of ``choices`` (names or, for ``kappa``, integers); bools never are."""
    hashable = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if not (hashable and value in choices):
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"The '{name}' parameter of {owner} must be one of {listed}. Got {describe(value)} "
                         f"instead.")


def _check_lr(lr: Any, owner: str) -> float:
    """A learning rate > 0 (a large one simply makes the run diverge, which the figures report)."""
    return check_scalar(lr, "lr", owner, low=0, include_low=False)


# --------------------------------------------------------------------------------------------------
# Cached runs and measurements (the numbers the figures show)
# --------------------------------------------------------------------------------------------------
def lr_path_run(problem: str, lr: float) -> History:
    """Gradient descent with learning rate ``lr`` on ``LR_PROBLEMS[problem]`` for ``LR_STEPS`` steps.

    Examples
    --------
    >>> lr_path_run("1-D", 0.05).diverged, lr_path_run("1-D", 0.25).diverged
    (False, True)
    """
    _check_key(problem, "problem", "lr_path_run", LR_PROBLEMS)
    return _lr_path_run(problem, _check_lr(lr, "lr_path_run"))


@lru_cache(maxsize=256)
def _lr_path_run(problem: str, lr: float) -> History:
    surface, w0 = LR_PROBLEMS[problem]
    return run_optimizer(surface, SGD(lr), w0, LR_STEPS)


def steps_vs_lr(kappa: int) -> tuple[NDArray[np.float64], list[int | None]]:
    r"""Measured steps of gradient descent to a loss below :math:`10^{-6}`, for a range of learning rates.

    The quadratic has curvatures :math:`(10/\kappa, 10)`, so :math:`2/\lambda_{\max} = 0.2` for every
    :math:`\kappa`; the start is :math:`(1, 1)`, the budget 2000 steps (None: diverged or not reached).

    Returns
    -------
    lrs : ndarray of shape (23,)
        Increasing learning rates from 0.01 to 0.3: 19 evenly spaced on a log scale, 0.19, 0.195, 0.199
        (just below the bound), and the best rate :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})`.
    steps : list of int or None
        :func:`nnbasics.training.steps_to_tolerance` for each learning rate.

    Examples
    --------
    >>> lrs, steps = steps_vs_lr(10)
    >>> steps[0], steps[-1]   # lr = 0.01: slow; lr = 0.3 > 2/lambda_max: diverged
    (653, None)
    """
    _check_key(kappa, "kappa", "steps_vs_lr", KAPPAS)
    return _steps_vs_lr(int(kappa))


@lru_cache(maxsize=8)
def _steps_vs_lr(kappa: int) -> tuple[NDArray[np.float64], list[int | None]]:
    surface = Quadratic(curvatures=(10.0 / kappa, 10.0))
    best = 2.0 / (surface.lambda_min + surface.lambda_max)
    lrs = np.array(sorted({*_SWEEP_LRS, best}))
    steps = [steps_to_tolerance(surface, SGD(lr), _SWEEP_W0, _SWEEP_TOL, _SWEEP_MAX_STEPS) for lr in lrs]
    return lrs, steps


def _predicted_steps(kappa: int, lrs: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Steps to tolerance by the closed form :math:`w_t - c = (1 - \eta\lambda)^t (w_0 - c)`; NaN: never."""
    lam = np.array([10.0 / kappa, 10.0])
    coef = lam * np.array(_SWEEP_W0) ** 2
    two_t = 2 * np.arange(_SWEEP_MAX_STEPS + 1)[:, None]               # (n_t, 1)
    with np.errstate(all="ignore"):  # factors of 0 and huge powers: log(0), underflow, overflow
        logs = np.log(np.maximum(np.abs(1.0 - lrs[:, None] * lam), 1e-300))  # (n_lr, 2)
        # One term per curvature, not a sum over a length-2 axis: the same numbers, three times faster.
        loss = 0.5 * (coef[0] * np.exp(two_t * logs[:, 0]) + coef[1] * np.exp(two_t * logs[:, 1]))
    reached = loss <= _SWEEP_TOL                                       # (n_t, n_lr)
    first = np.argmax(reached, axis=0).astype(float)
    first[~reached.any(axis=0)] = np.nan
    return first


@lru_cache(maxsize=8)
def _closed_form_curve(kappa: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The closed-form curve of :func:`plot_steps_vs_lr`, computed once per ``kappa`` (about 0.1 s each).

    Returns 400 log-spaced rates over the sweep and their steps to tolerance (NaN: never reached).
    """
    lrs, _ = steps_vs_lr(kappa)
    dense = np.geomspace(lrs[0], lrs[-1], 400)
    return dense, _predicted_steps(kappa, dense)


def optimizer_run(surface: str, optimizer: str, lr: float) -> History:
    """``optimizer`` (a name in ``OPTIMIZERS``) on ``OPTIMIZER_SURFACES[surface]`` for 400 steps.

    Examples
    --------
    >>> optimizer_run("quadratic", "momentum", 0.01).final_loss < 1e-6
    True
    """
    owner = "optimizer_run"
    _check_key(surface, "surface", owner, OPTIMIZER_SURFACES)
    check_choice(optimizer, "optimizer", owner, OPTIMIZERS)
    return _optimizer_run(surface, optimizer, _check_lr(lr, owner))


@lru_cache(maxsize=128)
def _optimizer_run(surface: str, optimizer: str, lr: float) -> History:
    _, surf, w0 = OPTIMIZER_SURFACES[surface]
    return run_optimizer(surf, make_optimizer(optimizer, lr), w0, OPTIMIZER_STEPS)


@lru_cache(maxsize=1)
def regression_problem() -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """The data of :func:`plot_batch_sizes` and its least loss: ``X`` (256, 4), ``y`` (256,), :math:`L^*`.

    Examples
    --------
    >>> X, y, best_loss = regression_problem()
    >>> X.shape, round(best_loss, 3)
    ((256, 4), 0.257)
    """
    X, y, _ = linear_regression(**_REGRESSION)
    best_loss, _ = linear_loss_and_grads(least_squares(X, y), X, y)
    return X, y, best_loss


def batch_size_runs(lr: float) -> dict[int, History]:
    """Ten epochs of linear regression with each of ``BATCH_SIZES``, all with learning rate ``lr``.

    Examples
    --------
    >>> runs = batch_size_runs(0.03)
    >>> [runs[b].n_steps for b in BATCH_SIZES]
    [2560, 160, 10]
    """
    return _batch_size_runs(_check_lr(lr, "batch_size_runs"))


@lru_cache(maxsize=16)
def _batch_size_runs(lr: float) -> dict[int, History]:
    X, y, _ = regression_problem()
    return {b: fit_linear_regression(X, y, SGD(lr), batch_size=b, n_epochs=_REGRESSION_EPOCHS,
                                     rng=_SHUFFLE_SEED) for b in BATCH_SIZES}


@lru_cache(maxsize=8)
def _grid(surface_name: str, n: int = 121) -> tuple[NDArray[np.float64], ...]:
    """Contour grid ``(X, Y, Z)`` of a named 2-D surface over its ``bounds``, computed once."""
    if surface_name in OPTIMIZER_SURFACES:
        surface = OPTIMIZER_SURFACES[surface_name][1]
    else:
        surface = LR_PROBLEMS[surface_name][0]
    (x0, x1), (y0, y1) = surface.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return X, Y, surface.value(np.stack([X, Y], axis=-1))


# --------------------------------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------------------------------
def _message_box(ax: Any) -> Any:
    """An empty, hidden text box in the lower part of ``ax`` for a run's message; see :func:`_set_message`."""
    return ax.text(0.03, 0.04, "", transform=ax.transAxes, fontsize=8, va="bottom", ha="left", zorder=5,
                   visible=False, bbox={"boxstyle": "round,pad=0.4", "facecolor": "white",
                                        "edgecolor": PALETTE["vermillion"], "alpha": 0.92})


def _set_message(box: Any, text: str | None, width: int = 46) -> None:
    """Show ``text`` wrapped to ``width`` characters in ``box``, or hide the box (and empty it) if None."""
    box.set_text("" if text is None else textwrap.fill(text, width))
    box.set_visible(text is not None)


def _contours(ax: Any, surface_name: str, surface: Surface, *, log_levels: bool) -> Any:
    """Contours of a named 2-D surface over its bounds, and its minimum (a star, returned)."""
    X, Y, Z = _grid(surface_name)
    zmax = float(np.percentile(Z, 95))
    levels = np.geomspace(0.05, zmax, 12) if log_levels else np.geomspace(zmax / 400, zmax, 9)
    ax.contour(X, Y, Z, levels=levels, colors=PALETTE["grey"], linewidths=0.7, alpha=0.8)
    (x0, x1), (y0, y1) = surface.bounds
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="w₁", ylabel="w₂")
    _few_ticks(ax.xaxis)
    _few_ticks(ax.yaxis)
    m = surface.minimum
    star, = ax.plot([m[0]], [m[1]], "*", color=PALETTE["black"], markersize=11, zorder=4, label="minimum")
    return star


def _path(ax: Any, start: tuple[float, float], color: str) -> tuple[Any, Any]:
    """An empty path line (data set by the update) and the starting point, a black dot."""
    path, = ax.plot([], [], "-o", color=color, linewidth=1.4, markersize=2.5, zorder=3, label="path")
    dot, = ax.plot([start[0]], [start[1]], "o", color=PALETTE["black"], markersize=6, zorder=4, label="start")
    return path, dot


def _floored(losses: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.maximum(losses, _LOSS_FLOOR)


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _pos: Any = None) -> str:
    """``10⁻⁵`` in plain Unicode (Matplotlib's log labels go through mathtext: a third of a redraw)."""
    if value <= 0:
        return ""
    exponent = int(np.rint(np.log10(value)))
    if not np.isclose(value, 10.0**exponent, rtol=1e-6):
        return ""
    return {0: "1", 1: "10"}.get(exponent, "10" + str(exponent).translate(_SUPERSCRIPTS))


def _few_ticks(axis: Any) -> None:
    """At most about five ticks on a linear axis: every tick label costs a little on each redraw."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))


def _fixed_ticks(axis: Any, values: list[float]) -> None:
    """Plain-text ticks at ``values`` (``{:g}``) and no minor ticks, on a log axis."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    axis.set_major_locator(FixedLocator(values))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    axis.set_minor_locator(NullLocator())


def _log_axis(axis: Any, every: int = 1) -> None:
    """Label every ``every``-th decade of a log axis with plain-text powers of ten; no minor labels."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

    lo, hi = axis.get_view_interval()
    decades = np.arange(np.floor(np.log10(lo)), np.ceil(np.log10(hi)) + 1)
    axis.set_major_locator(FixedLocator(10.0 ** decades[decades % every == 0]))
    axis.set_major_formatter(FuncFormatter(_power_of_ten))
    axis.set_minor_locator(NullLocator())
    axis.set_minor_formatter(NullFormatter())


# --------------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------------
def _lr_path_setup(problem: str) -> tuple[Any, dict[str, Any]]:
    _check_key(problem, "problem", "plot_lr_path", LR_PROBLEMS)
    surface, w0 = LR_PROBLEMS[problem]
    one_d = surface.dim == 1
    fig, (ax_path, ax_loss) = new_figure(2)
    if one_d:
        lo, hi = surface.bounds[0]
        w = np.linspace(lo, hi, 201)
        ax_path.plot(w, surface.value(w[:, None]), color=PALETTE["grey"], linewidth=1.6, label="f(w)")
        path, = ax_path.plot([], [], "-o", color=PALETTE["blue"], linewidth=1.2, markersize=3.5, zorder=3,
                             label="w₀, w₁, …")
        start, = ax_path.plot([w0[0]], [float(surface.value(np.array([w0]))[0])], "o", color=PALETTE["black"],
                              markersize=6, zorder=4)
        top = float(surface.value(np.array([hi])))
        ax_path.set(xlim=(lo, hi), ylim=(-0.05 * top, 1.1 * top), xlabel="w", ylabel="loss f(w)")
        _few_ticks(ax_path.xaxis)
        _few_ticks(ax_path.yaxis)
        on_top = [path, start]
    else:
        star = _contours(ax_path, problem, surface, log_levels=False)
        path, start = _path(ax_path, w0, PALETTE["blue"])
        on_top = [path, star, start]
    factors = ax_path.text(0.5 if one_d else 0.03, 0.97 if one_d else 0.04, "", transform=ax_path.transAxes,
                           fontsize=8, va="top" if one_d else "bottom", ha="center" if one_d else "left",
                           zorder=5, bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
                                           "edgecolor": PALETTE["grey"], "alpha": 0.92})

    loss, = ax_loss.plot([], [], "-o", color=PALETTE["blue"], linewidth=1.4, markersize=2.5)
    ax_loss.set_yscale("log")
    ax_loss.set(xlim=(-1, LR_STEPS + 1), ylim=(1e-16, 1e9), xlabel="step t", ylabel="loss f(wₜ) (log scale)")
    threshold = ax_loss.axhline(1e6, color=PALETTE["vermillion"], linewidth=1, linestyle="--")
    threshold_text = ax_loss.text(LR_STEPS, 2e6, "divergence threshold 10⁶", color=PALETTE["vermillion"],
                                  fontsize=8, ha="right", va="bottom")
    _log_axis(ax_loss.yaxis, every=3)
    message = _message_box(ax_loss)
    title(ax_path, " ")
    title(ax_loss, " ")
    # The static artists drawn over the changing ones (higher zorder, or added later) are returned by
    # the update too, so a blitted frame stacks them as an ordinary draw does.
    return fig, {"surface": surface, "path": path, "factors": factors, "loss": loss, "message": message,
                 "path_artists": on_top + [factors, ax_path.title],
                 "loss_artists": [loss, threshold, threshold_text, message, ax_loss.title]}


def _lr_path_update(state: dict[str, Any], lr: float, problem: str) -> list[Any]:
    surface = state["surface"]
    lr = _check_lr(lr, "plot_lr_path")
    run = _lr_path_run(problem, lr)
    bound = surface.max_stable_lr
    factors = 1.0 - lr * surface.curvatures
    relation = ">" if lr > bound else "<" if lr < bound else "="
    if surface.dim == 1:
        state["path"].set_data(run.path["w"][:, 0], run.loss)
        state["factors"].set_text(f"each step multiplies w − c\nby 1 − ηλ = {factors[0]:.3g}")
    else:
        state["path"].set_data(run.path["w"][:, 0], run.path["w"][:, 1])
        state["factors"].set_text("each step multiplies wᵢ − cᵢ\nby 1 − ηλᵢ = "
                                  + ", ".join(f"{v:.3g}" for v in factors))
    state["path_artists"][-1].set_text(f"η = {lr:.3g} {relation} 2/λ_max = {bound:.3g}")

    state["loss"].set_data(np.arange(len(run.loss)), _floored(np.asarray(run.loss)))
    if run.diverged or lr > bound:
        _set_message(state["message"], run.message)
        loss_title = "loss per step: diverges" if run.diverged else "loss per step: growing"
    else:
        _set_message(state["message"], None)
        loss_title = f"loss per step: {run.final_loss:.2g} after {LR_STEPS} steps"
    state["loss_artists"][-1].set_text(loss_title)
    return state["path_artists"] + state["loss_artists"]


#: Gradient descent at learning rate :math:`\eta` on a quadratic of ``LR_PROBLEMS``, the path and the loss
#: at every step: ``plot_lr_path(lr=..., problem=...)`` returns the figure, for ``problem`` ``"1-D"`` or
#: ``"2-D"`` (both with :math:`\lambda_{\max} = 10`). Left: the path on the loss curve (1-D) or its
#: contours (2-D). Right: the loss :math:`f(w_t)` on a log axis. Each step multiplies the distance to the
#: minimum along curvature :math:`\lambda_i` by :math:`1 - \eta\lambda_i`, shown in a box; past
#: :math:`\eta = 2/\lambda_{\max}` some factor exceeds 1 in size and the run diverges, which the figure
#: states in words. A :class:`~nnbasics.plotting.Layered` render: changing ``lr`` redraws only the path,
#: the loss line, the boxes and the titles.
plot_lr_path = Layered(_lr_path_setup, _lr_path_update, slow=("problem",))


def _steps_vs_lr_setup() -> tuple[Any, dict[str, Any]]:
    # Every kappa sweeps the same learning rates from 0.01 to 0.3 and has 2/lambda_max = 0.2, so the
    # axes, the shading and the bound are the same in every frame.
    low, high, bound = min(_SWEEP_LRS), max(_SWEEP_LRS), 2.0 / 10.0
    fig, (ax,) = new_figure(1, width=7.2, height=3.4)
    ax.axvspan(bound, high * 1.05, color=PALETTE["vermillion"], alpha=0.08, linewidth=0)
    closed, = ax.plot([], [], color=PALETTE["sky"], linewidth=2, label="closed form (1 − ηλᵢ)ᵗ")
    measured, = ax.plot([], [], "o", color=PALETTE["blue"], markersize=6, label="measured with run_optimizer")
    slow, = ax.plot([], [], "^", color=PALETTE["grey"], markersize=7, label=f"not within {_SWEEP_MAX_STEPS} steps")
    diverged, = ax.plot([], [], "x", color=PALETTE["vermillion"], markersize=8, markeredgewidth=2,
                        label="diverged")
    bound_line = ax.axvline(bound, color=PALETTE["vermillion"], linestyle="--", linewidth=1.2)
    best_line = ax.axvline(bound, color=PALETTE["green"], linestyle=":", linewidth=1.6)
    bound_text = ax.text(bound * 1.03, 1.3, "2/λ_max", color=PALETTE["vermillion"], fontsize=9)
    best_text = ax.text(bound, 1.3, "2/(λ_min+λ_max)", color=PALETTE["green"], fontsize=9, ha="right")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set(xlim=(low * 0.95, high * 1.05), ylim=(0.7, 6.0 * _SWEEP_MAX_STEPS),
           xlabel="learning rate η", ylabel="steps to loss ≤ 10⁻⁶")
    _log_axis(ax.yaxis)
    _fixed_ticks(ax.xaxis, [0.01, 0.02, 0.05, 0.1, 0.2, 0.3])
    legend = ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    title(ax, " ")
    # The bound and the legend are drawn over the changing artists, so the update returns them too.
    return fig, {"closed": closed, "measured": measured, "slow": slow, "diverged": diverged,
                 "best_line": best_line, "best_text": best_text, "title": ax.title,
                 "artists": [closed, measured, slow, diverged, bound_line, best_line, bound_text, best_text,
                             legend, ax.title]}


def _steps_vs_lr_update(state: dict[str, Any], kappa: int) -> list[Any]:
    _check_key(kappa, "kappa", "plot_steps_vs_lr", KAPPAS)
    kappa = int(kappa)
    lrs, steps = _steps_vs_lr(kappa)
    lam_min, lam_max = 10.0 / kappa, 10.0
    bound, best = 2.0 / lam_max, 2.0 / (lam_min + lam_max)
    dense, predicted = _closed_form_curve(kappa)
    finite = np.isfinite(predicted)  # only where the closed form reaches the tolerance
    state["closed"].set_data(dense[finite], np.maximum(predicted[finite], 0.8))
    measured = np.array([np.nan if s is None else s for s in steps], dtype=float)
    missed = np.isnan(measured)
    state["measured"].set_data(lrs[~missed], np.maximum(measured[~missed], 0.8))
    top = 3.0 * _SWEEP_MAX_STEPS
    slow, diverged = missed & (lrs < bound), missed & (lrs > bound)
    state["slow"].set_data(lrs[slow], np.full(slow.sum(), top))
    state["diverged"].set_data(lrs[diverged], np.full(diverged.sum(), top))
    state["best_line"].set_xdata([best, best])
    state["best_text"].set_x(best * 0.97)
    fewest = np.nanmin(measured)
    at = lrs[np.nanargmin(measured)]
    state["title"].set_text(f"κ = {kappa}: fewest steps {fewest:.0f}, at η = {at:.3g}; "
                            f"diverges above 2/λ_max = {bound:g}")
    return state["artists"]


#: Steps of gradient descent to reach a loss of :math:`10^{-6}` against the learning rate, on the quadratic
#: with curvatures :math:`(10/\kappa, 10)`: ``plot_steps_vs_lr(kappa=...)`` returns the figure, for
#: ``kappa`` in ``KAPPAS``. Measured runs (dots) and the closed form
#: :math:`w_t - c = (1 - \eta\lambda_i)^t (w_0 - c)` (line). Too small a learning rate is slow, too large
#: diverges past :math:`2/\lambda_{\max}`; the fewest steps are near
#: :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})`. A :class:`~nnbasics.plotting.Layered` render on
#: fixed axes: changing ``kappa`` redraws only the curve, the markers, the line at :math:`\eta^*` and the
#: title.
plot_steps_vs_lr = Layered(_steps_vs_lr_setup, _steps_vs_lr_update, slow=())


def _batch_sizes_setup() -> tuple[Any, dict[str, Any]]:
    X, _, _ = regression_problem()
    n = X.shape[0]
    names = {1: "stochastic", n: "batch"}
    colors = {BATCH_SIZES[0]: PALETTE["vermillion"], BATCH_SIZES[1]: PALETTE["green"],
              BATCH_SIZES[2]: PALETTE["blue"]}
    fig, (ax_cost, ax_upd) = new_figure(2)
    cost_lines, update_lines = [], []
    for b in BATCH_SIZES:
        width = 1.3 if b > 1 else 0.8
        cost_lines += ax_cost.plot([], [], color=colors[b], linewidth=width,
                                   label=f"B = {b} ({names.get(b, 'mini-batch')})")
        update_lines += ax_upd.plot([], [], color=colors[b], linewidth=width)
    ax_cost.set_yscale("log")
    ax_upd.set_xscale("log")
    ax_upd.set_yscale("log")
    ax_cost.set(xlim=(0, _REGRESSION_EPOCHS), ylim=(1e-7, 1e3), xlabel="examples processed (epochs of 256)",
                ylabel="L − L* (log scale)")
    ax_upd.set(xlim=(0.8, 4000), ylim=(1e-7, 1e3), xlabel="update number + 1 (log scale)",
               ylabel="L − L* (log scale)")
    for axis in (ax_cost.yaxis, ax_upd.xaxis, ax_upd.yaxis):
        _log_axis(axis, every=2 if axis is not ax_upd.xaxis else 1)
    legend = ax_cost.legend(loc="upper right", fontsize=8, framealpha=0.9)
    title(ax_cost, " ")
    title(ax_upd, "the same runs, against updates")
    message = _message_box(ax_upd)
    # The legend is drawn over the lines, so the update returns it too (see _lr_path_setup).
    return fig, {"n": n, "cost_lines": cost_lines, "update_lines": update_lines, "message": message,
                 "artists": cost_lines + [legend, ax_cost.title] + update_lines + [message]}


def _batch_sizes_update(state: dict[str, Any], lr: float) -> list[Any]:
    lr = _check_lr(lr, "plot_batch_sizes")
    _, _, best_loss = regression_problem()
    runs = _batch_size_runs(lr)
    notes = []
    for b, cost, upd in zip(BATCH_SIZES, state["cost_lines"], state["update_lines"]):
        run = runs[b]
        excess = _floored(np.asarray(run.loss) - best_loss)
        cost.set_data(np.asarray(run.examples_seen) / state["n"], excess)
        upd.set_data(np.arange(len(excess)) + 1, excess)
        if run.diverged:
            notes.append(f"B = {b}: {run.message}")
    state["artists"][len(BATCH_SIZES) + 1].set_text(f"η = {lr:.3g}: loss against cost")
    _set_message(state["message"], " ".join(notes) if notes else None, width=44)
    return state["artists"]


#: Batch, mini-batch and stochastic gradient descent (``BATCH_SIZES``) on one regression problem at
#: learning rate :math:`\eta`: ``plot_batch_sizes(lr=...)`` returns the figure. The excess loss
#: :math:`L(w, b) - L^*` (:math:`L^*`: the least-squares loss) on the whole training set, against the
#: examples processed (left: the cost) and against the number of updates (right); a diverged run's
#: message is shown in a box. A :class:`~nnbasics.plotting.Layered` render with fixed axes: changing ``lr``
#: redraws only the lines, the box and the title.
plot_batch_sizes = Layered(_batch_sizes_setup, _batch_sizes_update, slow=())


def _optimizers_setup() -> tuple[Any, list[dict[str, Any]]]:
    fig, axes = new_figure(2)
    panels = []
    for ax, (key, (label, surface, w0)) in zip(axes, OPTIMIZER_SURFACES.items()):
        star = _contours(ax, key, surface, log_levels=key == "rosenbrock")
        path, start = _path(ax, w0, PALETTE["blue"])
        message = _message_box(ax)
        title(ax, " ")
        # The minimum and the start are drawn over the path, so the update returns them too.
        panels.append({"key": key, "label": label, "path": path, "message": message, "title": ax.title,
                       "artists": [path, star, start, message, ax.title]})
    return fig, panels


def _optimizers_update(panels: list[dict[str, Any]], optimizer: str, lr: float) -> list[Any]:
    _check_key(optimizer, "optimizer", "plot_optimizers", OPTIMIZERS)
    lr = _check_lr(lr, "plot_optimizers")
    artists = []
    for panel in panels:
        run = _optimizer_run(panel["key"], optimizer, lr)
        panel["path"].set_data(run.path["w"][:, 0], run.path["w"][:, 1])
        panel["path"].set_color(_OPTIMIZER_COLORS[optimizer])
        if run.diverged:
            panel["title"].set_text(f"{panel['label']}: diverged")
            _set_message(panel["message"], run.message, width=40)
        else:
            panel["title"].set_text(f"{panel['label']}: loss {run.final_loss:.2g} after {OPTIMIZER_STEPS} steps")
            _set_message(panel["message"], None)
        artists += panel["artists"]
    return artists


#: One optimizer of ``OPTIMIZERS`` at learning rate :math:`\eta` on two surfaces side by side:
#: ``plot_optimizers(optimizer=..., lr=...)`` returns the figure. Left: the quadratic with curvatures
#: :math:`(1, 100)`, :math:`\kappa = 100`. Right: Rosenbrock's valley (contours on a log scale). Each title
#: gives the loss after 400 steps, or says the run diverged; a diverged run's message is shown in a box.
#: A :class:`~nnbasics.plotting.Layered` render: the contours are drawn once, and changing either control
#: redraws only the paths, the boxes and the titles.
plot_optimizers = Layered(_optimizers_setup, _optimizers_update, slow=())
