r"""What a network costs: parameters, bytes, operations, memory in training, and time.

Introduced in: the speed, memory and size chapter (book/speed.ipynb).

Three numbers decide a multilayer perceptron's cost, and they are counted before anything is timed. For
layer widths :math:`(n_0, n_1, \dots, n_L)`:

.. math::

    P = \sum_{l=1}^{L} (n_{l-1} + 1)\, n_l \quad\text{parameters}, \qquad
    \text{size} = P \times \text{bytes per parameter}, \qquad
    \text{forward} \approx 2 B P \text{ operations on a batch of } B

(the operation counts themselves are :func:`nnbasics.backprop.flop_counts`). Training needs, besides
the :math:`P` parameters, their :math:`P` gradients, the optimizer's state (:math:`0`, :math:`P` or
:math:`2P` numbers) and the activations the backward pass reads, which grow with the batch:
:func:`predict_training_memory` predicts each, :func:`measure_training_memory` measures them with
``tracemalloc``.

Then the ways to make a model smaller or faster: :func:`prune_magnitude` (set the smallest weights to 0),
:func:`quantize` (store each weight in fewer bytes), :func:`csr_bytes` and :func:`sparse_timings`
(sparse storage, and when its matrix product beats the dense one), :func:`with_weights` (a fitted model
with its weights transformed, to measure the accuracy that costs), :func:`compression_table` (all of it
over a grid of sparsities and dtypes).

Timing: :func:`median_seconds` runs competitors side by side, interleaved, and keeps the median of the
repeats; :func:`machine_summary` says what they ran on. Timings depend on the machine and its load:
print them, and check only verdicts that hold with a wide margin.

The core of this module needs only NumPy; SciPy (sparse matrices) and threadpoolctl (the BLAS report),
both installed with scikit-learn, are imported when the function that needs them is called.
"""

from __future__ import annotations

import copy
import gc
import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, check_choice, check_instance, check_rng, check_scalar, describe
from .layers import Dense, Sequential
from .losses import MSE
from .optim import get_optimizer

__all__ = [
    "DTYPES", "OPTIMIZER_COPIES", "CompressionTable", "MemoryBudget", "Quantized", "SparseTiming", "TargetRun",
    "compression_table", "csr_bytes", "dense_forward_loops", "epochs_to_target", "forward_in_batches",
    "machine_summary", "measure_training_memory", "median_seconds", "model_bytes", "parameter_count",
    "predict_training_memory", "prune_magnitude", "quantize", "sparse_timings", "with_weights",
]

#: Storage formats of :func:`quantize`, by name, with their bytes per weight.
DTYPES: dict[str, int] = {"float64": 8, "float32": 4, "float16": 2, "int8": 1}

#: Copies of the parameters each optimizer keeps between steps (its state): SGD with momentum keeps the
#: velocity, RMSprop the running mean of :math:`g^2`, Adam both running means :math:`m` and :math:`v`.
OPTIMIZER_COPIES: dict[str, int] = {"sgd": 0, "momentum": 1, "rmsprop": 1, "adam": 2}

_FLOAT_BYTES = 8  # the network computes in float64


def _check_sizes(sizes: Any, owner: str) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
        raise TypeError(f"The 'sizes' parameter of {owner} must be a sequence of layer widths, input first, "
                        f"such as (64, 32, 10). Got {describe(sizes)} instead.")
    out = [check_scalar(s, "sizes", owner, low=1, integer=True) for s in sizes]
    if len(out) < 2:
        raise ValueError(f"The 'sizes' parameter of {owner} must hold at least 2 widths (input and output). "
                         f"Got {list(sizes)!r} instead.")
    return out


def _layers_of(model: Any, owner: str) -> list[Any]:
    """The Dense layers of a fitted MLP estimator, a Sequential, or a list of layers."""
    if isinstance(model, Sequential):
        return model.layers
    if isinstance(model, (list, tuple)) and model and all(hasattr(layer, "params") for layer in model):
        return list(model)
    layers = getattr(model, "layers_", None)
    if layers is None or isinstance(model, type):
        raise TypeError(f"The 'model' parameter of {owner} must be a fitted MLPClassifier or MLPRegressor, a "
                        f"Sequential, or a list of Dense layers. Got {describe(model)} instead.")
    return layers


def _fitted_estimator(model: Any, owner: str) -> Any:
    """A fitted nnbasics MLP estimator (not bare layers), checked."""
    if isinstance(model, (Sequential, list, tuple, type)) or getattr(model, "layers_", None) is None:
        raise TypeError(f"The 'model' parameter of {owner} must be a fitted MLPClassifier or MLPRegressor. "
                        f"Got {describe(model)} instead.")
    return model


