"""Training: `fit` a model to data, then `predict` and measure `accuracy`.

`fit` is three parts, each a function a reader can follow:

    _task         checks X and y against the model and the loss, before anything changes
    _scalar_step  one batch by the scalar engine (graphs and backward), then the optimizer
    _compiled_step
                  one batch by a compiled program (autograd.compile), then the optimizer
    fit           the loop over epochs and batches, which records the History

Both engines' steps return the batch's loss and the model's outputs, and correct answers are
counted from those in one place (`_count_correct`), so the two report the same numbers.
"""

import random
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, List, Optional, Union

import numpy as np

from autograd import Value, no_grad, topological_order
from autograd.collector import quiet_collector

from .losses import _total, binary_cross_entropy, cross_entropy, hinge_loss, mse_loss
from .modules import Module, Output
from .optim import SGD, Adam, Optimizer
from .recording import Recording

# A per-sample loss: (model output, target) -> Value.
SampleLoss = Callable[[Output, object], Value]

LOSSES = {
    "mse": mse_loss,
    "bce": binary_cross_entropy,
    "cross_entropy": cross_entropy,
    "hinge": hinge_loss,
}
CLASSIFICATION_LOSSES = ("bce", "cross_entropy", "hinge")
OPTIMIZERS = {"sgd": (SGD, 0.1), "adam": (Adam, 0.001)}     # name -> (class, default lr)


@dataclass
class History:
    """What `fit` measured, one entry per epoch completed. `accuracy` is empty unless the task is
    classification (a classification loss, or 0/1 targets for a one-output model). `steps` counts
    the optimizer steps taken; `interrupted` says that Ctrl-C stopped training (the model then
    holds the parameters of step `steps`)."""
    loss: List[float] = field(default_factory=list)
    accuracy: List[float] = field(default_factory=list)
    stopped_early: bool = False
    interrupted: bool = False
    steps: int = 0
    recording: Optional[Recording] = None     # fit(record=...): snapshots for a film

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def _repr_png_(self) -> Optional[bytes]:
        """In Jupyter a History shows as its curves (nn.pictures.draw_history)."""
        if not self.loss:
            return None
        from .pictures import draw_history, png_bytes
        try:
            return png_bytes(draw_history(self))
        except ImportError:                  # no matplotlib: the repr will do
            return None

    def __repr__(self) -> str:
        if not self.loss:
            return f"History(no epoch completed, {self.steps} steps)"
        parts = [f"{self.epochs} epochs, {self.steps} steps",
                 f"loss {self.loss[0]:.4g} -> {self.loss[-1]:.4g}"]
        if self.accuracy:
            parts.append(f"accuracy {self.accuracy[0]:.3g} -> {self.accuracy[-1]:.3g}")
        parts += ["stopped early"] * self.stopped_early + ["interrupted"] * self.interrupted
        return f"History({', '.join(parts)})"


@dataclass
class _Task:
    """The data, checked and in the forms both engines need."""
    X: np.ndarray               # (n, inputs) floats
    targets: list               # what the per-sample loss takes for each row
    T: Optional[np.ndarray]     # (n, outputs) floats for the compiled engine (one-hot for CE)
    labels: np.ndarray          # what _count_correct compares against
    outputs: int
    loss_name: Optional[str]    # None for a loss function of the user's
    sample_loss: SampleLoss
    classify: bool
    threshold: float            # where a one-output model's decision flips


