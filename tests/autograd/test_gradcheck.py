"""gradcheck: True when backprop agrees with central differences, a named AssertionError if not."""

import pytest

from autograd import Value, gradcheck
from autograd import ops


def test_passes_on_correct_gradients():
    assert gradcheck(lambda x, y: (x * y.exp() + y ** 2).tanh(), [0.3, -0.7]) is True
    assert gradcheck(lambda a, b: a ** b + a / b, [1.5, 2.5]) is True


def test_names_each_input_that_disagrees(monkeypatch):
    # A deliberately wrong rule for sin: d sin(a)/da = 2 cos(a).
    from autograd import elementary
    wrong = ops.Op("sin", "sin({})", elementary.sin, (lambda a, out: 2.0 * elementary.cos(a),))
    monkeypatch.setattr(ops, "SIN", wrong)
    monkeypatch.setattr(Value, "sin", lambda self: _apply(wrong, self))
    with pytest.raises(AssertionError) as info:
        gradcheck(lambda x, y: x.sin() + y * 2, [0.5, 1.0])
    message = str(info.value)
    assert "x = 0.5" in message and "y =" not in message
    assert "1.755" in message and "0.877" in message       # 2 cos(0.5) and cos(0.5)


def _apply(op, a):
    from autograd.value import _node
    return _node(op.forward(a.data), op, a)


def test_tolerances_are_used():
    with pytest.raises(AssertionError):
        gradcheck(lambda x: abs(x), [1e-9], eps=1e-6)      # the kink inside the step
    assert gradcheck(lambda x: abs(x), [1e-9], eps=1e-6, atol=2.0)


def test_fn_must_return_a_value():
    with pytest.raises(TypeError, match="float"):
        gradcheck(lambda x: 1.0, [0.5])
