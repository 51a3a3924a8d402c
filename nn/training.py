"""Training: `fit` a model to data, then `predict` and measure `accuracy`.

`fit` reads in four parts:

    checks     every argument and every row of the data, before anything changes
               (`_settings` here, `nn.data` for X and y)
    engine     how one step is taken: the scalar engine or a compiled program (`nn.engines`)
    the loop   epochs of steps (`_train`); after each, the model is measured with the weights
               as the epoch left them (`_measure`), and the History, the console line and
               the Recording all take those same numbers
    the end    however training ends (every epoch, stop_at, Ctrl-C, a number that is not
               finite), the model keeps the parameters of the last step taken, and the History
               says how it ended (`nn.guards` takes Ctrl-C between steps, and lets one fit
               train a model at a time)
"""

import math
import random
import sys
from dataclasses import dataclass
from typing import Callable, Optional, Union

import numpy as np

from autograd import Value, no_grad
from autograd.collector import quiet_collector

from . import checks, classes
from .data import LOSSES, Task, as_list, matrix, numeric, task
from .engines import CompiledEngine, Diverged, ScalarEngine, choose
from .guards import interrupts_between_steps, one_fit_at_a_time
from .history import History
from .modules import Module
from .optim import SGD, Adam, Optimizer
from .recording import Recording

# A per-sample loss: (model output, target) -> Value.
SampleLoss = Callable[[object, object], Value]

OPTIMIZERS = {"sgd": (SGD, 0.1), "adam": (Adam, 0.001)}     # name -> (class, default lr)
ENGINES = ("auto", "scalar", "compiled")
# A weight this large saturates every neuron it feeds (tanh and sigmoid are flat, relu's
# products overflow soon after): only a learning rate far too large gets there, and training
# stops, saying so (History.exploded), rather than running on at chance.
EXPLODED = 1e100

__all__ = ["fit", "predict", "accuracy", "History", "LOSSES"]


def fit(model: Module, X, y, loss: Union[str, SampleLoss] = "mse",
        optimizer: Union[None, str, Optimizer] = None, epochs: int = 100,
        batch_size: Optional[int] = 1, display_every: int = 0, stop_at: Optional[float] = None,
        shuffle: bool = True, seed: Optional[int] = None, progress: Optional[bool] = None,
        reduction: str = "mean", engine: str = "auto", lr: Optional[float] = None,
        record: Union[None, int, Recording] = None, out=None) -> History:
    """Train `model` on samples X (n rows of inputs) with targets y by gradient descent.

    model          the Module to train
    X              the samples, one row of inputs each
    y              their targets
    loss           a name from LOSSES, or a function (output, target) -> Value
    optimizer      an Optimizer, "sgd" or "adam", or None (SGD, lr 0.1)
    epochs         passes over the data
    batch_size     samples per update (None: all of them)
    display_every  print a line every this many epochs (0: never)
    stop_at        stop once the loss is at most this
    shuffle        shuffle the samples every epoch
    seed           the shuffling's seed
    progress       the progress bar: None (after two seconds), True or False
    reduction      "mean" or "sum" of a batch's losses
    engine         "scalar", "compiled" or "auto"
    lr             the learning rate of an optimizer given by name
    record         snapshots every this many epochs, or a Recording to go on
    out            where the lines go (default sys.stdout)

    batch_size=1 updates after every sample (the tutorials' fit_partial), k after every k
    samples, None once per epoch (full batch). A batch's loss is the mean of its samples'
    losses, or their sum with reduction="sum" (as the from-scratch tutorials do). `loss` is a
    name from LOSSES or a function (output, target) -> Value. `optimizer` is an Optimizer over
    the model's parameters, or "sgd" / "adam" with learning rate `lr` (default 0.1 / 0.001);
    None means SGD(lr=0.1). Samples are shuffled with their own RNG (`seed`), so a run is
    repeatable. A progress bar appears on runs longer than two seconds (`progress=False` turns
    it off).

    After every epoch the model is measured on all of X with the weights that epoch left: the
    per-sample losses' mean (their sum with reduction="sum") and, for a classification, the
    accuracy (nn.classes decides which class an output means). The History, the line printed
    every `display_every` epochs (`epoch=k, loss=..., accuracy=...`, to `out`, default
    sys.stdout), the Recording and its film all show these numbers, for the same epoch k;
    training stops once the loss is at most `stop_at`.

    Every argument and every row of X and y is checked before the first step (numbers,
    finite, the model's input width, targets the loss accepts, outputs the loss can take), the
    same for both engines, and ValueError names what is wrong. Any Module works: the input
    width comes from X and the output count from one forward pass. One model trains in one fit
    at a time: a second fit of it while the first runs (from another thread) is refused.

    record=k keeps a snapshot of the parameters before training and after every k epochs (and
    the last) in `history.recording`, for a film of the run (nn.film.Film); a Recording given
    instead goes on from where it is, across several fit calls (call its finish() after the
    last). Snapshots are vectors, not graphs, with either engine.

    How training ends, besides running every epoch: Ctrl-C stops it between two steps (the
    History says `interrupted`); a loss, a gradient or a new parameter that is not finite
    stops it before that step is taken, with a line saying what happened and what to try (the
    History says `diverged`). Either way the model keeps the parameters of the last step taken.

    engine="scalar" builds each sample's graph and calls backward, as the tutorials do;
    engine="compiled" traces model and loss once (`autograd.compile`) and runs each batch with
    NumPy. "auto" (the default) compiles for a loss named in LOSSES when batches hold more than
    one sample, or, per sample, when one sample's graph has more than PER_SAMPLE_NODES nodes
    (where the compiled step is the faster). Both give the same numbers.
    """
    with interrupts_between_steps() as interrupted, one_fit_at_a_time(model):
        data = task(model, X, y, loss, "fit")
        settings = _settings(len(data.X), epochs=epochs, batch_size=batch_size,
                             display_every=display_every, stop_at=stop_at, shuffle=shuffle,
                             seed=seed, progress=progress, reduction=reduction, out=out)
        optimizer = _optimizer(optimizer, lr, model)
        recording = _recording(record, model)
        if recording is not None and recording.loss_label is None:
            recording.loss_label = data.describe(settings.reduction)
        kind = choose(checks.choice(engine, "engine", "fit", ENGINES), model, data,
                      settings.batch_size)
        steps = (CompiledEngine if kind == "compiled" else ScalarEngine)(
            model, data, settings.reduction, optimizer)
        history = _train(data, settings, steps, recording, interrupted)
        if recording is not None and recording is not record:
            recording.finish()              # a Recording of the caller's: they finish it
        return history


