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
from ..optim import SGD, Adam, CosineDecay, RMSprop, StepDecay, Warmup
from ..surfaces import Quadratic, Rosenbrock, Saddle, Surface, run_optimizer
from ..training import (History, first_step_below, fit_linear_regression, least_squares,
                        linear_loss_and_grads, linear_regression_hessian,
                        steps_to_tolerance)
from . import Layered
from . import PALETTE, new_figure, title

__all__ = [
    "BATCH_SIZES", "HESSIAN_EXAMPLE", "KAPPAS", "LR_PROBLEMS", "LR_STEPS", "MOMENTUM_LRS", "MOMENTUMS", "OPTIMIZERS",
    "OPTIMIZER_STEPS", "OPTIMIZER_SURFACES", "SCALES", "SETTLE_STEPS", "SHIFTS", "batch_size_runs",
    "lr_path_run",
    "make_optimizer", "momentum_run", "optimizer_run", "plot_batch_sizes", "plot_feature_scaling",
    "plot_hessian_axes", "plot_lr_path", "plot_momentum", "plot_optimizers", "plot_saddle", "plot_schedules",
    "plot_steps_vs_lr",
    "regression_problem", "saddle_runs", "scaling_problem", "scaling_run", "schedule_floors", "schedule_runs",
    "schedules",
    "steps_vs_lr",
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
#: A run has settled if its loss stays low over this many last steps (:func:`nnbasics.training.stays_below`);
#: :func:`plot_optimizers` warns when the loss rose more than tenfold within them.
SETTLE_STEPS = 50

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


def optimizer_run(surface: str, optimizer: str, lr: float, n_steps: int = OPTIMIZER_STEPS) -> History:
    """``optimizer`` (a name in ``OPTIMIZERS``) on ``OPTIMIZER_SURFACES[surface]`` for ``n_steps`` steps.

    The figure draws 400 steps; longer runs show what a constant learning rate does after them.

    Examples
    --------
    >>> optimizer_run("quadratic", "momentum", 0.01).final_loss < 1e-6
    True
    >>> len(optimizer_run("quadratic", "momentum", 0.01, n_steps=10).loss)   # the start and 10 steps
    11
    """
    owner = "optimizer_run"
    _check_key(surface, "surface", owner, OPTIMIZER_SURFACES)
    check_choice(optimizer, "optimizer", owner, OPTIMIZERS)
    lr = _check_lr(lr, owner)
    n_steps = int(check_scalar(n_steps, "n_steps", owner, low=1, integer=True))
    return _optimizer_run(surface, optimizer, lr, n_steps)


@lru_cache(maxsize=128)
def _optimizer_run(surface: str, optimizer: str, lr: float, n_steps: int = OPTIMIZER_STEPS) -> History:
    _, surf, w0 = OPTIMIZER_SURFACES[surface]
    return run_optimizer(surf, make_optimizer(optimizer, lr), w0, n_steps)


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
            _set_message(panel["message"], _unsettled(run), width=40)
        artists += panel["artists"]
    return artists


def _unsettled(run: History) -> str | None:
    """What to say about a run whose loss rose more than tenfold in its last ``SETTLE_STEPS`` steps.

    A rise counts if the loss is ten times the lowest loss before it and above 1e-6 (below that, round-off).
    """
    loss = np.asarray(run.loss)
    lowest_before = np.minimum.accumulate(loss)[:-1]
    rose = (loss[1:] > 10 * lowest_before) & (loss[1:] > 1e-6)
    if not rose[-SETTLE_STEPS:].any():
        return None
    step = len(loss) - SETTLE_STEPS + int(loss[-SETTLE_STEPS:].argmax())
    return (f"Not settled: the loss rose to {loss[step]:.2g} at step {step}, {len(loss) - 1 - step} steps "
            f"before the end.")


#: One optimizer of ``OPTIMIZERS`` at learning rate :math:`\eta` on two surfaces side by side:
#: ``plot_optimizers(optimizer=..., lr=...)`` returns the figure. Left: the quadratic with curvatures
#: :math:`(1, 100)`, :math:`\kappa = 100`. Right: Rosenbrock's valley (contours on a log scale). Each title
#: gives the loss after 400 steps, or says the run diverged; a diverged run's message is shown in a box, and
#: so is a warning when the loss rose more than tenfold within the last ``SETTLE_STEPS`` steps.
#: A :class:`~nnbasics.plotting.Layered` render: the contours are drawn once, and changing either control
#: redraws only the paths, the boxes and the titles.
plot_optimizers = Layered(_optimizers_setup, _optimizers_update, slow=())



# --------------------------------------------------------------------------------------------------
# The bowl's axes, feature scaling, tuned momentum, saddles, schedules and clipping
# --------------------------------------------------------------------------------------------------
#: The Hessian of :func:`plot_hessian_axes`: eigenvalues 1 and 10, eigenvectors at ±45°.
HESSIAN_EXAMPLE = ((5.5, 4.5), (4.5, 5.5))


def plot_hessian_axes() -> Any:
    r"""The bowl :math:`\tfrac12 w^\top H w` of ``HESSIAN_EXAMPLE``: its axes are :math:`H`'s eigenvectors.

    Contours of the bowl, the eigenvectors :math:`q_1, q_2` drawn from the minimum with length
    :math:`1/\sqrt{\lambda_i}` (the half-widths of the contour :math:`f = \tfrac12`, drawn bold), and the
    gradient :math:`H w` at a few points on each axis (it points straight back to the centre, with length
    :math:`\lambda_i` times the distance); and one step off the axes, at :math:`(1, 0)` (green), which
    does not point at the centre (dotted).

    Examples
    --------
    >>> fig = plot_hessian_axes()
    >>> fig.axes[0].get_title()
    'the bowl ½ wᵀHw: axes = eigenvectors, half-widths = 1/√λ'
    """
    q = Quadratic.from_hessian(HESSIAN_EXAMPLE)
    fig, (ax,) = new_figure(1, width=5.2, height=4.4)
    grid = np.linspace(-1.6, 1.6, 121)
    X, Y = np.meshgrid(grid, grid)
    Z = q.value(np.stack([X, Y], axis=-1))
    ax.contour(X, Y, Z, levels=[0.125, 0.5, 1.125, 2.0, 3.125], colors=PALETTE["grey"], linewidths=0.7)
    ax.contour(X, Y, Z, levels=[0.5], colors=PALETTE["black"], linewidths=1.6)
    colors = (PALETTE["blue"], PALETTE["vermillion"])
    for i, (lam, color) in enumerate(zip(q.curvatures, colors)):
        direction = q.axes[:, i]
        half_width = 1.0 / np.sqrt(lam)
        ax.annotate("", xy=tuple(half_width * direction), xytext=(0, 0),
                    arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 2.2})
        ax.plot(*np.outer([-1.45, 1.45], direction).T, color=color, linewidth=0.8, linestyle="--")
        label = f"q{'₁₂'[i]}: λ{'₁₂'[i]} = {lam:.3g}, half-width 1/√λ{'₁₂'[i]} = {half_width:.2f}"
        ax.text(0.02, 0.97 - 0.07 * i, label, color=color, fontsize=8.5, ha="left", va="top",
                transform=ax.transAxes, bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 1})
        for r in (0.6, 1.2):  # the gradient H w on the axis points back to the centre
            point = r * direction
            g = q.grad(point)
            ax.annotate("", xy=tuple(point - 0.04 * g), xytext=tuple(point),
                        arrowprops={"arrowstyle": "-|>", "color": PALETTE["grey"], "linewidth": 1.2})
    off_axis = np.array([1.0, 0.0])  # off the axes the step misses the centre (dotted: the way there)
    ax.plot([off_axis[0], 0.0], [off_axis[1], 0.0], ":", color=PALETTE["green"], linewidth=1.2)
    ax.annotate("", xy=tuple(off_axis - 0.04 * q.grad(off_axis)), xytext=tuple(off_axis),
                arrowprops={"arrowstyle": "-|>", "color": PALETTE["green"], "linewidth": 1.6})
    ax.set(xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), xlabel="w₁", ylabel="w₂", aspect="equal")
    _few_ticks(ax.xaxis)
    _few_ticks(ax.yaxis)
    title(ax, "the bowl ½ wᵀHw: axes = eigenvectors, half-widths = 1/√λ")
    return fig


