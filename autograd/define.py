"""`define_op`: a learner's own op, declared once in the op table's vocabulary, and from then
on an op like the others: a Value method, drawn, explained, stepped through, pushed through in
forward mode, run in the pages' generated JavaScript.

    import autograd
    from autograd import elementary as E
    autograd.define_op("softplus", lambda a: E.log(1.0 + E.exp(a)),
                       (lambda a, out: E.sigmoid(a),))
    y = Value(0.5).softplus()

The rules are written as ops.py's are: arithmetic and elementary's functions, one rule per
operand, rule(a[, b], out). A wrong rule is what `gradcheck` is for: it names the op, the
operand and the node where the rule and central differences part (gradcheck.py).
"""

import math
from typing import Callable, Sequence

from . import ops
from .value import add_method

_OWN: dict = {}            # name -> the learner's op, so that a cell run again replaces it


def define_op(name: str, forward: Callable[..., float], derivatives: Sequence[Callable],
              activation: bool = False) -> ops.Op:
    """Declare op `name`: forward(a[, b]) and one derivative rule per operand. Returns the
    declaration, now in ops.OPS; Value gains the method `name`. Declaring a name again (a
    corrected rule) replaces the learner's earlier op of that name."""
    rules = _checked(name, forward, derivatives)
    template = f"{name}({', '.join(['{}'] * len(rules))})"
    op = ops.Op(name, template, forward, rules, method=name, function=name,
                activation=activation)
    _works(op)
    old = _OWN.pop(name, None)
    ops.OPS = tuple(o for o in ops.OPS if o is not old) + (op,)
    _OWN[name] = op
    add_method(op)
    return op


def _checked(name: str, forward, derivatives) -> tuple:
    """The rules as a tuple, once the name is free and forward and the rules are functions
    (ValueError or TypeError naming what is wrong)."""
    _free(name)
    if not callable(forward):
        raise TypeError(f"define_op: forward must be a function, got {type(forward).__name__}")
    rules = tuple(derivatives) if not callable(derivatives) else (derivatives,)
    if len(rules) not in (1, 2) or not all(callable(r) for r in rules):
        raise TypeError("define_op: derivatives must be one function per operand (one or two), "
                        "each rule(a[, b], out)")
    return rules


def _free(name) -> None:
    """ValueError unless `name` can be a new op's: an identifier that Value and the table do
    not use (but for the learner's own op of that name, which it replaces)."""
    from .value import Value
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
        raise ValueError(f"define_op: the name must be a Python identifier not starting with "
                         f"_, got {name!r}")
    if name not in _OWN and (hasattr(Value, name) or any(op.name == name for op in ops.OPS)):
        raise ValueError(f"define_op: {name!r} is taken (Value.{name} exists): choose another "
                         "name")


def _works(op: ops.Op) -> None:
    """ValueError unless the declaration runs on floats and can be written as JavaScript (a
    rule that branches in Python cannot: it must use elementary.masked)."""
    from .live.javascript import op_entry
    point = (0.5, 1.5)[:op.arity]
    try:
        out = op.forward(*point)
        values = [rule(*point, out) for rule in op.derivatives]
    except Exception as e:              # the learner's code: whatever it raises, say where
        raise ValueError(f"define_op {op.name!r}: running it at {point} failed: "
                         f"{type(e).__name__}: {e}") from None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool)
               for v in [out, *values]):
        raise ValueError(f"define_op {op.name!r}: forward and rules must give numbers, got "
                         f"{[out, *values]!r} at {point}")
    if not math.isfinite(out):
        raise ValueError(f"define_op {op.name!r}: forward{point} = {out!r}")
    try:
        op_entry(op)
    except TypeError as e:
        raise ValueError(f"define_op {op.name!r}: {e}") from None


def forget_op(name: str) -> None:
    """Take the learner's op `name` out of the table and off Value (KeyError if there is no
    such op of the learner's)."""
    from .value import Value
    if name not in _OWN:
        raise KeyError(f"forget_op: no op of yours is called {name!r} (yours: "
                       f"{', '.join(_OWN) or 'none'})")
    op = _OWN.pop(name)
    ops.OPS = tuple(o for o in ops.OPS if o is not op)
    delattr(Value, name)
