"""`quiet_collector`: building big graphs without the cyclic garbage collector's rescans."""

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_users = [0]              # how many quiet_collector blocks are open (the collector is global)
_saved = []               # the thresholds to restore when the last one closes


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Keep Python's cyclic garbage collector from rescanning graphs while the library builds
    them (`nn.fit`'s training, `autograd.compile`'s traces).

    A training step builds and frees tens of thousands of nodes; reference counting frees them
    (graphs hold no cycles), but the cyclic collector, triggered by every 700 allocations, also
    walks every object alive (the model, the data, the graph being built) again and again,
    finding nothing: about a third of a scalar step, and more while a big graph is alive. So
    the objects alive when it starts are frozen (`gc.freeze`, out of the collector's reach) and
    its first threshold raised; both are restored afterwards, also on an exception, so the
    user's own code meets the collector as it was. Nested uses restore only at the outermost."""
    with _lock:
        _users[0] += 1
        if _users[0] == 1:
            thresholds = gc.get_threshold()
            _saved[:] = [thresholds]
            gc.freeze()
            gc.set_threshold(max(thresholds[0], 1_000_000), *thresholds[1:])
    try:
        yield
    finally:
        with _lock:
            _users[0] -= 1
            if _users[0] == 0:
                gc.set_threshold(*_saved[0])
                gc.unfreeze()
