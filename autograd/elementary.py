"""Elementary functions that work on floats, on Values and on NumPy arrays alike.

The op table in `ops.py` is written with these, so one formula serves the plain backward
pass (floats), higher-order gradients (Values, which record the rule itself as a graph) and
the batch compiler (arrays, one row per node and one column per sample). On floats and arrays
they follow IEEE arithmetic, as NumPy and PyTorch do: where Python's `math` would raise
(overflow, 0 ** -1, sin(inf)) they give inf or nan, because a gradient at the edge of a domain
is infinite, not an error. On arrays they are NumPy's own functions, which give those same
inf and nan but may warn: the compiler runs a whole batch under `np.errstate(all="ignore")`
once, rather than paying for that context on every call (it costs as much as the call).
On arrays each function also takes `out=`, an array to compute into, as NumPy's own do: the
compiler writes a group's result straight into its rows, with no array made on the way.

A fourth kind of number, `autograd.live.code.Code`, writes JavaScript: on it each function
returns the call of its counterpart in `autograd/live/js/elementary.js`, which keeps the float
branches' conventions. That is how the op table becomes the pages' JavaScript.
"""

import math
import sys

INF = math.inf
NAN = math.nan


def _numpy():
    """NumPy if it has been imported, else None: an array can only exist once it has been, so
    the scalar engine never pays for importing it."""
    return sys.modules.get("numpy")


def is_array(x) -> bool:
    np = _numpy()
    return np is not None and isinstance(x, np.ndarray)


def data_of(x):
    """The number(s) inside x: x itself for a float or an array, x.data for a Value."""
    return x if isinstance(x, float) or is_array(x) else x.data


def _code(*xs):
    """The first of xs that is generated code (autograd.live.code.Code), or None."""
    return next((x for x in xs if getattr(x, "is_code", False)), None)


def masked(mask, value, compute):
    """`value` where `mask` holds, else compute(). On floats and Values `mask` is one bool and
    compute() is not called when it holds (it may be undefined there); `value` may be a
    function too, called only where the mask holds. On arrays both sides are computed and
    np.where picks; on code, a conditional expression."""
    if getattr(mask, "is_code", False):
        return mask.select(_value(value), compute())
    if not is_array(mask):
        return _value(value) if mask else compute()
    return _numpy().where(mask, _value(value), compute())


# The methods elementary calls on a number that is neither a float nor an array: a Value's,
# and those of the numbers that write themselves (live.code.Code, exercises.formula.Formula)
METHODS = ("exp", "log", "sqrt", "tanh", "sin", "cos", "sigmoid", "relu")


def written_calls(cls):
    """A class decorator for a number that writes itself: each of METHODS, on it, is
    `cls.call(name, self)`, the text of that function's call."""
    for name in METHODS:
        def method(self, _name=name):
            return self.call(_name, self)
        method.__name__ = method.__qualname__ = name
        setattr(cls, name, method)
    return cls


def _value(value):
    return value() if callable(value) else value


def exp(x, out=None):
    if isinstance(x, float):
        try:
            return math.exp(x)
        except OverflowError:
            return INF
    if is_array(x):
        return _numpy().exp(x, out=out)
    return x.exp()


def log(x, out=None):
    if isinstance(x, float):
        if x > 0.0 or x != x:
            return math.log(x)
        return -INF if x == 0.0 else NAN
    if is_array(x):
        return _numpy().log(x, out=out)
    return x.log()


def sqrt(x, out=None):
    if isinstance(x, float):
        return math.sqrt(x) if x >= 0.0 or x != x else NAN
    if is_array(x):
        return _numpy().sqrt(x, out=out)
    return x.sqrt()


def tanh(x, out=None):
    if isinstance(x, float):
        return math.tanh(x)
    return _numpy().tanh(x, out=out) if is_array(x) else x.tanh()


def sin(x, out=None):
    if isinstance(x, float):
        return math.sin(x) if math.isfinite(x) else NAN
    if is_array(x):
        return _numpy().sin(x, out=out)
    return x.sin()


