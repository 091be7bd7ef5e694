"""One battery of bad inputs for every public callable of nnbasics.

``TABLE`` lists every public callable (functions, classes, public methods, live-figure renders) with,
for each parameter, a valid value and its *kind* (array, scalar with a range, name, rng, instance, ...).
Each kind generates the same bad inputs for every callable that has one: NaN, ±inf, empty, 0-d, Python
lists, ints, float16/float32, wrong shapes, unknown names, out-of-range values, classes for instances,
strings, None, huge ints, Fractions. Every call runs with NumPy floating-point errors raised (underflow
to 0 excepted: it is the correctly rounded result) and warnings turned into errors, and must end in
one of two ways:

* a clean result: no warning, no NaN unless the input had one, and, for an equivalent input (a list, an
  int, a float32 or float16 array of the same values, a Fraction), the same answer as the float64 call;
* a ``ValueError`` or ``TypeError`` whose message names the parameter and the owner the user called,
  in the form "The 'lr' parameter of Adam ...".

Inputs that can never be right (NaN where it is not allowed, strings, None, classes, out-of-range
hyperparameters, unknown names) must raise.

**A new module registers here**: add its public callables to ``TABLE`` (an :class:`Entry` per callable:
how to call it, the owner its messages name, and one :class:`Spec` per parameter).
:func:`test_every_public_callable_is_in_the_table` walks ``__all__`` of every module of the package and
fails on any callable missing from ``TABLE`` (or from ``SKIP``, which is only for callables that take
no array or scalar input).
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import re
import types
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nnbasics
from nnbasics import (activations, approximation, backprop, cost, datasets, evaluation, experiments, fitting,
                      gradcheck, graph, layers, losses, naive, network, neuron, optim, playground, prose, signal,
                      surfaces, training, widgets)
import nnbasics.plotting as plotting
from nnbasics.plotting import activations as plot_act
from nnbasics.plotting import backprop as plot_bp
from nnbasics.plotting import boundaries as plot_bound
from nnbasics.plotting import cost as plot_cost
from nnbasics.plotting import descent as plot_descent
from nnbasics.plotting import generalization as plot_gen
from nnbasics.plotting import evaluation as plot_eval
from nnbasics.plotting import network as plot_net
from nnbasics.plotting import losses as plot_losses

pytestmark = pytest.mark.filterwarnings("error")


# --------------------------------------------------------------------------------------------------
# Kinds of parameters, and the bad inputs each generates
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """One input for one parameter: ``must_raise`` if no clean result is acceptable; ``same`` if the
    result must equal that of the valid call (an equivalent input, compared with ``rtol``)."""

    label: str
    value: Any
    must_raise: bool = False
    same: bool = False
    rtol: float = 1e-12
    relational: bool = False  # a shape that may not match another parameter, which the error may name


@dataclass(frozen=True)
class Spec:
    """A parameter: its valid value and the cases its kind generates."""

    valid: Any

    def cases(self) -> list[Case]:
        return []


@dataclass(frozen=True)
class Arr(Spec):
    """An array parameter. ``nan``/``inf``: accepted (and passed through); ``dtypes``: the equivalent
    encodings that must give the same answer; ``exact``: whether float16/32 results must match the float64
    one closely (False where the function computes in the input's precision and rounds)."""

    nan: bool = False
    inf: bool = False
    none: bool = False  # None is accepted (e.g. "use the default")
    dtypes: tuple[str, ...] = ("list", "int", "float32", "float16")

    def cases(self) -> list[Case]:
        v = np.asarray(self.valid, dtype=np.float64)
        with_nan, with_inf = v.copy(), v.copy()
        with_nan.flat[0], with_inf.flat[-1] = np.nan, np.inf
        cases = [
            Case("nan", with_nan, must_raise=not self.nan),
            Case("+inf", with_inf, must_raise=not self.inf),
            Case("-inf", -with_inf, must_raise=not self.inf),
            Case("empty", np.empty((0,) + v.shape[1:]), relational=True),
            Case("0-d", np.float64(v.flat[0]), relational=True),
            Case("extra axis", v[None], relational=True),
            Case("string", "1.0", must_raise=True),
            Case("None", None, must_raise=not self.none),
            Case("ragged list", [[1.0, 2.0], [3.0]], must_raise=True),
            Case("complex", v.astype(complex), must_raise=True),
            Case("bool", np.ones(v.shape, dtype=bool), must_raise=True),
            Case("objects", np.full(v.shape, object()), must_raise=True),
        ]
        if v.ndim >= 1 and v.shape[-1] > 1:
            cases.append(Case("wrong shape", v[..., :-1], relational=True))
        if v.ndim >= 2 and v.shape[0] > 1:
            cases.append(Case("fewer rows", v[:-1], relational=True))
        same = {"list": (v.tolist(), 1e-12), "float32": (v.astype(np.float32), 1e-5),
                "float16": (v.astype(np.float16), 1e-2)}
        if np.all(v == np.round(v)):
            same["int"] = (v.astype(np.int64), 1e-12)
        cases += [Case(name, value, same=True, rtol=rtol) for name, (value, rtol) in same.items()
                  if name in self.dtypes]
        return cases


@dataclass(frozen=True)
class Real(Spec):
    """A real scalar in an interval (None: unbounded)."""

    low: float | None = None
    high: float | None = None
    include_low: bool = True
    include_high: bool = True
    none: bool = False  # None is accepted (e.g. "use the default")

    def cases(self) -> list[Case]:
        cases = _scalar_cases(self.valid, self.none) + [
            Case("Fraction", Fraction(self.valid), same=True),
            Case("float32", np.float32(self.valid), same=True, rtol=1e-6),
            Case("huge int", 10**400, must_raise=True),
        ]
        if self.low is not None:
            cases.append(Case("below low", _outside(self.low, self.include_low, -1), must_raise=True))
        if self.high is not None:
            cases.append(Case("above high", _outside(self.high, self.include_high, +1), must_raise=True))
        return cases


def _outside(bound: float, inclusive: bool, direction: int) -> float:
    """The bound itself if it is excluded, else a value clearly beyond it (1e-13 below a bound of 1e-12)."""
    if not inclusive:
        return bound
    if bound != 0 and np.sign(bound) == -direction:
        return bound / 10  # towards 0, beyond the bound
    return bound * 10 if bound != 0 else direction


@dataclass(frozen=True)
class Int(Spec):
    """An integer in an interval (counts are capped by nnbasics._validation.MAX_COUNT)."""

    low: int | None = None
    high: int | None = None
    none: bool = False

    def cases(self) -> list[Case]:
        cases = _scalar_cases(self.valid, self.none) + [
            Case("float", float(self.valid)),
            Case("numpy int", np.int64(self.valid), same=True),
            Case("Fraction", Fraction(self.valid)),
            Case("huge int", 10**400, must_raise=True),
        ]
        if self.low is not None:
            cases.append(Case("below low", self.low - 1, must_raise=True))
        if self.high is not None:
            cases.append(Case("above high", self.high + 1, must_raise=True))
        return cases


def _scalar_cases(valid: Any, none_ok: bool) -> list[Case]:
    return [
        Case("nan", float("nan"), must_raise=True),
        Case("+inf", float("inf"), must_raise=True),
        Case("-inf", float("-inf"), must_raise=True),
        Case("string", str(valid), must_raise=True),
        Case("None", None, must_raise=not none_ok),
        Case("list", [valid], must_raise=True),
        Case("0-d array", np.array(valid)),
        Case("bool", True, must_raise=True),
        Case("complex", complex(valid, 1), must_raise=True),
        Case("class", float, must_raise=True),
    ]


@dataclass(frozen=True)
class Name(Spec):
    """One name of a registry or a fixed set."""

    none: bool = False  # None is accepted (e.g. "use the default")

    def cases(self) -> list[Case]:
        return [Case("unknown", "no_such_name", must_raise=True), Case("empty", "", must_raise=True),
                Case("None", None, must_raise=not self.none), Case("number", 3, must_raise=True),
                Case("list", [self.valid], must_raise=True), Case("class", str, must_raise=True),
                Case("upper case", str(self.valid).upper() + "!", must_raise=True)]


@dataclass(frozen=True)
class Rng(Spec):
    """``rng``: a Generator, a non-negative int seed, or None."""

    valid: Any = 0

    def cases(self) -> list[Case]:
        return [Case("negative seed", -1, must_raise=True), Case("float seed", 0.5, must_raise=True),
                Case("string", "0", must_raise=True), Case("bool", True, must_raise=True),
                Case("RandomState", np.random.RandomState(0), must_raise=True),
                Case("list", [1, 2], must_raise=True), Case("class", np.random.Generator, must_raise=True),
                Case("Generator", np.random.default_rng(0), same=True),
                Case("numpy int", np.int64(0), same=True),
                Case("big seed", 2**70), Case("None", None)]


@dataclass(frozen=True)
class Instance(Spec):
    """An object with methods (an optimizer, a surface, a loss); ``cls`` is passed for the class case."""

    cls: type = object

    def cases(self) -> list[Case]:
        return [Case("class", self.cls, must_raise=True), Case("None", None, must_raise=True),
                Case("string", "sgd", must_raise=True), Case("number", 3, must_raise=True)]


@dataclass(frozen=True)
class Bool(Spec):
    def cases(self) -> list[Case]:
        return [Case("string", "no", must_raise=True), Case("None", None, must_raise=True),
                Case("int", 1, must_raise=True), Case("numpy bool", np.bool_(self.valid), same=True)]


@dataclass(frozen=True)
class Func(Spec):
    """A callable argument, e.g. the ``f`` of a gradient check."""

    def cases(self) -> list[Case]:
        return [Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                Case("string", "sin", must_raise=True)]


@dataclass(frozen=True)
class Custom(Spec):
    """A parameter whose bad inputs are listed by hand (dicts of arrays, pairs, ...)."""

    bad: tuple[Case, ...] = ()

    def cases(self) -> list[Case]:
        return list(self.bad)


@dataclass(frozen=True)
class Entry:
    """How to call one public callable: ``call(**kwargs)``, the owner its messages name, its parameters."""

    call: Callable[..., Any]
    owner: str | tuple[str, ...]
    params: dict[str, Spec] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)  # passed unchanged on every call
    # Parameters whose bad values scikit-learn's own validate_data refuses (X and y of the estimators'
    # fit/predict/score). Its messages are clear ("Input X contains NaN.", "Expected 2D array, got 1D
    # array instead") but are not worded "The 'X' parameter of ...": for these a ValueError or TypeError
    # is enough.
    sklearn: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------------
Z = [[-2.0, 0.0, 0.5], [1.0, 3.0, -0.25]]
PAIR = [0.5, 2.0, -1.0, 0.25]
PROB = [0.25, 0.5, 0.75, 1.0]
LABELS = [0.0, 1.0, 1.0, 0.0]
X_DATA = [[0.0, 1.0], [1.0, 0.5], [2.0, -1.0], [3.0, 0.25], [4.0, 2.0]]
Y_DATA = [1.0, 2.0, 0.5, 3.0, 4.0]
LINE_PARAMS = {"w": np.array([0.5, -1.0]), "b": np.array(0.25)}


def _method(factory: Callable[[], Any], method: str) -> Callable[..., Any]:
    return lambda **kw: getattr(factory(), method)(**kw)


def _stepper(factory: Callable[[], Any]) -> Callable[..., Any]:
    """``step`` on a new optimizer, returning the updated params (so results can be compared)."""
    def step(params: Any, grads: Any) -> Any:
        factory().step(params, grads)
        return params
    return step


def _params_cases(owner_keys: tuple[str, ...] = ("w",)) -> tuple[Case, ...]:
    """Bad ``params``/``grads`` dicts of an optimizer step."""
    return (Case("list", [np.ones(2)], must_raise=True), Case("None", None, must_raise=True),
            Case("wrong key", {"v": np.ones(2)}, must_raise=True, relational=True),
            Case("nan", {"w": np.array([np.nan, 1.0])}, must_raise=True),
            Case("inf", {"w": np.array([1.0, np.inf])}, must_raise=True),
            Case("string", {"w": "1.0"}, must_raise=True),
            Case("ragged", {"w": [[1.0], [1.0, 2.0]]}, must_raise=True),
            Case("wrong shape", {"w": np.ones(3)}, must_raise=True, relational=True),
            Case("int array", {"w": np.array([1, 2])}, must_raise=True))


_ACTIVATION_CLASSES = [activations.Identity, activations.Sigmoid, activations.Tanh, activations.ReLU,
                       activations.LeakyReLU, activations.ELU, activations.Softplus, activations.GELU]
_POSITIVE = {"low": 0, "include_low": False}
_DECAY = {"low": 0, "high": 1, "include_high": False}  # a decay rate or momentum in [0, 1)
_OPTIMIZERS = {
    "SGD": (optim.SGD, {"lr": Real(0.1, **_POSITIVE), "momentum": Real(0.5, **_DECAY),
                        "nesterov": Bool(False), "weight_decay": Real(0.1, low=0)}),
    "RMSprop": (optim.RMSprop, {"lr": Real(0.1, **_POSITIVE), "alpha": Real(0.9, **_DECAY),
                                "eps": Real(1e-8, **_POSITIVE)}),
    "Adam": (optim.Adam, {"lr": Real(0.1, **_POSITIVE), "beta1": Real(0.9, **_DECAY),
                          "beta2": Real(0.999, **_DECAY), "eps": Real(1e-8, **_POSITIVE),
                          "weight_decay": Real(0.1, low=0)}),
}
_REGRESSION = {"MSE": losses.MSE, "MAE": losses.MAE, "Huber": losses.Huber}


