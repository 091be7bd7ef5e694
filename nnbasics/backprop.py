r"""Backpropagation through a whole network: a tiny worked example, its trace, and what a pass costs.

Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

The layers themselves (forward and backward) are in :mod:`nnbasics.layers`; this module holds what the
chapter builds on top of them:

* :func:`tiny_network`: the 2-2-1 network the chapter works through by hand, with fixed weights;
* :func:`trace_tiny`: every number of its forward and backward pass, in the order backpropagation
  computes them (the step-by-step figure shows them appearing);
* :func:`check_network`: a gradient check of every parameter of a network and loss;
* :func:`flop_counts` and :func:`time_passes`: the cost of the backward pass against the forward pass,
  counted and measured.

References
----------
D. E. Rumelhart, G. E. Hinton and R. J. Williams (1986). Learning representations by back-propagating
errors. *Nature* 323, 533-536.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, check_choice, check_instance, check_scalar, describe
from .activations import ACTIVATIONS
from .gradcheck import GradCheckResult, _check_param_gradients
from .layers import Dense, Sequential
from .losses import MSE, Loss

__all__ = ["TINY_STEPS", "TINY_WEIGHTS", "TINY_X", "TINY_Y", "PassCost", "check_network", "flop_counts", "time_passes",
           "tiny_network", "trace_tiny"]

#: The weights of :func:`tiny_network`: with ReLU, hidden unit 2 is off (z < 0) for the input ``TINY_X``.
TINY_WEIGHTS = {"W1": [[0.5, -1.0], [0.25, 0.25]], "b1": [0.1, -0.2], "W2": [[1.5], [-0.5]], "b2": [0.2]}
TINY_X = np.array([[1.0, 2.0]])
TINY_Y = np.array([[1.0]])

#: The steps of :func:`trace_tiny`, in order: ``(key, what is computed)``.
TINY_STEPS: tuple[tuple[str, str], ...] = (
    ("x", "the input x"),
    ("z1", "z₁ = x W₁ + b₁"),
    ("a1", "a₁ = f(z₁)"),
    ("y_hat", "ŷ = a₁ W₂ + b₂"),
    ("L", "L = (ŷ − y)²"),
    ("dy_hat", "∂L/∂ŷ = 2 (ŷ − y)"),
    ("dW2", "∂L/∂W₂ = a₁ᵀ ∂L/∂ŷ,  ∂L/∂b₂ = ∂L/∂ŷ"),
    ("da1", "∂L/∂a₁ = ∂L/∂ŷ W₂ᵀ"),
    ("dz1", "∂L/∂z₁ = ∂L/∂a₁ ⊙ f′(z₁)"),
    ("dW1", "∂L/∂W₁ = xᵀ ∂L/∂z₁,  ∂L/∂b₁ = ∂L/∂z₁"),
)


def tiny_network(activation: str = "relu") -> Sequential:
    """The chapter's 2-2-1 network: ``Dense(2, 2, activation)`` then ``Dense(2, 1)``, with fixed weights.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    Examples
    --------
    >>> net = tiny_network("relu")
    >>> net.forward(TINY_X)            # z1 = (1.1, -0.7), a1 = (1.1, 0), y_hat = 1.65 + 0.2
    array([[1.85]])
    """
    activation = check_choice(activation, "activation", "tiny_network", ACTIVATIONS)
    net = Sequential([Dense(2, 2, activation, rng=0), Dense(2, 1, rng=0)])
    for key, value in TINY_WEIGHTS.items():
        net.params[key[0] + str(int(key[1]) - 1)][...] = value   # "W1" -> "W0", the first layer's
    return net


def trace_tiny(activation: str = "relu") -> dict[str, NDArray[np.float64] | float]:
    r"""Every number of one forward and backward pass of :func:`tiny_network` on ``(TINY_X, TINY_Y)``.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    The loss is the squared error of the one example, :math:`L = (\hat y - y)^2` (the MSE of a batch of
    one). Keys are those of :data:`TINY_STEPS` plus ``"y"``, ``"db2"``, ``"db1"``, ``"W1"``, ``"W2"``;
    the gradients are the ones :class:`~nnbasics.layers.Dense` computes.

    Examples
    --------
    >>> t = trace_tiny("relu")
    >>> round(t["L"], 6), np.round(t["dW1"], 6).tolist()   # (1.85 - 1)^2; unit 2 is off: column 0
    (0.7225, [[2.55, 0.0], [5.1, 0.0]])
    """
    net = tiny_network(check_choice(activation, "activation", "trace_tiny", ACTIVATIONS))
    first, second = net.layers
    loss = MSE()
    a1 = first.forward(TINY_X)
    y_hat = second.forward(a1)
    dy_hat = loss.grad(y_hat, TINY_Y)
    da1 = second.backward(dy_hat)
    first.backward(da1)
    z1 = TINY_X @ first.W + first.b
    return {"x": TINY_X[0], "y": float(TINY_Y[0, 0]), "W1": first.W.copy(), "W2": second.W.copy(),
            "z1": z1[0], "a1": a1[0], "y_hat": float(y_hat[0, 0]), "L": loss.loss(y_hat, TINY_Y),
            "dy_hat": float(dy_hat[0, 0]), "dW2": second.grads["W"].copy(), "db2": second.grads["b"].copy(),
            "da1": da1[0], "dz1": first.grads["b"].copy(), "dW1": first.grads["W"].copy(),
            "db1": first.grads["b"].copy()}


def check_network(net: Sequential, loss: Loss, X: ArrayLike, y: ArrayLike, eps: float = 1e-6
                  ) -> dict[str, GradCheckResult]:
    r"""Gradient-check every parameter of ``net`` under ``loss(net.forward(X), y)``.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    The analytic gradients come from one ``net.backward(loss.grad(...))``; each entry is compared with a
    central difference (:func:`nnbasics.gradcheck.check_param_gradients`). Costs two forward passes
    per parameter entry: for small networks only.

    Examples
    --------
    >>> net = Sequential([Dense(3, 4, "tanh", rng=0), Dense(4, 1, rng=1)])
    >>> X, y = np.random.default_rng(0).normal(size=(5, 3)), np.ones((5, 1))
    >>> results = check_network(net, MSE(), X, y)
    >>> sorted(results), all(r.passed for r in results.values())
    (['W0', 'W1', 'b0', 'b1'], True)
    """
    X = _check_net_data(net, loss, X, y, "check_network")

    def loss_of(params: dict[str, NDArray[np.float64]]) -> float:
        return loss.loss(net.forward(X), y)

    def grads_of(params: dict[str, NDArray[np.float64]]) -> dict[str, NDArray[np.float64]]:
        net.backward(loss.grad(net.forward(X), y))
        return {k: g.copy() for k, g in net.grads.items()}

    return _check_param_gradients(loss_of, grads_of, net.params, eps, 1e-7, "check_network")


def _check_net_data(net: object, loss: object, X: ArrayLike, y: ArrayLike, owner: str) -> NDArray[np.float64]:
    """Check ``net``, ``loss``, ``X`` and ``y`` (by running them once); return ``X`` as float64."""
    if not isinstance(net, Sequential):
        raise TypeError(f"The 'net' parameter of {owner} must be a Sequential. Got {describe(net)} instead.")
    check_instance(loss, "loss", owner, ("loss", "grad"), "MSE()")
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64)
    as_float_array(y, "y", owner, allow_nan=False, allow_inf=False)  # y itself goes to the loss unchanged
    if len(X) == 0:
        raise ValueError(f"The 'X' parameter of {owner} must hold at least one row. Got {describe(X)} instead.")
    try:
        out = net.forward(X)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"The 'X' parameter of {owner} must fit the network's first layer. Got shape "
                         f"{X.shape} instead: {exc}") from exc
    try:
        loss.loss(out, y)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"The 'y' parameter of {owner} must fit {type(loss).__name__} for the network's "
                         f"output of shape {out.shape}. Got {describe(np.asarray(y))} instead: {exc}") from exc
    return X


@dataclass(frozen=True)
class PassCost:
    """Floating-point operations of one forward and one backward pass (:func:`flop_counts`)."""

    forward: int
    backward: int

    @property
    def ratio(self) -> float:
        """``backward / forward``."""
        return self.backward / self.forward


def flop_counts(sizes: Sequence[int], n_samples: int) -> PassCost:
    r"""Count the operations of ``Dense.forward`` and ``Dense.backward`` through a stack of layers.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    For a layer with ``n_in`` inputs and ``n_out`` units on a batch of :math:`n` samples, counting one
    operation per multiply, add or activation evaluation:

    .. math::

        \text{forward: } \underbrace{2 n\, n_{in} n_{out}}_{XW} + \underbrace{n\, n_{out}}_{+b}
        + \underbrace{n\, n_{out}}_{f}, \qquad
        \text{backward: } \underbrace{2 n\, n_{out}}_{G \odot f'} + \underbrace{2 n\, n_{in} n_{out}}_{X^\top dZ}
        + \underbrace{n\, n_{out}}_{\sum_i} + \underbrace{2 n\, n_{in} n_{out}}_{dZ\, W^\top}.

    The backward pass has two matrix products where the forward pass has one, so for wide layers it
    costs about twice as much. (:class:`~nnbasics.layers.Dense` computes :math:`dX` for the first layer
    too, though no one needs it; counted here as it runs.)

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first: ``(2, 2, 1)`` is the 2-2-1 network.
    n_samples : int
        Batch size :math:`n`.

    Examples
    --------
    >>> cost = flop_counts((2, 2, 1), n_samples=1)
    >>> cost.forward, cost.backward            # (8 + 2 + 2) + (4 + 1 + 1); (4 + 8 + 2 + 8) + (2 + 4 + 1 + 4)
    (18, 33)
    """
    n = check_scalar(n_samples, "n_samples", "flop_counts", low=1, integer=True)
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
        raise TypeError(f"The 'sizes' parameter of flop_counts must be a sequence of layer widths such as "
                        f"(2, 2, 1). Got {describe(sizes)} instead.")
    sizes = [check_scalar(s, "sizes", "flop_counts", low=1, integer=True) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"The 'sizes' parameter of flop_counts must hold at least 2 widths (input and output). "
                         f"Got {sizes} instead.")
    fwd = bwd = 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        matmul = 2 * n * n_in * n_out
        fwd += matmul + 2 * n * n_out                    # X W, + b, f(Z)
        bwd += 2 * n * n_out + matmul + n * n_out + matmul   # f'(Z) and G * f', X^T dZ, sum, dZ W^T
    return PassCost(forward=fwd, backward=bwd)


def time_passes(net: Sequential, loss: Loss, X: ArrayLike, y: ArrayLike, repeats: int = 20
                ) -> tuple[float, float]:
    """Median wall-clock seconds of ``net.forward(X)`` and of ``net.backward(loss.grad(...))``.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    Timings depend on the machine and its load: print them, never check them.
    """
    repeats = check_scalar(repeats, "repeats", "time_passes", low=1, integer=True)
    X = _check_net_data(net, loss, X, y, "time_passes")
    fwd, bwd = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = net.forward(X)
        t1 = time.perf_counter()
        net.backward(loss.grad(out, y))
        t2 = time.perf_counter()
        fwd.append(t1 - t0)
        bwd.append(t2 - t1)
    return float(np.median(fwd)), float(np.median(bwd))
