"""Our MLPClassifier against scikit-learn's on the digits, the same network and optimizer, side by side.

Run with ``make benchmark`` or ``python benchmarks/mlp.py``. Both fit a 64-64-10 ReLU network with SGD
(lr 0.1, momentum 0.9, no Nesterov), mini-batches of 32, 50 epochs, no L2 penalty, on the same
standardised 75/25 split of ``load_digits``; each is timed as the median of 3 fits (different seeds), and
the printed accuracies are the medians of the same fits. Both run with BLAS limited to one thread
(threadpoolctl): the matrices are tiny (32 x 64), and on a shared two-core machine a multi-threaded BLAS
spends more time waiting for its threads than multiplying; the unlimited timings are printed too.
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

REPEATS = 3
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


def side_by_side(split) -> dict[str, tuple[float, float]]:
    """Median fit time and median test accuracy of each, the two fitted alternately (same machine load)."""
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "sklearn": []}
    for seed in range(REPEATS):
        runs["ours"].append(fit_and_score(ours(seed), *split))
        runs["sklearn"].append(fit_and_score(theirs(seed), *split))
    return {name: (statistics.median(t for t, _ in r), statistics.median(a for _, a in r))
            for name, r in runs.items()}


def main() -> None:
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    split = (X_train, y_train, X_test, y_test)
    print(f"digits, {len(y_train)} training samples, 64 ReLU units, SGD lr 0.1 momentum 0.9, "
          f"batch 32, {N_EPOCHS} epochs; median of {REPEATS} fits")
    for label, limit in (("BLAS on 1 thread", 1), ("BLAS threads unlimited", None)):
        with threadpool_limits(limits=limit):
            result = side_by_side(split)
        (t_ours, acc_ours), (t_sk, acc_sk) = result["ours"], result["sklearn"]
        print(f"\n{label:24s}{'fit time (s)':>14s}{'test accuracy':>16s}")
        print(f"{'nnbasics MLPClassifier':24s}{t_ours:14.3f}{acc_ours:16.4f}")
        print(f"{'sklearn MLPClassifier':24s}{t_sk:14.3f}{acc_sk:16.4f}")
        print(f"speed-up: {t_sk / t_ours:.2f}x; accuracy difference: {100 * (acc_ours - acc_sk):+.2f} points")


if __name__ == "__main__":
    main()