def _table() -> dict[str, Entry]:
    t: dict[str, Entry] = {}
    # activations ---------------------------------------------------------------------------------
    for cls in _ACTIVATION_CLASSES:
        name = cls.__name__
        has_alpha = "alpha" in inspect.signature(cls).parameters
        ctor = {"alpha": Real(0.5, low=0, include_low=cls is not activations.ELU)} if has_alpha else {}
        t[f"activations.{name}"] = Entry(cls, name, ctor)
        for method in ("forward", "derivative"):
            t[f"activations.{name}.{method}"] = Entry(_method(cls, method), f"{name}.{method}",
                                                        {"z": Arr(Z, nan=True, inf=True)})
    t["activations.Activation"] = Entry(activations.Activation, "Activation")
    for method in ("forward", "derivative"):  # the base: validates z, then names itself as abstract
        t[f"activations.Activation.{method}"] = Entry(
            _method(activations.Activation, method), f"Activation.{method}",
            {"z": Arr(Z, nan=True, inf=True)})
    t["activations.get_activation"] = Entry(activations.get_activation, ("get_activation", "LeakyReLU"),
                                            {"name": Name("leaky_relu"), "alpha": Real(0.1, low=0)})
    for fn in (activations.softmax, activations.log_softmax):
        t[f"activations.{fn.__name__}"] = Entry(fn, fn.__name__, {"z": Arr(Z, nan=True, inf=True),
                                                                    "axis": Int(1, low=-2, high=1)})
    # losses --------------------------------------------------------------------------------------
    for name, cls in _REGRESSION.items():
        ctor = {"delta": Real(1.0, **_POSITIVE)} if cls is losses.Huber else {}
        t[f"losses.{name}"] = Entry(cls, name, ctor)
        for method in ("loss", "grad"):
            t[f"losses.{name}.{method}"] = Entry(_method(cls, method), name,
                                                 {"y_pred": Arr(PAIR), "y_true": Arr(PROB)})
    # probabilities away from the clip at 1 - eps, whose size depends on the dtype by design
    for cls, pred in ((losses.BinaryCrossEntropy, [0.25, 0.5, 0.75, 0.125]),
                      (losses.BinaryCrossEntropyWithLogits, PAIR)):
        name = cls.__name__
        t[f"losses.{name}"] = Entry(cls, name)
        for method in ("loss", "grad"):
            t[f"losses.{name}.{method}"] = Entry(_method(cls, method), name,
                                                 {"y_pred": Arr(pred), "y_true": Arr(LABELS)})
    t["losses.SoftmaxCrossEntropy"] = Entry(losses.SoftmaxCrossEntropy, "SoftmaxCrossEntropy")
    for method in ("loss", "grad"):
        t[f"losses.SoftmaxCrossEntropy.{method}"] = Entry(
            _method(losses.SoftmaxCrossEntropy, method), "SoftmaxCrossEntropy",
            {"y_pred": Arr(Z), "y_true": Arr([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])})
        t[f"losses.SoftmaxCrossEntropy.{method}[indices]"] = Entry(
            _method(losses.SoftmaxCrossEntropy, method), "SoftmaxCrossEntropy",
            {"y_true": Custom(np.array([1, 2]), (
                Case("out of range", np.array([0, 3]), must_raise=True),
                Case("negative", np.array([-1, 0]), must_raise=True),
                Case("too many", np.array([0, 1, 2]), must_raise=True),
                Case("float indices", np.array([1.0, 2.0]), must_raise=True),
                Case("list", [1, 2], same=True)))},
            fixed={"y_pred": np.array(Z)})
    t["losses.Loss"] = Entry(losses.Loss, "Loss")
    for method in ("loss", "grad"):
        t[f"losses.Loss.{method}"] = Entry(_method(losses.Loss, method), "Loss",
                                           {"y_pred": Arr(PAIR), "y_true": Arr(PROB)})
    t["losses.get_loss"] = Entry(losses.get_loss, ("get_loss", "Huber"),
                                 {"name": Name("huber"), "delta": Real(2.0, **_POSITIVE)})
    dist_p, dist_q = [0.5, 0.25, 0.25], [0.25, 0.5, 0.25]
    t["losses.entropy"] = Entry(losses.entropy, "entropy", {"p": Arr(dist_p)})
    for fn in (losses.cross_entropy, losses.kl_divergence):
        t[f"losses.{fn.__name__}"] = Entry(fn, fn.__name__, {"p": Arr(dist_p), "q": Arr(dist_q)})
    # optimizers ----------------------------------------------------------------------------------
    for name, (cls, ctor) in _OPTIMIZERS.items():
        t[f"optim.{name}"] = Entry(cls, name, ctor)
        for method in ("step",):
            t[f"optim.{name}.step"] = Entry(
                _stepper(lambda cls=cls: cls(0.1)), f"{name}.step",
                {"params": Custom({"w": np.array([1.0, -2.0])}, _params_cases() + (
                    Case("float16", {"w": np.array([1.0, -2.0], dtype=np.float16)}),
                    Case("float32", {"w": np.array([1.0, -2.0], dtype=np.float32)}, same=True, rtol=1e-6))),
                 "grads": Custom({"w": np.array([0.5, 3.0])}, _params_cases()[:8] + (
                     Case("huge", {"w": np.array([1e300, 1.0])}, must_raise=name != "SGD"),
                     Case("float16", {"w": np.array([0.5, 3.0], dtype=np.float16)}, same=True),
                     Case("list", {"w": [0.5, 3.0]}, same=True)))})
    t["optim.Optimizer"] = Entry(optim.Optimizer, "Optimizer", {"lr": Real(0.1, low=0, include_low=False)})
    t["optim.Optimizer.step"] = Entry(_stepper(lambda: optim.Optimizer(0.1)), "Optimizer.step",
                                      {"params": Custom({"w": np.array([1.0, -2.0])}, _params_cases()),
                                       "grads": Custom({"w": np.array([0.5, 3.0])}, _params_cases()[:8])})
    # surfaces ------------------------------------------------------------------------------------
    t["surfaces.Quadratic"] = Entry(surfaces.Quadratic, "Quadratic", {
        "curvatures": Arr([1.0, 10.0]), "center": Arr([0.5, -1.0], none=True),
        "axes": Arr([[0.0, 1.0], [1.0, 0.0]], none=True)})
    t["surfaces.Quadratic.stable_lr_bound"] = Entry(_method(surfaces.Quadratic, "stable_lr_bound"),
                                                    "Quadratic.stable_lr_bound",
                                                    {"momentum": Real(0.5, low=0, high=1, include_high=False),
                                                     "nesterov": Bool(True)})
    t["surfaces.Rosenbrock"] = Entry(surfaces.Rosenbrock, "Rosenbrock",
                                     {"a": Real(1.0, low=-1e100, high=1e100), "b": Real(100.0, **_POSITIVE)})
    t["surfaces.Himmelblau"] = Entry(surfaces.Himmelblau, "Himmelblau")
    for cls in (surfaces.Quadratic, surfaces.Rosenbrock, surfaces.Himmelblau):
        for method in ("value", "grad"):
            t[f"surfaces.{cls.__name__}.{method}"] = Entry(
                _method(cls, method), f"{cls.__name__}.{method}", {"w": Arr([[0.5, -1.0], [2.0, 1.0]])})
    t["surfaces.Rosenbrock.hessian_at"] = Entry(_method(surfaces.Rosenbrock, "hessian_at"),
                                                "Rosenbrock.hessian_at",
                                                {"w": Arr([[0.5, -1.0], [2.0, 1.0]])})
    t["surfaces.Surface"] = Entry(surfaces.Surface, "Surface")
    for method in ("value", "grad"):
        t[f"surfaces.Surface.{method}"] = Entry(_method(surfaces.Surface, method), f"Surface.{method}",
                                                {"w": Arr([0.5, -1.0])})
    run = {"surface": Instance(surfaces.Quadratic(), cls=surfaces.Quadratic),
           "optimizer": Instance(optim.SGD(0.1), cls=optim.SGD), "w0": Arr([1.0, 1.0])}
    t["surfaces.run_optimizer"] = Entry(surfaces.run_optimizer, "run_optimizer", {
        **run, "n_steps": Int(5, low=0), "max_loss": Real(1e6, low=0, include_low=False)})
    # training ------------------------------------------------------------------------------------
    data = {"X": Arr(X_DATA), "y": Arr(Y_DATA)}
    line_params = Custom(LINE_PARAMS, (
        Case("list", [0.5, 0.25], must_raise=True), Case("missing b", {"w": np.ones(2)}, must_raise=True),
        Case("nan", {"w": np.array([np.nan, 1.0]), "b": 0.0}, must_raise=True),
        Case("wrong shape", {"w": np.ones(3), "b": 0.0}, must_raise=True),
        Case("string", {"w": "1", "b": 0.0}, must_raise=True),
        Case("lists", {"w": [0.5, -1.0], "b": 0.25}, same=True)))
    t["training.linear_loss_and_grads"] = Entry(training.linear_loss_and_grads, "linear_loss_and_grads",
                                                {"params": line_params, **data})
    t["training.least_squares"] = Entry(training.least_squares, "least_squares", data)
    t["training.minibatches"] = Entry(training.minibatches, "minibatches", {
        **data, "batch_size": Int(2, low=1, high=5), "rng": Rng(), "shuffle": Bool(True)})
    t["training.gradient_noise"] = Entry(training.gradient_noise, "gradient_noise", {
        **data, "params": line_params, "batch_size": Int(2, low=1, high=5), "rng": Rng()})
    t["training.gradient_noise_prediction"] = Entry(
        training.gradient_noise_prediction, "gradient_noise_prediction", {**data, "params": line_params, "batch_size": Int(2, low=1, high=5)})
    t["training.fit_linear_regression"] = Entry(training.fit_linear_regression, "fit_linear_regression", {
        **data, "optimizer": Instance(optim.SGD(0.01), cls=optim.SGD),
        "batch_size": Int(2, low=1, high=5, none=True),
        "n_epochs": Int(3, low=1), "params": Custom(LINE_PARAMS, line_params.bad + (Case("None", None),)),
        "rng": Rng(), "max_loss": Real(1e12, low=0, include_low=False)})
    t["training.first_step_below"] = Entry(training.first_step_below, "first_step_below", {
        "losses": Arr([8.0, 4.0, 2.0, 1.0], nan=True, inf=True), "tol": Real(2.0, low=0)})
    runs = {0.1: surfaces.run_optimizer(surfaces.Quadratic(), optim.SGD(0.1), [1.0, 1.0], 5),
            0.01: surfaces.run_optimizer(surfaces.Quadratic(), optim.SGD(0.01), [1.0, 1.0], 5)}
    t["training.stays_below"] = Entry(training.stays_below, "stays_below", {
        "losses": Arr([8.0, 4.0, 2.0, 1.0], nan=True, inf=True), "tol": Real(2.0, low=0),
        "last": Int(2, low=1)})
    t["training.best_learning_rate"] = Entry(training.best_learning_rate, "best_learning_rate", {
        "runs": Custom(runs, (Case("empty", {}, must_raise=True), Case("None", None, must_raise=True),
                              Case("list", list(runs.values()), must_raise=True),
                              Case("not runs", {0.1: 3.0}, must_raise=True),
                              Case("class", {0.1: training.History}, must_raise=True),
                              Case("string key", {"fast": runs[0.1]}, must_raise=True))),
        "tol": Real(1e-6, low=0)})
    t["training.steps_to_tolerance"] = Entry(training.steps_to_tolerance, "steps_to_tolerance", {
        **run, "tol": Real(1e-3, low=0), "max_steps": Int(50, low=0)})
    # datasets, signal ----------------------------------------------------------------------------
    t["datasets.linear_regression"] = Entry(datasets.linear_regression, "linear_regression", {
        "n_samples": Int(5, low=1), "n_features": Int(2, low=1), "noise": Real(0.5, low=0, high=1e100),
        "bias": Real(1.0, low=-1e100, high=1e100), "rng": Rng()})
    t["datasets.line_with_outliers"] = Entry(datasets.line_with_outliers, "line_with_outliers", {
        "n": Int(10, low=2), "n_outliers": Int(2, low=0, high=5), "w": Real(2.0, low=-1e100, high=1e100),
        "b": Real(1.0, low=-1e100, high=1e100), "noise": Real(0.3, low=0, high=1e100),
        "shift": Real(8.0, low=-1e100, high=1e100), "rng": Rng()})
    t["signal.gradient_norms_by_depth"] = Entry(signal.gradient_norms_by_depth, "gradient_norms_by_depth", {
        "activation": Name("tanh"), "depth": Int(3, low=1), "width": Int(4, low=1),
        "n_samples": Int(5, low=1),
        "gain": Real(1.0, low=0, include_low=False), "rng": Rng()})
    t["signal.gradient_ratios_over_seeds"] = Entry(
        signal.gradient_ratios_over_seeds, "gradient_ratios_over_seeds", {
            "activation": Name("tanh"), "gain": Real(1.0, **_POSITIVE), "depth": Int(3, low=1),
            "width": Int(4, low=1), "n_samples": Int(5, low=1), "n_seeds": Int(2, low=1)})
    t["signal.chain_derivative"] = Entry(signal.chain_derivative, "chain_derivative", {
        "x": Real(1.0), "w": Arr([2.0, -1.0, 3.0]), "b": Arr([0.0, 0.5, -1.0]), "activation": Name("tanh")})
    t["signal.train_unit_on_activations"] = Entry(
        signal.train_unit_on_activations, "train_unit_on_activations", {
            "activation": Name("sigmoid"), "n_samples": Int(5, low=1), "lr": Real(0.5, **_POSITIVE),
            "n_epochs": Int(2, low=1), "batch_size": Int(2, low=1, high=5), "rng": Rng(),
            "target": Arr([1.0, -1.0]), "stop_within": Real(0.5, **_POSITIVE, none=True)})
    t["signal.median_steps_to_target"] = Entry(
        signal.median_steps_to_target, "median_steps_to_target", {
            "activation": Name("tanh"), "lrs": Arr([0.5, 1.0]), "target": Arr([1.0, 1.0]),
            "batch_size": Int(2, low=1, high=10), "max_steps": Int(20, low=1), "tol": Real(0.1, **_POSITIVE),
            "n_samples": Int(10, low=1), "n_seeds": Int(2, low=1)})
    t["signal.input_second_moment"] = Entry(
        signal.input_second_moment, "input_second_moment", {
            "activation": Name("sigmoid"), "centre": Bool(False), "n_samples": Int(100, low=2),
            "rng": Rng()})
    t["signal.saturated_share_over_seeds"] = Entry(
        signal.saturated_share_over_seeds, "saturated_share_over_seeds", {
            "activation": Name("sigmoid"), "gain": Real(4.0, **_POSITIVE), "depth": Int(3, low=1),
            "width": Int(4, low=1), "n_samples": Int(5, low=1), "n_seeds": Int(2, low=1),
            "threshold": Real(5.0, **_POSITIVE)})
    t["signal.input_condition_number"] = Entry(
        signal.input_condition_number, "input_condition_number", {
            "activation": Name("sigmoid"), "centre": Bool(False), "n_samples": Int(100, low=2),
            "rng": Rng()})
    # gradcheck -----------------------------------------------------------------------------------
    sq = lambda v: float(np.sum(v**2))  # noqa: E731
    t["gradcheck.numerical_gradient"] = Entry(gradcheck.numerical_gradient, "numerical_gradient", {
        "f": Func(sq), "x": Arr([1.0, -2.0]), "eps": Real(1e-6, low=1e-12, high=1.0)})
    t["gradcheck.numerical_derivative"] = Entry(gradcheck.numerical_derivative, "numerical_derivative", {
        "f": Func(np.sin), "z": Arr([1.0, -2.0]), "eps": Real(1e-6, low=1e-12, high=1.0)})
    t["gradcheck.check_gradient"] = Entry(gradcheck.check_gradient, "check_gradient", {
        "f": Func(sq), "grad": Func(lambda v: 2 * v), "x": Arr([1.0, -2.0]),
        "eps": Real(1e-6, low=1e-12, high=1.0), "rtol": Real(1e-7, low=0, include_low=False)})
    pg = {"w": np.array([1.0, -2.0]), "b": np.array([0.5])}
    t["gradcheck.check_param_gradients"] = Entry(gradcheck.check_param_gradients, "check_param_gradients", {
        "loss": Func(lambda p: float(np.sum(p["w"] ** 2) + 3 * p["b"][0])),
        "grads": Custom(lambda p: {"w": 2 * p["w"], "b": np.array([3.0])}, (
            Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
            Case("returns None", lambda p: None, must_raise=True),
            Case("returns a list", lambda p: [2 * p["w"], np.array([3.0])], must_raise=True),
            Case("missing key", lambda p: {"w": 2 * p["w"]}, must_raise=True),
            Case("wrong shape", lambda p: {"w": 2 * p["w"], "b": np.array([[3.0]])}, must_raise=True),
            Case("strings", lambda p: {"w": "2", "b": np.array([3.0])}, must_raise=True),
            Case("lists", lambda p: {"w": (2 * p["w"]).tolist(), "b": [3.0]}, same=True))),
        "params": Custom(pg, (Case("None", None, must_raise=True),
                              Case("list", list(pg.values()), must_raise=True), Case("empty", {}, must_raise=True),
                              Case("missing b", {"w": pg["w"]}, must_raise=True, relational=True),
                              Case("nan", {**pg, "w": np.array([np.nan, 1.0])}, must_raise=True),
                              Case("inf", {**pg, "w": np.array([np.inf, 1.0])}, must_raise=True),
                              Case("lists", {"w": [1.0, -2.0], "b": [0.5]}, must_raise=True),
                              Case("int array", {**pg, "w": np.array([1, -2])}, must_raise=True),
                              Case("float32", {**pg, "w": pg["w"].astype(np.float32)}, must_raise=True),
                              Case("string", {**pg, "w": "1.0"}, must_raise=True))),
        "eps": Real(1e-6, low=1e-12, high=1.0), "rtol": Real(1e-7, **_POSITIVE)})
    t["gradcheck.relative_error"] = Entry(gradcheck.relative_error, "relative_error", {
        "a": Arr([1.0, 2.0], nan=True, inf=True), "b": Arr([1.0, 2.5], nan=True, inf=True)})
    # prose ---------------------------------------------------------------------------------------
    t["prose.sci"] = Entry(lambda **kw: _codes(prose.sci(**kw)), "sci", {
        "x": Real(1.34e-5), "digits": Int(1, low=0, high=16)})
    t["prose.approx"] = Entry(lambda **kw: _codes(prose.approx(**kw)), "approx", {
        "x": Real(9361.7), "significant": Int(2, low=1, high=17)})
    t["prose.glue"] = Entry(_glued, "glue", {
        "name": Custom("ratio", (Case("not an identifier", "a ratio", must_raise=True),
                                 Case("empty", "", must_raise=True), Case("None", None, must_raise=True),
                                 Case("number", 3, must_raise=True), Case("list", ["ratio"], must_raise=True))),
        "value": Real(373.2),
        "fmt": Custom(".0f", (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                              Case("integer format", "d", must_raise=True),
                              Case("braces", "{:.0f}", must_raise=True), Case("empty", "")))})
    # graph ---------------------------------------------------------------------------------------
    label = Custom("w", (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                         Case("list", ["w"], must_raise=True)))
    t["graph.Value"] = Entry(lambda **kw: graph.Value(**kw).data, "Value", {"data": Real(-0.5), "label": label})
    t["graph.Value.named"] = Entry(lambda **kw: _codes(graph.Value(2.0).named(**kw).label), "Value.named",
                                   {"label": label})
    for method in ("relu", "tanh", "sigmoid"):  # the value they are called on is the input
        t[f"graph.Value.{method}"] = Entry(lambda method=method, **kw: getattr(graph.Value(**kw), method)().data,
                                           "Value", {"data": Real(-0.5)})
    t["graph.Value.backward"] = Entry(_backward_steps, ("Value", "Value.__pow__"), {
        "data": Real(-0.5), "k": Real(2.0)})
    t["graph.topological_order"] = Entry(lambda **kw: [v.data for v in graph.topological_order(**kw)],
                                         "topological_order", {"root": Custom(
                                             graph.Value(2.0) * 3.0, (Case("None", None, must_raise=True),
                                                                      Case("number", 3.0, must_raise=True),
                                                                      Case("string", "x", must_raise=True)))})
    # naive ---------------------------------------------------------------------------------------
    two_layer = {"W1": np.array([[1.0, -0.5], [0.5, 2.0]]), "b1": np.array([0.1, -0.2]),
                 "W2": np.array([[1.5], [-1.0]]), "b2": np.array([0.25])}
    naive_params = Custom(two_layer, (
        Case("None", None, must_raise=True), Case("list", list(two_layer.values()), must_raise=True),
        Case("missing W2", {"W1": two_layer["W1"]}, must_raise=True),
        Case("extra key", {**two_layer, "W3": np.ones((1, 1))}, must_raise=True),
        Case("nan", {**two_layer, "W1": np.array([[np.nan, 1.0], [0.5, 2.0]])}, must_raise=True),
        Case("inf", {**two_layer, "b2": np.array([np.inf])}, must_raise=True),
        Case("string", {**two_layer, "W2": "1.0"}, must_raise=True),
        Case("W1 wrong shape", {**two_layer, "W1": np.ones((3, 2))}, must_raise=True, relational=True),
        Case("W2 wrong shape", {**two_layer, "W2": np.ones((2, 2))}, must_raise=True),
        Case("b1 wrong shape", {**two_layer, "b1": np.ones(3)}, must_raise=True),
        Case("b2 scalar row", {**two_layer, "b2": np.ones((3, 1))}, must_raise=True),
        Case("no biases", {"W1": two_layer["W1"], "W2": two_layer["W2"]}),
        Case("lists", {k: v.tolist() for k, v in two_layer.items()}, same=True)))
    naive_data = {"X": Arr([[1.0, 2.0], [0.5, -1.0], [-1.0, 0.0]]), "params": naive_params}
    t["naive.forward"] = Entry(naive.forward, "naive.forward", naive_data)
    t["naive.loss"] = Entry(naive.loss, "naive.loss", {**naive_data, "y": Arr([1.0, 0.0, 2.0])})
    t["naive.grads"] = Entry(naive.grads, "naive.grads", {
        **naive_data, "y": Arr([1.0, 0.0, 2.0]),
        "mistakes": Custom((), (Case("unknown", ["sign"], must_raise=True), Case("None", None, must_raise=True),
                                Case("string", "relu_mask", must_raise=True), Case("number", 3, must_raise=True),
                                Case("list", ["relu_mask"]), Case("all but one", naive.MISTAKES[1:])))})
    t["naive.lines"] = Entry(lambda **kw: _codes("\n".join(naive.lines(**kw))), "lines",
                             {"mistake": Name("dW2_shape")})
    # backprop ------------------------------------------------------------------------------------
    t["backprop.tiny_network"] = Entry(lambda **kw: backprop.tiny_network(**kw).forward(backprop.TINY_X),
                                       "tiny_network", {"activation": Name("relu")})
    t["backprop.trace_tiny"] = Entry(backprop.trace_tiny, "trace_tiny", {"activation": Name("tanh")})
    net_data = {"net": Instance(backprop.tiny_network("tanh"), cls=layers.Sequential),
                "loss": Instance(losses.MSE(), cls=losses.MSE),
                "X": Arr([[1.0, 2.0], [0.5, -1.0], [-1.0, 0.0]]), "y": Arr([[1.0], [0.0], [2.0]])}
    t["backprop.check_network"] = Entry(backprop.check_network, "check_network", {
        **net_data, "eps": Real(1e-6, low=1e-12, high=1.0)})
    t["backprop.time_passes"] = Entry(lambda **kw: np.array(backprop.time_passes(**kw)) >= 0, "time_passes", {
        **net_data, "repeats": Int(2, low=1)})
    t["backprop.flop_counts"] = Entry(backprop.flop_counts, "flop_counts", {
        "sizes": Custom((2, 2, 1), (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                                    Case("string", "221", must_raise=True), Case("one", (2,), must_raise=True),
                                    Case("zero", (2, 0, 1), must_raise=True),
                                    Case("floats", (2.0, 2.5, 1.0), must_raise=True),
                                    Case("list", [2, 2, 1], same=True),
                                    Case("array", np.array([2, 2, 1]), same=True))),
        "n_samples": Int(3, low=1)})
    _playground_rows(t)
    _experiments_rows(t)
    # plotting.backprop ---------------------------------------------------------------------------
    t["plotting.backprop.depth_norms"] = Entry(plot_bp.depth_norms, "depth_norms", {
        "activation": Name("tanh"), "gain": Real(1.0, **_POSITIVE), "depth": Int(3, low=1)})
    t["plotting.backprop.plot_backprop_steps"] = Entry(
        lambda **kw: plot_bp.plot_backprop_steps(**kw), "plot_backprop_steps", {
            "activation": Name("relu"), "step": Int(3, low=1, high=plot_bp.N_STEPS)})
    t["plotting.backprop.plot_gradient_depth"] = Entry(
        lambda **kw: plot_bp.plot_gradient_depth(**kw), "plot_gradient_depth", {
            "activation": Name("relu"), "init": Name("He (gain √2)"), "depth": Int(10, low=1, high=40)})
    # plotting.network ----------------------------------------------------------------------------
    t["plotting.network.diabetes_split"] = Entry(plot_net.diabetes_split, "diabetes_split", {
        "seed": Int(0, low=0, high=2**32 - 1)})
    t["plotting.network.plot_grid"] = Entry(lambda **kw: plot_net.plot_grid(**kw), "plot_grid", {
        "activation": Name("tanh"),
        "hidden": Custom(8, (Case("not in the grid", 9, must_raise=True), Case("string", "8", must_raise=True),
                             Case("None", None, must_raise=True), Case("nan", np.nan, must_raise=True),
                             Case("float", 8.0, same=True))),
        "lr": Custom(0.01, (Case("not in the grid", 0.02, must_raise=True), Case("string", "0.01", must_raise=True),
                            Case("None", None, must_raise=True), Case("list", [0.01], must_raise=True),
                            Case("numpy", np.float64(0.01), same=True)))})
    t["plotting.network.plot_training"] = Entry(plot_net.plot_training, "plot_training", {
        "loss": Arr([1.0, 0.6, 0.5]), "test_loss": Arr([1.1, 0.7, 0.65]), "y_true": Arr([1.0, 2.0, 3.0]),
        "y_pred": Arr([1.2, 1.9, 2.5]),
        "units": Custom(" (mm)", (Case("number", 3, must_raise=True), Case("None", None, must_raise=True),
                                  Case("list", [" (mm)"], must_raise=True)))})
    confusions = {"a": np.eye(3, dtype=int), "b": np.ones((3, 3), dtype=int)}
    t["plotting.network.plot_confusions"] = Entry(plot_net.plot_confusions, "plot_confusions", {
        "matrices": Custom(confusions, (
            Case("None", None, must_raise=True), Case("list", list(confusions.values()), must_raise=True),
            Case("empty", {}, must_raise=True), Case("not square", {"a": np.ones((2, 3))}, must_raise=True),
            Case("negative", {"a": -np.eye(2)}, must_raise=True),
            Case("fractions", {"a": np.eye(2) / 2}, must_raise=True),
            Case("nan", {"a": np.full((2, 2), np.nan)}, must_raise=True),
            Case("string", {"a": "x"}, must_raise=True), Case("floats", {"a": np.eye(3)}),
            Case("lists", {k: v.tolist() for k, v in confusions.items()}))),
        "labels": Custom(None, (Case("wrong length", ["a", "b"], must_raise=True, relational=True),
                                Case("number", 3, must_raise=True), Case("string", "abc", must_raise=True),
                                Case("list", ["x", "y", "z"])))})
    # fitting, neuron -----------------------------------------------------------------------------
    loss = Custom("huber", (Case("unknown", "cross_entropy", must_raise=True),
                            Case("None", None, must_raise=True),
                            Case("class", losses.Huber, must_raise=True),
                            Case("classification loss", losses.BinaryCrossEntropy(), must_raise=True),
                            Case("object", losses.Huber(), same=True)))
    xs, ys = [-1.0, -0.5, 0.0, 0.5, 1.0], [-1.0, 0.0, 1.5, 2.0, 3.0]
    t["fitting.line_gradient"] = Entry(fitting.line_gradient, "line_gradient", {
        "loss": loss, "x": Arr(xs), "y": Arr(ys), "w": Real(0.5), "b": Real(0.25)})
    t["fitting.fit_line"] = Entry(fitting.fit_line, "fit_line", {
        "x": Arr(xs), "y": Arr(ys), "loss": loss, "lr": Real(0.5, low=0, include_low=False),
        "n_epochs": Int(5, low=0), "decay": Bool(True), "w": Real(0.5), "b": Real(0.25)})
    t["fitting.fit_constant"] = Entry(fitting.fit_constant, "fit_constant", {
        "y": Arr(ys), "loss": loss, "lr": Real(0.5, low=0, include_low=False), "n_epochs": Int(5, low=0),
        "decay": Bool(True), "b": Real(0.25)})
    t["fitting.line_loss_surface"] = Entry(fitting.line_loss_surface, "line_loss_surface", {
        "loss": loss, "x": Arr(xs), "y": Arr(ys), "w": Arr([0.5, 1.0]), "b": Arr([0.25, 0.0])})
    t["fitting.accuracy_and_cross_entropy"] = Entry(fitting.accuracy_and_cross_entropy,
                                                    "accuracy_and_cross_entropy", {
        "x": Arr(xs), "y": Arr([0.0, 1.0, 0.0, 1.0, 1.0]), "w": Real(0.5, low=-1e6, high=1e6),
        "b": Real(0.25, low=-1e6, high=1e6)})
    neuron_args = {"x": Real(1.0, low=-1e100, high=1e100), "y": Real(0.0, low=0, high=1),
                   "w": Real(2.0, low=-1e100, high=1e100), "b": Real(2.0, low=-1e100, high=1e100)}
    t["neuron.neuron_gradients"] = Entry(neuron.neuron_gradients, "neuron_gradients", {
        "loss": Name("mse"), **neuron_args})
    t["neuron.train_sigmoid_neuron"] = Entry(neuron.train_sigmoid_neuron, "train_sigmoid_neuron", {
        "loss": Name("binary_cross_entropy_with_logits"), **neuron_args, "lr": Real(0.15, **_POSITIVE),
        "n_epochs": Int(5, low=0)})
    # plotting ------------------------------------------------------------------------------------
    t["plotting.new_figure"] = Entry(nnbasics.plotting.new_figure, "new_figure", {
        "ncols": Int(2, low=1, high=8), "width": Real(4.0, low=0, high=100, include_low=False),
        "height": Real(3.0, low=0, high=100, include_low=False)})
    t["plotting.title"] = Entry(_title, "title", {
        "ax": Custom("<axes>", (Case("None", None, must_raise=True), Case("string", "ax", must_raise=True))),
        "text": Custom("a title", (Case("None", None, must_raise=True), Case("number", 3, must_raise=True)))},
    )
    t["plotting.activations.plot_activation"] = Entry(plot_act.plot_activation, "plot_activation", {
        "name": Name("tanh"), "z0": Real(1.0, low=-1e3, high=1e3)})
    t["plotting.activations.plot_neuron"] = Entry(plot_act.plot_neuron, "plot_neuron", {
        "name": Name("relu"), "w": Real(1.0, low=-1e3, high=1e3), "b": Real(0.5, low=-1e3, high=1e3)})
    t["plotting.activations.plot_step_vs_sigmoid"] = Entry(
        plot_act.plot_step_vs_sigmoid, "plot_step_vs_sigmoid", {"w": Real(5.0, low=0, high=1e3, include_low=False)})
    t["plotting.activations.plot_zigzag"] = Entry(plot_act.plot_zigzag, "plot_zigzag", {
        "n_steps": Int(10, low=1, high=200), "lr": Real(0.5, low=0, high=10, include_low=False)})
    t["plotting.losses.loss_curve"] = Entry(plot_losses.loss_curve, "loss_curve", {
        "name": Name("mse"), "target": Real(1.0, low=0, high=1), "n_points": Int(5, low=2, high=10_000)})
    t["plotting.losses.plot_loss_curve"] = Entry(plot_losses.plot_loss_curve, "plot_loss_curve", {
        "name": Name("huber"), "target": Real(1.0, low=0, high=1), "prediction": Real(3.0, low=-6, high=6)})
    t["plotting.losses.plot_slowdown"] = Entry(plot_losses.plot_slowdown, "plot_slowdown", {
        "lr": Real(0.15, low=0, high=100, include_low=False),
        "start": Custom((2.0, 2.0), (Case("None", None, must_raise=True),
                                     Case("one number", 2.0, must_raise=True),
                                     Case("three", (1.0, 2.0, 3.0), must_raise=True),
                                     Case("nan", (np.nan, 2.0), must_raise=True),
                                     Case("string", "ab", must_raise=True),
                                     Case("list", [2.0, 2.0], same=True)))})
    target = Custom((0.6, 0.3, 0.1), (Case("None", None, must_raise=True),
                                      Case("string", "abc", must_raise=True),
                                      Case("sums to 0.9", (0.5, 0.4), must_raise=True),
                                      Case("certain first", (1.0, 0.0), must_raise=True),
                                      Case("nan", (np.nan, 0.5, 0.5), must_raise=True),
                                      Case("list", [0.6, 0.3, 0.1], same=True)))
    t["plotting.losses.shift_first"] = Entry(plot_losses.shift_first, "shift_first", {
        "p": target, "q1": Real(0.25, low=0, high=1)})
    t["plotting.losses.plot_information"] = Entry(plot_losses.plot_information, "plot_information", {
        "p": target, "q1": Real(0.2, low=0, high=1)})
    t["plotting.losses.surrogate_slopes"] = Entry(plot_losses.surrogate_slopes, "surrogate_slopes", {
        "w": Real(1.0, low=-10, high=10)})
    t["plotting.losses.plot_accuracy_surrogate"] = Entry(plot_losses.plot_accuracy_surrogate,
                                                         "plot_accuracy_surrogate", {"w": Real(1.0, low=-3, high=3)})
    t["plotting.losses.plot_loss_surfaces"] = Entry(plot_losses.plot_loss_surfaces, "plot_loss_surfaces", {
        "data": Name("4 outliers")})
    lr = Real(0.05, low=0, include_low=False)
    t["plotting.descent.make_optimizer"] = Entry(plot_descent.make_optimizer, "make_optimizer", {
        "name": Name("Adam"), "lr": lr})
    t["plotting.descent.lr_path_run"] = Entry(plot_descent.lr_path_run, "lr_path_run", {
        "problem": Name("1-D"), "lr": lr})
    t["plotting.descent.steps_vs_lr"] = Entry(plot_descent.steps_vs_lr, "steps_vs_lr", {"kappa": _kappa()})
    t["plotting.descent.optimizer_run"] = Entry(plot_descent.optimizer_run, "optimizer_run", {
        "surface": Name("quadratic"), "optimizer": Name("momentum"), "lr": lr, "n_steps": Int(5, low=1)})
    t["plotting.descent.batch_size_runs"] = Entry(plot_descent.batch_size_runs, "batch_size_runs", {"lr": lr})
    t["plotting.descent.plot_lr_path"] = Entry(plot_descent.plot_lr_path, "plot_lr_path", {
        "problem": Name("1-D"), "lr": lr})
    t["plotting.descent.plot_steps_vs_lr"] = Entry(plot_descent.plot_steps_vs_lr, "plot_steps_vs_lr",
                                                   {"kappa": _kappa()})
    t["plotting.descent.plot_batch_sizes"] = Entry(plot_descent.plot_batch_sizes, "plot_batch_sizes",
                                                   {"lr": lr})
    t["plotting.descent.plot_optimizers"] = Entry(plot_descent.plot_optimizers, "plot_optimizers", {
        "optimizer": Name("RMSprop"), "lr": lr})
    _rows_from_main(t)
    _widget_rows(t)
    _cost_rows(t)
    _generalization_rows(t)
    _rows_evaluation(t)
    _gradient_descent_rows(t)
    return t