def _check_data(X: ArrayLike, y: ArrayLike, owner: str) -> tuple[NDArray[np.floating], NDArray[Any]]:
    """Finite real features; labels or targets that are not booleans and hold no NaN or inf."""
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False)
    y_arr = np.asarray(y)
    if y_arr.dtype.kind == "b" or y_arr.dtype.kind not in "iufUSO":
        raise TypeError(f"The 'y' parameter of {owner} must hold class labels or real targets. "
                        f"Got {describe(y_arr)} instead.")
    if y_arr.dtype.kind == "f" and not np.all(np.isfinite(y_arr)):
        raise ValueError(f"The 'y' parameter of {owner} must hold finite values. Got NaN or inf instead.")
    return X, y_arr


# --------------------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------------------
def parameter_count(sizes: Sequence[int]) -> int:
    r"""The number of weights and biases of a stack of fully connected layers.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    .. math::

        P = \sum_{l=1}^{L} (n_{l-1} + 1)\, n_l,

    :math:`n_{l-1} n_l` weights and :math:`n_l` biases per layer. It depends on the widths only: not on
    the data, the device, dropout or the optimizer.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first: ``(64, 32, 10)``.

    Examples
    --------
    >>> parameter_count((64, 32, 10))     # (64 + 1) * 32 + (32 + 1) * 10
    2410
    """
    sizes = _check_sizes(sizes, "parameter_count")
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def model_bytes(model: Any) -> int:
    r"""Bytes of every parameter array of a model: :math:`\sum` ``nbytes`` of its weights and biases.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    For float64 parameters this is :math:`8P` (:func:`parameter_count`).

    Parameters
    ----------
    model : MLPClassifier, MLPRegressor, Sequential or list of Dense
        A fitted estimator (its ``layers_``) or the layers themselves.

    Examples
    --------
    >>> model_bytes([Dense(64, 32, rng=0), Dense(32, 10, rng=0)])    # 8 * 2410
    19280
    """
    layers = _layers_of(model, "model_bytes")
    return int(sum(arr.nbytes for layer in layers for arr in layer.params.values()))


# --------------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------------
def machine_summary() -> str:
    """One line naming the machine the timings ran on: cores, BLAS library and threads, NumPy, Python.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    Uses threadpoolctl (installed with scikit-learn) to find the BLAS library NumPy loaded.
    """
    try:
        from threadpoolctl import threadpool_info
        blas = [info for info in threadpool_info() if info.get("user_api") == "blas"]
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        blas = []
    numpy_blas = [b for b in blas if "numpy" in str(b.get("filepath", ""))] or blas
    if numpy_blas:
        b = numpy_blas[0]
        blas_text = (f"{b.get('internal_api')} {b.get('version')} ({b.get('architecture')}, "
                     f"{b.get('num_threads')} threads)")
    else:  # pragma: no cover
        blas_text = "unknown BLAS"
    return (f"{os.cpu_count()} cores ({platform.machine()}), BLAS: {blas_text}, NumPy {np.__version__}, "
            f"Python {platform.python_version()}")


def median_seconds(functions: Mapping[str, Callable[[], Any]], repeats: int = 5,
                   number: int | Mapping[str, int] = 1) -> dict[str, float]:
    r"""Median CPU seconds of one call of each function, the competitors run side by side.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    Each repeat calls every function ``number`` times in turn (interleaved, so a change in the machine's
    load hits all of them alike), and the time of one call is the median over the ``repeats``. The clock
    is the CPU time of this process (``time.process_time``), not the wall clock: it does not count the
    time the process waits while other programs run, so on a busy machine it still measures the work
    (run BLAS on one thread, or its idle threads' spinning counts too). Compare
    the results as ratios; the absolute numbers belong to the machine (:func:`machine_summary`).

    A function that takes microseconds must be called many times per repeat, or the clock's resolution
    and the first, cold call decide its time; a slow one once is enough. ``number`` can therefore be
    given per function: ``{"loops": 1, "numpy": 1000}`` (each repeat then runs both blocks in turn).

    Parameters
    ----------
    functions : mapping of str to callable
        ``{name: fn}``, each called with no arguments.
    repeats : int, default=5
        Repeats; the median of them is kept (odd numbers give a single middle value).
    number : int or mapping of str to int, default=1
        Calls per repeat, for functions too fast to time once: one count for all, or one per name of
        ``functions`` (every name must be given).

    Returns
    -------
    dict of str to float
        Seconds per call, by name.

    Examples
    --------
    >>> t = median_seconds({"sum": lambda: sum(range(1000))}, repeats=3)
    >>> sorted(t), t["sum"] >= 0
    (['sum'], True)
    >>> t = median_seconds({"slow": lambda: sum(range(10**5)), "fast": lambda: 1 + 1}, repeats=3,
    ...                    number={"slow": 1, "fast": 1000})
    >>> t["slow"] > t["fast"]
    True
    """
    owner = "median_seconds"
    if not isinstance(functions, Mapping) or not functions:
        raise TypeError(f"The 'functions' parameter of {owner} must be a non-empty dict of name to function, "
                        f"such as {{'batched': lambda: f(X)}}. Got {describe(functions)} instead.")
    for fn in functions.values():
        if not callable(fn):
            raise TypeError(f"The 'functions' parameter of {owner} must map names to callables. "
                            f"Got {describe(fn)} instead.")
    repeats = check_scalar(repeats, "repeats", owner, low=1, high=1000, integer=True)
    if isinstance(number, Mapping):
        if set(number) != set(functions):
            raise ValueError(f"The 'number' parameter of {owner} must be an int, or a dict with one count for "
                             f"each name of 'functions' {sorted(functions)}. Got a dict for "
                             f"{sorted(map(str, number))} instead.")
        numbers = {name: check_scalar(number[name], "number", owner, low=1, high=10**6, integer=True)
                   for name in functions}
    else:
        count = check_scalar(number, "number", owner, low=1, high=10**6, integer=True)
        numbers = dict.fromkeys(functions, count)
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, fn in functions.items():
            n = numbers[name]
            start = time.process_time()
            for _ in range(n):
                fn()
            times[name].append((time.process_time() - start) / n)
    return {name: float(statistics.median(ts)) for name, ts in times.items()}


