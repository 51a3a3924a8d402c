"""The two ways `fit` takes a step, and measures a model, with the same numbers.

    ScalarEngine    each sample's graph and one backward on the batch loss, as the tutorials do
    CompiledEngine  a program traced once (autograd.compile) that runs a batch with NumPy

Each has `step(batch)` (one optimizer step on the rows `batch` of X), `evaluate()` (the loss of
every row and the model's outputs, with the weights as they are now), `weights()` (the
parameter vector the steps keep, or None where the parameters live in their Values) and
`finish()` (leave the parameters in the Values).

A step is taken only if it keeps every number finite: a loss, a gradient or a new parameter
that is inf or nan raises `Diverged` before anything is written, so the model keeps the
parameters of the last good step.
"""

import math

import numpy as np

from autograd import Value, no_grad, topological_order

from ..arrays import forward, runs_as_arrays, to_numpy
from ..modules import MLP, Layer, Neuron
from .data import LOSSES, Task, as_list
from .losses import total
from .optim import Optimizer


class Diverged(Exception):
    """A step would have left the finite numbers (`what` was `value`); it was not taken."""

    def __init__(self, what: str, value: float) -> None:
        super().__init__(f"the {what} became {value}")
        self.what, self.value = what, value


# One training step at batch 1 costs the compiled engine about 45 us whatever the network (a
# fixed cost per NumPy call), and the scalar engine about 1.5 us per node of the sample's graph
# (2-2-1 with squared error: 32 nodes, 51 us against 44 us compiled): compiling pays from about
# this many nodes (measured by benchmarks/compile.py).
PER_SAMPLE_NODES = 24


def choose(engine: str, model, task: Task, batch_size: int) -> str:
    """engine="auto": "compiled" for batches, and per sample for graphs above PER_SAMPLE_NODES
    nodes; else "scalar". A loss of the user's own always runs on the scalar engine."""
    if engine != "auto":
        if engine == "compiled" and task.loss_name is None:
            raise ValueError("fit: engine='compiled' needs a loss named in LOSSES")
        return engine
    if task.loss_name is None:
        return "scalar"
    if batch_size > 1:
        return "compiled"
    graph = task.sample_loss(model(task.X[0]), task.targets[0])
    return "compiled" if len(topological_order(graph)) > PER_SAMPLE_NODES else "scalar"


def finite(values: np.ndarray, what: str) -> None:
    """Raise Diverged unless every number is finite (one BLAS call in the common case; a sum
    of squares that overflows, of numbers that are all finite, is looked at again, quietly)."""
    with np.errstate(over="ignore", invalid="ignore"):
        square = values.dot(values)
    if not math.isfinite(square) and not np.isfinite(values).all():
        raise Diverged(what, values[~np.isfinite(values)][0].item())


def updated(optimizer: Optimizer, data: np.ndarray, grads: np.ndarray) -> np.ndarray:
    """optimizer.update(data, grads), only if the gradients and the new values are finite;
    where they are not, the optimizer's state (momentum, Adam's moments and step count) is put
    back as it was, so that the step is not taken in any part. (SGD and Adam replace their
    state's arrays rather than change them in place, so keeping the attributes keeps it.)"""
    finite(grads, "gradient")
    before = dict(vars(optimizer))
    with np.errstate(over="ignore", invalid="ignore"):     # an overflow is caught just below
        new = optimizer.update(data, grads)
    try:
        finite(new, "new value of a parameter")
    except Diverged:
        vars(optimizer).clear()
        vars(optimizer).update(before)
        raise
    return new


def apply(optimizer: Optimizer) -> None:
    """The optimizer's step on its parameters' .grad, taken only if the gradients and the new
    values are finite. An optimizer whose rule is `update` is checked before anything is
    written; one with a `step` of its own is undone if it wrote a number that is not finite."""
    if type(optimizer).step is Optimizer.step:
        optimizer.set_parameter_values(updated(optimizer, optimizer.parameter_values(),
                                               optimizer.parameter_gradients()))
        return
    finite(optimizer.parameter_gradients(), "gradient")
    data = optimizer.parameter_values()
    optimizer.step()
    try:
        finite(optimizer.parameter_values(), "new value of a parameter")
    except Diverged:
        optimizer.set_parameter_values(data)
        raise