def _rows_evaluation(t: dict[str, Entry]) -> None:
    """Rows of nnbasics.evaluation and nnbasics.plotting.evaluation (the evaluation chapter)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    labels, scores = [0.0, 1.0, 1.0, 0.0, 1.0], [0.3, 0.6, 0.2, 0.1, 0.9]
    pair = {"y_true": Arr(labels), "scores": Arr(scores)}
    t["evaluation.roc_points"] = Entry(evaluation.roc_points, "roc_points", pair)
    t["evaluation.threshold_point"] = Entry(evaluation.threshold_point, "threshold_point",
                                            {**pair, "threshold": Real(0.5)})
    X6, y6 = [[0.0, 1.0], [1.0, 0.5], [2.0, -1.0], [3.0, 0.25], [-1.0, 2.0], [0.5, -0.5]], [0, 1, 0, 1, 0, 1]
    data = {f"{X}_{part}": Arr(X6 if X == "X" else y6, dtypes=("list", "int", "float32"))
            for part in ("train", "test", "fresh") for X in ("X", "y")}
    t["evaluation.choose_by_test"] = Entry(evaluation.choose_by_test, "choose_by_test", {
        "candidates": Custom([LogisticRegression()], (
            Case("empty", [], must_raise=True), Case("None", None, must_raise=True),
            Case("class", [LogisticRegression], must_raise=True), Case("string", "sgd", must_raise=True),
            Case("number", [3], must_raise=True), Case("tuple", (LogisticRegression(),), same=True))),
        **data})
    t["evaluation.leakage"] = Entry(evaluation.leakage, "leakage", {
        "preprocess": Instance(StandardScaler(), cls=StandardScaler),
        "model": Instance(LogisticRegression(), cls=LogisticRegression),
        "X": Arr(X6, dtypes=("list", "int", "float32")), "y": Arr(y6, dtypes=("list", "int", "float32")),
        "n_splits": Int(2, low=2, high=6), "rng": Rng()})
    t["evaluation.paired_comparison"] = Entry(evaluation.paired_comparison, "paired_comparison", {
        "scores_a": Arr([0.9, 0.8, 0.85, 0.7], dtypes=("list", "float32")),
        "scores_b": Arr([0.85, 0.75, 0.8, 0.75], dtypes=("list", "float32")),   # no ties
        "test_fraction": Real(0.2, low=0, high=1, include_low=False, include_high=False)})
    models = Custom({"m": scores}, (
        Case("None", None, must_raise=True), Case("empty", {}, must_raise=True),
        Case("list", [scores], must_raise=True), Case("number keys", {1: scores}, must_raise=True),
        Case("nan", {"m": [0.3, np.nan, 0.2, 0.1, 0.9]}, must_raise=True),
        Case("too few", {"m": scores[:-1]}, must_raise=True, relational=True),
        Case("string", {"m": "0.5"}, must_raise=True),
        Case("float32", {"m": np.array(scores, dtype=np.float32)})))
    t["plotting.evaluation.threshold_render"] = Entry(
        lambda **kw: plot_eval.threshold_render(**kw)(model="m", threshold=0.5), "threshold_render",
        {"y_true": Arr(labels), "models": models})
    render = plot_eval.threshold_render(labels, {"m": scores, "n": scores[::-1]})
    t["plotting.evaluation.threshold_render[render]"] = Entry(
        lambda **kw: render(**kw), "threshold_render", {
            "model": Custom("m", (Case("unknown", "x", must_raise=True), Case("None", None, must_raise=True),
                                  Case("number", 3, must_raise=True), Case("list", ["m"], must_raise=True))),
            "threshold": Real(0.5)})
    t["plotting.evaluation.plot_calibration"] = Entry(plot_eval.plot_calibration, "plot_calibration", {
        "y_true": Arr(labels),
        "probabilities": Custom({"m": scores}, (
            Case("None", None, must_raise=True), Case("empty", {}, must_raise=True),
            Case("list", [scores], must_raise=True),
            Case("above 1", {"m": [0.3, 0.6, 0.2, 0.1, 1.5]}, must_raise=True),
            Case("nan", {"m": [0.3, np.nan, 0.2, 0.1, 0.9]}, must_raise=True),
            Case("too few", {"m": scores[:-1]}, must_raise=True),
            Case("string", {"m": "0.5"}, must_raise=True))),
        "n_bins": Int(4, low=2, high=50)})
    t["plotting.evaluation.plot_paired_scores"] = Entry(plot_eval.plot_paired_scores, "plot_paired_scores", {
        "scores_a": Arr([0.9, 0.8, 0.85]), "scores_b": Arr([0.85, 0.8, 0.8]),
        "names": Custom(("A", "B"), (Case("one", ("A",), must_raise=True), Case("None", None, must_raise=True),
                                     Case("string", "AB", must_raise=True),
                                     Case("numbers", (1, 2), must_raise=True))),
        "ylabel": Custom("accuracy", (Case("None", None, must_raise=True), Case("number", 3, must_raise=True)))})


def _rows_from_main(t: dict[str, Entry]) -> None:
    """Rows of the modules that arrived on main with the playground, the networks and the one loop."""
    # datasets --------------------------------------------------------------------------------------
    two = {"n_samples": Int(20, low=2), "noise": Real(0.1, low=0), "rng": Rng()}
    t["datasets.xor"] = Entry(datasets.xor, "xor", {"n_samples": Int(8, low=4, none=True),
                                                    "noise": Real(0.1, low=0), "rng": Rng()})
    t["datasets.circles"] = Entry(datasets.circles, "circles", {
        **two, "factor": Real(0.5, low=0, high=1, include_low=False, include_high=False)})
    t["datasets.moons"] = Entry(datasets.moons, "moons", two)
    t["datasets.spirals"] = Entry(datasets.spirals, "spirals", {**two, "turns": Real(1.5, **_POSITIVE)})
    t["datasets.blobs"] = Entry(datasets.blobs, "blobs", {**two, "distance": Real(2.0, low=0)})
    t["datasets.get_dataset"] = Entry(datasets.get_dataset, "get_dataset", {"name": Name("moons"), **two})
    t["datasets.get_dataset[params]"] = Entry(datasets.get_dataset, ("get_dataset", "spirals"), {
        "turns": Real(1.5, **_POSITIVE)}, fixed={"name": "spirals", "n_samples": 20, "rng": 0})
    points = [[0.0, 1.0], [1.0, 0.5], [2.0, -1.0], [3.0, 0.25], [-1.0, 2.0], [0.5, -0.5]]
    classes = np.array([0, 1, 0, 1, 0, 1])
    t["datasets.train_test_split"] = Entry(datasets.train_test_split, "train_test_split", {
        "X": Arr(points), "y": Custom(classes, (
            Case("float labels", classes + 0.5, must_raise=True), Case("None", None, must_raise=True),
            Case("too few", classes[:-1], must_raise=True, relational=True),
            Case("string", "y", must_raise=True), Case("list", classes.tolist(), same=True))),
        "test_size": Real(0.5, low=0, high=1, include_low=False, include_high=False),
        "stratify": Bool(True), "rng": Rng()})
    t["datasets.hand_features"] = Entry(datasets.hand_features, "hand_features", {
        "X": Arr(points), "names": Custom(("x1", "x1*x2"), (
            Case("unknown", ("x1", "x3"), must_raise=True), Case("string", "x1", must_raise=True),
            Case("None", None, must_raise=True), Case("number", (1,), must_raise=True),
            Case("empty", (), must_raise=True), Case("list", ["x1", "x1*x2"], same=True)))})
    # layers ----------------------------------------------------------------------------------------
    t["layers.init_weights"] = Entry(layers.init_weights, "init_weights", {
        "name": Name("he"), "n_in": Int(3, low=1), "n_out": Int(2, low=1), "rng": Rng()})
    t["layers.Dense"] = Entry(layers.Dense, "Dense", {
        "n_in": Int(3, low=1), "n_out": Int(2, low=1), "activation": Name("tanh"),
        "init": Name("glorot", none=True),  # None: the documented default, "he" or "glorot" by activation
        "rng": Rng()})
    batch = [[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]]
    dense = lambda: layers.Dense(3, 2, "tanh", rng=0)  # noqa: E731
    t["layers.Dense.forward"] = Entry(_method(dense, "forward"), "Dense.forward", {"X": Arr(batch)})
    t["layers.Dense.backward"] = Entry(_after_forward(dense, batch), "Dense.backward", {
        "grad_out": Arr([[1.0, -0.5], [0.25, 2.0]])})
    t["layers.Dropout"] = Entry(layers.Dropout, "Dropout", {
        "p": Real(0.5, low=0, high=1, include_high=False), "rng": Rng()})
    dropout = lambda: layers.Dropout(0.5, rng=0)  # noqa: E731
    t["layers.Dropout.forward"] = Entry(_method(dropout, "forward"), "Dropout.forward", {"X": Arr(batch)})
    t["layers.Dropout.backward"] = Entry(_after_forward(dropout, batch), "Dropout.backward", {
        "grad_out": Arr(batch)})
    t["layers.Sequential"] = Entry(layers.Sequential, "Sequential", {"layers": Custom(
        [layers.Dense(3, 2, rng=0)], (Case("None", None, must_raise=True),
                                      Case("a layer, not a list", layers.Dense(3, 2, rng=0), must_raise=True),
                                      Case("class", [layers.Dense], must_raise=True),
                                      Case("string", ["dense"], must_raise=True),
                                      Case("empty", [], must_raise=True)))})
    seq = lambda: layers.Sequential([layers.Dense(3, 4, "relu", rng=0), layers.Dense(4, 2, rng=1)])  # noqa: E731
    t["layers.Sequential.forward"] = Entry(_method(seq, "forward"), ("Dense.forward", "Sequential.forward"),
                                           {"X": Arr(batch)})
    t["layers.Sequential.backward"] = Entry(_after_forward(seq, batch), ("Dense.backward",
                                                                         "Sequential.backward"),
                                            {"grad_out": Arr([[1.0, -0.5], [0.25, 2.0]])})
    # network (scikit-learn estimators: __init__ stores, fit checks) ----------------------------------
    Xc = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.25], [0.25, 0.75]]
    yc, yr = [0, 1, 1, 0, 1, 0], [0.0, 1.0, 1.0, 0.5, 0.25, 2.0]
    hyper = {
        "hidden_layer_sizes": Custom((4,), (Case("zero", (0,), must_raise=True),
                                            Case("float", (4.5,), must_raise=True),
                                            Case("None", None, must_raise=True),
                                            Case("string", "4", must_raise=True),
                                            Case("list", [4], same=True))),
        "activation": Name("tanh"),
        "init": Custom("glorot", (Case("unknown", "no_such_name", must_raise=True),
                                  Case("empty", "", must_raise=True), Case("number", 3, must_raise=True),
                                  Case("list", ["glorot"], must_raise=True),
                                  Case("upper case", "GLOROT", must_raise=True),
                                  Case("alias", "xavier", same=True), Case("None (defaults)", None))),
        "optimizer": Name("sgd"), "lr": Real(0.05, **_POSITIVE),
        "momentum": Real(0.5, **_DECAY), "nesterov": Bool(False), "alpha": Real(1e-4, low=0),
        "dropout": Real(0.25, low=0, high=1, include_high=False),
        "batch_size": Int(3, low=1), "n_epochs": Int(3, low=1), "shuffle": Bool(True),
        "early_stopping": Bool(False), "validation_fraction": Real(0.25, low=0, high=1, include_low=False,
                                                                    include_high=False),
        "patience": Int(2, low=1), "random_state": Rng()}
    for cls, y in ((network.MLPClassifier, yc), (network.MLPRegressor, yr)):
        name = cls.__name__
        t[f"network.{name}"] = Entry(_fitted(cls, Xc, y), name, hyper)
        model = lambda cls=cls, y=y: cls((4,), n_epochs=3, random_state=0, lr=0.05).fit(Xc, y)  # noqa: E731
        t[f"network.{name}.fit"] = Entry(lambda cls=cls, **kw: cls((4,), n_epochs=3, random_state=0).fit(**kw),
                                         f"{name}.fit", {"X": Arr(Xc), "y": Arr(y, dtypes=("list",))},
                                         sklearn=("X", "y"))
        methods = ("predict", "predict_proba", "score") if cls is network.MLPClassifier else ("predict", "score")
        for method in methods:
            params = {"X": Arr(Xc)}
            if method == "score":
                params["y"] = Arr(y, dtypes=("list",))
            t[f"network.{name}.{method}"] = Entry(_method(model, method), f"{name}.{method}", params,
                                                  sklearn=("X", "y"))
    # optim, training ---------------------------------------------------------------------------------
    t["optim.get_optimizer"] = Entry(optim.get_optimizer, ("get_optimizer", "SGD"), {
        "name": Name("sgd"), "lr": Real(0.1, **_POSITIVE), "momentum": Real(0.5, **_DECAY)})
    t["training.sgd_lr_bound"] = Entry(training.sgd_lr_bound, "sgd_lr_bound", {
        "lambda_max": Real(10.0, **_POSITIVE), "momentum": Real(0.5, **_DECAY), "nesterov": Bool(True)})
    t["training.train"] = Entry(_train, "train", {
        "batch_grads": Func(_line_grads), "training_loss": Func(_line_loss),
        "optimizer": Instance(optim.SGD(0.01), cls=optim.SGD), "X": Arr(X_DATA, none=True),
        "y": Arr(Y_DATA, none=True), "n_epochs": Int(3, low=0), "batch_size": Int(2, low=1, none=True),
        "rng": Rng(), "shuffle": Bool(True), "max_loss": Real(1e12, **_POSITIVE),
        "record": Custom("step", (Case("unknown", "batch", must_raise=True),
                                  Case("None", None, must_raise=True), Case("number", 1, must_raise=True))),
        "keep_path": Bool(False)})
    # approximation -----------------------------------------------------------------------------------
    target = Custom("sine", (Case("unknown", "cosine", must_raise=True), Case("None", None, must_raise=True),
                             Case("number", 3, must_raise=True),
                             Case("returns NaN", lambda x: np.full_like(x, np.nan), must_raise=True),
                             Case("wrong shape", lambda x: np.ones(3), must_raise=True),
                             Case("function", approximation.TARGETS["sine"], same=True)))
    interval = Custom((-1.0, 1.0), (Case("reversed", (1.0, -1.0), must_raise=True),
                                    Case("one number", 1.0, must_raise=True),
                                    Case("three", (0.0, 1.0, 2.0), must_raise=True),
                                    Case("nan", (np.nan, 1.0), must_raise=True),
                                    Case("None", None, must_raise=True),
                                    Case("list", [-1.0, 1.0], same=True)))
    t["approximation.get_target"] = Entry(approximation.get_target, "get_target", {"target": target})
    t["approximation.relu_bumps"] = Entry(approximation.relu_bumps, "relu_bumps", {
        "target": target, "n": Int(5, low=2), "interval": interval})
    ns = Custom((3, 5, 9), (Case("None", None, must_raise=True), Case("empty", (), must_raise=True),
                            Case("below 2", (1, 5), must_raise=True), Case("float", (3.5, 5), must_raise=True),
                            Case("string", "3", must_raise=True), Case("list", [3, 5, 9], same=True)))
    t["approximation.approximation_errors"] = Entry(approximation.approximation_errors, "approximation_errors", {
        "target": target, "ns": ns, "interval": interval, "n_eval": Int(101, low=2)})
    t["approximation.convergence_rate"] = Entry(approximation.convergence_rate, "convergence_rate", {
        "ns": Arr([3.0, 5.0, 9.0], dtypes=("list", "int")), "errors": Arr([0.1, 0.04, 0.01], dtypes=("list",))})
    t["approximation.interpolation_bound"] = Entry(approximation.interpolation_bound, "interpolation_bound", {
        "target": Custom("kink", (Case("unknown", "cosine", must_raise=True), Case("None", None, must_raise=True),
                                  Case("number", 3, must_raise=True))),
        "ns": ns, "interval": interval})
    # playground: the functions added with the review of the chapter ----------------------------------------
    line_points = [[0.0, 1.0], [1.0, 0.5], [2.0, -1.0], [3.0, 0.25], [-1.0, 2.0], [0.5, -0.5]]
    labels = np.array([0, 1, 0, 1, 0, 1])
    label_cases = (Case("float labels", labels + 0.5, must_raise=True), Case("None", None, must_raise=True),
                   Case("too few", labels[:-1], must_raise=True, relational=True),
                   Case("string", "y", must_raise=True), Case("list", labels.tolist(), same=True))
    t["playground.best_line_accuracy"] = Entry(playground.best_line_accuracy, "best_line_accuracy", {
        "X": Arr(line_points), "y": Custom(labels, label_cases), "n_angles": Int(90, low=1)})
    t["playground.guess_loss"] = Entry(playground.guess_loss, "guess_loss", {
        "y": Custom(labels, (Case("float labels", labels + 0.5, must_raise=True), Case("None", None, must_raise=True),
                             Case("empty", [], must_raise=True), Case("string", "y", must_raise=True),
                             Case("2-d", labels[None], must_raise=True), Case("list", labels.tolist(), same=True)))})
    xor_split = playground.make_split("xor", 40, rng=0)
    relu3 = network.MLPClassifier((3,), n_epochs=2, random_state=0).fit(xor_split.X_train, xor_split.y_train)
    tanh3 = network.MLPClassifier((3,), activation="tanh", n_epochs=2, random_state=0).fit(
        xor_split.X_train, xor_split.y_train)
    t["playground.linear_regions"] = Entry(playground.linear_regions, "linear_regions", {
        "model": Custom(relu3, (Case("tanh network", tanh3, must_raise=True), Case("None", None, must_raise=True),
                                Case("array", np.zeros((2, 2)), must_raise=True))),
        "bounds": Custom((-1.0, 1.0, -1.0, 1.0), (Case("reversed", (1.0, -1.0, -1.0, 1.0), must_raise=True),
                                                  Case("three", (0.0, 1.0, 2.0), must_raise=True),
                                                  Case("nan", (np.nan, 1.0, -1.0, 1.0), must_raise=True),
                                                  Case("string", "box", must_raise=True),
                                                  Case("list", [-1.0, 1.0, -1.0, 1.0], same=True)))})
    bumps = lambda: approximation.relu_bumps("sine", 5)  # noqa: E731
    for method in ("forward", "hidden", "bumps"):
        t[f"approximation.ReluBumps.{method}"] = Entry(_method(bumps, method), f"ReluBumps.{method}", {
            "x": Arr([-0.5, 0.0, 0.75], dtypes=("list", "float32"))})
    # plotting.boundaries -----------------------------------------------------------------------------
    bounds = Custom((-1.0, 1.0, -2.0, 2.0), (Case("reversed", (1.0, -1.0, -2.0, 2.0), must_raise=True),
                                             Case("three", (0.0, 1.0, 2.0), must_raise=True),
                                             Case("nan", (np.nan, 1.0, 0.0, 1.0), must_raise=True),
                                             Case("None", None, must_raise=True),
                                             Case("number", 1.0, must_raise=True),
                                             Case("list", [-1.0, 1.0, -2.0, 2.0], same=True)))
    t["plotting.boundaries.grid_bounds"] = Entry(plot_bound.grid_bounds, "grid_bounds", {
        "X": Arr(points), "margin": Real(0.2, low=0)})
    t["plotting.boundaries.grid_points"] = Entry(plot_bound.grid_points, "grid_points", {
        "bounds": bounds, "resolution": Int(4, low=2)})
    proba = Custom(lambda P: 1 / (1 + np.exp(-P[:, 0])), (
        Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
        Case("returns NaN", lambda P: np.full(len(P), np.nan), must_raise=True),
        Case("wrong shape", lambda P: np.ones(3), must_raise=True),
        Case("above 1", lambda P: np.full(len(P), 2.0), must_raise=True)))
    t["plotting.boundaries.probability_grid"] = Entry(plot_bound.probability_grid, "probability_grid", {
        "proba": proba, "bounds": bounds, "resolution": Int(4, low=2)})
    W, b = [[1.0, -1.0, 0.5], [0.5, 2.0, -1.0]], [0.0, 0.5, -0.25]
    t["plotting.boundaries.dense_units"] = Entry(plot_bound.dense_units, "dense_units", {
        "W": Arr(W), "b": Arr(b), "activation": Name("relu")})
    units = plot_bound.dense_units(np.array(W), np.array(b), "tanh")
    unit_spec = Custom(units, (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                               Case("empty", [], must_raise=True), Case("strings", ["unit"], must_raise=True)))
    t["plotting.boundaries.unit_grids"] = Entry(plot_bound.unit_grids, "unit_grids", {
        "units": unit_spec, "bounds": bounds, "resolution": Int(4, low=2)})
    t["plotting.boundaries.plot_hidden_units"] = Entry(plot_bound.plot_hidden_units, "plot_hidden_units", {
        "units": unit_spec, "bounds": bounds, "resolution": Int(4, low=2, high=400),
        "ncols": Int(2, low=1, high=8)})
    t["plotting.boundaries.plot_approximation_errors"] = Entry(
        plot_bound.plot_approximation_errors, "plot_approximation_errors", {
            "targets": Custom(("sine",), (Case("unknown", ("cosine",), must_raise=True),
                                          Case("None", None, must_raise=True),
                                          Case("empty", (), must_raise=True))),
            "ns": ns})
    t["plotting.boundaries.plot_relu_bumps"] = Entry(plot_bound.plot_relu_bumps, "plot_relu_bumps", {
        "target": Name("sine"), "n": Custom(5, (Case("below 2", 1, must_raise=True),
                                                Case("not whole", 5.5, must_raise=True),
                                                Case("None", None, must_raise=True),
                                                Case("string", "5", must_raise=True)))})
    data = _boundary_data()
    # BoundaryData and BoundaryFrame are records that boundary_render checks when it draws them: each row
    # builds one and draws it with plot_boundary.
    frame0 = plot_bound.BoundaryFrame(np.full((4, 4), 0.5), [0, 1], [0.7, 0.5], [0.75, 0.6], 1)
    t["plotting.boundaries.BoundaryData"] = Entry(
        lambda **kw: plot_bound.plot_boundary(plot_bound.BoundaryData(**kw), frame0),
        ("BoundaryData", "plot_boundary", "boundary_render"), {
        "X_train": Arr(points), "y_train": Arr(classes, dtypes=("list",)), "X_test": Arr(points),
        "y_test": Arr(classes, dtypes=("list",)), "bounds": bounds, "n_epochs": Int(5, low=1),
        "loss_limits": Custom((0.01, 3.0), (Case("reversed", (3.0, 0.01), must_raise=True),
                                            Case("zero", (0.0, 3.0), must_raise=True),
                                            Case("None", None, must_raise=True)))})
    # NaN and inf are allowed in the grid and the losses: they are what a diverged network leaves (drawn
    # grey, and the finite part of the curves).
    frame = {"grid": Arr(np.full((4, 4), 0.5), nan=True, inf=True),
             "epochs": Arr([0.0, 1.0, 2.0], dtypes=("list", "int")),
             "train_loss": Arr([0.7, 0.5, 0.4], dtypes=("list",), nan=True, inf=True),
             "test_loss": Arr([0.75, 0.6, 0.5], dtypes=("list",), nan=True, inf=True), "epoch": Int(2, low=0)}
    t["plotting.boundaries.BoundaryFrame"] = Entry(
        lambda **kw: plot_bound.plot_boundary(data, plot_bound.BoundaryFrame(**kw)),
        ("BoundaryFrame", "plot_boundary", "boundary_render"), frame)
    t["plotting.boundaries.plot_boundary"] = Entry(
        lambda **kw: plot_bound.plot_boundary(data, plot_bound.BoundaryFrame(**kw)),
        ("BoundaryFrame", "plot_boundary", "boundary_render"), frame)
    t["plotting.boundaries.boundary_render"] = Entry(plot_bound.boundary_render, "boundary_render", {
        "data": Func(lambda **kw: data), "frame": Func(lambda **kw: plot_bound.BoundaryFrame(
            np.full((4, 4), 0.5), [0, 1], [0.7, 0.5], [0.75, 0.6], 1)),
        "slow": Custom((), (Case("None", None, must_raise=True), Case("number", 3, must_raise=True)))})


def _playground_rows(t: dict[str, Entry]) -> None:
    """Rows of nnbasics.playground: tiny data sets, two or three epochs, 4 x 4 grids."""
    pg = playground
    split = pg.make_split("xor", 40, rng=0)
    snaps = pg.train_snapshots(split, (2,), "relu", epochs=(1, 2), resolution=4)
    grid = pg.train_grid(["xor"], [(), (2,)], ["relu"], epochs=(1, 2), n_samples=40, resolution=4)
    relu_net = network.MLPClassifier((3,), n_epochs=2, random_state=0).fit(split.X_train, split.y_train)
    tanh_net = network.MLPClassifier((3,), activation="tanh", n_epochs=2, random_state=0).fit(split.X_train,
                                                                                              split.y_train)
    t["playground.make_split"] = Entry(pg.make_split, "make_split", {
        "name": Name("xor"), "n_samples": Int(40, low=2), "noise": Real(0.15, low=0, none=True),
        "test_size": Real(0.25, low=0, high=1, include_low=False, include_high=False), "rng": Rng()})
    t["playground.PlaygroundData.boundary_data"] = Entry(_method(lambda: split, "boundary_data"),
                                                         "PlaygroundData.boundary_data", {
        "n_epochs": Int(5, low=1),
        "loss_limits": Custom((0.01, 3.0), (Case("reversed", (3.0, 0.01), must_raise=True),
                                            Case("zero", (0.0, 3.0), must_raise=True),
                                            Case("nan", (np.nan, 3.0), must_raise=True),
                                            Case("three", (0.01, 1.0, 3.0), must_raise=True),
                                            Case("None", None, must_raise=True), Case("number", 3.0, must_raise=True),
                                            Case("string", "13", must_raise=True),
                                            Case("list", [0.01, 3.0], same=True)))})
    hidden = lambda valid: Custom(valid, (  # noqa: E731
        Case("None", None, must_raise=True), Case("string", "2", must_raise=True),
        Case("zero", (0,), must_raise=True), Case("negative", (-2,), must_raise=True),
        Case("floats", (2.5,), must_raise=True), Case("bools", (True,), must_raise=True),
        Case("huge", (10**400,), must_raise=True), Case("list", list(valid), same=True),
        Case("numpy ints", tuple(np.int64(h) for h in valid), same=True)))
    t["playground.hidden_label"] = Entry(lambda **kw: _codes(pg.hidden_label(**kw)), "hidden_label", {
        "hidden": hidden((8, 8)), "activation": Name("relu")})
    t["playground.Snapshots.frame"] = Entry(_method(lambda: snaps, "frame"), "Snapshots.frame", {"epoch": Int(2)})
    epochs = Custom((1, 2), (Case("None", None, must_raise=True), Case("number", 2, must_raise=True),
                             Case("string", "12", must_raise=True), Case("empty", (), must_raise=True),
                             Case("decreasing", (2, 1), must_raise=True), Case("zero", (0, 2), must_raise=True),
                             Case("floats", (1.5, 2.0), must_raise=True), Case("list", [1, 2], same=True),
                             Case("array", np.array([1, 2]), same=True)))
    net_options = {"lr": Real(0.03, **_POSITIVE), "alpha": Real(0.0, low=0), "batch_size": Int(8, low=1)}
    t["playground.train_snapshots"] = Entry(pg.train_snapshots, "train_snapshots", {
        "data": Custom(split, (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                               Case("string", "xor", must_raise=True),
                               Case("class", pg.PlaygroundData, must_raise=True),
                               Case("array", np.zeros((4, 2)), must_raise=True))),
        "hidden": hidden((2,)), "activation": Name("relu"), "epochs": epochs, **net_options,
        "optimizer": Name("adam"), "random_state": Rng(), "resolution": Int(4, low=2),
        "dropout": Real(0.25, low=0, high=1, include_high=False)})
    trained = {"dataset": Name("xor"), "hidden": Custom((2,), (
        Case("None", None, must_raise=True), Case("not trained", (3,), must_raise=True),
        Case("string", "2", must_raise=True), Case("zero", (0,), must_raise=True),
        Case("int", 2, same=True), Case("list", [2], same=True))), "activation": Name("relu")}
    t["playground.PlaygroundGrid.run"] = Entry(_method(lambda: grid, "run"), "PlaygroundGrid.run", trained)
    t["playground.PlaygroundGrid.boundary_data"] = Entry(_method(lambda: grid, "boundary_data"),
                                                         "PlaygroundGrid.boundary_data", {"dataset": Name("xor")})
    t["playground.PlaygroundGrid.frame"] = Entry(_method(lambda: grid, "frame"), "PlaygroundGrid.frame", {
        **trained, "epoch": Int(2)})
    names = lambda valid, unknown: Custom(valid, (  # noqa: E731
        Case("None", None, must_raise=True), Case("string", valid[0], must_raise=True),
        Case("unknown", (unknown,), must_raise=True), Case("empty", (), must_raise=True),
        Case("number", 3, must_raise=True), Case("list", list(valid), same=True)))
    t["playground.train_grid"] = Entry(pg.train_grid, "train_grid", {
        "datasets": names(("xor",), "cosine"),
        "hidden": Custom(((), (2,)), (Case("None", None, must_raise=True), Case("string", "2", must_raise=True),
                                      Case("bad entry", ((0,),), must_raise=True),
                                      Case("empty", (), must_raise=True),
                                      Case("list", [[], [2]], same=True))),
        "activations": names(("relu",), "relu6"), "epochs": epochs, "n_samples": Int(40, low=2), **net_options,
        "seed": Int(0, low=0), "resolution": Int(4, low=2)})
    t["playground.width_needed"] = Entry(pg.width_needed, "width_needed", {
        "dataset": Name("xor"),
        "widths": Custom((1, 2), (Case("None", None, must_raise=True), Case("string", "12", must_raise=True),
                                  Case("zero", (0,), must_raise=True), Case("empty", (), must_raise=True),
                                  Case("floats", (1.5,), must_raise=True), Case("list", [1, 2], same=True))),
        "activation": Name("relu"),
        "seeds": Custom((0,), (Case("None", None, must_raise=True), Case("string", "0", must_raise=True),
                               Case("negative", (-1,), must_raise=True), Case("floats", (0.5,), must_raise=True),
                               Case("empty", (), must_raise=True), Case("list", [0], same=True))),
        "threshold": Real(0.95, low=0, high=1), "n_epochs": Int(3, low=1), "lr": Real(0.03, **_POSITIVE),
        "n_samples": Int(40, low=2)})
    model = lambda valid: Custom(valid, (  # noqa: E731
        Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
        Case("string", "relu", must_raise=True), Case("unfitted", network.MLPClassifier((3,)), must_raise=True)))
    t["playground.activation_patterns"] = Entry(pg.activation_patterns, "activation_patterns", {
        "model": model(tanh_net), "X": Arr([[0.0, 0.0], [1.0, -1.0], [2.0, 0.5]])})
    t["playground.max_linear_regions"] = Entry(pg.max_linear_regions, "max_linear_regions", {"units": Int(3, low=0)})
    relu_model = model(relu_net)
    relu_model = Custom(relu_net, relu_model.bad + (Case("tanh network", tanh_net, must_raise=True),))
    t["playground.count_linear_regions"] = Entry(pg.count_linear_regions, "count_linear_regions", {
        "model": relu_model,
        "bounds": Custom((-1.0, 1.0, -2.0, 2.0), (Case("reversed", (1.0, -1.0, -2.0, 2.0), must_raise=True),
                                                 Case("three", (0.0, 1.0, 2.0), must_raise=True),
                                                 Case("nan", (np.nan, 1.0, 0.0, 1.0), must_raise=True),
                                                 Case("None", None, must_raise=True),
                                                 Case("list", [-1.0, 1.0, -2.0, 2.0], same=True))),
        "resolution": Int(8, low=2)})
    t["playground.line_profile"] = Entry(pg.line_profile, "line_profile", {
        "model": model(relu_net), "start": Arr([-1.0, 0.0]), "end": Arr([1.0, 0.5]),
        "n_points": Int(11, low=3, high=10**6)})


def _linear_models(seed: int) -> dict[str, Any]:
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {"linear": make_pipeline(StandardScaler(), LinearRegression())}


def _experiments_rows(t: dict[str, Entry]) -> None:
    """Rows of nnbasics.experiments: eight samples, linear models, networks of two epochs."""
    X = [[0.0, 1.0], [1.0, 0.5], [2.0, -1.0], [3.0, 0.25], [4.0, 2.0], [5.0, -0.5], [6.0, 1.5], [7.0, 0.0]]
    y = [1.0, 2.0, 0.5, 3.0, 4.0, 2.5, 5.0, 3.5]
    size = Real(0.25, low=0, high=1, include_low=False, include_high=False)
    seed = Int(0, low=0, high=2**32 - 1)
    t["experiments.model_zoo"] = Entry(lambda **kw: _codes(" ".join(experiments.model_zoo(**kw))), "model_zoo", {
        "task": Name("regression"), "random_state": seed,
        "hidden_layer_sizes": Custom((4,), (Case("None", None, must_raise=True),
                                            Case("zero", (0,), must_raise=True),
                                            Case("string", "4", must_raise=True),
                                            Case("floats", (2.5,), must_raise=True))),
        "lr": Real(0.01, **_POSITIVE), "n_epochs": Int(2, low=1), "batch_size": Int(4, low=1),
        "activation": Custom("tanh", (Case("unknown", "relu6", must_raise=True),
                                      Case("not in scikit-learn", "gelu", must_raise=True),
                                      Case("None", None, must_raise=True), Case("number", 3, must_raise=True))),
        "alpha": Real(0.0, low=0)})
    t["experiments.standardized_split"] = Entry(experiments.standardized_split, "standardized_split", {
        "X": Arr(X), "y": Custom(y, Arr(y).cases() + [Case("constant", [2.0] * 8, must_raise=True)]),
        "seed": seed, "test_size": size})
    t["experiments.compare_on_splits"] = Entry(experiments.compare_on_splits, "compare_on_splits", {
        "make_models": Custom(_linear_models, (
            Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
            Case("returns None", lambda seed: None, must_raise=True),
            Case("returns a list", lambda seed: list(_linear_models(seed).values()), must_raise=True),
            Case("returns no estimator", lambda seed: {"linear": 3}, must_raise=True))),
        "X": Arr(X), "y": Arr(y),
        "seeds": Custom((0, 1), (Case("None", None, must_raise=True), Case("string", "01", must_raise=True),
                                 Case("empty", (), must_raise=True), Case("negative", (-1,), must_raise=True),
                                 Case("floats", (0.5,), must_raise=True), Case("range", range(2), same=True))),
        "metric": Name("mse"), "test_size": size,
        "stratify": Custom(False, (Case("string", "no", must_raise=True), Case("None", None, must_raise=True),
                                   Case("continuous y", True, must_raise=True)))})
    t["experiments.train_grid"] = Entry(experiments.train_grid, "train_grid", {
        "X_train": Arr(X[:6]), "y_train": Arr(y[:6]), "X_test": Arr(X[6:]), "y_test": Arr(y[6:]),
        "hidden": Custom((2,), (Case("None", None, must_raise=True), Case("zero", (0,), must_raise=True),
                                Case("number", 2, must_raise=True), Case("empty", (), must_raise=True),
                                Case("list", [2], same=True))),
        "activations": Custom(("tanh",), (Case("None", None, must_raise=True),
                                          Case("string", "tanh", must_raise=True),
                                          Case("unknown", ("relu6",), must_raise=True),
                                          Case("list", ["tanh"], same=True))),
        "lrs": Custom((0.01,), (Case("None", None, must_raise=True), Case("negative", (-0.1,), must_raise=True),
                                Case("nan", (np.nan,), must_raise=True), Case("number", 0.01, must_raise=True),
                                Case("list", [0.01], same=True))),
        "random_state": Int(0, low=0, high=2**32 - 1)}, fixed={"n_epochs": 2, "batch_size": 3})
    t["experiments.train_grid[params]"] = Entry(
        lambda **kw: experiments.train_grid(X[:6], y[:6], X[6:], y[6:], hidden=[2], activations=["tanh"],
                                            lrs=[0.01], **kw), "train_grid", {
            "n_epochs": Int(2, low=1), "batch_size": Int(3, low=1), "optimizer": Name("adam")})


def _tiny_render(a: float, kind: str) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1], [0, a] if kind == "up" else [a, 0])
    return fig


def _tiny_setup(kind: str) -> Any:
    fig = _tiny_render(1.0, kind)
    return fig, fig.axes[0].lines[0]


def _tiny_update(line: Any, a: float, kind: str) -> list[Any]:
    line.set_ydata([0, a] if kind == "up" else [a, 0])
    return [line]


def _tiny_controls() -> dict[str, Any]:
    return {"a": widgets.slider([1.0, 2.0]), "kind": widgets.choice(["up", "down"])}


def _view_summary(view: Any) -> tuple[Any, ...]:
    """What a live figure shows: its frame counts and the pixels of its current frame (kernel mode)."""
    png = view.image.value if view.image is not None else b""
    return view.frame_count, view.rendered_count, np.frombuffer(png, dtype=np.uint8)


def _backward_steps(data: Any, k: Any) -> list[float]:
    """The contributions of ``L = (w * x + b) ** k`` with ``w = data``: every step of ``L.backward()``."""
    w, x, b = graph.Value(data, "w"), graph.Value(2.0, "x"), graph.Value(1.5, "b")
    return [step.contribution for step in ((w * x + b) ** k).backward()] + [w.grad, x.grad, b.grad]


def _glued(**kw: Any) -> Any:
    """The text ``prose.glue`` glues (its display bundle, read back), as numbers (see :func:`_codes`)."""
    import ast
    from unittest import mock

    import IPython.display

    seen = []
    with mock.patch.object(IPython.display, "display", lambda bundle, **kw: seen.append(bundle)):
        prose.glue(**kw)
    return _codes(ast.literal_eval(seen[0][prose._GLUE_PREFIX + "text/plain"]))


def _codes(text: str) -> Any:
    """A string as numbers, so that equivalent inputs can be compared."""
    return np.frombuffer(text.encode(), dtype=np.uint8)


def _png(fig: Any, **kw: Any) -> Any:
    """``figure_to_png`` of a new small figure when ``fig`` is the placeholder "<figure>"."""
    fig = _tiny_render(1.0, "up") if isinstance(fig, str) and fig == "<figure>" else fig
    return np.frombuffer(widgets.figure_to_png(fig, **kw), dtype=np.uint8)


def _text(valid: str | None) -> Custom:
    """A description or caption: a string or None."""
    return Custom(valid, (Case("number", 3, must_raise=True), Case("list", [valid], must_raise=True),
                          Case("None", None)))


def _fmt_spec(valid: str) -> Custom:
    return Custom(valid, (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                          Case("integer format", "{:d}", must_raise=True),
                          Case("two fields", "{}{}", must_raise=True), Case("named field", "{x}", must_raise=True),
                          Case("no field", "%g", must_raise=True),
                          Case("too few digits", "{:.0f}", must_raise=True)))


def _cost_rows(t: dict[str, Entry]) -> None:
    """Rows of nnbasics.cost and its figures (its behaviour is tested in tests/test_cost.py). Calls that
    time something return only their deterministic part, so equivalent inputs can be compared."""
    sizes = Custom((3, 4, 2), (Case("None", None, must_raise=True), Case("string", "342", must_raise=True),
                               Case("one width", (3,), must_raise=True), Case("zero", (3, 0, 2), must_raise=True),
                               Case("float", (3, 4.5, 2), must_raise=True), Case("nan", (3, np.nan), must_raise=True),
                               Case("list", [3, 4, 2], same=True), Case("array", np.array([3, 4, 2]), same=True)))
    layers3 = lambda: [layers.Dense(3, 4, "relu", rng=0), layers.Dense(4, 2, rng=1)]  # noqa: E731
    model = Custom(layers3(), (Case("None", None, must_raise=True), Case("string", "mlp", must_raise=True),
                               Case("class", network.MLPClassifier, must_raise=True),
                               Case("empty", [], must_raise=True),
                               Case("Sequential", layers.Sequential(layers3()), same=True)))
    batch = [[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]]
    W = [[0.5, -1.0], [0.25, 2.0], [-0.125, 1.5]]
    levels = Custom((0.0, 0.5), (Case("None", None, must_raise=True), Case("number", 0.5, must_raise=True),
                                 Case("string", "0.5", must_raise=True), Case("empty", (), must_raise=True),
                                 Case("above 1", (0.0, 1.5), must_raise=True),
                                 Case("nan", (0.0, np.nan), must_raise=True),
                                 Case("list", [0.0, 0.5], same=True), Case("reversed", (0.5, 0.0), same=True)))
    optimizer = Name("adam")
    t["cost.parameter_count"] = Entry(cost.parameter_count, "parameter_count", {"sizes": sizes})
    t["cost.model_bytes"] = Entry(cost.model_bytes, "model_bytes", {"model": model})
    t["cost.median_seconds"] = Entry(lambda **kw: sorted(cost.median_seconds(**kw)), "median_seconds", {
        "functions": Custom({"a": lambda: None}, (
            Case("None", None, must_raise=True), Case("empty", {}, must_raise=True),
            Case("a function, not a dict", lambda: None, must_raise=True),
            Case("not callable", {"a": 3}, must_raise=True))),
        "repeats": Int(3, low=1, high=1000), "number": Int(2, low=1, high=10**6)})
    t["cost.dense_forward_loops"] = Entry(cost.dense_forward_loops, "dense_forward_loops", {
        "X": Arr(batch), "W": Arr(W), "b": Arr([0.5, -0.5])})
    t["cost.forward_in_batches"] = Entry(cost.forward_in_batches, "forward_in_batches", {
        "model": model, "X": Arr(batch), "batch_size": Int(1, low=1)})
    Xc = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.25], [0.25, 0.75]]
    yc = [0, 1, 1, 0, 1, 0]
    clf = network.MLPClassifier((4,), lr=0.05, n_epochs=3, random_state=0)
    t["cost.epochs_to_target"] = Entry(lambda **kw: cost.epochs_to_target(**kw).epochs_run, "epochs_to_target", {
        "model": Instance(clf, cls=network.MLPClassifier), "X": Arr(Xc), "y": Arr(yc, dtypes=("list",)),
        "target": Real(0.5, low=0, include_low=False)}, sklearn=("X", "y"))
    t["cost.prune_magnitude"] = Entry(cost.prune_magnitude, "prune_magnitude", {
        "W": Arr(W), "sparsity": Real(0.5, low=0, high=1)})
    t["cost.quantize"] = Entry(lambda **kw: cost.quantize(**kw).dequantize(), "quantize", {
        "W": Arr(W), "dtype": Name("int8")})
    t["cost.csr_bytes"] = Entry(cost.csr_bytes, "csr_bytes", {"W": Arr(W, dtypes=("list",))})
    t["cost.sparse_timings"] = Entry(lambda **kw: cost.sparse_timings(**kw).sparsities, "sparse_timings", {
        "W": Arr(W, dtypes=("list", "float32")), "X": Arr(batch, dtypes=("list", "float32")), "sparsities": levels,
        "repeats": Int(1, low=1, high=1000)})
    fitted = network.MLPClassifier((4,), lr=0.05, n_epochs=3, random_state=0).fit(Xc, yc)
    fitted_spec = Custom(fitted, (Case("None", None, must_raise=True), Case("string", "mlp", must_raise=True),
                                  Case("class", network.MLPClassifier, must_raise=True),
                                  Case("layers", layers3(), must_raise=True)))
    t["cost.with_weights"] = Entry(lambda **kw: cost.with_weights(**kw).predict_proba(Xc), "with_weights", {
        "model": fitted_spec, "transform": Custom(np.negative, (
            Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
            Case("wrong shape", lambda W: W[:1], must_raise=True),
            Case("returns NaN", lambda W: W * np.nan, must_raise=True),
            Case("returns a string", lambda W: "W", must_raise=True)))})
    t["cost.compression_table"] = Entry(lambda **kw: cost.compression_table(**kw).accuracy, "compression_table", {
        "model": fitted_spec, "X": Arr(Xc), "y": Arr(yc, dtypes=("list",)), "sparsities": levels,
        "dtypes": Custom(("float64", "int8"), (Case("None", None, must_raise=True),
                                                Case("string", "int8", must_raise=True),
                                                Case("unknown", ("int4",), must_raise=True),
                                                Case("empty", (), must_raise=True)))}, sklearn=("X", "y"))
    t["cost.predict_training_memory"] = Entry(cost.predict_training_memory, "predict_training_memory", {
        "sizes": sizes, "batch_size": Int(8, low=1), "optimizer": optimizer})
    t["cost.measure_training_memory"] = Entry(
        lambda **kw: [round(v, -5) for v in dataclasses.astuple(cost.measure_training_memory(**kw)[0])],
        "measure_training_memory", {"sizes": sizes, "batch_size": Int(8, low=1), "optimizer": optimizer,
                                    "rng": Rng()})
    t["plotting.cost.plot_throughput"] = Entry(plot_cost.plot_throughput, "plot_throughput", {
        "batch_sizes": Arr([1.0, 4.0, 16.0], dtypes=("list", "int")),
        "samples_per_second": Arr([100.0, 300.0, 800.0], dtypes=("list", "int"))})
    timing = cost.SparseTiming(np.array([0.0, 0.9]), np.array([1.0, 1.0]), np.array([1.0, 1.0]),
                               np.array([3.0, 0.5]))
    t["plotting.cost.plot_sparse_timings"] = Entry(plot_cost.plot_sparse_timings, "plot_sparse_timings", {
        "timing": Custom(timing, (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                                  Case("dict", {"csr": [1.0]}, must_raise=True)))})
    table = cost.compression_table(fitted, Xc, yc, [0.0, 0.5], ["float64", "int8"])
    t["plotting.cost.compression_figure"] = Entry(
        lambda **kw: plot_cost.compression_figure(**kw)(sparsity=0.5, dtype="int8"), "compression_figure", {
            "table": Custom(table, (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                                    Case("timing", timing, must_raise=True)))})


def _widget_rows(t: dict[str, Entry]) -> None:
    """Rows of nnbasics.widgets (its own behaviour is tested in tests/test_widgets.py)."""
    values = (0.25, 0.5, 1.0)
    t["widgets.slider"] = Entry(widgets.slider, "slider", {
        "values": Custom(values, (Case("None", None, must_raise=True), Case("string", "123", must_raise=True),
                                  Case("number", 0.5, must_raise=True), Case("one", (0.5,), must_raise=True),
                                  Case("repeated", (0.5, 0.5), must_raise=True),
                                  Case("nan", (np.nan, 0.5, 1.0), must_raise=True),
                                  Case("inf", (0.25, 0.5, np.inf), must_raise=True),
                                  Case("strings", ("a", "b"), must_raise=True),
                                  Case("mapping", {"a": 0.25, "b": 0.5}, must_raise=True),
                                  Case("complex", (0.25j, 0.5), must_raise=True),
                                  Case("list", list(values), same=True),
                                  Case("array", np.array(values), same=True),
                                  Case("Fractions", tuple(map(Fraction, values)), same=True))),
        "value": Custom(0.5, (Case("not a value", 0.75, must_raise=True), Case("nan", np.nan, must_raise=True),
                              Case("string", "0.5", must_raise=True), Case("list", [0.5], must_raise=True),
                              Case("class", float, must_raise=True), Case("None", None),
                              Case("numpy", np.float64(0.5), same=True), Case("Fraction", Fraction(1, 2), same=True))),
        "description": _text("rate"), "fmt": _fmt_spec("{:g}")})
    t["widgets.log_slider"] = Entry(widgets.log_slider, "log_slider", {
        "low": Real(0.001, **_POSITIVE), "high": Real(1.0, low=0.001, include_low=False),
        "n": Int(4, low=2, high=widgets.MAX_FRAMES), "value": Real(0.01, **_POSITIVE, none=True),
        "description": _text("rate"), "fmt": _fmt_spec("{:.3g}")})
    t["widgets.choice"] = Entry(widgets.choice, "choice", {
        "options": Custom(("relu", "tanh"), (
            Case("None", None, must_raise=True), Case("string", "relu", must_raise=True),
            Case("number", 3, must_raise=True), Case("empty", (), must_raise=True),
            Case("set", {"relu", "tanh"}, must_raise=True), Case("same labels", (1, "1"), must_raise=True),
            Case("number labels", {1: "relu", 2: "tanh"}, must_raise=True),
            Case("too many", tuple(range(widgets.MAX_FRAMES + 1)), must_raise=True),
            Case("list", ["relu", "tanh"], same=True), Case("mapping", {"ReLU": "relu", "Tanh": "tanh"}))),
        "value": Custom("tanh", (Case("unknown", "sigmoid", must_raise=True), Case("number", 3, must_raise=True),
                                 Case("list", ["tanh"], must_raise=True), Case("None", None))),
        "description": _text("f"), "kind": Name("dropdown")})
    t["widgets.Control"] = Entry(widgets.Control, "Control", {
        "values": Custom((1.0, 2.0), (Case("None", None, must_raise=True), Case("number", 1.0, must_raise=True),
                                      Case("string", "12", must_raise=True), Case("empty", (), must_raise=True),
                                      Case("too many", (1.0, 2.0, 3.0), must_raise=True, relational=True),
                                      Case("list", [1.0, 2.0], same=True))),
        "labels": Custom(("1", "2"), (Case("None", None, must_raise=True), Case("numbers", (1, 2), must_raise=True),
                                      Case("too few", ("1",), must_raise=True, relational=True),
                                      Case("string", "12", must_raise=True), Case("list", ["1", "2"], same=True))),
        "index": Int(1, low=0, high=1), "kind": Name("slider"), "description": _text("a"),
        "extra": Custom({}, (Case("None", None, must_raise=True), Case("list", [], must_raise=True)))})
    figure_args = {
        "render": Custom(_tiny_render, (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                                        Case("string", "render", must_raise=True),
                                        Case("other parameters", lambda b: None, must_raise=True, relational=True),
                                        Case("layered", plotting.Layered(_tiny_setup, _tiny_update, ("kind",))))),
        "controls": Custom(_tiny_controls(), (
            Case("None", None, must_raise=True), Case("empty", {}, must_raise=True),
            Case("list", list(_tiny_controls().values()), must_raise=True),
            Case("not controls", {"a": [1.0, 2.0], "kind": ["up"]}, must_raise=True),
            Case("bad key", {"my a": widgets.slider([1.0, 2.0]), "kind": widgets.choice(["up"])}, must_raise=True),
            Case("missing", {"a": widgets.slider([1.0, 2.0])}, must_raise=True, relational=True),
            Case("too many frames", {"a": widgets.slider(np.arange(1.0, 41.0)),
                                     "kind": widgets.choice([f"k{i}" for i in range(30)])}, must_raise=True))),
        "caption": _text("A line."), "dpi": Real(20.0, low=10, high=600),
        "colors": Int(8, low=2, high=256, none=True), "eager_frames": Int(0, low=0)}
    t["widgets.live_figure"] = Entry(lambda **kw: _view_summary(widgets.live_figure(**kw)), "live_figure", {
        **figure_args, "static": Custom(False, (Case("string", "yes", must_raise=True), Case("int", 0, must_raise=True),
                                                Case("numpy bool", np.bool_(False), same=True),
                                                Case("None", None)))})
    t["widgets.LiveFigure"] = Entry(lambda **kw: _view_summary(widgets.LiveFigure(**kw)), "LiveFigure", {
        **figure_args, "static": Bool(False)})
    view = lambda: widgets.live_figure(_tiny_render, _tiny_controls(), static=False, dpi=20,  # noqa: E731
                                       eager_frames=0)
    t["widgets.LiveFigure.alt_text"] = Entry(lambda **kw: _codes(view().alt_text(**kw)), "LiveFigure.alt_text", {
        "key": Custom((1, 0), (Case("out of range", (2, 0), must_raise=True),
                               Case("negative", (-1, 0), must_raise=True), Case("short", (1,), must_raise=True),
                               Case("floats", (1.0, 0.0), must_raise=True), Case("bools", (True, False), must_raise=True),
                               Case("string", "10", must_raise=True), Case("number", 1, must_raise=True),
                               Case("None", None), Case("list", [1, 0], same=True),
                               Case("numpy ints", (np.int64(1), np.int64(0)), same=True)))})
    t["widgets.LiveFigure.wait"] = Entry(_method(view, "wait"), "LiveFigure.wait", {"timeout": Real(5.0, **_POSITIVE)})
    func = lambda f: Custom(f, (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),  # noqa: E731
                                Case("string", "f", must_raise=True)))
    t["plotting.Layered"] = Entry(lambda **kw: plotting.Layered(**kw)(a=2.0, kind="up"), "Layered", {
        "setup": func(_tiny_setup), "update": func(_tiny_update),
        "slow": Custom(("kind",), (Case("string", "kind", must_raise=True), Case("None", None, must_raise=True),
                                   Case("number", 3, must_raise=True), Case("numbers", (3,), must_raise=True),
                                   Case("not a control", ("colour",), must_raise=True),
                                   Case("list", ["kind"], same=True)))})
    t["widgets.figure_to_png"] = Entry(_png, "figure_to_png", {
        "fig": Custom("<figure>", (Case("None", None, must_raise=True), Case("number", 3, must_raise=True),
                                   Case("string", "fig", must_raise=True),
                                   Case("class", _tiny_render(1.0, "up").__class__, must_raise=True))),
        "dpi": Real(20.0, low=10, high=600), "colors": Int(8, low=2, high=256, none=True)})


def _generalization_rows(t: dict[str, Entry]) -> None:
    """Rows of nnbasics.generalization and its figures (the overfitting chapter)."""
    from nnbasics import generalization as gen

    x1 = [[-1.0], [-0.5], [0.0], [0.25], [0.75], [1.0]]
    y1 = [0.0, -1.0, 0.0, 1.0, 0.5, 0.0]
    t["generalization.noisy_sine"] = Entry(gen.noisy_sine, "noisy_sine", {
        "n_samples": Int(5, low=2), "noise": Real(0.3, low=0), "rng": Rng()})
    t["generalization.JointsRegressor"] = Entry(_fitted(gen.JointsRegressor, x1, y1), "JointsRegressor", {
        "n_hidden": Int(3, low=1), "alpha": Real(0.1, low=0)})
    fitted = lambda: gen.JointsRegressor(3).fit(x1, y1)  # noqa: E731
    t["generalization.JointsRegressor.fit"] = Entry(lambda **kw: gen.JointsRegressor(3).fit(**kw).coef_,
                                                    "JointsRegressor.fit",
                                                    {"X": Arr(x1), "y": Arr(y1, dtypes=("list",))},
                                                    sklearn=("X", "y"))
    t["generalization.JointsRegressor.predict"] = Entry(_method(fitted, "predict"), "JointsRegressor.predict",
                                                        {"X": Arr(x1)}, sklearn=("X",))
    t["generalization.JointsRegressor.score"] = Entry(_method(fitted, "score"), "JointsRegressor.score",
                                                      {"X": Arr(x1), "y": Arr(y1, dtypes=("list",))},
                                                      sklearn=("X", "y"))
    model = Custom(gen.JointsRegressor(2), (Case("None", None, must_raise=True),
                                            Case("class", gen.JointsRegressor, must_raise=True),
                                            Case("string", "ridge", must_raise=True),
                                            Case("number", 3, must_raise=True)))
    t["generalization.bias_variance"] = Entry(
        lambda **kw: _bias_variance_numbers(gen.bias_variance(**kw)), "bias_variance", {
            "model": model, "n_train": Int(6, low=2), "noise": Real(0.3, low=0), "n_resamples": Int(3, low=2),
            "n_test": Int(5, low=2), "rng": Rng()})
    widths = Custom((2, 5), (Case("None", None, must_raise=True), Case("empty", (), must_raise=True),
                             Case("zero", (0, 2), must_raise=True), Case("float", (2.5,), must_raise=True),
                             Case("repeated", (2, 2), must_raise=True), Case("string", "25", must_raise=True),
                             Case("list", [2, 5], same=True)))
    t["generalization.double_descent"] = Entry(
        lambda **kw: [_bias_variance_numbers(run) for run in gen.double_descent(**kw).runs], "double_descent", {
            "widths": widths, "n_train": Int(6, low=2), "noise": Real(0.3, low=0), "n_resamples": Int(3, low=2),
            "rng": Rng()})
    result = lambda: gen.double_descent((2, 5), n_train=6, n_resamples=3)  # noqa: E731
    t["generalization.DoubleDescent.curve"] = Entry(_method(result, "curve"), "DoubleDescent.curve",
                                                    {"name": Name("variance")})
    t["generalization.DoubleDescent.run"] = Entry(lambda **kw: _bias_variance_numbers(result().run(**kw)),
                                                  "DoubleDescent.run", {"width": Custom(5, (
                                                      Case("not measured", 3, must_raise=True),
                                                      Case("None", None, must_raise=True),
                                                      Case("string", "5", must_raise=True)))})
    image = [[0.0, 1.0, 2.0, 3.0]]
    pairs = lambda valid: Custom(valid, (  # noqa: E731
        Case("None", None, must_raise=True), Case("number", 2, must_raise=True),
        Case("string", "22", must_raise=True), Case("triple", (1, 2, 2), must_raise=True),
        Case("floats", (1.5, 2.0), must_raise=True), Case("list", list(valid), same=True)))
    t["generalization.shift_images"] = Entry(gen.shift_images, "shift_images", {
        "X": Arr(image), "y": Custom([7], (Case("None", None, must_raise=True),
                                           Case("two labels", [7, 8], must_raise=True),
                                           Case("array", np.array([7]), same=True))),
        "shape": pairs((2, 2)),
        "shifts": Custom(((0, 1),), (Case("None", None, must_raise=True), Case("number", 1, must_raise=True),
                                     Case("a pair", (0, 1), must_raise=True),
                                     Case("too far", ((0, 2),), must_raise=True),
                                     Case("floats", ((0.5, 1),), must_raise=True),
                                     Case("none", ()), Case("list", [[0, 1]], same=True)))})
    nets = [network.MLPRegressor((3,), n_epochs=2, random_state=s).fit(x1, y1) for s in range(2)]
    t["generalization.average_weights"] = Entry(
        lambda **kw: [layer.W for layer in gen.average_weights(**kw).layers_], "average_weights", {
            "models": Custom(nets, (Case("None", None, must_raise=True), Case("empty", [], must_raise=True),
                                    Case("unfitted", [network.MLPRegressor()], must_raise=True),
                                    Case("other shapes", [nets[0], network.MLPRegressor((2,), n_epochs=1).fit(
                                        x1, y1)], must_raise=True),
                                    Case("tuple", tuple(nets), same=True)))})
    small = {"hidden": (4,), "n_test": 10, "n_epochs": 3, "resolution": 4}
    t["generalization.regularization_grid"] = Entry(
        lambda **kw: _grid_numbers(gen.regularization_grid(**kw, **small)), "regularization_grid", {
            "dataset": Name("moons"),
            "n_trains": Custom((8,), (Case("None", None, must_raise=True), Case("empty", (), must_raise=True),
                                      Case("one", (1,), must_raise=True), Case("list", [8], same=True))),
            "alphas": Custom((0.0,), (Case("negative", (-1.0,), must_raise=True),
                                      Case("nan", (float("nan"),), must_raise=True),
                                      Case("None", None, must_raise=True), Case("empty", (), must_raise=True))),
            "dropouts": Custom((0.0,), (Case("one", (1.0,), must_raise=True),
                                        Case("None", None, must_raise=True), Case("empty", (), must_raise=True))),
            "noise": Real(0.2, low=0, none=True), "seed": Int(0, low=0), "lr": Real(0.01, **_POSITIVE)})
    grid = lambda: gen.regularization_grid("moons", (8,), (0.0,), (0.0,), **small)  # noqa: E731
    t["generalization.RegularizationGrid.frame"] = Entry(lambda **kw: grid().frame(**kw).grid,
                                                         "RegularizationGrid.frame", {
        "n_train": Custom(8, (Case("not trained", 9, relational=True, must_raise=True),
                              Case("None", None, relational=True, must_raise=True))),
        "alpha": Custom(0.0, (Case("not trained", 0.5, relational=True, must_raise=True),)),
        "dropout": Custom(0.0, (Case("not trained", 0.5, relational=True, must_raise=True),))})
    t["generalization.RegularizationGrid.boundary_data"] = Entry(
        lambda **kw: grid().boundary_data(**kw).X_train, "RegularizationGrid.boundary_data", {
            "n_train": Custom(8, (Case("not trained", 9, must_raise=True), Case("None", None, must_raise=True)))})
    t["plotting.generalization.plot_learning_curves"] = Entry(plot_gen.plot_learning_curves, "plot_learning_curves", {
        "sizes": Arr([10.0, 100.0]),
        "curves": Custom({"a": ([0.1, 0.2], [0.5, 0.3])}, (
            Case("None", None, must_raise=True), Case("empty", {}, must_raise=True),
            Case("not a pair", {"a": [0.1, 0.2]}, must_raise=True),
            Case("wrong length", {"a": ([0.1], [0.5])}, must_raise=True, relational=True))),
        "ylabel": _text("error"), "heading": _text("curves")})
    t["plotting.generalization.double_descent_render"] = Entry(
        lambda **kw: plot_gen.double_descent_render(**kw)(width=5), "double_descent_render", {
            "result": Custom(gen.double_descent((2, 5), n_train=6, n_resamples=3), (
                Case("None", None, must_raise=True), Case("string", "dd", must_raise=True),
                Case("number", 3, must_raise=True)))})


def _bias_variance_numbers(bv: Any) -> tuple[float, ...]:
    return bv.bias2, bv.variance, bv.error, bv.test_error, bv.train_error


def _grid_numbers(grid: Any) -> list[Any]:
    return [run.test_loss for run in grid.runs.values()]


def _after_forward(factory: Callable[[], Any], X: Any) -> Callable[..., Any]:
    """``backward`` on a new layer after one ``forward(X)``."""
    def backward(grad_out: Any) -> Any:
        layer = factory()
        layer.forward(np.array(X))
        return layer.backward(grad_out)
    return backward


def _fitted(cls: type, X: Any, y: Any) -> Callable[..., Any]:
    """An estimator built with the given hyperparameters and fitted (scikit-learn checks them at fit)."""
    return lambda **kw: cls(**kw).fit(X, y).predict(X)


def _line_grads(Xb: Any, yb: Any) -> dict[str, Any]:
    return training.linear_loss_and_grads(_LINE, Xb, yb)[1]


def _line_loss() -> float:
    return training.linear_loss_and_grads(_LINE, np.array(X_DATA), np.array(Y_DATA))[0]


_LINE: dict[str, Any] = {}


def _train(**kw: Any) -> Any:
    """``training.train`` of a line on X_DATA from fresh parameters (``_LINE``, read by the callbacks)."""
    _LINE.clear()
    _LINE.update({"w": np.zeros(2), "b": np.array(0.0)})
    history = training.train(params=_LINE, **kw)
    return history.loss, history.params


def _boundary_data() -> Any:
    X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, -1.0], [-1.0, 1.5]])
    y = np.array([0, 1, 0, 1])
    return plot_bound.BoundaryData(X, y, X, y, (-2.0, 3.0, -2.0, 2.0), 5)


def _title(ax: Any, text: Any) -> None:
    """``plotting.title`` on new axes when ``ax`` is the placeholder "<axes>" (axes cannot be copied)."""
    nnbasics.plotting.title(nnbasics.plotting.new_figure()[1][0] if ax == "<axes>" else ax, text)


def _key(valid: Any, unknown: Any) -> Custom:
    """A value that must be one of a figure's fixed numbers (a scale, a momentum of a slider)."""
    return Custom(valid, (Case("unknown", unknown, must_raise=True), Case("string", str(valid), must_raise=True),
                          Case("None", None, must_raise=True), Case("list", [valid], must_raise=True),
                          Case("bool", True, must_raise=True), Case("nan", float("nan"), must_raise=True)))


