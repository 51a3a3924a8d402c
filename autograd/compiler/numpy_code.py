"""A workspace's passes as two generated Python functions: the NumPy calls of every step in a
row, with the op table's forwards and rules written inline.

At batch 32 a NumPy call costs about a microsecond, and so does a Python call around it: a
step run as a function that calls an op's function that calls a rule spends about as long in
Python as in NumPy (14 of the 64 microseconds of the digits network's step). So each step
writes the statements of its passes (`np.matmul(Wb11, S13, out=V14)`), naming the arrays they
read, bound once per workspace, and `NumpyCode.functions` makes one function of the forward
statements and one of the backward ones, as `autograd/float_pass.py` makes backward's float
loop: `print(program.source())` shows them, a comment before each group's statements.

What the statements compute is read from the declarations, not written here, as the pages'
JavaScript is (`autograd/live/code.py`): each op's forward and rules are run on `PythonCode`
standing for the arrays' names, and print themselves:
- a forward prints one operator (`(a + b)`, `(-a)`, `abs(a)`: NumPy's ufunc of it) or one
  elementary function (`E.sigmoid(a)`, whose array branch takes out=); both are written with
  out= the result's rows, so the result is computed where it is kept rather than made as an
  array and copied there. A forward of any other form (an op of define_op's) is called, and
  its result copied;
- a rule prints an expression of operators and elementary functions, which is written as it
  is; one that decides with a condition (`masked`: relu's step, the sides of maximum) prints
  a Python conditional, which arrays cannot take, and is called as the table's function.
A statement computes with the same NumPy functions, on the same numbers, in the same order as
calling the declaration does, so the results are the same to the bit (tests/autograd:
test_ops_arrays.py checks every op at the edges).
"""

import ast
import re
from typing import Callable, List, Optional, Tuple

import numpy as np

from .. import elementary
from ..live.code import PYTHON, PythonCode, literal

# Python's conditional and `not`, printed by a rule that decides per number: not for arrays
DECIDES = re.compile(r" if |\(not ")


def _printed(fn: Callable, operands: list) -> Optional[str]:
    """What fn prints run on the operands (PythonCode names, or constants): an expression, or
    a number (a rule that is constant, as +'s 1), or None where fn cannot be run so."""
    try:
        written = fn(*operands)
    except Exception:                  # a function PythonCode cannot stand in for
        return None
    if isinstance(written, PythonCode):
        return written.text
    return literal(float(written), PYTHON) if isinstance(written, (float, int)) else None


def constant(expression: str) -> Optional[float]:
    """The number an expression is, if it is one ("1.0", "(-1.0)"), else None."""
    try:
        return float(expression.strip("()"))
    except ValueError:
        return None


def forward_statement(op, out: str, operands: List[str]) -> Optional[str]:
    """The statement that computes op's forward of the named operands into the array named
    `out`, or None where the forward is not one operator or one elementary function that
    takes out= (see above, and `into`)."""
    text = _printed(op.forward, [PythonCode(n) for n in operands])
    lines = None if text is None else into(text, out)
    return lines[0] if lines and len(lines) == 1 else None


def _takes_out(function) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and "out" in code.co_varnames[:code.co_argcount]


def rule_expression(rule: Callable, operands: list) -> Optional[str]:
    """The rule as an expression of the named arrays (operands: a name, or a constant operand
    as its float; the result's name last), or None where it must be called (see above)."""
    text = _printed(rule, [PythonCode(x) if isinstance(x, str) else x for x in operands])
    return None if text is None or DECIDES.search(text) else text


def into(expression: str, out: str) -> Optional[List[str]]:
    """Statements that compute an expression (as a forward or a rule prints it) into the array
    named `out`, each NumPy call writing there (out=) rather than making an array of its own:
    `(V10 * (1.0 - V10))` is `np.subtract(1.0, V10, out=dV6)` then `np.multiply(V10, dV6,
    out=dV6)`. The same functions on the same numbers, so the same bits, without the arrays
    made and dropped on each call (sigmoid's rule for 32 rows at a batch of 1,347: 44 -> 36
    us). None where the expression is not an operator or an elementary function of an array
    (a name, a number, a rule called as a function), which gains nothing so."""
    tree = ast.parse(expression, mode="eval").body
    if not _lowered_here(tree):
        return None
    lines: List[str] = []
    _lower(tree, out, lines)
    return lines


# What an operator of the printed code is as a NumPy ufunc that takes out=
_UFUNCS = {ast.Add: "np.add", ast.Sub: "np.subtract", ast.Mult: "np.multiply",
           ast.Div: "np.divide", ast.USub: "np.negative", "abs": "np.absolute"}


def _reads_an_array(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id not in ("E", "np") for n in ast.walk(node))


