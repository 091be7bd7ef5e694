r"""How gradients shrink or survive on their way back through many layers.

A deep stack of fully connected layers with no learning at all is enough to see vanishing gradients:
push a batch forward through

.. math:: z_l = h_{l-1} W_l, \qquad h_l = f(z_l), \qquad l = 1, \dots, L,

with :math:`W_l \sim \mathcal N(0, \text{gain}^2 / n)`, then send a gradient back from the top and record
how large :math:`\partial \mathcal L / \partial z_l` is at every layer. Each layer multiplies the gradient by
:math:`f'(z_l)` and by :math:`W_l^\top`; with the sigmoid, :math:`f' \le 1/4`, so the product shrinks
geometrically with depth.

Before the deep stack, :func:`chain_derivative` works the same product by hand for a chain of one-unit
layers, where every factor can be printed.

Introduced in: the activations chapter (book/activations.ipynb), "Saturation and vanishing gradients".
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import MAX_COUNT, as_float_array, check_bool, check_choice, check_rng, check_scalar
from .activations import ACTIVATIONS, get_activation
from .losses import get_loss
from .optim import SGD
from .training import History, first_step_below, train

__all__ = ["TEACHER_WEIGHTS", "chain_derivative", "gradient_norms_by_depth", "gradient_ratios_over_seeds",
           "input_condition_number", "input_second_moment", "median_steps_to_target",
           "saturated_share_over_seeds", "train_unit_on_activations"]

#: The default weights :math:`w^* = (1, -1)` that :func:`train_unit_on_activations` must find: one up, one
#: down. For sigmoid inputs this is the flattest direction of the loss (:func:`input_second_moment`).
TEACHER_WEIGHTS = (1.0, -1.0)

_MSE = get_loss("mse")


def chain_derivative(x: float, w: ArrayLike, b: ArrayLike, activation: str = "sigmoid") -> dict[str, Any]:
    r"""A chain of one-unit layers, forward and then backward by the chain rule: :math:`\partial a_L/\partial x`.

    Introduced in: the activations chapter (book/activations.ipynb), "Saturation and vanishing gradients".

    Each layer has one unit with a weight :math:`w_l` and a bias :math:`b_l`:

    .. math::

        a_0 = x, \qquad z_l = w_l\, a_{l-1} + b_l, \qquad a_l = f(z_l), \qquad l = 1, \dots, L,

    and since :math:`\partial a_l / \partial a_{l-1} = f'(z_l)\, w_l`, the chain rule multiplies one factor
    per layer:

    .. math::

        \frac{\partial a_L}{\partial x} = \prod_{l=1}^{L} w_l\, f'(z_l).

    Parameters
    ----------
    x : float
        The input :math:`a_0`.
    w, b : array_like of shape (L,)
        Weights and biases, one per layer, :math:`L \ge 1`.
    activation : str, default="sigmoid"
        Name accepted by :func:`nnbasics.activations.get_activation`.

    Returns
    -------
    dict
        ``"z"``, ``"a"``, ``"slope"`` (:math:`f'(z_l)`) and ``"factor"`` (:math:`w_l f'(z_l)`), arrays of
        shape (L,) with entry ``l - 1`` for layer ``l``; ``"derivative"``, the product of the factors.

    Raises
    ------
    ValueError
        If ``w`` and ``b`` differ in length or are empty, a number is NaN or infinite, or the chain
        overflows.

    Examples
    --------
    >>> chain = chain_derivative(1.0, [2.0, -1.0, 3.0], [0.0, 0.5, -1.0])
    >>> chain["z"].round(4)
    array([ 2.    , -0.3808,  0.2178])
    >>> chain["factor"].round(4), round(chain["derivative"], 5)   # w_l f'(z_l), and their product
    (array([ 0.21  , -0.2412,  0.7412]), -0.03753)
    """
    owner = "chain_derivative"
    x = check_scalar(x, "x", owner)
    w = np.asarray(as_float_array(w, "w", owner, allow_nan=False, allow_inf=False, ndim=1), dtype=np.float64)
    b = np.asarray(as_float_array(b, "b", owner, allow_nan=False, allow_inf=False, ndim=1), dtype=np.float64)
    if w.size == 0:
        raise ValueError(f"The 'w' parameter of {owner} must hold one weight per layer, at least one. "
                         f"Got an empty array instead.")
    if b.shape != w.shape:
        raise ValueError(f"The 'b' parameter of {owner} must hold one bias per layer, as many as 'w' "
                         f"({w.size}). Got {b.size} instead.")
    act = get_activation(check_choice(activation, "activation", owner, ACTIVATIONS))
    z, a = np.empty_like(w), np.empty_like(w)
    a_prev = x
    with np.errstate(over="ignore", invalid="ignore"):  # reported just below
        for l in range(w.size):
            z[l] = w[l] * a_prev + b[l]
            a[l] = act.forward(z[l])
            a_prev = a[l]
        slope = act.derivative(z)       # f'(z_l)
        factor = w * slope              # da_l / da_{l-1} = w_l f'(z_l)
        derivative = float(np.prod(factor))
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(factor)) and np.isfinite(derivative)):
        raise ValueError(f"The 'w' parameter of {owner} must keep the chain finite. Got {w.tolist()} with "
                         f"x = {x!r} and b = {b.tolist()} instead, and it overflowed; use smaller numbers.")
    return {"z": z, "a": a, "slope": slope, "factor": factor, "derivative": derivative}


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
    act, gain, rng, weights, pre_activations = _random_stack(activation, depth, width, n_samples, gain, rng,
                                                             owner)
    depth, n_samples, width = len(weights), *pre_activations[0].shape
    grad_h = rng.standard_normal((n_samples, width))  # dL/dh_L for L = sum(h_L * r)
    norms = np.empty(depth)
    for l in range(depth - 1, -1, -1):
        with np.errstate(over="ignore", invalid="ignore"):  # reported just below
            grad_z = grad_h * act.derivative(pre_activations[l])   # through f
            norms[l] = np.sqrt(np.mean(grad_z ** 2))
            grad_h = grad_z @ weights[l].T                          # through W_l
        _check_finite(np.append(grad_h, norms[l]), "gradients", l + 1, gain, depth, owner)
    return norms


def _random_stack(activation: object, depth: object, width: object, n_samples: object, gain: object,
                  rng: object, owner: str) -> tuple[Any, float, np.random.Generator, list[NDArray[np.float64]],
                                                    list[NDArray[np.float64]]]:
    """Check the arguments (worded for ``owner``) and run the forward pass of :func:`gradient_norms_by_depth`.

    Returns the activation, the gain, the generator (ready for the backward pass), the weights :math:`W_l`
    and the pre-activations :math:`z_l`.
    """
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
    return act, gain, rng, weights, pre_activations


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


def saturated_share_over_seeds(
    activation: str,
    gain: float = 1.0,
    depth: int = 20,
    width: int = 64,
    n_samples: int = 256,
    n_seeds: int = 10,
    threshold: float = 5.0,
) -> NDArray[np.float64]:
    r"""The share of saturated units in the random stack of :func:`gradient_norms_by_depth`, one per seed.

    Introduced in: the activations chapter (book/activations.ipynb), "Saturation and vanishing gradients".

    Runs the forward pass of :func:`gradient_ratios_over_seeds` (the same inputs and weights, ``rng=0, 1,
    ..., n_seeds - 1``) and returns, for each seed, the fraction of all pre-activations of all the layers
    that lie where the activation is nearly flat,

    .. math:: s = \frac{1}{L\,N\,n} \sum_{l=1}^{L} \#\{\, |z_l| > \text{threshold} \,\},

    with :math:`N` examples and :math:`n` units per layer. For the sigmoid, :math:`\sigma'(5) < 0.007`:
    a larger gain keeps more gradient flowing through the weights, but pushes more units there.

    Parameters
    ----------
    activation : str
        Name accepted by :func:`nnbasics.activations.get_activation`.
    gain, depth, width, n_samples, n_seeds
        As in :func:`gradient_ratios_over_seeds`.
    threshold : float, default=5.0
        A pre-activation counts as saturated when :math:`|z| >` ``threshold`` (> 0).

    Returns
    -------
    ndarray of shape (n_seeds,)
        ``shares[s]``, in :math:`[0, 1]`, for ``rng=s``.

    Examples
    --------
    >>> small = saturated_share_over_seeds("sigmoid", gain=1.0, depth=5, n_seeds=2)
    >>> large = saturated_share_over_seeds("sigmoid", gain=10.0, depth=5, n_seeds=2)
    >>> bool(np.all(small < 0.01)), bool(np.all(large > 0.3))   # large weights: many saturated units
    (True, True)
    """
    owner = "saturated_share_over_seeds"
    n_seeds = check_scalar(n_seeds, "n_seeds", owner, low=1, integer=True)
    threshold = check_scalar(threshold, "threshold", owner, low=0, include_low=False)
    shares = np.empty(n_seeds)
    for seed in range(n_seeds):
        pre_activations = _random_stack(activation, depth, width, n_samples, gain, seed, owner)[-1]
        shares[seed] = np.mean(np.abs(np.stack(pre_activations)) > threshold)
    return shares


def input_second_moment(
    activation: str = "sigmoid",
    *,
    centre: bool = False,
    n_samples: int = 100_000,
    rng: np.random.Generator | int | None = 0,
) -> NDArray[np.float64]:
    r"""The second moment :math:`\mathbb E[x x^\top]` of the inputs of :func:`train_unit_on_activations`.

    Introduced in: the activations chapter (book/activations.ipynb), "Zero-centred outputs".

    Half the Hessian of the unit's squared error :math:`\mathbb E[(x^\top w - y)^2]`, estimated from
    ``n_samples`` draws of :math:`x = f(u)`, :math:`u \sim \mathcal N(0, I_2)`:

    .. math:: \mathbb E[x x^\top] \approx \frac1n X^\top X = \operatorname{Cov}(x) + \mu \mu^\top,
              \qquad \mu = \mathbb E[x].

    Its eigenvectors are the loss's principal directions and its eigenvalues their curvatures. For the
    sigmoid, :math:`\mu = (\tfrac12, \tfrac12)` adds :math:`\tfrac12` of curvature along :math:`(1, 1)`
    and none along :math:`(1, -1)`, the flat direction.

    Parameters
    ----------
    activation : str, default="sigmoid"
        Name accepted by :func:`nnbasics.activations.get_activation`.
    centre : bool, default=False
        Subtract each input's sample mean first (then the result is the covariance).
    n_samples : int, default=100_000
        Number of draws of :math:`u`.
    rng : numpy.random.Generator, int or None, default=0
        Source of the draws.

    Returns
    -------
    ndarray of shape (2, 2)
        The symmetric matrix :math:`\frac1n X^\top X`.

    Examples
    --------
    >>> eigenvalues, directions = np.linalg.eigh(input_second_moment("sigmoid"))
    >>> np.round(np.abs(directions[:, 0]), 2)          # the flattest direction: (1, -1) / sqrt 2
    array([0.71, 0.71])
    >>> bool(directions[0, 0] * directions[1, 0] < 0)  # its two components have opposite signs
    True
    """
    owner = "input_second_moment"
    return _second_moment(activation, centre, n_samples, rng, owner)


def _second_moment(activation: object, centre: object, n_samples: object, rng: object,
                   owner: str) -> NDArray[np.float64]:
    """:func:`input_second_moment`, validating as ``owner``."""
    act = get_activation(check_choice(activation, "activation", owner, ACTIVATIONS))
    centre = check_bool(centre, "centre", owner)
    n_samples = check_scalar(n_samples, "n_samples", owner, low=2, high=MAX_COUNT // 2, integer=True)
    X = _unit_inputs(act, n_samples, check_rng(rng, "rng", owner))
    if centre:
        X = X - X.mean(axis=0)
    return X.T @ X / n_samples


def input_condition_number(
    activation: str = "sigmoid",
    *,
    centre: bool = False,
    n_samples: int = 100_000,
    rng: np.random.Generator | int | None = 0,
) -> float:
    r"""How ill-conditioned the problem of :func:`train_unit_on_activations` is, for inputs from ``activation``.

    Introduced in: the activations chapter (book/activations.ipynb), "Zero-centred outputs".

    The unit's squared error :math:`\mathbb E[(x^\top w - y)^2]` has the Hessian :math:`2\,\mathbb E[x x^\top]`,
    and gradient descent on it needs a number of steps that grows with the condition number

    .. math:: \kappa = \frac{\lambda_\max(\mathbb E[x x^\top])}{\lambda_\min(\mathbb E[x x^\top])},
              \qquad x = f(u), \quad u \sim \mathcal N(0, I_2),

    estimated here from ``n_samples`` draws (:func:`input_second_moment`). For the sigmoid,
    :math:`\mathbb E[x] = (\tfrac12, \tfrac12)` puts :math:`\tfrac14` off the diagonal and :math:`\kappa` is
    about 12.5; for centred inputs
    (``centre=True`` subtracts the sample mean of each input, or tanh, which is odd) it is about 1.

    Parameters
    ----------
    activation, centre, n_samples, rng
        As in :func:`input_second_moment`: the activation's name, whether to subtract each input's sample
        mean, the number of draws of :math:`u`, and their source.

    Returns
    -------
    float
        :math:`\kappa \ge 1` (``inf`` if the inputs are all zero, e.g. ReLU of a sample with no positive draw).

    Examples
    --------
    >>> round(input_condition_number("sigmoid"), 1), round(input_condition_number("sigmoid", centre=True), 1)
    (12.4, 1.0)
    """
    owner = "input_condition_number"
    eigenvalues = np.linalg.eigvalsh(_second_moment(activation, centre, n_samples, rng, owner))
    return float(eigenvalues[-1] / eigenvalues[0]) if eigenvalues[0] > 0 else float("inf")


def _unit_inputs(act: Any, n_samples: int, rng: np.random.Generator) -> NDArray[np.float64]:
    r"""The inputs of :func:`train_unit_on_activations`: ``f(u)`` for ``n_samples`` draws of :math:`u \sim N(0, I_2)`."""
    return act.forward(rng.standard_normal((n_samples, len(TEACHER_WEIGHTS))))


def train_unit_on_activations(
    activation: str = "sigmoid",
    *,
    n_samples: int = 50,
    lr: float = 1.0,
    n_epochs: int = 4,
    batch_size: int = 1,
    rng: np.random.Generator | int | None = 0,
    target: ArrayLike = TEACHER_WEIGHTS,
    stop_within: float | None = None,
) -> History:
    r"""Train one linear unit whose two inputs are the outputs of an activation, by default one example per step.

    Introduced in: the activations chapter (book/activations.ipynb), "Zero-centred outputs".

    The inputs are what a layer of ``activation`` units would pass on, :math:`x = f(u)` with
    :math:`u \sim \mathcal N(0, I_2)`; the targets come from the weights ``target``, by default
    :data:`TEACHER_WEIGHTS`, :math:`y = x^\top w^*`. The unit :math:`\hat y = x^\top w` starts at :math:`w = 0` and
    takes one
    gradient step on the squared error per example (:func:`nnbasics.training.train`, batch size 1 unless
    ``batch_size`` says otherwise; a step then averages the gradients of its examples):

    .. math::

        \frac{\partial L}{\partial w_i} = \underbrace{2(\hat y - y)}_{\delta}\, x_i, \qquad
        w \leftarrow w - \eta\, \delta\, x .

    Every component of one step has the sign of :math:`-\delta\, x_i`; when every :math:`x_i > 0` (the
    sigmoid) they all share one sign, so both weights move up together or down together, and the unit
    reaches :math:`w^* = (1, -1)` only by zig-zagging. Zero-centred inputs (tanh) do not have this
    constraint. With a batch of several examples the signs of :math:`\delta` mix and the steps no longer
    all share one sign, but the all-positive inputs still make the problem ill-conditioned
    (:func:`input_condition_number`).

    Parameters
    ----------
    activation : str, default="sigmoid"
        Name accepted by :func:`nnbasics.activations.get_activation`.
    n_samples : int, default=50
        Number of training examples.
    lr : float, default=1.0
        Learning rate :math:`\eta > 0`.
    n_epochs : int, default=4
        Passes over the examples (``n_samples / batch_size`` steps each, rounded up).
    batch_size : int, default=1
        Examples per step, between 1 and ``n_samples``.
    rng : numpy.random.Generator, int or None, default=0
        Source of the inputs and of the order of the examples.
    target : array-like of shape (2,), default=TEACHER_WEIGHTS
        The weights :math:`w^*` that generate the targets, finite.
    stop_within : float or None, default=None
        If given (> 0), stop at the end of the first pass in which :math:`\lVert w - w^* \rVert` came
        within this distance (the steps up to then are exactly those of the full run).

    Returns
    -------
    History
        Recorded at the start and after every step, with ``path["w"]`` (shape ``(n_steps + 1, 2)``) and
        three metrics aligned with it: ``metrics["distance"]``, :math:`\lVert w - w^* \rVert`;
        ``metrics["moved"]``, 1.0 where the step that led there changed both weights (0.0 at entry 0,
        before any step, and where the error was 0 or a change rounded away); ``metrics["same_sign"]``,
        1.0 where it moved both in the same direction, 0.0 otherwise. The fraction of steps that moved
        the weights together is ``same_sign.sum() / moved.sum()``.

    Examples
    --------
    >>> def together(hist):
    ...     return float(hist.metrics["same_sign"].sum() / hist.metrics["moved"].sum())
    >>> together(train_unit_on_activations("sigmoid"))        # inputs all positive: every step
    1.0
    >>> bool(together(train_unit_on_activations("tanh")) < 0.7)  # centred inputs: about half the steps
    True
    """
    owner = "train_unit_on_activations"
    act = get_activation(check_choice(activation, "activation", owner, ACTIVATIONS))
    n_samples = check_scalar(n_samples, "n_samples", owner, low=1, integer=True)
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=1, integer=True)
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, high=n_samples, integer=True)
    if n_samples * n_epochs > MAX_COUNT:
        raise ValueError(f"The 'n_epochs' parameter of {owner} must keep n_samples * n_epochs <= {MAX_COUNT}, "
                         f"the number of steps. Got n_epochs = {n_epochs} with n_samples = {n_samples} instead.")
    rng = check_rng(rng, "rng", owner)
    w_star = _check_target(target, owner)
    if stop_within is not None:
        stop_within = check_scalar(stop_within, "stop_within", owner, low=0, include_low=False)
    arrived = [False]  # set once w comes within stop_within of w*

    X = _unit_inputs(act, n_samples, rng)
    y = X @ w_star
    params = {"w": np.zeros(w_star.size)}

    def within_reach() -> bool:
        if stop_within is not None and not arrived[0]:
            with np.errstate(over="ignore", invalid="ignore"):
                arrived[0] = bool(np.linalg.norm(params["w"] - w_star) <= stop_within)
        return arrived[0]

    def batch_grads(Xb: NDArray[np.float64], yb: NDArray[np.float64]) -> dict[str, Any] | None:
        within_reach()                                     # w after the previous step
        with np.errstate(over="ignore", invalid="ignore"):  # an absurd lr: the loop reports it
            y_pred = Xb @ params["w"]
            grad = Xb.T @ _MSE.grad(y_pred, yb)           # dL/dw = X^T dL/dy_pred
        return {"w": grad} if np.all(np.isfinite(grad)) else None

    def training_loss() -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            y_pred = X @ params["w"]
        return _MSE.loss(y_pred, y) if np.all(np.isfinite(y_pred)) else float("inf")

    hist = train(batch_grads, params, SGD(lr), X, y, training_loss=training_loss, n_epochs=n_epochs,
                 batch_size=batch_size, rng=rng, record="step", keep_path=True,
                 callback=lambda epoch, history: within_reach())
    path = hist.path["w"]
    steps = np.diff(path, axis=0)
    same = np.all(steps > 0, axis=1) | np.all(steps < 0, axis=1)
    moved = np.all(steps != 0, axis=1)  # at w* the error, and the step, is 0 (or rounds to 0): no sign
    records = {"distance": np.linalg.norm(path - w_star, axis=1),
               "moved": np.concatenate([[0.0], moved]),       # entry 0: no step yet
               "same_sign": np.concatenate([[0.0], same])}
    for record in records.values():
        record.setflags(write=False)
    hist.metrics.update(records)
    return hist


def _check_target(target: object, owner: str) -> NDArray[np.float64]:
    """``target`` as a float64 array of shape (2,), or a clear error."""
    w_star = as_float_array(target, "target", owner, allow_nan=False, allow_inf=False, ndim=1)
    if w_star.shape != (len(TEACHER_WEIGHTS),):
        raise ValueError(f"The 'target' parameter of {owner} must have shape ({len(TEACHER_WEIGHTS)},), one "
                         f"weight per input. Got shape {w_star.shape} instead.")
    return w_star.astype(np.float64)


def median_steps_to_target(
    activation: str = "sigmoid",
    lrs: ArrayLike = (0.25, 0.5, 1.0, 1.5, 2.0),
    *,
    target: ArrayLike = TEACHER_WEIGHTS,
    batch_size: int = 1,
    max_steps: int = 150,
    tol: float = 0.1,
    n_samples: int = 50,
    n_seeds: int = 5,
) -> dict[float, float]:
    r"""How many steps :func:`train_unit_on_activations` needs to come within ``tol`` of ``target``, per rate.

    Introduced in: the activations chapter (book/activations.ipynb), "Zero-centred outputs".

    For each learning rate :math:`\eta` in ``lrs`` and each seed :math:`s = 0, \dots, n_\text{seeds} - 1`,
    trains the unit for up to ``max_steps`` steps (stopping after the pass over the examples in which it
    arrives) and records the first step :math:`t` with
    :math:`\lVert w_t - w^* \rVert \le` ``tol`` (:func:`nnbasics.training.first_step_below`), or
    :math:`\infty` if there is none; returns the median over the seeds.

    Parameters
    ----------
    activation : str, default="sigmoid"
        Name accepted by :func:`nnbasics.activations.get_activation`.
    lrs : array-like of shape (n_rates,), default=(0.25, 0.5, 1.0, 1.5, 2.0)
        Learning rates to try, each > 0.
    target : array-like of shape (2,), default=TEACHER_WEIGHTS
        The weights :math:`w^*` to reach.
    batch_size : int, default=1
        Examples per step.
    max_steps : int, default=150
        Step budget of each run; a run that has not arrived by then counts as :math:`\infty`.
    tol : float, default=0.1
        Distance to :math:`w^*` that counts as arrived, > 0.
    n_samples : int, default=50
        Number of training examples.
    n_seeds : int, default=5
        Number of seeds (inputs and example order) per learning rate.

    Returns
    -------
    dict
        ``{lr: median steps}`` in the order of ``lrs`` (floats; ``inf`` where most runs never arrived).

    Examples
    --------
    >>> steps = median_steps_to_target("tanh", lrs=[0.5, 1.0])
    >>> sorted(steps) == [0.5, 1.0] and all(np.isfinite(list(steps.values())))
    True
    """
    owner = "median_steps_to_target"
    activation = check_choice(activation, "activation", owner, ACTIVATIONS)
    rates = as_float_array(lrs, "lrs", owner, allow_nan=False, allow_inf=False, ndim=1)
    if rates.size == 0 or np.any(rates <= 0):
        raise ValueError(f"The 'lrs' parameter of {owner} must be a non-empty list of learning rates, "
                         f"each > 0. Got {rates.tolist()} instead.")
    w_star = _check_target(target, owner)
    n_samples = check_scalar(n_samples, "n_samples", owner, low=1, high=MAX_COUNT, integer=True)
    batch_size = check_scalar(batch_size, "batch_size", owner, low=1, high=n_samples, integer=True)
    max_steps = check_scalar(max_steps, "max_steps", owner, low=1, high=MAX_COUNT, integer=True)
    tol = check_scalar(tol, "tol", owner, low=0, include_low=False)
    n_seeds = check_scalar(n_seeds, "n_seeds", owner, low=1, high=MAX_COUNT, integer=True)
    steps_per_epoch = -(-n_samples // batch_size)
    n_epochs = -(-max_steps // steps_per_epoch)
    if n_samples * n_epochs > MAX_COUNT:
        raise ValueError(f"The 'max_steps' parameter of {owner} must keep the number of examples seen, "
                         f"n_samples * passes, <= {MAX_COUNT}. Got max_steps = {max_steps} with n_samples = "
                         f"{n_samples} instead.")
    medians = {}
    for lr in rates.astype(np.float64).tolist():
        steps = []
        for seed in range(n_seeds):
            run = train_unit_on_activations(activation, n_samples=n_samples, lr=lr, n_epochs=n_epochs,
                                            batch_size=batch_size, rng=seed, target=w_star, stop_within=tol)
            arrived = first_step_below(run.metrics["distance"][:max_steps + 1], tol)
            steps.append(np.inf if arrived is None else float(arrived))
        medians[lr] = float(np.median(steps))
    return medians
