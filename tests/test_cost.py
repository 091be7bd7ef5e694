"""nnbasics.cost: counts against the layers themselves, pruning and quantization against their definitions,
CSR bytes against the formula, training memory predicted against tracemalloc, and the timing helpers'
bookkeeping (never their speed: timings are measured in the chapter and in benchmarks, not asserted)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from scipy import sparse

from nnbasics import cost
from nnbasics.layers import Dense, Sequential
from nnbasics.network import MLPClassifier, MLPRegressor

SIZES = [(3, 1), (64, 32, 10), (5, 7, 7, 2), (784, 256, 256, 10)]


def _moons(n=80, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(int)


@pytest.mark.parametrize("sizes", SIZES)
def test_parameter_count_is_what_the_layers_hold(sizes):
    net = Sequential([Dense(a, b, rng=0) for a, b in zip(sizes[:-1], sizes[1:])])
    assert cost.parameter_count(sizes) == sum(p.size for p in net.params.values())
    assert cost.model_bytes(net) == 8 * cost.parameter_count(sizes)


@pytest.mark.parametrize(("n_samples", "dropout"), [(40, 0.0), (80, 0.0), (80, 0.5)])
def test_model_size_ignores_data_size_and_dropout(n_samples, dropout):
    X, y = _moons(n_samples)
    model = MLPClassifier((6,), dropout=dropout, n_epochs=2, random_state=0).fit(X, y)
    assert cost.model_bytes(model) == 8 * cost.parameter_count((2, 6, 1))


@pytest.mark.parametrize("shape", [(1, 1, 1), (4, 3, 5), (7, 9, 2)])
def test_loops_equal_the_matrix_product(shape):
    n, n_in, n_out = shape
    rng = np.random.default_rng(n)
    X, W, b = rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
    np.testing.assert_allclose(cost.dense_forward_loops(X, W, b), X @ W + b, rtol=1e-12, atol=1e-12)


def test_loops_refuse_mismatched_shapes():
    with pytest.raises(ValueError, match="The 'W' parameter of dense_forward_loops must have shape"):
        cost.dense_forward_loops(np.ones((2, 3)), np.ones((4, 2)), np.ones(2))


@pytest.mark.parametrize("batch_size", [1, 3, 7, 100])
def test_forward_in_batches_matches_one_pass(batch_size):
    X, y = _moons(23)
    model = MLPClassifier((5,), n_epochs=2, random_state=0).fit(X, y)
    whole = Sequential(model.layers_).forward(X)
    np.testing.assert_allclose(cost.forward_in_batches(model, X, batch_size), whole, rtol=1e-12, atol=1e-14)


def test_forward_in_batches_checks_the_width():
    with pytest.raises(ValueError, match=r"The 'X' parameter of forward_in_batches must have shape \(n, 3\)"):
        cost.forward_in_batches([Dense(3, 2, rng=0)], np.ones((4, 2)), 2)


def test_median_seconds_calls_each_function_repeats_times_number():
    calls = {"a": 0, "b": 0}

    def count(name):
        def fn():
            calls[name] += 1
        return fn

    out = cost.median_seconds({"a": count("a"), "b": count("b")}, repeats=3, number=4)
    assert calls == {"a": 12, "b": 12}
    assert set(out) == {"a", "b"} and all(t >= 0 for t in out.values())


@pytest.mark.parametrize(("number", "expected"), [({"a": 1, "b": 50}, {"a": 3, "b": 150}),
                                                  ({"a": 7, "b": 2}, {"a": 21, "b": 6})])
def test_median_seconds_takes_a_count_per_function(number, expected):
    calls = {"a": 0, "b": 0}
    order = []

    def count(name):
        def fn():
            calls[name] += 1
            if not order or order[-1] != name:
                order.append(name)
        return fn

    cost.median_seconds({"a": count("a"), "b": count("b")}, repeats=3, number=number)
    assert calls == expected
    assert order == ["a", "b"] * 3  # interleaved: each repeat runs a's block, then b's


def test_median_seconds_per_call_time_divides_by_its_own_count(monkeypatch):
    clock = [0.0]  # a fake CPU clock that only the functions advance: the test times nothing real
    monkeypatch.setattr(cost.time, "process_time", lambda: clock[0])

    def busy():
        clock[0] += 2e-3

    def slow():
        clock[0] += 5e-3

    out = cost.median_seconds({"once": busy, "ten": busy, "slow": slow}, repeats=3,
                              number={"once": 1, "ten": 10, "slow": 2})
    assert out == pytest.approx({"once": 2e-3, "ten": 2e-3, "slow": 5e-3})


def test_median_seconds_refuses_a_count_dict_with_other_names():
    with pytest.raises(ValueError, match=r"The 'number' parameter of median_seconds must be an int, or a dict "
                                         r"with one count for each name"):
        cost.median_seconds({"a": lambda: None, "b": lambda: None}, number={"a": 2})


def test_machine_summary_names_cores_and_numpy():
    text = cost.machine_summary()
    assert "cores" in text and np.__version__ in text and "BLAS" in text


@pytest.mark.parametrize("seed", [0, 1])
def test_epochs_to_target_stops_at_the_first_epoch_below(seed):
    X = np.linspace(-1, 1, 64).reshape(-1, 1)
    y = X[:, 0] ** 2
    full = MLPRegressor((16,), lr=0.01, n_epochs=200, random_state=seed).fit(X, y, eval_set=(X, y))
    # the loss on all the training data after each epoch, whatever loss_curve_ records
    target = float(np.quantile(full.eval_loss_curve_, 0.5))
    first = int(np.flatnonzero(np.array(full.eval_loss_curve_) <= target)[0]) + 1
    run = cost.epochs_to_target(MLPRegressor((16,), lr=0.01, n_epochs=200, random_state=seed), X, y, target)
    assert run.epochs == first == run.epochs_run
    assert run.seconds > 0


def test_epochs_to_target_never_reached():
    X = np.linspace(-1, 1, 32).reshape(-1, 1)
    run = cost.epochs_to_target(MLPRegressor((4,), n_epochs=3, random_state=0), X, X[:, 0] ** 2, 1e-12)
    assert run.epochs is None and run.epochs_run == 3


@pytest.mark.parametrize("sparsity", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_prune_magnitude_zeroes_the_smallest(sparsity):
    W = np.random.default_rng(3).normal(size=(20, 15))
    pruned = cost.prune_magnitude(W, sparsity)
    k = round(sparsity * W.size)
    assert np.count_nonzero(pruned == 0) == k
    kept = pruned != 0
    np.testing.assert_array_equal(pruned[kept], W[kept])
    if 0 < k < W.size:
        assert np.abs(W[~kept]).max() <= np.abs(W[kept]).min()
    assert np.count_nonzero(W == 0) == 0  # the input is not modified


@pytest.mark.parametrize(("dtype", "nbytes"), list(cost.DTYPES.items()))
def test_quantize_bytes_and_error_bound(dtype, nbytes):
    W = np.random.default_rng(4).normal(size=(30, 20))
    W[0, 0] = 0.0
    q = cost.quantize(W, dtype)
    assert q.nbytes == W.size * nbytes and q.values.dtype == np.dtype(dtype)
    error = np.abs(q.dequantize() - W)
    if dtype == "int8":
        assert q.scale == pytest.approx(np.abs(W).max() / 127)
        assert error.max() <= q.scale / 2 + 1e-15
        assert np.abs(q.values.astype(int)).max() == 127
    else:
        assert error.max() <= np.abs(W).max() * np.finfo(dtype).eps
    assert q.dequantize()[0, 0] == 0.0  # zeros (pruned weights) stay zero


def test_quantize_refuses_overflow():
    with pytest.raises(ValueError, match="The 'W' parameter of quantize must fit in float16"):
        cost.quantize(np.array([1e6]), "float16")


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "int8"])
@pytest.mark.parametrize("density", [0.0, 0.1, 0.5, 1.0])
def test_csr_bytes_formula(dtype, density):
    rng = np.random.default_rng(5)
    m, n = 12, 9
    W = np.where(rng.random((m, n)) < density, rng.integers(1, 100, size=(m, n)), 0).astype(dtype)
    z = np.count_nonzero(W)
    assert cost.csr_bytes(W) == z * (W.itemsize + 4) + 4 * (m + 1)
    if dtype in ("float64", "float32", "int8"):  # SciPy stores these itself
        ref = sparse.csr_array(W)
        assert cost.csr_bytes(W) == ref.data.nbytes + ref.indices.nbytes + ref.indptr.nbytes


def test_sparse_timings_shapes_and_order():
    rng = np.random.default_rng(6)
    t = cost.sparse_timings(rng.normal(size=(16, 8)), rng.normal(size=(4, 16)), [0.9, 0.0, 0.5], repeats=1)
    np.testing.assert_array_equal(t.sparsities, [0.0, 0.5, 0.9])
    for times in (t.dense, t.pruned_dense, t.csr):
        assert times.shape == (3,) and np.all(times >= 0)


@pytest.mark.parametrize(("csr", "expected"), [([3.0, 2.0, 0.5, 0.1], 0.9), ([0.5, 0.5, 0.5, 0.5], 0.0),
                                               ([3.0, 0.5, 2.0, 0.1], 0.99), ([3.0, 3.0, 3.0, 3.0], None)])
def test_crossover_is_where_csr_stays_faster(csr, expected):
    levels = np.array([0.0, 0.5, 0.9, 0.99])
    timing = cost.SparseTiming(levels, np.ones(4), np.ones(4), np.array(csr))
    assert timing.crossover == expected


def test_with_weights_copies_and_transforms():
    X, y = _moons()
    model = MLPClassifier((5,), n_epochs=3, random_state=0).fit(X, y)
    before = [layer.W.copy() for layer in model.layers_]
    same = cost.with_weights(model, lambda W: W)
    np.testing.assert_array_equal(same.predict_proba(X), model.predict_proba(X))
    halved = cost.with_weights(model, lambda W: W / 2)
    for layer, old, new in zip(model.layers_, before, halved.layers_):
        np.testing.assert_array_equal(layer.W, old)
        np.testing.assert_array_equal(new.W, old / 2)
    with pytest.raises(ValueError, match="must return an array of the weights' shape"):
        cost.with_weights(model, lambda W: W[:1])


def test_compression_table_rows():
    X, y = _moons(120)
    model = MLPClassifier((8,), lr=0.02, n_epochs=30, random_state=0).fit(X, y)
    table = cost.compression_table(model, X, y, [0.8, 0.0, 0.5], ["float64", "float16", "int8"])
    np.testing.assert_array_equal(table.sparsities, [0.0, 0.5, 0.8])
    assert table.accuracy[0, 0] == model.score(X, y)
    n_weights = sum(layer.W.size for layer in model.layers_)
    assert table.dense_bytes.tolist() == [8 * n_weights, 2 * n_weights, n_weights]
    assert np.all(np.diff(table.sparse_bytes, axis=0) < 0)  # fewer non-zeros, fewer bytes


@pytest.mark.parametrize(("optimizer", "copies"), list(cost.OPTIMIZER_COPIES.items()))
def test_predicted_memory_formula(optimizer, copies):
    sizes, B = (10, 6, 3), 5
    P = 11 * 6 + 7 * 3
    m = cost.predict_training_memory(sizes, B, optimizer)
    assert m.parameters_and_gradients == 16 * P
    assert m.activations == 8 * B * (10 + 2 * (6 + 3))
    assert m.optimizer_state == 8 * copies * P
    assert m.total == m.parameters_and_gradients + m.activations + m.optimizer_state
    assert cost.predict_training_memory(sizes, 2 * B, optimizer).activations == 2 * m.activations


@pytest.mark.parametrize("optimizer", list(cost.OPTIMIZER_COPIES))
@pytest.mark.parametrize("batch_size", [16, 128])
def test_measured_memory_matches_the_prediction(optimizer, batch_size):
    sizes = (64, 128, 128, 10)
    predicted = cost.predict_training_memory(sizes, batch_size, optimizer)
    measured, peak = cost.measure_training_memory(sizes, batch_size, optimizer, rng=0)
    for m, p in [(measured.parameters_and_gradients, predicted.parameters_and_gradients),
                 (measured.activations, predicted.activations),
                 (measured.optimizer_state, predicted.optimizer_state)]:
        assert abs(m - p) <= 0.01 * p + 4096  # object bookkeeping: dicts, small Python objects
    assert peak >= measured.total


def test_measuring_memory_leaves_tracemalloc_as_it_was():
    assert not tracemalloc.is_tracing()
    cost.measure_training_memory((4, 3, 2), 2, "sgd", rng=0)
    assert not tracemalloc.is_tracing()
    tracemalloc.start()
    try:
        cost.measure_training_memory((4, 3, 2), 2, "sgd", rng=0)
        assert tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("call", "message"), [
    (lambda: cost.parameter_count((3,)), "The 'sizes' parameter of parameter_count must hold at least 2"),
    (lambda: cost.parameter_count("64,10"), "The 'sizes' parameter of parameter_count must be a sequence"),
    (lambda: cost.prune_magnitude(np.ones(3), 1.5), r"The 'sparsity' parameter of prune_magnitude must be in"),
    (lambda: cost.quantize(np.ones(3), "int4"), "The 'dtype' parameter of quantize must be one of"),
    (lambda: cost.predict_training_memory((3, 2), 4, "adagrad"),
     "The 'optimizer' parameter of predict_training_memory must be one of"),
    (lambda: cost.model_bytes("mlp"), "The 'model' parameter of model_bytes must be a fitted"),
    (lambda: cost.csr_bytes(np.ones(3)), "The 'W' parameter of csr_bytes must be a matrix"),
])
def test_errors_name_the_parameter(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_figures_draw(render_strictly):
    from nnbasics.plotting import cost as figures

    X, y = _moons(60)
    model = MLPClassifier((6,), lr=0.02, n_epochs=10, random_state=0).fit(X, y)
    table = cost.compression_table(model, X, y, [0.0, 0.5, 0.9], ["float64", "int8"])
    live = figures.compression_figure(table)
    render_strictly(live, sparsity=0.5, dtype="int8")
    render_strictly(lambda: figures.plot_throughput([1, 4, 16], [10.0, 30.0, 90.0]))
    timing = cost.SparseTiming(np.array([0.0, 0.9]), np.ones(2), np.ones(2), np.array([2.0, 0.5]))
    render_strictly(lambda: figures.plot_sparse_timings(timing))
