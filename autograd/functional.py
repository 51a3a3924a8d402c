"""The functional API: derivatives of a Python function, in JAX's words.

    from autograd import jvp, jacobian
    f = lambda x, y: [x * y, x + y, (x * y).sin()]
    jacobian(f, [1.0, 2.0], mode="fwd")      # 3 rows of 2: one forward sweep per input

`f` is called with the primals as Values, one positional argument each, and returns a Value or
a list of them; numbers come back as floats (a float or a list for outputs, rows for a
Jacobian), so what a learner writes here carries over to `jax.jvp` or `torch.func.jacrev`.

Reverse mode (backward.py) gives a row of the Jacobian per sweep, from one output; forward
mode (forward.py) a column per sweep, from one input. So `jacobian(mode="rev")` takes m sweeps
for m outputs and `mode="fwd"` n for n inputs: `cost` counts them, and the multiply-adds.

The derivatives are those of the graph `f` builds at the primals, so `f` is called once more
with its inputs moved a little (`_same_elsewhere`): a function whose graph is not itself (it
reads `x.data` as a number, or branches in Python on it) is refused with a TraceError, as
`autograd.compile` refuses it, rather than given a derivative that is silently wrong.

`hessian` is forward over reverse, as JAX's `jacfwd(jacrev(f))`: one reverse sweep with
create_graph builds the gradient as a graph, then one forward sweep per input pushes a tangent
through that graph (a column of the Hessian each; `hvp` is one such sweep). Reverse over
reverse would need a reverse sweep of the gradient graph per input, each also visiting the
whole of it; forward sweeps need no bookkeeping of pending gradients, and the gradient graph is
built once either way.
"""

import inspect
import sys
from typing import Callable, List, NamedTuple, Optional, Tuple, Union

from .backward import grad, pull_back
from .forward import push_tangents
from .graph import creation_order
from .value import Value, real

Numbers = Union[float, List[float]]


class Cost(NamedTuple):
    """What a Jacobian took: sweeps of the graph, and multiply-adds (local derivative times
    tangent or gradient, each added to a sum)."""
    sweeps: int
    multiply_adds: int


def _numbers(values, what: str, where: str) -> List[float]:
    """A list of floats from a list, a tuple or a 1-D NumPy array of numbers (or Values):
    TypeError for anything else (a set or a dict has no order a function's arguments could
    take), naming which entry is not a real number."""
    if not _sequence(values):
        raise TypeError(f"{where}: {what} must be a list, a tuple or a 1-D array of numbers, "
                        f"got {_kind(values)}")
    out = []
    for i, v in enumerate(values):
        out.append(v.data if isinstance(v, Value) else real(v, f"{where}: {what}[{i}]"))
    return [float(v) for v in out]


def _sequence(values) -> bool:
    if isinstance(values, (list, tuple)):
        return True
    np = sys.modules.get("numpy")          # an array can only exist once NumPy is imported
    return np is not None and isinstance(values, np.ndarray) and values.ndim == 1


def _kind(values) -> str:
    np = sys.modules.get("numpy")
    if np is not None and isinstance(values, np.ndarray):
        return f"a {values.ndim}-d NumPy array of shape {values.shape}"
    return f"a {type(values).__name__}"


def _call(f: Callable, primals, where: str) -> Tuple[List[Value], List[Value], bool]:
    """(the input Values, f's outputs as a list, whether f returned one Value), after checking
    that f's graph is f (`_same_elsewhere`)."""
    if not callable(f):
        raise TypeError(f"{where}: f must be a function, got {type(f).__name__}")
    point = _numbers(primals, "primals", where)
    inputs = [Value(x, label=name) for x, name in zip(point, parameter_names(f, len(point)))]
    out = f(*inputs)
    single = isinstance(out, Value)
    outputs = [out] if single else out
    if not single and not isinstance(outputs, (list, tuple)):
        raise TypeError(f"{where}: f must return a Value or a list of Values, got "
                        f"{type(out).__name__}")
    for k, o in enumerate(outputs):
        if not isinstance(o, Value):
            raise TypeError(f"{where}: f's output {k} is a {type(o).__name__}, not a Value "
                            "(build it from f's arguments)")
    if not outputs:
        raise ValueError(f"{where}: f returned no outputs")
    _same_elsewhere(f, inputs, list(outputs), where)
    return inputs, list(outputs), single


