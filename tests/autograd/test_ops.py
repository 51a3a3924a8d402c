"""Every op: its forward value, each local derivative against central differences (at several
points, including near domain edges), the conventions at kinks, and its domain errors."""

import math

import pytest

from autograd import Value, grad, gradcheck
from autograd import ops

sigmoid = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731

# op name -> (function on Values, reference on floats, points inside the domain)
UNARY = {
    "neg": (lambda a: -a, lambda x: -x, [-2.0, 0.0, 3.5]),
    "abs": (abs, abs, [-2.0, -1e-3, 1e-3, 4.0]),
    "exp": (lambda a: a.exp(), math.exp, [-5.0, 0.0, 2.0, 10.0]),
    "log": (lambda a: a.log(), math.log, [1e-4, 0.5, 1.0, 20.0]),
    "sqrt": (lambda a: a.sqrt(), math.sqrt, [1e-4, 0.25, 9.0]),
    "tanh": (lambda a: a.tanh(), math.tanh, [-3.0, 0.0, 0.7, 5.0]),
    "sigmoid": (lambda a: a.sigmoid(), sigmoid, [-8.0, 0.0, 1.3, 8.0]),
    "relu": (lambda a: a.relu(), lambda x: max(x, 0.0), [-2.0, -1e-3, 1e-3, 3.0]),
    "sin": (lambda a: a.sin(), math.sin, [-2.0, 0.0, 1.0, 10.0]),
    "cos": (lambda a: a.cos(), math.cos, [-2.0, 0.0, 1.0, 10.0]),
}

BINARY = {
    "+": (lambda a, b: a + b, lambda x, y: x + y, [(1.0, 2.0), (-3.0, 0.5)]),
    "-": (lambda a, b: a - b, lambda x, y: x - y, [(1.0, 2.0), (-3.0, 0.5)]),
    "*": (lambda a, b: a * b, lambda x, y: x * y, [(1.5, -2.0), (0.0, 3.0)]),
    "/": (lambda a, b: a / b, lambda x, y: x / y, [(1.0, 2.0), (-3.0, 0.01), (2.0, -5.0)]),
    "maximum": (lambda a, b: a.maximum(b), max, [(1.0, 2.0), (3.0, -0.5), (-2.0, -1.0)]),
    "**": (lambda a, b: a ** b, lambda x, y: x ** y,
           [(2.0, 3.0), (0.5, -1.5), (1e-3, 0.5), (3.0, 0.0), (1.5, 2.5)]),
}


def test_every_declared_op_is_tested():
    declared = {op.name for op in ops.OPS}
    assert declared == set(UNARY) | set(BINARY)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_forward_and_derivative(name):
    fn, reference, points = UNARY[name]
    for x in points:
        a = Value(x)
        out = fn(a)
        assert out.op == name and out.parents == (a,)
        assert out.data == pytest.approx(reference(x), rel=1e-12, abs=1e-15)
        assert gradcheck(fn, [x], rtol=1e-5, atol=1e-6, relative=True)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_forward_and_derivatives(name):
    fn, reference, points = BINARY[name]
    for x, y in points:
        a, b = Value(x), Value(y)
        out = fn(a, b)
        assert out.op == name and out.parents == (a, b)
        assert out.data == pytest.approx(reference(x, y), rel=1e-12)
        assert gradcheck(fn, [x, y], rtol=1e-5, atol=1e-6, relative=True)


@pytest.mark.parametrize("name", sorted(set(BINARY) - {"maximum"}))   # a method: no `3 op x`
def test_binary_with_numbers_on_either_side(name):
    fn, reference, _ = BINARY[name]
    x = Value(2.0)
    left, right = fn(x, 3), fn(3, x)
    assert left.data == pytest.approx(reference(2.0, 3.0))
    assert right.data == pytest.approx(reference(3.0, 2.0))
    assert left.parents[0] is x and right.parents[1] is x
    assert gradcheck(lambda v: fn(v, 3), [2.0], rtol=1e-6, atol=0)
    assert gradcheck(lambda v: fn(3, v), [2.0], rtol=1e-6, atol=0)


def test_numpy_scalars_on_either_side():
    np = pytest.importorskip("numpy")
    x = Value(2.0)
    for number in (np.float64(3.0), np.float32(3.0), np.int64(3), np.bool_(True)):
        for result in (number * x, x * number, number + x, x - number, number / x, x ** number):
            assert type(result) is Value
    assert (np.float64(3.0) * x).data == 6.0 and (x * np.float64(3.0)).data == 6.0
    assert (np.float64(1.0) - x).data == -1.0 and (np.int64(2) ** x).data == 4.0


