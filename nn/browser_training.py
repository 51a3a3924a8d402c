"""Training in the browser with the numbers of `fit`: what a page needs to take the same steps.

`fit`'s scalar engine builds, for each batch, every sample's graph (the model, then its loss),
joins the losses (l0 + l1 + ..., divided by the batch size for a mean) and runs backward once.
The page does the same with the op table's generated JavaScript (autograd/live): it gets here
the graph of one sample's loss as a straight-line program (a *template*: the parameters, the
inputs x[k] and targets t[j] as leaves), copies it once per sample of a batch into one
program, joins the losses in the same order, and runs it (autograd/live/js/engine.js). Its
nodes are made in the order Python makes them, so backward sums every gradient in the same
order: the page's parameters after k steps are fit's, to the last few bits of the ops that are
not exact. The optimizer's rule and the shuffling (Python's own Mersenne Twister and
`random.shuffle`) are their JavaScript twins in nn/js/.

For cross_entropy a sample's graph depends on its class (it picks that class's log-softmax),
so there is one template per class.

The page measures the model after each epoch as fit does (nn/loop.py): every row's outputs at
once, as arrays (nn/js/arrays.js, the op table's forwards, as nn/arrays.py reads a model),
then each row's loss from its outputs by the loss's own graph, traced here with the outputs
and targets as leaves (`loss_programs`): no loss is written twice.
"""

from typing import Dict, List, Optional

import numpy as np

from autograd import Value
from autograd.graph import creation_order
from autograd.live.program import json_number, program

from . import checks
from .data import LOSSES
from .data import task as checked_task
from .modules import Module
from .optim import SGD, Adam, Optimizer


def training_spec(model: Module, X, y, *, loss: str = "mse", optimizer: Optimizer,
                  batch_size: Optional[int] = 1, shuffle: bool = True, seed: int = 0,
                  reduction: str = "mean", who: str = "training_spec") -> dict:
    """What a page needs to train `model` as `fit(model, X, y, ...)` with these settings would.

    model       an nn Module (its parameters in `model.parameters()` order)
    X           the samples, one row of inputs each
    y           their targets
    loss        a name from nn.LOSSES (a function of the user's cannot be written down)
    optimizer   an SGD or Adam over the model's parameters, in their order
    batch_size  samples per step (None: all of them)
    shuffle     shuffle the samples every epoch, as fit does
    seed        the shuffling's seed (an int: the page replays Python's Mersenne Twister)
    reduction   "mean" or "sum" of a batch's losses
    who         the function to name in messages"""
    if not isinstance(loss, str):
        raise ValueError(f"{who}: the page trains with a loss named in nn.LOSSES (a function of "
                         "your own cannot be written into it yet)")
    checks.whole_number(seed, "seed", who, minimum=0)
    data = checked_task(model, X, y, loss, who)
    params = model.parameters()
    return {
        "params": [p.data for p in params],
        "X": data.X.tolist(), "targets": _targets(data),
        "templates": _templates(model, data, params),
        "batchSize": len(data.X) if batch_size is None else int(batch_size),
        "shuffle": bool(shuffle), "seed": seed, "reduction": reduction,
        "optimizer": _optimizer(optimizer, params, who),
    }


def _targets(data) -> list:
    """Each row's targets: the class index for cross_entropy, else the list of numbers."""
    if data.loss_name == "cross_entropy":
        return [int(t) for t in data.targets]
    return [list(map(float, t)) for t in data.targets]


def _templates(model: Module, data, params: List[Value]) -> Dict[str, dict]:
    """The program of one sample's loss, by class for cross_entropy ("all" otherwise), with
    where its parameters, inputs and targets are."""
    if data.loss_name == "cross_entropy":
        return {str(k): _template(model, data, params, k) for k in range(data.outputs)}
    return {"all": _template(model, data, params, None)}


def sample_graph(model: Module, data, label) -> tuple:
    """(row 0's loss graph, its input leaves, its target leaves): for cross_entropy of class
    `label`, whose targets are not leaves but the class picked."""
    inputs = [Value(float(v), label=f"x[{k}]") for k, v in enumerate(data.X[0])]
    if label is None:
        targets = [Value(float(v), label=f"t[{j}]") for j, v in enumerate(data.targets[0])]
        return data.sample_loss(model(inputs), targets), inputs, targets
    return data.sample_loss(model(inputs), label), inputs, []


def _template(model: Module, data, params: List[Value], label) -> dict:
    """The program of row 0's loss (of class `label` for cross_entropy), its inputs and
    targets as leaves, and where the parameters, inputs and targets are in it (-1: unused)."""
    root, inputs, targets = sample_graph(model, data, label)
    root.label = "loss"
    found = program(root)
    index = {id(node): i for i, node in enumerate(creation_order(root))}
    return {"nodes": found["nodes"],
            "params": [index.get(id(p), -1) for p in params],
            "inputs": [index.get(id(x), -1) for x in inputs],
            "targets": [index.get(id(t), -1) for t in targets]}


def _optimizer(optimizer: Optimizer, params: List[Value], who: str) -> dict:
    """The optimizer's kind and settings, for its JavaScript twin (nn/js/optimizers.js)."""
    if [id(p) for p in optimizer.params] != [id(p) for p in params]:
        raise ValueError(f"{who}: the optimizer must move the model's parameters, in the order "
                         "of model.parameters()")
    if type(optimizer) is SGD:
        return {"kind": "sgd", "lr": optimizer.lr, "momentum": optimizer.momentum,
                "weightDecay": optimizer.weight_decay}
    if type(optimizer) is Adam:
        return {"kind": "adam", "lr": optimizer.lr, "beta1": optimizer.beta1,
                "beta2": optimizer.beta2, "eps": optimizer.eps,
                "weightDecay": optimizer.weight_decay}
    raise ValueError(f"{who}: the page has SGD and Adam, not {type(optimizer).__name__}")


def loss_programs(loss: str, outputs: int) -> Dict[str, dict]:
    """The graph of one row's loss from its outputs (leaves o[k]) and targets (leaves t[j]), as
    programs for the page's engine: for `loss` and, but for cross_entropy, the other of mse
    and bce (the page changes between them); cross_entropy's one per class, its target being
    the class the graph picks. Each with where its outputs and targets are."""
    names = ["cross_entropy"] if loss == "cross_entropy" else ["mse", "bce"]
    found = {}
    for name in names:
        labels = [str(k) for k in range(outputs)] if name == "cross_entropy" else ["all"]
        found[name] = {label: _loss_program(name, outputs, label) for label in labels}
    return found


def _loss_program(name: str, outputs: int, label: str) -> dict:
    scores = [Value(0.5, label=f"o[{k}]") for k in range(outputs)]
    output = scores[0] if outputs == 1 else scores
    if name == "cross_entropy":
        targets, root = [], LOSSES[name](output, int(label))
    else:
        targets = [Value(0.5, label=f"t[{j}]") for j in range(outputs)]
        root = LOSSES[name](output, targets)
    index = {id(node): i for i, node in enumerate(creation_order(root))}
    return {"nodes": program(root)["nodes"],
            "outputs": [index.get(id(o), -1) for o in scores],
            "targets": [index.get(id(t), -1) for t in targets]}


def as_vector(values) -> np.ndarray:
    """A page's parameter vector (numbers, or the strings json_number writes) as floats."""
    return np.array([float(v) for v in values])


__all__ = ["training_spec", "loss_programs", "as_vector", "json_number"]
