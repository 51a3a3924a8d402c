"""`Neuron`, `Layer` and `MLP`: the networks nn builds, Modules whose parameters are leaf
Values (nn/module.py), and `load`, which rebuilds one from its file."""

import os
import random
from typing import List, Optional, Sequence, Tuple, Union

from autograd import Parameter, Value, ops
from autograd.groups import closed, opened

from . import checks
from .files import saved
from .inputs import INPUT_LABEL, Inputs, as_inputs
from .module import REBUILDABLE, Module, Output, rebuildable
from .weights import INITS, given_numbers, initial_weights, one_each

# The activations the op table offers (ops declared with activation=True), by name, and
# "linear" for none: a new activation op shows up here without a second edit.
ACTIVATION_METHODS = {op.name: op.method for op in ops.OPS if op.activation}
ACTIVATIONS = (*ACTIVATION_METHODS, "linear")
# The interval each activation's results lie in (None: any real number).
ACTIVATION_BOUNDS = {**{op.name: op.bounds for op in ops.OPS if op.activation}, "linear": None}


# How a neuron and its parameters are labelled, from its layer ("" alone, "1" for an MLP's
# first) and its place there (`at`: "" alone, "j," in a layer; `index`: "" or "[j]"): w1[j,i],
# b1[j], n1[j]. Pictures, tables and the playground (which labels a network reshaped there
# with these) read them.
LABELS = {"weight": "w{layer}[{at}{input}]", "bias": "b{layer}{index}",
          "neuron": "n{layer}{index}", "input": INPUT_LABEL}


def _check_choice(kind: str, name: str, known: Tuple[str, ...]) -> str:
    if not isinstance(name, str) or name not in known:
        raise ValueError(f"unknown {kind} {name!r}; known: {', '.join(known)}")
    return name


def _hidden(activation, count: int) -> List[str]:
    """The hidden layers' activations: one name for all of them, or a list, one per layer."""
    if isinstance(activation, str):
        return [_check_choice("activation", activation, ACTIVATIONS)] * count
    one_each(activation, count, "activation", "one name per hidden layer")
    return [_check_choice("activation", a, ACTIVATIONS) for a in activation]


@rebuildable
class Neuron(Module):
    """activation(w . x + b): one weight per input, and a bias unless bias=False.

    Weights start as `init` says (see INITS), or exactly as given in `weights`. The parameters
    are labelled for pictures and tables: a neuron alone has weights w[0], w[1], ... and bias b;
    in a Layer, neuron j's are w[j,0], ... and b[j]; in an MLP, layer 1's (the first) are
    w1[j,i] (from input i into neuron j, the layout of PyTorch's weight matrices) and b1[j].
    The neuron itself is called n, n[j] or n1[j] (`name`).

    nin         the number of inputs (and weights)
    activation  one of ACTIVATIONS
    bias        whether it has a bias
    seed        the seed of the starting weights
    init        how the weights start: one of INITS
    weights     the nin starting weights instead
    bias_value  the bias's starting value"""

    def __init__(self, nin: int, activation: str = "tanh", bias: bool = True,
                 seed: Optional[int] = None, init: str = "uniform",
                 weights: Optional[Sequence[float]] = None, bias_value: float = 0.0,
                 _rng: Optional[random.Random] = None, _fan_out: int = 1) -> None:
        checks.whole_number(nin, "nin", "Neuron")
        checks.flag(bias, "bias", "Neuron")
        self.activation = _check_choice("activation", activation, ACTIVATIONS)
        _check_choice("init", init, INITS)
        weights = initial_weights(init, nin, _fan_out, _rng or random.Random(seed)) \
            if weights is None else given_numbers(weights, nin, "weights")
        self.w = [Parameter(w) for w in weights]
        self.b = Parameter(bias_value) if bias else None
        self._name("", None)

    def _name(self, layer: str, index: Optional[int]) -> None:
        """Label the parameters after the neuron's place: layer "1" and index 0 give w1[0,i],
        b1[0] and the name n1[0] (see the class docstring)."""
        at, place = ("", "") if index is None else (f"{index},", f"[{index}]")
        self.name = LABELS["neuron"].format(layer=layer, index=place)
        for i, w in enumerate(self.w):
            w.label, w.owner = LABELS["weight"].format(layer=layer, at=at, input=i), self.name
        if self.b is not None:
            self.b.label = LABELS["bias"].format(layer=layer, index=place)
            self.b.owner = self.name

    def __call__(self, x: Inputs) -> Value:
        return self._forward(as_inputs(x, len(self.w)))

    def _forward(self, x: list) -> Value:
        """The neuron on inputs already checked by its caller: its nodes are a group named
        after it (autograd.group)."""
        start = opened()
        terms = (wi * xi for wi, xi in zip(self.w, x))
        z = sum(terms, self.b if self.b is not None else next(terms))
        if self.activation != "linear":
            z = getattr(z, ACTIVATION_METHODS[self.activation])()
        closed(start, self.name, "neuron")
        return z

    # what architecture() writes, and all that nn.load passes from a file to the constructor
    architecture_keys = ("nin", "activation", "bias")

    def architecture(self) -> dict:
        return {"class": "Neuron", "nin": len(self.w), "activation": self.activation,
                "bias": self.b is not None}

    @staticmethod
    def parameter_count(nin, bias=True, **_) -> int:
        """How many parameters Neuron(nin, bias=bias) has, found without building it (so that
        a file naming a huge model is refused before any memory goes to it)."""
        return checks.whole_number(nin, "'nin'", "architecture") + \
            checks.flag(bias, "'bias'", "architecture")

    def parameters(self) -> List[Value]:
        return self.w + ([self.b] if self.b is not None else [])

    KEYS = {"weight": "w", "bias": "b"}    # a file's keys of its weights and of its bias

    def named_parameters(self) -> List[Tuple[str, Value]]:
        named = [(f"{self.KEYS['weight']}.{i}", w) for i, w in enumerate(self.w)]
        return named + ([(self.KEYS["bias"], self.b)] if self.b is not None else [])

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)} -> 1 {self.activation}{'' if self.b else ', no bias'})"