@dataclass(frozen=True)
class _Settings:
    """fit's arguments about the loop, checked."""
    epochs: int
    batch_size: int                  # None (full batch) resolved to the number of rows
    display_every: int
    stop_at: Optional[float]
    shuffle: bool
    seed: Optional[int]
    progress: Optional[bool]
    reduction: str
    out: object


def _settings(rows: int, *, epochs, batch_size, display_every, stop_at, shuffle, seed,
              progress, reduction, out) -> _Settings:
    """fit's arguments about the loop, checked, and batch_size=None resolved.

    rows           the number of samples
    epochs         passes over the data
    batch_size     samples per update (None: all of them)
    display_every  print a line every this many epochs (0: never)
    stop_at        stop once the loss is at most this (None: never)
    shuffle        shuffle the samples every epoch
    seed           the shuffling's seed
    progress       the progress bar: None (after two seconds), True or False
    reduction      "mean" or "sum" of a batch's losses
    out            where the lines go (None: sys.stdout)"""
    who = "fit"
    return _Settings(
        epochs=checks.whole_number(epochs, "epochs", who, minimum=0),
        batch_size=rows if batch_size is None else checks.whole_number(batch_size,
                                                                       "batch_size", who),
        display_every=checks.whole_number(display_every, "display_every", who, minimum=0),
        stop_at=None if stop_at is None else checks.real_number(stop_at, "stop_at", who),
        shuffle=checks.flag(shuffle, "shuffle", who),
        seed=checks.optional_whole_number(seed, "seed", who, minimum=0),
        progress=checks.optional_flag(progress, "progress", who),
        reduction=checks.choice(reduction, "reduction", who, ("mean", "sum")),
        out=checks.writable(sys.stdout if out is None else out, "out", who))