def fit(model: Module, X, y, loss: Union[str, SampleLoss] = "mse",
        optimizer: Union[None, str, Optimizer] = None, epochs: int = 100,
        batch_size: Optional[int] = 1, display_every: int = 0, stop_at: Optional[float] = None,
        shuffle: bool = True, seed: Optional[int] = None, progress: Optional[bool] = None,
        reduction: str = "mean", engine: str = "auto", lr: Optional[float] = None,
        record: Union[None, int, Recording] = None, out=sys.stdout) -> History:
    """Train `model` on samples X (n rows of inputs) with targets y by gradient descent.

    batch_size=1 updates after every sample (the tutorials' fit_partial), k after every k
    samples, None once per epoch (full batch). A batch's loss is the mean of its samples'
    losses, or their sum with reduction="sum" (as the from-scratch tutorials do). `loss` is a
    name from LOSSES or a function (output, target) -> Value. `optimizer` is an Optimizer, or
    "sgd" / "adam" with learning rate `lr` (default 0.1 / 0.001); None means SGD(lr=0.1).
    Every `display_every` epochs a line `epoch=…, loss=…` is printed (the loss is the epoch's
    mean per-sample loss); training stops once that loss is at most `stop_at`. Samples are
    shuffled with their own RNG (`seed`), so a run is repeatable. A progress bar appears on
    runs longer than two seconds (`progress=False` turns it off).

    Every row of X and y is checked before the first step (numbers, finite, the model's input
    width, targets the loss accepts), the same for both engines. Any Module works: the input
    width comes from X and the output count from one forward pass.

    record=k keeps a snapshot of the parameters before training and after every k epochs (and
    the last) in `history.recording`, for a film of the run (nn.film.Film); a Recording given
    instead goes on from where it is, across several fit calls (call its finish() after the
    last, for a snapshot of the final epoch). Snapshots are vectors, not
    graphs, with either engine.

    Ctrl-C stops training between two steps: the model keeps the parameters of the last
    completed step exactly, and fit returns the History so far with `interrupted=True`.

    engine="scalar" builds each sample's graph and calls backward, as the tutorials do;
    engine="compiled" traces model and loss once (`autograd.compile`) and runs each batch with
    NumPy. "auto" (the default) compiles for a loss named in LOSSES when batches hold more than
    one sample, or, per sample, when one sample's graph has more than PER_SAMPLE_NODES nodes
    (where the compiled step is the faster). Both give the same gradients.
    """
    with _interrupts_between_steps() as interrupted:     # from the start: checks, compile
        return _fit(model, X, y, loss, optimizer, epochs, batch_size, display_every, stop_at,
                    shuffle, seed, progress, reduction, engine, lr, record, out, interrupted)


def _fit(model, X, y, loss, optimizer, epochs, batch_size, display_every, stop_at, shuffle,
         seed, progress, reduction, engine, lr, record, out, interrupted) -> History:
    """fit's work, with `interrupted()` telling whether Ctrl-C was pressed."""
    task = _task(model, X, y, loss, "fit")
    for name, value, ok in (("epochs", epochs, isinstance(epochs, int) and epochs >= 0),
                            ("batch_size", batch_size, batch_size is None
                             or (isinstance(batch_size, int) and batch_size >= 1))):
        if not ok or isinstance(value, bool):
            raise ValueError(f"fit: {name} must be " + ("an int >= 0" if name == "epochs" else
                             "a positive int or None") + f", got {value!r}")
    if reduction not in ("mean", "sum"):
        raise ValueError(f"fit: reduction must be 'mean' or 'sum', got {reduction!r}")
    optimizer = _optimizer(optimizer, lr, model)
    recording = _recording(record, model)
    size = len(task.X) if batch_size is None else batch_size
    if engine == "auto":
        engine = _auto_engine(model, task, size)
    if engine == "compiled":
        if task.loss_name is None:
            raise ValueError("fit: engine='compiled' needs a loss named in LOSSES")
        step, finish, weights = _compiled_step(model, task, reduction, optimizer)
    elif engine == "scalar":
        step, finish = _scalar_step(model, task, reduction, optimizer), None
        weights = lambda: None               # noqa: E731  (snapshots read .data)
    else:
        raise ValueError(f"fit: engine must be 'auto', 'scalar' or 'compiled', got {engine!r}")

    rng = random.Random(seed)
    history = History(recording=recording)
    order = list(range(len(task.X)))
    with quiet_collector():
        try:
            for epoch in _epochs(epochs, progress):
                if shuffle:
                    rng.shuffle(order)
                total, correct = 0.0, 0
                for start in range(0, len(order), size):
                    if interrupted():
                        break
                    batch = order[start:start + size]
                    batch_loss, scores = step(batch)
                    history.steps += 1
                    total += batch_loss
                    correct += _count_correct(scores, task, batch)
                else:                  # every batch of the epoch ran
                    _end_of_epoch(history, task, epoch, total, correct, display_every, out)
                    if recording is not None:
                        recording.end_of_epoch(history.loss[-1], history.accuracy[-1]
                                               if task.classify else None, weights())
                    if stop_at is None or history.loss[-1] > stop_at:
                        continue
                    history.stopped_early = True
                    if display_every:
                        _say(f"stopped at epoch={epoch + 1}: "
                             f"loss {history.loss[-1]:.7f} <= {stop_at}", out)
                break
        except KeyboardInterrupt:      # raised by code of the user's between or in steps
            history.interrupted = True
        finally:                       # however training ends, the model keeps what it learned
            if finish:
                finish()
            if recording is not None and recording is not record:
                recording.finish()          # a Recording of the caller's: they finish it
        history.interrupted = history.interrupted or interrupted()
    if history.interrupted and display_every:
        _say(f"interrupted after {history.steps} steps; the model holds the parameters of the "
             "last one", out)
    return history


