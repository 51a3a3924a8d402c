"""The chain rule's conventions at the edges, the same in every pass: a zero factor gives zero
(masks, zero upstream, any zero local derivative), mixed partials agree, what is undefined
stays undefined, and the batch compiler agrees with the scalar engine at infinite inputs."""

import math

import numpy as np
import pytest

import autograd
from autograd import Value, grad

INF = math.inf


def same(a: float, b: float) -> bool:
    """Equal to rounding (the engines sum a batch in different orders), or both nan."""
    return a == pytest.approx(b, rel=1e-12, abs=1e-15) or (math.isnan(a) and math.isnan(b))


# --- masks: relu below 0 and maximum's losing side pass 0 whatever arrives ---

@pytest.mark.parametrize("build, expected", [
    (lambda x: x.relu().sqrt(), 0.0),               # sqrt'(0) = inf arrives at relu(-1)
    (lambda x: x.maximum(0.0).sqrt(), 0.0),         # x loses to 0
    (lambda x: Value(0.0).maximum(x).sqrt(), 0.0),  # the same, x second
    (lambda x: x.relu().sqrt() + x.maximum(-5.0), 1.0),
], ids=["relu", "maximum-first", "maximum-second", "two-paths"])
def test_a_mask_passes_zero_whatever_arrives(build, expected):
    x = Value(-1.0)
    out = build(x)
    assert grad(out, [x]) == [expected]
    out.backward()
    assert x.grad == expected
    (first,) = grad(out, [x], create_graph=True)
    assert first.data == expected
    assert grad(first, [x]) == [0.0]


def test_a_mask_passes_nan_that_arrives_where_it_is_open():
    x = Value(2.0)
    out = (x.relu() - 2.0).sqrt() * 0.0 + x.relu() * math.nan
    assert math.isnan(grad(out, [x])[0])


def test_the_chain_rule_table_shows_the_mask_passing_zero():
    x = Value(-1.0, label="x")
    text = autograd.explain(x.relu().sqrt())
    row = next(line for line in text.splitlines() if line.strip().startswith("2 "))
    assert row.split()[-3:] == ["0", "inf", "0"]


# --- x ** y at a negative base: d/dy is undefined, and so is every derivative of it ---

def test_mixed_partials_of_a_power_at_a_negative_base_agree_and_are_undefined():
    x, y = Value(-2.0), Value(3.0)
    f = x ** y
    dfdx, dfdy = grad(f, [x, y], create_graph=True)
    assert dfdx.data == 12.0 and math.isnan(dfdy.data)
    d2f_dydx = grad(dfdx, [y])[0]
    d2f_dxdy = grad(dfdy, [x])[0]
    d2f_dy2 = grad(dfdy, [y])[0]
    assert math.isnan(d2f_dydx) and math.isnan(d2f_dxdy) and math.isnan(d2f_dy2)
    assert grad(dfdx, [x])[0] == -12.0            # d2/dx2 (x**3) = 6x, defined


def test_mixed_partials_agree_where_the_power_is_defined():
    x, y = Value(1.7), Value(2.3)
    dfdx, dfdy = grad(x ** y, [x, y], create_graph=True)
    assert grad(dfdx, [y])[0] == pytest.approx(grad(dfdy, [x])[0], rel=1e-14)


# --- the compiled program follows the scalar engine's conventions ---

def scalar_and_compiled(fn, n_inputs, params, X):
    program = autograd.compile(lambda x, t: fn(x), n_inputs, params)
    compiled = program(np.array(X, dtype=float)).grads
    scalar = np.zeros(len(params))
    for row in X:
        scalar += grad(fn([Value(v) for v in row]), params)
    return scalar, compiled


@pytest.mark.parametrize("x", [INF, -INF, 1e308, -1e308])
def test_compiled_and_scalar_agree_at_infinite_inputs(x):
    from nn import MLP, mse_loss
    for activation in ("tanh", "sigmoid", "relu"):
        model = MLP(2, [3, 1], activation=activation, seed=0)

        def fn(xs, model=model):
            return mse_loss([model(xs)], [0.0])
        scalar, compiled = scalar_and_compiled(fn, 2, model.parameters(),
                                               [[x, 1.0], [0.5, 0.5]])
        assert all(same(a, b) for a, b in zip(scalar, compiled)), (activation, scalar, compiled)


def test_compiled_mask_passes_zero():
    w = Value(1.0)
    scalar, compiled = scalar_and_compiled(lambda xs: (xs[0] * w).relu().sqrt(), 1, [w],
                                           [[-1.0], [4.0]])
    assert list(scalar) == list(compiled) == [1.0]      # 0 from x = -1, 1 from x = 4


def test_compiled_zero_upstream_passes_zero():
    w = Value(1.0)
    # d/dw of tanh(w * x) at x = inf: tanh' is 0 there, and 0 passes 0 (not 0 * inf)
    scalar, compiled = scalar_and_compiled(lambda xs: (xs[0] * w + 30.0).tanh(), 1, [w],
                                           [[INF]])
    assert list(scalar) == list(compiled) == [0.0]


def test_legitimate_nan_gradients_stay_nan_in_both():
    w = Value(2.0)
    scalar, compiled = scalar_and_compiled(lambda xs: xs[0] * w, 1, [w], [[math.nan]])
    assert math.isnan(scalar[0]) and math.isnan(compiled[0])


# --- a local derivative that overflows at a subnormal operand: kept, documented, the same in
# both engines ---

def test_an_overflowing_local_derivative_gives_inf_in_both_engines_as_documented():
    """d/dw of 1e-310 * log(w * x) at w * x = 1e-320 is exactly 1e10 (finite), but the local
    derivative 1/(w x) overflows first. Both engines keep the IEEE product, inf, and the
    documentation's page on the edges says so."""
    w = Value(1.0)
    scalar, compiled = scalar_and_compiled(lambda xs: 1e-310 * (xs[0] * w).log(), 1, [w],
                                           [[1e-320]])
    assert scalar[0] == compiled[0] == INF
    with open(__file__.rsplit("/tests/", 1)[0] + "/docs/reference/edges.md",
              encoding="utf-8") as f:
        page = f.read()
    assert "subnormal" in page and "overflows" in page


# --- a zero local derivative passes nothing, as zero upstream does: a zero factor gives zero ---

def test_a_zero_local_derivative_passes_zero_in_every_engine():
    """d/dw of sqrt(0 * w * x) at x = 1: sqrt' is inf at 0, and the 0 it is multiplied by is
    a local derivative: 0, not 0 * inf = nan. Forward mode meets the same two factors from
    the other end and gives 0 too."""
    from autograd import jacobian
    w = Value(1.0)
    scalar, compiled = scalar_and_compiled(lambda xs: (0.0 * (w * xs[0])).sqrt(), 1, [w],
                                           [[1.0]])
    assert list(scalar) == list(compiled) == [0.0]
    for mode in ("rev", "fwd"):
        assert jacobian(lambda w: (0.0 * w).sqrt(), [1.0], mode=mode) == [0.0]
