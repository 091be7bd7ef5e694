r"""Multilayer perceptrons for regression and classification, as scikit-learn estimators.

Introduced in: the first-network chapter (book/first_network.ipynb).

A network with hidden layer sizes :math:`(h_1, \dots, h_{L-1})` is a :class:`~nnbasics.layers.Sequential`
stack of :class:`~nnbasics.layers.Dense` layers

.. math::

    A_0 = X, \qquad A_l = f(A_{l-1} W_l + b_l) \; (l < L), \qquad Z_L = A_{L-1} W_L + b_L,

whose last layer is the identity: :math:`Z_L` are the outputs (regression) or the logits
(classification), and the loss takes them directly (:mod:`nnbasics.losses`):

* :class:`MLPRegressor`: :class:`~nnbasics.losses.MSE`, the plain mean of squared errors;
* :class:`MLPClassifier` with 2 classes: :class:`~nnbasics.losses.BinaryCrossEntropyWithLogits` on one output;
* :class:`MLPClassifier` with :math:`k > 2` classes: :class:`~nnbasics.losses.SoftmaxCrossEntropy` on
  :math:`k` outputs;

plus the L2 penalty :math:`\frac{\alpha}{2B} \sum_l \lVert W_l \rVert^2` on each mini-batch of :math:`B`
samples (biases are not penalised), exactly as scikit-learn's ``MLPClassifier`` scales ``alpha``.

Training runs the package's one loop, :func:`nnbasics.training.train`, with an optimizer from
:func:`nnbasics.optim.get_optimizer`.

This module builds on scikit-learn's ``BaseEstimator`` and mixins (so ``clone``, ``GridSearchCV``,
``Pipeline`` and ``cross_val_score`` work); it is the one module of :mod:`nnbasics` that needs
scikit-learn, and ``import nnbasics`` does not import it until ``nnbasics.network`` is used.
"""

from __future__ import annotations

import contextlib
import functools
import numbers
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

try:
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.model_selection import train_test_split
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import check_is_fitted, validate_data
    from threadpoolctl import ThreadpoolController   # a dependency of scikit-learn
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError("nnbasics.network builds MLPRegressor and MLPClassifier on scikit-learn's estimator "
                      "API, and scikit-learn is not installed: pip install scikit-learn. The rest of "
                      "nnbasics needs only NumPy.") from exc

from nnbasics._validation import check_choice, check_not_boolean, check_rng, check_scalar, describe
from nnbasics.activations import ACTIVATIONS, Sigmoid, softmax
from nnbasics.layers import INITS, Dense, Dropout, Sequential
from nnbasics.losses import Loss, get_loss
from nnbasics.optim import OPTIMIZERS, get_optimizer
from nnbasics.training import History, train

__all__ = ["MLPClassifier", "MLPRegressor"]

#: ``fit`` runs BLAS on one thread when no matrix product of a training step exceeds this many
#: multiply-adds (batch size x inputs x units of the widest layer); see the Notes of ``fit``.
SMALL_STEP_MULTIPLY_ADDS = 2**18


@functools.cache
def _threadpools() -> ThreadpoolController:
    """The BLAS and OpenMP libraries loaded (found once: a search takes milliseconds)."""
    return ThreadpoolController()


def _flatten(layers: list[Dense]) -> tuple[dict[str, NDArray[np.float64]], dict[str, NDArray[np.float64]]]:
    """Make every layer's parameters and gradients views of one flat buffer each, and return both.

    The values are kept. An optimizer stepping ``{"theta": flat params}`` with ``{"theta": flat grads}``
    then updates every layer with a few operations on one array: with a small network, a training step
    costs mostly the fixed overhead of each NumPy operation, not arithmetic.
    """
    arrays = [(layer.params, layer.grads, key) for layer in layers for key in layer.params]
    flat_params = np.concatenate([params[key].ravel() for params, _, key in arrays])
    flat_grads = np.zeros_like(flat_params)
    start = 0
    for params, grads, key in arrays:
        shape, stop = params[key].shape, start + params[key].size
        params[key] = flat_params[start:stop].reshape(shape)
        grads[key] = flat_grads[start:stop].reshape(shape)
        start = stop
    return {"theta": flat_params}, {"theta": flat_grads}


