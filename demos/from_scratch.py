"""The "backpropagation from scratch" tutorial's NeuralNetwork class, in NumPy as it writes it,
and the same network built from our modules, for the xor and digits demos to run side by side.

The tutorial's bias trick: a column of ones is appended to the inputs, and every layer but the
last has one unit more than it says (its weight matrices are (n_i + 1) x (n_(i+1) + 1), the
last (n + 1) x n_out), so "biases" are weights like any other and no layer has a bias of its
own. Its weights are np.random.randn(rows, columns) / np.sqrt(n_i), drawn layer by layer; it
sets no seed, the demos do (np.random.seed) and say which.
"""

from typing import List

import numpy as np

from nn import MLP


def tutorial_weights(layers: List[int]) -> List[np.ndarray]:
    """The tutorial's starting weights for NeuralNetwork(layers), drawn in its order from
    NumPy's global generator (seeded by the caller)."""
    weights = []
    for i in range(len(layers) - 2):
        weights.append(np.random.randn(layers[i] + 1, layers[i + 1] + 1) / np.sqrt(layers[i]))
    weights.append(np.random.randn(layers[-2] + 1, layers[-1]) / np.sqrt(layers[-2]))
    return weights


class NeuralNetwork:
    """The tutorial's class, reduced to what it runs: W (its weight matrices), fit_partial (one
    sample: forward, deltas D, the update W += -alpha A.T D), predict and calculate_loss."""

    def __init__(self, weights: List[np.ndarray], alpha: float) -> None:
        self.W = [w.copy() for w in weights]
        self.alpha = alpha

    @staticmethod
    def sigmoid(x):
        return 1.0 / (1 + np.exp(-x))

    def fit_partial(self, x, y) -> None:
        A = [np.atleast_2d(x)]
        for layer in range(len(self.W)):
            A.append(self.sigmoid(A[layer].dot(self.W[layer])))
        D = [(A[-1] - y) * (A[-1] * (1 - A[-1]))]
        for layer in range(len(A) - 2, 0, -1):
            D.append(D[-1].dot(self.W[layer].T) * (A[layer] * (1 - A[layer])))
        D = D[::-1]
        for layer in range(len(self.W)):
            self.W[layer] += -self.alpha * A[layer].T.dot(D[layer])

    def fit_epoch(self, X, y) -> None:
        """One epoch of the tutorial's fit: every sample in order, bias column appended."""
        for x, target in zip(np.c_[X, np.ones(len(X))], y):
            self.fit_partial(x, target)

    def predict(self, X) -> np.ndarray:
        p = np.c_[np.atleast_2d(X), np.ones(len(np.atleast_2d(X)))]
        for W in self.W:
            p = self.sigmoid(np.dot(p, W))
        return p

    def calculate_loss(self, X, targets) -> float:
        """0.5 * the sum of squared errors over all samples, as the tutorial logs it."""
        return float(0.5 * np.sum((self.predict(X) - np.atleast_2d(targets)) ** 2))


def as_mlp(layers: List[int], weights: List[np.ndarray]) -> MLP:
    """The tutorial's network made of our modules: inputs n_0 + 1 (the ones column), hidden
    layers n_i + 1 sigmoid units without biases, the same weights (neuron j's weights are
    column j of the tutorial's matrix)."""
    sizes = [w.shape[1] for w in weights]
    return MLP(layers[0] + 1, sizes, activation="sigmoid", bias=False,
               weights=[w.T.tolist() for w in weights])


def with_ones(X) -> np.ndarray:
    """The tutorial's np.c_[X, np.ones(...)]: the bias column, as our model takes it."""
    X = np.asarray(X, dtype=float)
    return np.c_[X, np.ones(len(X))]