class ScalarEngine:
    """Training by the scalar engine: each sample's graph, one backward on the batch loss, the
    optimizer's step. The parameters live in the model's Values throughout."""

    def __init__(self, model, task: Task, reduction: str, optimizer: Optimizer) -> None:
        self.model, self.task, self.reduction, self.optimizer = model, task, reduction, optimizer

    def step(self, batch) -> None:
        task = self.task
        self.optimizer.zero_grad()
        losses = [task.sample_loss(self.model(task.X[i]), task.targets[i]) for i in batch]
        loss_sum = math.fsum(v.data for v in losses)
        if not math.isfinite(loss_sum):
            raise Diverged("loss", loss_sum)
        batch_loss = total(losses)
        if self.reduction == "mean" and len(losses) > 1:
            batch_loss = batch_loss / len(losses)
        batch_loss.backward()
        apply(self.optimizer)

    def evaluate(self):
        """(the loss of every row of X, the outputs (rows, outputs)) with the weights now.

        A model nn builds (an MLP, a Layer, a Neuron) is run on all the rows at once as arrays
        (nn.arrays: the op table's forwards, so the same numbers to rounding), which takes a
        thousandth of a graph per row; the loss is then taken of each row's outputs as Values,
        by the task's own loss function. Any other Module runs row by row, without a graph."""
        task = self.task
        if runs_as_arrays(self.model):
            scores = forward(to_numpy(self.model), task.X)[-1]
        else:
            with no_grad():
                scores = np.array([[v.data for v in as_list(self.model(x))] for x in task.X])
        with no_grad():
            losses = [task.sample_loss(_as_output(row), t).data
                      for row, t in zip(scores.tolist(), task.targets)]
        return np.array(losses), scores

    def weights(self):
        return None

    def parameter_vector(self) -> np.ndarray:
        """The parameters' values now, in the order of model.parameters()."""
        return np.array([p.data for p in self.model.parameters()])

    def finish(self) -> None:
        pass


def _as_output(row: list):
    """A row of outputs in the form a model returns them: a Value, or a list of Values."""
    return Value(row[0]) if len(row) == 1 else [Value(v) for v in row]


class CompiledEngine:
    """Training by a program compiled once: the same gradients, computed with NumPy.

    When the optimizer moves exactly the model's parameters with a vector rule (`update`, and
    `step` left as Optimizer's), the parameters stay one NumPy vector between steps, and are
    written to the Values (with the last step's gradients in .grad, as after a scalar step)
    by `finish`: reading and writing thousands of Values on every step would cost several
    times the step itself. Otherwise every step goes through .grad and the optimizer, as the
    scalar engine's do."""

    def __init__(self, model, task: Task, reduction: str, optimizer: Optimizer) -> None:
        from autograd import compile

        loss = LOSSES[task.loss_name]

        def sample(xs, ts):
            output = model(xs)
            return [loss(output, ts)] + as_list(output)

        params = model.parameters()
        self.task, self.reduction, self.optimizer, self.params = task, reduction, optimizer, \
            params
        # nn's own modules and losses never branch on .data: their trace needs no check
        ours = type(model) in (MLP, Layer, Neuron)
        self.program = compile(sample, task.X.shape[1], params, n_targets=task.outputs,
                               check=not ours)
        kind = type(optimizer)       # a rule for vectors, and no step of its own to bypass
        vectors = kind.rule is not Optimizer.rule or kind.update is not Optimizer.update
        self.as_vector = (vectors and kind.step is Optimizer.step
                          and len(optimizer.params) == len(params)
                          and all(a is b for a, b in zip(optimizer.params, params)))
        self.vector = optimizer.parameter_values() if self.as_vector else None
        self.grads = None

    def step(self, batch) -> None:
        task = self.task
        scale = 1.0 / len(batch) if self.reduction == "mean" else 1.0
        if not self.as_vector:
            self.optimizer.zero_grad()
            result = self.program.accumulate(task.X[batch], task.T[batch], scale=scale)
            self._check(result.outputs, batch)
            apply(self.optimizer)
            return
        rows = np.array(batch)               # once, not a list converted for X and for T
        result = self.program(task.X.take(rows, axis=0), task.T.take(rows, axis=0), self.vector)
        self._check(result.outputs, batch)
        grads = result.grads * scale
        self.vector, self.grads = updated(self.optimizer, self.vector, grads), grads

    def _check(self, outputs: np.ndarray, batch) -> None:
        """What the scalar engine's loss refuses the compiled one refuses too, before the step
        (binary cross-entropy of outputs that are not probabilities), and a loss that is not
        finite is divergence."""
        if self.task.loss_name == "bce":
            scores = outputs[:, 1:]
            bad = (scores < 0.0) | (scores > 1.0) | np.isnan(scores)
            if bad.any():
                row, column = np.argwhere(bad)[0]
                raise ValueError(f"binary_cross_entropy: probability "
                                 f"{scores[row, column].item()!r} is outside [0, 1] (row "
                                 f"{batch[row]} of X)")
        loss_sum = math.fsum(outputs[:, 0].tolist())
        if not math.isfinite(loss_sum):
            raise Diverged("loss", loss_sum)

    def evaluate(self):
        outputs = self.program.forward(self.task.X, self.task.T, self.vector)
        return outputs[:, 0], outputs[:, 1:]

    def weights(self):
        return self.vector

    def parameter_vector(self) -> np.ndarray:
        """The parameters' values now, in the order of model.parameters()."""
        return self.vector if self.as_vector else np.array([p.data for p in self.params])

    def finish(self) -> None:
        if self.grads is not None:
            self.optimizer.set_parameter_values(self.vector)
            for p, g in zip(self.params, self.grads.tolist()):
                p.grad = g