#: Scales and shifts of the feature in :func:`plot_feature_scaling`.
SCALES = (1.0, 3.0, 10.0)
SHIFTS = (0.0, 1.0, 3.0)
_SCALING_TOL = 1e-6
_SCALING_MAX_STEPS = 800


def scaling_problem(scale: float, shift: float) -> tuple[Quadratic, NDArray[np.float64]]:
    r"""The loss of :math:`\hat y = w x + b` on the first feature of :func:`regression_problem`, times
    ``scale`` plus ``shift``, as a :class:`~nnbasics.surfaces.Quadratic` in :math:`(w, b)`.

    The excess loss :math:`L(w, b) - L^*` equals :math:`\tfrac12 (\theta - \theta^*)^\top H (\theta -
    \theta^*)` exactly, with :math:`H` from :func:`nnbasics.training.linear_regression_hessian` and
    :math:`\theta^*` the least-squares solution. Returns the quadratic and the start :math:`(0, 0)`.

    Examples
    --------
    >>> q, w0 = scaling_problem(10.0, 0.0)
    >>> round(q.condition_number, 1), w0
    (97.5, array([0., 0.]))
    """
    owner = "scaling_problem"
    _check_key(scale, "scale", owner, SCALES)
    _check_key(shift, "shift", owner, SHIFTS)
    return _scaling_problem(float(scale), float(shift))