def test_derivatives_at_kinks_follow_pytorch():
    zero = Value(0.0)
    assert grad(zero.relu(), [zero]) == [0.0]
    assert grad(abs(zero), [zero]) == [0.0]
    negative = Value(-1.0)
    assert grad(negative.relu(), [negative]) == [0.0]
    assert grad(negative.relu() * 3.0 + negative, [negative]) == [1.0]   # the relu part is 0


def test_pow_exponent_derivative_edge_cases():
    a, b = Value(0.0), Value(2.0)
    assert grad(a ** b, [b]) == [0.0]                       # a == 0, b >= 0: 0
    a, b = Value(0.0), Value(0.0)
    assert grad(a ** b, [a, b]) == [0.0, 0.0]               # 0 ** 0 = 1; d/da is 0 where b == 0
    a, b = Value(-2.0), Value(3.0)
    da, db = grad(a ** b, [a, b])
    assert da == 12.0 and math.isnan(db)                    # a < 0: d/db is nan
    a, b = Value(2.0), Value(3.0)
    assert grad(a ** b, [b])[0] == pytest.approx(8 * math.log(2))


def test_constant_exponent_gives_no_nan_for_negative_base():
    x = Value(-3.0)
    y = x ** 2
    y.backward()
    assert x.grad == -6.0
    assert y.parents[1].grad == 0.0                         # constants receive no gradient


@pytest.mark.parametrize("x", [-3.0, -0.0, 0.0, 2.5, 1e200, math.inf, -math.inf, math.nan])
def test_the_square_differentiates_to_two_times_x_with_the_bits_of_the_power_rule(x):
    """d(x ** 2)/dx is 2 * x, not 2 * x ** 1 (the same number: a ** 1 is a, at every a), so
    a squared error's backward, and the compiled one, run one op fewer."""
    v = Value(x)
    (d,) = grad(v ** 2, [v], create_graph=True)
    assert str(2.0 * x) == str(d.data) == str(2.0 * (x ** 1.0))
    assert d.op == "*" and "**" not in {p.op for p in d.parents}


def test_sqrt_derivative_at_zero_is_infinite():
    x = Value(0.0)
    assert grad(x.sqrt(), [x]) == [math.inf]


@pytest.mark.parametrize("x", [1000.0, -1000.0, 1e308, -1e308])
def test_sigmoid_tanh_exp_never_raise(x):
    v = Value(x)
    s, t, e = v.sigmoid(), v.tanh(), v.exp()
    assert s.data == (1.0 if x > 0 else 0.0)
    assert t.data == (1.0 if x > 0 else -1.0)
    assert e.data == (math.inf if x > 0 else 0.0)
    for out in (s, t, e):
        grad(out, [v])


def test_pow_overflow_gives_inf():
    assert (Value(1e200) ** 2).data == math.inf
    assert (Value(-1e200) ** 3).data == -math.inf


@pytest.mark.parametrize("make, op, shown", [
    (lambda: Value(2.0, "x") / 0, "/", "x=2.0 / 0.0"),
    (lambda: 1 / Value(0.0), "/", "1.0 / 0.0"),
    (lambda: Value(0.0).log(), "log", "log(0.0)"),
    (lambda: Value(-1.5, "w").log(), "log", "log(w=-1.5)"),
    (lambda: Value(-4.0).sqrt(), "sqrt", "sqrt(-4.0)"),
    (lambda: Value(0.0) ** -1, "**", "0.0 ** -1.0"),
    (lambda: Value(-8.0) ** (1 / 3), "**", "-8.0 ** 0.333"),
    (lambda: Value(-8.0) ** Value(0.5), "**", "-8.0 ** 0.5"),
])
def test_domain_errors_name_op_and_value(make, op, shown):
    with pytest.raises(ValueError) as info:
        make()
    message = str(info.value)
    assert message.startswith(op + ":") and shown in message


def test_failed_op_records_nothing():
    x = Value(0.0)
    with pytest.raises(ValueError):
        x.log()
    y = x + 1
    y.backward()
    assert x.grad == 1.0 and y.parents == (x, y.parents[1])


@pytest.mark.parametrize("bad", ["a", None, 1j, [1.0], (1.0,), {}])
@pytest.mark.parametrize("op", [
    lambda x, o: x + o, lambda x, o: o + x, lambda x, o: x * o, lambda x, o: o * x,
    lambda x, o: x - o, lambda x, o: x / o, lambda x, o: x ** o,
])
def test_unsupported_operand_types_raise_type_error(op, bad):
    with pytest.raises(TypeError):
        op(Value(1.0), bad)


