"""`gradcheck`: compare backprop with central differences, the way to trust a derivative rule."""

import inspect
from typing import Callable, Sequence

from .backward import grad
from .modes import no_grad
from .value import Value, _real


def gradcheck(fn: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-4) -> bool:
    """Check d fn / d input_i by backprop against (fn(x + eps) - fn(x - eps)) / (2 eps).

    `fn(*values)` takes one Value per input and returns a Value. Returns True when every input
    agrees within atol + rtol * |difference quotient|; otherwise raises AssertionError naming
    each input that disagrees, with both numbers.
    """
    point = [_real(x, f"gradcheck input {i}") for i, x in enumerate(inputs)]
    names = _parameter_names(fn, len(point))
    values = [Value(x, label=name) for x, name in zip(point, names)]
    out = fn(*values)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: fn must return a Value, got {type(out).__name__}")
    backprop = grad(out, values)

    def at(i: int, shift: float) -> float:
        moved = list(point)
        moved[i] += shift
        with no_grad():
            return fn(*(Value(x) for x in moved)).data

    problems = []
    for i, (name, analytic) in enumerate(zip(names, backprop)):
        numeric = (at(i, eps) - at(i, -eps)) / (2 * eps)
        if not abs(analytic - numeric) <= atol + rtol * abs(numeric):
            problems.append(f"  input {i} ({name} = {point[i]!r}): backprop {analytic!r}, "
                            f"central difference {numeric!r}")
    if problems:
        raise AssertionError("gradcheck: backprop and central differences disagree "
                             f"(eps={eps}, atol={atol}, rtol={rtol}):\n" + "\n".join(problems))
    return True


def _parameter_names(fn: Callable, count: int) -> list:
    """fn's positional parameter names, so messages say `x` rather than `input 0` where possible."""
    try:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"x{i}" for i in range(count)]