@lru_cache(maxsize=16)
def _scaling_problem(scale: float, shift: float) -> tuple[Quadratic, NDArray[np.float64]]:
    X, y, _ = regression_problem()
    x = X[:, :1] * scale + shift
    exact = least_squares(x, y)
    center = np.append(exact["w"], exact["b"])
    return Quadratic.from_hessian(linear_regression_hessian(x), center=center), np.zeros(2)


def scaling_run(scale: float, shift: float) -> tuple[History, int | None]:
    r"""Gradient descent at :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})` on :func:`scaling_problem`.

    Returns the run (at most 800 steps) and the first step with excess loss below :math:`10^{-6}`.

    Examples
    --------
    >>> run, steps = scaling_run(1.0, 0.0)
    >>> steps
    3
    """
    owner = "scaling_run"
    _check_key(scale, "scale", owner, SCALES)
    _check_key(shift, "shift", owner, SHIFTS)
    return _scaling_run(float(scale), float(shift))


@lru_cache(maxsize=16)
def _scaling_run(scale: float, shift: float) -> tuple[History, int | None]:
    q, w0 = _scaling_problem(scale, shift)
    lr = 2.0 / (q.lambda_min + q.lambda_max)
    run = run_optimizer(q, SGD(lr), w0, _SCALING_MAX_STEPS)
    return run, first_step_below(run.loss, _SCALING_TOL)


