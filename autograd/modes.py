"""Recording modes: `no_grad()`, `enable_grad()` and `detect_anomaly()`.

They live in one context variable, so every op pays for a single lookup to learn whether it
should record its operands and whether it should check its result. A context variable (not a
global) keeps the modes correct across threads and async tasks.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from typing import ContextManager, Iterator, NamedTuple


class Mode(NamedTuple):
    record: bool    # ops record their operands (off under no_grad)
    anomaly: bool   # ops and backward check for nan / inf (on under detect_anomaly)
    domain: bool = True   # a failed domain check raises; off while backward evaluates the
                          # derivative rules on Values, which follow IEEE like floats do


RECORDING = Mode(record=True, anomaly=False)   # the default; ops compare against it by identity
NOT_RECORDING = Mode(record=False, anomaly=False)   # no_grad's: the ops' second fast path

_mode: ContextVar[Mode] = ContextVar("autograd_mode", default=RECORDING)


current_mode = _mode.get   # bound directly: every op calls it


@contextmanager
def _changed(**fields) -> Iterator[None]:
    mode = _mode.get()._replace(**fields)
    # Reuse the RECORDING and NOT_RECORDING objects: the ops' fast paths compare by identity.
    token = _mode.set(RECORDING if mode == RECORDING
                      else NOT_RECORDING if mode == NOT_RECORDING else mode)
    try:
        yield
    finally:
        _mode.reset(token)


def no_grad() -> ContextManager[None]:
    """Inside this block ops record nothing: results are leaves (`.op == ""`, `.parents == ()`).

    Use it for updates and evaluation, where no gradient is wanted. Nestable and exception-safe."""
    return _changed(record=False)


def enable_grad() -> ContextManager[None]:
    """Inside this block ops record their operands, even within `no_grad()` (as PyTorch's
    `torch.enable_grad`): a graph a learner builds there can be differentiated whatever the
    mode around it."""
    return _changed(record=True)


def rules_on_values() -> ContextManager[None]:
    """How backward evaluates derivative rules on Values (create_graph=True): recorded, and with
    IEEE results where an op's domain check would fail (0.5 / 0 is inf, as on floats): the
    domain check guards the user's own ops, not the rules' arithmetic."""
    return _changed(record=True, domain=False)


def detect_anomaly() -> ContextManager[None]:
    """Inside this block a nan or inf result of an op, or a nan or inf gradient during
    `backward`/`grad`, raises FloatingPointError naming the op, its operands and their labels."""
    return _changed(anomaly=True)
