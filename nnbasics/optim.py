r"""Gradient-based optimizers that update a dict of parameter arrays in place.

Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

Every optimizer has the same method, ``step(params, grads)``, where ``params`` and ``grads`` are
dicts with the same keys, e.g. ``{"W": ..., "b": ...}``. Each ``params[key]`` array is updated **in
place** (``theta -= ...``), so a layer holding a reference to it sees the new values. Whatever the
optimizer remembers between steps (momentum buffers, running averages, the step count :math:`t`)
lives in ``optimizer.state[key]`` and is cleared by :meth:`Optimizer.zero_state`.

The update equations are exactly those documented for ``torch.optim.SGD`` (with ``dampening=0``),
``torch.optim.RMSprop`` (non-centred, no momentum) and ``torch.optim.Adam`` (no weight decay), so
numbers obtained here match PyTorch; with ``weight_decay`` :math:`\lambda > 0`, Adam is
``torch.optim.AdamW`` (decoupled weight decay, Loshchilov & Hutter) and SGD is SGDW, their SGD form.

.. rubric:: Symbols

============================  =============================================================================
symbol                        meaning
============================  =============================================================================
:math:`\theta_t`              a parameter array after :math:`t` steps, ``params[key]``
:math:`g_t`                   its gradient at step :math:`t`, ``grads[key]``
:math:`\eta`                  learning rate, ``lr``
:math:`\mu`                   momentum coefficient, ``momentum``
:math:`v_t`                   momentum buffer (velocity) of SGD, ``state[key]["v"]``
:math:`\alpha`                RMSprop decay rate, ``alpha``
:math:`\beta_1, \beta_2`      Adam decay rates, ``beta1``, ``beta2``
:math:`m_t, v_t`              Adam's running averages of :math:`g` and :math:`g^2`, ``state[key]["m"]``, ``["v"]``
:math:`\hat m_t, \hat v_t`    bias-corrected averages, ``m_hat``, ``v_hat``
:math:`\epsilon`              small constant in the denominator, ``eps``
:math:`\lambda`               decoupled weight decay, ``weight_decay``
============================  =============================================================================

All operations are elementwise (:math:`g^2` and :math:`\sqrt{v}` act entry by entry).

.. rubric:: Precision

Updates are computed in the parameter's dtype, but never in less than float32: float16 parameters
get float32 state buffers and a float32 update, which is then rounded back into the float16 array. In
float16 itself :math:`\epsilon = 10^{-8}` would round to 0 and :math:`g^2` would overflow above
:math:`|g| = 256` or vanish below :math:`|g| = 2.4 \times 10^{-4}`, giving NaN or infinite steps.
Gradients are converted to that compute dtype and must fit in it (RMSprop and Adam also need
:math:`g^2` to fit). A parameter whose update overflows its dtype becomes ``±inf`` (the run has
diverged), and the next ``step`` refuses it with a message saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import as_float_array, check_scalar, create_from_registry

__all__ = ["OPTIMIZERS", "SCHEDULES", "SGD", "Adam", "CosineDecay", "Optimizer", "RMSprop", "StepDecay", "Warmup",
           "clip_by_norm", "get_optimizer", "get_schedule"]


class Optimizer:
    r"""Base class: validates ``params``/``grads`` and applies a per-array update rule in place.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Subclasses implement ``_init_state`` (the state of one parameter array before its first step)
    and ``_update`` (one in-place update of one array).

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`. It is a plain attribute and may be changed between steps, e.g.
        by a learning-rate schedule.

    Attributes
    ----------
    state : dict of str to dict
        Per-key memory: ``state[key]["step"]`` is the number of updates applied to ``params[key]``;
        subclasses add their buffers.
    """

    #: Whether the update uses g**2 (RMSprop, Adam), which must then be finite.
    _squares_gradients: bool = False

    def __init__(self, lr: float) -> None:
        self.lr = check_scalar(lr, "lr", type(self).__name__, low=0, include_low=False)
        self.state: dict[str, dict[str, Any]] = {}

    # -- public API -------------------------------------------------------------------------------
    def step(self, params: dict[str, NDArray[np.floating]], grads: Mapping[str, ArrayLike]) -> None:
        """Update every array of ``params`` in place, using the gradient under the same key.

        Parameters
        ----------
        params : dict of str to ndarray
            Floating-point arrays to update in place; the same objects keep their identity.
        grads : dict of str to array_like
            Gradients with exactly the keys of ``params`` and the same shapes; all entries finite.

        Raises
        ------
        TypeError
            If ``params`` or ``grads`` is not a dict, or a parameter is not a floating-point ndarray.
        ValueError
            If the keys differ, a shape differs, a gradient holds NaN or inf (the key is named), or a
            parameter's shape changed since the state was created. Nothing is updated in that case.
        """
        checked = self._check(params, grads)  # all checks before any update: never half a step
        self._apply(checked)

    def _apply(self, checked: Mapping[str, tuple[NDArray[np.floating], NDArray[np.floating]]]) -> None:
        """Update every ``theta`` with its ``g``, pairs already checked (by a loop, on its first step)."""
        with np.errstate(over="ignore"):  # an overflow makes theta infinite: refused at the next step
            for key, (theta, g) in checked.items():
                work = theta.astype(_compute_dtype(theta), copy=False)  # at least float32 (module docstring)
                if key not in self.state:
                    self.state[key] = {"step": 0, **self._init_state(work)}
                state = self.state[key]
                state["step"] += 1
                self._update(work, g, state)  # in place: theta itself when it is float32 or float64
                if work is not theta:
                    theta[...] = work

    def zero_state(self) -> None:
        """Forget all state (momentum buffers, running averages, step counts), as for a new run."""
        self.state.clear()

    #: Alias of :meth:`zero_state`.
    reset = zero_state

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._hyperparameters().items())
        return f"{type(self).__name__}({args})"

    # -- for subclasses ---------------------------------------------------------------------------
    def _hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr}

    def _init_state(self, theta: NDArray[np.floating]) -> dict[str, NDArray[np.floating]]:
        """Buffers for one parameter array before its first step (none by default)."""
        return {}

    def _update(self, theta: NDArray[np.floating], g: NDArray[np.floating], state: dict[str, Any]) -> None:
        """Update ``theta`` in place; ``state["step"]`` already counts this step (t = 1 first)."""
        raise NotImplementedError(f"{type(self).__name__} is the base class of the optimizers and has no "
                                  f"update rule; use SGD, RMSprop or Adam.")

    # -- checks -----------------------------------------------------------------------------------
    def _check(
        self, params: dict[str, NDArray[np.floating]], grads: Mapping[str, ArrayLike]
    ) -> dict[str, tuple[NDArray[np.floating], NDArray[np.floating]]]:
        owner = f"{type(self).__name__}.step"
        for name, value in (("params", params), ("grads", grads)):
            if not isinstance(value, Mapping):
                raise TypeError(f"The '{name}' parameter of {owner} must be a dict mapping names to arrays, "
                                f"e.g. {{'W': W, 'b': b}}. Got {type(value).__name__} instead.")
        missing = [k for k in params if k not in grads]
        unexpected = [k for k in grads if k not in params]
        if missing or unexpected:
            parts = []
            if missing:
                parts.append("no gradient for " + ", ".join(repr(k) for k in missing))
            if unexpected:
                parts.append("gradients for unknown parameters " + ", ".join(repr(k) for k in unexpected))
            raise ValueError(f"The 'grads' parameter of {owner} must have the same keys as params, "
                             f"{sorted(map(str, params))}. Got {'; '.join(parts)} instead.")
        checked = {}
        for key, theta in params.items():
            if not isinstance(theta, np.ndarray) or theta.dtype.kind != "f":
                got = f"an array of dtype {theta.dtype}" if isinstance(theta, np.ndarray) else repr(theta)
                raise TypeError(f"The 'params' parameter of {owner} must hold floating-point NumPy arrays, "
                                f"which are updated in place. Got {got} for key {key!r} instead. "
                                f"Convert it once with np.asarray(..., dtype=float).")
            n_bad = int(theta.size - np.count_nonzero(np.isfinite(theta)))
            if n_bad:
                raise ValueError(f"The 'params' parameter of {owner} must hold finite values. Got {n_bad} "
                                 f"non-finite value(s) (NaN or inf) for key {key!r} instead; if an earlier "
                                 f"step made them, the run diverged: lower the learning rate.")
            if not theta.flags.writeable:
                raise ValueError(f"The 'params' parameter of {owner} must hold writeable arrays, which are "
                                 f"updated in place. Got a read-only array for key {key!r} instead.")
            try:
                g_raw = np.asarray(grads[key])
            except ValueError:  # ragged nested lists
                g_raw = np.asarray(None)
            if g_raw.dtype.kind not in "iuf":
                raise TypeError(f"The 'grads' parameter of {owner} must hold real numbers. "
                                f"Got dtype {g_raw.dtype} for key {key!r} instead.")
            if g_raw.shape != theta.shape:
                raise ValueError(f"The 'grads' parameter of {owner} must have the shape of params for every "
                                 f"key. Got shape {g_raw.shape} for key {key!r}, whose parameter has shape "
                                 f"{theta.shape}, instead.")
            n_bad = int(np.size(g_raw) - np.count_nonzero(np.isfinite(g_raw)))
            if n_bad:
                raise ValueError(f"The 'grads' parameter of {owner} must hold finite values. "
                                 f"Got {n_bad} non-finite value(s) (NaN or inf) for key {key!r} instead.")
            for buffer_name, buffer in self.state.get(key, {}).items():
                if isinstance(buffer, np.ndarray) and buffer.shape != theta.shape:
                    raise ValueError(f"The 'params' parameter of {owner} changed shape for key {key!r}: "
                                     f"its state {buffer_name!r} has shape {buffer.shape} but the parameter "
                                     f"now has shape {theta.shape}. Call zero_state() before optimizing "
                                     f"a different model.")
            dtype = _compute_dtype(theta)
            biggest = float(np.max(np.abs(g_raw), initial=0))
            limit = float(np.finfo(dtype).max)
            if self._squares_gradients:
                limit = float(np.sqrt(limit))  # g**2 must be finite too
            if biggest > limit:
                need = "so that g**2 is finite " if self._squares_gradients else ""
                raise ValueError(f"The 'grads' parameter of {owner} must have entries of at most "
                                 f"{limit:.3g} in size {need}(updates of {theta.dtype} parameters are "
                                 f"computed in {dtype}). Got {biggest:.3g} for key {key!r} instead; the model "
                                 f"has diverged or its loss needs rescaling.")
            g = g_raw.astype(dtype)
            checked[key] = (theta, g)
        return checked



def _compute_dtype(theta: NDArray[np.floating]) -> np.dtype[Any]:
    """The dtype updates of ``theta`` are computed in: its own, but at least float32."""
    return np.promote_types(theta.dtype, np.float32)


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum (heavy ball) or Nesterov momentum.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Plain gradient descent (``momentum=0``):

    .. math::

        \theta_t = \theta_{t-1} - \eta \, g_t

    With momentum :math:`\mu > 0` (Polyak, 1964), a buffer accumulates past gradients, starting from
    :math:`v_0 = 0` so that :math:`v_1 = g_1`:

    .. math::

        v_t = \mu \, v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta \, v_t

    With ``nesterov=True`` (Sutskever et al., 2013, in the form used by PyTorch) the step looks one
    buffer update ahead:

    .. math::

        v_t = \mu \, v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta \, (g_t + \mu \, v_t)

    With ``weight_decay`` :math:`\lambda > 0` every step first shrinks the parameter, decoupled from the
    gradient and its momentum (SGDW, Loshchilov & Hutter, 2019):
    :math:`\theta_{t-1} \leftarrow (1 - \eta \lambda) \, \theta_{t-1}`, then the step above. Without
    momentum this is exactly gradient descent on the loss plus the L2 penalty
    :math:`\tfrac{\lambda}{2} \lVert \theta \rVert^2`, whose gradient adds :math:`\lambda \theta`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    momentum : float, default=0.0
        Momentum coefficient :math:`\mu \in [0, 1)`.
    nesterov : bool, default=False
        Use Nesterov momentum; requires ``momentum > 0`` (the same rule as PyTorch).
    weight_decay : float, default=0.0
        Decoupled weight decay :math:`\lambda \ge 0` (introduced in: the overfitting chapter,
        book/overfitting.ipynb).

    Notes
    -----
    These are ``torch.optim.SGD``'s equations with ``dampening=0`` (PyTorch calls :math:`v_t` the
    ``momentum_buffer``). Sutskever et al. put the learning rate inside the velocity,
    :math:`u_t = \mu u_{t-1} - \eta g_t`; for a constant :math:`\eta` that is the same method with
    :math:`u_t = -\eta \, v_t`. The name "SGD" is the update rule's, whatever the batch size: it runs
    on whatever gradient it is given, full-batch or mini-batch (as in PyTorch).

    On the quadratic :math:`\tfrac12 \lambda \theta^2` plain gradient descent converges if and only if
    :math:`\eta < 2/\lambda`; with momentum the bound becomes :math:`2(1+\mu)/\lambda`, and with
    Nesterov momentum :math:`2(1+\mu)/((1+2\mu)\lambda)` (see
    :meth:`nnbasics.surfaces.Quadratic.stable_lr_bound`).

    References
    ----------
    B. T. Polyak (1964). Some methods of speeding up the convergence of iteration methods. *USSR
    Computational Mathematics and Mathematical Physics*, 4(5), 1-17.

    I. Sutskever, J. Martens, G. Dahl and G. Hinton (2013). On the importance of initialization and
    momentum in deep learning. *Proceedings of the 30th International Conference on Machine
    Learning (ICML)*, PMLR 28(3), 1139-1147.

    Examples
    --------
    One step on the scalar :math:`\theta = 1` with gradient :math:`g = 2`:

    >>> params = {"theta": np.array([1.0])}
    >>> SGD(lr=0.1).step(params, {"theta": np.array([2.0])})
    >>> params["theta"]  # 1 - 0.1 * 2
    array([0.8])

    With momentum, the second step also uses the first gradient:

    >>> params = {"theta": np.array([1.0])}
    >>> opt = SGD(lr=0.1, momentum=0.9)
    >>> opt.step(params, {"theta": np.array([2.0])})  # v = 2,             theta = 1 - 0.2
    >>> opt.step(params, {"theta": np.array([2.0])})  # v = 0.9 * 2 + 2,   theta = 0.8 - 0.38
    >>> params["theta"].round(12), opt.state["theta"]["v"]
    (array([0.42]), array([3.8]))

    Weight decay shrinks first: :math:`(1 - 0.1 \cdot 0.5) \cdot 1 - 0.1 \cdot 2`:

    >>> params = {"theta": np.array([1.0])}
    >>> SGD(lr=0.1, weight_decay=0.5).step(params, {"theta": np.array([2.0])})
    >>> params["theta"].round(12)
    array([0.75])
    """

    def __init__(self, lr: float, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        super().__init__(lr)
        self.weight_decay = check_scalar(weight_decay, "weight_decay", "SGD", low=0)
        self.momentum = check_scalar(momentum, "momentum", "SGD", low=0, high=1, include_high=False)
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"The 'nesterov' parameter of SGD must be True or False. "
                            f"Got {nesterov!r} instead.")
        if nesterov and self.momentum == 0:
            raise ValueError("The 'nesterov' parameter of SGD can only be True when momentum > 0 (Nesterov "
                             "momentum looks ahead along the momentum buffer). "
                             f"Got nesterov=True with momentum={self.momentum!r} instead.")
        self.nesterov = bool(nesterov)

    def _hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr, "momentum": self.momentum, "nesterov": self.nesterov,
                **({"weight_decay": self.weight_decay} if self.weight_decay else {})}

    def _init_state(self, theta: NDArray[np.floating]) -> dict[str, NDArray[np.floating]]:
        return {"v": np.zeros_like(theta)} if self.momentum > 0 else {}

    def _update(self, theta: NDArray[np.floating], g: NDArray[np.floating], state: dict[str, Any]) -> None:
        lr, mu = self.lr, self.momentum
        if self.weight_decay:
            theta *= 1 - lr * self.weight_decay  # decoupled: theta_{t-1} <- (1 - lr lambda) theta_{t-1}
        if mu == 0:
            theta -= lr * g  # theta_t = theta_{t-1} - lr g_t
            return
        v = state["v"]
        v *= mu
        v += g  # v_t = mu v_{t-1} + g_t, in place   (v_0 = 0, so v_1 = g_1)
        if self.nesterov:
            theta -= lr * (g + mu * v)  # theta_t = theta_{t-1} - lr (g_t + mu v_t)
        else:
            theta -= lr * v  # theta_t = theta_{t-1} - lr v_t


class RMSprop(Optimizer):
    r"""RMSprop: divide each gradient entry by a running root mean square of its recent values.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Starting from :math:`v_0 = 0`,

    .. math::

        v_t = \alpha \, v_{t-1} + (1 - \alpha) \, g_t^2, \qquad
        \theta_t = \theta_{t-1} - \eta \, \frac{g_t}{\sqrt{v_t} + \epsilon}

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0` (PyTorch's default is 0.01).
    alpha : float, default=0.99
        Decay rate :math:`\alpha \in [0, 1)` of the running average of :math:`g^2`.
    eps : float, default=1e-8
        :math:`\epsilon > 0`, added to :math:`\sqrt{v_t}` to avoid dividing by zero.

    Notes
    -----
    These are ``torch.optim.RMSprop``'s equations (``centered=False``, ``momentum=0``). There is no
    bias correction: as :math:`v_0 = 0`, the first step is :math:`\eta \, g_1/(\sqrt{1-\alpha}|g_1| +
    \epsilon)`, about :math:`10\eta` per entry for :math:`\alpha = 0.99`. Adam adds the correction.

    References
    ----------
    G. Hinton, N. Srivastava and K. Swersky (2012). Neural Networks for Machine Learning, Lecture 6e:
    "rmsprop: Divide the gradient by a running average of its recent magnitude". Coursera lecture
    slides.

    Examples
    --------
    One step on :math:`\theta = 1`, :math:`g = 2`: :math:`v_1 = 0.01 \cdot 4 = 0.04`,
    :math:`\sqrt{v_1} = 0.2`, :math:`\theta_1 = 1 - 0.01 \cdot 2 / 0.2 = 0.9` (up to ``eps``).

    >>> params = {"theta": np.array([1.0])}
    >>> RMSprop(lr=0.01, alpha=0.99).step(params, {"theta": np.array([2.0])})
    >>> params["theta"].round(6)
    array([0.9])
    """

    _squares_gradients = True

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.alpha = check_scalar(alpha, "alpha", "RMSprop", low=0, high=1, include_high=False)
        self.eps = check_scalar(eps, "eps", "RMSprop", low=0, include_low=False)

    def _hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}

    def _init_state(self, theta: NDArray[np.floating]) -> dict[str, NDArray[np.floating]]:
        return {"v": np.zeros_like(theta)}

    def _update(self, theta: NDArray[np.floating], g: NDArray[np.floating], state: dict[str, Any]) -> None:
        alpha = self.alpha
        v = alpha * state["v"] + (1 - alpha) * g * g  # v_t = alpha v_{t-1} + (1 - alpha) g_t^2
        state["v"] = v
        theta -= self.lr * g / (np.sqrt(v) + self.eps)  # theta_t = theta_{t-1} - lr g_t / (sqrt(v_t) + eps)


class Adam(Optimizer):
    r"""Adam: momentum on the gradient, RMSprop-style scaling, and bias correction of both averages.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Starting from :math:`m_0 = v_0 = 0`, at step :math:`t = 1, 2, \dots`

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1) \, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) \, g_t^2

    .. math::

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \eta \, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    With ``weight_decay`` :math:`\lambda > 0` this is AdamW (Loshchilov & Hutter, 2019): the parameter is
    first shrunk, :math:`\theta_{t-1} \leftarrow (1 - \eta \lambda) \, \theta_{t-1}`, outside the
    averages and the division. That is *not* Adam on the loss plus :math:`\tfrac{\lambda}{2}
    \lVert \theta \rVert^2`: there the penalty's gradient :math:`\lambda \theta` joins :math:`g_t`, is
    divided by :math:`\sqrt{\hat v_t}`, and so shrinks a weight with large past gradients less.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0` (the paper and PyTorch use 0.001 by default).
    beta1 : float, default=0.9
        Decay rate :math:`\beta_1 \in [0, 1)` of the first-moment average :math:`m`.
    beta2 : float, default=0.999
        Decay rate :math:`\beta_2 \in [0, 1)` of the second-moment average :math:`v`.
    eps : float, default=1e-8
        :math:`\epsilon > 0`, added to :math:`\sqrt{\hat v_t}`.
    weight_decay : float, default=0.0
        Decoupled weight decay :math:`\lambda \ge 0` (AdamW; introduced in: the overfitting chapter,
        book/overfitting.ipynb).

    Notes
    -----
    These are Algorithm 1 of Kingma & Ba and ``torch.optim.Adam``'s equations (no weight decay, no
    AMSGrad). Because :math:`m_0 = v_0 = 0`, the raw averages are biased towards 0 early on; dividing
    by :math:`1 - \beta^t` removes that bias, so the very first step is
    :math:`\eta \, g_1 / (|g_1| + \epsilon) \approx \eta \operatorname{sign}(g_1)`. The step count
    :math:`t` is kept per parameter array in ``state[key]["step"]``.

    References
    ----------
    D. P. Kingma and J. Ba (2015). Adam: A method for stochastic optimization. *International
    Conference on Learning Representations (ICLR)*. arXiv:1412.6980.

    I. Loshchilov and F. Hutter (2019). Decoupled weight decay regularization. *International
    Conference on Learning Representations (ICLR)*. arXiv:1711.05101.

    Examples
    --------
    The first step moves every entry by about ``lr``, whatever the size of its gradient:

    >>> params = {"w": np.array([1.0, 1.0])}
    >>> Adam(lr=0.1).step(params, {"w": np.array([2.0, -1e-3])})
    >>> params["w"].round(4)
    array([0.9, 1.1])

    AdamW shrinks both entries by the same factor :math:`1 - \eta\lambda = 0.95` first:

    >>> params = {"w": np.array([1.0, 1.0])}
    >>> Adam(lr=0.1, weight_decay=0.5).step(params, {"w": np.array([2.0, -1e-3])})
    >>> params["w"].round(4)
    array([0.85, 1.05])
    """

    _squares_gradients = True

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(lr)
        self.weight_decay = check_scalar(weight_decay, "weight_decay", "Adam", low=0)
        self.beta1 = check_scalar(beta1, "beta1", "Adam", low=0, high=1, include_high=False)
        self.beta2 = check_scalar(beta2, "beta2", "Adam", low=0, high=1, include_high=False)
        self.eps = check_scalar(eps, "eps", "Adam", low=0, include_low=False)

    def _hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps,
                **({"weight_decay": self.weight_decay} if self.weight_decay else {})}

    def _init_state(self, theta: NDArray[np.floating]) -> dict[str, NDArray[np.floating]]:
        return {"m": np.zeros_like(theta), "v": np.zeros_like(theta)}

    def _update(self, theta: NDArray[np.floating], g: NDArray[np.floating], state: dict[str, Any]) -> None:
        beta1, beta2, t = self.beta1, self.beta2, state["step"]
        if self.weight_decay:
            theta *= 1 - self.lr * self.weight_decay  # decoupled (AdamW): theta_{t-1} <- (1 - lr lambda) theta_{t-1}
        m = beta1 * state["m"] + (1 - beta1) * g  # m_t = beta1 m_{t-1} + (1 - beta1) g_t
        v = beta2 * state["v"] + (1 - beta2) * g * g  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
        state["m"], state["v"] = m, v
        m_hat = m / (1 - beta1**t)  # bias-corrected first moment
        v_hat = v / (1 - beta2**t)  # bias-corrected second moment
        theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


_REGISTRY: dict[str, type[Optimizer]] = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}

#: Names accepted by :func:`get_optimizer`.
OPTIMIZERS: tuple[str, ...] = tuple(_REGISTRY)


def get_optimizer(name: str, **hyperparameters: Any) -> Optimizer:
    r"""Create an optimizer from its name, as ``MLPClassifier(optimizer="adam")`` does.

    Introduced in: the first-network chapter (book/first_network.ipynb).

    Parameters
    ----------
    name : str
        One of :data:`OPTIMIZERS`: ``"sgd"``, ``"rmsprop"``, ``"adam"``.
    **hyperparameters
        Passed to the constructor: ``lr`` (required) and e.g. ``momentum``, ``nesterov`` for ``"sgd"``.

    Raises
    ------
    ValueError
        If ``name`` is unknown; the message lists the valid names.
    TypeError
        If a hyperparameter does not belong to that optimizer.

    Examples
    --------
    >>> get_optimizer("sgd", lr=0.1, momentum=0.9)
    SGD(lr=0.1, momentum=0.9, nesterov=False)
    >>> get_optimizer("adagrad", lr=0.1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'name' parameter of get_optimizer must be one of 'sgd', 'rmsprop', 'adam'. Got ...
    >>> get_optimizer("adam", lr=0.1, momentum=0.9)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: The 'hyperparameters' parameter of get_optimizer must only hold hyperparameters of 'adam' ...
    """
    return create_from_registry(_REGISTRY, name, hyperparameters, "get_optimizer", keyword="hyperparameters")


# --------------------------------------------------------------------------------------------------
# Gradient clipping and learning-rate schedules
# --------------------------------------------------------------------------------------------------
def clip_by_norm(grads: Mapping[str, ArrayLike], max_norm: float) -> dict[str, NDArray[np.float64]]:
    r"""Scale all gradients together so that their joint norm is at most ``max_norm``.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    With :math:`\lVert g\rVert` the norm of all entries of all arrays together (PyTorch's
    ``clip_grad_norm_``; Pascanu, Mikolov and Bengio 2013),

    .. math::

        g \leftarrow g \cdot \min\!\left(1, \frac{c}{\lVert g \rVert}\right):

    the direction is kept, only a step longer than :math:`c` is shortened.

    Parameters
    ----------
    grads : dict of str to array_like
        The gradients (not modified).
    max_norm : float
        :math:`c > 0`.

    Returns
    -------
    dict of str to ndarray
        New float64 arrays, same keys and shapes.

    Examples
    --------
    >>> clip_by_norm({"w": [3.0, 4.0]}, max_norm=1.0)["w"]  # norm 5 -> 1
    array([0.6, 0.8])
    >>> clip_by_norm({"w": [0.3, 0.4]}, max_norm=1.0)["w"]  # already shorter: unchanged
    array([0.3, 0.4])
    """
    owner = "clip_by_norm"
    max_norm = check_scalar(max_norm, "max_norm", owner, low=0, include_low=False)
    if not isinstance(grads, Mapping) or not grads:
        raise TypeError(f"The 'grads' parameter of {owner} must be a non-empty dict of arrays, e.g. "
                        f"{{'w': g}}. Got {type(grads).__name__} instead.")
    arrays = {key: as_float_array(g, "grads", owner, allow_nan=False, allow_inf=False).astype(np.float64)
              for key, g in grads.items()}
    norm = float(np.sqrt(sum(np.sum(g * g) for g in arrays.values())))  # ‖g‖ over every entry
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0               # min(1, c / ‖g‖)
    return {key: g * scale for key, g in arrays.items()}


def _check_step(t: object, owner: str) -> int:
    return int(check_scalar(t, "t", owner, low=0, integer=True))


class StepDecay:
    r"""Step decay: the learning rate is multiplied by ``factor`` every ``every`` steps.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    .. math::

        \eta_t = \eta_0 \, \gamma^{\lfloor t / s \rfloor}

    Parameters
    ----------
    lr : float
        :math:`\eta_0 > 0`, the starting rate.
    every : int
        :math:`s \ge 1`, steps between drops.
    factor : float, default=0.1
        :math:`\gamma \in (0, 1]`.

    Examples
    --------
    >>> schedule = StepDecay(lr=0.1, every=10, factor=0.5)
    >>> [schedule(t) for t in (0, 9, 10, 25)]
    [0.1, 0.1, 0.05, 0.025]
    """

    def __init__(self, lr: float, every: int, factor: float = 0.1) -> None:
        self.lr = check_scalar(lr, "lr", "StepDecay", low=0, include_low=False)
        self.every = int(check_scalar(every, "every", "StepDecay", low=1, integer=True))
        self.factor = check_scalar(factor, "factor", "StepDecay", low=0, high=1, include_low=False)

    def __call__(self, t: int) -> float:
        """The learning rate :math:`\\eta_t` of step ``t`` (0-based)."""
        return self.lr * self.factor ** (_check_step(t, "StepDecay") // self.every)

    def __repr__(self) -> str:
        return f"StepDecay(lr={self.lr:g}, every={self.every}, factor={self.factor:g})"


class CosineDecay:
    r"""Cosine decay from ``lr`` to ``lr_min`` over ``n_steps`` steps (Loshchilov and Hutter 2017).

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    .. math::

        \eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min}) \left(1 + \cos\frac{\pi t}{T}\right),
        \qquad \eta_t = \eta_{\min} \text{ for } t \ge T

    Parameters
    ----------
    lr : float
        :math:`\eta_0 > 0`.
    n_steps : int
        :math:`T \ge 1`.
    lr_min : float, default=0.0
        :math:`\eta_{\min} \in [0, \eta_0]`.

    Examples
    --------
    >>> schedule = CosineDecay(lr=0.1, n_steps=100)
    >>> [round(schedule(t), 4) for t in (0, 50, 100, 200)]
    [0.1, 0.05, 0.0, 0.0]
    """

    def __init__(self, lr: float, n_steps: int, lr_min: float = 0.0) -> None:
        self.lr = check_scalar(lr, "lr", "CosineDecay", low=0, include_low=False)
        self.n_steps = int(check_scalar(n_steps, "n_steps", "CosineDecay", low=1, integer=True))
        self.lr_min = check_scalar(lr_min, "lr_min", "CosineDecay", low=0, high=self.lr)

    def __call__(self, t: int) -> float:
        """The learning rate :math:`\\eta_t` of step ``t`` (0-based)."""
        progress = min(_check_step(t, "CosineDecay"), self.n_steps) / self.n_steps
        return float(self.lr_min + 0.5 * (self.lr - self.lr_min) * (1.0 + np.cos(np.pi * progress)))

    def __repr__(self) -> str:
        return f"CosineDecay(lr={self.lr:g}, n_steps={self.n_steps}, lr_min={self.lr_min:g})"


class Warmup:
    r"""Linear warm-up: the learning rate rises from :math:`\eta_0/k` to :math:`\eta_0` over ``n_warmup`` steps.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    .. math::

        \eta_t = \eta_0 \min\!\left(1, \frac{t + 1}{k}\right)

    Small first steps let the parameters leave a sharp starting region (large curvature, large
    gradients) before the full rate is used (Goyal et al. 2017).

    Parameters
    ----------
    lr : float
        :math:`\eta_0 > 0`, the rate after warm-up.
    n_warmup : int
        :math:`k \ge 1`, warm-up steps.

    Examples
    --------
    >>> schedule = Warmup(lr=0.1, n_warmup=4)
    >>> [round(schedule(t), 3) for t in (0, 1, 3, 10)]
    [0.025, 0.05, 0.1, 0.1]
    """

    def __init__(self, lr: float, n_warmup: int) -> None:
        self.lr = check_scalar(lr, "lr", "Warmup", low=0, include_low=False)
        self.n_warmup = int(check_scalar(n_warmup, "n_warmup", "Warmup", low=1, integer=True))

    def __call__(self, t: int) -> float:
        """The learning rate :math:`\\eta_t` of step ``t`` (0-based)."""
        return self.lr * min(1.0, (_check_step(t, "Warmup") + 1) / self.n_warmup)

    def __repr__(self) -> str:
        return f"Warmup(lr={self.lr:g}, n_warmup={self.n_warmup})"


_SCHEDULES: dict[str, type] = {"step": StepDecay, "cosine": CosineDecay, "warmup": Warmup}

#: Names accepted by :func:`get_schedule`.
SCHEDULES: tuple[str, ...] = tuple(_SCHEDULES)


def get_schedule(name: str, **params: Any) -> Any:
    r"""Create a learning-rate schedule from its name, for the ``lr_schedule`` argument of a training loop.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Parameters
    ----------
    name : str
        One of :data:`SCHEDULES`: ``"step"`` (:class:`StepDecay`), ``"cosine"`` (:class:`CosineDecay`),
        ``"warmup"`` (:class:`Warmup`).
    **params
        Passed to the constructor, e.g. ``lr`` and ``n_steps`` for ``"cosine"``.

    Examples
    --------
    >>> get_schedule("cosine", lr=0.1, n_steps=50)
    CosineDecay(lr=0.1, n_steps=50, lr_min=0)
    """
    return create_from_registry(_SCHEDULES, name, params, "get_schedule")
