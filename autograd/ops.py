"""The op table: every primitive operation, declared once.

Everything else reads these declarations: `Value`'s operators and methods are generated
from them, `backward` and `grad` apply their derivative rules, `explain` prints them and
`draw_dot` names them. Adding an op means one declaration here plus its tests.

Vocabulary of a declaration:
  forward(a[, b])          the result, on floats or arrays; IEEE-like (overflow gives inf,
                           never raises)
  undefined(a[, b])        where the op is undefined: a bool on floats, a mask on arrays (so the
                           scalar engine and the batch compiler check the same domain); where it
                           holds, ValueError is raised before anything is recorded, saying `why`
  why                      why it is undefined there: a str, or a function of the floats
  derivatives              one rule per operand: d(out)/d(operand), as rule(a[, b], out), where
                           `out` is the op's result. Rules use only arithmetic and the functions of
                           `elementary`, so they evaluate on floats (backward), on Values
                           (create_graph=True, which makes gradients of gradients possible) and on
                           NumPy arrays (the batch compiler).
  masks                    the rules are masks (0 or 1, or a tie's 1/2) that choose where gradient
                           flows: where one is 0 the operand receives exactly 0, whatever arrives
                           (an inf or a nan included), as PyTorch's relu and maximum do, also
                           with create_graph, where the 0 of any other op's rule still passes
                           its product (on floats every zero factor gives zero: backward.py)
  template                 how `explain` writes the op applied to its operands' names
  method                   the Value method that applies it ("__add__", "tanh"); a binary op
                           also gets the reflected method ("__radd__") for `2 + x`
  commutative              a binary op whose operands can be swapped (a + b == b + a); pictures
                           mark which operand is which for every other binary op
  function                 its name as a function in typed-in expressions (`python -m autograd
                           "exp(x)"`), if it is one; "" for an operator such as +
  activation               whether `nn` offers it as a neuron's activation
  bounds                   for an activation, the interval its results lie in ((0, 1) for
                           sigmoid): `nn` reads it to refuse a loss that needs probabilities on
                           a model whose outputs cannot be, before training starts
"""

import math
from dataclasses import dataclass
from typing import Callable, Optional, Union

from .elementary import (NAN, cos, data_of, div, exp, log, masked, maximum, not_integer,
                         power, relu, sigmoid, sign, sin, sqrt, step, tanh)


@dataclass(frozen=True, slots=True, eq=False)
class Op:
    """One primitive operation (see the vocabulary above). Compared by identity."""

    name: str
    template: str
    forward: Optional[Callable[..., float]] = None
    derivatives: tuple = ()
    undefined: Optional[Callable[..., object]] = None
    why: Union[str, Callable[..., str]] = ""
    masks: bool = False
    method: str = ""
    commutative: bool = False
    function: str = ""
    activation: bool = False
    bounds: Optional[tuple] = None

    @property
    def arity(self) -> int:
        return len(self.derivatives)

    def reason(self, *operands: float) -> str:
        """Why the op is undefined at these floats (where `undefined` holds)."""
        return self.why(*operands) if callable(self.why) else self.why

    def __reduce__(self):
        """Pickle (and copy) an op by name: the declaration itself holds functions, and a copy
        must be the same object, since nodes are told apart by `op is CONSTANT`."""
        return (op_named, (_key(self),))


# Nodes that no op made. A leaf is a Value the user created (a weight, an input); a constant is a
# plain number that an op wrapped (the 2 in `2 * x`): it appears in the graph but, like a tensor
# with requires_grad=False, receives no gradient.
LEAF = Op("", "{}")
CONSTANT = Op("", "{}")


# --- binary ops -------------------------------------------------------------------------------

ADD = Op("+", "{} + {}", lambda a, b: a + b,
         (lambda a, b, out: 1.0,
          lambda a, b, out: 1.0),
         method="__add__", commutative=True)

SUB = Op("-", "{} - {}", lambda a, b: a - b,
         (lambda a, b, out: 1.0,
          lambda a, b, out: -1.0),
         method="__sub__")

MUL = Op("*", "{} * {}", lambda a, b: a * b,
         (lambda a, b, out: b,
          lambda a, b, out: a),
         method="__mul__", commutative=True)

DIV = Op("/", "{} / {}", div,
         (lambda a, b, out: div(1.0, b),     # d(a/b)/da = 1/b
          lambda a, b, out: div(-out, b)),   # d(a/b)/db = -a/b^2 = -out/b
         undefined=lambda a, b: b == 0.0, why="division by zero",
         method="__truediv__")


def _pow_undefined(a, b):
    """0 to a negative power, or a negative base to a power that is not a whole number."""
    return (a == 0.0) & (b < 0.0) | (a < 0.0) & not_integer(b)


def _pow_why(a: float, b: float) -> str:
    return masked(a == 0.0, "zero cannot be raised to a negative power",
                  lambda: "a negative base needs an integer exponent")


def _pow_d_base(a, b, out):
    """d(a**b)/da = b * a**(b-1), written so that the mixed second derivative d/db of it equals
    d/da of d/db (`_pow_d_exponent`) at the edges too:
    - at b == 0 it is b / a: 0, and d/db of it is 1/a = a**(b-1), which b * a**(b-1) would lose
      where 1/a overflows (0 * inf); at a == b == 0 it is 0 (nan at a nan base);
    - at a == 0 (b > 0) it is b * 0**(b-1), inf, 1 or 0 as b is below, at or above 1: taken as
      constant in b (a step has derivative 0), as d/db is 0 along a == 0."""
    if isinstance(b, float):                   # a constant exponent, as in x ** 2: no masks
        if b == 2.0:                           # a ** 1 is a: one op fewer for the square
            return b * a
        if b != 0.0:
            return b * power(a, b - 1.0)
        return masked(data_of(a) != data_of(a), NAN, lambda: 0.0)   # x ** 0: 0, at any a
    x, y = data_of(a), data_of(b)
    return masked(y == 0.0, lambda: masked(x == 0.0, 0.0, lambda: div(b, a)),
                  lambda: masked((x == 0.0) & (y > 0.0), lambda: y * power(a, y - 1.0),
                                 lambda: b * power(a, b - 1.0)))