def dense_forward_loops(X: ArrayLike, W: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    r""":math:`Z = X W + b` with Python loops, one multiply-add at a time: the slow way, for comparison.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    .. math::

        Z_{ij} = b_j + \sum_{k} X_{ik} W_{kj}

    The same :math:`2 n\, n_{in} n_{out}` operations as ``X @ W + b``, each one a Python bytecode
    round trip instead of a step of an optimised BLAS kernel.

    Examples
    --------
    >>> X, W, b = np.ones((2, 3)), np.arange(6.0).reshape(3, 2), np.array([0.5, -0.5])
    >>> dense_forward_loops(X, W, b), X @ W + b
    (array([[6.5, 8.5],
           [6.5, 8.5]]), array([[6.5, 8.5],
           [6.5, 8.5]]))
    """
    owner = "dense_forward_loops"
    X, W, b = (as_float_array(v, name, owner, ndim=ndim, allow_nan=False, allow_inf=False).astype(np.float64)
               for v, name, ndim in ((X, "X", 2), (W, "W", 2), (b, "b", 1)))
    if W.shape[0] != X.shape[1] or b.shape[0] != W.shape[1]:
        raise ValueError(f"The 'W' parameter of {owner} must have shape ({X.shape[1]}, {b.shape[0]}) to "
                         f"match X of shape {X.shape} and b of shape {b.shape}. Got shape {W.shape} instead.")
    x_rows, w_rows, b_list = X.tolist(), W.tolist(), b.tolist()
    Z = []
    for x in x_rows:
        row = []
        for j, bias in enumerate(b_list):
            acc = bias
            for k, x_k in enumerate(x):
                acc += x_k * w_rows[k][j]  # one multiply-add
            row.append(acc)
        Z.append(row)
    return np.array(Z, dtype=np.float64).reshape(X.shape[0], W.shape[1])


def forward_in_batches(model: Any, X: ArrayLike, batch_size: int) -> NDArray[np.float64]:
    """The network's outputs (logits) for ``X``, computed ``batch_size`` rows at a time.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    ``batch_size=1`` is per-sample prediction: one small matrix product per layer and per sample. The
    outputs are the same whatever the batch size (up to rounding); only the time differs.

    Parameters
    ----------
    model : MLPClassifier, MLPRegressor, Sequential or list of Dense
    X : array_like of shape (n_samples, n_features)
    batch_size : int
        Rows per forward pass, ``>= 1``.

    Examples
    --------
    >>> net = Sequential([Dense(3, 4, "relu", rng=0), Dense(4, 2, rng=1)])
    >>> X = np.random.default_rng(0).normal(size=(5, 3))
    >>> bool(np.allclose(forward_in_batches(net, X, 1), forward_in_batches(net, X, 5)))
    True
    """
    owner = "forward_in_batches"
    net = Sequential(_layers_of(model, owner))
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64)
    n_in = net.layers[0].n_in
    if X.shape[1] != n_in or X.shape[0] == 0:
        raise ValueError(f"The 'X' parameter of {owner} must have shape (n, {n_in}) with n >= 1 for this "
                         f"model. Got shape {X.shape} instead.")
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, integer=True)
    parts = [net._forward(X[start:start + batch_size]) for start in range(0, X.shape[0], batch_size)]
    return np.concatenate(parts, axis=0)


@dataclass(frozen=True)
class TargetRun:
    """One training run stopped at a target loss (:func:`epochs_to_target`)."""

    #: Epochs until the training loss first reached the target; None if it never did.
    epochs: int | None
    #: CPU seconds of the whole ``fit`` (to the target, or to the last epoch if not reached), as
    #: ``median_seconds`` counts them.
    seconds: float
    #: Epochs run.
    epochs_run: int


