"""Where sparse storage starts to pay: the CSR/dense crossover sparsity for several layer sizes and batches.

Run with ``python benchmarks/sparse.py`` (also run by ``make benchmark``; it takes about a minute). The
speed chapter measures one layer (512 x 512 weights, a batch of 64) within its time budget; this script
asks how the crossover moves with the size of the product, which the chapter cannot afford to run.

For each (weights n x n, batch B) it calls ``nnbasics.cost.sparse_timings``: at each sparsity the dense
product, the pruned matrix stored dense, and the pruned matrix in SciPy's CSR storage run side by side,
interleaved, on one BLAS thread (SciPy's sparse product uses one), median of ``REPEATS``. It prints, per
setting, the ratio dense time / CSR time at each sparsity (above 1: CSR is faster) and the crossover, the
lowest sparsity from which on CSR stays faster, with the machine it ran on.
"""

from __future__ import annotations

import numpy as np

from nnbasics.cost import machine_summary, sparse_timings

REPEATS = 7
SPARSITIES = [0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99]
SETTINGS = [(256, 16), (256, 256), (1024, 16), (1024, 256), (2048, 64)]


def main() -> None:
    print(machine_summary())
    print("dense time / CSR time at each sparsity (above 1: CSR faster); one BLAS thread, median of "
          f"{REPEATS}")
    print(f"{'weights':>11} {'batch':>5}  " + " ".join(f"{s:>6.0%}" for s in SPARSITIES) + "  crossover")
    rng = np.random.default_rng(0)
    for n, batch in SETTINGS:
        timing = sparse_timings(rng.normal(size=(n, n)), rng.normal(size=(batch, n)), SPARSITIES,
                                repeats=REPEATS)
        ratios = timing.dense / timing.csr
        cross = "never" if timing.crossover is None else f"{timing.crossover:.0%}"
        print(f"{n:>5} x {n:<5} {batch:>5}  " + " ".join(f"{r:>6.2f}" for r in ratios) + f"  {cross:>9}")


if __name__ == "__main__":
    main()
