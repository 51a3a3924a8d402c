"""What Python declares, traced into programs a page runs: a model, a loss, an optimizer's rule,
and the parts an MLP is made of.

The op table reaches the page as generated JavaScript (autograd/live); everything above the
ops reaches it here, as straight-line programs (autograd.live.program) that the page's engine
runs: each traced from the Python that `fit` runs, never written a second time.

- `model_program`: any Module's graph from its parameters and two inputs to its outputs (and,
  for a network of neurons in layers, where each neuron's output is), which the page runs on
  one sample in a step, on every row when it measures and on thousands of points of the plane.
- `loss_programs`: a loss's graph from the outputs o[k] and targets t[j] to the loss, for the
  named losses and for a function of the learner's; the page joins a sample's graph as the
  model's program followed by the loss's, in the order Python makes them (nn/browser/js/compose.js).
- `rule_program`: an optimizer's `rule` (nn/training/optim.py) for one parameter.
- `mlp_parts`: what the page builds an MLP from when the learner reshapes it: a neuron's
  graph in pieces (a term w * x added to the sum, each activation), the rule of the starting
  weights, the names of parameters and neurons and the keys of a saved file.
"""

from typing import Callable, Dict, Optional, Sequence, Union

from autograd import Value
from autograd.graph import creation_order
from autograd.live.program import program

from ..arrays import neurons_by_layer
from ..modules import ACTIVATION_METHODS, ACTIVATIONS, LABELS, MLP, Layer, Module, Neuron
from ..training.optim import Optimizer
from ..weights import INIT_RULES

Loss = Union[str, Callable]


def _traced(roots: Sequence[Value], **leaves: Sequence[Value]) -> dict:
    """The program of `roots`, with where each group of leaves is in it (-1: a leaf the roots
    do not depend on) and where the roots are (`roots`)."""
    found = program(*roots)
    index = {id(node): i for i, node in enumerate(creation_order(*roots))}
    where = {name: [index.get(id(v), -1) for v in group] for name, group in leaves.items()}
    return {"nodes": found["nodes"], **where, "roots": [index[id(r)] for r in roots]}


def model_program(model: Module, inputs: int = 2) -> dict:
    """The model's graph from its parameters (`params`, in model.parameters() order) and its
    inputs x[k] (`inputs`) to its outputs (`roots`); for an MLP, Layer or Neuron also
    `neurons`: per layer, where each neuron's output is."""
    x = [Value(0.0, label=f"x[{k}]") for k in range(inputs)]
    layers = _layers_of(model)
    if layers is None:
        out = model(x)
        outputs, neurons = (out if isinstance(out, list) else [out]), None
    else:
        neurons, a = [], x
        for layer in layers:
            a = [neuron._forward(a) for neuron in layer]
            neurons.append(a)
        outputs = a
    traced = _traced(outputs, params=model.parameters(), inputs=x)
    if neurons is not None:
        index = {id(node): i for i, node in enumerate(creation_order(*outputs))}
        traced["neurons"] = [[index[id(v)] for v in layer] for layer in neurons]
    return traced


def _layers_of(model: Module) -> Optional[list]:
    """The neurons of each layer of a model nn builds (whose __call__ is nn's), else None."""
    from ..arrays import runs_as_arrays
    return neurons_by_layer(model) if runs_as_arrays(model) else None


def loss_name(loss: Loss) -> str:
    """A loss's name on the page: its name in nn.LOSSES, or the function's own."""
    return loss if isinstance(loss, str) else getattr(loss, "__name__", "your loss")


def loss_programs(loss: Loss, outputs: int, losses: Dict[str, Callable],
                  one_target: bool = False) -> Dict[str, dict]:
    """The graph of one row's loss from its outputs (leaves o[k]) and targets (leaves t[j]),
    by the name the page knows it by: for a named loss, it and (but for cross_entropy) mse and
    bce, which the page changes between; cross_entropy's one per class, its
    target the class its graph picks; a function of the learner's, as it is. Each says where
    its outputs and targets are; keyed by class, or "all". `one_target`: the learner's
    function takes each row's target as one number, not a list (as fit passes y's rows)."""
    if not isinstance(loss, str):
        return {loss_name(loss): {"all": _loss_program(loss, outputs, None, one_target)}}
    names = ["cross_entropy"] if loss == "cross_entropy" else list(dict.fromkeys([loss, "mse",
                                                                                  "bce"]))
    found = {}
    for name in names:
        labels = list(range(outputs)) if name == "cross_entropy" else [None]
        found[name] = {("all" if label is None else str(label)):
                       _loss_program(losses[name], outputs, label) for label in labels}
    return found


