"""Training: `fit` a model to data, then `predict` and measure `accuracy`.

`fit` reads in four parts:

    checks     every argument and every row of the data, before anything changes
               (`_settings` here, `nn.training.data` for X and y)
    engine     how one step is taken: the scalar engine or a compiled program
               (`nn.training.engines`)
    the loop   epochs of steps (`nn.training.loop`); after each, the model is measured with the
               weights as the epoch left them, and the History, the console line and the
               Recording all take those same numbers; a run goes on where it stopped
               (`resume=`), so several calls in a row train as one
    the end    however training ends (every epoch, stop_at, Ctrl-C, a number that is not
               finite), the model keeps the parameters of the last step taken, and the History
               says how it ended (`nn.training.guards` takes Ctrl-C between steps, and lets one
               fit train a model at a time)
"""

import sys
from dataclasses import dataclass
from typing import Callable, Optional, Union

import numpy as np

from autograd import Value, no_grad
from autograd.collector import quiet_collector

from .. import checks
from . import classes, loop
from .data import LOSSES, Task, as_list, matrix, numeric, task
from .engines import CompiledEngine, Diverged, ScalarEngine, choose
from .guards import interrupts_between_steps, one_fit_at_a_time
from .history import History
from .loop import Cursor, Limits
from ..modules import Module
from .optim import OPTIMIZERS, SGD, Optimizer
from .recording import Recording

# A per-sample loss: (model output, target) -> Value.
SampleLoss = Callable[[object, object], Value]

ENGINES = ("auto", "scalar", "compiled")

__all__ = ["fit", "predict", "accuracy", "History", "LOSSES"]


def fit(model: Module, X, y, loss: Union[str, SampleLoss] = "mse",
        optimizer: Union[None, str, Optimizer] = None, epochs: Optional[int] = None,
        batch_size: Optional[int] = 1, display_every: int = 0, stop_at: Optional[float] = None,
        shuffle: bool = True, seed: Optional[int] = None, progress: Optional[bool] = None,
        reduction: str = "mean", engine: str = "auto", lr: Optional[float] = None,
        record: Union[None, int, Recording] = None, out=None, steps: Optional[int] = None,
        resume: Optional[History] = None) -> History:
    """Train `model` on samples X (n rows of inputs) with targets y by gradient descent.

    model          the Module to train
    X              the samples, one row of inputs each
    y              their targets
    loss           a name from LOSSES, or a function (output, target) -> Value
    optimizer      an Optimizer, "sgd" or "adam", or None (SGD, lr 0.1)
    epochs         passes over the data (default 100, unless `steps` is given)
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
    steps          stop after this many steps instead, wherever in an epoch that is
    resume         a History an earlier fit of this model returned: go on from where it
                   stopped (its shuffle, its place in the epoch), adding to that History

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
    accuracy (nn.training.classes decides which class an output means). The History, the line
    printed every `display_every` epochs (`epoch=k, loss=..., accuracy=...`, to `out`, default
    sys.stdout), the Recording and its film all show these numbers, for the same epoch k;
    training stops once the loss is at most `stop_at`.

    Every argument and every row of X and y is checked before the first step (numbers,
    finite, the model's input width, targets the loss accepts, outputs the loss can take), the
    same for both engines, and ValueError names what is wrong. Any Module works: the input
    width comes from X and the output count from one forward pass. One model trains in one fit
    at a time: a second fit of it while the first runs (from another thread) is refused.

    record=k keeps a snapshot of the parameters before training and after every k epochs (and
    the last) in `history.recording`, for a film of the run (nn.drawing.film.Film); a Recording
    given instead goes on from where it is, across several fit calls (call its finish() after the
    last). Snapshots are vectors, not graphs, with either engine.

    A run goes on where it stopped: `fit(..., resume=history)` takes the batch one longer run
    would have taken next (the same shuffle, the same place in the epoch, rows added to X since
    joining the epoch under way) and returns that History with the new epochs added; `seed`
    is the run's own then. With `steps=k` a call stops after k steps, wherever they end. So
    several calls in a row, with the optimizer object carried through and settings changed
    between them (its lr, the loss, the batch size, shuffle), train as one run with those
    changes would: what the playground's "Python code" writes.

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
        settings = _settings(len(data.X), epochs=epochs, steps=steps, batch_size=batch_size,
                             display_every=display_every, stop_at=stop_at, shuffle=shuffle,
                             seed=seed, progress=progress, reduction=reduction, out=out)
        resume = _resumed(resume, seed, len(data.X))
        optimizer = _optimizer(optimizer, lr, model)
        recording = _recording(record, model)
        if recording is not None and recording.loss_label is None:
            recording.loss_label = data.describe(settings.reduction)
        kind = choose(checks.choice(engine, "engine", "fit", ENGINES), model, data,
                      settings.batch_size)
        engine_steps = (CompiledEngine if kind == "compiled" else ScalarEngine)(
            model, data, settings.reduction, optimizer)
        history = _train(data, settings, engine_steps, recording, interrupted, resume)
        if recording is not None and recording is not record:
            recording.finish()              # a Recording of the caller's: they finish it
        return history


@dataclass(frozen=True)
class _Settings:
    """fit's arguments about the loop, checked."""
    limits: Limits                   # epochs, steps, stop_at
    batch_size: int                  # None (full batch) resolved to the number of rows
    display_every: int
    shuffle: bool
    seed: Optional[int]
    progress: Optional[bool]
    reduction: str
    out: object


