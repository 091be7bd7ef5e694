r"""The playground: small classifiers on two-dimensional data, trained once, kept as snapshots, measured.

Introduced in: the playground chapter (book/playground.ipynb).

TensorFlow Playground trains a network in the browser while you watch. The book's pages have no Python
behind them, so this module trains every network of the chapter's figure *once*, with
:class:`~nnbasics.network.MLPClassifier`, and keeps what the figure needs: at a few snapshot epochs the
probability map :math:`p(y = 1 \mid x)` on a grid (:func:`~nnbasics.plotting.boundaries.probability_grid`),
and the train and test loss after every epoch. The figure
(:func:`~nnbasics.plotting.boundaries.boundary_render`) then only looks frames up.

* :func:`make_split` draws a data set of :data:`nnbasics.datasets.DATASETS` and splits it;
* :func:`train_snapshots` trains one network on a split and keeps its snapshots (:class:`Snapshots`);
* :func:`train_grid` does it for every data set :math:`\times` hidden layers :math:`\times` activation
  (:class:`PlaygroundGrid`, whose :meth:`~PlaygroundGrid.render` is the live figure's render);
* :func:`width_needed` counts, for each width of one hidden layer, the seeds that reach a test accuracy;
* :func:`best_line_accuracy` is the best any straight boundary can do (what a linear model could reach);
* :func:`activation_patterns`, :func:`linear_regions`, :func:`count_linear_regions` and
  :func:`line_profile` measure what a ReLU network's boundary is made of: linear pieces, one per pattern
  of active units.

A network with one hidden layer of :math:`k` units computes the logit

.. math::

    z(x) = \sum_{k} v_k\, a_k(x) + c, \qquad a_k(x) = f(x_1 W_{1k} + x_2 W_{2k} + b_k),

and :math:`p(y = 1 \mid x) = \sigma(z(x))`. With :math:`f = \operatorname{ReLU}` each :math:`a_k` is 0 on
one side of the line :math:`x W_{:k} + b_k = 0` and linear on the other, so :math:`z` is linear wherever
the set of active units stays the same: the plane is cut by :math:`k` lines into at most
:math:`1 + k + \binom{k}{2}` such regions, and the boundary :math:`z = 0` is a polygon. With
:math:`f = \tanh` or the sigmoid, :math:`z` is curved everywhere.

References
----------
D. Smilkov and S. Carter, TensorFlow Playground, https://playground.tensorflow.org (2016).

G. Montúfar, R. Pascanu, K. Cho and Y. Bengio, "On the number of linear regions of deep neural
networks", NeurIPS 2014.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import comb
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, check_choice, check_rng, check_scalar, describe
from .activations import ACTIVATIONS
from .datasets import DATASETS, get_dataset, train_test_split
from .network import MLPClassifier
from .plotting.boundaries import BoundaryData, BoundaryFrame, _grid_points, boundary_render, grid_bounds, \
    probability_grid
from .plotting import Layered
from .training import MAX_LOSS

__all__ = [
    "NOISE", "ROSE_FACTOR", "PlaygroundData", "PlaygroundGrid", "Snapshots", "WidthSearch", "activation_patterns",
    "best_line_accuracy", "count_linear_regions", "guess_loss", "hidden_label", "line_profile", "linear_regions",
    "LineProfile", "make_split", "max_linear_regions", "train_grid", "train_snapshots", "width_needed",
]

#: The noise (standard deviation added to each coordinate) of each data set in the chapter: enough that
#: the classes touch a little, not so much that a perfect test score is impossible.
NOISE: dict[str, float] = {"xor": 0.15, "circles": 0.1, "moons": 0.15, "spirals": 0.1, "blobs": 0.3}

#: A run whose training loss climbs above ``ROSE_FACTOR`` times :func:`guess_loss` (the loss of a network
#: that learned nothing, where a freshly initialised one starts) has gone wrong without overflowing: the
#: steps are too large. Ordinary runs rise at most a little above it in their first epochs (1.2 times in
#: the chapter's grid); twice is far outside that.
ROSE_FACTOR: float = 2.0


def guess_loss(y: ArrayLike) -> float:
    r"""The cross-entropy of a blind guess: :math:`p(y = 1 \mid x) = \bar y`, the share of class 1, everywhere.

    Introduced in: the playground chapter.

    .. math::

        H(\bar y) = -\bar y \ln \bar y - (1 - \bar y) \ln (1 - \bar y),

    :math:`\ln 2` for balanced classes: the loss of a network that has learned nothing, and about where a
    network with small random weights starts.

    Examples
    --------
    >>> round(guess_loss([0, 1, 0, 1]), 4), round(guess_loss([0, 0, 0, 1]), 4)
    (0.6931, 0.5623)
    """
    y = as_float_array(y, "y", "guess_loss", ndim=1)
    if y.size == 0 or not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"The 'y' parameter of guess_loss must be a non-empty array of labels in {{0, 1}}. "
                         f"Got {y.size} values, among them {sorted(set(y.tolist()))[:4]} instead.")
    share = float(np.mean(y))
    return float(-sum(q * np.log(q) for q in (share, 1.0 - share) if q > 0))


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PlaygroundData:
    """One data set of the playground, split into a training and a test part.

    Attributes
    ----------
    name : str
    noise : float
    X_train, X_test : ndarray of shape (n, 2)
    y_train, y_test : ndarray of shape (n,)
    bounds : (x1_min, x1_max, x2_min, x2_max)
        The plane the figures show, around all the points.
    """

    name: str
    noise: float
    X_train: NDArray[np.float64]
    X_test: NDArray[np.float64]
    y_train: NDArray[np.int64]
    y_test: NDArray[np.int64]
    bounds: tuple[float, float, float, float]

    def boundary_data(self, n_epochs: int, loss_limits: tuple[float, float] = (0.001, 3.0)) -> BoundaryData:
        """The points and plane of a decision-boundary figure whose loss axis runs to ``n_epochs``.

        ``loss_limits`` is the ``(low, high)`` of the logarithmic loss axis, ``0 < low < high``.
        """
        owner = "PlaygroundData.boundary_data"
        n_epochs = check_scalar(n_epochs, "n_epochs", owner, low=1, integer=True)
        if isinstance(loss_limits, (str, bytes)) or not isinstance(loss_limits, (Sequence, np.ndarray)) \
                or len(loss_limits) != 2:
            raise TypeError(f"The 'loss_limits' parameter of {owner} must be a pair (low, high). "
                            f"Got {describe(loss_limits)} instead.")
        low = check_scalar(loss_limits[0], "loss_limits", owner, low=0, include_low=False)
        high = check_scalar(loss_limits[1], "loss_limits", owner, low=low, include_low=False)
        return BoundaryData(self.X_train, self.y_train, self.X_test, self.y_test, self.bounds, n_epochs,
                            (low, high), name=self.name)


def make_split(name: str, n_samples: int = 200, noise: float | None = None, *, test_size: float = 0.25,
               rng: np.random.Generator | int | None = 0) -> PlaygroundData:
    r"""Draw the data set ``name`` (:func:`~nnbasics.datasets.get_dataset`) and split it into train and test.

    Introduced in: the playground chapter.

    Parameters
    ----------
    name : str
        One of :data:`nnbasics.datasets.DATASETS`.
    n_samples : int, default=200
    noise : float, optional
        Default: :data:`NOISE` of the data set.
    test_size : float, default=0.25
        Fraction held out for testing (stratified).
    rng : numpy.random.Generator, int or None, default=0
        Source of the points and of the split.

    Examples
    --------
    >>> data = make_split("circles", 100, rng=0)
    >>> data.X_train.shape, data.X_test.shape, data.noise    # 12 of each class held out
    ((76, 2), (24, 2), 0.1)
    """
    return _make_split(name, n_samples, noise, test_size, rng, "make_split")


def _make_split(name: object, n_samples: object, noise: object, test_size: object, rng: object, owner: str
                ) -> PlaygroundData:
    """:func:`make_split`, its checks naming ``owner``, the function the user called."""
    name = check_choice(name, "name", owner, DATASETS)
    n_samples = check_scalar(n_samples, "n_samples", owner, low=2, integer=True)
    noise = NOISE[name] if noise is None else check_scalar(noise, "noise", owner, low=0)
    test_size = check_scalar(test_size, "test_size", owner, low=0, high=1, include_low=False,
                             include_high=False)
    rng = check_rng(rng, "rng", owner)
    X, y = get_dataset(name, n_samples, noise, rng=rng)
    try:
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size, rng=rng)
    except ValueError as exc:  # the only check left: a part would be empty
        raise ValueError(f"The 'test_size' parameter of {owner} must leave at least one point in each part. "
                         f"Got {test_size!r} for n_samples = {n_samples} instead.") from exc
    return PlaygroundData(name, float(noise), X_train, X_test, y_train, y_test, grid_bounds(X))


def _check_hidden(hidden: Any, owner: str) -> tuple[int, ...]:
    sizes = (hidden,) if isinstance(hidden, numbers.Integral) and not isinstance(hidden, (bool, np.bool_)) \
        else hidden
    if not isinstance(sizes, (tuple, list)):
        raise ValueError(f"The 'hidden' parameter of {owner} must be a tuple of positive integers (units per "
                         f"hidden layer; () for none). Got {describe(hidden)} instead.")
    return tuple(check_scalar(h, "hidden", owner, low=1, integer=True) for h in sizes)


def _check_sequence(values: Any, name: str, owner: str, example: str) -> Sequence[Any]:
    """A non-empty list, tuple or 1-D array of values (not a string, whose letters would be taken one by one)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise TypeError(f"The '{name}' parameter of {owner} must be a sequence such as {example}. "
                        f"Got {describe(values)} instead.")
    if len(values) == 0:
        raise ValueError(f"The '{name}' parameter of {owner} must hold at least one value, such as {example}. "
                         f"Got {describe(values)} instead.")
    return values