def _loss_program(function: Callable, outputs: int, label: Optional[int],
                  one_target: bool = False) -> dict:
    scores = [Value(0.5, label=f"o[{k}]") for k in range(outputs)]
    output = scores[0] if outputs == 1 else scores
    if label is not None:
        return _traced([function(output, label)], outputs=scores, targets=[])
    targets = [Value(0.5, label=f"t[{j}]") for j in range(outputs)]
    target = targets[0] if one_target else targets
    return _traced([function(output, target)], outputs=scores, targets=targets)


def rule_program(cls: type) -> dict:
    """An optimizer's rule on one parameter, traced: leaves p, g, t and its STATE and
    SETTINGS (each's place in `inputs`); its roots the new p and each new state, in order."""
    leaves = {name: Value(0.5, label=name)
              for name in ("p", "g", "t", *cls.STATE, *cls.SETTINGS)}
    new, state = cls.rule(leaves["p"], leaves["g"], leaves["t"],
                          *(leaves[s] for s in cls.STATE),
                          **{s: leaves[s] for s in cls.SETTINGS})
    traced = _traced([new, *state], leaves=list(leaves.values()))
    traced["inputs"] = dict(zip(leaves, traced.pop("leaves")))
    return traced


def declared_optimizers(optimizers: Dict[str, tuple], given: Optimizer) -> Dict[str, dict]:
    """Every optimizer the page offers (nn.training.optim.OPTIMIZERS, and the class of `given`), by
    name: its rule's program, its settings and state, how Python code makes one, and its
    settings when only lr is given."""
    classes = {name: cls for name, (cls, _) in optimizers.items()}
    classes.setdefault(optimizer_kind(given, optimizers), type(given))
    declared = {}
    for name, cls in classes.items():
        rate = optimizers[name][1] if name in optimizers else given.lr
        defaults = cls([Value(0.0)], lr=rate).settings()
        declared[name] = {"rule": rule_program(cls), "settings": list(cls.SETTINGS),
                          "state": list(cls.STATE), "call": cls.CALL, "defaults": defaults,
                          "label": cls.__name__, "nn": cls.__module__.startswith("nn.")}
    return declared


def optimizer_kind(optimizer: Optimizer, optimizers: Dict[str, tuple]) -> str:
    """The optimizer's name on the page: its name in OPTIMIZERS, or its class's, lower case."""
    for name, (cls, _) in optimizers.items():
        if type(optimizer) is cls:
            return name
    return type(optimizer).__name__.lower()


def mlp_parts() -> dict:
    """What the page builds an MLP from (see the module docstring): a neuron computes
    z = b, then z = z + w[i] * x[i] for each input (`term`; without a bias z starts as
    w[0] * x[0], `first`), then its activation (`activations`, none for linear), as
    Neuron._forward does; its weights start by INIT_RULES["uniform"] from Python's
    random.random(), its bias at 0."""
    z, w, x = Value(0.5, label="z"), Value(0.5, label="w"), Value(0.5, label="x")
    term = _traced([z + w * x], z=[z], w=[w], x=[x])
    first = _traced([w * x], w=[w], x=[x])
    activations = {}
    for name in ACTIVATIONS:
        if name != "linear":
            activations[name] = _traced([getattr(z, ACTIVATION_METHODS[name])()], z=[z])
    return {"term": term, "first": first, "activations": activations,
            "init": _init_program("uniform"), "bias": 0.0, "labels": dict(LABELS),
            "keys": {"model": MLP.KEY, "layer": Layer.KEY, **Neuron.KEYS}}


def _init_program(name: str) -> dict:
    draw, rule = INIT_RULES[name]
    u, nin, nout = Value(0.5, label="u"), Value(2.0, label="nin"), Value(1.0, label="nout")
    return {**_traced([rule(u, nin, nout)], u=[u], nin=[nin], nout=[nout]), "draw": draw}