def _operator(node: ast.AST) -> Optional[Tuple[str, list]]:
    """(the ufunc, the operands) of an operator or abs(), else None."""
    if isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in _UFUNCS:
        operands = [node.left, node.right] if isinstance(node, ast.BinOp) else [node.operand]
        return _UFUNCS[type(node.op)], operands
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "abs" and len(node.args) == 1 and not node.keywords):
        return _UFUNCS["abs"], list(node.args)
    return None


def _elementary(node: ast.AST) -> bool:
    """Whether node calls an elementary function that takes out= (E.sigmoid(...))."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "E"
            and not node.keywords and _takes_out(getattr(elementary, node.func.attr, None)))


def _lowered_here(node: ast.AST) -> bool:
    """Whether `node` is computed into out by _lower: an operator or an elementary function
    of something that reads an array."""
    return (_operator(node) is not None or _elementary(node)) and _reads_an_array(node)


def _lower(node: ast.AST, out: str, lines: List[str]) -> None:
    """Append the statements that leave node's value in out: its first operand that is
    itself computed here goes into out first, and the operator then reads it from there."""
    if _elementary(node):
        args = ", ".join(ast.unparse(a) for a in node.args)
        lines.append(f"{ast.unparse(node.func)}({args}, out={out})")
        return
    function, operands = _operator(node)
    texts = [ast.unparse(o) for o in operands]
    for i, operand in enumerate(operands):
        if _lowered_here(operand):
            _lower(operand, out, lines)
            texts[i] = out
            break
    lines.append(f"{function}({', '.join(texts)}, out={out})")


def many(n: int, thing: str) -> str:
    """`n things` (or `1 thing`), for the comments that name each group's statements."""
    return f"{n} {thing}{'s' * (n != 1)}"


class NumpyCode:
    """The statements a workspace's steps write, and the arrays and functions they name."""

    def __init__(self) -> None:
        self.namespace = {"np": np, "E": elementary}
        self._taken = 0
        self._arrays: dict = {}           # (address, shape, strides) -> the name of that view

    def name(self, value, hint: str = "v") -> str:
        """The name of `value` in the generated functions: a new one, but for a view of the
        same numbers as one named before (a layer's rows, which the next op reads), which
        keeps its name, so that the source reads as the graph does."""
        key = None
        if isinstance(value, np.ndarray):
            key = (value.__array_interface__["data"][0], value.shape, value.strides)
            if key in self._arrays:
                return self._arrays[key]
        self._taken += 1
        name = f"{hint}{self._taken}"
        self.namespace[name] = value
        if key is not None:
            self._arrays[key] = name
        return name

    def rename(self, name: str, value) -> None:
        """Point `name` at another array (a layer's weights in a new parameter vector)."""
        self.namespace[name] = value

    def call(self, function: Callable, hint: str = "f") -> List[str]:
        """The statement that calls a step's own function (a pass that gathers or scatters)."""
        return [f"{self.name(function, hint)}()"]

    def functions(self, forward: List[str], backward: List[str], compiled: dict):
        """(forward, backward): each a function of no arguments that runs those statements.
        `compiled` keeps the code compiled from each source, by its text: the workspaces of
        one program write the same statements, with the same names for their own arrays."""
        self.lines = (forward, backward)
        source = self.source()
        if source not in compiled:
            compiled[source] = compile(source, "<compiled program>", "exec")
        exec(compiled[source], self.namespace)
        return self.namespace["forward"], self.namespace["backward"]

    def source(self) -> str:
        """The two functions' Python. Its names: V rows of the value array, G the same rows
        of the gradient array, dV and dS the gradient rows of an op's operand or a layer's
        sources; W, Wb, b a layer's weights (Wb with the biases beside them), dW, dWb, db
        their gradients, S its sources; T and dT a sum's terms; c a constant; F, R an op's
        forward or rule called as a function; the rest a step's own functions."""
        forward, backward = self.lines
        return "\n".join(["def forward():"] + [f"    {s}" for s in forward or ["pass"]] +
                         ["", "", "def backward():"] +
                         [f"    {s}" for s in backward or ["pass"]]) + "\n"


class VectorViews:
    """Views of one vector that the generated code names (a layer's weights in the parameter
    vector, their gradients in the gradient vector), each kept with how it is made of a
    vector, so that pointing the code at another vector is making them again: the caller's
    weights read where they are, a new gradient vector where the last is still held."""

    def __init__(self, code: NumpyCode, vector: Optional[np.ndarray]) -> None:
        self.code, self.vector = code, vector
        self._made: List[tuple] = []          # (name, vector -> its view)

    def name(self, hint: str, view: Callable[[np.ndarray], np.ndarray]) -> str:
        """A name for `view` of the vector, made of the vector pointed at now."""
        name = self.code.name(None, hint)
        self._made.append((name, view))
        if self.vector is not None:
            self.code.rename(name, view(self.vector))
        return name

    def point(self, vector: np.ndarray) -> None:
        """Make every view of `vector`."""
        self.vector = vector
        for name, view in self._made:
            self.code.rename(name, view(vector))