def _train(data: Task, settings: _Settings, steps, recording: Optional[Recording],
           interrupted: Callable[[], bool]) -> History:
    """The epochs, and the History of them.

    data         the checked data
    settings     fit's loop arguments
    steps        the engine that takes a step and measures the model
    recording    where snapshots go, or None
    interrupted  says whether Ctrl-C was pressed"""
    history = History(recording=recording, loss_label=data.describe(settings.reduction))
    if settings.display_every:
        _say(f"fit: loss = {data.describe(settings.reduction)}, with the weights at the end of "
             "each epoch", settings)
    with quiet_collector():
        try:
            _run_epochs(data, settings, steps, history, interrupted)
        except KeyboardInterrupt:      # raised by code of the user's between or in steps
            history.interrupted = True
        except Diverged as problem:
            history.diverged = True
            _say(_diverged(problem, history, steps.optimizer), settings)
        finally:                       # however training ends, the model keeps what it learned
            steps.finish()
    history.interrupted = history.interrupted or interrupted()
    if history.interrupted and settings.display_every:
        _say(f"interrupted after {history.steps} steps; the model holds the parameters of the "
             "last one", settings)
    return history


def _run_epochs(data: Task, settings: _Settings, steps, history: History,
                interrupted: Callable[[], bool]) -> None:
    """Epoch after epoch, each measured, until the last, a Ctrl-C between two steps, or a loss
    at or below stop_at.

    data         the checked data
    settings     fit's loop arguments
    steps        the engine that takes a step and measures the model
    history      what the epochs are written into
    interrupted  says whether Ctrl-C was pressed"""
    rng = random.Random(settings.seed)
    order = list(range(len(data.X)))
    for epoch in _epochs(settings.epochs, settings.progress):
        if settings.shuffle:
            rng.shuffle(order)
        if not _epoch(steps, order, settings.batch_size, history, interrupted):
            return                                   # Ctrl-C between two steps
        _measure(steps, data, history, settings)
        if _exploded(steps, history, settings):
            return
        if settings.stop_at is not None and history.loss[-1] <= settings.stop_at:
            history.stopped_early = True
            if settings.display_every:
                _say(f"stopped at epoch={epoch + 1}: loss {history.loss[-1]:.7f} <= "
                     f"{settings.stop_at}", settings)
            return


def _epoch(steps, order: list, size: int, history: History,
           interrupted: Callable[[], bool]) -> bool:
    """One pass over the data in batches of `size`; False if Ctrl-C stopped it between two
    steps.

    steps        the engine that takes a step
    order        the samples' order this epoch
    size         the batch size
    history      counts the steps
    interrupted  says whether Ctrl-C was pressed"""
    for start in range(0, len(order), size):
        if interrupted():
            return False
        steps.step(order[start:start + size])
        history.steps += 1
    return True


def _measure(steps, data: Task, history: History, settings: _Settings) -> None:
    """The model's loss and accuracy on all of X with the weights the epoch left, into the
    History, the Recording and (every display_every epochs) the console."""
    losses, scores = steps.evaluate()
    loss = math.fsum(losses.tolist()) / (len(losses) if settings.reduction == "mean" else 1)
    if not math.isfinite(loss):
        raise Diverged("loss measured after the epoch", loss)
    history.loss.append(loss)
    accuracy = None
    if data.classify:
        accuracy = float(classes.correct(scores, data.labels).mean())
        history.accuracy.append(accuracy)
    if history.recording is not None:
        history.recording.end_of_epoch(loss, accuracy, steps.weights())
    _report(history.epochs, loss, accuracy, settings)


def _exploded(steps, history: History, settings: _Settings) -> bool:
    """Whether a weight has grown past EXPLODED; if so the History says so and a line (always
    printed: the run is over) says what happened and what to try."""
    vector = steps.parameter_vector()
    largest = int(np.argmax(np.abs(vector))) if len(vector) else 0
    if not len(vector) or abs(vector[largest]) <= EXPLODED:
        return False
    history.exploded = True
    name = steps.optimizer.params[largest].label if largest < len(steps.optimizer.params) \
        else ""
    lr = getattr(steps.optimizer, "lr", None)
    _say(f"fit: after epoch {history.epochs} a weight{f' ({name})' if name else ''} is "
         f"{vector[largest]:.3g}, past {EXPLODED:g}: the learning rate"
         f"{f' ({lr:g})' if lr is not None else ''} is far too large, every neuron saturates "
         "and the loss stays flat. Training stopped there; try a learning rate 10 to 1000 "
         "times smaller.", settings)
    return True


def _report(epoch: int, loss: float, accuracy: Optional[float], settings: _Settings) -> None:
    """The console's line for an epoch: the first, then every display_every."""
    every = settings.display_every
    if every and (epoch % every == 0 or epoch == 1):
        _say(f"epoch={epoch}, loss={loss:.7f}"
             + (f", accuracy={accuracy:.3f}" if accuracy is not None else ""), settings)