def epochs_to_target(model: Any, X: ArrayLike, y: ArrayLike, target: float) -> TargetRun:
    r"""Fit ``model`` until its training loss reaches ``target``: epochs taken and seconds spent.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    The model trains for at most its ``n_epochs``; a callback stops it after the first epoch whose
    training loss is at most ``target``. That loss is evaluated on all the training data after each
    epoch, with the weights of the end of the epoch (``fit``'s ``eval_set`` is the training data itself,
    so ``eval_loss_curve_`` records it; the penalty, if any, is not included), not a running mean of the
    mini-batch losses seen during the epoch. The fit is timed as a whole, that evaluation included:
    "faster" means fewer seconds to a given loss, which is epochs times seconds per epoch.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        An estimator (fitted or not; it is refitted, in place).
    X, y : array_like
        Training data, as for ``fit``.
    target : float
        The training loss to reach, ``> 0``.

    Examples
    --------
    >>> from nnbasics.network import MLPRegressor
    >>> X = np.linspace(-1, 1, 64).reshape(-1, 1)
    >>> run = epochs_to_target(MLPRegressor((16,), lr=0.01, n_epochs=300, random_state=0), X, X[:, 0] ** 2,
    ...                        target=0.01)
    >>> run.epochs is not None and run.epochs == run.epochs_run
    True
    """
    owner = "epochs_to_target"
    check_instance(model, "model", owner, ("fit", "get_params"), "MLPClassifier((32,))")
    if not hasattr(model, "_make_optimizer"):
        raise TypeError(f"The 'model' parameter of {owner} must be an nnbasics MLPClassifier or MLPRegressor "
                        f"(it reads eval_loss_curve_ after every epoch). Got {describe(model)} instead.")
    target = check_scalar(target, "target", owner, low=0, include_low=False)
    X, y = _check_data(X, y, owner)

    def reached(epoch: int, fitted: Any) -> bool:
        return fitted.eval_loss_curve_[-1] <= target

    start = time.process_time()
    model.fit(X, y, eval_set=(X, y), callback=reached)
    seconds = time.process_time() - start
    curve = np.asarray(model.eval_loss_curve_)
    hit = np.flatnonzero(curve <= target)
    return TargetRun(epochs=int(hit[0]) + 1 if hit.size else None, seconds=seconds, epochs_run=len(curve))


# --------------------------------------------------------------------------------------------------
# Smaller models: pruning, quantization, sparse storage
# --------------------------------------------------------------------------------------------------
def prune_magnitude(W: ArrayLike, sparsity: float) -> NDArray[np.float64]:
    r"""A copy of ``W`` with its smallest weights, by absolute value, set to 0.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    The :math:`\operatorname{round}(s \cdot N)` entries of smallest :math:`|W_{ij}|` become 0, for a
    sparsity :math:`s` of a matrix of :math:`N` entries (magnitude pruning, as in Han et al., 2015, in one
    shot, without retraining). The matrix keeps its shape: a dense pruned matrix takes the same bytes
    and the same time to multiply.

    Parameters
    ----------
    W : array_like
        Weights, any shape.
    sparsity : float
        Fraction of entries to zero, in ``[0, 1]``.

    References
    ----------
    S. Han, J. Pool, J. Tran and W. Dally (2015). Learning both weights and connections for efficient
    neural networks. *NeurIPS* 28.

    Examples
    --------
    >>> prune_magnitude([[0.1, -2.0], [0.5, -0.05]], 0.5)
    array([[ 0. , -2. ],
           [ 0.5,  0. ]])
    """
    owner = "prune_magnitude"
    W = as_float_array(W, "W", owner, allow_nan=False, allow_inf=False).astype(np.float64)
    sparsity = check_scalar(sparsity, "sparsity", owner, low=0, high=1)
    k = int(round(sparsity * W.size))
    out = W.copy()
    if k:
        order = np.argsort(np.abs(W), axis=None, kind="stable")  # ties: the earlier entry goes first
        out.flat[order[:k]] = 0.0
    return out


@dataclass(frozen=True)
class Quantized:
    r"""Weights stored in a smaller type (:func:`quantize`): ``values`` times ``scale``."""

    #: The stored numbers (dtype float64, float32, float16 or int8).
    values: NDArray[Any]
    #: Multiply ``values`` by this to get the weights back (1 for the float types).
    scale: float

    @property
    def nbytes(self) -> int:
        """Bytes of the stored values (the scale adds 8, once per matrix)."""
        return int(self.values.nbytes)

    def dequantize(self) -> NDArray[np.float64]:
        """The weights as float64, as the network computes with them: ``values * scale``."""
        return self.values.astype(np.float64) * self.scale


