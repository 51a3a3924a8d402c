"""The batch compiler: trace a scalar graph once, then run it on a whole batch with NumPy.

    program = compile(lambda x, t: mse_loss(model(x), t), n_inputs=2,
                      params=model.parameters(), n_targets=1)
    result = program(X, T)         # X: (B, 2), T: (B, 1)
    result.outputs                 # (B, number of outputs) array
    result.grads                   # d(output 0)/d(param), summed over the batch

The model stays made of scalar Values: the program reads the parameters' current `.data` on
every call (or takes them as one vector, `program(X, T, weights)`), so after an optimizer
step it sees the new weights. The passes (`passes.py`), in order, each a function from one
form of the IR (`ir.py`) to the next:

    trace        run fn once on placeholder Values; its nodes, parents first
    collect      number the nodes and sort out inputs, targets, parameters and constants (any
                 other leaf is an error: an input that was not declared): OpNodes
    fuse_sums    turn chains of `+` (what Python's sum() builds) into SumNodes
    find_dense   recognise the sums of weight * input (+ bias) that share their inputs, a
                 layer of neurons, as one DenseNode: one matrix product
    schedule     group the rest by level and kind: each OpGroup or SumGroup is one NumPy call
                 over a (group, batch) array, forward and backward
    compact      keep only the rows something reads, numbered group by group, so the arrays
                 stay small and each group reads and writes slices (views, not copies); a
                 row of ones after a layer's sources gives it the bias trick ([W | b] as one
                 matrix, as the tutorials do with their ones column)
    scalar_constants
                 pass an operand that is one constant for a whole group as that number
    Program      the program (`program.py`): where gradient must flow and which
                 contributions are written rather than added (`plan.py`), a step per group
                 made by a backend (`numpy_steps.py`, a layer's in `layer_step.py`: each
                 step writes NumPy statements, `numpy_code.py`; another backend would
                 implement the same step interface),
                 reading and writing through places (`places.py`), in work arrays made once
                 per batch size
    check_elsewhere
                 run fn with the scalar engine at two other points, with the parameters moved,
                 and the program beside it: they must agree, else TraceError (fn run by the
                 scalar engine: `scalar.py`, which a program also uses on a sample that comes
                 out nan, to raise what fn itself raises there)

Tracing records one path through fn. If fn branches in Python on the `.data` of an input, a
target or a parameter, or reads a parameter's `.data` as a number, the program would follow
the traced path or keep the traced number forever; check_elsewhere catches that. The one
limitation left: a branch whose sides agree at the trace point and at both check points.

Each op is run from its declaration in `ops.py`, whose forward, derivative rules and domain
evaluate on arrays as well as on floats: there is no second copy of the math here.
"""

from typing import Callable, List, Sequence

from ..collector import quiet_collector
from ..value import Value
from .ir import DenseNode, OpGroup, SumGroup
from .passes import (TraceError, check_elsewhere, collect, compact, find_dense, fuse_sums,
                     scalar_constants, schedule, trace)
from .program import Program, Result

__all__ = ["compile", "Program", "Result", "TraceError", "DenseNode", "OpGroup", "SumGroup"]


def compile(fn: Callable[[List[Value], List[Value]], object], n_inputs: int,
            params: Sequence[Value] = (), *, n_targets: int = 0, check: bool = True) -> Program:
    """Trace `fn(inputs, targets)` (lists of placeholder Values; it returns a Value or a list of
    Values, the first being the one differentiated) and compile it for batches of n_inputs
    inputs and n_targets targets per sample, with gradients for `params`.

    fn         the function traced: (inputs, targets) -> a Value or a list of Values
    n_inputs   how many inputs a sample has
    params     the Values whose gradients are wanted (a model's parameters)
    n_targets  how many targets a sample has
    check      whether to check the trace at two other points (passes.check_elsewhere), where
               a function that branches on `.data` computes something else; False leaves that
               out, for a caller that knows fn cannot: nn.fit, compiling nn's own modules and
               losses, which are graphs of their inputs throughout"""
    params = list(params)
    if not all(isinstance(p, Value) for p in params):
        raise TypeError("compile: params must be Values (e.g. model.parameters())")
    for name, count in (("n_inputs", n_inputs), ("n_targets", n_targets)):
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"compile: {name} must be an int >= 0, got {count!r}")
    with quiet_collector():            # a big graph is alive throughout: no rescans of it
        order, outputs, inputs, targets = trace(fn, n_inputs, n_targets)
        nodes, rows = collect(order, outputs, inputs, targets, params)
        nodes = fuse_sums(nodes, rows)
        nodes = find_dense(nodes, rows)
        groups, rows = compact(schedule(nodes), rows)
        program = Program(scalar_constants(groups, rows), rows, params, fn=fn)
        if check:
            check_elsewhere(fn, program, params, n_inputs, n_targets)
    return program