def _feature_scaling_setup(scale: float, shift: float) -> tuple[Any, dict[str, Any]]:
    owner = "plot_feature_scaling"
    _check_key(scale, "scale", owner, SCALES)
    _check_key(shift, "shift", owner, SHIFTS)
    q, w0 = _scaling_problem(float(scale), float(shift))
    fig, (ax_path, ax_loss) = new_figure(2)
    c = q.center
    lo = np.minimum(w0, c) - 0.35 * np.abs(c - w0).max() - 0.05
    hi = np.maximum(w0, c) + 0.35 * np.abs(c - w0).max() + 0.05
    X, Y = np.meshgrid(np.linspace(lo[0], hi[0], 121), np.linspace(lo[1], hi[1], 121))
    Z = q.value(np.stack([X, Y], axis=-1))
    zmax = float(q.value(w0)) * 1.5
    ax_path.contour(X, Y, Z, levels=np.geomspace(zmax / 3000, zmax, 9), colors=PALETTE["grey"], linewidths=0.7)
    ax_path.plot([c[0]], [c[1]], "*", color=PALETTE["black"], markersize=11, zorder=4)
    path, start = _path(ax_path, tuple(w0), PALETTE["blue"])
    ax_path.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="w (weight of the feature)", ylabel="b (bias)")
    _few_ticks(ax_path.xaxis)
    _few_ticks(ax_path.yaxis)
    loss, = ax_loss.plot([], [], color=PALETTE["blue"], linewidth=1.4)
    ax_loss.axhline(_SCALING_TOL, color=PALETTE["grey"], linestyle=":", linewidth=1)
    ax_loss.set_yscale("log")
    ax_loss.set(xlim=(1, _SCALING_MAX_STEPS), ylim=(1e-12, 10.0), xscale="log", xlabel="step t (log scale)",
                ylabel="excess loss L − L* (log scale)")
    _log_axis(ax_loss.yaxis, every=3)
    _log_axis(ax_loss.xaxis)
    title(ax_path, f"feature × {scale:g} + {shift:g}: κ = {q.condition_number:.3g}")
    title(ax_loss, " ")
    return fig, {"path": path, "loss": loss, "artists": [path, start, loss, ax_loss.title]}


def _feature_scaling_update(state: dict[str, Any], scale: float, shift: float) -> list[Any]:
    run, steps = _scaling_run(float(scale), float(shift))
    state["path"].set_data(run.path["w"][:, 0], run.path["w"][:, 1])
    state["loss"].set_data(np.arange(len(run.loss)), _floored(np.asarray(run.loss)))
    reached = f"{steps} steps to 10⁻⁶" if steps is not None else f"not 10⁻⁶ in {_SCALING_MAX_STEPS} steps"
    state["artists"][-1].set_text(f"gradient descent at η*: {reached}")
    return state["artists"]


#: Linear regression on one feature of the chapter's data, the feature multiplied by ``scale`` and shifted by
#: ``shift`` (``SCALES``, ``SHIFTS``): ``plot_feature_scaling(scale=..., shift=...)``. Left: contours of the
#: loss over :math:`(w, b)` and the path of gradient descent at its best fixed rate
#: :math:`\eta^* = 2/(\lambda_{\min}+\lambda_{\max})` from :math:`(0, 0)`; right: the excess loss per step.
#: A :class:`~nnbasics.plotting.Layered` render (every control redraws the contours).
plot_feature_scaling = Layered(_feature_scaling_setup, _feature_scaling_update, slow=("scale", "shift"))


#: Learning rates and momentums of :func:`plot_momentum` (the bowl with curvatures 1 and 100), both with the
#: tuned values :math:`\eta^* = 4/11^2`, :math:`\mu^* = (9/11)^2`.
MOMENTUM_LRS = (0.005, 0.015, 4.0 / 121.0, 0.039)
MOMENTUMS = (0.0, 0.5, (9.0 / 11.0) ** 2, 0.9, 0.97)
_MOMENTUM_STEPS = 150


def momentum_run(lr: float, momentum: float) -> History:
    r"""Heavy-ball momentum on the bowl with curvatures :math:`(1, 100)` from :math:`(-1.5, 1)`, 150 steps.

    Examples
    --------
    >>> momentum_run(4 / 121, (9 / 11) ** 2).final_loss < 1e-12
    True
    """
    owner = "momentum_run"
    _check_key(lr, "lr", owner, MOMENTUM_LRS)
    _check_key(momentum, "momentum", owner, MOMENTUMS)
    return _momentum_run(float(lr), float(momentum))


