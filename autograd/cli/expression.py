"""Evaluating a typed-in expression safely: parse it with `ast`, allow only arithmetic on
numbers and named Values and calls of the engine's functions, and never execute anything."""

import ast
from typing import Callable, Dict, List

from .. import ops
from ..value import Value, new_node

MAX_LENGTH = 100_000

# Every op that the table declares as a function (exp, log, ..., maximum), by that name, from
# the op table: a new op shows up here without a second edit.
FUNCTIONS: Dict[str, Callable[..., Value]] = {
    op.function: getattr(Value, op.method) for op in ops.OPS if op.function}
ARITY: Dict[str, int] = {op.function: op.arity for op in ops.OPS if op.function}
BINARY = {ast.Add: Value.__add__, ast.Sub: Value.__sub__, ast.Mult: Value.__mul__,
          ast.Div: Value.__truediv__, ast.Pow: Value.__pow__}
UNARY = {ast.USub: Value.__neg__, ast.UAdd: Value.__pos__}

# What to call the syntax we refuse, for the error message.
REFUSED = {
    ast.Attribute: "attribute access", ast.Subscript: "a subscript", ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.Compare: "a comparison", ast.BoolOp: "and / or", ast.IfExp: "a conditional expression",
    ast.NamedExpr: "an assignment", ast.Starred: "unpacking", ast.List: "a list",
    ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set", ast.JoinedStr: "an f-string",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "a slice",
}


class ExpressionError(ValueError):
    """What is wrong with an expression, and where (1-based column)."""


def evaluate(text: str, values: Dict[str, Value]) -> Value:
    """The Value of `text`, with each name taken from `values`.

    Allowed: numbers, the names in `values`, + - * / **, unary minus and plus, and calls of
    the op table's functions (FUNCTIONS: exp log sqrt ... maximum). Anything else raises
    ExpressionError naming the problem and its column; so do domain errors (log(0)) and
    unknown names.
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is {len(text):,} characters long; the limit is "
                              f"{MAX_LENGTH:,}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        where = f"at column {max(e.offset or 1, 1)}"
        if "integer string conversion" in e.msg:
            raise ExpressionError(f"a number with more than 4,300 digits {where}") from None
        raise ExpressionError(f"syntax error {where}: {e.msg}") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply for Python's parser (a few "
                              "thousand levels; a long sum counts as deep)") from None
    except ValueError as e:      # e.g. a null byte, or an integer literal with too many digits
        raise ExpressionError(f"cannot parse the expression: {e}") from None
    return _evaluate(tree.body, values)


def _evaluate(root: ast.expr, values: Dict[str, Value]) -> Value:
    """Post-order walk with an explicit stack, so a long sum needs no deep recursion."""
    pending = [(root, False)]
    results: List[Value] = []
    while pending:
        node, children_done = pending.pop()
        if not children_done:
            pending.append((node, True))
            pending.extend((child, False) for child in reversed(_operands(node, values)))
            continue
        count = len(_operands(node, values))
        operands = results[len(results) - count:]
        del results[len(results) - count:]
        results.append(_apply(node, operands, values))
    return results[0]


def _operands(node: ast.expr, values: Dict[str, Value]) -> List[ast.expr]:
    """The sub-expressions `node` needs, after checking `node` is allowed at all."""
    where = f"at column {node.col_offset + 1}"
    check = _ALLOWED.get(type(node))
    if check is None:
        refused = REFUSED.get(type(node), type(node).__name__)
        raise ExpressionError(f"{refused} is not allowed {where}")
    return check(node, values, where)


def _number(node: ast.Constant, values, where: str) -> List[ast.expr]:
    if type(node.value) not in (int, float):
        raise ExpressionError(f"only numbers are allowed as literals, got {node.value!r} "
                              f"{where}")
    return []


def _name(node: ast.Name, values, where: str) -> List[ast.expr]:
    if node.id in values:
        return []
    if node.id in FUNCTIONS:
        raise ExpressionError(f"{node.id} is a function: call it as {node.id}(...) {where}")
    raise ExpressionError(f"unknown name {node.id!r} {where}: give its value with "
                          f"--at {node.id}=NUMBER")


def _binary(node: ast.BinOp, values, where: str) -> List[ast.expr]:
    if type(node.op) not in BINARY:
        raise ExpressionError(f"unsupported operator {_symbol(node.op)} {where}; allowed: "
                              "+ - * / **")
    return [node.left, node.right]


def _unary(node: ast.UnaryOp, values, where: str) -> List[ast.expr]:
    if type(node.op) not in UNARY:
        raise ExpressionError(f"unsupported operator {_symbol(node.op)} {where}")
    return [node.operand]


def _call(node: ast.Call, values, where: str) -> List[ast.expr]:
    name = node.func.id if isinstance(node.func, ast.Name) else None
    if name not in FUNCTIONS:
        what = f"unknown function {name!r}" if name else "a call of anything but a name"
        raise ExpressionError(f"{what} {where}; allowed: {' '.join(FUNCTIONS)}")
    count = ARITY[name]
    if (node.keywords or len(node.args) != count
            or any(isinstance(a, ast.Starred) for a in node.args)):
        wanted = "one argument" if count == 1 else f"{count} arguments"
        raise ExpressionError(f"{name}() takes exactly {wanted} {where}")
    return list(node.args)


# What an expression may hold, and the check of each: anything else is refused.
_ALLOWED = {ast.Constant: _number, ast.Name: _name, ast.BinOp: _binary, ast.UnaryOp: _unary,
            ast.Call: _call}


def _apply(node: ast.expr, operands: List[Value], values: Dict[str, Value]) -> Value:
    try:
        if isinstance(node, ast.Constant):
            return new_node(float(node.value), ops.CONSTANT)
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.BinOp):
            return BINARY[type(node.op)](*operands)
        if isinstance(node, ast.UnaryOp):
            return UNARY[type(node.op)](*operands)
        return FUNCTIONS[node.func.id](*operands)
    except (ValueError, OverflowError) as e:
        raise ExpressionError(f"{e} (at column {node.col_offset + 1})") from None


def _symbol(op: ast.AST) -> str:
    return {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
            ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
            ast.Not: "not", ast.Invert: "~"}.get(type(op), type(op).__name__)
