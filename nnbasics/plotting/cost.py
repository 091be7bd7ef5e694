r"""Figures of the speed, memory and size chapter: throughput against batch size, sparse against dense
products, and a live figure of pruning and quantization (accuracy and bytes).

Introduced in: the speed, memory and size chapter (book/speed.ipynb).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .._validation import as_float_array, check_choice, check_scalar, describe
from ..cost import CompressionTable, SparseTiming
from . import Layered
from . import PALETTE, new_figure, title

__all__ = ["compression_figure", "plot_sparse_timings", "plot_throughput"]

_DTYPE_COLORS = {"float64": PALETTE["blue"], "float32": PALETTE["green"], "float16": PALETTE["orange"],
                 "int8": PALETTE["vermillion"]}


def plot_throughput(batch_sizes: Any, samples_per_second: Any) -> Any:
    """Prediction throughput (samples per second, log scale) against the batch size (log scale).

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    Parameters
    ----------
    batch_sizes : array_like of int
        Batch sizes, ``>= 1``.
    samples_per_second : array_like of float
        Measured throughput at each, ``> 0``.
    """
    owner = "plot_throughput"
    b = as_float_array(batch_sizes, "batch_sizes", owner, ndim=1, allow_nan=False, allow_inf=False)
    s = as_float_array(samples_per_second, "samples_per_second", owner, ndim=1, allow_nan=False,
                       allow_inf=False)
    if b.size == 0 or b.shape != s.shape or np.any(b < 1) or np.any(s <= 0):
        raise ValueError(f"The 'samples_per_second' parameter of {owner} must hold one positive number per "
                         f"batch size (batch sizes >= 1). Got {describe(s)} for {describe(b)} instead.")
    fig, (ax,) = new_figure(1, width=7.0, height=3.2)
    ax.set(xscale="log", yscale="log", xlabel="batch size (samples per forward pass)",
           ylabel="samples per second")
    ax.plot(b, s, "o-", color=PALETTE["blue"], linewidth=2)
    ax.axhline(s[0], color=PALETTE["grey"], linestyle="--", linewidth=1)
    ax.text(b[0], s[0] * 1.3, "one sample at a time", fontsize=9, color=PALETTE["grey"])
    title(ax, f"Batched prediction: {s.max() / s[0]:.0f}x the per-sample throughput at best")
    return fig


def plot_sparse_timings(timing: SparseTiming) -> Any:
    """Seconds of one product X W against the sparsity of W: dense, pruned but dense, and CSR.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    Parameters
    ----------
    timing : SparseTiming
        From :func:`nnbasics.cost.sparse_timings`.
    """
    if not isinstance(timing, SparseTiming):
        raise TypeError(f"The 'timing' parameter of plot_sparse_timings must be a SparseTiming from "
                        f"nnbasics.cost.sparse_timings. Got {describe(timing)} instead.")
    fig, (ax,) = new_figure(1, width=7.0, height=3.4)
    x = 100 * timing.sparsities
    ms = 1e3
    ax.plot(x, ms * timing.dense, "o-", color=PALETTE["blue"], label="original, dense")
    ax.plot(x, ms * timing.pruned_dense, "s--", color=PALETTE["sky"], label="pruned, stored dense")
    ax.plot(x, ms * timing.csr, "^-", color=PALETTE["vermillion"], label="pruned, CSR (SciPy)")
    ax.set(yscale="log", xlabel="sparsity of W (% of weights set to 0)", ylabel="ms per product X W")
    cross = timing.crossover
    if cross is not None:
        ax.axvline(100 * cross, color=PALETTE["grey"], linestyle=":", linewidth=1)
    ax.legend(frameon=False, fontsize=9, loc="lower left")
    where = f"CSR faster from {100 * cross:.0f}% on" if cross is not None else "CSR never faster"
    title(ax, f"Zeros stored densely cost as much as any number; {where}")
    return fig


def compression_figure(table: CompressionTable) -> Layered:
    r"""A live figure of ``table``: accuracy against sparsity per storage type, and the bytes at one sparsity.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    Returns a :class:`~nnbasics.plotting.Layered` render with the controls ``sparsity`` (a value of
    ``table.sparsities``) and ``dtype`` (a name of ``table.dtypes``): left, the score of every storage
    type against the sparsity, the chosen pair ringed; right, for every storage type, the bytes of the
    weights stored dense and in CSR at that sparsity, the chosen type outlined.

    Parameters
    ----------
    table : CompressionTable
        From :func:`nnbasics.cost.compression_table`.
    """
    if not isinstance(table, CompressionTable):
        raise TypeError(f"The 'table' parameter of compression_figure must be a CompressionTable from "
                        f"nnbasics.cost.compression_table. Got {describe(table)} instead.")
    x = 100 * table.sparsities
    biggest = float(max(table.dense_bytes.max(), table.sparse_bytes.max()))
    slots = np.arange(len(table.dtypes))

    def setup() -> tuple[Any, Mapping[str, Any]]:
        fig, (left, right) = new_figure(2, width=8.0, height=3.3)  # 640 px: never scaled down
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.86, wspace=0.3)
        for j, name in enumerate(table.dtypes):
            left.plot(x, table.accuracy[:, j], "o-", color=_DTYPE_COLORS[name], markersize=3.5, label=name)
        left.set(xlabel="sparsity (% of weights pruned)", ylabel="test score",
                 ylim=(min(0.0, float(table.accuracy.min())), 1.02))
        left.legend(frameon=False, fontsize=8.5, loc="lower left")
        line = left.axvline(x[0], color=PALETTE["black"], linewidth=1, linestyle=":")
        ring, = left.plot([], [], "o", markersize=11, markerfacecolor="none", markeredgewidth=2,
                          color=PALETTE["black"])
        dense = right.bar(slots - 0.2, table.dense_bytes / 1000, width=0.4, color=PALETTE["grey"],
                          label="dense")
        sparse = right.bar(slots + 0.2, table.sparse_bytes[0] / 1000, width=0.4, color=PALETTE["purple"],
                           label="sparse (CSR)")
        right.set(xticks=slots, xticklabels=list(table.dtypes), ylim=(0, 1.1 * biggest / 1000),
                  ylabel="kB of weight matrices")
        right.legend(frameon=False, fontsize=8.5, loc="upper right")
        head = fig.suptitle(" ", fontsize=11)
        return fig, {"line": line, "ring": ring, "dense": dense, "sparse": sparse, "title": head}

    def update(state: Mapping[str, Any], sparsity: float, dtype: str) -> list[Any]:
        s = check_scalar(sparsity, "sparsity", "compression_figure", low=0, high=1)
        i = int(np.argmin(np.abs(table.sparsities - s)))
        j = table.dtypes.index(check_choice(dtype, "dtype", "compression_figure", table.dtypes))
        state["line"].set_xdata([x[i], x[i]])
        state["ring"].set_data([x[i]], [table.accuracy[i, j]])
        for k, (d_bar, s_bar, size) in enumerate(zip(state["dense"], state["sparse"], table.sparse_bytes[i])):
            s_bar.set_height(size / 1000)
            for bar in (d_bar, s_bar):
                bar.set_edgecolor(PALETTE["black"] if k == j else "none")
                bar.set_linewidth(2 if k == j else 0)
        dense_kb, sparse_kb = table.dense_bytes[j] / 1000, table.sparse_bytes[i, j] / 1000
        state["title"].set_text(f"{x[i]:.0f}% pruned, {dtype}: score {table.accuracy[i, j]:.3f}; "
                                f"dense {dense_kb:.1f} kB, CSR {sparse_kb:.1f} kB")
        return [state["line"], state["ring"], *state["dense"], *state["sparse"], state["title"]]

    return Layered(setup, update, slow=())
