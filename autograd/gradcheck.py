"""`gradcheck`: compare backprop with central differences, the way to trust a derivative rule."""

import inspect
import math
from typing import Callable, List, Sequence

from .backward import grad
from .modes import no_grad
from .value import Value, real


def gradcheck(fn: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-4, order: int = 1,
              relative: bool = False) -> bool:
    """Check d fn / d input_i by backprop against (fn(x + h) - fn(x - h)) / (2 h).

    `fn(*values)` takes one Value per input and returns a Value. Returns True when every input
    agrees within atol + rtol * |difference quotient|; otherwise raises AssertionError naming
    each input that disagrees, with both numbers.

    The step h is `eps`, or with relative=True eps * |x| (eps at x = 0), which measures points
    near a domain edge (log at 1e-4) without stepping across it. At a domain edge itself
    (sqrt at 0, x ** 2.5 at 0), where one of the two probes is undefined, the difference is
    taken one-sided, from the side where fn is defined, and the message says so.

    order=2 also checks the derivatives of every first derivative (as HIPS autograd's
    `check_grads(f, x, order=2)`): grad(..., create_graph=True) differentiated again, against
    central differences of the first derivatives backprop gives.
    """
    point = [real(x, f"gradcheck input {i}") for i, x in enumerate(inputs)]
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
        numeric, kind = _difference(lambda shift, i=i: at(i, shift), out.data, h)
        if numeric is None:
            problems.append(f"  input {i} ({name} = {point[i]!r}){what}: fn is undefined "
                            f"on both sides (at +-{h!r}): {kind}")
        elif not abs(analytic - numeric) <= atol + rtol * abs(numeric):
            hint = "" if kind == "central" or relative else (
                f" (a step of {h!r} leaves fn's domain on one side; relative=True steps in "
                "proportion to the input)")
            problems.append(f"  input {i} ({name} = {point[i]!r}){what}: backprop "
                            f"{analytic!r}, {kind} difference {numeric!r}{hint}")
    return problems


def _difference(at, here: float, h: float):
    """(the difference quotient, what kind it is): central where fn is defined on both sides,
    else one-sided from the side where it is; (None, why) where it is defined on neither."""
    sides = {}
    for shift in (h, -h):
        try:
            sides[shift] = at(shift)
        except ValueError as e:           # a domain error: this side is outside the domain
            why = str(e)
    if len(sides) == 2:
        return (sides[h] - sides[-h]) / (2 * h), "central"
    if h in sides:
        return (sides[h] - here) / h, "one-sided (forward)"
    if -h in sides:
        return (here - sides[-h]) / h, "one-sided (backward)"
    return None, why


def _parameter_names(fn: Callable, count: int) -> list:
    """fn's positional parameter names, so messages say `x` rather than `input 0` where possible."""
    try:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"x{i}" for i in range(count)]
