"""Optimizers: they read each parameter's `.grad` and move its `.data`."""

from typing import Iterable, List

from autograd import Value


class SGD:
    """Stochastic gradient descent with PyTorch's update rule:

        g = p.grad + weight_decay * p.data
        buf = g on the first step, else momentum * buf + g      (only if momentum > 0)
        p.data -= lr * buf                                       (or lr * g without momentum)
    """

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.0,
                 weight_decay: float = 0.0) -> None:
        self.params: List[Value] = list(params)
        for i, p in enumerate(self.params):
            if not isinstance(p, Value):
                raise TypeError(f"SGD: params[{i}] is a {type(p).__name__}, expected a Value")
        for name, x in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)):
            if not isinstance(x, (int, float)) or x < 0:
                raise ValueError(f"SGD: {name} must be a number >= 0, got {x!r}")
        self.lr, self.momentum, self.weight_decay = float(lr), float(momentum), float(weight_decay)
        self._buffers = None

    def step(self) -> None:
        grads = [p.grad + self.weight_decay * p.data for p in self.params]
        if self.momentum:
            if self._buffers is None:
                self._buffers = grads
            else:
                self._buffers = [self.momentum * b + g for b, g in zip(self._buffers, grads)]
            grads = self._buffers
        for p, g in zip(self.params, grads):
            p.data -= self.lr * g

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = 0.0
