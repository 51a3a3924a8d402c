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
    from autograd.value import new_node
    return new_node(op.forward(a.data), op, a)


def test_tolerances_are_used():
    with pytest.raises(AssertionError):
        gradcheck(lambda x: abs(x), [1e-9], eps=1e-6)      # the kink inside the step
    assert gradcheck(lambda x: abs(x), [1e-9], eps=1e-6, atol=2.0)


def test_fn_must_return_a_value():
    with pytest.raises(TypeError, match="float"):
        gradcheck(lambda x: 1.0, [0.5])


def test_eps_must_be_a_positive_number():
    for eps in (0, -1e-6, float("nan"), "1e-6"):
        with pytest.raises(ValueError, match="eps must be a positive finite number"):
            gradcheck(lambda x: x * x, [1.0], eps=eps)


def test_order_2_checks_the_derivative_of_the_derivative(monkeypatch):
    assert gradcheck(lambda x, y: (x * y).sin() + x ** 3, [0.4, -1.2], order=2)
    # A first derivative that is right at the point but whose own derivative is wrong: the
    # rule for tanh written as 1 - out * tanh(a) differentiates out as a constant.
    from autograd import elementary
    from autograd.value import new_node
    wrong = ops.Op("tanh", "tanh({})", elementary.tanh,
                   (lambda a, out: 1.0 - elementary.data_of(out) * elementary.tanh(a),))
    monkeypatch.setattr(Value, "tanh", lambda self: new_node(wrong.forward(self.data), wrong, self))
    assert gradcheck(lambda x: x.tanh(), [0.7])
    with pytest.raises(AssertionError, match=r"x = 0.7\) of d fn/d x"):
        gradcheck(lambda x: x.tanh(), [0.7], order=2)


def test_a_relative_step_measures_near_a_domain_edge():
    with pytest.raises(AssertionError, match="one-sided .* relative=True"):
        gradcheck(lambda x: x.log(), [1e-7], eps=1e-6)          # the step crosses 0
    assert gradcheck(lambda x: x.log(), [1e-7], eps=1e-6, relative=True)


def test_at_a_domain_edge_the_difference_is_taken_one_sided():
    assert gradcheck(lambda x: x ** 2.5, [0.0])                   # derivative 0, from the right
    with pytest.raises(AssertionError, match=r"backprop inf, one-sided \(forward\) difference "
                                             r"1000\.0"):
        gradcheck(lambda x: x.sqrt(), [0.0])
    assert gradcheck(lambda x: (-x) ** 2.5, [0.0])                # defined to the left only