def cos(x, out=None):
    if isinstance(x, float):
        return math.cos(x) if math.isfinite(x) else NAN
    if is_array(x):
        return _numpy().cos(x, out=out)
    return x.cos()


def sigmoid(x, out=None):
    """1 / (1 + e^-x), computed so that e^(+|x|) is never formed: no overflow for any x."""
    if isinstance(x, float):
        if x >= 0.0:
            return 1.0 / (1.0 + math.exp(-x))
        z = math.exp(x)
        return z / (1.0 + z)
    if is_array(x):       # exp(-x) may overflow to inf here, and 1 / (1 + inf) is exactly 0
        np = _numpy()     # one array of floats, each step computed into it
        z = np.negative(x, out=np.empty(np.shape(x)) if out is None else out)
        np.exp(z, out=z)
        np.add(1.0, z, out=z)
        return np.divide(1.0, z, out=z)
    return x.sigmoid()


def relu(x, out=None):
    """max(x, 0), keeping nan."""
    if isinstance(x, float):
        return 0.0 if x <= 0.0 else x
    return _numpy().maximum(x, 0.0, out=out) if is_array(x) else x.relu()


def maximum(a, b, out=None):
    """The larger of a and b; nan if either is nan (as NumPy and PyTorch have it)."""
    if isinstance(a, float) and isinstance(b, float):
        return a if a >= b or a != a else b
    code = _code(a, b)
    return _numpy().maximum(a, b, out=out) if code is None else code.call("maximum", a, b)


def div(a, b, out=None):
    """a / b; on floats, division by zero gives +-inf (or nan for 0/0) instead of raising."""
    if isinstance(a, float) and isinstance(b, float):
        if b == 0.0:
            return NAN if a == 0.0 or a != a else math.copysign(INF, a) * math.copysign(1.0, b)
        return a / b
    return a / b if out is None else _numpy().divide(a, b, out=out)


def _is_odd_integer(b: float) -> bool:
    return b.is_integer() and b % 2.0 == 1.0


def power(a, b, out=None):
    """a ** b; on floats and arrays, overflow gives +-inf, 0 ** negative gives inf, a negative
    base to a non-integer power gives nan. Into `out` only where b is 2 (squared error's
    square: NumPy's `**` squares for it too), else `out` is filled with the result."""
    if isinstance(a, float) and isinstance(b, float):
        try:
            return math.pow(a, b)
        except OverflowError:
            return -INF if a < 0.0 and _is_odd_integer(b) else INF
        except ValueError:
            if a == 0.0:
                return math.copysign(INF, a) if _is_odd_integer(b) else INF
            return NAN
    if is_array(a) or is_array(b):
        np = _numpy()
        if out is not None:
            if isinstance(b, float) and b == 2.0:
                return np.square(a, out=out)
            out[...] = power(a, b)
            return out
        if isinstance(b, float) and b == 1.0:
            return a                                      # x ** 1 (in the rule of x ** 2)
        return np.asarray(a, dtype=float) ** b     # `**` has fast paths for 2, 0.5, -1
    return a ** b


def not_integer(x):
    """True where x is not a whole number (inf and nan are not)."""
    if isinstance(x, float):
        return not x.is_integer()
    if getattr(x, "is_code", False):
        return x.call("not_integer", x)
    np = _numpy()
    return ~np.isfinite(x) | (np.floor(x) != x)


def step(x):
    """1.0 where x > 0, else 0.0: the derivative of relu, with relu'(0) = 0 as in PyTorch, and
    nan at a nan x (the derivative of something undefined is undefined).

    It is piecewise constant, so for a Value it returns a plain float: its own derivative is
    zero, and a constant is exactly what higher-order gradients need."""
    v = data_of(x)
    return masked(v != v, NAN, lambda: (v > 0.0) * 1.0)


def sign(x):
    """-1.0, 0.0 or 1.0: the derivative of abs, with abs'(0) = 0 as in PyTorch; nan at a nan x."""
    v = data_of(x)
    return masked(v != v, NAN, lambda: (v > 0.0) * 1.0 - (v < 0.0) * 1.0)
