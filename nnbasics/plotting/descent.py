r"""Figures of the gradient-descent chapter: learning rates, batch sizes and optimizers at work.

Every figure draws runs of :func:`nnbasics.surfaces.run_optimizer` or
:func:`nnbasics.training.fit_linear_regression` on fixed problems defined here (so the chapter can print
the same numbers the figures show). Runs, measurements and contour grids are cached
(``functools.lru_cache``, keyed by the problem's name and the hyperparameters), so a live figure
computes each of them once, however often its controls move.

A diverging run is never drawn as NaN or left blank: :func:`~nnbasics.surfaces.run_optimizer` keeps
only the finite part of the path, and the figure prints the run's message in a box.

Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..datasets import linear_regression
from ..optim import SGD, Adam, RMSprop
from ..surfaces import OptimizationRun, Quadratic, Rosenbrock, Surface, run_optimizer
from ..training import (
    TrainingHistory,
    fit_linear_regression,
    least_squares,
    linear_loss_and_grads,
    steps_to_tolerance,
)
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
    if name == "gradient descent":
        return SGD(lr)
    if name == "momentum":
        return SGD(lr, momentum=0.9)
    if name == "RMSprop":
        return RMSprop(lr)
    if name == "Adam":
        return Adam(lr)
    listed = ", ".join(repr(n) for n in OPTIMIZERS)
    raise ValueError(f"The 'name' parameter of make_optimizer must be one of {listed}. Got {name!r} instead.")


def _check_key(value: Any, name: str, owner: str, choices: Any) -> None:
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"The '{name}' parameter of {owner} must be one of {listed}. Got {value!r} instead.")


# --------------------------------------------------------------------------------------------------
# Cached runs and measurements (the numbers the figures show)
# --------------------------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def lr_path_run(problem: str, lr: float) -> OptimizationRun:
    """Gradient descent with learning rate ``lr`` on ``LR_PROBLEMS[problem]`` for ``LR_STEPS`` steps.

    Examples
    --------
    >>> lr_path_run("1-D", 0.05).diverged, lr_path_run("1-D", 0.25).diverged
    (False, True)
    """
    _check_key(problem, "problem", "lr_path_run", LR_PROBLEMS)
    surface, w0 = LR_PROBLEMS[problem]
    return run_optimizer(surface, SGD(lr), w0, LR_STEPS)


@lru_cache(maxsize=8)
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
    surface = Quadratic(curvatures=(10.0 / kappa, 10.0))
    best = 2.0 / (surface.lambda_min + surface.lambda_max)
    lrs = np.array(sorted({*_SWEEP_LRS, best}))
    steps = [steps_to_tolerance(surface, SGD(lr), _SWEEP_W0, _SWEEP_TOL, _SWEEP_MAX_STEPS) for lr in lrs]
    return lrs, steps


def _predicted_steps(kappa: int, lrs: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Steps to tolerance by the closed form :math:`w_t - c = (1 - \eta\lambda)^t (w_0 - c)`; NaN: never."""
    lam = np.array([10.0 / kappa, 10.0])
    w0 = np.array(_SWEEP_W0)
    t = np.arange(_SWEEP_MAX_STEPS + 1)[:, None, None]
    with np.errstate(all="ignore"):  # factors of 0 and huge powers: log(0), underflow, overflow
        factors = np.abs(1.0 - lrs[None, :, None] * lam)             # (1, n_lr, 2)
        loss = 0.5 * np.sum(lam * w0**2 * np.exp(2 * t * np.log(np.maximum(factors, 1e-300))), axis=-1)
    reached = loss <= _SWEEP_TOL                                    # (n_t, n_lr)
    first = np.argmax(reached, axis=0).astype(float)
    first[~reached.any(axis=0)] = np.nan
    return first


@lru_cache(maxsize=128)
def optimizer_run(surface: str, optimizer: str, lr: float) -> OptimizationRun:
    """``optimizer`` (a name in ``OPTIMIZERS``) on ``OPTIMIZER_SURFACES[surface]`` for 400 steps.

    Examples
    --------
    >>> optimizer_run("quadratic", "momentum", 0.01).final_loss < 1e-6
    True
    """
    _check_key(surface, "surface", "optimizer_run", OPTIMIZER_SURFACES)
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


