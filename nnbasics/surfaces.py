r"""Test surfaces for optimization, with exact gradients, and a driver that runs an optimizer on them.

Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

A *surface* is a function :math:`f: \mathbb{R}^d \to \mathbb{R}` with a known minimum:

* :class:`Quadratic` - :math:`\tfrac12 \sum_i \lambda_i (w_i - c_i)^2`, where the step-size limit
  :math:`\eta < 2/\lambda_{\max}` of gradient descent can be seen and computed;
* :class:`Rosenbrock` - a curved, narrow valley that punishes plain gradient descent;
* :class:`Himmelblau` - four minima, so the starting point decides where you end up;
* :class:`Saddle` - a saddle point between two minima, where plain gradient descent can stall.

Each surface has ``value(w)`` and ``grad(w)``, both vectorised over leading axes so that a contour
grid of shape ``(ny, nx, 2)`` is evaluated in one call, plus ``minimum``, ``name``, ``dim`` and a
plotting box ``bounds``. :func:`run_optimizer` runs any optimizer with a ``step(params, grads)``
method from a starting point, through the package's one training loop (:func:`nnbasics.training.train`,
without data: every step is a gradient step on the surface), and returns its
:class:`~nnbasics.training.History`: the path, the losses and, if it happened, why the run diverged.
On a surface there are no epochs, so the number of optimizer steps is called ``n_steps``.

.. rubric:: Symbols

===========================  ==========================================================
symbol                       meaning
===========================  ==========================================================
:math:`w`                    a point, shape ``(d,)``, or a batch of points ``(..., d)``
:math:`f(w)`                 the value of the surface, the "loss"
:math:`\nabla f(w)`          the gradient, shaped like :math:`w`
:math:`\lambda_i`            curvature of a quadratic along axis :math:`i`
:math:`\eta`, :math:`\mu`    learning rate and momentum of the optimizer
===========================  ==========================================================
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnbasics._validation import as_float_array, check_bool, check_instance, check_rng, check_scalar
from nnbasics.optim import clip_by_norm
from nnbasics.training import History, sgd_lr_bound, train

__all__ = ["Himmelblau", "Quadratic", "Rosenbrock", "Saddle", "Surface", "run_optimizer"]


class Surface:
    r"""Base class of the test surfaces: a function of :math:`w \in \mathbb{R}^d` and its gradient.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Subclasses set ``name``, ``dim``, ``minimum`` (shape ``(d,)``), ``minima`` (all global minima,
    shape ``(n_minima, d)``) and ``bounds`` (one ``(low, high)`` pair per axis), and implement
    ``_value`` and ``_grad`` on validated arrays of shape ``(..., d)``.
    """

    name: ClassVar[str] = ""
    dim: int
    minimum: NDArray[np.float64]
    minima: NDArray[np.float64]
    bounds: tuple[tuple[float, float], ...]

    def value(self, w: ArrayLike) -> float | NDArray[np.float64]:
        """The value :math:`f(w)`.

        Parameters
        ----------
        w : array_like, shape (d,) or (..., d)
            One point, or a batch of points along the last axis (e.g. a grid for a contour plot).

        Returns
        -------
        float or ndarray of shape (...)
            A float for a single point, an array of shape ``w.shape[:-1]`` for a batch.
        """
        points = self._as_points(w, "value")
        with np.errstate(over="ignore", invalid="ignore"):  # far from the minimum the value overflows to inf
            out = self._value(points)
        return float(out) if points.ndim == 1 else out

    def grad(self, w: ArrayLike) -> NDArray[np.float64]:
        r"""The gradient :math:`\nabla f(w)`, shape ``(d,)`` for a point (``(..., d)`` for a batch)."""
        points = self._as_points(w, "grad")
        with np.errstate(over="ignore", invalid="ignore"):  # far from the minimum the gradient overflows
            return self._grad(points)

    def _as_points(self, w: ArrayLike, method: str) -> NDArray[np.float64]:
        owner = f"{type(self).__name__}.{method}"
        if not hasattr(self, "dim"):
            raise NotImplementedError(f"{type(self).__name__} is the base class of the surfaces and has no "
                                      f"function; use Quadratic, Rosenbrock or Himmelblau.")
        arr = as_float_array(w, "w", owner, allow_nan=False, allow_inf=False).astype(np.float64, copy=False)
        if arr.ndim == 0 and self.dim == 1:
            arr = arr.reshape(1)
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            raise ValueError(f"The 'w' parameter of {owner} must have shape ({self.dim},) for one point or "
                             f"(..., {self.dim}) for a batch of points. Got shape {arr.shape} instead.")
        return arr


def _frozen(x: ArrayLike) -> NDArray[np.float64]:
    """A read-only float64 copy, for attributes that must not be changed behind the object's back."""
    arr = np.array(x, dtype=np.float64)
    arr.setflags(write=False)
    return arr