def _gradient_descent_rows(t: dict[str, Entry]) -> None:
    """Feature scaling, tuned momentum, schedules, saddles and clipping (the gradient-descent chapter)."""
    grads = {"W": np.array([[3.0, 0.0], [0.0, 4.0]]), "b": np.array([0.0, 12.0])}
    t["optim.clip_by_norm"] = Entry(optim.clip_by_norm, "clip_by_norm", {
        "grads": Custom(grads, (Case("None", None, must_raise=True), Case("empty", {}, must_raise=True),
                                Case("list", [np.ones(2)], must_raise=True),
                                Case("nan", {"w": np.array([np.nan, 1.0])}, must_raise=True),
                                Case("inf", {"w": np.array([1.0, np.inf])}, must_raise=True),
                                Case("string", {"w": "1.0"}, must_raise=True),
                                Case("ragged", {"w": [[1.0], [1.0, 2.0]]}, must_raise=True),
                                Case("lists", {k: v.tolist() for k, v in grads.items()}, same=True))),
        "max_norm": Real(1.0, **_POSITIVE)})
    step = Int(7, low=0)
    t["optim.StepDecay"] = Entry(optim.StepDecay, "StepDecay", {
        "lr": Real(0.1, **_POSITIVE), "every": Int(5, low=1), "factor": Real(0.5, low=0, high=1, include_low=False)})
    t["optim.StepDecay[call]"] = Entry(lambda t: optim.StepDecay(0.1, every=5)(t), "StepDecay", {"t": step})
    t["optim.CosineDecay"] = Entry(optim.CosineDecay, "CosineDecay", {
        "lr": Real(0.1, **_POSITIVE), "n_steps": Int(20, low=1), "lr_min": Real(0.01, low=0, high=0.1)})
    t["optim.CosineDecay[call]"] = Entry(lambda t: optim.CosineDecay(0.1, n_steps=20)(t), "CosineDecay",
                                         {"t": step})
    t["optim.Warmup"] = Entry(optim.Warmup, "Warmup", {"lr": Real(0.1, **_POSITIVE), "n_warmup": Int(5, low=1)})
    t["optim.Warmup[call]"] = Entry(lambda t: optim.Warmup(0.1, n_warmup=10)(t), "Warmup", {"t": step})
    t["optim.get_schedule"] = Entry(optim.get_schedule, ("get_schedule", "CosineDecay"), {
        "name": Name("cosine"), "lr": Real(0.1, **_POSITIVE), "n_steps": Int(20, low=1)})
    t["surfaces.Quadratic.from_hessian"] = Entry(surfaces.Quadratic.from_hessian, "Quadratic.from_hessian", {
        "hessian": Arr([[5.5, 4.5], [4.5, 5.5]]), "center": Arr([0.5, -1.0], none=True)})
    t["surfaces.Quadratic.tuned_momentum"] = Entry(
        lambda curvatures: surfaces.Quadratic(curvatures).tuned_momentum(), "Quadratic",
        {"curvatures": Arr([1.0, 100.0])})
    t["surfaces.Quadratic.gd_steps"] = Entry(_method(surfaces.Quadratic, "gd_steps"), "Quadratic.gd_steps", {
        "lr": Real(0.1, **_POSITIVE), "w0": Arr([1.0, -0.5]), "tol": Real(1e-6, low=0),
        "max_steps": Int(50, low=0)})
    t["plotting.descent.schedule_floors"] = Entry(plot_descent.schedule_floors, "schedule_floors",
                                                  {"n_seeds": Int(1, low=1)})
    t["surfaces.Saddle"] = Entry(surfaces.Saddle, "Saddle")
    for method in ("value", "grad"):
        t[f"surfaces.Saddle.{method}"] = Entry(_method(surfaces.Saddle, method), f"Saddle.{method}",
                                               {"w": Arr([[0.5, -1.0], [2.0, 1.0]])})
    t["surfaces.run_optimizer[extras]"] = Entry(surfaces.run_optimizer, "run_optimizer", {
        "lr_schedule": Custom(optim.Warmup(0.1, n_warmup=3), (Case("number", 3, must_raise=True),
                                                               Case("string", "cosine", must_raise=True))),
        "grad_noise": Real(0.1, low=0), "clip_norm": Real(1.0, none=True, **_POSITIVE), "rng": Rng()},
        fixed={"surface": surfaces.Saddle(), "optimizer": optim.SGD(0.1), "w0": np.array([1.0, 0.5]),
               "n_steps": 5})
    t["training.linear_regression_hessian"] = Entry(training.linear_regression_hessian,
                                                    "linear_regression_hessian", {"X": Arr(X_DATA)})
    scale, shift = _key(10.0, 7.0), _key(3.0, 2.0)
    for name in ("scaling_problem", "scaling_run", "plot_feature_scaling"):
        t[f"plotting.descent.{name}"] = Entry(getattr(plot_descent, name), name, {"scale": scale, "shift": shift})
    for name in ("momentum_run", "plot_momentum"):
        t[f"plotting.descent.{name}"] = Entry(getattr(plot_descent, name), name, {
            "lr": _key(0.015, 0.02), "momentum": _key(0.9, 0.8)})


