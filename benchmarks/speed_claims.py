"""The timings of the speed chapter, repeated in rounds: each claim's ratio, its spread, and a verdict.

The speed, memory and size chapter (book/speed.ipynb) times six things once, when the book is built, and
prints the ratios without checking them: a time depends on the machine and on its load, and a test that
fails when the machine is busy tests the machine. This script is where those timings are measured
properly: each pair of competitors runs side by side (``nnbasics.cost.median_seconds``: interleaved,
CPU time, median of repeats) on one BLAS thread, in ``--rounds`` rounds, and the script prints the ratio
of every round, the median ratio, and whether the median is on the side the chapter says:

1. backward pass / forward pass of a (64, 512, 512, 10) network on 256 samples (counted: 2.00);
2. a Python-loop dense layer / ``X @ W + b`` (64 x 64 weights, 16 samples);
3. a float64 / a float32 product (256 x 512 times 512 x 512);
4. throughput of batched prediction (128 at once) / per-sample prediction, the digits network;
5. an Adam epoch / an SGD epoch, a (64, 32, 10) network on the digits;
6. an epoch on all 1258 training digits / an epoch on 150 of them;
7. a 512 x 512 product pruned to 50% and to 99%, stored in CSR / stored dense (batch of 64);
8. the crossover of that product: the lowest of the chapter's sparsities (0, 50, 80, 90, 95, 99%) from
   which on CSR beats dense at every sparsity timed (``SparseTiming.crossover``), one per round, with the
   chapter's matrix and batch.

Usage: python benchmarks/speed_claims.py [--rounds 5]
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.datasets import load_digits
from threadpoolctl import threadpool_limits

from nnbasics.cost import (dense_forward_loops, forward_in_batches, machine_summary, median_seconds,
                           sparse_timings)
from nnbasics.datasets import train_test_split
from nnbasics.layers import Dense, Sequential
from nnbasics.losses import MSE
from nnbasics.network import MLPClassifier


SPARSITIES = [0.0, 0.5, 0.8, 0.9, 0.95, 0.99]   # the sparsities the chapter times (book/speed.ipynb)


def digits():
    X, y = load_digits(return_X_y=True)
    return train_test_split(X / 16.0, y, 0.3, rng=0)


def claims():
    """``(claim, (slow, fast) functions, what the chapter says of slow / fast)``, built once."""
    X_train, X_test, y_train, _ = digits()
    rng = np.random.default_rng(0)

    wide = Sequential([Dense(64, 512, "relu", rng=0), Dense(512, 512, "relu", rng=1), Dense(512, 10, rng=2)])
    Xw, Yw = rng.normal(size=(256, 64)), np.zeros((256, 10))

    def both():
        wide.backward(MSE().grad(wide.forward(Xw), Yw))

    Xs, Ws, bs = rng.normal(size=(16, 64)), rng.normal(size=(64, 64)), rng.normal(size=64)
    A64, B64 = rng.normal(size=(256, 512)), rng.normal(size=(512, 512))
    A32, B32 = A64.astype(np.float32), B64.astype(np.float32)
    model = MLPClassifier((64,), lr=0.01, n_epochs=30, random_state=0).fit(X_train, y_train)
    X_pred = X_test[:128]

    def fit(n=len(X_train), **kw):
        return lambda: MLPClassifier((32,), n_epochs=4, random_state=0, **kw).fit(X_train[:n], y_train[:n])

    return [
        ("backward / forward pass", {"forward": lambda: wide.forward(Xw), "both": both}, None, "> 1"),
        ("loops / NumPy (one layer)", {"slow": lambda: dense_forward_loops(Xs, Ws, bs),
                                       "fast": lambda: Xs @ Ws + bs}, {"slow": 1, "fast": 1000}, "> 100"),
        ("float64 / float32 product", {"slow": lambda: A64 @ B64, "fast": lambda: A32 @ B32}, None, "> 1"),
        ("per-sample / batch-128 prediction", {"slow": lambda: forward_in_batches(model, X_pred, 1),
                                               "fast": lambda: forward_in_batches(model, X_pred, 128)},
         {"slow": 1, "fast": 20}, "> 4"),
        ("Adam epoch / SGD epoch", {"slow": fit(optimizer="adam", lr=0.01),
                                    "fast": fit(optimizer="sgd", lr=0.1, momentum=0.0)}, None, "< 3"),
        ("epoch on 1258 / on 150 samples", {"slow": fit(), "fast": fit(n=150)}, None, "> 3"),
    ]


def ratio(name: str, fns, number) -> float:
    t = median_seconds(fns, repeats=5, number=number or 1)
    if name.startswith("backward"):
        return (t["both"] - t["forward"]) / t["forward"]
    return t["slow"] / t["fast"]


def verdict(values, rule: str) -> str:
    op, bound = rule.split()
    med = float(np.median(values))
    holds = med > float(bound) if op == ">" else med < float(bound)
    return f"median {med:8.2f}  chapter says {rule:<6} {'yes' if holds else 'NO'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(machine_summary())
    print(f"one BLAS thread; {args.rounds} rounds, each the median of 5 repeats run side by side")
    with threadpool_limits(limits=1, user_api="blas"):
        for name, fns, number, rule in claims():
            values = [ratio(name, fns, number) for _ in range(args.rounds)]
            print(f"{name:<34} rounds {' '.join(f'{v:7.2f}' for v in values)}  {verdict(values, rule)}")
        big = np.random.default_rng(2)                       # the chapter's matrix and batch
        W, X = big.normal(size=(512, 512)), big.normal(size=(64, 512))
        at50, at99, crossovers = [], [], []
        for _ in range(args.rounds):
            timing = sparse_timings(W, X, SPARSITIES, repeats=5)
            at50.append(timing.csr[1] / timing.dense[1])
            at99.append(timing.csr[-1] / timing.dense[-1])
            crossovers.append(timing.crossover)
        for label, values, rule in [("CSR / dense, 50% pruned", at50, "> 1"),
                                    ("CSR / dense, 99% pruned", at99, "< 1")]:
            print(f"{label:<34} rounds {' '.join(f'{v:7.2f}' for v in values)}  {verdict(values, rule)}")
        shown = " ".join(f"{'never':>7}" if c is None else f"{c:7.0%}" for c in crossovers)
        inside = all(c is not None and SPARSITIES[1] < c <= SPARSITIES[-1] for c in crossovers)
        print(f"{'CSR faster from (crossover)':<34} rounds {shown}  chapter says above 50%, at most 99%: "
              f"{'yes' if inside else 'NO'}")


if __name__ == "__main__":
    main()
