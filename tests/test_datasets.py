"""nnbasics.datasets: the playground's two-class generators, the split and the hand-made features."""

from __future__ import annotations

import numpy as np
import pytest

from nnbasics import datasets


@pytest.mark.parametrize("name", datasets.DATASETS)
@pytest.mark.parametrize("n_samples", [7, 200])
def test_generators_return_balanced_shuffled_float_points_and_int_labels(name, n_samples):
    X, y = datasets.get_dataset(name, n_samples=n_samples, noise=0.2, rng=3)
    assert X.shape == (n_samples, 2) and X.dtype == np.float64
    assert y.shape == (n_samples,) and y.dtype.kind == "i"
    assert set(np.unique(y)) == {0, 1}
    if name != "xor":  # xor balances its four corners, the others their two classes
        assert int(np.sum(y == 0)) == n_samples // 2
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", datasets.DATASETS)
def test_generators_are_seeded_and_the_seed_matters(name):
    X1, y1 = datasets.get_dataset(name, rng=5)
    X2, y2 = datasets.get_dataset(name, rng=5)
    X3, _ = datasets.get_dataset(name, rng=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", datasets.DATASETS)
def test_noise_is_the_standard_deviation_added_to_each_coordinate(name):
    # Same seed, with and without noise: the difference is the noise itself.
    clean, y_clean = datasets.get_dataset(name, n_samples=4000, noise=0.0, rng=1)
    noisy, y_noisy = datasets.get_dataset(name, n_samples=4000, noise=0.3, rng=1)
    np.testing.assert_array_equal(y_clean, y_noisy)
    assert np.std(noisy - clean) == pytest.approx(0.3, rel=0.05)


def test_noiseless_shapes():
    X, y = datasets.xor(40, rng=0)
    assert {tuple(p) for p in X} == {(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)}
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))
    X, y = datasets.circles(100, noise=0.0, factor=0.3, rng=0)
    np.testing.assert_allclose(np.hypot(*X.T), np.where(y == 0, 1.0, 0.3))
    X, y = datasets.moons(100, noise=0.0, rng=0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1.0, X[y == 1, 1] - 0.5), 1.0)
    assert np.all(X[y == 0, 1] >= 0) and np.all(X[y == 1, 1] <= 0.5)
    X, y = datasets.spirals(100, noise=0.0, turns=1.0, rng=0)
    radius, angle = np.hypot(*X.T), np.arctan2(X[:, 1], X[:, 0])
    expected = 2 * np.pi * (radius - 0.1) / 0.9 + np.pi * y  # theta = 2 pi turns s + pi y
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-12)
    X, y = datasets.blobs(10, noise=0.0, distance=4.0, rng=0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1][0] - X[y == 0][0]), 4.0)


def test_xor_default_is_still_the_truth_table():
    X, y = datasets.xor()
    assert X.tolist() == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] and y.tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize("stratify", [True, False])
def test_train_test_split_partitions_the_rows(stratify):
    X, y = datasets.get_dataset("moons", n_samples=101, rng=0)
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, 0.3, stratify=stratify, rng=2)
    assert len(X_train) + len(X_test) == 101 and len(y_train) == len(X_train)
    rows = {tuple(r): label for r, label in zip(X, y)}
    together = np.vstack([X_train, X_test])
    assert sorted(map(tuple, together)) == sorted(rows)                  # every row exactly once
    assert all(rows[tuple(r)] == label for r, label in zip(together, np.concatenate([y_train, y_test])))
    if stratify:
        assert int(np.sum(y_test == 0)) == round(0.3 * 50) and int(np.sum(y_test == 1)) == round(0.3 * 51)


def test_hand_features_make_circles_linearly_separable():
    X, y = datasets.circles(300, noise=0.0, rng=0)
    r2 = datasets.hand_features(X, ["x1^2", "x2^2"]).sum(axis=1)      # x1^2 + x2^2 = r^2
    assert r2[y == 1].max() < r2[y == 0].min()
    np.testing.assert_allclose(datasets.hand_features([[0.5, -2.0]], list(datasets.FEATURES)),
                               [[0.5, -2.0, 0.25, 4.0, -1.0, np.sin(0.5), np.sin(-2.0)]])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [(lambda: datasets.get_dataset("spiral"), ValueError,
      r"'name' parameter of get_dataset must be one of 'xor', 'circles', 'moons', 'spirals', 'blobs'\. Got 'spiral'"),
     (lambda: datasets.get_dataset("moons", factor=0.2), TypeError, r"only hold parameters of 'moons' \(accepted: none\)"),
     (lambda: datasets.circles(10, factor=1.5), ValueError, r"'factor' parameter of circles must be in the range \(0, 1\)"),
     (lambda: datasets.spirals(10, noise=-0.1), ValueError, r"'noise' parameter of spirals must be >= 0\. Got -0.1"),
     (lambda: datasets.xor(3), ValueError, r"'n_samples' parameter of xor must be >= 4\. Got 3"),
     (lambda: datasets.blobs(10.5), TypeError, r"'n_samples' parameter of blobs must be an integer"),
     (lambda: datasets.train_test_split(np.zeros((4, 2)), np.zeros(3, int)), ValueError,
      r"'y' parameter of train_test_split must be an integer array of shape \(4,\)"),
     (lambda: datasets.train_test_split(np.zeros((4, 2)), np.arange(4), 0.01), ValueError,
      r"'test_size' parameter of train_test_split must leave at least one point in each part"),
     (lambda: datasets.train_test_split(np.zeros((4, 2)), np.arange(4), 1.0), ValueError,
      r"'test_size' parameter of train_test_split must be in the range \(0, 1\)"),
     (lambda: datasets.hand_features(np.zeros((3, 3))), ValueError, r"'X' parameter of hand_features must have 2 columns"),
     (lambda: datasets.hand_features(np.zeros((3, 2)), ["x3"]), ValueError, r"'names' parameter of hand_features must be one of"),
     (lambda: datasets.hand_features(np.zeros((3, 2)), "x1"), ValueError, r"non-empty sequence of feature names")],
)
def test_bad_input_names_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
