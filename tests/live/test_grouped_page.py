"""The grouped page (issue 30): any graph, a group at a time, its boxes' numbers Python's.

The batch is built as a learner builds it: `model(x)` per row, the losses summed and averaged.
"""

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import autograd
from autograd import Value, group
from autograd.drawing.grouped import grouped_page
from autograd.drawing.live import live_page
from nn import MLP, mse_loss
from nn.datasets import points

from .ready import open_ready


def batch_loss(model, rows):
    X, y = points("moons", rows, 0.1, 0)
    losses = [mse_loss(model(x), [float(t)]) for x, t in zip(X, y)]
    total = losses[0]
    for term in losses[1:]:
        total = total + term
    return total / len(losses)


def open_page(browser, tmp_path, root, name="page.html"):
    path = os.path.join(str(tmp_path), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(grouped_page(root))
    return open_ready(browser, path)


def call(browser, what, *args):
    return browser.execute_script(f"return window.seegrad.{what}(...arguments)", *args)


def python_aggregates(root, names):
    found = autograd.groups(root)
    return {name: found.aggregate(name) for name in names}


def assert_same(page, python):
    for key in ("value", "grad", "gradNorm", "maxAbsGrad"):
        a, b = page[key], python[key]
        if b is None:
            assert a is None, key
        else:
            assert a == pytest.approx(b, rel=0, abs=1e-12), key
    assert page["maxAbsGradName"] == python["maxAbsGradName"]
    assert page["saturated"] == python["saturated"]


@pytest.fixture(scope="module")
def model():
    return MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)


def test_the_batch_page_opens_small_and_in_runs_and_opens_and_closes_groups(browser, tmp_path,
                                                                           model):
    loss = batch_loss(model, 100)
    path = open_page(browser, tmp_path, loss)
    assert os.path.getsize(path) <= 1_500_000
    seen = call(browser, "visible")
    assert 1 <= len(seen) <= 60
    assert "Σ100" in seen and "sample[0:50]" in seen
    names = {g["name"]: g for g in call(browser, "groups")}
    assert names["sample[17]"]["kind"] == "sample"
    assert names["sample[17]"]["parent"] == "sample[0:50]"
    assert names["sample[17]/layer1/n1[3]"]["kind"] == "neuron"
    call(browser, "open", "sample[17]/layer2")
    seen = set(call(browser, "visible"))
    assert "sample[17]/layer2/n2[5]" in seen and "sample[17]/layer1" in seen
    assert len(seen) <= 400
    call(browser, "close", "sample[0:50]")
    assert "sample[17]/layer2/n2[5]" not in call(browser, "visible")
    with pytest.raises(Exception, match="not a group"):
        call(browser, "open", "sample[170]")
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_the_batch_page_never_shows_more_than_400_boxes(browser, tmp_path, model):
    """Opening layer after layer: where one more would show more than 400 boxes, the other
    groups close (the page says so) and the one opened shows."""
    open_page(browser, tmp_path, batch_loss(model, 100))
    most, closed = 0, False
    for k in range(0, 60, 2):
        call(browser, "open", f"sample[{k}]/layer2")
        seen = call(browser, "visible")
        most = max(most, len(seen))
        assert f"sample[{k}]/layer2/n2[0]" in seen
        closed = closed or "the other groups closed" in browser.find_element(
            "id", "message").text
    assert most <= 400 and closed


