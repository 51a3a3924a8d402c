"""fit's loop: batches of the rows in a shuffled order, epoch after epoch, each epoch measured.

A run goes on where it stopped: its `Cursor` (the shuffle's generator, this epoch's order of
the rows, where the next batch starts) stays with its History, so `fit(..., resume=history)`
takes the next batch a single longer run would have taken, even in the middle of an epoch,
and `fit(..., steps=k)` stops after k batches wherever they end. That is what lets several
fit calls in a row (a learning rate changed after 13 steps, a point added, momentum switched
on) train exactly as one run with those changes would, as the playground's page does.

An epoch ends when its order is used up: then the model is measured (`measure`), and the
next step shuffles the order again (where `shuffle` is on) and starts from its front. Rows
added to X since the last call join the order of the epoch under way, at its end.
"""

import math
import random
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from . import classes
from .data import Task
from .engines import Diverged
from .history import History
from .optim import Optimizer

# A weight this large saturates every neuron it feeds (tanh and sigmoid are flat, relu's
# products overflow soon after): only a learning rate far too large gets there, and training
# stops, saying so (History.exploded), rather than running on at chance.
EXPLODED = 1e100


@dataclass
class Cursor:
    """Where a run stopped: the shuffle's generator, this epoch's order of the rows, and the
    position in it where the next batch starts (at the end of the order: a new epoch is next)."""
    random: random.Random
    order: list
    start: int

    @classmethod
    def new(cls, rows: int, seed: Optional[int]) -> "Cursor":
        """A run about to begin: its first step starts (and shuffles) the first epoch."""
        return cls(random.Random(seed), list(range(rows)), rows)

    def take(self, rows: int, who: str) -> None:
        """Go on over `rows` rows: those added since join the epoch under way."""
        if rows < len(self.order):
            raise ValueError(f"{who}: resume= goes on with a run over {len(self.order)} rows, "
                             f"but X has {rows}: rows may be added, not taken away")
        self.order.extend(range(len(self.order), rows))


@dataclass(frozen=True)
class Limits:
    """When the loop stops of itself: after `epochs` epochs, or `steps` steps if it is given;
    once the loss is at most `stop_at`."""
    epochs: int
    steps: Optional[int]
    stop_at: Optional[float]


def run(data: Task, settings, engine, history: History,
        interrupted: Callable[[], bool]) -> None:
    """Batches until the limits are met, a Ctrl-C between two steps, a weight past EXPLODED or
    a loss at or below stop_at; the History's cursor moves with every step taken.

    data         the checked data
    settings     fit's loop arguments (batch_size, shuffle, limits, reduction, display ...)
    engine       what takes a step and measures the model
    history      what the epochs are written into; holds the cursor
    interrupted  says whether Ctrl-C was pressed"""
    cursor, limits, size = history.cursor, settings.limits, settings.batch_size
    epochs, steps = 0, 0
    with _progress(limits, settings.progress) as bar:
        while (steps if limits.steps is not None else epochs) < (
                limits.steps if limits.steps is not None else limits.epochs):
            if cursor.start >= len(cursor.order):          # a new epoch begins
                if settings.shuffle:
                    cursor.random.shuffle(cursor.order)
                cursor.start = 0
            while cursor.start < len(cursor.order) and (limits.steps is None
                                                         or steps < limits.steps):
                if interrupted():
                    return
                engine.step(cursor.order[cursor.start:cursor.start + size])
                cursor.start += size
                history.steps += 1
                steps += 1
                bar.update(limits.steps is not None)
            if cursor.start < len(cursor.order):           # stopped within an epoch
                return
            epochs += 1
            bar.update(limits.steps is None)
            measure(engine, data, history, settings)
            if exploded(engine, history, settings) or _low_enough(history, settings):
                return


def _low_enough(history: History, settings) -> bool:
    """Whether the loss reached stop_at (the History then says stopped_early)."""
    stop_at = settings.limits.stop_at
    if stop_at is None or history.loss[-1] > stop_at:
        return False
    history.stopped_early = True
    if settings.display_every:
        say(f"stopped at epoch={history.epochs}: loss {history.loss[-1]:.7f} <= {stop_at}",
            settings)
    return True


def measure(engine, data: Task, history: History, settings) -> None:
    """The model's loss and accuracy on all of X with the weights the epoch left, into the
    History, the Recording and (every display_every epochs) the console."""
    losses, scores = engine.evaluate()
    loss = math.fsum(losses.tolist()) / (len(losses) if settings.reduction == "mean" else 1)
    if not math.isfinite(loss):
        raise Diverged("loss measured after the epoch", loss)
    history.loss.append(loss)
    accuracy = None
    if data.classify:
        accuracy = float(classes.correct(scores, data.labels).mean())
        history.accuracy.append(accuracy)
    if history.recording is not None:
        history.recording.end_of_epoch(loss, accuracy, engine.weights())
    _report(history.epochs, loss, accuracy, settings)


def exploded(engine, history: History, settings) -> bool:
    """Whether a weight has grown past EXPLODED; if so the History says so and a line (always
    printed: the run is over) says what happened and what to try."""
    vector = engine.parameter_vector()
    largest = int(np.argmax(np.abs(vector))) if len(vector) else 0
    if not len(vector) or abs(vector[largest]) <= EXPLODED:
        return False
    history.exploded = True
    params = engine.optimizer.params
    name = params[largest].label if largest < len(params) else ""
    lr = getattr(engine.optimizer, "lr", None)
    say(f"fit: after epoch {history.epochs} a weight{f' ({name})' if name else ''} is "
        f"{vector[largest]:.3g}, past {EXPLODED:g}: the learning rate"
        f"{f' ({lr:g})' if lr is not None else ''} is far too large, every neuron saturates "
        "and the loss stays flat. Training stopped there; try a learning rate 10 to 1000 "
        "times smaller.", settings)
    return True


def _report(epoch: int, loss: float, accuracy: Optional[float], settings) -> None:
    """The console's line for an epoch: the first, then every display_every."""
    every = settings.display_every
    if every and (epoch % every == 0 or epoch == 1):
        say(f"epoch={epoch}, loss={loss:.7f}"
            + (f", accuracy={accuracy:.3f}" if accuracy is not None else ""), settings)


def diverged(problem: Diverged, history: History, optimizer: Optimizer) -> str:
    """What happened, what the model holds, and what to try."""
    lr = getattr(optimizer, "lr", None)
    return (f"fit: training diverged in epoch {history.epochs + 1}, at step {history.steps + 1}:"
            f" the {problem.what} became {problem.value}. That step was not taken: the model "
            f"keeps the parameters of step {history.steps}, all finite. Try a smaller learning "
            f"rate{f' (it is {lr:g})' if lr is not None else ''}, or inputs scaled to about "
            "[-1, 1].")


class _NoBar:
    def update(self, count: int = 1) -> None:
        pass

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc) -> None:
        pass


def _progress(limits: Limits, progress: Optional[bool]):
    """A progress bar over the epochs (or the steps, where they are counted) that shows after
    two seconds on a terminal (progress=None), always (True) or never (False)."""
    if progress is False:
        return _NoBar()
    from tqdm import tqdm
    counted = limits.steps is not None
    return tqdm(total=limits.steps if counted else limits.epochs, delay=0 if progress else 2.0,
                leave=False, unit="step" if counted else "epoch",
                disable=None if progress is None else False)


def say(line: str, settings) -> None:
    from tqdm import tqdm
    tqdm.write(line, file=settings.out)