def _check_network_options(owner: str, random_state: object, **options: Any) -> None:
    """The :class:`~nnbasics.network.MLPClassifier` options a function passes on, checked as its own."""
    check_rng(random_state, "random_state", owner)
    model = MLPClassifier(**options)
    model._check_hyperparameters(owner)
    model._make_optimizer(owner)


def hidden_label(hidden: Sequence[int], activation: str) -> str:
    """How the chapter names a network: ``"linear (no hidden layer)"``, ``"8 relu units"``, ``"8-8 tanh"``.

    Examples
    --------
    >>> hidden_label((), "relu"), hidden_label((1,), "tanh"), hidden_label((8, 8), "relu")
    ('linear (no hidden layer)', '1 tanh unit', '8-8 relu units')
    """
    hidden = _check_hidden(hidden, "hidden_label")
    activation = check_choice(activation, "activation", "hidden_label", ACTIVATIONS)
    if not hidden:
        return "linear (no hidden layer)"
    units = "unit" if tuple(hidden) == (1,) else "units"
    return f"{'-'.join(str(h) for h in hidden)} {activation} {units}"


# --------------------------------------------------------------------------------------------------
# One network, its snapshots
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Snapshots:
    r"""A network trained on a :class:`PlaygroundData`, with its probability map at a few epochs.

    Made by :func:`train_snapshots`.

    Attributes
    ----------
    data : PlaygroundData
    hidden : tuple of int
        Units per hidden layer (``()``: a linear model, logistic regression).
    activation : str
    epochs : tuple of int
        The snapshot epochs.
    grids : ndarray of shape (len(epochs), resolution, resolution)
        :math:`p(y = 1 \mid x)` on the grid over ``data.bounds`` at each snapshot epoch (after a divergence:
        that of the network where training stopped; NaN where it overflowed).
    train_accuracy, test_accuracy : ndarray of shape (len(epochs),)
        Accuracy at each snapshot epoch.
    train_loss, test_loss : ndarray of shape (n_epochs,)
        Cross-entropy after every epoch; ``inf`` after the last epoch the loop recorded (a diverged run
        records the loss above ``max_loss`` that stopped it, not an overflowed one).
    model : MLPClassifier
        The network at the end of training.
    diverged : bool
        The training loop stopped on a divergence (:attr:`nnbasics.training.History.diverged`): the numbers
        overflowed, or the training loss grew above :data:`nnbasics.training.MAX_LOSS`.
    message : str
        The training loop's account of the run (:attr:`nnbasics.training.History.message`).
    rose : bool
        The training data loss (:attr:`train_data_loss`, without the L2 term) climbed above
        :data:`ROSE_FACTOR` times :func:`guess_loss` of the training labels (without overflowing, or before
        it): too large steps that the loop, which only detects overflow, does not flag. The frames from the
        first such epoch on say so. The L2 term is left out because a strong penalty starts far above a
        blind guess's loss without anything going wrong.
    train_data_loss : ndarray of shape (n_epochs,) or None
        Cross-entropy on the whole training set after every epoch, without the L2 term, evaluated
        explicitly (``inf`` from a divergence on); None in runs made without it, which then fall back to
        ``train_loss``.
    """

    data: PlaygroundData
    hidden: tuple[int, ...]
    activation: str
    epochs: tuple[int, ...]
    grids: NDArray[np.float64]
    train_accuracy: NDArray[np.float64]
    test_accuracy: NDArray[np.float64]
    train_loss: NDArray[np.float64]
    test_loss: NDArray[np.float64]
    model: Any
    diverged: bool
    message: str
    rose: bool = False
    train_data_loss: NDArray[np.float64] | None = None

    @property
    def _rose_curve(self) -> NDArray[np.float64]:
        """The curve the ``rose`` check reads: the data loss alone when it was recorded."""
        return self.train_loss if self.train_data_loss is None else self.train_data_loss

    @property
    def rose_epoch(self) -> int | None:
        """The first epoch whose training data loss is above :data:`ROSE_FACTOR` times the blind guess's, or None."""
        if not self.rose:
            return None
        limit = ROSE_FACTOR * guess_loss(self.data.y_train)
        return int(np.argmax(self._rose_curve > limit)) + 1

    @property
    def label(self) -> str:
        """What the network is, in words (:func:`hidden_label`)."""
        return hidden_label(self.hidden, self.activation)

    def frame(self, epoch: int) -> BoundaryFrame:
        """The decision-boundary frame at snapshot ``epoch``: the map, the losses up to it, the test accuracy."""
        return self._frame(epoch, "Snapshots.frame")

    def _frame(self, epoch: int, owner: str) -> BoundaryFrame:
        if check_scalar(epoch, "epoch", owner) not in self.epochs:  # 100.0 (from a slider) is the snapshot 100
            raise ValueError(f"The 'epoch' parameter of {owner} must be a snapshot epoch, one of "
                             f"{list(self.epochs)}. Got {epoch!r} instead.")
        k = self.epochs.index(epoch)
        epoch = self.epochs[k]
        n_done = int(np.sum(np.isfinite(self.train_loss)))
        # The loop stops after recording a loss above MAX_LOSS, or in the next epoch on an overflow.
        grew = self.diverged and n_done > 0 and self.train_loss[n_done - 1] > MAX_LOSS
        stopped = self.diverged and epoch >= (n_done if grew else n_done + 1)
        epochs = np.arange(1, self.train_loss.size + 1)
        message, label = None, f"{self.label}, test acc. {self.test_accuracy[k]:.2f}"
        if stopped:                           # the network where training stopped: its accuracy means nothing
            what = (f"after epoch {n_done}: the training loss grew to {self.train_loss[n_done - 1]:.3g}, above "
                    f"max_loss = {MAX_LOSS:g}" if grew else f"in epoch {n_done + 1}: the numbers overflowed")
            message, label = (f"Training stopped {what}. lr = {self.model.lr:g} is far too large; lower it."), \
                f"{self.label}, diverged"
        elif self.rose and epoch >= self.rose_epoch:
            top = float(np.max(self._rose_curve[:epoch]))
            message = (f"Not diverged, but failing: the training loss rose to {top:.3g}, over "
                       f"{ROSE_FACTOR:g} x the {guess_loss(self.data.y_train):.3g} of a blind guess. "
                       f"The steps are too large: lower lr = {self.model.lr:g}.")
        return BoundaryFrame(self.grids[k], epochs, self.train_loss, self.test_loss, epoch, label=label,
                             message=message)


