"""Value: construction, attributes, identity semantics, repr."""

import pytest

from autograd import Value


@pytest.mark.parametrize("data, expected", [(2, 2.0), (2.5, 2.5), (True, 1.0), (False, 0.0)])
def test_data_is_stored_as_float(data, expected):
    v = Value(data)
    assert v.data == expected and type(v.data) is float


def test_numpy_real_scalars_are_accepted():
    np = pytest.importorskip("numpy")
    for x in (np.float64(1.5), np.float32(1.5), np.int32(3), np.bool_(True), np.array(2.5)):
        assert type(Value(x).data) is float
    assert Value(np.int64(3)).data == 3.0


@pytest.mark.parametrize("bad", ["2", None, [1.0], (1.0,), 1j, {1: 2}, object()])
def test_bad_data_raises_type_error_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


def test_numpy_bad_data():
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError, match="shape"):
        Value(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="complex"):
        Value(np.complex128(1 + 1j))


def test_a_value_is_not_valid_data():
    with pytest.raises(TypeError, match="Value"):
        Value(Value(1.0))


def test_attributes_of_a_leaf():
    v = Value(3.0, label="w")
    assert (v.data, v.grad, v.label, v.op, v.parents) == (3.0, 0.0, "w", "", ())
    assert Value(1.0).label == ""


def test_data_grad_label_are_writable():
    v = Value(1.0)
    v.data -= 0.5
    v.grad = 2.0
    v.label = "p"
    assert (v.data, v.grad, v.label) == (0.5, 2.0, "p")


def test_label_must_be_a_string():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


def test_identity_semantics():
    a, b = Value(1.0), Value(1.0)
    assert a != b and a == a
    assert len({a, b, a}) == 2
    d = {a: "a", b: "b"}
    assert d[a] == "a" and d[b] == "b"


def test_repr_shows_label_data_and_grad():
    v = Value(2.0, label="x")
    v.grad = 0.5
    assert "x" in repr(v) and "2.0" in repr(v) and "0.5" in repr(v)
    assert repr(Value(1.5)) == "Value(data=1.5, grad=0.0)"


def test_op_and_parents_in_argument_order():
    x, y = Value(1.0), Value(2.0)
    z = y * x
    assert z.op == "*" and z.parents == (y, x)
    assert (x * x).parents == (x, x)
    assert x.tanh().parents == (x,) and x.tanh().op == "tanh"


def test_a_graph_pickles_and_deep_copies_with_its_ops():
    import copy
    import pickle

    from autograd import Parameter, grad, ops
    x, w = Value(2.0, label="x"), Parameter(0.5, label="w", owner="n")
    y = (w * x + 1.0).tanh() * 3
    for clone in (pickle.loads(pickle.dumps(y)), copy.deepcopy(y)):
        assert clone is not y and clone.op == "*" and clone.operation is ops.MUL
        constant = clone.parents[1]
        assert constant.operation is ops.CONSTANT and constant.data == 3.0
        leaves = [n for n in __import__("autograd").topological_order(clone) if not n.parents]
        cw = next(n for n in leaves if n.label == "w")
        assert isinstance(cw, Parameter) and cw.owner == "n"
        assert grad(clone, [cw]) == grad(y, [w])


def test_help_documents_the_fields_and_the_operators():
    import pydoc
    text = pydoc.render_doc(Value, renderer=pydoc.plaintext)
    for field, words in (("data", "the float this node holds"), ("grad", "d(root)/d(this node)"),
                         ("label", "a name for pictures")):
        assert f" |  {field}\n |      {words}" in text, field
    for operator in ("+ - * / **", "abs()", "relu", "maximum", "backward"):
        assert operator in text