def quantize(W: ArrayLike, dtype: str) -> Quantized:
    r"""Store the weights ``W`` in ``dtype``: a float type, or 8-bit integers with one scale.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    Float types round each weight to the nearest number of that type. ``"int8"`` is symmetric linear
    quantization with one scale per matrix:

    .. math::

        s = \frac{\max_{ij} |W_{ij}|}{127}, \qquad q_{ij} = \operatorname{round}(W_{ij} / s) \in
        \{-127, \dots, 127\}, \qquad \hat W_{ij} = s\, q_{ij},

    so every weight is off by at most :math:`s/2`, and a zero stays exactly zero (pruned weights stay
    pruned).

    Parameters
    ----------
    W : array_like
        Weights, any shape, finite.
    dtype : {"float64", "float32", "float16", "int8"}
        The storage type (:data:`DTYPES`).

    References
    ----------
    B. Jacob et al. (2018). Quantization and training of neural networks for efficient
    integer-arithmetic-only inference. *CVPR*, 2704-2713.

    Examples
    --------
    >>> q = quantize([[0.5, -1.27], [0.01, 0.0]], "int8")
    >>> q.values, q.nbytes, q.dequantize().round(3)
    (array([[  50, -127],
           [   1,    0]], dtype=int8), 4, array([[ 0.5 , -1.27],
           [ 0.01,  0.  ]]))
    """
    owner = "quantize"
    W = as_float_array(W, "W", owner, allow_nan=False, allow_inf=False).astype(np.float64)
    dtype = check_choice(dtype, "dtype", owner, tuple(DTYPES))
    if dtype != "int8":
        with np.errstate(over="ignore"):  # too large for the type: refused just below
            values = W.astype(dtype)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"The 'W' parameter of {owner} must fit in {dtype} (largest "
                             f"{float(np.finfo(dtype).max):.4g}). Got weights up to {np.max(np.abs(W)):.4g} "
                             f"instead.")
        return Quantized(values=values, scale=1.0)
    biggest = float(np.max(np.abs(W), initial=0.0))
    scale = biggest / 127 if biggest > 0 else 1.0
    values = np.clip(np.round(W / scale), -127, 127).astype(np.int8)
    return Quantized(values=values, scale=scale)


def _csr(W: NDArray[Any]) -> Any:
    from scipy import sparse  # installed with scikit-learn; imported only here

    return sparse.csr_array(W)


def csr_bytes(W: ArrayLike) -> int:
    r"""Bytes of ``W`` in compressed sparse row (CSR) storage, SciPy's ``csr_array``.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    CSR keeps only the :math:`z` non-zero entries: their values (in the dtype of ``W``), their column
    indices (int32) and one row pointer per row, so for an :math:`m \times n` matrix of values of :math:`v` bytes

    .. math::

        \text{bytes} = z\,(v + 4) + 4\,(m + 1).

    It is smaller than dense storage (:math:`m n v` bytes) only when
    :math:`z/(mn) < v/(v + 4)` (roughly): a float64 matrix must be more than a third zeros, an int8
    one more than four fifths.

    Parameters
    ----------
    W : array_like of shape (m, n)
        Any real dtype (int8 values stay one byte each).

    Examples
    --------
    >>> csr_bytes(np.eye(4))                  # 4 * (8 + 4) + 4 * 5
    68
    >>> csr_bytes(np.eye(4, dtype=np.int8))   # 4 * (1 + 4) + 4 * 5
    40
    """
    owner = "csr_bytes"
    arr = np.asarray(W) if isinstance(W, np.ndarray) and W.dtype.kind in "iu" else \
        as_float_array(W, "W", owner, allow_nan=False, allow_inf=False)
    if arr.ndim != 2:
        raise ValueError(f"The 'W' parameter of {owner} must be a matrix (2-D). Got {arr.ndim} dimension(s) "
                         f"instead.")
    structure = _csr(arr != 0)   # SciPy has no float16 matrices: the pattern gives the indices
    return int(structure.nnz * arr.dtype.itemsize + structure.indices.nbytes + structure.indptr.nbytes)


@dataclass(frozen=True)
class SparseTiming:
    """Seconds of one product :math:`XW` at each sparsity (:func:`sparse_timings`)."""

    #: The sparsities timed, increasing.
    sparsities: NDArray[np.float64]
    #: The original dense matrix (the same at every sparsity).
    dense: NDArray[np.float64]
    #: The pruned matrix, stored dense.
    pruned_dense: NDArray[np.float64]
    #: The pruned matrix in CSR storage (SciPy).
    csr: NDArray[np.float64]

    @property
    def crossover(self) -> float | None:
        """The lowest sparsity from which on CSR beats the dense product at every sparsity timed (None if
        it never does)."""
        faster = self.csr < self.dense
        for i in range(len(faster)):
            if faster[i:].all():
                return float(self.sparsities[i])
        return None