@lru_cache(maxsize=64)
def _momentum_run(lr: float, momentum: float) -> History:
    _, surface, w0 = OPTIMIZER_SURFACES["quadratic"]
    return run_optimizer(surface, SGD(lr, momentum=momentum), w0, _MOMENTUM_STEPS)


def _momentum_setup() -> tuple[Any, dict[str, Any]]:
    fig, (ax_path, ax_loss) = new_figure(2)
    _, surface, w0 = OPTIMIZER_SURFACES["quadratic"]
    star = _contours(ax_path, "quadratic", surface, log_levels=False)
    path, start = _path(ax_path, w0, PALETTE["orange"])
    best_gd = run_optimizer(surface, SGD(2.0 / 101.0), w0, _MOMENTUM_STEPS)
    ax_loss.plot(np.arange(len(best_gd.loss)), _floored(np.asarray(best_gd.loss)), color=PALETTE["grey"],
                 linewidth=1.4, linestyle="--", label="gradient descent at η* = 2/101")
    loss, = ax_loss.plot([], [], color=PALETTE["orange"], linewidth=1.6, label="momentum (sliders)")
    ax_loss.set_yscale("log")
    ax_loss.set(xlim=(0, _MOMENTUM_STEPS), ylim=(1e-16, 1e4), xlabel="step t", ylabel="loss (log scale)")
    _log_axis(ax_loss.yaxis, every=4)
    ax_loss.legend(loc="lower left", fontsize=8)
    message = _message_box(ax_path)
    title(ax_path, " ")
    title(ax_loss, " ")
    return fig, {"path": path, "loss": loss, "message": message,
                 "artists": [path, star, start, message, loss, ax_path.title, ax_loss.title]}


def _momentum_update(state: dict[str, Any], lr: float, momentum: float) -> list[Any]:
    _check_key(lr, "lr", "plot_momentum", MOMENTUM_LRS)
    _check_key(momentum, "momentum", "plot_momentum", MOMENTUMS)
    run = _momentum_run(float(lr), float(momentum))
    state["path"].set_data(run.path["w"][:, 0], run.path["w"][:, 1])
    state["loss"].set_data(np.arange(len(run.loss)), _floored(np.asarray(run.loss)))
    _set_message(state["message"], run.message if run.diverged else None, width=40)
    state["artists"][-2].set_text(f"η = {lr:.3g}, μ = {momentum:.3g}")
    steps = first_step_below(run.loss, 1e-6)
    state["artists"][-1].set_text("diverged" if run.diverged else
                                  f"loss < 10⁻⁶ after {steps} steps" if steps is not None else
                                  f"loss {run.final_loss:.2g} after {_MOMENTUM_STEPS} steps")
    return state["artists"]


#: Heavy-ball momentum with learning rate ``lr`` (``MOMENTUM_LRS``) and momentum ``momentum`` (``MOMENTUMS``)
#: on the bowl with curvatures 1 and 100: ``plot_momentum(lr=..., momentum=...)``. Left: the path; right: its
#: loss per step beside that of gradient descent at its best rate (dashed). A
#: :class:`~nnbasics.plotting.Layered` render.
plot_momentum = Layered(_momentum_setup, _momentum_update, slow=())

_SADDLE = Saddle()
_SADDLE_LR = 0.1
_SADDLE_STEPS = 250
_SADDLE_RUNS = {  # name -> (start, momentum, gradient noise)
    "gradient descent from y = 0": ((1.0, 0.0), 0.0, 0.0),
    "gradient descent from y = 10⁻⁸": ((1.0, 1e-8), 0.0, 0.0),
    "momentum 0.9 from y = 10⁻⁸": ((1.0, 1e-8), 0.9, 0.0),
    "noise σ = 0.01 from y = 0": ((1.0, 0.0), 0.0, 0.01),
}


