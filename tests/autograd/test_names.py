"""node_names(): one name per node, in the picture, the explain table and the step captions."""

from autograd import Value, explain
from autograd.graph import node_names, topological_order


def names_of(root):
    return node_names(topological_order(root))


def test_automatic_names_never_equal_a_label_in_the_graph():
    v1 = Value(0.5, label="v1")                      # a user's label that looks automatic
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    out = (a * b) * v1 + a * b
    names = names_of(out)
    assert len(set(names.values())) == len(names)
    assert names[v1] == "v1"
    assert [n for node, n in names.items() if node is not v1].count("v1") == 0


def test_a_label_used_twice_is_told_apart():
    first, second = Value(1.0, label="x"), Value(2.0, label="x")
    out = first * second
    names = names_of(out)
    assert names[first] == "x" and names[second] == "x#2"
    text = explain(out)
    assert "v0 = x * x#2" in text and "dv0/dx#2 = 1" in text


def test_a_suffixed_name_that_is_itself_a_label_is_skipped():
    a, b, c = Value(1.0, label="x"), Value(2.0, label="x"), Value(3.0, label="x#2")
    names = names_of(a * b + c)
    assert len(set(names.values())) == 5 and names[c] == "x#2" and names[b] == "x#3"


def test_the_explain_table_uses_the_same_unique_names():
    v2 = Value(4.0, label="v2")
    x = Value(1.0, label="x")
    out = (x * x + x) * v2
    text = explain(out)
    rows = [line[6:24].strip() for line in text.splitlines() if line[:4].strip().isdigit()]
    assert not any(row.startswith("v2 =") for row in rows)    # no automatic node is called v2
    assert "v0 = x * x" in text and "v1 = v0 + x" in text
