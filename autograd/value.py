"""`Value`: one float in a computation graph, and the op that made it.

A Value points only to its operands (in argument order) and holds no closures, so a graph is
freed by reference counting the moment its root is dropped. Its operators and methods are
listed in the class body, one line per op, each made from the op's declaration in `ops.py`
(`_methods`): the math is declared once, in the table.
"""

from __future__ import annotations       # the methods are made before the class they return

import itertools
import math
import reprlib
import sys
import threading
from typing import Union

from . import ops
from .modes import NOT_RECORDING, RECORDING, current_mode

Number = Union[int, float, bool]

# Every Value gets the next number from this counter when it is created. An op's operands exist
# before its result, so ordering nodes by this number is a topological order (see graph.py).
_creation_counter = itertools.count()


# --- how an op of the table becomes a method of Value -------------------------------------
# The class body below lists one line per op, `exp = _method(ops.EXP)`: the math is the
# table's, the method only checks the domain, computes the forward and records the node.

def _method(op: ops.Op):
    """The Value method that applies `op` (a unary op, or a binary one without a reflected form,
    like maximum)."""
    return _methods(op)[0]


def _operator(op: ops.Op):
    """The operator that applies the binary `op` (`x * y`), and its reflected form (`2 * x`)."""
    return _methods(op)


def _methods(op: ops.Op):
    """The Value method for `op`, made from its declaration, and for a binary op also the
    reflected form (`other <op> self`, used when `other` is a plain number). Each method
    carries the op it applies (`.operation`)."""
    forward, undefined = op.forward, op.undefined

    def unary(self) -> Value:
        a = self.data
        if type(a) is not float:
            a = _float_data(self)
        if undefined is not None and undefined(a) and current_mode().domain:
            raise _domain_error(op, (self,), op.reason(a))
        data = forward(a)
        mode = current_mode()
        if mode is RECORDING:               # the common cases, checked inline for speed
            return new_node(data, op, self)
        if mode is NOT_RECORDING:
            return new_node(data, ops.LEAF)
        return _result(data, op, self)

    def binary(self, other) -> Value:
        if type(other) is not Value and not isinstance(other, Value):
            other = _constant(other, op)
        a, b = self.data, other.data
        if type(a) is not float:
            a = _float_data(self)
        if type(b) is not float:
            b = _float_data(other)
        if undefined is not None and undefined(a, b) and current_mode().domain:
            raise _domain_error(op, (self, other), op.reason(a, b))
        data = forward(a, b)
        mode = current_mode()
        if mode is RECORDING:
            return new_node(data, op, self, other)
        if mode is NOT_RECORDING:
            return new_node(data, ops.LEAF)
        return _result(data, op, self, other)

    def reflected(self, other) -> Value:
        return binary(_constant(other, op), self)

    if op.arity == 1:
        _name(unary, op, op.method, f"{op.template.format('self')}: the op {op.name!r}, "
                                    "recorded as one node.")
        return unary, None
    _name(binary, op, op.method, f"{op.template.format('self', 'other')}: the op "
                                 f"{op.name!r}, recorded as one node (a number operand becomes "
                                 "a constant).")
    if not op.method.startswith("__"):          # maximum(x, y) has no reflected form
        return binary, None
    _name(reflected, op, "__r" + op.method[2:], f"{op.template.format('other', 'self')}, for "
                                                f"a number `other`: the op {op.name!r}.")
    return binary, reflected


def _name(method, op: ops.Op, name: str, doc: str) -> None:
    """Give a made method its real name, so tracebacks and help(Value) read
    `Value.__truediv__` rather than `binary`, and the op it applies."""
    method.operation = op
    method.__name__ = name
    method.__qualname__ = f"Value.{name}"
    method.__doc__ = doc
    renamed = {"co_name": name}
    if sys.version_info >= (3, 11):
        renamed["co_qualname"] = method.__qualname__
    method.__code__ = method.__code__.replace(**renamed)