class _BaseMLP(BaseEstimator):
    """What the regressor and the classifier share: parameters, the network, the training loop."""

    _is_classifier = False

    def __init__(
        self,
        hidden_layer_sizes: tuple[int, ...] = (64,),
        *,
        activation: str = "relu",
        init: str | None = None,
        optimizer: str = "adam",
        lr: float = 1e-3,
        momentum: float = 0.9,
        nesterov: bool = False,
        alpha: float = 0.0,
        dropout: float = 0.0,
        batch_size: int = 32,
        n_epochs: int = 200,
        shuffle: bool = True,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        patience: int = 10,
        random_state: int | np.random.Generator | None = None,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.init = init
        self.optimizer = optimizer
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.alpha = alpha
        self.dropout = dropout
        self.batch_size = batch_size
        self.n_epochs = n_epochs
        self.shuffle = shuffle
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.random_state = random_state

    # -- checks -----------------------------------------------------------------------------------
    def _check_hyperparameters(self, owner: str | None = None) -> tuple[int, ...]:
        """Check every hyperparameter; errors name ``owner`` (default: the class), the function the user called."""
        owner = owner or type(self).__name__
        sizes = self.hidden_layer_sizes
        sizes = (sizes,) if isinstance(sizes, numbers.Integral) else sizes
        ok = isinstance(sizes, (tuple, list, np.ndarray)) and all(
            isinstance(h, numbers.Integral) and not isinstance(h, bool) and h >= 1 for h in sizes)
        if not ok:
            raise ValueError(f"The 'hidden_layer_sizes' parameter of {owner} must be a tuple of positive "
                             f"integers, e.g. (64,) or (32, 16). Got {self.hidden_layer_sizes!r} instead.")
        check_choice(self.activation, "activation", owner, ACTIVATIONS)
        if self.init is not None:
            check_choice(self.init, "init", owner, INITS)
        check_choice(self.optimizer, "optimizer", owner, OPTIMIZERS)
        check_scalar(self.alpha, "alpha", owner, low=0)
        check_scalar(self.dropout, "dropout", owner, low=0, high=1, include_high=False)
        check_scalar(self.batch_size, "batch_size", owner, low=1, integer=True)
        check_scalar(self.n_epochs, "n_epochs", owner, low=1, integer=True)
        check_scalar(self.validation_fraction, "validation_fraction", owner, low=0, high=1,
                     include_low=False, include_high=False)
        check_scalar(self.patience, "patience", owner, low=1, integer=True)
        check_scalar(self.momentum, "momentum", owner, low=0, high=1, include_high=False)
        check_rng(self.random_state, "random_state", owner)
        for name in ("shuffle", "early_stopping", "nesterov"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"The '{name}' parameter of {owner} must be True or False. "
                                f"Got {getattr(self, name)!r} instead.")
        return tuple(int(h) for h in sizes)

    def _make_optimizer(self, owner: str | None = None) -> Any:
        owner = owner or type(self).__name__
        lr = check_scalar(self.lr, "lr", owner, low=0, include_low=False)
        if self.optimizer == "sgd":  # momentum and nesterov belong to SGD only
            return get_optimizer("sgd", lr=lr, momentum=self.momentum, nesterov=self.nesterov)
        return get_optimizer(self.optimizer, lr=lr)

    def _rng(self) -> np.random.Generator:
        return np.random.default_rng(self.random_state)

    def _refuse_booleans(self, X: ArrayLike, y: ArrayLike | None, method: str, name: str = "X") -> None:
        """Refuse boolean ``X`` (and a regressor's ``y``), which validate_data would read as 1.0 and 0.0.

        A classifier's labels may be booleans (``classes_`` are then False and True)."""
        owner = f"{type(self).__name__}.{method}"
        check_not_boolean(X, name, owner)
        if y is not None and not self._is_classifier:
            check_not_boolean(y, "y" if name == "X" else name, owner)

    # -- what the subclasses define -----------------------------------------------------------------
    def _targets(self, y: NDArray[Any]) -> tuple[NDArray[np.float64], Loss]:
        """The training targets (n, n_outputs) for the loss on the outputs, and that loss."""
        raise NotImplementedError

    def _validate_xy(self, X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[Any]]:
        raise NotImplementedError

    # -- the network ------------------------------------------------------------------------------
    def _outputs(self, X: ArrayLike) -> NDArray[np.float64]:
        """The outputs (regression) or logits (classification) of the last layer, shape (n, n_outputs)."""
        check_is_fitted(self, "layers_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self._net._forward(X)

    def _penalty(self, n: int) -> float:
        """The L2 term alpha/(2n) sum_l ||W_l||^2 for a batch of n samples."""
        return self._alpha / (2 * n) * sum(float(np.sum(layer.W * layer.W)) for layer in self.layers_)

    def _batch_grads(self, Xb: NDArray[np.float64], Yb: NDArray[np.float64]
                     ) -> dict[str, NDArray[np.float64]] | None:
        """Gradients of the mini-batch loss and of the penalty (``self._net.grads``); None on overflow."""
        net, n = self._net, Xb.shape[0]
        if self._dropouts:
            for drop in self._dropouts:                    # a fresh mask for this batch's pass
                drop.training = True
            Z = net._forward(Xb)
            for drop in self._dropouts: # backward uses the masks just drawn; every other pass has none
                drop.training = False
        else:
            Z = net._forward(Xb)
        if not np.isfinite(Z).all():
            return None                                    # diverged: the loop says so
        net._backward(self._loss._grad(Z, self._loss_target(Yb)), input_grad=False)
        if self._alpha:
            for layer in self.layers_:
                layer.grads["W"] += (self._alpha / n) * layer.W   # d/dW of alpha/(2n) ||W||^2
        return net.grads

    def _loss_target(self, Y: NDArray[np.float64]) -> NDArray[Any]:
        """The targets as the loss takes them (class indices are integers)."""
        return Y

    def _data_loss(self, X: NDArray[np.float64], Y: NDArray[np.float64]) -> float:
        """The loss without the penalty, on data already checked."""
        Z = self._net._forward(X)
        return self._loss._loss(Z, self._loss_target(Y)) if np.isfinite(Z).all() else float("inf")

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        eval_set: tuple[ArrayLike, ArrayLike] | None = None,
        callback: Callable[[int, Any], bool | None] | None = None,
    ) -> _BaseMLP:
        r"""Train a new network on ``X``, ``y`` for ``n_epochs`` epochs (fewer with early stopping).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
            Class labels (classifier); targets, or shape ``(n_samples, n_outputs)`` (regressor).
        eval_set : (X_eval, y_eval), optional
            A held-out set whose loss (without penalty) is recorded after every epoch in
            ``eval_loss_curve_``; it never influences training.
        callback : callable, optional
            ``callback(epoch, model)`` after every epoch (1-based) with this estimator, usable as it is
            (``predict``, ``score``, ``layers_``); return True to stop. Snapshots of the model at chosen
            epochs: ``if epoch in (1, 10, 100): snapshots[epoch] = copy.deepcopy(model)``.

        Returns
        -------
        self

        Warns
        -----
        RuntimeWarning
            If the training loss diverged; training stops there and ``diverged_`` is True.

        Notes
        -----
        When every matrix product of a training step is small, at most ``SMALL_STEP_MULTIPLY_ADDS``
        (:math:`2^{18}`) multiply-adds, e.g. a batch of 32 through 64 x 64 weights, ``fit`` limits BLAS
        to one thread (threadpoolctl) while it trains. Such a product takes microseconds and OpenBLAS,
        by default, already computes it on one thread; its other threads are only woken by the loss on all the
        training data after each epoch, and they then busy-wait for new work on the cores the training
        needs: on a busy two-core machine, the digits fit of ``benchmarks/mlp.py`` took two to three
        times as long with them. scikit-learn's ``MLPClassifier`` sets no such limit. ``predict`` and
        ``score`` are not limited.
        """
        sizes = self._check_hyperparameters()
        self._alpha = float(self.alpha)   # checked: a Fraction or a NumPy scalar computes as this float
        optimizer = self._make_optimizer()
        self._refuse_booleans(X, y, "fit")
        X, y = self._validate_xy(X, y)
        Y, self._loss = self._targets(y)
        rng = self._rng()

        X_train, Y_train, validate = X, Y, None
        if self.early_stopping:
            stratify = y if self._is_classifier else None
            X_train, X_val, Y_train, Y_val = train_test_split(
                X, Y, test_size=self.validation_fraction, stratify=stratify,
                random_state=int(rng.integers(2**31)))

            def validate() -> float:
                return self._data_loss(X_val, Y_val)

        eval_data = None
        if eval_set is not None:
            X_eval, y_eval = self._validate_xy_eval(eval_set)
            eval_data = (X_eval, self._encode(y_eval))

        n_outputs = Y.shape[1] if Y.ndim == 2 else len(self.classes_)
        widths = [X.shape[1], *sizes, n_outputs]
        self.layers_ = [Dense(n_in, n_out, self.activation if l < len(sizes) else "identity", init=self.init,
                              rng=rng)
                        for l, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:]))]
        # Inverted dropout after every hidden layer when training; evaluation mode everywhere else.
        self._dropouts = [Dropout(self.dropout, rng=rng).eval() for _ in sizes] if self.dropout else []
        hidden = [[layer, drop] for layer, drop in zip(self.layers_, self._dropouts)]
        flat_params, flat_grads = _flatten(self.layers_)
        self._net = Sequential([*sum(hidden, []), *self.layers_[len(hidden):]])
        self.loss_curve_: list[float] = []
        self.eval_loss_curve_: list[float] = []

        def after_epoch(epoch: int, history: History) -> bool:
            self.loss_curve_ = history.loss
            self.n_iter_ = epoch
            if eval_data is not None:
                self.eval_loss_curve_.append(self._data_loss(*eval_data))
            return bool(callback(epoch, self)) if callback is not None else False

        def training_loss() -> float:
            return self._data_loss(X_train, Y_train) + self._penalty(X_train.shape[0])

        step_size = min(self.batch_size, X_train.shape[0]) * max(a * b for a, b in zip(widths, widths[1:]))
        small = step_size <= SMALL_STEP_MULTIPLY_ADDS
        with _threadpools().limit(limits=1, user_api="blas") if small else contextlib.nullcontext():
            def batch_grads(Xb: NDArray[np.float64], Yb: NDArray[np.float64]
                            ) -> dict[str, NDArray[np.float64]] | None:
                return None if self._batch_grads(Xb, Yb) is None else flat_grads  # the layers' grads

            history = train(batch_grads, flat_params, optimizer, X_train, Y_train,
                            training_loss=training_loss, batch_size=self.batch_size, n_epochs=self.n_epochs,
                            rng=rng, shuffle=self.shuffle,
                            validate=validate, patience=self.patience if self.early_stopping else None,
                            callback=after_epoch)
        # A loss above max_loss is recorded, and stops the loop, before the validation and after_epoch: measure
        # those sets with the same (finite) weights, so that every curve has one entry per recorded epoch.
        with np.errstate(over="ignore", invalid="ignore"):
            if eval_data is not None and len(self.eval_loss_curve_) < len(history.loss):
                self.eval_loss_curve_.append(self._data_loss(*eval_data))
            if validate is not None and len(history.val_loss) < len(history.loss):
                history.val_loss.append(validate())
        history.params = self._net.params   # the layers' arrays by name, rather than the flat buffer
        self.history_ = history
        self.loss_curve_ = history.loss
        self.n_iter_ = history.n_epochs
        self.diverged_ = history.diverged
        if self.early_stopping:
            self.validation_loss_curve_ = history.val_loss
            self.best_validation_loss_ = min(history.val_loss) if history.val_loss else float("nan")
        if history.diverged:
            warnings.warn(f"{type(self).__name__}: {history.message}", RuntimeWarning, stacklevel=2)
        return self

    def _validate_xy_eval(self, eval_set: Any) -> tuple[NDArray[np.float64], NDArray[Any]]:
        if not (isinstance(eval_set, (tuple, list)) and len(eval_set) == 2):
            raise ValueError(f"The 'eval_set' parameter of {type(self).__name__}.fit must be a pair "
                             f"(X_eval, y_eval). Got {type(eval_set).__name__} instead.")
        self._refuse_booleans(eval_set[0], eval_set[1], "fit", name="eval_set")
        return validate_data(self, eval_set[0], eval_set[1], reset=False, dtype=np.float64,
                             **self._y_options())

    def _y_options(self) -> dict[str, Any]:
        raise NotImplementedError

    def _encode(self, y: NDArray[Any]) -> NDArray[np.float64]:
        raise NotImplementedError


