"""A learner's own op (issue 31): declared once with define_op, it is a Value method, drawn,
explained, stepped through, pushed in forward mode and run by the pages' generated JavaScript;
with a wrong rule, gradcheck names the op, the operand and the node."""

import math

import pytest

import autograd
from autograd import Value, elementary as E, explain, gradcheck
from autograd.graph import creation_order
from autograd.live.program import program

from . import node


def softplus(rule=lambda a, out: E.sigmoid(a)):
    return autograd.define_op("softplus", lambda a: E.log(1.0 + E.exp(a)), (rule,))


@pytest.fixture
def declared():
    softplus()
    yield
    autograd.forget_op("softplus")


def test_softplus_is_an_op_like_the_others(declared, tmp_path):
    x = Value(0.5, label="x")
    y = (x * 2.0 - 0.3).softplus() * x
    y.backward()
    z = 2 * 0.5 - 0.3
    assert y.data == pytest.approx(math.log1p(math.exp(z)) * 0.5, rel=1e-15)
    assert x.grad == pytest.approx(math.log1p(math.exp(z)) + 0.5 * 2 / (1 + math.exp(-z)),
                                   rel=1e-14)
    assert gradcheck(lambda x: (x * 2.0 - 0.3).softplus() * x, [0.5], modes=("rev", "fwd"))
    assert "softplus" in explain(y)
    assert "softplus" in autograd.draw_dot(y).source
    assert "softplus(" in autograd.steps_page(y)
    folder = node.folder(str(tmp_path))             # the generated JavaScript, with softplus
    page = node.ask(folder, "graphs", [{"program": program(y)}])[0]
    expected = creation_order(y)
    assert [float(v) for v in page["grad"]] == pytest.approx([n.grad for n in expected],
                                                             rel=1e-14)


def test_a_wrong_rule_is_named_by_gradcheck():
    softplus(lambda a, out: E.sigmoid(-a))          # the sign of a forgotten
    try:
        with pytest.raises(AssertionError) as found:
            gradcheck(lambda x: (x * 2.0).softplus(), [0.5])
        said = str(found.value)
        assert "op 'softplus', operand 1 (#1) at node #2 = softplus(#1)" in said
        assert f"its rule gives {1 / (1 + math.exp(1.0))!r}" in said
        assert "central differences 0.7310" in said
        softplus()                                   # declared again, right: replaces it
        assert gradcheck(lambda x: (x * 2.0).softplus(), [0.5])
    finally:
        autograd.forget_op("softplus")
    assert not hasattr(Value, "softplus")


def test_bad_declarations_are_refused():
    with pytest.raises(ValueError, match="'tanh' is taken"):
        autograd.define_op("tanh", lambda a: a, (lambda a, out: 1.0,))
    with pytest.raises(ValueError, match="identifier"):
        autograd.define_op("soft plus", lambda a: a, (lambda a, out: 1.0,))
    with pytest.raises(TypeError, match="one function per operand"):
        autograd.define_op("twice", lambda a: 2 * a, ())
    with pytest.raises(ValueError, match="masked"):
        autograd.define_op("bent", lambda a: a, (lambda a, out: 1.0 if a > 0 else 0.5,))
    with pytest.raises(ValueError, match="running it at"):
        autograd.define_op("broken", lambda a: a.nothing, (lambda a, out: 1.0,))
    with pytest.raises(KeyError, match="no op of yours"):
        autograd.forget_op("tanh")
    assert not hasattr(Value, "bent") and not hasattr(Value, "broken")


def test_the_live_page_recomputes_softplus_as_python(declared, browser, tmp_path):
    x = Value(0.5, label="x")
    w = Value(-1.2, label="w")
    y = (x * w + 0.3).softplus()
    y.label = "y"
    path = tmp_path / "live.html"
    path.write_text(autograd.live_page(y), encoding="utf-8")
    browser.get(f"file://{path}")
    page = browser.execute_script("window.seegrad.set('w', 0.7); "
                                  "return [window.seegrad.value('y'), window.seegrad.grad('w')]")
    w.data = 0.7
    again = (x * w + 0.3).softplus()
    again.backward()
    assert page == [pytest.approx(again.data, rel=1e-15), pytest.approx(w.grad, rel=1e-15)]