@lru_cache(maxsize=1)
def saddle_runs() -> dict[str, History]:
    r"""Four runs on :class:`~nnbasics.surfaces.Saddle` at :math:`\eta = 0.1` for 250 steps.

    Plain gradient descent from :math:`(1, 0)` and from :math:`(1, 10^{-8})`, momentum :math:`\mu = 0.9`
    from :math:`(1, 10^{-8})`, and gradient descent with gradient noise :math:`\sigma = 0.01` (seed 0)
    from :math:`(1, 0)`.

    Examples
    --------
    >>> runs = saddle_runs()
    >>> [round(run.final_loss, 6) for run in runs.values()]  # the first stalls at the saddle, f = 0
    [0.0, -0.25, -0.25, -0.249995]
    """
    return {name: run_optimizer(_SADDLE, SGD(_SADDLE_LR, momentum=mu), start, _SADDLE_STEPS, grad_noise=noise,
                                rng=0)
            for name, (start, mu, noise) in _SADDLE_RUNS.items()}


def plot_saddle() -> Any:
    r"""The runs of :func:`saddle_runs`: paths on the contours of the saddle, and the loss per step.

    Examples
    --------
    >>> [line.get_label() for line in plot_saddle().axes[1].lines][:2]
    ['gradient descent from y = 0', 'gradient descent from y = 10⁻⁸']
    """
    fig, (ax_path, ax_loss) = new_figure(2)
    grid = np.linspace(-1.5, 1.5, 121)
    X, Y = np.meshgrid(grid, grid)
    ax_path.contour(X, Y, _SADDLE.value(np.stack([X, Y], axis=-1)), levels=np.linspace(-0.24, 1.0, 11),
                    colors=PALETTE["grey"], linewidths=0.7)
    ax_path.plot([0, 0], [1, -1], "*", color=PALETTE["black"], markersize=11)
    ax_path.plot([0], [0], "x", color=PALETTE["vermillion"], markersize=9, markeredgewidth=2)
    colors = (PALETTE["grey"], PALETTE["blue"], PALETTE["orange"], PALETTE["green"])
    styles = ("-", "--", "-", "-")
    for (name, run), color, style in zip(saddle_runs().items(), colors, styles):
        ax_path.plot(run.path["w"][:, 0], run.path["w"][:, 1], style, color=color, linewidth=1.4)
        ax_loss.plot(np.arange(len(run.loss)), run.loss, style, color=color, linewidth=1.6, label=name)
    ax_path.set(xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), xlabel="x", ylabel="y")
    ax_loss.set(xlabel="step t", ylabel="loss f(x, y)", ylim=(-0.3, 0.55))
    ax_loss.legend(fontsize=7.5, loc="upper right")
    title(ax_path, "saddle (×) between two minima (★)")
    title(ax_loss, "the plateau: loss per step")
    return fig


_NOISY_BOWL = Quadratic(curvatures=(1.0, 10.0))
_NOISY_START = (-1.6, 1.2)
_NOISY_LR, _NOISY_SIGMA, _NOISY_STEPS = 0.15, 1.0, 300


def schedules() -> dict[str, Any]:
    r"""The three learning-rate schedules of :func:`schedule_runs`, by name: step :math:`t` to :math:`\eta_t`.

    Constant 0.15; :class:`~nnbasics.optim.StepDecay` from 0.15, ×0.1 every 100 steps
    (:math:`\gamma = 0.1`, :math:`s = 100`); :class:`~nnbasics.optim.CosineDecay` from 0.15 to 0 over
    the :math:`T = 300` steps of the runs.

    Examples
    --------
    >>> decay = schedules()["step decay"]
    >>> decay.factor, decay.every, schedules()["cosine"].n_steps
    (0.1, 100, 300)
    """
    return {"constant": lambda t: _NOISY_LR,
            "step decay": StepDecay(_NOISY_LR, every=100, factor=0.1),
            "cosine": CosineDecay(_NOISY_LR, n_steps=_NOISY_STEPS)}


