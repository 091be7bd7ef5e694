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
=============  =====================================================================================
module         what it holds
=============  =====================================================================================
activations    identity, sigmoid, tanh, ReLU, leaky ReLU, ELU, softplus, GELU; softmax, log_softmax
gradcheck      central differences and relative errors, to check any derivative
losses         MSE, MAE, Huber, (binary/softmax) cross-entropy, each with its gradient
neuron         one sigmoid neuron trained by gradient descent (the learning slowdown)
fitting        fitting a constant or a line under any loss (outliers: MSE vs MAE vs Huber)
optim          SGD (momentum, Nesterov), RMSprop, Adam
surfaces       test functions for optimizers (quadratics, Rosenbrock) and a driver that runs them
training       mini-batches; batch, mini-batch and stochastic gradient descent for linear regression
signal         how gradients shrink through depth
prose          numbers for the chapters' text: format a measured value and glue it into the Markdown
datasets       small data sets that ship with the code
plotting       the book's figures (imports Matplotlib when used)
widgets        live figures for a kernel and for the static book (imports ipywidgets when used)
=============  =====================================================================================
"""

from . import (activations, datasets, fitting, gradcheck, losses, neuron, optim, plotting, prose, signal,
               surfaces, training, widgets)

__all__ = [
    "activations", "datasets", "fitting", "gradcheck", "losses", "neuron", "optim", "plotting", "prose",
    "signal", "surfaces", "training", "widgets",
]
__version__ = "0.1.0"
