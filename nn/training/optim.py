"""Optimizers: they read each parameter's `.grad` and move its `.data`."""

import math
import numbers
from typing import Dict, Iterable, List, Tuple

import numpy as np

from autograd import Value

from ..checks import shown


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
    """What every optimizer shares: the parameters it moves, its rule and its state.

    An optimizer's arithmetic is written once, in `rule`: one parameter's new value and new
    state from its value p, its gradient g, the step count t, its state (STATE, each 0 before
    the first step) and its settings (SETTINGS, the optimizer's attributes of those names). The
    same function runs on NumPy vectors of every parameter at once (`update`: `step`, and `fit`'s
    batch compiler, which keeps the vector between steps) and on Values, which trace it into
    the graph a page runs (`traced_rule`): so a new optimizer written here trains on a page too.
    A rule has no branch on its numbers: a setting of 0 (no momentum, no weight decay) gives
    the same numbers as leaving its arithmetic out would, so one graph serves every setting."""

    SETTINGS: Tuple[str, ...] = ("lr",)
    STATE: Tuple[str, ...] = ()
    # How Python code makes one, filled with the settings' values: what a page writes when it
    # shows the code of a run (and what a page offers in its menu of optimizers).
    CALL = ""

    def __init__(self, params: Iterable[Value]) -> None:
        self.params = _check_params(params, type(self).__name__)
        self._state = [np.zeros(len(self.params)) for _ in self.STATE]
        self._t = 0

    @staticmethod
    def rule(p, g, t, *state, **settings):
        """(p's new value, (each state's new value)), for

        p         the parameter's value (a vector of every parameter's, or a Value)
        g         its gradient
        t         the step's number, 1 for the first
        state     its STATE, in order (0 before the first step)
        settings  its SETTINGS, by name"""
        raise NotImplementedError

    def settings(self) -> Dict[str, float]:
        """The rule's settings, by name."""
        return {name: getattr(self, name) for name in self.SETTINGS}

    def update(self, data: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """The parameters' new values, from their values and gradients (vectors, in the order
        of `params`). Advances the optimizer's state (its STATE and step count) by one step;
        the state's arrays are replaced, never changed in place."""
        self._t += 1
        new, state = self.rule(data, grads, float(self._t), *self._state, **self.settings())
        self._state = list(state)
        return new

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


def sqrt(x):
    """The square root of a vector (NumPy's) or of a Value (the op table's): for rules."""
    return x.sqrt() if isinstance(x, Value) else np.sqrt(x)


class SGD(Optimizer):
    """Stochastic gradient descent with PyTorch's update rule:

        g = p.grad + weight_decay * p.data
        buf = g on the first step, else momentum * buf + g      (momentum 0: buf is g)
        p.data -= lr * buf
    """

    SETTINGS = ("lr", "momentum", "weight_decay")
    STATE = ("buffer",)
    CALL = "SGD(model.parameters(), lr={lr}, momentum={momentum}, weight_decay={weight_decay})"

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.0,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params)
        _check_hyper("SGD", lr=lr, momentum=momentum, weight_decay=weight_decay)
        self.lr, self.momentum, self.weight_decay = float(lr), float(momentum), float(weight_decay)

    @staticmethod
    def rule(p, g, t, buffer, *, lr, momentum, weight_decay):
        """The step above, for

        p             the parameter's value
        g             its gradient
        t             the step's number (SGD does not read it)
        buffer        its momentum buffer
        lr            the learning rate
        momentum      how much of the buffer each step keeps
        weight_decay  the L2 penalty's coefficient"""
        g = g + weight_decay * p
        buffer = momentum * buffer + g          # the first step's buffer of 0 gives g
        return p - lr * buffer, (buffer,)


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

    SETTINGS = ("lr", "beta1", "beta2", "eps", "weight_decay")
    STATE = ("m", "v")
    CALL = ("Adam(model.parameters(), lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
            "weight_decay={weight_decay})")

    def __init__(self, params: Iterable[Value], lr: float = 0.001,
                 betas: Tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params)
        _check_hyper("Adam", lr=lr, eps=eps, weight_decay=weight_decay)
        if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {shown(betas)}")
        self.lr, self.eps, self.weight_decay = float(lr), float(eps), float(weight_decay)
        self.beta1, self.beta2 = (float(b) for b in betas)

    @staticmethod
    def rule(p, g, t, m, v, *, lr, beta1, beta2, eps, weight_decay):
        """The step above, for

        p             the parameter's value
        g             its gradient
        t             the step's number, 1 for the first
        m             its first moment
        v             its second moment
        lr            the learning rate
        beta1         how much of m's past each step keeps
        beta2         how much of v's past each step keeps
        eps           added to the denominator
        weight_decay  the L2 penalty's coefficient"""
        g = g + weight_decay * p
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        fix1 = 1.0 - beta1 ** t
        fix2 = 1.0 - beta2 ** t
        return p - lr * (m / fix1) / (sqrt(v / fix2) + eps), (m, v)


# The optimizers a page offers (and fit's optimizer="..." names), with their default rates.
OPTIMIZERS = {"sgd": (SGD, 0.1), "adam": (Adam, 0.001)}