# How far _same_elsewhere moves each input: a part in a thousand of its size (at least 1e-3),
# each input by its own amount, so that no two move alike.
_MOVE = 1e-3


class TraceError(ValueError):
    """A function whose graph is not the function: it reads a Value's `.data` as a number, or
    branches in Python on it (autograd.compile and the functional API refuse it)."""


def _same_elsewhere(f: Callable, inputs: List[Value], outputs: List[Value], where: str) -> None:
    """TraceError unless f, called again with its inputs moved a little, gives what its graph
    gives there. The derivatives are the graph's: a function that reads a Value's `.data` as a
    number (`x * x.data`) or branches in Python on it has a graph that is not the function
    (the read number is a constant in it), and its derivatives would be silently wrong, as
    `autograd.compile` refuses for the same reason. A point where f is undefined (a log of a
    negative) is not a test. So f is called twice."""
    moved = {x: x.data + _MOVE * (1.0 + 0.37 * k) * max(1.0, abs(x.data))
             for k, x in enumerate(inputs)}
    expected = replay(outputs, moved)
    if expected is None:
        return
    try:              # recorded as f's first call was: f may take derivatives itself
        again = f(*(Value(moved[x]) for x in inputs))
    except ValueError:
        return
    got = [o.data for o in ([again] if isinstance(again, Value) else again)]
    if len(got) != len(expected) or not all(_agree(a, b) for a, b in zip(got, expected)):
        raise TraceError(
            f"{where}: f computes something other than its graph when its inputs move: it reads "
            "a Value's .data as a number (as in x * x.data) or branches in Python on it, so the "
            "derivatives of its graph are not f's. Use the Values themselves, and ops instead "
            "of branches (relu, abs, maximum)")


def _agree(a: float, b: float) -> bool:
    return a == b or (a != a and b != b) or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def replay(outputs: List[Value], at: dict) -> Optional[List[float]]:
    """The outputs' data as their graph computes it with some leaves given other numbers (`at`:
    leaf -> number), each op run from its declaration; None where an op is undefined there."""
    data = {}
    for node in creation_order(*outputs):
        parents = node.parents
        if not parents:
            data[node] = at.get(node, node.data)
            continue
        operands = [data[p] for p in parents]
        op = node.operation
        if op.undefined is not None and op.undefined(*operands):
            return None
        data[node] = op.forward(*operands)
    return [data[o] for o in outputs]


def parameter_names(fn: Callable, count: int) -> List[str]:
    """fn's positional parameter names (x0, x1, ... past them), for labels and messages that
    say `x` rather than `input 0`."""
    try:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"x{i}" for i in range(count)]


def _shaped(values: List[float], single: bool) -> Numbers:
    return values[0] if single else values


def value_and_grad(f: Callable) -> Callable:
    """g(*primals) -> (f's value, [df/d each argument]), for f returning one Value."""
    def value_and_grad_of_f(*primals) -> Tuple[float, List[float]]:
        inputs, outputs, single = _call(f, primals, "value_and_grad")
        if not single:
            raise ValueError("value_and_grad: f must return one Value (use jacobian for "
                             "several outputs)")
        return outputs[0].data, pull_back(outputs, [1.0], inputs)
    value_and_grad_of_f.__name__ = f"value_and_grad({getattr(f, '__name__', 'f')})"
    return value_and_grad_of_f


def jvp(f: Callable, primals, tangents) -> Tuple[Numbers, Numbers]:
    """(f's outputs, their tangents) with the inputs moving along `tangents`: the Jacobian
    times the tangents, in one forward sweep."""
    tangents = _numbers(tangents, "tangents", "jvp")
    if len(tangents) != len(_numbers(primals, "primals", "jvp")):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    inputs, outputs, single = _call(f, primals, "jvp")
    found, _ = push_tangents(outputs, dict(zip(inputs, tangents)))
    return (_shaped([o.data for o in outputs], single),
            _shaped([0.0 + found.get(o, 0.0) for o in outputs], single))