def _kappa() -> Custom:
    return Custom(10, (Case("unknown", 7, must_raise=True), Case("string", "10", must_raise=True),
                       Case("None", None, must_raise=True), Case("list", [10], must_raise=True),
                       Case("bool", True, must_raise=True), Case("nan", float("nan"), must_raise=True)))


TABLE = _table()

#: Public callables that take no array or scalar input, so the battery has nothing to feed them.
SKIP = {
    # No arguments at all.
    "plotting.descent.regression_problem": "no arguments",
    **{f"plotting.descent.{name}": "no arguments (a fixed figure or the cached runs it draws)"
       for name in ("plot_hessian_axes", "plot_saddle", "plot_schedules", "saddle_runs", "schedule_runs",
                    "schedules")},
    **{f"optim.{c}.{m}": "no arguments" for c in ("SGD", "RMSprop", "Adam", "Optimizer")
       for m in ("zero_state", "reset")},
    # Result records: dataclasses built by the library from checked values (History by training.train,
    # ...), never by the reader; their fields are the outputs the battery already checks.
    "training.History": "result record",
    "approximation.ReluBumps": "result record (built by relu_bumps from checked values)",
    "layers.Dropout.train": "no arguments",
    "layers.Dropout.eval": "no arguments",
    # scikit-learn's own BaseEstimator methods, inherited unchanged (set_params stores, fit checks).
    **{f"network.{c}.{m}": "scikit-learn's BaseEstimator method" for c in ("MLPClassifier", "MLPRegressor")
       for m in ("get_params", "set_params", "get_metadata_routing")},
    "gradcheck.GradCheckResult": "result record",
    "cost.machine_summary": "no arguments",
    **{f"cost.{name}": "result record (built by nnbasics.cost from checked values)"
       for name in ("TargetRun", "Quantized", "SparseTiming", "CompressionTable", "MemoryBudget")},
    "cost.Quantized.dequantize": "no arguments",
    **{f"generalization.{c}": "result record" for c in ("BiasVariance", "DoubleDescent", "RegularizationGrid")},
    **{f"generalization.JointsRegressor.{m}": "scikit-learn's BaseEstimator method"
       for m in ("get_params", "set_params", "get_metadata_routing")},
    "generalization.DoubleDescent.render": "no arguments",
    "generalization.RegularizationGrid.render": "no arguments",
    **{f"evaluation.{name}": "result record (built by the evaluation functions from checked values)"
       for name in ("ThresholdPoint", "ChosenByTest", "Leakage", "PairedComparison")},
    "playground.WidthSearch.summary": "no arguments",
    "graph.BackwardStep": "result record (built by Value.backward)",
    "backprop.PassCost": "result record (built by flop_counts)",
    "playground.PlaygroundData": "result record (built by make_split from checked values)",
    "playground.Snapshots": "result record (built by train_snapshots)",
    "playground.PlaygroundGrid": "result record (built by train_grid)",
    "playground.PlaygroundGrid.render": "no arguments",
    "playground.WidthSearch": "result record (built by width_needed)",
    "playground.WidthSearch.reached": "no arguments",
    "playground.LineProfile": "result record (built by line_profile)",
    "experiments.Comparison": "result record (built by compare_on_splits)",
    **{f"experiments.Comparison.{m}": "no arguments" for m in ("summary", "table", "wins")},
    "experiments.GridRun": "result record (built by train_grid)",
    "plotting.network.diabetes_grid": "no arguments (the grid of the chapter, trained once and cached)",
}

