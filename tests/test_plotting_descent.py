"""Tests of nnbasics.plotting.descent: every figure is labelled, divergence is shown in words, never as NaN."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics.plotting import descent
from nnbasics.widgets import _Blitter, log_slider

LR_VALUES = log_slider(0.005, 0.25, 20).values          # the chapter's learning-rate slider
OPTIMIZER_LRS = log_slider(1e-4, 1.0, 13).values        # the chapter's optimizer slider


def _texts(fig) -> str:
    """Every piece of text in the figure: titles, labels, annotations."""
    parts = []
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts]
    return " ".join(" ".join(parts).split())  # wrapped lines joined again


def _assert_labelled_and_finite(fig) -> None:
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        for line in ax.lines:
            xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
            assert np.all(np.isfinite(xy)), f"non-finite data in line {line.get_label()!r}"


# ------------------------------------------------------------------------------------------------
# The learning-rate figure
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("problem", list(descent.LR_PROBLEMS))
@pytest.mark.parametrize("lr", [LR_VALUES[0], LR_VALUES[10], LR_VALUES[-2], LR_VALUES[-1]])
def test_lr_path_frames_render_without_warnings(problem, lr, render_strictly):
    fig = render_strictly(descent.plot_lr_path, lr=lr, problem=problem)
    _assert_labelled_and_finite(fig)
    assert "2/λ_max = 0.2" in fig.axes[0].get_title()  # the bound is stated in every frame


@pytest.mark.parametrize("problem", list(descent.LR_PROBLEMS))
def test_a_diverging_frame_shows_the_finite_path_and_the_message(problem):
    lr = LR_VALUES[-1]  # 0.25 > 2/lambda_max = 0.2
    run = descent.lr_path_run(problem, lr)
    assert run.diverged and run.n_steps < descent.LR_STEPS
    fig = descent.plot_lr_path(lr=lr, problem=problem)
    text = _texts(fig)
    assert f"Diverged at step {run.n_steps}" in text
    assert "diverges when lr > 2/λ_max = 0.2" in text
    assert "0.25 > 2/λ_max" in fig.axes[0].get_title()
    loss_line = fig.axes[1].lines[0]
    np.testing.assert_array_equal(loss_line.get_ydata(), run.loss)  # every finite point, nothing more


def test_a_slowly_diverging_frame_says_it_would_diverge():
    lr = LR_VALUES[-2]  # 0.2036: just past the bound, the loss grows slowly
    assert lr > 0.2
    run = descent.lr_path_run("2-D", lr)
    assert not run.diverged
    assert "Given more steps, this run would diverge." in _texts(descent.plot_lr_path(lr=lr, problem="2-D"))


def test_a_converging_frame_has_no_message_box_and_states_the_factors():
    fig = descent.plot_lr_path(lr=0.05, problem="2-D")
    texts = [t.get_text() for t in fig.axes[1].texts]
    assert not any("Diverged" in t or "Finished" in t for t in texts)
    assert "1 − ηλᵢ = 0.95, 0.5" in _texts(fig)


def test_runs_and_grids_are_cached():
    assert descent.lr_path_run("2-D", 0.05) is descent.lr_path_run("2-D", 0.05)
    assert descent._grid("rosenbrock") is descent._grid("rosenbrock")


# ------------------------------------------------------------------------------------------------
# Steps against the learning rate
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kappa", descent.KAPPAS)
def test_measured_steps_match_the_closed_form(kappa):
    lrs, steps = descent.steps_vs_lr(kappa)
    predicted = descent._predicted_steps(kappa, lrs)
    for lr, measured, expected in zip(lrs, steps, predicted):
        if measured is None:
            assert np.isnan(expected) or lr > 0.2, lr
        else:
            assert measured == expected, lr
    assert all(s is None for lr, s in zip(lrs, steps) if lr > 0.2)  # past 2/lambda_max: diverged


def test_steps_figure_renders_and_is_labelled(render_strictly):
    fig = render_strictly(descent.plot_steps_vs_lr, kappa=10)
    _assert_labelled_and_finite(fig)
    assert fig.axes[0].get_title().startswith("κ = 10: fewest steps")


# ------------------------------------------------------------------------------------------------
# Batch sizes
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lr", [0.003, 0.3])
def test_batch_size_frames_render_and_report_divergence(lr, render_strictly):
    fig = render_strictly(descent.plot_batch_sizes, lr=lr)
    _assert_labelled_and_finite(fig)
    runs = descent.batch_size_runs(lr)
    for b, run in runs.items():
        assert (f"B = {b}: Diverged" in _texts(fig)) == run.diverged


def test_batch_size_runs_cost_the_same_number_of_examples():
    runs = descent.batch_size_runs(0.01)
    assert {int(run.examples_seen[-1]) for run in runs.values()} == {10 * 256}


# ------------------------------------------------------------------------------------------------
# Optimizers side by side
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer", descent.OPTIMIZERS)
@pytest.mark.parametrize("lr", [OPTIMIZER_LRS[0], OPTIMIZER_LRS[6], OPTIMIZER_LRS[-1]])
def test_optimizer_frames_render_and_explain_divergence(optimizer, lr, render_strictly):
    fig = render_strictly(descent.plot_optimizers, optimizer=optimizer, lr=lr)
    _assert_labelled_and_finite(fig)
    for ax, key in zip(fig.axes, descent.OPTIMIZER_SURFACES):
        run = descent.optimizer_run(key, optimizer, lr)
        assert ax.get_title().endswith("diverged") == run.diverged
        if run.diverged:
            assert run.message in " ".join(t.get_text().replace("\n", " ") for t in ax.texts)


# ------------------------------------------------------------------------------------------------
# Blitting: a live figure's frame is the figure an ordinary render draws
# ------------------------------------------------------------------------------------------------


# One blitter per figure, its frames in this order: every later frame reuses the cached background.
BLIT_FRAMES = {
    "plot_lr_path": [{"lr": lr, "problem": problem} for problem in ("2-D", "1-D")
                     for lr in (LR_VALUES[0], LR_VALUES[-1], LR_VALUES[10], LR_VALUES[-2])],
    "plot_steps_vs_lr": [{"kappa": kappa} for kappa in (10, 1, 100)],
    "plot_batch_sizes": [{"lr": lr} for lr in (0.03, 0.3, 0.003)],
    "plot_optimizers": [{"optimizer": optimizer, "lr": lr} for optimizer, lr in
                        [("momentum", 0.01), ("gradient descent", OPTIMIZER_LRS[-1]), ("Adam", OPTIMIZER_LRS[0]),
                         ("RMSprop", OPTIMIZER_LRS[6]), ("momentum", OPTIMIZER_LRS[-1])]],
}


@pytest.mark.parametrize("name", list(BLIT_FRAMES))
def test_blitted_frames_match_the_ordinary_render(name, ordinary_rgba):
    """Only the changing artists are redrawn over a cached background; the picture must not change."""
    render = getattr(descent, name)
    blitter = _Blitter(render, 80)
    diverging = False
    for values in BLIT_FRAMES[name]:
        fig = render(**values)
        diverging |= any("Diverged" in t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible())
        expected = ordinary_rgba(fig)
        got = np.asarray(blitter.rgba(values)).astype(int)
        assert got.shape == expected.shape
        assert (abs(got - expected).max(axis=2) > 8).mean() < 0.005, f"frame {values} differs"
    assert diverging or name == "plot_steps_vs_lr", "the frames include a diverging run"
    assert len(blitter.cache) == len({tuple(v[n] for n in render.slow) for v in BLIT_FRAMES[name]})


def test_make_optimizer_names():
    assert [type(descent.make_optimizer(n, 0.1)).__name__ for n in descent.OPTIMIZERS] == \
        ["SGD", "SGD", "RMSprop", "Adam"]


@pytest.mark.parametrize(
    ("call", "match"),
    [(lambda: descent.plot_lr_path(lr=0.1, problem="3-D"), (r"'problem' parameter of plot_lr_path must be one of '1-D', '2-D'\. "
                                                r"Got '3-D' instead")),
     (lambda: descent.plot_optimizers(optimizer="adam", lr=0.1), (r"'optimizer' parameter of plot_optimizers must be one of "
                                                    r"'gradient descent', 'momentum', 'RMSprop', 'Adam'")),
     (lambda: descent.make_optimizer("SGD", 0.1), r"'name' parameter of make_optimizer must be one of"),
     (lambda: descent.steps_vs_lr(3), r"'kappa' parameter of steps_vs_lr must be one of 1, 10, 100\. Got 3"),
     (lambda: descent.optimizer_run("himmelblau", "Adam", 0.1), r"'surface' parameter of optimizer_run")],
)
def test_unknown_names_list_the_choices(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("scale", descent.SCALES)
@pytest.mark.parametrize("shift", descent.SHIFTS)
def test_scaling_problem_is_the_excess_loss_of_the_regression(scale, shift):
    from nnbasics.training import least_squares, linear_loss_and_grads

    X, y, _ = descent.regression_problem()
    x = X[:, :1] * scale + shift
    q, _ = descent.scaling_problem(scale, shift)
    best, _ = linear_loss_and_grads(least_squares(x, y), x, y)
    for w, b in [(0.0, 0.0), (0.3, -0.2), (-1.0, 2.0)]:
        loss, _ = linear_loss_and_grads({"w": np.array([w]), "b": np.array(b)}, x, y)
        assert q.value([w, b]) == pytest.approx(loss - best, rel=1e-9, abs=1e-12)


def test_scaling_run_is_slower_when_kappa_is_larger():
    steps = {(s, h): descent.scaling_run(s, h)[1] for s in descent.SCALES for h in descent.SHIFTS}
    assert steps[1.0, 0.0] < steps[3.0, 0.0] < steps[10.0, 0.0]
    assert steps[1.0, 0.0] < steps[1.0, 1.0] < steps[1.0, 3.0]


def test_momentum_figure_titles_and_divergence():
    fig = descent.plot_momentum(lr=4 / 121, momentum=(9 / 11) ** 2)
    assert fig.axes[0].get_title() == "η = 0.0331, μ = 0.669"
    assert fig.axes[1].get_title().startswith("loss < 10⁻⁶ after")
    assert descent.momentum_run(0.039, 0.9).diverged  # 0.039 > 2(1 + 0.9)/100


def test_optimizer_figure_warns_when_the_loss_rose_in_the_last_steps():
    # RMSprop at 0.1 on the bowl: down to 1e-156, then a flare to 15 at step 351 (the loss at 400 is tiny)
    run = descent.optimizer_run("quadratic", "RMSprop", OPTIMIZER_LRS[9])
    assert run.final_loss < 1e-20 and max(run.loss[-descent.SETTLE_STEPS:]) > 10
    fig = descent.plot_optimizers(optimizer="RMSprop", lr=OPTIMIZER_LRS[9])
    assert "Not settled: the loss rose to 15 at step 351, 49 steps before the end." in _texts(fig)
    # a run that converges smoothly gets no warning
    quiet = descent.plot_optimizers(optimizer="momentum", lr=OPTIMIZER_LRS[7])
    assert "Not settled" not in _texts(quiet)


def test_optimizer_run_continues_the_same_run():
    short = descent.optimizer_run("quadratic", "Adam", 0.1)
    long = descent.optimizer_run("quadratic", "Adam", 0.1, n_steps=600)
    assert len(short.loss) == descent.OPTIMIZER_STEPS + 1 and len(long.loss) == 601
    np.testing.assert_array_equal(long.loss[:len(short.loss)], short.loss)


def test_schedules_are_those_of_the_runs():
    sched = descent.schedules()
    assert (sched["step decay"].factor, sched["step decay"].every, sched["cosine"].n_steps) == (0.1, 100, 300)
    assert [sched["step decay"](t) for t in (0, 99, 100, 200)] == pytest.approx([0.15, 0.15, 0.015, 0.0015])
    assert sched["cosine"](150) == pytest.approx(0.075) and sched["constant"](299) == 0.15


def test_schedules_lower_the_noise_floor_and_saddle_runs_escape():
    runs = descent.schedule_runs()
    floors = {name: np.mean(run.loss[-50:]) for name, run in runs.items()}
    assert floors["cosine"] < floors["constant"] / 10 and floors["step decay"] < floors["constant"] / 10
    saddle = descent.saddle_runs()
    assert saddle["gradient descent from y = 0"].final_loss > -1e-12
    escaped = [name for name, run in saddle.items() if run.final_loss < -0.24]
    assert escaped == list(saddle)[1:]  # every run but the one started exactly on y = 0
    assert len(descent.plot_saddle().axes) == 2 and len(descent.plot_schedules().axes) == 2
    assert descent.plot_hessian_axes().axes[0].get_aspect() == 1.0


@pytest.mark.parametrize("n_seeds", [1, 3])
def test_schedule_floors_seed_zero_is_the_drawn_run(n_seeds):
    floors = descent.schedule_floors(n_seeds)
    runs = descent.schedule_runs()
    assert list(floors) == list(runs)
    for name, run in runs.items():
        assert floors[name].shape == (n_seeds,)
        assert floors[name][0] == pytest.approx(np.mean(run.loss[-50:]), rel=1e-15)
    assert np.all(floors["constant"] > 10 * floors["cosine"])
    if n_seeds > 1:
        assert len(set(floors["constant"])) == n_seeds   # every seed draws different noise


def test_hessian_figure_steps_on_the_axes_aim_at_the_centre_and_off_them_do_not():
    from matplotlib.text import Annotation
    steps = [(np.array(a.xyann), np.array(a.xy)) for a in descent.plot_hessian_axes().axes[0].texts
             if isinstance(a, Annotation) and np.linalg.norm(a.xyann) > 0]  # not the arrows from the centre
    assert len(steps) == 5
    cosines = [np.dot(end - tail, -tail) / (np.linalg.norm(end - tail) * np.linalg.norm(tail))
               for tail, end in steps]
    on_axes = [c for (tail, _), c in zip(steps, cosines) if not np.allclose(tail, [1.0, 0.0])]
    assert np.allclose(on_axes, 1.0)                          # straight at the centre
    assert min(cosines) < 0.9                                 # the step from (1, 0) misses it