@rebuildable
class Layer(Module):
    """nout neurons that all see the same inputs.

    nin         the number of inputs of every neuron
    nout        the number of neurons
    activation  one of ACTIVATIONS
    bias        whether the neurons have biases
    seed        the seed of the starting weights
    init        how the weights start: one of INITS
    weights     one list of nin weights per neuron instead (optional)
    biases      one starting bias per neuron (optional; else 0)"""

    def __init__(self, nin: int, nout: int, activation: str = "tanh", bias: bool = True,
                 seed: Optional[int] = None, init: str = "uniform",
                 weights: Optional[Sequence[Sequence[float]]] = None,
                 biases: Optional[Sequence[float]] = None,
                 _rng: Optional[random.Random] = None) -> None:
        checks.whole_number(nout, "nout", "Layer")
        one_each(weights, nout, "weights", "one list per neuron")
        if biases is not None and not bias:
            raise ValueError("biases were given for a layer with bias=False")
        biases = [0.0] * nout if biases is None else given_numbers(biases, nout, "biases")
        rng = _rng or random.Random(seed)
        self.neurons = [
            Neuron(nin, activation, bias, init=init, _rng=rng, _fan_out=nout,
                   weights=None if weights is None else weights[i], bias_value=biases[i])
            for i in range(nout)]
        self._name("")

    def _name(self, layer: str) -> None:
        self.name = f"layer{layer}"
        for j, neuron in enumerate(self.neurons):
            neuron._name(layer, j)

    def __call__(self, x: Inputs) -> Output:
        out = self._forward(as_inputs(x, len(self.neurons[0].w)))
        return out[0] if len(out) == 1 else out

    def _forward(self, x: list) -> List[Value]:
        """The layer on inputs already checked: a group of its neurons' groups."""
        start = opened()
        out = [n._forward(x) for n in self.neurons]
        closed(start, self.name, "layer")
        return out

    architecture_keys = ("nin", "nout", "activation", "bias")

    def architecture(self) -> dict:
        first = self.neurons[0]
        return {"class": "Layer", "nin": len(first.w), "nout": len(self.neurons),
                "activation": first.activation, "bias": first.b is not None}

    @staticmethod
    def parameter_count(nin, nout, bias=True, **_) -> int:
        """How many parameters Layer(nin, nout, bias=bias) has, found without building it."""
        return Neuron.parameter_count(nin, bias) * checks.whole_number(nout, "'nout'",
                                                                       "architecture")

    def parameters(self) -> List[Value]:
        return [p for n in self.neurons for p in n.parameters()]   # no names to format

    # a neuron's parameters' names within the layer (a page names a reshaped network's so)
    KEY = "neurons.{index}.{name}"

    def named_parameters(self) -> List[Tuple[str, Value]]:
        return [(self.KEY.format(index=i, name=name), p) for i, n in enumerate(self.neurons)
                for name, p in n.named_parameters()]

    def __repr__(self) -> str:
        n = self.neurons[0]
        return f"Layer({len(n.w)} -> {len(self.neurons)} {n.activation})"