def train_snapshots(
    data: PlaygroundData,
    hidden: Sequence[int] = (8,),
    activation: str = "relu",
    *,
    epochs: Sequence[int] = (5, 25, 150),
    lr: float = 0.03,
    alpha: float = 0.0,
    optimizer: str = "adam",
    batch_size: int = 32,
    random_state: np.random.Generator | int | None = 0,
    resolution: int = 64,
    dropout: float = 0.0,
) -> Snapshots:
    r"""Train one :class:`~nnbasics.network.MLPClassifier` on ``data`` for ``max(epochs)`` epochs; keep snapshots.

    Introduced in: the playground chapter.

    After each epoch in ``epochs`` the network's probability map on the ``resolution``
    :math:`\times` ``resolution`` grid over ``data.bounds`` and its accuracies are stored; after every epoch
    the train loss (``loss_curve_``, with the L2 term if ``alpha > 0``) and the test loss. If training
    diverges, the remaining snapshots show the network where it stopped, and the frames carry the loop's
    message.

    Parameters
    ----------
    data : PlaygroundData
    hidden : tuple of int, default=(8,)
        Units per hidden layer; ``()`` for a linear model.
    activation : str, default="relu"
        Any name of :data:`nnbasics.activations.ACTIVATIONS`.
    epochs : sequence of int, default=(5, 25, 150)
        Increasing snapshot epochs, each ``>= 1``.
    lr, alpha, optimizer, batch_size, random_state
        As for :class:`~nnbasics.network.MLPClassifier`.
    resolution : int, default=64
        Grid points per side of each map.
    dropout : float, default=0.0
        As for :class:`~nnbasics.network.MLPClassifier` (the overfitting chapter's widget varies it).

    Returns
    -------
    Snapshots

    Warns
    -----
    RuntimeWarning
        If training diverged (the estimator's warning, with the loop's explanation).

    Examples
    --------
    >>> run = train_snapshots(make_split("xor", 100, rng=0), (4,), "tanh", epochs=(2, 40), resolution=8)
    >>> run.grids.shape, run.train_loss.shape, run.label
    ((2, 8, 8), (40,), '4 tanh units')
    >>> float(run.test_accuracy[-1])
    1.0
    """
    return _train_snapshots(data, hidden, activation, epochs, lr, alpha, optimizer, batch_size, random_state,
                            resolution, "train_snapshots", dropout)


