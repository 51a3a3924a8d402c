"""Training: `fit` a model to data, then `predict` and measure `accuracy`."""

import random
import sys
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Union

from autograd import Value, no_grad

from .losses import _total, binary_cross_entropy, cross_entropy, hinge_loss, mse_loss
from .modules import Module, Output
from .optim import SGD, Optimizer

# A per-sample loss: (model output, target) -> Value.
SampleLoss = Callable[[Output, object], Value]

LOSSES = {
    "mse": mse_loss,
    "bce": binary_cross_entropy,
    "cross_entropy": cross_entropy,
    "hinge": hinge_loss,
}
CLASSIFICATION_LOSSES = ("bce", "cross_entropy", "hinge")


@dataclass
class History:
    """What `fit` measured, one entry per epoch run. `accuracy` is empty unless the task is
    classification (a classification loss, or 0/1 targets for a one-output model)."""
    loss: List[float] = field(default_factory=list)
    accuracy: List[float] = field(default_factory=list)
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        return len(self.loss)


def fit(model: Module, X, y, loss: Union[str, SampleLoss] = "mse",
        optimizer: Optional[Optimizer] = None, epochs: int = 100,
        batch_size: Optional[int] = 1, display_every: int = 0, stop_at: Optional[float] = None,
        shuffle: bool = True, seed: Optional[int] = None, progress: Optional[bool] = None,
        reduction: str = "mean", engine: str = "auto", out=sys.stdout) -> History:
    """Train `model` on samples X (n rows of inputs) with targets y by gradient descent.

    batch_size=1 updates after every sample (the tutorials' fit_partial), k after every k
    samples, None once per epoch (full batch). A batch's loss is the mean of its samples'
    losses, or their sum with reduction="sum" (as the from-scratch tutorials do). `loss` is a
    name from LOSSES or a function (output, target) -> Value. `optimizer` defaults to
    SGD(lr=0.1). Every `display_every` epochs a line `epoch=…, loss=…` is printed (the loss is
    the epoch's mean per-sample loss); training stops once that loss is at most `stop_at`.
    Samples are shuffled with their own RNG (`seed`), so a run is repeatable. A progress bar
    appears on runs longer than two seconds (`progress=False` turns it off). Shapes are
    checked before anything changes.

    engine="scalar" builds each sample's graph and calls backward, as the tutorials do;
    engine="compiled" traces model and loss once (`autograd.compile`) and runs each batch with
    NumPy. "auto" (the default) compiles when batches hold more than one sample and the loss is
    one of LOSSES. Both give the same gradients.
    """
    sample_loss, name = _loss_function(loss)
    X, y = _check_data(model, X, y, name)
    if not isinstance(epochs, int) or epochs < 0:
        raise ValueError(f"fit: epochs must be an int >= 0, got {epochs!r}")
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise ValueError(f"fit: batch_size must be a positive int or None, got {batch_size!r}")
    if reduction not in ("mean", "sum"):
        raise ValueError(f"fit: reduction must be 'mean' or 'sum', got {reduction!r}")
    optimizer = optimizer if optimizer is not None else SGD(model.parameters(), lr=0.1)
    size = len(X) if batch_size is None else batch_size
    classify = _is_classification(model, y, name)
    threshold = _threshold(y)
    if engine == "auto":
        engine = "compiled" if size > 1 and name is not None else "scalar"
    if engine == "compiled":
        if name is None:
            raise ValueError("fit: engine='compiled' needs a loss named in LOSSES")
        train_batch, finish = _compiled_batches(model, X, y, name, reduction, optimizer,
                                                classify and threshold)
    elif engine == "scalar":
        train_batch = _scalar_batches(model, X, y, sample_loss, reduction, optimizer,
                                      classify and threshold)
        finish = None
    else:
        raise ValueError(f"fit: engine must be 'auto', 'scalar' or 'compiled', got {engine!r}")
    rng = random.Random(seed)
    history = History()
    order = list(range(len(X)))

    try:
        for epoch in _epochs(epochs, progress):
            if shuffle:
                rng.shuffle(order)
            total, correct = 0.0, 0
            for start in range(0, len(order), size):
                batch_total, batch_correct = train_batch(order[start:start + size])
                total += batch_total
                correct += batch_correct
            history.loss.append(total / len(X))
            if classify:
                history.accuracy.append(correct / len(X))
            if display_every and ((epoch + 1) % display_every == 0 or epoch == 0):
                _say(f"epoch={epoch + 1}, loss={history.loss[-1]:.7f}"
                     + (f", accuracy={history.accuracy[-1]:.3f}" if classify else ""), out)
            if stop_at is not None and history.loss[-1] <= stop_at:
                history.stopped_early = True
                if display_every:
                    _say(f"stopped at epoch={epoch + 1}: "
                         f"loss {history.loss[-1]:.7f} <= {stop_at}", out)
                break
    finally:                 # also when interrupted: the model keeps what it has learned
        if finish:
            finish()
    return history


