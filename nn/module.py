"""`Module`: what every network is, whatever its shape: parameters with names, and from those
alone the state dict, saving and loading. In Jupyter a Module shows as its network picture
(`_repr_png_`, drawn by nn/drawing/pictures.py)."""

import os
from typing import Dict, List, Optional, Sequence, Tuple, Union

from autograd import Value

from .files import saved
from .inputs import Inputs

Output = Union[Value, List[Value]]

# The Modules nn.load can rebuild from a file, by the class name their architecture() writes:
# each nn class that can is marked @rebuildable where it is defined (nn/modules.py).
REBUILDABLE: Dict[str, type] = {}


def rebuildable(cls: type) -> type:
    """Mark a Module class as one nn.load rebuilds from its architecture()."""
    REBUILDABLE[cls.__name__] = cls
    return cls


def _check_entry(row, count: int, what: str) -> None:
    """ValueError unless a state dict entry is a list of `count` finite numbers."""
    if not isinstance(row, (list, tuple)) or len(row) != count:
        got = f"{len(row)} numbers" if isinstance(row, (list, tuple)) else repr(row)
        raise ValueError(f"{what} should be a list of {count} numbers, got {got}")
    for i, x in enumerate(row):
        if not saved.is_number(x):
            raise ValueError(f"{what}[{i}] is {x!r}, not a finite number")


class Module:
    """Something with parameters: a neuron, a layer, a network.

    Subclasses say what their parameters are called (`named_parameters`); everything else
    (parameters, zero_grad, state dicts, save and load) follows from that."""

    def named_parameters(self) -> List[Tuple[str, Value]]:
        """(name, parameter) pairs in a fixed order, e.g. ("layers.0.neurons.1.w.2", Value)."""
        return []

    def parameters(self) -> List[Value]:
        """Every parameter (a leaf Value), in the order of `named_parameters`."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0

    def __call__(self, x: Inputs) -> Output:
        raise NotImplementedError(f"{type(self).__name__} does not define __call__")

    def state_dict(self) -> Dict[str, List[float]]:
        """The parameters' values as plain lists of floats (JSON-serialisable), one list per
        weight vector or bias: {"layers.0.neurons.1.w": [...], "layers.0.neurons.1.b": [...]}."""
        state: Dict[str, List[float]] = {}
        for key, p in self._keyed_parameters():
            state.setdefault(key, []).append(float(p.data))   # a NumPy scalar in .data too
        return state

    def load_state_dict(self, state: Dict[str, Sequence[float]],
                        source: Optional[str] = None) -> None:
        """Set the parameters from `state_dict()` output. Everything is checked first: a missing
        or extra key, a wrong length, or an entry that is not a finite number (a str, a bool,
        NaN) raises ValueError naming the key (and `source`, the file it came from) and
        changes nothing."""
        where = f"{source}: " if source else ""
        if not isinstance(state, dict):
            raise ValueError(f"{where}load_state_dict needs a dict, got {type(state).__name__}")
        groups: Dict[str, List[Value]] = {}
        for key, p in self._keyed_parameters():
            groups.setdefault(key, []).append(p)
        missing = [k for k in groups if k not in state]
        extra = [k for k in state if k not in groups]
        if missing or extra:
            raise ValueError(f"{where}the state dict does not fit {self!r}: missing keys "
                             f"{missing}, unexpected keys {extra}")
        self._set(groups, state, where)

    @staticmethod
    def _set(groups: Dict[str, List[Value]], state: dict, where: str) -> None:
        """Check every entry, then set the parameters from them."""
        for key, group in groups.items():
            _check_entry(state[key], len(group), f"{where}state dict entry {key!r}")
        for key, group in groups.items():
            for p, x in zip(group, state[key]):
                p.data = float(x)

    def architecture(self) -> Optional[dict]:
        """How to build this model again: its class name and constructor arguments, which
        `save` writes beside the weights so that `nn.load` can rebuild it. None for a Module
        nn does not know how to build (its weights can still be loaded into one built the
        same way)."""
        return None

    def save(self, path: Union[str, os.PathLike], history=None) -> None:
        """Write the architecture and the weights to `path` as JSON, and the History of the
        training if given (`nn.load_history` reads it back). The file is written beside it
        first and then moved into place, so a failure leaves any earlier file as it was. A
        parameter that is not a finite number (after training diverged) is refused, naming the
        file and the parameter, before anything is written."""
        saved.write(path, saved.contents(self, history, os.fspath(path)))

    @saved.class_or_instance
    def load(self_or_class, path: Union[str, os.PathLike]):
        """`model.load(path)` loads the weights of a file written by `save` into this model (the
        same architecture, else ValueError; files of older versions, which hold only weights,
        too). `MLP.load(path)` (on the class) builds the model the file describes, as
        `nn.load(path)` does, and returns it."""
        if isinstance(self_or_class, type):
            return saved.load(path, REBUILDABLE, expected=self_or_class)
        saved.load_into(self_or_class, path)
        return None

    def _repr_png_(self) -> Optional[bytes]:
        """In Jupyter a network shows as its picture: its neurons, weights and biases (drawn by
        nn/drawing/pictures.py, imported only when a notebook asks); None (its repr) for a
        Module not made of layers, or without matplotlib."""
        from .drawing.pictures import module_png
        return module_png(self)

    def _keyed_parameters(self) -> List[Tuple[str, Value]]:
        """(state dict key, parameter): a parameter's name without its index in its vector."""
        keyed = []
        for name, p in self.named_parameters():
            head, _, last = name.rpartition(".")
            keyed.append((head if last.isdigit() else name, p))
        return keyed


