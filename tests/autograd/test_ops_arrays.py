"""One declaration, three kinds of numbers: every forward and every derivative rule of the op
table gives the same results on floats, on NumPy arrays (what the batch compiler relies on) and
on Values (what grad(create_graph=True) relies on), inf and nan included."""

import itertools
import math

import numpy as np
import pytest

from autograd import Value, ops
from autograd.elementary import data_of
from autograd.modes import rules_on_values

POINTS = [-1e3, -3.0, -1.0, -0.5, 0.0, 1e-4, 0.5, 1.0, 2.0, 3.5, 1e3]


def cases(op):
    """All point tuples at which `op` is defined (its domain check passes)."""
    tuples = itertools.product(POINTS, repeat=op.arity)
    return [t for t in tuples if op.undefined is None or not op.undefined(*t)]


def same(array, floats):
    expected = np.array(floats, dtype=float)
    np.testing.assert_allclose(np.broadcast_to(array, expected.shape), expected,
                               rtol=1e-12, atol=0, equal_nan=True)


@pytest.mark.parametrize("op", ops.OPS, ids=lambda op: op.name)
def test_forward_and_rules_agree_on_arrays_and_floats(op):
    points = cases(op)
    assert points, op.name
    columns = [np.array(c, dtype=float) for c in zip(*points)]
    with np.errstate(all="ignore"):
        out = op.forward(*columns)
    same(out, [op.forward(*p) for p in points])
    for rule in op.derivatives:
        with np.errstate(all="ignore"):
            local = rule(*columns, out)
        same(local, [rule(*p, op.forward(*p)) for p in points])


def test_rules_at_the_special_points():
    a, b = np.array([0.0, 0.0, -2.0, 2.0]), np.array([0.0, 2.0, 3.0, 0.0])
    with np.errstate(all="ignore"):             # as the compiler runs them
        out = ops.POW.forward(a, b)
        d_base, d_exponent = [rule(a, b, out) for rule in ops.POW.derivatives]
    np.testing.assert_array_equal(d_base, [0.0, 0.0, 12.0, 0.0])
    np.testing.assert_array_equal(d_exponent[:2], [0.0, 0.0])
    assert np.isnan(d_exponent[2]) and d_exponent[3] == pytest.approx(np.log(2.0))
    x = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(ops.RELU.derivatives[0](x, ops.RELU.forward(x)), [0, 0, 1])
    np.testing.assert_array_equal(ops.ABS.derivatives[0](x, abs(x)), [-1, 0, 1])


def test_sigmoid_and_exp_on_arrays_saturate_without_nan():
    x = np.array([-1e4, -50.0, 0.0, 50.0, 1e4])
    with np.errstate(over="ignore"):        # as the compiler runs them
        s = ops.SIGMOID.forward(x)
        e = ops.EXP.forward(x)
    np.testing.assert_array_equal(s[[0, 2, 4]], [0.0, 0.5, 1.0])
    assert e[-1] == np.inf and e[0] == 0.0


EDGES = [-math.inf, -1e308, -710.0, -2.0, -1.0, -0.5, -0.0, 0.0, 5e-324, 1e-320, 0.5, 1.0, 2.0, 2.5,
         710.0, 1e308, math.inf, math.nan]


@pytest.mark.parametrize("op", ops.OPS, ids=lambda op: op.name)
def test_rules_on_values_equal_rules_on_floats_everywhere(op):
    """At every point, inside the domain or not: the rules' own arithmetic is IEEE on Values as
    on floats (the domain check guards the user's ops, not the rules)."""
    for point in itertools.product(EDGES, repeat=op.arity):
        with np.errstate(all="ignore"):
            out = op.forward(*point)
        floats = [rule(*point, out) for rule in op.derivatives]
        with rules_on_values():
            values = [data_of(rule(*(Value(x) for x in point), Value(out)))
                      for rule in op.derivatives]
        for f, v in zip(floats, values):
            assert f == v or (math.isnan(f) and math.isnan(v)), (op.name, point, f, v)