def _train_snapshots(data: Any, hidden: Any, activation: Any, epochs: Any, lr: Any, alpha: Any, optimizer: Any,
                     batch_size: Any, random_state: Any, resolution: Any, owner: str, dropout: Any = 0.0
                     ) -> Snapshots:
    """:func:`train_snapshots`, its checks naming ``owner``, the function the user called."""
    if not isinstance(data, PlaygroundData):
        raise TypeError(f"The 'data' parameter of {owner} must be a PlaygroundData (from make_split). "
                        f"Got {type(data).__name__} instead.")
    hidden = _check_hidden(hidden, owner)
    activation = check_choice(activation, "activation", owner, ACTIVATIONS)
    snapshot_epochs = tuple(check_scalar(e, "epochs", owner, low=1, integer=True)
                            for e in _check_sequence(epochs, "epochs", owner, "(5, 25, 150)"))
    if not snapshot_epochs or any(b <= a for a, b in zip(snapshot_epochs, snapshot_epochs[1:])):
        raise ValueError(f"The 'epochs' parameter of {owner} must be a non-empty increasing sequence of "
                         f"epochs. Got {tuple(epochs)!r} instead.")
    resolution = check_scalar(resolution, "resolution", owner, low=2, integer=True)
    n_epochs = snapshot_epochs[-1]
    _check_network_options(owner, random_state, optimizer=optimizer, lr=lr, alpha=alpha, batch_size=batch_size,
                           dropout=dropout)
    model = MLPClassifier(hidden, activation=activation, optimizer=optimizer, lr=lr, alpha=alpha,
                          batch_size=batch_size, n_epochs=n_epochs, random_state=random_state, dropout=dropout)
    kept: dict[int, tuple[NDArray[np.float64], float, float]] = {}
    data_loss = np.full(n_epochs, np.inf)      # the training cross-entropy without the L2 term, per epoch

    def keep(epoch: int, net: MLPClassifier) -> None:
        kept[epoch] = _snapshot(net, data, resolution)

    def callback(epoch: int, net: MLPClassifier) -> bool:
        data_loss[epoch - 1] = _cross_entropy(net, data.X_train, data.y_train)
        if epoch in snapshot_epochs:
            keep(epoch, net)
        return False

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        model.fit(data.X_train, data.y_train, eval_set=(data.X_test, data.y_test), callback=callback)
    if model.diverged_:
        last = _snapshot(model, data, resolution)      # where training stopped
        for epoch in snapshot_epochs:
            kept.setdefault(epoch, last)
    for w in caught:                                    # passed on: a diverged run is never silent
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    train_loss = np.full(n_epochs, np.inf)
    test_loss = np.full(n_epochs, np.inf)
    n_done = len(model.loss_curve_)               # fit gives eval_loss_curve_ the same length
    train_loss[:n_done] = model.loss_curve_
    test_loss[:n_done] = model.eval_loss_curve_
    if n_done and model.diverged_ and not np.isfinite(data_loss[n_done - 1]):
        # stopped for a loss above max_loss: that epoch is recorded, but the callback was not called
        data_loss[n_done - 1] = _cross_entropy(model, data.X_train, data.y_train)
    grids, train_acc, test_acc = zip(*(kept[e] for e in snapshot_epochs))
    data_loss[n_done:] = np.inf
    rose = bool(np.any(data_loss[:n_done] > ROSE_FACTOR * guess_loss(data.y_train)))
    return Snapshots(data, hidden, activation, snapshot_epochs, np.array(grids), np.array(train_acc),
                     np.array(test_acc), train_loss, test_loss, model, bool(model.diverged_),
                     model.history_.message, rose, data_loss)


def _snapshot(model: MLPClassifier, data: PlaygroundData, resolution: int
              ) -> tuple[NDArray[np.float64], float, float]:
    """The probability grid and the train and test accuracies of ``model`` now."""
    with np.errstate(over="ignore", invalid="ignore"):   # a diverged network: NaN, drawn grey
        grid = probability_grid(model.predict_proba, data.bounds, resolution)
        return grid, _accuracy(model, data.X_train, data.y_train), _accuracy(model, data.X_test, data.y_test)


