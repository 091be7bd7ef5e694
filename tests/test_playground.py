"""Tests of nnbasics.playground: splits, snapshots, the grid of the live figure, widths, linear regions."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnbasics import playground as pg
from nnbasics.network import MLPClassifier
from nnbasics.plotting.boundaries import probability_grid


@pytest.fixture(scope="module")
def xor_data():
    return pg.make_split("xor", 80, rng=0)


def _net(data, hidden, activation, W, b, v, c):
    """A fitted classifier whose weights are then set by hand."""
    net = MLPClassifier(hidden, activation=activation, n_epochs=1, random_state=0).fit(data.X_train, data.y_train)
    net.layers_[0].params["W"][...] = W
    net.layers_[0].params["b"][...] = b
    net.layers_[1].params["W"][...] = v
    net.layers_[1].params["b"][...] = c
    return net


@pytest.mark.parametrize("name", ["xor", "circles", "moons", "spirals", "blobs"])
def test_make_split_is_seeded_stratified_and_uses_the_chapter_noise(name):
    a, b = pg.make_split(name, 120, rng=3), pg.make_split(name, 120, rng=3)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert a.X_train.shape == (90, 2) and a.X_test.shape == (30, 2)
    assert a.noise == pg.NOISE[name]
    assert a.y_test.sum() == 15                      # stratified: half of each class in the test part
    x0, x1, y0, y1 = a.bounds
    X = np.vstack([a.X_train, a.X_test])
    assert x0 < X[:, 0].min() and X[:, 0].max() < x1 and y0 < X[:, 1].min() and X[:, 1].max() < y1


def test_snapshots_are_the_network_at_those_epochs(xor_data):
    run = pg.train_snapshots(xor_data, (4,), "tanh", epochs=(3, 12), random_state=1, resolution=16)
    assert np.array_equal(run.train_loss, run.model.loss_curve_)
    assert np.array_equal(run.test_loss, run.model.eval_loss_curve_)
    assert np.array_equal(run.grids[1], probability_grid(run.model.predict_proba, xor_data.bounds, 16))
    # The same network trained for 3 epochs only: the same shuffles, so the same weights as the snapshot.
    early = MLPClassifier((4,), activation="tanh", lr=0.03, n_epochs=3, random_state=1).fit(
        xor_data.X_train, xor_data.y_train)
    assert np.array_equal(run.grids[0], probability_grid(early.predict_proba, xor_data.bounds, 16))
    assert run.test_accuracy[0] == np.mean(early.predict(xor_data.X_test) == xor_data.y_test)
    frame = run.frame(12.0)                          # as a slider passes it
    assert frame.epoch == 12 and isinstance(frame.epoch, int)
    assert frame.message is None and frame.label.startswith("4 tanh units, test acc.")


def test_a_diverged_run_warns_and_its_frames_explain_it(xor_data):
    # Cross-entropy grows only linearly with the logits: it takes an absurd step to overflow them.
    with pytest.warns(RuntimeWarning, match=r"Diverged at step \d+ \(epoch 1\)"):
        run = pg.train_snapshots(xor_data, (8,), "relu", epochs=(2, 60), optimizer="sgd", lr=1e200,
                                 resolution=8)
    assert run.diverged and "lr = 1e+200" in run.message and "overflowed" in run.message
    n_done = int(np.sum(np.isfinite(run.train_loss)))
    assert n_done < 60 and np.all(np.isinf(run.train_loss[n_done:]))
    frame = run.frame(60)
    assert "overflowed" in frame.message and "lr = 1e+200" in frame.message
    assert frame.label == "8 relu units, diverged"   # no accuracy for a network of NaNs
    assert not np.isfinite(run.grids).all()          # overflowed: drawn grey with the message


@pytest.mark.parametrize("kwargs, match", [
    ({"hidden": (0,)}, "'hidden' parameter of train_snapshots"),
    ({"hidden": "8"}, "'hidden' parameter of train_snapshots"),
    ({"epochs": (10, 5)}, "'epochs' parameter of train_snapshots must be a non-empty increasing"),
    ({"epochs": (0, 5)}, "'epochs' parameter of train_snapshots must be >= 1"),
    ({"activation": "relu6"}, "'activation' parameter of train_snapshots"),
])
def test_train_snapshots_rejects_bad_settings(xor_data, kwargs, match):
    with pytest.raises(ValueError, match=match):
        pg.train_snapshots(xor_data, **kwargs)


def test_train_snapshots_needs_a_split():
    with pytest.raises(TypeError, match="'data' parameter of train_snapshots must be a PlaygroundData"):
        pg.train_snapshots(np.zeros((4, 2)))


def test_frame_needs_a_snapshot_epoch(xor_data):
    run = pg.train_snapshots(xor_data, (), epochs=(2, 4), resolution=4)
    with pytest.raises(ValueError, match=r"one of \[2, 4\]\. Got 3 instead"):
        run.frame(3)


def test_train_grid_trains_each_network_once_and_renders(render_strictly):
    grid = pg.train_grid(["xor", "circles"], [(), (3,)], ["relu", "tanh"], epochs=(2, 10), n_samples=60,
                         resolution=8)
    assert grid.n_frames == 2 * 2 * 2 * 2
    assert len({id(run) for run in grid.runs.values()}) == 2 * 3   # the linear model is shared
    assert grid.run("circles", (3,), "tanh").activation == "tanh"
    fig = render_strictly(grid.render(), dataset="circles", hidden=(3,), activation="relu", epoch=10)
    assert fig.axes[0].get_title().startswith("circles, 3 relu units, test acc.")
    with pytest.raises(ValueError, match="among those trained"):
        grid.run("xor", (8,), "relu")


def test_width_needed_tries_every_width_and_counts_the_seeds():
    search = pg.width_needed("circles", [1, 8, 16], seeds=[0, 1, 2], n_samples=120)
    assert search.widths == (1, 8, 16) and search.test_accuracy.shape == (3, 3)
    assert search.reached().tolist() == np.sum(search.test_accuracy >= 0.95, axis=1).tolist()
    assert search.reached()[0] <= 1 and search.reached()[1] >= 2 and search.needed == 8
    assert search.summary() == ", ".join(f"{w}: {k}/3" for w, k in zip((1, 8, 16), search.reached()))
    data = pg.make_split("circles", 120, rng=2)      # each entry is the network of that width and seed
    net = MLPClassifier((8,), lr=0.03, n_epochs=100, random_state=2).fit(data.X_train, data.y_train)
    assert search.test_accuracy[1, 2] == net.score(data.X_test, data.y_test)


def test_width_needed_says_none_when_no_width_suffices():
    search = pg.width_needed("spirals", [1, 2], seeds=[0], n_epochs=20, n_samples=80)
    assert search.needed is None and search.widths == (1, 2)


def test_width_needed_rejects_empty_widths():
    with pytest.raises(ValueError, match="'widths' parameter of width_needed must hold at least one value"):
        pg.width_needed("xor", [])


def test_a_run_whose_loss_rises_far_above_a_guess_is_flagged_without_diverging():
    circles = pg.make_split("circles", 200, rng=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                # it does not overflow: no warning from the loop
        wild = pg.train_snapshots(circles, (8,), "relu", epochs=(1, 20), optimizer="sgd", lr=300.0, resolution=4)
    limit = pg.ROSE_FACTOR * np.log(2)
    assert not wild.diverged and wild.rose and wild.train_loss.max() > limit
    assert wild.rose_epoch == 1 + int(np.argmax(wild.train_loss > limit))
    assert "training loss rose to" in wild.frame(20).message
    calm = pg.train_snapshots(circles, (8,), "relu", epochs=(1, 20), resolution=4)
    assert not calm.rose and calm.rose_epoch is None and calm.frame(20).message is None


@pytest.mark.parametrize("y, expected", [([0, 1], np.log(2)), ([0, 0, 0, 1], -0.75 * np.log(0.75) - 0.25 * np.log(0.25)),
                                         ([1, 1], 0.0)])
def test_guess_loss_is_the_entropy_of_the_labels(y, expected):
    assert pg.guess_loss(y) == pytest.approx(expected, rel=1e-12)


def test_best_line_accuracy_is_exact_on_small_cases():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    assert pg.best_line_accuracy(X, [0, 0, 1, 1]) == 0.75            # XOR: three of four at best
    assert pg.best_line_accuracy(X, [1, 1, 0, 0], n_angles=4) == 0.75
    assert pg.best_line_accuracy(X, [0, 1, 0, 1]) == 1.0              # x2 > 1/2 separates
    assert pg.best_line_accuracy([[0.0, 0.0], [0.0, 0.0]], [0, 1]) == 0.5   # equal points cannot be split
    with pytest.raises(ValueError, match="'y' parameter of best_line_accuracy must be labels in"):
        pg.best_line_accuracy(X, [0, 1, 2, 1])


def test_best_line_beats_or_equals_any_given_line():
    data = pg.make_split("circles", 200, rng=0)
    best = pg.best_line_accuracy(data.X_train, data.y_train)
    for w, c in [((1.0, 0.0), 0.5), ((0.3, -1.0), 0.1), ((-1.0, 0.2), -0.6)]:
        acc = np.mean((data.X_train @ np.array(w) > c) == data.y_train)
        assert best >= max(acc, 1 - acc)
    assert best < 0.8                                # circles: no line gets far


def test_exact_linear_regions_agree_with_a_fine_grid(xor_data):
    k = 5
    angles = np.pi * np.arange(k) / k + 0.1
    W = np.vstack([np.cos(angles), np.sin(angles)])
    b = np.array([0.3, -0.7, 0.9, -0.2, 0.5])
    net = _net(xor_data, (k,), "relu", W=W, b=b, v=np.ones((k, 1)), c=np.zeros(1))
    assert pg.linear_regions(net) == pg.max_linear_regions(k) == 16
    for window in [(-6, 6, -6, 6), (-1, 1, -1, 1), (0.0, 2.0, -0.5, 0.5)]:
        assert pg.linear_regions(net, window) == pg.count_linear_regions(net, window, 512)
    parallel = _net(xor_data, (2,), "relu", W=np.array([[1.0, 1.0], [0.0, 0.0]]), b=np.array([0.0, -0.5]),
                    v=np.ones((2, 1)), c=np.zeros(1))
    assert pg.linear_regions(parallel) == 3       # two parallel lines: three strips, not four


def test_linear_regions_needs_one_layer_and_a_window(xor_data):
    deep = MLPClassifier((3, 3), n_epochs=1, random_state=0).fit(xor_data.X_train, xor_data.y_train)
    with pytest.raises(ValueError, match="one hidden layer on two inputs. Got 2 hidden layers"):
        pg.linear_regions(deep)
    flat = MLPClassifier((3,), n_epochs=1, random_state=0).fit(xor_data.X_train, xor_data.y_train)
    with pytest.raises(ValueError, match="x1_min < x1_max"):
        pg.linear_regions(flat, (1, 0, 0, 1))


def test_regions_of_a_hand_made_relu_network(xor_data):
    # Units 1 and 2 switch on across x1 = 0 and x2 = 0: the square is cut into 4 quadrants.
    net = _net(xor_data, (2,), "relu", W=np.eye(2), b=np.zeros(2), v=np.ones((2, 1)), c=np.zeros(1))
    assert pg.count_linear_regions(net, (-1, 1, -1, 1), 64) == 4 == pg.max_linear_regions(2)
    X = np.array([[0.5, -0.5], [-0.5, 0.5]])
    assert pg.activation_patterns(net, X).tolist() == [[True, False], [False, True]]


def test_max_linear_regions_is_reached_by_lines_in_general_position(xor_data):
    k = 5
    angles = np.pi * np.arange(k) / k           # no two lines parallel, no three through one point
    W = np.vstack([np.cos(angles), np.sin(angles)])
    b = np.array([0.3, -0.7, 0.9, -0.2, 0.5])
    net = _net(xor_data, (k,), "relu", W=W, b=b, v=np.ones((k, 1)), c=np.zeros(1))
    assert pg.count_linear_regions(net, (-6, 6, -6, 6), 512) == pg.max_linear_regions(k) == 16


def test_line_profile_counts_the_kinks_of_relu_and_sees_tanh_curve(xor_data):
    W = np.array([[1.0, 1.0], [0.0, 0.0]])       # pre-activations x1 and x1 - 0.5: kinks at x1 = 0 and 0.5
    b = np.array([0.0, -0.5])
    v = np.array([[1.0], [-3.0]])
    relu = _net(xor_data, (2,), "relu", W, b, v, np.zeros(1))
    profile = pg.line_profile(relu, [-1.0, 0.3], [1.0, 0.3], n_points=2001)
    assert profile.n_pieces == 3
    expected = np.maximum(profile.t * 2 - 1, 0) - 3 * np.maximum(profile.t * 2 - 1.5, 0)
    assert np.allclose(profile.logit, expected)
    assert 0 < profile.curved_fraction <= 4 / 1999
    tanh = _net(xor_data, (2,), "tanh", W, b, v, np.zeros(1))
    assert pg.line_profile(tanh, [-1.0, 0.3], [1.0, 0.3]).curved_fraction > 0.9


def test_linear_regions_need_a_relu_network(xor_data):
    net = MLPClassifier((3,), activation="tanh", n_epochs=1, random_state=0).fit(xor_data.X_train,
                                                                              xor_data.y_train)
    with pytest.raises(ValueError, match="must be a ReLU network.*Got activation 'tanh'"):
        pg.count_linear_regions(net, (-1, 1, -1, 1))
    with pytest.raises(ValueError, match="must be a fitted MLPClassifier"):
        pg.activation_patterns(object(), [[0.0, 0.0]])


def test_nothing_is_printed_or_warned_on_a_normal_run(xor_data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pg.train_snapshots(xor_data, (2,), "sigmoid", epochs=(1, 3), resolution=4)


@pytest.mark.parametrize("alpha", [3.0, 10.0])
def test_a_strong_l2_penalty_is_not_flagged_as_a_rising_loss(alpha):
    # The penalised loss of a strongly regularised run starts far above a blind guess and falls steadily:
    # nothing is failing, and the check, which reads the data loss alone, must not say otherwise.
    moons = pg.make_split("moons", 230, 0.3, test_size=200 / 230, rng=0)
    run = pg.train_snapshots(moons, (32, 32), "relu", epochs=(30,), lr=0.01, alpha=alpha, resolution=4)
    limit = pg.ROSE_FACTOR * pg.guess_loss(moons.y_train)
    assert run.train_loss[0] > limit                       # the penalised loss is above the limit ...
    assert not run.rose and run.rose_epoch is None and run.frame(30).message is None
    assert run.train_data_loss.max() < limit               # ... the data loss never is


def test_the_recorded_training_data_loss_is_the_cross_entropy_without_the_penalty():
    circles = pg.make_split("circles", 100, rng=0)
    run = pg.train_snapshots(circles, (8,), "relu", epochs=(3,), alpha=1.0, resolution=4)
    proba = run.model.predict_proba(circles.X_train)[np.arange(len(circles.y_train)), circles.y_train]
    assert run.train_data_loss.shape == (3,)
    assert run.train_data_loss[-1] == pytest.approx(-np.mean(np.log(proba)), rel=1e-12)
    assert run.train_data_loss[-1] < run.train_loss[-1]    # the L2 term is left out


@pytest.mark.parametrize("optimizer, lr, n_epochs", [("sgd", 1e12, 100), ("sgd", 1e14, 20), ("adam", 1e12, 20)])
def test_a_run_stopped_for_a_loss_above_max_loss_ends_with_its_message(optimizer, lr, n_epochs):
    # Between the rates that train and those that overflow, the loop stops on a finite loss above max_loss,
    # recorded for that epoch: the snapshot's curves must keep it, the test loss of the same epoch with it.
    circles = pg.make_split("circles", 200, rng=0)
    with pytest.warns(RuntimeWarning, match=r"Diverged after epoch \d+: the training loss grew to .* max_loss"):
        run = pg.train_snapshots(circles, (8,), "relu", epochs=(n_epochs,), optimizer=optimizer, lr=lr,
                                 resolution=4)
    assert run.diverged and "above max_loss" in run.message
    n_done = int(np.sum(np.isfinite(run.train_loss)))
    assert 0 < n_done < n_epochs and run.train_loss[n_done - 1] > 1e12
    assert np.array_equal(run.test_loss[:n_done], run.model.eval_loss_curve_)
    assert np.all(np.isinf(run.test_loss[n_done:])) and np.all(np.isinf(run.train_loss[n_done:]))
    assert run.train_data_loss[n_done - 1] == pytest.approx(run.train_loss[n_done - 1], rel=1e-12)  # alpha = 0
    assert "max_loss" in run.frame(n_epochs).message


def test_the_training_data_loss_is_exact_for_confident_mistakes():
    # At lr = 300 the logits grow far beyond 37, where 1 - sigmoid(z) rounds to 0 in float64: the recorded
    # loss must be the model's own (stable, from the logits), not -log of a probability clipped at tiny.
    circles = pg.make_split("circles", 200, rng=0)
    run = pg.train_snapshots(circles, (8,), "relu", epochs=(20,), optimizer="sgd", lr=300.0, resolution=4)
    hidden, out = run.model.layers_
    Z = (np.maximum(circles.X_train @ hidden.W + hidden.b, 0.0) @ out.W + out.b)[:, 0]
    assert np.abs(Z).max() > 40                      # the regime where the clipped probability fails
    np.testing.assert_allclose(run.train_data_loss, run.train_loss, rtol=1e-12)   # alpha = 0: the same loss
    y = circles.y_train
    exact = np.mean(np.logaddexp(0.0, Z) - y * Z)   # log(1 + e^z) - y z, the cross-entropy of the logit
    assert run.train_data_loss[-1] == pytest.approx(exact, rel=1e-12)
