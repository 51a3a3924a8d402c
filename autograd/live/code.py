"""Code: a fourth kind of number, beside floats, Values and arrays, that writes JavaScript
(and PythonCode, the same in Python, for the engine's own generated loop: float_pass.py).

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
from typing import NamedTuple, Union

from ..elementary import written_calls

Number = Union["Code", float, int, bool, str]


class Spelling(NamedTuple):
    """How a language writes what Code writes differently in each: equality, the boolean
    operators, a conditional, a boolean read as a number, an elementary function's call,
    abs, and constants."""
    equal: str
    unequal: str
    both: str
    either: str
    negated: str                    # format of "not x"
    select: str                     # format of "value where cond, else otherwise"
    numeric: str                    # format of a boolean read as a number
    call: str                       # format of elementary's function `{0}` on `{1}`
    absolute: str
    quotient: str                   # format of a / b
    true: str
    false: str
    nan: str
    infinity: str


JAVASCRIPT = Spelling("===", "!==", "&&", "||", "(!{0})", "({0} ? {1} : {2})", "Number({0})",
                      "E.{0}({1})", "Math.abs({0})", "({0} / {1})", "true", "false", "NaN",
                      "Infinity")
# Python reads a bool as 0 or 1 in arithmetic, as `(v > 0.0) * 1.0` does on floats; the
# elementary functions are the module `E`, NAN and INF its constants; a quotient is E.div,
# which gives inf where Python's / would raise, as JavaScript's / does.
PYTHON = Spelling("==", "!=", "&", "|", "(not {0})", "({1} if {0} else {2})", "{0}",
                  "E.{0}({1})", "abs({0})", "E.div({0}, {1})", "True", "False", "E.NAN", "E.INF")


@written_calls            # exp(), tanh() ... as E.exp(...) calls
class Code:
    """A JavaScript expression standing for one number (or a boolean, from a comparison).
    PythonCode, below, writes the same in Python."""

    __slots__ = ("text", "boolean")
    is_code = True              # how elementary tells a Code from the other kinds of number
    spelling = JAVASCRIPT

    def __init__(self, text: str, boolean: bool = False) -> None:
        self.text = text
        self.boolean = boolean  # a comparison's: arithmetic reads it as Number(...), 0 or 1

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"

    @property
    def data(self) -> "Code":
        """What `elementary.data_of` reads: a Code is its own number."""
        return self

    def __bool__(self):
        raise TypeError(f"a rule branches in Python on {self.text}, which generated code "
                        "cannot follow: write the branch with elementary.masked")

    @classmethod
    def call(cls, function: str, *arguments: Number) -> "Code":
        """A call of the elementary function of that name in js/elementary.js."""
        return cls(cls.spelling.call.format(
            function, ", ".join(literal(x, cls.spelling) for x in arguments)))

    def _literal(self, x: Number) -> str:
        return literal(x, self.spelling)

    def select(self, value: Number, otherwise: Number) -> "Code":
        """`value` where this condition holds, else `otherwise` (what `masked` writes)."""
        return type(self)(self.spelling.select.format(self.text, self._literal(value),
                                                      self._literal(otherwise)))

    def _binary(self, symbol: str, other: Number, reflected: bool = False) -> str:
        a, b = (self._literal(other), self.text) if reflected else (self.text,
                                                                    self._literal(other))
        return f"({a} {symbol} {b})"

    def _arithmetic(self, symbol: str, other: Number, reflected: bool = False) -> "Code":
        """A sum, difference, product or quotient: a boolean operand counts as 0 or 1, as in
        Python, written Number(...) so that the JavaScript type-checks as numbers."""
        a, b = (_numeric(other, self.spelling), _numeric(self, self.spelling)) if reflected \
            else (_numeric(self, self.spelling), _numeric(other, self.spelling))
        if symbol == "/":
            return type(self)(self.spelling.quotient.format(a, b))
        return type(self)(f"({a} {symbol} {b})")

    def _comparison(self, symbol: str, other: Number, reflected: bool = False) -> "Code":
        return type(self)(self._binary(symbol, other, reflected), boolean=True)

    def __add__(self, other): return self._arithmetic("+", other)
    def __radd__(self, other): return self._arithmetic("+", other, True)
    def __sub__(self, other): return self._arithmetic("-", other)
    def __rsub__(self, other): return self._arithmetic("-", other, True)
    def __mul__(self, other): return self._arithmetic("*", other)
    def __rmul__(self, other): return self._arithmetic("*", other, True)
    def __truediv__(self, other): return self._arithmetic("/", other)
    def __rtruediv__(self, other): return self._arithmetic("/", other, True)
    def __pow__(self, other): return self.call("power", self, other)
    def __rpow__(self, other): return self.call("power", other, self)
    def __neg__(self): return type(self)(f"(-{self.text})")
    def __abs__(self): return type(self)(self.spelling.absolute.format(self.text))
    def __lt__(self, other): return self._comparison("<", other)
    def __le__(self, other): return self._comparison("<=", other)
    def __gt__(self, other): return self._comparison(">", other)
    def __ge__(self, other): return self._comparison(">=", other)
    def __eq__(self, other): return self._comparison(self.spelling.equal, other)  # noqa: E704
    def __ne__(self, other): return self._comparison(self.spelling.unequal, other)
    def __and__(self, other): return self._comparison(self.spelling.both, other)
    def __rand__(self, other): return self._comparison(self.spelling.both, other, True)
    def __or__(self, other): return self._comparison(self.spelling.either, other)
    def __ror__(self, other): return self._comparison(self.spelling.either, other, True)
    def __invert__(self): return type(self)(self.spelling.negated.format(self.text), boolean=True)
    __hash__ = None


class PythonCode(Code):
    """A Python expression standing for one number: the same rules, written for the engine's
    own generated loops (autograd/float_pass.py). The elementary functions are called as
    `E.name(...)`, E being autograd.elementary, whose float branches they are."""

    __slots__ = ()
    spelling = PYTHON


def _numeric(x: Number, spelling: Spelling = JAVASCRIPT) -> str:
    """x as a number: a boolean Code as Number(...) in JavaScript."""
    if isinstance(x, Code) and x.boolean:
        if spelling is PYTHON:
            return x.text
        return f"Number{x.text}" if x.text.startswith("(") else f"Number({x.text})"
    return literal(x, spelling)


def literal(x: Number, spelling: Spelling = JAVASCRIPT) -> str:
    """A Code, a number, a boolean or a string, written in JavaScript (or as `spelling`)."""
    if isinstance(x, Code):
        return x.text
    if isinstance(x, bool):
        return spelling.true if x else spelling.false
    if isinstance(x, str):
        return json.dumps(x)
    return number(float(x), spelling)


def number(x: float, spelling: Spelling = JAVASCRIPT) -> str:
    """A float: infinity and nan by name, a negative number (-0 too) in parentheses, so that
    it can follow any operator."""
    if not math.isfinite(x):
        return spelling.nan if math.isnan(x) else (spelling.infinity if x > 0
                                                  else f"(-{spelling.infinity})")
    return f"({x!r})" if math.copysign(1.0, x) < 0 else repr(x)