def _cross_entropy(model: MLPClassifier, X: NDArray[np.float64], y: NDArray[np.int64]) -> float:
    """The mean cross-entropy of ``model`` on ``(X, y)``, without any penalty (``inf`` if it overflowed).

    The model's own training loss, computed from the logits: -log of ``predict_proba`` would be wrong for
    confident mistakes, where 1 - sigmoid(z) rounds to 0 once z > 37 or so.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        loss = float(model._data_loss(X, model._encode(y)))   # X, y: the checked training data
    return loss if np.isfinite(loss) else np.inf


def _accuracy(model: MLPClassifier, X: NDArray[np.float64], y: NDArray[np.int64]) -> float:
    return float(np.mean(model.predict(X) == y))


# --------------------------------------------------------------------------------------------------
# The grid of the live figure
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PlaygroundGrid:
    """Every network of the playground figure, trained once: data set x hidden layers x activation.

    Made by :func:`train_grid`. A linear model (``hidden=()``) has no activation; it is trained once per
    data set and shared by every activation.

    Attributes
    ----------
    data : dict of str to PlaygroundData
    runs : dict of (dataset, hidden, activation) to Snapshots
    epochs : tuple of int
        The snapshot epochs (the figure's epoch slider).
    """

    data: dict[str, PlaygroundData]
    runs: dict[tuple[str, tuple[int, ...], str], Snapshots]
    epochs: tuple[int, ...]
    hidden: tuple[tuple[int, ...], ...] = field(default=())
    activations: tuple[str, ...] = field(default=())

    def run(self, dataset: str, hidden: Sequence[int], activation: str) -> Snapshots:
        """The trained network for these settings."""
        return self._run(dataset, hidden, activation, "PlaygroundGrid.run")

    def _run(self, dataset: str, hidden: Sequence[int], activation: str, owner: str) -> Snapshots:
        check_choice(dataset, "dataset", owner, tuple(self.data))
        hidden = _check_hidden(hidden, owner)
        if hidden not in self.hidden:
            raise ValueError(f"The 'hidden' parameter of {owner} must be among those trained, "
                             f"{list(self.hidden)}. Got {hidden!r} instead.")
        check_choice(activation, "activation", owner, self.activations)
        return self.runs[(dataset, hidden, activation)]

    def boundary_data(self, dataset: str) -> BoundaryData:
        """The points and plane of ``dataset`` for the figure."""
        check_choice(dataset, "dataset", "PlaygroundGrid.boundary_data", tuple(self.data))
        return self.data[dataset].boundary_data(self.epochs[-1])

    def frame(self, dataset: str, hidden: Sequence[int], activation: str, epoch: int) -> BoundaryFrame:
        """The cached frame for one position of the controls."""
        owner = "PlaygroundGrid.frame"
        return self._run(dataset, hidden, activation, owner)._frame(epoch, owner)

    def render(self) -> Layered:
        """The live figure's render: controls ``dataset`` (slow), ``hidden``, ``activation``, ``epoch``."""
        return boundary_render(self.boundary_data, self.frame, slow=("dataset",))

    @property
    def n_frames(self) -> int:
        """Frames of the static figure: one per data set, hidden layers, activation and epoch."""
        return len(self.data) * len(self.hidden) * len(self.activations) * len(self.epochs)


def train_grid(
    datasets: Sequence[str] = ("xor", "circles", "moons"),
    hidden: Sequence[Sequence[int]] = ((), (2,), (8,)),
    activations: Sequence[str] = ("relu", "tanh", "sigmoid"),
    *,
    epochs: Sequence[int] = (5, 25, 150),
    n_samples: int = 200,
    lr: float = 0.03,
    alpha: float = 0.0,
    batch_size: int = 32,
    seed: int = 0,
    resolution: int = 64,
) -> PlaygroundGrid:
    r"""Train every network of the playground figure once and keep its snapshots (:func:`train_snapshots`).

    Introduced in: the playground chapter.

    Each data set is drawn once (:func:`make_split` with ``rng=seed``, its :data:`NOISE`) and every network
    on it starts from ``random_state=seed``, so the networks differ only in their hidden layers and
    activation. Cost: one training run per data set and network (a linear model once per data set).

    Returns
    -------
    PlaygroundGrid

    Examples
    --------
    >>> grid = train_grid(["xor"], [(), (4,)], ["relu", "tanh"], epochs=(2, 30), n_samples=80, resolution=8)
    >>> len(grid.runs), grid.n_frames
    (4, 8)
    >>> grid.run("xor", (), "relu") is grid.run("xor", (), "tanh")   # one linear model
    True
    """
    owner = "train_grid"
    datasets = tuple(check_choice(d, "datasets", owner, DATASETS)
                     for d in _check_sequence(datasets, "datasets", owner, '("xor", "circles")'))
    hidden = tuple(_check_hidden(h, owner) for h in _check_sequence(hidden, "hidden", owner, "((), (8,))"))
    activations = tuple(check_choice(a, "activations", owner, ACTIVATIONS)
                        for a in _check_sequence(activations, "activations", owner, '("relu", "tanh")'))
    seed = check_scalar(seed, "seed", owner, low=0, integer=True)
    data = {name: _make_split(name, n_samples, None, 0.25, seed, owner) for name in datasets}
    runs: dict[tuple[str, tuple[int, ...], str], Snapshots] = {}
    for name in datasets:
        for h in hidden:
            linear = None
            for activation in activations:
                if h == () and linear is not None:
                    runs[(name, h, activation)] = linear
                    continue
                run = _train_snapshots(data[name], h, activation, epochs, lr, alpha, "adam", batch_size, seed,
                                       resolution, owner)
                runs[(name, h, activation)] = run
                linear = run if h == () else None
    return PlaygroundGrid(data, runs, next(iter(runs.values())).epochs, hidden, activations)


# --------------------------------------------------------------------------------------------------
# How many hidden units?
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class WidthSearch:
    """The result of :func:`width_needed`.

    Attributes
    ----------
    dataset : str
    widths : tuple of int
        The widths tried, in order (every one of them).
    test_accuracy : ndarray of shape (len(widths), n_seeds)
    threshold : float
    needed : int or None
        The smallest width at which most seeds (more than half) reach ``threshold``; None if none did.
        Wider is not always better for a fixed recipe: read :meth:`reached` for every width.
    activation : str
    """

    dataset: str
    widths: tuple[int, ...]
    test_accuracy: NDArray[np.float64]
    threshold: float
    needed: int | None
    activation: str = "relu"

    def reached(self) -> NDArray[np.int64]:
        """For each width tried, how many seeds reached the threshold."""
        return np.sum(self.test_accuracy >= self.threshold, axis=1)

    def summary(self) -> str:
        """One line: ``"2: 1/5, 3: 2/5, ..."``, the seeds that reached the threshold at each width."""
        n = self.test_accuracy.shape[1]
        return ", ".join(f"{w}: {k}/{n}" for w, k in zip(self.widths, self.reached()))


def width_needed(
    dataset: str,
    widths: Sequence[int] = (2, 3, 4, 6),
    *,
    activation: str = "relu",
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    threshold: float = 0.95,
    n_epochs: int = 100,
    lr: float = 0.03,
    n_samples: int = 200,
) -> WidthSearch:
    r"""For each width of one hidden layer, how many seeds reach ``threshold`` test accuracy.

    Introduced in: the playground chapter.

    For each width and each seed :math:`s`, a new split is drawn (:func:`make_split` with ``rng=s``) and a
    network with one hidden layer of that width is trained from ``random_state=s`` with Adam (``lr``,
    batches of 32, ``n_epochs``); its test accuracy is kept. Both the data and the starting weights change
    with the seed. Every width is tried: with a fixed recipe, success need not grow with the width, and
    the counts say how often *this recipe* succeeds, not what a width can represent.
    Cost: ``len(widths) * len(seeds)`` training runs.

    Returns
    -------
    WidthSearch

    Examples
    --------
    >>> search = width_needed("xor", [1, 4], seeds=[0, 1], n_samples=100)
    >>> search.widths, search.needed, search.summary()
    ((1, 4), 4, '1: 0/2, 4: 2/2')
    """
    owner = "width_needed"
    dataset = check_choice(dataset, "dataset", owner, DATASETS)
    activation = check_choice(activation, "activation", owner, ACTIVATIONS)
    threshold = check_scalar(threshold, "threshold", owner, low=0, high=1)
    widths = tuple(check_scalar(w, "widths", owner, low=1, integer=True)
                   for w in _check_sequence(widths, "widths", owner, "(1, 2, 4, 8)"))
    seeds = tuple(check_scalar(s, "seeds", owner, low=0, integer=True)
                  for s in _check_sequence(seeds, "seeds", owner, "(0, 1, 2)"))
    if not widths or not seeds:
        raise ValueError(f"The 'widths' and 'seeds' parameters of {owner} must be non-empty. "
                         f"Got {len(widths)} widths and {len(seeds)} seeds instead.")
    _check_network_options(owner, 0, activation=activation, lr=lr, n_epochs=n_epochs)
    splits = [_make_split(dataset, n_samples, None, 0.25, s, owner) for s in seeds]
    accuracies = np.array([[_accuracy(MLPClassifier((width,), activation=activation, lr=lr, n_epochs=n_epochs,
                                                    random_state=s).fit(data.X_train, data.y_train),
                                      data.X_test, data.y_test)
                            for s, data in zip(seeds, splits)] for width in widths])
    most = 2 * np.sum(accuracies >= threshold, axis=1) > len(seeds)
    needed = widths[int(np.argmax(most))] if most.any() else None
    return WidthSearch(dataset, widths, accuracies, threshold, needed, activation)


# --------------------------------------------------------------------------------------------------
# The best straight line
# --------------------------------------------------------------------------------------------------
def best_line_accuracy(X: ArrayLike, y: ArrayLike, n_angles: int = 720) -> float:
    r"""The highest accuracy any straight boundary reaches on the points ``X`` with labels ``y``.

    Introduced in: the playground chapter.

    A straight boundary classifies by the side of a line, :math:`x \cdot u > s` for a direction
    :math:`u = (\cos\theta, \sin\theta)` and an offset :math:`s`. For ``n_angles`` directions evenly
    spread over the full circle (so both sides are tried) and every offset between two projected points,
    the accuracy is counted exactly; the best is returned. It is what a linear model *could* reach on
    these points, whatever logistic regression's loss leads it to; a direction between two tried ones can
    beat it slightly, so it is a lower bound that tightens as ``n_angles`` grows.

    Examples
    --------
    >>> X = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]]   # XOR: no line gets all four
    >>> best_line_accuracy(X, [0, 0, 1, 1]), best_line_accuracy(X, [0, 1, 1, 1])
    (0.75, 1.0)
    """
    owner = "best_line_accuracy"
    X = as_float_array(X, "X", owner, ndim=2, allow_nan=False, allow_inf=False).astype(np.float64, copy=False)
    if X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"The 'X' parameter of {owner} must be points of shape (n, 2), n >= 1. "
                         f"Got shape {X.shape} instead.")
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.isin(y, (0, 1)).all():
        raise ValueError(f"The 'y' parameter of {owner} must be labels in {{0, 1}} of shape {(X.shape[0],)}, one "
                         f"per point of X. Got shape {y.shape}, values {sorted(set(np.ravel(y).tolist()))[:4]} "
                         f"instead.")
    n_angles = check_scalar(n_angles, "n_angles", owner, low=1, integer=True)
    theta = 2 * np.pi * np.arange(n_angles) / n_angles
    S = X @ np.vstack([np.cos(theta), np.sin(theta)])          # projections, one column per direction
    order = np.argsort(S, axis=0, kind="stable")
    ones = y.astype(np.int64)[order]                            # labels sorted along each direction
    n, n_ones = y.size, int(y.sum())
    # Cut after the first j points (j = 0..n): class 0 below, class 1 above. Ties cannot be split.
    ones_below = np.vstack([np.zeros((1, n_angles), dtype=np.int64), np.cumsum(ones, axis=0)])
    j = np.arange(n + 1)[:, None]
    correct = (j - ones_below) + (n_ones - ones_below)
    sorted_S = np.take_along_axis(S, order, axis=0)
    can_cut = np.ones((n + 1, n_angles), dtype=bool)
    can_cut[1:n] = sorted_S[1:] > sorted_S[:-1]
    return float(np.max(np.where(can_cut, correct, 0)) / n)