#: Public callables that have no rows yet, each with the reason; listed so that the completeness test passes.
#: Remove an entry when its rows are added to TABLE.
PENDING: dict[str, str] = {}


# --------------------------------------------------------------------------------------------------
# Running one case
# --------------------------------------------------------------------------------------------------
def _public_callables() -> Iterator[str]:
    """Qualified names (without ``nnbasics.``) of every public callable: functions, callable objects,
    classes and their public methods, found through ``__all__`` of every module of the package."""
    seen = {"nnbasics"}

    def walk(mod: types.ModuleType) -> Iterator[str]:
        for name in mod.__all__:
            obj = getattr(mod, name)
            if isinstance(obj, types.ModuleType):
                if obj.__name__ not in seen:
                    seen.add(obj.__name__)
                    yield from walk(obj)
                continue
            qual = f"{mod.__name__.removeprefix('nnbasics.')}.{name}"
            if inspect.isclass(obj):
                yield qual
                for attr in dir(obj):
                    static = inspect.getattr_static(obj, attr)
                    if not attr.startswith("_") and (inspect.isfunction(static)
                                                     or isinstance(static, (staticmethod, classmethod))):
                        yield f"{qual}.{attr}"
            elif callable(obj):
                yield qual

    return walk(nnbasics)


def _materialize(result: Any) -> Any:
    """Run lazy results (iterators) to the end, so their errors and warnings count too."""
    if isinstance(result, Iterator):
        return [_materialize(r) for r in result]
    return result