@rebuildable
class MLP(Module):
    """A multilayer perceptron: Layer(nin, nouts[0]) -> Layer(nouts[0], nouts[1]) -> ...

    The last layer uses `output_activation` (default: `activation`). `weights`, if given, holds
    one entry per layer in Layer's form, so a worked example's exact weights can be typed in;
    `biases` likewise one list per layer.

    nin                the number of inputs
    nouts              the layers' sizes, the last the number of outputs
    activation         the hidden layers' activation, one of ACTIVATIONS, or a list of them,
                       one per hidden layer
    output_activation  the last layer's (None: `activation`, or its last for a list)
    bias               whether the neurons have biases
    seed               the seed of the starting weights
    init               how the weights start: one of INITS
    weights            one entry per layer, in Layer's form (optional)
    biases             one list per layer (optional)"""

    def __init__(self, nin: int, nouts: Sequence[int], activation: Union[str, List[str]] = "tanh",
                 output_activation: Optional[str] = None, bias: bool = True,
                 seed: Optional[int] = None, init: str = "uniform",
                 weights: Optional[Sequence] = None, biases: Optional[Sequence] = None) -> None:
        if isinstance(nouts, int) or not hasattr(nouts, "__iter__"):
            raise ValueError(f"MLP: nouts must list the layer sizes, e.g. MLP({nin!r}, [1]) for "
                             f"one output neuron or MLP({nin!r}, [4, 1]) for a hidden layer "
                             f"of 4; got {checks.shown(nouts)}")
        nouts = list(nouts)
        if not nouts:
            raise ValueError("nouts must list at least one layer size")
        hidden = _hidden(activation, len(nouts) - 1)
        default = activation if isinstance(activation, str) else (hidden or ["tanh"])[-1]
        last = _check_choice("activation", output_activation or default, ACTIVATIONS)
        one_each(weights, len(nouts), "weights", "one entry per layer")
        one_each(biases, len(nouts), "biases", "one entry per layer")
        rng, sizes = random.Random(seed), [nin] + nouts
        activations = hidden + [last]
        unset = [None] * len(nouts)
        weights = unset if weights is None else weights
        biases = unset if biases is None else biases
        self.layers = [Layer(sizes[i], sizes[i + 1], activations[i], bias, init=init, _rng=rng,
                             weights=weights[i], biases=biases[i])
                       for i in range(len(nouts))]
        for i, layer in enumerate(self.layers, 1):
            layer._name(str(i))

    def __call__(self, x: Inputs) -> Output:
        x = as_inputs(x, len(self.layers[0].neurons[0].w))
        start = opened()                # a call is one sample: a group of its layers' groups
        for layer in self.layers:
            x = layer._forward(x)
        closed(start, "sample", "sample")
        return x[0] if len(x) == 1 else x

    architecture_keys = ("nin", "nouts", "activation", "output_activation", "bias")

    @staticmethod
    def parameter_count(nin, nouts, bias=True, **_) -> int:
        """How many parameters MLP(nin, nouts, bias=bias) has, found without building it."""
        if not isinstance(nouts, (list, tuple)) or not nouts:
            raise ValueError(f"architecture: 'nouts' must list the layer sizes, got "
                             f"{checks.shown(nouts)}")
        sizes = [nin] + [checks.whole_number(n, f"'nouts'[{i}]", "architecture")
                         for i, n in enumerate(nouts)]
        return sum(Layer.parameter_count(a, b, bias) for a, b in zip(sizes, sizes[1:]))

    def architecture(self) -> dict:
        first, last = self.layers[0].neurons[0], self.layers[-1].neurons[0]
        hidden = [layer.neurons[0].activation for layer in self.layers[:-1]]
        return {"class": "MLP", "nin": len(first.w),
                "nouts": [len(layer.neurons) for layer in self.layers],
                "activation": hidden[0] if len(set(hidden)) == 1 else hidden or first.activation,
                "output_activation": last.activation, "bias": first.b is not None}

    def parameters(self) -> List[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    KEY = "layers.{index}.{name}"     # a layer's parameters' names within the MLP

    def named_parameters(self) -> List[Tuple[str, Value]]:
        return [(self.KEY.format(index=i, name=name), p) for i, layer in enumerate(self.layers)
                for name, p in layer.named_parameters()]

    def __repr__(self) -> str:
        first = self.layers[0].neurons[0]
        parts = [str(len(first.w))] + [f"{len(layer.neurons)} {layer.neurons[0].activation}"
                                        for layer in self.layers]
        return f"MLP({' -> '.join(parts)}, {len(self.parameters())} parameters)"


def output_activation(model: Module) -> Optional[str]:
    """The activation of the model's outputs, for the modules nn builds; None for others."""
    if isinstance(model, MLP):
        return model.layers[-1].neurons[0].activation
    if isinstance(model, Layer):
        return model.neurons[0].activation
    if isinstance(model, Neuron):
        return model.activation
    return None


# The modules nn.load can rebuild from a file, by the class name their architecture() gives.
MODULES = REBUILDABLE


def load(path: Union[str, os.PathLike]) -> Module:
    """The model a file written by `save` describes, rebuilt (a Neuron, a Layer or an MLP)
    with its weights; every failure a ValueError naming the file (see nn.files.saved)."""
    return saved.load(path, MODULES)