# --------------------------------------------------------------------------------------------------
# Linear regions of a ReLU network
# --------------------------------------------------------------------------------------------------
def _hidden_layers(model: Any, owner: str) -> list[Any]:
    layers = getattr(model, "layers_", None)
    if layers is None:
        raise ValueError(f"The 'model' parameter of {owner} must be a fitted MLPClassifier or MLPRegressor "
                         f"(with layers_). Got {type(model).__name__} instead.")
    return layers[:-1]


def activation_patterns(model: Any, X: ArrayLike) -> NDArray[np.bool_]:
    r"""Which hidden units are active (pre-activation :math:`z > 0`) at each input: one row per input.

    Introduced in: the playground chapter.

    Columns are the units of every hidden layer, first layer first. For a ReLU network the output is one
    linear function of :math:`x` on each set of inputs sharing a pattern.

    Returns
    -------
    ndarray of bool, shape (n_samples, total hidden units)

    Examples
    --------
    >>> data = make_split("xor", 40, rng=0)
    >>> net = MLPClassifier((3,), n_epochs=1, random_state=0).fit(data.X_train, data.y_train)
    >>> activation_patterns(net, [[0.0, 0.0], [1.0, 1.0]]).shape
    (2, 3)
    """
    return _patterns(model, X, "activation_patterns")


