"""fn run by the scalar engine on one sample: how the compiler checks its trace, and how a
program says what fn itself says of a sample that came out nan.

A compiled program runs fn's graph, not fn: a check that fn makes in Python on a number
(binary_cross_entropy's that a probability lies in [0, 1]) is not in the graph, so where a
sample's outputs come out nan the program runs fn on that sample again, by the scalar engine,
and raises the ValueError fn raises there, naming the sample."""

from typing import List, Optional, Sequence

import numpy as np

from ..modes import no_grad
from ..value import Value


def outputs(fn, params: List[Value], x: Sequence[float], t: Sequence[float],
            weights: Optional[np.ndarray] = None) -> List[Value]:
    """fn's outputs (a list of Values, without a graph) at inputs x and targets t, with the
    parameters at `weights` (their values restored after) or as they are. What fn raises
    (a domain error: ValueError) is raised.

    fn       the function compiled, (inputs, targets) -> a Value or a list of Values
    params   the parameters it reads
    x        one sample's inputs
    t        its targets
    weights  the parameters' values to run at, or None"""
    original = [p.data for p in params]
    try:
        if weights is not None:
            for p, w in zip(params, np.asarray(weights, dtype=float).tolist()):
                p.data = w
        with no_grad():          # only the numbers are wanted: no graph to build
            return as_list(fn([Value(v) for v in x], [Value(v) for v in t]))
    finally:
        for p, w in zip(params, original):
            p.data = w


def as_list(result) -> List[Value]:
    """fn's result as a list of Values, or TypeError saying what it returned."""
    found = [result] if isinstance(result, Value) else result
    if (not isinstance(found, (list, tuple)) or not found
            or not all(isinstance(o, Value) for o in found)):
        raise TypeError(f"compile: fn must return a Value or a list of Values, got "
                        f"{type(result).__name__}")
    return list(found)


def refused(fn, params: List[Value], X: np.ndarray, T: Optional[np.ndarray],
            weights: Optional[np.ndarray], out: np.ndarray) -> Optional[ValueError]:
    """For the samples (columns) whose outputs `out` (outputs, batch) came out nan, in order,
    the first ValueError fn raises on one of them by the scalar engine, naming the sample;
    None if fn gives a nan there too.

    fn       the function compiled
    params   the parameters it reads
    X        the batch's inputs, (batch, inputs)
    T        its targets, or None
    weights  the parameters' values, or None for their .data
    out      the program's outputs for the batch, a row per output"""
    for sample in np.flatnonzero(np.isnan(out).any(axis=0)).tolist():
        try:
            outputs(fn, params, X[sample].tolist(), [] if T is None else T[sample].tolist(),
                    weights)
        except ValueError as error:
            return ValueError(f"{error} (sample {sample} of the batch)")
    return None
