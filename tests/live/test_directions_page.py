"""The two-directions page in headless Chromium: after k forward steps the tangents shown are
Python's forward mode's, the Jacobians built by forward and by reverse sweeps equal
`jacobian(...)`, and the counters read n forward sweeps against m reverse ones, with Python's
multiply-adds."""

import html
import math

import pytest

from autograd import Value, jacobian, render_directions
from autograd.forward import push_tangents
from autograd.functional import cost
from autograd.graph import creation_order, node_names, topological_order


def two_by_three(x, y):
    """Two inputs, three outputs, one node shared by two of them."""
    p = x * y
    p.label = "f1"
    f2, f3 = x + y, p.sin()
    f2.label, f3.label = "f2", "f3"
    return [p, f2, f3]


def neuron(x1, x2, w1, w2, b):
    return [(w1 * x1 + w2 * x2 + b).tanh()]


def open_page(browser, tmp_path, f, point):
    names = f.__code__.co_varnames[:len(point)]
    inputs = [Value(v, label=n) for v, n in zip(point, names)]
    outputs = f(*inputs)
    path = render_directions(outputs, str(tmp_path / "directions.html"), inputs=inputs)
    browser.get("file://" + path)
    return inputs, outputs


def close(a, b):
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


@pytest.mark.parametrize("f, point", [(two_by_three, [1.0, 2.0]),
                                      (neuron, [0.5, -1.5, 0.8, 0.3, 0.1])],
                         ids=["2-inputs-3-outputs", "neuron"])
def test_forward_steps_show_pythons_tangents_and_both_jacobians_are_pythons(browser, tmp_path,
                                                                            f, point):
    inputs, outputs = open_page(browser, tmp_path, f, point)
    nodes = creation_order(*outputs)
    names = node_names(topological_order(*outputs))
    ops = [n for n in nodes if n.parents]
    for seed in inputs[:2]:
        tangents, _ = push_tangents(outputs, {seed: 1.0})
        browser.execute_script("window.directions.forward(arguments[0])", names[seed])
        for k in range(len(ops) + 1):
            shown = browser.execute_script("return window.directions.shown()")
            for node in ops[:k] + inputs:
                assert close(shown[names[node]], tangents.get(node, 0.0)), (k, names[node])
            for node in ops[k:]:
                assert shown[names[node]] is None             # not reached yet: "?"
            if k < len(ops):
                browser.execute_script("window.directions.step()")
    browser.execute_script("window.directions.reset(); window.directions.columns(); "
                           "window.directions.rows()")
    built = browser.execute_script("return window.directions.jacobian()")
    expected = jacobian(f, point, mode="rev")
    for rows in (built["forward"], built["reverse"]):
        assert all(close(a, b) for row, want in zip(rows, expected) for a, b in zip(row, want))
    counters = browser.execute_script("return window.directions.counters()")
    assert counters["forwardSweeps"] == len(inputs) == cost(f, point, "fwd").sweeps
    assert counters["reverseSweeps"] == len(outputs) == cost(f, point, "rev").sweeps
    assert counters["forwardWork"] == cost(f, point, "fwd").multiply_adds
    assert counters["reverseWork"] == cost(f, point, "rev").multiply_adds
    text = browser.find_element("id", "counter").text
    assert f"{len(inputs)} forward sweep" in text and f"or {len(outputs)} reverse" in text
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_each_edge_carries_the_local_derivative_both_directions_use(browser, tmp_path):
    inputs, outputs = open_page(browser, tmp_path, two_by_three, [1.0, 2.0])
    labels = browser.execute_script(
        "return [...document.querySelectorAll('g.edge text')].map(t => t.textContent)")
    assert f"{math.cos(2.0):.4g}" in labels        # d sin(p)/dp at p = 2
    browser.execute_script("window.directions.reverse('f3'); window.directions.step()")
    caption = browser.find_element("id", "caption").text
    assert f"f1 gets 1 × {math.cos(2.0):.4g}" in caption