def _scalar_batches(model, X, y, sample_loss, reduction, optimizer, threshold):
    """One training step by the scalar engine: each sample's graph, one backward on the batch
    loss, the optimizer's step. Returns (sum of the samples' losses, how many it got right, if
    `threshold` is not False, i.e. the task is classification)."""
    def train(batch):
        optimizer.zero_grad()
        losses, correct = [], 0
        for i in batch:
            output = model(X[i])
            losses.append(sample_loss(output, y[i]))
            correct += threshold is not False and _is_correct(output, y[i], threshold)
        batch_loss = _total(losses)
        if reduction == "mean" and len(losses) > 1:
            batch_loss = batch_loss / len(losses)
        batch_loss.backward()
        optimizer.step()
        return sum(v.data for v in losses), correct
    return train


def _compiled_batches(model, X, y, name, reduction, optimizer, threshold):
    """One training step by a program compiled once: the same gradients, computed with NumPy.

    When the optimizer moves exactly the model's parameters with a vector rule (`update`, and
    `step` left as Optimizer's), the parameters stay one NumPy vector between steps, and are
    written to the Values (with the last step's gradients in .grad, as after a scalar step)
    when training ends: reading and writing thousands of Values on every step would cost
    several times the step itself.
    Otherwise every step goes through .grad and optimizer.step(), as the scalar engine's do.
    Returns (train, finish)."""
    import numpy as np

    from autograd import compile

    nout = _output_count(model)
    if name == "cross_entropy":
        targets = np.eye(nout)[np.asarray(y, dtype=int)]          # one-hot rows
    else:
        targets = np.asarray(y, dtype=float).reshape(len(y), nout)
    loss = LOSSES[name]

    def sample(xs, ts):
        output = model(xs)
        outputs = output if isinstance(output, list) else [output]
        return [loss(output, ts)] + outputs

    params = model.parameters()
    program = compile(sample, len(X[0]), params, nout)
    inputs, labels = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    kind = type(optimizer)       # a rule in update, and no step of its own to bypass
    as_vector = (kind.update is not Optimizer.update and kind.step is Optimizer.step
                 and len(optimizer.params) == len(params)
                 and all(a is b for a, b in zip(optimizer.params, params)))
    state = {"weights": optimizer._data() if as_vector else None, "grads": None}

    def train(batch):
        scale = 1.0 / len(batch) if reduction == "mean" else 1.0
        if as_vector:
            result = program(inputs[batch], targets[batch], state["weights"])
            state["grads"] = result.grads * scale
            state["weights"] = optimizer.update(state["weights"], state["grads"])
        else:
            optimizer.zero_grad()
            result = program.accumulate(inputs[batch], targets[batch], scale=scale)
            optimizer.step()
        scores = result.outputs[:, 1:]
        if threshold is False:
            correct = 0
        elif nout > 1:
            correct = int((scores.argmax(axis=1) == labels[batch]).sum())
        else:
            correct = int(((scores[:, 0] >= threshold) == (labels[batch] >= threshold)).sum())
        return float(result.outputs[:, 0].sum()), correct

    def finish():
        if state["grads"] is not None:
            optimizer._write(state["weights"])
            for p, g in zip(params, state["grads"].tolist()):
                p.grad = g
    return train, finish


def predict(model: Module, X) -> list:
    """The model's outputs for each row of X, as floats (lists of floats for several outputs)."""
    X = _rows(X, "X")
    with no_grad():
        outputs = [model(x) for x in X]
    return [o.data if isinstance(o, Value) else [v.data for v in o] for o in outputs]