def _leaves(result: Any) -> Iterator[Any]:
    """The numbers and arrays inside a result (tuples, lists, dicts, dataclasses)."""
    if isinstance(result, (list, tuple)):
        for r in result:
            yield from _leaves(r)
    elif isinstance(result, dict):
        for r in result.values():
            yield from _leaves(r)
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for f in dataclasses.fields(result):
            yield from _leaves(getattr(result, f.name))
    elif isinstance(result, (float, int, np.ndarray, np.number)) and not isinstance(result, bool):
        yield result


def _call(entry: Entry, kwargs: dict[str, Any]) -> Any:
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        result = _materialize(entry.call(**copy.deepcopy(entry.fixed), **copy.deepcopy(kwargs)))
    if type(result).__name__ == "Figure":
        import matplotlib.figure

        assert isinstance(result, matplotlib.figure.Figure)
        return None  # a figure drawn without warnings is a clean result
    return result


def _assert_named(error: Exception, name: str, owner: str | tuple[str, ...]) -> None:
    message = str(error)
    owners = (owner,) if isinstance(owner, str) else owner
    named = any(re.search(rf"The '{re.escape(name)}(\[[^\]]*\])?' parameter of {re.escape(o)}\b", message)
                for o in owners)
    assert named, f"{type(error).__name__} does not name '{name}' of {owners}: {message}"