# One training step at batch 1 costs the compiled engine about 45 us whatever the network (a
# fixed cost per NumPy call), and the scalar engine about 1.5 us per node of the sample's graph
# (2-2-1 with squared error: 32 nodes, 51 us against 44 us compiled): compiling pays from about
# this many nodes (measured by benchmarks/compile.py).
PER_SAMPLE_NODES = 24


def _auto_engine(model, task: _Task, size: int) -> str:
    """"compiled" for batches, and per sample for graphs above PER_SAMPLE_NODES nodes; else
    "scalar". A loss of the user's own always runs on the scalar engine."""
    if task.loss_name is None:
        return "scalar"
    if size > 1:
        return "compiled"
    graph = task.sample_loss(model(task.X[0]), task.targets[0])
    return "compiled" if len(topological_order(graph)) > PER_SAMPLE_NODES else "scalar"


def _end_of_epoch(history, task, epoch, total, correct, display_every, out) -> None:
    history.loss.append(total / len(task.X))
    if task.classify:
        history.accuracy.append(correct / len(task.X))
    if display_every and ((epoch + 1) % display_every == 0 or epoch == 0):
        _say(f"epoch={epoch + 1}, loss={history.loss[-1]:.7f}"
             + (f", accuracy={history.accuracy[-1]:.3f}" if task.classify else ""), out)


@contextmanager
def _interrupts_between_steps() -> Iterator[Callable[[], bool]]:
    """While training runs, Ctrl-C (SIGINT) only sets a flag, which the loop reads between
    steps: a step, and the final write of the parameters, are never cut in half. Yields a
    function that says whether Ctrl-C was pressed. Outside the main thread (which never gets
    KeyboardInterrupt) or where the program handles SIGINT itself, nothing is changed."""
    pressed = []
    installed = (threading.current_thread() is threading.main_thread()
                 and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    if installed:
        previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(True))
    try:
        yield lambda: bool(pressed)
    finally:
        if installed:
            signal.signal(signal.SIGINT, previous)


def _recording(record, model: Module) -> Optional[Recording]:
    """fit's record=: None, a number of epochs between snapshots, or a Recording to go on."""
    if record is None or record is False:
        return None
    if isinstance(record, Recording):
        if record.model is not model:
            raise ValueError("fit: record= is a Recording of another model")
        return record
    if isinstance(record, bool) or not isinstance(record, int) or record < 1:
        raise ValueError(f"fit: record must be a number of epochs between snapshots (an int "
                         f">= 1) or a Recording, got {record!r}")
    return Recording(model, every=record)


def _optimizer(optimizer, lr, model: Module) -> Optimizer:
    if isinstance(optimizer, str):
        if optimizer.lower() not in OPTIMIZERS:
            raise ValueError(f"fit: unknown optimizer {optimizer!r}; by name: "
                             f"{', '.join(OPTIMIZERS)} (with lr=), or pass an Optimizer")
        cls, default = OPTIMIZERS[optimizer.lower()]
        return cls(model.parameters(), lr=default if lr is None else lr)
    if lr is not None:
        raise ValueError("fit: lr= goes with an optimizer given by name (optimizer='sgd' or "
                         "'adam'); an Optimizer object has its own lr")
    if optimizer is None:
        return SGD(model.parameters(), lr=0.1)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"fit: optimizer must be an Optimizer (SGD, Adam, ...) or a name "
                        f"({', '.join(OPTIMIZERS)}), got {type(optimizer).__name__}")
    return optimizer


