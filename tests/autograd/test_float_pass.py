"""backward's float pass (autograd/float_pass.py: the loop written from the op table, adding
straight into .grad) gives the same bits as the chain rule run by `propagate`, summing each
pass's contributions aside and adding the total: at every node, for every op, from any
starting .grad (0, a number, inf, nan), constants receiving nothing, a second backward
included; and a pass that fails leaves every .grad as it was."""

import math
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, define_op, forget_op, ops
from autograd.backward import PASS_LOCK, propagate
from autograd.elementary import exp, log
from autograd.float_pass import SOURCE, source
from autograd.graph import topological_order

EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-310, 1e308, math.inf, -math.inf, math.nan]
# -0.0 is left out: where only zeros arrive (a zero upstream passes nothing on floats) a -0.0
# stays -0.0, where propagate adds the 0.0 it passes (test below)
START = [0.0, 0.0, 0.0, 1.5, -2.0, math.inf, math.nan]


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def reference(root: Value, seed: float) -> dict:
    """What backward must leave in .grad: propagate's totals added to the starting .grad."""
    order = topological_order(root)
    with PASS_LOCK:
        try:
            propagate(order, seed, create_graph=False)
            return {node: node.grad if node.pending is None else node.grad + node.pending
                    for node in order}
        finally:
            for node in order:
                node.pending = None


steps = st.lists(st.tuples(st.sampled_from(ops.OPS), st.integers(0, 99), st.integers(0, 99),
                           st.booleans()), min_size=1, max_size=14)


@st.composite
def graphs(draw):
    """A random graph over every op, at edge values too, with constants and shared nodes, and
    a random starting .grad at every node."""
    nodes = [Value(draw(st.sampled_from(EDGES))) for _ in range(draw(st.integers(1, 3)))]
    for op, i, j, constant in draw(steps):
        a = nodes[i % len(nodes)]
        b = draw(st.sampled_from(EDGES)) if constant else nodes[j % len(nodes)]
        try:
            made = getattr(a, op.method)(b) if op.arity == 2 else getattr(a, op.method)()
        except ValueError:               # outside the op's domain: nothing recorded
            continue
        nodes.append(made)
    root = nodes[-1]
    for node in topological_order(root):
        node.grad = draw(st.sampled_from(START))
    return root, draw(st.sampled_from([1.0, -0.5, 0.0, -0.0, 2.0, math.inf]))


@settings(max_examples=600, deadline=None)
@given(graphs())
def test_the_float_pass_gives_propagates_bits_at_every_node(case):
    root, seed = case
    for _ in range(2):                              # and a second backward on top
        expected = reference(root, seed)
        root.backward(seed)
        for node, value in expected.items():
            assert bits(node.grad) == bits(value) or (math.isnan(node.grad)
                                                      and math.isnan(value)), node
            assert node.pending is None


def test_constants_receive_nothing_and_keep_their_grad():
    x = Value(3.0)
    y = 2.0 * x + x * 5.0
    constants = [node for node in topological_order(y) if node.operation is ops.CONSTANT]
    constants[0].grad = -0.0
    y.backward()
    assert x.grad == 7.0
    assert [bits(c.grad) for c in constants] == [bits(-0.0), bits(0.0)]


def test_every_op_of_the_table_has_its_branch():
    for k, op in enumerate(ops.OPS):
        assert f"op is OP{k}:  # {op.name}\n" in SOURCE
    assert "R4_0(a, b, out)" in SOURCE                   # ** calls its own rule
    assert "local = (1.0 - (out * out))" in SOURCE        # tanh's rule, inline
    assert "p.grad += g\n" in SOURCE                      # + passes g itself
    compile(source(ops.OPS[:3]), "three ops", "exec")


def test_an_op_declared_after_import_runs_its_rules():
    define_op("softplus", lambda a: log(1.0 + exp(a)),
              [lambda a, out: 1.0 / (1.0 + exp(-a))])
    try:
        x = Value(0.3)
        y = x.softplus() * x
        expected = reference(y, 1.0)
        y.backward()
        assert x.grad == expected[x]
    finally:
        forget_op("softplus")


def test_a_pass_that_fails_leaves_every_grad_as_it_was():
    define_op("fragile", lambda a: a, [lambda a, out: 1.0 / (a - 2.0)])   # raises at 2
    try:
        x = Value(2.0)
        y = x * 3.0 + x.fragile()
        y.grad, x.grad = 5.0, -0.25
        before = {node: node.grad for node in topological_order(y)}
        with pytest.raises(ZeroDivisionError):
            y.backward()
        assert {node: node.grad for node in topological_order(y)} == before
        assert all(node.pending is None for node in topological_order(y))
    finally:
        forget_op("fragile")


def test_a_zero_upstream_passes_nothing_so_a_minus_zero_stays():
    x = Value(0.0)
    x.grad = -0.0
    (x + x).backward(0.0)
    assert bits(x.grad) == bits(-0.0)
