r"""nnbasics: the NumPy library behind the course book *Neural networks, from the basics*.

Readable, tested implementations of the pieces the book teaches, each next to its derivative, with
the same symbols in code, math and prose. Written to be read, not to be fast.

Notation
--------
==============  ===================  ============================================================
symbol          code                 meaning
==============  ===================  ============================================================
:math:`X`       ``X``                inputs, shape ``(n_samples, n_features)``, one example per row
:math:`W, b`    ``W``, ``b``         weights ``(n_in, n_out)`` and bias ``(n_out,)``
:math:`z`       ``z``, ``Z``         pre-activation :math:`z = X W + b`
:math:`f`       ``Activation``       activation; :math:`a = f(z)`; ``derivative(z)`` is :math:`f'(z)`
:math:`\hat y`  ``y_pred``           a prediction; ``y_true`` is the target :math:`y`
:math:`L`       ``loss``             the loss, averaged over samples
:math:`\eta`    ``lr``               learning rate (step size)
==============  ===================  ============================================================

Modules
-------
==============  =====================================================================================
module          what it holds
==============  =====================================================================================
activations     identity, sigmoid, tanh, ReLU, leaky ReLU, ELU, softplus, GELU; softmax, log_softmax
gradcheck       central differences and relative errors, to check any derivative
losses          MSE, MAE, Huber, (binary/softmax) cross-entropy, each with its gradient
neuron          one sigmoid neuron trained by gradient descent (the learning slowdown)
fitting         fitting a constant or a line under any loss (outliers: MSE vs MAE vs Huber)
optim           SGD (momentum, Nesterov), RMSprop, Adam, found by name with get_optimizer
surfaces        test functions for optimizers (quadratics, Rosenbrock) and a driver that runs them
training        the training loop (mini-batches, history, divergence, early stopping); linear regression by
                batch, mini-batch and stochastic gradient descent
layers          Dense (forward and backward), Dropout, Sequential; weight initialisations
graph           a scalar computational graph (micrograd-like): the chain rule, one edge at a time
backprop        a 2-2-1 network worked through; gradient checks of whole networks; cost of a pass
naive           the source post's backprop mistakes, one at a time, beside the corrected lines
cost            parameters, bytes and training memory counted; pruning, quantization, sparse storage; timing
network         MLPRegressor and MLPClassifier, scikit-learn estimators (imports scikit-learn when used)
experiments     models compared on the same splits over seeds; a grid of networks (imports scikit-learn)
playground      the playground chapter's networks, trained once with snapshots; linear regions of ReLU nets
generalization  bias and variance measured, double descent, augmentation, the regularization widget's grid
signal          how gradients shrink through depth
approximation   universal approximation in 1-D: a sum of ReLU bumps is a one-hidden-layer network
prose           numbers for the chapters' text: format a measured value and glue it into the Markdown
datasets        small data sets that ship with the code
plotting        the book's figures (imports Matplotlib when used)
widgets         live figures for a kernel and for the static book (imports ipywidgets when used)
==============  =====================================================================================
"""

import importlib
from types import ModuleType

from . import (activations, approximation, backprop, cost, datasets, evaluation, fitting, gradcheck, graph, layers,
               losses, naive, neuron, optim, plotting, prose, signal, surfaces, training, widgets)

__all__ = [
    "activations", "approximation", "backprop", "cost", "datasets", "evaluation", "experiments", "fitting",
    "generalization", "gradcheck", "graph", "layers", "losses", "naive", "network", "neuron", "optim", "playground",
    "plotting", "prose", "signal", "surfaces", "training", "widgets",
]


def __getattr__(name: str) -> ModuleType:
    """Import :mod:`nnbasics.network`, :mod:`nnbasics.experiments`, :mod:`nnbasics.playground` and
    :mod:`nnbasics.generalization` (and with them scikit-learn) only when first used."""
    if name in ("network", "experiments", "playground", "generalization"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'nnbasics' has no attribute {name!r}")


__version__ = "0.1.0"