def _scalar_step(model, task: _Task, reduction, optimizer):
    """One training step by the scalar engine: each sample's graph, one backward on the batch
    loss, the optimizer's step. Returns (sum of the samples' losses, outputs (B, outputs))."""
    def step(batch):
        optimizer.zero_grad()
        losses, scores = [], []
        for i in batch:
            output = model(task.X[i])
            losses.append(task.sample_loss(output, task.targets[i]))
            scores.append([v.data for v in _as_list(output)])
        batch_loss = _total(losses)
        if reduction == "mean" and len(losses) > 1:
            batch_loss = batch_loss / len(losses)
        batch_loss.backward()
        optimizer.step()
        return sum(v.data for v in losses), np.array(scores)
    return step


def _compiled_step(model, task: _Task, reduction, optimizer):
    """One training step by a program compiled once: the same gradients, computed with NumPy.

    When the optimizer moves exactly the model's parameters with a vector rule (`update`, and
    `step` left as Optimizer's), the parameters stay one NumPy vector between steps, and are
    written to the Values (with the last step's gradients in .grad, as after a scalar step)
    when training ends: reading and writing thousands of Values on every step would cost
    several times the step itself.
    Otherwise every step goes through .grad and optimizer.step(), as the scalar engine's do.
    Returns (step, finish, weights): weights() is the parameter vector the steps keep (None
    where the parameters live in their .data)."""
    from autograd import compile

    loss = LOSSES[task.loss_name]

    def sample(xs, ts):
        output = model(xs)
        return [loss(output, ts)] + _as_list(output)

    params = model.parameters()
    program = compile(sample, task.X.shape[1], params, n_targets=task.outputs)
    kind = type(optimizer)       # a rule in update, and no step of its own to bypass
    as_vector = (kind.update is not Optimizer.update and kind.step is Optimizer.step
                 and len(optimizer.params) == len(params)
                 and all(a is b for a, b in zip(optimizer.params, params)))
    state = {"weights": optimizer._data() if as_vector else None, "grads": None}

    def step(batch):
        scale = 1.0 / len(batch) if reduction == "mean" else 1.0
        if as_vector:
            result = program(task.X[batch], task.T[batch], state["weights"])
            _check_outputs(result.outputs[:, 1:], task, batch)
            grads = result.grads * scale
            state["weights"], state["grads"] = optimizer.update(state["weights"], grads), grads
        else:
            optimizer.zero_grad()
            result = program.accumulate(task.X[batch], task.T[batch], scale=scale)
            _check_outputs(result.outputs[:, 1:], task, batch)
            optimizer.step()
        return float(result.outputs[:, 0].sum()), result.outputs[:, 1:]

    def finish():
        if state["grads"] is not None:
            optimizer._write(state["weights"])
            for p, g in zip(params, state["grads"].tolist()):
                p.grad = g
    return step, finish, lambda: state["weights"]


def _check_outputs(scores: np.ndarray, task: _Task, batch) -> None:
    """What the scalar engine's loss refuses, the compiled one refuses too, before the step:
    binary cross-entropy of outputs that are not probabilities."""
    if task.loss_name == "bce":
        bad = (scores < 0.0) | (scores > 1.0) | np.isnan(scores)
        if bad.any():
            row, column = np.argwhere(bad)[0]
            raise ValueError(f"binary_cross_entropy: probability {scores[row, column].item()!r} is "
                             f"outside [0, 1] (row {batch[row]} of X)")


def _count_correct(scores: np.ndarray, task: _Task, batch) -> int:
    """How many rows of the batch the outputs `scores` (B, outputs) get right: the arg max is
    the class, for several outputs; for one, which side of the threshold it falls."""
    if not task.classify:
        return 0
    labels = task.labels[batch]
    if task.outputs > 1 and labels.ndim == 1:             # class indices
        return int((scores.argmax(axis=1) == labels).sum())
    decided = scores >= task.threshold
    return int(np.all(decided == (labels.reshape(decided.shape) >= task.threshold),
                      axis=1).sum())


