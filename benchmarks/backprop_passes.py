"""The backward pass against the forward pass, timed, beside the operation counts of the chapter.

The backpropagation chapter argues with operation counts (nnbasics.backprop.flop_counts, checked when
the book is tested): for the network with layer widths (784, 256, 256, 10) on a batch of 64, the
backward pass does 2.00 times the work of the forward pass. This benchmark times both passes of that
network (nnbasics.backprop.time_passes: median of `--repeats` runs) in `--rounds` rounds, side by side,
and prints the ratio of each round and the ratio of the fastest times of all rounds, which is the least
disturbed by other processes. NumPy's matrix products run on one BLAS thread, so the times measure the
work rather than thread scheduling.

On a busy machine single rounds vary a lot (the review of the chapter saw backward/forward from 1.2 to
16 on a loaded 2-core machine); the minimum over rounds is the number to compare with the count.

Usage: python benchmarks/backprop_passes.py [--rounds 7] [--repeats 20]
"""

from __future__ import annotations

import argparse

import numpy as np
from threadpoolctl import threadpool_limits

from nnbasics.backprop import flop_counts, time_passes
from nnbasics.layers import Dense, Sequential
from nnbasics.losses import MSE

SIZES, BATCH = (784, 256, 256, 10), 64


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    net = Sequential([Dense(n_in, n_out, "relu" if i < len(SIZES) - 2 else "identity", rng=i)
                      for i, (n_in, n_out) in enumerate(zip(SIZES[:-1], SIZES[1:]))])
    X = np.random.default_rng(0).normal(size=(BATCH, SIZES[0]))
    Y = np.zeros((BATCH, SIZES[-1]))
    counted = flop_counts(SIZES, BATCH).ratio
    print(f"network {SIZES}, batch {BATCH}, one BLAS thread; {args.rounds} rounds, median of "
          f"{args.repeats} runs each")
    print(f"{'round':>5}  {'forward ms':>10}  {'backward ms':>11}  {'backward / forward':>18}")
    fwd, bwd = [], []
    with threadpool_limits(1):
        for r in range(args.rounds):
            t_fwd, t_bwd = time_passes(net, MSE(), X, Y, repeats=args.repeats)
            fwd.append(t_fwd)
            bwd.append(t_bwd)
            print(f"{r + 1:>5}  {1e3 * t_fwd:>10.3f}  {1e3 * t_bwd:>11.3f}  {t_bwd / t_fwd:>18.2f}")
    ratios = np.array(bwd) / np.array(fwd)
    print(f"fastest of all rounds: forward {1e3 * min(fwd):.3f} ms, backward {1e3 * min(bwd):.3f} ms, "
          f"ratio {min(bwd) / min(fwd):.2f} (rounds ranged {ratios.min():.2f} to {ratios.max():.2f})")
    print(f"operation count ratio (flop_counts): {counted:.2f}")


if __name__ == "__main__":
    main()
