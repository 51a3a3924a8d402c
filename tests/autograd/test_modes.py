"""no_grad() and detect_anomaly()."""

import asyncio
import math

import pytest

from autograd import Value, detect_anomaly, grad, no_grad


def test_no_grad_records_nothing():
    x = Value(2.0)
    with no_grad():
        y = x * 3 + x.tanh()
    assert y.op == "" and y.parents == ()
    assert (x * 3).parents[0] is x


def test_no_grad_nests_and_restores():
    x = Value(1.0)
    with no_grad():
        with no_grad():
            a = x + 1
        b = x + 1
    c = x + 1
    assert a.parents == () and b.parents == () and c.parents[0] is x


def test_no_grad_is_exception_safe():
    x = Value(1.0)
    with pytest.raises(RuntimeError):
        with no_grad():
            raise RuntimeError("boom")
    assert (x + 1).parents[0] is x


def test_no_grad_as_decorator():
    @no_grad()
    def update(p):
        return p * 2

    assert update(Value(1.0)).parents == ()


def test_no_grad_is_per_task():
    async def inside():
        with no_grad():
            await asyncio.sleep(0.01)
            return (Value(1.0) + 1).parents

    async def outside():
        await asyncio.sleep(0.005)
        return (Value(1.0) + 1).parents

    async def both():
        return await asyncio.gather(inside(), outside())

    recorded_inside, recorded_outside = asyncio.run(both())
    assert recorded_inside == () and len(recorded_outside) == 2


def test_anomaly_in_forward_names_op_operands_and_labels():
    x = Value(1e308, label="big")
    with detect_anomaly():
        with pytest.raises(FloatingPointError) as info:
            x * 10
    message = str(info.value)
    assert "'*'" in message and "big=1e+308" in message and "inf" in message


def test_anomaly_in_backward():
    x = Value(0.0, label="x")
    y = x.sqrt()
    with detect_anomaly():
        with pytest.raises(FloatingPointError) as info:
            y.backward()
    assert "sqrt" in str(info.value) and "x=0.0" in str(info.value)
    assert x.grad == 0.0          # nothing was accumulated
    y.backward()                  # and no half-finished state is left behind
    assert x.grad == math.inf


def test_anomaly_in_grad():
    x = Value(-2.0, label="x")
    b = Value(2.0, label="b")
    with detect_anomaly():
        with pytest.raises(FloatingPointError, match=r"'\*\*'"):
            grad(x ** b, [x, b])           # d/db of a negative base is nan


def test_anomaly_allows_finite_work_and_combines_with_no_grad():
    x = Value(2.0)
    with detect_anomaly():
        y = (x * 3).tanh()
        y.backward()
        with no_grad():
            z = x * 2
            with pytest.raises(FloatingPointError):
                Value(1e308) * 10
    assert x.grad > 0 and z.parents == ()
    assert math.isinf((Value(1e308) * 10).data)   # outside the block: no check
