r"""How gradients shrink or survive on their way back through many layers.

A deep stack of fully connected layers with no learning at all is enough to see vanishing gradients:
push a batch forward through

.. math:: z_l = h_{l-1} W_l, \qquad h_l = f(z_l), \qquad l = 1, \dots, L,

with :math:`W_l \sim \mathcal N(0, \text{gain}^2 / n)`, then send a gradient back from the top and record
how large :math:`\partial \mathcal L / \partial z_l` is at every layer. Each layer multiplies the gradient by
:math:`f'(z_l)` and by :math:`W_l^\top`; with the sigmoid, :math:`f' \le 1/4`, so the product shrinks
geometrically with depth.

Introduced in: the activations chapter (book/activations.ipynb), "Saturation and vanishing gradients".
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._validation import MAX_COUNT, check_choice, check_rng, check_scalar
from .activations import ACTIVATIONS, get_activation

__all__ = ["gradient_norms_by_depth", "gradient_ratios_over_seeds"]


def gradient_norms_by_depth(
    activation: str,
    depth: int = 20,
    width: int = 64,
    n_samples: int = 256,
    gain: float = 1.0,
    rng: np.random.Generator | int | None = None,
) -> NDArray[np.float64]:
    r"""Root-mean-square of :math:`\partial \mathcal L/\partial z_l` at each layer :math:`l = 1..L`.

    Parameters
    ----------
    activation : str
        Name accepted by :func:`nnbasics.activations.get_activation`.
    depth, width, n_samples : int
        Number of layers :math:`L`, units per layer :math:`n`, and batch size.
    gain : float
        Weights are drawn with standard deviation ``gain / sqrt(width)``: 1 is LeCun/Xavier-style scaling,
        :math:`\sqrt 2` is He scaling for ReLU. Too large a gain for the depth makes the activations or
        the gradients overflow, which raises a ValueError naming the layer.
    rng : numpy.random.Generator, int or None
        Source of the input batch, the weights and the upstream gradient.

    Returns
    -------
    ndarray of shape (depth,)
        ``norms[l - 1]`` is the RMS gradient at layer ``l``; the first entry is the layer nearest the input.

    Examples
    --------
    >>> norms = gradient_norms_by_depth("sigmoid", depth=10, rng=0)
    >>> bool(norms[0] < 1e-3 * norms[-1])   # ten sigmoid layers: the first gets <0.1% of the last's gradient
    True
    """
    return _gradient_norms(activation, depth, width, n_samples, gain, rng, "gradient_norms_by_depth")


def _gradient_norms(activation: object, depth: object, width: object, n_samples: object, gain: object,
                    rng: object, owner: str) -> NDArray[np.float64]:
    """:func:`gradient_norms_by_depth`, its checks worded for ``owner``, the function the user called."""
    act = get_activation(check_choice(activation, "activation", owner, ACTIVATIONS))
    depth = check_scalar(depth, "depth", owner, low=1, integer=True)
    width = check_scalar(width, "width", owner, low=1, integer=True)
    n_samples = check_scalar(n_samples, "n_samples", owner, low=1, integer=True)
    if depth * width * (width + n_samples) > MAX_COUNT:
        raise ValueError(f"The 'depth' parameter of {owner} must keep depth * width * (width + n_samples) "
                         f"<= {MAX_COUNT}, the number of values stored. Got depth = {depth} with width = "
                         f"{width} and n_samples = {n_samples} instead.")
    gain = check_scalar(gain, "gain", owner, low=0, include_low=False)
    rng = check_rng(rng, "rng", owner)

    h = rng.standard_normal((n_samples, width))
    weights, pre_activations = [], []
    for l in range(depth):
        W = rng.normal(0.0, gain / np.sqrt(width), size=(width, width))
        with np.errstate(over="ignore", invalid="ignore"):  # reported just below
            z = h @ W
        _check_finite(z, "activations", l + 1, gain, depth, owner)
        weights.append(W)
        pre_activations.append(z)
        h = act.forward(z)

    grad_h = rng.standard_normal((n_samples, width))  # dL/dh_L for L = sum(h_L * r)
    norms = np.empty(depth)
    for l in range(depth - 1, -1, -1):
        with np.errstate(over="ignore", invalid="ignore"):  # reported just below
            grad_z = grad_h * act.derivative(pre_activations[l])   # through f
            norms[l] = np.sqrt(np.mean(grad_z ** 2))
            grad_h = grad_z @ weights[l].T                          # through W_l
        _check_finite(np.append(grad_h, norms[l]), "gradients", l + 1, gain, depth, owner)
    return norms


def _check_finite(values: NDArray[np.float64], what: str, layer: int, gain: float, depth: int,
                  owner: str) -> None:
    """Raise if ``values`` overflowed: the gain is too large for the depth."""
    if not np.all(np.isfinite(values)):
        raise ValueError(f"The 'gain' parameter of {owner} must be small enough for the "
                         f"{what} to stay finite through {depth} layers. Got {gain!r} instead, and they "
                         f"overflowed at layer {layer}; lower gain or depth.")


def gradient_ratios_over_seeds(
    activation: str,
    gain: float = 1.0,
    depth: int = 20,
    width: int = 64,
    n_samples: int = 256,
    n_seeds: int = 10,
) -> NDArray[np.float64]:
    r"""How much of the gradient reaches the first layer, one ratio per random seed.

    Runs :func:`gradient_norms_by_depth` with ``rng=0, 1, ..., n_seeds - 1`` and returns, for each seed,

    .. math:: r = \frac{\lVert \partial \mathcal L / \partial z_1 \rVert}
                       {\lVert \partial \mathcal L / \partial z_L \rVert},

    the RMS gradient at the first layer divided by that at the last. One seed can mislead (a ratio can
    move by a factor of ten between seeds); report the median and the range.

    Introduced in: the activations chapter (book/activations.ipynb), "Saturation and vanishing gradients".

    Parameters
    ----------
    activation : str
        Name accepted by :func:`nnbasics.activations.get_activation`.
    gain : float, default=1.0
        Weight scale, as in :func:`gradient_norms_by_depth`.
    depth, width, n_samples : int
        Number of layers :math:`L`, units per layer, and batch size.
    n_seeds : int, default=10
        Number of independent draws of inputs, weights and upstream gradient.

    Returns
    -------
    ndarray of shape (n_seeds,)
        ``ratios[s]`` is :math:`r` for ``rng=s``.

    Raises
    ------
    ValueError
        For the bad inputs of :func:`gradient_norms_by_depth` (named as parameters of this function), or
        if for some seed the last layer's gradient is exactly 0 (every ReLU unit inactive: no ratio).

    Examples
    --------
    >>> ratios = gradient_ratios_over_seeds("relu", gain=np.sqrt(2), depth=5, n_seeds=3)
    >>> ratios.shape
    (3,)
    >>> bool(np.all(ratios > 0.1))   # He-scaled ReLU: the gradient survives five layers
    True
    """
    owner = "gradient_ratios_over_seeds"
    n_seeds = check_scalar(n_seeds, "n_seeds", owner, low=1, integer=True)
    ratios = np.empty(n_seeds)
    for seed in range(n_seeds):
        norms = _gradient_norms(activation, depth, width, n_samples, gain, seed, owner)
        if norms[-1] == 0:  # every unit of the last layer inactive (ReLU): 0 / 0 is no ratio
            raise ValueError(f"The 'width' parameter of {owner} must leave some unit of the last layer "
                             f"active for every seed. Got width = {width} with n_samples = {n_samples} "
                             f"instead, and for seed {seed} the last layer's gradient is exactly 0; use "
                             f"more units or samples.")
        ratios[seed] = norms[0] / norms[-1]
    return ratios