@lru_cache(maxsize=16)
def batch_size_runs(lr: float) -> dict[int, TrainingHistory]:
    """Ten epochs of linear regression with each of ``BATCH_SIZES``, all with learning rate ``lr``.

    Examples
    --------
    >>> runs = batch_size_runs(0.03)
    >>> [runs[b].n_updates for b in BATCH_SIZES]
    [2560, 160, 10]
    """
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
def _message_box(ax: Any, text: str, *, width: int = 46, y: float = 0.04, va: str = "bottom") -> None:
    """The run's message, wrapped, in a box in the lower part of ``ax``."""
    ax.text(0.03, y, textwrap.fill(text, width), transform=ax.transAxes, fontsize=8, va=va, ha="left",
            zorder=5, bbox={"boxstyle": "round,pad=0.4", "facecolor": "white",
                            "edgecolor": PALETTE["vermillion"], "alpha": 0.92})


def _contours(ax: Any, surface_name: str, surface: Surface, *, log_levels: bool) -> None:
    X, Y, Z = _grid(surface_name)
    zmax = float(np.percentile(Z, 95))
    levels = np.geomspace(0.05, zmax, 12) if log_levels else np.geomspace(zmax / 400, zmax, 9)
    ax.contour(X, Y, Z, levels=levels, colors=PALETTE["grey"], linewidths=0.7, alpha=0.8)
    (x0, x1), (y0, y1) = surface.bounds
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="w₁", ylabel="w₂")
    _few_ticks(ax.xaxis)
    _few_ticks(ax.yaxis)
    m = surface.minimum
    ax.plot([m[0]], [m[1]], "*", color=PALETTE["black"], markersize=11, zorder=4, label="minimum")


def _path(ax: Any, path: NDArray[np.float64], color: str) -> None:
    ax.plot(path[:, 0], path[:, 1], "-o", color=color, linewidth=1.4, markersize=2.5, zorder=3, label="path")
    ax.plot([path[0, 0]], [path[0, 1]], "o", color=PALETTE["black"], markersize=6, zorder=4, label="start")


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
def plot_lr_path(lr: float, problem: str = "2-D") -> Any:
    r"""Gradient descent at learning rate ``lr`` on a quadratic: the path, and the loss at every step.

    Left: the path on the loss curve (1-D) or its contours (2-D). Right: the loss :math:`f(w_t)` on a
    log axis. Each step multiplies the distance to the minimum along curvature :math:`\lambda_i` by
    :math:`1 - \eta\lambda_i`, shown in the title; past :math:`\eta = 2/\lambda_{\max}` some factor
    exceeds 1 in size and the run diverges, which the figure states in words.

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta`.
    problem : {"1-D", "2-D"}
        Which quadratic of ``LR_PROBLEMS``; both have :math:`\lambda_{\max} = 10`.

    Examples
    --------
    >>> fig = plot_lr_path(0.25, "1-D")
    >>> fig.axes[0].get_title()
    'η = 0.25 > 2/λ_max = 0.2'
    >>> any("Diverged at step" in t.get_text() for t in fig.axes[1].texts)
    True
    """
    _check_key(problem, "problem", "plot_lr_path", LR_PROBLEMS)
    surface, _ = LR_PROBLEMS[problem]
    run = lr_path_run(problem, float(lr))
    bound = surface.max_stable_lr
    factors = 1.0 - lr * surface.curvatures
    relation = ">" if lr > bound else "<" if lr < bound else "="
    fig, (ax_path, ax_loss) = new_figure(2)

    if surface.dim == 1:
        lo, hi = surface.bounds[0]
        w = np.linspace(lo, hi, 201)
        ax_path.plot(w, surface.value(w[:, None]), color=PALETTE["grey"], linewidth=1.6, label="f(w)")
        ax_path.plot(run.path[:, 0], run.losses, "-o", color=PALETTE["blue"], linewidth=1.2, markersize=3.5,
                     zorder=3, label="w₀, w₁, …")
        ax_path.plot([run.path[0, 0]], [run.losses[0]], "o", color=PALETTE["black"], markersize=6, zorder=4)
        top = float(surface.value(np.array([hi])))
        ax_path.set(xlim=(lo, hi), ylim=(-0.05 * top, 1.1 * top), xlabel="w", ylabel="loss f(w)")
        _few_ticks(ax_path.xaxis)
        _few_ticks(ax_path.yaxis)
        shown = f"each step multiplies w − c\nby 1 − ηλ = {factors[0]:.3g}"
    else:
        _contours(ax_path, problem, surface, log_levels=False)
        _path(ax_path, run.path, PALETTE["blue"])
        shown = "each step multiplies wᵢ − cᵢ\nby 1 − ηλᵢ = " + ", ".join(f"{v:.3g}" for v in factors)
    one_d = surface.dim == 1
    ax_path.text(0.5 if one_d else 0.03, 0.97 if one_d else 0.04, shown, transform=ax_path.transAxes,
                 fontsize=8, va="top" if one_d else "bottom", ha="center" if one_d else "left", zorder=5,
                 bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": PALETTE["grey"],
                       "alpha": 0.92})
    title(ax_path, f"η = {lr:.3g} {relation} 2/λ_max = {bound:.3g}")

    steps = np.arange(len(run.losses))
    ax_loss.semilogy(steps, _floored(run.losses), "-o", color=PALETTE["blue"], linewidth=1.4, markersize=2.5)
    ax_loss.axhline(1e6, color=PALETTE["vermillion"], linewidth=1, linestyle="--")
    ax_loss.text(LR_STEPS, 2e6, "divergence threshold 10⁶", color=PALETTE["vermillion"], fontsize=8,
                 ha="right", va="bottom")
    ax_loss.set(xlim=(-1, LR_STEPS + 1), ylim=(1e-16, 1e9), xlabel="step t",
                ylabel="loss f(wₜ) (log scale)")
    _log_axis(ax_loss.yaxis, every=3)
    if run.diverged or lr > bound:
        _message_box(ax_loss, run.message)
        title(ax_loss, "loss per step: diverges" if run.diverged else "loss per step: growing")
    else:
        title(ax_loss, f"loss per step: {run.final_loss:.2g} after {LR_STEPS} steps")
    return fig