def accuracy(model: Module, X, y) -> float:
    """The fraction of rows the model gets right: argmax == label for several outputs; for one
    output, sign == target when targets are -1/+1, else output >= 0.5 == target (a step)."""
    X, y = _rows(X, "X"), _rows(y, "y")
    if len(X) != len(y) or not X:
        raise ValueError(f"accuracy: {len(X)} rows of X but {len(y)} targets")
    threshold = _threshold(y)
    with no_grad():
        return sum(_is_correct(model(x), t, threshold) for x, t in zip(X, y)) / len(X)


def _threshold(y: list) -> float:
    """Where a one-output model's decision flips: 0 for -1/+1 targets, else 0.5."""
    return 0.0 if any(t == -1 for t in y if not isinstance(t, (list, tuple))) else 0.5


def _is_correct(output: Output, target, threshold: float) -> bool:
    if isinstance(output, list):
        scores = [v.data for v in output]
        return scores.index(max(scores)) == int(target)
    return (output.data >= threshold) == (target >= threshold)


def _loss_function(loss):
    if callable(loss):
        return loss, None
    if loss not in LOSSES:
        raise ValueError(f"fit: unknown loss {loss!r}; known: {', '.join(LOSSES)} (or pass a "
                         "function (output, target) -> Value)")
    if loss == "cross_entropy":
        return cross_entropy, loss
    chosen = LOSSES[loss]
    return (lambda output, target: chosen(output, target if isinstance(target, list)
                                          else [target])), loss


def _rows(data, what: str) -> list:
    np = sys.modules.get("numpy")
    if np is not None and isinstance(data, np.ndarray):
        return data.tolist()
    try:
        return list(data)
    except TypeError:
        raise ValueError(f"{what} must be a list or a NumPy array, got "
                         f"{type(data).__name__}") from None


def _check_data(model: Module, X, y, loss_name: Optional[str]):
    X, y = _rows(X, "X"), _rows(y, "y")
    if not X:
        raise ValueError("fit: X has no rows")
    if len(X) != len(y):
        raise ValueError(f"fit: X has {len(X)} rows but y has {len(y)} targets")
    nin = len(_first_layer_width(model))
    for i, row in enumerate(X):
        if not isinstance(row, (list, tuple)) or len(row) != nin:
            got = len(row) if isinstance(row, (list, tuple)) else type(row).__name__
            raise ValueError(f"fit: row {i} of X should hold {nin} inputs, got {got}")
    nout = _output_count(model)
    for i, t in enumerate(y):
        if loss_name == "cross_entropy":
            if isinstance(t, float) and t.is_integer():
                t = y[i] = int(t)
            if not isinstance(t, int) or not 0 <= t < nout:
                raise ValueError(f"fit: target {i} should be a class index in [0, {nout}), "
                                 f"got {t!r}")
        elif nout > 1 and (not isinstance(t, (list, tuple)) or len(t) != nout):
            raise ValueError(f"fit: target {i} should hold {nout} numbers (one per output), "
                             f"got {t!r}")
    return X, y


def _first_layer_width(model: Module) -> list:
    first = getattr(model, "layers", [model])[0]
    neuron = getattr(first, "neurons", [first])[0]
    return neuron.w


def _output_count(model: Module) -> int:
    last = getattr(model, "layers", [model])[-1]
    return len(getattr(last, "neurons", [last]))


def _is_classification(model: Module, y: list, loss_name: Optional[str]) -> bool:
    if loss_name in CLASSIFICATION_LOSSES:
        return True
    return _output_count(model) == 1 and all(t in (0, 1) for t in y)


def _epochs(epochs: int, progress: Optional[bool]):
    """The epoch numbers, behind a progress bar that shows after two seconds on a terminal
    (progress=None), always (True) or never (False)."""
    if progress is False:
        return range(epochs)
    from tqdm import tqdm
    return tqdm(range(epochs), delay=0 if progress else 2.0, leave=False, unit="epoch",
                disable=None if progress is None else False)


def _say(line: str, out) -> None:
    from tqdm import tqdm
    tqdm.write(line, file=out)
