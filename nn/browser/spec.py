"""Training in the browser with the numbers of `fit`: what a page needs to take the same steps.

`fit`'s scalar engine builds, for each batch, every sample's graph (the model, then its loss),
joins the losses (l0 + l1 + ..., divided by the batch size for a mean) and runs backward once.
The page does the same with the op table's generated JavaScript (autograd/live): it gets here
the model's graph and the loss's, traced from Python (nn/browser/traced.py), joins them into one
sample's graph (a *template*, nn/browser/js/compose.js), copies it once per sample of a batch, joins
the losses in the same order, and runs it (autograd/live/js/engine.js). Its nodes are made in
the order Python makes them, so backward sums every gradient in the same order: the page's
parameters after k steps are fit's, to the last few bits of the ops that are not exact. The
optimizer's rule is traced too (nn/training/optim.py's `rule`); only the shuffling is a twin
(Python's own Mersenne Twister and `random.shuffle`, nn/browser/js/random.js).

The page measures the model after each epoch as fit does (nn/training/loop.py): every row's outputs
by the model's program run over all rows at once, then each row's loss by the loss's program.
"""

import math
import numbers
from typing import List, Optional

import numpy as np

from autograd import Value
from autograd.live.program import json_number

from .. import checks
from ..training.data import LOSSES
from ..training.data import task as checked_task
from ..modules import Module
from ..training.optim import OPTIMIZERS, Optimizer
from .traced import declared_optimizers, loss_name, loss_programs, model_program, optimizer_kind


def training_spec(model: Module, X, y, *, loss="mse", optimizer: Optimizer,
                  batch_size: Optional[int] = 1, shuffle: bool = True, seed: int = 0,
                  reduction: str = "mean", who: str = "training_spec") -> dict:
    """What a page needs to train `model` as `fit(model, X, y, ...)` with these settings would.

    model       any nn Module (its parameters in `model.parameters()` order)
    X           the samples, one row of inputs each
    y           their targets
    loss        a name from nn.LOSSES, or a function (output, target) -> Value
    optimizer   an Optimizer over the model's parameters, in their order
    batch_size  samples per step (None: all of them)
    shuffle     shuffle the samples every epoch, as fit does
    seed        the shuffling's seed (an int: the page replays Python's Mersenne Twister)
    reduction   "mean" or "sum" of a batch's losses
    who         the function to name in messages"""
    checks.whole_number(seed, "seed", who, minimum=0)
    data = checked_task(model, X, y, loss, who)
    params = model.parameters()
    _moves(optimizer, params, who)
    return {
        "params": [p.data for p in params],
        "X": data.X.tolist(), "targets": _targets(data, who),
        "model": model_program(model, data.X.shape[1]),
        "lossName": loss_name(loss), "ownLoss": not isinstance(loss, str),
        "lossPrograms": loss_programs(loss, data.outputs, LOSSES,
                                      not isinstance(data.targets[0], (list, tuple))),
        "batchSize": len(data.X) if batch_size is None else int(batch_size),
        "shuffle": bool(shuffle), "seed": seed, "reduction": reduction,
        "optimizer": {"kind": optimizer_kind(optimizer, OPTIMIZERS), **optimizer.settings()},
        "optimizers": declared_optimizers(OPTIMIZERS, optimizer),
    }


def _targets(data, who: str) -> list:
    """Each row's targets: the class index for cross_entropy, else the list of numbers (a
    loss of the learner's gets its targets as leaves t[j]: numbers, or lists of them)."""
    if data.loss_name == "cross_entropy":
        return [int(t) for t in data.targets]
    rows = []
    for k, t in enumerate(data.targets):
        row = np.atleast_1d(np.asarray(t, dtype=object))
        if row.ndim != 1 or len(row) != data.outputs or not all(_real(v) for v in row):
            raise ValueError(f"{who}: a page gives a loss of your own each row's targets as "
                             f"{data.outputs} number(s), one per output; row {k}'s is "
                             f"{checks.shown(t)}")
        rows.append([float(v) for v in row])
    return rows


def _real(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def _moves(optimizer: Optimizer, params: List[Value], who: str) -> None:
    """ValueError unless the optimizer moves the model's parameters, in their order."""
    if not isinstance(optimizer, Optimizer) or type(optimizer).rule is Optimizer.rule:
        raise ValueError(f"{who}: the page trains with an nn Optimizer whose arithmetic is its "
                         f"`rule` (SGD, Adam, or one of your own), got "
                         f"{type(optimizer).__name__}")
    if [id(p) for p in optimizer.params] != [id(p) for p in params]:
        raise ValueError(f"{who}: the optimizer must move the model's parameters, in the order "
                         "of model.parameters()")


def sample_graph(model: Module, data, label) -> tuple:
    """(row 0's loss graph, its input leaves, its target leaves): for cross_entropy of class
    `label`, whose targets are not leaves but the class picked."""
    inputs = [Value(float(v), label=f"x[{k}]") for k, v in enumerate(data.X[0])]
    if label is None:
        given = data.targets[0]
        one = not isinstance(given, (list, tuple))
        targets = [Value(float(v), label=f"t[{j}]") for j, v in enumerate([given] if one
                                                                          else given)]
        return data.sample_loss(model(inputs), targets[0] if one else targets), inputs, targets
    return data.sample_loss(model(inputs), label), inputs, []


def as_vector(values) -> np.ndarray:
    """A page's parameter vector (numbers, or the strings json_number writes) as floats."""
    return np.array([float(v) for v in values])


__all__ = ["training_spec", "sample_graph", "as_vector", "json_number"]
