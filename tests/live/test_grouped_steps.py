"""The step-through of a graph too large to step through one op at a time (issue 30): backward
a group at a time, every gradient on the page what has arrived so far, as Python's chain rule
has it after the same nodes."""

import pytest

from autograd.drawing.steps import render_steps
from autograd.explain import trace
from autograd.graph import creation_order, node_names
from nn import MLP, mse_loss

from .ready import open_ready


def open_steps(browser, tmp_path, root):
    return open_ready(browser, render_steps(root, str(tmp_path / "steps")))


def call(browser, what, *args):
    return browser.execute_script(f"return window.seegrad.{what}(...arguments)", *args)


def partial_gradients(root, until):
    """Each node's gradient once backward has run the nodes from index `until` (in the order
    made) on: the chain rule's contributions from those nodes, summed; the root's 1."""
    order = creation_order(root)
    index = {node: i for i, node in enumerate(order)}
    grads = {root: 1.0}
    for step in trace(root).steps:
        if index[step.node] >= until:
            grads[step.operand] = grads.get(step.operand, 0.0) + step.contribution
    names = node_names(order[::-1])
    return {names[node]: grads.get(node) for node in order}


def assert_page_has(browser, expected):
    page = browser.execute_script(
        "const s = window.seegrad; return Object.fromEntries(s.names().map(n => [n, s.grad(n)]))")
    for name, grad in expected.items():
        shown = page[name]
        if not grad:                 # none yet, or only zeros (which the engine does not pass)
            assert shown in (None, 0), name
        else:
            assert shown == pytest.approx(grad, rel=1e-12, abs=1e-15), name


def test_a_large_graphs_step_through_runs_backward_a_group_at_a_time(browser, tmp_path):
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    root = mse_loss(model([0.3, -0.8]), [1.0])
    assert len(creation_order(root)) > 200                  # steps.py's limit: grouped
    open_steps(browser, tmp_path, root)
    start = call(browser, "step", 0)
    assert start["step"] == 0 and start["steps"] >= 3 and "Forward is done" in start["caption"]
    assert_page_has(browser, partial_gradients(root, start["until"]))
    assert call(browser, "grad", "w1[0,0]") is None
    for k in range(1, start["steps"] + 1):
        now = call(browser, "step", k)
        assert now["caption"].startswith(f"Step {k} of {start['steps']}")
        assert_page_has(browser, partial_gradients(root, now["until"]))
    first_op = next(i for i, n in enumerate(creation_order(root)) if n.parents)
    assert now["until"] <= first_op                          # all of backward: .backward()'s
    root.backward()
    for node, name in node_names(creation_order(root)[::-1]).items():
        if node.parents or node.label.startswith(("w", "b")):
            shown = call(browser, "grad", name)
            assert (shown or 0.0) == pytest.approx(node.grad, rel=1e-12, abs=1e-15), name
    middle = call(browser, "step", 2)
    call(browser, "open", "sample/layer2")                   # a step is now a neuron in it
    after = call(browser, "step", middle["step"])
    assert call(browser, "visible")
    opened = browser.execute_script("return document.getElementById('counter').textContent")
    assert opened == f"step {after['step']} of {after['steps']}" and after["steps"] > start["steps"]
    assert_page_has(browser, partial_gradients(root, after["until"]))
    with pytest.raises(Exception, match="a step is a number"):
        call(browser, "step", "two")
