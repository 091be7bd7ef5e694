r"""A scalar computational graph: every number remembers how it was made, so its gradient can flow back.

Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

Each :class:`Value` holds a number (``data``), the values it was computed from, and the **local
derivative** of itself with respect to each of them, written down in the same line that computes the
forward value (as in Karpathy's micrograd). :meth:`Value.backward` then applies the chain rule once per
edge, in reverse topological order:

.. math::

    \bar v = \frac{\partial L}{\partial v}, \qquad
    \bar u \mathrel{+}= \frac{\partial v}{\partial u}\, \bar v \quad \text{for every input } u \text{ of } v.

The ``+=`` matters: a value used twice receives a contribution along each path, and the two add up.

Only the operations the chapter needs are here: ``+``, ``-``, ``*``, ``**`` (a constant power),
:meth:`Value.relu`, :meth:`Value.tanh`, :meth:`Value.sigmoid`.

References
----------
A. Karpathy, *micrograd*, https://github.com/karpathy/micrograd (2020).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._validation import check_scalar, describe

__all__ = ["BackwardStep", "Value", "topological_order"]


@dataclass(frozen=True)
class BackwardStep:
    r"""One application of the chain rule: ``parent.grad += local * child.grad``.

    Attributes
    ----------
    child : Value
        The value whose gradient is being passed back.
    parent : Value
        One of the values ``child`` was computed from.
    local : float
        :math:`\partial\,\text{child} / \partial\,\text{parent}`, fixed during the forward pass.
    contribution : float
        ``local * child.grad``, the amount added to ``parent.grad``.
    """

    child: "Value"
    parent: "Value"
    local: float
    contribution: float


class Value:
    r"""A scalar in a computational graph, with its gradient :math:`\partial L/\partial v`.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    Parameters
    ----------
    data : float
        The forward value.
    label : str, optional
        A name shown by ``repr`` and in the chapter's tables; :meth:`named` sets it on a computed value.

    Attributes
    ----------
    data : float
        The forward value.
    grad : float
        :math:`\partial L / \partial v` after ``L.backward()``; 0 before.
    parents : tuple of (Value, float)
        The inputs of the operation that made this value, each with its local derivative.
    op : str
        That operation ("" for a leaf).

    Examples
    --------
    >>> w, x, b = Value(-0.5, "w"), Value(2.0, "x"), Value(1.5, "b")
    >>> z = w * x + b                      # z = 0.5
    >>> L = z ** 2                         # L = 0.25
    >>> _ = L.backward()
    >>> w.grad, x.grad, b.grad             # dL/dw = 2 z x, dL/dx = 2 z w, dL/db = 2 z
    (2.0, -0.5, 1.0)
    >>> a = Value(3.0, "a")
    >>> f = a * a + a                      # a is used three times: the contributions add up
    >>> _ = f.backward()
    >>> a.grad                             # 2 a + 1
    7.0
    """

    def __init__(self, data: float, label: str = "", *, _parents: tuple[tuple["Value", float], ...] = (),
                 _op: str = "") -> None:
        self.data = check_scalar(data, "data", "Value")
        self.label = _check_label(label, "Value")
        self.grad = 0.0
        self.parents = _parents
        self.op = _op

    def named(self, label: str) -> "Value":
        """Set ``label`` and return the value itself: ``z = (w * x + b).named("z")``."""
        self.label = _check_label(label, "Value.named")
        return self

    # -- operations: forward value and local derivatives on one line each --------------------------
    def __add__(self, other: "Value | float") -> "Value":
        other = _as_value(other)
        return Value(self.data + other.data, _parents=((self, 1.0), (other, 1.0)), _op="+")  # d/du = d/dv = 1

    def __mul__(self, other: "Value | float") -> "Value":
        other = _as_value(other)
        return Value(self.data * other.data, _parents=((self, other.data), (other, self.data)), _op="*")

    def __pow__(self, k: float) -> "Value":
        k = check_scalar(k, "k", "Value.__pow__")
        try:
            power, local = self.data ** k, k * self.data ** (k - 1)
        except (OverflowError, ZeroDivisionError):
            power = local = math.inf
        if not all(isinstance(v, float) and math.isfinite(v) for v in (power, local)):  # complex, inf
            raise ValueError(f"The 'k' parameter of Value.__pow__ must give a finite real power and slope of "
                             f"{self.data!r}. Got {k!r} instead.")
        return Value(power, _parents=((self, local),), _op=f"**{k:g}")

    def __neg__(self) -> "Value":
        return self * -1.0

    def __sub__(self, other: "Value | float") -> "Value":
        other = _as_value(other)
        return Value(self.data - other.data, _parents=((self, 1.0), (other, -1.0)), _op="-")  # 1 and -1

    def __radd__(self, other: float) -> "Value":
        return self + other

    def __rmul__(self, other: float) -> "Value":
        return self * other

    def __rsub__(self, other: float) -> "Value":
        return _as_value(other) - self

    def relu(self) -> "Value":
        """:math:`\\max(0, v)`, local derivative 1 where :math:`v > 0`, else 0."""
        return Value(max(self.data, 0.0), _parents=((self, float(self.data > 0)),), _op="relu")

    def tanh(self) -> "Value":
        """:math:`\\tanh v`, local derivative :math:`1 - \\tanh^2 v`."""
        t = math.tanh(self.data)
        return Value(t, _parents=((self, 1.0 - t * t),), _op="tanh")

    def sigmoid(self) -> "Value":
        """:math:`\\sigma(v) = 1/(1 + e^{-v})`, local derivative :math:`\\sigma(v)(1 - \\sigma(v))`."""
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))  # = 1 / (1 + exp(-v)), and never overflows
        return Value(s, _parents=((self, s * (1.0 - s)),), _op="sigmoid")

    # -- the backward pass ---------------------------------------------------------------------------
    def backward(self) -> list[BackwardStep]:
        r"""Fill ``grad`` of every value this one depends on, with :math:`\partial(\text{self})/\partial v`.

        Every ``grad`` in the graph is first reset to 0, then ``self.grad = 1`` and the chain rule runs
        from the output back to the leaves, each value only after every value that uses it.

        Returns
        -------
        list of BackwardStep
            Every ``parent.grad += local * child.grad`` in the order it was applied.
        """
        order = topological_order(self)
        for v in order:
            v.grad = 0.0
        self.grad = 1.0                                    # dL/dL = 1
        steps = []
        for child in reversed(order):
            for parent, local in child.parents:
                contribution = local * child.grad
                parent.grad += contribution                # accumulate: one term per path
                steps.append(BackwardStep(child, parent, local, contribution))
        return steps

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"


def _check_label(label: object, owner: str) -> str:
    if not isinstance(label, str):
        raise TypeError(f"The 'label' parameter of {owner} must be a string. Got {describe(label)} instead.")
    return label


def _as_value(x: "Value | float") -> Value:
    return x if isinstance(x, Value) else Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on (itself included), each after all of its inputs.

    Introduced in: the backpropagation chapter (book/backpropagation.ipynb).

    Examples
    --------
    >>> x = Value(2.0, "x")
    >>> y = (x * 3.0).relu()
    >>> [v.op or v.label or v.data for v in topological_order(y)]
    ['x', 3.0, '*', 'relu']
    """
    if not isinstance(root, Value):
        raise TypeError(f"The 'root' parameter of topological_order must be a Value. Got {root!r} instead.")
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:                                            # iterative depth-first search
        v, expanded = stack.pop()
        if expanded:
            order.append(v)
            continue
        if id(v) in seen:
            continue
        seen.add(id(v))
        stack.append((v, True))
        for parent, _ in reversed(v.parents):
            if id(parent) not in seen:
                stack.append((parent, False))
    return order
