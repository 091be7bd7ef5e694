r"""Small data sets that ship with the code: generated here or bundled with scikit-learn, never downloaded.

Introduced in: the activations chapter (book/activations.ipynb), XOR.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["xor"]


def xor() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""The four points of the XOR truth table.

    Returns
    -------
    X : ndarray of shape (4, 2)
        The inputs :math:`(x_1, x_2) \in \{0, 1\}^2`.
    y : ndarray of shape (4,)
        :math:`y = x_1 \oplus x_2`.

    Examples
    --------
    >>> X, y = xor()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    return X, y
