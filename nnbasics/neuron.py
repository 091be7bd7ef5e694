r"""One sigmoid neuron trained by gradient descent: the learning slowdown of MSE against cross-entropy.

Introduced in: the losses chapter (book/losses.ipynb), "The learning slowdown".

The setup is Michael Nielsen's (*Neural Networks and Deep Learning*, chapter 3): one neuron with one
input :math:`x`, weight :math:`w`, bias :math:`b` and a sigmoid output, trained on a single example
:math:`(x, y)`:

.. math::

    z = w x + b, \qquad a = \sigma(z), \qquad L = \ell(a, y) \text{ or } \ell(z, y).

By the chain rule, :math:`\partial L/\partial w = \delta\, x` and :math:`\partial L/\partial b = \delta`
with :math:`\delta = \partial L / \partial z`, and each epoch takes one gradient step with learning rate
:math:`\eta`:

.. math::

    w \leftarrow w - \eta\, \delta\, x, \qquad b \leftarrow b - \eta\, \delta .

What :math:`\delta` is depends on the loss (``MSE`` here has no factor :math:`\tfrac12`, unlike
Nielsen's quadratic cost, so its gradient is twice his):

====================================== ================================ ==============================
``loss``                               :math:`L`                        :math:`\delta = \partial L/\partial z`
====================================== ================================ ==============================
``"mse"``                              :math:`(a - y)^2`                :math:`2 (a - y)\, \sigma'(z)`
``"binary_cross_entropy"``             BCE of the probability :math:`a` :math:`a - y` (inside the clip)
``"binary_cross_entropy_with_logits"`` BCE of the logit :math:`z`       :math:`\sigma(z) - y`
====================================== ================================ ==============================

The factor :math:`\sigma'(z) \le \tfrac14` is what slows MSE down: for a saturated neuron
(:math:`|z|` large) it is nearly 0, however wrong the output is. Cross-entropy's :math:`\delta` has no such
factor; it is just the error.

Written to be read, not to be fast: one Python loop iteration per epoch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._validation import check_choice, check_scalar
from .activations import Sigmoid
from .losses import get_loss

__all__ = ["NEURON_LOSSES", "NeuronHistory", "neuron_gradients", "train_sigmoid_neuron"]

#: Losses a sigmoid neuron can be trained with: the first two see the output :math:`a = \sigma(z)`,
#: the last one the logit :math:`z`.
NEURON_LOSSES: tuple[str, ...] = ("mse", "binary_cross_entropy", "binary_cross_entropy_with_logits")

_SIGMOID = Sigmoid()
_BIG = 1e100  # bound on |x|, |w|, |b|


def neuron_gradients(loss: str, x: float, y: float, w: float, b: float) -> tuple[float, float, float]:
    r"""Loss and gradients of one sigmoid neuron on one example.

    Introduced in: the losses chapter (book/losses.ipynb), "The learning slowdown".

    .. math::

        z = w x + b, \qquad
        \delta = \frac{\partial L}{\partial z}, \qquad
        \frac{\partial L}{\partial w} = \delta\, x, \qquad
        \frac{\partial L}{\partial b} = \delta

    For ``"mse"`` and ``"binary_cross_entropy"`` the loss sees the output :math:`a = \sigma(z)` and
    :math:`\delta = \frac{\partial L}{\partial a}\, \sigma'(z)`; for
    ``"binary_cross_entropy_with_logits"`` it sees :math:`z` and :math:`\delta = \sigma(z) - y`.

    Parameters
    ----------
    loss : str
        One of :data:`NEURON_LOSSES`.
    x : float
        The input, :math:`|x| \le 10^{100}` (as are :math:`w` and :math:`b`, so :math:`z` stays finite).
    y : float
        The target, in :math:`[0, 1]`.
    w, b : float
        Weight and bias.

    Returns
    -------
    (float, float, float)
        The loss :math:`L`, :math:`\partial L/\partial w` and :math:`\partial L/\partial b`.

    Raises
    ------
    ValueError
        If ``loss`` is unknown (the message lists the choices), or a number is out of range or not finite.

    Examples
    --------
    Nielsen's saturated start, :math:`x = 1, y = 0, w = b = 2`, so :math:`z = 4`:

    >>> L, dw, db = neuron_gradients("mse", 1.0, 0.0, 2.0, 2.0)
    >>> round(L, 4), round(dw, 4)                 # (a - y)^2 and 2 (a - y) sigma'(4)
    (0.9644, 0.0347)
    >>> L, dw, db = neuron_gradients("binary_cross_entropy_with_logits", 1.0, 0.0, 2.0, 2.0)
    >>> round(L, 4), round(dw, 4)                 # -log(1 - a) and a - y
    (4.0181, 0.982)
    """
    owner = "neuron_gradients"
    x, y, w, b = _check_neuron(owner, loss, x, y, w, b)
    return _gradients(loss, x, y, w, b)


def _check_neuron(owner: str, loss: str, x: float, y: float, w: float, b: float) -> tuple[float, ...]:
    """Validate the arguments shared by :func:`neuron_gradients` and :func:`train_sigmoid_neuron`."""
    check_choice(loss, "loss", owner, NEURON_LOSSES)
    big = _BIG  # so that z = w x + b stays finite
    return (check_scalar(x, "x", owner, low=-big, high=big), check_scalar(y, "y", owner, low=0.0, high=1.0),
            check_scalar(w, "w", owner, low=-big, high=big), check_scalar(b, "b", owner, low=-big, high=big))


def _gradients(loss: str, x: float, y: float, w: float, b: float) -> tuple[float, float, float]:
    """:func:`neuron_gradients` on validated numbers."""
    fn = get_loss(loss)
    z = np.array([w * x + b])
    target = np.array([y])
    if loss == "binary_cross_entropy_with_logits":
        value = fn.loss(z, target)
        delta = fn.grad(z, target)                                   # sigma(z) - y
    else:
        a = _SIGMOID.forward(z)
        value = fn.loss(a, target)
        delta = fn.grad(a, target) * _SIGMOID.derivative(z)          # dL/da * sigma'(z)
    delta = float(delta[0])
    return value, delta * x, delta


@dataclass(frozen=True, eq=False)
class NeuronHistory:
    r"""What :func:`train_sigmoid_neuron` recorded, one entry per epoch.

    Introduced in: the losses chapter (book/losses.ipynb), "The learning slowdown".

    Entry ``t`` of each array describes the neuron after ``t`` gradient steps, so every array has
    ``epochs + 1`` entries and entry 0 is the starting point.

    Attributes
    ----------
    loss_name : str
        The loss it was trained with, one of :data:`NEURON_LOSSES`.
    x, y, lr : float
        The input, the target and the learning rate :math:`\eta`.
    w, b : ndarray of shape (epochs + 1,)
        Weight and bias.
    z, a : ndarray of shape (epochs + 1,)
        Pre-activation :math:`z = wx + b` and output :math:`a = \sigma(z)`.
    loss : ndarray of shape (epochs + 1,)
        The training loss :math:`L`.
    delta : ndarray of shape (epochs + 1,)
        :math:`\delta = \partial L/\partial z`, the signal that moves :math:`w` and :math:`b`.
    """

    loss_name: str
    x: float
    y: float
    lr: float
    w: NDArray[np.float64]
    b: NDArray[np.float64]
    z: NDArray[np.float64]
    a: NDArray[np.float64]
    loss: NDArray[np.float64]
    delta: NDArray[np.float64]

    @property
    def epochs(self) -> int:
        """Number of gradient steps taken."""
        return len(self.w) - 1

    def epochs_to_reach(self, tol: float) -> int | None:
        r"""First epoch :math:`t` at which the output is within ``tol`` of the target, :math:`y`.

        That is, :math:`|a_t - y| <` ``tol``; ``None`` if that never happens within the recorded epochs.

        Examples
        --------
        >>> hist = train_sigmoid_neuron("binary_cross_entropy_with_logits", epochs=50)
        >>> hist.epochs_to_reach(0.1)
        50
        >>> hist.epochs_to_reach(1e-9) is None
        True
        """
        tol = check_scalar(tol, "tol", "NeuronHistory.epochs_to_reach", low=0, include_low=False)
        reached = np.flatnonzero(np.abs(self.a - self.y) < tol)
        return int(reached[0]) if reached.size else None

    def __repr__(self) -> str:
        return (f"NeuronHistory(loss_name={self.loss_name!r}, lr={self.lr!r}, epochs={self.epochs}, "
                f"final a={self.a[-1]:.4g}, final loss={self.loss[-1]:.4g})")


def train_sigmoid_neuron(
    loss: str,
    *,
    x: float = 1.0,
    y: float = 0.0,
    w: float = 2.0,
    b: float = 2.0,
    lr: float = 0.15,
    epochs: int = 300,
) -> NeuronHistory:
    r"""Train one sigmoid neuron on one example by plain gradient descent, recording every epoch.

    Introduced in: the losses chapter (book/losses.ipynb), "The learning slowdown".

    Each epoch computes :math:`(L, \partial L/\partial w, \partial L/\partial b)` with
    :func:`neuron_gradients` and steps

    .. math::

        w \leftarrow w - \eta \frac{\partial L}{\partial w}, \qquad
        b \leftarrow b - \eta \frac{\partial L}{\partial b}.

    The defaults are Nielsen's saturated start: input :math:`x = 1`, target :math:`y = 0`,
    :math:`w = b = 2` (so :math:`a = \sigma(4) \approx 0.98`, badly wrong), :math:`\eta = 0.15`,
    300 epochs.

    Parameters
    ----------
    loss : str
        One of :data:`NEURON_LOSSES`.
    x : float, default=1.0
        The input.
    y : float, default=0.0
        The target, in :math:`[0, 1]`.
    w, b : float, default=2.0
        Starting weight and bias.
    lr : float, default=0.15
        Learning rate :math:`\eta > 0`.
    epochs : int, default=300
        Number of gradient steps, :math:`\ge 0`.

    Returns
    -------
    NeuronHistory
        Weight, bias, output, loss and :math:`\delta` after each epoch (``epochs + 1`` entries each).

    Raises
    ------
    ValueError
        If ``loss`` is unknown (the message lists the choices) or a number is out of range.

    References
    ----------
    Nielsen, M. (2015). *Neural Networks and Deep Learning*, chapter 3, "The cross-entropy cost function".
    http://neuralnetworksanddeeplearning.com/chap3.html

    Examples
    --------
    >>> mse = train_sigmoid_neuron("mse")
    >>> ce = train_sigmoid_neuron("binary_cross_entropy_with_logits")
    >>> round(float(mse.a[0]), 3), round(float(ce.a[0]), 3)          # the same wrong start
    (0.982, 0.982)
    >>> round(float(mse.a[50]), 3), round(float(ce.a[50]), 3)        # after 50 epochs
    (0.964, 0.099)
    >>> train_sigmoid_neuron("mse", lr=0.0)
    Traceback (most recent call last):
    ...
    ValueError: The 'lr' parameter of train_sigmoid_neuron must be > 0. Got 0.0 instead.
    """
    owner = "train_sigmoid_neuron"
    x, y, w, b = _check_neuron(owner, loss, x, y, w, b)
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    epochs = check_scalar(epochs, "epochs", owner, low=0, integer=True)

    ws, bs, losses, deltas = (np.empty(epochs + 1) for _ in range(4))
    for t in range(epochs + 1):
        L, dL_dw, dL_db = _gradients(loss, x, y, w, b)
        ws[t], bs[t], losses[t], deltas[t] = w, b, L, dL_db      # dL/db is delta itself
        if t < epochs:
            w -= lr * dL_dw
            b -= lr * dL_db
    z = ws * x + bs
    return NeuronHistory(loss_name=loss, x=x, y=y, lr=lr, w=ws, b=bs, z=z, a=_SIGMOID.forward(z),
                         loss=losses, delta=deltas)
