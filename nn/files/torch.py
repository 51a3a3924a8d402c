"""Taking a model to PyTorch and back: where a learner goes after a scalar engine.

    seq = nn.to_torch(model)      # torch.nn.Sequential(Linear, Sigmoid, Linear, ...), float64
    seq(torch.tensor(X))          # the same outputs as model(x), to rounding
    model = nn.from_torch(seq)    # an MLP with the same weights

An MLP is exactly a Sequential of Linear layers, each followed by its activation (none for
"linear"): Linear's weight is (outputs, inputs), the layout `nn` names its weights in (w1[j,i]
is weight[j, i] of the first Linear), and float64 keeps every digit. PyTorch is optional: these
functions import it when called.
"""

from typing import List

from ..arrays import to_numpy
from ..modules import MLP, Module

# activation name <-> torch.nn module class name ("linear": no module after the Linear)
TORCH_ACTIVATIONS = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "ReLU"}


def _torch():
    try:
        import torch
    except ImportError:
        raise ImportError("the bridge to PyTorch needs torch: pip install torch "
                          "(here: pip install torch==2.13.0, a CPU build on disk)") from None
    return torch


def to_torch(model: Module):
    """The model as a torch.nn.Sequential (float64) with the same weights and activations."""
    torch = _torch()
    modules = []
    for W, b, activation in to_numpy(model):
        linear = torch.nn.Linear(W.shape[1], W.shape[0], bias=b is not None,
                                 dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            if b is not None:
                linear.bias.copy_(torch.from_numpy(b))
        modules.append(linear)
        if activation != "linear":
            modules.append(getattr(torch.nn, TORCH_ACTIVATIONS[activation])())
    return torch.nn.Sequential(*modules)


def from_torch(sequential) -> MLP:
    """An MLP with the weights of a torch.nn.Sequential of Linear layers, each followed by at
    most one of Sigmoid, Tanh, ReLU or Identity (each hidden layer its own, as
    MLP(activation=[...]) has them). Its Linears must all have biases or none. Anything else is
    refused with a ValueError naming the module, before anything is built."""
    torch = _torch()
    if not isinstance(sequential, torch.nn.Sequential):
        raise TypeError(f"from_torch takes a torch.nn.Sequential, got "
                        f"{type(sequential).__name__}")
    layers = _layers(sequential, torch)
    _check_expressible(layers)
    _check_finite(sequential, torch)
    last = layers[-1][1]
    hidden = [activation for _, activation in layers[:-1]]
    linears = [linear for linear, _ in layers]
    with_bias = linears[0].bias is not None
    return MLP(linears[0].in_features, [linear.out_features for linear in linears],
               activation=(hidden[0] if len(set(hidden)) == 1 else hidden) if hidden else last,
               output_activation=last,
               bias=with_bias, weights=[_floats(linear.weight) for linear in linears],
               biases=[_floats(linear.bias) for linear in linears] if with_bias else None)


def _floats(tensor) -> list:
    """A tensor's numbers as (nested) lists of Python floats, in double precision."""
    return tensor.detach().double().tolist()


def _layers(sequential, torch) -> List[list]:
    """[Linear, its activation's name ("linear" for none)] for each Linear of the Sequential;
    ValueError for a module an MLP cannot express, or an activation that follows no Linear."""
    names = {v: k for k, v in TORCH_ACTIVATIONS.items()}
    layers: List[list] = []
    for i, module in enumerate(sequential):
        kind = type(module).__name__
        if isinstance(module, torch.nn.Linear):
            layers.append([module, "linear"])
        elif kind in names:
            _follows_a_linear(layers, i, kind)
            layers[-1][1] = names[kind]
        elif kind != "Identity":
            raise ValueError(f"from_torch: module {i} is a {kind}, which an MLP cannot express "
                             f"(it has Linear layers and {', '.join(names)} or Identity)")
    if not layers:
        raise ValueError("from_torch: the Sequential holds no Linear layer")
    return layers


def _follows_a_linear(layers: List[list], i: int, kind: str) -> None:
    """ValueError unless module i, an activation, comes right after a Linear."""
    if not layers or layers[-1][1] != "linear":
        raise ValueError(f"from_torch: module {i} ({kind}) does not follow a Linear (an MLP "
                         "applies one activation after each layer)")


def _check_expressible(layers: List[list]) -> None:
    """Biases everywhere or nowhere, and sizes that chain."""
    if len({linear.bias is not None for linear, _ in layers}) > 1:
        raise ValueError("from_torch: some Linear layers have a bias and some do not; an MLP "
                         "has biases everywhere or nowhere")
    for (a, _), (b, _) in zip(layers, layers[1:]):
        if a.out_features != b.in_features:
            raise ValueError(f"from_torch: a Linear with {a.out_features} outputs feeds one "
                             f"with {b.in_features} inputs")


def _check_finite(sequential, torch) -> None:
    """Every weight a finite number, else ValueError naming where the first one is not."""
    for name, tensor in sequential.state_dict().items():
        bad = ~torch.isfinite(tensor)
        if bad.any():
            where = ", ".join(str(int(i)) for i in bad.nonzero()[0])
            raise ValueError(f"from_torch: {name}[{where}] is {tensor[bad][0].item()}, not a "
                             "finite number; nothing was built")