def _pow_d_exponent(a, b, out):
    """d(a**b)/db = a**b * log(a), with its own derivatives decided at the edges:
    - 0 where a == 0 and b >= 0 (the contract), and where a**b is 0 at an infinite base or
      exponent (its limit: IEEE's 0 * inf would say nan);
    - nan where a < 0, where log is undefined: log's own nan (on floats, arrays and, inside a
      derivative rule, Values). So every derivative of it is nan too, but for b == 0, whose
      zero factor closes d/db of the base rule there as well: the term b * (a * nan) keeps d/da
      of it nan where an underflow of a**b would otherwise hide log's nan;
    - at a subnormal a, 1/a (log's derivative) overflows though the products it enters do not:
      there the rule is a**b * log(a) with log(a) taken at a's value, plus (a - a) * a**(b-1),
      which is 0 and gives d/da of it the a**(b-1) that out * (1/a) would make inf."""
    x, y = data_of(a), data_of(b)
    infinite = (x == math.inf) | (y == math.inf) | (y == -math.inf)
    return masked(
        (x == 0.0) & (y >= 0.0) | (data_of(out) == 0.0) & (x > 0.0) & infinite, 0.0,
        lambda: masked(x < 0.0, lambda: out * log(a) + b * (a * NAN),
                       lambda: masked(_subnormal(x) & _finite(power(x, y - 1.0)),
                                      lambda: out * log(x) + (a - x) * power(x, y - 1.0),
                                      lambda: out * log(a))))


def _subnormal(x):
    return (x > 0.0) & (x < 2.2250738585072014e-308)


def _finite(x):
    return (x == x) & (x != math.inf) & (x != -math.inf)


def _wins(a, b):
    """d maximum(a, b) / da as PyTorch has it: 0 where b is the larger, 0.5 at a tie (the
    gradient is split), else 1; nan where either is nan (maximum passes the nan on, and the
    derivative of something undefined is undefined)."""
    a, b = data_of(a), data_of(b)
    return masked((a != a) | (b != b), NAN,
                  lambda: 1.0 - (a < b) * 1.0 - (a == b) * 0.5)


MAXIMUM = Op("maximum", "maximum({}, {})", maximum,
             (lambda a, b, out: _wins(a, b),
              lambda a, b, out: _wins(b, a)),
             masks=True, method="maximum", commutative=True, function="maximum")


POW = Op("**", "{} ** {}", power, (_pow_d_base, _pow_d_exponent),
         undefined=_pow_undefined, why=_pow_why,
         method="__pow__")


# --- unary ops ---------------------------------------------------------------------------
# Where cheaper and stabler, a rule is written from the result `out` (exp, tanh, sigmoid, sqrt).

NEG = Op("neg", "-{}", lambda a: -a, (lambda a, out: -1.0,), method="__neg__")

ABS = Op("abs", "abs({})", abs, (lambda a, out: sign(a),), method="__abs__", function="abs")

EXP = Op("exp", "exp({})", exp, (lambda a, out: out,), method="exp", function="exp")

LOG = Op("log", "log({})", log, (lambda a, out: div(1.0, a),), method="log", function="log",
         undefined=lambda a: a <= 0.0, why="log needs a positive argument")

SQRT = Op("sqrt", "sqrt({})", sqrt, (lambda a, out: div(0.5, out),),    # inf at 0
          method="sqrt", function="sqrt",
          undefined=lambda a: a < 0.0, why="sqrt needs a non-negative argument")

TANH = Op("tanh", "tanh({})", tanh, (lambda a, out: 1.0 - out * out,),
          method="tanh", function="tanh", activation=True, bounds=(-1.0, 1.0))

SIGMOID = Op("sigmoid", "sigmoid({})", sigmoid, (lambda a, out: out * (1.0 - out),),
             method="sigmoid", function="sigmoid", activation=True, bounds=(0.0, 1.0))

RELU = Op("relu", "relu({})", relu, (lambda a, out: step(a),), masks=True,
          method="relu", function="relu", activation=True, bounds=(0.0, math.inf))

SIN = Op("sin", "sin({})", sin, (lambda a, out: cos(a),), method="sin", function="sin")

COS = Op("cos", "cos({})", cos, (lambda a, out: -sin(a),), method="cos", function="cos")


# Every op above: Value gets one method per entry (see value.py).
OPS = (ADD, SUB, MUL, DIV, POW, MAXIMUM, NEG, ABS, EXP, LOG, SQRT, TANH, SIGMOID, RELU, SIN, COS)


def _key(op: Op) -> str:
    if op is LEAF:
        return "leaf"
    if op is CONSTANT:
        return "constant"
    if op not in OPS:
        raise TypeError(f"op {op.name!r} is not in the op table, so it cannot be pickled")
    return op.method


def op_named(key: str) -> Op:
    """The op that `__reduce__` named: the declaration itself, not a copy."""
    return {"leaf": LEAF, "constant": CONSTANT, **{op.method: op for op in OPS}}[key]