def _settings(rows: int, *, epochs, steps, batch_size, display_every, stop_at, shuffle, seed,
              progress, reduction, out) -> _Settings:
    """fit's arguments about the loop, checked, and batch_size=None resolved.

    rows           the number of samples
    epochs         passes over the data (None: 100, unless steps is given)
    steps          steps to take instead, or None (default 100, unless `steps` is given)
    batch_size     samples per update (None: all of them)
    display_every  print a line every this many epochs (0: never)
    stop_at        stop once the loss is at most this (None: never)
    shuffle        shuffle the samples every epoch
    seed           the shuffling's seed
    progress       the progress bar: None (after two seconds), True or False
    reduction      "mean" or "sum" of a batch's losses
    out            where the lines go (None: sys.stdout)"""
    who = "fit"
    if epochs is not None and steps is not None:
        raise ValueError("fit: give epochs or steps, not both (steps stops after that many "
                         "steps, wherever in an epoch they end)")
    limits = Limits(
        epochs=100 if epochs is None else checks.whole_number(epochs, "epochs", who, minimum=0),
        steps=checks.optional_whole_number(steps, "steps", who, minimum=0),
        stop_at=None if stop_at is None else checks.real_number(stop_at, "stop_at", who))
    return _Settings(
        limits=limits,
        batch_size=rows if batch_size is None else checks.whole_number(batch_size,
                                                                       "batch_size", who),
        display_every=checks.whole_number(display_every, "display_every", who, minimum=0),
        shuffle=checks.flag(shuffle, "shuffle", who),
        seed=checks.optional_whole_number(seed, "seed", who, minimum=0),
        progress=checks.optional_flag(progress, "progress", who),
        reduction=checks.choice(reduction, "reduction", who, ("mean", "sum")),
        out=checks.writable(sys.stdout if out is None else out, "out", who))


def _train(data: Task, settings: _Settings, steps, recording: Optional[Recording],
           interrupted: Callable[[], bool], resume: Optional[History]) -> History:
    """The epochs, and the History of them (the one resumed, added to, if there is one).

    data         the checked data
    settings     fit's loop arguments
    steps        the engine that takes a step and measures the model
    recording    where snapshots go, or None
    interrupted  says whether Ctrl-C was pressed
    resume       the History of the run this call goes on with, or None"""
    label = data.describe(settings.reduction)
    if resume is None:
        history = History(recording=recording, loss_label=label,
                          cursor=Cursor.new(len(data.X), settings.seed))
    else:
        history = resume
        history.recording, history.loss_label = recording, label
        history.stopped_early = history.interrupted = history.diverged = False
        history.exploded = False             # how this call ends, said anew
    if settings.display_every:
        loop.say(f"fit: loss = {label}, with the weights at the end of each epoch", settings)
    with quiet_collector():
        try:
            loop.run(data, settings, steps, history, interrupted)
        except KeyboardInterrupt:      # raised by code of the user's between or in steps
            history.interrupted = True
        except Diverged as problem:
            history.diverged = True
            loop.say(loop.diverged(problem, history, steps.optimizer), settings)
        finally:                       # however training ends, the model keeps what it learned
            steps.finish()
    history.interrupted = history.interrupted or interrupted()
    if history.interrupted and settings.display_every:
        loop.say(f"interrupted after {history.steps} steps; the model holds the parameters of "
                 "the last one", settings)
    return history


def _resumed(resume, seed, rows: int) -> Optional[History]:
    """fit's resume=: None, or a History an earlier fit returned, its run's cursor taking the
    rows of X (rows added join the epoch under way)."""
    if resume is None:
        return None
    if not isinstance(resume, History) or resume.cursor is None:
        what = "a History saved to a file, which keeps no place in its run" if isinstance(
            resume, History) else checks.shown(resume)
        raise ValueError(f"fit: resume must be the History an earlier fit returned, got {what}")
    if seed is not None:
        raise ValueError("fit: seed= starts a new run's shuffle; resume= goes on with the run's "
                         "own: give one or the other")
    resume.cursor.take(rows, "fit")
    return resume


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


# --- using a trained model -------------------------------------------------------------------

def predict(model: Module, X) -> list:
    """The model's outputs for each row of X, as floats (lists of floats for several outputs)."""
    X = matrix(X, "X", "predict")
    with no_grad():
        outputs = [model(x) for x in X]
    return [o.data if isinstance(o, Value) else [v.data for v in o] for o in outputs]


def accuracy(model: Module, X, y) -> float:
    """The fraction of rows the model gets right, by the rule of nn.training.classes: the arg max
    for several outputs (y holds class indices, or one-hot rows); for one output, which side of the
    threshold midway between the labels it falls (0.5 for 0/1 targets, 0 for -1/+1)."""
    X = matrix(X, "X", "accuracy")
    labels = numeric(y, "y", "accuracy")
    if len(labels) != len(X):
        raise ValueError(f"accuracy: {len(X)} rows of X but {len(labels)} targets")
    with no_grad():
        scores = np.array([[v.data for v in as_list(model(x))] for x in X])
    return float(classes.correct(scores, labels).mean())