def _check_inputs(model: Any, X: ArrayLike, name: str, owner: str, ndim: int = 2) -> NDArray[np.float64]:
    """Finite inputs ``X`` with one column per input of the fitted ``model``."""
    _hidden_layers(model, owner)  # a fitted network
    n_in = model.layers_[0].W.shape[0]
    X = as_float_array(X, name, owner, ndim=ndim, allow_nan=False, allow_inf=False).astype(np.float64)
    if X.shape[-1] != n_in:
        raise ValueError(f"The '{name}' parameter of {owner} must have {n_in} column(s), one per input of the "
                         f"model. Got {describe(X)} instead.")
    return X


def _patterns(model: Any, X: ArrayLike, owner: str) -> NDArray[np.bool_]:
    A = _check_inputs(model, X, "X", owner)
    patterns = []
    for layer in _hidden_layers(model, owner):
        Z = A @ layer.W + layer.b            # Z = A W + b
        patterns.append(Z > 0)
        A = layer.f.forward(Z)               # A = f(Z)
    return np.hstack(patterns) if patterns else np.zeros((A.shape[0], 0), dtype=bool)


def _require_relu(model: Any, owner: str) -> None:
    kinds = {layer.activation for layer in _hidden_layers(model, owner)}
    if kinds - {"relu"}:
        raise ValueError(f"The 'model' parameter of {owner} must be a ReLU network: only then is its output "
                         f"linear on each region of constant activation pattern. Got activation "
                         f"{sorted(kinds)[0]!r} instead.")


def max_linear_regions(units: int) -> int:
    r"""The most regions :math:`k` lines can cut the plane into: :math:`1 + k + \binom{k}{2}`.

    Introduced in: the playground chapter. It bounds the linear regions of a ReLU network with one hidden
    layer of :math:`k` units on two inputs.

    Examples
    --------
    >>> [max_linear_regions(k) for k in (0, 1, 2, 3, 8)]
    [1, 2, 4, 7, 37]
    """
    k = check_scalar(units, "units", "max_linear_regions", low=0, integer=True)
    return 1 + k + comb(k, 2)


def linear_regions(model: Any, bounds: Sequence[float] | None = None) -> int:
    r"""The exact number of linear regions of a one-hidden-layer ReLU network on two inputs.

    Introduced in: the playground chapter.

    Unit :math:`k` switches at the line :math:`x_1 W_{1k} + x_2 W_{2k} + b_k = 0`. Lines in **general
    position** (no two parallel, no three through one point; random weights are so with probability 1)
    cut a convex window into

    .. math::

        1 + L + P

    regions, :math:`L` the lines that cross the window and :math:`P` their crossing points inside it:
    each line adds one region, plus one for every line it crosses before it. Over the whole plane
    (``bounds=None``) every line crosses and every pair meets, :math:`1 + K + \binom{K}{2}`
    (:func:`max_linear_regions`). :func:`count_linear_regions` counts the same regions on a grid, a
    cross-check that can miss thin ones.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        Fitted, with one ReLU hidden layer on two inputs.
    bounds : (x1_min, x1_max, x2_min, x2_max), optional
        The window; default the whole plane.

    Examples
    --------
    >>> data = make_split("circles", 80, rng=0)
    >>> net = MLPClassifier((5,), n_epochs=20, random_state=0).fit(data.X_train, data.y_train)
    >>> linear_regions(net), max_linear_regions(5)
    (16, 16)
    >>> linear_regions(net, data.bounds) <= linear_regions(net)  # the window shows fewer
    True
    """
    owner = "linear_regions"
    _require_relu(model, owner)
    layers = _hidden_layers(model, owner)
    if len(layers) != 1 or layers[0].W.shape[0] != 2:
        raise ValueError(f"The 'model' parameter of {owner} must have one hidden layer on two inputs. Got "
                         f"{len(layers)} hidden layers on {layers[0].W.shape[0] if layers else 0} inputs instead.")
    W, b = np.asarray(layers[0].W, dtype=np.float64), np.asarray(layers[0].b, dtype=np.float64)
    lines = [k for k in range(W.shape[1]) if np.any(W[:, k] != 0)]     # a unit with w = 0 draws no line
    if bounds is not None:
        x0, x1, y0, y1 = _check_window(bounds, owner)
        corners = np.array([[x0, y0], [x0, y1], [x1, y0], [x1, y1]])
        lines = [k for k in lines if np.ptp(np.sign(corners @ W[:, k] + b[k])) > 0]
    points = 0
    for i, k in enumerate(lines):
        for m in lines[i + 1:]:
            A = np.array([W[:, k], W[:, m]])
            if abs(np.linalg.det(A)) <= 1e-12 * np.linalg.norm(A) ** 2:   # parallel: they never meet
                continue
            x = np.linalg.solve(A, -np.array([b[k], b[m]]))
            points += bounds is None or bool(x0 < x[0] < x1 and y0 < x[1] < y1)
    return 1 + len(lines) + int(points)


