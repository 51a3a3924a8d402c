"""What keeps a training run whole while other things happen: one fit per model at a time,
and Ctrl-C taken between two steps, never inside one."""

import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from ..modules import Module

_TRAINING_LOCK = threading.Lock()
_TRAINING: set = set()           # ids of the parameters some fit call is training now


@contextmanager
def one_fit_at_a_time(model: Module) -> Iterator[None]:
    """Refuse a second fit of a model (or of a model sharing its parameters) while one runs:
    both would read and write the same weights, and one run's training would be lost."""
    ids = {id(p) for p in model.parameters()} if isinstance(model, Module) else set()
    with _TRAINING_LOCK:
        if ids & _TRAINING:
            raise RuntimeError("fit: this model is being trained by another fit call right "
                               "now (in another thread); wait for it to return, or train a "
                               "copy (copy.deepcopy(model))")
        _TRAINING.update(ids)
    try:
        yield
    finally:
        with _TRAINING_LOCK:
            _TRAINING.difference_update(ids)


@contextmanager
def interrupts_between_steps() -> Iterator[Callable[[], bool]]:
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