class Value:
    """A scalar that remembers how it was computed, so that gradients can flow back through it.

        x = Value(2.0, label="x")
        y = x * x + x.tanh()       # each op records its operands: y.op == "+", y.parents
        y.backward()               # d y / d node into every node's .grad
        x.grad                     # 2 x + (1 - tanh(x)^2) = 4.0707...

    `data`, `grad` and `label` are the learner's (writable: `p.data -= lr * p.grad` is plain
    SGD); `op` and `parents` say how the node was made. The operators `+ - * / **` (with a
    number on either side: `2 * x`, `1 / x`), unary `-` and `abs()`, and the methods `exp`
    `log` `sqrt` `tanh` `sigmoid` `relu` `sin` `cos` `maximum` each record one node, made from
    that op's declaration in ops.py; an op outside its domain (log of 0) raises ValueError.
    Values compare and hash by identity."""

    __slots__ = {
        "data": "the float this node holds (writable: an update moves a parameter's data)",
        "grad": "d(root)/d(this node), summed over every backward() that reached it; 0.0 "
                "until then (writable: zero_grad sets it to 0.0)",
        "label": "a name for pictures and tables, \"\" if none (writable)",
        "a": "the first operand, as the op table calls it (None for a leaf); see parents",
        "b": "the second operand (None for a leaf or a unary op); see parents",
        "operation": "the ops.Op declaration that made this node (ops.LEAF or ops.CONSTANT if "
                     "none); op is its name",
        "number": "creation number: operands come before results, so it orders the graph",
        "pending": "the gradient summed so far while a backward pass runs, else None",
    }

    # Make NumPy scalars and arrays hand `np.float64(2) * x` over to Value.__rmul__.
    __array_ufunc__ = None

    # The operators and methods: one per op of the table (ops.py), each recorded as one node.
    __add__, __radd__ = _operator(ops.ADD)
    __sub__, __rsub__ = _operator(ops.SUB)
    __mul__, __rmul__ = _operator(ops.MUL)
    __truediv__, __rtruediv__ = _operator(ops.DIV)
    __pow__, __rpow__ = _operator(ops.POW)
    maximum = _method(ops.MAXIMUM)
    __neg__ = _method(ops.NEG)
    __abs__ = _method(ops.ABS)
    exp = _method(ops.EXP)
    log = _method(ops.LOG)
    sqrt = _method(ops.SQRT)
    tanh = _method(ops.TANH)
    sigmoid = _method(ops.SIGMOID)
    relu = _method(ops.RELU)
    sin = _method(ops.SIN)
    cos = _method(ops.COS)

    def __init__(self, data: Number, label: str = "") -> None:
        if type(label) is not str:
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.data = data if type(data) is float else real(data, "Value data")
        self.grad = 0.0
        self.label = label
        self.a = self.b = None
        self.operation = ops.LEAF
        self.number = next(_creation_counter)
        self.pending = None

    @property
    def parents(self) -> tuple:
        """The operand Values, in argument order; () for a leaf.

        They are kept in two slots rather than a tuple: one object less per node, which the
        garbage collector would otherwise scan over and over as a graph grows (builds measured
        about 20% faster, 56 bytes less per node)."""
        if self.b is not None:
            return (self.a, self.b)
        return () if self.a is None else (self.a,)

    @property
    def op(self) -> str:
        """The name of the op that made this node ("+", "tanh", ...), or "" for a leaf."""
        return self.operation.name

    def __repr__(self) -> str:
        label = f"label={self.label!r}, " if self.label else ""
        return f"Value({label}data={self.data!r}, grad={self.grad!r})"

    def _repr_html_(self) -> str:
        """In Jupyter a Value shows as its graph (drawn by autograd/drawing/notebook.py,
        imported only when a notebook asks): without Graphviz, its DOT source and how to
        install it; for a graph too large to draw, its size."""
        from .drawing.notebook import graph_html
        return graph_html(self)

    def __pos__(self) -> "Value":
        return self

    def backward(self, grad: Number = 1.0) -> None:
        """Add d(self)/d(node) * grad to `.grad` of every node below self (self included)."""
        from .backward import backward
        backward(self, grad)

    def zero_grad(self) -> None:
        """Set `.grad` to 0.0 on every node of self's graph."""
        from .graph import topological_order
        for node in topological_order(self):
            node.grad = 0.0

    # --- pickle and copy ---
    # A creation number means something only in the process that gave it: a graph unpickled
    # elsewhere, or copied, is numbered anew as it is rebuilt, parents before results (see
    # __setstate__), so it orders correctly with every node built afterwards.

    def __reduce__(self):
        """How pickle and copy rebuild this node: made empty, then given its state. The state
        holds the operands, so pickling a deep graph node by node would recurse once per
        level; so a result goes with its whole graph ahead of it, oldest first, and each of
        those nodes then finds its operands already done."""
        ahead = ()
        if self.a is not None and _ahead.nodes.pop(id(self), None) is not self:
            from .graph import topological_order
            order = topological_order(self)
            ahead = tuple(reversed(order[1:]))
            _ahead.nodes = {id(n): n for n in ahead if n.a is not None}
        return _rebuilt, (type(self), ahead), self.__getstate__()

    def __getstate__(self) -> dict:
        return {name: getattr(self, name) for cls in type(self).__mro__
                for name in getattr(cls, "__slots__", ()) if name not in ("number", "pending")}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        # Rebuilt after its operands (their state is read first), so numbered after them.
        self.number = next(_creation_counter)
        self.pending = None


class _Ahead(threading.local):
    """The nodes being pickled ahead of a result (see Value.__reduce__), by id: each is
    pickled plainly, its operands being done already. Per thread, as a pickle is."""

    def __init__(self) -> None:
        self.nodes: dict = {}


