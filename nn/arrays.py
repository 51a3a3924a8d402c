"""A model as NumPy arrays: each layer's weight matrix, bias vector and activation.

Pictures and films need a model's outputs at thousands of points of the input plane, for
hundreds of snapshots of its parameters; a graph of Values per point would take minutes. So
they read the model as arrays once (`to_numpy`), or a snapshot's parameter vector through the
same index layout (`Layout.arrays`), and run the layers as matrix products (`forward`).

The activations are the op table's own forward functions, which work on arrays as on floats:
`forward` computes what the model computes, to rounding.
"""

from typing import Dict, List, NamedTuple, Optional, Sequence

import numpy as np

from autograd import ops

from .modules import LABELS, MLP, Layer, Module, Neuron

# The op table's activations by name ("sigmoid": sigmoid's forward, ...), and "linear".
ACTIVATION_FUNCTIONS = {op.name: op.forward for op in ops.OPS if op.activation}
ACTIVATION_FUNCTIONS["linear"] = lambda z: z


class LayerArrays(NamedTuple):
    """One layer: outputs = activation(W @ inputs + b). W is (outputs, inputs); b is None for a
    layer without biases."""
    W: np.ndarray
    b: Optional[np.ndarray]
    activation: str


class Layout:
    """Where each layer's weights and biases sit in `model.parameters()`, found once: a
    snapshot's parameter vector then becomes arrays with one indexing per layer."""

    def __init__(self, model: Module) -> None:
        layers = neurons_by_layer(model)
        position = {id(p): i for i, p in enumerate(model.parameters())}
        self.size = len(position)
        self.weights = [_weight_positions(neurons, position) for neurons in layers]
        self.biases = [_bias_positions(neurons, position) for neurons in layers]
        self.activations = [neurons[0].activation for neurons in layers]
        self.sizes = [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]
        # the names the graph pictures use: x[i] for inputs, n1[j] for neuron j of layer 1
        self.names = [[LABELS["input"].format(input=i) for i in range(self.sizes[0])]] + \
            [[n.name for n in neurons] for neurons in layers]

    def arrays(self, vector: Sequence[float]) -> List[LayerArrays]:
        """The layers of the model whose parameters (in `parameters()` order) are `vector`."""
        vector = np.asarray(vector, dtype=float)
        if vector.shape != (self.size,):
            raise ValueError(f"a parameter vector of this model holds {self.size} numbers, got "
                             f"shape {vector.shape}")
        return [LayerArrays(vector[w], None if b is None else vector[b], a)
                for w, b, a in zip(self.weights, self.biases, self.activations)]


def _weight_positions(neurons: list, position: Dict[int, int]) -> np.ndarray:
    """Where a layer's weights sit in the parameter vector: (neurons, inputs) indices."""
    return np.array([[position[id(w)] for w in n.w] for n in neurons])


def _bias_positions(neurons: list, position: Dict[int, int]) -> Optional[np.ndarray]:
    """Where a layer's biases sit in the parameter vector, or None for a layer without."""
    if neurons[0].b is None:
        return None
    return np.array([position[id(n.b)] for n in neurons])


def to_numpy(model: Module) -> List[LayerArrays]:
    """The model's layers as arrays, from the parameters' current values: (W, b, activation)
    per layer, W of shape (outputs, inputs). Copies: changing them leaves the model as it is.

        >>> [W.shape for W, b, act in to_numpy(MLP(2, [3, 1]))]
        [(3, 2), (1, 3)]
    """
    layout = Layout(model)
    return layout.arrays([p.data for p in model.parameters()])


def forward(layers: List[LayerArrays], X) -> List[np.ndarray]:
    """Every layer's outputs for the rows of X (n, inputs): [X, layer 1 (n, outputs 1), ...,
    the model's outputs]."""
    outputs = [np.asarray(X, dtype=float)]
    # IEEE, as the scalar engine: exp overflows to inf (sigmoid gives 0 there), inf - inf is nan
    with np.errstate(over="ignore", invalid="ignore"):
        for W, b, activation in layers:
            z = outputs[-1] @ W.T
            if b is not None:
                z = z + b
            outputs.append(ACTIVATION_FUNCTIONS[activation](z))
    return outputs


def runs_as_arrays(model: Module) -> bool:
    """Whether `forward(to_numpy(model), X)` computes what model(x) does: a model nn builds,
    whose __call__ is nn's own (a subclass that computes something else is not)."""
    return any(isinstance(model, cls) and type(model).__call__ is cls.__call__
               for cls in (MLP, Layer, Neuron))


def neurons_by_layer(model: Module) -> List[List[Neuron]]:
    if isinstance(model, MLP):
        return [layer.neurons for layer in model.layers]
    if isinstance(model, Layer):
        return [model.neurons]
    if isinstance(model, Neuron):
        return [[model]]
    raise TypeError(f"a network of neurons in layers is needed (an MLP, a Layer or a Neuron), "
                    f"got {type(model).__name__}")