class Quadratic(Surface):
    r"""A quadratic bowl in any dimension, aligned with the axes or rotated.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    .. math::

        f(w) = \frac12 \sum_{i=1}^{d} \lambda_i (w_i - c_i)^2,
        \qquad
        \nabla f(w)_i = \lambda_i (w_i - c_i)

    Gradient descent :math:`w \leftarrow w - \eta \nabla f(w)` multiplies the distance to the centre
    along axis :math:`i` by :math:`1 - \eta\lambda_i` at every step, so it converges if and only if
    :math:`|1 - \eta\lambda_i| < 1` for every :math:`i`, that is

    .. math::

        \eta < \frac{2}{\lambda_{\max}}.

    The ratio :math:`\kappa = \lambda_{\max} / \lambda_{\min}` (the condition number) measures how
    much slower the flattest direction converges at the largest stable step.

    With ``axes`` :math:`Q` (an orthogonal matrix whose columns are the bowl's principal directions)
    the bowl is rotated: :math:`f(w) = \frac12 (w - c)^\top Q \Lambda Q^\top (w - c)`, so
    :math:`\nabla f(w) = Q \Lambda Q^\top (w - c)`. Plain gradient descent does not notice a rotation
    (same bound, same rate); per-coordinate methods such as RMSprop and Adam do.

    Parameters
    ----------
    curvatures : float or array_like of shape (d,), default=(1.0, 10.0)
        The curvatures :math:`\lambda_i > 0`; a single number gives a 1-D quadratic.
    center : array_like of shape (d,), optional
        The minimum :math:`c`; zeros by default.
    axes : array_like of shape (d, d), optional
        An orthogonal matrix :math:`Q` whose column :math:`i` is the direction of curvature
        :math:`\lambda_i`; the coordinate axes by default.

    Attributes
    ----------
    curvatures, center : ndarray of shape (d,)
        Read-only copies of the parameters.
    dim : int
        The dimension :math:`d`.
    minimum : ndarray of shape (d,)
        The centre :math:`c`, where :math:`f = 0`.
    bounds : tuple of (float, float)
        The plotting box :math:`c_i \pm 2` along each axis.

    Examples
    --------
    >>> q = Quadratic(curvatures=(1.0, 10.0))
    >>> q.value([1.0, 1.0])  # (1 * 1 + 10 * 1) / 2
    5.5
    >>> q.grad([1.0, 1.0])
    array([ 1., 10.])
    >>> q.lambda_max, q.max_stable_lr, q.condition_number
    (10.0, 0.2, 10.0)
    >>> Quadratic(curvatures=4.0).value(0.5)  # 1-D: 4 * 0.25 / 2
    0.5
    """

    name = "quadratic"

    def __init__(self, curvatures: ArrayLike = (1.0, 10.0), center: ArrayLike | None = None,
                 axes: ArrayLike | None = None) -> None:
        lam = as_float_array(curvatures, "curvatures", "Quadratic", allow_nan=False, allow_inf=False,
                             ndim=(0, 1))
        lam = np.atleast_1d(lam).astype(np.float64)
        if lam.size == 0 or np.any(lam <= 0):
            raise ValueError(f"The 'curvatures' parameter of Quadratic must be > 0 for every axis (at least "
                             f"one axis). Got {tuple(lam.tolist())} instead.")
        if center is None:
            c = np.zeros_like(lam)
        else:
            c = np.atleast_1d(as_float_array(center, "center", "Quadratic", allow_nan=False,
                                             allow_inf=False, ndim=(0, 1))).astype(np.float64)
            if c.shape != lam.shape:
                raise ValueError(f"The 'center' parameter of Quadratic must have shape {lam.shape}, one "
                                 f"entry per curvature. Got shape {c.shape} instead.")
        if axes is None:
            q = None
        else:
            q = as_float_array(axes, "axes", "Quadratic", allow_nan=False, allow_inf=False, ndim=2)
            q = q.astype(np.float64)
            if q.shape != (lam.size, lam.size) or not np.allclose(q.T @ q, np.eye(lam.size), atol=1e-10):
                raise ValueError(f"The 'axes' parameter of Quadratic must be an orthogonal matrix of shape "
                                 f"{(lam.size, lam.size)}. Got an array of shape {q.shape} instead"
                                 f"{'' if q.shape != (lam.size, lam.size) else ' that is not orthogonal'}.")
            q = _frozen(q)
        self.curvatures = _frozen(lam)
        self.center = _frozen(c)
        self.axes = q
        self.dim = lam.size
        self.minimum = self.center
        self.minima = _frozen(c[None, :])
        self.bounds = tuple((float(ci) - 2.0, float(ci) + 2.0) for ci in c)

    @property
    def lambda_max(self) -> float:
        r"""The largest curvature :math:`\lambda_{\max}`."""
        return float(self.curvatures.max())

    @property
    def lambda_min(self) -> float:
        r"""The smallest curvature :math:`\lambda_{\min}`."""
        return float(self.curvatures.min())

    @property
    def condition_number(self) -> float:
        r"""The condition number :math:`\kappa = \lambda_{\max} / \lambda_{\min}`."""
        return self.lambda_max / self.lambda_min

    @property
    def max_stable_lr(self) -> float:
        r"""The learning rate :math:`2/\lambda_{\max}` above which gradient descent diverges."""
        return 2.0 / self.lambda_max

    def stable_lr_bound(self, momentum: float = 0.0, nesterov: bool = False) -> float:
        r"""The learning rate above which :class:`~nnbasics.optim.SGD` diverges on this quadratic.

        :func:`nnbasics.training.sgd_lr_bound` at :math:`\lambda_{\max}`: :math:`2/\lambda_{\max}`
        plain, :math:`2(1 + \mu)/\lambda_{\max}` with heavy-ball momentum,
        :math:`2(1 + \mu)/((1 + 2\mu)\lambda_{\max})` with Nesterov momentum (the Jury stability test).

        Parameters
        ----------
        momentum : float, default=0.0
            :math:`\mu \in [0, 1)`.
        nesterov : bool, default=False
            Nesterov momentum, as in :class:`~nnbasics.optim.SGD`.

        Examples
        --------
        >>> q = Quadratic(curvatures=(1.0, 10.0))
        >>> q.stable_lr_bound(), q.stable_lr_bound(momentum=0.9)
        (0.2, 0.38)
        """
        mu = check_scalar(momentum, "momentum", "Quadratic.stable_lr_bound", low=0, high=1,
                          include_high=False)
        nesterov = check_bool(nesterov, "nesterov", "Quadratic.stable_lr_bound")
        return sgd_lr_bound(self.lambda_max, mu, nesterov)

    @classmethod
    def from_hessian(cls, hessian: ArrayLike, center: ArrayLike | None = None) -> Quadratic:
        r"""The quadratic :math:`\tfrac12 (w - c)^\top H (w - c)` of a symmetric positive definite Hessian.

        Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

        The eigendecomposition :math:`H = Q \Lambda Q^\top` (``numpy.linalg.eigh``) gives the bowl's
        principal directions (the columns of :math:`Q`, the eigenvectors) and its curvatures along them
        (the eigenvalues :math:`\lambda_i`, in increasing order).

        Parameters
        ----------
        hessian : array_like of shape (d, d)
            A symmetric matrix with eigenvalues > 0.
        center : array_like of shape (d,), optional
            The minimum :math:`c`; zeros by default.

        Examples
        --------
        >>> q = Quadratic.from_hessian([[5.5, 4.5], [4.5, 5.5]])
        >>> q.curvatures.round(12), round(q.condition_number, 12)
        (array([ 1., 10.]), 10.0)
        >>> bool(np.allclose(q.hessian, [[5.5, 4.5], [4.5, 5.5]]))
        True
        """
        owner = "Quadratic.from_hessian"
        h = as_float_array(hessian, "hessian", owner, allow_nan=False, allow_inf=False, ndim=2).astype(np.float64)
        if h.shape[0] != h.shape[1] or h.shape[0] == 0 or not np.allclose(h, h.T, rtol=1e-10, atol=1e-12):
            raise ValueError(f"The 'hessian' parameter of {owner} must be a symmetric square matrix. Got an "
                             f"array of shape {h.shape} instead"
                             f"{' that is not symmetric' if h.shape[0] == h.shape[1] else ''}.")
        lam, q = np.linalg.eigh(0.5 * (h + h.T))
        if lam[0] <= 0:
            raise ValueError(f"The 'hessian' parameter of {owner} must be positive definite (every eigenvalue "
                             f"> 0, a bowl with one minimum). Got eigenvalues {np.round(lam, 6).tolist()} "
                             f"instead.")
        if center is not None:
            center = np.atleast_1d(as_float_array(center, "center", owner, allow_nan=False, allow_inf=False,
                                                  ndim=(0, 1)))
            if center.shape != lam.shape:
                raise ValueError(f"The 'center' parameter of {owner} must have shape {lam.shape}, one entry "
                                 f"per row of the Hessian. Got shape {center.shape} instead.")
        return cls(curvatures=lam, center=center, axes=q)

    @property
    def hessian(self) -> NDArray[np.float64]:
        r"""The Hessian :math:`H = Q \Lambda Q^\top`, shape ``(d, d)`` (:math:`\Lambda` if not rotated)."""
        if self.axes is None:
            return np.diag(self.curvatures)
        return (self.axes * self.curvatures) @ self.axes.T

    def tuned_momentum(self) -> tuple[float, float]:
        r"""The learning rate and momentum that make heavy-ball momentum fastest on this quadratic.

        Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

        With :math:`\kappa = \lambda_{\max}/\lambda_{\min}` (Polyak 1964; Goh 2017),

        .. math::

            \eta^* = \frac{4}{(\sqrt{\lambda_{\max}} + \sqrt{\lambda_{\min}})^2},
            \qquad
            \mu^* = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2,

        and the distance to the minimum then shrinks by :math:`\sqrt{\mu^*} = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`
        per step, against :math:`(\kappa - 1)/(\kappa + 1)` for gradient descent at its best rate.

        Returns
        -------
        (lr, momentum) : tuple of float

        Examples
        --------
        >>> Quadratic(curvatures=(1.0, 100.0)).tuned_momentum()  # 4/11², (9/11)²
        (0.03305785123966942, 0.6694214876033059)
        """
        root_max, root_min = np.sqrt(self.lambda_max), np.sqrt(self.lambda_min)
        lr = 4.0 / (root_max + root_min) ** 2
        momentum = ((root_max - root_min) / (root_max + root_min)) ** 2  # = ((√κ - 1)/(√κ + 1))²
        return float(lr), float(momentum)

    def gd_steps(self, lr: float, w0: ArrayLike, tol: float, max_steps: int) -> int | None:
        r"""Steps of gradient descent at rate ``lr`` from ``w0`` to a loss of at most ``tol``, in closed form.

        Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

        Along the eigenvector :math:`i` the distance is multiplied by :math:`1 - \eta\lambda_i` per step, so
        with :math:`u = Q^\top (w_0 - c)`

        .. math::

            f(w_t) = \tfrac12 \sum_i \lambda_i u_i^2 (1 - \eta\lambda_i)^{2t}.

        The answer is what :func:`nnbasics.training.steps_to_tolerance` measures with ``SGD(lr)``, without
        running the steps (thousands of them on an ill-conditioned bowl).

        Parameters
        ----------
        lr : float
            The learning rate :math:`\eta > 0`.
        w0 : array_like of shape (d,)
            The start.
        tol : float
            The loss to reach, ``>= 0``.
        max_steps : int
            Look at steps 0 to ``max_steps``, ``>= 0``.

        Returns
        -------
        int or None
            The first :math:`t` with :math:`f(w_t) \le` ``tol``; None if there is none up to ``max_steps``.

        Examples
        --------
        >>> q = Quadratic(curvatures=1.0)      # f(w) = w^2 / 2, each step multiplies w by 1 - lr
        >>> q.gd_steps(0.5, [1.0], tol=0.5 * 0.25**2, max_steps=100)
        2
        >>> q.gd_steps(2.5, [1.0], tol=1e-6, max_steps=100) is None   # 2.5 > 2/lambda: diverges
        True
        """
        owner = "Quadratic.gd_steps"
        lr = check_scalar(lr, "lr", owner, low=0, include_low=False)
        w = np.atleast_1d(as_float_array(w0, "w0", owner, allow_nan=False, allow_inf=False, ndim=(0, 1)))
        if w.shape != (self.dim,):
            raise ValueError(f"The 'w0' parameter of {owner} must have shape ({self.dim},) for this surface. "
                             f"Got shape {w.shape} instead.")
        tol = check_scalar(tol, "tol", owner, low=0)
        max_steps = check_scalar(max_steps, "max_steps", owner, low=0, integer=True)
        u = w - self.center
        if self.axes is not None:
            u = u @ self.axes
        t = np.arange(max_steps + 1)[:, None]
        with np.errstate(over="ignore"):
            loss = 0.5 * np.sum(self.curvatures * u * u * np.abs(1 - lr * self.curvatures) ** (2 * t), axis=1)
        hit = np.flatnonzero(loss <= tol)
        return int(hit[0]) if hit.size else None

    def _value(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        r = w - self.center
        if self.axes is not None:
            r = r @ self.axes                       # coordinates along the principal directions
        return 0.5 * np.sum(self.curvatures * r * r, axis=-1)

    def _grad(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.axes is None:
            return self.curvatures * (w - self.center)
        return (self.curvatures * ((w - self.center) @ self.axes)) @ self.axes.T

    def __repr__(self) -> str:
        axes = "" if self.axes is None else f", axes={np.round(self.axes, 4).tolist()}"
        return (f"Quadratic(curvatures={tuple(self.curvatures.tolist())}, "
                f"center={tuple(self.center.tolist())}{axes})")


class Rosenbrock(Surface):
    r"""Rosenbrock's banana-shaped valley in two dimensions.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    .. math::

        f(x, y) = (a - x)^2 + b\,(y - x^2)^2

    .. math::

        \frac{\partial f}{\partial x} = -2(a - x) - 4 b x (y - x^2),
        \qquad
        \frac{\partial f}{\partial y} = 2 b (y - x^2)

    The minimum :math:`f = 0` is at :math:`(a, a^2)`, at the bottom of a curved valley whose walls
    are :math:`b` times steeper than its floor: easy to reach, slow to follow.

    Parameters
    ----------
    a : float, default=1.0
        Position of the minimum, :math:`(a, a^2)`.
    b : float, default=100.0
        Steepness :math:`b > 0` of the valley walls.

    References
    ----------
    H. H. Rosenbrock (1960). An automatic method for finding the greatest or least value of a
    function. *The Computer Journal*, 3(3), 175-184.

    Examples
    --------
    >>> r = Rosenbrock()
    >>> r.minimum, r.value(r.minimum)
    (array([1., 1.]), 0.0)
    >>> r.grad([0.0, 0.0])  # (-2 * 1, 0)
    array([-2.,  0.])
    """

    name = "rosenbrock"
    dim = 2

    def __init__(self, a: float = 1.0, b: float = 100.0) -> None:
        self.a = check_scalar(a, "a", "Rosenbrock", low=-1e100, high=1e100)  # a**2 must be a float
        self.b = check_scalar(b, "b", "Rosenbrock", low=0, include_low=False)
        self.minimum = _frozen([self.a, self.a**2])
        self.minima = _frozen([[self.a, self.a**2]])
        # the classic box (-2, 2) x (-1, 3), widened if needed so that it contains the minimum
        self.bounds = ((min(-2.0, self.a - 1.0), max(2.0, self.a + 1.0)),
                       (min(-1.0, self.a**2 - 1.0), max(3.0, self.a**2 + 1.0)))

    def _value(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = w[..., 0], w[..., 1]
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def _grad(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = w[..., 0], w[..., 1]
        valley = y - x * x
        return np.stack([-2.0 * (self.a - x) - 4.0 * self.b * x * valley, 2.0 * self.b * valley], axis=-1)

    def hessian_at(self, w: ArrayLike) -> NDArray[np.float64]:
        r"""The Hessian :math:`\nabla^2 f(w)` at one point or a batch, shape ``(2, 2)`` (``(..., 2, 2)``).

        Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

        Unlike a quadratic's, Rosenbrock's curvature changes from point to point, and with it the largest
        stable learning rate of gradient descent, :math:`2/\lambda_{\max}(\nabla^2 f(w))`:

        .. math::

            \nabla^2 f(x, y) = \begin{pmatrix} 2 - 4b\,(y - x^2) + 8 b x^2 & -4 b x \\ -4 b x & 2 b
            \end{pmatrix}

        Examples
        --------
        >>> r = Rosenbrock()
        >>> r.hessian_at(r.minimum)
        array([[ 802., -400.],
               [-400.,  200.]])
        """
        points = self._as_points(w, "hessian_at")
        x, y = points[..., 0], points[..., 1]
        with np.errstate(over="ignore", invalid="ignore"):  # far from the minimum the entries overflow
            dxx = 2.0 - 4.0 * self.b * (y - x * x) + 8.0 * self.b * x * x
            dxy = -4.0 * self.b * x
            dyy = np.full_like(x, 2.0 * self.b)
            return np.stack([np.stack([dxx, dxy], axis=-1), np.stack([dxy, dyy], axis=-1)], axis=-2)

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a!r}, b={self.b!r})"


class Himmelblau(Surface):
    r"""Himmelblau's function: four global minima of value 0 in two dimensions.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    .. math::

        f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2

    .. math::

        \frac{\partial f}{\partial x} = 4x(x^2 + y - 11) + 2(x + y^2 - 7),
        \qquad
        \frac{\partial f}{\partial y} = 2(x^2 + y - 11) + 4y(x + y^2 - 7)

    The minima are :math:`(3, 2)` (``minimum``) and three irrational points, all listed in
    ``minima`` (found with Newton's method to double precision). Which one an optimizer reaches
    depends on where it starts.

    References
    ----------
    D. M. Himmelblau (1972). *Applied Nonlinear Programming*. McGraw-Hill.

    Examples
    --------
    >>> h = Himmelblau()
    >>> h.value([3.0, 2.0]), h.minima.shape
    (0.0, (4, 2))
    """

    name = "himmelblau"
    dim = 2

    def __init__(self) -> None:
        self.minima = _frozen([[3.0, 2.0],
                               [-2.805118086952745, 3.131312518250573],
                               [-3.779310253377747, -3.283185991286169],
                               [3.5844283403304917, -1.8481265269644034]])
        self.minimum = self.minima[0]
        self.bounds = ((-5.0, 5.0), (-5.0, 5.0))

    def _value(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = w[..., 0], w[..., 1]
        return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2

    def _grad(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = w[..., 0], w[..., 1]
        u, v = x * x + y - 11.0, x + y * y - 7.0
        return np.stack([4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v], axis=-1)

    def __repr__(self) -> str:
        return "Himmelblau()"


class Saddle(Surface):
    r"""A saddle point at the origin between two minima, in two dimensions.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    .. math::

        f(x, y) = \tfrac12 x^2 - \tfrac12 y^2 + \tfrac14 y^4,
        \qquad
        \nabla f(x, y) = (x,\; y^3 - y)

    At the origin the gradient is zero and the Hessian is :math:`\mathrm{diag}(1, -1)`: a minimum along
    :math:`x`, a maximum along :math:`y`. The minima, :math:`f = -\tfrac14`, are at :math:`(0, \pm 1)`.
    Gradient descent started on the line :math:`y = 0` never leaves it and stops at the saddle; started
    a tiny distance :math:`y_0` off it, it stays near the saddle for about
    :math:`\ln(1/y_0)/\ln(1 + \eta)` steps (a plateau) before it falls off. Far from the origin the
    curvature along :math:`y`, :math:`3y^2 - 1`, is large: a large learning rate that is safe near the
    minima diverges from a start far out.

    Examples
    --------
    >>> s = Saddle()
    >>> s.grad([0.0, 0.0]), s.grad([1.0, 2.0]), s.value(s.minimum)
    (array([0., 0.]), array([1., 6.]), -0.25)
    """

    name = "saddle"
    dim = 2

    def __init__(self) -> None:
        self.minima = _frozen([[0.0, 1.0], [0.0, -1.0]])
        self.minimum = self.minima[0]
        self.bounds = ((-1.5, 1.5), (-1.5, 1.5))

    def _value(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = w[..., 0], w[..., 1]
        return 0.5 * x * x - 0.5 * y * y + 0.25 * y**4

    def _grad(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = w[..., 0], w[..., 1]
        return np.stack([x, y**3 - y], axis=-1)

    def __repr__(self) -> str:
        return "Saddle()"


def _check_run(surface: Any, optimizer: Any, w0: ArrayLike, owner: str) -> NDArray[np.float64]:
    """Check the surface, optimizer and start of a run for ``owner``; return ``w0`` as a float64 copy.

    Shared by :func:`run_optimizer` and the functions that call it (e.g.
    :func:`nnbasics.training.steps_to_tolerance`), so that errors name the function the user called.

    Examples
    --------
    >>> from nnbasics.optim import SGD
    >>> _check_run(Quadratic(), SGD, [1.0, 1.0], "run_optimizer")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: The 'optimizer' parameter of run_optimizer must be an instance such as SGD(lr=0.1), not a class...
    """
    check_instance(surface, "surface", owner, ("value", "grad"), "Quadratic()")
    check_instance(optimizer, "optimizer", owner, ("step",), "SGD(lr=0.1)")
    w = np.atleast_1d(as_float_array(w0, "w0", owner, allow_nan=False, allow_inf=False, ndim=(0, 1)))
    w = w.astype(np.float64)  # a copy: the caller's w0 is never modified
    dim = getattr(surface, "dim", w.size)
    if w.shape != (dim,):
        raise ValueError(f"The 'w0' parameter of {owner} must have shape ({dim},) for this surface. "
                         f"Got shape {w.shape} instead.")
    return w


def run_optimizer(
    surface: Surface,
    optimizer: Any,
    w0: ArrayLike,
    n_steps: int,
    *,
    max_loss: float = 1e6,
    lr_schedule: Any = None,
    grad_noise: float = 0.0,
    clip_norm: float | None = None,
    rng: np.random.Generator | int | None = None,
) -> History:
    r"""Run ``optimizer`` on ``surface`` from ``w0`` for ``n_steps`` steps, stopping if it diverges.

    Introduced in: the gradient-descent chapter (book/gradient_descent.ipynb).

    Each step computes :math:`g = \nabla f(w)` and calls ``optimizer.step({"w": w}, {"w": g})``,
    which updates :math:`w` in place: the loop is :func:`nnbasics.training.train` without data.

    **Divergence rule.** The run stops early, with ``diverged=True``, at the first step where

    * the gradient is not finite (the step is then not taken),
    * the parameters or the loss are not finite (overflow; this point is not recorded), or
    * the loss exceeds ``max_loss`` (this point is recorded, so plots show the jump).

    An absolute threshold keeps the rule simple to state; the starting loss must be below it. NumPy
    floating-point warnings are silenced inside the run: overflow simply marks divergence. When the
    surface is a :class:`Quadratic` and the optimizer is :class:`~nnbasics.optim.SGD`, the message
    states the learning-rate bound (:meth:`Quadratic.stable_lr_bound`), otherwise the general rule.

    Parameters
    ----------
    surface : Surface
        Anything with ``value(w)`` and ``grad(w)``.
    optimizer : Optimizer
        Anything with ``step(params, grads)``, e.g. :class:`~nnbasics.optim.Adam`. Its
        ``zero_state()`` is called first, if it has one, so every run starts fresh.
    w0 : array_like of shape (d,)
        The starting point (not modified).
    n_steps : int
        The maximum number of optimizer steps, ``>= 0`` (the name for steps on a surface: there are no
        epochs without data).
    max_loss : float, default=1e6
        The loss above which the run counts as diverged.
    lr_schedule : callable, optional
        ``lr_schedule(t) -> float``, the learning rate of step :math:`t` (0-based), e.g.
        :class:`~nnbasics.optim.CosineDecay`; passed to :func:`~nnbasics.training.train`.
    grad_noise : float, default=0.0
        :math:`\sigma \ge 0`: each gradient gets independent Gaussian noise of standard deviation
        :math:`\sigma` per coordinate, a stand-in for the noise of mini-batch gradients.
    clip_norm : float, optional
        If given, each (noisy) gradient is clipped to this norm with
        :func:`~nnbasics.optim.clip_by_norm` before the step.
    rng : numpy.random.Generator, int or None
        Source of the gradient noise (unused when ``grad_noise`` is 0).

    Returns
    -------
    History
        Recorded at every step (``record="step"``): ``path["w"]``, shape ``(n_points, d)``, the starting
        point followed by the point after each step, and ``loss``, :math:`f` at each of them (only finite
        points are kept, so ``n_points`` is ``n_steps + 1``, or ``n_steps`` when the last step
        overflowed); ``n_steps``, the steps taken; ``diverged``, ``message``, ``final_loss``.

    Raises
    ------
    ValueError
        If ``w0`` has the wrong shape or is not finite, if ``n_steps < 0``, ``max_loss <= 0``, or if
        the loss at ``w0`` is not finite or exceeds ``max_loss``.

    Examples
    --------
    >>> from nnbasics.optim import SGD
    >>> q = Quadratic(curvatures=(1.0, 10.0))
    >>> run = run_optimizer(q, SGD(lr=0.1), w0=[1.0, 1.0], n_steps=50)
    >>> run.diverged, run.path["w"].shape, run.final_loss < 1e-4
    (False, (51, 2), True)
    >>> run = run_optimizer(q, SGD(lr=0.25), w0=[1.0, 1.0], n_steps=1000)
    >>> print(run.message)  # doctest: +NORMALIZE_WHITESPACE
    Diverged at step 16: the loss grew to 2.16e+06 (above max_loss = 1e+06).
    For this quadratic, gradient descent diverges when lr > 2/λ_max = 0.2; lr = 0.25.
    """
    owner = "run_optimizer"
    n_steps = check_scalar(n_steps, "n_steps", owner, low=0, integer=True)
    max_loss = check_scalar(max_loss, "max_loss", owner, low=0, include_low=False)
    w = _check_run(surface, optimizer, w0, owner)
    with np.errstate(all="ignore"):
        loss = float(surface.value(w))
    if not np.isfinite(loss) or loss > max_loss:
        raise ValueError(f"The 'w0' parameter of {owner} must be a point where the loss is finite and at "
                         f"most max_loss = {max_loss:g}. Got a loss of {loss:.3g} instead; start closer to "
                         f"the minimum or raise max_loss.")

    if lr_schedule is not None and not callable(lr_schedule):
        raise TypeError(f"The 'lr_schedule' parameter of {owner} must be a function of the step t, e.g. "
                        f"CosineDecay(lr=0.1, n_steps=100), or None. Got {type(lr_schedule).__name__} instead.")
    grad_noise = check_scalar(grad_noise, "grad_noise", owner, low=0)
    if clip_norm is not None:
        clip_norm = check_scalar(clip_norm, "clip_norm", owner, low=0, include_low=False)
    noise_rng = check_rng(rng, "rng", owner)
    params = {"w": w}

    def grads() -> dict[str, NDArray[np.float64]] | None:
        g = np.asarray(surface.grad(params["w"]), dtype=np.float64)
        if not np.all(np.isfinite(g)):
            return None
        if grad_noise > 0:
            g = g + grad_noise * noise_rng.standard_normal(g.shape)
        if clip_norm is not None:
            g = clip_by_norm({"w": g}, clip_norm)["w"]
        return {"w": g}

    curvature = surface.lambda_max if isinstance(surface, Quadratic) else None
    return train(grads, params, optimizer, training_loss=lambda: surface.value(params["w"]), n_epochs=n_steps,
                 max_loss=max_loss, record="step", keep_path=True, lr_schedule=lr_schedule, curvature=curvature)