_ahead = _Ahead()


def _rebuilt(cls: type, ahead: tuple) -> Value:
    """An empty node of class `cls`, which unpickling then gives its state. `ahead`, the nodes
    of its graph, have been rebuilt already by then."""
    return cls.__new__(cls)


class Parameter(Value):
    """A leaf Value that training moves: a weight or a bias, like PyTorch's `nn.Parameter`.

    It computes exactly as a Value does. Pictures draw it as a parameter without being told,
    and group the parameters that share an `owner` (the name of the neuron they belong to,
    e.g. "n1[0]") with the nodes that neuron computes."""

    __slots__ = ("owner",)

    def __init__(self, data: Number, label: str = "", owner: str = "") -> None:
        super().__init__(data, label)
        if type(owner) is not str:
            raise TypeError(f"Parameter owner must be a str, got {type(owner).__name__}")
        self.owner = owner


def real(x, what: str) -> float:
    """x as a float if it is a real number (int, float, bool, NumPy real scalar), else TypeError."""
    if isinstance(x, (float, int)):   # bool is an int; np.float64 is a float
        try:
            return float(x)
        except OverflowError:
            raise ValueError(f"{what} {reprlib.repr(x)} is too large for a float") from None
    np = sys.modules.get("numpy")     # a NumPy object can only exist if NumPy was imported
    if np is not None and isinstance(x, (np.generic, np.ndarray)):
        if x.dtype.kind in "biuf" and x.size == 1:
            return float(x.item() if isinstance(x, np.ndarray) else x)
        if isinstance(x, np.ndarray):
            raise TypeError(f"{what} must be a real number, got a NumPy array of shape {x.shape} "
                            f"and dtype {x.dtype}")
        raise TypeError(f"{what} must be a real number, got NumPy {x.dtype} scalar {x!r}")
    got = ("a Value (use its .data)" if isinstance(x, Value)
           else f"{type(x).__name__} {reprlib.repr(x)}")
    raise TypeError(f"{what} must be a real number (int, float, bool or NumPy real scalar), "
                    f"got {got}")


def new_node(data: float, op: ops.Op, a=None, b=None) -> Value:
    """Create a Value without re-validating `data` (the ops' fast path)."""
    node = Value.__new__(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node.a = a
    node.b = b
    node.operation = op
    node.number = next(_creation_counter)
    node.pending = None
    return node


def _constant(x, op: ops.Op) -> Value:
    """Wrap the plain-number operand of `op` as a constant node."""
    if type(x) is float:
        return new_node(x, ops.CONSTANT)
    try:
        data = real(x, f"operand of {op.name!r}")
    except TypeError:
        raise TypeError(f"unsupported operand for {op.name!r}: {type(x).__name__} "
                        f"{reprlib.repr(x)} (expected a Value or a real number)") from None
    return new_node(data, ops.CONSTANT)


def describe(node: Value) -> str:
    """`label=data` or just `data`: how error messages name an operand."""
    return f"{node.label}={node.data!r}" if node.label else repr(node.data)


def _result(data: float, op: ops.Op, a: Value, b: Value = None) -> Value:
    """The op's result outside the default mode: under no_grad a leaf, under detect_anomaly
    checked for nan and inf."""
    mode = current_mode()
    if mode.anomaly and not math.isfinite(data):
        operands = ", ".join(describe(p) for p in (a, b) if p is not None)
        raise FloatingPointError(f"op {op.name!r} gave {data} from operands ({operands})")
    if not mode.record:
        return new_node(data, ops.LEAF)
    return new_node(data, op, a, b)


def _domain_error(op: ops.Op, operands: tuple, why: str) -> ValueError:
    shown = op.template.format(*(describe(p) for p in operands))
    return ValueError(f"{op.name}: {shown} is undefined: {why}")


def _float_data(v: Value) -> float:
    """v.data as a float. `.data` is writable and a user may store any real number in it (a
    NumPy float32 from `p.data -= np.float32(0.1) * p.grad`); it is stored back as the float
    it equals, so that everything downstream computes on floats."""
    try:
        v.data = real(v.data, "Value data")
    except TypeError as e:
        where = f"labelled {v.label!r}" if v.label else "without a label"
        raise TypeError(f"{e} (in the Value {where})") from None
    return v.data


def add_method(op: ops.Op) -> None:
    """Give Value the method that applies `op`, an op declared after import (define_op)."""
    setattr(Value, op.method, _method(op))


def _every_op_is_a_method() -> None:
    """A new op in the table needs its line in Value's body: say so at import, not later."""
    for op in ops.OPS:
        made = getattr(Value, op.method, None)
        if getattr(made, "operation", None) is not op:
            raise ImportError(f"the op {op.name!r} has no method Value.{op.method}: add its line "
                              "to the class body")


_every_op_is_a_method()