def predict(model: Module, X) -> list:
    """The model's outputs for each row of X, as floats (lists of floats for several outputs)."""
    X = _matrix(X, "X", "predict")
    with no_grad():
        outputs = [model(x) for x in X]
    return [o.data if isinstance(o, Value) else [v.data for v in o] for o in outputs]


def accuracy(model: Module, X, y) -> float:
    """The fraction of rows the model gets right: argmax == label for several outputs (y holds
    class indices, or one-hot rows); for one output, sign == target when targets are -1/+1,
    else output >= 0.5 == target (a step)."""
    X = _matrix(X, "X", "accuracy")
    labels = _numeric(y, "y", "accuracy")
    if len(labels) != len(X):
        raise ValueError(f"accuracy: {len(X)} rows of X but {len(labels)} targets")
    with no_grad():
        scores = np.array([[v.data for v in _as_list(model(x))] for x in X])
    if scores.shape[1] > 1 and labels.ndim == 2:
        labels = labels.argmax(axis=1)                     # one-hot rows
    threshold = 0.0 if (labels == -1).any() else 0.5
    task = _Task(X, [], None, labels, scores.shape[1], None, None, True, threshold)
    return _count_correct(scores, task, np.arange(len(X))) / len(X)


# --- checking the data --------------------------------------------------------------------------

def _task(model: Module, X, y, loss, who: str) -> _Task:
    """X, y and the loss, checked against each other and against the model, and put in the
    forms the engines need. Raises ValueError (TypeError for wrong types) before anything
    changes."""
    if not isinstance(model, Module):
        raise TypeError(f"{who}: model must be an nn Module, got {type(model).__name__}")
    sample_loss, name = _loss_function(loss, who)
    X = _matrix(X, "X", who)
    try:
        with no_grad():
            first = model(X[0])
    except (ValueError, TypeError) as e:
        raise ValueError(f"{who}: the model does not take the rows of X ({X.shape[1]} numbers "
                         f"each): {e}") from None
    outputs = _as_list(first)
    if not outputs or not all(isinstance(v, Value) for v in outputs):
        raise TypeError(f"{who}: the model must return a Value or a list of Values, got "
                        f"{type(first).__name__}")
    nout = len(outputs)
    if name is None:                          # the user's own loss: targets as they are
        targets = list(y) if not isinstance(y, np.ndarray) else y.tolist()
        if len(targets) != len(X):
            raise ValueError(f"{who}: X has {len(X)} rows but y has {len(targets)} targets")
        return _Task(X, targets, None, np.zeros(len(X)), nout, None, sample_loss, False, 0.5)
    if name == "cross_entropy":
        labels = _class_labels(y, len(X), nout, who)
        return _Task(X, labels.tolist(), np.eye(nout)[labels], labels, nout, name, sample_loss,
                     True, 0.5)
    T = _numeric(y, "y", who)
    if len(T) != len(X):
        raise ValueError(f"{who}: X has {len(X)} rows but y has {len(T)} targets")
    T = _target_rows(T, nout, who)
    if name == "bce":
        _within(T, (T >= 0.0) & (T <= 1.0), "a probability in [0, 1]", who)
        bad = [v.data for v in outputs if not 0.0 <= v.data <= 1.0]
        if bad:
            raise ValueError(f"{who}: loss='bce' needs probabilities, but the model's output "
                             f"for row 0 of X is {bad[0]!r}: give it a sigmoid output")
    if name == "hinge":
        _within(T, (T == -1.0) | (T == 1.0), "-1 or +1", who)
    classify = name in CLASSIFICATION_LOSSES or (nout == 1 and bool(np.isin(T, (0, 1)).all()))
    threshold = 0.0 if name == "hinge" else 0.5
    return _Task(X, T.tolist(), T, T if nout > 1 else T[:, 0], nout, name, sample_loss,
                 classify, threshold)


