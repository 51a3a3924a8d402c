"""`Module`, `Neuron`, `Layer` and `MLP`: networks whose parameters are leaf Values."""

import random
import sys
from typing import Dict, List, Optional, Sequence, Union

from autograd import Value

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")

Inputs = Union[Sequence[Union[float, Value]], "numpy.ndarray"]  # noqa: F821


def _check_activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}")
    return name


def _activate(z: Value, name: str) -> Value:
    return z if name == "linear" else getattr(z, name)()


class Module:
    """Something with parameters: a neuron, a layer, a network."""

    def named_groups(self) -> Dict[str, List[Value]]:
        """The parameters in named groups (e.g. "layers.0.neurons.1.w"), in a fixed order."""
        return {}

    def parameters(self) -> List[Value]:
        """Every parameter (a leaf Value), in a deterministic order."""
        return [p for group in self.named_groups().values() for p in group]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0

    def state_dict(self) -> Dict[str, List[float]]:
        """The parameters' values as plain lists of floats (JSON-serialisable)."""
        return {name: [p.data for p in group] for name, group in self.named_groups().items()}

    def load_state_dict(self, state: Dict[str, Sequence[float]]) -> None:
        """Set the parameters from `state_dict()` output. Checks everything first: a missing or
        extra key or a wrong length raises ValueError and leaves the model unchanged."""
        groups = self.named_groups()
        if not isinstance(state, dict):
            raise ValueError(f"load_state_dict needs a dict, got {type(state).__name__}")
        missing = [k for k in groups if k not in state]
        extra = [k for k in state if k not in groups]
        if missing or extra:
            raise ValueError(f"state dict does not fit {self!r}: missing keys {missing}, "
                             f"unexpected keys {extra}")
        values = {}
        for name, group in groups.items():
            row = state[name]
            if not isinstance(row, (list, tuple)) or len(row) != len(group):
                got = len(row) if isinstance(row, (list, tuple)) else type(row).__name__
                raise ValueError(f"state dict entry {name!r} should be a list of {len(group)} "
                                 f"numbers, got {got}")
            try:
                values[name] = [float(x) for x in row]
            except (TypeError, ValueError):
                raise ValueError(f"state dict entry {name!r} holds a non-number: {row!r}") from None
        for name, group in groups.items():
            for p, x in zip(group, values[name]):
                p.data = x


def _as_inputs(x: Inputs, nin: int) -> list:
    np = sys.modules.get("numpy")
    if np is not None and isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ValueError(f"expected a 1-D input of length {nin}, got an array of shape "
                             f"{x.shape}")
        x = x.tolist()
    if isinstance(x, (Value, int, float)):
        x = [x]
    x = list(x)
    if len(x) != nin:
        raise ValueError(f"expected {nin} inputs, got {len(x)}")
    return x


class Neuron(Module):
    """activation(w . x + b): one weight per input, drawn from U(-1, 1)."""

    def __init__(self, nin: int, activation: str = "tanh", bias: bool = True,
                 seed: Optional[int] = None, _rng: Optional[random.Random] = None) -> None:
        if not isinstance(nin, int) or nin < 1:
            raise ValueError(f"nin must be a positive int, got {nin!r}")
        rng = _rng or random.Random(seed)
        self.activation = _check_activation(activation)
        self.w = [Value(rng.uniform(-1.0, 1.0)) for _ in range(nin)]
        self.b = Value(0.0) if bias else None

    def __call__(self, x: Inputs) -> Value:
        return self._forward(_as_inputs(x, len(self.w)))

    def _forward(self, x: list) -> Value:
        """The neuron on inputs already checked by its caller."""
        start = self.b if self.b is not None else 0.0
        return _activate(sum((wi * xi for wi, xi in zip(self.w, x)), start), self.activation)

    def named_groups(self) -> Dict[str, List[Value]]:
        groups = {"w": self.w}
        if self.b is not None:
            groups["b"] = [self.b]
        return groups

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)} inputs, {self.activation}{'' if self.b else ', no bias'})"


class Layer(Module):
    """nout neurons that all see the same inputs."""

    def __init__(self, nin: int, nout: int, activation: str = "tanh", bias: bool = True,
                 seed: Optional[int] = None, _rng: Optional[random.Random] = None) -> None:
        if not isinstance(nout, int) or nout < 1:
            raise ValueError(f"nout must be a positive int, got {nout!r}")
        rng = _rng or random.Random(seed)
        self.neurons = [Neuron(nin, activation, bias, _rng=rng) for _ in range(nout)]

    def __call__(self, x: Inputs) -> Union[Value, List[Value]]:
        x = _as_inputs(x, len(self.neurons[0].w))
        out = [n._forward(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def named_groups(self) -> Dict[str, List[Value]]:
        return {f"neurons.{i}.{k}": g for i, n in enumerate(self.neurons)
                for k, g in n.named_groups().items()}

    def __repr__(self) -> str:
        n = self.neurons[0]
        return f"Layer({len(n.w)} -> {len(self.neurons)} {n.activation})"


class MLP(Module):
    """A multilayer perceptron: Layer(nin, nouts[0]) -> Layer(nouts[0], nouts[1]) -> ..."""

    def __init__(self, nin: int, nouts: Sequence[int], activation: str = "tanh",
                 output_activation: Optional[str] = None, bias: bool = True,
                 seed: Optional[int] = None) -> None:
        nouts = list(nouts)
        if not nouts:
            raise ValueError("nouts must list at least one layer size")
        _check_activation(activation)
        last = _check_activation(output_activation or activation)
        rng = random.Random(seed)
        sizes = [nin] + nouts
        self.layers = [Layer(sizes[i], sizes[i + 1], last if i == len(nouts) - 1 else activation,
                             bias, _rng=rng) for i in range(len(nouts))]

    def __call__(self, x: Inputs) -> Union[Value, List[Value]]:
        for layer in self.layers:
            x = layer(x)
        return x

    def named_groups(self) -> Dict[str, List[Value]]:
        return {f"layers.{i}.{k}": g for i, layer in enumerate(self.layers)
                for k, g in layer.named_groups().items()}

    def __repr__(self) -> str:
        first = self.layers[0].neurons[0]
        parts = [str(len(first.w))] + [f"{len(layer.neurons)} {layer.neurons[0].activation}"
                                        for layer in self.layers]
        return f"MLP({' -> '.join(parts)}, {len(self.parameters())} parameters)"
