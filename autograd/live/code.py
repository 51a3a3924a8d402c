"""Code: a fourth kind of number, beside floats, Values and arrays, that writes JavaScript.

The op table's forwards, domains and derivative rules are written with arithmetic and the
functions of `elementary`. Run on Codes, each operation returns the JavaScript expression that
computes it, so running a rule prints that rule in JavaScript: the page's engine is made from
the same declarations as the Python one, and no op's math is typed into a .js file.

The functions of `elementary` become calls of their JavaScript counterparts in
`js/elementary.js` (`E.exp(x)`, `E.power(a, b)`, ...), which keep the float branches' IEEE
conventions; comparisons become JavaScript booleans (`true * 1` is 1, as in Python), `&` and
`|` become `&&` and `||`, and `masked(mask, value, compute)` a conditional expression. A
branch in Python on a Code (`if x > 0:`) cannot be written down, so it raises TypeError: a
rule that branches must say so with `masked`.
"""

import json
import math
from typing import Union

Number = Union["Code", float, int, bool, str]


class Code:
    """A JavaScript expression standing for one number (or a boolean, from a comparison)."""

    __slots__ = ("text", "boolean")
    is_code = True              # how elementary tells a Code from the other kinds of number

    def __init__(self, text: str, boolean: bool = False) -> None:
        self.text = text
        self.boolean = boolean  # a comparison's: arithmetic reads it as Number(...), 0 or 1

    def __repr__(self) -> str:
        return f"Code({self.text!r})"

    @property
    def data(self) -> "Code":
        """What `elementary.data_of` reads: a Code is its own number."""
        return self

    def __bool__(self):
        raise TypeError(f"a rule branches in Python on {self.text}, which generated code "
                        "cannot follow: write the branch with elementary.masked")

    @staticmethod
    def call(function: str, *arguments: Number) -> "Code":
        """A call of the elementary function of that name in js/elementary.js."""
        return Code(f"E.{function}({', '.join(map(literal, arguments))})")

    def select(self, value: Number, otherwise: Number) -> "Code":
        """`value` where this condition holds, else `otherwise` (what `masked` writes)."""
        return Code(f"({self.text} ? {literal(value)} : {literal(otherwise)})")

    def _binary(self, symbol: str, other: Number, reflected: bool = False) -> "Code":
        a, b = (literal(other), self.text) if reflected else (self.text, literal(other))
        return Code(f"({a} {symbol} {b})")

    def _arithmetic(self, symbol: str, other: Number, reflected: bool = False) -> "Code":
        """A sum, difference, product or quotient: a boolean operand counts as 0 or 1, as in
        Python, written Number(...) so that the JavaScript type-checks as numbers."""
        a, b = (_numeric(other), _numeric(self)) if reflected else (_numeric(self),
                                                                     _numeric(other))
        return Code(f"({a} {symbol} {b})")

    def _comparison(self, symbol: str, other: Number, reflected: bool = False) -> "Code":
        return Code(self._binary(symbol, other, reflected).text, boolean=True)

    def __add__(self, other): return self._arithmetic("+", other)
    def __radd__(self, other): return self._arithmetic("+", other, True)
    def __sub__(self, other): return self._arithmetic("-", other)
    def __rsub__(self, other): return self._arithmetic("-", other, True)
    def __mul__(self, other): return self._arithmetic("*", other)
    def __rmul__(self, other): return self._arithmetic("*", other, True)
    def __truediv__(self, other): return self._arithmetic("/", other)
    def __rtruediv__(self, other): return self._arithmetic("/", other, True)
    def __pow__(self, other): return Code.call("power", self, other)
    def __rpow__(self, other): return Code.call("power", other, self)
    def __neg__(self): return Code(f"(-{self.text})")
    def __abs__(self): return Code(f"Math.abs({self.text})")
    def __lt__(self, other): return self._comparison("<", other)
    def __le__(self, other): return self._comparison("<=", other)
    def __gt__(self, other): return self._comparison(">", other)
    def __ge__(self, other): return self._comparison(">=", other)
    def __eq__(self, other): return self._comparison("===", other)      # noqa: E704
    def __ne__(self, other): return self._comparison("!==", other)
    def __and__(self, other): return self._comparison("&&", other)
    def __rand__(self, other): return self._comparison("&&", other, True)
    def __or__(self, other): return self._comparison("||", other)
    def __ror__(self, other): return self._comparison("||", other, True)
    def __invert__(self): return Code(f"(!{self.text})", boolean=True)
    __hash__ = None

    # the Value methods elementary calls on a number that is neither a float nor an array
    def exp(self): return Code.call("exp", self)
    def log(self): return Code.call("log", self)
    def sqrt(self): return Code.call("sqrt", self)
    def tanh(self): return Code.call("tanh", self)
    def sin(self): return Code.call("sin", self)
    def cos(self): return Code.call("cos", self)
    def sigmoid(self): return Code.call("sigmoid", self)
    def relu(self): return Code.call("relu", self)


def _numeric(x: Number) -> str:
    """JavaScript for x as a number: a boolean Code as Number(...)."""
    if isinstance(x, Code) and x.boolean:
        return f"Number{x.text}" if x.text.startswith("(") else f"Number({x.text})"
    return literal(x)


def literal(x: Number) -> str:
    """JavaScript for a Code, a number, a boolean or a string."""
    if isinstance(x, Code):
        return x.text
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, str):
        return json.dumps(x)
    return number(float(x))


def number(x: float) -> str:
    """JavaScript for a float: Infinity and NaN by name, a negative number (-0 too) in
    parentheses, so that it can follow any operator."""
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "(-Infinity)")
    return f"({x!r})" if math.copysign(1.0, x) < 0 else repr(x)