def _check_window(bounds: Sequence[float], owner: str) -> tuple[float, float, float, float]:
    if not isinstance(bounds, (tuple, list, np.ndarray)) or len(bounds) != 4:
        raise ValueError(f"The 'bounds' parameter of {owner} must be (x1_min, x1_max, x2_min, x2_max). "
                         f"Got {bounds!r} instead.")
    x0, x1, y0, y1 = (check_scalar(v, "bounds", owner) for v in bounds)
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"The 'bounds' parameter of {owner} must have x1_min < x1_max and x2_min < x2_max. "
                         f"Got {tuple(bounds)!r} instead.")
    return x0, x1, y0, y1


def count_linear_regions(model: Any, bounds: Sequence[float], resolution: int = 256) -> int:
    r"""The number of linear regions of a ReLU network seen on a grid over ``bounds``.

    Introduced in: the playground chapter.

    Counts the distinct activation patterns (:func:`activation_patterns`) among the
    ``resolution`` :math:`\times` ``resolution`` grid points; a region thinner than the grid spacing can
    be missed, so this is a lower bound on the regions in the plane shown, a cross-check of the exact
    :func:`linear_regions` (which needs one hidden layer), and it works for deeper networks too.

    Examples
    --------
    >>> data = make_split("circles", 80, rng=0)
    >>> net = MLPClassifier((3,), n_epochs=20, random_state=0).fit(data.X_train, data.y_train)
    >>> 1 <= count_linear_regions(net, data.bounds, 64) <= max_linear_regions(3)
    True
    """
    owner = "count_linear_regions"
    _require_relu(model, owner)
    if model.layers_[0].W.shape[0] != 2:
        raise ValueError(f"The 'model' parameter of {owner} must take two inputs (the regions are counted on "
                         f"the plane). Got a model with {model.layers_[0].W.shape[0]} inputs instead.")
    patterns = _patterns(model, _grid_points(bounds, resolution, owner), owner)
    return int(np.unique(np.packbits(patterns, axis=1), axis=0).shape[0])


@dataclass(frozen=True, eq=False)
class LineProfile:
    r"""A network's logit along a segment, from :func:`line_profile`.

    Attributes
    ----------
    t : ndarray of shape (n_points,)
        Position along the segment, 0 at ``start``, 1 at ``end``.
    logit : ndarray of shape (n_points,)
        :math:`z` at each point.
    n_pieces : int
        Runs of constant activation pattern along the segment: for a ReLU network, its linear pieces.
    curved_fraction : float
        Share of the interior points where the second difference
        :math:`z_{i+1} - 2 z_i + z_{i-1}` is not 0 (beyond :math:`10^{-9} \max(1, \max|z|)`): about
        ``(n_pieces - 1) / n_points`` for ReLU (only at the kinks), close to 1 for tanh or the sigmoid.
    """

    t: NDArray[np.float64]
    logit: NDArray[np.float64]
    n_pieces: int
    curved_fraction: float


def line_profile(model: Any, start: ArrayLike, end: ArrayLike, n_points: int = 2001) -> LineProfile:
    r"""The logit :math:`z` of a two-class network along the segment from ``start`` to ``end``.

    Introduced in: the playground chapter.

    Examples
    --------
    >>> data = make_split("circles", 80, rng=0)
    >>> relu = MLPClassifier((4,), n_epochs=30, random_state=0).fit(data.X_train, data.y_train)
    >>> profile = line_profile(relu, [-1.5, 0.0], [1.5, 0.0], n_points=201)
    >>> profile.logit.shape, profile.n_pieces >= 1, profile.curved_fraction < 0.1
    ((201,), True, True)
    """
    owner = "line_profile"
    start = _check_inputs(model, start, "start", owner, ndim=1)
    end = _check_inputs(model, end, "end", owner, ndim=1)
    if model.layers_[-1].W.shape[1] != 1:
        raise ValueError(f"The 'model' parameter of {owner} must be a two-class network, with one logit. Got "
                         f"a model with {model.layers_[-1].W.shape[1]} outputs instead.")
    n_points = check_scalar(n_points, "n_points", owner, low=3, high=10**6, integer=True)
    t = np.linspace(0.0, 1.0, n_points)
    X = start + t[:, None] * (end - start)
    A = X
    for layer in _hidden_layers(model, owner):
        A = layer.f.forward(A @ layer.W + layer.b)
    out = model.layers_[-1]
    logit = (A @ out.W + out.b)[:, 0]                 # z = sum_k v_k a_k + c
    patterns = _patterns(model, X, owner)
    changes = np.any(patterns[1:] != patterns[:-1], axis=1)
    second = logit[2:] - 2.0 * logit[1:-1] + logit[:-2]
    tol = 1e-9 * max(1.0, float(np.max(np.abs(logit))))
    return LineProfile(t, logit, int(np.sum(changes)) + 1, float(np.mean(np.abs(second) > tol)))