def sparse_timings(W: ArrayLike, X: ArrayLike, sparsities: Sequence[float], repeats: int = 5) -> SparseTiming:
    r"""Time :math:`X W` with ``W`` dense, pruned but stored dense, and pruned in CSR, at each sparsity.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    At each sparsity the three products run side by side (:func:`median_seconds`), on one BLAS thread
    (SciPy's sparse product uses one): a pruned matrix stored dense costs what the dense one costs,
    because BLAS multiplies zeros like any other number; CSR does work proportional to the non-zeros,
    but with indirect memory access, so it wins only when few are left. The CSR product is computed as
    :math:`(W^\top X^\top)^\top` with :math:`W^\top` in CSR, the fast orientation.

    Parameters
    ----------
    W : array_like of shape (n_in, n_out)
    X : array_like of shape (n, n_in)
    sparsities : sequence of float
        Each in ``[0, 1]``.
    repeats : int, default=5

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> t = sparse_timings(rng.normal(size=(64, 64)), rng.normal(size=(8, 64)), [0.0, 0.99], repeats=3)
    >>> t.sparsities, t.csr.shape
    (array([0.  , 0.99]), (2,))
    """
    owner = "sparse_timings"
    W = as_float_array(W, "W", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64)
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64)
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"The 'X' parameter of {owner} must have shape (n, {W.shape[0]}) to multiply W of "
                         f"shape {W.shape}. Got shape {X.shape} instead.")
    if isinstance(sparsities, (str, bytes)) or not isinstance(sparsities, (Sequence, np.ndarray)) \
            or len(sparsities) == 0:
        raise TypeError(f"The 'sparsities' parameter of {owner} must be a non-empty sequence of fractions in "
                        f"[0, 1]. Got {describe(sparsities)} instead.")
    levels = sorted(check_scalar(s, "sparsities", owner, low=0, high=1) for s in sparsities)
    repeats = check_scalar(repeats, "repeats", owner, low=1, high=1000, integer=True)
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    Xt = np.ascontiguousarray(X.T)
    rows = []
    with threadpool_limits(limits=1, user_api="blas"):
        for s in levels:
            pruned = prune_magnitude(W, s)
            pruned_t = _csr(np.ascontiguousarray(pruned.T))
            t = median_seconds({"dense": lambda: X @ W, "pruned": lambda: X @ pruned,
                                "csr": lambda: (pruned_t @ Xt).T}, repeats=repeats)
            rows.append((t["dense"], t["pruned"], t["csr"]))
    dense, pruned_dense, csr = (np.array(col) for col in zip(*rows))
    return SparseTiming(np.array(levels), dense, pruned_dense, csr)


def with_weights(model: Any, transform: Callable[[NDArray[np.float64]], ArrayLike]) -> Any:
    """A copy of a fitted model whose every weight matrix is ``transform(W)`` (biases unchanged).

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    To measure what pruning or quantization costs in accuracy: ``with_weights(model, lambda W:
    quantize(W, "int8").dequantize()).score(X, y)``. The copy computes in float64 as ever; only the
    values of the weights change. The original model is not modified.

    Examples
    --------
    >>> from nnbasics.network import MLPRegressor
    >>> X = np.linspace(-1, 1, 20).reshape(-1, 1)
    >>> model = MLPRegressor((8,), n_epochs=5, random_state=0).fit(X, X[:, 0])
    >>> zeroed = with_weights(model, np.zeros_like)
    >>> float(np.ptp(zeroed.predict(X))), float(np.ptp(model.predict(X))) > 0
    (0.0, True)
    """
    owner = "with_weights"
    _fitted_estimator(model, owner)
    if not callable(transform):
        raise TypeError(f"The 'transform' parameter of {owner} must be a function of a weight matrix, such as "
                        f"lambda W: prune_magnitude(W, 0.9). Got {describe(transform)} instead.")
    out = copy.deepcopy(model)
    for layer in out.layers_:
        new = as_float_array(transform(layer.W.copy()), "transform", owner, allow_nan=False, allow_inf=False)
        if new.shape != layer.W.shape:
            raise ValueError(f"The 'transform' parameter of {owner} must return an array of the weights' shape "
                             f"{layer.W.shape}. Got shape {new.shape} instead.")
        layer.W[...] = new
    return out


@dataclass(frozen=True)
class CompressionTable:
    """Accuracy and bytes of a model pruned and quantized (:func:`compression_table`)."""

    #: Sparsities, increasing.
    sparsities: NDArray[np.float64]
    #: Storage types, names of :data:`DTYPES`.
    dtypes: tuple[str, ...]
    #: ``accuracy[i, j]``: the score at ``sparsities[i]`` with weights stored as ``dtypes[j]``.
    accuracy: NDArray[np.float64]
    #: Bytes of all weight matrices stored dense, ``dense_bytes[j]`` for ``dtypes[j]`` (any sparsity).
    dense_bytes: NDArray[np.int64]
    #: Bytes of all weight matrices in CSR storage, ``sparse_bytes[i, j]``.
    sparse_bytes: NDArray[np.int64]


