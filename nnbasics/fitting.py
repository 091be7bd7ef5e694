r"""Fit a constant or a straight line by gradient descent under a chosen loss: how losses treat outliers.

Introduced in: the losses chapter (book/losses.ipynb), "Outliers: MAE and Huber".

The model is a line :math:`\hat y_i = w x_i + b` (a constant is the same with :math:`w = 0` held fixed).
With :math:`g_i = \partial L/\partial \hat y_i`, what ``loss.grad`` returns, the chain rule gives

.. math::

    \frac{\partial L}{\partial w} = \sum_i g_i\, x_i, \qquad \frac{\partial L}{\partial b} = \sum_i g_i ,

and each epoch takes one full-batch step :math:`w \leftarrow w - \eta_t\, \partial L/\partial w`,
:math:`b \leftarrow b - \eta_t\, \partial L/\partial b`, in the package's one training loop
(:func:`nnbasics.training.train`, with a learning-rate schedule). By default the step shrinks,
:math:`\eta_t = \eta / \sqrt{t + 1}`: the MAE gradient keeps the same size however close the fit is
to its minimum, so with a constant step it would jump back and forth around it forever.

Which constant minimizes each loss is known in closed form, which makes the fits easy to check:
the **mean** for MSE, the **median** for MAE, and for Huber something in between (the mean of the
points near the centre, with far points pulled in to distance :math:`\delta`).

The fits return the loop's :class:`~nnbasics.training.History`, recorded at every step: ``params``
(the fitted ``"w"`` and ``"b"``), ``path`` (their values after each step, entry 0 the start), ``loss``.
A run that diverges (MSE with too large a step) stops and says so, with the step-size bound.

Written to be read, not to be fast: one Python loop iteration per epoch.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, check_bool, check_choice, check_scalar, describe
from .losses import MSE, Loss, get_loss
from .optim import SGD
from .training import History, train

__all__ = ["REGRESSION_LOSSES", "TWO_CLASSES", "accuracy_and_cross_entropy", "fit_constant", "fit_line", "line_gradient",
           "line_loss_surface"]

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
    return (fn.loss(w * x + b, y), *_line_grads(fn, x, y, w, b))


def _line_grads(fn: Loss, x: NDArray[np.float64], y: NDArray[np.float64], w: float,
                b: float) -> tuple[float, float]:
    g = fn.grad(w * x + b, y)                    # dL/dy_hat, one entry per sample
    return float(np.sum(g * x)), float(np.sum(g))


def _descend(fn: Loss, x: NDArray[np.float64], y: NDArray[np.float64], w: float, b: float, lr: float,
             n_epochs: int, decay: bool, fit_w: bool) -> History:
    """Full-batch gradient descent on the line (``fit_w``) or the constant, through the training loop."""
    params = {"w": np.array(w), "b": np.array(b)} if fit_w else {"b": np.array(b)}
    data = x.reshape(-1, 1)

    last: dict[tuple[float, float], tuple[float, float, float] | None] = {}

    def at_current_line() -> tuple[float, float, float] | None:
        """(L, dL/dw, dL/db) at the current (w, b), or None if w x + b overflowed. The loop asks for the loss
        after a step and for the gradients before the next one, at the same point: computed once."""
        point = (float(params["w"]) if fit_w else 0.0, float(params["b"]))
        if point not in last:
            last.clear()
            finite = np.all(np.isfinite(point[0] * x + point[1]))
            last[point] = _line_gradient(fn, x, y, *point) if finite else None
        return last[point]

    def grads(_: NDArray[np.float64], __: NDArray[np.float64]) -> dict[str, NDArray[np.float64]] | None:
        evaluated = at_current_line()
        if evaluated is None:
            return None
        _, dL_dw, dL_db = evaluated
        return {"w": np.array(dL_dw), "b": np.array(dL_db)} if fit_w else {"b": np.array(dL_db)}

    def training_loss() -> float:
        evaluated = at_current_line()
        return np.inf if evaluated is None else evaluated[0]

    # The MSE of a line is a quadratic in (w, b) with Hessian 2/n [[sum x^2, sum x], [sum x, n]] (2 for
    # the constant): its largest curvature gives the step-size bound a diverging run reports.
    curvature = None
    if isinstance(fn, MSE):
        features = np.column_stack([x, np.ones_like(x)]) if fit_w else np.ones((x.size, 1))
        curvature = float(np.linalg.eigvalsh(2.0 * features.T @ features / x.size)[-1])
    start = training_loss()
    return train(grads, params, SGD(lr), data, y, training_loss=training_loss, n_epochs=n_epochs,
                 shuffle=False, record="step", keep_path=True, curvature=curvature,
                 lr_schedule=(lambda t: lr / np.sqrt(t + 1)) if decay else None,
                 max_loss=1e12 * (1.0 + start) if np.isfinite(start) else np.inf)


def fit_line(
    x: ArrayLike,
    y: ArrayLike,
    loss: str | Loss = "mse",
    *,
    lr: float = 0.5,
    n_epochs: int = 2000,
    decay: bool = True,
    w: float = 0.0,
    b: float = 0.0,
) -> History:
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
    n_epochs : int, default=2000
        Number of full-batch steps, :math:`\ge 0`.
    decay : bool, default=True
        Use :math:`\eta_t = \eta/\sqrt{t + 1}` (needed for MAE to settle); otherwise :math:`\eta_t = \eta`.
    w, b : float, default=0.0
        Starting slope and intercept.

    Returns
    -------
    History
        ``params["w"]``, ``params["b"]``: the fitted slope and intercept (0-d arrays); ``path["w"]``,
        ``path["b"]`` and ``loss``, shape ``(n_steps + 1,)``: entry ``t`` after ``t`` steps (entry 0 is the
        start); ``diverged`` and ``message``. The run stops, diverged, if the loss grows above
        :math:`10^{12}` times its starting value (plus 1) or overflows.

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
    >>> round(float(fit.params["w"]), 2), round(float(fit.params["b"]), 2)  # least squares: dragged up
    (6.0, 3.0)
    >>> fit = fit_line(x, y, "mae")
    >>> round(float(fit.params["w"]), 2), round(float(fit.params["b"]), 2)  # least absolute deviations
    (2.01, 1.0)
    >>> fit = fit_line(x, y, "mse", lr=5.0, decay=False)  # the Hessian of the MSE is diag(1, 2) here
    >>> print(fit.message)  # doctest: +NORMALIZE_WHITESPACE
    Diverged at step 7 (epoch 7): the training loss grew to 2.06e+14 (above max_loss = 3.6e+13). For this
    quadratic, gradient descent diverges when lr > 2/λ_max = 1; lr = 5.
    """
    owner = "fit_line"
    fn = _resolve(loss, owner)
    x, y = _data(x, y, owner)
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=0, integer=True)
    decay = check_bool(decay, "decay", owner)
    w = check_scalar(w, "w", owner)
    b = check_scalar(b, "b", owner)
    return _descend(fn, x, y, w, b, lr, n_epochs, decay, fit_w=True)