class MLPRegressor(RegressorMixin, _BaseMLP):
    r"""A multilayer perceptron trained on the mean squared error; a scikit-learn regressor.

    Introduced in: the first-network chapter (book/first_network.ipynb).

    Minimises, on each mini-batch of :math:`B` samples with :math:`k` outputs,

    .. math::

        L = \frac{1}{B k} \sum_{i, j} (\hat y_{ij} - y_{ij})^2 + \frac{\alpha}{2B} \sum_l \lVert W_l \rVert^2,

    the plain mean of squares of :class:`~nnbasics.losses.MSE` (scikit-learn's ``MLPRegressor`` minimises
    half of it, so its ``loss_curve_`` is half of ours and its gradients half as large at the same
    ``lr``).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(64,)
        Units of each hidden layer; ``()`` gives a linear model.
    activation : str, default="relu"
        Hidden-layer activation, any name of :func:`nnbasics.activations.get_activation`; the output
        layer is the identity.
    init : str or None, default=None
        How every layer's initial weights are drawn: a name of :data:`nnbasics.layers.INITS` ("he",
        "glorot"/"xavier", "normal"; see :func:`~nnbasics.layers.init_weights`), used for all layers,
        the output layer included. None keeps each layer's default: "he" for the hidden layers of a
        ReLU-like activation, "glorot" for the others and for the (identity) output layer.
        ``init="glorot"`` is the scheme of scikit-learn's MLPs (their logistic case aside).
    optimizer : {"adam", "sgd", "rmsprop"}, default="adam"
        See :func:`nnbasics.optim.get_optimizer`.
    lr : float, default=1e-3
        Learning rate.
    momentum : float, default=0.9
        SGD momentum (``optimizer="sgd"`` only).
    nesterov : bool, default=False
        Nesterov momentum (``optimizer="sgd"`` only).
    alpha : float, default=0.0
        L2 penalty :math:`\alpha`, scaled per mini-batch as above (as in scikit-learn).
    dropout : float, default=0.0
        Probability, in ``[0, 1)``, of zeroing each hidden unit's output during a training step
        (:class:`~nnbasics.layers.Dropout` after every hidden layer, inverted scaling). Losses,
        ``predict`` and ``score`` use the whole network. It adds no parameters.
    batch_size : int, default=32
        Samples per mini-batch (all of them if larger than the data).
    n_epochs : int, default=200
        Passes over the training data.
    shuffle : bool, default=True
        Reshuffle the samples every epoch.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data, stop after ``patience`` epochs without a
        lower validation loss and keep the parameters of the best epoch.
    validation_fraction : float, default=0.1
    patience : int, default=10
    random_state : int, numpy.random.Generator or None
        Source of the initial weights, the shuffles and the validation split (a legacy
        ``numpy.random.RandomState`` is refused, as everywhere in :mod:`nnbasics`).

    Attributes
    ----------
    layers_ : list of Dense
        The trained layers.
    loss_curve_ : list of float
        Training loss (with penalty) after each epoch, on all the training data with the weights as the
        epoch left them (scikit-learn's is the mean of the mini-batch losses during the epoch, which
        mixes the weights of every step).
    eval_loss_curve_ : list of float
        The loss on ``fit``'s ``eval_set`` per epoch (empty without one).
    validation_loss_curve_, best_validation_loss_ : list of float, float
        With ``early_stopping``: the validation loss per epoch and its minimum.
    history_ : nnbasics.training.History
        The loop's record, including ``message`` (why it stopped).
    n_iter_ : int
        Epochs run.
    n_features_in_ : int
    diverged_ : bool

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, size=(200, 1))
    >>> y = np.sin(3 * X[:, 0])
    >>> model = MLPRegressor((32,), lr=0.01, n_epochs=100, random_state=0).fit(X, y)
    >>> round(model.score(X, y), 2), model.n_iter_, len(model.loss_curve_)
    (1.0, 100, 100)
    """

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _y_options(self) -> dict[str, Any]:
        return {"multi_output": True, "y_numeric": True}

    def _validate_xy(self, X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[Any]]:
        X, y = validate_data(self, X, y, dtype=np.float64, **self._y_options())
        self._y_ndim = y.ndim
        return X, y

    def _encode(self, y: NDArray[Any]) -> NDArray[np.float64]:
        return np.asarray(y, dtype=np.float64).reshape(len(y), -1)

    def _targets(self, y: NDArray[Any]) -> tuple[NDArray[np.float64], Loss]:
        return self._encode(y), get_loss("mse")

    def predict(self, X: ArrayLike) -> NDArray[np.float64]:
        """Predictions, shape ``(n_samples,)`` (or ``(n_samples, n_outputs)`` if trained on 2-D ``y``)."""
        self._refuse_booleans(X, None, "predict")
        Z = self._outputs(X)
        return Z.ravel() if self._y_ndim == 1 else Z

    def score(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
        """The coefficient of determination :math:`R^2` of ``predict(X)`` against ``y`` (scikit-learn's)."""
        self._refuse_booleans(X, y, "score")
        return float(super().score(X, y, sample_weight=sample_weight))


class MLPClassifier(ClassifierMixin, _BaseMLP):
    r"""A multilayer perceptron trained on the cross-entropy of its logits; a scikit-learn classifier.

    Introduced in: the first-network chapter (book/first_network.ipynb).

    With two classes the network has one output :math:`z`, :math:`P(\text{classes\_[1]}) = \sigma(z)`,
    and the loss is :class:`~nnbasics.losses.BinaryCrossEntropyWithLogits`; with :math:`k > 2` classes it
    has :math:`k` outputs, probabilities :math:`\operatorname{softmax}(z)`, and the loss is
    :class:`~nnbasics.losses.SoftmaxCrossEntropy`; plus :math:`\frac{\alpha}{2B} \sum_l \lVert W_l
    \rVert^2` per mini-batch. Parameters and attributes are those of :class:`MLPRegressor`, and:

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The sorted class labels.

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> X, y = make_moons(200, noise=0.1, random_state=0)
    >>> clf = MLPClassifier((16,), lr=0.01, n_epochs=100, random_state=0).fit(X, y)
    >>> clf.classes_, round(clf.score(X, y), 2), clf.predict_proba(X[:2]).shape
    (array([0, 1]), 0.98, (2, 2))
    """

    _is_classifier = True

    def _y_options(self) -> dict[str, Any]:
        return {}

    def _validate_xy(self, X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[Any]]:
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"{type(self).__name__} needs samples of at least 2 classes to learn to tell "
                             f"them apart. Got only one class, {self.classes_[0]!r}, instead.")
        return X, y

    def _encode(self, y: NDArray[Any]) -> NDArray[np.float64]:
        index = np.searchsorted(self.classes_, y)
        k = len(self.classes_)
        unknown = (index >= k) | (self.classes_[np.minimum(index, k - 1)] != y)
        if unknown.any():
            raise ValueError(f"The 'eval_set' parameter of {type(self).__name__}.fit must only hold the "
                             f"classes seen in y, {self.classes_.tolist()}. "
                             f"Got {np.asarray(y)[unknown][0].item()!r} instead.")
        if len(self.classes_) == 2:
            return index.astype(np.float64).reshape(-1, 1)   # one output: the label of classes_[1]
        return index.astype(np.float64)                       # the class index (through the loop as float)

    def _loss_target(self, Y: NDArray[np.float64]) -> NDArray[Any]:
        return Y if Y.ndim == 2 else Y.astype(np.intp)

    def _targets(self, y: NDArray[Any]) -> tuple[NDArray[np.float64], Loss]:
        name = "binary_cross_entropy_with_logits" if len(self.classes_) == 2 else "softmax_cross_entropy"
        return self._encode(y), get_loss(name)

    def predict_proba(self, X: ArrayLike) -> NDArray[np.float64]:
        """Class probabilities, shape ``(n_samples, n_classes)``, columns in the order of ``classes_``."""
        self._refuse_booleans(X, None, "predict_proba")
        Z = self._outputs(X)
        if Z.shape[1] == 1:
            p = Sigmoid().forward(Z[:, 0])
            return np.column_stack([1.0 - p, p])
        return softmax(Z, axis=1)

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        """The most probable class of each sample, shape ``(n_samples,)``."""
        self._refuse_booleans(X, None, "predict")
        Z = self._outputs(X)
        index = (Z[:, 0] > 0).astype(int) if Z.shape[1] == 1 else np.argmax(Z, axis=1)
        return self.classes_[index]

    def score(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
        """The accuracy of ``predict(X)`` against the labels ``y`` (scikit-learn's)."""
        self._refuse_booleans(X, None, "score")
        check_is_fitted(self, "layers_")
        self._check_labels(y, f"{type(self).__name__}.score")
        return float(super().score(X, y, sample_weight=sample_weight))

    def _check_labels(self, y: ArrayLike, owner: str) -> None:
        """Labels of the kind of ``classes_`` (numbers, strings or booleans), none NaN or infinite."""
        try:
            labels = np.asarray(y)
        except (TypeError, ValueError):  # ragged: scikit-learn's check of y says so
            return
        kinds = {"b": "booleans", "i": "numbers", "u": "numbers", "f": "numbers",
                 "U": "strings", "S": "strings"}
        got = kinds.get(labels.dtype.kind)
        want = kinds.get(self.classes_.dtype.kind)   # None for objects: anything may compare equal
        need = (f"The 'y' parameter of {owner} must hold labels of the classes fit saw, "
                f"{self.classes_.tolist()}.")
        if got is not None and want is not None and got != want:
            raise TypeError(f"{need} Got {got}, {describe(labels)}, instead.")
        if labels.dtype.kind == "f" and not np.isfinite(labels).all():
            raise ValueError(f"{need} Got {int(np.sum(~np.isfinite(labels)))} NaN or infinite value(s) "
                             f"instead.")
