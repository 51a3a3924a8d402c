"""explain(): the chain-rule table, in the order backward runs it."""

from autograd import Value, explain


def example():
    x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    z = x * y + x
    z.label = "z"
    return x, y, z


def rows(text):
    return [line.split() for line in text.splitlines() if line[:4].strip().isdigit()]


def test_every_contribution_and_the_totals():
    x, y, z = example()
    text = explain(z)
    steps = rows(text)
    # step, [node =, op], operand, local, upstream, contribution
    assert [s[-4:] for s in steps] == [
        ["#1", "1", "1", "1"],      # z = #1 + x  ->  #1
        ["x", "1", "1", "1"],       #             ->  x
        ["x", "-3", "1", "-3"],     # #1 = x * y  ->  x
        ["y", "2", "1", "2"],       #             ->  y
    ]
    assert "z = #1 + x" in text and "#1 = x * y" in text
    assert "total dz/dx = -2" in text and "total dz/dy = 2" in text
    assert text.index("total dz/dx = -2") > text.index("-3")


def test_leaves_the_grads_alone_and_works_before_or_after_backward():
    x, y, z = example()
    before = explain(z)
    assert x.grad == 0.0 and y.grad == 0.0
    z.backward()
    assert explain(z) == before and x.grad == -2.0


def test_fits_in_80_columns_even_with_long_labels():
    a = Value(1.0, label="a_very_long_label_for_a_weight_that_goes_on_and_on")
    b = Value(-123456.789, label="b")
    out = (a * b).tanh() + b ** 2
    assert max(len(line) for line in explain(out).splitlines()) <= 80


def test_unlabelled_nodes_get_stable_names_in_topological_order():
    a, b = Value(1.0), Value(2.0)
    text = explain(a * b + a)
    assert "#4 = #3 + #1" in text and "#3 = #1 * #2" in text
    a, b = Value(1.0), Value(2.0)
    assert explain(a * b + a) == text


def test_a_leaf():
    assert "leaf" in explain(Value(1.0, label="w"))