@pytest.mark.parametrize("op", [op for op in ops.OPS if op.undefined], ids=lambda op: op.name)
def test_the_domain_is_the_same_on_arrays_and_floats(op):
    points = list(itertools.product(EDGES, repeat=op.arity))
    columns = [np.array(c, dtype=float) for c in zip(*points)]
    with np.errstate(all="ignore"):
        mask = op.undefined(*columns)
    assert mask.tolist() == [bool(op.undefined(*p)) for p in points]
    assert any(mask) and not all(mask)


ARRAY_EDGES = np.array([-np.inf, -1e308, -710.0, -3.0, -1.0, -0.0, 0.0, 5e-324, 1e-4, 0.5, 1.0,
                        2.0, 710.0, 1e308, np.inf, np.nan])


def _operand_sets(op):
    """(operands, their names) at every pair of edges, with a constant operand too."""
    grids = np.meshgrid(*[ARRAY_EDGES] * op.arity)
    sets = [grids] + ([[grids[0], 2.0], [0.5, grids[1]], [grids[0], -1.0]]
                      if op.arity == 2 else [])
    return [(operands, ["a", "b"][:op.arity]) for operands in sets]


def _bits(x, shape):
    return np.broadcast_to(np.asarray(x, dtype=float), shape).view(np.int64)


@pytest.mark.parametrize("op", ops.OPS, ids=lambda op: op.name)
def test_the_compilers_statements_compute_the_declaration_to_the_bit(op):
    """The batch compiler writes each op's forward into its rows and each rule inline
    (compiler/numpy_code.py): the same bits as calling the declaration on arrays, at every
    edge, with a constant operand too, and so do a rule's statements computing it in place
    (`into`); a rule that decides per number is called instead."""
    from autograd import elementary
    from autograd.compiler.numpy_code import forward_statement, into, rule_expression
    for operands, names in _operand_sets(op):
        shape = np.broadcast_shapes(*(np.shape(x) for x in operands))
        space = dict(zip(names, operands), np=np, E=elementary, out=np.full(shape, 7.0))
        statement = forward_statement(op, "out", names)
        assert statement is not None, op.name
        with np.errstate(all="ignore"):
            expected = op.forward(*operands)
            exec(statement, space)
            np.testing.assert_array_equal(space["out"].view(np.int64), _bits(expected, shape))
            for rule in op.derivatives:
                written = rule_expression(rule, [x if isinstance(x, float) else n
                                                 for x, n in zip(operands, names)] + ["out"])
                if written is None:
                    assert op.name in DECIDING, op.name
                    continue
                wanted = _bits(rule(*operands, expected), shape)
                np.testing.assert_array_equal(_bits(eval(written, space), shape), wanted)
                space["there"], lines = np.full(shape, 7.0), into(written, "there")
                for line in lines or []:
                    exec(line, space)
                if lines:
                    np.testing.assert_array_equal(_bits(space["there"], shape), wanted)


# The ops with a rule that decides per number (masked), which the compiler calls
DECIDING = {"**", "maximum", "abs", "relu"}


def test_sigmoid_on_an_array_of_integers_or_no_dimensions():
    from autograd.elementary import sigmoid
    np.testing.assert_array_equal(sigmoid(np.array([0, 1])), [0.5, 1.0 / (1.0 + math.exp(-1.0))])
    assert float(sigmoid(np.array(0.0))) == 0.5


def test_a_rule_is_computed_into_its_gradient_rows_one_call_at_a_time():
    """`into` writes each NumPy call of a rule's expression into the rows it ends in, the
    operand computed there first read back from them; what gains nothing is left alone."""
    from autograd.compiler.numpy_code import into
    assert into("(V1 * (1.0 - V1))", "d") == ["np.subtract(1.0, V1, out=d)",
                                              "np.multiply(V1, d, out=d)"]
    assert into("(1.0 - (V1 * V1))", "d") == ["np.multiply(V1, V1, out=d)",
                                              "np.subtract(1.0, d, out=d)"]
    assert into("(-E.sin(a))", "d") == ["E.sin(a, out=d)", "np.negative(d, out=d)"]
    assert into("E.div((-V2), b)", "d") == ["E.div(-V2, b, out=d)"]
    for nothing in ("V1", "(-1.0)", "(2.0 * 0.5)", "R5(V1, V2)", "V1 if V2 else 0.0"):
        assert into(nothing, "d") is None, nothing