#: Known library gaps (ids of test_bad_input), one a line in tests/bad_input_gaps.txt: strict xfails.
_GAPS_FILE = Path(__file__).parent / "bad_input_gaps.txt"
KNOWN_GAPS = frozenset(line.strip() for line in _GAPS_FILE.read_text().splitlines()
                       if line.strip() and not line.startswith("#"))


def _cases() -> Iterator[Any]:
    for qual, entry in TABLE.items():
        for pname, spec in entry.params.items():
            for case in spec.cases():
                case_id = f"{qual}-{pname}-{case.label}"
                marks = [pytest.mark.xfail(strict=True, reason="known gap: tests/bad_input_gaps.txt")
                         ] if case_id in KNOWN_GAPS else []
                yield pytest.param(qual, pname, case, id=case_id, marks=marks)


def test_known_gaps_name_existing_cases() -> None:
    ids = {f"{q}-{p}-{c.label}" for q, e in TABLE.items() for p, spec in e.params.items() for c in spec.cases()}
    assert not KNOWN_GAPS - ids, f"Stale ids in tests/bad_input_gaps.txt: {sorted(KNOWN_GAPS - ids)}"


def _valid_kwargs(entry: Entry) -> dict[str, Any]:
    return {name: spec.valid for name, spec in entry.params.items()}


_BASELINES: dict[str, Any] = {}


def _baseline(qual: str) -> Any:
    if qual not in _BASELINES:
        entry = TABLE[qual]
        try:
            _BASELINES[qual] = ("ok", _call(entry, _valid_kwargs(entry)))
        except (ValueError, TypeError, NotImplementedError) as exc:
            _BASELINES[qual] = ("error", exc)
    return _BASELINES[qual]


def _assert_same(got: Any, want: Any, rtol: float, where: str) -> None:
    got_leaves, want_leaves = list(_leaves(got)), list(_leaves(want))
    assert len(got_leaves) == len(want_leaves), where
    for g, w in zip(got_leaves, want_leaves):
        g, w = np.asarray(g, dtype=np.float64), np.asarray(w, dtype=np.float64)
        assert g.shape == w.shape, where
        np.testing.assert_allclose(g, w, rtol=rtol, atol=rtol, equal_nan=True, err_msg=where)


# --------------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------------
def test_every_public_callable_is_in_the_table() -> None:
    public = set(_public_callables())
    missing = sorted(q for q in public if q not in TABLE and q not in SKIP and q not in PENDING)
    assert not missing, f"Add these public callables to TABLE in tests/test_bad_inputs.py: {missing}"
    stale = [q for q in list(TABLE) + list(SKIP) + list(PENDING) if q.split("[")[0] not in public]
    assert not stale, f"These rows name no public callable any more: {stale}"


@pytest.mark.parametrize("qual", sorted(TABLE))
def test_valid_call_is_clean(qual: str) -> None:
    """The valid values of every row give a clean result (so each bad input below is the only change)."""
    status, value = _baseline(qual)
    if status == "error":  # only abstract bases may refuse a valid call, and must say so by name
        base = qual.split(".")[1]
        assert isinstance(value, NotImplementedError) and base in str(value), value
        return
    assert not any(np.isnan(np.asarray(v, dtype=float)).any() for v in _leaves(value))


@pytest.mark.parametrize(("qual", "pname", "case"), list(_cases()))
def test_bad_input(qual: str, pname: str, case: Case) -> None:
    entry = TABLE[qual]
    kwargs = _valid_kwargs(entry)
    kwargs[pname] = case.value
    where = f"{qual}({pname}={case.label})"
    try:
        result = _call(entry, kwargs)
    except (ValueError, TypeError) as exc:
        assert not case.same, f"{where} must give the same answer as the valid call; it raised {exc!r}"
        if pname in entry.sklearn:
            return
        names = list(entry.params) if case.relational else [pname]
        errors = []
        for name in names:
            try:
                _assert_named(exc, name, entry.owner)
                return
            except AssertionError as failure:
                errors.append(str(failure))
        raise AssertionError(f"{where}: {errors[0]}")
    except NotImplementedError as exc:  # abstract bases: after the checks, they say they are abstract
        assert _baseline(qual)[0] == "error", f"{where}: {exc!r}"
        return
    assert not case.must_raise, f"{where} must raise a ValueError or TypeError; it returned {result!r:.200}"
    nan_in = case.label == "nan" or (isinstance(case.value, float) and np.isnan(case.value))
    if not nan_in:
        assert not any(np.isnan(np.asarray(v, dtype=float)).any() for v in _leaves(result)), \
            f"{where} returned NaN from an input without NaN"
    if case.same:
        status, want = _baseline(qual)
        assert status == "ok"
        _assert_same(result, want, case.rtol, where)


@pytest.mark.parametrize(("factory", "name", "accepted"), [
    (losses.get_loss, "mse", "none"), (losses.get_loss, "huber", "'delta'"),
    (activations.get_activation, "relu", "none"), (activations.get_activation, "elu", "'alpha'")])
def test_registries_refuse_unknown_hyperparameters_alike(factory: Callable[..., Any], name: str,
                                                         accepted: str) -> None:
    # Every registry creates its objects through nnbasics._validation.create_from_registry.
    with pytest.raises(TypeError, match=re.escape(
            f"The 'params' parameter of {factory.__name__} must only hold hyperparameters of {name!r} "
            f"(accepted: {accepted}). Got 'gamma' instead.")):
        factory(name, gamma=1)


def test_a_class_for_an_instance_says_so() -> None:
    with pytest.raises(TypeError, match=re.escape(
            "The 'optimizer' parameter of run_optimizer must be an instance such as SGD(lr=0.1), not a "
            "class. Got the class SGD instead; create one first, e.g. SGD(...).")):
        surfaces.run_optimizer(surfaces.Quadratic(), optim.SGD, [1.0, 1.0], 5)
