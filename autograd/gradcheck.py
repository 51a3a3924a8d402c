"""`gradcheck`: compare backprop with central differences, the way to trust a derivative rule."""

import inspect
import math
from typing import Callable, List, Sequence

from .backward import grad
from .modes import no_grad
from .value import Value, _real


def gradcheck(fn: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-4, order: int = 1,
              relative: bool = False) -> bool:
    """Check d fn / d input_i by backprop against (fn(x + h) - fn(x - h)) / (2 h).

    `fn(*values)` takes one Value per input and returns a Value. Returns True when every input
    agrees within atol + rtol * |difference quotient|; otherwise raises AssertionError naming
    each input that disagrees, with both numbers.

    The step h is `eps`, or with relative=True eps * |x| (eps at x = 0), which measures points
    near a domain edge (log at 1e-4) without stepping across it. order=2 also checks the
    derivatives of every first derivative (as HIPS autograd's `check_grads(f, x, order=2)`):
    grad(..., create_graph=True) differentiated again, against central differences of the
    first derivatives backprop gives.
    """
    point = [_real(x, f"gradcheck input {i}") for i, x in enumerate(inputs)]
    if not (isinstance(eps, (int, float)) and math.isfinite(eps) and eps > 0):
        raise ValueError(f"gradcheck: eps must be a positive finite number, got {eps!r}")
    if order not in (1, 2):
        raise ValueError(f"gradcheck: order must be 1 or 2, got {order!r}")
    names = _parameter_names(fn, len(point))
    problems = _problems(fn, point, names, eps, atol, rtol, relative, "")
    if order == 2:
        for j, name in enumerate(names):
            def derivative(*values, j=j):
                return grad(fn(*values), values, create_graph=True)[j]
            problems += _problems(derivative, point, names, eps, atol, rtol, relative,
                                  f" of d fn/d {name}")
    if problems:
        raise AssertionError("gradcheck: backprop and central differences disagree "
                             f"(eps={eps}, atol={atol}, rtol={rtol}):\n" + "\n".join(problems))
    return True


def _problems(fn, point: List[float], names: List[str], eps: float, atol: float, rtol: float,
              relative: bool, what: str) -> List[str]:
    """A line per input whose backprop derivative of fn (`what` says which function it is)
    disagrees with the central difference."""
    values = [Value(x, label=name) for x, name in zip(point, names)]
    out = fn(*values)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: fn must return a Value, got {type(out).__name__}")
    backprop = grad(out, values)

    def at(i: int, shift: float) -> float:
        moved = list(point)
        moved[i] += shift
        if what:                       # a derivative: it needs its graph to be computed
            return fn(*(Value(x) for x in moved)).data
        with no_grad():
            return fn(*(Value(x) for x in moved)).data

    problems = []
    for i, (name, analytic) in enumerate(zip(names, backprop)):
        h = eps * abs(point[i]) if relative and point[i] else eps
        numeric = (at(i, h) - at(i, -h)) / (2 * h)
        if not abs(analytic - numeric) <= atol + rtol * abs(numeric):
            problems.append(f"  input {i} ({name} = {point[i]!r}){what}: backprop "
                            f"{analytic!r}, central difference {numeric!r}")
    return problems


def _parameter_names(fn: Callable, count: int) -> list:
    """fn's positional parameter names, so messages say `x` rather than `input 0` where possible."""
    try:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"x{i}" for i in range(count)]
