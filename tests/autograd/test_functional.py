"""Forward mode and the functional API: jvp is grad times the tangents, forward and reverse
Jacobians agree, the Hessian (forward over reverse) is symmetric and equals reverse over
reverse, hvp is the Hessian times v, and at the edges (0, inf, nan, the domain edges of every
op) both directions give the same number, because both give zero for a zero factor."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from autograd import (Value, grad, gradcheck, hessian, hvp, jacobian, jvp, value_and_grad,
                      vjp)
from autograd.forward import push_tangents
from autograd.functional import TraceError, cost
from autograd.graph import creation_order
from autograd.ops import CONSTANT, OPS

from .test_properties import BINARY, UNARY

INF, NAN = math.inf, math.nan
EDGES = [-2.5, -1.0, -0.0, 0.0, 1e-320, 0.5, 1.0, 2.0, 1e308, 710.0, -710.0, INF, -INF, NAN]


# --- random graphs: every op (guarded into its domain), several outputs, shared nodes ---

leaf = st.one_of(st.floats(-2.0, 2.0, allow_nan=False), st.sampled_from(EDGES))
instruction = st.one_of(
    st.tuples(st.sampled_from(sorted(UNARY)), st.integers(0, 10**6)),
    st.tuples(st.sampled_from(sorted(BINARY)), st.integers(0, 10**6), st.integers(0, 10**6)),
)
cases = st.tuples(st.lists(leaf, min_size=1, max_size=3),
                  st.lists(instruction, min_size=1, max_size=12),
                  st.integers(1, 3))


def outputs_of(program, inputs, count):
    nodes = list(inputs)
    for op, *picks in program:
        operands = [nodes[i % len(nodes)] for i in picks]
        nodes.append(UNARY[op](*operands) if op in UNARY else BINARY[op](*operands))
    return nodes[-count:] if len(nodes) - len(inputs) >= count else nodes[-1:]


def function(program, count):
    return lambda *xs: outputs_of(program, list(xs), count)


def moderate(x: float) -> bool:
    """0, or between 1e-150 and 1e150 in size: a product of two such numbers neither
    overflows nor underflows, whichever way it is grouped."""
    return x == 0.0 or 1e-150 < abs(x) < 1e150


def ordinary(f, point) -> bool:
    """Every node's data, tangent (from each input) and gradient (to each output) moderate:
    where neither direction meets an inf or an underflow, and both must agree to rounding."""
    inputs = [Value(x) for x in point]
    outputs = f(*inputs)
    nodes = creation_order(*outputs)
    if not all(moderate(n.data) for n in nodes):
        return False
    for x in inputs:
        found, _ = push_tangents(outputs, {x: 1.0})
        if not all(moderate(t) for t in found.values()):
            return False
    variables = [n for n in nodes if n.operation is not CONSTANT]
    return all(moderate(g) for out in outputs for g in grad(out, variables))


def close(a, b, scale=1.0):
    """Equal to rounding, relative to the larger of the two and `scale`."""
    return abs(a - b) <= 1e-12 * max(abs(a), abs(b), scale)


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(cases, st.lists(st.sampled_from([0.0, 1.0, -0.5, 2.0, 1e-3]), min_size=3, max_size=3))
@example(([1.8276382038577522e-41, 0.0], [("-", 0, 0), ("cos", 0), ("+", 2, 3)], 1),
         [1.0, 0.0, 0.0])
def test_jvp_is_grad_times_the_tangents(case, v):
    """To rounding relative to the terms and to the seeds (the output's gradient 1, the
    inputs' tangents v): (x - x) + cos(x) at x = 1.8e-41 is -sin(x) = -1.8e-41 forwards,
    (1 - 1) + -1.8e-41, and 0 backwards, where x's gradient sums -1.8e-41 + 1 - 1."""
    point, program, count = case
    f = function(program, count)
    assume(ordinary(f, point))
    v = v[:len(point)]
    outputs, tangents = jvp(f, point, v)
    inputs = [Value(x) for x in point]
    for out, tangent in zip(f(*inputs), tangents):
        terms = [g * t for g, t in zip(grad(out, inputs), v) if t]
        assert close(tangent, sum(terms), max(1.0, sum(map(abs, terms)))), (tangent, terms)


@PROPERTY
@given(cases)
@example(([0.0, 1.0], [("*", 0, 1), ("sqrt", 2)], 2))
def test_forward_and_reverse_jacobians_agree(case):
    point, program, count = case
    f = function(program, count)
    assume(ordinary(f, point))
    forward, reverse = jacobian(f, point, mode="fwd"), jacobian(f, point, mode="rev")
    assert np.shape(forward) == np.shape(reverse) == (len(f(*map(Value, point))), len(point))
    for row_f, row_r in zip(forward, reverse):
        assert all(close(a, b) for a, b in zip(row_f, row_r)), (forward, reverse)


@PROPERTY
@given(cases, st.lists(st.floats(-2.0, 2.0), min_size=3, max_size=3))
def test_the_hessian_is_symmetric_equals_reverse_over_reverse_and_hvp_is_its_product(case, v):
    point, program, _ = case
    f = function(program, 1)
    g = lambda *xs: f(*xs)[0]
    assume(ordinary(f, point))
    H = np.array(hessian(g, point))
    assume(np.all(np.isfinite(H)))
    scale = max(1.0, float(np.abs(H).max()))
    assert np.allclose(H, H.T, rtol=1e-9, atol=1e-9 * scale)
    inputs = [Value(x) for x in point]
    first = grad(g(*inputs), inputs, create_graph=True)
    twice = np.array([grad(d, inputs) for d in first])           # reverse over reverse
    assert np.allclose(H, twice, rtol=1e-9, atol=1e-9 * scale)
    v = v[:len(point)]
    assert np.allclose(hvp(g, point, v), H @ np.array(v), rtol=1e-9,
                       atol=1e-9 * scale * max(1.0, float(np.abs(v).max())))


# --- the edges: one op, every pair of edge points; then the compositions the conventions decide

def apply(op):
    method = op.method
    return (lambda x: getattr(x, method)()) if op.arity == 1 else \
        (lambda x, y: getattr(x, method)(y))


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_at_every_edge_point_of_every_op_both_directions_give_the_same_number(op):
    f = apply(op)
    points = [[x] for x in EDGES] if op.arity == 1 else [[x, y] for x in EDGES for y in EDGES]
    for point in points:
        try:
            forward = jacobian(f, point, mode="fwd")
        except ValueError as e:                      # a domain error: the same either way
            with pytest.raises(ValueError) as again:
                jacobian(f, point, mode="rev")
            assert str(again.value) == str(e)
            continue
        reverse = jacobian(f, point, mode="rev")
        assert np.array_equal(forward, reverse, equal_nan=True), (point, forward, reverse)
        for v in ([0.0] * len(point), [1.0] * len(point)):
            tangent = jvp(f, point, v)[1]
            expected = sum(g * t for g, t in zip(reverse, v) if t)
            assert tangent == expected or (math.isnan(tangent) and math.isnan(expected)), \
                (point, v, tangent, expected)


@pytest.mark.parametrize("build, point, expected", [
    (lambda x: 0.0 * x.sqrt(), [0.0], 0.0),            # a zero local derivative after an inf
    (lambda x: (0.0 * x).sqrt(), [3.0], 0.0),          # a zero tangent into an inf
    (lambda x: x.relu().sqrt(), [-1.0], 0.0),          # a closed mask
    (lambda w, x: (w * x).tanh(), [0.5, INF], [0.0, 0.0]),   # tanh' = 0 at inf
    (lambda x, y: x * y, [0.0, NAN], [NAN, 0.0]),      # d/dy = x = 0: nothing passes
    (lambda x: x.sqrt() * 2.0, [0.0], INF),            # an inf, multiplied: inf
    (lambda x: x.log() * 3.0, [1e-320], INF),          # 1/x overflows: the product is inf
], ids=["zero-local", "zero-tangent", "mask", "tanh-at-inf", "zero-factor-nan", "inf", "log"])
def test_the_conventions_at_the_edges_hold_in_both_directions(build, point, expected):
    expected = expected if isinstance(expected, list) else [expected]
    for mode in ("fwd", "rev"):
        got = jacobian(build, point, mode=mode)
        assert np.array_equal(got, expected, equal_nan=True), (mode, got)
    inputs = [Value(x) for x in point]
    out = build(*inputs)
    out.backward()
    assert np.array_equal([x.grad for x in inputs], expected, equal_nan=True)


# Every kind of base and exponent: infinite, huge, negative (whole and not), subnormal, signed
# zeros, ordinary, nan.
POW_GRID = [-INF, -1e308, -3.0, -2.5, -2.0, -1.0, -0.5, -1e-320, -0.0, 0.0, 1e-320, 0.5, 1.0,
            2.0, 2.5, 3.0, 1e308, INF, NAN]


def same_to_rounding(a, b):
    """Equal, nan together, or within rounding (relative 1e-12; below 1e-300, where subnormal
    numbers carry a few bits, absolutely)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= max(1e-12 * max(abs(a), abs(b)), 1e-300)


def test_the_mixed_partials_of_a_power_agree_on_the_whole_edge_grid():
    checked = 0
    for a in POW_GRID:
        for b in POW_GRID:
            try:
                H = hessian(lambda x, y: x ** y, [a, b])
            except ValueError:                         # 0 ** -1, (-2) ** 0.5: undefined
                continue
            assert same_to_rounding(H[0][1], H[1][0]), (a, b, H)
            if 1e-300 < a < 1e300 and math.isfinite(b):      # where the formula is a number
                exact = a ** (b - 1) * (1 + b * math.log(a)) if abs(b) < 300 else None
                if exact is not None and math.isfinite(exact):
                    assert same_to_rounding(H[0][1], exact), (a, b, H[0][1], exact)
            checked += 1
    assert checked > 250


# --- what the API gives back, and what it refuses ---

def f3(x, y):
    return [x * y, x + y, (x * y).sin()]


def test_shapes_follow_jax():
    assert jacobian(f3, [1.0, 2.0]) == jacobian(f3, [1.0, 2.0], mode="fwd")
    assert np.shape(jacobian(f3, [1.0, 2.0])) == (3, 2)
    one = lambda x, y: x * y
    assert jacobian(one, [3.0, 2.0]) == [2.0, 3.0] == jacobian(one, [3.0, 2.0], mode="fwd")
    assert value_and_grad(one)(3.0, 2.0) == (6.0, [2.0, 3.0])
    assert jvp(one, [3.0, 2.0], [1.0, 0.0]) == (6.0, 2.0)
    assert jvp(f3, (1.0, 2.0), (0.0, 1.0))[1] == [1.0, 1.0, math.cos(2.0)]
    outputs, pullback = vjp(f3, 1.0, 2.0)
    assert outputs == [2.0, 3.0, math.sin(2.0)]
    assert pullback([1.0, 0.0, 0.0]) == [2.0, 1.0] and pullback([0, 1, 0]) == [1.0, 1.0]
    value, pull = vjp(one, 3.0, 2.0)
    assert value == 6.0 and pull(2.0) == [4.0, 6.0]
    assert jacobian(f3, np.array([1.0, 2.0])) == jacobian(f3, [np.float32(1.0), Value(2.0)])


def test_higher_orders_compose():
    f = lambda x, y: (x * y).sin() + x ** 3
    gradient = lambda *xs: grad(f(*xs), xs, create_graph=True)
    H = hessian(f, [1.0, 2.0])
    for mode in ("fwd", "rev"):
        assert np.allclose(jacobian(gradient, [1.0, 2.0], mode=mode), H, rtol=1e-14)
    assert H[0][0] == pytest.approx(-4 * math.sin(2.0) + 6.0, rel=1e-14)
    assert H[0][1] == pytest.approx(math.cos(2.0) - 2 * math.sin(2.0), rel=1e-14)


def test_a_forward_sweep_gives_a_column_and_a_reverse_sweep_a_row():
    fan_out = lambda x: [x * k for k in range(1, 101)]           # 1 input, 100 outputs
    fan_in = lambda *xs: sum(xs[1:], xs[0])                      # 100 inputs, 1 output
    assert cost(fan_out, [1.0], "fwd").sweeps == 1 and cost(fan_out, [1.0], "rev").sweeps == 100
    assert cost(fan_in, [1.0] * 100, "rev").sweeps == 1
    assert cost(fan_in, [1.0] * 100, "fwd").sweeps == 100
    assert cost(fan_out, [1.0], "fwd").multiply_adds == 100 == \
        cost(fan_out, [1.0], "rev").multiply_adds


@pytest.mark.parametrize("call, error, message", [
    (lambda: jvp(lambda x: x, [1.0], [1.0, 2.0]), ValueError, "1 primals but 2 tangents"),
    (lambda: jvp(lambda x: [x, 2.0], [1.0], [1.0]), TypeError, "output 1 is a float, not a"),
    (lambda: jvp(lambda x: 2.0, [1.0], [1.0]), TypeError, "a Value or a list of Values, got"),
    (lambda: jacobian(f3, [1.0, 2.0], mode="forward"), ValueError, "mode must be 'rev' or"),
    (lambda: jacobian(f3, ["1", 2.0]), TypeError, r"primals\[0\] must be a real number"),
    (lambda: jacobian(f3, 1.0), TypeError, "primals must be a list, a tuple or a 1-D array"),
    (lambda: jacobian(f3, {1.0, 2.0}), TypeError, "primals must be a list, .* got a set"),
    (lambda: jacobian(f3, {1.0: 0, 2.0: 0}), TypeError, "primals must be .* got a dict"),
    (lambda: jacobian(lambda x: x, np.array(3.0)), TypeError, "primals .* got a 0-d NumPy"),
    (lambda: hessian(lambda x: x, np.ones((1, 1))), TypeError, "primals .* got a 2-d NumPy"),
    (lambda: jvp(f3, [1.0, 2.0], {0.0, 1.0}), TypeError, "tangents must be a list, a tuple"),
    (lambda: jacobian(lambda x: {"a": x}, [1.0]), TypeError, "a Value or a list of Values"),
    (lambda: value_and_grad(f3)(1.0, 2.0), ValueError, "must return one Value"),
    (lambda: hessian(f3, [1.0, 2.0]), ValueError, "must return one Value"),
    (lambda: hvp(lambda x: x * x, [1.0], [1.0, 1.0]), ValueError, "v has 2 numbers"),
    (lambda: vjp(f3, 1.0, 2.0)[1]([1.0]), ValueError, "3 outputs but 1 cotangents"),
    (lambda: jacobian(lambda x: x.log(), [-1.0]), ValueError, "log needs a positive"),
    (lambda: jacobian(3, [1.0]), TypeError, "f must be a function"),
])
def test_bad_input_is_refused_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("call", [
    lambda: jacobian(lambda x: x * x.data, [3.0]),
    lambda: jacobian(lambda x: x * x.data, [3.0], mode="fwd"),
    lambda: jvp(lambda x, y: x * y.data, [3.0, 2.0], [1.0, 1.0]),
    lambda: hessian(lambda x: x * x * x.data, [3.0]),
    lambda: hvp(lambda x: x * x * x.data, [3.0], [1.0]),
    lambda: value_and_grad(lambda x: x * x.data)(3.0),
    lambda: vjp(lambda x: x * x.data, 3.0),
    lambda: jacobian(lambda x: x if x.data > 0 else -x, [0.0]),     # a branch at its kink
])
def test_a_function_that_reads_data_is_refused_as_compile_refuses_it(call):
    with pytest.raises(TraceError, match=r"reads a Value's \.data as a number"):
        call()


def test_a_function_that_takes_derivatives_itself_or_is_undefined_nearby_is_not_refused():
    inner = lambda x: grad(x ** 4, [x], create_graph=True)[0]
    assert jacobian(inner, [2.0]) == [48.0]
    assert jacobian(lambda x: x.sqrt(), [0.0]) == [math.inf]
    assert jacobian(lambda x: (-x).sqrt(), [0.0]) == [math.inf]      # undefined above 0
    assert jacobian(lambda x: x.relu(), [0.0]) == [0.0]


def test_gradcheck_checks_forward_mode_too():
    f = lambda x, y: (x * y).sin() + x ** 3
    assert gradcheck(f, [1.0, 2.0], modes=["fwd", "rev"], order=2)
    with pytest.raises(AssertionError, match=r"forward mode 0\.0, central difference 0\.5"):
        gradcheck(lambda x: x.relu(), [0.0], modes=["fwd"])
    with pytest.raises(ValueError, match="modes must name"):
        gradcheck(f, [1.0, 2.0], modes=["sideways"])
