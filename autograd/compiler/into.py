"""An op's forward computed straight into the rows that hold its result.

On a batch an op's forward makes its result as a new array (and each step inside it one
more: sigmoid has four), which the group's step then copies into its rows. At batch 1,347
each such array is as large as a layer's values (344 KB for 32 neurons), memory the system
maps afresh every time, which takes longer than the arithmetic: computed into its rows,
sigmoid over 32 x 1,347 runs in a third of the time.

How an op writes into an array is read from its declaration, as the pages' JavaScript is:
its forward, run on `PythonCode`, prints one Python operator (`(a + b)`, `(-a)`, `abs(a)`),
which is NumPy's ufunc of that operator given `out=`, or one elementary function's call,
which takes `out=` itself (`autograd/elementary.py`). An op whose forward is anything else
(one declared by define_op, say) has no such form, and its step copies as before.
"""

import inspect
import re
from typing import Callable, Optional

import numpy as np

from .. import elementary
from ..live.code import PythonCode

OPERATORS = {"+": np.add, "-": np.subtract, "*": np.multiply}
UNARY = {"(-a)": np.negative, "abs(a)": np.absolute}


def forward_into(op) -> Optional[Callable]:
    """into(out, *operands): op's forward on arrays written into `out`; None where the forward
    is not one operator or one elementary function that takes out=."""
    try:
        text = op.forward(*(PythonCode(name) for name in "ab"[:op.arity])).text
    except Exception:               # a forward PythonCode cannot stand in for
        return None
    binary = re.fullmatch(r"\(a ([+*-]) b\)", text)
    if binary:
        ufunc = OPERATORS[binary.group(1)]
        return lambda out, a, b: ufunc(a, b, out=out)
    if text in UNARY:
        ufunc = UNARY[text]
        return lambda out, a: ufunc(a, out=out)
    called = re.fullmatch(r"E\.([a-z_]+)\((a|a, b)\)", text)
    function = getattr(elementary, called.group(1), None) if called else None
    if function is None or "out" not in inspect.signature(function).parameters:
        return None

    def into(out, *operands):
        result = function(*operands, out=out)
        if result is not out:                # every operand a float: a float came back
            out[...] = result
    return into
