"""Formula: a number that writes itself as school algebra, so that a hint can show an op's rule
as the op table declares it, with names (d(tanh)/da = 1 − out·out) or with the numbers put in
(1 − 0.4621·0.4621).

The op table's rules are written with arithmetic and `elementary`'s functions; run on Formulas
they print themselves, as `autograd.live.code.Code` prints JavaScript. A rule's masked
branches (the edges of a domain: 0 ** -1, a nan) are left out: a hint shows the rule's general
case, `masked`'s last branch. A comparison reads as an Iverson bracket: [a > 0] is 1 where it
holds, else 0 (relu's rule).
"""

from typing import Union

from ..elementary import written_calls

SUM, PRODUCT, UNARY, POWER, ATOM = range(1, 6)       # how tightly each kind of text binds


@written_calls            # exp(), tanh() ... as exp(...), tanh(...)
class Formula:
    """A formula's text and how tightly it binds (parentheses go where a looser one is an
    operand of a tighter one)."""

    __slots__ = ("text", "level")
    is_code = True            # elementary writes generated numbers through call and select

    def __init__(self, text: str, level: int = ATOM) -> None:
        self.text = text
        self.level = level

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"

    def __str__(self) -> str:
        return self.text

    @property
    def data(self) -> "Formula":
        return self

    def __bool__(self):
        raise TypeError(f"a rule branches in Python on {self.text}: write it with "
                        "elementary.masked")

    @staticmethod
    def call(function: str, *arguments) -> "Formula":
        return Formula(f"{function}({', '.join(str(formula(a)) for a in arguments)})")

    def select(self, value, otherwise) -> "Formula":
        """The general case of a masked rule (see the module docstring)."""
        return formula(otherwise)

    def __add__(self, other): return _sum(self, "+", other)
    def __radd__(self, other): return _sum(other, "+", self)
    def __sub__(self, other): return _sum(self, "−", other)
    def __rsub__(self, other): return _sum(other, "−", self)
    def __mul__(self, other): return _product(self, other)
    def __rmul__(self, other): return _product(other, self)
    def __truediv__(self, other): return _quotient(self, other)
    def __rtruediv__(self, other): return _quotient(other, self)
    def __pow__(self, other): return _power(self, other)
    def __rpow__(self, other): return _power(other, self)
    def __neg__(self): return Formula(f"−{_wrapped(self, UNARY + 1)}", SUM)
    def __abs__(self): return Formula(f"|{self.text}|")
    def __lt__(self, other): return _bracket(self, "<", other)
    def __le__(self, other): return _bracket(self, "≤", other)
    def __gt__(self, other): return _bracket(self, ">", other)
    def __ge__(self, other): return _bracket(self, "≥", other)
    def __eq__(self, other): return _bracket(self, "=", other)      # noqa: E704
    def __ne__(self, other): return _bracket(self, "≠", other)
    def __and__(self, other): return _bracket(self, "and", other)
    def __rand__(self, other): return _bracket(other, "and", self)
    def __or__(self, other): return _bracket(self, "or", other)
    def __ror__(self, other): return _bracket(other, "or", self)
    def __invert__(self): return Formula(f"not {self.text}")
    __hash__ = None


Term = Union[Formula, float, int, bool]


def number(x: float) -> Formula:
    """A number as a formula: four significant digits; a negative one in parentheses wherever
    it is a factor (0.5·(−2))."""
    text = f"{x:.4g}".replace("-", "−")
    return Formula(text, SUM if x < 0 else ATOM)


def formula(x: Term) -> Formula:
    if isinstance(x, Formula):
        return x
    return number(float(x))


def _is(x: Term, value: float) -> bool:
    return not isinstance(x, Formula) and float(x) == value


def _wrapped(x: Formula, level: int) -> str:
    return f"({x.text})" if x.level < level else x.text


def _sum(a: Term, symbol: str, b: Term) -> Formula:
    if _is(b, 0.0):
        return formula(a)
    if _is(a, 0.0):
        return formula(b) if symbol == "+" else -formula(b)
    fa, fb = formula(a), formula(b)
    return Formula(f"{fa.text} {symbol} {_wrapped(fb, SUM + 1)}", SUM)


def _product(a: Term, b: Term) -> Formula:
    if _is(a, 1.0):
        return formula(b)
    if _is(b, 1.0):
        return formula(a)
    fa, fb = formula(a), formula(b)
    return Formula(f"{_wrapped(fa, PRODUCT)}·{_wrapped(fb, PRODUCT + 1)}", PRODUCT)


def _quotient(a: Term, b: Term) -> Formula:
    fa, fb = formula(a), formula(b)
    return Formula(f"{_wrapped(fa, PRODUCT)}/{_wrapped(fb, PRODUCT + 1)}", PRODUCT)


def _power(a: Term, b: Term) -> Formula:
    fa, fb = formula(a), formula(b)
    return Formula(f"{_wrapped(fa, ATOM)}^{_wrapped(fb, ATOM)}", POWER)


def _bracket(a: Term, symbol: str, b: Term) -> Formula:
    return Formula(f"[{formula(a).text} {symbol} {formula(b).text}]")