def fit_constant(
    y: ArrayLike,
    loss: str | Loss = "mse",
    *,
    lr: float = 0.5,
    n_epochs: int = 2000,
    decay: bool = True,
    b: float = 0.0,
) -> History:
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
    lr, n_epochs, decay
        As for :func:`fit_line`.
    b : float, default=0.0
        Starting value.

    Returns
    -------
    History
        As for :func:`fit_line`, without ``"w"``: ``params["b"]`` is the fitted constant.

    Examples
    --------
    >>> data = [1.0, 2.0, 3.0, 4.0, 100.0]
    >>> [round(float(fit_constant(data, name).params["b"]), 2) for name in ("mse", "mae")]  # mean, median
    [22.0, 3.0]
    """
    owner = "fit_constant"
    fn = _resolve(loss, owner)
    y = as_float_array(y, "y", owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    if y.size == 0:
        raise ValueError(f"The 'y' parameter of {owner} must not be empty. Got an array of shape {y.shape} "
                         f"instead.")
    lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
    n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=0, integer=True)
    decay = check_bool(decay, "decay", owner)
    b = check_scalar(b, "b", owner)
    return _descend(fn, np.zeros_like(y), y, 0.0, b, lr, n_epochs, decay, fit_w=False)


def _grid(values: ArrayLike, name: str, owner: str) -> NDArray[np.float64]:
    arr = as_float_array(values, name, owner, allow_nan=False, allow_inf=False, ndim=1).astype(np.float64)
    if not 1 <= arr.size <= 1000:
        raise ValueError(f"The '{name}' parameter of {owner} must hold 1 to 1000 grid values. "
                         f"Got {arr.size} instead.")
    return arr


def line_loss_surface(
    loss: str | Loss, x: ArrayLike, y: ArrayLike, w: ArrayLike, b: ArrayLike
) -> NDArray[np.float64]:
    r"""The loss of the line :math:`\hat y = w x + b` on data, as a function of the parameters :math:`(w, b)`.

    Introduced in: the losses chapter (book/losses.ipynb), "The loss as a function of the parameters".

    .. math::

        L(w, b) = \frac{1}{n} \sum_{i=1}^{n} \ell(w x_i + b - y_i)

    evaluated at every pair of a grid: the surface that gradient descent
    (:func:`fit_line`, and the gradient-descent chapter) walks down. For MSE it is a quadratic bowl in
    :math:`(w, b)`; for MAE a polyhedral funnel, creased along every line :math:`w x_i + b = y_i`.

    Parameters
    ----------
    loss : str or Loss
        One of :data:`REGRESSION_LOSSES`, or a loss object such as ``Huber(delta=2.0)``.
    x, y : array_like of shape (n_samples,)
        Inputs and targets.
    w, b : array_like of shape (n_w,) and (n_b,)
        Grid values of the slope and the intercept, 1 to 1000 of each.

    Returns
    -------
    ndarray of shape (n_b, n_w)
        ``L[j, i]`` is the loss at ``(w[i], b[j])``: rows follow ``b``, columns ``w``, as
        ``contour(w, b, L)`` expects.

    Examples
    --------
    >>> line_loss_surface("mse", [0.0, 1.0], [1.0, 3.0], w=[0.0, 2.0], b=[0.0, 1.0])
    array([[5., 1.],
           [2., 0.]])
    >>> line_loss_surface("mae", [0.0, 1.0], [1.0, 3.0], w=[0.0, 2.0], b=[1.0])
    array([[1., 0.]])
    """
    owner = "line_loss_surface"
    fn = _resolve(loss, owner)
    x, y = _data(x, y, owner)
    w_grid, b_grid = _grid(w, "w", owner), _grid(b, "b", owner)
    return np.array([[fn.loss(wi * x + bj, y) for wi in w_grid] for bj in b_grid])


#: A one-feature, two-class toy set for :func:`accuracy_and_cross_entropy`: inputs ``x`` and labels
#: ``y`` (0 or 1); the classes overlap (x = -0.3 is labelled 1, x = 0.4 is labelled 0), so no threshold
#: classifies every point.
TWO_CLASSES = {
    "x": np.array([-2.0, -1.4, -0.8, 0.4, -0.3, 0.7, 1.3, 2.1]),
    "y": np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]),
}
for _arr in TWO_CLASSES.values():
    _arr.flags.writeable = False


def accuracy_and_cross_entropy(x: ArrayLike, y: ArrayLike, w: float, b: float) -> tuple[float, float]:
    r"""Accuracy and binary cross-entropy of the one-feature classifier :math:`p = \sigma(w x + b)`.

    Introduced in: the losses chapter (book/losses.ipynb), "Why not train on accuracy?".

    .. math::

        \mathrm{accuracy}(w, b) = \frac{1}{n} \sum_{i=1}^{n} [\, \mathbb 1(w x_i + b > 0) = y_i \,],
        \qquad
        L(w, b) = \frac{1}{n} \sum_{i=1}^{n} \bigl[ \log(1 + e^{z_i}) - y_i z_i \bigr],
        \quad z_i = w x_i + b

    The accuracy only changes when the threshold :math:`-b/w` crosses a data point, so as a function
    of :math:`w` it is a staircase: flat, with zero derivative, almost everywhere. The cross-entropy
    (:class:`nnbasics.losses.BinaryCrossEntropyWithLogits`) changes smoothly with every parameter.

    Parameters
    ----------
    x : array_like of shape (n_samples,)
        Inputs.
    y : array_like of shape (n_samples,)
        Labels, 0 or 1.
    w, b : float
        Weight and bias of the classifier, in :math:`[-10^6, 10^6]`.

    Returns
    -------
    (float, float)
        The fraction of points classified correctly (predicting 1 where :math:`w x + b > 0`), and the
        mean cross-entropy.

    Examples
    --------
    >>> acc, ce = accuracy_and_cross_entropy([-1.0, 1.0], [0.0, 1.0], w=2.0, b=0.0)
    >>> acc, round(ce, 4)  # both right; L = log(1 + e**-2)
    (1.0, 0.1269)
    >>> accuracy_and_cross_entropy([-1.0, 1.0], [0.0, 1.0], w=2.5, b=0.0)[0]  # a bigger w: same accuracy
    1.0
    """
    owner = "accuracy_and_cross_entropy"
    x, y = _data(x, y, owner)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"The 'y' parameter of {owner} must hold labels 0 or 1. "
                         f"Got values from {float(y.min())!r} to {float(y.max())!r} instead.")
    w = check_scalar(w, "w", owner, low=-1e6, high=1e6)
    b = check_scalar(b, "b", owner, low=-1e6, high=1e6)
    z = w * x + b
    accuracy = float(np.mean((z > 0) == (y == 1)))
    return accuracy, get_loss("binary_cross_entropy_with_logits").loss(z, y)