def test_names_are_text_and_bad_input_is_refused(browser, tmp_path):
    x = Value(1.5, label="<b>x</b>")
    out = x * x
    path = render_directions(out, str(tmp_path / "d.html"))
    browser.get("file://" + path)
    header = browser.find_element("id", "jacobian-fwd").get_attribute("innerHTML")
    assert html.escape("<b>x</b>", quote=False) in header and "<b>x" not in header
    with pytest.raises(ValueError, match="inputs\\[0\\] is not a leaf"):
        render_directions(out, str(tmp_path / "e.html"), inputs=[out])
    with pytest.raises(TypeError, match="outputs\\[1\\] must be a Value"):
        render_directions([out, 2.0], str(tmp_path / "e.html"))
    with pytest.raises(TypeError, match="inputs must be a list of Values, got a single Value"):
        render_directions(out, str(tmp_path / "e.html"), inputs=x)


def test_a_sweep_counts_once_per_seed(browser, tmp_path):
    inputs, outputs = open_page(browser, tmp_path, two_by_three, [1.0, 2.0])
    one = cost(two_by_three, [1.0, 2.0], "fwd").multiply_adds
    browser.execute_script("const d = window.directions; d.forward('x');"
                           "d.sweep(); d.sweep(); d.sweep(); d.reverse('f1'); d.sweep(); d.sweep()")
    counters = browser.execute_script("return window.directions.counters()")
    assert counters["forwardSweeps"] == 1 and counters["reverseSweeps"] == 1
    browser.execute_script("window.directions.columns()")
    counters = browser.execute_script("return window.directions.counters()")
    assert counters["forwardSweeps"] == 2 and counters["forwardWork"] == one
    assert "forward: 2 sweeps" in browser.find_element("id", "counter").text


def outside(browser, selector_script):
    """The names of the elements a script lists ([name, element] pairs) that are not wholly
    inside their scrolling panel's visible area, and the page's."""
    return browser.execute_script(
        "const seen = (e) => { let r = e.getBoundingClientRect();"
        "  for (let p = e.parentElement; p; p = p.parentElement) {"
        "    const s = getComputedStyle(p);"
        "    if (/(auto|scroll|hidden)/.test(s.overflow + s.overflowX + s.overflowY)) {"
        "      const f = p.getBoundingClientRect();"
        "      if (r.left < f.left - 1 || r.right > f.right + 1 || r.top < f.top - 1 ||"
        "          r.bottom > f.bottom + 1) return false; } }"
        "  return r.left >= -1 && r.right <= innerWidth + 1 && r.top >= -1 &&"
        "    r.bottom <= innerHeight + 1; };"
        f"return ({selector_script}).filter(([, e]) => !seen(e)).map(([n]) => n)")


@pytest.mark.parametrize("size", [(1280, 800), (815, 722)], ids=["window", "notebook-frame"])
@pytest.mark.parametrize("f, point", [(two_by_three, [1.0, 2.0]),
                                      (neuron, [0.5, -1.5, 0.8, 0.3, 0.1])],
                         ids=["2-inputs-3-outputs", "neuron"])
def test_every_leaf_and_every_jacobian_column_is_in_view(browser, tmp_path, size, f, point):
    """At 1280x800, and in a frame as JupyterLab gives an output beside its open side bar
    (815 x 722, measured), nothing the learner needs is cut off."""
    browser.set_window_size(*size)
    try:
        inputs, outputs = open_page(browser, tmp_path, f, point)
        leaves = browser.execute_script(
            "return window.directions && [...document.querySelectorAll('g.node')]"
            ".filter(g => g.classList.contains('input')).length")
        assert leaves == len(inputs)
        hidden = outside(browser, "[...document.querySelectorAll('g.node.input')]"
                                  ".map(g => [g.querySelector('text').textContent, g])")
        assert hidden == [], hidden
        hidden = outside(browser, "[...document.querySelectorAll('aside th, aside td')]"
                                  ".map((e, i) => [e.textContent || String(i), e])")
        assert hidden == [], hidden
    finally:
        browser.set_window_size(1280, 800)
