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

`hessian` is forward over reverse, as JAX's `jacfwd(jacrev(f))`: one reverse sweep with
create_graph builds the gradient as a graph, then one forward sweep per input pushes a tangent
through that graph (a column of the Hessian each; `hvp` is one such sweep). Reverse over
reverse would need a reverse sweep of the gradient graph per input, each also visiting the
whole of it; forward sweeps need no bookkeeping of pending gradients, and the gradient graph is
built once either way.
"""

import inspect
from typing import Callable, List, NamedTuple, Tuple, Union

from .backward import grad, pull_back
from .forward import push_tangents
from .value import Value, real

Numbers = Union[float, List[float]]


class Cost(NamedTuple):
    """What a Jacobian took: sweeps of the graph, and multiply-adds (local derivative times
    tangent or gradient, each added to a sum)."""
    sweeps: int
    multiply_adds: int


def _numbers(values, what: str, where: str) -> List[float]:
    """A list of floats from numbers, Values or a 1-D NumPy array; ValueError naming which
    entry is not a real number."""
    if isinstance(values, (Value, str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{where}: {what} must be a list of numbers, got {type(values).__name__}")
    out = []
    for i, v in enumerate(values):
        out.append(v.data if isinstance(v, Value) else real(v, f"{where}: {what}[{i}]"))
    return [float(v) for v in out]


def _call(f: Callable, primals, where: str) -> Tuple[List[Value], List[Value], bool]:
    """(the input Values, f's outputs as a list, whether f returned one Value)."""
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
    return inputs, list(outputs), single


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