def test_unsupported_operand_message_names_type_and_op():
    with pytest.raises(TypeError, match=r"'\+'.*str"):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match=r"'\*'.*NoneType"):
        Value(1.0) * None
    with pytest.raises(TypeError, match="complex"):
        Value(1.0) * (1 + 2j)


def test_subtraction_and_division_are_single_nodes():
    x, y = Value(3.0), Value(4.0)
    assert (x - y).parents == (x, y) and (x / y).parents == (x, y)
    assert (x - y).op == "-" and (x / y).op == "/"


def test_maximum_splits_the_gradient_at_a_tie_and_takes_numbers():
    a, b = Value(2.0), Value(2.0)
    assert grad(a.maximum(b), [a, b]) == [0.5, 0.5]
    assert Value(1.0).maximum(3).data == 3.0
    assert Value(1.0).maximum(3).parents[1].data == 3.0


def test_maximum_passes_nan_on_from_either_side_and_its_gradient_is_nan():
    nan, one = Value(float("nan")), Value(1.0)
    for left, right in ((nan, one), (one, nan)):
        out = left.maximum(right)
        assert math.isnan(out.data)
        assert all(map(math.isnan, grad(out, [left, right])))   # undefined, both ways
    a, b = Value(2.0), Value(2.0)
    assert grad(a.maximum(b), [a, b]) == [0.5, 0.5]
    assert grad(Value(1.0).maximum(b), [b]) == [1.0]


@pytest.mark.parametrize("make", [lambda x: x.relu(), lambda x: abs(x), lambda x: x ** 0,
                                  lambda x: x.maximum(1.0)], ids=["relu", "abs", "pow0", "max"])
def test_a_nan_operand_gives_a_nan_gradient_even_through_a_mask(make):
    x = Value(math.nan)
    assert math.isnan(grad(make(x), [x])[0])
    x, y = Value(2.0), Value(math.nan)
    assert all(map(math.isnan, grad((x * y).relu(), [x, y])))
    x.zero_grad()
    out = make(x * y)
    out.backward()
    assert math.isnan(x.grad) and math.isnan(y.grad)


def test_a_masks_zero_still_stops_a_nan_from_upstream():
    x = Value(-1.0)
    assert grad((x * math.nan).relu() * 0.0 + x.relu(), [x]) == [0.0]
    assert grad((x.relu() * math.nan), [x]) == [0.0]              # relu'(-1) = 0 stops it


def test_zero_exponent_and_zero_upstream_give_zero_not_nan():
    tiny = Value(1e-320)
    assert grad(tiny ** 0, [tiny]) == [0.0]
    y = Value(1e-320)
    assert grad(0 * y.log(), [y]) == [0.0]
    y.grad = 0.0
    (0 * y.log()).backward()
    assert y.grad == 0.0


def test_any_real_number_in_data_works_as_a_float():
    import numpy as np
    p = Value(0.5, label="p")
    p.grad = 2.0
    p.data -= np.float32(0.1) * p.grad                # now a NumPy float32
    out = p.tanh() * p + p.exp()
    assert type(p.data) is float and out.data == pytest.approx(
        math.tanh(0.3) * 0.3 + math.exp(0.3), rel=1e-6)
    out.backward()
    assert type(p.grad) is float
    q = Value(1.0, label="q")
    q.data = "1.5"
    with pytest.raises(TypeError, match=r"got str '1.5' \(in the Value labelled 'q'\)"):
        q * 2


def test_a_value_subclass_works_on_either_side():
    class Sub(Value):
        __slots__ = ()
    x = Value(2.0)
    for out in (x + Sub(1.0), Sub(1.0) + x, x * Sub(3.0), Sub(3.0) ** x):
        assert isinstance(out, Value) and len(out.parents) == 2


def test_generated_methods_carry_their_real_names():
    assert Value.__truediv__.__name__ == "__truediv__"
    assert Value.__truediv__.__qualname__ == "Value.__truediv__"
    assert Value.__rtruediv__.__name__ == "__rtruediv__"
    assert Value.tanh.__name__ == "tanh" and "tanh" in Value.tanh.__doc__
    assert Value.maximum.__name__ == "maximum" and not hasattr(Value, "__rmaximum__")
    try:
        Value(1.0) / 0
    except ValueError as e:
        frames = [f.name for f in __import__("traceback").extract_tb(e.__traceback__)]
        assert "__truediv__" in frames