def vjp(f: Callable, *primals) -> Tuple[Numbers, Callable]:
    """(f's outputs, pullback): pullback(cotangents) gives the cotangents times the Jacobian,
    one number per primal, in one reverse sweep (a float cotangent when f returns one Value)."""
    inputs, outputs, single = _call(f, primals, "vjp")

    def pullback(cotangents) -> List[float]:
        seeds = _numbers([cotangents] if single else cotangents, "cotangents", "pullback")
        if len(seeds) != len(outputs):
            raise ValueError(f"pullback: f has {len(outputs)} outputs but {len(seeds)} "
                             "cotangents were given")
        return pull_back(outputs, seeds, inputs)
    return _shaped([o.data for o in outputs], single), pullback


def jacobian(f: Callable, primals, mode: str = "rev") -> Union[List[float], List[List[float]]]:
    """d(output i)/d(input j): rows, one per output (a single list when f returns one Value),
    by reverse mode (a row per sweep) or forward mode (a column per sweep)."""
    return _jacobian(f, primals, mode, count=False)[0]


def cost(f: Callable, primals, mode: str = "rev") -> Cost:
    """What jacobian(f, primals, mode) takes: sweeps and multiply-adds."""
    return _jacobian(f, primals, mode, count=True)[1]


def _jacobian(f: Callable, primals, mode: str, count: bool):
    """(the Jacobian as jacobian gives it, its Cost; multiply-adds counted only with count)."""
    if mode not in ("rev", "fwd"):
        raise ValueError(f"jacobian: mode must be 'rev' or 'fwd', got {mode!r}")
    inputs, outputs, single = _call(f, primals, "jacobian")
    sweeps = _by_columns if mode == "fwd" else _by_rows
    rows, work = sweeps(inputs, outputs, count)
    return _shaped(rows, single), Cost(len(inputs if mode == "fwd" else outputs), work)


def _by_columns(inputs: List[Value], outputs: List[Value], count: bool) -> tuple:
    """(the Jacobian's rows, multiply-adds) by one forward sweep per input."""
    columns, work = [], 0
    for x in inputs:
        found, more = push_tangents(outputs, {x: 1.0})
        columns.append([0.0 + found.get(o, 0.0) for o in outputs])
        work += more
    return ([list(row) for row in zip(*columns)] if columns else [[] for _ in outputs]), work


def _by_rows(inputs: List[Value], outputs: List[Value], count: bool) -> tuple:
    """(the Jacobian's rows, multiply-adds if counted) by one reverse sweep per output."""
    rows, steps = [], [] if count else None
    for k in range(len(outputs)):
        seeds = [0.0] * len(outputs)
        seeds[k] = 1.0
        rows.append(pull_back(outputs, seeds, inputs, steps))
    return rows, (sum(1 for s in steps if s.upstream and s.local) if count else 0)


def hessian(f: Callable, primals) -> List[List[float]]:
    """d2f/dx_i dx_j for f returning one Value: forward over reverse (see the module's
    docstring), a column per forward sweep through the gradient's graph."""
    inputs, gradient = _gradient_graph(f, primals, "hessian")
    columns = []
    for x in inputs:
        found, _ = push_tangents(gradient, {x: 1.0})
        columns.append([0.0 + found.get(g, 0.0) for g in gradient])
    return [list(row) for row in zip(*columns)]


def hvp(f: Callable, primals, v) -> List[float]:
    """The Hessian of f (one Value) times v, in one forward sweep through the gradient's
    graph, without forming the Hessian."""
    v = _numbers(v, "v", "hvp")
    if len(v) != len(_numbers(primals, "primals", "hvp")):
        raise ValueError(f"hvp: {len(primals)} primals but v has {len(v)} numbers")
    inputs, gradient = _gradient_graph(f, primals, "hvp")
    found, _ = push_tangents(gradient, dict(zip(inputs, v)))
    return [0.0 + found.get(g, 0.0) for g in gradient]


def _gradient_graph(f: Callable, primals, where: str) -> Tuple[List[Value], List[Value]]:
    """(the inputs, f's gradient as Values that are graphs of them)."""
    inputs, outputs, single = _call(f, primals, where)
    if not single:
        raise ValueError(f"{where}: f must return one Value")
    return inputs, grad(outputs[0], inputs, create_graph=True)


__all__ = ["value_and_grad", "jvp", "vjp", "jacobian", "hessian", "hvp", "cost", "Cost"]