def plot_steps_vs_lr(kappa: int) -> Any:
    r"""Steps of gradient descent to reach a loss of :math:`10^{-6}`, against the learning rate.

    On the quadratic with curvatures :math:`(10/\kappa, 10)`: measured runs (dots) and the closed form
    :math:`w_t - c = (1 - \eta\lambda_i)^t (w_0 - c)` (line). Too small a learning rate is slow, too
    large diverges past :math:`2/\lambda_{\max}`; the fewest steps are near
    :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})`.

    Examples
    --------
    >>> fig = plot_steps_vs_lr(10)
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
    ('log', 'log')
    """
    lrs, steps = steps_vs_lr(kappa)
    lam_min, lam_max = 10.0 / kappa, 10.0
    bound, best = 2.0 / lam_max, 2.0 / (lam_min + lam_max)
    dense = np.geomspace(lrs[0], lrs[-1], 400)
    fig, (ax,) = new_figure(1, width=7.2, height=3.4)
    ax.axvspan(bound, lrs[-1] * 1.05, color=PALETTE["vermillion"], alpha=0.08, linewidth=0)
    predicted = _predicted_steps(kappa, dense)
    finite = np.isfinite(predicted)  # only where the closed form reaches the tolerance
    ax.loglog(dense[finite], np.maximum(predicted[finite], 0.8), color=PALETTE["sky"], linewidth=2,
              label="closed form (1 − ηλᵢ)ᵗ")
    measured = np.array([np.nan if s is None else s for s in steps], dtype=float)
    missed = np.isnan(measured)
    ax.loglog(lrs[~missed], np.maximum(measured[~missed], 0.8), "o", color=PALETTE["blue"], markersize=6,
              label="measured with run_optimizer")
    top = 3.0 * _SWEEP_MAX_STEPS
    slow, diverged = missed & (lrs < bound), missed & (lrs > bound)
    ax.plot(lrs[slow], np.full(slow.sum(), top), "^", color=PALETTE["grey"], markersize=7,
            label=f"not within {_SWEEP_MAX_STEPS} steps")
    ax.plot(lrs[diverged], np.full(diverged.sum(), top), "x", color=PALETTE["vermillion"], markersize=8,
            markeredgewidth=2, label="diverged")
    ax.axvline(bound, color=PALETTE["vermillion"], linestyle="--", linewidth=1.2)
    ax.axvline(best, color=PALETTE["green"], linestyle=":", linewidth=1.6)
    ax.text(bound * 1.03, 1.3, "2/λ_max", color=PALETTE["vermillion"], fontsize=9)
    ax.text(best * 0.97, 1.3, "2/(λ_min+λ_max)", color=PALETTE["green"], fontsize=9, ha="right")
    ax.set(xlim=(lrs[0] * 0.95, lrs[-1] * 1.05), ylim=(0.7, 6.0 * _SWEEP_MAX_STEPS),
           xlabel="learning rate η", ylabel="steps to loss ≤ 10⁻⁶")
    _log_axis(ax.yaxis)
    _fixed_ticks(ax.xaxis, [0.01, 0.02, 0.05, 0.1, 0.2, 0.3])
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    fewest = np.nanmin(measured)
    at = lrs[np.nanargmin(measured)]
    title(ax, f"κ = {kappa}: fewest steps {fewest:.0f}, at η = {at:.3g}; "
              f"diverges above 2/λ_max = {bound:g}")
    return fig


