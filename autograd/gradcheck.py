"""`gradcheck`: compare backprop with central differences, the way to trust a derivative rule."""

import math
from typing import Callable, List, NamedTuple, Optional, Sequence

from .backward import grad
from .forward import push_tangents
from .functional import parameter_names
from .graph import node_names, topological_order
from .ops import CONSTANT
from .modes import no_grad
from .value import Value, real

MODES = {"rev": "backprop", "fwd": "forward mode"}


def gradcheck(fn: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-4, order: int = 1,
              relative: bool = False, modes: Sequence[str] = ("rev",)) -> bool:
    """Check d fn / d input_i by backprop (and/or forward mode) against
    (fn(x + h) - fn(x - h)) / (2 h).

    fn        takes one Value per input, returns a Value
    inputs    the point, one number per input
    eps       the step h (relative=True: eps * |x|)
    atol      the absolute tolerance
    rtol      the relative tolerance, times |difference quotient|
    order     1, or 2 to check the derivatives of the first derivatives too
    relative  step in proportion to each input
    modes     which derivatives to check: "rev" (backprop), "fwd" (forward mode, a tangent
              pushed from each input in turn), or both, as HIPS autograd's
              `check_grads(modes=["fwd", "rev"])`

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
    modes = _checked_settings(eps, order, modes)
    check = _Check(point, parameter_names(fn, len(point)), eps, atol, rtol, relative, modes)
    problems = _problems(fn, check, "")
    if order == 2:
        for j, name in enumerate(check.names):
            def derivative(*values, j=j):
                return grad(fn(*values), values, create_graph=True)[j]
            problems += _problems(derivative, check, f" of d fn/d {name}")
    if problems:
        rules = wrong_rules(fn(*(Value(x, label=n) for x, n in zip(point, check.names))), check)
        raise AssertionError(f"gradcheck: {' and '.join(MODES[m] for m in modes)} and central "
                             "differences disagree "
                             f"(eps={eps}, atol={atol}, rtol={rtol}):\n" + "\n".join(problems)
                             + ("\nwhere a derivative rule and differences of its op part:\n"
                                + "\n".join(rules) if rules else ""))
    return True


def wrong_rules(out: Value, check: "_Check") -> List[str]:
    """A line for each node of out's graph whose op's declared derivative rule, for one of its
    operands, disagrees with central differences of that op's forward at the node: which op,
    which operand, which node (named as explain names it), the rule's number and the
    differences'. This is how a wrong rule of the table (or of define_op) is found."""
    order = topological_order(out)
    names = node_names(order)
    found = []
    for node in reversed(order):
        op = node.operation
        if not node.parents or op.masks:
            continue
        here = [p.data for p in node.parents]
        for slot, rule in enumerate(op.derivatives):
            if node.parents[slot].operation is CONSTANT:
                continue
            h = check.eps * max(1.0, abs(here[slot]))

            def moved(shift, slot=slot, here=here, op=op):
                point = list(here)
                point[slot] += shift
                if op.undefined is not None and op.undefined(*point):
                    raise ValueError("outside the op's domain")
                return op.forward(*point)
            numeric, _ = _difference(moved, node.data, h)
            analytic = rule(*here, node.data)
            if numeric is None or abs(analytic - numeric) <= check.atol + check.rtol * abs(numeric):
                continue
            operands = ", ".join(names[p] for p in node.parents)
            found.append(f"  op {op.name!r}, operand {slot + 1} ({names[node.parents[slot]]}) at "
                         f"node {names[node]} = {op.name}({operands}): its rule gives "
                         f"{analytic!r}, central differences {numeric!r}")
    return found


def _checked_settings(eps, order, modes) -> tuple:
    """The modes as a tuple, once eps, order and modes are known to make sense (ValueError
    naming the one that does not)."""
    if not (isinstance(eps, (int, float)) and math.isfinite(eps) and eps > 0):
        raise ValueError(f"gradcheck: eps must be a positive finite number, got {eps!r}")
    if order not in (1, 2):
        raise ValueError(f"gradcheck: order must be 1 or 2, got {order!r}")
    modes = tuple(modes) if not isinstance(modes, str) else (modes,)
    if not modes or any(m not in MODES for m in modes):
        raise ValueError(f"gradcheck: modes must name 'rev' and/or 'fwd', got {modes!r}")
    return modes


class _Check(NamedTuple):
    """Where gradcheck compares (the point, its inputs' names) and how (step, tolerances)."""
    point: List[float]
    names: List[str]
    eps: float
    atol: float
    rtol: float
    relative: bool
    modes: tuple

    def step(self, i: int) -> float:
        """The step h for input i: eps, or eps * |x| with relative=True (eps at 0)."""
        x = self.point[i]
        return self.eps * abs(x) if self.relative and x else self.eps


def _problems(fn, check: _Check, what: str) -> List[str]:
    """A line per input and mode whose derivative of fn (`what` says which function it is)
    disagrees with the difference quotient."""
    values = [Value(x, label=name) for x, name in zip(check.point, check.names)]
    out = fn(*values)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: fn must return a Value, got {type(out).__name__}")
    found = []
    for mode in check.modes:
        derivatives = (grad(out, values) if mode == "rev" else
                       [push_tangents([out], {x: 1.0})[0].get(out, 0.0) for x in values])
        found += [_disagreement(fn, check, i, analytic, out.data, what, MODES[mode])
                  for i, analytic in enumerate(derivatives)]
    return [line for line in found if line]


def _disagreement(fn, check: _Check, i: int, analytic: float, here: float, what: str,
                  by: str = "backprop") -> Optional[str]:
    """The line saying how input i's derivative and difference quotient differ, or None where
    they agree.

    fn        the function checked
    check     the point and the tolerances
    i         the input
    analytic  the derivative by input i, by backprop or forward mode
    here      fn at the point
    what      which function fn is, for the message: "" (fn itself) or " of d fn/d x"
    by        how `analytic` was found ("backprop" or "forward mode")"""
    h, name, x = check.step(i), check.names[i], check.point[i]
    numeric, kind = _difference(lambda shift: _at(fn, check.point, i, shift, what), here, h)
    if numeric is None:
        return (f"  input {i} ({name} = {x!r}){what}: fn is undefined on both sides "
                f"(at +-{h!r}): {kind}")
    if abs(analytic - numeric) <= check.atol + check.rtol * abs(numeric):
        return None
    hint = "" if kind == "central" or check.relative else (
        f" (a step of {h!r} leaves fn's domain on one side; relative=True steps in proportion "
        "to the input)")
    return (f"  input {i} ({name} = {x!r}){what}: {by} {analytic!r}, {kind} difference "
            f"{numeric!r}{hint}")


def _at(fn, point: List[float], i: int, shift: float, what: str) -> float:
    """fn at `point` with input `i` moved by `shift`; a derivative (`what` not empty) needs its
    graph to be computed, fn itself does not.

    fn     the function checked
    point  the point, one number per input
    i      the input moved
    shift  by how much
    what   which function fn is: "" (fn itself) or " of d fn/d x" (a derivative)"""
    moved = list(point)
    moved[i] += shift
    if what:
        return fn(*(Value(x) for x in moved)).data
    with no_grad():
        return fn(*(Value(x) for x in moved)).data


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
