"""Elementary functions that work on floats and on Values alike.

The derivative rules in `ops.py` are written with these, so one formula serves the
plain backward pass (floats) and higher-order gradients (Values, which record the
rule itself as a graph). On floats they follow IEEE arithmetic, as NumPy and PyTorch
do: where Python's `math` would raise (overflow, 0 ** -1, sin(inf)) they give
inf or nan, because a gradient at the edge of a domain is infinite, not an error.
"""

import math

INF = math.inf
NAN = math.nan


def data_of(x) -> float:
    """The number inside x: x itself for a float, x.data for a Value."""
    return x if isinstance(x, float) else x.data


def exp(x):
    if isinstance(x, float):
        try:
            return math.exp(x)
        except OverflowError:
            return INF
    return x.exp()


def log(x):
    if isinstance(x, float):
        if x > 0.0 or x != x:
            return math.log(x)
        return -INF if x == 0.0 else NAN
    return x.log()


def sin(x):
    if isinstance(x, float):
        return math.sin(x) if math.isfinite(x) else NAN
    return x.sin()


def cos(x):
    if isinstance(x, float):
        return math.cos(x) if math.isfinite(x) else NAN
    return x.cos()


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x), computed so that e^(+|x|) is never formed: no overflow for any x."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def div(a, b):
    """a / b; on floats, division by zero gives +-inf (or nan for 0/0) instead of raising."""
    if isinstance(a, float) and isinstance(b, float):
        if b == 0.0:
            return NAN if a == 0.0 or a != a else math.copysign(INF, a) * math.copysign(1.0, b)
        return a / b
    return a / b


def _is_odd_integer(b: float) -> bool:
    return b.is_integer() and b % 2.0 == 1.0


def power(a, b):
    """a ** b; on floats, overflow gives +-inf, 0 ** negative gives inf, a negative base
    to a non-integer power gives nan."""
    if isinstance(a, float) and isinstance(b, float):
        try:
            return math.pow(a, b)
        except OverflowError:
            return -INF if a < 0.0 and _is_odd_integer(b) else INF
        except ValueError:
            if a == 0.0:
                return math.copysign(INF, a) if _is_odd_integer(b) else INF
            return NAN
    return a ** b


def step(x) -> float:
    """1.0 where x > 0, else 0.0: the derivative of relu, with relu'(0) = 0 as in PyTorch.

    It is piecewise constant, so it returns a plain float even for a Value: its own
    derivative is zero, and a constant is exactly what higher-order gradients need."""
    return 1.0 if data_of(x) > 0.0 else 0.0


def sign(x) -> float:
    """-1.0, 0.0 or 1.0: the derivative of abs, with abs'(0) = 0 as in PyTorch."""
    v = data_of(x)
    return 1.0 if v > 0.0 else (-1.0 if v < 0.0 else (v if v != v else 0.0))