def plot_batch_sizes(lr: float) -> Any:
    r"""Batch, mini-batch and stochastic gradient descent on one regression problem at learning rate ``lr``.

    The excess loss :math:`L(w, b) - L^*` (:math:`L^*`: the least-squares loss) on the whole training
    set, against the examples processed (left: the cost) and against the number of updates (right).

    Examples
    --------
    >>> fig = plot_batch_sizes(0.03)
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['B = 1 (stochastic)', 'B = 16 (mini-batch)', 'B = 256 (batch)']
    """
    X, _, best_loss = regression_problem()
    runs = batch_size_runs(float(lr))
    n = X.shape[0]
    names = {1: "stochastic", n: "batch"}
    colors = {BATCH_SIZES[0]: PALETTE["vermillion"], BATCH_SIZES[1]: PALETTE["green"],
              BATCH_SIZES[2]: PALETTE["blue"]}
    fig, (ax_cost, ax_upd) = new_figure(2)
    notes = []
    for b in BATCH_SIZES:
        run = runs[b]
        excess = _floored(run.losses - best_loss)
        label = f"B = {b} ({names.get(b, 'mini-batch')})"
        ax_cost.semilogy(run.examples_seen / n, excess, color=colors[b], linewidth=1.3 if b > 1 else 0.8,
                         label=label)
        updates = np.arange(len(excess))
        ax_upd.loglog(updates + 1, excess, color=colors[b], linewidth=1.3 if b > 1 else 0.8)
        if run.diverged:
            notes.append(f"B = {b}: {run.message}")
    ax_cost.set(xlim=(0, _REGRESSION_EPOCHS), ylim=(1e-7, 1e3), xlabel="examples processed (epochs of 256)",
                ylabel="L − L* (log scale)")
    ax_upd.set(xlim=(0.8, 4000), ylim=(1e-7, 1e3), xlabel="update number + 1 (log scale)",
               ylabel="L − L* (log scale)")
    for axis in (ax_cost.yaxis, ax_upd.xaxis, ax_upd.yaxis):
        _log_axis(axis, every=2 if axis is not ax_upd.xaxis else 1)
    ax_cost.legend(loc="upper right", fontsize=8, framealpha=0.9)
    title(ax_cost, f"η = {lr:.3g}: loss against cost")
    title(ax_upd, "the same runs, against updates")
    if notes:
        _message_box(ax_upd, " ".join(notes), width=44)
    return fig


def plot_optimizers(optimizer: str, lr: float) -> Any:
    r"""One optimizer at learning rate ``lr`` on two surfaces side by side: a quadratic and Rosenbrock.

    Left: the quadratic with curvatures :math:`(1, 100)`, :math:`\kappa = 100`. Right: Rosenbrock's
    valley (contours on a log scale). Each title gives the loss after 400 steps, or where the run
    diverged; a diverged run's message is shown in a box.

    Parameters
    ----------
    optimizer : str
        One of ``OPTIMIZERS``.
    lr : float
        Its learning rate :math:`\eta`.

    Examples
    --------
    >>> fig = plot_optimizers("Adam", 0.1)
    >>> [ax.get_title().split(":")[0] for ax in fig.axes]
    ['bowl, κ = 100', 'Rosenbrock']
    """
    _check_key(optimizer, "optimizer", "plot_optimizers", OPTIMIZERS)
    fig, axes = new_figure(2)
    for ax, (key, (label, surface, _)) in zip(axes, OPTIMIZER_SURFACES.items()):
        run = optimizer_run(key, optimizer, float(lr))
        _contours(ax, key, surface, log_levels=key == "rosenbrock")
        _path(ax, run.path, _OPTIMIZER_COLORS[optimizer])
        if run.diverged:
            title(ax, f"{label}: diverged")
            _message_box(ax, run.message, width=40)
        else:
            title(ax, f"{label}: loss {run.final_loss:.2g} after {OPTIMIZER_STEPS} steps")
    return fig