def _diverged(problem: Diverged, history: History, optimizer: Optimizer) -> str:
    """What happened, what the model holds, and what to try."""
    lr = getattr(optimizer, "lr", None)
    return (f"fit: training diverged in epoch {history.epochs + 1}, at step {history.steps + 1}:"
            f" the {problem.what} became {problem.value}. That step was not taken: the model "
            f"keeps the parameters of step {history.steps}, all finite. Try a smaller learning "
            f"rate{f' (it is {lr:g})' if lr is not None else ''}, or inputs scaled to about "
            "[-1, 1].")


# --- checks of the other arguments -------------------------------------------------------------

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
                         f">= 1) or a Recording, got {checks.shown(record)}")
    return Recording(model, every=record)


def _optimizer(optimizer, lr, model: Module) -> Optimizer:
    """fit's optimizer=: a name (with lr=, or the optimizer's default), an Optimizer of this
    model's parameters, or None for SGD at lr 0.1."""
    if isinstance(optimizer, str):
        return _named_optimizer(optimizer, lr, model)
    if lr is not None and optimizer is None:
        raise ValueError(f"fit: lr={lr!r} goes with an optimizer given by name; the default "
                         f"is 'sgd' (at lr 0.1), so write optimizer='sgd', lr={lr!r} (or "
                         "optimizer='adam')")
    if lr is not None:
        raise ValueError("fit: lr= goes with an optimizer given by name (optimizer='sgd' or "
                         f"'adam'); the {type(optimizer).__name__} given has its own lr")
    if optimizer is None:
        return SGD(model.parameters(), lr=0.1)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"fit: optimizer must be an Optimizer (SGD, Adam, ...) or a name "
                        f"({', '.join(OPTIMIZERS)}), got {type(optimizer).__name__}")
    _moves_the_model(optimizer, model)
    return optimizer


def _named_optimizer(name: str, lr, model: Module) -> Optimizer:
    if name.lower() not in OPTIMIZERS:
        raise ValueError(f"fit: unknown optimizer {name!r}; by name: "
                         f"{', '.join(OPTIMIZERS)} (with lr=), or pass an Optimizer")
    cls, default = OPTIMIZERS[name.lower()]
    return cls(model.parameters(), lr=default if lr is None else lr)


def _moves_the_model(optimizer: Optimizer, model: Module) -> None:
    """ValueError if the optimizer moves a parameter that is not the model's: training would
    then not change the model."""
    own = {id(p) for p in model.parameters()}
    for i, p in enumerate(optimizer.params):
        if id(p) not in own:
            raise ValueError(f"fit: the optimizer moves parameters that are not this model's "
                             f"(its params[{i}], {p!r}), so training would not change the model:"
                             " make it with model.parameters()")


def _epochs(epochs: int, progress: Optional[bool]):
    """The epoch numbers, behind a progress bar that shows after two seconds on a terminal
    (progress=None), always (True) or never (False)."""
    if progress is False:
        return range(epochs)
    from tqdm import tqdm
    return tqdm(range(epochs), delay=0 if progress else 2.0, leave=False, unit="epoch",
                disable=None if progress is None else False)


def _say(line: str, settings: _Settings) -> None:
    from tqdm import tqdm
    tqdm.write(line, file=settings.out)


# --- using a trained model -------------------------------------------------------------------

def predict(model: Module, X) -> list:
    """The model's outputs for each row of X, as floats (lists of floats for several outputs)."""
    X = matrix(X, "X", "predict")
    with no_grad():
        outputs = [model(x) for x in X]
    return [o.data if isinstance(o, Value) else [v.data for v in o] for o in outputs]


def accuracy(model: Module, X, y) -> float:
    """The fraction of rows the model gets right, by the rule of nn.classes: the arg max for
    several outputs (y holds class indices, or one-hot rows); for one output, which side of the
    threshold midway between the labels it falls (0.5 for 0/1 targets, 0 for -1/+1)."""
    X = matrix(X, "X", "accuracy")
    labels = numeric(y, "y", "accuracy")
    if len(labels) != len(X):
        raise ValueError(f"accuracy: {len(X)} rows of X but {len(labels)} targets")
    with no_grad():
        scores = np.array([[v.data for v in as_list(model(x))] for x in X])
    return float(classes.correct(scores, labels).mean())
