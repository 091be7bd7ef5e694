r"""A two-layer ReLU network's backward pass, with the source post's mistakes available one at a time.

Introduced in: the backpropagation chapter (book/backpropagation.ipynb), "The source post's backprop,
taken apart".

The network is the post's: :math:`H = \operatorname{ReLU}(X W_1 + b_1)`, :math:`\hat Y = H W_2 + b_2`,
trained on :math:`L = \frac1n \sum_i (\hat y_i - y_i)^2`, with :math:`X` of shape ``(n, d)``,
:math:`W_1` ``(d, h)``, :math:`W_2` ``(h, 1)``. The biases are optional, because the post had none.
:func:`grads` computes the gradients correctly, except for the mistakes it is asked to make. Each step
of the backward pass is a pair of one-line functions, ``_right_<step>`` and ``_naive_<step>``, so the
chapter can print the wrong line beside the corrected one (:func:`lines`) and both are the code that
runs. This module is written to be wrong on purpose: use :mod:`nnbasics.layers` for real work.

=================  =================================================================================
mistake            what the naive line does
=================  =================================================================================
``target_shape``   subtracts ``y`` of shape ``(n,)`` from :math:`\hat Y` of shape ``(n, 1)``: NumPy
                   broadcasts the residual to ``(n, n)``
``no_average``     forgets the :math:`1/n` of the mean: the gradient of the *sum* of squared errors
``dW2_shape``      multiplies elementwise, ``dY * H``, shape ``(n, h)``, instead of :math:`H^\top dY`
``relu_mask``      passes the gradient through the ReLU unchanged, as if :math:`f' = 1` everywhere
``dW1_input``      uses :math:`H` where the input :math:`X` belongs: :math:`H^\top dZ_1` is ``(h, h)``
=================  =================================================================================

These are five of the post's six problems. The sixth, no biases, is not a wrong gradient but a smaller
model: leave ``b1`` and ``b2`` out of ``params`` and every gradient is still right, for a network that
must output :math:`\hat y = 0` at :math:`x = 0` (:func:`forward`).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, check_choice, describe

__all__ = ["MISTAKES", "forward", "grads", "lines", "loss"]

Array = NDArray[np.float64]

#: The mistakes :func:`grads` can make, by name (see the module docstring).
MISTAKES: tuple[str, ...] = ("target_shape", "no_average", "dW2_shape", "relu_mask", "dW1_input")

# Each step of the backward pass, right and naive: one `return` line each, printed by `lines`.
def _right_target_shape(Y_hat, y): return Y_hat - y.reshape(-1, 1)  # residual, (n, 1)
def _naive_target_shape(Y_hat, y): return Y_hat - y  # (n, 1) - (n,) broadcasts to (n, n)
def _right_no_average(r, n): return 2 * r / n  # dL/dY_hat of the mean
def _naive_no_average(r, n): return 2 * r  # of the sum: n times too large
def _right_dW2_shape(H, dY): return H.T @ dY  # (h, n) @ (n, 1) = (h, 1)
def _naive_dW2_shape(H, dY): return dY * H  # (n, 1) * (n, h) broadcasts to (n, h)
def _right_relu_mask(dH, Z1): return dH * (Z1 > 0)  # ReLU'(Z1) is 1 or 0
def _naive_relu_mask(dH, Z1): return dH  # as if ReLU' were 1 everywhere
def _right_dW1_input(X, H, dZ1): return X.T @ dZ1  # (d, n) @ (n, h) = (d, h)
def _naive_dW1_input(X, H, dZ1): return H.T @ dZ1  # (h, n) @ (n, h) = (h, h)


def lines(mistake: str) -> tuple[str, str]:
    """The naive line of ``mistake`` and its corrected version, as source text.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    Examples
    --------
    >>> naive, right = lines("dW2_shape")
    >>> naive
    'dY * H  # (n, 1) * (n, h) broadcasts to (n, h)'
    >>> right
    'H.T @ dY  # (h, n) @ (n, 1) = (h, 1)'
    """
    check_choice(mistake, "mistake", "lines", MISTAKES)
    out = []
    for kind in ("naive", "right"):
        source = inspect.getsource(globals()[f"_{kind}_{mistake}"])
        out.append(source.split("return ", 1)[1].strip())
    return out[0], out[1]


def _check(X: ArrayLike, params: Mapping[str, ArrayLike], owner: str) -> tuple[Array, dict[str, Array]]:
    """``X`` of shape (n, d), n >= 1, and ``params`` W1 (d, h), W2 (h, 1), optional b1 (h,), b2 (1,); finite."""
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64)
    if len(X) == 0:
        raise ValueError(f"The 'X' parameter of {owner} must hold at least one row. Got {describe(X)} instead.")
    if not isinstance(params, Mapping):
        raise TypeError(f"The 'params' parameter of {owner} must be a dict of arrays. Got {describe(params)} "
                        f"instead.")
    if not {"W1", "W2"} <= set(params) <= {"W1", "W2", "b1", "b2"}:
        raise ValueError(f"The 'params' parameter of {owner} must hold 'W1' and 'W2' ('b1', 'b2' optional) and "
                         f"nothing else. Got keys {sorted(map(str, params))} instead.")
    p = {k: as_float_array(v, f"params[{k!r}]", owner, allow_nan=False, allow_inf=False).astype(np.float64)
         for k, v in params.items()}
    d, h = X.shape[1], p["W1"].shape[-1] if p["W1"].ndim else 0
    want = {"W1": (d, h), "W2": (h, 1), "b1": (h,), "b2": (1,)}
    for k in p:
        if p[k].shape != want[k] or h == 0:
            raise ValueError(f"The 'params' parameter of {owner} must hold W1 of shape ({d}, h), W2 (h, 1), b1 "
                             f"(h,) and b2 (1,), h >= 1, for X of shape {X.shape}. Got {k} of shape "
                             f"{p[k].shape} instead.")
    return X, p


def _check_targets(y: ArrayLike, n: int, owner: str) -> Array:
    """``y`` of shape (n,), finite, as the post had it."""
    y = as_float_array(y, "y", owner, ndim=1, allow_nan=False, allow_inf=False).astype(np.float64)
    if len(y) != n:
        raise ValueError(f"The 'y' parameter of {owner} must hold one target per row of X, {n}. "
                         f"Got {len(y)} instead.")
    return y


def forward(X: ArrayLike, params: Mapping[str, ArrayLike]) -> tuple[Array, Array, Array]:
    r"""The forward pass :math:`Z_1 = X W_1 + b_1`, :math:`H = \operatorname{ReLU}(Z_1)`,
    :math:`\hat Y = H W_2 + b_2`; returns ``(Z1, H, Y_hat)``, ``Y_hat`` of shape ``(n, 1)``.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    A missing ``b1`` or ``b2`` is taken as no bias at all.

    Examples
    --------
    >>> params = {"W1": np.array([[1.0, -1.0]]), "W2": np.array([[2.0], [3.0]])}
    >>> forward(np.array([[0.0], [1.0], [-1.0]]), params)[2].ravel()   # no bias: 0 at x = 0
    array([0., 2., 3.])
    """
    X, p = _check(X, params, "naive.forward")
    Z1 = X @ p["W1"] + p.get("b1", 0.0)
    H = np.maximum(Z1, 0.0)
    return Z1, H, H @ p["W2"] + p.get("b2", 0.0)


def loss(X: ArrayLike, y: ArrayLike, params: Mapping[str, ArrayLike]) -> float:
    r"""The mean squared error :math:`\frac1n \sum_i (\hat y_i - y_i)^2`, ``y`` of shape ``(n,)``.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    This is the loss the network *should* minimise (the reference of a gradient check), computed with
    ``y`` reshaped to ``(n, 1)``.
    """
    X, p = _check(X, params, "naive.loss")
    y = _check_targets(y, len(X), "naive.loss")
    r = forward(X, p)[2] - y.reshape(-1, 1)
    return float(np.mean(r ** 2))


def grads(X: ArrayLike, y: ArrayLike, params: Mapping[str, ArrayLike], mistakes: Iterable[str] = ()
          ) -> dict[str, Array]:
    r"""Gradients of :func:`loss` by backpropagation, making the named ``mistakes`` (none by default).

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    .. math::

        dY = \tfrac{2}{n}(\hat Y - Y), \quad dW_2 = H^\top dY, \quad db_2 = \textstyle\sum_i dY_{i,:},
        \quad dZ_1 = dY W_2^\top \odot \operatorname{ReLU}'(Z_1), \quad dW_1 = X^\top dZ_1,
        \quad db_1 = \textstyle\sum_i dZ_{1,i,:}

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
        Targets, one per row, as the post had them.
    params : mapping
        ``W1`` ``(d, h)``, ``W2`` ``(h, 1)``, and optionally ``b1`` ``(h,)``, ``b2`` ``(1,)``.
    mistakes : iterable of str
        Any of :data:`MISTAKES`.

    Returns
    -------
    dict
        A gradient for every key of ``params``, with whatever shape the (possibly naive) lines give:
        a wrong shape here is the bug the chapter shows being caught.

    Examples
    --------
    >>> X, y = np.array([[1.0, 2.0], [0.5, -1.0], [-1.0, 0.0]]), np.array([1.0, 0.0, 2.0])
    >>> params = {"W1": np.eye(2), "W2": np.ones((2, 1))}
    >>> {k: g.shape for k, g in grads(X, y, params).items()}
    {'W1': (2, 2), 'W2': (2, 1)}
    >>> grads(X, y, params, mistakes=["dW2_shape"])["W2"].shape   # not the shape of W2
    (3, 2)
    >>> grads(X, y, params, mistakes=["target_shape"])   # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: naive.grads cannot pass dL/dY_hat back through W2: dL/dY_hat has shape (3, 3), ...

    That error explains the one NumPy raised in ``dY @ W2.T``, kept as its ``__cause__``:

    >>> try:
    ...     grads(X, y, params, mistakes=["target_shape"])
    ... except ValueError as err:
    ...     print(err.__cause__)   # doctest: +ELLIPSIS
    matmul: Input operand 1 has a mismatch in its core dimension 0, ... (size 1 is different from 3)
    """
    X, p = _check(X, params, "naive.grads")
    y = _check_targets(y, len(X), "naive.grads")
    if isinstance(mistakes, str) or not isinstance(mistakes, Iterable):
        raise TypeError(f"The 'mistakes' parameter of naive.grads must be a list of names such as "
                        f"['relu_mask']. Got {describe(mistakes)} instead.")
    mistakes = {check_choice(m, "mistakes", "naive.grads", MISTAKES) for m in mistakes}

    def step(name: str, *args: Array | int) -> Array:
        return globals()[f"_{'naive' if name in mistakes else 'right'}_{name}"](*args)

    Z1, H, Y_hat = forward(X, p)
    r = step("target_shape", Y_hat, y)               # residual
    dY = step("no_average", r, len(X))               # dL/dY_hat
    out = {"W2": step("dW2_shape", H, dY)}           # dL/dW2
    if "b2" in p:
        out["b2"] = dY.sum(axis=0)                   # dL/db2: the bias is added to every row
    try:
        dH = dY @ p["W2"].T                          # dL/dH, through W2
    except ValueError as numpy_error:                # NumPy says only "mismatch in its core dimension"
        raise ValueError(f"naive.grads cannot pass dL/dY_hat back through W2: dL/dY_hat has shape {dY.shape}, "
                         f"Y_hat has shape {Y_hat.shape}, and dY @ W2.T needs {Y_hat.shape[1]} column(s). "
                         f"The residual Y_hat - y was broadcast: y must have shape {Y_hat.shape}."
                         ) from numpy_error
    dZ1 = step("relu_mask", dH, Z1)                  # dL/dZ1, through the ReLU
    out["W1"] = step("dW1_input", X, H, dZ1)         # dL/dW1
    if "b1" in p:
        out["b1"] = dZ1.sum(axis=0)                  # dL/db1
    return {k: out[k] for k in p}
