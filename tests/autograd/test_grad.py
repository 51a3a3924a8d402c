"""grad(): floats, any node as input, and higher derivatives with create_graph=True."""

import math

import pytest

from autograd import Value, grad


def derivatives(fn, x0, order):
    """[f'(x0), f''(x0), ...] up to `order` by repeated grad(create_graph=True)."""
    x = Value(x0)
    out, found = fn(x), []
    for _ in range(order):
        (out,) = grad(out, [x], create_graph=True)
        found.append(out.data)
    return found


sig = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731

CLOSED_FORMS = {
    # name: (function of a Value, x0, [f', f'', f'''] in closed form)
    "x**3": (lambda x: x ** 3, 1.7, lambda x: [3 * x**2, 6 * x, 6.0]),
    "tanh": (lambda x: x.tanh(), 0.6, lambda x: [
        1 - math.tanh(x)**2,
        -2 * math.tanh(x) * (1 - math.tanh(x)**2),
        (1 - math.tanh(x)**2) * (6 * math.tanh(x)**2 - 2)]),
    "sigmoid": (lambda x: x.sigmoid(), -0.4, lambda x: [
        sig(x) * (1 - sig(x)),
        sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)),
        sig(x) * (1 - sig(x)) * (1 - 6 * sig(x) + 6 * sig(x)**2)]),
    "exp": (lambda x: x.exp(), 0.9, lambda x: [math.exp(x)] * 3),
    "log": (lambda x: x.log(), 2.5, lambda x: [1 / x, -1 / x**2, 2 / x**3]),
    "sin": (lambda x: x.sin(), 1.1, lambda x: [math.cos(x), -math.sin(x), -math.cos(x)]),
    "x*exp(x)": (lambda x: x * x.exp(), 0.3, lambda x: [
        (x + 1) * math.exp(x), (x + 2) * math.exp(x), (x + 3) * math.exp(x)]),
    "cos": (lambda x: x.cos(), 0.4, lambda x: [-math.sin(x), -math.cos(x), math.sin(x)]),
    "sqrt": (lambda x: x.sqrt(), 1.8, lambda x: [
        0.5 * x**-0.5, -0.25 * x**-1.5, 0.375 * x**-2.5]),
    "1/x": (lambda x: 1 / x, 1.3, lambda x: [-1 / x**2, 2 / x**3, -6 / x**4]),
}


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_first_second_third_derivatives(name):
    fn, x0, closed = CLOSED_FORMS[name]
    assert derivatives(fn, x0, 3) == pytest.approx(closed(x0), rel=1e-10)


def test_a_to_the_b_both_values():
    a0, b0 = 1.7, 2.3
    a, b = Value(a0), Value(b0)
    out = a ** b
    da, db = grad(out, [a, b], create_graph=True)
    assert da.data == pytest.approx(b0 * a0 ** (b0 - 1))
    assert db.data == pytest.approx(a0 ** b0 * math.log(a0))
    daa, dab = grad(da, [a, b], create_graph=True)
    dba, dbb = grad(db, [a, b], create_graph=True)
    assert daa.data == pytest.approx(b0 * (b0 - 1) * a0 ** (b0 - 2))
    assert dab.data == pytest.approx(a0 ** (b0 - 1) * (1 + b0 * math.log(a0)))
    assert dba.data == pytest.approx(dab.data)
    assert dbb.data == pytest.approx(a0 ** b0 * math.log(a0) ** 2)
    (dbbb,) = grad(dbb, [b])
    assert dbbb == pytest.approx(a0 ** b0 * math.log(a0) ** 3)


def test_returns_floats_and_touches_no_grad():
    x, y = Value(2.0), Value(3.0)
    z = x * y
    result = grad(z, [x, y])
    assert result == [3.0, 2.0] and all(type(g) is float for g in result)
    assert x.grad == y.grad == z.grad == 0.0


def test_inputs_may_be_any_node_including_the_output():
    x = Value(2.0)
    h = x * x
    z = h.exp()
    dz_dz, dz_dh, dz_dx = grad(z, [z, h, x])
    assert dz_dz == 1.0
    assert dz_dh == pytest.approx(math.exp(4.0))
    assert dz_dx == pytest.approx(4 * math.exp(4.0))


def test_unused_input_gets_zero():
    x, unused = Value(1.0), Value(5.0)
    assert grad(x * 2, [x, unused]) == [2.0, 0.0]
    g = grad(x * 2, [unused], create_graph=True)[0]
    assert isinstance(g, Value) and g.data == 0.0


def test_create_graph_returns_values():
    x = Value(2.0)
    (g,) = grad(x * x * x, [x], create_graph=True)
    assert isinstance(g, Value) and g.data == 12.0
    g.backward()
    assert x.grad == 12.0              # d/dx (3x^2) = 6x


def test_grad_leaves_no_state_behind():
    x = Value(2.0)
    z = x * x
    assert grad(z, [x]) == [4.0]
    assert grad(z, [x]) == [4.0]
    z.backward()
    assert x.grad == 4.0


def test_bad_arguments():
    x = Value(1.0)
    with pytest.raises(TypeError, match="output"):
        grad(1.0, [x])
    with pytest.raises(TypeError, match=r"inputs\[1\]"):
        grad(x * 2, [x, 2.0])
    with pytest.raises(TypeError, match="list"):
        grad(x * 2, x)
    y = x * 2
    with pytest.raises(ValueError, match="constant"):
        grad(y, [y.parents[1]])


def test_mixed_second_derivative_of_a_to_the_b_at_b_zero():
    # d/da a**b = b a**(b-1); its derivative in b at b = 0 is 1/a (found by hypothesis).
    a, b = Value(2.0), Value(0.0)
    (da,) = grad(a ** b, [a], create_graph=True)
    assert da.data == 0.0
    assert grad(da, [b]) == [pytest.approx(0.5)]
    zero = Value(0.0)
    assert grad(zero ** Value(0.0), [zero]) == [0.0]


def test_create_graph_records_even_inside_no_grad():
    from autograd import no_grad
    x = Value(3.0)
    with no_grad():
        y = x ** 3                                  # not recorded: a leaf
    assert y.op == ""
    y = x ** 3
    with no_grad():
        (dy,) = grad(y, [x], create_graph=True)
        (d2y,) = grad(dy, [x])
    assert dy.data == 27.0 and d2y == 18.0          # PyTorch: 18


@pytest.mark.parametrize("build, first, second", [
    (lambda x: x.sqrt(), math.inf, -math.inf),
    (lambda x: x ** 0.5, math.inf, -math.inf),
    (lambda x: x ** 2.5, 0.0, 0.0),
])
def test_create_graph_follows_ieee_like_the_float_pass(build, first, second):
    x = Value(0.0)
    assert grad(build(x), [x]) == [first]
    (d,) = grad(build(x), [x], create_graph=True)
    assert d.data == first
    (dd,) = grad(d, [x])
    assert dd == second or (math.isnan(dd) and math.isnan(second))


def test_third_derivative_of_x_to_the_2_5_at_0_is_inf():
    x = Value(0.0)
    (d1,) = grad(x ** 2.5, [x], create_graph=True)
    (d2,) = grad(d1, [x], create_graph=True)
    (d3,) = grad(d2, [x])
    assert d3 == math.inf                     # 2.5 * 1.5 * 0.5 * x ** -0.5


def test_domain_errors_still_guard_the_users_own_ops():
    with pytest.raises(ValueError, match="sqrt"):
        Value(-1.0).sqrt()
    with pytest.raises(ValueError, match="division by zero"):
        Value(1.0) / 0
