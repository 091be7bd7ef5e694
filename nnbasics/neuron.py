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

Training runs in the package's one loop, :func:`nnbasics.training.train`, and returns its
:class:`~nnbasics.training.History`, recorded at every step.

Written to be read, not to be fast: one Python loop iteration per epoch.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._validation import check_choice, check_scalar
from .activations import Sigmoid
from .losses import get_loss
from .optim import SGD
from .training import History, train

__all__ = ["NEURON_LOSSES", "neuron_gradients", "train_sigmoid_neuron"]

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


def train_sigmoid_neuron(
    loss: str,
    *,
    x: float = 1.0,
    y: float = 0.0,
    w: float = 2.0,
    b: float = 2.0,
    lr: float = 0.15,
    n_epochs: int = 300,
) -> History:
    r"""Train one sigmoid neuron on one example by plain gradient descent, recording every epoch.

    Introduced in: the losses chapter (book/losses.ipynb), "The learning slowdown".

    Each epoch computes :math:`(\partial L/\partial w, \partial L/\partial b)` with
    :func:`neuron_gradients` and steps (in :func:`nnbasics.training.train`, one full-batch step per epoch)

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
    n_epochs : int, default=300
        Number of gradient steps, :math:`\ge 0`.

    Returns
    -------
    History
        Recorded at the start and after every epoch (``n_epochs + 1`` entries each, entry ``t`` after
        :math:`t` steps): ``path["w"]``, ``path["b"]``, the weight and bias; ``loss``; ``metrics["a"]``, the
        output :math:`a = \sigma(wx + b)`, and ``metrics["error"]``, :math:`|a - y|`. The first epoch at
        which the output is within ``tol`` of the target is
        ``nnbasics.training.first_step_below(hist.metrics["error"], tol)``. A run whose weights overflow
        (an absurd ``lr``) stops and says so in ``message``.

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
    >>> from nnbasics.training import first_step_below
    >>> mse = train_sigmoid_neuron("mse")
    >>> ce = train_sigmoid_neuron("binary_cross_entropy_with_logits")
    >>> mse.metrics["a"][[0, 50]].round(3), ce.metrics["a"][[0, 50]].round(3)  # the same wrong start
    (array([0.982, 0.964]), array([0.982, 0.099]))
    >>> first_step_below(ce.metrics["error"], 0.1), first_step_below(ce.metrics["error"], 1e-9) is None
    (50, True)
    >>> train_sigmoid_neuron("mse", lr=0.0)
    Traceback (most recent call last):
    ...
    ValueError: The 'lr' parameter of train_sigmoid_neuron must be > 0. Got 0.0 instead.
    """
    owner = "train_sigmoid_neuron"
    x, y, w, b = _check_neuron(owner, loss, x, y, w, b)
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=0, integer=True)

    params = {"w": np.array(w), "b": np.array(b)}
    last: dict[tuple[float, float], tuple[float, float, float] | None] = {}

    def at_current_point() -> tuple[float, float, float] | None:
        """(L, dL/dw, dL/db) at the current (w, b), or None if z = w x + b overflowed. The loop asks for the
        loss after a step and for the gradients before the next one, at the same point: computed once."""
        point = (float(params["w"]), float(params["b"]))
        if point not in last:
            last.clear()
            z = point[0] * x + point[1]
            last[point] = _gradients(loss, x, y, *point) if np.isfinite(z) else None
        return last[point]

    def grads(_: NDArray[np.float64], __: NDArray[np.float64]) -> dict[str, NDArray[np.float64]] | None:
        evaluated = at_current_point()
        return None if evaluated is None else {"w": np.array(evaluated[1]), "b": np.array(evaluated[2])}

    def training_loss() -> float:
        evaluated = at_current_point()
        return np.inf if evaluated is None else evaluated[0]

    hist = train(grads, params, SGD(lr), np.array([[x]]), np.array([y]), training_loss=training_loss,
                 n_epochs=n_epochs, shuffle=False, record="step", keep_path=True)
    a = _SIGMOID.forward(hist.path["w"] * x + hist.path["b"])   # the output after each step
    hist.metrics.update(a=a, error=np.abs(a - y))
    for record in hist.metrics.values():
        record.setflags(write=False)
    return hist
