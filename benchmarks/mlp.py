"""Our MLPClassifier against scikit-learn's on the digits, the same network and optimizer, side by side.

Run with ``make benchmark`` or ``python benchmarks/mlp.py``. Both fit a 64-64-10 ReLU network with SGD
(lr 0.1, momentum 0.9, no Nesterov), mini-batches of 32, 50 epochs, no L2 penalty, on the same
standardised 75/25 split of ``load_digits``. What is timed is the wall-clock time of ``fit`` alone (not
``predict`` or ``score``); the accuracy is that of the fitted model on the held-out quarter.

The two are fitted alternately, ours then scikit-learn's with the same seed, ``REPEATS`` times (seeds
0, 1, ...), so that both see the same machine load; the table gives the median fit time with its range
(min-max), the median accuracy, and the speed-up as the median of the per-pair ratios
(scikit-learn's time / ours) with its range. Two settings are measured:

* ``BLAS on 1 thread``: the benchmark limits BLAS to one thread for both (threadpoolctl).
* ``default``: the benchmark sets no limit, as a user would run them. scikit-learn's ``MLPClassifier``
  then uses every BLAS thread; ours limits BLAS to one thread inside ``fit`` for a network this small
  (every product of a training step below 2**18 multiply-adds; see ``nnbasics.network``), because the
  idle threads otherwise busy-wait on the cores the training needs.

The two do not do quite the same work: our ``loss_curve_`` is the loss on all the training data after
each epoch, one extra forward pass over them per epoch (included in our time), while scikit-learn's
averages the mini-batch losses it computed anyway.
"""

from __future__ import annotations

import statistics
import time
import warnings

from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from nnbasics.network import MLPClassifier

REPEATS = 5
N_EPOCHS = 50


def ours(seed: int) -> MLPClassifier:
    return MLPClassifier((64,), activation="relu", optimizer="sgd", lr=0.1, momentum=0.9, nesterov=False,
                         alpha=0.0, batch_size=32, n_epochs=N_EPOCHS, shuffle=True, random_state=seed)


def theirs(seed: int) -> SkMLPClassifier:
    return SkMLPClassifier((64,), activation="relu", solver="sgd", learning_rate_init=0.1, momentum=0.9,
                           nesterovs_momentum=False, alpha=0.0, batch_size=32, max_iter=N_EPOCHS,
                           shuffle=True,
                           early_stopping=False, tol=0.0, n_iter_no_change=10**6, random_state=seed)


def fit_and_score(model, X_train, y_train, X_test, y_test) -> tuple[float, float]:
    """Fit time (s) and test accuracy of one fit."""
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached: intended
        model.fit(X_train, y_train)
    return time.perf_counter() - start, model.score(X_test, y_test)


def side_by_side(split) -> dict[str, list[tuple[float, float]]]:
    """(fit time, test accuracy) of each fit, ours and scikit-learn's fitted alternately (same load)."""
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "sklearn": []}
    for seed in range(REPEATS):
        runs["ours"].append(fit_and_score(ours(seed), *split))
        runs["sklearn"].append(fit_and_score(theirs(seed), *split))
    return runs


def spread(values: list[float], fmt: str) -> str:
    """Median and range of ``values``: "median (min-max)"."""
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


def main() -> None:
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    split = (X_train, y_train, X_test, y_test)
    print(f"digits, {len(y_train)} training samples, 64 ReLU units, SGD lr 0.1 momentum 0.9, "
          f"batch 32, {N_EPOCHS} epochs; {REPEATS} fits of each, alternately: median (min-max)")
    for label, limit in (("BLAS on 1 thread", 1), ("default", None)):
        with threadpool_limits(limits=limit):
            runs = side_by_side(split)
        print(f"\n{label:24s}{'fit time (s)':>22s}{'test accuracy':>16s}")
        for name, title in (("ours", "nnbasics MLPClassifier"), ("sklearn", "sklearn MLPClassifier")):
            times, accuracies = [t for t, _ in runs[name]], [a for _, a in runs[name]]
            print(f"{title:24s}{spread(times, '.3f'):>22s}{statistics.median(accuracies):16.4f}")
        ratios = [t_sk / t_ours for (t_ours, _), (t_sk, _) in zip(runs["ours"], runs["sklearn"])]
        gap = 100 * (statistics.median(a for _, a in runs["ours"])
                     - statistics.median(a for _, a in runs["sklearn"]))
        print(f"speed-up (sklearn time / ours): {spread(ratios, '.2f')}x; "
              f"accuracy difference: {gap:+.2f} points")


if __name__ == "__main__":
    main()