def compression_table(model: Any, X: ArrayLike, y: ArrayLike, sparsities: Sequence[float],
                      dtypes: Sequence[str] = tuple(DTYPES)) -> CompressionTable:
    r"""Prune every weight matrix of ``model`` (:func:`prune_magnitude`), store it in each dtype
    (:func:`quantize`), and record the score on ``(X, y)`` and the bytes, dense and CSR.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    Bytes count the weight matrices only (the biases, :math:`\sum_l n_l` numbers, are left in float64
    and are the same in every row).

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        Fitted.
    X, y : array_like
        The data to score on (``model.score``: accuracy for a classifier, :math:`R^2` for a regressor).
    sparsities : sequence of float
        Each in ``[0, 1]``.
    dtypes : sequence of str, default=all of :data:`DTYPES`

    Examples
    --------
    >>> from nnbasics.network import MLPRegressor
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> model = MLPRegressor((8,), n_epochs=50, lr=0.01, random_state=0).fit(X, X[:, 0])
    >>> table = compression_table(model, X, X[:, 0], [0.0, 0.5], ["float64", "int8"])
    >>> table.dense_bytes.tolist(), table.accuracy.shape
    ([128, 16], (2, 2))
    """
    owner = "compression_table"
    layers = _fitted_estimator(model, owner).layers_
    X, y = _check_data(X, y, owner)
    if isinstance(sparsities, (str, bytes)) or not isinstance(sparsities, (Sequence, np.ndarray)) \
            or len(sparsities) == 0:
        raise TypeError(f"The 'sparsities' parameter of {owner} must be a non-empty sequence of fractions in "
                        f"[0, 1]. Got {describe(sparsities)} instead.")
    levels = sorted(check_scalar(s, "sparsities", owner, low=0, high=1) for s in sparsities)
    if isinstance(dtypes, str) or not isinstance(dtypes, Sequence) or len(dtypes) == 0:
        raise TypeError(f"The 'dtypes' parameter of {owner} must be a non-empty list of names from "
                        f"{list(DTYPES)}. Got {describe(dtypes)} instead.")
    names = tuple(check_choice(d, "dtypes", owner, tuple(DTYPES)) for d in dtypes)
    accuracy = np.zeros((len(levels), len(names)))
    sparse = np.zeros((len(levels), len(names)), dtype=np.int64)
    dense = np.array([sum(layer.W.size * DTYPES[d] for layer in layers) for d in names], dtype=np.int64)
    for i, s in enumerate(levels):
        for j, d in enumerate(names):
            def store(W: NDArray[np.float64], s: float = s, d: str = d) -> NDArray[np.float64]:
                return quantize(prune_magnitude(W, s), d).dequantize()

            accuracy[i, j] = with_weights(model, store).score(X, y)
            sparse[i, j] = sum(csr_bytes(quantize(prune_magnitude(layer.W, s), d).values) for layer in layers)
    return CompressionTable(np.array(levels), names, accuracy, dense, sparse)


# --------------------------------------------------------------------------------------------------
# Memory in training
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemoryBudget:
    """Bytes a training step holds, by what they are for (:func:`predict_training_memory`,
    :func:`measure_training_memory`)."""

    #: The weights and biases and their gradients (:math:`2P` numbers).
    parameters_and_gradients: int
    #: What the forward pass keeps for the backward pass: the batch, and each layer's Z and f(Z).
    activations: int
    #: What the optimizer keeps between steps (0, P or 2P numbers).
    optimizer_state: int

    @property
    def total(self) -> int:
        """The sum of the three."""
        return self.parameters_and_gradients + self.activations + self.optimizer_state


def _optimizer_key(optimizer: str, owner: str) -> str:
    return check_choice(optimizer, "optimizer", owner, tuple(OPTIMIZER_COPIES))