def _loss_function(loss, who: str):
    if callable(loss):
        return loss, None
    if loss not in LOSSES:
        raise ValueError(f"{who}: unknown loss {loss!r}; known: {', '.join(LOSSES)} (or pass "
                         "a function (output, target) -> Value)")
    if loss == "cross_entropy":
        return cross_entropy, loss
    return LOSSES[loss], loss


def _matrix(X, what: str, who: str) -> np.ndarray:
    """X as an (n, k) array of finite floats, n >= 1, or a ValueError that says what it is."""
    data = _numeric(X, what, who)
    if len(data) == 0:
        raise ValueError(f"{who}: {what} has no rows")
    if data.ndim == 1:
        raise ValueError(f"{who}: {what} should hold rows of inputs, one per sample; got one "
                         f"row of {len(data)} numbers (for one sample pass [[...]], or call "
                         "model(x))")
    if data.ndim != 2 or data.shape[0] == 0 or data.shape[1] == 0:
        raise ValueError(f"{who}: {what} should hold rows of inputs; got an array of shape "
                         f"{data.shape}" + (" (no rows)" if data.shape[0] == 0 else ""))
    return data


def _numeric(data, what: str, who: str) -> np.ndarray:
    """data as an array of finite floats (any shape), refusing strings, None, complex numbers,
    rows of different lengths, NaN and inf with a message naming the first culprit."""
    if isinstance(data, (str, bytes)) or data is None:
        raise ValueError(f"{who}: {what} must be a list or a NumPy array of numbers, got "
                         f"{type(data).__name__}")
    try:
        array = np.asarray(data)
    except ValueError:                       # rows of different lengths
        array = np.asarray(data, dtype=object)
    if array.dtype == object:
        rows = list(data)
        lengths = [len(r) if isinstance(r, (list, tuple, np.ndarray)) else None for r in rows]
        for i, n in enumerate(lengths):
            if n != lengths[0]:
                raise ValueError(f"{who}: row {i} of {what} holds "
                                 f"{'no list' if n is None else f'{n} numbers'}, row 0 "
                                 f"{'no list' if lengths[0] is None else f'{lengths[0]}'}")
        raise ValueError(f"{who}: {what} must hold numbers only")
    if array.dtype.kind not in "biuf":
        culprit = array.flat[0] if array.size else None
        raise ValueError(f"{who}: {what} must hold real numbers, got {array.dtype} values "
                         f"such as {culprit!r}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(f"{who}: {what}{list(where)} is {array[where]}; every value must be "
                         "a finite number")
    return array


def _target_rows(T: np.ndarray, nout: int, who: str) -> np.ndarray:
    if T.ndim == 1 and nout == 1:
        return T[:, None]
    if T.ndim == 2 and T.shape[1] == nout:
        return T
    row = T[0].tolist() if T.ndim > 1 else T[0]
    raise ValueError(f"{who}: each target should hold {nout} numbers (one per output), got "
                     f"{row!r}")


def _class_labels(y, n: int, nout: int, who: str) -> np.ndarray:
    if nout < 2:
        raise ValueError(f"{who}: loss='cross_entropy' needs one output per class (2 or more); "
                         "the model has 1 output. For two classes use one sigmoid output with "
                         "loss='bce', or give the model 2 outputs")
    labels = _numeric(y, "y", who)
    if labels.ndim != 1 or len(labels) != n:
        raise ValueError(f"{who}: y should hold {n} class indices, got shape {labels.shape}")
    bad = (labels != np.round(labels)) | (labels < 0) | (labels >= nout)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{who}: target {i} should be a class index in [0, {nout}), got "
                         f"{y[i]!r}")
    return labels.astype(int)


def _within(T: np.ndarray, ok: np.ndarray, expected: str, who: str) -> None:
    if not ok.all():
        i = int(np.argwhere(~ok)[0][0])
        shown = T[i].tolist() if T.shape[1] > 1 else T[i, 0].item()
        raise ValueError(f"{who}: target {i} is {shown!r}; each should be {expected}")


def _as_list(output: Output) -> list:
    return output if isinstance(output, list) else [output]


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