def test_the_batch_pages_aggregates_are_pythons_after_an_edit(browser, tmp_path, model):
    loss = batch_loss(model, 100)
    open_page(browser, tmp_path, loss)
    call(browser, "set", "w2[5,3]", 0.75)
    edited = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    next(p for p in edited.parameters() if p.label == "w2[5,3]").data = 0.75
    fresh = batch_loss(edited, 100)
    fresh.backward()
    names = ["sample[0:50]", "sample[17]", "sample[17]/layer2/n2[5]", "loss[3]", "Σ100"]
    python = python_aggregates(fresh, names)
    for name in names:
        assert_same(call(browser, "aggregate", name), python[name])
    root = call(browser, "names")[-1]
    assert call(browser, "value", root) == pytest.approx(fresh.data, rel=0, abs=1e-12)
    assert call(browser, "grad", "w1[0,0]") == pytest.approx(
        next(p for p in edited.parameters() if p.label == "w1[0,0]").grad, rel=0, abs=1e-12)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sizes=st.lists(st.integers(1, 4), min_size=1, max_size=2),
       activation=st.sampled_from(["tanh", "relu", "sigmoid"]), seed=st.integers(0, 1000),
       rows=st.integers(1, 3), new=st.floats(-3, 3))
def test_every_aggregate_is_pythons_after_an_edit_on_random_mlps(browser, tmp_path, sizes,
                                                                  activation, seed, rows, new):
    def build():
        m = MLP(2, sizes + [1], activation=activation, seed=seed)
        return m, batch_loss(m, rows)

    model, loss = build()
    open_page(browser, tmp_path, loss)
    leaf = model.parameters()[seed % len(model.parameters())].label
    call(browser, "set", leaf, new)
    model, loss = build()
    next(p for p in model.parameters() if p.label == leaf).data = new
    loss = batch_loss(model, rows)
    loss.backward()
    names = [g["name"] for g in autograd.groups(loss).list()]
    python = python_aggregates(loss, names)
    page = browser.execute_script(
        "return arguments[0].map((n) => window.seegrad.aggregate(n))", names)
    for name, shown in zip(names, page):
        assert_same(shown, python[name])


def test_a_learners_own_groups_show_with_their_aggregates(browser, tmp_path):
    x, w, b = Value(0.5, label="x"), Value(-1.5, label="w"), Value(0.2, label="b")
    with group("attention", kind="attention"):
        h = (w * x + b).tanh()
    with group("readout"):
        y = h * h + 1.0
    y.backward()
    open_page(browser, tmp_path, y)
    kinds = {g["name"]: g["kind"] for g in call(browser, "groups")}
    assert kinds == {"attention": "attention", "readout": "group"}
    assert_same(call(browser, "aggregate", "attention"),
                autograd.groups(y).aggregate("attention"))
    call(browser, "close", "attention")
    assert "attention" in call(browser, "visible")
    text = browser.find_element("css selector", "[data-name='attention']").text
    assert "attention (attention)" in text and "δ" in text


def test_find_opens_centres_and_marks_a_pattern(browser, tmp_path, model):
    open_page(browser, tmp_path, batch_loss(model, 100))
    assert call(browser, "find", "w2[5,*]") == "w2[5,0]"
    assert "w2[5,0]" in call(browser, "visible")
    marked = browser.find_elements("css selector", ".found")
    assert len(marked) == 1 and marked[0].get_attribute("data-name") == "w2[5,0]"
    assert call(browser, "find", "sample[42]") == "sample[42]"
    assert call(browser, "find", "nothing*here") is None


def test_the_routes_from_a_leaf_sum_to_its_gradient(browser, tmp_path):
    a, b = Value(1.5, label="a"), Value(-0.5, label="b")
    c = a * b
    d = c + a
    e = (d * c).tanh()
    e.backward()
    open_page(browser, tmp_path, e)
    shown = call(browser, "routes", "a")
    assert shown["routes"] == 3
    assert sum(product for _, product in shown["listed"]) == pytest.approx(a.grad, abs=1e-15)
    assert sum(carried for _, carried in shown["out"]) == pytest.approx(a.grad, abs=1e-15)
    assert len(browser.find_elements("css selector", ".edge.path")) >= 3


def test_a_large_graph_gets_the_grouped_live_page_not_an_error(model):
    loss = batch_loss(model, 3)
    text = live_page(loss)
    assert "grouped.js" not in text and "DecompressionStream" in text
    assert re.search(r"[\d,]+ nodes, a group at a time", text)