@lru_cache(maxsize=1)
def schedule_runs() -> dict[str, History]:
    r"""Gradient descent with noisy gradients on the bowl with curvatures :math:`(1, 10)`, three schedules.

    Gradient noise :math:`\sigma = 1` (seed 0, the same draws for every schedule), 300 steps from
    :math:`(-1.6, 1.2)`, starting rate 0.15: constant, :class:`~nnbasics.optim.StepDecay` (×0.1 every 100
    steps) and :class:`~nnbasics.optim.CosineDecay` to 0.

    Examples
    --------
    >>> runs = schedule_runs()
    >>> runs["cosine"].final_loss < runs["constant"].final_loss
    True
    """
    return {name: run_optimizer(_NOISY_BOWL, SGD(_NOISY_LR), _NOISY_START, _NOISY_STEPS, lr_schedule=schedule,
                                grad_noise=_NOISY_SIGMA, rng=0)
            for name, schedule in schedules().items()}


def schedule_floors(n_seeds: int = 20) -> dict[str, NDArray[np.float64]]:
    r"""The noise floor of each schedule of :func:`schedule_runs`, for the gradient-noise seeds 0, 1, ...

    The floor of a run is its mean loss over the last 50 of its 300 steps. One seed is one draw of
    the noise; the spread over seeds shows how much a single run's ranking is luck.

    Parameters
    ----------
    n_seeds : int
        How many seeds (0 to ``n_seeds - 1``), ``>= 1``.

    Returns
    -------
    dict of str to ndarray of shape (n_seeds,)
        Schedule name (as in :func:`schedule_runs`) to its floor for every seed.

    Examples
    --------
    >>> floors = schedule_floors(2)
    >>> floors["constant"].shape
    (2,)
    >>> bool(np.all(floors["cosine"] < floors["constant"]))
    True
    """
    n_seeds = check_scalar(n_seeds, "n_seeds", "schedule_floors", low=1, integer=True)
    return {name: np.array([np.mean(run_optimizer(_NOISY_BOWL, SGD(_NOISY_LR), _NOISY_START, _NOISY_STEPS,
                                                  lr_schedule=schedule, grad_noise=_NOISY_SIGMA,
                                                  rng=seed).loss[-50:])
                            for seed in range(n_seeds)])
            for name, schedule in schedules().items()}


def plot_schedules() -> Any:
    r"""Left: the learning rate per step of three schedules and of :class:`~nnbasics.optim.Warmup`. Right:
    the loss of :func:`schedule_runs`, averaged over windows of 10 steps.

    Examples
    --------
    >>> [line.get_label() for line in plot_schedules().axes[0].lines]
    ['constant', 'step decay', 'cosine', 'warm-up (20 steps)']
    """
    fig, (ax_lr, ax_loss) = new_figure(2)
    t = np.arange(_NOISY_STEPS)
    colors = {"constant": PALETTE["grey"], "step decay": PALETTE["blue"], "cosine": PALETTE["orange"]}
    for name, schedule in schedules().items():
        ax_lr.plot(t, [schedule(int(i)) for i in t], color=colors[name], linewidth=1.6, label=name)
    warm = Warmup(_NOISY_LR, n_warmup=20)
    ax_lr.plot(t, [warm(int(i)) for i in t], ":", color=PALETTE["green"], linewidth=2, label="warm-up (20 steps)")
    ax_lr.set(xlabel="step t", ylabel="learning rate ηₜ")
    ax_lr.legend(fontsize=8)
    for name, run in schedule_runs().items():
        loss = np.asarray(run.loss[1:])
        windows = loss[: len(loss) // 10 * 10].reshape(-1, 10).mean(axis=1)
        ax_loss.plot(10 * np.arange(len(windows)) + 5, windows, "-o", color=colors[name], markersize=3,
                     linewidth=1.4, label=name)
    ax_loss.set_yscale("log")
    ax_loss.set(xlabel="step t", ylabel="loss, mean of 10 steps (log)")
    _log_axis(ax_loss.yaxis)
    ax_loss.legend(fontsize=8)
    title(ax_lr, "learning-rate schedules")
    title(ax_loss, "noisy gradients (σ = 1) on the bowl (1, 10)")
    return fig