def predict_training_memory(sizes: Sequence[int], batch_size: int, optimizer: str = "adam") -> MemoryBudget:
    r"""Bytes a float64 training step of a :class:`~nnbasics.layers.Dense` stack holds, predicted.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    With :math:`P` = :func:`parameter_count` and a batch of :math:`B`:

    .. math::

        \underbrace{8 \cdot 2P}_{\theta \text{ and } \partial L/\partial\theta}
        + \underbrace{8 B \Big(n_0 + 2 \sum_{l=1}^{L} n_l\Big)}_{X_B, \text{ and } Z_l, A_l
          \text{ of every layer}}
        + \underbrace{8 \cdot c P}_{\text{optimizer}}, \qquad
        c = 0 \text{ (SGD)}, 1 \text{ (momentum, RMSprop)}, 2 \text{ (Adam)}.

    Only the activations grow with the batch. Temporaries of the backward pass and of the update come on
    top at the peak, and are freed after each step.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first.
    batch_size : int
    optimizer : {"sgd", "momentum", "rmsprop", "adam"}, default="adam"
        The keys of :data:`OPTIMIZER_COPIES`.

    Examples
    --------
    >>> m = predict_training_memory((64, 32, 10), 100, "adam")
    >>> m.parameters_and_gradients, m.activations, m.optimizer_state     # 8*2*2410, 8*100*(64+2*42), 8*2*2410
    (38560, 118400, 38560)
    """
    owner = "predict_training_memory"
    sizes = _check_sizes(sizes, owner)
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, integer=True)
    copies = OPTIMIZER_COPIES[_optimizer_key(optimizer, owner)]
    P = parameter_count(sizes)
    return MemoryBudget(parameters_and_gradients=_FLOAT_BYTES * 2 * P,
                        activations=_FLOAT_BYTES * batch_size * (sizes[0] + 2 * sum(sizes[1:])),
                        optimizer_state=_FLOAT_BYTES * copies * P)


def _make_optimizer(name: str) -> Any:
    if name == "momentum":
        return get_optimizer("sgd", lr=0.01, momentum=0.9)
    return get_optimizer(name, lr=0.001)


def measure_training_memory(sizes: Sequence[int], batch_size: int, optimizer: str = "adam",
                            rng: np.random.Generator | int | None = None) -> tuple[MemoryBudget, int]:
    r"""Bytes one training step of a float64 :class:`~nnbasics.layers.Dense` stack holds, measured.

    Introduced in: the speed, memory and size chapter (book/speed.ipynb).

    With ``tracemalloc`` (NumPy reports its array memory to it): the memory still held after building
    the layers (parameters and gradients), after the forward pass on a batch taken from the data as the
    training loop takes it (activations), and after the optimizer's first step (its state); and the peak
    during the whole step, temporaries included. Hidden layers use ReLU, the loss is the mean squared
    error on random data.

    Parameters
    ----------
    sizes : sequence of int
    batch_size : int
    optimizer : {"sgd", "momentum", "rmsprop", "adam"}, default="adam"
    rng : numpy.random.Generator, int or None

    Returns
    -------
    budget : MemoryBudget
        What each part holds after its stage.
    peak : int
        The most bytes held at any moment of the step.

    Examples
    --------
    >>> measured, peak = measure_training_memory((64, 256, 256, 10), 100, "adam", rng=0)
    >>> predicted = predict_training_memory((64, 256, 256, 10), 100, "adam")
    >>> [round(m / p, 2) for m, p in [(measured.parameters_and_gradients, predicted.parameters_and_gradients),
    ...                               (measured.activations, predicted.activations),
    ...                               (measured.optimizer_state, predicted.optimizer_state)]]
    [1.0, 1.0, 1.0]
    >>> peak >= measured.total       # plus the temporaries of the backward pass and of the update
    True
    """
    owner = "measure_training_memory"
    sizes = _check_sizes(sizes, owner)
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, integer=True)
    name = _optimizer_key(optimizer, owner)
    rng = check_rng(rng, "rng", owner)
    data = rng.normal(size=(batch_size, sizes[0]))
    targets = rng.normal(size=(batch_size, sizes[-1]))
    rows = rng.permutation(batch_size)
    layer_rngs = [np.random.default_rng(seed) for seed in rng.integers(2**31, size=len(sizes) - 1)]
    loss, opt = MSE(), _make_optimizer(name)

    def held() -> int:
        gc.collect()  # what is still referenced, not garbage waiting for the collector
        return tracemalloc.get_traced_memory()[0]

    was_tracing = tracemalloc.is_tracing()
    gc.collect()
    gc.freeze()  # objects alive now are not ours: later collections skip them (and take microseconds)
    if not was_tracing:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = held()
        net = Sequential([Dense(n_in, n_out, "relu" if l < len(sizes) - 2 else "identity", rng=layer_rng)
                          for l, (n_in, n_out, layer_rng) in enumerate(zip(sizes[:-1], sizes[1:], layer_rngs))])
        after_params = held()
        Xb = data[rows]                           # the batch: a copy, as the training loop makes it
        out = net._forward(Xb)
        after_forward = held()
        net._backward(loss._grad(out, targets[rows]), input_grad=False)
        del out
        before_step = held()
        opt.step(net.params, net.grads)
        after_step = held()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if not was_tracing:
            tracemalloc.stop()
        gc.unfreeze()
    budget = MemoryBudget(parameters_and_gradients=after_params - base,
                          activations=after_forward - after_params,
                          optimizer_state=after_step - before_step)
    del net, Xb
    return budget, int(peak)
