"""Property tests: random expression DAGs (shared subexpressions, every op, inputs kept inside
each op's domain), with backward checked against grad() and, by gradcheck, against central
differences, and second derivatives (gradcheck order=2) against differences of grad()."""

import math

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from autograd import Value, grad, gradcheck

# Each op is applied to operands guarded into its domain with other ops: the guards are part
# of the graph and are differentiated too.
UNARY = {
    "neg": lambda a: -a,
    "abs": lambda a: abs(a),
    "exp": lambda a: a.tanh().exp(),
    "log": lambda a: (a * a + 0.5).log(),
    "sqrt": lambda a: (a * a + 0.5).sqrt(),
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
    "sin": lambda a: a.sin(),
    "cos": lambda a: a.cos(),
}
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / (b * b + 0.5),
    "**": lambda a, b: (a * a + 0.5) ** b.tanh(),
    "const": lambda a, b: 2.5 * a - b / 3.0,
    "maximum": lambda a, b: a.maximum(b),
}
KINKS = {"abs", "relu"}

instruction = st.one_of(
    st.tuples(st.sampled_from(sorted(UNARY)), st.integers(0, 10**6)),
    st.tuples(st.sampled_from(sorted(BINARY)), st.integers(0, 10**6), st.integers(0, 10**6)),
)
programs = st.tuples(
    st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=1, max_size=3),
    st.lists(instruction, min_size=1, max_size=12),
)


def run(program, inputs):
    """Evaluate the program; every result stays available as an operand, so subexpressions are
    shared. Returns the output and the smallest |operand| seen by a kink (relu, abs)."""
    nodes = list(inputs)
    closest_kink = math.inf
    for op, *picks in program:
        operands = [nodes[i % len(nodes)] for i in picks]
        if op in KINKS:
            closest_kink = min(closest_kink, abs(operands[0].data))
        if op == "maximum":
            closest_kink = min(closest_kink, abs(operands[0].data - operands[1].data))
        nodes.append(UNARY[op](*operands) if op in UNARY else BINARY[op](*operands))
    out = nodes[-1]
    for node in nodes[len(inputs):-1]:       # use every result, so fan-out is common
        out = out + 0.1 * node
    return out, closest_kink


def build(point, program):
    inputs = [Value(x) for x in point]
    out, closest_kink = run(program, inputs)
    assume(closest_kink > 1e-3)
    assume(math.isfinite(out.data) and abs(out.data) < 1e6)
    return inputs, out


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(programs)
def test_backward_matches_central_differences_and_grad(case):
    point, program = case
    inputs, out = build(point, program)
    out.backward()
    from_grad = grad(out, inputs)
    for i, x in enumerate(inputs):
        assert x.grad == pytest.approx(from_grad[i], rel=1e-12, abs=1e-12)
    assert gradcheck(lambda *xs: run(program, list(xs))[0], point, rtol=1e-4, atol=1e-5)


@PROPERTY
@given(programs)
@example(([0.0, 0.0], [("exp", 0), ("*", 0, 0), ("*", 0, 0), ("**", 332, 0)]))  # a**b at b == 0
def test_second_derivatives_match_differences_of_grad(case):
    point, program = case
    build(point, program)
    assert gradcheck(lambda *xs: run(program, list(xs))[0], point, eps=1e-5, rtol=1e-3,
                     atol=1e-4, order=2)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_backward_matches_central_differences_many_examples(case):
    test_backward_matches_central_differences_and_grad.hypothesis.inner_test(case)
