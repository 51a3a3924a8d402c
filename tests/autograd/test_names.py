"""node_names(): one name per node, in the picture, the explain table and the step captions."""

import re

from autograd import Value, explain
from autograd.graph import node_names, topological_order


def names_of(root):
    return node_names(topological_order(root))


def test_automatic_names_never_equal_a_label_in_the_graph():
    v1 = Value(0.5, label="#1")                      # a user's label that looks automatic
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    out = (a * b) * v1 + a * b
    names = names_of(out)
    assert len(set(names.values())) == len(names)
    assert names[v1] == "#1"
    assert [n for node, n in names.items() if node is not v1].count("#1") == 0


def test_automatic_names_cannot_be_mistaken_for_a_tutorials():
    """The worked example calls its output weights v1, v2, v3: no unlabelled node is called
    anything like that (notebook 01 once showed v0, v4 ... v28 beside them)."""
    v = [Value(w, label=f"v{j}") for j, w in enumerate((0.383, -0.327, -0.329), 1)]
    h = [Value(x) for x in (0.9, 0.59, 0.38)]
    out = sum((a * b for a, b in zip(v, h)), Value(0.0)).sigmoid()
    names = names_of(out)
    automatic = [n for node, n in names.items() if not node.label and node.parents]
    assert automatic and all(re.fullmatch(r"#\d+", n) for n in automatic)
    assert sorted(n for n in names.values() if n.startswith("v")) == ["v1", "v2", "v3"]


def test_labels_are_shown_printable_and_short():
    from autograd.graph import LABEL_LENGTH
    long, nul = Value(1.0, label="w" * 20_000), Value(2.0, label="a\x00b\nc")
    names = names_of(long * nul)
    assert names[long] == "w" * (LABEL_LENGTH - 1) + "…"
    assert names[nul] == "a\\x00b\\nc"
    assert long.label == "w" * 20_000                # the Value keeps its label


def test_a_label_used_twice_is_told_apart():
    first, second = Value(1.0, label="x"), Value(2.0, label="x")
    out = first * second
    names = names_of(out)
    assert names[first] == "x" and names[second] == "x#2"
    text = explain(out)
    assert "#1 = x * x#2" in text and "d#1/dx#2 = 1" in text


def test_a_suffixed_name_that_is_itself_a_label_is_skipped():
    a, b, c = Value(1.0, label="x"), Value(2.0, label="x"), Value(3.0, label="x#2")
    names = names_of(a * b + c)
    assert len(set(names.values())) == 5 and names[c] == "x#2" and names[b] == "x#3"


def test_the_explain_table_uses_the_same_unique_names():
    v2 = Value(4.0, label="#2")
    x = Value(1.0, label="x")
    out = (x * x + x) * v2
    text = explain(out)
    rows = [line[6:24].strip() for line in text.splitlines() if line[:4].strip().isdigit()]
    assert not any(row.startswith("#2 =") for row in rows)    # no automatic node is called #2
    assert "#1 = x * x" in text and "#3 = #1 + x" in text
