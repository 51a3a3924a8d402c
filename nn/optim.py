"""Optimizers: they read each parameter's `.grad` and move its `.data`."""

import math
import numbers
from typing import Iterable, List, Tuple

import numpy as np

from autograd import Value

from .checks import shown


def _check_params(params: Iterable[Value], who: str) -> List[Value]:
    params = list(params)
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(f"{who}: params[{i}] is a {type(p).__name__}, expected a Value")
    return params


def _check_hyper(who: str, **values: float) -> None:
    """Each value a real number >= 0 (an int, a float, a NumPy scalar), finite."""
    for name, x in values.items():
        if (isinstance(x, bool) or not isinstance(x, numbers.Real) or not x >= 0
                or not math.isfinite(x)):
            raise ValueError(f"{who}: {name} must be a number >= 0, got {shown(x)}")


class Optimizer:
    """What every optimizer shares: the parameters it moves and clearing their gradients.

    An optimizer's rule is written once, in `update`, for all parameters at once as NumPy
    vectors: the same arithmetic as a loop over parameters, without a Python loop per number,
    which matters for networks with thousands of weights. `step` reads the parameters' `.data`
    and `.grad` into vectors, updates and writes `.data` back; `fit` with the batch compiler
    keeps the vector between steps instead and calls `update` itself."""

    def __init__(self, params: Iterable[Value]) -> None:
        self.params = _check_params(params, type(self).__name__)

    def update(self, data: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """The parameters' new values, from their values and gradients (vectors, in the order
        of `params`). Advances the optimizer's state (momentum, step count) by one step."""
        raise NotImplementedError

    def step(self) -> None:
        """Move every parameter by the rule of `update`, in IEEE arithmetic: a step that
        overflows leaves inf, quietly (fit checks every step's numbers and stops there)."""
        with np.errstate(over="ignore", invalid="ignore"):
            new = self.update(self.parameter_values(), self.parameter_gradients())
        self.set_parameter_values(new)

    def parameter_values(self) -> np.ndarray:
        return np.array([p.data for p in self.params], dtype=float)

    def parameter_gradients(self) -> np.ndarray:
        return np.array([p.grad for p in self.params], dtype=float)

    def set_parameter_values(self, data: np.ndarray) -> None:
        for p, x in zip(self.params, data.tolist()):
            p.data = x

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = 0.0


class SGD(Optimizer):
    """Stochastic gradient descent with PyTorch's update rule:

        g = p.grad + weight_decay * p.data
        buf = g on the first step, else momentum * buf + g      (only if momentum > 0)
        p.data -= lr * buf                                       (or lr * g without momentum)
    """

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.0,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params)
        _check_hyper("SGD", lr=lr, momentum=momentum, weight_decay=weight_decay)
        self.lr, self.momentum, self.weight_decay = float(lr), float(momentum), float(weight_decay)
        self._buffers = None

    def update(self, data: np.ndarray, grads: np.ndarray) -> np.ndarray:
        if self.weight_decay:
            grads = grads + self.weight_decay * data
        if self.momentum:
            if self._buffers is None:
                self._buffers = grads
            else:
                self._buffers = self.momentum * self._buffers + grads
            grads = self._buffers
        return data - self.lr * grads


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015) with PyTorch's update rule:

        g = p.grad + weight_decay * p.data
        m = beta1 * m + (1 - beta1) * g          v = beta2 * v + (1 - beta2) * g^2
        p.data -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)

    params        the parameters to move
    lr            the learning rate
    betas         (beta1, beta2): how much of the moments' past each keeps, in [0, 1)
    eps           added to the denominator, so it is never 0
    weight_decay  the L2 penalty's coefficient
    """

    def __init__(self, params: Iterable[Value], lr: float = 0.001,
                 betas: Tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params)
        _check_hyper("Adam", lr=lr, eps=eps, weight_decay=weight_decay)
        if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {shown(betas)}")
        self.lr, self.eps, self.weight_decay = float(lr), float(eps), float(weight_decay)
        self.beta1, self.beta2 = (float(b) for b in betas)
        self._m = np.zeros(len(self.params))
        self._v = np.zeros(len(self.params))
        self._t = 0

    def update(self, data: np.ndarray, grads: np.ndarray) -> np.ndarray:
        self._t += 1
        fix1 = 1.0 - self.beta1 ** self._t
        fix2 = 1.0 - self.beta2 ** self._t
        g = grads + self.weight_decay * data if self.weight_decay else grads
        self._m = self.beta1 * self._m + (1.0 - self.beta1) * g
        self._v = self.beta2 * self._v + (1.0 - self.beta2) * g * g
        return data - self.lr * (self._m / fix1) / (np.sqrt(self._v / fix2) + self.eps)
