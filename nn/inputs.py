"""What a model takes: a row of numbers (a list, a tuple, a 1-D array) becomes its input
nodes, one per input, shared by every neuron that reads it."""

import sys
from typing import Sequence, Union

from autograd import Value

Inputs = Union[Sequence[Union[float, Value]], "numpy.ndarray"]  # noqa: F821
INPUT_LABEL = "x[{input}]"     # input i's label


def as_inputs(x: Inputs, nin: int) -> list:
    """x as a list of nin inputs. Plain numbers become input nodes labelled x[0], x[1], ...,
    one per input, shared by every neuron that reads it (so a picture shows one node per input,
    and its fan-out). Where some inputs are Values already (the caller is building a graph, e.g.
    for the batch compiler), numbers among them stay numbers: constants of the ops."""
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
    if any(isinstance(v, Value) for v in x):
        return x           # a graph being built from Values: a number among them is a constant
    return [Value(v, label=INPUT_LABEL.format(input=i)) for i, v in enumerate(x)]
