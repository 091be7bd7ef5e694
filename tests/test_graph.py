"""Tests of nnbasics.graph: the scalar computational graph, its backward pass, and its errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnbasics.gradcheck import numerical_gradient, relative_error
from nnbasics.graph import Value, topological_order

# Expressions in three inputs (a, b, c), written once for Values and once as plain floats.
EXPRESSIONS = {
    "neuron_tanh": lambda a, b, c: ((a * b + c).tanh() - 1.0) ** 2,
    "neuron_sigmoid": lambda a, b, c: (a * b - c).sigmoid() * 3.0,
    "relu_chain": lambda a, b, c: (a * 2.0 + b).relu() * c - (c * a).relu(),
    "reuse": lambda a, b, c: a * a * b + a - c * a,
    "powers": lambda a, b, c: (a ** 3) * (b ** 2) + c ** 1.5,
    "reflected": lambda a, b, c: 2.0 - a * 0.5 + 1.0 * b - (3.0 - c),
}


@pytest.mark.parametrize("name", list(EXPRESSIONS))
@pytest.mark.parametrize("point", [(0.7, -1.3, 2.1), (-0.4, 0.9, 0.6)])
def test_backward_matches_central_differences(name, point):
    expr = EXPRESSIONS[name]
    leaves = [Value(v) for v in point]
    out = expr(*leaves)
    out.backward()
    analytic = np.array([v.grad for v in leaves])
    numeric = numerical_gradient(lambda v: expr(*(Value(t) for t in v)).data, np.array(point))
    assert relative_error(analytic, numeric) < 1e-7


def test_forward_values_are_those_of_the_formulas():
    a, b = Value(0.3), Value(-2.0)
    assert (a * b + a).data == pytest.approx(0.3 * -2.0 + 0.3)
    assert a.tanh().data == pytest.approx(math.tanh(0.3))
    assert b.sigmoid().data == pytest.approx(1 / (1 + math.exp(2.0)))
    assert b.relu().data == 0.0 and a.relu().data == 0.3
    assert (a - b).data == pytest.approx(2.3) and (1.0 - a).data == pytest.approx(0.7)


def test_gradients_accumulate_over_paths_and_reset_between_calls():
    q = Value(3.0)
    f = q * q + q
    steps = f.backward()
    assert q.grad == 7.0
    assert sorted(s.contribution for s in steps if s.parent is q) == [1.0, 3.0, 3.0]
    f.backward()                       # a second call recomputes, it does not add to the old gradients
    assert q.grad == 7.0


def test_backward_steps_run_from_the_output_to_the_leaves():
    w, x = Value(2.0, "w"), Value(3.0, "x")
    z = (w * x).named("z")
    L = (z ** 2).named("L")
    steps = L.backward()
    assert [(s.child.label, s.parent.label) for s in steps] == [("L", "z"), ("z", "w"), ("z", "x")]
    assert steps[0].local == 12.0 and steps[0].contribution == 12.0     # dL/dz = 2z
    assert (w.grad, x.grad) == (36.0, 24.0)                              # 2z x, 2z w


def test_sigmoid_does_not_overflow_at_extreme_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        big, small = Value(1e3).sigmoid(), Value(-1e3).sigmoid()
    assert big.data == 1.0 and small.data == 0.0
    assert big.parents[0][1] == 0.0 and small.parents[0][1] == 0.0


def test_topological_order_puts_every_value_after_its_inputs():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    position = {id(v): i for i, v in enumerate(order)}
    assert len(order) == 5 and order[-1] is e
    for v in order:
        for parent, _ in v.parents:
            assert position[id(parent)] < position[id(v)]


def test_deep_graphs_need_no_recursion():
    v = Value(0.5)
    out = v
    for _ in range(5000):
        out = out * 1.0 + 0.0
    out.backward()
    assert v.grad == 1.0


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: Value("1"), TypeError, r"The 'data' parameter of Value must be a real number\. Got '1' instead\."),
    (lambda: Value(float("nan")), ValueError, r"The 'data' parameter of Value must be finite"),
    (lambda: Value(2.0) ** Value(2.0), TypeError, r"The 'k' parameter of Value.__pow__ must be a real number"),
    (lambda: topological_order(1.0), TypeError, r"The 'root' parameter of topological_order must be a Value"),
])
def test_errors_name_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
