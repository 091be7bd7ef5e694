r"""Figures of the evaluation chapter: the decision threshold, calibration, paired fold scores.

Introduced in: the evaluation chapter (book/evaluation.ipynb).

:func:`threshold_render` returns a :class:`~nnbasics.plotting.Layered` render for
:func:`nnbasics.widgets.live_figure`: the precision–recall and ROC curves are drawn once per model, and
moving the threshold redraws only the confusion matrix, the two points and the title.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._validation import as_float_array, check_scalar, describe
from ..evaluation import _labels_and_scores, roc_points, threshold_point
from . import Layered
from . import PALETTE, new_figure, title

__all__ = ["threshold_render", "plot_calibration", "plot_paired_scores"]


def threshold_render(y_true: ArrayLike, models: dict[str, ArrayLike]) -> Layered:
    r"""A live-figure render of the decision threshold, for the scores of one or more models.

    The returned render takes two keywords, ``model`` (a key of ``models``) and ``threshold``, and draws
    three panels: the confusion matrix at that threshold, the precision–recall curve and the ROC curve
    (from ``sklearn.metrics.precision_recall_curve`` and :func:`~nnbasics.evaluation.roc_points`), each
    with the threshold's point marked, under a heading with the threshold's precision, recall and
    false-positive rate. The curves are drawn once per model; moving the threshold redraws
    only the matrix, the two points and the title.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        Labels 0 and 1, both present.
    models : dict of str to array_like of shape (n_samples,)
        Each model's finite scores (e.g. probabilities of class 1), under its name.

    Returns
    -------
    Layered
        ``render(model=name, threshold=t)`` for a name of ``models`` and any real ``t``.

    Examples
    --------
    >>> render = threshold_render([0, 0, 1, 1], {"net": [0.1, 0.4, 0.35, 0.8]})
    >>> render(model="net", threshold=0.5).get_suptitle()
    'net, t = 0.5: precision 1.00, recall 0.50, FPR 0.00'
    """
    from sklearn.metrics import auc, average_precision_score, precision_recall_curve

    owner = "threshold_render"
    if not isinstance(models, dict) or not models or not all(isinstance(k, str) for k in models):
        raise TypeError(f"The 'models' parameter of {owner} must be a non-empty dict of model names to arrays "
                        f"of scores. Got {describe(models)} instead.")
    data = {name: _labels_and_scores(y_true, s, owner, scores_name="models") for name, s in models.items()}

    def setup(model: str) -> tuple[Any, dict[str, Any]]:
        if not isinstance(model, str) or model not in data:
            raise ValueError(f"The 'model' parameter of {owner} must be one of {list(data)}. "
                             f"Got {describe(model)} instead.")
        y, s = data[model]
        precision, recall, _ = precision_recall_curve(y, s)
        fpr, tpr, _ = roc_points(y, s)
        roc_auc, ap = auc(fpr, tpr), average_precision_score(y, s)
        fig, (ax_cm, ax_pr, ax_roc) = new_figure(3, width=8.0, height=3.4)   # 640 px, as the other pages
        fig.subplots_adjust(left=0.07, right=0.99, wspace=0.42, top=0.86)
        image = ax_cm.imshow(np.zeros((2, 2)), cmap="Blues", vmin=0, vmax=len(y), alpha=0.8)
        cells = [[ax_cm.text(j, i, "", ha="center", va="center", fontsize=13) for j in range(2)]
                 for i in range(2)]
        ax_cm.set(xticks=[0, 1], yticks=[0, 1], xticklabels=["0", "1"], yticklabels=["0", "1"],
                  xlabel="predicted class", ylabel="true class")
        ax_cm.grid(False)
        ax_pr.step(recall, precision, where="post", color=PALETTE["blue"], label=f"AP = {ap:.3f}")
        ax_pr.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.05), xlabel="recall (TPR)", ylabel="precision")
        ax_roc.plot(fpr, tpr, color=PALETTE["blue"], drawstyle="steps-post", label=f"AUC = {roc_auc:.3f}")
        ax_roc.plot([0, 1], [0, 1], color=PALETTE["grey"], linestyle=":", label="chance")
        ax_roc.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.05), xlabel="false-positive rate", ylabel="recall (TPR)")
        pr_dot, = ax_pr.plot([], [], "o", color=PALETTE["vermillion"], markersize=9, label="threshold t")
        roc_dot, = ax_roc.plot([], [], "o", color=PALETTE["vermillion"], markersize=9, label="threshold t")
        ax_pr.legend(loc="lower left", fontsize=8, framealpha=0.9)
        ax_roc.legend(loc="lower right", fontsize=8, framealpha=0.9)
        heading = fig.suptitle(" ", y=0.98, fontsize=10)
        return fig, {"image": image, "cells": cells, "pr": pr_dot, "roc": roc_dot, "title": heading,
                     "artists": [image, *cells[0], *cells[1], pr_dot, roc_dot, heading]}

    def update(state: dict[str, Any], model: str, threshold: float) -> list[Any]:
        t = check_scalar(threshold, "threshold", owner)
        y, s = data[model]
        point = threshold_point(y, s, t)
        counts = point.confusion
        state["image"].set_data(counts)
        names = [["TN", "FP"], ["FN", "TP"]]
        for i in range(2):
            for j in range(2):
                cell = state["cells"][i][j]
                cell.set_text(f"{names[i][j]} {counts[i, j]}")
                cell.set_color("white" if counts[i, j] > 0.6 * len(y) else "black")
        state["pr"].set_data([point.recall], [point.precision])
        state["roc"].set_data([point.fpr], [point.recall])
        state["title"].set_text(f"{model}, t = {t:g}: precision {point.precision:.2f}, "
                                f"recall {point.recall:.2f}, FPR {point.fpr:.2f}")
        return state["artists"]

    return Layered(setup, update, slow=("model",))


def plot_calibration(y_true: ArrayLike, probabilities: dict[str, ArrayLike], *, n_bins: int = 8) -> Any:
    r"""Reliability diagram: the observed frequency of class 1 against the mean predicted probability.

    The predictions are grouped into ``n_bins`` bins of equal width by
    ``sklearn.calibration.calibration_curve``; a calibrated model's points lie on the diagonal. The
    legend gives each model's Brier score :math:`\frac1n \sum_i (p_i - y_i)^2`.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        Labels 0 and 1, both present.
    probabilities : dict of str to array_like of shape (n_samples,)
        Each model's predicted probability of class 1, in [0, 1], under its name.
    n_bins : int, default=8
        Number of bins, 2 to 50.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_calibration([0, 1, 0, 1], {"model": [0.2, 0.7, 0.4, 0.9]}, n_bins=2)
    >>> fig.axes[0].get_xlabel()
    'mean predicted probability'
    """
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss

    owner = "plot_calibration"
    if not isinstance(probabilities, dict) or not probabilities:
        raise TypeError(f"The 'probabilities' parameter of {owner} must be a non-empty dict of model names to "
                        f"arrays of probabilities. Got {describe(probabilities)} instead.")
    n_bins = check_scalar(n_bins, "n_bins", owner, low=2, high=50, integer=True)
    colors = [PALETTE[c] for c in ("blue", "orange", "green", "purple")]
    fig, (ax,) = new_figure(1, width=5.6, height=4.2)
    ax.plot([0, 1], [0, 1], color=PALETTE["grey"], linestyle=":", label="calibrated")
    for k, (name, p) in enumerate(probabilities.items()):
        y, prob = _labels_and_probabilities(y_true, p, owner)
        observed, predicted = calibration_curve(y, prob, n_bins=n_bins)
        ax.plot(predicted, observed, "o-", color=colors[k % len(colors)],
                label=f"{name} (Brier {brier_score_loss(y, prob):.3f})")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted probability", ylabel="fraction of class 1")
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    title(ax, "Reliability diagram")
    return fig


def _labels_and_probabilities(y_true: ArrayLike, p: ArrayLike, owner: str) -> tuple[Any, Any]:
    y, prob = _labels_and_scores(y_true, p, owner, scores_name="probabilities")
    if prob.min() < 0 or prob.max() > 1:
        raise ValueError(f"The 'probabilities' parameter of {owner} must hold probabilities in [0, 1]. "
                         f"Got values from {prob.min():g} to {prob.max():g} instead.")
    return y, prob


def plot_paired_scores(scores_a: ArrayLike, scores_b: ArrayLike, *, names: tuple[str, str] = ("A", "B"),
                       ylabel: str = "test accuracy") -> Any:
    r"""Scores of two models on the same splits (folds or random splits), each split's pair joined by a line,
    beside the per-split differences.

    Left: the two sets of scores; seen as two clouds they overlap, but each line joins the scores of one
    fold. Right: the differences :math:`a_j - b_j`, with their mean.

    Parameters
    ----------
    scores_a, scores_b : array_like of shape (J,)
        Scores on the same folds, in the same order.
    names : (str, str)
        The two models' names.
    ylabel : str
        What the scores are.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_paired_scores([0.9, 0.8], [0.85, 0.82])
    >>> len(fig.axes)
    2
    """
    owner = "plot_paired_scores"
    a = as_float_array(scores_a, "scores_a", owner, allow_nan=False, allow_inf=False, ndim=1)
    b = as_float_array(scores_b, "scores_b", owner, allow_nan=False, allow_inf=False, ndim=1)
    if len(a) != len(b) or len(a) < 1:
        raise ValueError(f"The 'scores_b' parameter of {owner} must hold one score per fold, as many as "
                         f"'scores_a' ({len(a)}). Got {len(b)} instead.")
    if not (isinstance(names, tuple) and len(names) == 2 and all(isinstance(n, str) for n in names)):
        raise TypeError(f"The 'names' parameter of {owner} must be a pair of strings. Got {describe(names)} instead.")
    if not isinstance(ylabel, str):
        raise TypeError(f"The 'ylabel' parameter of {owner} must be a string. Got {describe(ylabel)} instead.")
    fig, (ax, ax_d) = new_figure(2, width=8.0, height=3.4)
    for j in range(len(a)):
        ax.plot([0, 1], [a[j], b[j]], color=PALETTE["grey"], linewidth=0.8, alpha=0.7)
    ax.plot(np.zeros(len(a)), a, "o", color=PALETTE["blue"])
    ax.plot(np.ones(len(b)), b, "s", color=PALETTE["orange"])
    ax.set(xlim=(-0.4, 1.4), xticks=[0, 1], xticklabels=list(names), ylabel=ylabel)
    title(ax, "Scores, split by split")
    d = a - b
    ax_d.axhline(0, color=PALETTE["grey"], linewidth=1)
    ax_d.plot(np.arange(1, len(d) + 1), d, "o", color=PALETTE["green"])
    ax_d.axhline(d.mean(), color=PALETTE["green"], linestyle="--", label=f"mean {d.mean():+.3f}")
    ax_d.set(xlabel="split", ylabel=f"{names[0]} − {names[1]}")
    ax_d.legend(loc="best", fontsize=8)
    title(ax_d, "Differences on the same split")
    return fig
