"""Tests of nnbasics.activations: derivatives, extreme inputs, dtypes, properties, references, errors."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbasics.activations import (
    ACTIVATIONS,
    ELU,
    GELU,
    Activation,
    Identity,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Softplus,
    Tanh,
    _erf,
    _erfc,
    get_activation,
    log_softmax,
    softmax,
)
from nnbasics.gradcheck import check_gradient, numerical_derivative, relative_error

# Raise on every floating-point problem except underflow, which is how exp(-1000) correctly becomes 0.
STRICT = {"over": "raise", "divide": "raise", "invalid": "raise", "under": "ignore"}
PROPERTY = settings(max_examples=200, deadline=None, database=None, derandomize=True)

ALL_ACTIVATIONS = [
    Identity(), Sigmoid(), Tanh(), ReLU(), LeakyReLU(), LeakyReLU(alpha=0.3), LeakyReLU(alpha=2.0),
    ELU(), ELU(alpha=0.5), ELU(alpha=2.0), Softplus(), GELU(),
]
HAS_KINK = (ReLU, LeakyReLU, ELU)


def _grid(seed: int, act: Activation) -> np.ndarray:
    """Seeded points in [-4, 4], away from the kinks at 0 and from the zero of GELU' (about -0.7518),
    where a relative error compares two numbers that are both nearly 0."""
    z = np.random.default_rng(seed).uniform(-4.0, 4.0, size=1000)
    keep = np.abs(z) > 1e-3 if isinstance(act, HAS_KINK) else np.ones_like(z, dtype=bool)
    if isinstance(act, GELU):
        keep &= np.abs(z + 0.7518) > 1e-2
    return z[keep]


# ------------------------------------------------------------------------------------------------
# Derivatives against central differences
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("act", ALL_ACTIVATIONS, ids=repr)
@pytest.mark.parametrize("seed", [0, 1])
def test_derivative_matches_central_differences(act: Activation, seed: int) -> None:
    z = _grid(seed, act)
    assert relative_error(act.derivative(z), numerical_derivative(act, z)) < 1e-7


@pytest.mark.parametrize("act", ALL_ACTIVATIONS, ids=repr)
def test_check_gradient_of_weighted_sum(act: Activation) -> None:
    # The backpropagation pattern: dL/dz = dL/da * f'(z) for L = sum(w * f(z)).
    rng = np.random.default_rng(7)
    z = rng.uniform(0.05, 3.0, size=(3, 4)) * rng.choice([-1.0, 1.0], size=(3, 4))
    z[np.abs(z + 0.7518) < 1e-2] = 0.5  # keep away from the zero of GELU'
    w = rng.normal(size=(3, 4))
    result = check_gradient(lambda v: np.sum(w * act(v)), lambda v: w * act.derivative(v), z)
    assert result.passed, str(result)


def test_derivative_is_taken_of_z_not_of_the_output() -> None:
    z = np.array([-1.5, 0.3, 2.0])
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(Sigmoid().derivative(z), s * (1 - s), rtol=1e-14)
    assert not np.allclose(Sigmoid().derivative(z), Sigmoid().derivative(s))


@pytest.mark.parametrize(
    ("act", "expected"),
    [(ReLU(), 0.0), (LeakyReLU(alpha=0.2), 0.2), (LeakyReLU(alpha=0.0), 0.0),
     (ELU(), 1.0), (ELU(alpha=3.0), 1.0)],
    ids=repr,
)
def test_derivative_convention_at_the_kink(act: Activation, expected: float) -> None:
    assert act.derivative(np.array([0.0]))[0] == expected


# ------------------------------------------------------------------------------------------------
# Extreme inputs, NaN
# ------------------------------------------------------------------------------------------------

EXTREME = np.array([0.0, 1e3, -1e3, 1e308, -1e308, np.inf, -np.inf])
INF = np.inf
EXPECTED = {  # activation -> (f(EXTREME), f'(EXTREME))
    "Identity()": (EXTREME, [1, 1, 1, 1, 1, 1, 1]),
    "Sigmoid()": ([0.5, 1, 0, 1, 0, 1, 0], [0.25, 0, 0, 0, 0, 0, 0]),
    "Tanh()": ([0, 1, -1, 1, -1, 1, -1], [1, 0, 0, 0, 0, 0, 0]),
    "ReLU()": ([0, 1e3, 0, 1e308, 0, INF, 0], [0, 1, 0, 1, 0, 1, 0]),
    "LeakyReLU(alpha=0.01)": ([0, 1e3, -10, 1e308, -1e306, INF, -INF], [0.01, 1, 0.01, 1, 0.01, 1, 0.01]),
    "LeakyReLU(alpha=0.0)": ([0, 1e3, 0, 1e308, 0, INF, 0], [0, 1, 0, 1, 0, 1, 0]),
    "ELU(alpha=1.0)": ([0, 1e3, -1, 1e308, -1, INF, -1], [1, 1, 0, 1, 0, 1, 0]),
    "ELU(alpha=2.0)": ([0, 1e3, -2, 1e308, -2, INF, -2], [1, 1, 0, 1, 0, 1, 0]),
    "Softplus()": ([math.log(2), 1e3, 0, 1e308, 0, INF, 0], [0.5, 1, 0, 1, 0, 1, 0]),
    "GELU()": ([0, 1e3, 0, 1e308, 0, INF, 0], [0.5, 1, 0, 1, 0, 1, 0]),
}
EXTREME_CASES = [Identity(), Sigmoid(), Tanh(), ReLU(), LeakyReLU(), LeakyReLU(alpha=0.0),
                 ELU(), ELU(alpha=2.0), Softplus(), GELU()]


@pytest.mark.parametrize("act", EXTREME_CASES, ids=repr)
def test_extreme_inputs_give_the_right_limits_without_warnings(act: Activation) -> None:
    with np.errstate(**STRICT):
        value = act.forward(EXTREME)
        slope = act.derivative(EXTREME)
    expected_value, expected_slope = EXPECTED[repr(act)]
    np.testing.assert_allclose(value, expected_value, rtol=1e-12, atol=0)
    np.testing.assert_allclose(slope, expected_slope, rtol=1e-12, atol=0)


@pytest.mark.parametrize("act", ALL_ACTIVATIONS, ids=repr)
def test_nan_propagates_without_warnings(act: Activation) -> None:
    z = np.array([np.nan, -1.0, np.nan, 2.0])
    with np.errstate(all="raise"):
        value = act.forward(z)
        slope = act.derivative(z)
    for out in (value, slope):
        np.testing.assert_array_equal(np.isnan(out), [True, False, True, False])


@pytest.mark.parametrize("z", [np.array([1e308, -1e308, 0.0]), np.array([-1e308, -1e308]),
                               np.array([1e3, -1e3, 0.0]), np.array([5e-324, 0.0])])
def test_softmax_extreme_finite_rows_without_warnings(z: np.ndarray) -> None:
    with np.errstate(**STRICT):
        p = softmax(z)
        log_p = log_softmax(z)
    assert np.all(np.isfinite(p))
    assert math.isclose(np.sum(p), 1.0, rel_tol=1e-15)
    assert not np.isnan(log_p).any()
    np.testing.assert_array_equal(np.argmax(log_p), np.argmax(p))


def test_softmax_special_rows() -> None:
    z = np.array([
        [np.inf, 1.0, np.inf],  # +inf entries share the mass
        [-np.inf, 0.0, 0.0],  # -inf gets probability 0
        [-np.inf, -np.inf, -np.inf],  # undefined: NaN
        [np.nan, 0.0, 1.0],  # NaN row: NaN
        [1e308, -1e308, 0.0],  # log-probability -2e308 rounds to -inf
    ])
    with np.errstate(**STRICT):
        p = softmax(z)
        log_p = log_softmax(z)
    np.testing.assert_array_equal(p[0], [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(log_p[0], [-math.log(2), -np.inf, -math.log(2)])
    np.testing.assert_array_equal(p[1], [0.0, 0.5, 0.5])
    np.testing.assert_array_equal(log_p[1], [-np.inf, -math.log(2), -math.log(2)])
    assert np.isnan(p[2:4]).all() and np.isnan(log_p[2:4]).all()
    np.testing.assert_array_equal(p[4], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(log_p[4], [0.0, -np.inf, -1e308])


def test_log_softmax_keeps_what_log_of_softmax_loses() -> None:
    z = np.array([0.0, -1000.0])
    with np.errstate(**STRICT):
        np.testing.assert_array_equal(log_softmax(z), [0.0, -1000.0])


def test_softmax_empty_inputs() -> None:
    assert softmax(np.zeros((2, 0))).shape == (2, 0)
    assert log_softmax(np.zeros((0, 3))).shape == (0, 3)


# ------------------------------------------------------------------------------------------------
# Dtypes
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("act", ALL_ACTIVATIONS, ids=repr)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtype_is_preserved(act: Activation, dtype: type) -> None:
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], dtype=dtype)
    value, slope = act.forward(z), act.derivative(z)
    assert value.dtype == dtype and slope.dtype == dtype
    tol = {np.float16: 2e-3, np.float32: 2e-6, np.float64: 1e-15}[dtype]
    z64 = z.astype(np.float64)
    np.testing.assert_allclose(value, act.forward(z64), rtol=tol, atol=tol)
    np.testing.assert_allclose(slope, act.derivative(z64), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_low_precision_extremes_without_warnings(dtype: type) -> None:
    big = np.finfo(dtype).max
    z = np.array([0, big, -big, np.inf, -np.inf], dtype=dtype)
    for act in ALL_ACTIVATIONS:
        if isinstance(act, LeakyReLU) and act.alpha > 1:
            continue  # alpha * (-big) really is below -big: that overflow is a right answer
        with np.errstate(**STRICT):
            value, slope = act.forward(z), act.derivative(z)
        assert not np.isnan(value).any() and np.isfinite(slope).all(), repr(act)


@pytest.mark.parametrize("act", ALL_ACTIVATIONS, ids=repr)
def test_integers_become_float64(act: Activation) -> None:
    z = np.array([-2, 0, 3])
    assert act.forward(z).dtype == np.float64
    assert act.derivative(z).dtype == np.float64
    np.testing.assert_array_equal(act.forward(z), act.forward(z.astype(np.float64)))


@pytest.mark.parametrize("func", [softmax, log_softmax])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_softmax_dtype_is_preserved(func, dtype: type) -> None:
    z = np.array([[1.0, 2.0, 3.0]], dtype=dtype)
    assert func(z).dtype == dtype
    assert func(np.array([[1, 2, 3]])).dtype == np.float64


def test_inputs_are_not_modified_and_identity_returns_a_copy() -> None:
    z = np.array([-1.0, 0.0, 2.0])
    before = z.copy()
    for act in ALL_ACTIVATIONS:
        act.forward(z)
        act.derivative(z)
    softmax(z)
    log_softmax(z)
    np.testing.assert_array_equal(z, before)
    out = Identity().forward(z)
    out[0] = 99.0
    assert z[0] == -1.0


def test_scalars_and_lists_are_accepted() -> None:
    assert Sigmoid()(0.0) == 0.5
    np.testing.assert_array_equal(ReLU()([[-1, 2], [3, -4]]), [[0.0, 2.0], [3.0, 0.0]])


# ------------------------------------------------------------------------------------------------
# References: SciPy
# ------------------------------------------------------------------------------------------------


def test_erf_matches_scipy_to_1e_14_absolute() -> None:
    x = np.concatenate([np.linspace(-40.0, 40.0, 400_001), [0.0, 0.46875, -0.46875, 4.0, -4.0, 1e-300]])
    with np.errstate(**STRICT):
        ours = _erf(x)
    assert np.max(np.abs(ours - scipy.special.erf(x))) < 1e-14


def test_erfc_has_small_relative_error_in_the_tail() -> None:
    x = np.linspace(-6.0, 26.5, 100_001)
    reference = np.array([math.erfc(v) for v in x[::50]])  # the C library's erfc
    with np.errstate(**STRICT):
        ours = _erfc(x[::50])
    np.testing.assert_allclose(ours, reference, rtol=1e-14, atol=0)
    np.testing.assert_allclose(_erfc(x), scipy.special.erfc(x), rtol=1e-12, atol=0)


def test_gelu_matches_scipy() -> None:
    z = np.linspace(-40.0, 40.0, 80_001)
    cdf = scipy.special.ndtr(z)
    pdf = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    with np.errstate(**STRICT):
        value, slope = GELU().forward(z), GELU().derivative(z)
    np.testing.assert_allclose(value, z * cdf, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(slope, cdf + z * pdf, rtol=0, atol=1e-15)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
def test_softmax_and_log_softmax_match_scipy(axis: int) -> None:
    z = np.random.default_rng(3).normal(scale=10.0, size=(4, 5, 6))
    np.testing.assert_allclose(softmax(z, axis=axis), scipy.special.softmax(z, axis=axis),
                               rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(log_softmax(z, axis=axis), scipy.special.log_softmax(z, axis=axis),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus"])
def test_smooth_activations_match_closed_forms(name: str) -> None:
    z = np.linspace(-30.0, 30.0, 6001)
    reference = {
        "sigmoid": scipy.special.expit(z),
        "tanh": np.tanh(z),
        "softplus": np.log1p(np.exp(z)),
    }[name]
    np.testing.assert_allclose(get_activation(name).forward(z), reference, rtol=1e-14, atol=1e-300)


# ------------------------------------------------------------------------------------------------
# Properties (Hypothesis)
# ------------------------------------------------------------------------------------------------

FINITE = st.floats(allow_nan=False, allow_infinity=False)
REALS = st.floats(allow_nan=False)  # with ±inf
MODERATE = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


def vectors(elements: st.SearchStrategy[float]) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, st.integers(1, 16), elements=elements)


def matrices(elements: st.SearchStrategy[float]) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
                      elements=elements)


@PROPERTY
@given(vectors(FINITE))
def test_sigmoid_is_symmetric(x: np.ndarray) -> None:
    with np.errstate(**STRICT):
        np.testing.assert_allclose(Sigmoid()(-x), 1 - Sigmoid()(x), rtol=1e-12, atol=1e-15)


@PROPERTY
@given(vectors(st.floats(min_value=-1e300, max_value=1e300)))
def test_tanh_is_a_rescaled_sigmoid(x: np.ndarray) -> None:
    with np.errstate(**STRICT):
        np.testing.assert_allclose(Tanh()(x), 2 * Sigmoid()(2 * x) - 1, rtol=1e-12, atol=1e-15)


@PROPERTY
@given(vectors(st.floats(min_value=-30.0, max_value=30.0)))
def test_softplus_derivative_is_sigmoid(x: np.ndarray) -> None:
    np.testing.assert_array_equal(Softplus().derivative(x), Sigmoid()(x))
    np.testing.assert_allclose(numerical_derivative(Softplus(), x), Sigmoid()(x), rtol=1e-6, atol=1e-8)


@PROPERTY
@given(vectors(FINITE))
def test_relu_splits_x_into_positive_and_negative_parts(x: np.ndarray) -> None:
    np.testing.assert_array_equal(ReLU()(x) - ReLU()(-x), x)


@PROPERTY
@given(vectors(REALS))
def test_outputs_and_derivatives_stay_in_their_ranges(x: np.ndarray) -> None:
    with np.errstate(**STRICT):
        acts = (Sigmoid(), Tanh(), ReLU(), Softplus(), ELU(alpha=2.0), GELU())
        s, t, r, sp, e, g = (act(x) for act in acts)
        ds, dt, dg = Sigmoid().derivative(x), Tanh().derivative(x), GELU().derivative(x)
    assert np.all((s >= 0) & (s <= 1)) and np.all((ds >= 0) & (ds <= 0.25))
    assert np.all((t >= -1) & (t <= 1)) and np.all((dt >= 0) & (dt <= 1))
    assert np.all(r >= 0)
    assert np.all((sp >= 0) & (sp >= x))
    assert np.all(e >= -2.0)
    assert np.all(g >= -0.1700) and np.all((dg >= -0.1290) & (dg <= 1.1290))  # min GELU: -0.16997


@PROPERTY
@given(matrices(FINITE))
def test_softmax_rows_are_distributions(z: np.ndarray) -> None:
    with np.errstate(**STRICT):
        p = softmax(z)
        log_p = log_softmax(z)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-13)
    assert np.all(log_p <= 0)


@PROPERTY
@given(matrices(MODERATE), st.floats(min_value=-1e3, max_value=1e3))
def test_softmax_is_invariant_to_adding_a_constant_per_row(z: np.ndarray, c: float) -> None:
    shift = c * np.arange(1, z.shape[0] + 1)[:, None] / z.shape[0]  # a different constant per row
    np.testing.assert_allclose(softmax(z + shift), softmax(z), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(log_softmax(z + shift), log_softmax(z), rtol=1e-10, atol=1e-10)


@PROPERTY
@given(matrices(FINITE))
def test_log_softmax_is_log_of_softmax_where_finite(z: np.ndarray) -> None:
    with np.errstate(**STRICT):
        p = softmax(z)
        log_p = log_softmax(z)
        normal = p > np.finfo(np.float64).tiny  # log(p) loses accuracy once p is subnormal
        np.testing.assert_allclose(log_p[normal], np.log(p[normal]), rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------------------------------------------
# Registry, formulas, repr
# ------------------------------------------------------------------------------------------------


def test_registry_names_and_instances() -> None:
    assert ACTIVATIONS == ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu")
    for name in ACTIVATIONS:
        act = get_activation(name)
        assert isinstance(act, Activation) and act.name == name
        assert get_activation(name) is not act
    assert get_activation("leaky_relu", alpha=0.2).alpha == 0.2
    assert get_activation("elu", alpha=0.5).alpha == 0.5


def test_repr_and_call() -> None:
    assert repr(Sigmoid()) == "Sigmoid()"
    assert repr(LeakyReLU(alpha=0.1)) == "LeakyReLU(alpha=0.1)"
    assert repr(ELU()) == "ELU(alpha=1.0)"
    z = np.array([-1.0, 0.5])
    np.testing.assert_array_equal(GELU()(z), GELU().forward(z))


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_formulas_render_as_matplotlib_mathtext(name: str) -> None:
    mathtext = pytest.importorskip("matplotlib.mathtext")
    act = get_activation(name)
    assert act.formula and act.derivative_formula
    parser = mathtext.MathTextParser("agg")
    for tex in (act.formula, act.derivative_formula):
        parser.parse(f"${tex}$")


# ------------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------------


def test_unknown_name_lists_the_choices() -> None:
    message = ("The 'name' parameter of get_activation must be one of 'identity', 'sigmoid', 'tanh', 'relu', "
               "'leaky_relu', 'elu', 'softplus', 'gelu'. Got 'swish' instead.")
    with pytest.raises(ValueError, match=re.escape(message)):
        get_activation("swish")
    with pytest.raises(ValueError, match="must be one of"):
        get_activation("ReLU")


def test_unknown_hyperparameter() -> None:
    with pytest.raises(TypeError, match=re.escape("hyperparameters of 'relu' (accepted: none). Got 'alpha'")):
        get_activation("relu", alpha=0.1)
    with pytest.raises(TypeError, match=r"accepted: 'alpha'\)\. Got 'beta' instead"):
        get_activation("elu", beta=1.0)


@pytest.mark.parametrize(
    "bad",
    ["abc", ["1.0", "2.0"], np.array([True, False]), True, np.array([1 + 2j]), 1j,
     np.array([1.0, None], dtype=object), [[1.0, 2.0], [3.0]]],
    ids=["str", "str-list", "bool-array", "bool", "complex-array", "complex", "object", "ragged"],
)
@pytest.mark.parametrize("act", [Sigmoid(), LeakyReLU(), GELU()], ids=repr)
def test_non_numeric_input_raises_type_error(act: Activation, bad: object) -> None:
    owner = type(act).__name__
    with pytest.raises(TypeError, match=rf"The 'z' parameter of {owner}\.forward must be a real number"):
        act.forward(bad)
    with pytest.raises(TypeError, match=rf"The 'z' parameter of {owner}\.derivative must be a real number"):
        act.derivative(bad)


@pytest.mark.parametrize("func", [softmax, log_softmax])
def test_softmax_non_numeric_input(func) -> None:
    with pytest.raises(TypeError, match=rf"The 'z' parameter of {func.__name__} must be a real number"):
        func(["a", "b"])


def test_hyperparameter_errors() -> None:
    message = "The 'alpha' parameter of LeakyReLU must be >= 0. Got -1.0 instead."
    with pytest.raises(ValueError, match=re.escape(message)):
        LeakyReLU(alpha=-1.0)
    message = "The 'alpha' parameter of ELU must be > 0. Got 0.0 instead."
    with pytest.raises(ValueError, match=re.escape(message)):
        ELU(alpha=0.0)
    message = "The 'alpha' parameter of ELU must be > 0. Got -1.0 instead."
    with pytest.raises(ValueError, match=re.escape(message)):
        get_activation("elu", alpha=-1.0)
    with pytest.raises(ValueError, match="The 'alpha' parameter of ELU must be finite"):
        ELU(alpha=float("nan"))
    with pytest.raises(TypeError, match="The 'alpha' parameter of LeakyReLU must be a real number"):
        LeakyReLU(alpha="0.1")
    with pytest.raises(TypeError, match="The 'alpha' parameter of ELU must be a real number"):
        ELU(alpha=True)


@pytest.mark.parametrize("func", [softmax, log_softmax])
def test_softmax_axis_errors(func) -> None:
    name = func.__name__
    z = np.zeros((2, 3))
    message = f"The 'axis' parameter of {name} must be in the range [-2, 1]. Got 2 instead."
    with pytest.raises(ValueError, match=re.escape(message)):
        func(z, axis=2)
    with pytest.raises(ValueError, match=re.escape("must be in the range [-2, 1]. Got -3 instead.")):
        func(z, axis=-3)
    with pytest.raises(TypeError, match=f"The 'axis' parameter of {name} must be an integer"):
        func(z, axis=1.0)
    with pytest.raises(TypeError, match=f"The 'axis' parameter of {name} must be an integer"):
        func(z, axis=True)
    with pytest.raises(ValueError, match=f"The 'z' parameter of {name} must have at least 1 dimension"):
        func(3.0)


def _tanh_derivative_reference(z: float) -> float:
    """tanh'(z) = 1 / cosh(z)^2 with 50 significant digits (the standard library's decimal module)."""
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 50
        e = (Decimal(-2) * abs(Decimal(z))).exp()  # exact input, correctly rounded exp
        return float(4 * e / ((1 + e) * (1 + e)))


@pytest.mark.parametrize("z", [0.0, 1e-8, 0.5, -1.0, 4.0, 15.0, -15.5, 19.0, 25.0, -40.0, 100.0, 350.0])
def test_tanh_derivative_keeps_full_relative_accuracy_in_the_tails(z: float) -> None:
    # 1 - tanh(z)^2 cancels to 0 from |z| ~ 19 on; the true value is still a normal float up to |z| ~ 354.
    want = _tanh_derivative_reference(z)
    got = float(Tanh().derivative(np.array(z)))
    assert want > 0
    assert abs(got - want) <= 8 * np.spacing(want)
