r"""Fit a constant or a straight line by gradient descent under a chosen loss: how losses treat outliers.

Introduced in: the losses chapter (book/losses.ipynb), "Outliers: MAE and Huber".

The model is a line :math:`\hat y_i = w x_i + b` (a constant is the same with :math:`w = 0` held fixed).
With :math:`g_i = \partial L/\partial \hat y_i`, what ``loss.grad`` returns, the chain rule gives

.. math::

    \frac{\partial L}{\partial w} = \sum_i g_i\, x_i, \qquad \frac{\partial L}{\partial b} = \sum_i g_i ,

and each epoch takes one full-batch step :math:`w \leftarrow w - \eta_t\, \partial L/\partial w`,
:math:`b \leftarrow b - \eta_t\, \partial L/\partial b`. By default the step shrinks,
:math:`\eta_t = \eta / \sqrt{t + 1}`: the MAE gradient keeps the same size however close the fit is
to its minimum, so with a constant step it would jump back and forth around it forever.

Which constant minimizes each loss is known in closed form, which makes the fits easy to check:
the **mean** for MSE, the **median** for MAE, and for Huber something in between (the mean of the
points near the centre, with far points pulled in to distance :math:`\delta`).

Written to be read, not to be fast: one Python loop iteration per epoch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, check_bool, check_choice, check_scalar, describe
from .losses import Loss, get_loss

__all__ = ["REGRESSION_LOSSES", "LineFit", "fit_constant", "fit_line", "line_gradient"]

#: Loss names accepted as strings by the functions of this module (a :class:`nnbasics.losses.Loss`
#: object, such as ``Huber(delta=2.0)``, is accepted too).
REGRESSION_LOSSES: tuple[str, ...] = ("mse", "mae", "huber")


def _resolve(loss: str | Loss, owner: str) -> Loss:
    if isinstance(loss, type) and issubclass(loss, Loss):
        raise TypeError(f"The 'loss' parameter of {owner} must be a name or a loss object, not a class. "
                        f"Got the class {loss.__name__} instead; create one first, e.g. {loss.__name__}().")
    if isinstance(loss, Loss):
        if loss.name not in REGRESSION_LOSSES:
            raise ValueError(f"The 'loss' parameter of {owner} must be a regression loss "
                             f"({', '.join(map(repr, REGRESSION_LOSSES))}). Got {describe(loss)} instead.")
        return loss
    return get_loss(check_choice(loss, "loss", owner, REGRESSION_LOSSES))


def _data(x: ArrayLike, y: ArrayLike, owner: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x = as_float_array(x, "x", owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    y = as_float_array(y, "y", owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(f"The 'y' parameter of {owner} must be a non-empty array with the shape of x, "
                         f"{x.shape}. Got shape {y.shape} instead.")
    return x, y


def line_gradient(
    loss: str | Loss, x: ArrayLike, y: ArrayLike, w: float, b: float
) -> tuple[float, float, float]:
    r"""Loss of the line :math:`\hat y = w x + b` on data, and its gradient with respect to ``w`` and ``b``.

    Introduced in: the losses chapter (book/losses.ipynb), "Outliers: MAE and Huber".

    Parameters
    ----------
    loss : str or Loss
        One of :data:`REGRESSION_LOSSES`, or a loss object such as ``Huber(delta=2.0)``.
    x, y : array_like of shape (n_samples,)
        Inputs and targets.
    w, b : float
        Slope and intercept.

    Returns
    -------
    (float, float, float)
        :math:`L`, :math:`\partial L/\partial w = \sum_i g_i x_i` and
        :math:`\partial L/\partial b = \sum_i g_i`, where :math:`g` = ``loss.grad(w * x + b, y)``.

    Examples
    --------
    >>> line_gradient("mse", [0.0, 1.0], [1.0, 3.0], 0.0, 0.0)    # L = (1 + 9) / 2, g = (-1, -3)
    (5.0, -3.0, -4.0)
    """
    owner = "line_gradient"
    fn = _resolve(loss, owner)
    x, y = _data(x, y, owner)
    w = check_scalar(w, "w", owner)
    b = check_scalar(b, "b", owner)
    return _line_gradient(fn, x, y, w, b)


def _line_gradient(fn: Loss, x: NDArray[np.float64], y: NDArray[np.float64], w: float,
                   b: float) -> tuple[float, float, float]:
    y_hat = w * x + b
    g = fn.grad(y_hat, y)                        # dL/dy_hat, one entry per sample
    return fn.loss(y_hat, y), float(np.sum(g * x)), float(np.sum(g))


@dataclass(frozen=True, eq=False)
class LineFit:
    r"""Result of :func:`fit_line` or :func:`fit_constant`.

    Introduced in: the losses chapter (book/losses.ipynb), "Outliers: MAE and Huber".

    Attributes
    ----------
    w, b : float
        Final slope and intercept (``w`` is 0 for :func:`fit_constant`).
    w_history, b_history, loss_history : ndarray of shape (epochs + 1,)
        Entry ``t``: after ``t`` gradient steps (entry 0 is the start).
    """

    w: float
    b: float
    w_history: NDArray[np.float64]
    b_history: NDArray[np.float64]
    loss_history: NDArray[np.float64]

    def __repr__(self) -> str:
        return f"LineFit(w={self.w:.4g}, b={self.b:.4g}, final loss={self.loss_history[-1]:.4g})"


def _descend(fn: Loss, x: NDArray[np.float64], y: NDArray[np.float64], w: float, b: float, lr: float,
             epochs: int, decay: bool, fit_w: bool) -> LineFit:
    ws, bs, losses = np.empty(epochs + 1), np.empty(epochs + 1), np.empty(epochs + 1)
    for t in range(epochs + 1):
        L, dL_dw, dL_db = _line_gradient(fn, x, y, w, b)
        ws[t], bs[t], losses[t] = w, b, L
        if t < epochs:
            eta = lr / np.sqrt(t + 1) if decay else lr
            if fit_w:
                w -= eta * dL_dw
            b -= eta * dL_db
    return LineFit(w=float(w), b=float(b), w_history=ws, b_history=bs, loss_history=losses)


def fit_line(
    x: ArrayLike,
    y: ArrayLike,
    loss: str | Loss = "mse",
    *,
    lr: float = 0.5,
    epochs: int = 2000,
    decay: bool = True,
    w: float = 0.0,
    b: float = 0.0,
) -> LineFit:
    r"""Fit :math:`\hat y = w x + b` to data by full-batch gradient descent on ``loss``.

    Introduced in: the losses chapter (book/losses.ipynb), "Outliers: MAE and Huber".

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
        Inputs and targets. Inputs of order 1 suit the default step size.
    loss : str or Loss, default="mse"
        One of :data:`REGRESSION_LOSSES`, or a loss object such as ``Huber(delta=2.0)``.
    lr : float, default=0.5
        Initial learning rate :math:`\eta > 0`.
    epochs : int, default=2000
        Number of steps, :math:`\ge 0`.
    decay : bool, default=True
        Use :math:`\eta_t = \eta/\sqrt{t + 1}` (needed for MAE to settle); otherwise :math:`\eta_t = \eta`.
    w, b : float, default=0.0
        Starting slope and intercept.

    Returns
    -------
    LineFit

    Raises
    ------
    ValueError
        For an unknown loss name (the message lists the choices), data of different shapes, or a
        number out of range.

    Examples
    --------
    Five points on :math:`y = 2x + 1`, the last one 10 too high:

    >>> x = np.linspace(-1, 1, 5)
    >>> y = 2 * x + 1
    >>> y[-1] += 10
    >>> fit = fit_line(x, y, "mse")
    >>> round(fit.w, 2), round(fit.b, 2)       # least squares: dragged towards the outlier
    (6.0, 3.0)
    >>> fit = fit_line(x, y, "mae")
    >>> round(fit.w, 2), round(fit.b, 2)       # least absolute deviations: close to the line
    (2.01, 1.0)
    """
    owner = "fit_line"
    fn = _resolve(loss, owner)
    x, y = _data(x, y, owner)
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    epochs = check_scalar(epochs, "epochs", owner, low=0, integer=True)
    decay = check_bool(decay, "decay", owner)
    w = check_scalar(w, "w", owner)
    b = check_scalar(b, "b", owner)
    return _descend(fn, x, y, w, b, lr, epochs, decay, fit_w=True)


def fit_constant(
    y: ArrayLike,
    loss: str | Loss = "mse",
    *,
    lr: float = 0.5,
    epochs: int = 2000,
    decay: bool = True,
    b: float = 0.0,
) -> LineFit:
    r"""Fit one constant :math:`\hat y_i = b` to data by gradient descent on ``loss``.

    Introduced in: the losses chapter (book/losses.ipynb), "Outliers: MAE and Huber".

    The same as :func:`fit_line` with the slope held at 0. The minimizer is the mean of ``y`` for MSE
    and a median for MAE.

    Parameters
    ----------
    y : array_like of shape (n_samples,)
        The data.
    loss : str or Loss, default="mse"
        One of :data:`REGRESSION_LOSSES`, or a loss object such as ``Huber(delta=2.0)``.
    lr, epochs, decay
        As for :func:`fit_line`.
    b : float, default=0.0
        Starting value.

    Returns
    -------
    LineFit
        ``fit.b`` is the fitted constant.

    Examples
    --------
    >>> data = [1.0, 2.0, 3.0, 4.0, 100.0]
    >>> round(fit_constant(data, "mse").b, 2), round(fit_constant(data, "mae").b, 2)   # mean, median
    (22.0, 3.0)
    """
    owner = "fit_constant"
    fn = _resolve(loss, owner)
    y = as_float_array(y, "y", owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    if y.size == 0:
        raise ValueError(f"The 'y' parameter of {owner} must not be empty. Got an array of shape {y.shape} "
                         f"instead.")
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    epochs = check_scalar(epochs, "epochs", owner, low=0, integer=True)
    decay = check_bool(decay, "decay", owner)
    b = check_scalar(b, "b", owner)
    return _descend(fn, np.zeros_like(y), y, 0.0, b, lr, epochs, decay, fit_w=False)
