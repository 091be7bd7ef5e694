r"""Layers of a neural network, each with its forward pass and its backward pass.

Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

A fully connected layer computes, for a batch :math:`X` of shape ``(n, n_in)``,

.. math::

    Z = X W + b, \qquad A = f(Z),

and its backward pass receives :math:`G = \partial L / \partial A` (shape ``(n, n_out)``) and applies the
chain rule once per line:

.. math::

    \frac{\partial L}{\partial Z} = G \odot f'(Z), \qquad
    \frac{\partial L}{\partial W} = X^\top \frac{\partial L}{\partial Z}, \qquad
    \frac{\partial L}{\partial b} = \sum_{i=1}^{n} \Big(\frac{\partial L}{\partial Z}\Big)_{i,:}, \qquad
    \frac{\partial L}{\partial X} = \frac{\partial L}{\partial Z} W^\top.

:math:`X^\top \, \partial L/\partial Z` has shape ``(n_in, n)`` times ``(n, n_out)``: the shape of
:math:`W`. The bias is added to every row, so its gradient sums the rows.

Every layer has the same interface: ``forward(X)`` (keeps what ``backward`` needs), ``backward(grad_out)``
(fills ``grads``, returns the gradient with respect to its input), and the dicts ``params`` and ``grads``
with the same keys, ready for an optimizer's ``step(params, grads)``. :class:`Sequential` chains layers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import (as_float_array, check_choice, check_instance, check_rng, check_scalar,
                                  describe)
from nnbasics.activations import ACTIVATIONS, Identity, ReLU, get_activation

__all__ = ["INITS", "RELU_FAMILY", "Dense", "Dropout", "Sequential", "init_weights"]


# --------------------------------------------------------------------------------------------------
# Initialisations
# --------------------------------------------------------------------------------------------------
def _he(n_in: int, n_out: int, rng: np.random.Generator) -> NDArray[np.float64]:
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))  # Var(W) = 2 / n_in


def _glorot(n_in: int, n_out: int, rng: np.random.Generator) -> NDArray[np.float64]:
    limit = np.sqrt(6.0 / (n_in + n_out))  # U(-a, a) has variance a^2 / 3 = 2 / (n_in + n_out)
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _normal(n_in: int, n_out: int, rng: np.random.Generator) -> NDArray[np.float64]:
    return rng.normal(0.0, 0.01, size=(n_in, n_out))  # Var(W) = 1e-4, whatever the width


_INITS: dict[str, Callable[[int, int, np.random.Generator], NDArray[np.float64]]] = {
    "he": _he, "glorot": _glorot, "xavier": _glorot, "normal": _normal,
}

#: Names accepted by :func:`init_weights` and by ``Dense(init=...)``.
INITS: tuple[str, ...] = tuple(_INITS)

#: Activations whose default initialisation is "he"; every other activation gets "glorot".
RELU_FAMILY: tuple[str, ...] = ("relu", "leaky_relu", "elu", "gelu", "softplus")


def init_weights(name: str, n_in: int, n_out: int, rng: np.random.Generator | int | None = None
                 ) -> NDArray[np.float64]:
    r"""A weight matrix of shape ``(n_in, n_out)`` drawn by the named initialisation.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    For :math:`z_j = \sum_{i=1}^{n_{in}} x_i W_{ij}` with independent zero-mean weights,
    :math:`\operatorname{Var}(z_j) = n_{in} \operatorname{Var}(W) \, \mathbb E[x_i^2]`; backwards, the
    gradient is multiplied by :math:`n_{out} \operatorname{Var}(W)`. Each scheme picks
    :math:`\operatorname{Var}(W)` to keep one of these at 1:

    * ``"he"``: :math:`\mathcal N(0,\, 2/n_{in})`. Preserves the forward variance through ReLU, which
      zeroes half its inputs (:math:`\mathbb E[x^2] = \operatorname{Var}(z)/2`).
    * ``"glorot"`` (alias ``"xavier"``): :math:`\mathcal U(-a, a)` with :math:`a = \sqrt{6/(n_{in}+n_{out})}`,
      so :math:`\operatorname{Var}(W) = 2/(n_{in}+n_{out})`: a compromise between keeping the forward
      (:math:`1/n_{in}`) and the backward (:math:`1/n_{out}`) variance, for the identity or tanh (slope 1
      at 0).
    * ``"normal"``: :math:`\mathcal N(0,\, 0.01^2)`. Preserves nothing: each layer multiplies the variance
      by :math:`10^{-4} n_{in}`, so signals vanish in deep or narrow networks.

    References
    ----------
    X. Glorot and Y. Bengio (2010). Understanding the difficulty of training deep feedforward neural
    networks. *AISTATS*, PMLR 9, 249-256.

    K. He, X. Zhang, S. Ren and J. Sun (2015). Delving deep into rectifiers: surpassing human-level
    performance on ImageNet classification. *ICCV*, 1026-1034.

    Examples
    --------
    >>> W = init_weights("he", 1000, 500, rng=0)
    >>> W.shape, round(float(W.var() * 1000 / 2), 2)   # Var(W) = 2 / n_in
    ((1000, 500), 1.0)
    >>> round(float(init_weights("glorot", 1000, 500, rng=0).var() * 1500 / 2), 2)
    1.0
    """
    owner = "init_weights"
    check_choice(name, "name", owner, INITS)
    n_in = check_scalar(n_in, "n_in", owner, low=1, integer=True)
    n_out = check_scalar(n_out, "n_out", owner, low=1, integer=True)
    return _INITS[name](n_in, n_out, check_rng(rng, "rng", owner))


# --------------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------------
class Dense:
    r"""A fully connected layer, :math:`A = f(X W + b)`.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    .. math::

        Z = X W + b, \quad A = f(Z); \qquad
        dZ = G \odot f'(Z), \quad dW = X^\top dZ, \quad db = \textstyle\sum_i dZ_{i,:}, \quad
        dX = dZ \, W^\top

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs (features) and of units.
    activation : str, default="identity"
        Any name of :func:`nnbasics.activations.get_activation`.
    init : str, optional
        One of :data:`INITS` (see :func:`init_weights`). Default: ``"he"`` for the activations in
        :data:`RELU_FAMILY`, ``"glorot"`` otherwise. Biases start at 0.
    rng : numpy.random.Generator, int or None
        Source of the initial weights.

    Attributes
    ----------
    params : dict
        ``{"W": W, "b": b}``, weights of shape ``(n_in, n_out)`` and biases of shape ``(n_out,)`` (also
        the properties ``W`` and ``b``): the very arrays an optimizer updates in place.
    grads : dict
        ``{"W": dW, "b": db}``, same shapes, filled by :meth:`backward`.

    Notes
    -----
    Parameters and computations are float64; inputs of any real dtype are converted.

    Examples
    --------
    >>> layer = Dense(3, 2, activation="relu", rng=0)
    >>> layer
    Dense(3 -> 2, activation='relu', init='he')
    >>> X = np.ones((4, 3))
    >>> layer.forward(X).shape, layer.backward(np.ones((4, 2))).shape
    ((4, 2), (4, 3))
    >>> layer.grads["W"].shape, layer.grads["b"].shape   # the shapes of W and b
    ((3, 2), (2,))
    >>> layer.forward(np.ones((5, 2)))
    Traceback (most recent call last):
    ...
    ValueError: The 'X' parameter of Dense.forward must have shape (n, 3) for Dense(3 -> 2). Got shape (5, 2) instead.
    """

    def __init__(self, n_in: int, n_out: int, activation: str = "identity", *, init: str | None = None,
                 rng: np.random.Generator | int | None = None) -> None:
        self.n_in = check_scalar(n_in, "n_in", "Dense", low=1, integer=True)
        self.n_out = check_scalar(n_out, "n_out", "Dense", low=1, integer=True)
        self.f = get_activation(check_choice(activation, "activation", "Dense", ACTIVATIONS))
        self.activation = activation
        if init is None:
            init = "he" if activation in RELU_FAMILY else "glorot"
        self.init = check_choice(init, "init", "Dense", INITS)
        W = init_weights(init, self.n_in, self.n_out, check_rng(rng, "rng", "Dense"))
        self.params = {"W": W, "b": np.zeros(self.n_out)}
        self.grads = {"W": np.zeros_like(W), "b": np.zeros(self.n_out)}
        self._X: NDArray[np.float64] | None = None  # cached by forward for backward
        self._Z: NDArray[np.float64] | None = None

    @property
    def W(self) -> NDArray[np.float64]:
        """The weights, ``params["W"]``."""
        return self.params["W"]

    @property
    def b(self) -> NDArray[np.float64]:
        """The biases, ``params["b"]``."""
        return self.params["b"]

    def _name(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out})"

    def forward(self, X: ArrayLike) -> NDArray[np.float64]:
        r""":math:`A = f(X W + b)` for a batch ``X`` of shape ``(n, n_in)``; returns shape ``(n, n_out)``."""
        X = as_float_array(X, "X", "Dense.forward", allow_nan=False, allow_inf=False)
        if X.ndim != 2 or X.shape[1] != self.n_in:
            raise ValueError(f"The 'X' parameter of Dense.forward must have shape (n, {self.n_in}) for "
                             f"{self._name()}. Got shape {X.shape} instead.")
        return self._forward(X.astype(np.float64, copy=False))

    def _forward(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        """:meth:`forward` on an input already checked (the training loop's)."""
        Z = X @ self.W
        Z += self.b  # Z = X W + b
        self._X, self._Z = X, Z
        return self.f._forward(Z)  # A = f(Z)  (Z is a float64 array: no need to check it again)

    def backward(self, grad_out: ArrayLike) -> NDArray[np.float64]:
        r"""Fill ``grads`` from :math:`G = \partial L/\partial A` and return :math:`\partial L/\partial X`."""
        if self._Z is None:
            raise RuntimeError(f"{self._name()}.backward was called before forward: forward(X) keeps the X "
                               f"and Z that the backward pass needs.")
        grad_out = as_float_array(grad_out, "grad_out", "Dense.backward", allow_nan=False,
                                  allow_inf=False)
        if grad_out.shape != self._Z.shape:
            raise ValueError(f"The 'grad_out' parameter of Dense.backward must have the shape of the last "
                             f"output of {self._name()}, {self._Z.shape}. Got shape {grad_out.shape} instead.")
        return self._backward(grad_out, self.f.derivative(self._Z))  # NaN in Z stays NaN in the gradients

    def _backward(self, grad_out: NDArray[np.float64], f_prime: NDArray[np.float64] | None = None,
                  input_grad: bool = True) -> NDArray[np.float64] | None:
        """:meth:`backward` on an input already checked (the training loop's).

        ``f_prime`` is f'(Z), by default the activation's unchecked ``_derivative`` (the loop has checked
        that the network's outputs, hence every Z, hold no NaN); for the identity and ReLU, whose f'(Z)
        is 1 and the mask Z > 0, the product is formed without building f'(Z), with the same result.
        Without ``input_grad``, dL/dX is not computed and None is returned: nothing needs the gradient
        of a network's data.
        """
        if f_prime is not None:
            grad_z = grad_out * f_prime                      # through f:  dZ = G * f'(Z)
        elif type(self.f) is Identity:
            grad_z = grad_out                                # f'(Z) = 1
        elif type(self.f) is ReLU:
            grad_z = grad_out * (self._Z > 0)                # f'(Z) = [Z > 0], the mask used as it is
        else:
            grad_z = grad_out * self.f._derivative(self._Z)
        np.matmul(self._X.T, grad_z, out=self.grads["W"])   # dW = X^T dZ
        grad_z.sum(axis=0, out=self.grads["b"])              # db = sum of dZ over the batch
        return grad_z @ self.W.T if input_grad else None     # through W:  dX = dZ W^T

    def __repr__(self) -> str:
        return f"{self._name()[:-1]}, activation={self.activation!r}, init={self.init!r})"


class Dropout:
    r"""Inverted dropout: in training, zero each input with probability :math:`p` and scale the rest.

    Introduced in: the overfitting chapter (book/overfitting.ipynb), which checks its forward pass over
    many masks and its backward pass against finite differences.

    In training mode a fresh mask :math:`M` with :math:`M_{ij} \sim \text{Bernoulli}(1 - p)` is drawn
    at every :meth:`forward`, and

    .. math::

        A = X \odot M / (1 - p), \qquad \frac{\partial L}{\partial X} = G \odot M / (1 - p),

    with :math:`G = \partial L / \partial A` and :math:`M` the mask of the last :meth:`forward`, so
    :math:`\mathbb E[A] = X` and evaluation mode (:meth:`eval`) is the identity, with no rescaling.

    Parameters
    ----------
    p : float
        Drop probability, in ``[0, 1)``.
    rng : numpy.random.Generator, int or None
        Source of the masks.

    References
    ----------
    N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever and R. Salakhutdinov (2014). Dropout: a simple
    way to prevent neural networks from overfitting. *JMLR* 15, 1929-1958.

    Examples
    --------
    >>> drop = Dropout(0.5, rng=0)
    >>> drop.forward(np.ones((1, 6)))          # kept entries are scaled by 1 / (1 - p) = 2
    array([[2., 0., 0., 0., 2., 2.]])
    >>> drop.eval().forward(np.ones((1, 3)))   # evaluation: the identity
    array([[1., 1., 1.]])
    """

    def __init__(self, p: float, rng: np.random.Generator | int | None = None) -> None:
        self.p = check_scalar(p, "p", "Dropout", low=0, high=1, include_high=False)
        self.rng = check_rng(rng, "rng", "Dropout")
        self.training = True
        self.params: dict[str, NDArray[np.float64]] = {}
        self.grads: dict[str, NDArray[np.float64]] = {}
        self._scaled_mask: NDArray[np.float64] | None = None

    def train(self) -> Dropout:
        """Training mode: drop entries (the default). Returns the layer."""
        self.training = True
        return self

    def eval(self) -> Dropout:
        """Evaluation mode: the identity. Returns the layer."""
        self.training = False
        return self

    def forward(self, X: ArrayLike) -> NDArray[np.float64]:
        """``X * M / (1 - p)`` in training mode, ``X`` in evaluation mode."""
        X = as_float_array(X, "X", "Dropout.forward", allow_nan=False, allow_inf=False)
        X = X.astype(np.float64, copy=False)
        return self._forward(X)

    def _forward(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        if not self.training:
            self._scaled_mask = None
            return X.copy()
        self._scaled_mask = (self.rng.random(X.shape) >= self.p) / (1.0 - self.p)  # M / (1 - p)
        return X * self._scaled_mask

    def backward(self, grad_out: ArrayLike) -> NDArray[np.float64]:
        """``G * M / (1 - p)`` (the mask of the last forward), or ``G`` in evaluation mode."""
        if self.training and self._scaled_mask is None:
            raise RuntimeError("Dropout.backward was called before forward: forward(X) draws the mask "
                               "that the backward pass needs.")
        grad_out = as_float_array(grad_out, "grad_out", "Dropout.backward", allow_nan=False,
                                  allow_inf=False).astype(np.float64, copy=False)
        if self._scaled_mask is not None and grad_out.shape != self._scaled_mask.shape:
            raise ValueError(f"The 'grad_out' parameter of Dropout.backward must have the shape of its last "
                             f"output, {self._scaled_mask.shape}. Got shape {grad_out.shape} instead.")
        return self._backward(grad_out)

    def _backward(self, grad_out: NDArray[np.float64], input_grad: bool = True
                  ) -> NDArray[np.float64] | None:
        if not input_grad:
            return None
        if self._scaled_mask is None:
            return grad_out.copy()
        return grad_out * self._scaled_mask  # dX = G * M / (1 - p)

    def __repr__(self) -> str:
        return f"Dropout(p={self.p!r})"


class Sequential:
    r"""Layers applied one after the other; backward runs them in reverse.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    ``params`` and ``grads`` gather every layer's dicts under the keys ``"W0"``, ``"b0"``, ``"W1"``, ...
    (the layer's key followed by its index), holding the layers' own arrays, so one optimizer step on
    ``Sequential.params`` updates every layer.

    Examples
    --------
    >>> net = Sequential([Dense(2, 3, "relu", rng=0), Dense(3, 1, rng=1)])
    >>> sorted(net.params)
    ['W0', 'W1', 'b0', 'b1']
    >>> net.params["W0"] is net.layers[0].W
    True
    >>> net.forward(np.ones((5, 2))).shape, net.backward(np.ones((5, 1))).shape
    ((5, 1), (5, 2))
    """

    def __init__(self, layers: Sequence[Any]) -> None:
        if not isinstance(layers, (list, tuple)) or not layers:
            raise TypeError(f"The 'layers' parameter of Sequential must be a non-empty list of layers, such as "
                            f"[Dense(2, 4, 'relu'), Dense(4, 1)]. Got {describe(layers)} instead.")
        for layer in layers:
            check_instance(layer, "layers", "Sequential", ("forward", "backward"), "Dense(2, 4, 'relu')")
        self.layers = list(layers)
        self.params: dict[str, NDArray[np.float64]] = {}
        self.grads: dict[str, NDArray[np.float64]] = {}
        for i, layer in enumerate(self.layers):
            for key in layer.params:
                self.params[f"{key}{i}"] = layer.params[key]
                self.grads[f"{key}{i}"] = layer.grads[key]

    def forward(self, X: ArrayLike) -> NDArray[np.float64]:
        """Each layer's ``forward`` in order (each checks its input)."""
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def _forward(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        for layer in self.layers:
            X = layer._forward(X)
        return X

    def backward(self, grad_out: ArrayLike) -> NDArray[np.float64]:
        """Each layer's ``backward`` in reverse order; returns the gradient with respect to the input."""
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def _backward(self, grad_out: NDArray[np.float64], input_grad: bool = True
                  ) -> NDArray[np.float64] | None:
        """:meth:`backward` unchecked; without ``input_grad`` the first layer skips dL/dX (returns None)."""
        for i, layer in reversed(list(enumerate(self.layers))):
            grad_out = layer._backward(grad_out, input_grad=input_grad or i > 0)
        return grad_out

    def __repr__(self) -> str:
        return f"Sequential({self.layers!r})"
